"""Plans read since plan 22 (pandoc's MediaWiki, tests/fixtures/22_run.md) and plan 21
(`pdftotext -raw` of a Word document, tests/fixtures/21_run.md), each written and read by hand
by one engineer and configured blind by another: wiki tables read as pipe rows, a review of
tick columns, a review written as sentences, quoted youth words, « unit – directorate »
pilots. Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import draft_for, parse_fixture

from schemalab.actors import load_registry
from schemalab.extract import mediawiki_lines, normalise_lines, read_lines
from schemalab.parsers.configurable import ConfigError, load_config_parser, prose_review_status

FIXTURES = Path(__file__).parent / "fixtures"
WIKI = "22_haute-vezere_2026-2030.txt"


def read(first: int, last: int) -> dict[int, str]:
    """Lines ``first`` to ``last`` of plan 22 as every reader reads them (:func:`read_lines`)."""
    text = read_lines((FIXTURES / WIKI).read_bytes(), WIKI)
    return {n: text[n - 1] for n in range(first, last + 1)}


@pytest.fixture(scope="module")
def wiki():
    return parse_fixture(WIKI, "22_haute-vezere.yml", strict=True)


def test_a_wiki_table_is_one_pipe_row_per_row():
    """22 l.107-113: `|-` / `| '''Actions à mettre en œuvre'''` / `| # Proposer …` / `# Déployer
    … :` / `#* par les sages-femmes …`: one pipe row on the label's line, the steps numbered as
    printed, the `#*` items details under their step; the other lines of the row blank."""
    rows = read(107, 114)
    assert rows[107] == ""
    assert rows[108].startswith("| **Actions à mettre en œuvre** | 1. Proposer un entretien prénatal précoce")
    assert (
        " <br> 2. Déployer des visites à domicile pré et postnatales renforcées : <br>   - par les sages-femmes"
        in rows[108]
    )
    assert rows[108].endswith(
        "3. Créer deux consultations avancées de PMI dans les maisons France services du plateau |"
    )
    assert all(rows[n] == "" for n in range(109, 114))
    heading = read(140, 140)[140]
    assert heading == "## Action n°2 : Améliorer le recueil et le traitement des informations préoccupantes"


def test_a_table_nested_in_a_cell_prints_its_own_rows():
    """22 l.302-339: `| '''Calendrier'''` / `| {| class="wikitable"` / `! Étape` / `! 2026` …: the
    year grid inside the cell gives its own pipe rows, after the row holding it."""
    rows = read(302, 341)
    assert rows[302] == "| **Calendrier** |  |"
    assert rows[305] == "| Étape | 2026 | 2027 | 2028 | 2029 | 2030 |"
    assert rows[319] == "| Transformation des places de MECS |  | X | X |  |  |"
    assert rows[341].startswith("| **Coût / financement** | Investissement : 2,4 M€")


def test_text_without_wiki_tables_is_left_as_it_is():
    text = normalise_lines((FIXTURES / "98_essai_2025-2029.txt").read_text(encoding="utf-8"))
    assert mediawiki_lines(text) == text


def test_the_wiki_plan_reads_its_steps_grid_review_and_youth_words(wiki):
    steps = [r for r in wiki.tables["sub_actions"] if r["action_id"] == "1"]
    assert [s["ref"] for s in steps] == ["1", "2", "3"]
    assert steps[1]["details_text"] == (
        "par les sages-femmes et puéricultrices de PMI\nen lien avec les maternités de Saint-Aulaire et d'Ussac-le-Haut"
    )
    grid = {(r["year"], r["label"]) for r in wiki.tables["calendar"] if r["action_id"] == "5"}
    assert (2026, "Appel à projets accueil d'urgence") in grid and (2028, "Ouverture du lieu de vie") in grid
    review = {r["ref"]: r for r in wiki.tables["previous_review"]}
    # l.679-684: `| 1.1` / title / `|` / `| X` / `|` / remark: the X under « Partiellement réalisée »
    assert (review["1.1"]["status"], review["1.1"]["status_raw"]) == ("partiel", "Partiellement réalisée")
    assert review["1.1"]["details_text"] == "Deux consultations sur les quatre prévues"
    assert review["1.1"]["context"] == "Axe 1 – Prévention et soutien à la parentalité"
    assert (review["2.1"]["status"], review["3.4"]["status"]) == ("non_realise", "non_realise")
    youth = wiki.tables["youth_recommendations"]
    # l.769: « Qu'on nous demande notre avis … » then its speaker, *— Inès, 16 ans, MECS*, no item
    assert len(youth) == 10 and youth[0]["theme"] == "Être écoutés et associés aux décisions"
    assert youth[0]["text"] == "Qu'on nous demande notre avis avant de décider d'un changement de famille d'accueil."


def test_the_draft_reads_the_wiki_plan():
    """The untouched draft maps « Actions à mettre en œuvre » to the steps, drafts the tick
    columns and the review's axis rows, and the quoted youth words between their marks."""
    draft = draft_for("22", WIKI)
    assert "'Actions à mettre en œuvre': sub_actions" in draft
    assert "columns: {ref: 0, title: 1, status: [2, 3, 4]}" in draft
    assert "groups: ['^Axe\\b']" in draft
    assert '(?:«|“|"(?=\\S))\\s*(?P<text>' in draft


@pytest.mark.parametrize(
    "line",
    [
        # 22 l.769, the signature on the line below
        "« Qu'on nous demande notre avis avant de décider d'un changement de famille d'accueil. »",
        # plan 20's shape: the signature on the quotation's line, in italics
        "« Pouvoir voir un psy sans attendre six mois. » *— Kévin, 16 ans, MECS*",
        "“On voudrait être invités aux réunions où on parle de nous.”",
    ],
)
def test_a_quoted_recommendation_is_its_words_between_the_marks(line):
    from schemalab.scaffold import _YOUTH_QUOTE

    m = _YOUTH_QUOTE.match(line)
    assert m is not None and not m.group("text").startswith(("«", "“")) and not m.group("text").endswith(("»", "”"))
    assert "Kévin" not in m.group("text")


def test_tick_columns_must_be_a_list_of_cells(tmp_path):
    cfg = (FIXTURES / "22_haute-vezere.yml").read_text(encoding="utf-8")
    bad = tmp_path / "22_bad.yml"
    bad.write_text(cfg.replace("status: [2, 3, 4]", "status: [2]"), encoding="utf-8")
    with pytest.raises(ConfigError, match="status a list"):
        load_config_parser(bad)


@pytest.mark.parametrize(
    "cell, names",
    [
        # 22 l.162, l.447; 21 l.62-64: a unit and its directorate, either order: one row
        (
            "CRIP – Direction de l'enfance et de la famille (DEF)",
            ["CRIP – Direction de l'enfance et de la famille (DEF)"],
        ),
        ("Médecin référent protection de l'enfance – DEF", ["Médecin référent protection de l'enfance – DEF"]),
        ("DEF – PMI", ["DEF – PMI"]),
        # a person's title names its own body (Lot-et-Garonne's reference reading)
        ("DEF – Directrice FDE", ["DEF", "Directrice FDE"]),
        # a body of another kind is another body
        ("DEF – CAF", ["DEF", "CAF"]),
        # a known body, then what it is named for (24 l.272): the body
        ("DEF / ARS pour les structures médico-sociales", ["DEF", "ARS"]),
    ],
)
def test_a_unit_and_its_directorate_joined_by_one_dash_are_one_row(cell, names):
    assert [m.part for m in load_registry().resolve(cell)] == names


@pytest.mark.parametrize(
    "clause, raw, rest",
    [
        ("a été réalisée en 2022 à Surgères", "a été réalisée", "en 2022 à Surgères"),
        ("n'a pas pu être engagée faute de porteur de projet", "n'a pas pu être engagée", "faute de porteur de projet"),
        (
            "est partiellement réalisée : le service a ouvert sur un seul des trois territoires",
            "est partiellement réalisée",
            "le service a ouvert sur un seul des trois territoires",
        ),
        ("est toujours en cours et se poursuit", "est toujours en cours", "et se poursuit"),
        ("a été confiée à un prestataire", "a été confiée", "à un prestataire"),
    ],
)
def test_a_prose_reviews_status_is_its_verb_phrase(clause, raw, rest):
    assert prose_review_status(clause) == (raw, rest)


RAW = "21_bas-aunis_2025-2029.txt"


@pytest.fixture(scope="module")
def raw():
    return parse_fixture(RAW, "21_bas-aunis.yml")


def test_a_review_written_as_sentences_is_read_action_by_action(raw):
    """21 l.330-333: « L'action 1.1, « Développer les visites à domicile de la PMI », a été
    réalisée en 2021 ; … l'action 1.3, « … », n'a » / page footer / « pas pu être engagée faute
    de porteur de projet ; »: a row per action, the footer out of the sentence it cuts."""
    review = {r["ref"]: r for r in raw.tables["previous_review"]}
    assert len(review) == 11
    assert (review["1.1"]["title"], review["1.1"]["status"], review["1.1"]["details_text"]) == (
        "Développer les visites à domicile de la PMI",
        "realise",
        "en 2021",
    )
    assert (review["1.3"]["status_raw"], review["1.3"]["details_text"]) == (
        "n'a pas pu être engagée",
        "faute de porteur de projet",
    )
    assert (review["2.4"]["status"], review["3.2"]["status"]) == ("en_cours", "partiel")
    assert review["3.3"]["context"] == "Orientation 3 – Mieux piloter la politique de protection de l'enfance"
    assert raw.tables["plans"][0]["review_summary"].startswith("7 des 11 actions du schéma 2019-2024")


def test_a_programme_printed_with_single_spaces_is_read_year_by_year(raw):
    """21 l.290-306: « … en milliers d'euros (k€). » / « Action 2025 2026 2027 2028 2029 Total » /
    « 1.2.2 15 15 15 – – 45 » / « 2.1.1 200 250 300 300 300 1 350 »: each year's amount of the
    sheet, in k€, the dashes no amount, the Total the sheet's total of them; the caption's
    « Crédits … du Département » their payer."""
    money = [(r["year"], r["amount_eur"], r["role"]) for r in raw.tables["budget_lines"] if r["first_line"] == 296]
    assert money == [
        (2025, 15000.0, "component"),
        (2026, 15000.0, "component"),
        (2027, 15000.0, "component"),
        (None, 45000.0, "total"),
    ]
    money = [(r["year"], r["amount_eur"]) for r in raw.tables["budget_lines"] if r["first_line"] == 302]
    assert money == [(2026, 300000.0), (2027, 600000.0), (2028, 600000.0), (2029, 600000.0), (None, 2100000.0)]
    read = [r for r in raw.tables["budget_lines"] if r["first_line"] in (296, 302)]
    assert {(r["nature"], r["payer"]) for r in read} == {("planned", "Département")}


def test_a_programme_s_total_rows_wrapped_above_their_numbers_are_the_plan_s_totals(raw):
    """21 l.297-300: « Total » / « orientation » / « 1 » / « 310 270 270 255 255 1 360 »: the
    orientation's totals by year and in all (k€), of the plan's money, never added to the
    sheets' amounts; l.319-321 « Total » / « général » / « 770 1 100 … 6 200 » likewise."""
    rows = [r for r in raw.tables["budget_lines"] if r["first_line"] == 300]
    assert [(r["year"], r["amount_eur"]) for r in rows] == [
        (2025, 310000.0),
        (2026, 270000.0),
        (2027, 270000.0),
        (2028, 255000.0),
        (2029, 255000.0),
        (None, 1360000.0),
    ]
    assert {(r["action_id"], r["role"], r["scope"]) for r in rows} == {(None, "total", "plan_envelope")}
    assert rows[0]["context"].endswith("Total orientation 1 310 270 270 255 255 1 360")
    general = [r["amount_eur"] for r in raw.tables["budget_lines"] if "Total général" in r["context"]]
    assert general == [770000.0, 1100000.0, 1450000.0, 1435000.0, 1445000.0, 6200000.0]


@pytest.mark.parametrize(
    "tokens, cells",
    [
        ("80 120 120 120 120 560", ["80", "120", "120", "120", "120", "560"]),
        ("420 780 1 130 1 130 1 130 4 590", ["420", "780", "1 130", "1 130", "1 130", "4 590"]),
        ("770 1 100 1 450 1 435 1 445 6 200", ["770", "1 100", "1 450", "1 435", "1 445", "6 200"]),
        ("– 300 600 600 600 2 100", [None, "300", "600", "600", "600", "2 100"]),
        ("80 120 120 120 120 561", None),  # no grouping whose Total is the sum of its years
    ],
)
def test_a_row_of_numbers_is_grouped_by_its_total(tokens, cells):
    from schemalab.parsers.configurable import programme_cells

    assert programme_cells(tokens.split(), 6, True) == cells


def test_the_draft_reads_the_raw_pdf_text_plan():
    """21: the run-in labels (« Contexte. … », « Ce que nous allons faire. », « Comment
    saurons-nous que c'est réussi ? »), the bare « Échéance 2025-2027 », the prose review; the
    youth table's « Action 2.2.1 » lines (l.352) no sheets."""
    draft = draft_for("21", RAW)
    assert "'Ce que nous allons faire.': sub_actions" in draft
    assert "'Comment saurons-nous que c''est réussi ?': indicators" in draft
    assert "'Échéance': calendar" in draft
    assert "cells: prose" in draft
    assert "sheets_end: '^\\s*Programmation financière'" in draft


def test_lower_case_items_under_a_step_ending_with_a_colon_are_its_details(raw):
    """21 l.127-131: «  Déployer … d'évaluation : » then «  former l'ensemble des évaluateurs
    en 2025 ; » (same glyph, same indentation, lower case): details of the step."""
    steps = [r for r in raw.tables["sub_actions"] if r["action_id"] == "1.2.1"]
    colon = next(s for s in steps if s["text"].endswith(":"))
    assert colon["details_text"].split("\n")[0] == "former l'ensemble des évaluateurs en 2025 ;"
    assert not any(s["text"][:1].islower() for s in steps)


def test_two_bodies_joined_by_et_with_brackets_inside_the_second():
    names = [m.part for m in load_registry().resolve("DEF et Agence régionale de santé (ARS) Nouvelle-Aquitaine")]
    assert names == ["DEF", "Agence régionale de santé (ARS) Nouvelle-Aquitaine"]


def test_a_review_row_ticked_nowhere_takes_the_status_its_comment_opens_on():
    """20 l.712-718: « | 10 » / « | Développer les séjours de rupture » / three empty status
    cells / « | En cours : appel à projets lancé en 2025 »: en cours, as printed in the comment."""
    res = parse_fixture("20_haute-vezere_2026-2030.txt", "20_haute-vezere.yml")
    row = next(r for r in res.tables["previous_review"] if r["ref"] == "10")
    assert (row["status"], row["status_raw"]) == ("en_cours", "En cours")
    assert row["details_text"] == "En cours : appel à projets lancé en 2025"


def test_an_actions_step_rows_printed_without_its_merged_cells_are_its_steps():
    """19 l.75-77: « | 1 | Renforcer l'accompagnement périnatal par la PMI | Généraliser
    l'entretien prénatal précoce … | Service de PMI | … | 2026 | … | » then « | Déployer les
    visites à domicile … | 2026-2027 | » (markitdown dropped the cells merged down the rows):
    the short rows are action 1's further steps and dates, one each."""
    res = parse_fixture("19_monts-de-cerou_2026-2030.txt", "19_monts-de-cerou.yml")
    assert len(res.tables["actions"]) == 12
    steps = [r["text"] for r in res.tables["sub_actions"] if r["action_id"] == "1"]
    assert steps == [
        "Généraliser l'entretien prénatal précoce en lien avec les maternités",
        "Déployer les visites à domicile de sages-femmes et puéricultrices de PMI après la sortie de maternité",
        "Ouvrir deux consultations itinérantes (« PMI mobile ») sur le plateau de Lévignac et le canton de Cordes-Vieille",
    ]
    assert (2027, 2) in {(r["year"], r["semester"]) for r in res.tables["calendar"] if r["action_id"] == "1"}


def test_the_draft_ends_the_action_tables_before_the_review():
    """19 l.150: the legend line « Légende : 🟢 réalisée · … » between the last action table
    and the review's: the review's rows are no actions (the draft parses)."""
    from schemalab.scaffold import action_tables

    text = read_lines((FIXTURES / "19_monts-de-cerou_2026-2030.txt").read_bytes(), "19")
    assert [t["header"] for t in action_tables(text)] == [74, 97, 123]
    assert max(t["rows"][-1] for t in action_tables(text)) < 140


def test_reviewed_rows_take_the_status_of_the_heading_they_are_listed_under():
    """18 l.530-533: « Actions réalisées » / «  Action 3 – Créer un accueil de jour (ouvert en
    2021) »: réalisée, the remark in brackets the row's details."""
    res = parse_fixture("18_basse-sorgue_2025-2030.txt", "18_basse-sorgue.yml")
    review = {r["ref"]: r for r in res.tables["previous_review"]}
    assert (review["Action 3"]["title"], review["Action 3"]["status"], review["Action 3"]["details_text"]) == (
        "Créer un accueil de jour",
        "realise",
        "ouvert en 2021",
    )
    assert review["Action 9"]["status"] == "en_cours" and review["Action 11"]["status"] == "non_realise"


@pytest.mark.parametrize(
    "cell, names",
    [
        # 18: names written in a sentence lose their article; a capital « La » may open a name
        ("la DEF, en lien avec les centres sociaux", ["DEF", "centres sociaux"]),
        ("l'Agence régionale de santé (ARS)", ["Agence régionale de santé (ARS)"]),
    ],
)
def test_an_actor_named_in_a_sentence_keeps_no_article(cell, names):
    assert [m.part for m in load_registry().resolve(cell)] == names
