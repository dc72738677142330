"""The ``layout: table`` behaviours of configured parsers: one table per sheet.

Some plans print each action sheet as a single table that the PDF conversion turned
into **TSV lines whose cells hold inline HTML**: the field label in cell 0 (``Objectifs``,
``Pilotage et suivi``…), its content in the next cells, continuation rows with an empty
cell 0, lists inline (``<ul> ➤ … → … • …``), sometimes the same table also printed as a
``<table>`` cell, and a semester Gantt (years row, ``S1 S2`` row, rows of ``X``).
:class:`TableRowsLayout` reads that layout; everything specific to one plan (labels,
glyphs, column of each actor role, kind markers, splitting rules) comes from the
``table:`` block of its YAML file, compiled into a :class:`TableSpec`.

Behaviours (each switched on by its key, see :mod:`schemalab.parsers.configurable`):

- rows → fields by the label of cell 0 (``headings:``); a label shifted to cell 1 when
  cell 0 is empty (``label_in_next_cell``); an unlabelled row after a given field read
  as another field (``unlabelled_row_after``), both warned;
- a ``<table>`` cell, and the flattened copy printed after it on the same line, are set
  aside: the TSV rows are the record, the table cross-checks them and is used only
  when a field has no TSV row;
- actors by column of the actors row (``actors``), with the header words dropped and a
  split rule for cells whose bullets were lost;
- indicators switched to a kind by inline markers (``kind_marker``);
- sub-actions: the lead text of the items of a given rank (``sub_actions``);
- a semester Gantt read by position (``gantt``): the first-year column comes from the
  header rows (which may sit at the end of another row, or be missing: then the years
  of the nearest Gantt header in the plan are used, warned).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from schemalab.extract import (
    Item,
    ParseError,
    clean_inline,
    html_table_rows,
    inline_tokens,
    semester_row,
    strip_html,
    year_header,
)
from schemalab.parsers.base import Document, Lines, ParseResult, Sheet, heading_key, record_heading


@dataclass(frozen=True)
class ActorColumn:
    """One actor role read from a column of the actors row."""

    field: str  # pilots | partners
    cell: int  # index of the cell, the label cell being 0
    header: re.Pattern | None  # header words printed at the top of the cell, dropped


@dataclass(frozen=True)
class TableSpec:
    """The compiled ``table:`` block of a configuration (see the module docstring)."""

    glyphs: dict[str, int]
    label_in_next_cell: bool = False
    unlabelled_row_after: dict[str, str] = field(default_factory=dict)
    label_max: int = 40
    kind_marker: re.Pattern | None = None
    actors_row: str | None = None
    actor_columns: tuple[ActorColumn, ...] = ()
    actor_item_glyph: str | None = None
    actor_split: re.Pattern | None = None
    sub_rank: int = 1
    sub_italic_title: bool = False
    sub_cut: re.Pattern | None = None
    sub_split_without_glyph: re.Pattern | None = None
    gantt_row: str | None = None
    gantt_mark: str = "X"


class TableRowsLayout:
    """Mixin of a configured parser whose sheets are TSV table rows (``layout: table``)."""

    table: TableSpec

    # -- segmentation ------------------------------------------------------------------
    def _label(self, cell: str) -> str | None:
        return self.canonical(cell) if cell.strip() else None

    def starts_field(self, text: str) -> bool:
        """The line is a labelled field row (label in cell 0, or shifted to cell 1)."""
        cells = text.split("\t")
        return bool(
            self._label(cells[0]) or (self.table.label_in_next_cell and len(cells) > 1 and self._label(cells[1]))
        )

    # -- fields -----------------------------------------------------------------------
    def split_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> dict[str, Lines]:
        """Rows → fields (label cell 0), Gantt rows and header, set-aside HTML tables."""
        spec = self.table
        rows: dict[str, list[tuple[int, list[str]]]] = {}
        gantt: list[tuple[int, list[str]]] = []
        tables: list[tuple[int, str, str]] = []  # (line, field, html)
        header: tuple[int, list[int]] | None = None
        current = "_head"
        for n, text in doc.span(sheet.start + 1, sheet.end):
            if not text.strip() or any(p.search(text) for p in self.skip_patterns):
                continue
            if any(p.search(text) for p in self.stop_patterns):
                current = "_after"
                continue
            cells = text.split("\t")
            # A <table> cell, and its flattened copy after it, are set aside.
            t = next((i for i, c in enumerate(cells) if "<table" in c), None)
            table_html = None
            if t is not None:
                # a table opening the line leaves no cell before it: an empty label cell
                table_html, cells = cells[t], cells[:t] or [""]
            if spec.gantt_row:
                # A year row, alone or at the end of another row.
                yh = year_header(cells)
                if yh is not None:
                    header = yh
                    cells = cells[: yh[0]]
                s1 = semester_row(cells)
                if s1 is not None:
                    if header is None or header[0] != s1:
                        header = (s1, header[1] if header else [])
                    continue
                if not cells:  # a year row alone on its line (found by fuzzing: an IndexError)
                    continue
            canon = self._label(cells[0])
            content = cells
            if canon:
                content = cells[1:]
                record_heading(sheet, canon, strip_html(cells[0]))
            elif spec.label_in_next_cell and not cells[0].strip() and len(cells) > 1 and self._label(cells[1]):
                canon = self._label(cells[1])
                content = cells[2:]
                record_heading(sheet, canon, strip_html(cells[1]))
                res.warn(n, f"sheet {sheet.action_id}: label {clean_inline(cells[1])!r} shifted to cell 1")
            elif not cells[0].strip() and current in spec.unlabelled_row_after and rows.get(current):
                canon = spec.unlabelled_row_after[current]
                res.warn(n, f"sheet {sheet.action_id}: unlabelled row after {current} read as {canon}")
            elif cells[0].strip() and current != spec.gantt_row:
                label = clean_inline(cells[0])
                marker = spec.kind_marker.match(cells[0].strip()) if spec.kind_marker else None
                if len(label) <= spec.label_max and "<ul" not in cells[0] and not marker:
                    res.unknown_headings.append((n, label))
            if canon:
                current = canon
                rows.setdefault(current, [])
            if table_html is not None:
                is_gantt = spec.gantt_row is not None and (
                    bool(re.search(r">\s*S1\s*<", table_html)) or current == spec.gantt_row
                )
                tables.append((n, spec.gantt_row if is_gantt else current, table_html))
            if current == spec.gantt_row:
                if any(c.strip() for c in content):
                    gantt.append((n, cells))
                continue
            if current == spec.actors_row:
                rows[current].append((n, cells))  # read by column: the label cell is kept
            elif any(c.strip() for c in content):
                rows.setdefault(current, []).append((n, content))
        sheet.extra.update(gantt=gantt, gantt_header=header, tables=tables)
        return self._fields(sheet, rows, res)

    def _fields(self, sheet: Sheet, rows: dict, res: ParseResult) -> dict[str, Lines]:
        """Canonical fields as ``(line, cell html)`` lines, actors and indicator kinds split."""
        spec = self.table
        fields: dict[str, Lines] = {}
        for name, rs in rows.items():
            if name == spec.actors_row or (name == "indicators" and spec.kind_marker):
                continue
            fields[name] = [(n, c) for n, cells in rs for c in cells if c.strip()]
        if spec.actors_row in rows:
            for col in spec.actor_columns:
                fields[col.field] = []
            for n, cells in rows[spec.actors_row]:
                for col in spec.actor_columns:
                    cell = cells[col.cell] if len(cells) > col.cell else ""
                    if col.header is not None:
                        cell = col.header.sub("", cell)
                    fields[col.field].extend((n, name) for name in self._actor_names(cell))
        if "indicators" in rows and spec.kind_marker:
            fields.update(self._indicator_fields(sheet, rows["indicators"], res))
        if spec.gantt_row:
            calendar = fields.setdefault(spec.gantt_row, [])
            calendar.extend((n, "\t".join(cells)) for n, cells in sheet.extra["gantt"])
        return fields

    def _actor_names(self, cell: str) -> list[str]:
        """Actors of one cell: bullet items, ``<p>`` paragraphs, else the split rule."""
        spec = self.table
        names = []
        for _rank, part in inline_tokens(cell, spec.glyphs):
            text = clean_inline(strip_html(part), bullet=False)
            if not text:
                continue
            if spec.actor_item_glyph and spec.actor_item_glyph in cell:
                names.append(text)
            elif spec.actor_split is not None:
                names.extend(p for p in spec.actor_split.split(text) if p.strip())
            else:
                names.append(text)
        return names

    def _indicator_fields(self, sheet: Sheet, rs, res: ParseResult) -> dict[str, Lines]:
        """The cells in order; a kind marker (``Réalisation :``) switches the kind."""
        out: dict[str, Lines] = {"indicators_realisation": [], "indicators_impact": [], "indicators": []}
        for n, cells in rs:
            kind = "indicators"
            for cell in cells:
                pieces = self.table.kind_marker.split(cell)
                for i, piece in enumerate(pieces):
                    if i % 2 == 1:
                        kind = f"indicators_{res.vocab('indicator_kind', heading_key(piece).lower(), n)}"
                        row = sheet.extra.get("headings", {}).get("indicators", "")
                        record_heading(sheet, kind, f"{row} – {clean_inline(piece)}" if row else piece)
                    elif clean_inline(piece, bullet=False):
                        out[kind].append((n, piece))
        if out["indicators"]:
            res.warn(out["indicators"][0][0], f"sheet {sheet.action_id}: indicator text before any kind marker")
        return out  # "indicators" stays (maybe empty): the row was printed

    # -- items ------------------------------------------------------------------------
    def items(self, lines: Lines) -> list[Item]:
        """Inline list items: top level is the highest glyph rank present; paragraphs
        and loose leading text are items too; deeper glyphs nest under the last item."""
        out: list[Item] = []
        for n, frag in lines:
            toks = inline_tokens(frag, self.table.glyphs)
            ranks = [r for r, _ in toks if r]
            top = min(ranks) if ranks else None
            for rank, part in toks:
                text = clean_inline(part, bullet=False)
                raw = re.sub(r"\s+", " ", html.unescape(strip_html(part))).strip()
                if rank is not None and rank != 0 and top is not None and rank > top and out:
                    out[-1].children.append(Item(text, n, raw=raw))
                else:
                    out.append(Item(text, n, raw=raw))
        return out

    def text_of(self, lines: Lines) -> str | None:
        """A free-text field: one item per line (nested items after their parent)."""
        return "\n".join(it.full_text for it in self.items(lines)) or None

    def sub_action_items(self, sheet: Sheet) -> list[Item]:
        """The lead texts of the items of rank ``sub_actions.rank`` across the field's rows."""
        spec = self.table
        lines = sheet.fields.get("sub_actions", [])
        out: list[Item] = []
        for n, frag in lines:
            for rank, part in inline_tokens(frag, spec.glyphs):
                if rank == spec.sub_rank:
                    out.append(Item(self._lead(part), n, raw=part.strip()))
                elif rank is not None and rank > spec.sub_rank and out:
                    # A deeper item ("→", "•") printed under the step: its details.
                    out[-1].children.append(Item(clean_inline(part, bullet=False), n, raw=part.strip()))
        if not out and lines and spec.sub_split_without_glyph is not None:
            # Every glyph lost: the loose list text before the first glyph, split by rule.
            n, frag = lines[0]
            loose = [part for rank, part in inline_tokens(frag, spec.glyphs) if rank is None]
            if loose:
                text = clean_inline(loose[0], bullet=False)
                out = [Item(t, n, raw=t) for t in spec.sub_split_without_glyph.split(text) if t.strip()]
        return out

    def _lead(self, part: str) -> str:
        """An item's title: up to a nested list, an italic title before a sentence
        (``sub_actions.italic_title``), or the ``sub_actions.cut`` pattern."""
        part = re.split(r"<ul\b", part)[0]
        if self.table.sub_italic_title:
            m = re.match(r"\s*<i>(.*?)</i>(.*)$", part, flags=re.S)
            if m and clean_inline(m.group(2), bullet=False) and not clean_inline(m.group(2)).startswith("("):
                part = m.group(1)
        if self.table.sub_cut is not None:
            part = self.table.sub_cut.split(part)[0]
        return clean_inline(part, bullet=False)

    # -- calendar ---------------------------------------------------------------------
    def extract_calendar(self, doc: Document, sheet: Sheet, res: ParseResult) -> str:
        """One row per (Gantt row label, year, semester) marked, read by position."""
        spec = self.table
        if spec.gantt_row is None:
            return super().extract_calendar(doc, sheet, res)
        header = sheet.extra.get("gantt_header")
        if header is None or not header[1]:
            years = self._previous_years(doc, sheet)
            res.warn(sheet.start, f"sheet {sheet.action_id}: Gantt without year/semester header; {years} assumed")
            header = (header[0] if header else None, years)
        offset, years = header
        width = 2 * len(years)
        tsv = []
        for n, cells in sheet.extra.get("gantt", []):
            o = offset
            if o is None:  # no header row: the label is cell 1 when cell 0 is the field label
                o = 2 if len(cells) > 2 and cells[1].strip() not in ("", spec.gantt_mark) else 1
            label = clean_inline(cells[o - 1]) if 1 <= o <= len(cells) else ""
            marks = [c.strip() for c in (cells[o : o + width] + [""] * width)[:width]]
            rest = [c for c in cells[o + width :] if c.strip()]
            if not label or any(m not in ("", spec.gantt_mark) for m in marks) or rest:
                msg = f"a Gantt row (label and {width} cells {spec.gantt_mark}/empty) in sheet {sheet.action_id}"
                if res.strict:
                    raise ParseError(doc.source, n, msg)
                res.warn(n, f"not {msg}: {cells!r}")
                continue
            tsv.append((n, label, marks))
        html_rows = []
        for n, fname, table_html in sheet.extra.get("tables", []):
            if fname != spec.gantt_row:
                continue
            for tds in html_table_rows(table_html):
                tail = [clean_inline(c) for c in tds[-(width + 1) :]]
                if len(tail) == width + 1 and tail[0] and all(x in ("", spec.gantt_mark) for x in tail[1:]):
                    html_rows.append((n, tail[0], tail[1:]))
        if html_rows and tsv:
            a = {(lab, tuple(m)) for _, lab, m in tsv}
            b = {(lab, tuple(m)) for _, lab, m in html_rows}
            if a != b:
                res.warn(html_rows[0][0], f"sheet {sheet.action_id}: HTML Gantt and TSV rows disagree")
        rows = tsv or html_rows
        subs = len(self.sub_action_items(sheet))
        if rows and subs != len(rows):
            res.warn(sheet.start, f"sheet {sheet.action_id}: {subs} sub-actions but {len(rows)} Gantt rows")
        found = False
        for n, label, marks in rows:
            for k, mark in enumerate(marks):
                if mark == spec.gantt_mark:
                    found = True
                    self.add_calendar(
                        res, sheet.action_id, years[k // 2], source="gantt", line=n, semester=k % 2 + 1, label=label
                    )
        return "explicit" if found else self.calendar_when_empty

    def _previous_years(self, doc: Document, sheet: Sheet) -> list[int]:
        """Years of the nearest Gantt year row above the sheet, else below it."""
        for n in range(sheet.start - 1, 0, -1):
            yh = year_header(doc.line(n).split("\t"))
            if yh:
                return yh[1]
        for _n, text in doc.span(sheet.start, len(doc.lines) + 1):
            yh = year_header(text.split("\t"))
            if yh:
                return yh[1]
        raise ParseError(doc.source, sheet.start, "a Gantt year row (e.g. 2018 … 2021) somewhere in the plan")

    # -- sheet ------------------------------------------------------------------------
    def extract_sheet(self, doc: Document, sheet: Sheet, position: int, res: ParseResult) -> None:
        """Base extraction, after reading indicators printed only as an HTML table."""
        f = sheet.fields
        html_cells = [
            (n, [c])
            for n, fname, t in sheet.extra.get("tables", [])
            if fname == "indicators"
            for r in html_table_rows(t)
            for c in r
        ]
        if html_cells and self.table.kind_marker is not None:
            from_html = self._indicator_fields(sheet, html_cells, res)
            kinds = ("indicators_realisation", "indicators_impact")
            if not any(f.get(k) for k in kinds):
                f.update(from_html)
            elif any(
                [i.text for i in self.items(f.get(k, []))] != [i.text for i in self.items(from_html.get(k, []))]
                for k in kinds
            ):
                res.warn(html_cells[0][0], f"sheet {sheet.action_id}: HTML and TSV indicators disagree")
        super().extract_sheet(doc, sheet, position, res)


__all__ = ["ActorColumn", "TableRowsLayout", "TableSpec"]
