"""Figures about the corpus itself: how many articles each outlet ran, and when."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import (
    apply_template,
    empty_state,
    escape,
    outlet_color,
    outlet_label,
)
from helpers.frames import require_columns

_MAX_TITLES = 8  # hover lists at most this many titles per bar


def _titles_hover(titles: object, outlet: str, period: pd.Timestamp, count: int) -> str:
    lines = [f"<b>{escape(outlet)}</b> · {period:%Y-%m-%d} · {count} article(s)"]
    titles = tuple(titles) if isinstance(titles, tuple | list) else ()
    lines += [f"• {escape(t[:90]) or '(untitled)'}" for t in titles[:_MAX_TITLES]]
    if len(titles) > _MAX_TITLES:
        lines.append(f"… and {len(titles) - _MAX_TITLES} more")
    return "<br>".join(lines)


def timeline_bars(
    frame: pd.DataFrame,
    *,
    x: str = "period",
    y: str = "articles",
    color: str = "outlet",
    title: str = "Articles per outlet over time",
    empty_message: str = "No dated articles match these filters",
) -> go.Figure:
    """Stacked bars, one trace per outlet, from `helpers.articles_over_time`'s frame.

    Hover text names the period, outlet, count and (escaped) titles when a `titles`
    column is present. An empty frame gives an empty figure with a note saying so.
    """
    require_columns(frame, x, y, color, what="frame")
    fig = go.Figure()
    order = sorted({outlet_label(o) for o in frame[color]}, key=str.casefold)
    labels = frame[color].map(outlet_label)
    for name in order:
        part = frame[labels == name]
        titles = part["titles"] if "titles" in part else pd.Series([()] * len(part))
        hover = [
            _titles_hover(t, name, p, int(n))
            for t, p, n in zip(titles, part[x], part[y], strict=True)
        ]
        bars = {}
        if "period_end" in part and x == "period":
            # Each bar spans its period exactly, so one lone bar does not fill the axis.
            spans = (part["period_end"] - part[x]).dt.total_seconds() * 1000
            bars = {"width": [float(w) for w in spans], "offset": 0}
        fig.add_bar(
            **bars,
            x=list(part[x]),
            y=[int(v) for v in part[y]],
            name=name,
            marker={"color": outlet_color(part[color].iloc[0])},
            hovertext=hover,
            hoverinfo="text",
        )
    fig.update_layout(
        title={"text": escape(title)},
        barmode="stack",
        xaxis={"title": {"text": "period"}, "type": "date"},
        yaxis={"title": {"text": "articles"}, "rangemode": "tozero"},
        legend={"title": {"text": "outlet"}},
    )
    if frame.empty:
        empty_state(fig, empty_message)
    return apply_template(fig)
