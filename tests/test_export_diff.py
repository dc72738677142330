"""Exports for non-Python users and the diff between two builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from schemalab import io
from schemalab.build import build
from schemalab.diff import diff_builds, format_diff
from schemalab.export import export_csv, export_xlsx
from schemalab.schema import FRENCH_LABELS, FRENCH_TABLE_NAMES, TABLES


@pytest.fixture(scope="module")
def built(tmp_path_factory, raw_dir):
    out = tmp_path_factory.mktemp("build")
    build(raw_dir, out, log=lambda *_: None)
    return out


def test_workbook_holds_every_table_with_row_counts(built, tmp_path):
    path = tmp_path / "schemalab.xlsx"
    counts = export_xlsx(built, path)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert set(wb.sheetnames) == set(FRENCH_TABLE_NAMES.values()) | {"Dictionnaire"}
    for name in TABLES:
        ws = wb[FRENCH_TABLE_NAMES[name]]
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == TABLES[name].columns  # column names, the public interface
        assert list(rows[1]) == [FRENCH_LABELS[c] for c in TABLES[name].columns]  # French headers
        assert len(rows) - 2 == counts[name] == len(io.read_table(name, built))
    actions = list(wb["Fiches actions"].iter_rows(values_only=True))
    title_col, plan_col, id_col = (actions[0].index(c) for c in ("title", "plan_id", "action_id"))
    first_landes = next(r for r in actions[2:] if r[plan_col] == "40-2024-2028" and r[id_col] == "1")
    assert first_landes[title_col].startswith("Développer et territorialiser")
    n_dict = len(list(wb["Dictionnaire"].iter_rows(values_only=True))) - 1
    assert n_dict == sum(len(t.fields) for t in TABLES.values())


def test_csv_export_is_utf8_and_complete(built, tmp_path):
    counts = export_csv(built, tmp_path)
    for name in TABLES:
        df = pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8", dtype=str)
        assert len(df) == counts[name]
    assert "Réseau Périnat Nouvelle Aquitaine" in (tmp_path / "action_actors.csv").read_text(encoding="utf-8")


def test_diff_of_a_build_against_itself_is_empty(built):
    diffs = diff_builds(built, built)
    assert all(d.empty for d in diffs.values())
    assert format_diff(diffs) == "no differences"


def test_diff_names_the_edited_action_and_field(built, tmp_path):
    new = tmp_path / "new"
    shutil.copytree(built, new)
    actions = io.read_table("actions", new)
    # a build holds several plans: edit the Landes sheets only (action ids repeat across plans)
    landes = actions.plan_id == "40-2024-2028"
    actions.loc[landes & (actions.action_id == "5"), "title"] = "Titre modifié"
    actions = actions[~(landes & (actions.action_id == "26"))]
    io.write_table("actions", actions, new, io.table_metadata(built / "actions.parquet")["sources"])
    diffs = diff_builds(built, new)
    d = diffs["actions"]
    assert [m["key"]["action_id"] for m in d.modified] == ["5"]
    assert list(d.modified[0]["changes"]) == ["title"]
    assert d.modified[0]["changes"]["title"][1] == "Titre modifié"
    assert [r["action_id"] for r in d.removed] == ["26"]
    assert not d.added
    assert all(diffs[n].empty for n in TABLES if n != "actions")
    assert "actions: 0 added, 1 removed, 1 modified" in format_diff(diffs)


def test_readme_duckdb_example_runs(built):
    """The README's DuckDB query runs on a build and agrees with pandas."""
    import re

    duckdb = pytest.importorskip("duckdb")
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    sql = re.search(r"<!-- duckdb-example:begin -->\s*```sql\n(.*?)```", readme, re.S).group(1)
    sql = sql.replace("'data/processed/", f"'{built}/")
    got = duckdb.sql(sql).df().set_index("department_name")
    actions = io.read_table("actions", built)
    assert got.loc["Landes", "actions"] == (actions.plan_id == "40-2024-2028").sum()
    indicators = io.read_table("indicators", built)
    assert got.loc["Landes", "indicators"] == (indicators.plan_id == "40-2024-2028").sum()
    budget = io.read_table("budget_lines", built)
    assert got.loc["Landes", "amounts_named"] == (budget.plan_id == "40-2024-2028").sum()
    hg = budget[(budget.plan_id == "31-2021-2025") & (budget.scope == "action") & (budget.periodicity == "one_off")]
    hg = hg[hg.duplicate_of.isna() & ~hg.role.isin(["total", "variation"])]
    # 31 sheet 5.7's 500 € installation bonus is paid to each foster carer (31:1751): a per-person
    # amount, not a one-off envelope of the sheet, so Haute-Garonne's sheets name no one-off sum
    assert got.loc["Haute-Garonne", "euros_actions_one_off"] == hg.amount_eur.sum() == 0.0
