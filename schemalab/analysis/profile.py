"""Report 08: one département's profile.

A département with several editions: the page describes its latest edition (or the
``plan_id`` given), and :func:`editions_table` / :func:`edition_changes` show every
edition side by side and what changed from one to the next."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.calendars import STATUS_FR
from schemalab.analysis.display import natural_sort
from schemalab.analysis.findings import unread_topics
from schemalab.analysis.loading import latest_editions, select_departments
from schemalab.analysis.money import money_sentences, with_printed_perimeter
from schemalab.analysis.overview import distinct_sub_actions, overview
from schemalab.analysis.params import ParameterError
from schemalab.analysis.themes import RELIABILITY_COL, score_reliability, theme_label


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


def profile_facts(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Key facts of one département's plan (its latest edition, or ``plan_id``) as
    (rubrique, valeur) rows."""
    sub = edition_tables(tables, code, plan_id)
    p = sub["plans"].iloc[0]
    ov = with_printed_perimeter(overview(sub), sub).iloc[0]
    status = sub["actions"]["calendar_status"].value_counts()
    unread = unread_topics(p["plan_id"])

    def read(value, topic: str) -> str:
        """A zero or an absence where a part of the plan was not read: "none in the text read"."""
        if topic in unread and str(value) in ("0", "non cité", "0 / " + str(len(sub["actions"]))):
            return f"{value} dans le texte lu (une partie du schéma non lue : voir « Avant de comparer »)"
        return str(value)

    facts = [
        ("Schéma", p["title"]),
        ("Période", ov["période"]),
        ("Fichier source", p["source_file"]),
        ("Axes", ov["axes"]),
        ("Fiches actions", ov["fiches actions"]),
        ("Sous-actions", ov["sous-actions"]),
        ("Indicateurs", ov["indicateurs"]),
        ("Acteurs distincts (noms normalisés)", ov["acteurs distincts"]),
        ("Montants nommés", read(ov["montants nommés"], "money")),
        ("Budget ou dépense annuels enfance-famille cités", read(ov["budget annuel cité"], "money")),
        ("Ce que couvre ce montant, selon le schéma", ov["périmètre imprimé"]),
        ("Fiches qui chiffrent leurs moyens", read(ov["fiches chiffrées"], "money")),
        ("L'argent du schéma, en une phrase", money_sentences(sub)[0]),
        (
            "Calendriers",
            ", ".join(f"{STATUS_FR[s]} : {int(status.get(s, 0))}" for s in STATUS_FR),
        ),
        ("Actions du schéma précédent revues", read(len(sub["previous_review"]), "review")),
        ("Recommandations de jeunes imprimées", len(sub["youth_recommendations"])),
    ]
    return pd.DataFrame(facts, columns=["rubrique", "valeur"]).astype({"valeur": str})


def axes_table(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Axes of one département's plan (latest edition, or ``plan_id``) with their number of
    action sheets."""
    sub = edition_tables(tables, code, plan_id)
    n = sub["actions"].groupby("axis_id").size()
    axes = sub["axes"].sort_values("position")
    return pd.DataFrame(
        {"axe": axes["axis_id"], "intitulé": axes["title"], "fiches": axes["axis_id"].map(n).fillna(0).astype(int)}
    ).reset_index(drop=True)


def actions_table(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Action sheets of one département: number, axis, title, theme, calendar, counts, and
    the line of the plan text (« Fichier source » of the profile) where the sheet starts."""
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
            "intitulé": a["title"],
            "thème": a["action_id"].map(th).map(theme_label, na_action="ignore") if len(th) else "thèmes non calculés",
            "calendrier": a["calendar_status"].map(STATUS_FR),
            "sous-actions": a["action_id"].map(n_sub).fillna(0).astype(int),
            "indicateurs": a["action_id"].map(n_ind).fillna(0).astype(int),
            "ligne": a["first_line"].astype("Int64") if "first_line" in a else pd.NA,
        }
    )
    out["thème"] = out["thème"].fillna("sans thème")
    return natural_sort(out, ["fiche"])


def national_note(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> list[str]:
    """What the box plots of a profile (:func:`schemalab.plots.national_profile`, drawn on
    :func:`national_tables`) cannot say: the rank places a count, it does not grade a plan;
    and which départements' « indicateurs » are « résultats attendus »
    (:func:`schemalab.analysis.indicators.expected_results_note`)."""
    from schemalab.analysis.indicators import expected_results_note

    nat = national_tables(tables, code, plan_id)
    return [
        f"Le rang écrit près du point de ce département (« … sur {len(nat['plans'])} ») situe un nombre d'éléments imprimés, "
        "il ne classe pas les schémas : plus de fiches, d'indicateurs ou d'acteurs nommés ne fait pas un meilleur "
        "schéma.",
        expected_results_note(nat["indicators"], nat["plans"]),
    ]


def theme_score_note() -> str:
    """One sentence telling what « score du thème » is, for the tables of a profile that show it."""
    return (
        "Score du thème : la probabilité (de 0 à 1) que le classifieur donne au thème principal du texte ; "
        "ce n'est pas une note de qualité de la recommandation. « Thème juste à ce score » dit combien de fois un "
        "thème de ce score a été juste sur des textes d'un département dont le classifieur n'a rien appris (détail "
        "ci-dessous) ; comment les thèmes sont attribués et leur exactitude : « Méthode et limites »."
    )


def youth_table(tables: dict[str, pd.DataFrame], code: str, plan_id: str | None = None) -> pd.DataFrame:
    """Recommendations of a youth council printed in one département's plan: the rubrique
    (heading) each is printed under, its text, and (when the theme step has run) the theme
    given automatically, read with that rubrique, and its score."""
    sub = edition_tables(tables, code, plan_id)
    y = sub["youth_recommendations"].sort_values("position")
    out = y[["theme", "text"]].rename(columns={"theme": "rubrique", "text": "recommandation"})
    tt = sub.get("text_themes")
    if tt is not None and len(tt):
        tt = tt[tt["source_table"] == "youth_recommendations"].set_index("source_ref")
        ref = y["position"].astype(str)
        out["thème"] = ref.map(tt["theme_code"]).map(theme_label, na_action="ignore").fillna("—")
        out["score du thème"] = ref.map(tt["theme_score"]).astype(float).round(2)
        out[RELIABILITY_COL] = score_reliability(out["score du thème"], "sentences")
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
        themes = " ; ".join(f"{theme_label(c)} : {n / len(at):.0%}".replace("%", "\u202f%") for c, n in top)
    else:
        themes = "thèmes non calculés"
    return {
        "Schéma": str(p["title"]),
        "Période": f"{int(p['period_start'])}–{int(p['period_end'])}",
        "Fichier source": str(p["source_file"]),
        "Axes": str(len(sub["axes"])),
        "Fiches actions": str(len(sub["actions"])),
        "Indicateurs": str(len(ind)),
        "Indicateurs par nature": counts("kind", KIND_FR),
        "Indicateurs par mesure": counts("measure", MEASURE_FR),
        "Thèmes principaux (part des fiches)": themes,
        "Montants nommés": str(len(sub["budget_lines"])),
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
            " ".join(edition_changes(tables, prev, pid)) if prev else "première édition construite"
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
        gone = [theme_label(r["theme_code"]) for r in d["themes"] if r["status"] == "dropped"]
        new = [theme_label(r["theme_code"]) for r in d["themes"] if r["status"] == "new"]
        if gone:
            out.append("Thèmes sans fiche dans la nouvelle édition : " + " ; ".join(gone) + ".")
        if new:
            out.append("Thèmes nouveaux : " + " ; ".join(new) + ".")
        if not gone and not new:
            out.append("Mêmes thèmes principaux dans les deux éditions.")
    m = d["money"]
    out.append(f"Montants nommés : {m['amounts'][old_id]} puis {m['amounts'][new_id]}.")
    ind = d["indicators"]
    moved = [f"{MEASURE_FR.get(k, k)} {a} → {b}" for k, (a, b) in ind["by_measure"].items() if a != b]
    out.append(
        f"Indicateurs : {ind['total'][0]} puis {ind['total'][1]}" + (f" ({', '.join(moved)})." if moved else ".")
    )
    return out
