"""Tidy frames behind the timeline figures: select and aggregate, never re-extract.

Each function takes the (filtered) articles tagged by `with_events` plus tables computed
once (`events`, `history_refs`), so a filter change only selects and counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.frames import require_columns
from helpers.timeline.coverage import TZ, UNKNOWN_OUTLET, coverage

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


def _event_label(participants: tuple, mode: object, place: object) -> str:
    people = " – ".join(participants) or "(nobody named)"
    bits = [b for b in (mode, place) if isinstance(b, str) and b]
    return people + (f" ({', '.join(bits)})" if bits else "")


def _codes(articles: pd.DataFrame, events: pd.DataFrame) -> np.ndarray:
    """Position of each article's event in `events` (-1: none), one string lookup per article."""
    return pd.Index(events["event_id"].astype(object)).get_indexer(
        articles["event_id"].astype(object)
    )


def timeline_frame(
    articles: pd.DataFrame,
    events: pd.DataFrame,
    *,
    max_points: int = MAX_POINTS,
    event_codes: np.ndarray | None = None,
) -> pd.DataFrame:
    """Marks for the timeline: one `event` row per dated event with articles here, one
    `article` row per article (at its publication time, or at its event's date when the
    time is unknown: `placed_at`), and `note` rows saying what was aggregated or left off
    the axis. Beyond `max_points` articles (or events), they are counted per outlet x day
    (`articles (daily)`, `events (daily)`) instead.

    Columns: `kind`, `row` (`Events` or the outlet), `x` (tz-naive Jakarta time),
    `article_id`, `event_id`, `event_date`, `n`, `label` (title / event), `detail` (evidence
    sentence), `placed_at`, `inferred`. Text is raw here; the figure escapes it.
    `event_codes` (each article's row in `events`, -1 for none) skips the id lookup.
    """
    require_columns(articles, "article_id", "outlet", "published", "event_id", what="articles")
    require_columns(events, "event_id", "date", "participants", what="events")
    codes = _codes(articles, events) if event_codes is None else np.asarray(event_codes)
    has = codes >= 0
    safe = np.where(has, codes, 0)
    ev_dates = pd.to_datetime(events["date"]).to_numpy(dtype="datetime64[ns]")
    ev_evidence = events.get("evidence", pd.Series(pd.NA, index=events.index)).astype(object)
    ev_evidence = ev_evidence.to_numpy()
    outlet = articles["outlet"].astype(object)
    published = _naive_jakarta(articles["published"]).to_numpy()
    event_date = np.where(
        has,
        ev_dates[safe] if len(ev_dates) else np.datetime64("NaT", "ns"),
        np.datetime64("NaT", "ns"),
    )
    x = np.where(pd.isna(published), event_date, published)
    own = articles.get("event_date_evidence", pd.Series(pd.NA, index=articles.index)).astype(object)
    detail = np.where(
        own.notna().to_numpy(),
        own.to_numpy(),
        np.where(has, ev_evidence[safe] if len(ev_evidence) else None, None),
    )
    joined_by = articles.get("event_joined_by", pd.Series("", index=articles.index)).astype(object)
    arts = pd.DataFrame(
        {
            "row": outlet.where(outlet.notna(), UNKNOWN_OUTLET).to_numpy(),
            "x": pd.to_datetime(x).astype("datetime64[ns]"),
            "article_id": articles["article_id"].astype(object).to_numpy(),
            "event_id": articles["event_id"].astype(object).to_numpy(),
            "event_date": pd.to_datetime(event_date).astype("datetime64[ns]"),
            "label": _titles(articles).to_numpy(),
            "detail": detail,
            "placed_at": np.where(pd.isna(x), None, np.where(pd.isna(published), "event date", "published")),
            "inferred": (joined_by == "similarity").to_numpy(),
        }
    )  # fmt: skip
    unplaced = int(arts["x"].isna().sum())
    placed = arts[arts["x"].notna()]
    notes = []
    if len(placed) > max_points:
        marks = _daily(placed, "articles (daily)", "article(s)")
        notes.append(f"{len(placed):,} articles shown as {len(marks):,} outlet × day counts")
    else:
        marks = placed.assign(kind="article", n=1)
    if unplaced:
        notes.append(f"{unplaced:,} article(s) without publication or event date not shown")

    shown = np.unique(codes[has])
    ev = events.iloc[shown]
    undated = int(ev["date"].isna().sum())
    if undated:
        notes.append(f"{undated:,} undated event(s) not on the axis")
    ev = ev[ev["date"].notna()]
    ev_rows = pd.DataFrame(
        {
            "kind": "event",
            "row": EVENTS_ROW,
            "x": pd.to_datetime(ev["date"]).astype("datetime64[ns]").to_numpy(),
            "event_id": ev["event_id"].astype(object).to_numpy(),
            "event_date": pd.to_datetime(ev["date"]).astype("datetime64[ns]").to_numpy(),
            "n": ev.get("n_articles", pd.Series(1, index=ev.index)).to_numpy(),
            "label": [_event_label(p, m, pl) for p, m, pl in zip(
                ev["participants"], ev.get("mode", [None] * len(ev)), ev.get("place", [None] * len(ev)), strict=True)],
            "detail": ev.get("evidence", pd.Series(pd.NA, index=ev.index)).astype(object).to_numpy(),
            "placed_at": "event date",
            "inferred": False,
        }
    )  # fmt: skip
    if len(ev_rows) > max_points:
        n_events = len(ev_rows)
        ev_rows = _daily(ev_rows, "events (daily)", "event(s)")
        notes.append(f"{n_events:,} events shown as {len(ev_rows):,} daily counts")
    note_rows = pd.DataFrame({"kind": "note", "label": notes})
    parts = [p for p in (ev_rows, marks[TIMELINE_COLUMNS], note_rows) if len(p)]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=TIMELINE_COLUMNS)
    out = out.reindex(columns=TIMELINE_COLUMNS)
    out["n"] = pd.to_numeric(out["n"]).fillna(0).astype("int64")
    out["inferred"] = out["inferred"].fillna(False).astype(bool)
    return out


def _daily(frame: pd.DataFrame, kind: str, unit: str) -> pd.DataFrame:
    grouped = frame.assign(day=frame["x"].dt.normalize()).groupby(["row", "day"], sort=True)
    marks = grouped.agg(n=("x", "size"), event_id=("event_id", "first")).reset_index()
    return marks.rename(columns={"day": "x"}).assign(
        kind=kind, label=[f"{n:,} {unit}" for n in marks["n"]], article_id=pd.NA,
        event_date=pd.NaT, detail=pd.NA, placed_at="day", inferred=False,
    )  # fmt: skip


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
    out = out.reset_index()
    out["outlet"] = out["outlet"].astype("string")
    return out


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
    out["examples"] = grouped["text"].agg(lambda s: tuple(s.unique()[:max_examples]))
    if "label" in frame:
        out["labels"] = grouped["label"].agg(lambda s: tuple(s.dropna().unique()))
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


@dataclass
class TimelineViews:
    """The walkthrough's views over tables computed once, cheap on every filter change.

    `articles` is the panel's base frame (tagged by `with_events`), `events` the output of
    `events`, `refs` of `history_refs`. Each method takes the filtered articles (rows of
    `articles`, as `FilterPanel` passes them) and only selects and counts: rows are found by
    index position and events by integer code, never by re-matching string ids.

    >>> import helpers
    >>> corpus = helpers.load_corpus(helpers.SEEDS)
    >>> evts = helpers.events(corpus)
    >>> views = TimelineViews(helpers.with_events(corpus.articles, evts), evts)
    >>> views.events_shown(views.articles)["n_shown"].tolist()
    [1, 1, 3]
    """

    articles: pd.DataFrame
    events: pd.DataFrame
    refs: pd.DataFrame | None = None
    max_points: int = MAX_POINTS
    max_events: int = 40
    _codes: np.ndarray = field(init=False, repr=False)
    _ids: np.ndarray = field(init=False, repr=False)
    _ref_rows: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        require_columns(self.articles, "article_id", "event_id", what="articles")
        self._codes = _codes(self.articles, self.events)
        self._ids = self.articles["article_id"].astype(object).to_numpy()
        if self.refs is not None:
            ids = pd.Index(self._ids)
            self._ref_rows = ids.get_indexer(self.refs["article_id"].astype(object))
        else:
            self._ref_rows = np.empty(0, dtype="int64")
        midnight = pd.to_datetime(self.events["date"]).dt.tz_localize(TZ)
        self._midnight = (
            midnight.to_numpy(dtype="datetime64[ns]")
            if len(midnight)
            else np.empty(0, "datetime64[ns]")
        )

    def _positions(self, articles: pd.DataFrame) -> np.ndarray:
        pos = self.articles.index.get_indexer(articles.index)
        ids = articles["article_id"].astype(object).to_numpy()
        if (pos < 0).any() or not np.array_equal(self._ids[pos], ids):
            pos = pd.Index(self._ids).get_indexer(ids)  # not rows of `articles`: match by id
        return pos

    def events_shown(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`events_for`: events with articles among these, plus `n_shown`."""
        codes = self._codes[self._positions(articles)]
        counts = np.bincount(codes[codes >= 0], minlength=len(self.events))
        out = self.events[counts > 0].copy()
        out["n_shown"] = counts[counts > 0].astype("int64")
        return out

    def timeline(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`timeline_frame` for these articles."""
        codes = self._codes[self._positions(articles)]
        return timeline_frame(articles, self.events, max_points=self.max_points, event_codes=codes)

    def coverage(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`coverage` over the `max_events` events with most articles here (the heatmap's rows)."""
        shown = self.events_shown(articles)
        top = shown.sort_values("n_shown", ascending=False, kind="stable").head(self.max_events)
        return coverage(articles, shown.loc[shown.index.isin(top.index)])

    def lag(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`lag_by_outlet` over every event with articles here, from integer codes."""
        codes = self._codes[self._positions(articles)]
        outlet = articles["outlet"].astype(object)
        frame = pd.DataFrame(
            {
                "code": codes,
                "outlet": outlet.where(outlet.notna(), UNKNOWN_OUTLET).to_numpy(),
                "published": pd.to_datetime(articles["published"], utc=True).to_numpy(),
            }
        )
        covered = frame[frame["code"] >= 0]
        first = covered.groupby(["outlet", "code"], sort=False)["published"].min().reset_index()
        event_midnight = (
            self._midnight[first["code"].to_numpy()]
            if len(first)
            else np.empty(0, "datetime64[ns]")
        )
        lag = (
            first["published"].to_numpy(dtype="datetime64[ns]") - event_midnight
        ) / np.timedelta64(1, "h")
        first = first.assign(covered=True, lag_hours=lag.astype("float64"))
        missing = sorted(set(frame["outlet"]) - set(first["outlet"]), key=str)
        if missing:
            first = pd.concat(
                [first, pd.DataFrame({"outlet": missing, "covered": False, "lag_hours": np.nan})],
                ignore_index=True,
            )
        return lag_by_outlet(first)

    def history(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`history_counts` of the references in these articles."""
        if self.refs is None:
            raise ValueError("TimelineViews was built without refs; pass refs=history_refs(...)")
        keep = np.zeros(len(self._ids), dtype=bool)
        keep[self._positions(articles)] = True
        rows = self._ref_rows
        return history_counts(self.refs[(rows >= 0) & keep[np.where(rows >= 0, rows, 0)]])
