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
    chosen = counts.loc[counts["selected"].fillna(False).astype(bool), "theme"]
    return str(chosen.iloc[0]) if len(chosen) else None


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
    frame = counts.copy()
    frame[group] = (
        frame[group].map(outlet_label) if group == "outlet" else frame[group].astype("str")
    )
    themes = list(dict.fromkeys(frame["theme"].astype("str")))
    labels = dict(zip(frame["theme"].astype("str"), frame["label"], strict=False))
    groups = list(dict.fromkeys(frame[group]))
    frame["_hover"] = [_hover(r, group) for _, r in frame.iterrows()]
    grid = frame.pivot_table(
        index="theme", columns=group, values=value, aggfunc="first", observed=False, sort=False
    )
    grid = grid.reindex(index=themes, columns=groups)
    hover = frame.pivot_table(index="theme", columns=group, values="_hover", aggfunc="first", observed=False,
                              sort=False)  # fmt: skip
    hover = hover.reindex(index=themes, columns=groups)
    z = grid.to_numpy(dtype="float64")
    text = [[_fmt(v, value) if not np.isnan(v) else "" for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z.tolist(),
            x=[escape(g) for g in groups],
            y=[escape(labels[t]) for t in themes],
            text=text,
            texttemplate="%{text}",
            hovertext=hover.fillna("").to_numpy().tolist(),
            hoverinfo="text",
            colorscale="Blues",
            zmin=0,
            colorbar={"title": {"text": _wrap(_VALUE_TITLES[value])}},
        )
    )
    if highlight is not None and highlight in themes:
        i = themes.index(highlight)
        fig.add_shape(type="rect", y0=i - 0.5, y1=i + 0.5, x0=-0.5, x1=len(groups) - 0.5,
                      line={"color": "#D55E00", "width": 3}, name="selected-theme")  # fmt: skip
    fig.update_layout(
        title={
            "text": escape(title or f"Themes by {group.replace('_', ' ')}: {_VALUE_TITLES[value]}")
        },
        xaxis={
            "title": {"text": ""},  # the figure title names the grouping
            "type": "category",
            "automargin": True,
            "side": "top",
        },
        yaxis={
            "title": {"text": ""},
            "autorange": "reversed",
            "type": "category",
            "dtick": 1,
            "automargin": True,
        },
        height=max(360, 140 + 34 * len(themes)),
        width=None if len(groups) < 12 else 200 + 60 * len(groups),
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
