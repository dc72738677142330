"""Report 07 (the review of the previous plan), as a reader checks it against the plan texts:
a plan with no readable état shows « — », not « 0 réalisé »; a figure a plan prints about its
own review is quoted with its lines, not recomputed (read by the parser: the rule itself is
tested in tests/test_review_summary.py); the theme comparison says how many of the reviewed
actions it counts have an uncertain theme."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import RAW, ROOT, parse_raw
from frames import two_plans

from schemalab import analysis as A
from schemalab.analysis import review as R
from schemalab.io import conform

LG = "47_lot-et-garonne_2026-2030.txt"
PDC = "62_pas-de-calais_2023-2027.txt"


def _raw(name: str) -> list[str]:
    return (RAW / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def reviews():
    """Lot-et-Garonne's and Pas-de-Calais's reviews of their previous plans, parsed from the
    raw texts, with their plans."""
    review, plans = [], []
    for code in ("47", "62"):
        res = parse_raw(code)
        review.append(conform("previous_review", res.tables["previous_review"]))
        plans.append(conform("plans", res.tables["plans"]))
    return pd.concat(review, ignore_index=True), pd.concat(plans, ignore_index=True)


# 1. No readable état: « — », not 0 ---------------------------------------------------------------


def test_lot_et_garonne_prints_an_etat_column_empty_in_every_row(reviews):
    """What the reader finds in the text: the « ETAT » column of the review table (47:391) is
    empty in every reviewed row; only its colour legend is printed (47:390)."""
    text = _raw(LG)
    header = text[391 - 1].split("\t")
    assert header[6] == "ETAT"
    assert "Action en cours Action non démarrée ou à l'arrêt Action terminée" in text[390 - 1]
    review, _ = reviews
    lines = review.loc[review["plan_id"] == "47-2026-2030", "line"].astype(int).tolist()
    assert len(lines) == 60
    for n in lines:
        cells = text[n - 1].split("\t")
        assert len(cells) == len(header) and cells[6].strip() == "", n


def test_a_review_with_no_readable_etat_shows_dashes_not_zeros(reviews):
    """Report 07, « Actions revues et états »: Lot-et-Garonne (60 actions) and Pas-de-Calais (91)
    print no readable état, so their « réalisé », « en cours », « partiel », « non réalisé » cells
    read « — », not 0; « inconnu » still counts every reviewed action; the sentences under the
    table says « aucun état lisible » for both, the one under the chart that their bars hold unknown états only."""
    review, plans = reviews
    assert (review["status"] == "unknown").all()  # no état read in either plan
    summary = A.review_summary(review, plans)
    shown = A.display.for_display(summary).set_index("Département")  # the cells as the reader sees them
    for name, n in (("Lot-et-Garonne (47)", 60), ("Pas-de-Calais (62)", 91)):
        row = summary.set_index("département").loc[name]
        assert row["actions revues"] == row["inconnu"] == n == int((review["plan_id"].str[:2] == name[-3:-1]).sum())
        for col in R.KNOWN_STATES:
            assert pd.isna(row[col]), (name, col)
            assert shown.loc[name, A.display.column_label(col)] == "—", (name, col)
        assert shown.loc[name, "Inconnu"] == str(n)
    (note,) = R.review_table_note(summary)
    assert note.startswith(
        "Aucun état lisible pour Lot-et-Garonne (47, 60 actions revues) et Pas-de-Calais (62, 91 actions revues) : "
        "leurs colonnes « réalisé », « en cours », « partiel » et « non réalisé » montrent « — », pas 0"
    )
    # the chart: no « réalisé » (or other known état) segment, not even an empty one in the legend
    states = R.review_states(summary)
    assert not set(R.KNOWN_STATES) & set(states.columns)
    assert states.set_index("département").sum(axis=1).tolist() == [60, 91]
    (said,) = R.review_chart_notes(summary)
    assert said.startswith("Les barres de Lot-et-Garonne (47) et Pas-de-Calais (62) ne comptent que des états inconnus")
    assert "aucun état n'est lisible" in said and "actions revues" not in said  # the table's sentence gives the counts


def test_a_plan_with_some_readable_etats_keeps_its_zeros():
    """0 is a real count when the plan prints some état: Orne reads « réalisé » for one action
    and nothing for the other, so its « en cours » is 0, not « — »; Lot-et-Garonne, beside it,
    reads none and shows « — »; the chart keeps the « réalisé » column (Orne's) and says under it
    that Lot-et-Garonne has no readable état (its bar has no « réalisé » segment)."""
    plans = two_plans()
    review = conform(
        "previous_review",
        [
            dict(plan_id="61-2017-2021", ref="1", title="a", status="realise", status_raw="Réalisé", line=10),
            dict(plan_id="61-2017-2021", ref="2", title="b", status="unknown", status_raw=None, line=11),
            dict(plan_id="47-2026-2030", ref="1", title="c", status="unknown", status_raw=None, line=20),
        ],
    )  # fmt: skip
    summary = A.review_summary(review, plans).set_index("département")
    assert summary.loc["Orne (61)", "réalisé"] == 1 and summary.loc["Orne (61)", "en cours"] == 0
    assert pd.isna(summary.loc["Lot-et-Garonne (47)", "réalisé"])
    (note,) = R.review_table_note(summary.reset_index())
    assert (
        note.startswith("Aucun état lisible pour Lot-et-Garonne (47, 1 action revue) : ses colonnes")
        and "Orne" not in note
    )
    states = R.review_states(summary.reset_index()).set_index("département")
    assert states.loc["Orne (61)", "réalisé"] == 1 and states.loc["Lot-et-Garonne (47)", "réalisé"] == 0
    (said,) = R.review_chart_notes(summary.reset_index())
    assert said.startswith("La barre de Lot-et-Garonne (47) ne compte que des états inconnus") and "Orne" not in said


# 2. The plan's own figure, quoted with its lines --------------------------------------------------


def test_pas_de_calais_quotes_its_own_figure_with_its_lines(reviews):
    """Pas-de-Calais prints its own figure for its review in a column beside the list of its
    orientations (62:388-395: « 101 ACTIONS », « Plus de 90% des actions ont ete engagees ou
    totalement réalisées »), under « Le bilan du précédent schéma » (62:355), before its review
    table. The parser keeps it in plans.review_summary with its lines; the report quotes it from
    there, as printed, as the plan's own claim."""
    review, plans = reviews
    text = _raw(PDC)
    assert "Le bilan du précédent schéma" in text[355 - 1]
    assert [text[n - 1].strip() for n in (388, 389)] == ["101", "ACTIONS"]
    # each line ends with a piece of the figure, the other column's words before it
    pieces = ["Plus de 90%", "des actions ont", "ete engagees", "ou totalement", "réalisées"]
    for n, piece in zip(range(391, 396), pieces, strict=True):
        assert text[n - 1].rstrip().endswith(piece), (n, text[n - 1])
    quote = "Plus de 90% des actions ont ete engagees ou totalement réalisées"
    assert quote == " ".join(pieces)
    # Lot-et-Garonne prints no such figure
    assert R.review_own_figures(plans) == {"62-2023-2027": [([quote], 391, 395)]}
    (pdc,) = [x for x in A.review_statement(review, plans) if x.startswith("Pas-de-Calais (62)")]
    assert f"Le schéma dit lui-même : « {quote} » (l. 391-395) ; c'est son propre chiffre" in pdc
    assert "aucun état de réalisation n'est lisible" in pdc
    (lg,) = [x for x in A.review_statement(review, plans) if x.startswith("Lot-et-Garonne (47)")]
    assert "dit lui-même" not in lg
    # no figure in the plans table: nothing quoted, nothing guessed
    none = plans.assign(review_summary=None, review_summary_line=None, review_summary_last_line=None)
    assert not any("dit lui-même" in x for x in A.review_statement(review, none))


# 3. Uncertain themes weighed in the theme comparison ---------------------------------------------


def _theme_frames(scores):
    plans = conform(
        "plans",
        [dict(plan_id="62-2023-2027", department_code="62", department_name="Pas-de-Calais", title="S",
              period_start=2023, period_end=2027, source_file="62.txt", source_sha256="x")],
    )  # fmt: skip
    tt = conform(
        "text_themes",
        [
            dict(plan_id="62-2023-2027", source_table="previous_review", source_ref=f"P{i}", text="x", theme_code=c,
                 theme_score=s, secondary_theme_codes=None, model="m")
            for i, (c, s) in enumerate(scores, start=1)
        ],
    )  # fmt: skip
    at = conform(
        "action_themes",
        [dict(plan_id="62-2023-2027", action_id="1", theme_code="T01", theme_score=0.9, cluster_id=0,
              cluster_label="g", model="m", secondary_theme_codes=None)],
    )  # fmt: skip
    return tt, at, plans


def test_the_theme_comparison_says_how_many_reviewed_actions_have_an_uncertain_theme():
    """Pas-de-Calais's P14-A1 « Finaliser l'étude des enfants de moins de trois ans » is themed
    « Autonomie, jeunes majeurs » at 0,25: such a theme is counted, and the comparison says so.
    The table's new column counts, per theme, the actions whose score (as the table of reviewed
    actions shows it, to 0,01) is under 0,5; the sentence gives the plan's total and flags a
    theme « non repris » resting on one uncertain action. 0,499 shows « 0,50 »: not under 0,5."""
    tt, at, plans = _theme_frames([("T01", 0.9), ("T01", 0.3), ("T01", 0.499), ("T09", 0.2475), ("T13", 0.6)])
    mix = A.review_theme_mix(tt, at, plans).set_index("thème")
    assert mix[R.PREV_UNCERTAIN].to_dict() == {
        A.themes.theme_name("T01"): 1,
        A.themes.theme_name("T09"): 1,
        A.themes.theme_name("T13"): 0,
    }
    (line,) = A.review_theme_statement(mix.reset_index())
    assert line.startswith(
        "Pas-de-Calais (62) : thèmes de 5 actions revues du schéma précédent (dont 2 au thème incertain, score sous "
        "0,5 : voir « thème juste à ce score » dans le tableau des actions revues) comparés à ceux de la fiche"
    )
    assert (
        "2 thèmes non repris : « Autonomie, jeunes majeurs, insertion » (sur 1 action revue, au thème incertain), "
        "« Professionnels, métiers, formation » (sur 1 action revue)." in line
    )
    # the counts add up to the actions compared, the uncertain ones among them
    assert mix["actions du schéma précédent"].sum() == 5 and mix[R.PREV_UNCERTAIN].sum() == 2
    tt, at, plans = _theme_frames([("T01", 0.9), ("T09", 0.7)])
    (line,) = A.review_theme_statement(A.review_theme_mix(tt, at, plans))
    assert "thèmes de 2 actions revues du schéma précédent (aucune au thème incertain, score sous 0,5)" in line


def test_a_non_repris_theme_says_how_many_of_its_actions_have_an_uncertain_theme():
    tt, at, plans = _theme_frames([("T13", 0.3), ("T13", 0.4), ("T13", 0.8), ("T01", 0.9)])
    (line,) = A.review_theme_statement(A.review_theme_mix(tt, at, plans))
    assert (
        "1 thème non repris : « Professionnels, métiers, formation » (3 actions revues, dont 2 au thème incertain)"
        in line
    )


# The notebook ------------------------------------------------------------------------------------


def test_report_07_notebook_shows_the_notes_and_reads_the_tables():
    """The notebook stays thin: it calls review.py for the notes under the table and the chart,
    and the review statement reads the plan's own figure from the tables (plans.review_summary),
    not from the raw texts."""
    nb = json.loads((ROOT / "notebooks" / "07_previous_plans.ipynb").read_text(encoding="utf-8"))
    code = {c["id"]: "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"}
    ids = [c["id"] for c in nb["cells"]]
    assert len(ids) == len(set(ids))
    assert code["07-03"].startswith('A.say(*A.review_statement(t["previous_review"], plans))')
    order = [i for i in ids if i in ("07-05", "07-05-note", "07-06", "07-08b")]
    assert order == ["07-05", "07-05-note", "07-06", "07-08b"]
    assert code["07-05-note"] == "A.say(*A.review.review_table_note(review))"
    assert code["07-08b"] == "A.say(*A.review.review_chart_notes(review))"


# 4. Titles as repaired ---------------------------------------------------------------------------


def test_the_reviewed_actions_show_the_repaired_title_and_say_a_partly_lost_one(reviews):
    """Pas-de-Calais prints its reviewed action P11-A3 « Action 3: Perfecticnner |a gualité des
    évaluations » (62:2034, OCR damage): the table shows the repaired title, the printed one stays in
    the data. P18-A3 lost its beginning with its « Action 3: » label (62:2147 prints only its mark
    « @] », 62:2148 starts mid-phrase « d'accueil cellectif »): the table says so in plain words. Lot-et-Garonne's review is typed text, not OCR
    (47:394, « Réaliser un bilan de l'entretien prénatal précoce… »): nothing to repair, no
    title_clean, its title shown as printed."""
    pdc, lg = _raw(PDC), _raw(LG)
    assert pdc[2034 - 1] == "Action 3: Perfecticnner |a gualité des évaluations"
    assert (
        pdc[2147 - 1] == "@]" and pdc[2148 - 1] == "d'accueil cellectif, hebergement en appartement, accueil de jour.."
    )
    review, plans = reviews
    rows = R.review_rows(review, plans).set_index(["département", "ref"])["intitulé"]
    printed = review.set_index("ref").loc["P11-A3", "title"]
    assert printed == "Perfecticnner |a gualité des évaluations"  # the data keeps the printed title
    assert rows[("Pas-de-Calais (62)", "P11-A3")] == "Perfectionner la qualité des évaluations"
    assert rows[("Pas-de-Calais (62)", "P18-A3")] == f"… {pdc[2148 - 1]} (intitulé en partie perdu)"
    assert review.loc[review["plan_id"] == "47-2026-2030", "title_clean"].isna().all()
    assert rows[("Lot-et-Garonne (47)", "1")] == lg[394 - 1].split("\t")[1]


def test_an_empty_repaired_title_falls_back_to_the_printed_one():
    """title_clean null or blank: the printed title; filled: the repaired one (made-up rows)."""
    review = conform(
        "previous_review",
        [
            dict(plan_id="47-2026-2030", ref="1", title="I'accueil", title_clean="l'accueil", status="unknown", status_raw=None, line=1),
            dict(plan_id="47-2026-2030", ref="2", title="imprimé", title_clean="  ", status="unknown", status_raw=None, line=2),
            dict(plan_id="47-2026-2030", ref="3", title="tel quel", title_clean=None, status="unknown", status_raw=None, line=3),
        ],
    )  # fmt: skip
    assert R.review_rows(review, two_plans())["intitulé"].tolist() == ["l'accueil", "imprimé", "tel quel"]
