"""02-themes runs top to bottom on corpora with nothing (or little) to show, without an error.

Each corpus gets one fresh kernel: the notebook is read with jupytext, its `parameters`
cell's `corpus_path = None` is replaced by the fixture folder (what papermill does), and
every code cell must finish without an error output. The verbs and views behind it are
also checked directly, so a failure names the function and not only the cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import helpers
from helpers._paths import PROJ_ROOT
from helpers.figures.themes import term_bars, theme_heatmap, themes_over_time
from helpers.themes.views import ThemeViews, build_panel

NOTEBOOK = PROJ_ROOT / "notebooks" / "02-themes.py"

UNDATED = {
    # no dateline, no publication line, no year: neither `published` nor `event_date`
    "a.txt": "Rusia dan Tiongkok memperkuat kerja sama di PBB dan BRICS.\n\n"
    "Kedua negara menolak hegemoni dan mendukung multilateralisme sejati.",
    "b.txt": "Taiwan adalah bagian dari China, kata juru bicara itu.\n\n"
    "Perdagangan dan energi menjadi pilar kerja sama kedua negara.",
}


def _empty(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "notes.bin").write_bytes(b"\x00\x01\x02")  # nothing the loader can read
    return root


def _one(root: Path) -> Path:
    root.mkdir(parents=True)
    seed = next(iter(sorted(helpers.SEEDS.glob("002_*.txt"))))
    shutil.copy(seed, root / seed.name)
    return root


def _undated(root: Path) -> Path:
    root.mkdir(parents=True)
    for name, text in UNDATED.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


MAKERS = {"empty": _empty, "one-article": _one, "no-dates": _undated}


@pytest.fixture(params=list(MAKERS))
def edge_folder(request, tmp_path) -> tuple[str, Path]:
    return request.param, MAKERS[request.param](tmp_path / request.param)


def test_edge_corpora_are_what_they_claim(edge_folder):
    name, folder = edge_folder
    corpus = helpers.load_corpus(folder)
    n = len(corpus.articles)
    assert n == {"empty": 0, "one-article": 1, "no-dates": 2}[name]
    if name == "no-dates":
        assert corpus.articles["published"].isna().all()
        assert corpus.articles["event_date"].isna().all()


def test_views_and_figures_on_edge_corpora(edge_folder):
    _, folder = edge_folder
    corpus = helpers.load_corpus(folder)
    views = ThemeViews.build(corpus)
    theme = views.default_theme()
    heat = views.heatmap(views.corpus, theme=theme)
    assert {"outlet", "theme", "hits", "hits_per_1000_words"} <= set(heat.columns)
    theme_heatmap(heat)
    over = views.over_time(views.corpus, theme=theme, date_field="event_date")
    assert {"period", "theme", "share_of_articles"} <= set(over.columns)
    themes_over_time(over)
    term_bars(views.top_terms(views.corpus))
    term_bars(views.top_ngrams(views.corpus), term="ngram")
    for frame in (
        views.kwic(views.corpus, theme=theme),
        views.kwic(views.corpus, theme=theme, kwic="@China"),
        views.hit_sample(views.corpus, theme=theme),
        views.matches(views.corpus, theme=theme),
    ):
        assert {"left", "match"} <= set(frame.columns) or "hits" in frame.columns
    panel = build_panel(corpus)
    assert not panel.errors.outputs
    if len(corpus.articles):
        panel.value = {"query": "kata-yang-tidak-ada"}  # filters down to nothing
        assert not panel.errors.outputs


@pytest.mark.notebook
def test_notebook_runs_on_edge_corpora(edge_folder):
    import jupytext
    from nbclient import NotebookClient

    name, folder = edge_folder
    nb = jupytext.read(NOTEBOOK)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and "corpus_path = None" in params[0].source
    params[0].source = params[0].source.replace(
        "corpus_path = None", f"corpus_path = {str(folder)!r}"
    )
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()  # raises CellExecutionError naming the cell and its traceback
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, name
