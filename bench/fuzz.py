"""Long fuzz run of every parser over mutated real excerpts (tests/golden/*/*.txt).

    python bench/fuzz.py [--examples 5000] [--seed 0]

Prints how many inputs were tried per département and how they ended (valid records
or ParseError). Any other exception is a bug: it is printed with the input's recipe
(excerpt, seed, operators) and the script exits 1.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from test_reliability import EXCERPTS, OPS, check_parse, mutate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    counts: Counter = Counter()
    bugs = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.examples):
            case = rng.choice(EXCERPTS)
            seed = rng.randrange(2**32)
            ops = [rng.choice(OPS) for _ in range(rng.randint(1, 6))]
            code = case.parent.name
            try:
                outcome = check_parse(code, mutate(case.read_text(encoding="utf-8"), seed, ops), Path(tmp))
            except Exception:
                bugs += 1
                outcome = "BUG"
                print(f"BUG {case.relative_to(ROOT)} seed={seed} ops={ops}\n{traceback.format_exc()}")
            counts[(code, outcome)] += 1
    dt = time.perf_counter() - t0
    print(f"{args.examples} mutated inputs in {dt:.1f}s")
    for code in sorted({c for c, _ in counts}):
        parts = ", ".join(f"{o}: {n}" for (c, o), n in sorted(counts.items()) if c == code)
        print(f"  {code}: {parts}")
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
