"""00-corpus in a real JupyterLab: run it, then filter by clicking the outlet widget."""

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


def test_outlet_filter_redraws_the_chart(lab_page):
    page = lab_page
    open_notebook(page, "00-corpus.ipynb")
    run_all_cells(page)
    wait_for_plots(page, 1)
    page.get_by_text("5 of 5 articles match").wait_for()
    before = plot_traces(page, 0)
    assert sorted(t["name"] for t in before) == ["(unknown outlet)", "ANTARA", "SinPo.id", "Xinhua"]
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    screenshot(page, "00-corpus-all")

    select_option(page, "Outlets", "ANTARA")  # a real click on the option
    after = wait_for_traces(page, 0, lambda t: [x["name"] for x in t] == ["ANTARA"])
    assert [t["name"] for t in after] == ["ANTARA"]
    assert sum(after[0]["y"]) == 1
    assert after[0]["x"][0].startswith("2024-04-01")
    page.get_by_text("1 of 5 articles match").wait_for()
    screenshot(page, "00-corpus-antara")
