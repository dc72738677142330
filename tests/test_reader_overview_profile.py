"""What an observatory reader checks in report 01 (overview) and the profiles (08), against
the plan texts: « indicateurs » that are « résultats attendus » said as such, no rank in
the profile's figure, sub-actions counted by a stated rule, an unread tome's absences said
« dans le texte lu », theme names and « Haute-Garonne, l. 978 » sources, repaired OCR
titles, the classifier's fitted sheets said as in report 02, report 04's calendar words."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import RAW, ROOT

from schemalab import analysis as A
from schemalab import plots as P
from schemalab.analysis.calendars import STATUS_FR
from schemalab.analysis.overview import (
    EXPECTED_COL,
    INDICATORS_COL,
    overview_table,
    sub_actions_note,
    unread_note,
)
from schemalab.analysis.profile import (
    NATIONAL_COLUMNS,
    SOURCE_IN_PLAN,
    calendar_words,
    national_counts,
    profile_heading,
    profile_indicators,
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


def _facts(tables, code: str) -> pd.Series:
    return A.profile_facts(tables, code).set_index("rubrique")["valeur"]


# 1. Indicators or expected results ------------------------------------------------------------


def test_the_indicators_column_says_how_many_are_expected_results(tables):
    """Haute-Garonne prints « Résultats attendus » (31:992), Pas-de-Calais too (62:2608):
    01's column and panel say « indicateurs ou résultats attendus » and how many of each
    plan's are résultats attendus; the profile says it in words."""
    assert "Résultats attendus" in _raw("31")[991] and "Résultats attendus" in _raw("62")[2607]
    ov = A.overview(tables).set_index("département")
    assert INDICATORS_COL == "indicateurs ou résultats attendus" and "indicateurs" not in ov
    assert ov.loc["Haute-Garonne (31)", [INDICATORS_COL, EXPECTED_COL]].tolist() == [113, 108]
    assert ov.loc["Pas-de-Calais (62)", [INDICATORS_COL, EXPECTED_COL]].tolist() == [40, 40]
    assert ov.loc["Landes (40)", [INDICATORS_COL, EXPECTED_COL]].tolist() == [49, 0]

    fig = P.count_bars(
        ov.reset_index(), "département", ["axes", INDICATORS_COL], "Volume", parts={INDICATORS_COL: EXPECTED_COL}
    )
    panel = fig.axes[1]
    assert "hachuré : résultats attendus" in panel.get_title()
    labels = [t.get_text().strip() for t in panel.texts]
    assert labels == ["113 (dont 108)", "49", "130", "85", "40 (dont 40)"]
    assert all("dont" not in t.get_text() for t in fig.axes[0].texts)

    assert (
        _facts(tables, "31")["Indicateurs ou résultats attendus"] == "113 : 5 indicateurs et 108 « résultats attendus »"
    )
    assert _facts(tables, "62")["Indicateurs ou résultats attendus"] == "40 « résultats attendus » (aucun indicateur)"
    assert _facts(tables, "40")["Indicateurs ou résultats attendus"] == "49 indicateurs"
    nat = national_counts(tables, "40").set_index("département")
    assert nat.loc["Haute-Garonne (31)", ["indicateurs", "résultats attendus"]].tolist() == [5, 108]


# 2. A dot strip, no rank ---------------------------------------------------------------------------


def _strip_texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_the_profile_figure_is_a_dot_strip_without_rank(tables):
    """Each measure: the five départements as dots, this one coloured with its number, x
    axis « nombre »; no « 2e sur 5 » to contradict « il ne classe pas les schémas »."""
    nat = national_counts(tables, "31")
    fig = P.national_profile(nat, "département", "31", NATIONAL_COLUMNS)
    assert [ax.get_yticklabels()[0].get_text() for ax in fig.axes] == NATIONAL_COLUMNS
    # Haute-Garonne's numbers, and « sans objet » for the plans that print the other kind of
    # item only (Pas-de-Calais no indicator; Landes, Lot-et-Garonne, Orne no « résultats attendus »)
    numbers = [x for x in _strip_texts(fig) if not x.startswith("sans objet")]
    assert numbers == ["6", "32", "5", "108", "42"]
    assert fig.axes[-1].get_xlabel().startswith("nombre")
    for ax, n_grey in zip(fig.axes, [4, 4, 3, 1, 4], strict=True):  # a count « sans objet » is no dot
        coloured = [x for x in ax.get_lines() if x.get_marker() == "o"]
        grey = sum(len(c.get_offsets()) for c in ax.collections)
        assert len(coloured) == 1 and grey == n_grey
    assert "boîte" not in fig._suptitle.get_text() and "sur 5" not in fig._suptitle.get_text()
    note = " ".join(A.national_note(tables, "31"))
    assert "il ne classe pas les schémas" in note and "rang écrit" not in note
    # a sixth plan gets the same treatment: dots, its number, no rank
    six = pd.concat([nat, pd.DataFrame([{"département": "Gironde (33)", **dict.fromkeys(NATIONAL_COLUMNS, 7)}])])
    fig6 = P.national_profile(six, "département", "33", NATIONAL_COLUMNS)
    texts6 = _strip_texts(fig6)
    assert [x for x in texts6 if not x.startswith("sans objet")] == ["7"] * 5
    assert not any(re.search(r"\bsur \d", x) for x in texts6)


# 3. Sub-actions ---------------------------------------------------------------------------------------


def test_sub_actions_say_their_counting_rule(tables):
    """Lot-et-Garonne prints its steps under each year and repeats them (47:632-636): 271
    printed, 206 distinct; units differ by plan, so the column is an order of magnitude."""
    raw = _raw("47")
    step = "Organisation de rencontres régulières entre professionnels périnataux"
    assert sum(step in x for x in raw[631:636]) == 3
    head, *repeats = sub_actions_note(tables)
    assert repeats == [
        "Lot-et-Garonne : 206 étapes distinctes sur 271 imprimées (une étape répétée chaque année compte une fois)."
    ]
    assert "Lot-et-Garonne : des étapes imprimées sous chaque année" in head
    assert "Pas-de-Calais : des actions numérotées" in head and "Landes, Orne : des lignes ou des puces" in head
    assert "ordre de grandeur" in head and "il ne compare pas les schémas" in head
    assert A.overview(tables).set_index("département").loc["Lot-et-Garonne (47)", "sous-actions"] == 206
    assert _facts(tables, "47")["Sous-actions"].startswith("206 étapes distinctes sur 271 imprimées")
    assert "ordre de grandeur" in _facts(tables, "40")["Sous-actions"]


# 4. Orne: what was not read --------------------------------------------------------------------


def test_orne_absences_are_none_in_the_text_read_never_a_bare_zero(tables):
    """Orne's file is « TOME 2 : plan d'actions » (61:3-13): its money and review may be in
    tome 1. 01 and the profiles say « aucun … dans le texte lu »; no profile prints a bare 0
    for an absence."""
    assert any("TOME 2 : plan d'actions" in x for x in _raw("61")[2:13])
    ov = overview_table(tables).set_index("département")
    orne = ov.loc["Orne (61)"]
    assert orne["montants nommés"] == "aucun dans le texte lu"
    assert orne["budget annuel cité"] == "non cité dans le texte lu"
    assert orne["fiches chiffrées"] == "aucune sur 12 dans le texte lu"
    assert ov.loc["Landes (40)", "montants nommés"] == 1 and ov.loc["Landes (40)", "fiches chiffrées"] == "0 / 26"
    assert unread_note(tables["plans"]).startswith("« dans le texte lu » : une partie du schéma n'a pas été lue (Orne")
    facts = _facts(tables, "61")
    assert facts["Actions du schéma précédent revues"].startswith("aucune dans le texte lu")
    assert facts["Montants nommés"].startswith("aucun dans le texte lu")
    for code in ("31", "40", "47", "61", "62"):
        f = _facts(tables, code)
        for rubric in ("Montants nommés", "Actions du schéma précédent revues", "Recommandations de jeunes imprimées"):
            assert f[rubric] != "0" and not f[rubric].startswith("0 "), (code, rubric, f[rubric])
    assert _facts(tables, "62")["Recommandations de jeunes imprimées"] == "aucune"
    assert _facts(tables, "62")["Actions du schéma précédent revues"] == "91"


# 5. Names, sources, title -------------------------------------------------------------------------


def test_profile_sources_name_the_departement_and_the_line(tables):
    """« Haute-Garonne, l. 992 », the line where the résultat attendu is printed; the file
    name is left to « Provenance »."""
    t = A.edition_tables(tables, "31")
    ind = profile_indicators(t)
    row = ind[ind["text"].str.startswith("Une mise en œuvre efficiente du schéma")].iloc[0]
    assert row[SOURCE_IN_PLAN] == "Haute-Garonne, l. 992"
    assert "Une mise en œuvre efficiente du schéma" in _raw("31")[991]
    assert ind[SOURCE_IN_PLAN].str.fullmatch(r"Haute-Garonne, l\. \d+").all()
    assert not ind.astype(str).apply(lambda c: c.str.contains(r"\.txt")).any().any()
    facts = A.profile_facts(tables, "31")
    assert "Fichier source" not in set(facts["rubrique"]) and not facts["valeur"].str.contains(r"\.txt").any()
    assert ".txt" in repr(A.provenance(t)), "the file is named in « Provenance »"


def test_the_profile_title_names_its_departement(tables):
    nb = json.loads((ROOT / "notebooks" / "08_profile.ipynb").read_text(encoding="utf-8"))
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert not re.search(r"^# ", markdown, re.M), "the H1 is generated, with the département's name"
    assert any("profile_heading(" in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert profile_heading(tables, "62").title == "Profil d'un département : Pas-de-Calais (62)"
    assert "2023–2027" in profile_heading(tables, "62").lead


# 6. Repaired OCR titles -------------------------------------------------------------------------


def test_ocr_damaged_titles_are_shown_repaired(tables):
    """Pas-de-Calais's OCR prints « Adapter |'activité adoption et accés… » (62:2811) and
    « … dans |'action » (62:1772): the profile shows the repaired titles; the data keep the
    printed ones."""
    raw = _raw("62")
    assert "|'activité adoption et accés" in raw[2810] and "dans |'action" in raw[1771]
    acts = A.actions_table(tables, "62").set_index("fiche")
    assert acts.loc["11", "intitulé"] == "Adapter l'activité adoption et accès aux origines aux enjeux législatifs"
    axes = A.axes_table(tables, "62").set_index("axe")
    assert "dans l'action" in axes.loc["4", "intitulé"]
    assert not acts["intitulé"].str.contains(r"\|'|I'").any()
    assert _facts(tables, "62")["Schéma"] == "Le schéma départemental de l'enfance et de la famille 2023-2027"
    plans = tables["plans"].set_index("department_code")
    assert "I'enfance" in plans.loc["62", "title"], "the printed title stays in the data"
    actions = tables["actions"]
    assert (
        "|'activité"
        in actions.loc[actions["plan_id"].str.startswith("62") & (actions["action_id"] == "11"), "title"].iloc[0]
    )


# 7. Fitted sheets, as report 02 says ------------------------------------------------------------


def test_the_profile_says_which_sheets_the_classifier_was_fitted_on(tables):
    """Report 02 says the five plans' displayed themes are the readers' annotations the
    classifier was fitted on (fitted_sheets_note); the profile says it with the same
    function, for its own sheets."""
    call = 'A.fitted_sheets_note(t["action_themes"], t["actions"])'
    for name in ("02_themes", "08_profile"):
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        assert any(call in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"), name
    labels = pd.read_csv(ROOT / "schemalab" / "data" / "theme_labels_sheets.csv", dtype=str)
    t = A.edition_tables(tables, "31")
    acts = t["actions"]
    shown = acts[["plan_id", "action_id"]].merge(
        labels[labels["department_code"] == "31"][["action_id", "theme_code"]], on="action_id"
    )
    (line,) = A.fitted_sheets_note(shown, acts).lines
    assert line.startswith(f"Les {len(acts)} fiches montrées ont été annotées à la lecture")


# 8. Calendar words of report 04 -------------------------------------------------------------------


def test_profile_calendar_words_are_report_04s(tables):
    """Haute-Garonne: 1 explicite, 1 relatif ou récurrent, 27 irrécupérables, 3 absents, in
    the words of report 04's status table (STATUS_FR), never « lisible »."""
    t = A.edition_tables(tables, "31")
    words = calendar_words(t["actions"])
    for label, n in zip(STATUS_FR.values(), ("1", "1", "27", "3"), strict=True):
        assert f"« {label} » ({n})" in words
    assert "lisible" not in words
    assert (
        _facts(tables, "31")["Calendriers"] == "explicite : 1, relatif ou récurrent : 1, irrécupérable : 27, absent : 3"
    )
