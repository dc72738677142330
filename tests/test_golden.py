"""Golden pairs (Python-Markdown style): real excerpts of data/raw and their records.

Each ``tests/golden/<code>/<case>.txt`` is a short excerpt of département ``<code>``'s
raw plan, copied unedited (quirks and OCR damage kept); ``<case>.json`` holds the
records the parser must return for it (every table but ``plans``; line numbers are
the excerpt's own). Cases are discovered automatically. A golden changes only with
``pytest --update-goldens``, so its diff is reviewed; a missing .json fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemalab.manifest import load_manifest
from schemalab.parsers import by_code

GOLDEN = Path(__file__).parent / "golden"
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CASES = sorted(GOLDEN.glob("*/*.txt"))


def golden_records(code: str, text: bytes) -> dict[str, list[dict]]:
    """Records of an excerpt, as stored in a golden .json (plans left out)."""
    entry = next(e for e in load_manifest(RAW).values() if e.department_code == code)
    res = by_code(code)().parse(text, entry.source_file, entry, strict=True)
    return {t: rows for t, rows in sorted(res.tables.items()) if t != "plans" and rows}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_golden(case: Path, request):
    got = json.loads(json.dumps(golden_records(case.parent.name, case.read_bytes()), ensure_ascii=False))
    expected_path = case.with_suffix(".json")
    if request.config.getoption("--update-goldens"):
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"golden {expected_path.name} rewritten: review its diff")
    assert expected_path.exists(), f"{expected_path} missing: run pytest --update-goldens and review it"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for table in sorted(set(expected) | set(got)):
        assert got.get(table, []) == expected.get(table, []), f"{case.name}: table {table} differs"


def test_every_registered_department_has_goldens():
    from schemalab.parsers import codes

    for code in codes():
        assert list((GOLDEN / code).glob("*.txt")), f"no golden excerpt for département {code}"
