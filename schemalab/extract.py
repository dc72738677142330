"""Shared extractors used by every département parser.

Small pure functions, each table-tested in tests/test_extract.py:

- :func:`normalise_lines`: raw bytes/text → lines, with line numbers preserved
  (CRLF/CR, NFC, BOM, NUL bytes handled; the number of lines never changes).
- :func:`clean_inline`: strip markdown emphasis, inline HTML and bullet glyphs.
- :func:`parse_bullets`: a block of lines → top-level list items with their nested
  items, continuation lines joined.
- :func:`years`: "2025 – 2027" → [2025, 2026, 2027].
- :func:`euro_amounts`: "12,5 k€" → 12500.0, "10 M€" → 10000000.0, ...
- :func:`semester`: "S1", "1er semestre" → 1.
- :func:`inline_tokens`, :func:`html_table_rows`, :func:`year_header`,
  :func:`semester_row`: cells of converted tables (TSV rows holding inline HTML
  lists, HTML tables, semester Gantt headers).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field


class ParseError(ValueError):
    """A raw file could not be parsed: names the file, the line and what was expected."""

    def __init__(self, source: str, line: int | None, expected: str):
        self.source = source
        self.line = line
        self.expected = expected
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {expected}")


# Normalisation ----------------------------------------------------------------------


def decode(data: bytes | str, source: str = "<text>") -> str:
    """Decode raw bytes as UTF-8 (BOM allowed); refuse binary input with a ParseError."""
    if isinstance(data, str):
        return data
    if b"\x00" in data[:4096]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError(source, line, "a text file (UTF-8); found NUL bytes: is this a binary file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(source, line, f"UTF-8 text; undecodable byte at offset {exc.start}") from None


def normalise_lines(data: bytes | str, source: str = "<text>") -> list[str]:
    """Raw text → list of lines (index 0 is line 1), line numbers preserved.

    Windows and old-Mac line endings become ``\\n``; Unicode is put in NFC form (so
    NFD-decomposed accents parse the same); a BOM is dropped; non-breaking and other
    exotic spaces become plain spaces; trailing whitespace is kept out of the way by
    callers (:func:`clean_inline`).
    """
    text = decode(data, source)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_SPACES)
    return text.split("\n")


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200b": ""})

# Inline cleaning --------------------------------------------------------------------

_TAG = re.compile(r"<[^>]{0,400}>")
_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])")
_BULLET = re.compile(r"^\s*(?:[-*+•●▪◦○■□✓✔➢➤►→o]|\d{1,2}[.)])\s+")
_WS = re.compile(r"\s+")


def strip_emphasis(s: str) -> str:
    """Remove markdown ``**bold**``, ``__bold__`` and ``*italic*`` markers."""
    prev = None
    while prev != s:
        prev = s
        s = _EMPH.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), s)
    return s.replace("**", "")


def strip_html(s: str) -> str:
    """Drop inline HTML tags (``<br>`` becomes a space) and unescape entities."""
    s = re.sub(r"<br\s*/?>", " ", s, flags=re.I)
    return html.unescape(_TAG.sub(" ", s))


def clean_inline(s: str, *, bullet: bool = True) -> str:
    """Text as a reader sees it: no markup, no bullet glyph, single spaces."""
    s = strip_emphasis(strip_html(s))
    if bullet:
        s = _BULLET.sub("", s)
    return _WS.sub(" ", s).strip()


# Bullet lists -----------------------------------------------------------------------

_ITEM = re.compile(r"^(?P<indent>\s*)(?P<glyph>[-*+•●▪◦✓✔➢➤►]|\d{1,2}[.)])\s+(?P<text>.*)$")


@dataclass
class Item:
    """One list item: its text, the line it starts on, and nested items."""

    text: str
    line: int
    children: list[Item] = field(default_factory=list)
    #: The item as printed (markup kept, bullet glyph and outer spaces removed).
    raw: str = ""

    @property
    def full_text(self) -> str:
        """The item followed by its nested items (``item : child; child``)."""
        if not self.children:
            return self.text
        return self.text + " " + "; ".join(c.full_text for c in self.children)


def parse_bullets(lines: list[tuple[int, str]], *, loose: bool = True) -> list[Item]:
    """Top-level items of a block of ``(line_no, text)`` lines.

    An item starts at a bullet glyph; an indented bullet nests under the
    previous top-level item; a non-bullet line continues the previous item (hard-wrapped
    text). With ``loose``, non-empty lines before any bullet become items of their own
    (plans often print a one-item list without a glyph).
    """
    items: list[Item] = []
    last: Item | None = None
    for no, raw in lines:
        if not raw.strip():
            last = None if not items else last
            continue
        m = _ITEM.match(raw)
        if m:
            text = clean_inline(m.group("text"), bullet=False)
            text = clean_inline(text)  # "- ✓ x": the ✓ after the dash
            # Nesting is read from indentation only: a "- ✓" item at column 0 is a
            # top-level item (Landes sheet 11 prints one).
            nested = len(m.group("indent").expandtabs(4)) >= 1 and items
            if not text:
                continue
            raw_text = _BULLET.sub("", m.group("text")).strip()
            if nested:
                child = Item(text, no, raw=raw_text)
                items[-1].children.append(child)
                last = child
            else:
                last = Item(text, no, raw=raw_text)
                items.append(last)
        else:
            text = clean_inline(raw)
            if not text:
                continue
            if last is not None:
                last.text = f"{last.text} {text}".strip()
                last.raw = f"{last.raw} {raw.strip()}".strip()
            elif loose:
                last = Item(text, no, raw=raw.strip())
                items.append(last)
    return items


# Years and semesters ----------------------------------------------------------------

_YEAR = r"(?:19[89]\d|20\d\d)"
_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*(?:[-–—/]|à|au)\s*({_YEAR})(?!\d)")
_SINGLE = re.compile(rf"(?<![\d/.,])({_YEAR})(?![\d/]|,\d|\.\d)")


def years(text: str) -> list[int]:
    """Years stated in ``text``, ranges expanded, in order, without duplicates.

    "2025 – 2027" → [2025, 2026, 2027]; "2024-2028" → 2024..2028; "2025" → [2025].
    Day-month dates ("01/06/2023") and numbers like "2 025" are not years.
    """
    found: list[int] = []
    spans: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 15:
            found.extend(range(a, b + 1))
            spans.append(m.span())
    for m in _SINGLE.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        found.append(int(m.group(1)))
    seen, out = set(), []
    for y in found:
        if y not in seen:
            seen.add(y)
            out.append(y)
    return sorted(out)


_SEM = re.compile(r"\b(?:S\s?([12])|([12])\s*(?:er|e|è?me|nd)?\s*semestre)\b", re.I)


def semester(text: str) -> int | None:
    """1 or 2 for "S1", "S 2", "1er semestre", "2nd semestre"; None otherwise."""
    m = _SEM.search(text)
    if not m:
        return None
    return int(m.group(1) or m.group(2))


# Tables: TSV rows whose cells hold inline HTML, HTML tables, Gantt headers ---------

_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.I | re.S)
_HTML_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.I | re.S)
_GANTT_YEAR = re.compile(r"^(?:19|20)\d\d$")
_PARA = "\x00P"


def inline_tokens(fragment: str, glyphs: dict[str, int]) -> list[tuple[int | None, str]]:
    """An inline-HTML cell → ``(rank, html)`` pieces split at list glyphs and paragraphs.

    ``glyphs`` maps each list glyph to its rank (1 = first level). A piece after a glyph
    has that glyph's rank, a ``<p>`` paragraph has rank 0, loose text before any glyph
    None. Empty pieces are dropped; the HTML of each piece is kept (callers clean it).
    """
    s = re.sub(r"<p(?:\s[^>]*)?>", _PARA, fragment)
    s = s.replace("</p>", " ")
    split = re.compile("(" + "|".join(re.escape(g) for g in [*glyphs, _PARA]) + ")")
    out: list[tuple[int | None, str]] = []
    rank: int | None = None
    for part in split.split(s):
        if part in glyphs:
            rank = glyphs[part]
        elif part == _PARA:
            rank = 0
        elif clean_inline(part, bullet=False):
            out.append((rank, part))
    return out


def html_table_rows(fragment: str) -> list[list[str]]:
    """Rows of an HTML table as lists of cell contents (header cells included)."""
    return [_HTML_CELL.findall(tr) for tr in _HTML_ROW.findall(fragment)]


def year_header(cells: list[str]) -> tuple[int, list[int]] | None:
    """A Gantt year row with two columns per year (``2018 · 2019 · …``).

    Returns the index of the first year's cell and the consecutive years, when ``cells``
    ends with such a row (a header may follow other text on the same line); else None.
    """
    for i, c in enumerate(cells):
        if _GANTT_YEAR.match(c.strip()):
            tail = [x.strip() for x in cells[i:]]
            if not all(_GANTT_YEAR.match(x) for x in tail if x):
                return None
            ys = [int(x) for x in tail if x]
            if any(tail[2 * k] != str(y) for k, y in enumerate(ys) if 2 * k < len(tail)):
                return None
            if ys != list(range(ys[0], ys[0] + len(ys))):
                return None
            return i, ys
    return None


def semester_row(cells: list[str]) -> int | None:
    """Index of the first ``S1`` when the row is a Gantt's ``S1 S2 S1 S2 …`` header row."""
    filled = [c.strip() for c in cells if c.strip()]
    if filled and all(c in ("S1", "S2") for c in filled):
        return next(i for i, c in enumerate(cells) if c.strip() == "S1")
    return None


# Money ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """An explicit amount of money found in a text."""

    value: float
    raw: str
    start: int
    end: int


_NUM = r"\d{1,3}(?:[ .\u202f\u00a0]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_UNIT = (
    r"(?P<unit>k\s?€|K\s?€|k\s?euros?|M\s?€|M\s?euros?|Md\s?€|Mds?\s?€|"
    r"milliards?\s+d['’]\s?euros?|millions?\s+d['’]\s?euros?|mill?iers?\s+d['’]\s?euros?|"
    r"millions?\s+€|milliards?\s+€|€|euros?|EUR)"
)
_AMOUNT = re.compile(rf"(?<![\w,.])(?P<num>{_NUM})\s*{_UNIT}(?![\w])")
_MULT = {"k": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "milliard": 1e9, "million": 1e6, "millier": 1e3, "milier": 1e3}


def _number(s: str) -> float:
    s = re.sub(r"[ .\u202f\u00a0](?=\d{3}\b)", "", s)
    return float(s.replace(",", "."))


def euro_amounts(text: str) -> list[Amount]:
    """Every explicit euro amount in ``text``, converted to euros.

    "12,5 k€" → 12500; "2 000 000 €" → 2000000; "10 M€" → 10000000;
    "60 millions d'euros" → 60000000; "1.200.000 euros" → 1200000.
    """
    out = []
    for m in _AMOUNT.finditer(text):
        unit = m.group("unit").lower().replace(" ", "")
        mult = 1.0
        for prefix in ("milliard", "million", "millier", "milier", "mds", "md", "k", "m"):
            if unit.startswith(prefix) and not unit.startswith("eur"):
                mult = _MULT[prefix]
                break
        try:
            value = _number(m.group("num")) * mult
        except ValueError:
            continue
        out.append(Amount(round(value, 2), m.group(0).strip(), m.start(), m.end()))
    return out


def sentence_around(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence of ``text`` containing ``[start, end)``, cleaned, at most ``limit`` chars."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    s = clean_inline(text[left + 1 : right + 1])
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


# Grids in any markup: pipe tables, HTML tables, TSV rows; Gantt marks by position -----

#: Cells that mark a scheduled period in a Gantt grid (shading printed as text).
GRID_MARKS = ("X", "x", "✓", "✔", "■", "●", "█", "×", "⬛", "▮")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_HTML_TR = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.I | re.S)
_HTML_TH_TD = re.compile(r"<(t[hd])\b[^>]*>(.*?)</t[hd]>", re.I | re.S)


@dataclass
class GridRow:
    """One row of a table printed in any markup, with the line it starts on.

    ``header`` is what the markup says: a pipe row above a ``|---|`` rule, an HTML row of
    ``<th>`` cells, or the first line of a block of TSV lines.
    """

    line: int
    cells: list[str]
    header: bool = False
    markup: str = "tsv"


def grid_rows(lines: list[tuple[int, str]]) -> list[GridRow]:
    """Table rows found in ``(line_no, text)`` lines, whatever the markup.

    Pipe rows (``| a | b |``; the ``|---|`` rule is dropped and marks the row above as a
    header), HTML rows (``<tr>`` … ``</tr>``, possibly over several lines; ``<th>`` cells
    make a header) and TSV lines (cells split on tabs; the first line of a block of TSV
    lines is a header). Cells keep their inline markup (callers clean them); lines that
    are none of these are ignored.
    """
    rows: list[GridRow] = []
    html_buf: list[tuple[int, str]] = []
    prev_tsv = False
    for no, raw in lines:
        s = raw.strip()
        if html_buf or re.search(r"<tr\b", s, re.I):
            html_buf.append((no, s))
            joined = "\n".join(t for _, t in html_buf)
            if joined.lower().count("<tr") > joined.lower().count("</tr>"):
                continue
            first = html_buf[0][0]
            for m in _HTML_TR.finditer(joined):
                at = first + joined[: m.start()].count("\n")
                cells = _HTML_TH_TD.findall(m.group(1))
                header = bool(cells) and all(tag.lower() == "th" for tag, _ in cells)
                rows.append(GridRow(at, [c for _, c in cells], header, "html"))
            html_buf = []
            prev_tsv = False
            continue
        if s.startswith("|") and s.count("|") >= 2:
            if _PIPE_SEPARATOR.match(s):
                if rows and rows[-1].markup == "pipe":
                    rows[-1].header = True
                continue
            inner = s[1:-1] if s.endswith("|") else s[1:]
            rows.append(GridRow(no, [c.strip() for c in inner.split("|")], False, "pipe"))
            prev_tsv = False
            continue
        if "\t" in s:
            rows.append(GridRow(no, raw.rstrip("\n").split("\t"), not prev_tsv, "tsv"))
            prev_tsv = True
            continue
        prev_tsv = False
    return rows


@dataclass(frozen=True)
class GridMark:
    """A marked cell of a Gantt grid: the row's label and the period of its column."""

    line: int
    label: str | None
    year: int
    semester: int | None = None


@dataclass
class Grid:
    """What :func:`gantt_marks` read: the marks, and cells that are neither empty nor a mark."""

    marks: list[GridMark] = field(default_factory=list)
    odd_cells: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0


def _period_columns(cells: list[str]) -> dict[int, int] | None:
    """Column → year of a header row naming at least two consecutive years."""
    cols = {i: int(c) for i, c in ((i, clean_inline(c)) for i, c in enumerate(cells)) if _GANTT_YEAR.match(c)}
    ys = sorted(cols.values())
    if len(ys) < 2 or ys != list(range(ys[0], ys[0] + len(ys))):
        return None
    return cols


def gantt_marks(rows: list[GridRow], marks: tuple[str, ...] = GRID_MARKS) -> Grid:
    """Year (or year × semester) Gantt grids read by column position, in any markup.

    A header row names consecutive years (``Étape | 2025 | 2026 | …``), one column per
    year, or one year every two columns followed by an ``S1 S2 S1 S2`` row (then each
    column is a semester). Every later row is a step: its label is the non-empty cell
    nearest left of the first period column (a field label may stand before it), and each cell holding a mark (``X``, ``✓``,
    ``■``…) schedules the step in that column's period. A new header starts a new grid.
    """
    out = Grid()
    columns: dict[int, tuple[int, int | None]] | None = None
    for i, row in enumerate(rows):
        cols = _period_columns(row.cells)
        if cols is not None:
            columns = {c: (y, None) for c, y in cols.items()}
            nxt = rows[i + 1].cells if i + 1 < len(rows) else []
            first_s1 = semester_row(nxt)
            if first_s1 is not None:
                columns = {}
                for c, cell in enumerate(nxt):
                    sem = cell.strip()
                    if sem in ("S1", "S2"):
                        year = max((y for k, y in cols.items() if k <= c), default=None)
                        if year is not None:
                            columns[c] = (year, int(sem[1]))
            continue
        if columns is None or semester_row(row.cells) is not None:
            continue
        first_col = min(columns)
        label = next((clean_inline(c) for c in reversed(row.cells[:first_col]) if clean_inline(c)), None)
        out.rows += 1
        for c, cell in enumerate(row.cells):
            text = clean_inline(cell)
            if c not in columns or not text:
                continue
            if text in marks:
                year, sem = columns[c]
                out.marks.append(GridMark(row.line, label, year, sem))
            else:
                out.odd_cells.append((row.line, text))
    return out
