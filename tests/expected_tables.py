"""Frozen whole-plan expected tables (tests/fixtures/expected/<code>/).

When a département's Python parser is replaced by a configuration, the Python parser's
output on the real plan is frozen first (tests/make_expected.py, run BEFORE deleting the
module), then the configured parser is checked equal to the files
(tests/test_expected_tables.py). Frozen so far: Landes (40), Lot-et-Garonne (47), Orne
(61) and Pas-de-Calais (62). A file changes only by re-running the script on purpose,
so its diff is reviewed.

One folder per département:

- ``<table>.json`` per table: its rows as a list of dicts, in the order the parser
  emitted them, the ``parser`` column left out (it names the class).
- ``warnings.json``: the reports of the strict parse, ``{"warnings": [...],
  "unknown_headings": [[line, text], ...], "incomplete": [...]}``.

62 was frozen first in an earlier form of the same layout, kept as written: its
``warnings.json`` is the bare list of warnings (unknown headings and incompleteness
were not recorded) and its empty tables have no file. The loader reads both forms: a
missing table is an empty one, and reports that were not frozen are absent from the
dict (not guessed as empty).
"""

from __future__ import annotations

import json
from pathlib import Path

EXPECTED = Path(__file__).parent / "fixtures" / "expected"
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def expected_codes() -> list[str]:
    """The départements with frozen tables."""
    return sorted(p.name for p in EXPECTED.iterdir() if (p / "warnings.json").exists())


def load_expected(code: str) -> tuple[dict[str, list[dict]], dict]:
    """(tables, reports) frozen for département ``code``: table name → rows, and the
    reports that were frozen (``warnings`` always; ``unknown_headings`` and ``incomplete``
    when recorded)."""
    folder = EXPECTED / code
    if not (folder / "warnings.json").is_file():
        raise FileNotFoundError(f"{folder}: no frozen tables; run tests/make_expected.py {code}")
    tables = {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.name != "warnings.json"
    }
    reports = json.loads((folder / "warnings.json").read_text(encoding="utf-8"))
    if isinstance(reports, list):  # the earlier form: warnings only
        reports = {"warnings": reports}
    return tables, reports


def as_frozen(res) -> tuple[dict[str, list[dict]], dict]:
    """A ParseResult in the frozen form: every table (JSON types, no ``parser`` column,
    empty ones included) and the three reports."""
    tables = {t: [{k: v for k, v in r.items() if k != "parser"} for r in rows] for t, rows in res.tables.items()}
    reports = {
        "warnings": list(res.warnings),
        "unknown_headings": [[n, t] for n, t in res.unknown_headings],
        "incomplete": list(res.incomplete),
    }
    return json.loads(json.dumps(tables, ensure_ascii=False)), reports


def parse_plan(code: str, parser_cls=None, strict: bool = True):
    """Parse département ``code``'s real plan (the registered parser unless
    ``parser_cls`` is given)."""
    from schemalab.manifest import load_manifest
    from schemalab.parsers import by_code

    entry = next(e for e in load_manifest(RAW).values() if e.department_code == code)
    cls = parser_cls or by_code(code)
    return cls().parse((RAW / entry.source_file).read_bytes(), entry.source_file, entry, strict=strict)


def write_expected(code: str, res) -> Path:
    """Freeze a ParseResult as département ``code``'s expected tables (old files removed)."""
    tables, reports = as_frozen(res)
    folder = EXPECTED / code
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    for table, rows in sorted(tables.items()):
        (folder / f"{table}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / "warnings.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return folder
