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
    """Decode raw bytes (:func:`schemalab.textio.decode`: UTF-8 with or without BOM, UTF-16
    with BOM, French Windows-1252); refuse empty, PDF, binary input with a ParseError."""
    from schemalab.textio import decode as _decode

    return _decode(data, source)[0]


def normalise_lines(data: bytes | str, source: str = "<text>") -> list[str]:
    """Raw text → list of lines (index 0 is line 1), line numbers preserved.

    The one normalisation of :mod:`schemalab.textio` (also run by the build before any
    ``detect``): CR/CRLF → LF, NFC (NFD accents parse the same), BOM dropped, non-breaking
    and other exotic spaces → space, invisible characters (zero-width, word joiner, soft
    hyphen) removed; trailing whitespace is kept out of the way by callers
    (:func:`clean_inline`).
    """
    from schemalab.textio import normalise_bytes

    return normalise_bytes(data, source).split("\n")


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
        # a row of S2 cells alone is no header (found by fuzzing: a StopIteration)
        return next((i for i, c in enumerate(cells) if c.strip() == "S1"), None)
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
