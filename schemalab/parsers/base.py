"""The shared parsing pipeline every département parser runs on.

Parsers are pure: raw text in, records with line numbers out (:class:`ParseResult`);
reading files and writing Parquet happen elsewhere (:mod:`schemalab.build`).

Stages of :meth:`BaseParser.parse`, each a method a subclass may override:

1. **normalise** (:func:`schemalab.extract.read_lines`): bytes → lines, line
   numbers preserved (CRLF, NFD, BOM cannot change a result), tables a converter printed
   in its own way made pipe rows.
2. **plan** (:meth:`BaseParser.parse_plan`): title and period as printed, falling back
   on the manifest entry; ``plan_id = <code>-<start>-<end>``.
3. **axes** (:meth:`BaseParser.parse_axes`).
4. **segment** (:meth:`BaseParser.segment`): the sheets, each found by the declarative
   ``sheet_start`` pattern, ending where the next starts or at ``sheets_end``.
   Tables of contents and summary lists repeat titles but do not match
   ``sheet_start``; a parser whose anchors repeat overrides :meth:`segment`.
5. **fields** (:meth:`BaseParser.split_fields`): heading lines are mapped to canonical
   fields through ``heading_aliases`` (after :func:`heading_key` folding: case,
   accents, trailing colons, markup). Heading-like lines that no alias maps are
   collected as *unknown headings*; ``skip_patterns`` (running headers) and
   ``stop_patterns`` (axis dividers) end or drop lines.
6. **extract** (:meth:`BaseParser.extract_sheet`): canonical fields → records, through
   the shared extractors (bullets, years, euro amounts), with small hooks
   (:meth:`fix_fields`, :meth:`sheet_header`, :meth:`budget_nature`).
7. **plan-level** (:meth:`BaseParser.extract_plan_level`): plan budget figures, the
   review of the previous plan, youth recommendations; then, for every parser alike,
   what the plan prints about its review besides the rows
   (:meth:`BaseParser.read_review_text`: its own summary figure, titles partly lost) and
   the OCR-repaired companions (:meth:`BaseParser.fill_clean_companions`).

Unknown headings and out-of-vocabulary values are errors with ``strict=True`` (tests)
and warnings listing them otherwise (builds): never a silent guess.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from schemalab.actors import role_groups
from schemalab.extract import (
    DOC_COMPOUNDS,
    LIST_GLYPHS,
    Amount,
    Item,
    MoneyText,
    ParseError,
    _filled_cells,
    amount_payer,
    amount_periodicity,
    amount_role,
    amount_scope,
    calendar_entries,
    clean_inline,
    dated_amount_year,
    document_compounds,
    euro_amounts,
    heading_text,
    indicator_kind_heading,
    indicator_kind_prefix,
    indicator_measure,
    indicator_target,
    is_household_statistic,
    is_lower_bound,
    is_past_act,
    is_past_period_finding,
    is_total_label,
    link_amounts,
    money_text,
    names_child_protection,
    numbered_marker,
    parse_bullets,
    read_lines,
    relative_schedule,
    strip_list_marker,
    to_named_sheets,
    with_cut_amount,
    wrapped_by_pypdf,
)
from schemalab.manifest import ManifestEntry
from schemalab.parsers.review_text import review_summaries, title_partly_lost
from schemalab.schema import TABLES, VOCABULARIES

#: Canonical sheet fields a heading alias may map to.
#: An expected field met by any of these: `indicators` by indicator headings that
#: print a kind ("Indicateurs de réalisation", "Indicateurs de résultat").
FIELD_KINDS: dict[str, tuple[str, ...]] = {
    "indicators": ("indicators", "indicators_realisation", "indicators_impact", "results"),
}

CANONICAL_FIELDS = (
    "title",
    "context",
    "objectives",
    "sub_actions",
    "targets",
    "pilots",
    "partners",
    "indicators",
    "indicators_realisation",
    "indicators_impact",
    "results",
    "resources",
    "calendar",
    "risks",
    "ignore",
)

Lines = list[tuple[int, str]]


def heading_key(text: str) -> str:
    """Fold a heading for alias lookup: no markup, no accents, upper case, no colon.

    "**Résultats attendus :**" and "### Résultats attendus" → "RESULTATS ATTENDUS"; "MODALITES DE MISE EN ŒUVRE"
    → "MODALITES DE MISE EN OEUVRE".
    """
    s = clean_inline(text, bullet=False).replace("œ", "oe").replace("Œ", "OE")
    s = re.sub(r"^#{1,6}\s+|\s+#+$", "", s)  # markdown heading: "### X" is "X"
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[\s:.\-–]+$", "", s.strip())
    return re.sub(r"\s+", " ", s).upper()


#: A section number before a label: "1. ", "2) ", "III - ", "B. ".
_LABEL_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})?|[IVX]{1,4}|[A-Z])\s*[.)/–-]\s*(?=[A-Z])")


def heading_forms(key: str) -> list[str]:
    """Other spellings of a folded heading (:func:`heading_key`) that name the same
    label, spaces removed: letter-spaced as OCR prints small capitals (``O BJECTIFS``,
    ``P A R T E N A I R E S`` → ``OBJECTIFS``, ``PARTENAIRES``) and without a section
    number (``1. OBJECTIFS``, ``2) PILOTE`` → ``OBJECTIFS``, ``PILOTE``). A label is
    looked up in these forms only when its printed form is not mapped.

    Two more variants fold: an optional plural written ``(s)`` (``PORTEUR(S) DE
    L'ACTION`` is ``PORTEUR DE L'ACTION``; a plural without parentheses, ``PORTEURS``,
    stays a label of its own: a Gantt cell ``Étape`` must not become ``Étapes``) and a
    label mark before the label (``▶ Porteur`` → ``PORTEUR``; ``•`` and ``-`` are list
    bullets, never folded)."""
    key = _LABEL_MARK.sub("", key)
    forms = [_compact_form(key)]
    m = _LABEL_NUMBER.match(key)
    if m and len(key) - m.end() >= 3:
        forms.append(_compact_form(key[m.end() :]))
    return forms


#: A mark printed before a label (not a list bullet): "▶ Porteur de l'action".
_LABEL_MARK = re.compile(r"^[▶►▸➤◆■]\s*")


def _compact_form(key: str) -> str:
    """A folded label without spaces and without an optional plural ``(S)``."""
    return re.sub(r"\(S\)", "", key).replace(" ", "")


#: Parts of a sheet that are no labelled field: the lines before its first label, after a
#: stop line, or under no label.
_NOT_FIELDS = frozenset({"_head", "_after", "_unlabelled"})


#: An envelope the sentence says the money is destined for, with the participle alone
#: (« une enveloppe supplémentaire de 6,2 M€ sur cinq ans, consacrée pour l'essentiel à la
#: prévention », « enveloppe supplémentaire consacrée au schéma sur 2026-2031 »): the
#: participle says what the money is for, not that it was spent, so the envelope's own
#: word (planned) decides. « a consacré », « ont été consacrés » (an act reported) and
#: « consacre chaque année » (spending as it runs) stay consumed.
_DESTINED_ENVELOPE = re.compile(
    r"^(?!.*\b(?:a|ont|avait|avaient)\s+(?:été\s+|déjà\s+)?consacr)(?!.*\bconsacr(?:e|ent|ait|aient)\b)"
    r"(?=.*\benvelop)(?=.*\bconsacrée?s?\b)",
    re.S,
)


@dataclass
class Document:
    """A normalised raw file: ``lines[0]`` is line 1."""

    source: str
    lines: list[str]

    def line(self, no: int) -> str:
        return self.lines[no - 1]

    def span(self, start: int, end: int) -> Lines:
        """Lines ``start`` (inclusive) to ``end`` (exclusive), 1-based, with numbers."""
        return [(n, self.lines[n - 1]) for n in range(max(start, 1), min(end, len(self.lines) + 1))]

    def find(self, pattern: re.Pattern, start: int = 1, end: int | None = None) -> list[tuple[int, re.Match]]:
        """All ``(line_no, match)`` of ``pattern`` (matched per line) in [start, end)."""
        end = end or len(self.lines) + 1
        out = []
        for n, text in self.span(start, end):
            m = pattern.search(text)
            if m:
                out.append((n, m))
        return out

    def section(self, start: re.Pattern, end: re.Pattern | None) -> tuple[int, int] | None:
        """``(first, stop)``: the line of the first ``start`` match and the line of the
        next ``end`` match after it (one past the last line without ``end`` or a match);
        None when no line matches ``start``."""
        found = self.find(start)
        if not found:
            return None
        first = found[0][0]
        ends = self.find(end, first + 1) if end is not None else []
        return first, ends[0][0] if ends else len(self.lines) + 1


def annex_start(found: list[int], first_sheet: int | None) -> int:
    """The line a review or youth section starts on, of the lines its ``start`` matches
    (``found``, in order): its heading printed more than once (a contents entry, then the
    annex), the first after the first sheet where one is, else the last before it (a contents
    entry printed above its chapter, both before the sheets); the only one otherwise."""
    if first_sheet is None or len(found) == 1:
        return found[0]
    after = [n for n in found if n > first_sheet]
    return after[0] if after else found[-1]


@dataclass
class Sheet:
    """One action sheet located in a document."""

    action_id: str
    start: int
    end: int
    title: str = ""
    axis_id: str | None = None
    objective: str | None = None
    objective_id: str | None = None
    fields: dict[str, Lines] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


_BRACKETED_ACRONYM = re.compile(r"^(?P<full>.+?)\s*\((?P<acronym>[A-ZÉÈ][\w'&.-]{1,11})\)$")


def _actor_name_keys(name: str) -> set[str]:
    """The forms under which a printed actor name is the same body within one
    action and role: the name (case and spacing aside) and, for « Full name (ACR) »,
    the full name alone and the acronym alone."""
    norm = " ".join(name.casefold().split())
    keys = {norm}
    m = _BRACKETED_ACRONYM.match(name.strip())
    if m and any(c.isupper() for c in m["acronym"][1:]):
        keys |= {" ".join(m["full"].casefold().split()), m["acronym"].casefold()}
    return keys


class ParseResult:
    """Records of one parsed plan, table by table, plus warnings."""

    def __init__(self, source: str, strict: bool = False):
        self.source = source
        self.strict = strict
        self.tables: dict[str, list[dict]] = defaultdict(list)
        self.warnings: list[str] = []
        self.unknown_headings: list[tuple[int, str]] = []
        #: Sheets the plan announces and does not hold (BaseParser.check_completeness).
        self.incomplete: list[str] = []
        self._positions: dict[tuple, int] = defaultdict(int)
        self._calendar_keys: set[tuple] = set()
        self._actor_keys: set[tuple] = set()

    def add(self, table: str, *, scope: tuple = (), **row) -> dict:
        """Append a row to ``table``; ``position`` is numbered within ``scope``
        (e.g. the action id, and the role for actors) unless given. A blank text value
        is no value: it becomes None (null), never ''."""
        row = {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in row.items()}
        if table == "calendar":
            # The same (year, semester, label) stated twice for one action is one
            # scheduled period, not two: keep the first statement (its line).
            key = tuple(row.get(k) for k in TABLES["calendar"].key)
            if key in self._calendar_keys:
                return row
            self._calendar_keys.add(key)
        if table == "action_actors" and row.get("name"):
            # A body named again in the same role of the same action (a pilot printed
            # on each row of a table of steps) is one pilot, not two: keep the first
            # (its line and position). Names are compared as printed, case and spacing
            # aside, a name with its acronym in brackets standing for both (« Service de
            # PMI (PMI) » then « PMI »); never through the registry (distinct units share
            # a canonical name).
            keys = {(row.get("action_id"), row.get("role"), name) for name in _actor_name_keys(row["name"])}
            if keys & self._actor_keys:
                return row
            self._actor_keys |= keys
        if "position" not in row and "position" in TABLES[table].columns:
            key = (table, *scope)
            self._positions[key] += 1
            row["position"] = self._positions[key]
        self.tables[table].append(row)
        return row

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(f"{self.source}:{line}: {message}" if line else f"{self.source}: {message}")

    def vocab(self, vocabulary: str, value: str | None, line: int | None, default=None):
        """``value`` if it is in the closed list, else an error (strict) or a warning."""
        if value is None or value in VOCABULARIES[vocabulary]:
            return value
        msg = f"value {value!r} is not in the {vocabulary} vocabulary {VOCABULARIES[vocabulary]}"
        if self.strict:
            raise ParseError(self.source, line, msg)
        self.warn(line, msg)
        return default

    def counts(self) -> dict[str, int]:
        return {t: len(rows) for t, rows in self.tables.items()}


#: table → {printed text column: its OCR-repaired companion} (:meth:`BaseParser.clean_text`).
CLEAN_COMPANIONS: dict[str, dict[str, str]] = {
    "action_actors": {"name": "name_clean"},
    "actions": {
        "context_text": "context_clean",
        "objectives_text": "objectives_clean",
        "targets_text": "targets_clean",
        "risks_text": "risks_clean",
        "resources_text": "resources_clean",
        "implementation_text": "implementation_clean",
    },
    "indicators": {"text": "text_clean"},
    "sub_actions": {"text": "text_clean", "details_text": "details_clean"},
}

#: Tables whose ``title_clean`` :meth:`BaseParser.fill_clean_companions` fills through
#: :meth:`BaseParser.clean_title`, the one repair of titles: a sheet's and a reviewed
#: action's ``title_clean`` are set with the same hook where their rows are read.
TITLE_COMPANIONS = ("plans", "axes")

#: actions text column → the canonical field it is read from.
_TEXT_COLUMNS = {
    "resources_text": "resources",
    "context_text": "context",
    "objectives_text": "objectives",
    "targets_text": "targets",
    "risks_text": "risks",
}


def record_heading(sheet: Sheet, field_name: str, printed: str) -> None:
    """Remember the heading a field was printed under (its first printing), for the rows
    that keep it (``indicators.heading_raw``)."""
    text = re.sub(r"[\s:]+$", "", clean_inline(printed, bullet=False).lstrip("# "))
    if text:
        sheet.extra.setdefault("headings", {}).setdefault(field_name, text)


def actor_items(items: list[Item]) -> list[Item]:
    """The items of a pilot or partner list that name bodies, nested ones included: a
    list heading ending with a colon ("Établissements de santé :" above "+ Centre
    hospitalier d'Arpajon", "+ Centre hospitalier de Dourdan") names the group of the
    items under it, no body of its own; the items under any item are bodies too."""
    out: list[Item] = []
    for it in items:
        if not clean_inline(it.raw or it.text).rstrip().endswith(":"):
            out.append(it)
        out.extend(actor_items(it.children))
    return out


#: A list marker opening a line (or a value), in any layout: a glyph, a number or a letter
#: with its point or bracket.
LIST_MARKER = re.compile(rf"^\s*(?:--|[{re.escape(LIST_GLYPHS)}–—]|\d{{1,2}}[.)]|[a-z][.)])\s+")


def _marked_apart(lines: Lines, starts_item, whole_items: bool = False) -> Lines:
    """``lines`` with a list marker put before each line that ``starts_item(above, text,
    below)`` (the cleaned line above and the cleaned line; with ``whole_items``, the item
    above as read so far, its wrapped lines joined, and the cleaned lines below) says starts
    an item, where the field prints no marker at all; a line pypdf wrapped
    (:func:`~schemalab.extract.wrapped_by_pypdf`) never ends one. ``lines`` itself when no
    line starts an item."""
    from schemalab.extract import LONE_GLYPH, join_wrapped

    body = [(n, t) for n, t in lines if t.strip()]
    if len(body) < 2 or any(LIST_MARKER.match(t) or LONE_GLYPH.match(t) for _, t in body):
        return lines  # (a glyph or a number printed alone above its item is a marker too)
    clean = [clean_inline(t, bullet=False) for _, t in body]
    starts, item = set(), clean[0]
    for k in range(1, len(body)):
        above = item if whole_items else clean[k - 1]
        below = clean[k + 1 : k + 4] if whole_items else []
        if not wrapped_by_pypdf(body[k - 1][1]) and starts_item(above, clean[k], below):
            starts.add(body[k][0])
            item = clean[k]
        else:
            item = join_wrapped(item, clean[k])
    if not starts:
        return lines
    starts.add(body[0][0])
    return [(n, f"- {t.strip()}" if n in starts else t) for n, t in lines]


def actor_lines(lines: Lines) -> Lines:
    """The lines of a pilot or partner field, a list marker put before each body a
    converter printed alone on its line with no glyph (pypdf or pdfplumber print a table
    cell's paragraphs so)::

        Pilote(s) Service de l'accueil familial
        Direction des ressources humaines          → two pilots
        Partenaires … Caisse d'allocations familiales
        (CAF)                                      → one partner, its acronym below it

    A line starts a body where :func:`schemalab.actors.starts_a_body` says so (a capital
    after a line ending closed, a body the registry knows on each side of the break: the
    whole name above, its wrapped lines joined, and the name the line starts with the lines
    that go on with it, « Direction de la protection maternelle » / « et infantile (PMI) » /
    « Direction de l'action sociale de » / « proximité » → two pilots) and
    the line above carries no pypdf wrap mark: « Direction … – mission » / « Observatoire »
    stays one pilot. A field printing any list marker is left as it is (its glyphs say
    where items start)."""
    from schemalab.actors import load_registry, starts_a_body

    registry = load_registry()
    return _marked_apart(lines, lambda above, text, below: starts_a_body(registry, above, text, below), True)


def step_date(text: str) -> list[tuple[list[int], int | None]] | None:
    """The years (and semester) of a step item that is a date and nothing else (« 1er
    semestre 2025 », « 2026-2029 », « Mars 2027 »): [(years, semester)], None otherwise."""
    if len(text) > 40:
        return None
    entries = calendar_entries(text)
    if not entries or any(not ys or label for ys, _, label in entries):
        return None
    return [(ys, sem) for ys, sem, _ in entries]


#: A schedule stating no year, printed alone (a step | date table's date cell): « En continu »,
#: « Chaque année », « Permanent », « Toute la durée du schéma », « Premier trimestre de chaque
#: année », « Année n+1 ».
_RECURRING_ALONE = re.compile(
    r"(?i)^(?:en continu|en permanence|permanente?|chaque (?:année|trimestre|semestre|mois)|tous les ans"
    r"|annuel(?:le)?(?:ment)?|(?:toute la durée|tout au long|sur la durée) du schéma"
    # « Premier trimestre de chaque année », « Année n+1 », « Second semestre de l'année n+2 »
    r"|(?:(?:premier|1er|deuxi[èe]me|2e|second|troisi[èe]me|3e|quatri[èe]me|4e)\s+(?:trimestre|semestre)\s+de\s+)?"
    r"(?:chaque\s+année|l['’]année\s+n\s*\+\s*\d)|année\s+n\s*\+\s*\d)\.?$"
)


#: A year a step's text schedules it in (« … en 2028 », « En 2026 et 2027, déployer … »,
#: « … (2026) », « 2025 : diagnostic », « d'ici 2027 »), not a year it only names (« la loi du 7
#: février 2022 »).
_STEP_YEAR = re.compile(
    r"(?i)(?:\b(?:en|dès|d[’']ici|fin|début|courant|à\s+partir\s+de|à\s+compter\s+de|avant)\s+"
    r"(?P<a>(?:19|20)\d\d)(?:\s*(?:et|-|–|à)\s*(?P<b>(?:19|20)\d\d))?(?!\s*[-–/]?\d)"
    r"|\((?P<c>(?:19|20)\d\d)\)|^(?P<d>(?:19|20)\d\d)\s*:)"
)


def step_years(text: str, start: int | None = None, end: int | None = None) -> list[int]:
    """The years a step's text schedules it in (:data:`_STEP_YEAR`), within the plan's period
    when it is known, in print order; a range « en 2026-2028 » gives each year."""
    out: list[int] = []
    for m in _STEP_YEAR.finditer(text):
        a = int(m.group("a") or m.group("c") or m.group("d"))
        b = int(m.group("b")) if m.group("b") else a
        for y in range(a, b + 1) if b - a <= 10 else (a, b):
            if (start is None or y >= start) and (end is None or y <= end) and y not in out:
                out.append(y)
    return out


#: The end of a text cut in the middle of a phrase: a preposition, an article or « et ».
_ENDS_ON_CONNECTOR = re.compile(
    r"(?i)\b(?:à|au|aux|de|des|du|d['’]|en|et|la|le|les|l['’]|par|pour|avec|sur|dans|un|une)\s*$"
)


def _dated_by_item_below(above: str, text: str) -> str | None:
    """The label of a date printed alone under it in a calendar field (a step | date table
    printed one cell per paragraph: « Campagne de recrutement » / « 1er semestre 2026 », 68):
    the item above, when ``text`` is a date and nothing else (:func:`step_date`) and the item
    above prints no date and introduces nothing (no colon at its end); None otherwise."""
    if not step_date(text) or any(ys for ys, _, _ in calendar_entries(above)):
        return None
    if above.rstrip().endswith(":") or len(above) > 120:
        return None
    return clean_inline(above) or None


def list_lines(lines: Lines) -> Lines:
    """The lines of a list field (indicators, steps), a list marker put before each line
    that starts an item of its own where the field prints no marker at all and its lines
    follow one another with no blank line (a scraper prints every ``<li>`` so, its bullet
    dropped: « Nombre d'entretiens prénataux précoces réalisés » / « Part des sorties de
    maternité … »): a line opening with a capital or a digit after a line that ends closed
    (:func:`~schemalab.parsers.ocr_lines.continues_line`; no pypdf wrap mark) starts an
    item, as in a column of values (:func:`schemalab.parsers.configurable.column_items`); a
    wrapped line (« … suivies par » / « la Mission locale ») goes on."""
    from schemalab.parsers.ocr_lines import continues_line

    return _marked_apart(
        lines,
        lambda above, text, _below: (
            bool(text) and (text[0].isupper() or text[0].isdigit()) and not continues_line(above, text)
        ),
    )


class BaseParser:
    """Base class of the département parsers: declarative attributes and hooks.

    Subclasses set the class attributes and override only the hooks they need.
    """

    #: INSEE code and name of the département.
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    #: Text that identifies the plan (searched in the first ``detect_lines`` lines).
    detect_pattern: ClassVar[re.Pattern | None] = None
    detect_lines: ClassVar[int] = 400
    #: A line that starts a sheet; group ``id`` is the printed number.
    sheet_start: ClassVar[re.Pattern | None] = None
    #: A line after which no sheet continues (governance, glossary, annexes...).
    sheets_end: ClassVar[re.Pattern | None] = None
    #: A line announcing a sheet (table of contents, summary list, cross-reference);
    #: group ``id`` is the announced number. See :meth:`check_completeness`.
    announced_pattern: ClassVar[re.Pattern | None] = None
    #: heading_key(line) → canonical field (see CANONICAL_FIELDS).
    heading_aliases: ClassVar[dict[str, str]] = {}
    #: What a heading looks like, to report headings no alias maps.
    heading_pattern: ClassVar[re.Pattern | None] = None
    #: Lines dropped from fields (running headers, page numbers).
    skip_patterns: ClassVar[tuple[re.Pattern, ...]] = ()
    #: Lines that end the current field (axis dividers printed inside a sheet span).
    stop_patterns: ClassVar[tuple[re.Pattern, ...]] = ()
    #: Fields every sheet of this plan prints; a sheet without one is reported
    #: (error with strict=True, warning otherwise), never silently left empty.
    expected_fields: ClassVar[tuple[str, ...]] = ()
    #: Kind of the items of the plain "indicators" field (None: the plan does not say).
    indicator_kind: ClassVar[str | None] = None
    #: What a calendar without any year means for this plan.
    calendar_when_empty: ClassVar[str] = "absent"

    # -- registry hooks --------------------------------------------------------------
    @classmethod
    def detect(cls, text: str) -> bool:
        """True when ``text`` is this département's plan."""
        if cls.detect_pattern is None:
            return False
        head = "\n".join(text.splitlines()[: cls.detect_lines])
        return bool(cls.detect_pattern.search(head))

    # -- pipeline --------------------------------------------------------------------
    def parse(
        self,
        data: bytes | str,
        source: str = "<text>",
        manifest: ManifestEntry | None = None,
        *,
        strict: bool = False,
    ) -> ParseResult:
        """Run every stage on ``data`` and return the records.

        Raises:
            ParseError: naming the file, the line and what was expected.
        """
        doc = Document(source, read_lines(data, source))
        n_raw = len(doc.lines)
        read = self.reading_order(doc.lines)
        origin = None
        if read is not None:
            lines, origin = read
            doc = Document(source, lines)
        token = DOC_COMPOUNDS.set(document_compounds(doc.lines))
        try:
            res = self.parse_document(doc, data, manifest, strict=strict)
        except ParseError as e:
            if origin is None or not e.line:
                raise
            raise ParseError(e.source, origin[e.line - 1], e.expected) from e
        finally:
            DOC_COMPOUNDS.reset(token)
        if origin is not None:
            _raw_lines(res, origin, n_raw)
        return res

    def reading_order(self, lines: list[str]) -> tuple[list[str], list[int]] | None:
        """Hook: the raw file's lines in the order a reader reads them, and for each the
        1-based raw line it comes from, where the plan prints columns side by side
        (:func:`schemalab.parsers.columns.side_columns`); None: as printed."""
        return None

    def parse_document(
        self, doc: Document, data: bytes | str, manifest: ManifestEntry | None, *, strict: bool
    ) -> ParseResult:
        """:meth:`parse` on the document read from ``data`` (its words joined at line ends
        by :func:`schemalab.extract.join_wrapped`, told this document's compounds)."""
        source = doc.source
        res = ParseResult(source, strict=strict)
        # The manifest says which département a file is; the parser's code is the
        # default (a parser may read the plans of several départements that share a
        # layout, and the benchmark replicates real plans under other codes).
        self.department_code = manifest.department_code if manifest else self.code
        self.manifest_entry = manifest
        plan = self.parse_plan(doc, manifest)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        plan["source_sha256"] = hashlib.sha256(raw).hexdigest()
        res.add("plans", **plan)
        self.plan_id = plan["plan_id"]
        for axis in self.parse_axes(doc):
            res.add("axes", **axis)
        sheets = self.segment(doc)
        if not sheets:
            pattern = self.sheet_start.pattern if self.sheet_start else "a sheet start"
            matched = [n for n, _ in doc.find(self.sheet_start)] if self.sheet_start else []
            if matched and getattr(self, "config", {}).get("sheet_start_confirm"):
                raise ParseError(
                    source,
                    matched[0],
                    f"at least one action sheet; `sheet_start` matches {len(matched)} line(s) (the first here) "
                    "but `sheet_start_confirm` rejects every one (no known label follows it): "
                    "take `sheet_start_confirm` out or map the label printed under a start",
                )
            raise ParseError(source, None, f"at least one action sheet (a line matching {pattern!r}); found none")
        seen: dict[str, int] = {}
        for pos, sheet in enumerate(sheets, start=1):
            if sheet.action_id in seen:
                raise ParseError(
                    source,
                    sheet.start,
                    f"a new sheet number; sheet {sheet.action_id} already starts at line {seen[sheet.action_id]}",
                )
            seen[sheet.action_id] = sheet.start
            sheet.fields = self.split_fields(doc, sheet, res)
            self.fix_fields(doc, sheet, res)
            # judged after fix_fields: a field the plan prints elsewhere and a rule moves
            # (configuration `move_items`) is there
            missing = [f for f in self.expected_fields if not any(g in sheet.fields for g in FIELD_KINDS.get(f, (f,)))]
            if "calendar" in missing and any(
                step_date(it.text) or _RECURRING_ALONE.match(clean_inline(it.text))
                for it in self.sub_action_items(sheet)
            ):
                missing.remove("calendar")  # dated in its steps (a step | date table), no label of its own
            for role, fname, other in (("pilot", "pilots", "partners"), ("partner", "partners", "pilots")):
                if fname in missing and any(
                    r == role
                    for it in self.items(self.actor_field_lines(sheet.fields.get(other, [])))
                    for r, _ in role_groups(it.raw or it.text, "")
                ):
                    missing.remove(fname)  # named with its role in brackets in the other's cell
            if missing:
                msg = f"sheet {sheet.action_id} has no {', '.join(missing)} heading"
                if strict:
                    raise ParseError(source, sheet.start, f"every expected heading; {msg}")
                res.warn(sheet.start, msg)
            self.extract_sheet(doc, sheet, pos, res)
        if len(sheets) > 1 and not any(set(s.fields) - _NOT_FIELDS for s in sheets):
            # every sheet found and not one label read in any: the labels are not where
            # the configuration looks (pdftotext indents them, a table holds them…)
            msg = f"no field read in any of the {len(sheets)} sheets (no label found: check `headings` and the layout)"
            if strict:
                raise ParseError(source, sheets[0].start, f"a labelled field in at least one sheet; {msg}")
            res.warn(sheets[0].start, msg)
        res.incomplete = self.check_completeness(doc, sheets, res)
        self.extract_plan_level(doc, res)
        self.read_review_text(doc, res)
        self.date_budget_legends(doc, res)
        self.fill_clean_companions(res)
        # an amount printed outside the sheets naming its sheet in brackets is that sheet's
        to_named_sheets(res.tables["budget_lines"], {a["action_id"] for a in res.tables["actions"]})
        # Amounts are numbered in the order they are printed, whether read from a sheet
        # or at plan level.
        res.tables["budget_lines"].sort(key=lambda r: r["first_line"])
        for i, row in enumerate(res.tables["budget_lines"], start=1):
            row["position"] = i
        # Totals, components and repeats, across the plan (schemalab.extract.link_amounts).
        link_amounts(res.tables["budget_lines"])
        self.check_keys(doc, res)
        self.check_reader_figures(res)
        if res.unknown_headings:
            listing = "; ".join(f"line {n}: {t!r}" for n, t in res.unknown_headings)
            if strict:
                raise ParseError(source, res.unknown_headings[0][0], f"a known heading; unknown headings: {listing}")
            res.warn(
                None,
                f"unknown headings ({self.unknown_heading_hint()}): {listing}",
            )
        return res

    def check_reader_figures(self, res: ParseResult) -> None:
        """Hook: compare what was read with the figures a reader wrote for this plan
        (a configuration's ``checks:`` block, :mod:`schemalab.parsers.reader_checks`).
        Default: none written."""

    def unknown_heading_hint(self) -> str:
        """Where a reader maps an unknown heading, named in the warning that lists them."""
        return f"map them in {type(self).__name__}.heading_aliases"

    def clean_text(self, text: str | None) -> str | None:
        """Hook: a text column with OCR damage repaired (companion ``*_clean`` columns).
        Default: the text as printed (plans without OCR damage)."""
        return text

    def fill_clean_companions(self, res: ParseResult) -> None:
        """Every ``*_clean`` companion of :data:`CLEAN_COMPANIONS` from its printed column,
        through :meth:`clean_text`, and the ``title_clean`` of :data:`TITLE_COMPANIONS`
        (the plan's title, the axes') through :meth:`clean_title`, as the sheets'; the
        printed column is never changed."""
        for table, pairs in CLEAN_COMPANIONS.items():
            for row in res.tables.get(table, []):
                for printed, clean in pairs.items():
                    if clean not in row:
                        row[clean] = self.clean_text(row.get(printed))
        for table in TITLE_COMPANIONS:
            for row in res.tables.get(table, []):
                if "title_clean" not in row:
                    row["title_clean"] = self.clean_title(row["title"]) if row.get("title") else None

    def read_review_text(self, doc: Document, res: ParseResult) -> None:
        """What the plan prints about its review of the previous plan besides the reviewed
        rows (:mod:`schemalab.parsers.review_text`), once its review reader has run: the
        plan's own summary figure, printed before or after the review table, in
        ``plans.review_summary`` (one sentence per line, as printed) with its first and last
        lines, null when none is printed or the plan reviews nothing; and each reviewed
        row's ``title_partly_lost``."""
        rows = res.tables.get("previous_review", [])
        titles = [r.get("title") for r in rows]
        for i, row in enumerate(rows):
            row.setdefault("title_partly_lost", title_partly_lost(row.get("title"), titles[:i] + titles[i + 1 :]))
        at = [int(r["line"]) for r in rows if r.get("line")]
        # action sheets print no summary of the review; a youth recommendation or an axis
        # after the review ends the lines read after it
        read = [(int(a["first_line"]), int(a.get("last_line") or a["first_line"])) for a in res.tables["actions"]]
        read += [(int(r["line"]), int(r["line"])) for r in res.tables.get("youth_recommendations", []) if r.get("line")]
        read += [
            (int(r["first_line"]), int(r["first_line"])) for r in res.tables.get("axes", []) if r.get("first_line")
        ]
        found = review_summaries(doc.lines, min(at), max(at), read) if at else []
        plan = res.tables["plans"][0]
        plan["review_summary"] = "\n".join(q for q, _a, _b in found) or None
        plan["review_summary_line"] = found[0][1] if found else None
        plan["review_summary_last_line"] = found[-1][2] if found else None

    def announced_ids(self, doc: Document) -> dict[str, int]:
        """Sheet ids the plan announces (id → first line announcing it), from
        :attr:`announced_pattern`; a parser with another kind of announcement overrides this."""
        out: dict[str, int] = {}
        if self.announced_pattern is not None:
            for n, m in doc.find(self.announced_pattern):
                out.setdefault(m.group("id"), n)
        return out

    def check_completeness(self, doc: Document, sheets: list[Sheet], res: ParseResult) -> list[str]:
        """What the plan announces and the sheets found do not hold (empty when complete).

        Three checks, each naming the missing numbers: sheets announced (:meth:`announced_ids`)
        but not found; gaps in a numeric sheet numbering (a lost "Fiche action 5" line merges
        sheet 5 into sheet 4); axes read from the plan that hold no sheet (a plan cut in the
        middle). ``schemalab build`` fails a plan for which this is not empty.
        """
        found = {s.action_id for s in sheets}
        problems = []
        announced = self.announced_ids(doc)
        lost = [i for i in announced if i not in found]
        if lost:
            lost.sort(key=lambda i: (len(i), i))
            where = ", ".join(f"{i} (line {announced[i]})" for i in lost)
            problems.append(f"{len(lost)} announced sheet(s) not found: {where}")
        if found and all(i.isdigit() for i in found):
            nums = sorted(int(i) for i in found)
            gaps = [str(i) for i in range(nums[0], nums[-1] + 1) if i not in set(nums) and str(i) not in lost]
            if gaps:
                problems.append(f"sheet numbering skips {', '.join(gaps)} (a lost sheet start?)")
        axis_ids = {s.axis_id for s in sheets}
        if None not in axis_ids:
            empty = [a["axis_id"] for a in res.tables.get("axes", []) if a["axis_id"] not in axis_ids]
            if empty:
                problems.append(f"axis {', '.join(map(str, empty))} holds no sheet (a truncated plan?)")
        return problems

    @staticmethod
    def check_keys(doc: Document, res: ParseResult) -> None:
        """A key printed twice (a duplicated review row, a repeated heading) is bad input:
        a ParseError at the second occurrence's line, before the writer would refuse the
        whole table with no line to look at."""
        from schemalab.schema import TABLES

        for name, rows in res.tables.items():
            key = TABLES[name].key
            seen: dict[tuple, dict] = {}
            for row in rows:
                k = tuple(row.get(c) for c in key)
                if k in seen:
                    first = seen[k].get("line") or seen[k].get("first_line")
                    line = row.get("line") or row.get("first_line")
                    raise ParseError(
                        doc.source,
                        line,
                        f"one {name} row per {', '.join(key)}; {dict(zip(key, k, strict=True))} "
                        f"is printed again (first at line {first})",
                    )
                seen[k] = row

    # -- stage 2: plan ---------------------------------------------------------------
    def parse_plan(self, doc: Document, manifest: ManifestEntry | None) -> dict:
        """Plan row: title and period from the text (:meth:`plan_title`), else manifest."""
        title, start, end = self.plan_title(doc)
        if manifest is not None:
            title = title or manifest.plan_title
            start = start or manifest.period_start
            end = end or manifest.period_end
        if not (title and start and end):
            raise ParseError(doc.source, 1, "a plan title and period (e.g. 2024-2028) near the top of the file")
        return {
            "plan_id": f"{self.department_code}-{start}-{end}",
            "department_code": self.department_code,
            "department_name": manifest.department_name if manifest else self.name,
            "title": title,
            "period_start": start,
            "period_end": end,
            "source_file": doc.source,
            "parser": type(self).__name__,
            "n_lines": len(doc.lines),
        }

    def plan_title(self, doc: Document) -> tuple[str | None, int | None, int | None]:
        """Title and period as printed; default: the first non-empty lines up to a period."""
        parts = []
        for _n, text in doc.span(1, 40):
            t = clean_inline(text)
            if not t:
                continue
            parts.append(t)
            m = re.search(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", t)
            if m:
                return " ".join(parts), int(m.group(1)), int(m.group(2))
        return None, None, None

    # -- stage 3: axes ---------------------------------------------------------------
    def parse_axes(self, doc: Document) -> list[dict]:
        """Axis rows (plan_id, axis_id, position, title, first_line). Default: none."""
        return []

    # -- stage 4: segment ------------------------------------------------------------
    def segment(self, doc: Document) -> list[Sheet]:
        """Sheets from ``sheet_start`` anchors; each ends at the next or at ``sheets_end``."""
        starts = [(n, m) for n, m in doc.find(self.sheet_start)] if self.sheet_start else []
        stop = len(doc.lines) + 1
        if self.sheets_end is not None and starts:
            ends = [n for n, _ in doc.find(self.sheets_end, starts[-1][0] + 1)]
            stop = ends[0] if ends else stop
        sheets = []
        for i, (n, m) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else stop
            sheets.append(Sheet(action_id=m.group("id"), start=n, end=end))
        return sheets

    # -- stage 5: fields -------------------------------------------------------------
    def canonical(self, text: str) -> str | None:
        """Canonical field of a heading line, or None when it is not a known heading.

        A label is looked up as printed (folded by :func:`heading_key`), then in the
        forms OCR and numbering give it (:func:`heading_forms`): ``O BJECTIFS`` and
        ``P A R T E N A I R E S`` (letter-spaced), ``1. Objectifs``, ``2) Pilote``,
        ``B. Partenaires`` (numbered) read as the mapped ``Objectifs``, ``Pilote``…"""
        key = heading_key(text)
        found = self.heading_aliases.get(key)
        if found is not None or not key:
            return found
        compact = self.__dict__.get("_compact_aliases")
        if compact is None:
            compact = {}
            for k, v in self.heading_aliases.items():
                compact.setdefault(heading_forms(k)[0], v)
            self.__dict__["_compact_aliases"] = compact
        for form in heading_forms(key):
            found = compact.get(form)
            if found is not None:
                return found
        return None

    def split_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> dict[str, Lines]:
        """Lines of the sheet grouped under their canonical heading.

        Lines before the first heading go to ``"_head"`` (title and header area).
        """
        fields: dict[str, Lines] = defaultdict(list)
        current = "_head"
        for n, text in doc.span(sheet.start + 1, sheet.end):
            if any(p.search(text) for p in self.skip_patterns):
                continue
            if any(p.search(text) for p in self.stop_patterns):
                current = "_after"
                continue
            canon = self.canonical(text) if text.strip() else None
            if canon:
                current = canon
                fields.setdefault(canon, [])
                record_heading(sheet, canon, text)
                continue
            if self.heading_pattern is not None and self.heading_pattern.search(text) and current != "_head":
                res.unknown_headings.append((n, text.strip()))
            fields[current].append((n, text))
        return dict(fields)

    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Hook for layout quirks between splitting and extracting. Default: nothing."""

    # -- stage 6: extract ------------------------------------------------------------
    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        """Hook: fill sheet.title / axis_id / objective. Default: first head line is the title
        (a Markdown heading mark before it is markup: ``#### Recruter …`` under ``FICHE 3.1``;
        so is a line of dashes underlining the start line: reStructuredText's ``---------``)."""
        for _n, text in sheet.fields.get("_head", []):
            t = heading_text(text)
            if t and re.search(r"\w", t):
                sheet.title = t
                break

    def items(self, lines: Lines) -> list[Item]:
        """List items of a field (shared bullet extractor)."""
        return parse_bullets(lines)

    def list_field_lines(self, lines: Lines) -> Lines:
        """An indicator or step field's lines, items printed one per line with no glyph
        marked apart (:func:`list_lines`), where this parser's own items joined them."""
        return self._marked_if_more_items(lines, list_lines(lines))

    def actor_field_lines(self, lines: Lines) -> Lines:
        """A pilot or partner field's lines, bodies printed one per line with no glyph
        marked apart (:func:`actor_lines`), where this parser's own items joined them."""
        return self._marked_if_more_items(lines, actor_lines(lines))

    def _marked_if_more_items(self, lines: Lines, marked: Lines) -> Lines:
        """``marked`` where it gives more items than ``lines`` do; else ``lines`` (a reader
        of cells already giving one item a line keeps its lines)."""
        if marked is lines or len(self.items(marked)) <= len(self.items(lines)):
            return lines
        return marked

    def text_of(self, lines: Lines) -> str | None:
        """A free-text field as one string (items joined by newlines), or None."""
        parts = [clean_inline(t) for _, t in lines]
        parts = [p for p in parts if p]
        return "\n".join(parts) or None

    def extract_sheet(self, doc: Document, sheet: Sheet, position: int, res: ParseResult) -> None:
        """Records of one sheet: actions, actors, indicators, sub-actions, calendar, money."""
        self.sheet_header(doc, sheet)
        f = sheet.fields
        aid = sheet.action_id
        if not sheet.title:
            raise ParseError(doc.source, sheet.start, f"a title for sheet {aid}")
        for role, fname in (("pilot", "pilots"), ("partner", "partners")):
            for it in actor_items(self.items(self.actor_field_lines(f.get(fname, [])))):
                # a cell naming every actor, each group's role in brackets after it
                # (« CAF (pilote), communes, centres sociaux (partenaires) »)
                for group_role, bodies in role_groups(it.raw or it.text, role):
                    self.add_actor(res, aid, group_role, bodies, it.line)
        kinds = {
            "indicators": self.indicator_kind,
            "indicators_realisation": "realisation",
            "indicators_impact": "impact",
            "results": "resultat",
        }
        headings = sheet.extra.get("headings", {})
        for fname, kind in kinds.items():
            under = None  # the kind a line naming only a kind gives the items below it
            # the kind printed before a list cut at `split_items` (« Réalisation : a ; b »):
            # the pieces of that line share it
            on_line: dict[int, str] = {}
            for it in self.items(self.list_field_lines(f.get(fname, []))):
                named = indicator_kind_heading(it.full_text)
                if named is not None:
                    under = named
                    continue
                given = under or kind
                printed, _ = indicator_kind_prefix(strip_list_marker(it.full_text))
                if printed is not None:
                    on_line[it.line] = printed
                elif given in (None, self.indicator_kind) and it.line in on_line:
                    given = on_line[it.line]
                self.add_indicator(res, aid, it.full_text, given, it.line, heading=headings.get(fname))
        step_dates: list[tuple[int, int | None, str, int]] = []
        last = None
        recurring = False
        for it in self.sub_action_items(sheet):
            dates = step_date(it.text) if last is not None and not it.children else None
            if last is not None and not it.children and _RECURRING_ALONE.match(clean_inline(it.text)):
                # « En continu », « Chaque année » alone under its step (a step | date table):
                # the step's schedule, stating no year; no step of its own
                recurring = True
                continue
            if dates:
                # a date printed alone under its step (a step | date table flattened one cell
                # a line: « Installer le comité technique … » / « 1er semestre 2025 »): the
                # step's schedule, labelled by the step, no step of its own
                step_dates += [(y, sem, last.text, it.line) for ys, sem in dates for y in ys]
                continue
            if (
                last is not None
                and getattr(last, "marker", None)
                and not getattr(it, "marker", None)
                and not it.children
                and _ENDS_ON_CONNECTOR.search(last.text)
            ):
                # a numbered step cut by a page break, its cell continued under its label
                # again (« 3. Ouvrir une unité … de 12 places à » / « Causselle-Nord, … »): a
                # step never ends on a preposition or an article
                from schemalab.extract import join_wrapped

                row = res.tables["sub_actions"][-1]
                row["text"] = join_wrapped(row["text"], clean_inline(it.text))
                last = None
                continue
            printed = {"ref": it.marker} if getattr(it, "marker", None) else {}
            self.add_sub_action(res, aid, it.text, it.line, details=self.sub_action_details(it), **printed)
            last = it
        status = self.extract_calendar(doc, sheet, res)
        for y, sem, label, line in step_dates:
            self.add_calendar(res, aid, y, source="sheet", line=line, semester=sem, label=label)
        status = "explicit" if step_dates else "relative" if recurring and status == "absent" else status
        if self.dated_steps(res, aid):
            status = "explicit"
        self.extract_budget(doc, sheet, res)
        self.add_action(doc, sheet, position, res, status)

    def dated_steps(self, res: ParseResult, action_id: str) -> bool:
        """A sheet's steps dated in their text (« Ouvrir une seconde unité … en 2028 »): each
        step the one year it is scheduled in (``sub_actions.year``), and each year no row of the
        sheet's calendar gives a calendar row of its own (``source = text``, no label); the
        years of the plan's period only. Returns whether a row was added."""
        try:
            start, end = (int(p) for p in str(self.plan_id).split("-")[1:3])
        except (ValueError, TypeError):
            start = end = None
        steps = [r for r in res.tables["sub_actions"] if r["action_id"] == action_id]
        known = {r["year"] for r in res.tables["calendar"] if r["action_id"] == action_id}
        added = False
        for r in steps:
            ys = step_years(r["text"], start, end)
            if len(ys) == 1 and r.get("year") is None:
                r["year"] = ys[0]
            for y in ys:
                if y not in known:
                    self.add_calendar(res, action_id, y, source="text", line=r["line"])
                    known.add(y)
                    added = True
        return added

    def add_sub_action(
        self, res: ParseResult, action_id: str, text: str, line: int, *, year=None, details=None, **extra
    ) -> None:
        """One sub_actions row: the step as printed, its year (None when not scheduled by
        year), the bullets printed under it (``details_text``); ``extra`` for the columns
        only some plans print (``ref``). A step marker left at the start of the text
        ("a) Informer …", a cell item) leaves it for ``ref`` (:func:`numbered_marker`)
        when no ref is given."""
        marker = numbered_marker(text)
        if marker is not None and extra.get("ref") is None:
            extra["ref"] = marker
        res.add(
            "sub_actions",
            scope=(action_id,),
            plan_id=self.plan_id,
            action_id=action_id,
            text=strip_list_marker(text),
            year=year,
            line=line,
            details_text=details,
            **extra,
        )

    def add_action(
        self, doc: Document, sheet: Sheet, position: int, res: ParseResult, status: str, **overrides
    ) -> None:
        """The actions row of a sheet: header, text fields (read with :meth:`text_of`),
        calendar status; ``overrides`` replace any column."""
        f = sheet.fields
        row = {
            "plan_id": self.plan_id,
            "department_code": self.department_code,
            "action_id": sheet.action_id,
            "position": position,
            "axis_id": sheet.axis_id,
            "objective": sheet.objective,
            "objective_id": sheet.objective_id,
            "title": sheet.title,
            "title_clean": self.clean_title(sheet.title),
            **{col: self.text_of(f.get(field, [])) for col, field in _TEXT_COLUMNS.items()},
            "calendar_status": res.vocab("calendar_status", status, sheet.start, default="absent"),
            "first_line": sheet.start,
            "last_line": self.last_line(doc, sheet),
        }
        res.add("actions", **{**row, **overrides})

    def add_actor(self, res: ParseResult, action_id: str, role: str, raw: str, line: int) -> None:
        """Pilot/partner rows of one printed cell: one row per body it names.

        The cell is split and each part looked up in the actor registry
        (:mod:`schemalab.actors`, ``schemalab/data/actors.yml``): ``name_raw`` is the
        cell as printed (shared by its rows), ``name`` the part naming the body,
        ``canonical_name`` and ``category`` the registry's. A part the registry does
        not know keeps its printed name, a null category, and is reported (error with
        strict=True, warning otherwise).
        """
        from schemalab.actors import load_registry

        cleaned = clean_inline(raw)
        for m in load_registry().resolve(cleaned):
            if m.body is None:
                msg = f"actor {m.part!r} is not in the actor registry (schemalab/data/actors.yml); printed: {cleaned!r}"
                if res.strict:
                    raise ParseError(res.source, line, f"a known actor; {msg}")
                res.warn(line, msg)
            res.add(
                "action_actors",
                scope=(action_id, role),
                plan_id=self.plan_id,
                action_id=action_id,
                role=res.vocab("role", role, line),
                name_raw=raw,
                name=m.part,
                line=line,
                canonical_name=m.canonical_name,
                category=res.vocab("actor_category", m.category, line),
            )

    def add_indicator(
        self, res: ParseResult, action_id: str, text: str, kind: str | None, line: int, *, heading: str | None = None
    ) -> None:
        """One indicators row: the item as printed, its kind, what it measures and the
        target it states (:func:`~schemalab.extract.indicator_measure`,
        :func:`~schemalab.extract.indicator_target`), the heading it was printed under.
        An item printed with its kind ("Réalisation : nombre de réunions") takes that kind
        and loses the prefix, unless its label gave another kind."""
        text = strip_list_marker(text)
        printed_kind, rest = indicator_kind_prefix(text)
        if printed_kind is not None and kind in (None, self.indicator_kind):
            kind, text = printed_kind, rest
        res.add(
            "indicators",
            scope=(action_id,),
            plan_id=self.plan_id,
            action_id=action_id,
            text=text,
            kind=res.vocab("indicator_kind", kind, line),
            line=line,
            measure=res.vocab("indicator_measure", indicator_measure(text), line),
            target_text=indicator_target(text),
            heading_raw=heading,
        )

    def add_calendar(
        self,
        res: ParseResult,
        action_id: str,
        year: int,
        *,
        source: str,
        line: int,
        semester: int | None = None,
        label: str | None = None,
    ) -> None:
        """One calendar row: a year (and semester) scheduled for an action, as printed."""
        res.add(
            "calendar",
            plan_id=self.plan_id,
            action_id=action_id,
            year=year,
            semester=semester,
            label=label,
            source=res.vocab("calendar_source", source, line),
            line=line,
        )

    def sub_action_items(self, sheet: Sheet) -> list[Item]:
        """Sub-actions: the top-level items of the sub_actions field."""
        return self.items(self.list_field_lines(sheet.fields.get("sub_actions", [])))

    def sub_action_details(self, item: Item) -> str | None:
        """The bullets printed under a step (its nested items, and the items a step
        ending with ":" introduces), one per line; None when there are none."""
        return "\n".join(c.full_text for c in item.children) or None

    def clean_title(self, title: str) -> str:
        """Hook for OCR repair of titles; default: the title unchanged."""
        return title

    def last_line(self, doc: Document, sheet: Sheet) -> int:
        """Last non-empty line of the sheet's own fields (not the next sheet's header)."""
        nos = [n for name, lines in sheet.fields.items() if name != "_after" for n, text in lines if text.strip()]
        return max(nos, default=sheet.start)

    def extract_calendar(self, doc: Document, sheet: Sheet, res: ParseResult) -> str:
        """Calendar rows from the calendar field: one per year stated in each item.

        A label (phase name such as "élaboration") is what the item says besides years.
        Returns the calendar_status: explicit (a year), relative (a relative or
        recurring schedule and no year), else :attr:`calendar_when_empty`.
        """
        return self.stated_years(sheet, sheet.fields.get("calendar", []), res)

    def stated_years(self, sheet: Sheet, lines: Lines, res: ParseResult) -> str:
        """One calendar row per year each item of ``lines`` states (:func:`calendar_entries`:
        semester, label); the calendar_status: explicit (a year), relative (a relative or
        recurring schedule and no year: "Deuxième trimestre de l'année n+1", "chaque
        année"; "Tout au long du schéma" is none), else :attr:`calendar_when_empty`."""
        found = relative = False
        items = self.items(lines)
        for k, it in enumerate(items):
            relative = relative or relative_schedule(it.text) is not None
            above = _dated_by_item_below(items[k - 1].text, it.text) if k else None
            for ys, sem, label in calendar_entries(it.text):
                for y in ys:
                    found = True
                    self.add_calendar(
                        res, sheet.action_id, y, source="sheet", line=it.line, semester=sem, label=label or above
                    )
        if found:
            return "explicit"
        return "relative" if relative else self.calendar_when_empty

    def budget_nature(self, context: str) -> str:
        """planned / consumed / cost_estimate / other, from the words around an amount."""
        c = context.lower()
        if re.search(r"\bbudget\s+(?:primitif|prévisionnel)\b", c) and not re.search(
            r"\b(consomm(?!ation)|réalis|compte\s+administratif)\w*", c
        ):
            # « un budget primitif 2025 … de 98,6 M€, soit près d'un quart des dépenses de
            # solidarité »: the year's forecast; the spending the sentence compares it with is not its nature
            return "planned"
        if re.search(r"\b(consomm(?!ation)|dépens|réalis|engag[ée]s? en)\w*", c) or re.search(
            r"(?<!seront )(?<!sera )\bvers[ée]e?s?\s+en\s+(?:19|20)\d\d\b", c
        ):  # (« 1 350 000 € versés en 2024 au titre des contrats jeunes majeurs »: paid)
            return "consumed"
        if re.search(r"\bbudget\s+(?:primitif|prévisionnel)\b|\bau\s+BP\s+(?:19|20)\d\d\b", context):
            return "planned"  # « consacrés … au budget primitif 2025 »: a year's forecast, not spending
        # « consacrera » / « consacreront »: what the plan will give, not money spent; nor
        # is the envelope the Département consacre to this plan's new measures (« consacre à
        # ce schéma une enveloppe de 14,8 millions d'euros de mesures nouvelles »)
        if re.search(r"\bconsacre\w*\s+(?:[^.;]{0,40}\s)?à\s+ce\s+schéma\b", c) or (
            re.search(r"\bconsacre\w*\s+(?:[^.;]{0,40}\s)?une\s+enveloppe\b", c)
            and re.search(r"mesures\s+nouvelles|\bdu\s+schéma\b|durée", c)
            and not re.search(r"chaque\s+année|par\s+an\b", c)
        ):
            return "planned"  # (« consacre chaque année une enveloppe de 60 M€ »: the year's spending)
        if (
            re.search(r"\bconsacr\w*", c)
            and not _DESTINED_ENVELOPE.search(c)
            and not re.search(r"\bconsacrer(?:a|ont)\b", c)
        ):
            return "consumed"
        if re.search(r"\b(coût|cout|estim|chiffr)\w*", c):
            return "cost_estimate"
        if re.search(
            r"\b(prévu|prévision|budget|envelop|enveloppe|alloué|programm|financ|investi|crédits?\b|moyens\s+nouveaux|nouveaux\s+moyens|mesures\s+nouvelles)\w*",
            c,
        ):
            return "planned"
        return "other"

    def worded_nature(self, sentence: str, default: str | None = None) -> str:
        """The nature the words of ``sentence`` say (:meth:`budget_nature`); ``default``
        when they say none ("other"). A sentence reporting an act done ("a augmenté la
        subvention", "a été versé": :func:`schemalab.extract.is_past_act`) is consumed
        first, whatever a configuration's words of forecast ("montant") say."""
        if is_past_act(sentence):
            return "consumed"
        worded = self.budget_nature(sentence)
        return default if worded == "other" and default is not None else worded

    def extract_budget(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Every euro amount printed inside the sheet, as a budget line of the action. An
        amount read under the sheet's budget label takes the nature that label's words say
        (:meth:`field_nature`) when its own sentence says none."""
        for n, text in doc.span(sheet.start, sheet.end):
            text = with_cut_amount(text, doc.line(n + 1) if n + 1 < sheet.end else "")
            self.add_amounts(
                res,
                text,
                n,
                sheet.action_id,
                rule_for=self.amount_scope_rule(doc, n, text),
                default_nature=self.field_nature(sheet, n),
            )

    def field_nature(self, sheet: Sheet, line: int) -> str | None:
        """The nature the printed label of the budget field holding ``line`` says
        (« Budget » planned, « Coût estimé » cost_estimate, « Financement » planned), or
        None: the same amount is then of the same nature whether its label shares its
        sentence (« Budget : 150 000 € ») or stands in another cell or on the line above
        (``| Budget | 150 000 € |``; an HTML row printed over several lines, its
        ``field_spans``)."""
        in_row = any(f == "resources" and a <= line <= b for f, a, b in sheet.extra.get("field_spans", []))
        if not in_row and not any(n == line for n, _ in sheet.fields.get("resources", [])):
            return None
        label = sheet.extra.get("headings", {}).get("resources")
        nature = self.budget_nature(label) if label else "other"
        return None if nature == "other" else nature

    def amount_scope_rule(self, doc: Document, n: int, text: str = "", sentence: str | None = None):
        """A configuration's scope/role rules for the amounts of line ``n``, as a function
        of an amount as printed (``rule_for`` of :meth:`add_amounts`), or None: none for
        a Python parser (``money.scope_rules`` of a configured one, on plan and sheet
        amounts alike). ``sentence``: the amount's own sentence where the caller knows it
        (a key figure's caption), in place of the sentence read around it."""
        return None

    @staticmethod
    def _own_scope(sentence: str, mt, amount: Amount, action_id: str | None, payer: str | None) -> str:
        """The scope of an amount: the one its own words give where its sentence prints other
        amounts (« une enveloppe de 4,2 M€ de mesures nouvelles sur la durée du schéma, qui
        s'ajoute aux 98,6 M€ qu'il consacre chaque année à la protection de l'enfance »: the
        envelope is the plan's, the 98,6 M€ the yearly budget), else its sentence's."""
        whole = amount_scope(sentence, action_id, payer)
        if len(euro_amounts(sentence)) < 2:
            return whole
        # its own clause: from the last colon or semicolon before it to the first after it
        # (« … une enveloppe de 9,6 M€ sur la durée du schéma, en complément de ses moyens
        # courants : le budget primitif 2025 consacre 142 M€ … »)
        before = re.split(r"[:;]", mt.before)[-1]
        after = re.split(r"[:;]", mt.after)[0]
        own = amount_scope(f"{before} {amount.raw} {after}", action_id, payer)
        return own if own != "unknown" else whole

    def add_amounts(
        self,
        res: ParseResult,
        text: str,
        line: int,
        action_id: str | None,
        *,
        year: int | None = None,
        context: str | None = None,
        nature: str | None = None,
        context_prefix: str = "",
        year_from_sentence: bool = False,
        scope: str | None = None,
        periodicity: str | None = None,
        role: str | None = None,
        rule_for=None,
        default_nature: str | None = None,
        header: str = "",
    ) -> int:
        """Budget lines for every amount in ``text`` (shared by sheet and plan level).

        ``nature`` is imposed; ``default_nature`` (a field's nature) only when the words
        of the amount's sentence say none: a printed "estimé" or "consommé" wins.

        Each amount is qualified by the shared rules of :mod:`schemalab.extract` read on
        its own sentence (or list item / table cell): ``periodicity`` ("par an", "par
        mois", "par enfant"…), ``role`` ("soit une hausse de", "dont"), ``is_lower_bound``
        ("plus de"), ``payer`` (a body named as funding it), ``scope`` (sheet → action,
        a named payer → third_party, an emergency plan for all → outside_scope, the
        département's budget → annual_budget…) and ``year`` ("en 2022"). A parser passes
        ``scope`` / ``periodicity`` / ``role`` / ``year`` only for what its layout says and
        the words do not (a review annex → previous_plan). Totals, components and repeats
        are linked across the plan afterwards (:func:`schemalab.extract.link_amounts`).

        ``context`` replaces the sentence where the layout splits it (a sentence wrapped
        over several lines): the amount is then qualified inside ``context``;
        ``context_prefix`` is kept for callers that say where an amount was read. With
        ``year_from_sentence``, a sentence naming exactly one year dates the amount.
        ``rule_for`` (a function of the amount as printed, giving ``scope`` / ``role``)
        applies a configuration's rules to each amount of ``text`` on its own.

        Rules that hold whatever the parser imposes: a figure describing households (a
        median income, a poverty line: :func:`schemalab.extract.is_household_statistic`,
        read in the sentence or in ``header``, the header row of the table the amount sits
        in) is no amount of the plan and is not kept; an amount ruled outside child
        protection whose own words name it (assistants familiaux, ASE, placement…) takes
        the shared scope rule instead; money spent in a period that ended before the plan
        (:func:`schemalab.extract.is_past_period_finding`) is ``previous_plan``, not the
        sheet's or the plan's money.
        """
        n = 0
        try:
            plan_start = int(str(getattr(self, "plan_id", "")).split("-")[1])
        except (IndexError, ValueError):
            plan_start = None
        found = euro_amounts(text)
        cells = _filled_cells(text)
        if role is None and cells and is_total_label(cells[0]):
            role = "total"  # « | **TOTAL** | **4 200 000 €** | 100 % |»: its rows above are its parts
        for k, a in enumerate(found):
            where = text
            amt, others = a, found
            if context is not None:
                in_ctx = euro_amounts(context)
                same = [b for b in in_ctx if b.raw == a.raw]
                rank = sum(1 for b in found[:k] if b.raw == a.raw)
                if same:
                    amt, others, where = same[min(rank, len(same) - 1)], in_ctx, context
                else:
                    amt, others, where = Amount(a.value, a.raw, len(context), len(context)), [], context
            mt = money_text(where, amt, others)
            sentence = mt.context if context is None else clean_inline(context)
            if year is not None and not year_from_sentence:
                row_year = year
            else:  # "30 000 € en 2026 et 15 000 € en 2027": each amount its year
                row_year = dated_amount_year(MoneyText(sentence, mt.before, mt.after), any_year=year_from_sentence)
            if is_household_statistic(sentence) or (header and is_household_statistic(header)):
                continue  # "Revenu médian | 20 430 €": a statistic, not money
            payer = amount_payer(sentence, mt.before, mt.after)
            ruled = rule_for(a.raw) if rule_for is not None else {}
            row_scope = scope or ruled.get("scope") or self._own_scope(sentence, mt, a, action_id, payer)
            if row_scope == "outside_scope" and names_child_protection(sentence):
                row_scope = amount_scope(sentence, action_id, payer)
            row_nature = nature or self.worded_nature(sentence, default_nature)
            if nature is None and action_id is None and len(euro_amounts(sentence)) >= 2:
                # (« engage une enveloppe de 4,2 M€ …, qui s'ajoute aux 98,6 M€ qu'il consacre … »:
                # each amount of the plan's own text the nature its own words say, if they say
                # one; a sheet's amounts keep their field's or sentence's: « Coût estimé … 250 000
                # € (investissement) + 40 000 € / an » is an estimate, both)
                own = self.budget_nature(f"{mt.before} {a.raw} {mt.after}")
                row_nature = own if own != "other" and not is_past_act(sentence) else row_nature
            if row_scope in ("action", "plan_envelope", "unknown") and is_past_period_finding(
                sentence, plan_start, row_nature
            ):
                row_scope = "previous_plan"
            row_period = periodicity or amount_periodicity(mt.before, mt.after)
            if row_scope == "annual_budget" and row_period == "one_off":
                row_period = "per_year"  # a département's budget or spending is for a year
            self.add_budget_line(
                res,
                line,
                action_id,
                amount_eur=a.value,
                amount_raw=a.raw,
                nature=row_nature,
                context=context_prefix + sentence,
                year=row_year,
                is_lower_bound=is_lower_bound(mt.before),
                scope=row_scope,
                periodicity=row_period,
                role=role or ruled.get("role") or amount_role(mt.before, mt.clause),
                payer=payer,
            )
            n += 1
        return n

    #: A legend dating a budget figure printed a few lines below it: "(budget 2022",
    #: "BP 2024", "CA 2021".
    _BUDGET_LEGEND = re.compile(r"\b(?:budget|BP|CA)\s+((?:19|20)\d\d)\b", re.I)
    _RECURRING = re.compile(r"chaque\s+année|tous\s+les\s+ans|par\s+an\b|annuellement", re.I)

    def date_budget_legends(self, doc: Document, res: ParseResult, reach: int = 3) -> None:
        """The département's budget figure the sentence does not date, dated by the legend
        printed in the next ``reach`` non-empty lines of its block (a data card: "Budget de
        la politique enfance famille : dont 7 060 407 € d'investissement" … "(budget
        2022"), before any other amount. A figure worded as recurring ("chaque année")
        has no single year and is left undated."""
        for row in res.tables["budget_lines"]:
            if row.get("scope") != "annual_budget" or row.get("year") is not None or row.get("action_id"):
                continue
            if self._RECURRING.search(row.get("context") or ""):
                continue
            seen = 0
            for _n, text in doc.span(row["first_line"] + 1, row["first_line"] + 12):
                if not text.strip():
                    continue
                if euro_amounts(text) or seen >= reach:
                    break
                seen += 1
                m = self._BUDGET_LEGEND.search(text)
                if m:
                    row["year"] = int(m.group(1))
                    break

    def add_budget_line(self, res: ParseResult, line: int, action_id: str | None, **row) -> dict:
        """One budget_lines row, its closed values checked (a table cell read by a parser,
        or an amount of :meth:`add_amounts`)."""
        for col, vocab in (
            ("nature", "budget_nature"),
            ("scope", "budget_scope"),
            ("periodicity", "budget_periodicity"),
            ("role", "budget_role"),
        ):
            row[col] = res.vocab(
                vocab, row.get(col), line, default={"nature": "other", "role": "single"}.get(col, "unknown")
            )
        row.setdefault("is_lower_bound", False)
        row.setdefault("payer", None)
        row.setdefault("year", None)
        # ``scope`` is also the name of ParseResult.add's numbering argument: set after.
        money_scope = row.pop("scope")
        added = res.add("budget_lines", plan_id=self.plan_id, action_id=action_id, first_line=line, **row)
        added["scope"] = money_scope
        return added

    # -- stage 7: plan level ---------------------------------------------------------
    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        """Plan-level records (budget, previous review, youth recommendations). Default: none."""


#: The columns holding a raw line number (provenance), mapped back by :func:`_raw_lines`.
_LINE_COLUMNS = ("first_line", "line", "last_line", "review_summary_line", "review_summary_last_line")


def _raw_lines(res: ParseResult, origin: list[int], n_raw: int) -> None:
    """A plan read in another order than printed (:meth:`BaseParser.reading_order`): every
    line number its rows and warnings give is put back to the raw file's."""

    def raw(n):
        return origin[n - 1] if isinstance(n, int) and 1 <= n <= len(origin) else n

    for rows in res.tables.values():
        for row in rows:
            for col in _LINE_COLUMNS:
                if col in row:
                    row[col] = raw(row[col])
            if "n_lines" in row:
                row["n_lines"] = n_raw
    where = re.compile(rf"^{re.escape(res.source)}:(\d+):")
    res.warnings = [where.sub(lambda m: f"{res.source}:{raw(int(m.group(1)))}:", w) for w in res.warnings]
    res.unknown_headings = [(raw(n), t) for n, t in res.unknown_headings]
