"""What an indicator measures and the target it states (schemalab.extract), on the
sentences the plans print: the false targets report 05 used to flag, and real targets."""

from __future__ import annotations

import pytest
from conftest import parse_raw
from frames import three_plans

from schemalab.extract import indicator_measure, indicator_target


@pytest.mark.parametrize(
    "text",
    [
        # 31 2.1 l.1083-1085: circled list numbers
        "① Retombées fortes et positives du Conseil départemental de jeunes accueillis à l'ASE",
        "② Développement de projets d'études ou d'actions",
        "③ Permettre aux enfants accueillis de faire valoir leur parole",
        # 31 4.1 l.1355 and 61 12 l.457: an aim without a value
        "Pourcentage d'enfants suivis en consultation infantile (objectif : hausse) - nombre de liaisons périnatalité",
        "Nombre d'enfants en situation complexe sans solution (objectif : baisse).",
        # 31 5.1 l.1596: two categories, not a bound
        "Délai d'élaboration du Projet pour l'enfant (nombre d'instruction de plus de 3 mois et de moins de 3 mois)",
        # ages, an ordinal, a département number, a code, a law's date, an OCR word
        "Augmentation du nombre d'entretiens « autonomie » réalisés à 16-17 ans",
        "Adopter le réflexe jeunesse (16-25ans)",
        "Nombre d'EPP et EPNP (analyse des Certificats au 8^e jour (CS8), données CPAM)",
        "Meilleure compréhension des sujets de santé mentale et des parcours en 47",
        "Nombre d'actions d'aller-vers de la PMI et du C2S dans le domaine de l'accompagnement à la parentalité",
        "Mise en place du protocole autonomie prévu par la loi du 14 mars 2016.",
        "Des dépistages en amont pour prendre en charge au plus t6t les problématiques de santé",
        "Nombre de places créées en 2025",
    ],
)
def test_no_target(text):
    assert indicator_target(text) is None


@pytest.mark.parametrize(
    "text, target",
    [
        ("Taux de jeunes ayant un projet d'autonomie : au moins 80 %", "au moins 80 %"),
        ("Signature de la convention d'ici 2027", "d'ici 2027"),
        ("Création de 10 places supplémentaires en MECS", "Création de 10 places supplémentaires"),
        (
            "Mise en place des 5 DTS et ouverture des 7 nouvelles MDS",
            "Mise en place des 5 DTS ; ouverture des 7 nouvelles MDS",
        ),
        ("Délai d'évaluation inférieur à 3 mois", "inférieur à 3 mois"),
        ("Au moins une rencontre par an", "Au moins une rencontre"),
    ],
)
def test_target_as_printed(text, target):
    assert indicator_target(text) == target


@pytest.mark.parametrize(
    "text, measure",
    [
        ("Délai d'élaboration du Projet pour l'enfant", "delay"),
        ("Pourcentage d'enfants suivis en consultation infantile", "rate"),
        ("Taux de participation des membres de la CDAA", "rate"),
        ("Nombre de séjours en espace relais", "count"),
        ("NOMBRE DE MESURES", "count"),
        ("② Développement de projets d'études ou d'actions", "qualitative"),
        # "effectif" the noun is a headcount (31 sheet 5.8); the adjective "actual" is not (61 sheets 2, 10)
        ("Évolution positive des effectifs des assistants familiaux", "count"),
        ("Partage effectif des données avec chaque partenaire et alimentation des données ODPE.", "qualitative"),
        ("Evaluation du suivi effectif du volet médical du PPE.", "qualitative"),
    ],
)
def test_measure(text, measure):
    assert indicator_measure(text) == measure


def test_stored_columns_on_a_plan():
    ind = parse_raw("31").tables["indicators"]
    circled = [i for i in ind if i["text"].startswith(("①", "②", "③"))]
    assert len(circled) == 3 and all(i["target_text"] is None for i in circled)
    (dts,) = [i for i in ind if i["text"].startswith("Mise en place des 5 DTS")]
    assert dts["target_text"] == "Mise en place des 5 DTS ; ouverture des 7 nouvelles MDS"
    assert dts["heading_raw"] == "Résultats attendus"


def test_headings_say_what_the_plan_calls_them():
    # Orne prints "Réalisation :" / "Impact :" in its Indicateurs row; Pas-de-Calais
    # "Résultats attendus": kept so reports say "indicateurs (dont résultats attendus)".
    orne = {(i["kind"], i["heading_raw"]) for i in parse_raw("61").tables["indicators"]}
    assert orne == {("realisation", "Indicateurs – Réalisation"), ("impact", "Indicateurs – Impact")}
    pdc = {(i["kind"], i["heading_raw"]) for i in parse_raw("62").tables["indicators"]}
    assert pdc == {("resultat", "Résultats attendus")}


# Report 05's tables: provenance and the « résultats attendus » said by département ------------


def _ind_frames():
    import pandas as pd

    plans = three_plans()
    rows = [
        ("31-2021-2025", "1", "resultat", "Résultats attendus", 10),
        ("31-2021-2025", "1", "resultat", "Résultats attendus", 10),
        ("31-2021-2025", "2", None, "Risques identifiés (incertitude, complexité)", 20),
        ("40-2024-2028", "1", None, "INDICATEURS", None),
        ("62-2023-2027", "1", "resultat", "Résultats attendus", 30),
    ]
    ind = pd.DataFrame(rows, columns=["plan_id", "action_id", "kind", "heading_raw", "line"])
    ind["line"] = ind["line"].astype("Int64")
    ind["position"] = range(1, len(ind) + 1)
    ind["text"] = [f"indicateur {i}" for i in range(len(ind))]
    ind["measure"], ind["target_text"] = "count", None
    actions = pd.DataFrame({"plan_id": plans["plan_id"].repeat(2).tolist(), "action_id": ["1", "2"] * 3})
    return plans, ind, actions


def test_indicator_table_gives_each_row_its_file_and_line():
    from schemalab.analysis.indicators import SOURCE_COL, indicator_table

    plans, ind, _ = _ind_frames()
    out = indicator_table(ind, plans)
    assert out[SOURCE_COL].tolist() == [
        "31_hg.txt:10",
        "31_hg.txt:10",
        "31_hg.txt:20",
        "40_landes.txt (ligne non lue)",  # a missing line is said, never shown as 0
        "62_pdc.txt:30",
    ]
    assert out.columns[-1] == SOURCE_COL


def test_per_sheet_table_and_note_name_the_expected_results():
    from schemalab.analysis.indicators import EXPECTED_COL, expected_results_note, indicators_per_action

    plans, ind, actions = _ind_frames()
    per = indicators_per_action(ind, actions, plans).set_index("département")
    assert per[EXPECTED_COL].to_dict() == {"Haute-Garonne (31)": 2, "Landes (40)": 0, "Pas-de-Calais (62)": 1}
    note = expected_results_note(ind, plans)
    assert note.startswith(
        "Indicateurs : Haute-Garonne (2 sur 3) et Pas-de-Calais (1 sur 1) impriment des « résultats attendus »"
    )
    assert "là où l'autre imprime des indicateurs" in note and "ne classe pas les schémas" in note
    assert expected_results_note(ind[ind["kind"].isna()], plans) == ""
