"""02-themes panel: one-off build, and the time a filter change takes to redraw every view.

`run(n, folder)` loads the generated corpus (through the Parquet cache), builds the panel
exactly as the notebook does (`helpers.themes.views.build_panel`), then times, in the
kernel, changes of every kind an analyst makes: outlets, a date range, a search query and
the theme selector. A change is timed from setting `panel.value` (or the control's
`.value`) until the call returns, i.e. until every FigureWidget and table has been updated
(the panel redraws synchronously). The baseline is the views' frames alone: the same
compute functions on the same filtered corpus, without drawing or copying figures.

Rows: `{"figure", "n", "value", "unit", "baseline", "ratio", "target", "met"}`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

TARGET_MS = 200.0
BUILD_TARGET_S = 60.0


def _timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _frames_time(panel: Any) -> float:
    """Recompute every view's frame for the panel's current state (no figures)."""
    views = panel.theme_views
    theme = panel._controls["theme"].value
    query = panel._controls["kwic"].value
    date_field = panel.value["date_field"]

    def compute() -> None:
        corpus = views.corpus.subset(panel.articles["article_id"].tolist())
        views.heatmap(corpus, theme=theme)
        views.over_time(corpus, theme=theme, date_field=date_field)
        views.top_terms(corpus)
        views.top_ngrams(corpus)
        views.kwic(corpus, theme=theme, kwic=query)
        views.matches(corpus, theme=theme)
        views.hit_sample(corpus, theme=theme)

    return _timed(compute)


def _changes(panel: Any) -> list[tuple[str, Any]]:
    """(label, action) pairs: each action changes one filter or control."""
    import pandas as pd

    articles = panel.articles
    outlets = articles["outlet"].dropna().value_counts().index.tolist()
    dates = pd.to_datetime(articles[panel.value["date_field"]]).dropna()
    theme = panel._controls["theme"]
    options = [value for _, value in theme.options]
    changes: list[tuple[str, Any]] = []
    if outlets:
        changes.append((f"outlet {outlets[0]}", {"outlets": [outlets[0]]}))
        changes.append(("three outlets", {"outlets": outlets[:3]}))
    if len(dates):
        lo, hi = dates.quantile(0.25), dates.quantile(0.75)
        changes.append(("date range", {"date_range": (f"{lo:%Y-%m-%d}", f"{hi:%Y-%m-%d}")}))
    changes += [
        ("query Taiwan", {"query": "Taiwan"}),
        ('query "kerja sama"', {"query": '"kerja sama"'}),
    ]
    if outlets:
        changes.append(("outlet + query", {"outlets": [outlets[-1]], "query": "BRICS"}))
    changes.append(("all articles", {}))
    for value in options[1:4]:
        changes.append((f"theme {value}", ("theme", value)))
    return changes


def _apply(panel: Any, change: Any) -> None:
    if isinstance(change, tuple):
        name, value = change
        panel._controls[name].value = value
    else:
        panel.value = change


def run(n: int, folder: Path, *, verbose: bool = False) -> list[dict]:
    import plotly.graph_objects as go

    import helpers
    from helpers.themes.views import ThemeViews, build_panel

    go.FigureWidget  # noqa: B018 - imported once per process (seconds), not the panel's cost
    corpus = helpers.load_corpus(folder, cache=True)
    start = time.perf_counter()
    views = ThemeViews.build(corpus)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    panel = build_panel(corpus, views=views)
    panel_s = time.perf_counter() - start
    changes = _changes(panel)
    _apply(panel, changes[0][1])  # warm-up: lazy per-grouping tables are made once here
    _apply(panel, {})
    times, frames = [], []
    for label, change in changes:
        took = _timed(lambda change=change: _apply(panel, change))
        base = _frames_time(panel)
        times.append(took)
        frames.append(base)
        if verbose:
            print(f"  {label}: {took * 1000:.0f} ms (frames {base * 1000:.0f} ms)", file=sys.stderr)
    errors = len(panel.errors.outputs)
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    base = statistics.median(frames) * 1000
    return [
        {"figure": "themes panel: one-off build (hits, per-article tables)", "n": n,
         "value": build_s, "unit": "s", "baseline": None, "ratio": None,
         "target": f"< {BUILD_TARGET_S:g} s", "met": build_s < BUILD_TARGET_S},
        {"figure": "themes panel: widgets and first draw", "n": n, "value": panel_s, "unit": "s",
         "baseline": None, "ratio": None, "target": None, "met": None},
        {"figure": f"themes panel: filter change, median of {len(times)} (outlet, dates, query, theme)",
         "n": n, "value": median, "unit": "ms", "baseline": base, "ratio": median / base if base else None,
         "target": f"<= {TARGET_MS:g} ms", "met": median <= TARGET_MS and not errors},
        {"figure": "themes panel: slowest filter change", "n": n, "value": worst, "unit": "ms",
         "baseline": max(frames) * 1000, "ratio": None, "target": None, "met": None},
    ]  # fmt: skip


if __name__ == "__main__":
    from benchmarks.generate import generate

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for row in run(size, generate(size), verbose=True):
        print(row)
