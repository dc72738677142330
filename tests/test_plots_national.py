"""Comparison charts at national scale (issue 24): built for n départements, not five."""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemalab import plots as P


def _names(n):
    return [f"Dép {i:03d} ({i:03d})" for i in range(n)]


def test_count_bars_show_the_ten_highest_and_lowest_and_summarise_the_rest():
    n = 100
    df = pd.DataFrame({"département": _names(n), "fiches actions": list(range(1, n + 1))})
    fig = P.count_bars(df, "département", ["fiches actions"], "Volume des schémas")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 21
    assert labels[0] == "Dép 099 (099)" and labels[9] == "Dép 090 (090)"  # highest first
    assert labels[10] == "… médiane des 80 autres"
    assert labels[-1] == "Dép 000 (000)"
    # the summary bar is the median of the 80 in between (values 11..90): 50.5
    assert ax.patches[10].get_width() == 50.5
    assert "médiane nationale : 50,5" in ax.get_title() or "médiane nationale : 50" in ax.get_title()
    assert "sur 100 départements" in fig._suptitle.get_text()


def test_five_departements_keep_the_detailed_layout():
    df = pd.DataFrame({"département": _names(5), "axes": [3, 4, 5, 6, 7]})
    fig = P.count_bars(df, "département", ["axes"], "Volume")
    assert len(fig.axes[0].get_yticklabels()) == 5
    m = pd.DataFrame(np.eye(5), index=list("abcde"), columns=_names(5))
    heat = P.heatmap(m, "Part")
    assert [t.get_text() for t in heat.axes[0].texts][:2] == ["100 %", "0 %"], "numbers in the cells for five"


def test_heatmap_orders_departements_by_similarity_into_groups():
    rng = np.random.default_rng(1)
    names = _names(40)
    # two kinds of plans, interleaved: even ones speak of theme a, odd ones of theme b
    a = np.array([[0.9, 0.1] if i % 2 == 0 else [0.1, 0.9] for i in range(40)]) + rng.random((40, 2)) * 0.05
    m = pd.DataFrame(a.T, index=["thème a", "thème b"], columns=names)
    fig = P.heatmap(m, "Part des fiches par thème")
    ax = fig.axes[0]
    order = [t.get_text() for t in ax.get_xticklabels()]
    parity = [int(x[4:7]) % 2 for x in order]
    assert sorted(order) == sorted(names)
    changes = sum(parity[i] != parity[i + 1] for i in range(39))
    assert changes == 1, "each kind of plan is one contiguous block"
    assert "ordonnées par similarité" in ax.get_title()
    assert not [t for t in ax.texts if "%" in t.get_text()], "no number in 80 cells: a colour bar instead"


def test_actor_matrix_counts_departements_when_they_are_many():
    names = _names(30)
    cols = [f"{d} – {r}" for d in names for r in ("pilote", "partenaire")]
    m = pd.DataFrame(0, index=["ARS", "CAF"], columns=cols)
    m.loc["ARS", [f"{d} – pilote" for d in names[:12]]] = 2
    m.loc["CAF", [f"{d} – partenaire" for d in names]] = 1
    fig = P.actor_matrix(m)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["12", "0", "0", "30"]  # ARS pilots in 12, CAF partners in all 30
    assert "des 30 départements" in fig.axes[0].get_title()


def test_national_profile_places_the_departement_among_all():
    df = pd.DataFrame({"département": _names(100), "indicateurs": list(range(100))})
    fig = P.national_profile(df, "département", "Dép 090 (090)", ["indicateurs"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["90"], "its value, no rank: a count of printed items does not grade a plan"
    assert "parmi les 100 départements" in fig._suptitle.get_text()
    # few plans: a dot each, equal values one above the other (three plans of 4 axes: three dots)
    few = pd.DataFrame({"département": _names(5), "axes": [6, 5, 4, 4, 4]})
    fig = P.national_profile(few, "département", str(few["département"].iloc[3]), ["axes"])
    assert [t.get_text() for t in fig.axes[0].texts] == ["4"]
    others = fig.axes[0].collections[0].get_offsets()
    assert sorted(x for x, _y in others) == [4, 4, 5, 6]
    assert len({y for x, y in others if x == 4} | {0.0}) == 3, "tied dots do not hide each other"


def test_load_per_year_draws_median_and_spread_for_many():
    rows = [(d, y, i % 7) for i, d in enumerate(_names(50)) for y in range(2020, 2025)]
    load = pd.DataFrame(rows, columns=["département", "année", "n_actions"])
    fig = P.load_per_year(load)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[-1].startswith("médiane des 50 départements") and len(labels) == 3
    median_line = fig.axes[0].lines[0]
    assert list(median_line.get_ydata()) == [3.0] * 5  # values 0..6 cycled over 50 départements


def test_load_per_year_for_many_leaves_a_gap_where_no_departement_is_active():
    """Half the départements run 2017-2021, half 2024-2028: 2022 and 2023 have no active
    sheet to take a median of, so the line breaks there instead of joining 2021 to 2024."""
    rows = [(d, y, 5) for d in _names(20) for y in range(2017, 2022)]
    rows += [(d, y, 8) for d in _names(40)[20:] for y in range(2024, 2029)]
    fig = P.load_per_year(pd.DataFrame(rows, columns=["département", "année", "n_actions"]))
    line = fig.axes[0].lines[0]
    years, values = list(line.get_xdata()), list(line.get_ydata())
    assert years == list(range(2017, 2029))
    assert values[:5] == [5.0] * 5 and values[-5:] == [8.0] * 5
    assert np.isnan(values[5]) and np.isnan(values[6])  # 2022, 2023


def test_budget_bars_for_many_rank_the_plans_that_cite_a_budget_and_count_the_others():
    """A plan that cites no annual budget is not a budget of 0 €: it is neither ranked nor
    in the median; the plans citing none are counted on one line, with no bar."""
    n = 45
    amounts = [float(i) * 1e6 if i % 3 else None for i in range(n)]  # a third cite no budget
    df = pd.DataFrame(
        {
            "département": _names(n),
            "budget annuel cité": [f"{a / 1e6:.0f} M€" if a else "non cité" for a in amounts],
            "montant_eur": amounts,
        }
    )
    fig = P.annual_budget_bars(df)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 22 and labels[0] == "Dép 044 (044) : 44 M€"
    # cited: 1, 2, 4, 5 … 43, 44 (30 plans); the ten between the ten highest and the ten
    # lowest are 29, 28, 26, 25, 23, 22, 20, 19, 17, 16: median 22,5
    assert labels[10] == "… médiane des 10 autres : 22,5 M€"
    assert labels[20] == "Dép 001 (001) : 1 M€"  # the lowest cited budget, not an uncited plan
    assert labels[21] == "… 15 autres : aucun budget annuel cité"
    widths = [b.get_width() for b in fig.axes[0].patches]
    assert len(widths) == 22 and widths[21] == 0  # no bar


def plans_of(n: int) -> pd.DataFrame:
    """n plans of départements 01…n named "Dépt 01"…, period 2024-2028."""
    codes = [f"{i:02d}" for i in range(1, n + 1)]
    return pd.DataFrame(
        {
            "plan_id": [f"{c}-2024-2028" for c in codes],
            "department_code": codes,
            "department_name": [f"Dépt {c}" for c in codes],
        }  # fmt: skip
    )


def test_theme_tables_name_at_most_ten_departements_per_cell():
    """At 30 départements, a cluster's départements and a theme's absentees are the first ten
    named and the others counted, so a national table's cells stay readable."""
    from schemalab.analysis import themes as AT

    plans = plans_of(30)
    at = pd.DataFrame(
        {
            "plan_id": plans["plan_id"],
            "action_id": "1",
            "theme_code": ["T02"] + ["T01"] * 29,
            "theme_score": 0.9,
            "secondary_theme_codes": None,
            "cluster_id": 0,
            "cluster_label": "Accueil",
        }
    )
    actions = pd.DataFrame({"plan_id": plans["plan_id"], "action_id": "1", "title": "Une fiche"})
    cl = AT.clusters(at, actions, plans)
    assert cl["départements"].iloc[0].startswith("Dépt 01 (01), Dépt 02 (02)")
    assert cl["départements"].iloc[0].endswith("… et 20 autres")
    gaps = AT.theme_gaps(at, actions, plans)
    lone = gaps[gaps["département"] == "Dépt 01 (01)"]["absent chez"].iloc[0]
    assert lone.count("Dépt") == 10 and lone.endswith("… et 19 autres")  # 29 départements lack T02


def test_review_sentences_are_grouped_by_case_at_national_scale():
    """Five plans: one sentence per département. Thirty: one sentence per case, counting the
    départements, naming ten, and the median share of known statuses."""
    from schemalab.analysis import review as R

    def review_of(plans):  # every third plan: no review; the others: 4 rows, 2 or 0 statuses known
        rows = []
        for i, p in enumerate(plans["plan_id"]):
            if i % 3 == 0:
                continue
            for k in range(4):
                known = i % 3 == 1 and k < 2
                rows.append({"plan_id": p, "ref": str(k), "status": "realise" if known else "unknown"})
        return pd.DataFrame(rows, columns=["plan_id", "ref", "status"])

    five = plans_of(5)
    assert len(R.review_statement(review_of(five), five)) == 5
    thirty = plans_of(30)
    lines = R.review_statement(review_of(thirty), thirty)
    assert len(lines) == 3
    assert lines[0].startswith("10 schémas sur 30 ne présentent pas de bilan") and "… et " not in lines[0]
    assert lines[1].startswith("10 schémas revoient") and "Dépt 03 (03), 4 actions" in lines[1]
    assert (
        lines[2].startswith("10 schémas donnent")
        and "médiane : 50%" in lines[2]
        and "Dépt 02 (02), 2 sur 4" in lines[2]
    )


def test_calendar_sentences_are_grouped_by_case_at_national_scale():
    """Thirty plans of two sheets: those with an unreadable calendar are counted in one
    sentence naming ten with their counts; the complete ones in another."""
    from schemalab.analysis import calendars as C

    plans = plans_of(30)
    actions = pd.DataFrame(
        {
            "plan_id": [p for p in plans["plan_id"] for _ in range(2)],
            "action_id": ["1", "2"] * 30,
            "calendar_status": [s for i in range(30) for s in ("explicit", "unrecoverable" if i < 12 else "explicit")],
        }
    )
    five = C.calendar_statement(actions[actions["plan_id"].isin(plans["plan_id"][:5])], plans.head(5))
    assert len(five) == 5 and "(n° 2)" in five[0]
    lines = C.calendar_statement(actions, plans)
    assert len(lines) == 2
    assert lines[0].startswith("18 schémas sur 30 : toutes les fiches") and lines[0].endswith("… et 8 autres).")
    assert lines[1].startswith("12 schémas sur 30 ont des fiches qui ont un calendrier irrécupérable")
    assert "Dépt 01 (01), 1 sur 2" in lines[1] and "… et 2 autres" in lines[1]


def test_per_departement_sentences_are_folded_at_national_scale():
    """Five sentences stay paragraphs; past the national threshold they are folded, each kept."""
    from schemalab.analysis.display import NATIONAL, say

    few = say(*(f"Dépt {i} : une phrase." for i in range(5)))._repr_html_()
    assert "<details>" not in few and few.count("<p>") == 5
    many = say(*(f"Dépt {i} : une phrase." for i in range(NATIONAL + 1)))._repr_html_()
    assert many.startswith(f"<details><summary>Afficher le détail ({NATIONAL + 1} paragraphes)")
    assert many.count("<p>") == NATIONAL + 1


def test_provenance_of_many_plans_keeps_the_run_line_and_folds_the_texts():
    from schemalab.analysis.findings import provenance

    codes = [f"{i:02d}" for i in range(1, 31)]
    plans = pd.DataFrame(
        {
            "plan_id": [f"{c}-2024-2028" for c in codes],
            "department_code": codes,
            "department_name": [f"Dépt {c}" for c in codes],
            "title": "Schéma",
            "period_start": 2024,
            "period_end": 2028,
            "source_file": [f"{c}_x_2024-2028.txt" for c in codes],
            "source_sha256": "ab",
        }  # fmt: skip
    )
    page = provenance({"plans": plans})._repr_html_()
    head, folded = page.split("<details>")
    assert "Exécution" in head and "Dépt" not in head
    assert "Afficher les 30 autres lignes" in folded and folded.count("<li>") == 30


def test_stacked_shares_for_many_count_the_rows_with_nothing_on_one_line():
    """At national scale, départements with nothing to count (no reviewed action) are not
    ranked among the ten smallest nor in the median: one last line counts them, no bar."""
    n = 50
    df = pd.DataFrame(
        {
            "département": _names(n),
            "réalisé": [i if i % 2 else 0 for i in range(n)],  # 25 with something, 25 with nothing
            "en cours": [1 if i % 2 else 0 for i in range(n)],
        }
    )
    fig = P.stacked_shares(df, "département", "Actions revues")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 22
    assert labels[0] == "Dép 049 (049)" and labels[20] == "Dép 001 (001)"  # the smallest non-zero total
    assert labels[10] == "… médiane des 5 autres"
    assert labels[21] == "… 25 autres : aucun"
    assert "sur 25" in fig.axes[0].get_title()


def test_budget_bars_for_many_count_illegible_budgets_apart_from_uncited_ones():
    """A plan printing its budget's heading without a legible amount is not « non cité »:
    the national layout counts it on a line of its own."""
    n = 30
    statut = ["cité" if i % 3 else ("illisible ou perdu" if i % 2 else "non cité") for i in range(n)]
    df = pd.DataFrame(
        {
            "département": _names(n),
            "budget annuel cité": [
                f"{i} M€"
                if s == "cité"
                else ("non cité" if s == "non cité" else f"montant illisible ou perdu (l. {i})")
                for i, s in enumerate(statut)
            ],
            "montant_eur": [float(i) * 1e6 if s == "cité" else None for i, s in enumerate(statut)],
            "statut": statut,
        }
    )
    labels = [t.get_text() for t in P.annual_budget_bars(df).axes[0].get_yticklabels()]
    assert labels[-2:] == [
        "… 5 autres : aucun budget annuel cité",
        "… 5 autres : budget annuel imprimé, montant illisible ou perdu",
    ]
