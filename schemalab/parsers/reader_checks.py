"""What a reader counts in a plan, written in its configuration (`checks:`) and checked
against what the configuration reads: the test of a configured plan, with no Python.

A configuration's ``checks:`` block states figures a reader finds by looking at the plan
(the number of sheets, of axes, of reviewed actions; one sheet's title, axis or number of
indicators). :func:`problems` compares them with a parse. ``build`` warns of a figure that
differs (``build --strict`` refuses the plan, naming the key and its line in the
configuration and the sheet's line in the plan), ``new-department --check`` prints it, and
``make test`` runs every listed configuration's checks (tests/test_reader_checks.py)::

    checks:
      sheets: 11          # action sheets
      axes: 4
      previous_review: 7  # any table of the data dictionary: its number of rows
      pilots: 14          # action_actors rows of role pilot (partners: role partner)
      title: Schéma départemental de protection de l'enfance   # the plan's, as printed
      period: 2026-2030
      sheet:
        '2.1':            # a sheet id as printed, quoted
          title: Créer un accueil de jour pour les adolescents
          axis: '2'
          pilots: 1
          indicators: 3
          sub_actions: 4

A figure left ``null`` is one the reader has not counted yet: a warning, and an error
under ``--strict`` (the scaffold writes ``sheets: null`` for the analyst to fill in).
"""

from __future__ import annotations

import re
from pathlib import Path

from schemalab.schema import TABLES

#: Top-level figures besides the tables' names: (table, {column: value} rows must match).
_ALIASES = {
    "sheets": ("actions", {}),
    "pilots": ("action_actors", {"role": "pilot"}),
    "partners": ("action_actors", {"role": "partner"}),
}
#: Tables counted per sheet (their rows carry the sheet's action_id).
_PER_SHEET_TABLES = tuple(t for t, spec in TABLES.items() if "action_id" in spec.columns and t != "actions")
_TEXT_KEYS = ("title", "period")
_SHEET_TEXT_KEYS = ("title", "axis")


def _counted(key: str) -> tuple[str, dict] | None:
    if key in _ALIASES:
        return _ALIASES[key]
    if key in TABLES and key not in ("plans",):
        return key, {}
    return None


def validate(path: Path, spec, error) -> dict:
    """The ``checks:`` block, checked (``error(message, key)`` builds the configuration
    error): known keys, counts that are whole numbers (or null, not counted yet), sheet ids
    given as text."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise error(f"{path}: `checks` maps what a reader counts to its figure (`sheets: 11`)", "checks")
    counted = sorted([*_ALIASES, *(t for t in TABLES if t != "plans")])
    for key, value in spec.items():
        key = str(key)
        if key == "sheet":
            continue
        if key in _TEXT_KEYS:
            if value is not None and not isinstance(value, (str, int)):
                raise error(f"{path}: `checks.{key}` is the text a reader reads in the plan", f"checks.{key}")
            continue
        if _counted(key) is None:
            raise error(
                f"{path}: unknown key `checks.{key}`; known: sheet, {', '.join(_TEXT_KEYS)}, {', '.join(counted)}",
                f"checks.{key}",
            )
        _count(path, f"checks.{key}", value, error)
    sheets = spec.get("sheet") or {}
    if not isinstance(sheets, dict):
        raise error(f"{path}: `checks.sheet` maps a sheet id ('2.1') to its figures", "checks.sheet")
    per_sheet = ["pilots", "partners", *_PER_SHEET_TABLES]
    for sheet_id, figures in sheets.items():
        if isinstance(sheet_id, float) or isinstance(sheet_id, bool):
            raise error(
                f"{path}: `checks.sheet.{sheet_id}`: quote a sheet id ('1.10'): YAML reads 1.10 as the number 1.1",
                f"checks.sheet.{sheet_id}",
            )
        where = f"checks.sheet.{sheet_id}"
        if not isinstance(figures, dict):
            raise error(f"{path}: `{where}` maps figures (title, axis, indicators …) to values", where)
        for key, value in figures.items():
            if key in _SHEET_TEXT_KEYS:
                if value is not None and not isinstance(value, (str, int)):
                    raise error(f"{path}: `{where}.{key}` is the text printed in the plan", f"{where}.{key}")
            elif key in per_sheet:
                _count(path, f"{where}.{key}", value, error)
            else:
                raise error(
                    f"{path}: unknown key `{where}.{key}`; known: {', '.join([*_SHEET_TEXT_KEYS, *per_sheet])}",
                    f"{where}.{key}",
                )
    return spec


def _count(path: Path, key: str, value, error) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise error(f"{path}: `{key}` is a number of rows a reader counts (or null while not counted)", key)


def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text)).strip() if text is not None else ""


def _rows(res, table: str, match: dict, sheet: str | None = None) -> list[dict]:
    return [
        r
        for r in res.tables.get(table, [])
        if all(r.get(c) == v for c, v in match.items()) and (sheet is None or str(r.get("action_id")) == sheet)
    ]


def problems(res, spec: dict) -> list[tuple[str, int | None, str]]:
    """Each figure of ``spec`` (a validated ``checks:`` block) that the parse ``res``
    does not give: (key path, line of the plan or None, message)."""
    out: list[tuple[str, int | None, str]] = []
    for key, value in spec.items():
        key = str(key)
        if key == "sheet":
            continue
        where = f"checks.{key}"
        if value is None:
            out.append((where, None, "not counted yet: write the figure a reader counts in the plan"))
            continue
        if key in _TEXT_KEYS:
            plan = (res.tables.get("plans") or [{}])[0]
            got = plan.get("title") if key == "title" else f"{plan.get('period_start')}-{plan.get('period_end')}"
            if _norm(got) != _norm(value):
                out.append((where, None, f"a reader reads {str(value)!r}; the configuration reads {got!r}"))
            continue
        table, match = _counted(key)
        got = len(_rows(res, table, match))
        if got != value:
            out.append((where, None, f"a reader counts {value}; the configuration reads {got}"))
    actions = {str(a["action_id"]): a for a in res.tables.get("actions", [])}
    for sheet_id, figures in (spec.get("sheet") or {}).items():
        sheet_id = str(sheet_id)
        where = f"checks.sheet.{sheet_id}"
        action = actions.get(sheet_id)
        if action is None:
            read = ", ".join(actions) or "none"
            out.append((where, None, f"no sheet {sheet_id} is read (sheets read: {read})"))
            continue
        line = action.get("first_line")
        for key, value in figures.items():
            if value is None:
                out.append((f"{where}.{key}", line, "not counted yet: write what a reader finds in the sheet"))
                continue
            if key in _SHEET_TEXT_KEYS:
                got = action.get("title") if key == "title" else action.get("axis_id")
                if _norm(got) != _norm(value):
                    out.append(
                        (f"{where}.{key}", line, f"a reader reads {str(value)!r}; the configuration reads {got!r}")
                    )
                continue
            table, match = _ALIASES.get(key, (key, {}))
            got = len(_rows(res, table, match, sheet_id))
            if got != value:
                out.append((f"{where}.{key}", line, f"a reader counts {value}; the configuration reads {got}"))
    return out


def config_lines(path: Path | None) -> dict[str, int]:
    """Dotted key → line of the configuration file (empty when it cannot be read)."""
    from schemalab.parsers.configurable import _key_lines

    try:
        return _key_lines(Path(path).read_text(encoding="utf-8")) if path else {}
    except (OSError, UnicodeDecodeError):
        return {}


def describe(path: Path | None, lines: dict[str, int], key: str, line: int | None, message: str, source: str) -> str:
    """One problem as a message naming the configuration's key and line and the plan's line."""
    parts = key.split(".")
    while parts and ".".join(parts) not in lines:
        parts.pop()
    where = f"{path}:{lines['.'.join(parts)]}" if path and parts else str(path or "the configuration")
    at = f" (the sheet starts at {source}:{line})" if line else ""
    return f"{where}: `{key}`: {message}{at}"
