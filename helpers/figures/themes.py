"""Figures for the theme walkthrough: a group x theme heatmap, themes over time, top terms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import (
    PALETTE,
    SEQUENTIAL,
    apply_template,
    empty_state,
    escape,
    outlet_label,
)
from helpers.frames import require_choice, require_columns

VALUES = ("hits", "hits_per_1000_words", "share_of_articles", "articles_with_theme")
_VALUE_TITLES = {
    "hits": "hits",
    "hits_per_1000_words": "hits per 1,000 words",
    "share_of_articles": "share of articles mentioning the theme",
    "articles_with_theme": "articles mentioning the theme",
}


def _fmt(value: object, column: str) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    if column == "share_of_articles":
        return f"{float(value):.0%}"
    if column == "hits_per_1000_words":
        return f"{float(value):.1f}"
    return f"{int(value):,}"


def _wrap(label: object, width: int = 14) -> str:
    """An escaped axis label broken into short lines (theme labels are long)."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(escape(line) for line in lines)


def _selected(counts: pd.DataFrame) -> str | None:
    """The theme a `selected` boolean column marks (how a notebook passes its theme selector)."""
    if "selected" not in counts.columns:
        return None
    chosen = np.flatnonzero(counts["selected"].to_numpy(dtype=bool, na_value=False))
    return str(counts["theme"].iloc[chosen[0]]) if len(chosen) else None


def _hover_text(label: object, group: object, hits: object, rate: object, with_theme: object,
                articles: object, share: object) -> str:  # fmt: skip
    return (
        f"<b>{escape(label)}</b><br>{escape(group)}<br>"
        f"{int(hits)} hits · {_fmt(rate, 'hits_per_1000_words')} per 1,000 words"
        f"<br>{int(with_theme)} of {int(articles)} articles"
        f" ({_fmt(share, 'share_of_articles')})"
    )


def theme_heatmap(
    counts: pd.DataFrame,
    *,
    group: str = "outlet",
    value: str = "hits_per_1000_words",
    highlight: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Themes (rows) x groups (columns: outlets or articles), coloured by `value`.

    `counts` is `theme_counts(..., by=group)`; zero cells show as zero, not as gaps. Hover
    names the theme, group, hits, rate and articles (escaped). `highlight` outlines one
    theme's row (by default the theme a boolean `selected` column marks, if any).
    """
    require_choice("value", value, VALUES)
    require_columns(counts, group, "theme", "label", value, "hits", "articles", what="counts")
    highlight = highlight or _selected(counts)
    frame = counts
    group_values = (
        frame[group].map(outlet_label) if group == "outlet" else frame[group].astype("str")
    )
    theme_values = frame["theme"].astype("str")
    tcode, themes_index = pd.factorize(theme_values)
    gcode, groups_index = pd.factorize(group_values)
    themes, groups = [str(t) for t in themes_index], [str(g) for g in groups_index]
    labels = dict(zip(theme_values, frame["label"], strict=False))
    # one cell per (theme, group): the first row wins, as a pivot with aggfunc="first" would
    z = np.full((len(themes), len(groups)), np.nan)
    hover = np.full((len(themes), len(groups)), "", dtype=object)
    values = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype="float64")
    hovers = [
        _hover_text(label, g, h, rate, w, a, share)
        for label, g, h, rate, w, a, share in zip(
            frame["label"], group_values, frame["hits"], frame["hits_per_1000_words"],
            frame["articles_with_theme"], frame["articles"], frame["share_of_articles"],
            strict=True,
        )
    ]  # fmt: skip
    for i in range(len(frame) - 1, -1, -1):  # reversed, so the first row of a cell is kept
        z[tcode[i], gcode[i]] = values[i]
        hover[tcode[i], gcode[i]] = hovers[i]
    text = [[_fmt(v, value) if not np.isnan(v) else "" for v in row] for row in z]
    trace = {
        "type": "heatmap",
        "z": [[None if np.isnan(v) else float(v) for v in row] for row in z],
        "x": [escape(g) for g in groups],
        "y": [escape(labels[t]) for t in themes],
        "text": text,
        "texttemplate": "%{text}",
        "hovertext": hover.tolist(),
        "hoverinfo": "text",
        "colorscale": SEQUENTIAL,
        "zmin": 0,
        "colorbar": {"title": {"text": _wrap(_VALUE_TITLES[value])}},
    }
    layout: dict = {
        "title": {
            "text": escape(title or f"Themes by {group.replace('_', ' ')}: {_VALUE_TITLES[value]}")
        },
        "xaxis": {
            "title": {"text": ""},  # the figure title names the grouping
            "type": "category",
            "automargin": True,
            "side": "top",
        },
        "yaxis": {
            "title": {"text": ""},
            "autorange": "reversed",
            "type": "category",
            "dtick": 1,
            "automargin": True,
        },
        "height": max(360, 140 + 34 * len(themes)),
    }
    if len(groups) >= 12:
        layout["width"] = 200 + 60 * len(groups)
    if highlight is not None and highlight in themes:
        i = themes.index(highlight)
        layout["shapes"] = [{"type": "rect", "y0": i - 0.5, "y1": i + 0.5, "x0": -0.5,
                             "x1": len(groups) - 0.5, "line": {"color": "#D55E00", "width": 3},
                             "name": "selected-theme"}]  # fmt: skip
    # The values are built here from a tidy frame: plotly's per-property validation (most of
    # a redraw's time) is skipped, and so is the copy of plotly's default template
    # (`apply_template` sets ours); the figure is still a plain go.Figure.
    fig = go.Figure(data=[trace], layout={**layout, "template": {}}, _validate=False)
    if frame.empty:
        empty_state(fig)
    return apply_template(fig)


def themes_over_time(
    counts: pd.DataFrame,
    *,
    value: str = "share_of_articles",
    highlight: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """One line per theme over `period` (from `theme_counts(..., by="period")`).

    The `highlight`ed theme (default: the one a boolean `selected` column marks) is drawn
    thick, the others faded. Rows without a date (period
    NaT) cannot be placed on the axis: the figure says how many articles that leaves out.
    """
    require_choice("value", value, VALUES)
    require_columns(counts, "period", "theme", "label", value, "articles", what="counts")
    highlight = highlight or _selected(counts)
    undated = counts[counts["period"].isna()]
    n_undated = (
        int(undated.groupby("theme", observed=True)["articles"].first().max())
        if len(undated)
        else 0
    )
    dated = counts["period"].notna().to_numpy(dtype=bool)
    frame = counts[dated] if not dated.all() else counts
    # plain arrays once, then one slice per theme (pandas per-group access dominated redraws)
    codes, names = pd.factorize(frame["theme"].astype("str"))
    days = np.asarray(pd.DatetimeIndex(frame["period"]).strftime("%Y-%m-%d"), dtype=object)
    values = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype="float64")
    n_hits = frame["hits"].to_numpy(dtype="int64")
    n_articles = frame["articles"].to_numpy(dtype="int64")
    label_of = frame["label"].astype("str").to_numpy(dtype=object)
    shown = [_fmt(v, value) for v in values]
    what = escape(_VALUE_TITLES[value])
    traces = []
    for i, theme in enumerate(names):
        rows = np.flatnonzero(codes == i)
        chosen = highlight is None or theme == highlight
        label = str(label_of[rows[0]])
        hover = [
            f"<b>{escape(label)}</b><br>{days[r]}<br>{what}: {shown[r]}"
            f"<br>{n_hits[r]} hits in {n_articles[r]} articles"
            for r in rows.tolist()
        ]
        traces.append(
            {
                "type": "scatter",
                "x": days[rows].tolist(),
                "y": [None if np.isnan(v) else float(v) for v in values[rows]],
                "mode": "lines+markers",
                "name": escape(label),
                "line": {
                    "width": 4 if (highlight is not None and chosen) else 1.5,
                    "color": PALETTE[i % len(PALETTE)],
                },
                "opacity": 1.0 if chosen else 0.35,
                "hovertext": hover,
                "hoverinfo": "text",
                "connectgaps": False,
            }
        )
    layout: dict = {
        "title": {"text": escape(title or f"Themes over time: {_VALUE_TITLES[value]}")},
        "xaxis": {"title": {"text": "period"}, "type": "date"},
        "yaxis": {"title": {"text": _VALUE_TITLES[value]}, "rangemode": "tozero"},
        "legend": {"title": {"text": "theme"}},
    }
    if n_undated:
        layout["annotations"] = [{"text": f"{n_undated} article(s) without a date are not shown",
                                  "x": 1, "y": 1.08, "xref": "paper", "yref": "paper",
                                  "showarrow": False, "xanchor": "right",
                                  "font": {"size": 11, "color": "#555"}, "name": "undated-note"}]  # fmt: skip
    fig = go.Figure(data=traces, layout={**layout, "template": {}}, _validate=False)
    if frame.empty:
        empty_state(fig, "No dated articles match these filters")
    return apply_template(fig)


def term_bars(
    terms: pd.DataFrame,
    *,
    term: str = "term",
    value: str = "count",
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars of the top terms or n-grams (`term_counts` / `ngrams` frames), largest on top."""
    require_columns(terms, term, value, what="terms")
    frame = terms.sort_values(value, ascending=True)
    articles = frame["articles"] if "articles" in frame.columns else pd.Series([None] * len(frame))
    hover = [
        f"<b>{escape(t)}</b><br>{int(v)} occurrences"
        + (f" in {int(a)} article(s)" if a is not None else "")
        for t, v, a in zip(frame[term], frame[value], articles, strict=True)
    ]
    bar = {
        "type": "bar",
        "x": [float(v) for v in frame[value]],
        "y": [escape(t) for t in frame[term]],
        "orientation": "h",
        "hovertext": hover,
        "hoverinfo": "text",
        "marker": {"color": PALETTE[0]},
    }
    layout = {
        "title": {"text": escape(title or f"Top {term}s")},
        "xaxis": {"title": {"text": value.replace("_", " ")}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": ""}, "type": "category"},
        "height": max(300, 60 + 22 * len(frame)),
    }
    fig = go.Figure(data=[bar], layout={**layout, "template": {}}, _validate=False)
    if frame.empty:
        empty_state(fig, "No terms to show")
    return apply_template(fig)
