"""The raw-data manifest (data/raw/manifest.csv): which file is which plan.

The raw plan texts are immutable snapshots (owid/etl style); the manifest records, for
each, the INSEE code, the département, the plan title and period, and the sha256 of
the bytes. ``schemalab build`` warns when a raw file no longer matches its sha256.
"""

from __future__ import annotations

import csv
import hashlib
import os
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


def load_manifest(raw_dir: str | os.PathLike = "data/raw") -> dict[str, ManifestEntry]:
    """Manifest entries of ``raw_dir`` keyed by file name ({} if there is no manifest)."""
    path = Path(raw_dir) / MANIFEST_NAME
    if not path.exists():
        return {}
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        for lineno, row in enumerate(reader, start=2):
            try:
                entry = ManifestEntry(
                    source_file=row["source_file"],
                    department_code=row["department_code"],
                    department_name=row["department_name"],
                    plan_title=row["plan_title"],
                    period_start=int(row["period_start"]),
                    period_end=int(row["period_end"]),
                    sha256=row["sha256"],
                )
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{lineno}: bad manifest row: {exc}") from exc
            out[entry.source_file] = entry
    return out
