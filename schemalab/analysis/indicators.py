"""Report 05: indicators, their kind and measurability."""

from __future__ import annotations

import re

import pandas as pd

from schemalab.analysis.display import _fold, _with_dept, natural_sort
from schemalab.analysis.themes import theme_label

KIND_FR = {"realisation": "réalisation", "impact": "impact", "resultat": "résultat attendu"}
MEASURE_FR = {"count": "comptage", "rate": "taux / part", "delay": "délai / durée", "qualitative": "qualitatif"}

_DELAY = re.compile(r"\b(delais?|duree|temps (moyen|d'attente|de traitement)|nombre de (jours|mois)|anciennete)\b")
_RATE = re.compile(r"(\btaux\b|pourcentage|\bpart\b|\bproportion|\bratio\b|%|pour ?cent|\bratio)")
_COUNT = re.compile(r"(\bnombres?\b|\bnb\b|\bnbre\b|\beffectifs?\b|\bcombien\b|\bvolume\b|\bfile active\b|\bquantite)")
_TARGET = re.compile(
    r"(\d+(?:[,.]\d+)?\s*%|\bcibles?\b|\bobjectif (de|:|chiffre|fixe|vise)|\batteindre\b|\bau moins\b|"
    r"\bau minimum\b|\bd'ici (a |fin )?(19|20)\d\d\b|\bpar an\b.*\d|[<>]=?\s*\d|[≥≤]\s*\d|"
    r"\b(inferieure?s?|superieure?s?|moins de|plus de|maximum|minimum|jusqu'a)\b\D{0,12}\d)"
)
_NUMBER = re.compile(r"(?<![\d/])(?!(?:19|20)\d\d\b)\d+(?:[,.]\d+)?(?![\d/])")


def classify_indicator(text: str) -> tuple[str, bool]:
    """Measurability of one indicator: (count / rate / delay / qualitative, has a target).

    Rules (accent-insensitive), first match wins: a delay or duration ("délai", "durée",
    "temps moyen", "nombre de jours") is a *delay*; a rate or share ("taux", "part",
    "pourcentage", "%") a *rate*; a count ("nombre", "nb", "effectif") a *count*; anything
    else (a deliverable, a milestone, an evolution in words) is *qualitative*. A *target*
    is a stated value to reach: a percentage, "cible", "objectif de", "atteindre", "au
    moins", a deadline "d'ici 2026", or a number that is not a year.
    """
    t = _fold(text)
    if _DELAY.search(t):
        measure = "delay"
    elif _RATE.search(t):
        measure = "rate"
    elif _COUNT.search(t):
        measure = "count"
    else:
        measure = "qualitative"
    target = bool(_TARGET.search(t))
    if not target:
        # a bare number that is not part of a name ("18 ans et 6 mois" is an age, "1/1" a ratio)
        nums = [m for m in _NUMBER.finditer(t) if not re.match(r"\s*(ans?|mois|jours?)\b", t[m.end() :])]
        target = bool(nums)
    return measure, target


def indicator_table(indicators: pd.DataFrame, plans: pd.DataFrame, action_themes=None) -> pd.DataFrame:
    """Every indicator with its département, kind (French), measurability and target."""
    df = _with_dept(indicators, plans)
    cls = df["text"].map(classify_indicator)
    df["mesure"] = cls.map(lambda x: MEASURE_FR[x[0]])
    df["cible chiffrée"] = cls.map(lambda x: "oui" if x[1] else "non")
    df["type"] = df["kind"].map(KIND_FR).fillna("non précisé")
    if action_themes is not None and len(action_themes):
        df = df.merge(action_themes[["plan_id", "action_id", "theme_code"]], how="left", on=["plan_id", "action_id"])
        df["thème"] = df["theme_code"].astype(object).map(theme_label, na_action="ignore").fillna("sans thème")
    else:
        df["thème"] = "thèmes non calculés"
    return df[["département", "action_id", "position", "text", "type", "mesure", "cible chiffrée", "thème"]]


def measurability_summary(ind_table: pd.DataFrame) -> pd.DataFrame:
    """Counts per département × (mesure, cible) — the measurability classification."""
    if not len(ind_table):
        return pd.DataFrame(columns=["département", "mesure", "cible chiffrée", "n_indicateurs"])
    out = ind_table.groupby(["département", "mesure", "cible chiffrée"]).size().rename("n_indicateurs").reset_index()
    return out


def indicators_per_action(indicators: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Distribution of the number of indicators per action, per département (0 included)."""
    n = indicators.groupby(["plan_id", "action_id"]).size().rename("n")
    df = actions[["plan_id", "action_id"]].merge(n.reset_index(), how="left").fillna({"n": 0})
    df = _with_dept(df, plans)
    out = df.groupby("département")["n"].agg(
        fiches="size", indicateurs="sum", moyenne="mean", minimum="min", maximum="max"
    )
    out["fiches sans indicateur"] = df.assign(z=df["n"] == 0).groupby("département")["z"].sum()
    return out.reset_index().astype({"indicateurs": int, "minimum": int, "maximum": int, "fiches sans indicateur": int})


def indicators_by_theme(ind_table: pd.DataFrame) -> pd.DataFrame:
    """Number of indicators per theme and département."""
    if not len(ind_table):
        return pd.DataFrame()
    return pd.crosstab(ind_table["thème"], ind_table["département"])


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
