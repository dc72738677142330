"""A sheet's sidebar printed beside its text, read back one column after the other.

A designed plan prints a sheet as two columns: the narrative on the left (« Constat »,
« Objectifs », « Mise en œuvre », « Indicateurs »), a box of short facts on the right
(« Pilote », « Partenaires », « Calendrier », « Budget »). ``pdftotext -layout`` keeps them
side by side on the same lines, the right column starting at one character position:

    Constat                                                         Pilote
    Le nombre d'entretiens prénataux précoces réalisés par          Direction de l'enfance et de la
    femmes de PMI a diminué de 18 % entre 2019 et 2024. Les         famille – Service PMI
                                                                    Partenaires

:func:`side_columns` finds such a region (a label of the sheet's fields at a position right
of the margin, two spaces or more after any text on its left, alone or before its value, and
a second label within a few characters of it below), cuts each of its lines at that position,
and gives the right column's lines first, then the left column's: each field is then read as
if printed alone. The same reads a Word form of two label | value pairs a row (« Pilote  …
Calendrier  2026-2027 », plan 28), its right pair's labels placed a character or two apart
from row to row. A line right of the region's left part that is empty (a line holding only the right
column) gives no blank line to the left column, so a paragraph the right column cut goes on.
The right column comes first so that the left column's text continued on the next page
follows its own field.

Each line given back keeps the number of the raw line it was cut from (``origin``): the
tables' provenance stays the raw file's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from schemalab.extract import SPACE_CELL

#: Text on a line, then two spaces or more, then the text of a second column.
_GAP = re.compile(r"\S(\s{2,})(?=\S)")
#: The least position of a right column (a label indented less is a table's or a list's).
MIN_COLUMN = 30


#: How far a right column's labels may stand from one another (pdftotext places each table
#: row's cells by their own widths: « Calendrier » at 53, « Coût estimé » at 55).
SLACK = 3


def _right_start(line: str, col: int, is_label=None) -> int | None:
    """Where the right column's text starts on ``line`` for a column at ``col``: the first
    text at or after ``col - SLACK`` two spaces or more after any text on its left (a value
    wrapped in the right column may start further right; the left column's text may run
    into the slack, its last word ending two spaces before the right column's, within
    ``col + SLACK``); None when the line holds no text there or its left text runs on."""
    lo = max(col - SLACK, 1)
    if len(line.rstrip()) <= lo:
        return None
    if is_label is not None:
        found = _right_start(line, col)
        if found is not None:
            return found
        # a label one space after the left column's text (« … de la Plaine-de- Coût estimé »):
        # the label, at the column, cuts the line
        return next(
            (
                p
                for p in range(lo, min(col + SLACK + 1, len(line)))
                if line[p - 1] == " " and line[p] != " " and line[:p].strip() and _label_at(line[p:], is_label)
            ),
            None,
        )
    k = lo
    if line[lo - 1] != " ":
        while k < len(line) and line[k] != " ":
            k += 1  # the left column's last word, run into the slack
    while k < len(line) and line[k] == " ":
        k += 1
    if k >= len(line):
        return None
    left = line[:k]
    if left.strip() and (len(left.rstrip()) > k - 2 or (line[lo - 1] != " " and k > col + SLACK)):
        return None
    return k


def _label_at(text: str, is_label) -> bool:
    """The right column's text opens with a label: alone, or before its value two spaces or
    more apart (« Calendrier       2026-2028 »)."""
    return is_label(re.split(r"\s{2,}", text.strip(), maxsplit=1)[0])


def _crosses(line: str, col: int, is_label=None) -> bool:
    """A line whose text runs across the column's position (a full-width line)."""
    return (
        len(line.rstrip()) > col
        and _right_start(line, col, is_label) is None
        and line[: max(col - SLACK, 1)].strip() != ""
    )


def side_columns(
    lines: list[str], is_label: Callable[[str], bool], stops: Callable[[str], bool]
) -> tuple[list[str], list[int]] | None:
    """``lines`` with every sidebar region read column by column, and for each line given back
    the 1-based number of the line it comes from; None when no region is found.

    ``is_label(text)``: a field label of the sheets; ``stops(text)``: a line no region goes past
    (a sheet's start, a boundary). A region starts on a line whose right part is a label alone
    (its left part blank or ending two spaces before it), at a position of at least
    :data:`MIN_COLUMN`, and holds a second label at the same position; it ends before a line that
    crosses the column or a stop line, after its last line with text in the right column."""
    out: list[str] = []
    origin: list[int] = []
    found = False
    i = 0
    while i < len(lines):
        banner = _banner(lines, i, is_label, stops)
        cards = None if banner is not None else _cards(lines, i)
        if banner is not None or cards is not None:
            end, cols = banner or cards
            found = True
            for k, cell in enumerate(_by_column(lines, i, end, cols)):
                if cards is not None and k:
                    out.append("")  # a figure's card ends where the next one starts
                    origin.append(cell[0][0] if cell else i + 1)
                for n, text in cell:
                    out.append(text)
                    origin.append(n)
            i = end
            continue
        region = _region(lines, i, is_label, stops)
        if region is None:
            out.append(lines[i])
            origin.append(i + 1)
            i += 1
            continue
        end, col = region
        found = True
        right: list[tuple[int, str]] = []
        left: list[tuple[int, str]] = []
        for k in range(i, end):
            line = lines[k]
            start = _right_start(line, col, is_label)
            if start is None:
                left.append((k + 1, line.rstrip()))
                continue
            # a value wrapped in the right column keeps its indentation from the column
            right.append((k + 1, " " * max(0, start - col) + line[start:].rstrip()))
            if line[:start].strip():
                left.append((k + 1, line[:start].rstrip()))
        for n, text in [*right, (i + 1, ""), *left]:
            out.append(text)
            origin.append(n)
        i = end
    return (out, origin) if found else None


def _region(lines: list[str], i: int, is_label, stops) -> tuple[int, int] | None:
    """``(end, column)`` of a sidebar region starting on line ``i`` (0-based; ``end``
    exclusive), or None."""
    line = lines[i]
    runs = _chunks(line)
    if len(runs) >= 3 and all(is_label(t) for _s, t in runs):
        return None  # a table's header row of labels (« Actions   Pilote   Échéance   Indicateur »)
    starts = [m.end(1) for m in _GAP.finditer(line) if m.end(1) >= MIN_COLUMN]
    if not starts and line.strip() and len(line) - len(line.lstrip()) >= MIN_COLUMN:
        starts = [len(line) - len(line.lstrip())]  # the right column alone on this line
    col = next((c for c in starts if _label_at(line[c:], is_label)), None)
    if col is None:
        return None
    labels, last = 1, i
    k = i + 1
    while k < len(lines):
        text = lines[k]
        if stops(text) or _crosses(text, col, is_label):
            break
        start = _right_start(text, col, is_label)
        if start is not None:
            last = k
            labels += start <= col + SLACK and _label_at(text[start:], is_label)
        k += 1
    return (last + 1, col) if labels >= 2 else None


#: A cell opening with its label before a colon (« Échéance : 2028 »).
_INLINE = re.compile(r"^(?P<label>[^:]{2,40}?)\s*:\s*\S")


def _chunks(line: str) -> list[tuple[int, str]]:
    """The texts of ``line`` two spaces or more apart, with their positions."""
    return [(m.start(), m.group()) for m in SPACE_CELL.finditer(line)]


def _by_column(lines: list[str], i: int, end: int, cols: list[int]) -> list[list[tuple[int, str]]]:
    """The texts of lines ``i`` to ``end`` (0-based, end excluded) by the column each starts in
    (at most :data:`SLACK` characters left of it), with their 1-based line numbers."""
    cells: list[list[tuple[int, str]]] = [[] for _ in cols]
    for k in range(i, end):
        for start, text in _chunks(lines[k]):
            j = max(c for c in range(len(cols)) if c == 0 or cols[c] - SLACK <= start)
            cells[j].append((k + 1, text))
    return cells


def _across(lines: list[str], k: int, cols: list[int]) -> bool:
    """Line ``k``'s text runs across the position of a column after the first."""
    return any(any(s < c - SLACK < s + len(t) for c in cols[1:]) for s, t in _chunks(lines[k]))


#: A key figure alone in its cell (« 2 140 », « 98,6 M€ », « 61 % », « 212 € »).
_FIGURE = re.compile(r"^[+-]?\d[\d\u202f\u00a0 ]*(?:[,.]\d+)?\s*(?:%|€|k€|M€|Md€|millions?(?: d['’]euros)?)?$")


def _cards(lines: list[str], i: int) -> tuple[int, list[int]] | None:
    """``(end, columns)`` of a row of key figures printed side by side, each over its caption
    (« 98,6 M€          212 € » / « consacrés à l'enfance …     prix de journée moyen … »): two
    figures or more alone in their cells on line ``i``, their captions on the lines below at
    the same positions, down to a blank line or a line across the columns. Read card after
    card, each figure is followed by its own caption."""
    chunks = _chunks(lines[i])
    if len(chunks) < 2 or not all(_FIGURE.match(t) for _s, t in chunks):
        return None
    if all(re.fullmatch(r"(?:19|20)\d\d", t) for _s, t in chunks):
        return None  # a grid's header of years
    captions = [t for k in range(i + 1, min(i + 3, len(lines))) for _s, t in _chunks(lines[k])]
    if not captions or not all(re.search(r"[^\W\d_]{3,}", t) for t in captions):
        return None  # cards are captioned in words (a grid's rows print marks or figures)
    cols = [s for s, _ in chunks]
    k = i + 1
    while k < len(lines) and lines[k].strip() and not _across(lines, k, cols):
        k += 1
    return (k, cols) if k > i + 1 else None


def _banner(lines: list[str], i: int, is_label, stops) -> tuple[int, list[int]] | None:
    """``(end, columns)`` of a banner starting on line ``i``: a row of two cells or more side
    by side, each opening with a label before a colon (two of them the sheets' field labels) (« Pilote : Direction de l'enfance
    et   Échéance : 2028   Coût : 45 000 € par an »), its values wrapped in their cells on the
    lines below, down to a blank line, a stop line or a line whose text runs across a cell's
    position. Read cell after cell, each cell is a label and its value printed alone."""
    chunks = _chunks(lines[i])
    inline = [m for _s, t in chunks if (m := _INLINE.match(t)) and len(m.group("label").split()) <= 4]
    known = sum(is_label(m.group("label")) for m in inline)
    if len(chunks) < 2 or len(inline) != len(chunks) or known < 2 or stops(lines[i]):
        return None
    cols = [s for s, _ in chunks]
    k = i + 1
    while k < len(lines) and lines[k].strip() and not stops(lines[k]) and not _across(lines, k, cols):
        k += 1
    return k, cols
