"""What reports 05, 06 and 08 say agrees with their own tables and with the plan texts:
caveat counts add up to the counts the tables print, every indicator row points to the
raw line it is read from, pilots are counted by sheet, and a figure's rank is said not to
grade the plans (an observatory reader's review of the reports)."""

from __future__ import annotations

import html
import re

import pytest
from conftest import RAW

from schemalab import analysis as A
from schemalab.analysis.actors import WHOLE_DEPARTEMENT, actors_caveats, pilot_naming_statement, pilot_sheet_counts
from schemalab.analysis.findings import load_caveats
from schemalab.analysis.indicators import EXPECTED_COL, SOURCE_COL, expected_results_note
from schemalab.analysis.profile import national_note, theme_score_note


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """The five real plans built into a temporary folder (no theme step)."""
    from schemalab.build import build

    out = tmp_path_factory.mktemp("processed")
    assert build(RAW, out, log=lambda *_: None).failed == []
    return A.load_tables(out, RAW)


def _fold(text: str) -> str:
    return re.sub(r"\W+", "", html.unescape(re.sub(r"<[^>]+>", " ", text))).lower()


# Report 05 ------------------------------------------------------------------------------------


def test_indicator_caveats_add_up_to_the_count_the_tables_print(tables):
    """A plan's caveats that count its indicators (by kind, by heading) cover every item the
    tables count for it: Haute-Garonne's 108 « résultats attendus » and the 5 indicators
    printed in its risks cells (raw 31:1124, 1729, 1883) are the 113 of report 05."""
    assert A.check_caveats(tables, RAW) == []
    per = A.indicators_per_action(tables["indicators"], tables["actions"], tables["plans"])
    total = dict(zip(per["département"], per["indicateurs (dont résultats attendus)"], strict=True))
    labels = A.dept_labels(tables["plans"])
    checked = 0
    for plan_id, items in load_caveats().items():
        specs = [c["check"]["count"] for c in items if (c.get("check") or {}).get("count")]
        counts = [
            spec["equals"]
            for x in specs
            for spec in ([x] if isinstance(x, dict) else x)
            if spec["table"] == "indicators"
        ]
        if counts:
            checked += 1
            assert sum(counts) == total[labels[plan_id]], plan_id
    assert checked >= 2
    hg = [c["text"] for c in load_caveats()["31-2021-2025"] if "indicators" in c["topics"]]
    assert any("108" in x for x in hg) and any("5 indicateurs" in x and "Risques identifiés" in x for x in hg)


def test_pas_de_calais_expected_results_said_once_on_05_and_on_its_profile(tables):
    plans = tables["plans"]
    said = [
        line
        for box in (A.key_findings("05", tables), A.caveats("05", plans))
        for line in box.lines
        if "Pas-de-Calais" in line and "« résultats attendus »" in line
    ]
    assert len(said) == 1, said
    one = plans[plans["department_code"] == "62"]
    assert sum("résultats attendus" in x for x in A.caveats("08", one).lines) == 1


def test_every_indicator_row_points_to_the_raw_line_it_is_read_from(tables):
    ind = A.indicator_table(tables["indicators"], tables["plans"], tables["action_themes"])
    assert len(ind) == len(tables["indicators"]) and ind[SOURCE_COL].str.fullmatch(r"[^:]+\.txt:\d+").all()
    raw: dict[str, list[str]] = {}
    for source, text in zip(ind[SOURCE_COL], ind["text"], strict=True):
        name, line = source.rsplit(":", 1)
        lines = raw.setdefault(name, (RAW / name).read_text(encoding="utf-8").split("\n"))
        assert _fold(text)[:12] in _fold(lines[int(line) - 1]), (source, text)
    risks = ind[ind["rubrique"].str.startswith("Risques identifiés")]
    assert sorted(set(risks[SOURCE_COL])) == [
        "31_haute-garonne_2021-2025.txt:1124",
        "31_haute-garonne_2021-2025.txt:1729",
        "31_haute-garonne_2021-2025.txt:1883",
    ]


def test_per_sheet_table_says_which_items_are_expected_results(tables):
    per = A.indicators_per_action(tables["indicators"], tables["actions"], tables["plans"]).set_index("département")
    assert per.loc["Haute-Garonne (31)", EXPECTED_COL] == 108
    assert per.loc["Pas-de-Calais (62)", EXPECTED_COL] == 40
    assert per.loc["Landes (40)", EXPECTED_COL] == 0


# Report 06 ------------------------------------------------------------------------------------


def test_pilots_are_counted_by_sheet_not_by_mention(tables):
    """Lot-et-Garonne names DEF 46 times as pilot in 29 sheets: the most frequent pilot pilots
    24 sheets (a sheet naming DEF in two pilot cells counts once)."""
    long = A.actors_long(tables["action_actors"], tables["plans"])
    for d, g in long.groupby("département"):
        n = pilot_sheet_counts(g)
        sheets = g.loc[g["role"] == "pilot", "action_id"].nunique()
        assert (n <= sheets).all(), d
    lg = pilot_sheet_counts(long[long["département"] == "Lot-et-Garonne (47)"])
    assert lg.iloc[0] == 24 and lg.index[0].startswith("Direction enfance et famille")
    s = A.pilots_summary(long).set_index("département")
    assert s.loc["Lot-et-Garonne (47)", "pilote le plus fréquent"].endswith("(24 fiches)")


def test_report_06_warns_that_pilot_counts_reflect_how_plans_name_them(tables):
    """Orne prints « Conseil départemental » as the pilot of every sheet (raw 61:178, 280):
    said in « Avant de comparer », computed from the tables, with every plan's figures."""
    raw = (RAW / "61_orne_2017-2021.txt").read_text(encoding="utf-8").split("\n")
    assert "Conseil départemental" in raw[177] and "Conseil départemental ARS" in raw[279]
    long = A.actors_long(tables["action_actors"], tables["plans"])
    (line,) = pilot_naming_statement(long)
    assert line.startswith("Les schémas ne nomment pas leurs pilotes avec la même précision : Orne nomme")
    assert "« Conseil départemental »" in line and "pas l'organisation" in line
    assert "Lot-et-Garonne 15 et 2,3" in line and "Orne 2 et 1,1" in line
    assert "Haute-Garonne" not in line  # no pilot: its own reviewed caveat says so
    # fiche 7 (61:280) names the ARS beside the Conseil départemental: the reader is told
    assert "(autre pilote nommé à ses côtés : ARS pour 1 fiche)" in line
    box = actors_caveats(long, tables["plans"])
    assert box.title == "Avant de comparer" and box.lines[-1] == line
    assert len(box.lines) == len(A.caveats("06", tables["plans"]).lines) + 1
    whole = long[(long["acteur"] == WHOLE_DEPARTEMENT) & (long["role"] == "pilot")]
    assert set(whole["département"]) == {"Orne (61)"}


# Report 08 ------------------------------------------------------------------------------------


def test_profile_box_plot_note_names_the_expected_results_and_denies_a_ranking(tables):
    lines = national_note(tables, "40")
    assert "ne classe pas" in lines[0] and "5 comparés" in lines[0] and "e sur 5" not in lines[0]
    assert lines[1].startswith("Indicateurs : Haute-Garonne (108 sur 113) et Pas-de-Calais (40 sur 40) impriment")
    assert lines[1] == expected_results_note(
        A.national_tables(tables, "40")["indicators"], A.national_tables(tables, "40")["plans"]
    )


def test_profile_explains_the_theme_score_and_shows_each_sheet_line(tables):
    note = theme_score_note()
    assert "Score du thème" in note and "de 0 à 1" in note and "« Méthode et limites »" in note
    acts = A.actions_table(tables, "61")
    mine = tables["actions"][tables["actions"]["plan_id"] == "61-2017-2021"]
    first = dict(zip(mine["action_id"], mine["first_line"], strict=True))
    assert [first[a] for a in acts["fiche"]] == list(acts["ligne"])


def test_a_zero_where_a_tome_was_not_read_is_none_in_the_text_read(tables):
    """Orne's text is its tome 2 (« TOME 2 : plan d'actions », title of 61): its money and its
    review of the previous plan may be in tome 1, so its profile gives their zeros as « dans
    le texte lu », never as a fact about the plan; a plan read whole keeps its figures bare."""
    from schemalab.analysis.findings import unread_topics

    assert "TOME 2 : plan d'actions" in (RAW / "61_orne_2017-2021.txt").read_text(encoding="utf-8")
    assert unread_topics("61-2017-2021") == {"money", "review"}
    orne = A.profile_facts(tables, "61").set_index("rubrique")["valeur"]
    for rubric in ("Montants nommés", "Actions du schéma précédent revues", "Fiches qui chiffrent leurs moyens"):
        assert orne[rubric].startswith("aucun") and "dans le texte lu" in orne[rubric], (rubric, orne[rubric])
        assert not orne[rubric].startswith("0")  # an absence is not a zero
    assert orne["Fiches actions"] == "12"
    landes = A.profile_facts(tables, "40").set_index("rubrique")["valeur"]
    assert not any("dans le texte lu" in v for v in landes)


def test_a_step_printed_under_each_year_it_runs_counts_once(tables):
    """Lot-et-Garonne prints its steps by year: sheet 1 repeats « Organisation de rencontres
    régulières entre professionnels périnataux » under 2028, 2029 and 2030 (47:632-636). The
    reports count it once, as a plan printing « 2028-2030 » beside the step would; the table
    keeps one row per year for the calendar."""
    from schemalab.analysis.overview import distinct_sub_actions

    raw = (RAW / "47_lot-et-garonne_2026-2030.txt").read_text(encoding="utf-8")
    step = "Organisation de rencontres régulières entre professionnels périnataux"
    assert raw.count(step) >= 3
    sub = tables["sub_actions"]
    lg = sub[(sub["plan_id"] == "47-2026-2030") & (sub["action_id"] == "1")]
    assert (lg["text"] == step).sum() == 3 and sorted(lg.loc[lg["text"] == step, "year"]) == [2028, 2029, 2030]
    once = distinct_sub_actions(sub)
    assert (once[(once["plan_id"] == "47-2026-2030") & (once["action_id"] == "1")]["text"] == step).sum() == 1
    ov = A.overview(tables).set_index("département")["sous-actions"]
    assert (
        ov["Lot-et-Garonne (47)"]
        == len(once[once["plan_id"] == "47-2026-2030"])
        < len(sub[sub["plan_id"] == "47-2026-2030"])
    )
    for code, n in (("Landes (40)", "40-2024-2028"), ("Orne (61)", "61-2017-2021")):  # no step repeated there
        assert ov[code] == (sub["plan_id"] == n).sum()


def test_shared_actors_count_fiches_naming_the_body_once_whatever_its_roles(tables):
    """Report 06's « Acteurs communs » counts, per département, the fiches that name a body
    (pilot or partner, a fiche naming it in both roles once), never more than the plan's fiches."""
    from schemalab.analysis.actors import SHARED_DEPTS, SHARED_TOTAL

    long = A.actors_long(tables["action_actors"], tables["plans"])
    shared = A.shared_actors(long).set_index("acteur")
    n_acts = A.overview(tables).set_index("département")["fiches actions"]
    for dept in n_acts.index:
        if dept in shared:
            assert (shared[dept] <= n_acts[dept]).all(), dept
    both = long.groupby(["département", "action_id", "acteur"])["role"].nunique()
    d, _, body = both[both > 1].index[0]  # a body named as pilot and partner in one fiche
    g = long[(long["département"] == d) & (long["acteur"] == body)]
    assert shared.loc[body, d] == g["action_id"].nunique() < len(g.drop_duplicates(["action_id", "role"]))
    assert (shared[SHARED_DEPTS] >= 2).all()
    assert shared[SHARED_TOTAL].equals(shared[list(n_acts.index.intersection(shared.columns))].sum(axis=1))


def test_report_02_says_which_sheets_the_classifier_was_fitted_on(tables):
    """The five plans' 115 sheets are the classifier's labelled training text (data/
    theme_labels_sheets.csv): report 02 says so, since their themes are the readers' and
    their scores higher than a new plan's; a sheet it never read (another edition's sheet
    under the same number, another title) is said apart."""
    import pandas as pd

    from schemalab.analysis.themes import fitted_sheets_note

    labels = pd.read_csv(RAW.parent.parent / "schemalab" / "data" / "theme_labels_sheets.csv", dtype=str)
    acts = tables["actions"]
    shown = acts[["plan_id", "action_id"]].assign(_dc=acts["plan_id"].str.split("-").str[0])
    shown = shown.merge(labels, left_on=["_dc", "action_id"], right_on=["department_code", "action_id"])
    shown = shown[["plan_id", "action_id", "theme_code"]]
    assert len(shown) == len(acts) == 115
    (line,) = fitted_sheets_note(shown, acts).lines
    assert line.startswith("Les 115 fiches montrées ont été annotées") and "pour 115 d'entre elles" in line
    other = acts.copy()
    other.loc[other["action_id"] == "1.1", "title"] = "Une autre fiche, d'une autre édition"
    first, second = fitted_sheets_note(shown, other).lines
    assert first.startswith("114 des 115 fiches") and second.startswith("1 fiche montrée n'a jamais été lue")
