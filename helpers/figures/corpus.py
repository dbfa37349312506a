"""Figures about the corpus itself: how many articles each outlet ran, and when."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import (
    UNKNOWN_OUTLET,
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
    shown = titles[:_MAX_TITLES]
    lines += [f"• {escape(t[:90]) or '(untitled)'}" for t in shown]
    if count > len(shown):
        lines.append(f"… and {count - len(shown)} more")
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
    labels = np.array([outlet_label(o) for o in frame[color].tolist()], dtype=object)
    # Numbers as numpy arrays (validated at once, sent as typed arrays); dates as ISO strings:
    # a datetime64 array reaches the widget as an array plotly.js cannot read as dates.
    if pd.api.types.is_datetime64_any_dtype(frame[x]):
        xs = np.array(frame[x].dt.strftime("%Y-%m-%dT%H:%M:%S").tolist(), dtype=object)
    else:
        xs = frame[x].to_numpy(dtype=object)
    ys = frame[y].to_numpy(dtype="int64")
    titles = frame["titles"].tolist() if "titles" in frame else [()] * len(frame)
    hovers = np.array(
        [
            _titles_hover(t, name, period, count)
            for t, name, period, count in zip(
                titles, labels.tolist(), frame[x].tolist(), ys.tolist(), strict=True
            )
        ],
        dtype=object,
    )
    spans = None
    if "period_end" in frame and x == "period":
        # Each bar spans its period exactly, so one lone bar does not fill the axis.
        spans = ((frame["period_end"] - frame[x]).dt.total_seconds() * 1000).to_numpy()
    traces = []
    for name in sorted(set(labels.tolist()), key=str.casefold):
        idx = np.flatnonzero(labels == name)
        trace = {
            "type": "bar",
            "name": escape(name),
            "x": xs[idx].tolist(),
            "y": ys[idx],
            "marker": {"color": outlet_color(None if name == UNKNOWN_OUTLET else name)},
            "hovertext": hovers[idx].tolist(),
            "hoverinfo": "text",
        }
        if spans is not None:
            trace.update(width=spans[idx], offset=0)
        traces.append(trace)
    fig = go.Figure(data=traces)  # one validation pass; add_bar would copy each trace again
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
