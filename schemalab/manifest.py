"""The raw-data manifest (data/raw/manifest.csv): which file is which plan.

The raw plan texts are immutable snapshots (owid/etl style); the manifest records, for
each, the INSEE code, the département, the plan title and period, and the sha256 of
the bytes. ``schemalab build`` warns when a raw file no longer matches its sha256.

A département may have several editions (plans of different periods): one row each,
``plan_id`` (``<code>-<start>-<end>``) telling them apart; two rows of the same
département and period are refused (a second copy of one plan, not an edition).
:func:`editions` groups the rows by département, oldest edition first.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("source_file", "department_code", "department_name", "plan_title", "period_start", "period_end", "sha256")


@dataclass(frozen=True)
class ManifestEntry:
    """One raw plan of the manifest."""

    source_file: str
    department_code: str
    department_name: str
    plan_title: str
    period_start: int
    period_end: int
    sha256: str

    @property
    def plan_id(self) -> str:
        return f"{self.department_code}-{self.period_start}-{self.period_end}"


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_manifest(raw_dir: str | os.PathLike = "data/raw", errors: list | None = None) -> dict[str, ManifestEntry]:
    """Manifest entries of ``raw_dir`` keyed by file name ({} if there is no manifest).

    Args:
        raw_dir: the folder holding ``manifest.csv``.
        errors: when given, a malformed row (bad number, missing cell, a file listed twice,
            a code that is not an INSEE code) is appended to it as ``(line, message,
            source_file or None)`` and skipped, so the build fails that entry alone;
            without it, the first malformed row raises ValueError naming the line.
    """
    path = Path(raw_dir) / MANIFEST_NAME
    if not path.exists():
        return {}

    def bad(lineno: int, msg: str, source: str | None) -> None:
        if errors is None:
            raise ValueError(f"{path}:{lineno}: {msg}")
        errors.append((lineno, msg, source))

    out: dict[str, ManifestEntry] = {}
    plan_lines: dict[str, tuple[int, str]] = {}  # plan_id -> (line, file) of its first row
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        bad(1, f"unreadable manifest ({type(exc).__name__}: {exc})", None)
        return {}
    header = rows[0] if rows else []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        bad(1, f"missing columns {missing}", None)
        return {}
    for lineno, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, cells, strict=False))
        source = (row.get("source_file") or "").strip() or None
        if len(cells) != len(header):
            bad(lineno, f"bad manifest row: {len(cells)} cells, the header has {len(header)}", source)
            continue
        try:
            entry = ManifestEntry(
                source_file=row["source_file"],
                department_code=row["department_code"].strip().upper(),
                department_name=row["department_name"],
                plan_title=row["plan_title"],
                period_start=int(row["period_start"]),
                period_end=int(row["period_end"]),
                sha256=row["sha256"],
            )
        except (TypeError, ValueError) as exc:
            bad(lineno, f"bad manifest row: {exc}", source)
            continue
        if not _CODE.match(entry.department_code):
            bad(
                lineno,
                f"bad manifest row: department_code {entry.department_code!r} is not an INSEE code (2-3 digits, 2A, 2B)",
                source,
            )
            continue
        if "/" in entry.source_file or "\\" in entry.source_file or entry.source_file.startswith("."):
            bad(lineno, f"bad manifest row: source_file {entry.source_file!r} is not a plain file name", None)
            continue
        if entry.source_file in out:
            bad(lineno, f"bad manifest row: {entry.source_file} is listed twice", source)
            continue
        if entry.plan_id in plan_lines:
            first_line, first_file = plan_lines[entry.plan_id]
            bad(
                lineno,
                f"bad manifest row: plan {entry.plan_id} is already listed on line {first_line} ({first_file}); "
                "two editions of one département must have different periods",
                source,
            )
            continue
        plan_lines[entry.plan_id] = (lineno, entry.source_file)
        out[entry.source_file] = entry
    return out


def editions(manifest: dict[str, ManifestEntry]) -> dict[str, list[ManifestEntry]]:
    """The manifest's rows grouped by département code, each département's editions sorted
    oldest first (by period end, then start): the last one is the latest edition."""
    out: dict[str, list[ManifestEntry]] = {}
    for entry in manifest.values():
        out.setdefault(entry.department_code, []).append(entry)
    return {c: sorted(es, key=lambda e: (e.period_end, e.period_start)) for c, es in sorted(out.items())}


_CODE = re.compile(r"^(?:\d{2,3}|2[AB])$")
