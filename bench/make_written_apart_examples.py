"""Write schemalab/data/theme_labels_written_apart.csv: the texts written apart that the
classifier is fitted on, copied from their measurement files in tests/fixtures.

Each set of ``TRAINING`` is 48 youth recommendations or reviewed-action titles of a fictional
plan, written by a writer who saw no plan, no taxonomy and no classifier, and read by two
readers from the taxonomy and the texts alone (theme_code_a, theme_code_b). The classifier
reads each text once per reader, with that reader's main theme, at half the kind's weight
(``themes_classifier.KIND_WEIGHTS["written_apart"]``): a text both readers agree on weighs
one. They are plan-free (in every leave-one-département-out fit); bench/themes_unseen.py
measures each of them leaving its own set out.

``YOUTH_GENRE`` (youth sets 8 to 34) is fitted on by the youth recommendations' classifier
alone (``themes_classifier.GENRES``; change G2): ``theme_labels_written_apart_youth.csv``.

The sets in neither are measurement only, never fitted on: youth sets 35 on (the clean
youth figure since G2), review sets 6 to 20 (review sets 8 and 9 decided changes, the others
are the clean review figure), and the five plans' own texts
(tests/fixtures/theme_labels_real.csv). Each
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
#: The sets fitted on by the youth recommendations' classifier alone (change G2,
#: bench/theme_decisions.md 2026-12-05): youth sets 8 to 34, written to ``YOUTH_OUT``.
YOUTH_GENRE = tuple(f"theme_labels_youth_blind_{n}" for n in range(8, 35))
YOUTH_OUT = ROOT / "schemalab" / "data" / "theme_labels_written_apart_youth.csv"
COLUMNS = ["set", "kind", "ref", "heading", "text", "theme_code_a", "theme_code_b"]


def examples(sets=TRAINING) -> pd.DataFrame:
    frames = []
    for name in sets:
        df = pd.read_csv(FIXTURES / f"{name}.csv", dtype=str, keep_default_na=False)
        df["set"] = name
        df["kind"] = "youth" if "_youth_" in name else "review"
        frames.append(df[COLUMNS])
    return pd.concat(frames, ignore_index=True)


def main() -> int:
    for sets, out in ((TRAINING, OUT), (YOUTH_GENRE, YOUTH_OUT)):
        df = examples(sets)
        df.to_csv(out, index=False)
        print(f"wrote {out.relative_to(ROOT)}: {len(df)} texts from {len(sets)} sets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
