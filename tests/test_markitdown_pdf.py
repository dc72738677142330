"""Plan 48 (Val-de-Sarre): a Word document exported to PDF by LibreOffice and read by
markitdown (``MarkItDown().convert("plan.pdf")``, pdfminer and pdfplumber underneath): most
pages plain text, the pages pdfplumber takes for forms printed as pipe tables whose cells
hold their first line only, a cell's further lines printed below the row outside its pipes;
the review of the previous plan printed one row a table, each row above its own rule. Written
and read by hand by one helper, configured blind by another from the README alone
(tests/fixtures/48_run.md). Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import fixture_lines, parse_fixture

PLAN = "48_val-de-sarre_2026-2030.txt"


@pytest.fixture(scope="module")
def plan48():
    return parse_fixture(PLAN, "48_val-de-sarre.yml")


def test_review_rows_printed_each_above_its_own_rule(plan48):
    """Annexe 1 l.367-369: « | 1 | Créer une cellule de | Réalisée | CRIP installée en 2020 | »
    over « | --- | … | » (the row a table of its own, printed as a header), then « recueil des
    informations » / « préoccupantes unique » outside the pipes: one row, its title whole;
    row 8 l.390-393, « pédopsychiatrie- » / « ASE » after its continuation row, likewise."""
    assert fixture_lines(PLAN, 368, 369)[1][1] == "recueil des informations"
    rows = {r["ref"]: (r["title"], r["status"]) for r in plan48.tables["previous_review"]}
    assert rows["1"] == ("Créer une cellule de recueil des informations préoccupantes unique", "realise")
    assert rows["8"] == ("Créer une équipe mobile pédopsychiatrie-ASE", "non_realise")
    assert rows["5"] == ("Ouvrir un lieu de vie dans le nord du département", "non_realise")
    assert len(rows) == 9  # row 2 (l.370-371) lost its table: « 2 Développer l'accueil de Partiellement réalisée … »


def test_one_euro_in_words_is_no_amount(plan48):
    """Édito l.33: « chaque euro investi dans la prévention est un euro utile »: a figure of
    speech, not one euro of the plan."""
    assert "est un euro utile" in fixture_lines(PLAN, 33, 33)[0][1]
    assert 1.0 not in [r["amount_eur"] for r in plan48.tables["budget_lines"]]


def test_the_draft_reads_a_review_printed_one_row_a_table():
    """Annexe 1 l.365-393: the header row, then each numbered row above a rule of its own:
    `new-department` drafts a `review:` block for it (ref, title, status columns)."""
    from conftest import draft_for

    draft = draft_for("48", PLAN)
    assert "review:" in draft and "columns: {ref: 0, title: 1, status: 2}" in draft


def test_partners_in_lower_case_after_the_pilots(plan48):
    """Sheet 9 l.281-284: « Pilote(s) Direction de l'enfance et de la famille (DEF) », then
    « Partenaires associations gestionnaires de maisons d'enfants » / « à caractère social
    (MECS), Protection judiciaire » / « de la jeunesse (PJJ) »: a label printed bare, its value
    in lower case right after the pilots' block; two partners, one pilot (no `stop` needed)."""
    from conftest import sheet_actors

    assert fixture_lines(PLAN, 282, 282)[0][1].startswith("Partenaires associations")
    assert sheet_actors(plan48, "9", "pilot") == ["Direction de l'enfance et de la famille (DEF)"]
    assert sheet_actors(plan48, "9", "partner") == [
        "associations gestionnaires de maisons d'enfants à caractère social (MECS)",
        "Protection judiciaire de la jeunesse (PJJ)",
    ]
