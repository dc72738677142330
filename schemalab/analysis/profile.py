"""Report 08: one département's profile."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.calendars import STATUS_FR
from schemalab.analysis.display import natural_sort
from schemalab.analysis.loading import select_departments
from schemalab.analysis.money import money_sentences
from schemalab.analysis.overview import overview
from schemalab.analysis.params import ParameterError
from schemalab.analysis.themes import theme_label


def profile_facts(tables: dict[str, pd.DataFrame], code: str) -> pd.DataFrame:
    """Key facts of one département's plan as (rubrique, valeur) rows."""
    plans = tables["plans"]
    p = plans[plans["department_code"] == code]
    if not len(p):
        raise ParameterError(f"aucun schéma pour le département {code!r}")
    p = p.iloc[0]
    sub = select_departments(tables, [code])
    ov = overview(sub).iloc[0]
    status = sub["actions"]["calendar_status"].value_counts()
    facts = [
        ("Schéma", p["title"]),
        ("Période", ov["période"]),
        ("Fichier source", p["source_file"]),
        ("Axes", ov["axes"]),
        ("Fiches actions", ov["fiches actions"]),
        ("Sous-actions", ov["sous-actions"]),
        ("Indicateurs", ov["indicateurs"]),
        ("Acteurs distincts (noms normalisés)", ov["acteurs distincts"]),
        ("Montants nommés", str(ov["montants nommés"])),
        ("Budget annuel de protection de l'enfance cité", ov["budget annuel cité"]),
        ("Fiches qui chiffrent leurs moyens", ov["fiches chiffrées"]),
        ("L'argent du schéma, en une phrase", money_sentences(sub)[0]),
        (
            "Calendriers",
            ", ".join(f"{STATUS_FR[s]} : {int(status.get(s, 0))}" for s in STATUS_FR),
        ),
        ("Actions du schéma précédent revues", len(sub["previous_review"])),
        ("Recommandations de jeunes imprimées", len(sub["youth_recommendations"])),
    ]
    return pd.DataFrame(facts, columns=["rubrique", "valeur"]).astype({"valeur": str})


def axes_table(tables: dict[str, pd.DataFrame], code: str) -> pd.DataFrame:
    """Axes of one département's plan with their number of action sheets."""
    sub = select_departments(tables, [code])
    n = sub["actions"].groupby("axis_id").size()
    axes = sub["axes"].sort_values("position")
    return pd.DataFrame(
        {"axe": axes["axis_id"], "intitulé": axes["title"], "fiches": axes["axis_id"].map(n).fillna(0).astype(int)}
    ).reset_index(drop=True)


def actions_table(tables: dict[str, pd.DataFrame], code: str) -> pd.DataFrame:
    """Action sheets of one département: number, axis, title, theme, calendar, counts."""
    sub = select_departments(tables, [code])
    a = sub["actions"]
    n_ind = sub["indicators"].groupby("action_id").size()
    n_sub = sub["sub_actions"].groupby("action_id").size()
    th = (
        sub["action_themes"].set_index("action_id")["theme_code"] if len(sub["action_themes"]) else pd.Series(dtype=str)
    )
    out = pd.DataFrame(
        {
            "fiche": a["action_id"],
            "axe": a["axis_id"],
            "intitulé": a["title"],
            "thème": a["action_id"].map(th).map(theme_label, na_action="ignore") if len(th) else "thèmes non calculés",
            "calendrier": a["calendar_status"].map(STATUS_FR),
            "sous-actions": a["action_id"].map(n_sub).fillna(0).astype(int),
            "indicateurs": a["action_id"].map(n_ind).fillna(0).astype(int),
        }
    )
    out["thème"] = out["thème"].fillna("sans thème")
    return natural_sort(out, ["fiche"])


def youth_table(tables: dict[str, pd.DataFrame], code: str) -> pd.DataFrame:
    """Recommendations of a youth council printed in one département's plan."""
    sub = select_departments(tables, [code])
    y = sub["youth_recommendations"].sort_values("position")
    return y[["theme", "text"]].rename(columns={"theme": "thème", "text": "recommandation"}).reset_index(drop=True)
