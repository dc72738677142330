"""The youth matches on fictional plans written apart: does the sheet shown answer?

    python bench/matches_written_apart.py [--plans 1 2] [--grid]

Each plan of tests/fixtures/match_written_apart/plan_<n>/ was written by a writer who saw no
plan, no taxonomy and no classifier (the brief is kept beside them): its action sheets
(``sheets.md``: « ## Fiche N – intitulé », « Objectifs : », « Étapes : ») and its youth annex
(``recs.csv``: position, rubrique, numero_imprime, text), written from the young people's
lives, not from the sheets. Two readers then named, for each recommendation, the sheets that
answer it, from the two files alone (``labels.csv``: position, then answering_sheets,
confidence, reason suffixed _a and _b).

The sheets and recommendations are read as the theme step reads a plan's
(:func:`schemalab.themes.theme_other_texts`): a sheet's theme probabilities from its title and
whole text (``sheet_probabilities``) and the embedding of that text; a recommendation's
probabilities read under its rubrique by the youth classifier, and the embedding of the text
alone; ``match_scores`` ranks the sheets, and the first sheet is named when its score reaches
``MATCH_THRESHOLD`` (« aucune fiche proche » otherwise). Counted per reader: the statement is
right when a named first sheet is one the reader names, or when « aucune fiche proche » is said
of a recommendation the reader says no sheet answers. ``--grid`` prints the same counts for
other thresholds on the shipped score and on its embedding half (exploration: what is decided
is written in bench/theme_decisions.md first).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from schemalab.themes import MATCHES_PER_TEXT, best_sheets  # noqa: E402

FOLDER = ROOT / "tests" / "fixtures" / "match_written_apart"
CACHE = ROOT / "data" / "processed" / "cache"
_SHEET = re.compile(r"^##\s*Fiche\s+(\d+)\s*[–-]\s*(.+?)\s*$")


def read_sheets(path: Path) -> pd.DataFrame:
    """action_id, title, objectives (one per line), steps (list) of a sheets.md; a line that is
    neither a heading nor under one raises with the file and line."""
    rows: list[dict] = []
    block = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        s = line.strip()
        m = _SHEET.match(s)
        if m:
            rows.append({"action_id": m.group(1), "title": m.group(2), "objectives": [], "steps": []})
            block = None
        elif not s or s.startswith("# "):
            continue
        elif not rows:
            raise ValueError(f"{path}:{n}: text before the first « ## Fiche N – … »: {s[:60]!r}")
        elif s.rstrip(" :").lower() in ("objectifs", "étapes", "etapes"):
            block = "objectives" if s.lower().startswith("objectif") else "steps"
        elif block is None:
            raise ValueError(f"{path}:{n}: a line outside « Objectifs : » / « Étapes : »: {s[:60]!r}")
        else:
            rows[-1][block].append(s.lstrip("-• ").strip())
    return pd.DataFrame(rows)


def plan_scores(folder: Path) -> tuple[pd.DataFrame, list[str], dict[str, np.ndarray]]:
    """The recommendations of a plan folder, its sheets' numbers, and the match scores
    (recommendation × sheet) as the theme step computes them: ``shipped`` and its halves
    ``themes`` and ``embedding``."""
    from schemalab import themes
    from schemalab import themes_classifier as tc

    sheets = read_sheets(folder / "sheets.md")
    recs = pd.read_csv(folder / "recs.csv", dtype=str, keep_default_na=False)
    texts = [themes.build_text(t, "\n".join(o), s) for t, o, s in zip(sheets["title"], sheets["objectives"], sheets["steps"], strict=True)]  # fmt: skip
    p_sheets = tc.sheet_probabilities(sheets["title"], texts, None, CACHE)
    e_sheets = themes.embed(texts, None, CACHE, progress=False)
    headings = [h or None for h in recs["rubrique"]]
    p = tc.theme_probabilities(recs["text"].tolist(), None, CACHE, headings=headings, genre="youth")
    q = themes.embed([tc.prepare(t) for t in recs["text"]], None, CACHE, progress=False)
    scores = {
        "shipped": themes.match_scores(p, p_sheets, q, e_sheets),
        "themes": themes.match_scores(p, p_sheets),
        "embedding": np.clip(q @ e_sheets.T, 0, None),
    }
    return recs, sheets["action_id"].tolist(), scores


def counts(
    recs: pd.DataFrame, labels: pd.DataFrame, ids: list[str], sim: np.ndarray, threshold: float, gap: float = 0.0
) -> dict:
    """Per reader: right statements (named first sheet among the reader's, or « aucune fiche
    proche » where the reader names none), first sheet right among the answered, named, named
    right, unanswered, said none there. ``gap``: the first sheet is named only when it also leads
    the second by that much."""
    from themes_unseen import tally

    lab = labels.set_index("position")
    out = {}
    for reader in ("a", "b"):
        rows = []
        for pos, row in zip(recs["position"], sim, strict=True):
            shown = best_sheets(row, range(len(ids)))  # as the theme step ranks a plan's sheets
            top = row[shown]
            passes = bool(top[0] >= threshold and (len(top) < 2 or top[0] - top[1] >= gap))
            named = set(str(lab.loc[pos, f"answering_sheets_{reader}"]).split())
            rows.append((named, [ids[k] for k in shown], passes))
        out[reader] = tally(rows)
    return out


def _sum(dicts: list[dict]) -> dict:
    return {r: {k: sum(d[r][k] for d in dicts) for k in dicts[0][r]} for r in ("a", "b")}


def measure(folder: Path = FOLDER) -> dict:
    """The shipped matches on every fictional plan of ``folder``, in the form of
    bench/themes_unseen.py measure_matches (``youth_matching.written_apart`` of
    schemalab/data/theme_quality.json)."""
    from schemalab.themes import MATCH_THRESHOLD

    folders = sorted(folder.glob("plan_*"), key=lambda p: int(p.name.split("_")[1]))
    from themes_unseen import readers_agree

    per, cells_a, cells_b = [], [], []
    for f in folders:
        labels = pd.read_csv(f / "labels.csv", dtype=str, keep_default_na=False)
        recs, ids, sc = plan_scores(f)
        per.append(counts(recs, labels, ids, sc["shipped"], MATCH_THRESHOLD))
        cells_a += labels["answering_sheets_a"].tolist()
        cells_b += labels["answering_sheets_b"].tolist()
    tot = _sum(per)
    return {"n": tot["a"]["n"], "plans": [f.name for f in folders], "threshold": MATCH_THRESHOLD,
            "shown_per_text": MATCHES_PER_TEXT, "reader_a": tot["a"], "reader_b": tot["b"],
            **readers_agree(cells_a, cells_b)}  # fmt: skip


def main() -> int:
    from schemalab.themes import MATCH_THRESHOLD

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", nargs="+", help="plan numbers (default: every folder)")
    ap.add_argument("--grid", action="store_true", help="other thresholds, on the shipped score and its embedding half")
    ap.add_argument("--folder", type=Path, default=FOLDER)
    ap.add_argument("--gap", type=float, nargs="*", default=[], help="also: named only when leading the second by G")
    args = ap.parse_args()
    folders = sorted(args.folder.glob("plan_*"), key=lambda p: int(p.name.split("_")[1]))
    if args.plans:
        folders = [f for f in folders if f.name.split("_")[1] in args.plans]
    read = []
    for f in folders:
        labels = pd.read_csv(f / "labels.csv", dtype=str, keep_default_na=False)
        read.append((f.name, labels, *plan_scores(f)))
    grid = [("shipped", MATCH_THRESHOLD, 0.0)] + [("shipped", MATCH_THRESHOLD, g) for g in args.gap]
    if args.grid:
        grid += [("shipped", t, 0.0) for t in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8) if t != MATCH_THRESHOLD]
        grid += [("embedding", t, 0.0) for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)]
    print(f"plans: {', '.join(name for name, *_ in read)}")
    for score, t, g in grid:
        per = [counts(recs, labels, ids, sc[score], t, g) for _, labels, recs, ids, sc in read]
        tot = _sum(per)
        a, b = tot["a"], tot["b"]
        print(
            f"{score:>9} >= {t:<4}"
            + (f", gap >= {g}" if g else "")
            + f": statements right A {a['right']}/{a['n']} B {b['right']}/{b['n']}; "
            f"first right {a['first_right']}/{a['answered']} | {b['first_right']}/{b['answered']}; "
            f"named right {a['shown_right']}/{a['shown']} | {b['shown_right']}/{b['shown']}; "
            f"« aucune » where none {a['said_none']}/{a['unanswered']} | {b['said_none']}/{b['unanswered']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
