"""The ``layout: rows`` behaviours of configured parsers: actions printed as table rows.

Many schémas print their action plan not as one sheet per action but as synthesis
tables ("Plan d'actions", "Tableau de synthèse des actions"): one row per action, one
column per field (number, title, steps, pilot, partners, calendar, indicators, means).
:class:`ActionRowsLayout` reads them as sheets, so every later stage (actors, indicators,
steps, calendar, money) is the one every other plan goes through:

- the tables are the rows found between ``rows.start`` and ``rows.end`` in any markup
  (:func:`schemalab.extract.grid_rows`: markdown pipes, HTML ``<tr>`` rows, TSV lines),
  page headers and footers between two rows skipped;
- a **header row** is a row more than half of whose cells are labels mapped in
  ``headings`` (the same aliases as a sheet's labels, plus ``id`` for the number
  column and ``title`` for the action's title); it gives the field of each column until
  the next header row (a table printed again after a page break, or another table
  with other columns);
- an **axis row** is a row whose only text matches ``axes.pattern`` (``| **ORIENTATION
  2 – …** | | |``, cleaned of markup); an axis heading line matching it above a table
  does the same; an action belongs to the last axis above it;
- an **action row** starts a new action when its number cell is filled (an ``id``
  column), or its title cell starts with a number matching ``rows.id`` (groups ``id``
  and ``title``), or, in a table that prints no number (decided per table), when its
  title cell is filled (the action's number is then its position in the tables, said
  in the anatomy);
- a row right under a header row continues its labels when its cells are pieces of
  labels (``| … | prévisionnel |``), only those its first printing had when the header
  is printed again after a page break;
- any other row **continues** the action above (a TSV or pipe row wrapped by the
  conversion, or cut by a page break): its title cell continues the title, each other cell's items are more
  items of that column's field, and an item starting in lower case continues the
  last item (a phrase cut by the wrap);
- each cell is split into items as a label table's cell is (``<li>``, ``<p>``,
  ``<br>``, then ``split_items``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemalab.extract import ParseError, clean_inline, grid_rows, join_wrapped, spaced_tables_as_tsv
from schemalab.parsers.base import Document, Lines, ParseResult, Sheet, heading_key, record_heading
from schemalab.parsers.ocr_lines import continues_line

#: A list glyph or a step number at the start of a cell: a new item, never a wrap.
_LIST_START = re.compile(r"^\s*(?:[-–—•▪◦●►▶➤*]|\d{1,2}[.)]|[a-z][.)])\s+")

#: An amount cut at its column's width between its thousands (« … d'évaluateurs : 220 » /
#: « 000 € par an », a PDF's text in layout mode): one item.
_CUT_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}\n\d{3}(?:\s|$)")

#: Fields of a column that are not sheet fields: the action's number and title.
ROW_ONLY_FIELDS = ("id", "axis")


#: The unit a column's header gives its figures: « Budget (€) », « Coût (en k€) », « Montant en euros ».
_COLUMN_UNIT = re.compile(r"\(\s*(?:en\s+)?(k€|M€|€|euros?)\s*\)|\ben\s+(k€|M€|€|euros?)\s*$", re.I)
_BARE_NUMBER = re.compile(r"^\d[\d\s\u202f\u00a0.,]*$")
#: A column of money whose header names no unit (« Budget », « Coût estimé », « Montant »).
_MONEY_COLUMN = re.compile(r"(?i)\b(?:budgets?|co[uû]ts?|montants?|financements?|enveloppes?)\b")
#: A header naming a unit that is not money (« Budget (ETP) », « Coût en % »).
_OTHER_UNIT = re.compile(r"(?i)\betp\b|%|\bplaces?\b|\bnombre\b|\bheures?\b")


def with_column_unit(label: str | None, cell: str) -> str:
    """A cell holding a bare number under a header that gives its unit (``Budget (€)`` over
    ``240000``: a spreadsheet's number formatted as euros loses its € when converted) with
    the unit written after it (``240000 €``), so that it is read as money; any other cell
    as printed; under a money column naming no unit (``Budget``), a whole number of three
    digits or more is euros."""
    m = _COLUMN_UNIT.search(label or "")
    if not _BARE_NUMBER.match(cell.strip()):
        return cell
    if m is None:
        # a money column naming no unit (« Budget » over « 180000 », xlsx2csv of a cell
        # formatted in euros): a whole number of three digits or more is euros
        money = _MONEY_COLUMN.search(label or "") and not _OTHER_UNIT.search(label or "")
        return f"{cell.strip()} €" if money and re.fullmatch(r"\d{3,}", cell.strip()) else cell
    unit = m.group(1) or m.group(2)
    return f"{cell.strip()} {'€' if unit.lower().startswith('euro') else unit}"


#: A year printed alone in a cell (a column header), never an amount.
_YEAR_CELL = re.compile(r"^(?:19|20)\d\d$")


def unit_cells(lines: list[str]) -> dict[int, str]:
    """The TSV rows (a workbook's or a table's cells, one tab apart) whose bare numbers are
    money by their label, written with their unit (:func:`with_column_unit`), by 1-based line:

    - a row whose first cell names money (« Moyens / budget<TAB>180000<TAB>par an »,
      « Crédits départementaux (€)<TAB>250000<TAB>… »), and a row right under it whose first
      cell is empty (« <TAB>500<TAB>Allocation mensuelle … »: the same label, merged down);
    - a column whose header cell names money (« Axe<TAB>…<TAB>Budget prévisionnel 2026-2030 »
      over « Axe 1<TAB>…<TAB>950000 »), down to the table's end (a line with no tab).

    A cell holding a year alone (« 2026 ») is a column header, never read as an amount."""
    out: dict[int, str] = {}
    row_label: str | None = None
    columns: dict[int, str] = {}
    for i, line in enumerate(lines, start=1):
        cells = line.split("\t")
        if len(cells) < 2:
            row_label, columns = None, {}
            continue
        first = cells[0].strip()
        money_label = bool(first) and (
            (_MONEY_COLUMN.search(first) and not _OTHER_UNIT.search(first)) or _COLUMN_UNIT.search(first)
        )
        label = first if money_label else (row_label if not first else None)
        heads = {
            k: c.strip()
            for k, c in enumerate(cells)
            if k and _MONEY_COLUMN.search(c) and not _OTHER_UNIT.search(c) and not _BARE_NUMBER.match(c.strip())
        }
        if heads and not money_label and not any(_BARE_NUMBER.match(c.strip()) for c in cells if c.strip()):
            columns, row_label = heads, None
            continue
        new = list(cells)
        for k, c in enumerate(cells):
            if not k or _YEAR_CELL.match(c.strip()):
                continue
            under = label if label is not None else columns.get(k)
            if under is not None:
                new[k] = with_column_unit(under, c)
        if new != cells:
            out[i] = "\t".join(new)
        row_label = label
    return out


#: The first cell of a table's total row: « TOTAL », « Total général », « Sous-total axe 2 ».
_TOTAL_ROW = re.compile(r"(?i)^(?:sous-?\s*)?total(?:\s+(?:général|generale?|axe\b.*|orientation\b.*))?\s*:?$")


#: The fields an action keeps over the rows of its steps: a converter that drops the cells
#: merged down those rows (markitdown of a Word table) prints the rows below without them.
_ACTION_FIELDS = ("id", "title", "axis", "pilots", "partners")


def _short_row_labels(row, labels: list) -> list:
    """The column labels of a pipe row printed with fewer cells than its header (markitdown
    drops the cells merged down an action's rows: « | Déployer les visites … | 2026-2027 | »
    under « N° | Action | Étapes | Pilote | Partenaires | Échéance | Indicateur(s) », 19):
    its cells, in order, are the columns an action does not keep over its rows (steps, dates,
    indicators…); a row as wide as its header, or that fills none of them, keeps them all."""
    if row.markup != "pipe" or not labels or len(row.cells) >= len(labels):
        return labels
    own = [lab for lab in labels if lab[0] not in _ACTION_FIELDS]
    if not own or len(row.cells) > len(own):
        return labels
    return own


def _row_of_cells(text: str) -> bool:
    """A table row of two filled cells or more (tabs or pipes): an axis its pattern finds
    there is the row's axis cell, read by its column, not an axis line."""
    return len([c for c in re.split(r"\t|\|", text) if c.strip()]) >= 2


@dataclass(frozen=True)
class RowsSpec:
    """The compiled ``rows:`` block of a configuration (see the module docstring)."""

    start: re.Pattern
    end: re.Pattern | None
    id: re.Pattern | None


class ActionRowsLayout:
    """Sheets read from the rows of action tables (``layout: rows``)."""

    rows: RowsSpec

    # -- the section and its rows ---------------------------------------------------------
    def _rows_section(self, doc: Document) -> tuple[int, Lines]:
        bounds = doc.section(self.rows.start, self.rows.end)
        if bounds is None:
            raise ParseError(doc.source, None, f"a line matching `rows.start` {self.rows.start.pattern!r}")
        first, stop = bounds
        # no action row runs on into the review of the previous plan or the youth annex
        # printed after the table (their own `start` lines), as no sheet does
        for start in self._section_starts():
            found = [n for n, _ in doc.find(start, first + 1)]
            if found and found[0] < stop:
                stop = found[0]
        return first, self.unskipped(doc.span(first + 1, stop))

    def _header_labels(self, cells: list[str], line: int, source: str) -> list[tuple[str | None, str]] | None:
        """(field or None, label as printed) per column when the row is a header row of
        labels (at least two cells, more than half of them mapped); None otherwise. A row
        with two mapped labels or more but not a majority is an error: which columns the
        table has is unclear."""
        labels, known = self.mapped_labels(cells)
        if known >= 2 and 2 * known > len(cells):
            return labels
        if known >= 2:
            unknown = [t for c, t in labels if t and c is None]
            raise ParseError(
                source,
                line,
                f"a header row of labels (more than half mapped in `headings`); {known} of {len(cells)} "
                f"cells are: map {unknown} (to a field or to `ignore`)",
            )
        return None

    def _axis_row(self, texts: list[str]) -> re.Match | None:
        filled = [t for t in texts if t]
        if len(filled) != 1 or self._axes_pattern is None:
            return None
        return self._axes_pattern.match(filled[0])

    @staticmethod
    def _row_end(doc: Document, line: int, markup: str) -> int:
        """The line after the last line of a row (an HTML row runs to its ``</tr>``)."""
        if markup != "html":
            return line + 1
        for n in range(line, len(doc.lines) + 1):
            if re.search(r"</tr>", doc.line(n), re.I):
                return n + 1
        return line + 1

    def _read_tables(self, doc: Document) -> dict:
        """The action tables read once per document (``parse_axes`` and ``segment`` both
        need them): ``actions`` (number, title, axis, cells by field, lines, unknown
        columns) and ``axes`` (axis rows and axis column cells: line, id, title)."""
        cached = self.__dict__.get("_tables_read")
        if cached is not None and cached[0] is doc:
            return cached[1]
        first, lines = self._rows_section(doc)
        # axis lines anywhere above a row (the last one wins: a contents line the pattern
        # takes is further up than the heading printed over the table)
        # (a table row of several cells whose axis cell the pattern matches is read by its
        # column, not as an axis line: « Axe 1 – …<TAB>1.1<TAB>… »)
        axis_lines = (
            [
                (n, m.group("n"), clean_inline(m.group("title")))
                for n, m in doc.find(self._axes_pattern)
                if not _row_of_cells(doc.line(n))
            ]
            if self._axes_pattern
            else []
        )
        found: list[list] = []  # [line, id, title] of axis rows and axis column cells
        actions: list[dict] = []
        read = self._table_rows(doc, lines)
        numbered = self._numbered_tables(read)
        reported: set[tuple[int, str]] = set()  # (header line, unmapped label) reported
        for row, m, labels, header_line, table in read:
            first = next((t for t in (clean_inline(c) for c in row.cells) if t), "")
            if _TOTAL_ROW.match(first):
                continue  # a total row (« TOTAL », « Sous-total axe 1 »): no action, its amounts sums
            if m is not None:
                found.append([row.line, m.group("n"), clean_inline(m.group("title"))])
                continue
            row_labels = _short_row_labels(row, labels)
            cells = self._row_cells(row, row_labels)
            number, title, new = self._row_start(cells, labels, numbered[table])
            axis_cell = " ".join(clean_inline(c) for _, c in cells.get("axis", []))
            if axis_cell and new:
                found.append([row.line, *self._column_axis(axis_cell, axis_lines, found)])
            elif axis_cell and found and found[-1][0] in {a["start"] for a in actions[-1:]}:
                found[-1][2] = f"{found[-1][2]} {axis_cell}"  # the axis cell wraps onto this row
            axes = sorted([(n, a) for n, a, _ in axis_lines] + [(n, a) for n, a, _ in found])
            # (a row of its own cells only, the action's merged cells dropped, is a step of
            # its own, not the row above wrapped)
            unknown = self._read_row(doc, row, cells, (number, title, new), actions, axes, own=row_labels is not labels)
            # a column no label maps: reported once per header row, at that row
            actions[-1]["unknown"] += [(header_line, u) for u in unknown if (header_line, u) not in reported]
            reported |= {(header_line, u) for u in unknown}
        out = {"actions": actions, "axes": found}
        self.__dict__["_tables_read"] = (doc, out)
        return out

    def _table_rows(self, doc: Document, lines: Lines) -> list[tuple]:
        """The section's rows that are not header rows, each ``(row, axis match or None,
        labels, header line, table number)``. A header row gives the labels of the rows
        below; the row right under it continues its labels when every filled cell is a
        wrapped piece of a label (:meth:`_label_piece`: "prévisionnel" under
        "Calendrier"); under a header printed again after a page break, only the pieces
        its first printing had (the first row there may be an action's row wrapped by the
        break: "enfants exposés <br>• Réaliser …"). A header printed again (same labels,
        same markup) keeps its table's number; any other starts another table."""
        out: list[tuple] = []
        labels: list[tuple[str | None, str]] | None = None
        header_line, table, fresh, printed = 0, 0, False, ()
        wraps: dict[tuple, tuple | None] = {}  # header as printed → its wrapped pieces
        for row in grid_rows(self._spaced_as_tsv(lines)):
            texts = [clean_inline(c) for c in row.cells]
            if not any(texts):
                continue
            m = self._axis_row(texts)
            if m:
                out.append((row, m, labels, header_line, table))
                continue
            head = self._header_labels(row.cells, row.line, doc.source)
            if head is not None:
                key = (row.markup, *(t for _, t in head))
                if key != printed and key not in wraps:
                    table += 1
                labels, header_line, fresh, printed = head, row.line, True, key
                continue
            if labels is None and sum(1 for t in texts if t) == 1:
                continue  # a table's caption printed as its first row (a spreadsheet's title row)
            if labels is None:
                raise ParseError(
                    doc.source,
                    row.line,
                    "a header row of labels (its cells mapped in `headings`, with `id` and `title`) "
                    "above the first row of actions",
                )
            pieces = tuple(clean_inline(c, bullet=False) for c in row.cells)
            if fresh and (
                wraps.get(printed) == pieces
                if printed in wraps
                else all(self._label_piece(c) for c in row.cells if clean_inline(c))
            ):
                wraps[printed] = pieces
                labels = self._continued_labels(labels, row.cells)
                continue
            if fresh:
                wraps.setdefault(printed, None)
            fresh = False
            out.append((row, None, labels, header_line, table))
        return out

    def _spaced_as_tsv(self, lines: Lines) -> Lines:
        """``lines`` with a table aligned with spaces written as TSV rows
        (:func:`~schemalab.extract.spaced_tables_as_tsv`): its header a line of three labels or
        more mapped in ``headings`` (``id``, ``title`` and fields), an axis row a line
        ``axes.pattern`` matches. A line whose first column is empty then continues the action
        above, as a wrapped TSV row does."""

        def header(text: str):
            spaced = self._spaced_header(text)
            return [(at, label) for at, _, label in spaced] if spaced else None

        def axis(text: str) -> bool:
            return self._axes_pattern is not None and self._axes_pattern.match(text) is not None

        texts = spaced_tables_as_tsv([t for _, t in lines], header, axis)
        return [(n, t) for (n, _), t in zip(lines, texts, strict=True)]

    def _numbered_tables(self, read: list[tuple]) -> dict[int, bool]:
        """Per table, whether its actions are numbered: a number column, or a title cell
        ``rows.id`` matches. A table that prints no number (one of several, the others
        numbered) starts an action at each filled title cell, numbered in print order."""
        out: dict[int, bool] = {}
        for row, m, labels, _, table in read:
            if m is not None:
                continue
            has = any(f == "id" for f, _ in labels)
            if not has and self.rows.id is not None:
                title = " ".join(clean_inline(c) for _, c in self._row_cells(row, labels).get("title", []))
                has = bool(title) and self.rows.id.match(title) is not None
            out[table] = out.get(table, False) or has
        return out

    @staticmethod
    def _label_piece(cell: str) -> bool:
        """A cell of a header label wrapped onto the row below ("prévisionnel", "mise en
        œuvre", "(en €)"): one short phrase starting in lower case or with a bracket, no
        list, no second line."""
        if re.search(r"<br|<li|<p\b", cell, re.I):
            return False
        text = clean_inline(cell, bullet=False).rstrip(" :")
        return bool(re.match(r"[a-zà-öø-ÿœ(]", text)) and len(text.split()) <= 5 and not _LIST_START.match(text)

    def _column_axis(self, text: str, axis_lines: list, found: list) -> tuple[str, str]:
        """(id, title) of an axis printed in a column of its own: by ``axes.pattern``,
        else the axis line or cell of the same title, else the next number (the axes'
        print order; the plan prints none)."""
        m = self._axes_pattern.match(text) if self._axes_pattern is not None else None
        if m:
            return m.group("n"), clean_inline(m.group("title"))
        known = [(a, t) for _, a, t in axis_lines] + [(a, t) for _, a, t in found]
        for a, t in known:
            if heading_key(t) == heading_key(text):
                return a, t
        used = {a for a, _ in known}
        n = 1
        while str(n) in used:
            n += 1
        return str(n), text

    def _continued_labels(self, labels, cells: list[str]) -> list[tuple[str | None, str]]:
        """A header row's labels with the cells of the row below appended (a label wrapped
        over two rows): each joined label mapped again, its first part's field kept when
        the joined one is not mapped."""
        out = list(labels)
        for k, cell in enumerate(cells):
            piece = clean_inline(cell, bullet=False).rstrip(" :")
            if not piece:
                continue
            field, label = out[k] if k < len(out) else (None, "")
            joined = f"{label} {piece}".strip()
            out[k : k + 1] = [(self.canonical(joined) or field, joined)]
        return out

    @staticmethod
    def _row_cells(row, labels) -> dict:
        """The row's non-empty cells by their column's field: field → [(label, cell)]."""
        cells: dict = {}
        for k, cell in enumerate(row.cells):
            field, label = labels[k] if k < len(labels) else (None, "")
            if clean_inline(cell):
                cells.setdefault(field, []).append((label, cell))
        return cells

    def _row_start(self, cells: dict, labels, numbered: bool) -> tuple[str | None, str, bool]:
        """(number, title, whether the row starts an action): a filled number cell, a
        title starting with a number matching ``rows.id``, or, when the table prints no
        number (``numbered`` false: :meth:`_numbered_tables`), a filled title cell."""
        number = " ".join(clean_inline(c) for _, c in cells.get("id", [])) or None
        title = " ".join(clean_inline(c) for _, c in cells.get("title", []))
        if number is None and title and self.rows.id is not None:
            m = self.rows.id.match(title)
            if m:
                number, title = m.group("id"), clean_inline(m.group("title"))
        return number, title, (number is not None if numbered else bool(title))

    def _read_row(
        self, doc: Document, row, cells: dict, start, actions: list[dict], axes, own: bool = False
    ) -> list[str]:
        """The row read into a new action or the one above; returns the labels of the
        unmapped columns it fills."""
        number, title, new = start
        end = self._row_end(doc, row.line, row.markup)
        if new:
            above = [a for n, a in axes if n <= row.line]
            actions.append(
                {
                    "id": number or str(len(actions) + 1),
                    "title": title,
                    "axis": above[-1] if above else None,
                    "start": row.line,
                    "end": end,
                    "pieces": {},
                    "headings": {},
                    "unknown": [],
                }
            )
        elif not actions:
            raise ParseError(
                doc.source,
                row.line,
                "an action row (a number in its `id` cell, a title matching `rows.id`, or a title) "
                "before this row, which continues none",
            )
        else:
            actions[-1]["title"] = f"{actions[-1]['title']} {title}".strip()
            actions[-1]["end"] = end
        act = actions[-1]
        unknown = [label or clean_inline(cell)[:60] for label, cell in cells.get(None, [])]
        for field, printed in cells.items():
            if field in (None, "ignore"):
                # read for their amounts only (every amount the row prints is the action's)
                act["pieces"].setdefault("_other", []).extend(
                    (row.line, cell, not new and not own) for _, cell in printed
                )
            if field in (None, "id", "title", "axis", "ignore"):
                continue
            act["headings"].setdefault(field, printed[0][0])
            act["pieces"].setdefault(field, []).extend(
                (row.line, with_column_unit(label, cell), not new and not own) for label, cell in printed
            )
        return unknown

    def _split_here(self, field: str) -> bool:
        return any(fields is None or field in fields for _, fields in self._split_rules)

    def _field_lines(self, field: str, pieces: list[tuple[int, str, bool]]) -> Lines:
        """A column's cells over an action's rows as the field's items. A cell's own
        items (``<li>``, ``<p>``, ``<br>``) stay apart; the first item of a cell on a
        continuation row (a row wrapped by the conversion) continues the last item above
        unless it starts with a list glyph or number (an amount cut between its thousands,
        « 220 » / « 000 € par an », goes on), and, in a field without
        ``split_items``, unless it also starts in upper case after a line that ends
        closed (:func:`schemalab.parsers.cell_lists` reads wrapped columns the same way):
        in a field with ``split_items``, the separators alone cut, as across the lines of
        a wrapped inline value (``Agence régionale de santé ; Association`` / ``Les
        Peupliers`` → two items)."""
        from schemalab.parsers.configurable import cell_items

        items: list[list] = []
        for n, cell, continues in pieces:
            found = cell_items(cell)
            if not found:
                continue
            first = found[0]
            glyph = _LIST_START.match(clean_inline(cell, bullet=False)) is not None
            if continues and items and not glyph:
                prev = items[-1][1]
                if self._split_here(field) or continues_line(prev, first) or _CUT_NUMBER.search(f"{prev}\n{first}"):
                    items[-1][1] = join_wrapped(prev, first)
                    found = found[1:]
            items += [[n, t] for t in found]
        return [
            (n, t if t.startswith("- ") else f"- {t}")
            for n, item in items
            for _, t in self._value_lines(n, item, field)
        ]

    # -- the layout's hooks ---------------------------------------------------------------
    def segment(self, doc: Document) -> list[Sheet]:
        sheets = []
        for act in self._read_tables(doc)["actions"]:
            if not act["title"]:
                raise ParseError(doc.source, act["start"], f"a title for action {act['id']} (its `title` cell)")
            sheet = Sheet(action_id=act["id"], start=act["start"], end=act["end"], title=act["title"])
            sheet.axis_id = act["axis"]
            sheet.extra["row"] = act
            sheets.append(sheet)
        return sheets

    def parse_axes(self, doc: Document) -> list[dict]:
        """Axis heading lines (``axes.pattern``), then the axes the tables print (axis
        rows, an axis column) not printed as a line too (first occurrence per number)."""
        axes = [a for a in super().parse_axes(doc) if not _row_of_cells(doc.line(a["first_line"]))]
        have = {a["axis_id"] for a in axes}
        for line, num, title in self._read_tables(doc)["axes"]:
            if num not in have:
                have.add(num)
                axes.append(
                    {
                        "plan_id": self.plan_id,
                        "axis_id": num,
                        "position": int(num) if num.isdigit() else len(axes) + 1,
                        "title": title,
                        "first_line": line,
                    }
                )
        return sorted(axes, key=lambda a: a["first_line"])

    def split_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> dict[str, Lines]:
        act = sheet.extra["row"]
        res.unknown_headings.extend(act["unknown"])
        for field, label in act["headings"].items():
            record_heading(sheet, field, label)
        return {field: self._field_lines(field, pieces) for field, pieces in act["pieces"].items() if field != "_other"}

    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        """Title and axis come from the row (:meth:`segment`)."""

    def extract_budget(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Every euro amount the row prints, in any column, read on its cell's item as
        joined over the continuation rows (so its context is the whole phrase, not the
        piece a wrap left on one line); the title cell too; ``amount_years: sentence``
        dates an amount by the one year its item names."""
        act = sheet.extra["row"]
        dated = self.config.get("amount_years") == "sentence"
        texts = [(sheet.start, sheet.title)]
        for field, pieces in act["pieces"].items():
            texts += self._field_lines(field if field != "_other" else "ignore", pieces)
        for n, text in sorted(texts, key=lambda x: x[0]):
            item = clean_inline(text)
            self.add_amounts(
                res, item, n, sheet.action_id, year_from_sentence=dated, rule_for=self.amount_scope_rule(doc, n, item)
            )

    def last_line(self, doc: Document, sheet: Sheet) -> int:
        """The row's last line (an HTML row's ``</tr>``, a wrapped row's last continuation)."""
        return sheet.end - 1


def compile_rows(path, spec, regex, optional_regex, error) -> RowsSpec:
    """The ``rows:`` block checked and compiled (``regex`` / ``optional_regex`` compile a
    key's pattern and name the key on error; ``error`` builds the configuration error)."""
    if not isinstance(spec, dict) or not spec.get("start"):
        raise error(f"{path}: `layout: rows` needs a `rows:` block with `start` (the line the tables follow)", "rows")
    unknown = set(spec) - {"start", "end", "id"}
    if unknown:
        raise error(f"{path}: unknown keys in `rows`: {sorted(unknown)}; known: end, id, start", "rows")
    ident = optional_regex(path, "rows.id", spec.get("id"))
    if ident is not None and not {"id", "title"} <= set(ident.groupindex):
        raise error(f"{path}: `rows.id` needs groups (?P<id>…) and (?P<title>…)", "rows.id")
    return RowsSpec(
        start=regex(path, "rows.start", spec["start"]), end=optional_regex(path, "rows.end", spec.get("end")), id=ident
    )
