"""How tables and sentences are shown: plan text escaped, French formats, natural order of printed ids."""

from __future__ import annotations

import html
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

#: Tables longer than this are folded (``<details>``) and written whole beside the report as CSV.
FOLD_ROWS = 30

#: French headers of the columns a report shows: the schema's labels (one meaning per
#: column name everywhere) plus the few columns the analysis computes.
ANALYSIS_LABELS: dict[str, str] = {
    "montant_eur": "Montant (euros)",
    "n_montants": "Nombre de montants",
    "total_eur": "Total (euros)",
    "n_indicateurs": "Nombre d'indicateurs",
    "n_actions": "Nombre de fiches",
    "text": "Texte",
    "theme": "Thème",
    "type": "Type",
    "start": "Début",
    "end": "Fin",
    "share": "Part des fiches",
    "score": "Score",
    "similarity": "Similarité",
    "level": "Niveau (schéma ou fiche)",
}

# Columns whose integers are years, line numbers or codes: never grouped by thousands.
_NO_GROUPING = re.compile(
    r"ann[ée]e|year|period|p[ée]riode|d[ée]but|^fin|start|end|ligne|line|code|rang|position", re.I
)


def column_label(name) -> str:
    """French header of a column: the schema's label, an analysis label, else the name itself."""
    from schemalab.schema import FRENCH_LABELS

    name = str(name)
    label = ANALYSIS_LABELS.get(name) or FRENCH_LABELS.get(name) or name.replace("_", " ")
    return label[:1].upper() + label[1:]


#: Above this many départements a report turns to its national layout: sentences grouped
#: by case instead of one per département, charts summarised (schemalab.plots.LARGE).
NATIONAL = 12

#: At most this many départements are named in one sentence or table cell; the rest are
#: counted ("… et 88 autres"), so a national report's sentences and cells stay readable.
LIST_LIMIT = 10


def capped_list(items, sep: str = ", ") -> str:
    """Items joined by ``sep``; past :data:`LIST_LIMIT`, the first ones and a count of the others."""
    items = [str(x) for x in items]
    if len(items) <= LIST_LIMIT:
        return sep.join(items)
    return sep.join(items[:LIST_LIMIT]) + f" … et {french_number(len(items) - LIST_LIMIT)} autres"


def clip(text, limit: int = 160) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters, "…" marking
    the cut: for a sheet title quoted inside a table cell (Haute-Garonne prints whole
    engagement cells, up to 1 160 characters, where other plans print a one-line title)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.–-") + "…"


def french_number(x, grouping: bool = True) -> str:
    """``1234567.5`` → ``1 234 567,5`` (narrow no-break space, decimal comma); NA → ``—``."""
    if x is None or pd.isna(x):
        return "—"
    if isinstance(x, (bool, np.bool_)):
        return "oui" if x else "non"
    v = float(x)
    if v.is_integer():
        s = f"{v:,.0f}" if grouping else f"{v:.0f}"
    elif abs(v) >= 100:
        s = f"{v:,.0f}" if grouping else f"{v:.0f}"
    else:
        s = f"{v:,.2f}".rstrip("0").rstrip(".")
    return s.replace(",", "\u202f").replace(".", ",")


def _cell(x, grouping: bool) -> str:
    if isinstance(x, (list, tuple, np.ndarray)):  # e.g. secondary theme codes
        return ", ".join(str(v) for v in x) or "—"
    if x is None or (not isinstance(x, dict) and pd.isna(x)):
        return "—"
    if isinstance(x, (bool, np.bool_)):
        return "oui" if x else "non"
    if isinstance(x, (int, float)) or (hasattr(x, "dtype") and pd.api.types.is_number(x)):
        return french_number(x, grouping)
    s = str(x)
    return "—" if s in ("<NA>", "nan", "NaN", "None") else s


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """The frame a reader sees: a meaningful index kept as columns, French headers, formatted cells.

    Row numbers (an unnamed integer index, left by a filter or a sort) are dropped; any other index (a crosstab's actors, a summary's
    types) becomes the first column(s), so no row loses its name. Rows holding a printed
    sheet number are put in natural order (2 before 10) within each département.
    """
    out = df.copy()
    unnamed = all(n is None for n in out.index.names)
    row_numbers = unnamed and pd.api.types.is_integer_dtype(out.index.dtype)  # left by a filter or a sort
    if not row_numbers:
        names = [n if n is not None else "" for n in out.index.names]
        out.index.names = [n or (out.columns.name or "") for n in names]
        out = out.reset_index()
    out.columns.name = None
    out.columns = [" – ".join(map(str, c)) if isinstance(c, tuple) else c for c in out.columns]
    natural = [c for c in _NATURAL_COLS if c in out.columns]
    if natural and len(out) > 1:
        by = (["département"] if "département" in out.columns else []) + natural[:1]
        keys = [tuple(map(str, k)) for k in out[by].itertuples(index=False)]
        if keys == sorted(keys):  # sorted as text (1, 12, 2): put in natural order; any other order is kept
            out = natural_sort(out, by)
    shown = pd.DataFrame(index=out.index)
    for c in out.columns:
        grouping = not _NO_GROUPING.search(str(c))
        shown[column_label(c)] = [_cell(x, grouping) for x in out[c]]
    return shown


#: Long tables written so far, per report of a run (None: outside a report run). A report's
#: kernel runs many notebooks one after the other: each report numbers its own tables from 1.
_csv_counter: dict[tuple[str, str] | None, int] = {}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _fold(text))[:40].strip("_")


def _csv_target(caption: str | None) -> tuple[Path, str]:
    """Where a long table's CSV is written and the link to it.

    In a report run, ``SCHEMALAB_REPORT_DIR`` (the run folder) and ``SCHEMALAB_REPORT_NAME``
    (the report's file name) are set by :mod:`schemalab.report`: the file goes to
    ``<run>/<report>_tableaux/`` and the link is relative, so the folder can be moved or
    sent as a whole. Elsewhere (JupyterLab), a temporary folder and an absolute link.
    """
    run_dir, name = os.environ.get("SCHEMALAB_REPORT_DIR"), os.environ.get("SCHEMALAB_REPORT_NAME")
    key = (run_dir, name) if run_dir and name else None
    _csv_counter[key] = _csv_counter.get(key, 0) + 1
    stem = f"tableau_{_csv_counter[key]:02d}" + (f"_{_slug(caption)}" if caption else "")
    if run_dir and name:
        folder = Path(run_dir) / f"{name}_tableaux"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{stem}.csv", f"{name}_tableaux/{stem}.csv"
    folder = Path(tempfile.gettempdir()) / "schemalab-tableaux"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.csv"
    return path, path.resolve().as_uri()


class EscapedTable:
    """A DataFrame shown as an HTML table whose every cell and header is escaped text.

    French headers, formats and "—" for missing values (:func:`for_display`). A table
    longer than :data:`FOLD_ROWS` rows is shown whole inside a folded ``<details>`` and
    written beside the report as a CSV file (``;``-separated, UTF-8) linked under it:
    nothing is cut silently. ``max_rows`` is kept for compatibility and no longer cuts.
    """

    def __init__(self, df: pd.DataFrame, caption: str | None = None, max_rows: int | None = None):
        self.df = df
        self.caption = caption
        self.max_rows = max_rows
        self.csv_path: Path | None = None

    def _repr_html_(self) -> str:
        shown = for_display(self.df)
        body = shown.to_html(index=False, escape=True, na_rep="—", border=0, classes="schemalab-table")
        cap = f"<p><em>{html.escape(self.caption)}</em></p>" if self.caption else ""
        if len(shown) <= FOLD_ROWS:
            return cap + body
        path, href = _csv_target(self.caption)
        shown.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
        self.csv_path = path
        n = french_number(len(shown))
        link = (
            f"<p class='schemalab-csv'>Tableau complet ({n} lignes) : "
            f"<a href='{html.escape(href)}' download>{html.escape(Path(href).name)}</a> (CSV, séparateur « ; »)</p>"
        )
        return f"{cap}<details><summary>Afficher le tableau ({n} lignes)</summary>{body}</details>{link}"

    def __repr__(self) -> str:
        return for_display(self.df).to_string(index=False)


def show(df: pd.DataFrame, caption: str | None = None, max_rows: int | None = None) -> EscapedTable:
    """Wrap ``df`` for display: plan text shown as text, French headers and formats, long tables folded."""
    return EscapedTable(df, caption, max_rows)


def _fmt_number(x) -> str:
    return french_number(x)


class Statement:
    """Sentences of findings, displayed as escaped HTML paragraphs (plain text otherwise)."""

    def __init__(self, lines: list[str]):
        self.lines = list(lines)

    def _repr_html_(self) -> str:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in self.lines)
        if len(self.lines) <= NATIONAL:
            return body
        # a national report's per-département sentences are folded, like long tables
        return f"<details><summary>Afficher le détail ({len(self.lines)} paragraphes)</summary>{body}</details>"

    def __repr__(self) -> str:
        return "\n".join(self.lines)


def say(*lines: str) -> Statement:
    """Display French sentences (built from plan data) safely."""
    return Statement([line for line in lines if line])


def natural_key(action_id) -> tuple:
    """Sort key of printed ids and refs, numbers read as numbers wherever they are: '2' <
    '10', '1.2' < '1.10', 'P2-A1' < 'P10-A1' (a review's priority-action refs)."""
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.findall(r"\d+|\D+", str(action_id)))


def _fold(text) -> str:
    """Lower-case, accent-free text for matching rules."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def dept_labels(plans: pd.DataFrame) -> dict[str, str]:
    """plan_id → 'Landes (40)'."""
    return {r.plan_id: f"{r.department_name} ({r.department_code})" for r in plans.itertuples()}


def shown_text(df: pd.DataFrame, col: str) -> pd.Series:
    """The text a reader sees of column ``col``: its ``*_clean`` companion (OCR damage
    repaired by general rules, « |'action » → « l'action ») where the table has one and
    it is filled, else the text as printed; the printed text stays in the data.
    ``title`` → ``title_clean``, ``text`` → ``text_clean``, ``name`` → ``name_clean``."""
    clean = f"{col.removesuffix('_text')}_clean"
    if clean not in df:
        return df[col]
    return df[clean].where(df[clean].notna() & (df[clean].astype(str).str.strip() != ""), df[col])


def line_ref(name, line) -> str:
    """Where a row is read, for a reader: « Haute-Garonne, l. 978 » (the file of the plan is
    named in « Provenance »); « Haute-Garonne (ligne non lue) » without a line."""
    if line is None or pd.isna(line):
        return f"{name} (ligne non lue)"
    return f"{name}, l. {int(line)}"


def _with_dept(df: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    labels = dept_labels(plans)
    out = df.copy()
    out["département"] = out["plan_id"].map(labels)
    return out


def _fmt_eur(x) -> str:
    if x is None or pd.isna(x):
        return "—"
    return f"{x:,.0f} €".replace(",", "\u202f")


_NATURAL_COLS = ("action_id", "ref", "fiche")


def natural_sort(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """``df`` sorted by ``by``, printed ids (action_id, ref, fiche) in natural order."""

    def key(i):
        return tuple(natural_key(df[c].iloc[i]) if c in _NATURAL_COLS else (str(df[c].iloc[i]),) for c in by)

    return df.iloc[sorted(range(len(df)), key=key)].reset_index(drop=True)
