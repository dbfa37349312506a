"""Corpus overview verbs: what the corpus holds before any analysis (counts over time)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from helpers.filters import DATE_FIELDS, TIMEZONE
from helpers.frames import require_choice, require_columns

Freq = Literal["day", "week", "month", "quarter", "year"]
_PERIOD = ("day", "week", "month", "quarter", "year")


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
    dates = articles[date_field]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    # Integer arrays and one sort, no per-row Python: a filter change re-aggregates 100,000
    # articles. NaT is the int64 minimum, so `valid` drops undated articles.
    stamps = dates.to_numpy(dtype="datetime64[ns]")
    valid = ~np.isnat(stamps)
    stamps = stamps[valid]
    columns = ["period", "period_end", "outlet", "articles", "titles"]
    if not len(stamps):
        dtypes = ["datetime64[ns]", "datetime64[ns]", "object", "int64", "object"]
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(columns, dtypes, strict=True)})
    starts, ends = _period_bounds(stamps, freq)
    outlet = articles["outlet"].to_numpy(dtype=object, na_value=None)[valid]
    codes, names = pd.factorize(outlet, sort=True)  # missing outlets: -1
    codes = np.where(codes < 0, len(names), codes)  # ... sorted last, as groupby sorts NaN
    period_codes, periods = pd.factorize(starts, sort=True)
    key = period_codes.astype(np.int64) * (len(names) + 1) + codes
    order = np.lexsort((stamps.view(np.int64), key))  # by group, oldest first within it
    key_sorted = key[order]
    first = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
    counts = np.diff(np.r_[first, len(key_sorted)])
    group_of = np.repeat(np.arange(len(first)), counts)
    rank = np.arange(len(key_sorted)) - first[group_of]
    # Titles for hover text: a few per bar, not all (100,000 titles cost more than they say).
    shown = order[rank < max_titles]
    shown_group = group_of[rank < max_titles]
    if "title" in articles:
        raw = articles["title"].to_numpy(dtype=object, na_value=None)[valid][shown]
    else:
        raw = [""] * len(shown)
    titles: list[list[str]] = [[] for _ in range(len(first))]
    for g, title in zip(shown_group.tolist(), raw, strict=True):
        titles[g].append("" if title is None else str(title))
    group_keys = key_sorted[first]
    outlet_code = group_keys % (len(names) + 1)
    outlets = np.append(np.asarray(names, dtype=object), None)[outlet_code]
    period_index = group_keys // (len(names) + 1)
    group_ends = pd.factorize(ends, sort=True)[1]  # the same order as the starts
    out = pd.DataFrame(
        {
            "period": periods[period_index],
            "period_end": group_ends[period_index],
            "outlet": pd.array(outlets, dtype=articles["outlet"].dtype)
            if isinstance(articles["outlet"].dtype, pd.StringDtype)
            else outlets,
            "articles": counts.astype("int64"),
            "titles": [tuple(t) for t in titles],
        }
    )
    return out[columns]


def _period_bounds(stamps: np.ndarray, freq: str) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """The start and the next start of each date's period (weeks start on Monday)."""
    if freq == "week":
        days = stamps.astype("datetime64[D]").view(np.int64)
        monday = days - (days + 3) % 7  # 1970-01-01 was a Thursday
        start = monday.astype("datetime64[D]")
        return _ns(start), _ns(start + np.timedelta64(7, "D"))
    if freq == "quarter":
        months = stamps.astype("datetime64[M]").view(np.int64)
        start = (months - months % 3).astype("datetime64[M]")
        return _ns(start), _ns(start + np.timedelta64(3, "M"))
    unit = {"day": "D", "month": "M", "year": "Y"}[freq]
    start = stamps.astype(f"datetime64[{unit}]")
    return _ns(start), _ns(start + np.timedelta64(1, unit))


def _ns(days: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(days.astype("datetime64[ns]"))
