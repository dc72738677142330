"""Readers of lists in table cells and of steps by year (schemalab/parsers/cell_lists.py),
and the configuration keys that use them, on small excerpts in each markup."""

from __future__ import annotations

import re

import pytest

from schemalab.extract import ParseError
from schemalab.parsers.cell_lists import dash_items, is_rule, split_columns, year_steps
from schemalab.parsers.configurable import ConfigError, load_config_parser


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


@pytest.mark.parametrize(
    "text, rule",
    [("|---|---|", True), ("- | | |", True), ("----\t----", True), ("| a | b |", False), ("- a", False)],
)
def test_is_rule(text, rule):
    assert is_rule(text) is rule


def test_split_columns_pipe_and_tsv():
    cols = split_columns(numbered("| a | b |\n|---|---|\n| c | d |\ne\tf"))
    assert [[t.strip() for _, t in c] for c in cols] == [["a", "c", "e"], ["b", "d", "f"]]
    assert [n for n, _ in cols[1]] == [1, 3, 4]


@pytest.mark.parametrize(
    "cell, join, expected",
    [
        ("<ul>- FDE - site A : x- FDE - site B : y", None, ["FDE - site A : x", "FDE - site B : y"]),
        ("<ul> - DEF - DSDEN - Chef de projet - PMI ", r"^Chef", ["DEF", "DSDEN - Chef de projet", "PMI"]),
        ("<ul> - DEF - DSDEN - Chef de projet - PMI ", None, ["DEF", "DSDEN", "Chef de projet", "PMI"]),
    ],
    ids=["glued", "spaced-joined", "spaced-without-rule"],
)
def test_dash_items(cell, join, expected):
    assert dash_items(cell, re.compile(join) if join else None) == expected


def test_year_steps_in_three_encodings():
    text = (
        "- 2026\n- Recruter un coordinateur\n- o un détail\n"
        "| 2027 | <ul>- Former les équipes- Évaluer |\n"
        "2028\nUnité de vie\n- Ouvrir 8 places\n"
        "- 2029\n- 2030 - Bilan final"
    )
    steps, printed = year_steps(numbered(text), sub_item=re.compile(r"^o\s+"))
    assert [(s.year, s.text, s.line) for s in steps] == [
        (2026, "Recruter un coordinateur", 2),
        (2027, "Former les équipes", 4),
        (2027, "Évaluer", 4),
        (2028, "Ouvrir 8 places", 7),
        (2030, "Bilan final", 9),
    ]
    assert steps[0].details == ["un détail"]
    assert printed == [2026, 2027, 2028, 2029, 2030]  # 2029 printed empty: no step


def test_year_steps_step_before_any_year_is_reported():
    seen = []
    steps, _ = year_steps(
        numbered("- Préparer le cahier des charges\n- 2026\n- Lancer"), before_year=lambda t, n: seen.append(n)
    )
    assert seen == [1] and steps[0].year is None and steps[1].year == 2026


CONFIG = r"""
code: "97"
name: Essai cellules
detect: "Plan cellules"
sheet_start: '^Fiche (?P<id>\d+) - (?P<title>.+)$'
headings:
  Objectifs: objectives
  Indicateurs: indicators
  Actions: sub_actions
  Public: targets
  Territoires: targets
  Pilotes: pilots
  Contributeurs: partners
columns: {indicators: [objectives, indicators]}
dash_lists: {fields: [objectives, indicators, pilots, partners, targets]}
join_by_heading: {targets: [Public, Territoires]}
expected_content: [pilots, partners]
year_steps: {}
"""

PLAN = """Plan cellules 2026-2030

Fiche 1 - Un titre
Objectifs
Indicateurs
| Objectif A | Indicateur A |
|---|---|
| Objectif B | <ul>- Indicateur B- Indicateur C |
Actions
- 2026
- Étape une
Public\tTerritoires
<ul>- Enfants- Familles\tTout le département
Pilotes\tContributeurs
- DEF\t- CAF
"""


@pytest.fixture()
def parser(tmp_path):
    path = tmp_path / "97_essai.yml"
    path.write_text(CONFIG, encoding="utf-8")
    return load_config_parser(path)


def test_configured_cell_lists(parser):
    res = parser().parse(PLAN, "97_essai_2026-2030.txt", strict=True)
    (a,) = res.tables["actions"]
    assert a["objectives_text"] == "Objectif A\nObjectif B"
    assert [r["text"] for r in res.tables["indicators"]] == ["Indicateur A", "Indicateur B", "Indicateur C"]
    assert a["targets_text"] == "Public : Enfants ; Familles\nTerritoires : Tout le département"
    assert [(r["role"], r["name_raw"]) for r in res.tables["action_actors"]] == [("pilot", "DEF"), ("partner", "CAF")]
    assert [(r["year"], r["text"]) for r in res.tables["sub_actions"]] == [(2026, "Étape une")]
    assert [r["year"] for r in res.tables["calendar"]] == [2026]


def test_objectives_printed_above_a_two_column_table_is_an_error(parser):
    text = PLAN.replace("Objectifs\nIndicateurs", "Objectifs\n- Déjà là\nIndicateurs")
    with pytest.raises(ParseError, match="2-column table"):
        parser().parse(text, "97_essai_2026-2030.txt")


def test_empty_expected_content_is_reported(parser):
    text = PLAN.replace("- DEF\t- CAF", "\t- CAF")
    res = parser().parse(text, "97_essai_2026-2030.txt")
    assert any("sheet 1 has no pilots content" in w for w in res.warnings)
    with pytest.raises(ParseError, match="no pilots content"):
        parser().parse(text, "97_essai_2026-2030.txt", strict=True)


@pytest.mark.parametrize(
    "change, message",
    [
        ("join_by_heading: {targets: [Public, Territoires]}", "join_by_heading: {targets: [Public]}"),
        ("columns: {indicators: [objectives, indicators]}", "columns: {indicators: [objectives]}"),
        (
            "dash_lists: {fields: [objectives, indicators, pilots, partners, targets]}",
            "dash_lists: {fields: [pilotage]}",
        ),
    ],
    ids=["join-lists-every-heading", "columns-pair", "dash-lists-fields"],
)
def test_cell_list_keys_are_checked(tmp_path, change, message):
    path = tmp_path / "97_essai.yml"
    path.write_text(CONFIG.replace(change, message), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"97_essai\.yml"):
        load_config_parser(path)
