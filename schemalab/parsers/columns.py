"""A sheet's sidebar printed beside its text, read back one column after the other.

A designed plan prints a sheet as two columns: the narrative on the left (« Constat »,
« Objectifs », « Mise en œuvre », « Indicateurs »), a box of short facts on the right
(« Pilote », « Partenaires », « Calendrier », « Budget »). ``pdftotext -layout`` keeps them
side by side on the same lines, the right column starting at one character position:

    Constat                                                         Pilote
    Le nombre d'entretiens prénataux précoces réalisés par          Direction de l'enfance et de la
    femmes de PMI a diminué de 18 % entre 2019 et 2024. Les         famille – Service PMI
                                                                    Partenaires

:func:`side_columns` finds such a region (a label of the sheet's fields printed alone at a
position right of the margin, two spaces or more after any text on its left, and a second
label at the same position below), cuts each of its lines at that position, and gives the
right column's lines first, then the left column's: each field is then read as if printed
alone. A line right of the region's left part that is empty (a line holding only the right
column) gives no blank line to the left column, so a paragraph the right column cut goes on.
The right column comes first so that the left column's text continued on the next page
follows its own field.

Each line given back keeps the number of the raw line it was cut from (``origin``): the
tables' provenance stays the raw file's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Text on a line, then two spaces or more, then the text of a second column.
_GAP = re.compile(r"\S(\s{2,})(?=\S)")
#: The least position of a right column (a label indented less is a table's or a list's).
MIN_COLUMN = 30


def _right_start(line: str, col: int) -> int | None:
    """Where the right column's text starts on ``line`` for a column at ``col`` (one position
    either way), None when the line holds no text there or its left text runs into the gap."""
    for start in (col, col - 1, col + 1):
        if start < len(line) and line[start] != " " and (start == 0 or line[start - 1] == " "):
            left = line[:start]
            if not left.strip() or left.endswith("  "):
                return start
    return None


def _crosses(line: str, col: int) -> bool:
    """A line whose text runs across the column's position (a full-width line)."""
    return len(line) > col and line[col - 1 : col + 1].strip() != "" and _right_start(line, col) is None


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
            start = _right_start(line, col)
            if start is None:
                left.append((k + 1, line.rstrip()))
                continue
            right.append((k + 1, line[start:].strip()))
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
    gaps = list(_GAP.finditer(lines[i]))
    m = gaps[-1] if gaps else None  # the last gap on the line: the right column's
    line = lines[i]
    if m is not None:
        col = m.end(1)
    elif line.strip() and len(line) - len(line.lstrip()) >= MIN_COLUMN:
        col = len(line) - len(line.lstrip())  # the right column alone on this line
    else:
        return None
    if col < MIN_COLUMN or not is_label(line[col:].strip()):
        return None
    labels, last = 1, i
    k = i + 1
    while k < len(lines):
        text = lines[k]
        if stops(text) or _crosses(text, col):
            break
        start = _right_start(text, col)
        if start is not None and start >= MIN_COLUMN:
            last = k
            labels += is_label(text[start:].strip())
        k += 1
    return (last + 1, col) if labels >= 2 else None
