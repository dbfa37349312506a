"""theme_counts and with_themes: denominators, zeros, missing groups, re-aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.errors import InvalidValue
from helpers.themes import article_theme_counts, theme_counts, theme_hits, with_themes

THEMES = pd.CategoricalDtype(["taiwan", "wwii"])


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "outlet": pd.array(["X", "X", None], dtype="string"),
            "published": pd.to_datetime(["2025-01-06 10:00", "2025-01-15 23:30", None]).tz_localize(
                "Asia/Jakarta"
            ),
            "n_words": [100, 300, 50],
        }
    )


@pytest.fixture
def hits() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "c"],
            "theme": pd.Categorical(["taiwan", "taiwan", "wwii", "taiwan"], dtype=THEMES),
        }
    )


def test_by_outlet_literal(hits, articles):
    got = theme_counts(hits, articles, by="outlet")
    expected = pd.DataFrame(
        {
            "outlet": ["(unknown outlet)", "(unknown outlet)", "X", "X"],
            "theme": pd.Categorical(["taiwan", "wwii", "taiwan", "wwii"], dtype=THEMES),
            "label": ["Taiwan", "Second World War memory and anniversaries"] * 2,
            "hits": [1, 0, 2, 1],
            "words": [50, 50, 400, 400],
            "hits_per_1000_words": [20.0, 0.0, 5.0, 2.5],
            "articles": [1, 1, 2, 2],
            "articles_with_theme": [1, 0, 1, 1],
            "share_of_articles": [1.0, 0.0, 0.5, 0.5],
        }
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_by_article_has_zero_rows(hits, articles):
    got = theme_counts(hits, articles, by="article")
    assert len(got) == 3 * 2
    row = got[(got["article_id"] == "b") & (got["theme"] == "taiwan")].iloc[0]
    assert (row["hits"], row["articles"], row["share_of_articles"]) == (0, 1, 0.0)


def test_by_period_weekly_keeps_undated_and_fills_gaps(hits, articles):
    got = theme_counts(hits, articles, by="period", freq="W")
    periods = list(got["period"].drop_duplicates())
    assert periods[:2] == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]
    assert pd.isna(periods[-1])  # article c has no date: its own row, not dropped
    undated = got[got["period"].isna() & (got["theme"] == "taiwan")].iloc[0]
    assert (undated["hits"], undated["articles"]) == (1, 1)
    assert got.groupby("theme", observed=True)["hits"].sum().to_dict() == {"taiwan": 3, "wwii": 1}


def test_monthly_gap_months_have_no_articles(articles, hits):
    arts = articles.assign(
        published=pd.to_datetime(["2025-01-06", "2025-03-15", None]).tz_localize("Asia/Jakarta")
    )
    got = theme_counts(hits, arts, by="period", freq="M")
    feb = got[got["period"] == pd.Timestamp("2025-02-01")]
    assert len(feb) == 2 and (feb["articles"] == 0).all() and feb["share_of_articles"].isna().all()


def test_outlet_and_period_together(hits, articles):
    got = theme_counts(hits, articles, by=["outlet", "period"], freq="M")
    assert list(got.columns[:3]) == ["outlet", "period", "theme"]
    assert got["hits"].sum() == 4


def test_filtered_articles_restrict_the_counts(hits, articles):
    got = theme_counts(hits, articles[articles["article_id"] == "a"], by="outlet")
    assert got["hits"].sum() == 2 and set(got["outlet"]) == {"X"}


def test_precounted_input_gives_the_same_result(hits, articles):
    per_article = theme_counts(hits, articles, by="article")
    for by in ("outlet", "period", ["outlet", "period"]):
        pd.testing.assert_frame_equal(
            theme_counts(per_article, articles, by=by), theme_counts(hits, articles, by=by)
        )


def test_article_theme_counts(hits):
    got = article_theme_counts(hits)
    assert got.astype({"theme": str}).values.tolist() == [
        ["a", "taiwan", 2],
        ["b", "wwii", 1],
        ["c", "taiwan", 1],
    ]


def test_bad_options(hits, articles):
    with pytest.raises(
        InvalidValue, match=r"by='nope' is not valid; expected 'article', 'period' or a column"
    ):
        theme_counts(hits, articles, by="nope")
    with pytest.raises(
        InvalidValue, match=r"freq='H' is not valid; expected one of \['D', 'W', 'M', 'Q', 'Y'\]"
    ):
        theme_counts(hits, articles, by="period", freq="H")
    with pytest.raises(
        helpers.errors.MissingColumns, match=r"articles \(date_field='event_date'\) lacks"
    ):
        theme_counts(hits, articles, by="period", date_field="event_date")


def test_inputs_not_mutated(hits, articles):
    h, a = hits.copy(), articles.copy()
    theme_counts(hits, articles, by=["outlet", "period"])
    with_themes(articles, hits)
    pd.testing.assert_frame_equal(hits, h)
    pd.testing.assert_frame_equal(articles, a)


def test_with_themes_and_filter_articles(seeds_corpus, seed_ids):
    hits = theme_hits(seeds_corpus)
    arts = helpers.with_themes(seeds_corpus.articles, hits)
    themes = dict(zip(arts["article_id"], arts["themes"], strict=True))
    assert "taiwan" in themes[seed_ids["000"]] and "taiwan" not in themes[seed_ids["002"]]
    assert themes[seed_ids["002"]].index("multilateral") == 0  # lexicon order
    picked = helpers.filter_articles(arts, themes=["taiwan"])
    assert set(picked["article_id"]) == {seed_ids[k] for k in ("000", "001", "003")}
    assert with_themes(seeds_corpus.articles.iloc[:1], hits.iloc[:0])["themes"].tolist() == [()]


def test_seed_counts_by_outlet(seeds_corpus):
    counts = theme_counts(theme_hits(seeds_corpus), seeds_corpus.articles, by="outlet")
    assert len(counts) == 5 * 11  # every outlet x every theme, zeros included
    unknown = counts[(counts["outlet"] == "(unknown outlet)") & (counts["theme"] == "taiwan")].iloc[
        0
    ]
    assert unknown["hits"] == 2 and unknown["articles"] == 1  # 003 has no outlet: kept, labelled
    assert counts.groupby("outlet")["words"].first().sum() == seeds_corpus.articles["n_words"].sum()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from(["taiwan", "wwii"])), max_size=30),
    st.lists(st.sampled_from(["X", "Y", None]), min_size=4, max_size=4),
)
def test_shares_are_proportions_and_hits_add_up(pairs, outlets):
    arts = pd.DataFrame(
        {"article_id": list("abcd"), "outlet": outlets, "n_words": [10, 20, 30, 40]}
    )
    hits = pd.DataFrame(pairs, columns=["article_id", "theme"]).astype({"theme": THEMES})
    got = theme_counts(hits, arts, by="outlet")
    assert got["hits"].sum() == len(hits)
    assert ((got["share_of_articles"] >= 0) & (got["share_of_articles"] <= 1)).all()
    assert got.groupby("theme", observed=True)["articles"].sum().eq(4).all()
    assert np.allclose(got["hits_per_1000_words"], got["hits"] / got["words"] * 1000)
