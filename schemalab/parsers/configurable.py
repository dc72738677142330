"""Parsers described by a YAML file instead of a Python module.

A département whose plan has a regular layout (one start line per sheet, headings alone
on their lines, bullet lists) needs no Python: a small YAML file gives the same
declarative attributes a Python parser sets, plus a few generic behaviours that cover
the usual quirks. :func:`load_config_parser` turns the file into a
:class:`~schemalab.parsers.base.BaseParser` subclass that runs on the shared pipeline.

Keys of the YAML file (``schemalab/parsers/config/<code>_<name>.yml``)::

    code: "40"                      # INSEE code
    name: Landes
    anatomy: |                      # the document's anatomy (becomes the docstring)
      ...
    detect: "regex"                 # text that identifies the plan (first 400 lines)
    sheet_start: "^Fiche action (?P<id>\\d+)$"   # group `id`: the printed number
    sheets_end: "regex"             # optional: no sheet continues after this line
    headings:                       # heading (folded: no accents/case/colon) → field
      OBJECTIFS POURSUIVIS: objectives
    expected_fields: all            # or a list; missing ones are reported
    heading_pattern: "regex"        # what an (unknown) heading looks like
    skip: ["regex", ...]            # lines dropped (running headers)
    stop: ["regex", ...]            # lines that end the current field (dividers)
    indicator_kind: null            # kind of plain indicators (realisation/impact/resultat)
    axes:                           # optional: axis lines, first occurrence per number
      pattern: "^Axe (?P<n>\\d+)\\s*:\\s*(?P<title>\\S.*)$"
    header:                         # optional: lines just above the sheet start
      look_back: 10
      axis: "^Axe (?P<n>\\d+)\\s*:"
      axis_scope: nearest           # or last_seen: the last axis line anywhere above
      objective: "^Objectif (?P<n>\\d+)\\s*:\\s*(?P<title>\\S.*)$"
    move_items:                     # optional: items printed under the wrong heading
      - when_empty: resources       #   when this field is empty,
        from: indicators            #   the items of this field
        matching: "^(Temps|Coût)"   #   that match this regex
        to: resources               #   move to this field
    plan_money: before_first_sheet  # optional: amounts printed before the first sheet

Python hooks stay possible for real quirks: subclass the generated class.
"""

from __future__ import annotations

import re
from pathlib import Path

from schemalab.extract import ParseError, clean_inline
from schemalab.parsers.base import CANONICAL_FIELDS, BaseParser, Document, ParseResult, Sheet

CONFIG_DIR = Path(__file__).parent / "config"
#: The ordered list of configured départements (explicit, like REGISTRY).
INDEX = CONFIG_DIR / "index.yml"

_KEYS = {
    "code",
    "name",
    "anatomy",
    "detect",
    "sheet_start",
    "sheets_end",
    "headings",
    "expected_fields",
    "heading_pattern",
    "skip",
    "stop",
    "indicator_kind",
    "axes",
    "header",
    "move_items",
    "plan_money",
    "calendar_when_empty",
}


class ConfigError(ValueError):
    """A YAML parser configuration is invalid (names the file and the key)."""


def _regex(path: Path, key: str, value) -> re.Pattern:
    try:
        return re.compile(value)
    except (re.error, TypeError) as exc:
        raise ConfigError(f"{path}: `{key}` is not a valid regular expression: {exc}") from None


class ConfiguredParser(BaseParser):
    """Generic behaviours of configured parsers (axes, sheet header, moved items, money)."""

    config: dict = {}
    config_path: Path | None = None

    def parse_axes(self, doc: Document) -> list[dict]:
        spec = self.config.get("axes")
        if not spec:
            return []
        pattern = self._axes_pattern
        axes: dict[str, dict] = {}
        for n, m in doc.find(pattern):
            num = m.group("n")
            if num not in axes:
                # the printed number is the position (an excerpt may start at axis 4)
                pos = int(num) if num.isdigit() else len(axes) + 1
                axes[num] = {
                    "plan_id": self.plan_id,
                    "axis_id": num,
                    "position": pos,
                    "title": clean_inline(m.group("title")),
                    "first_line": n,
                }
        return list(axes.values())

    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        super().sheet_header(doc, sheet)
        spec = self.config.get("header")
        if not spec:
            return
        if spec.get("axis_scope") == "last_seen" and self._header_axis is not None:
            above = [m.group("n") for _, m in doc.find(self._header_axis, 1, sheet.start)]
            sheet.axis_id = above[-1] if above else None
        for n in range(sheet.start - 1, max(sheet.start - int(spec.get("look_back", 10)), 0), -1):
            text = doc.line(n)
            m = self._header_objective.match(text) if self._header_objective else None
            if m and sheet.objective is None:
                sheet.objective_id = m.groupdict().get("n")
                sheet.objective = clean_inline(m.group("title"))
            m = self._header_axis.match(text) if self._header_axis else None
            if m and spec.get("axis_scope") == "last_seen":
                break
            if m:
                sheet.axis_id = m.group("n")
                break

    def fix_fields(self, doc: Document, sheet: Sheet, res: ParseResult) -> None:
        f = sheet.fields
        for rule, pattern in zip(self.config.get("move_items", []), self._move_patterns, strict=True):
            empty, src, dst = rule["when_empty"], rule["from"], rule["to"]
            if empty in f and not any(t.strip() for _, t in f[empty]) and f.get(src):
                keep, moved = [], []
                for n, text in f[src]:
                    (moved if pattern.search(clean_inline(text)) else keep).append((n, text))
                if moved:
                    f[src], f[dst] = keep, f.get(dst, []) + moved
                    res.warn(
                        sheet.start,
                        f"sheet {sheet.action_id}: empty {empty}; {len(moved)} items moved from {src} to {dst}",
                    )

    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        if self.config.get("plan_money") == "before_first_sheet":
            first_sheet = min(r["first_line"] for r in res.tables["actions"])
            for n, text in doc.span(1, first_sheet):
                self.add_amounts(res, text, n, None)


def load_config_parser(path: str | Path) -> type[ConfiguredParser]:
    """Build a parser class from a YAML configuration file.

    Raises:
        ConfigError: naming the file and the offending key.
    """
    import yaml

    path = Path(path)
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: expected a mapping of keys (code, name, sheet_start, headings, …)")
    unknown = set(config) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)}; known: {sorted(_KEYS)}")
    for key in ("code", "name", "detect", "sheet_start", "headings"):
        if not config.get(key):
            raise ConfigError(f"{path}: `{key}` is required")
    headings = {str(k): v for k, v in config["headings"].items()}
    bad = {k: v for k, v in headings.items() if v not in CANONICAL_FIELDS}
    if bad:
        raise ConfigError(f"{path}: headings map to unknown fields {bad}; fields: {', '.join(CANONICAL_FIELDS)}")
    from schemalab.parsers.base import heading_key

    aliases = {heading_key(k): v for k, v in headings.items()}
    sheet_start = _regex(path, "sheet_start", config["sheet_start"])
    if "id" not in sheet_start.groupindex:
        raise ConfigError(f"{path}: `sheet_start` needs a named group (?P<id>…) for the sheet number")
    expected = config.get("expected_fields") or ()
    if expected == "all":
        expected = tuple(dict.fromkeys(aliases.values()))
    header = config.get("header") or {}
    attrs = {
        "__doc__": config.get("anatomy") or f"{config['name']} ({config['code']}): configured parser ({path.name}).",
        "__module__": __name__,
        "config": config,
        "config_path": path,
        "code": str(config["code"]),
        "name": config["name"],
        "detect_pattern": _regex(path, "detect", config["detect"]),
        "sheet_start": sheet_start,
        "sheets_end": _regex(path, "sheets_end", config["sheets_end"]) if config.get("sheets_end") else None,
        "heading_aliases": aliases,
        "heading_pattern": _regex(path, "heading_pattern", config["heading_pattern"])
        if config.get("heading_pattern")
        else None,
        "skip_patterns": tuple(_regex(path, "skip", p) for p in config.get("skip", [])),
        "stop_patterns": tuple(_regex(path, "stop", p) for p in config.get("stop", [])),
        "expected_fields": tuple(expected),
        "indicator_kind": config.get("indicator_kind"),
        "calendar_when_empty": config.get("calendar_when_empty", "absent"),
        "_axes_pattern": _regex(path, "axes.pattern", config["axes"]["pattern"]) if config.get("axes") else None,
        "_header_axis": _regex(path, "header.axis", header["axis"]) if header.get("axis") else None,
        "_header_objective": _regex(path, "header.objective", header["objective"]) if header.get("objective") else None,
        "_move_patterns": tuple(
            _regex(path, "move_items.matching", r["matching"]) for r in config.get("move_items", [])
        ),
    }
    for rule in config.get("move_items", []):
        missing = {"when_empty", "from", "to", "matching"} - set(rule)
        if missing:
            raise ConfigError(f"{path}: move_items rule {rule} lacks {sorted(missing)}")
    class_name = re.sub(r"\W", "", config["name"].title()) + "ConfiguredParser"
    return type(class_name, (ConfiguredParser,), attrs)


def configured_parsers(index: Path = INDEX) -> tuple[type[ConfiguredParser], ...]:
    """The parsers listed, in order, in the configuration index (``index.yml``)."""
    import yaml

    if not index.exists():
        return ()
    listed = yaml.safe_load(index.read_text(encoding="utf-8")) or []
    return tuple(load_config_parser(index.parent / name) for name in listed)


__all__ = ["ConfigError", "ConfiguredParser", "ParseError", "configured_parsers", "load_config_parser"]
