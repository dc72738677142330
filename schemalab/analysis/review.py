"""Report 07: the review of the previous plan."""

from __future__ import annotations

import re

import pandas as pd

from schemalab.analysis.display import NATIONAL, _with_dept, capped_list, clip, natural_key, shown_text
from schemalab.analysis.findings import UNREAD_NOTE, unread_topics
from schemalab.analysis.themes import (
    RELIABILITY_COL,
    THEME_NAMES,
    THEME_RANK,
    _theme_sets,
    score_reliability,
    secondary_labels,
    theme_name,
)

REVIEW_FR = {
    "realise": "réalisé",
    "en_cours": "en cours",
    "partiel": "partiel",
    "non_realise": "non réalisé",
    "unknown": "inconnu",
}


#: Why a reviewed action's état is unknown (:func:`unknown_state`), as the table names it.
ILLEGIBLE = "illisible"
NOT_PRINTED = "non imprimé ou perdu"
UNRECOGNISED = "non reconnu"

#: Columns of :func:`review_summary` splitting « inconnu » by :func:`unknown_state`.
UNKNOWN_COLS = {
    ILLEGIBLE: "dont illisible (marque imprimée sans mot)",
    NOT_PRINTED: "dont non imprimé ou perdu",
    UNRECOGNISED: "dont non reconnu (mot imprimé hors liste)",
}

#: A word: two letters in a row (a lone letter is none: an OCR reads a status dot as « Q »).
_WORD = re.compile(r"[^\W\d_]{2,}")


def unknown_state(status_raw) -> str:
    """Why an état is unknown, from what was printed: :data:`NOT_PRINTED` when nothing was read
    (blank or null), :data:`ILLEGIBLE` when a mark was printed with no word in it (symbols,
    brackets, a lone letter: « ® », « [ ] », « (0] », « Q », OCR'd coloured dots), else
    :data:`UNRECOGNISED` (a word printed that no status of the plan's list matches)."""
    if status_raw is None or pd.isna(status_raw) or not str(status_raw).strip():
        return NOT_PRINTED
    return UNRECOGNISED if _WORD.search(str(status_raw)) else ILLEGIBLE


def _unknown_whys(g: pd.DataFrame) -> list[str]:
    """:func:`unknown_state` of each row of ``g`` whose status is unknown (no status_raw column:
    nothing printed was kept)."""
    raw = g["status_raw"] if "status_raw" in g.columns else pd.Series(None, index=g.index, dtype=object)
    return [unknown_state(x) for x in raw[g["status"] == "unknown"]]


def _state(status, status_raw) -> str:
    """The état of a reviewed action in French: its status, or why it is unknown."""
    return unknown_state(status_raw) if status == "unknown" or pd.isna(status) else REVIEW_FR.get(status, status)


#: Column of :func:`review_summary`: whether the text read holds a review of the previous plan.
BILAN_COL = "bilan du schéma précédent"
HAS_BILAN = "présent"
NO_BILAN = "pas de bilan dans le texte lu"
NO_BILAN_UNREAD = f"pas de bilan dans le texte lu {UNREAD_NOTE}"


def _no_bilan(plan_id) -> str:
    """Why a plan has no reviewed action: none in the text read, which may be all of the plan
    or (:func:`~schemalab.analysis.findings.unread_topics`) only a part of it."""

    return NO_BILAN_UNREAD if "review" in unread_topics(plan_id) else NO_BILAN


#: The columns of :func:`review_summary` counting a readable état (not « inconnu »).
KNOWN_STATES = [fr for code, fr in REVIEW_FR.items() if code != "unknown"]


def _readable(g: pd.DataFrame) -> bool:
    """Whether one plan's review has at least one readable état."""
    return bool((g["status"].fillna("unknown") != "unknown").any())


def review_summary(previous_review: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Per plan: whether the text read holds a review (:data:`BILAN_COL`), rows reviewed, count
    per status ("inconnu": none read), and the unknown ones split by :func:`unknown_state` (a
    mark printed but illegible, nothing printed or lost, and, when any plan has one, a word
    printed outside the list), so the « dont » columns add up to « inconnu » and the statuses
    to « actions revues ». A plan with no review in the text read is listed with no count (NA,
    shown « — »), not with zeros: it is not a plan that carried out nothing. A plan whose review
    has no readable état at all has no count in the :data:`KNOWN_STATES` columns either (NA,
    « — »: « 0 réalisé » would read as a fact the plan does not print; :func:`review_table_note`
    says « aucun état lisible »); a plan with some readable états keeps its zeros, real counts."""
    rows = []
    for p in plans.sort_values("department_code").itertuples():
        g = previous_review[previous_review["plan_id"] == p.plan_id]
        row = {"département": f"{p.department_name} ({p.department_code})"}
        if not len(g):
            row[BILAN_COL] = _no_bilan(p.plan_id)
            rows.append(row)
            continue
        row[BILAN_COL] = HAS_BILAN
        row["actions revues"] = len(g)
        readable = _readable(g)
        for code, fr in REVIEW_FR.items():
            # no état readable at all: no count (« — »), not « 0 réalisé »; with some readable,
            # 0 is a real count
            row[fr] = int((g["status"] == code).sum()) if readable or code == "unknown" else None
        why = _unknown_whys(g)
        for key, col in UNKNOWN_COLS.items():
            row[col] = why.count(key)
        rows.append(row)
    counts = ["actions revues", *REVIEW_FR.values(), *UNKNOWN_COLS.values()]
    out = pd.DataFrame(rows, columns=["département", BILAN_COL, *counts])
    out[counts] = out[counts].astype("Int64")
    if not out[UNKNOWN_COLS[UNRECOGNISED]].fillna(0).any():
        out = out.drop(columns=UNKNOWN_COLS[UNRECOGNISED])
    return out


def review_states(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`review_summary` with one column per état, for a stacked bar: the known statuses
    and the unknown ones by why (illisible, non imprimé ou perdu, non reconnu), which add up
    to the actions reviewed. Only the plans with a review in the text read: the others have
    no état to draw (an empty bar would read as « nothing carried out »); :func:`review_not_drawn`
    names them."""
    renamed = {col: key for key, col in UNKNOWN_COLS.items()}
    df = summary
    if BILAN_COL in df.columns:
        df = df[df[BILAN_COL] == HAS_BILAN].drop(columns=BILAN_COL)
    df = df.drop(columns=["actions revues", REVIEW_FR["unknown"]], errors="ignore").rename(columns=renamed)
    # a known état no plan drawn can read (every one « — »): no column, so no « réalisé » in
    # the legend; a plan with no readable état beside others has no segment of it, and
    # :func:`review_chart_notes` says « aucun état lisible » under the chart
    df = df.drop(columns=[c for c in KNOWN_STATES if c in df.columns and df[c].isna().all()])
    counts = [c for c in df.columns if c != "département"]
    return df.fillna({c: 0 for c in counts}).astype({c: int for c in counts}).reset_index(drop=True)


def _unreadable(summary: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`review_summary` of plans whose review has no readable état."""
    rows = summary
    if BILAN_COL in rows.columns:
        rows = rows[rows[BILAN_COL] == HAS_BILAN]
    known = [c for c in KNOWN_STATES if c in rows.columns]
    return rows[rows[known].isna().all(axis=1) & rows["actions revues"].notna()] if known else rows.iloc[:0]


def _names_counted(rows: pd.DataFrame) -> str:
    """« Lot-et-Garonne (47, 60 actions revues) et Pas-de-Calais (62, 91 actions revues) »."""
    names = [
        f"{d[:-1]}, {_count(int(n), 'action revue', 'actions revues')})" if d.endswith(")") else f"{d} ({n})"
        for d, n in zip(rows["département"], rows["actions revues"], strict=True)
    ]
    return capped_list(names, " ; ") if len(names) > NATIONAL else _and(names)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def review_table_note(summary: pd.DataFrame) -> list[str]:
    """The sentence under the table of :func:`review_summary`: the plans whose review has no
    readable état, whose état columns show « — » and not 0."""
    rows = _unreadable(summary)
    if not len(rows):
        return []
    one = len(rows) == 1
    return [
        f"Aucun état lisible pour {_names_counted(rows)} : "
        f"{'ses' if one else 'leurs'} colonnes « réalisé », « en cours », « partiel » et « non réalisé » montrent « — », "
        f"pas 0 ; toutes {'ses' if one else 'leurs'} actions revues sont comptées « inconnu », ce qui ne dit ni "
        "qu'elles ont été réalisées ni qu'elles ne l'ont pas été."
    ]


def review_chart_notes(summary: pd.DataFrame) -> list[str]:
    """The sentences under the chart of :func:`review_states`: the plans not drawn
    (:func:`review_not_drawn`) and the plans drawn whose review has no readable état (their
    bar holds unknown états only: no « réalisé » segment is not « 0 réalisé »)."""
    out = review_not_drawn(summary)
    rows = _unreadable(summary)
    if len(rows):
        one = len(rows) == 1
        # the table's sentence (review_table_note) already names them with their counts: the chart's
        # says how to read their bars, not the same thing again
        names = _and([str(d) for d in rows["département"]])
        out.append(
            f"{'La barre de' if one else 'Les barres de'} {names} {'ne compte' if one else 'ne comptent'} "
            "que des états inconnus (illisibles, ou non imprimés ou perdus) : aucune part n'y est réalisée ni non "
            "réalisée parce qu'aucun état n'est lisible, pas parce qu'aucune action n'a été menée."
        )
    return out


def review_not_drawn(summary: pd.DataFrame) -> list[str]:
    """The sentence under the chart of :func:`review_states`: the plans not drawn because the
    text read holds no review of their previous plan (not because they carried out nothing)."""
    if BILAN_COL not in summary.columns:
        return []
    none = summary[summary[BILAN_COL] != HAS_BILAN]
    if not len(none):
        return []
    names = [
        f"{d} {UNREAD_NOTE}" if why == NO_BILAN_UNREAD else d
        for d, why in zip(none["département"], none[BILAN_COL], strict=True)
    ]
    n = len(names)
    return [
        f"{'Non tracé' if n == 1 else 'Non tracés'}, faute de bilan du schéma précédent dans le texte lu "
        f"(aucun état à compter, ce qui ne veut pas dire que rien n'a été réalisé) : {capped_list(names, ' ; ')}."
    ]


# The review's own figure --------------------------------------------------------------------


def review_own_figures(plans: pd.DataFrame) -> dict[str, list]:
    """plan_id → the figure the plan prints about its own review, read by the parser
    (``plans.review_summary``: one sentence per line, as printed, with its first and last
    lines: :mod:`schemalab.parsers.review_text`), as ``[(quotes, first line, last line)]``;
    a plan printing none is left out (nothing is computed in its place)."""
    out: dict[str, list] = {}
    if "review_summary" not in plans.columns:
        return out
    for p in plans.itertuples():
        text, first = p.review_summary, getattr(p, "review_summary_line", None)
        if not isinstance(text, str) or not text.strip() or first is None or pd.isna(first):
            continue
        last = getattr(p, "review_summary_last_line", None)
        last = int(first) if last is None or pd.isna(last) else int(last)
        quotes = [q.strip() for q in text.split("\n") if q.strip()]
        out[p.plan_id] = [(quotes, int(first), last)]
    return out


def _lines_ref(first: int, last: int) -> str:
    return f"l. {first}" if first == last else f"l. {first}-{last}"


def _quoted(found: list) -> str:
    """« « … » (l. 391-395) »: each sentence quoted as printed, with its lines."""
    return " ; ".join(" ; ".join(f"« {q} »" for q in quotes) + f" ({_lines_ref(a, b)})" for quotes, a, b in found)


def _own_sentence(found: list) -> str:
    """« Le schéma dit lui-même : « … » (l. 391-395) ; c'est son chiffre, pas un calcul de ce
    rapport. »"""
    return f"Le schéma dit lui-même : {_quoted(found)} ; c'est son propre chiffre, pas un calcul de ce rapport."


def review_statement(previous_review: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """French sentences: which plans print a review, with statuses or not (one sentence per
    département; above :data:`NATIONAL` départements, one sentence per case naming at most
    ten départements, and the known shares summarised). A figure a plan prints about its own
    review (:func:`review_own_figures`, read by the parser) is quoted with its lines, as the
    plan's claim, not recomputed."""
    own = review_own_figures(plans)
    cases: dict[str, list[str]] = {"none": [], "unread": [], "unreadable": [], "known": []}
    lines, shares = [], []
    for p in plans.sort_values("department_code").itertuples():
        g = previous_review[previous_review["plan_id"] == p.plan_id]
        name = f"{p.department_name} ({p.department_code})"
        if not len(g):
            cases["none"].append(name)
            if _no_bilan(p.plan_id) == NO_BILAN_UNREAD:
                cases["unread"].append(name)
                lines.append(
                    f"{name} : le texte lu ne présente pas de bilan action par action du schéma précédent "
                    f"{UNREAD_NOTE}."
                )
            else:
                lines.append(f"{name} : le schéma ne présente pas de bilan action par action du schéma précédent.")
            continue
        known = g[g["status"] != "unknown"]
        if not len(known):
            cases["unreadable"].append(f"{name}, {len(g)} actions")
            lines.append(
                f"{name} : {len(g)} actions du schéma précédent sont revues, mais aucun état de réalisation "
                f"n'est lisible : {_why_unknown(g)} ; aucun état n'est deviné."
            )
        else:
            share = len(known) / len(g)
            cases["known"].append(f"{name}, {len(known)} sur {len(g)}")
            shares.append(share)
            lines.append(f"{name} : {len(g)} actions revues, état connu pour {len(known)} ({share:.0%}).")
        if p.plan_id in own:
            lines[-1] += " " + _own_sentence(own[p.plan_id])
    if len(lines) <= NATIONAL:
        return lines
    out = []
    if cases["none"]:
        out.append(
            f"{_schemas(cases['none'])} sur {len(lines)} ne {_verb(cases['none'], 'présente', 'présentent')} "
            "pas de bilan action par action du "
            f"schéma précédent dans le texte lu : {capped_list(cases['none'])}"
            + (
                f" ; une partie du schéma n'a pas été lue pour {capped_list(cases['unread'])}"
                if cases["unread"]
                else ""
            )
            + "."
        )
    if cases["unreadable"]:
        out.append(
            f"{_schemas(cases['unreadable'])} {_verb(cases['unreadable'], 'revoit', 'revoient')} les actions du "
            "schéma précédent sans qu'aucun état de "
            "réalisation soit lisible (imprimé mais illisible, non imprimé ou perdu à la conversion ; aucun état "
            f"n'est deviné) : {capped_list(cases['unreadable'], ' ; ')}."
        )
    if cases["known"]:
        med = f"{pd.Series(shares).median():.0%}"
        out.append(
            f"{_schemas(cases['known'])} {_verb(cases['known'], 'donne', 'donnent')} l'état de réalisation des "
            "actions revues (part d'états "
            f"connus, médiane : {med}) : {capped_list(cases['known'], ' ; ')}."
        )
    if own:
        quoted = [
            f"{p.department_name} ({p.department_code}) : " + _quoted(own[p.plan_id])
            for p in plans.sort_values("department_code").itertuples()
            if p.plan_id in own
        ]
        out.append(
            f"{_schemas(quoted)} {_verb(quoted, 'imprime', 'impriment')} un chiffre d'ensemble de "
            f"{_verb(quoted, 'son', 'leur')} bilan, cité tel quel ({_verb(quoted, 'son', 'leur')} propre chiffre, "
            f"pas un calcul de ce rapport) : {capped_list(quoted, ' ; ')}."
        )
    return out


def _why_unknown(g: pd.DataFrame) -> str:
    """« 62 états sont imprimés mais illisibles (des marques sans mot), 29 ne sont pas imprimés ou ont
    été perdus à la conversion »: the unknown états of one plan's review by :func:`unknown_state`."""
    why = _unknown_whys(g)
    parts = []
    for key, one, many in (
        (ILLEGIBLE, "est imprimé mais illisible (une marque sans mot)", "sont imprimés mais illisibles (des marques sans mot)"),
        (NOT_PRINTED, "n'est pas imprimé ou a été perdu à la conversion",
         "ne sont pas imprimés ou ont été perdus à la conversion"),
        (UNRECOGNISED, "est imprimé mais hors de la liste des états", "sont imprimés mais hors de la liste des états"),
    ):  # fmt: skip
        n = why.count(key)
        if n:
            noun = "" if parts else (" état" if n == 1 else " états")  # the first count names what it counts
            parts.append(f"{n}{noun} {one if n == 1 else many}")
    return ", ".join(parts)


#: Said after a reviewed action's title whose beginning was lost in conversion
#: (previous_review.title_partly_lost).
PARTLY_LOST = "intitulé en partie perdu"


def shown_review_title(title, partly_lost) -> str:
    """A reviewed action's title as the table shows it (``title``: the repaired one where there
    is one, :func:`~schemalab.analysis.display.shown_text`), and when its beginning was
    lost in conversion (``title_partly_lost``: Pas-de-Calais's P18-A3, 62:2147-2148), « … »
    where the lost words were, then « (intitulé en partie perdu) »."""
    text = "" if title is None or (not isinstance(title, str) and pd.isna(title)) else str(title)
    lost = partly_lost is not None and not pd.isna(partly_lost) and bool(partly_lost)
    return f"… {text} ({PARTLY_LOST})" if lost else text


def review_rows(
    previous_review: pd.DataFrame, plans: pd.DataFrame, text_themes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The reviewed actions, French status (and theme with its score and secondary themes when
    ``text_themes`` is given: the theme is read from the title under its rubrique, the orientation /
    priority printed above it); each title as repaired where OCR damaged it (``title_clean``, else as
    printed), and a title whose beginning was lost says so (:func:`shown_review_title`)."""
    df = _with_dept(previous_review, plans)
    df = df.iloc[sorted(range(len(df)), key=lambda i: (str(df["plan_id"].iloc[i]), natural_key(df["ref"].iloc[i])))]
    df = df.reset_index(drop=True)
    df["état"] = [_state(st, raw) for st, raw in zip(df["status"], df["status_raw"], strict=True)]
    lost = df["title_partly_lost"] if "title_partly_lost" in df.columns else pd.Series(False, index=df.index)
    # the title as repaired where OCR damaged it (title_clean, else as printed: Lot-et-Garonne's
    # typed text needs no repair), then marked where its beginning was lost
    df["title"] = [shown_review_title(t, x) for t, x in zip(shown_text(df, "title"), lost, strict=True)]
    cols = ["département", "ref", "title", "état", "status_raw"]
    if text_themes is not None:
        th = _themes_of(text_themes, "previous_review")
        df = df.merge(th, how="left", left_on=["plan_id", "ref"], right_on=["plan_id", "source_ref"])
        df["rubrique"] = _rubrique(df.get("context"))
        df[RELIABILITY_COL] = score_reliability(df["score du thème"], "titles")
        cols = ["département", "ref", "rubrique", "title", "état", "status_raw", "thème", "score du thème",
                RELIABILITY_COL, "thèmes secondaires"]  # fmt: skip
    return df[cols].rename(columns={"title": "intitulé", "status_raw": "état tel qu'imprimé"}).reset_index(drop=True)


def _rubrique(headings) -> list[str]:
    """The heading a text is printed under, clipped for a table cell ("—" when none)."""
    if headings is None:
        return []
    return [clip(h, RUBRIQUE_CHARS) if isinstance(h, str) and h.strip() else "—" for h in headings]


#: A rubrique (heading) quoted in a table cell is clipped at a word to this many characters.
RUBRIQUE_CHARS = 90


#: The « évolution » of a theme in :func:`review_theme_mix` (neutral words: « non repris » is
#: a comparison of themes, not a decision to stop acting).
REPRIS = "repris"
NON_REPRIS = "non repris"
NOUVEAU = "nouveau"

#: Columns of :func:`review_theme_mix`: actions / sheets with the theme as a secondary one only.
PREV_SECONDARY = "+ actions précédentes en thème secondaire"
NEW_SECONDARY = "+ fiches en thème secondaire"

#: A reviewed action's theme scoring under this (as the table shows it, rounded to 0,01) is
#: « incertain »: the reader weighs the counts it is in (a theme of that score was right
#: about 6 times in 10 on titles: « thème juste à ce score » of the table of reviewed actions).
UNCERTAIN_SCORE = 0.5
#: Column of :func:`review_theme_mix`: of the reviewed actions of that main theme, those whose
#: theme scores under :data:`UNCERTAIN_SCORE`.
PREV_UNCERTAIN = "dont au thème incertain (score sous 0,5)"


def _themes_of(text_themes: pd.DataFrame, source: str) -> pd.DataFrame:
    """plan_id, source_ref, thème, score du thème, thèmes secondaires, _themes (main + secondary codes)
    of one source table."""
    th = text_themes[text_themes["source_table"] == source].copy()
    th["thème"] = th["theme_code"].map(lambda c: theme_name(c) if isinstance(c, str) else "—")
    th["score du thème"] = th["theme_score"].astype(float).round(2)
    th["thèmes secondaires"] = secondary_labels(th["secondary_theme_codes"])
    th["_themes"] = _theme_sets(th) if len(th) else pd.Series(dtype=object)
    th["_main"] = th["theme_code"]
    return th[["plan_id", "source_ref", "thème", "score du thème", "thèmes secondaires", "_themes", "_main"]]


def review_theme_mix(text_themes: pd.DataFrame, action_themes: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Per département that reviews its previous plan: the theme mix of the reviewed actions
    beside the new plan's sheets, and what became of each theme.

    A theme is *repris* when both plans have an action on it (main or secondary theme), *non
    repris* when the previous plan has one and the new plan has no sheet whose main or
    secondary theme it is (a mechanical comparison of themes: a short new plan leaves more
    themes « non repris », and a sheet's text may treat a theme that is not its main or
    secondary one; it says nothing of the département ceasing to act), *nouveau* when the new
    plan has sheets on it (main theme) and the previous plan had no reviewed action whose main
    or secondary theme it is. Counts are by main theme, each beside the count of
    the other actions or sheets that have it as a secondary theme (so a theme "kept" with 0
    sheets of that main theme shows the sheets that still treat it).

    Returns:
        département, thème, actions du schéma précédent, dont au thème incertain
        (:data:`PREV_UNCERTAIN`: score under :data:`UNCERTAIN_SCORE`), (+ en thème
        secondaire), fiches du nouveau schéma, (+ en thème secondaire), évolution.
    """
    cols = [
        "département",
        "thème",
        "actions du schéma précédent",
        PREV_UNCERTAIN,
        PREV_SECONDARY,
        "fiches du nouveau schéma",
        NEW_SECONDARY,
        "évolution",
    ]
    if not len(text_themes):
        return pd.DataFrame(columns=cols)
    prev = _themes_of(text_themes, "previous_review")
    rows = []
    for p in plans.sort_values("department_code").itertuples():
        g = prev[prev["plan_id"] == p.plan_id]
        if not len(g):
            continue
        new = action_themes[action_themes["plan_id"] == p.plan_id]
        new_sets = _theme_sets(new) if len(new) else pd.Series(dtype=object)
        prev_any = set().union(*g["_themes"]) if len(g) else set()
        new_any = set().union(*new_sets) if len(new_sets) else set()
        name = f"{p.department_name} ({p.department_code})"
        for code in THEME_NAMES:
            n_prev = int((g["_main"] == code).sum())
            n_unsure = int(((g["_main"] == code) & (g["score du thème"] < UNCERTAIN_SCORE)).sum())
            n_new = int((new["theme_code"] == code).sum())
            if not n_prev and not n_new:
                continue
            s_prev = sum(code in t for t in g["_themes"]) - n_prev
            s_new = sum(code in t for t in new_sets) - n_new
            if n_prev and (n_new or code in new_any):
                status = REPRIS
            elif n_prev:
                status = NON_REPRIS
            elif code in prev_any:
                status = REPRIS
            else:
                status = NOUVEAU
            rows.append([name, theme_name(code), n_prev, n_unsure, s_prev, n_new, s_new, status])
    return pd.DataFrame(rows, columns=cols)


def _schemas(items: list) -> str:
    return f"{len(items)} schéma" + ("s" if len(items) > 1 else "")


def _verb(items: list, singular: str, plural: str) -> str:
    return plural if len(items) > 1 else singular


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _theme_weight(status: str, main: int, n: int, unsure: int) -> str:
    """What a theme named in :func:`review_theme_statement` rests on: « (sur 1 action revue) »,
    « (sur 1 action revue, au thème incertain) », and for a theme « non repris » resting on
    several actions, how many have an uncertain theme (« (3 actions revues, dont 2 au thème
    incertain) »)."""
    if status == NOUVEAU:
        return ""
    if n == 1:
        return " (sur 1 action revue, au thème incertain)" if main == 1 and unsure else " (sur 1 action revue)"
    if status == NON_REPRIS and unsure:
        return f" ({_count(main, 'action revue', 'actions revues')}, dont {unsure} au thème incertain)"
    return ""


def review_theme_statement(mix: pd.DataFrame) -> list[str]:
    """French sentences from :func:`review_theme_mix`: per département, how many reviewed
    actions and new sheets are compared and how many of those actions have an uncertain theme
    (:data:`PREV_UNCERTAIN`, when the mix has that column), then the themes repris, non repris
    and nouveaux (a theme resting on a single reviewed action says so, and whether its theme is
    uncertain; a theme « non repris » says how many of its actions have an uncertain theme: a
    reviewed action's theme is not always right), and what « non repris » means; above
    :data:`NATIONAL` départements, per theme, how many départements took it up again, did not,
    or took it up anew (naming at most ten each)."""
    lines = []
    meaning = (
        "un thème « non repris » n'est le thème principal ou secondaire d'aucune fiche du nouveau schéma, "
        "ce qui ne veut pas dire que le département a cessé d'agir dans ce domaine (une fiche peut en traiter "
        "dans son texte, et un schéma court a moins de fiches pour reprendre les thèmes)"
    )
    has_unsure = PREV_UNCERTAIN in mix.columns
    unsure_all = 0
    for d, g in mix.groupby("département", sort=True):
        n_prev = int(g["actions du schéma précédent"].sum())
        n_new = int(g["fiches du nouveau schéma"].sum())
        unsure = g[PREV_UNCERTAIN] if has_unsure else pd.Series(0, index=g.index)
        unsure_all += int(unsure.sum())
        parts = []
        for status, one, many in ((REPRIS, "repris", "repris"), (NON_REPRIS, "non repris", "non repris"),
                                  (NOUVEAU, "nouveau", "nouveaux")):  # fmt: skip
            rows = g[g["évolution"] == status]
            on_prev = rows["actions du schéma précédent"] + rows[PREV_SECONDARY]  # main or secondary
            names = [
                f"« {theme} »" + _theme_weight(status, main, n, u)
                for theme, main, n, u in zip(
                    rows["thème"], rows["actions du schéma précédent"], on_prev, unsure[rows.index], strict=True
                )
            ]
            if names:
                n = len(names)
                parts.append(f"{n} {'thème ' + one if n == 1 else 'thèmes ' + many} : {', '.join(names)}")
        n_unsure = int(unsure.sum())
        weigh = (
            f" (dont {n_unsure} au thème incertain, score sous 0,5 : voir « thème juste à ce score » dans le tableau "
            "des actions revues)"
            if has_unsure and n_unsure
            else (" (aucune au thème incertain, score sous 0,5)" if has_unsure and n_prev else "")
        )
        compared = (
            f"thèmes de {_count(n_prev, 'action revue', 'actions revues')} du schéma précédent{weigh} comparés à ceux "
            f"{'de la fiche' if n_new == 1 else 'des ' + str(n_new) + ' fiches'} du nouveau schéma"
        )
        tail = f". {meaning[0].upper()}{meaning[1:]}" if (g["évolution"] == NON_REPRIS).any() else ""
        lines.append(f"{d} : {compared} ; " + " ; ".join(parts) + tail + ".")
    if len(lines) <= NATIONAL:
        return lines
    n_all = int(mix["actions du schéma précédent"].sum())
    weigh = (
        f" ; {unsure_all} des {n_all} actions revues comparées ont un thème incertain, score sous 0,5"
        if has_unsure and unsure_all
        else ""
    )
    out = [
        f"{len(lines)} départements revoient leur schéma précédent ; par thème (thèmes des actions revues "
        f"comparés à ceux des fiches du nouveau schéma ; {meaning}{weigh}) :"
    ]
    for theme, g in sorted(mix.groupby("thème"), key=lambda x: (THEME_RANK.get(x[0], len(THEME_RANK)), x[0])):
        parts = []
        for status, word in ((NON_REPRIS, "non repris par"), (NOUVEAU, "nouveau chez")):
            names = sorted(g.loc[g["évolution"] == status, "département"])
            if names:
                parts.append(f"{word} {len(names)} ({capped_list(names)})")
        kept = int((g["évolution"] == REPRIS).sum())
        kept_part = [f"repris par {kept}"] if kept else []
        if parts or kept_part:
            out.append(f"« {theme} » : " + " ; ".join(kept_part + parts) + ".")
    return out


#: Columns of :func:`youth_answers`: the sheet closest to a recommendation by text and theme
#: similarity (not an answer checked by a reader) and that similarity.
CLOSEST_COL = "fiche la plus proche"
PROXIMITY_COL = "proximité (0 à 1)"
NO_CLOSE_SHEET = "aucune fiche proche"


def youth_answers(
    youth_recommendations: pd.DataFrame,
    text_themes: pd.DataFrame,
    text_matches: pd.DataFrame,
    actions: pd.DataFrame,
    plans: pd.DataFrame,
) -> pd.DataFrame:
    """Each youth recommendation with its theme and the sheets of its plan closest to it.

    The closest sheet is named with its proximity (the match score: text and theme
    similarity, not an answer checked by a reader); when no sheet reaches the fixed threshold
    (text_matches.answers), the row says "aucune fiche proche" and still shows the
    nearest sheet and its proximity.

    Returns:
        département, rubrique (the heading it is printed under, which its theme is read
        with), n° (as printed; "—" where the plan prints none), recommandation, thème, score du thème,
        thèmes secondaires (a theme scoring at least 0.4 of the main one: on recommendations written
        apart, the readers' theme is the main or a secondary one far more often than the main alone),
        fiche la plus proche, proximité (0 à 1), autres fiches proches.
    """
    cols = ["département", "rubrique", "n°", "recommandation", "thème", "score du thème", RELIABILITY_COL,
            "thèmes secondaires", CLOSEST_COL, PROXIMITY_COL, "autres fiches proches"]  # fmt: skip
    if not len(youth_recommendations):
        return pd.DataFrame(columns=cols)
    th = _themes_of(text_themes, "youth_recommendations")
    titles = dict(
        zip(zip(actions["plan_id"], actions["action_id"], strict=True), shown_text(actions, "title"), strict=True)
    )
    df = _with_dept(youth_recommendations, plans).sort_values(["plan_id", "position"])
    rows = []
    for r in df.itertuples():
        ref = str(r.position)
        t = th[(th["plan_id"] == r.plan_id) & (th["source_ref"] == ref)]
        m = text_matches[
            (text_matches["plan_id"] == r.plan_id)
            & (text_matches["source_table"] == "youth_recommendations")
            & (text_matches["source_ref"] == ref)
        ].sort_values("match_rank")
        if len(m):
            b = m.iloc[0]
            label = f"{b.action_id} – {clip(titles.get((r.plan_id, b.action_id), ''))}"
            best = label if bool(b.answers) else f"{NO_CLOSE_SHEET} (la plus proche, sous le seuil : {label})"
            score = round(float(b.score), 2)
            others = " | ".join(
                f"{x.action_id} – {clip(titles.get((r.plan_id, x.action_id), ''))} ({f'{float(x.score):.2f}'.replace('.', ',')})"
                for x in m.iloc[1:].itertuples()
                if bool(x.answers)
            )
        else:
            best, score, others = NO_CLOSE_SHEET, None, ""
        rows.append(
            [
                r.département,
                _rubrique([r.theme])[0],
                # the number as printed; none printed: "—" (its position would read as a printed
                # number, and can repeat one: Lot-et-Garonne prints "3" and, two lines above, none)
                r.ref if isinstance(r.ref, str) and r.ref else "—",
                r.text,
                t["thème"].iloc[0] if len(t) else "—",
                t["score du thème"].iloc[0] if len(t) else None,
                score_reliability([t["score du thème"].iloc[0] if len(t) else None], "youth")[0],
                t["thèmes secondaires"].iloc[0] if len(t) else "—",
                best,
                score,
                others or "—",
            ]
        )
    return pd.DataFrame(rows, columns=cols)
