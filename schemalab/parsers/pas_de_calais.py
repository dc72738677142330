"""Pas-de-Calais (62): schéma départemental de l'enfance et de la famille 2023-2027.

Anatomy of the document (data/raw/62_pas-de-calais_2023-2027.txt, 3,256 lines, plain
UTF-8 text from an **OCR** of a PDF: no markdown, no HTML, no TSV, no form feeds):

- Legal framework, departmental priorities ("Pacte des solidarités humaines"), the plan
  heading ``Le schéma départemental de I'enfance et de la famille 2023-2027`` (the plan
  title, OCR ``I'`` kept as printed), a garbled national timeline, the bilan of the
  2017-2022 plan as an infographic, key figures (scrambled infographics).
- Four axes, printed ``ENGAGEMENT N: title`` / ``ENGAGEMENT N : title`` (a page-break
  space before, the title wrapped over 2-3 lines up to a blank line). Each chapter lists
  its objectives, repeats them as section headings and ends sections with cross-references
  ``Voir fiche action n°X <title>`` (also ``n° 4``, ``n°® 3``).
- ``Tableau bilan du schéma enfance famille 2017-2022``: the review of the previous plan,
  nested ``ORIENTATION N:`` → ``Priorité N:`` (``Priorité 7-``) → ``Action N: title``.
- ``Fiches actions schéma 2023-2027``, then 16 sheets. A sheet starts at
  ``Fiche N°k : title`` (``Fiche N°4:``; a leading space after a page break), the title
  wrapping until the first blank line. Headings, each alone on its line:
  ``Pilote(s) Partenaires associés a la mise en ceuvre`` (``oeuvre`` in fiche 4; fiche 14
  prints ``Pilote(s)`` and ``Partenaires associés…`` on two lines), ``Eléments de
  constat``, ``Modalités de mise en ceuvre`` (then ``Action n : title`` sub-actions and
  bullets), ``Résultats attendus`` (13 sheets; not 8, 10, 11), ``Liens avec d’autres
  actions`` (11 and 14). No indicators, calendar, budget or means headings.

Page breaks show as a line starting with **one** space (`` Fiche N°2``, `` Action 5 :``)
or as three blank lines; the only surviving page numbers ("18", "77") are skipped.

Conventions and traps handled here:

1. **Bullets** are OCR'd as ``e ``, ``o ``, ``. ``, ``v"``/``v `` (:data:`_GLYPH`).
   List rule (:func:`split_items`): a glyph starts an item; a glyph-less line continues
   the previous item, **except** where glyphs are lost: in a block that has no glyph yet,
   or from a page-break line (leading space + capital) on, a glyph-less line starting
   with a capital (``I'`` = ``l'`` elision excluded) starts a new item unless the
   previous line ends on a connector word or a comma. This recovers the glyph-less
   "Résultats attendus" of fiches 4, 6 and 13 (40 items over 13 sheets).
2. **Pilot/partner table** flattened line by line (:func:`split_actor_table`): each line
   is ``<pilot fragment> <glyph> <partner fragment>`` with ``e``/``o`` bullets or a
   surviving ``|`` column separator. Glyph-less lines are split by these rules, in order:
   the lead directorate ``Direction de l'Enfance et de la Famille`` (first pilot of 15
   sheets) printed complete and followed by a capitalised phrase is the pilot cell, the
   rest the partner cell (fiches 2, 4); a lowercase line continues the pilot when the
   partner is closed (ends with ``.``/``)``), else the partner when the pilot is closed;
   otherwise the pilot part is cut before the first lowercase content word (an ``l'``
   elision counts as lowercase), which is where an open partner phrase resumes
   (``Service Départemental des Etablissements et | protection de I'enfance``). A pilot
   fragment starting with an organisation head noun (Direction, Service(s), Cellule…)
   after a complete pilot starts a new pilot; any other fragment continues it (names
   split by ``/`` stay one item). Partners: one per bullet; a partner cell without any
   bullet is split on commas (fiche 11: 8 items). Fiche 14 prints the cells stacked
   (one per line): lowercase lines and lines after a ``/`` continue the pilot, the
   others are partners.
3. **Sub-actions** are the ``Action n :`` headings (``Action 5:``), label removed, ``ref``
   ``Action n``; a heading continues on the following glyph-less lines up to a blank
   line or a page-break line. The bullets printed under a heading are its
   ``details_text``, except in a sheet where two consecutive headings with no bullet
   precede a heading with bullets (headings printed before their bullets: fiches 2 and
   8): there ``details_text`` stays null. All bullets are also kept, in print order, in the sheet's
   ``implementation_text`` ("Modalités de mise en œuvre" as printed, one item per line):
   two sheets print the bullets
   displaced (fiche 2: bullets of Actions 1-2 after Action 4; fiche 8: headings of
   Actions 4-7 then all their bullets without glyphs), so no bullet is attributed to a
   sub-action by guess. Fiche 3's bullet ``e Liens avec I'Agence…`` is not a heading.
4. **Axis of a sheet**: sheets print none. Rule (:meth:`sheet_axes`): the ENGAGEMENT
   chapter holding the sheet's ``Voir fiche action n°X`` cross-reference; when several
   chapters refer to it (fiche 6: E1 and E2), the last one, because sheets are numbered
   in engagement order (E2 refers to 5-14). Cross-reference titles differ from the sheet
   titles: only the number is used. Objectives are not assigned (fiche 16 is referred to
   from all three objectives of E4).
5. **Money on sheets**: every amount, with its nature from the field it is printed in:
   "Eléments de constat" describe the past (``Enveloppe moyenne consommée``: consumed),
   "Modalités de mise en œuvre" what will be done (``(10 M€ par an)``: planned).
   Plan-level amounts (narrative before the sheets) use the shared wording rules.
6. **Calendar**: none is printed anywhere, so calendar_status is ``absent``.
7. **Review of the 2017-2022 plan** (:meth:`parse_review`): one row per ``Action n`` row
   of the Tableau bilan, ref ``P<priorité>-A<action>`` (action numbers restart in each
   priority). OCR'd labels (``Acticn``, ``Actien``, ``Acticon``, ``Actionl``, ``Action &``,
   ``Action 4`` without colon) are recognised; an unreadable number takes the next number
   in its priority. A mark-only line (``@]``) directly followed by label-less text is a
   row whose label was lost (P18-A3). The status dots became random glyphs (``®``,
   ``[ ]``, ``@``, ``(0]``…) at line ends: the first is kept in status_raw (null when
   none; the detached ``@ @ @ @`` lines of P16/P17 are ignored), status is always
   ``unknown``. The repaired title (rule set below) goes in title_clean.
8. **title_clean** (:func:`repair_ocr`): a general rule set for this OCR's damage
   (elisions ``I'``/``|'``/``["``, ``|a``/``|es``/``Iz``/``|2``/``|3`` articles, ``a``/``&``
   for ``à``, ``ceuvre``, grave/circumflex accents read as acute, ``c`` for ``o`` in
   ``-ion``, ``gu`` for ``qu``, ``’`` → ``'``); ``title`` keeps the text as printed.
9. **Plan-level money**: the five amounts of the narrative (60 M€ Covid plan, 7 060 407 €
   of investment, 605 302 € of ASE aids "accordées", 10 M€ par an twice) are read before
   the review table, with the paragraph's sentence as context; "accordées" → consumed,
   "par an" → planned, else the shared wording rules (the 60 M€ is ``other``). Scope
   and period come from the shared rules, except what only this narrative shows
   (:meth:`PasDeCalaisParser._money_scope`): the 60 M€ Covid plan is ``outside_scope``,
   the 605 302 € of aids a part of the year's spending. The 10 M€ par an of l.1293 is
   printed again l.1310 and on sheet 8 (l.2630): both are ``duplicate_of`` it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemalab.extract import ParseError, clean_inline, euro_amounts, sentence_around
from schemalab.parsers.base import BaseParser, Document, Lines, ParseResult, Sheet

# -- OCR repair ---------------------------------------------------------------------

#: Word-level accent repairs: the OCR reads grave and circumflex accents as acute ones
#: or drops them. Common French words only (no title of this plan is listed as such).
_ACCENT_WORDS = {
    "accés": "accès",
    "acces": "accès",
    "aprés": "après",
    "auprés": "auprès",
    "prés": "près",
    "trés": "très",
    "succés": "succès",
    "progrés": "progrès",
    "étre": "être",
    "méme": "même",
    "grace": "grâce",
    "agés": "âgés",
    "dgés": "âgés",
    "role": "rôle",
    "réle": "rôle",
    "r6le": "rôle",
    "rble": "rôle",
    "t6t": "tôt",
    "plutot": "plutôt",
    "controle": "contrôle",
    "contréle": "contrôle",
    "pole": "pôle",
    "poles": "pôles",
    "diment": "dûment",
    "developper": "développer",
    "departementale": "départementale",
    "departemental": "départemental",
    "donnees": "données",
    "referentiel": "référentiel",
    "reperer": "repérer",
    "reperage": "repérage",
    "detection": "détection",
    "etudes": "études",
}

_REPAIRS: tuple[tuple[re.Pattern, str], ...] = (
    # Ligatures: "mise en ceuvre", "cceur", "Oeuvrer".
    (re.compile(r"\bc(?:e|c)u(vr|r)"), r"œu\1"),
    (re.compile(r"\boeu(vr|r)"), r"œu\1"),
    (re.compile(r"\bOeu(vr|r)"), r"Œu\1"),
    # Elisions: I' I’ I" I"' |' [I' [' ['  before a letter mean l'.
    (re.compile(r"(?<![\w])(?:\[?[I|]|\[)\s?['’\"]+(?=\w)"), "l'"),
    # A bare apostrophe opening a word lost its l: "de 'entretien".
    (re.compile(r"(?<=\s)'(?=[a-zéèêàâ])"), "l'"),
    # Articles with a bar or a digit for l: |a |e |es |la |2 |3 Iz Ia 1a.
    (re.compile(r"(?<![\w|])\|(?=l(?:a|e|es)\b)"), ""),
    (re.compile(r"(?<![\w|])\|\s?(?:la|a|3)\b"), "la"),
    (re.compile(r"(?<![\w|])\|\s?(?:e|2)\b"), "le"),
    (re.compile(r"(?<![\w|])\|\s?es\b"), "les"),
    (re.compile(r"(?<![\w|])\|(?=[a-zé])"), "l"),
    (re.compile(r"\b(?:Ia|1a)\b"), "la"),
    (re.compile(r"\bIz\b"), "le"),
    (re.compile(r"(?<=\s)\|(?=\s)"), "le"),
    # "&" and the digits 3/5/8 standing alone before an article or a noun are "à".
    (re.compile(r"(?<!\S)&(?=\s)"), "à"),
    (re.compile(r"(?<![\w,.])[358](?=\s+(?:l'|la\b|le\b|les\b|destination|partir|jour|rester))"), "à"),
    # "a" as a word is "à", except after a subject pronoun (il a, elle a, qui a...).
    (re.compile(r"(?<!\bil\s)(?<!\belle\s)(?<!\bon\s)(?<!\bqui\s)(?<!\by\s)(?<![\w'’])\ba\b(?!['’-])"), "à"),
    # c read for o inside -ion words: Acticn, foncticnnement, professicnnels, Amelicrer.
    (re.compile(r"ic(?=n)"), "io"),
    (re.compile(r"icr"), "ior"),
    # gu read for qu: optigue, problématigue, gualité, guotidien, gu'outil, gue.
    (re.compile(r"igue(s?)\b"), r"ique\1"),
    (re.compile(r"\bgu(?=al|ot|['’])"), "qu"),
    (re.compile(r"\bgue\b"), "que"),
    # z read for s: maizons, naiszance, Faverizer.
    (re.compile(r"sz"), "s"),
    (re.compile(r"(?<=[aeiou])z(?=[aeioué])"), "s"),
    # sc for ac at a word start: sccompagner, sccés.
    (re.compile(r"\bscc"), "acc"),
    # Accents on the last syllable: -iére/-ére → -ière/-ère.
    (re.compile(r"(?<=\w)ére(s?)\b"), r"ère\1"),
)


def repair_ocr(text: str, *, prose: bool = False) -> str:
    """Repair the OCR damage of this plan by general rules (see the module docstring).

    Rules, in order: ligatures (``ceuvre`` → ``œuvre``), elisions (``I'``, ``|'``,
    ``[I'`` → ``l'``), articles (``|a``, ``|es``, ``Iz``, ``|2`` → ``la``, ``les``, ``le``),
    ``a``/``&``/digit for ``à``, ``c`` for ``o`` before ``n``/``r`` (``Acticn``), ``gu``
    for ``qu`` (``optigue``), ``z`` for ``s``, ``scc`` for ``acc``, ``-ére`` → ``-ère``,
    then word-level accents (``accés`` → ``accès``, ``étre`` → ``être``), and spaces.

    Args:
        text: a title as printed.
        prose: the text is a sentence, not a title: a bare "a" is the verb ("le schéma a
            pour objectif") unless an article or "domicile"/"partir"… follows ("a la
            parentalité", "aide a domicile").

    Returns:
        The repaired title (the input is never modified in place).
    """
    s = text.replace("’", "'")
    for pattern, repl in _PROSE_REPAIRS if prose else _REPAIRS:
        s = pattern.sub(repl, s)

    def word(m: re.Match) -> str:
        w = m.group(0)
        fixed = _ACCENT_WORDS.get(w.lower())
        if fixed is None:
            return w
        return fixed[0].upper() + fixed[1:] if w[0].isupper() else fixed

    s = re.sub(r"[\w]+", word, s)
    s = re.sub(r"\s+([,.)])", r"\1", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("l'"):
        s = "L" + s[1:]
    return s


#: The title rules for prose: "a" becomes "à" only before an article, an elided word
#: or a word that follows "à" ("a la parentalité", "a I'ASE", "aide a domicile").
_A_TITLE = _REPAIRS[next(i for i, (p, _r) in enumerate(_REPAIRS) if p.pattern.endswith(r"\ba\b(?!['’-])"))]
_PROSE_REPAIRS = (
    *(
        (
            re.compile(
                r"(?<![\w'’])\ba\b(?=\s+(?:l'|la\b|le\b|les\b|un\b|une\b|des\b|domicile|partir|destination|"
                r"travers|titre|hauteur|terme|compter|toutes?\b|tous\b|son\b|sa\b|ses\b|leur|\d))"
            ),
            "à",
        )
        if (p, r) == _A_TITLE
        # "icr" for "ior" only in a verb ("Amelicrer"), never in "micros"
        else (re.compile(r"icr(?=er\b)"), "ior")
        if p.pattern == "icr"
        else (p, r)
        for p, r in _REPAIRS
    ),
    # "d’'un", "I’'enfance": one apostrophe
    (re.compile(r"'{2,}"), "'"),
)
#: A bullet glyph fused to the word it introduces at the start of a line ("QOrganiser",
#: "C(Clarifier", "(Création", "FEtudier", "\\Vérifier", "Llancement", "|nvestir").
_FUSED_GLYPH = (
    (re.compile(r"^(?:[QC]\(?|\((?=[^)]*$)|\\\\?|F)(?=[A-ZÉÈ][a-zéèêà])"), ""),
    (re.compile(r"^Ll(?=[a-zéè])"), "L"),
    (re.compile(r"^\|(?=n[a-z])"), "I"),
)


def repair_ocr_text(text: str | None) -> str | None:
    """:func:`repair_ocr` for a text column (sentences, one item per line): the prose
    rules, line by line, after removing a bullet glyph fused to the line's first word."""
    if text is None:
        return None
    lines = []
    for line in text.split("\n"):
        for pattern, repl in _FUSED_GLYPH:
            line = pattern.sub(repl, line)
        lines.append(repair_ocr(line, prose=True))
    return "\n".join(lines)


# -- lists --------------------------------------------------------------------------

#: A bullet glyph as OCR'd at the start of a line (``e ``, ``o ``, ``. ``, ``v"``).
_GLYPH = re.compile(r"^\s{0,2}(?:[eo.]|v\"?)\s+(?=\S)")
#: A line after a page break starts with exactly one space.
_PAGE_BREAK = re.compile(r"^ \S")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_CONNECTORS = frozenset("de des du la le les et à a aux au en pour par sur avec dans d' l' ou entre vers".split())
_ELISION = re.compile(r"^(?:\[?[I|l]|\[)['’\"]+")


def _starts_lower(text: str) -> bool:
    """True when a fragment starts with a lowercase letter or an ``l'`` elision."""
    t = text.strip().lstrip("(«\"'")
    if not t:
        return False
    return bool(_ELISION.match(t)) or t[0].islower()


def _ends_open(text: str) -> bool:
    """True when a fragment ends on a connector word or a comma (its phrase goes on)."""
    t = text.rstrip()
    if t.endswith((",", "/")):
        return True
    last = t.split()[-1].lower() if t.split() else ""
    return last in _CONNECTORS or bool(re.search(r"[dl]['’]$", last))


@dataclass
class ListItem:
    """An item of an OCR'd list: its text as printed (glyph removed) and first line."""

    text: str
    line: int
    lines: list[str] = field(default_factory=list)


def split_items(lines: Lines) -> list[ListItem]:
    """Items of an OCR'd bullet list (module docstring, rule 1)."""
    items: list[ListItem] = []
    glyphless = True  # no glyph seen yet, or lost after a page break
    prev_text = ""
    for n, raw in lines:
        if not raw.strip() or _PAGE_NUMBER.match(raw):
            continue
        m = _GLYPH.match(raw)
        if m:
            glyphless = False
            body = raw[m.end() :].strip()
            items.append(ListItem(body, n, [body]))
            prev_text = body
            continue
        body = raw.strip()
        if _PAGE_BREAK.match(raw) and not _starts_lower(body):
            glyphless = True
        new = not items or (glyphless and not _starts_lower(body) and not _ends_open(prev_text))
        if new:
            items.append(ListItem(body, n, [body]))
        else:
            items[-1].lines.append(body)
            items[-1].text = f"{items[-1].text} {body}"
        prev_text = body
    for it in items:
        it.text = clean_inline(it.text, bullet=False)
    return items


# -- pilot / partner table ----------------------------------------------------------

_SEPARATOR = re.compile(r"\s+(?:(?P<bullet>[eo])|\|)\s+(?=\S)|\s+\|(?=\S)")
_LEAD_PILOT = re.compile(r"^(?P<name>Direction de [I|l]['’\"]+Enfance et de la Famille)\s+(?=[A-ZÉ])")
_HEAD_NOUN = re.compile(r"^(?:Direction|Services?|Cellule|Pôle|Mission|Maison|Bureau|Unité)\b")


def _cut_before_lower(text: str, keep_first: bool) -> tuple[str, str]:
    """Split ``text`` before its first lowercase content word (connectors skipped)."""
    words = text.split()
    start = 1 if keep_first else 0
    for i in range(start, len(words)):
        w = words[i]
        if w.lower() in _CONNECTORS:
            continue
        if _starts_lower(w):
            if i == 0:
                return "", text.strip()
            return " ".join(words[:i]), " ".join(words[i:])
    return text.strip(), ""


def split_actor_table(lines: Lines, stacked: bool = False) -> tuple[list[ListItem], list[ListItem]]:
    """Pilots and partners of a flattened two-column table (module docstring, rule 2)."""
    pilots: list[ListItem] = []
    partners: list[ListItem] = []
    any_bullet = False
    fed_pilot = False  # the previous non-blank line added to the pilot cell
    blank = False

    def pilot_open() -> bool:
        if not pilots:
            return False
        t = pilots[-1].text
        return _ends_open(t) or bool(re.search(r"/\s*(?:Service|Direction)?\s*$", t))

    def partner_closed() -> bool:
        return not partners or partners[-1].text.rstrip().endswith((".", ")"))

    def add_pilot(text: str, n: int) -> None:
        if pilots and (pilot_open() or not _HEAD_NOUN.match(text)):
            pilots[-1].text += " " + text
            pilots[-1].lines.append(text)
        else:
            pilots.append(ListItem(text, n, [text]))

    def add_partner(text: str, n: int, new: bool) -> None:
        if new or not partners:
            partners.append(ListItem(text, n, [text]))
        else:
            partners[-1].text += " " + text
            partners[-1].lines.append(text)

    for n, raw in lines:
        if not raw.strip() or _PAGE_NUMBER.match(raw):
            blank = True
            continue
        line = raw.strip()
        if stacked:
            if not pilots or _starts_lower(line) or pilots[-1].text.rstrip().endswith("/"):
                add_pilot(line, n)
            else:
                add_partner(line, n, new=True)
            continue
        left, right, bullet = line, "", False
        m = _GLYPH.match(raw)
        sep = _SEPARATOR.search(line)
        if m:
            left, right, bullet = "", raw[m.end() :].strip(), True
        elif sep:
            left, right, bullet = line[: sep.start()], line[sep.end() :], bool(sep.group("bullet"))
        elif (lead := _LEAD_PILOT.match(line)) and not pilots:
            left, right = lead.group("name"), line[lead.end() :]
        elif pilots and pilot_open():
            left, right = _cut_before_lower(line, keep_first=True) if not partner_closed() else (line, "")
        elif _starts_lower(line):
            left, right = (line, "") if partner_closed() and pilots else ("", line)
        elif _HEAD_NOUN.match(line) or (fed_pilot and not blank):
            left, right = _cut_before_lower(line, keep_first=True) if not partner_closed() else (line, "")
        else:
            left, right = "", line
        left, right = left.strip(), right.strip()
        if left:
            add_pilot(left, n)
        if right:
            add_partner(right, n, new=bullet)
            any_bullet = any_bullet or bullet
        fed_pilot, blank = bool(left), False
    if partners and not any_bullet:
        # A partner cell printed as a comma-separated list (fiche 11).
        split: list[ListItem] = []
        for it in partners:
            split.extend(ListItem(p.strip(), it.line, [p.strip()]) for p in it.text.split(",") if p.strip())
        partners = split
    return pilots, partners


# -- the parser ---------------------------------------------------------------------

_AXIS = re.compile(r"^\s?ENGAGEMENT (?P<n>\d+)\s*:\s*(?P<title>\S.*)$")
_CROSS_REF = re.compile(r"Voir fiche action n\s*°\s*®?\s*(?P<n>\d+)")
_SUB_ACTION = re.compile(r"^\s?Action (?P<n>\d+)\s*:\s*(?P<title>\S.*)$")
_REVIEW_START = re.compile(r"^\s?Tableau bilan du schéma enfance famille")
_REVIEW_END = re.compile(r"^\s?Fiches actions schéma")
_ORIENTATION = re.compile(r"^\s?ORIENTATION (?P<n>\d+)\s*:\s*(?P<title>.*)$")
_PRIORITY = re.compile(r"^\s?Priorit[ée] (?P<n>\d+)\s*[:\-]\s*(?P<title>.*)$")
#: OCR'd row labels: Action, Acticn, Actien, Acticon, Actionl; number may be "&".
_REVIEW_ROW = re.compile(r"^\s?Act(?:ion|icn|ien|icon)\s*(?P<n>\d+|&|l)\s*(?::\s*|\s+(?=[A-Z]))(?P<title>.*)$")
_MARK = r"(?:®|\[ \]|\([0-9@]?\]|@\]|@|\]|Q|¢|\.|-|')"
_END_MARK = re.compile(rf"\s+(?P<mark>{_MARK})\s*$")
_MARK_ONLY = re.compile(rf"^\s*(?:(?:{_MARK}|e)\s*)+$")


class PasDeCalaisParser(BaseParser):
    code = "62"
    name = "Pas-de-Calais"
    detect_pattern = re.compile(r"schéma départemental de I'enfance et de la famille 2023-2027|Pas-de-\s*Calais")
    #: The sheets announced: the narrative's cross-references "Voir fiche action n°X" (OCR: "n°® 3").
    announced_pattern = re.compile(r"Voir fiche action n°\D{0,3}(?P<id>\d+)", re.I)
    sheet_start = re.compile(r"^\s?Fiche N°(?P<id>\d+)\s*:")
    heading_aliases = {
        "PILOTE(S) PARTENAIRES ASSOCIES A LA MISE EN CEUVRE": "pilots",
        "PILOTE(S) PARTENAIRES ASSOCIES A LA MISE EN OEUVRE": "pilots",
        "PILOTE(S)": "pilots",
        "PARTENAIRES ASSOCIES A LA MISE EN CEUVRE": "pilots",
        "ELEMENTS DE CONSTAT": "context",
        "MODALITES DE MISE EN CEUVRE": "sub_actions",
        "MODALITES DE MISE EN OEUVRE": "sub_actions",
        "RESULTATS ATTENDUS": "results",
        # Cross-links to other sheets (fiches 11, 14): not a contract field.
        "LIENS AVEC D’AUTRES ACTIONS": "ignore",
        "LIENS AVEC D'AUTRES ACTIONS": "ignore",
    }
    expected_fields = ("pilots", "context", "sub_actions")
    #: Heading-like lines no alias maps are reported (strict: raise).
    heading_pattern = re.compile(
        r"^\s?(?:Pilote|Partenaires associ|El[ée]ments d|Modalit[ée]s|R[ée]sultats|Liens avec d[’']autres|"
        r"Indicateurs?\b|Calendrier|[ÉE]ch[ée]ancier|Moyens\b|Budget\b)"
    )
    skip_patterns = (_PAGE_NUMBER,)

    # -- plan and axes ---------------------------------------------------------------
    def plan_title(self, doc: Document) -> tuple[str | None, int | None, int | None]:
        """``Le schéma départemental de I'enfance et de la famille 2023-2027``, as printed."""
        pat = re.compile(r"^\s?(?P<t>Le schéma départemental de .+?(?P<a>20\d\d)\s*-\s*(?P<b>20\d\d))\s*$")
        for _n, m in doc.find(pat):
            return clean_inline(m.group("t")), int(m.group("a")), int(m.group("b"))
        return None, None, None

    def _axis_spans(self, doc: Document) -> list[tuple[str, int, int, str]]:
        """(axis_id, first_line, end_line, title) of each ENGAGEMENT chapter."""
        found = doc.find(_AXIS)
        review = doc.find(_REVIEW_START)
        stop = review[0][0] if review else len(doc.lines) + 1
        spans = []
        for i, (n, m) in enumerate(found):
            parts = [m.group("title")]
            for _k, text in doc.span(n + 1, n + 4):
                if not text.strip():
                    break
                parts.append(text)
            end = found[i + 1][0] if i + 1 < len(found) else stop
            spans.append((m.group("n"), n, end, clean_inline(" ".join(parts))))
        return spans

    def parse_axes(self, doc: Document) -> list[dict]:
        """The four ENGAGEMENT chapters, titles as printed (wrapped lines joined)."""
        return [
            {"plan_id": self.plan_id, "axis_id": a, "position": i, "title": t, "first_line": n}
            for i, (a, n, _e, t) in enumerate(self._axis_spans(doc), start=1)
        ]

    def sheet_axes(self, doc: Document) -> dict[str, str]:
        """Sheet number → axis id from the cross-references (module docstring, rule 4)."""
        axes: dict[str, str] = {}
        for axis_id, start, end, _t in self._axis_spans(doc):
            for _n, m in doc.find(_CROSS_REF, start, end):
                axes[m.group("n")] = axis_id  # a later chapter wins
        return axes

    # -- sheets ----------------------------------------------------------------------
    def parse(self, data, source="<text>", manifest=None, *, strict=False) -> ParseResult:
        self._doc_axes: dict[str, str] | None = None
        return super().parse(data, source, manifest, strict=strict)

    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Pilot/partner table (rule 2) and the sub-action headings (rule 3)."""
        f = sheet.fields
        table = f.pop("pilots", [])
        stacked = any(text.strip() == "Pilote(s)" for _n, text in doc.span(sheet.start, sheet.end))
        sheet.extra["pilots"], sheet.extra["partners"] = split_actor_table(table, stacked)
        f["pilots"] = []  # the expected heading was found; actors are added from extra
        sheet.extra["sub_actions"], sheet.extra["modalities"] = self._sub_actions(f.get("sub_actions", []))

    def _sub_actions(self, lines: Lines) -> tuple[list[tuple[str, str, int]], list[str]]:
        """(ref, title, line) of each ``Action n :`` heading, and the field item by item."""
        subs: list[tuple[str, str, int]] = []
        blocks: list[Lines] = [[]]
        heading_open = False
        for n, text in lines:
            m = _SUB_ACTION.match(text)
            if m:
                subs.append((f"Action {m.group('n')}", m.group("title").strip(), n))
                blocks.append([])
                heading_open = True
                continue
            if heading_open and text.strip() and not _GLYPH.match(text) and not _PAGE_BREAK.match(text):
                ref, title, line = subs[-1]
                subs[-1] = (ref, f"{title} {text.strip()}", line)
                continue
            heading_open = False
            blocks[-1].append((n, text))
        out: list[str] = [it.text for it in split_items(blocks[0])]
        bullets = [[it.text for it in split_items(block)] for block in blocks[1:]]
        for (ref, title, _line), items in zip(subs, bullets, strict=True):
            out.append(f"{ref} : {clean_inline(title)}")
            out.extend(f"- {t}" for t in items)
        # Displaced bullets (fiches 2, 8): two consecutive headings with no bullet, then a
        # heading with bullets, means headings were printed before their bullets; then no
        # bullet is attributed. (A single bullet-less heading, fiche 3 Action 2, is normal.)
        displaced = any(
            not bullets[i] and not bullets[i + 1] and any(bullets[i + 2 :]) for i in range(len(bullets) - 1)
        )
        details = [None if displaced or not b else "\n".join(b) for b in bullets]
        return [(r, clean_inline(t), n, d) for (r, t, n), d in zip(subs, details, strict=True)], out

    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        """Title: the anchor line's text plus its wrapped lines up to a blank line."""
        m = re.match(r"^\s?Fiche N°\d+\s*:\s*(?P<t>.*)$", doc.line(sheet.start))
        parts = [m.group("t")]
        for _n, text in doc.span(sheet.start + 1, sheet.end):
            if not text.strip() or self.canonical(text):
                break
            parts.append(text)
        sheet.title = clean_inline(" ".join(parts))
        if self._doc_axes is None:
            self._doc_axes = self.sheet_axes(doc)
        sheet.axis_id = self._doc_axes.get(sheet.action_id)

    def items(self, lines: Lines):
        """Results items (rule 1), in the shape the base expects."""
        from schemalab.extract import Item

        return [Item(it.text, it.line, raw=" ".join(it.lines)) for it in split_items(lines)]

    def sub_action_items(self, sheet: Sheet):
        return []  # added with their printed ref in extract_sheet

    def text_of(self, lines: Lines) -> str | None:
        parts = [it.text for it in split_items(lines)]
        return "\n".join(parts) or None

    def clean_title(self, title: str) -> str:
        return repair_ocr(title)

    def clean_text(self, text: str | None) -> str | None:
        return repair_ocr_text(text)

    def extract_sheet(self, doc: Document, sheet: Sheet, position: int, res: ParseResult) -> None:
        super().extract_sheet(doc, sheet, position, res)
        aid = sheet.action_id
        for role in ("pilot", "partner"):
            for it in sheet.extra[role + "s"]:
                self.add_actor(res, aid, role, " ".join(it.lines), it.line)
        for ref, title, line, details in sheet.extra["sub_actions"]:
            self.add_sub_action(res, aid, title, line, details=details, ref=ref)

    def add_action(self, doc, sheet, position, res, status, **overrides) -> None:
        """The "Modalités de mise en œuvre" section as printed (rule 3) on the action row."""
        implementation = "\n".join(sheet.extra["modalities"]) or None
        super().add_action(doc, sheet, position, res, status, implementation_text=implementation, **overrides)

    def extract_budget(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        """Amounts of a sheet; nature from the field (rule 5)."""
        for fname, nature in (("context", None), ("sub_actions", "planned")):
            lines = sheet.fields.get(fname, [])
            for i, (n, text) in enumerate(lines):
                context = None
                if fname == "sub_actions":
                    for ref, title, line, _details in sheet.extra["sub_actions"]:
                        if line == n:
                            context = f"{ref} : {title}"
                    if context is None and i + 1 < len(lines):
                        context = clean_inline(f"{text} {lines[i + 1][1]}")
                self.add_amounts(res, text, n, sheet.action_id, context=context, nature=nature)

    # -- plan level ------------------------------------------------------------------
    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        """Narrative amounts (before the review table) and the review of 2017-2022."""
        review = doc.find(_REVIEW_START)
        first_sheet = min(r["first_line"] for r in res.tables["actions"])
        stop = review[0][0] if review else first_sheet
        for n, text in doc.span(1, stop):
            if not text.strip():
                continue
            for a in euro_amounts(text):
                para = self._paragraph(doc, n)
                hit = next((b for b in euro_amounts(para) if b.raw == a.raw), None)
                ctx = sentence_around(para, hit.start, hit.end) if hit else clean_inline(text)
                self.add_amounts(res, a.raw, n, None, context=ctx, **self._money_scope(doc, n, para))
        if review:
            self.parse_review(doc, res, review[0][0], first_sheet)

    def _money_scope(self, doc: Document, n: int, para: str) -> dict:
        """Rule 9: what only this narrative shows about a plan-level amount.

        The 60 M€ plan (l.480) answers "La crise sanitaire" of the paragraph above
        ("un plan d'actions pour y faire face"): money for the whole population,
        outside_scope. The 605 302 € of ASE aids "accordées aux familles … en 2022"
        (l.802) are one item of the year's child-protection spending: annual_budget,
        a component whose total the plan does not print.
        """
        a = n
        while a > 1 and doc.line(a - 1).strip():
            a -= 1
        previous = self._paragraph(doc, a - 2) if a > 2 else ""
        if re.search(r"crise sanitaire|covid", previous + " " + para, re.I) and re.search(r"y faire face", para):
            return {"scope": "outside_scope"}
        if re.search(r"aides financi\w+ accordées aux familles", para):
            return {"scope": "annual_budget", "role": "component"}
        return {}

    def _paragraph(self, doc: Document, n: int) -> str:
        """The paragraph (consecutive non-blank lines) holding line ``n``, cleaned."""
        a = n
        while a > 1 and doc.line(a - 1).strip():
            a -= 1
        b = n
        while b < len(doc.lines) and doc.line(b + 1).strip():
            b += 1
        return " ".join(t.strip() for _k, t in doc.span(a, b + 1))

    def budget_nature(self, context: str) -> str:
        """Aids "accordées" were spent; an envelope "par an" is planned; else shared rules."""
        c = context.lower()
        if re.search(r"\baccordée?s?\b", c):
            return "consumed"
        if re.search(r"\bpar an\b", c):
            return "planned"
        return super().budget_nature(context)

    def parse_review(self, doc: Document, res: ParseResult, start: int, end: int) -> None:
        """previous_review rows of the Tableau bilan (module docstring, rule 7)."""
        end_hits = doc.find(_REVIEW_END, start)
        end = end_hits[0][0] if end_hits else end
        orientation = priority = None
        rows: list[dict] = []
        heading: dict | None = None  # orientation or priority whose title may wrap
        current: dict | None = None  # the action row whose title may wrap
        next_no = 1
        prev_mark_only: tuple[int, str] | None = None
        for n, text in doc.span(start + 1, end):
            if not text.strip():
                heading = None if heading and heading.get("closed_on_blank") else heading
                prev_mark_only = None
                continue
            if m := _ORIENTATION.match(text):
                orientation = {"n": m.group("n"), "title": m.group("title").strip(), "closed_on_blank": False}
                heading, current, prev_mark_only = orientation, None, None
                continue
            if m := _PRIORITY.match(text):
                priority = {"n": m.group("n"), "title": m.group("title").strip(), "closed_on_blank": True}
                heading, current, prev_mark_only, next_no = priority, None, None, 1
                continue
            if m := _REVIEW_ROW.match(text):
                if priority is None or orientation is None:
                    raise ParseError(doc.source, n, "an ORIENTATION and a Priorité heading above this review row")
                printed = m.group("n")
                no = int(printed) if printed.isdigit() else next_no
                current = {
                    "no": no,
                    "parts": [m.group("title")],
                    "marks": [],
                    "line": n,
                    "p": priority,
                    "o": orientation,
                }
                rows.append(current)
                heading, prev_mark_only, next_no = None, None, no + 1
                continue
            if _MARK_ONLY.match(text):
                prev_mark_only = (n, text.strip())
                continue
            if prev_mark_only and priority is not None:
                # A mark line directly above label-less text: the row lost its label.
                current = {
                    "no": next_no,
                    "parts": [text],
                    "marks": [prev_mark_only[1]],
                    "line": prev_mark_only[0],
                    "p": priority,
                    "o": orientation,
                }
                rows.append(current)
                next_no += 1
                prev_mark_only = None
                continue
            if heading is not None and current is None:
                heading["title"] += " " + text.strip()
                continue
            if current is not None:
                current["parts"].append(text)
        for row in rows:
            title_parts = []
            for part in row["parts"]:
                mm = _END_MARK.search(part)
                if mm:
                    row["marks"].append(mm.group("mark"))
                    part = part[: mm.start()]
                title_parts.append(part.strip())
            p, o = row["p"], row["o"]
            title = clean_inline(" ".join(title_parts))
            res.add(
                "previous_review",
                plan_id=self.plan_id,
                ref=f"P{p['n']}-A{row['no']}",
                title=title,
                status=res.vocab("review_status", "unknown", row["line"]),
                status_raw=row["marks"][0] if row["marks"] else None,
                context=f"ORIENTATION {o['n']}: {clean_inline(o['title'])} / Priorité {p['n']}: {clean_inline(p['title'])}",
                title_clean=repair_ocr(title),
                line=row["line"],
            )
