"""The 03 panel's views (precomputed arrays) give what the verbs give on the same articles."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers
from helpers.compare.views import OutletViews, build_panel


@pytest.fixture(scope="module")
def views(seeds_corpus):
    return OutletViews.build(seeds_corpus)


@pytest.fixture(scope="module")
def panel(views):
    return build_panel(views.corpus, views=views)


def _filtered(panel, **value):
    panel.value = value
    return panel.corpus


@pytest.mark.parametrize(
    "value", [{}, {"outlets": ["ANTARA", "Xinhua", "SinPo.id"]}, {"query": "Putin"}]
)
def test_outlet_reuse_matrix_equals_the_verb(panel, views, value):
    c = _filtered(panel, **value)
    ids = c.articles["article_id"]
    pairs = views.pairs[
        views.pairs["article_id_a"].isin(ids) & views.pairs["article_id_b"].isin(ids)
    ]
    expected = helpers.reuse_matrix(pairs, c, level="outlet")
    got = views.reuse(c, "outlet")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    article = views.reuse(c, "article").drop(columns="shown_of")
    pd.testing.assert_frame_equal(
        article, helpers.reuse_matrix(pairs, c, level="article"), check_dtype=False
    )


@pytest.mark.parametrize("outlet", ["ANTARA", "Xinhua", "Suara.com"])
def test_keyness_equals_the_verb(panel, views, outlet):
    c = _filtered(panel)
    expected = helpers.keyness(c.articles, outlet, min_count=views.min_count)
    got = views.keyness(c, outlet).drop(columns=["target", "reference"])
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_filter_to_nothing_and_back_shows_no_errors(panel):
    panel.value = {"query": "no such words anywhere"}
    panel.value = {}
    assert not panel.errors.outputs
    assert "<b>5</b> of 5" in panel.count.value


def test_pairs_outside_the_date_window_are_not_compared(seeds_corpus, seed_ids):
    wide = helpers.align_sentences(seeds_corpus, window_days=None, same_event=False)
    assert helpers.align_sentences(seeds_corpus).equals(wide)  # the default window keeps all
    narrow = helpers.align_sentences(seeds_corpus, window_days=0)
    # 001 (published 22 January) and 003 (event date 21 January) are a day apart; 000 has
    # no date, so it is still compared with both
    between = {seed_ids["001"], seed_ids["003"]}
    apart = wide["article_id_a"].isin(between) & wide["article_id_b"].isin(between)
    assert apart.any()
    # the same rows; the text categories differ (each result lists the texts its pairs use)
    pd.testing.assert_frame_equal(
        narrow, wide[~apart].reset_index(drop=True), check_categorical=False
    )


@pytest.mark.parametrize("value", [{}, {"outlets": ["ANTARA", "Suara.com", "SinPo.id"]}])
def test_wire_claims_equal_the_verb(panel, views, value):
    c = _filtered(panel, **value)
    ids = c.articles["article_id"]
    pairs = views.pairs[
        views.pairs["article_id_a"].isin(ids) & views.pairs["article_id_b"].isin(ids)
    ]
    pd.testing.assert_frame_equal(
        views.wire_claims(c), helpers.wire_derivation(pairs, c), check_dtype=False
    )


@pytest.mark.parametrize("value", [{}, {"outlets": ["ANTARA", "Xinhua"]}, {"query": "Lavrov"}])
def test_voices_equal_the_verb(panel, views, value):
    c = _filtered(panel, **value)
    q = views.quotes[views.quotes["article_id"].isin(c.articles["article_id"])]
    pd.testing.assert_frame_equal(
        views.voices(c), helpers.voice_shares(q, c.articles), check_dtype=False
    )


@pytest.mark.parametrize("value", [{}, {"outlets": ["ANTARA", "Xinhua"]}, {"query": "Putin"}])
def test_profiles_equal_the_verb(panel, views, value):
    c = _filtered(panel, **value)
    events = views.events
    present = c.articles["event_id"].dropna().unique()
    coverage = helpers.coverage(c.articles, events[events["event_id"].isin(present)])
    hits = views.theme_article_counts
    themes = helpers.theme_counts(hits[hits["article_id"].isin(c.articles["article_id"])],
                                  c.articles, by="outlet")  # fmt: skip
    expected = helpers.outlet_profiles(c.articles, coverage=coverage, theme_counts=themes)
    pd.testing.assert_frame_equal(views.profiles(c), expected, check_dtype=False)


@pytest.mark.parametrize("level", ["article", "outlet"])
def test_passages_equal_the_verb(panel, views, level):
    c = _filtered(panel)
    for _, (lvl, a, b) in views.pair_options():
        if lvl != level:
            continue
        expected = helpers.shared_passages(views.pairs, c, a, b, level=level)
        got = views.passages(c, (level, a, b))
        pd.testing.assert_frame_equal(got, expected[got.columns.tolist()], check_dtype=False)


def test_naming_bars_unchanged_by_the_lookup(views, panel):
    from helpers.figures.outlets import naming_bars

    fig = naming_bars(views.naming_choices(_filtered(panel)))
    names = {t.name for t in fig.data}
    assert any("Tiongkok" in n for n in names) and any(": China" in n for n in names)


@pytest.mark.parametrize("read_below", [0.0, 2.0])  # every row set weighted, or read out
@pytest.mark.parametrize("batch", [3, 1 << 17])  # read out in many pieces, or in one
def test_term_sums_read_either_way(views, monkeypatch, read_below, batch):
    import numpy as np

    import helpers.frames
    from helpers.compare import views as module

    monkeypatch.setattr(module, "_READ_ROWS_BELOW", read_below)
    monkeypatch.setattr(helpers.frames, "BATCH_ROWS", batch)
    monkeypatch.setattr(module, "_PIECE_WIDTHS", 0)
    dense = views.term_matrix.toarray()
    row_sets = [np.array([], dtype=np.int64), np.array([1]), np.array([0, 2, 4]), np.arange(5)]
    for rows, got in zip(row_sets, views._row_sums(*row_sets), strict=True):
        np.testing.assert_array_equal(got, dense[rows].sum(axis=0))
