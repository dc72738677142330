"""Freeze whole-plan expected tables from the Python parsers (run once, kept for the record).

Landes (40), Lot-et-Garonne (47) and Orne (61) were first read by Python parsers
(``schemalab/parsers/landes.py``, ``lot_et_garonne.py``, ``orne.py``), then by YAML
configurations proven identical to them. This script was run ONCE, from those Python
parsers, just before they were deleted (branch cfg47): it wrote
``tests/fixtures/expected/<code>/<table>.json`` (one JSON list of rows per table, the
``plans`` rows without their ``parser`` column, which names the class) and
``warnings.json`` (warnings, unknown headings, incompleteness) for each plan. The
configured parsers are now compared to these frozen tables (tests/test_expected_tables.py,
loader tests/expected_tables.py).

It cannot be re-run as is (the Python modules are gone): to recover them, check out a
commit before their deletion (``git log -- schemalab/parsers/lot_et_garonne.py``) and run
``PYTHONPATH=. python tests/make_expected.py`` there.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
OUT = Path(__file__).parent / "fixtures" / "expected"

#: département code → (module, class) of the Python parser the tables are frozen from.
PYTHON_PARSERS = {
    "40": ("schemalab.parsers.landes", "LandesParser"),
    "47": ("schemalab.parsers.lot_et_garonne", "LotEtGaronneParser"),
    "61": ("schemalab.parsers.orne", "OrneParser"),
}


def frozen(res) -> tuple[dict[str, list[dict]], dict]:
    """The tables (``parser`` column left out) and the reports of a ParseResult, as JSON data."""
    tables = {t: [{k: v for k, v in r.items() if k != "parser"} for r in rows] for t, rows in res.tables.items()}
    reports = {
        "warnings": list(res.warnings),
        "unknown_headings": [[n, t] for n, t in res.unknown_headings],
        "incomplete": list(res.incomplete),
    }
    return json.loads(json.dumps(tables, ensure_ascii=False)), reports


def main(codes: list[str]) -> None:
    from schemalab.manifest import load_manifest

    manifest = load_manifest(RAW)
    for code in codes:
        module, cls = PYTHON_PARSERS[code]
        parser = getattr(importlib.import_module(module), cls)()
        entry = next(e for e in manifest.values() if e.department_code == code)
        res = parser.parse((RAW / entry.source_file).read_bytes(), entry.source_file, entry, strict=True)
        tables, reports = frozen(res)
        lax = frozen(parser.parse((RAW / entry.source_file).read_bytes(), entry.source_file, entry))
        assert lax == (tables, reports), f"{code}: strict and lax parses differ"
        out = OUT / code
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.json"):
            old.unlink()
        for name, rows in sorted(tables.items()):
            (out / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (out / "warnings.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(code, {t: len(r) for t, r in tables.items()}, len(reports["warnings"]), "warnings")


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(PYTHON_PARSERS))
