"""Plans 73 and 74: two PDFs read by the two Python libraries most used to extract a PDF's
text, each plan written, converted and read by hand by one helper and configured blind by
another from the README alone (tests/fixtures/73_run.md, 74_run.md).

- 73 (Vals-de-Sarthe): a Word document exported to PDF by LibreOffice, read by pypdf
  (``page.extract_text()``): a table's label and the first line of its cell share a line,
  the cell's other lines follow, one paragraph a line with no glyph; a line pypdf wrapped
  keeps one trailing space.
- 74 (Coteaux-d'Aubrac): a designed PDF read by PyMuPDF (``page.get_text()``): labels
  alone on their line above their values, a contents entry's dot leaders and page number
  on the line below it, a list wrapped at its column's width.

Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import draft_for, fixture_lines, parse_fixture

from schemalab.parsers.base import actor_lines

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_73 = "73_vals-de-sarthe_2026-2031.txt"
PLAN_74 = "74_coteaux-d-aubrac_2026-2030.txt"
_lines = fixture_lines


def _draft(tmp_path, code: str, name: str):
    """The plan read with the scaffold's untouched draft (what a new user gets first)."""
    from schemalab.parsers.configurable import load_config_parser

    yml = tmp_path / f"{code}_essai.yml"
    yml.write_text(draft_for(code, name), encoding="utf-8")
    return load_config_parser(yml)().parse((FIXTURES / name).read_text(encoding="utf-8"), name)


def _actors(res, aid: str, role: str) -> list[str]:
    return [r["name"] for r in res.tables["action_actors"] if r["action_id"] == aid and r["role"] == role]


@pytest.fixture(scope="module")
def plan73():
    return parse_fixture(PLAN_73, "73_vals-de-sarthe.yml")


@pytest.fixture(scope="module")
def plan74():
    return parse_fixture(PLAN_74, "74_coteaux-d-aubrac.yml")


def test_bodies_printed_one_per_line_with_no_glyph_are_apart(tmp_path):
    """73 sheet 3.1 (l.366-367): « Pilote(s) Service de l'accueil familial » / « Direction
    des ressources humaines »: two pilots, under a draft that maps « Pilote » only (the
    plural mark is folded for a bare label as for any label)."""
    res = _draft(tmp_path, "73", PLAN_73)
    assert _actors(res, "3.1", "pilot") == ["Service de l'accueil familial", "Direction des ressources humaines"]


def test_a_wrapped_name_stays_whole():
    """73 sheet 2.2 (l.311-312): « Direction de l'enfance et de la famille – mission » /
    « Observatoire » is one pilot: pypdf left a space where it wrapped the line, and the
    registry knows no body named « Observatoire » alone. 3.1's partners (l.368-370) end on
    « Caisse d'allocations familiales » / « (CAF) »: an acronym below its name."""
    pilot = _lines(PLAN_73, 311, 312)
    pilot[0] = (311, pilot[0][1].replace("Pilote ", "", 1))
    assert actor_lines(pilot) == pilot
    partners = _lines(PLAN_73, 368, 370)
    assert actor_lines(partners) == partners


def test_an_acronym_below_its_name_goes_on_under_lists(plan73):
    """73 sheet 3.1 (l.368-370), read with the blind configuration's `lists` (a list of
    glyphless lines): « (CAF) » on its own line is the end of « Caisse d'allocations
    familiales », no partner of its own."""
    partners = _actors(plan73, "3.1", "partner")
    assert "Caisse d'allocations familiales (CAF)" in partners
    assert "(CAF)" not in partners


def test_a_label_word_ending_a_wrapped_phrase_is_no_label(tmp_path, plan73):
    """73 sheet 2.2 (l.320-322): « Étape 2 Produire un tableau de bord annuel partagé avec les »
    / « partenaires » / « 2e semestre 2026 »: the lower-case word under a line ending open is
    the step's wrapped end, not the label « Partenaires » (the configurer had to `skip` it,
    losing the word, and without the skip « 2e semestre 2026 » was read as three partners)."""
    from schemalab.parsers.configurable import load_config_parser

    assert [t.strip() for _, t in _lines(PLAN_73, 320, 322)] == [
        "Étape 2 Produire un tableau de bord annuel partagé avec les",
        "partenaires",
        "2e semestre 2026",
    ]
    cfg = (FIXTURES / "73_vals-de-sarthe.yml").read_text(encoding="utf-8")
    skip = next(line for line in cfg.splitlines(keepends=True) if line.startswith("  - '^partenaires$'"))
    yml = tmp_path / "73_vals-de-sarthe.yml"
    yml.write_text(cfg.replace(skip, ""), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_73).read_bytes(), PLAN_73)
    steps = [r["text"] for r in res.tables["sub_actions"] if r["action_id"] == "2.2"]
    assert any(t.startswith("Produire un tableau de bord annuel partagé avec les partenaires") for t in steps)

    def partners(tables):
        return [r["name"] for r in tables["action_actors"] if r["action_id"] == "2.2" and r["role"] == "partner"]

    assert partners(res.tables) == partners(plan73.tables)


def test_the_cover_title_cut_at_its_hyphen_is_whole(plan73):
    """73 (l.3-4): « Schéma départemental enfance- » / « famille »."""
    assert plan73.tables["plans"][0]["title"] == "Schéma départemental enfance-famille"


def test_contents_entries_with_leaders_below_start_no_sheet(tmp_path):
    """74 (l.15-60): PyMuPDF prints a contents entry, then its dot leaders and page number
    on the next line (« Fiche 1.1 – … » / «  .  .  . 8 »). The untouched draft read sheet
    1.1 at the contents (l.25) and failed on the body's 1.1 (l.193); now every sheet it
    finds starts in the body (its start pattern misses « Action 4.1 », the one sheet
    printed so: 11 of 12)."""
    res = _draft(tmp_path, "74", PLAN_74)
    starts = {a["action_id"]: a["first_line"] for a in res.tables["actions"]}
    assert len(starts) == 11 and "4.1" not in starts
    assert starts["1.1"] == 193 and min(starts.values()) > 60


@pytest.mark.parametrize(
    "aid, indicators",
    [
        # l.374-376: « Indicateurs » / « Nombre de professionnels formés ; … ; part des stagiaires » / « satisfaits »
        ("2.2", ["Nombre de professionnels formés", "nombre de sessions organisées", "part des stagiaires satisfaits"]),
        # l.572-574: the same, wrapped before « de séjour obtenus à 18 ans »
        (
            "4.2",
            [
                "Délai moyen d'évaluation",
                "nombre de contrats d'apprentissage signés",
                "nombre de titres de séjour obtenus à 18 ans",
            ],
        ),
    ],
)
def test_a_list_wrapped_at_its_columns_width_is_cut(plan74, aid, indicators):
    got = [r["text"] for r in plan74.tables["indicators"] if r["action_id"] == aid]
    assert got == indicators


def test_a_review_remark_after_the_status_is_no_part_of_the_title(plan73):
    """73 Annexe 1, pypdf printing the table row by row: « 2 Généraliser l'entretien
    prénatal précoce Non réalisée Faute de sages-femmes » / « de PMI » (l.534-535): the title
    ends before the status; the remark, wrapped (pypdf's trailing space), is details_text.
    Row 1 (l.528-533): the status « Partiellement » / « réalisée » wrapped in its cell, the
    remark under it."""
    rows = {r["ref"]: r for r in plan73.tables["previous_review"]}
    assert (rows["2"]["title"], rows["2"]["status"]) == ("Généraliser l'entretien prénatal précoce", "non_realise")
    assert rows["2"]["details_text"] == "Faute de sages-femmes de PMI"
    assert rows["4"]["title"] == "Réorganiser la cellule de recueil des informations préoccupantes"
    assert rows["4"]["details_text"] == "Nouvelle organisation depuis 2021"
    assert (rows["1"]["status_raw"], rows["1"]["details_text"]) == (
        "Partiellement réalisée",
        "Trois LAEP ouverts sur cinq",
    )


def test_a_review_remark_pdfplumber_printed_beside_the_titles_wrap():
    """77 Annexe 1, pdfplumber printing each row's cells side by side: « 1 Créer une
    cellule de recueil des informations Réalisée CRIP unique depuis 2022 » / « préoccupantes
    unique » (l.455-456): the line below (no trailing space) ends the title; the remark on
    the status's line is details_text."""
    res = parse_fixture("77_monts-du-vellave_2027-2031.txt", "77_monts-du-vellave.yml")
    row = next(r for r in res.tables["previous_review"] if r["ref"] == "1")
    assert row["title"] == "Créer une cellule de recueil des informations préoccupantes unique"
    assert (row["status"], row["details_text"]) == ("realise", "CRIP unique depuis 2022")


def test_the_draft_ends_the_sheets_at_a_numbered_chapter_and_reads_an_axis_in_a_sheets_head(tmp_path):
    """73's untouched draft: the chapter « 4. Gouvernance et suivi du schéma » (l.512)
    follows the last sheet, so no sheet runs on into it (4.3 read its prose as indicators
    when the draft ended the sheets at « Annexe »); « Axe 1 – … » printed under sheet 1.1's
    start line and above its first label (l.184) is 1.1's axis, where the last axis line
    above the start was chapter 2's « Axe 4 » (l.167)."""
    assert "sheets_end: '^\\s*4\\. Gouvernance'" in draft_for("73", PLAN_73)
    res = _draft(tmp_path, "73", PLAN_73)
    axes = {a["action_id"]: a["axis_id"] for a in res.tables["actions"]}
    assert (axes["1.1"], axes["4.3"]) == ("1", "4")
    indicators = [r["text"] for r in res.tables["indicators"] if r["action_id"] == "4.3"]
    assert indicators == ["Nombre de réunions du conseil des jeunes", "Nombre de propositions des jeunes reprises"]


def test_an_axis_title_below_its_marker_stops_at_the_pages_paragraph(tmp_path):
    """74 (l.520-525): « AXE 4 » / « Accompagner vers l'autonomie et faire vivre les droits
    de » / « l'enfant » / « Aucun jeune ne doit quitter l'aide sociale à l'enfance sans
    solution. Cet axe … »: PyMuPDF prints no blank line between the axis title and the
    page's paragraph; `axes.title_below` reads the title and its wrapped end only (the
    blind configurer took the titles from the contents for want of it)."""
    from schemalab.parsers.configurable import load_config_parser

    cfg = (FIXTURES / "74_coteaux-d-aubrac.yml").read_text(encoding="utf-8")
    cfg = cfg.replace(
        "axes: {pattern: '^Axe (?P<n>\\d) – (?P<title>.+)$'}", "axes: {pattern: '^AXE (?P<n>\\d+)$', title_below: 7}"
    )
    assert "title_below: 7" in cfg
    yml = tmp_path / "74_coteaux-d-aubrac.yml"
    yml.write_text(cfg, encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_74).read_bytes(), PLAN_74)
    axes = {a["axis_id"]: (a["title"], a["first_line"]) for a in res.tables["axes"]}
    assert axes["4"] == ("Accompagner vers l'autonomie et faire vivre les droits de l'enfant", 520)
    assert axes["1"][0] == "Soutenir les parents et prévenir dès la petite enfance"


def _without_move_items(tmp_path) -> Path:
    """74's blind configuration without the `move_items` its configurer wrote to put the
    flattened header-row tables' cells back by hand (quoting every printed line)."""
    lines, out, skipping = (FIXTURES / "74_coteaux-d-aubrac.yml").read_text(encoding="utf-8").splitlines(), [], False
    for line in lines:
        if line.startswith("move_items:"):
            skipping = True
            continue
        if skipping and line.startswith(("  ", "#")):
            continue
        skipping = False
        out.append(line)
    yml = tmp_path / "74_coteaux-d-aubrac.yml"
    yml.write_text("\n".join(out) + "\n", encoding="utf-8")
    return yml


def test_a_header_row_table_flattened_with_no_blank_line_between_its_cells(tmp_path):
    """74 sheet 2.1 (l.315-334): « Pilote » / « Partenaires » / « Calendrier » / « Budget »,
    then the four cells one after another, wrapped at their narrow width, with no blank
    line: « Cellule de recueil des » / « informations » / « préoccupantes (CRIP) » / « Parquet
    du tribunal judiciaire de » / … / « 1er semestre 2026 : création » / … / « 2e semestre
    2026 : premier » / … / « 165 000 € (deux » / … A cell starts where a capitalised line
    follows a line ending closed; the calendar's two dated entries are one cell."""
    from schemalab.parsers.configurable import load_config_parser

    yml = _without_move_items(tmp_path)
    assert "move_items" not in yml.read_text(encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_74).read_bytes(), PLAN_74)
    assert _actors(res, "2.1", "pilot") == ["Cellule de recueil des informations préoccupantes (CRIP)"]
    assert _actors(res, "2.1", "partner") == [
        "Parquet du tribunal judiciaire de Vernhes",
        "Éducation nationale – DSDEN",
        "Groupement de gendarmerie départementale",
        "Centre hospitalier de Vernhes",
    ]
    cal = [(r["year"], r["semester"]) for r in res.tables["calendar"] if r["action_id"] == "2.1"]
    assert cal == [(2026, 1), (2026, 2)]
    # 3.3 (l.489-502): three labels, three cells, the calendar's « 2026 : … » / « 2027 : … » one
    assert _actors(res, "3.3", "pilot") == ["Service de PMI", "Direction de l'enfance et de la famille"]
    assert len(_actors(res, "3.3", "partner")) == 4


def test_a_phrase_cut_by_a_blank_line_goes_on():
    """70 (pdfminer.six, l.237-239): « 1. Recruter trois puéricultrices pour les » / « » /
    « territoires du sud »: pdfminer prints blank lines inside a wrapped phrase; a line in
    lower case after the blank goes on with an item ending on a connector word."""
    from schemalab.extract import parse_bullets

    items = parse_bullets(fixture_lines("70_marches-de-lisle_2025-2030.txt", 237, 241))
    assert [it.text for it in items][0] == "Recruter trois puéricultrices pour les territoires du sud"
