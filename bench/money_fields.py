"""How the money of the test plans reads against their hand readings, field by field.

The plans' scores (tests/test_vocabulary.py) count a budget line right when its sheet and amount
are; what the amount *is* (nature, scope, periodicity, role, lower bound, year, payer) is what
the reports compare, and what the writers of the recent test plans wrote by hand too (the rows
kept under ``_full`` in ``tests/fixtures/NN_expected.json``; writers who never saw the parsers).
This prints, per plan and pooled, how many of the hand-read amounts are read (same sheet, same
amount) and, of those, how many agree on each field.

    python bench/money_fields.py            # every fixture with full hand rows
    python bench/money_fields.py 25 26 -v   # some plans, each disagreement printed
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemalab.parsers.configurable import load_config_parser  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
FIELDS = ("nature", "scope", "periodicity", "role", "is_lower_bound", "year", "payer")


def plans_with_full_rows() -> list[str]:
    out = []
    for p in sorted(FIXTURES.glob("[0-9][0-9]_expected.json")):
        full = json.loads(p.read_text(encoding="utf-8")).get("_full") or {}
        if full.get("budget_lines"):
            out.append(p.name[:2])
    return out


def compare(code: str, verbose: bool = False) -> tuple[int, int, Counter]:
    """(hand-read amounts, amounts read, agreements per field) for plan ``code``."""
    cfg = next(p for p in FIXTURES.glob(f"{code}_*.yml") if "draft" not in p.name and "attempt" not in p.name)
    txt = next(FIXTURES.glob(f"{code}_*_20*.txt"))
    want = json.loads((FIXTURES / f"{code}_expected.json").read_text(encoding="utf-8"))["_full"]["budget_lines"]
    got = load_config_parser(cfg)().parse(txt.read_bytes(), txt.name).tables["budget_lines"]
    used: set[int] = set()
    agree: Counter = Counter()
    matched = 0
    for w in want:
        k = next(
            (
                i
                for i, g in enumerate(got)
                if i not in used
                and g.get("action_id") == w.get("action_id")
                and abs((g.get("amount_eur") or 0) - (w.get("amount_eur") or 0)) < 0.5
            ),
            None,
        )
        if k is None:
            if verbose:
                print(f"  {code} not read: {w.get('action_id')} {w.get('amount_raw')} (l.{w.get('first_line')})")
            continue
        used.add(k)
        matched += 1
        for f in FIELDS:
            if got[k].get(f) == w.get(f):
                agree[f] += 1
            elif verbose:
                print(
                    f"  {code} {w.get('action_id')} {w.get('amount_raw')} (l.{w.get('first_line')}) {f}: "
                    f"read {got[k].get(f)!r}, hand {w.get(f)!r}"
                )
    return len(want), matched, agree


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("codes", nargs="*", help="fixture codes (default: every plan with full hand rows)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each disagreement")
    args = ap.parse_args()
    codes = args.codes or plans_with_full_rows()
    total: Counter = Counter()
    n_want = n_matched = 0
    print("plan  amounts  read  " + "  ".join(f"{f[:11]:>11}" for f in FIELDS))
    for code in codes:
        want, matched, agree = compare(code, args.verbose)
        n_want += want
        n_matched += matched
        total.update(agree)
        print(f"{code:>4}  {want:7d}  {matched:4d}  " + "  ".join(f"{agree[f]:>11d}" for f in FIELDS))
    print(
        f"{'all':>4}  {n_want:7d}  {n_matched:4d}  "
        + "  ".join(f"{total[f] / n_matched if n_matched else 0:>11.3f}" for f in FIELDS)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
