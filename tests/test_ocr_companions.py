"""Pas-de-Calais: the OCR repair rules behind title_clean applied to every text column,
in ``*_clean`` companions; the printed text is kept as printed."""

from __future__ import annotations

import pytest
from conftest import parse_raw

from schemalab.parsers import by_code
from schemalab.parsers.base import CLEAN_COMPANIONS


def repair_ocr_text(text):
    """The text repairs of Pas-de-Calais's configuration (``text_clean``)."""
    return by_code("62")().clean_text(text)


@pytest.mark.parametrize(
    "printed, repaired",
    [
        ("Renforcer I'accompagnement a |la parentalité", "Renforcer l'accompagnement à la parentalité"),  # l.2218
        (
            "QOrganiser la mise en place d’un bilan de santé a I'entrée de I’'enfant",  # l.2926, fused glyph
            "Organiser la mise en place d'un bilan de santé à l'entrée de l'enfant",
        ),
        (
            "C(Clarifier la place et le r6le de chaque professionnel",
            "Clarifier la place et le rôle de chaque professionnel",
        ),
        ("Garantir |le respect de |'obligation scolaire", "Garantir le respect de l'obligation scolaire"),  # l.2672
        (
            "Améliorer le cadre de vie par la mise en ceuvre du schéma",
            "Améliorer le cadre de vie par la mise en œuvre du schéma",
        ),
        # prose: "a" is the verb unless an article or "domicile"… follows
        ("Le schéma a pour objectif de", "Le schéma a pour objectif de"),
        ("Services d’aide a domicile", "Services d'aide à domicile"),
        ("micros crèches", "micros crèches"),
        (None, None),
    ],
)
def test_repair_ocr_text(printed, repaired):
    assert repair_ocr_text(printed) == repaired


def test_every_text_column_of_62_has_a_repaired_companion_and_keeps_the_print():
    res = parse_raw("62")
    (s,) = [r for r in res.tables["sub_actions"] if r["text"] == "Renforcer I'accompagnement a |la parentalité"]
    assert s["text_clean"] == "Renforcer l'accompagnement à la parentalité"
    (d,) = [r for r in res.tables["sub_actions"] if (r["details_text"] or "").startswith("QOrganiser")]
    assert d["details_clean"].startswith("Organiser la mise en place d'un bilan de santé à l'entrée de l'enfant")
    for table, pairs in CLEAN_COMPANIONS.items():
        for row in res.tables[table]:
            for printed, clean in pairs.items():
                assert (row[printed] is None) == (row[clean] is None), (table, printed)
    names = {r["name"]: r["name_clean"] for r in res.tables["action_actors"]}
    assert names["Direction de I'Enfance et de la Famille"] == "Direction de l'Enfance et de la Famille"
    assert any("I'" in (r["context_text"] or "") for r in res.tables["actions"])  # printed text unchanged
    assert not any("I'" in (r["context_clean"] or "") for r in res.tables["actions"])


def test_other_plans_companions_equal_the_print():
    res = parse_raw("40")
    assert all(r["text_clean"] == r["text"] for r in res.tables["indicators"])
    assert all(r["context_clean"] == r["context_text"] for r in res.tables["actions"])
