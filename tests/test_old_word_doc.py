"""Plans 45 (Val-de-Brière) and 46 (Pays-de-Lormois): Word documents saved in the old binary
.doc format and read by the Debian tools an archive of older plans is read with: ``catdoc -d
utf-8`` (45: paragraphs wrapped at 72 columns with a blank line after each, a table cell's end
a tab) and ``antiword`` (46: a table printed as ``|cell|cell|`` rows, one printed line a row,
no rule between rows, Word's bullets and numbers not printed). Each written and read by hand
by one helper, configured blind by another from the README alone (tests/fixtures/45_run.md,
46_run.md). Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_actors, sheet_values

CATDOC = "45_val-de-briere_2026-2030.txt"
ANTIWORD = "46_pays-de-lormois_2026-2030.txt"


@pytest.fixture(scope="module")
def plan45():
    return parse_fixture(CATDOC, "45_val-de-briere.yml")


@pytest.fixture(scope="module")
def draft46(tmp_path_factory):
    from schemalab.parsers.configurable import load_config_parser

    cfg = tmp_path_factory.mktemp("draft46") / "46_draft.yml"
    cfg.write_text(draft_for("46", ANTIWORD), encoding="utf-8")
    path = FIXTURES / ANTIWORD
    return load_config_parser(cfg)().parse(path.read_bytes(), path.name)


def test_a_header_row_table_with_a_blank_line_after_every_paragraph(plan45):
    """Sheet 4 l.254-267 (catdoc): « Pilote(s)<TAB>Partenaires<TAB>Calendrier<TAB>Budget », then
    the value row, each paragraph of a cell followed by a blank line, a tab where a cell ends:
    one pilot, four partners, the calendar's two entries and the budget, not one column."""
    assert fixture_lines(CATDOC, 254, 254)[0][1] == "Pilote(s)\tPartenaires\tCalendrier\tBudget"
    assert fixture_lines(CATDOC, 258, 258)[0][1] == ""
    assert sheet_actors(plan45, "4", "pilot") == [
        "Direction de l’enfance et de la famille – service des mesures à domicile"
    ]
    assert len(sheet_actors(plan45, "4", "partner")) == 4
    assert sorted(sheet_values(plan45, "calendar", "4", "year")) == [2026, 2027, 2028, 2029]
    assert sheet_values(plan45, "budget_lines", "4", "amount_eur") == [1400000.0]


def test_a_pipe_cell_printed_one_line_a_row(draft46):
    """Sheet 1 l.125-136 (antiword): « |Pilote |Direction de la protection maternelle| » / « |
    |et infantile (PMI) | »: a continuation row in lower case goes on with the item above (one
    pilot), a capitalised row after a closed one is the next item (« Accompagner le retour à
    domicile » is a second objective), a bracket goes on (« (CPAM) »). Read by the configuration
    `new-department` drafts, untouched."""
    assert fixture_lines(ANTIWORD, 130, 131)[1][1].startswith(
        "|                                     |et infantile (PMI)"
    )
    assert sheet_actors(draft46, "1", "pilot") == ["Direction de la protection maternelle et infantile (PMI)"]
    partners = sheet_actors(draft46, "1", "partner")
    assert "Caisse primaire d'assurance maladie (CPAM)" in partners
    assert "Centre hospitalier de Saint-Aurèle – maternité" in partners


def test_a_tsv_review_row_wrapped_at_72_columns(plan45):
    """Annexe 1 l.591-592 (catdoc): « 1<TAB>Créer une cellule unique de recueil des informations
    préoccupantes » / « Réalisée<TAB>CRIP opérationnelle depuis 2021 »: the row's record wrapped,
    a tab included; the second line opens the status cell. L.603-604 « …<TAB>Non » /
    « réalisée<TAB>Absence de porteur de projet »: the status wrapped inside its cell."""
    assert fixture_lines(CATDOC, 592, 592)[0][1] == "Réalisée\tCRIP opérationnelle depuis 2021"
    rows = {r["ref"]: (r["title"], r["status"]) for r in plan45.tables["previous_review"]}
    assert rows["1"] == ("Créer une cellule unique de recueil des informations préoccupantes", "realise")
    assert rows["4"] == ("Installer l’Observatoire départemental de la protection de l’enfance", "realise")
    assert rows["5"][1] == "non_realise"


def test_a_pipe_year_grid_whose_step_labels_wrap_over_rows():
    """Sheet 5 l.296-310 (antiword): « |Étapes |2026 |2027 |… » (a grid's header, its corner a
    label: no label row), then « |Signer le |X | » / « |protocole | | » / « |avec la | | » /
    « |DSDEN | | »: each step's label wrapped over rows of its own with no mark; four steps,
    seven marks, each labelled by its whole step."""
    res = parse_fixture(ANTIWORD, "46_pays-de-lormois.yml")
    assert fixture_lines(ANTIWORD, 297, 298)[1][1].startswith("|protocole")
    assert sheet_values(res, "sub_actions", "5", "text") == [
        "Signer le protocole avec la DSDEN",
        "Former les référents dans chaque collège",
        "Étendre la formation aux écoles élémentaires",
        "Évaluer le protocole",
    ]
    cal = [(r["year"], r["label"]) for r in res.tables["calendar"] if r["action_id"] == "5"]
    assert len(cal) == 7 and (2026, "Signer le protocole avec la DSDEN") in cal


def test_a_title_row_merged_across_its_table_and_wrapped():
    """Sheet 6 l.314-315 (antiword): « |Fiche action n° 6 – Diversifier les mesures à domicile :
    AEMO renforcée et | » / « |PEAD | », the table's first row merged across it, wrapped onto a
    one-cell row of the same width: the title whole, and « PEAD » no field's text."""
    res = parse_fixture(ANTIWORD, "46_pays-de-lormois.yml")
    assert fixture_lines(ANTIWORD, 315, 315)[0][1].startswith("|PEAD ")
    title = next(a["title"] for a in res.tables["actions"] if a["action_id"] == "6")
    assert title == "Diversifier les mesures à domicile : AEMO renforcée et PEAD"
