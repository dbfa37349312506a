"""03-outlets runs top to bottom, with "nothing to show" states, on awkward corpora (issue 7):
an empty corpus, a one-article corpus and a corpus where no article has a date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers._paths import PROJ_ROOT

NOTEBOOK = PROJ_ROOT / "notebooks" / "03-outlets.py"
UNDATED = [
    "Presiden Joko Widodo bertemu Perdana Menteri Jepang di Jakarta untuk membahas kerja sama "
    "perdagangan dan investasi kedua negara. Kedua pemimpin sepakat memperkuat hubungan "
    '"strategis" dan membuka pasar baru. "Kami ingin kerja sama ini berlanjut," kata Jokowi.',
    "Perdana Menteri Jepang bertemu Presiden Joko Widodo di Jakarta untuk membahas kerja sama "
    "perdagangan dan investasi kedua negara. Pertemuan berlangsung tertutup selama dua jam "
    "dan Tiongkok tidak disebut dalam pernyataan bersama.",
]


def _empty(folder: Path) -> Path:
    (folder / "notes.bin").write_bytes(b"\x00\x01\x02")  # nothing here is an article
    return folder


def _one(folder: Path) -> Path:
    shutil.copy(PROJ_ROOT / "seeds" / "001_4d87d62ba9b3d208.txt", folder)
    return folder


def _undated(folder: Path) -> Path:
    for i, text in enumerate(UNDATED):
        (folder / f"undated-{i}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def _run(folder: Path) -> list:
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(NOTEBOOK)
    cell = next(c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
    assert "corpus_path = None" in cell.source
    cell.source = cell.source.replace("corpus_path = None", f"corpus_path = {str(folder)!r}")
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()  # raises CellExecutionError naming the cell and the traceback
    return [out for c in nb.cells if c.cell_type == "code" for out in c.get("outputs", [])]


@pytest.mark.notebook
@pytest.mark.parametrize("make", [_empty, _one, _undated], ids=["empty", "one", "undated"])
def test_notebook_runs_on_edge_corpus(make, tmp_path):
    (tmp_path / "corpus").mkdir()
    folder = make(tmp_path / "corpus")
    outputs = _run(folder)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # errors raised inside widget callbacks land in the panel's Output widget, as stderr
    stderr = [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not [o for o in stderr if "Traceback" in o.get("text", "")]


def test_views_on_edge_corpora(tmp_path):
    """The views' frames keep their columns when there is nothing to show."""
    import helpers
    from helpers.compare.views import KWIC_COLUMNS, build_panel

    for make in (_empty, _one, _undated):
        folder = tmp_path / make.__name__
        folder.mkdir()
        panel = build_panel(helpers.load_corpus(make(folder)))
        assert not panel.errors.outputs, panel.errors.outputs
        views = panel.outlet_views
        c = panel.corpus
        assert list(views.in_context(c, "")) == KWIC_COLUMNS
        for name in ("profiles", "wire_claims", "voices", "direct_quotes", "naming_choices"):
            assert isinstance(getattr(views, name)(c), type(views.pairs)), name
        assert {"a", "b", "share_a"} <= set(views.reuse(c, "outlet").columns)
        panel.value = {"query": "tidak ada kata seperti ini"}  # filters down to nothing
        assert not panel.errors.outputs, panel.errors.outputs
