"""Report 08: one département's profile.

A département with several editions: the page describes its latest edition (or the
``plan_id`` given), and :func:`editions_table` / :func:`edition_changes` show every
edition side by side and what changed from one to the next."""

from __future__ import annotations

import html

import pandas as pd

from schemalab.analysis.calendars import STATUS_FR
from schemalab.analysis.display import NATIONAL, french_number, line_ref, natural_sort, shown_text
from schemalab.analysis.loading import latest_editions, select_departments
from schemalab.analysis.money import money_sentences, with_printed_perimeter
from schemalab.analysis.overview import (
    EXPECTED_COL,
    INDICATORS_COL,
    distinct_sub_actions,
    overview,
    sub_action_unit,
    sub_actions_counted,
    unread_cell,
)
from schemalab.analysis.params import ParameterError
from schemalab.analysis.themes import (
    RELIABILITY_COL,
    THEME_NAMES,
    score_reliability,
    theme_coverage,
    theme_label,
    theme_matrix,
)


def edition_tables(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> dict[str, pd.DataFrame]:
    """The tables of one edition of département ``code``: its latest, or ``plan_id``.

    Raises:
        ParameterError: no plan for ``code``, or ``plan_id`` is not one of its editions.
    """
    plan_id = edition_id(tables["plans"], code, plan_id)
    # one filter of each table by plan id (a profile calls this for each of its sections)
    return {
        n: (df[df["plan_id"] == plan_id].reset_index(drop=True) if "plan_id" in df else df) for n, df in tables.items()
    }


def edition_id(plans: pd.DataFrame, code: str, plan_id: str | None = None) -> str:
    """The plan id :func:`edition_tables` describes: département ``code``'s latest edition,
    or ``plan_id`` checked to be one of its editions (ParameterError otherwise)."""
    mine = plans[plans["department_code"].isin([code])]
    ids = list(mine.sort_values(["period_end", "period_start"])["plan_id"])
    if not ids:
        raise ParameterError(f"aucun schéma pour le département {code!r}")
    if plan_id is None:
        return latest_editions(mine)[0]
    if plan_id not in ids:
        raise ParameterError(f"édition inconnue pour le département {code} : {plan_id!r} ; éditions : {', '.join(ids)}")
    return plan_id


def national_tables(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> dict[str, pd.DataFrame]:
    """The tables a profile compares its plan with: this edition of département ``code``
    (its latest, or ``plan_id``) and every other département's latest edition, so one
    département is never counted twice and an older edition is still drawn."""
    plans = tables["plans"]
    mine = edition_id(plans, code, plan_id)
    others = plans[plans["department_code"] != code]
    keep = {*latest_editions(others), mine}
    return {
        n: (df[df["plan_id"].isin(keep)].reset_index(drop=True) if "plan_id" in df else df) for n, df in tables.items()
    }


def theme_name(code) -> str:
    """A theme's name for a reader (« Prévention, soutien à la parentalité »), without its
    code; the codes (T01…T14) stay in the tables and their CSV files."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return "sans thème"
    return THEME_NAMES.get(str(code), str(code))


#: A theme label of the comparison reports (« T02 Prévention, … », :func:`theme_label`) → its name.
_NAME_OF_LABEL = {theme_label(c): n for c, n in THEME_NAMES.items()}


def plan_title(plan) -> str:
    """A plan's title as a reader sees it: ``plans.title_clean``, the OCR damage repaired by the
    parser that read the plan (« de I'enfance » → « de l'enfance », Pas-de-Calais), like the
    sheets' ``title_clean``; the printed title stays in ``plans.title`` and in « Provenance »."""
    clean = plan.get("title_clean") if hasattr(plan, "get") else None
    return str(clean) if isinstance(clean, str) and clean.strip() else str(plan["title"])


class Heading:
    """The profile's title (an HTML ``<h1>``, escaped) and the line under it."""

    def __init__(self, title: str, lead: str):
        self.title, self.lead = title, lead

    def _repr_html_(self) -> str:
        return f"<h1>{html.escape(self.title, quote=False)}</h1><p>{html.escape(self.lead, quote=False)}</p>"

    def _repr_markdown_(self) -> str:
        return f"# {self.title}\n\n{self.lead}"

    def __repr__(self) -> str:
        return f"{self.title}\n{self.lead}"


def profile_heading(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> Heading:
    """The profile's title naming its département (« Profil d'un département : Landes (40) »)
    and, under it, the plan described (its period and title)."""
    p = edition_tables(tables, code, plan_id)["plans"].iloc[0]
    return Heading(
        f"Profil d'un département : {p['department_name']} ({p['department_code']})",
        f"Le schéma {int(p['period_start'])}–{int(p['period_end'])} (« {plan_title(p)} ») en une page : "
        "chiffres clés, axes, fiches, calendrier, acteurs, montants, indicateurs.",
    )


def _none(n: int, word: str = "aucune") -> str:
    """A count as a reader reads it: « aucune » for an absence, never a bare 0."""
    return word if int(n) == 0 else french_number(n)


def _sub_actions_fact(sub: dict[str, pd.DataFrame], plan_id: str) -> str:
    """« 206 étapes distinctes sur 271 imprimées (…) » and the plan's unit of steps."""
    distinct, printed = sub_actions_counted(sub["sub_actions"], plan_id)
    head = (
        f"{french_number(distinct)} étapes distinctes sur {french_number(printed)} imprimées (une étape répétée "
        "chaque année compte une fois)"
        if distinct < printed
        else _none(distinct)
    )
    if not printed:
        return head
    return (
        f"{head} ; unité du schéma : {sub_action_unit(sub['sub_actions'])} ; chaque schéma découpe ses fiches "
        "autrement : un ordre de grandeur, pas une comparaison"
    )


def _indicators_fact(total: int, expected: int) -> str:
    """« 113, dont 108 « résultats attendus » » (or « aucun »)."""
    if not total:
        return "aucun"
    if not expected:
        return f"{french_number(total)} indicateurs"
    if expected == total:
        return f"{french_number(total)} « résultats attendus » (aucun indicateur)"
    return (
        f"{french_number(total)} : {french_number(total - expected)} indicateurs et {french_number(expected)} "
        "« résultats attendus »"
    )


def profile_facts(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Key facts of one département's plan (its latest edition, or ``plan_id``) as
    (rubrique, valeur) rows. An absence reads « aucun(e) », never a bare 0; where the part
    of the plan that may hold it was not read (Orne's tome 1), « … dans le texte lu »."""
    sub = edition_tables(tables, code, plan_id)
    p = sub["plans"].iloc[0]
    ov = with_printed_perimeter(overview(sub), sub).iloc[0]
    status = sub["actions"]["calendar_status"].value_counts()
    pid = p["plan_id"]
    n_actions = len(sub["actions"])

    def read(value, topic: str, absent: str | None = None) -> str:
        """A zero or an absence where a part of the plan was not read: « aucun … dans le
        texte lu »; elsewhere a zero that is an absence: ``absent`` (« aucun »)."""
        shown = unread_cell(value, topic, pid, n_actions)
        if shown is not value:
            return f"{shown} (une partie du schéma non lue : voir « Avant de comparer »)"
        return absent if absent and str(value) == "0" else str(value)

    facts = [
        ("Schéma", plan_title(p)),
        ("Période", ov["période"]),
        ("Axes", ov["axes"]),
        ("Fiches actions", ov["fiches actions"]),
        ("Sous-actions", _sub_actions_fact(sub, pid)),
        ("Indicateurs ou résultats attendus", _indicators_fact(ov[INDICATORS_COL], ov[EXPECTED_COL])),
        ("Acteurs distincts (noms normalisés)", ov["acteurs distincts"]),
        ("Montants nommés", read(ov["montants nommés"], "money", "aucun")),
        ("Budget ou dépense annuels enfance-famille cités", read(ov["budget annuel cité"], "money")),
        ("Ce que couvre ce montant, selon le schéma", ov["périmètre imprimé"]),
        ("Fiches qui chiffrent leurs moyens", read(ov["fiches chiffrées"], "money")),
        ("L'argent du schéma, en une phrase", money_sentences(sub)[0]),
        ("Calendriers", ", ".join(f"{STATUS_FR[s]} : {int(status.get(s, 0))}" for s in STATUS_FR)),
        ("Actions du schéma précédent revues", read(len(sub["previous_review"]), "review", "aucune")),
        ("Recommandations de jeunes imprimées", _none(len(sub["youth_recommendations"]))),
    ]
    return pd.DataFrame(facts, columns=["rubrique", "valeur"]).astype({"valeur": str})


def axes_table(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Axes of one département's plan (latest edition, or ``plan_id``) with their number of
    action sheets; titles as repaired where the plan's text was damaged (:func:`shown_text`)."""
    sub = edition_tables(tables, code, plan_id)
    n = sub["actions"].groupby("axis_id").size()
    axes = sub["axes"].sort_values("position")
    return pd.DataFrame(
        {
            "axe": axes["axis_id"],
            "intitulé": shown_text(axes, "title"),
            "fiches": axes["axis_id"].map(n).fillna(0).astype(int),
        }
    ).reset_index(drop=True)


def actions_table(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Action sheets of one département: number, axis, title (repaired where the text was
    damaged), theme (its name), calendar, counts, and the line of the plan text where the
    sheet starts (the file is named in « Provenance »)."""
    sub = edition_tables(tables, code, plan_id)
    a = sub["actions"]
    n_ind = sub["indicators"].groupby("action_id").size()
    n_sub = distinct_sub_actions(sub["sub_actions"]).groupby("action_id").size()
    th = (
        sub["action_themes"].set_index("action_id")["theme_code"] if len(sub["action_themes"]) else pd.Series(dtype=str)
    )
    out = pd.DataFrame(
        {
            "fiche": a["action_id"],
            "axe": a["axis_id"],
            "intitulé": shown_text(a, "title"),
            "thème": a["action_id"].map(th).map(theme_name, na_action="ignore") if len(th) else "thèmes non calculés",
            "calendrier": a["calendar_status"]
            .map(STATUS_FR)
            .mask(a["action_id"].isin(_steps_dated(a, sub["calendar"])), f"{STATUS_FR['explicit']} (étapes datées)"),
            "sous-actions": a["action_id"].map(n_sub).fillna(0).astype(int),
            "indicateurs ou résultats attendus": a["action_id"].map(n_ind).fillna(0).astype(int),
            "ligne": a["first_line"].astype("Int64") if "first_line" in a else pd.NA,
        }
    )
    out["thème"] = out["thème"].fillna("sans thème")
    return natural_sort(out, ["fiche"])


#: The counts :func:`national_counts` places the département among the others on.
NATIONAL_COLUMNS = ["axes", "fiches actions", "indicateurs", "résultats attendus", "acteurs distincts"]
#: The two kinds of item a sheet prints to follow its action: a plan prints one kind, the
#: other, or both (Pas-de-Calais only « Résultats attendus », e.g. 62:2608; Landes only
#: « Indicateurs »).
ITEM_KINDS = ("indicateurs", "résultats attendus")


def kind_not_printed(counts: pd.DataFrame, kinds=ITEM_KINDS) -> pd.DataFrame:
    """Where a count of one kind of item is « sans objet »: the plan prints none of that
    kind while it prints items of another kind of ``kinds`` (its sheets follow their
    actions with the other kind): True there, False elsewhere. A plan that prints none of
    any kind keeps its zeros: it prints nothing to follow its actions, a real absence.

    One row per row of ``counts``, one column per kind of ``kinds`` found in ``counts``."""
    cols = [k for k in kinds if k in counts]
    if not cols:
        return pd.DataFrame(index=counts.index)
    values = counts[cols].apply(pd.to_numeric, errors="coerce").fillna(0)
    uses_some = (values > 0).any(axis=1)
    return (values == 0) & pd.DataFrame({c: uses_some for c in cols}, index=counts.index)


def national_counts(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """One row per département of :func:`national_tables` (this edition and every other
    département's latest) with :data:`NATIONAL_COLUMNS`: indicators and « résultats
    attendus » counted apart, so each dot strip of the profile compares like with like.

    A kind of item the plan does not use (:func:`kind_not_printed`: none of it, while it
    prints the other kind) is NaN, « sans objet » in the figure
    (:func:`schemalab.plots.national_profile`), never a 0 read as a lack."""
    ov = overview(national_tables(tables, code, plan_id))
    ov["indicateurs"] = ov[INDICATORS_COL] - ov[EXPECTED_COL]
    ov["résultats attendus"] = ov[EXPECTED_COL]
    out = ov[["département", *NATIONAL_COLUMNS]].copy()
    na = kind_not_printed(out)
    for col in na.columns:
        out[col] = out[col].astype(float).mask(na[col])
    return out


def national_note(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> list[str]:
    """What the figure of a profile (:func:`schemalab.plots.national_profile`, drawn on
    :func:`national_counts`) cannot say: a count places the plan, it does not grade it; and
    which départements print « résultats attendus » rather than indicators
    (:func:`schemalab.analysis.indicators.expected_results_note`)."""
    from schemalab.analysis.indicators import expected_results_note

    nat = national_tables(tables, code, plan_id)
    n = len(nat["plans"])
    how = (
        f"Un point par département ({n} comparés), chaque ligne sur sa propre échelle"
        if n <= NATIONAL
        else f"La boîte couvre la moitié centrale des {n} départements, le trait leur médiane"
    )
    return [
        f"{how} ; indicateurs et « résultats attendus » sont comptés à part, et « sans objet » marque un schéma "
        "qui n'imprime que l'autre type d'élément : ce n'est pas un manque, et ce n'est pas compté 0. Un nombre "
        "d'éléments imprimés "
        "situe le schéma, il ne classe pas les schémas : plus de fiches, d'indicateurs ou d'acteurs nommés ne fait "
        "pas un meilleur schéma.",
        expected_results_note(nat["indicators"], nat["plans"]),
    ]


def sheet_theme_matrix(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Sheets per theme of one edition's tables ``t``, one row per theme named by its name
    (not its code), for the profile's heatmap; empty without themes."""
    m = theme_matrix(theme_coverage(t["action_themes"], t["plans"]), "n_actions")
    if not len(m):
        return m
    m.index = [_NAME_OF_LABEL.get(x, x) for x in m.index]
    return m


#: Column of :func:`profile_indicators`: where each item is read, « Haute-Garonne, l. 978 ».
SOURCE_IN_PLAN = "source dans le schéma"


def profile_indicators(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The indicators (or « résultats attendus ») of one edition's tables ``t`` for a reader:
    :func:`schemalab.analysis.indicators.indicator_table` with the text as repaired where
    the plan's text was damaged, the theme's name, and its source as « Haute-Garonne,
    l. 978 » (:data:`SOURCE_IN_PLAN`; the file is named in « Provenance »)."""
    from schemalab.analysis.indicators import SOURCE_COL, indicator_table

    ind = t["indicators"].assign(text=shown_text(t["indicators"], "text"))
    out = indicator_table(ind, t["plans"], t["action_themes"]).drop(columns=["département"])
    names = dict(zip(t["plans"]["plan_id"], t["plans"]["department_name"], strict=True))
    out["thème"] = out["thème"].map(lambda x: _NAME_OF_LABEL.get(x, x))
    out[SOURCE_COL] = [
        line_ref(names.get(p, p), n)
        for p, n in zip(ind["plan_id"], ind["line"] if "line" in ind else [None] * len(ind), strict=True)
    ]
    return out.rename(columns={SOURCE_COL: SOURCE_IN_PLAN})


def profile_measurability(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The measurability of one edition's items (tables ``t``) for the profile's chart
    (:func:`schemalab.plots.measurability`), counted as report 05 counts them: the
    « résultats attendus » a category of their own, never classed by measure like
    indicators (:func:`schemalab.analysis.indicators.measurability_summary` with
    ``expected_apart``)."""
    from schemalab.analysis.indicators import indicator_table, measurability_summary

    return measurability_summary(indicator_table(t["indicators"], t["plans"], t["action_themes"]), expected_apart=True)


def shown_titles(actions: pd.DataFrame) -> pd.DataFrame:
    """``actions`` with each title as a reader sees it (:func:`shown_text`: repaired where the
    plan's text was damaged), for a figure that labels sheets by title (the Gantt chart)."""
    return actions.assign(title=shown_text(actions, "title"))


def _steps_dated(actions: pd.DataFrame, calendar: pd.DataFrame | None) -> list[str]:
    """The « explicite » sheets of ``actions`` whose years are read in the dated deadlines
    of their steps (:func:`schemalab.analysis.calendars.steps_dated_sheets`), in order."""
    from schemalab.analysis.calendars import steps_dated_sheets

    if calendar is None or not len(actions):
        return []
    ids = set(actions.loc[actions["calendar_status"] == "explicit", "action_id"])
    return [
        a for pid in actions["plan_id"].unique() for a in steps_dated_sheets(calendar, pid)["action_id"] if a in ids
    ]


def calendar_words(actions: pd.DataFrame, calendar: pd.DataFrame | None = None) -> str:
    """What each calendar state of the profile means, in the words of report 04
    (:data:`schemalab.analysis.calendars.STATUS_FR`), with this plan's count of each.

    With ``calendar``: the « explicite » sheets whose years are read in the dated
    deadlines of their steps, not in a printed calendar
    (:func:`schemalab.analysis.calendars.steps_dated_sheets`), are named apart."""
    explicit = "années ou semestres imprimés, tracés ci-dessus"
    dated = _steps_dated(actions, calendar)
    if dated:
        one = len(dated) == 1
        explicit = (
            "années ou semestres imprimés dans le calendrier de la fiche, ou, pour "
            + ("la fiche " if one else "les fiches ")
            + ", ".join(dated)
            + (" qui n'en imprime pas" if one else " qui n'en impriment pas")
            + ", lus dans les échéances datées de ses étapes (barre hachurée) ; tracés ci-dessus"
        )
    meaning = {
        "explicit": explicit,
        "relative": "une échéance sans année (« chaque année », « deuxième trimestre de l'année n+1 »)",
        "unrecoverable": "un tableau de programmation dont le grisé a été perdu à la conversion du document "
        "(aucune année n'est inventée)",
        "absent": "aucun calendrier imprimé",
    }
    n = actions["calendar_status"].value_counts()
    parts = [f"« {STATUS_FR[s]} » ({_none(int(n.get(s, 0)))}) : {meaning[s]}" for s in STATUS_FR]
    return (
        "États des calendriers, avec les mots du rapport 04 et le nombre de fiches de ce schéma : "
        + " ; ".join(parts)
        + "."
    )


def theme_score_note() -> str:
    """One sentence telling what « score du thème » is, for the tables of a profile that show it."""
    return (
        "Score du thème : la probabilité (de 0 à 1) que le classifieur donne au thème principal du texte ; "
        "ce n'est pas une note de qualité de la recommandation. « Thème juste à ce score » dit combien de fois un "
        "thème de ce score a été juste sur des recommandations de jeunes que le classifieur n'a jamais apprises "
        "(détail ci-dessous) ; comment les thèmes sont attribués et leur exactitude : « Méthode et limites »."
    )


def youth_table(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Recommendations of a youth council printed in one département's plan: the rubrique
    (heading) each is printed under, its text, and (when the theme step has run) the theme
    given automatically (its name), read with that rubrique, and its score."""
    sub = edition_tables(tables, code, plan_id)
    y = sub["youth_recommendations"].sort_values("position")
    out = y[["theme", "text"]].rename(columns={"theme": "rubrique", "text": "recommandation"})
    tt = sub.get("text_themes")
    if tt is not None and len(tt):
        tt = tt[tt["source_table"] == "youth_recommendations"].set_index("source_ref")
        ref = y["position"].astype(str)
        out["thème"] = ref.map(tt["theme_code"]).map(theme_name, na_action="ignore").fillna("—")
        out["score du thème"] = ref.map(tt["theme_score"]).astype(float).round(2)
        out[RELIABILITY_COL] = score_reliability(out["score du thème"], "youth")
    return out.reset_index(drop=True)


def _edition_column(sub: dict[str, pd.DataFrame]) -> dict[str, str]:
    """One edition's rubriques for :func:`editions_table`."""
    from schemalab.analysis.indicators import KIND_FR, MEASURE_FR

    p = sub["plans"].iloc[0]
    ind = sub["indicators"]

    def counts(col, names):
        if not len(ind) or col not in ind:
            return "aucun"
        vc = ind[col].fillna("non dit").value_counts()
        return ", ".join(f"{names.get(k, k)} : {int(n)}" for k, n in vc.sort_index().items())

    at = sub["action_themes"]
    if len(at):
        vc = at["theme_code"].value_counts()
        top = sorted(vc.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
        themes = " ; ".join(f"{theme_name(c)} : {n / len(at):.0%}".replace("%", "\u202f%") for c, n in top)
    else:
        themes = "thèmes non calculés"
    return {
        "Schéma": plan_title(p),
        "Période": f"{int(p['period_start'])}–{int(p['period_end'])}",
        "Axes": str(len(sub["axes"])),
        "Fiches actions": str(len(sub["actions"])),
        "Indicateurs ou résultats attendus": str(len(ind)),
        "Indicateurs par nature": counts("kind", KIND_FR),
        "Indicateurs par mesure": counts("measure", MEASURE_FR),
        "Thèmes principaux (part des fiches)": themes,
        "Montants nommés": str(unread_cell(str(len(sub["budget_lines"])), "money", p["plan_id"])),
        "L'argent du schéma, en une phrase": money_sentences(sub)[0],
    }


def editions_table(tables: dict[str, pd.DataFrame], code: str) -> pd.DataFrame:
    """The editions of département ``code`` side by side, oldest first: one column per
    edition (its period), one row per rubrique (period, sheets, indicators by kind and
    measure, main themes, money cited), and a last row saying what changed since the
    edition before (:func:`edition_changes`). A single edition gives a single column."""
    sub = select_departments(tables, [code])
    plans = sub["plans"].sort_values(["period_end", "period_start"])
    if not len(plans):
        raise ParameterError(f"aucun schéma pour le département {code!r}")
    cols = {}
    prev = None
    for pid in plans["plan_id"]:
        one = edition_tables(tables, code, pid)
        col = _edition_column(one)
        col["Ce qui a changé depuis l'édition précédente"] = (
            " ".join(edition_changes(tables, prev, pid)) if prev else "première édition disponible"
        )
        p = one["plans"].iloc[0]
        cols[f"{int(p['period_start'])}–{int(p['period_end'])}"] = col
        prev = pid
    out = pd.DataFrame(cols)
    out.index.name = "rubrique"
    return out.reset_index()


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def edition_changes(tables: dict[str, pd.DataFrame], old_id: str, new_id: str) -> list[str]:
    """What changed from edition ``old_id`` to ``new_id``, as French sentences (sheets by
    title, main themes, money, indicators), from :func:`schemalab.diff.diff_editions`."""
    from schemalab.analysis.indicators import MEASURE_FR
    from schemalab.diff import diff_editions

    d = diff_editions(tables, old_id, new_id)
    sh = d["sheets"]
    out = [
        f"Fiches : {sh['old']} puis {sh['new']} ; {_n(sh['kept'], 'reprise')} sous le même titre, "
        f"{_n(len(sh['dropped']), 'disparue')}, {_n(len(sh['added']), 'nouvelle')}."
    ]
    if sh["dropped"]:
        out.append("Disparues : " + " ; ".join(f"« {r['title']} »" for r in sh["dropped"]) + ".")
    if sh["added"]:
        out.append("Nouvelles : " + " ; ".join(f"« {r['title']} »" for r in sh["added"]) + ".")
    if d["themes"] is None:
        out.append("Thèmes non calculés.")
    else:
        gone = [theme_name(r["theme_code"]) for r in d["themes"] if r["status"] == "dropped"]
        new = [theme_name(r["theme_code"]) for r in d["themes"] if r["status"] == "new"]
        if gone:
            out.append("Thèmes sans fiche dans la nouvelle édition : " + " ; ".join(gone) + ".")
        if new:
            out.append("Thèmes nouveaux : " + " ; ".join(new) + ".")
        if not gone and not new:
            out.append("Mêmes thèmes principaux dans les deux éditions.")
    m = d["money"]
    amounts = [unread_cell(str(m["amounts"][pid]), "money", pid) for pid in (old_id, new_id)]
    out.append(f"Montants nommés : {amounts[0]} puis {amounts[1]}.")
    ind = d["indicators"]
    moved = [f"{MEASURE_FR.get(k, k)} {a} → {b}" for k, (a, b) in ind["by_measure"].items() if a != b]
    out.append(
        f"Indicateurs ou résultats attendus : {ind['total'][0]} puis {ind['total'][1]}"
        + (f" ({', '.join(moved)})." if moved else ".")
    )
    return out
