"""Outlet profiles from literal frames, with and without timeline and themes inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.compare import outlet_profiles, outlet_theme_shares


def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "outlet": pd.array(["X", "X", None], dtype="string"),
            "n_words": [100, 300, 50],
            "published": pd.to_datetime(
                ["2025-01-22 02:00+07:00", "2025-01-23 12:00+07:00", None], utc=True
            ).tz_convert("Asia/Jakarta"),
            "event_date": pd.to_datetime(["2025-01-21", "2025-01-21", "2024-04-09"]),
        }
    )


def test_profiles_from_articles_alone():
    prof = outlet_profiles(articles()).set_index("outlet")
    assert list(prof.index) == ["(unknown outlet)", "X"]
    x = prof.loc["X"]
    assert (x["n_articles"], x["n_words"], x["median_words"]) == (2, 400, 200.0)
    assert (x["n_events"], x["events_total"]) == (1, 2)
    # lags 26 h and 60 h from the 2025-01-21 midnight (Jakarta): median 43
    assert x["median_lag_hours"] == pytest.approx(43.0)
    assert (x["lag_from"], x["lag_articles"]) == ("articles", 2)
    assert pd.isna(prof.loc["(unknown outlet)", "median_lag_hours"])


def test_profiles_from_coverage_and_theme_counts():
    coverage = pd.DataFrame(
        {
            "event_id": ["e1", "e1", "e2", "e2"],
            "outlet": ["X", "(unknown outlet)", "X", "(unknown outlet)"],
            "covered": [True, False, True, True],
            "lag_hours": [26.0, float("nan"), 10.0, float("nan")],
        }
    )
    themes = pd.DataFrame(
        {
            "outlet": ["X", "X", "(unknown)", "(unknown)"],
            "theme": ["taiwan", "wwii", "taiwan", "wwii"],
            "articles": [2, 2, 1, 1],
            "articles_with_theme": [1, 2, 0, 1],
        }
    )
    prof = outlet_profiles(articles(), coverage=coverage, theme_counts=themes).set_index("outlet")
    x, u = prof.loc["X"], prof.loc["(unknown outlet)"]
    assert (x["n_events"], x["events_total"], x["median_lag_hours"]) == (2, 2, 18.0)
    assert (u["n_events"], u["lag_articles"]) == (1, 0)
    assert x["lag_from"] == "coverage"
    assert (x["top_theme"], x["top_theme_articles"], x["top_theme_share"]) == ("wwii", 2, 1.0)
    assert u["top_theme"] == "wwii"
    shares = outlet_theme_shares(themes)
    assert set(shares["outlet"]) == {"X", "(unknown outlet)"}
    assert shares["share_of_articles"].tolist() == [0.5, 1.0, 0.0, 1.0]


def test_does_not_mutate_input():
    frame = articles()
    before = frame.copy()
    outlet_profiles(frame)
    pd.testing.assert_frame_equal(frame, before)
