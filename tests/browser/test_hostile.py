"""Hostile article text in a real JupyterLab: shown literally, never run as markup.

A temporary corpus whose titles, outlets and text carry `<script>`, `<img onerror>`,
`"><svg onload>` and `javascript:` payloads is loaded by a copy of 00-corpus (its
parameters cell pointed at the corpus); after running every cell and hovering a bar, no
dialog opened, the `onerror` payload's flag `window.__xss` was never set, and the payloads
are visible as text in the table and in the hover label.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lab_harness import (
    hover_first_bar,
    open_notebook,
    run_all_cells,
    screenshot,
    wait_for_plots,
    write_notebook,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared payloads
from hostile_corpus import IMG_FLAG, SCRIPT, write_hostile_corpus

import helpers

pytestmark = pytest.mark.browser


def test_hostile_corpus_shows_literally_and_runs_nothing(lab_page, tmp_path):
    page = lab_page
    folder = write_hostile_corpus(tmp_path / "hostile")
    corpus = helpers.load_corpus(folder)  # the loader keeps the payloads as literal text
    assert f"{SCRIPT} Xi dan Putin" in set(corpus.articles["title"])
    assert IMG_FLAG in set(corpus.articles["outlet"])
    write_notebook(page.lab.root, "00-corpus", "00-hostile", corpus_path=str(folder))

    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    open_notebook(page, "00-hostile.ipynb")
    run_all_cells(page)
    wait_for_plots(page, 1)
    page.get_by_text("4 of 4 articles match").wait_for()

    # the table output shows the payloads as text
    table = page.locator(".jp-OutputArea-output table").first
    table.scroll_into_view_if_needed()
    cells = table.locator("td").evaluate_all("els => els.map((e) => e.textContent.trim())")
    assert f"{SCRIPT} Xi dan Putin" in cells, cells
    assert IMG_FLAG in cells, cells
    page.get_by_text(f"{SCRIPT} Xi dan Putin", exact=True).first.wait_for(state="visible")
    screenshot(page, "hostile-table")

    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    screenshot(page, "hostile-chart")
    label = hover_first_bar(page)
    assert "alert(1)" in label or "__xss" in label, label  # titles and outlet, as text
    screenshot(page, "hostile-hover")

    page.wait_for_timeout(500)  # give any injected handler the chance to fire
    assert page.evaluate("() => typeof window.__xss") == "undefined", "a payload ran"
    assert not dialogs, f"a JavaScript dialog opened: {dialogs}"
    assert page.locator(".jp-OutputArea-output svg[onload], img[src='x']").count() == 0
