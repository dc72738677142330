"""Plan 49 (Monts-de-Vézère): no action sheet; the plan d'actions is a landscape table of a
Word document, exported to PDF by LibreOffice and read by Poppler's ``pdftotext -layout``:
its columns aligned with spaces (N°, Action, Objectifs, Pilote(s), Partenaires, Calendrier,
Indicateurs, Budget / coût), each cell's lines wrapped at its column's width, an orientation
line between the rows, the header printed again on each page. Written and read by hand by one
helper, configured blind by another from the README alone (tests/fixtures/49_run.md). Each
test reads what a reader finds at the lines it quotes, with the configuration
`new-department` drafts, untouched."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, sheet_actors, sheet_values

PLAN = "49_monts-de-vezere_2026-2030.txt"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from schemalab.parsers.configurable import load_config_parser

    cfg = tmp_path_factory.mktemp("draft49") / "49_draft.yml"
    cfg.write_text(draft_for("49", PLAN), encoding="utf-8")
    path = FIXTURES / PLAN
    return cfg.read_text(encoding="utf-8"), load_config_parser(cfg)().parse(path.read_bytes(), path.name)


def test_a_table_aligned_with_spaces_is_drafted_as_action_rows(drafted):
    """L.135 « N°    Action    Objectifs    Pilote(s) … Budget / coût » over the rows: the draft
    reads the actions as table rows (`layout: rows`, its labels mapped), fourteen actions
    1.1-4.3 under their four orientations (l.136 « ORIENTATION 1 – … » between rows)."""
    header = fixture_lines(PLAN, 135, 135)[0][1]
    assert header.split()[:3] == ["N°", "Action", "Objectifs"] and "\t" not in header
    draft, res = drafted
    assert "layout: rows" in draft and "'Budget / coût': resources" in draft
    assert [(a["action_id"], a["axis_id"]) for a in res.tables["actions"]][:5] == [
        ("1.1", "1"),
        ("1.2", "1"),
        ("1.3", "1"),
        ("1.4", "1"),
        ("2.1", "2"),
    ]
    assert len(res.tables["actions"]) == 14


def test_a_cells_wrapped_lines_are_its_items(drafted):
    """Action 1.1 l.137-141: the title « Généraliser » / « l'entretien prénatal » / « précoce et
    les » / « visites à domicile de » / « PMI » is one phrase, and each column's lines go to its
    field: two pilots, the calendar's two dated entries, the budget."""
    _, res = drafted
    title = next(a["title"] for a in res.tables["actions"] if a["action_id"] == "1.1")
    assert title == "Généraliser l'entretien prénatal précoce et les visites à domicile de PMI"
    assert sheet_actors(res, "1.1", "pilot") == [
        "Direction de la PMI",
        "Direction de l'action sociale territoriale (DAST)",
    ]
    assert sorted((r["year"], r["semester"]) for r in res.tables["calendar"] if r["action_id"] == "1.1") == [
        (2026, 1),
        (2027, None),
    ]
    assert sheet_values(res, "budget_lines", "1.1", "amount_eur") == [180000.0]


def test_an_amount_cut_between_its_thousands(drafted):
    """Action 2.2 l.178-180: « 4 postes » / « d'évaluateurs : 220 » / « 000 € par an », the
    Budget column's width cutting the amount: 220 000 €, not 220 and 0."""
    assert [t.split()[-1] for _, t in fixture_lines(PLAN, 179, 180)] == ["220", "an"]
    _, res = drafted
    assert sheet_values(res, "budget_lines", "2.2", "amount_eur") == [220000.0]
