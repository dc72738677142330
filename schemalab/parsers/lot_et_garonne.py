"""Lot-et-Garonne (47): SDPPE 2026-2030 (schéma de prévention et de protection de l'enfance).

Anatomy of the document (data/raw/47_lot-et-garonne_2026-2030.txt, 2,272 lines, plain
text converted from a PDF: markdown lists, markdown pipe tables, HTML ``<ul>`` fragments
inside cells and TSV rows, often mixed inside one sheet):

- Cover (title on line 3: ``SCHÉMA DÉPARTEMENTAL DE LA PRÉVENTION ET DE LA PROTECTION DE
  L'ENFANCE (SDPPE) 2026-2030``), a TSV *Sommaire* (``title<TAB>page``), Préambule,
  Introduction, Méthode, then "Orientations stratégiques": per orientation a context
  text, key figures, the numbered "axes prioritaires" (1.1-4.14) and a bold list of the
  sheets with a summary; then a per-orientation recap (``Fiche action N*``).
- **Annexe 1** (``Annexe 1 - Bilan du précédent SDPPE 2021-2025``): one 8-column TSV
  table, a header row ``N° Fiches actions<TAB>Fiches-actions<TAB>…<TAB>ETAT<TAB>Intérêt…``,
  group rows (``ORIENTATION 1 : …``, ``AXE 1 : …``, TSV or plain lines) and 60 numbered
  rows, one line each (cells hold long HTML).
- **Annexe 2** (``Annexe 2 –``): the youth council's (CJPE) recommendations under two
  theme lines, each followed by ``Les propositions``.
- **Annexe 3**: the 29 sheets, grouped by separators ``Orientation N`` (alone on a line)
  followed by the orientation title (bold, possibly wrapped over 2-3 lines).
- Back cover from ``Document réalisé par`` (ends the last sheet).

A sheet starts at ``Fiche action N - <title>`` (``–`` for sheet 23), optionally followed
by a tag ``[Fiche issue des recommandations du CJPE]`` / ``[Fiche issue des constats du
CJPE]``, then the headings, always in this order and spelled exactly so: ``Constats`` ·
``Objectifs`` · ``Indicateurs de suivi et de résultats`` · ``Actions à engager`` ·
``Public cible`` · ``Territoires cibles`` · ``Pilotes`` · ``Contributeurs``. No budget,
resources or calendar field: the calendar is the year structure of "Actions à engager".

Traps and the rule applied to each:

1. **Titles printed four times** (TOC with page numbers, bold strategic summary, recap
   lists, the sheet). Only a ``Fiche action N - title`` line whose next non-blank line
   (after an optional tag) is the ``Constats`` heading starts a sheet (:meth:`segment`).
2. **Orientation separators** between sheets are stop lines, so the previous sheet's
   Contributeurs never absorbs them; each sheet's axis is the nearest separator above
   it. Axis titles are the Annexe 3 wording ("…vulnérabilités…", as in the TOC).
3. **Objectifs + indicators merged** (sheets 2, 6, 10, 11, 13): the *Objectifs* heading
   is empty and a 2-column markdown table follows *Indicateurs*: column 1 is the
   objectives, column 2 the indicators (:meth:`fix_fields`).
4. **Heading pairs on one TSV line** (``Public cible<TAB>Territoires cibles``,
   ``Pilotes<TAB>Contributeurs``; sheets 3, 9, 11, 13, 14, 21): the content is a TSV row
   of two HTML lists, a markdown table after a ``----<TAB>----`` rule (13), or TSV
   bullets interleaved line by line (11). Each column goes to its own field.
5. **HTML list items** are ``- ``-separated inside ``<ul …>``. Two styles: *glued*
   (``<ul …>- a- b``, separator ``- `` right after a non-space) where items may contain
   `` - `` ("FDE - site de Damazan"), and *spaced* (``<ul …> - a - b``, separator
   `` - ``) where a structure acronym followed by a function ("DSDEN - Coordinatrice
   Départementale…") is one item (:func:`html_items`). Never split blindly on `` - ``.
6. **Actions à engager = calendar by year 2026-2030**, in three encodings that switch at
   page breaks: ``- 2026`` bullets followed by step bullets (often at the year's own
   indentation; ``- o`` sub-bullets; one inline ``- 2026 - Ouverture des 8 places``),
   table rows ``| 2026 | <ul…>- step- step |`` (a row may spill onto unpiped lines),
   and loose text (bare ``2029`` lines, plain sub-headings "Unité de vie", "Hôpital de
   jour", "Equipes mobiles" in sheet 10). One sub-action per printed step with its year
   (repeats kept; sub-headings are not steps); a calendar row per year that has at least
   one step: a printed year with an empty bullet or cell schedules nothing
   (sheets 4, 8, 16, 21, 24, 26).
7. **Line-wrapped bullet**: sheet 2's pilot ``Education nationale – 1 Infirmière`` /
   ``Conseillère Technique Départementale`` is one actor (continuation joined).
8. **Annexe 1 status lost**: ETAT was a cell colour (legend in the header row); the
   column is empty in all 60 rows, so status ``unknown``, status_raw null. "Fin de
   l'action" is never used to infer a status. details_text keeps the other columns,
   labelled with the header row's own labels.
9. **Money**: no sheet names an amount; the 8 amounts of Annexe 1 are plan-level
   budget lines (action_id null) of ``scope = previous_plan`` (the review of 2021-2025,
   whoever paid: CAF, MSA, Justice are in ``payer``); context = the sentence as printed
   in the review row (its line joins previous_review.line).
10. **CJPE recommendations** (Annexe 2): two-column layout flattened, numbers out of
   order, two proposals unnumbered; numbers printed on the paragraph's line (theme A)
   or on their own line before it (theme B). One row per proposal in printed order; the
   printed number, where there is one, is kept at the head of the text ("1 Prévoir…"),
   since youth_recommendations has no column for it.

Conventions: objective null for every sheet (the plan never assigns a sheet to an
"axe prioritaire"); indicator kind null (one undivided heading); the CJPE tag line of a
sheet opens its context_text; targets_text is ``Public cible : …`` and ``Territoires
cibles : …`` lines.
"""

from __future__ import annotations

import re

from schemalab.extract import ParseError, clean_inline, parse_bullets
from schemalab.parsers.base import BaseParser, Document, Lines, ParseResult, Sheet

_START = re.compile(r"^Fiche action (?P<id>\d+)\s*[-–]\s*(?P<title>\S[^\t]*)$")
_SEPARATOR = re.compile(r"^Orientation (?P<n>\d+)\s*$")
_TAG = re.compile(r"^\[Fiche issue [^\]]*CJPE\]\s*$")
_CONSTATS = re.compile(r"^Constats\s*$")
_UL = re.compile(r"<ul[^>]*>", re.I)
_SUBHEADING_HTML = re.compile(r"<u>(.*?)</u>", re.I)
#: A function printed after a structure acronym ("DSDEN - Coordinatrice …", trap 5).
_FUNCTION = re.compile(
    r"^(?:Coordinat\w*|Chef\w*|Directeur|Directrice|Direct\w+ adjoint\w*|Charg[ée]e?s?|Médecin|Responsable|"
    r"Adjoint\w*|Infirmi\w*|Praticien)\b"
)
_ACRONYM = re.compile(r"^[A-ZÉ][A-ZÉ0-9/&-]{1,11}(?: \d+)?$")
_YEAR_ROW = re.compile(r"^\|\s*(?P<year>20\d\d)\s*\|(?P<rest>.*)$")
_YEAR_BULLET = re.compile(r"^\s*-\s+(?P<year>20\d\d)\s*(?:[-–]\s+(?P<rest>\S.*))?$")
_YEAR_BARE = re.compile(r"^\s*(?P<year>20\d\d)\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(?P<text>.*)$")
_REVIEW_ROW = re.compile(r"^(?P<ref>\d{1,2})\t")
_AMOUNT_YEAR = re.compile(r"\b20\d\d\b")


def is_rule(text: str) -> bool:
    """A table rule or empty table header (``|---|``, ``- | | |``, ``----<TAB>----``)."""
    t = text.strip()
    return bool(t) and not re.sub(r"[-|:\s]", "", t) and ("|" in t or "--" in t)


def _split_fragments(body: str) -> tuple[list[str], bool]:
    """``- ``-separated fragments of the content of one ``<ul>``, and whether it is glued.

    Glued: the first dash touches the tag (``<ul …>- a- b``); spaced: ``<ul …> - a - b``.
    """
    glued = body[:1] == "-"
    body = body.strip()
    if glued:
        parts = re.split(r"(?:^|(?<=\S))-\s+", body)
    else:
        parts = re.split(r"(?:^|\s)-(?:\s+|$)", body)
    return [p.strip() for p in parts if p.strip()], glued


def html_items(cell: str) -> list[str]:
    """Items of an HTML list cell, as printed (markup other than the list kept).

    Sub-headings ``<u>…</u>`` (sheet 10) are not items. In the spaced style an item
    "ACRONYM - Function…" is kept whole (trap 5).
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
        if not glued:
            merged: list[str] = []
            for frag in frags:
                if merged and _ACRONYM.match(merged[-1]) and _FUNCTION.match(frag):
                    merged[-1] = f"{merged[-1]} - {frag}"
                else:
                    merged.append(frag)
            frags = merged
        out.extend(frags)
    return out


def split_columns(lines: Lines) -> list[Lines]:
    """Lines of a field split into columns: markdown pipe rows by ``|``, TSV rows by tab."""
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


def itemize(lines: Lines) -> Lines:
    """HTML list cells rewritten as ``- item`` lines (same line number); other lines kept."""
    out: Lines = []
    for n, text in lines:
        if _UL.search(text):
            out.extend((n, f"- {it}") for it in html_items(text))
        else:
            out.append((n, text.rstrip().rstrip("|").rstrip() if text.rstrip().endswith("|") else text))
    return out


def _has_text(lines: Lines) -> bool:
    return any(t.strip() for _, t in lines)


class LotEtGaronneParser(BaseParser):
    code = "47"
    name = "Lot-et-Garonne"
    detect_pattern = re.compile(r"PROTECTION DE L'ENFANCE \(SDPPE\) 2026-2030(?s:.*)Lot-et-Garonne")
    #: The sheets announced: the contents' and the summary's `Fiche action N - title` lines.
    announced_pattern = re.compile(r"^(?:- \*\*)?Fiche action (?P<id>\d+)\s*[-–]")
    sheet_start = _START
    sheets_end = re.compile(r"^Document réalisé par")
    heading_aliases = {
        "CONSTATS": "context",
        "OBJECTIFS": "objectives",
        "INDICATEURS DE SUIVI ET DE RESULTATS": "indicators",
        "ACTIONS A ENGAGER": "sub_actions",
        "PUBLIC CIBLE": "targets_public",
        "TERRITOIRES CIBLES": "targets_territories",
        "PILOTES": "pilots",
        "CONTRIBUTEURS": "partners",
        # trap 4: two headings on one TSV line, contents in two columns
        "PUBLIC CIBLE TERRITOIRES CIBLES": "targets_pair",
        "PILOTES CONTRIBUTEURS": "actors_pair",
    }
    expected_fields = ("context", "objectives", "indicators", "sub_actions")
    #: Heading-like lines no alias maps (a variant spelling would show up here).
    heading_pattern = re.compile(
        r"^(?:Objectifs?|Indicateurs?|Actions?|Publics?|Territoires?|Pilotes?|Contributeurs?|Partenaires?|"
        r"Moyens|Budget|Calendrier|Constats?|R[ée]sultats?|Ressources|Financements?|Modalit[ée]s)\b[^.;,:]{0,60}$"
    )
    stop_patterns = (_SEPARATOR,)

    # -- axes and segmentation -----------------------------------------------------
    def _separators(self, doc: Document) -> list[tuple[int, str, str]]:
        """Annexe 3 orientation separators: (line, number, title joined from the next lines)."""
        out = []
        for n, m in doc.find(_SEPARATOR):
            parts: list[str] = []
            for k in range(n + 1, min(n + 8, len(doc.lines) + 1)):
                text = doc.line(k).strip()
                if not text:
                    if parts:
                        break
                    continue
                if _START.match(text):
                    break
                parts.append(text)
            out.append((n, m.group("n"), clean_inline(" ".join(parts))))
        return out

    def parse_axes(self, doc: Document) -> list[dict]:
        """The four orientations, from their Annexe 3 separators (trap 2)."""
        axes = {}
        for n, num, title in self._separators(doc):
            if num not in axes and title:
                axes[num] = {
                    "plan_id": self.plan_id,
                    "axis_id": num,
                    "position": int(num),
                    "title": title,
                    "first_line": n,
                }
        return list(axes.values())

    def segment(self, doc: Document) -> list[Sheet]:
        """Sheets: title lines followed by an optional CJPE tag and ``Constats`` (trap 1)."""
        starts = []
        for n, m in doc.find(_START):
            nxt = [t.strip() for _, t in doc.span(n + 1, n + 8) if t.strip()]
            nxt = [t for t in nxt if not _TAG.match(t)]
            if nxt and _CONSTATS.match(nxt[0]):
                starts.append((n, m))
        stop = len(doc.lines) + 1
        if starts:
            ends = [n for n, _ in doc.find(self.sheets_end, starts[-1][0] + 1)]
            stop = ends[0] if ends else stop
        sheets = []
        for i, (n, m) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else stop
            sheets.append(Sheet(action_id=m.group("id"), start=n, end=end, title=clean_inline(m.group("title"))))
        return sheets

    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        """Title from the start line (set by :meth:`segment`); axis: nearest separator above."""
        for n in range(sheet.start - 1, 0, -1):
            m = _SEPARATOR.match(doc.line(n))
            if m:
                sheet.axis_id = m.group("n")
                break

    # -- fields --------------------------------------------------------------------
    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Normalise tables, TSV pairs and HTML lists into plain ``- item`` lines."""
        f = sheet.fields
        tags = [(n, t) for n, t in f.get("_head", []) if _TAG.match(t.strip())]
        f["context"] = tags + f.get("context", [])
        # trap 3: objectives and indicators in one 2-column table
        cols = split_columns(f.get("indicators", []))
        if len(cols) >= 2:
            if _has_text(f.get("objectives", [])):
                raise ParseError(
                    doc.source,
                    sheet.start,
                    f"sheet {sheet.action_id}: an empty Objectifs heading above a 2-column table",
                )
            f["objectives"], f["indicators"] = itemize(cols[0]), itemize(cols[1])
        else:
            f["indicators"] = itemize(cols[0])
        f["objectives"] = itemize(split_columns(f.get("objectives", []))[0])
        # trap 4: heading pairs
        for pair, (left, right) in (
            ("targets_pair", ("targets_public", "targets_territories")),
            ("actors_pair", ("pilots", "partners")),
        ):
            if pair in f:
                cols = split_columns(f.pop(pair))
                cols += [[]] * (2 - len(cols))
                f[left], f[right] = itemize(cols[0]), itemize(cols[1])
            else:
                for name in (left, right):
                    f[name] = itemize(split_columns(f.get(name, []))[0])
        for name in ("pilots", "partners", "targets_public", "targets_territories"):
            if not _has_text(f.get(name, [])):
                msg = f"sheet {sheet.action_id} has no {name} content"
                if res.strict:
                    raise ParseError(doc.source, sheet.start, msg)
                res.warn(sheet.start, msg)
        targets: Lines = []
        for name, label in (("targets_public", "Public cible"), ("targets_territories", "Territoires cibles")):
            items = parse_bullets(f.pop(name, []))
            if items:
                targets.append((items[0].line, f"{label} : " + " ; ".join(it.text for it in items)))
        f["targets"] = targets

    # -- sub-actions and calendar ----------------------------------------------------
    def steps(self, doc: Document, sheet: Sheet, res: ParseResult) -> tuple[list[tuple], list[int]]:
        """Steps of "Actions à engager" as (year, text, line, details), and the years printed
        (trap 6); a second-level "o" item is a detail of the step above it.

        A step printed before any year is an error with strict=True, else a warning and a
        step with year null.
        """
        steps: list[list] = []
        printed: list[int] = []
        year: int | None = None
        last: list | None = None

        def add(text: str, line: int) -> list | None:
            sub_item = re.match(r"^o\s+", text.strip()) is not None
            text = clean_inline(re.sub(r"^o\s+", "", text.strip()))
            if not text:
                return None
            if sub_item and steps:
                # "- o Les personnes formés…" (l.625-627): a second-level item, printed
                # under the step it details ("Conduite d'un état des lieux portant sur :").
                steps[-1][3].append(text)
                return steps[-1]
            if year is None:
                msg = f"sheet {sheet.action_id}: a year (2026…2030) before the step {text!r}"
                if res.strict:
                    raise ParseError(doc.source, line, msg)
                res.warn(line, msg)
            step = [year, text, line, []]
            steps.append(step)
            return step

        for n, raw in sheet.fields.get("sub_actions", []):
            text = raw.rstrip()
            if not text.strip() or is_rule(text):
                continue
            m = _YEAR_ROW.match(text.strip())
            if m:
                year = int(m.group("year"))
                printed.append(year)
                rest = m.group("rest").strip()
                rest = rest[:-1].strip() if rest.endswith("|") else rest
                items = html_items(rest) if (_UL.search(rest) or _SUBHEADING_HTML.search(rest)) else [rest]
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
            if len(plain.split()) <= 4 and not re.search(r"[.;:,]$", plain):
                last = None  # a sub-heading ("Unité de vie", sheet 10): not a step
            elif last is not None:
                last[1] = f"{last[1]} {plain}"
            else:
                last = add(plain, n)
        return [(y, t, n, "\n".join(d) or None) for y, t, n, d in steps], printed

    def sub_action_items(self, sheet: Sheet) -> list:
        """Sub-actions are written by :meth:`extract_calendar`, which knows their years."""
        return []

    def extract_calendar(self, doc: Document, sheet: Sheet, res: ParseResult) -> str:
        """Sub-actions with their year, and one calendar row per year that has a step."""
        steps, printed = self.steps(doc, sheet, res)
        aid = sheet.action_id
        first_line: dict[int, int] = {}
        for year, text, line, details in steps:
            self.add_sub_action(res, aid, text, line, year=year, details=details)
            if year is not None:
                first_line.setdefault(year, line)
        for year in sorted(first_line):
            self.add_calendar(res, aid, year, source="sheet", line=first_line[year])
        if printed and not steps:
            res.warn(sheet.start, f"sheet {aid}: years printed but no step")
        return "explicit" if first_line else self.calendar_when_empty

    # -- plan level ----------------------------------------------------------------
    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        """Annexe 1 (previous_review + its amounts) and Annexe 2 (youth_recommendations)."""
        first_sheet = min(r["first_line"] for r in res.tables["actions"])
        review_lines = self.extract_review(doc, res, first_sheet)
        for n, text in doc.span(1, first_sheet):
            if n not in review_lines:
                self.add_amounts(res, text, n, None)
        self.extract_youth(doc, res, first_sheet)

    def extract_review(self, doc: Document, res: ParseResult, end: int) -> set[int]:
        """One previous_review row per numbered Annexe 1 row (traps 8, 9); returns their lines."""
        annex = [n for n, _ in doc.find(re.compile(r"^Annexe 1\b[^\t]*$"), 1, end)]
        if not annex:
            return set()
        stop = [n for n, _ in doc.find(re.compile(r"^Annexe 2\b[^\t]*$"), annex[0], end)]
        span = doc.span(annex[0], stop[0] if stop else end)
        labels: list[str] = []
        group: dict[str, str] = {}
        done: set[int] = set()
        for n, text in span:
            cells = text.split("\t")
            head = clean_inline(cells[0])
            if head.startswith("N° Fiches"):
                labels = [clean_inline(c) for c in cells]
                continue
            m = re.match(r"^(ORIENTATION|AXE) \d+\s*:", head)
            if m:
                group[m.group(1)] = head
                if m.group(1) == "ORIENTATION":
                    group.pop("AXE", None)
                continue
            if not _REVIEW_ROW.match(text):
                continue
            if len(labels) < 8 or len(cells) != len(labels):
                raise ParseError(doc.source, n, f"a review row of {len(labels)} columns; found {len(cells)}")
            row = dict(zip(labels, (clean_inline(c) for c in cells), strict=True))
            ref = head
            status_raw = row.get("ETAT") or None
            status = res.vocab("review_status", self.review_status(status_raw), n, default="unknown")
            details = "\n".join(
                f"{label} : {value}"
                for label, value in row.items()
                if label not in (labels[0], labels[1], "ETAT") and value
            )
            res.add(
                "previous_review",
                plan_id=self.plan_id,
                ref=ref,
                title=row[labels[1]],
                status=status,
                status_raw=status_raw,
                context=" — ".join(group[k] for k in ("ORIENTATION", "AXE") if k in group) or None,
                details_text=details or None,
                line=n,
            )
            done.add(n)
            # "•" items read as sentences, so an amount's context is its own item
            plain = re.sub(r"\.?\s*•\s*", ". ", clean_inline(text.replace("\t", " | ")))
            # Trap 9: plan-level budget lines, each with its sentence and the review row.
            self.add_amounts(
                res,
                plain,
                n,
                None,
                year_from_sentence=True,
                scope="previous_plan",
            )
        return done

    @staticmethod
    def review_status(raw: str | None) -> str:
        """Status from the ETAT cell only; empty (colour lost) → unknown (trap 8)."""
        if not raw:
            return "unknown"
        table = {"action terminée": "realise", "action en cours": "en_cours", "action non démarrée": "non_realise"}
        for key, value in table.items():
            if raw.lower().startswith(key):
                return value
        return raw  # out of vocabulary: reported by res.vocab

    def budget_nature(self, context: str) -> str:
        """Paid/financed ("versés", "a été financé par") → consumed; a budget, dotation,
        amount or forecast → planned (before the shared rules, which would read "dotation
        … étapes de réalisation" as consumed); else the shared rules."""
        s = context.lower()
        if re.search(r"versés?|a été financé|financée? par", s):
            return "consumed"
        if re.search(r"budget|dotation|montant|prévoit|prévisionnel", s):
            return "planned"
        return super().budget_nature(context)

    def extract_youth(self, doc: Document, res: ParseResult, end: int) -> None:
        """Annexe 2: one row per CJPE proposal, under its theme (trap 10)."""
        annex = [n for n, _ in doc.find(re.compile(r"^Annexe 2\b[^\t]*$"), 1, end)]
        if not annex:
            return
        stop = [n for n, _ in doc.find(re.compile(r"^Annexe 3\b[^\t]*$"), annex[0], end)]
        span = [(n, t.strip()) for n, t in doc.span(annex[0] + 1, stop[0] if stop else end) if t.strip()]
        theme: str | None = None
        number: tuple[str, int] | None = None  # a number printed alone, and its line
        for i, (n, text) in enumerate(span):
            if text == "Les propositions":
                continue
            if i + 1 < len(span) and span[i + 1][1] == "Les propositions":
                theme, number = clean_inline(text), None
                continue
            if theme is None:
                continue  # the annex's own title lines
            if re.fullmatch(r"\d{1,2}", text):
                number = (text, n)
                continue
            m = re.match(r"^(\d{1,2})\s+(\S.*)$", text)
            body = clean_inline(m.group(2) if m else text)
            num, line = (m.group(1), n) if m else (number or (None, n))
            res.add(
                "youth_recommendations",
                plan_id=self.plan_id,
                theme=theme,
                text=body,
                ref=num,
                line=line,
            )
            number = None
