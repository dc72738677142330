"""Whole-file checks on the real Lot-et-Garonne plan (data/raw/47_lot-et-garonne_2026-2030.txt).

Every number and string asserted here can be checked by opening the plan.
"""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import RAW, cells, parse_raw

from schemalab.io import write_table
from schemalab.parsers import by_code, detect
from schemalab.parsers.cell_lists import dash_items
from schemalab.parsers.configurable import ConfiguredParser


@pytest.fixture(scope="module")
def res():
    return parse_raw("47")


def rows(res, table, **where):
    return [r for r in res.tables[table] if all(r.get(k) == v for k, v in where.items())]


def test_detect_claims_only_this_plan():
    for path in sorted(RAW.glob("*.txt")):
        claimed = by_code("47").detect(path.read_text(encoding="utf-8"))
        assert claimed == path.name.startswith("47_"), path.name
    parser = detect((RAW / "47_lot-et-garonne_2026-2030.txt").read_text(encoding="utf-8"))
    assert parser is by_code("47") and issubclass(parser, ConfiguredParser)


def test_plan(res):
    (plan,) = res.tables["plans"]
    assert plan["plan_id"] == "47-2026-2030"
    assert plan["title"] == "SCHÉMA DÉPARTEMENTAL DE LA PRÉVENTION ET DE LA PROTECTION DE L'ENFANCE (SDPPE) 2026-2030"


def test_four_orientations_annexe3_wording(res):
    axes = res.tables["axes"]
    assert [a["axis_id"] for a in axes] == ["1", "2", "3", "4"]
    # Annexe 3 / TOC wording "vulnérabilités" (the strategic text says "vulnérabilité")
    assert (
        axes[0]["title"] == "Repérer, prévenir, agir sur les facteurs de vulnérabilités et accompagner les parentalités"
    )
    # bold title wrapped over two lines, joined
    assert axes[1]["title"] == (
        "Evaluer et apporter des réponses adaptées et diversifiées aux besoins de l'enfant dans une logique de parcours"
    )
    assert axes[2]["title"] == "Promouvoir l'autonomisation et le pouvoir d'agir"
    assert axes[3]["title"].endswith("pour répondre aux nouveaux enjeux")


def test_29_sheets_once_each_from_annexe3(res):
    actions = res.tables["actions"]
    assert [a["action_id"] for a in actions] == [str(i) for i in range(1, 30)]
    # TOC (l.21-53), strategic summary and recaps repeat every title: none is a sheet
    assert min(a["first_line"] for a in actions) == 601
    per_axis = {}
    for a in actions:
        per_axis.setdefault(a["axis_id"], []).append(int(a["action_id"]))
    assert per_axis == {
        "1": list(range(1, 9)),
        "2": list(range(9, 17)),
        "3": list(range(17, 25)),
        "4": list(range(25, 30)),
    }
    assert all(a["objective"] is None for a in actions)
    assert all(a["calendar_status"] == "explicit" for a in actions)


def test_titles_verbatim(res):
    titles = {a["action_id"]: a["title"] for a in res.tables["actions"]}
    assert titles["1"] == ("Améliorer la continuité des parcours en périnatalité : de la grossesse au suivi post natal")
    assert titles["15"] == "Développer des offres d'accueil alternatives au placement"
    assert titles["23"].startswith("Harmoniser les dispositions financières concernant l’argent de poche")
    assert titles["23"].endswith("(CJPE 2023-2025)")
    assert titles["28"] == "Construire un réseau favorisant le partage de pratiques"
    # the previous sheet's fields stop at the orientation separator
    (a8,) = rows(res, "actions", action_id="8")
    assert a8["last_line"] == 1037


def test_counts(res):
    t = res.tables
    assert len(t["indicators"]) == 130
    assert len(t["sub_actions"]) == 271  # l.625-627's three "o" sub-items are details, not steps
    assert len({(r["action_id"], r["text"]) for r in t["sub_actions"]}) == 206
    assert len(t["previous_review"]) == 60
    assert len(t["youth_recommendations"]) == 27
    assert len(t["budget_lines"]) == 8
    assert Counter(r["action_id"] for r in t["indicators"])["25"] == 15  # blank line inside the list


def test_merged_objectives_indicators_table(res):
    (a2,) = rows(res, "actions", action_id="2")
    assert a2["objectives_text"].split("\n") == [
        "Développer les liaisons PMI/EN dans le cadre des bilans des 3/4 ans en école maternelle afin "
        "d'améliorer les prises en charge des enfants repérés comme ayant des vulnérabilités",
        "Favoriser l'accès aux soins avec des professionnels partenaires (exemple du travail partenarial "
        "avec la CPTS d'Agen)",
    ]
    assert [r["text"] for r in rows(res, "indicators", action_id="2")] == [
        "Mise en place et poursuite de réunions PMI/EN par CMS",
        "Nombre de partenariats développés pour l'accès aux soins",
        "Mise en place d'outils",
    ]
    assert all(r["kind"] is None for r in res.tables["indicators"])


def test_actors_pairs_and_items_with_inner_dash(res):
    pilots = cells(rows(res, "action_actors", action_id="13", role="pilot"))
    assert pilots == [
        "DEF – Chef de service PPE",
        "DSDEN – Cheffe de division de la scolarité et de la vie scolaire",
        "DSDEN - Coordinatrice Départementale de la Mission de Lutte contre le Décrochage Scolaire",
    ]
    partners = cells(rows(res, "action_actors", action_id="3", role="partner"))
    assert partners[:3] == ["PMI", "Direction de la communication", "CAF"] and len(partners) == 8
    # sheet 11: TSV bullets interleaved line by line
    assert cells(rows(res, "action_actors", action_id="11", role="partner")) == [
        "CPTS",
        "CPAM",
        "Structures pluriprofessionnelles du territoire",
        "Professionnels libéraux du territoire",
        "DAC",
    ]
    # sheet 2: one pilot wrapped over two lines
    assert cells(rows(res, "action_actors", action_id="2", role="pilot")) == [
        "Education nationale – 1 Infirmière Conseillère Technique Départementale",
        "PMI – 1 médecin et 1 IPDE",
    ]
    (a13,) = rows(res, "actions", action_id="13")
    assert a13["targets_text"] == (
        "Public cible : Enfants bénéficiaires d'une mesure ASE ; Adolescents suivis par la prévention spécialisée\n"
        "Territoires cibles : Ensemble du territoire départemental"
    )


def test_steps_by_year(res):
    subs7 = rows(res, "sub_actions", action_id="7", year=2026)
    assert [s["text"] for s in subs7] == [
        "FDE - site de Pont-du-Casse : maintenir 24 mesures mises en œuvre",
        "FDE - site de Damazan : organiser les moyens humains et matériels permettant d'atteindre 60 mesures",
    ]
    # sheet 1 (l.624-627): the nested "- o" sub-items are the details of the step above them
    (first,) = rows(res, "sub_actions", action_id="1", year=2026)
    assert first["text"] == "Conduite d'un état des lieux portant sur :"
    assert first["details_text"].split("\n") == [
        "Les personnes formés EPP et EPNP",
        "Les organisations et missions territoriales : PMI/maternités/SF libérales",
        "Le dispositif sage-femme référente",
    ]
    # sheet 4: "- 2026 - Ouverture des 8 places", then four empty years
    assert [(s["year"], s["text"]) for s in rows(res, "sub_actions", action_id="4")] == [
        (2026, "Ouverture des 8 places")
    ]
    # sheet 10: sub-headings are not steps; loose "Equipes mobiles" text after the 2028 row stays in 2028
    subs10 = rows(res, "sub_actions", action_id="10")
    assert len(subs10) == 10
    assert not any(s["text"] in ("Unité de vie", "Hôpital de jour", "Equipes mobiles") for s in subs10)
    assert (
        2028,
        "Reconduction du conventionnement pluriannuel (2028-2030) avec les équipes mobiles PSIDEV/PSIREV",
    ) in [(s["year"], s["text"]) for s in subs10]
    # sheet 5: a table row spilling onto an unpiped line
    assert [s["text"] for s in rows(res, "sub_actions", action_id="5", year=2027)] == [
        "Réflexion sur l'organisation d'une conférence autour de la thématique de l'handiparentalité avec "
        "l'appui du RPNA et des acteurs concernés.",
        "Déploiement des actions du SDSF identifiées en 2026.",
    ]


def test_calendar_excludes_empty_years(res):
    years = {}
    for r in res.tables["calendar"]:
        years.setdefault(r["action_id"], []).append(r["year"])
    full = [2026, 2027, 2028, 2029, 2030]
    assert years["4"] == [2026]
    assert years["8"] == years["16"] == years["26"] == [2026, 2027, 2028]
    assert years["21"] == years["24"] == [2026, 2027, 2028, 2029]
    others = set(years) - {"4", "8", "16", "21", "24", "26"}
    assert len(others) == 23 and all(years[a] == full for a in others)
    assert len(res.tables["calendar"]) == 133
    assert {r["source"] for r in res.tables["calendar"]} == {"sheet"}


def test_cjpe_tag_opens_context(res):
    tagged = [a["action_id"] for a in res.tables["actions"] if a["context_text"].startswith("[Fiche issue")]
    assert tagged == ["11", "16", "18", "20", "23", "27"]
    (a20,) = rows(res, "actions", action_id="20")
    assert a20["context_text"].startswith("[Fiche issue des constats du CJPE]\nPlusieurs constats")


def test_previous_review(res):
    review = res.tables["previous_review"]
    assert [r["ref"] for r in review] == [str(i) for i in range(1, 61)]
    # ETAT was a cell colour lost in conversion: never guessed
    assert {(r["status"], r["status_raw"]) for r in review} == {("unknown", None)}
    r45 = next(r for r in review if r["ref"] == "45")
    assert r45["title"] == (
        "Favoriser l'adaptation de l'offre médico-sociale pour l'accueil des mineurs confiés et/ou présentant "
        "une situation complexe"
    )
    assert r45["context"].startswith("ORIENTATION 2 : ANTICIPER ET S'ADAPTER EN PERMANENCE — AXE 7 :")
    r16 = next(r for r in review if r["ref"] == "16")
    assert "Fin de l'action (s'il y'a lieu) : Action constante, sans limite de fin." in r16["details_text"]
    interest = Counter(r["details_text"].rsplit("Intérêt d'inscrire dans SDPPE suivant : ", 1)[1] for r in review)
    assert interest == {"Oui": 33, "Non": 26, "Oui si intérêt partagé": 1}


def test_review_amounts_are_plan_level(res):
    lines = res.tables["budget_lines"]
    assert all(b["action_id"] is None for b in lines)
    assert [(b["amount_eur"], b["first_line"]) for b in lines] == [
        (60000.0, 417),
        (400000.0, 433),
        (10000.0, 437),
        (180000.0, 437),
        (16000.0, 437),
        (12000.0, 437),
        (12000.0, 437),
        (2000000.0, 455),
    ]
    # the sentence as printed in the review row of action 17 (l.417), never a paraphrase
    assert lines[0]["context"] == 'Un budget de 60 000€ est défini pour cette action nommée "Mobiduc".'
    assert lines[3]["year"] == 2024 and lines[3]["nature"] == "consumed"
    # Annexe 1 reviews the 2021-2025 plan: every amount is the previous plan's money
    assert {b["scope"] for b in lines} == {"previous_plan"}
    # "financé par la CAF à hauteur de 180 000 €, la MSA (16 000 €) et le Ministère de la Justice (12 000 €)"
    assert [b["payer"] for b in lines[3:6]] == ["CAF", "MSA", "Justice"]
    # l.417: « Un budget de 60 000€ est défini pour cette action nommée "Mobiduc". L'action est
    # co-financée par l'Etat et le Département » (the next sentence names who pays)
    assert lines[0]["payer"] == "État, Département"
    # l.433 « 400 000€ en co-financement Etat Département »; l.455 names no payer
    assert lines[1]["payer"] == "État, Département" and lines[7]["payer"] is None


def test_youth_recommendations(res):
    recs = res.tables["youth_recommendations"]
    themes = Counter(r["theme"] for r in recs)
    assert themes == {
        "La santé et le bien-être des jeunes en protection de l'enfance": 14,
        "L'accompagnement de la vie quotidienne des jeunes en protection de l'enfance": 13,
    }
    assert recs[0]["ref"] == "1" and recs[0]["text"].startswith("Prévoir un temps d'accueil rassurant")
    assert recs[2]["ref"] is None and recs[2]["text"].startswith("Offrir des espaces individuels")  # unnumbered
    # theme B: number on its own line, printed order 1,2,3,4,6,5,...
    assert [r["ref"] for r in recs[14:]] == [
        "1", "2", "3", "4", "6", "5", "7", "8", "10", "9", "12", "11", "13"
    ]  # fmt: skip
    assert recs[15]["text"] == (
        "Harmoniser les dispositions financières concernant l'argent de poche et de vêture, avec des montants "
        "adaptés selon l'âge et le lieu d'accueil pour plus d'équité de traitement entre les enfants et les jeunes."
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(
            '<ul style="list-style-type: none">- FDE - site de Pont-du-Casse : a- FDE - site de Damazan : b',
            ["FDE - site de Pont-du-Casse : a", "FDE - site de Damazan : b"],
            id="glued",
        ),
        pytest.param(
            '<ul style="list-style-type: none"> - DEF – Chef - DSDEN - Coordinatrice X - PMI - CAF ',
            ["DEF – Chef", "DSDEN - Coordinatrice X", "PMI", "CAF"],
            id="spaced-acronym-function",
        ),
        pytest.param(
            '<ul style="list-style-type: none"> - Evaluation des modules - ', ["Evaluation des modules"], id="trailing"
        ),
    ],
)
def test_html_items(cell, expected):
    # the dash-list reader with 47's configured `dash_lists.join_after_acronym`
    assert dash_items(cell, by_code("47")._dash_join) == expected


def test_tables_validate(res, tmp_path):
    for name, table_rows in res.tables.items():
        write_table(name, table_rows, tmp_path)
