"""Plan 51 (Pays-de-Vaurèze): a Word document exported to PDF by LibreOffice and read by
Poppler's ``pdftotext -raw`` (the text in the PDF's content-stream order, no layout): a form
feed opening each page, glued to its running header; a table cell's lines one after the
other, wrapped at the cell's width; Word's Symbol bullet as U+F0B7. Written and read by hand
by one helper (unstructured's ``partition_docx``, asked for first, fetches a spaCy model at
run time and could not run offline), configured blind by another from the README alone
(tests/fixtures/51_run.md). Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_actors

PLAN = "51_pays-de-vaureze_2026-2030.txt"


@pytest.fixture(scope="module")
def plan51():
    return parse_fixture(PLAN, "51_pays-de-vaureze.yml")


def test_a_form_feed_is_no_character_of_the_running_header():
    """Line 21, the running header of page 2, is printed « \\fPays-de-Vaurèze · Schéma … »:
    the lines read hold no form feed, so a `skip` anchored on the header's first word matches
    it as it matches the same header on a page the form feed does not open."""
    raw = (FIXTURES / PLAN).read_text(encoding="utf-8").split("\n")
    assert raw[20].startswith("\fPays-de-Vaurèze · Schéma")
    assert (
        fixture_lines(PLAN, 21, 21)[0][1]
        == "Pays-de-Vaurèze · Schéma départemental de protection de l'enfance 2026-2030"
    )


def test_the_draft_skips_the_lines_printed_at_every_page_break():
    """No page number is printed; the page's last line (« Département du Pays-de-Vaurèze –
    Direction de l'enfance et de la famille », l.20) and the next page's first (its running
    header, l.21) stand at each of the 16 page breaks: the draft skips both."""
    draft = draft_for("51", PLAN)
    skips = re.findall(r"^  - '(.*)'$", draft.split("\nskip:", 1)[1].split("\n", 1)[1].split("\n\n")[0], re.M)
    patterns = [re.compile(p.replace("''", "'")) for p in skips]
    for _, line in fixture_lines(PLAN, 20, 21):
        assert any(p.search(line) for p in patterns), line


def test_bodies_one_per_line_each_wrapped(plan51):
    """Sheet 1 l.76-79: « Direction de la protection maternelle » / « et infantile (PMI) » /
    « Direction de l'action sociale de » / « proximité »: two pilots, each wrapped at the
    cell's width, no glyph between them; sheet 8 l.292-294 likewise, the second wrapped."""
    assert [t for _, t in fixture_lines(PLAN, 77, 79)] == [
        "et infantile (PMI)",
        "Direction de l'action sociale de",
        "proximité",
    ]
    assert sheet_actors(plan51, "1", "pilot") == [
        "Direction de la protection maternelle et infantile (PMI)",
        "Direction de l'action sociale de proximité",
    ]
    assert sheet_actors(plan51, "8", "pilot") == [
        "Direction de l'enfance et de la famille",
        "Maison départementale des personnes handicapées (MDPH)",
    ]


def test_an_amount_in_a_phrase_wrapped_at_its_cells_width(plan51):
    """Sheet 1 l.106-107: « Budget 120 000 € par an, dont 40 000 € de la » / « CAF »: the
    share's funder is on the next line of the cell; read in the phrase, the CAF's share."""
    assert [t for _, t in fixture_lines(PLAN, 106, 107)] == ["Budget 120 000 € par an, dont 40 000 € de la", "CAF"]
    rows = {r["amount_eur"]: r for r in plan51.tables["budget_lines"] if r["action_id"] == "1"}
    assert rows[40000.0]["payer"] == "CAF" and rows[40000.0]["scope"] == "third_party"
    assert rows[120000.0]["context"] == "Budget 120 000 € par an, dont 40 000 € de la CAF"


def test_a_key_figure_after_a_symbol_bullet_and_its_wrapped_year(plan51):
    """L.43-44, a key figure behind Word's Symbol bullet (U+F0B7): « 68,2 millions d'euros
    consacrés par le Département à la protection de » / « l'enfance en 2024 »: the year's
    spending on child protection, 2024, its context the item alone (not the édito's signature
    and the running lines above it, as one paragraph with no blank line would give)."""
    assert fixture_lines(PLAN, 43, 43)[0][1].startswith("\uf0b7 68,2 millions d'euros")
    row = next(r for r in plan51.tables["budget_lines"] if r["amount_eur"] == 68200000.0)
    assert (row["scope"], row["year"]) == ("annual_budget", 2024)
    assert row["context"] == "68,2 millions d'euros consacrés par le Département à la protection de l'enfance en 2024"


def test_a_label_whose_first_line_is_a_label_too(plan51):
    """Sheet 5 l.230-232: « Coût » / « estimé » / « 180 000 € d'investissement, … »: the
    label is « Coût estimé » (mapped), not « Coût » with « estimé » in its value."""
    assert [t for _, t in fixture_lines(PLAN, 230, 231)] == ["Coût", "estimé"]
    text = next(a["resources_text"] for a in plan51.tables["actions"] if a["action_id"] == "5")
    assert text == "180 000 € d'investissement, dont 90 000 € financés par l'ARS"


def test_a_calendar_phrase_wrapped_after_a_date_lead(plan51):
    """Sheet 9 l.328-329: « Calendrier : appel à projets au 1er semestre 2027, ouverture des
    places fin » / « 2027, évaluation en 2029. »: the second line goes on with « fin »; three
    dated clauses, each its label."""
    rows = [(r["year"], r["semester"], r["label"]) for r in plan51.tables["calendar"] if r["action_id"] == "9"]
    assert rows == [(2027, 1, "appel à projets"), (2027, None, "ouverture des places"), (2029, None, "évaluation")]


def test_a_sheet_word_in_lower_case_starts_no_sheet():
    """L.462, the review's remark « Reprise dans la » / « fiche 11 »: no candidate start
    (a sheet's start opens with a capital); the twelve sheets are 1-12 once each."""
    from schemalab.inspect import inspect_text

    assert fixture_lines(PLAN, 462, 462)[0][1] == "fiche 11"
    rep = inspect_text((FIXTURES / PLAN).read_text(encoding="utf-8"), PLAN)
    assert all(462 not in c.lines for c in rep.candidates)
