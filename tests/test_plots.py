"""Figures of the five-département reports: one colour per département in every chart,
neutral colours for what is not a département, colour bars, labels wrapped and not cut."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from schemalab import plots as P

FIVE = ["Haute-Garonne (31)", "Landes (40)", "Lot-et-Garonne (47)", "Orne (61)", "Pas-de-Calais (62)"]


def _rgb(c):
    return tuple(round(x, 4) for x in mcolors.to_rgb(c))


def _bar_colors(ax, labels):
    """Facecolour of the bar on each y tick, by the tick's label."""
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    out = {}
    for patch in ax.patches:
        y = patch.get_y() + patch.get_height() / 2
        out[ticks[round(y)]] = _rgb(patch.get_facecolor())
    return {x: out[x] for x in labels}


def test_department_colors_are_fixed_whatever_is_drawn():
    full = P.department_colors(FIVE)
    assert len(set(full.values())) == 5, "five départements, five colours"
    assert full["Orne (61)"] == P.department_colors(["Orne (61)"])["Orne (61)"], "alone (a profile) or among others"
    assert full == P.department_colors(list(reversed(FIVE))), "order of the rows does not matter"
    assert P.department_colors(["61", "Orne", "Orne (61)"]) == dict.fromkeys(
        ["61", "Orne", "Orne (61)"], full["Orne (61)"]
    )


def test_a_sixth_departement_gets_a_stable_colour_of_its_own():
    six = P.department_colors([*FIVE, "Gironde (33)"])
    gironde = six["Gironde (33)"]
    assert gironde not in P.department_colors(FIVE).values()
    assert gironde != _rgb(P.OTHERS)
    assert P.department_colors(["Gironde (33)"])["Gironde (33)"] == gironde, "the same without the five"
    # chosen by CRC-32 of the code, not Python's salted hash(): the same in every run
    assert _rgb(gironde) == _rgb("#ca9161")
    two = P.department_colors(["Gironde (33)", "Finistère (29)", "Corse-du-Sud (2A)", "Gard (30)"])
    assert len(set(two.values())) == 4, "others in one figure never share a colour"


def test_highlight_greys_the_others():
    colors = P.department_colors(FIVE, highlight="47")
    assert colors["Lot-et-Garonne (47)"] == P.department_colors(FIVE)["Lot-et-Garonne (47)"]
    assert {_rgb(colors[d]) for d in FIVE if d != "Lot-et-Garonne (47)"} == {_rgb(P.OTHERS)}


def test_each_departement_has_the_same_colour_in_every_chart():
    expected = {d: _rgb(c) for d, c in P.department_colors(FIVE).items()}
    overview = pd.DataFrame({"département": FIVE, "axes": [3, 4, 5, 6, 7], "fiches actions": [30, 26, 29, 12, 16]})
    volume = P.count_bars(overview, "département", ["axes", "fiches actions"], "Volume des schémas")
    assert _bar_colors(volume.axes[0], FIVE) == expected

    # the timeline sorts plans by start: Orne first, the colours follow the départements
    periods = pd.DataFrame(
        {"label": FIVE, "start": [2021, 2024, 2026, 2017, 2023], "end": [2025, 2028, 2030, 2021, 2027]}
    )
    timeline = P.plan_timeline(periods.sort_values("start"))
    assert _bar_colors(timeline.axes[0], FIVE) == expected

    # lines: the active sheets per year, only three of the five drawn
    load = pd.DataFrame(
        [(d, y, i + y - 2020) for i, d in enumerate(FIVE[1:4]) for y in range(2024, 2027)],
        columns=["département", "année", "n_actions"],
    )
    lines = P.load_per_year(load)
    drawn = {line.get_label(): _rgb(line.get_color()) for line in lines.axes[0].get_legend().get_lines()}
    assert drawn == {d: expected[d] for d in FIVE[1:4]}

    # grouped bars (hue = département) in the indicators chart, and the annual budget bars
    meas = pd.DataFrame(
        [(d, m, "non", 3) for d in FIVE for m in ("comptage", "qualitatif")],
        columns=["département", "mesure", "cible chiffrée", "n_indicateurs"],
    )
    fig = P.measurability(meas)
    legend = {
        t.get_text(): _rgb(h.get_facecolor())
        for t, h in zip(fig.axes[0].get_legend().texts, fig.axes[0].get_legend().legend_handles, strict=True)
    }
    assert legend == expected
    budget = pd.DataFrame(
        {"département": FIVE, "budget annuel cité": ["x"] * 5, "montant_eur": [2e8, 6e7, 1e7, 5e7, 4e8]}
    )
    bars = P.annual_budget_bars(budget)
    assert [_rgb(p.get_facecolor()) for p in bars.axes[0].patches] == [expected[d] for d in FIVE]


def test_profile_draws_its_departement_in_its_colour_and_the_others_grey():
    overview = pd.DataFrame({"département": FIVE, "fiches actions": [30, 26, 29, 12, 16]})
    for d in FIVE:
        fig = P.national_profile(overview, "département", P.department_code(d), ["fiches actions"])
        dots = [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
        assert [_rgb(x.get_color()) for x in dots] == [_rgb(P.department_colors(FIVE)[d])]
        (others,) = fig.axes[0].collections  # the other départements' dots
        for color in others.get_facecolors():
            r, g, b = _rgb(color)
            assert r == g == b, "the others are grey"
        assert len(others.get_offsets()) == 4


def test_gantt_colours_say_the_precision_in_a_legend_and_are_no_departements():
    rows = pd.DataFrame(
        {
            "action": ["1 – accueil", "2 – " + "prévention spécialisée et soutien à la parentalité " * 3],
            "start": [2024.0, 2025.0],
            "end": [2026.0, 2025.5],
            "semester": [False, True],
        }
    )
    fig = P.gantt(rows, "Calendrier des fiches — Landes (40)", (2024, 2028))
    colors = {_rgb(p.get_facecolor()) for p in fig.axes[0].patches}
    assert len(colors) == 2
    assert not colors & {_rgb(c) for c in P.department_colors(FIVE).values()}
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.texts] == [P._GANTT[False][1], P._GANTT[True][1]]
    assert {_rgb(h.get_facecolor()) for h in legend.legend_handles} == colors
    label = fig.axes[0].get_yticklabels()[1].get_text()
    assert "…" not in label and "\n" in label, "a long action title is wrapped, not cut"


def test_heatmap_has_a_colour_bar_and_a_scale_that_can_be_shared():
    m = pd.DataFrame({"Orne (61)": [2, 5]}, index=["T01 Périnatalité", "T06 Accueil en établissement"])
    fig = P.heatmap(m, "Fiches par thème", fmt=".0f", cmap="Oranges")
    assert len(fig.axes) == 2, "a colour bar"
    mesh = fig.axes[0].collections[0]
    assert (mesh.norm.vmin, mesh.norm.vmax) == (0, 5), "counts from 0, up to the data"
    shared = P.heatmap(m, "Fiches par thème", fmt=".0f", cmap="Oranges", vmax=15)
    assert shared.axes[0].collections[0].norm.vmax == 15
    # the same count is the same colour in two profiles given the same scale
    other = P.heatmap(m * 3, "Fiches par thème", fmt=".0f", cmap="Oranges", vmax=15)
    c1 = shared.axes[0].collections[0].to_rgba(5)
    c2 = other.axes[0].collections[0].to_rgba(5)
    assert c1 == c2


def test_heatmap_wraps_long_labels_instead_of_cutting_them():
    long = "Établissements et services de protection de l'enfance : diversification de l'offre d'accueil"
    m = pd.DataFrame({"Orne (61)": [0.5], "Landes (40)": [0.25]}, index=[long])
    fig = P.heatmap(m, "Part des fiches par thème")
    label = fig.axes[0].get_yticklabels()[0].get_text()
    assert label.replace("\n", " ") == long


def test_annual_budget_trend_gives_each_plan_its_own_linear_panel():
    """Two plans print two perimeters (Haute-Garonne: its Direction enfance et famille's
    spending table, 31:690-698): no axis compares them. One panel per département, each
    on a linear scale from 0; a TOTAL a wide pale band under the items, in the
    département's colour; the legend right of each panel, a table row label as printed,
    a name read from a sentence (possibly damaged by the conversion of the text) replaced
    by its line; a forecast spelled out (BP, budget primitif)."""
    long_name = "dépenses consacrées par le Département à la protection de I'enfance"
    series = pd.DataFrame(
        [
            ("Haute-Garonne (31)", p, y, v * (1 + (y - 2019) / 10), "consommé" if y < 2021 else "prévu", line)
            for p, v, line in (("ASE", 1.26e8, 692), ("TOTAL", 1.31e8, 698))
            for y in (2019, 2020, 2021)
        ]
        + [("Gironde (33)", long_name, y, v, "consommé", 41) for y, v in ((2022, 3.1e7), (2023, 3.4e7))],
        columns=["département", "poste", "année", "montant_eur", "nature", "ligne"],
    )
    fig = P.annual_budget_trend(series)
    axes = [ax for ax in fig.axes if ax.get_lines()]
    assert [ax.get_title(loc="left") for ax in axes] == ["Haute-Garonne (31)", "Gironde (33)"]
    for ax in axes:
        assert ax.get_yscale() == "linear" and ax.get_ylim()[0] == 0
        assert ax.get_legend().get_bbox_to_anchor().x0 >= ax.get_window_extent().x1 - 1, "right of the axes"
    hg, gironde = axes
    assert hg.get_ylim()[1] > 3 * gironde.get_ylim()[1], "each panel on its own scale"
    texts = [t.get_text().replace("\n", " ") for t in hg.get_legend().texts]
    assert texts[0].startswith("ASE : ") and "→" in texts[0] and "en 2021" in texts[0], texts
    assert "marque ouverte : prévu (BP, budget primitif)" in texts
    g_texts = [t.get_text().replace("\n", " ") for t in gironde.get_legend().texts]
    assert g_texts == ["montant cité, l. 41 : 31 M€ en 2022 → 34 M€ en 2023"], g_texts
    lines = {line.get_label().split(" : ")[0]: line for line in hg.get_lines()}
    ase, total = lines["ASE"], lines["TOTAL"]
    assert _rgb(ase.get_color()) == _rgb(total.get_color()) == _rgb(P.department_colors(["31"])["31"])
    assert total.get_linewidth() > 2 * ase.get_linewidth() and total.get_zorder() < ase.get_zorder()


def test_annual_budget_trend_for_many_plans_draws_no_shared_axis():
    series = pd.DataFrame(
        [(f"Dép {i:03d} ({i:03d})", "TOTAL", 2020, 1e8 + i, "consommé", 1) for i in range(P.LARGE + 1)],
        columns=["département", "poste", "année", "montant_eur", "nature", "ligne"],
    )
    fig = P.annual_budget_trend(series)
    assert not any(ax.get_lines() for ax in fig.axes)
    assert "chacun à son propre périmètre" in P.figure_title(fig)


@pytest.mark.parametrize("n", [5, 30])
def test_stacked_states_are_no_departement_colour(n):
    names = FIVE if n == 5 else [f"Dép {i:03d} ({i:03d})" for i in range(n)]
    table = pd.DataFrame({"département": names, "explicite": 3, "irrécupérable": 1, "absent": 2})
    fig = P.stacked_shares(table, "département", "États", "fiches")
    colors = {_rgb(p.get_facecolor()) for p in fig.axes[0].patches}
    assert not colors & {_rgb(c) for c in P.department_colors(FIVE).values()}


def _colorbar_labels(fig):
    cbar = fig.axes[0].collections[0].colorbar
    fig.canvas.draw()
    lo, hi = cbar.ax.get_ylim()
    return [t.get_text() for t, v in zip(cbar.ax.get_yticklabels(), cbar.get_ticks(), strict=True) if lo <= v <= hi]


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (0.21875, ["0 %", "5 %", "10 %", "15 %", "20 %"]),  # report 02's maximum: 7 fiches of 32
        (0.021875, ["0 %", "0,5 %", "1 %", "1,5 %", "2 %"]),
        (1.0, ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]),
    ],
)
def test_percentage_colour_bar_ticks_are_round_and_distinct(top, expected):
    """Steps of 2,5 % drawn as whole percents read « 2 %, 5 %, 8 % »: the ticks are round
    steps, each label exact and different from its neighbours."""
    m = pd.DataFrame({"Orne (61)": [top, 0.0], "Landes (40)": [top / 2, top / 4]}, index=["T01", "T02"])
    labels = _colorbar_labels(P.heatmap(m, "Part des fiches par thème"))
    assert labels == expected
    assert len(set(labels)) == len(labels)


def test_count_colour_bar_ticks_stay_whole_numbers():
    m = pd.DataFrame({"Orne (61)": [2.0, 0.0], "Landes (40)": [1.0, 0.0]}, index=["T01", "T02"])
    labels = _colorbar_labels(P.heatmap(m, "Fiches par thème", fmt=".0f"))
    assert labels and all(x.isdigit() for x in labels) and len(set(labels)) == len(labels)


def test_load_chart_names_every_calendar_status_so_the_parts_add_up():
    """Haute-Garonne: 1 readable calendar of 32, 27 unrecoverable, 1 relative (fiche 3.5),
    3 absent: the note names them all (the relative one was missing: 1 + 27 + 3 = 31)."""
    import re

    status = pd.DataFrame(
        [
            ("Haute-Garonne (31)", 1, 1, 27, 3, 32),
            ("Landes (40)", 26, 0, 0, 0, 26),
            ("Pas-de-Calais (62)", 0, 0, 0, 16, 16),
        ],
        columns=["département", "explicite", "relatif ou récurrent", "irrécupérable", "absent", "total"],
    )
    load = pd.DataFrame({"département": "Landes (40)", "année": [2024, 2025], "n_actions": [10, 12]})
    fig = P.load_per_year(load, status)
    (note,) = [t.get_text() for t in fig.texts if "Non tracés" in t.get_text()]
    hg = next(x for x in note.split("\n") if x.startswith("Haute-Garonne"))
    assert (
        hg == "Haute-Garonne (31) : 1 calendrier lisible sur 32 (27 irrécupérables, 1 relatif ou récurrent, 3 absents)"
    )
    numbers = [int(x) for x in re.findall(r"\d+", hg.split(" : ", 1)[1])]
    assert numbers[0] + sum(numbers[2:]) == numbers[1] == 32
    assert "Pas-de-Calais (62) : aucun calendrier lisible sur 16 (16 absents)" in note
    assert "(s)" not in note


def test_annual_budget_bars_name_a_budget_printed_without_its_amount():
    budget = pd.DataFrame(
        {
            "département": ["Haute-Garonne (31)", "Orne (61)", "Pas-de-Calais (62)"],
            "budget annuel cité": ["212,1 M€ en 2020", "non cité", "montant illisible ou perdu (l. 653)"],
            "montant_eur": [212.1e6, None, None],
            "statut": ["cité", "non cité", "illisible ou perdu"],
        }
    )
    labels = [t.get_text() for t in P.annual_budget_bars(budget).axes[0].get_yticklabels()]
    assert labels == [
        "Haute-Garonne (31) : 212,1 M€ en 2020",
        "Orne (61) : non cité",
        "Pas-de-Calais (62) : montant illisible ou perdu (l. 653)",
    ]


def test_annual_budget_bars_with_only_an_illegible_budget_say_so():
    budget = pd.DataFrame(
        {
            "département": ["Pas-de-Calais (62)"],
            "budget annuel cité": ["montant illisible ou perdu (l. 653)"],
            "montant_eur": [None],
            "statut": ["illisible ou perdu"],
        }
    )
    text = P.figure_title(P.annual_budget_bars(budget))
    assert "Pas-de-Calais (62) : montant illisible ou perdu (l. 653)" in text and "ne cite" not in text
