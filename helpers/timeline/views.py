"""Tidy frames behind the timeline figures: select and aggregate, never re-extract.

Each function takes the (filtered) articles tagged by `with_events` plus tables computed
once (`events`, `history_refs`), so a filter change only selects and counts.
"""

from __future__ import annotations

import pandas as pd

from helpers.frames import require_columns
from helpers.timeline.coverage import TZ, UNKNOWN_OUTLET

MAX_POINTS = 3000  # beyond this many articles the timeline shows outlet x day counts
EVENTS_ROW = "Events"
TIMELINE_COLUMNS = [
    "kind", "row", "x", "article_id", "event_id", "event_date", "n", "label", "detail",
    "placed_at", "inferred",
]  # fmt: skip


def _naive_jakarta(stamps: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(stamps)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert(TZ).dt.tz_localize(None)
    return stamps.astype("datetime64[ns]")


def _titles(articles: pd.DataFrame) -> pd.Series:
    ids = articles["article_id"].astype(object)
    if "title" not in articles:
        return ids
    titles = articles["title"].astype(object)
    return titles.where(titles.notna() & (titles.astype(str).str.strip() != ""), ids)


def _event_label(ev: pd.Series) -> str:
    people = " – ".join(ev["participants"]) or "(nobody named)"
    bits = [b for b in (ev.get("mode"), ev.get("place")) if isinstance(b, str) and b]
    return f"{people}" + (f" ({', '.join(bits)})" if bits else "")


def timeline_frame(
    articles: pd.DataFrame, events: pd.DataFrame, *, max_points: int = MAX_POINTS
) -> pd.DataFrame:
    """Marks for the timeline: one `event` row per dated event with articles here, one
    `article` row per article (at its publication time, or at its event's date when the
    time is unknown: `placed_at`), or `articles (daily)` rows counting outlet x day when
    there are more than `max_points` articles, and `note` rows saying what was aggregated
    or left off the axis.

    Columns: `kind`, `row` (`Events` or the outlet), `x` (tz-naive Jakarta time), `event_id`,
    `event_date`, `n`, `label` (title / event), `detail` (evidence sentence), `placed_at`,
    `inferred`. Text is raw here; the figure escapes it.
    """
    require_columns(articles, "article_id", "outlet", "published", "event_id", what="articles")
    require_columns(events, "event_id", "date", "participants", what="events")
    ev = events[events["event_id"].isin(articles["event_id"].dropna())]
    dates = dict(zip(events["event_id"].astype(str), pd.to_datetime(events["date"]), strict=True))
    arts = pd.DataFrame(
        {
            "row": articles["outlet"]
            .astype(object)
            .where(articles["outlet"].notna(), UNKNOWN_OUTLET),
            "published": _naive_jakarta(articles["published"]),
            "article_id": articles["article_id"].astype(object),
            "event_id": articles["event_id"].astype(object),
            "label": _titles(articles),
            "inferred": articles.get("event_joined_by", pd.Series("", index=articles.index))
            == "similarity",
        }
    )
    arts["event_date"] = pd.to_datetime(arts["event_id"].map(dates)).astype("datetime64[ns]")
    arts["x"] = arts["published"].fillna(arts["event_date"])
    arts["placed_at"] = (
        arts["published"]
        .notna()
        .map({True: "published", False: "event date"})
        .where(arts["x"].notna())
    )
    # The article's own date sentence; else the sentence its event was read from.
    ev_evidence = (
        events["evidence"] if "evidence" in events else pd.Series(pd.NA, index=events.index)
    )
    by_event = dict(zip(events["event_id"].astype(str), ev_evidence, strict=True))
    own = articles.get("event_date_evidence", pd.Series(pd.NA, index=articles.index))
    arts["detail"] = own.astype(object).where(own.notna(), arts["event_id"].map(by_event))
    unplaced = int(arts["x"].isna().sum())
    placed = arts[arts["x"].notna()]
    notes = []
    if len(placed) > max_points:
        grouped = placed.assign(day=placed["x"].dt.normalize()).groupby(["row", "day"], sort=True)
        marks = grouped.agg(n=("x", "size"), event_id=("event_id", "first")).reset_index()
        marks = marks.rename(columns={"day": "x"}).assign(
            kind="articles (daily)", label=marks["n"].map(lambda n: f"{n:,} article(s)"),
            article_id=pd.NA, event_date=pd.NaT, detail=pd.NA, placed_at="day", inferred=False,
        )  # fmt: skip
        notes.append(f"{len(placed):,} articles shown as {len(marks):,} outlet × day counts")
    else:
        marks = placed.assign(kind="article", n=1)
    if unplaced:
        notes.append(f"{unplaced:,} article(s) without publication or event date not shown")
    undated = int(
        events.loc[events["event_id"].isin(articles["event_id"].dropna()), "date"].isna().sum()
    )
    if undated:
        notes.append(f"{undated:,} undated event(s) not on the axis")
    ev_rows = pd.DataFrame(
        {
            "kind": "event",
            "row": EVENTS_ROW,
            "x": pd.to_datetime(ev["date"]).astype("datetime64[ns]"),
            "event_id": ev["event_id"].astype(object),
            "event_date": pd.to_datetime(ev["date"]).astype("datetime64[ns]"),
            "n": ev.get("n_articles", 1),
            "label": ev.apply(_event_label, axis=1) if len(ev) else pd.Series(dtype=object),
            "detail": ev.get("evidence", pd.NA),
            "placed_at": "event date",
            "inferred": False,
        }
    )
    ev_rows = ev_rows[ev_rows["x"].notna()]
    note_rows = pd.DataFrame({"kind": "note", "label": notes})
    parts = [p for p in (ev_rows, marks[TIMELINE_COLUMNS], note_rows) if len(p)]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=TIMELINE_COLUMNS)
    out = out.reindex(columns=TIMELINE_COLUMNS)
    out["n"] = pd.to_numeric(out["n"]).fillna(0).astype("int64")
    out["inferred"] = out["inferred"].fillna(False).astype(bool)
    return out


def lag_by_outlet(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: events covered, events with a known lag, median and fastest lag in hours.

    >>> cov = pd.DataFrame({"outlet": ["A", "A", "B"], "covered": [True, True, False],
    ...                     "lag_hours": [2.0, 6.0, float("nan")]})
    >>> lag_by_outlet(cov).values.tolist()
    [['A', 2, 2, 4.0, 2.0], ['B', 0, 0, nan, nan]]
    """
    require_columns(coverage, "outlet", "covered", "lag_hours", what="coverage")
    grouped = coverage.groupby("outlet", sort=True)
    out = pd.DataFrame(
        {
            "events_covered": grouped["covered"].sum().astype("int64"),
            "events_timed": grouped["lag_hours"].count().astype("int64"),
            "median_lag_hours": grouped["lag_hours"].median(),
            "min_lag_hours": grouped["lag_hours"].min(),
        }
    )
    return out.reset_index()


def history_counts(refs: pd.DataFrame, *, max_examples: int = 3) -> pd.DataFrame:
    """References per referenced year and kind: `year` (<NA> = unknown), `kind`, `n_refs`,
    `n_articles`, `examples` (tuple of distinct texts as written), `labels`.

    >>> refs = pd.DataFrame({"article_id": ["a", "b"], "kind": ["war", "war"],
    ...     "text": ["Perang Dunia II", "PD II"], "year": pd.array([1945, 1945], dtype="Int64"),
    ...     "label": ["Perang Dunia II"] * 2})
    >>> history_counts(refs)[["year", "kind", "n_refs", "n_articles"]].values.tolist()
    [[1945, 'war', 2, 2]]
    """
    require_columns(refs, "article_id", "kind", "text", "year", what="history_refs")
    cols = ["year", "kind", "n_refs", "n_articles", "examples", "labels"]
    if refs.empty:
        return pd.DataFrame(columns=cols)
    frame = refs.assign(year=refs["year"].astype("Int64"))
    grouped = frame.groupby(["year", "kind"], dropna=False, sort=True)
    out = grouped.agg(
        n_refs=("text", "size"),
        n_articles=("article_id", "nunique"),
    )
    out["examples"] = grouped["text"].apply(lambda s: tuple(dict.fromkeys(s))[:max_examples])
    if "label" in frame:
        out["labels"] = grouped["label"].apply(lambda s: tuple(dict.fromkeys(s.dropna())))
    else:
        out["labels"] = [()] * len(out)
    out = out.reset_index()
    out["year"] = out["year"].astype("Int64")
    return out[cols]


def events_for(articles: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The events with at least one article in `articles` (tagged by `with_events`), with
    `n_shown`, the number of those articles; the input's columns and order otherwise."""
    require_columns(articles, "event_id", what="articles")
    require_columns(events, "event_id", what="events")
    shown = articles["event_id"].dropna().value_counts()
    out = events[events["event_id"].isin(shown.index)].copy()
    out["n_shown"] = out["event_id"].map(shown).astype("int64")
    return out
