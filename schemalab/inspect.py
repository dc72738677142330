"""``schemalab inspect FILE``: help write the configuration of a plan no parser claims.

It lists:

- **candidate sheet starts**, grouped by shape ("Fiche action N", "Fiche N°N : …",
  "N. Title", a label repeated at the top of every sheet such as "Engagement et/ ou
  nom de l'action"), each with its count, the numbers seen, the first lines and a
  suggested ``sheet_start`` regex. Shapes whose lines end with a page number (a table of
  contents) or sit in a bullet list (a summary) are flagged: those repeat titles and are
  not sheets;
- **the most frequent heading-like lines** (short lines in capitals, ending with a colon,
  or in bold / markdown headings / table first cells), the material of ``headings:``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from schemalab.extract import CONTENTS_END, clean_inline, read_lines

#: A sheet's number under its orientation's Roman numeral (« II.3 », « IV-1 »), kept as printed.
_ROMAN_ID = r"[IVX]{1,4}[.-]\d{1,2}(?:\.\d{1,2})?"
_ROMAN = {"I": 1, "V": 5, "X": 10}


def roman_value(numeral: str) -> int:
    """``IV`` → 4, ``XII`` → 12 (a numeral of I, V and X)."""
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


#: The axis a form's first row prints before the sheet's number (« AXE 2   FICHE 2.3   title »,
#: « Orientation 1 / Fiche 1.2 »): part of the start line's prefix.
_AXIS_BEFORE = r"(?:(?:axe|orientation|ambition|enjeu|d[ée]fi|priorit[ée])\s*\d{1,2}\s*(?:[/|:–—-]\s*)?)?"
_NUMBERED = [
    (
        "Fiche action N",
        re.compile(
            # "FA n°2.2 | …": a slide deck's abbreviation of « fiche action »
            r"^\W{0,6}" + _AXIS_BEFORE + r"(?:fiche[\s-]*(?:action|actions)?|FA\b)\s*(?:n\s?°|no\.?|°)?\s*"
            r"((?-i:[IVX]{1,4})[.-]\d{1,2}(?:\.\d{1,2})?|(?-i:[A-H])?\d{1,3}(?:\.\d{1,2}){0,2})\b",
            re.I,
        ),
    ),
    (
        "Action N",
        re.compile(
            # (« Action B2 – … »: a sheet numbered by its axis's letter; « Fiche-action II.3 » by
            # its orientation's Roman numeral)
            r"^\W{0,6}" + _AXIS_BEFORE + r"(?:action|mesure|engagement)\s*(?:n\s?°|no\.?)?\s*"
            r"((?-i:[IVX]{1,4})[.-]\d{1,2}(?:\.\d{1,2})?|(?-i:[A-H])?\d{1,3}(?:\.\d{1,2}){0,2})(?!\.?\d)\s*[:.\-–]",
            re.I,
        ),
    ),
    (
        # the number ends the line, the title is on the next one: "FICHE ACTION 3",
        # "Orientation 2 / Action 4" (a chapter number may come first)
        "Action N (title below)",
        re.compile(
            r"^\W{0,6}(?:[^\W\d][\w'’ ]{0,30}?\s*\d{1,2}\s*[/–—-]\s*)?(?:fiche|action|mesure|engagement)s?\s*"
            r"(?:n\s?°|no\.?)?\s*(\d{1,3}(?:\.\d{1,2}){0,2})\s*$",
            re.I,
        ),
    ),
    ("N. Title", re.compile(r"^(\d{1,2})[.)]\s+[A-ZÉÈÀÂ]")),
]
#: A sheet's number printed on the line below its word, as a designed PDF's text gives it
#: (``FICHE ACTION`` / ``N° 3`` / the title): the number line starts the sheet, the word
#: line is skipped.
_SHEET_WORD_ALONE = r"^\W{0,6}(?i:fiche[\s-]*actions?|fiche|actions?)\s*$"
_NUMBER_BELOW = re.compile(r"^\W{0,6}n\s?°\s*(\d{1,3}(?:\.\d{1,2}){0,2})\b", re.I)
#: A section number before a label ("1. Objectifs", "2) Pilote", "III - Partenaires").
_NUMBERED_LABEL = re.compile(r"^\W{0,3}(?:\d{1,2}|[IVX]{1,4})\s*[.)–-]\s*(?P<label>[A-ZÉÈÀÂ][^.;!?]{2,40}?)\s*:?\s*$")
#: A line underlining the heading above it.
_UNDERLINE = re.compile(r"^\s*(?:-{3,}|={3,}|_{3,})\s*$")


def numbered_label(text: str) -> str | None:
    """The label of a numbered heading (``1. Objectifs`` → ``Objectifs``): at most four
    words whose words name a field (:func:`schemalab.scaffold.guess_field`) — a
    heading, not a sheet start ``1. Renforcer la prévention``."""
    from schemalab.scaffold import guess_field

    m = _NUMBERED_LABEL.match(clean_inline(text, bullet=False))
    if not m or len(m.group("label").split()) > 4 or not guess_field(m.group("label")):
        return None
    return m.group("label")


def unspaced(text: str) -> str:
    """A letter-spaced label as a reader writes it: ``O BJECTIFS`` → ``OBJECTIFS``,
    ``P A R T E N A I R E S`` → ``PARTENAIRES`` (a single letter joins the letters after
    it; words stay apart where the line prints two spaces)."""
    words = []
    for part in re.split(r"\s{2,}", text.strip()):
        toks, out = part.split(" "), []
        for i, t in enumerate(toks):
            if out and len(toks[i - 1]) == 1 and toks[i - 1].isalpha() and t[:1].isalpha():
                out[-1] += t
            else:
                out.append(t)
        words.append(" ".join(out))
    return " ".join(words)


def _letter_spaced(text: str) -> bool:
    toks = text.split()
    return len(toks) >= 2 and toks[0].isalpha() and len(toks[0]) == 1 and toks[1][:1].isalpha()


_TOC_TAIL = re.compile(r"(\t|\s)(p\.?\s*)?\d{1,3}(\s*-\s*\d{1,3})?\**\s*$")  # "… p.4-5", "…\t47"
_LIST = re.compile(r"^\s*[-*•●]\s+\**")
_LABEL_WORDS = re.compile(r"\b(fiche|action|engagement|mesure)\b", re.I)


@dataclass
class Candidate:
    """A family of lines that may start sheets: same shape, same printing style."""

    shape: str
    regex: str
    style: str  # plain / list / table / toc / label
    prefix: str = ""  # the regex of what precedes the number (numbered shapes)
    lines: list[int] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    #: the regex of a line printed just above each start and to be skipped
    #: (``FICHE ACTION`` above ``N° 3``), or ""
    above: str = ""

    @property
    def score(self) -> float:
        """Sheets are numbered once each, in order; sub-action lists restart at 1."""
        if not self.numbers:
            return len(self.lines) * 0.9
        distinct = len(set(self.numbers))
        return distinct * distinct / len(self.numbers)

    @property
    def verdict(self) -> str:
        return {
            "plain": "sheet starts?",
            "label": "sheet starts (unnumbered)?",
            "list": "summary list",
            "table": "table rows",
            "toc": "table of contents",
        }[self.style]


@dataclass
class InspectReport:
    n_lines: int
    candidates: list[Candidate]
    headings: list[tuple[str, int]]
    #: headings printed underlined (---, ===, ___), numbered or letter-spaced: headings
    #: even when seen once
    underlined: set[str] = field(default_factory=set)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def _heading_text(raw: str) -> str | None:
    """The heading a line looks like, or None."""
    s = raw.strip()
    if not s:
        return None
    first_cell = s.split("\t")[0]
    bold = bool(re.match(r"^(#+\s|\*\*|<p><b>|<b>|<strong>)", first_cell))
    text = clean_inline(first_cell)
    if not (2 < len(text) <= 60):
        return None
    letters = [c for c in text if c.isalpha()]
    caps = letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) >= 4
    colon = text.endswith(":") and len(text) <= 50
    tsv_label = "\t" in s and len(text) <= 40 and not re.search(r"\d{3,}", text)
    if caps or colon or bold or tsv_label:
        return text.rstrip(" :")
    return None


#: ``**Label :** value`` / ``Label : value`` on one line: a heading followed by its value.
_INLINE_LABEL = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?P<bold>\*\*|__|<b>|<strong>)?\s*(?P<label>[A-ZÉÈÀÂÎÔ][^:*<>|\t.;,]{1,38}?)\s*"
    r"(?:\*\*|__|</b>|</strong>)?\s*:\s*(?:\*\*|__|</b>|</strong>)?\s*\S"
)
#: A two-cell pipe row ``| Acteurs | Pilote : … |``: its first cell, a label (a grid of
#: three columns or more is a table of values, not of labels).
_PIPE_LABEL_ROW = re.compile(r"^\s*\|\s*([^|]*[^\W\d_][^|]*?)\s*\|[^|]*\|?\s*$")
#: A label | value line aligned with spaces, as `pdftotext -layout` prints a box (``  Pilote(s)
#: Direction …``): a short left text at a small indentation, three spaces or more, text.
_SPACED_LABEL = re.compile(r"^ {0,8}([A-ZÉÈÀÂÎÔ][^\s\t](?:[^\t]{0,38}?\S)?) {3,}\S")
#: A TSV label | value row (``PILOTES<TAB>Direction …``, a table as a browser's text or
#: python-docx gives it): its first cell.
_TSV_LABEL = re.compile(r"^\s*([^\t]*[^\W\d_][^\t]*?)\s*\t+\S[^\t]*$")
#: The rest of a label wrapped in its column under a spaced label line (``Déroulé de`` /
#: ``l'action      2. Recruter …``): lower-case words at the margin, then the value or nothing.
_LABEL_TAIL = re.compile(r"^ {0,8}([a-zéèêàç][\w'’-]*(?: [\w'’-]+){0,2})(?: {3,}\S.*)?\s*$")
#: A second label | value pair on a spaced label line (``Pilote   Service …   Calendrier   2026``).
_RIGHT_LABEL = re.compile(r"^[A-ZÉÈÀÂÎÔ][\w'’-]*(?: [\w'’()-]+){0,2}$")
_TR_FIRST_CELL = re.compile(r"<tr\b[^>]*>\s*<t[hd]\b[^>]*>(.*?)</t[hd]>\s*<t[hd]", re.I | re.S)


def _heading_texts(raw: str) -> list[str]:
    """Every heading a line prints: alone on the line (:func:`_heading_text`), inline
    before its value (``**Pilote(s) :** Direction…``; a plain label of at most four
    words), or as the first cell of HTML table rows (``<tr><td><b>Pilote(s)</b></td>…``)
    and of two-cell pipe rows (``| Acteurs | Pilote : … |``), and the left text of a label
    | value line aligned with spaces (``  Pilote(s)          Direction …``)."""
    original, raw = raw, re.sub(r"^\s*#{1,6}\s+", "", raw)
    out = []
    cells = re.split(r" {3,}", raw.strip())
    if len(cells) >= 3 and "\t" not in raw and "|" not in raw:
        # a table's header row of labels aligned with spaces (« Actions à conduire     Pilote
        # Échéance     Indicateur de suivi »): each cell a label, when two name fields
        from schemalab.scaffold import guess_field

        # (a label of questions counts its words, not its marks: « Qui ? Quand ? Combien ? »)
        short = all(
            len(c.replace("?", " ").split()) <= 4 and not re.search(r"\d", c) and c[:1].isupper() for c in cells
        )
        if short and sum(1 for c in cells if guess_field(clean_inline(c))) >= 2:
            return [clean_inline(c).rstrip(" :") for c in cells]
    piped = (
        [clean_inline(c, bullet=False).rstrip(" :") for c in raw.strip().strip("|").split("|")]
        if raw.lstrip().startswith("|")
        else []
    )
    if len(piped) >= 3 and all(piped):
        # a pipe table's header row of labels (« | Pilote | Copilote | Partenaires |
        # Calendrier | Budget | » over one row of values): each cell a label, when two name fields
        from schemalab.scaffold import guess_field

        short = all(len(c.split()) <= 4 and not re.search(r"\d", c) and c[:1].isupper() for c in piped)
        # (a list table's header, « | Étape | Échéance | Responsable | », is no row of labels:
        # its columns are read with its steps, scaffold._list_table_headers)
        listed = any(
            guess_field(c) in ("sub_actions", "indicators") or re.fullmatch(r"(?i)[ée]tapes?|actions?", c)
            for c in piped
        )
        if short and not listed and sum(1 for c in piped if guess_field(c)) >= 2:
            return piped
    if len(cells) >= 2 and "\t" not in raw:
        # a banner row: cells side by side, each a label before its value (« Pilote : DEF
        # Échéance : 2027    Coût : 45 000 € »)
        inline = [_INLINE_LABEL.match(c) for c in cells]
        if all(inline):
            labels = [clean_inline(m.group("label")).rstrip(" :") for m in inline]
            if all(len(t.split()) <= 4 for t in labels):
                return labels
    cells = [clean_inline(c).rstrip(" :") for c in _TR_FIRST_CELL.findall(raw)]
    m = _PIPE_LABEL_ROW.match(raw) or _SPACED_LABEL.match(raw) or _TSV_LABEL.match(raw)
    if m:
        cells.append(clean_inline(m.group(1)).rstrip(" :"))
    if m and m.re is _SPACED_LABEL:
        chunks = re.split(r" {3,}", raw.strip())
        if len(chunks) == 4 and _RIGHT_LABEL.match(chunks[2]) and not re.search(r"\d", chunks[2]):
            cells.append(chunks[2].rstrip(" :"))  # a form's right-hand label | value pair
    out += [c for c in cells if 2 < len(c) <= 40 and not re.search(r"\d{4}", c)]
    if out:
        return out
    m = _INLINE_LABEL.match(raw)
    if m and "\t" not in raw:
        label = clean_inline(m.group("label")).rstrip(" :")
        if m.group("bold") or len(label.split()) <= 4:
            return [label]
    label = numbered_label(raw)
    if label:
        return [label]
    alone = _heading_text(original)
    return [re.sub(r"^#{1,6}\s+", "", alone)] if alone else []


def _number_ends_title(rest: str) -> bool:
    """A number at the end of a start line that ends its title, not a page number: no dot
    leader or tab before it, and the word before it asks for a number (« … jeunes majeurs
    jusqu'à 21 », the title wrapped before « ans »)."""
    from schemalab.parsers.ocr_lines import CONNECTORS

    m = re.search(r"(\S+)\s+\d{1,3}\s*$", rest)
    if m is None or re.search(CONTENTS_END, rest):
        return False
    word = m.group(1).lower()
    return word in CONNECTORS or word.endswith(("'", "’")) or word in {"jusqu'à", "jusqu’à"}


def _style(raw: str, rest: str) -> str:
    """How a candidate line is printed: in a TOC, a list, a table row, or alone."""
    if _TOC_TAIL.search(rest) and re.search(r"\S", rest[:-4] if len(rest) > 4 else "") and not _number_ends_title(rest):
        return "toc"
    if _LIST.match(raw):
        return "list"
    if "\t" in raw.strip() and not re.fullmatch(r"[^\t]*\d\t+[^\t]+", raw.strip()):
        return "table"  # a tab right after the number ("Fiche 2.2<TAB>title") parts the title
    return "plain"


def inspect_text(text: str | bytes, source: str = "<text>") -> InspectReport:
    """Candidate sheet starts and frequent headings of a plan text.

    Numbered shapes are grouped by their literal prefix and printing style; unnumbered
    sheets are found as a mixed-case label containing "action", "fiche" or
    "engagement" repeated at least three times (all-caps repeats are page headers).
    Candidates are ranked: sheets print each number once, in order.
    """
    lines = read_lines(text, source)
    groups: dict[tuple, Candidate] = {}
    for no, raw in enumerate(lines, start=1):
        cleaned = clean_inline(raw, bullet=False)
        m = _NUMBER_BELOW.match(cleaned)
        above = next((clean_inline(t, bullet=False) for t in reversed(lines[max(no - 3, 0) : no - 1]) if t.strip()), "")
        if m and re.match(_SHEET_WORD_ALONE, above):
            key = ("N° N below", "n°", "plain")
            ident = r"(?P<id>\d+(?:\.\d+){0,2})" if "." in m.group(1) else r"(?P<id>\d+)"
            prefix = r"(?i:n)\s?°"
            groups.setdefault(
                key,
                Candidate(
                    shape="N° N (below 'FICHE ACTION')",
                    regex=r"^" + prefix + r"\s*" + ident,
                    style="plain",
                    prefix=prefix,
                    above=_SHEET_WORD_ALONE,
                ),
            )
            groups[key].lines.append(no)
            groups[key].numbers.append(m.group(1))
            continue
        for shape, pattern in _NUMBERED:
            m = pattern.match(cleaned)
            if not m:
                continue
            if shape == "N. Title" and numbered_label(cleaned):
                break  # "1. Objectifs": a numbered heading, not a sheet start
            prefix = re.sub(r"\s+", " ", cleaned[: m.start(1)].strip(" -*#•")) if m.start(1) else ""
            if prefix[:1].islower():
                break  # « fiche 11 » wrapped onto a line of a review's remark: a start opens with a capital
            if re.match(r"\s*[(\[]?\s*(?i:suite)\b", cleaned[m.end(1) :]):
                break  # « FICHE 3.1 (suite) »: the sheet continued on its next page, no start
            style = _style(raw, cleaned[m.end(1) :])
            # a chapter number in the prefix varies: "Orientation 2 / Action 4", "Orientation 3 / Action 6"
            key = (shape, re.sub(r"\d+", "N", prefix.lower()), style)
            if key not in groups:
                ident = r"(?P<id>\d+(?:\.\d+){0,2})" if "." in m.group(1) else r"(?P<id>\d+)"  # "1.1", "1.1.1"
                if re.fullmatch(_ROMAN_ID, m.group(1)):
                    ident = rf"(?P<id>{_ROMAN_ID})"  # "II.3", "IV-1": the orientation's Roman numeral
                elif m.group(1)[:1].isalpha():
                    ident = r"(?P<id>[A-H]\d{1,3}(?:\.\d{1,2}){0,2})"  # "A1", "B2.1"
                prefix_re = re.sub(r"\d+", r"\\d+", re.escape(prefix).replace("\\ ", r"\s*"))
                # (the whole number: « Action 2.2.1 » is no sheet « 2.2 » titled « 1 »)
                regex = ("^" + prefix_re + r"\s*" + ident + r"(?!\.?\d)") if prefix else r"^(?P<id>\d{1,2})\.\s"
                groups[key] = Candidate(
                    shape=f"{re.sub(r'[0-9]+', 'N', prefix)} N" if prefix else shape,
                    regex=regex,
                    style=style,
                    prefix=prefix_re,
                )
            if prefix and not re.match(groups[key].regex, cleaned):
                # "FICHE 1.1" and "Fiche 1.4": one group, its prefix in any case
                groups[key].regex = groups[key].regex.replace(
                    "^" + groups[key].prefix, "^(?i:" + groups[key].prefix + ")", 1
                )
            groups[key].lines.append(no)
            groups[key].numbers.append(m.group(1))
            break
    # Lines of one group standing within 3 lines of each other are a listing (a recap of
    # titles), not sheets, which are pages apart: move them to a "list" group.
    for key, c in list(groups.items()):
        if c.style != "plain":
            continue
        dense = {i for i, (a, b) in enumerate(zip(c.lines, c.lines[1:], strict=False)) if b - a <= 3}
        dense |= {i + 1 for i in dense}
        if not dense:
            continue
        lst = groups.setdefault((*key[:2], "list"), Candidate(shape=c.shape, regex=c.regex, style="list"))
        keep_lines, keep_nums = [], []
        for i, (n, num) in enumerate(zip(c.lines, c.numbers, strict=True)):
            if i in dense:
                lst.lines.append(n)
                lst.numbers.append(num)
            else:
                keep_lines.append(n)
                keep_nums.append(num)
        c.lines, c.numbers = keep_lines, keep_nums
        if not c.lines:
            del groups[key]
    labels: dict[str, list[int]] = defaultdict(list)
    for no, raw in enumerate(lines, start=1):
        cell = clean_inline(raw.split("\t")[0])
        if cell and len(cell) <= 60 and _LABEL_WORDS.search(cell) and not re.search(r"\d", cell) and not cell.isupper():
            labels[cell].append(no)
    for label, nos in labels.items():
        if len(nos) >= 3:
            groups[("label", label)] = Candidate(
                shape=f"label: {label}", regex="^" + re.escape(label), style="label", lines=nos
            )
    for c in groups.values():
        if c.numbers and all("." in str(n) for n in c.numbers):
            # every number the family prints has its dot (« 3.3 »): a year after the same word
            # (« Action   2026 », a year grid's corner cell and header) is no sheet
            c.regex = c.regex.replace(_ANY_DEPTH, _DOTTED)
    order = {"plain": 0, "label": 0, "list": 1, "table": 1, "toc": 1}
    for c in groups.values():
        c.lines, c.numbers = (
            list(t) for t in zip(*sorted(zip(c.lines, c.numbers or [None] * len(c.lines), strict=True)), strict=True)
        )
        if c.style == "label":
            c.numbers = []
    candidates = sorted(groups.values(), key=lambda c: (order[c.style], -c.score, c.lines[0]))
    # variants of one heading (case, accents, markup, colon) count together, shown in
    # their most frequent form
    from schemalab.parsers.base import heading_forms, heading_key

    variants: dict[str, Counter] = defaultdict(Counter)
    alone: Counter = Counter()
    underlined_keys: set[str] = set()
    for i, raw in enumerate(lines):
        found = _heading_texts(raw)
        if found and i + 1 < len(lines) and _SPACED_LABEL.match(raw):
            tail = _LABEL_TAIL.match(lines[i + 1])
            if tail and raw.lstrip().startswith(found[0].split()[0]):
                # « Déroulé de » / « l'action »: the label whole, and its first line, which
                # a converter may print apart from the second
                found.append(f"{found[0]} {tail.group(1)}")
        # underlined (---, ===, ___), numbered (1. Objectifs) or letter-spaced
        # (O BJECTIFS): a heading even once
        marked = (i + 1 < len(lines) and bool(_UNDERLINE.match(lines[i + 1]))) or bool(numbered_label(raw))
        if not found and marked:
            t = clean_inline(raw).rstrip(" :")  # a line underlined by ---, === or ___
            found = [t] if 2 < len(t) <= 60 else []
        for h in found:
            # letter-spaced (O BJECTIFS) and numbered (1. Objectifs) forms of a label
            # count with it: the configured parser reads them through the same entry
            key = heading_forms(heading_key(h))[-1]
            variants[key][h] += 1
            if marked or _letter_spaced(h):  # letter-spaced: OCR's small capitals, a heading print
                underlined_keys.add(key)
        t = clean_inline(raw).rstrip(" :")
        if not found and "\t" not in raw.strip() and 3 < len(t) <= 40:
            if t[0].isupper() and not re.search(r"[.;,!?]$|\d", t):
                alone[t] += 1
        if not found and "\t" not in raw.strip():
            # a label ending on its full stop or question mark, alone on its line (« Ce que
            # nous allons faire. », « Comment saurons-nous que c'est réussi ? ») or run in
            # before its text (« Contexte. En 2024, … »): told from a sentence by repetition
            m = _RUN_IN_LABEL.match(clean_inline(raw))
            if m and (m.end() == len(clean_inline(raw)) or len(m.group(1).split()) <= 3):
                alone[m.group(1)] += 1
    # a short label in sentence case alone on its line ("Description de l'action") is
    # told from text by repetition: the same words, alone, on at least three lines
    from schemalab.scaffold import STANDARD_LABEL, guess_field

    for t, n in alone.items():
        if n >= 3 or STANDARD_LABEL.match(t):
            variants[heading_forms(heading_key(t))[-1]][t] += n
    shown = {k: _shown_form(v) for k, v in variants.items()}
    counts = Counter({shown[k]: sum(v.values()) for k, v in variants.items()})
    underlined = {shown[k] for k in underlined_keys}
    # a title label (« Intitulé ») is printed only where a start line prints no title: once is enough
    headings = [(h, n) for h, n in counts.most_common() if n >= 2 or h in underlined or guess_field(h) == "title"][:40]
    # a label in the words sheets print fields under counts even printed once (« Coût »)
    headings += [
        (h, n) for h, n in counts.most_common() if n < 2 and STANDARD_LABEL.match(h) and (h, n) not in headings
    ]
    _anchor_starts(groups.values(), lines)
    return InspectReport(len(lines), candidates, headings, underlined)


#: A short label closed by a full stop or a question mark, alone on its line or before its
#: text (which opens with a capital, a digit or a quotation mark).
_RUN_IN_LABEL = re.compile(r"^([A-ZÉÈÀ][^\W\d][\w'’ -]{1,45}?(?:\.| \?))(?:$|\s+(?=[A-ZÉÈÀÂÎÔ0-9«\"]))")


def _shown_form(forms: Counter) -> str:
    """The form a label is proposed in: its most frequent plain form (neither
    letter-spaced nor numbered), else its most frequent form cleaned of both."""
    plain = [(n, h) for h, n in forms.items() if not _letter_spaced(h) and not numbered_label(h)]
    if plain:
        return max(plain, key=lambda x: x[0])[1]
    h = forms.most_common(1)[0][0]
    label = numbered_label(h)
    return unspaced(label if label else h)


def sheet_starts(rep: InspectReport) -> tuple[str | None, list[Candidate]]:
    """The sheet starts of a plan printed in several shapes ("ACTION N°1 : …" for most
    sheets, "Orientation 2 / Action 4" then the title for others): the best candidate
    and every other plain one whose numbers fill its gaps or go on with them at the same
    depth without leaving a gap (no number shared), or, printed after all of them, number
    on one level the sheets that follow (« Action 10 » after nine sheets 1.1 … 3.3), with one
    ``sheet_start`` regex for all. The title group is empty where the title is on the
    next line. Returns (None, [best]) when the best candidate stands alone.

    When the best candidate is a repeated label with no number (« Pourquoi cette action
    ? » on every sheet), numbered families printed in blocks of their own (``Fiche 1.1``
    …, ``▸ Action 5`` …, ``Fiche n° 3.1`` …) that together start as many sheets are
    taken instead: a sheet start must give the sheet's number."""
    best = rep.best
    if best is not None and best.style == "label":
        blocks = _numbered_blocks(rep, len(best.lines))
        if blocks:
            return _combined_regex(blocks), blocks
    if best is None or best.style != "plain" or not best.prefix or not _numbers(best.numbers):
        return None, [best] if best else []
    chosen, nums = [best], set(_numbers(best.numbers))
    for c in rep.candidates[1:]:
        ns = _numbers(c.numbers)
        if c.style != "plain" or not c.prefix or not ns or len(set(ns)) != len(ns) or set(ns) & nums:
            continue
        # a family filling the others' gaps, or going on with their numbers at the same
        # depth without leaving one (« FA n°2.2 », « Fiche 2.3 » after « Fiche action 2.1 »)
        same_depth = {len(n) for n in ns} == {len(n) for n in nums}
        if _gaps(nums | set(ns)) < _gaps(nums) or (same_depth and _gaps(nums | set(ns)) <= _gaps(nums)):
            chosen.append(c)
            nums |= set(ns)
    # families that together go on with the best one's numbers (« Action 1.3 », « FICHE 2.2 »
    # each leave a gap the other fills): all of them, when together they leave no more gaps
    rest, union = [], set(nums)
    for c in rep.candidates[1:]:
        ns = _numbers(c.numbers)
        if c in chosen or c.style != "plain" or not c.prefix or not ns or len(set(ns)) != len(ns) or set(ns) & union:
            continue
        if {len(n) for n in ns} == {len(n) for n in nums}:
            rest.append(c)
            union |= set(ns)
    if rest and _gaps(union) <= _gaps(nums):
        chosen += rest
        nums = union
    # a family numbered on one level in a block after all the others, going on with their
    # count (1.1 … 3.3, nine sheets, then « Action 10 », « Action 11 », « Action 12 », 67)
    total, last = sum(len(c.lines) for c in chosen), max(c.lines[-1] for c in chosen)
    for c in rep.candidates[1:]:
        ns = _numbers(c.numbers)
        if c in chosen or c.style != "plain" or not c.prefix or not ns or set(ns) & nums or c.lines[0] <= last:
            continue
        if all(len(n) == 1 for n in ns) and [n[0] for n in ns] == list(range(total + 1, total + 1 + len(ns))):
            chosen.append(c)
            nums |= set(ns)
            total, last = total + len(ns), c.lines[-1]
    if len(chosen) == 1:
        return None, chosen
    return _combined_regex(chosen), chosen


def _numbered_blocks(rep: InspectReport, count: int) -> list[Candidate]:
    """Numbered plain families, in rank order, each printed in a block of lines no other
    chosen family's lines fall into, with numbers no other family prints, when together
    they start ``count`` sheets; else []."""
    chosen: list[Candidate] = []
    nums: set[tuple[int, ...]] = set()
    for c in rep.candidates:
        ns = _numbers(c.numbers)
        if c.style != "plain" or not c.prefix or not ns or len(set(ns)) != len(ns) or set(ns) & nums:
            continue
        if any(not (c.lines[-1] < o.lines[0] or c.lines[0] > o.lines[-1]) for o in chosen):
            continue
        chosen.append(c)
        nums |= set(ns)
    return chosen if chosen and sum(len(c.lines) for c in chosen) == count else []


#: A sheet's number of one to three levels (« 3 », « 3.1 », « 3.1.2 »), and of two or three.
_ANY_DEPTH = r"\d+(?:\.\d+){0,2}"
_DOTTED = r"\d+(?:\.\d+){1,2}"


def _combined_regex(chosen: list[Candidate]) -> str:
    """One ``sheet_start`` for several families: their prefixes (in any case where a
    family prints its word in several), the number, the title after it if any."""
    prefixes = "|".join(
        dict.fromkeys(f"(?i:{c.prefix})" if f"(?i:{c.prefix})" in c.regex else c.prefix for c in chosen)
    )
    ident = _DOTTED if all(_DOTTED in c.regex for c in chosen) else _ANY_DEPTH
    return (
        _START_MARKUP
        # (the whole number: « Action 2.2.1 » alone on its line is no sheet « 2.2 » titled « 1 »)
        + rf"(?:{prefixes})\s*(?P<id>{ident})(?!\.?\d)(?!{_TOC_END})\s*[–—:.-]?\s*(?P<title>.*?)"
        + _END_MARKUP
        + r"\s*$"
    )


def _numbers(numbers: list) -> list[tuple[int, ...]]:
    """Sheet numbers as tuples (``3`` → (3,), ``2.1`` → (2, 1), ``II.3`` → (2, 3)); [] when
    one is not a number of up to three levels."""
    if numbers and all(re.fullmatch(_ROMAN_ID, str(n)) for n in numbers):
        return [tuple(roman_value(p) if p.isalpha() else int(p) for p in re.split(r"[.-]", str(n))) for n in numbers]
    if not numbers or not all(re.fullmatch(r"\d+(?:\.\d+){0,2}", str(n)) for n in numbers):
        return []
    return [tuple(int(p) for p in str(n).split(".")) for n in numbers]


def _gaps(nums: set[tuple[int, ...]]) -> int:
    """Numbers missing: sheets are numbered without holes, at each level (``1.1 1.2 2.1
    4.1`` misses axis 3; ``1 2 4`` misses 3)."""
    under: dict[tuple[int, ...], set[int]] = defaultdict(set)
    for n in nums:
        for k in range(len(n)):
            under[n[:k]].add(n[k])
    return sum(max(kids) - len(kids) for kids in under.values())


#: A table of contents line: its entry, then leaders or a tab and a page number.
_TOC_END = r".*" + CONTENTS_END

#: Markup a heading line (a sheet start, an axis, the plan's title, an annex) may open
#: with: an indentation (inscriptis indents a page's text), a Markdown or HTML heading
#: mark, bold, or both (``#### **Fiche action n° 1.1 …**``, pymupdf4llm), the stars Debian's
#: html2text prints around a heading (``***** Fiche action n° 1 – … *****``); the one prefix
#: every drafted pattern of such a line uses.
HEADING_MARKUP = r"^[ \t]*(?:(?:#{1,6}|<h[1-6]>)\s*)?(?:\*{2,6}\s*|__)?"
#: A sheet's start line may also be the first cell of its own table, in HTML (``<th
#: colspan="2"><strong>Fiche action n° 9 – …``: a Word table whose first row is the sheet's
#: title, converted by pandoc to GitHub Markdown)
_START_MARKUP = r"^[ \t]*(?:(?:#{1,6}|<h[1-6]>|<t[hd]\b[^>]*>)\s*)?(?:\*{2,6}\s*|__|<(?:strong|b)>)?"
#: (and the empty cells a title printed in a table's first cell leaves after it: « | Fiche action
#: n° 2.3 – … | | », markdownify; or the cell's closing tags)
_END_MARKUP = r"(?:\s*\*{2,6}|__|\s*</h[1-6]>|</(?:strong|b)>)?(?:\s*</t[hd]>)?(?:\s*\|)*"


def _anchor_starts(candidates, lines: list[str]) -> None:
    """Make each prefixed candidate's regex match its own lines only: allow the markup
    they are printed in (``# Fiche action n°1``, ``**Fiche 2**``); when they hold
    nothing after the number, end the regex there (a table of contents' ``Fiche action
    n°1 : titre …… 6`` then no longer matches); else refuse a trailing page number."""
    for c in candidates:
        if not c.regex.startswith("^") or c.regex.startswith("^(?P<id>") or c.style not in ("plain", "label"):
            continue
        body = c.regex[1:]
        if c.style == "plain":
            rests = []
            for no in c.lines:
                cleaned = clean_inline(lines[no - 1], bullet=False).lstrip("#* ")
                m = re.match(body, cleaned)
                rests.append(cleaned[m.end() :].strip(" *") if m else "x")
            if all(not r for r in rests):
                c.regex = _START_MARKUP + body + _END_MARKUP + r"\s*$"
                continue
            c.regex = _START_MARKUP + body + rf"(?!{_TOC_END})"
        else:
            c.regex = _START_MARKUP + body


def format_report(rep: InspectReport, source: str, tables: list[dict] | None = None) -> str:
    """The report printed by ``schemalab inspect``; ``tables``: the plan's action tables
    (:func:`schemalab.scaffold.action_tables`), listed first when there are some."""
    out = [f"{source}: {rep.n_lines} lines", ""]
    if tables:
        rows = sum(len(t["rows"]) for t in tables)
        out.append(
            f"Action tables: {len(tables)} table(s) whose rows are actions ({rows} rows): configure `layout: rows` "
            "(README, 'Actions printed as table rows'); `new-department` drafts it"
        )
        for t in tables:
            out.append(f"  header row at line {t['header']}: {' | '.join(t['labels'])} ({len(t['rows'])} rows)")
        out.append("")
    out.append("Candidate sheet starts (shape, count, numbers, first lines):")
    for c in rep.candidates[:10]:
        nums = ", ".join(dict.fromkeys(c.numbers))[:60] if c.numbers else "-"
        first = ", ".join(str(n) for n in c.lines[:6])
        out.append(f"  [{c.verdict}] {c.shape!r}: {len(c.lines)} lines, numbers {nums}; lines {first}")
        out.append(f"      sheet_start: '{c.regex}'")
    out += ["", "Most frequent heading-like lines (count):"]
    out += [f"  {n:>4}  {h}" for h, n in rep.headings]
    return "\n".join(out)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="a raw plan text")


def main(args: argparse.Namespace) -> int:
    from schemalab.extract import ParseError, read_lines
    from schemalab.scaffold import action_tables

    try:
        data = args.file.read_bytes()
        rep = inspect_text(data, args.file.name)
        tables = action_tables(read_lines(data, args.file.name))
    except (OSError, ParseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_report(rep, args.file.name, tables))
    return 0
