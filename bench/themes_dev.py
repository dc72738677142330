"""A variant of the theme classifier measured on the development texts written apart (issue 21).

    python bench/themes_dev.py [--c 10] [--embedding-weight 1] [--char-weight 1] [--sets ...] [--lodo]

The first step of every change in bench/theme_decisions.md: the shipped classifier, or one with
other settings, measured on the sets written apart that have already been seen (the
development sets: youth 1-7 and reviews 1-5, each left out of the fit since the classifier is
fitted on them; youth 12, 13 and reviews 8, 9, never fitted on but used to decide), each text
read under its heading as shipped, against its two readers (main theme right, mean of the two,
in texts). ``--lodo`` adds the leave-one-département-out figures of bench/themes_eval.py for the
same settings (sheets, titles, steps, objectives, indicators, context sentences; about 3 min).

A gain here decides nothing: the rules decide on sets written after them (the clean pools of
bench/themes_unseen.py) and on the sheets. Gains of about 7 texts of 768 here were taken back
by the next fresh sets (change T). Never reads the five plans' own reviewed actions or youth
recommendations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402
import themes_unseen as tu  # noqa: E402

#: The sets written apart already seen: fitted on (each left out) or decided on.
DEV_SETS = (
    *(f"theme_labels_youth_blind{'' if n == 1 else f'_{n}'}" for n in (1, 2, 3, 4, 5, 6, 7, 12, 13)),
    *(f"theme_labels_review_blind{'' if n == 1 else f'_{n}'}" for n in (1, 2, 3, 4, 5, 8, 9)),
)


def measure(stems, **params) -> pd.DataFrame:
    """Per set: texts, main right and main-or-secondary right (mean of the two readers, in texts),
    by a classifier with ``params`` fitted on every example but the set's own."""
    from schemalab import themes_classifier as tc

    examples = tu._examples()
    fits: dict = {}
    rows = []
    for stem in stems:
        lab = pd.read_csv(tu.FIXTURES / f"{stem}.csv", dtype=str, keep_default_na=False)
        own = tu._own(stem)
        key = stem if own.any() else ""
        if key not in fits:
            fits[key] = tc.fit_classifier(examples[~own], **params)
        got = tc.rank_themes(
            tc.theme_probabilities(lab["text"].tolist(), headings=lab["heading"].tolist(), classifier=fits[key])
        )
        # scored as bench/themes_unseen.py scores every set written apart
        pred = pd.DataFrame({"plan": "blind", "kind": "youth", "ref": lab["ref"], "theme_code": got["theme_code"],
                             "secondary_theme_codes": got["secondary_theme_codes"]})  # fmt: skip
        m = tu.measure(pred, lab.assign(plan="blind", kind="youth"))["youth"]
        n = m["n"]
        rows.append({
            "set": stem,
            "n": n,
            # the figures are rounded shares: back to texts, in halves (the mean of two readers)
            "main": round((m["reader_a"]["main"] + m["reader_b"]["main"]) * n) / 2,
            "main_or_secondary": round((m["reader_a"]["main_or_secondary"] + m["reader_b"]["main_or_secondary"]) * n) / 2,
        })  # fmt: skip
    return pd.DataFrame(rows)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c", type=float, help="inverse regularisation (shipped: themes_classifier.C)")
    ap.add_argument("--embedding-weight", type=float, help="shipped: EMBEDDING_WEIGHT")
    ap.add_argument("--char-weight", type=float, help="shipped: CHAR_WEIGHT")
    ap.add_argument("--sets", nargs="*", default=list(DEV_SETS), help="file stems under tests/fixtures")
    ap.add_argument("--lodo", action="store_true", help="also the leave-one-département-out figures")
    args = ap.parse_args(argv)
    params = {
        k: v
        for k, v in (("c", args.c), ("embedding_weight", args.embedding_weight), ("char_weight", args.char_weight))
        if v is not None
    }
    out = measure(args.sets, **params)
    with pd.option_context("display.width", 120):
        print(out.to_string(index=False))
    for kind in ("youth", "review"):
        part = out[out["set"].str.contains(kind)]
        print(
            f"{kind}: {part['main'].sum():g} of {part['n'].sum()} (main-or-secondary {part['main_or_secondary'].sum():g})"
        )
    print(f"all: {out['main'].sum():g} of {out['n'].sum()} (main-or-secondary {out['main_or_secondary'].sum():g})")
    if args.lodo:
        import shutil
        import tempfile

        import themes_eval as te

        from schemalab import themes
        from schemalab.build import build

        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "processed"
            build(te.RAW, data, log=lambda *_: None)
            if te.CACHE.exists():
                shutil.copytree(te.CACHE, data / "cache", dirs_exist_ok=True)
            res = themes.compute(data, model=None, progress=False)
            m, _ = te.match_labels(res["texts"], te.load_labels())
            figures = te.supervised(data, None, res["texts"], m, **params)
        for k in sorted(figures):
            if k.startswith("lodo_") and k.endswith("_main") and "nested" not in k:
                print(f"{k:40} {figures[k]}")


if __name__ == "__main__":
    main()
