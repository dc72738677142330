"""Report 03: the named amounts."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import _fmt_eur, _with_dept, dept_labels
from schemalab.analysis.themes import theme_label

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

    Kept for existing callers; the sum adds every scope and period (annual budgets,
    totals and their components, repeats): the reports use :func:`money_comparison`
    and :func:`money_figures` instead.

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
    """Amounts per (département, year, nature) where the plan dates them.

    Kept for existing callers; it adds items of one year together (ASE + PMI + TOTAL):
    the reports draw :func:`annual_budget_series` instead, one line per printed item."""
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


# Money you can compare (issue 18): every figure below adds only like with like --------

SCOPE_FR = {
    "action": "fiches actions",
    "plan_envelope": "enveloppes du schéma",
    "annual_budget": "budget annuel du département",
    "previous_plan": "bilan du schéma précédent",
    "third_party": "autres financeurs",
    "outside_scope": "hors protection de l'enfance",
    "unknown": "portée non dite",
}
PERIODICITY_FR = {
    "one_off": "ponctuel",
    "per_year": "par an",
    "per_month": "par mois",
    "unit_rate": "tarif unitaire",
    "unknown": "périodicité non dite",
}
ROLE_FR = {"single": "montant seul", "component": "composante", "total": "total", "variation": "variation"}
#: Periodicities whose amounts may be added within one scope (never across two).
_ADDABLE = ("one_off", "per_year", "per_month")


def fmt_meur(x, *, lower_bound: bool = False) -> str:
    """An amount in M€ with a French decimal comma ("212,1 M€"); below 0,1 M€ in euros
    ("500 €"), so that a small amount is not printed as "0,0 M€"."""
    if x is None or pd.isna(x):
        return "—"
    prefix = "plus de " if lower_bound else ""
    if abs(x) >= 100_000:
        return prefix + f"{x / 1e6:,.1f} M€".replace(",", "\u202f").replace(".", ",")
    return prefix + f"{x:,.0f} €".replace(",", "\u202f")


def _qualified(budget_lines: pd.DataFrame) -> pd.DataFrame:
    """budget_lines with the qualification columns present (null → unknown / single)."""
    df = budget_lines.copy()
    if "scope" not in df:
        df["scope"] = None
    # an unqualified amount printed in a sheet is its action's money (the parsers' rule)
    df["scope"] = (
        df["scope"]
        .astype(object)
        .where(df["scope"].notna(), df["action_id"].map(lambda a: "unknown" if pd.isna(a) else "action"))
    )
    for col, default in (("scope", "unknown"), ("periodicity", "unknown"), ("role", "single")):
        if col not in df:
            df[col] = default
        df[col] = df[col].astype(object).where(df[col].notna(), default)
    for col in ("part_of", "duplicate_of", "year", "payer"):
        if col not in df:
            df[col] = None
    if "is_lower_bound" not in df:
        df["is_lower_bound"] = False
    return df


def countable(budget_lines: pd.DataFrame) -> pd.DataFrame:
    """The amounts a sum may add: repeats (``duplicate_of``), variations and totals whose
    components are printed are left out, and a component is left out when the amount it
    belongs to (or that amount's first mention) is kept: a "dont" part of a kept amount.
    Nothing else is dropped."""
    df = _qualified(budget_lines)
    first = {
        (pid, int(pos)): (pid, int(dup))
        for pid, pos, dup in zip(df["plan_id"], df["position"], df["duplicate_of"], strict=True)
        if pd.notna(dup)
    }
    kept = df[df["duplicate_of"].isna() & ~df["role"].isin(["variation", "total"])]
    kept_keys = set(zip(kept["plan_id"], kept["position"].astype(int), strict=True))

    def parent_kept(pid, part_of) -> bool:
        if pd.isna(part_of):
            return False
        key = (pid, int(part_of))
        while key in first:
            key = first[key]
        return key in kept_keys

    drop = [parent_kept(pid, po) for pid, po in zip(kept["plan_id"], kept["part_of"], strict=True)]
    return kept[pd.Series([not d for d in drop], index=kept.index, dtype=bool)]


def money_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per plan, scope and periodicity: how many amounts and, where they may be added,
    their sum (``total_eur``); never a sum across scopes or periodicities.

    Rows kept: :func:`countable` amounts. Unit rates and amounts whose period the plan
    does not give are counted, never added (``total_eur`` null). The département's
    annual budget is not summed either (years and items): see :func:`annual_budget`.
    """
    cols = ["département", "plan_id", "portée", "périodicité", "n_montants", "total_eur"]
    plans = tables["plans"].sort_values("department_code")
    df = _with_dept(countable(tables["budget_lines"]), plans)
    rows = []
    for (dept, pid, scope, period), g in df.groupby(["département", "plan_id", "scope", "periodicity"], sort=False):
        addable = period in _ADDABLE and scope != "annual_budget"
        rows.append(
            [dept, pid, SCOPE_FR[scope], PERIODICITY_FR[period], len(g), g["amount_eur"].sum() if addable else None]
        )
    out = pd.DataFrame(rows, columns=cols)
    order = {s: i for i, s in enumerate(SCOPE_FR.values())}
    if len(out):
        out = out.sort_values(["plan_id", "portée"], key=lambda s: s.map(order) if s.name == "portée" else s)
    return out.reset_index(drop=True).astype({"total_eur": float})


def annual_budget(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per plan, the département's annual child-protection budget the plan cites, or
    "non cité": the most recent year spent (CA, "la dépense … atteint") before one
    forecast (BP); a figure without a year last. Only ``scope = annual_budget`` rows
    that are a whole (``role`` single or total), never a repeat, a variation or a part.
    """
    plans = tables["plans"].sort_values("department_code")
    b = _qualified(tables["budget_lines"])
    b = b[(b["scope"] == "annual_budget") & b["role"].isin(["single", "total"]) & b["duplicate_of"].isna()]
    b = b.assign(_y=b["year"].fillna(-1).astype(int), _spent=(b["nature"] == "consumed").astype(int))
    # each plan's best row in one stable sort of every plan's rows (a sort per plan made this
    # the costliest part of overview at 100 plans); ties keep the rows' order, as before
    ranked = b.sort_values(["_spent", "_y", "first_line"], ascending=[False, False, True], kind="stable")
    best_of = ranked.drop_duplicates("plan_id").set_index("plan_id")
    rows = []
    for p in plans.itertuples():
        dept = f"{p.department_name} ({p.department_code})"
        if p.plan_id not in best_of.index:
            rows.append([dept, p.plan_id, "non cité", None, None, None, None, None])
            continue
        best = best_of.loc[p.plan_id]
        year = None if pd.isna(best["year"]) else int(best["year"])
        lb = bool(best["is_lower_bound"]) if pd.notna(best["is_lower_bound"]) else False
        label = fmt_meur(best["amount_eur"], lower_bound=lb) + (" par an" if year is None else f" en {year}")
        rows.append(
            [
                dept,
                p.plan_id,
                label,
                float(best["amount_eur"]),
                year,
                NATURE_FR.get(best["nature"]),
                int(best["first_line"]),
                best["context"],
            ]
        )
    return pd.DataFrame(
        rows,
        columns=["département", "plan_id", "budget annuel cité", "montant_eur", "année", "nature", "ligne", "contexte"],
    ).astype({"montant_eur": float, "année": "Int64", "ligne": "Int64"})


def money_comparison(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The plans' money side by side, one row per plan (French columns):

    - **budget annuel cité**: :func:`annual_budget` (amount, year, nature, raw line) or
      "non cité";
    - **fiches chiffrées**: sheets naming at least one amount of their own / sheets;
    - **fiches : ponctuel / par an / autre**: money committed by actions (``scope =
      action``, repeats and totals out), one-off and per-year never added together;
    - **enveloppes du schéma**: the same for money the plan commits beyond one sheet;
    - **schéma précédent / autres financeurs / hors champ**: how many amounts, shown
      apart and never added to the plan's money.
    """
    plans = tables["plans"].sort_values("department_code")
    budget = annual_budget(tables).set_index("plan_id")
    figures = money_figures(tables)
    allb = _qualified(tables["budget_lines"])
    actions = tables["actions"]

    # every per-plan figure looked up in dicts built in one pass (a filter per plan and cell
    # made this quadratic: 8 s at 100 plans, and each profile computes it for every plan)
    fig_at: dict[tuple, tuple] = {}
    for pid, scope, period, n, tot in zip(
        figures["plan_id"],
        figures["portée"],
        figures["périodicité"],
        figures["n_montants"],
        figures["total_eur"],
        strict=True,
    ):
        fig_at.setdefault((pid, scope, period), (n, tot))
    n_scope = allb.groupby(["plan_id", "scope"]).size().to_dict() if len(allb) else {}
    n_sheets = actions.groupby("plan_id")["action_id"].nunique().to_dict() if len(actions) else {}
    acted = allb[allb["scope"] == "action"]
    n_costed = acted.groupby("plan_id")["action_id"].nunique().to_dict() if len(acted) else {}

    def cell(pid, scope, periods):
        parts = []
        for period in periods:
            if (pid, SCOPE_FR[scope], PERIODICITY_FR[period]) in fig_at:
                n, tot = fig_at[(pid, SCOPE_FR[scope], PERIODICITY_FR[period])]
                n = int(n)
                what = fmt_meur(tot) if pd.notna(tot) else f"{n} montant{'s' if n > 1 else ''}"
                parts.append(
                    f"{what} {PERIODICITY_FR[period]}" if pd.notna(tot) else f"{what} ({PERIODICITY_FR[period]})"
                )
        return " ; ".join(parts) or "—"

    def count(pid, scope):
        return int(n_scope.get((pid, scope), 0))

    rows = []
    for p in plans.itertuples():
        pid = p.plan_id
        bud = budget.loc[pid]
        sheets = int(n_sheets.get(pid, 0))
        costed = int(n_costed.get(pid, 0))
        rows.append(
            {
                "département": f"{p.department_name} ({p.department_code})",
                "budget annuel cité": bud["budget annuel cité"],
                "nature": "—" if pd.isna(bud["nature"]) else bud["nature"],
                "ligne": bud["ligne"],
                "fiches chiffrées": f"{costed} / {sheets}",
                "fiches : ponctuel et par an": cell(pid, "action", ("one_off", "per_year")),
                "fiches : autre périodicité": cell(pid, "action", ("per_month", "unit_rate", "unknown")),
                "enveloppes du schéma": cell(pid, "plan_envelope", tuple(PERIODICITY_FR)),
                "schéma précédent (montants)": count(pid, "previous_plan"),
                "autres financeurs (montants)": count(pid, "third_party"),
                "hors champ (montants)": count(pid, "outside_scope"),
            }
        )
    return pd.DataFrame(rows).astype({"ligne": "Int64"})


def money_sentences(tables: dict[str, pd.DataFrame]) -> list[str]:
    """One French sentence per département: what its plan cites and does not cite."""
    comp = money_comparison(tables)
    budget = annual_budget(tables)
    series = annual_budget_series(tables)
    allb = _qualified(tables["budget_lines"])
    out = []
    for p, row, bud in zip(
        tables["plans"].sort_values("department_code").itertuples(),
        comp.itertuples(index=False),
        budget.itertuples(index=False),
        strict=True,
    ):
        b = allb[allb["plan_id"] == p.plan_id]
        name = f"{p.department_name} ({p.department_code})"
        if not len(b):
            out.append(f"{name} : le schéma ne cite aucun montant en euros, ni budget annuel ni coût d'action.")
            continue
        parts = []
        if bud[2] == "non cité":
            parts_cited = b[(b["scope"] == "annual_budget")]
            if len(parts_cited):
                parts.append(
                    "ne cite pas le total de son budget annuel de protection de l'enfance, seulement "
                    + ", ".join(
                        f"{fmt_meur(a)} (l. {int(n)})"
                        for a, n in zip(parts_cited["amount_eur"], parts_cited["first_line"], strict=True)
                    )
                    + " qui en sont des parties"
                )
            else:
                parts.append("ne cite pas de budget annuel de protection de l'enfance")
        else:
            cited = f"cite un budget annuel de {bud[2]} ({bud[5]}, l. {bud[6]})"
            dated = series[series["département"] == name]
            if dated["année"].nunique() > 1:
                cited += (
                    f" et son évolution de {dated['année'].min()} à {dated['année'].max()}"
                    f" ({', '.join(dict.fromkeys(dated['poste']))}, sans les additionner)"
                )
            parts.append(cited)
        costed, total = row[4].split(" / ")
        if costed == "0":
            parts.append(f"aucune de ses {total} fiches ne chiffre ses moyens")
        else:
            parts.append(f"{costed} fiche(s) sur {total} chiffrent leurs moyens")
        apart = []
        for scope, label in (
            ("previous_plan", "au bilan du schéma précédent"),
            ("third_party", "payés par d'autres financeurs"),
            ("outside_scope", "hors protection de l'enfance (plans pour toute la population, revenus)"),
        ):
            n = int((b["scope"] == scope).sum())
            if n:
                named = (x for cell in b.loc[b["scope"] == scope, "payer"].dropna() for x in cell.split(", "))
                payers = sorted({x for x in named if x != "Département"})
                apart.append(f"{n} {label}" + (f" (financeurs nommés : {', '.join(payers)})" if payers else ""))
        if apart:
            parts.append("montants montrés à part, jamais ajoutés : " + ", ".join(apart))
        n_dup = int(b["duplicate_of"].notna().sum())
        if n_dup:
            parts.append(f"{n_dup} montant(s) imprimé(s) une seconde fois, comptés une seule")
        out.append(f"{name} : le schéma " + " ; ".join(parts) + ".")
    return out


def annual_budget_series(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The dated annual budget, one series per printed item (ASE, PMI, JEUNESSE, TOTAL…):
    département, poste, année, montant_eur, nature, ligne. Items are never added to each
    other; a figure of the text repeated by a table cell is drawn once (the table's)."""
    cols = ["département", "poste", "année", "montant_eur", "nature", "ligne"]
    b = _qualified(tables["budget_lines"])
    b = b[(b["scope"] == "annual_budget") & b["year"].notna() & (b["role"] != "variation")]
    if not len(b):
        return pd.DataFrame(columns=cols)
    b = _with_dept(b, tables["plans"])
    in_table = b["context"].str.contains(" | ", regex=False)
    rep = b[in_table & b["duplicate_of"].notna()]
    repeated = set(zip(rep["plan_id"], rep["duplicate_of"].astype(int), strict=True))
    keep = [t or (pid, pos) not in repeated for t, pid, pos in zip(in_table, b["plan_id"], b["position"], strict=True)]
    b = b[pd.Series(keep, index=b.index, dtype=bool)]
    out = pd.DataFrame(
        {
            "département": b["département"],
            "poste": [c.split(" | ")[0] if " | " in c else (c[:45] + "…" if len(c) > 45 else c) for c in b["context"]],
            "année": b["year"].astype(int),
            "montant_eur": b["amount_eur"].astype(float),
            "nature": b["nature"].map(NATURE_FR),
            "ligne": b["first_line"].astype(int),
        }
    )
    return out.sort_values(["département", "ligne", "année"]).reset_index(drop=True)  # items in printed order


def budget_lines_qualified(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every amount with its qualification in French, for a reader checking a figure
    against the plan: département, fiche, portée, périodicité, rôle, répétition de,
    composante de, financeur, montant, année, nature, contexte, ligne."""
    plans = tables["plans"]
    b = _with_dept(_qualified(tables["budget_lines"]), plans)
    cols = ["département", "position", "fiche", "portée", "périodicité", "rôle", "composante de", "répétition de",
            "financeur", "montant", "année", "nature", "contexte", "ligne"]  # fmt: skip
    if not len(b):
        return pd.DataFrame(columns=cols)
    lb = b["is_lower_bound"].fillna(False).astype(bool)
    out = pd.DataFrame(
        {
            "département": b["département"],
            "position": b["position"].astype(int),
            "fiche": b["action_id"].fillna("schéma"),
            "portée": b["scope"].map(SCOPE_FR),
            "périodicité": b["periodicity"].map(PERIODICITY_FR),
            "rôle": b["role"].map(ROLE_FR),
            "composante de": b["part_of"].astype("Int64"),
            "répétition de": b["duplicate_of"].astype("Int64"),
            "financeur": b["payer"].fillna("—"),
            "montant": [fmt_meur(a, lower_bound=bool(x)) for a, x in zip(b["amount_eur"], lb, strict=True)],
            "année": b["year"].astype("Int64"),
            "nature": b["nature"].map(NATURE_FR),
            "contexte": b["context"],
            "ligne": b["first_line"].astype(int),
        }
    )
    return out.sort_values(["département", "position"]).reset_index(drop=True)[cols]
