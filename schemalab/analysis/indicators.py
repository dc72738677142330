"""Report 05: indicators (expected results included), their kind and measurability.

Measure and target are read at build time (``indicators.measure``, ``target_text``) by
the rules of :mod:`schemalab.extract`; this module only counts and labels them.
"""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import (
    LIST_LIMIT,
    NATIONAL,
    _with_dept,
    capped_list,
    french_number,
    line_ref,
    natural_sort,
    shown_text,
)
from schemalab.analysis.themes import THEME_NAMES, theme_label
from schemalab.extract import indicator_measure, indicator_target

KIND_FR = {"realisation": "réalisation", "impact": "impact", "resultat": "résultat attendu"}
#: Column of :func:`indicator_table`: where each item is read, ``<raw file>:<line>``.
SOURCE_COL = "source (fichier:ligne)"
#: Column of :func:`indicators_per_action`: the items printed as « Résultats attendus ».
EXPECTED_COL = "dont résultats attendus"
MEASURE_FR = {"count": "comptage", "rate": "taux / part", "delay": "délai / durée", "qualitative": "qualitatif"}
#: Column of :func:`reader_indicator_table`: where each item is read, « Haute-Garonne, l. 978 »
#: (the plan's file is named in « Provenance »), as in the profiles.
PLAN_LINE_COL = "source dans le schéma"
#: The class :func:`measurability_summary` gives the « résultats attendus » when they are
#: counted apart: statements of intent, whose measure is not compared with the indicators'.
EXPECTED_CLASS = "résultat attendu (énoncé d'intention)"
#: Suffixes of :func:`indicators_by_theme`'s columns when the two kinds are counted apart.
KIND_COLUMN = {False: "indicateurs", True: "résultats attendus"}


def classify_indicator(text: str) -> tuple[str, bool]:
    """Measurability of one indicator: (count / rate / delay / qualitative, has a target).

    The rules are the build's (:func:`schemalab.extract.indicator_measure`,
    :func:`schemalab.extract.indicator_target`), stored in ``indicators.measure`` and
    ``indicators.target_text``; this helper applies them to a text that is not stored.
    """
    return indicator_measure(text), indicator_target(text) is not None


def _indicator_frame(indicators: pd.DataFrame, plans: pd.DataFrame, action_themes=None) -> pd.DataFrame:
    """Every column :func:`indicator_table` and :func:`reader_indicator_table` choose from,
    plan id, line and theme code included, one row per indicator in the input's order."""
    df = _with_dept(indicators, plans).reset_index(drop=True)
    files = dict(zip(plans["plan_id"], plans["source_file"], strict=True)) if "source_file" in plans else {}
    if "line" not in df:
        df["line"] = pd.NA
    df[SOURCE_COL] = [
        f"{files.get(p, p)}:{int(n)}" if pd.notna(n) else f"{files.get(p, p)} (ligne non lue)"
        for p, n in zip(df["plan_id"], df["line"], strict=True)
    ]
    df["mesure"] = df["measure"].map(MEASURE_FR).fillna("non lu")
    df["cible chiffrée"] = df["target_text"].notna().map({True: "oui", False: "non"})
    df["cible (telle qu'imprimée)"] = df["target_text"].fillna("")
    df["type"] = df["kind"].map(KIND_FR).fillna("non précisé")
    df["rubrique"] = df["heading_raw"].fillna("")
    if action_themes is not None and len(action_themes):
        codes = action_themes.drop_duplicates(["plan_id", "action_id"])[["plan_id", "action_id", "theme_code"]]
        df = df.merge(codes, how="left", on=["plan_id", "action_id"])
        df["thème"] = df["theme_code"].astype(object).map(theme_label, na_action="ignore").fillna("sans thème")
    else:
        df["theme_code"] = pd.NA
        df["thème"] = "thèmes non calculés"
    return df


_COLUMNS = [
    "département",
    "action_id",
    "position",
    "text",
    "type",
    "rubrique",
    "mesure",
    "cible chiffrée",
    "cible (telle qu'imprimée)",
    "thème",
]


def indicator_table(indicators: pd.DataFrame, plans: pd.DataFrame, action_themes=None) -> pd.DataFrame:
    """Every indicator (expected results included) with its département, kind (French), the
    heading it was printed under, the stored measure and target (read at build), and where
    it is read: ``<raw file>:<line>`` (:data:`SOURCE_COL`), so every row can be checked in
    the plan text. A reader's report shows :func:`reader_indicator_table` instead."""
    return _indicator_frame(indicators, plans, action_themes)[[*_COLUMNS, SOURCE_COL]]


def reader_indicator_table(indicators: pd.DataFrame, plans: pd.DataFrame, action_themes=None) -> pd.DataFrame:
    """:func:`indicator_table` as report 05 shows it to a reader: the text as repaired where
    the plan's text was damaged (:func:`~schemalab.analysis.display.shown_text`), the theme
    by its name (« Gouvernance, pilotage, partenariats », no code) and the source as
    « Lot-et-Garonne, l. 616 » (:data:`PLAN_LINE_COL`, :func:`~schemalab.analysis.display.line_ref`):
    no file name or folder, the files are named in « Provenance »."""
    ind = indicators.assign(text=shown_text(indicators, "text"))
    df = _indicator_frame(ind, plans, action_themes)
    names = dict(zip(plans["plan_id"], plans["department_name"], strict=True))
    df[PLAN_LINE_COL] = [line_ref(names.get(p, p), n) for p, n in zip(df["plan_id"], df["line"], strict=True)]
    if action_themes is not None and len(action_themes):
        df["thème"] = [
            "sans thème" if c is None or pd.isna(c) else THEME_NAMES.get(str(c), str(c)) for c in df["theme_code"]
        ]
    return df[[*_COLUMNS, PLAN_LINE_COL]]


def measurability_summary(ind_table: pd.DataFrame, expected_apart: bool = False) -> pd.DataFrame:
    """Counts per département × (mesure, cible) — the measurability classification.

    ``expected_apart``: the « résultats attendus » (type ``résultat attendu``) are counted in
    a class of their own, :data:`EXPECTED_CLASS`, instead of comptage / qualitatif…: a
    statement of intent is not compared with an indicator (report 05 compares plans that
    print one or the other); rows are then in the order of the classes, résultats attendus last.
    """
    if not len(ind_table):
        return pd.DataFrame(columns=["département", "mesure", "cible chiffrée", "n_indicateurs"])
    df = ind_table
    if expected_apart:
        df = ind_table.assign(
            mesure=ind_table["mesure"].where(ind_table["type"] != KIND_FR["resultat"], EXPECTED_CLASS)
        )
    out = df.groupby(["département", "mesure", "cible chiffrée"]).size().rename("n_indicateurs").reset_index()
    if expected_apart:
        rank = {m: i for i, m in enumerate([*MEASURE_FR.values(), "non lu", EXPECTED_CLASS])}
        order = out["mesure"].map(rank).fillna(len(rank))
        out = out.assign(_o=order).sort_values(["_o", "cible chiffrée", "département"], kind="stable")
        out = out.drop(columns="_o").reset_index(drop=True)
    return out


def measurability_table(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`measurability_summary` as a table for a reader: the count is of indicators or
    of résultats attendus (the class says which), so its header says « nombre »."""
    return summary.rename(columns={"n_indicateurs": "nombre"})


def indicators_per_action(indicators: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Distribution of the number of indicators per action, per département (0 included),
    and how many of them the plan prints as « Résultats attendus » (:data:`EXPECTED_COL`):
    the count mixes the two kinds, the column says which département's items are which."""
    n = indicators.groupby(["plan_id", "action_id"]).size().rename("n")
    df = actions[["plan_id", "action_id"]].merge(n.reset_index(), how="left").fillna({"n": 0})
    df = _with_dept(df, plans)
    out = df.groupby("département")["n"].agg(
        fiches="size", indicateurs="sum", moyenne="mean", minimum="min", maximum="max"
    )
    out["fiches sans indicateur"] = df.assign(z=df["n"] == 0).groupby("département")["z"].sum()
    expected = _with_dept(indicators[_is_expected(indicators)], plans).groupby("département").size()
    out = out.reset_index().astype({"indicateurs": int, "minimum": int, "maximum": int, "fiches sans indicateur": int})
    out.insert(3, EXPECTED_COL, out["département"].map(expected).fillna(0).astype(int))
    # Plans print "Indicateurs" or "Résultats attendus": both are counted, and said.
    return out.rename(columns={"indicateurs": "indicateurs (dont résultats attendus)"})


def _is_expected(indicators: pd.DataFrame) -> pd.Series:
    """Rows printed as « Résultats attendus » (kind ``resultat``)."""
    if "kind" not in indicators:
        return pd.Series(False, index=indicators.index)
    return (indicators["kind"] == "resultat").fillna(False).astype(bool)


def expected_results_note(indicators: pd.DataFrame, plans: pd.DataFrame) -> str:
    """One French sentence naming the départements whose items are mostly « résultats
    attendus » (with their share), so a count or a rank of "indicateurs" across départements
    is not read as comparing the same thing; "" when no plan prints expected results."""
    if not len(indicators) or not len(plans):
        return ""
    names = {r.plan_id: str(r.department_name) for r in plans.itertuples()}
    exp = indicators[_is_expected(indicators)].groupby("plan_id").size()
    tot = indicators.groupby("plan_id").size()
    mostly = [p for p in plans["plan_id"] if exp.get(p, 0) * 2 > tot.get(p, 0) > 0]
    if not mostly:
        return ""
    parts = [f"{names[p]} ({french_number(exp[p])} sur {french_number(tot[p])})" for p in mostly]
    verb = "imprime" if len(mostly) == 1 else "impriment"
    rest = len(plans) - len(mostly)
    others = (
        " là où les autres impriment des indicateurs"
        if rest > 1
        else (" là où l'autre imprime des indicateurs" if rest == 1 else "")
    )
    return (
        f"Indicateurs : {capped_list(parts, ' ; ') if len(parts) > 2 else ' et '.join(parts)} {verb} des "
        f"« résultats attendus » (des énoncés d'intention){others} ; un nombre d'« indicateurs » compte "
        "des énoncés de nature différente d'un schéma à l'autre et ne classe pas les schémas."
    )


def _theme_order(labels) -> list:
    """Themes in the order of the taxonomy (T01…T14, by code or by name), others after."""
    rank = {}
    for i, (code, name) in enumerate(THEME_NAMES.items()):
        rank[code] = rank[name] = rank[theme_label(code)] = i
    return sorted(labels, key=lambda x: (rank.get(x, len(THEME_NAMES)), str(x)))


def indicators_by_theme(ind_table: pd.DataFrame, expected_apart: bool = False) -> pd.DataFrame:
    """Number of indicators per theme (rows, in the taxonomy's order) and département.

    ``expected_apart``: when a plan prints « résultats attendus », they get a column of their
    own (« Haute-Garonne (31) : résultats attendus », beside « Haute-Garonne (31) :
    indicateurs » when the plan prints both), so no cell adds statements of intent to
    indicators; not with more than :data:`~schemalab.analysis.display.NATIONAL` départements
    (one column each: :func:`expected_share_note` then says the counts)."""
    if not len(ind_table):
        return pd.DataFrame()
    expected = ind_table["type"] == KIND_FR["resultat"]
    split = expected_apart and expected.any() and ind_table["département"].nunique() <= NATIONAL
    if split:
        cols = [f"{d} : {KIND_COLUMN[bool(e)]}" for d, e in zip(ind_table["département"], expected, strict=True)]
        col = pd.Series(cols, index=ind_table.index, name="département")
    else:
        col = ind_table["département"]
    out = pd.crosstab(ind_table["thème"], col)
    return out.loc[_theme_order(out.index)]


def expected_share_note(ind_table: pd.DataFrame) -> str:
    """One French sentence: how many of each plan's counted items are « résultats attendus »
    (« Haute-Garonne (31) 108 sur 113 »), the plans that print none named together; "" when
    nothing is counted. Said under a chart or table that counts both kinds together."""
    if not len(ind_table):
        return ""
    expected = ind_table["type"] == KIND_FR["resultat"]
    tot = ind_table.groupby("département", sort=False).size()
    exp = expected.groupby(ind_table["département"], sort=False).sum()
    some = [f"{d} {french_number(exp[d])} sur {french_number(tot[d])}" for d in tot.index if exp[d] > 0]
    none = [d for d in tot.index if exp[d] == 0]
    if not some:
        return (
            "Aucun schéma comparé n'imprime de « résultats attendus » : tous les éléments comptés sont des indicateurs."
        )
    head = "« Résultats attendus » parmi les éléments comptés pour chaque schéma : " + capped_list(some, " ; ")
    if not none:
        return head + "."
    verb = "n'imprime" if len(none) == 1 else "n'impriment"
    if len(none) > LIST_LIMIT:
        names = capped_list(none)
    else:
        names = none[0] if len(none) == 1 else f"{', '.join(none[:-1])} et {none[-1]}"
    return f"{head} ; {names} {verb} que des indicateurs."


def headings_summary(ind_table: pd.DataFrame) -> pd.DataFrame:
    """Indicators per département and the heading they were printed under, as printed
    ("Indicateurs", "Résultats attendus", "Indicateurs – Réalisation"…)."""
    if not len(ind_table):
        return pd.DataFrame()
    out = ind_table.groupby(["département", "rubrique", "type"]).size().rename("indicateurs").reset_index()
    return out.rename(columns={"rubrique": "rubrique imprimée"})


def kinds_summary(ind_table: pd.DataFrame) -> pd.DataFrame:
    """Indicators per département and kind (réalisation / impact / résultat / non précisé)."""
    if not len(ind_table):
        return pd.DataFrame()
    return pd.crosstab(ind_table["département"], ind_table["type"]).reset_index()


def actions_without_indicator(indicators: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Actions that name no indicator (and no expected result)."""
    have = set(zip(indicators["plan_id"], indicators["action_id"], strict=True))
    mask = [(p, a) not in have for p, a in zip(actions["plan_id"], actions["action_id"], strict=True)]
    df = _with_dept(actions[mask], plans)
    df = natural_sort(df, ["plan_id", "action_id"]).assign(title=lambda d: shown_text(d, "title"))
    return df[["département", "action_id", "title"]].rename(columns={"title": "intitulé"}).reset_index(drop=True)
