"""00-corpus in a real JupyterLab: run it, filter by clicking, search, export."""

from __future__ import annotations

import pytest
from lab_harness import (
    open_notebook,
    plot_annotations,
    plot_traces,
    run_all_cells,
    screenshot,
    select_option,
    wait_for_plots,
    wait_for_traces,
)

pytestmark = pytest.mark.browser
NO_MATCH = "No articles match these filters"


def names(traces):
    return [t["name"] for t in traces]


def test_outlet_filter_redraws_the_chart(lab_page):
    page = lab_page
    open_notebook(page, "00-corpus.ipynb")
    run_all_cells(page)
    wait_for_plots(page, 1)
    page.get_by_text("5 of 5 articles match").wait_for()
    before = plot_traces(page, 0)
    assert sorted(names(before)) == ["(unknown outlet)", "ANTARA", "SinPo.id", "Xinhua"]
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    screenshot(page, "00-corpus-all")

    select_option(page, "Outlets", "ANTARA")  # a real click on the option
    after = wait_for_traces(page, 0, lambda t: names(t) == ["ANTARA"])
    assert after[0]["y"] == [1]
    assert after[0]["x"][0].startswith("2024-04-01")
    page.get_by_text("1 of 5 articles match").wait_for()
    screenshot(page, "00-corpus-antara")

    # a search nothing matches empties the chart and says so, instead of breaking it
    search = page.get_by_placeholder('words or "a phrase" (Enter to apply)')
    search.fill("kata yang tidak ada")
    search.press("Enter")
    wait_for_traces(page, 0, lambda t: t == [])
    assert NO_MATCH in plot_annotations(page, 0)
    screenshot(page, "00-corpus-empty")

    # clearing the search brings the data back and removes the note
    search.fill("")
    search.press("Enter")
    wait_for_traces(page, 0, lambda t: names(t) == ["ANTARA"])
    assert NO_MATCH not in plot_annotations(page, 0)

    page.get_by_role("button", name="Export figures").click()
    page.get_by_text("Wrote 5 file(s)").wait_for(timeout=60_000)
    written = sorted(p.suffix for p in (page.lab.root / "figures").iterdir())
    assert written == [".csv", ".html", ".json", ".png", ".svg"]
