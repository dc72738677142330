"""Report 04: calendars, Gantt rows, unrecoverable and absent schedules."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import NATIONAL, _with_dept, capped_list, dept_labels, natural_key

STATUS_FR = {
    "explicit": "explicite",
    "relative": "relatif ou récurrent",
    "unrecoverable": "irrécupérable",
    "absent": "absent",
}


def calendar_status_summary(actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Number of actions per département and calendar status (explicit / unrecoverable / absent)."""
    df = _with_dept(actions, plans)
    tab = pd.crosstab(df["département"], df["calendar_status"]).reindex(columns=list(STATUS_FR), fill_value=0)
    tab.columns = [STATUS_FR[c] for c in tab.columns]
    tab["total"] = tab.sum(axis=1)
    return tab.reset_index()


_STATUS_VERBS = (
    (
        "unrecoverable",
        "ont un calendrier irrécupérable (tableau dont le grisé a été perdu à la conversion : aucune année n'est inventée)",
    ),
    ("relative", "donnent une échéance sans année (relative ou récurrente, non placée sur la frise)"),
    ("absent", "n'impriment aucun calendrier"),
)
#: the same, said of one fiche ("1 fiche sur 32 donne une échéance sans année")
_STATUS_VERB_ONE = {
    "unrecoverable": "a un calendrier irrécupérable (tableau dont le grisé a été perdu à la conversion : aucune année n'est inventée)",
    "relative": "donne une échéance sans année (relative ou récurrente, non placée sur la frise)",
    "absent": "n'imprime aucun calendrier",
}


def calendar_statement(actions: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """French sentences, one or more per plan: how many sheets print a calendar, which are unrecoverable or absent.

    Every compared plan gets its own sentence (a plan whose sheets all print a calendar
    says so with its count), so the statement is true for one plan (a profile) as for five.
    Above :data:`NATIONAL` plans, one sentence per case, naming at most ten départements
    with their counts (the sheet numbers are in each profile).
    """
    lines = []
    labels = dept_labels(plans)
    complete, by_status = [], {s: [] for s, _ in _STATUS_VERBS}
    for pid in sorted(plans["plan_id"]):
        g = actions[actions["plan_id"] == pid]
        name = labels.get(pid, pid)
        if not len(g):
            lines.append(f"{name} : aucune fiche action dans les tables.")
            continue
        n_explicit = int((g["calendar_status"] == "explicit").sum())
        if n_explicit == len(g):
            complete.append(name)
            lines.append(f"{name} : les {len(g)} fiches impriment un calendrier (années ou semestres).")
            continue
        for status, verb in _STATUS_VERBS:
            ids = sorted(g.loc[g["calendar_status"] == status, "action_id"], key=natural_key)
            if ids:
                by_status[status].append(f"{name}, {len(ids)} sur {len(g)}")
                one = len(ids) == 1
                lines.append(
                    f"{name} : {len(ids)} {'fiche' if one else 'fiches'} sur {len(g)} "
                    f"{_STATUS_VERB_ONE[status] if one else verb} (n° {', '.join(ids)})."
                )
    if plans["plan_id"].nunique() <= NATIONAL:
        return lines
    n = plans["plan_id"].nunique()
    out = [line for line in lines if "aucune fiche action" in line]
    if complete:
        out.append(
            f"{len(complete)} schémas sur {n} : toutes les fiches impriment un calendrier ({capped_list(complete)})."
        )
    for status, verb in _STATUS_VERBS:
        if by_status[status]:
            out.append(
                f"{len(by_status[status])} schémas sur {n} ont des fiches qui {verb} : "
                f"{capped_list(by_status[status], ' ; ')} (numéros des fiches : profil de chaque département)."
            )
    return out


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
