"""Report 04: calendars, Gantt rows, unrecoverable and absent schedules."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import NATIONAL, _with_dept, capped_list, dept_labels, natural_key, shown_text

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


_NO_CALENDAR = pd.DataFrame(columns=["plan_id", "action_id", "year", "semester", "label", "source", "line"])


def calendar_statement(actions: pd.DataFrame, plans: pd.DataFrame, calendar: pd.DataFrame | None = None) -> list[str]:
    """French sentences, one or more per plan: how many sheets print a calendar, which are unrecoverable or absent.

    Every compared plan gets its own sentence (a plan whose sheets all print a calendar
    says so with its count), so the statement is true for one plan (a profile) as for five.
    With ``calendar``, a sheet that prints no calendar but whose years are read in the dated
    deadlines of its steps (:func:`steps_dated_sheets`) is said apart, with its years and
    lines, and never counted among the sheets that print a calendar; the sheets that print
    none are then said to date none of their steps either, and to have no bar on the Gantt
    chart, so the two lists never read as one.
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
        steps = steps_dated_sheets(_NO_CALENDAR if calendar is None else calendar, pid)
        steps = steps[steps["action_id"].isin(g.loc[g["calendar_status"] == "explicit", "action_id"])]
        n_explicit = int((g["calendar_status"] == "explicit").sum())
        if n_explicit == len(g) and not len(steps):
            complete.append(name)
            lines.append(f"{name} : les {len(g)} fiches impriment un calendrier (années ou semestres).")
            continue
        if len(steps) and n_explicit > len(steps):
            n_printed = n_explicit - len(steps)
            lines.append(
                f"{name} : {n_printed} {'fiche' if n_printed == 1 else 'fiches'} sur {len(g)} "
                f"{'imprime' if n_printed == 1 else 'impriment'} un calendrier (années ou semestres)."
            )
        if len(steps):
            lines.append(_steps_sentence(name, steps, len(g)))
        for status, verb in _STATUS_VERBS:
            ids = sorted(g.loc[g["calendar_status"] == status, "action_id"], key=natural_key)
            if ids:
                by_status[status].append(f"{name}, {len(ids)} sur {len(g)}")
                one = len(ids) == 1
                said = _STATUS_VERB_ONE[status] if one else verb
                after = "."
                if status == "absent" and len(steps):  # this plan's reader dates steps: none is dated here
                    said += " et ne date aucune de ses étapes" if one else " et ne datent aucune de leurs étapes"
                    after = f" : aucune barre pour {'elle' if one else 'elles'} sur le diagramme."
                lines.append(
                    f"{name} : {len(ids)} {'fiche' if one else 'fiches'} sur {len(g)} {said} (n° {', '.join(ids)})"
                    + after
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


def _steps_sentence(name: str, steps: pd.DataFrame, total: int) -> str:
    """ "Haute-Garonne (31) : 1 fiche sur 32 n'imprime pas de calendrier, mais ses étapes
    sont datées : ses années (2021, 2022) sont lues dans ces échéances (l. 1048), hachurées
    sur le diagramme de Gantt (n° 1.6)." """
    one = len(steps) == 1
    years = sorted({y for ys in steps["years"] for y in ys})
    where = sorted({n for ns in steps["lines"] for n in ns})
    at = f" (l. {', '.join(str(n) for n in where)})" if where else ""
    return (
        f"{name} : {len(steps)} {'fiche' if one else 'fiches'} sur {total} "
        + (
            "n'imprime pas de calendrier, mais ses étapes sont datées : ses années "
            if one
            else "n'impriment pas de calendrier, mais leurs étapes sont datées : leurs années "
        )
        + f"({', '.join(str(y) for y in years)}) sont lues dans ces échéances{at}, hachurées sur le diagramme de "
        f"Gantt (n° {', '.join(steps['action_id'])})."
    )


def calendar_load(calendar: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Actions active per year and département (an action counts once per year)."""
    if not len(calendar):
        return pd.DataFrame(columns=["département", "année", "n_actions"])
    df = _with_dept(calendar.drop_duplicates(["plan_id", "action_id", "year"]), plans)
    out = df.groupby(["département", "year"]).size().rename("n_actions").reset_index()
    return out.rename(columns={"year": "année"}).astype({"année": int, "n_actions": int})


#: Where a calendar row was read (``calendar.source``) when it is no printed calendar: the
#: dated deadlines of a sheet's steps in its prose (Haute-Garonne's sheet 1.6, which prints
#: no « Grandes phases (calendrier) », dates its steps « d'ici octobre 2021 », « en juin
#: 2022 », 31:1048). « sheet » (the calendar field) and « gantt » (a chart) are printed calendars.
FROM_STEPS = "text"


def from_steps(calendar: pd.DataFrame) -> pd.Series:
    """Per calendar row: True where its year was read in the dated steps of a sheet
    (:data:`FROM_STEPS`), not in a printed calendar; all False without a ``source`` column."""
    if "source" not in calendar:
        return pd.Series(False, index=calendar.index)
    return calendar["source"].eq(FROM_STEPS).fillna(False).astype(bool)


def steps_dated_sheets(calendar: pd.DataFrame, plan_id: str) -> pd.DataFrame:
    """The sheets of a plan whose every calendar row is read from dated steps
    (:func:`from_steps`): one row per sheet with its years, its lines in the plan text and
    the steps read (``action_id``, ``years``, ``lines``, ``steps``), in natural order."""
    cal = calendar[calendar["plan_id"] == plan_id]
    cols = ["action_id", "years", "lines", "steps"]
    if not len(cal):
        return pd.DataFrame(columns=cols)
    steps = from_steps(cal)
    only = steps.groupby(cal["action_id"]).all()
    rows = []
    for aid in sorted(only[only].index, key=natural_key):
        g = cal[cal["action_id"] == aid]
        lines = sorted({int(x) for x in g["line"].dropna()}) if "line" in g else []
        labels = [str(x) for x in dict.fromkeys(g["label"].dropna())] if "label" in g else []
        rows.append([aid, sorted({int(y) for y in g["year"]}), lines, labels])
    return pd.DataFrame(rows, columns=cols)


def gantt_rows(calendar: pd.DataFrame, actions: pd.DataFrame, plan_id: str, max_title: int = 60) -> pd.DataFrame:
    """One row per (action, period) of a plan for the Gantt figure.

    Returns:
        action (label "n° – title", the title as repaired where OCR damaged it:
        :func:`~schemalab.analysis.display.shown_text`), start, end as fractional years (a semester is half a
        year), whether the schedule is by semester, and ``from_steps``: whether the years
        were read in the dated deadlines of the sheet's steps rather than in a printed
        calendar (:func:`from_steps`; a bar never mixes the two). Actions without schedule
        are absent from the result (they are listed by :func:`calendar_statement`).
    """
    cal = calendar[calendar["plan_id"] == plan_id]
    cols = ["action", "start", "end", "semester", "from_steps"]
    if not len(cal):
        return pd.DataFrame(columns=cols)
    cal = cal.assign(_steps=from_steps(cal))
    mine = actions[actions["plan_id"] == plan_id]
    # the title a reader sees: repaired where the plan's OCR damaged it (« I'accueil » → « l'accueil »)
    titles = pd.Series(shown_text(mine, "title").to_numpy(), index=mine["action_id"])
    rows = []
    for aid, g in cal.groupby("action_id"):
        t = str(titles.get(aid, ""))
        label = f"{aid} – {t[:max_title]}{'…' if len(t) > max_title else ''}"
        sem = g["semester"].notna().any()
        for steps, part in g.groupby("_steps"):
            cells = set()
            for y, s in zip(part["year"], part["semester"], strict=True):
                if pd.isna(s):
                    cells |= {(int(y), 1), (int(y), 2)}
                else:
                    cells.add((int(y), int(s)))
            # merge consecutive half-years into bars
            halves = sorted(y * 2 + (s - 1) for y, s in cells)
            start = prev = halves[0]
            for h in halves[1:] + [None]:
                if h is not None and h == prev + 1:
                    prev = h
                    continue
                rows.append([label, aid, start / 2, (prev + 1) / 2, bool(sem), bool(steps)])
                if h is not None:
                    start = prev = h
    out = pd.DataFrame(rows, columns=["action", "action_id", "start", "end", "semester", "from_steps"])
    order = sorted(out["action_id"].unique(), key=natural_key)
    out["order"] = out["action_id"].map({a: i for i, a in enumerate(order)})
    return out.sort_values(["order", "start"]).drop(columns=["order", "action_id"]).reset_index(drop=True)
