"""Write schemalab/data/theme_training_vectors.parquet: the default model's embeddings of
the classifiers' training texts (labelled titles and steps, each genre's own texts), so that classifying with the
default model only embeds the texts being classified.

    python bench/make_training_vectors.py [--cache DATA_DIR]

Deterministic (sentence-transformers on CPU, texts embedded in sorted order); rerun it
after changing a label file. ``--cache`` reuses an embedding cache (``DATA_DIR/cache``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemalab import themes  # noqa: E402
from schemalab import themes_classifier as tc  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", default=None, help="data folder whose cache/embeddings.parquet is reused")
    args = ap.parse_args()
    # the shared classifier's texts and each genre's own (themes_classifier.GENRES)
    texts = set(tc.training_examples()["text"]).union(*(tc.training_examples(g)["text"] for g in tc.GENRES))
    prepared = sorted({tc.prepare(t) for t in texts})
    tc.SHIPPED_VECTORS.unlink(missing_ok=True)
    themes._shipped_vectors.cache_clear()
    vecs = themes.embed(prepared, None, args.cache, progress=False)
    new = {themes.text_hash(t): v for t, v in zip(prepared, vecs, strict=True)}
    themes._append_cache(tc.SHIPPED_VECTORS, themes.DEFAULT_MODEL_NAME, new)
    print(f"wrote {len(new)} vectors to {tc.SHIPPED_VECTORS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
