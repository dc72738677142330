"""Plan 75 (an Excel workbook converted by markitdown, tests/fixtures/75_run.md): an action
plan as the rows of a table, empty cells printed `NaN`, the axis in a merged cell, budget
figures whose € is in the column's header. Each test reads what a reader finds at the
plan's lines; the configuration is the blind configurer's (one `checks:` figure amended)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import parse_fixture

from schemalab.actors import load_registry
from schemalab.extract import pipe_cell
from schemalab.parsers.action_rows import with_column_unit


@pytest.fixture(scope="module")
def plan75():
    return parse_fixture("75_val-de-lisiere_2026-2030.txt", "75_val-de-lisiere.yml", strict=True)


def test_an_empty_cell_printed_nan_is_empty(plan75):
    """The Axe column prints its axis once, `NaN` below (l.23-35): every action keeps the axis
    above it; 2.3's empty Partenaires cell (l.28) names no partner."""
    axes = {r["action_id"]: r["axis_id"] for r in plan75.tables["actions"]}
    assert axes == {f"{a}.{b}": str(a) for a, n in ((1, 3), (2, 3), (3, 4), (4, 3)) for b in range(1, n + 1)}
    assert not [r for r in plan75.tables["action_actors"] if r["action_id"] == "2.3" and r["role"] == "partner"]
    assert pipe_cell(" NaN ") == "" and pipe_cell("Nantes") == "Nantes"


def test_a_bare_figure_under_a_header_naming_euros_is_money(plan75):
    """`Budget (€)` over `240000` (1.1, l.23): 240 000 €, the action's."""
    amounts = {(r["action_id"], r["amount_eur"]) for r in plan75.tables["budget_lines"]}
    assert ("1.1", 240000.0) in amounts
    assert with_column_unit("Coût (en k€)", "45") == "45 k€"
    assert with_column_unit("Montant (Euros)", "1 200") == "1 200 €"
    # a money column naming no unit (36: xlsx2csv prints a cell formatted in euros bare): a
    # whole number of three digits or more is euros; a count, a unit of its own, is not
    assert with_column_unit("Budget", "240000") == "240000 €"
    assert with_column_unit("Budget", "12") == "12"
    assert with_column_unit("Budget (ETP)", "2") == "2"
    assert with_column_unit("Nombre de places", "240") == "240"
    assert with_column_unit("Budget (€)", "À moyens constants") == "À moyens constants"


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        # 75 1.1 (l.23): a unit of the body after the cell's one dash, opening with its noun
        (
            "Direction de l'enfance et de la famille – Service de PMI",
            ["Direction de l'enfance et de la famille – Service de PMI"],
        ),
        # a body whose name opens with such a word, in the plural, is a body of its own
        ("Éducation nationale - Services hospitaliers", ["Éducation nationale", "Services hospitaliers"]),
    ],
)
def test_a_unit_opening_with_its_noun_after_the_one_dash(cell, parts):
    assert [m.part for m in load_registry().resolve(cell)] == parts


def test_the_draft_of_a_converted_workbook_reads_its_actions(tmp_path):
    """The workbook's action sheet (l.19-36) is a pipe table whose first row is its caption
    (`Plan d'actions du schéma … | Unnamed: 1 | …`, pandas' names for empty header cells)
    over the real header row, and the review sheet (`## Bilan 2019-2024`) follows it: the
    untouched draft ends the rows at the next sheet's heading, passes over the caption, and
    reads the thirteen actions (it failed on the caption before)."""
    from schemalab.parsers.configurable import load_config_parser
    from schemalab.scaffold import draft_config

    plan = Path(__file__).parent / "fixtures" / "75_val-de-lisiere_2026-2030.txt"
    draft, info = draft_config("75", "Essai", plan.read_text(encoding="utf-8"), plan.name)
    assert info["error"] is None and "end: '^#{1,2} '" in draft
    (tmp_path / "draft.yml").write_text(draft, encoding="utf-8")
    res = load_config_parser(tmp_path / "draft.yml")().parse(plan.read_bytes(), plan.name)
    assert len(res.tables["actions"]) == 13
    assert pipe_cell("Unnamed: 7") == ""
