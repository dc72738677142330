"""Plan 77 (a designed PDF whose text pdfplumber extracted, tests/fixtures/77_run.md): table
rows printed « label value » with one space, labels wrapped around their values, titles
wrapped with no blank line, contents with spaced dot leaders. Each test reads what a reader
finds at the plan's lines; the configuration is the blind configurer's, unchanged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import parse_fixture

from schemalab.inspect import inspect_text
from schemalab.parsers.configurable import load_config_parser

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_77 = FIXTURES / "77_monts-du-vellave_2027-2031.txt"


@pytest.fixture(scope="module")
def plan77():
    return parse_fixture("77_monts-du-vellave_2027-2031.txt", "77_monts-du-vellave.yml")


def _actors(res, action_id, role):
    return [r["name"] for r in res.tables["action_actors"] if r["action_id"] == action_id and r["role"] == role]


def test_a_bare_label_whose_value_starts_with_a_bullet(plan77):
    """2.1 (l.207-212): `Partenaires • Parquet …` then four `• …` lines: five partners, one
    pilot (they were read as more pilots)."""
    assert _actors(plan77, "2.1", "pilot") == ["Cellule de recueil des informations préoccupantes (CRIP)"]
    assert len(_actors(plan77, "2.1", "partner")) == 5


def test_a_label_wrapped_around_its_value(plan77):
    """2.1: `Étapes / Modalités 1) Créer …` / `de mise en œuvre 2) Former …` (l.216-220) gives
    five steps; `Indicateurs de • …` / `réalisation • …` and `… résultat • …` (l.228-231) two
    indicators of each kind."""
    steps = [r["text"] for r in plan77.tables["sub_actions"] if r["action_id"] == "2.1"]
    assert len(steps) == 5 and steps[1].startswith("Former l’ensemble des évaluateurs")
    kinds = Counter(r["kind"] for r in plan77.tables["indicators"] if r["action_id"] == "2.1")
    assert kinds == {"realisation": 2, "resultat": 2}


def test_a_title_wrapped_with_no_blank_line(plan77):
    """2.1's title ends on « des » (l.200-201), 4.1's on « 21 » above « ans » (l.379-380)."""
    titles = {r["action_id"]: r["title"] for r in plan77.tables["actions"]}
    assert titles["2.1"] == "Réduire les délais d’évaluation des informations préoccupantes"
    assert titles["4.1"] == "Accompagner les jeunes majeurs jusqu’à 21 ans"
    assert titles["1.3"] == "Soutenir les parents d’adolescents"  # not wrapped: the label below stays


def test_a_calendar_label_starting_with_a_date_word_and_a_trailing_semicolon(plan77):
    """4.3 `Calendrier rentrée 2027 : …` (l.433) is its calendar; 1.3's « 2028 : lancement de
    la ligne d’écoute ; » (l.171) keeps no `;`."""
    cal = {(r["action_id"], r["year"]): r["label"] for r in plan77.tables["calendar"]}
    assert ("4.3", 2027) in cal
    assert cal[("1.3", 2028)] == "lancement de la ligne d’écoute"


def test_contents_with_spaced_leaders_and_a_title_ending_on_a_number(tmp_path):
    """The contents (l.12-34) print spaced dot leaders (`. . . . 7`): contents lines, not
    sheet starts; 4.1's start line ends on « 21 » (l.379), no page number: a sheet start.
    The three start shapes are combined: the draft reads the twelve sheets."""
    rep = inspect_text(PLAN_77.read_text(encoding="utf-8"), PLAN_77.name)
    plain = [c for c in rep.candidates if c.style == "plain" and c.shape.startswith("Fiche action")]
    assert plain and 379 in plain[0].lines and all(n > 100 for n in plain[0].lines)
    from schemalab.scaffold import draft_config

    draft, info = draft_config("77", "Essai", PLAN_77.read_text(encoding="utf-8"), PLAN_77.name)
    assert info["error"] is None
    cfg = tmp_path / "draft.yml"
    cfg.write_text(draft, encoding="utf-8")
    res = load_config_parser(cfg)().parse(PLAN_77.read_bytes(), PLAN_77.name)
    assert sorted(r["action_id"] for r in res.tables["actions"]) == [
        f"{a}.{b}" for a in range(1, 5) for b in range(1, 4)
    ]
