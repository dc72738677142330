"""Report 03: the named amounts."""

from __future__ import annotations

import re

import pandas as pd

from schemalab.analysis.display import _fmt_eur, _with_dept, dept_labels
from schemalab.analysis.findings import UNREAD_NOTE, unread_cell, unread_topics
from schemalab.analysis.themes import theme_label
from schemalab.extract import euro_amounts

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

    The absence of money is a finding (DESIGN.md): it is stated, not hidden. Kept for
    existing callers: a sheet here "nomme un montant" whatever the amount's scope (a
    finding of a past period too); the reports count the sheets that cost their own
    means (:func:`money_comparison`'s « fiches chiffrées », :func:`money_sentences`).
    """

    lines = []
    for p in plans.sort_values("department_code").itertuples():
        b = budget_lines[budget_lines["plan_id"] == p.plan_id]
        n_act = int((actions["plan_id"] == p.plan_id).sum())
        name = f"{p.department_name} ({p.department_code})"
        unread = "money" in unread_topics(p.plan_id)  # a part not read: absent from the text read
        note = f" {UNREAD_NOTE}" if unread else ""
        if not len(b):
            lines.append(
                f"{name} : {'le texte lu' if unread else 'le schéma'} ne nomme aucun montant en euros, "
                f"ni au niveau du schéma ni dans ses {n_act} fiches{note}."
            )
            continue
        with_money = b["action_id"].dropna().nunique()
        plan_level = int(b["action_id"].isna().sum())
        named = "montant nommé" if len(b) == 1 else "montants nommés"
        sheets = _sheets_that(with_money, n_act, "nomme un montant", "nomment un montant", "ne nomme de montant")
        lines.append(f"{name} : {len(b)} {named}, dont {plan_level} au niveau du schéma ; {sheets}{note}.")
    return lines


def _sheets_that(k: int, n: int, one: str, many: str, none: str) -> str:
    """ "1 fiche sur 32 chiffre ses moyens", "3 fiches sur 16 chiffrent leurs moyens",
    "aucune de ses 26 fiches ne chiffre ses moyens": ``k`` sheets of ``n``, the verb
    agreeing with ``k`` (``one`` / ``many``; ``none`` after "aucune")."""
    if k == 0:
        if n == 0:
            return "aucune fiche action"
        return f"aucune de ses {n} fiches {none}" if n > 1 else f"aucune fiche sur 1 {none}"
    return f"{k} {'fiche' if k == 1 else 'fiches'} sur {n} {one if k == 1 else many}"


# Money you can compare (issue 18): every figure below adds only like with like --------

SCOPE_FR = {
    "action": "fiches actions",
    "plan_envelope": "enveloppes du schéma",
    # not "le budget du département": each plan prints its own perimeter (a Direction's
    # ASE + PMI + JEUNESSE spending at 31:690-698, « la protection des jeunes landais et
    # l'accompagnement des familles en difficultés » at 40:22): :func:`printed_perimeter`
    "annual_budget": "budget ou dépense annuels enfance-famille cités",
    "previous_plan": "bilan d'une période passée",
    "third_party": "autres financeurs",
    "outside_scope": "hors protection de l'enfance",
    "unknown": "portée non dite",
}
PERIODICITY_FR = {
    "one_off": "ponctuel",
    "per_year": "par an",
    "per_month": "par mois",
    "unit_rate": "montant unitaire",
    "unknown": "périodicité non dite",
}
ROLE_FR = {"single": "montant seul", "component": "composante", "total": "total", "variation": "variation"}
#: What an amount counts as, for a count that does not mix kinds (« À retenir »): the
#: plan's own money (its sheets, its envelopes), context and past figures (the annual
#: budget or spending it cites, a past period's findings, another payer's money), money
#: outside child protection (a plan for the whole population), or a scope not said. A
#: unit amount is none of these, whatever its scope (:func:`amount_kind`).
KIND_OF_SCOPE = {
    "action": "own",
    "plan_envelope": "own",
    "annual_budget": "context",
    "previous_plan": "context",
    "third_party": "context",
    "outside_scope": "outside",
    "unknown": "unknown",
}
#: Kinds in words (« Pas-de-Calais — argent du schéma 1, contexte et bilans 5 »). « argent
#: du schéma » is money the plan commits (a sheet's or an envelope's sum); a unit amount (a
#: bonus per person, a forfait per child: ``periodicity = unit_rate``) is counted apart,
#: whatever its scope, as it is by « fiches chiffrées » (:func:`costed_sheets`).
KIND_SHORT_FR = {
    "own": "argent du schéma",
    "context": "contexte et bilans",
    "outside": "hors protection de l'enfance",
    "unknown": "portée non dite",
    "unit": "montants unitaires",
}
#: Periodicities whose amounts may be added within one scope (never across two).
_ADDABLE = ("one_off", "per_year", "per_month")
#: The plan's own money: the only scopes a sum is printed for. The others (annual
#: budget, past periods, other payers, outside child protection, scope not said) are
#: counted and listed, never added.
_SUMMED_SCOPES = ("action", "plan_envelope")
#: Words of an amount that may hold other amounts of its group (a plan, an envelope, a
#: fund, a budget): a group holding one, beside other amounts, is not summed, for the
#: others may be its own items.
_ENVELOPE_WORDS = re.compile(r"\b(?:plan|enveloppe|fonds|budget|dotation|programme|volet|schéma|total)\b", re.I)
#: Why a group of amounts has no sum (``money_figures``'s ``sans somme`` column).
WHY_NO_SUM = {
    "scope": "montrés à part : pas l'argent engagé par le schéma",
    "annual_budget": "années et postes différents (voir le budget annuel daté)",
    "unit_rate": "montant unitaire (par personne, par enfant…) : pas une somme",
    "unknown": "périodicité non dite",
    "nested": "une enveloppe du groupe peut contenir les autres montants",
    # an annual figure that is only a part of a whole not printed (budget_part_only)
    "part": "une partie du budget ({}), pas le budget annuel",
    # an annual figure without a year (Landes's « plus de 60 M€ » chaque année, 40:22): alone
    # in its group, it has nothing to be added to, and the dated chart does not draw it
    "undated": "sans année : ni additionné ni tracé dans le budget annuel daté",
}


def fmt_meur(x, *, lower_bound: bool = False) -> str:
    """An amount as a reader finds it in the plan: below a million in full ("180 000 €",
    "16 000 €"), from a million in M€ with a French decimal comma, as many decimals as
    the figure needs up to two below 10 M€ ("70 M€", "7,4 M€", "7,06 M€"), one above
    ("212,1 M€")."""
    if x is None or pd.isna(x):
        return "—"
    prefix = "plus de " if lower_bound else ""
    if abs(x) < 1_000_000:
        return prefix + f"{x:,.0f} €".replace(",", "\u202f")
    m = x / 1e6
    for digits in (0, 1, 2):
        if abs(round(m, digits) - m) < 5e-7 or digits == (2 if abs(m) < 10 else 1):
            break
    return prefix + f"{m:,.{digits}f} M€".replace(",", "\u202f").replace(".", ",")


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


def count_status(budget_lines: pd.DataFrame) -> pd.Series:
    """Per amount (index of :func:`_qualified`), whether it is counted: "oui", or "non"
    and why. Left out: a repeat of an amount printed before (``duplicate_of``), a
    variation, a total whose components are printed, a component of an amount that is
    kept (a "dont" part of it); nothing else. The report's counts are the "oui" rows.

    A total whose components are printed is never counted, its components are, whichever
    mention of it comes first: when a sentence prints the amount before the table's TOTAL
    cell repeats it (Haute-Garonne's 2020 spending, « atteint 212 139 607 euros » at
    31:688, is the TOTAL CA 2020 cell of 31:698 = ASE + PMI + JEUNESSE at 31:692-696),
    the sentence's amount is the first mention, left out as "total de composantes
    imprimées", the TOTAL cell left out as its repeat, and the year's ASE, PMI and
    JEUNESSE cells counted, as for every other year of the table: the number counted
    does not depend on which year a sentence happens to quote."""
    df = _qualified(budget_lines)
    first = {
        (pid, int(pos)): (pid, int(dup))
        for pid, pos, dup in zip(df["plan_id"], df["position"], df["duplicate_of"], strict=True)
        if pd.notna(dup)
    }

    def root(key):
        """The first mention of an amount (itself when it repeats none)."""
        seen = set()
        while key in first and key not in seen:
            seen.add(key)
            key = first[key]
        return key

    totals = df[df["role"] == "total"]
    # the first mention of every total: itself, or the earlier amount it repeats
    total_keys = {root((pid, int(pos))) for pid, pos in zip(totals["plan_id"], totals["position"], strict=True)}
    keys = list(zip(df["plan_id"], df["position"].astype(int), strict=True))
    kept_keys = {
        k
        for k, dup, role in zip(keys, df["duplicate_of"], df["role"], strict=True)
        if pd.isna(dup) and role not in ("variation", "total") and k not in total_keys
    }

    def parent_kept(pid, part_of) -> bool:
        if pd.isna(part_of):
            return False
        return root((pid, int(part_of))) in kept_keys

    out = []
    for key, dup, role, part_of in zip(keys, df["duplicate_of"], df["role"], df["part_of"], strict=True):
        pid = key[0]
        if pd.notna(dup):
            out.append(f"non : répète le rang {int(dup)}")
        elif role == "variation":
            out.append("non : variation")
        elif role == "total" or key in total_keys:
            out.append("non : total de composantes imprimées")
        elif parent_kept(pid, part_of):
            out.append(f"non : partie du rang {int(part_of)}")
        else:
            out.append("oui")
    return pd.Series(out, index=df.index, dtype=object)


def countable(budget_lines: pd.DataFrame) -> pd.DataFrame:
    """The amounts a count (or a sum) takes: :func:`count_status` "oui"."""
    df = _qualified(budget_lines)
    return df[count_status(budget_lines) == "oui"]


def is_unit_amount(b: pd.DataFrame) -> pd.Series:
    """Per amount of :func:`_qualified` ``b``, whether it is a unit amount (``periodicity =
    unit_rate``: a bonus per person, a forfait per child or per day): the one rule by which
    it never costs a sheet (:func:`costed_sheets`), is never added (:func:`money_figures`)
    and is never counted as the plan's own money (:func:`amount_kind`)."""
    return b["periodicity"].eq("unit_rate")


def amount_kind(b: pd.DataFrame) -> pd.Series:
    """Per amount of :func:`_qualified` ``b``, its kind (a key of :data:`KIND_SHORT_FR`):
    « unit » for a unit amount (:func:`is_unit_amount`), whatever its scope; else the kind
    of its scope (:data:`KIND_OF_SCOPE`)."""
    kind = b["scope"].map(KIND_OF_SCOPE).fillna("unknown")
    return kind.where(~is_unit_amount(b), "unit")


def counted_by_kind(budget_lines: pd.DataFrame) -> dict[str, dict[str, int]]:
    """plan_id → {kind: number of counted amounts} (:func:`countable`, kinds of
    :func:`amount_kind`, only the kinds a plan has): a count that never adds the plan's
    own money to the cells of a spending table or to an emergency plan for the whole
    population, nor a payment per person to the money the plan commits. Haute-Garonne:
    none of its own (sheet 5.7's only amount is a unit amount, below), 21 of context
    (ASE, PMI and JEUNESSE of 2015 to 2021, 31:692-696), 15 outside child protection (its
    COVID plan, 31:15-100; the « soit 2 M€ » of 31:95 restates the 500 000 € a month, not
    counted) and 3 unit amounts: the « prime d'installation de 500 € » per carer of sheet
    5.7 (31:1751), the « forfait de scolarité de 50 € par mois et par enfant » (31:76) and
    the « Revenu exceptionnel de solidarité de 500 € par mois pour les conjoints
    non-salariés » (31:81) of the April 2020 emergency plan. Pas-de-Calais: 1 of its own, the
    « enveloppe d'aide a l'investissement de 10 M€ par an » (62:1293)."""
    c = countable(budget_lines)
    if not len(c):
        return {}
    kinds = amount_kind(c)
    out: dict[str, dict[str, int]] = {}
    for (pid, kind), n in kinds.groupby([c["plan_id"], kinds]).size().items():
        out.setdefault(pid, {})[kind] = int(n)
    return {pid: {k: d[k] for k in KIND_SHORT_FR if k in d} for pid, d in out.items()}


def counted_units_by_scope(budget_lines: pd.DataFrame) -> dict[str, dict[str, int]]:
    """plan_id → {scope: number of counted unit amounts} (:func:`is_unit_amount`, scopes in
    the order of :data:`SCOPE_FR`): where the « montants unitaires » of
    :func:`counted_by_kind` are printed, so that each adds back to its scope's count in
    the table and the sentences (Haute-Garonne: 1 of a sheet, 31:1751; 1 of a past
    period, 31:76; 1 outside child protection, 31:81)."""
    c = countable(budget_lines)
    c = c[is_unit_amount(c)]
    out: dict[str, dict[str, int]] = {}
    for (pid, scope), n in c.groupby(["plan_id", "scope"]).size().items():
        out.setdefault(pid, {})[scope] = int(n)
    return {pid: {k: d[k] for k in SCOPE_FR if k in d} for pid, d in out.items()}


def costed_sheets(budget_lines: pd.DataFrame) -> pd.DataFrame:
    """The one rule of « fiches chiffrées » (table, overview, profile, sentences): one row
    per sheet that prints an amount of its own (``scope = action``, even one repeating an
    amount printed elsewhere), with ``chiffrée`` True when at least one of them is not a
    unit amount. A sheet whose only own amounts are unit amounts (``periodicity =
    unit_rate``: per person, per child, per day) does not say what its means cost:
    Haute-Garonne's sheet 5.7 prints only « une prime d'installation de 500 € pour les
    assistants familiaux » (31:1751, repeated 31:1756), a payment per carer, so it is not
    costed. An amount of a past period, another payer's or outside child protection
    never costs a sheet (its scope is not ``action``).

    Columns: plan_id, action_id, chiffrée, unitaires (for a sheet not costed, its unit
    amounts as a reader finds them: "prime d'installation de 500 €, l. 1751", first
    mentions only)."""
    cols = ["plan_id", "action_id", "chiffrée", "unitaires"]
    b = _qualified(budget_lines)
    own = b[(b["scope"] == "action") & b["action_id"].notna()]
    if not len(own):
        return pd.DataFrame(columns=cols)
    rows = []
    for (pid, aid), g in own.groupby(["plan_id", "action_id"], sort=False):
        costed = bool((~is_unit_amount(g)).any())
        units = []
        if not costed:
            g = g.sort_values("first_line")
            first = g[g["duplicate_of"].isna()]
            for r in (first if len(first) else g.iloc[:1]).to_dict("records"):
                name = _unit_name(r["context"], r.get("amount_raw"))
                amount = fmt_meur(r["amount_eur"])
                units.append(f"{name} de {amount}" if name else amount)
                units[-1] += f", l. {int(r['first_line'])}"
        rows.append([pid, aid, costed, units])
    return pd.DataFrame(rows, columns=cols)


def n_costed_sheets(budget_lines: pd.DataFrame) -> dict:
    """plan_id → number of sheets that cost their means (:func:`costed_sheets`)."""
    c = costed_sheets(budget_lines)
    return c[c["chiffrée"].astype(bool)].groupby("plan_id").size().to_dict() if len(c) else {}


#: Articles after which a unit amount's name starts ("d'une prime d'installation de 500 €").
_ARTICLES = frozenset("un une d'un d'une le la les l' du des au aux".split())


def _unit_name(context: str, raw: str | None = None) -> str:
    """The name of a unit amount, the words of the plan before it from its article:
    "Mise en œuvre, depuis le 1 er janvier 2019, d'une prime d'installation de 500 €"
    → "prime d'installation"; "" when none or too long to be a name."""
    found = euro_amounts(context or "")
    hit = next((a for a in found if raw is not None and a.raw == str(raw).strip()), found[0] if found else None)
    if hit is None:
        return ""
    words = _without_lead_words(context[: hit.start]).split()
    cut = [i for i, w in enumerate(words) if w.lower().replace("’", "'") in _ARTICLES]
    name = words[cut[-1] + 1 :] if cut else words
    return " ".join(name).strip(" .,;:–—-") if 0 < len(name) <= 6 else ""


def _unit_only_phrase(units: list[tuple[str, list[str]]]) -> str:
    """ "la fiche 5.7 ne cite qu'un montant unitaire (prime d'installation de 500 €,
    l. 1751), qui ne dit pas ce que coûtent ses moyens": the sheets whose only own
    amounts are unit amounts (``units``: (sheet, its amounts)), said apart from the
    costed ones, in the number they take."""
    amounts = [a for _, listed in units for a in listed]
    sheets = [str(aid) for aid, _ in units]
    listed = " ; ".join(amounts)
    if len(sheets) == 1:
        one = len(amounts) == 1
        what = "qu'un montant unitaire" if one else "que des montants unitaires"
        verb = "qui ne dit" if one else "qui ne disent"
        return f"la fiche {sheets[0]} ne cite {what} ({listed}), {verb} pas ce que coûtent ses moyens"
    names = ", ".join(sheets[:-1]) + " et " + sheets[-1]
    return (
        f"les fiches {names} ne citent que des montants unitaires ({listed}), "
        "qui ne disent pas ce que coûtent leurs moyens"
    )


def _why_no_sum(scope: str, period: str, g: pd.DataFrame) -> str | None:
    """Why the amounts of one (scope, periodicity) group are not added, or None. An annual
    figure that is only a part (:func:`budget_part_only`) is said to be one, with its line:
    « 7,06 M€ (l. 654) : une partie du budget (…), pas le budget annuel »; one without a
    year too (« plus de 60 M€ (l. 22) : sans année … »): the dated chart draws neither."""
    if scope == "annual_budget":
        part = budget_part_only(g)
        undated = g["year"].isna() & ~part

        def said(r, why: str) -> str:
            return f"{fmt_meur(r['amount_eur'], lower_bound=r['is_lower_bound'] is True)} (l. {int(r['first_line'])}) : {why}"

        parts = [
            said(r, WHY_NO_SUM["part"].format(_part_said(r)))
            for r in g[part].sort_values("first_line").to_dict("records")
        ]
        parts += [said(r, WHY_NO_SUM["undated"]) for r in g[undated].sort_values("first_line").to_dict("records")]
        return " ; ".join(parts if (part | undated).all() else [WHY_NO_SUM["annual_budget"], *parts])
    if scope not in _SUMMED_SCOPES:
        return WHY_NO_SUM["scope"]
    if period == "unit_rate":
        return WHY_NO_SUM["unit_rate"]
    if period not in _ADDABLE:
        return WHY_NO_SUM["unknown"]
    if len(g) > 1 and (g["role"].eq("total").any() or g["context"].fillna("").str.contains(_ENVELOPE_WORDS).any()):
        return WHY_NO_SUM["nested"]
    return None


def money_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per plan, scope and periodicity: how many amounts are counted, the amounts
    themselves (with their line) and, only where adding them means something, their sum
    (``total_eur``); never a sum across scopes or periodicities.

    Rows kept: :func:`countable` amounts (the "compté : oui" rows of
    :func:`budget_lines_qualified`, so every count can be recomputed from that table).
    A sum is printed only for the plan's own money (fiches, enveloppes du schéma), one-off
    or per year or per month, and only when no amount of the group is a plan, envelope,
    fund or budget that may hold the others (then the group is counted, not added):
    ``sans somme`` says why for every other group. A unit amount (per person, per child)
    is never added.
    """
    cols = ["département", "plan_id", "portée", "périodicité", "n_montants", "total_eur", "montants", "sans somme"]
    plans = tables["plans"].sort_values("department_code")
    df = _with_dept(countable(tables["budget_lines"]), plans)
    rows = []
    for (dept, pid, scope, period), g in df.groupby(["département", "plan_id", "scope", "periodicity"], sort=False):
        why = _why_no_sum(scope, period, g)
        g = g.sort_values("first_line")
        listed = " ; ".join(
            f"{fmt_meur(a, lower_bound=bool(lb) if pd.notna(lb) else False)} (l. {int(n)})"
            for a, lb, n in zip(g["amount_eur"], g["is_lower_bound"], g["first_line"], strict=True)
        )
        rows.append(
            [dept, pid, SCOPE_FR[scope], PERIODICITY_FR[period], len(g),
             g["amount_eur"].sum() if why is None else None, listed, why or "—"]
        )  # fmt: skip
    out = pd.DataFrame(rows, columns=cols)
    order = {s: i for i, s in enumerate(SCOPE_FR.values())}
    if len(out):
        out = out.sort_values(["plan_id", "portée"], key=lambda s: s.map(order) if s.name == "portée" else s)
    return out.reset_index(drop=True).astype({"total_eur": float})


#: A budget heading printed with a "dont" part but without its own amount ("Budget de la
#: politique enfance famille : dont 7 060 407 € d'investissement"): the whole was on the
#: page and did not survive the conversion of the text, or is illegible.
_HEADING_WITHOUT_AMOUNT = re.compile(r"^(?P<head>[^:€]{3,90}?)\s*:\s*dont\b", re.I)
#: An empty money cell of a plan whose money part was not read (:func:`unread_topics`:
#: Orne's tome 1): not "0" nor a bare "—", none in the text read.
NONE_IN_TEXT_READ = "aucun dans le texte lu"  # findings.unread_cell of a money cell
#: « budget annuel cité » of a plan that prints no annual budget at all.
NOT_CITED = "non cité"
#: ... of a plan that prints the heading of its annual budget without a legible amount.
LOST = "illisible ou perdu"


def lost_label(line: int) -> str:
    """ "montant illisible ou perdu (l. 653)": the annual budget of a plan that prints its
    heading (on line ``line``) without a legible amount, in the table and on the chart."""
    return f"montant {LOST} (l. {int(line)})"


def lost_budget_headings(budget_lines: pd.DataFrame) -> pd.DataFrame:
    """The annual budget headings a plan prints without their amount, one row each, in
    printed order: plan_id, intitulé ("Budget de la politique enfance famille"), ligne
    (the heading's), partie (the legible "dont" part: "dont 7 060 407 € d'investissement"),
    ligne_partie (the line of its amount), année, contexte.

    The one rule behind the table (:func:`annual_budget`), the bar chart and the sentence
    (:func:`money_sentences`): an ``annual_budget`` amount read in a sentence "<heading> :
    dont <amount> …" (:data:`_HEADING_WITHOUT_AMOUNT`) is a part of a whole whose amount
    is lost or illegible. The sentence joins the lines of its paragraph: the heading is
    printed on the line above the amount's ("Budget de la politique enfance famille :" at
    62:653, "dont 7 060 407 € d'investissement" at 62:654)."""
    cols = ["plan_id", "intitulé", "ligne", "partie", "ligne_partie", "année", "contexte"]
    b = _qualified(budget_lines)
    b = b[(b["scope"] == "annual_budget") & b["context"].fillna("").str.match(_HEADING_WITHOUT_AMOUNT)]
    if not len(b):
        return pd.DataFrame(columns=cols)
    b = b.sort_values(["plan_id", "first_line"])
    heads = [_HEADING_WITHOUT_AMOUNT.match(c) for c in b["context"]]
    return pd.DataFrame(
        {
            "plan_id": b["plan_id"].to_numpy(),
            "intitulé": [m.group("head").strip() for m in heads],
            "ligne": (b["first_line"].astype(int) - 1).clip(lower=1).to_numpy(),
            "partie": [c.split(":", 1)[1].strip() for c in b["context"]],
            "ligne_partie": b["first_line"].astype(int).to_numpy(),
            "année": b["year"].astype("Int64").to_numpy(),
            "contexte": b["context"].to_numpy(),
        },
        columns=cols,
    )


def annual_budget(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per plan, the département's annual child-protection budget the plan cites: the
    most recent year spent (CA, "la dépense … atteint") before one forecast (BP); a
    figure without a year last. Only ``scope = annual_budget`` rows that are a whole
    (``role`` single or total), never a repeat, a variation or a part.

    A plan citing none says why (column ``statut``): "illisible ou perdu" when it prints
    the heading of its budget without a legible amount (:func:`lost_budget_headings`;
    « budget annuel cité » is then :func:`lost_label`, "montant illisible ou perdu
    (l. 653)", ``ligne`` the heading's), else "non cité" (:data:`NOT_CITED`): the plan
    prints no annual budget. ``statut`` is "cité" for the others.
    """
    plans = tables["plans"].sort_values("department_code")
    b = _qualified(tables["budget_lines"])
    allb = b
    b = b[(b["scope"] == "annual_budget") & b["role"].isin(["single", "total"]) & b["duplicate_of"].isna()]
    b = b.assign(_y=b["year"].fillna(-1).astype(int), _spent=(b["nature"] == "consumed").astype(int))
    # each plan's best row in one stable sort of every plan's rows (a sort per plan made this
    # the costliest part of overview at 100 plans); ties keep the rows' order, as before
    ranked = b.sort_values(["_spent", "_y", "first_line"], ascending=[False, False, True], kind="stable")
    best_of = ranked.drop_duplicates("plan_id").set_index("plan_id")
    lost = lost_budget_headings(tables["budget_lines"]).drop_duplicates("plan_id").set_index("plan_id")
    rows = []
    for p in plans.itertuples():
        dept = f"{p.department_name} ({p.department_code})"
        if p.plan_id not in best_of.index:
            if p.plan_id in lost.index:
                h = lost.loc[p.plan_id]
                rows.append(
                    [dept, p.plan_id, lost_label(h["ligne"]), None, None, None, int(h["ligne"]), h["contexte"],
                     "non dit", f"«\u00a0{h['intitulé']}\u00a0» (l. {int(h['ligne'])})", False, LOST]
                )  # fmt: skip
            else:
                rows.append([dept, p.plan_id, NOT_CITED, None, None, None, None, None, None, "—", False, NOT_CITED])
            continue
        best = best_of.loc[p.plan_id]
        year = None if pd.isna(best["year"]) else int(best["year"])
        lb = bool(best["is_lower_bound"]) if pd.notna(best["is_lower_bound"]) else False
        mine = allb[allb["plan_id"] == p.plan_id]
        posts = _printed_posts(mine, int(best["position"]))
        label = fmt_meur(best["amount_eur"], lower_bound=lb) + (
            " par an, année non dite" if year is None else f" en {year}"
        )
        if posts:
            label += f", total {' + '.join(posts)}"
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
                " + ".join(posts) if posts else "non dit",
                printed_perimeter(mine, int(best["position"])),
                lb,
                "cité",
            ]
        )
    return pd.DataFrame(
        rows,
        columns=["département", "plan_id", "budget annuel cité", "montant_eur", "année", "nature", "ligne", "contexte",
                 "postes", "périmètre imprimé", "borne basse", "statut"],
    ).astype({"montant_eur": float, "année": "Int64", "ligne": "Int64"})  # fmt: skip


#: Words after an annual amount that say what it is spent on ("consacre chaque année plus
#: de 60 millions d'euros à la protection des jeunes landais et à l'accompagnement des
#: familles en difficultés", 40:22), up to the end of the sentence.
_DESTINATION = re.compile(
    r"^\s*(?:par an\s+|chaque année\s+)?(?P<dest>(?:(?:consacrée?s?|dédiée?s?|allouée?s?|affectée?s?)\s+)?"
    r"(?:à\s|au\s|aux\s|à\s?l['’]|pour\s|en faveur\s)[^.;]*)",
    re.I,
)
#: Words before an annual amount that name what it is the budget of ("Le budget de l'aide
#: sociale à l'enfance s'élève à 120 M€").
_BUDGET_HEAD = re.compile(r"^(?:(?:le|la|les)\s+|l['’]\s*)?(?:budgets?|dépenses?|crédits?)\b", re.I)


def printed_perimeter(b: pd.DataFrame, position: int) -> str:
    """What an annual figure covers, in the plan's own words, so that two départements'
    figures are set side by side only with what each one holds:

    - the items it adds up, where the plan prints them (:func:`_printed_posts`): "ASE +
      PMI + JEUNESSE (postes du tableau, l. 692-696)" for Haute-Garonne's 2020 spending
      (31:688, the TOTAL CA 2020 cell of the table 31:690-698);
    - else the words after the amount that say what it is spent on, quoted: « à la
      protection des jeunes landais et à l'accompagnement des familles en difficultés »
      (l. 22) for Landes's « plus de 60 millions d'euros » (40:22);
    - else the words before it that name a budget or a spending (« Le budget de l'aide
      sociale à l'enfance »);
    - else "non imprimé".

    ``b`` holds one plan's amounts (:func:`_qualified`), ``position`` the figure's."""
    same = {position} | {
        int(q) for q, d in zip(b["position"], b["duplicate_of"], strict=True) if pd.notna(d) and int(d) == position
    }
    parts = b[
        b["part_of"].isin(same) & b["role"].eq("component") & b["context"].fillna("").str.contains(" | ", regex=False)
    ]
    posts = _printed_posts(b, position)
    if posts:
        lines = sorted(parts["first_line"].astype(int).unique())
        at = f"l. {lines[0]}" if len(lines) == 1 else f"l. {lines[0]}-{lines[-1]}"
        return f"{' + '.join(posts)} (postes du tableau, {at})"
    row = b[b["position"] == position].iloc[0]
    context = str(row["context"] or "")
    found = euro_amounts(context)
    raw = row.get("amount_raw")
    hit = next((a for a in found if pd.notna(raw) and a.raw == str(raw).strip()), found[0] if found else None)
    if hit is None:
        return "non imprimé"
    line = int(row["first_line"])
    m = _DESTINATION.match(context[hit.end :])
    if m and len(m.group("dest").split()) >= 3:
        return f"«\u00a0{m.group('dest').strip(' ,:–—-')}\u00a0» (l. {line})"
    before = _without_lead_words(context[: hit.start])
    if _BUDGET_HEAD.match(before) and len(before.split()) <= 12:
        return f"«\u00a0{before}\u00a0» (l. {line})"
    return "non imprimé"


def _printed_posts(b: pd.DataFrame, position: int) -> list[str]:
    """The items an annual figure adds up, where the plan prints them: the row labels
    ("ASE", "PMI", "JEUNESSE") of the components of the figure or of the TOTAL cell that
    repeats it (the 2020 spending of l.688 is the TOTAL CA 2020 cell of the table below)."""
    same = {position} | {
        int(q) for q, d in zip(b["position"], b["duplicate_of"], strict=True) if pd.notna(d) and int(d) == position
    }
    parts = b[b["part_of"].isin(same) & b["role"].eq("component")]
    return list(dict.fromkeys(c.split(" | ")[0] for c in parts.sort_values("first_line")["context"] if " | " in c))


def annual_budget_caveats(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Why the annual budgets the plans cite are not comparable as they stand: one
    sentence naming, for each plan that cites one, its year (or none), whether it is a
    floor ("plus de"), and what it covers as the plan prints it
    (:func:`printed_perimeter`: its items, or the words that say what it is spent on)."""
    bud = annual_budget(tables)
    cited = bud[bud["montant_eur"].notna()]
    if not len(cited):
        return []
    parts = []
    for r in cited.to_dict("records"):
        kind = "dépense" if r["nature"] == "consommé" else "budget"
        what = [
            f"{kind} de {r['année']} (l. {r['ligne']})"
            if pd.notna(r["année"])
            else f"{kind} sans année (l. {r['ligne']})"
        ]
        perimeter = r["périmètre imprimé"]
        if r["postes"] != "non dit":
            at = perimeter.rsplit(", ", 1)[-1].rstrip(")")
            what.append(f"total des postes {r['postes']} ({at}), pas la seule aide sociale à l'enfance")
        elif perimeter.startswith("«"):
            what[0] += " " + perimeter.rsplit(" (l. ", 1)[0]  # « à la protection des jeunes landais … »
        else:
            what.append("périmètre non imprimé")
        if r["borne basse"]:
            what.append("un minimum (« plus de »), pas le montant")
        parts.append(f"{r['département']} : {', '.join(what)}")
    return [
        "Ces montants ne se comparent pas en l'état : les départements n'ont pas la même population, "
        "et chaque schéma cite son année et son propre périmètre — " + " ; ".join(parts) + ". "
        "Deux de ces montants ne se comparent que si leurs périmètres imprimés sont les mêmes."
    ]


def with_printed_perimeter(table: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``table`` (one row per département, with a « budget annuel cité » column: report
    01's overview) with the « périmètre imprimé » of :func:`annual_budget` beside it, so
    that no annual figure is shown without what it covers."""
    if "périmètre imprimé" in table:
        return table
    perimeter = annual_budget(tables).set_index("département")["périmètre imprimé"]
    out = table.copy()
    at = list(out.columns).index("budget annuel cité") + 1 if "budget annuel cité" in out else len(out.columns)
    out.insert(at, "périmètre imprimé", out["département"].map(perimeter).fillna("—"))
    return out


def money_comparison(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The plans' money side by side, one row per plan (French columns):

    - **budget annuel cité**: :func:`annual_budget` (amount, year, nature, raw line),
      "montant illisible ou perdu (l. n)" (a heading printed without its amount) or
      "non cité";
    - **périmètre imprimé**: what that figure covers in the plan's words
      (:func:`printed_perimeter`): two départements' figures compare only where these
      match (a Direction's ASE + PMI + JEUNESSE spending is not a child-protection budget);
    - **fiches chiffrées**: sheets that cost their own means for the plan
      (:func:`costed_sheets`: at least one amount of ``scope = action`` that is not a
      unit amount, even one repeating an amount printed elsewhere) / sheets; an amount of
      a sheet that is a finding of a past period (``previous_plan``), another payer's
      (``third_party``) or outside child protection does not cost the sheet, nor does a
      unit amount alone (a bonus per carer: it does not say what the means cost);
    - **fiches : ponctuel / par an / autre**: money committed by actions (``scope =
      action``, repeats and totals out), one-off and per-year never added together;
      where the sheets' amounts of those periodicities are all left out
      (:func:`count_status`: a repeat, a part, a total, a variation), the cell says
      why instead of a bare "—" ("— (le montant de la fiche 8, l. 2630, répète celui
      de la l. 1293)");
    - **enveloppes du schéma**: the same for money the plan commits beyond one sheet;
    - **période passée / autres financeurs / hors champ**: how many amounts are counted
      (:func:`countable`, as in :func:`money_figures`), shown apart and never added to
      the plan's money.

    A plan whose money part was not read (:func:`unread_topics`: Orne, tome 2 only) has
    :data:`NONE_IN_TEXT_READ` in its empty money cells, never « 0 » or a bare « — ».
    """
    plans = tables["plans"].sort_values("department_code")
    budget = annual_budget(tables).set_index("plan_id")
    figures = money_figures(tables)
    allb = _qualified(tables["budget_lines"])
    actions = tables["actions"]

    # every per-plan figure looked up in dicts built in one pass (a filter per plan and cell
    # made this quadratic: 8 s at 100 plans, and each profile computes it for every plan)
    fig_at: dict[tuple, tuple] = {}
    for pid, scope, period, n, tot, listed in zip(
        figures["plan_id"],
        figures["portée"],
        figures["périodicité"],
        figures["n_montants"],
        figures["total_eur"],
        figures["montants"],
        strict=True,
    ):
        fig_at.setdefault((pid, scope, period), (n, tot, listed))
    counted = countable(tables["budget_lines"])
    n_scope = counted.groupby(["plan_id", "scope"]).size().to_dict() if len(counted) else {}
    n_sheets = actions.groupby("plan_id")["action_id"].nunique().to_dict() if len(actions) else {}
    n_costed = n_costed_sheets(tables["budget_lines"])
    # the amounts left out of every count, with why (a cell with none counted says why)
    status = count_status(tables["budget_lines"])
    keys = zip(allb["plan_id"], allb["position"].astype(int), strict=True)
    line_at = dict(zip(keys, allb["first_line"].astype(int), strict=True))
    left_out: dict[tuple, list] = {}
    out_rows = allb[status != "oui"]
    for pid, scope, period, aid, line, why in zip(
        out_rows["plan_id"],
        out_rows["scope"],
        out_rows["periodicity"],
        out_rows["action_id"],
        out_rows["first_line"],
        status[status != "oui"],
        strict=True,
    ):
        left_out.setdefault((pid, scope, period), []).append((aid, int(line), _why_left_out(why, pid, line_at)))

    def why_none(pid, scope, periods):
        """ "— (le montant de la fiche 8, l. 2630, répète celui de la l. 1293)", or "—"."""
        rows_out = sorted((r for period in periods for r in left_out.get((pid, scope, period), [])), key=lambda r: r[1])
        if not rows_out:
            return "—"
        said = [
            ("celui de la fiche " + str(aid) if pd.notna(aid) else "celui") + f", l. {line}, {why}"
            for aid, line, why in rows_out
        ]
        if len(said) == 1:
            return "— (le montant" + said[0].removeprefix("celui") + ")"
        return f"— (aucun des {len(said)} montants n'est compté : " + " ; ".join(said) + ")"

    def cell(pid, scope, periods):
        parts = []
        for period in periods:
            if (pid, SCOPE_FR[scope], PERIODICITY_FR[period]) in fig_at:
                n, tot, listed = fig_at[(pid, SCOPE_FR[scope], PERIODICITY_FR[period])]
                n = int(n)
                label = PERIODICITY_FR[period]
                if pd.notna(tot):
                    parts.append(f"{fmt_meur(tot)} {label}" + (f" ({n} montants)" if n > 1 else ""))
                elif n == 1:
                    parts.append(listed.replace(" (l. ", f" ({label}, l. "))  # the amount itself
                else:
                    parts.append(f"{n} montants ({label}, non additionnés)")
        return " ; ".join(parts) or why_none(pid, scope, periods)

    def count(pid, scope):
        return int(n_scope.get((pid, scope), 0))

    def read(value, unread: bool):
        """An empty cell of a plan whose money part was not read: none in the text read."""
        return unread_cell(value, "money", pid) if unread else value

    rows = []
    for p in plans.itertuples():
        pid = p.plan_id
        unread = "money" in unread_topics(pid)  # a part not read may hold money (Orne's tome 1)
        bud = budget.loc[pid]
        sheets = int(n_sheets.get(pid, 0))
        costed = int(n_costed.get(pid, 0))
        rows.append(
            {
                "département": f"{p.department_name} ({p.department_code})",
                "budget annuel cité": read(bud["budget annuel cité"], unread),
                "périmètre imprimé": bud["périmètre imprimé"],
                "nature": "—" if pd.isna(bud["nature"]) else bud["nature"],
                "ligne": bud["ligne"],
                "fiches chiffrées": f"{costed} / {sheets}",
                "fiches : ponctuel et par an": read(cell(pid, "action", ("one_off", "per_year")), unread),
                "fiches : autre périodicité": read(cell(pid, "action", ("per_month", "unit_rate", "unknown")), unread),
                "enveloppes du schéma": read(cell(pid, "plan_envelope", tuple(PERIODICITY_FR)), unread),
                "période passée (montants)": read(count(pid, "previous_plan"), unread),
                "autres financeurs (montants)": read(count(pid, "third_party"), unread),
                "hors champ (montants)": read(count(pid, "outside_scope"), unread),
            }
        )
    return pd.DataFrame(rows).astype({"ligne": "Int64"})


def money_comparison_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Report 03's table: :func:`money_comparison` with « fiches chiffrées » as report 01
    and the profiles give it where a plan's money was not read (:func:`unread_cell` with
    the number of sheets: Orne's « aucune sur 12 dans le texte lu », never « 0 / 12 »).
    :func:`money_comparison` keeps « 0 / 12 », the count that report 01, the profiles and
    the comparison of two editions read and word themselves."""
    out = money_comparison(tables).astype({"fiches chiffrées": object})
    plans = tables["plans"]
    ids = {f"{p.department_name} ({p.department_code})": p.plan_id for p in plans.itertuples()}
    acts = tables["actions"]
    n_sheets = acts.groupby("plan_id")["action_id"].nunique().to_dict() if len(acts) else {}
    out["fiches chiffrées"] = [
        unread_cell(v, "money", ids[d], int(n_sheets.get(ids[d], 0)))
        for d, v in zip(out["département"], out["fiches chiffrées"], strict=True)
    ]
    return out


def _why_left_out(status: str, pid, line_at: dict) -> str:
    """A :func:`count_status` "non" in words, the amount it points to by its line:
    "non : répète le rang 4" → "répète celui de la l. 1293"."""
    m = re.search(r"rang (\d+)", status)
    at = f"la l. {line_at[(pid, int(m.group(1)))]}" if m and (pid, int(m.group(1))) in line_at else "un autre montant"
    if status.startswith("non : répète"):
        return f"répète celui de {at}" if m else "répète un montant imprimé avant"
    if status.startswith("non : partie"):
        return f"est une partie de celui de {at}" if m else "est une partie d'un montant compté"
    if status == "non : variation":
        return "est une variation (hausse ou baisse), pas un montant"
    if status.startswith("non : total"):
        return "est le total de composantes imprimées, comptées à part"
    return status.removeprefix("non : ")


def _counts_phrase(b: pd.DataFrame) -> str:
    """ "n montants imprimés, m comptés (k répétitions… retirées)", from the rows of one
    plan: every figure recomputable from the "compté" column of the qualified table."""
    status = count_status(b)
    n, n_yes = len(b), int((status == "oui").sum())
    why = status[status != "oui"].str.replace(r" rang \d+", "", regex=True).value_counts()
    labels = {
        "non : répète le": ("répétition", "répétitions"),
        "non : total de composantes imprimées": ("total dont les composantes sont imprimées",
                                                 "totaux dont les composantes sont imprimées"),
        "non : partie du": ("partie d'un montant compté", "parties d'un montant compté"),
        "non : variation": ("variation", "variations"),
    }  # fmt: skip
    out = []
    for key, (one, many) in labels.items():
        k = int(why.get(key, 0))
        if k:
            out.append(f"{k} {one if k == 1 else many}")
    phrase = f"imprime {n} montant{'s' if n > 1 else ''} en euros"
    if out:
        listed = ", ".join(out[:-1]) + " et " + out[-1] if len(out) > 1 else out[0]
        phrase += f", dont {n_yes} compté{'s' if n_yes > 1 else ''} (hors {listed})"
    return phrase


def money_sentences(tables: dict[str, pd.DataFrame]) -> list[str]:
    """One French sentence per département: what its plan cites and does not cite.

    Every count is recomputable from :func:`budget_lines_qualified` ("compté" column)
    and matches :func:`money_figures`; a budget heading printed without its amount is
    said lost or illegible, not "not cited"."""

    budget = annual_budget(tables)
    series = annual_budget_series(tables)
    allb = _qualified(tables["budget_lines"])
    counted = countable(tables["budget_lines"])
    sheets = costed_sheets(tables["budget_lines"])
    acts = tables["actions"]
    out = []
    for p, bud in zip(
        tables["plans"].sort_values("department_code").itertuples(),
        budget.to_dict("records"),
        strict=True,
    ):
        b = allb[allb["plan_id"] == p.plan_id]
        name = f"{p.department_name} ({p.department_code})"
        # a part of the plan not read may hold money: what is absent is absent from the text read
        unread = "money" in unread_topics(p.plan_id)
        subject = "le texte lu" if unread else "le schéma"
        unread_note = f" {UNREAD_NOTE}" if unread else ""
        if not len(b):
            out.append(
                f"{name} : {subject} ne cite aucun montant en euros, ni budget annuel ni coût d'action{unread_note}."
            )
            continue
        parts = [_counts_phrase(b)]
        if bud["statut"] != "cité":
            partial = b[b["scope"] == "annual_budget"].sort_values("first_line")
            lost = lost_budget_headings(partial)
            said = []
            for h in lost.to_dict("records"):
                y = h["année"]
                said.append(
                    f"imprime l'intitulé « {h['intitulé']} » sans son montant, illisible ou perdu à la conversion "
                    f"du texte (l. {h['ligne']}) ; seule une partie se lit : « {h['partie']} » "
                    f"(l. {h['ligne_partie']}{f', budget {int(y)}' if pd.notna(y) else ''})"
                )
            rest = partial[~partial["context"].fillna("").str.match(_HEADING_WITHOUT_AMOUNT)]
            if len(rest):
                said.append(
                    (
                        "ne cite pas d'autre total de son budget annuel, seulement "
                        if len(lost)
                        else "ne cite pas le total de son budget annuel de protection de l'enfance, seulement "
                    )
                    + ", ".join(
                        f"{fmt_meur(a)}{f' en {int(y)}' if pd.notna(y) else ''} (l. {int(n)})"
                        for a, y, n in zip(rest["amount_eur"], rest["year"], rest["first_line"], strict=True)
                    )
                    + (" qui en est une partie" if len(rest) == 1 else " qui en sont des parties")
                )
            parts += said or ["ne cite pas de budget annuel de protection de l'enfance"]
        else:
            what = "une dépense annuelle" if bud["nature"] == NATURE_FR["consumed"] else "un budget annuel"
            perimeter = bud["périmètre imprimé"]
            # the items it adds are in the label already ("total ASE + PMI + JEUNESSE"); else its printed words
            said = f", {perimeter.rsplit(' (l. ', 1)[0]}" if perimeter.startswith("«") else ""
            cited = f"cite {what} : {bud['budget annuel cité']}{said} ({bud['nature']}, l. {bud['ligne']})"
            dated = series[series["département"] == name]
            if dated["année"].nunique() > 1:
                cited += (
                    f" et son évolution de {dated['année'].min()} à {dated['année'].max()}"
                    f" ({', '.join(dict.fromkeys(dated['poste']))}, sans les additionner)"
                )
            parts.append(cited)
        n_act = int(acts["plan_id"].eq(p.plan_id).sum()) if len(acts) else 0
        mine = sheets[sheets["plan_id"] == p.plan_id] if len(sheets) else sheets
        costed = int(mine["chiffrée"].astype(bool).sum()) if len(mine) else 0
        parts.append(
            _sheets_that(costed, n_act, "chiffre ses moyens", "chiffrent leurs moyens", "ne chiffre ses moyens")
        )
        # the sheets whose only own amounts are unit amounts, said apart (costed_sheets)
        units = [(r["action_id"], r["unitaires"]) for r in mine.to_dict("records") if not r["chiffrée"]]
        if units:
            parts.append(_unit_only_phrase(units))
        c = counted[counted["plan_id"] == p.plan_id]
        apart = []
        for scope, label in (
            ("previous_plan", "au bilan d'une période passée"),
            ("third_party", "payés par d'autres financeurs"),
            ("outside_scope", "hors protection de l'enfance (plans pour toute la population)"),
            ("unknown", "de portée non dite"),
        ):
            n = int((c["scope"] == scope).sum())
            if n:
                named = (x for cell in c.loc[c["scope"] == scope, "payer"].dropna() for x in cell.split(", "))
                payers = sorted({x for x in named if x != "Département"})
                apart.append(f"{n} {label}" + (f" (financeurs nommés : {', '.join(payers)})" if payers else ""))
        if apart:
            parts.append("montants comptés montrés à part, jamais ajoutés : " + ", ".join(apart))
        out.append(f"{name} : {subject} " + " ; ".join(parts) + unread_note + ".")
    return out


#: Words that lead to an amount without naming what it pays for ("… en 2022 pour un
#: montant total de 605 302 €"), dropped from the end of an item's name (apostrophes
#: straight; "en 2022" is dropped as a pair, the year being on the chart's axis, and
#: "montant total" too, while "Budget total" keeps its "total").
_LEAD_WORDS = frozenset(
    "pour un une d'un d'une montant montants de d' du des à a au aux soit est sont "
    "s'élève s'élèvent atteint atteignent représente représentent hauteur environ près plus moins le la les l' "
    "et : , ; – — - = : € euros".split()
)
#: Words that lead from an amount to what it pays for ("605 302 € d'aides…"), dropped
#: from the start of an item's name read after its amount.
_LEAD_AFTER = re.compile(r"^(?:[\s,:;–—-]+|(?:d['’]|de\s|pour\s|à\s|au\s|aux\s|consacrés?\s|alloués?\s))+", re.I)


def _poste(context: str, raw: str | None = None) -> str:
    """The item an annual figure is printed for, a clean name a reader finds in the plan:
    a table row's label ("ASE"); for a part whose whole is lost ("Budget de la politique
    enfance famille : dont 7 060 407 € d'investissement"), the part and its heading, said
    partial; else the words before the amount (printed ``raw``) without the words that
    only lead to it ("aides financiéres accordées aux familles de 'aide sociale a
    I'enfance en 2022 pour un montant total de 605 302 €" → "aides financiéres accordées
    aux familles de 'aide sociale a I'enfance"), or, when none, the words after it.

    Never a fragment cut mid-phrase with "…": a long name is kept whole (a legend wraps
    it), for its start or its end alone would not say what the figure is."""
    if " | " in context:
        return context.split(" | ")[0]
    m = _HEADING_WITHOUT_AMOUNT.match(context)
    if m:
        return f"{_part_words(context)} (partie de «\u00a0{m.group('head')}\u00a0», total illisible ou perdu)"
    found = euro_amounts(context)
    hit = next((a for a in found if raw is not None and a.raw == raw.strip()), found[0] if found else None)
    if hit is None:
        return context.strip(" .,;:")
    name = _without_lead_words(context[: hit.start])
    if not name:  # "605 302 € d'aides financières…": what follows the amount
        name = _without_lead_words(_LEAD_AFTER.sub("", context[hit.end :]))
    return name or context.strip(" .,;:")


def _without_lead_words(text: str) -> str:
    """``text`` without the words at its end that only lead to an amount (:data:`_LEAD_WORDS`, "en 2022")."""
    words = text.split()
    while words:
        w = words[-1].lower().replace("’", "'")
        before = words[-2].lower() if len(words) > 1 else ""
        if w in _LEAD_WORDS:
            words.pop()
        elif w in ("total", "totale", "global", "globale") and before in ("montant", "montants"):
            del words[-2:]
        elif re.fullmatch(r"\d{4}", w.strip(".,;:")) and len(words) > 1 and words[-2].lower() == "en":
            del words[-2:]
        else:
            break
    return " ".join(words).strip(" .,;:–—-")


def _part_words(context: str) -> str:
    """ "dont 7 060 407 € d'investissement" → "part d'investissement": the words of a
    "dont" part after its amount (the amount alone when none follow)."""
    tail = context.split(":", 1)[1].strip()
    found = euro_amounts(tail)
    after = tail[found[0].end :].strip(" .") if found else ""
    return f"part {after}" if after else tail


def budget_part_only(b: pd.DataFrame) -> pd.Series:
    """Per amount of :func:`_qualified` ``b``, whether it is an ``annual_budget`` amount that
    is only a part of a whole the plan does not print (``component`` without ``part_of``),
    so not an annual budget: Pas-de-Calais's « dont 7 060 407 € d'investissement » (62:654),
    the part of a budget whose amount is lost (62:653), or its « 605 302 € » of aids
    granted to families (62:800-802). The one rule by which such a part is not drawn as
    a budget (:func:`_drawn_budget`), is said under the chart
    (:func:`annual_budget_not_drawn`) and in :func:`money_figures`'s « sans somme »."""
    return (b["scope"] == "annual_budget") & b["role"].eq("component") & b["part_of"].isna()


def _part_said(r: dict) -> str:
    """What a part of :func:`budget_part_only` is a part of, in the plan's words (row
    ``r`` of :func:`_qualified`): "« dont 7 060 407 € d'investissement » du
    « Budget de la politique enfance famille », l. 653, montant illisible ou
    perdu"; "« aides financiéres accordées aux familles de 'aide sociale a
    I'enfance », total non imprimé"."""
    context = str(r["context"] or "")
    head = _HEADING_WITHOUT_AMOUNT.match(context)
    if head:
        part = context.split(":", 1)[1].strip()
        line = max(1, int(r["first_line"]) - 1)
        return f"« {part} » du « {head.group('head').strip()} », l. {line}, montant {LOST}"
    return f"« {_poste(context, r.get('amount_raw'))} », total non imprimé"


def _drawn_budget(b: pd.DataFrame) -> pd.Series:
    """Per ``annual_budget`` amount of :func:`_qualified` (index of ``b``), whether it belongs
    to a dated annual budget or spending series: a whole (``role`` single or total) or a
    component of a whole the plan prints (``part_of`` set: a row of Haute-Garonne's table
    31:692-696, whose TOTAL is 31:698). Not drawn: a variation; a figure without a year; a
    part whose whole the plan does not print (:func:`budget_part_only`), for it is not a
    budget."""
    kept = b["role"].isin(["single", "total", "component"]) & ~budget_part_only(b)
    return (b["scope"] == "annual_budget") & b["year"].notna() & kept


def annual_budget_series(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The dated annual budget or spending, one series per printed item (ASE, PMI,
    JEUNESSE, TOTAL…): département, poste, année, montant_eur, nature, ligne. Only amounts
    of the same kind (:func:`_drawn_budget`: a whole, or a component of a whole the plan
    prints); a part whose whole is not printed and a figure without a year are said by
    :func:`annual_budget_not_drawn`, never drawn as a budget. Items are never added to
    each other; a figure of the text repeated by a table cell is drawn once (the table's)."""
    cols = ["département", "poste", "année", "montant_eur", "nature", "ligne"]
    b = _qualified(tables["budget_lines"])
    b = b[_drawn_budget(b)]
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
            "poste": [_poste(c, r) for c, r in zip(b["context"], b["amount_raw"], strict=True)]
            if "amount_raw" in b
            else [_poste(c) for c in b["context"]],
            "année": b["year"].astype(int),
            "montant_eur": b["amount_eur"].astype(float),
            "nature": b["nature"].map(NATURE_FR),
            "ligne": b["first_line"].astype(int),
        }
    )
    return out.sort_values(["département", "ligne", "année"]).reset_index(drop=True)  # items in printed order


def annual_budget_not_drawn(tables: dict[str, pd.DataFrame]) -> list[str]:
    """One French sentence per plan whose annual-budget amounts are not drawn as a dated
    budget (:func:`_drawn_budget`), each said with its line: a part whose whole is lost
    (« 7,06 M€ en 2022 (l. 654) n'est qu'une partie, « dont 7 060 407 € d'investissement »,
    du « Budget de la politique enfance famille » (l. 653), dont le montant est illisible
    ou perdu »), a part whose whole is not printed (Pas-de-Calais's 605 302 € of aids,
    62:800-802), a figure without a year (Landes's « plus de 60 M€ », 40:22). Variations
    and repeats are left out, as everywhere."""
    b = _qualified(tables["budget_lines"])
    b = b[(b["scope"] == "annual_budget") & (b["role"] != "variation") & b["duplicate_of"].isna() & ~_drawn_budget(b)]
    if not len(b):
        return []
    b = _with_dept(b.assign(_part=budget_part_only(b)), tables["plans"]).sort_values(["plan_id", "first_line"])
    out = []
    for dept, g in b.groupby("département", sort=False):
        said = []
        for r in g.to_dict("records"):
            lb = bool(r["is_lower_bound"]) if pd.notna(r["is_lower_bound"]) else False
            amount = fmt_meur(r["amount_eur"], lower_bound=lb)
            when = f" en {int(r['year'])}" if pd.notna(r["year"]) else ""
            at = f"{amount}{when} (l. {int(r['first_line'])})"
            context = str(r["context"] or "")
            head = _HEADING_WITHOUT_AMOUNT.match(context)
            if r["_part"] and head:
                part = context.split(":", 1)[1].strip()
                said.append(
                    f"{at} n'est qu'une partie, «\u00a0{part}\u00a0», du «\u00a0{head.group('head').strip()}\u00a0» "
                    f"(l. {max(1, int(r['first_line']) - 1)}), dont le montant est illisible ou perdu"
                )
            elif r["_part"]:
                name = _poste(context, r.get("amount_raw"))
                said.append(
                    f"{at}, «\u00a0{name}\u00a0», n'est qu'une partie d'une dépense dont le total n'est pas imprimé, "
                    "pas un budget annuel"
                )
            else:
                yearly = " par an" if r["periodicity"] == "per_year" else ""
                what = "est un minimum, sans année" if lb else "n'a pas d'année"
                said.append(f"{amount}{yearly} (l. {int(r['first_line'])}) {what} : pas de série datée")
        out.append(f"Non tracé pour {dept} : " + " ; ".join(said) + ".")
    return out


def budget_lines_qualified(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every amount with its qualification in French, for a reader checking a figure
    against the plan: département, fiche, portée, périodicité, rôle, répétition de,
    composante de, compté ("oui", or "non" and why: :func:`count_status`; the counts of
    :func:`money_figures` and :func:`money_sentences` are its "oui" rows), financeur,
    montant, année, nature, contexte, ligne."""
    plans = tables["plans"]
    b = _with_dept(_qualified(tables["budget_lines"]), plans)
    cols = ["département", "position", "fiche", "portée", "périodicité", "rôle", "composante de", "répétition de",
            "compté", "financeur", "montant", "année", "nature", "contexte", "ligne"]  # fmt: skip
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
            "compté": count_status(tables["budget_lines"]).reindex(b.index),
            "financeur": b["payer"].fillna("—"),
            "montant": [fmt_meur(a, lower_bound=bool(x)) for a, x in zip(b["amount_eur"], lb, strict=True)],
            "année": b["year"].astype("Int64"),
            "nature": b["nature"].map(NATURE_FR),
            "contexte": b["context"],
            "ligne": b["first_line"].astype(int),
        }
    )
    return out.sort_values(["département", "position"]).reset_index(drop=True)[cols]
