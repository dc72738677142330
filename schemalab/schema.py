"""The single declaration of every schemalab table (the data contract of DESIGN.md).

Everything else derives from here: the Arrow schema and pandas dtypes used by the
writer and the reader (:mod:`schemalab.io`), the checks they both run, and the data
dictionary printed in the README (:func:`data_dictionary_markdown`, kept in sync by a
test).

Naming conventions (STYLE.md): ``_id`` an identifier as printed (always a string),
``_code`` a value from a closed list, ``_eur`` money in euros, ``_text`` free text,
``n_`` a count. A field used in several tables (``plan_id``, ``action_id``,
``department_code``...) is declared once in :data:`FIELDS` and reused, so it means one
thing everywhere.

Tables are *long*: one row per list item (pilots, indicators, sub-actions, calendar
cells...). Every extracted row carries provenance: ``first_line`` or ``line``, the
1-based line of the raw file where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

#: Bumped whenever a table gains, loses or changes a column. Tables written under
#: another version are refused by the reader ("rebuild with `schemalab build`").
SCHEMA_VERSION = "1.2"

# Closed vocabularies -------------------------------------------------------------

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "role": ("pilot", "partner"),
    "indicator_kind": ("realisation", "impact", "resultat"),
    "calendar_status": ("explicit", "relative", "unrecoverable", "absent"),
    "budget_nature": ("planned", "consumed", "cost_estimate", "other"),
    "budget_scope": (
        "action",
        "plan_envelope",
        "annual_budget",
        "previous_plan",
        "third_party",
        "outside_scope",
        "unknown",
    ),
    "budget_periodicity": ("one_off", "per_year", "per_month", "unit_rate", "unknown"),
    "budget_role": ("single", "component", "total", "variation"),
    "review_status": ("realise", "en_cours", "non_realise", "partiel", "unknown"),
    "calendar_source": ("sheet", "gantt", "text"),
    "theme_code": tuple(f"T{i:02d}" for i in range(1, 15)),
    # Category of a body in the actor registry (schemalab/data/actors.yml).
    "actor_category": (
        "departement",
        "etat",
        "justice",
        "sante",
        "education",
        "securite_sociale",
        "mdph",
        "communes",
        "associations",
        "jeunes_familles",
        "autre",
    ),
    "indicator_measure": ("count", "rate", "delay", "qualitative"),
}

#: Arrow / pandas type names the schema may use.
DTYPES = ("string", "int", "float", "bool")


@dataclass(frozen=True)
class Field:
    """One column.

    Attributes:
        name: column name (public interface: never renamed).
        dtype: one of :data:`DTYPES`.
        description: one line, stored in the Parquet metadata and the README.
        required: the column must exist in every written table.
        nullable: null values allowed.
        vocabulary: name of a closed list in :data:`VOCABULARIES`, or None.
    """

    name: str
    dtype: str
    description: str
    required: bool = True
    nullable: bool = False
    vocabulary: str | None = None

    def optional(self) -> Field:
        """The same field, not required and nullable (an added column)."""
        return replace(self, required=False, nullable=True)

    def nulls(self) -> Field:
        """The same field, required but allowed to be null."""
        return replace(self, nullable=True)


@dataclass(frozen=True)
class Table:
    """One table: its name, key, fields and a one-line description."""

    name: str
    description: str
    key: tuple[str, ...]
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no column {name!r}")


def _f(name: str, dtype: str, description: str, **kw) -> Field:
    return Field(name, dtype, description, **kw)


# Shared field definitions (reused across tables) -----------------------------------
FIELDS = {
    "plan_id": _f(
        "plan_id", "string", "Plan identifier: <department_code>-<period_start>-<period_end>, e.g. 40-2024-2028."
    ),
    "department_code": _f("department_code", "string", "INSEE code of the département, e.g. '40', '2A'."),
    "action_id": _f(
        "action_id",
        "string",
        "Number the plan prints for the action sheet ('1', '12', '1.3'), or an id derived from the plan's own numbering.",
    ),
    "axis_id": _f("axis_id", "string", "Identifier of the axis (orientation, engagement) as numbered by the plan."),
    "position": _f("position", "int", "1-based order of the item within its parent, as printed."),
    "first_line": _f("first_line", "int", "1-based line of the raw file where the record starts (provenance)."),
    "line": _f(
        "line", "int", "1-based line of the raw file where the item starts (provenance).", required=False, nullable=True
    ),
    "title": _f("title", "string", "Title as printed (whitespace and markdown emphasis removed)."),
    # One repair for every title (the parser's clean_title hook): the plan's, the axes', the
    # sheets', the reviewed actions'.
    "title_clean": _f(
        "title_clean",
        "string",
        "Title with OCR damage repaired by general rules (title stays as printed).",
        required=False,
        nullable=True,
    ),
    "text": _f("text", "string", "Item text as printed (whitespace and markdown emphasis removed)."),
    "theme_code": _f("theme_code", "string", "Code of the reference taxonomy (T01-T14).", vocabulary="theme_code"),
    "cluster_id": _f("cluster_id", "int", "Unsupervised cluster (-1 for outliers)."),
    "cluster_label": _f("cluster_label", "string", "Readable French label of the cluster."),
    "model": _f("model", "string", "Embedding model name or path."),
}


def _ocr_companion(printed: str, name: str) -> Field:
    """The ``*_clean`` companion of text column ``printed`` (Pas-de-Calais's OCR repairs)."""
    return _f(
        name,
        "string",
        f"{printed} with OCR damage repaired by general rules (Pas-de-Calais); {printed} itself stays as printed, "
        "and equals it in plans without OCR damage.",
        required=False,
        nullable=True,
    )


def _shared(name: str) -> Field:
    return FIELDS[name]


TABLES: dict[str, Table] = {}


def _table(name: str, description: str, key: tuple[str, ...], *fields: Field) -> None:
    TABLES[name] = Table(name, description, key, tuple(fields))


_table(
    "plans",
    "One row per plan (schéma): who, what period, which raw file.",
    ("plan_id",),
    _shared("plan_id"),
    _shared("department_code"),
    _f("department_name", "string", "Name of the département."),
    _f("title", "string", "Title of the plan as printed on its cover."),
    _f("period_start", "int", "First year of the plan period."),
    _f("period_end", "int", "Last year of the plan period."),
    _f("source_file", "string", "Raw file name in data/raw/."),
    _f("source_sha256", "string", "sha256 of the raw file the rows were parsed from."),
    _f("parser", "string", "Name of the parser that read the file.", required=False, nullable=True),
    _f("n_lines", "int", "Number of lines of the raw file.", required=False, nullable=True),
    _shared("title_clean"),
    _f(
        "review_summary",
        "string",
        "The plan's own figure for its review of the previous plan, as printed: a sentence giving a share or a "
        "count of the previous plan's actions engaged or carried out ('N % des actions ...', 'N actions sur M "
        "...', 'N des M actions ...'), printed before or after its review table, the words of another column "
        "printed between its words left out; one sentence per line; null when the plan prints none.",
        required=False,
        nullable=True,
    ),
    _f(
        "review_summary_line",
        "int",
        "1-based line of the raw file where review_summary starts (provenance).",
        required=False,
        nullable=True,
    ),
    _f(
        "review_summary_last_line",
        "int",
        "1-based line of the raw file where review_summary ends (it may wrap over several lines).",
        required=False,
        nullable=True,
    ),
)

_table(
    "axes",
    "Axes of a plan (axes, orientations, engagements), in printed order.",
    ("plan_id", "axis_id"),
    _shared("plan_id"),
    _shared("axis_id"),
    _shared("position"),
    _shared("title"),
    _shared("first_line").optional(),
    _shared("title_clean"),
)

_table(
    "actions",
    "One row per action sheet (fiche action, engagement sheet), counted once.",
    ("plan_id", "action_id"),
    _shared("plan_id"),
    _shared("department_code"),
    _shared("action_id"),
    _shared("position"),
    _shared("axis_id").nulls(),
    _f("objective", "string", "Objective (or strategic sub-axis) the sheet belongs to, as printed.", nullable=True),
    _shared("title"),
    _f("resources_text", "string", "Qualitative means and resources named by the sheet.", nullable=True),
    _f(
        "calendar_status",
        "string",
        "explicit (years/semesters stated), relative (a relative or recurring schedule with no year: "
        "'deuxième trimestre de l'année n+1', 'chaque année'), unrecoverable (Gantt shading lost), "
        "absent (no schedule).",
        vocabulary="calendar_status",
    ),
    _shared("first_line"),
    _f(
        "objective_id", "string", "Number of the objective, where the plan numbers them.", required=False, nullable=True
    ),
    _shared("title_clean"),
    _f("context_text", "string", "Context / diagnosis / constats printed on the sheet.", required=False, nullable=True),
    _f("objectives_text", "string", "Objectives printed on the sheet.", required=False, nullable=True),
    _f("targets_text", "string", "Targeted public / territories printed on the sheet.", required=False, nullable=True),
    _f("risks_text", "string", "Risks / points of vigilance printed on the sheet.", required=False, nullable=True),
    _f(
        "implementation_text",
        "string",
        "Implementation section as printed (sub-action headings and their bullets, in print order).",
        required=False,
        nullable=True,
    ),
    _f("last_line", "int", "1-based last line of the sheet in the raw file.", required=False, nullable=True),
    _ocr_companion("context_text", "context_clean"),
    _ocr_companion("objectives_text", "objectives_clean"),
    _ocr_companion("targets_text", "targets_clean"),
    _ocr_companion("risks_text", "risks_clean"),
    _ocr_companion("resources_text", "resources_clean"),
    _ocr_companion("implementation_text", "implementation_clean"),
)

_table(
    "action_actors",
    "Pilots and partners of each action, one row per body named (a printed cell naming several "
    "bodies gives several rows, sharing name_raw and line). A body named again in the same role of "
    "the same action (a pilot printed on each row of a table of steps; « Service de PMI (PMI) » "
    "then « PMI ») is one row, the first.",
    ("plan_id", "action_id", "role", "position"),
    _shared("plan_id"),
    _shared("action_id"),
    _f("role", "string", "pilot or partner.", vocabulary="role"),
    _shared("position"),
    _f("name_raw", "string", "The printed cell the body was read from, as printed."),
    _f("name", "string", "The part of the cell naming this body, markup and whitespace cleaned."),
    _shared("line"),
    _f(
        "canonical_name",
        "string",
        "Canonical body from the actor registry (schemalab/data/actors.yml); the printed part when the "
        "registry does not know it.",
        required=False,
        nullable=True,
    ),
    _f(
        "category",
        "string",
        "Category of the body (actor registry); null when the registry does not know the name.",
        required=False,
        nullable=True,
        vocabulary="actor_category",
    ),
    _ocr_companion("name", "name_clean"),
)

_table(
    "indicators",
    "Indicators and expected results of each action.",
    ("plan_id", "action_id", "position"),
    _shared("plan_id"),
    _shared("action_id"),
    _shared("position"),
    _shared("text"),
    _f(
        "kind",
        "string",
        "realisation / impact / resultat, or null when the plan does not say.",
        nullable=True,
        vocabulary="indicator_kind",
    ),
    _shared("line"),
    _f(
        "measure",
        "string",
        "What the indicator measures, read from its words: count (a number of...), rate (a share, "
        "a percentage), delay (a time taken), qualitative (anything else).",
        required=False,
        nullable=True,
        vocabulary="indicator_measure",
    ),
    _f(
        "target_text",
        "string",
        "The target as printed ('au moins 80 %', 'd'ici 2027'), null when the item states none.",
        required=False,
        nullable=True,
    ),
    _f(
        "heading_raw",
        "string",
        "The heading the item was printed under ('Indicateurs', 'Résultats attendus'), as printed.",
        required=False,
        nullable=True,
    ),
    _ocr_companion("text", "text_clean"),
)

_table(
    "sub_actions",
    "Operational steps (sub-actions) of each action.",
    ("plan_id", "action_id", "position"),
    _shared("plan_id"),
    _shared("action_id"),
    _shared("position"),
    _shared("text"),
    _f("year", "int", "Year the step is scheduled for, null when not scheduled by year.", nullable=True),
    _f(
        "ref",
        "string",
        "Number the plan prints for the step ('Action 2'), if any; a step marker '1.', '2)', 'a)' gives '1', '2', 'a'.",
        required=False,
        nullable=True,
    ),
    _f(
        "details_text",
        "string",
        "Bullets printed under the step, one per line, where they can be attributed to it.",
        required=False,
        nullable=True,
    ),
    _shared("line"),
    _ocr_companion("text", "text_clean"),
    _ocr_companion("details_text", "details_clean"),
)

_table(
    "calendar",
    "When each action is scheduled: one row per (year, semester, Gantt row label).",
    ("plan_id", "action_id", "year", "semester", "label"),
    _shared("plan_id"),
    _shared("action_id"),
    _f("year", "int", "Scheduled year."),
    _f("semester", "int", "1 or 2 where the plan schedules by semester, else null.", nullable=True),
    _f("label", "string", "Gantt row label or phase name, else null.", nullable=True),
    _f(
        "source",
        "string",
        "Where the schedule was read: sheet (calendar field), gantt (chart), text (dated steps in prose).",
        vocabulary="calendar_source",
    ),
    _shared("line"),
)

_table(
    "budget_lines",
    "Every explicit amount of money a plan spends, plans or reports, converted to euros (household statistics such as a median income are left out).",
    ("plan_id", "position"),
    _shared("plan_id"),
    _shared("action_id").nulls(),
    _shared("position"),
    _f("amount_eur", "float", "Amount in euros."),
    _f("nature", "string", "planned / consumed / cost_estimate / other.", vocabulary="budget_nature"),
    _f("context", "string", "The sentence or table row the amount was read from."),
    _shared("first_line"),
    _f("amount_raw", "string", "The amount as printed ('12,5 k€').", required=False, nullable=True),
    _f("year", "int", "Year the amount refers to, where printed.", required=False, nullable=True),
    _f("is_lower_bound", "bool", "The plan says 'more than' this amount.", required=False, nullable=True),
    _f(
        "scope",
        "string",
        "What the money is for: action (one sheet's action), plan_envelope (committed by the plan beyond one sheet), "
        "annual_budget (the département's child-protection / family budget or spending for a year), previous_plan "
        "(reported in the review of an earlier plan, or money spent in a period that ended before this plan began), third_party (paid by another body), outside_scope (not child "
        "protection, e.g. an emergency plan for the whole population), unknown (the plan does not say).",
        required=False,
        nullable=True,
        vocabulary="budget_scope",
    ),
    _f(
        "periodicity",
        "string",
        "one_off (a sum), per_year ('par an', 'chaque année', a CA/BP column), per_month ('par mois'), unit_rate "
        "(per child, per family, per day...), unknown (e.g. an average over a period).",
        required=False,
        nullable=True,
        vocabulary="budget_periodicity",
    ),
    _f(
        "role",
        "string",
        "single, component (part of a printed total or 'dont'), total (a TOTAL row, or the sum of printed "
        "components; the amount a 'dont' breaks down stays single, its parts need not add up to it: "
        "`1,2 M€ (dont 400 k€ du FSE)`), variation (an increase or decrease: 'soit une hausse de').",
        required=False,
        nullable=True,
        vocabulary="budget_role",
    ),
    _f(
        "part_of",
        "int",
        "position of the total this component adds up to, where the plan prints both.",
        required=False,
        nullable=True,
    ),
    _f(
        "duplicate_of",
        "int",
        "position of the first mention when the same amount for the same purpose is printed again (the repeat is "
        "kept, flagged; never add it).",
        required=False,
        nullable=True,
    ),
    _f(
        "payer",
        "string",
        "Body that pays, where the plan names one (CAF, MSA, État, Justice...).",
        required=False,
        nullable=True,
    ),
)

_table(
    "previous_review",
    "Review (bilan) of the previous plan, one row per reviewed action.",
    ("plan_id", "ref"),
    _shared("plan_id"),
    _f("ref", "string", "Reference of the reviewed action as printed ('Action 12', '3.2')."),
    _shared("title"),
    _f(
        "status",
        "string",
        "realise / en_cours / non_realise / partiel / unknown (never guessed).",
        vocabulary="review_status",
    ),
    _f("status_raw", "string", "Status as printed (symbol, word, or null when lost).", nullable=True),
    _f("context", "string", "Priority / orientation the reviewed action belongs to.", required=False, nullable=True),
    _shared("title_clean"),
    _f(
        "details_text",
        "string",
        "Other columns of the review row (indicators, realisation), as printed.",
        required=False,
        nullable=True,
    ),
    _shared("line"),
    _f(
        "title_partly_lost",
        "bool",
        "The title as printed starts mid-phrase (its first word in lowercase, or an OCR'd l' elision) while the "
        "review's other titles start with a capital: its beginning, with the action's label, was lost in "
        "conversion; title keeps what is printed.",
        required=False,
        nullable=True,
    ),
)

_table(
    "youth_recommendations",
    "Recommendations of a youth council printed in a plan.",
    ("plan_id", "position"),
    _shared("plan_id"),
    _shared("position"),
    _f("theme", "string", "Theme heading the recommendation is printed under.", nullable=True),
    _f("ref", "string", "Number the plan prints for the recommendation, if any.", required=False, nullable=True),
    _shared("text"),
    _shared("line"),
)

_table(
    "action_themes",
    "Theme of each action (reference taxonomy code) and unsupervised cluster.",
    ("plan_id", "action_id"),
    _shared("plan_id"),
    _shared("action_id"),
    _shared("theme_code"),
    _f("theme_score", "float", "Probability of the main theme given by the supervised classifier (0-1)."),
    _shared("cluster_id"),
    _shared("cluster_label"),
    _shared("model"),
    _f(
        "secondary_theme_codes",
        "string",
        "Other plausible theme codes, comma-separated.",
        required=False,
        nullable=True,
    ),
)

_table(
    "theme_clusters",
    "Unsupervised clusters of the actions (theme step): label, size, distinctive terms.",
    ("cluster_id",),
    _shared("cluster_id"),
    _shared("cluster_label"),
    _f("n_actions", "int", "Number of actions in the cluster."),
    _f("n_departments", "int", "Number of départements with an action in the cluster."),
    _f(
        "top_terms",
        "string",
        "Distinctive terms of the cluster (class-based TF-IDF), most distinctive first, comma-separated.",
    ),
    _shared("model"),
)

_table(
    "theme_scores",
    "Score of every action for every theme of the reference taxonomy (theme step), with the signals combined.",
    ("plan_id", "action_id", "theme_code"),
    _shared("plan_id"),
    _shared("action_id"),
    _shared("theme_code"),
    _f("rank", "int", "1 for the assigned theme, 2 for the next, ... (ties broken by code)."),
    _f(
        "theme_score",
        "float",
        "Probability given by the supervised classifier (0-1, sums to 1 over the 14 themes; half the "
        "title's, half the whole sheet's).",
    ),
    _f("lexicon_score", "float", "Share of the French lexicon evidence for this theme (0-1)."),
    _f("embedding_score", "float", "Softmax of the embedding similarity to the theme description (0-1)."),
    _f("tfidf_score", "float", "Softmax of the character n-gram TF-IDF similarity to the theme description (0-1)."),
)

_table(
    "text_themes",
    "Theme of the plans' other texts (theme step): every previous_review row (its title, read with the rest "
    "of its row like a sheet where the plan prints one), every youth_recommendations row (its text) and every "
    "sub_actions row (a sheet's step, its text), each read under the heading it is printed under (a step under "
    "its sheet's title), by the supervised classifier (a youth_recommendations row by the youth "
    "recommendations' own classifier, themes_classifier.GENRES).",
    ("plan_id", "source_table", "source_ref"),
    _shared("plan_id"),
    _f("source_table", "string", "Table the text comes from: previous_review, youth_recommendations or sub_actions."),
    _f(
        "source_ref",
        "string",
        "Row of that table: previous_review.ref, youth_recommendations.position, or a sub_actions row's "
        "action_id and position joined by ':' ('12:5').",
    ),
    _shared("text"),
    _f(
        "heading",
        "string",
        "Heading the text is printed under (previous_review.context, youth_recommendations.theme, the title "
        "of a step's sheet), "
        "read with it (themes_classifier.HEADING_SHARE of the probabilities are the heading's); null when the plan prints none.",
        required=False,
        nullable=True,
    ),
    _f(
        "theme_code",
        "string",
        "Main theme (T01-T14); null when the text is empty.",
        nullable=True,
        vocabulary="theme_code",
    ),
    _f("theme_score", "float", "Probability of the main theme given by the classifier (0-1)."),
    _f(
        "secondary_theme_codes",
        "string",
        "Themes scoring at least 0.4 of the main one (at most two), comma-separated.",
        nullable=True,
    ),
    _shared("model"),
)

_table(
    "text_matches",
    "For each youth recommendation, the action sheets of the same plan closest to it (theme step).",
    ("plan_id", "source_table", "source_ref", "match_rank"),
    _shared("plan_id"),
    _f("source_table", "string", "Table the text comes from (youth_recommendations)."),
    _f("source_ref", "string", "Row of that table (youth_recommendations.position)."),
    _f("match_rank", "int", "1 for the best-matching sheet, then 2, 3."),
    _shared("action_id"),
    _f(
        "score",
        "float",
        "Match score (0-1): mean of the embedding cosine and of the theme-probability cosine.",
    ),
    _f(
        "answers",
        "bool",
        "score reaches the fixed threshold (0.5): the sheet is named as close; a lead to check, not a verified "
        "answer (measured against readers: youth_matching in theme_quality.json).",
    ),
)

#: French header of every column (a column name means one thing in every table), for
#: the exports read by people who do not use Python (`schemalab export`).
FRENCH_LABELS: dict[str, str] = {
    "action_id": "Numéro de la fiche",
    "amount_eur": "Montant (euros)",
    "amount_raw": "Montant tel qu'imprimé",
    "axis_id": "Numéro de l'axe",
    "calendar_status": "État du calendrier",
    "cluster_id": "Groupe thématique (numéro)",
    "cluster_label": "Groupe thématique (libellé)",
    "canonical_name": "Acteur (nom de référence)",
    "category": "Catégorie d'acteur",
    "measure": "Mesure (nombre, taux, délai, qualitatif)",
    "target_text": "Cible telle qu'imprimée",
    "heading": "Rubrique",
    "heading_raw": "Rubrique telle qu'imprimée",
    "embedding_score": "Score embeddings",
    "lexicon_score": "Score lexique",
    "n_actions": "Nombre de fiches",
    "n_departments": "Nombre de départements",
    "context": "Contexte",
    "context_text": "Constats / diagnostic",
    "implementation_text": "Mise en œuvre (telle qu'imprimée)",
    "department_code": "Code INSEE du département",
    "department_name": "Département",
    "details_text": "Détails (indicateurs, réalisation)",
    "first_line": "Première ligne (source)",
    "is_lower_bound": "Montant minimal (« plus de »)",
    "scope": "Portée du montant",
    "periodicity": "Périodicité",
    "part_of": "Composante du total (position)",
    "duplicate_of": "Répétition de (position)",
    "payer": "Financeur",
    "kind": "Type d'indicateur",
    "label": "Libellé de la ligne / phase",
    "last_line": "Dernière ligne (source)",
    "line": "Ligne (source)",
    "model": "Modèle d'embeddings",
    "n_lines": "Nombre de lignes",
    "name": "Acteur",
    "name_raw": "Acteur (tel qu'imprimé)",
    "nature": "Nature du montant",
    "objective": "Objectif",
    "objective_id": "Numéro de l'objectif",
    "objectives_text": "Objectifs de la fiche",
    "parser": "Lecteur utilisé",
    "period_end": "Fin de la période",
    "period_start": "Début de la période",
    "plan_id": "Identifiant du schéma",
    "position": "Rang",
    "ref": "Référence",
    "resources_text": "Moyens / ressources",
    "risks_text": "Risques / points de vigilance",
    "role": "Rôle (acteur : pilote / partenaire ; montant : seul / composante / total / variation)",
    "secondary_theme_codes": "Thèmes secondaires",
    "semester": "Semestre",
    "source": "Source du calendrier",
    "source_file": "Fichier source",
    "source_sha256": "Empreinte sha256 du fichier source",
    "status": "État de réalisation",
    "status_raw": "État tel qu'imprimé",
    "targets_text": "Publics / territoires cibles",
    "text": "Texte",
    "theme": "Thème",
    "theme_code": "Code thème",
    "theme_score": "Score du thème",
    "tfidf_score": "Score TF-IDF",
    "top_terms": "Termes distinctifs",
    "rank": "Rang du thème",
    "match_rank": "Rang de la fiche",
    "score": "Score de correspondance",
    "answers": "Fiche au-dessus du seuil de proximité",
    "source_table": "Table d'origine",
    "source_ref": "Référence dans la table d'origine",
    "title": "Intitulé",
    "title_clean": "Intitulé corrigé (OCR)",
    "title_partly_lost": "Intitulé en partie perdu",
    "review_summary": "Chiffre d'ensemble du bilan du schéma précédent (tel qu'imprimé)",
    "review_summary_line": "Première ligne du chiffre d'ensemble du bilan (source)",
    "review_summary_last_line": "Dernière ligne du chiffre d'ensemble du bilan (source)",
    "text_clean": "Texte corrigé (OCR)",
    "name_clean": "Acteur corrigé (OCR)",
    "details_clean": "Détails corrigés (OCR)",
    "context_clean": "Constats / diagnostic corrigés (OCR)",
    "objectives_clean": "Objectifs de la fiche corrigés (OCR)",
    "targets_clean": "Publics / territoires cibles corrigés (OCR)",
    "risks_clean": "Risques / points de vigilance corrigés (OCR)",
    "resources_clean": "Moyens / ressources corrigés (OCR)",
    "implementation_clean": "Mise en œuvre corrigée (OCR)",
    "year": "Année",
}

#: French name of every table (sheet names of the workbook export).
FRENCH_TABLE_NAMES: dict[str, str] = {
    "plans": "Schémas",
    "axes": "Axes",
    "actions": "Fiches actions",
    "action_actors": "Pilotes et partenaires",
    "indicators": "Indicateurs",
    "sub_actions": "Sous-actions",
    "calendar": "Calendrier",
    "budget_lines": "Montants",
    "previous_review": "Bilan du schéma précédent",
    "youth_recommendations": "Recommandations jeunes",
    "action_themes": "Thèmes",
    "theme_clusters": "Groupes thématiques",
    "theme_scores": "Scores par thème",
    "text_themes": "Thèmes bilans, recos, étapes",
    "text_matches": "Fiches proches des recos",
}

#: Tables produced by the parsers (action_themes, theme_clusters and theme_scores come
#: from the theme step).
PARSED_TABLES = (
    "plans",
    "axes",
    "actions",
    "action_actors",
    "indicators",
    "sub_actions",
    "calendar",
    "budget_lines",
    "previous_review",
    "youth_recommendations",
)


#: Tables written by the theme step (`schemalab themes`, :mod:`schemalab.themes`).
THEME_TABLES = ("action_themes", "theme_clusters", "theme_scores", "text_themes", "text_matches")


def table(name: str) -> Table:
    """The declared table ``name`` (KeyError with the known names otherwise)."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}") from None


def data_dictionary_markdown() -> str:
    """The README's data dictionary, generated from :data:`TABLES`."""
    out = [
        f"Schema version {SCHEMA_VERSION}. Generated from `schemalab/schema.py` by `schemalab dictionary`; do not edit by hand.",
        "",
    ]
    for t in TABLES.values():
        out.append(f"### `{t.name}`")
        out.append("")
        out.append(f"{t.description} Key: {', '.join(t.key)}.")
        out.append("")
        out.append("| column | type | required | null | values | description |")
        out.append("|---|---|---|---|---|---|")
        for f in t.fields:
            vocab = " / ".join(VOCABULARIES[f.vocabulary]) if f.vocabulary else ""
            if f.vocabulary == "theme_code":
                vocab = "T01 … T14"
            out.append(
                f"| {f.name} | {f.dtype} | {'yes' if f.required else 'no'} | "
                f"{'yes' if f.nullable else 'no'} | {vocab} | {f.description} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
