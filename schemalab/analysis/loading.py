"""Where the data is and how the notebooks load it (stale tables refused)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from schemalab.io import StaleDataError, check_fresh, read_table
from schemalab.schema import TABLES


def project_root(root: str | os.PathLike | None = None) -> Path:
    """The schemalab checkout holding data/raw (see the module docstring for the order)."""
    if root:
        return Path(root).resolve()
    if os.environ.get("SCHEMALAB_ROOT"):
        return Path(os.environ["SCHEMALAB_ROOT"]).resolve()
    pkg = Path(__file__).resolve().parents[2]
    if (pkg / "data" / "raw").is_dir():
        return pkg
    for d in [Path.cwd(), *Path.cwd().parents]:
        if (d / "data" / "raw").is_dir() and (d / "pyproject.toml").exists():
            return d
    raise FileNotFoundError("cannot find the schemalab project root: set SCHEMALAB_ROOT to the checkout")


def data_paths(data_dir=None, raw_dir=None) -> tuple[Path, Path]:
    """(data_dir, raw_dir), defaulting to data/processed and data/raw of the project root."""
    root = None
    if data_dir is None or raw_dir is None:
        root = project_root()
    data = Path(data_dir) if data_dir is not None else root / "data" / "processed"
    raw = Path(raw_dir) if raw_dir is not None else root / "data" / "raw"
    return data, raw


def plain_text_figures() -> None:
    """Plan text is data, never markup, in figures too: matplotlib must not read a ``$``
    in a département or plan name as the start of a formula (a name holding ``$`` once
    broke 8 of 9 notebooks with a bare ValueError)."""
    import matplotlib

    matplotlib.rcParams["text.parse_math"] = False


#: Tables read in this process, by file: (path, size, mtime in ns, inode) → the validated
#: frame. A report's kernel runs a hundred notebooks that each read the same tables; a file
#: rewritten (a rebuild) has another size, time or inode and is read again.
_READ: dict[tuple, pd.DataFrame] = {}


def _read_cached(name: str, data: Path) -> pd.DataFrame:
    path = (data / f"{name}.parquet").resolve()
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if key not in _READ:
        for k in [k for k in _READ if k[0] == key[0]]:  # the older version of this file
            del _READ[k]
        _READ[key] = read_table(name, data)
    return _READ[key].copy()  # the caller may change its frames, never the cached one


def load_tables(data_dir=None, raw_dir=None, names=None) -> dict[str, pd.DataFrame]:
    """Read the tables after refusing stale ones.

    Raises:
        StaleDataError: a table is missing, was built from other raw files, under
            another schema version, or by another build than the other tables (a folder
            left mixed by an interrupted build); the message says to rebuild.
    """
    data, raw = data_paths(data_dir, raw_dir)
    plain_text_figures()
    names = list(names or TABLES)
    missing = [n for n in names if not (data / f"{n}.parquet").exists()]
    if missing:
        raise StaleDataError(
            f"tables absentes dans {data} ({', '.join(missing)}) : reconstruisez-les avec "
            "`schemalab build` (ou `make data`)"
        )
    try:
        check_fresh(data, raw, names)
        return {n: _read_cached(n, data) for n in names}
    except StaleDataError as exc:
        raise StaleDataError(
            f"tables périmées dans {data} : reconstruisez-les avec `schemalab build` (ou `make report`). {exc}"
        ) from exc


#: Results of :func:`cached_on_tables` functions: (function, content of its tables, other
#: arguments) → result; the few most recent are kept.
_MEMO: dict[tuple, object] = {}
MEMO_SIZE = 8


def _content_key(tables: dict[str, pd.DataFrame], names: tuple[str, ...]) -> tuple | None:
    """A fingerprint of the content of ``tables[names]`` (columns, types, every value, row
    order), or None when a column cannot be hashed (then nothing is cached)."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for n in names:
        df = tables[n]
        try:
            rows = pd.util.hash_pandas_object(df, index=False).to_numpy()
        except TypeError:
            return None
        h.update(repr((n, list(df.columns), [str(t) for t in df.dtypes], len(df))).encode())
        h.update(rows.tobytes())
    return (h.hexdigest(),)


def cached_on_tables(*names: str):
    """Decorator: ``fn(tables, *args)`` computed once for the same content of the tables
    ``names`` it reads and the same other arguments (a copy of the cached result is
    returned). A report's kernel runs one profile per département, and each compares its
    plan with every other plan (:func:`schemalab.analysis.profile.national_overview`): the
    same tables, so the national figures are computed once per kernel, not per profile;
    any change of a value in those tables computes them again."""
    import functools

    def wrap(fn):
        @functools.wraps(fn)
        def inner(tables, *args):
            key = _content_key(tables, names)
            if key is None:
                return fn(tables, *args)
            key = (fn.__module__, fn.__qualname__, key, repr(args))
            if key not in _MEMO:
                while len(_MEMO) >= MEMO_SIZE:
                    _MEMO.pop(next(iter(_MEMO)))
                _MEMO[key] = fn(tables, *args)
            out = _MEMO[key]
            return out.copy() if hasattr(out, "copy") else out

        return inner

    return wrap


def select_departments(tables: dict[str, pd.DataFrame], codes) -> dict[str, pd.DataFrame]:
    """The tables restricted to the plans of départements ``codes``."""
    plans = tables["plans"]
    keep = set(plans.loc[plans["department_code"].isin(list(codes)), "plan_id"])
    return {
        n: (df[df["plan_id"].isin(keep)].reset_index(drop=True) if "plan_id" in df else df) for n, df in tables.items()
    }


def latest_editions(plans: pd.DataFrame) -> list[str]:
    """The plan id of each département's latest edition (latest period end, then start;
    a tie, which the build refuses for one period, falls to the larger plan id)."""
    if not len(plans):
        return []
    ordered = plans.sort_values(["department_code", "period_end", "period_start", "plan_id"])
    return sorted(ordered.groupby("department_code", sort=False)["plan_id"].last())


def select_editions(tables: dict[str, pd.DataFrame], editions="latest") -> dict[str, pd.DataFrame]:
    """The tables restricted to the editions a report compares.

    Args:
        tables: the tables (every plan, or those :func:`select_departments` kept).
        editions: ``"latest"`` (default: each département's latest edition), ``"all"``, or
            a list of plan ids; checked by :func:`schemalab.analysis.params.validate_editions`.

    A département kept with several editions has each edition's period after its name
    (:func:`name_editions`).
    """
    from schemalab.analysis.params import validate_editions

    plans = tables["plans"]
    choice = validate_editions(editions, plans["plan_id"])
    if choice == "all":
        return {**tables, "plans": name_editions(tables["plans"])}
    keep = set(latest_editions(plans)) if choice == "latest" else set(choice)
    out = {
        n: (df[df["plan_id"].isin(keep)].reset_index(drop=True) if "plan_id" in df else df) for n, df in tables.items()
    }
    return {**out, "plans": name_editions(out["plans"])}


def name_editions(plans: pd.DataFrame) -> pd.DataFrame:
    """``plans`` where a département present with several editions has its name followed by
    each edition's period (``Orne 2017–2021``, ``Orne 2022–2026``), so every table and
    chart labelled "Name (code)" tells the editions apart; other names are unchanged."""
    if not len(plans):
        return plans
    n = plans.groupby("department_code")["plan_id"].transform("nunique")
    if not (n > 1).any():
        return plans
    out = plans.copy()
    several = n > 1
    out.loc[several, "department_name"] = [
        f"{r.department_name} {r.period_start}–{r.period_end}" for r in plans[several].itertuples()
    ]
    return out
