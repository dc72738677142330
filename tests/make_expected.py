"""Freeze a département's whole-plan tables as tests/fixtures/expected/<code>/.

Usage (from the repository root)::

    PYTHONPATH=. python tests/make_expected.py 62            # the registered parser
    PYTHONPATH=. python tests/make_expected.py 62=schemalab.parsers.pas_de_calais:PasDeCalaisParser

Run it with the Python parser a configuration replaces, BEFORE deleting that parser;
the configured parser is then checked equal to the files (tests/test_expected_tables.py,
loader and writer in tests/expected_tables.py). The strict and lax parses must agree
before anything is written. Frozen so far, each from its Python parser, since deleted:

- 40 (``schemalab.parsers.landes:LandesParser``), 47
  (``schemalab.parsers.lot_et_garonne:LotEtGaronneParser``) and 61
  (``schemalab.parsers.orne:OrneParser``): written at commit 11556ac, which still holds
  the three modules (``git checkout 11556ac -- schemalab/parsers/landes.py`` etc. to
  reproduce).
- 62 (``schemalab.parsers.pas_de_calais:PasDeCalaisParser``): written at commit a990a06
  (``git checkout a990a06 -- schemalab/parsers/pas_de_calais.py``), in the earlier form
  the loader still reads (warnings.json a bare list, empty tables without a file);
  re-running it writes the current form.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from expected_tables import as_frozen, parse_plan, write_expected  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for arg in argv:
        code, _, target = arg.partition("=")
        cls = None
        if target:
            module, _, name = target.partition(":")
            cls = getattr(importlib.import_module(module), name)
        res = parse_plan(code, cls)
        if as_frozen(parse_plan(code, cls, strict=False)) != as_frozen(res):
            print(f"{code}: strict and lax parses differ; nothing written", file=sys.stderr)
            return 1
        folder = write_expected(code, res)
        counts = ", ".join(f"{t} {len(r)}" for t, r in res.tables.items() if r)
        print(f"{folder}: {counts}; {len(res.warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
