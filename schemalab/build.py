"""``schemalab build``: parse every registered raw plan and write every contract table.

One broken file never stops the others, and nothing already built is lost:

- each raw file is routed to exactly one parser (:func:`schemalab.parsers.detect`);
  a file no parser claims is reported as *skipped*;
- a file that fails to parse is reported with its file and line
  (:class:`~schemalab.extract.ParseError`), the others are still built and written;
- the rows of a département that failed (or was left out with ``--only``) are carried
  over from the previous build in the output folder, never replaced by nothing;
- the exit code is non-zero when any file failed.

Heavy imports (pandas, pyarrow) happen inside functions, so ``schemalab --help`` is fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/processed")


@dataclass
class FileOutcome:
    """What happened to one raw file."""

    source_file: str
    status: str  # built / failed / skipped / excluded
    code: str | None = None
    plan_id: str | None = None
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    """Outcome of a build: per-file outcomes and the tables written."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def parse_file(
    path: Path, manifest: dict, strict: bool = False, only: set[str] | None = None
) -> tuple[FileOutcome, object]:
    """Parse one raw file; never raises for bad input (the outcome says what went wrong)."""
    from schemalab.extract import ParseError, decode
    from schemalab.parsers import detect

    name = path.name
    try:
        data = path.read_bytes()
        text = decode(data, name)
        if not text.strip():
            raise ParseError(name, 1, "a plan text; the file is empty")
        parser_cls = detect(text, name)
    except ParseError as exc:
        return FileOutcome(name, "failed", message=str(exc)), None
    if parser_cls is None:
        return FileOutcome(name, "skipped", message="no registered parser claims this file"), None
    entry = manifest.get(name)
    code = entry.department_code if entry else parser_cls.code
    if only and code not in only:
        return FileOutcome(name, "excluded", code=code), None
    try:
        res = parser_cls().parse(data, name, manifest.get(name), strict=strict)
    except ParseError as exc:
        return FileOutcome(name, "failed", code=code, message=str(exc)), None
    except Exception as exc:  # a parser bug must not stop the other files
        msg = f"{name}: internal parser error ({type(exc).__name__}: {exc}); please report it"
        return FileOutcome(name, "failed", code=code, message=msg), None
    plan = res.tables["plans"][0]
    out = FileOutcome(
        name, "built", code=code, plan_id=plan["plan_id"], counts=res.counts(), warnings=list(res.warnings)
    )
    return out, res


def build(
    raw_dir: str | Path = DEFAULT_RAW,
    out_dir: str | Path = DEFAULT_OUT,
    only: list[str] | None = None,
    strict: bool = False,
    log=print,
) -> BuildReport:
    """Parse every raw plan in ``raw_dir`` and write every contract table to ``out_dir``.

    Args:
        raw_dir: folder of raw plan texts (``*.txt``) and their manifest.
        out_dir: destination of the Parquet tables.
        only: INSEE codes to rebuild; the other départements' rows are kept as they are.
        strict: unknown headings / vocabulary values fail the file instead of warning.
        log: where progress lines go.
    """
    import pandas as pd

    from schemalab import io
    from schemalab.manifest import load_manifest, sha256_file
    from schemalab.schema import PARSED_TABLES, TABLES, THEME_TABLES

    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    manifest = load_manifest(raw_dir)
    report = BuildReport()
    results = []
    sources: dict[str, str] = {}
    for path in sorted(raw_dir.glob("*.txt")):
        t0 = time.perf_counter()
        outcome, res = parse_file(path, manifest, strict=strict, only=set(only) if only else None)
        report.outcomes.append(outcome)
        if outcome.status == "built":
            sha = sha256_file(path)
            entry = manifest.get(path.name)
            if entry and entry.sha256 != sha:
                outcome.warnings.append(f"{path.name}: sha256 differs from data/raw/manifest.csv")
            sources[path.name] = sha
            results.append(res)
            c = outcome.counts
            n_actors = c.get("action_actors", 0)
            log(
                f"{outcome.code:>3} {path.name}: {c.get('actions', 0)} sheets, {c.get('indicators', 0)} indicators, "
                f"{n_actors} actors, {c.get('sub_actions', 0)} sub-actions, {c.get('budget_lines', 0)} amounts "
                f"({time.perf_counter() - t0:.2f}s)"
            )
            for w in outcome.warnings:
                log(f"    warning: {w}")
        elif outcome.status == "failed":
            log(f"FAIL {outcome.message}")
        elif outcome.status == "skipped":
            log(f"skip {path.name}: {outcome.message}")

    # Carry over the previous build's rows of départements not rebuilt now (failed or
    # excluded), when their raw file is still there: nothing already built is lost.
    rebuilt = {r.tables["plans"][0]["plan_id"] for r in results}
    keep_codes = {o.code for o in report.outcomes if o.status in ("failed", "excluded") and o.code}
    old_sources = {}
    carried: dict[str, pd.DataFrame] = {}
    for name in PARSED_TABLES:
        path = out_dir / f"{name}.parquet"
        if not keep_codes or not path.exists():
            continue
        try:
            old = io.read_table(name, out_dir)
        except Exception as exc:  # unreadable or stale previous table: say so, keep going
            log(f"warning: previous {path} not reusable ({exc})")
            continue
        codes = old["plan_id"].str.split("-").str[0]
        mask = codes.isin(keep_codes) & ~old["plan_id"].isin(rebuilt)
        carried[name] = old[mask]
        if name == "plans":
            meta = io.table_metadata(path)["sources"]
            old_sources = {f: meta[f] for f in carried[name]["source_file"] if f in meta}
    if carried.get("plans") is not None and len(carried["plans"]):
        log(f"kept previous tables for {', '.join(sorted(carried['plans']['plan_id']))}")
    sources.update({k: v for k, v in old_sources.items() if k not in sources})

    for name in PARSED_TABLES:
        frames = [io.conform(name, r.tables.get(name, [])) for r in results]
        if name in carried:
            frames.append(io.conform(name, carried[name]))
        frames = [f for f in frames if len(f)]
        df = pd.concat(frames, ignore_index=True) if frames else io.empty_frame(name)
        io.write_table(name, df, out_dir, sources)
        report.written[name] = len(df)
    # The theme step's tables: an empty, valid table stands in until `schemalab themes` runs.
    for name in THEME_TABLES:
        if not (out_dir / f"{name}.parquet").exists():
            io.write_table(name, io.empty_frame(name), out_dir, sources)
            report.written[name] = 0
    assert set(report.written) <= set(TABLES)
    n_failed = len(report.failed)
    log(
        f"wrote {len(report.written)} tables to {out_dir}"
        + (f"; {n_failed} file(s) FAILED: " + ", ".join(o.source_file for o in report.failed) if n_failed else "")
    )
    return report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of raw plans (default data/raw)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder of the tables (default data/processed)")
    p.add_argument("--only", nargs="+", metavar="CODE", help="rebuild only these départements (INSEE codes)")
    p.add_argument("--strict", action="store_true", help="unknown headings or vocabulary values fail the file")


def main(args: argparse.Namespace) -> int:
    from schemalab.manifest import load_manifest
    from schemalab.parsers import codes

    if args.only:
        known = set(codes()) | {e.department_code for e in load_manifest(args.raw).values()}
        bad = [c for c in args.only if c not in known]
        if bad:
            print(f"error: unknown département code(s) {bad}; known: {', '.join(sorted(known))}", file=sys.stderr)
            return 2
    try:
        report = build(args.raw, args.out, only=args.only, strict=args.strict)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return report.exit_code
