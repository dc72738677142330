"""The report: every notebook executes on the real tables, failures are named, runs are kept."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from schemalab import cli
from schemalab.io import read_table, table_metadata, write_table
from schemalab.report import load_config, notebook_kernel, run_report
from tests.report_helpers import RAW, ROOT, real_report

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


# Notebook sweeps (fast) -----------------------------------------------------------------


def test_the_eight_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_overview",
        "02_themes",
        "03_budgets",
        "04_calendars",
        "05_indicators",
        "06_actors",
        "07_previous_plans",
        "08_profile",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_with_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and nb.cells[0] is tagged[0], "one `parameters` cell, first"
    # literals only in the parameters cell
    for line in tagged[0].source.splitlines():
        assert re.match(r"^[a-z_]+ = (None|\[\]|\"[0-9A-B]+\"|\d+)\s*(#.*)?$", line), line
    for c in nb.cells:
        if c.cell_type == "code":
            assert not c.get("outputs") and c.get("execution_count") is None, "committed without outputs"
            assert not re.search(r"^\s*(def|class) ", c.source, re.M), "no def/class in a notebook"
    assert any(c.cell_type == "markdown" for c in nb.cells)
    assert "load_tables" in "".join(c.source for c in nb.cells), "refuses stale tables"


def test_report_config_lists_every_notebook_and_one_profile_per_department():
    items = load_config(ROOT / "notebooks" / "report.yml", ["40", "62"])
    names = [n for n, _, _ in items]
    assert names[:7] == [p.stem for p in NOTEBOOKS[:7]]
    assert names[7:] == ["08_profile_40", "08_profile_62"]
    assert items[7][2] == {"department": "40"}


# Parameter validation (before anything runs) ------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--departments", "99"], r"inconnu : '99'\. Codes valides : .*40"),
        (["--departments", "40", "../etc"], r"inconnu"),
        (["--clusters", "0"], r"nombre de groupes invalide"),
        (["--model", "not-a-known-model"], r"modèle inconnu"),
    ],
)
def test_report_refuses_bad_parameters_before_running(tmp_path, capsys, argv, message):
    out = tmp_path / "reports"
    code = cli.main(["report", "--out", str(out), "--data", str(tmp_path / "d"), "--raw", str(RAW), *argv])
    assert code == 2
    assert re.search(message, capsys.readouterr().err)
    assert not out.exists(), "nothing runs, nothing is written"


# The real report (slow) ------------------------------------------------------------------


@pytest.mark.slow
def test_every_notebook_executes_on_the_real_tables():
    code, run, _ = real_report()
    rec = json.loads((run / "run.json").read_text(encoding="utf-8"))
    failed = {n["name"]: n["error"] for n in rec["notebooks"] if n["status"] != "ok"}
    assert not failed, failed
    assert code == 0, rec["failures"]
    from schemalab.parsers import codes

    expected = [p.stem for p in NOTEBOOKS[:7]] + [f"08_profile_{c}" for c in sorted(codes())]
    assert [n["name"] for n in rec["notebooks"]] == expected
    for name in expected:
        html = (run / f"{name}.html").read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), f"{name}: external resource"
        assert "load_tables(" not in html and "A.show(" not in html, f"{name}: code is hidden"
        assert (run / f"{name}.ipynb").exists()
    assert (run / "report.log").read_text(encoding="utf-8").count("] 01_overview") == 2  # start + end
    latest = run.parent / "latest"
    assert latest.resolve() == run.resolve()
    index = (run.parent / "index.html").read_text(encoding="utf-8")
    assert run.name in index and "08_profile_40.html" in index and "Première exécution" in index


@pytest.mark.slow
def test_stated_absences_in_the_real_report():
    _, run, _ = real_report()
    budgets = (run / "03_budgets.html").read_text(encoding="utf-8")
    assert "ne chiffre ses moyens" in budgets or "ne cite aucun montant" in budgets
    overview = (run / "01_overview.html").read_text(encoding="utf-8")
    assert "Landes (40)" in overview


def _one_notebook_config(tmp_path: Path, broken: bool) -> Path:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    shutil.copy(ROOT / "notebooks" / "01_overview.ipynb", cfg)
    entries = ["  - notebook: 01_overview.ipynb"]
    if broken:
        nb = nbformat.read(ROOT / "notebooks" / "07_previous_plans.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("carnet cassé exprès")'))
        nbformat.write(nb, cfg / "00_broken.ipynb")
        entries.insert(0, "  - notebook: 00_broken.ipynb")
    (cfg / "report.yml").write_text("notebooks:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return cfg / "report.yml"


@pytest.mark.slow
def test_a_failing_notebook_is_named_and_the_others_still_render(tmp_path):
    _, _, data = real_report()
    out = tmp_path / "reports"
    code, run = run_report(
        out_dir=out, data_dir=data, raw_dir=RAW, config=_one_notebook_config(tmp_path, True), quiet=True
    )
    assert code == 1
    rec = json.loads((run / "run.json").read_text(encoding="utf-8"))
    status = {n["name"]: n for n in rec["notebooks"]}
    assert status["00_broken"]["status"] == "failed" and "carnet cassé exprès" in status["00_broken"]["error"]
    assert status["01_overview"]["status"] == "ok"
    assert (run / "01_overview.html").exists() and (run / "00_broken.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ÉCHEC" in index and "00_broken" in index
    assert "FAILED 00_broken" in (run / "report.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_runs_are_kept_and_the_index_shows_changes_since_the_previous_run(tmp_path):
    _, _, data = real_report()
    mine = tmp_path / "processed"
    shutil.copytree(data, mine)
    out = tmp_path / "reports"
    cfg = _one_notebook_config(tmp_path, False)
    code1, run1 = run_report(out_dir=out, data_dir=mine, raw_dir=RAW, config=cfg, quiet=True)
    # an observatory's plan update: one title edited (same raw sources, so not stale)
    actions = read_table("actions", mine)
    sources = table_metadata(mine / "actions.parquet")["sources"]
    actions.loc[(actions["plan_id"] == "40-2024-2028") & (actions["action_id"] == "3"), "title"] = "Titre révisé"
    write_table("actions", actions, mine, sources)
    code2, run2 = run_report(out_dir=out, data_dir=mine, raw_dir=RAW, config=cfg, quiet=True)
    assert code1 == code2 == 0 and run1 != run2
    assert (run1 / "01_overview.html").exists() and (run1 / "run.json").exists(), "previous run intact"
    rec = json.loads((run2 / "run.json").read_text(encoding="utf-8"))
    assert rec["previous_run"] == run1.name
    assert rec["changes"]["actions"]["modified"] == 1
    assert "Titre révisé" in " ".join(rec["changes"]["actions"]["details"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index(run2.name) < index.index(run1.name), "newest first"
    assert "Titre révisé" in index and "1 modification(s)" in index
    assert (out / "latest").resolve() == run2.resolve()


# Notebook-level validation and stale refusal (slow: a kernel each) ---------------------------------


@pytest.mark.slow
def test_profile_notebook_refuses_an_unknown_departement(tmp_path):
    import papermill as pm

    _, _, data = real_report()
    with notebook_kernel() as kernel, pytest.raises(pm.PapermillExecutionError, match=r"Codes valides : .*40"):
        pm.execute_notebook(
            str(ROOT / "notebooks" / "08_profile.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"department": "99", "data_dir": str(data), "raw_dir": str(RAW)},
            progress_bar=False,
            cwd=str(ROOT / "notebooks"),
            kernel_name=kernel,
        )


@pytest.mark.slow
def test_notebooks_refuse_stale_tables(tmp_path):
    import papermill as pm

    _, _, data = real_report()
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    with open(raw / "40_landes_2024-2028.txt", "a", encoding="utf-8") as fh:
        fh.write("\nligne ajoutée après la construction\n")
    with (
        notebook_kernel() as kernel,
        pytest.raises(pm.PapermillExecutionError, match=r"StaleDataError.*schemalab build"),
    ):
        pm.execute_notebook(
            str(ROOT / "notebooks" / "01_overview.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"data_dir": str(data), "raw_dir": str(raw)},
            progress_bar=False,
            cwd=str(ROOT / "notebooks"),
            kernel_name=kernel,
        )


def test_make_lab_registers_the_kernel_the_notebooks_name(tmp_path):
    import subprocess
    import sys

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    cmd = re.search(r"^kernel:.*\n\t(\$\(BIN\)/python -m ipykernel install .*)$", make, re.M).group(1)
    assert "--sys-prefix" in cmd, "the kernel is written into the project's environment"
    args = cmd.replace("$(BIN)/python", sys.executable).replace("--sys-prefix", f"--prefix {tmp_path}")
    import shlex

    subprocess.run(shlex.split(args), check=True, capture_output=True)
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / "schemalab" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == "Python (schemalab)"
    for path in NOTEBOOKS:
        assert nbformat.read(path, as_version=4).metadata.kernelspec.name == "schemalab"
