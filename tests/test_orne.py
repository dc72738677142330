"""Whole-file checks on the real Orne plan (data/raw/61_orne_2017-2021.txt).

Every number and string asserted here can be checked by opening the plan.
"""

from __future__ import annotations

import pytest
from conftest import RAW, cells, parse_raw

from schemalab.extract import ParseError
from schemalab.io import read_table, write_table
from schemalab.parsers import by_code, detect
from schemalab.parsers.configurable import ConfiguredParser

#: The registered parser (the YAML configuration; the Python reference it was proven
#: equal to is gone, its whole-plan tables are frozen in tests/fixtures/expected/61/).
PARSERS = [pytest.param(by_code("61"), id="configured")]

RAW_FILE = RAW / "61_orne_2017-2021.txt"


@pytest.fixture(scope="module")
def res():
    return parse_raw("61")


def rows(res, table, **where):
    return [r for r in res.tables[table] if all(r.get(k) == v for k, v in where.items())]


def action(res, aid):
    (a,) = rows(res, "actions", action_id=aid)
    return a


def semesters(res, aid, label=None):
    where = {"action_id": aid} if label is None else {"action_id": aid, "label": label}
    return sorted({(r["year"], r["semester"]) for r in rows(res, "calendar", **where)})


def span(first, last):
    """Semesters from ``first`` to ``last`` inclusive, e.g. (2018, 2) .. (2021, 2)."""
    out, y, s = [], *first
    while (y, s) <= last:
        out.append((y, s))
        y, s = (y, 2) if s == 1 else (y + 1, 1)
    return out


def test_detect_claims_the_orne_file_only(raw_dir):
    registered = detect(RAW_FILE.read_text(encoding="utf-8"))
    assert registered is by_code("61") and issubclass(registered, ConfiguredParser)
    others = [p for p in raw_dir.glob("*.txt") if p != RAW_FILE]
    for parser in (registered,):
        assert others and not any(parser.detect(p.read_text(encoding="utf-8")) for p in others)


def test_plan(res):
    (plan,) = res.tables["plans"]
    assert plan["plan_id"] == "61-2017-2021"
    assert plan["title"] == "Schéma départemental de l'enfance et de la famille 2017-2021, TOME 2 : plan d'actions"
    assert (plan["period_start"], plan["period_end"]) == (2017, 2021)


def test_four_orientations_numbered_by_the_summary_page(res):
    axes = res.tables["axes"]
    assert [a["axis_id"] for a in axes] == ["1", "2", "3", "4"]
    assert (
        axes[1]["title"]
        == "Renforcer la prévention des difficultés éducatives dans une logique de soutien à la parentalité"
    )
    # first_line is the unnumbered body heading, not the summary page (lines 56-74)
    assert [a["first_line"] for a in axes] == [86, 166, 231, 384]


def test_twelve_sheets_once_each_in_order(res):
    actions = res.tables["actions"]
    assert [a["action_id"] for a in actions] == [str(i) for i in range(1, 13)]
    # the summary lists every title again (lines 28-47): none of them is a sheet
    assert min(a["first_line"] for a in actions) == 92
    per_axis = {}
    for a in actions:
        per_axis.setdefault(a["axis_id"], []).append(int(a["action_id"]))
    assert per_axis == {"1": [1, 2, 3], "2": [4, 5], "3": [6, 7, 8, 9, 10], "4": [11, 12]}
    assert all(a["objective"] is None for a in actions)
    assert all(a["calendar_status"] == "explicit" for a in actions)


def test_titles_verbatim(res):
    assert action(res, "1")["title"] == (
        "Coordonner les actions des partenaires pour partager des objectifs et modalités de fonctionnement communs"
    )
    assert action(res, "9")["title"] == (
        "Accompagner les jeunes dans l'accès à l'autonomie et créer les conditions de leur insertion socio-professionnelle"
    )
    assert action(res, "12")["title"] == "Adapter l'offre de service actuelle"
    assert all(a["title_clean"] == a["title"] for a in res.tables["actions"])


def test_summary_agrees_with_the_sheets(res):
    # titles and orientation membership are cross-checked against the summary list
    assert not [w for w in res.warnings if "summary" in w]


def test_context_objectives_and_risks(res):
    a1 = action(res, "1")
    assert a1["context_text"].startswith("Une articulation entre partenaires institutionnels et associatifs")
    assert a1["objectives_text"].count("\n") == 3  # four ➤ objectives
    # FA 8 lost its Objectifs label (line 311): its row is still the objectives
    a8 = action(res, "8")
    assert a8["objectives_text"].startswith(
        "Améliorer la connaissance des problématiques scolaires des enfants confiés."
    )
    assert "Améliorer la connaissance" not in a8["context_text"]
    # FA 9: "Points de vigilance" shifted to cell 1 (line 352)
    assert action(res, "9")["risks_text"] == (
        "Evaluer et cadrer les prises de risques générées par la mise en autonomie de jeunes encore mineurs."
    )
    # FA 11 prints an empty Points de vigilance
    assert action(res, "11")["risks_text"] is None
    assert action(res, "5")["risks_text"] == action(res, "6")["risks_text"]
    assert action(res, "2")["risks_text"].count("\n") == 2  # three <p> paragraphs


def test_pilots_and_partners(res):
    pilots = {a: cells(rows(res, "action_actors", action_id=a, role="pilot")) for a in map(str, range(1, 13))}
    assert pilots["7"] == ["Conseil départemental", "ARS"]
    assert all(p == ["Conseil départemental"] for a, p in pilots.items() if a != "7")

    def partners(aid):
        return cells(rows(res, "action_actors", action_id=aid, role="partner"))

    assert partners("1") == [
        "Éducation nationale",
        "CAF",
        "PJJ",
        "ARS",
        "Centre psychothérapeutique",
        "Etablissements",
        "Associations du secteur habilité",
    ]
    assert partners("4") == ["CAF", "CPAM", "Associations d'aide à domicile", "CAMSPP", "Maternités"]  # one-row layout
    assert partners("8") == ["Éducation nationale"]  # plain text
    assert partners("10") == ["CPAM", "Médecins généralistes et hospitaliers"]  # bullets lost
    assert partners("11") == ["TGI", "Associations familiales (UDAF)", "Commune, EPCI, CCAS, CIAS"]
    assert len(rows(res, "action_actors", role="partner")) == 57  # 11: Commune, EPCI, CCAS, CIAS: four


def test_sub_actions_are_the_lead_texts(res):
    per_sheet = [len(rows(res, "sub_actions", action_id=str(i))) for i in range(1, 13)]
    assert per_sheet == [2, 4, 2, 5, 5, 7, 4, 3, 3, 4, 5, 8]
    assert sum(per_sheet) == 52
    # as many sub-actions as Gantt rows in every sheet
    for i in range(1, 13):
        labels = {r["label"] for r in rows(res, "calendar", action_id=str(i))}
        assert len(labels) == per_sheet[i - 1], i
    texts = {(r["action_id"], r["position"]): r["text"] for r in res.tables["sub_actions"]}
    # the ↳ glyph (FA 3) and a lead repeated on a continuation page
    assert texts[("3", 2)].startswith("Elaborer une charte départementale synthétique")
    # descriptions cut after the title: FA 6 #5, FA 7 #3, FA 9 #3, FA 12 #8
    assert texts[("6", 5)] == "Garantir un statut adapté à la situation de l'enfant."
    assert texts[("7", 3)] == "Développer la coordination des interventions entre institutions"
    assert texts[("9", 3)].endswith("pour accompagner les jeunes vers la majorité")
    assert texts[("12", 8)] == "Sécuriser des places d'urgence auprès d'assistants familiaux"
    # parentheticals are kept
    assert texts[("4", 5)].endswith(
        "(ex. : Maisons de services au public comme relais auprès de tous, centres sociaux, etc.)."
    )
    # FA 10 lost every ➤: four items recovered
    assert [texts[("10", k)] for k in range(1, 5)] == [
        "Identifier le médecin de PMI comme référent « santé » de l'enfant confié",
        "Développer l'intervention du CPEF (éducation à la sexualité) auprès des adolescents",
        "Développer des réseaux « santé » pour tout enfant bénéficiant du soutien de l'ASE et le nécessitant",
        "Prendre en compte les recommandations du défenseur des droits sur « l'accès à la santé des enfants pris en "
        "charge au titre de la protection de l'enfance »",
    ]
    # FA 2's intro stub "Positionner l'ODPE comme" is not an item
    assert texts[("2", 1)].startswith("Instance d'observation")


def test_indicators_realisation_and_impact(res):
    kinds = [r["kind"] for r in res.tables["indicators"]]
    assert (len(kinds), kinds.count("realisation"), kinds.count("impact")) == (85, 54, 31)

    def ind(aid, kind):
        return [r["text"] for r in rows(res, "indicators", action_id=aid, kind=kind)]

    # FA 5: Impact in cell 5, three empty cells between
    assert len(ind("5", "realisation")) == 5 and len(ind("5", "impact")) == 3
    assert ind("5", "impact")[0].startswith("Diminution des placements en lien avec des problématiques d'addiction")
    # FA 8: the last réalisation item is a <p> after the list
    assert ind("8", "realisation")[-1] == (
        "Nombre de situations individuelles ayant nécessité la mobilisation de la cellule décrochage scolaire."
    )
    # FA 10: plain text "Réalisation : → … Impact : → …"
    assert ind("10", "realisation") == [
        "Nombre de bilans médicaux réalisés / nombre d'enfants confiés.",
        "Evaluation du suivi effectif du volet médical du PPE.",
        "Nombre de situations coordonnées par le médecin PMI.",
    ]
    # FA 12: printed three times, counted once
    assert (len(ind("12", "realisation")), len(ind("12", "impact"))) == (6, 3)
    assert ind("12", "realisation")[-1] == "Nombre de MIE en colocation."
    # FA 9: ➔ bullets
    assert ind("9", "impact")[-1] == "Diminution du nombre de jeunes en échec à leur majorité."


def test_semester_range_of_each_chart(res):
    full = span((2018, 1), (2021, 2))
    expected = {
        "1": span((2018, 2), (2021, 2)),
        "2": span((2018, 2), (2021, 2)),
        "3": span((2018, 2), (2021, 2)),
        "4": full,
        "5": full,
        "6": span((2018, 1), (2019, 2)),
        "7": full,
        "8": span((2018, 1), (2019, 2)),
        "9": span((2018, 2), (2019, 2)),
        "10": full,
        "11": full,
        "12": full,
    }
    for aid, sems in expected.items():
        assert semesters(res, aid) == sems, aid
    assert all(r["source"] == "gantt" for r in res.tables["calendar"])


def test_gantt_rows_read_by_position(res):
    # alternate semesters, FA 2
    assert semesters(res, "2", "Instance partenariale de suivi") == [(y, 2) for y in range(2018, 2022)]
    assert semesters(res, "2", "Organisation colloque annuel") == [(2019, 1), (2020, 1), (2021, 1)]
    # FA 4 has no year/semester header rows
    assert semesters(res, "4", "Consolider les partenariats en post-natal") == [(2018, 2)]
    assert semesters(res, "4", "Consolider les partenariats sur le soutien à domicile") == [(2018, 1), (2018, 2)]
    # FA 3: header at the end of the Déclinaison line
    assert semesters(res, "3", "Elaboration charte") == [(2019, 1), (2019, 2)]
    # FA 10: starts in 2019-S1
    assert semesters(res, "10", "Développer l'intervention du CPEF auprès des adolescents") == span(
        (2019, 1), (2021, 2)
    )
    # FA 12: no label column; a row marked in 2018-S1 only
    assert rows(res, "calendar", action_id="12", label="Développer un lieu de vie de 3 places : LV La Sauvagère") == [
        {
            "plan_id": "61-2017-2021",
            "action_id": "12",
            "year": 2018,
            "semester": 1,
            "label": "Développer un lieu de vie de 3 places : LV La Sauvagère",
            "source": "gantt",
            "line": 453,
        }
    ]
    # each X once: the HTML copies of FA 2 and FA 12 add nothing
    assert len(res.tables["calendar"]) == 242
    assert len(rows(res, "calendar", action_id="12")) == 8 + 8 + 6 + 4 + 8 + 1 + 2 + 4


@pytest.mark.parametrize("parser", PARSERS)
def test_html_copies_are_cross_checked(parser):
    text = RAW_FILE.read_text(encoding="utf-8")
    assert not [w for w in parser().parse(text, RAW_FILE.name).warnings if "disagree" in w]
    changed = text.replace(
        "<td>Instance partenariale de suivi</td> <td></td> <td>X</td>",
        "<td>Instance partenariale de suivi</td> <td>X</td> <td>X</td>",
    )
    assert changed != text
    warnings = parser().parse(changed, RAW_FILE.name).warnings
    assert any("sheet 2: HTML Gantt and TSV rows disagree" in w for w in warnings)


def test_traps_are_reported_as_warnings(res):
    text = "\n".join(res.warnings)
    assert "sheet 4: Gantt without year/semester header" in text
    assert "sheet 8: unlabelled row after context read as objectives" in text
    assert "sheet 9: label 'Points de vigilance' shifted to cell 1" in text


@pytest.mark.parametrize("parser", PARSERS)
def test_unknown_label_is_an_error_in_strict_mode(parser):
    text = RAW_FILE.read_text(encoding="utf-8").replace(
        "Points de vigilance\t<p>Cibler", "Points d'attention\t<p>Cibler"
    )
    with pytest.raises(ParseError, match="sheet 2 has no risks heading"):
        parser().parse(text, RAW_FILE.name, strict=True)
    warnings = "\n".join(parser().parse(text, RAW_FILE.name).warnings)
    assert 'line 137: "Points d\'attention"' in warnings


def test_no_money_in_the_plan(res):
    assert res.tables["budget_lines"] == []
    assert all(a["resources_text"] is None for a in res.tables["actions"])


def test_tables_pass_the_schema(res, tmp_path):
    for name, table_rows in res.tables.items():
        write_table(name, table_rows, tmp_path)
        read_table(name, tmp_path)
