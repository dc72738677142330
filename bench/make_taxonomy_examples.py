"""Write schemalab/data/theme_taxonomy_examples.csv from the reference taxonomy
(../shared/themes.md): for each theme, its name, its name and "covers" column as one text,
and each item of the "covers" column (split at commas and at " / ") as a text of its own,
all verbatim. The classifier is fitted on them beside the labelled sheets and steps: they
come from the taxonomy, not from any plan, so they are never held out and tune nothing on
the plans' text.

    python bench/make_taxonomy_examples.py [--taxonomy ../shared/themes.md]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "schemalab" / "data" / "theme_taxonomy_examples.csv"


def examples(markdown: str) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for line in markdown.splitlines():
        m = re.match(r"\| (T\d\d) \| (.+?) \| (.+?) \|\s*$", line)
        if not m:
            continue
        code, name, covers = m.groups()
        rows.append((code, "definition", f"{name}. {covers}."))
        rows.append((code, "item", name))
        for item in re.split(r",\s*", covers):
            for part in item.split(" / "):
                if part.strip():
                    rows.append((code, "item", part.strip()))
    return list(dict.fromkeys(rows))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--taxonomy", type=Path, default=ROOT.parent / "shared" / "themes.md")
    args = ap.parse_args()
    rows = examples(args.taxonomy.read_text(encoding="utf-8"))
    if sorted({r[0] for r in rows}) != [f"T{i:02d}" for i in range(1, 15)]:
        raise SystemExit(f"{args.taxonomy}: expected the 14 themes T01..T14")
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["theme_code", "kind", "text"])
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
