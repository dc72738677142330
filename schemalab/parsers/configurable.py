"""Parsers described by a YAML file instead of a Python module.

A département whose plan has a regular layout (one start line per sheet, labelled
fields, lists) needs no Python: a small YAML file gives the same declarative attributes
a Python parser sets, plus a few generic behaviours that cover the usual quirks.

What the ``lines`` layout reads, whatever the markup (:meth:`ConfiguredParser.split_fields`):
a label alone on its line (plain, capitals, ``### Label``, ``**Label :**``), a label
hard-wrapped or hyphenated over two lines (``MODALITES DE MISE EN`` / ``OEUVRE``,
``PARTENAIRES ASSO-`` / ``CIES``), ``Label : value`` on one line (plain, bold
``**Label :** value``, markdown heading: the value is the rest of the line), HTML
``<table>`` and markdown pipe-table label | content rows (items from ``<li>``, ``<p>``,
``<br>``; a row with an empty label continues the field above, an HTML one also across
a page footer), pipe and HTML tables whose header row holds the labels (one field per
column; detected when more than half the header cells are known labels), TSV
``label<TAB>value`` lines (an empty label continues the field above), lists (``-``, ``•``,
numbers). A Gantt grid in the calendar field (markdown pipe table, HTML table, TSV
lines or columns aligned with spaces; a header of consecutive years, or years over
``S1 S2`` semesters; marks ``X``, ``x``, ``✓``, ``■``…) gives one calendar row per marked cell, labelled by its step
(:func:`schemalab.extract.gantt_marks`). Labels are matched to ``headings`` after
:func:`~schemalab.parsers.base.heading_key` folding (case, accents, markup, colon), so
one alias covers ``Pilote(s)``, ``### Pilote(s)`` and ``**PILOTE(S) :**``.

A configuration error (YAML syntax, unknown key, bad value) is a :class:`ConfigError`
naming the file, the line and the key; it fails only that département
(:func:`configured_parsers` puts a :class:`BrokenConfiguredParser` in its place). :func:`load_config_parser` turns the file into a
:class:`~schemalab.parsers.base.BaseParser` subclass that runs on the shared pipeline.

Keys of the YAML file (``schemalab/parsers/config/<code>_<name>.yml``)::

    code: "40"                      # INSEE code
    name: Landes
    anatomy: |                      # the document's anatomy (becomes the docstring)
      ...
    detect: "regex"                 # text that identifies the plan (first 400 lines)
    detect_also: ["regex", ...]     # optional: lines that must also be present (anywhere)
    title:                          # optional: the plan title (default: first lines up to a period)
      pattern: "^(?P<title>Schéma .*(?P<start>20\\d\\d)-(?P<end>20\\d\\d))$"
      continued_by: "^TOME \\d"     #   a line within 4 lines below (and the lines right under it that match too), appended after ", " (after a
                                    #   space when it goes on the phrase: "# de l'enfance…")
      period: "(?P<start>20\\d\\d)-(?P<end>20\\d\\d)"   #   or: the years on the title line
                                    #   or within 10 lines below (then `pattern` needs only `title`)
    layout: lines                   # or `table`: TSV rows, label in cell 0 (see `table:`);
                                    #   or `rows`: one table row per action (see `rows:`)
    rows:                           # layout: rows only (schemalab/parsers/action_rows.py):
      start: "^PLAN D'ACTIONS"      #   the action tables follow this line…
      end: "^ANNEXE"                #   …up to this one (default: end of file)
      id: '^(?P<id>\\d+\\.\\d+)\\s+(?P<title>.+)$'  # optional: a number in the title cell
                                    #   (columns by their header labels in `headings`,
                                    #   `N°: id` for a number column, `Orientation: axis` for
                                    #   an axis column; no `sheet_start`)
    sheet_start: "^Fiche action (?P<id>\\d+)$"   # group `id`: the printed number;
                                    #   optional group `title`: the title is on that line
    sheet_start_confirm: false      # true: a start counts only when the next non-empty
                                    #   line (within 5) starts a field (summary lists don't)
    sheets_end: "regex"             # optional: no sheet continues after this line
    boundaries: ["regex", ...]      # optional: lines at which a sheet ends (back cover…)
    headings:                       # heading (folded: no accents/case/colon) → field
      OBJECTIFS POURSUIVIS: objectives
    expected_fields: all            # or a list; missing ones are reported
    heading_pattern: "regex"        # what an (unknown) heading looks like
    skip: ["regex", ...]            # lines dropped (running headers)
    stop: ["regex", ...]            # lines that end the current field (dividers)
    indicator_kind: null            # kind of plain indicators (realisation/impact/resultat)
    axes:                           # optional: axis lines, first occurrence per number
      pattern: "^Axe (?P<n>\\d+)\\s*:\\s*(?P<title>\\S.*)$"
    axes:                           # or: axis headings are the lines just above a marker
      heading_before: "^PRINCIPE$"  #   (boundaries of sheets); the `numbered` ones
      numbered: "^(?P<n>\\d) (?P<title>.*)$"   #   give numbers, matched to the unnumbered
                                    #   body headings by folded title; a sheet belongs to
                                    #   the last body heading above it
    header:                         # optional: lines just above the sheet start
      look_back: 10
      axis: "^Axe (?P<n>\\d+)\\s*:"
      axis_scope: nearest           # or last_seen: the last axis line anywhere above
      objective: "^Objectif (?P<n>\\d+)\\s*:\\s*(?P<title>\\S.*)$"
    move_items:                     # optional: items printed under the wrong heading
      - when_empty: resources       #   when this field is empty (printed empty or absent),
        from: indicators            #   the items of this field
        matching: "^(Temps|Coût)"   #   that match this regex
        to: resources               #   move to this field
    plan_money: before_first_sheet  # optional: amounts printed before the first sheet, or
                                    #   `outside_sheets`: before the first and after the last
                                    #   (annexes; review rows with `review.amounts` are read
                                    #   with their row)
    summary:                        # optional: check the summary list against the sheets
      axis: "^Orientation (?P<n>\\d)"  #   (warnings: unknown sheet, other title, other axis)
      entry: "^(?P<id>\\d+)\\. (?P<title>.*) p\\.\\d+$"
    table:                          # layout: table only
      glyphs: {"➤": 1, "→": 2, "•": 3}   # inline list glyphs → rank (1 = first level)
      label_in_next_cell: true      # cell 0 empty and a label in cell 1: read it (warned)
      unlabelled_row_after: {context: objectives}   # an unlabelled row after a field
      label_max: 40                 # longer unknown cell-0 texts are content, not labels
      kind_marker: "(Réalisation|Impact) :"  # group 1 switches the indicators' kind
      actors:                       # the actors row (its label's field), read by column
        row: pilots
        columns: {pilots: [1, "Pilotes"], partners: [2, "Partenaires associés"]}
        item_glyph: "•"             # a cell holding this glyph lists one actor per item
        split: "regex"              # else the cell's text is split at this pattern
      sub_actions:                  # the lead text of the items of this rank
        rank: 1
        italic_title: true          # an italic title before a sentence: the title only
        cut: "regex"                # the lead stops at this pattern
        split_without_glyph: "regex"   # no item of that rank: split the loose text here
      gantt: {row: calendar, unit: semester, mark: X}   # read by position
    amount_years: sentence          # optional: a sentence naming one year dates its amount
    gantt_steps: true               # optional (layout lines): a sheet printing no steps takes
                                    #   the row labels of its calendar Gantt as sub_actions
    bare_labels: true               # optional: `Pilote Direction …` (a label, a space, its
                                    #   value, no colon) is read as `Pilote : Direction …`
    joined_cells: true              # optional: a table cell's paragraphs printed on one
                                    #   line joined by a space (markitdown of a PowerPoint
                                    #   table) are cut into items (:func:`joined_items`)
    split_items: '\\s+;\\s+'         # optional (layout lines): an inline value or a cell
                                    #   item is several items split here ("CAF ; MSA"), in
                                    #   every field; or only in the fields listed:
                                    #   {pattern: '\\s+;\\s+', fields: [pilots, partners]};
                                    #   or a list of such entries, one pattern each
    title_clean:                    # optional: OCR repairs of titles (title stays as printed)
      - {pattern: '(?<=[a-zé])1(?=[a-zé])', replace: 'l'}   #   regex → replacement, in order
    review:                         # optional: the previous plan's review table (any markup)
      start: '^# Annexe 1'          #   the table follows this line…
      end: '^# Annexe 2'            #   …up to this one (default: end of file)
      columns: {ref: 0, title: 1, status: 2}   # cell indexes; other cells → details_text
      groups: ['^### Axe']          #   optional: lines giving the rows below them their
                                    #   context (outer first; `### ` dropped), any markup
      status:                       #   status words → review_status (first match wins;
        non_realise: '(?i)^non réalisée?$'     #   none: unknown; status_raw as printed)
        realise: '(?i)^réalisée?$'
    youth_recommendations:          # optional: a youth council's recommendations
      start: '^# Annexe 2'
      end: null
      theme: '^### (?P<theme>.*)$'  #   theme lines
      item: '^(?P<ref>\\d+)\\. (?P<text>.*)$'   # items (group text; ref optional)

Keys for plans printed as OCR'd plain text (readers in :mod:`schemalab.parsers.ocr_lines`;
a configuration setting one of them gets the :class:`~schemalab.parsers.ocr_lines.OcrLinesLayout`
hooks, each falling back on the usual behaviour when its key is absent)::

    title: {pattern: …, within: 400}   # the title line may be up to line 400 (default 40)
    lists:                          # list items by glyph, in any `lines` plan: OCR'd letters,
                                    #   or `–`, `▪`, `a.` bullets a plain text prints
      glyph: '^\\s{0,2}(?:[eo.]|v"?)\\s+(?=\\S)'   # a glyph at a line start
      page_break: '^ \\S'            #   a line after a page break (glyphs may be lost
                                    #   from there: a capitalised line starts an item)
      skip: '^\\s*\\d{1,3}\\s*$'       #   lines ignored (surviving page numbers)
    actor_table:                    # a pilot | partner table flattened line by line (needs `lists`)
      field: pilots                 #   the field holding it (both columns)
      separator: '\\s+(?:(?P<bullet>[eo])|\\|)\\s+'   # what separates the two cells of a line
      head_nouns: [Direction, 'Services?', Cellule]   # a pilot fragment starting so is a new pilot
      lead_pilot: '^(?P<name>Direction de …)\\s+'   # optional: a first pilot printed complete
      stacked_when: '^Pilote\\(s\\)$'   #   optional: a sheet line meaning cells are stacked
    sub_action_headings:            # numbered step headings inside a field (needs `lists`)
      field: sub_actions
      pattern: '^Action (?P<n>\\d+)\\s*:\\s*(?P<title>\\S.*)$'
      ref: 'Action {n}'             #   the printed reference (sub_actions.ref)
    title_wraps: until_blank        # the title (group `title` of sheet_start) goes on to a blank line
    axes:
      pattern: '^ENGAGEMENT (?P<n>\\d+)\\s*:\\s*(?P<title>\\S.*)$'
      wraps: 3                      #   the axis title goes on for up to 3 lines (to a blank line)
      end: 'regex'                  #   the last axis chapter ends at this line
      cross_reference: 'Voir fiche action n°(?P<n>\\d+)'   # a sheet's axis: the chapter that
                                    #   refers to it (the last one when several do)
    title_clean:                    # each rule may say `for: title` or `for: text` (default both;
                                    #   a text rule repairs the text columns once `text_clean` is set)
      - {pattern: 'icr', replace: 'ior', for: title}
    title_clean_words: {accés: accès}   # word map applied after the rules (capital kept)
    text_clean:                     # repair the text columns too (*_clean), line by line
      line_start: [{pattern: '^Q(?=[A-Z])', replace: ''}]   # first, on each line
    money:
      sheet_fields:                 #   only these fields' amounts, each with a nature
        - {field: context}          #   (none: the shared wording rules)
        - {field: sub_actions, nature: planned, context: next_line}   # sentence wrapped over
                                    #   the next line of the field, or the step heading
      plan_level_until: 'regex'     #   narrative amounts before this line (else the first
                                    #   sheet), context: their sentence in the paragraph
      nature_words: {consumed: '\\baccordée?s?\\b'}   # nature → regex on the lower-cased
                                    #   sentence, first match wins: `budget_nature` (below) under
                                    #   another name, read by the same hook (give one of the two)
      scope_rules:                  #   first rule that matches: scope (and role)
        - {around: 'covid', paragraph: 'y faire face', scope: outside_scope}
                                    #   around: this paragraph and the one above
        - {sentence: 'a consacré', scope: annual_budget}   # the amount's own sentence
                                    #   (also for `plan_money` and sheet amounts)
    review_outline:                 # a review printed as group → subgroup → numbered rows,
                                    #   group → rows (subgroup left out: one level of
                                    #   headings, row numbers go on across groups), or a flat
                                    #   list of rows (group, subgroup, mark_line and context
                                    #   left out); `skip` lines are not read
      start: 'regex'                #   the outline follows this line…
      end: 'regex'                  #   …up to this one (default: the first sheet)
      group: '^ORIENTATION (?P<n>\\d+)\\s*:\\s*(?P<title>.*)$'   # title wraps to the next row
      subgroup: '^Priorité (?P<n>\\d+)\\s*:\\s*(?P<title>.*)$'   # wraps to a blank line;
                                    #   row numbers restart (unreadable: the next number)
      row: '^Action (?P<n>\\d+|&)\\s*:\\s*(?P<title>.*)$'
      mark: '\\s+(?P<mark>®|\\[ \\])\\s*$'   # a status glyph ending a line → status_raw
      mark_line: '^\\s*(?:®\\s*)+$'   #   a line of marks only: above label-less text, a row that
                                    #   lost its label; else, with 2+ marks, marks detached from
                                    #   their rows: one each to the mark-less rows directly above
                                    #   in the subgroup when as many, else one to each row of
                                    #   a subgroup printing no mark when as many, else left
      ref: 'P{subgroup}-A{row}'     #   names: group, group_title, subgroup, subgroup_title, row
      context: 'ORIENTATION {group}: {group_title} / Priorité {subgroup}: {subgroup_title}'
                                    #   (optional: none or '' → null)
      status:                       #   optional: status_raw → review_status, as `review.status`
        realise: '^(?:®|réalisée?)$'  #   (same rules, same function; no match: unknown)

Cell lists, year steps, heading pairs (layout ``lines``; readers in
:mod:`schemalab.parsers.cell_lists`)::

    sheet_start_confirm: 7          # a number: how many lines below the start are looked at
    confirm_skip: ["regex", ...]    # lines passed over when confirming (a tag line)
    head_lines:                     # lines between the start and the first heading that
      matching: "regex"             #   match this open field `to` (a tag line → context);
      to: context                   #   or a list of such mappings (applied in the order
                                    #   written); `Label : value` lines give their value
                                    #   (group `value` if any)
    columns:                        # a field printed as a 2-column table (pipe or TSV):
      indicators: [objectives, indicators]   # column 1 → first field (must be empty
                                    #   otherwise: error), column 2 → second field
    dash_lists:                     # fields whose column 1 is kept and whose <ul> cells
      fields: [pilots, partners]    #   hold "- "-separated items (glued "<ul>- a- b" or
      join_after_acronym: "regex"   #   spaced "<ul> - a - b"); spaced: an acronym item
                                    #   followed by an item matching this is one item
    join_by_heading:                # several headings mapped to one field: one line per
      targets: [Public cible, Territoires cibles]   # heading, "Heading : a ; b", this order
    expected_content: [pilots]      # fields that must hold text (warning; strict: error)
    year_steps: {sub_item: '^o\\s+'} # sub_actions: steps under years (bullets, pipe rows,
                                    #   bare years), one calendar row per year with a step;
                                    #   `sub_item` items are details of the step above
    budget_nature:                  # nature → regex on the lower-cased sentence, first
      consumed: 'versés?'           #   match wins, before the shared rules (the OCR keys'
                                    #   `money.nature_words` is the same, one hook: not both)
    axes: {pattern: '^Orientation (?P<n>\\d+)$', title_below: 7}   # title on the lines below
    review:                         # TSV review rows (besides start/end/columns/status):
      row: '^\\d{1,2}\\t'            #   a review row; `header` (on the cleaned first cell)
      header: '^N° Fiches'          #   gives the column labels; `groups` (outer first)
      groups: ['^ORIENTATION', '^AXE']   # give the context; `width`: cells per row
      width: 8                      #   (error otherwise); `details: labelled` writes
      details: labelled             #   "label : value" lines; `amounts`: the scope of
      amounts: previous_plan        #   the row's amounts (year from the sentence);
      required: false               #   `required: false`: no section is no error
      cells: spaces                 #   columns aligned with 2+ spaces (default: tabs);
                                    #   an indented line under a row continues its cells;
                                    #   `pipes`: cells between `|`, outer pipes optional
                                    #   (with or without `row`); no row read: a warning
    youth_recommendations:          # besides start/end/theme/item:
      theme_before: '^Les propositions$'   # a theme is the line before such a line
      ref_alone: '^\\d{1,2}$'        #   a number alone: the ref of the next item
      required: false
    checks:                         # what a reader counts in the plan, compared with what is
      sheets: 11                    #   read (a warning; an error with strict): sheets, axes,
      previous_review: 7            #   period, title, any table's rows, pilots / partners;
      sheet: {'3': {indicators: 2}} #   per sheet title, axis, rows (parsers/reader_checks.py)

A TSV line whose every cell is a known heading (``Pilotes<TAB>Contributeurs``) is read
automatically: the columns below it go to their fields. A section (``review``,
``youth_recommendations``) that starts before the first sheet ends at the first sheet at
the latest.

Python hooks stay possible for real quirks: subclass the generated class.

Four plans are read through their configuration: Landes, Lot-et-Garonne (``lines``
layout, the cell-list keys for 47), Orne (``table`` layout) and Pas-de-Calais (``lines``
and the OCR keys), each proven equal to the Python parser it replaced, whose whole-plan
tables are frozen in tests/fixtures/expected/ (tests/test_expected_tables.py).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import zip_longest
from pathlib import Path

from schemalab.actors import ACTOR_SEPARATOR
from schemalab.extract import (
    _PIPE_SEPARATOR,
    CONTENTS_END,
    CUT_WORD,
    DANGLING_DATE_LEAD,
    DANGLING_SEMESTER,
    DATED_START,
    DOT_LEADERS,
    GRID_MARKS,
    LIST_GLYPHS,
    LONE_GLYPH,
    PAGE_NUMBER_END,
    QUARTER_ROW,
    SEMESTER_ROW,
    SPACE_CELL,
    SPACED_MARKS_ROW,
    SPACED_YEARS,
    YEAR_ALONE,
    GridRow,
    ParseError,
    calendar_entries,
    caption_payer,
    cell_rows,
    clean_inline,
    euro_amounts,
    gantt_marks,
    grid_rows,
    heading_text,
    join_lines,
    join_wrapped,
    legend_marks,
    money_text,
    numbered_marker,
    parse_bullets,
    payer_names,
    period_columns,
    pipe_cell,
    sentence_around,
    spaced_years_corner,
    with_cut_amount,
    wrapped_by_pypdf,
    years,
)
from schemalab.parsers import ocr_lines, reader_checks
from schemalab.parsers.action_rows import ROW_ONLY_FIELDS, ActionRowsLayout, compile_rows, unit_cells
from schemalab.parsers.base import (
    _NOT_FIELDS,
    _RECURRING_ALONE,
    CANONICAL_FIELDS,
    LIST_MARKER,
    BaseParser,
    Document,
    Lines,
    ParseResult,
    Sheet,
    annex_start,
    heading_key,
    record_heading,
    step_date,
)
from schemalab.parsers.cell_lists import has_text, itemize, split_columns, year_steps
from schemalab.parsers.columns import side_columns
from schemalab.parsers.table_rows import ActorColumn, TableRowsLayout, TableSpec
from schemalab.textio import fold

CONFIG_DIR = Path(__file__).parent / "config"
#: The ordered list of configured départements (explicit, like REGISTRY).
INDEX = CONFIG_DIR / "index.yml"

_KEYS = {
    "checks",
    "code",
    "name",
    "anatomy",
    "detect",
    "detect_also",
    "title",
    "layout",
    "rows",
    "sheet_start",
    "sheet_start_confirm",
    "sheets_end",
    "announced",
    "boundaries",
    "headings",
    "expected_fields",
    "heading_pattern",
    "skip",
    "stop",
    "indicator_kind",
    "axes",
    "header",
    "move_items",
    "plan_money",
    "calendar_when_empty",
    "summary",
    "table",
    "split_items",
    "title_clean",
    "review",
    "youth_recommendations",
    "amount_years",
    "gantt_steps",
    "bare_labels",
    "joined_cells",
    *ocr_lines.KEYS,
    # cells holding lists, year steps, heading pairs (see "Cell lists, year steps, heading pairs")
    "confirm_skip",
    "head_lines",
    "columns",
    "dash_lists",
    "join_by_heading",
    "expected_content",
    "year_steps",
    "budget_nature",
}
_TABLE_KEYS = {
    "glyphs",
    "label_in_next_cell",
    "unlabelled_row_after",
    "label_max",
    "kind_marker",
    "actors",
    "sub_actions",
    "gantt",
}
#: How many lines below a sheet start its first field row is looked for (confirm).
_CONFIRM_LOOK_AHEAD = 5


def _drop_list_stop(text: str) -> str:
    """``text`` without the single full stop that ends an inline list ("a ; b ; c."):
    it closes the list, not its last item; "..." and "etc." keep theirs."""
    return re.sub(r"(?<![.\s])(?<!\betc)\.$", "", text.rstrip())


class ConfigError(ValueError):
    """A YAML parser configuration is invalid: names the file, the line and the key.

    ``key`` is the dotted path of the offending key (``table.gantt.unit``) when known;
    :func:`load_config_parser` adds the line it is printed on (``path:line: …``).
    """

    def __init__(self, message: str, key: str | None = None, line: int | None = None):
        super().__init__(message)
        self.key = key
        self.line = line


def _key_lines(text: str) -> dict[str, int]:
    """Dotted key path → 1-based line of the key in the YAML text (mappings only;
    list elements are numbered: ``move_items.0.matching``)."""
    import yaml

    out: dict[str, int] = {}

    def walk(node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                name = f"{prefix}{k.value}"
                out.setdefault(name, k.start_mark.line + 1)
                walk(v, name + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                out.setdefault(f"{prefix}{i}", v.start_mark.line + 1)
                walk(v, f"{prefix}{i}.")

    try:
        walk(yaml.compose(text), "")
    except yaml.YAMLError:
        pass
    return out


def _locate(exc: ConfigError, path: Path, lines: dict[str, int]) -> ConfigError:
    """The error with the line of its key: the key itself, else the first backquoted
    key path of the message that the file prints, else its closest parent."""
    msg = str(exc)
    keys = [exc.key] if exc.key else []
    keys += re.findall(r"`([\w.]+)`", msg)
    line = None
    for key in keys:
        parts = key.split(".")
        while parts and ".".join(parts) not in lines:
            parts.pop()
        if parts:
            line = lines[".".join(parts)]
            break
    if line is None:
        return exc
    prefix = f"{path}: "
    body = msg[len(prefix) :] if msg.startswith(prefix) else msg
    return ConfigError(f"{path}:{line}: {body}", key=exc.key or (keys[0] if keys else None), line=line)


def _join_wrapped(first: str, second: str) -> str:
    """Two lines of one hard-wrapped label: ``PARTENAIRES ASSO-`` + ``CIES`` →
    ``PARTENAIRES ASSOCIES``; else joined with a space."""
    return first[:-1] + second if first.endswith("-") else f"{first} {second}"


#: A line that underlines the heading above it: ``-----``, ``=====``, ``_____``.
_UNDERLINE = re.compile(r"^\s*(?:-{3,}|={3,}|_{3,})\s*$")


def _regex(path: Path, key: str, value) -> re.Pattern:
    if not isinstance(value, str):
        raise ConfigError(
            f"{path}: `{key}` is one regular expression (a quoted string), not a {type(value).__name__};"
            " write alternatives inside it: '^(?:A|B)…'",
            key=key,
        )
    try:
        return re.compile(value)
    except (re.error, TypeError) as exc:
        raise ConfigError(f"{path}: `{key}` is not a valid regular expression: {exc}") from None


def _split_items(path: Path, spec) -> dict:
    """``split_items``: a regex (every field's values are split there), ``{pattern,
    fields}`` (only the listed fields': "CAF ; MSA" in partners, never a context
    sentence "… 2026 ; 64 partiront …"), or a list of such ``{pattern, fields}``
    entries (one pattern per group of fields: ``' ; '`` in partners, ``' • '`` in
    sub_actions); a field listed by several entries is split at each in turn."""
    if spec is None or isinstance(spec, str):
        rx = _optional_regex(path, "split_items", spec)
        return {"_split_rules": () if rx is None else ((rx, None),)}
    entries = spec if isinstance(spec, list) else [spec]
    rules = []
    for k, entry in enumerate(entries):
        key = f"split_items[{k}]" if isinstance(spec, list) else "split_items"
        entry = _check_keys(path, key, entry, {"pattern", "fields"})
        fields = entry.get("fields")
        if (
            not entry.get("pattern")
            or not isinstance(fields, list)
            or not fields
            or not set(fields) <= set(CANONICAL_FIELDS)
        ):
            raise ConfigError(
                f"{path}: `split_items` is a regex, {{pattern: regex, fields: [...]}} listing fields of "
                f"{CANONICAL_FIELDS}, or a list of such entries",
                key="split_items",
            )
        rules.append((_regex(path, f"{key}.pattern", entry["pattern"]), frozenset(fields)))
    return {"_split_rules": tuple(rules)}


def _optional_regex(path: Path, key: str, value) -> re.Pattern | None:
    return None if value is None else _regex(path, key, value)


def status_rules(path: Path, key: str, mapping) -> list[tuple[str, re.Pattern]]:
    """A ``status:`` mapping (review_status → regex over the printed status words),
    shared by ``review`` and ``review_outline``; rules are tried in the order given, whatever
    the case the plan prints its words in (« Réalisée », « RÉALISÉE », « réalisée »)."""
    from schemalab.schema import VOCABULARIES

    mapping = mapping or {}
    if not isinstance(mapping, dict) or set(mapping) - set(VOCABULARIES["review_status"]):
        raise ConfigError(f"{path}: `{key}` maps statuses {VOCABULARIES['review_status']} to regexes", key=key)
    rules = [(st, _regex(path, f"{key}.{st}", p)) for st, p in mapping.items()]
    return [(st, re.compile(rx.pattern, rx.flags | re.IGNORECASE)) for st, rx in rules]


#: Bold or italics opened on a line: ``**`` printed an odd number of times, or ``<b>`` /
#: ``<strong>`` not closed on it.
_OPEN_MARKUP = (
    (re.compile(r"\*\*"), re.compile(r"\*\*")),
    (re.compile(r"<(?:b|strong)\b[^>]*>", re.I), re.compile(r"</(?:b|strong)>", re.I)),
)


def _indent(text: str) -> int:
    """The spaces before a line's text."""
    return len(text) - len(text.lstrip(" "))


def _title_closed_below(doc: Document, start: int, end: int) -> tuple[str, int]:
    """A sheet title whose bold is opened on its start line and closed on a line below
    (``**Action 1.1.2 : Créer une équipe mobile de soutien à la parentalité`` /
    ``pour les territoires ruraux du Bocage**``): the text of the lines up to the one
    that closes it (three at most, no blank line) and that line's number; ("", start)
    when the start line closes what it opens."""
    line = doc.line(start)
    for opened, closed in _OPEN_MARKUP:
        if opened.pattern == closed.pattern:
            unbalanced = len(opened.findall(line)) % 2 == 1
        else:
            unbalanced = len(opened.findall(line)) > len(closed.findall(line))
        if not unbalanced:
            continue
        parts = []
        for n in range(start + 1, min(start + 4, end)):
            text = doc.line(n)
            if not text.strip():
                break
            parts.append(clean_inline(opened.sub("", closed.sub("", text))))
            if closed.search(text):
                return join_lines(p for p in parts if p), n
        break
    return "", start


def _one_cell_row(text: str) -> bool:
    """A pipe row of one cell (``|Fiche action n° 6 – … |``: a row merged across its table)."""
    t = text.strip()
    return len(t) > 2 and t.startswith("|") and t.endswith("|") and t.count("|") == 2


def _title_cell_below(doc: Document, start: int, end: int) -> tuple[str, int]:
    """A sheet title printed in a one-cell pipe row, its table's first row merged across the
    table, and wrapped onto the next one-cell rows of the same width (antiword: ``|Fiche action
    n° 6 – … AEMO renforcée et |`` / ``|PEAD |``): their text (three rows at most) and the last
    one's number; ("", start) otherwise."""
    line = doc.line(start).rstrip()
    if not _one_cell_row(line):
        return "", start
    parts, last = [], start
    for n in range(start + 1, min(start + 4, end)):
        text = doc.line(n).rstrip()
        if not _one_cell_row(text) or len(text) != len(line):
            break
        parts.append(clean_inline(text.strip().strip("|")))
        last = n
    return (join_lines(p for p in parts if p), last) if parts else ("", start)


def review_status(raw: str | None, rules: list[tuple[str, re.Pattern]]) -> str:
    """The review_status of a printed status (first rule that matches), else 'unknown'
    (the printed words stay in status_raw)."""
    return next((st for st, p in rules if raw and p.search(raw)), "unknown")


def _check_keys(path: Path, key: str, spec, known: set[str]) -> dict:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ConfigError(f"{path}: `{key}` must be a mapping")
    unknown = set(spec) - known
    if unknown:
        raise ConfigError(
            f"{path}: unknown keys {sorted(unknown)} in `{key}`; known: {sorted(known)}",
            key=f"{key}.{sorted(unknown)[0]}",
        )
    return spec


#: ``Label : value`` on one line, the label plain, bold (``**Label :** value``), italic
#: (``*Label* : value``, ``_Label_ : value``, ``*Label :* value``), in a markdown
#: heading, in HTML bold or italics or after a list bullet (``- **Porteur** : …``); the
#: label is looked up in ``headings``.
_INLINE_LABEL = re.compile(
    r"^\s*(?:#{1,6}\s+|[-•*]\s+)?(?:\*\*|__|\*|_|<b>|<strong>|<i>|<em>)?\s*(?P<label>[^:*_<>|\t]{2,60}?)\s*"
    r"(?:\*\*|__|\*|_|</b>|</strong>|</i>|</em>)?\s*:\s*(?:\*\*|__|\*|_|</b>|</strong>|</i>|</em>)?\s*(?P<value>\S.*)$"
)
#: Where a value's next labelled part starts: a dash, a semicolon or a pipe, then a label
#: of a few words and a colon ("Pilote : CRIP – Partenaires : …").
#: A second label in a line after a semicolon (« … (ASE) ; partenaires : CAF, … »).
_SECOND_LABEL = re.compile(r"\s*;\s+(?=[^:;]{2,40}?\s?:\s)")
_PART_BREAK = re.compile(r"(?:\s+[–—|]\s+|\s*;\s+|\s*<br\s*/?>\s*)(?=[^:–—|;<]{2,40}?\s?:(?:\*\*|__)?\s)", re.I)
_LI = re.compile(r"<li\b[^>]*>(.*?)</li>", re.I | re.S)
#: A line holding one HTML list item (``<ol><li>`` opening the list allowed before it).
_LI_LINE = re.compile(r"^\s*(?:<[ou]l\b[^>]*>\s*)?<li\b[^>]*>(.*?)(?:</li>)?\s*(?:</[ou]l>)?\s*$", re.I)
#: An HTML paragraph around a whole line (``<p><b>Pilote :</b> value</p>``).
_P_LINE = re.compile(r"^\s*<p\b[^>]*>(?P<inner>.*?)(?:</p>)?\s*$", re.I)


#: A label asked as a question, in bold, its value after it: ``**Qui pilote ?** La DEF``.
_QUESTION_LABEL = re.compile(
    r"^\s*(?:#{1,6}\s+|[-•*]\s+)?(?:\*\*|__|<b>|<strong>)\s*(?P<label>[^:*_<>|\t?]{2,60}?\s?\?)\s*"
    r"(?:\*\*|__|</b>|</strong>)\s*(?P<value>\S.*)$"
)

#: A bold label and its value with no colon between (``**Indicateurs d'évaluation** Nombre
#: de …``: pymupdf4llm's reading of a table row cut from its table by a page break).
_BOLD_LABEL = re.compile(
    r"^\s*(?:\*\*|__|<b>|<strong>)\s*(?P<label>[^:*_<>|\t?]{2,60}?)\s*(?:\*\*|__|</b>|</strong>)\s*(?P<value>[^\s:].*)$"
)


def inline_label(text: str) -> re.Match | None:
    """``Label : value`` on one line (:data:`_INLINE_LABEL`), also inside an HTML
    paragraph: ``<p><b>Pilote :</b> Service jeunes majeurs</p>`` is the label
    ``Pilote`` and the value ``Service jeunes majeurs`` (the ``</p>`` is no part of it);
    a bold question and its answer, ``**Qui pilote ?** La DEF`` (83), and a bold label
    and its value, ``**Pilote** La DEF``, too (a caller reads a label only when
    ``headings`` maps it)."""
    m = _P_LINE.match(text)
    inner = m.group("inner") if m else text
    return _INLINE_LABEL.match(inner) or _QUESTION_LABEL.match(inner) or _BOLD_LABEL.match(inner)


_P = re.compile(r"<p\b[^>]*>(.*?)</p>", re.I | re.S)
#: Semester words of a calendar item ("1er semestre", "S2"), as :func:`semester` reads them.
#: A loose calendar line that starts with a year.
#: A loose calendar line that starts an entry of its own: a year (« 2025 : ouverture … »), a
#: year after « Dès » / « À partir de », or a recurring schedule before a colon (« Chaque
#: année : forum … », « Tous les deux ans : … », « En continu : … »).
_DATED_LINE = re.compile(
    r"^(?:(?:19|20)\d\d\b|(?:dès|à partir de)\s+(?:19|20)\d\d\b"
    r"|(?:chaque|tous les|toutes les)\s+[^\s:]+(?:\s+[^\s:]+)?\s*:|en continu\s*:)",
    re.I,
)
#: The header of a step | date table aligned with spaces in a calendar field (« Étape
#: Période », « Action   Échéance »).
_STEP_DATE_HEADER = re.compile(
    r"(?i)^\s*(?:[ée]tapes?|actions?|phases?|jalons?|mesures?)\s{3,}(?:p[ée]riodes?|[ée]ch[ée]ances?|dates?|calendrier|quand\s*\?)\s*$"
)


def _step_date_rows(lines: Lines) -> Lines:
    """A step | date table aligned with spaces under its header (« Étape      Période » /
    « Cartographie de l'offre      1er semestre 2026 »): its header dropped and each row
    given as a dated item, its date first (« - 1er semestre 2026 : Cartographie de l'offre »),
    as the calendar reads a dated step; a step wrapped onto a line of its own goes on with its
    row. Other lines are returned as they are."""
    out: Lines = []
    in_table = False
    for n, t in lines:
        if _STEP_DATE_HEADER.match(t):
            in_table = True
            continue
        cells = re.split(r"\s{3,}", t.strip()) if in_table else []
        if in_table and len(cells) == 2 and (years(cells[1]) or _DATED_LINE.match(cells[1] + " :")):
            out.append((n, f"- {cells[1]} : {cells[0]}"))
            continue
        if in_table and len(cells) == 1 and cells[0] and out and out[-1][1].startswith("- "):
            out[-1] = (out[-1][0], f"{out[-1][1]} {cells[0]}")  # the step wrapped in its cell
            continue
        in_table = in_table and bool(t.strip())
        out.append((n, t))
    return out


#: A wrapped label's first line is short (the second line completes it).
_WRAP_MAX = 40


#: A line of label | value columns aligned with spaces: text at the margin, three
#: spaces or more, text (no tab: TSV lines are read as such).
#: A bracket alone on its line (« (MNA) »): the end of a title wrapped before it.
_BRACKET_ALONE = re.compile(r"\([^()]{1,40}\)[.:]?")
#: A field's value that only points to what is printed elsewhere (« Voir le tableau
#: ci-dessous », « cf. calendrier en annexe »).
_POINTER = re.compile(r"(?i)^(?:voir|cf\.?)\s.{0,60}?\b(?:ci-dessous|ci-après|ci-contre|plus bas|en annexe)\s*\.?$")
#: A bracket opening a line whose text goes on in lower case (« (PPE) dans les trois mois »).
_BRACKET_GOES_ON = re.compile(r"^\([^()]{1,40}\)\s+[a-zà-ÿ]")
#: The stars Debian's html2text prints at a heading's end (« … de protection ***** »).
_CLOSING_STARS = re.compile(r"\S\s+\*{3,6}\s*$")
#: A TSV line naming two years or more, each a cell of its own: a year grid's header.
_TSV_YEARS = re.compile(r"(?:(?:^|\t)\s*(?:19|20)\d\d\s*(?=\t|$).*){2}")
_SPACE_COLUMNS = re.compile(r"^(?P<indent> {0,8})(?P<left>[^\s\t](?:[^\t]*?\S)?) {3,}(?P<right>[^\s\t].*)$")
#: A label two spaces from its value: a text browser pads a borderless table's label column
#: to its longest label and two spaces (``Partenaires  de gendarmerie …``); read as columns only
#: at the value column of the columns above it (:meth:`ConfiguredParser._aligned_label_row`).
_TWO_SPACE_COLUMNS = re.compile(r"^(?P<indent> {0,8})(?P<left>[^\s\t](?:[^\t]*?\S)?) {2}(?P<right>[^\s\t].*)$")
#: A Markdown heading (its level: the number of signs).
_MD_HEADING = re.compile(r"^(#{1,6})\s+\S")
#: A sheet start marked as the sheet's continuation (``(suite)``, ``– suite``, ``(fin)``).
_CONTINUED = re.compile(r"[(\[]?\s*\b(?:suite|fin|continued|cont\.?)\s*[)\]]?\s*$", re.I)


def _fold_title(title: str | None) -> str:
    """A start line's title for comparing two start lines: inline markup out, spaces folded."""
    return re.sub(r"\s+", " ", clean_inline(title or "")).strip()


def _bare_value_start(value: str) -> bool:
    """A bare label's value starts with a capital, a digit, a bracket, a quote or a list
    marker (``• …``, ``– …``, ``a) …``): not with a lower-case word going on a sentence."""
    return bool(re.match(r"[A-ZÉÈÊÀÂÎÔÛÇŒ0-9\[«(\"“]", value) or LIST_MARKER.match(value))


def _line_kind(text: str) -> str:
    """What a value line is, for telling the cells of a column apart: a list item by its
    glyph, a numbered item, a dated line (« 1er semestre 2026 : … », « 2027 : … »), text."""
    t = text.strip()
    m = LIST_MARKER.match(t)
    mark = ("num " if re.match(r"\d", m.group().strip()) else "glyph ") if m else ""
    return mark + ("date" if DATED_START.match(t[m.end() :] if m else t) else "text")


def _value_paragraph(span: Lines, j: int, col: int) -> bool:
    """``span[j]`` opens lines printed in the value column alone (nothing left of ``col``)
    that end at a blank line or the span's end: a paragraph of the cell above printed after
    a blank line (pdfplumber's layout mode), not the value lines of a label below them."""
    start = j
    while j < len(span) and (t := span[j][1]).strip() and not t[:col].strip() and t[col - 1 : col].isspace():
        j += 1
    return j > start and (j >= len(span) or not span[j][1].strip())


def _centred_cells(entries: list[list], label_lines: list[int]) -> list[list]:
    """The value lines of a label | value column whose labels a converter centres in their
    cells' height, given back to their labels. inscriptis prints a label on the middle line
    of its cell, the upper one of two (as many lines above it as below, or one more below);
    ``w3m -dump`` on either. Of the ways to cut the column so (one rule for every cell
    unless mixing them reads better), the one wins whose cells mix the fewest kinds of line (list items,
    numbered items, dated lines, text) and cut no wrapped line from its continuation (a
    line indented deeper than the item's glyph, a phrase going on), then the one closest to the reading as
    printed. ``entries`` unchanged when no cut fits (a column whose cells are top-aligned)."""
    seq = [line for _, lines in entries for line in lines]
    at = [next((j for j, (n, _) in enumerate(seq) if n == ln), None) for ln in label_lines]
    if (
        None in at
        or any(b <= a for a, b in zip(at, at[1:], strict=False))
        or any(SPACED_YEARS.match(t) for _, t in seq)
    ):
        return entries
    kinds = [_line_kind(t) for _, t in seq]
    # a line that goes on with the one above: indented deeper than the list item above it,
    # or the end of a wrapped phrase (« Direction de l'insertion et de » / « l'emploi »)
    cont = [
        j > 0 and bool(seq[j][1].strip()) and not LIST_MARKER.match(seq[j][1].lstrip())
        and ((LIST_MARKER.match(seq[j - 1][1].lstrip()) is not None and _indent(seq[j][1]) > _indent(seq[j - 1][1]))
             or ocr_lines.continues_line(seq[j - 1][1].strip(), seq[j][1].strip()))
        for j in range(len(seq))
    ]  # fmt: skip
    printed, start = [], 0
    for _, lines in entries:
        printed.append((start, start + len(lines) - 1))
        start += len(lines)

    def cut(rounding: tuple[int, ...]) -> tuple | None:
        best: dict[int, tuple] = {0: ((0, 0, 0), [])}  # next cell's first line -> (cost, cells)
        for idx, p in enumerate(at):
            nxt: dict[int, tuple] = {}
            for s, (c, cells) in best.items():
                a = p - s
                for below in (a + d for d in rounding):
                    e = p + below
                    if a < 0 or below < 0 or e >= len(seq) or (idx + 1 < len(at) and e >= at[idx + 1]):
                        continue
                    if idx + 1 == len(at) and e != len(seq) - 1:
                        continue
                    mixed = sum(x != y for x, y in zip(kinds[s:e], kinds[s + 1 : e + 1], strict=True))
                    score = (c[0] + mixed + 5 * cont[s], c[1] + ((s, e) != printed[idx]), c[2])
                    if e + 1 not in nxt or score < nxt[e + 1][0]:
                        nxt[e + 1] = (score, [*cells, (s, e)])
            best = nxt
        return best.get(len(seq))

    # one rule for the whole column (inscriptis's first), unless a cut mixing them reads
    # fewer kinds mixed or wraps cut (w3m centres some cells up, some down)
    same = [r for r in (cut((0, 1)), cut((-1, 0))) if r is not None]
    mixed = cut((-1, 0, 1))
    if mixed is None:
        return entries
    best = min(same, key=lambda r: r[0]) if same else mixed
    cells = (best if best[0][0] <= mixed[0][0] else mixed)[1]
    return [[lab, seq[a : b + 1]] for (lab, _), (a, b) in zip(entries, cells, strict=True)]


def _glyph_tail(values: list[str], label_value: str) -> int:
    """Where the run of list items ending ``values`` starts, when a label's own value
    (``label_value``) starts with the same list glyph and the lines before the run do
    not (a value line with no glyph first): the items a text browser printed above a
    label it centres in its cell's height; numbered items count down from the label's own
    number. ``len(values)`` when there is no such run.
    A line indented deeper than the label's glyph continues the item above it."""
    glyph = LIST_MARKER.match(label_value.lstrip())
    if glyph is None:
        return len(values)
    mark = glyph.group().strip()
    # a numbered list's items above its label count down from the label's own number
    # (« 1. Cartographier … » above « Modalités   2. Ouvrir … »)
    num = re.fullmatch(r"(\d{1,2})([.)])", mark)
    want = int(num.group(1)) - 1 if num else None
    k, start = len(values), len(values)
    while k > 0:
        text = values[k - 1]
        g = LIST_MARKER.match(text.lstrip())
        mk = g.group().strip() if g is not None else None
        if mk is not None and (mk == mark if num is None else want is not None and mk == f"{want}{num.group(2)}"):
            start = k - 1
            want = want - 1 if want is not None else None
        elif not (text.strip() and _indent(text) > _indent(label_value)):
            break
        k -= 1
    if start == len(values) or start == 0 or LIST_MARKER.match(values[0].lstrip()):
        return len(values)
    return start


#: The corner cell of a budget table naming the unit of its figures (« En k€ », « Montants
#: (en euros) », « k€ »).
_MONEY_CORNER = re.compile(r"(?i)(?:^|\b(?:en|montants?|budget)\b.*?)\(?\s*(?:en\s+)?(?P<unit>k€|M€|€|euros)\s*\)?\s*$")
#: A budget table's corner naming money but no unit (« Budget prévisionnel », « Montants »).
_MONEY_WORD_CORNER = re.compile(r"(?i)^(?:budget|montants?|crédits|co[uû]ts?|financements?)\b")
#: A row label ending on its unit in brackets (« Crédits départementaux (€) »).
_ROW_UNIT = re.compile(r"\((?:en\s+)?(?P<unit>k€|M€|€|euros)\)\s*$")
#: A figure alone in a table cell (« 42,5 », « 1 300 »).
_TABLE_FIGURE = re.compile(
    r"^(?:\d{1,3}(?:[ \u202f\u00a0]\d{3})*|\d{4,9})(?:,\d+)?$"
)  # (« 250000 »: a workbook's number)


def _table_cells(text: str) -> list[str]:
    """The cells of a pipe or TSV row, cleaned (markup and a footnote star off); [] for any
    other line."""
    t = text.strip()
    if t.startswith("|"):
        raw = pipe_cells(t)
    elif "\t" in t:
        raw = t.split("\t")
    else:
        return []
    return [clean_inline(c, bullet=False).strip().rstrip("*").strip() for c in raw]


def pipe_cells(text: str) -> list[str]:
    """The cells of a pipe table's row (outer pipes optional), each :func:`pipe_cell`."""
    s = text.strip()
    inner = s[1:-1] if s.endswith("|") and len(s) > 1 else s[1:]
    return [pipe_cell(c) for c in inner.split("|")]


#: A table of contents line: an entry, leaders (:data:`~schemalab.extract.DOT_LEADERS`), a page number.
_CONTENTS_LINE = re.compile(rf"^\s*(?P<entry>\S.*?)\s*{DOT_LEADERS}{PAGE_NUMBER_END}")


#: A contents line of leaders and a page number alone, printed under its entry (PyMuPDF
#: prints a contents row's text, then its leaders on the next line: « Fiche 1.1 – … » /
#: «  .  .  .  .  . 8 »).
_LEADERS_ALONE = re.compile(rf"^\s*{DOT_LEADERS}{PAGE_NUMBER_END}")


#: A list item that may be a label of a definition list printed as a list (:meth:`ConfiguredParser._bullet_labels`).
_BULLET_LABEL = re.compile(rf"^(?:--|[{re.escape(LIST_GLYPHS)}–—])\s+(?P<label>\S.{{0,80}}?)\s*:?\s*$")


def printed_twice(lines: Lines) -> Lines | None:
    """A field whose whole content is printed twice in a row (docx2python prints a table
    cell merged over two columns once per column: « Direction … – pôle jeunes majeurs » /
    « Direction … – pôle jeunes majeurs », 65 sheet 4.1): its first printing; None when the
    field is no such doubling (two lines at least, the second half word for word the first)."""
    kept = [(k, t.strip()) for k, (_n, t) in enumerate(lines) if t.strip()]
    half = len(kept) // 2
    if half == 0 or len(kept) % 2 or [t for _, t in kept[:half]] != [t for _, t in kept[half:]]:
        return None
    return lines[: kept[half][0]]


def _wrapped_end(text: str, above: Lines | None) -> bool:
    """A line in lower case that reads as a label (« partenaires ») under a value line ending
    open (« … un tableau de bord annuel partagé avec les »): the value's wrapped end, not a
    label (73 sheet 2.2, pypdf). A label printed alone starts with a capital."""
    last = above[-1][1] if above else ""
    return ocr_lines.starts_lower(text.strip()) and bool(last.strip()) and ocr_lines.ends_open(last)


def _prose_after_title(title: str, text: str) -> bool:
    """``text`` under a title line is prose, not the title's wrapped end: it opens with a
    capital after a title line that ends closed (no connector, comma, dash, bracket) and
    runs to a sentence's end or past the line (PyMuPDF prints an axis page's title and
    paragraph with no blank line between: « Accompagner … droits de » / « l'enfant » /
    « Aucun jeune ne doit quitter … sans solution. Cet axe … »)."""
    return not ocr_lines.continues_line(title, text) and (len(text) > 80 or bool(re.search(r"[.!?]\s", text + " ")))


def _cells_by_wrap(span: Lines, block: list[int], cells: int) -> list[list[int]]:
    """The lines of ``block`` (indexes in ``span``) cut into ``cells`` table cells printed
    one after another with no blank line between (PyMuPDF flattens a header-row table so:
    « Cellule de recueil des » / « informations » / « préoccupantes (CRIP) » / « Parquet du
    tribunal … » / …): a line opening with a capital or a digit after a line ending closed
    starts a cell (:func:`ocr_lines.continues_line`), and a cell of dated entries runs on
    over the entries after it (« 1er semestre 2026 : … » / … / « 2e semestre 2026 : … »).
    Empty unless exactly ``cells`` cells come out."""
    groups: list[list[int]] = []
    for j in block:
        text = span[j][1].strip()
        if groups and ocr_lines.continues_line(span[groups[-1][-1]][1].strip(), text):
            groups[-1].append(j)
        else:
            groups.append([j])

    def dated(j: int) -> bool:  # « 2026 : … », « 1er semestre 2026 : … », « Mars 2027 : … »
        text = span[j][1].strip()
        starts = re.match(r"^(?:\d|[A-ZÉ][a-zéû]+\s+(?:19|20)\d\d)", text)
        return bool(starts) and any(ys for ys, _, _ in calendar_entries(text))

    merged: list[list[int]] = []
    for g in groups:
        if merged and dated(g[0]) and dated(merged[-1][0]):
            merged[-1].extend(g)
        else:
            merged.append(g)
    return merged if len(merged) == cells else []


#: A step or an objective's first word: a verb in the infinitive (« Signer », « Désigner »,
#: « Ouvrir », « Promouvoir »).
_INFINITIVE = re.compile(r"^(?:[A-ZÉÈÀÂÊÎÔ][a-zéèêàâîôûç'-]+(?:er|ir|re|oir))\b")
#: An indicator's first word.
_MEASURE = re.compile(r"^(?:Nombre|Taux|Part|Délai|Proportion|Pourcentage|Évolution|Indice|Durée)\b")


def _cell_fit(text: str, field: str) -> float:
    """How well ``text`` (one paragraph, or one line of it) reads as a value of ``field``,
    by what it says: a date for the calendar, an amount for the money, a verb first for the
    steps and objectives, a measure for the indicators, a body's name for the actors."""
    dated = bool(years(text)) or bool(re.search(r"(?i)\bsemestre\b", text))
    money = bool(euro_amounts(text)) or bool(re.search(r"(?i)moyens constants", text))
    verb = bool(_INFINITIVE.match(text))
    measure = bool(_MEASURE.match(text))
    if field == "calendar":
        return 3.0 if dated and not money else -2.0
    if field == "resources":
        return 3.0 if money else -2.0
    if field == "indicators" or field.startswith(("indicators_", "results")):
        return 2.0 if measure else (-1.0 if verb or dated or money else 0.0)
    if field in ("sub_actions", "objectives"):
        return 2.0 if verb else (-1.0 if measure or money or (dated and len(text) < 40) else 0.0)
    if field in ("pilots", "partners"):
        return -2.0 if verb or measure or money or (dated and len(text) < 40) else 1.0
    return 0.0


def _cells_by_content(span: Lines, paragraphs: list[list[int]], fields: list[str | None]) -> list[list[int]]:
    """The paragraphs printed under a header row of labels (indexes in ``span``) shared out
    among its ``fields``, in order, each field one or more of them: the split where each
    paragraph reads best as its field's value (:func:`_cell_fit`). A paragraph may also be
    cut between two of its lines where the one above ends closed and the next opens with a
    capital or a digit (two cells printed with no blank line between: « 2026-2030 » / « 450
    000 € par an »), at a small cost. Empty when there are fewer pieces than fields."""
    units: list[list[int]] = []
    cost: list[float] = []  # the cost of starting a new cell at each unit
    for block in paragraphs:
        for k, j in enumerate(block):
            text, above = span[j][1].strip(), span[block[k - 1]][1].strip() if k else ""
            if k and ocr_lines.continues_line(above, text):
                units[-1].append(j)
                continue
            units.append([j])
            cost.append(0.0 if k == 0 else 0.5)
    n, m = len(units), len(fields)
    if n < m:
        return []
    text = [" ".join(span[j][1].strip() for j in u) for u in units]
    fit = [[_cell_fit(t, f or "") for f in fields] for t in text]
    # best[u][c]: the best score of units[:u] shared among fields[:c], the last cell ending at u
    best = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for c in range(1, m + 1):
        for u in range(c, n - (m - c) + 1):
            for s in range(c - 1, u):
                score = best[s][c - 1] + sum(fit[x][c - 1] for x in range(s, u)) - cost[s]
                if score > best[u][c]:
                    best[u][c], back[u][c] = score, s
    cells, u = [], n
    for c in range(m, 0, -1):
        s = back[u][c]
        cells.append([j for x in range(s, u) for j in units[x]])
        u = s
    return cells[::-1]


def _without_contents_entries(doc: Document, starts: list[tuple[int, re.Match]]) -> list[tuple[int, re.Match]]:
    """``starts`` without the contents entries that a sheet id printed twice shows: where
    a sheet's start line is printed again, the printing whose line (or the line its title
    wraps onto) ends on a page number is the contents' entry when another does not
    (pandoc drops a contents line's tab and leaders: « Fiche action n° 1.1 – Renforcer …
    8 », « Fiche action n° 1.2 – … dans » / « les territoires 9 »)."""

    def ends_paged(text: str) -> bool:
        return bool(re.search(r"\s\d{1,3}$", text) or re.search(CONTENTS_END, text))

    def paged(n: int) -> bool:
        # (or its dot leaders: « Fiche-action I.1 : … maternelle » / « et infantile.......6 »)
        nxt = doc.line(n + 1).strip() if n < len(doc.lines) else ""
        return ends_paged(doc.line(n).strip()) or (
            bool(nxt) and len(re.sub(CONTENTS_END, "", nxt)) < 100 and ends_paged(nxt) and nxt[:1].islower()
        )

    by_id: dict[str, list[int]] = {}
    for n, m in starts:
        by_id.setdefault(m.group("id"), []).append(n)
    dropped = set()
    for lines in by_id.values():
        if len(lines) > 1 and any(not paged(n) for n in lines):
            dropped |= {n for n in lines if paged(n)}
    # a contents list printing no page number (a Word list of the sheets' titles, indented):
    # where every id is printed twice, a printing whose next start is on the next line (or
    # past an axis line) has no sheet body; the run of them is the list
    at = [n for n, _ in starts]
    for lines in by_id.values():
        if len(lines) > 1 and not (set(lines) & dropped):
            bare = [n for n in lines if _listed(doc, n, at)]
            if bare and len(bare) < len(lines):
                dropped |= set(bare)
    return [(n, m) for n, m in starts if n not in dropped]


def _listed(doc: Document, n: int, starts: list[int]) -> bool:
    """The start on line ``n`` is an entry of a list of starts: the next start is at most two
    lines below, or the one before at most two lines above, both indented alike (a contents
    list, not a sheet)."""
    indent = len(doc.line(n)) - len(doc.line(n).lstrip())
    if not indent:
        return False
    near = [k for k in starts if k != n and abs(k - n) <= 2]
    return any(len(doc.line(k)) - len(doc.line(k).lstrip()) == indent for k in near)


def leaders_below(doc: Document, n: int) -> bool:
    """Line ``n`` is a contents entry whose leaders and page number are printed on the
    next line (:data:`_LEADERS_ALONE`): no sheet or axis starts there."""
    return n < len(doc.lines) and bool(_LEADERS_ALONE.match(doc.line(n + 1)))


#: A contents entry naming a sheet by number: ``Fiche-action n° 3 – …``, ``Action 2 :``.
_CONTENTS_SHEET = re.compile(
    r"^\W{0,6}(?:fiche|action)s?[\s-]*(?:actions?)?\s*(?:n\s?°|no\.?|°)?\s*(?P<id>\d{1,3}(?:\.\d{1,2})?)\b", re.I
)


def contents_ids(doc: Document, sheet_start: re.Pattern) -> dict[str, int]:
    """Sheet ids listed in the plan's table of contents (id → line): contents lines
    (:data:`_CONTENTS_LINE`) whose entry, leaders and page number removed, is a sheet
    start, or reads ``Fiche(-action) n° N`` / ``Action N`` (:data:`_CONTENTS_SHEET`,
    so that a ``sheet_start`` taking the wrong lines for sheets is caught too). Two
    entries at least (one line is no contents); empty otherwise."""
    out: dict[str, int] = {}
    for n, text in doc.span(1, len(doc.lines) + 1):
        m = _CONTENTS_LINE.match(text)
        if m is None and leaders_below(doc, n):
            m = re.match(r"^\s*(?P<entry>\S.*?)\s*$", text)
        if m is None:
            continue
        entry = clean_inline(m.group("entry"), bullet=False)
        start = sheet_start.search(m.group("entry")) or sheet_start.search(entry) or _CONTENTS_SHEET.match(entry)
        if start is not None and start.groupdict().get("id"):
            out.setdefault(start.group("id"), n)
    return out if len(out) >= 2 else {}


def column_items(parts: Lines) -> Lines:
    """The items of the value lines of a label in a column aligned with spaces (no
    glyphs): a line continues the line above (a wrapped phrase) when it starts in lower
    case or the line above ends open (a connector word, ``d'``, a comma, a slash, a
    semester waiting for its year: :func:`ocr_lines.ends_open`, or ``;``, ``:``, a
    dash, an open parenthesis); a line starting with a capital or a digit after a
    line that ends closed is an item of its own::

        Calendrier        2026 : installation du comité     → 2 items
                          2027 : premier tableau de bord
        Partenaires       Autorité judiciaire, Caisse d'allocations
                          familiales, Université              → 1 value (then split_items)
    """
    out: list[list] = []
    for n, text in parts:
        t = text.strip()
        if not t:
            continue
        if out and not LIST_MARKER.match(t):  # (a line opening on a bullet opens an item: a slide's box)
            prev = out[-1][1]
            if ocr_lines.continues_line(prev, t):
                out[-1][1] = join_wrapped(prev, t)
                continue
        out.append([n, t])
    return [(n, t) for n, t in out]


def spaced_header_columns(header: list[tuple[int, str, str]], lines: Lines) -> list[tuple[str, str, Lines]]:
    """(field, label, items) of each column under a header row of labels aligned with spaces
    (:meth:`ConfiguredParser._spaced_header`): each run of words of the lines below goes to
    the column whose label starts at or left of it (a character of slack); a column's lines
    are its items, a wrapped phrase joined (:func:`column_items`), in a calendar column a line
    opening on no date going on with the dated one above (« 2026 : protocole » / « ASE-MDPH »)."""
    if len(header) >= 3 and header[0][1] == "sub_actions":
        return _step_table_columns(header, lines)
    cols: list[Lines] = [[] for _ in header]
    for n, text in lines:
        for run in SPACE_CELL.finditer(text):
            k = max((k for k, (at, _, _) in enumerate(header) if at <= run.start() + 1), default=0)
            cols[k].append((n, run.group()))
    out = []
    for (_, field, label), col in zip(header, cols, strict=True):
        if field.split(":")[0] == "calendar":
            items: list[list] = []
            for n, t in col:
                if items and not DATED_START.match(t):
                    items[-1][1] = join_wrapped(items[-1][1], t)
                else:
                    items.append([n, t])
            out.append((field, label, [(n, t) for n, t in items]))
        else:
            out.append((field, label, column_items(col)))
    return out


#: A repeat of the cell above (« idem », « id. », « Idem »): no item of its own.
_IDEM = re.compile(r"(?i)^(?:idem|id\.|ditto|〃)\s*$")


def _cell_runs(text: str, starts: list[int]) -> list[tuple[int, str]]:
    """The runs of words of a table row's line (two spaces or more apart), each cut where it
    crosses a later column's start at a single space (« … établissements scolaires et CRIP /
    Éducation nationale », the step's cell and the pilot's one space apart)."""
    out = []
    for run in SPACE_CELL.finditer(text):
        at, t = run.start(), run.group()
        for c in sorted(starts):
            k = c - at
            if k <= 3 or k >= len(t) - 1:
                continue
            # the word nearest the column's start that opens a cell (a capital or a figure)
            cut = next(
                (
                    k + d
                    for d in (0, -1, -2, -3, -4, -5, -6, 1, 2, 3)  # (a cell drifts left of its label)
                    if 0 < k + d < len(t) and t[k + d - 1] == " " and (t[k + d].isupper() or t[k + d].isdigit())
                ),
                None,
            )
            if cut is not None:
                out.append((at, t[: cut - 1].rstrip()))
                at, t = at + cut, t[cut:]
        out.append((at, t))
    return out


def _step_table_columns(header: list[tuple[int, str, str]], lines: Lines) -> list[tuple[str, str, Lines]]:
    """:func:`spaced_header_columns` for a table of steps, one row a step (« Actions à conduire
    Pilote   Échéance   Indicateur de suivi »): each run of words goes to the column whose
    label starts nearest it (a cell printed off its column stays its own); a row starts where
    the first column opens on a capital; the first column's bulleted lines are the step's
    details; a date in the row is the step's schedule (« 2026 : Généraliser … »), a pilot or
    an indicator the row's; « idem » repeats the cell above and adds nothing."""
    starts = [at for at, _, _ in header]
    rows: list[list[Lines]] = []
    for n, text in lines:
        for at, t in _cell_runs(text, starts):
            k = min(range(len(header)), key=lambda c: abs(starts[c] - at))
            # a row opens where the first column opens on a capital, unless its line above ends
            # open (« … bailleurs sociaux et du » / « CROUS »)
            above = rows[-1][0][-1][1] if rows and rows[-1][0] else ""
            opens = (
                k == 0
                and t[:1].isupper()
                and not re.match(rf"[{re.escape(LIST_GLYPHS)}]", t)
                and not (above and ocr_lines.ends_open(above))
            )
            if opens or not rows:
                rows.append([[] for _ in header])
            rows[-1][k].append((n, t))
    cols: list[Lines] = [[] for _ in header]
    for row in rows:
        step_lines, details = [], []
        for n, t in row[0]:
            g = re.match(rf"^[{re.escape(LIST_GLYPHS)}]\s+", t)
            if g:
                details.append([n, t[g.end() :]])
            elif details:
                details[-1][1] = join_wrapped(details[-1][1], t)
            else:
                step_lines.append((n, t))
        steps = column_items(step_lines)
        for n, t in steps:
            cols[0].append((n, t))
        for n, t in details:
            cols[0].append((n, f"    - {t}"))
        for k in range(1, len(header)):
            for n, t in column_items(row[k]):
                if _IDEM.match(t):
                    continue
                if header[k][1].split(":")[0] == "calendar" and steps and (step_date(t) or _RECURRING_ALONE.match(t)):
                    # the step's date printed after it among the steps: the step's schedule,
                    # labelled by the step (a date alone under its step, :func:`step_date`)
                    cols[0].append((n, t))
                    continue
                cols[k].append((n, t))
    return [(field, label, col) for (_, field, label), col in zip(header, cols, strict=True)]


def tsv_cell_columns(lines: Lines, width: int) -> list[Lines]:
    """The columns of TSV rows under a header row of ``width`` labels whose cells may hold
    several paragraphs, each on a line of its own (python-docx joins a cell's paragraphs with
    a line end and the row's cells with a tab: « ODPE<TAB>PJJ » / « CAF » / « Université …<TAB>2026 :
    … »): a line's text before its first tab goes on with the cell the line above ended in,
    each tab opens the next column's cell; a line whose tabs would run past the last column,
    or the line after a blank one (unless a blank line follows every paragraph, as catdoc
    prints a .doc), opens a new row. Each cell's paragraphs are its items
    (``- item``; a wrapped phrase joined, :func:`column_items`)."""
    cells: list[list[Lines]] = [[] for _ in range(width)]
    col = None
    # a converter that prints a blank line after every paragraph, a cell's included (catdoc):
    # a blank line ends no row there
    filled = [k for k, (_, t) in enumerate(lines) if t.strip()]
    airy = len(filled) >= 3 and sum(1 for k in filled[:-1] if not lines[k + 1][1].strip()) >= 0.5 * (len(filled) - 1)
    for n, text in lines:
        if not text.strip():
            col = None if not airy else col
            continue
        parts = text.split("\t")
        if col is None or col + len(parts) - 1 > width - 1:
            col = 0
            cells[0].append([])
        for j, part in enumerate(parts[: width - col]):
            if j:
                cells[col + j].append([])
            if part.strip() and not LONE_GLYPH.match(part):  # (a bullet alone: its item below)
                cells[col + j][-1].append((n, part))
        col = min(col + len(parts) - 1, width - 1)
    return [[(k, f"- {t}") for cell in column for k, t in column_items(cell)] for column in cells]


_INLINE_NUMBER = re.compile(r"(?P<n>\d{1,2}|[a-z])(?P<p>[.)])\s+")
_INLINE_GLYPH = re.compile(r"(?P<g>[-•–▪◦*])\s+")


def inline_items(text: str) -> list[str]:
    """The items of a list printed on one line, as a converter that joins a cell's
    paragraphs with a space prints it (markitdown of a PowerPoint table): the text starts
    with a marker and the next markers of the same list follow a space, numbers or letters
    in sequence (``1. a 2. b 3. c``, ``a) … b) …``) or the same glyph (``- a - b``, ``• a
    • b``). Each item keeps its marker; the text is one item otherwise.

    >>> inline_items("1. Cartographier l'offre 2. Ouvrir deux LAEP")
    ["1. Cartographier l'offre", '2. Ouvrir deux LAEP']
    >>> inline_items("- Transformer 40 places - Créer une MECS")
    ['- Transformer 40 places', '- Créer une MECS']
    >>> inline_items("Direction de l'enfance – service jeunes majeurs")
    ["Direction de l'enfance – service jeunes majeurs"]
    """
    t = text.strip()
    m = _INLINE_NUMBER.match(t)
    if m:
        cuts, k, pos = [], m.group("n"), m.end()
        while True:
            k = str(int(k) + 1) if k.isdigit() else chr(ord(k) + 1)
            nxt = re.compile(rf"\s{re.escape(k)}{re.escape(m.group('p'))}\s+").search(t, pos)
            if nxt is None:
                break
            cuts.append(nxt.start())
            pos = nxt.end()
        return [t[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(t)], strict=True)]
    m = _INLINE_GLYPH.match(t)
    if m:
        return [p.strip() for p in re.split(rf"\s(?={re.escape(m.group('g'))}\s)", t) if p.strip()]
    return [t] if t else []


#: Words after which a capitalised word goes on the phrase (an article, a preposition, a
#: word that introduces a name): no cut of a joined cell there.
_JOIN_CONNECTORS = frozenset(
    "a à au aux avec chez contre dans de des du en entre et l la le les ou par pour sans sous sur un une vers "
    "dispositif programme projet plateforme label réseau service maison "
    # their plurals: « dans les maisons France Services » (67)
    "dispositifs programmes projets plateformes labels réseaux services maisons".split()
)
#: The first word of an item, after an acronym that ends the item before it (« … réalisés par
#: la PMI Part des familles … », « … rattachée à la CRIP Généraliser l'usage … », 67): a verb
#: in the infinitive, as steps open, or the noun a measure opens on, as indicators do.
_ITEM_HEAD_AFTER_ACRONYM = re.compile(
    r"^(?:[A-ZÉÈÊÀÂÎÔ][a-zéèêëàâîïôöûùç]+(?:er|ir|re)|Nombre|Taux|Part|Délai|Pourcentage|Proportion|Durée)$"
)
_JOIN_WORD = re.compile(r"\S+")


def joined_items(text: str, actors: bool = False) -> list[str]:
    """The items of a table cell whose paragraphs a converter printed on one line joined
    by a single space (``joined_cells: true``; markitdown of a PowerPoint table)::

        Repérer les vulnérabilités pendant la grossesse Sécuriser le retour à domicile
        → « Repérer les vulnérabilités pendant la grossesse », « Sécuriser le retour … »

    A cut falls before a capitalised word (a capital then a lower-case letter, or « À »)
    printed after a lower-case word, a number or a closing bracket that is no article,
    preposition or word introducing a name (``de``, ``la``, ``avec``, ``dispositif``,
    ``maisons``…), or after an acronym ending a phrase (« par la PMI ») when the word opens
    an item (an infinitive, « Nombre », « Taux », « Part »…: :data:`_ITEM_HEAD_AFTER_ACRONYM`). In
    ``actors`` (pilots, partners) a name may end on a capitalised word or an acronym
    (« … de Brenneville Groupement de gendarmerie … », « … (ARS) DITEP Les Tilleuls … »):
    a cut falls before a capitalised word or an acronym after any word but a connector or a
    bare acronym, and only where the actor registry knows a body on each side."""
    words = [(m.start(), m.group()) for m in _JOIN_WORD.finditer(text)]
    if len(words) < 4:
        return [text.strip()] if text.strip() else []
    registry = None
    if actors:
        from schemalab.actors import load_registry

        registry = load_registry()
    cuts, last = [], 0
    for k in range(2, len(words)):
        pos, w = words[k]
        prev = words[k - 1][1]
        if prev.lower().strip("«»\"'()") in _JOIN_CONNECTORS or prev.endswith(("'", "’", ",", ";", ":", "-", "–")):
            continue
        # « À partir de la rentrée 2028 » after « … de l'Éducation nationale »: a capital alone opens too
        capitalised = (len(w) > 1 and w[0].isupper() and w[1].islower()) or w == "À"
        if registry is None:
            # after a lower-case word, a number or a closing bracket: a capitalised word after
            # a capitalised one goes on a name (« dispositif Parcours Confiance »); after an
            # acronym that ends a phrase (« par la PMI »), a word that opens an item
            after_acronym = (
                re.fullmatch(r"[A-ZÉÈ]{2,}", prev) is not None
                and words[k - 2][1][:1].islower()
                and _ITEM_HEAD_AFTER_ACRONYM.match(w) is not None
                and k + 1 < len(words)
                and not words[k + 1][1][:1].isupper()
            )
            if not capitalised or not (
                (prev[-1].islower() and not prev[0].isupper())
                or prev[-1].isdigit()
                or prev[-1] in ")»"
                or after_acronym
            ):
                continue
        else:
            acronym = re.fullmatch(r"[A-ZÉÈ]{2,}\W*", w) is not None
            if not (capitalised or acronym) or (re.fullmatch(r"\(?[A-ZÉÈ]{2,}", prev) and not prev.endswith(")")):
                continue
            # the names on either side, up to a separator the cell prints (a comma, a
            # semicolon, a slash, a dash between spaces): each must name a known body
            seps = [m.end() for m in ACTOR_SEPARATOR.finditer(text, 0, pos)]
            nxt = ACTOR_SEPARATOR.search(text, pos)
            left = text[max([last, *seps]) : pos].strip()
            right = text[pos : nxt.start() if nxt else len(text)].strip()
            if not (registry.names_a_body(left) and registry.names_a_body(right)):
                continue
        if pos - last > 0 and k - sum(1 for p, _ in words if p < last) >= 2:
            cuts.append(pos)
            last = pos
    return [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True) if text[a:b].strip()]


#: A cell's line (after a line break kept in the cell) indented by three spaces or more, then a
#: bullet: an item nested under the line above (xlsx2csv prints a cell's text as typed:
#: « 2. Mettre en service un bus … : » / « ···- définition des tournées … »).
_NESTED_PART = re.compile(
    r"(?:<br\s*/?>|[\x0b\u2028]) ?[ \t]{3,}([-–•◦▪*]\s+\S.*?)\s*(?=<br\s*/?>|[\x0b\u2028]|$)", re.I
)


def _nested_cell_items(cell: str) -> set[str]:
    """The items of a table cell printed indented under another (:data:`_NESTED_PART`), as
    :func:`cell_items` gives them: the steps' details, not steps of their own."""
    if _LI.search(cell) or _P.search(cell):
        return set()
    return {clean_inline(m.group(1)) for m in _NESTED_PART.finditer(cell)}


def cell_items(cell: str) -> list[str]:
    """The items of an HTML value cell: its ``<li>``, else its ``<p>``, else its
    ``<br>``-separated parts (a vertical tab or a line separator too: one part when
    there is none), cleaned. A step number or
    letter printed before an item ("1. Aménager … <br> 2. Définir …") is kept for its
    ``ref`` (:func:`schemalab.extract.numbered_marker`), as in any other layout; a
    bullet glyph goes."""

    def clean(x: str) -> str:
        kept = clean_inline(x, bullet=False)
        return kept if numbered_marker(kept) else clean_inline(x)

    for rx in (_LI, _P):
        found = [t for t in (clean(x) for x in rx.findall(cell)) if t]
        if found:
            return found
    # a line break kept inside the cell's line: ``<br>``, or the vertical tab / line
    # separator a soft line break leaves (markitdown of a PowerPoint or Word table)
    parts = re.split(r"<br\s*/?>|[\x0b\u2028]", cell, flags=re.I)
    # a list run onto one line (``1. a 2. b``, ``- a - b``): one item per marker
    return [t for t in (clean(x) for p in parts for x in inline_items(clean_inline(p, bullet=False))) if t]


class ConfiguredParser(BaseParser):
    """Generic behaviours of configured parsers (title, segmentation, axes, sheet header,
    moved items, money, summary check); ``layout: table`` adds :class:`TableRowsLayout`."""

    config: dict = {}
    config_path: Path | None = None
    # Compiled from the configuration by load_config_parser.
    _detect_also: tuple[re.Pattern, ...] = ()
    _title_pattern: re.Pattern | None = None
    _title_continued: re.Pattern | None = None
    _boundaries: tuple[re.Pattern, ...] = ()
    _axes_pattern: re.Pattern | None = None
    _axes_before: re.Pattern | None = None
    _axes_numbered: re.Pattern | None = None
    _header_axis: re.Pattern | None = None
    _header_objective: re.Pattern | None = None
    _move_patterns: tuple[re.Pattern, ...] = ()
    _summary_axis: re.Pattern | None = None
    _summary_entry: re.Pattern | None = None
    _title_period: re.Pattern | None = None
    #: ``split_items``: (pattern, fields or None for every field) in order.
    _split_rules: tuple[tuple[re.Pattern, frozenset[str] | None], ...] = ()
    _title_rules: tuple[tuple[re.Pattern, str], ...] = ()
    _clean_words: dict[str, str] = {}
    _review: dict = {}
    _youth: dict = {}
    #: ``bare_labels``: a label and its value on one line with no colon between.
    _bare_labels: bool = False
    #: ``joined_cells``: a table cell's paragraphs printed on one line, joined by a space.
    _joined_cells: bool = False

    # -- detection and plan -----------------------------------------------------------
    @classmethod
    def detect(cls, text: str) -> bool:
        return super().detect(text) and all(p.search(text) for p in cls._detect_also)

    def check_reader_figures(self, res: ParseResult) -> None:
        """The configuration's ``checks:`` figures against what was read: each one that
        differs (or is not counted yet) is an error with ``strict`` and a warning
        otherwise, naming the key and its line in the configuration. A text given with a
        manifest entry whose sha256 it does not have (an excerpt of the plan, an edited
        copy) is not the plan the figures count: not checked."""
        spec = self.config.get("checks")
        if not spec:
            return
        entry = getattr(self, "manifest_entry", None)
        plan = (res.tables.get("plans") or [{}])[0]
        if entry is not None and entry.sha256 and plan.get("source_sha256") != entry.sha256:
            res.warn(
                None,
                f"reader checks of {self.config_path.name if self.config_path else 'the configuration'} not run: "
                f"this text is not {entry.source_file} as the manifest files it (its sha256 differs)",
            )
            return
        found = reader_checks.problems(res, spec)
        if not found:
            return
        lines = reader_checks.config_lines(self.config_path)
        messages = [reader_checks.describe(self.config_path, lines, *p, res.source) for p in found]
        if res.strict:
            raise ParseError(res.source, found[0][1], "the figures a reader wrote in `checks`; " + "; ".join(messages))
        for (_, line, _), message in zip(found, messages, strict=True):
            res.warn(line, f"reader check: {message}")

    def plan_title(self, doc: Document) -> tuple[str | None, int | None, int | None]:
        spec = self.config.get("title")
        if not spec:
            return super().plan_title(doc)
        for n, text in doc.span(1, int(spec.get("within", 40)) + 1):
            m = self._title_pattern.match(text.strip())
            if not m:
                continue
            title = m.group("title")
            if self._title_continued is not None:
                # the first line within 4 that matches, and the lines right below it that match
                # too (a cover title wrapped over three lines: « Schéma départemental de » /
                # « prévention et de protection de » / « l'enfance », 66)
                k = next((k for k, nxt in doc.span(n + 1, n + 5) if self._title_continued.match(nxt.strip())), None)
                while k is not None and k <= len(doc.lines) and self._title_continued.match(doc.line(k).strip()):
                    # a title wrapped over two lines ("# Schéma … de protection" / "# de
                    # l'enfance et de la famille") goes on with a space; a subtitle
                    # ("TOME 2 : plan d'actions") after ", "
                    more = re.sub(r"^#{1,6}\s*", "", doc.line(k).strip())
                    sep = " " if ocr_lines.continues_line(title, more) else ", "
                    if re.search(r"\w-$", title) and ocr_lines.starts_lower(more):
                        sep = ""  # a compound cut at its hyphen: « enfance- » / « famille »
                    title = f"{title}{sep}{more}"
                    k += 1
            if self._title_period is None:
                return title, int(m.group("start")), int(m.group("end"))
            # `title.period`: the years are on the title line or within 10 lines below
            for _, nxt in doc.span(n, n + 11):
                p = self._title_period.search(nxt)
                if p:
                    return clean_inline(title), int(p.group("start")), int(p.group("end"))
            return clean_inline(title), None, None
        return None, None, None

    # -- axes -------------------------------------------------------------------------
    def _axis_headings(self, doc: Document) -> list[tuple[int, str]]:
        """Lines just above (after blank lines) an ``axes.heading_before`` marker."""
        out = []
        if self._axes_before is None:
            return out
        for n, _ in doc.find(self._axes_before):
            for m in range(n - 1, 0, -1):
                if doc.line(m).strip():
                    out.append((m, doc.line(m).strip()))
                    break
        return out

    def parse_axes(self, doc: Document) -> list[dict]:
        spec = self.config.get("axes")
        self._body_axes: list[tuple[int, str | None]] = []
        self._unmatched_axes: list[tuple[int, str]] = []
        if not spec:
            return []
        if self._axes_before is not None:
            return self._axes_by_heading(doc)
        axes: dict[str, dict] = {}
        below = spec.get("title_below")
        found = list(doc.find(self._axes_pattern))
        printed = Counter(m.group("n") for _, m in found)

        def contents_entry(n: int) -> bool:
            # a contents entry ending on its page number after a space, on its line or on
            # the line it wraps onto (« Orientation 1 – … dès la » / « grossesse 7 »)
            nxt = next((t for _, t in doc.span(n + 1, n + 3) if t.strip()), "")
            return any(
                re.search(r"\S\s+\d{1,3}\s*$", t) or re.search(CONTENTS_END, t) for t in (doc.line(n), nxt)
            ) or (  # « Orientation 2 : … – p. » / « 12 »: the page number wrapped alone
                re.search(rf"[–—-]\s*p(?:age)?\.?\s*$|{DOT_LEADERS}\s*$", doc.line(n)) is not None
                and re.fullmatch(r"\s*\d{1,3}\s*", nxt) is not None
            )

        for n, m in found:
            num = m.group("n")
            title = self._title_below(doc, n, int(below)) if below else clean_inline(m.group("title"))
            for k in range(n + 1, n + 3) if not below else ():
                # the title wrapped onto the next lines (« Orientation 1 – … prévenir dès la » /
                # « grossesse »; « … la politique de protection de » / « l'enfance »): a title
                # never ends on a connector
                nxt = clean_inline(doc.line(k)) if k <= len(doc.lines) else ""
                if not (title and nxt and ocr_lines.ends_open(title) and ocr_lines.starts_lower(nxt)):
                    break
                if euro_amounts(nxt):
                    break
                title = join_wrapped(title, nxt)
            if (
                printed[num] > 1
                and contents_entry(n)
                and any(k > n and not contents_entry(k) for k, mm in found if mm.group("n") == num)
            ):
                continue  # a contents entry: the axis's heading is printed again below
            if num not in axes and title:
                # the printed number is the position (an excerpt may start at axis 4)
                pos = int(num) if num.isdigit() else len(axes) + 1
                axes[num] = {
                    "plan_id": self.plan_id,
                    "axis_id": num,
                    "position": pos,
                    "title": title,
                    "first_line": n,
                }
        return list(axes.values())

    def _title_below(self, doc: Document, n: int, size: int) -> str:
        """``axes.title_below``: the axis title printed on the lines below its marker
        line (at most ``size`` lines, up to a blank line after text or a sheet start), joined."""
        parts: list[str] = []
        for k in range(n + 1, min(n + 1 + size, len(doc.lines) + 1)):
            text = doc.line(k).strip()
            if not text:
                if parts:
                    break
                continue
            if self.sheet_start is not None and self.sheet_start.match(text):
                break
            if parts and _prose_after_title(parts[-1], text):
                break  # the axis page's paragraph, printed under the title with no blank line
            parts.append(text)
        return clean_inline(join_lines(parts))

    def _axes_by_heading(self, doc: Document) -> list[dict]:
        """Numbers and titles from the numbered headings; first_line from the body one."""
        numbered: dict[str, dict] = {}
        body: list[tuple[int, str]] = []
        for n, text in self._axis_headings(doc):
            m = self._axes_numbered.match(text)
            if m:
                numbered.setdefault(
                    heading_key(m.group("title")), {"axis_id": m.group("n"), "title": clean_inline(m.group("title"))}
                )
            else:
                body.append((n, text))
        axes = []
        for n, text in body:
            found = numbered.get(heading_key(text))
            self._body_axes.append((n, found["axis_id"] if found else None))
            if found:
                axes.append(
                    {
                        "plan_id": self.plan_id,
                        "axis_id": found["axis_id"],
                        "position": int(found["axis_id"]),
                        "title": found["title"],
                        "first_line": n,
                    }
                )
        self._unmatched_axes = [(n, t) for n, t in body if heading_key(t) not in numbered] if numbered else []
        return axes

    # -- segmentation -----------------------------------------------------------------
    def reading_order(self, lines: list[str]) -> tuple[list[str], list[int]] | None:
        """A sheet's sidebar printed beside its text (``pdftotext -layout`` of a designed
        page): the right column read first, then the left
        (:func:`schemalab.parsers.columns.side_columns`). A region needs two of the sheets'
        labels alone at one position right of the margin; it never runs past a sheet start or
        a boundary."""

        def is_label(text: str) -> bool:
            t = clean_inline(text, bullet=False).rstrip(" :")
            return bool(t) and self.canonical(t) is not None

        def stops(text: str) -> bool:
            return bool(self.sheet_start and self.sheet_start.search(text)) or any(
                p.search(text) for p in self._boundaries
            )

        return side_columns(lines, is_label, stops)

    def starts_field(self, text: str) -> bool:
        """The line is a known field heading (``sheet_start_confirm``): alone, as a row's
        first cell (``Pilote(s)<TAB>…``, ``| Pilote(s) | … |``) or before its value
        (``Pilote : …``)."""
        t = text.strip()
        if not t:
            return False
        first = pipe_cells(t)[0] if t.startswith("|") else t.split("\t")[0]
        label = inline_label(t)
        return any(
            c is not None and self.canonical(c) is not None
            for c in (t, clean_inline(first, bullet=False).rstrip(" :"), label and label.group("label"))
        )

    def segment(self, doc: Document) -> list[Sheet]:
        """Sheet starts (confirmed when asked); a sheet ends at the next start, at a
        boundary line or axis heading, or at ``sheets_end`` after the last start."""
        self._row_columns: dict[int, dict[str, str]] = {}  # (this document's, :meth:`_qualify_by_columns`)
        starts = []
        for n, m in doc.find(self.sheet_start):
            if leaders_below(doc, n):
                continue  # a contents entry, its leaders on the next line
            confirm = self.config.get("sheet_start_confirm")
            if confirm:
                ahead = _CONFIRM_LOOK_AHEAD if confirm is True else int(confirm)
                nxt = next(
                    (
                        t
                        for _, t in doc.span(n + 1, n + 1 + ahead)
                        if t.strip() and not any(p.match(t.strip()) for p in self._confirm_skip)
                    ),
                    "",
                )
                if not self.starts_field(nxt):
                    continue
            starts.append((n, m))
        starts = self._without_continuations(_without_contents_entries(doc, starts))
        stop = len(doc.lines) + 1
        # no sheet runs on into the review of the previous plan or the youth annex printed
        # after it (their own `start` lines), as none runs past `sheets_end`
        for end in (self.sheets_end, *self._section_starts()) if starts else ():
            if end is not None:
                ends = [n for n, _ in doc.find(end, starts[-1][0] + 1)]
                stop = min(stop, ends[0]) if ends else stop
        bounds = {n for n, _ in starts} | {stop} | {n for n, _ in self._axis_headings(doc)}
        for p in self._boundaries:
            bounds |= {n for n, _ in doc.find(p)}
        # sheets started by Markdown headings of one level (« ### Fiche 1.1.1 – … »): a
        # heading of a level above (« ## Objectif stratégique 1.2 – … », « # Annexe 1 »)
        # ends the sheet printed before it
        levels = {len(h.group(1)) for h in (_MD_HEADING.match(doc.line(n)) for n, _ in starts) if h}
        if len(levels) == 1 and len(starts) >= 2:
            level = levels.pop()
            bounds |= {
                n
                for n, t in doc.span(starts[0][0] + 1, stop)
                if (h := _MD_HEADING.match(t)) and len(h.group(1)) < level
            }
        sheets = []
        self._spans = []
        for n, m in starts:
            end = min(b for b in bounds if b > n)  # `stop` lies after every start
            self._spans.append((n, end))
            # a line naming the sheet again as continued, in any markup (« *Fiche 2.1.1
            # (suite)* » over its second table): left out of its text, as a start line
            # printed again is
            again = re.compile(
                rf"^\W*(?:fiche|action|mesure)?[^\d\n]{{0,20}}?{re.escape(m.group('id'))}\W*{_CONTINUED.pattern}", re.I
            )
            self._continued |= {k for k, t in doc.span(n + 1, end) if again.match(clean_inline(t))}
            title = clean_inline(m.group("title")) if "title" in m.groupdict() else ""
            sheet = Sheet(action_id=m.group("id"), start=n, end=end, title=title)
            if title:
                more, last = _title_closed_below(doc, n, end)
                if not more:
                    more, last = _title_cell_below(doc, n, end)
                if more:
                    sheet.title = clean_inline(f"{title} {more}")
                    sheet.extra["title_end"] = last
            sheets.append(sheet)
        return sheets

    def _without_continuations(self, starts: list[tuple[int, re.Match]]) -> list[tuple[int, re.Match]]:
        """``starts`` without the start lines that go on with the sheet just started: a
        sheet printed over two slides or pages repeats its start line, word for word
        (``# Fiche action 3.1 – Recruter …`` twice) or marked as a continuation (``# Fiche
        action 1.2 (suite)``). Such a line has the id of the start just before it and its
        title (when it prints one) is that sheet's, or « suite » / « fin » / « continued »
        alone, or that title followed by one. Its line is left out of the sheet's text, as
        a ``skip`` line is; a sheet id met again after another sheet is still an error."""
        self._continued: set[int] = set()
        kept: list[tuple[int, re.Match]] = []
        for n, m in starts:
            if kept and m.group("id") == kept[-1][1].group("id"):
                title = _fold_title(m.groupdict().get("title"))
                before = _fold_title(kept[-1][1].groupdict().get("title"))
                bare = _CONTINUED.sub("", title).strip(" -–—:|")
                if not bare or bare == before:
                    self._continued.add(n)
                    continue
            kept.append((n, m))
        return kept

    def _section_starts(self) -> list[re.Pattern]:
        """The `start` lines of the sections printed apart from the sheets: the review of
        the previous plan (``review``, ``review_outline``) and the youth recommendations."""
        outline = getattr(self, "_review_outline", None)
        return [
            p
            for p in (self._review.get("start"), outline.start if outline else None, self._youth.get("start"))
            if p is not None
        ]

    # -- sheet header and fields ------------------------------------------------------
    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        labelled = [t for _, t in sheet.fields.get("title", []) if clean_inline(t)]
        if not sheet.title and labelled:  # a label mapped to `title` ("| Intitulé | … |")
            sheet.title = clean_inline(join_lines(labelled))
        if not sheet.title:  # the title is on the start line (group `title`) or below it
            super().sheet_header(doc, sheet)
            # a title line ending on a word cut by a hyphen ("… et l'accompa-") goes on
            # on the next line ("gnement psychique …"): a title never ends so
            head = sheet.fields.get("_head", [])
            lines = [k for k, (_, t) in enumerate(head) if clean_inline(t)]
            while sheet.title and CUT_WORD.search(sheet.title) and len(lines) > 1:
                k = lines.pop(1)
                sheet.title = join_wrapped(sheet.title, clean_inline(head[k][1]))
                head[k] = (head[k][0], "")
        if sheet.title and not self.config.get("title_wraps"):
            self._title_goes_on(sheet)
        for n, axis_id in self._body_axes:
            if n < sheet.start:
                sheet.axis_id = axis_id
        spec = self.config.get("header")
        if not spec:
            return
        if spec.get("axis_scope") == "last_seen" and self._header_axis is not None:
            # an axis line printed in the sheet's head, under its start line and above its
            # first label (73: « Fiche action n° 1.1 – … » / « Axe 1 – … » / « Pilote(s) … »),
            # is the sheet's own, as the first sheet of each axis prints it
            first_label = min(
                (n for k, ls in sheet.fields.items() if k not in _NOT_FIELDS for n, _ in ls), default=sheet.start + 1
            )
            above = [m.group("n") for _, m in doc.find(self._header_axis, 1, max(first_label, sheet.start + 1))]
            sheet.axis_id = above[-1] if above else None
        for n in range(sheet.start - 1, max(sheet.start - int(spec.get("look_back", 10)), 0), -1):
            text = doc.line(n)
            m = self._header_objective.match(text) if self._header_objective else None
            if m and sheet.objective is None:
                sheet.objective_id = m.groupdict().get("n")
                sheet.objective = clean_inline(m.group("title"))
            m = self._header_axis.match(text) if self._header_axis else None
            if m and spec.get("axis_scope") == "last_seen":
                break
            if m:
                sheet.axis_id = m.group("n")
                break

    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        f = sheet.fields
        for name, lines in list(f.items()):
            once = printed_twice(lines)
            if once is not None:
                f[name] = once
        for rule, pattern in zip(self.config.get("move_items", []), self._move_patterns, strict=True):
            empty, src, dst = rule["when_empty"], rule["from"], rule["to"]
            # "empty": the target label printed with no value, or not printed at all
            if not any(t.strip() for _, t in f.get(empty, [])) and f.get(src):
                keep, moved = [], []
                for n, text in f[src]:
                    (moved if pattern.search(clean_inline(text)) else keep).append((n, text))
                if moved:
                    f[src], f[dst] = keep, f.get(dst, []) + moved
                    res.warn(
                        sheet.start,
                        f"sheet {sheet.action_id}: empty {empty}; {len(moved)} items moved from {src} to {dst}",
                    )
        self.fix_cell_lists(doc, sheet, res)
        for name in ("sub_actions", "calendar", "indicators"):
            # a cell that only points to a table printed below (« Voir le tableau
            # ci-dessous »): no step, no date, no indicator of its own
            if name in f:
                f[name] = [(n, t) for n, t in f[name] if not _POINTER.match(clean_inline(t))]
        if not has_text(f.get("sub_actions", [])):
            # the steps are printed only as the rows of the calendar's Gantt grid: where the
            # configuration says so, or where the grid itself names its rows steps (its corner
            # cell a label ``headings`` maps to sub_actions: ``Étapes | 2026 | 2027 …``)
            grid = gantt_marks(grid_rows(f.get("calendar", [])))
            named = any(self.canonical(c.rstrip(" :")) == "sub_actions" for c in grid.corners)
            if grid.steps and (self.config.get("gantt_steps") or named):
                f["sub_actions"] = [(n, f"- {label}") for n, label in grid.steps]

    # -- labelled blocks (layout: lines) ----------------------------------------------
    def _one_line_paragraph(self, span: Lines, i: int, read: Lines | None) -> bool:
        """``span[i]`` is a paragraph of one line with no list glyph: blank (or the field's
        label) above it, blank or a label below it. Such a line is cut at ``split_items``;
        a paragraph of several lines is not (a wrapped sentence may hold the separator)."""
        below = i + 1 >= len(span) or not span[i + 1][1].strip() or self._heading_at(span, i + 1)[0] is not None
        return self._one_line_paragraph_above(span, i, read) and below

    def _one_line_paragraph_above(self, span: Lines, i: int, read: Lines | None) -> bool:
        """``span[i]`` opens a paragraph with no list glyph: blank (or the field's label)
        above it."""
        text = span[i][1]
        if not text.strip() or LIST_MARKER.match(text.lstrip()) or text.lstrip().startswith(("|", "<")):
            return False
        if (
            SPACED_MARKS_ROW.match(text)
            or SPACED_YEARS.match(text)
            or SEMESTER_ROW.match(text)
            or QUARTER_ROW.match(text)
        ):
            return False  # a year grid's header or row after a row gap, kept where it is printed
        above = not read or not read[-1][1].strip() or (i > 0 and not span[i - 1][1].strip())
        return above and (i == 0 or not span[i - 1][1].strip() or self._heading_at(span, i - 1)[0] is not None)

    def _wrapped_list_line(self, span: Lines, i: int, read: Lines | None, field: str) -> int:
        """How many lines (two or more) make the paragraph starting at ``span[i]`` when it is
        one line wrapped: each line after the first starts in lower case, blank (or the
        field's label) above it as :meth:`_one_line_paragraph` asks, blank, a label or the
        span's end below it, and its lines joined are cut in two or more by ``split_items``
        (a wrapped sentence that holds no separator is kept as printed). 0 otherwise."""
        if not self._split_rules or not self._one_line_paragraph_above(span, i, read):
            return 0
        k = i + 1
        while k < len(span) and span[k][1].strip() and ocr_lines.starts_lower(span[k][1].strip()):
            if LIST_MARKER.match(span[k][1].lstrip()) or self._heading_at(span, k)[0] is not None:
                return 0
            k += 1
        # below: a blank line, a label, the span's end, or a page number alone (a page break)
        below = k >= len(span) or not span[k][1].strip() or self._heading_at(span, k)[0] is not None
        below = below or re.fullmatch(r"\s*\d{1,3}\s*", span[k][1]) is not None
        if k - i < 2 or not below:
            return 0
        joined = functools.reduce(join_wrapped, (t.strip() for _, t in span[i:k]))
        return k - i if len(self._value_lines(span[i][0], joined, field)) > 1 else 0

    def _header_row_flattened(self, span: Lines) -> Lines:
        """``span`` with the cells of a table whose header row holds the labels, printed one
        cell per paragraph (odt2txt, docx2txt flatten a table so), put back in label, value
        order::

            Pilote / Partenaires / Calendrier / Budget / DEF … / ARS, … / 2027 : … / 1,8 M€ …
            → Pilote / DEF … / Partenaires / ARS, … / Calendrier / 2027 : … / Budget / 1,8 M€ …

        Read so only when three labels or more are printed alone in a row (blank lines
        between) and exactly as many paragraphs follow before the next label (a label
        printed empty, then its neighbour's values, is not mistaken for such a row). The
        lines keep their numbers."""
        out = list(span)
        i = 0
        while i < len(out):
            labels, k = [], i
            while k < len(out):
                if not out[k][1].strip():
                    k += 1
                    continue
                canon, size = self._heading_at(out, k)
                if canon is None or size != 1 or inline_label(out[k][1]):
                    break
                labels.append(k)
                k += 1
            if len(labels) < 3:
                i = max(i + 1, k if labels else i + 1)
                continue
            paragraphs: list[list[int]] = []
            j = k
            while j < len(out):
                text = out[j][1]
                if not text.strip():
                    j += 1
                    continue
                m = inline_label(text)
                if self._heading_at(out, j)[0] is not None or (m and self.canonical(m.group("label"))):
                    break
                if text.lstrip().startswith("|"):
                    break
                block = []
                while j < len(out) and out[j][1].strip():
                    if block and self._heading_at(out, j)[0] is not None:
                        break  # the next label, printed with no blank line above it
                    block.append(j)
                    j += 1
                paragraphs.append(block)
            if len(paragraphs) == 1 < len(labels):
                # no blank line between the cells (PyMuPDF): cells told apart by their wraps
                paragraphs = _cells_by_wrap(out, paragraphs[0], len(labels))
            elif len(paragraphs) != len(labels) and paragraphs:
                # a cell of several paragraphs, or two cells with no blank line between them
                # (mutool, AbiWord): the paragraphs shared out among the labels by what they
                # say (:func:`_cells_by_content`)
                fields = [self._heading_at(out, lab)[0] for lab in labels]
                paragraphs = _cells_by_content(out, paragraphs, fields)
            if len(paragraphs) != len(labels):
                i = k
                continue
            blank = (out[labels[0]][0], "")
            rows = [
                line
                for lab, block in zip(labels, paragraphs, strict=True)
                for line in (out[lab], *(out[b] for b in block), blank)
            ]
            out[labels[0] : paragraphs[-1][-1] + 1] = rows
            i = labels[0] + len(rows)
        return out

    def _heading_at(self, span: Lines, i: int) -> tuple[str | None, int]:
        """The field of the heading at ``span[i]`` and how many lines it takes: a
        heading alone on its line (markdown ``#``, bold, trailing colon folded), or a
        label hard-wrapped over two or three lines (``MODALITES DE MISE EN`` /
        ``OEUVRE``, ``PARTENAIRES ASSO-`` / ``CIES``, ``MODALITES DE`` / ``MISE EN`` /
        ``OEUVRE``; ``Coût`` / ``estimé``, a label whose first line is one too), its
        underline included."""
        text = span[i][1]
        canon = self.canonical(text) if text.strip() else None
        if canon and i + 1 < len(span):
            # a label whose first line is a label too (« Coût » / « estimé »): the longer one
            first, second = clean_inline(text, bullet=False), clean_inline(span[i + 1][1], bullet=False)
            if second[:1].islower() and len(second) <= _WRAP_MAX:
                longer = self.canonical(_join_wrapped(first, second))
                if longer:
                    return longer, 2 + self._underlined(span, i + 2)
        if canon or i + 1 >= len(span):
            return canon, 1 + self._underlined(span, i + 1) if canon else 1
        first, second = clean_inline(text, bullet=False), clean_inline(span[i + 1][1], bullet=False)
        if not first or not second or len(first) > _WRAP_MAX or len(second) > _WRAP_MAX or _UNDERLINE.match(second):
            return None, 1
        joined = _join_wrapped(first, second)
        canon = self.canonical(joined)
        if canon:
            return canon, 2 + self._underlined(span, i + 2)
        # a label wrapped over three lines ("MODALITES DE" / "MISE EN" / "OEUVRE")
        third = clean_inline(span[i + 2][1], bullet=False) if i + 2 < len(span) else ""
        if not third or len(third) > _WRAP_MAX or _UNDERLINE.match(third):
            return None, 1
        canon = self.canonical(_join_wrapped(joined, third))
        return (canon, 3 + self._underlined(span, i + 3)) if canon else (None, 1)

    @staticmethod
    def _underlined(span: Lines, i: int) -> int:
        """1 when ``span[i]`` underlines the heading above it (a line of ``-``, ``=`` or
        ``_`` only), else 0: the underline belongs to the heading, not to its field."""
        return int(i < len(span) and bool(_UNDERLINE.match(span[i][1])))

    def _value_lines(self, n: int, value: str, field: str) -> Lines:
        """An inline value or a cell item as field lines (split at ``split_items``, in
        the fields it lists, every field when it lists none). A value split in several
        items loses its single final full stop (it ends the list, not the last item)."""
        parts = [value]
        for rx, fields in self._split_rules:
            if fields is None or field in fields:
                parts = [q.strip() for p in parts for q in rx.split(p) if q.strip()]
        # a cut between semester words and their year ("premier semestre" / "2026 : …")
        # is no cut: the semester stays with its year
        joined: list[str] = []
        for q in parts:
            if joined and DANGLING_SEMESTER.search(joined[-1]) and years(q):
                joined[-1] += " " + q
            else:
                joined.append(q)
        parts = joined
        if len(parts) == 1:
            return [(n, value)]
        # "a ; b ; c." : the full stop closes the inline list, not its last item
        # ("..." and "etc." keep theirs)
        parts[-1] = _drop_list_stop(parts[-1])
        return [(n, f"- {p}") for p in parts]

    def _resplit_wrapped(self, lines: Lines, k: int, value: str, field: str, list_ends: list) -> None:
        """An inline value at ``lines[k]`` wrapped onto the plain lines after it, split at
        ``split_items`` over the wrap: a separator that ends a printed line ("Indicateurs :
        part des enfants … ;" / "nombre de consultations …") cuts there as it does inside
        a line, whatever the case of the next line's first letter. Each piece keeps the
        line it starts on. Unchanged when no cut falls at a line break (a wrapped item
        stays one item, continued by :func:`parse_bullets`)."""
        first = self._value_lines(lines[k][0], value, field)
        end = k + len(first)
        wrapped = []
        while end < len(lines) and lines[end][1].strip() and not LIST_MARKER.match(lines[end][1].lstrip()):
            wrapped.append(lines[end])
            end += 1
        if not wrapped:
            return
        # the joined text, and the line each character comes from
        text, owner = value, [lines[k][0]] * len(value)
        for n, t in wrapped:
            piece = " " + t.strip()
            text += piece
            owner += [n] * len(piece)
        pieces = self._value_lines(lines[k][0], text, field)
        if len(pieces) == len(first):
            return  # no cut at a line break: the wrap continues the last item
        out, pos = [], 0
        for _, t in pieces:
            body = t[2:] if t.startswith("- ") else t
            at = text.find(body[:20], pos)
            if at >= 0:
                pos = at
            out.append((owner[min(pos, len(owner) - 1)], t))
        lines[k:end] = out
        for j, (f, idx) in enumerate(list_ends):
            if f == field and k <= idx < end:
                list_ends[j] = (f, k + len(out) - 1)
            elif f == field and idx >= end:
                list_ends[j] = (f, idx + len(out) - (end - k))

    def _cell_lines(self, n: int, cell: str, field: str) -> Lines:
        """A table cell's value as items of ``field``: its :func:`cell_items`, each
        split at ``split_items`` (:meth:`_value_lines`), one ``- item`` line each."""
        if LONE_GLYPH.match(clean_inline(cell, bullet=False)):
            # a bullet alone in its cell, its item on the lines below (unrtf: « <TAB>Partenaires
            # <TAB> • » / « » / « Caisse d'allocations familiales (CAF) »): kept a glyph line
            return [(n, clean_inline(cell, bullet=False))]
        items = cell_items(cell)
        if self._joined_cells:
            items = [j for item in items for j in joined_items(item, actors=field in ("pilots", "partners"))]
        nested = _nested_cell_items(cell)
        return [
            (
                n,
                f"    - {t[2:] if t.startswith('- ') else t}"
                if item in nested
                else t
                if t.startswith("- ")
                else f"- {t}",
            )
            for item in items
            for _, t in self._value_lines(n, item, field)
        ]

    def split_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> dict[str, Lines]:
        """Labelled blocks in any markup: headings alone on their line (also markdown,
        bold, wrapped over two lines), ``Label : value`` on one line, HTML label | content
        rows (items from ``<li>``/``<p>``/``<br>``; a row with an empty label continues
        the field above, across a page footer), pipe tables likewise (blank lines and
        the header row repeated on the next page do not end them), tables whose header
        row holds the labels (one field per column, :meth:`_column_labels`), TSV
        ``label<TAB>value`` lines, Gantt tables kept in their field."""
        fields: dict[str, Lines] = defaultdict(list)
        list_ends: list[tuple[str, int]] = []  # (field, index of an inline list's last item)
        inline_values: list[tuple[str, int, str]] = []  # (field, index of its first line, value)
        current = "_head"
        label_rows = False  # the previous line was a pipe-table label | content row
        label_width = 0  # how many cells the last pipe label row printed
        tsv_rows = False  # the previous line was a TSV label<TAB>value row
        pipe_header = None  # the header row of the last pipe table (repeated after a page break)
        span = self._header_row_flattened(
            self.unskipped(doc.span(sheet.extra.get("title_end", sheet.start) + 1, sheet.end))
        )
        bullet_labels = self._bullet_labels(span)
        i = 0
        while i < len(span):
            n, text = span[i]
            if any(p.search(text) for p in self.stop_patterns):
                current = "_after"
                i += 1
                continue
            if i in bullet_labels:
                current, label = bullet_labels[i]
                fields.setdefault(current, [])
                record_heading(sheet, current, label)
                i += 1
                continue
            if re.search(r"<table\b|<tr\b", text, re.I):
                j = i
                while j < len(span) and not re.search(r"</table>", span[j][1], re.I):
                    if j > i and re.search(r"<table\b", span[j][1], re.I):
                        break
                    j += 1
                end = j + 1 if j < len(span) and re.search(r"</table>", span[j][1], re.I) else j
                block = span[i:end] or [span[i]]
                current = self._html_block(block, current, fields, res, sheet)
                i += len(block)
                continue
            if self._continued_header(text, sheet):
                # a table cut by a page break, its second part headed by the sheet's start
                # line marked as continued (« | Fiche action n° 4.1 (suite) | », pandoc): markup
                i += 2 if i + 1 < len(span) and _PIPE_SEPARATOR.match(span[i + 1][1].strip()) else 1
                continue
            unruled = self._unruled_header(span, i)
            if unruled is not None:
                # a header row of labels printed with no rule under it (a table read by
                # striprtf): its columns' values are the rows below, up to a blank line
                # that no pipe row follows
                j, first = i + 1, True
                while j < len(span) and (span[j][1].strip().startswith("|") or not span[j][1].strip()):
                    if not span[j][1].strip() and not (j + 1 < len(span) and span[j + 1][1].strip()[:1] in ("|", "")):
                        break
                    if span[j][1].strip() and self._unruled_header(span, j) == unruled:
                        first = True  # the table's header printed again (a table cut in two)
                    elif span[j][1].strip():
                        # rows after the first: a cell's wrapped lines too, one printed line
                        # a row (antiword: « |Direction de |Association | » / « |l'enfance et
                        # de la|Lormoise de | »), each going on with its column's item above
                        # where it opens in lower case or that item ends open
                        self._column_values(unruled, pipe_cells(span[j][1]), span[j][0], fields, res, wraps=not first)
                        first = False
                    j += 1
                current = self._record_columns(unruled, sheet, fields) or current
                label_rows = False
                i = j
                continue
            if text.strip().startswith("|") and i + 1 < len(span) and _PIPE_SEPARATOR.match(span[i + 1][1].strip()):
                if label_rows and text.strip() == pipe_header:
                    i += 2  # the table's header printed again on the next page, and its rule
                    continue
                pipe_header = text.strip()
                labels = self._column_labels(pipe_cells(text), n, res)
                if labels is not None:
                    # a header row of labels: each column's values go to its label's field
                    j = i + 2
                    while j < len(span) and span[j][1].strip().startswith("|"):
                        if j + 1 < len(span) and _PIPE_SEPARATOR.match(span[j + 1][1].strip()):
                            break  # a row over its rule: the header of a table printed right under this one
                        m, row = span[j]
                        if not _PIPE_SEPARATOR.match(row.strip()):
                            self._column_values(labels, pipe_cells(row), m, fields, res)
                        j += 1
                        # rows printed with blank lines between them (a pandoc multiline table's,
                        # each on its first line): the table goes on over them to a row of its width
                        k = next((k for k in range(j, len(span)) if span[k][1].strip()), len(span))
                        if j < k < len(span) and span[k][1].strip().startswith("|"):
                            if len(pipe_cells(span[k][1])) == len(labels) and not _PIPE_SEPARATOR.match(
                                span[k + 1][1].strip() if k + 1 < len(span) else ""
                            ):
                                j = k
                    current = self._record_columns(labels, sheet, fields) or current
                    label_rows = False
                    i = j
                    continue
                j = i
                # a grid table's rows are printed with blank lines between them (pandoc's grid
                # table made pipe rows, each on its first line): its rows go on over them while
                # they have as many cells as its first row under the rule
                first_row = next((t for _, t in span[i + 2 :] if t.strip()), "")
                width = len(pipe_cells(first_row)) if first_row.strip().startswith("|") else 0
                while j < len(span) and span[j][1].strip().startswith("|"):
                    j += 1
                    k = next((k for k in range(j, len(span)) if span[k][1].strip()), len(span))
                    if j < k < len(span) and span[k][1].strip().startswith("|"):
                        j = k if len(pipe_cells(span[k][1])) == width else j
                grid = self._grid_block(grid_rows(span[i:j]), span[i:j], current, fields, sheet)
                if grid is not None:
                    current, label_rows, i = grid, False, j
                    continue
                if self._column_header(span, i, 2, current):
                    i += 2  # a column header (``| Rubrique | Contenu |``) and its rule
                    continue
            merged = self._merged_label_cell(text)
            if merged is not None:
                # « | **Budget :** 1,1 M€ sur la durée du schéma | | »: a row merged over the
                # label | value table's columns, its label inline, the other cells empty
                current, label, value = merged
                fields.setdefault(current, [])
                record_heading(sheet, current, label)
                fields[current].extend(self._cell_lines(n, value, current))
                label_rows = True
                i += 1
                continue
            piped = self._pipe_label_row(text, current, label_rows)
            cells = pipe_cells(text) if text.strip().startswith("|") else []
            if piped is None and label_rows and 3 <= label_width == len(cells) + 1 and not current.startswith("_"):
                # a row one cell short under a row of a label and two cells or more: the label
                # merged down over both rows, printed once (markitdown, an HTML rowspan:
                # « | **Budget** | Investissement | 150 000 € | » / « | Fonctionnement | 1,2 M€ | »)
                fields[current].extend(self._cell_lines(n, " : ".join(c for c in cells if c.strip()), current))
                i += 1
                continue
            if piped is not None:
                label_width = len(cells)
                value = " <br> ".join(pipe_cells(text)[1:])
                if (
                    piped == current
                    and not clean_inline(cells[0])
                    and fields.get(current)
                    and self._wraps_item(fields[current][-1][1], value)
                ):
                    # the cell's text wrapped onto the next printed row, no rule between
                    # (antiword: « |Pilote |Direction de la protection maternelle| » / « | |et
                    # infantile (PMI)| »): the item above goes on
                    self._wrap_last_item(fields[current], current, value)
                    i += 1
                    continue
                current = piped
                fields.setdefault(current, [])
                record_heading(sheet, current, pipe_cells(text)[0])
                for label, canon, part in self.labelled_parts(value) or [(None, current, value)]:
                    if label is not None:
                        record_heading(sheet, canon, label)
                    fields[canon].extend(self._cell_lines(n, part, canon))
                label_rows = True
                # a label row printed in the header position has the table's rule under it
                # (``| Acteurs | Pilote : … |`` / ``|---|---|``): markup, not a value
                i += 2 if i + 1 < len(span) and _PIPE_SEPARATOR.match(span[i + 1][1].strip()) else 1
                continue
            unknown = self._unknown_pipe_label(text) if label_rows else None
            if unknown is not None:
                # a row of the label | content table whose label no heading maps: reported
                # (as a TSV row's is), its value kept apart, not glued to the field above
                label, value = unknown
                res.unknown_headings.append((n, label))
                current = "_unlabelled"
                fields[current].extend(self._cell_lines(n, value, current))
                i += 1
                continue
            # blank lines (around a page footer) do not end the table
            label_rows = label_rows and (not text.strip() or bool(_PIPE_SEPARATOR.match(text.strip())))
            pair = self._heading_columns(text)
            if pair:
                current = pair
                fields.setdefault(pair, [])
                for cell, field in zip([c for c in text.split("\t") if c.strip()], pair.split("\t")[1:], strict=True):
                    record_heading(sheet, field, cell.strip())  # the labels as printed (a budget's nature)
                i += 1
                continue
            if not tsv_rows and "\t" in text and self._column_header(span, i, 1, current):
                i += 1  # a column header (``Rubrique<TAB>Description``)
                continue
            if _TSV_YEARS.search(text):
                # a year grid printed as TSV rows: kept whole as pipe and HTML grids are (a row
                # labelled by a known heading, its cell merged over the years, is that field's)
                j = next((j for j in range(i, len(span)) if "\t" not in span[j][1]), len(span))
                grid = self._grid_block(grid_rows(span[i:j]), span[i:j], current, fields, sheet)
                if grid is not None:
                    current, tsv_rows, i = grid, False, j
                    continue
            tsv = self._tsv_label_row(text, current, tsv_rows)
            if tsv is not None:
                canon, label, value = tsv
                if canon is None:
                    res.unknown_headings.append((n, label))
                    canon = "_unlabelled"
                elif label:
                    record_heading(sheet, canon, label)
                current = canon
                # the cell's other paragraphs, each on a line of its own with no tab (python-docx
                # joins a cell's paragraphs with a line end): its items, a wrapped phrase joined
                more = self._cell_paragraphs(span, i + 1)
                for k, item in column_items([(n, value), *span[i + 1 : i + 1 + more]]):
                    fields[canon].extend(self._cell_lines(k, item, canon))
                tsv_rows = True
                i += 1 + more
                continue
            tsv_rows = tsv_rows and not text.strip()
            over = self._spaced_header(text, least=2)
            gap = 2 if i + 2 < len(span) and not span[i + 1][1].strip() else 1  # (a blank line between: ELinks)
            if over is not None and i + gap < len(span) and SPACED_YEARS.match(span[i + gap][1]):
                # a year grid's header cells printed above its years (« Étapes      Calendrier »
                # over « 2026   2027 … »): the grid is the field over the years
                current = over[-1][1]
                fields.setdefault(current, [])
                record_heading(sheet, current, over[-1][2])
                i += 1
                continue
            header = self._spaced_header(text)
            if header is not None:
                # a header row of labels aligned with spaces, each column's cells under its
                # label (« Pilote(s)      Partenaires      Calendrier      Budget »), down to a
                # blank line or a field's label at the margin (« Moyens : … » right under the
                # table); its header printed again after a page break is no row
                j, rows = i + 1, []
                while j < len(span):
                    t = span[j][1]
                    if not t.strip():
                        nxt = next((k for k in range(j + 1, len(span)) if span[k][1].strip()), None)
                        if (
                            nxt is not None
                            and self._spaced_header(span[nxt][1]) == header
                            or (
                                nxt is not None
                                and [f for _, f, _ in self._spaced_header(span[nxt][1]) or []]
                                == [f for _, f, _ in header]
                            )
                        ):
                            j = nxt + 1  # the table goes on after a page break under its header again
                            continue
                        break
                    if self._spaced_header(t) is not None:
                        j += 1
                        continue
                    label = inline_label(t.strip()) if not t[:1].isspace() else None
                    if (label and self.canonical(label.group("label"))) or (
                        not t[:1].isspace() and self.canonical(clean_inline(t).rstrip(" :")) is not None
                    ):
                        break
                    rows.append(span[j])
                    j += 1
                for field, label, lines in spaced_header_columns(header, rows):
                    fields.setdefault(field, [])
                    record_heading(sheet, field, label)
                    for n_item, t in lines:
                        # a column of labelled lines (a slide's « Qui ? Quand ? Combien ? » box:
                        # « Pilote : … », « Partenaires : … », « Budget : … »): each its label's field
                        own = inline_label(t) if not t.startswith("    - ") else None
                        into = self.canonical(own.group("label")) if own else None
                        if into and into != field:
                            fields.setdefault(into, [])
                            record_heading(sheet, into, own.group("label"))
                            fields[into].extend(self._value_lines(n_item, own.group("value").strip(), into))
                            continue
                        fields[field].append((n_item, t if t.startswith("    - ") else f"- {t}"))
                    current = field
                i = j
                continue
            below = next((k for k in range(i + 1, min(i + 3, len(span))) if span[k][1].strip()), None)
            first_run = re.split(r"\s{2,}", text.strip())[0] if text.strip() else ""
            if (
                below is not None
                and not SPACED_YEARS.match(text)
                and spaced_years_corner(span[below][1]) == ""
                and self.canonical(first_run) is not None
                and not years(text)
            ):
                # a grid's corner printed on a line of its own above its years (« Étapes
                # Années » / blank / « 2026  2027 … », ELinks): the grid is the calendar's
                current = "calendar"
                fields.setdefault(current, []).append((n, text))
                i += 1
                continue
            corner = spaced_years_corner(text)
            if corner and current not in ("_head", "_after"):
                # a year grid aligned with spaces printed with its corner (« Étapes      2026
                # 2027 … »): the grid is the calendar's, its corner printed with it
                current = "calendar"
                fields.setdefault(current, []).append((n, text))
                i += 1
                continue
            spaced = self._space_columns(span, i, fields.get(current, []))
            if spaced is not None:
                entries, size = spaced
                for canon, label, values in entries:
                    current = canon
                    fields.setdefault(canon, [])
                    record_heading(sheet, canon, label)
                    fields[canon].extend(values)
                i += size
                continue
            canon, size = self._heading_at(span, i)
            if canon and _wrapped_end(text, fields.get(current)):
                canon = None  # « … partagé avec les » / « partenaires »: the phrase goes on
            grid = self._cell_grid(span, i + size) if canon else 0
            if grid:
                # a label printed right above a year grid printed one cell a line (« Étapes » /
                # « 2026 » / « 2027 » …, AbiWord, mutool) is the grid's corner: the grid is the
                # calendar's, its corner kept with it
                current = "calendar"
                fields.setdefault(current, []).extend(span[i : i + size + grid])
                i += size + grid
                continue
            if canon:
                current = canon
                fields.setdefault(canon, [])
                record_heading(sheet, canon, " ".join(t for _, t in span[i : i + size] if not _UNDERLINE.match(t)))
                i += size
                continue
            # ``Label : value | Label : value`` on one line, or ``Label : value`` whose value
            # may print labels of its own (``Acteurs : Pilote : X – Partenaires : Y``)
            pairs = self._inline_pairs(text)
            m = inline_label(text) if not pairs else None
            canon = self.canonical(m.group("label")) if m else None
            if not canon and not pairs and self._bare_labels:
                wrapped = self._bare_label_wrapped(span, i)
                if wrapped is not None:
                    field, label, values = wrapped
                    current = field
                    fields.setdefault(field, [])
                    record_heading(sheet, field, label)
                    for k, value in values:
                        fields[field].extend(self._value_lines(k, value, field))
                    i += 2
                    continue
                m = self._bare_label(text, after=current)
                canon = self.canonical(m.group("label")) if m else None
            if canon:
                record_heading(sheet, canon, m.group("label"))
                value = m.group("value").strip()
                if value and wrapped_by_pypdf(text):
                    value += " "  # pypdf's mark of a line it wrapped, kept for the lines below
                pairs = self.labelled_parts(value)
                if pairs is None:
                    # a second label on the line after a dash (« **Pilotage :** DEF — **Partenaires :**
                    # CAF, MSA »): the value up to it is this label's
                    both = self.labelled_parts(f"{m.group('label')} : {value}")
                    pairs = [(None, canon, both[0][2]), *both[1:]] if both and len(both) > 1 else None
                pairs = pairs or [(None, canon, value)]
            if pairs:
                for label, field, part in pairs:
                    current = field
                    if label is not None:
                        record_heading(sheet, field, label)
                    values = self._value_lines(n, part, field)
                    inline_values.append((field, len(fields[field]), part))
                    fields[field].extend(values)
                    if len(values) > 1:
                        list_ends.append((field, len(fields[field]) - 1))
                i += 1
                continue
            underlined = bool(text.strip()) and self._underlined(span, i + 1)
            if current != "_head" and (
                underlined or (self.heading_pattern is not None and self.heading_pattern.search(text))
            ):
                res.unknown_headings.append((n, text.strip()))  # an underlined line is a heading
            line = self._html_list_line(text)
            second = _SECOND_LABEL.search(line) if current not in ("_head", "_after") and fields.get(current) else None
            after = inline_label(line[second.end() :]) if second else None
            field = self.canonical(after.group("label")) if after else None
            if field and field != current:
                # a wrapped sentence naming a second field after a semicolon (« Pilote : Direction
                # … à » / « l'enfance (ASE) ; partenaires : associations habilitées, … »): the
                # line up to it goes on with the field above, the rest opens the second
                fields[current].append((n, line[: second.start()]))
                record_heading(sheet, field, after.group("label"))
                fields.setdefault(field, []).extend(self._value_lines(n, after.group("value").strip(), field))
                current = field
                i += 1
                continue
            wrapped = (
                self._wrapped_list_line(span, i, fields.get(current), current)
                if current not in ("_head", "_after")
                else 0
            )
            if wrapped:
                # a list printed alone under its label and wrapped at the column's width
                # (« Indicateurs » / « a ; b ; part des » / « stagiaires satisfaits »): its
                # lines joined, cut at `split_items` as an inline value is
                joined = functools.reduce(join_wrapped, (t.strip() for _, t in span[i : i + wrapped]))
                fields[current].extend(self._value_lines(n, joined, current))
                i += wrapped
                continue
            if self._one_line_paragraph(span, i, fields.get(current)) and current not in ("_head", "_after"):
                # a list printed alone on the line under its label (« Indicateurs » / « a ; b ;
                # c »): cut at `split_items` as an inline value is
                fields[current].extend(self._value_lines(n, line.strip(), current))
            else:
                fields[current].append((n, line))
            i += 1 + underlined
        for canon, k, value in reversed(inline_values):
            self._resplit_wrapped(fields[canon], k, value, canon, list_ends)
        # an inline list wrapped onto plain lines ("Indicateurs : a ; b de" / "c."): its
        # final full stop is on the last of them
        for canon, k in list_ends:
            lines = fields[canon]
            while k + 1 < len(lines) and lines[k + 1][1].strip() and not LIST_MARKER.match(lines[k + 1][1].lstrip()):
                k += 1
            lines[k] = (lines[k][0], _drop_list_stop(lines[k][1]))
        return dict(fields)

    def _html_list_line(self, text: str) -> str:
        """A line that is one HTML list item (``<li>Ouvrir des stages</li>``, outside a
        table) as a ``- `` bullet, so that each ``<li>`` line is an item of its own;
        unchanged under ``lists`` (whose reader starts an item at each such line)."""
        m = _LI_LINE.match(text)
        if m is None or getattr(self, "_lists", None) is not None:
            return text
        return f"- {m.group(1).strip()}"

    @staticmethod
    def _lines_above_label(span: Lines, i: int, col: int, read: Lines) -> Lines:
        """The value lines a text browser prints *above* a label it centres in its cell's
        height (``w3m -dump`` of a borderless table)::

            Objectifs    Évaluer toute information préoccupante …
                                                                        (row gap)
                           • Renforcer l'équipe de la CRIP              ← Étapes'
            Étapes         • Mettre en place une évaluation en binôme

        Lines directly above ``span[i]`` (the label's line) with nothing left of the value
        column ``col``, read last into the field above (``read``'s tail), are the label's
        when a blank line precedes them (the table's row gap) or when they and the label's
        own value start with the same list glyph (the field above printing none there).
        Taken out of ``read``; returned in print order (empty: none)."""
        k = i
        while k > 0 and span[k - 1][1].strip() and not span[k - 1][1][:col].strip() and span[k - 1][1][col:].strip():
            k -= 1
        group = span[k:i]
        if not group or len(read) < len(group) or [n for n, _ in read[-len(group) :]] != [n for n, _ in group]:
            return []
        if not (k > 0 and not span[k - 1][1].strip()):  # no row gap above: the glyph's run only
            group = group[_glyph_tail([t[col:] for _, t in group], span[i][1][col:]) :]
        if group:
            del read[-len(group) :]
        return [(n, t[col:].rstrip()) for n, t in group]

    def _space_columns(
        self, span: Lines, i: int, read: Lines | None = None
    ) -> tuple[list[tuple[str, str, Lines]], int] | None:
        """Label | value columns aligned with spaces, from ``span[i]``: a left column of
        labels (starting at one indentation, the margin or the few spaces a PDF-to-text
        conversion adds; a label possibly wrapped over two lines, its first part no
        label of its own, its last part alone on its line) and a
        right column of content beginning at one position on every line, three spaces
        or more right of the label::

            Pilote de
            l'action         Direction de l'enfance
            Partenaires      A ; B ; Service
            associés         de protection …
                             du jeune enfant

        Read only when the left text, joined with the label line above it, is a known
        label (prose with a double space is not: its left part is no label); a left
        text on a later line continues the label when label + text is a known label,
        else it starts a new label if known, else ends the block. The right-hand lines
        of a label are read by :func:`column_items` (a wrapped line joins the line
        above, a complete line is an item) and split at ``split_items``, or one line
        each when they start with a list glyph. Returns (field, label, lines) per label and
        the lines read; None when ``span[i]`` does not start such columns."""
        text = span[i][1]
        head: list[str] = []
        m = _SPACE_COLUMNS.match(text) or self._aligned_label_row(span, i)
        start = i
        if m is None:
            # a label's first line alone ("Pilote de"), the rest beside the value below
            if not text.strip() or len(text.strip()) > _WRAP_MAX or i + 1 >= len(span):
                return None
            m = _SPACE_COLUMNS.match(span[i + 1][1])
            if m is None or _indent(text) != len(m.group("indent")):
                return None
            head = [text.strip()]
            i += 1
        label = " ".join([*head, m.group("left").strip()])
        margin = len(m.group("indent"))  # the labels' column (pdftotext indents it)
        col = m.start("right")
        if self.canonical(label) is None:
            # a label wrapped onto the next line ("Étapes de mise" / "en œuvre") or the next
            # two ("Étapes /" / "Modalités de" / "mise en œuvre"), its first part no label of
            # its own
            more = [
                t[:col].strip() if _indent(t) == margin else ""
                for _, t in span[i + 1 : i + 3]
            ]  # fmt: skip
            wrapped = [" ".join([label, *more[:n]]) for n in (1, 2) if all(more[:n]) and len(more) >= n]
            if not any(self.canonical(w) for w in wrapped):
                return None
        above = self._lines_above_label(span, start, col, read) if read is not None and not head else []
        entries: list[list] = [[label, [*above, (span[i][0], m.group("right").rstrip())]]]
        label_lines = [span[i][0]]  # the line each label is printed on
        centred = bool(above)  # a label printed below the first line of its cell
        k = i + 1
        while k < len(span):
            line = span[k][1]
            left = line[:col].strip()
            if left and _indent(line) == margin and not line[col:].strip():
                # the label's last line alone ("Indicateurs de" / "réalisation")
                joined = f"{entries[-1][0]} {left}"
                if self.canonical(joined):
                    entries[-1][0] = joined
                    k += 1
                    continue
            if not line.strip() and not centred:
                # blank lines between two paragraphs of one cell, or a page break inside it
                after = next((j for j in range(k, len(span)) if span[j][1].strip()), len(span))
                if _value_paragraph(span, after, col):
                    k = after
                    continue
            # a value line starts at the value column, or right of it (a hanging indent
            # under a bullet: "• Ouvrir une unité …" / "  ASE / Protection …")
            if not line.strip() or not line[col:].strip() or (col and not line[col - 1].isspace()):
                break
            right = line[col:].rstrip()  # positions kept: a year grid is read by column
            if left and _indent(line) != margin:
                break
            if left:
                joined = f"{entries[-1][0]} {left}"
                if self.canonical(joined):
                    entries[-1][0] = joined
                elif self.canonical(left):
                    # a label centred in its cell: the run of its list glyph printed above it
                    # was read into the label above
                    prev = entries[-1][1]
                    cut = _glyph_tail([t for _, t in prev], right) if len(prev) > 1 else len(prev)
                    centred = centred or cut < len(prev)
                    entries.append([left, prev[cut:]])
                    label_lines.append(span[k][0])
                    del prev[cut:]
                elif len(entries[-1][1]) == 1 and left[:1].islower() and self.canonical(entries[-1][0]):
                    # the tail of a label mapped by its first line ("Étapes de mise" /
                    # "en œuvre"): the label goes on, its field is the first line's
                    pass
                elif self.canonical(entries[-1][0]) is None:
                    # the middle line of a label wrapped over three ("Étapes /" / "Modalités
                    # de" / "mise en œuvre"; the columns were opened on it)
                    entries[-1][0] = joined
                else:
                    break
            entries[-1][1].append((span[k][0], right))
            k += 1
        if centred and len(label_lines) == len(entries):
            entries = _centred_cells(entries, label_lines)
        out = []
        for lab, parts in entries:
            field = self.canonical(lab)
            if any(SPACED_YEARS.match(t) for _, t in parts):
                # a year grid printed in the value column ("2025    2026 …" over "Achat du
                # véhicule  X"): its lines as printed, for the grid reader
                out.append((field, lab, list(parts)))
                continue
            if any(LIST_MARKER.match(t.strip()) for _, t in parts):
                values, text_at = [], None
                for n, t in parts:
                    if m := LIST_MARKER.match(t.strip()):
                        text_at = _indent(t) + m.end()
                    elif text_at is not None and t.strip() and _indent(t) < text_at - 1:
                        # a line printed left of the list item's text is no wrap of it (« •
                        # Nombre d'ateliers organisés » / « Indicateurs de résultat » under its
                        # glyph: a heading inside the cell): a blank line ends the item
                        values.append((n, ""))
                        text_at = None
                    values.append((n, t.strip()))
            else:
                parts = [(n, t.strip()) for n, t in parts]
                items = column_items(parts)
                values = [v for n, t in items for v in self._value_lines(n, t, field)]
                if len(items) > 1:
                    # the items column_items tells apart stay apart: glyphless lines with no
                    # blank between are one item further on (:func:`parse_bullets`)
                    values = [(n, t if LIST_MARKER.match(t) else f"- {t}") for n, t in values]
            out.append((field, lab, values))
        return out, k - start

    def _aligned_label_row(self, span: Lines, i: int) -> re.Match | None:
        """``span[i]`` as a label | value row whose label is two spaces from its value, when
        the label is known and its value starts at the value column (and its label at the
        margin) of the nearest label | value row above it in the sheet, or one character off
        it (a PDF's text placed by its position: pdfplumber's layout mode shifts a column by a
        character from one table row to the next). A text browser pads a
        borderless table's label column to its longest label and two spaces (``w3m -dump``)::

            Pilote       Cellule de recueil des informations préoccupantes (CRIP)

                         Parquet du tribunal judiciaire de Valbrune, Éducation …
            Partenaires  de gendarmerie départementale, Direction départementale …

        so that label's row is no three-space columns row, and a known label followed by two
        spaces in prose is not read as one unless the columns above say where the value is."""
        m = _TWO_SPACE_COLUMNS.match(span[i][1])
        if m is None:
            return None
        if self.canonical(m.group("left").strip()) is None:
            # a label wrapped onto the next line (« Modalités de » / « mise en œuvre »)
            nxt = span[i + 1][1] if i + 1 < len(span) else ""
            more = nxt[: m.start("right")].strip() if _indent(nxt) == len(m.group("indent")) else ""
            if not more or self.canonical(f"{m.group('left').strip()} {more}") is None:
                return None
        for k in range(i - 1, -1, -1):
            above = _SPACE_COLUMNS.match(span[k][1])
            if above and self.canonical(above.group("left").strip()):
                same = len(above.group("indent")) == len(m.group("indent"))
                return m if same and abs(above.start("right") - m.start("right")) <= 1 else None
        return None

    def _column_header(self, span: Lines, i: int, gap: int, current: str) -> bool:
        """True when ``span[i]`` is a table's column header that is not labels (``|
        Rubrique | Contenu |`` over its rule, ``Rubrique<TAB>Description``): its first
        cell is no known label and the row ``gap`` lines below (past the rule) is a
        label | content row of the same markup. Such a row is not content."""
        text = span[i][1]
        tsv = "\t" in text and not text.strip().startswith("|")
        cells = [c.strip() for c in text.split("\t")] if tsv else pipe_cells(text)
        first = clean_inline(cells[0], bullet=False).rstrip(" :") if cells else ""
        if len([c for c in cells if c]) < 2 or not first or any(self._known_cell(c) for c in cells):
            return False
        if i + gap >= len(span):
            return False
        below = span[i + gap][1]
        if tsv:
            row = self._tsv_label_row(below, current, False)
            # a label | content row: a known label, then content (not a second label)
            return row is not None and row[0] is not None and not self._known_cell(row[2])
        cells = pipe_cells(below)
        return self._pipe_label_row(below, current, False) is not None and not any(
            self._known_cell(c) for c in cells[1:]
        )

    def _known_cell(self, cell: str) -> bool:
        """True when a table cell is a known label."""
        text = clean_inline(cell, bullet=False).rstrip(" :")
        return bool(text) and self.canonical(text) is not None

    def _bullet_labels(self, span: Lines) -> dict[int, tuple[str, str]]:
        """A definition list printed as one list, labels and values alike as items (trafilatura
        of a ``<dl>``: « - Pilote » / « - Observatoire … » / « - Partenaires » / « - PJJ » …, 67):
        where three items or more of a sheet are each a mapped label and nothing else, those
        items are its labels (index → (field, label)). One such item alone is a list's item."""
        found = {}
        for i, (_n, text) in enumerate(span):
            m = _BULLET_LABEL.match(text)
            if m and len(m.group("label").split()) <= 6:
                canon = self.canonical(m.group("label"))
                if canon:
                    found[i] = (canon, m.group("label"))
        return found if len(found) >= 3 else {}

    def _bare_label(self, text: str, after: str | None = None) -> re.Match | None:
        """Under ``bare_labels``: a line opening with a label of ``headings``, printed as
        mapped (case and accents aside), then one space or more and its value, no colon
        between (``Pilote Direction de l'enfance …``, ``Étapes 1) Lancer …``; lynx or w3m
        leave a table too wide to align so, pdfplumber prints every table so). The value
        starts with a capital, a digit, a bracket, a quote or a list marker (``Partenaires
        • Parquet …``), so that prose going on with the label's word ("Objectif
        partagé par …") is no label; a pilot or partner label right after another field's
        block (``after``) may open a value in lower case (``Partenaires associations …``); the longest label wins ("Indicateurs de suivi
        Nombre …"). A label in bold or italics (``*Constat.* En 2024 …``) is read without
        its markup. Groups ``label`` and ``value``, as :func:`inline_label`'s."""
        s = re.sub(r"^(\*{1,2}|_{1,2})(\S[^*_]{0,60}?)\1(?=\s)", r"\2", text.strip())
        if not s[:1].isupper():
            return None
        words = list(re.finditer(r"\S+", s))
        for k in range(min(len(words) - 1, 8), 0, -1):
            label = s[: words[k - 1].end()]
            if self._bare_canonical(label) is None:
                continue
            rest = s[words[k].start() :]
            field = self._bare_canonical(label)
            # a calendar's value may start with a date word (« Calendrier rentrée 2027 : … »);
            # a list of bodies in lower case (« Partenaires associations gestionnaires … ») right
            # after another field's block is no prose going on with the label's word
            actors_after = field in ("pilots", "partners") and after not in (None, "_head", field)
            if not _bare_value_start(rest) and not (field == "calendar" and years(rest)) and not actors_after:
                return None
            return re.match(rf"(?P<label>{re.escape(label)})\s+(?P<value>.*)$", s)
        return None

    def _bare_canonical(self, label: str) -> str | None:
        """The field of a bare label: mapped as printed (case and accents aside), or with
        its plural mark ``(s)`` folded as every label's is (« Pilote(s) » under a mapped
        « Pilote »); the other forms :meth:`canonical` reads (numbered, letter-spaced) are
        not taken from a line's first words."""
        key = heading_key(label)
        if key in self.heading_aliases:
            return self.heading_aliases[key]
        return self.canonical(label) if "(S)" in key else None

    def _bare_label_wrapped(self, span: Lines, i: int) -> tuple[str, str, list[tuple[int, str]]] | None:
        """Under ``bare_labels``: a label wrapped in its narrow column around its value, as
        ``pdfplumber`` prints a table's row (the label's first words, then the value's first
        line; the label's last words, then the value's second line)::

            Étapes / Modalités 1) Créer une équipe d'évaluation renforcée …
            de mise en œuvre 2) Former l'ensemble des évaluateurs …
            Indicateurs de • Nombre d'évaluations conduites …
            réalisation • Nombre de professionnels formés …

        The two parts make a label of ``headings`` (``Étapes / Modalités de mise en œuvre``,
        ``Indicateurs de réalisation``); each value starts as a bare label's does (a
        capital, a digit, a bracket, a quote, a list marker) or the second line holds the
        label's words only. Returns (field, label, value lines); None otherwise."""
        if i + 1 >= len(span):
            return None
        s, t = span[i][1].strip(), span[i + 1][1].strip()
        if not s[:1].isupper() or not t[:1].islower():
            return None
        first, second = list(re.finditer(r"\S+", s)), list(re.finditer(r"\S+", t))
        for k in range(min(len(first) - 1, 6), 0, -1):
            head, value = s[: first[k - 1].end()], s[first[k].start() :]
            if not _bare_value_start(value):
                continue
            for j in range(min(len(second), 4), 0, -1):
                label = f"{head} {t[: second[j - 1].end()]}"
                rest = t[second[j].start() :] if j < len(second) else ""
                canon = self._bare_canonical(label)
                if canon and (not rest or _bare_value_start(rest)):
                    return canon, label, [(span[i][0], value), *([(span[i + 1][0], rest)] if rest else [])]
        return None

    def _inline_pairs(self, text: str) -> list[tuple[str, str, str]] | None:
        """``Label : value | Label : value`` on one line (not a pipe-table row, which
        starts with ``|``): one (label, field, value) per part, when every part is a
        known label with its value; None otherwise."""
        if text.lstrip().startswith("|") or " | " not in text:
            return None
        pairs = []
        for part in text.split(" | "):
            m = _INLINE_LABEL.match(part)
            canon = self.canonical(m.group("label")) if m else None
            if not canon:
                return None
            pairs.append((m.group("label"), canon, m.group("value").strip()))
        return pairs

    def labelled_parts(self, value: str) -> list[tuple[str, str, str]] | None:
        """A value that prints labels of its own (an ``Acteurs`` cell holding ``Pilote :
        CRIP – Partenaires : Parquet, Éducation nationale``, or ``Pilote : CAF <br>
        Copilote : DEF``): one (label, field, value) per part, cut before each known
        label followed by a colon after a dash, a semicolon, a pipe or a ``<br>``; None
        unless the value starts with a known label and every such label is known
        (``Fonctionnement : 320 000 €`` stays a value). Each part keeps its markup."""
        text = value.strip()
        breaks = list(_PART_BREAK.finditer(text))
        if not breaks:
            return None
        parts = []
        for a, b in zip([0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(text)], strict=True):
            m = _INLINE_LABEL.match(text[a:b])
            canon = self.canonical(m.group("label")) if m else None
            if not canon:
                return None
            parts.append((clean_inline(m.group("label"), bullet=False), canon, m.group("value").strip()))
        return parts

    def mapped_labels(self, cells: list[str]) -> tuple[list[tuple[str | None, str]], int]:
        """(field or None, label as printed) per cell of a row read as labels, and how many
        of them ``headings`` maps (a header row of labels: :meth:`_column_labels`, and the
        action tables of ``layout: rows``)."""
        labels = [clean_inline(c, bullet=False).rstrip(" :") for c in cells]
        canons = [self.canonical(t) if t else None for t in labels]
        return list(zip(canons, labels, strict=True)), sum(c is not None for c in canons)

    def _continued_header(self, text: str, sheet: Sheet) -> bool:
        """A pipe row whose one cell is this sheet's start line printed again, marked as
        continued (« | Fiche action n° 4.1 (suite) | »): a table's header after a page break."""
        s = text.strip()
        if not s.startswith("|") or self.sheet_start is None:
            return False
        cells = [c for c in pipe_cells(s) if clean_inline(c)]
        if len(cells) != 1:
            return False
        cell = clean_inline(cells[0])
        m = self.sheet_start.match(cell)
        return bool(m) and m.group("id") == sheet.action_id and bool(_CONTINUED.search(cell))

    def _unruled_header(self, span: Lines, i: int) -> list[tuple[str | None, str]] | None:
        """The labels of a pipe row printed with no rule under it when every one of its
        two cells or more is a known heading and the next row printed (blank lines aside)
        has as many cells: a header row of labels whose values are the rows below
        (``| Pilote(s) | Partenaires | Calendrier | Budget |`` over the values row, a Word
        table read by striprtf). None otherwise (a rule under it: :meth:`_column_labels`)."""
        text = span[i][1].strip()
        if not text.startswith("|") or (i + 1 < len(span) and _PIPE_SEPARATOR.match(span[i + 1][1].strip())):
            return None
        cells = pipe_cells(text)
        labels, known = self.mapped_labels(cells)
        if len(cells) < 2 or known < len(cells):
            return None
        below = next((t.strip() for _, t in span[i + 1 :] if t.strip()), "")
        if not below.startswith("|") or _PIPE_SEPARATOR.match(below) or len(pipe_cells(below)) != len(cells):
            return None
        return labels

    def _column_labels(self, cells: list[str], line: int, res: ParseResult) -> list[tuple[str | None, str]] | None:
        """The fields of a table's header row when it holds the labels (``| Porteur |
        Acteurs associés | Échéancier |``, ``<tr><th>Porteur</th><th>Acteurs</th></tr>``):
        at least two cells and more than half of them are known headings. A header row
        with two known headings or more but not a majority is reported (an error with
        strict=True), not read by column: which markup the table follows is unclear.
        None when the row is not a row of labels; else (field or None, label as
        printed) per column."""
        labels, known = self.mapped_labels(cells)
        if known >= 2 and 2 * known > len(cells):
            return labels
        if known >= 2:
            msg = f"a table header row with {known} known labels out of {len(cells)} cells: not read by column"
            if res.strict:
                raise ParseError(res.source, line, f"a header row of labels (more than half known); {msg}")
            res.warn(line, msg)
        return None

    def _column_values(
        self,
        labels: list[tuple[str | None, str]],
        cells: list[str],
        line: int,
        fields: dict,
        res: ParseResult,
        wraps: bool = False,
    ) -> None:
        """One data row under a header row of labels: each cell's items to its column's
        field; a value under an unknown label is reported as an unknown heading. With
        ``wraps``, a cell that goes on with its column's item above (:meth:`_wraps_item`)
        is that item's wrapped line."""
        columns = _money_columns(labels, cells)
        if columns:
            self._row_columns[line] = columns
        for k, cell in enumerate(cells):
            canon, label = labels[k] if k < len(labels) else (None, "")
            if canon is not None and wraps and fields[canon] and self._wraps_item(fields[canon][-1][1], cell):
                self._wrap_last_item(fields[canon], canon, cell)
            elif canon is not None:
                fields[canon].extend(self._cell_lines(line, cell, canon))
            elif cell_items(cell):
                res.unknown_headings.append((line, label or clean_inline(cell)[:60]))

    @staticmethod
    def _record_columns(labels: list[tuple[str | None, str]], sheet: Sheet, fields: dict) -> str | None:
        """Record the fields a header row of labels opened; returns the last one."""
        last = None
        for canon, label in labels:
            if canon is not None:
                fields.setdefault(canon, [])
                record_heading(sheet, canon, label)
                last = canon
        return last

    def _tsv_label_row(self, text: str, current: str, continuing: bool) -> tuple[str | None, str, str] | None:
        """A TSV ``Label<TAB>value`` line (two cells, the first a known heading): (field,
        label, value). A line with an empty first cell right after such lines continues
        the field above (a new item); a line ``Unknown<TAB>value`` inside such lines is
        (None, label, value), an unknown heading; ``Group<TAB>Label<TAB>value`` (a group
        label merged down, then a known one) is that label's. None for any other line."""
        if "\t" not in text:
            return None
        cells = [c.strip() for c in text.split("\t")]
        filled = [c for c in cells if c]
        # a row printing a bullet alone after its empty label cell (unrtf: « <TAB> • », the
        # next paragraph of the cell above, its text on the lines below) goes on with the field
        # even after those lines
        bullet_row = len(filled) == 1 and not cells[0] and bool(LONE_GLYPH.match(filled[0])) and current != "_head"
        continuing = continuing or bullet_row
        if len(filled) not in (2, 3) and not (continuing and len(filled) == 1):
            return None
        label = clean_inline(cells[0], bullet=False).rstrip(" :")
        if (
            not label
            and len(filled) == 2
            and self.canonical(lead := clean_inline(filled[0], bullet=False).rstrip(" :"))
        ):
            # a row printed after a tab (unrtf starts each table row with one: « <TAB>Pilote
            # <TAB>Service … »): its first cell a known label, its second the value
            return self.canonical(lead), lead, filled[1]
        if not label:
            return (current, "", filled[0]) if continuing and len(filled) == 1 else None
        if len(filled) == 3 and filled[0] == cells[0].strip() and self.canonical(label) is None:
            # a group label merged down over its rows, then the row's own label (« Acteurs
            # <TAB>Pilote(s)<TAB>CRIP » over « Partenaires<TAB>… »)
            sub = clean_inline(filled[1], bullet=False).rstrip(" :")
            canon = self.canonical(sub)
            return (canon, sub, filled[2]) if canon else None
        if len(filled) != 2:
            return None
        canon = self.canonical(label)
        if canon is None and not continuing:
            return None
        return canon, label, filled[1]

    def _cell_paragraphs(self, span: Lines, i: int) -> int:
        """How many lines from ``span[i]`` are the further paragraphs of the TSV cell on the
        line above: lines with text and no tab, up to a blank line, a tab, a label or a
        line ``stop`` ends the sheet at."""
        k = i
        while k < len(span) and (t := span[k][1]).strip() and "\t" not in t:
            if any(p.search(t) for p in self.stop_patterns) or self._heading_at(span, k)[0] is not None:
                break
            if inline_label(t.strip()) and self.canonical(inline_label(t.strip()).group("label")):
                break
            k += 1
        return k - i

    def _spaced_header(self, text: str, least: int = 3) -> list[tuple[int, str, str]] | None:
        """(column, field, label) of a header row of known labels aligned with spaces, two
        spaces or more between them, ``least`` labels or more (« Pilote(s)    Partenaires
        Calendrier    Budget »: a table whose header row holds the labels, as a PDF's text in
        layout mode prints it); None for any other line."""
        if "\t" in text or text.lstrip().startswith(("|", "<")):
            return None
        runs = [(m.start(), m.group()) for m in SPACE_CELL.finditer(text)]
        if len(runs) < least:
            return None
        found = [(at, self.canonical(label), label) for at, label in runs]
        return found if all(f for _, f, _ in found) and len({f for _, f, _ in found}) == len(found) else None

    def _merged_label_cell(self, text: str) -> tuple[str, str, str] | None:
        """(field, label, value) of a pipe row whose first cell prints a known label and its
        value (``| **Budget :** 1,1 M€ … | |``: a cell merged over the row, the row's other
        cells empty, as markitdown prints a Word row merged across a label | value table);
        None for any other line."""
        s = text.strip()
        if not s.startswith("|") or _PIPE_SEPARATOR.match(s):
            return None
        cells = pipe_cells(s)
        if len(cells) < 2 or any(clean_inline(c) for c in cells[1:]):
            return None
        m = inline_label(cells[0].strip())
        canon = self.canonical(m.group("label")) if m and m.group("value").strip() else None
        return (canon, m.group("label"), m.group("value").strip()) if canon else None

    def _pipe_label_row(self, text: str, current: str, continuing: bool) -> str | None:
        """The field of a pipe-table ``| Label | content |`` row whose label is a known
        heading; a row with an empty label right after such rows continues the field."""
        s = text.strip()
        if not s.startswith("|") or s.count("|") < 2 or _PIPE_SEPARATOR.match(s):
            return None
        cells = pipe_cells(s)
        if len(cells) < 2:
            return None
        label = clean_inline(cells[0], bullet=False).rstrip(" :")
        if not label:
            return current if continuing and any(clean_inline(c) for c in cells[1:]) else None
        if period_columns(cells) is not None:
            return None  # a year grid's header (« |Étapes |2026 |2027 |… »), its corner a label
        return self.canonical(label)

    @staticmethod
    def _cell_grid(span: Lines, i: int) -> int:
        """How many lines from ``span[i]`` (a blank line or two before it aside) a year grid
        printed one cell a line takes (:func:`schemalab.extract.cell_rows`); 0: none starts
        there."""
        j = i
        while j < len(span) and j < i + 2 and not span[j][1].strip():
            j += 1
        if j >= len(span) or not YEAR_ALONE.match(span[j][1]):
            return 0
        rows, used = cell_rows(span, j)
        return j - i + used if rows else 0

    def _wrap_last_item(self, items: Lines, field: str, value: str) -> None:
        """The last of a field's ``items`` with ``value``, its cell's line wrapped onto the
        next printed row, joined to it, then cut at ``split_items`` over the wrap as
        inside a line (« Réalisation : nombre d'informations » / « préoccupantes évaluées ;
        nombre » / « d'évaluateurs formés »: two items)."""
        n, last = items[-1]
        joined = join_wrapped(last, clean_inline(value))
        body = joined[2:] if joined.startswith("- ") else joined
        parts = self._value_lines(n, body, field)
        items[-1:] = [(n, t) for _, t in parts] if len(parts) > 1 else [(n, joined)]

    @staticmethod
    def _wraps_item(last: str, value: str) -> bool:
        """A continuation row's value goes on with the item above (a cell wrapped at its
        width and printed one line a row): it starts in lower case or on a bracket, or the
        item above ends open (a connector, a comma, a dash); a value printing its own items
        (``<br>``, ``<li>``) or a list marker never does."""
        text = clean_inline(value)
        prev = clean_inline(last, bullet=True)
        if not text or not prev or re.search(r"<br|<li|<p>", value, re.I) or LIST_MARKER.match(text):
            return False
        return text[:1] in "(«:;," or _goes_on(prev, text)

    @staticmethod
    def _unknown_pipe_label(text: str) -> tuple[str, str] | None:
        """(label, value) of a two-cell ``| Label | content |`` row whose label no heading
        maps (``|**Coût**|180 000 € par an|``), read under rows of known labels; None for
        any other line."""
        s = text.strip()
        if not s.startswith("|") or _PIPE_SEPARATOR.match(s):
            return None
        cells = pipe_cells(s)
        label = clean_inline(cells[0], bullet=False).rstrip(" :") if len(cells) == 2 else ""
        if not label or len(label) > 60 or not clean_inline(cells[1]):
            return None
        return label, cells[1]

    def _html_block(self, block: Lines, current: str, fields: dict, res: ParseResult, sheet: Sheet) -> str:
        """One HTML table of a sheet: a Gantt grid stays whole in the current field;
        label | content rows become fields and items. Returns the current field."""
        rows = grid_rows(block)
        first = next((r for r in rows if r.cells), None)
        labels = self._column_labels(first.cells, first.line, res) if first is not None else None
        if labels is not None:
            # a first row of labels (``<th>`` or ``<td>``): each column's values to its field
            for row in rows[rows.index(first) + 1 :]:
                self._column_values(labels, row.cells, row.line, fields, res)
            return self._record_columns(labels, sheet, fields) or current
        grid = self._grid_block(rows, block, current, fields, sheet)
        if grid is not None:
            return grid
        body = self._label_body(rows, block, res, sheet)
        if body is None:
            fields[current].extend(block)
            return current
        # the lines each row is printed over (its items carry the row's first line): an
        # amount printed on a row's later line is still in that row's field (field_nature)
        ends = {r.line: nxt.line - 1 for r, nxt in zip(rows, rows[1:], strict=False)}
        spans = sheet.extra.setdefault("field_spans", [])
        for row in body:
            if not row.cells:
                continue
            end = ends.get(row.line, block[-1][0])
            label = clean_inline(row.cells[0], bullet=False).rstrip(" :")
            value = " <br> ".join(row.cells[1:])
            runs = self._run_in_labels(value) if len(row.cells) > 1 else None
            if runs:
                # the cell's paragraphs print labels of their own (« Pilotage » | « Pilote : … »
                # / « Partenaires : … »): each paragraph goes to its field, the row's label
                # only groups them
                for canon, printed, text in runs:
                    current = canon
                    fields.setdefault(canon, [])
                    record_heading(sheet, canon, printed)
                    fields[canon].extend(self._cell_lines(row.line, text, canon))
                continue
            if label:
                canon = self.canonical(label)
                if canon:
                    current = canon
                    fields.setdefault(canon, [])
                    record_heading(sheet, canon, label)
                elif len(row.cells) > 1:
                    res.unknown_headings.append((row.line, label))
                else:
                    value = row.cells[0]
            fields[current].extend(self._cell_lines(row.line, value, current))
            spans.append((current, row.line, end))
        return current

    def _grid_block(self, rows: list, block: Lines, current: str, fields: dict, sheet: Sheet) -> str | None:
        """A Gantt grid (HTML or pipe table) stays whole, in the field its corner cell
        names (``<th>Calendrier</th><th>S1 2025</th>…``, ``| Calendrier | 2025 |``),
        else in the current field; returns that field. None when ``rows`` is no grid."""
        if not gantt_marks(rows).rows:
            return None
        first = next((r for r in rows if r.cells), None)
        corner = clean_inline(first.cells[0], bullet=False).rstrip(" :") if first is not None else ""
        canon = self.canonical(corner) if corner else None
        if canon and canon.split(":")[0] == "calendar":
            current = canon
            record_heading(sheet, canon, corner)
        # a row of the grid labelled by a known heading whose other cells hold no mark (« |
        # Budget | 1,2 M€ sur la durée du schéma … | », merged over the years): that field's
        # value, not a step of the grid
        labelled = {}
        for r in rows[1:]:
            label = clean_inline(r.cells[0], bullet=False).rstrip(" :") if r.cells else ""
            field = self.canonical(label) if label else None
            # a merged cell printed once per column it spans (python-docx) is one value
            values = list(dict.fromkeys(c for c in r.cells[1:] if clean_inline(c)))
            if field and values and not any(clean_inline(c) in GRID_MARKS for c in values):
                labelled[r.line] = (field, label, " <br> ".join(values))
        fields[current].extend((n, t) for n, t in block if n not in labelled)
        for n, (field, label, value) in labelled.items():
            fields.setdefault(field, [])
            record_heading(sheet, field, label)
            fields[field].extend(self._cell_lines(n, value, field))
        return current

    def _run_in_labels(self, cell: str) -> list[tuple[str, str, str]] | None:
        """(field, label as printed, value) per paragraph of a content cell whose first
        paragraph opens with a known run-in label (« Pilote : Direction … », then
        « Partenaires : CAF ; UDAF »); a paragraph with no label goes on with the one above.
        None when the first paragraph opens with no known label."""
        out: list[tuple[str, str, str]] = []
        for item in cell_items(cell):
            m = inline_label(item)
            canon = self.canonical(m.group("label")) if m else None
            if canon:
                out.append((canon, m.group("label"), m.group("value")))
            elif not out:
                return None
            else:
                f, lab, text = out[-1]
                out[-1] = (f, lab, f"{text} <br> {item}")
        return out

    def _label_value_header(self, row) -> bool:
        """A header row that is a label and its value (``<th>Objectifs</th><th>Repérer plus
        tôt …</th>``): the first row of a label | content table, which pandoc prints as the
        table's header whatever it holds. Its first cell a known label, its second a text
        that is none (a header of labels, ``Rubrique | Contenu``, is no content)."""
        cells = [clean_inline(c, bullet=False).rstrip(" :") for c in row.cells]
        if len(cells) != 2 or not all(cells):
            return False
        return bool(self.canonical(cells[0])) and not self.canonical(cells[1])

    def _label_body(self, rows: list, block: Lines, res: ParseResult, sheet: Sheet) -> list | None:
        """The label | content rows of a table with header rows that are not labels
        (``<th>Rubrique</th><th>Contenu</th>``; a header row that is a label and its value is
        one of them: :meth:`_label_value_header`): the rows below its header rows when
        one of them starts with a known label (the header rows are not content); all
        the rows when none is a header. None when the table has header rows and no
        label row under them: it is kept whole in the current field (a grid or a table
        the calendar or another reader takes), with a warning since no label reads it."""
        if not any(r.header for r in rows):
            return rows
        body = [r for r in rows if not r.header or self._label_value_header(r)]
        if any(r.cells and self.canonical(clean_inline(r.cells[0], bullet=False).rstrip(" :")) for r in body):
            return body
        head = next(r for r in rows if r.header)
        res.warn(
            head.line,
            f"sheet {sheet.action_id}: a table whose header row is {[clean_inline(c) for c in head.cells]!r} "
            "has no row starting with a known label: its rows are not read as fields",
        )
        return None

    def extract_calendar(self, doc: Document, sheet: Sheet, res: ParseResult) -> str:
        """A Gantt grid printed in the calendar field (pipe, HTML or TSV table with year
        columns and marks) gives one row per marked cell (label: the step); the other
        lines are read as usual (years stated in each item)."""
        if self._year_steps is not None:
            return self.extract_year_steps(doc, sheet, res)
        lines = sheet.fields.get("calendar", [])
        rows = grid_rows(lines)
        grid = gantt_marks(rows)
        in_grid = {n for r in rows for n in r.line_numbers}
        unread = _unread_cell_headers(lines, in_grid)
        for n, t in lines:
            if n not in in_grid and (SPACED_YEARS.match(t) or n in unread[:1]):
                # a header of years aligned with spaces, or printed one a line, and no row of
                # marks read under them (mutool drops a grid's empty cells: its marks cannot be
                # placed under their years)
                head = t.strip() if n not in unread else " ".join(doc.line(k).strip() for k in unread)
                msg = f"sheet {sheet.action_id}: a year grid header {head!r} with no row of marks read under it"
                if res.strict:
                    raise ParseError(doc.source, n, f"a year grid (rows of marks under the years); {msg}")
                res.warn(n, msg)
        in_grid |= set(unread)
        lines = _step_date_rows(lines)
        if not grid.rows:
            # a loose line that starts with a year ("2025 : ouverture …") is a step of
            # its own, not the continuation of the line above
            # unless the line above ends with the semester words of that year ("… Second
            # semestre" / "2025 : ouverture …") or a date phrase's lead (« … ouverture des
            # places fin » / « 2027, évaluation en 2029. »): then it continues that line
            dated = [
                (
                    n,
                    f"- {t.strip()}"
                    if _DATED_LINE.match(t)
                    and not (
                        k and (DANGLING_SEMESTER.search(lines[k - 1][1]) or DANGLING_DATE_LEAD.search(lines[k - 1][1]))
                    )
                    else t,
                )
                for k, (n, t) in enumerate(lines)
                if n not in unread
            ]
            return self.stated_years(sheet, dated, res)
        for line, text in grid.odd_cells:
            msg = f"sheet {sheet.action_id}: Gantt cell {text!r} is neither empty nor a mark"
            if res.strict:
                raise ParseError(doc.source, line, f"a Gantt row of marks; {msg}")
            res.warn(line, msg)
        for mk in grid.marks:
            self.add_calendar(
                res, sheet.action_id, mk.year, source="gantt", line=mk.line, semester=mk.semester, label=mk.label
            )
        html_lines = {n for n, t in lines if re.search(r"</?(table|tr|td|th)\b", t, re.I)}
        rest = [(n, t) for n, t in lines if n not in in_grid and n not in html_lines and not t.strip().startswith("|")]
        self._labels_after_grid(rest, res)
        status = self.stated_years(sheet, rest, res)
        return "explicit" if grid.marks else status

    def _labels_after_grid(self, rest: Lines, res: ParseResult) -> None:
        """A ``Label : value`` line printed after a Gantt grid, in the calendar field, whose
        label is not in ``headings`` (``Observations : …``): an unknown heading (an error
        under strict), never a line the calendar takes in silence."""
        for n, t in rest:
            m = inline_label(t.strip())
            if m is not None and not self.canonical(m.group("label")) and not years(m.group("label")):
                res.unknown_headings.append((n, clean_inline(m.group("label"), bullet=False)))

    def extract_budget(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Every amount of the sheet; with ``amount_years: sentence``, a sentence naming
        exactly one year dates its amount ("200 000 € en 2026" → 2026)."""
        if self.config.get("amount_years") == "sentence":
            for n, text in doc.span(sheet.start, sheet.end):
                self._line_amounts(doc, res, n, text, sheet.action_id, year_from_sentence=True)
            return
        in_table = self._year_money_table(doc, sheet, res)
        before = len(res.tables["budget_lines"])
        for n, text in doc.span(sheet.start, sheet.end):
            if n in in_table:
                continue
            text = self._unit_cells(doc).get(n, text)
            text = with_cut_amount(text, doc.line(n + 1) if n + 1 < sheet.end else "")
            found = euro_amounts(text)
            wrapped = ocr_lines.wrapped_phrase(doc, n, sheet.start, sheet.end - 1) if found else None
            kw = dict(rule_for=self.amount_scope_rule(doc, n, text), default_nature=self.field_nature(sheet, n))
            if wrapped is None:
                self.add_amounts(res, text, n, sheet.action_id, **kw)
                continue
            # an amount in a phrase wrapped at its cell's width (« … dont 40 000 € de la » /
            # « CAF »): read in the phrase's sentence, its funder and year with it
            for a in found:
                context = _sentence_in_phrase(wrapped, a.raw)
                self.add_amounts(res, a.raw, n, sheet.action_id, context=context, **kw)
        self._qualify_by_columns(res.tables["budget_lines"][before:])

    def _qualify_by_columns(self, rows: list[dict]) -> None:
        """Amounts printed in a row of a table under a header of labels (a step table « Étape
        | Échéance | Coût estimé | Financeur »): what the row's other columns say of them,
        where their own words say nothing (:attr:`_row_columns`): the nature the amount's
        column label names (« Coût estimé » a cost estimate, « Budget » planned), the one
        year its date cell names, the body its funder cell names (the scope ``third_party``
        when that body alone pays and is not the Département)."""
        for r in rows:
            row = self._row_columns.get(r["first_line"])
            if not row:
                continue
            if r.get("nature") == "other" and row.get("cost"):
                nature = self.budget_nature(row["cost"])
                r["nature"] = nature if nature != "other" else r["nature"]
            if r.get("year") is None and row.get("date"):
                ys = years(row["date"])
                r["year"] = ys[0] if len(ys) == 1 else None
            if not r.get("payer") and row.get("payer"):
                names = payer_names(row["payer"])
                if names:
                    r["payer"] = ", ".join(names)
                    if names != ["Département"] and "Département" not in names and r.get("scope") == "action":
                        r["scope"] = "third_party"

    def _year_money_table(self, doc: Document, sheet: Sheet, res: ParseResult) -> set[int]:
        """A sheet's budget table by year whose corner names the unit (« En k€ | 2025 | 2026 |
        … | Total » over « Fonctionnement | 40 | 42,5 | … | 215 »; pipe or TSV rows): each
        figure under a year is that year's amount in that unit (planned, per year, a
        component of its row's total), the « Total » column the row's total. Returns the
        lines read (the sheet's other lines are read as usual)."""
        read: set[int] = set()
        span = doc.span(sheet.start, sheet.end)
        k = 0
        while k < len(span):
            n, text = span[k]
            cells = _table_cells(text)
            unit = _MONEY_CORNER.search(cells[0]) if cells else None
            # (or a corner naming money and each row its unit: « Budget prévisionnel | 2026 | … »
            # over « Crédits départementaux (€) | | 250000 | … », a workbook's cells)
            money_corner = bool(cells) and _MONEY_WORD_CORNER.search(cells[0]) is not None
            years = [(c, int(t)) for c, t in enumerate(cells) if c and YEAR_ALONE.match(t)]
            ys = [y for _, y in years]
            if (unit is None and not money_corner) or len(ys) < 2 or ys != list(range(ys[0], ys[0] + len(ys))):
                k += 1
                continue
            total = next((c for c, t in enumerate(cells) if c and re.fullmatch(r"(?i)total", t)), None)
            corner_unit = unit.group("unit") if unit else None
            read.add(n)
            k += 1
            while k < len(span):
                m, row = span[k]
                if _PIPE_SEPARATOR.match(row.strip()):
                    read.add(m)
                    k += 1
                    continue
                rc = _table_cells(row)
                if len(rc) < 2 or not rc[0]:
                    break
                row_unit = _ROW_UNIT.search(rc[0])
                unit_text = corner_unit or (row_unit.group("unit") if row_unit else None)
                if unit_text is None:
                    break  # a row naming no unit under a corner naming none: not read as money
                read.add(m)
                for c, y in years:
                    if c < len(rc) and _TABLE_FIGURE.match(rc[c]):
                        self.add_amounts(
                            res, f"{rc[c]} {unit_text}", m, sheet.action_id, year=y, nature="planned",
                            periodicity="per_year", role="component", context=f"{rc[0]} {y}",
                        )  # fmt: skip
                if total is not None and total < len(rc) and _TABLE_FIGURE.match(rc[total]):
                    self.add_amounts(
                        res, f"{rc[total]} {unit_text}", m, sheet.action_id, nature="planned",
                        periodicity="one_off", role="total", context=f"{rc[0]} total",
                    )  # fmt: skip
                k += 1
        return read

    def _unit_cells(self, doc: Document) -> dict[int, str]:
        """The TSV rows whose bare numbers are euros by their row's or column's label
        (:func:`~schemalab.parsers.action_rows.unit_cells`), computed once per document."""
        if getattr(self, "_unit_cells_of", (None,))[0] is not doc:
            self._unit_cells_of = (doc, unit_cells(doc.lines))
        return self._unit_cells_of[1]

    def _line_amounts(self, doc: Document, res: ParseResult, n: int, text: str, action_id, **kw) -> None:
        """The amounts printed on line ``n``, each qualified on its sentence across the
        wraps of its prose paragraph (:func:`ocr_lines.wrapped_sentence`: "En 2024, le" /
        "Département a consacré 62,8 M€" → 2024); a table row, HTML or a list item is
        its own context. An amount cut at the line end ("71,6 mil-" / "lions d'euros") is
        read on this line (:func:`~schemalab.extract.with_cut_amount`)."""
        text = with_cut_amount(text, doc.line(n + 1) if n < len(doc.lines) else "")
        found = euro_amounts(text)
        line = clean_inline(text)
        caption = self._caption_below(doc, n, line, found)
        # a key figure's sentence is its caption (« chiffres clés » run with no full stop)
        rule_for = self.amount_scope_rule(doc, n, text, sentence=caption)
        wrapped = [ocr_lines.wrapped_sentence(doc, n, a.raw) or self._phrase_sentence(doc, n, a.raw) for a in found]
        wrapped = [w if w and w not in line else None for w in wrapped]
        if caption:
            wrapped = [caption]
        if not any(wrapped):
            self.add_amounts(res, text, n, action_id, rule_for=rule_for, **kw)
            return
        for a, sentence in zip(found, wrapped, strict=True):
            context = sentence or money_text(text, a, found).context
            self.add_amounts(res, a.raw, n, action_id, context=context, rule_for=rule_for, **kw)

    @staticmethod
    def _phrase_sentence(doc: Document, n: int, raw: str) -> str | None:
        """The sentence holding the amount printed ``raw`` on line ``n`` in the phrase a
        converter wrapped at its column's width, a list item or a table cell
        (:func:`ocr_lines.wrapped_phrase`: « - 4,65 M€ pour les actions de prévention (PMI, … » /
        « aide à domicile) en 2024 »); None when the line is its phrase alone."""
        wrapped = ocr_lines.wrapped_phrase(doc, n, 1, len(doc.lines))
        return _sentence_in_phrase(wrapped, raw) if wrapped is not None else None

    @staticmethod
    def _caption_below(doc: Document, n: int, line: str, found: list) -> str | None:
        """A key figure: an amount printed alone on its line, its caption on the next line
        (a slide or a designed page's « chiffres clés »)::

            148,6 M€
            budget départemental de l'enfance et de la famille en 2025

        The amount's context is then the two lines (« 148,6 M€ budget départemental … en
        2025 »; a blank line between them, as Markdown separates paragraphs, allowed), so that what it is and its year are read; the caption starts in lower case
        and prints no amount of its own. None otherwise."""
        if len(found) != 1 or line.strip(" .:*#") != found[0].raw.strip() or n >= len(doc.lines):
            return None
        below = clean_inline(doc.line(n + 1))
        if not below and n + 1 < len(doc.lines):  # Markdown: a blank line between paragraphs
            below = clean_inline(doc.line(n + 2))
        if not below[:1].islower() or euro_amounts(below):
            return None
        # the caption wrapped in its card (« … au budget » / « primitif 2025, soit une hausse
        # de 4,4 M€ par » / « rapport à 2024 »): its lines in lower case, down to a blank line
        k = n + 1 if clean_inline(doc.line(n + 1)) else n + 2
        for nxt in (clean_inline(doc.line(j)) for j in range(k + 1, min(k + 4, len(doc.lines) + 1))):
            if not nxt or not nxt[:1].islower() or below.endswith("."):
                break
            below = join_wrapped(below, nxt)
        return f"{found[0].raw.strip()} {below}"

    def clean_title(self, title: str) -> str:
        """``title_clean`` rules (regex → replacement), applied in order, then the
        ``title_clean_words`` word map."""
        return ocr_lines.repair(title, self._title_rules, self._clean_words)

    # -- plan level -------------------------------------------------------------------
    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        # review rows first: the amounts they print are read with the row (review.amounts)
        review_lines = self.extract_review(doc, res) if self._review else set()
        read = {r["first_line"] for r in res.tables["budget_lines"]}
        for n in sorted(review_lines - read):
            # an amount a reviewed row prints (« Partiellement réalisé : 2 lieux de vie ouverts ;
            # 380 000 € engagés sur 600 000 € prévus »): the previous plan's money
            text = doc.line(n)
            if euro_amounts(text):
                self.add_amounts(res, text, n, None, year_from_sentence=True, scope="previous_plan")
        review_lines |= self.extract_budget_table(doc, res)
        self.read_sheet_tables(doc, res)
        where = self.config.get("plan_money")
        if where in ("before_first_sheet", "outside_sheets"):
            first_sheet = min(r["first_line"] for r in res.tables["actions"])
            dated = self.config.get("amount_years") == "sentence"
            lines = list(doc.span(1, first_sheet))
            if where == "outside_sheets":  # and after the last sheet: annexes, the review's introduction
                last_end = max(end for _, end in self._spans)  # the sheets `segment` found
                lines += list(doc.span(last_end, len(doc.lines) + 1))
            for n, text in lines:
                if n in review_lines:
                    continue
                self._line_amounts(doc, res, n, self._unit_cells(doc).get(n, text), None, year_from_sentence=dated)
        for n, t in self._unmatched_axes:
            res.warn(n, f"axis heading {t!r} matches no numbered axis heading")
        if self._youth:
            self.extract_youth(doc, res)
        if self.config.get("summary"):
            self.check_summary(doc, res)

    def extract_budget_table(self, doc: Document, res: ParseResult) -> set[int]:
        """A financial programme printed outside the sheets: a table aligned with spaces whose
        header names consecutive years (« N°   Fiche action   2026   2027 … Total »), one row
        per sheet opening with the sheet's number. Each amount under a year is that sheet's,
        for that year (planned: a programme says what will be spent). The « Total » column is
        kept as the sheet's total (role ``total``, its year cells its components), and a TOTAL
        row's cells as the plan's totals (``plan_envelope``, role ``total``): every amount a
        plan prints is a row, and a total is never added to its parts
        (:func:`~schemalab.extract.link_amounts`). Returns the lines read, which the plan's own
        money does not read again."""
        actions = {a["action_id"] for a in res.tables["actions"]}
        outside = self._outside_sheets(doc) if actions else []
        if not outside:
            return set()  # (`layout: rows`: the actions' own table holds their money)
        done: set[int] = set()
        k = 0
        while k < len(outside):
            n, header = outside[k]
            cols = _year_columns(header)
            if cols is None and _table_cells(header):
                read_pipe, after = self._table_programme(doc, res, outside, k, actions)
                done |= read_pipe
                k = after if read_pipe else k + 1
                continue
            if cols is None:
                read_single, after = self._single_spaced_programme(doc, res, outside, k, actions)
                done |= read_single
                k = after if read_single else k + 1
                continue
            read, k = [], k + 1
            while k < len(outside) and outside[k][1].strip():
                row_n, row = outside[k]
                m = re.match(r"^\s*(?P<id>[A-H]?\d{1,2}(?:\.\d{1,2}){0,2})\s{2,}", row)
                if m and m.group("id") in actions:
                    read.append((row_n, m.group("id"), row))
                elif _PROGRAMME_TOTAL.match(row.strip()):
                    read.append((row_n, None, row))  # « TOTAL   280 000 €   557 500 € … »
                k += 1
            if len(read) < 2:
                continue
            title = clean_inline(doc.line(n - 2)) if n > 2 else ""
            has_total = any(y is None for _, y in cols)
            payer = caption_payer(" ".join(clean_inline(doc.line(j)) for j in range(max(1, n - 3), n)))
            for row_n, aid, row in read:
                for run in SPACE_CELL.finditer(row):
                    amount = run.group() if euro_amounts(run.group()) else None
                    if amount is None and re.fullmatch(r"\d{1,3}(?: \d{3})+", run.group()):
                        amount = f"{run.group()} €"  # the table's amounts in euros, printed bare
                    if amount is None:
                        continue
                    mid = (run.start() + run.end()) / 2
                    year = min(cols, key=lambda c: abs(mid - c[0]))
                    if abs(mid - year[0]) > 8:
                        continue  # a figure under no column
                    self._programme_amount(res, title, clean_inline(row), row_n, aid, amount, year[1], has_total, payer)
                done.add(row_n)
            done |= {m for m, _ in outside[outside.index((n, header)) : k]}
        return done

    def _programme_amount(
        self,
        res: ParseResult,
        title: str,
        row: str,
        n: int,
        aid: str | None,
        amount: str,
        year: int | None,
        has_total: bool,
        payer: str | None = None,
    ) -> None:
        """One cell of a financial programme (both readers): under a year, that year's money
        for the row's sheet (a component of the row's Total where the table has that column);
        in the Total column, the row's total (one-off). A row of totals (``aid`` None: TOTAL,
        « Total orientation 1 ») holds the plan's totals, year by year and in all. ``payer``:
        the body the table's caption says the credits are (:func:`caption_payer`)."""
        added = self.add_amounts(
            res,
            amount,
            n,
            aid,
            year=year,
            context=f"{title} {year if year else 'total'} : {row}".strip(),
            default_nature="planned",
            # a year's column: that year's money, as a BP column
            periodicity="per_year" if year else "one_off",
            role="total" if year is None or aid is None else "component" if has_total else None,
            scope="plan_envelope" if aid is None else None,
        )
        for row in res.tables["budget_lines"][len(res.tables["budget_lines"]) - added :] if added else []:
            row["payer"] = row.get("payer") or payer

    def _outside_sheets(self, doc: Document) -> Lines:
        """The lines printed before the first sheet and after the last (the annexes, the
        édito), where programmes and tables keyed by sheet are read; [] when no sheet was
        segmented (`layout: rows`)."""
        if not getattr(self, "_spans", None):
            return []
        first = min(start for start, _ in self._spans)
        last = max(end for _, end in self._spans)
        return [*doc.span(1, first), *doc.span(last, len(doc.lines) + 1)]

    def _sheet_tables(self, doc: Document, res: ParseResult):
        """The tables printed outside the sheets whose rows open with a sheet's number (pipe or
        TSV rows: « | 1.1.1 | Entretien prénatal | CP | P | … | », « | 3 | Délai moyen … | »,
        « | Fiche 7 | | ● | ● | »): for each, ``(header line, header cells, rows, lines
        around)``, ``rows`` as ``(line, sheet, cells)``, ``lines around`` the six lines above
        its header and below its last row (its legend, its caption). Two such rows at least."""
        actions = {a["action_id"] for a in res.tables["actions"]}
        outside = self._outside_sheets(doc) if actions else []
        k = 0
        while k < len(outside):
            n, header = outside[k]
            cells = _table_cells(header)
            k += 1
            if len(cells) < 2:
                continue
            start = k - 1
            rows: list[tuple[int, str, list[str]]] = []
            while k < len(outside) and (_table_cells(outside[k][1]) or _PIPE_SEPARATOR.match(outside[k][1].strip())):
                row_n, row = outside[k]
                row_cells = _table_cells(row)
                m = _SHEET_CELL.match(row_cells[0] if row_cells else "")
                if m and m.group(1) in actions:
                    rows.append((row_n, m.group(1), row_cells))
                k += 1
            if len(rows) >= 2:
                yield n, cells, rows, [*outside[max(0, start - 6) : start], *outside[k : k + 6]]
            elif rows:
                k = start + 1

    def read_sheet_tables(self, doc: Document, res: ParseResult) -> None:
        """What tables printed outside the sheets tell of each sheet, row by row (the tables of
        :meth:`_sheet_tables`), with no key:

        - a **matrix of roles** (« Annexe 3 – Répartition des rôles »: « | N° | Fiche | DEF |
          PMI | CAF | … | » / « | 1.1.1 | … | CP | P | A | »), its marks explained by a legend
          (« Légende : P = pilote ; CP = copilote ; A = associé »,
          :func:`~schemalab.extract.legend_marks`): each marked cell gives its column's body
          the role its mark's words name (pilote, copilote, porteur, responsable → pilot;
          associé, partenaire, contributeur → partner), where the header names three bodies or
          more the actor registry knows; a mark the legend does not explain is a warning;
        - a **dashboard of indicators** (« Annexe 2 – Tableau de bord des indicateurs »: «
          | Fiche | Indicateur | Valeur 2024 | Cible 2030 | Source | »): each row's indicator
          cell an indicator of its sheet, its target the « Cible » cell (« – », « nd » none),
          unless the sheet prints that indicator itself;
        - a **calendar by sheet** (« Annexe 3 – Calendrier de mise en œuvre »: « | Fiche |
          2026 | 2027 | … | » / « | 3 | | X | X | X | | »): each year marked (X, ●, ✓ …,
          :data:`~schemalab.extract.GRID_MARKS`) a calendar row of its sheet (source
          ``gantt``), a sheet whose calendar was absent then explicit."""
        from schemalab.actors import load_registry

        registry = load_registry()
        for _, cells, rows, around in self._sheet_tables(doc, res):
            bodies = {
                c: t for c, t in enumerate(cells) if c and t and all(m.body is not None for m in registry.resolve(t))
            }
            years_at = {c: int(t) for c, t in enumerate(cells) if c and re.fullmatch(r"(?:19|20)\d\d", t)}
            indicator = next((c for c, t in enumerate(cells) if c and re.match(r"(?i)indicateurs?\b", t)), None)
            if len(bodies) >= 3:
                legend: dict[str, str] = {}
                for _, text in around:
                    legend.update(legend_marks(text))
                roles = {mark: _legend_role(words) for mark, words in legend.items() if _legend_role(words)}
                for row_n, aid, row_cells in rows if roles else ():
                    for c, body in bodies.items():
                        mark = row_cells[c].strip() if c < len(row_cells) else ""
                        if mark and mark not in roles:
                            res.warn(
                                row_n,
                                f"roles matrix: mark {mark!r} under {body!r} is not in its legend ({sorted(roles)})",
                            )
                        elif mark:
                            self.add_actor(res, aid, roles[mark], body, row_n)
            elif indicator is not None:
                target = next((c for c, t in enumerate(cells) if re.match(r"(?i)cible|objectif|valeur cible", t)), None)
                for row_n, aid, row_cells in rows:
                    text = row_cells[indicator] if indicator < len(row_cells) else ""
                    printed = {r["text"] for r in res.tables["indicators"] if r["action_id"] == aid}
                    if not text or text in printed:
                        continue
                    self.add_indicator(res, aid, text, None, row_n, heading=cells[indicator])
                    goal = row_cells[target].strip() if target is not None and target < len(row_cells) else ""
                    if goal and not re.fullmatch(r"(?i)[–—-]|nd|n\.?c\.?|/", goal):
                        res.tables["indicators"][-1]["target_text"] = goal
            elif len(years_at) >= 3 and all(
                not row_cells[c].strip() or row_cells[c].strip() in GRID_MARKS
                for _, _, row_cells in rows
                for c in years_at
                if c < len(row_cells)
            ):
                marked = set()
                for row_n, aid, row_cells in rows:
                    for c, year in years_at.items():
                        if c < len(row_cells) and row_cells[c].strip() in GRID_MARKS:
                            res.add(
                                "calendar", plan_id=self.plan_id, action_id=aid, year=year, semester=None,
                                label=None, source="gantt", line=row_n,
                            )  # fmt: skip
                            marked.add(aid)
                for a in res.tables["actions"]:
                    if a["action_id"] in marked and a["calendar_status"] == "absent":
                        a["calendar_status"] = "explicit"

    def _table_programme(
        self, doc: Document, res: ParseResult, outside: Lines, k: int, actions: set[str]
    ) -> tuple[set[int], int]:
        """A financial programme printed as a pipe or TSV table (Markdown, Org, a wiki:
        « | Fiche | 2026 | 2027 | … | Total | » / « | 1.2.1 -- Renfort de la CRIP | 87 | 52 |
        … | 347 | » / « | TOTAL | 502 | … | 5 500 | »): each year's amount of the sheet whose
        number its first cell opens with, in the unit its cells or the caption above print
        (« Montants en k€ »), read as the programmes aligned with spaces are
        (:meth:`_programme_amount`: the Total column the sheet's total, a TOTAL row the
        plan's). Returns the lines read and the index after the table (``k`` unchanged when
        ``outside[k]`` is no such header)."""
        n, header = outside[k]
        cells = _table_cells(header)
        years = {c: int(t) for c, t in enumerate(cells) if re.fullmatch(r"(?:19|20)\d\d", t)}
        if len(years) < 3 or list(years.values()) != list(range(min(years.values()), min(years.values()) + len(years))):
            return set(), k
        total = next((c for c, t in enumerate(cells) if c > max(years) and re.fullmatch(r"(?i)total", t)), None)
        above = " ".join(clean_inline(t) for _, t in outside[max(0, k - 3) : k])
        unit = _caption_unit(above)
        payer = caption_payer(above)
        title = clean_inline(doc.line(n - 1)) if n > 1 and clean_inline(doc.line(n - 1)) else above[-200:]
        columns = {**years, **({total: None} if total is not None else {})}
        done = {n}
        k += 1
        while k < len(outside) and (_table_cells(outside[k][1]) or _PIPE_SEPARATOR.match(outside[k][1].strip())):
            row_n, row = outside[k]
            row_cells = _table_cells(row)
            k += 1
            if not row_cells:
                done.add(row_n)  # the rule under the header
                continue
            first = _SHEET_CELL.match(row_cells[0])
            aid = first.group(1) if first and first.group(1) in actions else None
            if aid is None and not _PROGRAMME_TOTAL.match(row_cells[0]):
                continue
            for c, year in columns.items():
                cell = row_cells[c] if c < len(row_cells) else ""
                if euro_amounts(cell):
                    amount = cell
                elif _TABLE_FIGURE.match(cell):
                    amount = f"{cell} {unit}"
                else:
                    continue
                self._programme_amount(
                    res, title, " | ".join(row_cells), row_n, aid, amount, year, total is not None, payer
                )
            done.add(row_n)
        return done, k

    def _single_spaced_programme(
        self, doc: Document, res: ParseResult, outside: Lines, k: int, actions: set[str]
    ) -> tuple[set[int], int]:
        """A financial programme printed with single spaces (`pdftotext -raw`: « Action 2025
        2026 2027 2028 2029 Total » / « 1.1.1 80 120 120 120 120 560 » / « 1.2.2 15 15 15 – –
        45 »), its unit in a caption above it (« en milliers d'euros (k€) »): each year's
        amount of a sheet's row, grouped by :func:`programme_cells`; totals (the Total column,
        « Total orientation 1 » rows, their label wrapped above their numbers) are sums, not
        read, as in a table aligned with spaces. Returns the lines read and the index after
        the table (``k`` unchanged when ``outside[k]`` is no such header)."""
        n, header = outside[k]
        m = _SINGLE_SPACED_HEADER.match(clean_inline(header))
        if m is None:
            return set(), k
        years = [int(y) for y in m.group("years").split()]
        if years != list(range(years[0], years[0] + len(years))):
            return set(), k
        width = len(years) + (1 if m.group("total") else 0)
        above = " ".join(clean_inline(t) for _, t in outside[max(0, k - 3) : k])
        unit = _caption_unit(above)
        title = clean_inline(doc.line(n - 1)) if n > 1 else ""
        has_total = bool(m.group("total"))
        payer = caption_payer(above)
        columns: list[int | None] = [*years, *([None] if has_total else [])]
        done = {n}
        label: list[str] = []  # a total row's label, wrapped above its numbers
        k += 1
        while k < len(outside):
            row_n, row = outside[k]
            text = clean_inline(row)
            first, _, rest = text.partition(" ")
            sheet_row = first in actions and rest
            cells = programme_cells((rest if sheet_row else text).split(), width, has_total)
            if sheet_row or (cells is not None and _PROGRAMME_TOTAL.match(" ".join(label))):
                if cells is None:
                    res.warn(row_n, f"a programme row of {width} cells, as its header at line {n} has; read none")
                row_text = text if sheet_row else f"{' '.join(label)} {text}"
                for year, cell in zip(columns, cells or [], strict=False):
                    if cell is not None:
                        aid = first if sheet_row else None
                        self._programme_amount(
                            res, title, row_text, row_n, aid, f"{cell} {unit}", year, has_total, payer
                        )
                label = []
            elif cells is None and not (len(text) <= 40 and not text.endswith(".")):
                break  # a sentence under the table: the table ended
            else:
                label = [*label, text] if cells is None else []
            done.add(row_n)
            k += 1
        return done, k

    def unknown_heading_hint(self) -> str:
        name = self.config_path.name if self.config_path else "the YAML configuration"
        return f"map them under `headings:` in {name}, to a field or to `ignore`"

    def _section(self, doc: Document, res: ParseResult, spec: dict, key: str) -> Lines:
        """The lines after the first ``start`` line up to the next ``end`` line; a section
        that starts before the first sheet ends at the first sheet at the latest. No
        ``start`` line: an error, or no lines with ``required: false``. ``skip`` lines
        (running headers, footers) are left out."""
        bounds = self._section_bounds(doc, res, spec)
        if bounds is None:
            if not spec.get("required", True):
                return []
            near = next(
                (
                    n
                    for n, t in enumerate(doc.lines, 1)
                    if spec["start"].search(t.strip()) or spec["start"].search(clean_inline(t))
                ),
                None,
            )
            hint = (
                f" (none as printed; line {near} would once its markup or the spaces around it are dropped: "
                r"allow them in the pattern, e.g. `\s*$` at its end)"
                if near is not None
                else " (none: write it on the line as printed)"
            )
            raise ParseError(doc.source, None, f"a line matching `{key}.start` {spec['start'].pattern!r}{hint}")
        first, stop = bounds[0] + 1, bounds[1]
        first_sheet = min((r["first_line"] for r in res.tables["actions"]), default=stop)
        if first < first_sheet:
            stop = min(stop, first_sheet)
        return self.unskipped(doc.span(first, stop))

    @staticmethod
    def _section_bounds(doc: Document, res: ParseResult, spec: dict) -> tuple[int, int] | None:
        """``(start line, stop line)`` of a review or youth section: its start
        (:func:`~schemalab.parsers.base.annex_start`), the next ``end`` line. None: no line
        matches ``start``."""
        found = [n for n, _ in doc.find(spec["start"])]
        if not found:
            return None
        first = annex_start(found, min((r["first_line"] for r in res.tables["actions"]), default=None))
        ends = doc.find(spec["end"], first + 1) if spec.get("end") is not None else []
        return first, ends[0][0] if ends else len(doc.lines) + 1

    def unskipped(self, lines: Lines) -> Lines:
        """``lines`` without the ``skip`` lines (running headers and footers) and a sheet's
        start line printed again where it goes on (:meth:`_without_continuations`): a
        sheet's span, a review or youth section, the action tables, all read alike."""
        continued = getattr(self, "_continued", set())
        return [(n, t) for n, t in lines if n not in continued and not any(p.search(t) for p in self.skip_patterns)]

    def extract_review(self, doc: Document, res: ParseResult) -> set[int]:
        """The review table (:meth:`read_review`), and a notice when it read no row: a
        ``review`` block that finds its section but no row is an error under strict,
        a warning otherwise, never an empty table said nothing about."""
        before = len(res.tables["previous_review"])
        done = self.read_review(doc, res)
        if len(res.tables["previous_review"]) == before and doc.find(self._review["start"]):
            msg = (
                "`review` read no row in its section: check `review.cells` (tabs, spaces, pipes), "
                "`review.row` and `review.columns`"
            )
            if res.strict:
                raise ParseError(doc.source, doc.find(self._review["start"])[0][0], msg)
            res.warn(doc.find(self._review["start"])[0][0], msg)
        return done

    def read_review(self, doc: Document, res: ParseResult) -> set[int]:
        """``review:``: the previous plan's review table (any markup), one row per
        reviewed action: ref, title, status (words mapped by ``review.status``, else
        unknown; status_raw as printed), the other cells joined in details_text. With
        ``review.row``, TSV rows read by :meth:`extract_review_rows`. Returns the lines
        whose amounts were read with their row."""
        lines = self._section(doc, res, self._review, "review")
        before = len(res.tables["previous_review"])
        if self._review.get("cells") == "prose":
            done = self.extract_review_prose(doc, res, lines)
        elif self._review.get("row") is not None:
            done = self.extract_review_rows(doc, res, lines)
        else:
            done = self.read_review_cells(doc, res, lines)
        self._review_marks_and_refs(doc, res.tables["previous_review"][before:], lines)
        return done

    def _review_marks_and_refs(self, doc: Document, rows: list[dict], lines: Lines) -> None:
        """What a review's layout says of the rows just read, whatever reader read them:

        - a status printed as a rate of completion (« 100 % », « 60 % », « 0 % ») is
          ``realise``, ``partiel`` or ``non_realise``;
        - a status printed as a pictogram a legend explains (« Légende : ✔ réalisée · ◐
          partiellement réalisée … » above the table or in its section,
          :func:`~schemalab.extract.legend_marks`) reads as the legend's words, where the
          configuration's ``status`` words do not map the mark itself;
        - rows numbered again under each group (« Orientation 1 – … » / 1, 2, 3 / «
          Orientation 2 – … » / 1, 2) are refs of two parts, the group's number and the
          row's (1.1 … 2.2), where every row has a group printing a number."""
        legend: dict[str, str] = {}
        if lines:
            for _, text in [*doc.span(max(1, lines[0][0] - 5), lines[0][0]), *lines]:
                legend.update(legend_marks(text))
        for r in rows:
            mark = (r.get("status_raw") or "").strip().replace("\ufe0f", "")
            if r["status"] == "unknown" and mark in legend:
                r["status"] = review_status(legend[mark], self._review["status"])
            rate = re.fullmatch(r"(\d{1,3})(?:[,.]\d+)?\s*%", mark)
            if r["status"] == "unknown" and rate and int(rate.group(1)) <= 100:
                # a rate of completion (« Taux de réalisation : 60 % »): all, none or part of it
                r["status"] = {100: "realise", 0: "non_realise"}.get(int(rate.group(1)), "partiel")
        refs = [r["ref"] for r in rows if r.get("ref")]
        if len(set(refs)) < len(refs) and all(_group_number(r.get("context")) for r in rows if r.get("ref")):
            for r in rows:
                if r.get("ref"):
                    r["ref"] = f"{_group_number(r['context'])}.{r['ref']}"

    def read_review_cells(self, doc: Document, res: ParseResult, lines: Lines) -> set[int]:
        """The review table read cell by cell (grid or pipe rows, :meth:`read_review`)."""
        spec = self._review
        cols = spec["columns"]
        context_at = _group_contexts(lines, spec["groups"])
        last: dict | None = None  # the row read just above
        last_cells: list[str] = []  # its cells, each with its wrapped lines
        rows = _pipe_rows(lines) if spec.get("cells") == "pipes" else grid_rows(lines)
        # plain lines printed between two pipe rows: a title cell's further lines, which a
        # converter printed outside the row (markitdown of a PDF: « | 1 | Créer une cellule de |
        # Réalisée | … | » / « recueil des informations » / « préoccupantes unique »)
        ends = [r.line for r in rows[1:]] + ([lines[-1][0] + 1] if rows else [])
        spill = {
            r.line: [t.strip() for n, t in lines if r.line < n < end and t.strip() and t.strip()[0] not in "|<"]
            for r, end in zip(rows, ends, strict=True)
            if r.markup == "pipe"
        }
        ticks = cols.get("status") if isinstance(cols.get("status"), list) else None
        labels: list[str] = []
        for row in rows:
            cells = [clean_inline(c) for c in row.cells]
            k = cols.get("ref")
            if ticks and row.header:
                labels = cells
            if row.header and not (k is not None and k < len(cells) and re.fullmatch(r"\d{1,3}", cells[k])):
                continue  # (a row printed above its own rule, numbered, is a row: each row a table of its own)

            def cell(name, cells=cells):
                k = cols.get(name)
                return cells[k] if isinstance(k, int) and k < len(cells) and cells[k] else None

            if ticks and _tick_header(cells, ticks):
                labels = cells  # the header row naming the status columns
                continue
            ref, title = cell("ref"), cell("title")
            if title and "ref" not in cols:
                ref, title = _ref_in_title(title)
            used = _used_columns(cols)
            raw = _ticked(cells, labels, ticks, used, spec["status"]) if ticks else cell("status")
            if (
                last is not None
                and not ref
                and any(cells)
                and "ref" in cols
                and _status_goes_on(last["status_raw"], raw)
            ):
                # a row wrapped by the conversion ("| 5 | Nommer un référent santé dans
                # chaque | Réalisée |" / "|   | maison d'enfants à caractère social | |"):
                # each cell continues its cell above, the status too where it wraps on the
                # same row (antiword: « |2 |Développer |Partiellement |Un service ouvert | »
                # / « |  |l'accueil de jour |réalisée |sur les deux | »)
                if title:
                    last["title"] = _with_spill(join_wrapped(last["title"], title), spill.get(row.line, []))
                    last["title_clean"] = self.clean_title(last["title"])
                if raw:
                    last["status_raw"] = join_wrapped(last["status_raw"], raw) if last["status_raw"] else raw
                    status = review_status(last["status_raw"], spec["status"])
                    last["status"] = res.vocab("review_status", status, row.line, default="unknown")
                last_cells = [
                    join_wrapped(a, b) if a and b else a or b for a, b in zip_longest(last_cells, cells, fillvalue="")
                ]
                last["details_text"] = " | ".join(c for k, c in enumerate(last_cells) if k not in used and c) or None
                continue
            if not (ref and title):
                last = None
                continue
            status = review_status(raw, spec["status"])
            details = " | ".join(c for k, c in enumerate(cells) if k not in used and c) or None
            title = _with_spill(title, spill.get(row.line, []))
            last_cells = cells
            last = res.add(
                "previous_review",
                plan_id=self.plan_id,
                ref=ref,
                title=title,
                status=res.vocab("review_status", status, row.line, default="unknown"),
                status_raw=raw,
                title_clean=self.clean_title(title),
                context=context_at(row.line),
                details_text=details,
                line=row.line,
            )
        return set()

    def extract_review_prose(self, doc: Document, res: ParseResult, lines: Lines) -> set[int]:
        """``review.cells: prose``: a review written as sentences (« L'action 1.2, « Créer un
        accueil de jour », a été réalisée en 2021 ; l'action 1.3, « … », n'a pas pu être
        engagée faute de porteur »): the section's lines joined, each match of ``item``
        (:data:`PROSE_REVIEW_ITEM` by default: groups ``ref``, ``title`` and ``rest``, the
        clause up to its ``;`` or full stop) a row; its status the verb phrase the clause
        opens or holds (:func:`prose_review_status`), as printed in ``status_raw``, the rest of
        the clause its ``details_text``; ``groups`` lines (« Orientation 1 – Prévenir … . »)
        its context, up to their first full stop. Returns no line: the amounts of the section
        are the plan's own."""
        spec = self._review
        pattern = spec.get("item") or PROSE_REVIEW_ITEM
        rules = spec["status"] or PROSE_STATUS_RULES  # (the verb phrases' words by default)
        text, starts = "", []  # the joined text and, for each line, its offset in it
        context_at: list[tuple[int, str]] = []  # (offset, context) of the group lines
        for n, line in lines:
            t = clean_inline(line)
            if not t:
                continue
            if spec["groups"] and _group_level(t, spec["groups"]) is not None:
                head = re.split(r"(?<=[^\d\s])\.\s", t + " ", maxsplit=1)[0].strip().rstrip(".")
                context_at.append((len(text) + (1 if text else 0), _group_text(head)))
            text = join_wrapped(text, t) if text else t
            starts.append((len(text) - len(t), n))
        for m in pattern.finditer(text):
            line = next((n for off, n in reversed(starts) if off <= m.start()), lines[0][0] if lines else None)
            rest = (m.groupdict().get("rest") or "").strip()
            raw, details = prose_review_status(rest)
            context = next((c for off, c in reversed(context_at) if off <= m.start()), None)
            title = clean_inline(m.group("title"))
            res.add(
                "previous_review",
                plan_id=self.plan_id,
                ref=m.group("ref"),
                title=title,
                status=res.vocab("review_status", review_status(raw, rules), line, default="unknown"),
                status_raw=raw,
                title_clean=self.clean_title(title),
                context=context,
                details_text=details,
                line=line,
            )
        return set()

    def extract_youth(self, doc: Document, res: ParseResult) -> None:
        """``youth_recommendations:``: items of the section, under their theme lines
        (``theme``), or under the line printed just before a ``theme_before`` line."""
        spec = self._youth
        lines = self._section(doc, res, spec, "youth_recommendations")
        if spec.get("theme_before") is not None:
            return self.extract_youth_before(res, lines)
        theme = None
        last: dict | None = None  # the item just read, while no blank line follows it
        alone = spec.get("ref_alone")
        number: tuple[str, int] | None = None  # a number printed alone above its item
        for n, text in lines:
            m = spec["theme"].match(text) if spec.get("theme") is not None else None
            if m:
                theme, last, number = clean_inline(m.group("theme")), None, None
                if not text[m.end() :].strip() or not spec["item"].match(text):
                    continue
                # a theme merged down its rows, printed on its first item's row (« Vie
                # quotidienne<TAB>1<TAB>Pouvoir garder … »): the row's item is read too
            if alone is not None and (a := alone.match(text.strip())):
                # « 1. » alone on its line, its item below (BeautifulSoup prints a numbered
                # span so): the ref of the next item, whose line is the number's
                number, last = ((a.groupdict().get("ref") or text.strip()).rstrip("."), n), None
                continue
            m = spec["item"].match(text)
            if m:
                ref, line = m.groupdict().get("ref"), n
                if not ref and number is not None:
                    ref, line = number
                last = res.add(
                    "youth_recommendations",
                    scope=(),
                    plan_id=self.plan_id,
                    theme=theme,
                    ref=ref,
                    text=clean_inline(m.group("text")),
                    line=line,
                )
                number = None
                continue
            # an item wrapped onto the line below ("… même si" / "je n'ai plus de
            # contrat"): a line right under it, neither theme nor item, that starts in
            # lower case or follows a line ending open
            t = clean_inline(text)
            if last is not None and t and (ocr_lines.starts_lower(t) or ocr_lines.ends_open(last["text"])):
                last["text"] = join_wrapped(last["text"], t)
            else:
                last = None

    def check_summary(self, doc: Document, res: ParseResult) -> None:
        """The summary's entries (before the first sheet) against the sheets: warnings."""
        actions = {a["action_id"]: a for a in res.tables["actions"]}
        axis = None
        for n, text in doc.span(1, min((a["first_line"] for a in actions.values()), default=1)):
            m = self._summary_axis.match(text) if self._summary_axis else None
            if m:
                axis = m.group("n")
                continue
            m = self._summary_entry.match(text)
            if not m:
                continue
            a = actions.get(m.group("id"))
            if a is None:
                res.warn(n, f"summary lists sheet {m.group('id')}, which is not in the body")
            elif clean_inline(m.group("title")) != a["title"]:
                res.warn(n, f"summary title of sheet {a['action_id']} differs from the sheet's")
            elif axis is not None and a["axis_id"] != axis:
                res.warn(n, f"summary puts sheet {a['action_id']} in axis {axis}, the body in {a['axis_id']}")

    # -- cell lists, year steps, heading pairs, review rows ----------------------------
    # Keys confirm_skip, head_lines, columns, dash_lists, join_by_heading,
    # expected_content, year_steps, budget_nature, axes.title_below, review.row…,
    # youth_recommendations.theme_before… (readers in schemalab.parsers.cell_lists).
    _confirm_skip: tuple[re.Pattern, ...] = ()
    _head_lines: tuple[tuple[re.Pattern, str], ...] = ()
    _dash_join: re.Pattern | None = None
    #: field → [(folded heading, printed label)] of ``join_by_heading``
    _join_by_heading: dict[str, list[tuple[str, str]]] = {}
    _year_steps: dict | None = None
    _budget_nature: tuple[tuple[str, re.Pattern], ...] = ()

    def canonical(self, text: str) -> str | None:
        """The field of a heading; under ``join_by_heading``, the field and the heading
        (``targets:PUBLIC CIBLE``), kept apart until :meth:`fix_cell_lists` joins them."""
        canon = super().canonical(text)
        if canon in self._join_by_heading:
            return f"{canon}:{heading_key(text)}"
        return canon

    def _heading_columns(self, text: str) -> str | None:
        """A TSV line whose every cell is a known heading (``Pilotes<TAB>Contributeurs``):
        the contents below are printed in columns, one per heading (read automatically;
        :meth:`fix_cell_lists` gives each column to its field)."""
        if "\t" not in text:
            return None
        cells = [c for c in text.split("\t") if c.strip()]
        canons = [self.canonical(c) for c in cells]
        if len(cells) < 2 or not all(canons):
            return None
        # a row opened by a tab (unrtf prints every paragraph of a table so): its rows' lines
        # too, their first tab no cell's end (:func:`tsv_cell_columns`)
        return "\t".join(["_columns" + ("_lead" if text.startswith("\t") else ""), *canons])

    def _subfields(self, name: str) -> list[str]:
        """A field, or its per-heading parts under ``join_by_heading``."""
        if name in self._join_by_heading:
            return [f"{name}:{key}" for key, _ in self._join_by_heading[name]]
        return [name]

    def extract_sheet(self, doc: Document, sheet: Sheet, position: int, res: ParseResult) -> None:
        super().extract_sheet(doc, sheet, position, res)
        self._warn_unread_head(sheet, res)

    def _warn_unread_head(self, sheet: Sheet, res: ParseResult) -> None:
        """Lines between a sheet's start and its first read label that no key reads (not
        the title printed below the start, not a ``head_lines`` line, not an axis or
        objective of ``header``, not markup alone) are reported, never dropped silently:
        a label the configuration does not read (``<p><b>Public :</b> …</p>`` before
        this was read) leaves its lines there."""
        title = clean_inline(sheet.title or "")
        # the title (printed below the start, or wrapped onto the lines below it) is read
        lines = [
            (n, t)
            for n, t in sheet.fields.get("_head", [])
            if clean_inline(t) and heading_text(t).rstrip("-") not in title and not _PIPE_SEPARATOR.match(t.strip())
        ]
        patterns = [p for p, _ in self._head_lines or ()]
        patterns += [p for p in (self._header_axis, self._header_objective) if p is not None]
        unread = [(n, t) for n, t in lines if not any(p.match(t.strip()) for p in patterns)]
        if unread:
            shown = "; ".join(f"line {n}: {clean_inline(t)[:60]!r}" for n, t in unread[:3])
            # the line right under the title's line, no blank between: the title wraps
            first = unread[0][0]
            wraps = first - 1 in {sheet.start, *(n for n, t in sheet.fields.get("_head", []) if clean_inline(t))}
            hint = "; if the title goes on there, `title_wraps: until_blank`" if wraps else ""
            res.warn(
                unread[0][0],
                f"sheet {sheet.action_id}: {len(unread)} line(s) before the first label are read into no field "
                f"({shown}); map their label under `headings`, or read them with `head_lines`{hint}",
            )

    def _title_goes_on(self, sheet: Sheet) -> None:
        """A title wrapped onto the next line, no blank line between (a PDF's text, where
        ``title_wraps: until_blank`` would run to the end of the sheet): the line right
        under the title's last line goes on with it when the title ends open (a connector
        word, a comma: « Réduire les délais d'évaluation des » / « informations
        préoccupantes »), the line starts in lower case (« … jusqu'à 21 » / « ans »), on a
        bracket (« (MNA) », « (PPE) dans … ») or ends on the heading's closing marks, and it is
        no label. Two lines at most; they leave the sheet's head."""
        head = sheet.fields.get("_head", [])
        used = [k for k, (_, t) in enumerate(head) if clean_inline(t) and heading_text(t) in sheet.title]
        k = used[-1] + 1 if used else 0
        last = head[used[-1]][0] if used else sheet.extra.get("title_end", sheet.start)
        for _ in range(2):
            if k >= len(head) or head[k][0] != last + 1:
                return
            text = clean_inline(head[k][1])
            if not text or (self._bare_labels and self._bare_label(text)):
                return
            if inline_label(text) and not (ocr_lines.ends_open(sheet.title) and ocr_lines.starts_lower(text)):
                return  # (« … l'offre d'accueil en » / « établissement : petites unités … »: the title goes on)
            # (or the line is a bracket alone: « … mineurs non accompagnés » / « (MNA) », or
            # opens on one and goes on in lower case: « … projet pour l'enfant » / « (PPE) dans
            # les trois mois … », or it closes the heading marks the start line opened:
            # « ***** Fiche action n° 4 – … » / « … de protection ***** », Debian's html2text)
            if not (
                ocr_lines.ends_open(sheet.title)
                or CUT_WORD.search(sheet.title)  # « … centre hospitalier de Saint- » / « Aubrac »
                or ocr_lines.starts_lower(text)
                or _BRACKET_ALONE.fullmatch(text)
                or _BRACKET_GOES_ON.match(text)
                or _CLOSING_STARS.search(head[k][1])
            ):
                return
            sheet.title = join_wrapped(sheet.title, text)
            last = head[k][0]
            head[k] = (last, "")
            k += 1

    def announced_ids(self, doc: Document) -> dict[str, int]:
        """Sheet ids the plan announces: ``announced`` when configured; else its table of
        contents, read without configuration (:func:`contents_ids`): the lines ending
        in dot leaders and a page number whose entry ``sheet_start`` matches. So
        ``build`` (and the scaffold, and ``--check``) refuse a configuration that
        reads fewer sheets than the contents list."""
        if self.announced_pattern is not None or self.sheet_start is None:
            return super().announced_ids(doc)
        return contents_ids(doc, self.sheet_start)

    def _move_head_lines(self, f: dict) -> None:
        """``head_lines``: each rule's head lines (between the start and the first label)
        open its field. A line printed ``Label : value`` (in any inline markup) whose
        label ``matching`` covers (``'^Porteur'`` on ``Porteur : La PMI``) or which is a
        label of ``headings`` gives its value only; a ``value`` group in ``matching``
        gives that group; any other line is kept whole. Several rules (even on one line)
        apply in the order written: a field opens with the first rule's lines, then the
        second's, each rule's lines in print order."""
        opened: dict[str, list] = {}
        for pattern, to in self._head_lines or ():
            found = []
            for n, t in f.get("_head", []):
                m = pattern.match(t.strip())
                if m is None:
                    continue
                if "value" in pattern.groupindex and m.group("value") is not None:
                    t = m.group("value")
                else:
                    lab = inline_label(t.strip())
                    covered = lab is not None and lab.group("label").strip() in clean_inline(m.group(0), bullet=False)
                    if lab is not None and (covered or self.canonical(lab.group("label"))):
                        t = lab.group("value")
                found.append((n, t))
            opened.setdefault(to, []).extend(found)
        for to, found in opened.items():
            f[to] = found + f.get(to, [])

    def fix_cell_lists(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Cells holding lists, in order: ``head_lines`` (head lines that open a field),
        ``columns`` (a two-column table split into two fields), heading pairs' columns,
        ``dash_lists`` (column 1 of each field, ``<ul>`` dash lists as items),
        ``expected_content`` (fields that must hold text), ``join_by_heading``."""
        f = sheet.fields
        spec = self.config
        self._move_head_lines(f)
        for src, (left, right) in (spec.get("columns") or {}).items():
            cols = split_columns(f.get(src, []))
            if len(cols) >= 2:
                if left != src and has_text(f.get(left, [])):
                    raise ParseError(
                        doc.source,
                        sheet.start,
                        f"sheet {sheet.action_id}: an empty {left} field above a 2-column table in {src}",
                    )
                f[left], f[right] = cols[0], cols[1]
            else:
                f[src] = cols[0]
        for key in [k for k in f if k.startswith(("_columns\t", "_columns_lead\t"))]:
            lines, names = f.pop(key), key.split("\t")[1:]
            if key.startswith("_columns_lead"):
                lines = [(n, t.lstrip("\t")) for n, t in lines]
            # TSV rows whose cells run over lines of their own (a line with no tab among them)
            texts = [t for _, t in lines if t.strip()]
            tsv = any("\t" in t for t in texts) and any("\t" not in t for t in texts)
            tsv = tsv and not any(t.lstrip().startswith(("|", "<")) or "<ul" in t for t in texts)
            cols = tsv_cell_columns(lines, len(names)) if tsv else split_columns(lines)
            for i, name in enumerate(names):
                f[name] = cols[i] if i < len(cols) else []
        dash = spec.get("dash_lists") or {}
        for name in dash.get("fields", []):
            for sub in self._subfields(name):
                f[sub] = itemize(split_columns(f.get(sub, []))[0], self._dash_join)
        for name in spec.get("expected_content") or []:
            for sub in self._subfields(name):
                if not has_text(f.get(sub, [])):
                    msg = f"sheet {sheet.action_id} has no {sub} content"
                    if res.strict:
                        raise ParseError(doc.source, sheet.start, msg)
                    res.warn(sheet.start, msg)
        for name, parts in self._join_by_heading.items():
            joined: Lines = []
            for key, label in parts:
                items = parse_bullets(f.pop(f"{name}:{key}", []))
                if items:
                    joined.append((items[0].line, f"{label} : " + " ; ".join(it.text for it in items)))
            f[name] = joined

    def sub_action_items(self, sheet: Sheet) -> list:
        """With ``year_steps``, sub-actions are written by :meth:`extract_year_steps`."""
        return [] if self._year_steps is not None else super().sub_action_items(sheet)

    def extract_year_steps(self, doc: Document, sheet: Sheet, res: ParseResult) -> str:
        """``year_steps``: one sub-action per step printed under a year (any mix of year
        bullets, year table rows and bare year lines; :func:`cell_lists.year_steps`), and
        one calendar row per year that has a step (a year printed empty schedules nothing)."""
        aid = sheet.action_id

        def before_year(text: str, line: int) -> None:
            msg = f"sheet {aid}: a year before the step {text!r}"
            if res.strict:
                raise ParseError(doc.source, line, msg)
            res.warn(line, msg)

        steps, printed = year_steps(
            sheet.fields.get("sub_actions", []),
            sub_item=self._year_steps.get("sub_item"),
            join_after_acronym=self._dash_join,
            before_year=before_year,
        )
        first_line: dict[int, int] = {}
        for st in steps:
            self.add_sub_action(res, aid, st.text, st.line, year=st.year, details="\n".join(st.details) or None)
            if st.year is not None:
                first_line.setdefault(st.year, st.line)
        for year in sorted(first_line):
            self.add_calendar(res, aid, year, source="sheet", line=first_line[year])
        if printed and not steps:
            res.warn(sheet.start, f"sheet {aid}: years printed but no step")
        return "explicit" if first_line else self.calendar_when_empty

    def budget_nature(self, context: str) -> str:
        """``budget_nature`` rules (nature → regex, searched in the lower-cased sentence,
        first match wins) before the shared rules."""
        low = context.lower()
        for nature, pattern in self._budget_nature:
            if pattern.search(low):
                return nature
        return super().budget_nature(context)

    def extract_review_rows(self, doc: Document, res: ParseResult, lines: Lines) -> set[int]:
        """``review.row``: one review row per TSV line matching ``row``; ``header`` (matched
        on the cleaned first cell) gives the column labels, ``groups`` lines the context
        (a group clears the groups listed after it), ``details: labelled`` writes the
        other cells as ``label : value`` lines, ``width`` is the number of cells every row
        must have, ``amounts`` the scope of the amounts a row prints (read in the row,
        cells joined by `` | ``, ``•`` items as sentences, year from the sentence)."""
        spec = self._review
        cols = spec["columns"]
        labels: list[str] = []
        groups: dict[int, str] = {}
        done: set[int] = set()
        split = {"spaces": _space_cells, "pipes": _pipe_cells_rows}.get(spec.get("cells"), _tab_cells)
        if spec.get("cells") == "spaces" and lines:  # a table's column rule, even when skipped
            rules = [(n, t) for n, t in doc.span(lines[0][0], lines[-1][0]) if _DASH_RULE.match(t)]
            lines = sorted({*lines, *rules})
        ticks = cols.get("status") if isinstance(cols.get("status"), list) else None
        for n, text, cells in split(lines, spec["row"]):
            head = clean_inline(cells[0])
            if spec.get("header") is not None and spec["header"].match(head):
                labels = [clean_inline(c) for c in cells]
                continue
            if ticks and spec.get("header") is None and _tick_header(cells, ticks):
                labels = [clean_inline(c) for c in cells]  # the header row naming the status columns
                continue
            level = _group_level(head, spec["groups"])
            if level is not None:
                groups = {k: v for k, v in groups.items() if k < level}
                groups[level] = _group_text(head)
                continue
            # a table printed with no outer pipes is read with them (extract.pandoc_lines):
            # `row` is matched on the line as printed too
            printed = re.sub(r"^\s*\|\s?|\s?\|\s*$", "", text)
            if not (spec["row"].match(text) or spec["row"].match(printed)) or (
                len(cells) < 2 and spec.get("cells") == "spaces"
            ):
                continue
            width = spec.get("width")
            if (width and len(labels) < width) or (labels and len(cells) != len(labels) and not ticks):
                raise ParseError(doc.source, n, f"a review row of {len(labels)} columns; found {len(cells)}")
            values = [clean_inline(c) for c in cells]

            def cell(name, values=values):
                k = cols.get(name)
                return values[k] if isinstance(k, int) and k < len(values) and values[k] else None

            ref, title = cell("ref"), cell("title") or ""
            if title and "ref" not in cols:
                ref, title = _ref_in_title(title)
            used = _used_columns(cols)
            raw = _ticked(values, labels, ticks, used, spec["status"]) if ticks else cell("status")
            status = review_status(raw, spec["status"])
            if spec.get("details") == "labelled" and labels:
                details = "\n".join(f"{labels[k]} : {v}" for k, v in enumerate(values) if k not in used and v)
            else:
                details = " | ".join(v for k, v in enumerate(values) if k not in used and v)
            res.add(
                "previous_review",
                plan_id=self.plan_id,
                ref=ref,
                title=title,
                status=res.vocab("review_status", status, n, default="unknown"),
                status_raw=raw,
                context=" — ".join(groups[k] for k in sorted(groups)) or None,
                details_text=details or None,
                line=n,
                # left to the writer (null) unless `title_clean` rules repair titles
                **({"title_clean": self.clean_title(title)} if self._title_rules else {}),
            )
            done.add(n)
            if spec.get("amounts"):
                plain = re.sub(r"\.?\s*•\s*", ". ", clean_inline(" | ".join(cells)))
                self.add_amounts(res, plain, n, None, year_from_sentence=True, scope=spec["amounts"])
        return done

    def extract_youth_before(self, res: ParseResult, lines: Lines) -> None:
        """``youth_recommendations.theme_before``: a theme is the line printed just before
        a ``theme_before`` line; the non-empty lines after it are items (``item``, group
        ``ref`` optional); a number alone on its line (``ref_alone``) is the ref of the
        next item (whose line is then the number's)."""
        spec = self._youth
        before, alone = spec["theme_before"], spec.get("ref_alone")
        span = [(n, t.strip()) for n, t in lines if t.strip()]
        theme: str | None = None
        number: tuple[str, int] | None = None
        for i, (n, text) in enumerate(span):
            if before.match(text):
                continue
            if i + 1 < len(span) and before.match(span[i + 1][1]):
                theme, number = clean_inline(text), None
                continue
            if theme is None:
                continue  # the section's own title lines
            if alone is not None and alone.match(text):
                number = (text, n)
                continue
            m = spec["item"].match(text)
            if not m:
                continue
            ref = m.groupdict().get("ref")
            ref, line = (ref, n) if ref else (number or (None, n))
            res.add(
                "youth_recommendations",
                plan_id=self.plan_id,
                theme=theme,
                text=clean_inline(m.group("text")),
                ref=ref,
                line=line,
            )
            number = None


def _table_spec(path: Path, spec) -> TableSpec:
    """Compile and check the ``table:`` block."""
    spec = _check_keys(path, "table", spec, _TABLE_KEYS)
    glyphs = spec.get("glyphs") or {}
    if not isinstance(glyphs, dict) or not all(isinstance(r, int) and r >= 1 for r in glyphs.values()):
        raise ConfigError(f"{path}: `table.glyphs` maps each list glyph to a rank 1, 2, 3…")
    actors = _check_keys(path, "table.actors", spec.get("actors"), {"row", "columns", "item_glyph", "split"})
    columns = []
    for fname, col in (actors.get("columns") or {}).items():
        if fname not in ("pilots", "partners") or not isinstance(col, list) or not col or not isinstance(col[0], int):
            raise ConfigError(f"{path}: `table.actors.columns` maps pilots/partners to [cell index, header words]")
        header = col[1] if len(col) > 1 else None
        pattern = rf"^\s*(?:<p[^>]*>\s*)?{re.escape(header)}\s*(?:</p>)?" if header else None
        columns.append(ActorColumn(fname, col[0], _optional_regex(path, "table.actors.columns", pattern)))
    if actors and not (actors.get("row") in CANONICAL_FIELDS and columns):
        raise ConfigError(f"{path}: `table.actors` needs a `row` (a field) and `columns`")
    subs = _check_keys(
        path, "table.sub_actions", spec.get("sub_actions"), {"rank", "italic_title", "cut", "split_without_glyph"}
    )
    gantt = _check_keys(path, "table.gantt", spec.get("gantt"), {"row", "unit", "mark"})
    if gantt and (gantt.get("unit", "semester") != "semester" or gantt.get("row") not in CANONICAL_FIELDS):
        raise ConfigError(f"{path}: `table.gantt` reads semester Gantts (unit: semester) in a `row` field")
    after = spec.get("unlabelled_row_after") or {}
    bad = {k: v for k, v in after.items() if k not in CANONICAL_FIELDS or v not in CANONICAL_FIELDS}
    if bad:
        raise ConfigError(f"{path}: `table.unlabelled_row_after` maps fields to fields; not {bad}")
    return TableSpec(
        glyphs={str(g): r for g, r in glyphs.items()},
        label_in_next_cell=bool(spec.get("label_in_next_cell")),
        unlabelled_row_after=dict(after),
        label_max=int(spec.get("label_max", 40)),
        kind_marker=_optional_regex(path, "table.kind_marker", spec.get("kind_marker")),
        actors_row=actors.get("row"),
        actor_columns=tuple(columns),
        actor_item_glyph=actors.get("item_glyph"),
        actor_split=_optional_regex(path, "table.actors.split", actors.get("split")),
        sub_rank=int(subs.get("rank", 1)),
        sub_italic_title=bool(subs.get("italic_title")),
        sub_cut=_optional_regex(path, "table.sub_actions.cut", subs.get("cut")),
        sub_split_without_glyph=_optional_regex(
            path, "table.sub_actions.split_without_glyph", subs.get("split_without_glyph")
        ),
        gantt_row=gantt.get("row"),
        gantt_mark=str(gantt.get("mark", "X")),
    )


def load_config_parser(path: str | Path) -> type[ConfiguredParser]:
    """Build a parser class from a YAML configuration file.

    Raises:
        ConfigError: naming the file and the offending key.
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        where = f"{path}:{line}" if line else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{context}, {problem}" if context else problem
        raise ConfigError(
            f"{where}: YAML syntax error ({detail}); check the indentation and quote regular "
            "expressions with single quotes",
            line=line,
        ) from None
    try:
        return _parser_class(path, config)
    except ConfigError as exc:
        raise _locate(exc, path, _key_lines(text)) from None


def _parser_class(path: Path, config) -> type[ConfiguredParser]:
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: expected a mapping of keys (code, name, sheet_start, headings, …)")
    unknown = set(config) - _KEYS
    if unknown:
        raise ConfigError(
            f"{path}: unknown keys {sorted(unknown)}; known: {sorted(_KEYS)}", key=str(sorted(unknown)[0])
        )
    layout = config.get("layout", "lines")
    if layout not in ("lines", "table", "rows"):
        raise ConfigError(
            f"{path}: `layout` is `lines` (headings alone on their line), `table` (TSV rows) or `rows` "
            "(one table row per action)",
            key="layout",
        )
    for key in ("code", "name", "detect", *(("sheet_start",) if layout != "rows" else ())):
        if not config.get(key):
            raise ConfigError(f"{path}: `{key}` is required", key=key)
    if config.get("plan_money") not in (None, "before_first_sheet", "outside_sheets"):
        raise ConfigError(
            f"{path}: `plan_money` is `before_first_sheet` (amounts printed before the first sheet) or "
            "`outside_sheets` (also those after the last sheet: annexes, the review's introduction)",
            key="plan_money",
        )
    if config.get("plan_money") == "outside_sheets" and layout == "rows":
        raise ConfigError(
            f"{path}: `plan_money: outside_sheets` reads around sheets; with `layout: rows` write `before_first_sheet`",
            key="plan_money",
        )
    if config.get("amount_years", "none") not in ("none", "sentence"):
        raise ConfigError(
            f"{path}: `amount_years` is `sentence` (a sentence naming one year dates its amount) or `none`",
            key="amount_years",
        )
    if config.get("gantt_steps", False) not in (True, False):
        raise ConfigError(
            f"{path}: `gantt_steps` is true (the row labels of a calendar Gantt are the steps of a "
            "sheet that prints none) or false",
            key="gantt_steps",
        )
    if config.get("gantt_steps") and config.get("layout", "lines") != "lines":
        raise ConfigError(f"{path}: `gantt_steps` reads the `lines` layout", key="gantt_steps")
    if config.get("headings") is None:  # `headings: {}` is allowed (a first draft)
        raise ConfigError(f"{path}: `headings` is required (a mapping, `{{}}` while none is known)", key="headings")
    if not isinstance(config["headings"], dict):
        raise ConfigError(f"{path}: `headings` maps each printed heading to a field", key="headings")
    headings = {str(k): v for k, v in config["headings"].items()}
    fields = CANONICAL_FIELDS + (ROW_ONLY_FIELDS if layout == "rows" else ())
    bad = {k: v for k, v in headings.items() if v not in fields}
    if bad:
        raise ConfigError(
            f"{path}: headings map to unknown fields {bad}; fields: {', '.join(fields)}"
            + ("" if layout == "rows" else " (and `id`, the number column, with `layout: rows`)"),
            key=f"headings.{next(iter(bad))}",
        )
    aliases = {heading_key(k): v for k, v in headings.items()}
    if layout == "rows" and config.get("sheet_start"):
        raise ConfigError(f"{path}: `layout: rows` reads actions from table rows: no `sheet_start`", key="sheet_start")
    sheet_start = _regex(path, "sheet_start", config["sheet_start"]) if layout != "rows" else None
    if sheet_start is not None and "id" not in sheet_start.groupindex:
        raise ConfigError(f"{path}: `sheet_start` needs a named group (?P<id>…) for the sheet number")
    for group in ("id", "title") if sheet_start is not None else ():
        if _optional_group(sheet_start, group):
            raise ConfigError(
                f"{path}: `sheet_start`: the group (?P<{group}>…) may match nothing (it sits in an optional"
                f" part or one alternative only); make the part around it optional, not the group:"
                f" `(?: : )?(?P<title>.*?)` (an empty title is read on the line below)",
                key="sheet_start",
            )
    if (layout == "rows") != ("rows" in config):
        raise ConfigError(f"{path}: `layout: rows` and a `rows:` block go together", key="rows")
    if (layout == "table") != ("table" in config):
        raise ConfigError(f"{path}: `layout: table` and a `table:` block go together")
    expected = config.get("expected_fields") or ()
    if expected == "all":
        # a rows layout's number and title columns are the row itself, not fields
        skip = ("id", "title", "axis", "ignore") if layout == "rows" else ()
        expected = tuple(dict.fromkeys(v for v in aliases.values() if v not in skip))
    header = _check_keys(path, "header", config.get("header"), {"look_back", "axis", "axis_scope", "objective"})
    if header.get("axis_scope", "nearest") not in ("nearest", "last_seen"):
        raise ConfigError(f"{path}: `header.axis_scope` is `nearest` or `last_seen`", key="header.axis_scope")
    axes = _check_keys(
        path,
        "axes",
        config.get("axes"),
        {"pattern", "heading_before", "numbered", "wraps", "end", "cross_reference", "title_below"},
    )
    if axes and not (axes.get("pattern") or (axes.get("heading_before") and axes.get("numbered"))):
        raise ConfigError(f"{path}: `axes` needs a `pattern`, or `heading_before` and `numbered`")
    title = _check_keys(path, "title", config.get("title"), {"pattern", "continued_by", "period", "within"})
    if title:
        pattern = _regex(path, "title.pattern", title.get("pattern"))
        period = _optional_regex(path, "title.period", title.get("period"))
        if period is not None and not {"start", "end"} <= set(period.groupindex):
            raise ConfigError(f"{path}: `title.period` needs groups (?P<start>…) and (?P<end>…)")
        if "title" not in pattern.groupindex or (period is None and not {"start", "end"} <= set(pattern.groupindex)):
            raise ConfigError(
                f"{path}: `title.pattern` needs groups (?P<title>…), (?P<start>…) and (?P<end>…) "
                "(or give the years with `title.period`)"
            )
    title_rules, text_rules = [], []
    rules = config.get("title_clean") or []
    if not isinstance(rules, list):
        raise ConfigError(f"{path}: `title_clean` is a list of {{pattern: regex, replace: text}}", key="title_clean")
    for k, rule in enumerate(rules):
        rule = _check_keys(path, f"title_clean.{k}", rule, {"pattern", "replace", "for"})
        if "pattern" not in rule or not isinstance(rule.get("replace", ""), str):
            raise ConfigError(
                f"{path}: `title_clean.{k}` needs a `pattern` and a `replace` text", key=f"title_clean.{k}"
            )
        if rule.get("for", "both") not in ("title", "text", "both"):
            raise ConfigError(f"{path}: `title_clean.{k}.for` is title, text or both", key=f"title_clean.{k}.for")
        compiled = (_regex(path, f"title_clean.{k}.pattern", rule["pattern"]), rule.get("replace", ""))
        if rule.get("for", "both") != "text":
            title_rules.append(compiled)
        if rule.get("for", "both") != "title":
            text_rules.append(compiled)
    review = _check_keys(
        path,
        "review",
        config.get("review"),
        {
            "start",
            "end",
            "columns",
            "status",
            "required",
            "row",
            "header",
            "groups",
            "details",
            "width",
            "amounts",
            "cells",
            "item",
        },
    )
    if review:
        cols = review.get("columns")
        if review.get("cells") == "prose" and cols is None:
            cols = {"ref": 0, "title": 1}  # (the sentences give them: `item`'s groups)
        if (
            not review.get("start")
            or not isinstance(cols, dict)
            or "title" not in cols  # (no `ref`: the title cell opens on it, « Action 1 – … »)
            or set(cols) - {"ref", "title", "status"}
            or not all(
                isinstance(v, int)
                and v >= 0
                or k == "status"
                and isinstance(v, list)
                and len(v) >= 2
                and all(isinstance(i, int) and i >= 0 for i in v)
                for k, v in cols.items()
            )
        ):
            raise ConfigError(
                f"{path}: `review` needs `start` (regex) and `columns` {{ref: i, title: j, status: k}} (cell indexes; "
                "status a list [k, l, m] where the status is the header of the column holding a mark, X or ✓; "
                "no `ref` where each title cell opens on its reference, « Action 1 – … »)",
                key="review",
            )
        item = _optional_regex(path, "review.item", review.get("item"))
        if item is not None and not {"ref", "title"} <= set(item.groupindex):
            raise ConfigError(
                f"{path}: `review.item` needs the groups `ref` and `title` (and `rest`)", key="review.item"
            )
        review = {
            "start": _regex(path, "review.start", review["start"]),
            "end": _optional_regex(path, "review.end", review.get("end")),
            "item": item,
            "columns": dict(cols),
            "status": status_rules(path, "review.status", review.get("status")),
            **_review_rows_spec(path, review),
        }
    youth = _check_keys(
        path,
        "youth_recommendations",
        config.get("youth_recommendations"),
        {"start", "end", "theme", "item", "required", "theme_before", "ref_alone"},
    )
    if youth:
        if not (youth.get("start") and youth.get("item")):
            raise ConfigError(
                f"{path}: `youth_recommendations` needs `start` and `item` (regex with group text)",
                key="youth_recommendations",
            )
        item = _regex(path, "youth_recommendations.item", youth["item"])
        theme = _optional_regex(path, "youth_recommendations.theme", youth.get("theme"))
        if "text" not in item.groupindex or (theme is not None and "theme" not in theme.groupindex):
            raise ConfigError(
                f"{path}: `youth_recommendations.item` needs a group (?P<text>…) and `theme` a group (?P<theme>…)",
                key="youth_recommendations.item",
            )
        youth = {
            "start": _regex(path, "youth_recommendations.start", youth["start"]),
            "end": _optional_regex(path, "youth_recommendations.end", youth.get("end")),
            "theme": theme,
            "item": item,
            "required": bool(youth.get("required", True)),
            "theme_before": _optional_regex(path, "youth_recommendations.theme_before", youth.get("theme_before")),
            "ref_alone": _optional_regex(path, "youth_recommendations.ref_alone", youth.get("ref_alone")),
        }
    reader_checks.validate(path, config.get("checks"), lambda msg, key: ConfigError(msg, key=key))
    summary = _check_keys(path, "summary", config.get("summary"), {"axis", "entry"})
    if summary and not summary.get("entry"):
        raise ConfigError(f"{path}: `summary` needs an `entry` pattern with groups id and title")
    attrs = {
        "__doc__": config.get("anatomy") or f"{config['name']} ({config['code']}): configured parser ({path.name}).",
        "__module__": __name__,
        "config": config,
        "config_path": path,
        "code": str(config["code"]),
        "name": config["name"],
        "detect_pattern": _regex(path, "detect", config["detect"]),
        "_detect_also": tuple(_regex(path, "detect_also", p) for p in config.get("detect_also", [])),
        "_title_pattern": _regex(path, "title.pattern", title["pattern"]) if title else None,
        "_title_continued": _optional_regex(path, "title.continued_by", title.get("continued_by")),
        "sheet_start": sheet_start,
        "sheets_end": _optional_regex(path, "sheets_end", config.get("sheets_end")),
        "announced_pattern": _optional_regex(path, "announced", config.get("announced")),
        "_boundaries": tuple(_regex(path, "boundaries", p) for p in config.get("boundaries", [])),
        "heading_aliases": aliases,
        "heading_pattern": _optional_regex(path, "heading_pattern", config.get("heading_pattern")),
        "skip_patterns": tuple(_regex(path, "skip", p) for p in config.get("skip", [])),
        "stop_patterns": tuple(_regex(path, "stop", p) for p in config.get("stop", [])),
        "expected_fields": tuple(expected),
        "indicator_kind": config.get("indicator_kind"),
        "calendar_when_empty": config.get("calendar_when_empty", "absent"),
        "_bare_labels": _true_or_false(path, config, "bare_labels"),
        "_joined_cells": _true_or_false(path, config, "joined_cells"),
        "_axes_pattern": _optional_regex(path, "axes.pattern", axes.get("pattern")),
        "_axes_before": _optional_regex(path, "axes.heading_before", axes.get("heading_before")),
        "_axes_numbered": _optional_regex(path, "axes.numbered", axes.get("numbered")),
        "_header_axis": _regex(path, "header.axis", header["axis"]) if header.get("axis") else None,
        "_header_objective": _regex(path, "header.objective", header["objective"]) if header.get("objective") else None,
        "_move_patterns": _move_items(path, config.get("move_items")),
        "_title_period": _optional_regex(path, "title.period", title.get("period")),
        **_split_items(path, config.get("split_items")),
        "_title_rules": tuple(title_rules),
        "_text_rules": tuple(text_rules),
        "_review": review,
        "_youth": youth,
        "_summary_axis": _optional_regex(path, "summary.axis", summary.get("axis")),
        "_summary_entry": _optional_regex(path, "summary.entry", summary.get("entry")),
    }
    attrs.update(_cell_list_attrs(path, config, headings))
    bases: tuple[type, ...] = (ConfiguredParser,)
    ocr = ocr_lines.compile_keys(path, config)
    attrs.update(ocr)
    if any(k != "_clean_words" and v not in (None, False, 0, (), {}) for k, v in ocr.items()):
        bases = (ocr_lines.OcrLinesLayout, ConfiguredParser)
    if layout == "table":
        attrs["table"] = _table_spec(path, config["table"])
        bases = (TableRowsLayout, *bases)
    if layout == "rows":
        attrs["rows"] = compile_rows(
            path, config["rows"], _regex, _optional_regex, lambda msg, key: ConfigError(msg, key=key)
        )
        bases = (ActionRowsLayout, *bases)
    class_name = re.sub(r"\W", "", config["name"].title()) + "ConfiguredParser"
    return type(class_name, bases, attrs)


def _true_or_false(path: Path, config: dict, key: str) -> bool:
    """A key that is true or false (``bare_labels``, ``joined_cells``); absent: false."""
    value = config.get(key)
    if value not in (None, True, False):
        raise ConfigError(f"{path}: `{key}` is true or false", key=key)
    return bool(value)


# -- cell lists, year steps, heading pairs, review rows: the keys' checks ---------------
def _optional_group(pattern: re.Pattern, name: str) -> bool:
    """The named group can be left unset by a match: it sits in a repeat that may run
    zero times (``(…)?``, ``(…)*``) or in some alternatives of a ``|`` only."""
    if name not in pattern.groupindex:
        return False
    try:
        from re import _parser as sre  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse as sre  # type: ignore[no-redef]
    index = pattern.groupindex[name]
    try:
        tree = sre.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - compiled already; the parser API changed
        return False

    def holds(items) -> bool:
        for op, av in items:
            name_ = str(op)
            if name_ == "SUBPATTERN" and (av[0] == index or holds(av[-1])):
                return True
            if name_.endswith("REPEAT") and av[0] > 0 and holds(av[2]):
                return True
            if name_ == "BRANCH" and all(holds(alt) for alt in av[1]):
                return True
        return False

    return not holds(tree)


def _head_line_rules(path: Path, spec) -> tuple[tuple[re.Pattern, str], ...]:
    """``head_lines``: one mapping {matching, to} or a list of them → (pattern, field)."""
    if spec is None:
        return ()
    entries = spec if isinstance(spec, list) else [spec]
    rules = []
    for i, entry in enumerate(entries):
        key = "head_lines" if not isinstance(spec, list) else f"head_lines.{i}"
        entry = _check_keys(path, key, entry, {"matching", "to"})
        if not (entry.get("matching") and entry.get("to") in CANONICAL_FIELDS):
            raise ConfigError(f"{path}: `{key}` needs `matching` (regex) and `to` (a field)", key=key)
        rules.append((_regex(path, f"{key}.matching", entry["matching"]), entry["to"]))
    return tuple(rules)


def _move_items(path: Path, rules) -> tuple[re.Pattern, ...]:
    """``move_items``: a list of rules, each {when_empty, from, to, matching}."""
    if rules is None:
        return ()
    if not isinstance(rules, list):
        raise ConfigError(
            f"{path}: `move_items` is a list of rules {{when_empty: field, from: field, to: field, matching: regex}}",
            key="move_items",
        )
    patterns = []
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            raise ConfigError(
                f"{path}: `move_items.{i}` is a mapping {{when_empty: field, from: field, to: field, matching: regex}}",
                key=f"move_items.{i}",
            )
        missing = {"when_empty", "from", "to", "matching"} - set(rule)
        unknown = set(rule) - {"when_empty", "from", "to", "matching"}
        if missing or unknown:
            raise ConfigError(
                f"{path}: `move_items.{i}` lacks {sorted(missing)} / has unknown {sorted(unknown)}; "
                "keys: when_empty, from, to (field names), matching (regex)",
                key=f"move_items.{i}",
            )
        for k in ("when_empty", "from", "to"):
            if not isinstance(rule[k], str):
                raise ConfigError(f"{path}: `move_items.{i}.{k}` is a field name", key=f"move_items.{i}.{k}")
        patterns.append(_regex(path, f"move_items.{i}.matching", rule["matching"]))
    return tuple(patterns)


def _group_level(head: str, patterns) -> int | None:
    """Index of the first ``review.groups`` pattern matching a cleaned line, or None."""
    return next((i for i, p in enumerate(patterns) if p.match(head)), None)


def _group_text(head: str) -> str:
    """A group line as the context keeps it: markdown heading marks (``### ``) dropped."""
    return re.sub(r"^#+\s*", "", head).strip()


#: A review title cell opening on the action's reference (« Action 1 -- Développer … »,
#: « Fiche 2.3 – … », « Mesure n° 4 : … »).
_TITLE_REF = re.compile(
    r"^(?P<ref>(?:Action|Fiche(?:[- ]action)?|Mesure)\s*(?:n°\s*)?[A-Z]?\d{1,2}(?:\.\d{1,2})*)\s*(?:--|[–—:.-])\s*(?P<title>\S.*)$",
    re.I,
)


def _ref_in_title(title: str) -> tuple[str | None, str]:
    """A review row with no number column: its reference as printed at the start of its
    title cell (« Action 1 -- Développer les consultations … » → « Action 1 », « Développer
    les consultations … »); (None, title) where the cell opens on none."""
    m = _TITLE_REF.match(title)
    return (m.group("ref"), m.group("title")) if m else (None, title)


def _group_number(context: str | None) -> str | None:
    """The number a review group prints after its word (« Orientation 2 – Accueil » → 2,
    « Axe B : … » → B; the last group of « Axe 1 — Priorité 3 » → 3), else None."""
    last = (context or "").split(" — ")[-1]
    m = re.match(r"^\W*[^\W\d_][\w'’-]*\s+(\d{1,2}|[A-Z]|[IVX]{1,4})\b", last)
    return m.group(1) if m else None


def _group_contexts(lines: Lines, patterns) -> Callable[[int], str | None]:
    """``review.groups`` for review tables read by cells (grid, pipes): line → the groups
    printed above it, outer first, joined by `` — `` (a group clears the groups listed after
    it), or None above the first group. The lines are the review section's."""
    marks: list[tuple[int, str]] = []
    groups: dict[int, str] = {}
    for n, text in lines:
        head = clean_inline(text)
        level = _group_level(head, patterns) if patterns else None
        if level is None:
            continue
        groups = {k: v for k, v in groups.items() if k < level}
        groups[level] = _group_text(head)
        marks.append((n, " — ".join(groups[k] for k in sorted(groups))))

    def at(line: int) -> str | None:
        before = [c for n, c in marks if n < line]
        return before[-1] if before else None

    return at


def _sentence_in_phrase(wrapped: tuple[str, int], raw: str) -> str | None:
    """The sentence holding the amount printed ``raw`` in a wrapped phrase
    (:func:`ocr_lines.wrapped_phrase`: the phrase, where the amount's line starts in it)."""
    phrase, at = wrapped
    hit = next((x for x in euro_amounts(phrase) if x.raw == raw and x.start >= at), None)
    return sentence_around(phrase, hit.start, hit.end) if hit else None


def _goes_on(prev: str, text: str) -> bool:
    """``text``, printed under ``prev`` outside any list, goes on with it: it starts in lower
    case, or ``prev`` ends open (a connector, a comma) or on a hyphen or a dash."""
    return text[:1].islower() or ocr_lines.ends_open(prev) or prev.rstrip().endswith(("-", "–"))


def _status_goes_on(above: str | None, raw: str | None) -> bool:
    """A status cell printed on a review row whose ref cell is empty goes on with the status
    above (« Partiellement » / « réalisée »), or there is none: the row is the row above
    wrapped. A status of its own (« En cours » under « Réalisée ») starts a row the table
    printed with no number, which is not read."""
    return not raw or not above or _goes_on(above, raw)


def _unread_cell_headers(lines: Lines, in_grid: set[int]) -> list[int]:
    """The lines of a year grid's header printed one cell a line that no row was read under
    (:func:`schemalab.extract.cell_rows`): three consecutive years or more, one a line, with
    the label just above them and the semesters just below; no calendar phrases. Empty
    when there is none."""
    texts = [(n, t.strip()) for n, t in lines if t.strip() and n not in in_grid]
    for k, (n, t) in enumerate(texts):
        if not YEAR_ALONE.match(t):
            continue
        run = [n]
        while k + len(run) < len(texts) and YEAR_ALONE.match(texts[k + len(run)][1]):
            if int(texts[k + len(run)][1]) != int(texts[k + len(run) - 1][1]) + 1:
                break
            run.append(texts[k + len(run)][0])
        if len(run) < 3:
            continue
        above = [texts[k - 1][0]] if k and len(texts[k - 1][1]) <= 40 and not years(texts[k - 1][1]) else []
        below = [m for m, u in texts[k + len(run) : k + 3 * len(run)] if re.fullmatch(r"S\s?[12]", u)]
        return above + run + below
    return []


#: The header of a financial programme printed with single spaces (`pdftotext -raw`): words
#: naming the rows, three consecutive years or more, a « Total » column perhaps.
_SINGLE_SPACED_HEADER = re.compile(
    r"^\s*(?P<lead>[^\d\s][^\d]{0,40}?)\s+(?P<years>(?:(?:19|20)\d\d\s+){2,}(?:19|20)\d\d)(?P<total>\s+(?i:total))?\s*$"
)


def _money_columns(labels: list[tuple[str | None, str]], cells: list[str]) -> dict[str, str]:
    """What a table row's columns say of the money it prints (:meth:`_qualify_by_columns`):
    ``cost`` the label of its cost column (« Coût estimé », « Budget », « Montant »), ``date``
    its date cell (« Échéance », « Calendrier »), ``payer`` its funder cell (« Financeur »)."""
    out: dict[str, str] = {}
    for k, cell in enumerate(cells):
        label = fold(labels[k][1] if k < len(labels) else "").lower()
        text = clean_inline(cell)
        if re.search(r"co[uû]t|budget|montant", label) and euro_amounts(text):
            out["cost"] = labels[k][1]
        elif re.search(r"financeur|financ[ée] par|payeur", label) and text:
            out["payer"] = text
        elif re.search(r"[ée]ch[ée]an|calendrier|\bdate\b|p[ée]riode", label) and text:
            out["date"] = text
    return out if "cost" in out else {}


#: A table cell naming a sheet by its number (« 1.1.1 », « 3 », « Fiche 7 », « Action n° 2 »).
_SHEET_CELL = re.compile(r"^(?:(?:fiche|action)\s*(?:n°\s*)?)?([A-H]?\d{1,2}(?:\.\d{1,2}){0,2})\b", re.I)


def _legend_role(words: str) -> str | None:
    """The role a roles matrix's legend word names: pilote, copilote, porteur, responsable
    → pilot; associé, partenaire, contributeur, participant → partner; None otherwise."""
    w = fold(words).lower()
    if re.match(r"(?:co-?)?pilot|porteu|responsable|chef de file", w):
        return "pilot"
    if re.match(r"associ|partenaire|contribu|particip|mobilis", w):
        return "partner"
    return None


def _caption_unit(caption: str) -> str:
    """The unit a table's caption gives its bare numbers: « en milliers d'euros (k€) »,
    « Montants en k€ » → k€; « en millions d'euros » → M€; else €."""
    if re.search(r"(?i)milliers d.euros|\bk€", caption):
        return "k€"
    return "M€" if re.search(r"(?i)millions d.euros|M€", caption) else "€"


#: A programme's row of totals: « TOTAL », « Total général », « Total orientation 1 »,
#: « Sous-total axe 2 ».
_PROGRAMME_TOTAL = re.compile(r"(?i)^(?:sous-)?total\b")
#: A cell of such a table: a number whose thousands may be set apart by a space, or a dash
#: for an empty cell.
_PROGRAMME_TOKEN = re.compile(r"^(?:\d{1,3}|\d{4,}|[–—-])$")


def programme_cells(tokens: list[str], width: int, total: bool) -> list[str | None] | None:
    """The ``width`` cells of a row of numbers printed with single spaces, where a space
    also sets a number's thousands apart (« 420 780 1 130 1 130 1 130 4 590 »): the one
    way of grouping the tokens into ``width`` numbers (a group: one to three digits, then
    groups of three) whose last is the sum of the others when the table has a ``total``
    column; a dash is an empty cell (None). None when no way, or more than one, fits."""
    if not tokens or not all(_PROGRAMME_TOKEN.match(t) for t in tokens):
        return None
    found: list[list[str | None]] = []

    def walk(k: int, cells: list[str | None]) -> None:
        if len(found) > 1 or len(cells) > width:
            return
        if k == len(tokens):
            if len(cells) == width:
                found.append(list(cells))
            return
        if tokens[k] in "–—-":
            walk(k + 1, [*cells, None])
            return
        j = k + 1
        walk(j, [*cells, tokens[k]])
        while re.fullmatch(r"\d{1,3}", tokens[k]) and j < len(tokens) and re.fullmatch(r"\d{3}", tokens[j]):
            j += 1
            walk(j, [*cells, " ".join(tokens[k:j])])

    walk(0, [])
    if total:

        def value(c: str | None) -> int:
            return int(c.replace(" ", "")) if c else 0

        found = [f for f in found if sum(value(c) for c in f[:-1]) == value(f[-1])]
    return found[0] if len(found) == 1 else None


def _year_columns(header: str) -> list[tuple[float, int | None]] | None:
    """The columns of a financial table's header aligned with spaces: (middle, year) of each
    of its consecutive years, three or more, and (middle, None) of a « Total » after them;
    None for any other line."""
    runs = [(m.start(), m.end(), m.group()) for m in SPACE_CELL.finditer(header)]
    years = [(a, b, int(t)) for a, b, t in runs if re.fullmatch(r"(?:19|20)\d\d", t)]
    if len(years) < 3 or [y for *_, y in years] != list(range(years[0][2], years[0][2] + len(years))):
        return None
    if not any(
        not re.fullmatch(r"(?:19|20)\d\d", t)
        for _, _, t in runs[: runs.index((years[0][0], years[0][1], str(years[0][2])))]
    ):
        return None  # a year grid's header (no first cell naming the rows)
    cols: list[tuple[float, int | None]] = [((a + b) / 2, y) for a, b, y in years]
    cols += [((a + b) / 2, None) for a, b, t in runs if a > years[-1][1] and re.match(r"(?i)total", t)]
    return cols


def _with_spill(title: str, lines: list[str]) -> str:
    """``title`` with the plain lines printed under its row that go on with it
    (:func:`_title_goes_on`), up to the first that does not."""
    for more in lines:
        if not _title_goes_on(title, more):
            break
        title = join_wrapped(title, clean_inline(more))
    return title


def _title_goes_on(title: str, line: str) -> bool:
    """A plain line printed under a review row goes on with its title: it starts in lower
    case, or the title ends open (a connector, a comma, a hyphen: « pédopsychiatrie- » /
    « ASE »); a heading, a page line or a capitalised sentence does not."""
    t = line.strip()
    return bool(t) and _goes_on(title, t)


def _pipe_rows(lines: Lines) -> list[GridRow]:
    """Review lines whose cells are separated by ``|`` (``review.cells: pipes``), with or
    without outer pipes (``1 | title | status``): a ``|---|`` rule is skipped and marks
    the row above it as a header; lines without ``|`` are not rows."""
    rows: list[GridRow] = []
    for n, text in lines:
        s = text.strip()
        if "|" not in s:
            continue
        if _PIPE_SEPARATOR.match(s):
            if rows:
                rows[-1].header = True
            continue
        s = s[1:] if s.startswith("|") else s
        s = s[:-1] if s.endswith("|") else s
        rows.append(GridRow(n, [pipe_cell(c) for c in s.split("|")], False, "pipe"))
    return rows


def _pipe_cells_rows(lines: Lines, row: re.Pattern) -> list[tuple[int, str, list[str]]]:
    """``review.row`` lines split at pipes (:func:`_pipe_rows`; the text keeps its pipes),
    and the lines between them holding no pipe as one cell each, in print order, so that a
    group line between the rows (« **Orientation 2 – …** », a row merged across the table)
    is seen by ``groups``."""
    texts = dict(lines)
    rows = [(r.line, texts[r.line], r.cells) for r in _pipe_rows(lines)]
    plain = [(n, t, [t]) for n, t in lines if t.strip() and "|" not in t]
    return sorted(rows + plain, key=lambda r: r[0])


def _tab_cells(lines: Lines, row: re.Pattern) -> list[tuple[int, str, list[str]]]:
    """TSV review lines: cells split at tabs. A line with no match of ``row`` right under a
    row (no blank line between) is the row's record wrapped at the page's width (catdoc wraps
    a .doc's table row at 72 columns, a tab included): it goes on with the row's last cell,
    or opens the next cell where the row holds fewer cells than the table's widest row above
    and the line starts with a capital after a cell that ends closed (« … informations
    préoccupantes » / « Réalisée<TAB>CRIP opérationnelle … »)."""
    out: list[tuple[int, str, list[str]]] = []
    widest = 0
    for n, text in lines:
        cells = text.split("\t")
        # (a blank line is a record of its own: no row goes on across it)
        # (nor into a line that would make the row wider than the table: a group row)
        goes_on = (
            bool(out)
            and bool(text.strip())
            and not row.match(text)
            and n == out[-1][3] + 1
            and bool(row.match(out[-1][1]))
            and len(out[-1][2]) + len(cells) - 1 <= widest
        )
        if goes_on:
            pn, ptext, pcells, _ = out[-1]
            first, *more = cells
            last = pcells[-1]
            new_cell = (
                len(pcells) < widest
                and first[:1].isupper()
                and not ocr_lines.continues_line(clean_inline(last), clean_inline(first))
            )
            merged = [*pcells, first] if new_cell else [*pcells[:-1], join_wrapped(last.rstrip(), first.strip())]
            out[-1] = (pn, ptext + "\t" + text, merged + more, n)
            widest = max(widest, len(out[-1][2]))
            continue
        out.append((n, text, cells, n))
        if text.strip():
            widest = max(widest, len(cells))
    return [(n, text, cells) for n, text, cells, _ in out]


#: The dashed rule of a pandoc simple table: runs of dashes parted by spaces.
_DASH_RULE = re.compile(r"^\s*-{2,}(?:\s+-{2,})*\s*$")
#: A cell's text between two column edges: from its first to its last non-space.
_CELL_TEXT = re.compile(r"\S(?:.*\S)?")


def _space_cells(lines: Lines, row: re.Pattern) -> list[tuple[int, str, list[str]]]:
    """Review lines whose columns are aligned with runs of 2+ spaces (``review.cells:
    spaces``): a cell is a run of words separated by single spaces. An indented line
    right below a ``row`` line that does not match ``row`` continues it (a wrapped
    cell): each of its pieces is appended to the row's cell starting nearest at or
    before it. Under the dashed rule of a pandoc simple table (``---- -------- ------``)
    the columns are the rule's runs, so a cell that fills its column with one space
    before the next is still two cells. A row printing fewer cells than the table's fullest
    row above it puts each cell under the column it starts in, the others empty."""
    out: list[tuple[int, str, list[str]]] = []
    starts: list[int] = []
    columns: list[int] = []  # where the cells of the table's fullest row start
    rule: list[int] = []
    for n, text in lines:
        flat = text.replace("\t", "  ")
        if _DASH_RULE.match(flat):
            runs = [m.start() for m in re.finditer(r"-+", flat)]
            rule = runs if len(runs) > 1 else []
            continue
        found = list(SPACE_CELL.finditer(flat))
        if rule and found and all(k >= len(flat) or flat[k - 1] == " " for k in rule[1:]):
            found = [  # the rule's columns, when no word crosses one of its edges
                m
                for a, b in zip(rule, [*rule[1:], len(flat)], strict=True)
                for m in [_CELL_TEXT.search(flat[:b], a)]
                if m
            ]
        if out and starts and text[:1] == " " and found and not row.match(text):
            cells = out[-1][2]
            for m in found:
                k = max((i for i, s in enumerate(starts) if s <= m.start() + 1), default=0)
                cells[k] = f"{cells[k]} {m.group(0)}".strip()
            continue
        if not text.strip():
            starts, columns = [], []
            out.append((n, text, [""]))
            continue
        starts = [m.start() for m in found]
        if len(found) >= len(columns):
            columns = starts  # the table's columns: the row printing the most cells
            out.append((n, text, [m.group(0) for m in found]))
            continue
        # a row whose last or inner cells are empty (inscriptis pads it with spaces): each
        # cell in the column it is printed under, the others empty
        cells = [""] * len(columns)
        for m in found:
            k = max((i for i, c in enumerate(columns) if c <= m.start() + 1), default=0)
            cells[k] = f"{cells[k]} {m.group(0)}".strip()
        out.append((n, text, cells))
    return out


#: A reviewed action named in a sentence (« l'action 1.2, « Créer un accueil de jour », a été
#: réalisée en 2021 ; »): its number, its title in quotation marks, the rest of its clause (up
#: to a semicolon or a full stop that is not a number's).
PROSE_REVIEW_ITEM = re.compile(
    r"(?:[Ll]['’]\s?action|[Ll]a\s+fiche(?:[- ]action)?|[Ll]a\s+mesure)\s+(?:n°\s*)?"
    r"(?P<ref>[A-Z]?\d{1,2}(?:\.\d{1,2}){0,2})\s*,?\s*[«“\"]\s*(?P<title>[^»”\"]{3,200}?)\s*[»”\"]\s*,?\s*"
    r"(?P<rest>(?:[^;.]|\.(?=\d))*)"
)
#: The verb phrase giving a reviewed action's status in a sentence: « a été réalisée », « est
#: partiellement réalisée », « n'a pas pu être engagée », « est toujours en cours ».
_PROSE_STATUS = re.compile(
    r"(?i)\b(?:n['’](?:a|ont)\s+pas\s+(?:pu\s+|encore\s+)?(?:été|être)\s+[^\W\d]+"
    r"|(?:a|ont)\s+été\s+(?:partiellement\s+|totalement\s+|entièrement\s+|en\s+partie\s+)?[^\W\d]+"
    r"|(?:est|sont|reste|restent)\s+(?:toujours\s+|encore\s+)?(?:en\s+cours|(?:partiellement\s+|totalement\s+)?[^\W\d]+(?:ée?s?|é)\b)"
    r"|(?:abandonnée?s?|en\s+cours))"
)
#: Status words of a prose review's verb phrases, in the order tried (``review_status`` rules).
PROSE_STATUS_RULES = [
    ("non_realise", re.compile(r"(?i)\bn['’](?:a|ont)\s+pas\b|abandonn")),
    ("partiel", re.compile(r"(?i)partiellement|en\s+partie")),
    ("en_cours", re.compile(r"(?i)en\s+cours")),
    (
        "realise",
        re.compile(
            r"(?i)r[ée]alis|achev|termin|abouti|mis(?:e|es)?\s+en\s+(?:œ|oe)uvre|engag|ouvert|install|déploy|cré"
        ),
    ),
]


def prose_review_status(clause: str) -> tuple[str | None, str | None]:
    """``(status as printed, the rest of the clause)`` of a reviewed action's clause in a
    prose review: the first verb phrase giving a status (« a été réalisée »), and what the
    clause says besides, its punctuation trimmed (« en 2021 »); ``(None, clause)`` when it
    gives none."""
    m = _PROSE_STATUS.search(clause)
    if m is None:
        return None, clause.strip(" ,:;–—-") or None
    rest = (clause[: m.start()] + " " + clause[m.end() :]).strip(" ,:;–—-")
    return m.group(0), re.sub(r"\s+", " ", rest) or None


#: A mark ticking a cell of a review's status columns.
_TICK_MARK = re.compile(r"^(?:[Xx×✓✔☑■●•]|oui|OUI)$")


def _tick_header(cells: list[str], ticks: list[int]) -> bool:
    """A review row naming its status columns (`review.columns.status` a list): words, not
    marks, in every one of them."""
    words = [clean_inline(cells[k]) if k < len(cells) else "" for k in ticks]
    return all(w and not _TICK_MARK.match(w) for w in words)


def _ticked(
    values: list[str], labels: list[str], ticks: list[int], used: set[int] = frozenset(), rules=()
) -> str | None:
    """The status of a review row printed as tick columns (« Réalisée | Partiellement
    réalisée | Non réalisée », an X under one): the header of the first column ticked, or
    the mark itself when no header was read. A row ticked nowhere whose comment opens on a
    status (« En cours : appel à projets lancé en 2025 », plan 20) has that status, its
    opening words; else None."""
    for k in ticks:
        if k < len(values) and _TICK_MARK.match(clean_inline(values[k])):
            return labels[k] if k < len(labels) and labels[k] else clean_inline(values[k])
    for k, v in enumerate(values):
        m = re.match(r"^([^\W\d][^:.;,–—(]{1,40}?)\s*(?:[:.;,–—(]|$)", clean_inline(v)) if k not in used else None
        if m and rules and review_status(m.group(1), rules) != "unknown":
            return m.group(1)
    return None


def _used_columns(cols: dict) -> set[int]:
    """The cell indexes `review.columns` names (a status list counted whole)."""
    out: set[int] = set()
    for v in cols.values():
        out |= set(v) if isinstance(v, list) else {v}
    return out


def _review_rows_spec(path: Path, review: dict) -> dict:
    """``review``'s keys for TSV review rows (``row``, ``header``, ``groups``, ``details``,
    ``width``, ``amounts``) and ``required``."""
    from schemalab.schema import VOCABULARIES

    if review.get("cells", "tabs") not in ("tabs", "spaces", "pipes", "prose"):
        raise ConfigError(
            f"{path}: `review.cells` is `tabs` (default), `spaces` (columns aligned with 2+ spaces), "
            "`pipes` (cells between `|`, outer pipes optional) or `prose` (sentences naming each action)",
            key="review.cells",
        )
    if review.get("details", "labelled") != "labelled":
        raise ConfigError(f"{path}: `review.details` is `labelled` (or absent)", key="review.details")
    if review.get("amounts") is not None and review["amounts"] not in VOCABULARIES["budget_scope"]:
        raise ConfigError(
            f"{path}: `review.amounts` is a budget scope {VOCABULARIES['budget_scope']}", key="review.amounts"
        )
    groups = review.get("groups") or []
    if not isinstance(groups, list):
        raise ConfigError(f"{path}: `review.groups` is a list of regexes, outer group first", key="review.groups")
    return {
        "required": bool(review.get("required", True)),
        "row": _optional_regex(path, "review.row", review.get("row")),
        "header": _optional_regex(path, "review.header", review.get("header")),
        "groups": [_regex(path, f"review.groups.{k}", g) for k, g in enumerate(groups)],
        "details": review.get("details"),
        "cells": review.get("cells", "tabs"),
        "width": int(review["width"]) if review.get("width") else None,
        "amounts": review.get("amounts"),
    }


def _cell_list_attrs(path: Path, config: dict, headings: dict[str, str]) -> dict:
    """Class attributes of the keys ``confirm_skip``, ``head_lines``, ``columns``,
    ``dash_lists``, ``join_by_heading``, ``expected_content``, ``year_steps``,
    ``budget_nature`` (checked: fields are canonical, regexes compile)."""
    from schemalab.schema import VOCABULARIES

    def fields(key: str, names) -> list[str]:
        names = list(names or [])
        bad = [f for f in names if f not in CANONICAL_FIELDS]
        if bad:
            raise ConfigError(f"{path}: `{key}` names unknown fields {bad}; fields: {', '.join(CANONICAL_FIELDS)}")
        return names

    confirm = config.get("sheet_start_confirm")
    if confirm is not None and not isinstance(confirm, (bool, int)):
        raise ConfigError(
            f"{path}: `sheet_start_confirm` is true, false or a number of lines", key="sheet_start_confirm"
        )
    head_rules = _head_line_rules(path, config.get("head_lines"))
    columns = config.get("columns") or {}
    if not isinstance(columns, dict) or not all(isinstance(v, list) and len(v) == 2 for v in columns.values()):
        raise ConfigError(f"{path}: `columns` maps a field to [field of column 1, field of column 2]", key="columns")
    for src, pair in columns.items():
        fields(f"columns.{src}", [src, *pair])
    dash = _check_keys(path, "dash_lists", config.get("dash_lists"), {"fields", "join_after_acronym"})
    fields("dash_lists.fields", dash.get("fields"))
    joins: dict[str, list[tuple[str, str]]] = {}
    for name, labels in (config.get("join_by_heading") or {}).items():
        fields("join_by_heading", [name])
        if not isinstance(labels, list) or not labels:
            raise ConfigError(f"{path}: `join_by_heading.{name}` lists the headings joined, in order")
        keys = [heading_key(str(lb)) for lb in labels]
        mapped = {heading_key(h) for h, f in headings.items() if f == name}
        if set(keys) != mapped:
            raise ConfigError(
                f"{path}: `join_by_heading.{name}` must list exactly the headings mapped to {name} "
                f"({sorted(mapped)}); found {keys}"
            )
        joins[name] = [(k, clean_inline(str(lb), bullet=False)) for k, lb in zip(keys, labels, strict=True)]
    fields("expected_content", config.get("expected_content"))
    steps = _check_keys(path, "year_steps", config.get("year_steps"), {"sub_item"})
    if "year_steps" in config and config.get("layout", "lines") != "lines":
        raise ConfigError(f"{path}: `year_steps` reads the `lines` layout", key="year_steps")
    natures = config.get("budget_nature") or {}
    if not isinstance(natures, dict) or set(natures) - set(VOCABULARIES["budget_nature"]):
        raise ConfigError(
            f"{path}: `budget_nature` maps natures {VOCABULARIES['budget_nature']} to regexes", key="budget_nature"
        )
    return {
        "_confirm_skip": tuple(_regex(path, "confirm_skip", p) for p in config.get("confirm_skip") or []),
        "_head_lines": head_rules,
        "_dash_join": _optional_regex(path, "dash_lists.join_after_acronym", dash.get("join_after_acronym")),
        "_join_by_heading": joins,
        "_year_steps": (
            {"sub_item": _optional_regex(path, "year_steps.sub_item", steps.get("sub_item"))}
            if "year_steps" in config
            else None
        ),
        "_budget_nature": tuple((k, _regex(path, f"budget_nature.{k}", v)) for k, v in natures.items()),
    }


class BrokenConfiguredParser(BaseParser):
    """Stands in the registry for a configuration that does not load: it claims the
    plan its ``detect`` line names (when that line can still be read) and fails it with
    the configuration error, so only that département fails and every other one builds."""

    config_path: Path | None = None
    config_error: ConfigError | None = None

    def parse(self, data, source="<text>", manifest=None, *, strict=False) -> ParseResult:
        raise ParseError(source, None, f"a valid parser configuration; {self.config_error}")


def _salvage(text: str, key: str) -> str | None:
    """A top-level scalar of a YAML file that does not load as a whole."""
    import yaml

    m = re.search(rf"(?m)^{key}:[ \t]*(\S.*)$", text)
    if not m:
        return None
    try:
        value = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return None
    return str(value) if isinstance(value, (str, int)) else None


def broken_parser(path: Path, error: ConfigError) -> type[BrokenConfiguredParser]:
    """The registry entry of a configuration that does not load (see BrokenConfiguredParser)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    detect = _salvage(text, "detect")
    try:
        pattern = re.compile(detect) if detect else None
    except re.error:
        pattern = None
    code = _salvage(text, "code") or path.stem.split("_")[0]
    return type(
        "Config" + re.sub(r"\W", "", path.stem.title()) + "BrokenConfiguration",
        (BrokenConfiguredParser,),
        {
            "__module__": __name__,
            "__doc__": f"Configuration {path.name} does not load: {error}",
            "code": str(code),
            "name": _salvage(text, "name") or path.stem,
            "detect_pattern": pattern,
            "config_path": path,
            "config_error": error,
        },
    )


def configured_parsers(
    index: Path = INDEX, errors: list[ConfigError] | None = None
) -> tuple[type[ConfiguredParser], ...]:
    """The parsers listed, in order, in the configuration index (``index.yml``).

    A configuration that does not load does not stop the others: it is replaced by a
    :func:`broken_parser` (which fails its own plan with the error) and its error is
    appended to ``errors``. Without ``errors``, the first error is raised.
    """
    import yaml

    if not index.exists():
        return ()
    try:
        listed = yaml.safe_load(index.read_text(encoding="utf-8")) or []
        if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
            raise ConfigError(f"{index}: a list of configuration files (`- 40_landes.yml`)")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        err = ConfigError(f"{index}:{mark.line + 1 if mark else '?'}: YAML syntax error ({exc})")
        if errors is None:
            raise err from None
        errors.append(err)
        return ()
    except ConfigError as err:
        if errors is None:
            raise
        errors.append(err)
        return ()
    out = []
    for name in listed:
        try:
            out.append(load_config_parser(index.parent / name))
        except ConfigError as err:
            if errors is None:
                raise
            errors.append(err)
            out.append(broken_parser(index.parent / name, err))
    return tuple(out)


__all__ = [
    "BrokenConfiguredParser",
    "ConfigError",
    "ConfiguredParser",
    "ParseError",
    "broken_parser",
    "configured_parsers",
    "load_config_parser",
]
