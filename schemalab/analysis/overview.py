"""Report 01: the plans side by side."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.actors import actors_long
from schemalab.analysis.loading import cached_on_tables
from schemalab.analysis.money import money_comparison


def distinct_sub_actions(sub_actions: pd.DataFrame) -> pd.DataFrame:
    """The steps of each sheet, each once: a plan that prints its steps by year repeats a
    step under every year it runs (Lot-et-Garonne's sheet 1 prints « Organisation de
    rencontres régulières entre professionnels périnataux » under 2028, 2029 and 2030,
    47:632-636); counted once, as the plans that print a step with its years count it.
    The years stay in the ``sub_actions`` table (and in the calendars)."""
    if not len(sub_actions):
        return sub_actions
    text = sub_actions["text_clean"] if "text_clean" in sub_actions else sub_actions["text"]
    key = text.fillna(sub_actions["text"]).str.strip().str.casefold()
    return sub_actions.loc[
        ~pd.DataFrame({"p": sub_actions["plan_id"], "a": sub_actions["action_id"], "k": key}).duplicated()
    ]


@cached_on_tables("plans", "axes", "actions", "sub_actions", "indicators", "action_actors", "budget_lines")
def overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The plans side by side: period, axes, sheets, sub-actions (each step of a sheet once:
    :func:`distinct_sub_actions`), indicators, actors, money.

    Returns:
        One row per plan (sorted by département code) with French column names.
    """
    plans = tables["plans"].sort_values("department_code")

    count = {n: tables[n].groupby("plan_id").size() for n in ("axes", "actions", "indicators")}
    count["sub_actions"] = distinct_sub_actions(tables["sub_actions"]).groupby("plan_id").size()

    actors = actors_long(tables["action_actors"], tables["plans"])
    n_actors = actors.drop_duplicates(["plan_id", "acteur"]).groupby("plan_id").size()
    money = tables["budget_lines"].groupby("plan_id").size()
    # Money columns from the one comparison API: never a sum across scopes or periods.
    compared = money_comparison(tables).set_index("département")
    rows = []
    for p in plans.itertuples():
        pid = p.plan_id
        n_money = int(money.get(pid, 0)) if len(money) else 0
        dept = f"{p.department_name} ({p.department_code})"
        rows.append(
            {
                "département": dept,
                "période": f"{p.period_start}–{p.period_end}",
                "axes": int(count["axes"].get(pid, 0)),
                "fiches actions": int(count["actions"].get(pid, 0)),
                "sous-actions": int(count["sub_actions"].get(pid, 0)),
                "indicateurs": int(count["indicators"].get(pid, 0)),
                "acteurs distincts": int(n_actors.get(pid, 0)),
                "montants nommés": n_money,
                "budget annuel cité": compared.loc[dept, "budget annuel cité"],
                "fiches chiffrées": compared.loc[dept, "fiches chiffrées"],
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
