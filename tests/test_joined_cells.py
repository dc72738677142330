"""Plan 78 (a PowerPoint deck converted by markitdown, tests/fixtures/78_run.md): a sheet
printed over two slides, two tables stacked with no blank line, a table cell's paragraphs
joined on one line, key figures captioned on the line below. Each test reads what a reader
finds at the plan's lines."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import parse_fixture

from schemalab.extract import calendar_entries
from schemalab.parsers.configurable import inline_items, joined_items, load_config_parser

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_78 = FIXTURES / "78_val-de-brenne_2026-2031.txt"


@pytest.fixture(scope="module")
def plan78():
    return parse_fixture("78_val-de-brenne_2026-2031.txt", "78_val-de-brenne.yml", strict=True)


def test_a_sheet_printed_over_two_slides_is_one_sheet(plan78):
    """3.1 prints its start line twice (l.224 and l.237, word for word) and 1.2 a « (suite) »
    slide (l.141): twelve sheets, 3.1's steps and indicators from its second slide, 1.2's
    calendar from its « suite »."""
    actions = [r["action_id"] for r in plan78.tables["actions"]]
    assert len(actions) == 12 and len(set(actions)) == 12
    steps = Counter(r["action_id"] for r in plan78.tables["sub_actions"])
    indicators = Counter(r["action_id"] for r in plan78.tables["indicators"])
    calendar = Counter(r["action_id"] for r in plan78.tables["calendar"])
    assert (steps["3.1"], indicators["3.1"], calendar["3.1"]) == (3, 2, 2)
    assert calendar["1.2"] == 4  # 2026, 2027, 2028, 2027 (l.142)


def test_a_repeated_start_after_another_sheet_is_still_an_error(tmp_path):
    """A sheet id met again after another sheet is no continuation (a contents list, a
    misnumbered sheet): the parse says where."""
    from schemalab.extract import ParseError

    cfg = tmp_path / "97_bloc.yml"
    cfg.write_text(
        'code: "97"\nname: Bloc\ndetect: "Bloc"\n'
        "sheet_start: '^# Fiche (?P<id>\\d+) – (?P<title>.*)$'\nheadings: {Pilote: pilots, Partenaires: partners}\n",
        encoding="utf-8",
    )
    text = "Bloc 2025-2029\n# Fiche 1 – Ouvrir\nPilote : DEF\n# Fiche 2 – Former\nPilote : CAF\n# Fiche 1 – Ouvrir\n"
    with pytest.raises(ParseError, match="sheet 1 already starts"):
        load_config_parser(cfg)().parse(text, "97.txt")
    # the same start line right after its own sheet goes on with it
    text = "Bloc 2025-2029\n# Fiche 1 – Ouvrir\nPilote : DEF\n# Fiche 1 – Ouvrir\nPartenaires : CAF\n"
    res = load_config_parser(cfg)().parse(text, "97.txt")
    assert [(r["role"], r["name"]) for r in res.tables["action_actors"]] == [("pilot", "DEF"), ("partner", "CAF")]


def test_a_table_printed_right_under_another_is_read_as_its_own(plan78):
    """3.3 (l.269-277): a header-row table (Pilote(s) | Partenaires | Calendrier | Budget),
    then with no blank line a second (Étapes | Indicateurs d'évaluation) whose rows are its
    steps and indicators, not more pilots and partners."""
    pilots = [r["name"] for r in plan78.tables["action_actors"] if r["action_id"] == "3.3" and r["role"] == "pilot"]
    assert pilots == ["Direction de l'enfance et de la famille (DEF)", "Direction de la PMI"]
    steps = [r["text"] for r in plan78.tables["sub_actions"] if r["action_id"] == "3.3"]
    assert steps[0] == "Réaliser un bilan de santé à l'entrée de chaque enfant dans le dispositif"
    assert len(steps) == 3
    indicators = [r["text"] for r in plan78.tables["indicators"] if r["action_id"] == "3.3"]
    assert indicators == [
        "Part des enfants ayant eu un bilan de santé à l'admission",
        "Nombre de carnets de santé numériques ouverts",
    ]


def test_a_soft_line_break_in_a_cell_separates_its_items(plan78):
    """1.2's partners (l.132) are separated by vertical tabs (a soft line break that
    markitdown keeps): four partners."""
    partners = [r["name"] for r in plan78.tables["action_actors"] if r["action_id"] == "1.2" and r["role"] == "partner"]
    assert partners == [
        "Union départementale des associations familiales (UDAF)",
        "Centres sociaux du Val-de-Brenne",
        "Maisons France Services",
        "Éducation nationale",
    ]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "1. Ouvrir un lieu 2. Former les équipes 3. Évaluer",
            ["1. Ouvrir un lieu", "2. Former les équipes", "3. Évaluer"],
        ),
        (
            "a) Élaborer un module b) Former 600 professionnels",
            ["a) Élaborer un module", "b) Former 600 professionnels"],
        ),
        ("- Transformer 40 places - Créer une MECS", ["- Transformer 40 places", "- Créer une MECS"]),
        # markers out of sequence, or a dash inside a name: one item
        ("1. Ouvrir 3 lieux en 2026", ["1. Ouvrir 3 lieux en 2026"]),
        ("Direction de l'enfance – service jeunes majeurs", ["Direction de l'enfance – service jeunes majeurs"]),
    ],
)
def test_a_list_run_onto_one_line_is_cut_at_its_markers(text, items):
    assert inline_items(text) == items


@pytest.mark.parametrize(
    ("text", "actors", "items"),
    [
        # 78 1.1 objectives (l.121)
        (
            "Repérer le plus tôt possible les vulnérabilités pendant la grossesse Sécuriser le retour à domicile",
            False,
            ["Repérer le plus tôt possible les vulnérabilités pendant la grossesse", "Sécuriser le retour à domicile"],
        ),
        # a capital after an article, a preposition or a word introducing a name: no cut
        ("Orienter vers la CRIP et vers le Parquet", False, ["Orienter vers la CRIP et vers le Parquet"]),
        ("Déployer le dispositif Parcours Confiance", False, ["Déployer le dispositif Parcours Confiance"]),
        # an acronym after a word is no item of its own outside actors
        (
            "Créer une commission ASE-MDPH pour les situations",
            False,
            ["Créer une commission ASE-MDPH pour les situations"],
        ),
        # 78 2.1 partners (l.182): a name may end on a capitalised word; the registry knows both sides
        (
            "Parquet du tribunal judiciaire de Brenneville Groupement de gendarmerie départementale",
            True,
            ["Parquet du tribunal judiciaire de Brenneville", "Groupement de gendarmerie départementale"],
        ),
        # a name of two capitalised words the registry does not cut
        (
            "Missions locales, France Travail, bailleurs sociaux",
            True,
            ["Missions locales, France Travail, bailleurs sociaux"],
        ),
    ],
)
def test_a_cells_paragraphs_joined_by_a_space_are_cut_into_items(text, actors, items):
    assert joined_items(text, actors=actors) == items


def test_joined_cells_is_read_only_where_configured(plan78, tmp_path):
    """Without `joined_cells`, 1.1's three indicators (l.125) stay one item; with it, three."""
    ind = [r["text"] for r in plan78.tables["indicators"] if r["action_id"] == "1.1"]
    assert ind == [
        "Nombre d'entretiens prénatals précoces réalisés",
        "Part des naissances suivies d'une visite à domicile",
        "Nombre de situations examinées en staff",
    ]
    text = (FIXTURES / "78_val-de-brenne.yml").read_text(encoding="utf-8")
    cfg = tmp_path / "78_val-de-brenne.yml"
    cfg.write_text(text.replace("joined_cells: true", "joined_cells: false"), encoding="utf-8")
    res = load_config_parser(cfg)().parse(PLAN_78.read_bytes(), PLAN_78.name)
    assert sum(r["action_id"] == "1.1" for r in res.tables["indicators"]) == 1


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        # 78 2.3 (l.213), 4.1 (l.292), 3.2 (l.264): dated labels run together, each with its lead
        (
            "À partir de septembre 2026 : commission ASE-MDPH 2028 : ouverture des places en DITEP",
            [([2026], None, "commission ASE-MDPH"), ([2028], None, "ouverture des places en DITEP")],
        ),
        (
            "Dès 2026 : entretien d'autonomie à 17 ans 2027 : réservation de logements",
            [([2026], None, "entretien d'autonomie à 17 ans"), ([2027], None, "réservation de logements")],
        ),
        # a quarter stays with its year and gives no semester (the contract's semester is one
        # the plan schedules by)
        (
            "2028 : ouverture de la MECS fratries T3 2029 : ouverture du lieu de vie",
            [([2028], None, "ouverture de la MECS fratries"), ([2029], None, "ouverture du lieu de vie")],
        ),
    ],
)
def test_dated_labels_joined_on_one_line_are_entries(text, entries):
    assert calendar_entries(text) == entries


def test_a_key_figure_is_read_with_its_caption_below(plan78):
    """Slide 6 (l.57-60): « 148,6 M€ » over « budget départemental de l'enfance et de la
    famille en 2025 » is the year's budget for 2025; « 12,5 millions d'euros » over
    « enveloppe supplémentaire consacrée au schéma … » the plan's envelope."""
    rows = {r["amount_eur"]: r for r in plan78.tables["budget_lines"] if r["action_id"] is None}
    assert (rows[148_600_000.0]["scope"], rows[148_600_000.0]["year"]) == ("annual_budget", 2025)
    assert rows[12_500_000.0]["scope"] == "plan_envelope"
    # « consacrée » is the envelope's destination, not money spent: planned, where the
    # key figure above it, a year's budget, stays what it is
    assert rows[12_500_000.0]["nature"] == "planned"
