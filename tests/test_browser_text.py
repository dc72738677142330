"""Plan 52 (Vallée-de-l'Aubette): a département's web pages as a browser gives their text
(Chromium's ``innerText``: a table row a line, its cells joined by a tab; list items and
``<br>`` lines on lines of their own; a ``<dl>`` one term or definition a line; site chrome).
Written and read by hand by one helper, configured blind by another from the README alone
(tests/fixtures/52_run.md). Each test reads what a reader finds at the lines it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_actors

from schemalab.parsers.configurable import load_config_parser

PLAN = "52_vallee-de-l-aubette_2026-2030.txt"


@pytest.fixture(scope="module")
def plan52():
    return parse_fixture(PLAN, "52_vallee-de-l-aubette.yml")


def test_a_group_label_merged_down_then_the_rows_own_label(plan52):
    """Sheet 5 l.344: « Acteurs<TAB>Pilote(s)<TAB>Cellule de recueil … (CRIP) » (« Acteurs »
    merged over the pilot and partner rows): the CRIP is the pilot."""
    assert fixture_lines(PLAN, 344, 344)[0][1].split("\t")[:2] == ["Acteurs", "Pilote(s)"]
    assert sheet_actors(plan52, "5", "pilot") == ["Cellule de recueil des informations préoccupantes (CRIP)"]


def test_a_unit_after_a_dash_named_by_its_acronym(plan52):
    """Sheet 10 l.550: « Direction de l'enfance et de la famille – Cellule MNA »: one pilot, the
    cell a unit of the directorate (the registry knows « Cellule MNA » as a body alone)."""
    assert sheet_actors(plan52, "10", "pilot")[0] == "Direction de l'enfance et de la famille – Cellule MNA"


def test_the_draft_maps_labels_printed_once(tmp_path):
    """Sheet 4 l.264 prints « Coût » once, sheet 7 « BUDGET / COÛT / FINANCEMENT » once: a
    label in the words sheets print fields under is drafted even printed once (a site's footer
    link « Marchés publics », five times, is a label no sheet prints)."""
    assert fixture_lines(PLAN, 264, 264)[0][1] == "Coût"
    draft = draft_for("52", PLAN)
    assert "'Coût': resources" in draft and "'BUDGET / COÛT / FINANCEMENT': resources" in draft


def test_the_draft_reads_a_review_whose_rows_theme_rows_divide(tmp_path):
    """Annexe 1 l.695-708: « Prévention », « Protection », « Autonomie et droits » printed
    between the numbered TSV rows; the draft reads all ten rows."""
    yml = tmp_path / "52.yml"
    yml.write_text(draft_for("52", PLAN), encoding="utf-8")
    res = load_config_parser(yml)().parse((FIXTURES / PLAN).read_bytes(), PLAN)
    assert [r["ref"] for r in res.tables["previous_review"]] == [str(n) for n in range(1, 11)]
