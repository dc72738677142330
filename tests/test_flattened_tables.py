"""Plan 76 (a LibreOffice document converted by odt2txt, tests/fixtures/76_run.md): tables
flattened one cell per paragraph, lists without markers. Each test reads what a reader
finds at the plan's lines; the configuration is the blind configurer's, unchanged."""

from __future__ import annotations

import pytest
from conftest import parse_fixture

from schemalab.parsers.configurable import load_config_parser


@pytest.fixture(scope="module")
def plan76():
    return parse_fixture("76_plateaux-d-orvanne_2026-2030.txt", "76_plateaux-d-orvanne.yml", strict=True)


def test_a_header_row_table_printed_one_cell_per_paragraph(plan76):
    """3.2 (l.391-406): the labels Pilote, Partenaires, Calendrier, Budget, then their four
    values: two pilots, three partners, two calendar entries (they all went to the budget)."""
    actors = [(r["role"], r["name"]) for r in plan76.tables["action_actors"] if r["action_id"] == "3.2"]
    assert actors == [
        ("pilot", "Direction de l'enfance et de la famille"),
        ("pilot", "Maison départementale des personnes handicapées (MDPH)"),
        ("partner", "Agence régionale de santé (ARS)"),
        ("partner", "associations gestionnaires d'établissements médico-sociaux"),
        ("partner", "pédopsychiatrie du centre hospitalier d'Orvanne"),
    ]
    assert sorted(r["year"] for r in plan76.tables["calendar"] if r["action_id"] == "3.2") == [2027, 2028]


def test_labels_alone_followed_by_fewer_paragraphs_are_not_a_header_row(tmp_path):
    """Three labels printed empty, then two paragraphs: no header row (the paragraphs are the
    last label's), so an empty field is never filled with its neighbour's values."""
    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\n'
        "sheet_start: '^Fiche (?P<id>\\d+)$'\n"
        "headings: {Pilote: pilots, Partenaires: partners, Budget: resources, Indicateurs: indicators}\n",
        encoding="utf-8",
    )
    text = "Bloc 2025-2029\nFiche 1\nUn titre\n\nPilote\n\nPartenaires\n\nIndicateurs\n\nNombre A\n\nNombre B\n"
    res = load_config_parser(cfg)().parse(text, "97.txt")
    assert not res.tables["action_actors"]
    assert [r["text"] for r in res.tables["indicators"]] == ["Nombre A", "Nombre B"]


def test_a_review_row_printed_one_cell_per_paragraph_keeps_its_remark_apart(plan76):
    """Annexe 1 (l.623-630): « 1 » / the title / « Réalisée » / « CRIP installée en 2021 »:
    the title is the title cell, the status realise, the remark is the row's details_text."""
    row = next(r for r in plan76.tables["previous_review"] if r["ref"] == "1")
    assert row["title"] == "Créer une cellule unique de recueil des informations préoccupantes"
    assert (row["status"], row["details_text"]) == ("realise", "CRIP installée en 2021")


def test_a_list_printed_alone_on_the_line_under_its_label_is_cut(plan76):
    """1.2 (l.181): « Indicateurs » alone, then « Nombre de LAEP ouverts ; nombre de familles
    accueillies ; nombre d'actions REAAP financées » on one line: three indicators."""
    assert [r["text"] for r in plan76.tables["indicators"] if r["action_id"] == "1.2"] == [
        "Nombre de LAEP ouverts",
        "nombre de familles accueillies",
        "nombre d'actions REAAP financées",
    ]
