"""Timeline figures: events on a date axis with the articles that reported them, coverage
and lag per outlet, and the past the coverage invokes.

Builders take the tidy frames of `helpers.timeline.views` / `helpers.coverage` and return a
`go.Figure`; every piece of article text in hover labels is escaped.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import SEQUENTIAL, apply_template, empty_state, escape, outlet_color
from helpers.frames import require_columns
from helpers.timeline.views import EVENTS_ROW

EVENT_COLOR = "#444444"
_MAX_HOVER = 280  # characters of an evidence sentence shown on hover
_MAX_EVENTS = 40  # coverage heatmap rows before it keeps the most covered events
_MAX_GUIDES = 300  # dotted event guides beyond this many events are clutter, not help


def _short(value: object, limit: int = _MAX_HOVER) -> str:
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def _wrap(text: str, width: int = 80) -> str:
    """Break an (escaped) sentence into lines for a readable hover box."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines)


@lru_cache(maxsize=8192)
def _hover_sentence(value: object) -> str:
    """An evidence sentence shortened, escaped and wrapped for a hover box (sentences repeat
    across an event's articles, so each is prepared once)."""
    return _wrap(_short(value))


def _whens(values: pd.Series) -> list[str]:
    """`_when` of a column of tz-naive times, formatted in one numpy call."""
    stamps = pd.to_datetime(values).to_numpy(dtype="datetime64[m]")
    out = []
    for text in np.datetime_as_string(stamps, unit="m"):
        if text == "NaT":
            out.append("?")
        elif text.endswith("T00:00"):
            out.append(text[:10])
        else:
            out.append(text.replace("T", " "))
    return out


def _iso(values: pd.Series) -> np.ndarray:
    """Times as ISO text (None for NaT): a datetime64 array would reach a FigureWidget's
    in-place update as integer nanoseconds."""
    stamps = pd.to_datetime(values).to_numpy(dtype="datetime64[s]")
    out = np.datetime_as_string(stamps).astype(object)
    out[np.isnat(stamps)] = None
    return out


def _segments(starts: pd.Series, ends: pd.Series) -> np.ndarray:
    """x values for one line trace of many segments: start, end, gap (None), as ISO text."""
    xs = np.empty(3 * len(starts), dtype=object)
    xs[0::3] = np.datetime_as_string(pd.to_datetime(starts).to_numpy(dtype="datetime64[s]"))
    xs[1::3] = np.datetime_as_string(pd.to_datetime(ends).to_numpy(dtype="datetime64[s]"))
    return xs


def _segments_y(top: str, bottom: str, n: int) -> np.ndarray:
    ys = np.empty(3 * n, dtype=object)
    ys[0::3], ys[1::3] = top, bottom
    return ys


def _when(value: object) -> str:
    if value is None or pd.isna(value):
        return "?"
    stamp = pd.Timestamp(value)
    return (
        stamp.strftime("%Y-%m-%d")
        if stamp == stamp.normalize()
        else stamp.strftime("%Y-%m-%d %H:%M")
    )


def _notes(fig: go.Figure, notes: list[str]) -> None:
    if notes:
        fig.add_annotation(
            text=escape(" · ".join(notes)), x=0, y=1.0, xref="paper", yref="paper",
            xanchor="left", yanchor="bottom", showarrow=False, font={"size": 11, "color": "#555"},
        )  # fmt: skip


def timeline_figure(
    frame: pd.DataFrame, *, title: str = "Events and the articles that reported them"
) -> go.Figure:
    """Events as diamonds on their own row, articles as dots on their outlet's row.

    An article sits at its publication time (filled dot) or, when that is unknown, at its
    event's date (open dot); a grey segment joins a published article to its event's date,
    so the lag reads as a length. Inferred members (joined by similarity) are marked in the
    hover. Rows of kind `note` become a caption (aggregation, what is not on the axis).
    """
    require_columns(frame, "kind", "row", "x", "label", "detail", what="frame")
    fig = go.Figure()
    marks = frame[frame["kind"] != "note"]
    notes = frame.loc[frame["kind"] == "note", "label"].astype(str).tolist()
    outlets = sorted({r for r in marks["row"] if r != EVENTS_ROW}, key=str.casefold)
    rows = [EVENTS_ROW, *outlets]

    kinds = marks["kind"].astype(str)
    ev = marks[(kinds == "event") | kinds.str.startswith("events (")]
    guides = ev if len(ev) <= _MAX_GUIDES else ev.iloc[:0]
    # Dotted guides from each event down through the outlet rows.
    fig.add_scatter(x=_segments(guides["x"], guides["x"]), y=_segments_y(escape(rows[0]), escape(rows[-1]), len(guides)),
                    mode="lines", line={"color": "#bbbbbb", "width": 1, "dash": "dot"},
                    hoverinfo="skip", showlegend=False, name="event guides")  # fmt: skip
    when = _whens(ev["x"])
    hover = [
        f"<b>{w}</b><br>{escape(lab)}"
        if kind != "event"
        else f"<b>{_short(lab, 120)}</b><br>{w} · {int(n)} article(s)<br>"
        f"<span style='color:#666'>{escape(str(eid))}</span><br><i>{_hover_sentence(det)}</i>"
        for kind, lab, w, n, eid, det in zip(
            ev["kind"], ev["label"], when, ev["n"], ev["event_id"], ev["detail"], strict=True
        )
    ]
    n = ev["n"].to_numpy(dtype="float64")
    fig.add_scatter(
        x=_iso(ev["x"]), y=np.full(len(ev), EVENTS_ROW, dtype=object), mode="markers", name="events",
        marker={"symbol": "diamond", "size": np.minimum(10 + 2 * np.sqrt(n), 28),
                "color": EVENT_COLOR, "line": {"width": 1, "color": "white"}},
        hovertext=hover, hoverinfo="text",
    )  # fmt: skip

    arts = marks[(kinds == "article") | kinds.str.startswith("articles (")]
    lagged = arts[(arts["placed_at"] == "published") & arts["event_date"].notna()]
    ys = np.empty(3 * len(lagged), dtype=object)
    ys[0::3] = ys[1::3] = [escape(r) for r in lagged["row"]]
    fig.add_scatter(x=_segments(lagged["event_date"], lagged["x"]), y=ys, mode="lines",
                    line={"color": "#cccccc", "width": 2},
                    hoverinfo="skip", showlegend=False, name="event to publication")  # fmt: skip
    aggregated = bool(len(arts)) and (arts["kind"] != "article").any()
    # One trace for every article mark, coloured by outlet (the rows name the outlets): the
    # figure keeps the same traces whatever the filters, so a redraw restyles in place.
    row = arts["row"].astype(str).to_numpy()
    names = {o: escape(o) for o in outlets}
    colors = {o: outlet_color(o) for o in outlets}
    if aggregated:
        hover = [
            f"<b>{names[o]}</b><br>{escape(lab)}" for o, lab in zip(row, arts["label"], strict=True)
        ]
        size = np.minimum(6 + 3 * np.sqrt(arts["n"].to_numpy(dtype="float64")), 30)
        symbol = np.zeros(len(arts), dtype="int64")
    else:
        hover = [
            f"<b>{_short(lab, 120)}</b><br>{names[o]} · "
            f"{'published ' + w if at == 'published' else 'publication time unknown; at event date ' + w}"
            f"{' · joined by similarity' if inf else ''}<br><i>{_hover_sentence(det)}</i>"
            for o, lab, w, at, inf, det in zip(row, arts["label"], _whens(arts["x"]), arts["placed_at"], arts["inferred"], arts["detail"], strict=True)
        ]  # fmt: skip
        size = np.full(len(arts), 11.0)
        symbol = np.where(arts["placed_at"].to_numpy() == "published", 0, 100)  # circle, -open
    # Outlet colours as numbers on a stepped colour scale: a numeric array validates at once,
    # where a list of colour strings is checked one by one.
    code = {o: i for i, o in enumerate(outlets)}
    color = np.array([code[o] for o in row], dtype="float64")
    k = max(len(outlets), 1)
    scale = [[edge / k, colors[o]] for i, o in enumerate(outlets) for edge in (i, i + 1)]
    steps = {"colorscale": scale or [[0, EVENT_COLOR], [1, EVENT_COLOR]], "cmin": -0.5,
             "cmax": k - 0.5, "showscale": False}  # fmt: skip
    fig.add_scatter(
        x=_iso(arts["x"]), y=np.array([names[o] for o in row], dtype=object), mode="markers",
        name="articles", showlegend=False,
        marker={"color": color, **steps, "size": size, "symbol": symbol,
                "line": {"width": 2, "color": color, "colorscale": steps["colorscale"],
                         "cmin": -0.5, "cmax": k - 0.5}},
        hovertext=hover, hoverinfo="text",
    )  # fmt: skip
    fig.update_layout(
        title={"text": escape(title)},
        xaxis={"title": {"text": "date (Asia/Jakarta)"}, "type": "date"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [escape(r) for r in rows[::-1]],  # shown as pseudo-HTML
            "title": None,
        },
        showlegend=False,
        height=max(320, 110 + 38 * len(rows)),
        hovermode="closest",
    )
    _notes(fig, notes)
    if marks.empty:
        empty_state(fig, "No dated events match these filters")
    return apply_template(fig)


def _lag_text(covered: bool, lag: float) -> str:
    if not covered:
        return "–"
    if lag is None or math.isnan(lag):
        return "time?"
    return f"{lag:.1f} h" if abs(lag) < 72 else f"{lag / 24:.1f} d"


def coverage_figure(
    frame: pd.DataFrame,
    *,
    max_events: int = _MAX_EVENTS,
    title: str = "Who covered which event, and how fast",
) -> go.Figure:
    """Heatmap, events x outlets: colour = articles, cell text = lag to first report.

    `–` means the outlet did not cover the event, `time?` that it did but no article states a
    publication time. With more than `max_events` events only the most covered are shown,
    and a caption says so.
    """
    require_columns(frame, "event_id", "outlet", "n_articles", "covered", "lag_hours", what="frame")
    fig = go.Figure()
    notes = []
    totals = frame.groupby("event_id", sort=False)["n_articles"].sum()
    keep = list(totals.index)
    if len(keep) > max_events:
        top = set(totals.sort_values(ascending=False, kind="stable").index[:max_events])
        keep = [e for e in keep if e in top]
        notes.append(f"{max_events} most covered of {len(totals):,} events shown")
    part = frame[frame["event_id"].isin(keep)]
    if len(part):
        outlets = sorted(part["outlet"].astype(str).unique(), key=str.casefold)
        # One pass over the rows into an events x outlets grid (no per-cell lookups).
        row_of = {e: i for i, e in enumerate(keep)}
        col_of = {o: j for j, o in enumerate(outlets)}
        z = [[0] * len(outlets) for _ in keep]
        text = [["–"] * len(outlets) for _ in keep]
        hover = [
            [f"<b>{escape(e)}</b><br>{escape(o)}: 0 article(s)<br>not covered" for o in outlets]
            for e in keep
        ]
        firsts = part["first_published"] if "first_published" in part else [None] * len(part)
        for eid, outlet, n, covered, lag, first in zip(
            part["event_id"], part["outlet"].astype(str), part["n_articles"], part["covered"],
            part["lag_hours"], firsts, strict=True,
        ):  # fmt: skip
            i, j = row_of[eid], col_of[outlet]
            n, covered = int(n), bool(covered)
            lag = float(lag) if lag is not None and not pd.isna(lag) else float("nan")
            z[i][j] = n
            text[i][j] = _lag_text(covered, lag)
            hover[i][j] = f"<b>{escape(eid)}</b><br>{escape(outlet)}: {n} article(s)" + (
                f"<br>first published {_when(first)}<br>lag {text[i][j]}"
                if covered
                else "<br>not covered"
            )
        fig.add_heatmap(
            z=z, x=[escape(o) for o in outlets], y=[escape(e) for e in keep], text=text,
            texttemplate="%{text}", hovertext=hover, hoverinfo="text", colorscale=SEQUENTIAL,
            zmin=0, colorbar={"title": {"text": "articles"}}, xgap=2, ygap=2, name="coverage",
        )  # fmt: skip
    fig.update_layout(
        title={"text": escape(title)},
        xaxis={"title": {"text": "outlet"}, "side": "top"},
        yaxis={"title": None, "autorange": "reversed"},
        height=max(300, 120 + 34 * len(keep)),
    )
    _notes(fig, notes)
    if part.empty:
        empty_state(fig, "No events match these filters")
    return apply_template(fig)


def lag_figure(
    frame: pd.DataFrame, *, title: str = "Median hours from event to first report"
) -> go.Figure:
    """Bars of median lag per outlet (`helpers.timeline.views.lag_by_outlet`), with how many
    covered events had a publication time to measure it on."""
    require_columns(
        frame, "outlet", "events_covered", "events_timed", "median_lag_hours", what="frame"
    )
    fig = go.Figure()
    timed = frame[frame["events_timed"] > 0]
    untimed = frame[(frame["events_timed"] == 0) & (frame["events_covered"] > 0)]
    if len(timed):
        fig.add_bar(
            x=[escape(o) for o in timed["outlet"]], y=list(timed["median_lag_hours"]),
            marker={"color": [outlet_color(o) for o in timed["outlet"]]},
            text=[f"{v:.1f} h" for v in timed["median_lag_hours"]], textposition="outside",
            hovertext=[
                f"<b>{escape(o)}</b><br>median {m:.1f} h, fastest {f:.1f} h<br>{t} of {c} covered event(s) timed"
                for o, m, f, t, c in zip(timed["outlet"], timed["median_lag_hours"], timed["min_lag_hours"],
                                          timed["events_timed"], timed["events_covered"], strict=True)
            ],
            hoverinfo="text", name="median lag",
        )  # fmt: skip
    notes = []
    if len(untimed):
        notes.append("no publication time for: " + ", ".join(map(str, untimed["outlet"])))
    fig.update_layout(
        title={"text": escape(title)}, showlegend=False,
        yaxis={"title": {"text": "hours"}, "rangemode": "tozero"}, xaxis={"title": {"text": "outlet"}},
    )  # fmt: skip
    _notes(fig, notes)
    if timed.empty:
        empty_state(fig, "No covered event has a publication time to measure lag")
    return apply_template(fig)


_KIND_COLORS = {"anniversary": "#0072B2", "war": "#D55E00", "year": "#009E73", "event": "#CC79A7"}


def history_figure(
    frame: pd.DataFrame, *, title: str = "Which past the coverage invokes"
) -> go.Figure:
    """Stacked bars: references per referenced year, by kind (`helpers.timeline.views.history_counts`).

    References whose year is unknown (an anniversary in an undated article) are counted in
    the caption rather than placed on the axis.
    """
    require_columns(frame, "year", "kind", "n_refs", "n_articles", "examples", what="frame")
    fig = go.Figure()
    known = frame[frame["year"].notna()]
    for kind in sorted(known["kind"].unique()):
        part = known[known["kind"] == kind]
        hover = [
            f"<b>{int(y)}</b> · {escape(kind)}<br>{n} reference(s) in {a} article(s)<br>"
            + "<br>".join(f"• {_short(e, 90)}" for e in ex)
            for y, n, a, ex in zip(part["year"], part["n_refs"], part["n_articles"], part["examples"], strict=True)
        ]  # fmt: skip
        fig.add_bar(
            x=[str(int(y)) for y in part["year"]], y=[int(n) for n in part["n_refs"]], name=escape(kind),
            marker={"color": _KIND_COLORS.get(kind, "#777777")}, hovertext=hover, hoverinfo="text",
        )  # fmt: skip
    unknown = int(frame.loc[frame["year"].isna(), "n_refs"].sum())
    _notes(fig, [f"{unknown} reference(s) with unknown year not shown"] if unknown else [])
    years = sorted({int(y) for y in known["year"]})
    fig.update_layout(
        title={"text": escape(title)},
        barmode="stack",
        # Years as categories: the few referenced years, each labelled, in order.
        xaxis={"title": {"text": "year referred to"}, "type": "category",
               "categoryorder": "array", "categoryarray": [str(y) for y in years]},
        yaxis={"title": {"text": "references"}, "rangemode": "tozero"},
        legend={"title": {"text": "kind"}},
    )  # fmt: skip
    if known.empty:
        empty_state(fig, "No references to the past in these articles")
    return apply_template(fig)
