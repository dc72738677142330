"""What an observatory reader checks in the profiles (08) and report 04, against the plan
texts: a kind of item a plan does not print is « sans objet », not a dot at 0; the
profile's measurability counts « résultats attendus » apart, as report 05; the youth
method paragraph only where the plan prints youth recommendations; a sheet dated by its
steps told apart from a printed calendar; the actor matrix's column labels readable."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import RAW, ROOT

from schemalab import analysis as A
from schemalab import plots as P
from schemalab.analysis.calendars import gantt_rows, steps_dated_sheets
from schemalab.analysis.indicators import EXPECTED_CLASS, measurability_summary, reader_indicator_table
from schemalab.analysis.profile import (
    NATIONAL_COLUMNS,
    calendar_words,
    kind_not_printed,
    national_counts,
    profile_measurability,
)


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """The five real plans built into a temporary folder (no theme step)."""
    from schemalab.build import build

    out = tmp_path_factory.mktemp("processed")
    assert build(RAW, out, log=lambda *_: None).failed == []
    return A.load_tables(out, RAW)


def _raw(code: str) -> list[str]:
    (path,) = RAW.glob(f"{code}_*.txt")
    return path.read_text(encoding="utf-8").split("\n")


def _line(code: str, n: int) -> str:
    """Line ``n`` (1-based, as the reports cite it) of département ``code``'s plan text."""
    return _raw(code)[n - 1]


# 1. « sans objet » is not 0 -----------------------------------------------------------------------


def test_a_kind_of_item_the_plan_does_not_print_is_not_applicable_a_real_zero_stays():
    counts = pd.DataFrame(
        {
            "département": ["A", "B", "C", "D"],
            "indicateurs": [0, 12, 0, 5],  # A prints only « résultats attendus », C nothing at all
            "résultats attendus": [40, 0, 0, 108],
        }
    )
    na = kind_not_printed(counts)
    assert na["indicateurs"].tolist() == [True, False, False, False]
    assert na["résultats attendus"].tolist() == [False, True, False, False]  # C's zeros are real zeros


def _dot_x(ax) -> list[float]:
    """x of every dot of a profile row (the grey ones and the coloured one)."""
    grey = [float(x) for c in ax.collections for x, _y in c.get_offsets()]
    mine = [
        float(x)
        for line in ax.get_lines()
        if line.get_marker() == "o" and line.get_mfc() != "white"  # not the hollow « sans objet » ring
        for x in line.get_xdata()
    ]
    return grey + mine


def test_the_profile_draws_not_applicable_as_sans_objet_and_a_real_zero_as_a_dot_at_zero():
    df = pd.DataFrame(
        {
            "département": ["Aa (01)", "Bb (02)", "Cc (03)", "Dd (04)"],
            "indicateurs": [np.nan, 12.0, 0.0, 5.0],  # Aa: sans objet; Cc: a real 0
        }
    )
    fig = P.national_profile(df, "département", "01", ["indicateurs"])
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts]
    assert any(P.NOT_APPLICABLE.split(" : ")[0] in t and "n'imprime pas ce type d'élément" in t for t in texts)
    assert sorted(_dot_x(ax)) == [0.0, 5.0, 12.0], "no dot for Aa; Cc's real zero is a dot at 0"
    # the others « sans objet » are named, the highlighted one then has a dot
    fig = P.national_profile(df, "département", "03", ["indicateurs"])
    assert any("sans objet pour Aa (01)" in t.get_text() for t in fig.axes[0].texts)
    coloured = [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
    assert [float(x) for line in coloured for x in line.get_xdata()] == [0.0], "Cc's 0 is its coloured dot"
    assert "construits" not in fig._suptitle.get_text() and "autres départements comparés" in fig._suptitle.get_text()


def test_pas_de_calais_prints_no_indicator_and_three_plans_no_expected_result(tables):
    """Pas-de-Calais prints « Résultats attendus » (62:2241) and no « Indicateurs » heading;
    Landes, Lot-et-Garonne and Orne never print « Résultats attendus »: these counts are
    « sans objet » in every profile; Haute-Garonne prints both (5 and 108)."""
    assert "Résultats attendus" in _line("62", 2241)
    for code in ("40", "47", "61"):
        assert not any("Résultats attendus" in x for x in _raw(code)), code
    nat = national_counts(tables, "62").set_index("département")
    assert (
        np.isnan(nat.loc["Pas-de-Calais (62)", "indicateurs"])
        and nat.loc["Pas-de-Calais (62)", "résultats attendus"] == 40
    )
    for name in ("Landes (40)", "Lot-et-Garonne (47)", "Orne (61)"):
        assert np.isnan(nat.loc[name, "résultats attendus"]) and nat.loc[name, "indicateurs"] > 0
    assert nat.loc["Haute-Garonne (31)", ["indicateurs", "résultats attendus"]].tolist() == [5, 108]
    fig = P.national_profile(nat.reset_index(), "département", "62", NATIONAL_COLUMNS)
    row = fig.axes[NATIONAL_COLUMNS.index("indicateurs")]
    assert 0.0 not in _dot_x(row), "no dot at 0 for Pas-de-Calais's indicators, nor anyone's"
    assert any("n'imprime pas ce type d'élément" in t.get_text() for t in row.texts)


# 2. measurability as in report 05 --------------------------------------------------------------


def test_the_profile_counts_expected_results_apart_as_report_05(tables):
    """Pas-de-Calais's 40 items are all « résultats attendus » (62:2241): one category of
    their own in its profile, no « comptage » or « qualitatif » bar; the same counts as report 05's."""
    t = A.edition_tables(tables, "62")
    meas = profile_measurability(t)
    assert set(meas["mesure"]) == {EXPECTED_CLASS} and meas["n_indicateurs"].sum() == 40
    all5 = A.select_editions(tables, None)
    ind05 = reader_indicator_table(all5["indicators"], all5["plans"], all5["action_themes"])
    in05 = measurability_summary(ind05, expected_apart=True)
    for code in ("31", "40", "62"):
        mine = profile_measurability(A.edition_tables(tables, code))
        name = mine["département"].iloc[0]
        assert mine.reset_index(drop=True).equals(in05[in05["département"] == name].reset_index(drop=True)), code
    hg = profile_measurability(A.edition_tables(tables, "31"))
    assert hg.loc[hg["mesure"] == EXPECTED_CLASS, "n_indicateurs"].sum() == 108
    nb = json.loads((ROOT / "notebooks" / "08_profile.ipynb").read_text(encoding="utf-8"))
    code = "".join(s for c in nb["cells"] if c["cell_type"] == "code" for s in c["source"])
    assert "P.measurability(profile_measurability(t))" in code


# 3. youth method paragraph --------------------------------------------------------------------------


def test_the_youth_method_paragraph_only_where_the_plan_prints_youth_recommendations(tables):
    """Lot-et-Garonne prints the recommendations of its young people (47:509); Landes none."""
    assert "temps d'accueil rassurant" in _line("47", 509)
    said = "Recommandations de conseils de jeunes"
    assert said in repr(A.method("08", A.edition_tables(tables, "47")))
    landes = repr(A.method("08", A.edition_tables(tables, "40")))
    assert said not in landes and "Mesure :" in landes  # the sheets' themes are still measured
    assert "recommandations de jeunes." not in landes
    made_up = {"youth_recommendations": pd.DataFrame(columns=["plan_id", "text"])}
    assert said not in repr(A.method("08", made_up)) and said in repr(A.method("08"))


# 4. a sheet dated by its steps is not a printed calendar ----------------------------------------------


def test_sheet_1_6_is_dated_by_its_steps_not_by_a_printed_calendar(tables):
    """Haute-Garonne's sheet 1.6 (31:1043) stops after « Déclinaison opérationnelle »
    (31:1048), whose steps are dated « d'ici octobre 2021 », « en juin 2022 »: no « Grandes
    phases (calendrier) » before the next part (31:1050). Sheets 1.1 (31:964), 1.5 (31:1020)
    and 3.2 (31:1195) print no calendar and date no step."""
    assert "Poursuivre le co-pilotage" in _line("31", 1043)
    assert "d'ici octobre 2021" in _line("31", 1048) and "en juin 2022" in _line("31", 1048)
    assert not any("Grandes phases" in _line("31", n) for n in range(1043, 1051))
    for first, last in ((964, 970), (1020, 1041), (1195, 1205)):
        assert not any("Grandes phases" in _line("31", n) for n in range(first, last))
    t = A.edition_tables(tables, "31")
    dated = steps_dated_sheets(t["calendar"], "31-2021-2025")
    assert dated["action_id"].tolist() == ["1.6"]
    assert dated["years"].iloc[0] == [2021, 2022] and dated["lines"].iloc[0] == [1048]
    lines = A.calendar_statement(t["actions"], t["plans"], t["calendar"])
    (steps,) = [x for x in lines if "n° 1.6" in x]
    assert "n'imprime pas de calendrier, mais ses étapes sont datées" in steps and "(l. 1048)" in steps
    (absent,) = [x for x in lines if "n'impriment aucun calendrier" in x]
    assert "(n° 1.1, 1.5, 3.2)" in absent and "ne datent aucune de leurs étapes" in absent
    assert "1.6" in calendar_words(t["actions"], t["calendar"])
    assert A.actions_table(tables, "31").set_index("fiche").loc["1.6", "calendrier"] == "explicite (étapes datées)"
    # a plan whose reader dates no step says nothing of steps
    landes = A.edition_tables(tables, "40")
    assert A.calendar_statement(landes["actions"], landes["plans"], landes["calendar"]) == [
        "Landes (40) : les 26 fiches impriment un calendrier (années ou semestres)."
    ]


def test_the_gantt_hatches_a_sheet_dated_by_its_steps_and_says_so_in_its_legend():
    acts = pd.DataFrame(
        {
            "plan_id": ["p", "p"],
            "action_id": ["1", "2"],
            "title": ["imprimé", "daté"],
            "calendar_status": ["explicit"] * 2,
        }
    )
    cal = pd.DataFrame(
        {
            "plan_id": ["p"] * 4,
            "action_id": ["1", "1", "2", "2"],
            "year": [2024, 2025, 2024, 2025],
            "semester": [pd.NA] * 4,
            "label": [None, None, "d'ici juin 2024", "en mars 2025"],
            "source": ["sheet", "sheet", "text", "text"],
            "line": [10, 10, 20, 21],
        }
    )
    rows = gantt_rows(cal, acts, "p")
    assert rows["from_steps"].tolist() == [False, True]
    fig = P.gantt(rows, "Calendrier", (2024, 2026))
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    plain = [p for p in fig.axes[0].patches if not p.get_hatch()]
    assert len(hatched) == 1 and len(plain) == 1
    legend = [t.get_text() for t in fig.legends[0].texts]
    assert legend == [P._GANTT[False][1], P._GANTT_STEPS[1]] and "pas de calendrier imprimé" in legend[1]
    # without a source column (older tables), every bar is a printed calendar
    assert not gantt_rows(cal.drop(columns="source"), acts, "p")["from_steps"].any()


def test_the_gantt_shows_a_sheet_title_as_repaired_not_as_printed(tables):
    """Pas-de-Calais prints sheet 11 « Fiche N°11 : Adapter |'activité adoption et accés aux
    origines … » (62:2811, OCR damage); the chart's label for it reads « l'activité », « accès ».
    Pas-de-Calais prints no calendar (every sheet « absent »): one made-up calendar row puts
    the real sheet on the chart."""
    assert "Fiche N°11 : Adapter |'activité adoption et accés aux origines" in _line("62", 2811)
    t = A.edition_tables(tables, "62")
    sheet = t["actions"].set_index("action_id").loc["11"]
    assert sheet["title"].startswith("Adapter |'activité")  # the data keeps the printed title
    cal = pd.DataFrame(
        {"plan_id": ["62-2023-2027"], "action_id": ["11"], "year": [2024], "semester": [pd.NA],
         "label": [None], "source": ["sheet"], "line": [2811]}
    )  # fmt: skip
    rows = gantt_rows(cal, t["actions"], "62-2023-2027")
    assert rows["action"].tolist() == ["11 – Adapter l'activité adoption et accès aux origines aux enjeux…"]
    fig = P.gantt(rows, "Calendrier", (2023, 2027))
    (tick,) = [x.get_text() for x in fig.axes[0].get_yticklabels()]
    assert "Adapter l'activité" in tick.replace("\n", " ") and "|'" not in tick


def test_a_sheet_title_needing_no_repair_is_shown_as_printed_on_the_gantt():
    """title_clean null or blank: the chart shows the printed title (made-up sheets)."""
    acts = pd.DataFrame(
        {"plan_id": ["p"] * 3, "action_id": ["1", "2", "3"], "title": ["I'accueil", "imprimé", "tel quel"],
         "title_clean": ["l'accueil", " ", None], "calendar_status": ["explicit"] * 3}
    )  # fmt: skip
    cal = pd.DataFrame(
        {"plan_id": ["p"] * 3, "action_id": ["1", "2", "3"], "year": [2024] * 3, "semester": [pd.NA] * 3}
    )
    assert gantt_rows(cal, acts, "p")["action"].tolist() == ["1 – l'accueil", "2 – imprimé", "3 – tel quel"]


# 5. the pilot / partner matrix -----------------------------------------------------------------------


def test_the_actor_matrix_column_labels_do_not_touch():
    depts = ["Haute-Garonne (31)", "Landes (40)", "Lot-et-Garonne (47)", "Orne (61)", "Pas-de-Calais (62)"]
    cols = [f"{d} – {r}" for d in depts for r in ("partenaire", "pilote")]
    m = pd.DataFrame(np.arange(3 * len(cols)).reshape(3, len(cols)), index=["CAF", "ARS", "PJJ"], columns=cols)
    fig = P.actor_matrix(m)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # the figure is closed (no pyplot canvas): draw it as the reports do
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].get_xticklabels()]
    assert len(boxes) == len(cols)
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert a.x1 < b.x0, "neighbouring column labels overlap"
    assert all("\n" in t.get_text() for t in fig.axes[0].get_xticklabels())
