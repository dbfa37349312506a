"""The walkthrough's views: precomputed once, filtered by the panel, driven by the theme control."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import pytest

import helpers
from helpers.figures.themes import term_bars, theme_heatmap, themes_over_time
from helpers.themes import kwic, ngrams, term_counts, theme_counts
from helpers.themes.views import ThemeViews


@pytest.fixture(scope="module")
def views(seeds_corpus) -> ThemeViews:
    return ThemeViews.build(seeds_corpus)


def test_build_adds_themes_for_the_panel_filter(views, seed_ids):
    arts = views.corpus.articles.set_index("article_id")
    assert "taiwan" in arts.loc[seed_ids["000"], "themes"]
    picked = helpers.filter_articles(views.corpus.articles, themes=["anti_hegemony"])
    assert list(picked["article_id"]) == [seed_ids["002"]]


def test_views_equal_the_verbs_on_a_subset(views, seeds_corpus, seed_ids):
    sub = views.corpus.subset([seed_ids["000"], seed_ids["004"]])
    got = views.heatmap(sub, theme="taiwan")
    direct = theme_counts(views.hits, sub.articles, by="outlet")
    pd.testing.assert_frame_equal(got.drop(columns="selected"), direct)
    assert set(got.loc[got["selected"], "theme"].astype(str)) == {"taiwan"}
    cols = ["term", "count", "articles"]
    pd.testing.assert_frame_equal(views.top_terms(sub)[cols], term_counts(sub, top=20)[cols])
    cols = ["ngram", "n", "count", "articles"]
    pd.testing.assert_frame_equal(views.top_ngrams(sub)[cols], ngrams(sub, n=2, top=20)[cols])
    pd.testing.assert_frame_equal(views.top_ngrams(sub, n=3)[cols], ngrams(sub, n=3, top=20)[cols])
    assert views.top_terms(sub.subset([])).empty


@pytest.mark.parametrize("batch", [1, 50])
def test_term_sums_in_small_pieces(views, seeds_corpus, seed_ids, batch, monkeypatch):
    """Summed a few rows at a time, top terms and bigrams are still the verbs' (cells too)."""
    import helpers.frames
    from helpers.themes.views import CountTable

    monkeypatch.setattr(helpers.frames, "BATCH_ROWS", batch)
    cell_sums = []
    summed = CountTable._cell_sum
    monkeypatch.setattr(
        CountTable, "_cell_sum", lambda self, cells: cell_sums.append(1) or summed(self, cells)
    )
    for names in SUBSETS:
        sub = views.corpus.subset([seed_ids[n] for n in names])
        cols = ["term", "count", "articles"]
        pd.testing.assert_frame_equal(views.top_terms(sub)[cols], term_counts(sub, top=20)[cols])
        cols = ["ngram", "n", "count", "articles"]
        pd.testing.assert_frame_equal(views.top_ngrams(sub)[cols], ngrams(sub, n=2, top=20)[cols])
    assert cell_sums  # some subsets are read from the pre-summed cells


def test_kwic_view_follows_theme_or_query(views, seeds_corpus, seed_ids):
    by_theme = views.kwic(seeds_corpus, theme="taiwan")
    assert set(by_theme["match"]) == {"Taiwan", "kemerdekaan Taiwan"}
    by_query = views.kwic(seeds_corpus, theme="taiwan", kwic="@China")
    assert "Tiongkok" in set(by_query["match"])
    sub = seeds_corpus.subset([seed_ids["002"]])
    assert views.kwic(sub, theme="taiwan").empty  # precomputed hits, restricted to the filter
    assert len(views.kwic(seeds_corpus, theme="multilateral")) == len(
        kwic(seeds_corpus, "multilateral")
    )


def test_validation_views(views, seeds_corpus):
    sample = views.hit_sample(seeds_corpus, theme="strengthening", n=5)
    assert len(sample) == 5 and set(sample.columns) >= {"pattern", "left", "match", "right"}
    assert views.hit_sample(seeds_corpus, theme="strengthening", n=5).equals(sample)  # seeded
    matches = views.matches(seeds_corpus, theme="strengthening")
    assert matches.iloc[0][["pattern", "match"]].tolist() == ["~kuat", "memperkuat"]
    assert matches["hits"].sum() == (views.hits["theme"] == "strengthening").sum()


def test_over_time_uses_the_date_field(views, seeds_corpus):
    counts = views.over_time(seeds_corpus, theme="wwii", date_field="event_date")
    assert counts["period"].dropna().min() == pd.Timestamp("2022-12-01")
    assert counts["period"].isna().any()  # 000 has no event date: kept, not placed


def test_panel_drives_every_view(views, seed_ids):
    panel = helpers.FilterPanel(
        views.corpus, date_field="event_date", lexicon_version=views.lexicon.version
    )
    theme = panel.add_control(
        "theme", widgets.Dropdown(options=views.theme_options(), value="multilateral")
    )
    panel.add_control("kwic", widgets.Text(value=""))
    heat = panel.add_view("theme-heatmap", views.heatmap, theme_heatmap, controls=("theme",))
    panel.add_view(
        "themes-over-time", views.over_time, themes_over_time, controls=("theme", "date_field")
    )
    terms = panel.add_view("top-terms", views.top_terms, term_bars)
    table = panel.add_table("kwic", views.kwic, controls=("theme", "kwic"))
    assert not panel.errors.outputs
    assert heat.layout.shapes[0].y0 == -0.5
    assert "kemerdekaan Taiwan" not in table.value

    theme.value = "taiwan"
    assert heat.layout.shapes[0].y0 == 0.5
    assert "kemerdekaan Taiwan" in table.value

    panel.value = {"outlets": ["Xinhua"]}
    assert list(heat.data[0].x) == ["Xinhua"]
    assert "Nothing to show" in table.value  # 002 never mentions Taiwan
    assert "rusia" in list(terms.data[0].y)
    panel.value = {"themes": ["taiwan"]}
    assert len(panel.articles) == 3
    assert not panel.errors.outputs


SUBSETS = [("000", "004"), ("001", "002", "003"), ("000",), ("000", "001", "002", "003", "004")]


@pytest.mark.parametrize("names", SUBSETS, ids=["-".join(s) for s in SUBSETS])
@pytest.mark.parametrize("date_field", ["published", "event_date"])
def test_fast_views_equal_the_verbs(views, seed_ids, names, date_field):
    """The panel's array paths give exactly the frames of the public verbs."""
    from helpers.themes.counts import match_summary

    sub = views.corpus.subset([seed_ids[n] for n in names])
    for freq in ("M", "D"):
        got = views.over_time(sub, date_field=date_field, freq=freq).drop(columns="selected")
        direct = theme_counts(
            views.hits, sub.articles, by="period", freq=freq, date_field=date_field
        )
        pd.testing.assert_frame_equal(got, direct)
    got = views.heatmap(sub).drop(columns="selected")
    pd.testing.assert_frame_equal(got, theme_counts(views.hits, sub.articles, by="outlet"))
    hits = views.hits[views.hits["article_id"].isin(sub.articles["article_id"])]
    for theme in ("taiwan", "strengthening", "cooperation"):
        fast = views.matches(sub, theme=theme)
        slow = match_summary(hits, theme=theme)
        assert fast.astype(str).values.tolist() == slow.astype(str).values.tolist()
        k = views.kwic(sub, theme=theme)
        ref = kwic(sub, theme, window=6, sort="right")
        assert k[["article_id", "left", "match", "right"]].values.tolist() == (
            ref[["article_id", "left", "match", "right"]].values.tolist()
        )


def test_subset_is_lazy_and_equal_to_corpus_subset(views, seeds_corpus, seed_ids):
    ids = [seed_ids["001"], seed_ids["003"]]
    sub = views.corpus.subset(ids)
    real = seeds_corpus.subset(ids)
    assert sub.articles["article_id"].tolist() == real.articles["article_id"].tolist()
    pd.testing.assert_frame_equal(sub.sentences, real.sentences)
    assert len(sub.removed) == len(real.removed)
    assert sub.subset([seed_ids["001"], seed_ids["000"]]).articles["article_id"].tolist() == [
        seed_ids["001"]
    ]


def test_typed_query_scans_in_chunks(views, seeds_corpus, monkeypatch):
    from helpers.themes.views import _QueryScan

    monkeypatch.setattr(_QueryScan, "FIRST_CHUNK", 7)  # several chunks over the seeds
    views._cache.pop(("query", "kerja sama"), None)
    got = views.kwic(views.corpus, kwic="kerja sama", limit=1000)
    ref = kwic(seeds_corpus, "kerja sama", window=6, sort="right", by="pattern")
    assert got["match"].tolist() == ref["match"].tolist()
    assert len(views.kwic(views.corpus, kwic="kerja sama", limit=3)) == 3


def test_build_panel_is_the_notebook_panel(views, seeds_corpus, seed_ids):
    from helpers.themes.views import build_panel

    panel = build_panel(seeds_corpus, views=views)
    assert list(panel.views) == ["theme-heatmap", "themes-over-time", "top-terms", "top-bigrams",
                                 "kwic", "theme-matches", "theme-hit-sample"]  # fmt: skip
    assert panel.theme_views is views and panel.value["date_field"] == "event_date"
    panel._controls["theme"].value = "taiwan"
    assert "kemerdekaan Taiwan" in panel.views["kwic"].value
    panel.value = {"outlets": ["Xinhua"]}
    assert list(panel.views["theme-heatmap"].data[0].x) == ["Xinhua"]
    panel._controls["kwic"].value = "@China"
    assert "Tiongkok" not in panel.views["kwic"].value  # Xinhua writes "China"
    panel.value = {}
    assert "Tiongkok" in panel.views["kwic"].value
    assert not panel.errors.outputs


@pytest.mark.parametrize("names", SUBSETS[:3], ids=["-".join(s) for s in SUBSETS[:3]])
def test_cell_sums_equal_article_sums(views, seed_ids, names):
    """Pre-summed cells (outlet x language x month) give the article-by-article totals."""
    table = views.terms
    mask = views.mask(views.corpus.subset([seed_ids[n] for n in names]))
    assert table._cells  # built
    fast = table.total_mask(mask, top=None)
    slow = table.total(views.index[mask].to_series(), top=None)
    pd.testing.assert_frame_equal(fast, slow)
    cells = dict(table._cells)
    table._cells.clear()
    try:
        pd.testing.assert_frame_equal(table.total_mask(mask, top=None), slow)
    finally:
        table._cells.update(cells)
