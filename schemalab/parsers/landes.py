"""Landes (40): Schéma landais de protection de l'enfance 2024-2028.

Anatomy of the document (data/raw/40_landes_2024-2028.txt, ~1,765 lines, clean UTF-8
converted from a Word-made PDF, no OCR damage):

- Cover ("Schéma landais de protection de l'enfance" / "2024-2028"), a TSV *Sommaire*
  whose axis list is packed into one HTML ``<ul>`` cell, the Edito (the plan's only
  money figure: "plus de 60 millions d'euros" a year), method, territorialisation.
- Five axes. Each has a **divider** (``Axe N : title`` then ``Objectif k : …`` lines),
  one or two "Les données clefs" pages (bare ``Axe N`` line, title on the next line),
  a **summary list** ``- **Action N** : title`` (duplicates, not sheets) and the
  **sheets**. Objectives are numbered 1-12 across the whole plan.
- A sheet is one page::

      Schéma landais de protection de l'enfance 2024-2028   <- running header
      Axe 1 : Renforcer …                                   <- axis (``Axe 4:`` for 4-5)
      Objectif 1 : Agir le plus précocement …               <- objective, sheet wording
      Fiche action 1                                        <- the anchor (26 hits)
      Développer et territorialiser …                       <- title
      OBJECTIFS POURSUIVIS / MODALITES DE MISE EN ŒUVRE / PILOTE(S) /
      ACTEURS ASSOCIES / INDICATEURS / RESSOURCES / CALENDRIER

  Headings are alone on their line, in capitals without accents except "ŒUVRE".
  Items are ``- `` bullets (some ``**bold**``); nested items are `` - ✓ …`` or `` - …``
  with one leading space.
- After sheet 26: governance ("La gouvernance et le calendrier de mise en œuvre du
  schéma"), then four TSV Gantt tables ``Action(s)\\tPilotes\\t2024…2028`` whose year
  cells are **all empty** (shading lost), then the glossary.

Conventions and traps handled here:

1. Only ``Fiche action N`` starts a sheet; the summary lists and the final Gantt table
   repeat every title (with different wording) and are ignored.
2. No page header between the last sheet of an axis and the next axis divider: the
   ``Axe N``/``Objectif k`` lines are stop lines, so CALENDRIER never absorbs them.
3. Sheet 23 prints an empty RESSOURCES heading right above INDICATEURS, whose four
   bullets mix two indicators and two resources. Rule (:meth:`fix_fields`): when
   RESSOURCES is empty, the INDICATEURS items that read as means ("Temps…",
   "Coût…", "Financement…", "Formation des agents…", "Moyens…", "Budget…") move to
   the resources text.
4. Sub-actions are the top-level bullets of MODALITES DE MISE EN ŒUVRE; nested ✓
   items stay with their parent (not separate sub-actions).
5. Partners: one row per bullet, as printed ("CAF, MSA" is one row).
6. Calendar: CALENDRIER bullets state years ("2024-2028", "2025 – élaboration");
   each year is a calendar row (source ``sheet``) labelled with the phase when one
   is printed. The final Gantt is unrecoverable and not used; pilots come from the
   sheets, not from the Gantt (they differ).
7. Axis titles: the body form (divider) is used, e.g. axis 5 "…pour l'enfance et la
   famille"; objectives use the sheet-header wording (the divider of axis 2 swaps
   objectives 5 and 6).
8. Indicators carry no kind in this plan (kind null). No sheet names an amount.
"""

from __future__ import annotations

import re

from schemalab.extract import clean_inline
from schemalab.parsers.base import BaseParser, Document, ParseResult, Sheet

_AXIS = re.compile(r"^Axe (?P<n>\d+)\s*:\s*(?P<title>\S.*)$")
_OBJECTIVE = re.compile(r"^Objectif (?P<n>\d+)\s*:\s*(?P<title>\S.*)$")
#: What a means/resources item reads like (trap 3).
_RESOURCE_LIKE = re.compile(r"^(Temps|Co[uû]ts?|Financements?|Formation des agents|Moyens|Budget)\b", re.I)


class LandesParser(BaseParser):
    code = "40"
    name = "Landes"
    detect_pattern = re.compile(r"Schéma landais de protection de l'enfance")
    sheet_start = re.compile(r"^Fiche action (?P<id>\d+)\s*$")
    sheets_end = re.compile(r"^La gouvernance et le calendrier de mise en œuvre", re.I)
    heading_aliases = {
        "OBJECTIFS POURSUIVIS": "objectives",
        "MODALITES DE MISE EN OEUVRE": "sub_actions",
        "PILOTE(S)": "pilots",
        "ACTEURS ASSOCIES": "partners",
        "INDICATEURS": "indicators",
        "RESSOURCES": "resources",
        "CALENDRIER": "calendar",
    }
    expected_fields = tuple(heading_aliases.values())
    heading_pattern = re.compile(r"^[A-ZÉÈÊÀŒ()' ]{8,}$")
    skip_patterns = (re.compile(r"^Schéma landais de protection de l'enfance \d{4}-\d{4}\s*$"),)
    stop_patterns = (_AXIS, re.compile(r"^Axe \d+\s*$"), _OBJECTIVE)

    def parse_axes(self, doc: Document) -> list[dict]:
        """Axes from the dividers: the first ``Axe N : title`` line of each number."""
        axes: dict[str, dict] = {}
        for n, m in doc.find(_AXIS):
            num = m.group("n")
            if num not in axes:
                axes[num] = {
                    "plan_id": self.plan_id,
                    "axis_id": num,
                    "position": int(num),
                    "title": clean_inline(m.group("title")),
                    "first_line": n,
                }
        return list(axes.values())

    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        """Title: first line after the anchor; axis and objective: the lines above it."""
        super().sheet_header(doc, sheet)
        for n in range(sheet.start - 1, max(sheet.start - 10, 0), -1):
            text = doc.line(n)
            m = _OBJECTIVE.match(text)
            if m and sheet.objective is None:
                sheet.objective_id = m.group("n")
                sheet.objective = clean_inline(m.group("title"))
            m = _AXIS.match(text)
            if m:
                sheet.axis_id = m.group("n")
                break

    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Trap 3: an empty RESSOURCES heading above INDICATEURS holding both lists."""
        f = sheet.fields
        if "resources" in f and not any(t.strip() for _, t in f["resources"]) and f.get("indicators"):
            keep, moved = [], []
            for n, text in f["indicators"]:
                (moved if _RESOURCE_LIKE.match(clean_inline(text)) else keep).append((n, text))
            if moved:
                f["indicators"], f["resources"] = keep, moved
                res.warn(
                    sheet.start,
                    f"sheet {sheet.action_id}: empty RESSOURCES; {len(moved)} resource items moved out of INDICATEURS",
                )

    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        """The Edito's yearly spending ("plus de 60 millions d'euros"), plan level."""
        first_sheet = min(r["first_line"] for r in res.tables["actions"])
        for n, text in doc.span(1, first_sheet):
            self.add_amounts(res, text, n, None)
