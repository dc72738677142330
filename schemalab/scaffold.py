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
3. writes a test skeleton ``tests/test_dept_<code>.py``;
4. runs a first parse and prints what it found: sheets, headings mapped, headings seen and
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

ROOT = Path(".")
_CODE = re.compile(r"^(\d{2}|2A|2B|97\d)$")

#: Words of a heading → the field it most likely is (first match wins).
FIELD_WORDS = [
    (r"indicateur", "indicators"),
    (r"r[ée]sultats? attendus?", "results"),
    (r"pilot", "pilots"),
    (r"partenaire|acteurs?|contributeur|associ", "partners"),
    (r"calendrier|[ée]ch[ée]ancier|[ée]ch[ée]ance|phases", "calendar"),
    (r"moyens|ressources|budget|co[uû]t|financement", "resources"),
    (r"risque|vigilance", "risks"),
    (r"public|cible|b[ée]n[ée]ficiaire|territoire", "targets"),
    (r"contexte|constat|diagnostic|enjeu", "context"),
    (r"objectif", "objectives"),
    (r"modalit|d[ée]clinaison|mise en (œ|oe)uvre|actions? [àa] (engager|mener)|[ée]tapes", "sub_actions"),
]


#: A heading-like line (capitals, or a short label ending with a colon), for unknown headings.
HEADING_PATTERN = r"^(?:[A-ZÉÈÊÀÂÎÔÛÇŒ'() ]{6,}|[A-ZÉÈÀ][^:.;]{2,40} ?:)\s*$"
#: An axis line: "Axe 2 : …", "ORIENTATION 3 – …", "Engagement 1. …".
AXIS_LINE = re.compile(
    r"^\W*(?P<word>Axe|AXE|Orientation|ORIENTATION|Engagement|ENGAGEMENT)\s*(?P<n>\d+)\s*[:.–-]\s*\S"
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
        if clean_inline(cell).rstrip(" :").lower() in wanted:
            if "\t" in raw.strip():
                tsv += 1
            else:
                plain += 1
    return tsv > plain


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


def draft_config(code: str, name: str, text: str, source: str) -> tuple[str, dict]:
    """A first YAML configuration for a plan, and what it was based on."""
    from schemalab.extract import clean_inline, normalise_lines
    from schemalab.inspect import inspect_text

    lines = normalise_lines(text, source)
    rep = inspect_text(text, source)
    best = rep.best
    if best is None:
        raise ValueError(
            f"{source}: no candidate sheet start found (no 'Fiche action N', 'N. Title' …); write sheet_start by hand"
        )
    n_sheets = len(best.lines)
    title = next(
        (clean_inline(t) for t in lines[:60] if re.search(r"sch[ée]ma", t, re.I) and clean_inline(t)),
        clean_inline(next((t for t in lines if t.strip()), name)),
    )
    mapped, unmapped = {}, []
    # A table label is repeated on each continuation page of its sheet: allow more.
    most = 3 if table_layout(lines, [h for h, _ in rep.headings]) else 1.5
    for heading, count in rep.headings:
        if not (0.5 * n_sheets <= count <= most * n_sheets):
            continue
        f = guess_field(heading)
        (mapped.__setitem__(heading, f) if f and f not in mapped.values() else unmapped.append(heading))
    table = table_layout(lines, list(mapped))
    sheet_start = best.regex
    first = clean_inline(lines[best.lines[0] - 1], bullet=False)
    if table and re.match(sheet_start, first) and first[re.match(sheet_start, first).end() :].strip():
        sheet_start = re.sub(r"\\s$", "", sheet_start) + r"\s*(?P<title>\S.*)$"  # title on the start line
    out = [
        f"# {name} ({code}): configuration written by `schemalab new-department` from {source}.",
        "# Edit it, then rerun `schemalab new-department --code … --check` to see the effect.",
        f'code: "{code}"',
        f"name: {_yaml_str(name)}",
        "anatomy: |",
        f"  {name} ({code}): {title}.",
        "",
        "  Anatomy of the document (complete it as you read the plan):",
        f"  - sheets start at lines like {lines[best.lines[0] - 1].strip()[:70]!r} ({n_sheets} found);",
        "  - headings inside a sheet: " + ", ".join(mapped) + ";",
        "  - traps: …",
        f"detect: {_yaml_str(re.escape(title))}",
        *(["layout: table   # sheets are tables: TSV rows, the label in cell 0"] if table else []),
        f"sheet_start: {_yaml_str(sheet_start)}",
        *(["sheet_start_confirm: true   # a start counts when a field row follows"] if table else []),
        "headings:",
    ]
    out += [f"  {_yaml_str(h)}: {f}" for h, f in mapped.items()]
    if unmapped:
        out.append("  # seen about once per sheet, not mapped (map them to a field or to `ignore`):")
        out += [f"  # {_yaml_str(h)}: ignore" for h in unmapped]
    out += ["expected_fields: all", f"heading_pattern: {_yaml_str(HEADING_PATTERN)}"]
    if table:
        # Running page headers: lines alone (no cell) repeated more often than sheets.
        alone = Counter(t.strip() for t in lines if t.strip() and "\t" not in t.strip())
        headers = [t for t, c in alone.most_common() if c >= 1.5 * n_sheets and t not in mapped and len(t) <= 60]
        if headers:
            out.append("skip:   # repeated more often than sheets: running page headers")
            out += ["  - " + _yaml_str("^" + re.escape(t) + r"\s*$") for t in headers]
    axes = [m for m in (AXIS_LINE.match(clean_inline(t)) for t in lines) if m]
    if len({m.group("n") for m in axes}) >= 2:
        word = axes[0].group("word")
        axis_re = rf"^\W*{word}\s*(?P<n>\d+)\s*[:.–-]\s*(?P<title>\S.*)$"
        out += [
            f"stop: [{_yaml_str(axis_re)}]",
            f"axes: {{pattern: {_yaml_str(axis_re)}}}",
            f"header: {{axis: {_yaml_str(axis_re)}, axis_scope: last_seen}}",
        ]
    if table:
        out += _table_block(lines, mapped)
    out += ["plan_money: before_first_sheet", ""]
    return "\n".join(out), {"candidate": best, "mapped": mapped, "unmapped": unmapped, "title": title}


TEST_SKELETON = '''"""Whole-file checks on the {name} plan ({code}): fill in what a reader counts in the plan."""

import pytest
from conftest import parse_raw

from schemalab import io


@pytest.fixture(scope="module")
def res():
    return parse_raw("{code}")


def test_tables_pass_the_schema(res, tmp_path):
    for name, rows in res.tables.items():
        io.write_table(name, rows, tmp_path)


def test_sheet_count_a_reader_can_check(res):
    expected = None  # TODO: the number of action sheets you count in the plan
    if expected is None:
        pytest.skip("fill in the number of sheets a reader counts in the plan")
    assert len(res.tables["actions"]) == expected
'''


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
    from schemalab.extract import decode
    from schemalab.manifest import COLUMNS, load_manifest, sha256_file
    from schemalab.parsers.configurable import CONFIG_DIR, load_config_parser

    if not _CODE.match(code):
        raise ValueError(f"--code {code!r} is not an INSEE département code (01-95, 2A, 2B, 971-976)")
    name = sanitise_name(name)
    config_dir = config_dir or CONFIG_DIR
    raw_dir = root / "data" / "raw"
    text = decode(raw.read_bytes(), raw.name)
    period = plan_period(text.splitlines())
    if period is None:
        raise ValueError(f"{raw}: no plan period (e.g. 2025-2029) in its first 80 lines")
    dest = raw_dir / f"{code}_{slug(name)}_{period[0]}-{period[1]}.txt"
    cfg_path = config_dir / f"{code}_{slug(name)}.yml"
    test_path = root / "tests" / f"test_dept_{code}.py"
    if not check_only:
        manifest = load_manifest(raw_dir)
        if dest.name in manifest or any(e.department_code == code for e in manifest.values()):
            raise ValueError(f"département {code} is already in {raw_dir / 'manifest.csv'}; use --check to reparse")
        raw_dir.mkdir(parents=True, exist_ok=True)
        if raw.resolve() != dest.resolve():
            shutil.copyfile(raw, dest)
        manifest_path = raw_dir / "manifest.csv"
        new_file = not manifest_path.exists()
        with open(manifest_path, "a", encoding="utf-8", newline="") as fh:
            import csv

            w = csv.writer(fh, lineterminator="\n")
            if new_file:
                w.writerow(COLUMNS)
            w.writerow([dest.name, code, name, _plan_title(text), period[0], period[1], sha256_file(dest)])
        yaml_text, info = draft_config(code, name, text, dest.name)
        config_dir.mkdir(parents=True, exist_ok=True)
        cfg_path.write_text(yaml_text, encoding="utf-8")
        index = config_dir / "index.yml"
        listed = index.read_text(encoding="utf-8") if index.exists() else ""
        if f"- {cfg_path.name}" not in listed:
            with open(index, "a", encoding="utf-8") as fh:
                fh.write(f"- {cfg_path.name}\n")
        test_path.parent.mkdir(parents=True, exist_ok=True)
        if not test_path.exists():
            test_path.write_text(TEST_SKELETON.format(code=code, name=name), encoding="utf-8")
        log(f"wrote {dest}, its manifest row, {cfg_path} and {test_path}")
    # first parse: immediate feedback on the configuration
    parser_cls = load_config_parser(cfg_path)
    entry = load_manifest(raw_dir).get(dest.name)
    res = parser_cls().parse(dest.read_bytes(), dest.name, entry, strict=False)
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
    return {"raw": dest, "config": cfg_path, "test": test_path, "result": res}


def _plan_title(text: str) -> str:
    from schemalab.extract import clean_inline

    for line in text.splitlines()[:60]:
        t = clean_inline(line)
        if re.search(r"sch[ée]ma", t, re.I):
            return t
    return ""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--code", required=True, help="INSEE code of the département (e.g. 33, 2A, 974)")
    p.add_argument("--name", required=True, help="name of the département")
    p.add_argument("--raw", required=True, type=Path, help="the plan converted to text")
    p.add_argument("--check", action="store_true", help="reparse with the current YAML, write nothing")


def main(args: argparse.Namespace) -> int:
    from schemalab.extract import ParseError
    from schemalab.parsers.configurable import ConfigError

    try:
        scaffold(args.code, args.name, args.raw, check_only=args.check)
    except (ValueError, OSError, ParseError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
