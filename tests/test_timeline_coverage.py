"""Coverage per event and outlet, with lags from the event to the first report."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.timeline import UNKNOWN_OUTLET, coverage, events


@pytest.fixture(scope="module")
def seed_coverage(seeds_corpus):
    return coverage(seeds_corpus.articles, events(seeds_corpus))


def test_one_row_per_event_and_outlet(seed_coverage):
    assert len(seed_coverage) == 3 * 5
    assert set(seed_coverage["outlet"]) == {
        "ANTARA",
        "SinPo.id",
        "Suara.com",
        "Xinhua",
        UNKNOWN_OUTLET,
    }
    assert not seed_coverage.duplicated(["event_id", "outlet"]).any()


def test_seed_coverage_rows(seed_coverage):
    covered = seed_coverage[seed_coverage["covered"]]
    assert covered[["event_id", "outlet", "n_articles", "n_inferred"]].values.tolist() == [
        ["2022-12-30-vladimir-putin-xi-jinping", "Xinhua", 1, 0],
        ["2024-04-09-sergey-lavrov-xi-jinping", "ANTARA", 1, 0],
        ["2025-01-21-vladimir-putin-xi-jinping", UNKNOWN_OUTLET, 1, 0],
        ["2025-01-21-vladimir-putin-xi-jinping", "SinPo.id", 1, 0],
        ["2025-01-21-vladimir-putin-xi-jinping", "Suara.com", 1, 1],
    ]
    uncovered = seed_coverage[~seed_coverage["covered"]]
    assert (uncovered["n_articles"] == 0).all() and uncovered["lag_hours"].isna().all()


def test_sinpo_lag(seed_coverage):
    row = seed_coverage.set_index(["event_id", "outlet"]).loc[
        ("2025-01-21-vladimir-putin-xi-jinping", "SinPo.id")
    ]
    assert row["first_published"] == pd.Timestamp("2025-01-22 02:08", tz="Asia/Jakarta")
    assert row["last_published"] == row["first_published"]
    assert row["lag_hours"] == pytest.approx(26 + 8 / 60)
    assert round(row["lag_hours"], 2) == 26.13


def test_covered_but_time_unknown_has_nan_lag(seed_coverage):
    row = seed_coverage.set_index(["event_id", "outlet"]).loc[
        ("2024-04-09-sergey-lavrov-xi-jinping", "ANTARA")
    ]
    assert row["covered"] and pd.isna(row["first_published"]) and math.isnan(row["lag_hours"])


def test_filtered_articles_give_filtered_coverage(seeds_corpus):
    evs = events(seeds_corpus)
    only_sinpo = seeds_corpus.articles[seeds_corpus.articles["outlet"] == "SinPo.id"]
    out = coverage(only_sinpo, evs)
    assert out["outlet"].unique().tolist() == ["SinPo.id"]
    assert out["n_articles"].tolist() == [0, 0, 1]


def test_literal_lags_and_timezones():
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "outlet": ["X", "X", "Y"],
            "published": pd.to_datetime(
                ["2025-01-21 10:00+07:00", "2025-01-21 03:00Z", "2025-01-20 20:00+07:00"], utc=True
            ),
        }
    )
    evs = pd.DataFrame({"event_id": ["e"], "date": [pd.Timestamp("2025-01-21")],
                        "article_ids": [("a", "b", "c")], "inferred_article_ids": [()]})  # fmt: skip
    out = coverage(articles, evs).set_index("outlet")
    assert out.loc["X", "first_published"] == pd.Timestamp("2025-01-21 10:00", tz="Asia/Jakarta")
    assert out.loc["X", "last_published"] == pd.Timestamp("2025-01-21 10:00", tz="Asia/Jakarta")
    assert out.loc["X", "lag_hours"] == pytest.approx(10.0)
    assert out.loc["Y", "lag_hours"] == pytest.approx(-4.0)  # published before the event day began


def test_does_not_mutate(seeds_corpus):
    articles = seeds_corpus.articles.copy(deep=True)
    evs = events(seeds_corpus)
    before = evs.copy(deep=True)
    coverage(seeds_corpus.articles, evs)
    pd.testing.assert_frame_equal(seeds_corpus.articles, articles)
    pd.testing.assert_frame_equal(evs, before)


def test_needs_outlet_and_published():
    with pytest.raises(KeyError, match=r"articles lacks column\(s\) \['outlet', 'published'\]"):
        coverage(pd.DataFrame({"article_id": ["a"]}), pd.DataFrame())


def test_tagged_articles_give_the_same_coverage(seeds_corpus):
    from helpers.timeline import with_events

    evs = events(seeds_corpus)
    tagged = with_events(seeds_corpus.articles, evs)
    pd.testing.assert_frame_equal(coverage(tagged, evs), coverage(seeds_corpus.articles, evs))
