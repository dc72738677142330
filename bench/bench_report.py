"""Benchmark of ``schemalab report``: the five real plans, and a synthetic national corpus.

    python bench/bench_report.py [--scale 10 25 100] [--workers 2] [--runs 1] [--skip-five]
                                 [--json FILE]

1. five plans: tables built and themes computed in a temporary folder, one warm-up report
   (kernels, caches), then the report timed (--runs times, median): the whole command in
   a fresh process, imports included; 12 notebooks (7 comparisons, 5 profiles).
2. for each N of --scale: the synthetic corpus of bench_pipeline.py (the five real texts
   cycled under other INSEE codes, with their manifest), through ``schemalab build``,
   ``schemalab themes`` and ``schemalab report`` (7 comparisons + N profiles), each a
   fresh process, timed.

For every step: wall time, CPU time (user + system of the command and of every process
it waited for: workers and kernels; on an idle machine the wall time of the report is
about CPU / cores), peak memory of the whole process tree (the command, its
worker processes and kernels: the sum of their resident sets, sampled every 0.2 s) and
the machine's load average before and after (the machine is shared: a load above the
number of cores means the figures are pessimistic; rerun when it is quiet).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pipeline import RAW, synthetic_corpus  # noqa: E402


def _tree_rss(proc) -> int:
    import psutil

    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


_BUILD = (
    "import sys; from schemalab.build import build; "
    "r = build(sys.argv[1], sys.argv[2], log=lambda *_: None, check_identity=False); "
    "print(f'{len(r.failed)} file(s) failed'); sys.exit(1 if r.failed or r.error else 0)"
)


def timed(cmd: list[str]) -> dict:
    """Run ``cmd`` (a schemalab command, or ``-c`` code) in a fresh process: wall time, peak tree RSS, load, exit code."""
    import psutil

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    import resource

    load0 = os.getloadavg()[0]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    popen = subprocess.Popen(
        [sys.executable, *cmd] if cmd[0] == "-c" else [sys.executable, "-m", "schemalab.cli", *cmd],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc = psutil.Process(popen.pid)
    peak = [0]

    def sample():
        while popen.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc))
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = popen.communicate()
    dt = time.perf_counter() - t0
    th.join()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    return {
        "seconds": round(dt, 1),
        "cpu_s": round(cpu, 1),  # user + system of the command and every process it waited for
        "peak_mb": round(peak[0] / 2**20),
        "load_before": round(load0, 1),
        "load_after": round(os.getloadavg()[0], 1),
        "exit_code": popen.returncode,
        "tail": out.strip().splitlines()[-1:] if out else [],
    }


def _show(label: str, r: dict) -> None:
    print(
        f"{label:<34} {r['seconds']:>6.1f} s  cpu {r['cpu_s']:>6.1f} s  peak {r['peak_mb']:>5} MB  load {r['load_before']}→{r['load_after']}"
        f"  exit {r['exit_code']}",
        flush=True,
    )


def bench_five(tmp: Path, runs: int, workers: list[str]) -> dict:
    data, out = tmp / "five" / "processed", tmp / "five" / "reports"
    _show("five: build", b := timed(["build", "--raw", str(RAW), "--out", str(data)]))
    _show("five: themes", th := timed(["themes", "--quiet", "--data", str(data)]))
    cmd = ["report", "--quiet", "--data", str(data), "--raw", str(RAW), "--out", str(out), *workers]
    _show("five: report (warm-up)", timed(cmd))
    rows = []
    for i in range(runs):
        rows.append(timed(cmd))
        _show(f"five: report, warm ({i + 1}/{runs})", rows[-1])
    med = statistics.median(r["seconds"] for r in rows)
    print(f"five: report median {med:.1f} s (target < 20 s)")
    return {"build": b, "themes": th, "report_runs": rows, "report_median_s": med}


def bench_scale(n: int, tmp: Path, workers: list[str]) -> dict:
    raw = synthetic_corpus(n, tmp / f"raw{n}")
    data, out = tmp / f"data{n}", tmp / f"reports{n}"
    row = {"plans": n, "sheets": None}
    # the copies are misfiled on purpose (Landes' text under code 01): build without the identity check,
    # as bench_pipeline.py does; the report then finds the tables current and does not rebuild them
    row["build"] = timed(["-c", _BUILD, str(raw), str(data)])
    _show(f"{n:>3} plans: build", row["build"])
    row["themes"] = timed(["themes", "--quiet", "--data", str(data)])
    _show(f"{n:>3} plans: themes", row["themes"])
    row["report"] = timed(["report", "--quiet", "--data", str(data), "--raw", str(raw), "--out", str(out), *workers])
    _show(f"{n:>3} plans: report ({n} profiles)", row["report"])
    with __import__("contextlib").suppress(Exception):
        import pandas as pd

        row["sheets"] = int(len(pd.read_parquet(data / "actions.parquet")))
        run = json.loads((out / "latest" / "run.json").read_text(encoding="utf-8"))
        row["notebooks"] = len(run["notebooks"])
        row["failed"] = [x["name"] for x in run["notebooks"] if x["status"] != "ok"]
    total = sum(row[k]["seconds"] for k in ("build", "themes", "report"))
    row["total_s"] = round(total, 1)
    row["peak_mb"] = max(row[k]["peak_mb"] for k in ("build", "themes", "report"))
    print(
        f"{n:>3} plans: build + themes + report {total:.1f} s, peak {row['peak_mb']} MB, "
        f"{row.get('sheets')} action sheets, {row.get('notebooks')} notebooks, failed {row.get('failed')}"
        + (" (target < 300 s, < 2048 MB)" if n >= 100 else ""),
        flush=True,
    )
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, nargs="*", default=[10, 25, 100])
    ap.add_argument("--runs", type=int, default=1, help="timed runs of the five-plan report (median)")
    ap.add_argument("--workers", type=int, help="passed to schemalab report --workers")
    ap.add_argument("--skip-five", action="store_true")
    ap.add_argument("--keep", type=Path, help="keep the corpora, tables and reports in this folder")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args()
    workers = ["--workers", str(args.workers)] if args.workers else []
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()}", flush=True)
    figures: dict = {"cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as t:
        tmp = Path(args.keep) if args.keep else Path(t)
        tmp.mkdir(parents=True, exist_ok=True)
        if not args.skip_five:
            figures["five"] = bench_five(tmp, args.runs, workers)
        figures["scale"] = [bench_scale(n, tmp, workers) for n in args.scale]
    sc = figures["scale"]
    if len(sc) >= 2:
        a, b = sc[0], sc[-1]
        for step in ("build", "themes", "report"):
            ratio = (b[step]["seconds"] / a[step]["seconds"]) / (b["plans"] / a["plans"])
            figures[f"{step}_per_plan_ratio"] = round(ratio, 2)
            print(f"{step:<7} time per plan at {b['plans']} / at {a['plans']}: {ratio:.2f} (1.0 = linear)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
