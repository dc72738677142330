"""Plans 35-39: a plan whose money is only in a financial programme annexed to it, read by
`pdftotext -layout` (35), an Excel workbook read by `xlsx2csv -a` (36), Word documents exported
to PDF and read by PyMuPDF with `sort=True` (37) and `pdftotext -layout` with sheets numbered
by their axis's letter (38), a LibreOffice HTML page dumped by ELinks (39). Each written and
read by hand by one helper and configured blind by another from the README alone
(tests/fixtures/3N_run.md). Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_actors, sheet_values

PROGRAMME = "35_val-de-mirande_2026-2030.txt"
WORKBOOK = "36_monts-d-aubrelle_2026-2030.txt"
PYMUPDF = "37_val-d-escoulene_2026-2030.txt"
LETTERS = "38_haut-lirancais_2026-2030.txt"
ELINKS = "39_pays-de-sorvenne_2026-2030.txt"


def _calendar(res, aid: str) -> list[tuple]:
    return [(r["year"], r["semester"], r["label"]) for r in res.tables["calendar"] if r["action_id"] == aid]


@pytest.fixture(scope="module")
def plan36():
    return parse_fixture(WORKBOOK, "36_monts-d-aubrelle.yml")


@pytest.fixture(scope="module")
def plan39():
    return parse_fixture(ELINKS, "39_pays-de-sorvenne.yml")


def test_a_workbook_s_sheets_each_a_csv_table_of_its_own_width():
    """L.1 « -------- 1 - Présentation », l.10 « -------- 2 - Orientation 1 » (xlsx2csv -a): the
    three-cell key figures and the nine-cell action rows are each read as TSV rows, no record
    quoted at its start."""
    from schemalab.extract import read_lines

    lines = read_lines((FIXTURES / WORKBOOK).read_bytes())
    assert fixture_lines(WORKBOOK, 10, 10)[0][1] == "-------- 2 - Orientation 1"
    assert lines[11].split("\t")[:3] == ["N°", "Action", "Objectifs"]
    assert lines[6] == "Dépenses de protection de l'enfance (compte administratif 2024)\t98500000"


def test_the_workbook_draft_reads_every_action(tmp_path):
    """The configuration `new-department` drafts reads the 13 action rows (the blind run read
    them only as numbers and titles: no key read this CSV)."""
    from schemalab.parsers.configurable import load_config_parser

    cfg = tmp_path / "36_draft.yml"
    cfg.write_text(draft_for("36", WORKBOOK), encoding="utf-8")
    res = load_config_parser(cfg)().parse((FIXTURES / WORKBOOK).read_bytes(), WORKBOOK)
    assert len(res.tables["actions"]) == 13
    assert len(res.tables["action_actors"]) == 54


def test_a_bare_number_under_a_money_column_naming_no_unit(plan36):
    """L.16 « …;2026-2027;…;180000 » under « Budget »: 180 000 €."""
    assert sheet_values(plan36, "budget_lines", "1.1", "amount_eur") == [180000.0]


def test_a_theme_printed_on_its_first_item_s_row(plan36):
    """L.89 « Vie quotidienne;1;Pouvoir garder … », l.90 « ;2;Avoir de l'argent … »: the theme
    merged down its rows; the first row's item is read too."""
    rows = [(r["theme"], r["ref"]) for r in plan36.tables["youth_recommendations"]]
    assert rows[0] == ("Vie quotidienne", "1") and rows[4] == ("Scolarité et avenir", "5")
    assert len(rows) == 11


def test_a_grid_whose_rows_print_one_mark_or_dash_a_year_read_by_count():
    """37 l.250-253 (PyMuPDF sort=True): « Équipes d’évaluation par territoire   X  X  –  –  – »
    printed with its marks off their columns: read by count, 2026 and 2027."""
    res = parse_fixture(PYMUPDF, "37_val-d-escoulene.yml")
    assert fixture_lines(PYMUPDF, 250, 250)[0][1].split()[-5:] == ["X", "X", "–", "–", "–"]
    cal = _calendar(res, "2.1")
    assert [y for y, _, label in cal if label == "Équipes d’évaluation par territoire"] == [2026, 2027]
    titles = {a["action_id"]: a["title"] for a in res.tables["actions"]}
    assert titles["2.3"].endswith("centre hospitalier de Saint-Aubrac")  # « Saint- » / « Aubrac »
    assert "sages-femmes libérales" in sheet_actors(res, "1.1", "partner")  # « sages- » / « femmes »


def test_sheets_numbered_by_their_axis_s_letter_are_drafted():
    """38 l.107 « Action A1 – Renforcer … », l.238 « Action B1 – … »: the draft reads twelve
    sheets A1 … D3 (the blind draft took « 1. Contexte » for sheet starts)."""
    from schemalab.inspect import inspect_text

    rep = inspect_text((FIXTURES / LETTERS).read_bytes(), LETTERS)
    best = rep.candidates[0]
    assert "[A-H]" in best.regex and len(best.lines) == 12


def test_an_elinks_grid_with_its_corner_above_and_blank_lines_between(plan39):
    """39 l.240-251: « Étapes   Années » / blank / « 2026  2027 … » / blank / rows with blank
    lines between: a year grid; sheet 4's steps are its rows."""
    assert fixture_lines(ELINKS, 241, 241)[0][1] == ""
    cal = _calendar(plan39, "4")
    assert (2029, None, "Évaluer le nouveau fonctionnement") in cal and len(cal) == 7
    assert len(sheet_values(plan39, "sub_actions", "4", "text")) == 4


def test_an_elinks_semester_grid(plan39):
    """39 l.372-380: « Étape   2026   2027 » / blank / « S1  S2  S1  S2 » / blank / rows."""
    assert _calendar(plan39, "8") == [
        (2026, 1, "Campagne de recrutement"),
        (2026, 2, "Campagne de recrutement"),
        (2026, 2, "Revalorisation de l'indemnité"),
        (2027, 1, "Service d'appui"),
        (2027, 2, "Service d'appui"),
    ]


def test_a_strict_failure_lists_every_problem_of_the_plan():
    """37's configuration fails strict on its own count of indicators (29 by hand, 28 read:
    one printed after a page break is read under the label below). A strict parse stops at
    its first error; the build then lists every problem it would refuse, so that one run
    shows them all (four blind configurers asked for it)."""
    from schemalab.build import _other_problems
    from schemalab.parsers.configurable import load_config_parser

    parser = load_config_parser(FIXTURES / "37_val-d-escoulene.yml")
    listed = _other_problems(parser, (FIXTURES / PYMUPDF).read_bytes(), PYMUPDF, None)
    assert "every problem a strict build refuses" in listed
    assert "`checks.indicators`: a reader counts 29; the configuration reads 28" in listed
    assert "`checks.sheet.1.2.indicators`" in listed


def test_a_financial_programme_gives_each_sheet_its_amounts_by_year():
    """35 l.423-440 (Annexe 3 « Programmation financière »): « N°  Fiche action  2026 … 2030
    Total », then « 4  Référents de parcours  120 000 €  180 000 € … 840 000 € »: sheet 4's
    120 000 € in 2026 and 180 000 € a year after, planned, each a part of the row's Total
    840 000 €; l.440 « TOTAL  280 000 € … 2 597 500 € »: the plan's totals by year and in all.
    Every amount printed is a row; a total is never counted with its parts."""
    res = parse_fixture(PROGRAMME, "35_val-de-mirande.yml")
    assert fixture_lines(PROGRAMME, 429, 429)[0][1].split()[:2] == ["4", "Référents"]
    sheet = [r for r in res.tables["budget_lines"] if r["action_id"] == "4"]
    total = sheet[-1]
    assert (total["amount_eur"], total["role"], total["periodicity"]) == (840000.0, "total", "one_off")
    rows = [(r["year"], r["amount_eur"], r["nature"], r["role"], r["part_of"]) for r in sheet[:-1]]
    assert rows == [
        (2026, 120000.0, "planned", "component", total["position"]),
        *((y, 180000.0, "planned", "component", total["position"]) for y in range(2027, 2031)),
    ]
    plan_level = [
        (r["first_line"], r["amount_eur"], r["role"]) for r in res.tables["budget_lines"] if r["action_id"] is None
    ]
    assert plan_level[:2] == [(65, 97300000.0, "single"), (66, 2597500.0, "single")]  # the two key figures
    assert plan_level[2:] == [(440, a, "total") for a in (280000.0, 557500.0, 670000.0, 585000.0, 505000.0, 2597500.0)]
    assert {r["scope"] for r in res.tables["budget_lines"] if r["first_line"] == 440} == {"plan_envelope"}


def test_the_departement_s_spending_on_child_protection_is_its_annual_budget():
    """35 l.65 « 97,3 M€ de dépenses départementales de protection de l'enfance en 2024 » (42
    l.59 likewise): the year's budget, with no `scope_rules` (both configurers wrote one)."""
    from schemalab.extract import amount_scope

    assert amount_scope("97,3 M€ de dépenses départementales de protection de l'enfance en 2024", None, None) == (
        "annual_budget"
    )


def test_a_review_outline_whose_heading_the_contents_print_first(tmp_path):
    """34 l.38 and l.438: « Annexe 1 – Bilan du schéma 2020-2025 » in the contents, then above
    the annex: a `review_outline.start` written on the heading reads the annex's ten rows
    (its blind configurer had to start on the annex's first sentence: 0 rows and no word)."""
    import yaml

    from schemalab.parsers.configurable import load_config_parser

    text = "34_pays-d-ostrevaux_2026-2030.txt"
    config = yaml.safe_load((FIXTURES / "34_pays-d-ostrevaux.yml").read_text(encoding="utf-8"))
    config["review_outline"]["start"] = r"^Annexe 1 – Bilan du schéma"
    cfg = tmp_path / "34_essai.yml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    res = load_config_parser(cfg)().parse((FIXTURES / text).read_bytes(), text)
    assert [n for n, t in fixture_lines(text, 1, 460) if t.startswith("Annexe 1 – Bilan")] == [38, 438]
    assert len(res.tables["previous_review"]) == 10
