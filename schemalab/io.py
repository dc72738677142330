"""The one writer and the one reader of schemalab tables (Parquet).

Both go through :mod:`schemalab.schema`: :func:`validate` runs when writing *and* when
reading. A written file carries in its Parquet metadata:

- per column, the one-line description of the schema (Arrow field metadata
  ``description``), so pandas/pyarrow/DuckDB users see what a column means;
- ``schemalab.schema_version``: the schema version it was written under;
- ``schemalab.table``: the table name;
- ``schemalab.sources``: JSON ``{source_file: sha256}`` of the raw files its rows come
  from, so stale tables can be refused (:func:`check_fresh`).

Files are written to a temporary name and renamed, so a crash never leaves half a table.
Rows are sorted by the table key, so two builds from the same raw files give identical
content.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemalab.schema import SCHEMA_VERSION, TABLES, VOCABULARIES, Table, table

_ARROW = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
_PANDAS = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}


class SchemaError(ValueError):
    """A table does not respect the schema."""


class StaleDataError(RuntimeError):
    """A table was built from other raw files or under another schema version."""


#: Present in a tables folder while a build switches its tables in (schemalab.build).
SWITCH_JOURNAL = ".switch"


def arrow_schema(t: Table, sources: Mapping[str, str] | None = None, build_id: str | None = None) -> pa.Schema:
    """Arrow schema of ``t`` with column descriptions and schemalab metadata."""
    fields = [
        pa.field(f.name, _ARROW[f.dtype], nullable=f.nullable, metadata={"description": f.description})
        for f in t.fields
    ]
    meta = {
        "schemalab.schema_version": SCHEMA_VERSION,
        "schemalab.table": t.name,
        "schemalab.sources": json.dumps(dict(sorted((sources or {}).items())), ensure_ascii=False),
        "schemalab.key": json.dumps(list(t.key)),
    }
    if build_id:
        meta["schemalab.build_id"] = build_id
    return pa.schema(fields, metadata=meta)


def empty_frame(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of table ``name``."""
    t = table(name)
    return pd.DataFrame({f.name: pd.Series([], dtype=_PANDAS[f.dtype]) for f in t.fields})


def conform(name: str, df: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """Give ``df`` the declared columns (in order) and dtypes of table ``name``.

    Optional columns that are missing are added as nulls. Columns the schema does not
    declare are an error: the schema is the single source of truth.
    """
    t = table(name)
    if not isinstance(df, pd.DataFrame):
        df = pd.DataFrame.from_records(list(df)) if df else empty_frame(name)
    extra = [c for c in df.columns if c not in t.columns]
    if extra:
        raise SchemaError(f"{name}: columns not declared in schema.py: {extra}")
    missing = [f.name for f in t.fields if f.required and f.name not in df.columns]
    if missing and len(df):
        raise SchemaError(f"{name}: required columns missing: {missing}")
    out = {}
    for f in t.fields:
        col = df[f.name] if f.name in df.columns else pd.Series([None] * len(df), index=df.index)
        try:
            if f.dtype == "int":
                col = pd.to_numeric(col, errors="raise").astype("Int64")
            elif f.dtype == "float":
                col = pd.to_numeric(col, errors="raise").astype("Float64")
            else:
                col = col.astype(_PANDAS[f.dtype])
        except (ValueError, TypeError) as exc:
            raise SchemaError(f"{name}.{f.name}: cannot be read as {f.dtype}: {exc}") from exc
        out[f.name] = col
    return pd.DataFrame(out).reset_index(drop=True)


def validate(name: str, df: pd.DataFrame) -> None:
    """Check ``df`` against table ``name``: columns, nulls, vocabularies, unique key.

    Raises:
        SchemaError: listing every problem found (not only the first).
    """
    t = table(name)
    problems: list[str] = []
    for f in t.fields:
        if f.name not in df.columns:
            if f.required:
                problems.append(f"required column {f.name!r} missing")
            continue
        col = df[f.name]
        if not f.nullable and col.isna().any():
            rows = col[col.isna()].index[:5].tolist()
            problems.append(f"column {f.name!r} has nulls (rows {rows})")
        if f.vocabulary:
            allowed = set(VOCABULARIES[f.vocabulary])
            bad = sorted({v for v in col.dropna().unique() if v not in allowed})
            if bad:
                problems.append(f"column {f.name!r} has values outside {f.vocabulary}: {bad}")
    key = [k for k in t.key if k in df.columns]
    if len(key) == len(t.key) and len(df):
        # A null inside a key is allowed only where the field is declared nullable
        # (calendar.semester/label): pandas compares nulls as equal for duplicated().
        dup = df.duplicated(subset=key, keep=False)
        if dup.any():
            sample = df.loc[dup, key].head(6).to_dict("records")
            problems.append(f"key {key} not unique: {sample}")
        for k in t.key:
            if not t.field(k).nullable and df[k].isna().any():
                problems.append(f"key column {k!r} has nulls")
    if problems:
        raise SchemaError(f"table {name}: " + "; ".join(problems))


def schema_problems(tables: dict[str, list[dict] | pd.DataFrame]) -> list[str]:
    """What :func:`write_table` would refuse in one parse's tables (name → rows), as
    :func:`conform` and :func:`validate` say it; empty when ``build`` would write them.
    ``schemalab new-department --check`` runs it, so a check never passes what
    ``build`` refuses."""
    problems = []
    for name, rows in tables.items():
        try:
            validate(name, conform(name, rows))
        except SchemaError as exc:
            problems.append(str(exc))
    return problems


def _sort(name: str, df: pd.DataFrame) -> pd.DataFrame:
    key = list(table(name).key)
    if not len(df):
        return df
    return df.sort_values(key, na_position="first", kind="mergesort").reset_index(drop=True)


def write_table(
    name: str,
    df: pd.DataFrame | list[dict],
    out_dir: str | os.PathLike,
    sources: Mapping[str, str] | None = None,
    build_id: str | None = None,
) -> Path:
    """Validate and write table ``name`` to ``out_dir/<name>.parquet``.

    Args:
        name: a table of :data:`schemalab.schema.TABLES`.
        df: its rows (DataFrame or list of dicts).
        out_dir: destination folder (created if needed).
        sources: ``{source_file: sha256}`` of the raw files the rows come from.
        build_id: the build writing the table (``schemalab build`` sets it). Without
            one, a table rewritten in place keeps the build id of the file it replaces (a
            deliberate edit of one table stays part of its build; tables of *two builds*
            in one folder are what readers refuse).

    Returns:
        The written path.
    """
    t = table(name)
    frame = _sort(name, conform(name, df))
    validate(name, frame)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.parquet"
    if build_id is None and path.exists():
        try:
            build_id = table_metadata(path)["build_id"]
        except Exception:  # an unreadable file is simply replaced
            build_id = None
    arrow = pa.Table.from_pandas(frame, schema=arrow_schema(t, sources, build_id), preserve_index=False)
    tmp = out / f".{name}.parquet.tmp"
    pq.write_table(arrow, tmp)
    os.replace(tmp, path)
    return path


def table_metadata(path: str | os.PathLike) -> dict:
    """schemalab metadata of a written table: version, table, sources, descriptions."""
    schema = pq.read_schema(path)
    meta = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()}
    return {
        "schema_version": meta.get("schemalab.schema_version"),
        "table": meta.get("schemalab.table"),
        "sources": json.loads(meta.get("schemalab.sources", "{}")),
        "build_id": meta.get("schemalab.build_id"),
        "descriptions": {f.name: (f.metadata or {}).get(b"description", b"").decode() for f in schema},
    }


def read_table(name: str, data_dir: str | os.PathLike = "data/processed") -> pd.DataFrame:
    """Read table ``name`` from ``data_dir`` and check it against the schema again.

    Raises:
        FileNotFoundError: the table was never built (message says how to build it).
        StaleDataError: written under another schema version.
        SchemaError: the content does not respect the schema.
    """
    path = Path(data_dir) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: build the tables with `schemalab build --out {data_dir}`")
    meta = table_metadata(path)
    if meta["schema_version"] != SCHEMA_VERSION:
        raise StaleDataError(
            f"{path} was written under schema {meta['schema_version']!r}, this code reads "
            f"{SCHEMA_VERSION!r}: rebuild with `schemalab build`"
        )
    df = pq.read_table(path).to_pandas(types_mapper=_types_mapper)
    df = conform(name, df)
    validate(name, df)
    return df


def _types_mapper(arrow_type: pa.DataType):
    return {
        pa.string(): pd.StringDtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }.get(arrow_type)


def read_tables(data_dir: str | os.PathLike = "data/processed", names=None) -> dict[str, pd.DataFrame]:
    """Read several tables (all declared ones by default) into a dict."""
    return {n: read_table(n, data_dir) for n in (names or TABLES)}


def check_fresh(data_dir: str | os.PathLike, raw_dir: str | os.PathLike, names=None) -> None:
    """Refuse tables built from other raw files than those now in ``raw_dir``, under another
    schema version, or by different builds (a folder left mixed by an interrupted build).

    Raises:
        StaleDataError: naming the table and file, and saying to rebuild.
    """
    from schemalab.manifest import sha256_file
    from schemalab.schema import PARSED_TABLES, THEME_TABLES

    problems = []
    if (Path(data_dir) / SWITCH_JOURNAL).exists():
        problems.append("a build was interrupted while switching its tables in (mixed tables)")
    builds: dict[str | None, list[str]] = {}
    themed: dict[str, list[str]] = {}  # theme tables by the build they were computed from
    digests: dict[str, str] = {}  # each raw file hashed once, not once per table naming it
    for n in names or TABLES:
        path = Path(data_dir) / f"{n}.parquet"
        if not path.exists():
            continue
        try:
            meta = table_metadata(path)
        except Exception as exc:  # a truncated or foreign file: say which
            problems.append(f"{path.name}: unreadable ({type(exc).__name__}: {exc})")
            continue
        if n in PARSED_TABLES:
            builds.setdefault(meta["build_id"], []).append(n)
        elif n in THEME_TABLES and meta["build_id"]:
            themed.setdefault(meta["build_id"], []).append(n)
        if meta["schema_version"] != SCHEMA_VERSION:
            problems.append(f"{path.name}: schema {meta['schema_version']} != {SCHEMA_VERSION}")
        for src, sha in meta["sources"].items():
            raw = Path(raw_dir) / src
            if raw.exists() and sha != (digests.get(src) or digests.setdefault(src, sha256_file(raw))):
                problems.append(f"{path.name}: built from another version of {src}")
    if len(builds) > 1:
        listing = "; ".join(f"build {b or 'unknown'}: {', '.join(ns)}" for b, ns in builds.items())
        problems.append(f"tables come from different builds ({listing})")
    parsed = next(iter(builds)) if len(builds) == 1 else None
    if parsed is None and themed and (Path(data_dir) / "actions.parquet").exists():
        with contextlib.suppress(Exception):
            parsed = table_metadata(Path(data_dir) / "actions.parquet")["build_id"]
    other = {b: ns for b, ns in themed.items() if parsed and b != parsed}
    if other:
        listing = "; ".join(f"{', '.join(ns)} from build {b}" for b, ns in other.items())
        problems.append(
            f"themes computed from another build than the tables (build {parsed}): {listing}; run `schemalab themes`"
        )
    if problems:
        raise StaleDataError("stale tables, rebuild with `schemalab build`: " + "; ".join(problems))


__all__ = [
    "SWITCH_JOURNAL",
    "SchemaError",
    "schema_problems",
    "StaleDataError",
    "TABLES",
    "arrow_schema",
    "check_fresh",
    "conform",
    "empty_frame",
    "read_table",
    "read_tables",
    "table_metadata",
    "validate",
    "write_table",
]
