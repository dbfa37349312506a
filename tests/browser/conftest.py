"""A real-browser harness: JupyterLab on a loopback port, driven by Playwright's Chromium.

Every walkthrough adds one `tests/browser/test_NN_name.py` that uses these fixtures and
the helpers in `lab_harness.py` (`from lab_harness import open_notebook, ...`), e.g.::

    def test_timeline(lab_page):
        page = lab_page
        open_notebook(page, "01-timeline.ipynb")
        run_all_cells(page)
        wait_for_plots(page, 1)
        select_option(page, "Outlets", "ANTARA")
        after = wait_for_traces(page, 0, lambda t: [x["name"] for x in t] == ["ANTARA"])
        screenshot(page, "01-timeline-antara")

What the harness provides:

- `lab` (session): a JupyterLab server on a free 127.0.0.1 port with a random token, a
  temporary notebook folder holding the `.ipynb` made from every `notebooks/*.py` with
  jupytext, fresh user settings and workspaces, and `helpers/data/lab-overrides.json`
  applied as the app-level `overrides.json` (no news or update pop-ups).
- `browser` (session): headless Chromium (`/usr/bin/chromium`) launched by Playwright.
- `lab_page` (per test): a fresh page; console errors and uncaught page errors are
  collected in `page.js_errors` and the test fails at teardown if any was logged.

Outside CI (no `CI` variable) the tests skip with the reason when Chromium, Playwright or
JupyterLab are missing; in CI they fail instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from helpers._paths import DATA, PROJ_ROOT

NOTEBOOKS = PROJ_ROOT / "notebooks"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Console messages that say nothing about our code: the browser's own noise.
BENIGN_CONSOLE = ("favicon.ico", "[Violation]", "Download the React DevTools")
STARTUP_TIMEOUT = 60  # seconds for JupyterLab to answer


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run in CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    """The Chromium to drive: `$CHROMIUM` if set, else /usr/bin/chromium or one on PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: where it listens and where its notebooks are."""

    url: str
    token: str
    root: Path
    log: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"


def _make_notebooks(target: Path) -> None:
    import jupytext

    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(NOTEBOOKS.glob("*.py")):
        nb = jupytext.read(source)
        nb.metadata.setdefault(
            "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
        )
        jupytext.write(nb, target / f"{source.stem}.ipynb")


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer in {STARTUP_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """Start JupyterLab on a free loopback port with a token; stop it after the session."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        _unavailable("JupyterLab is not installed")
    base = tmp_path_factory.mktemp("lab")
    root, app_settings = base / "notebooks", base / "app-settings"
    _make_notebooks(root)
    app_settings.mkdir()
    shutil.copy(DATA / "lab-overrides.json", app_settings / "overrides.json")
    port, token = _free_port(), os.urandom(16).hex()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(base / "config"),  # no personal config leaks in
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(base / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "PYTHONUNBUFFERED": "1",
    }
    log = base / "lab.log"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={app_settings}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # never asks PyPI
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI runners often run as root
    with log.open("w") as out:
        # No TTY on stdin: SIGINT then shuts the server (and its kernels) down without asking.
        proc = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=root,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/api/status?token={token}", proc, log)
        yield Lab(url=url, token=token, root=root, log=log)
    finally:
        proc.send_signal(signal.SIGINT)  # lets the server shut its kernels down
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright (the system Chromium; never `playwright install`)."""
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium found (install it with 'sudo apt-get install chromium')")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def lab_page(lab: Lab, browser: Any) -> Iterator[Any]:
    """A fresh page on `lab`; fails the test at teardown if JavaScript logged an error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.lab = lab
    page.js_errors = []

    def on_console(msg: Any) -> None:
        if msg.type == "error" and not any(b in msg.text for b in BENIGN_CONSOLE):
            page.js_errors.append(f"console.error: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda err: page.js_errors.append(f"uncaught: {err}"))
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        errors = list(page.js_errors)
        context.close()
    assert not errors, "JavaScript errors were logged:\n" + "\n".join(errors)
