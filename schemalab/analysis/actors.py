"""Report 06: pilots and partners.

Every count reads the stored columns of ``action_actors``: ``canonical_name`` and
``category``, given at build time by the reviewed actor registry
(``schemalab/data/actors.yml``, :mod:`schemalab.actors`). Nothing is renamed or merged
here.
"""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import _with_dept

#: French label of each actor category (the closed vocabulary ``actor_category``).
CATEGORY_FR: dict[str, str] = {
    "departement": "Services du Département",
    "etat": "État",
    "justice": "Justice",
    "sante": "Santé, hôpitaux, ARS",
    "education": "Éducation nationale",
    "securite_sociale": "CAF, MSA, CPAM",
    "mdph": "MDPH",
    "communes": "Communes, intercommunalités",
    "associations": "Associations, établissements, opérateurs",
    "jeunes_familles": "Enfants, jeunes, familles et leurs conseils",
    "autre": "Autres",
}
UNMAPPED_FR = "hors registre (à relire)"


def actors_long(action_actors: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per (action, role, body): the stored canonical name and category.

    Columns: plan_id, action_id, role, acteur (canonical_name), catégorie (French
    label; "hors registre" for a name the registry does not know), tel qu'imprimé
    (name_raw), département.
    """
    df = action_actors
    canon = df["canonical_name"] if "canonical_name" in df else pd.Series(index=df.index, dtype="string")
    cat = df["category"] if "category" in df else pd.Series(index=df.index, dtype="string")
    out = pd.DataFrame(
        {
            "plan_id": df["plan_id"],
            "action_id": df["action_id"],
            "role": df["role"],
            "acteur": canon.fillna(df["name"]).astype("string"),
            "catégorie": cat.map(CATEGORY_FR).fillna(UNMAPPED_FR).astype("string"),
            "tel qu'imprimé": df["name_raw"],
        }
    )
    out = out.drop_duplicates(["plan_id", "action_id", "role", "acteur"])
    return _with_dept(out, plans)


def pilot_partner_matrix(long: pd.DataFrame, top: int = 20, min_departments: int = 1) -> pd.DataFrame:
    """Actions per canonical actor × (département, role): who pilots, who partners.

    Returns:
        Wide frame indexed by actor (the ``top`` most cited), columns "<département> –
        pilote" / "– partenaire", values = number of actions.
    """
    if not len(long):
        return pd.DataFrame()
    n_dept = long.groupby("acteur")["département"].nunique()
    keep = n_dept[n_dept >= min_departments].index
    df = long[long["acteur"].isin(keep)]
    totals = df.groupby("acteur").size()
    order = sorted(totals.index, key=lambda a: (-totals[a], a))[:top]
    df = df[df["acteur"].isin(order)].copy()
    df["colonne"] = df["département"] + " – " + df["role"].map({"pilot": "pilote", "partner": "partenaire"})
    tab = pd.crosstab(df["acteur"], df["colonne"]).reindex(order)
    return tab.reindex(sorted(tab.columns), axis=1)


def pilots_summary(long: pd.DataFrame) -> pd.DataFrame:
    """Per département: actions with a pilot, distinct pilots and partners, top pilot."""
    rows = []
    for d, g in long.groupby("département", sort=True):
        p = g[g["role"] == "pilot"]
        top = p.groupby("acteur").size()
        top = top.iloc[sorted(range(len(top)), key=lambda i: (-top.iloc[i], top.index[i]))] if len(top) else top
        rows.append(
            {
                "département": d,
                "fiches avec pilote": p["action_id"].nunique(),
                "pilotes distincts": p["acteur"].nunique(),
                "partenaires distincts": g.loc[g["role"] == "partner", "acteur"].nunique(),
                "pilote le plus fréquent": f"{top.index[0]} ({top.iloc[0]} fiches)"
                if len(top)
                else "aucun pilote nommé",
            }
        )
    return pd.DataFrame(rows)


def shared_actors(long: pd.DataFrame) -> pd.DataFrame:
    """Canonical actors named by at least two départements, with the number of actions each.

    The actor and its category are columns (not an index), so every display shows them.
    """
    if not len(long):
        return pd.DataFrame()
    tab = pd.crosstab(long["acteur"], long["département"])
    tab = tab[(tab > 0).sum(axis=1) >= 2]
    tab = tab.assign(total=tab.sum(axis=1)).sort_values("total", ascending=False, kind="mergesort")
    cats = long.drop_duplicates("acteur").set_index("acteur")["catégorie"]
    tab.columns.name = None
    out = tab.reset_index()
    out.insert(1, "catégorie", out["acteur"].map(cats))
    return out


def actors_by_category(long: pd.DataFrame, wide_limit: int = 12) -> pd.DataFrame:
    """Distinct bodies per category and département (rows in the registry's category order).

    With more than ``wide_limit`` départements the table is turned: one row per
    département, one column per category, so a national report's table grows down (and
    folds) instead of running 100 columns off the page.
    """
    if not len(long):
        return pd.DataFrame()
    distinct = long.drop_duplicates(["département", "acteur"])
    tab = pd.crosstab(distinct["catégorie"], distinct["département"])
    order = [c for c in [*CATEGORY_FR.values(), UNMAPPED_FR] if c in tab.index]
    tab = tab.reindex(order)
    tab.columns.name = None
    if tab.shape[1] > wide_limit:
        tab = tab.T
        tab.index.name = "département"
        tab.columns.name = None
    return tab.reset_index()
