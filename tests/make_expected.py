"""Freeze a département's whole-plan tables as tests/fixtures/expected/<code>/.

Usage (from the repository root)::

    PYTHONPATH=. python tests/make_expected.py 62            # the registered parser
    PYTHONPATH=. python tests/make_expected.py 62=schemalab.parsers.pas_de_calais:PasDeCalaisParser

Run it with the Python parser a configuration replaces, BEFORE deleting that parser;
the configuration is then checked equal to the files (tests/test_configurable.py).
Frozen so far: 62 (Pas-de-Calais, from schemalab/parsers/pas_de_calais.py, deleted
after its configuration matched it; run at commit a990a06, which still holds it:
``git checkout a990a06 -- schemalab/parsers/pas_de_calais.py`` to reproduce).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from expected_tables import parse_plan, write_expected  # noqa: E402


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
        folder = write_expected(code, res)
        counts = ", ".join(f"{t} {len(r)}" for t, r in res.tables.items() if r)
        print(f"{folder}: {counts}; {len(res.warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
