"""Report 06: pilots and partners."""

from __future__ import annotations

import re

import pandas as pd

from schemalab.analysis.display import _fold, _with_dept

#: (canonical name, accent-free lower-case pattern). First match wins: specific
#: institutions before the generic "Département" services they may be printed under.
ACTOR_RULES: tuple[tuple[str, str], ...] = (
    ("CAF", r"\bcaf\b|caisses? d'allocations? familiales"),
    ("MSA", r"\bmsa\b|mutualite sociale agricole"),
    ("CPAM", r"\bcpam\b|assurance maladie"),
    ("ARS", r"\bars\b|agence regionale de sante"),
    ("PJJ", r"\bpjj\b|protection judiciaire de la jeunesse"),
    ("Éducation nationale", r"education nationale|\bdsden\b|inspection academique|\brectorat\b|\bacademie\b|\bcio\b"),
    ("MDPH", r"\bmdph\b|maison departementale des personnes handicapees"),
    ("Justice (juges, parquet)", r"\bjuges?\b|\btribunal|\btgi\b|\bparquet\b|magistrat|\bjustice\b|\bcjpe\b"),
    ("Police, gendarmerie", r"\bpolice\b|gendarmerie"),
    ("PMI", r"\bpmi\b|protection maternelle"),
    ("CRIP", r"\bcrip\b|cellule de recueil"),
    ("ODPE / observatoire", r"\bodpe\b|\bolpe\b|observatoire"),
    ("Missions locales", r"missions? locales?"),
    ("France Travail", r"france travail|pole emploi"),
    (
        "Hôpital, pédopsychiatrie",
        r"hopita|hospitali|\bchu\b|\bch\b|centre hospitalier|pedopsychiatr|psychiatr|\bcmp\b|\bcmpp\b",
    ),
    ("État, préfecture", r"\betat\b|prefect|\bprefet|\bddets\b|\bdreets\b"),
    ("Région", r"\bregion\b"),
    ("Communes, intercommunalités", r"\bcommunes?\b|\bccas\b|intercommunal|collectivites|\bmairies?\b"),
    ("Associations, opérateurs", r"associati|operateurs?|\bmecs\b|lieux? de vie|etablissements?|\bsessad\b|\bime\b"),
    ("Assistants familiaux", r"assistants? familia"),
    (
        "Département (services)",
        r"\bdef\b|\bdefi\b|\bdgads\b|\base\b|aide sociale a l'enfance|direction|departement|conseil departemental|"
        r"\bpole\b|\bservice\b|\bcirconscription|\bmds\b|\bcms\b|\bchef|charge(e)? de mission|\bresponsable",
    ),
)
_ACTOR_RES = tuple((name, re.compile(p)) for name, p in ACTOR_RULES)


def split_actors(name: str) -> list[str]:
    """Split a printed actor list ('CAF, MSA', 'CAF / CPAM') on separators outside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in str(name):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in ",;/":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    out = []
    for p in parts:
        p = re.sub(r"\s+", " ", p).strip(" .-–…*")
        p = re.sub(r"^(et|ainsi que)\s+", "", p, flags=re.I)
        if p:
            out.append(p)
    return out


def normalise_actor(name: str) -> str:
    """Canonical name of one actor ('Caisse d'allocations familiales' → 'CAF').

    Unknown actors keep their cleaned printed name (first letter upper-cased), so nothing
    is silently merged.
    """
    if re.fullmatch(r"\s*EN\s*", str(name)):  # the abbreviation, printed alone (Orne); "en" is a word
        return "Éducation nationale"
    folded = _fold(name)
    # What the parentheses say is a detail ("Collectivités (via les CTG, CAF)"): match
    # the words outside them first.
    outside = re.sub(r"\([^)]*\)?", " ", folded)
    for text in (outside, folded):
        for canon, rx in _ACTOR_RES:
            if rx.search(text):
                return canon
    clean = re.sub(r"\s+", " ", str(name)).strip()
    return clean[:1].upper() + clean[1:]


def normalise_actors(name: str) -> list[str]:
    """Canonical names of a printed actor cell (split, normalised, de-duplicated, in order)."""
    out = []
    for part in split_actors(name):
        c = normalise_actor(part)
        if c not in out:
            out.append(c)
    return out


def actors_long(action_actors: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """One row per (action, role, canonical actor): the printed cells split and normalised."""
    rows = []
    for r in action_actors.itertuples():
        for canon in normalise_actors(r.name):
            rows.append((r.plan_id, r.action_id, r.role, canon, r.name))
    df = pd.DataFrame(rows, columns=["plan_id", "action_id", "role", "acteur", "tel qu'imprimé"])
    df = df.drop_duplicates(["plan_id", "action_id", "role", "acteur"])
    return _with_dept(df, plans)


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
    totals = df.groupby("acteur").size().sort_values(ascending=False, kind="mergesort")
    totals = totals.groupby(totals).head(len(totals))  # stable order on ties
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
        top = p.groupby("acteur").size().sort_values(ascending=False, kind="mergesort")
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
    """Canonical actors named by at least two départements, with the number of actions each."""
    if not len(long):
        return pd.DataFrame()
    tab = pd.crosstab(long["acteur"], long["département"])
    tab = tab[(tab > 0).sum(axis=1) >= 2]
    return tab.assign(total=tab.sum(axis=1)).sort_values("total", ascending=False, kind="mergesort")
