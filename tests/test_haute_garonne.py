"""Whole-file checks of the Haute-Garonne (31) parser on the real raw plan.

Every expected value can be checked by opening data/raw/31_haute-garonne_2021-2025.txt
(line numbers are the raw file's).
"""

from __future__ import annotations

import pytest
from conftest import RAW, parse_raw

from schemalab.io import write_table
from schemalab.parsers import detect
from schemalab.parsers.haute_garonne import HauteGaronneParser

EXPECTED_IDS = (
    ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4"]
    + ["3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
    + ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "6.1", "6.2", "6.3"]
)


@pytest.fixture(scope="module")
def res():
    return parse_raw("31")


def _actions(res):
    return {a["action_id"]: a for a in res.tables["actions"]}


def test_plan_and_six_orientations(res):
    (plan,) = res.tables["plans"]
    assert plan["plan_id"] == "31-2021-2025"
    assert plan["title"] == "Schéma départemental de la protection de l'enfance en Haute-Garonne"
    axes = res.tables["axes"]
    assert [a["axis_id"] for a in axes] == ["1", "2", "3", "4", "5", "6"]
    assert axes[3]["title"] == "Renforcer les actions de prévention auprès des familles"
    assert axes[2]["title"].startswith("Renforcer notre proximité")  # OS3: italic ► paragraph
    assert axes[5]["title"] == "Accompagner les jeunes vers l'autonomie et favoriser leur émancipation"  # ▶


def test_32_sheets_once_with_toc_ids(res):
    acts = res.tables["actions"]
    assert [a["action_id"] for a in acts] == EXPECTED_IDS
    assert [a["position"] for a in acts] == list(range(1, 33))
    assert [a["axis_id"] for a in acts] == [i.split(".")[0] for i in EXPECTED_IDS]


def test_sheet_line_is_the_engagement_row_and_titles(res):
    a = _actions(res)
    assert a["1.1"]["first_line"] == 964
    assert a["1.1"]["title"] == "Les politiques contractuelles Favoriser la mise en œuvre des stratégies nationales"
    assert a["2.3"]["title"] == "Mettre en place des conférences familiales"
    assert a["6.2"]["title"] == "Mettre en place une conférence jeune majeur pour préparer la sortie de l'ASE"
    # 4.1: checkbox list, markup and glyphs dropped
    assert a["4.1"]["title"].startswith(
        "Agir le plus précocement possible pour répondre aux besoins des enfants : S'approprier"
    )
    assert "<" not in a["4.1"]["title"]
    assert a["2.1"]["objective"] == (
        "Garantir la participation des personnes à l'élaboration des politiques qui les concernent "
        "Associer les personnes accompagnées à l'élaboration des politiques et des décisions qui les concernent"
    )


def test_braced_toc_entries_are_two_sheets_each(res):
    a = _actions(res)
    assert (a["4.3"]["first_line"], a["4.4"]["first_line"]) == (1412, 1454)
    assert a["4.3"]["objective"] == a["4.4"]["objective"] == "Soutenir la parentalité"
    assert (a["5.7"]["first_line"], a["5.8"]["first_line"]) == (1751, 1773)
    assert a["4.4"]["title"].startswith("Mettre en œuvre les maraudes mixtes")


def test_fields(res):
    a = _actions(res)
    assert a["5.3"]["targets_text"] == "Enfants – familles"
    assert a["1.4"]["resources_text"] == "Actions de formation diligentées sur la base du volontariat"
    assert a["3.4"]["resources_text"] == "Renforcement en personnel du service en cours\nCoût des formations"
    assert a["5.5"]["resources_text"] is None  # empty Moyens
    assert a["3.5"]["risks_text"] is None  # printed "/"
    assert a["6.3"]["risks_text"] == "Adhésion des partenaires aux projets\nFinancement de projets innovants"
    assert a["1.2"]["context_text"].startswith("Situation d'arrêt de l'activité")


def test_results_are_resultat_indicators(res):
    ind = [i for i in res.tables["indicators"] if not i["heading_raw"].startswith("Risques")]
    assert len(ind) == 108
    assert {i["kind"] for i in ind} == {"resultat"}
    assert {i["heading_raw"] for i in ind} == {"Résultats attendus"}
    by = {}
    for i in ind:
        by.setdefault(i["action_id"], []).append(i["text"])
    assert not {"1.1", "1.5", "1.6"} & set(by)
    assert by["1.3"] == [
        "Une mise en œuvre efficiente du schéma",
        "Une évaluation au fil des instances de l'ODPE pour réajuster le plan d'actions si nécessaire",
        "Newsletter",
    ]
    assert by["4.4"][0] == "Nombre de familles rencontrées par la maraude"  # "Indicateurs :" dropped
    assert by["5.8"] == [
        "Évolution positive des effectifs des assistants familiaux",
        "Augmentation du nombre d'assistants familiaux recrutés par le Département",
        "Évolution du nombre de places d'accueils en placement familial",
    ]


def test_partners_only_and_lost_line_breaks(res):
    actors = res.tables["action_actors"]
    assert {r["role"] for r in actors} == {"partner"}
    by = {}
    for r in actors:
        cells = by.setdefault(r["action_id"], [])
        if r["name_raw"] not in cells:  # a cell naming several bodies gives several rows
            cells.append(r["name_raw"])
    assert by["1.3"] == ["Conseil départemental, partenaires", "Équipe technique de l'ODPE", "Membres de l'ODPE"]
    assert by["6.3"] == ["DEF", "MDPH", "ARS"]
    assert by["4.6"] == ["Justice, police, gendarmerie, hôpitaux, Éducation nationale, CDEF, CD 31 (ASE)"]
    assert by["3.3"][0] == "DEF – DTS - MDS"  # Acteurs and Grandes phases share one label cell
    assert by["3.4"][0] == "Les services de l'Etat en cas d'habilitation conjointe"  # actors under the calendar label
    assert "Protection Judiciaire de la Jeunesse" in by["1.2"][1]


def test_sub_actions(res):
    subs = res.tables["sub_actions"]
    assert len(subs) == 173
    numbered = [s for s in subs if s["ref"]]
    assert len(numbered) == 40
    by = {}
    for s in subs:
        by.setdefault(s["action_id"], []).append(s)
    # 5.8: Déclinaison label repeated across a page break; Action 2 comes after it
    assert [(s["ref"], s["line"]) for s in by["5.8"]] == [("Action 1", 1776), ("Action 2", 1787)]
    assert [s["text"] for s in by["3.5"]] == [
        "Renforcer le travail de veille et de diagnostic de territoire permanent",
        "Recueillir les initiatives et expérimentations d'« aller-vers »",
    ]
    assert len(by["3.2"]) == 4  # the purpose bullets ("- de repérer…") are not steps…
    assert "de repérer les jeunes ne se rendant pas spontanément" in by["3.2"][3]["details_text"]  # …but its details
    assert by["4.5"][7]["text"].endswith("et les ressources mobilisables autour de la situation de l'enfant")


def test_calendars(res):
    a = _actions(res)
    status = [x["calendar_status"] for x in a.values()]
    assert status.count("unrecoverable") == 27
    assert {k for k, v in a.items() if v["calendar_status"] == "absent"} == {"1.1", "1.5", "3.2"}
    # l.1292 "Deuxième trimestre de l'année n+1 pour recueil des éléments…": a schedule with no year
    assert a["3.5"]["calendar_status"] == "relative"
    assert a["1.6"]["calendar_status"] == "explicit"
    cal = res.tables["calendar"]
    assert [(c["action_id"], c["year"], c["source"], c["line"]) for c in cal] == [
        ("1.6", 2021, "text", 1048),
        ("1.6", 2022, "text", 1048),
    ]
    years = [s["year"] for s in res.tables["sub_actions"] if s["action_id"] == "1.6"]
    assert years == [2021, 2022, None]


def test_budget(res):
    lines = res.tables["budget_lines"]
    sheet = [b for b in lines if b["action_id"]]
    assert [(b["action_id"], b["amount_eur"], b["first_line"]) for b in sheet] == [
        ("5.7", 500.0, 1751),
        ("5.7", 500.0, 1756),
    ]
    table = [b for b in lines if b["first_line"] in range(690, 700)]
    assert len(table) == 28
    ase = [(b["year"], b["amount_eur"], b["nature"]) for b in table if b["context"].startswith("ASE |")]
    assert ase[0] == (2015, 125900318.0, "consumed") and ase[-1] == (2021, 207678852.0, "planned")
    total = {b["year"]: b["amount_eur"] for b in table if b["context"].startswith("TOTAL |")}
    assert total[2020] == 212139607.0
    plan_level = {(b["first_line"], b["amount_eur"]) for b in lines if b["action_id"] is None}
    assert {(15, 70e6), (91, 35e6), (76, 50.0), (688, 34245522.0), (688, 212139607.0)} <= plan_level


def test_no_pilots_no_review(res):
    assert not res.tables.get("previous_review")
    assert not [r for r in res.tables["action_actors"] if r["role"] == "pilot"]


def test_detect_claims_only_31():
    for p in RAW.glob("*.txt"):
        text = p.read_text(encoding="utf-8")
        assert HauteGaronneParser.detect(text) == p.name.startswith("31_")
        if p.name.startswith("31_"):
            assert detect(text) is HauteGaronneParser


def test_tables_validate(res, tmp_path):
    for name, rows in res.tables.items():
        write_table(name, rows, tmp_path)


def test_indicators_printed_in_the_risks_cell_are_indicators(res):
    """2.3 l.1124, 5.5 l.1729, 6.2 l.1883: "Nombre de …" run into the risks cell."""
    moved = [(i["action_id"], i["line"], i["text"]) for i in res.tables["indicators"] if i["kind"] is None]
    assert moved == [
        ("2.3", 1124, "Nombre de coordinateurs formés"),
        ("2.3", 1124, "Nombre de conférences et nombre de rétractations des familles"),
        ("5.5", 1729, "Nombre de séjours en espace relais"),
        ("6.2", 1883, "Nombre de bilans réalisés à 16/17 ans"),
        ("6.2", 1883, "Nombre de conférences réalisées"),
    ]
    risks = {a["action_id"]: a["risks_text"] for a in res.tables["actions"]}
    assert risks["5.5"] == "S'assurer d'un réel portage collectif des situations"
    assert "Nombre de" not in risks["2.3"] and risks["2.3"].endswith("Communication autour de ce dispositif")


def test_covid_pages_money_read_as_printed(res):
    """31:76, 31:95 (the COVID pages, ``## Le département face à la crise``, l.35)."""
    lines = {(b["first_line"], b["amount_raw"]): b for b in res.tables["budget_lines"]}
    # 31:76 « Un forfait de scolarité de 50 € par mois et par enfant pour les 460 assistants
    # familiaux du Département »: a payment per child placed with the Département's foster
    # carers (child protection, so not outside_scope), of the emergency plan dated « Dès le
    # mois d'avril 2020 » (31:43) in a 2021-2025 plan: a past period's money, never summed
    forfait = lines[(76, "50 €")]
    assert (forfait["periodicity"], forfait["scope"], forfait["role"]) == ("unit_rate", "previous_plan", "single")
    assert forfait["duplicate_of"] is None and forfait["payer"] is None
    # the other amounts of those pages stay money for the whole population
    covid = [b for b in res.tables["budget_lines"] if 35 <= b["first_line"] <= 101 and b["first_line"] != 76]
    assert covid and {b["scope"] for b in covid} == {"outside_scope"}
    # 31:95 « 500 000 €/mois pour le Conseil départemental, soit 2 M€ depuis le début de la
    # crise sanitaire »: the 2 M€ is the running total of the monthly 500 000 €, one amount
    monthly, running = lines[(95, "500 000 €")], lines[(95, "2 M€")]
    assert monthly["periodicity"] == "per_month" and monthly["duplicate_of"] is None
    assert running["duplicate_of"] == monthly["position"] and running["role"] == "single"
    # 31:77 « jusqu'à 60 %, soit 10 M€ »: "soit" restates a percentage, the 10 M€ is no repeat
    assert lines[(77, "10 M€")]["duplicate_of"] is None
