"""Frozen whole-plan expected tables (tests/fixtures/expected/<code>/).

When a département's Python parser is replaced by a configuration, the Python parser's
output on the real plan is frozen first (tests/make_expected.py, run BEFORE deleting the
module): one ``<table>.json`` per table (rows as a list of dicts, in the order the parser
emits them, the ``parser`` column left out since it names the class) and
``warnings.json`` (the warnings of a strict parse, as printed). The configuration is then
checked equal to these files (tests/test_configurable.py). A file changes only by
re-running the script on purpose, so its diff is reviewed.
"""

from __future__ import annotations

import json
from pathlib import Path

EXPECTED = Path(__file__).parent / "fixtures" / "expected"
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def result_tables(res) -> dict[str, list[dict]]:
    """The tables of a ParseResult as stored (JSON types; ``parser`` left out; empty
    tables left out)."""
    out = {t: [{k: v for k, v in r.items() if k != "parser"} for r in rows] for t, rows in res.tables.items() if rows}
    return json.loads(json.dumps(out, ensure_ascii=False))


def parse_plan(code: str, parser_cls=None):
    """Strict parse of département ``code``'s real plan (the registered parser unless
    ``parser_cls`` is given)."""
    from schemalab.manifest import load_manifest
    from schemalab.parsers import by_code

    entry = next(e for e in load_manifest(RAW).values() if e.department_code == code)
    cls = parser_cls or by_code(code)
    return cls().parse((RAW / entry.source_file).read_bytes(), entry.source_file, entry, strict=True)


def load_expected(code: str) -> tuple[dict[str, list[dict]], list[str]]:
    """(tables, warnings) frozen for département ``code``."""
    folder = EXPECTED / code
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no frozen tables; run tests/make_expected.py {code}")
    tables = {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.name != "warnings.json"
    }
    warnings = json.loads((folder / "warnings.json").read_text(encoding="utf-8"))
    return tables, warnings


def write_expected(code: str, res) -> Path:
    """Freeze a ParseResult as département ``code``'s expected tables (old files removed)."""
    folder = EXPECTED / code
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    for table, rows in result_tables(res).items():
        (folder / f"{table}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / "warnings.json").write_text(
        json.dumps(list(res.warnings), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return folder
