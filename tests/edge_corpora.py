"""Small corpora with little or nothing to show, and a runner that executes a notebook on one.

Every walkthrough must run top to bottom on these with clear "nothing to show" states:
an empty corpus (no loadable file), a one-article corpus, and one where no article has a date.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import helpers

UNDATED = {
    # no dateline, no timestamp, no year, no weekday date: neither `published` nor `event_date`
    "a.txt": "Rusia dan Tiongkok memperkuat kerja sama di PBB dan BRICS.\n\n"
    "Kedua negara menolak hegemoni dan mendukung multilateralisme sejati, kata Putin.",
    "b.txt": "Taiwan adalah bagian dari China, kata juru bicara itu.\n\n"
    "Perdagangan dan energi menjadi pilar kerja sama kedua negara.",
}


def _empty(root: Path) -> Path:
    (root / "notes.bin").write_bytes(b"\x00\x01\x02")  # nothing the loader can read
    return root


def _one(root: Path) -> Path:
    seed = sorted(helpers.SEEDS.glob("002_*.txt"))[0]
    shutil.copy(seed, root / seed.name)
    return root


def _undated(root: Path) -> Path:
    for name, text in UNDATED.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


MAKERS = {"empty": _empty, "one-article": _one, "no-dates": _undated}
EXPECTED_ARTICLES = {"empty": 0, "one-article": 1, "no-dates": 2}


def make(name: str, root: Path) -> Path:
    """Write the edge corpus `name` under `root` and return its folder."""
    folder = root / name
    folder.mkdir(parents=True)
    return MAKERS[name](folder)


def run_notebook(path: Path, *, corpus_path: Path | None = None, timeout: int = 300):
    """Execute a jupytext notebook in a fresh kernel, as papermill would with `corpus_path` set.

    Returns the executed notebook; raises `CellExecutionError` naming the failing cell.
    """
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(path)
    if corpus_path is not None:
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and "corpus_path = None" in params[0].source, path.name
        params[0].source = params[0].source.replace(
            "corpus_path = None", f"corpus_path = {str(corpus_path)!r}"
        )
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
    client.execute()
    return nb


def error_outputs(nb) -> list:
    """Error outputs, and tracebacks a widget callback printed (they land on stderr)."""
    outputs = [
        out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
    ]
    return [out for out in outputs if out.get("output_type") == "error"
            or (out.get("name") == "stderr" and "Traceback" in out.get("text", ""))]  # fmt: skip
