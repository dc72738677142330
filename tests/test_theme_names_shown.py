"""Reports 02 (themes) and 07 (previous plans) name a theme by its name, as the profiles and
report 05 do: a reader never sees a code « T01 » … « T14 » in a table cell, a chart axis or a
sentence (the codes stay in the data tables)."""

from __future__ import annotations

import re

import pandas as pd
from frames import actions as frames_actions
from frames import two_plans

from schemalab import analysis as A
from schemalab.analysis import findings as F
from schemalab.analysis.themes import THEME_NAMES, theme_name
from schemalab.io import conform

CODE = re.compile(r"\bT[01]\d\b")


def _frames():
    plans = two_plans()
    actions = frames_actions(
        [("47-2026-2030", "12", "Renforcer le répit"), ("47-2026-2030", "25", "Promouvoir l'accueil familial"),
         ("61-2017-2021", "12", "Adapter l'offre")]
    )  # fmt: skip
    at = conform(
        "action_themes",
        [
            dict(plan_id=p, action_id=a, theme_code=c, theme_score=0.8, cluster_id=0, cluster_label="g", model="m",
                 secondary_theme_codes=sec)
            for p, a, c, sec in [("47-2026-2030", "12", "T06", "T12,T02"), ("47-2026-2030", "25", "T05", None),
                                 ("61-2017-2021", "12", "T10", "T06")]
        ],
    )  # fmt: skip
    tt = conform(
        "text_themes",
        [
            dict(plan_id="47-2026-2030", source_table=src, source_ref=r, text="x", theme_code=c, theme_score=0.4,
                 secondary_theme_codes=sec, model="m")
            for src, r, c, sec in [("previous_review", "1", "T06", "T12,T05"), ("previous_review", "2", "T10", None),
                                   ("youth_recommendations", "1", "T09", "T02")]
        ],
    )  # fmt: skip
    review = conform(
        "previous_review",
        [dict(plan_id="47-2026-2030", ref=r, title=f"action {r}", status="unknown", status_raw="") for r in "12"],
    )
    youth = conform("youth_recommendations", [dict(plan_id="47-2026-2030", position=1, theme=None, text="r", ref="1")])
    tm = conform(
        "text_matches",
        [dict(plan_id="47-2026-2030", source_table="youth_recommendations", source_ref="1", match_rank=1,
              action_id="12", score=0.7, answers=True)],
    )  # fmt: skip
    return plans, actions, at, tt, review, youth, tm


def _no_code(df: pd.DataFrame, what: str) -> None:
    assert len(df), what
    for col in df.columns:
        if col == "theme_code":  # the data column, never shown: the notebooks show the matrix
            continue
        assert not CODE.search(str(col)), (what, col)
        shown = [str(v) for v in df[col] if CODE.search(str(v))]
        assert not shown, (what, col, shown[:3])
    assert not any(CODE.search(str(x)) for x in df.index), (what, list(df.index)[:3])


def test_report_02_tables_and_axes_show_theme_names_not_codes():
    plans, actions, at, tt, *_ = _frames()
    cov = A.theme_coverage(at, plans)
    for value in ("share", "n_actions"):
        m = A.theme_matrix(cov, value)  # the heatmap's axis labels are its index
        _no_code(m, f"theme_matrix {value}")
        assert list(m.index) == list(THEME_NAMES.values())  # the taxonomy's order, names only
    _no_code(cov.drop(columns="theme_code"), "theme_coverage")
    _no_code(A.theme_gaps(at, actions, plans), "theme_gaps")
    sheets = A.sheet_themes(at, actions, plans)
    _no_code(sheets, "sheet_themes")
    # several secondary themes: names apart by « ; » (a name may hold a comma)
    assert sheets["thèmes secondaires"].iloc[0] == f"{theme_name('T12')} ; {theme_name('T02')}"
    rel = A.theme_reliability()
    _no_code(rel, "theme_reliability")
    assert not CODE.search(" ".join(A.theme_reliability_statement(rel).lines))


def test_report_02_key_findings_name_themes():
    plans, _, at, *_ = _frames()
    lines = F._themes({"action_themes": at}, plans)
    assert lines and not any(CODE.search(x) for x in lines), lines
    assert any(f"« {theme_name('T06')} »" in x for x in lines)


def test_report_07_tables_and_sentences_show_theme_names_not_codes():
    plans, actions, at, tt, review, youth, tm = _frames()
    _no_code(A.review_rows(review, plans, tt), "review_rows")
    mix = A.review_theme_mix(tt, at, plans)
    _no_code(mix, "review_theme_mix")
    assert set(mix["thème"]) <= set(THEME_NAMES.values())
    lines = A.review_theme_statement(mix)
    assert lines and not any(CODE.search(x) for x in lines), lines
    assert f"« {theme_name('T10')} »" in " ".join(lines)
    _no_code(A.youth_answers(youth, tt, tm, actions, plans), "youth_answers")
