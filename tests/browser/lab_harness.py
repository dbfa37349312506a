"""Helpers for browser tests: open a notebook, run it, read plotly charts from the DOM.

Import them in a `tests/browser/test_*.py` with `from lab_harness import ...`; the
fixtures (`lab`, `browser`, `lab_page`) live in this folder's conftest.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers._paths import PROJ_ROOT

SCREENSHOTS = PROJ_ROOT / "tests" / "screenshots"  # git-ignored: for a person to look at
CELL_TIMEOUT_MS = 120_000


def write_notebook(root: Path, source: str, name: str, **parameters: Any) -> Path:
    """Write `notebooks/<source>.py` as `<root>/<name>.ipynb` with its parameters cell changed.

    Each keyword replaces that assignment in the cell tagged `parameters` (papermill's
    convention), e.g. `write_notebook(page.lab.root, "00-corpus", "00-hostile",
    corpus_path=str(folder))`; other parameters keep their defaults. Returns the path.
    """
    import jupytext

    nb = jupytext.read(PROJ_ROOT / "notebooks" / f"{source}.py")
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise AssertionError(f"notebooks/{source}.py has no cell tagged 'parameters'")
    lines = cells[0].source.splitlines()
    for key, value in parameters.items():
        found = [i for i, line in enumerate(lines) if line.split("=")[0].strip() == key]
        if not found:
            raise AssertionError(f"notebooks/{source}.py has no parameter {key!r}")
        lines[found[0]] = f"{key} = {value!r}"
    cells[0].source = "\n".join(lines)
    nb.metadata.setdefault(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    path = root / f"{name}.ipynb"
    jupytext.write(nb, path)
    return path


def hover_first_bar(page: Any, index: int = 0) -> str:
    """Hover the first bar of the `index`-th chart and return the hover label's text."""
    plot = page.locator(".js-plotly-plot").nth(index)
    plot.scroll_into_view_if_needed()
    bar = plot.locator(".barlayer .point path").first
    try:
        bar.wait_for(state="attached", timeout=10_000)
    except Exception as err:
        classes = plot.evaluate(
            "el => [...el.querySelectorAll('g')].map(g => g.getAttribute('class')).join(' ')"
        )
        raise AssertionError(f"no bar in the chart; its groups: {classes[:1500]}") from err
    box = bar.bounding_box()
    assert box, "the chart has no bar to hover"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    label = page.locator(".hoverlayer .hovertext")
    for step in range(20):  # plotly hovers on mouse moves over its drag layer: keep moving
        page.mouse.move(x + step % 3, y + step % 2, steps=2)
        if label.count():
            break
        page.wait_for_timeout(250)
    label.first.wait_for(state="attached", timeout=5_000)
    return label.first.text_content() or ""


def open_notebook(page: Any, name: str) -> None:
    """Open `name` (an .ipynb in the lab's folder) and wait until its kernel is idle."""
    page.goto(page.lab.notebook_url(name))
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.wait_for()
    _wait_kernel_idle(page)


def _wait_kernel_idle(page: Any, timeout: int = CELL_TIMEOUT_MS) -> None:
    # The status bar names the kernel once one is connected ("Python 3 (ipykernel) | Idle");
    # before that it says "No Kernel | Initializing" while the indicator already says idle.
    page.wait_for_function(
        """() => {
            const bar = document.querySelector('#jp-main-statusbar');
            const text = bar ? bar.innerText : '';
            const el = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) '
                + '.jp-Notebook-ExecutionIndicator');
            return /\\|\\s*Idle/.test(text) && !/No Kernel/.test(text)
                && el && el.getAttribute('data-status') === 'idle';
        }""",
        timeout=timeout,
    )


def run_all_cells(page: Any, timeout: int = CELL_TIMEOUT_MS) -> None:
    """Run > Run All Cells through the menu bar, then wait until every cell has run.

    Fails with the notebook's error output if a cell raised.
    """
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    menu = page.locator(
        ".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')")
    )
    menu.first.click()
    page.wait_for_function(
        """() => {
            const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) '
                + '.jp-CodeCell .jp-InputPrompt');
            return cells.length > 0 && [...cells].every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=timeout,
    )
    _wait_kernel_idle(page, timeout)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    assert not tracebacks, "a cell failed:\n" + "\n".join(tracebacks)[:3000]


def wait_for_plots(page: Any, count: int = 1, timeout: int = 60_000) -> None:
    """Wait until at least `count` plotly charts have rendered with their data."""
    page.wait_for_function(
        """(n) => {
            const plots = [...document.querySelectorAll('.js-plotly-plot')];
            return plots.length >= n && plots.slice(0, n).every(p => Array.isArray(p.data));
        }""",
        arg=count,
        timeout=timeout,
    )


def plot_traces(page: Any, index: int = 0) -> list[dict[str, Any]]:
    """The `index`-th chart's traces as plotly.js holds them (`el.data`): name, type, x, y."""
    return page.evaluate(
        """(i) => {
            const el = document.querySelectorAll('.js-plotly-plot')[i];
            const arr = (v) => (v == null ? [] : Array.from(v, (x) => (x == null ? null : x)));
            return el.data.map((t) => ({name: t.name ?? null, type: t.type ?? null,
                                        x: arr(t.x).map(String), y: arr(t.y)}));
        }""",
        index,
    )


def plot_annotations(page: Any, index: int = 0) -> list[str]:
    """The texts of the `index`-th chart's layout annotations (e.g. the empty-state note)."""
    return page.evaluate(
        """(i) => {
            const el = document.querySelectorAll('.js-plotly-plot')[i];
            return ((el.layout && el.layout.annotations) || []).map((a) => a.text);
        }""",
        index,
    )


def wait_for_traces(
    page: Any,
    index: int,
    check: Callable[[list[dict[str, Any]]], bool],
    timeout: float = 30.0,
) -> list[dict[str, Any]]:
    """Poll the `index`-th chart until `check(plot_traces(...))` holds; return those traces.

    A redraw that changes the number of traces passes through an empty chart, so wait for
    the state you expect (e.g. `lambda t: [x["name"] for x in t] == ["ANTARA"]`) rather
    than for any change.
    """
    deadline = time.monotonic() + timeout
    traces = plot_traces(page, index)
    while not check(traces):
        if time.monotonic() > deadline:
            raise AssertionError(f"chart {index} never reached the expected state: {traces}")
        page.wait_for_timeout(200)
        traces = plot_traces(page, index)
    return traces


def wait_for_traces_change(
    page: Any, index: int, before: list[dict[str, Any]], timeout: float = 30.0
) -> list[dict[str, Any]]:
    """Wait until the chart's traces differ from `before` and have settled; return them.

    "Settled" means two reads 400 ms apart agree, so the transient empty chart of a redraw
    that changes the number of traces is not mistaken for the result.
    """
    changed = wait_for_traces(page, index, lambda t: t != before, timeout)
    deadline = time.monotonic() + timeout
    while True:
        page.wait_for_timeout(400)
        now = plot_traces(page, index)
        if now == changed or time.monotonic() > deadline:
            return now
        changed = now


def select_option(page: Any, label: str, option: str) -> None:
    """Click `option` in the multi-select widget labelled `label` (selects only it)."""
    widget = page.locator(".widget-select-multiple", has=page.locator(f"label:text-is('{label}')"))
    widget.locator("option", has_text=option).first.click()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page PNG as tests/screenshots/<name>.png (git-ignored) and return it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # A scroll just before can leave the windowed notebook unpainted (an empty page once):
    # let the browser lay out and paint two frames first.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    return path


def lab_log(page: Any) -> str:
    """The end of the JupyterLab server log (to attach to a failure message)."""
    return page.lab.log.read_text()[-3000:]


__all__ = [
    "hover_first_bar",
    "lab_log",
    "open_notebook",
    "plot_annotations",
    "plot_traces",
    "run_all_cells",
    "screenshot",
    "select_option",
    "wait_for_plots",
    "wait_for_traces",
    "wait_for_traces_change",
    "write_notebook",
]
