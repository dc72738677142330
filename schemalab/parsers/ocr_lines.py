"""Shared readers for plans printed as OCR'd plain text, used through configuration.

An OCR of a PDF loses the markup the other readers rely on: bullets become stray
letters (``e ``, ``o ``, ``v"``), a two-column table is flattened line by line, a
heading or a title wraps over several lines, page breaks leave a leading space, and
letters are misread (``I'`` for ``l'``, ``ceuvre``). Each reader here is generic (its
patterns come from the configuration) and is switched on by one key of a YAML
configuration (documented in :mod:`schemalab.parsers.configurable` and in the README's
configuration guide):

- ``lists`` (:func:`split_items`): items of a list whose glyphs are OCR'd letters, with
  the glyph-less items a page break leaves.
- ``actor_table`` (:func:`split_actor_table`): pilots and partners of a two-column
  table flattened line by line.
- ``sub_action_headings`` (:func:`sub_action_headings`): numbered step headings
  (``Action n : title``) inside a field, their bullets as details.
- ``title_wraps``: a sheet title continued on the following lines up to a blank line.
- ``axes.wraps`` / ``axes.end`` / ``axes.cross_reference`` (:func:`axis_spans`): axis
  titles wrapped over lines, and a sheet's axis read from the chapter that refers to it.
- ``title_clean`` (``for: title|text``), ``title_clean_words`` and ``text_clean``
  (:func:`repair`): OCR repairs of titles and text columns.
- ``money`` (:meth:`OcrLinesLayout.extract_budget`, :meth:`OcrLinesLayout.plan_amounts`):
  amounts read field by field and in the narrative paragraphs, natures and scopes from
  words.
- ``review_outline`` (:func:`review_outline`): a previous-plan review printed as an
  outline (group → subgroup → numbered rows) with status glyphs at line ends.

:class:`OcrLinesLayout` plugs these readers into the configured parser's hooks; a hook
whose key is absent falls back on the usual behaviour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from schemalab.extract import (
    _PRIVATE_BULLETS,
    SPACE_CELL,
    ParseError,
    clean_inline,
    euro_amounts,
    join_lines,
    join_wrapped,
    numbered_marker,
    sentence_around,
    starts_lower,
    with_cut_amount,
    wrapped_by_pypdf,
)
from schemalab.parsers.base import Document, Lines, ParseResult, Sheet, annex_start

#: French words after which a phrase goes on (a line ending on one continues).
CONNECTORS = frozenset(
    "de des du la le les et à a aux au en pour par sur avec dans d' l' ou entre vers "
    # prepositions, conjunctions and determiners a phrase never ends on ("… avant" / "17 ans")
    "avant après sans chez sous depuis contre parmi selon afin dont que qu' mais si lorsque "
    "un une ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos".split()
)


def ends_open(text: str) -> bool:
    """True when a fragment ends on a connector word, a comma or a slash (it goes on), on
    semester words whose year is on the next line ("… Second semestre" / "2025 : …"), or
    with a bracket left open ("comme [la ligne Allô" / "Jeunes](https://…)")."""
    from schemalab.extract import DANGLING_SEMESTER

    t = text.rstrip()
    if t.endswith((",", "/")) or DANGLING_SEMESTER.search(t):
        return True
    if re.search(r"\[(?![Il|1](?:['’]|[a-zé]{3}))[^\]]*$", t) or t.count("(") > t.count(")"):
        return True  # a link or an aside left open ("[Iaccueil" is OCR's "l'accueil")
    last = t.split()[-1].lower() if t.split() else ""
    return last in CONNECTORS or bool(re.search(r"(?:^|\W)(?:[dljnsc]|qu)['’]$", last))


def continues_line(prev: str, text: str) -> bool:
    """True when ``text``, printed on the line below ``prev`` with no list glyph, goes on
    the phrase ``prev`` started: it starts in lower case (or not with a capital or a
    digit), or ``prev`` ends open (:func:`ends_open`, or on ``;``, ``:``, a dash, ``(``).
    A wrapped column of values (:func:`schemalab.parsers.configurable.column_items`) and a
    wrapped table cell (``layout: rows``) are read by this rule."""
    return (
        starts_lower(text)
        or not (text[:1].isupper() or text[:1].isdigit())
        or ends_open(prev)
        or prev.rstrip().endswith((";", ":", "-", "–", "("))
        # an amount cut at the line end (« … dont 40 » / « 000 € financés par la CAF »)
        or (
            re.search(r"(?<![\d.,])\d{1,3}\s*$", prev) is not None
            and re.match(r"\d{3}(?:\s|\u202f)*(?:€|k€|M€|euros?\b)", text) is not None
        )
    )


@dataclass
class ListItem:
    """An item of an OCR'd list: its text (glyph removed), first line, printed lines."""

    text: str
    line: int
    lines: list[str] = field(default_factory=list)
    #: The number or letter of its printed marker ("1.", "a)"), None for a glyph.
    marker: str | None = None


@dataclass
class Lists:
    """``lists:``: what a bullet glyph and a page break look like in the OCR text."""

    glyph: re.Pattern
    page_break: re.Pattern | None = None
    #: Lines ignored inside a list (surviving page numbers).
    skip: re.Pattern | None = None


#: A line holding HTML tags only (``<ul>``, ``</ol>``, ``<li></li>``): list markup, no item.
MARKUP_ONLY = re.compile(r"^\s*(?:</?[A-Za-z][^>]*>\s*)+$")


def split_items(lines: Lines, spec: Lists) -> list[ListItem]:
    """Items of an OCR'd list.

    A glyph starts an item; a glyph-less line continues the previous item, except where
    glyphs are lost: in a block with no glyph yet, or from a page-break line (not
    starting lowercase) on, a glyph-less line starting with a capital starts a new item
    unless the previous line ends open (:func:`ends_open`). A line of HTML tags only
    (:data:`MARKUP_ONLY`: ``<ul>``, ``</ul>``) is no item, and an item whose text is
    empty once cleaned is dropped.
    """
    items: list[ListItem] = []
    glyphless = True
    prev_text = ""
    prev_wrapped = False
    for n, raw in lines:
        if not raw.strip() or (spec.skip is not None and spec.skip.match(raw)) or MARKUP_ONLY.match(raw):
            continue
        m = spec.glyph.match(raw)
        if m:
            glyphless = False
            body = raw[m.end() :].strip()
            items.append(ListItem(body, n, [body], marker=numbered_marker(m.group(0))))
            prev_text, prev_wrapped = body, wrapped_by_pypdf(raw)
            continue
        body = raw.strip()
        if spec.page_break is not None and spec.page_break.match(raw) and not starts_lower(body):
            glyphless = True
        # a line opening on a bracket (« (CAF) » under « Caisse d'allocations familiales »)
        # or after a dash, or after a line pypdf wrapped (its single trailing space) goes on
        goes_on = body.startswith("(") or prev_text.endswith(("–", "-")) or prev_wrapped
        new = not items or (glyphless and not starts_lower(body) and not ends_open(prev_text) and not goes_on)
        if new:
            items.append(ListItem(body, n, [body]))
        else:
            items[-1].lines.append(body)
            items[-1].text = join_wrapped(items[-1].text, body)
        prev_text, prev_wrapped = body, wrapped_by_pypdf(raw)
    for it in items:
        it.text = clean_inline(it.text, bullet=False)
    return [it for it in items if it.text]


# -- a two-column actor table flattened line by line --------------------------------


@dataclass
class ActorTable:
    """``actor_table:``: a pilot | partner table whose rows the OCR printed as lines."""

    field: str
    separator: re.Pattern
    head_nouns: tuple[str, ...]
    lead_pilot: re.Pattern | None = None
    stacked_when: re.Pattern | None = None

    @property
    def head_noun(self) -> re.Pattern:
        return re.compile(rf"^(?:{'|'.join(self.head_nouns)})\b")

    @property
    def open_pilot(self) -> re.Pattern:
        """A pilot cell ending on ``/`` (optionally a head noun after it) goes on."""
        return re.compile(rf"/\s*(?:{'|'.join(self.head_nouns)})?\s*$")


def _cut_before_lower(text: str, keep_first: bool) -> tuple[str, str]:
    """Split ``text`` before its first lowercase content word (connectors skipped)."""
    words = text.split()
    for i in range(1 if keep_first else 0, len(words)):
        w = words[i]
        if w.lower() in CONNECTORS:
            continue
        if starts_lower(w):
            if i == 0:
                return "", text.strip()
            return " ".join(words[:i]), " ".join(words[i:])
    return text.strip(), ""


def split_actor_table(
    lines: Lines, spec: ActorTable, lists: Lists, stacked: bool = False
) -> tuple[list[ListItem], list[ListItem]]:
    """Pilots and partners of a flattened two-column table.

    Each line is ``<pilot fragment> <separator> <partner fragment>`` (a bullet glyph or
    a surviving column bar). Glyph-less lines: the ``lead_pilot`` printed complete at
    the start of the first line is the pilot cell, the rest the partner cell; a
    lowercase line continues the pilot when the partner is closed (ends with ``.`` or
    ``)``), else the partner; otherwise the pilot part is cut before the first lowercase
    content word (where an open partner phrase resumes). A pilot fragment starting with a
    head noun after a complete pilot starts a new pilot; any other continues it.
    Partners: one per bullet; a partner cell with no bullet at all is split on commas.
    ``stacked``: the cells are printed one per line: lowercase lines and lines after a
    ``/`` continue the pilot, the others are partners.
    """
    pilots: list[ListItem] = []
    partners: list[ListItem] = []
    head_noun, open_pilot = spec.head_noun, spec.open_pilot
    any_bullet = fed_pilot = blank = False

    def pilot_open() -> bool:
        if not pilots:
            return False
        t = pilots[-1].text
        return ends_open(t) or bool(open_pilot.search(t))

    def partner_closed() -> bool:
        return not partners or partners[-1].text.rstrip().endswith((".", ")"))

    def add_pilot(text: str, n: int) -> None:
        if pilots and (pilot_open() or not head_noun.match(text)):
            pilots[-1].text += " " + text
            pilots[-1].lines.append(text)
        else:
            pilots.append(ListItem(text, n, [text]))

    def add_partner(text: str, n: int, new: bool) -> None:
        if new or not partners:
            partners.append(ListItem(text, n, [text]))
        else:
            partners[-1].text += " " + text
            partners[-1].lines.append(text)

    for n, raw in lines:
        if not raw.strip() or (lists.skip is not None and lists.skip.match(raw)):
            blank = True
            continue
        line = raw.strip()
        if stacked:
            if not pilots or starts_lower(line) or pilots[-1].text.rstrip().endswith("/"):
                add_pilot(line, n)
            else:
                add_partner(line, n, new=True)
            continue
        left, right, bullet = line, "", False
        m = lists.glyph.match(raw)
        sep = spec.separator.search(line)
        lead = spec.lead_pilot.match(line) if spec.lead_pilot is not None else None
        if m:
            left, right, bullet = "", raw[m.end() :].strip(), True
        elif sep:
            left, right = line[: sep.start()], line[sep.end() :]
            bullet = bool(sep.groupdict().get("bullet"))
        elif lead and not pilots:
            left, right = lead.group("name"), line[lead.end() :]
        elif pilots and pilot_open():
            left, right = _cut_before_lower(line, keep_first=True) if not partner_closed() else (line, "")
        elif starts_lower(line):
            left, right = (line, "") if partner_closed() and pilots else ("", line)
        elif head_noun.match(line) or (fed_pilot and not blank):
            left, right = _cut_before_lower(line, keep_first=True) if not partner_closed() else (line, "")
        else:
            left, right = "", line
        left, right = left.strip(), right.strip()
        if left:
            add_pilot(left, n)
        if right:
            add_partner(right, n, new=bullet)
            any_bullet = any_bullet or bullet
        fed_pilot, blank = bool(left), False
    if partners and not any_bullet:
        split: list[ListItem] = []
        for it in partners:
            split.extend(ListItem(p.strip(), it.line, [p.strip()]) for p in it.text.split(",") if p.strip())
        partners = split
    return pilots, partners


# -- numbered step headings inside a field ------------------------------------------


@dataclass
class SubActionHeadings:
    """``sub_action_headings:``: step headings (group n, group title) in a field."""

    field: str
    pattern: re.Pattern
    ref: str = "{n}"


def sub_action_headings(
    lines: Lines, spec: SubActionHeadings, lists: Lists
) -> tuple[list[tuple[str, str, int, str | None]], list[str]]:
    """(ref, title, line, details) of each step heading, and the field item by item.

    A heading continues on the following glyph-less lines up to a blank or page-break
    line. The bullets under a heading are its details, except where two consecutive
    headings with no bullet precede a heading with bullets (headings printed before
    their bullets): then no bullet is attributed (details None). The field as printed
    (one item per line: loose items, ``ref : title``, ``- bullet``) is the second value.
    """
    subs: list[tuple[str, str, int]] = []
    blocks: list[Lines] = [[]]
    heading_open = False
    for n, text in lines:
        m = spec.pattern.match(text)
        if m:
            subs.append((spec.ref.format(n=m.group("n")), m.group("title").strip(), n))
            blocks.append([])
            heading_open = True
            continue
        broken = lists.page_break is not None and lists.page_break.match(text)
        if heading_open and text.strip() and not lists.glyph.match(text) and not broken:
            ref, title, line = subs[-1]
            subs[-1] = (ref, f"{title} {text.strip()}", line)
            continue
        heading_open = False
        blocks[-1].append((n, text))
    out = [it.text for it in split_items(blocks[0], lists)]
    bullets = [[it.text for it in split_items(block, lists)] for block in blocks[1:]]
    for (ref, title, _line), items in zip(subs, bullets, strict=True):
        out.append(f"{ref} : {clean_inline(title)}")
        out.extend(f"- {t}" for t in items)
    displaced = any(not bullets[i] and not bullets[i + 1] and any(bullets[i + 2 :]) for i in range(len(bullets) - 1))
    details = [None if displaced or not b else "\n".join(b) for b in bullets]
    return [(r, clean_inline(t), n, d) for (r, t, n), d in zip(subs, details, strict=True)], out


# -- axes: wrapped titles and cross-references --------------------------------------


def axis_spans(
    doc: Document, pattern: re.Pattern, wraps: int, end: re.Pattern | None, skip: tuple[re.Pattern, ...] = ()
) -> list[tuple[str, int, int, str]]:
    """(axis_id, first_line, end_line, title) of each axis line: the title continues on
    up to ``wraps`` following lines until a blank line, the next axis line or a ``skip``
    line (a page footer); a chapter ends at the next axis line, the last one at the first
    ``end`` line after the first axis line (else the end of the file). As with a plain
    ``axes.pattern``, the first printing of each axis number counts: an axis line printed
    again (a sheet's own « Axe » line, word for word) or after the ``end`` line starts no
    chapter."""
    every = doc.find(pattern)
    ends = [n for n, _m in doc.find(end)] if end is not None and every else []
    stop = next((n for n in ends if n > every[0][0]), len(doc.lines) + 1)
    found, seen = [], set()
    for n, m in every:
        if n < stop and m.group("n") not in seen:
            seen.add(m.group("n"))
            found.append((n, m))
    spans = []
    for i, (n, m) in enumerate(found):
        parts = [m.group("title")]
        for _k, text in doc.span(n + 1, n + 1 + wraps):
            if not text.strip() or pattern.search(text) or any(p.search(text) for p in skip):
                break  # a blank line, the next axis ("ORIENTATION 4 …" right below), a footer
            parts.append(text)
        last = found[i + 1][0] if i + 1 < len(found) else stop
        spans.append((m.group("n"), n, last, clean_inline(join_lines(parts))))
    return spans


def cross_referenced_axes(doc: Document, spans, cross_reference: re.Pattern) -> dict[str, str]:
    """Sheet id → the axis whose chapter refers to it (group n of ``cross_reference``);
    when several chapters do, the last one."""
    axes: dict[str, str] = {}
    for axis_id, start, stop, _t in spans:
        for _n, m in doc.find(cross_reference, start, stop):
            axes[m.group("n")] = axis_id
    return axes


# -- OCR repair ---------------------------------------------------------------------


def repair(text: str, rules, words: dict[str, str]) -> str:
    """``rules`` (regex → replacement, in order) then the word map (``accés`` → ``accès``;
    a capital is kept)."""
    s = text
    for pattern, repl in rules:
        s = pattern.sub(repl, s)
    if words:

        def word(m: re.Match) -> str:
            w = m.group(0)
            fixed = words.get(w.lower())
            if fixed is None:
                return w
            return fixed[0].upper() + fixed[1:] if w[0].isupper() else fixed

        s = re.sub(r"\w+", word, s)
    return s


def repair_lines(text: str | None, line_start, rules, words: dict[str, str]) -> str | None:
    """:func:`repair` line by line, after the ``line_start`` rules (a bullet glyph fused
    to a line's first word)."""
    if text is None:
        return None
    out = []
    for line in text.split("\n"):
        for pattern, repl in line_start:
            line = pattern.sub(repl, line)
        out.append(repair(line, rules, words))
    return "\n".join(out)


# -- money read in paragraphs -------------------------------------------------------


def paragraph_bounds(doc: Document, n: int) -> tuple[int, int]:
    """First and last line of the paragraph (consecutive non-blank lines) holding line ``n``."""
    a = n
    while a > 1 and doc.line(a - 1).strip():
        a -= 1
    b = n
    while b < len(doc.lines) and doc.line(b + 1).strip():
        b += 1
    return a, b


def paragraph(doc: Document, n: int) -> str:
    """The paragraph (consecutive non-blank lines) holding line ``n``, joined."""
    a, b = paragraph_bounds(doc, n)
    return " ".join(t.strip() for _k, t in doc.span(a, b + 1))


def scope_rule(rules, *, sentence: str, para: str, around: str) -> dict:
    """``money.scope_rules``: the scope (and role) of the first rule whose regexes all
    match: ``sentence`` on the amount's own sentence, ``paragraph`` on its paragraph,
    ``around`` on that paragraph and the one above. Two amounts of one paragraph ("a
    consacré 71,4 M€ en 2025 … une enveloppe de 6,5 M€") differ by their sentences."""
    for rule in rules:
        if any(
            rule.get(key) is not None and not rule[key].search(text)
            for key, text in (("sentence", sentence), ("paragraph", para), ("around", around))
        ):
            continue
        return {k: rule[k] for k in ("scope", "role") if rule.get(k)}
    return {}


#: A line that is no prose: table markup, HTML, or a list item (its sentence is its own).
#: A line that is no prose: a table row, HTML, a list item, a heading mark, or a key figure
#: and its caption (« 8,6 M€ : enveloppe … », « 94,7 millions d'euros : dépenses … »: a
#: paragraph of its own, which a converter printing one paragraph a line leaves without a
#: full stop; « 98,7 M€      dépenses de … », the caption in a column of its own).
_NOT_PROSE = re.compile(
    rf"\||\t|<[a-z/]|^\s*(?:[-*•▪●◦–{_PRIVATE_BULLETS}]\s|\d+[.)]\s|[a-z][.)]\s|#)"
    r"|^\s*\d[\d\s,.]*?\s*\S{0,12}(?:\s+d['’]euros)?(?:\s+:\s|\s{3,}\S)",
    re.I,
)


def wrapped_sentence(doc: Document, n: int, raw: str) -> str | None:
    """The sentence holding the amount printed ``raw`` on line ``n``, across the line
    wraps of its prose paragraph ("En 2024, le" / "Département a consacré 62,8 M€ …"),
    or None when a line of that sentence is no prose (a table row, HTML, a list item:
    the line is then its own context) or the amount is not found on line ``n``."""
    a, b = paragraph_bounds(doc, n)
    para, spans = "", []  # spans: (line text, its start and end in para)
    for k, t in doc.span(a, b + 1):
        if para:
            para += " "
        spans.append((k, t, len(para), len(para) + len(t.strip())))
        para += t.strip()
    start = next(s0 for k, _t, s0, _e in spans if k == n)
    hit = next((x for x in euro_amounts(para) if x.raw == raw and x.start >= start), None)
    if hit is None:
        return None
    left = para.rfind(". ", 0, hit.start) + 1
    right = para.find(". ", hit.end)
    right = len(para) if right == -1 else right
    if any(_NOT_PROSE.search(t) for _k, t, s0, e in spans if s0 < right and e > left):
        return None
    return sentence_around(para, hit.start, hit.end, limit=len(para) + 1)


#: A line that opens a unit of its own, never the rest of the phrase above: a list item, a
#: table row (pipes, tabs), a ``Label :`` line.
_OWN_START = re.compile(
    rf"^\s*(?:[-*•▪●◦–{_PRIVATE_BULLETS}]\s|\d{{1,2}}[.)]\s|[a-z][.)]\s|\||#)|\t|^\s*[^\W\d_][^:]{{1,40}}\s:\s"
)


#: A line laid out in columns (runs of words three spaces apart or more: a PDF's text in
#: layout mode): its next line is the next row, not the rest of a phrase.
_IN_COLUMNS = re.compile(r"\S\s{3,}\S")


def wrapped_phrase(doc: Document, n: int, lo: int, hi: int, reach: int = 3) -> tuple[str, int] | None:
    """The phrase holding line ``n`` across the wraps a converter made at a column's width
    (a table cell, a list item, an HTML cell wrapped at 72 columns by pandoc): the lines
    above that line ``n`` goes on from and the lines below that go on from it
    (:func:`continues_line`; at most ``reach`` each way, inside lines ``lo``-``hi``, no blank
    line, no list item, table row, label line or line laid out in columns joined), markup
    cleaned. Returns the phrase
    and where line ``n``'s text starts in it; None when line ``n`` is its phrase alone."""
    from schemalab.extract import clean_inline

    def text(k: int) -> str:
        return clean_inline(doc.line(k), bullet=False)

    cur = text(n)
    if not cur or _IN_COLUMNS.search(doc.line(n).strip()):
        return None
    a = n
    while a - 1 >= max(lo, n - reach):
        prev, here = text(a - 1), text(a)
        if not prev or _OWN_START.search(doc.line(a)) or _IN_COLUMNS.search(doc.line(a - 1).strip()):
            break
        if not continues_line(prev, here):
            break
        a -= 1
    b = n
    while b + 1 <= min(hi, n + reach):
        here, nxt = text(b), text(b + 1)
        if not nxt or _OWN_START.search(doc.line(b + 1)) or _IN_COLUMNS.search(doc.line(b + 1).strip()):
            break
        if not continues_line(here, nxt):
            break
        b += 1
    if a == b:
        return None
    phrase = ""
    for k in range(a, b + 1):
        phrase = join_wrapped(phrase, text(k)) if phrase else text(k)
        if k == n:
            at = max(len(phrase) - len(cur), 0)
    return phrase, at


def amount_sentence(doc: Document, n: int, raw: str) -> str:
    """The sentence holding the amount printed ``raw`` on line ``n``: across the wraps of
    its prose paragraph (:func:`wrapped_sentence`), else, when that sentence would run
    over a list item, a table row or a label (a sheet printed without blank lines), the
    sentence on the line itself."""
    sentence = wrapped_sentence(doc, n, raw)
    if sentence:
        return sentence
    line = doc.line(n)
    hit = next((b for b in euro_amounts(line) if b.raw == raw), None)
    return sentence_around(line, hit.start, hit.end) if hit else clean_inline(line)


def previous_paragraph(doc: Document, n: int) -> str:
    """The paragraph just above the one holding line ``n`` (one blank line between)."""
    a = n
    while a > 1 and doc.line(a - 1).strip():
        a -= 1
    return paragraph(doc, a - 2) if a > 2 else ""


# -- a review printed as an outline -------------------------------------------------


def mark_glyphs(spec: ReviewOutline, text: str) -> list[str]:
    """The marks of a line of marks only, in print order: those ``mark`` reads from the
    line's end, one after the other, then each space-separated token left before them (a
    glyph ``mark_line`` admits but ``mark`` does not, as the ``e`` of ``e ® @ ¢ @``)."""
    rest, marks = " " + text.rstrip(), []
    while mm := spec.mark.search(rest):
        if not mm.group("mark"):
            break
        marks.insert(0, mm.group("mark"))
        rest = rest[: mm.start()]
    return rest.split() + marks


#: The names ``review_outline.ref`` and ``context`` may use: the group's and subgroup's
#: numbers and titles, the row's number counted (``row``) or as printed (``n``: "1.3").
_OUTLINE_NAMES = ("group", "group_title", "subgroup", "subgroup_title", "row", "n")


@dataclass
class ReviewOutline:
    """``review_outline:``: group → subgroup → numbered rows, status glyphs at line ends."""

    start: re.Pattern
    end: re.Pattern | None
    group: re.Pattern | None  # None: a flat list of rows (no group nor subgroup heading)
    subgroup: re.Pattern | None
    row: re.Pattern
    mark: re.Pattern
    mark_line: re.Pattern | None
    ref: str
    context: str | None  # None (or ''): no context
    status: list = field(default_factory=list)  # (review_status, regex) rules


def _row_columns(mark: re.Pattern, row: dict) -> tuple[str, str, str] | None:
    """(title, status, remark) of a review row laid out in columns by position, as a PDF's
    text in layout mode prints a table (pdfplumber ``layout=True``, ``pdftotext -layout``):
    its first line holds the title, the status and a remark after it; each line below holds
    the cells' next lines side by side (``2  Développer l'accueil de jour   Partiellement 24
    places ouvertes sur 40`` / ``réalisée    prévues``; ``1  Créer une cellule … préoccupantes
    Réalisée CRIP opérationnelle depuis`` / ``(CRIP)      2021``). The first line's cells
    may be pushed right where a long one runs into the next (the printer never moves text
    left), the lines below are not: a run printed where the title starts goes on with the
    title, a word that makes the status whole goes on with it (``Partiellement`` /
    ``réalisée``), any other run right of the title column is the remark's. None when the
    row is not printed so: neither a remark after the status on the first line nor pieces
    two spaces apart on a line below (« projet pour l'enfant      réalisée »), or a run
    below left of the title."""
    text, title_at = row.get("printed", ("", -1))
    if title_at < 0 or len(row["parts"]) < 2:
        return None
    mm = mark.search(text, title_at)
    if not mm or not mm.group("mark"):
        return None
    # laid out in columns: a remark after the status, or pieces two spaces apart below it
    # (« projet pour l'enfant        réalisée »)
    below = any(len(SPACE_CELL.findall(line)) >= 2 for line in row["parts"][1:])
    if not text[mm.end("mark") :].strip() and not below:
        return None
    title, status, remark = [text[title_at : mm.start()].strip()], mm.group("mark"), [text[mm.end("mark") :].strip()]
    for line in row["parts"][1:]:
        for run in SPACE_CELL.finditer(line):
            longer = mark.search(f" {status} {run.group()} ")
            if abs(run.start() - title_at) <= 1:
                title.append(run.group())
            elif longer and longer.group("mark") == f"{status} {run.group()}":
                status = longer.group("mark")
            elif run.start() > title_at + 1:
                remark.append(run.group())
            else:
                return None
    return " ".join(title), status, " ".join(remark)


def _row_marks(mark: re.Pattern, row: dict) -> list[str]:
    """The title parts of an outline row once its marks are taken out (appended to
    ``row["marks"]``). A mark is looked for on each line; two cases read the row's
    lines as one flow of prose, as a text converter wraps a row it could not align:

    - a status cut by the line break (``… des assistants familiaux Non`` /
      ``réalisée – reprise dans la fiche 2.3``): the lines joined hold a mark that starts
      before any line's own, and it is the row's (the title is what precedes it);
    - a mark printed one space after the title (no column gap) and, on the line below,
      a remark on it in brackets or after a dash (``… non accompagnés Réalisée`` /
      ``(service ouvert en 2022)``): that line and the rest go on with the mark; any
      other line below is the title's, wrapped (Pas-de-Calais: ``… pour les femmes ®`` /
      ``en demande d'IVG``), as is every line under a mark after a column gap;
    - a mark alone on its line below the title (a table printed one cell per paragraph:
      ``1`` / ``Créer une cellule …`` / ``Réalisée`` / ``CRIP installée en 2021``): the lines
      under it are the next cell, a remark (``row["remark"]``, the row's details_text);
    - a mark followed on its line by a capitalised remark (``… précoce Non réalisée Faute
      de sages-femmes``): the remark is the row's details_text, not its title, and so are the
      lines under it when the mark's line ends on a single space, pypdf's mark of a line it
      wrapped (``de PMI``); without it they are the title's wrapped end."""
    columns = _row_columns(mark, row)
    if columns is not None:
        title, status, remark = columns
        row["marks"].append(status)
        if remark:
            row["remark"] = remark
        return [title]
    lines = [part.strip() for part in row["parts"]]
    joined = " ".join(lines)
    first_k = first_at = None  # the first line holding a mark, and where in `joined`
    offset = 0
    for k, line in enumerate(lines):
        mm = mark.search(line)
        if mm and first_k is None:
            first_k, first_at = k, offset + mm.start("mark")
        offset += len(line) + 1
    jm = mark.search(joined)
    if jm and (first_at is None or jm.start("mark") < first_at):
        row["marks"].append(jm.group("mark"))
        return [joined[: jm.start()].strip()]
    parts = []
    for k, line in enumerate(lines):
        mm = mark.search(line)
        if mm:
            prose = k == first_k and re.search(r"\S $", line[: mm.start("mark")])
            # a status printed alone on its line after the title's (a table printed one cell
            # per paragraph, odt2txt): the lines under it are the next cell, a remark on it
            alone = (
                k == first_k and k > 0 and not line[: mm.start("mark")].strip() and not line[mm.end("mark") :].strip()
            )
            if alone and k + 1 < len(lines):
                status, rest = mm.group("mark"), lines[k + 1 :]
                if re.fullmatch(r"[a-zéèêàç]+", rest[0]):
                    # the status's own last word, wrapped in its narrow cell (``Partiellement``
                    # / ``réalisée``): the status goes on, the remark is below it
                    status, rest = f"{status} {rest[0]}", rest[1:]
                row["marks"].append(status)
                row["remark"] = " ".join(x for x in rest if x)
                return parts
            if prose and k + 1 < len(lines) and re.match(r"[(\[–—-]", lines[k + 1]):
                row["marks"].append(" ".join([mm.group("mark"), *lines[k + 1 :]]))
                parts.append(line[: mm.start()].strip())
                return parts
            after = line[mm.end("mark") :].strip()
            if k == first_k and after and after[:1].isupper():
                # a remark printed after the status on its line (``2 Généraliser … précoce Non
                # réalisée Faute de sages-femmes``): the next cell, not the title's. The lines
                # under it go on with the remark when pypdf left its wrap mark, a single
                # trailing space (it prints a row cell by cell: ``de PMI``); else they hold the
                # title's wrapped end (pdfplumber prints every cell's next line on one line)
                row["marks"].append(mm.group("mark"))
                wrapped = wrapped_by_pypdf(row["parts"][k])
                row["remark"] = " ".join(x for x in [after, *(lines[k + 1 :] if wrapped else [])] if x)
                parts.append(line[: mm.start()].strip())
                if wrapped:
                    return parts
                continue
            row["marks"].append(mm.group("mark"))
            line = line[: mm.start()]
        parts.append(line.strip())
    return parts


def _skipped_in_review(span: Lines, skip, row: re.Pattern) -> list[bool]:
    """Which lines of a review's span a ``skip`` pattern drops. A number alone that a
    pattern for page numbers drops is kept where it reads as a row's number (``row``) and
    no skipped running line (a header or footer) is printed right above or below it: the
    rows of a table printed one cell per line (``7`` / ``Créer un accueil relais …`` /
    ``Non réalisée``), where a page's number sits by its footer (74: « Conseil
    départemental … » / « 20 »)."""
    out = [any(p.search(t) for p in skip) for _, t in span]
    for i, (_, text) in enumerate(span):
        if not out[i] or not re.fullmatch(r"\s*\d{1,3}\s*", text) or not row.match(text):
            continue
        above = next((k for k in range(i - 1, -1, -1) if span[k][1].strip()), None)
        below = next((k for k in range(i + 1, len(span)) if span[k][1].strip()), None)
        if not any(k is not None and out[k] for k in (above, below)):
            out[i] = False
    return out


def review_outline(
    doc: Document, spec: ReviewOutline, start: int, end: int, skip=(), notes: list | None = None
) -> list[dict]:
    """Rows of an outline review between lines ``start`` and ``end``.

    Without ``group`` and ``subgroup`` the review is a flat list of rows (``A1. title —
    Réalisée``); with ``group`` alone, rows are printed under one level of headings (``Axe 1
    – Prévention`` / ``1`` / ``Créer …``), their numbers going on across groups. Lines matching a ``skip`` pattern (page headers and footers) are not
    read. A line under a row continues it: a status wrapped onto the next line
    (``— Non réalisée``) is found there by ``mark``.

    Group titles wrap up to the next row; subgroup titles up to a blank line; row
    numbers restart in each subgroup, an unreadable one (``&``) takes the next number.
    A line of marks only directly followed by label-less text is a row whose label was
    lost. Any other line of two marks or more (:func:`mark_glyphs`) is detached from its
    rows: its marks go, in order, to the mark-less rows directly above it in its subgroup
    (up to a row with a mark of its own or the subgroup's start) when there are as many
    such rows as marks, else to every row of its subgroup when none prints a mark of its
    own and there are as many rows as marks (a line of marks printed before the subgroup's
    last row); otherwise no row gets them, and ``(line, message)`` is appended to ``notes``
    (when given). The first mark of a row is its status_raw.
    Returns dicts with ref, title, status_raw, details_text (a remark cell), context and line.
    """
    group = subgroup = None
    rows: list[dict] = []
    heading: dict | None = None
    current: dict | None = None
    next_no = 1
    mark_only: tuple[int, str] | None = None
    detached: list[dict] = []  # lines of 2+ marks: {"line", "marks", "after" (rows above), "s", "g"}
    flat = spec.group is None
    if flat:
        group = {"n": "", "title": "", "closed_on_blank": False}
        subgroup = {"n": "", "title": "", "closed_on_blank": True}
    span = list(doc.span(start + 1, end))
    skipped = _skipped_in_review(span, skip, spec.row)
    for (n, text), dropped in zip(span, skipped, strict=True):
        if dropped:
            continue
        if not text.strip():
            heading = None if heading and heading.get("closed_on_blank") else heading
            mark_only = None
            continue
        if not flat and (m := spec.group.match(text)):
            group = {"n": m.group("n") or "", "title": (m.group("title") or "").strip(), "closed_on_blank": False}
            group["printed"] = text.strip()
            heading, current, mark_only = group, None, None
            if spec.subgroup is None:  # one level: each group is its rows' only heading
                subgroup = {"n": "", "title": "", "closed_on_blank": True}
            continue
        if not flat and spec.subgroup is not None and (m := spec.subgroup.match(text)):
            subgroup = {"n": m.group("n") or "", "title": (m.group("title") or "").strip(), "closed_on_blank": True}
            heading, current, mark_only, next_no = subgroup, None, None, 1
            continue
        if m := spec.row.match(text):
            if subgroup is None or group is None:
                raise ParseError(doc.source, n, "a group and a subgroup heading above this review row")
            printed = m.group("n") or ""  # an optional group left unmatched: no number, no title
            no = int(printed) if printed.isdigit() else next_no
            current = {"no": no, "n": printed, "parts": [m.group("title") or ""], "marks": [], "line": n}
            current.update(s=subgroup, g=group, printed=(text, m.start("title") if m.group("title") else -1))
            rows.append(current)
            heading, mark_only, next_no = None, None, no + 1
            continue
        if spec.mark_line is not None and spec.mark_line.match(text):
            mark_only = (n, text.strip())
            if len(marks := mark_glyphs(spec, text)) >= 2:
                detached.append({"line": n, "marks": marks, "after": len(rows), "s": subgroup, "g": group})
            continue
        if mark_only and subgroup is not None:
            if detached and detached[-1]["line"] == mark_only[0]:
                detached.pop()  # the marks of a row whose label was lost, not detached ones
            current = {"no": next_no, "n": str(next_no), "parts": [text], "marks": [mark_only[1]], "line": mark_only[0]}
            current.update(s=subgroup, g=group)
            rows.append(current)
            next_no += 1
            mark_only = None
            continue
        if heading is not None and current is None:
            heading["title"] += " " + text.strip()
            continue
        if current is not None:
            current["parts"].append(text)
    for row in rows:
        row["parts"] = _row_marks(spec.mark, row)
    for line in detached:
        above = []  # the mark-less rows directly above the line, in its subgroup
        for row in reversed(rows[: line["after"]]):
            if row["s"] is not line["s"] or row["g"] is not line["g"] or row["marks"]:
                break
            above.insert(0, row)
        # else the whole subgroup, when none of its rows prints a mark of its own (a line of
        # marks printed before the subgroup's last row: one mark per row, in order)
        whole = [row for row in rows if row["s"] is line["s"] and row["g"] is line["g"]]
        if len(above) == len(line["marks"]):
            targets = above
        elif len(whole) == len(line["marks"]) and not any(row["marks"] for row in whole):
            targets = whole
        else:
            targets = []
        for row, mark in zip(targets, line["marks"], strict=False):
            row["marks"].append(mark)
        if not targets and notes is not None:
            notes.append(
                (
                    line["line"],
                    f"{len(line['marks'])} marks on a line of their own ({' '.join(line['marks'])}) for "
                    f"{len(above)} mark-less rows above and {len(whole)} rows in the subgroup: left unattached",
                )
            )
    out = []
    for row in rows:
        parts = row["parts"]
        g, s = row["g"], row["s"]
        names = {
            "group": g["n"],
            "group_title": clean_inline(g["title"]),
            "subgroup": s["n"],
            "subgroup_title": clean_inline(s["title"]),
            "row": row["no"],
            "n": row["n"],
        }
        out.append(
            {
                "ref": spec.ref.format(**names),
                "title": clean_inline(join_lines(parts)),
                "status_raw": row["marks"][0] if row["marks"] else None,
                "details_text": row.get("remark") or None,
                "context": spec.context.format(**names) or None if spec.context else None,
                "line": row["line"],
                "group_printed": clean_inline(g.get("printed", "")) or None,
            }
        )
    return out


# -- the configured parser's hooks --------------------------------------------------


class OcrLinesLayout:
    """Hooks of a configured parser reading an OCR'd plain text (mixed in before
    :class:`~schemalab.parsers.configurable.ConfiguredParser` when one of the keys of
    this module is set); each hook falls back on the usual behaviour without its key."""

    _lists: Lists | None = None
    _actor_table: ActorTable | None = None
    _sub_headings: SubActionHeadings | None = None
    _title_wraps: bool = False
    _axes_wraps: int = 0
    _axes_end: re.Pattern | None = None
    _cross_reference: re.Pattern | None = None
    _text_rules: tuple = ()
    _line_start_rules: tuple = ()
    _clean_words: dict = {}
    _text_clean: bool = False
    _money: dict = {}
    _review_outline: ReviewOutline | None = None

    # -- axes and header ---------------------------------------------------------------
    def parse_axes(self, doc: Document) -> list[dict]:
        self._sheet_axes: dict[str, str] | None = None
        if not (self._axes_wraps or self._cross_reference is not None):
            return super().parse_axes(doc)
        self._body_axes, self._unmatched_axes = [], []
        spans = axis_spans(
            doc, self._axes_pattern, self._axes_wraps, self._axes_end, getattr(self, "skip_patterns", ())
        )
        if self._cross_reference is not None:
            self._sheet_axes = cross_referenced_axes(doc, spans, self._cross_reference)
        return [
            {"plan_id": self.plan_id, "axis_id": a, "position": i, "title": t, "first_line": n}
            for i, (a, n, _e, t) in enumerate(spans, start=1)
        ]

    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        super().sheet_header(doc, sheet)
        if self._title_wraps:
            m = self.sheet_start.search(doc.line(sheet.start))
            parts, first = [m.group("title")], sheet.start
            if not clean_inline(parts[0]):
                # the start line prints no title (`Fiche action n° 1.1`): it is the first
                # line below, past blank lines, and goes on from there to a blank line
                first = next((n for n, t in doc.span(sheet.start + 1, sheet.end) if t.strip()), sheet.start)
                parts = [doc.line(first)] if first != sheet.start and not self.canonical(doc.line(first)) else []
            for _n, text in doc.span(first + 1, sheet.end) if parts else ():
                if not text.strip() or self.canonical(text):
                    break
                parts.append(text)
            sheet.title = clean_inline(join_lines(parts)) or sheet.title
        if self._sheet_axes is not None:
            sheet.axis_id = self._sheet_axes.get(sheet.action_id)

    # -- fields ------------------------------------------------------------------------
    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        super().fix_fields(doc, sheet, res)
        f = sheet.fields
        if self._actor_table is not None:
            spec = self._actor_table
            table = f.pop(spec.field, [])
            stacked = spec.stacked_when is not None and any(
                spec.stacked_when.match(t.strip()) for _n, t in doc.span(sheet.start, sheet.end)
            )
            sheet.extra["actor_table"] = split_actor_table(table, spec, self._lists, stacked)
            f[spec.field] = []  # the heading was found; actors are added from the table
        if self._sub_headings is not None:
            sheet.extra["sub_headings"] = sub_action_headings(
                f.get(self._sub_headings.field, []), self._sub_headings, self._lists
            )

    def items(self, lines: Lines):
        if self._lists is None:
            return super().items(lines)
        from schemalab.extract import Item

        return [
            Item(it.text, it.line, raw=join_lines(it.lines), marker=it.marker) for it in split_items(lines, self._lists)
        ]

    def actor_field_lines(self, lines: Lines) -> Lines:
        # under `lists`, split_items tells glyphless items apart itself
        return lines if self._lists is not None else super().actor_field_lines(lines)

    def list_field_lines(self, lines: Lines) -> Lines:
        return lines if self._lists is not None else super().list_field_lines(lines)

    def text_of(self, lines: Lines) -> str | None:
        if self._lists is None:
            return super().text_of(lines)
        return "\n".join(it.text for it in split_items(lines, self._lists)) or None

    @staticmethod
    def _has_sub_headings(sheet: Sheet) -> bool:
        """True when ``sub_action_headings`` found a step heading in the sheet."""
        return bool(sheet.extra.get("sub_headings", ([], []))[0])

    def sub_action_items(self, sheet: Sheet):
        if self._has_sub_headings(sheet):
            return []  # added with their printed ref in extract_sheet
        return super().sub_action_items(sheet)  # a sheet printing plain steps

    def check_completeness(self, doc: Document, sheets: list[Sheet], res: ParseResult):
        """``sub_action_headings`` whose pattern matched no line of its field on any
        sheet (while the field has lines) is reported: the key reads nothing."""
        out = super().check_completeness(doc, sheets, res)
        spec = self._sub_headings
        if spec is not None and not any(self._has_sub_headings(s) for s in sheets):
            filled = [s for s in sheets if s.fields.get(spec.field)]
            if filled:
                res.warn(
                    filled[0].start,
                    f"sub_action_headings: {spec.pattern.pattern!r} matches no line of field "
                    f"{spec.field!r} on any sheet ({len(filled)} sheets print that field): "
                    "their steps are read as plain items",
                )
        return out

    def extract_sheet(self, doc: Document, sheet: Sheet, position: int, res: ParseResult) -> None:
        super().extract_sheet(doc, sheet, position, res)
        aid = sheet.action_id
        if "actor_table" in sheet.extra:
            for role, cell in zip(("pilot", "partner"), sheet.extra["actor_table"], strict=True):
                for it in cell:
                    self.add_actor(res, aid, role, join_lines(it.lines), it.line)
        for ref, title, line, details in sheet.extra.get("sub_headings", ([], []))[0]:
            self.add_sub_action(res, aid, title, line, details=details, ref=ref)

    def add_action(self, doc, sheet, position, res, status, **overrides) -> None:
        if self._has_sub_headings(sheet):
            overrides.setdefault("implementation_text", "\n".join(sheet.extra["sub_headings"][1]) or None)
        super().add_action(doc, sheet, position, res, status, **overrides)

    # -- cleaning ----------------------------------------------------------------------
    def clean_text(self, text: str | None) -> str | None:
        if not self._text_clean:
            return super().clean_text(text)
        return repair_lines(text, self._line_start_rules, self._text_rules, self._clean_words)

    # -- money -------------------------------------------------------------------------
    def extract_budget(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """``money.sheet_fields``: the amounts of the listed fields only, each with the
        field's nature; ``context: next_line`` reads a line's amount in that line and the
        next one of its field (a wrapped sentence), or in its step heading."""
        rules = self._money.get("sheet_fields")
        if not rules:
            return super().extract_budget(doc, sheet, res)
        headings = sheet.extra.get("sub_headings", ([], []))[0]
        for rule in rules:
            lines = sheet.fields.get(rule["field"], [])
            for i, (n, text) in enumerate(lines):
                context = None
                if rule.get("context") == "next_line":
                    for ref, title, line, _details in headings:
                        if line == n:
                            context = f"{ref} : {title}"
                    if context is None and i + 1 < len(lines):
                        context = clean_inline(f"{text} {lines[i + 1][1]}")
                self.add_amounts(
                    res,
                    text,
                    n,
                    sheet.action_id,
                    context=context,
                    default_nature=rule.get("nature"),
                    rule_for=self.amount_scope_rule(doc, n, text),
                )

    def plan_amounts(self, doc: Document, res: ParseResult, stop: int) -> None:
        """``money.plan_level_until``: amounts of the narrative (lines before ``stop``),
        each with its sentence in its paragraph as context; ``money.scope_rules`` give
        scope/role from the amount's sentence, its paragraph and the one above
        (:func:`scope_rule`)."""
        for n, text in doc.span(1, stop):
            if not text.strip():
                continue
            text = with_cut_amount(text, doc.line(n + 1) if n + 1 < stop else "")
            rule_for = self.amount_scope_rule(doc, n, text)
            for a in euro_amounts(text):
                ctx = amount_sentence(doc, n, a.raw)
                self.add_amounts(res, a.raw, n, None, context=ctx, **(rule_for(a.raw) if rule_for else {}))

    def amount_scope_rule(self, doc: Document, n: int, text: str = "", sentence: str | None = None):
        """``money.scope_rules`` for the amounts of line ``n`` (narrative, ``plan_money``
        or sheet): a function of an amount (as printed) giving its scope/role
        (:func:`scope_rule`), or None (no rule, or no amount on the line). ``sentence``:
        the amount's own sentence where the caller knows it (a key figure and its caption:
        a run of key figures printed with no full stop between them is no one sentence)."""
        rules = self._money.get("scope_rules")
        if not rules or (text and not euro_amounts(text)):
            return None
        para = paragraph(doc, n)
        around = previous_paragraph(doc, n) + " " + para

        def rule_for(raw: str) -> dict:
            own = sentence if sentence is not None else amount_sentence(doc, n, raw)
            return scope_rule(rules, sentence=own, para=para, around=around)

        return rule_for

    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        until, outline = self._money.get("plan_level_until"), self._review_outline
        if until is None and outline is None:
            return super().extract_plan_level(doc, res)
        first_sheet = min(r["first_line"] for r in res.tables["actions"])
        if until is not None:
            hits = doc.find(until)
            self.plan_amounts(doc, res, hits[0][0] if hits else first_sheet)
        if outline is not None:
            self.extract_review_outline(doc, res, first_sheet)
        super().extract_plan_level(doc, res)

    def extract_review_outline(self, doc: Document, res: ParseResult, first_sheet: int) -> None:
        from schemalab.parsers.configurable import review_status

        spec = self._review_outline
        found = [n for n, _ in doc.find(spec.start)]
        if not found:
            return
        start = annex_start(found, first_sheet)  # (a contents entry, then the annex: the annex)
        ends = doc.find(spec.end, start) if spec.end is not None else []
        # with no `end`: the first sheet, or the end of the text for a review printed after
        # the sheets (an annex)
        end = ends[0][0] if ends else first_sheet if start < first_sheet else len(doc.lines) + 1
        notes: list = []
        rows = review_outline(doc, spec, start, end, getattr(self, "skip_patterns", ()), notes)
        for line, message in notes:
            res.warn(line, f"review: {message}")
        if not rows:
            res.warn(
                start, "`review_outline` read no row in its section (lines from its `start`): check `row` and `mark`"
            )
        for row in rows:
            raw = row["status_raw"]
            if raw is None and row["group_printed"] and review_status(row["group_printed"], spec.status) != "unknown":
                # rows listed under the status they share (« Actions réalisées » / «  Action 1 – … »)
                raw = row["group_printed"]
            title, remark = _title_remark(row["title"])
            details = "\n".join(x for x in (remark, row["details_text"]) if x) or None
            res.add(
                "previous_review",
                plan_id=self.plan_id,
                ref=row["ref"],
                title=title,
                status=res.vocab("review_status", review_status(raw, spec.status), row["line"]),
                status_raw=raw,
                **({"details_text": details} if details else {}),
                context=row["context"],
                title_clean=self.clean_title(title),
                line=row["line"],
            )


def _title_remark(title: str) -> tuple[str, str | None]:
    """A reviewed action's title and the remark in brackets that ends it, in lower case
    (« Créer un accueil de jour (ouvert en 2021) »: what became of it, not its name); an
    acronym in brackets (« … (MDA) ») stays in the title."""
    m = re.match(r"^(?P<title>.*\S)\s*\((?P<remark>[a-zàâçéèêëîïôûù][^()]{2,})\)\s*$", title)
    # a remark says what happened: a date, a figure, a participle (« ouvert en 2021 »,
    # « dépense réalisée : 2,3 M€ »); « (lieux de vie, accueil séquentiel) » names the action
    if m and re.search(r"\d|\b\w+(?:é|ée|és|ées|ert|erte|erts)\b|:", m["remark"]):
        return m["title"], m["remark"]
    return title, None


# -- configuration ------------------------------------------------------------------

#: The configuration keys this module reads (top level).
KEYS = (
    "lists",
    "actor_table",
    "sub_action_headings",
    "title_wraps",
    "title_clean_words",
    "text_clean",
    "money",
    "review_outline",
)


def compile_keys(path: Path, config: dict) -> dict:
    """Class attributes of :class:`OcrLinesLayout` from a configuration (empty when it
    sets none of :data:`KEYS` nor the ``axes`` wrap/cross-reference keys)."""
    from schemalab.parsers.base import CANONICAL_FIELDS
    from schemalab.parsers.configurable import ConfigError, _check_keys, _optional_regex, _regex, status_rules

    attrs: dict = {}
    lists = _check_keys(path, "lists", config.get("lists"), {"glyph", "page_break", "skip"})
    if lists:
        if not lists.get("glyph"):
            raise ConfigError(f"{path}: `lists` needs a `glyph` regex (a bullet glyph at a line start)", key="lists")
        attrs["_lists"] = Lists(
            _regex(path, "lists.glyph", lists["glyph"]),
            _optional_regex(path, "lists.page_break", lists.get("page_break")),
            _optional_regex(path, "lists.skip", lists.get("skip")),
        )
    needs_lists = [k for k in ("actor_table", "sub_action_headings") if config.get(k)]
    if needs_lists and not lists:
        raise ConfigError(f"{path}: `{needs_lists[0]}` reads OCR'd lists: give `lists` too", key=needs_lists[0])
    table = _check_keys(
        path,
        "actor_table",
        config.get("actor_table"),
        {"field", "separator", "head_nouns", "lead_pilot", "stacked_when"},
    )
    if table:
        nouns = table.get("head_nouns")
        if table.get("field") not in CANONICAL_FIELDS or not table.get("separator") or not isinstance(nouns, list):
            raise ConfigError(
                f"{path}: `actor_table` needs `field` (a field), `separator` (regex) and `head_nouns` (a list)",
                key="actor_table",
            )
        lead = _optional_regex(path, "actor_table.lead_pilot", table.get("lead_pilot"))
        if lead is not None and "name" not in lead.groupindex:
            raise ConfigError(
                f"{path}: `actor_table.lead_pilot` needs a group (?P<name>…)", key="actor_table.lead_pilot"
            )
        attrs["_actor_table"] = ActorTable(
            table["field"],
            _regex(path, "actor_table.separator", table["separator"]),
            tuple(str(x) for x in nouns),
            lead,
            _optional_regex(path, "actor_table.stacked_when", table.get("stacked_when")),
        )
    subs = _check_keys(path, "sub_action_headings", config.get("sub_action_headings"), {"field", "pattern", "ref"})
    if subs:
        pattern = _regex(path, "sub_action_headings.pattern", subs.get("pattern"))
        if subs.get("field") not in CANONICAL_FIELDS or not {"n", "title"} <= set(pattern.groupindex):
            raise ConfigError(
                f"{path}: `sub_action_headings` needs `field` and a `pattern` with groups (?P<n>…) and (?P<title>…)",
                key="sub_action_headings",
            )
        attrs["_sub_headings"] = SubActionHeadings(subs["field"], pattern, str(subs.get("ref", "{n}")))
    if config.get("title_wraps") not in (None, False, "until_blank"):
        raise ConfigError(f"{path}: `title_wraps` is `until_blank` (or absent)", key="title_wraps")
    if config.get("title_wraps"):
        if "title" not in re.compile(str(config["sheet_start"])).groupindex:
            raise ConfigError(f"{path}: `title_wraps` needs a group (?P<title>…) in `sheet_start`", key="title_wraps")
        attrs["_title_wraps"] = True
    axes = config.get("axes") or {}
    if isinstance(axes, dict):
        if axes.get("wraps") is not None:
            if not isinstance(axes["wraps"], int) or axes["wraps"] < 0 or not axes.get("pattern"):
                raise ConfigError(f"{path}: `axes.wraps` is a number of lines, with `axes.pattern`", key="axes.wraps")
            attrs["_axes_wraps"] = axes["wraps"]
        attrs["_axes_end"] = _optional_regex(path, "axes.end", axes.get("end"))
        ref = _optional_regex(path, "axes.cross_reference", axes.get("cross_reference"))
        if ref is not None and ("n" not in ref.groupindex or not axes.get("pattern")):
            raise ConfigError(
                f"{path}: `axes.cross_reference` needs a group (?P<n>…) (the sheet) and `axes.pattern`",
                key="axes.cross_reference",
            )
        attrs["_cross_reference"] = ref
    words = config.get("title_clean_words") or {}
    if not isinstance(words, dict):
        raise ConfigError(f"{path}: `title_clean_words` maps a misread word to its repair", key="title_clean_words")
    attrs["_clean_words"] = {str(k).lower(): str(v) for k, v in words.items()}
    text = _check_keys(path, "text_clean", config.get("text_clean"), {"line_start"})
    if config.get("text_clean") is not None:
        attrs["_text_clean"] = True
        attrs["_line_start_rules"] = tuple(
            (_regex(path, f"text_clean.line_start.{k}", r.get("pattern")), str(r.get("replace", "")))
            for k, r in enumerate(text.get("line_start") or [])
        )
    money = _check_keys(
        path, "money", config.get("money"), {"sheet_fields", "plan_level_until", "nature_words", "scope_rules"}
    )
    if money:
        from schemalab.schema import VOCABULARIES

        compiled: dict = {}
        for k, rule in enumerate(money.get("sheet_fields") or []):
            rule = _check_keys(path, f"money.sheet_fields.{k}", rule, {"field", "nature", "context"})
            if rule.get("field") not in CANONICAL_FIELDS or rule.get("context", "line") not in ("line", "next_line"):
                raise ConfigError(
                    f"{path}: `money.sheet_fields.{k}` needs a `field`; `context` is `line` or `next_line`",
                    key=f"money.sheet_fields.{k}",
                )
            if rule.get("nature") is not None and rule["nature"] not in VOCABULARIES["budget_nature"]:
                raise ConfigError(f"{path}: `money.sheet_fields.{k}.nature` is one of {VOCABULARIES['budget_nature']}")
            compiled.setdefault("sheet_fields", []).append(rule)
        compiled["plan_level_until"] = _optional_regex(path, "money.plan_level_until", money.get("plan_level_until"))
        if compiled["plan_level_until"] is not None and config.get("plan_money"):
            raise ConfigError(
                f"{path}: `money.plan_level_until` and `plan_money` both read the narrative's amounts: keep one",
                key="money.plan_level_until",
            )
        natures = money.get("nature_words") or {}
        if not isinstance(natures, dict) or set(natures) - set(VOCABULARIES["budget_nature"]):
            raise ConfigError(f"{path}: `money.nature_words` maps natures {VOCABULARIES['budget_nature']} to regexes")
        if natures and config.get("budget_nature"):
            raise ConfigError(
                f"{path}: `money.nature_words` and `budget_nature` are the same rules: keep one",
                key="money.nature_words",
            )
        if natures:  # the rules of the top-level `budget_nature` key (one hook reads both)
            attrs["_budget_nature"] = tuple(
                (nat, _regex(path, f"money.nature_words.{nat}", p)) for nat, p in natures.items()
            )
        rules = []
        for k, rule in enumerate(money.get("scope_rules") or []):
            rule = _check_keys(
                path, f"money.scope_rules.{k}", rule, {"sentence", "around", "paragraph", "scope", "role"}
            )
            if rule.get("scope") not in VOCABULARIES["budget_scope"] or (
                rule.get("role") is not None and rule["role"] not in VOCABULARIES["budget_role"]
            ):
                raise ConfigError(
                    f"{path}: `money.scope_rules.{k}` needs a `scope` (and an optional `role`) of the vocabularies"
                )
            rules.append(
                {
                    "around": _optional_regex(path, f"money.scope_rules.{k}.around", rule.get("around")),
                    "paragraph": _optional_regex(path, f"money.scope_rules.{k}.paragraph", rule.get("paragraph")),
                    "sentence": _optional_regex(path, f"money.scope_rules.{k}.sentence", rule.get("sentence")),
                    "scope": rule["scope"],
                    "role": rule.get("role"),
                }
            )
        compiled["scope_rules"] = tuple(rules)
        attrs["_money"] = compiled
    outline_keys = {"start", "end", "group", "subgroup", "row", "mark", "mark_line", "ref", "context", "status"}
    outline = _check_keys(path, "review_outline", config.get("review_outline"), outline_keys)
    if outline:
        # group → subgroup → rows, group → rows (one level), or a flat list of rows
        missing = sorted({"start", "row", "mark", "ref"} - set(outline))
        if "subgroup" in outline and "group" not in outline:
            missing += ["group"]
        if missing:
            raise ConfigError(f"{path}: `review_outline` lacks {missing}", key="review_outline")
        levels = tuple(k for k in ("group", "subgroup") if k in outline) + ("row",)
        rx = {k: _regex(path, f"review_outline.{k}", outline[k]) for k in ("start", "mark", *levels)}
        if not all({"n", "title"} <= set(rx[k].groupindex) for k in levels) or ("mark" not in rx["mark"].groupindex):
            raise ConfigError(
                f"{path}: `review_outline` group, subgroup and row need groups (?P<n>…) and (?P<title>…), "
                "`mark` a group (?P<mark>…)",
                key="review_outline",
            )
        for key in ("ref", "context"):
            try:
                str(outline.get(key) or "").format(**dict.fromkeys(_OUTLINE_NAMES, ""))
            except (KeyError, IndexError, ValueError) as exc:
                raise ConfigError(
                    f"{path}: `review_outline.{key}` names {exc}; it may name {{{'}, {'.join(_OUTLINE_NAMES)}}}",
                    key=f"review_outline.{key}",
                ) from None
        attrs["_review_outline"] = ReviewOutline(
            rx["start"],
            _optional_regex(path, "review_outline.end", outline.get("end")),
            rx.get("group"),
            rx.get("subgroup"),
            rx["row"],
            rx["mark"],
            _optional_regex(path, "review_outline.mark_line", outline.get("mark_line")),
            str(outline["ref"]),
            str(outline["context"]) if outline.get("context") else None,
            status_rules(path, "review_outline.status", outline.get("status")),
        )
    return attrs


__all__ = [
    "KEYS",
    "ActorTable",
    "ListItem",
    "Lists",
    "OcrLinesLayout",
    "ReviewOutline",
    "SubActionHeadings",
    "axis_spans",
    "compile_keys",
    "cross_referenced_axes",
    "mark_glyphs",
    "repair",
    "repair_lines",
    "review_outline",
    "split_actor_table",
    "split_items",
    "starts_lower",
    "sub_action_headings",
]
