"""Two blind plans of 2026-12-07 (evening), each read by a reader who wrote its tables by hand
before any configuration:

- 26 Vallée-de-Sombrenne, a Word document exported to PDF and read by ``pdftotext -layout``:
  orientations and sheets numbered with Roman numerals (« Fiche-action II.3 : … »), a banner
  of three label : value cells side by side under each title, a step | period table aligned
  with spaces, key figures printed as cards two a row;
- 25 Pays-de-Causselle, a Word document converted by markitdown, whose money and time are
  written the many ways plans write them.

Each test quotes the plan's lines it was written on; the rules are the shared code's, for
any plan printed so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import parse_fixture

from schemalab.extract import amount_role, euro_amounts, link_amounts, money_text
from schemalab.inspect import _numbers, inspect_text
from schemalab.parsers.base import step_years
from schemalab.parsers.columns import side_columns

FIXTURES = Path(__file__).parent / "fixtures"
LABELS = {"pilote", "pilotes", "échéance", "coût", "coût total", "constat", "calendrier"}


def _is_label(text: str) -> bool:
    return text.strip().rstrip(" :").lower() in LABELS


def _parse(code: str):
    """Test plan ``code`` parsed with its configuration (:func:`conftest.parse_fixture`)."""
    cfg = next(p for p in FIXTURES.glob(f"{code}_*.yml") if "draft" not in p.name)
    return parse_fixture(next(FIXTURES.glob(f"{code}_*_20*.txt")).name, cfg.name)


def test_a_banner_of_label_value_cells_is_read_cell_after_cell():
    """26 l.137-139: « Pilote : Direction de l'enfance et   Échéance : 2028   Coût : 45 000 € par
    an », the pilot wrapped in its cell on two more lines: the pilot was read with the other
    two cells' labels and values."""
    lines = [
        "Pilote : Direction de l'enfance et       Échéance : 2028                          Coût : 45 000 € par an",
        "de la famille (DEF) – service de",
        "PMI",
        "",
        "Constat",
    ]
    out, origin = side_columns(lines, _is_label, lambda t: False)
    assert out[:5] == [
        "Pilote : Direction de l'enfance et",
        "de la famille (DEF) – service de",
        "PMI",
        "Échéance : 2028",
        "Coût : 45 000 € par an",
    ]
    assert origin[:5] == [1, 2, 3, 1, 1]


def test_key_figures_printed_two_a_row_are_read_card_after_card():
    """26 l.48-51: « 98,6 M€ … 212 € » over their captions side by side: each figure is followed by
    its own caption, so the budget's year and the day rate's words are read with the right one."""
    lines = [
        "98,6 M€                                                       212 €",
        "consacrés à l'enfance et à la famille au budget               prix de journée moyen en maison d'enfants à",
        "primitif 2025, soit une hausse de 4,4 M€ par                  caractère social (MECS)",
        "rapport à 2024",
    ]
    out, _ = side_columns(lines, _is_label, lambda t: False)
    assert out == [
        "98,6 M€",
        "consacrés à l'enfance et à la famille au budget",
        "primitif 2025, soit une hausse de 4,4 M€ par",
        "rapport à 2024",
        "",
        "212 €",
        "prix de journée moyen en maison d'enfants à",
        "caractère social (MECS)",
    ]
    # a grid's header of years and its rows of marks are no cards
    assert side_columns(["2026      2027      2028", "X         X"], _is_label, lambda t: False) is None


def test_roman_numeral_sheet_numbers_are_offered_as_sheet_starts():
    """26: « Fiche-action I.1 : … » to « Fiche-action IV.2 : … » were not offered (the numbered
    steps were, and the draft read nothing)."""
    text = "\n\n\n".join(
        f"Fiche-action {n} : Titre de la fiche {n}\nPilote : DEF\n\n1. Une étape\n2. Une autre"
        for n in ("I.1", "I.2", "II.1", "II.2", "III.1", "IV.1")
    )
    best = inspect_text(text).best
    assert best.numbers == ["I.1", "I.2", "II.1", "II.2", "III.1", "IV.1"]
    assert re.match(best.regex, "Fiche-action III.2 : Transformer").group("id") == "III.2"
    assert _numbers(["I.1", "IV.2", "IX.3"]) == [(1, 1), (4, 2), (9, 3)]


def test_the_untouched_draft_reads_the_roman_numeral_plan():
    """26's draft: no parse before; now its sheets, orientations I-IV, banners, step | period
    tables and review read (0.982 of the hand reading, measured 2026-12-07)."""
    from schemalab.scaffold import draft_config

    txt = next(FIXTURES.glob("26_*_20*.txt"))
    draft, _ = draft_config("26", "Essai", txt.read_text(encoding="utf-8"), txt.name)
    assert "'Échéance': calendar" in draft and "'Coût': resources" in draft
    assert "Constat\\s*$'" not in draft.split("skip:")[1].split("\n\n")[0]  # a label is no running header


def test_the_plan_reads_its_banners_step_tables_and_wrapped_titles():
    res = _parse("26")
    actions = {a["action_id"]: a for a in res.tables["actions"]}
    # l.475-477: a title wrapped over three lines, the second holding a colon
    assert actions["III.2"]["title"].endswith("petites unités de vie, accueil d'urgence et accueil des fratries")
    axes = {a["axis_id"]: a["title"] for a in res.tables["axes"]}
    assert axes["IV"] == "Accompagner les jeunes vers l'autonomie et piloter la politique de protection de l'enfance"
    pilots = [r["name_raw"] for r in res.tables["action_actors"] if r["action_id"] == "I.1" and r["role"] == "pilot"]
    assert pilots == ["Direction de l'enfance et de la famille (DEF) – service de PMI"]
    cal = {(r["year"], r["semester"], r["label"]) for r in res.tables["calendar"] if r["action_id"] == "II.1"}
    # l.298-302: « Étape   Période » / « Création du pôle d'évaluation   2nd semestre 2026 » …
    assert {(2026, 2, "Création du pôle d'évaluation"), (2026, 1, "Tableau de bord des délais")} <= cal
    assert (2027, None, "Bilan de la réorganisation") in cal


def test_a_step_dated_in_its_text_schedules_its_sheet():
    """26 III.2 l.494 « Ouvrir une seconde unité d'accueil d'urgence à Port-Sombrenne en 2028 »
    (the banner says 2029); 25 sheet 3.2 l.200, no calendar label, « En 2025, conduire … En 2026
    et 2027, déployer … »: each year no calendar row gives is a row of source text."""
    assert step_years("Ouvrir une seconde unité à Port-Sombrenne en 2028", 2026, 2030) == [2028]
    assert step_years("En 2026 et 2027, déployer la plateforme", 2025, 2029) == [2026, 2027]
    assert step_years("Signer une convention (2026)") == [2026]
    assert step_years("Appliquer la loi du 7 février 2022", 2026, 2030) == []
    res = _parse("26")
    rows = [(r["year"], r["source"]) for r in res.tables["calendar"] if r["action_id"] == "III.2"]
    assert sorted(rows) == [(2028, "text"), (2029, "sheet")]
    step = next(r for r in res.tables["sub_actions"] if r["action_id"] == "III.2" and "2028" in r["text"])
    assert step["year"] == 2028
    res = _parse("25")
    assert sorted(r["year"] for r in res.tables["calendar"] if r["action_id"] == "3.2") == [2025, 2026, 2027]


@pytest.mark.parametrize(
    "sentence, k, role",
    [
        # 26 l.25-26: both shares of the envelope are parts of it
        (
            "une enveloppe de 6,8 millions d'euros sur la durée du schéma, dont 4,1 M€ de mesures "
            "nouvelles et 2,7 M€ de redéploiements de crédits existants.",
            2,
            "component",
        ),
        ("80 000 € pour l'équipe et 20 000 € pour la formation", 1, "single"),
    ],
)
def test_the_second_share_of_a_dont_is_a_component(sentence, k, role):
    found = euro_amounts(sentence)
    mt = money_text(sentence, found[k], found)
    assert amount_role(mt.before, mt.clause) == role


def test_a_share_in_a_wrapped_sentence_is_part_of_the_amount_it_breaks_down():
    rows = [
        {"position": 1, "amount_eur": 6.8e6, "first_line": 25, "role": "single", "periodicity": "one_off",
         "context": "s", "action_id": None},
        {"position": 2, "amount_eur": 4.1e6, "first_line": 26, "role": "component", "periodicity": "one_off",
         "context": "s", "action_id": None},
    ]  # fmt: skip
    link_amounts(rows)
    assert rows[1]["part_of"] == 1 and rows[0]["role"] == "single"


def test_a_range_low_end_takes_its_high_ends_unit():
    """25 l.162 « Entre 50 000 et 80 000 € selon le nombre de places »: the 50 000 was lost."""
    assert [(a.value, a.raw) for a in euro_amounts("Entre 50 000 et 80 000 € selon")] == [
        (50000.0, "50 000"),
        (80000.0, "80 000 €"),
    ]
    assert [a.value for a in euro_amounts("Le budget passe de 2 à 3 M€")] == [3e6]  # a change, not a range


def test_the_plan_reads_each_amount_of_a_sentence_by_its_own_words():
    """25's money as its reader wrote it (25_expected.json): l.41 the envelope and the yearly
    budget of one sentence, l.92 a yearly and a one-off amount, l.149 a share paid by the FSE,
    l.232-235 a programme's TOTAL row and its three rows."""
    res = _parse("25")
    by = {(r["action_id"], r["first_line"], r["amount_eur"]): r for r in res.tables["budget_lines"]}
    env = by[(None, 41, 4.2e6)]
    assert (env["scope"], env["periodicity"], env["nature"]) == ("plan_envelope", "one_off", "planned")
    assert by[(None, 41, 98.6e6)]["scope"] == "annual_budget"
    yearly, one_off = by[("1.2", 92, 35000.0)], by[("1.2", 92, 15000.0)]
    assert (yearly["periodicity"], yearly["year"]) == ("per_year", None)
    assert (one_off["periodicity"], one_off["year"]) == ("one_off", 2026)
    fse = by[("2.2", 149, 400000.0)]
    assert (fse["role"], fse["payer"], fse["scope"]) == ("component", "Union européenne", "third_party")
    total = by[(None, 235, 4.2e6)]
    parts = [r for r in res.tables["budget_lines"] if r["part_of"] == total["position"]]
    assert total["role"] == "total" and sorted(r["first_line"] for r in parts) == [232, 233, 234]
    low = by[("2.3", 162, 50000.0)]
    assert low["is_lower_bound"] is True


def test_the_hand_readings_agree_with_the_plans_money():
    """What the tests above assert is what each plan's reader wrote (the tables by hand)."""
    full = json.loads((FIXTURES / "25_expected.json").read_text(encoding="utf-8"))["_full"]["budget_lines"]
    env = next(r for r in full if r["first_line"] == 41 and r["amount_eur"] == 4.2e6)
    assert (env["scope"], env["periodicity"]) == ("plan_envelope", "one_off")
    fse = next(r for r in full if r["amount_eur"] == 400000.0)
    assert fse["scope"] == "third_party"


def test_a_workbooks_budget_grid_by_year_and_its_cells_period():
    """33 (xlsx2csv of a workbook, its euro formats lost) as its reader wrote it: l.185-186
    « Budget prévisionnel | 2026 | … | Total » over « Crédits départementaux (€) | | 250000 | … |
    1750000 », each year's amount a per-year part of the row's total; l.52 « Moyens / budget |
    180000 | par an à compter de 2027 », the period in the next cell; l.7-11 the plan's budget by
    axis, its Total the plan's envelope."""
    res = _parse("33")
    grid = [r for r in res.tables["budget_lines"] if r["first_line"] == 186]
    total = next(r for r in grid if r["role"] == "total")
    parts = [r for r in grid if r is not total]
    assert [(r["year"], r["periodicity"], r["part_of"]) for r in parts] == [
        (y, "per_year", total["position"]) for y in (2027, 2028, 2029, 2030)
    ]
    assert total["amount_eur"] == 1_750_000
    yearly = next(r for r in res.tables["budget_lines"] if r["first_line"] == 52)
    assert (yearly["amount_eur"], yearly["periodicity"]) == (180_000, "per_year")
    by_axis = [r for r in res.tables["budget_lines"] if 7 <= r["first_line"] <= 11]
    assert {r["scope"] for r in by_axis} == {"plan_envelope"}


def test_a_key_figures_caption_says_what_it_is():
    """26 l.48-51: « 98,6 M€ » over « consacrés à l'enfance et à la famille au budget primitif
    2025 … » (a year's forecast, per year, 2025); « 212 € » over « prix de journée moyen en
    maison d'enfants à caractère social (MECS) » (a day rate); l.175-176 « dont 40 » / « 000 €
    financés par la CAF » (a share cut at the line end, paid by the CAF)."""
    res = _parse("26")
    by = {(r["first_line"], r["amount_eur"]): r for r in res.tables["budget_lines"]}
    budget = by[(48, 98.6e6)]
    assert (budget["scope"], budget["nature"], budget["periodicity"], budget["year"]) == (
        "annual_budget",
        "planned",
        "per_year",
        2025,
    )
    assert by[(48, 212.0)]["periodicity"] == "unit_rate"
    caf = by[(175, 40000.0)]
    assert (caf["payer"], caf["scope"], caf["role"]) == ("CAF", "third_party", "component")


def test_a_rate_restated_as_a_years_cost_is_per_year():
    """25 l.174 « 62 € par jour et par enfant accueilli …, soit environ 180 000 € par an pour 8
    places »: the rate is a unit rate, the year's cost per year."""
    res = _parse("25")
    rows = {r["amount_eur"]: r["periodicity"] for r in res.tables["budget_lines"] if r["first_line"] == 174}
    assert rows == {62.0: "unit_rate", 180000.0: "per_year"}


@pytest.mark.parametrize(
    "sentence, k, field, value",
    [
        # 24 l.371: a label naming who brings the money
        ("Crédits du FSE : 80 000 € pour l'accompagnement vers l'emploi.", 0, "payer", "Union européenne"),
        # 24 l.348: the years' sum restated after « soit »
        ("45 000 € par an pendant trois ans, soit 135 000 €, pour l'équipe mobile.", 1, "periodicity", "one_off"),
        ("45 000 € par an pendant trois ans, soit 135 000 €, pour l'équipe mobile.", 0, "periodicity", "per_year"),
    ],
)
def test_money_written_as_plan_24_writes_it(sentence, k, field, value):
    """Plan 24 (2026-12-07, measured blind before these rules): the amount's own words."""
    from schemalab.extract import amount_payer, amount_periodicity

    found = euro_amounts(sentence)
    mt = money_text(sentence, found[k], found)
    got = amount_payer(mt.context, mt.before, mt.after) if field == "payer" else amount_periodicity(mt.before, mt.after)
    assert got == value


def test_a_share_of_a_yearly_envelope_is_yearly():
    """24 l.406 « Une enveloppe annuelle de 12 000 €, dont 4 000 € pour les défraiements »."""
    rows = [
        {"position": 1, "amount_eur": 12000.0, "first_line": 406, "role": "single", "periodicity": "per_year",
         "context": "s", "action_id": "12"},
        {"position": 2, "amount_eur": 4000.0, "first_line": 406, "role": "component", "periodicity": "one_off",
         "context": "s", "action_id": "12"},
    ]  # fmt: skip
    link_amounts(rows)
    assert (rows[1]["part_of"], rows[1]["periodicity"]) == (1, "per_year")


def test_the_draft_reads_the_money_printed_after_the_sheets():
    """Writers of 24, 25, 26 count the amounts of a « Pilotage » section after the sheets (24
    l.418-419): the draft reads money outside the sheets, before and after them."""
    from schemalab.scaffold import draft_config

    txt = next(FIXTURES.glob("26_*_20*.txt"))
    draft, _ = draft_config("26", "Essai", txt.read_text(encoding="utf-8"), txt.name)
    assert "plan_money: outside_sheets" in draft


# -- two more blind plans of the same evening (23: pandoc's AsciiDoc; 24: a table of steps
# aligned with spaces under each sheet, by pdftotext -layout)


def test_a_table_of_steps_aligned_with_spaces_is_read_row_by_row():
    """24 l.141-151: « Actions à conduire | Pilote | Échéance | Indicateur de suivi », each cell
    wrapped at its column's width, an indicator printed off its column (l.149, at 117 under a
    label at 125), bullets under a step, the « Moyens : » line right under the table; sheet 5's
    table cut by a page break, its header printed again (l.271)."""
    res = _parse("24")
    steps = [r for r in res.tables["sub_actions"] if r["action_id"] == "1"]
    assert [s["text"][:30] for s in steps] == [
        "Généraliser la proposition de ",
        "Former les professionnels de P",
        "Reprendre les visites à domici",
    ]
    assert steps[1]["details_text"] == "sessions annuelles de deux jours\nmodule commun avec les maternités"
    cal = {(r["year"], r["semester"], r["label"][:20]) for r in res.tables["calendar"] if r["action_id"] == "1"}
    assert cal == {
        (2026, None, "Généraliser la propo"),
        (2026, None, "Former les professio"),
        (2027, None, "Former les professio"),
        (2027, 1, "Reprendre les visite"),
    }
    ind = [r["text"] for r in res.tables["indicators"] if r["action_id"] == "1"]
    assert ind[-1] == "Part des primipares ayant bénéficié d'une visite à domicile (cible : 60 % en 2029)"
    assert len([r for r in res.tables["sub_actions"] if r["action_id"] == "5"]) == 8
    resources = next(a for a in res.tables["actions"] if a["action_id"] == "1")["resources_text"]
    assert resources.startswith("Marché de formation : 30 k€ HT par an")


def test_a_pilot_named_on_several_rows_of_a_table_of_steps_is_one_pilot():
    """24: sheet 1's table names « Service de Protection maternelle et infantile (PMI) »
    (l.142-143), then « PMI / réseau de périnatalité » (l.144) and « PMI » (l.148); sheet 4's
    « Direction de l'enfance et de la famille (DEF) » (l.216-217) then « DEF / Direction des
    ressources humaines » (l.220). Each body is one pilot of its sheet, named as first printed
    (no writer of the seventy test plans lists a body twice in one role of one sheet)."""
    res = _parse("24")
    pilots = {
        aid: [
            (r["name"], r["line"])
            for r in res.tables["action_actors"]
            if r["action_id"] == aid and r["role"] == "pilot"
        ]
        for aid in ("1", "4")
    }
    assert pilots["1"] == [
        ("Service de Protection maternelle et infantile (PMI)", 142),
        ("réseau de périnatalité", 144),
    ]
    assert pilots["4"][:2] == [
        ("Direction de l'enfance et de la famille (DEF)", 216),
        ("Direction des ressources humaines", 220),
    ]


def test_the_draft_maps_a_header_row_of_labels():
    """24's configurer: labels printed only in a table's header row were not proposed (the
    untouched draft read no indicator)."""
    text = next(FIXTURES.glob("24_*_20*.txt")).read_text(encoding="utf-8")
    heads = {h for h, _ in inspect_text(text).headings}
    assert {"Actions à conduire", "Pilote", "Échéance", "Indicateur de suivi"} <= heads


def test_pandocs_asciidoc_reads_as_markdown():
    from schemalab.extract import read_lines

    text = "\n".join(
        [
            "*Schéma départemental 2025-2030*",
            "",
            "=== Fiche 1.1 – Titre",
            "",
            '[width="100%",cols="50%,50%",options="header",]',
            "|===",
            "|*Porteur* |Service de protection maternelle et infantile",
            "(PMI)",
            "",
            "|*Modalités* a|",
            "[arabic]",
            ". Recruter quatre puéricultrices",
            ". Réunir chaque mois un staff associant :",
            "* les sages-femmes ;",
            "|===",
        ]
    )
    lines = read_lines(text)
    assert len(lines) == 15  # every line number kept
    assert lines[0] == "**Schéma départemental 2025-2030**" and lines[2] == "### Fiche 1.1 – Titre"
    assert lines[6] == "| **Porteur** | Service de protection maternelle et infantile (PMI) |"
    assert lines[9] == (
        "| **Modalités** | 1. Recruter quatre puéricultrices <br> 2. Réunir chaque mois un staff associant : "
        "<br>   - les sages-femmes ; |"
    )


def test_the_asciidoc_plan_reads_its_review_youth_and_axes():
    """23: a review whose status opens its cell (« Réalisé. 14 places ouvertes … »), its amounts
    the previous plan's (l.600 « 380 000 € engagés sur 600 000 € prévus »); recommendations
    « **R1** – … »; a contents entry whose page number wrapped alone (« … – p. » / « 12 »)."""
    res = _parse("23")
    axes = {a["axis_id"]: a["title"] for a in res.tables["axes"]}
    assert axes["2"] == "Mieux repérer et évaluer les situations de danger"
    statuses = {r["ref"]: r["status"] for r in res.tables["previous_review"]}
    assert statuses["7"] == "realise" and statuses["8"] == "partiel"
    prev = {r["amount_eur"] for r in res.tables["budget_lines"] if r["scope"] == "previous_plan"}
    assert {380000.0, 600000.0} <= prev
    from schemalab.scaffold import draft_config

    txt = next(FIXTURES.glob("23_*_20*.txt"))
    draft, _ = draft_config("23", "Essai", txt.read_text(encoding="utf-8"), txt.name)
    assert r"item: '^\*\*(?P<ref>[A-Z]\d{1,2})\*\*\s+[–—-]\s+(?P<text>\S.*)$'" in draft


def test_a_season_or_a_horizon_is_no_calendar_label():
    """23 l.213 « Printemps 2027 », l.470 « À l'horizon 2029 »: dates, not phases."""
    from schemalab.extract import calendar_label

    assert calendar_label("Printemps 2027") is None and calendar_label("À l'horizon 2029") is None


@pytest.mark.parametrize(
    "sentence, k, period, year",
    [
        ("30 k€ HT/an (vacations de psychologues)", 0, "per_year", None),  # 23 l.139
        ("Enveloppe de 0,25 M€ (2026) puis 0,4 M€/an", 0, "one_off", 2026),  # 23 l.252
        ("Enveloppe de 0,25 M€ (2026) puis 0,4 M€/an", 1, "per_year", None),
    ],
)
def test_a_period_glued_to_the_tax_words_and_a_year_in_brackets(sentence, k, period, year):
    from schemalab.extract import amount_periodicity, attached_year

    found = euro_amounts(sentence)
    mt = money_text(sentence, found[k], found)
    assert (amount_periodicity(mt.before, mt.after), attached_year(mt.before, mt.after)) == (period, year)
