"""`schemalab inspect` on the real plans, and `schemalab new-department` on the fixture plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schemalab import io
from schemalab.inspect import inspect_text
from schemalab.parsers.configurable import load_config_parser
from schemalab.scaffold import scaffold

FIXTURE = Path(__file__).parent / "fixtures" / "99_exemple_2025-2029.txt"

#: First sheet line and sheet count a reader finds in each real plan.
SHEETS = {
    "40_landes_2024-2028.txt": (188, 26),
    "62_pas-de-calais_2023-2027.txt": (2201, 16),
    "47_lot-et-garonne_2026-2030.txt": (601, 29),
    "61_orne_2017-2021.txt": (92, 12),
    "31_haute-garonne_2021-2025.txt": (964, 32),
}


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_inspect_ranks_the_real_sheet_starts_first(name, raw_dir):
    rep = inspect_text((raw_dir / name).read_bytes(), name)
    first, count = SHEETS[name]
    assert rep.best.lines[0] == first
    assert len(rep.best.lines) == count


def test_inspect_flags_toc_and_summary_duplicates(raw_dir):
    rep = inspect_text((raw_dir / "40_landes_2024-2028.txt").read_bytes())
    verdicts = {(c.shape, c.style) for c in rep.candidates}
    assert ("Action N", "list") in verdicts  # the per-axis summaries
    assert ("Action N", "table") in verdicts  # the final Gantt table
    assert ("OBJECTIFS POURSUIVIS", 26) in rep.headings


@pytest.fixture()
def scaffolded(tmp_path):
    (tmp_path / "config").mkdir()
    lines = []
    out = scaffold("99", "Exemple", FIXTURE, root=tmp_path, config_dir=tmp_path / "config", log=lines.append)
    return tmp_path, out, lines


def test_scaffold_writes_raw_manifest_config_test(scaffolded):
    root, out, lines = scaffolded
    assert (root / "data/raw/99_exemple_2025-2029.txt").read_bytes() == FIXTURE.read_bytes()
    assert "99_exemple_2025-2029.txt,99,Exemple" in (root / "data/raw/manifest.csv").read_text(encoding="utf-8")
    assert (root / "config/index.yml").read_text() == "- 99_exemple.yml\n"
    assert "def test_tables_pass_the_schema" in (root / "tests/test_dept_99.py").read_text()
    assert any(line.startswith("first parse: 3 sheets, 5 indicators, 8 actors") for line in lines)
    assert any("headings seen and not mapped: line 60: Budget :" in line for line in lines)


def test_scaffolded_tables_pass_the_schema(scaffolded):
    root, out, _ = scaffolded
    res = out["result"]
    for name, rows in res.tables.items():
        io.write_table(name, rows, root / "out")
        io.read_table(name, root / "out")
    actions = res.tables["actions"]
    assert [a["title"] for a in actions] == [
        "Créer un lieu d'accueil parents-enfants",
        "Former les assistants familiaux",
        "Installer l'observatoire départemental",
    ]
    assert [a["axis_id"] for a in actions] == ["1", "2", "2"]
    assert [b["amount_eur"] for b in res.tables["budget_lines"]] == [45_000_000, 120_000]


def test_editing_the_yaml_maps_the_missing_heading(scaffolded):
    root, out, _ = scaffolded
    cfg = out["config"]
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("headings:\n", "headings:\n  'Budget': resources\n"), encoding="utf-8"
    )
    lines = []
    res = scaffold("99", "Exemple", FIXTURE, root=root, config_dir=root / "config", check_only=True, log=lines.append)[
        "result"
    ]
    assert not res.unknown_headings
    (a2,) = [a for a in res.tables["actions"] if a["action_id"] == "2"]
    assert a2["resources_text"] == "120 000 € par an"
    parser = load_config_parser(cfg)
    assert parser.detect(FIXTURE.read_text(encoding="utf-8"))


def test_scaffold_refuses_bad_code_and_duplicates(scaffolded):
    root, _, _ = scaffolded
    with pytest.raises(ValueError, match="INSEE"):
        scaffold("9Z", "X", FIXTURE, root=root, config_dir=root / "config")
    with pytest.raises(ValueError, match="already"):
        scaffold("99", "Exemple", FIXTURE, root=root, config_dir=root / "config")


def test_inspect_cli(raw_dir):
    r = subprocess.run(
        [sys.executable, "-m", "schemalab.cli", "inspect", str(raw_dir / "61_orne_2017-2021.txt")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "sheet_start: '^(?P<id>\\d{1,2})\\.\\s'" in r.stdout


def test_scaffold_drafts_a_table_layout_for_a_tsv_plan(tmp_path, raw_dir):
    """The Orne plan brought in as if it were new: its headings are TSV cells, so the
    draft is `layout: table`, and the first parse already finds what a reader counts:
    12 sheets, the 85 réalisation/impact indicators and the 242 marked semesters."""
    (tmp_path / "config").mkdir()
    lines = []
    out = scaffold(
        "98",
        "Essai",
        raw_dir / "61_orne_2017-2021.txt",
        root=tmp_path,
        config_dir=tmp_path / "config",
        log=lines.append,
    )
    text = out["config"].read_text(encoding="utf-8")
    assert "layout: table" in text and "gantt: {row: calendar, unit: semester, mark: X}" in text
    # ranks read in cells mixing glyphs: • is third level, although partner cells list it alone
    assert '"➤": 1' in text and '"→": 2' in text and '"•": 3' in text
    # the pilots row prints the role headers: columns drafted; running headers skipped
    assert "columns: {pilots: [1, 'Pilotes'], partners: [2, 'Partenaires associés']}" in text
    assert "'^SCHÉMA\\ ENFANCE\\ FAMILLE\\s*$'" in text
    assert any(line.startswith("first parse: 12 sheets, 85 indicators") for line in lines)
    assert any("242 calendar rows" in line for line in lines)
    res = out["result"]
    assert [a["title"] for a in res.tables["actions"]][:1] == [
        "Coordonner les actions des partenaires pour partager des objectifs et modalités de fonctionnement communs"
    ]
    assert {r["kind"] for r in res.tables["indicators"]} == {"realisation", "impact"}
    # what is left to configure is reported: FA 8's lost Objectifs label, FA 9's shifted one
    warnings = "\n".join(res.warnings)
    assert "sheet 8 has no objectives heading" in warnings
    assert "sheet 9: label 'Points de vigilance' shifted to cell 1" in warnings
