"""What every report opens and closes with: "À retenir", comparability warnings, "Méthode et limites", "Provenance".

One call per notebook cell:

- :func:`key_findings` (``report``, tables): three to five French sentences computed from
  the tables (ranges, who is the only one to…, how many plans…), shown boxed at the top;
- :func:`caveats` (``report``, plans): the reviewed comparability warnings of
  ``data/caveats.yml`` for the plans a report compares (data, not code: each caveat is
  checked against the plan text and the tables by :func:`check_caveats`);
- :func:`method` (``report``): how the tables, themes and figures were made, what a
  figure means and what it cannot say, with the measured quality of the theme mapping
  read from ``data/theme_quality.json``;
- :func:`provenance` (tables): run, date (Europe/Paris), schemalab version and commit,
  each plan's official title, period and sha256.

``report`` is the notebook's number ("01" … "08") or its topic name (``overview``,
``themes``, ``money``, ``calendars``, ``indicators``, ``actors``, ``review``,
``profile``). Everything is computed from the tables given, never from code constants,
so the sentences stay true for a sixth plan.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from datetime import datetime
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from schemalab.analysis.calendars import STATUS_FR
from schemalab.analysis.display import LIST_LIMIT, NATIONAL, capped_list, dept_labels, french_number

DATA = Path(__file__).resolve().parents[1] / "data"
TOPICS = {
    "01": "overview",
    "02": "themes",
    "03": "money",
    "04": "calendars",
    "05": "indicators",
    "06": "actors",
    "07": "review",
    "08": "profile",
}


def _topic(report) -> str:
    r = str(report)
    topic = TOPICS.get(r[:2], r)
    if topic not in TOPICS.values():
        raise ValueError(
            f"rapport inconnu : {report!r} ; attendus : {', '.join(TOPICS)} ou {', '.join(TOPICS.values())}"
        )
    return topic


class Box:
    """A titled block of escaped French sentences (paragraphs or a list) for a report."""

    def __init__(self, title: str, lines: list[str], kind: str = "note", as_list: bool = False):
        self.title, self.lines, self.kind, self.as_list = title, [x for x in lines if x], kind, as_list

    def _repr_html_(self) -> str:
        e = html.escape
        if self.as_list and len(self.lines) > NATIONAL:  # e.g. 100 plans' provenance: the rest folded
            rest = "".join(f"<li>{e(x)}</li>" for x in self.lines[1:])
            body = (
                f"<ul><li>{e(self.lines[0])}</li></ul><details><summary>Afficher les {len(self.lines) - 1} "
                f"autres lignes</summary><ul>{rest}</ul></details>"
            )
        elif self.as_list:
            body = "<ul>" + "".join(f"<li>{e(x)}</li>" for x in self.lines) + "</ul>"
        else:
            body = "".join(f"<p>{e(x)}</p>" for x in self.lines)
        return f"<div class='schemalab-box schemalab-{e(self.kind)}'><h2>{e(self.title)}</h2>{body}</div>"

    def __repr__(self) -> str:
        return "\n".join([self.title, *(("- " if self.as_list else "") + x for x in self.lines)])


def _n(x) -> str:
    return french_number(x)


_enum = capped_list


def _names(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) > LIST_LIMIT:
        return _enum(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def _agree(names: list[str], singular: str, plural: str) -> str:
    """'Orne n'en nomme aucun' / 'Orne et Landes n'en nomment aucun'."""
    return f"{_names(names)} {singular if len(names) == 1 else plural}"


def _count(n, singular: str, plural: str) -> str:
    """'1 fiche' / '3 fiches' (French: 0 and 1 take the singular)."""
    return f"{_n(n)} {singular if int(n) <= 1 else plural}"


def _short(plans: pd.DataFrame) -> dict[str, str]:
    """plan_id → 'Landes' (the département's name)."""
    return {r.plan_id: str(r.department_name) for r in plans.itertuples()}


def _per_plan(df: pd.DataFrame, plans: pd.DataFrame) -> pd.Series:
    """Rows per plan, every compared plan present (0 when none)."""
    counts = df.groupby("plan_id").size() if len(df) else pd.Series(dtype=int)
    return counts.reindex(plans["plan_id"], fill_value=0).astype(int)


def _range(counts: pd.Series, plans: pd.DataFrame, what: str) -> str:
    """'de 12 fiches (Orne) à 32 (Haute-Garonne)'."""
    name = _short(plans)
    lo, hi = counts.idxmin(), counts.idxmax()
    return f"de {_n(counts[lo])} {what} ({name[lo]}) à {_n(counts[hi])} ({name[hi]})"


# À retenir ---------------------------------------------------------------------------------


def _overview(t: dict, plans: pd.DataFrame) -> list[str]:
    name = _short(plans)
    lines = []
    start, end = plans["period_start"].astype(int), plans["period_end"].astype(int)
    first = f"{_count(len(plans), 'schéma comparé', 'schémas comparés')}, couvrant des périodes de {start.min()} à {end.max()}"
    ended = plans[end.to_numpy() < start.max()]
    if len(ended):
        latest = plans.loc[start.idxmax()]
        first += (
            " ; "
            + _agree(
                [f"{r.department_name} ({r.period_start}-{r.period_end})" for r in ended.itertuples()],
                "s'achève",
                "s'achèvent",
            )
            + f" avant le début du plus récent ({latest['department_name']}, {latest['period_start']})"
        )
    lines.append(first + ".")
    sheets = _per_plan(t["actions"], plans)
    if len(plans) > 1:
        lines.append(f"Le nombre de fiches actions va {_range(sheets, plans, 'fiches')}.")
    ind = _per_plan(t["indicators"], plans)
    per_sheet = (ind / sheets.replace(0, pd.NA)).astype(float)
    if len(plans) > 1 and per_sheet.notna().any():
        lo, hi = per_sheet.idxmin(), per_sheet.idxmax()
        lines.append(
            f"Les indicateurs (ou résultats attendus) par fiche vont de {_n(round(per_sheet[lo], 1))} ({name[lo]}) "
            f"à {_n(round(per_sheet[hi], 1))} ({name[hi]}) en moyenne."
        )
    lines += _money(t, plans)[:1]
    return lines


def _money(t: dict, plans: pd.DataFrame) -> list[str]:
    from schemalab.analysis.money import (
        KIND_SHORT_FR,
        SCOPE_FR,
        count_status,
        counted_by_kind,
        counted_units_by_scope,
        n_costed_sheets,
    )

    name = _short(plans)
    b = t["budget_lines"]
    counts = _per_plan(b, plans)
    named = counts[counts > 0]
    none = [name[p] for p in counts.index if counts[p] == 0]
    unread = [p for p in counts.index if counts[p] == 0 and "money" in unread_topics(p)]
    lines = [
        f"{_count(len(named), 'schéma', 'schémas')} sur {_n(len(plans))} {'nomme' if len(named) <= 1 else 'nomment'} au moins un montant en euros"
        + ((" ; " + _agree(none, "n'en nomme aucun", "n'en nomment aucun")) if none else "")
        + (f" dans le texte lu {UNREAD_NOTE}" if none and len(unread) == len(none) else "")
        + "."
    ]
    if len(named):
        # no ranking by number of amounts: a spending table counts one cell per item and
        # year, an emergency plan for the whole population one amount per measure; the
        # counted amounts ("compté : oui") are given by kind (money.counted_by_kind)
        kept = _per_plan(b[(count_status(b) == "oui").to_numpy()], plans)
        by_kind = counted_by_kind(b) if "scope" in b.columns else {}
        # the unit amounts with their scopes: each adds back to its scope's count in the table
        unit_at = counted_units_by_scope(b) if "scope" in b.columns else {}
        parts = []
        for p in plans.sort_values("department_code")["plan_id"]:
            said = ", ".join(
                f"{KIND_SHORT_FR[k]} {_n(n)}"
                + (
                    " (" + ", ".join(f"{SCOPE_FR[s]} {_n(m)}" for s, m in unit_at.get(p, {}).items()) + ")"
                    if k == "unit"
                    else ""
                )
                for k, n in by_kind.get(p, {}).items()
            )
            parts.append(
                f"{name[p]} — {said or ('aucun dans le texte lu' if 'money' in unread_topics(p) else 'aucun')}"
            )
        # « argent du schéma » is what the plan commits, never a payment per person (money.amount_kind)
        units = (
            f" ; {KIND_SHORT_FR['unit']} : une prime, un forfait par personne ou par enfant, qui ne disent pas ce "
            "que le schéma engage, comptés à part avec leur portée"
            if any("unit" in k for k in by_kind.values())
            else ""
        )
        lines.append(
            "Les schémas ne se classent pas au nombre de montants qu'ils impriment "
            f"(tous schémas confondus : {_n(int(counts.sum()))} montants imprimés, {_n(int(kept.sum()))} comptés) : "
            "un tableau de dépenses compte une case par poste et par année, un plan d'urgence un montant par mesure. "
            f"Montants comptés, par nature ({KIND_SHORT_FR['own']} : les sommes que le schéma engage, dans ses "
            "fiches et ses enveloppes, hors montants unitaires ; "
            f"{KIND_SHORT_FR['context']} : budget annuel cité, période passée, autres financeurs{units}) : "
            + _enum(parts, " ; ")
            + "."
        )
        if "action_id" in b.columns and "scope" in b.columns:
            # the one rule of « fiches chiffrées » (money.costed_sheets), as the tables count them
            n_with = n_costed_sheets(b)
            n_act = _per_plan(t["actions"], plans)
            parts = [_costed_of(name[p], p, n_with.get(p, 0), n_act[p]) for p in plans["plan_id"] if n_act[p]]
            lines.append(
                "Fiches actions qui chiffrent leurs moyens (un montant de la fiche pour le schéma, hors constats "
                "d'une période passée et hors montant unitaire seul, comme une prime par personne) : "
                + _enum(parts)
                + "."
            )
    lines.append(
        "Les montants ne sont pas de même nature d'un schéma à l'autre (budget prévu, dépense constatée, coût estimé, "
        "montant par personne) : ils se lisent schéma par schéma, avec leur contexte, et ne sont additionnés que "
        "dans une même portée et une même périodicité."
    )
    return lines


def _costed_of(name: str, plan_id: str, k: int, n: int) -> str:
    """ "Landes 0 sur 26"; where the plan's money was not read, as report 01 and the
    profiles say it (:func:`unread_cell`): "Orne aucune sur 12 dans le texte lu"."""
    shown = unread_cell(f"{k} / {n}", "money", plan_id, n)
    return f"{name} " + (f"{_n(k)} sur {_n(n)}" if shown == f"{k} / {n}" else str(shown))


def _calendars(t: dict, plans: pd.DataFrame) -> list[str]:
    name = _short(plans)
    a = t["actions"]
    lines = []
    tab = pd.crosstab(a["plan_id"], a["calendar_status"]).reindex(
        index=plans["plan_id"], columns=list(STATUS_FR), fill_value=0
    )
    total = tab.sum(axis=1)
    full = [name[p] for p in tab.index if total[p] and tab.loc[p, "explicit"] == total[p]]
    if full:
        lines.append(
            _agree(
                full,
                "donne un calendrier lisible pour toutes ses fiches.",
                "donnent un calendrier lisible pour toutes leurs fiches.",
            )
        )
    for p in tab.index:
        lost = int(tab.loc[p, "unrecoverable"])
        if lost and lost * 2 > total[p]:
            lines.append(
                f"{name[p]} : {_n(lost)} calendriers sur {_n(total[p])} sont illisibles (grisé perdu à la conversion) ; "
                "sa programmation n'est pas connue, ce qui n'est pas une absence d'activité."
            )
    absent = [f"{name[p]} ({_n(tab.loc[p, 'absent'])} sur {_n(total[p])})" for p in tab.index if tab.loc[p, "absent"]]
    if absent:
        lines.append(f"Fiches sans aucun calendrier imprimé : {_enum(absent)}.")
    cal = t["calendar"]
    if len(cal):
        active = cal.drop_duplicates(["plan_id", "action_id", "year"]).groupby(["plan_id", "year"]).size()
        peaks = []
        for p in plans["plan_id"]:
            if p in active.index.get_level_values(0) and tab.loc[p, "explicit"] * 2 > total[p]:
                s = active.loc[p]
                years = [str(int(y)) for y in s[s == s.max()].index]  # every year at the peak, not the first
                peaks.append(
                    f"{name[p]} en {_names(years)} ({_n(s.max())} fiches{'' if len(years) == 1 else ' chaque année'})"
                )
        if peaks:
            lines.append("Année la plus chargée, là où les calendriers sont lisibles : " + _enum(peaks) + ".")
    return lines


def _indicators(t: dict, plans: pd.DataFrame) -> list[str]:
    name = _short(plans)
    ind, acts = t["indicators"], t["actions"]
    counts = _per_plan(ind, plans)
    lines = [f"{_n(int(counts.sum()))} indicateurs ou résultats attendus sont imprimés, {_range(counts, plans, '')}."]
    lines[0] = lines[0].replace("  (", " (")
    if "kind" in ind.columns and len(ind):
        # a plan whose items are (almost) all « résultats attendus »: Haute-Garonne also prints 5
        # « Nombre de … » in its risks cell (type not stated), so "only" would be untrue
        n_exp = ind[ind["kind"] == "resultat"].groupby("plan_id").size()
        n_all = ind.groupby("plan_id").size()
        mostly = [p for p in plans["plan_id"] if n_exp.get(p, 0) and n_exp.get(p, 0) >= 0.9 * n_all.get(p, 0)]
        if mostly and len(mostly) < len(plans):
            parts = [f"{name[p]} ({_n(n_exp[p])} sur {_n(n_all[p])})" for p in mostly]
            lines.append(
                _agree(parts, "imprime", "impriment")
                + " des « résultats attendus » plutôt que des indicateurs : la comparaison porte sur des énoncés de "
                "nature différente."
            )
    with_ind = _per_plan(ind.drop_duplicates(["plan_id", "action_id"]), plans)
    n_act = _per_plan(acts, plans)
    missing = [
        f"{name[p]} ({_n(n_act[p] - with_ind[p])} sur {_n(n_act[p])})" for p in n_act.index if n_act[p] > with_ind[p]
    ]
    if missing:
        lines.append("Fiches sans aucun indicateur : " + _enum(missing) + ".")
    else:
        lines.append("Chaque fiche des schémas comparés nomme au moins un indicateur ou résultat attendu.")
    return lines


def _actors(t: dict, plans: pd.DataFrame) -> list[str]:
    from schemalab.analysis.actors import actors_long

    name = _short(plans)
    if not len(t["action_actors"]):
        return ["Aucun pilote ni partenaire n'est nommé dans les schémas comparés."]
    lines = []
    aa = actors_long(t["action_actors"], plans)  # the names as report 06 counts them
    pilots = _per_plan(aa[aa["role"] == "pilot"], plans)
    nopilot = [name[p] for p in pilots.index if pilots[p] == 0]
    if nopilot and len(nopilot) < len(plans):
        lines.append(
            _agree(nopilot, "ne désigne", "ne désignent")
            + " aucun pilote par fiche : seuls des partenaires ou « acteurs » sont listés."
        )
    distinct = (
        aa.drop_duplicates(["plan_id", "acteur"]).groupby("plan_id").size().reindex(plans["plan_id"], fill_value=0)
    )
    if len(plans) > 1:
        lo, hi = distinct.idxmin(), distinct.idxmax()
        lines.append(
            f"Le nombre d'acteurs distincts nommés, pilotes et partenaires confondus, va de {_n(distinct[lo])} "
            f"({_short(plans)[lo]}) à {_n(distinct[hi])} ({_short(plans)[hi]})."
        )
    spread = aa.drop_duplicates(["plan_id", "acteur"]).groupby("acteur").size()
    everywhere = sorted(spread[spread == len(plans)].index)
    if len(plans) > 1 and everywhere:
        quoted = ["« " + x + " »" for x in everywhere]
        shown = quoted if len(quoted) <= 10 else [*quoted[:9], f"{_n(len(quoted) - 9)} autres"]
        lines.append(
            f"{_count(len(everywhere), 'acteur est cité', 'acteurs sont cités')} par les {_n(len(plans))} schémas : "
            + _names(shown)
            + "."
        )
    return lines


def _review(t: dict, plans: pd.DataFrame) -> list[str]:
    name = _short(plans)
    r = t["previous_review"]
    counts = _per_plan(r, plans)
    have = [f"{name[p]} ({_n(counts[p])} actions)" for p in counts.index if counts[p]]
    lacking = [name[p] for p in counts.index if not counts[p]]
    lines = [
        f"{_count(len(have), 'schéma', 'schémas')} sur {_n(len(plans))} {'présente' if len(have) <= 1 else 'présentent'} un bilan du schéma précédent action par action"
        + (f" : {_enum(have)}." if have else ".")
    ]
    if lacking:
        lines.append(_agree(lacking, "n'en présente pas", "n'en présentent pas") + " dans le texte lu.")
    if len(r) and "status" in r.columns:
        known = r[r["status"].fillna("unknown") != "unknown"]
        if not len(known):
            lines.append(
                "Aucun état de réalisation n'est lisible action par action dans ces bilans : la colonne ou les marques "
                "d'état sont vides ou illisibles dans le texte lu (perdues à la conversion du document), si bien que "
                "ces rapports ne peuvent pas dire où en est chaque action ; ce que les bilans en disent d'ensemble se "
                "lit dans leur texte."
            )
        else:
            lines.append(f"L'état de réalisation est lisible pour {_n(len(known))} actions revues sur {_n(len(r))}.")
    return lines


def _themes(t: dict, plans: pd.DataFrame) -> list[str]:
    from schemalab.analysis.themes import theme_name

    name = _short(plans)
    at = t.get("action_themes")
    if at is None or not len(at):
        return [
            "Les thèmes n'ont pas été calculés pour cette exécution : aucune comparaison thématique n'est possible."
        ]
    at = at[at["plan_id"].isin(plans["plan_id"])]
    lines = []
    main = at.groupby("theme_code")["plan_id"].nunique()
    everywhere = sorted(main[main == len(plans)].index)
    if len(plans) > 1:
        lines.append(
            f"{_count(len(everywhere), 'thème sur 14 est', 'thèmes sur 14 sont')} le thème principal d'au moins une fiche dans chacun des {_n(len(plans))} schémas"
            + (f" : {_names([f'« {theme_name(c)} »' for c in everywhere])}." if everywhere else ".")
        )
    top = at.groupby("theme_code").size().sort_values(ascending=False)
    if len(top):
        lines.append(
            f"Le thème le plus fréquent est « {theme_name(top.index[0])} » ({_n(top.iloc[0])} fiches sur {_n(len(at))})."
        )
    only = main[main == 1]
    if len(plans) > 1 and len(only):
        who = at[at["theme_code"].isin(only.index)].groupby("theme_code")["plan_id"].first()
        parts = [f"{name[who[c]]} (« {theme_name(c)} »)" for c in sorted(only.index)]
        lines.append("Thèmes principaux d'un seul schéma : " + _enum(parts, "; ") + ".")
    lines.append(
        "Les thèmes sont attribués automatiquement ; leur exactitude mesurée est rappelée dans « Méthode et limites »."
    )
    return lines


def _profile(t: dict, plans: pd.DataFrame) -> list[str]:
    lines = []
    for p in plans.itertuples():
        acts = t["actions"][t["actions"]["plan_id"] == p.plan_id]
        n_ind = int((t["indicators"]["plan_id"] == p.plan_id).sum())
        n_money = int((t["budget_lines"]["plan_id"] == p.plan_id).sum())
        status = acts["calendar_status"].value_counts()
        lines.append(
            f"{p.department_name} : le schéma couvre {p.period_start}-{p.period_end} et compte {_n(len(acts))} fiches actions, "
            f"{_n(n_ind)} indicateurs ou résultats attendus et "
            + (
                _count(n_money, "montant", "montants") + " en euros."
                if n_money
                else "aucun montant en euros"
                + (f" dans le texte lu {UNREAD_NOTE}." if "money" in unread_topics(p.plan_id) else ".")
            )
        )
        # every status is named, so the parts add up to the sheets counted
        lines.append(
            (
                f"Calendrier lisible pour {_count(status.get('explicit', 0), 'fiche', 'fiches')} sur {_n(len(acts))}"
                if status.get("explicit", 0)
                else f"Calendrier lisible pour aucune des {_n(len(acts))} fiches"
            )
            + "".join(
                f", {word} pour {_n(status.get(k, 0))}"
                for k, word in (
                    ("relative", "relatif ou récurrent (sans année)"),
                    ("unrecoverable", "irrécupérable"),
                    ("absent", "absent"),
                )
                if status.get(k, 0)
            )
            + "."
        )
        aa = t["action_actors"][t["action_actors"]["plan_id"] == p.plan_id]
        pil = aa[aa["role"] == "pilot"]
        if len(pil):
            # the canonical body, counted in fiches as report 06 counts it (one place: a fiche
            # naming several posts of one service, "DEF – Chef de service PPE – …", counts once)
            from schemalab.analysis.actors import actors_long, pilot_sheet_counts

            top = pilot_sheet_counts(actors_long(aa, plans))
            first = sorted(top[top == top.iloc[0]].index)
            lines.append(
                f"{'Pilote le plus fréquent' if len(first) == 1 else 'Pilotes les plus fréquents'} : "
                f"{_names(first)} ({_count(int(top.iloc[0]), 'fiche', 'fiches')} sur {_n(len(acts))}"
                f"{'' if len(first) == 1 else ' chacun'})."
            )
        else:
            lines.append("Le schéma ne désigne pas de pilote par fiche.")
        n_rev = int((t["previous_review"]["plan_id"] == p.plan_id).sum())
        lines.append(
            f"Bilan du schéma précédent : {_n(n_rev)} actions revues."
            if n_rev
            else "Le texte lu ne présente pas de bilan action par action du schéma précédent."
        )
    return lines


_FINDINGS = {
    "overview": _overview,
    "themes": _themes,
    "money": _money,
    "calendars": _calendars,
    "indicators": _indicators,
    "actors": _actors,
    "review": _review,
    "profile": _profile,
}


def key_findings(report, tables: dict) -> Box:
    """ "À retenir": three to five sentences computed from the tables of the compared plans."""
    plans = tables["plans"].sort_values("department_code")
    topic = _topic(report)
    lines = _FINDINGS[topic](tables, plans) if len(plans) else ["Aucun schéma sélectionné."]
    title = "À retenir"
    if topic == "profile" and len(plans) == 1:
        title += " — " + next(iter(dept_labels(plans).values()))
    return Box(title, lines[:5], kind="findings")


# Comparability warnings --------------------------------------------------------------------


_PLAN_ID_RE = re.compile(r"^[0-9][0-9AB]?[0-9]?-\d{4}-\d{4}$")


@cache
def load_caveats(path: str | None = None) -> dict[str, list[dict]]:
    """The reviewed caveats file, by plan id (``61-2017-2021``: a caveat belongs to one edition)."""
    p = Path(path) if path else DATA / "caveats.yml"
    raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    out = {}
    for key, items in raw.items():
        if not _PLAN_ID_RE.match(str(key)):
            raise ValueError(f"{p}: key {key!r} is not a plan id (<code>-<start>-<end>, e.g. 61-2017-2021)")
        for i, c in enumerate(items):
            if set(c) - {"topic", "text", "check", "unread"} or not c.get("text") or not c.get("topic"):
                raise ValueError(
                    f"{p}: caveat {i + 1} of {key}: keys topic, text (and check, unread) expected, got {sorted(c)}"
                )
            bad = [x for x in c.get("unread") or [] if x not in TOPICS.values()]
            if bad:
                raise ValueError(f"{p}: caveat {i + 1} of {key}: unknown unread topic {bad[0]!r}")
            topics = c["topic"] if isinstance(c["topic"], list) else [c["topic"]]
            unknown = [x for x in topics if x != "all" and x not in TOPICS.values()]
            if unknown:
                raise ValueError(f"{p}: caveat {i + 1} of {key}: unknown topic {unknown[0]!r}")
            c["topics"] = set(topics)
        out[str(key)] = list(items)
    return out


#: How every report says that a part of a plan was not read (:func:`unread_topics`).
UNREAD_NOTE = "(une partie du schéma n'a pas été lue)"


def unread_topics(plan_id: str) -> set[str]:
    """The topics (``money``, ``review``…) a plan's text read may not hold because a part of
    the plan was not read (a caveat's ``unread``: Orne's tome 1): a zero there is "none in
    the text read", never "none in the plan"."""
    return {x for c in load_caveats().get(str(plan_id), []) for x in c.get("unread") or []}


#: How a cell says that an absence is only that of the text read (:func:`unread_cell`).
IN_TEXT_READ = "dans le texte lu"


def unread_cell(value, topic: str, plan_id: str, n_actions: int | None = None) -> str | object:
    """``value`` as a reader sees it where the part of the plan that may hold ``topic``
    (``money``, ``review``) was not read (:func:`unread_topics`,
    Orne's tome 1): an absence is « aucun … dans le texte lu », never a bare 0 or « — ». Any other
    value is returned unchanged."""
    if topic not in unread_topics(plan_id):
        return value
    v = str(value)
    if v in ("0", "—"):
        return f"aucun {IN_TEXT_READ}" if topic == "money" else f"aucune {IN_TEXT_READ}"
    if v == "non cité":
        return f"non cité {IN_TEXT_READ}"
    if n_actions is not None and v == f"0 / {n_actions}":
        return f"aucune sur {n_actions} {IN_TEXT_READ}"
    return value


def caveats(report, plans: pd.DataFrame) -> Box | None:
    """The comparability warnings that apply to this report and the plans (editions) it compares (None if none)."""
    topic = _topic(report)
    ids = set(plans["plan_id"].astype(str))
    lines = [
        c["text"]
        for plan_id, items in sorted(load_caveats().items())
        if plan_id in ids
        for c in items
        if c["topics"] & {"all", topic} or topic == "profile"
    ]
    if not lines:
        return None
    return Box("Avant de comparer", lines, kind="caveats", as_list=True)


def check_caveats(tables: dict, raw_dir: Path) -> list[str]:
    """Every caveat whose check fails against the raw texts and the tables ([] when all hold)."""
    plans = tables["plans"]
    problems = []
    for plan_id, items in load_caveats().items():
        sel = plans[plans["plan_id"].astype(str) == plan_id]
        if not len(sel):
            problems.append(f"{plan_id}: no such plan in the tables")
            continue
        plan = sel.iloc[0]
        for c in items:
            check = c.get("check") or {}
            if not check:
                problems.append(f"{plan_id}: caveat without check: {c['text'][:60]}")
            if "raw_contains" in check:
                text = (Path(raw_dir) / plan["source_file"]).read_text(encoding="utf-8")
                if check["raw_contains"] not in text:
                    problems.append(f"{plan_id}: {check['raw_contains']!r} not in {plan['source_file']}")
            if "period" in check and [int(plan["period_start"]), int(plan["period_end"])] != list(check["period"]):
                problems.append(f"{plan_id}: period {plan['period_start']}-{plan['period_end']} != {check['period']}")
            specs = check.get("count") or []
            for spec in [specs] if isinstance(specs, dict) else specs:
                df = tables[spec["table"]]
                mask = df["plan_id"] == plan["plan_id"]
                for col, val in (spec.get("where") or {}).items():
                    mask &= df[col].isin(val) if isinstance(val, list) else df[col] == val
                if int(mask.sum()) != int(spec["equals"]):
                    problems.append(f"{plan_id}: {spec} counts {int(mask.sum())}")
    return problems


# Méthode et limites ------------------------------------------------------------------------


#: The other texts a report may show themed, and how its « Méthode et limites » names them.
_THEMED_TEXTS = {
    "titles": "Actions revues des schémas précédents : ",
    "sentences": "Recommandations de conseils de jeunes, quand un schéma en imprime : ",
}


def _theme_quality(kinds: tuple[str, ...] = (), short_texts: bool = True) -> list[str]:
    """How themes are given, with the accuracy measured on plans the classifier was not
    fitted on (one data place: ``data/theme_quality.json``, written by bench/themes_eval.py),
    in full: the reports print the figure alone next to their theme figures and point here.
    ``kinds``: the other texts the report shows themed ("titles", "sentences"), each measured
    in a paragraph of its own; ``short_texts`` False: a report that shows no such text says
    nothing of them (a profile whose plan prints no youth recommendation)."""
    from schemalab.themes_classifier import accuracy_sentence, measured_quality

    nmi = measured_quality().get("nmi_clusters_lodo")
    others = [_THEMED_TEXTS[k] + accuracy_sentence(k, detail=True) for k in kinds]
    return [_sheets_quality(nmi, shown_here=bool(kinds), short_texts=short_texts or bool(kinds)), *others]


def _sheets_quality(nmi: float | None, shown_here: bool, short_texts: bool = True) -> str:
    from schemalab.themes_classifier import accuracy_sentence

    return (
        "Les thèmes sont attribués par un classifieur (régression logistique) appris sur des intitulés, des étapes, "
        "des objectifs et des indicateurs de fiches annotés à la lecture, sur les définitions des 14 thèmes de la "
        "nomenclature et sur des textes d'exemple écrits à part (recommandations de jeunes, intitulés de bilans de "
        "schémas fictifs, chacun lu par deux lecteurs ; glossaire des dispositifs) : il combine les mots du texte, "
        "ses sigles développés (« ASSFAM » lu « assistant familial », d'après une table de sigles du domaine) et sa "
        "représentation sémantique (modèle all-MiniLM-L6-v2, hors ligne). "
        + accuracy_sentence("sheets", detail=True)
        + (
            ""
            if not short_texts
            else " Les textes courts sont moins bien classés par thème que les fiches : leur mesure suit."
            if shown_here
            else " Les textes courts sont moins bien classés par thème que les fiches : le rapport 07 donne la mesure des "
            "actions revues et des recommandations de jeunes."
        )
        + (
            " Les groupes de fiches formés par la machine et les thèmes annotés par les lecteurs s'accordent à "
            + f"{nmi:.2f}".replace(".", ",")
            + " (information mutuelle normalisée), sur une échelle allant de 0, aucun rapport entre les deux"
            " classements, à 1, exactement les mêmes groupes. Cet accord n'est pas celui de deux lectures"
            " indépendantes : la machine forme ses groupes pour moitié d'après les textes et pour moitié d'après"
            " les thèmes estimés par le classifieur."
            if nmi is not None
            else ""
        )
    )


_COMMON = (
    "Les tables sont extraites automatiquement du texte de chaque schéma, par un lecteur propre à sa mise en page ; "
    "chaque ligne renvoie à la ligne du texte source où elle se lit. Rien n'est deviné : ce que le texte ne dit pas est "
    "noté absent ou inconnu, et une absence est un constat, jamais une valeur nulle."
)

_METHOD = {
    "overview": [
        "Un acteur est compté une fois par schéma, après normalisation de son nom (CAF, ARS, PJJ, Éducation nationale…). "
        "Les indicateurs comprennent les « résultats attendus » des schémas qui n'impriment pas d'indicateurs.",
        "La frise des périodes montre les années que chaque schéma couvre, bornes comprises ; le graphique des volumes "
        "compte des éléments de découpage du texte (axes, fiches, indicateurs, acteurs), pas l'ampleur de l'action publique.",
    ],
    "themes": [
        "Carte de couverture : part (ou nombre) des fiches de chaque département dont le thème principal est le thème en ligne. "
        "Une fiche peut toucher d'autres thèmes (thèmes secondaires) : un thème sans fiche principale n'est pas pour autant absent du schéma.",
        "Les groupes thématiques sont formés par la machine, qui rapproche les fiches dont les textes se ressemblent et dont "
        "les thèmes estimés sont proches : ils éclairent les thèmes sous un autre angle sans en être indépendants ; "
        "leur libellé reprend les mots les plus distinctifs du groupe. Les paires d'actions proches sont calculées sur les mêmes textes.",
    ],
    "money": [
        "Un montant est retenu là où le texte imprime une somme en euros, avec la phrase ou la ligne de tableau d'où il est lu ; "
        "sa nature (prévu, consommé, coût estimé) est celle que le texte indique. Aucun montant n'est converti ni estimé.",
        "Les schémas ne chiffrent pas les mêmes choses (un budget annuel, une dépense passée, le coût d'une mesure) : "
        "aucune somme ne mélange deux portées ni deux périodicités, et seul l'argent engagé par le schéma (fiches, "
        "enveloppes) est additionné, jamais un montant par personne ou par enfant, ni un groupe où une enveloppe "
        "(plan, fonds, budget) peut contenir les autres montants ; les autres groupes sont comptés et listés. "
        "Aucun total par département n'est calculé : il ne mesurerait pas un effort financier.",
        "Ne sont pas des montants du schéma, et ne sont ni gardés ni comptés, les chiffres qui décrivent les ménages "
        "(revenu médian, seuil de pauvreté, niveau de vie). Une dépense d'une période close avant le schéma "
        "(« consommée sur la période 2017-2022 ») est comptée au bilan d'une période passée, pas comme argent d'une fiche. "
        "Un intitulé de budget imprimé sans son montant est signalé illisible ou perdu, jamais « non cité ».",
    ],
    "calendars": [
        "État du calendrier : « explicite » quand des années ou semestres sont imprimés, « irrécupérable » quand le tableau de "
        "programmation existe mais que son grisé a été perdu à la conversion du document (aucune année n'est inventée), "
        "« relatif ou récurrent » quand il est imprimé sans année (« deuxième trimestre de l'année n+1 », « chaque année »), « absent » quand la fiche n'imprime aucun calendrier. Là où le lecteur d'un schéma le fait, une fiche sans rubrique de calendrier prend les années des échéances datées de ses étapes (« d'ici octobre 2021 ») ; « Avant de comparer » le signale.",
        "Charge par année : nombre de fiches dont le calendrier couvre l'année (une fiche compte une fois par année). "
        "Un département dont la plupart des calendriers sont illisibles est signalé sur le graphique, pas tracé comme inactif. "
        "Diagrammes de Gantt : une barre par période programmée, gris foncé pour un calendrier imprimé à l'année, gris clair pour un calendrier imprimé au semestre, hachurée pour une fiche qui n'imprime pas de calendrier mais dont les étapes sont datées (l'année de ces échéances) ; la légende sous chaque diagramme le rappelle.",
    ],
    "indicators": [
        "Les indicateurs sont ceux que chaque fiche imprime ; pour les schémas qui impriment des « résultats attendus », ce sont ces énoncés. "
        "Type (réalisation, impact, résultat attendu) : tel que le schéma le nomme, « non précisé » sinon.",
        "Mesurabilité : classement par règles relues sur le texte de l'indicateur — comptage (« nombre de… »), taux ou part, "
        "délai ou durée, qualitatif (un livrable, une étape) — et cible chiffrée quand une valeur à atteindre est imprimée.",
    ],
    "actors": [
        "Les noms imprimés sont découpés (« CAF, MSA ») et normalisés par des règles relues (CAF, ARS, PJJ, Éducation nationale, "
        "MDPH, services du Département…) ; un acteur inconnu garde son nom imprimé, et la table de correspondance permet de vérifier chaque rapprochement.",
        "Pilote et partenaire sont les rôles que la fiche imprime ; la matrice compte des fiches, pas l'importance d'un acteur.",
    ],
    "review": [
        "Le bilan du schéma précédent est lu tel que le schéma actuel l'imprime ; un état de réalisation n'est retenu que s'il est "
        "imprimé et lisible, sinon il est « inconnu » : « illisible » quand une marque sans mot est imprimée à sa place (une case ou une pastille "
        "déformée par la conversion du document), « non imprimé ou perdu » quand aucune marque n'est lue avec l'action. Un schéma sans bilan dans le texte lu est signalé, pas compté comme n'ayant rien réalisé.",
    ],
    "profile": [
        "Les chiffres du profil sont ceux des rapports de comparaison, limités à un département : mêmes tables, mêmes définitions "
        "(calendriers, indicateurs, montants, acteurs).",
    ],
}


#: The reports that show a theme (their « Méthode et limites » tells how themes are given and measured).
THEMED_TOPICS = ("themes", "indicators", "profile", "review")


def method(report, tables: dict | None = None) -> Box:
    """ "Méthode et limites": how the tables, themes and figures of this report were made, and their measured limits.

    ``tables`` (those the report shows): a profile whose plan prints no youth
    recommendation (no row of ``youth_recommendations``) does not describe how their
    themes are measured, since it shows none; without ``tables``, as if it did."""
    topic = _topic(report)
    lines = [_COMMON, *_METHOD[topic]]
    # the themed texts each report shows: the sheets' themes in 02, 05 (indicators by theme), 07
    # and the profiles; report 07 also the reviewed actions' and youth recommendations', a profile
    # its plan's youth recommendations. 01, 03, 04 and 06 show no theme: no classifier paragraph.
    shown = {"review": ("titles", "sentences"), "profile": ("sentences",)}
    youthless = topic == "profile" and tables is not None and not len(tables.get("youth_recommendations", ()))
    if youthless:
        shown["profile"] = ()
    if topic in THEMED_TOPICS:
        lines.extend(_theme_quality(shown.get(topic, ()), short_texts=not youthless))
    return Box("Méthode et limites", lines, kind="method")


# Provenance ---------------------------------------------------------------------------------


def _git_commit(root: Path) -> str:
    env = os.environ.get("SCHEMALAB_GIT_COMMIT")
    if env:
        return env
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return "inconnu"
    commit = out.stdout.strip()
    if not commit:
        return "inconnu"
    try:  # a report made from code that differs from its commit says so: it cannot be rebuilt from the commit alone
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--", "schemalab", "notebooks"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        dirty = ""
    return commit + (", avec des modifications non enregistrées dans ce commit" if dirty else "")


def provenance(tables: dict, now: datetime | None = None) -> Box:
    """ "Provenance": run, date in Europe/Paris, schemalab version and commit, each plan's title, period and sha256."""
    from zoneinfo import ZoneInfo

    import schemalab

    when = (now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo("Europe/Paris"))
    root = Path(schemalab.__file__).resolve().parents[1]
    run = os.environ.get("SCHEMALAB_RUN_ID")
    lines = [
        (f"Exécution {run}" if run else "Exécution interactive (hors rapport)")
        + f", produite le {when.strftime('%d/%m/%Y à %H:%M')} (heure de Paris)"
        + f" par schemalab {schemalab.__version__} (commit {_git_commit(root)}).",
    ]
    labels = dept_labels(tables["plans"])
    for p in tables["plans"].sort_values("department_code").itertuples():
        lines.append(
            f"{labels[p.plan_id]} : « {p.title} », {p.period_start}-{p.period_end} ; "
            f"texte {p.source_file}, empreinte sha256 {p.source_sha256}."
        )
    return Box("Provenance", lines, kind="provenance", as_list=True)
