"""``schemalab new-department``: scaffold a sixth département without writing Python.

    schemalab new-department --code 99 --name Exemple --raw path/to/plan.txt

1. copies the plan text into data/raw/ as ``<code>_<slug>_<start>-<end>.txt`` (never
   editing it) and appends its manifest row (with sha256);
2. inspects it (:mod:`schemalab.inspect`) and writes a first configuration
   ``schemalab/parsers/config/<code>_<slug>.yml``: the best sheet-start candidate, the
   headings that recur about once per sheet mapped to a field by their words (the others
   listed as comments), and an anatomy to complete; lists it in ``config/index.yml``.
   When those headings are mostly the first cell of TSV rows, the draft uses
   ``layout: table`` with a first ``table:`` block (glyph ranks from ``<ul>`` nesting,
   kind markers, a semester Gantt when ``S1 S2`` rows exist, actor columns from the role
   headers of the pilots row) and skips running page headers;
   The draft ends with a ``checks:`` block for what a reader counts in the plan (the
   number of sheets first): the test of the configuration, in the configuration, run by
   ``--check``, ``build`` and ``make test`` (:mod:`schemalab.parsers.reader_checks`);
3. runs a first parse and prints what it found: sheets, headings mapped, headings seen and
   not mapped, warnings — so the user edits the YAML and reruns with immediate feedback
   (``schemalab new-department … --check`` reparses without rewriting anything).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from schemalab.extract import CONTENTS_END
from schemalab.inspect import HEADING_MARKUP
from schemalab.textio import fold

ROOT = Path(".")
_CODE = re.compile(r"^(\d{2}|2A|2B|97\d)$")

#: Words of a heading → the field it most likely is (first match wins).
FIELD_WORDS = [
    # a sheet's labels asked as questions (« Pourquoi ? », « Pour quoi faire ? », « Comment ? »,
    # « Qui pilote ? », « Avec qui ? », « Pour qui ? », « Combien ? », « Quand ? », « Comment
    # mesurer ? »): the longer question first
    (r"^comment (?:mesurer|[ée]valuer|saurons-nous)\b.*\?$", "indicators"),
    # … or in the first person with no question mark (« Comment nous saurons que ça marche »)
    (r"^comment nous (?:saurons|mesurerons|[ée]valuerons|verrons)\b", "indicators"),
    (r"^pour quoi faire\s*\?$|^pour quoi\s*\?$|^dans quel but\s*\?$", "objectives"),
    (r"^pourquoi(?: cette action| agir| ce projet)?\s*\?$", "context"),
    (r"^comment\s*\?$", "sub_actions"),
    # a sheet's steps announced in the first person (« Ce que nous allons faire. »)
    (r"^ce que nous (?:allons faire|ferons|faisons)\b", "sub_actions"),
    (r"^avec qui\s*\?$", "partners"),
    (r"^pour qui\s*\?$|^aupr[èe]s de qui\s*\?$", "targets"),
    (r"^combien\s*\?$|^avec quels moyens\s*\?$", "resources"),
    # a slide's box of several questions (« Qui ? Quand ? Combien ? »), its lines labelled
    # (« Pilote : … », « Budget : … », each read as its label's field)
    (r"^(?:(?:qui|quand|combien|avec qui|o[uù])\s*\?\s*){2,}$", "resources"),
    (r"^quand\s*\?$", "calendar"),
    # a label giving the sheet's title where its start line prints none (« | Intitulé | … | »)
    (r"^intitul[ée]s?(?: de l.action| de la fiche)?$|^titre de l.action$", "title"),
    (r"indicateurs? de r[ée]alisation", "indicators_realisation"),
    (r"indicateurs? de r[ée]sultats?", "results"),
    (r"indicateurs? d.impact", "indicators_impact"),
    (r"indicateur", "indicators"),
    # a sheet template's own words for its indicators (« Critères d'évaluation », « Évaluation »)
    (r"crit[èe]res? d.[ée]valuation|^[ée]valuation$|modalit[ée]s d.[ée]valuation", "indicators"),
    (r"co-?porteur", "partners"),
    (r"r[ée]sultats? attendus?", "results"),
    (r"pilot|porteur|responsable", "pilots"),
    (r"partenaire|acteurs?|contributeur|associ", "partners"),
    (r"calendrier|[ée]ch[ée]ancier|[ée]ch[ée]ance|phases|temporalit|planning", "calendar"),
    (r"moyens|ressources|budget|co[uû]t|financement", "resources"),
    (r"risque|vigilance", "risks"),
    (r"public|cible|b[ée]n[ée]ficiaire|territoire", "targets"),
    (r"contexte|constat|diagnostic|enjeu", "context"),
    (r"objectif|finalit", "objectives"),
    (
        r"modalit|d[ée]clinaison|mise en (œ|oe)uvre|actions? [àa] (engager|mener|conduire|mettre en (œ|oe)uvre)"
        r"|[ée]tapes|description"
        r"|d[ée]roul[ée]",  # « Déroulé de l'action », « Déroulement »
        "sub_actions",
    ),
]


#: A label in the words sheets print their fields under, and nothing else (« Pilotes »,
#: « Coût », « Budget / Coût / Financement », « Indicateurs d'impact »): a label of its own
#: even printed once (a plan names a field several ways; a site's « Marchés publics » link,
#: which a field word matches, is none).
STANDARD_LABEL = re.compile(
    r"(?i)^(?:(?:co-?pilotes?|pilotes?|pilote\(s\)|porteurs?|partenaires(?: associés| mobilisés)?"
    r"|objectifs?(?: opérationnels?| stratégiques?)?|objectif\(s\)|étapes(?: de mise en œuvre)?"
    r"|modalités(?: de mise en œuvre)?|mise en œuvre|actions? à (?:mener|conduire|engager|mettre en œuvre)"
    r"|calendrier(?: prévisionnel| de mise en œuvre)?|échéancier|coûts?(?: estimés?| total| global)?"
    r"|budget(?: prévisionnel)?|financements?|moyens|indicateurs(?: de suivi| d.évaluation"
    r"| de réalisation| de résultats?| d.impact)?|critères d.évaluation|évaluation|finalités?|temporalité"
    r"|contexte|constats?|public(?: visé| cible| concerné)?|points? de vigilance|risques?|résultats attendus)"
    r"(?:\s*/\s*(?=\S)|\s*$))+$"
)
#: A heading-like line (capitals, or a short label ending with a colon), for unknown headings:
#: it opens with a letter (« (CRIP) », an acronym wrapped under its name, is none) and a label
#: prints no digit (« S1 2026 : », a date opening a calendar item, is none).
HEADING_PATTERN = r"^(?:[A-ZÉÈÊÀÂÎÔÛÇŒ][A-ZÉÈÊÀÂÎÔÛÇŒ'() ]{5,}|[A-ZÉÈÀ][^:.;\d]{2,40} ?:)\s*$"
#: A contents line's end (dot leaders or a tab, then a page number): not an axis title.
_TOC_AXIS = r".*" + CONTENTS_END
#: An axis line: "Axe 2 : …", "ORIENTATION 3 – …", "Orientation 1 — …", "Engagement 1. …",
#: "AXE A – …" (a capital letter as the axis id, kept as printed).
AXIS_LINE = re.compile(
    r"^\W*(?P<word>Axe|AXE|Orientation|ORIENTATION|Engagement|ENGAGEMENT|Enjeu|ENJEU|Ambition|AMBITION|D[ée]fi|D[ÉE]FI)(?P<qual>\s+(?i:strat[ée]gique|prioritaire)s?)?"
    r"\s*(?P<n>\d+|(?<=\s)[IVX]{1,4}\b|(?<=\s)[A-Z]\b)\s*(?:[:.–—]|-{1,2})\s*\S"
)


#: A département name as it may reach generated code, YAML, CSV and notebooks: letters
#: (accents included), spaces, hyphens and apostrophes ("Côte-d'Or", "La Réunion").
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")


def sanitise_name(name: str) -> str:
    """``--name`` checked before it is written anywhere (generated test, YAML, manifest).

    Raises:
        ValueError: for anything but letters, spaces, hyphens and apostrophes (no quote,
            newline, ``$``, backslash or brace can reach generated files), or over 60 characters.
    """
    text = unicodedata.normalize("NFC", str(name)).strip()
    text = re.sub(r"[ \t]+", " ", text)
    if not text or len(text) > 60 or not _NAME.match(text):
        raise ValueError(
            f"--name {str(name)[:80]!r} is not a département name: letters, spaces, hyphens and apostrophes "
            "only (e.g. Côte-d'Or), at most 60 characters"
        )
    return text


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _list_table_headers(lines: list[str]) -> list[tuple[str, str, int]]:
    """``(label, field, count)`` for the header cells of the sheets' list tables (a pipe
    table's header row over its rule, ``Étape| Échéance| Responsable`` / ``---|---|---``):
    where one column is steps or indicators, it keeps its field, a date column under steps
    goes with them (each date schedules the step on its row), every other column is ignored
    (a step's « Responsable », an indicator's « Valeur de départ »)."""
    from schemalab.extract import _BARE_RULE, _PIPE_SEPARATOR, clean_inline

    counts: Counter = Counter()
    fields: dict[str, str] = {}

    def cells_of(text: str) -> list[str]:
        return [clean_inline(c, bullet=False).rstrip(" :") for c in text.strip().strip("|").split("|")]

    for k, (above, line) in enumerate(zip(lines, lines[1:], strict=False)):
        ruled = _PIPE_SEPARATOR.match(line.strip()) or _BARE_RULE.match(line)
        # or a table's first row of labels printed with no rule over rows of as many cells
        # (Jira's `|| Étape || Échéance ||`, a wiki's header row)
        first_row = (
            above.lstrip().startswith("|")
            and line.lstrip().startswith("|")
            and not (k and lines[k - 1].lstrip().startswith("|"))
            and len(cells_of(above)) == len(cells_of(line)) >= 2
            and all(c and len(c.split()) <= 4 and not re.search(r"\d", c) for c in cells_of(above))
        )
        if not ruled and not first_row:
            continue
        cells = cells_of(above)
        guessed = [
            (guess_field(c) or ("sub_actions" if re.fullmatch(r"(?i)[ée]tape|action", c) else None)) if c else None
            for c in cells
        ]
        lists = [f for f in guessed if f in ("sub_actions", "indicators")]
        if len(cells) < 2 or len(lists) != 1:
            continue
        for c, f in zip(cells, guessed, strict=True):
            if not c:
                continue
            if f not in ("sub_actions", "indicators"):
                f = "sub_actions" if lists[0] == "sub_actions" and f == "calendar" else "ignore"
            fields[c] = f
            counts[c] += 1
    return [(c, fields[c], n) for c, n in counts.items()]


def guess_field(heading: str) -> str | None:
    h = heading.lower()
    for pattern, fieldname in FIELD_WORDS:
        if re.search(pattern, h):
            return fieldname
    return None


def plan_period(lines: list[str]) -> tuple[int, int] | None:
    for line in lines[:80]:
        m = re.search(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", line)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


#: Glyphs that print inline lists in converted table cells.
LIST_GLYPHS = "➤↳→➔•▪◦✓►"


def table_layout(lines: list[str], headings: list[str]) -> bool:
    """True when the sheet headings are mostly printed as the first cell of TSV rows."""
    from schemalab.extract import clean_inline

    wanted = {h.lower() for h in headings}
    tsv = plain = 0
    for raw in lines:
        cell = raw.strip().split("\t")[0]
        if "\t" in raw.strip() and clean_inline(cell).rstrip(" :").lower() in wanted:
            tsv += 1
        elif _leading_label(raw) in wanted:
            # alone on its line, or in another markup: `**Label :** …`, `Label : …`,
            # `| Label | … |`, `<tr><td>Label</td>…` (a plan printed in several markups)
            plain += 1
    return tsv > plain


_LEADING_MARKUP = re.compile(r"^(?:\s|#+|\*\*|\||<tr>|<t[dh][^>]*>|<b>|<strong>)*")
_LABEL_END = re.compile(r"\s*(?::|\*\*|\||</|$)")


def _leading_label(raw: str) -> str:
    """The words a line starts with, up to ``:``, ``|``, ``**`` or a closing tag, markup
    before them left out (lower case): the label of a label | value line in any markup."""
    text = _LEADING_MARKUP.sub("", raw)
    m = _LABEL_END.search(text)
    return text[: m.start()].strip().lower() if m else ""


def glyph_ranks(lines: list[str]) -> dict[str, int]:
    """Each inline list glyph → its usual ``<ul>`` nesting depth (1 = first level).

    Depths are read in cells mixing several glyphs (a cell listing only ``•`` partners
    says nothing of the ``•`` rank under ``➤`` items); a glyph never mixed falls back on
    all its cells.
    """
    mixed: dict[str, Counter] = defaultdict(Counter)
    alone: dict[str, Counter] = defaultdict(Counter)
    for raw in lines:
        for cell in raw.split("\t"):
            if "<ul" not in cell:
                continue
            depth, seen = 0, []
            for tok in re.findall(rf"<ul\b|</ul>|[{LIST_GLYPHS}]", cell):
                if tok == "<ul":
                    depth += 1
                elif tok == "</ul>":
                    depth = max(depth - 1, 0)
                else:
                    seen.append((tok, max(depth, 1)))
            target = mixed if len({g for g, _ in seen}) > 1 else alone
            for g, d in seen:
                target[g][d] += 1
    ranks = {}
    for g in sorted(set(mixed) | set(alone), key=lambda g: -sum((mixed[g] + alone[g]).values())):
        ranks[g] = (mixed[g] or alone[g]).most_common(1)[0][0]
    return ranks


def _table_block(lines: list[str], mapped: dict[str, str]) -> list[str]:
    """A first ``table:`` block: glyph ranks, kind markers, a semester Gantt, actors."""
    from schemalab.extract import semester_row

    glyphs = glyph_ranks(lines)
    out = ["table:", "  glyphs: {" + ", ".join(f'"{g}": {r}' for g, r in glyphs.items()) + "}"]
    out.append("  label_in_next_cell: true   # a label shifted to cell 1 is read (warned)")
    text = "\n".join(lines)
    if "indicators" in mapped.values() and re.search(r"R[ée]alisation\s*:", text) and re.search(r"Impact\s*:", text):
        out.append(r"  kind_marker: '(?:<p[^>]*>\s*)?(Réalisation|Impact)\s*:\s*(?:</p>)?'")
    out.append("  sub_actions: {rank: 1}      # the lead text of first-level items")
    if "calendar" in mapped.values() and any(semester_row(raw.split("\t")) is not None for raw in lines):
        out.append("  gantt: {row: calendar, unit: semester, mark: X}")
    columns = _actor_columns(lines, [h for h, f in mapped.items() if f == "pilots"])
    if columns:
        out += ["  actors:                      # the pilots row holds pilots and partners by column"]
        out += [
            "    row: pilots",
            "    columns: {" + ", ".join(f"{f}: [{i}, {_yaml_str(h)}]" for f, i, h in columns) + "}",
        ]
        bullets = [g for g, _ in Counter(g for raw in lines for g in raw if g in "•▪◦").most_common(1)]
        if bullets:
            out.append(f'    item_glyph: "{bullets[0]}"')
    return out


def _actor_columns(lines: list[str], labels: list[str]) -> list[tuple[str, int, str]]:
    """(field, cell, header) of the role headers printed in the pilots label row."""
    from schemalab.extract import clean_inline

    wanted = {h.lower() for h in labels}
    for raw in lines:
        cells = raw.split("\t")
        if len(cells) < 3 or clean_inline(cells[0]).rstrip(" :").lower() not in wanted:
            continue
        out = []
        for i, cell in enumerate(cells[1:], start=1):
            head = clean_inline(cell)
            f = guess_field(head) if len(head) <= 30 else None
            if f in ("pilots", "partners") and f not in [x[0] for x in out]:
                out.append((f, i, head))
        if len(out) == 2:
            return out
    return []


def _yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _draft_head(code: str, name: str, source: str, title: str) -> list[str]:
    """The first lines of every draft: where it comes from, code, name, the anatomy's start."""
    return [
        f"# {name} ({code}): configuration written by `schemalab new-department` from {source}.",
        "# Edit it, then rerun `schemalab new-department --code … --check` to see the effect.",
        f'code: "{code}"',
        f"name: {_yaml_str(name)}",
        "anatomy: |",
        f"  {name} ({code}): {title}.",
        "",
        "  Anatomy of the document (complete it as you read the plan):",
    ]


def draft_config(code: str, name: str, text: str, source: str, *, lines_layout: bool = False) -> tuple[str, dict]:
    """A first YAML configuration for a plan, and what it was based on. Where most labels
    are TSV cells, the draft is ``layout: table``, unless the ``layout: lines`` draft
    (``lines_layout``: TSV ``label<TAB>value`` rows read among the plan's other markups)
    reads more of the plan: more sheets, then more rows (a Word document walked by
    python-docx prints some sheets as tables, others as ``Label : value`` paragraphs)."""
    from schemalab.extract import clean_inline, read_lines
    from schemalab.inspect import inspect_text, sheet_starts
    from schemalab.parsers.base import heading_key

    lines = read_lines(text, source)
    rep = inspect_text(text, source)
    best = rep.best
    tables = action_tables(lines)
    if tables and (best is None or sum(len(t["rows"]) for t in tables) > len(best.lines)):
        return draft_rows_config(code, name, lines, source, tables)
    if best is None:
        raise ValueError(
            f"{source}: no candidate sheet start found (no 'Fiche action N', 'N. Title' …); write sheet_start by "
            "hand, or, when the actions are printed as the rows of tables (one row per action), configure "
            "`layout: rows` (README, 'Actions printed as table rows')"
        )
    # sheets started in several shapes ("ACTION N°1 : …", "Orientation 2 / Action 4"
    # with the title below): one regex for all of them
    combined, families = sheet_starts(rep)
    start_lines = sorted(n for c in families for n in c.lines)
    workbook = _worksheet_starts(lines)
    if workbook is not None and len(workbook[1]) > len(start_lines):
        start_lines = workbook[1]  # one worksheet a sheet, whatever shape its form prints
    else:
        workbook = None
    n_sheets = len(start_lines)
    title = plan_title(lines, name)
    mapped, unmapped = {}, []
    # A table label is repeated on each continuation page of its sheet: allow more.
    most = 3 if table_layout(lines, [h for h, _ in rep.headings]) else 1.5
    for heading, count in rep.headings:
        f = guess_field(heading)
        if 0.5 * n_sheets <= count <= most * n_sheets:
            (mapped.__setitem__(heading, f) if f and f not in mapped.values() else unmapped.append(heading))
    # a plan printed in several markups names a field several ways ("Pilote(s)",
    # "PILOTE", "**Pilote :**"): a variant seen on a few sheets is an alias of its field
    for heading, count in rep.headings:
        f = guess_field(heading)
        # a title label is printed only by the sheets whose start line prints no title
        if (
            heading not in mapped
            and f
            and (2 <= count or heading in rep.underlined or f == "title" or STANDARD_LABEL.match(heading))
            and count <= most * n_sheets
        ):
            mapped[heading] = f
            if heading in unmapped:
                unmapped.remove(heading)
    for heading, f in _wrapped_headings(lines):
        if heading not in mapped and f:
            mapped[heading] = f
    for heading, f, count in _list_table_headers(lines):
        if heading not in mapped and count >= 0.5 * n_sheets:
            mapped[heading] = f
    # the partners named in the pilot's sentence after a semicolon (« Pilote : DEF ;
    # partenaires : CAF, MSA »), a label no line opens with in capitals
    run_in = Counter(
        m.group(1).lower() for t in lines for m in re.finditer(r"(?i)(?:^|;\s*)(partenaires?(?: associés)?)\s*:", t)
    )
    if "pilots" in mapped.values() and "partners" not in mapped.values() and sum(run_in.values()) >= 2:
        mapped[run_in.most_common(1)[0][0].capitalize()] = "partners"
    # labels opening a column's lines beside other columns (a slide's boxes side by side:
    # « … femmes de PMI      Pilote : Direction … »), a standard label on half the sheets
    beside = Counter(
        m.group(1) for t in lines for m in re.finditer(r"\S\s{3,}([A-ZÉ][^\W\d_][\w'’ ]{1,28}?)\s?:\s+\S", t)
    )
    for label, count in beside.items():
        f = guess_field(label)
        if f and label not in mapped and count >= 0.5 * n_sheets and STANDARD_LABEL.match(label):
            mapped[label] = f
    table = table_layout(lines, list(mapped)) and not lines_layout
    # labels printed with their value and no colon (`Pilote Direction …`): mapped too
    bare = {} if table else bare_label_lines(lines, start_lines, mapped)
    known = {heading_key(h) for h in mapped}
    mapped.update({h: f for h, f in bare.items() if heading_key(h) not in known})
    sheet_start = best.regex
    first = clean_inline(lines[best.lines[0] - 1], bullet=False)
    if workbook is not None:
        sheet_start = workbook[0]
    elif combined:
        sheet_start = combined
    elif table and re.match(sheet_start, first) and first[re.match(sheet_start, first).end() :].strip():
        sheet_start = re.sub(r"\\s$", "", sheet_start) + r"\s*(?P<title>\S.*)$"  # title on the start line
    elif not table and _titles_on_start_lines(sheet_start, [lines[n - 1] for n in best.lines]):
        # "MESURE 1.1 – Créer …": the title follows the number on the start line
        sheet_start += r"\s*[–—:.-]?\s*(?P<title>\S.*?)\s*$"
    elif (
        not table
        and "(?P<title>" not in sheet_start
        and _titles_on_start_lines(sheet_start, [lines[n - 1] for n in best.lines], every=False)
    ):
        # "FICHE 1.1 — Title" on some sheets, "FICHE 1.3" with the title below on others:
        # a title group that always takes part, empty where the title is on the next line
        sheet_start = with_title_group(sheet_start)
    out = [
        *_draft_head(code, name, source, title),
        "  - sheets start at lines like "
        + " or ".join(
            repr(lines[n - 1].strip()[:70]) for n in ([start_lines[0]] if workbook else [c.lines[0] for c in families])
        )
        + f" ({n_sheets} found);",
        "  - headings inside a sheet: " + ", ".join(mapped) + ";",
        "  - traps: …",
        f"detect: {_yaml_str(_detect_regex(title, lines))}",
        *(["layout: table   # sheets are tables: TSV rows, the label in cell 0"] if table else []),
        *_title_block(lines),
        f"sheet_start: {_yaml_str(sheet_start)}",
        *_sheets_end(lines, start_lines[-1]),
        *([] if table else _chrome_boundaries(lines, start_lines)),
        *(["sheet_start_confirm: true   # a start counts when a field row follows"] if table else []),
        "headings:",
    ]
    out += [f"  {_yaml_str(h)}: {f}" for h, f in mapped.items()]
    if not mapped:
        out[-1] = "headings: {}   # none recognised: map the headings listed below to fields"
    if unmapped:
        out.append("  # seen about once per sheet, not mapped (map them to a field or to `ignore`):")
        out += [f"  # {_yaml_str(h)}: ignore" for h in unmapped]
    field_counts: Counter = Counter()
    for heading, count in rep.headings:
        if heading in mapped:
            field_counts[mapped[heading]] += count
    expected = [f for f in dict.fromkeys(mapped.values()) if field_counts[f] >= 0.75 * n_sheets]
    out += [
        f"expected_fields: [{', '.join(expected)}]   # printed on (about) every sheet",
        f"heading_pattern: {_yaml_str(HEADING_PATTERN)}",
    ]
    if bare:
        out.append("bare_labels: true   # labels printed with their value on one line, no colon: " + ", ".join(bare))
    joined = joined_cell_lines(lines, start_lines, mapped)
    if joined:
        out.append(
            "joined_cells: true   # table cells run their paragraphs together with a space, e.g. l."
            + ", l.".join(str(n) for n in joined[:3])
        )
    if not table and sum(1 for t in lines if re.search(r"\S\s+;\s+\S", t) and re.match(r"^[^:]{2,60}:\s*\S", t)) >= 2:
        out.append("split_items: '\\s+;\\s+'   # inline values list several items: 'CAF ; MSA'")
    # pdftotext's form feeds (which the lines read no longer hold): where each page starts
    breaks = {n for n, t in enumerate(text.split("\n")) if "\f" in t}
    footers = [] if table else _page_lines(lines, sheet_start, breaks)
    above = [c.above for c in families if c.above]
    if footers or above:
        out.append("skip:   # running page headers/footers (they repeat with a page number)")
        out += ["  - " + _yaml_str(f) for f in footers]
        out += [f"  - {_yaml_str(a)}   # the word printed above each sheet's number" for a in dict.fromkeys(above)]
    if table:
        # Running page headers: lines alone (no cell) repeated more often than sheets.
        alone = Counter(t.strip() for t in lines if t.strip() and "\t" not in t.strip())
        headers = [t for t, c in alone.most_common() if c >= 1.5 * n_sheets and t not in mapped and len(t) <= 60]
        if headers:
            out.append("skip:   # repeated more often than sheets: running page headers")
            out += ["  - " + _yaml_str(_whole_line(t)) for t in headers]
    # the axis word in any case (contents "Orientation 1", body "ORIENTATION 1"), printed
    # alone or as a markdown heading / bold: not a list item nor a contents line
    axes_block = _axes_block(lines)
    out += axes_block
    if table:
        out += _table_block(lines, mapped)
    out += [
        "plan_money: outside_sheets   # the amounts printed before the first sheet and after the last (pilotage, annexes)"
    ]
    # the review after the sheets, else one printed before them (a section before the
    # first sheet ends there at the latest)
    review_block = _review_block(lines, start_lines[-1]) or _review_block(lines[: start_lines[0] - 1], 0)
    out += review_block
    youth_block = _youth_block(lines, start_lines[-1])
    out += youth_block
    out += CHECKS_BLOCK
    draft = "\n".join(out)
    # the draft is parsed before it is written: a sheet_start whose titles the parser
    # cannot find ("a title for sheet 1.1") gets the title group, never a failing draft
    error = _draft_error(draft, text, source)
    if error is not None and "(?P<title>" not in sheet_start and "a title for sheet" in str(error):
        fixed = draft.replace(
            f"sheet_start: {_yaml_str(sheet_start)}", f"sheet_start: {_yaml_str(with_title_group(sheet_start))}"
        )
        if _draft_error(fixed, text, source) is None:
            draft, error = fixed, None
    if error is not None:
        blocks = {"review": review_block, "youth_recommendations": youth_block, "axes": axes_block}
        draft, error = _drop_failing_blocks(draft, text, source, error, blocks)
    info = {"candidate": best, "mapped": mapped, "unmapped": unmapped, "title": title, "error": error}
    if table:
        other, other_info = draft_config(code, name, text, source, lines_layout=True)
        if _draft_reading(other, text, source) > _draft_reading(draft, text, source):
            return other, other_info
    return draft, info


def _draft_reading(draft: str, text: str, source: str) -> tuple[int, int]:
    """How much of ``text`` the YAML ``draft`` reads: (sheets, rows of the sheets' tables);
    (-1, 0) when it does not parse."""
    import tempfile

    from schemalab.parsers.configurable import load_config_parser

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yml"
        path.write_text(draft, encoding="utf-8")
        try:
            res = load_config_parser(path)().parse(text, source, strict=False)
        except Exception:
            return (-1, 0)
    tables = ("action_actors", "indicators", "sub_actions", "calendar", "budget_lines")
    return len(res.tables.get("actions", [])), sum(len(res.tables.get(t, [])) for t in tables)


#: A line opening with a one-word label and its value, no colon (``Pilote Direction …``).
_BARE_LABEL = re.compile(
    r"^(?P<label>[A-ZÉÈÊÀÂÎÔÛÇ][\wéèêàâîôûçœ’'()-]{3,}) {1,2}(?P<value>[A-ZÉÈÊÀÂÎÔÛÇŒ0-9\[«(\"“].*)$"
)
#: The one-word labels a sheet prints (folded): a bare label is one of them or a mapped one.
_LABEL_WORDS = re.compile(
    r"(?:CO)?PILOTES?|PORTEURS?|PARTENAIRES|OBJECTIFS?|ETAPES|CALENDRIER|ECHEANCIER|ECHEANCES?|COUTS?|BUDGET|FINANCEMENTS?"
    r"|MOYENS|INDICATEURS|MODALITES"
)


def joined_cell_lines(lines: list[str], start_lines: list[int], mapped: dict[str, str]) -> list[int]:
    """Lines of pipe label | value rows whose value runs two paragraphs or more together
    with a space (``| Objectifs | Repérer … pendant la grossesse Sécuriser le retour … |``,
    :func:`schemalab.parsers.configurable.joined_items`), when two sheets or more print
    some and no pipe cell of the plan separates its items with ``<br>`` (a converter that
    keeps line breaks joins nothing): proposed as ``joined_cells: true``. Pilots and
    partners are left out (a name holds capitals)."""
    from schemalab.extract import clean_inline
    from schemalab.parsers.base import heading_key
    from schemalab.parsers.configurable import joined_items, pipe_cells

    if any("|" in t and re.search(r"<br\s*/?>", t, re.I) for t in lines):
        return []
    keys = {heading_key(h): f for h, f in mapped.items()}
    ends = [*start_lines[1:], len(lines) + 1]
    found, sheets = [], 0
    for start, end in zip(start_lines, ends, strict=True):
        here = []
        for n in range(start, end - 1):
            cells = pipe_cells(lines[n]) if lines[n].lstrip().startswith("|") else []
            if len(cells) != 2 or keys.get(heading_key(cells[0])) in (None, "pilots", "partners", "title"):
                continue
            if len(joined_items(clean_inline(cells[1], bullet=False))) > 1:
                here.append(n + 1)
        sheets += bool(here)
        found += here
    return found if sheets >= 2 else []


def bare_label_lines(lines: list[str], start_lines: list[int], mapped: dict[str, str]) -> dict[str, str]:
    """Labels printed before their value on one line with no colon (a table that
    ``lynx -dump`` or ``w3m -dump`` could not align: ``Pilote Direction …``,
    ``Indicateurs Nombre …``), label → field: proposed as ``bare_labels: true`` when two
    sheets or more each open two lines or more so with different labels (one such line
    is as likely a wrapped sentence starting with the word). A label is a mapped heading
    or one of the one-word labels of a sheet (:data:`_LABEL_WORDS`), one or two spaces
    before its value (three or more are label | value columns, read as such); a line with
    a colon near its start is an inline ``Label : value``, a line in capitals a heading
    alone, neither counted."""
    from schemalab.parsers.base import heading_key

    keys = {heading_key(h): f for h, f in mapped.items()}
    ends = [*start_lines[1:], len(lines) + 1]
    found: dict[str, str] = {}
    sheets = 0
    for start, end in zip(start_lines, ends, strict=True):
        here: dict[str, str] = {}
        for text in lines[start : end - 1]:
            t = text.strip()
            m = _BARE_LABEL.match(t)
            if m is None or ":" in t[: m.end("label") + 3]:
                continue
            label, key = m.group("label"), heading_key(m.group("label"))
            if heading_key(t) in keys or not re.search(r"[a-zé]|\d", m.group("value")):
                continue  # a heading alone ("MODALITÉS DE MISE EN ŒUVRE"), not a value (a date is one)
            field = keys.get(key) or (guess_field(label) if _LABEL_WORDS.fullmatch(key) else None)
            if field:
                here.setdefault(label, field)
        if len(set(here.values())) >= 2:
            sheets += 1
            for label, field in here.items():
                found.setdefault(label, field)
    return found if sheets >= 2 else {}


#: The title after the number on a start line: after ` — `, ` – `, ` : `, ` - `, a tab or
#: spaces; empty (the title is on the next line) when the line ends at the number.
TITLE_AFTER_START = r"(?:\s*[–—:-]\s+|\t+|\s+)?(?P<title>.*?)\s*$"


def _title_line(lines: list[str], name: str) -> str:
    """The line giving the plan's title (:func:`plan_title` reads it with the lines it
    wraps onto): of the first 60 lines naming the schéma, the first that starts with the
    word (a breadcrumb above a web page's title names it too: ``Accueil > … > Schéma
    2025-2029``, or a numbered list `` 4. Schéma …`` whose number is no bullet here), else
    the first naming it, else the first line. A line printed three times or more (a
    running header: « Schéma … 2027-2031 Département des … » on every page) comes after
    the others: the cover's own line names the plan alone; so does a line whose title is
    the word alone (« SCHÉMA » above the cover's full title)."""
    found = _title_found(lines)
    return lines[found[0]] if found else name


def _title_text(line: str) -> str:
    """A title line's words: :func:`_clean_title`, a pipe row's non-empty cells joined (a
    workbook's cover cell: ``| Schéma départemental … | NaN |``), a web page's title
    without the site's name after its bar (« Schéma … 2026-2030 | Département des … »)."""
    if line.lstrip().startswith("|"):
        from schemalab.parsers.configurable import pipe_cells

        return " ".join(c for c in (_clean_title(c) for c in pipe_cells(line)) if c)
    return re.sub(r"\s+\|\s+(?:(?:Le\s+)?D[ée]partement|Conseil\s+d[ée]partemental)\b.*$", "", _clean_title(line))


def _title_found(lines: list[str]) -> tuple[int, str, bool, list[str]] | None:
    """(index, title, repeated, wrapped) of :func:`_title_line`'s line, :func:`plan_title`'s
    title and the lines it wraps onto; None when ``lines`` has no line at all."""
    counts = Counter(t.strip() for t in lines if t.strip())
    named = [i for i, t in enumerate(lines[:60]) if re.search(r"sch[ée]ma", t, re.I) and _title_text(t)]
    lead = [i for i in named if re.match(r"(?i)^\W*(?:(?:le|la|les)\s+)?sch[ée]mas?\b", _title_text(lines[i]))]
    once = [i for i in named if counts[lines[i].strip()] < 3]
    # a sentence naming the schéma (« Le schéma 2026-2030 répond à ces constats … pages
    # suivantes. ») or a list item (« - 7,8 M€ de moyens nouveaux pour le schéma … ») is no
    # title: it comes after every other line naming it
    prose = {i for i in named if _no_title(lines[i])}
    # a line naming the schéma printed once, with its period on it or just below, first;
    # then one with its period printed on every web page (« Schéma départemental … 2026-2030 »
    # as each page's surtitle), before a heading without one (« Le schéma en chiffres »)
    lead_once = [i for i in lead if i in once]
    dated_once = [i for i in lead_once if _PERIOD_IN.search(_title_from(lines, i, False)[0])]
    dated = [i for i in lead if _PERIOD_IN.search(_title_text(lines[i]))]
    order = dated_once + dated + lead_once + once + lead + named
    order = [i for i in order if i not in prose] + [i for i in order if i in prose]
    first = next((i for i, t in enumerate(lines) if t.strip()), None)
    candidates = list(dict.fromkeys(order)) or ([first] if first is not None else [])
    if not candidates:
        return None
    built = ((i, *_title_from(lines, i, counts[lines[i].strip()] >= 3)) for i in candidates)
    first_built = next(built)
    if len(first_built[1].split()) >= 2:
        return first_built
    return next((b for b in built if len(b[1].split()) >= 2), first_built)


def _no_title(line: str) -> bool:
    """A line naming the schéma that is no title: a list item (« - 7,8 M€ … pour le schéma
    2026-2030 »), a table row of two cells or more, or a sentence (ten words or more ending on a full stop or a colon, or
    twenty-five words or more)."""
    from schemalab.parsers.base import LIST_MARKER

    text = _title_text(line).rstrip()
    if LIST_MARKER.match(line.strip()) and not re.match(r"^\d", line.strip()):
        return True  # a numbered line may be a chapter (« 1. Le schéma … »): a bullet only
    if line.lstrip().startswith("|"):
        from schemalab.parsers.configurable import pipe_cells

        if sum(1 for c in pipe_cells(line) if _clean_title(c) and _clean_title(c) != "NaN") >= 2:
            return True  # a table row (« | Coût / Financement | 1,2 M€ sur la durée du schéma … | »)
    words = len(text.split())
    return words >= 25 or (words >= 10 and text.endswith((".", ":", ";", "!", "?")) and not text.endswith(".."))


def _title_from(lines: list[str], i: int, repeated: bool) -> tuple[str, bool, list[str]]:
    """The title :func:`plan_title` reads from line ``i``, whether that line is a running
    header, and the texts of the lines it wraps onto."""
    title = _title_text(lines[i])
    wrapped: list[str] = []
    j = i + 1
    while not repeated and j < len(lines) and j - i <= 4 and len(title) < 200:
        # a blank line between a cover's title lines (a designed PDF's text in layout mode:
        # « Schéma départemental de prévention » / « » / « et de protection de l'enfance »)
        k = j + 1 if not lines[j].strip() and j + 1 < len(lines) else j
        nxt = _title_text(lines[k])
        if not nxt or not _TITLE_GOES_ON.match(nxt):
            break
        # « Schéma départemental enfance- » / « famille »: a word cut at its hyphen
        title, j = (f"{title}{nxt}" if title.endswith("-") else f"{title} {nxt}"), k + 1
        wrapped.append(nxt)
    period = _PERIOD_IN.search(title)
    if period is None and not repeated:
        below = next((_title_text(t) for t in lines[j : j + 4] if _title_text(t)), "")
        m = _PERIOD_ALONE.match(below)
        if m:
            title = f"{title} {m.group(1)}-{m.group(2)}"
    elif period is not None and repeated:
        title = title[: period.end()]
    return re.sub(r"\s+", " ", title).strip(), repeated, wrapped


#: A title's next line that goes on with it: it opens in lower case or on a word that
#: joins (« enfance-famille », « de l'enfance et de la famille », « en Haute-Garonne »).
_TITLE_GOES_ON = re.compile(r"^(?:[a-zàâçéèêëîïôöûùü(]|(?:de|du|des|d['’]|et|en|pour|à|aux?)\b)")
#: A period printed alone on its line (« 2027-2031 », « 2026 – 2031 »).
_PERIOD_ALONE = re.compile(r"^\W*((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)\d\d)\W*$")
_PERIOD_IN = re.compile(r"\b(?:19|20)\d\d\s*(?:[-–—/]|à|au)\s*(?:19|20)\d\d\b")


def plan_title(lines: list[str], name: str = "") -> str:
    """The plan's title as a reader writes it in the manifest: :func:`_title_line`,
    cleaned, with the lines it wraps onto (« Schéma départemental » / « enfance-famille »,
    ``**Schéma**`` / ``**départemental**`` / … / « en Haute-Garonne », two ``#`` heading
    lines) and the period printed alone under it (« 2027-2031 », blank lines between
    allowed). A running header taken as the title (no cover line names the schéma) ends at
    its period: what follows is the publisher or the page (« … 2027-2031 Département des … »)."""
    found = _title_found(lines)
    return found[1] if found else name


def with_title_group(sheet_start: str) -> str:
    """``sheet_start`` with a title group that always takes part (:data:`TITLE_AFTER_START`)."""
    base = re.sub(r"(?:\\s\*)?\$$", "", sheet_start)
    return base + TITLE_AFTER_START


def _drop_failing_blocks(
    draft: str, text: str, source: str, error: Exception, blocks: dict[str, list[str]]
) -> tuple[str, Exception | None]:
    """A draft that does not parse with a proposed optional block (review, axes): the
    block is commented out, with the error it caused, so that the draft written always
    parses when the rest does (each block alone first, then all of them)."""
    present = {k: b for k, b in blocks.items() if b}

    def without(names) -> str:
        out = draft
        for k in names:
            lines = present[k]
            why = str(error).replace("\n", " ")
            commented = [f"# `{k}` dropped by the scaffold: the draft did not parse with it ({why}):"]
            commented += ["# " + t for t in lines]
            out = out.replace("\n".join(lines), "\n".join(commented), 1)
        return out

    for names in [[k] for k in present] + ([list(present)] if len(present) > 1 else []):
        fixed = without(names)
        if _draft_error(fixed, text, source) is None:
            return fixed, None
    return draft, error


def build_refusal(res, source: str) -> Exception | None:
    """What ``build`` refuses in a parse that raised nothing: an incomplete plan (sheets
    the plan announces and the parse lacks), tables the schema rejects; else None."""
    from schemalab.extract import ParseError
    from schemalab.io import schema_problems

    incomplete = getattr(res, "incomplete", [])
    if incomplete:
        return ParseError(source, None, f"incomplete plan: {'; '.join(incomplete)}")
    problems = schema_problems(res.tables)
    if problems:
        return ParseError(source, None, f"tables refused by the schema: {'; '.join(problems)}")
    return None


def _draft_error(draft: str, text: str, source: str) -> Exception | None:
    """The error the configured parser raises on ``text`` with the YAML ``draft``, or
    what ``build`` would refuse in its result (:func:`build_refusal`), or None: the same
    check as ``build``'s."""
    import tempfile

    from schemalab.extract import ParseError
    from schemalab.parsers.configurable import ConfigError, load_config_parser

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.yml"
        path.write_text(draft, encoding="utf-8")
        try:
            res = load_config_parser(path)().parse(text, source, strict=False)
        except (ConfigError, ParseError) as exc:
            return exc
        except Exception as exc:  # a parser bug: reported as the draft's error, never a traceback
            return ParseError(
                source, None, f"internal error of the parser ({type(exc).__name__}: {exc}); please report it"
            )
    return build_refusal(res, source)


#: Header words of a review table's columns.
_REVIEW_STATUS_HEAD = re.compile(r"(?i)^(?:é|e)tat|statut|r[ée]alis|avancement|bilan|o[uù] en (?:est|sommes)")
_REVIEW_REF_HEAD = re.compile(r"(?i)^(?:n°|no\b|num|r[ée]f|fiche|action)")
#: Usual status words of French plan reviews → review_status (first match wins).
REVIEW_STATUS_WORDS = {
    "non_realise": r"(?i)^(?:non (?:r[ée]alis|atteint|engag|d[ée]marr|commenc)|pas (?:r[ée]alis|engag|d[ée]marr|commenc)|abandonn)",
    "partiel": r"(?i)partiel|en partie",
    "en_cours": r"(?i)en cours",
    # alone in its cell, or opening it before its comment (« Réalisé. 14 places ouvertes … »)
    "realise": r"(?i)^(?:r[ée]alis[ée]e?s?|atteints?e?s?|fait|termin[ée]e?s?)(?:$|\s*[.:;,(]|\s[–—-]\s)",
}


#: Column labels of an action table that are not sheet fields: its number, its title.
_ID_LABEL = re.compile(r"(?i)^(?:n°|no|n°\s*action|num[ée]ro|r[ée]f\.?|r[ée]f[ée]rence|fiche|#)$")
_TITLE_LABEL = re.compile(r"(?i)^(?:actions?|intitul[ée]|intitul[ée] de l.action|libell[ée]|mesures?|fiche action)\b")
_AXIS_LABEL = re.compile(r"(?i)^(?:orientations?|axes?|enjeux?|priorit[ée]s?)(?: strat[ée]giques?)?$")
#: A number printed at the start of an action's title cell ("1.1 Développer …", "A2 – …").
_NUMBERED_TITLE = r"^(?P<id>(?:[A-Z]\d{1,2}|\d{1,2}(?:\.\d{1,2})*))(?:\s*[–—:-]\s*|\.?\s+)(?P<title>\S.+)$"
#: The number printed at the start of an action table's title cell ("1.2 Ouvrir …",
#: "n°9 – Proposer …", "Action 3 : …").
_TITLE_NUMBER = r"^(?:(?:[nN]°|Action)\s*)?" + _NUMBERED_TITLE[1:]


def column_field(label: str) -> str | None:
    """The field an action table's column label names: ``id``, ``axis``, ``title``, a
    sheet field (:func:`guess_field`) or None."""
    if _ID_LABEL.match(label):
        return "id"
    if _AXIS_LABEL.match(label):
        return "axis"
    return guess_field(label) or ("title" if _TITLE_LABEL.match(label) else None)


#: A workbook's worksheet as xlsx2csv ``-a`` prints its start, named by a sheet's number
#: (« -------- 3 - Fiche 1.2 », « -------- 7 - Action 5 »).
_WORKSHEET_START = re.compile(r"^-{8} \d+ - (?P<word>[^\W\d][^\d]{0,30}?)\s*(?P<id>\d+(?:\.\d+){0,2})\s*$")


def _worksheet_starts(lines: list[str]) -> tuple[str, list[int]] | None:
    """``(sheet_start, lines)`` when a workbook prints one worksheet per action sheet, each
    named by the sheet's number after one word (three or more, distinct numbers): the
    worksheet's start is the sheet's, whichever form the worksheet prints below it."""
    found = [(n, m) for n, t in enumerate(lines, start=1) if (m := _WORKSHEET_START.match(t.strip()))]
    words = Counter(m.group("word").strip() for _, m in found)
    if not words:
        return None
    word, count = words.most_common(1)[0]
    picked = [(n, m) for n, m in found if m.group("word").strip() == word]
    if count < 3 or len({m.group("id") for _, m in picked}) != count:
        return None
    return rf"^-{{8}} \d+ - {re.escape(word)}\s*(?P<id>\d+(?:\.\d+){{0,2}})\s*$", [n for n, _ in picked]


def action_tables(lines: list[str]) -> list[dict]:
    """Tables whose rows are actions: a header row (any markup) of three labels or more
    naming fields, more than half of its cells, a title column among them, and at least
    two rows under it before the next header row (a header of another table, other
    markup, ends it). One dict per table: ``header`` (line), ``labels`` (label → field),
    ``unmapped`` (labels no field word names), ``rows`` (lines), ``titles`` (the title
    cells), ``markup``."""
    from schemalab.extract import clean_inline, grid_rows

    out: list[dict] = []
    current = None
    for row in grid_rows(list(enumerate(_spaced_tables(lines), start=1))):
        cells = [clean_inline(c, bullet=False).rstrip(" :") for c in row.cells]
        fields = [column_field(c) if c else None for c in cells]
        known = [f for f in fields if f]
        # a table of actions names what each does (who, when, how measured): a table of the
        # axes' titles and budgets (« Axe | Intitulé de l'axe | Fiches actions | Budget ») is none
        does = set(known) & {"pilots", "partners", "calendar", "indicators", "sub_actions", "targets", "objectives"}
        if len(known) >= 3 and 2 * len(known) > len(cells) and "title" in known and does:
            current = {"header": row.line, "labels": {}, "rows": [], "titles": [], "title_at": fields.index("title")}
            current["labels"] = {c: f for c, f in zip(cells, fields, strict=True) if f}
            current["markup"] = row.markup
            current["unmapped"] = [c for c, f in zip(cells, fields, strict=True) if c and not f]
            out.append(current)
        elif current is not None and (
            row.header
            or row.markup != current["markup"]
            or (row.markup == "pipe" and _text_between(lines, (current["rows"] or [current["header"]])[-1], row.line))
        ):
            # another table (its own header, other markup, text printed between): the review, an annex
            current = None
        elif current is not None and any(cells):
            if sum(1 for c in cells if c) == 1 and any(AXIS_LINE.match(c) for c in cells if c):
                continue  # an axis row inside the table, not an action
            current["rows"].append(row.line)
            k = current["title_at"]
            current["titles"].append(cells[k] if k < len(cells) else "")
    # a plan of action tables has one of two rows or more; then every table with a header
    # of labels counts, however few its rows (an orientation of one action)
    if not any(len(t["rows"]) >= 2 for t in out) or sum(len(t["rows"]) for t in out) < 3:
        return []
    return [t for t in out if t["rows"]]


def _text_between(lines: list[str], above: int, below: int) -> bool:
    """A line of text (no table row) printed between two rows (1-based lines): the rows are
    two tables (« Légende : 🟢 réalisée … » above a review table)."""
    return any(t.strip() and not t.lstrip().startswith("|") for t in lines[above : below - 1])


def _spaced_tables(lines: list[str]) -> list[str]:
    """``lines`` with each table aligned with spaces written as TSV rows, as ``layout: rows``
    reads one (:func:`~schemalab.extract.spaced_tables_as_tsv`): its header a line of four runs
    or more, most of them column labels and a title among them (``N°    Action    Objectifs
    Pilote(s) …``), an axis row an axis line (:data:`AXIS_LINE`)."""
    from schemalab.extract import SPACE_CELL, spaced_tables_as_tsv

    def header(text: str):
        runs = [(m.start(), m.group()) for m in SPACE_CELL.finditer(text)]
        fields = [column_field(r) for _, r in runs]
        known = sum(1 for f in fields if f)
        return runs if len(runs) >= 4 and known >= 3 and 2 * known > len(runs) and "title" in fields else None

    return spaced_tables_as_tsv(lines, header, lambda text: AXIS_LINE.match(text) is not None)


def draft_rows_config(code: str, name: str, lines: list[str], source: str, tables: list[dict]) -> tuple[str, dict]:
    """A first configuration for a plan whose actions are the rows of tables (``layout:
    rows``): the column labels of every action table, the line above the first table as
    ``rows.start``, the first annex heading after the last as ``rows.end``, ``rows.id``
    when a table prints its numbers in the title cell, axes, split rules, the review."""
    from schemalab.extract import clean_inline

    title = plan_title(lines, name)
    first = tables[0]["header"]
    found = _start_above(lines, first)
    above = lines[found - 1].strip() if found else ""
    last = max(n for t in tables for n in t["rows"])
    end = _sheets_end(lines, last)
    heading = re.match(r"#{1,6}\s", above)
    if not end and heading:
        # the tables open under a markdown heading (a workbook's sheet name, markitdown): the
        # next heading of that level or above ends them
        level = len(heading.group(0).strip())
        nxt = next((t for t in lines[last:] if re.match(rf"#{{1,{level}}}\s", t)), None)
        if nxt is not None:
            end = [f"end: {_yaml_str('^#{1,' + str(level) + '} ')}"]  # the form of _sheets_end's line
    mapped: dict[str, str] = {}
    for t in tables:
        mapped.update(t["labels"])
    numbered = [t for t in tables if "id" not in t["labels"].values()]
    # the number printed in the title cell of most rows of a table without a number
    # column (the others: a title wrapped onto a continuation row); a table printing
    # none is then numbered in print order
    with_numbers = any(
        2 * sum(1 for x in t["titles"] if re.match(_TITLE_NUMBER, x)) > sum(1 for x in t["titles"] if x)
        for t in numbered
    )
    cells = [clean_inline(lines[n - 1]) for t in tables for n in t["rows"]]
    splits = [p for p, w in ((r"\s+;\s+", " ; "), (r"\s*•\s+", "• ")) if sum(w in c for c in cells) >= 2]
    n_rows = sum(len(t["rows"]) for t in tables)
    start = "^" + _literal(above) + r"\s*$"
    out = [
        *_draft_head(code, name, source, title),
        f"  - the actions are the rows of {len(tables)} table(s) (about {n_rows} rows), header rows at lines "
        + ", ".join(str(t["header"]) for t in tables)
        + ";",
        "  - traps: …",
        f"detect: {_yaml_str(_detect_regex(title, lines))}",
        *_title_block(lines),
        "layout: rows   # one table row per action (README, 'Actions printed as table rows')",
        "rows:",
        f"  start: {_yaml_str(start)}   # the heading (else the line) above the first action table",
    ]
    if end:
        out.append("  end: " + end[0].split(": ", 1)[1].split("   #")[0])
    if with_numbers:
        out.append(f"  id: {_yaml_str(_TITLE_NUMBER)}   # the number printed in the title cell")
    out.append("headings:   # the column labels of the action tables")
    out += [f"  {_yaml_str(h)}: {f}" for h, f in mapped.items()]
    unmapped = dict.fromkeys(c for t in tables for c in t["unmapped"] if c not in mapped)
    out += [
        f"  # {_yaml_str(h)}: ?   # a column label not recognised: map it to a field or to ignore" for h in unmapped
    ]
    out.append(f"heading_pattern: {_yaml_str(HEADING_PATTERN)}")
    if splits:
        fields = "[pilots, partners, sub_actions, indicators]"
        out.append(f"split_items: {{pattern: {_yaml_str('|'.join(splits))}, fields: {fields}}}")
    footers = _page_lines(lines, r"(?!)")
    if footers:
        out.append("skip:   # running page headers/footers (they repeat with a page number)")
        out += ["  - " + _yaml_str(f) for f in footers]
    axes_block = _axes_block(lines, rows=True)
    out += axes_block
    out += ["plan_money: before_first_sheet"]
    review_block = _review_block(lines, last)
    out += review_block
    youth_block = _youth_block(lines, last)
    out += youth_block
    out += CHECKS_BLOCK
    draft = "\n".join(out)
    text = "\n".join(lines)
    error = _draft_error(draft, text, source)
    if error is not None:
        blocks = {"review": review_block, "youth_recommendations": youth_block, "axes": axes_block}
        draft, error = _drop_failing_blocks(draft, text, source, error, blocks)
    info = {"candidate": None, "mapped": mapped, "unmapped": [], "title": title, "error": error}
    return draft, info


#: An axis line printed alone, its number and nothing else (« ORIENTATION 1 »).
_AXIS_ALONE = re.compile(
    r"^\W*(?P<word>Axe|AXE|Orientation|ORIENTATION|Engagement|ENGAGEMENT|Enjeu|ENJEU|Ambition|AMBITION|D[ée]fi|D[ÉE]FI)"
    r"\s+(?P<n>\d+)\s*$"
)


def _axes_block(lines: list[str], rows: bool = False) -> list[str]:
    """``axes`` (and, for sheets, ``stop`` and ``header``) for axis lines of two numbers
    or more: the word in any case, alone, as a markdown heading or bold (with ``rows``,
    also a table row whose only cell is the axis)."""
    from schemalab.extract import clean_inline

    axes = [m for m in (AXIS_LINE.match(clean_inline(t)) for t in lines) if m]
    alone = [m for m in (_AXIS_ALONE.match(clean_inline(t)) for t in lines) if m]
    if len({m.group("n") for m in alone}) >= 2 and all(re.search(r"\s\d{1,3}$", m.string) for m in axes):
        # « ORIENTATION 1 » alone, its title on the lines below; the lines that print an axis
        # with its title are contents entries, ending on their page number
        alone_re = HEADING_MARKUP + rf"(?i:{alone[0].group('word')})\s*(?P<n>\d+)\s*$"
        if not rows:
            return [
                f"stop: [{_yaml_str(alone_re)}]",
                f"axes: {{pattern: {_yaml_str(alone_re)}, title_below: 7}}   # the axis's title on the lines below",
                f"header: {{axis: {_yaml_str(alone_re)}, axis_scope: last_seen}}",
            ]
    if len({m.group("n") for m in axes}) < 2:
        return []
    word = axes[0].group("word").capitalize()
    if any(m.group("qual") for m in axes):  # "Axe stratégique 1 : …"
        word += r"(?:\s+(?:strat[ée]gique|prioritaire)s?)?"
    # a pandoc bookmark span may stand before the word (``# []{#_Toc… .anchor}Orientation 1
    # -- …``), and Word's en dash comes out ``--``
    axis_re = (
        # a web page's title (« Axe 1 – … | Département du Haut-Vivarais ») is no axis line
        HEADING_MARKUP
        + r"(?!.*\s\|\s)"
        + rf"(?:\[\]\{{[^}}]*\}})?(?i:{word})\s*(?P<n>\d+|(?<=\s)[IVX]{{1,4}}\b|(?<=\s)[A-Z]\b)\s*(?:[:.–—]|-{{1,2}})\s*"
        rf"(?!{_TOC_AXIS})(?P<title>\S.*?)(?<!\))\**\s*$"
    )
    if rows:
        return [f"axes: {{pattern: {_yaml_str(axis_re)}}}   # axis lines, and table rows whose only text is one"]
    return [
        f"stop: [{_yaml_str(axis_re)}]",
        f"axes: {{pattern: {_yaml_str(axis_re)}}}",
        f"header: {{axis: {_yaml_str(axis_re)}, axis_scope: last_seen}}",
    ]


def _review_block(lines: list[str], last_start: int) -> list[str]:
    """A ``review:`` block for a table after the last sheet whose header names a status
    column (État, Statut, Réalisation…): starts at the nearest non-table line above it;
    ref and title are the columns before the status (ref when headed N°/Réf/Fiche). A
    pipe table printed without outer pipes (``1 | title | status``) gets ``cells: pipes``
    and ends at the next annex / glossary heading."""
    from schemalab.extract import grid_rows
    from schemalab.parsers.configurable import _pipe_rows

    numbered = list(enumerate(lines, start=1))[last_start:]
    found = _review_from_rows(grid_rows(numbered), lines, last_start, [])
    if not found:
        found = _review_from_rows(_pipe_rows(numbered), lines, last_start, ["  cells: pipes"])
    return (
        found
        or _spaced_review_block(lines, last_start)
        or _cell_lines_review_block(lines, last_start)
        or _prose_review_block(lines, last_start)
    )


def _prose_review_block(lines: list[str], last_start: int) -> list[str]:
    """A ``review:`` block (``cells: prose``) for a review written as sentences after the
    last sheet: under a line announcing it (« Le bilan du schéma 2019-2024 »), three
    actions or more named by number and title in quotation marks (« l'action 1.2, « Créer
    un accueil de jour », a été réalisée »); ``groups`` for the paragraphs opening on an
    orientation (« Orientation 1 – … . »); it ends at the next annex or heading line."""
    from schemalab.extract import clean_inline, join_wrapped
    from schemalab.parsers.configurable import PROSE_REVIEW_ITEM
    from schemalab.parsers.review_text import REVIEW_HEADING

    for k in range(last_start, len(lines)):
        head = clean_inline(lines[k])
        if not head or len(head) > 80 or not REVIEW_HEADING.search(head) or head.endswith((".", ",", ";")):
            continue
        stop = next(
            (
                j
                for j in range(k + 1, len(lines))
                if _AFTER_SHEETS.match(lines[j].strip())
                or _YOUTH_HEADING.search(clean_inline(lines[j]))
                and len(clean_inline(lines[j])) < 80
                and not clean_inline(lines[j]).endswith(".")
            ),
            len(lines),
        )
        text = ""
        for t in lines[k + 1 : stop]:
            t = clean_inline(t)
            text = join_wrapped(text, t) if text and t else text or t
        if len(PROSE_REVIEW_ITEM.findall(text)) < 3:
            continue
        groups = []
        for t in lines[k + 1 : stop]:
            pattern = _group_word_pattern(clean_inline(t), capital=True)
            groups += [pattern] if pattern and pattern not in groups else []
        return [
            "review:   # the previous plan's review, written as sentences (check the rows read)",
            f"  start: {_yaml_str(_whole_line(lines[k]))}",
            *([f"  end: {_yaml_str(_whole_line(lines[stop]))}"] if stop < len(lines) else []),
            "  cells: prose   # each « l'action N, « title », status … » a row",
            *(["  groups: [" + ", ".join(_yaml_str(g) for g in groups) + "]   # paragraphs opening on a former orientation"]
              if groups else []),
        ]  # fmt: skip
    return []


#: A review row of a TSV table whose first cell is its number (``3<TAB>…``).
_NUMBERED_TSV_ROW = r"^\s*[A-Z]?\d{1,2}(?:\.\d{1,2})*\t"
#: A review row of a pipe table whose title cell (the ``{k}``-th) opens on its reference
#: (``| Prévention | Action 1 – Créer … | Fait |``).
_REF_TITLE_PIPE_ROW = r"^\|(?:[^|]*\|){{k}}\s*\**(?:Action|Fiche|Mesure)\s*(?:n°\s*)?[A-Z]?\d"
#: A review row of a pipe table whose first cell is its number (``| 3 | …``, ``| A2 | …``).
_NUMBERED_PIPE_ROW = r"^\|\s*[A-Z]?\d{1,2}(?:\.\d{1,2})*\s*\|"


#: A line of a table in any markup: cells (a tab, a pipe) or table tags.
_TABLE_LINE = re.compile(r"</?t[a-z]*[\s>]|\||\t")


def _numbered_first_cell(row) -> bool:
    from schemalab.extract import clean_inline

    return bool(row.cells) and re.fullmatch(r"\d{1,3}", clean_inline(row.cells[0])) is not None


def _review_from_rows(rows: list, lines: list[str], last_start: int, keys: list[str]) -> list[str]:
    """The ``review:`` block of :func:`_review_block` for the table ``rows`` (``keys``:
    the block's extra keys), or nothing."""
    from schemalab.extract import clean_inline

    for k, row in enumerate(rows):
        # a header row: marked so (a rule under it, <th>), or a table's first row printed
        # with no rule (striprtf) naming a ref and a status column
        if not (row.header or k == 0 or rows[k - 1].line < row.line - 1):
            continue
        heads = [clean_inline(c) for c in row.cells]
        status = next((i for i, h in enumerate(heads) if _REVIEW_STATUS_HEAD.search(h)), None)
        # status words heading two columns or more (« Réalisée | Partiellement réalisée | Non
        # réalisée », an X under one): the status is the ticked column's header
        ticks = [i for i, h in enumerate(heads) if any(re.search(p, h) for p in REVIEW_STATUS_WORDS.values())]
        status = ticks if len(ticks) >= 2 else status
        # (a numbered row printed above its own rule is a row: markitdown prints a PDF table
        # one row a table)
        body = [r for r in rows[k + 1 : k + 4] if not r.header or _numbered_first_cell(r)]
        first_status = min(status) if isinstance(status, list) else status
        if status is None or first_status < 1 or len(body) < 2:
            continue
        ref = 0 if _REVIEW_REF_HEAD.search(heads[0]) and first_status >= 2 else None
        title = 1 if ref == 0 else 0
        if ref is None:
            # no number column: a title column whose cells open on their reference (« Action 1 –
            # Créer … », read by the review reader as ref « Action 1 »)
            from schemalab.parsers.configurable import _TITLE_REF

            opening = [
                c
                for c in range(first_status)
                if sum(1 for r in body if c < len(r.cells) and _TITLE_REF.match(clean_inline(r.cells[c]))) >= 2
            ]
            title = opening[0] if opening else None
        above = _start_above(lines, row.line, last_start)
        if above is None or title is None:
            continue
        start = _whole_line(lines[above - 1])
        if not row.header:
            # no rule marks the header: the rows are the ones numbered (or whose title cell
            # opens on its reference), read as pipe rows up to the next annex, so the header
            # and a numbered list below are none
            numbered_row = _NUMBERED_PIPE_ROW if ref is not None else _REF_TITLE_PIPE_ROW.replace("{k}", str(title))
            keys = ["  cells: pipes", f"  row: {_yaml_str(numbered_row)}"]
        elif row.markup == "tsv" and ref == 0:
            # TSV rows numbered in their first cell: a line between them (a theme row,
            # « Prévention ») would make the next row a table's header; the numbered rows are
            # the review's
            keys = [*keys, f"  row: {_yaml_str(_NUMBERED_TSV_ROW)}"]
        # the next annex heading ends the review (a glossary table printed after it is no
        # review), not the same annex printed again (« Annexe 1 – … (2/2) », a slide deck's)
        same = re.match(r"\W*annexe\s+\w+", _clean_title(lines[above - 1]), re.I)
        end = next(
            (
                t.strip()
                for t in lines[row.line :]
                if _AFTER_SHEETS.match(t.strip())
                and not (same and _clean_title(t).lower().startswith(same.group().lower()))
            ),
            None,
        )
        groups = _review_groups(lines, row.line)

        def text(t: str, groups=groups) -> bool:  # a line of text, not one of the rows' group lines
            c = clean_inline(t)
            return bool(c) and not any(re.search(g, c) for g in groups)

        if end is None:
            # no annex heading: the review ends at the first line of text after its table's
            # rows (« Recommandations des jeunes », a spreadsheet's next block); a group line
            # between rows (« **Orientation 2 – …** ») does not end it
            last = row.line
            for r in rows[k + 1 :]:
                between = lines[last : r.line - 1]
                if r.markup != row.markup or any(
                    clean_inline(t) if len(r.cells) != len(row.cells) else text(t) and not _TABLE_LINE.search(t)
                    for t in between
                ):
                    break  # (a group line goes on into rows of the table's own width only)
                last = r.line
            end = next((t.strip() for t in lines[last:] if clean_inline(t) and not _TABLE_LINE.search(t)), None)
        out = [
            "review:   # the previous plan's review table (check the columns and the status words)",
            f"  start: {_yaml_str(start)}",
            *([f"  end: {_yaml_str(_whole_line(end))}"] if end else []),
            *keys,
            ("  columns: {" + (f"ref: {ref}, " if ref is not None else "") + f"title: {title}, status: {status}}}")
            + ("   # the status: the header of the column ticked" if isinstance(status, list) else ""),
            *(["  groups: [" + ", ".join(_yaml_str(g) for g in groups) + "]   # heading lines between the rows"]
              if groups else []),
            *_STATUS_LINES,
        ]  # fmt: skip
        return out
    return []


#: A heading line printed between a review table's rows: a markdown heading, or a word
#: and a number or letter ("ORIENTATION 1 :", "Axe 2 –", "Priorité 10:", "AXE A").
_GROUP_LINE = re.compile(r"^(?:(?P<marks>#{1,6})\s+\S|(?P<word>[A-Za-zÀ-ÖØ-öø-ÿ]{3,})\s+(?:\d{1,2}|[A-Z])\b)")


def _group_word_pattern(text: str, capital: bool = False) -> str | None:
    """``'^Word\\b'`` for a group line opening on a word and a number (« Axe 2 – … »,
    « Orientation 1 – … »; ``capital``: the word capitalised), else None."""
    m = _GROUP_LINE.match(text)
    if not (m and m["word"]) or (capital and not re.match(r"[A-ZÉ]", m["word"])):
        return None
    return "^" + re.escape(m["word"]) + r"\b"


def _review_groups(lines: list[str], header_line: int) -> list[str]:
    """``review.groups`` patterns for the heading lines printed among a review table's rows,
    outer first (in order of first appearance): ``'^## '`` for a markdown heading,
    ``'^ORIENTATION\\b'`` for a word and a number. Read from the table's header down to
    the first line that is neither a table line (cells, tags), a blank nor such a heading
    (prose, an annex heading); a heading counts only when a table line follows it."""
    from schemalab.extract import clean_inline

    found: list[str] = []
    pending: list[str] = []
    for text in lines[header_line:]:
        if not clean_inline(text):
            continue
        if _TABLE_LINE.search(text):  # a line of the table: the headings above it are groups
            found += [p for p in pending if p not in found]
            pending = []
            # a row merged across the table naming a group (« | **Axe 2 – Accueil** | »)
            cells = [clean_inline(c) for c in text.strip().strip("|").split("|")]
            pattern = _group_word_pattern(cells[0]) if len([c for c in cells if c]) == 1 and cells[0] else None
            found += [pattern] if pattern and pattern not in found else []
            continue
        m = _GROUP_LINE.match(clean_inline(text))
        if _AFTER_SHEETS.match(text.strip()) or not m:
            break
        pending.append("^" + m["marks"] + " " if m["marks"] else "^" + re.escape(m["word"]) + r"\b")
    return found


#: The ``status:`` mapping a drafted review block proposes (the analyst checks the words).
_STATUS_LINES = ("  status:", *(f"    {st}: {_yaml_str(p)}" for st, p in REVIEW_STATUS_WORDS.items()))


#: A heading line: a markdown heading, a numbered chapter ("3. PLAN D'ACTIONS – …"),
#: an annex, or a line in capitals.
_HEADING_LINE = re.compile(
    r"^(?:#{1,6}\s+\S|\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÉÈÀ]|ANNEXE\b|Annexe\s+\w+\s*[–—:-]"
    r"|[A-ZÉÈÊÀÂÎÔÛÇŒ0-9'’()\s–—:,.-]{6,}$)"
)


def _start_above(lines: list[str], line: int, floor: int = 0) -> int | None:
    """The line a section printed as a table starts after: the nearest heading above
    ``line`` (:data:`_HEADING_LINE`, within twelve lines, no table line between: "3. PLAN
    D'ACTIONS – TABLEAU DE SYNTHÈSE", "ANNEXE 1 – BILAN …"), else the nearest line of
    text above it that is no table line (a sentence's last words are a weaker anchor:
    "technique."). None when there is none below ``floor``."""
    from schemalab.extract import clean_inline

    nearest = None
    for n in range(line - 1, floor, -1):
        raw = lines[n - 1]
        text = clean_inline(raw)
        if not text:
            continue
        if re.search(r"<t[rdh]|\||\t", raw):
            if nearest is None:
                continue  # the table's own lines (a caption row, another table above)
            break
        nearest = nearest or n
        if _HEADING_LINE.match(text) and not _PAGE_LINE.search(text):
            return n
        if line - n > 12:
            break
    return nearest


#: A youth annex's heading: an annex, chapter or heading line naming the young people's
#: word ("La parole des jeunes", "Ce que nous disent les jeunes", "Paroles de jeunes").
_YOUTH_HEADING = re.compile(r"(?i)\b(?:jeunes|enfants\s+accueillis|adolescents|parole[s]?\s+d)")
#: A youth recommendation: an optional list glyph (« - Recommandation 1 – … », 67), an
#: optional word ("Proposition", "Recommandation"), a reference (a number, or a letter and a
#: number: "J3", "R2", "P1"), a separator.
#: A youth item: its list glyph or indentation, a word (« Proposition ») and « n° » if any,
#: bold if any (« * **Proposition n° 1 :** … », markitdown), its reference and separator.
#: A youth recommendation printed as a bullet, with no number (« - *Être écouté.* … »).
_YOUTH_BULLET = re.compile(r"^[-•*]\s+(?P<text>\S.*)$")
_YOUTH_ITEM = re.compile(
    r"^(?P<lead>\s*(?:[-•*]\s+(?=(?:\*\*)?(?:\S*\s*[A-Z]?\d|Proposition|Recommandation|Préconisation|Demande)))?)"
    r"(?P<bold>\*\*)?(?P<word>(?:Proposition|Recommandation|Préconisation|Demande)\s+(?:n°\s*)?)?"
    r"(?P<ref>[A-Z]?\d{1,2})(?P<sep>\s*[.)]\s+|\s+:\s+|\s+[–—-]\s+|\s*[.):]\s*\*\*\s+|\s+[–—-]\s*\*\*\s+|\t+"
    # (« **R1** – … »: the reference bold alone, then its separator)
    r"|\*\*\s*[.:]\s+|\*\*\s+[–—-]\s+)(?P<text>\S.*)$"
)


def _lead_kind(lead: str) -> str:
    """What a youth item prints before its reference: a list glyph, indentation, nothing."""
    return "glyph" if lead.strip() else "space" if lead else ""


def _youth_block(lines: list[str], last_start: int) -> list[str]:
    """A ``youth_recommendations:`` block for an annex after the actions whose heading
    names the young (:data:`_YOUTH_HEADING`) and that prints three numbered items or
    more in one shape (:data:`_YOUTH_ITEM`): ``item`` for that shape, ``end`` at the
    next annex or glossary heading, ``theme`` for the short lines printed just above a
    group of items (markdown sub-headings, or lines of a few words without a full stop)
    when every such line of the section is followed by an item."""
    from schemalab.extract import clean_inline

    # a heading line (an annex, a chapter, capitals) first; else a short line of its own whose
    # items follow within three lines (« Recommandations des jeunes », a spreadsheet's block)
    for k, loose in [(k, False) for k in range(last_start, len(lines))] + [
        (k, True) for k in range(last_start, len(lines))
    ]:
        head = clean_inline(lines[k])
        if not head or "\t" in lines[k] or not _YOUTH_HEADING.search(head):
            continue  # (a table row is no heading)
        if not loose and not (_AFTER_SHEETS.match(head) or _HEADING_LINE.match(head)):
            continue
        if loose:
            near = [j for j in range(k + 1, len(lines)) if clean_inline(lines[j])][:3]
            if (
                len(head) > 60
                or _TABLE_LINE.search(lines[k])
                or _YOUTH_ITEM.match(lines[k])
                or head.endswith((".", ":", ";", ","))
                or not any(_YOUTH_ITEM.match(lines[j]) for j in near)
            ):
                continue
        stop = next((j for j in range(k + 1, len(lines)) if _AFTER_SHEETS.match(lines[j].strip())), len(lines))
        body = list(range(k + 1, stop))
        table = theme = None
        items = [(j, m) for j in body if (m := _YOUTH_ITEM.match(lines[j]))]
        shapes = Counter(
            (_lead_kind(m.group("lead")), m.group("word"), m.group("ref")[0].isalpha(), m.group("sep").strip() or "\t")
            for _, m in items
        )
        if not shapes or shapes.most_common(1)[0][1] < 3:
            # no numbered items: the young people's words quoted, one a paragraph (« Qu'on nous
            # demande notre avis … », then who said it): each quotation an item, its text
            # between the quotation marks
            if sum(1 for j in body if _YOUTH_QUOTE.match(lines[j])) >= 3:
                item = _YOUTH_QUOTE.pattern
            elif (bullets := sum(1 for j in body if _YOUTH_BULLET.match(lines[j]))) >= 3 and 2 * bullets >= sum(
                1 for j in body if lines[j].strip() and not lines[j - 1].strip()
            ):  # (most of the section's paragraphs bullets, not three bullets among plain items)
                # no number either: each bullet an item (« - *Nous expliquer nos droits.* Dès
                # l'arrivée, … », its lines wrapped under it)
                item = _YOUTH_BULLET.pattern
            elif (table := _youth_table(lines, body)) is not None:
                item, theme = table
            else:
                continue
        else:
            item = _youth_item_pattern(shapes)
        item_re = re.compile(item)
        out = ["youth_recommendations:   # the young people's recommendations (check items and themes)"]
        out.append(f"  start: {_yaml_str(_whole_line(lines[k]))}")
        if stop < len(lines):
            out.append(f"  end: {_yaml_str(_whole_line(lines[stop]))}")
        theme = theme if table else _youth_theme(lines, body, item_re)
        if theme:
            out.append(f"  theme: {_yaml_str(theme)}")
        out.append(f"  item: {_yaml_str(item)}")
        return out
    return []


def _youth_table(lines: list[str], body: list[int]) -> tuple[str, str | None] | None:
    """``item`` and ``theme`` for youth recommendations printed as a table's rows, the young
    people's words in its first column (« | Ce que les jeunes demandent | Ce que le
    Département s'engage à faire | » over « | Être prévenu avant un changement … | Sauf
    urgence, … | »): each row an item, its first cell the text; a row whose other cells are
    empty a theme (« | Vivre comme les autres jeunes |  | »); the header row (the table's
    first) neither. None where the section prints fewer than three such rows."""
    from schemalab.extract import _PIPE_SEPARATOR, clean_inline

    rows = [j for j in body if lines[j].lstrip().startswith("|") and not _PIPE_SEPARATOR.match(lines[j].strip())]
    if len(rows) < 4:
        return None
    cells = [
        [c if c != "NaN" else "" for c in (clean_inline(c) for c in lines[j].strip().strip("|").split("|"))]
        for j in rows
    ]  # (markitdown prints an empty cell of a workbook « NaN »)
    filled = [c for c in cells[1:] if len(c) >= 2 and c[0] and any(c[1:])]
    if len(filled) < 3:
        return None
    themed = [c for c in cells[1:] if len(c) >= 2 and c[0] and not any(c[1:])]
    theme = r"^\|\s*(?P<theme>[^|]*?\S)\s*\|(?:\s*(?:NaN)?\s*\|)+\s*$" if themed else None
    if sum(1 for c in filled if re.fullmatch(r"[A-Z]?\d{1,2}", c[0])) * 2 > len(filled):
        # a number column first (« | 3 | Être prévenu avant … | Action 3.1 | »): the ref, then the words
        return r"^\|\s*(?P<ref>[A-Z]?\d{1,2})\s*\|\s*(?P<text>[^|]*?\S)\s*\|", theme
    head = re.escape(cells[0][0])  # (matched with or without its markup)
    item = rf"^\|(?!\s*[*_]*{head}[*_]*\s*\|)\s*(?P<text>[^|]*?\S)\s*\|\s*[^|\s]"
    return item, theme


#: A youth recommendation printed as a quotation, alone on its line (a list glyph allowed):
#: « … », “ … ”, "…": its text between the quotation marks (as the readers of plans 20 and
#: 22 read it; those of 33 and 34 kept the marks, which a configuration's `item` may keep); a
#: signature after it on its line (« … » *— Inès, 16 ans, MECS*) is left out.
_YOUTH_QUOTE = re.compile(
    r'^\s*(?:[-•*]\s+)?(?:«|“|"(?=\S))\s*(?P<text>\S.*?\S)\s*(?:»|”|(?<=\S)")'
    r"(?:\s*\*?\s*[—–-]\s*[^«»“”]{2,80}?\*?)?\s*$"
)


def _youth_item_pattern(shapes: Counter) -> str:
    """The ``item`` pattern of the most common numbered shape of a youth section."""
    (lead, word, letter, sep), _ = shapes.most_common(1)[0]
    bold = sep.endswith("**")
    bold_ref = sep.startswith("**")  # « **R1** – … »
    sep = sep.removesuffix("**").removeprefix("**").strip() or sep
    # (a tab: a number and its text in two cells of a table row, a spreadsheet's)
    sep_re = {".": r"\.\s+", ")": r"\)\s+", ":": r"\s+:\s+", "\t": r"\t+"}.get(sep, r"\s+[–—-]\s+")
    if bold:  # the reference bold with its word, the separator inside the bold (« 1 :** »)
        sep_re = {".": r"\.", ")": r"\)", ":": r"\s*:"}.get(sep, r"\s+[–—-]") + r"\s*\*\*\s+"
    if bold_ref:  # the reference alone in bold, then its separator (« **R1** – … »)
        sep_re = r"\*\*" + {".": r"\s*\.\s+", ":": r"\s*:\s+"}.get(sep, r"\s+[–—-]\s+")
        bold = True
    item = (
        {"glyph": "^\\s*[-•*]\\s+", "space": "^\\s+"}.get(lead, "^")
        + (r"\*\*" if bold else "")
        + (_literal(word.strip()) + r"\s*" if word else "")
        + ("(?P<ref>[A-Z]\\d{1,2})" if letter else "(?P<ref>\\d{1,2})")
        + sep_re
        + "(?P<text>\\S.*)$"
    )
    return item


def _youth_theme(lines: list[str], body: list[int], item_re: re.Pattern) -> str | None:
    """The ``theme`` pattern of a youth section, or None: every line it matches must be
    followed (next line of text) by an item, and it must match two lines or more."""
    from schemalab.extract import clean_inline

    # (a line of marks underlining a heading, reStructuredText's ``~~~~``, is no text)
    texts = [(j, lines[j]) for j in body if re.search(r"\w", clean_inline(lines[j]))]
    # a theme indented less than the items (inscriptis indents a page's text by two, its
    # list items by three): never an item read as a theme
    indent = min((len(t) - len(t.lstrip()) for _, t in texts if item_re.match(t)), default=0)
    lead = rf"^[ \t]{{0,{indent - 1}}}" if indent > 0 else "^"
    for pattern in (
        lead + r"#{2,6}\s+(?P<theme>\S.*?)\s*$",
        lead + r"(?P<theme>[A-ZÉÈÊÀÂÎÔÛÇ][^.:;!?]{2,60}[^\W\d_])\s*$",
        # a bold line of its own (« **Être écoutés et associés aux décisions** »)
        lead + r"(?:\*\*|__)(?P<theme>[A-ZÉÈÊÀÂÎÔÛÇ][^*_.:;!?]{2,60}?)(?:\*\*|__)\s*$",
    ):
        theme_re = re.compile(pattern)
        hits = [i for i, (_, t) in enumerate(texts) if theme_re.match(t) and not item_re.match(t)]
        if len(hits) >= 2 and all(i + 1 < len(texts) and item_re.match(texts[i + 1][1]) for i in hits):
            return pattern
    return None


def _whole_line(text: str) -> str:
    """A pattern matching exactly this printed line (spaces left readable; the spaces a
    converter leaves around it allowed: pymupdf4llm ends every line with one, inscriptis
    indents a page's text)."""
    return r"^\s*" + _literal(text.strip()) + r"\s*$"


#: A review row of a table aligned with spaces: its number, then 2+ spaces.
_SPACED_ROW = r"^\s*\d{1,3}(?:\.\d{1,2})?\s"  # « 12 », « 2.3 »


def _spaced_review_block(lines: list[str], last_start: int) -> list[str]:
    """A ``review:`` block (``cells: spaces``) for a review table after the last sheet
    whose columns are aligned with runs of 2+ spaces: a header line naming a ref
    column first (N°, Réf…) and a status column (État…), then numbered rows of as
    many cells; it starts at the line above the header and ends at the next annex /
    glossary heading."""
    from schemalab.extract import clean_inline

    for k in range(last_start, len(lines)):
        heads = [clean_inline(c) for c in re.split(r"\s{2,}", lines[k].strip())]
        if len(heads) < 3 or not _REVIEW_REF_HEAD.search(heads[0]):
            continue
        status = next((i for i, h in enumerate(heads) if i >= 2 and _REVIEW_STATUS_HEAD.search(h)), None)
        rows = [
            t
            for t in lines[k + 1 : k + 8]
            if re.match(_SPACED_ROW, t) and len(re.split(r"\s{2,}", t.strip())) == len(heads)
        ]
        above = next(
            (clean_inline(lines[n]) and n for n in range(k - 1, last_start, -1) if clean_inline(lines[n])), None
        )
        if status is None or len(rows) < 2 or not above:
            continue
        end = next((t.strip() for t in lines[k + 1 :] if _AFTER_SHEETS.match(t.strip())), None)
        out = [
            "review:   # the previous plan's review, a table aligned with spaces (check the columns and status words)",
            f"  start: {_yaml_str(_whole_line(lines[above]))}",
            *([f"  end: {_yaml_str(_whole_line(end))}"] if end else []),
            "  cells: spaces",
            f"  row: {_yaml_str(_SPACED_ROW)}",
            f"  header: {_yaml_str(_whole_line(heads[0]))}",
            f"  columns: {{ref: 0, title: 1, status: {status}}}",
            *_STATUS_LINES,
        ]
        return out
    return []


#: A review row's number printed alone on its line (a table cell): ``3``, ``2.1``.
_REF_CELL = r"^\d{1,2}(?:\.\d{1,2})?$"
#: A review row's number alone, or before a title that opens with a capital: never a
#: remark cell that opens on a figure (« 62 % de couverture », 65).
_REF_ROW = r"^(?P<n>\d{1,2}(?:\.\d{1,2})?)(?:\s+(?P<title>[A-ZÀ-ÖØ-ÞŒ«(].*))?\s*$"


def _cell_lines_review_block(lines: list[str], last_start: int) -> list[str]:
    """A flat ``review_outline:`` for a review table after the last sheet printed one cell
    per line (a Word table read by docx2txt, a PDF by ``pdftotext`` without ``-layout``):
    a header of short cells naming a ref column (N°, Réf…) then a status column (État…),
    then rows whose number stands alone on its line, its title on the lines below and its
    status on a line of its own. The status words seen make the ``mark``; it starts at
    the heading above the header and ends at the next annex / glossary heading."""
    from schemalab.extract import clean_inline

    cells = [(n, clean_inline(lines[n])) for n in range(last_start, len(lines)) if clean_inline(lines[n])]
    # the status words, and those a review prints for a row it could not judge (`unknown`)
    statuses = [
        re.compile(p) for p in (*REVIEW_STATUS_WORDS.values(), r"(?i)^(?:non [ée]valu|sans objet|non renseign)")
    ]
    for k, (n, head) in enumerate(cells):
        if len(head) > 25 or not _REVIEW_REF_HEAD.search(head):
            continue
        status_at = next(
            (
                j
                for j in range(k + 1, min(k + 4, len(cells)))
                if len(cells[j][1]) <= 40 and _REVIEW_STATUS_HEAD.search(cells[j][1])
            ),
            None,
        )
        if status_at is None:
            continue
        rows, seen = 0, []
        for j in range(status_at + 1, len(cells)):
            text = cells[j][1]
            if _AFTER_SHEETS.match(text):
                break
            if re.match(_REF_CELL, text):
                rows += 1
            elif rows and len(text) <= 40 and any(p.search(text) for p in statuses) and text not in seen:
                seen.append(text)
        above = _start_above(lines, n + 1, last_start)
        if rows < 2 or not seen or above is None:
            continue
        end = next((t.strip() for t in lines[n + 1 :] if _AFTER_SHEETS.match(t.strip())), None)
        mark = r"^\s*(?P<mark>" + "|".join(_literal(t) for t in seen) + r")\s*$"
        return [
            "review_outline:   # the previous plan's review, a table printed one cell per line (check the status words)",
            f"  start: {_yaml_str(_whole_line(lines[above - 1]))}",
            *([f"  end: {_yaml_str(_whole_line(end))}"] if end else []),
            f"  row: {_yaml_str(_REF_ROW)}   # the number alone (the title on the lines below), or before its title",
            f"  mark: {_yaml_str(mark)}   # a status alone on its line",
            "  ref: '{n}'",
            *_STATUS_LINES,
        ]
    return []


def _wrapped_headings(lines: list[str]) -> list[tuple[str, str | None]]:
    """Labels in capitals hard-wrapped over two lines (``MODALITES DE MISE EN`` /
    ``OEUVRE``, ``PARTENAIRES ASSO-`` / ``CIES``), joined as the reader joins them, with
    the field their words suggest."""
    from schemalab.extract import clean_inline

    def caps(t: str) -> bool:
        letters = [c for c in t if c.isalpha()]
        return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.9 and len(t) <= 40

    out = []
    for a, b in zip(lines, lines[1:], strict=False):
        a, b = clean_inline(a, bullet=False), clean_inline(b, bullet=False)
        if not (caps(a) and caps(b)) or guess_field(b):
            continue  # the second line is not a label of its own
        joined = a[:-1] + b if a.endswith("-") else f"{a} {b}"
        f = guess_field(joined)
        # the first line is cut: a hyphen, a trailing function word, or no label alone
        cut = a.endswith("-") or re.search(r"\b(EN|DE|DU|DES|ET|LA|LE|LES|AU|AUX)$", a) or not guess_field(a)
        if f and cut:
            out.append((joined, f))
    return out


def _literal(text: str, stretched: bool = False) -> str:
    r"""A pattern matching ``text`` as printed, kept readable: its special characters escaped,
    its spaces spaces, a run of spaces (a designed PDF's text in layout mode spreads a line's
    words: « Annexe   2 – Les  recommandations ») and, when ``stretched``, every space
    ``\s+``."""
    escaped = re.escape(text).replace("\\#", "#")
    escaped = re.sub(r"(?:\\ ){2,}", lambda _: r"\s+", escaped)
    return escaped.replace("\\ ", r"\s+" if stretched else " ")


def _title_block(lines: list[str]) -> list[str]:
    """A ``title:`` block reading :func:`_title_line`'s line as printed (markup aside),
    the lines it wraps onto (``continued_by``, one regex for them all) and the years on it or
    just below, when the default (the first lines up to a year range) would take other
    lines with it."""
    from schemalab.extract import clean_inline

    found = _title_found(lines)
    if found is None:
        return []
    i, title, _, wrapped = found
    first = next((clean_inline(t) for t in lines if clean_inline(t)), "")
    if first == title and re.search(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", first):
        return []  # the default reading (first lines up to a year range) is the title
    line, text = _clean_title(lines[i]), _title_text(lines[i])
    # words stretched apart on the cover (« Schéma         départemental », a designed PDF's
    # text in layout mode): the title's patterns allow any spacing between its words
    stretched = any(re.search(r"\S {2,}\S", t.strip()) for t in lines[i : i + 2 * len(wrapped) + 2])

    # (a title in italics or in Jira's bold, « *Schéma … 2025-2029* », one mark each side)
    pattern = HEADING_MARKUP + r"(?:[*_](?=\S))?(?P<title>" + _literal(line, stretched) + r")(?:\*\*|[*_])?\s*$"
    if text != line and line.startswith(text):  # a web page's title: the site's name after its bar
        pattern = r"^(?P<title>" + _literal(text) + r")\s+\|.*$"
    if lines[i].lstrip().startswith("|"):  # a workbook's cover cell: the title is the row's text cell
        cell = _title_text(lines[i])
        pattern = r"^\|\s*(?P<title>" + _literal(cell) + r")\s*\|"
    period = r"(?P<start>(?:19|20)\d\d)\s*(?:--|[-–—])\s*(?P<end>(?:19|20)\d\d)"
    more = []
    if wrapped:
        # the parser joins the wrapped lines, one under the other (their markup allowed around them)
        alternatives = "|".join(_literal(w, stretched) for w in wrapped)
        body = alternatives if len(wrapped) == 1 else f"(?:{alternatives})"
        continued = HEADING_MARKUP + r"(?:[*_](?=\S))?" + body + r"(?:\*\*|[*_])?\s*$"
        more = [f"  continued_by: {_yaml_str(continued)}"]
    return ["title:", f"  pattern: {_yaml_str(pattern)}", *more, f"  period: {_yaml_str(period)}"]


def _titles_on_start_lines(regex: str, starts: list[str], every: bool = True) -> bool:
    """Every start line (with ``every=False``: one at least) prints text after its
    number (the sheet's title)."""
    rx = re.compile(regex)
    found = [bool(m) and len(t[m.end() :].strip(" –—:.-*\t")) >= 3 for t, m in ((t, rx.search(t)) for t in starts)]
    return bool(starts) and (all(found) if every else any(found))


#: What usually follows the last sheet: annexes, glossary, governance, the review.
_AFTER_SHEETS = re.compile(
    # a chapter number may come first (« 4. Gouvernance et suivi du schéma », 73)
    HEADING_MARKUP
    + r"(?:\d{1,2}[.)]?\s+|[IVX]{1,4}\s*[.)–-]\s*)?(?:Annexes?|ANNEXES?|Glossaire|GLOSSAIRE|Lexique|LEXIQUE|Gouvernance|GOUVERNANCE"
    r"|Sigles|SIGLES|(?:Liste|LISTE) des (?:sigles|SIGLES|abréviations|ABRÉVIATIONS)|Abréviations|ABRÉVIATIONS"
    r"|Acronymes|ACRONYMES|Bibliographie|BIBLIOGRAPHIE|R[ée]f[ée]rences\s*$|RÉFÉRENCES\s*$"
    # a chapter on the schéma's own steering (« Pilotage et évaluation du schéma », 63)
    r"|(?:Pilotage|Suivi|[ÉE]valuation)(?:\s+et\s+(?:de\s+l['’])?\w+)?\s+du\s+sch[ée]ma"
    # the money of every sheet in one table after them (« Programmation financière »)
    r"|(?:Programmation|Maquette|Synthèse)\s+financière\s*$|PROGRAMMATION\s+FINANCIÈRE\s*$|Plan\s+de\s+financement\s*$)\b"
)


def _sheets_end(lines: list[str], last_start: int) -> list[str]:
    """A ``sheets_end`` line for the first annex/glossary/governance heading after the
    last sheet start (else nothing: the last sheet runs to the end of the file)."""
    for t in lines[last_start:]:
        m = _AFTER_SHEETS.match(t.strip())
        if m and t[:1].isspace() and t.strip()[:1].isdigit():
            continue  # a numbered item of an indented list (a web page's menu), no chapter
        if m:
            pattern = r"^\s*" + _literal(m.group(0))
            return [f"sheets_end: {_yaml_str(pattern)}   # no sheet continues after this line"]
    return []


#: Site chrome: a block of at least this many consecutive lines (blank lines aside), each
#: printed three times or more, at least three of them words (not a grid's marks, nor the
#: tags of the HTML tables a converter prints: « <colgroup> », « <col style="width: 50%" /> »).
CHROME_RUN = 6
_MARKUP_TAG = re.compile(r"<[^<>]*>")


def _chrome_boundaries(lines: list[str], start_lines: list[int]) -> list[str]:
    """``boundaries`` for a web page's site chrome after its last sheet: the first line of a
    block of :data:`CHROME_RUN` lines or more, each printed three times or more (the
    navigation, footer and cookie banner every page repeats: « Retour au schéma » / « | » /
    « Axe suivant » / « Dans ce schéma » …), where such a block is the first inside a sheet's
    span. Without it the page's last sheet runs on through the chrome to the next page's
    first sheet. A sheet's labels repeat too, but each between values of its own."""
    text = [t.strip() for t in lines]
    count = Counter(t for t in text if t)
    repeated = [bool(t) and count[t] >= 3 for t in text]
    runs, i = [], 0
    while i < len(text):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(text) and (repeated[j] or not text[j]):
            j += 1
        block = [text[k] for k in range(i, j) if text[k]]
        if (
            len(block) >= CHROME_RUN
            and sum(len(re.findall(r"[^\W\d_]{3,}", _MARKUP_TAG.sub(" ", t))) >= 2 for t in block) >= 3
        ):
            runs.append(i)
        i = j
    firsts = []
    bounds = [n - 1 for n in start_lines] + [len(lines)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        first = next((r for r in runs if a < r < b), None)
        if first is not None and text[first] not in firsts:
            firsts.append(text[first])
    found = [_whole_line(t) for t in firsts]
    # a page's pager and sidebar headings, printed on every page but between links of
    # their own (« [‹ Axe 1](axe-1.html) [Axe 3 ›](axe-3.html) », « ## À lire aussi »)
    after = text[start_lines[0] :] if start_lines else []
    if any(_PAGER_LINE.match(t) for t in after):
        found.append(_PAGER_LINE.pattern)
    chrome = {_clean_title(t) for t in firsts}
    sidebar = dict.fromkeys(m.group(1) for m in map(_SIDEBAR_HEADING.match, after) if m)
    found += [HEADING_MARKUP + _literal(h) + r"\s*$" for h in sidebar if h not in chrome]
    if not found:
        return []
    patterns = ", ".join(_yaml_str(p) for p in dict.fromkeys(found))
    return [f"boundaries: [{patterns}]   # site chrome every page repeats, after its last sheet"]


#: A web page's pager: links to the previous and next pages (« [‹ Axe 1](…) [Axe 3 ›](…) »,
#: « ‹ Axe 2 Annexes › », « « Précédent | Suivant » »).
_PAGER_LINE = re.compile(r"^\s*\[?(?:‹|«\s*(?:Précédent|Page précédente))")
#: A web page's sidebar heading after its content (« ## À lire aussi », « Voir aussi »).
_SIDEBAR_HEADING = re.compile(
    HEADING_MARKUP + r"(À lire aussi|A lire aussi|Voir aussi|Sur le même sujet|Dans la même rubrique"
    r"|Pour aller plus loin|Liens utiles)(?:\*\*)?\s*:?\s*$",
    re.I,
)


def _clean_title(line: str) -> str:
    """A title as a reader writes it: no markdown heading marks, bold or HTML."""
    from schemalab.extract import clean_inline

    return re.sub(r"^#{1,6}\s*", "", clean_inline(line, bullet=False)).strip()


def _detect_regex(title: str, lines: list[str]) -> str:
    """A detect pattern that matches the plan's own first 400 lines: the title as
    printed when it is, else the longest plain run of a line that prints it (markup
    such as ``**`` or ``<b>`` splits a title the cleaned text joins). Written on the text
    ``detect`` sees (:func:`schemalab.textio.match_key`: ``l’enfance`` is ``l'enfance``
    there), or ``build`` would skip the plan ``--check`` reads."""
    from schemalab.textio import match_key

    title = match_key(title)
    lines = [match_key(t) for t in lines[:400]]
    head = "\n".join(lines)
    if re.search(re.escape(title), head):
        return re.escape(title)
    # a title wrapped over lines (« Schéma départemental » / « enfance-famille »), or cut
    # by markup (``**Schéma**`` / ``**départemental**``): its words with anything but
    # letters and digits between them
    words = re.findall(r"\w+", title)
    spread = r"[\W_]+".join(re.escape(w) for w in words)
    if len(words) >= 3 and re.search(spread, head):
        return spread
    runs = [r.strip() for t in lines[:60] if title[:15] in _clean_title(t) for r in re.split(r"[*_#`]+|<[^>]*>", t)]
    for run in sorted(runs, key=len, reverse=True):
        if len(run) >= 12:
            return re.escape(run)
    return re.escape(title)


#: A running page header/footer once its numbers are folded ("… – page 12").
_PAGE_LINE = re.compile(r"(?i)\bpage\s*\d+|\d+\s*/\s*\d+\s*$|^\W*\d{1,3}\W*$")


#: The form of a page number printed alone ("14", "- 12 -", "-11 -").
_NUMBER_ALONE = "<page number alone>"
_ACCENTED = {"é": "éèêëe", "è": "éèêëe", "ê": "éèêëe", "ë": "éèêëe", "à": "àâa", "â": "àâa", "î": "îïi",
             "ï": "îïi", "ô": "ôöo", "ù": "ùûu", "û": "ùûu", "ç": "çc"}  # fmt: skip


def _accent_tolerant(pattern: str) -> str:
    """``pattern`` with each accented letter optional as OCR reads it: "é" → "[éèêëe]"."""
    return "".join(f"[{_ACCENTED[c]}]" if c in _ACCENTED else c for c in pattern)


def _page_lines(lines: list[str], sheet_start: str, breaks: set[int] | frozenset = frozenset()) -> list[str]:
    """Skip patterns for lines that repeat (numbers aside) and carry a page number (their
    indentation allowed: a centred footer), and for a running header or footer without
    one: the same line printed right after, or right before, three such page lines or
    more (the first non-blank line of each page: "Monts-d'Azur | Schéma … 2025-2029"; a
    footer above "Page 8"), or at three page breaks or more (``breaks``: the lines a form
    feed opens, pdftotext's page starts; a page printing no number)."""
    start = re.compile(sheet_start)
    groups: Counter = Counter()
    indented: set[str] = set()
    pages: list[int] = []
    # a footer that ends on its page's number (« Département du Val-de-Sèvre – Direction de
    # l'enfance et de la famille 2 », « … 3 », 66): the same words, three numbers or more
    numbered: dict[str, set[str]] = defaultdict(set)
    for raw in lines:
        m = re.fullmatch(r"(.*\D)\s(\d{1,3})", raw.strip())
        if m and len(m.group(1)) >= 12:
            numbered[m.group(1)].add(m.group(2))
    footers = {words for words, numbers in numbered.items() if len(numbers) >= 3}
    for n, raw in enumerate(lines):
        t = raw.strip()
        m = re.fullmatch(r"(.*\D)\s(\d{1,3})", t)
        page_line = _PAGE_LINE.search(t) or (m is not None and m.group(1) in footers)
        if t and len(t) <= 120 and page_line and not start.search(t) and "\t" not in t:
            form = re.sub(r"\d+", "#", t)
            if re.fullmatch(r"[\W_]*#[\W_]*", form):  # "- 12 -", "-11 -", "14": one form
                form = _NUMBER_ALONE
            groups[form] += 1
            pages.append(n)
            if raw[: len(raw) - len(raw.lstrip())]:
                indented.add(form)
    out = []
    # numbers alone are page numbers where three of them at least sit by a running header or
    # footer (a line printed by three of them or more) or by a form feed; otherwise they
    # number the rows of a table printed one cell per line (a review, 71 and 72), which a
    # skip would delete. (Where both are printed, the review reader tells them apart.)
    alone = [n for n in pages if re.fullmatch(r"[-–—(\s]*\d{1,3}[-–—)\s]*", lines[n].strip())]

    def neighbours(n: int) -> list[str]:  # the non-blank lines right above and right below
        above = next((t.strip() for t in reversed(lines[max(n - 3, 0) : n]) if t.strip()), "")
        below = next((t.strip() for t in lines[n + 1 : n + 4] if t.strip()), "")
        return [t for t in (above, below) if t and not re.fullmatch(r"[\W\d_]*", t)]

    # a running line: printed by three numbers alone or more (« Conseil départemental … » / « 12 »)
    running = {t for t, k in Counter(t for n in alone for t in neighbours(n)).items() if k >= 3}

    def by_running_line(n: int) -> bool:
        return any(t in running for t in neighbours(n)) or any(k in breaks for k in range(n - 1, n + 2))

    for form, count in groups.most_common():
        if form == _NUMBER_ALONE and count >= 3:
            if sum(map(by_running_line, alone)) >= 3:
                out.append(r"^\s*[-–—(]?\s*\d{1,3}\s*[-–—)]?\s*$")
            continue
        if count >= 3 and form.strip("# "):
            parts = [_accent_tolerant(_literal(p)) for p in form.split("#")]
            lead = r"^\s*" if form in indented else "^"
            out.append(lead + r"\d+".join(parts) + r"\s*$")
    heads: Counter = Counter()  # by the line's folded form: OCR drops accents now and then
    printed: dict[str, Counter] = defaultdict(Counter)
    for n in pages:
        # (up to five lines away: a PDF's text in layout mode pads a page's foot and head
        # with blank lines)
        nxt = next((t.strip() for t in lines[n + 1 : n + 6] if t.strip()), None)
        if nxt and len(nxt) <= 120 and not start.search(nxt) and not _PAGE_LINE.search(nxt):
            heads[fold(nxt)] += 1
            printed[fold(nxt)][nxt] += 1
        # a running footer printed just above the page number ("Schéma … — Haut-Comtat" /
        # "Page 8"): counted apart, so a line that is both is one pattern
        prev = next((t.strip() for t in reversed(lines[max(n - 5, 0) : n]) if t.strip()), None)
        if prev and prev != nxt and len(prev) <= 120 and not start.search(prev) and not _PAGE_LINE.search(prev):
            heads[fold(prev)] += 1
            printed[fold(prev)][prev] += 1
    # a page break: the first line of the page it opens and the last of the page before
    for b in sorted(breaks):
        nxt = next((t.strip() for t in lines[b : b + 6] if t.strip()), None)
        prev = next((t.strip() for t in reversed(lines[max(b - 5, 0) : b]) if t.strip()), None)
        for t in dict.fromkeys(x for x in (nxt, prev) if x):
            if len(t) <= 120 and not start.search(t) and not _PAGE_LINE.search(t):
                heads[fold(t)] += 1
                printed[fold(t)][t] += 1
    # "^\s*": a form feed (or the indentation) before the header is whitespace too; the
    # most printed form, its accents optional (« Schema departemental » once in 82). A
    # field's label opening page after page (« Constat » under a banner ending each page,
    # 26) is no running line.
    out += [
        _accent_tolerant(_whole_line(printed[k].most_common(1)[0][0]))
        for k, count in heads.items()
        if count >= 3 and not _field_label(printed[k].most_common(1)[0][0])
    ]
    return out


def _field_label(text: str) -> bool:
    """A line that is a sheet's field label (« Constat », « Objectifs », « Pilote(s) : »)."""
    t = text.strip().rstrip(" :")
    return len(t.split()) <= 4 and bool(STANDARD_LABEL.match(t) or guess_field(t))


#: The end of every draft: what a reader counts in the plan, for the analyst to fill in
#: (never what the draft read: a figure copied from the parse checks nothing). Checked by
#: `--check`, `build` (a warning; `--strict`: an error) and `make test`
#: (tests/test_reader_checks.py); :mod:`schemalab.parsers.reader_checks`.
CHECKS_BLOCK = [
    "checks:   # what a reader counts in the plan (not what this draft read); `make test` checks them",
    "  sheets: null   # the number of action sheets the plan prints",
    "  # axes: 4",
    "  # previous_review: 7        # rows of the review of the previous plan",
    "  # youth_recommendations: 9",
    "  # sheet:",
    "  #   '1': {title: '…', pilots: 1, partners: 4, indicators: 3, sub_actions: 5}",
    "",
]


def scaffold(
    code: str,
    name: str,
    raw: Path,
    root: Path = ROOT,
    config_dir: Path | None = None,
    check_only: bool = False,
    log=print,
) -> dict:
    """Create (or, with ``check_only``, reparse) the files of a configured département."""
    from schemalab.extract import decode, normalise_lines
    from schemalab.manifest import load_manifest
    from schemalab.parsers.configurable import CONFIG_DIR, load_config_parser

    if not _CODE.match(code):
        raise ValueError(f"--code {code!r} is not an INSEE département code (01-95, 2A, 2B, 971-976)")
    name = sanitise_name(name)
    config_dir = config_dir or CONFIG_DIR
    raw_dir = root / "data" / "raw"
    text = decode(raw.read_bytes(), raw.name)
    period = plan_period(normalise_lines(text))  # as every reader reads it (« 2026\-2030 » is 2026-2030)
    if period is None:
        raise ValueError(f"{raw}: no plan period (e.g. 2025-2029) in its first 80 lines")
    dest = raw_dir / f"{code}_{slug(name)}_{period[0]}-{period[1]}.txt"
    cfg_path = config_dir / f"{code}_{slug(name)}.yml"
    if check_only:
        # --check reparses the copy new-department registered (what build reads), never
        # another file in silence: a changed or scratch text given with --raw is refused
        if not dest.exists():
            raise ValueError(f"{dest} does not exist: run new-department without --check first")
        if raw.resolve() != dest.resolve() and raw.read_bytes() != dest.read_bytes():
            raise ValueError(
                f"{raw} differs from {dest}, the copy --check reparses (and build reads): to check a "
                f"new text of the plan, replace that copy and its manifest row (sha256), or give --raw {dest}"
            )
    else:
        manifest = load_manifest(raw_dir)
        if dest.name in manifest or any(e.department_code == code for e in manifest.values()):
            raise ValueError(f"département {code} is already in {raw_dir / 'manifest.csv'}; use --check to reparse")
        # the draft is made before anything is written: a failure here leaves no file behind
        try:
            yaml_text, info = draft_config(code, name, text, dest.name)
        except ValueError:
            raise
        except Exception as exc:  # a bug of the drafting code: an error message, no file written
            raise ValueError(
                f"{raw}: the draft could not be made (internal error {type(exc).__name__}: {exc}); "
                "nothing was written; please report it"
            ) from exc
        _write_all(
            root,
            raw,
            dest,
            cfg_path,
            config_dir,
            [dest.name, code, name, plan_title(normalise_lines(text), name), period[0], period[1]],
            yaml_text,
        )
        log(f"wrote {dest}, its manifest row and {cfg_path}")
        log("next: count in the plan what its `checks:` block asks (a reader's figures), then rerun with --check")
    # first parse: immediate feedback on the configuration
    from schemalab.extract import ParseError
    from schemalab.parsers.action_rows import ActionRowsLayout
    from schemalab.parsers.configurable import ConfigError

    try:
        parser_cls = load_config_parser(cfg_path)
        entry = load_manifest(raw_dir).get(dest.name)
        res = parser_cls().parse(dest.read_bytes(), dest.name, entry, strict=False)
    except Exception as exc:  # a parser bug is reported like a configuration error, never a traceback
        if not isinstance(exc, (ConfigError, ParseError)):
            exc = ParseError(
                dest.name, None, f"internal error of the parser ({type(exc).__name__}: {exc}); please report it"
            )
        log(f"the configuration does not parse the plan yet: {exc}")
        log(f"fix: {_fix_hint(exc)}; then rerun with --check")
        return {"raw": dest, "config": cfg_path, "result": None, "error": exc}
    _check_detect(parser_cls, decode(dest.read_bytes(), dest.name), log)
    refusal = build_refusal(res, dest.name)  # what `build` refuses, said here first
    if refusal is not None:
        log(f"the configuration does not parse the plan yet: `build` would refuse it: {refusal}")
        if "incomplete plan" in str(refusal) and issubclass(parser_cls, ActionRowsLayout):
            log(
                "fix: rows were read as the continuation of the action above: an action starts at a filled "
                "`id` cell, a title cell matching `rows.id`, or, in a table printing no number, a filled title "
                "cell; check the labels mapped to `id` and `title` in `headings`, and `rows.id` (`schemalab "
                "inspect` lists the tables); then rerun with --check"
            )
        elif "incomplete plan" in str(refusal):
            log(
                "fix: `sheet_start` misses sheets the plan announces (numbering or contents): compare it with "
                "`schemalab inspect` candidates (an alternative start, a title on the next line); then rerun with --check"
            )
        else:
            log(
                "fix: an item with no text is usually a markup line read as an item: `skip` it; then rerun with --check"
            )
        return {"raw": dest, "config": cfg_path, "result": res, "error": refusal}
    counts = res.counts()
    log(
        f"first parse: {counts.get('actions', 0)} sheets, {counts.get('indicators', 0)} indicators, "
        f"{counts.get('action_actors', 0)} actors, {counts.get('sub_actions', 0)} sub-actions, "
        f"{counts.get('calendar', 0)} calendar rows, {counts.get('budget_lines', 0)} amounts"
    )
    log("headings mapped: " + ", ".join(f"{k} → {v}" for k, v in parser_cls.heading_aliases.items()))
    if res.unknown_headings:
        log("headings seen and not mapped: " + "; ".join(f"line {n}: {t}" for n, t in res.unknown_headings[:20]))
    for w in res.warnings:
        log(f"warning: {w}")
    return {"raw": dest, "config": cfg_path, "result": res}


def _write_all(root, raw, dest, cfg_path, config_dir, row, yaml_text) -> None:
    """Raw copy, manifest row, YAML and index entry, all or none: a failure part-way
    removes what was written and restores the manifest and index as they were."""
    import csv

    from schemalab.manifest import COLUMNS, sha256_file

    raw_dir = dest.parent
    manifest_path = raw_dir / "manifest.csv"
    index = config_dir / "index.yml"
    saved = {f: (f.read_bytes() if f.exists() else None) for f in (manifest_path, index)}
    created = [f for f in (dest, cfg_path) if not f.exists()]
    try:
        raw_dir.mkdir(parents=True, exist_ok=True)
        if raw.resolve() != dest.resolve():
            shutil.copyfile(raw, dest)
        new_file = not manifest_path.exists()
        with open(manifest_path, "a", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            if new_file:
                w.writerow(COLUMNS)
            w.writerow([*row, sha256_file(dest)])
        config_dir.mkdir(parents=True, exist_ok=True)
        cfg_path.write_text(yaml_text, encoding="utf-8")
        listed = index.read_text(encoding="utf-8") if index.exists() else ""
        if f"- {cfg_path.name}" not in listed:
            with open(index, "a", encoding="utf-8") as fh:
                fh.write(f"- {cfg_path.name}\n")
    except BaseException:
        for f in created:
            f.unlink(missing_ok=True)
        for f, data in saved.items():
            if data is None:
                f.unlink(missing_ok=True)
            else:
                f.write_bytes(data)
        raise


def _fix_hint(exc: Exception) -> str:
    """What to edit in the YAML for a first-parse error."""
    msg = str(exc)
    if "sheet_start_confirm" in msg:
        return "`sheet_start_confirm` rejects every start: take it out, or map the label printed under a start"
    if "action sheet" in msg:
        return "`sheet_start` matches no line: compare it with `schemalab inspect` candidates"
    if "plan title" in msg:
        return "give `title:` a `pattern` with groups title, and `period` with groups start and end"
    if "a title for sheet" in msg:
        return "the sheet's title is the first line below its start: check `skip` and `sheet_start`"
    if "new sheet number" in msg:
        return "`sheet_start` also matches a table of contents or a summary: anchor it (`\\s*$`)"
    if "one axes row per" in msg:
        return "`axes.pattern` matches an axis line printed again: bound the axes' chapter with `axes.end`, or anchor the pattern"
    if "one previous_review row per" in msg:
        return "the `review` block reads a row twice: bound it with `review.end`, or anchor its row pattern"
    if "one youth_recommendations row per" in msg:
        return "`youth_recommendations` reads an item twice: bound it with `youth_recommendations.end`"
    return "edit the key named in the message"


def _check_detect(parser_cls, text: str, log) -> None:
    """Warn when ``build`` would skip the plan (detect does not match) or refuse it
    (another registered parser claims it too): on the text ``build`` matches, its
    typographic apostrophes folded (:func:`schemalab.parsers.detect`)."""
    from schemalab.textio import match_key

    text = match_key(text)
    if not parser_cls.detect(text):
        log(
            f"warning: `detect` {parser_cls.detect_pattern.pattern!r} does not match the plan's first "
            f"{parser_cls.detect_lines} lines: `schemalab build` would skip this file; fix `detect:`"
        )
    from schemalab.parsers import REGISTRY

    others = [p.__name__ for p in REGISTRY if p.code != parser_cls.code and p.detect(text)]
    if others:
        log(
            f"warning: {', '.join(others)} also claim this plan: `schemalab build` would fail it; make `detect` stricter"
        )


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--code", required=True, help="INSEE code of the département (e.g. 33, 2A, 974)")
    p.add_argument("--name", help="name of the département (with --check: the manifest's)")
    p.add_argument("--raw", type=Path, help="the plan converted to text (with --check: the registered copy)")
    p.add_argument("--check", action="store_true", help="reparse with the current YAML, write nothing")


def _registered(code: str, root: Path = ROOT) -> tuple[str, Path]:
    """The name and registered text of département ``code`` (its manifest row), for
    ``--check`` given ``--code`` alone."""
    from schemalab.manifest import load_manifest

    raw_dir = root / "data" / "raw"
    entry = next((e for e in load_manifest(raw_dir).values() if e.department_code == code), None)
    if entry is None:
        raise ValueError(
            f"département {code} is not in {raw_dir / 'manifest.csv'}: run new-department without --check first"
        )
    return entry.department_name, raw_dir / entry.source_file


def main(args: argparse.Namespace) -> int:
    from schemalab.extract import ParseError
    from schemalab.parsers.configurable import ConfigError

    try:
        name, raw = args.name, args.raw
        if args.check and (name is None or raw is None):
            known_name, known_raw = _registered(args.code)
            name, raw = name or known_name, raw or known_raw
        if name is None or raw is None:
            raise ValueError("--name and --raw are required to add a département (--check alone needs --code)")
        out = scaffold(args.code, name, raw, check_only=args.check)
    except (ValueError, OSError, ParseError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback: a bug of schemalab, said as such
        print(f"error: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return 2
    return 1 if out.get("error") else 0
