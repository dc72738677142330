"""Haute-Garonne (31): Schéma départemental de la protection de l'enfance 2021-2025.

Anatomy of the document (data/raw/31_haute-garonne_2021-2025.txt, 2,049 lines, a PDF
converted to a mix of markdown, HTML-in-TSV table rows and bare TSV; no OCR damage):

- Cover: ``**Schéma**`` / ``**départemental**`` / ``**de la protection**`` /
  ``**de l'enfance**`` / ``en Haute-Garonne`` / ``2021 2025`` (the dash is lost).
- COVID pages ("Le département face à la crise"): the 70 M€ plan d'urgences sociales,
  its two 35 M€ volets, many department-wide amounts (not the plan's budget).
- ``# SOMMAIRE``: TSV ``N.M – title<TAB>page`` under ``Orientation stratégique N``
  cells. It is the plan's **only numbering** (1.1 … 6.3). Two entries each cover two
  sheets: ``4.3 } Soutenir la parentalité`` / ``4.4 }`` and ``5.7 } Promouvoir et
  valoriser l'accueil familial`` / ``5.8 }``.
- Context pages, then the Direction enfance et famille spending table (TSV, CA 2015 …
  CA 2020, BP 2021, rows ASE / PMI / JEUNESSE / TOTAL, "Évolution" rows in between).
- Six ``# Orientation stratégique N`` sections (the axes), each followed by ``---``
  and the title as ``## ► title`` (OS3: italic paragraph ``► *title*``; OS6: ``▶``),
  an intro and a bullet list of its actions (duplicates, never sheets).
- ``## Évaluation du schéma`` then the glossary: no sheet after it.

A sheet is a two-column table written **one row per line**, ``<label cell><TAB><value
cell>``, with the label cell in varying markup (``<p><b><u>L</u></b></p>``, ``<b><u>L</u>
</b>``, ``<p><u>L</u></p>``, ``<p><b>L</b></p>``, centred ``<p style=…>``, bare
``<u>L</u>``), or, after a page break, **markdown** labels (``## Acteurs``) and **bold
labels hard-wrapped over 2-3 lines** (``**Risques identifiés  `` / ``(incertitude,  `` /
``complexité)**``). Labels are matched on their folded text, never on their tags.
Rows, in order: ``Axe stratégique`` (the objective; the line above the title),
``Engagement et/ ou nom de l'action`` (the title; **the sheet's line**), ``Contexte``,
``Objectifs``, ``Déclinaison opérationnelle``, ``Cibles (bénéficiaires...)`` (or
``(bénéficiaires)``), ``Résultats attendus``, ``Acteurs``, ``Grandes phases
(calendrier)``, ``Risques identifiés (incertitude, complexité)``, and in five sheets
``Moyens mobilisés (coûts – ressources)``. There is no pilot and no indicator field.

Ids (convention): sheets print no number. ``action_id`` is ``"<orientation>.<rank>"``
from the SOMMAIRE: the TOC numbers of orientation N are given, in order, to the sheets
of the ``# Orientation stratégique N`` section in document order (the sheets appear in
TOC order; a count mismatch is a ParseError). The braces ``4.3 }`` / ``4.4 }`` and
``5.7 }`` / ``5.8 }`` are two numbers for two sheets, numbered in document order. An
excerpt without a SOMMAIRE (golden tests) falls back on the rank of the sheet in its
orientation section, which gives the same ids.

Traps and the rule applied to each:

1. Duplicate titles (SOMMAIRE, "Les enjeux des axes", bullet lists after each
   orientation header) never match the ``Engagement`` label row: not sheets.
2. Title = the whole Engagement cell (OS1 cells hold a heading plus the action name;
   many cells are lists, 4.1 a checkbox list), items joined by spaces, markup, bullets
   (``• ◦ ○ ● ❖ ➤ → ⊙ ⊗ ☉ ▪ ◆ ⚠ -`` and the letter ``o`` used as a bullet) removed.
   ``title_clean`` only normalises the spacing of guillemets (« x », 4.4).
3. Unlabelled continuation rows (``<TAB>value``: empty label cell after a page break)
   and plain markdown runs continue the current field. A label seen twice in one sheet
   (5.8: ``Déclinaison opérationnelle`` as HTML then as wrapped bold markdown) appends
   to the same field.
4. 3.3 puts ``Acteurs`` and ``Grandes phases (calendrier)`` in one label cell: the
   value's paragraphs go to Acteurs, its table to the calendar. 3.4 prints the two
   labels as consecutive markdown lines with the actors below: when Acteurs is empty,
   the calendar field's non-table text moves to Acteurs.
5. Lost line breaks in Acteurs / Résultats attendus (one ``<p>`` holding several printed
   lines; runs of spaces; nothing at all): an entry is each ``<p>``/``<li>``/markdown
   item, split again at runs of 2+ spaces and where a capitalised word restarts after a
   word with no punctuation that is neither a function word (de, la, et…) nor itself
   capitalised (so "Protection Judiciaire de la Jeunesse" stays whole), or after an
   acronym ("DEF MDPH ARS" → 3). Inline commas and dashes never split
   ("DEF – DTS - MDS" is one entry). The prefix "Indicateurs :" (4.2, 4.4) is dropped;
   the circled digits ①②③ of 2.1 (which tie results to Actions 1-3) are kept.
6. Résultats attendus are indicators of kind ``resultat`` (the field's name); Acteurs
   are partners; no pilot is named anywhere (1.3 plans to designate them): none.
7. Sub-actions: in a sheet that numbers its actions (``Action N :``), the numbered
   titles only (``ref`` = "Action N"); otherwise the top-level bullets of the
   Déclinaison, plus ``###`` headings (3.5) and bold-led markdown paragraphs (5.3);
   a bullet starting in lower case continues the previous one (4.5, page break).
8. Calendars: every Gantt (HTML table, the same cells again as TSV after ``</table>``,
   and again as TSV lines; or a bare TSV table; 4.5 has an empty header row; 6.3 a
   header only) has **empty shading cells**: calendar_status ``unrecoverable``, no
   year invented. Dated steps in the Déclinaison (1.6: "d'ici octobre 2021",
   "en juin 2022") become calendar rows (source ``text``) and the sub-action's year,
   when the year is inside the plan period (4.6's "ouverture en janvier 2020" is past,
   not a step). 3.5's calendar is relative text ("Deuxième trimestre de l'année n+1"):
   no year, status ``absent``. 1.1, 1.5, 3.2 print no calendar: ``absent``.
9. Risques identifiés ``/`` (3.5) means none: risks_text null. Empty Moyens (5.5,
   5.6): resources_text null.
10. Money: the only sheet amount is the 500 € prime of 5.7 (printed in its title cell
    and again in its Déclinaison: two lines; the second is ``duplicate_of`` the first).
    The TSV copy after ``</table>`` is never read, so an amount is not counted twice
    from one line.
11. Plan level (action_id null): every amount before the first sheet, qualified by the
    shared rules (:meth:`BaseParser.add_amounts`), plus what only this text shows: the
    spending table is read by column (28 figures: ASE, PMI, JEUNESSE and TOTAL × CA
    2015-2020, BP 2021; ``annual_budget``, ``per_year``, CA = ``consumed``, BP =
    ``planned``, the TOTAL row ``role = total`` with the three policies its components;
    context = the printed row, its column in year and nature); every amount of the
    COVID pages (``## Le département face à la crise``: the two volets' tables) is
    ``outside_scope`` (money for the whole population) unless its own words name child
    protection (the "forfait de scolarité de 50 € par mois et par enfant pour les 460
    assistants familiaux", 31:76, a ``unit_rate``): that one is ``previous_plan``, money of
    the emergency plan the pages date before the plan ("Dès le mois d'avril 2020", 31:43;
    :func:`schemalab.extract.emergency_plan_dated_before`), not the plan's; "500 000
    €/mois pour le Conseil départemental, soit 2 M€ depuis le début de la crise sanitaire"
    (31:95) prints one amount twice, the 2 M€ its running total (``duplicate_of`` the
    500 000 €: :func:`schemalab.extract.restated_amounts`); the diagnosis's "Revenu
    médian" table (household incomes) and the "1 071 euros par unité de consommation"
    poverty line are statistics, not amounts: not kept. The 2020
    sentence above the table ("la dépense progresse de 19 %, soit 34 245 522 Euros et
    atteint 212 139 607 euros") gives a variation and the 2020 spending, which the TOTAL
    CA 2020 cell repeats (``duplicate_of``).
12. Indicators printed in the risks cell (2.3 l.1124, 5.5 l.1729, 6.2 l.1883), run into
    its text: each "Nombre de …" starting after other words is an indicator (kind null,
    heading_raw the risks heading); risks_text keeps the words before it.
"""

from __future__ import annotations

import re

from schemalab.extract import (
    ParseError,
    budget_column,
    clean_inline,
    emergency_plan_dated_before,
    html_table_rows,
    is_total_label,
    relative_schedule,
    strip_emphasis,
    strip_html,
)
from schemalab.parsers.base import BaseParser, Document, Lines, ParseResult, Sheet, heading_key, record_heading

_ORIENTATION = re.compile(r"^#\s+Orientation stratégique\s+(?P<n>\d+)\s*$")
_SHEETS_END = re.compile(r"^#{1,2}\s+Évaluation du schéma\s*$")
_TOC_START = re.compile(r"^#\s+SOMMAIRE\s*$")
_TOC_ORIENTATION = re.compile(r"Orientation stratégique\s+(?P<n>\d+)")
_TOC_ENTRY = re.compile(r"^(?P<o>\d)\.(?P<r>\d{1,2})\s*[–\-}]")
_AXIS_TITLE = re.compile(r"^(?:#+\s*)?[►▶]\s*(?P<t>\S.*)$")

#: Folded label text → field ("objective" and "title" are the sheet header).
_LABELS = {
    "AXE STRATEGIQUE": "objective",
    "ENGAGEMENT ET/ OU NOM DE L'ACTION": "title",
    "CONTEXTE": "context",
    "OBJECTIFS": "objectives",
    "DECLINAISON OPERATIONNELLE": "sub_actions",
    "CIBLES (BENEFICIAIRES...)": "targets",
    "CIBLES (BENEFICIAIRES)": "targets",
    "RESULTATS ATTENDUS": "results",
    "ACTEURS": "partners",
    "GRANDES PHASES (CALENDRIER)": "calendar",
    "RISQUES IDENTIFIES (INCERTITUDE, COMPLEXITE)": "risks",
    "MOYENS MOBILISES (COUTS – RESSOURCES)": "resources",
}

#: Leading bullet glyphs of this plan (trap 2), including the letter "o".
_GLYPH = re.compile(r"^(?:#{1,6}(?=\s)|[•◦○●❖➤→⊙⊗☉▪◆⚠\-–]|o(?=\s))\s*")
_BLOCK_TAG = re.compile(r"<(/?)(p|li|ul|ol|h\d)\b[^>]*>", re.I)
_TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)
_ACTION = re.compile(r"^Action\s*(?P<n>\d+)\s*:?\s*(?P<t>.*)$")
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
#: A dated step: "d'ici octobre 2021", "en juin 2022", "courant 2023".
_DATED = re.compile(
    rf"(?:d'ici|en|avant|fin|début|courant|dès|à partir de|jusqu'en)\s+(?:(?:le\s+)?(?:\d{{1,2}}(?:er)?\s+)?(?:{_MONTHS})\s+)?(?P<y>20\d\d)\b"
)
_FUNCTION_WORDS = frozenset(
    "de du des la le les l d à au aux en et ou par pour sur avec entre dans vers chez sans sous un une son sa ses "
    "leur leurs notre nos ce cette ces que qui dont of".split()
)
_TITLE_WORD = re.compile(r"^[«(\"]?[A-ZÀÂÉÈÊÎÔÙÛÇŒ][a-zàâäéèêëîïôöùûüçœ'’-]")
_ACRONYM = re.compile(r"^(?:[ldLD]['’])?/?[A-ZÀÂÉÈÊÎÔÙÛÇ]{2,}[0-9]*(?:/[A-ZÀÂÉÈÊÎÔÙÛÇ]{2,})*$")


#: An indicator run into the risks cell: "Nombre de" at a capital N after other words.
_RISK_INDICATOR = re.compile(r"(?<=[\w.)])\s+(?=Nombre d(?:e|es|u|')\b)")


def _fold(text: str) -> str:
    return heading_key(text.replace("’", "'").lstrip("#").strip())


def _label(cell: str) -> str | None:
    """Field of a label cell or markdown label, or None."""
    return _LABELS.get(_fold(cell))


def _clean(text: str) -> str:
    """Cell text as a reader sees it, without this plan's bullet glyphs."""
    s = clean_inline(strip_html(text), bullet=False)
    prev = None
    while prev != s:
        prev, s = s, _GLYPH.sub("", s).strip()
    return s


def _html_items(value: str) -> list[tuple[int, str]]:
    """Paragraphs and list items of an HTML cell, as ``(level, raw text)``.

    Level 0 is a paragraph or bare text, 1 a top-level ``<li>``, 2 a nested one.
    Tables are left out (read by :func:`_gantt`).
    """
    value = _TABLE.sub(" ", value)
    out: list[tuple[int, str]] = []
    depth, level, buf = 0, 0, []

    def flush():
        text = "".join(buf)
        buf.clear()
        if strip_html(text).strip():
            out.append((level, text))

    pos = 0
    for m in _BLOCK_TAG.finditer(value):
        buf.append(value[pos : m.start()])
        pos = m.end()
        closing, tag = m.group(1) == "/", m.group(2).lower()
        flush()
        if tag in ("ul", "ol"):
            depth += -1 if closing else 1
            level = 0 if depth == 0 else level
        elif tag == "li":
            level = depth if not closing else level
        elif tag == "p" and not closing:
            level = 0 if depth == 0 else level
    buf.append(value[pos:])
    flush()
    return out


def _restarts(prev: str, word: str) -> bool:
    """Trap 5: does ``word`` start a new entry after ``prev`` (a lost line break)?"""
    acronym = bool(_ACRONYM.match(prev))
    if word.startswith("/"):
        return False
    if not (_TITLE_WORD.match(word) or (acronym and _ACRONYM.match(word))):
        return False
    if prev.lower().strip("'’") in _FUNCTION_WORDS:
        return False
    no_punct = bool(re.search(r"[a-zàâäéèêëîïôöùûüçœ0-9)»%]$", prev))
    capitalised = bool(_TITLE_WORD.match(prev)) and not acronym
    return acronym or (no_punct and not capitalised)


def _wrap_breaks(prev_line: str, line: str) -> bool:
    """Is a hard wrap between two printed markdown lines an entry break?

    A wrap is a break unless the next line starts in lower case, the previous ends on
    a function word or punctuation that announces more (``:``, ``,``, ``-``), or a
    capitalised name runs across it ("… : Direction" / "Enfance et Famille …").
    """
    last, words = prev_line.split(" ")[-1], line.split(" ")
    if not _TITLE_WORD.match(words[0]) and not _ACRONYM.match(words[0]):
        return False
    if last.lower().strip("'’") in _FUNCTION_WORDS or re.search(r"[:,\-–]$", last):
        return False
    if _TITLE_WORD.match(last) and len(words) > 1 and (words[1] == "et" or _TITLE_WORD.match(words[1])):
        return False
    return True


def _split_entries(text: str) -> list[str]:
    """Trap 5: one printed cell → its entries (lost line breaks reconstructed)."""
    out = []
    for chunk in re.split(r"\s{2,}", text.strip()):
        words = _clean(chunk).split(" ")
        cur: list[str] = []
        for w in words:
            if cur and _restarts(cur[-1], w):
                out.append(" ".join(cur))
                cur = []
            cur.append(w)
        if cur:
            out.append(" ".join(cur))
    return _drop_prefix(out)


def _drop_prefix(entries: list[str]) -> list[str]:
    out = [re.sub(r"^Indicateurs\s*:\s*", "", e) for e in entries]
    return [e for e in out if e]


def _split_wrapped(lines: Lines) -> list[tuple[int, str]]:
    """Entries of a run of hard-wrapped markdown lines: only line ends may break."""
    out: list[tuple[int, str]] = []
    for n, raw in lines:
        line = _clean(raw)
        if not line:
            continue
        if out and not _wrap_breaks(out[-1][1], line):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line}")
        else:
            out.append((n, line))
    return [(n, d[0]) for n, e in out if (d := _drop_prefix([e]))]


def _gantt(lines: Lines) -> dict:
    """Gantt tables of a calendar field: rows, whether any cell is shaded, other text."""
    rows: dict[str, int] = {}
    marked: list[tuple[int, str, str]] = []
    header = False
    text: Lines = []
    for n, raw in lines:
        tables = _TABLE.findall(raw)
        head = raw.split("</table>")[0] if tables else raw
        for t in tables:
            header = True
            years_row: list[str] = []
            for row in html_table_rows(t):
                cells = [clean_inline(c) for c in row]
                if not cells:
                    continue
                if cells[0] in ("Actions", "") and all(re.fullmatch(r"(20\d\d)?", c) for c in cells[1:]):
                    years_row = cells[1:]
                    continue
                rows.setdefault(cells[0], n)
                for y, c in zip(years_row, cells[1:], strict=False):
                    if c:
                        marked.append((n, cells[0], y))
        if tables:
            for _level, item in _html_items(head):
                text.append((n, item))
            continue
        cells = [clean_inline(c) for c in raw.split("\t")]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if "\t" in raw and filled[0] == "Actions" and all(re.fullmatch(r"20\d\d", c) for c in filled[1:]):
            header = True
            continue
        if "\t" in raw and header:
            label_at = next(i for i, c in enumerate(cells) if c)
            rows.setdefault(filled[0], n)
            if len(filled) > 1:
                marked.extend((n, filled[0], c) for c in cells[label_at + 1 :] if c)
            continue
        for _level, item in _html_items(raw):
            text.append((n, item))
    return {"gantt": header, "rows": rows, "marked": marked, "text": text}


class HauteGaronneParser(BaseParser):
    code = "31"
    name = "Haute-Garonne"
    detect_pattern = re.compile(r"^en Haute-Garonne\s*$", re.M)
    detect_lines = 20
    heading_aliases = {k: v for k, v in _LABELS.items() if v not in ("objective", "title")}
    calendar_when_empty = "absent"

    # -- plan --------------------------------------------------------------------
    def plan_title(self, doc: Document):
        """Cover lines up to the period line "2021 2025" (its dash lost)."""
        parts = []
        for _n, text in doc.span(1, 20):
            t = clean_inline(text)
            if not t:
                continue
            m = re.fullmatch(r"(20\d\d)\s*[-–]?\s*(20\d\d)", t)
            if m:
                return " ".join(parts), int(m.group(1)), int(m.group(2))
            parts.append(t)
        return None, None, None

    # -- axes --------------------------------------------------------------------
    def parse_axes(self, doc: Document) -> list[dict]:
        """``# Orientation stratégique N`` then the first ``►``/``▶`` title line."""
        axes = []
        for n, m in doc.find(_ORIENTATION):
            title = None
            for _k, text in doc.span(n + 1, n + 8):
                t = _AXIS_TITLE.match(text.strip())
                if t:
                    title = clean_inline(t.group("t"))
                    break
            if title is None:
                raise ParseError(doc.source, n, f"a '► title' line after Orientation stratégique {m.group('n')}")
            num = m.group("n")
            axes.append(
                {"plan_id": self.plan_id, "axis_id": num, "position": int(num), "title": title, "first_line": n}
            )
        return axes

    # -- segment -----------------------------------------------------------------
    def toc_ids(self, doc: Document) -> dict[str, list[str]]:
        """SOMMAIRE numbers per orientation, in order ({} when there is no SOMMAIRE)."""
        starts = doc.find(_TOC_START)
        if not starts:
            return {}
        ids: dict[str, list[str]] = {}
        current = None
        for _n, text in doc.span(starts[0][0] + 1, len(doc.lines) + 1):
            if text.startswith("## "):
                break
            cell = clean_inline(text.split("\t")[0])
            m = _TOC_ORIENTATION.match(cell)
            if m:
                current = m.group("n")
                ids.setdefault(current, [])
                continue
            m = _TOC_ENTRY.match(cell)
            if m and current == m.group("o"):
                ids[current].append(f"{m.group('o')}.{m.group('r')}")
        return ids

    def segment(self, doc: Document) -> list[Sheet]:
        """One sheet per ``Engagement`` label row; it ends at the next sheet's
        ``Axe stratégique`` row, an orientation header or the evaluation section."""
        boundaries = [n for n, _ in doc.find(_ORIENTATION)] + [n for n, _ in doc.find(_SHEETS_END)]
        found = []  # (axis, line of Axe row, line of Engagement row)
        axis = None
        for n, text in doc.span(1, len(doc.lines) + 1):
            m = _ORIENTATION.match(text)
            if m:
                axis = m.group("n")
                continue
            if "\t" in text and _label(text.split("\t")[0]) == "title":
                prev = doc.line(n - 1) if n > 1 else ""
                if axis is None or "\t" not in prev or _label(prev.split("\t")[0]) != "objective":
                    raise ParseError(
                        doc.source, n, "an 'Axe stratégique' row above the sheet title, inside an orientation"
                    )
                found.append((axis, n - 1, n))
        toc = self.toc_ids(doc)
        by_axis: dict[str, int] = {}
        for a, _s, _t in found:
            by_axis[a] = by_axis.get(a, 0) + 1
        for a, count in by_axis.items():
            if toc and len(toc.get(a, [])) != count:
                raise ParseError(
                    doc.source,
                    None,
                    f"{len(toc.get(a, []))} SOMMAIRE numbers for orientation {a}; found {count} sheets",
                )
        sheets = []
        rank: dict[str, int] = {}
        for i, (a, axe_line, title_line) in enumerate(found):
            rank[a] = rank.get(a, 0) + 1
            aid = toc[a][rank[a] - 1] if toc else f"{a}.{rank[a]}"
            nxt = found[i + 1][1] if i + 1 < len(found) else len(doc.lines) + 1
            end = min([b for b in boundaries if b > title_line] + [nxt])
            sheet = Sheet(action_id=aid, start=title_line, end=end, axis_id=a)
            sheet.extra["axe_line"] = axe_line
            sheets.append(sheet)
        return sheets

    # -- fields ------------------------------------------------------------------
    def _md_label(self, doc: Document, n: int, end: int) -> tuple[str, int] | None:
        """A markdown label starting at line ``n``: (field, lines it spans)."""
        first = doc.line(n).strip()
        if not (first.startswith("#") or first.startswith("**")):
            return None
        for span in (3, 2, 1):
            if n + span > end:
                continue
            chunk = [doc.line(k) for k in range(n, n + span)]
            if any(not c.strip() or "\t" in c for c in chunk):
                continue
            field = _label(" ".join(c.strip() for c in chunk))
            if field:
                return field, span
        return None

    def split_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> dict[str, Lines]:
        """Rows → fields. HTML cells become markdown-like lines (``- item``, ``  - item``,
        paragraphs); calendar lines stay raw (read by :func:`_gantt`)."""
        fields: dict[str, Lines] = {}
        current = None

        def put(field: str, n: int, value: str) -> None:
            lines = fields.setdefault(field, [])
            if field == "calendar":
                lines.append((n, value))
                return
            for level, item in _html_items(value):
                text = strip_html(item).strip()
                lines.append((n, text if level == 0 else "  " * (level - 1) + "- " + text))

        axe = doc.line(sheet.extra["axe_line"])
        put("objective", sheet.extra["axe_line"], axe.split("\t", 1)[1])
        n = sheet.start
        while n < sheet.end:
            text = doc.line(n)
            if "\t" in text:
                label_cell, value = text.split("\t", 1)
                labels = [_label(p) for p in re.split(r"</p>\s*<p[^>]*>", label_cell)]
                if label_cell.strip() and all(labels) and len(labels) > 1:
                    # Trap 4 (3.3): two labels in one cell; paragraphs to the first,
                    # the table to the second.
                    head = value.split("</table>")[0] + "</table>"
                    put(labels[0], n, _TABLE.sub(" ", head))
                    put(labels[-1], n, "".join(_TABLE.findall(head)))
                    current = labels[-1]
                elif label_cell.strip() and _label(label_cell):
                    current = _label(label_cell)
                    record_heading(sheet, current, strip_html(label_cell))
                    put(current, n, value)
                elif current is not None:
                    # Continuation row (empty label cell) or a TSV Gantt row.
                    put(current, n, text if current == "calendar" else value if not label_cell.strip() else text)
                n += 1
                continue
            md = self._md_label(doc, n, sheet.end)
            if md:
                current = md[0]
                record_heading(sheet, current, " ".join(doc.line(k) for k in range(n, n + md[1])))
                fields.setdefault(current, [])
                n += md[1]
                continue
            if text.strip() and current is not None:
                if current == "calendar":
                    self._md_lines.add(n)
                    fields[current].append((n, text))
                elif re.match(r"^\s*(?:[-*]|#{1,6})\s", text) or not re.search(r"<[a-z/]", text):
                    self._md_lines.add(n)
                    fields.setdefault(current, []).append((n, text if text.endswith("  ") else text.rstrip()))
                else:
                    put(current, n, text)
            n += 1
        return fields

    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Trap 4 (3.4): Acteurs label with no text, actors printed under the calendar label."""
        f = sheet.fields
        if "partners" in f and not any(t.strip() for _, t in f["partners"]) and "calendar" in f:
            g = _gantt(f["calendar"])
            if g["text"]:
                moved = {n for n, _ in g["text"]}
                f["partners"] = [(n, t) for n, t in f["calendar"] if n in moved]
                f["calendar"] = [(n, t) for n, t in f["calendar"] if n not in moved]

    # -- extract -----------------------------------------------------------------
    def text_of(self, lines: Lines, sep: str = "\n") -> str | None:
        """A free-text field, cleaned of this plan's glyphs; items joined by ``sep``."""
        parts = [_clean(t) for _, t in lines]
        parts = [p for p in parts if p]
        return sep.join(parts) or None

    def _entries(self, lines: Lines) -> list[tuple[int, str]]:
        """Entries of Acteurs / Résultats attendus (trap 5)."""
        out: list[tuple[int, str]] = []
        block: Lines = []
        block_line = None

        def flush():
            nonlocal block_line
            if block:
                out.extend(_split_wrapped(block))
            block.clear()
            block_line = None

        for n, text in lines:
            if n in self._md_lines and text.strip():
                # A markdown run: its lines ending in "  " are hard-wrapped.
                if block_line is None:
                    block_line = n
                block.append((n, strip_emphasis(text.strip())))
                if not text.endswith("  "):
                    flush()
                continue
            flush()
            out.extend((n, e) for e in _split_entries(text))
        flush()
        return out

    def _sub_actions(self, lines: Lines) -> list[dict]:
        """Steps of the Déclinaison opérationnelle, each with the bullets printed under it.

        Numbered sheets ("Action 1 : …"): every "Action N" is a step, the bullets until
        the next are its details. Other sheets: every top-level bullet (or bold
        paragraph) is a step; what follows it before the next step is its details
        (nested bullets, the items a step ending with ":" introduces, lower-case
        bullets completing it); a lower-case line after a step that does not end a
        sentence is its page-break continuation (2.2 l.1098-1100), joined to it.
        """
        items = [(n, t, _clean(t)) for n, t in lines]
        numbered = any(_ACTION.match(c) for _n, _t, c in items)
        out: list[dict] = []

        def attach(text: str) -> None:
            step = out[-1]
            if step["details"] and text[0].islower() and not re.search(r"[.;:!?]$", step["details"][-1]):
                step["details"][-1] += " " + text  # a detail cut at a page break
            elif not step["details"] and text[0].islower() and not re.search(r"[.;:!?]$", step["text"]):
                step["text"] += " " + text  # the step itself cut at a page break
            else:
                step["details"].append(text)

        for n, raw, text in items:
            if not text:
                continue
            if numbered:
                m = _ACTION.match(text)
                if m:
                    t = _clean(m.group("t").lstrip(":").strip())
                    out.append({"line": n, "ref": f"Action {m.group('n')}", "text": t, "details": []})
                elif out:
                    attach(text)
                continue
            top = re.match(r"^(?:-|\*|#{1,6}(?:\s+-)?)\s", raw)
            bold_para = raw.startswith("**")
            if (top or bold_para) and not text[0].islower():
                out.append({"line": n, "ref": None, "text": text, "details": []})
            elif out:
                attach(text)
        for step in out:
            step["details"] = "\n".join(step["details"]) or None
        return out

    def extract_sheet(self, doc: Document, sheet: Sheet, position: int, res: ParseResult) -> None:
        f = sheet.fields
        aid = sheet.action_id
        sheet.title = self.text_of(f.get("title", []), sep=" ") or ""
        sheet.objective = self.text_of(f.get("objective", []), sep=" ")
        if not sheet.title:
            raise ParseError(doc.source, sheet.start, f"a title for sheet {aid}")
        for n, name in self._entries(f.get("partners", [])):
            self.add_actor(res, aid, "partner", name, n)
        headings = sheet.extra.get("headings", {})
        for n, text in self._entries(f.get("results", [])):
            self.add_indicator(res, aid, text, "resultat", n, heading=headings.get("results"))
        # Trap 12 (2.3, 5.5, 6.2): indicators printed in the risks cell, run
        # into its text ("… Communication autour de ce dispositif Nombre de coordinateurs
        # formés Nombre de conférences…"): each "Nombre de …" is an indicator.
        risk_lines: Lines = []
        for n, text in f.get("risks", []):
            parts = _RISK_INDICATOR.split(text)
            kept = parts[0].rstrip()
            for item in parts[1:]:  # kind: the plan prints none for them
                self.add_indicator(res, aid, clean_inline(item), None, n, heading=headings.get("risks"))
            risk_lines.append((n, kept))
        f["risks"] = risk_lines
        found_years = False
        for sa in self._sub_actions(f.get("sub_actions", [])):
            ys = [
                int(m.group("y"))
                for m in _DATED.finditer(sa["text"])
                if self.period[0] <= int(m.group("y")) <= self.period[1]
            ]
            self.add_sub_action(
                res,
                aid,
                sa["text"],
                sa["line"],
                year=ys[0] if len(ys) == 1 else None,
                details=sa["details"],
                ref=sa["ref"],
            )
            for y in ys:
                found_years = True
                self.add_calendar(res, aid, y, source="text", line=sa["line"], label=sa["text"])
        g = _gantt(f.get("calendar", []))
        for n, label, year in g["marked"]:
            if re.fullmatch(r"20\d\d", year):
                found_years = True
                self.add_calendar(res, aid, int(year), source="gantt", line=n, label=label)
        if found_years:
            status = "explicit"
        elif g["gantt"]:
            status = "unrecoverable"
        elif any(relative_schedule(strip_html(t)) for _n, t in f.get("calendar", [])):
            status = "relative"  # 3.5 l.1292: "Deuxième trimestre de l'année n+1"
        else:
            status = "absent"
        for n, text in doc.span(sheet.start, sheet.end):
            # Trap 10: the TSV copy after </table> repeats the table's cells.
            self.add_amounts(res, text.split("</table>")[0].split("\t", 1)[-1], n, aid)
        risks = self.text_of(f.get("risks", []))
        self.add_action(
            doc, sheet, position, res, status,
            objective_id=None, risks_text=None if risks in (None, "/") else risks,
        )  # fmt: skip

    def clean_title(self, title: str) -> str:
        """Guillemets spaced as in French typography: « x »."""
        return re.sub(r"«\s*", "« ", re.sub(r"\s*»", " »", title))

    def last_line(self, doc: Document, sheet: Sheet) -> int:
        nos = [n for lines in sheet.fields.values() for n, text in lines if text.strip()]
        return max(nos, default=sheet.start)

    # -- plan level --------------------------------------------------------------
    def parse(self, data, source="<text>", manifest=None, *, strict=False):
        """Remember the period (dated steps outside it are history) and reset state."""
        #: Lines kept as markdown in split_fields (their "  " ends are hard wraps).
        self._md_lines: set[int] = set()
        if manifest is not None:
            self.period = (manifest.period_start, manifest.period_end)
        else:
            self.period = (2021, 2025)
        return super().parse(data, source, manifest, strict=strict)

    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        """Trap 11: every amount before the first sheet; the spending table read by column."""
        first_sheet = min(r["first_line"] for r in res.tables["actions"])
        table_title = None
        columns: list[str] = []
        covid = covid_past = False
        header = ""
        for n, text in doc.span(1, first_sheet):
            cells = [clean_inline(c) for c in text.split("\t")]
            if text.startswith("#"):
                # Trap 11: the COVID pages, money for the whole population, of a plan the
                # pages date before this one ("Dès le mois d'avril 2020", 31:43).
                covid = bool(re.match(r"#+\s*Le département face à la crise", text))
                if covid:
                    end = next((m for m, t in doc.span(n + 1, first_sheet) if t.startswith("#")), first_sheet)
                    section = "\n".join(t for _m, t in doc.span(n + 1, end))
                    covid_past = emergency_plan_dated_before(section, self.period[0])
            if cells and cells[0].startswith("EVOLUTION DES DEPENSES DE LA DIRECTION ENFANCE ET FAMILLE"):
                table_title = cells[0]
                continue
            if table_title and not cells[0] and any(budget_column(c) for c in cells):
                columns = cells
                continue
            if table_title and columns and cells[0] and not cells[0].startswith("Évolution"):
                if len(cells) != len(columns):
                    table_title, columns = None, []
                    continue
                row_text = " | ".join(cells)
                for col, cell in zip(columns[1:], cells[1:], strict=True):
                    value = re.sub(r"[\s€]", "", cell)
                    header = budget_column(col)
                    if not value.isdigit() or header is None:
                        continue
                    nature, year = header
                    self.add_budget_line(
                        res,
                        n,
                        None,
                        amount_eur=float(value),
                        amount_raw=cell,
                        nature=nature,
                        context=row_text,  # the printed row; its column is in year and nature
                        year=year,
                        scope="annual_budget",
                        periodicity="per_year",
                        role="total" if is_total_label(cells[0]) else "single",
                    )
                continue
            if table_title and columns and not text.strip():
                table_title, columns = None, []
            # Trap 11: a table row is read with its block's header row (the first TSV
            # line): the "Revenu médian" table of the diagnosis holds household incomes,
            # no money (the shared rule leaves them out, :meth:`add_amounts`).
            if "\t" not in text:
                header = ""
            elif not header:
                header = text
            added = self.add_amounts(res, text, n, None, scope="outside_scope" if covid else None, header=header)
            if covid and covid_past and added:
                # Trap 11: an amount of the COVID pages naming child protection (the shared
                # rule lifted its outside_scope) is the 2020 emergency plan's money: a past
                # period's, not the plan's, whatever else its words say.
                for row in res.tables["budget_lines"][-added:]:
                    if row["scope"] not in ("outside_scope", "third_party"):
                        row["scope"] = "previous_plan"
