"""Figures for the outlet comparison: keyness, reuse, voices, naming and profiles.

Every builder takes the tidy frame of the matching `helpers.compare` verb and returns a
`go.Figure`; article text in hover labels and tables is escaped.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import (
    SEQUENTIAL,
    apply_template,
    empty_state,
    escape,
    outlet_color,
    outlet_label,
)
from helpers.frames import require_choice, require_columns

OVER = "#0072B2"  # over-used in the target
UNDER = "#D55E00"  # under-used in the target
SPEAKER_COLORS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#4E79A7",
    "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
)  # fmt: skip
_GREY = "#9e9e9e"


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=escape(title))
    return apply_template(empty_state(fig, message))


def keyness_bars(
    table: pd.DataFrame,
    *,
    n: int = 15,
    x: Literal["g2", "log_ratio"] = "g2",
    title: str | None = None,
    target: str | None = None,
    reference: str | None = None,
) -> go.Figure:
    """Diverging horizontal bars: the `n` terms most over-used in the target (right) and the
    `n` most under-used (left), from `helpers.keyness`. Hover shows counts, G2, p and the log
    ratio; bar length is `x` (signed G2 or log ratio). Each bar's `customdata` is its term.

    The labels default to the frame's `target`/`reference` columns when it has them
    (`outlet_keyness` output). There are always two traces (under-used, over-used), so a
    click handler attached to them survives redraws.
    """
    require_choice("x", x, ["g2", "log_ratio"])
    require_columns(
        table, "term", "g2", "log_ratio", "count_target", "count_reference", what="table"
    )
    table = table.astype({"g2": "float64", "log_ratio": "float64"})  # an empty frame is object
    target = target or _first(table, "target", "target")
    reference = reference or _first(table, "reference", "reference")
    title = title or f"Keyness: {target} against {reference}"
    over = table[table["g2"] > 0].nlargest(n, "g2")
    under = table[table["g2"] < 0].nsmallest(n, "g2")
    traces = []
    for part, name, color in (
        (under, f"more in {reference}", UNDER),
        (over, f"more in {target}", OVER),
    ):
        part = part.sort_values(x)
        hover = [
            f"<b>{escape(r.term)}</b><br>{escape(target)}: {int(r.count_target)}"
            f"{_docs(r, 'docs_target')} · {escape(reference)}: {int(r.count_reference)}"
            f"{_docs(r, 'docs_reference')}<br>G2 = {r.g2:+.2f}{_p(r)}"
            f"<br>log ratio = {r.log_ratio:+.2f}"
            for r in part.itertuples()
        ]
        traces.append(
            {
                "type": "bar",
                "x": part[x].astype(float).tolist(),
                "y": [escape(t) for t in part["term"]],
                "orientation": "h",
                "name": escape(name),
                "marker": {"color": color},
                "hovertext": hover,
                "hoverinfo": "text",
                "customdata": part["term"].tolist(),
            }
        )
    fig = go.Figure(data=traces)  # one validation pass: add_bar validates and copies each
    fig.update_layout(
        title=escape(title),
        barmode="relative",
        xaxis_title="signed G2 (log-likelihood)" if x == "g2" else "log ratio (binary log)",
        yaxis={"type": "category", "automargin": True},
        height=max(320, 22 * (len(over) + len(under)) + 120),
        legend={"orientation": "h", "y": -0.15},
    )
    if over.empty and under.empty:
        empty_state(fig, "No terms reach the minimum count for these filters")
    return apply_template(fig)


def _first(table: pd.DataFrame, column: str, default: str) -> str:
    if column in table and len(table) and pd.notna(table[column].iloc[0]):
        return str(table[column].iloc[0])
    return default


def _docs(row: object, column: str) -> str:
    value = getattr(row, column, None)
    return "" if value is None or pd.isna(value) else f" ({int(value)} art.)"


def _p(row: object) -> str:
    value = getattr(row, "p_value", None)
    return "" if value is None or pd.isna(value) else f" (p = {value:.3g})"


def reuse_heatmap(
    matrix: pd.DataFrame,
    *,
    value: Literal["share_a", "n_pairs"] = "share_a",
    title: str = "Shared passages",
    labels: dict[str, str] | None = None,
) -> go.Figure:
    """Heatmap of `helpers.reuse_matrix`: row `a`, column `b`, colour `value` (by default the
    share of `a`'s sentences with a counterpart in `b`). `labels` renames units on the axes
    (e.g. article id -> short title); hover shows the counts behind each cell."""
    require_choice("value", value, ["share_a", "n_pairs"])
    require_columns(
        matrix, "a", "b", "n_pairs", "aligned_a", "sentences_a", "share_a", what="matrix"
    )
    if matrix.empty:
        return _empty(title, "No articles match these filters")
    labels = labels or {}
    rows = list(zip(matrix["a"].tolist(), matrix["b"].tolist(), matrix[value].tolist(),
                    matrix["aligned_a"].tolist(), matrix["sentences_a"].tolist(),
                    matrix["share_a"].tolist(), matrix["n_pairs"].tolist(), strict=True))  # fmt: skip
    units = sorted({r[0] for r in rows} | {r[1] for r in rows}, key=str)
    # one look-up per cell (a pivot and a .loc per cell cost more than the figure)
    info: dict[tuple, tuple] = {}
    z: dict[tuple, float] = {}
    for a, b, v, *counts in rows:
        info.setdefault((a, b), counts)
        if (a, b) not in z and not pd.isna(v):  # the first value, as pivot_table's "first"
            z[(a, b)] = float(v)
    hover = []
    for a in units:
        row = []
        for b in units:
            if (a, b) in info:
                aligned, sentences, share, n_pairs = info[(a, b)]
                row.append(
                    f"<b>{escape(labels.get(a, a))}</b> in <b>{escape(labels.get(b, b))}</b><br>"
                    f"{int(aligned)} of {int(sentences)} sentences aligned "
                    f"({share:.0%})<br>{int(n_pairs)} sentence pair(s)"
                )
            else:
                row.append("")
        hover.append(row)
    names = [escape(labels.get(u, u)) for u in units]
    fig = go.Figure(
        go.Heatmap(
            # missing cells (the diagonal) as None: NaN is not valid JSON for a FigureWidget
            z=[[z.get((a, b)) for b in units] for a in units],
            x=names,
            y=names,
            customdata=[[(a, b) for b in units] for a in units],
            hovertext=hover,
            hoverinfo="text",
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=1 if value == "share_a" else None,
            colorbar={"title": "share of row's sentences" if value == "share_a" else "pairs"},
        )
    )
    fig.update_layout(
        title=escape(title),
        xaxis={"title": "found in (b)", "type": "category"},
        yaxis={"title": "sentences of (a)", "type": "category", "autorange": "reversed"},
    )
    return apply_template(fig)


def voice_bars(
    shares: pd.DataFrame, *, title: str = "Who is quoted: share of quoted words"
) -> go.Figure:
    """Stacked horizontal bars from `helpers.voice_shares`: one bar per outlet, one segment per
    speaker (share of the outlet's quoted words), counts and denominator in hover."""
    require_columns(
        shares, "outlet", "speaker", "share", "quoted_words", "outlet_quoted_words", what="shares"
    )
    shares = shares[shares["quoted_words"] > 0]
    if shares.empty:
        return _empty(title, "No quoted speech in these articles")
    totals = shares.groupby("speaker")["quoted_words"].sum().sort_values(ascending=False)
    outlets = sorted(shares["outlet"].unique(), key=str.casefold)
    columns = ["outlet", "speaker", "share", "quoted_words", "outlet_quoted_words"]
    with_quotes = "n_quotes" in shares
    values = zip(*(shares[c].tolist() for c in [*columns, *(["n_quotes"] * with_quotes)]),
                 strict=True)  # fmt: skip
    cells: dict[object, dict[object, tuple]] = {}
    for row in values:  # one look-up per bar instead of a filter and reindex per speaker
        cells.setdefault(row[1], {}).setdefault(row[0], row)
    traces = []
    for i, speaker in enumerate(totals.index):
        part = cells.get(speaker, {})
        color = _GREY if speaker.startswith("(") else SPEAKER_COLORS[i % len(SPEAKER_COLORS)]
        hover, xs = [], []
        for o in outlets:
            r = part.get(o)
            if r is None or pd.isna(r[2]):
                hover.append("")
                xs.append(0.0)
                continue
            n_quotes = r[5] if with_quotes else None
            hover.append(
                f"<b>{escape(speaker)}</b> in {escape(o)}<br>{int(r[3])} of "
                f"{int(r[4])} quoted words ({r[2]:.0%})"
                f"{'' if pd.isna(n_quotes) else f'<br>{int(n_quotes)} quote(s)'}"
            )
            xs.append(float(r[2]))
        traces.append(
            {
                "type": "bar",
                "x": xs,
                "y": [escape(o) for o in outlets],
                "orientation": "h",
                "name": escape(speaker),
                "marker": {"color": color},
                "hovertext": hover,
                "hoverinfo": "text",
            }
        )
    fig = go.Figure(data=traces)  # one validation pass
    fig.update_layout(
        title=escape(title),
        barmode="stack",
        xaxis={"title": "share of the outlet's quoted words", "tickformat": ".0%", "range": [0, 1]},
        yaxis={"type": "category", "automargin": True},
        legend={"title": {"text": "speaker"}},
    )
    return apply_template(fig)


def naming_bars(
    shares: pd.DataFrame, *, title: str = "Naming choices", varied_only: bool = True
) -> go.Figure:
    """Stacked bars from `helpers.naming_shares(by="outlet")`: for each alias group and
    outlet, the share of each name. The y axis has two levels, group then outlet. With
    `varied_only`, groups named one way throughout are left out (nothing to compare)."""
    require_columns(
        shares, "outlet", "group", "name", "count", "group_count", "share", what="shares"
    )
    # plain dicts and sorts (the groupbys cost more than the figure): the same order as
    # sorting by group and outlet, and names ranked by count within their group
    rows = list(zip(shares["group"].tolist(), shares["name"].tolist(), shares["outlet"].tolist(),
                    shares["share"].tolist(), shares["count"].tolist(),
                    shares["group_count"].tolist(), strict=True))  # fmt: skip
    if varied_only:
        forms: dict[object, set] = {}
        for g, n, *_ in rows:
            forms.setdefault(g, set()).add(n)
        rows = [r for r in rows if len(forms[r[0]]) > 1]
    if not rows:
        return _empty(title, "No alias-group names in these articles")
    key_rows = sorted({(g, o) for g, _, o, *_ in rows})
    y = [[escape(g) for g, _ in key_rows], [escape(o) for _, o in key_rows]]
    traces = []
    totals: dict[tuple, int] = {}
    for g, n, _, _, c, _ in rows:
        totals[(g, n)] = totals.get((g, n), 0) + c
    ranked = sorted(sorted(totals), key=lambda gn: (gn[0], -totals[gn]))
    seen: dict[object, int] = {}
    rank = []
    for g, _ in ranked:
        rank.append(seen.get(g, 0))
        seen[g] = rank[-1] + 1
    cells = {(g, n, o): (sh, c, gc) for g, n, o, sh, c, gc in rows}
    for (group, name), idx in zip(ranked, rank, strict=True):
        xs, hover = [], []
        for g, o in key_rows:
            cell = cells.get((group, name, o)) if g == group else None
            if cell is not None:
                share, count, group_count = cell
                xs.append(float(share))
                hover.append(
                    f"<b>{escape(name)}</b> ({escape(group)}) in {escape(o)}<br>"
                    f"{int(count)} of {int(group_count)} mentions ({share:.0%})"
                )
            else:
                xs.append(None)
                hover.append("")
        traces.append(
            {
                "type": "bar",
                "x": xs,
                "y": y,
                "orientation": "h",
                "name": escape(f"{group}: {name}"),
                "marker": {"color": SPEAKER_COLORS[int(idx) % len(SPEAKER_COLORS)]},
                "hovertext": hover,
                "hoverinfo": "text",
                "text": [escape(name) if v else "" for v in xs],
                "textposition": "inside",
                "showlegend": False,
            }
        )
    fig = go.Figure(data=traces)  # one validation pass: 24 bars, 31 -> 19 ms
    fig.update_layout(
        title=escape(title),
        barmode="stack",
        xaxis={"title": "share of the group's mentions", "tickformat": ".0%", "range": [0, 1]},
        yaxis={"automargin": True, "autorange": "reversed"},
        height=max(320, 26 * len(key_rows) + 140),
    )
    return apply_template(fig)


_PROFILE_ROWS = (
    ("n_articles", "articles", "{:.0f}"),
    ("n_words", "words", "{:,.0f}"),
    ("median_words", "median words / article", "{:.0f}"),
    ("n_events", "events covered", "{:.0f}"),
    ("median_lag_hours", "median lag to first report (h)", "{:.1f}"),
    ("first_published", "first published", "{:%Y-%m-%d}"),
    ("last_published", "last published", "{:%Y-%m-%d}"),
)


def profile_table(profiles: pd.DataFrame, *, title: str = "Outlet profiles") -> go.Figure:
    """Outlets side by side (one column each) from `helpers.outlet_profiles`. The events row
    reads `n of total`; a theme row is added when the profiles carry `top_theme`."""
    require_columns(profiles, "outlet", "n_articles", what="profiles")
    if profiles.empty:
        return _empty(title, "No articles match these filters")
    rows = [(c, label, fmt) for c, label, fmt in _PROFILE_ROWS if c in profiles]
    cells = [[label for _, label, _ in rows]]
    for r in profiles.itertuples(index=False):
        col = []
        for c, _, fmt in rows:
            v = getattr(r, c)
            text = "–" if v is None or pd.isna(v) else fmt.format(v)
            if c == "n_events" and "events_total" in profiles:
                text = f"{text} of {int(r.events_total)}"
            col.append(escape(text))
        cells.append(col)
    if "top_theme" in profiles:
        cells[0].append("most frequent theme (share of articles)")
        for i, r in enumerate(profiles.itertuples(index=False), start=1):
            theme = "–" if pd.isna(r.top_theme) else f"{r.top_theme} ({r.top_theme_share:.0%})"
            cells[i].append(escape(theme))
    header = ["", *[escape(outlet_label(o)) for o in profiles["outlet"]]]
    colors = ["#f5f5f5", *[outlet_color(o) for o in profiles["outlet"]]]
    fig = go.Figure(
        go.Table(
            header={
                "values": header,
                "fill": {"color": colors},
                "font": {"color": ["#222"] + ["white"] * len(profiles)},
            },
            cells={"values": cells, "align": ["left", *["right"] * len(profiles)], "height": 30},
            columnwidth=[2.2, *[1] * len(profiles)],
        )
    )
    fig.update_layout(title=escape(title), height=140 + 48 * len(cells[0]))
    return apply_template(fig)
