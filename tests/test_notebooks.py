"""Every walkthrough notebook runs top to bottom in a fresh kernel: on the seeds (the docs stay
true), and on corpora with nothing or little to show (clear empty states, never an exception)."""

from __future__ import annotations

import pytest
from edge_corpora import EXPECTED_ARTICLES, MAKERS, error_outputs, make, run_notebook

import helpers
from helpers._paths import PROJ_ROOT

NOTEBOOKS = sorted((PROJ_ROOT / "notebooks").glob("*.py"))


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path):
    assert not error_outputs(run_notebook(path))


@pytest.mark.notebook
@pytest.mark.parametrize("corpus", list(MAKERS))
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_edge_corpora(path, corpus, tmp_path):
    folder = make(corpus, tmp_path)
    assert not error_outputs(run_notebook(path, corpus_path=folder, timeout=180))


@pytest.mark.parametrize("corpus", list(MAKERS))
def test_edge_corpora_are_what_they_claim(corpus, tmp_path):
    articles = helpers.load_articles(make(corpus, tmp_path))
    assert len(articles) == EXPECTED_ARTICLES[corpus]
    if corpus == "no-dates":
        assert articles["published"].isna().all() and articles["event_date"].isna().all()
        assert articles["published_year"].isna().all()
