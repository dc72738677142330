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
