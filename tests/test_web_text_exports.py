"""Plans 59 and 60, a département's web pages, and plan 57, a Word document converted to
reStructuredText: each written and read by hand by one helper with the real converter,
configured blind by another from the README alone (tests/fixtures/57_run.md, 59_run.md,
60_run.md).

- 59 (Haut-Vivarais): the pages converted to Markdown by markdownify (``markdownify(html,
  heading_style="ATX")``): each page's ``<title>`` line (« Axe 1 – … | Département du
  Haut-Vivarais »), a table cell's line breaks printed as two spaces, Markdown's hard break
  (two spaces at a line's end), empty header rows, a pager and « ## À lire aussi » after each
  page's last sheet.
- 60 (Val-de-Morgon): the pages converted to text by inscriptis (``get_text(html)``):
  every line indented, tables as columns aligned with spaces whose labels sit on the middle
  line of their cell (the lines above a label its own), a review table with empty cells.

Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import draft_for, fixture_lines, parse_fixture

from schemalab.extract import calendar_entries
from schemalab.parsers.configurable import load_config_parser

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_59 = "59_haut-vivarais_2026-2030.txt"
PLAN_60 = "60_val-de-morgon_2026-2030.txt"
_lines = fixture_lines


@pytest.fixture(scope="module")
def plan59():
    return parse_fixture(PLAN_59, "59_haut-vivarais.yml")


@pytest.fixture(scope="module")
def plan60():
    return parse_fixture(PLAN_60, "60_val-de-morgon.yml")


def _actors(res, aid: str) -> list[tuple[str, str]]:
    return [(r["role"], r["name"]) for r in res.tables["action_actors"] if r["action_id"] == aid]


def _draft(tmp_path, code: str, plan: str):
    yml = tmp_path / f"{code}.yml"
    yml.write_text(draft_for(code, plan), encoding="utf-8")
    return load_config_parser(yml)().parse((FIXTURES / plan).read_bytes(), plan)


def test_two_spaces_in_a_cell_are_its_line_breaks(plan59):
    """59 l.150: markdownify prints a cell's ``<br>`` as two spaces: « … (CPAM)  Centre
    hospitalier de Roche-Vive – maternité  Sages-femmes libérales  … (ARS) » is four bodies."""
    assert "– maternité  Sages-femmes" in _lines(PLAN_59, 150, 150)[0][1]
    assert [n for role, n in _actors(plan59, "1.1") if role == "partner"] == [
        "Caisse primaire d'assurance maladie (CPAM)",
        "Centre hospitalier de Roche-Vive – maternité",
        "Sages-femmes libérales",
        "Agence régionale de santé (ARS)",
    ]


def test_a_markdown_hard_break_ends_a_line_of_its_own(plan59):
    """59 l.394-395: « Direction … – service de la tarification et du contrôle␣␣ » /
    « Agence régionale de santé (ARS) – délégation départementale »: two pilots, each with
    its unit, not one name cut at its dashes."""
    assert _lines(PLAN_59, 394, 394)[0][1].endswith("contrôle  ")
    assert [n for role, n in _actors(plan59, "3.2") if role == "pilot"] == [
        "Direction de l'enfance et de la famille – service de la tarification et du contrôle",
        "Agence régionale de santé (ARS) – délégation départementale",
    ]


def test_two_dated_phrases_joined_by_et_each_keep_their_semester():
    """59 l.186: « … l'accueil de jour ouvrira à la rentrée 2027 et sera évalué au cours du
    second semestre 2029 »: 2027, and 2029 in its second semester; « en 2026 et 2027 »,
    « entre 2026 et 2028 » and « à 16 et 17 ans » are no two phrases."""
    assert "et sera évalué au cours du second semestre 2029" in _lines(PLAN_59, 186, 186)[0][1]
    entries = calendar_entries(
        "Les conventions seront signées en 2026, l'accueil de jour ouvrira à la rentrée 2027 "
        "et sera évalué au cours du second semestre 2029."
    )
    assert [(y, sem) for y, sem, _ in entries] == [([2026], None), ([2027], None), ([2029], 2)]
    assert calendar_entries("Déploiement en 2026 et 2027.") == [([2026, 2027], None, "Déploiement")]
    assert calendar_entries("Expérimentation entre 2026 et 2028.") == [([2026, 2028], None, "Expérimentation")]
    assert calendar_entries("2026 : entretiens à 16 et 17 ans") == [([2026], None, "entretiens à 16 et 17 ans")]


def test_the_draft_of_web_pages_saved_as_markdown(tmp_path):
    """59 untouched draft: the axes from the pages' headings (l.141 « # Axe 1 – … »), not
    their ``<title>`` lines (l.112 « Axe 1 – … | Département du Haut-Vivarais »); the plan's
    title without the site's name; the pager (l.198) and « ## À lire aussi » (l.201) end a page's
    last sheet; 2.3's title printed in a table's first cell (l.298) without its empty cells."""
    assert _lines(PLAN_59, 112, 112)[0][1].endswith("| Département du Haut-Vivarais")
    res = _draft(tmp_path, "59", PLAN_59)
    assert [a["title"] for a in res.tables["axes"]][0] == "Prévenir au plus tôt et soutenir les parents"
    assert (
        res.tables["plans"][0]["title"] == "Schéma départemental de prévention et de protection de l'enfance 2026-2030"
    )
    title_23 = next(a["title"] for a in res.tables["actions"] if a["action_id"] == "2.3")
    assert title_23.endswith("les moyens de ses missions")
    last_of_axis_1 = [i["text"] for i in res.tables["indicators"] if i["action_id"] == "1.3"]
    assert not any("lire aussi" in t or "‹" in t for t in last_of_axis_1)


def test_a_label_centred_in_its_cell_takes_the_lines_above_it(plan60):
    """60 sheet 1.1 (l.115-126): inscriptis prints each label on the middle line of its cell:
    « * Recruter trois puéricultrices … » (l.118) above « Étapes » is a step, « 1er semestre
    2026 : recrutement … » (l.121) above « Calendrier » is a date; 2.1 (l.222): « Parquet du
    tribunal judiciaire de Vaudreuil » under the pilot line is the first partner."""
    assert _lines(PLAN_60, 121, 121)[0][1].strip().startswith("1er semestre 2026")
    steps = [r["text"] for r in plan60.tables["sub_actions"] if r["action_id"] == "1.1"]
    assert steps[0].startswith("Recruter trois puéricultrices") and len(steps) == 3
    cal = [(r["year"], r["semester"]) for r in plan60.tables["calendar"] if r["action_id"] == "1.1"]
    assert cal == [(2026, 1), (2026, 2), (2027, None)]
    assert ("partner", "Parquet du tribunal judiciaire de Vaudreuil") in _actors(plan60, "2.1")
    assert [n for role, n in _actors(plan60, "2.1") if role == "pilot"] == [
        "Cellule de recueil des informations préoccupantes (CRIP)"
    ]


def test_the_draft_of_indented_web_text(tmp_path):
    """60 untouched draft: inscriptis indents every line (l.113 « ␣␣Fiche action n° 1.1 – … »):
    the eleven sheets are read; the review aligned with spaces (l.434-444), a row with an
    empty comment cell (l.441) too; the youth themes indented less than their items."""
    assert _lines(PLAN_60, 113, 113)[0][1].startswith("  Fiche action n° 1.1")
    res = _draft(tmp_path, "60", PLAN_60)
    assert len(res.tables["actions"]) == 11
    review = {r["ref"]: r["status"] for r in res.tables["previous_review"]}
    assert len(review) == 10 and review["7"] == "realise"
    assert {r["theme"] for r in res.tables["youth_recommendations"]} == {
        "Ma vie au quotidien",
        "L'école et mes projets",
        "Préparer mes 18 ans",
    }


def test_w3m_centres_some_cells_up_and_some_down():
    """79 sheet 4.1 (w3m): « Mission locale du Pays-d'Aurance » printed under the pilots'
    wrapped name is the first of four partners (its label on the cell's upper middle line),
    while the steps' label sits on the lower one, a wrapped step above it."""
    res = parse_fixture("79_pays-d-aurance_2026-2030.txt", "79_pays-d-aurance.yml")
    assert _actors(res, "4.1")[:3] == [
        ("pilot", "Direction de l'enfance et de la famille"),
        ("pilot", "Direction de l'insertion et de l'emploi"),
        ("partner", "Mission locale du Pays-d'Aurance"),
    ]


# Plan 57 (Val-d'Essonne-Haute): a Word document converted to reStructuredText by pandoc
# (``pandoc plan.docx -t rst``): grid tables whose first row is always printed as a header
# (``+===+`` under « Pilote(s) »), section titles underlined with ``=``, ``-``, ``~``, a
# contents list ending on page numbers after a plain space, a table cut by a page break
# into a second one headed « Fiche action n° 4.1 (suite) », a year grid under a caption
# row with a « Budget » row merged over the years (tests/fixtures/57_run.md).
PLAN_57 = "57_val-d-essonne-haute_2026-2030.txt"


@pytest.fixture(scope="module")
def plan57():
    return parse_fixture(PLAN_57, "57_val-d-essonne-haute.yml")


def test_a_grid_tables_header_rule_is_no_value(plan57):
    """57 l.134-137: the first row of every grid table is printed as its header, its
    ``+===+`` rule under the row's last line: no pilot « |---|---| », the rule is markup."""
    assert _lines(PLAN_57, 137, 137)[0][1].startswith("+====")
    assert _actors(plan57, "1.1")[0] == (
        "pilot",
        "Direction de la protection maternelle et infantile et de la santé (DPMIS)",
    )
    assert not any("---" in name for _, name in _actors(plan57, "1.1"))


def test_a_header_row_of_labels_in_a_grid_table(plan57):
    """57 l.382-386: « Pilote | Partenaires | Échéance | Coût estimé » over its values: one
    pilot, five partners, the years 2026-2028."""
    assert _actors(plan57, "2.2")[0] == ("pilot", "Observatoire départemental de la protection de l'enfance (ODPE)")
    assert len(_actors(plan57, "2.2")) == 6
    assert [r["year"] for r in plan57.tables["calendar"] if r["action_id"] == "2.2"] == [2026, 2027, 2028]


def test_a_year_grid_under_a_caption_with_a_merged_budget_row(plan57):
    """57 l.511-529: a caption row, then « Étape | 2026 … 2030 » and four rows of marks
    printed with blank lines between them; the « Budget » row merged over the years is the
    budget, not a step of the grid."""
    cal = [(r["year"], r["label"]) for r in plan57.tables["calendar"] if r["action_id"] == "3.1"]
    assert len(cal) == 11 and (2027, "Relais congés") in cal
    res = next(a for a in plan57.tables["actions"] if a["action_id"] == "3.1")["resources_text"]
    assert res.startswith("1,2 M€ sur la durée du schéma")


def test_underlines_contents_entries_and_a_continued_header_are_markup(plan57):
    """57: « FICHE 3.2 » (l.531) underlined « --------- » takes its title from the bold line
    below; « Orientation 1 – … dès la » / « grossesse 7 » (l.22-23), a contents entry ending
    on its page number, is no axis (its heading is printed at l.122); « | Fiche action n° 4.1
    (suite) | » (l.665) heading the second part of a table cut by a page break is no step."""
    assert _lines(PLAN_57, 532, 532)[0][1] == "---------"
    titles = {a["action_id"]: a["title"] for a in plan57.tables["actions"]}
    assert titles["3.2"].startswith("Adapter l'offre d'accueil en établissement")
    axes = {a["axis_id"]: (a["title"], a["first_line"]) for a in plan57.tables["axes"]}
    assert axes["1"] == ("Prévenir les difficultés et soutenir les parents dès la grossesse", 122)
    assert not any("suite" in r["text"] for r in plan57.tables["sub_actions"])


def test_lines_padded_to_the_pages_width_carry_no_wrap_mark():
    """58 (pdfplumber, ``extract_text(layout=True)``) pads every line to 82 characters: l.1044
    « … à chaque jeune dès 16 ans » ends with the one space pypdf leaves where it wraps, yet
    the step ends there and « Signer un contrat jeune majeur … » is the next one."""
    plan = "58_causses-de-brenne_2026-2030.txt"
    line = _lines(plan, 1044, 1044)[0][1]
    assert len(line) == 82 and line.endswith("16 ans ")
    res = parse_fixture(plan, "58_causses-de-brenne.yml")
    steps = [r["text"] for r in res.tables["sub_actions"] if r["action_id"] == "4.1"]
    assert steps[0] == "Proposer un entretien d'autonomie à chaque jeune dès 16 ans"
    assert steps[1].startswith("Signer un contrat jeune majeur")


@pytest.fixture(scope="module")
def plan58():
    return parse_fixture("58_causses-de-brenne_2026-2030.txt", "58_causses-de-brenne.yml")


PLAN_58 = "58_causses-de-brenne_2026-2030.txt"


def test_a_year_grid_with_a_corner_label_read_across_its_row_gaps(plan58):
    """58 2.1 (l.615-621): pdfplumber prints the grid's corner cell on the years' line
    (« Étape   2026   2027 … ») and a blank line between some rows; 3.3 (l.992-998) prints
    « Médecin référent protection de l'enfance ■ », the mark pushed right by its long label
    (left of the 2027 column: 2026)."""
    assert _lines(PLAN_58, 615, 615)[0][1].split()[:2] == ["Étape", "2026"]
    assert not _lines(PLAN_58, 620, 620)[0][1].strip()
    rows = {(r["year"], r["label"]) for r in plan58.tables["calendar"] if r["action_id"] == "2.1"}
    assert rows == {
        (2026, "Renfort de l'équipe d'évaluation"), (2027, "Renfort de l'équipe d'évaluation"),
        (2026, "Logiciel de suivi des informations"), (2027, "Logiciel de suivi des informations"),
        (2027, "Protocole départemental"),
        *((y, "Tableau de bord annuel des délais") for y in (2027, 2028, 2029, 2030)),
    }  # fmt: skip
    health = {(r["year"], r["label"]) for r in plan58.tables["calendar"] if r["action_id"] == "3.3"}
    assert (2026, "Médecin référent protection de l'enfance") in health
    assert {y for y, label in health if label == "Carnet de santé numérique partagé"} == {2028, 2029}


def test_a_label_column_a_character_off_and_wrapped_over_three_lines(plan58):
    """58 3.2 (l.915-921): « Modalités de  Créer … » / « mise en œuvre l'ASE, … », its value a
    character right of the value column above it (« Constat »); 2.3 (l.742-779): « Étapes / »
    / « Modalités de » / « mise en œuvre », a blank line inside the cell and the page break
    (« Fiche action n° 2.3 (suite) ») before its last two steps; 3.1 (l.857-861) a blank line
    between two steps."""
    steps = {
        aid: [r["text"] for r in plan58.tables["sub_actions"] if r["action_id"] == aid] for aid in ("2.3", "3.1", "3.2")
    }
    assert steps["3.2"][0] == (
        "Créer une unité de douze places pour les enfants en situation de handicap confiés à l'ASE, "
        "en co-financement avec l'ARS"
    )
    assert len(steps["3.2"]) == 4 and steps["3.2"][3].endswith("avec les associations gestionnaires")
    assert steps["2.3"][0] == "Refondre le modèle départemental de PPE avec les professionnels et des jeunes accueillis"
    assert steps["2.3"][4:] == [
        "Intégrer le PPE au dossier informatisé de l'enfant",
        "Créer une version du PPE rédigée avec des mots simples et remise à l'enfant",
    ]
    assert len(steps["3.1"]) == 4


def test_a_unit_after_its_bodys_dash_ends_the_name_above_a_new_body(plan58):
    """58 4.2 (l.1102-1103): « Éducation nationale – centre académique … (CASNAV) » over
    « Associations d'hébergement et d'insertion », no glyph: two partners."""
    partners = [n for role, n in _actors(plan58, "4.2") if role == "partner"]
    assert partners[-2:] == [
        "Éducation nationale – centre académique pour la scolarisation des enfants allophones (CASNAV)",
        "Associations d'hébergement et d'insertion",
    ]


def test_a_review_table_laid_out_in_columns(plan58):
    """58 Annexe 1 (l.1295-1311): each row's cells side by side, their next lines below where
    each cell starts: « (CRIP) … 2021 » under row 1, « réalisée    prévues » under row 2's
    « Partiellement 24 places … »."""
    rows = {r["ref"]: r for r in plan58.tables["previous_review"]}
    assert (rows["1"]["title"], rows["1"]["status"], rows["1"]["details_text"]) == (
        "Créer une cellule de recueil des informations préoccupantes (CRIP)", "realise",
        "CRIP opérationnelle depuis 2021",
    )  # fmt: skip
    assert (rows["2"]["title"], rows["2"]["status_raw"], rows["2"]["details_text"]) == (
        "Développer l'accueil de jour", "Partiellement réalisée", "24 places ouvertes sur 40 prévues",
    )  # fmt: skip
    assert rows["9"]["title"] == "Accompagner les jeunes majeurs vers le logement"


def test_the_draft_of_a_designed_pdf_in_layout_mode(tmp_path):
    """58 untouched draft: the cover's title stretched over two lines with a blank between
    (l.21-23, « Schéma         départemental            de   prévention » / « et  de
    protection …  de   l'enfance »); the axes printed « ORIENTATION 1 » alone (l.391), their
    titles below, the contents lines (l.80) ending on their page number; the grid header
    « Action   2026   2027 … » (l.992) no sheet; the running header (l.67, 22 times, three
    blank lines under the footer above it) skipped; the governance chapter after the sheets
    indented (l.1223) as every line of the page."""
    assert _lines(PLAN_58, 21, 21)[0][1].strip().startswith("Schéma         départemental")
    draft = draft_for("58", PLAN_58)
    assert "continued_by:" in draft and "title_below: 7" in draft
    assert re.search(yaml.safe_load(draft)["sheets_end"], _lines(PLAN_58, 1223, 1223)[0][1])
    res = _draft(tmp_path, "58", PLAN_58)
    assert res.tables["plans"][0]["title"] == "Schéma départemental de prévention et de protection de l'enfance"
    assert [a["axis_id"] for a in res.tables["axes"]] == ["1", "2", "3", "4"]
    assert res.tables["axes"][1]["title"] == "Mieux repérer, évaluer et protéger"
    assert [a["action_id"] for a in res.tables["actions"]][-4:] == ["3.3", "4.1", "4.2", "4.3"]
    assert not any("Causses-de-Brenne   Schéma" in r["text"] for r in res.tables["indicators"])
