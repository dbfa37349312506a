"""Figures for the outlet comparison: keyness, reuse, voices, naming and profiles.

Every builder takes the tidy frame of the matching `helpers.compare` verb and returns a
`go.Figure`; article text in hover labels and tables is escaped.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import apply_template, empty_state, escape, outlet_color, outlet_label
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
    fig = go.Figure()
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
        fig.add_bar(
            x=part[x].astype(float).tolist(),
            y=[escape(t) for t in part["term"]],
            orientation="h",
            name=escape(name),
            marker={"color": color},
            hovertext=hover,
            hoverinfo="text",
            customdata=part["term"].tolist(),
        )
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
    units = sorted(set(matrix["a"]) | set(matrix["b"]), key=str)
    grid = matrix.pivot_table(index="a", columns="b", values=value, aggfunc="first").reindex(
        index=units, columns=units
    )
    info = matrix.set_index(["a", "b"])
    hover = []
    for a in units:
        row = []
        for b in units:
            if (a, b) in info.index:
                r = info.loc[(a, b)]
                row.append(
                    f"<b>{escape(labels.get(a, a))}</b> in <b>{escape(labels.get(b, b))}</b><br>"
                    f"{int(r['aligned_a'])} of {int(r['sentences_a'])} sentences aligned "
                    f"({r['share_a']:.0%})<br>{int(r['n_pairs'])} sentence pair(s)"
                )
            else:
                row.append("")
        hover.append(row)
    names = [escape(labels.get(u, u)) for u in units]
    fig = go.Figure(
        go.Heatmap(
            # missing cells (the diagonal) as None: NaN is not valid JSON for a FigureWidget
            z=[[None if pd.isna(v) else float(v) for v in row] for row in grid.to_numpy()],
            x=names,
            y=names,
            customdata=[[(a, b) for b in units] for a in units],
            hovertext=hover,
            hoverinfo="text",
            colorscale="Blues",
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
    fig = go.Figure()
    for i, speaker in enumerate(totals.index):
        part = shares[shares["speaker"] == speaker].set_index("outlet").reindex(outlets)
        color = _GREY if speaker.startswith("(") else SPEAKER_COLORS[i % len(SPEAKER_COLORS)]
        hover = [
            ""
            if pd.isna(r.share)
            else f"<b>{escape(speaker)}</b> in {escape(o)}<br>{int(r.quoted_words)} of "
            f"{int(r.outlet_quoted_words)} quoted words ({r.share:.0%})"
            f"{'' if pd.isna(getattr(r, 'n_quotes', None)) else f'<br>{int(r.n_quotes)} quote(s)'}"
            for o, r in zip(outlets, part.itertuples(), strict=True)
        ]
        fig.add_bar(
            x=part["share"].fillna(0).astype(float).tolist(),
            y=[escape(o) for o in outlets],
            orientation="h",
            name=escape(speaker),
            marker={"color": color},
            hovertext=hover,
            hoverinfo="text",
        )
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
    if varied_only:
        varied = shares.groupby("group")["name"].nunique()
        shares = shares[shares["group"].isin(varied[varied > 1].index)]
    if shares.empty:
        return _empty(title, "No alias-group names in these articles")
    keys = shares[["group", "outlet"]].drop_duplicates().sort_values(["group", "outlet"])
    y = [keys["group"].map(escape).tolist(), keys["outlet"].map(escape).tolist()]
    fig = go.Figure()
    ranked = shares.groupby(["group", "name"])["count"].sum().reset_index()
    ranked = ranked.sort_values(["group", "count"], ascending=[True, False])
    rank = ranked.groupby("group").cumcount()
    # one look-up instead of a boolean filter of the frame per name (cheap redraws)
    cells = {
        (g, n, o): (sh, c, gc)
        for g, n, o, sh, c, gc in zip(
            shares["group"], shares["name"], shares["outlet"], shares["share"],
            shares["count"], shares["group_count"], strict=True,
        )
    }  # fmt: skip
    key_rows = list(keys.itertuples(index=False))
    for (group, name), idx in zip(
        ranked[["group", "name"]].itertuples(index=False), rank, strict=True
    ):
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
        fig.add_bar(
            x=xs,
            y=y,
            orientation="h",
            name=escape(f"{group}: {name}"),
            marker={"color": SPEAKER_COLORS[int(idx) % len(SPEAKER_COLORS)]},
            hovertext=hover,
            hoverinfo="text",
            text=[escape(name) if v else "" for v in xs],
            textposition="inside",
            showlegend=False,
        )
    fig.update_layout(
        title=escape(title),
        barmode="stack",
        xaxis={"title": "share of the group's mentions", "tickformat": ".0%", "range": [0, 1]},
        yaxis={"automargin": True, "autorange": "reversed"},
        height=max(320, 26 * len(keys) + 140),
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
