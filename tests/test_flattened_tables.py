"""Plans 41-44: Word documents through four converters that flatten or damage tables, each
written and read by hand by one helper and configured blind by another from the README alone
(tests/fixtures/4N_run.md): 41 LibreOffice PDF read by MuPDF's `mutool draw -F txt` (a table
one cell a line, Symbol bullets alone on their line, a sheet template of its own words), 42
AbiWord's `--to=txt` (a paragraph a line and a blank line after it, empty cells as empty
lines), 43 LibreOffice HTML read by Debian's `html2text` (headings between runs of stars,
columns padded by bytes), 44 RTF read by `unrtf --text` (punctuation cut to its low byte,
bullets printed « ? », every table row opened by a tab). Each test reads what a reader finds
at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, fixture_lines, parse_fixture, sheet_actors, sheet_values

MUTOOL = "41_marches-d-orvelle_2026-2030.txt"
ABIWORD = "42_plateau-de-vaunac_2026-2030.txt"
HTML2TEXT = "43_coteaux-de-brialle_2026-2030.txt"
UNRTF = "44_val-de-vionne_2026-2030.txt"


@pytest.fixture(scope="module")
def plan41():
    return parse_fixture(MUTOOL, "41_marches-d-orvelle.yml")


@pytest.fixture(scope="module")
def plan42():
    return parse_fixture(ABIWORD, "42_plateau-de-vaunac.yml")


@pytest.fixture(scope="module")
def plan43():
    return parse_fixture(HTML2TEXT, "43_coteaux-de-brialle.yml")


@pytest.fixture(scope="module")
def plan44():
    return parse_fixture(UNRTF, "44_val-de-vionne.yml")


def _calendar(res, aid: str) -> list[tuple]:
    return [(r["year"], r["semester"], r["label"]) for r in res.tables["calendar"] if r["action_id"] == aid]


# -- 41, mutool ------------------------------------------------------------------------


def test_a_year_grid_printed_one_cell_a_line(plan41):
    """Sheet 4 l.350-392 (mutool): « Étape » / « 2026 » … « 2030 », then each row its label
    wrapped over lines (« Cahier des » / « charges ») and one line a year, « X » or « – »: a
    row a mark, labelled by its whole step."""
    assert [t for _, t in fixture_lines(MUTOOL, 350, 355)] == ["Étape", "2026", "2027", "2028", "2029", "2030"]
    cal = _calendar(plan41, "4")
    assert (2026, None, "Cahier des charges") in cal
    assert [y for y, _, label in cal if label == "Interventions dans les lieux d'accueil"] == [2027, 2028, 2029, 2030]
    assert len(cal) == 9


def test_a_grid_whose_empty_cells_are_not_printed_gives_no_dates_and_is_reported(plan41):
    """Sheet 8 l.603-638: the semester grid's empty cells are not printed at all, so no mark can
    be placed under its year: no calendar row (not « Étape 2026 », « 2027 »…), and a warning."""
    assert fixture_lines(MUTOOL, 603, 604) == [(603, "Étape"), (604, "2026")]
    assert _calendar(plan41, "8") == []
    assert any("sheet 8: a year grid header" in w for w in plan41.warnings)


def test_a_bullet_or_a_number_alone_on_its_line_starts_the_item_below(plan41):
    """Sheet 2 l.225-234: « 1. » alone, its step on the next line (wrapped); sheet 1 l.157-159:
    the Symbol bullet U+F0B7 alone: no item of its own."""
    assert fixture_lines(MUTOOL, 225, 226) == [(225, "1."), (226, "Conduire une étude de besoins avec les ")]
    steps = [(r["ref"], r["text"]) for r in plan41.tables["sub_actions"] if r["action_id"] == "2"]
    assert steps[0] == ("1", "Conduire une étude de besoins avec les communes concernées")
    assert len(steps) == 3
    assert "\uf0b7" not in sheet_values(plan41, "sub_actions", "1", "text")


def test_a_header_row_table_whose_cells_run_over_several_paragraphs(plan41):
    """Sheet 5 l.404-420: four labels one a line, then the cells: the pilot (two lines), the
    partners (six lines, one paragraph), then « 2026-2030 » and « 450 000 € par an » with no
    blank line between: each cell under its label, by what it says."""
    assert [t for _, t in fixture_lines(MUTOOL, 404, 407)] == [
        "Porteur de l'action",
        "Acteurs associés",
        "Échéancier",
        "Moyens mobilisés",
    ]
    assert sheet_actors(plan41, "5", "pilot") == ["Service de l'accueil familial (DEF)"]
    assert "France Travail" in sheet_actors(plan41, "5", "partner")
    assert [y for y, _, _ in _calendar(plan41, "5")] == [2026, 2027, 2028, 2029, 2030]
    assert sheet_values(plan41, "budget_lines", "5", "amount_eur") == [450000.0]


def test_a_template_s_own_labels_are_drafted():
    """41's sheets print « Critères d'évaluation », « Évaluation » and « Finalités »: the draft
    maps them (the blind draft read no indicator)."""
    from schemalab.scaffold import guess_field

    assert guess_field("Critères d'évaluation") == "indicators"
    assert guess_field("Évaluation") == "indicators"
    assert guess_field("Finalités") == "objectives"


# -- 42, AbiWord -----------------------------------------------------------------------


def test_a_grid_one_cell_a_paragraph_with_empty_cells_as_empty_lines(plan42):
    """Sheet 10 l.460-506 (AbiWord: a blank line after every paragraph): « Étapes » / « » /
    « 2026 » / « » …, then « Réservation de logements » / « » / « » / « » / « X » …: an
    empty cell is an empty line; its corner « Étapes » keeps the grid in the calendar."""
    assert [t for _, t in fixture_lines(ABIWORD, 484, 488)] == ["Réservation de logements", "", "", "", "X"]
    cal = _calendar(plan42, "10")
    assert [y for y, _, label in cal if label == "Réservation de logements"] == [2027, 2028, 2029]
    assert len(cal) == 9


def test_a_semester_grid_one_cell_a_paragraph(plan42):
    """Sheet 11 l.534-596: the years each over two columns, then « S1 » / « S2 » a line: a
    column a half-year; the grid's rows are the sheet's steps (it prints none else)."""
    cal = _calendar(plan42, "11")
    assert (2026, 1, "Appel à candidatures") in cal and (2026, 2, "Installation du conseil") in cal
    assert sheet_values(plan42, "sub_actions", "11", "text") == [
        "Appel à candidatures",
        "Installation du conseil",
        "Avis annuel sur le schéma",
    ]


def test_a_header_row_table_one_paragraph_a_line(plan42):
    """Sheet 6 l.282-308: five labels, then nine paragraphs with nothing between two cells:
    each paragraph to its column by what it says (before, all under « Coût estimé »)."""
    assert sheet_actors(plan42, "6", "partner") == ["ARS", "Parquet", "France Victimes 42"]
    assert len(sheet_values(plan42, "sub_actions", "6", "text")) == 3
    assert _calendar(plan42, "6") == [(2026, 2, None)]


def test_two_bodies_joined_by_et_after_an_acronym():
    """42 sheet 3 l.174 « Direction de l'enfance et de la famille (DEF) et Association Les
    Sentiers de Vaunac »: two pilots (the « et » inside the first name does not split it)."""
    from schemalab.actors import load_registry

    parts = [
        m.part for m in load_registry().resolve("Service de PMI (PMI) et Direction de l'enfance et de la famille (DEF)")
    ]
    assert parts == ["Service de PMI (PMI)", "Direction de l'enfance et de la famille (DEF)"]


# -- 43, Debian html2text --------------------------------------------------------------


def test_heading_stars_are_markup_and_a_title_wraps_onto_its_bracket(plan43):
    """L.138-139 « ***** Fiche action n° 4 – Élaborer … projet pour l'enfant » / « (PPE) dans
    les trois mois suivant la décision de protection ***** »: the title whole, no star."""
    assert fixture_lines(HTML2TEXT, 139, 139)[0][1].endswith("protection *****")
    titles = {a["action_id"]: a["title"] for a in plan43.tables["actions"]}
    assert titles["4"] == (
        "Élaborer systématiquement le projet pour l'enfant (PPE) dans les trois mois suivant la décision de protection"
    )
    assert not any("*" in t for t in titles.values())


def test_a_grid_padded_by_bytes(plan43):
    """Sheet 11 l.291-295: « Étapes      2026 2027 2028 2029 2030 » (years one space apart),
    and « Sessions plénières      X    X … »: html2text pads by bytes, so each accented letter
    moves a row's marks a column left; read by bytes, each mark is under its year."""
    assert fixture_lines(HTML2TEXT, 294, 294)[0][1].startswith("Évaluation à mi-parcours")
    cal = _calendar(plan43, "11")
    assert (2028, None, "Évaluation à mi-parcours") in cal and (2030, None, "Évaluation finale") in cal
    assert len(cal) == 8


def test_a_spaced_grid_with_a_row_of_semesters(plan43):
    """Sheet 5 l.174-178: « Étapes   2026  2027 » over « S1 S2 S1 S2 »: a column a half-year."""
    assert fixture_lines(HTML2TEXT, 175, 175)[0][1].strip() == "S1 S2 S1 S2"
    assert _calendar(plan43, "5") == [
        (2026, 1, "Constitution de la cellule"),
        (2026, 2, "Rédaction de la charte"),
        (2027, 1, "Premières commissions"),
        (2027, 2, "Premières commissions"),
    ]


def test_review_status_words_whatever_their_case(tmp_path):
    """A `review.status` written in lower case reads « Réalisée » and « PARTIELLEMENT RÉALISÉE »."""
    from schemalab.parsers.configurable import review_status, status_rules

    rules = status_rules(tmp_path / "x.yml", "review.status", {"partiel": "partiellement", "realise": "^réalisée$"})
    assert review_status("Réalisée", rules) == "realise"
    assert review_status("PARTIELLEMENT RÉALISÉE", rules) == "partiel"


# -- 44, unrtf -------------------------------------------------------------------------


def test_unrtf_punctuation_cut_to_its_low_byte():
    """L.85 « Fiche action n° 1 <U+0013> Renforcer … » (the en dash cut to U+0013), l.142 « 240
    000 ¬ par an » (the euro sign cut to U+00AC), l.88 « <TAB> ?» (a Symbol bullet): read as
    the dash, the euro sign and a bullet they were."""
    from schemalab.textio import normalise

    raw = (FIXTURES / UNRTF).read_text(encoding="utf-8").splitlines()
    assert "\x13" in raw[84] and "¬" in raw[141]
    assert normalise(raw[84]).startswith("Fiche action n° 1 – Renforcer")
    assert normalise(raw[141]) == "\tBudget\t240 000 € par an"
    assert normalise("\t ?      ").strip() == "•" and normalise("Pourquoi ?") == "Pourquoi ?"


def test_rows_opened_by_a_tab_and_bullets_alone_in_their_cells(plan44):
    """Sheet 1 l.96-115: « <TAB>Pilote<TAB>Service … (PMI) », « <TAB>Partenaires<TAB> • » then
    each partner two lines below its bullet: one pilot, four partners, 240 000 €."""
    assert sheet_actors(plan44, "1", "pilot") == ["Service départemental de protection maternelle et infantile (PMI)"]
    assert len(sheet_actors(plan44, "1", "partner")) == 4
    assert sheet_values(plan44, "budget_lines", "1", "amount_eur") == [240000.0]


def test_a_header_row_table_whose_rows_open_with_a_tab(plan44):
    """Sheet 7 l.315-340: « <TAB>Pilote<TAB>Partenaires<TAB>… », the value row over 25 lines,
    a cell ending at a tab after its text (a line's first tab opens no cell)."""
    assert sheet_actors(plan44, "7", "pilot") == ["Direction de l'enfance et de la famille (DEF)"]
    assert sheet_actors(plan44, "7", "partner") == ["Fondation Les Genêts", "Commune de Brezolles-sur-Vionne"]
    assert _calendar(plan44, "7") == [(2026, None, "Appel à projets"), (2028, None, "Ouverture")]


def test_a_pointer_to_a_table_below_is_no_step(plan44):
    """Sheet 12 l.477 « Étapes de mise en Suvre<TAB>Voir le tableau ci-dessous »: no step; the
    year grid's rows are its steps."""
    steps = sheet_values(plan44, "sub_actions", "12", "text")
    assert steps[0] == "Installer le conseil des jeunes de l'ASE" and len(steps) == 3
