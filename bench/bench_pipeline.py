"""Benchmark of the whole pipeline: parse, write, scale to 100 plans, themes, report.

    python bench/bench_pipeline.py [--runs 5] [--scale 5 10 25 50 100] [--skip-themes] [--skip-report]
                                   [--profile] [--json FILE]

Times (median of --runs, after imports):
  1. parsing the real plans of data/raw (in memory);
  2. writing every table (schema-checked Parquet);
  3. scaling: a synthetic corpus of N plans (the real texts replicated under other
     INSEE codes, as separate raw files with their manifest, in a temporary folder),
     `build` in a fresh process per N, with wall time and peak memory (max RSS);
  4. the theme step cold (empty embedding cache) and warm, when schemalab.themes exists;
  5. the full report (tables present, cache warm), when schemalab.report exists.
Prints throughput (MB of raw text per second, actions per second) and, with --json FILE,
writes the figures for the README's performance section.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemalab.build import build, parse_file  # noqa: E402
from schemalab.io import conform, write_table  # noqa: E402
from schemalab.manifest import COLUMNS, load_manifest, sha256_file  # noqa: E402
from schemalab.schema import PARSED_TABLES  # noqa: E402

RAW = ROOT / "data" / "raw"
#: INSEE codes used for the synthetic corpus (the real ones are left out).
SYNTHETIC_CODES = [f"{i:02d}" for i in range(1, 96) if i != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def parse_all(manifest):
    results = []
    for path in sorted(RAW.glob("*.txt")):
        outcome, res = parse_file(path, manifest)
        if res is not None:
            results.append(res)
    return results


def write_all(results, out: Path):
    for name in PARSED_TABLES:
        rows = [r for res in results for r in res.tables.get(name, [])]
        write_table(name, conform(name, rows), out)


def synthetic_corpus(n: int, dest: Path) -> Path:
    """n raw plans: the real texts cycled under other INSEE codes, with a manifest."""
    real = [e for e in load_manifest(RAW).values()]
    real_codes = {e.department_code for e in real}
    codes = [c for c in SYNTHETIC_CODES if c not in real_codes]
    dest.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        e = real[i % len(real)]
        code = e.department_code if i < len(real) else codes[i - len(real)]
        name = f"{code}_{e.source_file.split('_', 1)[1]}"
        shutil.copy(RAW / e.source_file, dest / name)
        rows.append(
            [
                name,
                code,
                e.department_name if i < len(real) else f"Synthétique {code}",
                e.plan_title,
                e.period_start,
                e.period_end,
                sha256_file(dest / name),
            ]
        )
    with open(dest / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    return dest


_CHILD = """
import resource, sys, time
t0 = time.perf_counter()
from schemalab.build import build
t1 = time.perf_counter()
report = build(sys.argv[1], sys.argv[2], log=lambda *_: None, check_identity=False)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, report.written.get("actions", 0),
      len(report.failed))
"""


def scale_run(n: int, tmp: Path) -> dict:
    raw = synthetic_corpus(n, tmp / f"raw{n}")
    out = tmp / f"out{n}"
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(raw), str(out)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    t_import, t_build, maxrss_kb, n_actions, n_failed = proc.stdout.split()
    mb = sum(p.stat().st_size for p in raw.glob("*.txt")) / 1e6
    return {
        "plans": n,
        "mb": round(mb, 2),
        "build_s": round(float(t_build), 3),
        "import_s": round(float(t_import), 3),
        "peak_rss_mb": round(int(maxrss_kb) / 1024, 1),
        "actions": int(n_actions),
        "failed": int(n_failed),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=int, nargs="*", default=[5, 10, 25, 50, 100])
    ap.add_argument("--skip-themes", action="store_true")
    ap.add_argument("--skip-report", action="store_true")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--profile", action="store_true", help="print the cProfile top 15 of parsing the five plans")
    args = ap.parse_args()
    figures: dict = {}
    manifest = load_manifest(RAW)
    mb = sum(p.stat().st_size for p in RAW.glob("*.txt")) / 1e6

    results = parse_all(manifest)
    n_actions = sum(len(r.tables["actions"]) for r in results)
    t_parse = median_time(lambda: parse_all(manifest), args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        t_write = median_time(lambda: write_all(results, Path(tmp)), args.runs)
    figures["parse"] = {
        "plans": len(results),
        "actions": n_actions,
        "mb": round(mb, 3),
        "median_s": round(t_parse, 3),
        "mb_per_s": round(mb / t_parse, 2),
        "actions_per_s": round(n_actions / t_parse, 1),
    }
    figures["write"] = {"median_s": round(t_write, 3)}
    print(
        f"parse   {len(results)} plans, {n_actions} actions, {mb:.2f} MB: {t_parse:.3f}s "
        f"({mb / t_parse:.1f} MB/s, {n_actions / t_parse:.0f} actions/s)"
    )
    print(f"write   every table: {t_write:.3f}s;  parse + write: {t_parse + t_write:.3f}s (target < 1 s)")

    figures["scale"] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.scale:
            row = scale_run(n, Path(tmp))
            figures["scale"].append(row)
            print(
                f"scale   {n:>3} plans ({row['mb']:.1f} MB): build {row['build_s']:.2f}s, "
                f"peak RSS {row['peak_rss_mb']:.0f} MB, {row['actions']} actions, {row['failed']} failed"
            )
    if len(figures["scale"]) >= 2:
        a, b = figures["scale"][0], figures["scale"][-1]
        ratio = (b["build_s"] / a["build_s"]) / (b["plans"] / a["plans"])
        figures["scale_linearity"] = round(ratio, 2)
        print(f"scale   time per plan at {b['plans']} / at {a['plans']}: {ratio:.2f} (1.0 = linear)")

    figures["cli_help_s"] = bench_cli_help(args.runs)
    if args.profile:
        profile_parse(manifest)
    if not args.skip_themes and importlib.util.find_spec("schemalab.themes"):
        figures["themes"] = bench_themes()
    if not args.skip_report and importlib.util.find_spec("schemalab.report"):
        figures["report"] = bench_report()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return 0


def bench_cli_help(runs: int) -> float:
    """`schemalab --help` in a fresh process, imports included (target < 1 s)."""
    cmd = [sys.executable, "-m", "schemalab.cli", "--help"]
    t = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT), runs)
    print(f"cli     schemalab --help in a fresh process: {t:.2f}s (target < 1 s)")
    return round(t, 3)


def profile_parse(manifest) -> None:
    """Where parsing spends its time: cProfile, sorted by cumulative time."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    parse_all(manifest)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(15)


def bench_themes() -> dict:
    """Theme step on the real tables (whole command, imports included): cold (empty
    embedding cache), warm (inputs unchanged: the previous tables are reused), and
    recomputed with the embedding cache warm (--force)."""
    with tempfile.TemporaryDirectory() as tmp:
        build(RAW, tmp, log=lambda *_: None)
        cmd = [sys.executable, "-m", "schemalab.cli", "themes", "--quiet", "--data", tmp]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        cold = time.perf_counter() - t0
        warm = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT), 3)
        recompute = median_time(lambda: subprocess.run([*cmd, "--force"], check=True, capture_output=True, cwd=ROOT), 3)
    print(
        f"themes  cold {cold:.1f}s, warm {warm:.2f}s (target < 2 s), recomputed with warm embedding cache "
        f"{recompute:.2f}s (whole command, incl. imports)"
    )
    return {"cold_s": round(cold, 2), "warm_s": round(warm, 2), "recompute_warm_cache_s": round(recompute, 2)}


def bench_report() -> dict:
    """The full report with tables present and the embedding cache warm."""
    cmd = [sys.executable, "-m", "schemalab.cli", "report"]
    subprocess.run(cmd, capture_output=True, cwd=ROOT)  # warm-up: builds tables and cache if stale
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
    dt = time.perf_counter() - t0
    print(f"report  full report (tables present, cache warm): {dt:.1f}s, exit {proc.returncode} (target < 90 s)")
    return {"seconds": round(dt, 1), "exit_code": proc.returncode}


if __name__ == "__main__":
    sys.exit(main())
