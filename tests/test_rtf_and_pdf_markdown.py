"""Plans 63 and 64: each written and read by hand by one helper with the real converter,
configured blind by another from the README alone (tests/fixtures/63_run.md, 64_run.md).

- 63 (Pays-de-Vernelle): a Word document saved as RTF by LibreOffice and read by striprtf
  (``rtf_to_text``): each table cell followed by ``|`` (``Pilote(s)|Direction …|``), a
  cell's other paragraphs on lines of their own, no leading pipe and no rule, a year merged
  over two semester columns printed once, Word's Symbol bullets.
- 64 (Monts-de-Lure): a designed PDF converted to Markdown by pymupdf4llm
  (``to_markdown``): headings both marked and bold (``#### **Fiche action n° 1.1 – …**``),
  a space at the end of every line, every printed line of a table cell cut by ``<br>``
  (a wrap as an item break), a table row cut from its table by a page break printed as
  ``**Label** value``.

Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import draft_for, fixture_lines, parse_fixture

from schemalab.extract import ParseError, read_lines
from schemalab.parsers.configurable import load_config_parser

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_63 = "63_pays-de-vernelle_2026-2030.txt"
PLAN_64 = "64_monts-de-lure_2026-2030.txt"
_lines = fixture_lines


@pytest.fixture(scope="module")
def plan63():
    return parse_fixture(PLAN_63, "63_pays-de-vernelle.yml")


@pytest.fixture(scope="module")
def plan64():
    return parse_fixture(PLAN_64, "64_monts-de-lure.yml")


def _rows(res, table: str, aid: str, *cols: str) -> list[tuple]:
    return [tuple(r[c] for c in cols) for r in res.tables[table] if r["action_id"] == aid]


def test_a_striprtf_row_is_a_pipe_row_with_its_paragraphs(plan63):
    """63 sheet 1.1, l.54-55: « Pilote(s)|Direction … (PMI) » / « Médecin départemental de
    PMI| »: one row, its cell's two paragraphs two pilots, read at the row's first line."""
    assert _lines(PLAN_63, 54, 55)[1][1].endswith("PMI|")
    assert read_lines((FIXTURES / PLAN_63).read_bytes())[53].startswith("| Pilote(s) | Direction")
    assert _rows(plan63, "action_actors", "1.1", "role", "name", "line")[:2] == [
        ("pilot", "Direction de l’enfance et de la famille – service de protection maternelle et infantile (PMI)", 54),
        ("pilot", "Médecin départemental de PMI", 54),
    ]


def test_a_header_row_of_labels_with_no_rule_reads_the_row_below_by_column(plan63):
    """63 sheet 2.3, l.142-146: « Pilote(s)|Partenaires|Calendrier|Budget| » over a values
    row whose first cell holds two paragraphs: two pilots, three partners, 2026 and 2027."""
    assert _lines(PLAN_63, 142, 142)[0][1] == "Pilote(s)|Partenaires|Calendrier|Budget|"
    assert [n for _, n in _rows(plan63, "action_actors", "2.3", "role", "name") if _ == "pilot"] == [
        "Direction de l’enfance et de la famille – service des actions éducatives",
        "Territoires d’action sociale",
    ]
    assert len([1 for (role,) in _rows(plan63, "action_actors", "2.3", "role") if role == "partner"]) == 3
    assert _rows(plan63, "calendar", "2.3", "year") == [(2026,), (2027,)]


def test_a_year_printed_once_over_its_two_semesters(plan63):
    """63 sheet 3.3, l.214-218: « Étape|2026|2027| » over « |S1|S2|S1|S2| »: the second mark
    column is the second semester of 2026, not 2027."""
    assert _lines(PLAN_63, 214, 215) == [(214, "Étape|2026|2027|"), (215, "|S1|S2|S1|S2|")]
    assert _rows(plan63, "calendar", "3.3", "year", "semester", "line") == [
        (2026, 1, 216),
        (2026, 2, 216),
        (2026, 1, 217),
        (2027, 1, 218),
        (2027, 2, 218),
    ]


def test_lines_next_to_an_open_pipe_row_are_left_as_printed():
    """A pipe table's cell going on below its row (Lot-et-Garonne: « | 2027 | - Réflexion … »
    / « - Déploiement … | ») and a letterless row over a rule are no striprtf rows."""
    text = "- | | |\n|---|---|\n| 2027 | - Réflexion sur une conférence\n- Déploiement des actions. |\n"
    assert read_lines(text) == text.split("\n")


def test_the_draft_reads_striprtf_rows_and_drafts_the_review(tmp_path):
    """63 untouched draft: the labels of the striprtf rows (not « Partenaires| »), the
    chapter after the last sheet (l.267 « Pilotage et évaluation du schéma ») as the sheets'
    end, and the review of Annexe 1 (l.272-282: a header row with no rule) as numbered pipe
    rows."""
    draft = draft_for("63", PLAN_63)
    assert "'Partenaires': partners" in draft and "Partenaires|" not in draft
    assert "sheets_end: '^\\s*Pilotage et évaluation du schéma'" in draft
    yml = tmp_path / "63.yml"
    yml.write_text(draft, encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_63).read_bytes(), PLAN_63)
    assert [r["ref"] for r in res.tables["previous_review"]] == [str(k) for k in range(1, 11)]
    assert res.tables["previous_review"][4]["status"] == "non_realise"


def test_a_cell_wrapped_by_br_is_one_item(plan64):
    """64 sheet 1.1, l.102 and 104: pymupdf4llm cuts every printed line of a cell with
    ``<br>``: « Centre hospitalier de<br>Valcourt – maternité » is one partner, « … pour
    les<br>territoires ruraux<br>Proposer … » one step then the next."""
    assert "Centre hospitalier de<br>Valcourt – maternité" in _lines(PLAN_64, 102, 102)[0][1]
    assert ("partner", "Centre hospitalier de Valcourt – maternité") in _rows(
        plan64, "action_actors", "1.1", "role", "name"
    )
    steps = [t for (t,) in _rows(plan64, "sub_actions", "1.1", "text")]
    assert steps[0] == "Recruter trois puéricultrices et une sage-femme de PMI pour les territoires ruraux"
    assert len(steps) == 4


def test_br_between_items_stays_a_break():
    """A plan whose ``<br>`` separate items (HTML, markitdown: no part after one opens in
    lower case) keeps them apart."""
    row = "| Partenaires | Caisse d'allocations familiales<br>Mutualité sociale agricole<br>Communautés de communes |"
    assert read_lines("\n".join([row] * 6)) == [row] * 6


def test_a_compound_cut_at_its_hyphen_by_br_and_a_bold_heading_in_a_cell(plan64):
    """64 l.215: « médico-<br>sociaux » keeps its hyphen; l.177: « **Indicateurs de
    résultat** » after an item opens the result indicators, not the item's end."""
    assert ("partner", "Établissements et services médico-sociaux") in _rows(
        plan64, "action_actors", "2.3", "role", "name"
    )
    assert _rows(plan64, "indicators", "2.1", "kind", "text")[-2:] == [
        ("resultat", "Délai moyen de traitement d'une information préoccupante"),
        ("resultat", "Part des évaluations closes en moins de trois mois"),
    ]


def test_a_bold_label_and_its_value_after_a_page_break_open_the_field(plan64):
    """64 l.302: « **Indicateurs d'évaluation** Nombre … » printed after the page footer,
    cut from 3.2's table: the indicators, not the budget cell's last line."""
    assert _lines(PLAN_64, 302, 302)[0][1].startswith("**Indicateurs d'évaluation** Nombre de places")
    assert [line for _, line in _rows(plan64, "indicators", "3.2", "text", "line")] == [302]
    assert (
        "Nombre de places" not in next(a for a in plan64.tables["actions"] if a["action_id"] == "3.2")["resources_text"]
    )


def test_an_unknown_pipe_label_is_reported_not_glued(tmp_path):
    """64 l.176: « |**Coût**|180 000 € … | » under 2.1's known labels: with « Coût » not
    mapped, an unknown heading at its line, and the calendar's last label stays whole."""
    yml = tmp_path / "64.yml"
    yml.write_text((FIXTURES / "64_monts-de-lure.yml").read_text(encoding="utf-8").replace("  'Coût': resources\n", ""))
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_64).read_bytes(), PLAN_64)
    assert (176, "Coût") in res.unknown_headings
    assert all("Coût" not in (r["label"] or "") for r in res.tables["calendar"])


def test_the_draft_reads_headings_marked_and_bold_with_trailing_spaces(tmp_path):
    """64 untouched draft: « ## **Schéma … l'enfance** » (l.3) is the title, the twelve
    « #### **Fiche action n° k.j – …** » / « ##### **FICHE 3.j** » / « #### **Action 4.j – …** »
    starts and four « ### **Orientation k – …** » axes are read, the annexes' start lines
    end with pymupdf4llm's trailing space, and the title under « FICHE 3.1 » (l.256) loses
    its « #### »."""
    assert _lines(PLAN_64, 3, 3)[0][1].endswith("** ")
    yml = tmp_path / "64.yml"
    yml.write_text(draft_for("64", PLAN_64), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN_64).read_bytes(), PLAN_64)
    assert res.tables["plans"][0]["title"] == "Schéma départemental de prévention et de protection de l'enfance"
    assert len(res.tables["actions"]) == 12 and len(res.tables["axes"]) == 4
    assert next(a for a in res.tables["actions"] if a["action_id"] == "3.1")["title"] == (
        "Recruter, former et fidéliser les assistants familiaux"
    )
    assert len(res.tables["previous_review"]) == 10 and len(res.tables["youth_recommendations"]) == 10


def test_a_years_spending_on_child_protection_is_its_annual_budget(plan63):
    """63 l.40: « 71,4 millions d'euros de dépenses de protection de l'enfance en 2024
    (compte administratif), contre 63,2 M€ en 2021 »: two years' spending, each its year,
    not the previous plan's money; the schéma's envelope (l.41) stays the plan's."""
    assert "dépenses de protection de l’enfance en 2024" in _lines(PLAN_63, 40, 40)[0][1]
    plan_money = [(r["amount_eur"], r["scope"], r["year"]) for r in plan63.tables["budget_lines"] if not r["action_id"]]
    assert plan_money == [
        (71_400_000.0, "annual_budget", 2024),
        (63_200_000.0, "annual_budget", 2021),
        (6_800_000.0, "plan_envelope", None),
    ]


def test_a_start_line_missed_for_its_trailing_space_is_named(tmp_path):
    """64 l.402 « ### **Annexe 1 – Bilan du schéma 2020-2025** » ends with a space: a
    `review.start` written to the line's end without allowing it matches no line, and the
    error names the line that would match, and why."""
    assert _lines(PLAN_64, 402, 402)[0][1].endswith("** ")
    yml = tmp_path / "64.yml"
    text = (FIXTURES / "64_monts-de-lure.yml").read_text(encoding="utf-8")
    yml.write_text(text.replace("2020\\-2025\\*\\*\\s*$'", "2020\\-2025\\*\\*$'"), encoding="utf-8")
    with pytest.raises(ParseError, match=r"line 402 would once its markup or the spaces around it are dropped"):
        load_config_parser(yml)().parse((FIXTURES / PLAN_64).read_bytes(), PLAN_64)


def test_an_amount_takes_the_nature_its_budget_label_says_in_any_layout(plan63):
    """63: the label in a cell of its own (l.68 « Budget / Coût|150 000 € par an … | »,
    l.82 « Financement|80 000 euros par an … | ») says the nature as the label on the
    amount's line does (l.250 « Budget : 600 000 € par an … »): a cost estimate, planned."""
    nature = {(r["action_id"], r["amount_eur"]): r["nature"] for r in plan63.tables["budget_lines"]}
    assert nature[("1.1", 150_000.0)] == "cost_estimate"
    assert nature[("1.2", 80_000.0)] == nature[("4.2", 600_000.0)] == "planned"
