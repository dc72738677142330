"""Report 02: theme coverage, gaps, clusters, similar actions."""

from __future__ import annotations

import pandas as pd

from schemalab.analysis.display import (
    Statement,
    _with_dept,
    capped_list,
    clip,
    dept_labels,
    french_number,
    line_ref,
    natural_sort,
    say,
    show,
    shown_text,
)
from schemalab.analysis.loading import data_paths

#: Short French names of the reference taxonomy (../shared/themes.md).
THEME_NAMES: dict[str, str] = {
    "T01": "Périnatalité, PMI, santé du jeune enfant",
    "T02": "Prévention, soutien à la parentalité",
    "T03": "Repérage, IP, évaluation",
    "T04": "Domicile et milieu ouvert",
    "T05": "Accueil familial et tiers",
    "T06": "Accueil en établissement",
    "T07": "Santé, handicap, situations complexes",
    "T08": "Scolarité, culture, sport, loisirs",
    "T09": "Autonomie, jeunes majeurs, insertion",
    "T10": "Mineurs non accompagnés",
    "T11": "Gouvernance, pilotage, partenariats",
    "T12": "Participation, droits, familles",
    "T13": "Professionnels, métiers, formation",
    "T14": "Statut de l'enfant, adoption",
}


def theme_label(code: str) -> str:
    """'T02 Prévention, soutien à la parentalité'."""
    return f"{code} {THEME_NAMES.get(code, '')}".strip()


def theme_name(code) -> str:
    """A theme's name as a reader sees it in reports 02 and 07 (« Prévention, soutien à la
    parentalité »), without its code (T01…T14 stay in the data tables); "—" for no theme."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return "—"
    return THEME_NAMES.get(str(code), str(code))


#: A theme name's rank in the taxonomy (T01 first): tables and charts keep the themes in that order.
THEME_RANK: dict[str, int] = {n: i for i, n in enumerate(THEME_NAMES.values())}

#: Separator of several theme names in one cell (a name may hold a comma).
NAMES_SEP = " ; "


def themes_available(action_themes: pd.DataFrame, actions: pd.DataFrame) -> Statement | None:
    """None when every action has a theme; else a French statement of what is missing."""
    if not len(actions):
        return say("Aucune fiche action dans les tables.")
    if not len(action_themes):
        return say(
            "Les thèmes n'ont pas encore été calculés (table action_themes vide) : "
            "les figures thématiques de ce rapport sont vides. Lancez `schemalab report` "
            "(ou `make report`) une fois la couche thématique installée."
        )
    keys = set(zip(actions["plan_id"], actions["action_id"], strict=True))
    have = set(zip(action_themes["plan_id"], action_themes["action_id"], strict=True))
    missing = keys - have
    if missing:
        n = len(missing)
        verb, whom = ("n'a", "elle est comptée") if n == 1 else ("n'ont", "elles sont comptées")
        what = "fiche action" if n == 1 else "fiches actions"
        return say(f"{n} {what} sur {len(keys)} {verb} pas de thème : {whom} à part.")
    return None


def theme_coverage(action_themes: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares of actions per (département, theme), every theme listed.

    Returns:
        Long frame: département, theme_code, thème, n_actions, share (0-1 of the
        département's themed actions). Empty when no theme was computed.
    """
    cols = ["département", "theme_code", "thème", "n_actions", "share"]
    if not len(action_themes):
        return pd.DataFrame(columns=cols)
    df = _with_dept(action_themes, plans)
    counts = df.groupby(["département", "theme_code"]).size()
    depts = sorted(df["département"].dropna().unique())
    idx = pd.MultiIndex.from_product([depts, list(THEME_NAMES)], names=["département", "theme_code"])
    counts = counts.reindex(idx, fill_value=0).rename("n_actions").reset_index()
    totals = counts.groupby("département")["n_actions"].transform("sum")
    counts["share"] = (counts["n_actions"] / totals.where(totals > 0)).fillna(0.0)
    counts["thème"] = counts["theme_code"].map(theme_name, na_action="ignore")
    return counts[cols]


def theme_matrix(coverage: pd.DataFrame, value: str = "share") -> pd.DataFrame:
    """Wide theme × département matrix of ``value`` (share or n_actions) for the heatmap."""
    if not len(coverage):
        return pd.DataFrame()
    m = coverage.pivot(index="thème", columns="département", values=value).astype(float)
    return m.loc[sorted(m.index, key=lambda x: (THEME_RANK.get(x, len(THEME_RANK)), str(x)))]


def _theme_sets(action_themes: pd.DataFrame) -> pd.Series:
    """Per row: the set of its main and secondary theme codes."""
    sec = action_themes.get("secondary_theme_codes", pd.Series([None] * len(action_themes), index=action_themes.index))
    return pd.Series(
        [
            {m, *(x for x in (s.split(",") if isinstance(s, str) else []) if x)}
            for m, s in zip(action_themes["theme_code"], sec, strict=True)
        ],
        index=action_themes.index,
    )


def _titles(actions: pd.DataFrame) -> pd.DataFrame:
    """plan_id, action_id and the title a reader sees (:func:`shown_text`: OCR damage repaired,
    « l'ODPE » for « I'ODPE »; the printed title stays in the data)."""
    return actions[["plan_id", "action_id"]].assign(title=shown_text(actions, "title"))


#: A step of a sheet (a ``sub_actions`` row, themed in ``text_themes`` under its sheet's title)
#: counts as evoking a theme when that theme is its main theme with at least this score. 0.5:
#: the score under which the reports call a theme uncertain (report 07's « thème incertain
#: (score sous 0,5) »), and the boundary that held for this very use when measured
#: leave-one-département-out on the labelled steps (fitted without a plan, its steps read under
#: their sheet's title, its sheets themed by the same fit): of the steps whose main theme none of
#: their plan's sheets has (main or secondary), those at 0.5 or more were 10, 9 with the readers'
#: main theme, in 6 (plan, theme) pairs all of which a labelled step does carry; from 0.4, 3 more
#: steps, none right; from 0.6, two of the right pairs are lost. Few cases: a step cited is a
#: lead to read, as an absence is.
STEP_SCORE = 0.5

#: Column of :func:`theme_gaps`: the départements with no sheet on the theme whose steps carry it.
STEPS_COL = "abordé dans des étapes, sans fiche dédiée"

#: Characters of a step quoted in :data:`STEPS_COL` (:func:`clip`).
STEP_QUOTE = 60


def step_mentions(
    text_themes: pd.DataFrame, sub_actions: pd.DataFrame, plans: pd.DataFrame, min_score: float = STEP_SCORE
) -> pd.DataFrame:
    """The steps of the plans (``sub_actions`` rows themed in ``text_themes``, ``source_table``
    « sub_actions ») whose main theme scores at least ``min_score``: where a plan's steps carry
    a theme, with the line to read them at.

    Returns:
        plan_id, département, theme_code, action_id, position, line, text (the step as a reader
        sees it, OCR damage repaired), score; sorted by plan, sheet and step. Only the steps of
        ``plans`` and only the rows of ``text_themes`` that are steps: the reviewed actions and
        the youth recommendations of the same table are left alone.
    """
    from schemalab.themes import STEP_SOURCE, step_ref

    cols = ["plan_id", "département", "theme_code", "action_id", "position", "line", "text", "score"]
    if text_themes is None or sub_actions is None or not len(text_themes) or not len(sub_actions):
        return pd.DataFrame(columns=cols)
    th = text_themes[(text_themes["source_table"] == STEP_SOURCE) & text_themes["theme_code"].notna()]
    th = th[th["theme_score"].astype(float) >= min_score]
    subs = sub_actions.assign(
        source_ref=[step_ref(a, p) for a, p in zip(sub_actions["action_id"], sub_actions["position"], strict=True)],
        _shown=shown_text(sub_actions, "text"),
    )
    subs = subs[subs["plan_id"].isin(set(plans["plan_id"]))]
    m = th[["plan_id", "source_ref", "theme_code", "theme_score"]].merge(
        subs[["plan_id", "source_ref", "action_id", "position", "line", "_shown"]], on=["plan_id", "source_ref"]
    )
    if not len(m):
        return pd.DataFrame(columns=cols)
    m = _with_dept(m, plans).rename(columns={"_shown": "text", "theme_score": "score"})
    m["score"] = m["score"].astype(float)
    return natural_sort(m, ["plan_id", "action_id", "position"])[cols]


def _steps_cell(dept: str, name: str, steps: pd.DataFrame) -> str:
    """« Orne (61) : évoqué dans une étape : fiche 12, Orne, l. 435 (« … ») »: where a
    département's steps carry a theme none of its sheets has."""
    n = len(steps)
    head = f"{dept} : évoqué dans une étape" if n == 1 else f"{dept} : évoqué dans {french_number(n)} étapes"
    cites = [
        f"fiche {a}, {line_ref(name, line)} (« {clip(t, STEP_QUOTE).rstrip(' .;:')} »)"
        for a, line, t in zip(steps["action_id"], steps["line"], steps["text"], strict=True)
    ]
    return f"{head} : {capped_list(cites, ' ; ')}"


def theme_gaps(
    action_themes: pd.DataFrame,
    actions: pd.DataFrame,
    plans: pd.DataFrame,
    theme_scores: pd.DataFrame | None = None,
    text_themes: pd.DataFrame | None = None,
    sub_actions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Sheets one département has on a theme on which another département has NO sheet whose
    main or secondary theme it is (a theme covered inside a broader sheet is not absent).

    With the steps' themes (``text_themes`` and ``sub_actions`` both given), a département
    without a sheet on the theme whose steps carry it as their main theme (score at least
    :data:`STEP_SCORE`, :func:`step_mentions`) is not absent: it is listed in
    :data:`STEPS_COL` with each step's sheet, line and words (« Orne (61) : évoqué dans une
    étape : fiche 12, Orne, l. 435 (« … ») »), and « absent chez » keeps the others only
    (« — » when none is left). A theme no sheet and no step carries stays absent.

    Returns:
        département, thème, action_id, intitulé, score (the sheet's theme score), absent chez
        (départements with no sheet whose main or secondary theme it is, and, when the steps are
        given, no step either), :data:`STEPS_COL` when the steps are given and, when
        ``theme_scores`` is given, the best score of the absent départements' sheets on that
        theme ("fiche des absents la plus proche du thème (score)"), so a near miss can be checked.
    """
    with_steps = text_themes is not None and sub_actions is not None
    cols = ["département", "thème", "action_id", "intitulé", "score", "absent chez"]
    if with_steps:
        cols.append(STEPS_COL)
    if theme_scores is not None:
        cols.append("fiche des absents la plus proche du thème (score)")
    if not len(action_themes) or plans["plan_id"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    df = _with_dept(action_themes.merge(_titles(actions), how="left"), plans)
    df["_themes"] = _theme_sets(df)
    depts = sorted(dept_labels(plans).values())
    names = {f"{r.department_name} ({r.department_code})": r.department_name for r in plans.itertuples()}
    has: dict[str, set] = {}
    for d, ts in zip(df["département"], df["_themes"], strict=True):
        for code in ts:
            has.setdefault(code, set()).add(d)
    steps = step_mentions(text_themes, sub_actions, plans) if with_steps else pd.DataFrame()
    by_step = {k: g for k, g in steps.groupby(["département", "theme_code"], sort=False)} if len(steps) else {}
    best: dict[tuple[str, str], tuple[str, float]] = {}
    if theme_scores is not None and len(theme_scores):
        sc = _with_dept(theme_scores, plans).dropna(subset=["département"])
        sc = sc.sort_values(["theme_score", "action_id"], ascending=[False, True], kind="mergesort")
        for r in sc.drop_duplicates(["département", "theme_code"]).itertuples():
            best[(r.département, r.theme_code)] = (r.action_id, float(r.theme_score))
    rows = []
    for r in df.sort_values(["theme_code", "département"]).itertuples():
        lacking = [d for d in depts if d not in has.get(r.theme_code, set())]
        if lacking:
            stepped = [d for d in lacking if (d, r.theme_code) in by_step]
            absent = [d for d in lacking if d not in stepped]
            row = [
                r.département,
                theme_name(r.theme_code),
                r.action_id,
                clip(r.title, 200),
                round(float(r.theme_score), 2),
                capped_list(absent) or "—",
            ]
            if with_steps:
                row.append(
                    " ".join(_steps_cell(d, names.get(d, d), by_step[(d, r.theme_code)]) + "." for d in stepped) or "—"
                )
            if theme_scores is not None:
                # only the score takes a decimal comma: a sheet number stays as printed (« 5.1 »)
                near = [
                    f"{d} : fiche {best[(d, r.theme_code)][0]} ({_score_fr(best[(d, r.theme_code)][1])})"
                    for d in absent
                    if (d, r.theme_code) in best
                ]
                row.append(capped_list(near, " ; ") or "—")
            rows.append(row + [r.theme_code])
    out = pd.DataFrame(rows, columns=[*cols, "_code"])
    return natural_sort(out, ["_code", "département", "action_id"])[cols].reset_index(drop=True)


def _labelled_steps(sub_actions: pd.DataFrame, plans: pd.DataFrame) -> int:
    """How many of these steps are labelled steps the classifier was fitted on
    (``theme_labels_steps.csv``: same département, sheet and position, and the same first
    letters, as :func:`fitted_sheets_note` matches the sheets)."""
    from schemalab.themes_classifier import STEP_LABELS

    if not len(sub_actions):
        return 0
    labels = pd.read_csv(STEP_LABELS, dtype=str, keep_default_na=False)
    code = dict(zip(plans["plan_id"], plans["department_code"].astype(str), strict=True))
    steps = pd.DataFrame(
        {
            "department_code": sub_actions["plan_id"].map(code),
            "action_id": sub_actions["action_id"].astype(str),
            "position": sub_actions["position"].astype(int).astype(str),
            "printed": sub_actions["text"].to_numpy(),
            "shown": shown_text(sub_actions, "text").to_numpy(),
        }
    )
    m = steps.merge(labels[["department_code", "action_id", "position", "text"]], how="left")

    def norm(x):
        return x.fillna("").astype(str).str.casefold().str.replace(r"[\W_]+", "", regex=True).str[:20]

    same = (norm(m["shown"]) == norm(m["text"])) | (norm(m["printed"]) == norm(m["text"]))
    return int((m["text"].notna() & same).sum())


def gaps_note(
    text_themes: pd.DataFrame | None = None, sub_actions: pd.DataFrame | None = None, plans: pd.DataFrame | None = None
) -> Statement:
    """What report 02's table of themes without a sheet says and does not say, in French: a
    département with no sheet on a theme may still carry it in the steps of its sheets (column
    :data:`STEPS_COL`, with the rule: main theme of the step, score at least :data:`STEP_SCORE`);
    only a theme no sheet and no step carries is « absent », and an absence, like a step cited,
    is checked by reading. With ``plans``, how many of the steps were labelled by reading and
    fitted on (:func:`_labelled_steps`). Says so when the steps were not themed."""
    from schemalab.themes import STEP_SOURCE

    if (
        text_themes is None
        or sub_actions is None
        or (len(sub_actions) and not (text_themes["source_table"] == STEP_SOURCE).any())
    ):
        return say(
            "Les étapes des fiches n'ont pas été classées par thème : « absent chez » "
            "ne tient compte que des fiches, et une absence se vérifie à la lecture du schéma."
        )
    lines = [
        "Chaque étape des fiches (leur « déclinaison opérationnelle ») a reçu un thème, lue sous l'intitulé de sa "
        f"fiche. La colonne « {STEPS_COL} » cite, pour chaque département sans fiche sur le thème, les étapes dont "
        f"c'est le thème principal avec un score d'au moins {french_number(STEP_SCORE)} (le seuil sous lequel les "
        "rapports tiennent un thème pour incertain), avec leur fiche et leur ligne. « Absent chez » ne garde que "
        "les départements dont aucune fiche ni aucune étape ne porte le thème.",
        "Une absence n'est qu'un constat sur ce que la méthode de classement a lu : elle se vérifie à la lecture du "
        "schéma. Une étape citée se relit de même à la ligne donnée avant de conclure que le schéma traite le thème.",
    ]
    n, n_read = len(sub_actions), _labelled_steps(sub_actions, plans) if plans is not None else 0
    if n_read:
        lines.append(
            (
                f"Les {french_number(n)} étapes"
                if n_read == n
                else f"{french_number(n_read)} des {french_number(n)} étapes"
            )
            + " ont été annotées à la lecture et la méthode de classement a été entraînée sur elles : leur thème est "
            "le plus souvent celui des lecteurs. Le thème d'une étape qu'elle n'a jamais lue (un nouveau schéma, une "
            "nouvelle édition) est moins sûr, surtout quand il diffère de celui de sa fiche."
        )
    return say(*lines)


def _score_fr(score: float) -> str:
    """A theme score with two decimals and a decimal comma: ``0.0123`` → ``0,01``."""
    return f"{float(score):.2f}".replace(".", ",")


def theme_quality(what: str = "sheets") -> Statement:
    """The measured accuracy of the theme mapping ("sheets", "titles" or "sentences"), in French, to print
    next to any theme figure (figures from schemalab/data/theme_quality.json)."""
    from schemalab.themes_classifier import accuracy_sentence

    return say(accuracy_sentence(what))


def fitted_sheets_note(action_themes: pd.DataFrame, actions: pd.DataFrame) -> Statement | None:
    """Which of the sheets shown the classifier was fitted on: the labelled sheets
    (``data/theme_labels_sheets.csv``, read and annotated by hand) are its training text, so
    their theme is the annotators' as often as the fit reproduces it (all of them for the
    five reference plans) and their scores are those of text it has read, higher than a
    new plan's. The accuracy « sur des textes non vus » is what a sheet the classifier never
    read is worth (a new plan, a new edition). None without themes."""
    from pathlib import Path

    if not len(action_themes):
        return None
    labels = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "theme_labels_sheets.csv", dtype=str)
    shown = action_themes.assign(
        _dc=action_themes["plan_id"].astype(str).str.split("-").str[0], _id=action_themes["action_id"].astype(str)
    )
    m = shown.merge(labels, left_on=["_dc", "_id"], right_on=["department_code", "action_id"], how="left",
                    suffixes=("", "_lu"))  # fmt: skip
    # a label belongs to one edition: a sheet of another edition with the same number and
    # département is the labelled one only if its title is the same
    titles = actions.assign(_pid=actions["plan_id"].astype(str), _id=actions["action_id"].astype(str))
    m = m.merge(titles[["_pid", "_id", "title"]].rename(columns={"title": "_shown_title"}),
                left_on=[m["plan_id"].astype(str), "_id"], right_on=["_pid", "_id"], how="left")  # fmt: skip

    def norm(x):  # the title's first letters: a label may keep a shorter title than the sheet's cell
        return x.fillna("").astype(str).str.casefold().str.replace(r"[\W_]+", "", regex=True).str[:20]

    read = m["theme_code_lu"].notna() & (norm(m["title"]) == norm(m["_shown_title"]))
    m.loc[~read, "theme_code_lu"] = None
    n_read, same, n = int(read.sum()), int((m["theme_code"] == m["theme_code_lu"]).sum()), len(m)
    lines = []
    if n_read:
        lines.append(
            (
                f"Les {french_number(n)} fiches montrées"
                if n_read == n
                else f"{french_number(n_read)} des {french_number(n)} fiches montrées"
            )
            + " ont été annotées à la lecture et la "
            f"méthode de classement a été entraînée sur elles : leur thème affiché est celui des lecteurs pour "
            f"{french_number(same)} d'entre elles, et leurs scores, ceux de textes qu'elle a lus, sont plus élevés que "
            "ceux d'un texte nouveau. Les chiffres « sur des textes non vus » disent ce que vaudrait le thème d'une "
            "fiche qu'elle n'a jamais lue (un nouveau schéma, une nouvelle édition)."
        )
    if n - n_read:
        lines.append(
            f"{french_number(n - n_read)} fiche{'s' if n - n_read > 1 else ''} montrée{'s' if n - n_read > 1 else ''} "
            "n'a jamais été lue par la méthode de classement : son thème vaut ce que disent les chiffres « sur des "
            "textes non vus »."
            if n - n_read == 1
            else f"{french_number(n - n_read)} fiches montrées n'ont jamais été lues par la méthode de classement : leur thème "
            "vaut ce que disent les chiffres « sur des textes non vus »."
        )
    return say(*lines)


#: Plain words for precision and recall (report 02's per-theme table): of the texts given the
#: theme, the share that carry it by reading; of the texts that carry it, the share given it.
RIGHTLY_GIVEN = "part des attribuées à raison"
FOUND = "part des annotées retrouvées"


def theme_reliability(quality: dict | None = None) -> pd.DataFrame:
    """Per theme, how reliable the automatic theme is on text the classifier was not fitted on
    (leave-one-département-out, schemalab/data/theme_quality.json, ``lodo_per_theme``): for
    the labelled sheets and for the labelled context sentences, how many carry the theme by
    reading, how many the classifier gives it, its precision (:data:`RIGHTLY_GIVEN`) and its
    recall (:data:`FOUND`) (None: nothing to divide). An empty frame when the figures were
    never measured."""
    from schemalab.themes_classifier import measured_quality

    q = (measured_quality() if quality is None else quality).get("lodo_per_theme", {})
    cols = [
        "thème",
        "fiches annotées",
        "fiches attribuées",
        f"{RIGHTLY_GIVEN} (fiches)",
        f"{FOUND} (fiches)",
        "phrases annotées",
        "phrases attribuées",
        f"{RIGHTLY_GIVEN} (phrases)",
        f"{FOUND} (phrases)",
    ]
    if not q.get("sheets"):
        return pd.DataFrame(columns=cols)
    sentences = q.get("sentences", {})
    rows = []
    for code in THEME_NAMES:
        a, b = q["sheets"].get(code, {}), sentences.get(code, {})
        rows.append(
            [theme_name(code)] + [x.get(k) for x in (a, b) for k in ("labelled", "predicted", "precision", "recall")]
        )
    return pd.DataFrame(rows, columns=cols)


def score_meaning(what: str = "sheets", quality: dict | None = None) -> Statement:
    """What a theme score is worth, in French: per band of score, how many texts of that band
    had the right main theme on text the classifier was not fitted on (``lodo_score_bins`` of
    schemalab/data/theme_quality.json; ``what``: "sheets", "titles", "sentences" or "youth": youth
    recommendations, measured on those written apart, never fitted on, with the youth classifier
    that reads them). For titles, sentences and youth, a second sentence tells how many of the texts a report shows with these bands
    (reviewed actions, youth recommendations) had the right main theme when measured on the
    plans' own (:func:`_bound_note`): the bands are an upper bound for them when fewer."""
    from schemalab.themes_classifier import measured_quality

    q = measured_quality() if quality is None else quality
    what = _bins_kind(what, q)
    bins = q.get("lodo_score_bins", {}).get(what)
    if not bins:
        return say("Ce que vaut un score n'a pas été mesuré (bench/themes_eval.py --write-measured).")
    noun = {"sheets": "fiches", "titles": "intitulés", "youth": "recommandations"}.get(what, "phrases")
    parts = []
    for b in bins:
        lo, hi = french_number(b["from"]), french_number(b["to"])
        band = f"score sous {hi}" if b["from"] == 0 else (f"de {lo} à 1" if b["to"] >= 1 else f"de {lo} à {hi}")
        if b["n"]:
            word = noun if b["right"] > 1 else noun[:-1]  # "1 fiche sur 4"
            parts.append(f"{band} : thème juste pour {b['right']} {word} sur {b['n']}")
    where = {
        "youth": "des recommandations de jeunes écrites à part pour des schémas fictifs, chacune lue sous sa rubrique "
        "par le classifieur des recommandations de jeunes, qui n'en a appris aucune (thème juste : celui d'un premier "
        "lecteur)",
        "sheets": "des fiches d'un département dont la méthode de classement n'a rien appris",
        "titles": "des intitulés de fiches, chacun lu sous la rubrique de sa fiche comme une action revue l'est "
        "sous la sienne, d'un département dont la méthode de classement n'a rien appris",
    }.get(
        what,
        "des phrases isolées (constats des fiches), chacune lue sous la rubrique de sa fiche comme une "
        "recommandation l'est sous la sienne, d'un département dont la méthode de classement n'a rien appris",
    )
    lines = [f"Ce que vaut un score, mesuré sur {where} : " + " ; ".join(parts) + "."]
    bound = _bound_note(what, q, sum(b["right"] for b in bins), sum(b["n"] for b in bins))
    return say(*lines, *([bound] if bound else []))


def _bins_kind(what: str, quality: dict) -> str:
    """The score bands a kind is read with: "youth" (youth recommendations, read by the youth
    classifier) falls back to "sentences" when a quality file has no youth bands."""
    if what == "youth" and not quality.get("lodo_score_bins", {}).get("youth"):
        return "sentences"
    return what


#: Per kind of score bands, the texts a report shows with them (« thème juste à ce score »),
#: the measure of those very texts in ``unseen_test_plans`` of schemalab/data/theme_quality.json
#: (the five plans' own, read by two readers, never fitted on) and what the bands were measured on.
_BOUND_TEXTS = {
    "sentences": (
        "les recommandations des jeunes",
        "real_youth",
        "recommandations de jeunes imprimées dans les schémas de référence du projet",
        "phrases de fiches",
    ),
    "youth": (
        "les recommandations des jeunes",
        "real_youth",
        "recommandations de jeunes imprimées dans les schémas de référence du projet",
        "recommandations écrites à part",
    ),
    "titles": (
        "les actions revues",
        "real_review",
        "actions revues imprimées dans les schémas de référence du projet",
        "intitulés de fiches",
    ),
}


def _bound_note(what: str, quality: dict, right: int, n: int) -> str:
    """For the texts a report shows with the ``what`` bands (youth recommendations, reviewed
    actions): how many of those very texts had the right main theme, beside the bands' own
    share; when fewer, the bands are an upper bound for them and the sentence says so. "" when
    those texts were not measured."""
    spec = _BOUND_TEXTS.get(what)
    real = (quality.get("unseen_test_plans") or {}).get(spec[1]) if spec else None
    if not real or not real.get("n") or not n:
        return ""
    texts, _, label, measured_on = spec
    m = real["n"]
    a = int(round(real["reader_a"]["main"] * m))
    b = int(round(real["reader_b"]["main"] * m))
    who = "donné par deux lecteurs indépendants" if a == b else f"donné par un premier lecteur, {b} celui d'un second"
    measure = (
        f"sur les {m} {label}, jamais utilisées pour entraîner la méthode de classement, {a} ont le thème "
        f"principal {who}"
    )
    if max(a, b) / m < right / n:
        return (
            f"Pour {texts}, ces parts, mesurées sur des {measured_on} ({right} thèmes justes sur {n}), sont une "
            f"borne haute : {measure}."
        )
    return f"Pour {texts}, {measure} (contre {right} sur {n} {measured_on})."


#: Column of the tables that show a theme score: how often a theme of that score was right on
#: texts of a département the classifier was not fitted on (:func:`score_reliability`).
RELIABILITY_COL = "thème juste à ce score"


def score_reliability(scores, what: str = "sentences", quality: dict | None = None) -> list[str]:
    """Per theme score, how often a main theme of that score was right when measured on text
    the classifier was not fitted on ("≈ 6 fois sur 10"): the band of ``lodo_score_bins`` of
    schemalab/data/theme_quality.json the score falls in (``what``: "sheets", "titles",
    "sentences" or "youth"). "—" for no score, or when that kind was not measured: a score is only a
    probability, this says what it has been worth."""
    from schemalab.themes_classifier import measured_quality

    q = measured_quality() if quality is None else quality
    bins = q.get("lodo_score_bins", {}).get(_bins_kind(what, q)) or []
    out = []
    for x in scores:
        if x is None or pd.isna(x) or not bins:
            out.append("—")
            continue
        b = next((b for b in bins if b["from"] <= float(x) < b["to"] or (b["to"] >= 1 and float(x) >= b["from"])), None)
        if not b or not b["n"]:
            out.append("—")
            continue
        share = b["right"] / b["n"]
        # 35 of 36 is not "10 fois sur 10": only a band right every time says so
        out.append(
            "10 fois sur 10"
            if b["right"] == b["n"]
            else ("plus de 9 fois sur 10" if share >= 0.95 else f"≈ {round(10 * share)} fois sur 10")
        )
    return out


def match_meaning(quality: dict | None = None) -> Statement:
    """What a youth recommendation's match to a sheet is worth, in French: the matching
    measured on the labelled context sentences (``lodo_matching`` of
    schemalab/data/theme_quality.json): how often a sentence's own sheet ranks first, among
    the three shown, reaches the threshold, and how often some sheet does."""
    from schemalab.themes import MATCH_THRESHOLD, MATCHES_PER_TEXT
    from schemalab.themes_classifier import measured_quality

    m = (measured_quality() if quality is None else quality).get("lodo_matching")
    if not m:
        return say("Ce que vaut la correspondance n'a pas été mesuré (bench/themes_eval.py --write-measured).")

    def pc(x: float) -> str:
        return f"{int(round(x * 100))} %"

    lines = [
        f"Ce que vaut la correspondance, mesurée sur {m['n']} phrases du contexte des fiches, chacune lue sous la "
        "rubrique de sa fiche et comparée aux fiches de son schéma par une méthode de classement entraînée sur les "
        "autres départements : "
        f"la fiche d'où vient la phrase est la mieux classée pour {pc(m['own_sheet_first'])} d'entre elles et parmi "
        f"les {MATCHES_PER_TEXT} proposées pour {pc(m['own_sheet_in_top3'])} (un schéma compte en moyenne "
        f"{french_number(m['mean_sheets_per_plan'])} fiches) ; elle atteint le seuil de "
        f"{french_number(MATCH_THRESHOLD)} pour {pc(m['own_sheet_answers'])}."
    ]
    if m["some_sheet_answers"] >= 0.9:
        lines.append(
            f"{pc(m['some_sheet_answers'])} des phrases ont au moins une fiche au-dessus du seuil : « aucune fiche proche » "
            "est donc rare ; une fiche proposée est une piste à vérifier à la lecture, pas la preuve "
            "qu'elle répond."
        )
    direct = (measured_quality() if quality is None else quality).get("youth_matching") or {}
    pools = [(direct.get(k), what) for k, what in _MATCH_POOLS.items() if direct.get(k)]
    if pools:
        lines.append(
            "Mesurée aussi directement : pour chaque recommandation, deux lecteurs ont désigné, sans voir ce "
            "tableau, les fiches de son schéma qui y répondent (d'après leur intitulé, leurs objectifs et leurs "
            "étapes), ou aucune."
        )
        lines += [_direct_match_sentence(r, what) for r, what in pools]
        named = [(r["reader_a"]["shown_right"], r["reader_a"]["shown"]) for r, _ in pools]
        if any(2 * right < shown for right, shown in named):
            lines.append(
                "Une fiche nommée dans ce tableau est donc le plus souvent une fiche du même domaine qui ne fait pas "
                "ce que la recommandation demande, et « aucune fiche proche » est rarement dit là où aucune fiche ne "
                "répond : le tableau montre où chercher, pas ce à quoi le schéma répond."
            )
    return say(*lines)


#: The pools of ``youth_matching`` (schemalab/data/theme_quality.json, bench/themes_unseen.py
#: measure_matches), as the report names them.
_MATCH_POOLS = {
    "real": "les {n} recommandations de ce tableau (imprimées dans les schémas de référence du projet ; leurs "
    "fiches font partie de ce sur quoi la méthode de classement est entraînée)",
    "written_apart": "les {n} recommandations de huit schémas fictifs écrits à part (fiches et recommandations "
    "écrites sans rien voir de la méthode)",
    "test_plans": "les {n} recommandations de schémas fictifs de test, que la méthode n'a jamais lus",
}


def _direct_match_sentence(r: dict, what: str) -> str:
    """« Sur les 22 recommandations …, 14 ont une fiche qui y répond selon un premier lecteur (15 selon un
    second) : … » — counts per reader, the second in parentheses (bench/themes_unseen.py measure_matches)."""
    a, b = r["reader_a"], r["reader_b"]
    who = "selon deux lecteurs" if a == b else "selon un premier lecteur"

    def both(x: str, of: str | None = None) -> str:
        first = f"{a[x]} sur {a[of]}" if of else str(a[x])
        second = f"{b[x]} sur {b[of]}" if of else str(b[x])
        return first if first == second else f"{first} ({second} selon le second)"

    return (
        f"Sur {what.format(n=r['n'])}, {both('answered')} ont au moins une fiche qui y répond {who} ; la fiche "
        f"la plus proche en est une pour {both('first_right', 'answered')}, l'une des "
        f"{r['shown_per_text']} proposées pour {both('top_right', 'answered')}. Une fiche nommée (proximité d'au "
        f"moins {french_number(r['threshold'])}) répond pour {both('shown_right', 'shown')} ; « aucune fiche "
        f"proche » est dit pour {both('said_none', 'unanswered')} recommandations auxquelles aucune fiche ne répond à "
        f"la lecture. Les deux lecteurs s'accordent sur l'existence d'une fiche qui répond pour "
        f"{r['agree_answered']} sur {r['n']}."
    )


def theme_reliability_statement(rel: pd.DataFrame) -> Statement:
    """French sentences on :func:`theme_reliability`: the themes the classifier gives too often
    or misses most on isolated sentences (at least 10 labelled), which a count by theme inherits."""
    if not len(rel):
        return say("La fiabilité par thème n'a pas été mesurée (bench/themes_eval.py --write-measured).")
    found = f"{FOUND} (phrases)"
    r = rel[rel["phrases annotées"].fillna(0) >= 10]
    over = r[r["phrases attribuées"] >= 1.25 * r["phrases annotées"]]
    missed = r[r[found] < 0.6].sort_values(found)
    lines = [
        "Mesures par thème, sur des textes non vus (la méthode de classement est entraînée sur les quatre autres "
        f"départements, puis vérifiée sur celui qu'elle n'a pas lu) : « {RIGHTLY_GIVEN} » dit, parmi les textes "
        f"auxquels elle donne le thème, quelle part le portent à la lecture ; « {FOUND} » dit, parmi les textes qui "
        "le portent à la lecture, quelle part le reçoivent. Un compte par thème hérite de ces écarts : un thème "
        "attribué trop souvent paraît plus présent qu'il ne l'est."
    ]
    if len(over):
        lines.append(
            "Sur des phrases isolées (lues sous la rubrique de leur fiche, comme les recommandations des jeunes), "
            "attribués trop souvent : "
            + ", ".join(
                f"« {t} » ({int(p)} phrases pour {int(n)} annotées)"
                for t, p, n in zip(over["thème"], over["phrases attribuées"], over["phrases annotées"], strict=True)
            )
            + "."
        )
    if len(missed):
        lines.append(
            "Les plus souvent manqués, parmi les thèmes d'au moins 10 phrases annotées (les autres, trop peu "
            "nombreux pour une mesure, sont dans le tableau) : "
            + ", ".join(
                f"« {t} » (retrouvé dans {int(round(100 * float(x)))} % des phrases qui le portent)"
                for t, x in zip(missed["thème"], missed[found], strict=True)
            )
            + "."
        )
    return say(*lines)


def secondary_labels(codes: pd.Series) -> pd.Series:
    """Comma-separated secondary theme codes ("T12,T05") as the themes' names, separated by
    :data:`NAMES_SEP` (a name may hold a comma), "—" for none."""
    return codes.map(
        lambda s: NAMES_SEP.join(theme_name(c) for c in s.split(",") if c) if isinstance(s, str) and s else "—"
    )


def sheet_themes(action_themes: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """Every sheet with its main theme, the theme's score (probability, 0-1) and its secondary themes."""
    cols = ["département", "fiche", "intitulé", "thème", "score", "thèmes secondaires"]
    if not len(action_themes):
        return pd.DataFrame(columns=cols)
    df = _with_dept(action_themes.merge(_titles(actions), how="left"), plans)
    df = natural_sort(df, ["plan_id", "action_id"])
    sec = secondary_labels(df["secondary_theme_codes"])
    return pd.DataFrame(
        {
            "département": df["département"],
            "fiche": df["action_id"],
            "intitulé": df["title"],
            "thème": df["theme_code"].map(theme_name),
            "score": df["theme_score"].astype(float).round(2),
            "thèmes secondaires": sec,
        }
    )


def clusters(action_themes: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame, max_titles: int = 6):
    """Unsupervised clusters with their label, size, départements and member titles.

    The examples (at most ``max_titles``) take each département's sheets in turn (its first,
    then the next département's first, …), so a group spread over five plans is not
    illustrated by one plan alone; each title is cut at 120 characters (:func:`clip`).
    """
    cols = ["groupe", "libellé", "n_actions", "départements", "exemples de fiches"]
    if not len(action_themes):
        return pd.DataFrame(columns=cols)
    df = _with_dept(action_themes.merge(_titles(actions), how="left"), plans)
    rows = []
    for cid, g in df.groupby("cluster_id", sort=True):
        g = natural_sort(g, ["plan_id", "action_id"])
        g = g.assign(_turn=g.groupby("plan_id").cumcount()).sort_values("_turn", kind="stable")
        titles = [
            f"{d} n°{a} : {clip(t, 120)}" for d, a, t in zip(g["département"], g["action_id"], g["title"], strict=True)
        ]
        rows.append(
            [
                int(cid),
                g["cluster_label"].iloc[0],
                len(g),
                capped_list(sorted(g["département"].unique())),
                " | ".join(titles[:max_titles]) + (" | …" if len(titles) > max_titles else ""),
            ]
        )
    return pd.DataFrame(rows, columns=cols)


def similar_pairs(data_dir=None, k: int = 15, model=None, plan_ids=None) -> pd.DataFrame:
    """Most similar action pairs across départements, from the theme layer (among the
    actions of ``plan_ids`` when given)."""
    import schemalab.themes as themes

    data, _ = data_paths(data_dir, None)
    return themes.similar_pairs(k=k, data_dir=str(data), model=model, plan_ids=plan_ids)


def similar_pairs_view(tables: dict[str, pd.DataFrame], data_dir=None, k: int = 15, model=None):
    """The most similar action pairs across départements, with titles, ready to display.

    Returns a :class:`Statement` (in French) instead of a table when the theme layer
    cannot answer, so the report says so rather than failing.
    """
    try:
        pairs = similar_pairs(data_dir, k=k, model=model, plan_ids=tables["plans"]["plan_id"])
    except Exception as exc:  # the theme step failing must not hide the rest of the report
        return say(f"Les paires d'actions similaires n'ont pas pu être calculées : {type(exc).__name__}: {exc}")
    if not len(pairs):
        return say("Aucune paire d'actions similaires entre les départements comparés.")
    labels = dept_labels(tables["plans"])
    shown = _titles(tables["actions"])  # repaired where OCR damaged them
    titles = {(p, a): t for p, a, t in zip(shown["plan_id"], shown["action_id"], shown["title"], strict=True)}
    return show(
        pd.DataFrame(
            {
                "département A": pairs["plan_id_a"].map(labels),
                "fiche A": [
                    f"{a} – {clip(titles.get((p, a), ''), 200)}"
                    for p, a in zip(pairs["plan_id_a"], pairs["action_id_a"], strict=True)
                ],
                "département B": pairs["plan_id_b"].map(labels),
                "fiche B": [
                    f"{a} – {clip(titles.get((p, a), ''), 200)}"
                    for p, a in zip(pairs["plan_id_b"], pairs["action_id_b"], strict=True)
                ],
                "similarité": pairs["score"].astype(float).round(3),
            }
        )
    )
