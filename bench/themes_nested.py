"""Nested leave-one-département-out: how good is the *way the settings were chosen*?

    python bench/themes_nested.py

bench/themes_eval.py measures the shipped classifier leave-one-département-out (LODO), but
its settings were themselves chosen by that LODO, which flatters it a little. Here, for
each département in turn, the setting is chosen among a small grid by LODO on the four
other plans only (inner loop), refitted on those four, and measured on the held-out plan
(outer loop): the held-out plan plays no part in fitting *or* choosing. The grid is the
choices that mattered when tuning (class balance, taxonomy texts and their weight, C).

Second part: the secondary-theme rule chosen the same way. For each held-out plan, the
largest secondary ratio (fewest secondary themes) whose main-or-secondary reaches the
target on the four other plans (inner LODO, shipped settings) is chosen, then applied to
the held-out plan; the secondary themes per sheet it adds are printed beside the figure
(a rule that adds many secondary themes makes main-or-secondary easy). Third part: the
ratio chosen inside the folds under a budget of secondary themes per sheet (the best inner
main-or-secondary among the ratios giving at most that many on the four other plans).
Never reads previous_review or youth_recommendations.
"""

from __future__ import annotations

import itertools
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

from schemalab import themes  # noqa: E402
from schemalab import themes_classifier as tc  # noqa: E402
from schemalab.build import build  # noqa: E402

#: Budgets of secondary themes per sheet for the third part (a reader must be able to trust them).
BUDGETS = (0.4, 0.5)

GRID = [
    {"balance": b, "taxonomy": t, "c": c} for b, t, c in itertools.product((False, True), (0.0, 1.0, 3.0), (3.0, 10.0))
]


def _held_out_ratio(te, probas, deps, y, what: str, choose) -> tuple[int, int]:
    """For each held-out plan, the secondary ratio ``choose`` picks from the inner LODO
    probabilities of the four other plans, applied to the held-out plan: main-or-secondary
    hits and secondary themes, summed over the plans (one line printed per plan)."""
    hits = n_sec = 0
    for d in deps:
        chosen = choose([probas[(d, d2)] for d2 in deps if d2 != d])
        rows, p = probas[(d, None)]
        h, ns = int(te._hits(p, y[rows], chosen)[1].sum()), int(te._n_secondary(p, chosen).sum())
        hits, n_sec = hits + h, n_sec + ns
        print(f"  {what}, held out {d}: ratio {chosen} chosen on the other four, main/sec {h}/{len(rows)}")
    return hits, n_sec


def _reaching(te, y, target: float, inner) -> float:
    """The largest ratio whose inner main-or-secondary reaches ``target`` (else the smallest)."""
    for r in te.CURVE_RATIOS:
        ok = sum(int(te._hits(p, y[rows], r)[1].sum()) for rows, p in inner)
        if ok / sum(len(rows) for rows, _ in inner) >= target:
            return r
    return te.CURVE_RATIOS[-1]


def _within(te, y, budget: float, inner) -> float:
    """The ratio with the best inner main-or-secondary among those giving at most ``budget``
    secondary themes per sheet (ties: the larger ratio; none: the largest)."""
    n_in = sum(len(rows) for rows, _ in inner)
    best = None
    for r in te.CURVE_RATIOS:
        ns = sum(int(te._n_secondary(p, r).sum()) for _, p in inner) / n_in
        ok = sum(int(te._hits(p, y[rows], r)[1].sum()) for rows, p in inner)
        if ns <= budget and (best is None or ok > best[1]):
            best = (r, ok)
    return best[0] if best else te.CURVE_RATIOS[0]


def main() -> int:
    import themes_eval as te

    ex = tc.training_examples()
    ex["prepared"] = [tc.prepare(t) for t in ex["text"]]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "processed"
        build(te.RAW, data, log=lambda *_: None)
        if te.CACHE.exists():
            shutil.copytree(te.CACHE, data / "cache")
        texts = themes.action_texts(data)
        m, _ = te.match_labels(texts, te.load_labels())
        sheets = texts.loc[m["index"].to_numpy()].reset_index(drop=True)
        y = m["theme_code"].to_numpy()
        dep = m["department_code"].to_numpy()
        e_ex = themes.embed(ex["prepared"].tolist(), None, data, progress=False)
        pt = [tc.prepare(t) for t in sheets["title"]]
        px = [tc.prepare(t) for t in sheets["text"]]
        e_t = themes.embed(pt, None, data, progress=False)
        e_x = themes.embed(px, None, data, progress=False)

    def fit(setting, keep):
        rows = keep & ((ex["kind"] != "taxonomy").to_numpy() | (setting["taxonomy"] > 0))
        e = ex[rows]
        w = e["kind"].map({**tc.KIND_WEIGHTS, "taxonomy": setting["taxonomy"]}).to_numpy()
        if setting["balance"]:
            w = w * len(e) / (14 * e.groupby("theme_code")["theme_code"].transform("size").to_numpy())
        clf = tc.ThemeClassifier(c=setting["c"], lexicon_weight=0.0)
        return clf.fit(e["prepared"].tolist(), e["theme_code"].to_numpy(), e_ex[rows], sample_weight=w)

    def sheet_main(clf, rows):
        p = tc.TITLE_SHARE * clf.predict_proba([pt[i] for i in rows], e_t[rows])
        p += (1 - tc.TITLE_SHARE) * clf.predict_proba([px[i] for i in rows], e_x[rows])
        return np.array(themes.theme_codes())[p.argmax(axis=1)]

    ex_dep = ex["department_code"].to_numpy()
    deps = sorted(set(dep))
    right = 0
    for d in deps:
        inner = [x for x in deps if x != d]
        scores = []
        for s in GRID:
            ok = 0
            for d2 in inner:
                rows = np.where(dep == d2)[0]
                ok += int((sheet_main(fit(s, (ex_dep != d) & (ex_dep != d2)), rows) == y[rows]).sum())
            scores.append(ok)
        best = GRID[int(np.argmax(scores))]  # first best: the grid's order breaks ties
        rows = np.where(dep == d)[0]
        hit = int((sheet_main(fit(best, ex_dep != d), rows) == y[rows]).sum())
        right += hit
        print(f"held out {d}: chosen {best} (inner {max(scores)}/{int((dep != d).sum())}), outer {hit}/{len(rows)}")
        sys.stdout.flush()
    print(f"nested LODO, sheets, main theme: {right / len(y):.3f} ({right}/{len(y)})")

    shipped = {"balance": tc.CLASS_BALANCE, "taxonomy": tc.KIND_WEIGHTS["taxonomy"], "c": tc.C}

    def sheet_proba(clf, rows):
        p = tc.TITLE_SHARE * clf.predict_proba([pt[i] for i in rows], e_t[rows])
        return p + (1 - tc.TITLE_SHARE) * clf.predict_proba([px[i] for i in rows], e_x[rows])

    probas = {}
    for d in deps:
        for d2 in [x for x in deps if x != d]:
            rows = np.where(dep == d2)[0]
            probas[(d, d2)] = (rows, sheet_proba(fit(shipped, (ex_dep != d) & (ex_dep != d2)), rows))
        rows = np.where(dep == d)[0]
        probas[(d, None)] = (rows, sheet_proba(fit(shipped, ex_dep != d), rows))
    for target in (0.93, 0.95):
        hits, n_sec = _held_out_ratio(te, probas, deps, y, f"target {target}", partial(_reaching, te, y, target))
        print(
            f"nested LODO, sheets, main-or-secondary with the ratio chosen inside the folds for an inner target "
            f"{target}: {hits / len(y):.3f} ({hits}/{len(y)}), {n_sec / len(y):.2f} secondary themes per sheet"
        )
    # Third part: a budget of secondary themes instead of a target. For each held-out plan, the
    # ratio with the best inner main-or-secondary among those giving at most `budget` secondary
    # themes per sheet on the four other plans (ties: the larger ratio, fewer secondary themes).
    for budget in BUDGETS:
        hits, n_sec = _held_out_ratio(te, probas, deps, y, f"budget {budget}", partial(_within, te, y, budget))
        print(
            f"nested LODO, sheets, main-or-secondary with the ratio chosen inside the folds under a budget of "
            f"{budget} secondary themes per sheet: {hits / len(y):.3f} ({hits}/{len(y)}), "
            f"{n_sec / len(y):.2f} secondary themes per sheet"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
