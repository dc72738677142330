"""Write schemalab/data/theme_labels_written_apart.csv: the texts written apart that the
classifier is fitted on, copied from their measurement files in tests/fixtures.

Each set of ``TRAINING`` is 48 youth recommendations or reviewed-action titles of a fictional
plan, written by a writer who saw no plan, no taxonomy and no classifier, and read by two
readers from the taxonomy and the texts alone (theme_code_a, theme_code_b). The classifier
reads each text once per reader, with that reader's main theme, at half the kind's weight
(``themes_classifier.KIND_WEIGHTS["written_apart"]``): a text both readers agree on weighs
one. They are plan-free (in every leave-one-département-out fit); bench/themes_unseen.py
measures each of them leaving its own set out.

The sets *not* listed are measurement only, never fitted on: youth sets 8 to 20 and review
sets 6 to 16 (written and read after the decision to fit on the others; 12, 13, 8 and 9 then
decided later changes, the others are the clean figure the reports quote), and the five
plans' own texts (tests/fixtures/theme_labels_real.csv). The
decision, with its rule written beforehand, is in bench/theme_decisions.md.

    python bench/make_written_apart_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
OUT = ROOT / "schemalab" / "data" / "theme_labels_written_apart.csv"
#: The sets fitted on (file stems in tests/fixtures), in the order they were written.
TRAINING = (
    *(f"theme_labels_youth_blind{s}" for s in ("", "_2", "_3", "_4", "_5", "_6", "_7")),
    *(f"theme_labels_review_blind{s}" for s in ("", "_2", "_3", "_4", "_5")),
)
COLUMNS = ["set", "kind", "ref", "heading", "text", "theme_code_a", "theme_code_b"]


def examples() -> pd.DataFrame:
    frames = []
    for name in TRAINING:
        df = pd.read_csv(FIXTURES / f"{name}.csv", dtype=str, keep_default_na=False)
        df["set"] = name
        df["kind"] = "youth" if "_youth_" in name else "review"
        frames.append(df[COLUMNS])
    return pd.concat(frames, ignore_index=True)


def main() -> int:
    df = examples()
    df.to_csv(OUT, index=False)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(df)} texts from {len(TRAINING)} sets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
