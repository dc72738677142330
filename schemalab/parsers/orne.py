"""Orne (61): Schéma départemental de l'enfance et de la famille 2017-2021, tome 2.

Anatomy of the document (data/raw/61_orne_2017-2021.txt, 470 lines, a PDF converted to
text in which every table became **TSV lines whose cells hold inline HTML**):

- Cover: ``SCHÉMA`` / ``Schéma départemental de l'enfance et de la famille 2017-2021`` /
  ``TOME 2 : plan d'actions``. Only the action plan: no diagnosis tome, no review of
  the previous plan, no budget, no euro amount anywhere. Back cover: ``NOTES`` and
  the Département's address.
- Running page header, about thirty times: ``SCHÉMA ENFANCE FAMILLE`` / blank /
  ``PROJET DE PLAN D'ACTION``; one stray date line ``décembre 2017``; stray markdown
  table rules (``-----\\t---``). All are skipped.
- ``SOMMAIRE``: damaged markdown orientation entries (``- Orientation 1** … **p.4**``),
  then a ``Synthèse des actions`` list repeating the 12 sheet titles as
  ``N. Title **p.a-b**``. These are not sheets.
- ``Les quatre orientations`` page: ``1 Mobiliser …`` (number, space, title), then
  ``PRINCIPE`` and a lower-case principle sentence. This is the only place where
  the orientations (axes) are numbered.
- Body: four orientation headings **without number**, each followed by ``PRINCIPE``
  (``➤ PRINCIPE`` for the first), then the sheets of that orientation. No objective
  level (objective is null everywhere).
- A sheet starts with ``N. Title`` (identical to the summary title) and is one
  table, rows as TSV lines, label in cell 0 (sometimes wrapped in ``<p>…</p>``):
  ``Éléments de diagnostic`` (context), ``Objectifs``, ``Pilotage et suivi`` (cells
  ``Pilotes`` / ``Partenaires associés``, values on the next row), ``Déclinaison
  opérationnelle`` (repeated on every continuation page), ``Calendrier
  prévisionnel`` (a semester Gantt), ``Indicateurs`` (``Réalisation :`` and
  ``Impact :`` cells) and ``Points de vigilance`` (risks_text). Lists are inline:
  ``➤`` (or once ``↳``) first level, ``→``/``➔`` second, ``•`` third.

Rules and named traps (each handled below, by layout, never by line number):

1. **Summary duplicates.** A ``N. Title`` line starts a sheet only when its next
   non-empty line is a field row (:meth:`OrneParser.segment`); the summary titles
   are followed by other titles or ``Orientation n p.x``. A sheet ends at the next
   sheet, at the next orientation heading (a line followed by ``PRINCIPE``) or at
   ``NOTES``.
2. **Orientations.** Numbers and titles come from ``Les quatre orientations``; each
   unnumbered body heading is mapped to its number **by title** (folded text), and
   a sheet belongs to the last body heading above it. Without the numbered page
   (an excerpt), axis_id is null rather than guessed. ``first_line`` of an axis is
   its body heading.
3. **Lost Objectifs label** (FA 8): a second row with an empty label cell right
   after the single-row Éléments de diagnostic is the Objectifs row (warned).
4. **Shifted Points de vigilance label** (FA 9): an empty cell 0 followed by a
   known label in cell 1 is read as that label (warned). FA 11's Points de
   vigilance is empty: risks_text null.
5. **Pilotage et suivi.** Pilots are column 1 and partners column 2 of the label
   row and of the rows below it, whatever the layout (header cells and values on
   two rows, or ``<p>Pilotes</p> <p>Conseil départemental</p>`` in one cell: the
   header words are dropped). Partners are the ``•`` items; where a cell has no
   bullet glyph (FA 8 ``Éducation nationale``, FA 10 ``CPAM Médecins généralistes et
   hospitaliers``, FA 7 pilots ``Conseil départemental ARS``), the cell is split
   where an acronym meets a lower-case or capitalised word: 2 pilots in FA 7, 2
   partners in FA 10. name_raw is the printed piece (tags removed).
6. **Sub-actions** are the ``➤``/``↳`` lead texts across all Déclinaison rows of
   the sheet (52 in all; each sheet has as many as Gantt rows, a mismatch is
   warned). A lead stops at the next list glyph; an italic title followed by a
   sentence is cut after the italic (FA 6 #5), parentheticals after it are kept;
   a capitalised ``Cf.`` starting a description is cut (FA 7 #3). The intro stub
   ``<p><i>Positionner l'ODPE comme</i></p>`` (FA 2) is not an item. FA 10 lost
   every ``➤``: its leading list text is split before each capitalised infinitive
   that follows a lower-case word (4 items). Deeper items (``→``, ``•``, ``-``)
   stay with their parent.
7. **Indicators**: the row's cells are read in order and ``Réalisation :`` /
   ``Impact :`` markers switch the kind, so shifted cells (FA 5: Impact in cell 5)
   and plain text (FA 10) give the same result. Items split at ``→``/``➔`` and at
   ``<p>`` paragraphs (FA 8's last réalisation item is a ``<p>`` after the list).
8. **HTML tables printed beside TSV** (FA 2 Gantt, FA 12 Gantt and Indicateurs):
   a cell holding ``<table>`` and the cells after it on the same line (the same
   table flattened) are set aside; the TSV rows are the record. The table is
   parsed to cross-check (a disagreement is warned) and is used only when a field
   has no TSV row. So FA 12's indicators, printed three times, count once.
9. **Gantt** (``Calendrier prévisionnel``, source ``gantt``, label kept): a row of
   years (``2018`` every other cell) and a row of ``S1 S2`` give the column of
   2018-S1; each data row has a label and 8 cells ``X``/empty read **by position**
   (many rows start in S2, never strip empty cells). The header may sit at the end
   of the Déclinaison line (FA 3), and be missing (FA 4: the label is cell 1 and
   the years are those of the nearest earlier Gantt header, warned). FA 12's TSV
   rows have no label column (label cell 0, semesters cells 1-8, as its header
   says). calendar_status is ``explicit`` for every sheet.
10. Typos and OCR damage are kept as printed (``CAMSPP``, ``Céan``, ``DDSCP``,
    ``Professionaliser``, ``1^{er}``...); the stale cross-references (``FA 13``) too.
    Titles are undamaged: title_clean equals title.
11. Consistency checks (warnings): summary titles and orientation membership
    against the sheets.
"""

from __future__ import annotations

import html
import re

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
from schemalab.parsers.base import BaseParser, Document, Lines, ParseResult, Sheet, heading_key, record_heading

_SHEET = re.compile(r"^(?P<id>\d{1,2})\.\s+(?P<title>\S.*)$")
_PRINCIPLE = re.compile(r"^(?:➤\s*)?PRINCIPE\s*$")
_NUMBERED_AXIS = re.compile(r"^(?P<n>\d)\s+(?P<title>\S.*)$")
_BACK_COVER = re.compile(r"^NOTES\s*$")
_TOC_AXIS = re.compile(r"^Orientation (?P<n>\d) p\.\d+\s*$")
_TOC_TITLE = re.compile(r"^(?P<id>\d{1,2})\.\s+(?P<title>.*?)\s*\*\*p\.[\d-]+\*\*\s*$")
_GLYPHS = {"➤": 1, "↳": 1, "→": 2, "➔": 2, "•": 3}
_KIND = re.compile(r"(?:<p[^>]*>\s*)?(Réalisation|Impact)\s*:\s*(?:</p>)?")
#: Where an acronym meets another word in a cell whose bullets were lost (trap 5).
_ACRONYM_SPLIT = re.compile(r"(?<=[a-zà-ÿ]) (?=[A-Z]{2,}\b)|(?<=[A-Z]{2}) (?=[A-ZÉ][a-zà-ÿ])")
#: Before a capitalised infinitive following a lower-case word (FA 10, trap 6).
_INFINITIVE_SPLIT = re.compile(r"(?<=[a-zà-ÿ)»]) (?=[A-ZÉ][a-zà-ÿ]+(?:er|ir|re)\b)")


class OrneParser(BaseParser):
    code = "61"
    name = "Orne"
    detect_pattern = re.compile(r"Schéma départemental de l'enfance et de la famille 2017-2021")
    heading_aliases = {
        "ELEMENTS DE DIAGNOSTIC": "context",
        "OBJECTIFS": "objectives",
        "PILOTAGE ET SUIVI": "pilots",
        "DECLINAISON OPERATIONNELLE": "sub_actions",
        "CALENDRIER PREVISIONNEL": "calendar",
        "INDICATEURS": "indicators",
        "POINTS DE VIGILANCE": "risks",
    }
    expected_fields = (
        "context",
        "objectives",
        "pilots",
        "partners",
        "sub_actions",
        "calendar",
        "indicators_realisation",
        "indicators_impact",
        "risks",
    )
    skip_patterns = (
        re.compile(r"^(?:SCHÉMA ENFANCE FAMILLE|PROJET DE PLAN D'ACTION)\s*$"),
        re.compile(
            r"^(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\s*$"
        ),
        re.compile(r"^-+(?:\t-+)*\s*$"),
    )

    @classmethod
    def detect(cls, text: str) -> bool:
        """The 2017-2021 title and the running header ``SCHÉMA ENFANCE FAMILLE``."""
        return super().detect(text) and bool(re.search(r"^SCHÉMA ENFANCE FAMILLE\s*$", text, flags=re.M))

    # -- plan and axes ----------------------------------------------------------------
    def plan_title(self, doc: Document) -> tuple[str | None, int | None, int | None]:
        """Cover title and tome line, e.g. ``… 2017-2021, TOME 2 : plan d'actions``."""
        for n, text in doc.span(1, 40):
            m = re.match(r"^(Schéma départemental .*?((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d))\s*$", text.strip())
            if m:
                title = m.group(1)
                for _, nxt in doc.span(n + 1, n + 5):
                    if re.match(r"^TOME \d", nxt.strip()):
                        title = f"{title}, {nxt.strip()}"
                        break
                return title, int(m.group(2)), int(m.group(3))
        return None, None, None

    def _headings(self, doc: Document) -> list[tuple[int, str]]:
        """Lines followed (after blank lines) by ``PRINCIPE``: orientation headings."""
        out = []
        for n, text in doc.span(1, len(doc.lines) + 1):
            if not _PRINCIPLE.match(text):
                continue
            for m in range(n - 1, 0, -1):
                if doc.line(m).strip():
                    out.append((m, doc.line(m).strip()))
                    break
        return out

    def parse_axes(self, doc: Document) -> list[dict]:
        """Numbers and titles from the numbered page; first_line from the body heading."""
        self._body_axes: list[tuple[int, str | None]] = []
        numbered: dict[str, dict] = {}
        body: list[tuple[int, str]] = []
        for n, text in self._headings(doc):
            m = _NUMBERED_AXIS.match(text)
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
    def _label(self, cell: str) -> str | None:
        return self.canonical(cell) if cell.strip() else None

    def segment(self, doc: Document) -> list[Sheet]:
        """Trap 1: a ``N. Title`` line followed by a field row; ends at a boundary."""
        boundaries = {n for n, _ in self._headings(doc)}
        boundaries |= {n for n, _ in doc.find(_PRINCIPLE)} | {n for n, _ in doc.find(_BACK_COVER)}
        starts = []
        for n, m in doc.find(_SHEET):
            nxt = next((t for _, t in doc.span(n + 1, n + 6) if t.strip()), "")
            cells = nxt.split("\t")
            if self._label(cells[0]) or (len(cells) > 1 and self._label(cells[1])):
                starts.append((n, m))
        boundaries |= {n for n, _ in starts}
        sheets = []
        for n, m in starts:
            end = min([b for b in boundaries if b > n], default=len(doc.lines) + 1)
            sheets.append(Sheet(action_id=m.group("id"), start=n, end=end, title=clean_inline(m.group("title"))))
        return sheets

    # -- fields -----------------------------------------------------------------------
    def split_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> dict[str, Lines]:
        """Rows → fields (label cell 0), Gantt rows and header, set-aside HTML tables."""
        rows: dict[str, list[tuple[int, list[str]]]] = {}
        gantt: list[tuple[int, list[str]]] = []
        tables: list[tuple[int, str, str]] = []  # (line, field, html)
        header: tuple[int, list[int]] | None = None
        current = "_head"
        for n, text in doc.span(sheet.start + 1, sheet.end):
            if not text.strip() or any(p.search(text) for p in self.skip_patterns):
                continue
            cells = text.split("\t")
            # Trap 8: a <table> cell, and its flattened copy after it, are set aside.
            t = next((i for i, c in enumerate(cells) if "<table" in c), None)
            table_html = None
            if t is not None:
                table_html, cells = cells[t], cells[:t]
            # Trap 9: a year row, alone or at the end of the Déclinaison line (FA 3).
            yh = year_header(cells)
            if yh is not None:
                header = yh
                cells = cells[: yh[0]]
            s1 = semester_row(cells)
            if s1 is not None:
                if header is None or header[0] != s1:
                    header = (s1, header[1] if header else [])
                continue
            canon = self._label(cells[0])
            content = cells
            if canon:
                content = cells[1:]
                record_heading(sheet, canon, strip_html(cells[0]))
            elif not cells[0].strip() and len(cells) > 1 and self._label(cells[1]):
                canon = self._label(cells[1])  # trap 4 (FA 9)
                content = cells[2:]
                record_heading(sheet, canon, strip_html(cells[1]))
                res.warn(n, f"sheet {sheet.action_id}: label {clean_inline(cells[1])!r} shifted to cell 1")
            elif not cells[0].strip() and current == "context" and rows.get("context"):
                canon = "objectives"  # trap 3 (FA 8)
                res.warn(n, f"sheet {sheet.action_id}: unlabelled row after Éléments de diagnostic read as Objectifs")
            elif cells[0].strip() and current != "calendar":
                label = clean_inline(cells[0])
                if len(label) <= 40 and "<ul" not in cells[0] and not _KIND.match(cells[0].strip()):
                    res.unknown_headings.append((n, label))
            if canon:
                current = canon
                rows.setdefault(current, [])
            if table_html is not None:
                is_gantt = bool(re.search(r">\s*S1\s*<", table_html)) or current == "calendar"
                tables.append((n, "calendar" if is_gantt else current, table_html))
            if current == "calendar":
                if any(c.strip() for c in content):
                    gantt.append((n, cells))
                continue
            if current == "pilots":
                rows[current].append((n, cells))  # trap 5: read by column, label cell kept
            elif any(c.strip() for c in content):
                rows.setdefault(current, []).append((n, content))
        sheet.extra.update(gantt=gantt, gantt_header=header, tables=tables)
        return self._fields(sheet, rows, res)

    def _fields(self, sheet: Sheet, rows: dict, res: ParseResult) -> dict[str, Lines]:
        """Canonical fields as ``(line, cell html)`` lines, actors and indicator kinds split."""
        fields: dict[str, Lines] = {}
        for name, rs in rows.items():
            if name in ("pilots", "indicators"):
                continue
            fields[name] = [(n, c) for n, cells in rs for c in cells if c.strip()]
        if "pilots" in rows:
            fields["pilots"], fields["partners"] = [], []
            for n, cells in rows["pilots"]:
                # The label row and the rows below: column 1 pilots, column 2 partners.
                for fname, col, head in (("pilots", 1, "Pilotes"), ("partners", 2, "Partenaires associés")):
                    cell = cells[col] if len(cells) > col else ""
                    cell = re.sub(rf"^\s*(?:<p[^>]*>\s*)?{head}\s*(?:</p>)?", "", cell)
                    fields[fname].extend((n, name) for name in self._actor_names(cell))
        if "indicators" in rows:
            fields.update(self._indicator_fields(sheet, rows["indicators"], res))
        calendar = fields.setdefault("calendar", [])
        calendar.extend((n, "\t".join(cells)) for n, cells in sheet.extra["gantt"])
        return fields

    def _actor_names(self, cell: str) -> list[str]:
        """Actors of one Pilotage cell: ``•`` items, ``<p>`` paragraphs, else trap 5 split."""
        names = []
        for rank, part in inline_tokens(cell, _GLYPHS):
            text = clean_inline(strip_html(part), bullet=False)
            if not text:
                continue
            if rank == 3 or "•" in cell:
                names.append(text)
            else:
                names.extend(p for p in _ACRONYM_SPLIT.split(text) if p.strip())
        return names

    def _indicator_fields(self, sheet: Sheet, rs, res: ParseResult) -> dict[str, Lines]:
        """Trap 7: the cells in order; ``Réalisation :`` / ``Impact :`` switch the kind."""
        out: dict[str, Lines] = {"indicators_realisation": [], "indicators_impact": [], "indicators": []}
        for n, cells in rs:
            kind = "indicators"
            for cell in cells:
                pieces = _KIND.split(cell)
                for i, piece in enumerate(pieces):
                    if i % 2 == 1:
                        kind = f"indicators_{res.vocab('indicator_kind', piece.lower().replace('é', 'e'), n)}"
                        row = sheet.extra.get("headings", {}).get("indicators", "")
                        record_heading(sheet, kind, f"{row} – {clean_inline(piece)}" if row else piece)
                    elif clean_inline(piece, bullet=False):
                        out[kind].append((n, piece))
        if out["indicators"]:
            res.warn(out["indicators"][0][0], f"sheet {sheet.action_id}: indicator text before any Réalisation/Impact")
        return {k: v for k, v in out.items() if v or k != "indicators"}

    # -- extraction -------------------------------------------------------------------
    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        """Title from the start line (segment); axis: last body orientation heading above."""
        for n, axis_id in getattr(self, "_body_axes", []):
            if n < sheet.start:
                sheet.axis_id = axis_id

    def items(self, lines: Lines) -> list[Item]:
        """Inline list items: top level is the highest glyph rank present; paragraphs
        and loose leading text are items too; deeper glyphs nest under the last item."""
        out: list[Item] = []
        for n, frag in lines:
            toks = inline_tokens(frag, _GLYPHS)
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
        """Trap 6: the ``➤``/``↳`` lead texts of every Déclinaison row."""
        lines = sheet.fields.get("sub_actions", [])
        out: list[Item] = []
        for n, frag in lines:
            for rank, part in inline_tokens(frag, _GLYPHS):
                if rank == 1:
                    out.append(Item(self._lead(part), n, raw=part.strip()))
                elif rank is not None and rank > 1 and out:
                    # A deeper item ("→", "•") printed under the step: its details.
                    out[-1].children.append(Item(clean_inline(part, bullet=False), n, raw=part.strip()))
        if not out and lines:
            # FA 10: every ➤ was lost; the loose list text before the first glyph.
            n, frag = lines[0]
            loose = [part for rank, part in inline_tokens(frag, _GLYPHS) if rank is None]
            if loose:
                text = clean_inline(loose[0], bullet=False)
                out = [Item(t, n, raw=t) for t in _INFINITIVE_SPLIT.split(text) if t.strip()]
        return out

    @staticmethod
    def _lead(part: str) -> str:
        """A ``➤`` item's title: up to a nested list, an italic title before a sentence,
        or a capitalised ``Cf.`` description."""
        part = re.split(r"<ul\b", part)[0]
        m = re.match(r"\s*<i>(.*?)</i>(.*)$", part, flags=re.S)
        if m and clean_inline(m.group(2), bullet=False) and not clean_inline(m.group(2)).startswith("("):
            part = m.group(1)
        part = re.split(r"\s+Cf\.\s", part)[0]
        return clean_inline(part, bullet=False)

    def extract_calendar(self, doc: Document, sheet: Sheet, res: ParseResult) -> str:
        """Trap 9: one row per (Gantt row label, year, semester) marked X, by position."""
        header = sheet.extra.get("gantt_header")
        if header is None or not header[1]:
            years = self._previous_years(doc, sheet)
            res.warn(sheet.start, f"sheet {sheet.action_id}: Gantt without year/semester header; {years} assumed")
            header = (header[0] if header else None, years)
        offset, years = header
        tsv = []
        for n, cells in sheet.extra.get("gantt", []):
            o = offset
            if o is None:  # no header row: the label is cell 1 when cell 0 is the field label
                o = 2 if len(cells) > 2 and cells[1].strip() not in ("", "X") else 1
            label = clean_inline(cells[o - 1]) if 1 <= o <= len(cells) else ""
            marks = [c.strip() for c in (cells[o : o + 2 * len(years)] + [""] * 2 * len(years))[: 2 * len(years)]]
            rest = [c for c in cells[o + 2 * len(years) :] if c.strip()]
            if not label or any(m not in ("", "X") for m in marks) or rest:
                msg = f"a Gantt row (label and {2 * len(years)} cells X/empty) in sheet {sheet.action_id}"
                if res.strict:
                    raise ParseError(doc.source, n, msg)
                res.warn(n, f"not {msg}: {cells!r}")
                continue
            tsv.append((n, label, marks))
        html_rows = []
        for n, fname, table_html in sheet.extra.get("tables", []):
            if fname != "calendar":
                continue
            for tds in html_table_rows(table_html):
                tail = [clean_inline(c) for c in tds[-(2 * len(years) + 1) :]]
                if len(tail) == 2 * len(years) + 1 and tail[0] and all(x in ("", "X") for x in tail[1:]):
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
                if mark == "X":
                    found = True
                    self.add_calendar(
                        res, sheet.action_id, years[k // 2], source="gantt", line=n, semester=k % 2 + 1, label=label
                    )
        return "explicit" if found else self.calendar_when_empty

    def _previous_years(self, doc: Document, sheet: Sheet) -> list[int]:
        """Years of the nearest Gantt year row above the sheet (FA 4 has none)."""
        for n in range(sheet.start - 1, 0, -1):
            yh = year_header(doc.line(n).split("\t"))
            if yh:
                return yh[1]
        for _n, text in doc.span(sheet.start, len(doc.lines) + 1):
            yh = year_header(text.split("\t"))
            if yh:
                return yh[1]
        raise ParseError(doc.source, sheet.start, "a Gantt year row (2018 … 2021) somewhere in the plan")

    def extract_sheet(self, doc: Document, sheet: Sheet, position: int, res: ParseResult) -> None:
        """Base extraction, then trap 8 for indicators printed only as an HTML table."""
        f = sheet.fields
        html_cells = [
            (n, [c])
            for n, fname, t in sheet.extra.get("tables", [])
            if fname == "indicators"
            for r in html_table_rows(t)
            for c in r
        ]
        if html_cells:
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

    # -- plan level -------------------------------------------------------------------
    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        """Trap 11: the summary's titles and orientation membership against the sheets."""
        for n, t in getattr(self, "_unmatched_axes", []):
            res.warn(n, f"orientation heading {t!r} matches no numbered orientation")
        actions = {a["action_id"]: a for a in res.tables["actions"]}
        axis = None
        for n, text in doc.span(1, min((a["first_line"] for a in actions.values()), default=1)):
            m = _TOC_AXIS.match(text)
            if m:
                axis = m.group("n")
                continue
            m = _TOC_TITLE.match(text)
            if not m:
                continue
            a = actions.get(m.group("id"))
            if a is None:
                res.warn(n, f"summary lists sheet {m.group('id')}, which is not in the body")
            elif clean_inline(m.group("title")) != a["title"]:
                res.warn(n, f"summary title of sheet {a['action_id']} differs from the sheet's")
            elif axis is not None and a["axis_id"] != axis:
                res.warn(n, f"summary puts sheet {a['action_id']} in orientation {axis}, the body in {a['axis_id']}")
