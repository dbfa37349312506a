"""Outlet profiles: one row per outlet, the numbers a comparison starts from."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.compare._common import NO_OUTLET
from helpers.frames import require_columns
from helpers.text import count_words

PROFILE_COLUMNS = [
    "outlet", "n_articles", "n_words", "median_words", "first_published", "last_published",
    "n_events", "events_total", "median_lag_hours", "lag_from", "lag_articles",
]  # fmt: skip
THEME_SHARE_COLUMNS = [
    "outlet", "theme", "label", "articles_with_theme", "articles", "share_of_articles", "hits",
    "words", "hits_per_1000_words",
]  # fmt: skip
# Labels other helpers give articles without an outlet; one label here.
_UNKNOWN_LABELS = ("(unknown)", "(unknown outlet)", "(no outlet)")


def _relabel(outlets: pd.Series) -> pd.Series:
    return (
        outlets.astype("string")
        .fillna(NO_OUTLET)
        .replace(dict.fromkeys(_UNKNOWN_LABELS, NO_OUTLET))
    )


def outlet_theme_shares(theme_counts: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and theme, the share of the outlet's articles that carry the theme.

    `theme_counts` is `helpers.theme_counts(hits, articles, by="outlet")`. Returns
    `THEME_SHARE_COLUMNS`: `articles_with_theme` over `articles` (the denominator: all the
    outlet's articles) = `share_of_articles`, and `hits` over `words` x 1000.
    """
    require_columns(
        theme_counts, "outlet", "theme", "articles", "articles_with_theme", what="theme_counts"
    )
    out = theme_counts.assign(outlet=_relabel(theme_counts["outlet"]).to_numpy())
    if "share_of_articles" not in out:
        out["share_of_articles"] = out["articles_with_theme"] / out["articles"].where(
            out["articles"] > 0
        )
    for col in ("label", "hits", "words", "hits_per_1000_words"):
        if col not in out:
            out[col] = pd.NA
    return out[THEME_SHARE_COLUMNS].reset_index(drop=True)


def outlet_profiles(
    articles: pd.DataFrame,
    *,
    events: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    theme_counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per outlet of `articles` (missing outlets as `(unknown outlet)`).

    Columns: `outlet`, `n_articles`, `n_words`, `median_words`, `first_published`,
    `last_published`; `n_events` (events the outlet covered) of `events_total` (events in the
    comparison: the denominator); `median_lag_hours` (median over covered events of the hours
    from the event date's midnight, Asia/Jakarta, to the outlet's first report), `lag_from`
    (`coverage`, or `articles` when only the articles' own `event_date`/`published` were
    available) and `lag_articles` (how many values the median is over). Pass `coverage`
    (`helpers.coverage(articles, events)`) or `events` (coverage is then computed); without
    either, events are counted from `articles.event_id` if present, else from distinct
    `event_date`s. With `theme_counts` (`helpers.theme_counts(..., by="outlet")`) the columns
    `top_theme`, `top_theme_articles`, `top_theme_share` are added (see
    `outlet_theme_shares` for every theme).
    """
    require_columns(articles, "article_id", "outlet", what="articles")
    label = _relabel(articles["outlet"])
    words = articles["n_words"] if "n_words" in articles else articles["text"].map(count_words)
    published = (
        pd.to_datetime(articles["published"], utc=True).dt.tz_convert("Asia/Jakarta")
        if "published" in articles
        else pd.Series(pd.NaT, index=articles.index, dtype="datetime64[ns, Asia/Jakarta]")
    )
    base = pd.DataFrame(
        {"outlet": label.to_numpy(), "words": words.to_numpy(), "published": published.to_numpy()}
    )
    grouped = base.groupby("outlet", sort=True)
    out = pd.DataFrame(
        {
            "n_articles": grouped.size(),
            "n_words": grouped["words"].sum().astype("int64"),
            "median_words": grouped["words"].median(),
            "first_published": grouped["published"].min(),
            "last_published": grouped["published"].max(),
        }
    )
    if coverage is None and events is not None:
        import helpers

        coverage = helpers.coverage(articles, events)
    if coverage is not None:
        require_columns(coverage, "event_id", "outlet", "covered", "lag_hours", what="coverage")
        cov = coverage.assign(outlet=_relabel(coverage["outlet"]).to_numpy())
        hit = cov[cov["covered"].astype(bool)]
        out["n_events"] = hit.groupby("outlet")["event_id"].nunique().reindex(out.index).fillna(0)
        out["events_total"] = cov["event_id"].nunique()
        lags = hit.dropna(subset=["lag_hours"]).groupby("outlet")["lag_hours"]
        out["median_lag_hours"] = lags.median().reindex(out.index)
        out["lag_articles"] = lags.size().reindex(out.index).fillna(0)
        out["lag_from"] = "coverage"
    else:
        key = (
            articles["event_id"].astype("string")
            if "event_id" in articles
            else pd.to_datetime(articles.get("event_date", pd.Series(pd.NaT, index=articles.index)))
            .dt.strftime("%Y-%m-%d")
            .astype("string")
        )
        base["event"] = key.to_numpy()
        out["n_events"] = (
            base.dropna(subset=["event"])
            .groupby("outlet")["event"]
            .nunique()
            .reindex(out.index)
            .fillna(0)
        )
        out["events_total"] = base["event"].dropna().nunique()
        lag = _article_lags(articles, published)
        base["lag"] = lag.to_numpy()
        lags = base.dropna(subset=["lag"]).groupby("outlet")["lag"]
        out["median_lag_hours"] = lags.median().reindex(out.index)
        out["lag_articles"] = lags.size().reindex(out.index).fillna(0)
        out["lag_from"] = "articles"
    for col in ("n_events", "events_total", "lag_articles"):
        out[col] = out[col].astype("int64")
    out = out.reset_index(names="outlet")[PROFILE_COLUMNS]
    if theme_counts is not None:
        shares = outlet_theme_shares(theme_counts)
        top = (
            shares.sort_values(
                ["outlet", "share_of_articles", "theme"], ascending=[True, False, True]
            )
            .drop_duplicates("outlet")
            .set_index("outlet")
        )
        out["top_theme"] = out["outlet"].map(top["theme"]).astype("string")
        out["top_theme_articles"] = out["outlet"].map(top["articles_with_theme"])
        out["top_theme_share"] = out["outlet"].map(top["share_of_articles"]).astype("float64")
    return out


def _article_lags(articles: pd.DataFrame, published: pd.Series) -> pd.Series:
    """Hours from each article's event-date midnight (Asia/Jakarta) to its publication."""
    if "event_date" not in articles:
        return pd.Series(np.nan, index=articles.index)
    midnight = pd.to_datetime(articles["event_date"]).dt.tz_localize("Asia/Jakarta")
    return ((published - midnight) / pd.Timedelta(hours=1)).astype("float64")
