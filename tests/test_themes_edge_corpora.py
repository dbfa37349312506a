"""The themes views and figures on corpora with nothing (or little) to show, without an error.

The notebook runs on the same corpora in tests/test_notebooks.py; checking the views here
too means a failure names the function, not only the cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from edge_corpora import MAKERS, make

import helpers
from helpers.figures.themes import term_bars, theme_heatmap, themes_over_time
from helpers.themes.views import ThemeViews, build_panel


@pytest.fixture(params=list(MAKERS))
def edge_folder(request, tmp_path) -> tuple[str, Path]:
    return request.param, make(request.param, tmp_path)


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
