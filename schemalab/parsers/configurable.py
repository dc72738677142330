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
    detect_also: ["regex", ...]     # optional: lines that must also be present (anywhere)
    title:                          # optional: the plan title (default: first lines up to a period)
      pattern: "^(?P<title>Schéma .*(?P<start>20\\d\\d)-(?P<end>20\\d\\d))$"
      continued_by: "^TOME \\d"     #   a line within 4 lines below, appended after ", "
    layout: lines                   # or `table`: TSV rows, label in cell 0 (see `table:`)
    sheet_start: "^Fiche action (?P<id>\\d+)$"   # group `id`: the printed number;
                                    #   optional group `title`: the title is on that line
    sheet_start_confirm: false      # true: a start counts only when the next non-empty
                                    #   line (within 5) starts a field (summary lists don't)
    sheets_end: "regex"             # optional: no sheet continues after this line
    boundaries: ["regex", ...]      # optional: lines at which a sheet ends (back cover…)
    headings:                       # heading (folded: no accents/case/colon) → field
      OBJECTIFS POURSUIVIS: objectives
    expected_fields: all            # or a list; missing ones are reported
    heading_pattern: "regex"        # what an (unknown) heading looks like
    skip: ["regex", ...]            # lines dropped (running headers)
    stop: ["regex", ...]            # lines that end the current field (dividers)
    indicator_kind: null            # kind of plain indicators (realisation/impact/resultat)
    axes:                           # optional: axis lines, first occurrence per number
      pattern: "^Axe (?P<n>\\d+)\\s*:\\s*(?P<title>\\S.*)$"
    axes:                           # or: axis headings are the lines just above a marker
      heading_before: "^PRINCIPE$"  #   (boundaries of sheets); the `numbered` ones
      numbered: "^(?P<n>\\d) (?P<title>.*)$"   #   give numbers, matched to the unnumbered
                                    #   body headings by folded title; a sheet belongs to
                                    #   the last body heading above it
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
    summary:                        # optional: check the summary list against the sheets
      axis: "^Orientation (?P<n>\\d)"  #   (warnings: unknown sheet, other title, other axis)
      entry: "^(?P<id>\\d+)\\. (?P<title>.*) p\\.\\d+$"
    table:                          # layout: table only
      glyphs: {"➤": 1, "→": 2, "•": 3}   # inline list glyphs → rank (1 = first level)
      label_in_next_cell: true      # cell 0 empty and a label in cell 1: read it (warned)
      unlabelled_row_after: {context: objectives}   # an unlabelled row after a field
      label_max: 40                 # longer unknown cell-0 texts are content, not labels
      kind_marker: "(Réalisation|Impact) :"  # group 1 switches the indicators' kind
      actors:                       # the actors row (its label's field), read by column
        row: pilots
        columns: {pilots: [1, "Pilotes"], partners: [2, "Partenaires associés"]}
        item_glyph: "•"             # a cell holding this glyph lists one actor per item
        split: "regex"              # else the cell's text is split at this pattern
      sub_actions:                  # the lead text of the items of this rank
        rank: 1
        italic_title: true          # an italic title before a sentence: the title only
        cut: "regex"                # the lead stops at this pattern
        split_without_glyph: "regex"   # no item of that rank: split the loose text here
      gantt: {row: calendar, unit: semester, mark: X}   # read by position

Python hooks stay possible for real quirks: subclass the generated class.

Two plans are read through their configuration: Landes (``lines`` layout) and Orne
(``table`` layout), each checked equal to a Python reference parser kept for that
purpose (tests/test_configurable.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from schemalab.extract import ParseError, clean_inline
from schemalab.parsers.base import CANONICAL_FIELDS, BaseParser, Document, ParseResult, Sheet, heading_key
from schemalab.parsers.table_rows import ActorColumn, TableRowsLayout, TableSpec

CONFIG_DIR = Path(__file__).parent / "config"
#: The ordered list of configured départements (explicit, like REGISTRY).
INDEX = CONFIG_DIR / "index.yml"

_KEYS = {
    "code",
    "name",
    "anatomy",
    "detect",
    "detect_also",
    "title",
    "layout",
    "sheet_start",
    "sheet_start_confirm",
    "sheets_end",
    "announced",
    "boundaries",
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
    "summary",
    "table",
}
_TABLE_KEYS = {
    "glyphs",
    "label_in_next_cell",
    "unlabelled_row_after",
    "label_max",
    "kind_marker",
    "actors",
    "sub_actions",
    "gantt",
}
#: How many lines below a sheet start its first field row is looked for (confirm).
_CONFIRM_LOOK_AHEAD = 5


class ConfigError(ValueError):
    """A YAML parser configuration is invalid (names the file and the key)."""


def _regex(path: Path, key: str, value) -> re.Pattern:
    try:
        return re.compile(value)
    except (re.error, TypeError) as exc:
        raise ConfigError(f"{path}: `{key}` is not a valid regular expression: {exc}") from None


def _optional_regex(path: Path, key: str, value) -> re.Pattern | None:
    return None if value is None else _regex(path, key, value)


def _check_keys(path: Path, key: str, spec, known: set[str]) -> dict:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ConfigError(f"{path}: `{key}` must be a mapping")
    unknown = set(spec) - known
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)} in `{key}`; known: {sorted(known)}")
    return spec


class ConfiguredParser(BaseParser):
    """Generic behaviours of configured parsers (title, segmentation, axes, sheet header,
    moved items, money, summary check); ``layout: table`` adds :class:`TableRowsLayout`."""

    config: dict = {}
    config_path: Path | None = None
    # Compiled from the configuration by load_config_parser.
    _detect_also: tuple[re.Pattern, ...] = ()
    _title_pattern: re.Pattern | None = None
    _title_continued: re.Pattern | None = None
    _boundaries: tuple[re.Pattern, ...] = ()
    _axes_pattern: re.Pattern | None = None
    _axes_before: re.Pattern | None = None
    _axes_numbered: re.Pattern | None = None
    _header_axis: re.Pattern | None = None
    _header_objective: re.Pattern | None = None
    _move_patterns: tuple[re.Pattern, ...] = ()
    _summary_axis: re.Pattern | None = None
    _summary_entry: re.Pattern | None = None

    # -- detection and plan -----------------------------------------------------------
    @classmethod
    def detect(cls, text: str) -> bool:
        return super().detect(text) and all(p.search(text) for p in cls._detect_also)

    def plan_title(self, doc: Document) -> tuple[str | None, int | None, int | None]:
        spec = self.config.get("title")
        if not spec:
            return super().plan_title(doc)
        for n, text in doc.span(1, 40):
            m = self._title_pattern.match(text.strip())
            if not m:
                continue
            title = m.group("title")
            if self._title_continued is not None:
                for _, nxt in doc.span(n + 1, n + 5):
                    if self._title_continued.match(nxt.strip()):
                        title = f"{title}, {nxt.strip()}"
                        break
            return title, int(m.group("start")), int(m.group("end"))
        return None, None, None

    # -- axes -------------------------------------------------------------------------
    def _axis_headings(self, doc: Document) -> list[tuple[int, str]]:
        """Lines just above (after blank lines) an ``axes.heading_before`` marker."""
        out = []
        if self._axes_before is None:
            return out
        for n, _ in doc.find(self._axes_before):
            for m in range(n - 1, 0, -1):
                if doc.line(m).strip():
                    out.append((m, doc.line(m).strip()))
                    break
        return out

    def parse_axes(self, doc: Document) -> list[dict]:
        spec = self.config.get("axes")
        self._body_axes: list[tuple[int, str | None]] = []
        self._unmatched_axes: list[tuple[int, str]] = []
        if not spec:
            return []
        if self._axes_before is not None:
            return self._axes_by_heading(doc)
        axes: dict[str, dict] = {}
        for n, m in doc.find(self._axes_pattern):
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

    def _axes_by_heading(self, doc: Document) -> list[dict]:
        """Numbers and titles from the numbered headings; first_line from the body one."""
        numbered: dict[str, dict] = {}
        body: list[tuple[int, str]] = []
        for n, text in self._axis_headings(doc):
            m = self._axes_numbered.match(text)
            if m:
                numbered.setdefault(
                    heading_key(m.group("title")), {"axis_id": m.group("n"), "title": clean_inline(m.group("title"))}
                )
            else:
                body.append((n, text))
        axes = []
        for n, text in body:
            found = numbered.get(heading_key(text))
            self._body_axes.append((n, found["axis_id"] if found else None))
            if found:
                axes.append(
                    {
                        "plan_id": self.plan_id,
                        "axis_id": found["axis_id"],
                        "position": int(found["axis_id"]),
                        "title": found["title"],
                        "first_line": n,
                    }
                )
        self._unmatched_axes = [(n, t) for n, t in body if heading_key(t) not in numbered] if numbered else []
        return axes

    # -- segmentation -----------------------------------------------------------------
    def starts_field(self, text: str) -> bool:
        """The line is a known field heading (``sheet_start_confirm``)."""
        return bool(text.strip()) and self.canonical(text) is not None

    def segment(self, doc: Document) -> list[Sheet]:
        """Sheet starts (confirmed when asked); a sheet ends at the next start, at a
        boundary line or axis heading, or at ``sheets_end`` after the last start."""
        starts = []
        for n, m in doc.find(self.sheet_start):
            if self.config.get("sheet_start_confirm"):
                nxt = next((t for _, t in doc.span(n + 1, n + 1 + _CONFIRM_LOOK_AHEAD) if t.strip()), "")
                if not self.starts_field(nxt):
                    continue
            starts.append((n, m))
        stop = len(doc.lines) + 1
        if self.sheets_end is not None and starts:
            ends = [n for n, _ in doc.find(self.sheets_end, starts[-1][0] + 1)]
            stop = ends[0] if ends else stop
        bounds = {n for n, _ in starts} | {stop} | {n for n, _ in self._axis_headings(doc)}
        for p in self._boundaries:
            bounds |= {n for n, _ in doc.find(p)}
        sheets = []
        for n, m in starts:
            end = min(b for b in bounds if b > n)  # `stop` lies after every start
            title = clean_inline(m.group("title")) if "title" in m.groupdict() else ""
            sheets.append(Sheet(action_id=m.group("id"), start=n, end=end, title=title))
        return sheets

    # -- sheet header and fields ------------------------------------------------------
    def sheet_header(self, doc: Document, sheet: Sheet) -> None:
        if not sheet.title:  # the title is on the start line (group `title`) or below it
            super().sheet_header(doc, sheet)
        for n, axis_id in self._body_axes:
            if n < sheet.start:
                sheet.axis_id = axis_id
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

    # -- plan level -------------------------------------------------------------------
    def extract_plan_level(self, doc: Document, res: ParseResult) -> None:
        if self.config.get("plan_money") == "before_first_sheet":
            first_sheet = min(r["first_line"] for r in res.tables["actions"])
            for n, text in doc.span(1, first_sheet):
                self.add_amounts(res, text, n, None)
        for n, t in self._unmatched_axes:
            res.warn(n, f"axis heading {t!r} matches no numbered axis heading")
        if self.config.get("summary"):
            self.check_summary(doc, res)

    def check_summary(self, doc: Document, res: ParseResult) -> None:
        """The summary's entries (before the first sheet) against the sheets: warnings."""
        actions = {a["action_id"]: a for a in res.tables["actions"]}
        axis = None
        for n, text in doc.span(1, min((a["first_line"] for a in actions.values()), default=1)):
            m = self._summary_axis.match(text) if self._summary_axis else None
            if m:
                axis = m.group("n")
                continue
            m = self._summary_entry.match(text)
            if not m:
                continue
            a = actions.get(m.group("id"))
            if a is None:
                res.warn(n, f"summary lists sheet {m.group('id')}, which is not in the body")
            elif clean_inline(m.group("title")) != a["title"]:
                res.warn(n, f"summary title of sheet {a['action_id']} differs from the sheet's")
            elif axis is not None and a["axis_id"] != axis:
                res.warn(n, f"summary puts sheet {a['action_id']} in axis {axis}, the body in {a['axis_id']}")


def _table_spec(path: Path, spec) -> TableSpec:
    """Compile and check the ``table:`` block."""
    spec = _check_keys(path, "table", spec, _TABLE_KEYS)
    glyphs = spec.get("glyphs") or {}
    if not isinstance(glyphs, dict) or not all(isinstance(r, int) and r >= 1 for r in glyphs.values()):
        raise ConfigError(f"{path}: `table.glyphs` maps each list glyph to a rank 1, 2, 3…")
    actors = _check_keys(path, "table.actors", spec.get("actors"), {"row", "columns", "item_glyph", "split"})
    columns = []
    for fname, col in (actors.get("columns") or {}).items():
        if fname not in ("pilots", "partners") or not isinstance(col, list) or not col or not isinstance(col[0], int):
            raise ConfigError(f"{path}: `table.actors.columns` maps pilots/partners to [cell index, header words]")
        header = col[1] if len(col) > 1 else None
        pattern = rf"^\s*(?:<p[^>]*>\s*)?{re.escape(header)}\s*(?:</p>)?" if header else None
        columns.append(ActorColumn(fname, col[0], _optional_regex(path, "table.actors.columns", pattern)))
    if actors and not (actors.get("row") in CANONICAL_FIELDS and columns):
        raise ConfigError(f"{path}: `table.actors` needs a `row` (a field) and `columns`")
    subs = _check_keys(
        path, "table.sub_actions", spec.get("sub_actions"), {"rank", "italic_title", "cut", "split_without_glyph"}
    )
    gantt = _check_keys(path, "table.gantt", spec.get("gantt"), {"row", "unit", "mark"})
    if gantt and (gantt.get("unit", "semester") != "semester" or gantt.get("row") not in CANONICAL_FIELDS):
        raise ConfigError(f"{path}: `table.gantt` reads semester Gantts (unit: semester) in a `row` field")
    after = spec.get("unlabelled_row_after") or {}
    bad = {k: v for k, v in after.items() if k not in CANONICAL_FIELDS or v not in CANONICAL_FIELDS}
    if bad:
        raise ConfigError(f"{path}: `table.unlabelled_row_after` maps fields to fields; not {bad}")
    return TableSpec(
        glyphs={str(g): r for g, r in glyphs.items()},
        label_in_next_cell=bool(spec.get("label_in_next_cell")),
        unlabelled_row_after=dict(after),
        label_max=int(spec.get("label_max", 40)),
        kind_marker=_optional_regex(path, "table.kind_marker", spec.get("kind_marker")),
        actors_row=actors.get("row"),
        actor_columns=tuple(columns),
        actor_item_glyph=actors.get("item_glyph"),
        actor_split=_optional_regex(path, "table.actors.split", actors.get("split")),
        sub_rank=int(subs.get("rank", 1)),
        sub_italic_title=bool(subs.get("italic_title")),
        sub_cut=_optional_regex(path, "table.sub_actions.cut", subs.get("cut")),
        sub_split_without_glyph=_optional_regex(
            path, "table.sub_actions.split_without_glyph", subs.get("split_without_glyph")
        ),
        gantt_row=gantt.get("row"),
        gantt_mark=str(gantt.get("mark", "X")),
    )


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
    aliases = {heading_key(k): v for k, v in headings.items()}
    sheet_start = _regex(path, "sheet_start", config["sheet_start"])
    if "id" not in sheet_start.groupindex:
        raise ConfigError(f"{path}: `sheet_start` needs a named group (?P<id>…) for the sheet number")
    layout = config.get("layout", "lines")
    if layout not in ("lines", "table"):
        raise ConfigError(f"{path}: `layout` is `lines` (headings alone on their line) or `table` (TSV rows)")
    if (layout == "table") != ("table" in config):
        raise ConfigError(f"{path}: `layout: table` and a `table:` block go together")
    expected = config.get("expected_fields") or ()
    if expected == "all":
        expected = tuple(dict.fromkeys(aliases.values()))
    header = config.get("header") or {}
    axes = _check_keys(path, "axes", config.get("axes"), {"pattern", "heading_before", "numbered"})
    if axes and not (axes.get("pattern") or (axes.get("heading_before") and axes.get("numbered"))):
        raise ConfigError(f"{path}: `axes` needs a `pattern`, or `heading_before` and `numbered`")
    title = _check_keys(path, "title", config.get("title"), {"pattern", "continued_by"})
    if title:
        pattern = _regex(path, "title.pattern", title.get("pattern"))
        if not {"title", "start", "end"} <= set(pattern.groupindex):
            raise ConfigError(f"{path}: `title.pattern` needs groups (?P<title>…), (?P<start>…) and (?P<end>…)")
    summary = _check_keys(path, "summary", config.get("summary"), {"axis", "entry"})
    if summary and not summary.get("entry"):
        raise ConfigError(f"{path}: `summary` needs an `entry` pattern with groups id and title")
    attrs = {
        "__doc__": config.get("anatomy") or f"{config['name']} ({config['code']}): configured parser ({path.name}).",
        "__module__": __name__,
        "config": config,
        "config_path": path,
        "code": str(config["code"]),
        "name": config["name"],
        "detect_pattern": _regex(path, "detect", config["detect"]),
        "_detect_also": tuple(_regex(path, "detect_also", p) for p in config.get("detect_also", [])),
        "_title_pattern": _regex(path, "title.pattern", title["pattern"]) if title else None,
        "_title_continued": _optional_regex(path, "title.continued_by", title.get("continued_by")),
        "sheet_start": sheet_start,
        "sheets_end": _optional_regex(path, "sheets_end", config.get("sheets_end")),
        "announced_pattern": _optional_regex(path, "announced", config.get("announced")),
        "_boundaries": tuple(_regex(path, "boundaries", p) for p in config.get("boundaries", [])),
        "heading_aliases": aliases,
        "heading_pattern": _optional_regex(path, "heading_pattern", config.get("heading_pattern")),
        "skip_patterns": tuple(_regex(path, "skip", p) for p in config.get("skip", [])),
        "stop_patterns": tuple(_regex(path, "stop", p) for p in config.get("stop", [])),
        "expected_fields": tuple(expected),
        "indicator_kind": config.get("indicator_kind"),
        "calendar_when_empty": config.get("calendar_when_empty", "absent"),
        "_axes_pattern": _optional_regex(path, "axes.pattern", axes.get("pattern")),
        "_axes_before": _optional_regex(path, "axes.heading_before", axes.get("heading_before")),
        "_axes_numbered": _optional_regex(path, "axes.numbered", axes.get("numbered")),
        "_header_axis": _regex(path, "header.axis", header["axis"]) if header.get("axis") else None,
        "_header_objective": _regex(path, "header.objective", header["objective"]) if header.get("objective") else None,
        "_move_patterns": tuple(
            _regex(path, "move_items.matching", r["matching"]) for r in config.get("move_items", [])
        ),
        "_summary_axis": _optional_regex(path, "summary.axis", summary.get("axis")),
        "_summary_entry": _optional_regex(path, "summary.entry", summary.get("entry")),
    }
    for rule in config.get("move_items", []):
        missing = {"when_empty", "from", "to", "matching"} - set(rule)
        if missing:
            raise ConfigError(f"{path}: move_items rule {rule} lacks {sorted(missing)}")
    bases: tuple[type, ...] = (ConfiguredParser,)
    if layout == "table":
        attrs["table"] = _table_spec(path, config["table"])
        bases = (TableRowsLayout, ConfiguredParser)
    class_name = re.sub(r"\W", "", config["name"].title()) + "ConfiguredParser"
    return type(class_name, bases, attrs)


def configured_parsers(index: Path = INDEX) -> tuple[type[ConfiguredParser], ...]:
    """The parsers listed, in order, in the configuration index (``index.yml``)."""
    import yaml

    if not index.exists():
        return ()
    listed = yaml.safe_load(index.read_text(encoding="utf-8")) or []
    return tuple(load_config_parser(index.parent / name) for name in listed)


__all__ = ["ConfigError", "ConfiguredParser", "ParseError", "configured_parsers", "load_config_parser"]
