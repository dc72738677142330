"""Report 07: the review of the previous plan."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import _with_dept, natural_sort

REVIEW_FR = {
    "realise": "réalisé",
    "en_cours": "en cours",
    "partiel": "partiel",
    "non_realise": "non réalisé",
    "unknown": "inconnu",
}


def review_summary(previous_review: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Per plan: rows reviewed, count per status, statuses lost; plans with no review listed."""
    rows = []
    for p in plans.sort_values("department_code").itertuples():
        g = previous_review[previous_review["plan_id"] == p.plan_id]
        row = {"département": f"{p.department_name} ({p.department_code})", "actions revues": len(g)}
        for code, fr in REVIEW_FR.items():
            row[fr] = int((g["status"] == code).sum())
        row["état perdu (non imprimé ou illisible)"] = int(g["status_raw"].isna().sum()) if len(g) else 0
        rows.append(row)
    return pd.DataFrame(rows)


def review_statement(previous_review: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """French sentences: which plans print a review, with statuses or not."""
    lines = []
    for p in plans.sort_values("department_code").itertuples():
        g = previous_review[previous_review["plan_id"] == p.plan_id]
        name = f"{p.department_name} ({p.department_code})"
        if not len(g):
            lines.append(f"{name} : le schéma ne présente pas de bilan action par action du schéma précédent.")
            continue
        known = g[g["status"] != "unknown"]
        if not len(known):
            lines.append(
                f"{name} : {len(g)} actions du schéma précédent sont revues, mais aucun état de réalisation "
                "n'est lisible (perdu à la conversion ou non imprimé) : aucun état n'est deviné."
            )
        else:
            share = len(known) / len(g)
            lines.append(f"{name} : {len(g)} actions revues, état connu pour {len(known)} ({share:.0%}).")
    return lines


def review_rows(previous_review: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """The reviewed actions, French status, for display."""
    df = natural_sort(_with_dept(previous_review, plans), ["plan_id", "ref"])
    df["état"] = df["status"].map(REVIEW_FR)
    return (
        df[["département", "ref", "title", "état", "status_raw"]]
        .rename(columns={"title": "intitulé", "status_raw": "état tel qu'imprimé"})
        .reset_index(drop=True)
    )
