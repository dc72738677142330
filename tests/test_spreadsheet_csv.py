"""Plan 53 (Marches-de-Thiérache): a département's plan d'actions kept in a spreadsheet, one
row per action, exported to CSV by LibreOffice Calc (``;`` between cells, a cell holding line
breaks quoted over several lines, merged cells printed once with empty cells after them).
Written and read by hand by one helper; the configurer, from the README alone, could not read
it (no key read CSV: tests/fixtures/53_run.md, 0.259). Each test reads what a reader finds at
the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_values

from schemalab.extract import read_lines
from schemalab.parsers.configurable import load_config_parser

PLAN = "53_marches-de-thierache_2026-2030.txt"


@pytest.fixture(scope="module")
def plan53():
    return parse_fixture(PLAN, "53_marches-de-thierache.yml")


def test_a_csv_record_is_one_tsv_row_on_its_first_line():
    """l.7-13: action 1.1's record runs over seven lines, its partners cell quoted over three;
    read as one row on l.7, a cell's line breaks its items, the other lines blank to a reader."""
    assert fixture_lines(PLAN, 8, 8)[0][1] == "Caisse primaire d'assurance maladie (CPAM)"
    lines = read_lines((FIXTURES / PLAN).read_bytes(), PLAN)
    cells = lines[6].split("\t")
    assert cells[1:3] == ["1.1", "Renforcer les visites à domicile de la PMI en période périnatale"]
    assert "maternité <br> Caisse primaire d'assurance maladie (CPAM) <br> Sages-femmes" in cells[4]
    assert not any(t.strip() for t in lines[7:13])
    assert lines[0] == "Schéma départemental de prévention et de protection de l'enfance 2026-2030"


def test_the_actions_their_axes_and_their_cells(plan53):
    """l.6 the header row; each axis printed once in its merged first column (« Axe 1 – … » on
    1.1's row, empty on 1.2's); a cell's lines its items."""
    assert [a["action_id"] for a in plan53.tables["actions"]][:3] == ["1.1", "1.2", "1.3"]
    axes = {a["axis_id"]: a["title"] for a in plan53.tables["axes"]}
    assert axes["1"] == "Prévenir au plus tôt et soutenir les parents"
    assert {a["action_id"]: a["axis_id"] for a in plan53.tables["actions"]}["1.3"] == "1"
    partners = [r["name"] for r in plan53.tables["action_actors"] if r["action_id"] == "1.1" and r["role"] == "partner"]
    assert partners == [
        "Centre hospitalier de Hirsonval – maternité",
        "Caisse primaire d'assurance maladie (CPAM)",
        "Sages-femmes libérales du territoire",
    ]
    assert len(sheet_values(plan53, "sub_actions", "1.1", "text")) == 3


def test_a_total_row_is_no_action(plan53):
    """l.70: « "TOTAL";;;;;;;;3 505 000 €;"Montants chiffrés uniquement …" »: the sum of the
    budget column, neither an action nor the last action's amount."""
    assert fixture_lines(PLAN, 70, 70)[0][1].startswith('"TOTAL";;')
    assert 3505000.0 not in [r["amount_eur"] for r in plan53.tables["budget_lines"]]
    assert not any("Montants chiffrés" in r["text"] for r in plan53.tables["indicators"])


def test_the_review_and_the_youth_blocks_after_the_table(plan53):
    """l.73-84 « Bilan du schéma 2020-2025 », ten rows, row 10 with no status; l.87-101
    « Recommandations des jeunes », three theme rows, ten « N<TAB>text » rows."""
    review = {r["ref"]: r["status"] for r in plan53.tables["previous_review"]}
    assert len(review) == 10 and review["2"] == "partiel" and review["10"] == "unknown"
    youth = plan53.tables["youth_recommendations"]
    assert len(youth) == 10 and youth[0]["theme"] == "Être écouté et participer aux décisions"


def test_the_untouched_draft_reads_the_plan(tmp_path):
    """The draft `new-department` writes reads the actions as table rows, the review (ending at
    the youth block) and the youth recommendations with their themes."""
    yml = tmp_path / "53.yml"
    yml.write_text(draft_for("53", PLAN), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN).read_bytes(), PLAN)
    assert len(res.tables["actions"]) == 13
    assert len(res.tables["previous_review"]) == 10 and len(res.tables["youth_recommendations"]) == 10
