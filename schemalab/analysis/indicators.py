"""Report 05: indicators (expected results included), their kind and measurability.

Measure and target are read at build time (``indicators.measure``, ``target_text``) by
the rules of :mod:`schemalab.extract`; this module only counts and labels them.
"""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import _with_dept, capped_list, french_number, natural_sort
from schemalab.analysis.themes import theme_label
from schemalab.extract import indicator_measure, indicator_target

KIND_FR = {"realisation": "réalisation", "impact": "impact", "resultat": "résultat attendu"}
#: Column of :func:`indicator_table`: where each item is read, ``<raw file>:<line>``.
SOURCE_COL = "source (fichier:ligne)"
#: Column of :func:`indicators_per_action`: the items printed as « Résultats attendus ».
EXPECTED_COL = "dont résultats attendus"
MEASURE_FR = {"count": "comptage", "rate": "taux / part", "delay": "délai / durée", "qualitative": "qualitatif"}


def classify_indicator(text: str) -> tuple[str, bool]:
    """Measurability of one indicator: (count / rate / delay / qualitative, has a target).

    The rules are the build's (:func:`schemalab.extract.indicator_measure`,
    :func:`schemalab.extract.indicator_target`), stored in ``indicators.measure`` and
    ``indicators.target_text``; this helper applies them to a text that is not stored.
    """
    return indicator_measure(text), indicator_target(text) is not None


def indicator_table(indicators: pd.DataFrame, plans: pd.DataFrame, action_themes=None) -> pd.DataFrame:
    """Every indicator (expected results included) with its département, kind (French), the
    heading it was printed under, the stored measure and target (read at build), and where
    it is read: ``<raw file>:<line>`` (:data:`SOURCE_COL`), so every row can be checked in
    the plan text."""
    df = _with_dept(indicators, plans)
    files = dict(zip(plans["plan_id"], plans["source_file"], strict=True)) if "source_file" in plans else {}
    lines = df["line"] if "line" in df else pd.Series(pd.NA, index=df.index)
    df[SOURCE_COL] = [
        f"{files.get(p, p)}:{int(n)}" if pd.notna(n) else f"{files.get(p, p)} (ligne non lue)"
        for p, n in zip(df["plan_id"], lines, strict=True)
    ]
    df["mesure"] = df["measure"].map(MEASURE_FR).fillna("non lu")
    df["cible chiffrée"] = df["target_text"].notna().map({True: "oui", False: "non"})
    df["cible (telle qu'imprimée)"] = df["target_text"].fillna("")
    df["type"] = df["kind"].map(KIND_FR).fillna("non précisé")
    df["rubrique"] = df["heading_raw"].fillna("")
    if action_themes is not None and len(action_themes):
        df = df.merge(action_themes[["plan_id", "action_id", "theme_code"]], how="left", on=["plan_id", "action_id"])
        df["thème"] = df["theme_code"].astype(object).map(theme_label, na_action="ignore").fillna("sans thème")
    else:
        df["thème"] = "thèmes non calculés"
    return df[
        [
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
            SOURCE_COL,
        ]
    ]


def measurability_summary(ind_table: pd.DataFrame) -> pd.DataFrame:
    """Counts per département × (mesure, cible) — the measurability classification."""
    if not len(ind_table):
        return pd.DataFrame(columns=["département", "mesure", "cible chiffrée", "n_indicateurs"])
    out = ind_table.groupby(["département", "mesure", "cible chiffrée"]).size().rename("n_indicateurs").reset_index()
    return out


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


def indicators_by_theme(ind_table: pd.DataFrame) -> pd.DataFrame:
    """Number of indicators per theme and département."""
    if not len(ind_table):
        return pd.DataFrame()
    return pd.crosstab(ind_table["thème"], ind_table["département"])


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
    df = natural_sort(df, ["plan_id", "action_id"])
    return df[["département", "action_id", "title"]].rename(columns={"title": "intitulé"}).reset_index(drop=True)
