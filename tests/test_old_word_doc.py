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


@pytest.fixture(scope="module")
def plan46():
    return parse_fixture(ANTIWORD, "46_pays-de-lormois.yml")


def test_a_pipe_review_row_whose_status_wraps_on_the_title_s_row(plan46):
    """Annexe 1 l.568-570 (antiword): « |2 |Développer |Partiellement |Un service ouvert | » /
    « | |l'accueil de jour |réalisée |sur les deux | »: the row wrapped, its status too; each
    cell goes on with the cell above (before, a continuation row printing a status was dropped:
    title « Développer », status_raw « Partiellement »)."""
    assert fixture_lines(ANTIWORD, 569, 569)[0][1].startswith("|                  |l'accueil de jour |réalisée")
    rows = {r["ref"]: r for r in plan46.tables["previous_review"]}
    assert (rows["2"]["title"], rows["2"]["status_raw"], rows["2"]["status"]) == (
        "Développer l'accueil de jour",
        "Partiellement réalisée",
        "partiel",
    )
    assert rows["2"]["details_text"] == "Un service ouvert sur les deux prévus"
    assert rows["10"]["title"] == "Développer la médiation familiale"


def test_a_header_row_pipe_table_whose_cells_wrap_one_line_a_row(plan46):
    """Sheet 3 l.211-221 (antiword): « |Pilote(s) |Partenaires |Calendrier |Budget | », no rule,
    then the value row printed one wrapped line a row (« |Direction de |Association |2026 :
    nouveau | » / « |l'enfance et de la|Lormoise de |diagnostic | » …): each column's lines go on
    with its item above where they open in lower case or on « : », or the item ends open."""
    assert fixture_lines(ANTIWORD, 216, 216)[0][1].startswith("|                  |Communes de       |: mise en")
    assert sheet_actors(plan46, "3", "pilot") == ["Direction de l'enfance et de la famille – mission prévention"]
    partners = sheet_actors(plan46, "3", "partner")
    assert "Communes de Saint-Aurèle et de Vernac" in partners and "Préfecture – politique de la ville" in partners
    cal = [(r["year"], r["semester"], r["label"]) for r in plan46.tables["calendar"] if r["action_id"] == "3"]
    assert cal == [(2026, None, "nouveau diagnostic territorial"), (2027, 2, "mise en place de l'équipe mobile")]


def test_a_list_cut_at_a_separator_inside_a_wrapped_pipe_cell(plan46):
    """Sheet 4 l.266-271 (antiword): « Réalisation : nombre d'informations » / « préoccupantes
    évaluées ; nombre » / « d'évaluateurs formés »: the cell's lines joined, then cut at
    `split_items` as inside a line: two indicators of each kind."""
    got = [(r["kind"], r["text"]) for r in plan46.tables["indicators"] if r["action_id"] == "4"]
    assert got == [
        ("realisation", "nombre d'informations préoccupantes évaluées"),
        ("realisation", "nombre d'évaluateurs formés"),
        ("resultat", "délai moyen d'évaluation"),
        ("resultat", "part des évaluations achevées en moins de trois mois"),
    ]
