"""``schemalab build``: parse every registered raw plan and write every contract table.

One broken entry never stops the others, nothing already built is lost, and a build is
all or nothing:

- each raw file is read once (:func:`schemalab.textio.read_plan`: a directory named
  ``*.txt``, a link loop, an unreadable or implausibly large file fails *that* entry),
  decoded and normalised (:mod:`schemalab.textio`) before any ``detect`` runs, and routed
  to exactly one parser (:func:`schemalab.parsers.detect`);
- a file that looks like a plan (named ``NN_*.txt`` or listed in manifest.csv) and that
  no parser claims is a *failure*; any other unclaimed file is *skipped*;
- identity: the département the parser recognised, the period and title it read must
  agree with the file name and the manifest row, else the file fails naming both;
- completeness: the sheets found must be those the plan announces
  (:meth:`~schemalab.parsers.base.BaseParser.check_completeness`), else the file fails
  naming the missing numbers;
- a second copy of a plan (same plan id) fails; a malformed manifest.csv row fails the
  file it names, with its line; two *editions* of one département (other periods, so
  other plan ids ``<code>-<start>-<end>``), each claimed by its own parser, build side by
  side;
- the rows of a département that failed (at whatever stage) or was left out with
  ``--only`` are carried over from the previous build, never replaced by nothing;
- every table is written into a staging folder, then switched in under a journal
  (``.switch``), holding a lock (``.build.lock``) so two builds never interleave; a build
  killed while switching is completed by the next one, and readers refuse the folder
  meanwhile (:func:`schemalab.io.check_fresh`: every table must carry the same build id);
- the exit code is non-zero when any entry failed.

Heavy imports (pandas, pyarrow) happen inside functions, so ``schemalab --help`` is fast.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/processed")
#: A raw file named like a plan: ``<INSEE code>_<name>.txt`` (e.g. 40_landes_2024-2028.txt).
PLAN_NAME = re.compile(r"^(?P<code>\d{2,3}|2[AB])_.+\.txt$", re.I)
_NAME_PERIOD = re.compile(r"_((?:19|20)\d\d)-((?:19|20)\d\d)\.txt$", re.I)
STAGING = ".staging"
LOCK = ".build.lock"


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
    #: Other départements whose rows a failure keeps (file name and manifest disagree).
    also_keep: tuple[str, ...] = ()


@dataclass
class BuildReport:
    """Outcome of a build: per-file outcomes and the tables written."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)
    build_id: str | None = None
    error: str | None = None  # the tables could not be written (nothing was switched in)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.error else 0


def _words(text: str) -> set[str]:
    from schemalab.textio import fold

    return {w for w in re.findall(r"[a-z]{4,}", fold(text))}


def check_identity(name: str, parser_cls, plan: dict, entry) -> str | None:
    """What disagrees between the plan the parser read and the file name / manifest row."""
    m = PLAN_NAME.match(name)
    name_code = m.group("code").upper() if m else None
    if entry is not None and name_code and entry.department_code != name_code:
        return f"the file name says département {name_code}, manifest.csv says {entry.department_code}"
    expected = entry.department_code if entry is not None else name_code
    if expected and parser_cls.code != expected:
        where = "manifest.csv and the file name say" if entry is not None else "the file name says"
        return (
            f"the text is the plan of {parser_cls.name} ({parser_cls.code}, recognised by {parser_cls.__name__}) "
            f"but {where} département {expected}"
        )
    period = (plan["period_start"], plan["period_end"])
    pm = _NAME_PERIOD.search(name)
    if pm and (int(pm.group(1)), int(pm.group(2))) != period:
        return f"the text reads period {period[0]}-{period[1]}, the file name says {pm.group(1)}-{pm.group(2)}"
    if entry is not None:
        if (entry.period_start, entry.period_end) != period:
            return (
                f"the text reads period {period[0]}-{period[1]}, "
                f"manifest.csv says {entry.period_start}-{entry.period_end}"
            )
        want = _words(entry.plan_title)
        if want and len(want & _words(plan["title"])) / len(want) < 0.6:
            return f"the text reads title {plan['title']!r}, manifest.csv says {entry.plan_title!r}"
    return None


def parse_file(
    path: Path,
    manifest: dict,
    strict: bool = False,
    only: set[str] | None = None,
    check_identity_: bool = True,
) -> tuple[FileOutcome, object]:
    """Parse one raw file; never raises for bad input (the outcome says what went wrong).

    A failed outcome carries the département code the file stands for (manifest row, else
    file name) whenever one is known, so the build keeps that département's rows.
    """
    name = path.name
    entry = manifest.get(name)
    m = PLAN_NAME.match(name)
    name_code = m.group("code").upper() if m else None
    code = entry.department_code if entry is not None else name_code
    if only and code and code not in only:
        return FileOutcome(name, "excluded", code=code), None
    outcome, res = _parse_file(path, entry, m, code, strict, only, check_identity_)
    if outcome.status == "failed" and name_code and name_code != outcome.code:
        outcome.also_keep = (name_code,)
    return outcome, res


def _parse_file(path: Path, entry, m, code, strict, only, check_identity_) -> tuple[FileOutcome, object]:
    from schemalab.extract import ParseError
    from schemalab.parsers import detect
    from schemalab.textio import decode, read_plan

    name = path.name
    try:
        data = read_plan(path)
        text, encoding = decode(data, name)
        parser_cls = detect(text, name)
    except ParseError as exc:
        return FileOutcome(name, "failed", code=code, message=str(exc)), None
    if parser_cls is None:
        if entry is None and m is None:
            return FileOutcome(name, "skipped", message="no registered parser claims this file"), None
        why = "it is listed in manifest.csv" if entry is not None else "it is named like a plan (NN_*.txt)"
        msg = f"{name}: a plan a registered parser claims ({why}); no parser recognises this text"
        return FileOutcome(name, "failed", code=code, message=msg), None
    code = code or parser_cls.code
    if only and code not in only:
        return FileOutcome(name, "excluded", code=code), None
    try:
        res = parser_cls().parse(data, name, entry, strict=strict)
    except ParseError as exc:
        more = _other_problems(parser_cls, data, name, entry) if strict else ""
        return FileOutcome(name, "failed", code=code, message=str(exc) + more), None
    except Exception as exc:  # a parser bug must not stop the other files
        msg = f"{name}: internal parser error ({type(exc).__name__}: {exc}); please report it"
        return FileOutcome(name, "failed", code=code, message=msg), None
    plan = res.tables["plans"][0]
    if check_identity_:
        problem = check_identity(name, parser_cls, plan, entry)
        if problem:
            return FileOutcome(name, "failed", code=code, message=f"{name}: misfiled plan: {problem}"), None
    incomplete = getattr(res, "incomplete", [])
    if incomplete:
        return FileOutcome(name, "failed", code=code, message=f"{name}: incomplete plan: {'; '.join(incomplete)}"), None
    out = FileOutcome(
        name, "built", code=code, plan_id=plan["plan_id"], counts=res.counts(), warnings=list(res.warnings)
    )
    if encoding not in ("utf-8", "str"):
        out.warnings.append(f"{name}: decoded as {encoding} (not UTF-8)")
    return out, res


def _other_problems(parser_cls, data: bytes, name: str, entry, shown: int = 12) -> str:
    """What a strict build refuses besides the error that stopped it: the warnings and
    unknown headings of the same plan parsed without ``strict``, so that one run lists them
    all (a strict parse stops at its first error). Empty when there are none or the plan
    does not parse at all."""
    try:
        res = parser_cls().parse(data, name, entry, strict=False)
    except Exception:  # noqa: BLE001 - the first error is already reported
        return ""
    problems = [*res.warnings, *(f"{name}:{n}: unknown heading {h!r}" for n, h in res.unknown_headings)]
    if not problems:
        return ""
    more = f"\n      … and {len(problems) - shown} more" if len(problems) > shown else ""
    listed = "".join(f"\n      {p}" for p in problems[:shown])
    return f"\n    every problem a strict build refuses in this plan (a build without --strict lists them as warnings):{listed}{more}"


def raw_entries(raw_dir: Path, manifest: dict) -> list[Path]:
    """The raw ``*.txt`` entries: those the manifest lists first (their order), then the others
    sorted, so the manifest's file wins over a stray copy."""
    try:
        found = {p.name: p for p in raw_dir.iterdir() if p.name.lower().endswith(".txt")}
    except OSError as exc:
        raise FileNotFoundError(f"raw folder {raw_dir} cannot be listed: {exc}") from exc
    listed = [found.pop(n) for n in manifest if n in found]
    return listed + [found[n] for n in sorted(found)]


@contextmanager
def build_lock(out_dir: Path, log=print):
    """An exclusive lock on ``out_dir`` for the whole build (waits for a running build)."""
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another build is writing {out_dir}: waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def switch_in(out_dir: Path, log=print) -> None:
    """Move every table of the staging folder into ``out_dir`` under the journal.

    The journal is written only once the staging folder is complete, so a build killed
    before it leaves ``out_dir`` untouched, and one killed after it is completed by the
    next call (roll forward); readers refuse ``out_dir`` while the journal exists."""
    from schemalab.io import SWITCH_JOURNAL

    staging = out_dir / STAGING
    journal = out_dir / SWITCH_JOURNAL
    if not journal.exists():
        return
    for p in sorted(staging.glob("*.parquet")) if staging.is_dir() else []:
        os.replace(p, out_dir / p.name)
    _fsync_dir(out_dir)
    journal.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    _fsync_dir(out_dir)


def recover(out_dir: Path, log=print) -> None:
    """Finish a switch a killed build left half done; drop an incomplete staging folder."""
    from schemalab.io import SWITCH_JOURNAL

    if (out_dir / SWITCH_JOURNAL).exists():
        log(f"completing the switch of tables a previous build left unfinished in {out_dir}")
        switch_in(out_dir, log)
    elif (out_dir / STAGING).exists():
        shutil.rmtree(out_dir / STAGING, ignore_errors=True)


def _placeholder(path: Path) -> bool:
    """True when ``path`` is absent, unreadable or an empty table (no theme computed yet)."""
    import pyarrow.parquet as pq

    if not path.exists():
        return True
    try:
        return pq.ParquetFile(path).metadata.num_rows == 0
    except Exception:  # unreadable: replaced by an empty, valid table
        return True


def _build_id(frames: dict) -> str:
    import pandas as pd

    h = hashlib.sha256()
    for name in sorted(frames):
        h.update(name.encode())
        df = frames[name]
        h.update(str(len(df)).encode())
        if len(df):
            h.update(pd.util.hash_pandas_object(df.astype(object), index=False).values.tobytes())
    return h.hexdigest()[:16]


def build(
    raw_dir: str | Path = DEFAULT_RAW,
    out_dir: str | Path = DEFAULT_OUT,
    only: list[str] | None = None,
    strict: bool = False,
    log=print,
    check_identity: bool = True,
) -> BuildReport:
    """Parse every raw plan in ``raw_dir`` and write every contract table to ``out_dir``.

    Args:
        raw_dir: folder of raw plan texts (``*.txt``) and their manifest.
        out_dir: destination of the Parquet tables.
        only: INSEE codes to rebuild; the other départements' rows are kept as they are.
        strict: unknown headings / vocabulary values fail the file instead of warning.
        log: where progress lines go.
        check_identity: check the parsed plan against its file name and manifest row
            (the benchmark turns it off: it replicates real plans under other codes).
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    with build_lock(out_dir, log):
        recover(out_dir, log)
        return _build(raw_dir, out_dir, only, strict, log, check_identity)


def _build(raw_dir: Path, out_dir: Path, only, strict: bool, log, check_identity_: bool) -> BuildReport:
    import pandas as pd

    from schemalab import io
    from schemalab.manifest import MANIFEST_NAME, load_manifest, sha256_file
    from schemalab.schema import PARSED_TABLES, TABLES, THEME_TABLES

    report = BuildReport()
    manifest_errors: list[tuple[int, str, str | None]] = []
    manifest = load_manifest(raw_dir, errors=manifest_errors)
    bad_rows = {}
    for lineno, msg, source in manifest_errors:
        log(f"FAIL {MANIFEST_NAME}:{lineno}: {msg}")
        if source:
            bad_rows[source] = f"{MANIFEST_NAME}:{lineno}: {msg}"
        else:
            report.outcomes.append(FileOutcome(MANIFEST_NAME, "failed", message=f"{MANIFEST_NAME}:{lineno}: {msg}"))
    results = []
    sources: dict[str, str] = {}
    built_from: dict[str, str] = {}  # plan_id -> file
    only_set = set(only) if only else None
    for path in raw_entries(raw_dir, manifest):
        t0 = time.perf_counter()
        if path.name in bad_rows:
            m = PLAN_NAME.match(path.name)
            outcome = FileOutcome(
                path.name, "failed", code=m.group("code").upper() if m else None, message=bad_rows[path.name]
            )
            res = None
        else:
            outcome, res = parse_file(path, manifest, strict=strict, only=only_set, check_identity_=check_identity_)
        if outcome.status == "built" and outcome.plan_id in built_from:
            first = built_from[outcome.plan_id]
            outcome = FileOutcome(
                path.name,
                "failed",
                code=outcome.code,
                message=f"{path.name}: a second copy of plan {outcome.plan_id} (already read from {first}); "
                "remove one of the two files (another edition of a département has another period, "
                "hence another plan id)",
            )
        report.outcomes.append(outcome)
        if outcome.status == "built":
            built_from[outcome.plan_id] = path.name
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
    seen = {o.source_file for o in report.outcomes}
    for source, msg in bad_rows.items():
        if source not in seen:  # a malformed row naming no file of raw_dir
            report.outcomes.append(FileOutcome(source, "failed", message=msg))
    for name, entry in manifest.items():
        if not (raw_dir / name).exists() and not (only_set and entry.department_code not in only_set):
            log(f"warning: {MANIFEST_NAME} lists {name}, which is not in {raw_dir}")

    # Carry over the previous build's rows of départements not rebuilt now (failed at any
    # stage, or excluded): nothing already built is lost.
    rebuilt = {r.tables["plans"][0]["plan_id"] for r in results}
    keep_codes = {o.code for o in report.outcomes if o.status in ("failed", "excluded") and o.code}
    keep_codes |= {c for o in report.outcomes if o.status == "failed" for c in o.also_keep}
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

    frames: dict[str, pd.DataFrame] = {}
    for name in PARSED_TABLES:
        parts = [io.conform(name, r.tables.get(name, [])) for r in results]
        if name in carried:
            parts.append(io.conform(name, carried[name]))
        parts = [f for f in parts if len(f)]
        frames[name] = pd.concat(parts, ignore_index=True) if parts else io.empty_frame(name)
    # The theme step's tables: an empty, valid table stands in until `schemalab themes` runs
    # (rewritten with each build, so it belongs to it); computed themes are left for the
    # theme step, and readers refuse them once they belong to an older build.
    for name in THEME_TABLES:
        if _placeholder(out_dir / f"{name}.parquet"):
            frames[name] = io.empty_frame(name)
    report.build_id = _build_id(frames)
    staging = out_dir / STAGING
    try:
        shutil.rmtree(staging, ignore_errors=True)
        for name, df in frames.items():
            io.write_table(name, df, staging, sources, build_id=report.build_id)
            report.written[name] = len(df)
        _fsync_dir(staging)
        journal = out_dir / io.SWITCH_JOURNAL
        tmp = out_dir / f"{io.SWITCH_JOURNAL}.tmp"
        tmp.write_text(report.build_id + "\n", encoding="utf-8")
        os.replace(tmp, journal)
    except (OSError, io.SchemaError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        report.error = f"tables not written ({type(exc).__name__}: {exc}); {out_dir} is unchanged"
        report.written.clear()
        log(f"FAIL {report.error}")
        return report
    switch_in(out_dir, log)
    assert set(report.written) <= set(TABLES)
    n_failed = len(report.failed)
    log(
        f"wrote {len(report.written)} tables to {out_dir} (build {report.build_id})"
        + (f"; {n_failed} file(s) FAILED: " + ", ".join(o.source_file for o in report.failed) if n_failed else "")
    )
    return report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of raw plans (default data/raw)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder of the tables (default data/processed)")
    p.add_argument("--only", nargs="+", metavar="CODE", help="rebuild only these départements (INSEE codes)")
    p.add_argument("--strict", action="store_true", help="unknown headings or vocabulary values fail the file")


def main(args: argparse.Namespace) -> int:
    from schemalab.analysis.params import ParameterError, validate_out_dir
    from schemalab.manifest import load_manifest
    from schemalab.parsers import codes

    try:
        validate_out_dir(args.out, "--out")
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.only:
        known = set(codes()) | {e.department_code for e in load_manifest(args.raw, errors=[]).values()}
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
