"""Plan 50 (Val-de-Cérou): a Word document converted by pandoc to GitHub-flavoured Markdown
(``pandoc plan.docx -f docx -t gfm``): headings as ``#``, paragraphs wrapped at 72 columns,
simple tables as pipe tables, and every table whose cells hold several paragraphs or a list
as raw HTML (``<table>``, ``<colgroup>``, a ``<thead>`` made of the table's first row,
whatever it holds). Written and read by hand by one helper, configured blind by another from
the README alone (tests/fixtures/50_run.md). Each test reads what a reader finds at the lines
it quotes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, draft_for, fixture_lines, parse_fixture, sheet_actors, sheet_values

PLAN = "50_val-de-cerou_2026-2030.txt"


@pytest.fixture(scope="module")
def plan50():
    return parse_fixture(PLAN, "50_val-de-cerou.yml", strict=True)


@pytest.fixture(scope="module")
def draft50():
    return draft_for("50", PLAN)


def test_html_table_tags_are_no_site_chrome(draft50):
    """Every HTML table opens with « <table> » / « <colgroup> » / « <col style="width: 50%" /> »
    (l.93-97): lines printed more than three times in a row, as a web page's chrome is, but
    tags, not words. The draft sets no `boundaries` there (it ended each sheet at its own
    first table and lost half of every table)."""
    assert [t for _, t in fixture_lines(PLAN, 93, 95)] == ["<table>", "<colgroup>", '<col style="width: 50%" />']
    assert "boundaries:" not in draft50


def test_a_sheet_started_in_its_tables_first_cell(plan50, draft50, tmp_path):
    """Sheet 9 l.458-459: no heading, its title the header cell of its own table
    (« <th colspan="2"><strong>Fiche action n° 9 – Garantir le suivi de santé » / « des enfants
    confiés</strong></th> »); the drafted `sheet_start` reads it, and its title whole."""
    assert fixture_lines(PLAN, 458, 458)[0][1].startswith('<th colspan="2"><strong>Fiche action n° 9')
    from schemalab.parsers.configurable import load_config_parser

    cfg = tmp_path / "50_draft.yml"
    cfg.write_text(draft50, encoding="utf-8")
    path = FIXTURES / PLAN
    res = load_config_parser(cfg)().parse(path.read_bytes(), path.name)
    assert [a["action_id"] for a in res.tables["actions"]] == [str(k) for k in range(1, 13)]
    title = next(a["title"] for a in plan50.tables["actions"] if a["action_id"] == "9")
    assert title == "Garantir le suivi de santé des enfants confiés"
    assert sheet_actors(plan50, "9", "pilot") == [
        "Direction de la PMI – médecin référent protection de l'enfance",
        "Direction de l'enfance et de la famille (DEF)",
    ]


def test_a_header_row_that_is_a_label_and_its_value(plan50):
    """Sheet 1 l.98-103: pandoc prints the label | content table's first row as its header,
    « <th><strong>Objectifs</strong></th> » / « <th>Repérer plus tôt … </th> »: the sheet's
    objectives, not a header of column names (sheets 4 and 11 likewise)."""
    objectives = {a["action_id"]: a["objectives_text"] for a in plan50.tables["actions"]}
    assert objectives["1"] == "Repérer plus tôt les vulnérabilités pendant la grossesse et après la naissance."
    assert objectives["4"].startswith("Garantir une évaluation de qualité de chaque information")
    assert objectives["11"].startswith("Préparer la majorité dès 16 ans.")


def test_labels_printed_inside_a_content_cell(plan50):
    """Sheet 10 l.524-552, a « Rubrique | Contenu » table: the row « Pilotage » holds
    « Pilote : Direction … » and « Partenaires : France Parrainages ; UDAF ; juges des
    enfants », the row « Calendrier et moyens » « Calendrier : … » and « Budget : 25 000 €/an
    … ». Each paragraph goes to the field its own label names; no « Pilote » actor."""
    assert fixture_lines(PLAN, 531, 531)[0][1] == "<td>Pilotage</td>"
    assert sheet_actors(plan50, "10", "pilot") == [
        "Direction de l'enfance et de la famille – service de l'accueil familial"
    ]
    assert sheet_actors(plan50, "10", "partner") == [
        "France Parrainages",
        "Union départementale des associations familiales (UDAF)",
        "juges des enfants",
    ]
    assert sorted(sheet_values(plan50, "calendar", "10", "year")) == [2026, 2027, 2028, 2029, 2030]
    assert sheet_values(plan50, "budget_lines", "10", "amount_eur") == [25000.0]
    assert len(sheet_values(plan50, "sub_actions", "10", "text")) == 3


def test_a_year_grid_whose_corner_names_its_rows_steps(plan50):
    """Sheet 6 l.357-394 prints its steps only as the rows of a year grid whose corner cell
    is « Étapes » (« <th>Étapes</th> » / « <th>2026</th> » …): the four row labels are its
    steps, with no `gantt_steps` in its configuration, and the marks its calendar."""
    assert (
        fixture_lines(PLAN, 364, 364)[0][1] == "<td>Créer une commission départementale des situations complexes</td>"
    )
    assert sheet_values(plan50, "sub_actions", "6", "text") == [
        "Créer une commission départementale des situations complexes",
        "Désigner un référent handicap dans chaque territoire",
        "Ouvrir une unité d'accueil conjoint ASE-médico-social de 10 places",
        "Former les assistants familiaux à l'accueil d'enfants en situation de handicap",
    ]
    assert len(sheet_values(plan50, "calendar", "6", "year")) == 9


def test_an_amount_on_a_rows_later_line_takes_its_labels_nature(plan50):
    """Sheet 1 l.147-151: « <td><strong>Budget</strong></td> » then « <td>180 000 € par an,
    dont 60 000 € de l'ARS … »: the amounts are on the row's third line, under the Budget
    label all the same: planned, as « Budget : 95 000 € » is (sheet 2)."""
    assert "180 000 €" in fixture_lines(PLAN, 150, 150)[0][1]
    natures = {r["amount_eur"]: r["nature"] for r in plan50.tables["budget_lines"] if r["action_id"] == "1"}
    assert natures == {180000.0: "planned", 60000.0: "planned"}


def test_amounts_in_cells_and_items_pandoc_wrapped(plan50):
    """Pandoc wraps a cell and a list item at 72 columns: sheet 6 l.399-400 « <td colspan="5">350
    000 € sur 2028-2029, dont 175 000 € financés par » / « l'ARS</td> » (the ARS's share), and
    the key figure l.57-58 « - 4,65 M€ pour les actions de prévention (PMI, prévention
    spécialisée, » / « aide à domicile) en 2024 » (2024): each read in its whole phrase."""
    share = next(r for r in plan50.tables["budget_lines"] if r["amount_eur"] == 175000.0)
    assert share["payer"] == "ARS" and share["context"].endswith("dont 175 000 € financés par l'ARS")
    figure = next(r for r in plan50.tables["budget_lines"] if r["amount_eur"] == 4650000.0)
    assert figure["year"] == 2024 and figure["context"].endswith("aide à domicile) en 2024")
