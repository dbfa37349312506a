"""01-timeline panel: the one-off precompute, and a filter change against the 200 ms target.

The panel is the notebook's own (`helpers.timeline.views.build_panel`). Precompute is timed
verb by verb (`article_events`, `events`, `history_refs`, a full `coverage`) plus building
the panel. A filter change is timed from setting `panel.value` to every FigureWidget and the
events table updated, all in this (the kernel's) process, over a fixed sequence of outlet,
date-range and participant changes, twice; the median is held against 200 ms. The baseline
is the views' frames recomputed alone (each view's `compute` on the same filtered corpus),
so the ratio says what drawing and the panel add around the per-filter selection work.

Grouping is timed a second time with 30% of the articles made undated (their stated dates
removed), the case where `events` scores undated articles against events by similarity.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

TARGET_MS = 200.0
REPEATS = 2
UNDATED_SHARE = 0.3


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def changes(panel: Any) -> list[tuple[str, dict]]:
    """Outlet, date-range and participant changes every corpus can take (then back to all)."""
    articles = panel.articles
    outlets = sorted(articles["outlet"].dropna().astype(str).unique(), key=str.casefold)
    dates = pd.to_datetime(articles["event_date"], errors="coerce").dropna()
    people = (
        sorted(panel.members["participants"].options) if "participants" in panel.members else []
    )
    steps: list[tuple[str, dict]] = [
        ("outlet", {"outlets": o}) for o in (outlets[:1], outlets[1:3]) if o
    ]
    if len(dates):
        q = dates.quantile([0.0, 0.25, 0.6, 0.9])
        steps += [
            ("date range", {"date_range": (f"{q.iloc[1]:%Y-%m-%d}", f"{q.iloc[2]:%Y-%m-%d}")}),
            ("date range", {"date_range": (f"{q.iloc[0]:%Y-%m-%d}", f"{q.iloc[1]:%Y-%m-%d}")}),
            ("date range", {"date_range": (f"{q.iloc[2]:%Y-%m-%d}", f"{q.iloc[3]:%Y-%m-%d}")}),
        ]
    steps += [("participants", {"participants": [p]}) for p in people[:2]]
    if outlets and people:
        steps.append(
            ("outlet + participants", {"outlets": outlets[:2], "participants": people[:1]})
        )
    steps.append(("all", {}))
    return steps


def _views_alone(panel: Any) -> float:
    corpus = panel.corpus
    start = time.perf_counter()
    for view in panel._views.values():  # the frames only: what a filter change must select
        view.compute(corpus, **panel._control_values(view))
    return time.perf_counter() - start


def _undated(corpus: Any, extracted: pd.DataFrame, share: float) -> tuple[Any, pd.DataFrame]:
    """The corpus and its extraction with `share` of the articles' stated dates removed."""
    rng = np.random.default_rng(7)
    drop = rng.random(len(corpus.articles)) < share
    articles = corpus.articles.assign(
        event_date=corpus.articles["event_date"].mask(drop),
        event_date_evidence=corpus.articles["event_date_evidence"].mask(drop),
    )
    ids = set(articles.loc[drop, "article_id"])
    gone = extracted["article_id"].isin(ids).to_numpy()
    extracted = extracted.assign(event_date=extracted["event_date"].mask(gone))
    return dataclasses.replace(corpus, articles=articles), extracted


def run(n: int, folder: Path) -> list[dict]:
    """Rows for `benchmarks.__main__`: precompute times and the median filter change."""
    import helpers
    from helpers.timeline.views import build_panel

    corpus = helpers.load_corpus(folder, cache=True)
    t_extract, extracted = _timed(helpers.article_events, corpus)
    t_events, evts = _timed(helpers.events, corpus, extracted=extracted)
    t_refs, refs = _timed(helpers.history_refs, corpus, events=evts)
    tagged = helpers.with_events(corpus.articles, evts)
    t_cov, _cov = _timed(helpers.coverage, tagged, evts)
    t_build, panel = _timed(build_panel, corpus, extracted=extracted, events=evts, refs=refs)
    undated_corpus, undated_extracted = _undated(corpus, extracted, UNDATED_SHARE)
    n_undated = int(undated_extracted["event_date"].isna().sum())
    t_undated, undated_events = _timed(helpers.events, undated_corpus, extracted=undated_extracted)
    joined = int(undated_events["inferred_article_ids"].map(len).sum())

    steps = changes(panel)
    taken: dict[str, list[float]] = {}
    alone: list[float] = []
    for _ in range(REPEATS):
        for kind, change in steps:
            begin = time.perf_counter()
            panel.value = change
            taken.setdefault(kind, []).append(time.perf_counter() - begin)
            alone.append(_views_alone(panel))
    failed = [o.get("text", "") for o in panel.errors.outputs]
    every = [t for ts in taken.values() for t in ts]
    median_ms, base_ms = statistics.median(every) * 1000, statistics.median(alone) * 1000
    pre = t_extract + t_events + t_refs + t_cov + t_build
    label = "01-timeline panel"
    rows = [
        {"figure": f"{label}: article_events (once)", "n": n, "value": t_extract, "unit": "s"},
        {"figure": f"{label}: events (once; {len(evts):,} events)", "n": n, "value": t_events, "unit": "s"},
        {"figure": f"{label}: events with {n_undated:,} undated articles ({joined:,} joined)",
         "n": n, "value": t_undated, "unit": "s"},
        {"figure": f"{label}: history_refs (once)", "n": n, "value": t_refs, "unit": "s"},
        {"figure": f"{label}: coverage, every event (once)", "n": n, "value": t_cov, "unit": "s"},
        {"figure": f"{label}: build_panel from those tables (once)", "n": n, "value": t_build, "unit": "s"},
        {"figure": f"{label}: precompute total", "n": n, "value": pre, "unit": "s",
         "target": "minutes at most (<= 600 s)", "met": pre <= 600},
        {"figure": f"{label}: filter change -> every view updated (median of {len(every)})",
         "n": n, "value": median_ms, "unit": "ms", "baseline": base_ms,
         "ratio": median_ms / base_ms if base_ms else None, "target": "<= 200 ms",
         "met": median_ms <= TARGET_MS},
    ]  # fmt: skip
    for kind, ts in taken.items():
        rows.append(
            {"figure": f"{label}: slowest {kind} change ({len(ts)} runs)", "n": n,
             "value": max(ts) * 1000, "unit": "ms", "target": "<= 200 ms",
             "met": max(ts) * 1000 <= TARGET_MS}
        )  # fmt: skip
    if failed:
        first = failed[0].strip().splitlines()[0][:120]
        rows.append({"figure": f"{label}: a view failed ({first})", "n": n, "met": False})
    return rows


if __name__ == "__main__":
    import sys

    from benchmarks.__main__ import table
    from benchmarks.generate import generate

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(table(run(size, generate(size))))
