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

# -- relative or recurring schedules -------------------------------------------------------

#: A schedule stated without a calendar year: relative to a reference year ("année n+1",
#: "deuxième trimestre", "dans les six mois") or recurring ("chaque année",
#: "annuellement", "tous les ans").
_RELATIVE = re.compile(
    r"\b(ann[ée]es? n\s*(?:[+-]\s*\d)?\b|n\s*\+\s*\d\b|(?:premier|deuxi[èe]me|second|troisi[èe]me|"
    r"quatri[èe]me|\d(?:er|e|[èe]me)?)\s+trimestre|trimestriel|semestriel|chaque (?:ann[ée]e|mois|trimestre|semestre)|"
    r"tous les (?:ans|mois|\d+ ans)|annuel(?:le)?(?:ment)?\b|mensuel|dans les \w+ (?:mois|ans?)\b)",
    re.I,
)


def relative_schedule(text: str) -> str | None:
    """The relative or recurring schedule ``text`` states, as printed, or None.

    >>> relative_schedule("Deuxième trimestre de l'année n+1 pour recueil des éléments")
    'Deuxième trimestre'
    """
    m = _RELATIVE.search(text)
    return m.group(0) if m else None


# -- indicators: what they measure and the target they state ------------------------------


def _fold_same_length(text: str) -> str:
    """Lower case without accents, one character per character of ``text`` (so a match's
    span is the printed text's): "Délai" → "delai". Compatibility forms are kept: a
    circled numeral ① stays ①, never the digit 1."""
    out = []
    for c in text:
        base = unicodedata.normalize("NFD", c)[0]
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out).replace("’", "'")


#: (measure, rule) in order, first match wins: a time taken is a delay even when it is
#: counted ("nombre de jours"), a share a rate even when "nombre et part".
_MEASURES = (
    (
        "delay",
        re.compile(r"\b(delais?|duree|temps (moyen|d'attente|de traitement)|nombre de (jours|mois)|anciennete)\b"),
    ),
    ("rate", re.compile(r"(\btaux\b|pourcentage|\bpart\b|\bproportion|\bratio\b|%|pour ?cent)")),
    ("count", re.compile(r"(\bnombres?\b|\bnb\b|\bnbre\b|\beffectifs?\b|\bcombien\b|\bvolume\b|\bfile active\b)")),
)

_N = r"(?<![\w,.^/-])[0-9]+(?:[,.][0-9]+)?(?![\w^/-])"
_WORD_N = r"(?:[0-9]+(?:[,.][0-9]+)?|une?|deux|trois|quatre|cinq|six|dix|cent)"
#: What states a target. Digits are ASCII digits only (① is a list number, not a
#: value); a year is a target only after "d'ici", "avant", "au plus tard", "à
#: l'horizon"; "plus de / moins de" alone describe categories ("plus de 3 mois et de
#: moins de 3 mois"), not a target; an age ("16-17 ans"), an ordinal ("8^e jour"), a
#: date of a law, a code ("C2S", "en 47") state none.
_TARGETS = (
    # a percentage, with what bounds it
    re.compile(
        r"(?:(?:au moins|au minimum|au maximum|plus de|moins de|superieure? a|inferieure? a|atteindre|"
        r"jusqu'a|objectif(?: de)?\s*:?|cible\s*:?)\s*)?" + _N + r"\s?%"
    ),
    # a deadline
    re.compile(r"\b(?:d'ici (?:a |fin )?|avant (?:fin )?|au plus tard (?:en |fin )?|a l'horizon )(?:19|20)[0-9]{2}\b"),
    # a bound or a value to reach, with its unit
    re.compile(
        r"\b(?:au moins|au minimum|au maximum|jusqu'a|atteindre|objectif de|cible de|"
        r"superieure?s? a|inferieure?s? a)\s+" + _WORD_N + r"\b(?:\s+(?!et\b|ou\b)[a-z]+)?"
    ),
    # places, posts, services to add
    re.compile(_N + r"\s+(?:[a-z]+\s+)?(?:supplementaires?|additionnel(?:le)?s?)\b"),
    re.compile(_N + r"\s+nouve(?:aux|lles?)\s+[a-z]+"),
    re.compile(r"\b(?:creation|ouverture|mise en place)\s+(?:de|des|d')\s*" + _N + r"\s+[a-z]+", re.I),
    # "Nb de places créées : 12": a value after the indicator's colon, ending the item
    re.compile(r":\s*" + r"(?<![\w,.^/-])(?!(?:19|20)[0-9]{2}\b)[0-9]+(?:[,.][0-9]+)?(?:\s+[a-z]+)?\s*\.?$"),
)


def indicator_measure(text: str) -> str:
    """What an indicator measures: ``count`` / ``rate`` / ``delay`` / ``qualitative``.

    Accent- and case-insensitive; a delay or duration ("délai", "durée", "temps moyen",
    "nombre de jours") first, then a rate or share ("taux", "part", "pourcentage", "%"),
    then a count ("nombre", "nb", "effectif"); anything else (a deliverable, a
    milestone, an evolution in words) is qualitative.
    """
    t = _fold_same_length(text)
    for measure, rule in _MEASURES:
        if rule.search(t):
            return measure
    return "qualitative"


def indicator_target(text: str) -> str | None:
    """The target an indicator states, as printed, or None.

    A target is a value to reach: a percentage ("au moins 80 %"), a deadline ("d'ici
    2027"), a bound with its unit ("inférieur à 3 mois", "au moins une rencontre"),
    places or services to add ("10 places supplémentaires", "ouverture des 7 nouvelles
    MDS"), a value after the indicator's colon ("Nb de places créées : 12"). Several
    are joined with " ; ".
    """
    t = _fold_same_length(text)
    spans: list[list[int]] = []
    for rule in _TARGETS:
        for m in rule.finditer(t):
            a, b = m.start(), m.end()
            while b > a and t[b - 1] in " .:;,":
                b -= 1
            while a < b and t[a] in " :":
                a += 1
            spans.append([a, b])
    if not spans:
        return None
    spans.sort()
    merged = [spans[0]]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return " ; ".join(re.sub(r"\s+", " ", text[a:b]).strip() for a, b in merged)


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
