"""Self-training on the plan being read, measured (tried for issue 21, not shipped).

    python bench/themes_selftrain.py [--weights 0.5 1 2] [--quick]

For each held-out département (LODO), the classifier fitted on the four other plans themes
the held-out plan's sheets (read as sheets); each sheet's whole text, with that theme, is
added as a training example ("pseudo", at a weight), the classifier is refitted, and the
held-out texts are read again:

1. all the plan's sheets pseudo-labelled: the sheets themselves (main, main-or-secondary) and
   the labelled context sentences under their heading; optimistic for a youth recommendation,
   since each sentence's own sheet is among the pseudo-labelled examples;
2. leave one sheet out (skipped with ``--quick``): for each labelled sheet, its own pseudo
   label left out of the refit, then its title under its heading, its title with its
   objectives block under its heading, and its context sentences under their heading (one
   refit per sheet, about two minutes per weight);
3. the shipped classifier fitted on all five plans reading the context sentences (never
   fitted on): the figure for a text of a plan whose labelled sheets the classifier has read.

The previous_review and youth_recommendations texts are never read here.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import themes_eval as te  # noqa: E402

from schemalab import themes  # noqa: E402
from schemalab import themes_classifier as tc  # noqa: E402
from schemalab.build import build  # noqa: E402


def refit(examples: pd.DataFrame, weight: float, model, data_dir) -> tc.ThemeClassifier:
    """The shipped classifier's fit, with the pseudo-labelled sheets at ``weight``."""
    kinds = {**tc.KIND_WEIGHTS, "pseudo": weight}
    rows, w = tc.weighted_examples(examples, kind_weights=kinds)
    used = sorted(set(rows["source"]))
    at = {j: k for k, j in enumerate(used)}
    prepared = [tc.prepare(examples["text"].iloc[j]) for j in used]
    emb = tc._embed(prepared, model, data_dir)
    src = np.array([at[j] for j in rows["source"]], dtype=int)
    return tc.ThemeClassifier().fit(
        [prepared[j] for j in src], rows["theme_code"].to_numpy(), emb[src], sample_weight=w
    )


def mean(xs) -> str:
    xs = np.concatenate([np.asarray(x, dtype=bool) for x in xs]) if xs else np.zeros(0, bool)
    return f"{xs.mean():.3f}" if len(xs) else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weights", type=float, nargs="+", default=[0.5, 1.0, 2.0])
    ap.add_argument("--quick", action="store_true", help="skip the leave-one-sheet-out part")
    args = ap.parse_args()
    model = None
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "processed"
        build(te.RAW, data, log=lambda *_: None)
        if te.CACHE.exists():
            shutil.copytree(te.CACHE, data / "cache")
        ex = tc.training_examples()
        texts = themes.action_texts(data)
        heading_of = te.sheet_headings(data)
        m, _ = te.match_labels(texts, te.load_labels())
        codes = np.array(themes.theme_codes())
        deps = sorted(d for d in ex["department_code"].unique() if d)
        print("1. all the held-out plan's sheets pseudo-labelled (each sentence's own sheet among them)")
        print(f"   {'weight':>6} {'sheets':>7} {'main/sec':>8} {'sentences headed':>16} {'main/sec':>8}")
        part2 = {}
        for weight in [0.0, *args.weights]:
            hits: dict[str, list] = {"sheets": [], "sheets_ms": [], "ctx": [], "ctx_ms": []}
            for d in deps:
                base = ex[ex["department_code"] != d]
                clf0 = tc.fit_classifier(base, model, data)
                held = texts[texts["department_code"] == d].reset_index(drop=True)
                p0 = tc.sheet_probabilities(held["title"], held["text"], model, data, classifier=clf0)
                pseudo = pd.DataFrame(
                    {
                        "department_code": d,
                        "action_id": held["action_id"],
                        "kind": "pseudo",
                        "text": held["text"],
                        "theme_code": codes[p0.argmax(axis=1)],
                        "secondary_theme_codes": "",
                    }
                )
                clf = clf0 if weight == 0 else refit(pd.concat([base, pseudo], ignore_index=True), weight, model, data)
                mh = m[m["department_code"] == d]
                pos = {a: i for i, a in enumerate(held["action_id"])}
                p = tc.sheet_probabilities(held["title"], held["text"], model, data, classifier=clf)
                a, b = te._hits(p[[pos[x] for x in mh["action_id"]]], mh["theme_code"].to_numpy())
                hits["sheets"].append(a), hits["sheets_ms"].append(b)
                h = ex[(ex["department_code"] == d) & (ex["kind"] == "context")]
                if len(h):
                    heads = [heading_of.get((d, x)) for x in h["action_id"]]
                    ph = tc.theme_probabilities(h["text"], model, data, classifier=clf, headings=heads)
                    a, b = te._kind_hits("context", ph, h)
                    hits["ctx"].append(a), hits["ctx_ms"].append(b)
                if weight and not args.quick:
                    part2.setdefault(weight, []).append((d, base, held, pseudo, clf0))
            print(
                f"   {weight:>6} {mean(hits['sheets']):>7} {mean(hits['sheets_ms']):>8} "
                f"{mean(hits['ctx']):>16} {mean(hits['ctx_ms']):>8}"
            )
        if part2:
            print("2. leave one sheet out: a sheet's own pseudo label is not in the refit that reads its texts")
            print(f"   {'weight':>6} {'titles headed':>13} {'+objectives':>11} {'sentences headed':>16}   (weight 0)")
        for weight, folds in part2.items():
            got: dict[str, list] = {k: [] for k in ("t", "t0", "b", "b0", "c", "c0")}
            for d, base, held, pseudo, clf0 in folds:
                mine = ex[ex["department_code"] == d]
                for action_id in held["action_id"]:
                    h = mine[(mine["action_id"] == action_id) & mine["kind"].isin(["title", "context"])]
                    if h.empty:
                        continue
                    rest = pseudo[pseudo["action_id"] != action_id]
                    clf = refit(pd.concat([base, rest], ignore_index=True), weight, model, data)
                    head = heading_of.get((d, action_id))
                    body = held.loc[held["action_id"] == action_id, "objectives_text"].iloc[0]
                    for c, tag in ((clf, ""), (clf0, "0")):
                        ph = tc.theme_probabilities(h["text"], model, data, classifier=c, headings=[head] * len(h))
                        is_title = (h["kind"] == "title").to_numpy()
                        got["t" + tag].append(te._kind_hits("title", ph[is_title], h[is_title])[0])
                        if (~is_title).any():
                            got["c" + tag].append(te._kind_hits("context", ph[~is_title], h[~is_title])[0])
                        if is_title.any() and isinstance(body, str) and body.strip():
                            n = int(is_title.sum())
                            pb = tc.theme_probabilities(
                                h["text"][is_title], model, data, classifier=c, headings=[head] * n, bodies=[body] * n
                            )
                            got["b" + tag].append(te._kind_hits("title", pb, h[is_title])[0])
            print(
                f"   {weight:>6} {mean(got['t']):>13} {mean(got['b']):>11} {mean(got['c']):>16}   "
                f"({mean(got['t0'])} / {mean(got['b0'])} / {mean(got['c0'])})"
            )
        clf = tc.fit_classifier(ex, model, data)
        h = ex[ex["kind"] == "context"]
        heads = [heading_of.get((d, a)) for d, a in zip(h["department_code"], h["action_id"], strict=True)]
        a, b = te._kind_hits(
            "context", tc.theme_probabilities(h["text"], model, data, classifier=clf, headings=heads), h
        )
        print(
            "3. the classifier fitted on all five plans, context sentences under their heading (never fitted on): "
            f"{a.mean():.3f} main, {b.mean():.3f} main-or-secondary"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
