"""Report 06: pilots and partners.

Every count reads the stored columns of ``action_actors``: ``canonical_name`` and
``category``, given at build time by the reviewed actor registry
(``schemalab/data/actors.yml``, :mod:`schemalab.actors`). Nothing is renamed or merged
here.
"""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import LIST_LIMIT, _with_dept, capped_list, french_number

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

#: The registry's body for the Département named as a whole (« Conseil départemental »,
#: « services du Département »), not one of its services: a plan that names only it as
#: pilot says who is accountable, not which service pilots.
WHOLE_DEPARTEMENT = "Département (sans service précisé)"

#: Columns of :func:`pilots_summary` saying how finely a plan names its pilots.
PER_SHEET_COL = "pilotes nommés par fiche (moyenne)"
WHOLE_COL = "fiches où le Département pilote sans service nommé"


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


def pilot_sheet_counts(long: pd.DataFrame) -> pd.Series:
    """Number of distinct sheets (fiches) each canonical actor pilots, most first (ties by
    name): a sheet naming a body twice, or two printed names of one body, counts once.

    ``long`` is :func:`actors_long` of one plan (several plans: a sheet is a (plan, action)
    pair, so the counts add up across plans)."""
    p = long[long["role"] == "pilot"]
    if not len(p):
        return pd.Series(dtype=int, name="fiches")
    n = p.drop_duplicates(["plan_id", "action_id", "acteur"]).groupby("acteur").size()
    order = sorted(n.index, key=lambda a: (-n[a], a))
    return n.reindex(order).astype(int).rename("fiches")


def _pilot_naming(long: pd.DataFrame) -> pd.DataFrame:
    """Per plan with a pilot: sheets with a pilot, distinct pilots, mean distinct pilots per
    sheet, sheets where the Département pilots named as a whole (:data:`WHOLE_DEPARTEMENT`)
    and none of its services is named pilot, and the name the plan prints for it."""
    p = long[long["role"] == "pilot"].drop_duplicates(["plan_id", "action_id", "acteur"])
    cols = ["plan_id", "département", "fiches", "distincts", "par_fiche", "seul_departement", "imprime"]
    if not len(p):
        return pd.DataFrame(columns=cols)
    service = (p["catégorie"] == CATEGORY_FR["departement"]) & (p["acteur"] != WHOLE_DEPARTEMENT)
    sheet = p.assign(_whole=p["acteur"] == WHOLE_DEPARTEMENT, _service=service).groupby(["plan_id", "action_id"])
    per_sheet = pd.DataFrame(
        {"n": sheet.size(), "whole": sheet["_whole"].any() & ~sheet["_service"].any()}
    ).reset_index()
    g = per_sheet.groupby("plan_id")
    printed = (
        p[p["acteur"] == WHOLE_DEPARTEMENT]
        .groupby("plan_id")["tel qu'imprimé"]
        .agg(lambda s: s.value_counts().index[0])
    )
    out = pd.DataFrame(
        {
            "fiches": g.size(),
            "distincts": p.groupby("plan_id")["acteur"].nunique(),
            "par_fiche": g["n"].mean(),
            "seul_departement": g["whole"].sum().astype(int),
        }
    ).reset_index()
    out["département"] = out["plan_id"].map(p.drop_duplicates("plan_id").set_index("plan_id")["département"])
    out["imprime"] = out["plan_id"].map(printed)
    return out[cols]


def pilots_summary(long: pd.DataFrame) -> pd.DataFrame:
    """Per département: actions with a pilot, distinct pilots and partners, how finely the
    plan names its pilots (distinct pilots per sheet, sheets piloted by the Département
    named as a whole only), top pilot with the number of sheets it pilots."""
    rows = []
    for d, g in long.groupby("département", sort=True):
        p = g[g["role"] == "pilot"]
        top = pilot_sheet_counts(g)
        nm = _pilot_naming(g)  # one row per edition shown under this label
        sheets = int(nm["fiches"].sum()) if len(nm) else 0
        rows.append(
            {
                "département": d,
                "fiches avec pilote": p["action_id"].nunique(),
                "pilotes distincts": p["acteur"].nunique(),
                PER_SHEET_COL: round(float((nm["par_fiche"] * nm["fiches"]).sum()) / sheets, 1) if sheets else None,
                WHOLE_COL: int(nm["seul_departement"].sum()) if sheets else 0,
                "partenaires distincts": g.loc[g["role"] == "partner", "acteur"].nunique(),
                "pilote le plus fréquent": f"{top.index[0]} ({top.iloc[0]} fiche{'s' if top.iloc[0] > 1 else ''})"
                if len(top)
                else "aucun pilote nommé",
            }
        )
    return pd.DataFrame(rows)


def pilot_naming_statement(long: pd.DataFrame) -> list[str]:
    """« Avant de comparer » of report 06, computed: how finely each plan names its pilots
    (distinct pilots, distinct pilots per sheet, sheets whose only pilot is the Département
    named as a whole), so the counts of pilots and of the Département's services are read
    as the plans' way of naming, not as how each département is organised. [] when fewer
    than two plans name pilots (nothing to compare)."""
    n = _pilot_naming(long)
    if len(n) < 2:
        return []
    whole = n[(n["seul_departement"] == n["fiches"]) & (n["fiches"] > 0)]
    partial = n[(n["seul_departement"] > 0) & (n["seul_departement"] < n["fiches"])]
    out = "Les schémas ne nomment pas leurs pilotes avec la même précision"
    if len(whole):
        quoted = sorted({f"« {x} »" for x in whole["imprime"].dropna()})
        out += (
            f" : {_names_fr([_short(d) for d in whole['département']])} "
            f"nomme{'nt' if len(whole) > 1 else ''} comme pilote de chaque fiche le Département dans son ensemble"
            + (f" ({_names_fr(quoted)})" if quoted else "")
            + ", sans aucun de ses services"
            + _co_pilots(long, whole["plan_id"])
            + " ; "
            + ("d'autres" if len(partial) else "les autres")
            + " nomment des directions, des services ou des postes, parfois plusieurs par fiche"
        )
    for r in partial.itertuples():
        out += (
            f" ; {_short(r.département)} nomme le Département sans service pour "
            f"{french_number(r.seul_departement)} fiche{'s' if r.seul_departement > 1 else ''} sur {french_number(r.fiches)}"
        )
    pairs = [
        f"{_short(r.département)} {french_number(r.distincts)} et {french_number(round(float(r.par_fiche), 1))}"
        for r in n.itertuples()
    ]
    out += (
        ". Pilotes distincts et pilotes nommés par fiche (moyenne) : "
        + capped_list(pairs, " ; ")
        + ". Ces nombres, comme celui des services du Département, comptent les noms que chaque schéma imprime, "
        "pas l'organisation de chaque département."
    )
    return [out]


def _co_pilots(long: pd.DataFrame, plan_ids) -> str:
    """ " (avec l'ARS comme second pilote de 1 fiche)": the other bodies a plan that names
    the Département as a whole names as pilots beside it, so a reader learns of them."""
    p = long[(long["role"] == "pilot") & long["plan_id"].isin(list(plan_ids)) & (long["acteur"] != WHOLE_DEPARTEMENT)]
    if not len(p):
        return ""
    n = p.drop_duplicates(["plan_id", "action_id", "acteur"]).groupby("acteur")["action_id"].nunique()
    parts = [
        f"{a} pour {french_number(int(k))} fiche{'s' if k > 1 else ''}"
        for a, k in n.sort_values(ascending=False).items()
    ]
    return f" (autre{'s' if len(parts) > 1 else ''} pilote{'s' if len(parts) > 1 else ''} nommé{'s' if len(parts) > 1 else ''} à ses côtés : {_names_fr(parts)})"


def _short(label: str) -> str:
    """ "Orne (61)" → "Orne"."""
    return str(label).rsplit(" (", 1)[0]


def _names_fr(items: list[str]) -> str:
    """ "Orne", "Orne et Landes", "A, B et C"; past LIST_LIMIT, capped."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) > LIST_LIMIT:
        return capped_list(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def actors_caveats(long: pd.DataFrame, plans: pd.DataFrame):
    """Report 06's « Avant de comparer »: the reviewed caveats of ``data/caveats.yml``
    (:func:`schemalab.analysis.findings.caveats`) followed by :func:`pilot_naming_statement`,
    in one box (None when there is nothing to say)."""
    from schemalab.analysis.findings import Box, caveats

    box = caveats("06", plans)
    extra = pilot_naming_statement(long)
    if box is None:
        return Box("Avant de comparer", extra, kind="caveats", as_list=True) if extra else None
    box.lines.extend(extra)
    return box


#: Columns of :func:`shared_actors` after the départements.
SHARED_DEPTS = "départements qui le nomment"
SHARED_TOTAL = "fiches, tous schémas"


def shared_actors(long: pd.DataFrame) -> pd.DataFrame:
    """Canonical actors named by at least two départements: per département, the number of
    its fiches that name the actor, as pilot or as partner (a fiche naming it in both roles
    counts once), the number of départements naming it, and the fiches of all plans.

    Plans differ in size (12 to 32 fiches) and in how they name the Département's services
    (Orne names « Conseil départemental » for every pilot, so its DEF, PMI or ODPE count
    0): a count compares how often a plan names a body, not how much the body does. The
    actor and its category are columns (not an index), so every display shows them.
    """
    if not len(long):
        return pd.DataFrame()
    sheets = long.drop_duplicates(["plan_id", "action_id", "acteur"])
    tab = pd.crosstab(sheets["acteur"], sheets["département"])
    tab = tab[(tab > 0).sum(axis=1) >= 2]
    tab = tab.assign(**{SHARED_DEPTS: (tab > 0).sum(axis=1), SHARED_TOTAL: tab.sum(axis=1)})
    tab = tab.sort_values([SHARED_DEPTS, SHARED_TOTAL], ascending=False, kind="mergesort")
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
