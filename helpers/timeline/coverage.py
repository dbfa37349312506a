"""Who covered which event, and how long after it happened."""

from __future__ import annotations

import pandas as pd

from helpers.frames import require_columns
from helpers.timeline.group import event_members

TZ = "Asia/Jakarta"
UNKNOWN_OUTLET = "(unknown outlet)"
COVERAGE_COLUMNS = [
    "event_id", "date", "outlet", "n_articles", "n_inferred", "covered", "first_published",
    "last_published", "lag_hours",
]  # fmt: skip


def _jakarta(published: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(published)
    if getattr(stamps.dt, "tz", None) is None:
        return stamps.dt.tz_localize(TZ)  # tz-naive stamps are read as Jakarta time
    return stamps.dt.tz_convert(TZ)


def coverage(
    articles: pd.DataFrame, events: pd.DataFrame, *, unknown_outlet: str = UNKNOWN_OUTLET
) -> pd.DataFrame:
    """One row per event x outlet, including outlets that did not cover an event.

    Membership comes from `events` (or, faster, from `event_id`/`event_joined_by` columns when
    `articles` went through `with_events`). Outlets are those present in `articles`; an article without an outlet is counted under
    `unknown_outlet` rather than dropped. Events are every row of `events` (restrict them
    first to show fewer); an event's articles missing from `articles` are ignored, so
    passing a filtered frame gives the filtered coverage.

    Columns: `event_id`, `date`, `outlet`, `n_articles` (incl. inferred), `n_inferred`,
    `covered` (`n_articles > 0`), `first_published`/`last_published` (Asia/Jakarta, NaT when
    not covered or no article states a time), `lag_hours` (from the event date's midnight in
    Asia/Jakarta to the first publication; NaN when either is unknown; negative when an
    article predates its event, e.g. an announcement).

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", None],
    ...     "published": pd.to_datetime(["2025-01-22 02:08+07:00", None], utc=True)})
    >>> evs = pd.DataFrame({"event_id": ["e"], "date": [pd.Timestamp("2025-01-21")],
    ...     "article_ids": [("a",)], "inferred_article_ids": [()]})
    >>> coverage(arts, evs)[["outlet", "n_articles", "covered", "lag_hours"]].round(2).values.tolist()
    [['(unknown outlet)', 0, False, nan], ['X', 1, True, 26.13]]
    """
    require_columns(articles, "article_id", "outlet", "published", what="articles")
    require_columns(
        events, "event_id", "date", "article_ids", "inferred_article_ids", what="events"
    )
    outlet = articles["outlet"].astype(object)
    arts = pd.DataFrame(
        {
            "article_id": articles["article_id"].to_numpy(),
            "outlet": outlet.where(outlet.notna(), unknown_outlet).to_numpy(),
            "published": _jakarta(articles["published"]).to_numpy(),
        }
    )
    arts["published"] = pd.to_datetime(arts["published"], utc=True).dt.tz_convert(TZ)
    if {"event_id", "event_joined_by"} <= set(articles.columns):
        # Tagged by `with_events`: membership is already on the rows (cheap on every redraw).
        joined = arts.assign(
            event_id=articles["event_id"].to_numpy(),
            event_joined_by=articles["event_joined_by"].to_numpy(),
        )
        joined = joined[joined["event_id"].isin(events["event_id"])]
    else:
        members = event_members(events)[["article_id", "event_id", "event_joined_by"]]
        joined = members.merge(arts, on="article_id", how="inner")
    joined["inferred"] = joined["event_joined_by"] == "similarity"
    stats = joined.groupby(["event_id", "outlet"], sort=False).agg(
        n_articles=("article_id", "size"),
        n_inferred=("inferred", "sum"),
        first_published=("published", "min"),
        last_published=("published", "max"),
    )
    outlets = sorted(set(arts["outlet"]), key=str)
    grid = pd.MultiIndex.from_product(
        [events["event_id"].astype(str).tolist(), outlets], names=["event_id", "outlet"]
    )
    out = stats.reindex(grid).reset_index()
    out["n_articles"] = out["n_articles"].fillna(0).astype("int64")
    out["n_inferred"] = out["n_inferred"].fillna(0).astype("int64")
    out["covered"] = out["n_articles"] > 0
    dates = dict(zip(events["event_id"].astype(str), pd.to_datetime(events["date"]), strict=True))
    out["date"] = pd.to_datetime(out["event_id"].map(dates))
    midnight = out["date"].dt.tz_localize(TZ)
    for col in ("first_published", "last_published"):
        out[col] = (
            pd.to_datetime(out[col], utc=True).dt.tz_convert(TZ).astype(f"datetime64[ns, {TZ}]")
        )
    out["lag_hours"] = ((out["first_published"] - midnight) / pd.Timedelta(hours=1)).astype(
        "float64"
    )
    out["event_id"] = out["event_id"].astype("string")
    out["outlet"] = out["outlet"].astype("string")
    order = {e: i for i, e in enumerate(events["event_id"].astype(str))}
    out = out.sort_values(
        ["event_id", "outlet"], key=lambda s: s.map(order) if s.name == "event_id" else s
    )
    return out[COVERAGE_COLUMNS].reset_index(drop=True)
