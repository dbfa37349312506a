"""Corpus overview verbs: what the corpus holds before any analysis (counts over time)."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from helpers.filters import DATE_FIELDS, TIMEZONE
from helpers.frames import require_choice, require_columns

Freq = Literal["day", "week", "month", "quarter", "year"]
_PERIOD = {"day": "D", "week": "W-MON", "month": "M", "quarter": "Q", "year": "Y"}


def articles_over_time(
    articles: pd.DataFrame,
    *,
    date_field: Literal["published", "event_date"] = "published",
    freq: Freq = "month",
    max_titles: int = 8,
) -> pd.DataFrame:
    """Count articles per outlet and period; undated articles are left out.

    Returns one row per (period, outlet) with columns `period` (tz-naive start of the period,
    Jakarta time), `period_end` (start of the next period), `outlet` (missing stays
    missing), `articles` (count) and `titles` (the first `max_titles` titles counted, oldest first).
    Weeks start on Monday.

    >>> frame = pd.DataFrame({"outlet": ["ANTARA", "ANTARA", None],
    ...     "title": ["a", "b", "c"],
    ...     "event_date": pd.to_datetime(["2024-04-09", "2024-04-30", None])})
    >>> articles_over_time(frame, date_field="event_date")[["period", "outlet", "articles"]]
          period  outlet  articles
    0 2024-04-01  ANTARA         2
    """
    require_choice("date_field", date_field, DATE_FIELDS)
    require_choice("freq", freq, _PERIOD)
    require_columns(articles, date_field, "outlet", what="articles")
    dates = pd.to_datetime(articles[date_field], errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    titles = articles["title"] if "title" in articles else pd.Series("", index=articles.index)
    work = pd.DataFrame({"date": dates, "outlet": articles["outlet"], "title": titles})
    work = work[work["date"].notna()].sort_values("date", kind="stable")
    columns = ["period", "period_end", "outlet", "articles", "titles"]
    if work.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(
                    columns, ["datetime64[ns]", "object", "int64", "object"], strict=True
                )
            }
        )
    periods = work["date"].dt.to_period(_PERIOD[freq])
    work["period"] = periods.dt.start_time
    work["period_end"] = (periods + 1).dt.start_time
    keys = ["period", "period_end", "outlet"]
    counts = work.groupby(keys, dropna=False, sort=True).size().rename("articles")
    # Titles for hover text: a few per bar, not all (100,000 titles cost more than they say).
    sample = work.groupby(keys, dropna=False, sort=False).head(max_titles)
    group = sample.groupby(keys, dropna=False, sort=True).ngroup().to_numpy()  # = counts' order
    titles: list[list[str]] = [[] for _ in range(len(counts))]
    for g, title in zip(group, sample["title"].tolist(), strict=True):
        titles[g].append("" if title is None or pd.isna(title) else str(title))
    out = counts.reset_index()
    out["titles"] = [tuple(t) for t in titles]
    out["articles"] = out["articles"].astype("int64")
    return out[columns]
