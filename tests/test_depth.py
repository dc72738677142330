"""Every plan read to the same depth: the bullets printed under a step are that step's
``details_text``, page-break fragments are joined, relative schedules are not "absent".

Each case names the plan line a reader can open to check it.
"""

from __future__ import annotations

import pytest
from conftest import parse_raw

from schemalab.extract import relative_schedule


def steps(code: str, action_id: str) -> list[dict]:
    return [s for s in parse_raw(code).tables["sub_actions"] if s["action_id"] == action_id]


def test_haute_garonne_5_7_action_bullets_are_details():
    # l.1756: "Action 1 : Améliorer le travail d'équipe" and the six bullets printed under it
    s = steps("31", "5.7")
    assert [x["ref"] for x in s] == ["Action 1", "Action 2", "Action 3"]
    details = s[0]["details_text"].split("\n")
    assert len(details) == 6
    assert details[0] == "Renforcer le sentiment d'appartenance à l'institution des assistants familiaux"
    assert s[2]["details_text"].startswith("Attribution d'une prime d'installation de 500 €")


def test_haute_garonne_2_2_step_cut_at_a_page_break_is_joined():
    # l.1098 "…permettant un suivi tout au long du" continues at l.1100 "parcours de l'enfant"
    (step,) = [x for x in steps("31", "2.2") if x["text"].startswith("Positionner le PPE")]
    assert step["text"].endswith("permettant un suivi tout au long du parcours de l'enfant")


def test_orne_sheet_5_arrow_items_are_details():
    # l.204: "➤ Repenser l'accompagnement des familles…" then "→ Périnatalité", "• Faire évoluer…"
    first = steps("61", "5")[0]
    assert first["text"] == "Repenser l'accompagnement des familles ayant de jeunes enfants."
    details = first["details_text"].split("\n")
    assert details[0] == "Périnatalité"
    assert details[1].startswith("Faire évoluer les pratiques des acteurs de la périnatalité")
    # l.210: the "→" items printed after the page break, before the next "➤"
    assert any(d.startswith("Encourager la socialisation des jeunes enfants") for d in details)


def test_landes_sheet_20_step_ending_with_colon_keeps_its_items():
    # l.1262-1264: "Actualiser la charte …, en adéquation avec :" and its two items
    first = steps("40", "20")[0]
    assert first["text"].endswith("en adéquation avec :")
    assert first["details_text"].split("\n") == [
        "les recommandations de bonnes pratiques de la HAS de février 2024 en matière d'accompagnement vers l'autonomie",
        "les dispositions de la loi du 7 février 2022",
    ]
    # l.202-203: the two ✓ bullets under sheet 1's fourth step
    assert steps("40", "1")[3]["details_text"].split("\n") == [
        "Déployer des actions itinérantes auprès des publics et au sein des lieux ressources",
        "Co-construire des actions collectives avec les partenaires locaux",
    ]


def test_no_step_ending_with_a_colon_loses_its_list():
    # Pas-de-Calais sheet 2 (l.2302) prints its lists after all four "Action n" headings:
    # which heading they belong to cannot be read, so none is attributed (stated, not guessed).
    for code in ("31", "40", "47", "61"):
        for s in parse_raw(code).tables["sub_actions"]:
            if s["text"].rstrip().endswith(":"):
                assert s["details_text"], (code, s["action_id"], s["line"])


def test_haute_garonne_3_5_relative_schedule():
    # l.1292: "Deuxième trimestre de l'année n+1 pour recueil des éléments de diagnostic…"
    (a,) = [a for a in parse_raw("31").tables["actions"] if a["action_id"] == "3.5"]
    assert a["calendar_status"] == "relative"


@pytest.mark.parametrize(
    "text, found",
    [
        ("Deuxième trimestre de l'année n+1 pour recueil des éléments de diagnostic", "Deuxième trimestre"),
        ("Bilan chaque année en CDPPE", "chaque année"),
        ("Réunion annuelle du comité", "annuelle"),
        ("2024-2025", None),
        ("Tout au long du schéma", None),
        ("Expérimentation sur un territoire", None),
    ],
)
def test_relative_schedule(text, found):
    assert relative_schedule(text) == found
