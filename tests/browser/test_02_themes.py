"""02-themes in a real JupyterLab: run it, pick a theme, see the heatmap and KWIC follow."""

from __future__ import annotations

from typing import Any

import pytest
from lab_harness import open_notebook, run_all_cells, screenshot, wait_for_plots

pytestmark = pytest.mark.browser


def _highlight_y0(page: Any) -> float | None:
    """Where the heatmap's selected-theme outline sits (first chart's first shape)."""
    return page.evaluate(
        """() => {
            const el = document.querySelectorAll('.js-plotly-plot')[0];
            const shapes = (el.layout && el.layout.shapes) || [];
            return shapes.length ? shapes[0].y0 : null;
        }"""
    )


def _kwic_match(page: Any, text: str) -> Any:
    return page.locator(".warta-table td", has_text=text).first


def test_theme_selector_moves_heatmap_and_kwic(lab_page):
    page = lab_page
    open_notebook(page, "02-themes.ipynb")
    run_all_cells(page)
    wait_for_plots(page, 4)
    page.get_by_text("5 of 5 articles match").wait_for()
    before = _highlight_y0(page)
    assert before == -0.5  # the first theme (multilateral) is outlined
    scale_js = (
        "() => JSON.stringify(document.querySelectorAll('.js-plotly-plot')[0].data[0].colorscale)"
    )
    scale = page.evaluate(scale_js)
    _kwic_match(page, "Organisasi Kerja Sama Shanghai").wait_for()
    assert page.locator(".warta-table td:text-is('kemerdekaan Taiwan')").count() == 0
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    screenshot(page, "02-themes-multilateral")

    dropdown = page.locator(".widget-dropdown", has=page.locator("label:text-is('Theme')")).locator(
        "select"
    )
    dropdown.select_option(label="Taiwan")  # a real selection in the browser
    page.wait_for_function(
        """(before) => {
            const el = document.querySelectorAll('.js-plotly-plot')[0];
            const shapes = (el.layout && el.layout.shapes) || [];
            return shapes.length && shapes[0].y0 !== before;
        }""",
        arg=before,
        timeout=30_000,
    )
    assert _highlight_y0(page) == 0.5  # taiwan is the second row
    assert page.evaluate(scale_js) == scale  # the update keeps the heatmap's colours
    page.locator(".warta-table td:text-is('kemerdekaan Taiwan')").first.wait_for()
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    screenshot(page, "02-themes-taiwan")

    box = page.locator(".widget-text", has=page.locator("label:text-is('KWIC query')")).locator(
        "input"
    )
    box.fill("@China")
    box.press("Enter")
    page.locator(".warta-table td:text-is('Tiongkok')").first.wait_for()
    page.locator(".warta-table td:text-is('Tiongkok')").first.scroll_into_view_if_needed()
    screenshot(page, "02-themes-kwic-china")
