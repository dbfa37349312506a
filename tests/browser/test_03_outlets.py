"""03-outlets in a real JupyterLab: run it, change the compared outlet, see keyness follow."""

from __future__ import annotations

from typing import Any

import pytest
from lab_harness import (
    open_notebook,
    plot_traces,
    run_all_cells,
    screenshot,
    wait_for_plots,
    wait_for_traces,
)

pytestmark = pytest.mark.browser


def _titles(page: Any) -> list[str]:
    """The title of every chart on the page, in document order."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map((el) => {
            const t = el.layout && el.layout.title;
            return typeof t === 'string' ? t : (t && t.text) || '';
        })"""
    )


def _keyness_index(page: Any) -> int:
    titles = _titles(page)
    found = [i for i, t in enumerate(titles) if t.startswith("Keyness")]
    assert found, f"no keyness chart on the page; charts: {titles}"
    return found[0]


def test_outlet_selector_changes_keyness(lab_page):
    page = lab_page
    open_notebook(page, "03-outlets.ipynb")
    try:
        run_all_cells(page)
    except Exception:
        screenshot(page, "03-outlets-run-failed")
        raise
    wait_for_plots(page, 5)
    page.get_by_text("5 of 5 articles match").first.wait_for()
    index = _keyness_index(page)
    assert _titles(page)[index] == "Keyness: ANTARA against the rest"
    before = plot_traces(page, index)
    assert "lavrov" in before[1]["y"]  # over-used by ANTARA: the Lavrov meeting
    screenshot(page, "03-outlets-antara")

    dropdown = page.locator(
        ".widget-dropdown", has=page.locator("label:text-is('Compare outlet')")
    ).locator("select")
    dropdown.select_option(label="Xinhua")  # a real selection in the browser
    after = wait_for_traces(
        page, index, lambda t: len(t) == 2 and t != before and "lavrov" not in t[1]["y"]
    )
    assert after[1]["name"] == "more in Xinhua"
    assert _titles(page)[index] == "Keyness: Xinhua against the rest"
    screenshot(page, "03-outlets-xinhua")

    box = page.locator(".widget-text", has=page.locator("label:text-is('KWIC term')")).locator(
        "input"
    )
    box.fill("tiongkok")
    box.press("Enter")
    page.locator(".warta-table td:text-is('Tiongkok')").first.wait_for()
    screenshot(page, "03-outlets-kwic")

    # clicking a bar puts its term in the KWIC box (plotly click -> Python callback)
    bars = page.locator(".js-plotly-plot").nth(index).locator(".barlayer .trace").nth(1)
    top = bars.locator(".point path").last  # the longest over-used bar is drawn last
    top.scroll_into_view_if_needed()
    area = top.bounding_box()
    x, y = area["x"] + area["width"] / 2, area["y"] + area["height"] / 2
    page.mouse.move(x, y)  # plotly picks the point on hover, then reports the click
    page.mouse.click(x, y)
    expected = after[1]["y"][-1]
    page.wait_for_function(
        """(want) => [...document.querySelectorAll('.widget-text')].some((w) =>
            w.textContent.includes('KWIC term') && w.querySelector('input').value === want)""",
        arg=expected,
        timeout=30_000,
    )
    page.locator(".warta-table td", has_text=expected).first.wait_for()
    screenshot(page, "03-outlets-click")
