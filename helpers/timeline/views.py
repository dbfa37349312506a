"""Tidy frames behind the timeline figures: select and aggregate, never re-extract.

Each function takes the (filtered) articles tagged by `with_events` plus tables computed
once (`events`, `history_refs`), so a filter change only selects and counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.frames import require_columns
from helpers.timeline.coverage import COVERAGE_COLUMNS, TZ, UNKNOWN_OUTLET, coverage

MAX_POINTS = 1500  # beyond this many articles (or events) the timeline shows counts per period
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


PERIODS: tuple[tuple[str, str], ...] = (
    ("day", "daily"), ("week", "weekly"), ("month", "monthly"), ("quarter", "quarterly"),
    ("year", "yearly"),
)  # fmt: skip


def _period_bins(x: np.ndarray, period: str) -> np.ndarray:
    """Integer bin of each (non-NaT) datetime64[ns] for a period; weeks start on Monday."""
    days = x.astype("datetime64[D]").astype("int64")
    if period == "day":
        return days
    if period == "week":
        return (days + 3) // 7  # 1970-01-01 was a Thursday: bin 0 starts Monday 1969-12-29
    months = x.astype("datetime64[M]").astype("int64")
    if period == "month":
        return months
    return months // 3 if period == "quarter" else months // 12


def _bin_start(bins: np.ndarray, period: str) -> np.ndarray:
    if period == "day":
        return bins.astype("datetime64[D]").astype("datetime64[ns]")
    if period == "week":
        return (bins * 7 - 3).astype("datetime64[D]").astype("datetime64[ns]")
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    return (bins * months).astype("datetime64[M]").astype("datetime64[ns]")


def _aggregate(
    rows: np.ndarray, names: np.ndarray, x: np.ndarray, max_points: int
) -> tuple[str, str, np.ndarray, np.ndarray, np.ndarray]:
    """Count marks per row x period, at the finest period giving at most `max_points` marks
    (else the one giving fewest). `rows` are integer codes into `names`; returns
    (period, adjective, row names, period starts, counts)."""
    best = None
    for period, adjective in PERIODS:
        bins = _period_bins(x, period)
        lo = int(bins.min())
        width = int(bins.max()) - lo + 1
        cells = np.bincount(rows * width + (bins - lo), minlength=len(names) * width)
        found = int(np.count_nonzero(cells))
        if best is None or found < best[0]:
            best = (found, period, adjective, cells, lo, width)
        if found <= max_points:
            best = (found, period, adjective, cells, lo, width)
            break
    _found, period, adjective, cells, lo, width = best
    hit = np.flatnonzero(cells)
    return period, adjective, names[hit // width], _bin_start(hit % width + lo, period), cells[hit]


def _aggregated_marks(
    kind: str, unit: str, codes: np.ndarray, names: np.ndarray, x: np.ndarray, max_points: int
) -> tuple[pd.DataFrame, str]:
    """Counts per row x period as timeline rows (`kind` e.g. `articles (weekly)`); `codes`
    index `names`, the rows."""
    period, adjective, rows, starts, n = _aggregate(codes, names, x, max_points)
    what = {"day": "day", "week": "week of", "month": "month", "quarter": "quarter from",
            "year": "year"}[period]  # fmt: skip
    stamp = "%Y" if period == "year" else ("%Y-%m" if period == "month" else "%Y-%m-%d")
    labels = [
        f"{c:,} {unit} · {what} {pd.Timestamp(d):{stamp}}" for c, d in zip(n, starts, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "kind": f"{kind} ({adjective})", "row": rows.astype(object), "x": starts,
            "article_id": None, "event_id": None, "event_date": np.datetime64("NaT", "ns"),
            "n": n.astype("int64"), "label": labels, "detail": None, "placed_at": period,
            "inferred": False,
        }
    )  # fmt: skip
    return frame, period


def _article_marks(articles: pd.DataFrame, events: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
    """One timeline row per article (before placing or aggregating), columns as the frame's."""
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
    return pd.DataFrame(
        {
            "kind": "article",
            "row": outlet.where(outlet.notna(), UNKNOWN_OUTLET).to_numpy(),
            "x": pd.to_datetime(x).astype("datetime64[ns]"),
            "article_id": articles["article_id"].astype(object).to_numpy(),
            "event_id": articles["event_id"].astype(object).to_numpy(),
            "event_date": pd.to_datetime(event_date).astype("datetime64[ns]"),
            "n": 1,
            "label": _titles(articles).to_numpy(),
            "detail": detail,
            "placed_at": np.where(pd.isna(x), None, np.where(pd.isna(published), "event date", "published")),
            "inferred": (joined_by == "similarity").to_numpy(),
        }
    )  # fmt: skip


def _event_marks(events: pd.DataFrame) -> pd.DataFrame:
    """One timeline row per event (dated or not), columns as the frame's."""
    dates = pd.to_datetime(events["date"]).astype("datetime64[ns]").to_numpy()
    return pd.DataFrame(
        {
            "kind": "event",
            "row": EVENTS_ROW,
            "x": dates,
            "article_id": None,
            "event_id": events["event_id"].astype(object).to_numpy(),
            "event_date": dates,
            "n": events.get("n_articles", pd.Series(1, index=events.index)).to_numpy(),
            "label": [_event_label(p, m, pl) for p, m, pl in zip(
                events["participants"], events.get("mode", [None] * len(events)),
                events.get("place", [None] * len(events)), strict=True)],
            "detail": events.get("evidence", pd.Series(pd.NA, index=events.index)).astype(object).to_numpy(),
            "placed_at": "event date",
            "inferred": False,
        },
        columns=TIMELINE_COLUMNS,
    )  # fmt: skip


def _compose(
    art_marks: pd.DataFrame,
    picked: np.ndarray,
    codes: np.ndarray,
    ev_marks: pd.DataFrame,
    *,
    max_points: int,
    rows: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """The timeline frame from per-article rows (`picked` positions into `art_marks`) and
    per-event rows: only the arrays needed are read when there is aggregating to do.
    `rows` is `pd.factorize(art_marks["row"])`, when already known."""
    x_all = art_marks["x"].to_numpy()
    x = x_all[picked]
    placed = ~np.isnat(x)
    unplaced = int(len(x) - placed.sum())
    notes = []
    if int(placed.sum()) > max_points:
        row_codes, row_names = rows if rows is not None else pd.factorize(art_marks["row"])
        marks, period = _aggregated_marks(
            "articles", "article(s)", np.asarray(row_codes)[picked][placed],
            np.asarray(row_names, dtype=object), x[placed], max_points,
        )  # fmt: skip
        notes.append(
            f"{int(placed.sum()):,} articles shown as {len(marks):,} outlet × {period} counts"
        )
    else:
        marks = art_marks.iloc[picked[placed]]
    if unplaced:
        notes.append(f"{unplaced:,} article(s) without publication or event date not shown")

    shown = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(ev_marks)))
    ev_x = ev_marks["x"].to_numpy()[shown]
    undated = int(np.isnat(ev_x).sum())
    if undated:
        notes.append(f"{undated:,} undated event(s) not on the axis")
    dated = shown[~np.isnat(ev_x)]
    if len(dated) > max_points:
        ev_rows, period = _aggregated_marks(
            "events", "event(s)", np.zeros(len(dated), dtype="int64"),
            np.array([EVENTS_ROW], dtype=object), ev_x[~np.isnat(ev_x)], max_points,
        )  # fmt: skip
        notes.append(
            f"{len(dated):,} events shown as {len(ev_rows):,} {PERIODS_ADJ[period]} counts"
        )
    else:
        ev_rows = ev_marks.iloc[dated]
    note_rows = pd.DataFrame({"kind": "note", "label": notes})
    parts = [p for p in (ev_rows, marks, note_rows) if len(p)]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=TIMELINE_COLUMNS)
    out = out.reindex(columns=TIMELINE_COLUMNS)
    out["n"] = pd.to_numeric(out["n"]).fillna(0).astype("int64")
    out["inferred"] = out["inferred"].astype(object).fillna(False).astype(bool)
    return out


PERIODS_ADJ = dict(PERIODS)


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
    the axis. Beyond `max_points` articles (or events), they are counted per outlet x period
    instead (kind `articles (daily)`, `articles (weekly)`, ... `events (monthly)`): the
    finest of day, week, month, quarter, year that gives at most `max_points` marks.

    Columns: `kind`, `row` (`Events` or the outlet), `x` (tz-naive Jakarta time; a count's
    period start), `article_id`, `event_id`, `event_date`, `n`, `label` (title / event),
    `detail` (evidence sentence), `placed_at` (or the period of a count), `inferred`. Text is
    raw here; the figure escapes it. `event_codes` (each article's row in `events`, -1 for
    none) skips the id lookup.
    """
    require_columns(articles, "article_id", "outlet", "published", "event_id", what="articles")
    require_columns(events, "event_id", "date", "participants", what="events")
    codes = _codes(articles, events) if event_codes is None else np.asarray(event_codes)
    art_marks = _article_marks(articles, events, codes)
    return _compose(
        art_marks, np.arange(len(art_marks)), codes, _event_marks(events), max_points=max_points
    )


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
    out["n_refs"] = out["n_refs"].astype("int64")
    out["n_articles"] = out["n_articles"].astype("int64")
    for col in ("examples", "labels"):  # tuples, not an inferred Arrow list type
        out[col] = pd.Series([tuple(v) for v in out[col]], index=out.index, dtype=object)
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


_NAT = np.iinfo("int64").min  # datetime64's NaT as int64


@dataclass
class TimelineViews:
    """The walkthrough's views over tables computed once, cheap on every filter change.

    `articles` is the panel's base frame (tagged by `with_events`), `events` the output of
    `events`, `refs` of `history_refs`. Each method takes the filtered articles (rows of
    `articles`, as `FilterPanel` passes them) and only selects and counts: per-article
    arrays (event code, outlet code, publication time, timeline mark) are built here once,
    rows are found by index position (checked once per filtered frame, then remembered), and
    every count is a numpy `bincount` or `minimum.at` over integer codes. Each method returns
    the same frame as the plain verb on the same articles (`timeline_frame`, `events_for`,
    `coverage`, `lag_by_outlet`, `history_counts`); `coverage` keeps the `max_events` events
    with most articles here (the heatmap's rows).

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

    def __post_init__(self) -> None:
        require_columns(self.articles, "article_id", "outlet", "published", "event_id", what="articles")  # fmt: skip
        require_columns(self.events, "event_id", "date", "participants", what="events")
        arts, evs = self.articles, self.events
        self._codes = _codes(arts, evs)
        self._ids = arts["article_id"].astype(object).to_numpy()
        self._id_index = pd.Index(self._ids)
        self._last: tuple[pd.DataFrame, np.ndarray] | None = None
        # Outlets as codes into their names sorted as `coverage` sorts them.
        outlet = arts["outlet"].astype(object)
        outlet = outlet.where(outlet.notna(), UNKNOWN_OUTLET).astype(str)
        self._outlet_names = np.array(sorted(set(outlet), key=str), dtype=object)
        self._outlet = pd.Index(self._outlet_names).get_indexer(outlet).astype("int64")
        self._published = (
            pd.to_datetime(arts["published"], utc=True).to_numpy(dtype="datetime64[ns]").view("int64")
        )  # fmt: skip
        joined = arts.get("event_joined_by", pd.Series("", index=arts.index)).astype(object)
        self._inferred = (joined == "similarity").to_numpy()
        midnight = pd.to_datetime(evs["date"]).dt.tz_localize(TZ)
        self._midnight = midnight.to_numpy(dtype="datetime64[ns]").view("int64")
        self._event_dates = pd.to_datetime(evs["date"]).astype("datetime64[ns]").to_numpy()
        self._event_ids = evs["event_id"].astype(str).to_numpy(dtype=object)
        self._art_marks = _article_marks(arts, evs, self._codes)
        self._ev_marks = _event_marks(evs)
        codes, names = pd.factorize(self._art_marks["row"])
        self._rows = (np.asarray(codes), np.asarray(names, dtype=object))
        self._ev_table = evs[[c for c in _TABLE_COLUMNS if c in evs]]
        self._prepare_refs()

    # ---- rows of `articles` -------------------------------------------------------------
    def _positions(self, articles: pd.DataFrame) -> np.ndarray:
        last = self._last
        if last is not None and last[0] is articles:
            return last[1]  # every view of one filter change gets the same frame
        pos = self.articles.index.get_indexer(articles.index)
        ids = articles["article_id"].astype(object).to_numpy()
        if (pos < 0).any() or not np.array_equal(self._ids[pos], ids):
            pos = self._id_index.get_indexer(ids)  # not rows of `articles`: match by id
        self._last = (articles, pos)  # holding the frame keeps its identity unique
        return pos

    def _keep(self, articles: pd.DataFrame) -> np.ndarray:
        keep = np.zeros(len(self._ids), dtype=bool)
        pos = self._positions(articles)
        keep[pos[pos >= 0]] = True
        return keep

    def _counts(self, articles: pd.DataFrame) -> np.ndarray:
        codes = self._codes[self._positions(articles)]
        return np.bincount(codes[codes >= 0], minlength=len(self.events))

    # ---- views --------------------------------------------------------------------------
    def events_shown(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`events_for`: events with articles among these, plus `n_shown`."""
        counts = self._counts(articles)
        out = self.events[counts > 0].copy()
        out["n_shown"] = counts[counts > 0].astype("int64")
        return out

    def events_table(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`events_shown` with the columns the walkthrough's table shows."""
        counts = self._counts(articles)
        out = self._ev_table[counts > 0].copy()
        out.insert(len(out.columns) - 1, "n_shown", counts[counts > 0].astype("int64"))
        return out

    def timeline(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`timeline_frame` for these articles."""
        pos = self._positions(articles)
        if (pos < 0).any():  # rows this view does not know: build their marks afresh
            return timeline_frame(articles, self.events, max_points=self.max_points)
        return _compose(
            self._art_marks, pos, self._codes[pos], self._ev_marks, max_points=self.max_points,
            rows=self._rows,
        )  # fmt: skip

    def coverage(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`coverage` over the `max_events` events with most articles here (the heatmap's rows)."""
        pos = self._positions(articles)
        if (pos < 0).any():
            shown = events_for(articles, self.events)
            top = shown.sort_values("n_shown", ascending=False, kind="stable").head(self.max_events)
            return coverage(articles, shown.loc[shown.index.isin(top.index)])
        counts = self._counts(articles)
        shown = np.flatnonzero(counts)
        order = np.argsort(-counts[shown], kind="stable")[: self.max_events]
        top = np.sort(shown[order])  # the events' own order
        rank = np.full(len(self.events), -1, dtype="int64")
        rank[top] = np.arange(len(top))
        present = np.flatnonzero(np.bincount(self._outlet[pos], minlength=len(self._outlet_names)))
        column = np.full(len(self._outlet_names), -1, dtype="int64")
        column[present] = np.arange(len(present))
        n_out = len(present)
        member = pos[rank[np.maximum(self._codes[pos], 0)] >= 0]
        member = member[self._codes[member] >= 0]
        cell = rank[self._codes[member]] * n_out + column[self._outlet[member]]
        size = len(top) * n_out
        n = np.bincount(cell, minlength=size)
        n_inferred = np.bincount(cell, weights=self._inferred[member], minlength=size)
        stamps = self._published[member]
        timed = stamps != _NAT
        first = np.full(size, np.iinfo("int64").max)
        last = np.full(size, _NAT)
        np.minimum.at(first, cell[timed], stamps[timed])
        np.maximum.at(last, cell[timed], stamps[timed])
        first = np.where(first == np.iinfo("int64").max, _NAT, first)
        ev = np.repeat(top, n_out)
        midnight = self._midnight[ev]
        lag = np.where(
            (first != _NAT) & (midnight != _NAT), (first - midnight) / 3.6e12, np.nan
        ).astype("float64")
        out = pd.DataFrame(
            {
                "event_id": pd.array(self._event_ids[ev], dtype="string"),
                "date": self._event_dates[ev],
                "outlet": pd.array(np.tile(self._outlet_names[present], len(top)), dtype="string"),
                "n_articles": n.astype("int64"),
                "n_inferred": n_inferred.astype("int64"),
                "covered": n > 0,
                "first_published": _stamps(first),
                "last_published": _stamps(last),
                "lag_hours": lag,
            }
        )
        return out[COVERAGE_COLUMNS]

    def lag(self, articles: pd.DataFrame) -> pd.DataFrame:
        """`lag_by_outlet` over every event with articles here, from integer codes."""
        pos = self._positions(articles)
        if (pos < 0).any():
            return lag_by_outlet(coverage(articles, events_for(articles, self.events)))
        n_events = max(len(self.events), 1)
        outlets = self._outlet[pos]
        codes = self._codes[pos]
        has = codes >= 0
        cell = outlets[has] * n_events + codes[has]
        stamps = self._published[pos][has]
        size = len(self._outlet_names) * n_events
        covered = np.zeros(size, dtype=bool)
        covered[cell] = True
        first = np.full(size, np.iinfo("int64").max)
        timed = stamps != _NAT
        np.minimum.at(first, cell[timed], stamps[timed])
        cells = np.flatnonzero(covered)
        first = first[cells]
        midnight = self._midnight[cells % n_events]
        ok = (first != np.iinfo("int64").max) & (midnight != _NAT)
        lag = np.where(ok, (first - midnight) / 3.6e12, np.nan)
        by = cells // n_events
        rows = []
        for code in np.flatnonzero(np.bincount(outlets, minlength=len(self._outlet_names))):
            mine = lag[by == code]
            known = mine[~np.isnan(mine)]
            rows.append(
                (
                    self._outlet_names[code],
                    len(mine),
                    len(known),
                    float(np.median(known)) if len(known) else np.nan,
                    float(known.min()) if len(known) else np.nan,
                )
            )
        out = pd.DataFrame(rows, columns=_LAG_COLUMNS)
        out["outlet"] = out["outlet"].astype("string")
        for col in ("events_covered", "events_timed"):
            out[col] = out[col].astype("int64")
        for col in ("median_lag_hours", "min_lag_hours"):
            out[col] = out[col].astype("float64")
        return out

    def _prepare_refs(self) -> None:
        refs = self.refs
        if refs is None:
            return
        require_columns(refs, "article_id", "kind", "text", "year", what="history_refs")
        self._ref_rows = self._id_index.get_indexer(refs["article_id"].astype(object))
        frame = refs.assign(year=refs["year"].astype("Int64"))
        grouped = frame.groupby(["year", "kind"], dropna=False, sort=True)
        self._ref_group = grouped.ngroup().to_numpy()
        keys = grouped.size().reset_index()[["year", "kind"]]
        self._ref_keys = keys
        n_groups = len(keys)
        # (group, article) pairs once each: n_articles is a bincount over the kept pairs.
        pair = self._ref_group.astype("int64") * (len(self._ids) + 1) + (self._ref_rows + 1)
        pairs = np.unique(pair)
        self._pair_group = pairs // (len(self._ids) + 1)
        self._pair_row = pairs % (len(self._ids) + 1) - 1
        # Distinct (group, text) and (group, label) values, numbered within their group in
        # order of first appearance: examples and labels are the first ones still kept.
        self._distinct = {}
        for col in ("text", "label"):
            if col not in frame:
                continue
            values = frame[col].astype(object)
            valid = values.notna().to_numpy()
            key = pd.MultiIndex.from_arrays([self._ref_group, values.where(valid, "")])
            codes, uniques = pd.factorize(key)  # in order of first appearance
            self._distinct[col] = (
                np.where(valid, codes, -1),
                np.array([g for g, _v in uniques], dtype="int64"),
                np.array([v for _g, v in uniques], dtype=object),
            )
        self._n_groups = n_groups

    def history(self, articles: pd.DataFrame, *, max_examples: int = 3) -> pd.DataFrame:
        """`history_counts` of the references in these articles."""
        if self.refs is None:
            raise ValueError("TimelineViews was built without refs; pass refs=history_refs(...)")
        if (self._positions(articles) < 0).any():
            return history_counts(self.refs[self.refs["article_id"].isin(articles["article_id"])])
        keep = self._keep(articles)
        rows = self._ref_rows
        chosen = np.flatnonzero((rows >= 0) & keep[np.maximum(rows, 0)])
        n_refs = np.bincount(self._ref_group[chosen], minlength=self._n_groups)
        pair_kept = (self._pair_row >= 0) & keep[np.maximum(self._pair_row, 0)]
        n_articles = np.bincount(self._pair_group[pair_kept], minlength=self._n_groups)
        found = n_refs > 0
        cols = ["year", "kind", "n_refs", "n_articles", "examples", "labels"]
        if not found.any():
            return pd.DataFrame(columns=cols)
        lists = {}
        for col, limit in (("text", max_examples), ("label", None)):
            per_group: list[tuple] = [() for _ in range(self._n_groups)]
            if col in self._distinct:
                codes, groups, values = self._distinct[col]
                kept = codes[chosen]
                first = np.full(len(values), np.iinfo("int64").max)
                np.minimum.at(first, kept[kept >= 0], chosen[kept >= 0])
                seen = np.flatnonzero(first != np.iinfo("int64").max)
                seen = seen[np.lexsort((first[seen], groups[seen]))]
                for g in np.flatnonzero(found):
                    mine = seen[groups[seen] == g]
                    per_group[g] = tuple(values[mine[:limit] if limit is not None else mine])
            lists[col] = per_group
        keys = self._ref_keys[found]
        groups = np.flatnonzero(found)
        out = pd.DataFrame(
            {
                "year": pd.array(keys["year"].astype("Int64"), dtype="Int64"),
                "kind": keys["kind"].array,
                "n_refs": n_refs[found].astype("int64"),
                "n_articles": n_articles[found].astype("int64"),
                "examples": [lists["text"][g] for g in groups],
                "labels": [lists["label"][g] for g in groups],
            }
        )
        out.columns = pd.Index(cols, dtype=_LABELS_DTYPE)
        return out


_LABELS_DTYPE = pd.Index(["a"]).dtype  # pandas' own dtype for column labels
_TABLE_COLUMNS = ["event_id", "date", "participants", "mode", "place", "evidence"]
_LAG_COLUMNS = ["outlet", "events_covered", "events_timed", "median_lag_hours", "min_lag_hours"]


def _stamps(values: np.ndarray) -> pd.Series:
    """int64 nanoseconds since the epoch (UTC; NaT as int64 min) as Asia/Jakarta times."""
    return pd.Series(pd.to_datetime(values.view("datetime64[ns]"), utc=True)).dt.tz_convert(TZ)


def build_panel(
    corpus: Any,
    *,
    date_field: str = "event_date",
    outlets: Sequence[str] | None = None,
    extracted: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    refs: pd.DataFrame | None = None,
    export_dir: str | Path = "figures",
) -> Any:
    """The 01-timeline walkthrough's `FilterPanel`: timeline, events table, coverage, lag and
    history views over tables computed once (pass `extracted`/`events`/`refs` to reuse them).

    Articles are tagged with their event (`with_events(..., fill_event_date=True)`), so the
    panel filters on participants and events, and a date-range filter on event dates keeps
    articles joined by similarity. Views are named `timeline`, `events`, `coverage`, `lag`,
    `history` (`panel.views[name]`). `outlets` starts the panel with those outlets selected.
    """
    import dataclasses

    from helpers.figures.timeline import (
        coverage_figure,
        history_figure,
        lag_figure,
        timeline_figure,
    )
    from helpers.panel import FilterPanel, replace_walkthrough_panel, settle_heap
    from helpers.timeline.extract import article_events
    from helpers.timeline.group import events as group_events
    from helpers.timeline.group import with_events
    from helpers.timeline.history import history_refs

    replace_walkthrough_panel("01-timeline")  # the old panel's memory goes before the build
    if events is None:
        if extracted is None:
            extracted = article_events(corpus)
        events = group_events(corpus, extracted=extracted)
    if refs is None:
        refs = history_refs(corpus, events=events)
    tagged = with_events(corpus.articles, events, fill_event_date=True)
    if hasattr(corpus, "articles") and not isinstance(corpus, pd.DataFrame):
        source = dataclasses.replace(corpus, articles=tagged)
    else:
        source = tagged
    views = TimelineViews(tagged, events, refs)
    panel = FilterPanel(source, date_field=date_field, export_dir=export_dir)
    panel.add_view("timeline", lambda c: views.timeline(c.articles), timeline_figure)
    panel.add_table("events", lambda c: views.events_table(c.articles))
    panel.add_view("coverage", lambda c: views.coverage(c.articles), coverage_figure)
    panel.add_view("lag", lambda c: views.lag(c.articles), lag_figure)
    panel.add_view("history", lambda c: views.history(c.articles), history_figure)
    if outlets:
        panel.update(outlets=list(outlets))
    replace_walkthrough_panel("01-timeline", panel)
    settle_heap()  # the panel's objects are long-lived: keep full collections short
    return panel
