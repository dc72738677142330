"""Every figure of the reports: one function per figure, small DataFrames in, Figure out.

The functions take the frames returned by :mod:`schemalab.analysis` so the same figure
looks the same in every notebook and report. They never read files and never call
``plt.show()``: a notebook displays the returned Figure (``fig``), and tests can check it.

Plan text ends up in labels: it is passed through :func:`_txt`, which escapes ``$`` so
matplotlib never interprets a plan's words as mathtext. An empty input gives a figure
that says, in French, that there is nothing to draw, rather than an error.
"""

from __future__ import annotations

import math
import re
import textwrap
import zlib

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from schemalab.analysis.display import NATIONAL

PALETTE = "colorblind"
_DPI = 96

#: The départements the reports compare, in code order: each has a colour of its own
#: (the colour-blind palette in this order), the same in every figure of every report.
DEPARTMENT_CODES = ("31", "40", "47", "61", "62")
_DEPARTMENT_NAMES = {
    "haute-garonne": "31",
    "landes": "40",
    "lot-et-garonne": "47",
    "orne": "61",
    "pas-de-calais": "62",
}
_FIXED = dict(zip(DEPARTMENT_CODES, sns.color_palette(PALETTE, 10)[:5], strict=True))
#: Colours of any other département (a sixth plan): colour-blind palette colours the
#: five above do not use, then darker ones; never grey (grey means "the others").
_EXTRA = [
    tuple(int(h[i : i + 2], 16) / 255 for i in (1, 3, 5))
    for h in ("#ca9161", "#56b4e9", "#fbafe4", "#006374", "#591e71", "#b8850a", "#ece133")
]
#: The others, beside a highlighted département (a profile).
OTHERS = "#b5b5b5"
#: Colours that mean no département: national layouts, calendar precision, states.
NEUTRAL = "#55606b"
NEUTRAL_LIGHT = "#c3c9cf"
_CODE_RE = re.compile(r"\((2A|2B|\d{2,3})\)")
_CODE_ONLY = re.compile(r"(2A|2B|\d{2,3})", re.IGNORECASE)


def department_code(label) -> str:
    """The INSEE code in a département label: "Orne (61)" → "61", "61" → "61", "Orne" → "61".

    A label with no code that is not one of the compared départements' names is returned
    as it is (it still gets a stable colour from :func:`department_colors`)."""
    s = str(label).strip()
    m = _CODE_RE.search(s)
    if m:
        return m.group(1).upper()
    if _CODE_ONLY.fullmatch(s):
        return s.upper()
    return _DEPARTMENT_NAMES.get(s.lower(), s)


def department_colors(names_or_codes, highlight=None) -> dict:
    """One fixed colour per département, the same in every figure: ``{label: (r, g, b)}``,
    keyed by the labels as given (ready for seaborn's ``palette=``).

    Labels may be "Name (code)", codes or names. The compared départements
    (:data:`DEPARTMENT_CODES`, in code order) take the colour-blind palette in order:
    31 blue, 40 orange, 47 green, 61 vermilion, 62 pink. Any other département takes an
    extra colour chosen by a hash of its code (CRC-32, so the same in every run and every
    report, whatever else is drawn); when two others of one figure hash to the same
    colour, the one with the larger code takes the next free extra colour.

    ``highlight`` (a label or code): that département keeps its colour, all the others
    are grey (:data:`OTHERS`), as in a département's profile.
    """
    labels = list(dict.fromkeys(names_or_codes))  # keys as given: a seaborn palette matches them exactly
    codes = {x: department_code(x) for x in labels}
    out: dict = {}
    taken: dict[str, tuple[float, float, float]] = {}
    for x in sorted(labels, key=lambda v: (codes[v] not in _FIXED, codes[v], str(v))):
        c = codes[x]
        if c in _FIXED:
            out[x] = tuple(_FIXED[c])
            continue
        if c not in taken:
            start = zlib.crc32(c.encode("utf-8")) % len(_EXTRA)
            used = set(taken.values())
            free = [_EXTRA[(start + k) % len(_EXTRA)] for k in range(len(_EXTRA))]
            taken[c] = next((col for col in free if col not in used), _EXTRA[start])
        out[x] = taken[c]
    if highlight is not None:
        h = department_code(highlight)
        grey = tuple(int(OTHERS[i : i + 2], 16) / 255 for i in (1, 3, 5))
        out = {x: (col if codes[x] == h else grey) for x, col in out.items()}
    return {x: out[x] for x in labels}


def _wrap(s, width: int = 40) -> str:
    """A long label on several lines (never cut): plan text in ticks and legends."""
    s = _txt(s)
    return "\n".join(textwrap.wrap(s, width, break_long_words=False)) if len(s) > width else s


def _wrap_lines(s, width: int) -> str:
    """:func:`_wrap` line by line: the line breaks already in ``s`` are kept (never joined)."""
    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)) or line
        for line in _txt(s).split("\n")
    )


def _lines(labels) -> int:
    return sum(str(x).count("\n") + 1 for x in labels)


def _legend_outside(ax: plt.Axes, width: int = 32, **kw) -> None:
    """The axes' legend right of the plot, its labels wrapped (a long label no longer hides lines)."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    ax.legend(
        handles,
        [_wrap(x, width) for x in labels],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        fontsize=8,
        **kw,
    )


def _txt(s, width: int | None = None) -> str:
    s = "" if s is None else str(s)
    if width and len(s) > width:
        s = s[: width - 1] + "…"
    # with text.parse_math off (analysis.load_tables turns it off) a "$" is already plain text
    return s.replace("$", r"\$") if plt.rcParams["text.parse_math"] else s


def _new(width: float = 8, height: float = 4) -> tuple[Figure, plt.Axes]:
    sns.set_theme(style="whitegrid", palette=PALETTE)
    fig, ax = plt.subplots(figsize=(width, height), dpi=_DPI, layout="constrained")
    return fig, ax


def empty_figure(message: str) -> Figure:
    """A small figure that states why there is nothing to draw."""
    fig, ax = _new(8, 1.4)
    ax.axis("off")
    ax.text(0.5, 0.5, _txt(message), ha="center", va="center", fontsize=11, wrap=True)
    return fig


def figure_title(fig: Figure) -> str:
    """The figure's French title (its suptitle, else its axes' titles): the image's alt text in the reports."""
    sup = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    if sup:
        return sup
    if titles:
        return " ; ".join(dict.fromkeys(titles))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text()]
    return texts[0] if texts else "Figure sans titre"


def _png_with_alt(fig: Figure):
    """IPython PNG formatter: the image and, as metadata, its alt text (the figure's title)."""
    from IPython.core.pylabtools import print_figure

    data = print_figure(fig, "png", bbox_inches="tight")
    return (data, {"alt": figure_title(fig)}) if data else None


def _register_alt_text() -> None:
    """Make IPython give every displayed Figure its title as alt text (read by the report template).

    Registered after a figure exists, so after the inline backend registered its own
    PNG formatter, which this one replaces (same image, plus the metadata).
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is not None:
        ip.display_formatter.formatters["image/png"].for_type(Figure, _png_with_alt)


def _close(fig: Figure) -> Figure:
    # Figures are returned and displayed by the notebook; closing the pyplot handle
    # keeps the inline backend from showing each one twice.
    plt.close(fig)
    _register_alt_text()
    return fig


def _year_axis(ax: plt.Axes, lo: int, hi: int, max_labels: int = 9, axis: str = "x") -> None:
    """Integer year ticks from ``lo`` to ``hi`` that never collide: a label every n years, a tick every year."""
    step = max(1, math.ceil((hi - lo + 1) / max_labels))
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(FixedLocator(list(range(lo, hi + 1, step))))
    target.set_minor_locator(FixedLocator(list(range(lo, hi + 1))))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))


def _fr(v: float, fmt: str) -> str:
    """A heatmap cell in French: '45 %', '3', '1,5'."""
    if pd.isna(v):
        return "—"
    if fmt.endswith("%"):
        return f"{v * 100:.0f} %"
    if fmt.endswith("f") and fmt.startswith(".0"):
        return f"{v:,.0f}".replace(",", "\u202f")
    return f"{v:.2g}".replace(".", ",")


#: Above this many départements a comparison chart switches to its national layout
#: (clustered heatmaps without numbers in the cells, the ten most and least with the
#: rest summarised, median and spread instead of one line per département).
LARGE = NATIONAL
#: How many départements are shown at each end of a ranking in the national layout.
TOP = 10


def _cluster(values: np.ndarray) -> tuple[list[int], list[int]]:
    """Order of the rows of ``values`` by similarity (average-linkage hierarchical
    clustering, optimal leaf order) and each row's group (about sqrt(n/2) groups)."""
    n = len(values)
    if n < 3:
        return list(range(n)), [1] * n
    from scipy.cluster.hierarchy import fcluster, leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import pdist

    x = np.nan_to_num(np.asarray(values, dtype=float))
    d = pdist(x, "euclidean")
    z = linkage(d, "average")
    if n <= 400:
        z = optimal_leaf_ordering(z, d)
    order = [int(i) for i in leaves_list(z)]
    groups = fcluster(z, max(2, round(math.sqrt(n / 2))), "maxclust")
    return order, [int(groups[i]) for i in order]


def _top_bottom(df: pd.DataFrame, value: str, label: str, top: int = TOP) -> pd.DataFrame:
    """The ``top`` highest and lowest rows by ``value`` (highest first), with, between
    them, a row summarising the others (their median, named « médiane des N autres »)."""
    df = df.sort_values(value, ascending=False, kind="stable")
    if len(df) <= 2 * top + 1:
        return df
    rest = df.iloc[top:-top]
    mid = {c: (rest[c].median() if pd.api.types.is_numeric_dtype(rest[c]) else "") for c in df.columns}
    mid[label] = f"… médiane des {len(rest)} autres"
    return pd.concat([df.iloc[:top], pd.DataFrame([mid]), df.iloc[-top:]], ignore_index=True)


def plan_timeline(periods: pd.DataFrame) -> Figure:
    """Horizontal bars of the plan periods (label, start, end) on a common year axis."""
    if not len(periods):
        return _close(empty_figure("Aucun schéma construit."))
    large = len(periods) > LARGE
    if large:  # national layout: sorted by start, thin bars, one colour, the period in the label
        periods = periods.sort_values(["start", "end", "label"], kind="stable")
    fig, ax = _new(8, 0.6 + (0.17 if large else 0.5) * len(periods))
    colors = department_colors(periods["label"])
    for i, r in enumerate(periods.itertuples()):
        color = NEUTRAL if large else colors[r.label]
        ax.barh(i, r.end - r.start + 1, left=r.start, color=color, height=0.7 if large else 0.6)
        if not large:
            ax.text(r.start + 0.1, i, f"{r.start}–{r.end}", va="center", fontsize=9, color="white", fontweight="bold")
    labels = [
        f"{_txt(x)} {r.start}–{r.end}" if large else _txt(x)
        for x, r in zip(periods["label"], periods.itertuples(), strict=True)
    ]
    ax.set_yticks(range(len(periods)), labels, fontsize=6 if large else None)
    ax.set_ylim(-0.6, len(periods) - 0.4)
    ax.invert_yaxis()
    lo, hi = int(periods["start"].min()), int(periods["end"].max()) + 1
    _year_axis(ax, lo, hi)
    ax.set_xlim(lo - 0.2, hi + 0.2)
    ax.set_xlabel("année (une barre couvre les années du schéma, bornes comprises)")
    ax.set_title("Périodes des schémas comparés")
    return _close(fig)


def count_bars(df: pd.DataFrame, x: str, columns: list[str], title: str, parts: dict[str, str] | None = None) -> Figure:
    """Small multiples: one panel per count column (sheets, indicators…), a bar per ``x``, each panel on its own scale.

    Counts of different things (5 axes, 130 indicators) are never drawn on one shared axis.
    ``parts`` maps a column to the column of the part of it that is of another kind
    (« indicateurs ou résultats attendus » → « dont résultats attendus »): that part of
    each bar is hatched, its count written beside the total and named in the panel's title,
    so a reader compares like with like.
    """
    if not len(df):
        return _close(empty_figure("Aucune donnée."))
    sns.set_theme(style="whitegrid", palette=PALETTE)
    n = len(columns)
    parts = {c: p for c, p in (parts or {}).items() if c in columns and p in df}
    if len(df) > 2 * TOP + 1:
        return _count_bars_national(df, x, columns, title, parts)
    fig, axes = plt.subplots(1, n, figsize=(min(14, 2.6 * n + 1), 3.6), dpi=_DPI, layout="constrained", squeeze=False)
    by_dept = department_colors(df[x])
    colors = [by_dept[v] for v in df[x]]
    labels = [_txt(v) for v in df[x]]
    for ax, col in zip(axes[0], columns, strict=True):
        values = pd.to_numeric(df[col], errors="coerce").fillna(0)
        ax.barh(range(len(df)), values, color=colors)
        ax.set_yticks(range(len(df)), labels if ax is axes[0][0] else [""] * len(df), fontsize=9)
        ax.invert_yaxis()
        ax.set_title(_panel_title(col, parts.get(col)), fontsize=10)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}".replace(",", "\u202f")))
        part = _draw_part(ax, df, col, parts.get(col))
        for i, v in enumerate(values):
            ax.text(v, i, " " + _count_label(v, part[i] if part is not None else None), va="center", fontsize=8)
        ax.set_xlim(0, max(1.0, float(values.max())) * (1.7 if part is not None else 1.25))
    fig.suptitle(_txt(title) + " (chaque panneau a sa propre échelle)", fontsize=12)
    return _close(fig)


def _part_name(part: str) -> str:
    """« dont résultats attendus » → « résultats attendus »: the kind a hatched part is."""
    return re.sub(r"^dont\s+", "", str(part))


def _panel_title(col: str, part: str | None) -> str:
    """A count_bars panel's title: the column, and what its hatched part is."""
    head = _wrap(col, 24)
    return head if part is None else f"{head}\n(hachuré : {_txt(_part_name(part))})"


def _count_label(v: float, part: float | None) -> str:
    """ "113 (dont 108)" beside a bar with a hatched part, "49" otherwise."""
    total = f"{v:,.0f}".replace(",", "\u202f")
    return total if not part else f"{total} (dont {part:,.0f})".replace(",", "\u202f")


def _draw_part(ax: plt.Axes, df: pd.DataFrame, col: str, part: str | None) -> list[float] | None:
    """Hatch, over each bar of ``col``, the part of it counted in column ``part`` (None: nothing to draw)."""
    if part is None:
        return None
    values = pd.to_numeric(df[part], errors="coerce").fillna(0).tolist()
    ax.barh(range(len(df)), values, color="none", edgecolor="white", hatch="///", linewidth=0)
    return values


def _count_bars_national(
    df: pd.DataFrame, x: str, columns: list[str], title: str, parts: dict[str, str] | None = None
) -> Figure:
    """count_bars for many départements: one panel per count, each ranking its own ten
    highest and ten lowest, the others summarised by their median, a dashed line at the
    national median; a column's part of another kind (``parts``) hatched, as in count_bars."""
    n = len(columns)
    parts = parts or {}
    fig, axes = plt.subplots(1, n, figsize=(min(16, 3.6 * n + 1), 6.6), dpi=_DPI, layout="constrained", squeeze=False)
    for ax, col in zip(axes[0], columns, strict=True):
        keep = [x, col, *([parts[col]] if col in parts else [])]
        d = df[keep].assign(**{c: pd.to_numeric(df[c], errors="coerce").fillna(0) for c in keep[1:]})
        shown = _top_bottom(d, col, x).reset_index(drop=True)
        values = shown[col].astype(float)
        summary = shown[x].astype(str).str.startswith("… médiane")
        ax.barh(range(len(shown)), values, color=[NEUTRAL_LIGHT if s else NEUTRAL for s in summary])
        ax.set_yticks(range(len(shown)), [_txt(v, 28) for v in shown[x]], fontsize=7)
        ax.invert_yaxis()
        med = float(d[col].median())
        ax.axvline(med, color="#444", ls="--", lw=1)
        ax.set_title(f"{_panel_title(col, parts.get(col))}\n(médiane nationale : {_fr(med, '.0f')})", fontsize=9)
        part = _draw_part(ax, shown, col, parts.get(col))
        for i, v in enumerate(values):
            ax.text(v, i, " " + _count_label(v, part[i] if part is not None else None), va="center", fontsize=7)
        ax.set_xlim(0, max(1.0, float(values.max())) * (1.7 if part is not None else 1.25))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}".replace(",", "\u202f")))
    fig.suptitle(
        _txt(title) + f" : les {TOP} plus hauts et les {TOP} plus bas sur {len(df)} départements"
        " (chaque panneau a sa propre échelle et son propre classement ; trait : médiane nationale)",
        fontsize=11,
        wrap=True,
    )
    return _close(fig)


def _scale(m: pd.DataFrame, vmin: float | None, vmax: float | None) -> tuple[float, float]:
    """The colour scale of a heatmap: ``vmin``/``vmax`` when given (a scale shared by
    figures meant to be compared, e.g. every profile), else the data's, from 0 when no
    value is negative (a count of 2 is never drawn white as if it were 0)."""
    values = m.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    lo = float(finite.min()) if finite.size else 0.0
    hi = float(finite.max()) if finite.size else 1.0
    # a bound that is None or NaN (a common maximum over no data) falls back to the data's
    lo = float(vmin) if vmin is not None and np.isfinite(vmin) else min(0.0, lo)
    hi = float(vmax) if vmax is not None and np.isfinite(vmax) else hi
    return lo, (hi if hi > lo else lo + 1.0)


def _colorbar_ticks(ax: plt.Axes, fmt: str) -> None:
    """Colour bar ticks a reader can use, small labels: whole numbers for counts (no « 0,
    0, 1, 1 »); for shares, round steps of 1, 2 or 5 (times a power of ten) percent, each
    label as precise as its step needs and different from its neighbours (« 0 %, 5 %,
    10 % », « 0 %, 0,5 %, 1 % », never « 2 %, 5 %, 8 % » for steps of 2.5 %)."""
    cbar = ax.collections[0].colorbar
    if cbar is None:
        return
    if fmt.endswith("%"):
        cbar.locator = MaxNLocator(nbins=6, steps=[1, 2, 5, 10])
        cbar.update_ticks()
        lo, hi = cbar.ax.get_ylim() if cbar.orientation == "vertical" else cbar.ax.get_xlim()
        ticks = [v for v in cbar.get_ticks() if lo - 1e-12 <= v <= hi + 1e-12]
        step = min((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=1.0) * 100
        digits = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
        cbar.formatter = FuncFormatter(lambda v, _p: _pct(v, digits))
        cbar.update_ticks()
    else:
        cbar.locator = MaxNLocator(integer=True)
        cbar.update_ticks()
    cbar.ax.tick_params(labelsize=8)


def _pct(v: float, digits: int = 0) -> str:
    """A share as a French percentage: "10 %", "0,5 %" (``digits`` decimals)."""
    text = f"{v * 100:.{digits}f}"
    if "." in text:  # "0,5 %" beside "1 %", not "1,0 %"
        text = text.rstrip("0").rstrip(".")
    return f"{'0' if text in ('-0', '') else text} %".replace(".", ",")


def heatmap(
    matrix: pd.DataFrame,
    title: str,
    fmt: str = ".0%",
    cmap: str = "Blues",
    empty: str = "",
    vmin: float | None = None,
    vmax: float | None = None,
    column_width: int | None = None,
) -> Figure:
    """Annotated heatmap of a wide matrix (rows × columns), e.g. themes × départements.

    A colour bar gives the scale. ``vmin``/``vmax`` fix it (pass the same values to
    heatmaps meant to be compared, e.g. the one-column heatmap of each profile); by
    default it runs from 0 (or the lowest negative value) to the data's maximum.
    Long row and column labels are wrapped, never cut. ``column_width``: column labels
    are set level under their column, each line of a label (``\\n`` in it) wrapped at
    that many characters, instead of slanted: for labels of two parts
    (« Landes (40) » / « pilote ») that slanted would run into each other."""
    if matrix is None or not matrix.size:
        return _close(empty_figure(empty or "Aucune donnée à représenter."))
    m = matrix.astype(float)
    if m.shape[1] > LARGE:
        return _heatmap_clustered(m, title, fmt, cmap, vmin, vmax)
    rows = [_wrap(t, 48) for t in m.index]
    cols = [_wrap_lines(t, column_width) if column_width else _wrap(t, 24) for t in m.columns]
    n_lines = _lines(rows)
    col_lines = max(x.count("\n") + 1 for x in cols)
    fig, ax = _new(
        min(14, max(6, 1.5 * m.shape[1] + 5.5)),
        max(2.8, 0.2 * n_lines + 0.16 * m.shape[0] + 0.2 * col_lines + 1.2),
    )
    lo, hi = _scale(m, vmin, vmax)
    annot = np.vectorize(lambda v: _fr(v, fmt), otypes=[object])(m.to_numpy())
    sns.heatmap(
        m.set_axis(rows, axis=0).set_axis(cols, axis=1),  # wrapped labels from the start: the layout fits them
        annot=annot,
        fmt="",
        cmap=cmap,
        vmin=lo,
        vmax=hi,
        cbar=True,
        cbar_kws={"format": FuncFormatter(lambda v, _p: _fr(v, fmt)), "pad": 0.02, "shrink": 0.9},
        linewidths=0.5,
        ax=ax,
        xticklabels=True,
        yticklabels=True,
    )
    ax.set_yticks(np.arange(m.shape[0]) + 0.5, rows, rotation=0, fontsize=9)
    if column_width:
        ax.set_xticks(np.arange(m.shape[1]) + 0.5, cols, rotation=0, ha="center", fontsize=9)
    else:
        ax.set_xticks(np.arange(m.shape[1]) + 0.5, cols, rotation=20, ha="right", rotation_mode="anchor", fontsize=9)
    _colorbar_ticks(ax, fmt)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(_txt(title))
    return _close(fig)


def _heatmap_clustered(
    m: pd.DataFrame, title: str, fmt: str, cmap: str, vmin: float | None = None, vmax: float | None = None
) -> Figure:
    """A heatmap of many columns (départements): columns ordered by similarity, grouped
    (a white line between groups, the group number above), rows ordered by similarity
    too; a colour bar instead of a number in each cell."""
    order, groups = _cluster(m.T.to_numpy())
    rows, _ = _cluster(m.to_numpy())
    m = m.iloc[rows, order]
    fig, ax = _new(min(18, max(8, 0.16 * m.shape[1] + 5)), max(3.5, 0.28 * m.shape[0] + 2.2))
    pct = fmt.endswith("%")
    lo, hi = _scale(m, vmin, vmax)
    sns.heatmap(
        m,
        cmap=cmap,
        vmin=lo,
        vmax=hi,
        cbar=True,
        cbar_kws={"shrink": 0.6, "format": FuncFormatter(lambda v, _p: _fr(v, fmt)), "pad": 0.01},
        linewidths=0,
        ax=ax,
        xticklabels=True,
        yticklabels=True,
    )
    _colorbar_ticks(ax, fmt)
    ax.set_yticklabels([_wrap(t, 60) for t in m.index], rotation=0, fontsize=8)
    ax.set_xticklabels([_txt(t, 30) for t in m.columns], rotation=90, fontsize=6)
    start = 0
    for i in range(1, len(groups) + 1):
        if i == len(groups) or groups[i] != groups[i - 1]:
            if i < len(groups):
                ax.axvline(i, color="white", lw=2.5)
            k = len({*groups[:i]})
            ax.text(
                (start + i) / 2, -0.3, f"groupe {k}" if i - start >= 6 else str(k), ha="center", va="bottom", fontsize=7
            )
            start = i
    ax.set_xlabel("")
    ax.set_ylabel("")
    n_groups = len(set(groups))
    ax.set_title(
        f"{title}\n{m.shape[1]} colonnes ordonnées par similarité, en {n_groups} groupes"
        + (" (part des fiches)" if pct else ""),
        fontsize=11,
        pad=16,
    )
    return _close(fig)


def budget_bars(by: pd.DataFrame, key: str, title: str) -> Figure:
    """Total named amounts per département, stacked by ``key`` (nature / theme / level), log scale."""
    df = by[by["n_montants"] > 0] if len(by) else by
    if not len(df):
        return _close(empty_figure("Aucun des schémas comparés ne nomme de montant en euros."))
    fig, ax = _new(9, 0.8 + 0.6 * df["département"].nunique() + 0.15 * df[key].nunique())
    # the hue is a nature / theme / level, not a département: shades of one neutral hue,
    # so no bar reads as a département's colour
    n_hue = df[key].nunique()
    sns.barplot(
        data=df,
        y="département",
        x="total_eur",
        hue=key,
        ax=ax,
        orient="h",
        palette=sns.blend_palette([NEUTRAL, NEUTRAL_LIGHT], max(2, n_hue))[:n_hue],
    )
    ax.set_xscale("log")
    ax.set_xlabel("montant nommé (euros, échelle logarithmique)")
    ax.set_ylabel("")
    ax.set_title(_txt(title))
    _legend_outside(ax, title=_txt(key))
    return _close(fig)


def budget_trend(trend: pd.DataFrame) -> Figure:
    """Dated amounts per year, one line per (département, nature)."""
    if not len(trend):
        return _close(empty_figure("Aucun schéma ne date ses montants : pas de tendance à tracer."))
    fig, ax = _new(9, 3.5)
    sns.lineplot(
        data=trend,
        x="année",
        y="total_eur",
        hue="département",
        style="nature",
        marker="o",
        ax=ax,
        palette=department_colors(trend["département"]),
    )
    _legend_outside(ax)
    ax.set_xticks(sorted(trend["année"].unique()))
    ax.set_ylabel("euros")
    ax.set_title("Montants datés par année")
    return _close(fig)


def _meur_axis(axis) -> None:
    """Tick labels in millions of euros (the axis label says M€), French decimal comma."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / 1e6:g}".replace(".", ",")))


#: Line styles and markers of the printed items of a budget (ASE, PMI…), in order of appearance.
_STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "v"), ((0, (5, 1, 1, 1)), "P"), ((0, (1, 1)), "X")]


def _is_total(poste) -> bool:
    return str(poste).strip().lower().startswith("total")


#: The longest item name a budget legend shows as printed: a table row label (« ASE »,
#: « JEUNESSE »). A longer name is read from a sentence, possibly damaged by the
#: conversion of the text (optical character recognition): the legend names it by its
#: line instead, and the table under the chart quotes its words.
_SHORT_POSTE = 24


def _poste_label(poste, line) -> str:
    """ "ASE"; a long name read from a sentence → "montant cité, l. 688"."""
    p = " ".join(str(poste).split())
    if len(p) <= _SHORT_POSTE and len(p.split()) <= 3:
        return _txt(p)
    return f"montant cité, l. {int(line)}" if pd.notna(line) else "montant cité"


def annual_budget_trend(series: pd.DataFrame) -> Figure:
    """The dated annual budget or spending (:func:`schemalab.analysis.annual_budget_series`,
    which keeps only amounts of that kind: a whole and the components of a whole the plan
    prints, never a « dont » part or a single aid): one panel per département, each on its
    own linear scale from 0 (two plans print different perimeters: no axis compares
    them), one line per printed item (ASE, PMI, JEUNESSE, TOTAL…), never added to one
    another; a forecast (« prévu », a BP column: budget primitif) is an open marker.

    The colour is the département's (:func:`department_colors`), the line style and
    marker the item's; a TOTAL is a wide pale band under the other lines, so an item
    almost equal to it (ASE) stays visible on top of it. The legend, right of each panel,
    names each item as printed when it is a short label (:func:`_poste_label`; else by its
    line) with its first and last amounts. Beyond :data:`LARGE` départements the figure
    says so instead of drawing a hundred panels."""
    from schemalab.analysis.money import fmt_meur

    if not len(series):
        return _close(empty_figure("Aucun schéma ne date son budget annuel : pas de tendance à tracer."))
    depts = list(dict.fromkeys(series["département"]))
    if len(depts) > LARGE:  # national layout: each plan its own perimeter, no shared axis to draw
        return _close(
            empty_figure(
                f"{len(depts)} schémas datent leur budget ou leur dépense annuels, chacun à son propre périmètre :\n"
                "pas d'échelle commune, les montants sont dans le tableau ci-dessous."
            )
        )
    sns.set_theme(style="whitegrid", palette=PALETTE)
    fig, axes = plt.subplots(
        len(depts), 1, figsize=(10, 0.6 + 3.4 * len(depts)), dpi=_DPI, layout="constrained", squeeze=False
    )
    by_dept = department_colors(depts)
    for ax, dept in zip(axes[:, 0], depts, strict=True):
        mine = series[series["département"] == dept]
        color = by_dept[dept]
        postes = [p for p in dict.fromkeys(mine["poste"]) if not _is_total(p)]
        style = {p: _STYLES[i % len(_STYLES)] for i, p in enumerate(postes)}
        for poste, g in mine.groupby("poste", sort=False):
            g = g.sort_values("année")
            first, last = g.iloc[0], g.iloc[-1]
            label = _poste_label(poste, first["ligne"] if "ligne" in g else None)
            label += f" : {fmt_meur(first['montant_eur'])} en {int(first['année'])}"
            if len(g) > 1:
                label += f" → {fmt_meur(last['montant_eur'])} en {int(last['année'])}"
            if _is_total(poste):
                ax.plot(g["année"], g["montant_eur"], color=color, lw=7, alpha=0.3, solid_capstyle="round",
                        label=label, zorder=1)  # fmt: skip
                marker, z = "D", 1
            else:
                ls, marker = style[poste]
                ax.plot(g["année"], g["montant_eur"], color=color, ls=ls, marker=marker, ms=5, lw=1.6, label=label,
                        zorder=2)  # fmt: skip
                z = 3
            planned = g[g["nature"] == "prévu"]
            ax.scatter(planned["année"], planned["montant_eur"], s=70, marker=marker, facecolors="white",
                       edgecolors=[color], zorder=z + 2)  # fmt: skip
        if (mine["nature"] == "prévu").any():
            ax.scatter([], [], s=70, marker="o", facecolors="white", edgecolors="#444",
                       label="marque ouverte : prévu (BP, budget primitif)")  # fmt: skip
        ax.set_ylim(bottom=0, top=float(mine["montant_eur"].max()) * 1.08)
        _meur_axis(ax.yaxis)
        ax.set_xticks(sorted(mine["année"].unique()))
        ax.set_ylabel("M€ par an")
        ax.set_title(_txt(dept), loc="left", fontsize=10)
        _legend_outside(ax, 46)
    fig.suptitle(
        "Budget ou dépense annuels datés : un panneau par schéma, à sa propre échelle (M€, à partir de 0),\n"
        "un trait par poste imprimé, jamais additionnés",
        fontsize=11,
    )
    return _close(fig)


def annual_budget_bars(budget: pd.DataFrame) -> Figure:
    """The annual budget each plan cites (:func:`schemalab.analysis.annual_budget`), one
    bar per département; a plan without one is named on the axis with the table's words:
    « non cité » when it prints no annual budget, « montant illisible ou perdu (l. n) »
    when it prints the heading of its budget without a legible amount (column ``statut``
    of :func:`~schemalab.analysis.annual_budget`).

    Report 03 no longer draws it: each plan prints its own perimeter and year (a
    Direction's spending table, a « plus de » without a year), so one axis would compare
    what does not compare; its table (:func:`~schemalab.analysis.money_comparison`) says
    the amount, year, perimeter and status of each plan."""
    if not len(budget) or budget["montant_eur"].isna().all():
        lost = len(budget) and (_budget_status(budget) == "illisible ou perdu").any()
        if not lost:
            return _close(
                empty_figure("Aucun des schémas comparés ne cite de budget annuel de protection de l'enfance.")
            )
        # a budget printed without a legible amount is said as the table says it, not "not cited"
        said = "\n".join(f"{d} : {c}" for d, c in zip(budget["département"], budget["budget annuel cité"], strict=True))
        return _close(empty_figure("Aucun montant de budget annuel lisible à tracer :\n" + said))
    if len(budget) > 2 * TOP + 1:  # national layout
        # ranked among the plans that cite a budget (an absent budget is not a budget of
        # 0 €: it neither ranks nor enters the median), the others counted on one line
        # per reason (no budget printed / its amount illegible or lost)
        status = _budget_status(budget)
        cited = budget[budget["montant_eur"].notna()]
        budget = _top_bottom(cited, "montant_eur", "département")
        mid = budget["département"].astype(str).str.startswith("… médiane")
        budget.loc[mid, "budget annuel cité"] = [
            f"{v / 1e6:.1f} M€".replace(".", ",") for v in budget.loc[mid, "montant_eur"]
        ]
        lines = []
        for why, one, many in (
            ("non cité", "pas de budget annuel cité", "aucun budget annuel cité"),
            ("illisible ou perdu", "budget annuel imprimé, montant illisible ou perdu",
             "budget annuel imprimé, montant illisible ou perdu"),
        ):  # fmt: skip
            n_un = int((status == why).sum())
            if n_un:
                line = {"département": f"… {n_un} autre{'s' if n_un > 1 else ''}", "montant_eur": float("nan")}
                line["budget annuel cité"] = one if n_un == 1 else many
                lines.append(line)
        if lines:
            budget = pd.concat([budget, pd.DataFrame(lines)], ignore_index=True)
    fig, ax = _new(8, 0.8 + 0.5 * len(budget))
    labels = [
        f"{_txt(d)} : {_txt(c)}" for d, c in zip(budget["département"], budget["budget annuel cité"], strict=True)
    ]
    if len(budget) > 2 * TOP + 1:
        colors = [NEUTRAL] * len(budget)
    else:
        by_dept = department_colors(budget["département"])
        colors = [by_dept[d] for d in budget["département"]]
    ax.barh(range(len(budget)), budget["montant_eur"].fillna(0), color=colors)
    ax.set_yticks(range(len(budget)), labels, fontsize=8)
    ax.invert_yaxis()
    _meur_axis(ax.xaxis)
    ax.set_xlabel("budget ou dépense annuels cités (M€)")
    ax.set_title(
        "Budget ou dépense annuels enfance-famille cités par chaque schéma\n(périmètres différents d'un schéma à l'autre : voir le tableau)"
    )
    return _close(fig)


def _budget_status(budget: pd.DataFrame) -> pd.Series:
    """Per row of :func:`~schemalab.analysis.annual_budget`: "cité", "illisible ou perdu"
    or "non cité" (its ``statut``; a frame without it: cited when it has an amount)."""
    if "statut" in budget:
        return budget["statut"].fillna("non cité").astype(str)
    return budget["montant_eur"].notna().map({True: "cité", False: "non cité"})


#: Gantt bar colours: by the precision of the printed calendar (never a département's colour).
_GANTT = {
    False: (NEUTRAL, "calendrier imprimé à l'année (barre : l'année entière)"),
    True: ("#9aa7b4", "calendrier imprimé au semestre (barre : le semestre)"),
}
#: A Gantt bar whose years are read in the dated deadlines of a sheet's steps, not in a
#: printed calendar (column ``from_steps`` of :func:`schemalab.analysis.gantt_rows`):
#: hatched, white inside, so it never reads as « imprimé à l'année ».
_GANTT_STEPS = (
    NEUTRAL,
    "pas de calendrier imprimé : année d'une échéance datée dans les étapes de la fiche (hachuré)",
)


def gantt(rows: pd.DataFrame, title: str, period: tuple[int, int] | None = None, note: str = "") -> Figure:
    """Gantt-style chart of one plan: a bar per scheduled period of each action.

    ``note`` (under the title) says which sheets are not drawn and why (calendar
    unreadable or absent), so a missing bar is never read as an idle action.
    """
    full_title = _txt(title) + (f"\n{_txt(note)}" if note else "")
    if not len(rows):
        fig = empty_figure(note or "Aucun calendrier explicite dans ce schéma.")
        fig.suptitle(_txt(title), fontsize=12)
        return _close(fig)
    labels = list(dict.fromkeys(rows["action"]))
    ticks = [_wrap(a, 72) for a in labels]
    fig, ax = _new(10, 1.7 + 0.2 * len(labels) + 0.12 * _lines(ticks))
    pos = {a: i for i, a in enumerate(labels)}
    # the colours say how precise the printed calendar is, not which département: two
    # shades of one neutral hue, explained by the legend
    steps = rows["from_steps"].fillna(False).astype(bool) if "from_steps" in rows else pd.Series(False, rows.index)
    for r, from_steps in zip(rows.itertuples(), steps, strict=True):
        if from_steps:
            ax.barh(pos[r.action], r.end - r.start, left=r.start, height=0.6, color="white",
                    edgecolor=_GANTT_STEPS[0], hatch="///", linewidth=1.2)  # fmt: skip
        else:
            ax.barh(pos[r.action], r.end - r.start, left=r.start, height=0.6, color=_GANTT[bool(r.semester)][0])
    ax.set_yticks(range(len(labels)), ticks, fontsize=8)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    lo = int(rows["start"].min()) if period is None else period[0]
    hi = int(rows["end"].max()) if period is None else period[1] + 1
    # a year is a cell: its label in the middle, grid lines on the boundaries
    years = list(range(lo, hi))
    step = max(1, math.ceil(len(years) / 12))
    ax.xaxis.set_major_locator(FixedLocator([y + 0.5 for y in years[::step]]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(v)}"))
    ax.xaxis.set_minor_locator(FixedLocator(list(range(lo, hi + 1))))
    ax.set_xlim(lo, hi)
    ax.grid(axis="x", which="major", visible=False)
    ax.grid(axis="x", which="minor", visible=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_title(full_title, fontsize=11)
    from matplotlib.patches import Patch

    kinds = sorted({bool(x) for x in rows.loc[~steps.to_numpy(), "semester"]})
    handles = [Patch(color=_GANTT[k][0], label=_GANTT[k][1]) for k in kinds]
    if steps.any():
        handles.append(
            Patch(facecolor="white", edgecolor=_GANTT_STEPS[0], hatch="///", linewidth=1.2, label=_GANTT_STEPS[1])
        )
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=1 if steps.any() else len(kinds),
        fontsize=8,
        frameon=False,
    )
    return _close(fig)


#: A calendar status (a column of :func:`schemalab.analysis.calendar_status_summary`)
#: said of one calendar and of several; a column not listed is said as it is named.
_CALENDAR_STATUS_WORDS = {
    "irrécupérable": ("irrécupérable", "irrécupérables"),
    "relatif ou récurrent": ("relatif ou récurrent", "relatifs ou récurrents"),
    "absent": ("absent", "absents"),
}


def _calendar_note(row: dict, readable: int, total: int) -> str:
    """ "1 calendrier lisible sur 32 (27 irrécupérables, 1 relatif ou récurrent, 3
    absents)": every status of the table but « explicite » is named, in the words of the
    table's columns, so the parts and the readable ones add up to the total."""
    parts = []
    order = [*_CALENDAR_STATUS_WORDS, *(c for c in row if c not in _CALENDAR_STATUS_WORDS)]
    for col in order:
        value = row.get(col)
        if col in ("département", "explicite", "total") or not pd.api.types.is_number(value) or not int(value):
            continue
        one, many = _CALENDAR_STATUS_WORDS.get(col, (col, col))
        parts.append(f"{int(value)} {one if int(value) == 1 else many}")
    head = (
        f"aucun calendrier lisible sur {total}"
        if readable == 0
        else f"{readable} calendrier{'s' if readable > 1 else ''} lisible{'s' if readable > 1 else ''} sur {total}"
    )
    return head + (f" ({', '.join(parts)})" if parts else "")


def load_per_year(load: pd.DataFrame, status: pd.DataFrame | None = None) -> Figure:
    """Actions active per year, one line per département.

    ``status`` (:func:`schemalab.analysis.calendar_status_summary`): a département whose
    calendars are mostly unreadable or absent is not drawn as a line (it would look
    idle) but named under the chart with its counts.
    """
    hidden: list[str] = []
    if status is not None and len(status):
        for r in status.itertuples(index=False):
            d = dict(zip(status.columns, r, strict=True))
            total = int(d.get("total", 0)) or 1
            readable = int(d.get("explicite", 0))
            if readable * 2 < total:
                hidden.append(f"{d['département']} : {_calendar_note(d, readable, total)}")
        shown = {h.split(" : ")[0] for h in hidden}
        load = load[~load["département"].isin(shown)] if len(load) else load
    if not len(load):
        return _close(
            empty_figure("Aucun calendrier explicite : charge annuelle non calculable." + "\n" + "\n".join(hidden))
        )
    if len(hidden) > TOP:  # national layout: say how many, not every name
        hidden = [f"{len(hidden)} départements, dont " + hidden[0]]
    fig, ax = _new(8, 3.8 + 0.25 * len(hidden))
    n_dept = load["département"].nunique()
    if n_dept > LARGE:  # national layout: the median and the spread, not a hundred lines
        # a département counts in a year only when its plan has sheets active that year (no invented zeros)
        wide = load.pivot_table(index="année", columns="département", values="n_actions", aggfunc="sum")
        q = wide.quantile([0.0, 0.25, 0.5, 0.75, 1.0], axis=1).T
        # a year no drawn département has active sheets in is a gap, not a line between its neighbours
        q = q.reindex(range(int(q.index.min()), int(q.index.max()) + 1))
        c = NEUTRAL
        ax.fill_between(q.index, q[0.0], q[1.0], color=c, alpha=0.15, label="du minimum au maximum")
        ax.fill_between(q.index, q[0.25], q[0.75], color=c, alpha=0.35, label="moitié centrale des départements")
        ax.plot(
            q.index,
            q[0.5],
            color=c,
            marker="o",
            label=f"médiane des {n_dept} départements (ceux qui ont des fiches actives l'année)",
        )
    else:
        sns.lineplot(
            data=load,
            x="année",
            y="n_actions",
            hue="département",
            marker="o",
            ax=ax,
            palette=department_colors(load["département"]),
        )
    _year_axis(ax, int(load["année"].min()), int(load["année"].max()))
    ax.set_ylabel("fiches actives")
    ax.set_xlabel("année")
    ax.set_ylim(bottom=0)
    ax.set_title("Fiches actions actives par année")
    _legend_outside(ax)
    if hidden:
        fig.text(
            0.01,
            0.0,
            "Non tracés (calendriers surtout illisibles ou absents, activité inconnue) :\n" + "\n".join(hidden),
            fontsize=8,
            va="bottom",
            color="#7a2b00",
        )
        fig.get_layout_engine().set(rect=(0, 0.06 + 0.05 * len(hidden), 1, 0.94 - 0.05 * len(hidden)))
    return _close(fig)


def stacked_shares(table: pd.DataFrame, index: str, title: str, xlabel: str = "nombre", colors=None) -> Figure:
    """Horizontal stacked bars of a wide count table (one bar per ``index`` row).

    The stacked columns (states, kinds) are not départements: by default they are shades
    of one neutral hue, dark to light in column order, so no segment reads as a
    département's colour; ``colors`` (a list) overrides them."""
    if not len(table):
        return _close(empty_figure("Aucune donnée."))
    df = table.set_index(index).drop(columns=[c for c in ("total",) if c in table.columns])
    df = df.loc[:, df.sum() > 0] if df.to_numpy().sum() else df
    if len(df) > 2 * TOP + 1:  # national layout: the ten largest and smallest totals, the others' median between
        # rows with nothing to count are not ranked (at 100 plans, sixty zero rows filled the
        # bottom ten and the median): they are counted on one last line, with no bar
        total = df.sum(axis=1)
        zero = df[total == 0]
        df = df[total > 0]
        n = len(df)
        ranked = _top_bottom(df.assign(_total=df.sum(axis=1)).reset_index(), "_total", index)
        df = ranked.drop(columns="_total").set_index(index)
        if n > 2 * TOP + 1:
            title = f"{title}\nles {TOP} plus grands et les {TOP} plus petits totaux sur {n} ; entre eux, la médiane des autres"
        if len(zero):
            df.loc[f"… {len(zero)} autre{'s' if len(zero) > 1 else ''} : aucun"] = 0
    fig, ax = _new(8, 0.9 + 0.5 * len(df))
    n_col = df.shape[1]
    shades = colors or sns.blend_palette(["#2f3a45", "#dde1e5"], max(2, n_col))[:n_col]
    df.plot.barh(stacked=True, ax=ax, color=shades, width=0.6, edgecolor="white", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.set_title(_txt(title))
    _legend_outside(ax, 28)
    return _close(fig)


def measurability(summary: pd.DataFrame) -> Figure:
    """Indicators per measurability class, split by whether a target is stated."""
    if not len(summary):
        return _close(empty_figure("Aucun indicateur."))
    df = summary.copy()
    df["classe"] = df["mesure"] + " · cible " + df["cible chiffrée"]
    # with a « résultat attendu » category (report 05), the axis names both kinds of item
    expected = df["mesure"].astype(str).str.contains("résultat attendu").any()
    what = "indicateurs ou résultats attendus" if expected else "indicateurs"
    fig, ax = _new(9, 3.8)
    n_dept = df["département"].nunique()
    if n_dept > LARGE:  # national layout: the distribution over départements of each class
        wide = df.pivot_table(index="département", columns="classe", values="n_indicateurs", aggfunc="sum")
        long = wide.fillna(0).melt(var_name="classe", value_name="n_indicateurs")
        sns.boxplot(data=long, x="n_indicateurs", y="classe", ax=ax, orient="h", color=NEUTRAL_LIGHT, fliersize=0)
        sns.stripplot(data=long, x="n_indicateurs", y="classe", ax=ax, orient="h", size=2.5, color=NEUTRAL, alpha=0.6)
        ax.set_xlabel(
            f"indicateurs par département (un point par département ; boîte : moitié centrale et médiane des {n_dept})"
        )
    else:
        sns.barplot(
            data=df,
            x="n_indicateurs",
            y="classe",
            hue="département",
            ax=ax,
            orient="h",
            palette=department_colors(df["département"]),
            saturation=1,  # the département's colour itself, as in every other chart
        )
        ax.set_xlabel(f"nombre d'{what}")
        _legend_outside(ax)
    ax.set_ylabel("")
    ax.set_title(f"Mesurabilité des {what}\n(comptage / taux / délai / qualitatif ; cible chiffrée ou non)")
    return _close(fig)


def actor_matrix(matrix: pd.DataFrame, vmin: float | None = None, vmax: float | None = None) -> Figure:
    """Heatmap of the pilot / partner matrix (actors × département–role).

    ``vmin``/``vmax``: a colour scale shared by figures meant to be compared (see :func:`heatmap`).

    With many départements (columns "<département> – pilote / – partenaire"), each actor's
    row becomes two counts: in how many départements it pilots, and partners, actions."""
    if matrix is not None and matrix.size:
        roles = {"pilote": [c for c in matrix.columns if str(c).endswith(" – pilote")]}
        roles["partenaire"] = [c for c in matrix.columns if str(c).endswith(" – partenaire")]
        depts = {str(c).rsplit(" – ", 1)[0] for c in matrix.columns}
        if len(depts) > LARGE:
            counts = pd.DataFrame(
                {f"{r} (départements)": (matrix[cols] > 0).sum(axis=1) for r, cols in roles.items()}, index=matrix.index
            )
            return heatmap(
                counts,
                f"Pilotes et partenaires : dans combien des {len(depts)} départements chaque acteur pilote ou est partenaire",
                fmt=".0f",
                cmap="Greens",
            )  # counts of départements, not of sheets: a scale given for sheets does not apply
    if matrix is None or not matrix.size:
        return heatmap(matrix, "", empty="Aucun acteur.")
    # each column « Landes (40) – pilote » labelled on two lines, level under its column
    # (slanted, the labels of neighbouring columns ran into each other), and a grey line
    # between two départements' columns
    depts = [str(c).rsplit(" – ", 1)[0] for c in matrix.columns]
    fig = heatmap(
        matrix.set_axis([str(c).replace(" – ", "\n", 1) if " – " in str(c) else c for c in matrix.columns], axis=1),
        "Pilotes et partenaires (nombre de fiches)",
        fmt=".0f",
        cmap="Greens",
        empty="Aucun acteur.",
        vmin=vmin,
        vmax=vmax,
        column_width=13,
    )
    ax = fig.axes[0]
    for i in range(1, len(depts)):
        if depts[i] != depts[i - 1]:
            ax.axvline(i, color="#6b6b6b", lw=1.5)
    return fig


def gantt_per_plan(calendar: pd.DataFrame, actions: pd.DataFrame, plans: pd.DataFrame) -> list[Figure]:
    """One Gantt figure per plan (sorted by département code), on the plan's own period.

    Each figure is titled with the département and says how many sheets are not drawn
    because their calendar is unreadable or absent.
    """
    from schemalab.analysis import gantt_rows
    from schemalab.analysis.calendars import steps_dated_sheets

    figs = []
    for p in plans.sort_values("department_code").itertuples():
        title = (
            f"Calendrier des fiches — {p.department_name} ({p.department_code}), schéma {p.period_start}–{p.period_end}"
        )
        acts = actions[actions["plan_id"] == p.plan_id]
        counts = acts["calendar_status"].value_counts()
        # every status but "explicit" is named, so the parts add up to the fiches not drawn
        missing = [
            f"{int(counts[k])} {one if int(counts[k]) == 1 else many}"
            for k, one, many in (
                ("unrecoverable", "irrécupérable", "irrécupérables"),  # the words of the status table
                ("relative", "relatif ou récurrent, sans année", "relatifs ou récurrents, sans année"),
                ("absent", "absent", "absents"),
            )
            if counts.get(k, 0)
        ]
        drawn = int(counts.get("explicit", 0))
        note = ""
        if missing and drawn:
            note = f"Non tracées : {len(acts) - drawn} fiches sur {len(acts)} (calendriers : {', '.join(missing)})"
        elif missing:
            note = f"Aucune des {len(acts)} fiches n'a de calendrier lisible (calendriers : {', '.join(missing)}) : rien à tracer"
        dated = steps_dated_sheets(calendar, p.plan_id)
        dated = dated[dated["action_id"].isin(acts.loc[acts["calendar_status"] == "explicit", "action_id"])]
        if len(dated):
            one = len(dated) == 1
            note += (
                ("\n" if note else "")
                + f"Hachurée{'' if one else 's'} : {'la fiche' if one else 'les fiches'} "
                + ", ".join(dated["action_id"])
                + f", sans calendrier imprimé, datée{'' if one else 's'} par {'ses' if one else 'leurs'} étapes"
            )
        figs.append(
            gantt(gantt_rows(calendar, actions, p.plan_id), title, (int(p.period_start), int(p.period_end)), note)
        )
    return figs or [_close(empty_figure("Aucun schéma sélectionné."))]


def _count_axis(ax: plt.Axes) -> None:
    """A profile panel's x axis: whole counts, thin spaces for thousands, no negative tick
    (the margin left of 0 that shows a dot at 0 whole)."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda val, _p: "" if val < 0 else f"{val:,.0f}".replace(",", "\u202f")))
    ax.tick_params(axis="x", labelsize=8)


#: What a profile's dot strip writes where a count does not apply to a plan (a NaN of
#: :func:`national_profile`): the plan prints no item of that kind, not a zero.
NOT_APPLICABLE = "sans objet : ce schéma n'imprime pas ce type d'élément"


def _not_applicable_note(ax: plt.Axes, mine: bool, others: list[str], color) -> None:
    """Right of a profile's row: « sans objet » for the highlighted département (in bold,
    beside a hollow ring of its colour: no dot, no number) and, under it, the others for
    which the count does not apply (named up to four, else counted), so no dot at 0 reads
    as a lack."""
    notes = []
    if mine:
        notes.append((NOT_APPLICABLE.replace(" : ", " :\n", 1), "bold", "#222"))
    if others:
        who = ", ".join(others) if len(others) <= 4 else f"{len(others)} autres départements"
        said = _txt(f"sans objet aussi pour {who}" if mine else f"sans objet pour {who}")
        notes.append(
            ("\n".join(textwrap.wrap(said, 36, break_long_words=False, break_on_hyphens=False)), "normal", "#555")
        )
    if mine:
        ax.plot([1.03], [0.5], "o", transform=ax.transAxes, ms=10, mfc="white", mec=color, mew=2, clip_on=False)
    for k, (text, weight, ink) in enumerate(notes):
        ax.annotate(
            text,
            (1.0, 0.5),
            xycoords="axes fraction",
            xytext=(24 if mine else 8, 0),
            textcoords="offset points",
            va="center" if len(notes) == 1 else ("bottom" if k == 0 else "top"),
            ha="left",
            fontsize=8,
            fontstyle="italic",
            fontweight=weight,
            color=ink,
        )


def national_profile(overview: pd.DataFrame, label: str, department: str, columns: list[str] | None = None) -> Figure:
    """One département (its label, or its INSEE code when labels read "Name (code)") against
    all the others: a panel per count (``columns`` of ``overview``, one row per département,
    labels in column ``label``), each on its own scale from 0, x axis « nombre ».

    Up to :data:`LARGE` départements, a dot strip: every département a dot (the others
    grey, equal values one above the other), this one in its own colour (:func:`department_colors`)
    with its value; no rank is written (a count of printed items does not grade a plan).
    Beyond, the national spread as a box (:func:`_national_profile_box`).

    A NaN is a count that does not apply to that plan (it prints no item of that kind:
    :func:`schemalab.analysis.profile.kind_not_printed`): no dot, and « sans objet » right
    of the row (:data:`NOT_APPLICABLE`), never a dot at 0; a real 0 stays a dot at 0."""
    if overview is None or not len(overview):
        return _close(empty_figure("Aucun schéma construit."))
    cols = columns or [c for c in overview.columns if c != label and pd.api.types.is_numeric_dtype(overview[c])]
    n = len(overview)
    sns.set_theme(
        style="whitegrid", palette=PALETTE
    )  # before the axes exist, or a fresh kernel's first profile looks otherwise
    if n > LARGE:
        return _national_profile_box(overview, label, department, cols)
    fig, axes = plt.subplots(
        len(cols), 1, figsize=(9, 0.8 * len(cols) + 1.3), dpi=_DPI, layout="constrained", squeeze=False
    )
    names = overview[label].astype(str)
    is_mine = ((names == str(department)) | names.str.endswith(f"({department})")).to_numpy()
    if is_mine.any():
        department = str(names[is_mine].iloc[0])
    dot = department_colors([department])[department]
    for ax, col in zip(axes[:, 0], cols, strict=True):
        v = pd.to_numeric(overview[col], errors="coerce")
        ok = v.notna().to_numpy()
        y = _side_by_side(v.to_numpy(dtype=float), first=is_mine)
        others = ok & ~is_mine
        ax.scatter(v[others], y[others], s=55, color=OTHERS, edgecolors="white", linewidths=0.8, zorder=2)
        ax.axhline(0, color="#dddddd", lw=0.8, zorder=1)
        top = float(v[ok].max()) if ok.any() else 1.0
        for i in np.flatnonzero(is_mine & ok):
            ax.plot([v.iloc[i]], [y[i]], "o", color=dot, mec="#222", mew=0.8, ms=10, zorder=3)
            ax.annotate(
                _fr(v.iloc[i], ".0f"),
                (v.iloc[i], y[i]),
                xytext=(8, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                fontweight="bold",
                color="#222",
            )
        _not_applicable_note(ax, bool((is_mine & ~ok).any()), list(names[~ok & ~is_mine]), dot)
        ax.set_yticks([0], [_wrap(col, 24)], fontsize=9)
        ax.set_ylim(-0.8, 0.8)
        ax.set_xlim(-0.04 * max(1.0, top) - 0.3, max(1.0, top) * 1.08 + 0.5)  # a dot at 0 shown whole
        _count_axis(ax)
        ax.grid(axis="y", visible=False)
    axes[-1, 0].set_xlabel("nombre (chaque ligne a sa propre échelle, à partir de 0)", fontsize=9)
    fig.suptitle(
        f"{_txt(department)} {_among_others(n, bool(is_mine.any()))} (un point par département ; "
        "point de couleur : ce département, avec son nombre ; « sans objet » : le schéma n'imprime pas ce type "
        "d'élément)",
        fontsize=10,
        wrap=True,
    )
    return _close(fig)


def _among_others(n: int, found: bool) -> str:
    """ "et les 4 autres départements comparés" (``found``: the département is one of the ``n``)."""
    if not found:
        return f"parmi les {n} départements comparés"
    if n == 1:
        return "seul département comparé"
    if n == 2:
        return "et l'autre département comparé"
    return f"et les {n - 1} autres départements comparés"


def _side_by_side(values: np.ndarray, first=None, step: float = 0.34) -> np.ndarray:
    """Vertical offsets of a dot strip's dots: equal values are set one above the other
    instead of hiding each other (three plans of 4 axes: three dots), the ``first`` ones
    (the highlighted département) on the line, the others above then below it."""
    first = np.zeros(len(values), dtype=bool) if first is None else np.asarray(first, dtype=bool)
    y = np.zeros(len(values))
    groups: dict[float, list[int]] = {}
    for i in sorted(range(len(values)), key=lambda i: not first[i]):
        if not np.isnan(values[i]):
            groups.setdefault(float(values[i]), []).append(i)
    for idx in groups.values():
        for k, i in enumerate(idx):
            y[i] = (k + 1) // 2 * step * (1 if k % 2 else -1)  # 0, +1, -1, +2… steps
    return y


def _national_profile_box(overview: pd.DataFrame, label: str, department: str, cols: list[str]) -> Figure:
    """:func:`national_profile` beyond :data:`LARGE` départements: the national spread as a
    box (the middle half and the median, whiskers from minimum to maximum), the département
    as a dot in its own colour with its value (no rank: a count of printed items does not
    grade a plan); the spread of the others is grey."""
    n = len(overview)
    fig, axes = plt.subplots(
        len(cols), 1, figsize=(8, 0.9 * len(cols) + 1), dpi=_DPI, layout="constrained", squeeze=False
    )
    names = overview[label].astype(str)
    mine = overview[(names == str(department)) | names.str.endswith(f"({department})")]
    if len(mine):
        department = str(mine[label].iloc[0])
    dot = department_colors([department])[department]
    is_mine = names.index.isin(mine.index)
    for ax, col in zip(axes[:, 0], cols, strict=True):
        every = pd.to_numeric(overview[col], errors="coerce")
        v = every.dropna()  # a count « sans objet » (NaN) is neither in the box nor at 0
        if not len(v):
            v = pd.Series([0.0])
        q0, q1, q2, q3, q4 = (float(v.quantile(p)) for p in (0, 0.25, 0.5, 0.75, 1))
        ax.plot([q0, q4], [0, 0], color=OTHERS, lw=1)
        ax.barh(0, q3 - q1, left=q1, height=0.5, color="#e3e3e3", edgecolor="#8a8a8a")
        ax.plot([q2, q2], [-0.25, 0.25], color="#6b6b6b", lw=2)
        x = float(every[is_mine].iloc[0]) if len(mine) else float("nan")
        if not np.isnan(x):
            ax.plot([x], [0], "o", color=dot, mec="#222", mew=0.8, ms=9, zorder=3)
            ax.text(x, 0.32, _fr(x, ".0f"), ha="center", fontsize=8, color="#222")
        _not_applicable_note(ax, bool(len(mine)) and np.isnan(x), list(names[every.isna() & ~is_mine]), dot)
        ax.set_yticks([0], [_wrap(col, 24)], fontsize=9)
        ax.set_ylim(-0.5, 0.75)
        ax.set_xlim(q0 - 0.05 * (q4 - q0 + 1), q4 + 0.05 * (q4 - q0 + 1))
        _count_axis(ax)
    axes[-1, 0].set_xlabel("nombre (chaque ligne a sa propre échelle)", fontsize=9)
    fig.suptitle(
        f"{_txt(department)} parmi les {n} départements comparés (boîte : moitié centrale, trait : médiane, "
        "ligne : du minimum au maximum, parmi les schémas qui impriment ce type d'élément ; point de couleur : "
        "ce département)",
        fontsize=10,
        wrap=True,
    )
    return _close(fig)
