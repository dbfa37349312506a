"""03-outlets panel: the one-off precompute, and the time of a filter change (all views).

`run(n, folder)` loads the generated corpus (Parquet cache), builds `OutletViews` (timed
per step; alignment reported on its own), wires `build_panel`, then times filter changes
the way an analyst makes them: outlets, a date range, the selected "Compare outlet",
back to everything. Each change is timed around the kernel-side callback (the panel's
refresh: every view computed, drawn and copied into its widget). The baseline is the
views' frames recomputed alone (compute functions only, no figures) for the same change.

Rows: `{"figure", "n", "value", "unit", "baseline", "ratio", "target", "met"}`.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PANEL_TARGET_MS = 200.0
PRECOMPUTE_TARGET_S = 600.0  # "minutes, not most of an hour"


def _changes(panel: Any) -> list[tuple[str, Callable[[], None]]]:
    """Filter changes to time: (label, action)."""
    outlets = panel.outlet_views.outlet_names()
    days = panel._day_values  # the date slider's days
    control = panel.outlet_controls["outlet"]
    steps: list[tuple[str, Callable[[], None]]] = []
    if len(outlets) >= 2:
        steps.append(("outlets", lambda: panel.update(outlets=outlets[:2])))
        steps.append(("outlets", lambda: panel.update(outlets=outlets[1:4])))
    if len(days) >= 4:
        lo, hi = days[len(days) // 4], days[len(days) // 2]
        steps.append(("date range", lambda: panel.update(outlets=None, date_range=(lo, hi))))
        steps.append(("date range", lambda: panel.update(date_range=(days[0], days[-1]))))
    for name in outlets[1:3] + outlets[:1]:
        steps.append(("compare outlet", lambda name=name: setattr(control, "value", name)))
    steps.append(("all", lambda: panel.update(outlets=None, date_range=None)))
    return steps


def _frames_alone(panel: Any) -> float:
    """Seconds to recompute every view's frame for the panel's current filters."""
    views = panel._views
    start = time.perf_counter()
    corpus = panel.corpus
    for view in views.values():
        view.compute(corpus, **panel._control_values(view))
    return time.perf_counter() - start


def run(n: int, folder: Path, *, repeat: int = 2) -> list[dict]:
    import helpers
    from helpers.compare.views import OutletViews, build_panel

    corpus = helpers.load_corpus(folder, cache=True)
    start = time.perf_counter()
    views = OutletViews.build(corpus)
    precompute = time.perf_counter() - start
    panel = build_panel(corpus, views=views)
    changes, alone = [], []
    for _ in range(repeat):
        for _label, action in _changes(panel):
            t0 = time.perf_counter()
            action()
            changes.append(time.perf_counter() - t0)
            alone.append(_frames_alone(panel))
    errors = len(panel.errors.outputs)
    change_ms = statistics.median(changes) * 1000
    alone_ms = statistics.median(alone) * 1000
    worst_ms = max(changes) * 1000
    steps = ", ".join(f"{k} {v:.1f}" for k, v in views.timings.items())
    return [
        {"figure": f"03 precompute: OutletViews.build ({steps} s)", "n": n, "value": precompute,
         "unit": "s", "baseline": None, "ratio": None,
         "target": f"<= {PRECOMPUTE_TARGET_S:.0f} s", "met": precompute <= PRECOMPUTE_TARGET_S},
        {"figure": f"03 sentence alignment ({len(views.pairs):,} pairs)", "n": n,
         "value": views.timings.get("alignment"), "unit": "s", "baseline": None, "ratio": None,
         "target": None, "met": None},
        {"figure": f"03 filter change, all views (median of {len(changes)}; worst "
                   f"{worst_ms:.0f} ms; {errors} view errors)", "n": n, "value": change_ms,
         "unit": "ms", "baseline": alone_ms, "ratio": change_ms / alone_ms if alone_ms else None,
         "target": f"<= {PANEL_TARGET_MS:.0f} ms", "met": change_ms <= PANEL_TARGET_MS and not errors},
    ]  # fmt: skip


if __name__ == "__main__":
    from benchmarks.generate import generate

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for row in run(size, generate(size)):
        print(row)
