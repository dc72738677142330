"""``schemalab diff OLD_DIR NEW_DIR``: what changed between two builds, table by table.

Rows are matched by the table key (schema.py): a key only in NEW is *added*, only in OLD
*removed*, in both with different values *modified* (with the changed fields). Provenance
columns (line numbers, sha256) are compared too but reported apart, so a re-exported
plan whose lines shifted does not drown the real changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Columns that say where a row came from rather than what it says.
PROVENANCE = {"first_line", "last_line", "line", "source_sha256", "n_lines"}


@dataclass
class TableDiff:
    """Changes of one table between two builds."""

    table: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    modified: list[dict] = field(default_factory=list)  # {"key": {...}, "changes": {col: [old, new]}}
    moved: int = 0  # rows whose only changes are provenance columns

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.modified)


def _py(v):
    try:
        import pandas as pd

        if v is None or (not isinstance(v, (list, dict, str)) and pd.isna(v)):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


def diff_table(name: str, old, new) -> TableDiff:
    """Compare two frames of table ``name`` by key."""
    from schemalab.schema import table

    key = list(table(name).key)
    d = TableDiff(name)
    old_rows = {tuple(_py(r[k]) for k in key): r for r in old.to_dict("records")}
    new_rows = {tuple(_py(r[k]) for k in key): r for r in new.to_dict("records")}
    for k in sorted(new_rows.keys() - old_rows.keys(), key=str):
        d.added.append({c: _py(v) for c, v in zip(key, k, strict=True)} | {"title": _py(new_rows[k].get("title"))})
    for k in sorted(old_rows.keys() - new_rows.keys(), key=str):
        d.removed.append({c: _py(v) for c, v in zip(key, k, strict=True)} | {"title": _py(old_rows[k].get("title"))})
    for k in sorted(old_rows.keys() & new_rows.keys(), key=str):
        a, b = old_rows[k], new_rows[k]
        changes = {c: [_py(a.get(c)), _py(b.get(c))] for c in b if c not in key and _py(a.get(c)) != _py(b.get(c))}
        if not changes:
            continue
        if set(changes) <= PROVENANCE:
            d.moved += 1
            continue
        d.modified.append({"key": dict(zip(key, k, strict=True)), "changes": changes})
    for rows in (d.added, d.removed):
        for r in rows:
            if r.get("title") is None:
                r.pop("title", None)
    return d


def diff_builds(old_dir: str | Path, new_dir: str | Path, names=None) -> dict[str, TableDiff]:
    """Table-by-table differences between two build folders (both schema-checked)."""
    from schemalab.io import empty_frame, read_table
    from schemalab.schema import TABLES

    out = {}
    for name in names or TABLES:
        frames = []
        for d in (old_dir, new_dir):
            frames.append(read_table(name, d) if (Path(d) / f"{name}.parquet").exists() else empty_frame(name))
        out[name] = diff_table(name, *frames)
    return out


def format_diff(diffs: dict[str, TableDiff]) -> str:
    """Readable summary: one line per changed table, then the changed rows."""
    lines = []
    for name, d in diffs.items():
        if d.empty:
            continue
        lines.append(f"{name}: {len(d.added)} added, {len(d.removed)} removed, {len(d.modified)} modified")
        for r in d.added:
            lines.append(f"  + {r}")
        for r in d.removed:
            lines.append(f"  - {r}")
        for m in d.modified:
            fields = ", ".join(f"{c}: {o!r} → {n!r}" for c, (o, n) in m["changes"].items())
            lines.append(f"  ~ {m['key']}: {fields}")
    return "\n".join(lines) if lines else "no differences"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", type=Path, help="folder of the older build")
    p.add_argument("new", type=Path, help="folder of the newer build")
    p.add_argument("--json", action="store_true", help="print the differences as JSON")


def main(args: argparse.Namespace) -> int:
    try:
        diffs = diff_builds(args.old, args.new)
    except (FileNotFoundError, RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(
            json.dumps(
                {k: asdict(v) for k, v in diffs.items() if not v.empty}, ensure_ascii=False, indent=1, default=str
            )
        )
    else:
        print(format_diff(diffs))
    return 0
