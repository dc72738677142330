"""Money you can compare (issue 18): each qualification rule table-tested with real
sentences of the plans, then the figures a reader can check against the raw plans.

Every sentence below is copied from data/raw (the file and line are given); the
expected value is what a reader of that sentence decides.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import parse_raw

from schemalab.extract import (
    amount_payer,
    amount_periodicity,
    amount_role,
    amount_scope,
    amount_year,
    budget_column,
    dated_amount_year,
    euro_amounts,
    is_lower_bound,
    is_total_label,
    link_amounts,
    money_text,
)


def around(text: str, k: int = 0):
    """money_text of the k-th amount of ``text``."""
    found = euro_amounts(text)
    return money_text(text, found[k], found)


# -- periodicity ----------------------------------------------------------------------

PERIODICITY = [
    # 31 l.76
    ("Un forfait de scolarité de 50 € par mois et par enfant pour les 460 assistants familiaux", 0, "unit_rate"),
    # 31 l.601
    ("vivant avec moins de 1 071 euros par unité de consommation et par mois", 0, "unit_rate"),
    # 31 l.81
    ("Transporteurs scolaires et interurbains : indemnisation à hauteur de 80 %, soit 4 M€ par mois", 0, "per_month"),
    ("Établissements sociaux et médico-sociaux : avance de 7,4 M€ par mois Revenu exceptionnel", 0, "per_month"),
    # 31 l.95
    ("Gestion de la crise sanitaire dans les collèges : 500 000 €/mois pour le Conseil départemental", 0, "per_month"),
    # 62 l.1293
    ("doté d'une enveloppe d'aide a I'investissement de 10 M€ par an.", 0, "per_year"),
    # 62 l.2630-2631 (the sheet title wraps "(10 M€" / "par an)")
    (
        "Action 1 : Améliorer le cadre de vie par la mise en ceuvre du schéma immobilier de I'enfance (10 M€ par an)",
        0,
        "per_year",
    ),
    # 40 l.22
    (
        "Le Département des Landes consacre chaque année plus de 60 millions d'euros à la protection des jeunes",
        0,
        "per_year",
    ),
    # 62 l.2269: an average over six years, per year or not: the plan does not say
    ("Enveloppe moyenne consommeée sur la période 2017-2022 : 52 500 €", 0, "unknown"),
    # 47 l.417
    ('Un budget de 60 000€ est défini pour cette action nommée "Mobiduc".', 0, "one_off"),
    # 31 l.81: the 3 M€ fund does not take the 4 M€'s "par mois" printed before it
    ("soit 4 M€ par mois Activité locale : fonds d'urgence de 3 M€ Associations", 1, "one_off"),
    # 89 action 7 (a table cell): what the amount pays, then "par an"
    ("850 000 € d'investissement 620 000 € de fonctionnement par an", 1, "per_year"),
    ("850 000 € d'investissement 620 000 € de fonctionnement par an", 0, "one_off"),
    # 88 l.50: a day's cost in a foyer, a statistic of the diagnostic, never added
    ("coût moyen d'une journée en maison d'enfants à caractère social (MECS) : 218 €.", 0, "unit_rate"),
    # a figure between the amount and "par an" belongs to that figure
    ("60 000 € en 2026 et 40 000 € par an ensuite", 0, "one_off"),
    # 82 sheet 6: a clause after " ; " does not take the "par an" of the clause before it
    ("45 000 € par an pour la campagne de recrutement ; 320 000 € pour le relais", 1, "one_off"),
    ("45 000 € par an pour la campagne de recrutement ; 320 000 € pour le relais", 0, "per_year"),
    # 83 sheet 6: a payment to each new foster carer, never added to an envelope
    ("une prime de 1 500 € par nouvel assistant familial agréé", 0, "unit_rate"),
    # 79 sheet 3.2 (l.469): a running cost once the service runs at full pace, a year's
    ("Coût 1,8 M€ en année pleine", 0, "per_year"),
    # 74 sheet 3.1 (l.440): the cost of raising the foster carers' allowance, a year's
    # spending, not an allowance paid to each of them
    ("Revalorisation de l'indemnité : 310 000 € par an", 0, "per_year"),
    ("une indemnité de 300 € par mois", 0, "unit_rate"),
]


@pytest.mark.parametrize(("text", "k", "expected"), PERIODICITY)
def test_periodicity(text, k, expected):
    mt = around(text, k)
    assert amount_periodicity(mt.before, mt.after) == expected


# -- role, lower bound ----------------------------------------------------------------

ROLE = [
    # 31 l.688
    ("En 2020, la dépense progresse de 19 %, soit 34 245 522 Euros et atteint 212 139 607 euros.", 0, "variation"),
    ("En 2020, la dépense progresse de 19 %, soit 34 245 522 Euros et atteint 212 139 607 euros.", 1, "single"),
    # 62 l.654-655
    ("Budget de la politique enfance famille : dont 7 060 407 € d'investissement", 0, "component"),
    # 31 l.100
    (
        "Aides aux associations culturelles, environnementales, sociales dont 1,5 M € dédié aux associations",
        0,
        "component",
    ),
    # 47 l.437: "augmenté … à hauteur de" is the new level, not the increase
    ("Le Département de Lot-et-Garonne a augmenté la subvention de fonctionnement à hauteur de 12 000€", 0, "single"),
]


@pytest.mark.parametrize(("text", "k", "expected"), ROLE)
def test_role(text, k, expected):
    assert amount_role(around(text, k).before) == expected


def test_lower_bound():
    assert is_lower_bound(around("Le Département des Landes consacre chaque année plus de 60 millions d'euros").before)
    assert not is_lower_bound(around("pour un budget de 6 M€").before)


# -- payer, scope, year -----------------------------------------------------------------

SENTENCE_47 = (
    "En 2024, le dispositif a été financé par la CAF à hauteur de 180 000 €, la MSA (16 000 €) "
    "et le Ministère de la Justice (12 000 €)."
)


@pytest.mark.parametrize(
    ("text", "k", "expected"),
    [
        (SENTENCE_47, 0, "CAF"),  # 47 l.437
        (SENTENCE_47, 1, "MSA"),
        (SENTENCE_47, 2, "Justice"),
        # 47 l.433
        (
            "un relais parental en 47 pour un montant de 400 000€ en co-financement Etat Département.",
            0,
            "État, Département",
        ),
        # 31 l.93: a body near an amount in a sentence that is not about funding
        ("Plus de 38 500 bons solidaires distribués aux foyers précaires pour un budget de 6 M€", 0, None),
    ],
)
def test_payer(text, k, expected):
    mt = around(text, k)
    assert amount_payer(mt.context, mt.before, mt.after) == expected


@pytest.mark.parametrize(
    ("context", "action_id", "payer", "expected"),
    [
        (SENTENCE_47, None, "CAF", "third_party"),
        # 31 l.15
        (
            "le Conseil départemental a fait preuve de son agilité et de sa réactivité en mobilisant un Plan "
            "d'urgences sociales à hauteur de 70M€.",
            None,
            "Département",
            "outside_scope",
        ),  # fmt: skip
        # 31 l.76: a measure of the emergency plan, for foster carers: child protection, whose scope the
        # sentence does not say (not "hors protection de l'enfance")
        (
            "Plan d'urgences sociales : un forfait de scolarité de 50 € par mois et par enfant pour les 460 "
            "assistants familiaux du Département",
            None,
            None,
            "unknown",
        ),  # fmt: skip
        (
            "En 2020, la dépense progresse de 19 %, soit 34 245 522 Euros et atteint 212 139 607 euros.",
            None,
            None,
            "annual_budget",
        ),  # fmt: skip
        (
            "Le Département des Landes consacre chaque année plus de 60 millions d'euros à la protection des jeunes "
            "landais",
            None,
            None,
            "annual_budget",
        ),  # fmt: skip
        ("Budget de la politique enfance famille : dont 7 060 407 € d'investissement", None, None, "annual_budget"),
        ("Attribution d'une prime d'installation de 500 € pour les assistants familiaux", "5.7", None, "action"),
        (
            "le Département souhaite accompagner I'amélioration du cadre de vie des enfants accueillis a travers la mise "
            "en ceuvre du schéma immobilier de I'enfance doté d'une enveloppe d'aide a I'investissement de 10 M€ par an.",
            None,
            None,
            "plan_envelope",
        ),  # fmt: skip
    ],
)
def test_scope(context, action_id, payer, expected):
    assert amount_scope(context, action_id, payer) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("En 2020, la dépense progresse de 19 %, soit 34 245 522 Euros et atteint 212 139 607 euros.", 2020),
        ("participe au financement de la médiation familiale (10 000 € versés en 2023).", 2023),
        ("une dotation de 2 000 000 € a été inscrite au budget prévisionnel 2024", 2024),
        ("Mise en œuvre, depuis le 1 er janvier 2019, d'une prime d'installation de 500 €", None),
        ("Enveloppe moyenne consommeée sur la période 2017-2022 : 52 500 €", None),
    ],
)
def test_year(sentence, expected):
    assert amount_year(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # tests/fixtures/95_val-de-loire_2025-2029.txt:147 — each amount its own year
        ("Coût estimé : 30 000 € en 2026 et 15 000 € en 2027.", [2026, 2027]),
        # a period, per year: no single year (not invented)
        ("Budget prévisionnel : 45 000 € par an de 2026 à 2028", [None]),
        ("Budget prévisionnel : 45 000 € par an sur 2026-2028", [None]),
        ("En 2026, 30 000 € pour le recrutement, puis 15 000 € en 2027.", [2026, 2027]),
        ("10 000 € versés en 2023 et 12 000 € prévus", [2023, None]),
        # one year in the sentence, attached to neither amount: the sentence's year (as before)
        ("En 2020, la dépense progresse de 19 %, soit 34 245 522 Euros et atteint 212 139 607 euros.", [2020, 2020]),
        ("participe au financement de la médiation familiale (10 000 € versés en 2023).", [2023]),
    ],
)
def test_year_attached_to_each_amount(sentence, expected):
    found = euro_amounts(sentence)
    assert [dated_amount_year(money_text(sentence, a, found)) for a in found] == expected


def test_amount_years_sentence_dates_by_any_single_year_unless_attached():
    s = "Coût estimé : 30 000 € en 2026 et 15 000 € en 2027."
    found = euro_amounts(s)
    assert [dated_amount_year(money_text(s, a, found), any_year=True) for a in found] == [2026, 2027]
    s = "Budget prévisionnel 2026 : 200 000 €"  # one year, no dating word: only with any_year
    (a,) = euro_amounts(s)
    assert dated_amount_year(money_text(s, a, [a]), any_year=True) == 2026
    s = "45 000 € par an de 2026 à 2028"
    (a,) = euro_amounts(s)
    assert dated_amount_year(money_text(s, a, [a]), any_year=True) is None


def test_budget_table_headers_and_total_label():
    # 31 l.691 and l.698
    assert budget_column("CA 2015") == ("consumed", 2015)
    assert budget_column("BP 2021") == ("planned", 2021)
    assert budget_column("Évolution") is None
    assert is_total_label("<b>TOTAL</b>") and not is_total_label("JEUNESSE")


def test_context_is_the_list_item_not_the_whole_cell():
    # 31 l.1751: the amount sits in one <li> of a cell holding the whole Déclinaison
    line = (
        "<ul><li>→ Veiller à leur participation à l'élaboration des projets pour l'enfant (PPE)</li></ul> "
        "<p>Revaloriser le traitement des assistants familiaux :</p> <ul><li>→ Mise en œuvre, depuis le "
        "1<sup>er</sup> janvier 2019, d'une prime d'installation de 500 € pour les assistants familiaux pour "
        "accompagner l'acquisition d'équipements</li> <li>→ Revalorisation</li></ul>"
    )
    assert around(line).context == (
        "Mise en œuvre, depuis le 1er janvier 2019, d'une prime d'installation de 500 € pour les assistants "
        "familiaux pour accompagner l'acquisition d'équipements"
    )


# -- links: totals, components, repeats ------------------------------------------------


def _row(pos, amount, line, context, **kw):
    return dict(position=pos, amount_eur=amount, first_line=line, context=context, action_id=kw.pop("action_id", None),
                year=kw.pop("year", None), nature=kw.pop("nature", "other"), role=kw.pop("role", "single"),
                periodicity=kw.pop("periodicity", "one_off"), payer=None, **kw)  # fmt: skip


def test_link_amounts_sum_to_a_printed_amount_and_repeats():
    rows = [
        _row(1, 70e6, 15, "Plan d'urgences sociales à hauteur de 70M€."),
        _row(2, 35e6, 91, "plan d'urgences sociales de 35M€ … budget supplémentaire de 35 millions d'euros."),
        _row(3, 35e6, 91, "plan d'urgences sociales de 35M€ … budget supplémentaire de 35 millions d'euros."),
        _row(4, 10e6, 77, "Une avance jusqu'à 60 % pour les marchés non engagés, soit 10 M€ d'investissement pour la collectivité"),
        _row(5, 10e6, 81, "Marchés publics des secteurs du bâtiment : une avance jusqu'à 60 %, soit 10 M€ pour la collectivité"),
        _row(6, 3e6, 81, "Activité locale : fonds d'urgence de 3 M€ Associations qui participent à l'économie locale"),
    ]  # fmt: skip
    link_amounts(rows)
    assert rows[0]["role"] == "total"
    assert [(r["role"], r["part_of"]) for r in rows[1:3]] == [("component", 1), ("component", 1)]
    assert rows[4]["duplicate_of"] == 4  # the same advance printed in two rows of the table
    assert rows[5]["duplicate_of"] is None and rows[5]["role"] == "single"


def test_two_sheets_amounts_are_never_repeats_of_each_other():
    """21 l.295 and l.304: a programme gives sheet 1.2.1 and sheet 2.2.2 60 k€ in 2026 each,
    under one caption: two sheets' money, neither a repeat of the other; the same figure
    printed again for the same sheet still is."""
    caption = "Crédits de fonctionnement et d'investissement du Département, en milliers d'euros (k€). 2026 :"
    rows = [
        _row(1, 60e3, 295, f"{caption} 1.2.1 150 60 60 60 60 390", action_id="1.2.1", year=2026, periodicity="per_year"),
        _row(2, 60e3, 304, f"{caption} 2.2.2 60 60 60 60 60 300", action_id="2.2.2", year=2026, periodicity="per_year"),
        _row(3, 60e3, 120, "Moyens. 60 000 € de crédits du Département en 2026", action_id="2.2.2", year=2026, periodicity="per_year"),
    ]  # fmt: skip
    link_amounts(rows)
    assert rows[1]["duplicate_of"] is None
    assert rows[2]["duplicate_of"] == 2


@pytest.mark.parametrize(
    "caption, payer",
    [
        ("Crédits de fonctionnement et d'investissement du Département, en milliers d'euros (k€).", "Département"),
        ("Programmation pluriannuelle des crédits départementaux (en €)", "Département"),
        ("Participation de la CAF au titre des prestations de service (en €)", "CAF"),
        ("Montants prévisionnels en euros, sous réserve du vote des budgets annuels.", None),
    ],
)
def test_a_programme_s_caption_names_whose_credits_it_holds(caption, payer):
    from schemalab.extract import caption_payer

    assert caption_payer(caption) == payer


# -- the figures a reader checks against the plans --------------------------------------


@pytest.fixture(scope="module")
def lines():
    return {code: parse_raw(code).tables["budget_lines"] for code in ("31", "40", "47", "61", "62")}


def test_31_spending_2020_is_cited_once_unflagged(lines):
    # l.688 "atteint 212 139 607 euros", l.698 TOTAL CA 2020 "212 139 607€"
    rows = [r for r in lines["31"] if r["amount_eur"] == 212139607.0]
    assert len(rows) == 2
    first, repeat = rows
    assert (first["first_line"], first["scope"], first["nature"], first["year"]) == (
        688,
        "annual_budget",
        "consumed",
        2020,
    )
    assert first["duplicate_of"] is None and repeat["duplicate_of"] == first["position"]
    # "soit 34 245 522 Euros" is the increase, not spending
    (incr,) = [r for r in lines["31"] if r["amount_eur"] == 34245522.0]
    assert incr["role"] == "variation"


def test_31_total_rows_and_their_components(lines):
    by_pos = {r["position"]: r for r in lines["31"]}
    totals = [r for r in lines["31"] if r["first_line"] == 698]
    assert len(totals) == 7 and {r["role"] for r in totals} == {"total"}
    for t in totals:
        parts = [r for r in lines["31"] if r["part_of"] == t["position"]]
        # ASE, PMI, JEUNESSE of the same column, printed l.692, 694, 696
        assert sorted(r["first_line"] for r in parts) == [692, 694, 696]
        assert sum(r["amount_eur"] for r in parts) == t["amount_eur"]
        assert {by_pos[r["position"]]["year"] for r in parts} == {t["year"]}


def test_31_covid_plan_and_its_two_volets_outside_scope(lines):
    rows = lines["31"]
    (plan,) = [r for r in rows if r["first_line"] == 15]
    volets = [r for r in rows if r["first_line"] == 91]
    assert plan["amount_eur"] == 70e6 and plan["role"] == "total" and plan["scope"] == "outside_scope"
    assert [(v["amount_eur"], v["role"], v["part_of"], v["scope"]) for v in volets] == [
        (35e6, "component", plan["position"], "outside_scope")
    ] * 2


def test_31_covid_table_amounts_are_kept(lines):
    # l.81: 10 M€, 4 M€ par mois, 3 M€, 100 000 €, 7,4 M€ par mois, 500 € par mois, 2 M€ par mois
    row81 = [(r["amount_eur"], r["periodicity"]) for r in lines["31"] if r["first_line"] == 81]
    assert row81 == [
        (10e6, "one_off"),
        (4e6, "per_month"),
        (3e6, "one_off"),
        (1e5, "one_off"),
        (7.4e6, "per_month"),
        (500.0, "unit_rate"),  # "Revenu exceptionnel de solidarité de 500 € par mois pour les conjoints"
        (2e6, "per_month"),
    ]
    covid = [r for r in lines["31"] if 35 <= r["first_line"] <= 101]
    (forfait,) = [r for r in covid if r["first_line"] == 76]
    assert (forfait["amount_eur"], forfait["periodicity"]) == (50.0, "unit_rate")
    # "… pour les 460 assistants familiaux": child protection, not outside it; paid under the
    # emergency plan of April 2020 (31:43), before the plan's 2021 start: a past period
    assert forfait["scope"] == "previous_plan"
    assert len(covid) == 21 and {r["scope"] for r in covid if r is not forfait} == {"outside_scope"}


def test_31_bonus_of_sheet_5_7_counted_once(lines):
    bonus = [r for r in lines["31"] if r["action_id"] == "5.7"]
    assert [(r["amount_eur"], r["first_line"]) for r in bonus] == [(500.0, 1751), (500.0, 1756)]
    assert bonus[0]["duplicate_of"] is None and bonus[1]["duplicate_of"] == bonus[0]["position"]


def test_62_building_envelope_per_year_counted_once(lines):
    tens = [r for r in lines["62"] if r["amount_eur"] == 10e6]
    assert [r["first_line"] for r in tens] == [1293, 1310, 2630]
    assert {r["periodicity"] for r in tens} == {"per_year"}
    assert [r["duplicate_of"] for r in tens] == [None, tens[0]["position"], tens[0]["position"]]
    (covid,) = [r for r in lines["62"] if r["amount_eur"] == 60e6]
    assert covid["scope"] == "outside_scope"  # l.474-480, a plan for the whole population


def test_47_amounts_are_the_previous_plans(lines):
    assert len(lines["47"]) == 8 and {r["scope"] for r in lines["47"]} == {"previous_plan"}


def test_40_sixty_millions_per_year_lower_bound(lines):
    (b,) = lines["40"]
    assert (b["amount_eur"], b["periodicity"], b["is_lower_bound"], b["scope"]) == (
        60e6,
        "per_year",
        True,
        "annual_budget",
    )


#: Lines whose euro figures describe households, not money (the only amounts not kept).
HOUSEHOLD_STATISTICS = {
    "31": {
        601: "vivant avec moins de 1 071 euros par unité de consommation et par mois",
        618: "Revenu médian",  # the header (l.617) of the rows 20 430 €, 22 223 €, 19 905 €, 20 809 €
        619: "Revenu médian",
        620: "Revenu médian",
        621: "Revenu médian",
    }
}


def test_every_explicit_amount_of_every_plan_is_kept(lines, raw_dir, manifest):
    for entry in manifest.values():
        code = entry.department_code
        text = (raw_dir / entry.source_file).read_text(encoding="utf-8").split("\n")
        printed = {(n, a.raw) for n, line in enumerate(text, start=1) for a in euro_amounts(line)}
        got = {r["first_line"] for r in lines[code]}
        # 31 repeats each Gantt table as TSV after </table>: no amount there
        stats = HOUSEHOLD_STATISTICS.get(code, {})
        assert {n for n, _ in printed} - got == set(stats), code
        for n, words in stats.items():
            assert words in text[n - 1] or words in text[616], (code, n)


def test_money_comparison_on_the_real_plans(lines):
    from schemalab import analysis as A

    plans = pd.DataFrame(
        [
            dict(plan_id=f"{c}-x", department_code=c, department_name=n)
            for c, n in (("31", "Haute-Garonne"), ("40", "Landes"), ("47", "Lot-et-Garonne"))
        ]
    )
    b = pd.DataFrame([dict(r, plan_id=f"{c}-x") for c in ("31", "40", "47") for r in lines[c]])
    actions = pd.DataFrame([dict(plan_id="31-x", action_id=str(i)) for i in range(32)])
    t = {"plans": plans, "budget_lines": b, "actions": actions}
    comp = A.money_comparison(t).set_index("département")
    # l.688 the 2020 spending; the TOTAL row it repeats (l.698) adds ASE, PMI and JEUNESSE (l.692-696)
    assert comp.loc["Haute-Garonne (31)", "budget annuel cité"] == "212,1 M€ en 2020, total ASE + PMI + JEUNESSE"
    assert comp.loc["Haute-Garonne (31)", "ligne"] == 688
    # l.22 "consacre chaque année plus de 60 millions d'euros": a floor, no year
    assert comp.loc["Landes (40)", "budget annuel cité"] == "plus de 60 M€ par an, année non dite"
    assert comp.loc["Lot-et-Garonne (47)", "budget annuel cité"] == "non cité"
    assert comp.loc["Lot-et-Garonne (47)", "période passée (montants)"] == 8
    # the 500 € bonus once, never the repeat; a bonus per foster carer, not a sum
    assert comp.loc["Haute-Garonne (31)", "fiches : ponctuel et par an"] == "—"
    assert comp.loc["Haute-Garonne (31)", "fiches : autre périodicité"] == "500 € (montant unitaire, l. 1751)"
    fig = A.money_figures(t).set_index(["département", "portée", "périodicité"])
    # outside scope: counted and listed, never summed (the 70 M€ plan and its own items)
    assert pd.isna(fig.loc[("Haute-Garonne (31)", "hors protection de l'enfance", "ponctuel"), "total_eur"])
    series = A.annual_budget_series(t)
    assert set(series["poste"]) == {"ASE", "PMI", "JEUNESSE", "TOTAL"}
    assert series.groupby(["poste", "année"]).size().max() == 1  # one point per item and year


def test_fmt_meur():
    from schemalab.analysis import fmt_meur

    assert fmt_meur(212139607.0) == "212,1 M€"
    assert fmt_meur(60e6, lower_bound=True) == "plus de 60 M€"
    assert fmt_meur(500.0) == "500 €"
    # below a million, the plan's figure in full (47 l.437, 62 l.2280), never "0,2 M€"
    assert fmt_meur(180_000.0) == "180\u202f000 €"
    assert fmt_meur(428_000.0) == "428\u202f000 €"
    assert fmt_meur(7_060_407.0) == "7,06 M€" and fmt_meur(7.4e6) == "7,4 M€" and fmt_meur(35e6) == "35 M€"


def test_money_sentences_and_figures_state_what_is_not_cited(lines):
    from schemalab import analysis as A
    from schemalab import plots as P

    codes = (("31", "Haute-Garonne"), ("47", "Lot-et-Garonne"), ("61", "Orne"))
    plans = pd.DataFrame([dict(plan_id=f"{c}-x", department_code=c, department_name=n) for c, n in codes])
    b = pd.DataFrame([dict(r, plan_id=f"{c}-x") for c, _ in codes for r in lines[c]])
    actions = pd.DataFrame([dict(plan_id=f"{c}-x", action_id=str(i)) for c, _ in codes for i in range(3)])
    t = {"plans": plans, "budget_lines": b, "actions": actions}
    hg, lg, orne = A.money_sentences(t)
    assert "212,1 M€ en 2020" in hg and "de 2015 à 2021 (ASE, PMI, JEUNESSE, TOTAL" in hg
    assert "ne cite pas de budget annuel" in lg and "8 au bilan d'une période passée" in lg and "CAF" in lg
    assert orne.startswith("Orne (61) : le schéma ne cite aucun montant")
    series = A.annual_budget_series(t)
    for fig in (
        P.annual_budget_trend(series),
        P.annual_budget_trend(series.iloc[:0]),
        P.annual_budget_bars(A.annual_budget(t)),
    ):
        assert fig.axes


# -- money.scope_rules: per amount, on its own sentence --------------------------------

_PRESIDENT = (
    "En 2025, le Département a consacré 71,4 millions d'euros à l'enfance et aux familles,\n"
    "soit le premier poste de son budget social. Pour les cinq années qui viennent, il engage\n"
    "en plus une enveloppe de 6,5 M€ afin de financer les actions nouvelles de ce schéma.\n"
)


@pytest.mark.parametrize("reader", ["plan_money: before_first_sheet\n", "money_until"])
def test_two_amounts_of_one_paragraph_get_the_scope_of_their_own_sentence(tmp_path, reader):
    """94, the Présidente's word: one paragraph, 71,4 M€ spent in 2025 (annual budget)
    then the plan's 6,5 M€ envelope. A `sentence` rule qualifies the first only; with
    `plan_money` as with `money.plan_level_until`."""
    from schemalab.parsers.configurable import load_config_parser

    cfg = (
        'code: "99"\nname: Test\ndetect: "Test"\nsheet_start: "^Fiche (?P<id>\\\\d+)$"\n'
        "headings: {PILOTES: pilots}\n"
        + (reader if reader != "money_until" else "")
        + "money:\n"
        + ("  plan_level_until: '^Fiche 1$'\n" if reader == "money_until" else "")
        + "  scope_rules:\n    - {sentence: '\\ba consacré\\b', scope: annual_budget}\n"
    )
    path = tmp_path / "99_test.yml"
    path.write_text(cfg, encoding="utf-8")
    plan = "Plan Test 2020-2024\n\n" + _PRESIDENT + "\nFiche 1\nTitre\nPILOTES\n- PMI\n"
    res = load_config_parser(path)().parse(plan, "99.txt", strict=False)
    got = [(r["amount_eur"], r["scope"]) for r in res.tables["budget_lines"]]
    assert got == [(71_400_000.0, "annual_budget"), (6_500_000.0, "plan_envelope")]


def test_scope_rule_needs_every_regex_it_gives():
    import re

    from schemalab.parsers.ocr_lines import scope_rule

    rules = (
        {"around": re.compile("covid"), "paragraph": re.compile("y faire face"), "scope": "outside_scope"},
        {"sentence": re.compile("a consacré"), "scope": "annual_budget", "role": "total"},
    )
    para = "Le Département a consacré 3 M€ en 2020. Pour y faire face, 1 M€."
    assert scope_rule(rules, sentence="Pour y faire face, 1 M€.", para=para, around=para) == {}
    assert scope_rule(rules, sentence="Pour y faire face, 1 M€.", para=para, around="covid " + para) == {
        "scope": "outside_scope"
    }
    assert scope_rule(rules, sentence="Le Département a consacré 3 M€ en 2020.", para=para, around=para) == {
        "scope": "annual_budget",
        "role": "total",
    }


def test_scope_rules_apply_to_sheet_amounts_too(tmp_path):
    """92's configurer set a rule for a sheet amount: it had no effect and no warning."""
    from schemalab.parsers.configurable import load_config_parser

    cfg = (
        'code: "99"\nname: Test\ndetect: "Test"\nsheet_start: "^Fiche (?P<id>\\\\d+)$"\n'
        "headings: {PILOTES: pilots, Budget: resources}\n"
        "money:\n  scope_rules:\n    - {sentence: 'plan national', scope: outside_scope}\n"
    )
    path = tmp_path / "99_test.yml"
    path.write_text(cfg, encoding="utf-8")
    plan = "Plan Test 2020-2024\n\nFiche 1\nTitre\nBudget : 40 000 € par an. Puis 2 M€ au titre du plan national.\n"
    res = load_config_parser(path)().parse(plan, "99.txt", strict=False)
    got = [(r["amount_eur"], r["scope"]) for r in res.tables["budget_lines"]]
    assert got == [(40_000.0, "action"), (2_000_000.0, "outside_scope")]


@pytest.mark.parametrize(
    "sentence, payer",
    [
        # 92 sheet 7: the share paid by another body is named after the amount
        ("180 000 € par an, dont 90 000 € apportés par l'Agence régionale de santé.", "ARS"),
        ("dont 20 000 € financés par la CAF", "CAF"),
        ("30 000 € pris en charge par l'Assurance maladie", "Assurance maladie"),
        ("15 000 € financement CAF", "CAF"),
        # 88 action 3.1.2: the State's share of the contract with the département
        ("Deux cent mille euros par an, dont 50 000 € au titre de la contractualisation avec l'État.", "État"),
        # 82 sheets 2 and 8, 85 sheet 2: a funder's share, "dont X € de la CAF"
        ("180 000 € par an, dont 60 000 € de la CAF", "CAF"),
        ("600 000 € sur trois ans, dont 140 000 € de l'ARS", "ARS"),
        # 83 sheet 3.2: the State's money, with no « dont »
        ("un centre d'évaluation : 500 000 € de l'État", "État"),
        # 75 sheets 1.2 and 3.3: a share followed by its funder's name alone
        ("80 000 € par an dont 30 000 € CAF", "CAF"),
        ("95 000 € par an dont 45 000 € ARS", "ARS"),
    ],
)
def test_a_payer_named_after_the_amount(sentence, payer):
    from schemalab.extract import amount_payer, euro_amounts, money_text

    amounts = euro_amounts(sentence)
    mt = money_text(sentence, amounts[-1], amounts)
    assert amount_payer(sentence, mt.before, mt.after) == payer
    assert amount_scope(sentence, "7", payer) == "third_party"


@pytest.mark.parametrize(
    "row",
    [
        "| Moyens | Achat : 95 000 € ; fonctionnement : 60 000 € par an |",
        "Moyens | Achat : 95 000 € ; fonctionnement : 60 000 € par an |",
        "| Moyens | Achat : 95 000 € ; fonctionnement : 60 000 € par an",
    ],
)
def test_an_amount_context_never_carries_table_markup(row):
    # 91 sheet 2: the cell's closing " |" ended the context
    assert [around(row, k).context for k in (0, 1)] == ["Achat : 95 000 € ; fonctionnement : 60 000 € par an"] * 2


# -- observatory review of report 03: amounts that are not the plan's money ------------


@pytest.mark.parametrize(
    ("text", "k", "expected"),
    [
        # 31 l.81: so much per month for each spouse, not a monthly envelope
        ("Revenu exceptionnel de solidarité de 500 € par mois pour les conjoints non-salariés", 0, "unit_rate"),
        # 31 l.1751: a bonus per foster carer
        ("Mise en œuvre d'une prime d'installation de 500 € pour les assistants familiaux", 0, "unit_rate"),
        # 31 l.98 and l.81: funds and "soit" totals stay sums
        ("Un fonds de soutien de 1,5 M € au monde associatif", 0, "one_off"),
        ("indemnisation à hauteur de 80 %, soit 4 M€ par mois", 0, "per_month"),
        # 47 l.455: one year's budget line
        (
            "Places d'AEMO RH : Pour cette action, une dotation de 2 000 000 € a été inscrite au budget "
            "prévisionnel 2024 avec les étapes de réalisation suivantes",
            0,
            "per_year",
        ),
    ],
)
def test_periodicity_of_per_person_payments_and_budget_lines(text, k, expected):
    mt = around(text, k)
    assert amount_periodicity(mt.before, mt.after) == expected


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("Un revenu médian élevé mais inégal sur le territoire\tRevenu médian\tTaux de pauvreté", True),  # 31 l.617
        ("vivant avec moins de 1 071 euros par unité de consommation et par mois", True),  # 31 l.601
        ("92 540 foyers allocataires vivent sous le seuil de bas revenus", True),  # 31 l.640
        ("Un fonds de soutien de 1,5 M € au monde associatif", False),
        ("Revenu exceptionnel de solidarité de 500 € par mois pour les conjoints non-salariés", False),
    ],
)
def test_household_statistics_are_not_money(context, expected):
    from schemalab.extract import is_household_statistic

    assert is_household_statistic(context) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 47 l.437: the act happened
        (
            "Le Département de Lot-et-Garonne a augmenté la subvention de fonctionnement à hauteur de 12 000€, "
            "soit le même montant que celui accordé par le Ministère de la justice.",
            True,
        ),
        ("En 2024, le dispositif a été financé par la CAF à hauteur de 180 000 €", True),
        # 47 l.455 and l.433: forecasts
        ("une dotation de 2 000 000 € a été inscrite au budget prévisionnel 2024", False),
        ("qui prévoit la mise en place d'un relais parental en 47 pour un montant de 400 000€", False),
    ],
)
def test_past_acts(sentence, expected):
    from schemalab.extract import is_past_act

    assert is_past_act(sentence) is expected


def test_past_period_finding():
    from schemalab.extract import is_past_period_finding

    # 62 l.2269 in a 2023-2027 plan
    assert is_past_period_finding("Enveloppe moyenne consommeée sur la période 2017-2022 : 52 500 €", 2023, "consumed")
    # a forecast of the same words, or a spending of the plan's own years, is not
    assert not is_past_period_finding("Enveloppe prévue sur la période 2017-2022 : 52 500 €", 2023, "planned")
    assert not is_past_period_finding("Enveloppe consommée en 2024 : 52 500 €", 2023, "consumed")


def test_31_median_incomes_are_not_amounts(lines):
    # l.617-621: "Revenu médian | Taux de pauvreté", 20 430 € | 19% … household incomes
    got = {r["amount_eur"] for r in lines["31"]}
    assert not {20430.0, 22223.0, 19905.0, 20809.0, 1071.0} & got
    assert not [r for r in lines["31"] if 617 <= r["first_line"] <= 621 or r["first_line"] == 601]


def test_31_rates_per_person_are_unit_amounts(lines):
    rows = {(r["first_line"], r["amount_eur"]): r for r in lines["31"]}
    assert rows[(81, 500.0)]["periodicity"] == "unit_rate"  # "500 € par mois pour les conjoints"
    assert rows[(76, 50.0)]["periodicity"] == "unit_rate"  # "50 € par mois et par enfant"
    assert rows[(1751, 500.0)]["periodicity"] == "unit_rate"  # "prime … de 500 € pour les assistants familiaux"
    assert rows[(76, 50.0)]["scope"] != "outside_scope"  # foster carers are child protection


def test_47_review_natures_and_periods(lines):
    rows = {(r["first_line"], r["amount_eur"], r["payer"]): r for r in lines["47"]}
    # l.437 "a augmenté la subvention … à hauteur de 12 000€": done, not planned
    assert rows[(437, 12000.0, "Département")]["nature"] == "consumed"
    # l.455 "inscrite au budget prévisionnel 2024": a year's budget line
    assert rows[(455, 2e6, None)]["periodicity"] == "per_year" and rows[(455, 2e6, None)]["year"] == 2024


def test_62_past_period_findings_of_sheet_2_are_not_its_money(lines):
    # l.2256 "Sur la période 2017-2022, le bilan …"; l.2269, 2280, 2294 "Enveloppe moyenne consommée"
    sheet2 = [r for r in lines["62"] if r["action_id"] == "2"]
    assert [(r["first_line"], r["scope"]) for r in sheet2] == [
        (2269, "previous_plan"),
        (2280, "previous_plan"),
        (2294, "previous_plan"),
    ]
    # l.654 "Budget de la politique enfance famille : dont 7 060 407 €", l.657 "(budget 2022"
    (inv,) = [r for r in lines["62"] if r["first_line"] == 654]
    assert (inv["role"], inv["part_of"], inv["year"]) == ("component", None, 2022)


@pytest.fixture(scope="module")
def real_tables(lines):
    """The five real plans' money, sheets and names (as the reports read them)."""
    names = {"31": "Haute-Garonne", "40": "Landes", "47": "Lot-et-Garonne", "61": "Orne", "62": "Pas-de-Calais"}
    plans = pd.DataFrame([dict(plan_id=f"{c}-x", department_code=c, department_name=n) for c, n in names.items()])
    b = pd.DataFrame([dict(r, plan_id=f"{c}-x") for c in names for r in lines[c]])
    acts = [
        dict(plan_id=f"{c}-x", action_id=a)
        for c in names
        for a in {r["action_id"] for r in parse_raw(c).tables["actions"]}
    ]
    return {"plans": plans, "budget_lines": b, "actions": pd.DataFrame(acts)}


def test_no_printed_sum_mixes_a_unit_amount_or_an_envelope_with_other_amounts(real_tables):
    from schemalab.analysis.money import PERIODICITY_FR, SCOPE_FR, countable, money_figures

    fig = money_figures(real_tables)
    summed = fig[fig["total_eur"].notna()]
    assert not summed.empty
    assert set(summed["périodicité"]) <= {PERIODICITY_FR[p] for p in ("one_off", "per_year", "per_month")}
    assert set(summed["portée"]) <= {SCOPE_FR["action"], SCOPE_FR["plan_envelope"]}
    c = countable(real_tables["budget_lines"])
    back = {v: k for k, v in SCOPE_FR.items()}, {v: k for k, v in PERIODICITY_FR.items()}
    for r in summed.itertuples():
        g = c[
            (c["plan_id"] == r.plan_id)
            & (c["scope"] == back[0][r.portée])
            & (c["periodicity"] == back[1][r.périodicité])
        ]
        assert r.total_eur == g["amount_eur"].sum()
        assert len(g) == 1 or not g["context"].str.contains(r"\b(?:plan|enveloppe|fonds|budget)\b", case=False).any()
    # the HG emergency plan (70 M€, l.15) is never added to its own measures (l.62-100)
    hg = fig[fig["plan_id"] == "31-x"]
    assert hg["total_eur"].isna().all()
    # Lot-et-Garonne's review: planned and spent amounts of different years, never summed
    assert fig.loc[fig["plan_id"] == "47-x", "total_eur"].isna().all()


def test_every_count_is_recomputable_from_the_qualified_table(real_tables):
    from schemalab.analysis.money import budget_lines_qualified, money_comparison, money_figures, money_sentences

    q = budget_lines_qualified(real_tables)
    fig = money_figures(real_tables)
    for r in fig.itertuples():
        rows = q[(q["département"] == r.département) & (q["portée"] == r.portée) & (q["périodicité"] == r.périodicité)]
        assert r.n_montants == int((rows["compté"] == "oui").sum()), r
        assert r.n_montants == len(r.montants.split(" ; "))
    comp = money_comparison(real_tables).set_index("département")
    for col, scope in (("période passée (montants)", "bilan d'une période passée"),
                       ("hors champ (montants)", "hors protection de l'enfance")):  # fmt: skip
        per = fig[fig["portée"] == scope].groupby("département")["n_montants"].sum()
        for dept, n in comp[col].items():
            assert n == per.get(dept, 0), (dept, col)
    sentences = dict(zip(comp.index, money_sentences(real_tables), strict=True))
    hg = sentences["Haute-Garonne (31)"]
    n_hg, kept_hg = (
        int((q["département"] == "Haute-Garonne (31)").sum()),
        int(((q["département"] == "Haute-Garonne (31)") & (q["compté"] == "oui")).sum()),
    )
    assert f"imprime {n_hg} montants en euros, dont {kept_hg} comptés (hors 5 répétitions" in hg
    outside = int(
        fig.loc[
            (fig["département"] == "Haute-Garonne (31)") & (fig["portée"] == "hors protection de l'enfance"),
            "n_montants",
        ].sum()
    )
    assert f"{outside} hors protection de l'enfance" in hg


def test_62_lost_budget_total_is_said_lost_not_uncited(real_tables):
    from schemalab.analysis.money import money_sentences

    pdc = money_sentences(real_tables)[-1]
    assert pdc.startswith("Pas-de-Calais (62)")
    assert "« Budget de la politique enfance famille » sans son montant, illisible ou perdu" in pdc
    assert "budget 2022" in pdc and "ne cite pas le total" not in pdc
    # fiche 2's 2017-2022 findings do not make it a costed sheet: only fiche 8 (l.2630) is
    from schemalab.analysis.money import money_comparison

    assert (
        money_comparison(real_tables).set_index("département").loc["Pas-de-Calais (62)", "fiches chiffrées"] == "1 / 16"
    )


def test_annual_budget_bars_say_year_floor_and_items(real_tables):
    from schemalab.analysis.money import annual_budget, annual_budget_caveats

    bud = annual_budget(real_tables).set_index("département")["budget annuel cité"]
    assert "2020" in bud["Haute-Garonne (31)"] and "ASE + PMI + JEUNESSE" in bud["Haute-Garonne (31)"]
    assert bud["Landes (40)"].startswith("plus de ") and "année non dite" in bud["Landes (40)"]
    (caveat,) = annual_budget_caveats(real_tables)
    assert "ne se comparent pas" in caveat and "population" in caveat and "un minimum" in caveat


def _raw_lines(raw_dir, code: str) -> list[str]:
    (path,) = sorted(raw_dir.glob(f"{code}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")


def test_62_annual_budget_printed_without_its_amount_is_illegible_not_uncited(real_tables, raw_dir):
    """62:653 prints "Budget de la politique enfance famille :" and its amount was lost at
    the conversion; 62:654 "dont 7 060 407 € d'investissement" is all that is legible.
    Table, chart and sentence say it the same way; Orne and Lot-et-Garonne print none."""
    from schemalab import plots as P
    from schemalab.analysis.money import annual_budget, lost_budget_headings, money_comparison, money_sentences

    bud = annual_budget(real_tables).set_index("département")
    pdc = bud.loc["Pas-de-Calais (62)"]
    assert pdc["budget annuel cité"] == "montant illisible ou perdu (l. 653)", pdc["budget annuel cité"]
    assert (pdc["statut"], pdc["ligne"]) == ("illisible ou perdu", 653) and pd.isna(pdc["montant_eur"])
    raw = _raw_lines(raw_dir, "62")
    assert raw[653 - 1].strip() == "Budget de la politique enfance famille :"  # nothing after the colon
    assert "dont 7 060 407 €" in raw[654 - 1]
    for dept in ("Lot-et-Garonne (47)", "Orne (61)"):  # no annual budget printed at all
        assert (bud.loc[dept, "budget annuel cité"], bud.loc[dept, "statut"]) == ("non cité", "non cité")
    # the rule holds for every plan: the line named holds the heading, printed without an amount
    for h in lost_budget_headings(real_tables["budget_lines"]).itertuples():
        line = _raw_lines(raw_dir, h.plan_id.split("-")[0])[h.ligne - 1]
        assert h.intitulé in line and not euro_amounts(line), (h.plan_id, h.ligne, line)
    comp = money_comparison(real_tables).set_index("département")
    assert comp.loc["Pas-de-Calais (62)", "budget annuel cité"] == pdc["budget annuel cité"]
    assert comp.loc["Pas-de-Calais (62)", "ligne"] == 653
    sentence = money_sentences(real_tables)[-1]
    assert "(l. 653)" in sentence and "« dont 7 060 407 € d'investissement » (l. 654" in sentence
    fig = P.annual_budget_bars(annual_budget(real_tables))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Pas-de-Calais (62) : montant illisible ou perdu (l. 653)" in labels, labels
    assert "Orne (61) : non cité" in labels and not any(x.startswith("Pas-de-Calais (62) : non cité") for x in labels)


def test_62_sheet_money_cell_says_why_its_only_amount_is_not_counted(real_tables, raw_dir):
    """Fiche 8 (62:2630) prints "(10 M€ par an)", the envelope of 62:1293 repeated: it is
    counted once, in the envelopes, so the sheets' cell says so instead of a bare "—"."""
    from schemalab.analysis.money import budget_lines_qualified, money_comparison

    comp = money_comparison(real_tables).set_index("département")
    cell = comp.loc["Pas-de-Calais (62)", "fiches : ponctuel et par an"]
    assert cell == "— (le montant de la fiche 8, l. 2630, répète celui de la l. 1293)", cell
    raw = _raw_lines(raw_dir, "62")
    assert "10 M€" in raw[2630 - 1] and "10 M€ par an" in raw[1293 - 1]
    q = budget_lines_qualified(real_tables)
    (row,) = q[(q["département"] == "Pas-de-Calais (62)") & (q["ligne"] == 2630)].to_dict("records")
    first = q[(q["département"] == "Pas-de-Calais (62)") & (q["position"] == row["répétition de"])]
    assert row["compté"].startswith("non : répète") and first["ligne"].tolist() == [1293]
    assert comp.loc["Pas-de-Calais (62)", "enveloppes du schéma"] == "10 M€ par an"
    # a plan whose sheets print no amount at all keeps a bare "—"
    assert comp.loc["Orne (61)", "fiches : ponctuel et par an"] == "—"


def test_money_sentences_agree_in_number(real_tables):
    from schemalab.analysis.money import money_sentences, money_statement

    said = money_sentences(real_tables)
    said += money_statement(real_tables["budget_lines"], real_tables["actions"], real_tables["plans"])
    assert not any("(s)" in s for s in said), [s for s in said if "(s)" in s]
    text = " ".join(said)
    # Haute-Garonne: sheet 5.7's only amount is a bonus per carer (31:1751), not its means' cost
    assert "aucune de ses 32 fiches ne chiffre ses moyens ; la fiche 5.7 ne cite qu'un montant unitaire" in text
    assert "1 fiche sur 16 chiffre ses moyens" in text  # Pas-de-Calais: fiche 8
    assert "2 fiches sur 16 nomment un montant" in text  # fiches 2 (a past period) and 8
    assert "Landes (40) : 1 montant nommé, dont 1 au niveau du schéma ; aucune de ses 26 fiches" in text


def test_sheets_that_agrees_with_its_count():
    from schemalab.analysis.money import _sheets_that

    args = ("chiffre ses moyens", "chiffrent leurs moyens", "ne chiffre ses moyens")
    assert _sheets_that(1, 32, *args) == "1 fiche sur 32 chiffre ses moyens"
    assert _sheets_that(3, 16, *args) == "3 fiches sur 16 chiffrent leurs moyens"
    assert _sheets_that(0, 26, *args) == "aucune de ses 26 fiches ne chiffre ses moyens"


def test_dated_budget_draws_one_kind_and_says_the_parts_it_does_not_draw(real_tables, raw_dir):
    """The dated budget is drawn only from amounts of one kind: Haute-Garonne's spending
    table (31:691 « CA 2015 … BP 2021 », rows ASE, PMI, JEUNESSE and TOTAL at 31:692-698),
    every cell as printed. Pas-de-Calais's « dont 7 060 407 € d'investissement » (62:654)
    is only the investment part of a budget whose amount is lost (62:653), its « 605 302 € »
    the aids granted to families in 2022 (62:800-802): neither is an annual budget, so
    neither is drawn beside a 200 M€ table; both are said, with their line, under the
    chart, as is Landes's « plus de 60 millions d'euros » (40:22), which has no year."""
    from schemalab import plots as P
    from schemalab.analysis.money import annual_budget_not_drawn, annual_budget_series

    series = annual_budget_series(real_tables)
    assert set(series["département"]) == {"Haute-Garonne (31)"}, series
    assert not series["poste"].str.contains("…").any(), series["poste"].tolist()
    raw31 = _raw_lines(raw_dir, "31")
    years = [int(h[-4:]) for h in raw31[691 - 1].split("\t")[1:]]
    assert years == list(range(2015, 2022))
    for line, poste in ((692, "ASE"), (694, "PMI"), (696, "JEUNESSE"), (698, "TOTAL")):
        cells = raw31[line - 1].split("\t")
        printed = [float(re.sub(r"<[^>]+>|[^\d]", "", c)) for c in cells[1:]]
        mine = series[series["poste"] == poste].sort_values("année")
        assert mine["année"].tolist() == years and mine["montant_eur"].tolist() == printed, poste
        assert (mine["ligne"] == line).all() and poste in cells[0]
    # no part and no single aid is drawn as a budget
    assert not series["montant_eur"].isin([7_060_407.0, 605_302.0]).any()
    raw62, raw40 = _raw_lines(raw_dir, "62"), _raw_lines(raw_dir, "40")
    said = {x.split(" : ", 1)[0]: x for x in annual_budget_not_drawn(real_tables)}
    assert set(said) == {"Non tracé pour Landes (40)", "Non tracé pour Pas-de-Calais (62)"}, said
    pdc = said["Non tracé pour Pas-de-Calais (62)"]
    assert "dont 7 060 407 €" in raw62[654 - 1] and "7,06 M€ en 2022 (l. 654) n'est qu'une partie" in pdc
    assert raw62[653 - 1].strip().startswith("Budget de la politique enfance famille") and "(l. 653)" in pdc
    assert "605 302 €" in raw62[802 - 1] and "605\u202f302 € en 2022 (l. 802)" in pdc
    assert "aides financiéres accordées aux familles" in raw62[800 - 1] and "pas un budget annuel" in pdc
    landes = said["Non tracé pour Landes (40)"]
    assert "plus de 60 millions d'euros" in raw40[22 - 1] and "plus de 60 M€ par an (l. 22)" in landes
    assert "plus de 60 M€ par an (l. 22) est un minimum, sans année : pas de série datée" in landes
    # the chart: Haute-Garonne alone, on a linear scale from 0, no plan text damaged by OCR in its legend
    fig = P.annual_budget_trend(series)
    (ax,) = [a for a in fig.axes if a.get_lines()]
    assert ax.get_yscale() == "linear" and ax.get_ylim()[0] == 0
    legend = [t.get_text().replace("\n", " ") for t in ax.get_legend().texts]
    assert [x.split(" : ")[0] for x in legend[:4]] == ["ASE", "PMI", "JEUNESSE", "TOTAL"], legend
    assert "TOTAL : 130,9 M€ en 2015 → 214,1 M€ en 2021" in legend
    assert "marque ouverte : prévu (BP, budget primitif)" in legend and "BP 2021" in raw31[691 - 1]
    assert not any("I'enfance" in x or "financiéres" in x for x in legend)


@pytest.mark.parametrize(
    ("context", "raw", "name"),
    [
        ("aides financiéres accordées aux familles de 'aide sociale a I'enfance en 2022 pour un montant total "
         "de 605 302 €", "605 302 €", "aides financiéres accordées aux familles de 'aide sociale a I'enfance"),
        ("Le budget de l'aide sociale à l'enfance s'élève à 120 M€ en 2023", "120 M€",
         "Le budget de l'aide sociale à l'enfance"),
        ("62,8 M€ consacrés à la protection de l'enfance en 2024.", "62,8 M€", "la protection de l'enfance"),
        ("ASE | 125 900 318€ | 135 787 512€", "125 900 318€", "ASE"),
        ("Budget total : 120 M€", "120 M€", "Budget total"),
    ],
)  # fmt: skip
def test_poste_is_the_words_before_the_amount_never_a_cut_phrase(context, raw, name):
    from schemalab.analysis.money import _poste

    assert _poste(context, raw) == name


# -- report-correctness fixes: what the plans print, the raw line quoted ----------------


def test_31_a_unit_bonus_alone_does_not_cost_sheet_5_7(real_tables, raw_dir):
    """31:1751 (sheet 5.7, title cell) « Mise en œuvre, depuis le 1er janvier 2019, d'une
    prime d'installation de 500 € pour les assistants familiaux », repeated in the steps
    at 31:1756 « Attribution d'une prime d'installation de 500 € »: a payment per carer,
    not what the sheet's means cost. Table, overview, profile and sentence share the one
    rule of :func:`costed_sheets` and say the unit amount apart."""
    from schemalab.analysis.money import costed_sheets, money_comparison, money_sentences, n_costed_sheets

    raw = _raw_lines(raw_dir, "31")
    assert "prime d'installation de 500 €" in raw[1751 - 1] and "prime</b> d'installation de 500 €" in raw[1756 - 1]
    sheets = costed_sheets(real_tables["budget_lines"]).set_index(["plan_id", "action_id"])
    assert not sheets.loc[("31-x", "5.7"), "chiffrée"]
    assert sheets.loc[("31-x", "5.7"), "unitaires"] == ["prime d'installation de 500 €, l. 1751"]
    # Pas-de-Calais's sheet 8 prints « (10 M€ par an) » (62:2630): an amount per year costs it
    assert sheets.loc[("62-x", "8"), "chiffrée"]
    assert n_costed_sheets(real_tables["budget_lines"]) == {"62-x": 1}
    comp = money_comparison(real_tables).set_index("département")
    assert comp.loc["Haute-Garonne (31)", "fiches chiffrées"] == "0 / 32"
    assert comp.loc["Pas-de-Calais (62)", "fiches chiffrées"] == "1 / 16"
    # the unit amount is still shown, apart, where its periodicity is
    assert comp.loc["Haute-Garonne (31)", "fiches : autre périodicité"] == "500 € (montant unitaire, l. 1751)"
    hg = money_sentences(real_tables)[0]
    assert (
        "aucune de ses 32 fiches ne chiffre ses moyens ; la fiche 5.7 ne cite qu'un montant unitaire "
        "(prime d'installation de 500 €, l. 1751), qui ne dit pas ce que coûtent ses moyens" in hg
    ), hg
    assert "1 fiche sur 32" not in hg and "(s)" not in hg


def test_unit_only_sheets_agree_in_number():
    from schemalab.analysis.money import _unit_name, _unit_only_phrase

    assert _unit_name("Attribution d'une prime d'installation de 500 € pour les assistants familiaux", "500 €") == (
        "prime d'installation"
    )
    # 31:81, no article before the amount's name: the whole name
    assert (
        _unit_name("Revenu exceptionnel de solidarité de 500 € par mois", "500 €")
        == "Revenu exceptionnel de solidarité"
    )
    one = _unit_only_phrase([("5.7", ["prime de 500 €, l. 1751"])])
    assert (
        one
        == "la fiche 5.7 ne cite qu'un montant unitaire (prime de 500 €, l. 1751), qui ne dit pas ce que coûtent ses moyens"
    )
    two = _unit_only_phrase([("5.7", ["prime de 500 €, l. 1751"]), ("6.1", ["forfait de 50 €, l. 9"])])
    assert two.startswith("les fiches 5.7 et 6.1 ne citent que des montants unitaires (")
    assert two.endswith("qui ne disent pas ce que coûtent leurs moyens")


def test_annual_figures_say_the_perimeter_each_plan_prints(real_tables, raw_dir):
    """Haute-Garonne's 212,1 M€ (31:688) is the 2020 TOTAL of « EVOLUTION DES DEPENSES DE
    LA DIRECTION ENFANCE ET FAMILLE PAR POLITIQUES PUBLIQUES » (31:690), ASE + PMI +
    JEUNESSE (31:692-696); Landes's « plus de 60 millions d'euros » goes « à la protection
    des jeunes landais et à l'accompagnement des familles en difficultés » (40:22);
    Pas-de-Calais prints « Budget de la politique enfance famille » (62:653). Each figure
    is shown with its perimeter, never as « le budget du département »."""
    from schemalab.analysis.money import (
        SCOPE_FR,
        annual_budget,
        annual_budget_caveats,
        budget_lines_qualified,
        money_comparison,
        money_sentences,
        with_printed_perimeter,
    )

    raw31, raw40, raw62 = (_raw_lines(raw_dir, c) for c in ("31", "40", "62"))
    assert "DIRECTION ENFANCE ET FAMILLE" in raw31[690 - 1]
    assert [raw31[n - 1].split("\t")[0] for n in (692, 694, 696, 698)] == ["ASE", "PMI", "JEUNESSE", "<b>TOTAL</b>"]
    words = "à la protection des jeunes landais et à l'accompagnement des familles en difficultés"
    assert f"plus de 60 millions d'euros {words}." in raw40[22 - 1]
    assert raw62[653 - 1].strip() == "Budget de la politique enfance famille :"

    comp = money_comparison(real_tables).set_index("département")
    perimeter = comp["périmètre imprimé"]
    assert list(comp.columns[:2]) == ["budget annuel cité", "périmètre imprimé"]
    assert perimeter["Haute-Garonne (31)"] == "ASE + PMI + JEUNESSE (postes du tableau, l. 692-696)"
    assert perimeter["Landes (40)"] == f"«\u00a0{words}\u00a0» (l. 22)"
    assert perimeter["Pas-de-Calais (62)"] == "«\u00a0Budget de la politique enfance famille\u00a0» (l. 653)"
    assert perimeter["Lot-et-Garonne (47)"] == perimeter["Orne (61)"] == "—"
    # the scope label does not claim the département's budget
    assert "département" not in SCOPE_FR["annual_budget"]
    q = budget_lines_qualified(real_tables)
    assert set(q.loc[q["ligne"].isin([688, 22, 654]), "portée"]) == {SCOPE_FR["annual_budget"]}
    # report 01: the same perimeter beside the same figure
    table = with_printed_perimeter(comp.reset_index()[["département", "budget annuel cité"]], real_tables)
    assert list(table.columns) == ["département", "budget annuel cité", "périmètre imprimé"]
    assert table["périmètre imprimé"].tolist() == annual_budget(real_tables)["périmètre imprimé"].tolist()
    hg, landes = money_sentences(real_tables)[:2]
    assert "cite une dépense annuelle : 212,1 M€ en 2020, total ASE + PMI + JEUNESSE (consommé, l. 688)" in hg
    assert f"plus de 60 M€ par an, année non dite, «\u00a0{words}\u00a0» (consommé, l. 22)" in landes
    (caveat,) = annual_budget_caveats(real_tables)
    assert "total des postes ASE + PMI + JEUNESSE (l. 692-696)" in caveat and words in caveat
    assert "que si leurs périmètres imprimés sont les mêmes" in caveat


def test_61_absence_of_money_is_the_text_reads_where_a_tome_was_not_read(lines):
    """Orne's text is its tome 2 only (« TOME 2 : plan d'actions »; data/caveats.yml marks
    61-2017-2021 ``unread: [money, review]``): its sentence says the text read cites no
    amount, never that the plan does not; a plan read whole keeps « le schéma »."""
    from schemalab.analysis.findings import unread_topics
    from schemalab.analysis.money import money_sentences

    assert unread_topics("61-2017-2021") == {"money", "review"}
    plans = pd.DataFrame(
        [
            dict(plan_id="40-2024-2028", department_code="40", department_name="Landes"),
            dict(plan_id="61-2017-2021", department_code="61", department_name="Orne"),
        ]
    )
    b = pd.DataFrame([dict(r, plan_id="40-2024-2028") for r in lines["40"]])
    acts = pd.DataFrame([dict(plan_id=p, action_id=str(i)) for p in plans["plan_id"] for i in range(3)])
    landes, orne = money_sentences({"plans": plans, "budget_lines": b, "actions": acts})
    assert orne == (
        "Orne (61) : le texte lu ne cite aucun montant en euros, ni budget annuel ni coût d'action "
        "(une partie du schéma n'a pas été lue)."
    )
    assert landes.startswith("Landes (40) : le schéma imprime 1 montant") and "texte lu" not in landes


def test_31_every_year_of_the_spending_table_is_counted_alike(real_tables, raw_dir):
    """31:688 « En 2020, la dépense … atteint 212 139 607 euros » is the TOTAL CA 2020 cell
    of 31:698, the sum of ASE, PMI and JEUNESSE (31:692, 694, 696). A total whose
    components are printed is never counted, whichever of its mentions comes first: for
    every year of the table (CA 2015 … BP 2021, 31:691), the three items are counted and
    the total is not; the 2020 sentence is left out as that total, its table cell as its
    repeat. So 54 amounts printed, 40 counted."""
    from schemalab.analysis.money import budget_lines_qualified, count_status, money_sentences

    raw = _raw_lines(raw_dir, "31")
    assert "atteint 212 139 607 euros" in raw[688 - 1] and "212 139 607€" in raw[698 - 1]
    q = budget_lines_qualified(real_tables)
    hg = q[q["département"] == "Haute-Garonne (31)"]
    table = hg[hg["ligne"].isin([692, 694, 696, 698])]
    counted = table[table["compté"] == "oui"].groupby("année")["ligne"].apply(sorted)
    assert counted.to_dict() == {y: [692, 694, 696] for y in range(2015, 2022)}
    (sentence,) = hg.loc[(hg["ligne"] == 688) & (hg["montant"] == "212,1 M€"), "compté"]
    assert sentence == "non : total de composantes imprimées"
    (cell,) = hg.loc[(hg["ligne"] == 698) & (hg["année"] == 2020), "compté"]
    assert cell.startswith("non : répète le rang")
    status = count_status(real_tables["budget_lines"])
    assert len(hg) == 54 and int((status[real_tables["budget_lines"]["plan_id"] == "31-x"] == "oui").sum()) == 39
    said = money_sentences(real_tables)[0]
    assert "imprime 54 montants en euros, dont 39 comptés (hors 5 répétitions, 8 totaux dont les composantes" in said


# -- report 03 as an observatory reader checks it against the plans ----------------------


def _notebook_03() -> dict:
    import json

    from conftest import ROOT

    return json.loads((ROOT / "notebooks" / "03_budgets.ipynb").read_text(encoding="utf-8"))


def test_03_puts_no_annual_budget_on_a_shared_axis_and_its_table_says_each(real_tables, raw_dir):
    """Haute-Garonne's 212,1 M€ is a Direction's 2020 spending (31:688, table 31:690-698),
    Landes's « plus de 60 millions d'euros » a minimum without a year (40:22): no bar chart
    sets them on one axis, nor draws a plan without a figure as an empty (zero) bar; the
    table says, for every plan, the amount with its year, the perimeter and, without an
    amount, why (« non cité », « montant illisible ou perdu (l. 653) »)."""
    from schemalab.analysis.money import money_comparison

    code = "".join("".join(c["source"]) for c in _notebook_03()["cells"] if c["cell_type"] == "code")
    assert "annual_budget_bars" not in code and "money_comparison" in code
    comp = money_comparison(real_tables).set_index("département")
    raw31, raw40, raw62 = (_raw_lines(raw_dir, c) for c in ("31", "40", "62"))
    assert "atteint 212 139 607 euros" in raw31[688 - 1] and "En 2020" in raw31[688 - 1]
    assert comp.loc["Haute-Garonne (31)", "budget annuel cité"].startswith("212,1 M€ en 2020")
    assert "plus de 60 millions d'euros" in raw40[22 - 1]
    assert comp.loc["Landes (40)", "budget annuel cité"] == "plus de 60 M€ par an, année non dite"
    assert raw62[653 - 1].strip() == "Budget de la politique enfance famille :"
    assert comp.loc["Pas-de-Calais (62)", "budget annuel cité"] == "montant illisible ou perdu (l. 653)"
    assert comp.loc["Lot-et-Garonne (47)", "budget annuel cité"] == "non cité"
    for col in ("budget annuel cité", "périmètre imprimé"):
        assert comp[col].astype(str).str.strip().ne("").all() and not comp[col].isin(["0", 0]).any(), col


def test_03_key_findings_rank_no_plan_and_count_amounts_by_kind(real_tables, raw_dir):
    """Haute-Garonne's counted amounts are the 21 item cells of one table (ASE, PMI and
    JEUNESSE, CA 2015 … BP 2021, 31:692-696), the measures of its COVID emergency plan for
    the whole population (« Le département face à la crise », 31:35, before the contents
    at 31:102; its 70 M€ at 31:15) and three unit amounts: no « en imprime le plus ». The
    counts are given by kind (the plan's own money, context and past figures, outside
    child protection, unit amounts), each recomputable from the « compté », « portée » and
    « périodicité » columns of the last table."""
    from schemalab import analysis as A
    from schemalab.analysis.money import (
        KIND_OF_SCOPE,
        KIND_SHORT_FR,
        PERIODICITY_FR,
        SCOPE_FR,
        budget_lines_qualified,
        counted_by_kind,
    )

    text = " ".join(A.key_findings("03", real_tables).lines)
    assert "le plus" not in text and "le moins" not in text, text
    q = budget_lines_qualified(real_tables)
    kept = q[q["compté"] == "oui"].assign(kind=lambda d: d["portée"].map({v: k for k, v in SCOPE_FR.items()}))
    kept["kind"] = kept["kind"].map(KIND_OF_SCOPE).where(kept["périodicité"] != PERIODICITY_FR["unit_rate"], "unit")
    kinds = counted_by_kind(real_tables["budget_lines"])
    names = dict(zip(real_tables["plans"]["plan_id"], real_tables["plans"]["department_name"], strict=True))
    for pid, name in names.items():
        label = f"{name} ({pid.split('-')[0]})"
        assert kinds.get(pid, {}) == kept[kept["département"] == label]["kind"].value_counts().to_dict(), pid
        said = ", ".join(f"{KIND_SHORT_FR[k]} {n}" for k, n in kinds.get(pid, {}).items()) or "aucun"
        assert f"{name} — {said}" in text, (name, said)
    raw31 = _raw_lines(raw_dir, "31")
    hg = kept[kept["département"] == "Haute-Garonne (31)"]
    cells = hg[(hg["kind"] == "context") & hg["ligne"].isin([692, 694, 696])]
    assert len(cells) == 21 and {raw31[n - 1].split("\t")[0] for n in cells["ligne"]} == {"ASE", "PMI", "JEUNESSE"}
    assert raw31[35 - 1] == "## Le département face à la crise" and raw31[102 - 1] == "# SOMMAIRE"
    assert (hg.loc[hg["kind"] == "outside", "ligne"] < 102).all() and "70M€" in raw31[15 - 1]
    assert not (hg["kind"] == "own").any()  # its one sheet amount is a bonus per carer (below)


def test_03_argent_du_schema_is_money_the_plan_commits_never_a_unit_amount(real_tables, raw_dir):
    """« argent du schéma » counts what the plan commits, as « fiches chiffrées » does: not
    Haute-Garonne's « prime d'installation de 500 € pour les assistants familiaux »
    (31:1751, sheet 5.7), a payment per carer, nor the « forfait de scolarité de 50 € par
    mois et par enfant » (31:76) or the « Revenu exceptionnel de solidarité de 500 € par
    mois » (31:81) of its emergency plan: these are counted apart as unit amounts, whatever
    their scope, each with its scope so that it adds back to the table's count.
    Pas-de-Calais's « enveloppe d'aide a l'investissement de 10 M€ par an »
    (62:1293) is money the plan commits and stays « argent du schéma 1 »."""
    from schemalab import analysis as A
    from schemalab.analysis.money import (
        KIND_SHORT_FR,
        amount_kind,
        countable,
        counted_by_kind,
        counted_units_by_scope,
        money_comparison,
    )

    raw31, raw62 = _raw_lines(raw_dir, "31"), _raw_lines(raw_dir, "62")
    assert "prime d'installation de 500 €" in raw31[1751 - 1]
    assert "forfait de scolarité de 50 € par mois et par enfant" in raw31[76 - 1]
    assert "Revenu exceptionnel de solidarité de 500 € par mois" in raw31[81 - 1]
    assert "enveloppe d’aide a I'investissement de 10 M€ par an" in raw62[1293 - 1]
    c = countable(real_tables["budget_lines"])
    kind = amount_kind(c)
    assert sorted(c.loc[(c["plan_id"] == "31-x") & (kind == "unit"), "first_line"]) == [76, 81, 1751]
    assert c.loc[kind == "own", ["plan_id", "first_line"]].values.tolist() == [["62-x", 1293]]
    kinds = counted_by_kind(real_tables["budget_lines"])
    assert kinds["31-x"] == {"context": 21, "outside": 15, "unit": 3}
    assert kinds["62-x"]["own"] == 1
    text = " ".join(A.key_findings("03", real_tables).lines)
    own = KIND_SHORT_FR["own"]
    assert (
        f"Haute-Garonne — contexte et bilans 21, hors protection de l'enfance 15, {KIND_SHORT_FR['unit']} 3 "
        "(fiches actions 1, bilan d'une période passée 1, hors protection de l'enfance 1)" in text
    ), text
    # each unit amount adds back to its scope's count in the 03 table: 15 + 1 outside child protection
    assert counted_units_by_scope(real_tables["budget_lines"])["31-x"] == {
        "action": 1,
        "previous_plan": 1,
        "outside_scope": 1,
    }
    comp = money_comparison(real_tables).set_index("département")
    assert comp.loc["Haute-Garonne (31)", "hors champ (montants)"] == 15 + 1
    assert comp.loc["Haute-Garonne (31)", "période passée (montants)"] == 1
    assert f"Pas-de-Calais — {own} 1, contexte et bilans 5" in text
    assert (
        f"{own} : les sommes que le schéma engage, dans ses fiches et ses enveloppes, hors montants unitaires" in text
    )
    # the same report: no sheet of Haute-Garonne costs its means, Pas-de-Calais's sheet 8 does
    assert "Haute-Garonne 0 sur 32" in text and "Pas-de-Calais 1 sur 16" in text


def test_03_title_does_not_claim_an_equal_perimeter(real_tables, raw_dir):
    """The plans print different perimeters (a Direction's spending table, 31:690; « la
    protection des jeunes landais et l'accompagnement des familles en difficultés »,
    40:22): the report's title and its metadata do not say « comparé à périmètre égal »."""
    from schemalab.analysis.money import annual_budget

    nb = _notebook_03()
    title = "Budgets : l'argent que chaque schéma cite, et ce qu'il couvre"
    assert nb["metadata"]["title"] == title
    (intro,) = [c for c in nb["cells"] if c.get("id") == "03-01"]
    assert intro["source"][0] == f"# {title}\n"
    assert "périmètre égal" not in str(nb)
    cited = annual_budget(real_tables).dropna(subset=["montant_eur"])
    assert cited["périmètre imprimé"].nunique() == len(cited) == 2
    assert _raw_lines(raw_dir, "31")[690 - 1].startswith("EVOLUTION DES DEPENSES DE LA DIRECTION ENFANCE ET FAMILLE")


def test_every_printed_perimeter_is_found_at_the_lines_it_cites(real_tables, raw_dir):
    """« périmètre imprimé » invents nothing: the posts of a table are the first cells of
    the rows it cites (ASE, PMI, JEUNESSE at 31:692-696); quoted words are on the line
    cited (40:22, 62:653). The title of Haute-Garonne's table (31:690 « EVOLUTION DES
    DEPENSES DE LA DIRECTION ENFANCE ET FAMILLE … ») is not in the amounts' data (each
    amount keeps its row), so it is not quoted: the posts are."""
    from schemalab.analysis.money import annual_budget

    checked = 0
    for r in annual_budget(real_tables).to_dict("records"):
        perimeter = r["périmètre imprimé"]
        if perimeter in ("—", "non imprimé"):
            continue
        raw = _raw_lines(raw_dir, r["plan_id"].split("-")[0])
        table = re.fullmatch(r"(.+) \(postes du tableau, l\. (\d+)(?:-(\d+))?\)", perimeter)
        if table:
            lo, hi = int(table.group(2)), int(table.group(3) or table.group(2))
            firsts = {re.sub(r"<[^>]+>", "", raw[n - 1].split("\t")[0]).strip() for n in range(lo, hi + 1)}
            assert set(table.group(1).split(" + ")) <= firsts, (perimeter, firsts)
        else:
            quoted = re.fullmatch(r"«\u00a0(.+)\u00a0» \(l\. (\d+)\)", perimeter)
            assert quoted, perimeter
            assert quoted.group(1) in raw[int(quoted.group(2)) - 1].replace("’", "'"), perimeter
        checked += 1
    assert checked == 3
    hg = real_tables["budget_lines"]
    hg = hg[(hg["plan_id"] == "31-x") & hg["first_line"].isin([692, 694, 696, 698])]
    assert not hg["context"].str.contains("DIRECTION").any()
    perimeter = annual_budget(real_tables).set_index("plan_id").loc["31-x", "périmètre imprimé"]
    assert perimeter == "ASE + PMI + JEUNESSE (postes du tableau, l. 692-696)"


def test_61_money_cells_are_none_in_the_text_read_never_zero(lines, raw_dir):
    """Orne's text is its tome 2 only (« TOME 2 : plan d'actions »; caveats.yml marks
    61-2017-2021 ``unread: [money, review]``): the 03 table gives its money cells as
    « — (aucun dans le texte lu) », never « 0 »; a plan read whole (Landes) keeps its
    counts; « À retenir » says the same."""
    from schemalab import analysis as A
    from schemalab.analysis.money import NONE_IN_TEXT_READ, money_comparison

    assert "TOME 2 : plan d'actions" in "\n".join(_raw_lines(raw_dir, "61"))
    plans = pd.DataFrame(
        [
            dict(plan_id="40-2024-2028", department_code="40", department_name="Landes"),
            dict(plan_id="61-2017-2021", department_code="61", department_name="Orne"),
        ]
    )
    b = pd.DataFrame([dict(r, plan_id="40-2024-2028") for r in lines["40"]])
    acts = pd.DataFrame([dict(plan_id=p, action_id=str(i)) for p in plans["plan_id"] for i in range(3)])
    t = {"plans": plans, "budget_lines": b, "actions": acts}
    comp = money_comparison(t).set_index("département")
    cols = ["fiches : ponctuel et par an", "fiches : autre périodicité", "enveloppes du schéma",
            "période passée (montants)", "autres financeurs (montants)", "hors champ (montants)"]  # fmt: skip
    assert comp.loc["Orne (61)", cols].tolist() == [NONE_IN_TEXT_READ] * 6
    assert NONE_IN_TEXT_READ == "aucun dans le texte lu"
    assert comp.loc["Landes (40)", cols].tolist() == ["—", "—", "—", 0, 0, 0]
    assert "Orne — aucun dans le texte lu" in " ".join(A.key_findings("03", t).lines)


@pytest.fixture(scope="module")
def built_tables(tmp_path_factory, raw_dir):
    """The five real plans built as the reports read them (real plan ids: Orne's
    61-2017-2021 is the plan whose money part was not read)."""
    from schemalab import analysis as A
    from schemalab.build import build

    out = tmp_path_factory.mktemp("processed")
    assert build(raw_dir, out, log=lambda *_: None).failed == []
    return A.load_tables(out, raw_dir)


def test_03_says_orne_costed_sheets_as_01_and_its_profile_do(built_tables, raw_dir):
    """Orne's text is its tome 2 only (61:3-13 « TOME 2 : plan d'actions »; its 12 sheets):
    its money part was not read, so 03's « À retenir » and its side-by-side table say
    « aucune sur 12 dans le texte lu », the words of report 01 and of Orne's profile
    (:func:`unread_cell`), never « 0 sur 12 » or « 0 / 12 »; a plan read whole keeps its
    count (Landes « 0 / 26 »)."""
    from schemalab import analysis as A
    from schemalab.analysis.findings import unread_cell, unread_topics
    from schemalab.analysis.money import money_comparison_table
    from schemalab.analysis.overview import overview_table

    assert any("TOME 2 : plan d'actions" in x for x in _raw_lines(raw_dir, "61")[2:13])
    assert unread_topics("61-2017-2021") == {"money", "review"}
    n_orne = int((built_tables["actions"]["plan_id"] == "61-2017-2021").sum())
    assert n_orne == 12
    said = unread_cell(f"0 / {n_orne}", "money", "61-2017-2021", n_orne)
    assert said == "aucune sur 12 dans le texte lu"
    table = money_comparison_table(built_tables).set_index("département")["fiches chiffrées"]
    overview = overview_table(built_tables).set_index("département")["fiches chiffrées"]
    assert table["Orne (61)"] == overview["Orne (61)"] == said
    assert table.to_dict() == overview.to_dict()  # every plan: 03 reads like 01
    assert table["Landes (40)"] == "0 / 26"
    profile = A.profile_facts(built_tables, "61").set_index("rubrique")["valeur"]
    assert profile["Fiches qui chiffrent leurs moyens"].startswith(said)
    text = " ".join(A.key_findings("03", built_tables).lines)
    assert f"Orne {said}" in text and "Orne 0 sur 12" not in text, text
    assert "Landes 0 sur 26" in text


def test_03_figures_say_an_annual_part_is_not_the_annual_budget(real_tables, raw_dir):
    """Pas-de-Calais's « dont 7 060 407 € d'investissement » (62:654) is only a part of its
    « Budget de la politique enfance famille » (62:653), whose amount is lost, and its
    « 605 302 € » (62:802) the aids granted to families (62:800): in « Montants par portée
    et par périodicité » their row keeps the data's scope, and its « sans somme » says each
    is a part, not the annual budget, by the one rule that keeps them off the dated budget
    chart (:func:`budget_part_only`). Haute-Garonne's table rows, drawn, keep « années et
    postes différents »."""
    from schemalab.analysis.money import (
        SCOPE_FR,
        WHY_NO_SUM,
        _qualified,
        annual_budget_series,
        budget_part_only,
        money_figures,
    )

    raw62 = _raw_lines(raw_dir, "62")
    assert raw62[653 - 1].strip() == "Budget de la politique enfance famille :"
    assert "dont 7 060 407 € d'investissement" in raw62[654 - 1]
    assert "aides financiéres accordées aux familles" in raw62[800 - 1] and "605 302 €" in raw62[802 - 1]
    fig = money_figures(real_tables)
    annual = fig[fig["portée"] == SCOPE_FR["annual_budget"]].set_index("plan_id")
    pdc = annual.loc["62-x"]
    assert pdc["montants"] == "7,06 M€ (l. 654) ; 605\u202f302 € (l. 802)"
    assert pdc["sans somme"] == (
        "7,06 M€ (l. 654) : une partie du budget («\u00a0dont 7 060 407 € d'investissement\u00a0» du "
        "«\u00a0Budget de la politique enfance famille\u00a0», l. 653, montant illisible ou perdu), pas le budget "
        "annuel ; 605\u202f302 € (l. 802) : une partie du budget («\u00a0aides financiéres accordées aux familles "
        "de 'aide sociale a I'enfance\u00a0», total non imprimé), pas le budget annuel"
    )
    # the one rule: the parts said are the amounts the dated budget chart does not draw as parts
    b = _qualified(real_tables["budget_lines"])
    parts = b[budget_part_only(b) & b["duplicate_of"].isna()]
    assert sorted(parts["first_line"]) == [654, 802]
    assert not annual_budget_series(real_tables)["montant_eur"].isin(parts["amount_eur"]).any()
    assert annual.loc["31-x", "sans somme"] == WHY_NO_SUM["annual_budget"]
    # Landes: « plus de 60 millions d'euros » chaque année, no year (40:22): not drawn, said so
    assert "consacre chaque année plus de 60 millions d'euros" in _raw_lines(raw_dir, "40")[22 - 1]
    assert annual.loc["40-x", "sans somme"] == "plus de 60 M€ (l. 22) : " + WHY_NO_SUM["undated"]
    assert "voir le budget annuel daté" not in annual.loc["40-x", "sans somme"]


def test_a_component_of_no_funder_has_no_payer():
    """A share « dont 20 000 € de fonctionnement » says what it pays for, not who pays it."""
    from schemalab.extract import amount_payer, euro_amounts, money_text

    sentence = "95 000 €, dont 20 000 € de fonctionnement"
    amounts = euro_amounts(sentence)
    mt = money_text(sentence, amounts[-1], amounts)
    assert amount_payer(sentence, mt.before, mt.after) is None


@pytest.mark.parametrize(
    "sentence, nature",
    [
        # an envelope and the participle alone: what the money is for (78 slide 6)
        ("12,5 millions d'euros enveloppe supplémentaire consacrée au schéma sur 2026-2031", "planned"),
        ("une enveloppe de 6,2 M€ sur cinq ans, consacrée pour l'essentiel à la prévention précoce", "planned"),
        # an act reported, spending as it runs, a participle with no envelope: spent
        ("En 2024, le Département a consacré 118,4 millions d'euros à la prévention", "consumed"),
        ("une enveloppe de 2 M€ a été consacrée à l'accueil d'urgence", "consumed"),
        ("Le Département consacre chaque année une enveloppe de 60 millions d'euros", "consumed"),
        # the envelope the Département consacre to this plan's new measures (14 l.27): planned
        (
            "le Département consacre à ce schéma une enveloppe de 14,8 millions d'euros de mesures nouvelles",
            "planned",
        ),
        ("87,4 millions d'euros consacrés par le Département à la protection de l'enfance en 2025", "consumed"),
    ],
)
def test_consacre_is_spent_unless_it_destines_an_envelope(sentence, nature):
    from schemalab.parsers.base import BaseParser

    assert BaseParser().budget_nature(sentence) == nature


@pytest.mark.parametrize(
    "sentence, payer",
    [
        # 78 sheet 1.3, 79 sheet 2.3: co-funded by one body named, the Département the other
        ("200 k€ sur la durée du schéma, cofinancés par l'ARS", "ARS, Département"),
        ("1,2 M€ sur la durée du schéma, cofinancé par l'État.", "État, Département"),
        # 94 sheet 1.2, 76 sheet 3.2: « avec » the body, the Département co-funds with it
        ("45 000 € par an, cofinancés à parts égales avec la Caisse d'allocations familiales", "CAF, Département"),
        ("650 000 € par an en fonctionnement, cofinancés à parts égales avec l'ARS", "ARS, Département"),
        # two funders named: the Département is not added
        ("300 000 € sur trois ans, cofinancés par l'État et la CAF", "État, CAF"),
        # 71 sheet 3.2, 73 sheet 3.3: the co-funder's share in per cent before « par »
        ("Investissement : 2 M€, cofinancé à 50 % par l'ARS", "ARS, Département"),
        ("Médecin référent : 95 000 € par an, cofinancé à 50 % par l'ARS.", "ARS, Département"),
        # 71 sheet 3.3: the funders' clause after a comma, a bracket between them
        ("400 000 €, financés par l'État (contribution forfaitaire) et le Département", "État, Département"),
    ],
)
def test_a_co_funded_amount_names_its_funders(sentence, payer):
    """A co-funded amount is paid by the bodies named and, where the words make it the
    other funder, the Département: its scope stays the Département's, not a third party's."""
    from schemalab.extract import amount_payer, euro_amounts, money_text

    amounts = euro_amounts(sentence)
    mt = money_text(sentence, amounts[0], amounts)
    assert amount_payer(sentence, mt.before, mt.after) == payer
    if "Département" in payer:
        assert amount_scope(sentence, "7", payer) == "action"


def test_a_co_funding_applies_to_its_own_clause_only():
    """76 sheet 3.2: « 1,8 M€ en investissement ; 650 000 € par an en fonctionnement,
    cofinancés à parts égales avec l'ARS »: the co-funding is the running cost's, after
    the semicolon; the investment names no payer."""
    from schemalab.extract import amount_payer, euro_amounts, money_text

    sentence = "1,8 M€ en investissement ; 650 000 € par an en fonctionnement, cofinancés à parts égales avec l'ARS"
    amounts = euro_amounts(sentence)
    texts = [money_text(sentence, a, amounts) for a in amounts]
    got = [amount_payer(sentence, mt.before, mt.after) for mt in texts]
    assert got == [None, "ARS, Département"]


@pytest.mark.parametrize(
    "sentence, scope, nature, year",
    [
        # what the Département spent on child protection in a year: its annual budget,
        # though the year falls before the plan (twenty configurers wrote this rule by hand)
        (
            "En 2024, le Département a consacré 62,8 millions d'euros à la protection de l'enfance, "
            "soit un euro sur cinq de son budget de fonctionnement.",
            "annual_budget",
            "consumed",
            2024,
        ),  # 91 l.35
        (
            "En 2023, Côtes-et-Marais a consacré 68,7 millions d'euros à l'aide sociale à l'enfance",
            "annual_budget",
            "consumed",
            2023,
        ),  # 87 l.31
        ("94,6 M€ consacrés à l'enfance et à la famille en 2025", "annual_budget", "consumed", 2025),  # 67 l.11
        (
            "91,3 M€ budget annuel consacré par le Département à la protection de l’enfance (compte administratif 2024)",
            "annual_budget",
            "consumed",
            2024,
        ),  # 68 l.75-77, a key figure and its caption
        # money the sentence gives to the plan stays the plan's envelope
        (
            "Le schéma consacrera une enveloppe de 7,8 M€ à la protection de l'enfance sur cinq ans",
            "plan_envelope",
            "planned",
            None,
        ),
        (
            "7,5 millions d’euros de crédits nouveaux mobilisés pour la mise en œuvre du schéma sur cinq ans",
            "plan_envelope",
            "planned",
            None,
        ),  # 68 l.79-81
        ("7,8 M€ de moyens nouveaux pour le schéma 2026-2030", "plan_envelope", "planned", None),  # 67 l.15
    ],
)
def test_a_years_spending_on_child_protection_is_the_annual_budget(sentence, scope, nature, year):
    from schemalab.extract import amount_year
    from schemalab.parsers.base import BaseParser

    assert amount_scope(sentence, None, None) == scope
    assert BaseParser().budget_nature(sentence) == nature
    assert amount_year(sentence) == year


@pytest.mark.parametrize(
    "sentence, periods",
    [
        # 67 sheet 2.1 (a table cell trafilatura ran together), 83 sheet 1.3: the period printed
        # after the first amount is that amount's
        (
            "240 000 € par an pour quatre postes de travailleurs sociaux évaluateurs Logiciel de suivi : 65 000 € (investissement)",
            ["per_year", "one_off"],
        ),
        (
            "250 000 € par an pour les postes de l'équipe d'évaluation et 40 000 € pour le formulaire en ligne.",
            ["per_year", "one_off"],
        ),
        # a part of the amount shares its period
        ("80 000 euros par an, dont 30 000 € de la CAF", ["per_year", "per_year"]),
        (
            "1,8 M€ par an en fonctionnement, cofinancé à parts égales avec l'ARS (900 000 € chacun)",
            ["per_year", "per_year"],
        ),
    ],
)
def test_the_period_after_an_amount_is_its_own(sentence, periods):
    from schemalab.extract import amount_periodicity, euro_amounts, money_text

    amounts = euro_amounts(sentence)
    got = [amount_periodicity(mt.before, mt.after) for mt in (money_text(sentence, a, amounts) for a in amounts)]
    assert got == periods
