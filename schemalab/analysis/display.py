"""How tables and sentences are shown: plan text escaped, French formats, natural order of printed ids."""

from __future__ import annotations

import html
import re
import unicodedata

import pandas as pd


class EscapedTable:
    """A DataFrame shown as an HTML table whose every cell and header is escaped text."""

    def __init__(self, df: pd.DataFrame, caption: str | None = None, max_rows: int = 200):
        self.df = df
        self.caption = caption
        self.max_rows = max_rows

    def _repr_html_(self) -> str:
        df = self.df.head(self.max_rows)
        body = df.to_html(
            index=False, escape=True, na_rep="—", border=0, classes="schemalab-table", float_format=_fmt_number
        )
        cap = f"<p><em>{html.escape(self.caption)}</em></p>" if self.caption else ""
        more = f"<p>… {len(self.df) - self.max_rows} lignes de plus</p>" if len(self.df) > self.max_rows else ""
        return cap + body + more

    def __repr__(self) -> str:
        return self.df.to_string(index=False, max_rows=self.max_rows)


def _fmt_number(x) -> str:
    if pd.isna(x):
        return "—"
    if float(x).is_integer():
        return f"{x:,.0f}".replace(",", "\u202f")
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}".replace(",", "\u202f")


def show(df: pd.DataFrame, caption: str | None = None, max_rows: int = 200) -> EscapedTable:
    """Wrap ``df`` for display: plan text in cells is shown as text, never as markup."""
    return EscapedTable(df, caption, max_rows)


class Statement:
    """Sentences of findings, displayed as escaped HTML paragraphs (plain text otherwise)."""

    def __init__(self, lines: list[str]):
        self.lines = list(lines)

    def _repr_html_(self) -> str:
        return "".join(f"<p>{html.escape(line)}</p>" for line in self.lines)

    def __repr__(self) -> str:
        return "\n".join(self.lines)


def say(*lines: str) -> Statement:
    """Display French sentences (built from plan data) safely."""
    return Statement([line for line in lines if line])


def natural_key(action_id) -> tuple:
    """Sort key of printed ids: '2' < '10', '1.2' < '1.10'."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-\s]", str(action_id)))


def _fold(text) -> str:
    """Lower-case, accent-free text for matching rules."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def dept_labels(plans: pd.DataFrame) -> dict[str, str]:
    """plan_id → 'Landes (40)'."""
    return {r.plan_id: f"{r.department_name} ({r.department_code})" for r in plans.itertuples()}


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
