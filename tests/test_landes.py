"""Whole-file checks on the real Landes plan (data/raw/40_landes_2024-2028.txt).

Every number and string asserted here can be checked by opening the plan.
"""

from __future__ import annotations

import pytest
from conftest import cells, parse_raw

from schemalab.extract import ParseError
from schemalab.parsers import by_code


@pytest.fixture(scope="module")
def res():
    return parse_raw("40")


def rows(res, table, **where):
    return [r for r in res.tables[table] if all(r.get(k) == v for k, v in where.items())]


def test_plan(res):
    (plan,) = res.tables["plans"]
    assert plan["plan_id"] == "40-2024-2028"
    assert plan["title"] == "Schéma landais de protection de l'enfance 2024-2028"


def test_five_axes_body_titles(res):
    axes = res.tables["axes"]
    assert [a["axis_id"] for a in axes] == ["1", "2", "3", "4", "5"]
    assert axes[2]["title"] == "Favoriser la fluidité des parcours des enfants et des jeunes accompagnés"
    # body form of axis 5 (trap 7), not the TOC's
    assert axes[4]["title"].endswith("autour du Schéma landais pour l'enfance et la famille")


def test_26_sheets_once_each_in_order(res):
    actions = res.tables["actions"]
    assert [a["action_id"] for a in actions] == [str(i) for i in range(1, 27)]
    per_axis = {}
    for a in actions:
        per_axis.setdefault(a["axis_id"], []).append(int(a["action_id"]))
    assert per_axis == {
        "1": list(range(1, 8)),
        "2": list(range(8, 13)),
        "3": list(range(13, 20)),
        "4": [20, 21, 22],
        "5": [23, 24, 25, 26],
    }


def test_twelve_objectives_sheet_wording(res):
    objectives = {a["objective_id"]: a["objective"] for a in res.tables["actions"]}
    assert sorted(objectives, key=int) == [str(i) for i in range(1, 13)]
    assert objectives["1"] == "Agir le plus précocement auprès des familles et des jeunes en amont des difficultés"
    # the sheets (not the axis 2 divider) put assistants familiaux under objective 5 (trap 5)
    assert objectives["5"] == "Soutenir et valoriser le métier d'assistant familial"


def test_sheet_1_fields_verbatim(res):
    (a,) = rows(res, "actions", action_id="1")
    assert a["title"].startswith("Développer et territorialiser les actions de prévention")
    assert a["first_line"] == 188
    assert a["resources_text"].startswith("Temps de travail requis pour les actions hors les murs")
    assert cells(rows(res, "action_actors", action_id="1", role="pilot")) == ["Coordonnateur du pôle PMI"]
    assert cells(rows(res, "action_actors", action_id="1", role="partner")) == [
        "CAF, MSA",
        "Centres sociaux",
        "Collectivités (en particulier via les CTG et dispositifs afférents)",
        "Réseau Périnat Nouvelle Aquitaine",
    ]
    assert [r["text"] for r in rows(res, "indicators", action_id="1")] == [
        "Nombre d'actions collectives réalisées",
        "Nombre de participants ayant bénéficié d'une action collective",
    ]
    subs = rows(res, "sub_actions", action_id="1")
    assert len(subs) == 4  # the two nested ✓ items stay with their parent
    assert subs[3]["text"].startswith("Développer les actions de la PMI")


def test_totals(res):
    assert len(res.tables["indicators"]) == 49
    assert len(res.tables["sub_actions"]) == 68
    assert all(r["kind"] is None for r in res.tables["indicators"])


def test_bold_pilot_is_cleaned_but_kept_raw(res):
    (p,) = rows(res, "action_actors", action_id="23", role="pilot")
    assert p["name"] == "Chargé de mission OLPE" and p["name_raw"] == "**Chargé de mission OLPE**"


def test_sheet_23_empty_resources_trap(res):
    assert [r["text"] for r in rows(res, "indicators", action_id="23")] == [
        "Elaboration de l'état des lieux annuel",
        "Transmission des données à l'ONPE via Olinpe",
    ]
    (a,) = rows(res, "actions", action_id="23")
    assert a["resources_text"].startswith("Temps agent nécessaire")
    assert "Formation des agents" in a["resources_text"]


def test_calendar_years_from_sheets(res):
    def span(aid):
        return sorted({r["year"] for r in rows(res, "calendar", action_id=aid)})

    assert span("1") == [2024, 2025, 2026, 2027, 2028]
    assert span("9") == [2024]
    assert span("12") == [2024, 2025]
    assert span("18") == [2025, 2026, 2027]
    assert {r["label"] for r in rows(res, "calendar", action_id="5")} == {"élaboration", "animation"}
    assert all(a["calendar_status"] == "explicit" for a in res.tables["actions"])


def test_calendar_never_absorbs_next_axis_divider(res):
    # sheet 7 is followed by the axis 2 divider with no page header (trap 2)
    (a,) = rows(res, "actions", action_id="7")
    assert a["last_line"] < 508
    assert [r["year"] for r in rows(res, "calendar", action_id="7")] == [2024, 2025, 2026, 2027, 2028]


def test_only_money_is_the_edito_figure(res):
    (b,) = res.tables["budget_lines"]
    assert b["action_id"] is None and b["amount_eur"] == 60_000_000 and b["is_lower_bound"]
    assert b["first_line"] == 22 and b["nature"] == "consumed"


def test_detect_claims_only_landes(raw_dir):
    claimed = [p.name for p in sorted(raw_dir.glob("*.txt")) if by_code("40").detect(p.read_text(encoding="utf-8"))]
    assert claimed == ["40_landes_2024-2028.txt"]


def test_gantt_table_alone_is_not_a_sheet(raw_dir, manifest):
    lines = (raw_dir / "40_landes_2024-2028.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, t in enumerate(lines) if t.startswith("Le calendrier de mise en œuvre du schéma"))
    with pytest.raises(ParseError, match="at least one action sheet"):
        by_code("40")().parse("\n".join(lines[start : start + 12]), "gantt.txt", manifest["40_landes_2024-2028.txt"])
