"""The timeline walkthrough in a real browser: run it, filter, see the timeline change."""

from __future__ import annotations

import pytest
from lab_harness import (
    open_notebook,
    plot_traces,
    run_all_cells,
    screenshot,
    select_option,
    wait_for_plots,
    wait_for_traces,
)

pytestmark = pytest.mark.browser

_NOT_OUTLETS = {"events", "event guides", "event to publication"}


def _outlet_rows(traces: list[dict]) -> set[str]:
    """Outlets that have article dots (the y values of the traces that are not events)."""
    return {y for t in traces if t["name"] not in _NOT_OUTLETS for y in t["y"] if y is not None}


def test_timeline_filters_in_place(lab_page):
    page = lab_page
    open_notebook(page, "01-timeline.ipynb")
    try:
        run_all_cells(page)
        wait_for_plots(page, 4)  # timeline, coverage, lag, history
    except Exception:
        screenshot(page, "01-timeline-failed-run")
        raise
    page.get_by_text("5 of 5 articles match").wait_for()
    before = plot_traces(page, 0)  # the timeline is the first chart
    assert _outlet_rows(before) == {"(unknown outlet)", "ANTARA", "SinPo.id", "Suara.com", "Xinhua"}
    assert [len(t["x"]) for t in before if t["name"] == "events"] == [3]
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    screenshot(page, "01-timeline-all")

    select_option(page, "Outlets", "ANTARA")  # a real click in the panel's outlet list
    after = wait_for_traces(page, 0, lambda t: _outlet_rows(t) == {"ANTARA"})
    events = [t for t in after if t["name"] == "events"]
    assert len(events) == 1 and [x[:10] for x in events[0]["x"]] == ["2024-04-09"]
    page.get_by_text("1 of 5 articles match").wait_for()
    screenshot(page, "01-timeline-antara")
