"""Filter panels: one filter change, from setting `.value` to every FigureWidget updated.

Everything runs in this (the kernel's) process, no browser: `panel.value = change` filters,
recomputes every view and copies the new traces into the widgets synchronously, so the
wall time of that assignment is the callback's time. Each panel is driven through the same
sequence of changes (outlets, date ranges, new search queries, back to all) and the median
is reported against the 200 ms target; the slowest change is reported beside it. The
baseline is the views' own work for the same filter state (each view's `compute` on the
filtered corpus plus its `draw`), so the ratio is what the panel adds around them.
Beside the times, each panel reports the memory it holds (resident memory growth from before
its build to after its timed changes, against the corpus's text size; no target).

The 00-corpus panel is built as its notebook builds it; the walkthrough panels (01 timeline,
02 themes, 03 outlets) by the same `build_panel` their notebooks call, and a panel that
cannot be built is reported as a row saying why instead of failing the run.
"""

from __future__ import annotations

import statistics
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_MS = 200.0
REPEATS = 2  # each change sequence runs this many times; the machine is shared and noisy


def _changes(articles: Any, date_field: str) -> list[tuple[str, dict]]:
    """A fixed sequence of filter changes that every panel can take."""
    import pandas as pd

    outlets = sorted(articles["outlet"].dropna().astype(str).unique(), key=str.casefold)
    dates = pd.to_datetime(articles[date_field], errors="coerce").dropna()
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert("Asia/Jakarta").dt.tz_localize(None)
    steps: list[tuple[str, dict]] = []
    if outlets:
        steps += [("outlet", {"outlets": outlets[:1]}), ("outlet", {"outlets": outlets[1:3]})]
    if len(dates):
        lo, hi = dates.quantile(0.25), dates.quantile(0.6)
        steps += [
            ("date range", {"date_range": (f"{lo:%Y-%m-%d}", f"{hi:%Y-%m-%d}")}),
            ("date range", {"date_range": (f"{dates.min():%Y-%m-%d}", f"{lo:%Y-%m-%d}")}),
        ]
    steps += [
        ("query", {"query": "kerja sama"}),
        ("query", {"query": '"Xi Jinping" Rusia'}),
        ("all", {}),
    ]
    return steps


def _views_alone(panel: Any) -> dict[str, float]:
    """Seconds per view for its compute + draw on the panel's current filtered corpus."""
    corpus = panel.corpus
    spent: dict[str, float] = {}
    for name, view in panel._views.items():
        start = time.perf_counter()
        frame = view.compute(corpus, **panel._control_values(view))
        if view.draw is not None:
            view.draw(frame)
        spent[name] = time.perf_counter() - start
    return spent


def _resident_mb() -> float | None:
    """This process's resident memory, after handing glibc's free memory back (Linux only)."""
    from helpers.corpus.cache import release_free_memory

    release_free_memory()
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1000
    except OSError:
        pass
    return None


def _time_panel(label: str, n: int, build: Callable[[], Any], articles: Any) -> list[dict]:
    before_mb = _resident_mb()
    start = time.perf_counter()
    try:
        panel = build()
    except Exception as err:  # a walkthrough still being written: say so, measure the rest
        detail = "".join(traceback.format_exception_only(type(err), err)).strip()
        return [{"figure": f"{label}: panel not measured ({detail[:120]})", "n": n}]
    setup_s = time.perf_counter() - start
    # the changes come from the corpus, not `panel.articles`: reading that would make the
    # panel select rows, which a walkthrough panel never does by itself
    steps = _changes(articles, panel.value["date_field"])
    taken: dict[str, list[float]] = {}
    alone: list[dict[str, float]] = []
    for repeat in range(REPEATS):
        for kind, change in steps:
            if repeat and kind == "query":  # a repeated query hits the panel's cache
                change = {"query": f"{change['query']} {repeat}"}
            begin = time.perf_counter()
            panel.value = change
            taken.setdefault(kind, []).append(time.perf_counter() - begin)
            alone.append(_views_alone(panel))
    errors = [o.get("text", "") for o in panel.errors.outputs]
    # Measured after the changes are timed: handing memory back to the system before them
    # would make every change fault its temporaries in afresh, as no kernel's changes do.
    after_mb = _resident_mb()
    every = [t for ts in taken.values() for t in ts]
    median_ms = statistics.median(every) * 1000
    base_ms = statistics.median(sum(a.values()) for a in alone) * 1000
    rows = [
        {"figure": f"{label}: build the panel (once)", "n": n, "value": setup_s, "unit": "s"},
    ]
    text_mb = float(articles["text"].str.len().sum()) / 1e6  # characters, as bench_load
    if before_mb is not None and after_mb is not None and text_mb:
        # What a kernel holds for the panel on top of the corpus: its indexes, caches and
        # figures. No target (the 4x is for loading); reported so growth is seen.
        held = after_mb - before_mb
        rows.append({"figure": f"{label}: memory the panel holds after its changes / text size",
                     "n": n, "value": held, "unit": "MB", "baseline": text_mb,
                     "ratio": held / text_mb})  # fmt: skip
    rows += [
        {
            "figure": f"{label}: filter change -> every view updated (median of {len(every)})",
            "n": n,
            "value": median_ms,
            "unit": "ms",
            "baseline": base_ms,
            "ratio": median_ms / base_ms if base_ms else None,
            "target": "<= 200 ms",
            "met": median_ms <= TARGET_MS,
        },
    ]
    per_view = {name: statistics.median(a[name] for a in alone) * 1000 for name in alone[0]}
    for name, ms in sorted(per_view.items(), key=lambda kv: -kv[1])[:3]:
        if ms >= 20 or len(per_view) == 1:  # where the time goes, for the view's owner
            rows.append(
                {"figure": f"{label}: view {name!r} alone (compute + draw, median)", "n": n,
                 "value": ms, "unit": "ms"}
            )  # fmt: skip
    if errors:  # a view raised: the times above are of a panel that did not redraw it
        first = errors[0].strip().splitlines()[0][:120]
        rows.append({"figure": f"{label}: a view failed ({first})", "n": n, "met": False})
    for kind, ts in taken.items():
        worst = max(ts) * 1000
        rows.append(
            {
                "figure": f"{label}: slowest {kind} change ({len(ts)} runs)",
                "n": n,
                "value": worst,
                "unit": "ms",
                "target": "<= 200 ms",
                "met": worst <= TARGET_MS,
            }
        )
    return rows


# ---- the panels, built as their notebooks build them ----------------------------------------
def corpus_panel(corpus: Any) -> Any:
    """notebooks/00-corpus: articles per outlet over time."""
    import helpers
    from helpers.figures.corpus import timeline_bars

    def per_outlet(c: Any, date_field: str) -> Any:
        return helpers.articles_over_time(c.articles, date_field=date_field, freq="month")

    panel = helpers.FilterPanel(corpus, date_field="event_date")
    panel.add_view("articles-over-time", per_outlet, timeline_bars, controls=("date_field",))
    return panel


def timeline_panel(corpus: Any) -> Any:
    """notebooks/01-timeline: events timeline, events table, coverage, lag, history."""
    from helpers.timeline.views import build_panel

    return build_panel(corpus)


def themes_panel(corpus: Any) -> Any:
    """notebooks/02-themes: theme heatmap, over time, terms, bigrams, KWIC and validation tables."""
    from helpers.themes.views import build_panel

    return build_panel(corpus)


def outlets_panel(corpus: Any) -> Any:
    """notebooks/03-outlets: profiles, keyness, reuse, voices and naming."""
    from helpers.compare.views import build_panel

    return build_panel(corpus)


PANELS: dict[str, Callable[[Any], Any]] = {
    "00-corpus panel": corpus_panel,
    "01-timeline panel": timeline_panel,
    "02-themes panel": themes_panel,
    "03-outlets panel": outlets_panel,
}


def run(n: int, folder: Path, *, panels: tuple[str, ...] | None = None) -> list[dict]:
    """Rows for `benchmarks.__main__`: each panel's median filter change against 200 ms."""
    import helpers

    corpus = helpers.load_corpus(folder, cache=True)
    rows: list[dict] = []
    for label, build in PANELS.items():
        if (
            panels is not None and label not in panels and label[:2] not in panels
        ):  # "01" or the label
            continue
        rows += _time_panel(label, n, lambda build=build: build(corpus), corpus.articles)
    return rows
