"""Figures for the theme walkthrough: a group x theme heatmap, themes over time, top terms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import PALETTE, apply_template, empty_state, escape, outlet_label
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


def _hover(row: pd.Series, group: str) -> str:
    return (
        f"<b>{escape(row['label'])}</b><br>{escape(row[group])}<br>"
        f"{int(row['hits'])} hits · {_fmt(row['hits_per_1000_words'], 'hits_per_1000_words')} per 1,000 words"
        f"<br>{int(row['articles_with_theme'])} of {int(row['articles'])} articles"
        f" ({_fmt(row['share_of_articles'], 'share_of_articles')})"
    )


def theme_heatmap(
    counts: pd.DataFrame,
    *,
    y: str = "outlet",
    value: str = "hits_per_1000_words",
    highlight: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Groups (rows: outlets or articles) x themes (columns), coloured by `value`.

    `counts` is `theme_counts(..., by=y)`; zero cells show as zero, not as gaps. Hover
    names the theme, group, hits, rate and articles (escaped). `highlight` outlines one
    theme's column (the selected theme).
    """
    require_choice("value", value, VALUES)
    require_columns(counts, y, "theme", "label", value, "hits", "articles", what="counts")
    frame = counts.copy()
    frame[y] = frame[y].map(outlet_label) if y == "outlet" else frame[y].astype("str")
    themes = list(dict.fromkeys(frame["theme"].astype("str")))
    labels = dict(zip(frame["theme"].astype("str"), frame["label"], strict=False))
    groups = list(dict.fromkeys(frame[y]))
    frame["_hover"] = [_hover(r, y) for _, r in frame.iterrows()]
    grid = frame.pivot_table(
        index=y, columns="theme", values=value, aggfunc="first", observed=False, sort=False
    )
    grid = grid.reindex(index=groups, columns=themes)
    hover = frame.pivot_table(
        index=y, columns="theme", values="_hover", aggfunc="first", observed=False, sort=False
    )
    hover = hover.reindex(index=groups, columns=themes)
    z = grid.to_numpy(dtype="float64")
    text = [[_fmt(v, value) if not np.isnan(v) else "" for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z.tolist(),
            x=[escape(labels[t]) for t in themes],
            y=[escape(g) for g in groups],
            text=text,
            texttemplate="%{text}",
            hovertext=hover.fillna("").to_numpy().tolist(),
            hoverinfo="text",
            colorscale="Blues",
            zmin=0,
            colorbar={"title": {"text": escape(_VALUE_TITLES[value])}},
        )
    )
    if highlight is not None and highlight in themes:
        i = themes.index(highlight)
        fig.add_shape(type="rect", x0=i - 0.5, x1=i + 0.5, y0=-0.5, y1=len(groups) - 0.5,
                      line={"color": "#D55E00", "width": 3}, name="selected-theme")  # fmt: skip
    fig.update_layout(
        title={"text": escape(title or f"Themes by {y.replace('_', ' ')}: {_VALUE_TITLES[value]}")},
        xaxis={"title": {"text": "theme"}, "tickangle": -30},
        yaxis={"title": {"text": y.replace("_", " ")}, "autorange": "reversed"},
        height=max(320, 60 + 34 * len(groups)),
    )
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

    The `highlight`ed theme is drawn thick, the others thin. Rows without a date (period
    NaT) cannot be placed on the axis: the figure says how many articles that leaves out.
    """
    require_choice("value", value, VALUES)
    require_columns(counts, "period", "theme", "label", value, "articles", what="counts")
    undated = counts[counts["period"].isna()]
    n_undated = (
        int(undated.groupby("theme", observed=True)["articles"].first().max())
        if len(undated)
        else 0
    )
    frame = counts.dropna(subset=["period"])
    fig = go.Figure()
    for i, (theme, part) in enumerate(frame.groupby(frame["theme"].astype("str"), sort=False)):
        chosen = highlight is None or theme == highlight
        label = str(part["label"].iloc[0])
        hover = [
            f"<b>{escape(label)}</b><br>{p:%Y-%m-%d}<br>{escape(_VALUE_TITLES[value])}: {_fmt(v, value)}"
            f"<br>{int(h)} hits in {int(a)} articles"
            for p, v, h, a in zip(
                part["period"], part[value], part["hits"], part["articles"], strict=True
            )
        ]
        fig.add_scatter(
            x=list(part["period"]),
            y=[None if pd.isna(v) else float(v) for v in part[value]],
            mode="lines+markers",
            name=escape(label),
            line={
                "width": 4 if (highlight is not None and chosen) else 1.5,
                "color": PALETTE[i % len(PALETTE)],
            },
            opacity=1.0 if chosen else 0.35,
            hovertext=hover,
            hoverinfo="text",
            connectgaps=False,
        )
    fig.update_layout(
        title={"text": escape(title or f"Themes over time: {_VALUE_TITLES[value]}")},
        xaxis={"title": {"text": "period"}, "type": "date"},
        yaxis={"title": {"text": _VALUE_TITLES[value]}, "rangemode": "tozero"},
        legend={"title": {"text": "theme"}},
    )
    if n_undated:
        fig.add_annotation(text=f"{n_undated} article(s) without a date are not shown", x=1, y=1.08,
                           xref="paper", yref="paper", showarrow=False, xanchor="right",
                           font={"size": 11, "color": "#555"}, name="undated-note")  # fmt: skip
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
    fig = go.Figure(
        go.Bar(
            x=[float(v) for v in frame[value]],
            y=[escape(t) for t in frame[term]],
            orientation="h",
            hovertext=hover,
            hoverinfo="text",
            marker={"color": PALETTE[0]},
        )
    )
    fig.update_layout(
        title={"text": escape(title or f"Top {term}s")},
        xaxis={"title": {"text": value.replace("_", " ")}, "rangemode": "tozero"},
        yaxis={"title": {"text": ""}, "type": "category"},
        height=max(300, 60 + 22 * len(frame)),
    )
    if frame.empty:
        empty_state(fig, "No terms to show")
    return apply_template(fig)
