"""Shared extractors used by every département parser.

Small pure functions, each table-tested in tests/test_extract.py:

- :func:`normalise_lines`: raw bytes/text → lines, with line numbers preserved
  (CRLF/CR, NFC, BOM, NUL bytes handled; the number of lines never changes).
- :func:`clean_inline`: strip markdown emphasis, inline HTML and bullet glyphs;
  :func:`starts_lower`: a fragment going on a phrase begun before it.
- :func:`parse_bullets`: a block of lines → top-level list items with their nested
  items, continuation lines joined.
- :func:`years`: "2025 – 2027" → [2025, 2026, 2027].
- :func:`euro_amounts`: "12,5 k€" → 12500.0, "10 M€" → 10000000.0, ...
- money qualification (tests/test_money.py): :func:`money_text` (an amount's sentence,
  list item or table cell, and the words around it), :func:`amount_periodicity`,
  :func:`amount_role`, :func:`is_lower_bound`, :func:`amount_payer`,
  :func:`amount_scope`, :func:`amount_year`, :func:`attached_year`, :func:`budget_column` (CA/BP headers),
  :func:`is_total_label`, :func:`emergency_plan_dated_before`, :func:`restated_amounts`
  ("…, soit 2 M€") and :func:`link_amounts` (totals, components, repeats).
- :func:`semester`: "S1", "1er semestre" → 1.
- :func:`inline_tokens`, :func:`html_table_rows`, :func:`year_header`,
  :func:`semester_row`: cells of converted tables (TSV rows holding inline HTML
  lists, HTML tables, semester Gantt headers).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from contextvars import ContextVar
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


def read_lines(data: bytes | str, source: str = "<text>") -> list[str]:
    """The lines every reader of a plan reads (the parser, ``inspect``, the scaffold):
    :func:`normalise_lines`, then tables made readable (:func:`pandoc_lines`), line numbers
    kept, so a pattern drafted on them matches what the parser reads."""
    lines = asciidoc_lines(_empty_headers(_merged_rows(_unpadded(csv_lines(normalise_lines(data, source))))))
    # (DokuWiki's line breaks are a cell's items, never a wrap: read after pandoc_lines,
    # which joins back the wrapped parts of a cell cut at every printed line)
    return dokuwiki_lines(pandoc_lines(jira_lines(org_lines(mediawiki_lines(lines)))))


def pipe_row(cells) -> str:
    """A table row as the shared readers read it: its cells between pipes (``| a | b |``),
    the one form every converter's table is written back in."""
    return "| " + " | ".join(cells) + " |"


#: The line xlsx2csv prints above each sheet of a workbook (``-a``): « -------- 2 - Orientation 1 ».
_SHEET_SEPARATOR = re.compile(r"^-{8} \d+ - \S.*$")


def csv_lines(lines: list[str], sheet: bool = False) -> list[str]:
    """A spreadsheet exported to CSV (Excel, LibreOffice Calc: ``;`` or ``,`` between cells,
    a cell holding a line break or the separator quoted, over several lines) as TSV rows: each
    record on its first line, its cells joined by a tab, a line break inside a cell a
    ``<br>``, the record's other lines blank (line numbers kept); a record of one cell
    (a title row merged across the sheet: ``"Schéma …";;;;;``) its text alone. Read so when
    four records in five or more, and ten at least, hold the same number of cells, three or
    more; any other text is returned unchanged. A workbook's sheets printed one after
    another under a separator line (xlsx2csv ``-a``) are read each as a table of its own
    width, three records at least."""
    import csv

    if any("\t" in t for t in lines):
        return lines
    sheets = [k for k, t in enumerate(lines) if _SHEET_SEPARATOR.match(t)]
    if len(sheets) >= 2:
        # a workbook's sheets one after another, each under its converter's line (xlsx2csv
        # -a: « -------- 2 - Orientation 1 »): each sheet a CSV table of its own width
        bounds = [0, *sheets, len(lines)]
        parts = [csv_lines(lines[a:b], sheet=True) if a < b else [] for a, b in zip(bounds, bounds[1:], strict=False)]
        if any(p != lines[a:b] for p, a, b in zip(parts, bounds, bounds[1:], strict=False)):
            return [t for p in parts for t in p]
        return lines
    if not sheet and not any(t.startswith('"') or ';"' in t or '";' in t for t in lines[:200]):
        return lines
    for sep in (";", ","):
        records: list[tuple[int, list[str]]] = []
        reader = csv.reader((t + "\n" for t in lines), delimiter=sep, quotechar='"', strict=True)
        try:
            at = 0
            for row in reader:
                records.append((at, row))
                at = reader.line_num
        except csv.Error:
            continue
        widths = Counter(len(r) for _, r in records if r)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        if width < 3 or count < 3 or count * 5 < 4 * sum(widths.values()):
            continue
        out = [""] * len(lines)
        ends = [at for at, _ in records[1:]] + [len(lines)]
        for (at, row), end in zip(records, ends, strict=True):
            cells = [c.strip().replace("\r", "").replace("\n", " <br> ") for c in row]
            while cells and not cells[-1]:
                cells.pop()
            out[at] = "\t".join(cells) if len(cells) > 1 else (cells[0] if cells else "")
            if len(cells) > 1:
                # the record's other lines: a tab alone, blank to every reader but the
                # table's (a TSV table goes on over it)
                out[at + 1 : end] = ["\t"] * (end - at - 1)
        return out
    return lines


def _empty_headers(lines: list[str]) -> list[str]:
    """A pipe table's header row whose every cell is empty, and its rule, as blank lines:
    markitdown prints one over every Word table (``|  |  |`` / ``| --- | --- |``), the
    table's own first row under it; they hold nothing a reader reads."""
    out = list(lines)
    for k in range(len(lines) - 1):
        t = lines[k].strip()
        if (
            t.startswith("|")
            and t.count("|") >= 2
            and not t.strip("| \t")
            and _PIPE_SEPARATOR.match(lines[k + 1].strip())
        ):
            out[k] = out[k + 1] = ""
    return out


def _merged_rows(lines: list[str]) -> list[str]:
    """A tab-separated line ending on one text repeated in its last cells printed with it
    once: a Word table cell merged across the row's last columns, which python-docx gives
    once per column it spans (« Coût estimé<TAB>300 000 € …<TAB>300 000 € …<TAB>… », a row
    merged whole: « Fiche action n° 3.3 – …<TAB>Fiche action n° 3.3 – … »). A text of four
    characters or more with a letter, so a row of marks (``X<TAB>X``) stays; the cells before
    the repeated ones keep their columns."""
    out = []
    for t in lines:
        cells = t.split("\t") if "\t" in t else []
        last = cells[-1].strip() if cells else ""
        if len(last) < 4 or not re.search(r"[^\W\d_]", last):
            out.append(t)
            continue
        while len(cells) > 1 and cells[-2].strip() == last:
            cells.pop()
        out.append("\t".join(cells) if len(cells) > 1 else cells[0])
    return out


def _unpadded(lines: list[str]) -> list[str]:
    """Lines without the spaces a converter pads every line with to the page's width
    (pdfplumber's ``extract_text(layout=True)``: a third of the lines or more of one
    length, ending with spaces), so that no reader takes them for a mark of its own (pypdf's
    wrap, Markdown's hard break); any other text is returned unchanged."""
    padded = [len(t) for t in lines if t.strip() and t.endswith(" ")]
    if not padded:
        return lines
    width, count = Counter(padded).most_common(1)[0]
    if count * 3 < sum(1 for t in lines if t.strip()) or count < 20:
        return lines
    return [t.rstrip() if len(t) == width or not t.strip() else t for t in lines]


# Inline cleaning --------------------------------------------------------------------

_TAG = re.compile(r"<[^>]{0,400}>")
_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])|(?<![\w_\\])_(?!\s)([^_]+?)_(?![\w_])")
#: The bullets of Word's Symbol and Wingdings fonts, which a PDF's text gives as
#: private-use characters ("\uf0b7 Recruter" is "• Recruter").
_PRIVATE_BULLETS = "\uf0b7\uf0a7\uf0a8\uf0d8\uf0e0\uf0e8\uf0fc\uf06e\uf076\uf0d2"
#: The glyphs that mark a list item at the start of a line or cell part.
LIST_GLYPHS = "-*+•●▪◦○■□✓✔➢➤►▶→" + _PRIVATE_BULLETS
_BULLET = re.compile(rf"^\s*(?:[{re.escape(LIST_GLYPHS)}o]|\d{{1,2}}[.)])\s+")
#: A list marker left at the start of an item's text, whatever layout read it: a glyph
#: or a dash (``– `` / ``— `` of a ``<br>`` cell, ``- `` the reader added before it), a
#: lower-case letter or a number of one or two digits followed by ``.`` or ``)`` and a
#: space (``a. ``, ``b) ``, ``1) ``, ``12. ``). A number that is content ("2 réunions",
#: "2025 : …", "1,5 ETP") has no such mark and stays.
_LIST_MARKER = re.compile(rf"^\s*(?:(?:--|[{re.escape(LIST_GLYPHS)}–—])\s+|(?:[a-z]|\d{{1,2}})[.)]\s+)+")
_WS = re.compile(r"\s+")


_HEADING_STARS = re.compile(r"^\s*\*{3,6}\s+|\s+\*{3,6}\s*$")


def strip_emphasis(s: str) -> str:
    """Remove markdown ``**bold**``, ``__bold__``, ``*italic*`` and ``_italic_`` markers, and
    the runs of stars Debian's html2text prints around a heading (``***** Fiche … *****``,
    the closing run on the heading's last line when it wraps)."""
    if "***" in s:
        s = _HEADING_STARS.sub("", s)
    prev = None
    while prev != s:
        prev = s
        s = _EMPH.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), s)
    return s.replace("**", "")


def strip_html(s: str) -> str:
    """Drop inline HTML tags (``<br>`` becomes a space; a superscript or subscript
    stays on its word: ``1<sup>er</sup>`` is "1er") and unescape entities."""
    s = re.sub(r"<br\s*/?>", " ", s, flags=re.I)
    s = re.sub(r"<(su[pb])>([^<]{0,12})</\1>", r"\2", s, flags=re.I)
    return html.unescape(_TAG.sub(" ", s))


def strip_list_marker(text: str) -> str:
    """An item's text without the list markers left at its start ("– Proposer…" →
    "Proposer…"). Every step and indicator row goes through it
    (:meth:`schemalab.parsers.base.BaseParser.add_sub_action`, ``add_indicator``), so
    that no layout keeps a marker: a marker is the item's glyph, never its text."""
    return _LIST_MARKER.sub("", text) if text else text


_NUMBERED_MARKER = re.compile(rf"^\s*(?:[{re.escape(LIST_GLYPHS)}–—]\s+)?(\d{{1,2}}|[a-z])[.)](?:\s|$)")


def numbered_marker(text: str) -> str | None:
    """The number or letter of the step marker ``text`` starts with ("1." → "1", "2)"
    → "2", "a)" → "a", "- b. …" → "b"), or None (a bullet glyph alone, no marker).
    It is what a step's ``ref`` keeps when the marker leaves the text."""
    m = _NUMBERED_MARKER.match(text or "")
    return m.group(1) if m else None


#: An ``l'`` elision as OCR'd (``I'``, ``|'``, ``[I'``, ``I"``).
_ELISION = re.compile(r"^(?:\[?[I|l]|\[)['’\"]+")


def starts_lower(text: str) -> bool:
    """True when a fragment starts with a lowercase letter or an (OCR'd) ``l'`` elision: it
    goes on a phrase begun before it (a wrapped line, or a title whose start was lost)."""
    t = text.strip().lstrip("(«\"'")
    if not t:
        return False
    return bool(_ELISION.match(t)) or t[0].islower()


#: An empty span pandoc leaves for a Word bookmark: ``[]{#_Toc190412003 .anchor}``.
_PANDOC_ANCHOR = re.compile(r"\[\]\{[^}]*\}")


#: A Markdown link or image, as html2text and converters print them: ``[text](url)``
#: reads "text", ``![alt](/img.png)`` nothing.
_MD_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")


def heading_text(s: str) -> str:
    """A line's text as :func:`clean_inline` gives it, a Markdown heading mark before it
    dropped (``#### Recruter …``: a title printed under its sheet's start)."""
    return clean_inline(re.sub(r"^\s*#{1,6}\s+", "", s))


def strip_links(s: str) -> str:
    """``s`` with its Markdown links read as their text and its images dropped."""
    return _MD_LINK.sub(lambda m: "" if m.group(1) else m.group(2), s) if "](" in s else s


#: What ``lynx -dump`` prints for a link and an image: the link's reference number glued
#: before its text (``[12]Maison des adolescents``), ``[IMG]`` or the image's file name.
_LYNX_MARK = re.compile(r"\[\d{1,4}\](?=[^\s\d\](])|\[(?:IMG|[\w.-]+\.(?:png|jpe?g|gif|svg|webp))\]", re.I)


def clean_inline(s: str, *, bullet: bool = True) -> str:
    """Text as a reader sees it: no markup (a pandoc bookmark span, a Markdown link's
    address included, ``lynx``'s link numbers and image marks), no bullet glyph, single
    spaces."""
    if "[" in s:
        s = _LYNX_MARK.sub("", s)
    s = strip_emphasis(strip_html(strip_links(_PANDOC_ANCHOR.sub("", s))))
    if bullet:
        s = _BULLET.sub("", s)
    return _WS.sub(" ", s).strip()


# Bullet lists -----------------------------------------------------------------------

#: A list item's line: a glyph, a number (``1.``, ``2)``) or a letter with its bracket (``a)``:
#: Word's lettered list typed by hand; ``a.`` would take a wrapped « p. 12 » for one).
_ITEM = re.compile(rf"^(?P<indent>\s*)(?P<glyph>[{re.escape(LIST_GLYPHS)}]|\d{{1,2}}[.)]|[a-z]\))\s+(?P<text>.*)$")
#: A bullet printed alone on its line, its item on the next (``pdftotext`` of a list).
LONE_GLYPH = re.compile(rf"^\s*(?:[{re.escape(LIST_GLYPHS.replace('-', ''))}]|(?P<number>\d{{1,2}}[.)]))\s*$")


@dataclass
class Item:
    """One list item: its text, the line it starts on, and nested items."""

    text: str
    line: int
    children: list[Item] = field(default_factory=list)
    #: The item as printed (markup kept, bullet glyph and outer spaces removed).
    raw: str = ""
    #: The number or letter of its printed marker ("1.", "a)"), None for a glyph.
    marker: str | None = None

    @property
    def full_text(self) -> str:
        """The item followed by its nested items (``item : child; child``)."""
        if not self.children:
            return self.text
        return self.text + " " + "; ".join(c.full_text for c in self.children)


#: A line that ends on a word cut by a hyphen ("l'accompa-", "Côtes-et-"): a letter, then
#: the hyphen, no space before it.
CUT_WORD = re.compile(r"[^\W\d_]-$")
#: The first halves of French compounds written with a hyphen, which a line end after
#: the hyphen does not make one word ("porte-" / "parole", "demi-" / "journée").
_COMPOUND_HEAD = frozenset(
    "porte demi semi grand grands beaux belle belles arrière après savoir chef chefs médico sage sages non vice".split()
)  # "sages-" / "femmes", "non-" / "recours", "vice-" / "présidente"; "médico-" / "sociaux" (médico-social, -légal, -éducatif); not "bien", "beau", "mi", "au": "bien-" / "veillance", "beau-" / "coup", "mi-" / "lieu"
#: The second halves that always follow a hyphen ("celle-" / "ci", "eux-" / "mêmes").
_COMPOUND_TAIL = re.compile(r"(?:ci|là|mêmes?|être|delà|dessus|dessous|t-(?:il|elle|on))\b", re.I)


#: The hyphenated words the document being read prints whole on a line
#: ("enfants-parents"), set by :meth:`BaseParser.parse` for its document: a line cut
#: after "enfants-" before "parents" is that compound, not a word cut in two.
DOC_COMPOUNDS: ContextVar[frozenset[str]] = ContextVar("DOC_COMPOUNDS", default=frozenset())
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def document_compounds(lines: list[str]) -> frozenset[str]:
    """The hyphenated words of ``lines``, lower case, each pair of pieces
    ("Côtes-et-Marais" gives "côtes-et", "et-marais")."""
    out: set[str] = set()
    for line in lines:
        for m in _HYPHENATED.finditer(line):
            parts = m.group(0).lower().split("-")
            out.update(f"{a}-{b}" for a, b in zip(parts, parts[1:], strict=False))
    return frozenset(out)


#: pypdf leaves the space before the end of a line it wrapped (« … – mission ␣» / «
#: Observatoire »): one space after text, where markdown's hard break prints two.
_PYPDF_WRAP = re.compile(r"\S $")


def wrapped_by_pypdf(raw: str) -> bool:
    """``raw`` (a line as printed, trailing spaces kept) ends on pypdf's mark of a wrap."""
    return _PYPDF_WRAP.search(raw) is not None


def join_wrapped(prev: str, text: str) -> str:
    """``prev`` and the line wrapped after it, as one phrase: with a space; a word a
    PDF conversion cut at the line end ("accompa-" / "gnement") is joined whole, and a
    compound cut at its own hyphen ("Côtes-et-" / "Marais", "Saint-Aubin-des-" /
    "Marais", "porte-" / "parole", or a compound the document prints whole elsewhere,
    :data:`DOC_COMPOUNDS`) keeps it.

    >>> join_wrapped("l'accompa-", "gnement psychique")
    "l'accompagnement psychique"
    >>> join_wrapped("de Côtes-et-", "Marais")
    'de Côtes-et-Marais'
    >>> join_wrapped("un porte-", "parole des jeunes")
    'un porte-parole des jeunes'
    >>> join_lines(["Cellule de recueil des informations préoccupantes (", "CRIP", ")"])
    'Cellule de recueil des informations préoccupantes (CRIP)'
    """
    p, t = prev.rstrip(), text.lstrip()
    if not p:
        return t
    if p.endswith("(") or re.match(r"[),.]", t):
        # an inline tag a scraper printed on its own line (« préoccupantes ( » / « CRIP » /
        # « ) », BeautifulSoup): no space inside the brackets or before the punctuation
        return p + t
    if "[" in p and "](" in t:  # a Markdown link wrapped over the two lines
        return strip_links(f"{p} {t}")
    if CUT_WORD.search(p) and t[:1].isalpha():
        return (p if hyphen_kept(p.split()[-1][:-1], t, DOC_COMPOUNDS.get()) else p[:-1]) + t
    return f"{p} {t}"


def hyphen_kept(head: str, tail: str, compounds: frozenset[str]) -> bool:
    """A word cut at a hyphen, ``head`` before it and ``tail`` after, is a compound that
    keeps the hyphen: the tail opens with a capital ("Côtes-et-" / "Marais"), the head holds
    a hyphen already ("Saint-Aubin-des-"), a compound's known half ("porte-" / "parole",
    "celle-" / "ci"), or ``compounds`` (:func:`document_compounds`) print the pair whole
    ("enfants-parents"). Else it is one word cut in two ("accompa-" / "gnement")."""
    last = head.lower().split("'")[-1]
    first = re.match(r"[^\W\d_]+", tail)
    return bool(
        tail[:1].isupper()
        or "-" in head
        or last in _COMPOUND_HEAD
        or _COMPOUND_TAIL.match(tail)
        or (first is not None and f"{last}-{first.group(0).lower()}" in compounds)
    )


def join_lines(lines) -> str:
    """Lines of one phrase wrapped over several, joined by :func:`join_wrapped`.

    >>> join_lines(["Garantir l'accompa-", "gnement des enfants", "confiés"])
    "Garantir l'accompagnement des enfants confiés"
    """
    out = ""
    for line in lines:
        out = join_wrapped(out, line)
    return out


#: A border line of a pandoc grid table: ``+------+------+`` (``=`` under a header row).
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
#: A list item's start inside a grid cell ("-   Recruter", "1.  Ouvrir", "1\)").
_CELL_ITEM = re.compile(r"^(?:[-*+•]\s+|\d{1,2}(?:\\?[.)])\s+)")


#: Box-drawing strokes (light, heavy, double) → the grid table's: corners and joints
#: ``+``, horizontal ``-`` (double ``=``, a header's rule), vertical ``|``.
_BOX = str.maketrans(
    {
        **dict.fromkeys("┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╕╘╛╓╖╙╜╞╡╟╢╤╧╥╨╪╫", "+"),
        **dict.fromkeys("─━┄┅┈┉╌╍", "-"),
        **dict.fromkeys("═", "="),
        **dict.fromkeys("│┃┆┇┊┋╎╏║", "|"),
    }
)
_BOX_LINE = re.compile(r"^\s*[┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╕╘╛╓╖╙╜╞╡╟╢╤╧╥╨╪╫│┃┆┇┊┋╎╏║]")


def _box_to_ascii(text: str) -> str:
    """A line of a table drawn with box characters in the grid table's ASCII strokes
    (one character for one, so every column stays where it is printed); any other line
    unchanged (a ``─`` inside prose is a dash of the text)."""
    return text.translate(_BOX) if _BOX_LINE.match(text) else text


def _grid_row(row: list[str], cols: list[int], soft: bool = False) -> list[str]:
    r"""The cells of one row of a grid table (its lines between two borders), each cell's
    lines joined into parts (`` <br> ``) by :func:`_cell_parts`. With ``soft`` (a table
    drawn by a text browser, which prints a ``<br>`` as a line end and no mark), a line
    that does not go on with the one above (a capital or a digit after a line that ends
    closed) starts a new part too: ``1er semestre 2026 : recrutement`` / ``2nd semestre
    2026 : protocole`` are two."""
    bounds = list(zip(cols, cols[1:], strict=False))
    cells: list[list[str]] = [[] for _ in bounds]
    for line in row:
        edges = [k for k, (a, b) in enumerate(bounds) if b < len(line) and line[b] == "|"]
        start = 0
        for k in edges:  # a cell spanning columns ends at the next "|" printed
            cells[start].append(line[bounds[start][0] + 1 : bounds[k][1]])
            start = k + 1
    return [" <br> ".join(_cell_parts([raw.strip() for raw in lines], soft)) for lines in cells]


def _cell_parts(texts: list[str], soft: bool) -> list[str]:
    r"""The parts of one table cell printed over several lines (``texts``, stripped): a
    list item, a blank line or a hard break (``\`` at the line end) starts a new part, any
    other line continues the phrase above; with ``soft`` (no mark tells a line end from a
    break) a line that does not go on with the one above
    (:func:`schemalab.parsers.ocr_lines.continues_line`, on the text without its bold:
    ``**Indicateurs de résultat**`` after an item opens a part) starts a new part too."""
    from schemalab.parsers.ocr_lines import continues_line

    parts: list[str] = []
    brk = True
    for k, text in enumerate(texts):
        if not text:
            brk = True
            continue
        hard = text.endswith("\\")
        text = text.rstrip("\\").rstrip()
        if (
            brk
            or _CELL_ITEM.match(text)
            or not parts
            or (soft and not continues_line(strip_emphasis(parts[-1]), strip_emphasis(text)))
            or _bodies_apart(parts[-1], text, texts[k + 1 :])
        ):
            parts.append(text)
        else:
            parts[-1] = join_wrapped(parts[-1], text)
        brk = hard
    return parts


def _row_cells(text: str) -> list[str]:
    """The cells of a pipe row as printed (no outer pipes), [] for any other line."""
    return text.strip().strip("|").split("|") if text.lstrip().startswith("|") else []


def _with_cells(lines: list[str], rewrite) -> list[str]:
    """``lines`` with each cell of their pipe rows rewritten by ``rewrite`` (other lines, the
    pipes and the text outside the outer pipes as printed)."""
    out = []
    for t in lines:
        parts = t.split("|") if t.lstrip().startswith("|") else [t]
        out.append("|".join(rewrite(p) if 0 < k < len(parts) - 1 else p for k, p in enumerate(parts)))
    return out


_BR = re.compile(r"<br\s*/?>", re.I)
#: A part of a cell opening on a list marker (``a)``, ``b.``, ``1)``): an item, whatever its case.
_PART_MARKER = re.compile(r"^(?:[a-z]|\d{1,2})[.)]\s")


def _soft_breaks(lines: list[str]) -> list[str]:
    """Pipe rows whose ``<br>`` marks every printed line of a cell (pymupdf4llm: a phrase
    wrapped at its column's width is cut by a ``<br>`` as an item is) with each cell's
    parts joined back as a wrapped phrase is (:func:`_cell_parts` with ``soft``): ``Centre
    hospitalier de<br>Valcourt – maternité`` is one body, ``pour les<br>territoires
    ruraux<br>Proposer …`` one step then the next. A plan's ``<br>`` are line ends when a
    fifth of the parts after one (five at least) open in lower case with no list marker;
    elsewhere a ``<br>`` separates items and the text is returned unchanged."""
    after = [p.strip() for t in lines for cell in _row_cells(t) for p in _BR.split(cell)[1:] if p.strip()]
    lower = sum(starts_lower(p) and not _PART_MARKER.match(p) for p in after)
    if lower < 5 or 5 * lower < len(after):
        return lines

    def joined(cell: str) -> str:
        pieces = [p.strip() for p in _BR.split(cell)]
        parts = _cell_parts(pieces, soft=True)
        return cell if len(parts) == len(pieces) else "<br>".join(parts)  # a cell with no wrap as printed

    return _with_cells(lines, lambda cell: joined(cell) if _BR.search(cell) else cell)


def _bodies_apart(above: str, text: str, below: list[str]) -> bool:
    """A line of a grid cell that starts a body of its own: Word's line break inside a cell
    prints as a plain line end in pandoc's grid tables, like a wrap (« Direction de
    l'enfance et de la famille » / « Direction des services départementaux » / « de
    l'Éducation nationale (DSDEN) »). It does where the line opens with a capital after a
    line ending closed and the actor registry knows a body on each side: the name above
    (after its last comma) and the name the line starts, with the lines that go on with it."""
    from schemalab.actors import load_registry, starts_a_body

    return starts_a_body(load_registry(), above, text, below)


#: The rule under the header of a pipe table printed with no outer pipes: ``---|---``.
_BARE_RULE = re.compile(r"^\s*:?-{3,}:?(?:\s*\|\s*:?-{3,}:?)+\s*$")


def _outer_pipes(lines: list[str]) -> list[str]:
    """Pipe tables printed with no outer pipes (``a | b`` rows, a ``---|---`` rule under
    the header) with them: the header above the rule, the rule, and each row below it
    holding a ``|`` up to a blank line. A line holding no ``|`` between two rows is a row
    merged across the table (html2text prints « <td colspan> » so: ``**Orientation 2 – …**``):
    the table goes on under it, the line left as printed."""
    out = list(lines)
    for i, line in enumerate(lines):
        if not _BARE_RULE.match(line) or i == 0 or "|" not in lines[i - 1] or lines[i - 1].lstrip().startswith("|"):
            continue
        j = i + 1
        while j < len(lines) and lines[j].strip():
            if "|" not in lines[j]:
                if not (j + 1 < len(lines) and "|" in lines[j + 1] and lines[j + 1].strip()):
                    break
                j += 1  # a row merged across the table, left as printed
                continue
            out[j] = "| " + lines[j].strip() + " |"
            j += 1
        for k in (i - 1, i):
            out[k] = "| " + lines[k].strip() + " |"
    return out


def _cell_end_rows(lines: list[str]) -> list[str]:
    """Table rows printed as their cells each followed by ``|`` (striprtf's reading of a
    Word table saved as RTF: ``Pilote(s)|Direction de l'enfance|``, a cell's other
    paragraphs on lines of their own, the row ending on the line that ends with ``|``) as
    pipe rows: the row on its first line (a cell's paragraphs joined with `` <br> ``, an
    empty cell kept), its other lines blank, so every line number stays the printed one.

    A row is the lines from one that holds a ``|`` (or, right after a row, lines whose
    cells are as many as that row's: a first cell of several paragraphs) to the first line
    ending with ``|``, with no blank line between; right after a row, a line opening with
    ``|`` and ending with one is a row whose first cell is empty (``|S1|S2|``). Lines next
    to a pipe table's open row (``| 2027 | - Réflexion …`` going on below) or rule, and
    rows with no letter (``- | | |``), are left as printed."""
    out = list(lines)

    def row_end(t: str) -> bool:
        s = t.strip()
        return s.endswith("|") and not s.startswith("|")

    def piped(k: int) -> bool:
        return 0 <= k < len(lines) and lines[k].lstrip().startswith("|")

    def open_piped(k: int) -> bool:
        s = lines[k].strip() if 0 <= k < len(lines) else ""
        return s.startswith("|") and (not s.endswith("|") or bool(_PIPE_SEPARATOR.match(s)))

    i, before = 0, None  # before: the cells of the row just read
    while i < len(lines):
        s = lines[i].strip()
        if before is not None and s.startswith("|") and s.endswith("|") and len(s) > 1 and not open_piped(i):
            cells = s[:-1].split("|")  # a row whose first cell is empty
            out[i] = pipe_row(c.strip() for c in cells)
            i, before = i + 1, len(cells)
            continue
        j = i
        while j < len(lines) and lines[j].strip() and not piped(j) and not row_end(lines[j]):
            j += 1
        if j == len(lines) or not lines[j].strip() or piped(j) or j - i > 30:
            i, before = i + 1, None
            continue
        block = [t.strip() for t in lines[i : j + 1]]
        cells = "\n".join(block)[:-1].split("|")
        ok = ("|" in block[0] or (before is not None and len(cells) == before)) and not (
            open_piped(i - 1) or open_piped(j + 1) or not re.search(r"[^\W\d_]", "".join(cells))
        )
        if not ok:
            i, before = i + 1, None
            continue
        joined = [" <br> ".join(p.strip() for p in c.split("\n") if p.strip()) for c in cells]
        out[i] = pipe_row(joined)
        for k in range(i + 1, j + 1):
            out[k] = ""
        i, before = j + 1, len(cells)
    return out


#: Two spaces inside a cell's text (not after a list marker, pandoc's ``1.  Recruter``).
_INNER_BREAK = re.compile(r"(?<=\S) {2}(?=\S)")
_CELL_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*+•])\s+")


def _spaced_breaks(lines: list[str]) -> list[str]:
    """Pipe cells whose line breaks a converter printed as two spaces (markdownify: each
    ``<br>`` or paragraph of a cell joined by two spaces, « Caisse primaire d'assurance
    maladie (CPAM)  Centre hospitalier … – maternité ») with a `` <br> `` there, where five
    cells of the plan or more print two spaces inside their text; elsewhere two spaces are
    a slip and the text is returned unchanged."""
    spaced = sum(1 for t in lines for c in _row_cells(t) if _INNER_BREAK.search(_CELL_MARKER.sub("", c.strip())))
    if spaced < 5:
        return lines
    return _with_cells(lines, lambda cell: _INNER_BREAK.sub(" <br> ", cell))


#: pandoc's AsciiDoc (``-t asciidoc``): a table's delimiter line, its attribute line, a
#: list's style line.
_ADOC_TABLE = re.compile(r"^\|===\s*$")
_ADOC_ATTRIBUTES = re.compile(
    r"^\[(?:width=|cols=|options=|arabic|loweralpha|lowerroman|upperalpha|upperroman|start=|\.)[^\]]*\]\s*$"
)
_ADOC_HEADING = re.compile(r"^(={2,6})\s+(\S.*)$")
_ADOC_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ADOC_CELL = re.compile(r"(?:^|\s)a?\|")


def asciidoc_lines(lines: list[str]) -> list[str]:
    """Lines of a document converted to AsciiDoc by pandoc (``-t asciidoc``), as the shared
    readers read Markdown (the line count kept, each line number the printed one), when the
    text prints an AsciiDoc table (``|===``) and an AsciiDoc heading (``== …``):

    - ``== Title`` … ``====== Title`` → ``## Title`` …; ``*bold*`` → ``**bold**``;
    - a table (``|===`` … ``|===``, each row opening on ``|`` or ``a|``, its cells wrapped at
      72 columns) → one pipe row per table row on the row's first line, its other lines blank:
      a cell's paragraphs, and the items of a list in it (``. step`` numbered as printed by
      AsciiDoc, ``* item``, ``** detail``), joined by ``<br>`` (``1. step``, ``- item``,
      ``  - detail``);
    - the attribute lines (``[width=…]``, ``[arabic]``) blank; ``{plus}`` → ``+``.

    Text printing no AsciiDoc table and heading is returned unchanged."""
    if not any(_ADOC_TABLE.match(t) for t in lines) or not any(_ADOC_HEADING.match(t) for t in lines):
        return lines
    out = [t.replace("{plus}", "+") for t in lines]
    out = ["" if _ADOC_ATTRIBUTES.match(t) else t for t in out]
    for k, t in enumerate(out):
        m = _ADOC_HEADING.match(t)
        if m:
            t = "#" * len(m.group(1)) + " " + m.group(2)
        out[k] = _ADOC_BOLD.sub(r"**\1**", t)
    i = 0
    while i < len(out):
        if not _ADOC_TABLE.match(out[i]):
            i += 1
            continue
        end = next((j for j in range(i + 1, len(out)) if _ADOC_TABLE.match(out[j])), len(out))
        out[i] = ""
        if end < len(out):
            out[end] = ""
        k = i + 1
        while k < end:
            if not re.match(r"^a?\|", out[k]):
                k += 1
                continue
            first = k
            k += 1
            while k < end and not re.match(r"^a?\|", out[k]):
                k += 1
            out[first] = _adoc_row(out[first:k])
            for j in range(first + 1, k):
                out[j] = ""
        i = end + 1
    return out


def _adoc_row(block: list[str]) -> str:
    """One AsciiDoc table row (its lines, the first opening on ``|`` or ``a|``) as a pipe row."""
    cells: list[list[str]] = []
    for t in block:
        parts = re.split(r"(?:^|\s)a?\|", t) if re.match(r"^a?\|", t) or " |" in t else [t]
        if re.match(r"^a?\|", t):
            parts = parts[1:] if parts and parts[0] == "" else parts
            for p in parts:
                cells.append([p.strip()] if p.strip() else [])
            continue
        if not cells:
            cells.append([])
        cells[-1].append(t.strip())
    row = []
    for cell in cells:
        items: list[str] = []
        n = 0
        for t in cell:
            if not t:
                items.append("")
                continue
            step = re.match(r"^\.\s+(\S.*)$", t)
            bullet = re.match(r"^(\*{1,2})\s+(\S.*)$", t)
            if step:
                n += 1
                items.append(f"{n}. {step.group(1)}")
            elif bullet:
                items.append(("  - " if len(bullet.group(1)) > 1 or n else "- ") + bullet.group(2))
            elif items and items[-1]:
                items[-1] = join_wrapped(items[-1], t)
            else:
                items.append(t)
        row.append(" <br> ".join(x for x in items if x))
    return pipe_row(row)


_WIKI_TABLE_START = re.compile(r"^\s*\{\|")
_WIKI_HEADING = re.compile(r"^(={1,6})\s*(\S.*?)\s*\1\s*$")
_WIKI_ANCHOR = re.compile(r'<span id="[^"]*"></span>')
_WIKI_CELL_ATTRIBUTES = re.compile(r'^\s*(?:[a-z-]+="[^"]*"\s*)+\|(?!\|)\s?')
_WIKI_LIST = re.compile(r"^([#*]+)\s+(.*)$")
_WIKI_BREAK_END = re.compile(r"\s*<br\s*/?>\s*$")


def _wiki_inline(text: str) -> str:
    """MediaWiki's inline markup as Markdown's: three quotes (bold) → ``**bold**``, two
    quotes (italic) → ``*italic*``; an anchor ``<span id="…"></span>`` and a line-end
    ``<br />`` dropped."""
    text = _WIKI_ANCHOR.sub("", text)
    text = re.sub(r"'{3}(.+?)'{3}", r"**\1**", text)
    text = re.sub(r"'{2}(.+?)'{2}", r"*\1*", text)
    return _WIKI_BREAK_END.sub("", text)


def _wiki_items(lines: list[str]) -> str:
    """A MediaWiki cell's lines as one pipe cell: its paragraphs and list items (``# step``
    numbered as printed, ``#*`` / ``**`` a detail under it, ``* item``) joined by ``<br>``;
    a line with no list mark goes on with the item above it (a ``<br />`` inside an item,
    a paragraph's wrap), a blank line starts a new paragraph."""
    items: list[str] = []
    n = 0
    for raw in lines:
        t = raw.strip()
        if not t:
            items.append("")
            continue
        m = _WIKI_LIST.match(t)
        if m:
            marks, body = m.group(1), _wiki_inline(m.group(2))
            if marks == "#":
                n += 1
                items.append(f"{n}. {body}")
            else:
                items.append(("  - " if len(marks) > 1 else "- ") + body)
        elif items and items[-1]:
            items[-1] = join_wrapped(items[-1], _wiki_inline(t))
        else:
            items.append(_wiki_inline(t))
    return " <br> ".join(x for x in items if x)


def mediawiki_lines(lines: list[str]) -> list[str]:
    """Lines of a document converted to MediaWiki markup by pandoc (``-t mediawiki``), as
    the shared readers read Markdown (the line count kept, each line number the printed
    one), when the text prints a wiki table (``{|``, rows ``|-``, ``|}``) and a wiki heading
    (``= Title =``, ``== Title ==``):

    - ``== Title ==`` → ``## Title``; bold and italic quotes → ``**bold**``, ``*italic*``;
      anchors (``<span id="…"></span>``) and line-end ``<br />`` dropped; ``# step`` lists
      outside tables → ``1. step``, ``#*`` details → ``  - detail``;
    - a table → one pipe row per table row on the line of its first cell (``|`` or ``!``;
      a cell's attributes such as ``colspan="2"|`` dropped, ``||`` / ``!!`` cells on one
      line split), its other lines blank: a cell's paragraphs and list items joined by
      ``<br>`` (:func:`_wiki_items`);
    - a table inside a cell (a year grid in a « Calendrier » cell) → its own pipe rows on
      their own lines, after the row holding it, a blank line around.

    Text printing no wiki table and heading is returned unchanged."""
    if not (
        any(_WIKI_TABLE_START.match(t) for t in lines)
        and any(t.strip() == "|-" for t in lines)
        and any(_WIKI_HEADING.match(t) for t in lines)
    ):
        return lines
    out = list(lines)
    i = 0
    n_item = 0
    while i < len(out):
        t = out[i]
        if _WIKI_TABLE_START.match(t):
            i = _wiki_table(out, i)
            n_item = 0
            continue
        heading = _WIKI_HEADING.match(t)
        item = _WIKI_LIST.match(t) if t.startswith("#") else None
        if heading:
            out[i] = "#" * len(heading.group(1)) + " " + _wiki_inline(heading.group(2))
            n_item = 0
        elif item:
            if item.group(1) == "#":
                n_item += 1
                out[i] = f"{n_item}. {_wiki_inline(item.group(2))}"
            else:
                out[i] = f"  - {_wiki_inline(item.group(2))}"
        else:
            out[i] = _wiki_inline(t)
            if t.strip() and not t.startswith("*"):
                n_item = 0
        i += 1
    return out


def _wiki_table(out: list[str], start: int) -> int:
    """Rewrite the wiki table opening at ``out[start]`` (and the tables inside its cells) as
    pipe rows in place (:func:`mediawiki_lines`); returns the index after its ``|}``."""
    out[start] = ""
    i = start + 1
    row: list[list[str]] = []
    row_line = -1
    merged = False

    def flush() -> None:
        if row:
            cells = [_wiki_items(c) for c in row]
            if len(cells) == 1 and merged:
                # a cell merged across the table (« colspan="6"| Calendrier »): a label row
                # whose value is the rows below it, printed as a label and an empty cell
                cells.append("")
            out[row_line] = pipe_row(cells)

    while i < len(out):
        s = out[i].strip()
        if s.startswith("|}"):
            flush()
            out[i] = ""
            return i + 1
        if s.startswith("|-"):
            flush()
            row, row_line, merged = [], -1, False
            out[i] = ""
            i += 1
            continue
        if _WIKI_TABLE_START.match(s):  # a table inside the current cell
            i = _wiki_table(out, i)
            continue
        if s.startswith("|+"):  # a caption: a line of text
            out[i] = _wiki_inline(s[2:].strip())
            i += 1
            continue
        if s.startswith(("|", "!")):
            body = s[1:]
            sep = "!!" if s.startswith("!") else "||"
            if not row:
                row_line = i
            out[i] = ""
            nested = False
            for part in body.split(sep):
                merged = merged or "colspan=" in part[:40]
                part = _WIKI_CELL_ATTRIBUTES.sub("", part, count=1).strip()
                if _WIKI_TABLE_START.match(part):
                    row.append([])
                    out[i] = part
                    nested = True
                    break
                row.append([part])
            if not nested:
                i += 1
            continue
        if row:
            row[-1].append(out[i])
        out[i] = ""
        i += 1
    flush()
    return i


#: Org mode (pandoc ``-t org``): a heading (``* Title``, ``** Title``), a property drawer's
#: lines, a block's delimiters, a table's rule (``|---+---|``), an ``#+key: value`` line.
_ORG_HEADING = re.compile(r"^(\*{1,6})\s+(\S.*?)\s*$")
_ORG_DRAWER = re.compile(r"^\s*:(?:PROPERTIES|END|[A-Z_]+):(?:\s.*)?$")
_ORG_BLOCK = re.compile(r"(?i)^\s*#\+(?:begin|end)_\w+.*$")
_ORG_KEYWORD = re.compile(r"(?i)^\s*#\+\w+:\s*(.*)$")
_ORG_RULE = re.compile(r"^\s*\|-[-+|]*\|?\s*$")
_ORG_ITALIC = re.compile(r"(?<![\w/:])/(?=\S)([^/\n]*?\S)/(?![\w/])")
_LIST_MARK = re.compile(r"^(?:[-+*•]|\d{1,2}[.)])\s")
_ORG_LINK = re.compile(r"\[\[(?:[^\]]*)\]\[([^\]]*)\]\]|\[\[([^\]]*)\]\]")


def _org_inline(text: str) -> str:
    """Org's inline markup as Markdown's: ``/italic/`` → ``*italic*``, a link → its text
    (``*bold*`` reads as Markdown's emphasis already)."""
    text = _ORG_LINK.sub(lambda m: m.group(1) or m.group(2), text)
    return _ORG_ITALIC.sub(r"*\1*", text)


def org_lines(lines: list[str]) -> list[str]:
    """Lines of a document converted to Org mode by pandoc (``-t org``), as the shared
    readers read Markdown (the line count kept, each line number the printed one), when the
    text prints Org headings (``* Title``, two at least) and a property drawer
    (``:PROPERTIES:`` … ``:END:``) or an Org table rule (``|---+---|``):

    - ``** Title`` → ``## Title``; a drawer's lines and a block's delimiters
      (``#+begin_quote``) blank; ``#+title: X`` → ``X``; ``/italic/`` → ``*italic*``; a link
      ``[[url][text]]`` → ``text``; the ``--`` dash is left as printed (a configuration's
      patterns are written on the printed text);
    - a table's rule → a Markdown rule (``|---|---|``); a row whose every cell is empty (a
      cell's blank line between its paragraphs) blank; in a table of two columns (label |
      value), a row whose label is empty goes on with the row above: its value joined to
      that row's by ``<br>``, its own line blank, as pandoc prints a cell of several
      paragraphs (a list in a « Modalités » cell) one row a paragraph.

    Any other text is returned unchanged."""
    headings = sum(1 for t in lines if _ORG_HEADING.match(t))
    if headings < 2 or not any(
        _ORG_DRAWER.match(t) and ":PROPERTIES:" in t or _ORG_RULE.match(t) and "+" in t for t in lines
    ):
        return lines
    out = list(lines)
    in_drawer = False
    last_row = -1  # the index of the table row a two-column row with no label goes on with
    for i, t in enumerate(lines):
        s = t.strip()
        if s == ":PROPERTIES:":
            in_drawer = True
        if in_drawer or _ORG_BLOCK.match(t):
            in_drawer = in_drawer and s != ":END:"
            out[i] = ""
            continue
        if s.startswith("|"):
            if _ORG_RULE.match(t):
                out[i] = t.replace("+", "|")
                continue
            raw = s.strip("|").split("|")
            cells = [c.strip() for c in raw]
            if not any(cells):
                out[i] = ""
                continue
            if len(cells) == 2 and not cells[0] and last_row >= 0:
                # (a list item indented under the one above, « 3. Organiser … : » / «    -
                # systématiques … »: a detail, printed as Markdown's nested item)
                nested = "  " if len(raw[1]) - len(raw[1].lstrip()) > 2 and _LIST_MARK.match(cells[1]) else ""
                label, value = (c.strip() for c in out[last_row].strip().strip("|").split("|", 1))
                more = nested + _org_inline(cells[1])
                out[last_row] = f"| {label} | {value} <br> {more} |" if value else f"| {label} | {more} |"
                out[i] = ""
                continue
            out[i] = pipe_row(_org_inline(c) for c in cells)
            last_row = i if len(cells) == 2 else -1
            continue
        last_row = -1
        heading = _ORG_HEADING.match(t)
        keyword = _ORG_KEYWORD.match(t)
        if heading:
            out[i] = "#" * len(heading.group(1)) + " " + _org_inline(heading.group(2))
        elif keyword:
            out[i] = _org_inline(keyword.group(1))
        else:
            out[i] = _org_inline(t)
    return out


#: DokuWiki (pandoc ``-t dokuwiki``): a heading (``====== Title ======`` is level 1,
#: ``== Title ==`` level 5), a table row (``^ head ^`` / ``| cell |``), a list item
#: (``  * item``, ``  - item`` numbered, two spaces more a level), a forced line break.
_DOKU_HEADING = re.compile(r"^(={2,6})\s*(\S.*?)\s*\1\s*$")
_DOKU_ROW = re.compile(r"^\s*[\^|].*[\^|]\s*$")
_DOKU_LIST = re.compile(r"^((?:  )+)([*-])\s+(.*)$")
#: (the normalisation read ``\\`` as Markdown's escaped backslash: one is left)
_DOKU_BREAK = re.compile(r"(?:\s*\\{1,2}(?=\s|$))+\s*")
_DOKU_ITALIC = re.compile(r"(?<![:/])//(?=\S)(.+?)(?<=\S)//")


def _doku_inline(text: str) -> str:
    """DokuWiki's inline markup as Markdown's: ``//italic//`` → ``*italic*``, a forced line
    break ``\\\\`` → ``<br>``, ``%%nowiki%%`` and ``''monospace''`` → their text."""
    text = re.sub(r"%%(.*?)%%", r"\1", text)
    text = re.sub(r"''(.+?)''", r"\1", text)
    text = _DOKU_ITALIC.sub(r"*\1*", text)
    return _DOKU_BREAK.sub(" <br> ", text).strip() if "\\" in text else text


def dokuwiki_lines(lines: list[str]) -> list[str]:
    """Lines of a document converted to DokuWiki markup by pandoc (``-t dokuwiki``, a
    département's intranet wiki), as the shared readers read Markdown (the line count kept),
    when the text prints two DokuWiki headings or more and a DokuWiki table (a ``^ head ^``
    row) or a level-one or -two heading (``====== Title ======``, ``===== Title =====``):

    - ``====== Title ======`` → ``# Title``, ``===== Title =====`` → ``## Title`` (six signs a
      level one, two a level five);
    - a table row: ``^`` cells as ``|`` cells, a forced line break in a cell (``\\\\``, a
      cell's lines) → ``<br>``;
    - ``  * item`` → ``- item``, ``  - item`` (a numbered list) → ``1. item``, numbered on
      from the list's item before it up to the next heading, two spaces more a level down
      (``  - detail``);
    - ``//italic//`` → ``*italic*``; ``%%…%%`` and ``''…''`` → their text.

    Any other text is returned unchanged."""
    headings = [_DOKU_HEADING.match(t) for t in lines]
    if (
        sum(1 for h in headings if h) < 2
        or not any(t.lstrip().startswith("^") and _DOKU_ROW.match(t) for t in lines)
        and not any(h and len(h.group(1)) >= 5 for h in headings)
    ):
        return lines
    out = list(lines)
    numbered = 0
    for i, t in enumerate(lines):
        heading = headings[i]
        item = _DOKU_LIST.match(t)
        if heading:
            out[i] = "#" * (7 - len(heading.group(1))) + " " + _doku_inline(heading.group(2))
            numbered = 0
        elif _DOKU_ROW.match(t) and t.strip()[0] in "^|":
            cells = re.split(r"\s*[\^|]\s*", t.strip()[1:-1])
            out[i] = pipe_row(_doku_inline(c) for c in cells)
        elif item:
            depth = len(item.group(1)) // 2 - 1
            if item.group(2) == "-" and depth == 0:
                numbered += 1
                out[i] = f"{numbered}. {_doku_inline(item.group(3))}"
            else:
                out[i] = "  " * depth + f"- {_doku_inline(item.group(3))}"
        else:
            out[i] = _doku_inline(t)
    return out


#: Jira / Confluence wiki markup (pandoc ``-t jira``): a heading (``h2. {anchor:…}Title``), an
#: anchor macro, a list item (``* item``, ``# item``, ``** detail``).
_JIRA_HEADING = re.compile(r"^h([1-6])\.\s+(.*)$")
_JIRA_ANCHOR = re.compile(r"\{anchor:[^}]*\}")
_JIRA_LIST = re.compile(r"^([*#]+)\s+(\S.*)$")


def _jira_cell(lines: list[str]) -> str:
    """A Jira table cell printed over several lines as one pipe cell: a line opening on a list
    marker is an item (``* item`` → ``- item``, ``# step`` → ``1. step`` numbered), a line
    opening in lower case or on a bracket goes on with the line above (a line break inside a
    phrase), any other a new item after ``<br>``."""
    items: list[str] = []
    numbered = 0
    for raw in lines:
        t = raw.strip()
        if not t:
            continue
        m = _JIRA_LIST.match(t)
        if m:
            marks = m.group(1)
            if marks.endswith("#"):
                numbered += 1
                items.append("  " * (len(marks) - 1) + f"{numbered}. {m.group(2)}")
            else:
                items.append("  " * (len(marks) - 1) + f"- {m.group(2)}")
        elif items and (t[:1].islower() or t[:1] in "(\\"):
            items[-1] = join_wrapped(items[-1], t)
        else:
            items.append(t)
    return " <br> ".join(items)


def jira_lines(lines: list[str]) -> list[str]:
    """Lines of a document converted to Jira / Confluence wiki markup by pandoc (``-t jira``:
    a plan drafted in Confluence), as the shared readers read Markdown (the line count kept),
    when the text prints two Jira headings or more (``h1. Title``) and a Jira table's header
    row (``|| head || head ||``) or an anchor macro:

    - ``h2. {anchor:…}Title`` → ``## Title``; anchors dropped;
    - a table row (``|| head ||`` or ``| cell |``) → one pipe row on its first line, its cells'
      other lines blank: a row goes on to the line its last cell closes on (`` |``), a cell's
      list items (``* item``, ``# step``) and lines joined by ``<br>`` (:func:`_jira_cell`);
    - outside tables, ``* item`` → ``- item``, ``# step`` → ``1. step`` (numbered on up to a
      heading or a line of text), ``** detail`` → ``  - detail``.

    Any other text is returned unchanged."""
    if sum(1 for t in lines if _JIRA_HEADING.match(t)) < 2 or not any(
        t.lstrip().startswith("||") or "{anchor:" in t for t in lines
    ):
        return lines
    out = [_JIRA_ANCHOR.sub("", t) for t in lines]
    i, numbered = 0, 0
    while i < len(out):
        t = out[i]
        heading = _JIRA_HEADING.match(t)
        if heading:
            out[i] = "#" * int(heading.group(1)) + " " + heading.group(2).strip()
            numbered, i = 0, i + 1
            continue
        if t.lstrip().startswith("|"):
            j = i
            while not out[j].rstrip().endswith("|") and j + 1 < len(out) and out[j + 1].strip():
                j += 1  # the row goes on to the line its last cell closes on
            body = "\n".join(out[i : j + 1]).strip()
            body = body[2:] if body.startswith("||") else body[1:]
            body = body[:-2] if body.endswith("||") else body[:-1] if body.endswith("|") else body
            cells = [_jira_cell(c.split("\n")) for c in re.split(r"\s*\|\|?\s*", body)]
            out[i] = pipe_row(cells)
            for k in range(i + 1, j + 1):
                out[k] = ""
            i = j + 1
            continue
        item = _JIRA_LIST.match(t)
        if item:
            marks = item.group(1)
            if marks.endswith("#"):
                numbered = numbered + 1 if len(marks) == 1 else numbered
                out[i] = "  " * (len(marks) - 1) + f"{numbered if len(marks) == 1 else 1}. {item.group(2)}"
            else:
                out[i] = "  " * (len(marks) - 1) + f"- {item.group(2)}"
        elif t.strip():
            numbered = 0
        i += 1
    return out


#: A pandoc multiline table's border (dashes across the table) and its column rule (a run of
#: dashes per column, a space between: ``-------- ---------- -----``).
_MULTILINE_BORDER = re.compile(r"^\s*-{10,}\s*$")
_MULTILINE_COLUMNS = re.compile(r"^\s*-{3,}(?: +-{3,})+\s*$")


def _column_cut(line: str, b: int) -> int:
    """Where a multiline table's line is cut before the column its rule starts at ``b``: at
    ``b``, or up to three characters before it where the text starts after two spaces (the
    line is shorter than printed by the escapes the normalisation dropped: ``d\\'évaluation``),
    else at a space near ``b``."""
    if b >= len(line):
        return len(line)
    for p in range(b, max(b - 4, 1), -1):
        if line[p - 2 : p] == "  " and line[p] != " ":
            return p
    if line[b - 1] == " ":
        return b
    near = [p for p in range(max(b - 3, 1), min(b + 4, len(line))) if line[p - 1] == " " and line[p] != " "]
    return min(near, key=lambda p: abs(p - b)) if near else b


def multiline_tables(lines: list[str]) -> list[str]:
    """Pandoc's *multiline tables* (Markdown written with ``-pipe_tables-grid_tables``: a
    border of dashes, the header's lines, a column rule of one run of dashes per column, rows
    separated by blank lines, each cell wrapped inside its column's width, a closing border)
    as pipe rows, the line count kept: the header one pipe row on its first line (the column
    rule a Markdown rule, where the header's cells are all bold or the table has three
    columns or more; a two-column table whose header is a label and its value, « **Enjeu** |
    L'offre … », a row like the others), each row one pipe row on its first line, a cell's
    lines joined as a wrapped phrase, the row's other lines and the borders blank. Text
    printing no such table is returned unchanged."""
    out = list(lines)
    i = 0
    while i < len(lines):
        if not _MULTILINE_BORDER.match(lines[i]):
            i += 1
            continue
        rule = next((k for k in range(i + 1, min(i + 30, len(lines))) if _MULTILINE_COLUMNS.match(lines[k])), None)
        end = (
            next((k for k in range(rule + 1, len(lines)) if _MULTILINE_BORDER.match(lines[k])), None)
            if rule is not None
            else None
        )
        if (
            rule is None
            or end is None
            or any(_MULTILINE_BORDER.match(t) for t in lines[i + 1 : rule])
            or any(t.lstrip().startswith("|") for t in lines[i:end])
        ):
            i += 1
            continue
        starts = [m.start() for m in re.finditer(r"-+", lines[rule])]

        def cells(block: list[str], starts=starts) -> list[str]:
            parts = [""] * len(starts)
            for t in block:
                cuts = [_column_cut(t, b) for b in starts[1:]]
                for c, (a, b) in enumerate(zip([0, *cuts], [*cuts, None], strict=True)):
                    piece = (t[a:b] if b is not None else t[a:]).strip()
                    parts[c] = join_wrapped(parts[c], piece) if parts[c] and piece else parts[c] or piece
            return parts

        header = cells(lines[i + 1 : rule])
        bold = all(re.fullmatch(r"\*\*.+\*\*", c) for c in header if c)
        out[i] = ""
        out[i + 1] = pipe_row(header)
        for k in range(i + 2, rule + 1):
            out[k] = ""
        if bold or len(starts) >= 3:
            out[i + 2 if i + 2 <= rule else rule] = "|" + "---|" * len(starts)
        k = rule + 1
        while k < end:
            if not lines[k].strip():
                k += 1
                continue
            j = k
            while j < end and lines[j].strip():
                j += 1
            out[k] = pipe_row(cells(lines[k:j]))
            for m in range(k + 1, j):
                out[m] = ""
            k = j
        out[end] = ""
        i = end + 1
    return out


def pandoc_lines(lines: list[str]) -> list[str]:
    r"""Lines of a Word document converted by pandoc, made readable by the shared readers
    (the line count kept, so every line number stays the printed one):

    - a **grid table** (``+----+----+`` borders, ``|`` cell sides, a cell's text wrapped
      inside its column) becomes one pipe row per table row, on the row's first line
      (``| **Contexte et objectifs** | Un tiers … fragilités. |``; the row's other lines
      and the borders become blank), a ``+====+`` border a pipe rule on the line right
      under the header's first line;
    - pandoc's escapes are undone: ``1\)`` / ``1\.`` → ``1)`` / ``1.``, a hard break ``\``
      at a line end dropped, ``1^er^ semestre`` → ``1er semestre`` (a ``--`` dash is left as printed: a
      configuration's patterns are written on the printed text);
    - a **table with no outer pipes** (html2text, some Markdown writers: ``Qui pilote ? |
      Direction …`` under a ``---|---`` rule) gets them, so it reads as every pipe table;
    - a table **drawn with box characters** (``w3m -dump``, ``┌───┬───┐`` / ``│ a │ b │``,
      a cell's text wrapped inside its column, a label centred in its cell's height) is a
      grid table drawn with other strokes: read as one (:func:`_box_to_ascii`);
    - a table whose **cells each end with** ``|`` (striprtf: ``Pilote(s)|Direction …|``,
      a cell's paragraphs on lines of their own) becomes pipe rows (:func:`_cell_end_rows`);
    - pipe cells whose ``<br>`` marks every printed line (pymupdf4llm) are joined back
      where a line goes on with the one above (:func:`_soft_breaks`);
    - two spaces inside a pipe cell where a plan prints them as its cells' line breaks
      (markdownify) are a ``<br>`` (:func:`_spaced_breaks`).

    Text with none of these is returned unchanged.
    """
    boxed = {k for k, t in enumerate(lines) if _BOX_LINE.match(t)}
    out = _spaced_breaks(
        _soft_breaks(_cell_end_rows(_outer_pipes(multiline_tables([_box_to_ascii(t) for t in lines]))))
    )
    i = 0
    while i < len(out):
        if not _GRID_BORDER.match(out[i]):
            i += 1
            continue
        cols = [k for k, ch in enumerate(out[i]) if ch == "+"]
        j, row, first = i, [], None
        while j < len(out) and (_GRID_BORDER.match(out[j]) or out[j].lstrip().startswith("|")):
            if _GRID_BORDER.match(out[j]):
                if row:
                    out[first] = pipe_row(_grid_row(row, cols, soft=first in boxed))
                    for k in range(first + 1, j):
                        out[k] = ""
                header = "=" in out[j] and row
                cells = len(cols) - 1
                cols = [k for k, ch in enumerate(out[j]) if ch == "+"]  # the next row's columns
                out[j] = ""
                if header:
                    # the header's rule right under its row (a row of several lines leaves
                    # blank lines between them), as every pipe table prints it
                    out[first + 1] = "|" + "---|" * cells
                row, first = [], None
            else:
                first = j if first is None else first
                row.append(out[j])
            j += 1
        i = j
    return [_unescape_pandoc(t) for t in out]


def _unescape_pandoc(text: str) -> str:
    text = re.sub(r"\\([).\-*_#\[\]])", r"\1", text)
    text = re.sub(r"(\d)\^(er|re|e|ème|nd|nde)\^", r"\1\2", text)
    return re.sub(r"(?<=\S)\s*\\$", "", text)


def _wrapped_over_blank(item: str, text: str) -> bool:
    """``text``, after a blank line, goes on with ``item``: it opens in lower case and the
    item ends on a connector word or with a comma (a converter that prints a blank line
    inside a wrapped phrase: pdfminer)."""
    from schemalab.parsers.ocr_lines import ends_open, starts_lower

    return starts_lower(text) and ends_open(item)


#: Markdown's hard line break: two spaces after a line's text (markdownify's ``<br>``).
_HARD_BREAK = re.compile(r"\S {2}$")


def parse_bullets(lines: list[tuple[int, str]], *, loose: bool = True) -> list[Item]:
    """Top-level items of a block of ``(line_no, text)`` lines.

    An item starts at a bullet glyph (or on the line after a glyph or a list number printed
    alone); a
    bullet indented more than the previous top-level item nests under it (items at the
    same indentation are siblings: html2text prints every item ``  * ``); a non-bullet
    line continues the previous item (hard-wrapped text). With ``loose``, non-empty
    lines before any bullet become items of their own (plans often print a one-item list
    without a glyph), one item a paragraph: a blank line ends an item that has no glyph,
    and a line at the margin after a blank line ends one that has (a list item's
    continuation after a blank line is indented, as in Markdown). A Word document read by
    docx2txt prints each list item as a paragraph with a blank line after it, and a soft
    line break inside one as a line with no blank before it: one item. A line in lower case
    after a blank line goes on with the item above when that item ends on a connector word
    or a comma (pdfminer prints blank lines inside a wrapped phrase: « … pour les » / « » /
    « territoires du sud »).
    """
    items: list[Item] = []
    last: Item | None = None
    glyphless = False  # the last item started without a glyph
    after_blank = False
    top = 0  # the indentation of the last top-level item
    lone: str | None = None  # a bullet or number printed alone on the line above, with its indent
    held: Item | None = None  # the item before the last blank line
    ends_hard = False  # the line read ends with Markdown's hard break (two spaces or more)
    for no, raw in lines:
        hard, ends_hard = ends_hard, bool(_HARD_BREAK.search(raw))
        if not raw.strip():
            after_blank = bool(items)
            held = last if last is not None else held
            last = None if not items or glyphless else last
            continue
        if g := LONE_GLYPH.match(raw):
            # a glyph or a list number printed alone (mutool: « 1. » above its step)
            lone = raw[: len(raw) - len(raw.lstrip())] + (g.group("number") or "•")
            continue
        was_blank, after_blank = after_blank, False
        if lone is not None:  # the item of the bullet above starts here
            raw, lone = f"{lone} {raw.lstrip()}", None
        m = _ITEM.match(raw)
        if m:
            text = clean_inline(m.group("text"), bullet=False)
            text = clean_inline(text)  # "- ✓ x": the ✓ after the dash
            # Nesting is read from indentation only: a "- ✓" item at column 0 is a
            # top-level item (Landes sheet 11 prints one).
            width = len(m.group("indent").expandtabs(4))
            nested = items and width > top
            if not text:
                continue
            raw_text = _BULLET.sub("", m.group("text")).strip()
            # the glyph's number or letter ("1.", "a)"), or the one printed after a
            # bullet ("- 1. Aménager", a cell's <br> items): one ref whatever the layout
            marker = numbered_marker(m.group("glyph")) or numbered_marker(m.group("text"))
            glyphless = False
            if (
                not nested
                and items
                and marker is None
                and m.group("glyph").strip()
                and items[-1].marker is not None
                and re.fullmatch(r"\d{1,2}", items[-1].marker)
                and items[-1].text.rstrip().endswith(":")
            ):
                # a bullet under a numbered step ending with a colon, printed at the step's
                # indentation (a label | value column read flat: « 3. Créer un service … : » /
                # « • appel à projets … » / « 4. Former … »): the step's detail, as the
                # conventions say, not a step of its own
                nested = True
            if not nested and items and items[-1].text.rstrip().endswith(":") and text[:1].islower():
                # an item in lower case under one ending with a colon, printed with the same
                # glyph at the same indentation (pdftotext -raw: «  Déployer le référentiel
                # … : » / «  former l'ensemble des évaluateurs en 2025 ; »): its detail
                nested = True
            if nested:
                child = Item(text, no, raw=raw_text, marker=marker)
                items[-1].children.append(child)
                last = child
            else:
                last = Item(text, no, raw=raw_text, marker=marker)
                items.append(last)
                top = width
        else:
            text = clean_inline(raw)
            if not text:
                continue
            if was_blank and held is not None and _wrapped_over_blank(held.text, text):
                last = held  # a phrase cut by a blank line (pdfminer: « … pour les » / « » / « territoires du sud »)
            elif was_blank and not raw[:1].isspace():
                last = None  # a paragraph at the margin after a blank line: no continuation
            elif glyphless and hard and not raw[:1].isspace():
                last = None  # after Markdown's hard break (two spaces at the line's end): a line of its own
            if last is not None:
                last.text = join_wrapped(last.text, text).strip()
                last.raw = join_wrapped(last.raw, raw.strip()).strip()
            elif loose:
                last = Item(text, no, raw=raw.strip())
                items.append(last)
                top, glyphless = 0, True
    return items


# Years and semesters ----------------------------------------------------------------

_YEAR = r"(?:19[89]\d|20\d\d)"
_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*(?:--|[-–—/]|à|au)\s*({_YEAR})(?!\d)")
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


#: "S1", "S 2", "1er semestre", "2nd semestre", "premier semestre", "second semestre",
#: "deuxième semestre" (group 1, 2: the digit; group 3: the word).
SEMESTER = re.compile(
    r"\b(?:S\s?([12])|([12])\s*(?:er|re|e|è?me|nd|ᵉʳ|ʳᵉ|ᵉ|ⁿᵈ)?\s*semestre|"
    r"(premi[eè]re?|seconde?|deuxi[èe]me)\s+semestre)\b",
    re.I,
)
_SEM = SEMESTER
#: A range opening on a semester of its first year (« 2ᵉ semestre 2026 – 2027 », « S2 2026 à
#: 2028 »).
_SEMESTER_THEN_RANGE = re.compile(
    rf"^\W*(?:{SEMESTER.pattern})\s+(?:19|20)\d\d\s*(?:[–—-]|à|au)\s*(?:19|20)\d\d\b", re.I
)
#: A quarter printed before a year ("T2 2025", "1er trimestre 2026"): no column holds
#: it, so a calendar label leaves it out.
_QUARTER_WORDS = (
    r"\b(?:T\s?[1-4]|[1-4]\s*(?:er|e|è?me|ᵉʳ|ᵉ)?\s*trimestre|"
    r"(?:premier|deuxi[èe]me|second|troisi[èe]me|quatri[èe]me)\s+trimestre)"
)
QUARTER_BEFORE_YEAR = re.compile(rf"{_QUARTER_WORDS}\s+(?=(?:19|20)\d\d\b)", re.I)


#: The words of a date phrase printed before a year: "à partir du (second semestre)
#: 2026", "dès 2027", "d'ici fin 2028", "avant la fin de 2029", "de 2027 à 2029", "en
#: 2026", "mi-2027". They say when, not what: a calendar label never keeps them.
_DATE_LEAD = (
    r"(?:à\s+partir|à\s+compter|au\s+cours|dans\s+le\s+courant|jusqu['’](?=[aàe])|d['’]ici|dès|avant|après|"
    r"fin|début|courant|mi(?=-)|depuis|entre|puis|ensuite|rentr[ée]e(?:\s+scolaire)?|l['’]ann[ée]e|ann[ée]es?|chaque|en|au|aux|à|de|du|des|d['’]|la|le|les|l['’]|et|pour|"
    # a season or a horizon before the year (« printemps 2027 », « à l'horizon 2029 »)
    r"printemps|été|automne|hiver|l['’]horizon|horizon|"
    # a month and its day before the year ("en janvier 2026", "au 1er septembre 2027")
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|1er|[0-3]?\d(?=\s+[a-zéû]))"
)
_DATE_PHRASE = re.compile(rf"(?:(?<![\w'’-]){_DATE_LEAD}[\s-]*)*(?<!\d)(?:19|20)\d\d(?!\d)", re.I)
_ONLY_DATE_WORDS = re.compile(rf"(?:(?<![\w'’-]){_DATE_LEAD}|[\s\-–—:,/;.()])*", re.I)


def calendar_label(text: str) -> str | None:
    """What a calendar item says besides its dates (a phase: "élaboration", "élection des
    membres"), or None when it says nothing else.

    The years and the date phrase that introduces them (:data:`_DATE_LEAD`) are no
    label; the caller removes the semester or quarter words it reads first.

    >>> calendar_label("à partir du   2026")
    >>> calendar_label("Lancement à partir de 2026")
    'Lancement'
    >>> calendar_label("2026 : élection des membres")
    'élection des membres'
    >>> calendar_label("Dès 2026 puis chaque année : publication du bilan")
    'publication du bilan'
    """
    if _DATED_SENTENCE.search(text) and not _LABEL_SEPARATOR.search(text) and _SENTENCE_SUBJECT.match(text):
        return None  # "La démarche s'étend de 2026 à 2027.": a sentence, not a label
    text = _DATED_SENTENCE.sub("", text)  # "ouverture de l'unité." → no final stop
    label = re.sub(r"\([\s\-–—/,;]*\)", " ", _DATE_PHRASE.sub(" ", text))
    # a list's separator left at the end ("2028 : lancement de la ligne d'écoute ;", the
    # next entry on the next line) is no part of the label
    label = re.sub(r"^[\s\-–—:,/à]+|[\s\-–—:,;/]+$", "", re.sub(r"\s+", " ", label))
    # a date taken out before its comma leaves the comma after a space (« Installation du
    # conseil au premier trimestre 2026, puis … »)
    label = re.sub(r"\s+([,;])", r"\1", label)
    # "Dès 2026 puis chaque année : publication du tableau": the recurrence before the
    # label's separator says how often, not what
    label = re.sub(rf"^{_RECURRENCE.pattern}\s*[:\-–—]\s*", "", label, flags=re.I)
    if not label or _ONLY_DATE_WORDS.fullmatch(label) or _RECURRENCE.fullmatch(label) or _WHOLE_PLAN.fullmatch(label):
        return None
    return label


#: The whole plan as a schedule ("Tout au long du schéma (2026-2031)", "Sur toute la durée
#: du schéma"): when, not what; no label (the years printed are the rows).
_WHOLE_PLAN = re.compile(
    r"(?:tout\s+au\s+long|pendant\s+toute\s+la\s+dur[ée]e|sur\s+(?:toute\s+)?la\s+dur[ée]e)\s+"
    r"(?:du|de\s+la|de\s+l['’])\s*(?:sch[ée]ma|plan|p[ée]riode)",
    re.I,
)


#: A recurrence after a date ("2025 puis annuel", "puis chaque année", "ensuite tous les
#: ans"): it says how often, not what; no label (the years printed are the rows).
_RECURRENCE = re.compile(
    r"(?:(?:puis|ensuite|et)\s+)?(?:(?:de\s+)?fa[çc]on\s+)?"
    r"(?:(?:annuel|semestriel|trimestriel|mensuel)(?:le)?(?:s|ment)?|chaque\s+(?:ann[ée]e|semestre|trimestre|mois)"
    r"|tous\s+les\s+(?:ans|mois|semestres|trimestres)|en\s+continu)",
    re.I,
)


#: A calendar item that is a sentence: it ends with a full stop ("… de 2026 à 2027.").
_DATED_SENTENCE = re.compile(r"(?<!\.)\.\s*$")
#: A sentence with a subject ("La démarche s'étend …", "Le comité sera installé …"), not
#: a phase named by its noun ("renouvellement au second semestre 2028.").
_SENTENCE_SUBJECT = re.compile(
    r"^\s*(?:La|Le|Les|L['’]|Un|Une|Des|Ce|Cet|Cette|Ces|Il|Elle|Ils|Elles|On|Nous|Chaque|Tous|Toutes)\b", re.I
)
#: What sets a label apart from its date: a colon or a spaced dash ("2025 : ouverture",
#: "Lancement – 2026"). A sentence with neither merely carries its dates: no label.
_LABEL_SEPARATOR = re.compile(r"\s?:\s|\s[–—-]\s")
#: A semester phrase ending a line whose year is printed on the next line
#: ("… Second semestre" / "2025 : ouverture …").
DANGLING_SEMESTER = re.compile(rf"(?:{SEMESTER.pattern}|{_QUARTER_WORDS})\s*$", re.I)
#: A date phrase's lead ending a line whose year is printed on the next line (« … ouverture
#: des places fin » / « 2027, évaluation en 2029. », a cell wrapped at its width).
DANGLING_DATE_LEAD = re.compile(r"(?:\s|^)(?:fin|d[ée]but|mi-|courant|d[èe]s|en|au|d['’]ici|avant|après)\s*$", re.I)
#: A sentence boundary: a full stop, then a capital or a digit.
_CALENDAR_SENTENCE_BREAK = re.compile(r"(?<=[^.\s]\.)\s+(?=[A-ZÀ-ÝŒ0-9])")
#: The start of a dated label: a year and a colon, semester or quarter words, a month and
#: a date phrase's lead allowed before it ("2026 : installation …", "second semestre 2026 :
#: ouverture …", "T3 2029 : …", "À partir de septembre 2026 : …", "Dès 2026 : …").
_DATE_BEFORE_YEAR = (
    r"(?:(?:à\s+partir|à\s+compter)\s+d(?:e|u|e\s+l['’])\s+|dès\s+(?:l['’]|le\s+)?|d['’]ici\s+(?:(?:la\s+)?fin\s+(?:de\s+)?)?"
    r"|(?:fin|début|courant|mi-?)\s+)?"
    r"(?:(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+)?"
    rf"(?:(?:{SEMESTER.pattern}|{_QUARTER_WORDS})\s+)?(?:19|20)\d\d"
)
_DATED_LABEL = re.compile(_DATE_BEFORE_YEAR + r"(?:\s?[-–]\s?(?:19|20)\d\d)?\s?:\s", re.I)
#: A line opening on a date, its label or not (« 1er semestre 2026 : … », « À partir de
#: septembre 2027 … », « 2027 … »).
DATED_START = re.compile(_DATE_BEFORE_YEAR + r"\b", re.I)
#: Words that join a year to the one before it ("de 2026 à 2028 : …"): no new entry.
_YEAR_CONNECTOR = re.compile(r"(?:\b(?:à|au|et|de|en)|[-–—/])\s*$", re.I)


def _dated_labels(text: str) -> list[str]:
    """``text`` cut before each dated label after the first, when it starts with one:
    "2026 : installation du comité 2027 : premier tableau de bord" (two lines joined
    into one value) gives two pieces. Semester words stay with the year they
    precede; a year joined to the one before ("de 2026 à 2028 : …") is no cut."""
    if not _DATED_LABEL.match(text):
        return [text]
    pieces, start = [], 0
    for m in re.finditer(r"\s+", text):
        before = text[start : m.start()]
        if (
            _DATED_LABEL.match(text, m.end())
            and years(before)
            and not DANGLING_SEMESTER.search(before)
            and not _YEAR_CONNECTOR.search(before)
        ):
            pieces.append(before.rstrip(" ;,"))
            start = m.end()
    pieces.append(text[start:])
    return pieces


def _dated_clauses(sentence: str) -> list[str]:
    """A sentence cut at its semicolons, else at its commas, when every clause names a
    year ("Installation du conseil au premier semestre 2026 ; renouvellement au second
    semestre 2028.", "Lancement en janvier 2026, généralisation en 2027."): each clause
    is an entry with its own semester and label."""
    clauses = [sentence]
    for cut in (r"\s*;\s+", r",\s+"):  # "…; …", then "Lancement en janvier 2026, généralisation en 2027."
        split = re.split(cut, sentence)
        if len(split) > 1 and all(years(c) for c in split):
            clauses = split
            break
    return clauses


def _two_dated_phrases(clause: str) -> list[str]:
    """A clause cut at « et » / « puis » where each side is a phrase with its own year
    (« l'accueil ouvrira à la rentrée 2027 et sera évalué au cours du second semestre
    2029 »: each year its semester); never a range or a list of years (« entre 2026 et
    2028 », « en 2026 et 2027 »: a side with no word but its year)."""
    parts = re.split(r"\s+(?:et|puis)\s+", clause)
    if len(parts) < 2 or not all(len(re.findall(r"\b(?:19|20)\d\d\b", p)) == 1 for p in parts):
        return [clause]
    if any(re.search(r"(?<!\d)\d{1,2}$", a) or re.match(r"\d", b) for a, b in zip(parts, parts[1:], strict=False)):
        return [clause]  # « à 16 et 17 ans », « en 2026 et 2027 »: numbers listed, no two phrases
    words = [re.sub(r"\b(?:19|20)\d\d\b|\b(?:en|de|dès|à|au|entre|partir)\b|\W", " ", p).split() for p in parts]
    return parts if all(words) else [clause]


def calendar_entries(text: str) -> list[tuple[list[int], int | None, str | None]]:
    """The calendar entries of one item, each ``(years, semester, label)``.

    Two dated sentences on one item ("2025 : aménagement des salles. 2026 : mise en
    place du transport.") are two entries, each with its own semester and label, and so
    are two dated labels without a full stop between them ("2026 : installation 2027 :
    bilan", :func:`_dated_labels`; semester words stay with their year); a
    sentence stating no year stays with the dated sentence before it. An entry naming
    one year and a semester ("Second semestre 2025 : …") has that semester (a quarter,
    "T3 2029 : …", gives none: the contract's semester is one the plan schedules by), and
    the semester words (and the quarter) leave the label.

    >>> calendar_entries("Premier semestre 2025 : formation. Second semestre 2025 : ouverture.")
    [([2025], 1, 'formation'), ([2025], 2, 'ouverture')]
    >>> calendar_entries("La démarche s'étend de 2026 à 2027.")
    [([2026, 2027], None, None)]
    """
    pieces: list[str] = []
    for piece in (
        d
        for sentence in _CALENDAR_SENTENCE_BREAK.split(text)
        for part in _dated_clauses(sentence)
        for label in _dated_labels(part)
        for d in _two_dated_phrases(label)
    ):
        if pieces and not years(piece):
            pieces[-1] += " " + piece
        elif pieces and not years(pieces[-1]):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    if sum(1 for p in pieces if years(p)) < 2:
        pieces = [text]
    out = []
    for piece in pieces:
        ys = years(piece)
        opening = _SEMESTER_THEN_RANGE.match(piece) if len(ys) >= 2 else None
        if opening and len(SEMESTER.findall(piece)) == 1:
            # « 2ᵉ semestre 2026 – 2027 »: from the second half of 2026 to 2027, the
            # semester the first year's only
            label = calendar_label(SEMESTER.sub(" ", piece))
            out += [([ys[0]], semester(piece), label), (ys[1:], None, label)]
            continue
        sem = semester(piece) if len(ys) == 1 else None
        if sem is not None:
            piece = SEMESTER.sub(" ", piece)
        if len(ys) == 1:
            piece = QUARTER_BEFORE_YEAR.sub(" ", piece)
        out.append((ys, sem, calendar_label(piece)))
    return out


def semester(text: str) -> int | None:
    """1 or 2 for "S1", "S 2", "1er semestre", "2nd semestre", "premier semestre",
    "Second semestre"; None otherwise."""
    m = _SEM.search(text)
    if not m:
        return None  # (a month, « Septembre 2026 », schedules by month, not by semester)
    if m.group(3):
        return 1 if m.group(3).lower().startswith("prem") else 2
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
    # "effectif" counts as the noun (a headcount: "les effectifs", "l'effectif"), not as the
    # adjective "actual" ("partage effectif des données", "suivi effectif du PPE": 61 sheets 2, 10)
    (
        "count",
        re.compile(
            r"(\bnombres?\b|\bnb\b|\bnbre\b|(?:^|\b(?:les|des|aux|leurs?|ses|son|l'|d'))\s*effectifs?\b|"
            r"\bcombien\b|\bvolume\b|\bfile active\b)"
        ),
    ),
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


#: An indicator printed with its kind before it ("Réalisation : nombre de réunions",
#: "Indicateur d'impact – part des …", "Résultat : …").
_INDICATOR_KIND_PREFIX = re.compile(
    r"^(?:indicateurs?\s+)?(?:(?:de\s+|d['’]\s*))?(?P<kind>r[ée]alisation|impact|r[ée]sultats?)\s*(?::|[–—-]\s)\s*(?=\S)",
    re.I,
)
#: A line of a list of indicators that only names the kind of the items below it
#: ("**De réalisation :**", "Indicateurs d'impact :").
_INDICATOR_KIND_HEADING = re.compile(
    r"^(?:indicateurs?\s+)?(?:(?:de\s+|d['’]\s*))?(?P<kind>r[ée]alisation|impact|r[ée]sultats?)\s*:?\s*$", re.I
)


def _kind_of(word: str) -> str:
    """The indicator kind a printed word names ("Réalisation", "impact", "Résultats")."""
    word = word.lower()
    return "impact" if word == "impact" else "realisation" if word.startswith(("réal", "real")) else "resultat"


def indicator_kind_heading(text: str) -> str | None:
    """The kind a line naming only a kind gives the indicators below it, or None.

    >>> indicator_kind_heading("De résultat :")
    'resultat'
    """
    m = _INDICATOR_KIND_HEADING.match(clean_inline(text).strip())
    if not m:
        return None
    return _kind_of(m.group("kind"))


def indicator_kind_prefix(text: str) -> tuple[str | None, str]:
    """(kind, text after it) of an indicator printed with its kind as a prefix, else
    (None, text).

    >>> indicator_kind_prefix("Impact : part des propositions reprises")
    ('impact', 'part des propositions reprises')
    >>> indicator_kind_prefix("Nombre de réunions")
    (None, 'Nombre de réunions')
    """
    m = _INDICATOR_KIND_PREFIX.match(text)
    if not m:
        return None, text
    return _kind_of(m.group("kind")), text[m.end() :]


def indicator_measure(text: str) -> str:
    """What an indicator measures: ``count`` / ``rate`` / ``delay`` / ``qualitative``.

    Accent- and case-insensitive; a delay or duration ("délai", "durée", "temps moyen",
    "nombre de jours") first, then a rate or share ("taux", "part", "pourcentage", "%"),
    then a count ("nombre", "nb", the noun "effectif": "les effectifs", not "suivi effectif"); anything else (a deliverable, a
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
    r"millions?\s+€|milliards?\s+€|€|[Ee]uros?|EUR)"
)
#: An amount between Markdown's underscores (« __148,6 M€__ », mammoth's bold) is one: an
#: underscore is no letter of a word around it.
_AMOUNT = re.compile(rf"(?<![^\W_])(?<![,.])(?P<num>{_NUM})\s*{_UNIT}(?![^\W_])")
_MULT = {"k": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "milliard": 1e9, "million": 1e6, "millier": 1e3, "milier": 1e3}


def _number(s: str) -> float:
    s = re.sub(r"[ .\u202f\u00a0](?=\d{3}\b)", "", s)
    return float(s.replace(",", "."))


#: A line ending inside an amount: its number, then perhaps the start of its unit
#: ("71,6 mil-", "150 000", "2,5 millions").
_AMOUNT_AT_END = re.compile(r"\d(?:[ .,\u202f]?\d)*\s*(?:[^\W\d_]+-?)?\s*$")


#: A line's first run of words (up to two spaces or more) and what follows it.
_FIRST_RUN = re.compile(r"^(\s*\S+(?: \S+)*)\s{2,}\S")


def with_cut_amount(text: str, next_text: str) -> str:
    """``text`` and, when an amount is cut at its end, the start of ``next_text`` up to
    the amount's end ("consacré 71,6 mil-" / "lions d'euros à …" → "consacré 71,6
    millions d'euros"); else ``text``. Only the amount's end is taken, so the next line's
    own amounts are read on their line, once.

    >>> with_cut_amount("a consacré 71,6 mil-", "lions d'euros à la protection")
    "a consacré 71,6 millions d'euros"
    >>> with_cut_amount("soit 150 000", "€ par an, dont 20 000 € de la CAF")
    'soit 150 000 €'
    """
    if not next_text.strip():
        return text
    lead = _FIRST_RUN.match(text)
    if lead and not _AMOUNT_AT_END.search(text) and _AMOUNT_AT_END.search(lead.group(1)):
        # a key figure in a column of its own, cut under itself (« 103,5 millions      budget
        # primitif 2025 … » / « d'euros »: a designed PDF's text in layout mode)
        below = _FIRST_RUN.match(next_text)
        cut = with_cut_amount(lead.group(1), below.group(1) if below else next_text)
        return cut + text[lead.end(1) :] if cut != lead.group(1) else text
    if not _AMOUNT_AT_END.search(text):
        return text
    joined = join_wrapped(text, next_text)
    cut = len(join_wrapped(text, "x")) - 1  # where next_text starts in ``joined``
    for a in euro_amounts(joined):
        if a.start < cut < a.end:
            return joined[: a.end]
    return text


#: The euro sign as OCR reads it: a capital E after a figure of thousands ("45 000 E par
#: an"), followed by a word in lower case, a punctuation mark or the line's end; never
#: after a small number ("3 E", a grade or an annex).
_OCR_EURO = re.compile(
    r"(?<![\w,.])(?P<num>\d{1,3}(?:[ .\u202f\u00a0]\d{3})+(?:,\d+)?)\s?E(?=\s+[a-zàâéèêëîïôûç]|\s*[;,.)]|\s*$)"
)


#: The low end of a range printed before its high end and unit (« entre 50 000 et »).
_RANGE_LOW = re.compile(rf"(?i)\bentre\s+(?P<num>{_NUM})\s+et\s+$")


def euro_amounts(text: str) -> list[Amount]:
    """Every explicit euro amount in ``text``, converted to euros.

    "12,5 k€" → 12500; "2 000 000 €" → 2000000; "10 M€" → 10000000;
    "60 millions d'euros" → 60000000; "1.200.000 euros" → 1200000; "45 000 E par an"
    (OCR's € after a figure of thousands) → 45000; "entre 50 000 et 80 000 €" → 50000 and
    80000 (a range's low end in its high end's unit).
    """
    out = []
    for m in _AMOUNT.finditer(text):
        unit = m.group("unit").lower().replace(" ", "")
        mult = 1.0
        for prefix in ("milliard", "million", "millier", "milier", "mds", "md", "k", "m"):
            if unit.startswith(prefix) and not unit.startswith("eur"):
                mult = _MULT[prefix]
                break
        if re.match(r"0[\d \u202f\u00a0.]", m.group("num")):
            continue  # "000 €" opening a line: the end of an amount cut at the line above ("30" / "000 €")
        try:
            value = _number(m.group("num")) * mult
        except ValueError:
            continue
        out.append(Amount(round(value, 2), m.group(0).strip(), m.start(), m.end()))
    for a in list(out):
        # « Entre 50 000 et 80 000 € »: the range's low end takes its high end's unit (« de 2 à
        # 3 M€ » may be a change from one figure to the other: not read so)
        low = _RANGE_LOW.search(text[: a.start])
        num = _AMOUNT.match(a.raw)
        if low and num and not re.fullmatch(r"(?:19|20)\d\d", low.group("num")):
            try:
                value = _number(low.group("num")) * a.value / _number(num.group("num"))
            except (ValueError, ZeroDivisionError):
                continue
            out.append(Amount(round(value, 2), low.group("num"), low.start("num"), low.end("num")))
    for m in _OCR_EURO.finditer(text):
        if not any(a.start < m.end() and m.start() < a.end for a in out):
            out.append(Amount(round(_number(m.group("num")), 2), m.group(0).strip(), m.start(), m.end()))
    for m in _WORD_AMOUNT.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in out):
            continue  # "1,5 million d'euros": the figure's amount, read above
        value = _number_words(m.group("words"))
        if value and m.group("words").lower() not in ("un", "une"):
            # (« chaque euro investi … est un euro utile »: one euro in words is a figure of
            # speech, never money a plan counts)
            out.append(Amount(float(value), m.group(0).strip(), m.start(), m.end()))
    return sorted(out, key=lambda a: a.start)


#: French number words ("deux cent mille", "quatre-vingt-dix", "trois millions").
_UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}  # fmt: skip
_SCALES = {"mille": 1000, "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}
_NUMBER_WORD = "|".join(sorted([*_UNITS, "cents?", *_SCALES, "et"], key=len, reverse=True))
#: An amount written in words: "Deux cent mille euros", "trois millions d'euros".
_WORD_AMOUNT = re.compile(
    rf"(?<![\w-])(?P<words>(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*)\s+(?:d['’]\s*)?euros?\b"
    rf"(?!\s+sur\s+(?:{_NUMBER_WORD}|\d))",  # "un euro sur quatre": a share, no amount
    re.I,
)


def _number_words(words: str) -> int | None:
    """The value of French number words ("deux cent mille" → 200000), or None when they
    are not a number ("et", a scale alone: "millions d'euros" says how much only with a
    figure before it).

    >>> _number_words("quatre-vingt-dix mille")
    90000
    >>> _number_words("deux millions cinq cent mille")
    2500000
    """
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "et"]
    if not tokens or tokens[0] in _SCALES and tokens[0] != "mille":
        return None
    total = current = 0
    for t in tokens:
        if t in _UNITS:
            value = _UNITS[t]
            if value == 20 and current % 100 == 4:
                current += 76  # quatre-vingt(s)
            else:
                current += value
        elif t.startswith("cent"):
            current = (current or 1) * 100
        elif t in _SCALES:
            total += (current or 1) * _SCALES[t]
            current = 0
    return total + current or None


def sentence_around(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence of ``text`` containing ``[start, end)``, cleaned, at most ``limit`` chars."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    s = clean_inline(text[left + 1 : right + 1])
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


# Money: qualification rules (what an amount is, so that only like is added to like) --
#
# Every rule reads the words the plan prints around one amount; each is table-tested in
# tests/test_money.py with real sentences of the plans. ``before`` is the text of the
# amount's sentence (or list item, or table cell) from its start or the previous amount,
# ``after`` the text up to the next amount or the end of that sentence.

#: Markup that ends a list item, a paragraph or a table cell: an amount's context never
#: crosses it (a converted table cell may hold a whole page of list items), nor carries
#: it (a row's outer ``|``, at the start or end of the line, is a cell's edge too).
_MONEY_BLOCK = re.compile(
    r"</?(?:li|p|br|tr|td|th|ul|ol|div|h\d)\b[^>]*>|\t|[▪•●◦○❖➤►→]|(?:^|\s)\|(?:\s|$)",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-ÖØ-Þ«\"(])|(?<=[.!?])\s*$")
#: Where a sentence ends inside a block: ". " followed by a capital (markup allowed).
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=(?:\*\*|__|<[^>]{1,40}>)?[A-ZÀ-ÖØ-Þ«\"(])")
#: A sentence that opens by saying who funds the thing the sentence before it names:
#: "L'action est co-financée par l'Etat et le Département", "Elle est financée par la
#: CAF", "Co-financé par l'ARS" (a short subject referring back, then "(co-)financé(e) par").
_FUNDED_BY_NEXT = re.compile(
    r"^(?:(?:(?:l['’]\s?|les?\s+|la\s+|cet(?:te)?\s+|ces?\s+)[\w-]+|elles?|ils?|celle-ci|celui-ci|ceux-ci)\s+)?"
    r"(?:(?:est|sont|sera|seront|serait|a\s+été|ont\s+été|était|étaient)\s+)?"
    r"(?:co-?)?financ(?:é|ée|és|ées)\s+par\s+(?P<who>[^.;]+)",
    re.I,
)


@dataclass(frozen=True)
class MoneyText:
    """Where an amount is printed: its context (the verbatim sentence, list item or
    cell, markup and whitespace cleaned) and the words just before and after it."""

    context: str
    before: str
    after: str
    #: the sentence's words before the amount, other amounts included (« …, dont 4,1 M€ de
    #: mesures nouvelles et »)
    clause: str = ""


def _filled_cells(text: str) -> list[str]:
    """The non-empty cells of a table row (tab-separated, or a pipe row), cleaned; [] for
    any other text."""
    cells = text.split("\t") if "\t" in text else _row_cells(text)
    return [c for c in (clean_inline(x) for x in cells) if c]


def money_text(text: str, amount: Amount, others: list[Amount] | None = None, limit: int = 400) -> MoneyText:
    """The sentence (inside its list item / paragraph / table cell) holding ``amount``.

    ``others`` are the other amounts of ``text``: ``before`` starts after the previous
    one and ``after`` stops at the next one, so that "4 M€ par mois … 3 M€" does not
    give the 3 M€ the 4 M€'s period.
    """
    start, end = amount.start, amount.end
    lo, hi = 0, len(text)
    for m in _MONEY_BLOCK.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    block = text[lo:hi]
    # sentences inside the block: ". " followed by a capital, end of block
    s_lo, s_hi = 0, len(block)
    n_lo, n_hi = len(block), len(block)  # the next sentence of the block, if any
    for m in _SENTENCE_BREAK.finditer(block):
        if m.end() <= start - lo:
            s_lo = m.end()
        elif m.start() >= end - lo:
            if s_hi == len(block):
                s_hi, n_lo = m.start() + 1, m.end()
            else:
                n_hi = m.start() + 1
                break
    a, b = lo + s_lo, lo + s_hi
    prev_end = max([o.end for o in (others or []) if o.end <= start] + [a])
    next_start = min([o.start for o in (others or []) if o.start >= end] + [b])
    context = clean_inline(text[a:b])
    row = _filled_cells(text)
    if context == clean_inline(amount.raw) and row:
        # a table cell holding the amount alone: its row says what it is, and the cell after it
        # its period (« Moyens / budget | 180000 | par an à compter de 2027 »)
        a, b = 0, len(text)
        context = " | ".join(row)
        prev_end = max([o.end for o in (others or []) if o.end <= start] + [a])
        next_start = min([o.start for o in (others or []) if o.start >= end] + [b])
    elif len(row) == 2 and len(row[0].split()) >= 5 and not euro_amounts(row[0]) and euro_amounts(row[1]):
        # a caption | value row (« | Enveloppe supplémentaire du schéma sur 2026-2030 | 6,2 M€,
        # dont 1,5 M€ … | », a key figures table): its caption says what the value is (a
        # sheet's short field label, « | Moyens | … | », does not: the field says it)
        context = f"{row[0]} : {context}"
    if len(context) > limit:
        context = context[: limit - 1].rstrip() + "…"
    after = clean_inline(text[end : max(end, min(b, next_start))], bullet=False)
    # the next sentence of the block saying who funds what this one names ("Un budget de
    # 60 000€ est défini pour cette action nommée "Mobiduc". L'action est co-financée par
    # l'Etat et le Département", 47:417), when it prints no amount of its own: kept after
    # a "…", for :func:`amount_payer` only (the other rules read ``after`` from its start)
    following = block[n_lo:n_hi]
    if following and not euro_amounts(following):
        following = clean_inline(following, bullet=False)
        if _FUNDED_BY_NEXT.match(following):
            after = f"{after} … {following}"
    before = text[max(a, prev_end) : start]
    if prev_end > a:
        # « 240 000 € par an pour … Logiciel de suivi : 65 000 € »: the previous amount's period,
        # unless this amount is part of that one (« 80 000 € par an, dont 30 000 € de la CAF »,
        # « … par an (900 000 € chacun) »: a bracket left open), which shares it (the period read as the
        # previous amount's own, :data:`_AFTER_PER_YEAR` / :data:`_AFTER_PER_MONTH`)
        period = _AFTER_PER_YEAR.match(before) or _AFTER_PER_MONTH.match(before)
        rest = before[period.end() :] if period else before
        if rest != before and not re.search(r"\b(?:dont|soit|chacun|chacune)\b|\([^)]*$", rest, re.I):
            before = rest
    return MoneyText(
        context=context,
        before=clean_inline(before, bullet=False),
        after=after,
        clause=clean_inline(text[a:start], bullet=False),
    )


_PER_UNIT = r"(?:unités?\s+de\s+consommation|enfants?|jeunes?|mineurs?|familles?|foyers?|personnes?|bénéficiaires?|places?|jours?|journées?|nuits?|nuitées?|heures?|mesures?|assistants?\s+familia\w+|semaines?|séances?|lits?)"
#: "par nouvel assistant familial", "par nouvelle place": an adjective before the unit.
_NEW = r"(?:nouve(?:l|lle|aux|lles)\s+)?"
_AFTER_UNIT_RATE = re.compile(
    # (« 212 € » / « prix de journée moyen en MECS »: a key figure's caption naming a rate)
    rf"^\s*(?:(?:/|par)\s*(?:mois|an|année|jour)\s*(?:et\s+)?(?:/|par)\s*{_NEW}{_PER_UNIT}|(?:/|par)\s*{_NEW}{_PER_UNIT}\b"
    r"|:?\s*(?:de\s+)?(?:prix\s+de\s+journée|tarif\s+(?:journalier|horaire)|coût\s+(?:moyen\s+)?journalier)\b)",
    re.I,
)
_BEFORE_UNIT_RATE = re.compile(
    rf"(?:prix\s+de\s+journée|tarif\s+(?:journalier|horaire)|coût\s+(?:moyen\s+)?(?:par|d['’]une?)\s+{_PER_UNIT}|par\s+{_PER_UNIT})\b[^.]*$",
    re.I,
)
#: A payment made to each person of a group, named before its amount: "prime
#: d'installation de 500 €", "Revenu exceptionnel de solidarité de 500 € par mois",
#: "forfait de scolarité de 50 €". Each is so much per beneficiary, not a sum spent.
_PER_PERSON_PAYMENT = re.compile(
    # not the cost of raising one (« Revalorisation de l'indemnité : 310 000 € par an », 74)
    r"(?<!revalorisation de l')(?<!revalorisation de la )(?<!revalorisation des )(?<!hausse de l')"
    r"(?<!hausse des )(?<!augmentation de l')(?<!augmentation des )"
    r"\b(?:primes?|forfaits?|allocations?|revenus?|indemnités?|bourses?|pécules?|gratifications?|"
    r"chèques?|pensions?)\b(?:\s+(?!soit\b)[\w'’-]+){0,4}?\s*(?:de|d['’]|:)\s*$",
    re.I,
)
#: An amount inscribed in one year's budget: "inscrite au budget prévisionnel 2024".
_AFTER_YEAR_BUDGET = re.compile(
    r"^[^.;]*?\bau\s+(?:budget\s+(?:prévisionnel|primitif|annuel)|BP)\s+(?:de\s+)?(?:19|20)\d\d\b", re.I
)
_AFTER_PER_MONTH = re.compile(r"^\s*(?:/\s*mois|par\s+mois|mensuel)", re.I)
#: "par an" right after the amount, or after a short phrase saying what it pays ("620 000 €
#: de fonctionnement par an", "2 M€ supplémentaires chaque année"): words only, no figure.
_AFTER_PER_YEAR = re.compile(
    # (« 30 k€ HT/an »: the tax words glued to the period)
    r"^\s*\)?\s*(?:(?:HT|TTC)\s*(?=/))?(?:[^\W\d]+(?:['’][^\W\d]+)?\s+){0,3}?(?:/\s*an\b|par\s+an\b|par\s+année|annuel|chaque\s+année|en\s+année\s+pleine)",
    re.I,
)
_BEFORE_PER_YEAR = re.compile(r"\b(?:chaque\s+année|tous\s+les\s+ans|par\s+an|annuel(?:le)?(?:ment)?)\b", re.I)
_BEFORE_PER_MONTH = re.compile(r"\b(?:chaque\s+mois|tous\s+les\s+mois|mensuel(?:le)?(?:ment)?)\b", re.I)
_AVERAGE_OVER_PERIOD = re.compile(r"\bmoyen(?:ne)?s?\b.*\b(?:période|sur\s+(?:19|20)\d\d\s*[-–])", re.I)


def amount_periodicity(before: str, after: str) -> str:
    """one_off / per_year / per_month / unit_rate / unknown from the words around an amount.

    "50 € par mois et par enfant" → unit_rate; "avance de 7,4 M€ par mois" → per_month;
    "10 M€ par an", "consacre chaque année plus de 60 millions d'euros", "1,8 M€ en année
    pleine" (a running cost once at full pace) → per_year;
    "Enveloppe moyenne consommée sur la période 2017-2022 : 52 500 €" → unknown (an
    average over years, per year or not: the plan does not say); else one_off (a sum).
    A payment to each person of a group ("prime d'installation de 500 € pour les
    assistants familiaux", "Revenu exceptionnel de solidarité de 500 € par mois pour les
    conjoints") → unit_rate, never added to an envelope; an amount "inscrite au budget
    prévisionnel 2024" → per_year (one year's budget line). Only the amount's clause is
    read: "45 000 € par an pour la campagne ; 320 000 € pour le relais" → the second is
    one_off.
    """
    before, after = before.rsplit(";", 1)[-1], after.split(";", 1)[0]
    if _AFTER_UNIT_RATE.search(after):
        return "unit_rate"
    if re.search(
        r"\b(?:pendant|sur)\s+(?:\d+|deux|trois|quatre|cinq|six)\s+ans\s*,?\s*soit(?:\s+au\s+total)?\s*$", before, re.I
    ):
        return "one_off"  # « 45 000 € par an pendant trois ans, soit 135 000 € »: the years' sum
    if re.search(r"\bsoit(?:\s+environ|\s+près\s+de)?\s*$", before, re.I) and _AFTER_PER_YEAR.search(after):
        # « 62 € par jour et par enfant …, soit environ 180 000 € par an »: the rate restated
        # as a year's cost, the period printed right after it its own
        return "per_year"
    if _BEFORE_UNIT_RATE.search(before) or _PER_PERSON_PAYMENT.search(before):
        return "unit_rate"
    if _AFTER_PER_MONTH.search(after) or _BEFORE_PER_MONTH.search(before):
        return "per_month"
    if _AFTER_PER_YEAR.search(after) or _BEFORE_PER_YEAR.search(before) or _AFTER_YEAR_BUDGET.search(after):
        return "per_year"
    if _AVERAGE_OVER_PERIOD.search(before):
        return "unknown"
    return "one_off"


_VARIATION = re.compile(
    r"\b(?:hausse|baisse|augmentation|diminution|progress\w*|recul\w*|évolution|croissance)\s+"
    r"(?:de\s+[\d\s,.]+\s*%\s*,?\s*)?(?:de|d['’]|soit|:)\s*$",
    re.I,
)
_COMPONENT = re.compile(r"\bdont\s*(?:\w+\s+){0,2}?(?:de\s+|d['’])?$", re.I)
#: The second share of a « dont »: « dont 4,1 M€ de mesures nouvelles et 2,7 M€ de … ».
_COMPONENT_AND = re.compile(
    r"\bdont\s+[^;.()]*?\d[\d\s,.]*\s*(?:M€|k€|€|millions?|milliers?|euros)[^;.()]*?\bet(?:\s+de|\s+d['’])?\s*$", re.I
)
_LOWER_BOUND = re.compile(
    r"\b(?:plus\s+de|au\s+moins|supérieure?s?\s+à|au-delà\s+de|minimum\s+de|entre)\s*$", re.I
)  # (« entre 50 000 et 80 000 € »: the range's low end is a floor)


def amount_role(before: str, clause: str = "") -> str:
    """single / variation / component from the words just before an amount.

    "la dépense progresse de 19 %, soit 34 245 522 euros" and "soit une hausse de 2 M€"
    → variation; "dont 7 060 407 €" → component (of the amount it belongs to); else
    single; an amount after « et » in a « dont » clause (``clause``: the sentence's words
    before it, « …, dont 4,1 M€ de mesures nouvelles et 2,7 M€ … ») → component too.
    ``total`` comes from a TOTAL row or printed components (:func:`link_amounts`).
    """
    if _VARIATION.search(before):
        return "variation"
    if _COMPONENT.search(before) or (
        re.search(r"\bet(?:\s+de|\s+d['’])?\s*$", before) and _COMPONENT_AND.search(clause)
    ):
        return "component"
    return "single"


def is_lower_bound(before: str) -> bool:
    """ "plus de 60 millions d'euros", "au moins 2 M€": the amount is a floor."""
    return bool(_LOWER_BOUND.search(before))


#: Bodies that pay, as printed (case-sensitive: "l'État", never "un état des lieux").
PAYERS: dict[str, str] = {
    r"\bCAF\b|Caisses? d['’]allocations familiales": "CAF",
    r"\bMSA\b|Mutualité sociale agricole": "MSA",
    r"\bARS\b|Agence régionale de santé": "ARS",
    r"\bCPAM\b|Assurance [Mm]aladie": "Assurance maladie",
    r"\bCNSA\b": "CNSA",
    r"\bPJJ\b|Protection [Jj]udiciaire de la [Jj]eunesse": "PJJ",
    r"[Mm]inistère de la [Jj]ustice|\bJustice\b": "Justice",
    r"\b[ÉE]tat\b": "État",
    r"[ÉE]ducation [Nn]ationale": "Éducation nationale",
    r"\bRégion\b|Conseil régional": "Région",
    r"\bFSE\b|Union européenne|[Ff]onds (?:social )?européens?": "Union européenne",
    r"\bDépartement\b|Conseil départemental|\bCD\s?\d\d\b": "Département",
}
_PAYER = re.compile("|".join(f"(?P<p{i}>{rx})" for i, rx in enumerate(PAYERS)))
_FUNDING = re.compile(
    r"financ|versée?s?\b|accordée?s?\b|subvention|particip|à hauteur de|pris en charge|dotation|contribu|payée?s?\b|"
    r"contractualisation|"
    # the verbs a body spends or commits money with (« le Département consacre 142 M€ »,
    # « engage une enveloppe de 4,2 M€ », « mobilisera 9,6 M€ »)
    r"\bconsacr|\bengag(?:e|é|ée|és|ées|ent|era|eront|era)\b|\bmobilis(?:e|é|ée|és|ées|ent|era|eront)\b|"
    r"apport(?:ée?s?|era|ent|e)\b",
    re.I,
)
_COFUNDING_AFTER = re.compile(
    # the amount's periodicity or year may stand between ("dont 90 000 € par an financés par la CAF")
    # a comma may stand before the clause (« 400 000 €, financés par l'État … et le Département »)
    r"^\s*,?\s*(?:(?:par|chaque)\s+(?:an|ann[ée]e|mois)\s+|en\s+(?:19|20)\d\d\s+)?(?:(?:(?:apporté|financé|versé|accordé|payé|consacré|engagé|mobilisé)e?s?|pris(?:e|es)?\s+en\s+charge)\s+par|"
    r"(?:en\s+)?(?:co-?)?financement|au\s+titre\s+de\s+la\s+contractualisation(?:\s+avec)?)\s+(?P<who>[^.,;]+)",
    re.I,
)


def payer_names(text: str) -> list[str]:
    """The payers a text names, in print order, each once (« Département et ARS » →
    [Département, ARS]; the registry of payers, :data:`PAYERS`)."""
    return _payer_names(text)


def _payer_names(text: str) -> list[str]:
    out = []
    for m in _PAYER.finditer(text):
        name = list(PAYERS.values())[int(m.lastgroup[1:])]
        if name not in out:
            out.append(name)
    return out


#: What a component amount is "of" right after it: "dont 60 000 € de la CAF", "dont
#: 140 000 € de l'ARS" (the funder's share of the envelope).
_SHARE_OF = re.compile(r"^\s*(?:de\s+la|de\s+l['’]|du|des|de)\s+(?P<who>[^\W\d][^,;.()]{1,60})", re.I)


def amount_payer(context: str, before: str, after: str) -> str | None:
    """The body that pays, where the plan names it beside the amount.

    "financé par la CAF à hauteur de 180 000 €, la MSA (16 000 €)" → CAF, MSA (the body
    named last before each amount); after the amount, "400 000€ en co-financement Etat
    Département" → "État, Département", "dont 90 000 € apportés (financés, versés, pris en
    charge…) par l'Agence régionale de santé" → ARS, "50 000 € financement CAF" → CAF,
    "dont 50 000 € au titre de la contractualisation avec l'État" → État; an amount "of" a
    funder the registry of payers knows, "dont 60 000 € de la CAF", "500 000 € de l'État"
    → CAF, État (not "20 000 € de fonctionnement").
    Only in a sentence about funding (financé, versé, accordé, apporté, subvention…);
    else None (a body named near an amount is not always its payer).

    When the amount's own sentence prints no payer (no body in a sentence about funding),
    the next sentence of its list item or paragraph may, if it opens by referring back to
    what this one names ("L'action est co-financée par", "Elle est financée par") and
    prints no amount of its own (:func:`money_text` keeps it at the end of ``after``,
    after a "…"): "Un budget de 60 000€ est défini pour cette action nommée "Mobiduc".
    L'action est co-financée par l'Etat et le Département" → "État, Département" (47:417).
    """
    own, _, following = after.rpartition(" … ")
    m = _FUNDED_BY_NEXT.match(following) if own or after.startswith(" … ") else None
    if m is None:
        own = after
    payer = _own_payer(context, before, own)
    share = _SHARE_OF.match(own) if payer is None else None
    if share:  # "dont 60 000 € de la CAF", "500 000 € de l'État": the money a funder brings
        names = _payer_names(share.group("who"))
        payer = names[0] if names else None
    elif payer is None and _CREDITS_OF.search(before) and _payer_names(_CREDITS_OF.search(before).group("who")):
        # « Crédits du FSE : 80 000 € », « Financement de la CAF : 40 000 € »: the label names the payer
        payer = _payer_names(_CREDITS_OF.search(before).group("who"))[0]
    elif payer is None and re.search(r"\bdont\s*$", before):
        # "80 000 € par an dont 30 000 € CAF": a share followed by its funder's name alone
        named = _PAYER.match(own.lstrip())
        payer = _payer_names(named.group(0))[0] if named else None
    # only when the amount's own sentence prints no financer (a body in a funding sentence)
    if payer is None and m is not None and not (_FUNDING.search(context) and _payer_names(context)):
        names = _payer_names(m.group("who"))
        payer = ", ".join(names) if names else None
    return payer


def caption_payer(caption: str) -> str | None:
    """The body whose money a table's caption says its amounts are: « Crédits de
    fonctionnement et d'investissement du Département, en milliers d'euros » → Département,
    « crédits départementaux » → Département, « Participation de la CAF (en €) » → CAF; None
    where the caption names no funder's credits."""
    m = _CAPTION_CREDITS.search(caption)
    if m is None:
        return None
    if m.group("who") is None:
        return "Département"  # « crédits départementaux »
    names = _payer_names(m.group("who"))
    return names[0] if names else None


#: A caption naming whose credits a table holds (:func:`caption_payer`).
_CAPTION_CREDITS = re.compile(
    r"(?i)\b(?:crédits|financements?|participations?|dépenses)\b(?:\s+départementa(?:les|ux)\b"
    r"|[^.:;()]{0,60}?\b(?:du|de\s+la|de\s+l['’]|des)\s+(?P<who>[^\W\d][^.:;,()]{1,40}))"
)


#: A label naming who brings the money printed after it (« Crédits du FSE : », « Financement de
#: la CAF : », « Participation de l'ARS : »).
_CREDITS_OF = re.compile(
    r"(?i)\b(?:crédits|financement|participation|subvention|contribution|dotation)\s+(?:du|de\s+la|de\s+l['’]|des)\s+"
    r"(?P<who>[^:;.]{2,60}?)\s*:\s*$"
)


#: A co-funding printed after the amount, in its own clause: « 200 k€ sur la durée du
#: schéma, cofinancés par l'ARS », « 45 000 € par an, cofinancés à parts égales avec la
#: Caisse d'allocations familiales » (:func:`_co_funders`).
_COFUNDED_WITH = re.compile(
    # « à parts égales », « à 50 % », « à hauteur de 30 % » may stand before « par » / « avec »
    r"^[^.;€]{0,60}?\bco-?financ(?:é|ée|és|ées)\s+"
    r"(?:à\s+parts\s+égales\s+|à\s+(?:hauteur\s+de\s+)?\d+(?:[,.]\d+)?\s*%\s+)?(?P<how>par|avec)\s+(?P<who>[^.;]+)",
    re.I,
)


def _co_funders(after: str) -> str | None:
    """The payers of an amount the plan says is co-funded (:data:`_COFUNDED_WITH`): the
    bodies named, and the Département whose plan it is when the words make it the other
    funder: « avec » the body (the Département co-funds with it), or « par » one body alone
    (a co-funding has two funders; the plan names the one that is not its author).
    « cofinancé par l'État et la CAF » names its two funders: the Département is not added."""
    m = _COFUNDED_WITH.match(after)
    names = _payer_names(m.group("who")) if m else []
    if not names:
        return None
    if "Département" not in names and (m.group("how").lower() == "avec" or len(names) == 1):
        names.append("Département")
    return ", ".join(names)


def _own_payer(context: str, before: str, after: str) -> str | None:
    """The payer :func:`amount_payer` reads in the amount's own sentence."""
    if not _FUNDING.search(context):
        return None
    co_funders = _co_funders(after)
    if co_funders:
        return co_funders
    co = _COFUNDING_AFTER.search(after)
    if co:
        names = _payer_names(co.group("who"))
        if names:
            return ", ".join(names)
    names = _payer_names(before)
    return names[-1] if names else None


_OUTSIDE_SCOPE = re.compile(
    r"plan\s+d['’]urgences?\b|covid|crise\s+sanitaire|plan\s+de\s+relance|tous\s+publics|toute\s+la\s+population",
    re.I,
)
#: Words that make an amount child protection's, whatever plan it belongs to: foster
#: carers, the ASE, children in care, placements, the services and measures of the field.
_CHILD_PROTECTION = re.compile(
    r"assistant(?:e)?s?\s+familia\w+|familles?\s+d['’]accueil|\bASE\b|aide\s+sociale\s+[àa]\s+l['’]\s?enfance|"
    r"protection\s+de\s+l['’]\s?enfance|enfants?\s+(?:confiés|placés|accueillis)|\bplacements?\b|"
    r"\bMECS\b|maisons?\s+d['’]enfants|foyers?\s+de\s+l['’]enfance|pouponnière|\bAEMO\b|\bAED\b|"
    r"mineurs?\s+non\s+accompagnés|\bMNA\b|jeunes?\s+majeurs?",
    re.I,
)
#: A figure describing households (income, poverty line, standard of living), printed
#: in a diagnosis: no money a plan spends, plans or reports (:func:`is_household_statistic`).
_HOUSEHOLD_STATISTIC = re.compile(
    r"\b(?:revenus?|salaires?)\s+(?:\w+\s+)?(?:médian|moyen|disponible|fiscal)\w*|niveau\s+de\s+vie|"
    r"seuil\s+de\s+(?:bas\s+revenus|pauvreté)|\bbas\s+revenus\b|unités?\s+de\s+consommation|\bdéciles?\b",
    re.I,
)


def names_child_protection(context: str) -> bool:
    """The words of an amount name child protection: "pour les 460 assistants
    familiaux", "enfants confiés", "ASE", "placement", "MECS", "jeunes majeurs"…"""
    return bool(_CHILD_PROTECTION.search(context))


def is_household_statistic(context: str) -> bool:
    """The amount describes households, not money: a median income ("Revenu médian |
    20 430 €", the row's header naming what the column holds), a poverty line ("vivant avec
    moins de 1 071 euros par unité de consommation"), a standard of living. Such figures
    are not amounts of the plan: they are neither kept as budget lines nor counted."""
    return bool(_HOUSEHOLD_STATISTIC.search(context))


#: An act the sentence says happened (passé composé): "a augmenté la subvention", "a été
#: versé", "ont financé". An amount of such a sentence was spent, not planned.
_PAST_ACT = re.compile(
    r"\b(?:a|ont|avait|avaient)\s+(?:été\s+|déjà\s+)?(?:augment|vers|financ|accord|attribu|octroy|distribu|"
    r"dépens|consacr|mobilis|pay|rembours|subventionn)\w*",
    re.I,
)


def is_past_act(sentence: str) -> bool:
    """ "Le Département a augmenté la subvention … à hauteur de 12 000€", "a été versé",
    "ont financé": the sentence reports money given, whatever words of forecast it holds
    ("montant", "budget"); "a été inscrite au budget prévisionnel" is not (a forecast)."""
    return bool(_PAST_ACT.search(sentence))


def is_past_period_finding(sentence: str, plan_start: int | None, nature: str) -> bool:
    """An amount stated as a finding of a period that ended before the plan: money spent
    (``nature`` consumed) in a sentence whose years all precede the plan's first year
    ("Enveloppe moyenne consommée sur la période 2017-2022 : 52 500 €" in a 2023-2027
    plan). Such an amount reviews the past; it is not the new plan's money."""
    if plan_start is None or nature != "consumed":
        return False
    ys = years(sentence)
    return bool(ys) and max(ys) < plan_start


def emergency_plan_dated_before(text: str, plan_start: int | None) -> bool:
    """The emergency plan a passage recounts was carried out before the plan began: the
    sentences of ``text`` that name it (plan d'urgence, covid, crise sanitaire, plan de
    relance…) print years, all before ``plan_start`` ("Dès le mois d'avril 2020, un plan
    d'urgence et de solidarité de grande ampleur a été déployé", 31:43, in a 2021-2025
    plan). Its money is then a past period's: an amount of it that names child
    protection, so not ``outside_scope``, is ``previous_plan`` (never the new plan's)."""
    if plan_start is None:
        return False
    dated: list[int] = []
    for line in text.splitlines():
        for sentence in _SENTENCE_BREAK.split(clean_inline(line)):
            if _OUTSIDE_SCOPE.search(sentence):
                dated += years(sentence)
    return bool(dated) and max(dated) < plan_start


_ANNUAL_BUDGET = re.compile(
    r"\bla\s+dépense\b.*\b(?:progresse|atteint|s['’]élève|représente)|consacre\w*\s+chaque\s+année|"
    r"budget\s+(?:départemental\s+)?(?:de\s+la\s+politique|consacré\s+à\s+la\s+protection|de\s+la\s+protection\s+de\s+l['’]enfance|"
    r"(?:de\s+l['’]|de\s+la\s+direction\s+)(?:enfance|aide\s+sociale))|dépenses?\s+de\s+la\s+direction\s+(?:de\s+l['’])?enfance|"
    r"\b(?:CA|BP)\s+(?:19|20)\d\d\b|\bbudget\s+primitif\b|"
    # the year's accounts (« dépenses réalisées en 2024 (compte administratif) »)
    r"\bcompte\s+administratif\b|\bdépenses\s+réalisées\s+en\s+(?:19|20)\d\d\b",
    re.I,
)
#: What the Département spends on child protection in a year (« En 2025, le Département a
#: consacré 71,3 millions d'euros à la protection de l'enfance », « 94,6 M€ consacrés à
#: l'enfance et à la famille en 2025 », « 71,4 millions d'euros de dépenses de protection de
#: l'enfance en 2024 », « dépenses du Département pour l'enfance et la famille en 2024 », « 52,3 M€
#: de dépenses départementales de protection de l'enfance en 2024 », 42 and 35): its annual budget, unless the sentence gives the money to the plan
#: (:data:`_PLAN_OWN_MONEY`). Twenty of the test plans' configurers wrote
#: this rule by hand (`money.scope_rules`).
_SPENT_ON_CHILD_PROTECTION = re.compile(
    r"(?:\bconsacr\w*\b.{0,90}?\bà\s+|\bdépenses?\s+(?:départementales\s+)?(?:du\s+Département\s+(?:pour|en\s+faveur\s+de)\s+|(?:en\s+matière\s+)?d(?:e\s+|['’]\s*)))"
    r"(?:la\s+prévention\s+et\s+(?:à\s+|de\s+)?)?"
    r"(?:la\s+protection\s+de\s+l['’]enfance|protection\s+de\s+l['’]enfance|l['’]aide\s+sociale\s+à\s+l['’]enfance|"
    r"aide\s+sociale\s+à\s+l['’]enfance|l['’]enfance\s+et\s+(?:à\s+)?(?:la\s+famille|aux\s+familles))",
    re.I,
)
#: Words that give an amount to the plan itself: it is then the plan's envelope, not a year's budget.
_PLAN_OWN_MONEY = re.compile(
    r"sch[ée]ma|\bsur\s+(?:la\s+durée\b|(?:\d+|deux|trois|quatre|cinq|six)\s+ans\b)|envelop|nouve(?:aux|lles?)|supplémentaire",
    re.I,
)
_ENVELOPE = re.compile(
    r"envelop|\bdotée?\b|\bfonds\b|budget|prévu|programm|investi|consacr|allou|financ|crédits?\b|mobilis|[àa]\s+hauteur\s+de|"
    r"moyens\s+nouveaux|nouveaux\s+moyens|mesures\s+nouvelles",
    re.I,
)


def amount_scope(context: str, action_id: str | None, payer: str | None) -> str:
    """action / plan_envelope / annual_budget / third_party / outside_scope / unknown.

    In order: a payer other than the Département → third_party; an emergency plan for
    the whole population ("Plan d'urgences sociales", "covid", "crise sanitaire") →
    outside_scope, unless the amount's own words name child protection ("forfait … pour
    les 460 assistants familiaux": :func:`names_child_protection`); the département's child-protection budget or spending ("consacre
    chaque année", "la dépense progresse … atteint", "Budget de la politique enfance
    famille", « budget départemental de l'enfance », a CA/BP column) → annual_budget; an amount printed in a sheet → action;
    plan-level money the plan commits (enveloppe, fonds, budget, financement…), or an axis's
    row of a table of the plan's money (« Axe 1 – … | 950000 € ») → plan_envelope; else unknown. ``previous_plan``: plan-level money whose sentence names
    the previous plan (« le précédent schéma … une enveloppe de 3,2 M€ »), or given by the
    parser (a review annex).
    """
    if payer and "Département" not in payer:
        return "third_party"
    if _OUTSIDE_SCOPE.search(context) and not names_child_protection(context):
        return "outside_scope"
    if action_id is None and (
        _ANNUAL_BUDGET.search(context)
        or (_SPENT_ON_CHILD_PROTECTION.search(context) and not _PLAN_OWN_MONEY.search(context))
    ):
        return "annual_budget"
    if action_id is not None:
        return "action"
    if _PREVIOUS_PLAN.search(context):
        return "previous_plan"
    if _ENVELOPE.search(context) or _AXIS_ROW.match(context):
        return "plan_envelope"
    return "unknown"


#: A table row of the plan's money by axis (« Axe 1 – Prévenir … | 950000 € », « TOTAL » under
#: it is read as their total): the plan's envelope, an axis's share of it.
_AXIS_ROW = re.compile(r"(?i)^\W*(?:axe|orientation|ambition|enjeu|d[ée]fi)\s*(?:\d{1,2}|[IVX]{1,4})\b[^|\t]*[|\t]")


#: Plan-level money the sentence gives to the plan before this one ("Le précédent schéma
#: … disposait d'une enveloppe de 3,2 M€"): the previous plan's, never the new plan's.
_PREVIOUS_PLAN = re.compile(
    r"\b(?:pr[ée]c[ée]dent|ancien)\s+(?:sch[ée]ma|plan|SDPPE|SDEF)\b|\b(?:sch[ée]ma|plan)\s+pr[ée]c[ée]dent\b", re.I
)


_AMOUNT_YEAR = re.compile(
    r"\b(?:en|CA|BP|pour|budget(?:\s+prévisionnel|\s+primitif)?|compte\s+administratif|année|exercice|au\s+titre\s+de)\s+"
    r"((?:19|20)\d\d)\b(?!\s*[-–]\s*(?:19|20)\d\d)",
    re.I,
)


def amount_year(context: str) -> int | None:
    """The year an amount refers to, where the sentence dates it once: "En 2020, la
    dépense…", "versés en 2023", "budget prévisionnel 2024", "CA 2020". A start date
    ("depuis le 1er janvier 2019") or a period ("2017-2022") is not the amount's year."""
    ys = {int(m.group(1)) for m in _AMOUNT_YEAR.finditer(context)}
    return ys.pop() if len(ys) == 1 else None


_DATING = r"(?:en|pour|au\s+titre\s+de(?:\s+l['’]ann[ée]e)?|(?:l['’])?ann[ée]e|exercice|CA|BP)"
#: A year printed right after an amount and dated by a word: "30 000 € en 2027",
#: "(pour 2026)"; a period ("de 2026 à 2028", "2026-2028") is no year of its own.
_YEAR_AFTER = re.compile(
    rf"^[\s,(]*(?:HT|TTC)?[\s,(]*(?:(?:versée?s?|prévue?s?|inscrite?s?|consacrée?s?|engagée?s?|dépensée?s?)\s+)?"
    # the spending the amount is, named before its year: « 71,4 M€ de dépenses de protection de l'enfance en 2024 »
    rf"(?:(?:de\s+(?:dépenses?|crédits?|fonctionnement)|d['’]investissement)\b[^\d;()€]{{0,60}}?\s)?{_DATING}\s+((?:19|20)\d\d)\b(?!\s*(?:[-–—/]|à|au)\s*(?:19|20)\d\d)",
    re.I,
)
#: A year printed right before an amount: "En 2026, 30 000 €", "pour 2027 : 15 000 €".
_YEAR_BEFORE = re.compile(rf"\b{_DATING}\s+((?:19|20)\d\d)\s*[,:]?\s*(?:(?:de|d['’]|soit|:)\s*)?$", re.I)


def attached_year(before: str, after: str) -> int | None:
    """The year the sentence attaches to one amount, read in the amount's own stretch
    (:func:`money_text` ``before``/``after``, cut at the neighbouring amounts): "30 000 €
    en 2026 et 15 000 € en 2027" gives each amount its year; "En 2026, 30 000 €" dates
    the amount after it. "45 000 € par an de 2026 à 2028" attaches no single year."""
    m = _YEAR_AFTER.match(after or "") or _YEAR_BEFORE.search(before or "") or _YEAR_IN_BRACKETS.match(after or "")
    return int(m.group(1)) if m else None


#: A year in brackets right after an amount: « 0,25 M€ (2026) puis 0,4 M€/an », « 600 000 € (2026) ».
_YEAR_IN_BRACKETS = re.compile(r"^\s*(?:HT|TTC)?\s*\(\s*((?:19|20)\d\d)\s*\)")


def dated_amount_year(mt: MoneyText, any_year: bool = False) -> int | None:
    """An amount's year: the one its sentence attaches to it (:func:`attached_year`),
    else the sentence's only year unless attached to another amount — dated by a word (:func:`amount_year`) or, with
    ``any_year`` (``amount_years: sentence``), any year the sentence names once."""
    own = attached_year(mt.before, mt.after)
    if own is not None:
        return own
    if any_year:
        ys = years(mt.context)
        year = ys[0] if len(ys) == 1 else None
    else:
        year = amount_year(mt.context)
    if year is None:
        return None
    # a year the sentence attaches to another amount is that amount's, not this one's
    found = euro_amounts(mt.context)
    if any(attached_year(o.before, o.after) == year for o in (money_text(mt.context, a, found) for a in found)):
        return None
    return year


def budget_column(header: str) -> tuple[str, int] | None:
    """A budget table's column header: "CA 2020" → ("consumed", 2020) (compte
    administratif: spent), "BP 2021" → ("planned", 2021) (budget primitif); else None."""
    m = re.fullmatch(r"\s*(CA|BP|BS|DM)\s*((?:19|20)\d\d)\s*", header)
    if not m:
        return None
    return ("consumed" if m.group(1) == "CA" else "planned"), int(m.group(2))


#: A legend line: « Légende : ✔ réalisée · ◐ partiellement réalisée · ⏳ en cours »,
#: « Légende : P = pilote ; CP = copilote ; A = associé » (:func:`legend_marks`).
_LEGEND = re.compile(r"(?i)^[\W_]*l[ée]gende[\s:*_]*(?P<body>.+)$")
#: One entry of a legend: a mark (a glyph or two, or a short code in capitals) then what
#: it stands for, up to the next separator (« · », « ; », « , », « | », two spaces).
_LEGEND_ENTRY = re.compile(
    r"(?P<mark>[^\w\s(),;:=·|]{1,3}|\b[A-Z]{1,3}\b|\b[Xx]\b)\s*(?:[=:–—-]\s*)?"
    r"(?P<words>[^\W\d_][^·;|,=]*?)\s*(?=[·;|,]|\s{2,}|$)"
)


def legend_marks(line: str) -> dict[str, str]:
    """What each mark of a legend line stands for: « Légende : ✔ réalisée · ◐ partiellement
    réalisée · ⏳ en cours · ✘ non réalisée » → {"✔": "réalisée", "◐": "partiellement
    réalisée", …}; « Légende : P = pilote ; CP = copilote ; A = associé » → {"P": "pilote",
    "CP": "copilote", "A": "associé"}. A table whose cells print only a mark (a status
    pictogram, a role code) is read through it. {} for any other line."""
    m = _LEGEND.match(clean_inline(line))
    if m is None:
        return {}
    body = m.group("body").split(".")[0] if "=" in m.group("body") else m.group("body")
    marks: dict[str, str] = {}
    for e in _LEGEND_ENTRY.finditer(body):
        mark = e.group("mark").replace("\ufe0f", "")
        if mark not in marks and e.group("words").strip():
            marks[mark] = e.group("words").strip()
    return marks if len(marks) >= 2 else {}


def is_total_label(label: str) -> bool:
    """A table row labelled TOTAL ("TOTAL", "Total général", "<b>TOTAL</b>")."""
    return bool(re.fullmatch(r"(?:sous-)?total(?:\s+général)?\s*:?", clean_inline(label), re.I))


# Money: links between amounts (totals, components, repeats) ---------------------------

_STOP = set(
    "avec dans pour par sur sous entre vers chez sans leur leurs elle elles nous vous sont être avoir cette ces "
    "celle celui dont plus moins très tout tous toute toutes aussi ainsi afin comme mais donc soit une des les "
    "aux euros euro".split()
)


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", folded) if w not in _STOP}


#: "soit" right before an amount, restating the amount printed just before it in the same
#: sentence: "500 000 €/mois pour le Conseil départemental, soit 2 M€ depuis le début de
#: la crise sanitaire" (31:95, the running total of the monthly amount).
_RESTATES = re.compile(r"\bsoit(?:\s+(?:environ|près\s+de|plus\s+de|au\s+moins))?\s*$", re.I)


def restated_amounts(context: str) -> dict[int, int]:
    """The amounts of one sentence that restate the amount printed just before them:
    index (in :func:`euro_amounts` order) → index of the amount restated.

    An amount introduced by "soit" right after another amount of its sentence is that
    amount again, converted or cumulated ("500 000 €/mois …, soit 2 M€ depuis le début de
    la crise": 1 → 0): the same money, not a second amount. "soit" after a percentage
    restates the percentage ("une avance jusqu'à 60 %, soit 10 M€", "la dépense progresse
    de 19 %, soit 34 245 522 Euros": nothing restated), and "soit une hausse de" is a
    variation (:func:`amount_role`)."""
    found = euro_amounts(context)
    out = {}
    for k in range(1, len(found)):
        between = context[found[k - 1].end : found[k].start]
        if _RESTATES.search(between) and "%" not in between:
            out[k] = k - 1
    return out


def _restatements(rows: list[dict]) -> None:
    """``duplicate_of`` for an amount restating the one before it in its sentence
    (:func:`restated_amounts`), read in the context the rows of one line share."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["first_line"], r.get("action_id"), r.get("context") or ""), []).append(r)
    for (_line, _aid, context), group in groups.items():
        if len(group) < 2:
            continue
        restated = restated_amounts(context)
        if not restated:
            continue
        # each row its amount in the sentence, in printed order (rows follow positions)
        found, at, k = euro_amounts(context), {}, 0
        for r in group:
            while k < len(found) and abs(found[k].value - r["amount_eur"]) >= 0.5:
                k += 1
            if k == len(found):
                break
            at[k] = r
            k += 1
        for k, j in restated.items():
            r, e = at.get(k), at.get(j)
            if r is not None and e is not None and r["role"] == "single" and r["duplicate_of"] is None:
                r["duplicate_of"] = e["position"]


#: A sheet named in brackets after an amount (« 1,2 M€ financeront … (action 2) », « (fiche
#: 3.1) », « (fiche-action n° 4) »).
_NAMED_SHEET = re.compile(
    r"\((?:l['’])?(?:action|fiche)(?:[- ]action)?\s*(?:n°\s*)?(?P<id>[A-H]?\d{1,2}(?:\.\d{1,2}){0,2})\)", re.I
)


def to_named_sheets(rows: list[dict], actions: set[str]) -> None:
    """Amounts read outside the sheets whose own clause names a sheet in brackets (« Parmi ces
    mesures, 1,2 M€ financeront le déploiement de l'accompagnement périnatal renforcé (action
    2). », « dont 7,2 M€ pour la création de places (action 6) et 0,9 M€ par an … (action 7) »):
    that sheet's money (scope ``action``). The clause runs, in the amount's ``context``, from
    the amount to the next amount or the end of its sentence; a sheet the plan does not print
    is none, and an amount another body pays, or the previous plan's, stays as read."""
    for row in rows:
        if row.get("action_id") is not None or row.get("scope") not in ("plan_envelope", "unknown", None):
            continue
        context = row.get("context") or ""
        found = euro_amounts(context)
        at = next((a for a in found if a.raw == row.get("amount_raw")), None)
        if at is None:
            continue
        after = [a.start for a in found if a.start > at.start]
        clause = re.split(r"[.;](?:\s|$)", context[at.end : min(after) if after else len(context)])[0]
        named = {m.group("id") for m in _NAMED_SHEET.finditer(clause)}
        if len(named) == 1 and (aid := named.pop()) in actions:
            row["action_id"], row["scope"] = aid, "action"


def link_amounts(rows: list[dict]) -> None:
    """Fill ``role``, ``part_of`` and ``duplicate_of`` across the amounts of one plan.

    Rows are budget_lines dicts numbered by ``position``, with ``role`` (single /
    component / total / variation) and ``periodicity`` already read. First, an amount
    introduced by "soit" right after another amount of its sentence (its conversion or
    running total: "500 000 €/mois …, soit 2 M€ depuis le début de la crise", 31:95) is a
    ``duplicate_of`` it (:func:`restated_amounts`): never a component, a total or a first
    mention. Then three rules, in order:

    1. **A TOTAL row** (``role == "total"``): the rows just above it in the same
       column (same year and nature, one per line, nearest first) that add up to it
       exactly are its components (``part_of`` = its position).
    2. **Printed components**: two or more amounts of one line that add up exactly to an
       amount printed on another line (the 35 M€ + 35 M€ volets of a 70 M€ plan) are its
       components; that amount becomes a total. A "dont" amount is a component of the
       larger amount printed before it on its line (else in its sentence), which stays
       single: its parts need not add up to it, so it is the one counted.
    A share naming no payer takes the Département as payer where the amount it breaks down
    has it.

    3. **Repeats**: the same amount with the same period and payer, printed on another
       line for the same purpose (the same sheet and two content words in common, the
       same year, or three content words in common) is a ``duplicate_of`` its first
       mention; amounts of one line are never repeats of each other.
    """
    rows = sorted(rows, key=lambda r: r["position"])
    for r in rows:
        r.setdefault("part_of", None)
        r.setdefault("duplicate_of", None)
    # 0. an amount restating the one before it in its sentence ("…, soit 2 M€")
    _restatements(rows)
    restating = {id(r) for r in rows if r["duplicate_of"] is not None}

    def free(r):
        return r["role"] == "single" and r["part_of"] is None and id(r) not in restating

    # 1. TOTAL rows
    for t in rows:
        if t["role"] != "total":
            continue
        # a row's own Total cell after its years' amounts, read as parts already (« Crédits
        # départementaux (€) | | 250000 | 500000 | … | 1750000 »): they are its components
        own = [
            r
            for r in rows
            if r["first_line"] == t["first_line"]
            and r["role"] == "component"
            and r["part_of"] is None
            and r["position"] < t["position"]
            and r.get("action_id") == t.get("action_id")
        ]
        if len(own) >= 2 and abs(sum(r["amount_eur"] for r in own) - t["amount_eur"]) < 0.5:
            for r in own:
                r["part_of"] = t["position"]
            continue
        above = [
            r
            for r in rows
            if r["first_line"] < t["first_line"]
            and free(r)
            and r.get("year") == t.get("year")
            and r.get("nature") == t.get("nature")
            and r.get("action_id") == t.get("action_id")
        ]
        above.sort(key=lambda r: -r["first_line"])
        picked, acc, lines = [], 0.0, set()
        for r in above:
            if r["first_line"] in lines:
                continue
            picked.append(r)
            lines.add(r["first_line"])
            acc += r["amount_eur"]
            if abs(acc - t["amount_eur"]) < 0.5 or acc > t["amount_eur"]:
                break
        if len(picked) >= 2 and abs(acc - t["amount_eur"]) < 0.5:
            for r in picked:
                r["role"], r["part_of"] = "component", t["position"]
            scopes = {r.get("scope") for r in picked}
            if t.get("scope") == "unknown" and len(scopes) == 1 and "unknown" not in scopes:
                t["scope"] = scopes.pop()  # a TOTAL row is what its rows are (the plan's envelope by axis)
    # 2. components printed on one line
    by_line: dict[int, list[dict]] = {}
    for r in rows:
        by_line.setdefault(r["first_line"], []).append(r)
    for line, group in by_line.items():
        parts = [r for r in group if free(r)]
        for period in {r["periodicity"] for r in parts}:
            same = [r for r in parts if r["periodicity"] == period]
            if len(same) < 2:
                continue
            total = sum(r["amount_eur"] for r in same)
            target = next(
                (
                    t
                    for t in rows
                    if t["first_line"] != line
                    and t["role"] in ("single", "total")
                    and id(t) not in restating
                    and t["periodicity"] == period
                    and t.get("action_id") == same[0].get("action_id")
                    and abs(t["amount_eur"] - total) < 0.5
                ),
                None,
            )
            if target is not None:
                target["role"] = "total"
                for r in same:
                    r["role"], r["part_of"] = "component", target["position"]
        for r in group:
            if r["role"] == "component" and r["part_of"] is None:
                # the larger amount before it on its line, else in its sentence wrapped onto
                # the line before (« une enveloppe de 6,8 millions d'euros sur la durée » /
                # « du schéma, dont 4,1 M€ … »)
                bigger = [o for o in group if o["position"] < r["position"] and o["amount_eur"] > r["amount_eur"]]
                bigger = bigger or [
                    o
                    for o in rows
                    if o["position"] < r["position"]
                    and o["context"] == r["context"]
                    and o.get("action_id") == r.get("action_id")
                    and o["role"] in ("single", "total")
                    and o["amount_eur"] > r["amount_eur"]
                ]
                if bigger:
                    # (the amount it is part of stays single: its parts need not add up to it,
                    # so it is counted, not they)
                    r["part_of"] = bigger[-1]["position"]
                    if r["periodicity"] == "one_off" and bigger[-1]["periodicity"] in ("per_year", "per_month"):
                        # « une enveloppe annuelle de 12 000 €, dont 4 000 € pour … »: a share of
                        # a yearly amount is yearly
                        r["periodicity"] = bigger[-1]["periodicity"]
    # a share naming no payer is paid as the amount it breaks down, where the Département pays
    # it (« le Département mobilisera une enveloppe de 14,5 M€ …, dont 9 M€ en fonctionnement »)
    by_position = {r["position"]: r for r in rows}
    for r in rows:
        parent = by_position.get(r["part_of"]) if r["part_of"] is not None else None
        if parent is not None and not r.get("payer") and parent.get("payer") == "Département":
            r["payer"] = "Département"
    # 3. repeats
    for i, r in enumerate(rows):
        if r["role"] == "variation" or r["duplicate_of"] is not None:
            continue
        for e in rows[:i]:
            if (
                e["duplicate_of"] is not None
                or e["role"] == "variation"
                or e["first_line"] == r["first_line"]
                or abs(e["amount_eur"] - r["amount_eur"]) >= 0.5
                or e["periodicity"] != r["periodicity"]
                or e.get("payer") != r.get("payer")
                or r["part_of"] == e["position"]
                or e["part_of"] == r["position"]
                or None not in (e.get("action_id"), r.get("action_id"))
                and e["action_id"] != r["action_id"]
            ):
                continue  # (two sheets' amounts are two sheets' money: 60 k€ for 1.2.1 and for 2.2.2 in 2026)
            ey, ry = e.get("year"), r.get("year")
            if ey is not None and ry is not None and ey != ry:
                continue
            common = len(_words(e["context"]) & _words(r["context"]))
            same_sheet = e.get("action_id") is not None and e.get("action_id") == r.get("action_id")
            # a figure exact to the euro for the same year is the same figure (31: the 2020
            # spending of l.688 and the TOTAL CA 2020 cell); a small round amount needs words
            same_year = ey is not None and ey == ry and (common >= 1 or r["amount_eur"] >= 100_000)
            if same_year or (same_sheet and common >= 2) or common >= 3:
                r["duplicate_of"] = e["position"]
                break


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
    #: the last line the row takes, where it takes more than its first (a grid printed one
    #: cell a line: :func:`cell_rows`)
    last_line: int | None = None

    @property
    def line_numbers(self) -> range:
        """The lines the row is printed on."""
        return range(self.line, (self.last_line or self.line) + 1)


#: Leaders between a table of contents entry and its page number, as converters print them:
#: dots (two or more, also spaced: « . . . . », a designed PDF's text), an ellipsis or
#: underscores. One pattern for every reader of contents lines (inspect, scaffold, configurable).
DOT_LEADERS = r"(?:(?:\.\s*){2,}|…+\s*|(?:_\s*){3,})"
#: A page number ending a contents line (« 12 », « p. 12 »).
PAGE_NUMBER_END = r"\s*(?:p\.?\s*)?\d{1,3}\s*$"
#: A contents line's end: leaders or a tab, then a page number.
CONTENTS_END = rf"(?:{DOT_LEADERS}|\t){PAGE_NUMBER_END}"

#: A header line of years aligned with spaces (``        2026   2027   2028``): two or
#: more years, two spaces or more between them, nothing else on the line but a corner
#: label two spaces or more before the years (``Étape   2026   2027``: the grid's corner
#: cell, as pdfplumber's layout mode and ``pdftotext -layout`` print it), words with no
#: digit.
SPACED_YEARS = re.compile(
    r"^\s*(?:(?P<corner>[^\W\d_][^\d|]{0,40}?)\s{2,})?(?:19|20)\d\d(?:\s{2,}(?:19|20)\d\d)+\s*$"
    # (or its years one space apart, far from its corner: « Étapes            2026 2027 2028 »)
    r"|^\s*(?P<corner2>[^\W\d_][^\d|]{0,40}?)\s{4,}(?:19|20)\d\d(?:\s(?:19|20)\d\d){2,}\s*$"
)


def spaced_years_corner(text: str) -> str | None:
    """The corner label printed on a :data:`SPACED_YEARS` header line (« Étapes » in
    « Étapes      2026  2027 »), "" when it prints none; None when ``text`` is no such header."""
    m = SPACED_YEARS.match(text)
    return None if m is None else (m.group("corner") or m.group("corner2") or "").strip()


#: A cell of a table aligned with spaces: a run of words separated by single spaces.
SPACE_CELL = re.compile(r"\S+(?: \S+)*")


def spaced_cells(text: str, starts: list[int], slack: int = 2) -> list[str]:
    """The cells of a line of a table aligned with spaces, its columns starting at ``starts``
    (its header's labels): each run of words goes to the column that starts at or left of it
    (``slack`` characters allowed), a column's runs joined by a space."""
    cells = [""] * len(starts)
    for m in SPACE_CELL.finditer(text):
        k = max((k for k, at in enumerate(starts) if at <= m.start() + slack), default=0)
        cells[k] = f"{cells[k]} {m.group()}".strip()
    return cells


def _spaced_table_line(text: str, starts: list[int]) -> bool:
    """``text``, under a header of columns starting at ``starts``, is one of the table's rows:
    not blank, and not a line of one run at the margin (an axis heading between rows, « ORIENTATION
    2 – … »; a row's number, at the margin too, is a row)."""
    runs = [(m.start(), m.group()) for m in SPACE_CELL.finditer(text)]
    return bool(runs) and not (len(runs) == 1 and runs[0][0] <= starts[0] + 2 and not runs[0][1][:1].isdigit())


def spaced_tables_as_tsv(lines: list[str], header, axis) -> list[str]:
    """``lines`` with each table aligned with spaces (a PDF's text in layout mode: ``N°
    Action    Objectifs    Pilote(s) …``, each cell's lines wrapped at its column's width)
    written as TSV rows, for the readers of action tables (``layout: rows`` and the
    scaffold): ``header(text)`` gives a header line's labels as ``(column start, label)``
    pairs (None for any other line); under a header, each line's runs of words go to the
    column whose label starts at or left of them (:func:`spaced_cells`), and a line of one run
    at the margin that ``axis(text)`` accepts is an axis row (its leading tab keeps the TSV rows
    one table); any other line, and every line before the first header, stays as printed."""
    out: list[str] = []
    starts: list[int] | None = None
    for text in lines:
        head = header(text) if "\t" not in text and "|" not in text else None
        if head is not None:
            starts = [at for at, _ in head]
            out.append("\t".join(label for _, label in head))
        elif starts is not None and _spaced_table_line(text, starts):
            out.append("\t".join(spaced_cells(text, starts)))
        elif starts is not None and axis(text.strip()):
            out.append("\t" + text.strip())
        else:
            out.append(text)
    return out


_MARK = "|".join(re.escape(m) for m in GRID_MARKS)
#: A row of a year grid aligned with spaces: a label, then marks alone, two spaces or more
#: before each (``Protocole départemental        X      X``).
SPACED_MARKS_ROW = re.compile(rf"^\s*\S.*?(?:\s{{2,}}(?:{_MARK}))+\s*$")


def _spaced_row(text: str, years: list[tuple[int, int, str]], step: int) -> tuple[list[str], list[str]]:
    """One row of a year grid aligned with spaces: its cells (label, then one per year) and
    the runs that fall under no year (:func:`_spaced_rows`)."""
    cells = [""] * (len(years) + 1)
    odd = []
    for m in SPACE_CELL.finditer(text.rstrip()):
        run, at = m.group(), m.start()
        if at < years[0][0] - 1 and not cells[0]:
            label, _, last = run.rpartition(" ")
            if label and last in GRID_MARKS and m.end() > years[0][0]:
                # a label running past the first year pushed its mark right (« Médecin
                # référent protection de l'enfance ■ »: a layout printer shifts text right
                # where it collides, never left): the mark is the nearest column at or left of it
                cells[0] = label
                col = max((c for c, (a, _, _) in enumerate(years) if a <= m.end() - 1), default=0)
                cells[col + 1] = last
            else:
                cells[0] = run
            continue
        mid = (at + m.end()) / 2
        dist, col = min((abs(mid - (a + b) / 2), c) for c, (a, b, _) in enumerate(years))
        # half the wider space around that column: the columns of a grid of quarters or
        # semesters are printed unevenly apart (« T1    T2      T3      T4   T1 »)
        gaps = [years[c + 1][0] - years[c][0] for c in (col - 1, col) if 0 <= c < len(years) - 1]
        if dist <= max([step, *gaps]) / 2 and not cells[col + 1]:
            cells[col + 1] = run
        else:
            odd.append(run)
    return cells, odd


def _spaced_rows(lines: list[tuple[int, str]], start: int) -> tuple[list[GridRow], int]:
    """A year grid aligned with spaces, its header at ``lines[start]``: the rows below it
    up to a blank line, read by column position. A row's cells are its runs of text
    separated by two spaces or more; the first run starting left of the first year is
    the row's label, every other run goes to the year column its middle is nearest to
    (a run between columns, or too far from any, is kept as a cell of its own after the
    years, so that the reader reports it). The grid goes on across blank lines while the
    next line printed is a row of marks alone under the years (pdfplumber's layout mode
    prints a row gap as a blank line). A corner label on the header line (``Étape``) is the
    header's first cell. Returns the rows (header first; none when no row holds a run under
    a year) and how many lines they take. Positions are the characters', or the bytes' where
    the plan pads its columns by bytes (:func:`_marks_misfit`); a grid whose every row ends
    on one mark or dash a year is read by count (:func:`_counted_rows`)."""
    counted = _counted_rows(lines, start)
    if counted[0]:
        return counted
    block = [t for _, t in lines[start : start + 40]]
    if any(not c.isascii() for t in block for c in t):
        # a converter that pads its columns by bytes (Debian's html2text -utf8): each accented
        # letter before a cell moves it a column left. Read by bytes where they place the
        # marks nearer their years than the characters do
        by_bytes = [(n, _byte_view(t)) for n, t in lines]
        if _marks_misfit(by_bytes, start) < _marks_misfit(lines, start):
            rows, used = _spaced_rows_at(by_bytes, start)
            for r in rows:
                r.cells = [c.replace(_BYTE_PAD, "") for c in r.cells]
            return rows, used
    return _spaced_rows_at(lines, start)


def _counted_rows(lines: list[tuple[int, str]], start: int) -> tuple[list[GridRow], int]:
    """A year grid aligned with spaces whose every row, down to a blank line, ends on one
    token a year, a mark or an empty cell's dash (« Tableau de bord des délais   X   X   X
    X   X », « Référentiel national   X   –   –   –   – »): its marks read by count, where a
    converter placing each row's text by its own width (PyMuPDF) moves them off their
    columns. None (an empty list) unless every row is so printed."""
    no, header = lines[start]
    years = re.findall(r"(?:19|20)\d\d", header)
    below = next((t for _, t in lines[start + 1 : start + 3] if t.strip()), "")
    if _sub_header(below):
        return [], 1  # a row of semesters or quarters under the years: read by position
    row_re = _tokens_row(len(years), r"\s+")
    rows = [GridRow(no, [spaced_years_corner(header) or "", *years], True, "spaces")]
    marks = tuple(GRID_MARKS)
    k = end = start + 1
    while k < len(lines):
        if not lines[k][1].strip():
            # a row gap: the grid goes on at a row printed the same way; a row printing
            # fewer cells is read by position (pdfplumber: « … protection de l'enfance ■ »)
            after = next((j for j in range(k, len(lines)) if lines[j][1].strip()), None)
            if after is None or row_re.match(lines[after][1]) is None:
                if after is not None and lines[after][1].rstrip().endswith(marks):
                    return [], 1
                break
            k = after
        m = row_re.match(lines[k][1])
        if m is None:
            return [], 1
        cells = ["" if c in _EMPTY_TOKENS else c for c in m.group("cells").split()]
        rows.append(GridRow(lines[k][0], [m.group("label"), *cells], False, "spaces"))
        k = end = k + 1
    if len(rows) == 1 or not any(any(r.cells[1:]) for r in rows[1:]):
        return [], 1
    return rows, end - start


#: What :func:`_byte_view` puts after a letter for each further byte UTF-8 writes it in.
_BYTE_PAD = "\x01"


def _byte_view(text: str) -> str:
    """``text`` with each character as wide as its UTF-8 bytes (:data:`_BYTE_PAD` after it)."""
    return "".join(c + _BYTE_PAD * (len(c.encode()) - 1) for c in text)


def _marks_misfit(lines: list[tuple[int, str]], start: int) -> float:
    """How far, in all, the grid marks under the header at ``lines[start]`` stand from the
    middle of the year nearest to each (down to a blank line)."""
    header, below = lines[start][1], lines[start + 1][1] if start + 1 < len(lines) else ""
    semesters = SEMESTER_ROW.match(below) is not None
    heads = re.finditer(r"S\s?[12]", below) if semesters else re.finditer(r"(?:19|20)\d\d", header)
    years = [((m.start() + m.end()) / 2) for m in heads]
    total = 0.0
    for _, text in lines[start + 1 + semesters : start + 40]:
        if not text.strip():
            break
        marks = "|".join(map(re.escape, GRID_MARKS))
        for m in re.finditer(rf"(?<!\S)(?:{marks}){_BYTE_PAD}*(?!\S)", text):
            total += min(abs((m.start() + m.end()) / 2 - y) for y in years)
    return total


#: A line of semesters alone (« S1 S2 S1 S2 »), under a year grid's header.
SEMESTER_ROW = re.compile(rf"^[\s{_BYTE_PAD}]*(?:S\s?[12][\s{_BYTE_PAD}]*){{2,}}$")
#: A second header row of quarters under a grid's years (« T1  T2  T3  T4  T1 … »), each year
#: over four columns: a mark in T1 or T2 is the year's first half-year, in T3 or T4 its second.
QUARTER_ROW = re.compile(rf"^[\s{_BYTE_PAD}]*(?:T\s?[1-4][\s{_BYTE_PAD}]*){{4,}}$")


def _sub_header(text: str) -> bool:
    """A second header row under a grid's years: semesters or quarters."""
    return SEMESTER_ROW.match(text) is not None or QUARTER_ROW.match(text) is not None


def _spaced_rows_at(lines: list[tuple[int, str]], start: int) -> tuple[list[GridRow], int]:
    """:func:`_spaced_rows` by the positions ``lines`` print."""
    from schemalab.parsers.ocr_lines import continues_line

    no, header = lines[start]
    years = [(m.start(), m.end(), m.group()) for m in re.finditer(r"(?:19|20)\d\d", header)]
    step = min(b[0] - a[0] for a, b in zip(years, years[1:], strict=False))
    corner = (spaced_years_corner(header) or "").replace(_BYTE_PAD, "")
    k = start + 1
    if k + 1 < len(lines) and not lines[k][1].strip() and _sub_header(lines[k + 1][1]):
        k += 1  # (a blank line between the two header rows: ELinks, pdftotext -layout)
    halves = list(re.finditer(r"S\s?[12]", lines[k][1])) if k < len(lines) else []
    quarters = list(re.finditer(r"T\s?[1-4]", lines[k][1])) if k < len(lines) else []
    if halves and SEMESTER_ROW.match(lines[k][1]) and len(halves) == 2 * len(years):
        # a second header row of semesters under the years, each year over two columns
        # (« Étapes      2026  2027 » / « S1 S2 S1 S2 »): a column a half-year
        years = [(h.start(), h.end(), f"{h.group().replace(' ', '')} {years[c // 2][2]}") for c, h in enumerate(halves)]
        step = min(b[0] - a[0] for a, b in zip(years, years[1:], strict=False))
        k += 1
    elif quarters and QUARTER_ROW.match(lines[k][1]) and len(quarters) == 4 * len(years):
        # quarters under the years (« 2026   2027 » / « T1 T2 T3 T4 T1 … »): a column a
        # quarter, named by its half-year (T1-T2 the first, T3-T4 the second)
        years = [
            (q.start(), q.end(), f"S{1 if int(q.group()[-1]) <= 2 else 2} {years[c // 4][2]}")
            for c, q in enumerate(quarters)
        ]
        step = min(b[0] - a[0] for a, b in zip(years, years[1:], strict=False))
        k += 1
        if k + 1 < len(lines) and not lines[k][1].strip() and not lines[k + 1][1].strip():
            k += 1  # two blank lines under the quarters (pdftotext -layout): the rows follow
    rows = [GridRow(no, [corner] + [y for _, _, y in years], True, "spaces", lines[k - 1][0])]
    while k < len(lines):
        if not lines[k][1].strip():
            after = next((j for j in range(k, len(lines)) if lines[j][1].strip()), None)
            if after is None:
                break
            if len(rows) == 1:
                # a blank line under the header too, where rows of marks follow, two at least,
                # each after a blank line (ELinks); one line of text under a year line is no grid
                second = next((j for j in range(after + 1, len(lines)) if lines[j][1].strip()), None)
                if second is None or not any(
                    c in GRID_MARKS for c in _spaced_row(lines[second][1], years, step)[0][1:]
                ):
                    break
            cells, odd = _spaced_row(lines[after][1], years, step)
            if (
                odd
                or not cells[0]
                or not any(c in GRID_MARKS for c in cells[1:])
                or any(c and c not in GRID_MARKS for c in cells[1:])
            ):
                break
            k = after
        line_no, text = lines[k]
        cells, odd = _spaced_row(text, years, step)
        above = rows[-1].cells[0] if len(rows) > 1 else ""
        if above and cells[0] and not odd and not any(cells[1:]) and continues_line(above, cells[0]):
            # a step's label wrapped under its row of marks (« Former les professionnels de
            # l'ASE et de la   X   X » / « PMI au repérage »): the label goes on
            rows[-1].cells[0] = join_wrapped(above, cells[0])
            k += 1
            continue
        rows.append(GridRow(line_no, cells + odd, False, "spaces"))
        k += 1
    if not any(any(c for c in r.cells[1:]) for r in rows[1:]):
        return [], 1
    return rows, k - start


#: A year grid printed with single spaces (pypdfium2 of a designed PDF's table: « Étape 2026
#: 2027 2028 2029 2030 » over « Signature des CPOM X X – – – »): its header, a label word
#: allowed before the years (:func:`_token_rows`).
_TOKEN_YEARS = re.compile(r"^\s*(?:[^\W\d_][\w’' ]{0,30}?\s+)?((?:19|20)\d\d(?:\s(?:19|20)\d\d){2,})\s*$")
#: A cell printed as one character that leaves it empty (a dash, a dot) in such a grid.
_EMPTY_TOKENS = ("–", "—", "-", "·", ".", "o")


def _tokens_row(width: int, gap: str) -> re.Pattern:
    """A grid row ending on ``width`` cells, each a mark (:data:`GRID_MARKS`) or an empty
    cell's dash (:data:`_EMPTY_TOKENS`), ``gap`` between them; the text before is its label."""
    token = "|".join(re.escape(t) for t in (*GRID_MARKS, *_EMPTY_TOKENS))
    return re.compile(rf"^\s*(?P<label>\S.*?)\s+(?P<cells>(?:(?:{token}){gap}){{{width - 1}}}(?:{token}))\s*$")


def _token_rows(lines: list[tuple[int, str]], start: int) -> tuple[list[GridRow], int]:
    """A year grid whose cells are single tokens separated by single spaces, its header at
    ``lines[start]``: each row below, down to the first line that is no such row, ends with
    one token per year, a mark (:data:`GRID_MARKS`) or an empty cell's dash
    (:data:`_EMPTY_TOKENS`); the text before them is the row's label. Returns the rows (header
    first; none when no row is found) and how many lines they take."""
    no, header = lines[start]
    years = _TOKEN_YEARS.match(header).group(1).split()
    width = len(years)
    row_re = _tokens_row(width, r"\s")
    rows = [GridRow(no, ["", *years], True, "tokens")]
    k = start + 1
    while k < len(lines) and (m := row_re.match(lines[k][1])):
        cells = ["" if c in _EMPTY_TOKENS else c for c in m.group("cells").split()]
        rows.append(GridRow(lines[k][0], [m.group("label"), *cells], False, "tokens"))
        k += 1
    if len(rows) == 1:
        return [], 1
    return rows, k - start


#: The first year of a year grid printed one cell a line (:func:`cell_rows`).
YEAR_ALONE = re.compile(r"^\s*(?:19|20)\d\d\s*$")


def cell_rows(lines: list[tuple[int, str]], start: int) -> tuple[list[GridRow], int]:
    """A year grid printed one cell a line, as converters that flatten a table print it
    (mutool, AbiWord): its header's years one a line from ``lines[start]``, its corner label
    the line above them, a second header row of semesters under them (« S1 » / « S2 » a
    line, twice a year: a column a half-year); each row then its label (wrapped over lines of
    its own), and one line a column, a mark or an empty cell's dash (:data:`_EMPTY_TOKENS`). Where every
    paragraph is followed by a blank line (the years one every other line), each cell is a
    line and the blank under it, an empty cell an empty line: « Réservation de logements » /
    « » / « » / « » / « X » / « » … Returns the rows (header first; none when fewer than three
    consecutive years or no row with a mark) and how many lines they take."""
    texts = [t.strip() for _, t in lines]
    n = len(texts)
    gap = 2 if start + 2 < n and not texts[start + 1] and YEAR_ALONE.match(texts[start + 2]) else 1
    printed: list[str] = []
    k = start
    while k < n and YEAR_ALONE.match(texts[k]) and (not printed or int(texts[k]) == int(printed[-1]) + 1):
        if gap == 2 and printed and texts[k - 1]:
            break
        printed.append(texts[k])
        k += gap
    if len(printed) < 3:
        return [], 1
    corner = next((texts[j] for j in range(start - 1, max(start - 3, -1), -1) if texts[j]), "")
    corner = corner if len(corner) <= 40 and not YEAR_ALONE.match(corner) else ""
    i = start + gap * len(printed)  # the line after the last year (and the blank under it)
    # a second header row of semesters under the printed (each year merged over two columns,
    # printed once): « S1 » / « S2 » a line, twice a year
    j = i
    while j < n and not texts[j] and j < i + 2:
        j += 1
    halves = [texts[j + gap * c] if j + gap * c < n else "" for c in range(2 * len(printed))]
    if all(re.fullmatch(r"S\s?[12]", h) for h in halves) and halves[::2] == ["S1"] * len(printed):
        heads = [f"{h} {y}" for y in printed for h in ("S1", "S2")]
        i = j + gap * len(heads)
    else:
        heads = printed
    width, cells_ok = len(heads), (*GRID_MARKS, *_EMPTY_TOKENS)
    rows = [GridRow(lines[start][0], [corner, *heads], True, "cells", lines[i - 1][0])]
    while True:
        if gap == 2:
            # the label, the blank under it, then a cell and a blank a year
            if i + 1 + 2 * width > n or not texts[i] or texts[i] in cells_ok or texts[i + 1]:
                break
            cells = [texts[i + 2 + 2 * c] for c in range(width)]
            seps = [texts[i + 3 + 2 * c] for c in range(width) if i + 3 + 2 * c < n]
            if any(c and c not in cells_ok for c in cells) or any(seps[: width - 1]):
                break
            label, at, i = texts[i], i, i + 2 + 2 * width
        else:
            while i < n and not texts[i]:
                i += 1
            j = i
            while j < n and texts[j] and texts[j] not in cells_ok and not YEAR_ALONE.match(texts[j]):
                j += 1
            if j == i:
                break
            c = j
            while c < n and not texts[c]:
                c += 1
            cells = texts[c : c + width]
            if len(cells) < width or any(x not in cells_ok for x in cells):
                break
            label, at = texts[i], i
            for more in texts[i + 1 : j]:
                label = join_wrapped(label, more)
            i = c + width
        rows.append(
            GridRow(
                lines[at][0],
                [label, *("" if x in _EMPTY_TOKENS else x for x in cells)],
                False,
                "cells",
                lines[min(i, n) - 1][0],
            )
        )
    if not any(any(c for c in r.cells[1:]) for r in rows[1:]):
        return [], 1
    return rows, i - start


#: The year grids printed without table markup: (header line, reader of the rows under it).
_YEAR_GRIDS = ((SPACED_YEARS, _spaced_rows), (_TOKEN_YEARS, _token_rows), (YEAR_ALONE, cell_rows))


def pipe_cell(cell: str) -> str:
    """A pipe table's cell, stripped; ``NaN`` and ``Unnamed: 3`` (an empty cell and an empty
    header cell as pandas prints them: markitdown of a spreadsheet) are empty."""
    c = cell.strip()
    return "" if c in ("NaN", "nan") or _PANDAS_UNNAMED.fullmatch(c) else c


_PANDAS_UNNAMED = re.compile(r"Unnamed: \d+")


def grid_rows(lines: list[tuple[int, str]]) -> list[GridRow]:
    """Table rows found in ``(line_no, text)`` lines, whatever the markup.

    Pipe rows (``| a | b |``; the ``|---|`` rule is dropped and marks the row above as a
    header), HTML rows (``<tr>`` … ``</tr>``, possibly over several lines; ``<th>`` cells
    make a header) and TSV lines (cells split on tabs; the first line of a block of TSV
    lines is a header). Cells keep their inline markup (callers clean them); lines that
    are none of these are ignored. A year grid aligned with spaces (a :data:`SPACED_YEARS`
    header line, rows of label and marks under the years down to a blank line) is read by
    column position (:func:`_spaced_rows`); one printed with single spaces, each cell one
    token (a mark or a dash), by its tokens (:func:`_token_rows`); one printed one cell a
    line, by its lines (:func:`cell_rows`).
    """
    rows: list[GridRow] = []
    html_buf: list[tuple[int, str]] = []
    prev_tsv = False
    skip_to = 0
    for k, (no, raw) in enumerate(lines):
        if k < skip_to:
            continue
        s = raw.strip()
        if prev_tsv and not s and "\t" in raw:
            continue  # a tab alone: a line of the TSV row above (a CSV record's), the table goes on
        read_grid = None if html_buf or "\t" in raw else next((r for h, r in _YEAR_GRIDS if h.match(raw)), None)
        if read_grid is not None:
            grid, used = read_grid(lines, k)
            if grid:
                rows.extend(grid)
                skip_to = k + used
                prev_tsv = False
                continue
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
            rows.append(GridRow(no, [pipe_cell(c) for c in inner.split("|")], False, "pipe"))
            prev_tsv = False
            continue
        # a TSV line; in a block of them, also a line whose only text is in a later cell
        # (its leading tabs are its empty first cells: a row wrapped by the conversion)
        if "\t" in s or (prev_tsv and s and raw.startswith("\t")):
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
    #: (line, label) of every step row, in order (marked or not).
    steps: list[tuple[int, str]] = field(default_factory=list)
    #: The label each header row prints left of its years (« Étapes » in ``Étapes | 2026 | …``),
    #: what the plan calls the rows below it.
    corners: list[str] = field(default_factory=list)


#: A Gantt header cell naming a semester and its year in one cell: ``S1 2025``,
#: ``2025 S2``, ``S2-2025``.
_GANTT_SEMESTER = re.compile(
    r"^(?:S\s?(?P<s1>[12])\s*[-/]?\s*(?P<y1>(?:19|20)\d\d)|(?P<y2>(?:19|20)\d\d)\s*[-/]?\s*S\s?(?P<s2>[12]))$"
)


def period_columns(cells: list[str]) -> dict[int, tuple[int, int | None]] | None:
    """Column → (year, semester or None) of a header row naming at least two
    consecutive years (``2025 | 2026``), or at least two consecutive semesters each
    with its year in the cell (``S1 2025 | S2 2025 | S1 2026``)."""
    texts = [(i, clean_inline(c)) for i, c in enumerate(cells)]
    cols = {i: int(c) for i, c in texts if _GANTT_YEAR.match(c)}
    ys = sorted(cols.values())
    if len(ys) >= 2 and ys == list(range(ys[0], ys[0] + len(ys))):
        return {c: (y, None) for c, y in cols.items()}
    sems = {}
    for i, c in texts:
        m = _GANTT_SEMESTER.match(c)
        if m:
            sems[i] = (int(m.group("y1") or m.group("y2")), int(m.group("s1") or m.group("s2")))
    # in column order, each half-year the one before or the next (a grid of quarters names
    # each half-year over two columns: « S1 2026 | S1 2026 | S2 2026 | S2 2026 | S1 2027 »)
    order = [2 * y + s for _, (y, s) in sorted(sems.items())]
    if len(set(order)) < 2 or any(b - a not in (0, 1) for a, b in zip(order, order[1:], strict=False)):
        return None
    if any(order.count(v) > 2 for v in order):
        return None
    return sems


def _step_goes_on(step: str, text: str) -> bool:
    """A grid row's label with no mark goes on with the step above: it starts in lower case,
    or the step's label ends on a connector or an article (« Signer le » / « protocole »)."""
    last = step.split()[-1].lower() if step.split() else ""
    return text[:1].islower() or last in (
        "le",
        "la",
        "les",
        "l'",
        "de",
        "des",
        "du",
        "d'",
        "à",
        "au",
        "aux",
        "et",
        "en",
        "un",
        "une",
        "pour",
        "avec",
        "dans",
        "sur",
    )


def gantt_marks(rows: list[GridRow], marks: tuple[str, ...] = GRID_MARKS) -> Grid:
    """Year (or year × semester) Gantt grids read by column position, in any markup.

    A header row names consecutive years (``Étape | 2025 | 2026 | …``), one column per
    year, or one year every two columns followed by an ``S1 S2 S1 S2`` row (then each
    column is a semester), or consecutive semesters with their year in each cell
    (``S1 2025 | S2 2025 | …``). Every later row is a step: its label is the non-empty cell
    nearest left of the first period column (a field label may stand before it), and each cell holding a mark (``X``, ``✓``,
    ``■``…) schedules the step in that column's period. A new header starts a new grid.
    """
    out = Grid()
    columns: dict[int, tuple[int, int | None]] | None = None
    for i, row in enumerate(rows):
        cols = period_columns(row.cells)
        if cols is not None:
            columns = dict(cols)
            corner = next((clean_inline(c) for c in reversed(row.cells[: min(cols)]) if clean_inline(c)), None)
            if corner:
                out.corners.append(corner)
            if any(sem is not None for _, sem in cols.values()):
                continue  # the semester is in the header cell (``S1 2025``)
            cols = {c: y for c, (y, _) in cols.items()}
            nxt = rows[i + 1].cells if i + 1 < len(rows) else []
            first_s1 = semester_row(nxt)
            if first_s1 is not None:
                # the semesters in order, each S1 opening the next year of the header: a year
                # merged over its two columns is printed once (``Étape|2026|2027|`` over
                # ``|S1|S2|S1|S2|``, striprtf) or followed by an empty cell (Markdown)
                columns, years, at = {}, [y for _, y in sorted(cols.items())], -1
                for c, cell in enumerate(nxt):
                    sem = cell.strip()
                    if sem in ("S1", "S2"):
                        at = at + 1 if sem == "S1" or at < 0 else at
                        if at < len(years):
                            columns[c] = (years[at], int(sem[1]))
            continue
        if columns is None or semester_row(row.cells) is not None:
            continue
        first_col = min(columns)
        label = next((clean_inline(c) for c in reversed(row.cells[:first_col]) if clean_inline(c)), None)
        marked = any(clean_inline(c) in marks for k, c in enumerate(row.cells) if k in columns)
        if label and not marked and out.steps and _step_goes_on(out.steps[-1][1], label):
            # a step's label wrapped in its narrow column onto rows of its own, no mark on
            # them (antiword: « |Signer le |X | » / « |protocole | | » / « |avec la | | »)
            at, before = out.steps[-1]
            joined = join_wrapped(before, label)
            out.steps[-1] = (at, joined)
            out.marks = [GridMark(m.line, joined, m.year, m.semester) if m.line == at else m for m in out.marks]
            continue
        out.rows += 1
        if label:
            out.steps.append((row.line, label))
        for c, cell in enumerate(row.cells):
            text = clean_inline(cell)
            if row.markup == "spaces" and c > max(columns) and text:
                out.odd_cells.append((row.line, text))  # a run aligned under no year
                continue
            if c not in columns or not text:
                continue
            if text in marks:
                year, sem = columns[c]
                out.marks.append(GridMark(row.line, label, year, sem))
            else:
                out.odd_cells.append((row.line, text))
    return out
