"""Shared readers of lists printed inside table cells, and of steps grouped by year.

Used by configured parsers (:mod:`schemalab.parsers.configurable`, keys ``columns``,
``dash_lists``, ``year_steps``); each reader works on ``(line_no, text)`` lines and keeps
the printed line numbers.

- :func:`is_rule`: a table rule or empty table header (``|---|``, ``- | | |``, ``----<TAB>----``).
- :func:`split_columns`: the lines of a field split into columns (markdown pipe rows by
  ``|``, TSV rows by tab); a rule is dropped.
- :func:`dash_items` / :func:`itemize`: items of an HTML ``<ul>`` cell whose items are
  separated by ``- `` (PDF conversions flatten ``<li>`` this way), in its two styles:
  *glued* (``<ul …>- a- b``: an item may hold `` - `` as in "FDE - site de Damazan") and
  *spaced* (``<ul …> - a - b``: an acronym item followed by an item matching
  ``join_after_acronym``, "DSDEN - Coordinatrice …", is one item). Never split blindly on `` - ``.
- :func:`year_steps`: steps scheduled by year in any mix of encodings: ``- 2026`` bullets
  followed by step bullets (``- 2026 - step`` inline), pipe rows ``| 2026 | <ul…>- a- b |``
  (a row may spill onto unpiped lines), bare year lines; second-level items (``sub_item``)
  are details of the step above; short plain lines (sub-headings, ``<u>…</u>``) are not steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from schemalab.extract import clean_inline

Lines = list[tuple[int, str]]

_UL = re.compile(r"<ul[^>]*>", re.I)
_SUBHEADING_HTML = re.compile(r"<u>(.*?)</u>", re.I)
#: An acronym item of a spaced dash list ("DSDEN", "DEF", "CD 47").
_ACRONYM = re.compile(r"^[A-ZÉ][A-ZÉ0-9/&-]{1,11}(?: \d+)?$")
_YEAR_ROW = re.compile(r"^\|\s*(?P<year>20\d\d)\s*\|(?P<rest>.*)$")
_YEAR_BULLET = re.compile(r"^\s*-\s+(?P<year>20\d\d)\s*(?:[-–]\s+(?P<rest>\S.*))?$")
_YEAR_BARE = re.compile(r"^\s*(?P<year>20\d\d)\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(?P<text>.*)$")
#: A plain line of at most this many words, without final punctuation, between steps is
#: a sub-heading ("Unité de vie"), not a step.
SUBHEADING_MAX_WORDS = 4


def is_rule(text: str) -> bool:
    """A table rule or empty table header (``|---|``, ``- | | |``, ``----<TAB>----``)."""
    t = text.strip()
    return bool(t) and not re.sub(r"[-|:\s]", "", t) and ("|" in t or "--" in t)


def _split_fragments(body: str) -> tuple[list[str], bool]:
    """``- ``-separated fragments of the content of one ``<ul>``, and whether it is glued."""
    glued = body[:1] == "-"
    body = body.strip()
    if glued:
        parts = re.split(r"(?:^|(?<=\S))-\s+", body)
    else:
        parts = re.split(r"(?:^|\s)-(?:\s+|$)", body)
    return [p.strip() for p in parts if p.strip()], glued


def dash_items(cell: str, join_after_acronym: re.Pattern | None = None) -> list[str]:
    """Items of an HTML list cell, as printed (markup other than the list kept).

    Text before the first ``<ul>`` is an item; sub-headings ``<u>…</u>`` are not items. In
    the spaced style, an acronym item followed by an item matching ``join_after_acronym``
    is kept whole ("DSDEN - Coordinatrice …").
    """
    cell = _SUBHEADING_HTML.sub(" ", cell)
    chunks = _UL.split(cell)
    out: list[str] = []
    head = chunks[0].strip().strip("|").strip()
    if head:
        out.append(head)
    for body in chunks[1:]:
        body = re.sub(r"</ul>", " ", body, flags=re.I).rstrip().rstrip("|")
        frags, glued = _split_fragments(body)
        if not glued and join_after_acronym is not None:
            merged: list[str] = []
            for frag in frags:
                if merged and _ACRONYM.match(merged[-1]) and join_after_acronym.match(frag):
                    merged[-1] = f"{merged[-1]} - {frag}"
                else:
                    merged.append(frag)
            frags = merged
        out.extend(frags)
    return out


def split_columns(lines: Lines) -> list[Lines]:
    """Lines of a field split into columns: markdown pipe rows by ``|``, TSV rows by tab;
    rules dropped, empty cells left out (a line without cells stays in column 1)."""
    cols: list[Lines] = [[]]
    for n, text in lines:
        if is_rule(text):
            continue
        if text.lstrip().startswith("|"):
            cells = text.strip()
            cells = cells[1:] if cells.startswith("|") else cells
            cells = cells[:-1] if cells.endswith("|") else cells
            parts = cells.split("|")
        elif "\t" in text:
            parts = text.split("\t")
        else:
            parts = [text]
        while len(cols) < len(parts):
            cols.append([])
        for i, part in enumerate(parts):
            if part.strip() or len(parts) == 1:
                cols[i].append((n, part))
    return cols


def itemize(lines: Lines, join_after_acronym: re.Pattern | None = None) -> Lines:
    """HTML dash-list cells rewritten as ``- item`` lines (same line number); a trailing
    ``|`` of other lines dropped."""
    out: Lines = []
    for n, text in lines:
        if _UL.search(text):
            out.extend((n, f"- {it}") for it in dash_items(text, join_after_acronym))
        else:
            out.append((n, text.rstrip().rstrip("|").rstrip() if text.rstrip().endswith("|") else text))
    return out


def has_text(lines: Lines) -> bool:
    return any(t.strip() for _, t in lines)


@dataclass
class Step:
    """A step of a year-step list: its year (None before any year), text, line, details."""

    year: int | None
    text: str
    line: int
    details: list[str] = field(default_factory=list)


def year_steps(
    lines: Lines,
    *,
    sub_item: re.Pattern | None = None,
    join_after_acronym: re.Pattern | None = None,
    before_year: Callable[[str, int], None] | None = None,
) -> tuple[list[Step], list[int]]:
    """Steps of a field scheduled by year, and the years printed (see the module doc).

    ``sub_item``: a second-level item marker (``o`` of ``- o text``); such an item is a
    detail of the step above it. ``before_year(text, line)`` is called for a step printed
    before any year (the step is kept with year None).
    """
    steps: list[Step] = []
    printed: list[int] = []
    year: int | None = None
    last: Step | None = None

    def add(text: str, line: int) -> Step | None:
        is_sub = sub_item is not None and sub_item.match(text.strip()) is not None
        text = text.strip()
        if sub_item is not None:
            text = sub_item.sub("", text, count=1) if is_sub else text
        text = clean_inline(text)
        if not text:
            return None
        if is_sub and steps:
            steps[-1].details.append(text)
            return steps[-1]
        if year is None and before_year is not None:
            before_year(text, line)
        step = Step(year, text, line)
        steps.append(step)
        return step

    for n, raw in lines:
        text = raw.rstrip()
        if not text.strip() or is_rule(text):
            continue
        m = _YEAR_ROW.match(text.strip())
        if m:
            year = int(m.group("year"))
            printed.append(year)
            rest = m.group("rest").strip()
            rest = rest[:-1].strip() if rest.endswith("|") else rest
            if _UL.search(rest) or _SUBHEADING_HTML.search(rest):
                items = dash_items(rest, join_after_acronym)
            else:
                items = [rest]
            last = None
            for it in items:
                last = add(re.sub(r"^-\s+", "", it), n) or last
            continue
        m = _YEAR_BULLET.match(text) or _YEAR_BARE.match(text)
        if m:
            year = int(m.group("year"))
            printed.append(year)
            last = add(m.groupdict().get("rest") or "", n)
            continue
        m = _BULLET.match(text)
        if m:
            body = m.group("text").rstrip()
            body = body[:-1] if body.endswith("|") else body
            last = add(body, n)
            continue
        plain = clean_inline(text)
        if len(plain.split()) <= SUBHEADING_MAX_WORDS and not re.search(r"[.;:,]$", plain):
            last = None  # a sub-heading ("Unité de vie"): not a step
        elif last is not None:
            last.text = f"{last.text} {plain}"
        else:
            last = add(plain, n)
    return steps, printed
