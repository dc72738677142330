"""``schemalab export``: the tables for people who do not use Python.

- ``--xlsx FILE``: one workbook, one sheet per table (French sheet names), each with two
  header rows: the column names (row 1, the public interface) and their French labels
  (row 2), plus a ``Dictionnaire`` sheet describing every column (from schema.py).
- ``--csv DIR``: one UTF-8 CSV per table (column names as header).

Both read the tables through the schema-checked reader, and both neutralise text cells a
spreadsheet would run as a formula (:func:`neutralise_formulas`: a leading ``= + - @``, tab
or carriage return gets a leading apostrophe, the OWASP rule), so plan text such as
``=HYPERLINK(…)`` is shown, never evaluated.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: First characters that make a spreadsheet read a cell as a formula (or DDE command).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_formulas(df):
    """A copy of ``df`` whose text cells (and column headers) cannot start a formula."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) == "string":
            out[col] = out[col].astype(object).map(neutralise_cell)
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def dictionary_frame():
    """Data dictionary as a DataFrame: table, column, French label, type, description."""
    import pandas as pd

    from schemalab.schema import FRENCH_LABELS, FRENCH_TABLE_NAMES, TABLES, VOCABULARIES

    rows = []
    for t in TABLES.values():
        for f in t.fields:
            rows.append(
                {
                    "table": t.name,
                    "feuille": FRENCH_TABLE_NAMES[t.name],
                    "column": f.name,
                    "libellé": FRENCH_LABELS[f.name],
                    "type": f.dtype,
                    "required": f.required,
                    "values": " / ".join(VOCABULARIES[f.vocabulary]) if f.vocabulary else "",
                    "description": f.description,
                }
            )
    return pd.DataFrame(rows)


def export_xlsx(data_dir: str | Path, path: str | Path) -> dict[str, int]:
    """Write every table to one workbook; returns rows written per table."""
    import pandas as pd

    from schemalab.io import read_table
    from schemalab.schema import FRENCH_LABELS, FRENCH_TABLE_NAMES, TABLES

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    counts = {}
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name in TABLES:
            df = read_table(name, data_dir)
            sheet = FRENCH_TABLE_NAMES[name]
            labels = pd.DataFrame([[FRENCH_LABELS[c] for c in df.columns]], columns=df.columns)
            out = pd.concat([labels, df.astype(object).where(df.notna(), None)], ignore_index=True)
            neutralise_formulas(out).to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.freeze_panes = "A3"
            counts[name] = len(df)
        neutralise_formulas(dictionary_frame()).to_excel(xw, sheet_name="Dictionnaire", index=False)
    return counts


def export_csv(data_dir: str | Path, out_dir: str | Path) -> dict[str, int]:
    """Write every table as ``<out_dir>/<table>.csv`` (UTF-8); returns rows per table."""
    from schemalab.io import read_table
    from schemalab.schema import TABLES

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in TABLES:
        df = read_table(name, data_dir)
        neutralise_formulas(df).to_csv(out_dir / f"{name}.csv", index=False, encoding="utf-8")
        counts[name] = len(df)
    neutralise_formulas(dictionary_frame()).to_csv(out_dir / "dictionary.csv", index=False, encoding="utf-8")
    return counts


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=Path("data/processed"), help="folder of the tables")
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="write one Excel workbook")
    p.add_argument("--csv", type=Path, metavar="DIR", help="write one UTF-8 CSV per table")


def main(args: argparse.Namespace) -> int:
    from schemalab.analysis.params import ParameterError, validate_out_dir

    if not (args.xlsx or args.csv):
        print("error: say --xlsx FILE and/or --csv DIR", file=sys.stderr)
        return 2
    try:  # never outside the project, the current folder, the home or the temporary folder
        if args.xlsx:
            validate_out_dir(Path(args.xlsx).expanduser().resolve().parent, "--xlsx")
        if args.csv:
            validate_out_dir(args.csv, "--csv")
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.xlsx:
            counts = export_xlsx(args.data, args.xlsx)
            print(f"wrote {args.xlsx}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        if args.csv:
            counts = export_csv(args.data, args.csv)
            print(f"wrote {len(counts)} CSV files to {args.csv}")
    except (FileNotFoundError, RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
