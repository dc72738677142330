"""Report 01: the plans side by side."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.actors import actors_long
from schemalab.analysis.display import capped_list, french_number
from schemalab.analysis.findings import IN_TEXT_READ, UNREAD_NOTE, unread_cell, unread_topics
from schemalab.analysis.indicators import _is_expected
from schemalab.analysis.loading import cached_on_tables
from schemalab.analysis.money import money_comparison, with_printed_perimeter

#: Column of :func:`overview`: every item a sheet prints under « Indicateurs » or under
#: « Résultats attendus » (Haute-Garonne prints 108 of its 113 as « Résultats attendus »,
#: e.g. 31:992; Pas-de-Calais all 40, e.g. 62:2608-2610): the column says both.
INDICATORS_COL = "indicateurs ou résultats attendus"
#: Column of :func:`overview`: how many of :data:`INDICATORS_COL` are « résultats attendus ».
EXPECTED_COL = "dont résultats attendus"
#: Words of a cell of :func:`overview_table` where the part of the plan that may hold it was not read.


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
    :func:`distinct_sub_actions`), indicators or expected results (:data:`INDICATORS_COL`)
    and how many of them are expected results (:data:`EXPECTED_COL`), actors, money.

    Returns:
        One row per plan (sorted by département code) with French column names.
    """
    plans = tables["plans"].sort_values("department_code")

    count = {n: tables[n].groupby("plan_id").size() for n in ("axes", "actions", "indicators")}
    count["sub_actions"] = distinct_sub_actions(tables["sub_actions"]).groupby("plan_id").size()
    ind = tables["indicators"]
    expected = ind[_is_expected(ind)].groupby("plan_id").size()  # the rule of report 05

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
                INDICATORS_COL: int(count["indicators"].get(pid, 0)),
                EXPECTED_COL: int(expected.get(pid, 0)),
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


def overview_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Report 01's table: :func:`overview` with the « périmètre imprimé » of each annual
    budget, and « dans le texte lu » where a plan's money was not read (Orne's tome 1:
    « aucun dans le texte lu », never « 0 »; :func:`unread_cell`)."""
    ov = with_printed_perimeter(overview(tables), tables)
    ids = {f"{p.department_name} ({p.department_code})": p.plan_id for p in tables["plans"].itertuples()}
    out = ov.astype({c: object for c in ("montants nommés", "budget annuel cité", "fiches chiffrées")})
    for i, r in out.iterrows():
        pid = ids.get(r["département"])
        for col in ("montants nommés", "budget annuel cité", "fiches chiffrées"):
            out.at[i, col] = unread_cell(r[col], "money", pid, r["fiches actions"])
    return out


#: How a plan prints the steps of its sheets, by the columns of its ``sub_actions`` rows.
_UNITS = {
    "year": "des étapes imprimées sous chaque année",
    "ref": "des actions numérotées (« Action 1 », « Action 2 »…)",
    "some_ref": "des actions numérotées dans certaines fiches, des lignes ou des puces dans les autres",
    "lines": "des lignes ou des puces",
}


def sub_action_unit(sub_actions: pd.DataFrame) -> str:
    """What one plan's « sous-actions » are (:data:`_UNITS`): steps printed under each year
    (Lot-et-Garonne), numbered actions (« Action 1 », Pas-de-Calais), both numbered actions
    and lines (Haute-Garonne), or lines and bullets of a sheet's heading (Landes, Orne)."""
    if not len(sub_actions):
        return "aucune"
    share = {c: sub_actions[c].notna().mean() if c in sub_actions else 0.0 for c in ("year", "ref")}
    if share["year"] >= 0.5:
        return _UNITS["year"]
    if share["ref"] >= 0.5:
        return _UNITS["ref"]
    return _UNITS["some_ref"] if share["ref"] > 0 else _UNITS["lines"]


def sub_actions_counted(sub_actions: pd.DataFrame, plan_id: str) -> tuple[int, int]:
    """(distinct steps, printed steps) of one plan: a step printed under each year it runs
    counts once (:func:`distinct_sub_actions`)."""
    mine = sub_actions[sub_actions["plan_id"] == plan_id]
    return len(distinct_sub_actions(mine)), len(mine)


def sub_actions_note(tables: dict[str, pd.DataFrame]) -> list[str]:
    """French sentences under a table of « sous-actions »: how each plan cuts its sheets
    into steps (:func:`sub_action_unit`: the units differ, the count is an order of
    magnitude, not a comparison) and, for a plan that repeats a step under every year it
    runs, how many distinct steps it prints (« Lot-et-Garonne : 206 étapes distinctes sur
    271 imprimées »)."""
    plans = tables["plans"].sort_values("department_code")
    sub = tables["sub_actions"]
    by_unit: dict[str, list[str]] = {}
    repeats = []
    for p in plans.itertuples():
        mine = sub[sub["plan_id"] == p.plan_id]
        by_unit.setdefault(sub_action_unit(mine), []).append(str(p.department_name))
        distinct, printed = sub_actions_counted(sub, p.plan_id)
        if distinct < printed:
            repeats.append(
                f"{p.department_name} : {french_number(distinct)} étapes distinctes sur {french_number(printed)} "
                "imprimées (une étape répétée chaque année compte une fois)."
            )
    if len(plans) == 1:
        head = (
            f"« Sous-actions » compte ce que le schéma imprime sous ses fiches, dans son propre découpage : "
            f"{next(iter(by_unit))} ; les autres schémas découpent autrement : ce nombre est un ordre de grandeur."
        )
    else:
        parts = [f"{capped_list(names)} : {unit}" for unit, names in by_unit.items() if unit != "aucune"]
        head = (
            "« Sous-actions » compte ce que chaque schéma imprime sous ses fiches, chacun dans son propre découpage : "
            + " ; ".join(parts)
            + ". Ces unités ne sont pas les mêmes d'un schéma à l'autre : le nombre donne un ordre de grandeur "
            "pour chaque schéma, il ne compare pas les schémas."
        )
    return [head, *repeats]


def unread_note(plans: pd.DataFrame) -> str:
    """One French sentence saying what « dans le texte lu » means, naming the plans a part
    of which was not read; "" when every plan was read whole."""
    names = [
        str(p.department_name) for p in plans.sort_values("department_code").itertuples() if unread_topics(p.plan_id)
    ]
    if not names:
        return ""
    return (
        f"« {IN_TEXT_READ} » : {UNREAD_NOTE.strip('()')} ({capped_list(names)} ; voir « Avant de comparer ») : "
        "une absence y est celle du texte lu, pas celle du schéma."
    )
