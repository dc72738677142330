"""What a plan prints about its review of the previous plan besides the reviewed rows.

Read by :meth:`~schemalab.parsers.base.BaseParser.read_review_text` once a parser's review
reader (a table, an outline, a list) has filled ``previous_review``, for every parser alike:

- :func:`review_summaries`: the plan's own figure for its review, a sentence giving a share or
  a count of the previous plan's actions engaged or carried out, printed before or after the
  review table (:data:`SUMMARY` lists the wordings); stored in ``plans.review_summary`` with
  its lines. Pas-de-Calais prints « Plus de 90% des actions ont ete engagees ou totalement
  réalisées » in a column beside the list of its orientations (62:391-395), under « Le bilan
  du précédent schéma » (62:355). A plan printing none gets none: nothing is computed.
- :func:`title_partly_lost`: a reviewed action whose title starts mid-phrase while the
  review's other titles start with a capital: its beginning, with the action's label, was
  lost in conversion (Pas-de-Calais's P18-A3, 62:2147-2148: a mark « @] », then
  « d'accueil cellectif, hebergement en appartement, accueil de jour.. »).

Pure functions: lines in, quotes and line numbers out.
"""

from __future__ import annotations

import re

from schemalab.extract import starts_lower

#: A line announcing the review of the previous plan (« Le bilan du précédent schéma »,
#: « Annexe 1 - Bilan du précédent SDPPE », « Tableau bilan du schéma enfance famille »).
REVIEW_HEADING = re.compile(r"\bbilan\s+du\s+(?:pr[ée]c[ée]dent|sch[ée]ma)\b", re.IGNORECASE)

#: Lines read before the first reviewed row when no line announces the review, and after
#: the last reviewed row.
REVIEW_LEAD_LINES = 40

# Between two words of a summary sentence: spaces, or, where a word ends its line, the line
# break and, at the start of the next line, the text of a column printed to its left (an
# OCR'd page reads two columns line by line: Pas-de-Calais prints its figure in a column to
# the right of a list, 62:391-395).
_H = r"[^\S\n]"
_GAP = rf"(?:{_H}+|{_H}*\n(?:[^\n]*?{_H})??)"
#: « plus de », « près de »… before the figure.
_ABOUT = r"(?:(?:plus|près|pres|moins|environ|presque|au\s+moins)\s+(?:de\s+)?)?"
#: A count in figures, or in words up to fifty (« huit », « trois »: plan 84).
_COUNT = (
    r"(?:\d{1,3}(?![\d,.]\d)|(?:une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|dix-sept|dix-huit|dix-neuf|vingt|trente|quarante|cinquante)(?![\w-]))"
)
#: A past participle, accented or as OCR'd (« engagees »), or « en cours », « mise(s) en œuvre ».
_PART = r"(?:[^\W\d_]+(?:é|ée|és|ées|ee|ees)|mises?\s+en\s+(?:œ|oe|ce)uvre|en\s+cours|abouti(?:e?s)?)"

#: A summary sentence. Its lead is one of four wordings, each a group of words (the quote
#: joins the groups, not the other column's words printed between them):
#: « [Plus de] N % des actions », « [Plus de] N actions sur [les] M », « [Plus de] N des M
#: actions » (« sur les M », « parmi les M »), « Sur les M actions [principales] [du schéma
#: AAAA-AAAA], N »; then
#: [du (précédent) schéma [AAAA-AAAA] | prévues] [ont | sont] [été] [adverb] <participle>
#: [ou | et [sont | ont été] [adverb] <participle>]. N and M in figures or in words (« trois », « huit »).
SUMMARY = re.compile(
    r"(?<![\w,.])(?:"
    rf"(?P<pct>{_ABOUT}\d{{1,3}}(?:[,.]\d+)?{_H}?%)(?!\w)"
    rf"{_GAP}(?P<pct_of>(?:des|les|de\s+(?:ses|nos|leurs|l'ensemble\s+des))\s+actions)\b"
    rf"|(?P<on>{_ABOUT}{_COUNT}){_GAP}(?P<on_of>actions){_GAP}(?P<on_sur>sur(?:\s+les)?){_GAP}(?P<on_total>{_COUNT})\b"
    rf"|(?P<of>{_ABOUT}{_COUNT}){_GAP}(?P<of_des>des|sur\s+les|parmi\s+les){_GAP}(?P<of_total>{_COUNT})"
    rf"{_GAP}(?P<of_of>actions)\b"
    rf"|(?P<sur>sur\s+les){_GAP}(?P<sur_total>{_COUNT}){_GAP}(?P<sur_of>actions(?:\s+[^\W\d_]+)?"
    r"(?:\s+du\s+(?:pr[ée]c[ée]dent\s+)?sch[ée]ma(?:\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)?)?\s*,)"
    rf"{_GAP}(?P<sur_n>{_ABOUT}{_COUNT})"
    r")"
    rf"(?:{_GAP}(?P<compl>du\s+(?:précédent\s+|precedent\s+)?schéma(?:\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)?|prévues))?"
    rf"(?:{_GAP}(?P<aux>ont|sont))?(?:{_GAP}(?P<ete>[ée]t[ée]))?(?:{_GAP}(?P<adv0>[^\W\d_]+ment))?"
    rf"{_GAP}(?P<part>{_PART})\b"
    rf"(?:{_GAP}(?P<conj>ou|et)(?:{_GAP}(?P<aux2>sont|ont(?:{_GAP}[ée]t[ée])?))?(?:{_GAP}(?P<adv>[^\W\d_]+ment))?"
    rf"{_GAP}(?P<part2>{_PART})\b)?",
    re.IGNORECASE,
)


def summary_windows(
    lines: list[str], first_row: int, last_row: int, read: list[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Where a plan prints its own summary of its review, as 1-based ``(start, end)`` line
    spans (end excluded):

    - before the review table: from the first line announcing a review of the previous plan
      (:data:`REVIEW_HEADING`) to the first reviewed row; with no such line, the
      :data:`REVIEW_LEAD_LINES` lines before that row;
    - after it: the :data:`REVIEW_LEAD_LINES` lines after the last reviewed row, up to the
      first line read as something else (an action sheet, a youth recommendation, an axis);

    less the lines ``read`` as something else (``(first, last)`` spans, inclusive: action
    sheets), where no summary of the review is printed.
    """
    n_lines = len(lines)
    first = max(1, min(int(first_row), n_lines + 1))
    start = next((i for i in range(1, first) if REVIEW_HEADING.search(lines[i - 1])), None)
    windows = [(start if start is not None else max(1, first - REVIEW_LEAD_LINES), first)]
    after = int(last_row) + 1
    stop = min([after + REVIEW_LEAD_LINES, n_lines + 1, *(a for a, _b in read if a >= after)])
    windows.append((after, max(after, stop)))
    out = []
    for a, b in windows:
        cuts = sorted((max(a, x), min(b, y + 1)) for x, y in read if x < b and y >= a)
        for x, y in cuts:
            if x > a:
                out.append((a, x))
            a = max(a, y)
        if b > a:
            out.append((a, b))
    return out


def review_summaries(
    lines: list[str], first_row: int, last_row: int, read: list[tuple[int, int]] = ()
) -> list[tuple[str, int, int]]:
    """The sentences a plan prints summing up its review of the previous plan (:data:`SUMMARY`),
    read in :func:`summary_windows`, as ``(quote, first line, last line)`` in print order. The
    quote joins the sentence's words as printed (OCR spelling kept), without the words of
    another column printed between them; none printed: an empty list."""
    out = []
    for start, end in summary_windows(lines, first_row, last_row, read):
        text = "\n".join(lines[start - 1 : end - 1])
        for m in SUMMARY.finditer(text):
            spans = sorted((m.start(k), v) for k, v in m.groupdict().items() if v)
            quote = " ".join(" ".join(v.split()) for _s, v in spans)
            out.append((quote, start + text.count("\n", 0, m.start()), start + text.count("\n", 0, m.end())))
    return out


def title_partly_lost(title: str | None, others: list) -> bool:
    """Whether a reviewed action's title is partly lost: it starts mid-phrase (its first word in
    lowercase, or an OCR'd « l' » elision: :func:`~schemalab.extract.starts_lower`) while most
    of the review's ``others`` titles start with a capital, so its first line, with the
    action's label, was lost in conversion (« d'accueil cellectif, … », 62:2148, whose
    « Action 3: » line is missing). A review whose titles start in lowercase flags none; a title
    alone has no sibling to compare with and is not flagged."""
    if not isinstance(title, str) or not title.strip() or not starts_lower(title):
        return False
    siblings = [t for t in others if isinstance(t, str) and t.strip()]
    capital = sum(not starts_lower(t) and t.strip().lstrip("(«\"'")[:1].isupper() for t in siblings)
    return capital * 2 > len(siblings)


__all__ = ["REVIEW_HEADING", "REVIEW_LEAD_LINES", "SUMMARY", "review_summaries", "summary_windows", "title_partly_lost"]
