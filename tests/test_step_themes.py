"""Themes of the sheets' steps (text_themes rows of source_table « sub_actions ») and report 02's
table of themes without a sheet: a theme a plan has no sheet on but a step carries is « abordé
dans des étapes, sans fiche dédiée », cited with its sheet and line; one no sheet and no step
carries stays « absent »; the other readers of text_themes see no step."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW, parse_raw
from frames import actions as frames_actions
from frames import two_plans

from schemalab import io, themes
from schemalab.analysis import themes as AT
from schemalab.io import conform

ORNE = "61-2017-2021"
LG = "47-2026-2030"


@pytest.fixture(scope="module")
def orne(tmp_path_factory) -> Path:
    """Orne's plan, sheets and steps as parsed from data/raw, themed by the theme step."""
    parsed = parse_raw("61").tables
    out = tmp_path_factory.mktemp("orne") / "processed"
    for name in ("plans", "actions", "sub_actions"):
        io.write_table(name, parsed[name], out)
    themes.build_themes(out, progress=False)
    return out


def _read(data: Path, *names: str) -> dict[str, pd.DataFrame]:
    return {n: io.read_table(n, data) for n in names}


def _raw_line(n: int) -> str:
    return (RAW / "61_orne_2017-2021.txt").read_text(encoding="utf-8").splitlines()[n - 1]


def test_every_step_is_themed_under_its_sheet_title(orne):
    """One text_themes row per sub_actions row, keyed action_id:position, read under the title of
    its sheet; the steps' rows are the table's only rows here (Orne prints no review, no youth
    recommendation in the tome read)."""
    t = _read(orne, "sub_actions", "actions", "text_themes")
    tt = t["text_themes"]
    assert (tt["source_table"] == themes.STEP_SOURCE).all()
    refs = [
        themes.step_ref(a, p) for a, p in zip(t["sub_actions"]["action_id"], t["sub_actions"]["position"], strict=True)
    ]
    assert sorted(tt["source_ref"]) == sorted(refs)
    title = t["actions"].set_index("action_id")["title"]
    step = tt.set_index("source_ref").loc["12:5"]
    assert step["heading"] == themes.clean_text(title["12"])
    assert step["text"] == "Professionaliser et promouvoir l'accueil familial"


def test_orne_family_care_and_unaccompanied_minors_are_in_steps_not_absent(orne):
    """Orne (61) has no sheet whose main or secondary theme is « Accueil familial et tiers » (T05) or
    « Mineurs non accompagnés » (T10), but its sheet 12 prints, among its steps, « Adapter les réponses
    apportées aux MIE (logement, scolarité, insertion socio-professionnelle) » and « Professionaliser et
    promouvoir l'accueil familial » (data/raw/61_orne_2017-2021.txt, l. 435, the sheet's « Déclinaison
    opérationnelle »). Beside a plan with a sheet on each theme, report 02 says Orne addresses them in
    steps, citing sheet 12 and line 435, and does not call it absent."""
    line = _raw_line(435)
    assert line.startswith("Déclinaison opérationnelle")
    assert (
        "Adapter les réponses apportées aux MIE" in line and "Professionaliser et promouvoir l'accueil familial" in line
    )
    t = _read(orne, "plans", "actions", "sub_actions", "action_themes", "text_themes")
    subs = t["sub_actions"].set_index("position")[t["sub_actions"]["action_id"].to_numpy() == "12"]
    assert subs.loc[4, "text"].startswith("Adapter les réponses apportées aux MIE") and subs.loc[4, "line"] == 435
    assert subs.loc[5, "text"] == "Professionaliser et promouvoir l'accueil familial" and subs.loc[5, "line"] == 435
    # the premise: no sheet of Orne has either theme, main or secondary
    sheet_codes = set(t["action_themes"]["theme_code"]) | {
        c for s in t["action_themes"]["secondary_theme_codes"].dropna() for c in s.split(",")
    }
    assert not {"T05", "T10"} & sheet_codes, sheet_codes
    # the steps carry them as main theme, with a score the table counts
    tt = t["text_themes"].set_index("source_ref")
    for ref, code in (("12:4", "T10"), ("12:5", "T05")):
        assert tt.loc[ref, "theme_code"] == code
        assert tt.loc[ref, "theme_score"] >= AT.STEP_SCORE

    # Lot-et-Garonne (made up here) has a sheet on each theme
    plans = two_plans()
    lg_actions = frames_actions([(LG, "25", "Promouvoir l'accueil familial"), (LG, "16", "Accueillir les MNA")])
    actions = pd.concat([lg_actions, t["actions"]], ignore_index=True)
    lg_themes = conform(
        "action_themes",
        [dict(plan_id=LG, action_id=a, theme_code=c, theme_score=0.9, cluster_id=0, cluster_label="g", model="m")
         for a, c in (("25", "T05"), ("16", "T10"))],
    )  # fmt: skip
    at = pd.concat([lg_themes, t["action_themes"]], ignore_index=True)
    gaps = AT.theme_gaps(at, actions, plans, None, t["text_themes"], t["sub_actions"]).set_index("thème")
    for code, words in (("T05", "Professionaliser et promouvoir l'accueil familial"), ("T10", "Adapter les réponses")):
        row = gaps.loc[AT.theme_name(code)]
        assert row["absent chez"] == "—"
        cell = row[AT.STEPS_COL]
        assert cell.startswith("Orne (61) : évoqué dans")
        assert f"fiche 12, Orne, l. 435 (« {words}" in cell


def _made_up(step_score: float, step_secondary: bool = False):
    """Lot-et-Garonne has a sheet on « Accueil familial et tiers » (T05); Orne has none, one step
    of its sheet 3 is themed T05 at ``step_score`` (as its secondary theme only when
    ``step_secondary``), and its review and youth rows are themed T05 at 0.95."""
    plans = two_plans()
    actions = frames_actions([(LG, "25", "Promouvoir l'accueil familial"), (ORNE, "3", "Place des familles")])
    at = conform(
        "action_themes",
        [dict(plan_id=p, action_id=a, theme_code=c, theme_score=0.9, cluster_id=0, cluster_label="g", model="m")
         for p, a, c in ((LG, "25", "T05"), (ORNE, "3", "T12"))],
    )  # fmt: skip
    subs = conform(
        "sub_actions",
        [dict(plan_id=ORNE, action_id="3", position=i, text=t, year=None, line=150 + i)
         for i, t in ((1, "Associer les parents"), (2, "Soutenir les assistants familiaux"))],
    )  # fmt: skip
    main, sec = ("T12", "T05") if step_secondary else ("T05", None)
    tt = conform(
        "text_themes",
        [
            dict(plan_id=ORNE, source_table="sub_actions", source_ref="3:1", text="x", theme_code="T12",
                 theme_score=0.9, model="m"),
            dict(plan_id=ORNE, source_table="sub_actions", source_ref="3:2", text="x", theme_code=main,
                 theme_score=step_score, secondary_theme_codes=sec, model="m"),
            dict(plan_id=ORNE, source_table="previous_review", source_ref="3:2", text="x", theme_code="T05",
                 theme_score=0.95, model="m"),
            dict(plan_id=ORNE, source_table="youth_recommendations", source_ref="1", text="x", theme_code="T05",
                 theme_score=0.95, model="m"),
        ],
    )  # fmt: skip
    return plans, actions, at, subs, tt


@pytest.mark.parametrize(
    "score, secondary", [(0.45, False), (0.9, True)], ids=["step-under-threshold", "step-secondary-only"]
)
def test_a_theme_no_sheet_and_no_step_carries_stays_absent(score, secondary):
    """A step whose main theme scores under STEP_SCORE, or that has the theme only as a secondary
    one, does not lift the absence; nor do the reviewed actions and youth recommendations themed in the
    same table."""
    plans, actions, at, subs, tt = _made_up(score, secondary)
    gaps = AT.theme_gaps(at, actions, plans, None, tt, subs)
    row = gaps.set_index("thème").loc[AT.theme_name("T05")]
    assert row["absent chez"] == "Orne (61)"
    assert row[AT.STEPS_COL] == "—"


def test_a_step_at_the_threshold_lifts_the_absence_with_its_sheet_and_line():
    plans, actions, at, subs, tt = _made_up(AT.STEP_SCORE)
    row = AT.theme_gaps(at, actions, plans, None, tt, subs).set_index("thème").loc[AT.theme_name("T05")]
    assert row["absent chez"] == "—"
    assert row[AT.STEPS_COL] == (
        "Orne (61) : évoqué dans une étape : fiche 3, Orne, l. 152 (« Soutenir les assistants familiaux »)."
    )
    # without the steps, the table is the sheets' alone, as before
    assert AT.STEPS_COL not in AT.theme_gaps(at, actions, plans).columns


def test_step_rows_leave_the_other_readers_of_text_themes_alone():
    """Report 07's reviewed actions and youth recommendations, and the profile's youth table, read
    their own rows of text_themes: the same with or without the steps' rows."""
    from schemalab.analysis import profile, review

    plans, actions, at, subs, tt = _made_up(0.9)
    others = tt[tt["source_table"] != "sub_actions"].reset_index(drop=True)
    mix = review.review_theme_mix
    pd.testing.assert_frame_equal(mix(tt, at, plans), mix(others, at, plans))
    youth = conform("youth_recommendations", [dict(plan_id=ORNE, position=1, theme=None, text="r", ref="1")])
    tables = {"plans": plans, "youth_recommendations": youth}
    pd.testing.assert_frame_equal(
        profile.youth_table({**tables, "text_themes": tt}, "61"),
        profile.youth_table({**tables, "text_themes": others}, "61"),
    )
