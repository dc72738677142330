"""The analysis behind the comparison notebooks: small, tested functions over the tables.

Notebooks stay thin (STYLE.md): each cell calls one function of this module and displays
its result, and every figure comes from :mod:`schemalab.plots`. Everything here takes
plain DataFrames (the tables of :mod:`schemalab.io`) and returns small DataFrames or
strings, so it is unit-tested on hand-made frames (tests/test_analysis.py).

Honesty rules followed throughout:

- an absence is a finding: a plan that names no money, a calendar that could not be
  recovered, an action without indicator, a previous-plan review whose statuses were lost
  are listed explicitly, never dropped from a table;
- nothing is guessed: theme, status and kind come from the tables; classifications made
  here (indicator measurability, actor names) are rule-based and documented;
- plan text is data, never markup: tables are displayed through :func:`show`, which
  HTML-escapes every cell (DESIGN.md, issue 10).

Where the project root is (for notebooks opened in JupyterLab from ``notebooks/``):
:func:`project_root` uses, in order, an explicit argument, the ``SCHEMALAB_ROOT``
environment variable, the checkout the installed ``schemalab`` package lives in, then the
current folder and its parents.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from schemalab.io import StaleDataError, check_fresh, read_table
from schemalab.schema import TABLES

# Parameters ------------------------------------------------------------------------


class ParameterError(ValueError):
    """A notebook or report parameter is not acceptable (message says what is)."""


#: INSEE département codes: 01-95 (2A/2B for Corsica), 971-976 overseas.
_CODE_RE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")
#: A model *name* (not a path): letters, digits, ``-_.`` and one optional ``owner/``.
_MODEL_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$")
CLUSTERS_RANGE = (2, 40)


def validate_department(code, valid_codes) -> str:
    """Check one INSEE code against the départements available.

    Args:
        code: the parameter (e.g. ``"40"``; an int 40 is accepted and turned into "40").
        valid_codes: codes that have a plan (registry or plans table).

    Returns:
        The code as a string.

    Raises:
        ParameterError: naming the bad value and listing the valid codes.
    """
    valid = sorted({str(c) for c in valid_codes})
    text = str(code).strip().upper() if code is not None else ""
    if isinstance(code, int) and not isinstance(code, bool) and 0 < code < 10:
        text = f"0{code}"
    if not _CODE_RE.match(text) or text not in valid:
        raise ParameterError(
            f"département inconnu : {code!r}. Codes valides : {', '.join(valid) or '(aucun schéma construit)'}"
        )
    return text


def validate_departments(codes, valid_codes) -> list[str]:
    """Check a list of INSEE codes; empty or None means every valid code (sorted)."""
    valid = sorted({str(c) for c in valid_codes})
    if codes is None or (isinstance(codes, (list, tuple)) and not codes):
        return valid
    if isinstance(codes, (str, int)):
        codes = [codes]
    out = []
    for c in codes:
        v = validate_department(c, valid)
        if v not in out:
            out.append(v)
    return out


def validate_model(model) -> str | None:
    """A known model name, a model already in the local Hugging Face cache, an existing local
    folder, or None (the theme layer's default).

    Raises:
        ParameterError: for anything else (unknown names are refused, not downloaded).
    """
    if model is None or model == "":
        return None
    if not isinstance(model, str):
        raise ParameterError(f"modèle invalide : {model!r} (un nom de modèle ou un chemin de dossier)")
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser().resolve())
    from schemalab.themes import KNOWN_MODELS

    known = set(KNOWN_MODELS)
    if _MODEL_NAME_RE.match(model) and (model in known or _in_local_hub_cache(model)):
        return model
    raise ParameterError(
        f"modèle inconnu : {model!r}. Modèles connus : {', '.join(sorted(k for k in known if k))}, "
        "un modèle déjà présent dans le cache Hugging Face local, "
        "ou le chemin d'un dossier de modèle sentence-transformers existant"
    )


def _in_local_hub_cache(name: str) -> bool:
    """A sentence-transformers model name already downloaded on this machine (no network)."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    for repo in (name, f"sentence-transformers/{name}") if "/" not in name else (name,):
        try:
            if isinstance(try_to_load_from_cache(repo, "modules.json"), str):
                return True
        except Exception:  # an invalid repo id: not in the cache
            continue
    return False


def validate_clusters(n) -> int | None:
    """None (automatic) or an integer number of clusters within :data:`CLUSTERS_RANGE`."""
    if n is None:
        return None
    lo, hi = CLUSTERS_RANGE
    if isinstance(n, bool) or not isinstance(n, int) or not lo <= n <= hi:
        raise ParameterError(f"nombre de groupes invalide : {n!r} (un entier de {lo} à {hi}, ou None)")
    return n


def validate_count(n, name: str, lo: int, hi: int) -> int:
    """An integer parameter ``name`` within [lo, hi] (ParameterError otherwise)."""
    if isinstance(n, bool) or not isinstance(n, int) or not lo <= n <= hi:
        raise ParameterError(f"paramètre {name} invalide : {n!r} (un entier de {lo} à {hi})")
    return n


# Where the data is -------------------------------------------------------------------


def project_root(root: str | os.PathLike | None = None) -> Path:
    """The schemalab checkout holding data/raw (see the module docstring for the order)."""
    if root:
        return Path(root).resolve()
    if os.environ.get("SCHEMALAB_ROOT"):
        return Path(os.environ["SCHEMALAB_ROOT"]).resolve()
    pkg = Path(__file__).resolve().parents[1]
    if (pkg / "data" / "raw").is_dir():
        return pkg
    for d in [Path.cwd(), *Path.cwd().parents]:
        if (d / "data" / "raw").is_dir() and (d / "pyproject.toml").exists():
            return d
    raise FileNotFoundError("cannot find the schemalab project root: set SCHEMALAB_ROOT to the checkout")


def data_paths(data_dir=None, raw_dir=None) -> tuple[Path, Path]:
    """(data_dir, raw_dir), defaulting to data/processed and data/raw of the project root."""
    root = None
    if data_dir is None or raw_dir is None:
        root = project_root()
    data = Path(data_dir) if data_dir is not None else root / "data" / "processed"
    raw = Path(raw_dir) if raw_dir is not None else root / "data" / "raw"
    return data, raw


def load_tables(data_dir=None, raw_dir=None, names=None) -> dict[str, pd.DataFrame]:
    """Read the tables after refusing stale ones.

    Raises:
        StaleDataError: a table is missing, was built from other raw files or under
            another schema version; the message says to rebuild.
    """
    data, raw = data_paths(data_dir, raw_dir)
    names = list(names or TABLES)
    missing = [n for n in names if not (data / f"{n}.parquet").exists()]
    if missing:
        raise StaleDataError(
            f"tables absentes dans {data} ({', '.join(missing)}) : reconstruisez-les avec "
            "`schemalab build` (ou `make data`)"
        )
    try:
        check_fresh(data, raw, names)
        return {n: read_table(n, data) for n in names}
    except StaleDataError as exc:
        raise StaleDataError(
            f"tables périmées dans {data} : reconstruisez-les avec `schemalab build` (ou `make report`). {exc}"
        ) from exc


def select_departments(tables: dict[str, pd.DataFrame], codes) -> dict[str, pd.DataFrame]:
    """The tables restricted to the plans of départements ``codes``."""
    plans = tables["plans"]
    keep = set(plans.loc[plans["department_code"].isin(list(codes)), "plan_id"])
    return {
        n: (df[df["plan_id"].isin(keep)].reset_index(drop=True) if "plan_id" in df else df) for n, df in tables.items()
    }


# Display ----------------------------------------------------------------------------


class EscapedTable:
    """A DataFrame shown as an HTML table whose every cell and header is escaped text."""

    def __init__(self, df: pd.DataFrame, caption: str | None = None, max_rows: int = 200):
        self.df = df
        self.caption = caption
        self.max_rows = max_rows

    def _repr_html_(self) -> str:
        df = self.df.head(self.max_rows)
        body = df.to_html(
            index=False, escape=True, na_rep="—", border=0, classes="schemalab-table", float_format=_fmt_number
        )
        cap = f"<p><em>{html.escape(self.caption)}</em></p>" if self.caption else ""
        more = f"<p>… {len(self.df) - self.max_rows} lignes de plus</p>" if len(self.df) > self.max_rows else ""
        return cap + body + more

    def __repr__(self) -> str:
        return self.df.to_string(index=False, max_rows=self.max_rows)


def _fmt_number(x) -> str:
    if pd.isna(x):
        return "—"
    if float(x).is_integer():
        return f"{x:,.0f}".replace(",", "\u202f")
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}".replace(",", "\u202f")


def show(df: pd.DataFrame, caption: str | None = None, max_rows: int = 200) -> EscapedTable:
    """Wrap ``df`` for display: plan text in cells is shown as text, never as markup."""
    return EscapedTable(df, caption, max_rows)


class Statement:
    """Sentences of findings, displayed as escaped HTML paragraphs (plain text otherwise)."""

    def __init__(self, lines: list[str]):
        self.lines = list(lines)

    def _repr_html_(self) -> str:
        return "".join(f"<p>{html.escape(line)}</p>" for line in self.lines)

    def __repr__(self) -> str:
        return "\n".join(self.lines)


def say(*lines: str) -> Statement:
    """Display French sentences (built from plan data) safely."""
    return Statement([line for line in lines if line])


# Helpers ----------------------------------------------------------------------------


def natural_key(action_id) -> tuple:
    """Sort key of printed ids: '2' < '10', '1.2' < '1.10'."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-\s]", str(action_id)))


def _fold(text) -> str:
    """Lower-case, accent-free text for matching rules."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def dept_labels(plans: pd.DataFrame) -> dict[str, str]:
    """plan_id → 'Landes (40)'."""
    return {r.plan_id: f"{r.department_name} ({r.department_code})" for r in plans.itertuples()}


def _with_dept(df: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    labels = dept_labels(plans)
    out = df.copy()
    out["département"] = out["plan_id"].map(labels)
    return out


def _fmt_eur(x) -> str:
    if x is None or pd.isna(x):
        return "—"
    return f"{x:,.0f} €".replace(",", "\u202f")


# 1. Overview ------------------------------------------------------------------------


def overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The plans side by side: period, axes, sheets, sub-actions, indicators, actors, money.

    Returns:
        One row per plan (sorted by département code) with French column names.
    """
    plans = tables["plans"].sort_values("department_code")

    def count(name, unique=None):
        df = tables[name]
        if unique:
            return df.drop_duplicates(["plan_id", unique]).groupby("plan_id").size()
        return df.groupby("plan_id").size()

    actors = actors_long(tables["action_actors"], tables["plans"])
    n_actors = actors.drop_duplicates(["plan_id", "acteur"]).groupby("plan_id").size()
    money = tables["budget_lines"].groupby("plan_id")["amount_eur"].agg(["size", "sum"])
    rows = []
    for p in plans.itertuples():
        pid = p.plan_id
        n_money = int(money["size"].get(pid, 0)) if len(money) else 0
        rows.append(
            {
                "département": f"{p.department_name} ({p.department_code})",
                "période": f"{p.period_start}–{p.period_end}",
                "axes": int(count("axes").get(pid, 0)),
                "fiches actions": int(count("actions").get(pid, 0)),
                "sous-actions": int(count("sub_actions").get(pid, 0)),
                "indicateurs": int(count("indicators").get(pid, 0)),
                "acteurs distincts": int(n_actors.get(pid, 0)),
                "montants nommés": n_money,
                "total des montants nommés": _fmt_eur(money["sum"].get(pid)) if n_money else "aucun montant",
            }
        )
    return pd.DataFrame(rows)


def plan_periods(plans: pd.DataFrame) -> pd.DataFrame:
    """label, start, end of every plan, for the timeline figure (sorted by start year)."""
    df = plans.sort_values(["period_start", "department_code"])
    return pd.DataFrame(
        {
            "label": [f"{r.department_name} ({r.department_code})" for r in df.itertuples()],
            "start": df["period_start"].astype(int).to_numpy(),
            "end": df["period_end"].astype(int).to_numpy(),
        }
    )


# 2. Themes --------------------------------------------------------------------------

#: Short French names of the reference taxonomy (../shared/themes.md).
THEME_NAMES: dict[str, str] = {
    "T01": "Périnatalité, PMI, santé du jeune enfant",
    "T02": "Prévention, soutien à la parentalité",
    "T03": "Repérage, IP, évaluation",
    "T04": "Domicile et milieu ouvert",
    "T05": "Accueil familial et tiers",
    "T06": "Accueil en établissement",
    "T07": "Santé, handicap, situations complexes",
    "T08": "Scolarité, culture, sport, loisirs",
    "T09": "Autonomie, jeunes majeurs, insertion",
    "T10": "Mineurs non accompagnés",
    "T11": "Gouvernance, pilotage, partenariats",
    "T12": "Participation, droits, familles",
    "T13": "Professionnels, métiers, formation",
    "T14": "Statut de l'enfant, adoption",
}


def theme_label(code: str) -> str:
    """'T02 Prévention, soutien à la parentalité'."""
    return f"{code} {THEME_NAMES.get(code, '')}".strip()


def themes_available(action_themes: pd.DataFrame, actions: pd.DataFrame) -> Statement | None:
    """None when every action has a theme; else a French statement of what is missing."""
    if not len(actions):
        return say("Aucune fiche action dans les tables.")
    if not len(action_themes):
        return say(
            "Les thèmes n'ont pas encore été calculés (table action_themes vide) : "
            "les figures thématiques de ce rapport sont vides. Lancez `schemalab report` "
            "(ou `make report`) une fois la couche thématique installée."
        )
    keys = set(zip(actions["plan_id"], actions["action_id"], strict=True))
    have = set(zip(action_themes["plan_id"], action_themes["action_id"], strict=True))
    missing = keys - have
    if missing:
        return say(f"{len(missing)} fiche(s) action sur {len(keys)} n'ont pas de thème : elles sont comptées à part.")
    return None


def theme_coverage(action_themes: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares of actions per (département, theme), every theme listed.

    Returns:
        Long frame: département, theme_code, thème, n_actions, share (0-1 of the
        département's themed actions). Empty when no theme was computed.
    """
    cols = ["département", "theme_code", "thème", "n_actions", "share"]
    if not len(action_themes):
        return pd.DataFrame(columns=cols)
    df = _with_dept(action_themes, plans)
    counts = df.groupby(["département", "theme_code"]).size()
    depts = sorted(df["département"].dropna().unique())
    idx = pd.MultiIndex.from_product([depts, list(THEME_NAMES)], names=["département", "theme_code"])
    counts = counts.reindex(idx, fill_value=0).rename("n_actions").reset_index()
    totals = counts.groupby("département")["n_actions"].transform("sum")
    counts["share"] = (counts["n_actions"] / totals.where(totals > 0)).fillna(0.0)
    counts["thème"] = counts["theme_code"].map(theme_label, na_action="ignore")
    return counts[cols]


def theme_matrix(coverage: pd.DataFrame, value: str = "share") -> pd.DataFrame:
    """Wide theme × département matrix of ``value`` (share or n_actions) for the heatmap."""
    if not len(coverage):
        return pd.DataFrame()
    return coverage.pivot(index="thème", columns="département", values=value).astype(float)


def theme_gaps(action_themes: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Actions one département has on a theme that another département has no action on.

    Returns:
        département, thème, action_id, intitulé, absent chez (départements lacking the theme).
    """
    cols = ["département", "thème", "action_id", "intitulé", "absent chez"]
    if not len(action_themes) or plans["plan_id"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    df = _with_dept(action_themes.merge(actions[["plan_id", "action_id", "title"]], how="left"), plans)
    depts = sorted(dept_labels(plans).values())
    has = df.groupby("theme_code")["département"].agg(set)
    rows = []
    for r in df.sort_values(["theme_code", "département"]).itertuples():
        lacking = [d for d in depts if d not in has[r.theme_code]]
        if lacking:
            rows.append([r.département, theme_label(r.theme_code), r.action_id, r.title, ", ".join(lacking)])
    out = pd.DataFrame(rows, columns=cols)
    return natural_sort(out, ["thème", "département", "action_id"])


_NATURAL_COLS = ("action_id", "ref", "fiche")


def natural_sort(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """``df`` sorted by ``by``, printed ids (action_id, ref, fiche) in natural order."""

    def key(i):
        return tuple(natural_key(df[c].iloc[i]) if c in _NATURAL_COLS else (str(df[c].iloc[i]),) for c in by)

    return df.iloc[sorted(range(len(df)), key=key)].reset_index(drop=True)


def clusters(action_themes: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame, max_titles: int = 6):
    """Unsupervised clusters with their label, size, départements and member titles."""
    cols = ["groupe", "libellé", "n_actions", "départements", "exemples de fiches"]
    if not len(action_themes):
        return pd.DataFrame(columns=cols)
    df = _with_dept(action_themes.merge(actions[["plan_id", "action_id", "title"]], how="left"), plans)
    rows = []
    for cid, g in df.groupby("cluster_id", sort=True):
        g = natural_sort(g, ["plan_id", "action_id"])
        titles = [f"{d} n°{a} : {t}" for d, a, t in zip(g["département"], g["action_id"], g["title"], strict=True)]
        rows.append(
            [
                int(cid),
                g["cluster_label"].iloc[0],
                len(g),
                ", ".join(sorted(g["département"].unique())),
                " | ".join(titles[:max_titles]) + (" | …" if len(titles) > max_titles else ""),
            ]
        )
    return pd.DataFrame(rows, columns=cols)


def similar_pairs(data_dir=None, k: int = 15, model=None) -> pd.DataFrame:
    """Most similar action pairs across départements, from the theme layer."""
    import schemalab.themes as themes

    data, _ = data_paths(data_dir, None)
    return themes.similar_pairs(k=k, data_dir=str(data), model=model)


def similar_pairs_view(tables: dict[str, pd.DataFrame], data_dir=None, k: int = 15, model=None):
    """The most similar action pairs across départements, with titles, ready to display.

    Returns a :class:`Statement` (in French) instead of a table when the theme layer
    cannot answer, so the report says so rather than failing.
    """
    try:
        pairs = similar_pairs(data_dir, k=k, model=model)
    except Exception as exc:  # the theme step failing must not hide the rest of the report
        return say(f"Les paires d'actions similaires n'ont pas pu être calculées : {type(exc).__name__}: {exc}")
    keep = set(tables["plans"]["plan_id"])
    pairs = pairs[pairs["plan_id_a"].isin(keep) & pairs["plan_id_b"].isin(keep)]
    if not len(pairs):
        return say("Aucune paire d'actions similaires entre les départements comparés.")
    labels = dept_labels(tables["plans"])
    titles = {
        (p, a): t for p, a, t in zip(*(tables["actions"][c] for c in ("plan_id", "action_id", "title")), strict=True)
    }
    return show(
        pd.DataFrame(
            {
                "département A": pairs["plan_id_a"].map(labels),
                "fiche A": [
                    f"{a} – {titles.get((p, a), '')}"
                    for p, a in zip(pairs["plan_id_a"], pairs["action_id_a"], strict=True)
                ],
                "département B": pairs["plan_id_b"].map(labels),
                "fiche B": [
                    f"{a} – {titles.get((p, a), '')}"
                    for p, a in zip(pairs["plan_id_b"], pairs["action_id_b"], strict=True)
                ],
                "similarité": pairs["score"].astype(float).round(3),
            }
        )
    )


# 3. Budgets -------------------------------------------------------------------------

NATURE_FR = {"planned": "prévu", "consumed": "consommé", "cost_estimate": "coût estimé", "other": "autre"}


def budget_lines_fr(budget_lines: pd.DataFrame, plans: pd.DataFrame, action_themes=None) -> pd.DataFrame:
    """Every named amount with its département, nature in French, theme (if any), context."""
    cols = ["département", "fiche", "thème", "nature", "montant", "année", "contexte", "ligne"]
    if not len(budget_lines):
        return pd.DataFrame(columns=cols)
    df = _with_dept(budget_lines, plans)
    theme = pd.Series(dtype="string")
    if action_themes is not None and len(action_themes):
        df = df.merge(action_themes[["plan_id", "action_id", "theme_code"]], how="left", on=["plan_id", "action_id"])
        theme = df["theme_code"]
    df["thème"] = theme.astype(object).map(theme_label, na_action="ignore") if len(theme) else None
    df["thème"] = df["thème"].where(df["action_id"].notna(), "niveau du schéma")
    out = pd.DataFrame(
        {
            "département": df["département"],
            "fiche": df["action_id"].fillna("schéma"),
            "thème": df["thème"].fillna("sans thème"),
            "nature": df["nature"].map(NATURE_FR),
            "montant": [
                ("plus de " if pd.notna(lb) and bool(lb) else "") + _fmt_eur(a)
                for a, lb in zip(df["amount_eur"], df.get("is_lower_bound", [None] * len(df)), strict=True)
            ],
            "année": df["year"].astype("string").fillna("—") if "year" in df else "—",
            "contexte": df["context"],
            "ligne": df["first_line"],
        }
    )
    return out[cols]


def budget_by(budget_lines: pd.DataFrame, plans: pd.DataFrame, by: str = "nature", action_themes=None):
    """Sum and count of named amounts per département and ``by`` (nature / theme / level).

    ``level`` separates plan-level figures (action_id null) from action amounts.
    Départements that name no money appear with a count of 0.
    """
    df = _with_dept(budget_lines, plans)
    if by == "nature":
        df["clé"] = df["nature"].map(NATURE_FR)
    elif by == "level":
        df["clé"] = df["action_id"].isna().map({True: "niveau du schéma", False: "fiche action"})
    elif by == "theme":
        if action_themes is not None and len(action_themes):
            df = df.merge(
                action_themes[["plan_id", "action_id", "theme_code"]], how="left", on=["plan_id", "action_id"]
            )
            # object first: mapping an all-null string column gives a null-typed Arrow
            # column that refuses the fillna text (every amount plan-level, e.g. Landes)
            df["clé"] = (
                df["theme_code"]
                .astype(object)
                .map(theme_label, na_action="ignore")
                .fillna("sans thème (niveau du schéma)")
            )
        else:
            df["clé"] = "thèmes non calculés"
    else:
        raise ValueError(f"by must be nature, level or theme, not {by!r}")
    agg = df.groupby(["département", "clé"]).agg(n_montants=("amount_eur", "size"), total_eur=("amount_eur", "sum"))
    agg = agg.reset_index()
    absent = [d for d in sorted(dept_labels(plans).values()) if d not in set(agg["département"])]
    if absent:
        agg = pd.concat(
            [agg, pd.DataFrame({"département": absent, "clé": "aucun montant", "n_montants": 0, "total_eur": 0.0})],
            ignore_index=True,
        )
    return agg.rename(columns={"clé": by}).sort_values(["département", by]).reset_index(drop=True)


def budget_trend(budget_lines: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Amounts per (département, year, nature) where the plan dates them (spending trends)."""
    df = _with_dept(budget_lines, plans)
    if "year" not in df or not df["year"].notna().any():
        return pd.DataFrame(columns=["département", "année", "nature", "total_eur"])
    df = df[df["year"].notna()]
    df["nature"] = df["nature"].map(NATURE_FR)
    out = df.groupby(["département", "year", "nature"])["amount_eur"].sum().reset_index()
    return out.rename(columns={"year": "année", "amount_eur": "total_eur"}).astype({"année": int, "total_eur": float})


def money_statement(budget_lines: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """French sentences: where plans name no money at all, or none at action level.

    The absence of money is a finding (DESIGN.md): it is stated, not hidden.
    """
    lines = []
    for p in plans.sort_values("department_code").itertuples():
        b = budget_lines[budget_lines["plan_id"] == p.plan_id]
        n_act = int((actions["plan_id"] == p.plan_id).sum())
        name = f"{p.department_name} ({p.department_code})"
        if not len(b):
            lines.append(
                f"{name} : le schéma ne nomme aucun montant en euros, ni au niveau du schéma ni dans ses {n_act} fiches."
            )
            continue
        with_money = b["action_id"].dropna().nunique()
        plan_level = int(b["action_id"].isna().sum())
        lines.append(
            f"{name} : {len(b)} montant(s) nommé(s), dont {plan_level} au niveau du schéma ; "
            f"{with_money} fiche(s) sur {n_act} nomment un montant"
            + (" (aucune fiche action ne chiffre ses moyens)." if with_money == 0 else ".")
        )
    return lines


# 4. Calendars -----------------------------------------------------------------------

STATUS_FR = {"explicit": "explicite", "unrecoverable": "irrécupérable", "absent": "absent"}


def calendar_status_summary(actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Number of actions per département and calendar status (explicit / unrecoverable / absent)."""
    df = _with_dept(actions, plans)
    tab = pd.crosstab(df["département"], df["calendar_status"]).reindex(columns=list(STATUS_FR), fill_value=0)
    tab.columns = [STATUS_FR[c] for c in tab.columns]
    tab["total"] = tab.sum(axis=1)
    return tab.reset_index()


def calendar_statement(actions: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """French sentences naming unrecoverable and absent calendars."""
    lines = []
    labels = dept_labels(plans)
    for pid, g in actions.groupby("plan_id", sort=True):
        for status, verb in (
            (
                "unrecoverable",
                "ont un calendrier irrécupérable (Gantt dont le grisé a été perdu à la conversion : aucune année n'est inventée)",
            ),
            ("absent", "n'impriment aucun calendrier"),
        ):
            ids = sorted(g.loc[g["calendar_status"] == status, "action_id"], key=natural_key)
            if ids:
                lines.append(f"{labels.get(pid, pid)} : {len(ids)} fiche(s) sur {len(g)} {verb} (n° {', '.join(ids)}).")
    if not lines:
        lines.append("Toutes les fiches des schémas comparés donnent un calendrier explicite.")
    return lines


def calendar_load(calendar: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Actions active per year and département (an action counts once per year)."""
    if not len(calendar):
        return pd.DataFrame(columns=["département", "année", "n_actions"])
    df = _with_dept(calendar.drop_duplicates(["plan_id", "action_id", "year"]), plans)
    out = df.groupby(["département", "year"]).size().rename("n_actions").reset_index()
    return out.rename(columns={"year": "année"}).astype({"année": int, "n_actions": int})


def gantt_rows(calendar: pd.DataFrame, actions: pd.DataFrame, plan_id: str, max_title: int = 60) -> pd.DataFrame:
    """One row per (action, period) of a plan for the Gantt figure.

    Returns:
        action (label "n° – title"), start, end as fractional years (a semester is half a
        year), and whether the schedule is by semester. Actions without schedule are
        absent from the result (they are listed by :func:`calendar_statement`).
    """
    cal = calendar[calendar["plan_id"] == plan_id]
    cols = ["action", "start", "end", "semester"]
    if not len(cal):
        return pd.DataFrame(columns=cols)
    titles = actions[actions["plan_id"] == plan_id].set_index("action_id")["title"]
    rows = []
    for aid, g in cal.groupby("action_id"):
        t = str(titles.get(aid, ""))
        label = f"{aid} – {t[:max_title]}{'…' if len(t) > max_title else ''}"
        cells = set()
        for y, s in zip(g["year"], g["semester"], strict=True):
            if pd.isna(s):
                cells |= {(int(y), 1), (int(y), 2)}
            else:
                cells.add((int(y), int(s)))
        sem = g["semester"].notna().any()
        # merge consecutive half-years into bars
        halves = sorted(y * 2 + (s - 1) for y, s in cells)
        start = prev = halves[0]
        for h in halves[1:] + [None]:
            if h is not None and h == prev + 1:
                prev = h
                continue
            rows.append([label, aid, start / 2, (prev + 1) / 2, bool(sem)])
            if h is not None:
                start = prev = h
    out = pd.DataFrame(rows, columns=["action", "action_id", "start", "end", "semester"])
    order = sorted(out["action_id"].unique(), key=natural_key)
    out["order"] = out["action_id"].map({a: i for i, a in enumerate(order)})
    return out.sort_values(["order", "start"]).drop(columns=["order", "action_id"]).reset_index(drop=True)


# 5. Indicators ----------------------------------------------------------------------

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


# 6. Actors --------------------------------------------------------------------------

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


# 7. Previous plans ------------------------------------------------------------------

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


# 8. Profile -------------------------------------------------------------------------


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
        ("Montants nommés", f"{ov['montants nommés']} ({ov['total des montants nommés']})"),
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
