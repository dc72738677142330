"""Frozen whole-plan expected tables (tests/fixtures/expected/<code>/).

Written once by tests/make_expected.py from the Python parsers of Landes (40),
Lot-et-Garonne (47) and Orne (61) before those parsers were deleted: one JSON list of
rows per table (``<table>.json``; the ``plans`` rows without their ``parser`` column)
and ``warnings.json`` (warnings, unknown headings, incompleteness). The configured
parsers that replaced them must keep returning exactly these.
"""

from __future__ import annotations

import json
from pathlib import Path

EXPECTED = Path(__file__).parent / "fixtures" / "expected"


def expected_codes() -> list[str]:
    """The départements with frozen tables."""
    return sorted(p.name for p in EXPECTED.iterdir() if (p / "warnings.json").exists())


def expected_tables(code: str) -> dict[str, list[dict]]:
    """Table name → rows, as frozen for département ``code``."""
    folder = EXPECTED / code
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.name != "warnings.json"
    }


def expected_reports(code: str) -> dict:
    """``warnings``, ``unknown_headings`` ([line, text]) and ``incomplete``, as frozen."""
    return json.loads((EXPECTED / code / "warnings.json").read_text(encoding="utf-8"))


def as_frozen(res) -> tuple[dict[str, list[dict]], dict]:
    """A ParseResult in the frozen form: tables (no ``parser`` column) and reports."""
    tables = {t: [{k: v for k, v in r.items() if k != "parser"} for r in rows] for t, rows in res.tables.items()}
    reports = {
        "warnings": list(res.warnings),
        "unknown_headings": [[n, t] for n, t in res.unknown_headings],
        "incomplete": list(res.incomplete),
    }
    return json.loads(json.dumps(tables, ensure_ascii=False)), reports
