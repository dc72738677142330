"""``schemalab diff OLD_DIR NEW_DIR``: what changed between two builds, table by table;
``schemalab diff --editions OLD_ID NEW_ID [--data DIR]``: what changed between two
editions of a plan (:func:`diff_editions`: sheets, themes, money, indicators).

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


def _fold_title(title) -> str:
    import re

    from schemalab.textio import fold

    return re.sub(r"\W+", " ", fold(str(title or ""))).strip()


def diff_editions(tables: dict, old_id: str, new_id: str) -> dict:
    """What changed between two editions (two plan ids) of the built tables.

    Sheets are matched by their folded title (an edition renumbers freely); themes by the
    sheets' main theme (``action_themes``; ``None`` when themes are not computed); money
    through :func:`schemalab.analysis.money.money_comparison` (one row per edition, the
    fields that differ) and :func:`~schemalab.analysis.money.money_figures`; indicators
    counted by measure and by kind.

    Returns:
        ``{"plans", "sheets", "themes", "money", "indicators"}`` (plain Python values).

    Raises:
        ValueError: a plan id that is not in the tables (naming the ids there are).
    """
    import pandas as pd

    from schemalab.analysis.money import money_comparison, money_figures

    plans = tables["plans"].set_index("plan_id")
    missing = [p for p in (old_id, new_id) if p not in plans.index]
    if missing:
        raise ValueError(f"unknown plan id(s) {missing}; the tables hold {', '.join(sorted(plans.index))}")

    def sub(pid):
        return {
            n: (df[df["plan_id"] == pid].reset_index(drop=True) if "plan_id" in df else df) for n, df in tables.items()
        }

    old, new = sub(old_id), sub(new_id)
    out: dict = {"plans": {}}
    for pid in (old_id, new_id):
        p = plans.loc[pid]
        out["plans"][pid] = {
            "department_code": str(p["department_code"]),
            "title": str(p["title"]),
            "period": f"{int(p['period_start'])}-{int(p['period_end'])}",
            "source_file": str(p["source_file"]),
        }

    def titles(t):
        a = t["actions"]
        return {_fold_title(r.title): (str(r.action_id), str(r.title)) for r in a.itertuples()}

    to, tn = titles(old), titles(new)
    out["sheets"] = {
        "old": len(old["actions"]),
        "new": len(new["actions"]),
        "kept": len(to.keys() & tn.keys()),
        "dropped": [{"action_id": to[k][0], "title": to[k][1]} for k in sorted(to.keys() - tn.keys())],
        "added": [{"action_id": tn[k][0], "title": tn[k][1]} for k in sorted(tn.keys() - to.keys())],
    }

    def theme_counts(t):
        at = t["action_themes"]
        if not len(at):
            return None
        return at["theme_code"].value_counts().to_dict(), len(at)

    co, cn = theme_counts(old), theme_counts(new)
    if co is None or cn is None:
        out["themes"] = None
    else:
        rows = []
        for code in sorted(set(co[0]) | set(cn[0])):
            a, b = int(co[0].get(code, 0)), int(cn[0].get(code, 0))
            status = "kept" if a and b else ("dropped" if a else "new")
            rows.append(
                {
                    "theme_code": code,
                    "status": status,
                    "old_n": a,
                    "new_n": b,
                    "old_share": round(a / co[1], 3),
                    "new_share": round(b / cn[1], 3),
                }
            )
        out["themes"] = rows

    mo, mn = money_comparison(old).iloc[0].to_dict(), money_comparison(new).iloc[0].to_dict()
    out["money"] = {
        "changes": {c: [_py(mo[c]), _py(mn[c])] for c in mn if c != "département" and _py(mo.get(c)) != _py(mn[c])},
        "amounts": {pid: int(len(t["budget_lines"])) for pid, t in ((old_id, old), (new_id, new))},
        "figures": {
            pid: money_figures(t).drop(columns=["département", "plan_id"]).to_dict("records")
            for pid, t in ((old_id, old), (new_id, new))
        },
    }

    def ind_counts(t, col):
        s = t["indicators"][col] if col in t["indicators"] else pd.Series(dtype=object)
        return s.fillna("unknown").astype(str).value_counts().to_dict()

    ind = {"total": [len(old["indicators"]), len(new["indicators"])]}
    for col in ("measure", "kind"):
        a, b = ind_counts(old, col), ind_counts(new, col)
        ind[f"by_{col}"] = {k: [int(a.get(k, 0)), int(b.get(k, 0))] for k in sorted(set(a) | set(b))}
    out["indicators"] = ind
    return out


def format_editions_diff(d: dict) -> str:
    """Readable summary of :func:`diff_editions`."""
    (old_id, po), (new_id, pn) = d["plans"].items()
    lines = [f"editions {old_id} → {new_id}", f"  period: {po['period']} → {pn['period']}"]
    if po["title"] != pn["title"]:
        lines.append(f"  title: {po['title']!r} → {pn['title']!r}")
    sh = d["sheets"]
    lines.append(
        f"sheets: {sh['old']} → {sh['new']} ({sh['kept']} kept by title, {len(sh['dropped'])} dropped, "
        f"{len(sh['added'])} new)"
    )
    lines += [f"  - {r['action_id']}. {r['title']}" for r in sh["dropped"]]
    lines += [f"  + {r['action_id']}. {r['title']}" for r in sh["added"]]
    if d["themes"] is None:
        lines.append("themes: not computed (run `schemalab themes`)")
    else:
        changed = [r for r in d["themes"] if r["old_n"] != r["new_n"]]
        lines.append(f"themes: {len(changed)} changed (main theme of each sheet; share of the sheets)")
        for r in changed:
            mark = {"new": "+", "dropped": "-", "kept": "~"}[r["status"]]
            lines.append(
                f"  {mark} {r['theme_code']}: {r['old_n']} ({r['old_share']:.0%}) → {r['new_n']} ({r['new_share']:.0%})"
            )
    m = d["money"]
    lines.append(f"money: {m['amounts'][old_id]} → {m['amounts'][new_id]} amounts cited")
    for c, (a, b) in m["changes"].items():
        lines.append(f"  ~ {c}: {a!r} → {b!r}")
    ind = d["indicators"]
    lines.append(f"indicators: {ind['total'][0]} → {ind['total'][1]}")
    for what in ("by_measure", "by_kind"):
        for k, (a, b) in ind[what].items():
            if a != b:
                lines.append(f"  ~ {what[3:]} {k}: {a} → {b}")
    return "\n".join(lines)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", type=Path, nargs="?", help="folder of the older build")
    p.add_argument("new", type=Path, nargs="?", help="folder of the newer build")
    p.add_argument(
        "--editions",
        nargs=2,
        metavar=("OLD_ID", "NEW_ID"),
        help="compare two editions of one build instead (plan ids, e.g. 61-2017-2021 61-2022-2026)",
    )
    p.add_argument("--data", type=Path, default=None, help="with --editions: folder of the tables (data/processed)")
    p.add_argument("--raw", type=Path, default=None, help="with --editions: folder of the raw plans (data/raw)")
    p.add_argument("--json", action="store_true", help="print the differences as JSON")


def _main_editions(args: argparse.Namespace) -> int:
    from schemalab.analysis.loading import load_tables
    from schemalab.io import StaleDataError

    if args.old is not None or args.new is not None:
        print("error: give either two build folders or --editions OLD_ID NEW_ID, not both", file=sys.stderr)
        return 2
    try:
        tables = load_tables(args.data, args.raw)
        d = diff_editions(tables, *args.editions)
    except (FileNotFoundError, StaleDataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(d, ensure_ascii=False, indent=1, default=str) if args.json else format_editions_diff(d))
    return 0


def main(args: argparse.Namespace) -> int:
    if getattr(args, "editions", None):
        return _main_editions(args)
    if args.old is None or args.new is None:
        print("error: give two build folders (OLD_DIR NEW_DIR) or --editions OLD_ID NEW_ID", file=sys.stderr)
        return 2
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
