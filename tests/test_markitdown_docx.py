"""Plan 55 (Val-de-Sorgues): a Word document converted to Markdown by markitdown (mammoth,
then markdownify). Written and read by hand by one helper, configured blind by another from
the README alone (tests/fixtures/55_run.md). markitdown prints an empty header row over every
Word table, a cell's paragraphs joined by two spaces, a row merged across a table once with
empty cells after it, a label merged down over two rows once (the next row one cell short).
Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_values

from schemalab.parsers.configurable import load_config_parser

PLAN = "55_val-de-sorgues_2026-2030.txt"


@pytest.fixture(scope="module")
def plan55():
    return parse_fixture(PLAN, "55_val-de-sorgues.yml")


def test_an_empty_header_row_over_a_table_is_no_content(plan55):
    """l.53-54 (and over every table): « |  |  | » / « | --- | --- | », the table's own rows
    under it; 2.2's table (l.156-158) prints its labels in the row under that one."""
    assert fixture_lines(PLAN, 53, 53)[0][1].strip() == "|  |  |"
    assert not plan55.warnings and not plan55.unknown_headings
    partners = [r["name"] for r in plan55.tables["action_actors"] if r["action_id"] == "2.2" and r["role"] == "partner"]
    assert len(partners) == 5


def test_a_row_merged_over_the_table_with_its_label_inline(plan55):
    """3.1 l.201: « | **Budget :** 1,1 M€ sur la durée du schéma | | »: the budget, not the end of
    the indicator above it."""
    assert sheet_values(plan55, "indicators", "3.1", "text")[-1] == "Nombre de démissions d'assistants familiaux"
    assert sheet_values(plan55, "budget_lines", "3.1", "amount_eur") == [1100000.0]
    text = next(a["resources_text"] for a in plan55.tables["actions"] if a["action_id"] == "3.1")
    assert "1,1 M€" in text


def test_a_label_merged_down_over_twosheet_values(plan55):
    """2.3 l.181-182: « | **Budget** | Investissement | 150 000 € … | » over « | Fonctionnement |
    1,2 M€ sur cinq ans, dont 900 000 € financés par l'ARS | », one cell short: Budget's too."""
    assert sorted(sheet_values(plan55, "budget_lines", "2.3", "amount_eur")) == [150000.0, 900000.0, 1200000.0]
    text = next(a["resources_text"] for a in plan55.tables["actions"] if a["action_id"] == "2.3")
    assert "Fonctionnement : 1,2 M€" in text


def test_a_key_figures_table_row_says_what_its_amount_is(plan55):
    """l.61-62: « | Dépenses de protection de l'enfance (compte administratif 2024) | 71,4
    millions d'euros | » and « | Enveloppe supplémentaire du schéma sur 2026-2030 | 6,2 M€, dont
    1,5 M€ au titre de la contractualisation avec l'État | »: the row's label qualifies them."""
    plan = {r["amount_eur"]: r for r in plan55.tables["budget_lines"] if r["action_id"] is None}
    assert (plan[71400000.0]["scope"], plan[71400000.0]["year"]) == ("annual_budget", 2024)
    assert (plan[6200000.0]["scope"], plan[6200000.0]["nature"]) == ("plan_envelope", "planned")
    assert plan[1500000.0]["role"] == "component"


def test_the_draft_reads_bold_youth_propositions(tmp_path):
    """l.316: « * **Proposition n° 1 :** Pouvoir garder contact avec mes frères et sœurs … »,
    ten under three themes: drafted without a hand-written `item`."""
    draft = draft_for("55", PLAN)
    assert "Proposition n°" in draft and "youth_recommendations:" in draft
    yml = tmp_path / "55.yml"
    yml.write_text(draft, encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN).read_bytes(), PLAN)
    youth = res.tables["youth_recommendations"]
    assert len(youth) == 10 and youth[0]["text"].startswith("Pouvoir garder contact")
