"""Timeline figures: events on a date axis with the articles that reported them, coverage
and lag per outlet, and the past the coverage invokes.

Builders take the tidy frames of `helpers.timeline.views` / `helpers.coverage` and return a
`go.Figure`; every piece of article text in hover labels is escaped.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from helpers.figures.template import apply_template, empty_state, escape, outlet_color
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

    ev = marks[marks["kind"].isin(["event", "events (daily)"])]
    if 0 < len(ev) <= _MAX_GUIDES:
        # Dotted guides from each event down through the outlet rows.
        xs, ys = [], []
        for x in ev["x"]:
            xs += [x, x, None]
            ys += [rows[0], rows[-1], None]
        fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": "#bbbbbb", "width": 1, "dash": "dot"},
                        hoverinfo="skip", showlegend=False, name="event guides")  # fmt: skip
    if len(ev):
        hover = [
            f"<b>{_when(x)}</b><br>{escape(lab)}"
            if kind == "events (daily)"
            else f"<b>{_short(lab, 120)}</b><br>{_when(x)} · {int(n)} article(s)<br>"
            f"<span style='color:#666'>{escape(str(eid))}</span><br><i>{_wrap(_short(det))}</i>"
            for kind, lab, x, n, eid, det in zip(
                ev["kind"], ev["label"], ev["x"], ev["n"], ev["event_id"], ev["detail"], strict=True
            )
        ]
        fig.add_scatter(
            x=list(ev["x"]), y=[EVENTS_ROW] * len(ev), mode="markers", name="events",
            marker={"symbol": "diamond", "size": [min(10 + 2 * math.sqrt(n), 28) for n in ev["n"]],
                    "color": EVENT_COLOR, "line": {"width": 1, "color": "white"}},
            hovertext=hover, hoverinfo="text",
        )  # fmt: skip

    arts = marks[marks["kind"].isin(["article", "articles (daily)"])]
    lagged = arts[(arts["placed_at"] == "published") & arts["event_date"].notna()]
    if len(lagged):
        xs, ys = [], []
        for x0, x1, row in zip(lagged["event_date"], lagged["x"], lagged["row"], strict=True):
            xs += [x0, x1, None]
            ys += [row, row, None]
        fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": "#cccccc", "width": 2},
                        hoverinfo="skip", showlegend=False, name="event to publication")  # fmt: skip
    aggregated = bool(len(arts)) and (arts["kind"] == "articles (daily)").any()
    for outlet in outlets:
        part = arts[arts["row"] == outlet]
        if part.empty:
            continue
        if aggregated:
            hover = [
                f"<b>{escape(outlet)}</b> · {_when(x)}<br>{int(n):,} article(s)"
                for x, n in zip(part["x"], part["n"], strict=True)
            ]
            size = [min(6 + 3 * math.sqrt(n), 30) for n in part["n"]]
            symbol = "circle"
        else:
            hover = [
                f"<b>{_short(lab, 120)}</b><br>{escape(outlet)} · "
                f"{'published ' + _when(x) if at == 'published' else 'publication time unknown; at event date ' + _when(x)}"
                f"{' · joined by similarity' if inf else ''}<br><i>{_wrap(_short(det))}</i>"
                for lab, x, at, inf, det in zip(part["label"], part["x"], part["placed_at"], part["inferred"], part["detail"], strict=True)
            ]  # fmt: skip
            size = 11
            symbol = ["circle" if at == "published" else "circle-open" for at in part["placed_at"]]
        fig.add_scatter(
            x=list(part["x"]), y=[outlet] * len(part), mode="markers", name=escape(outlet),
            marker={"color": outlet_color(outlet), "size": size, "symbol": symbol, "line": {"width": 2, "color": outlet_color(outlet)}},
            hovertext=hover, hoverinfo="text",
        )  # fmt: skip
    fig.update_layout(
        title={"text": escape(title)},
        xaxis={"title": {"text": "date (Asia/Jakarta)"}, "type": "date"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": rows[::-1],
            "title": None,
        },
        legend={"title": {"text": "outlet"}},
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
        grid = part.assign(outlet=part["outlet"].astype(str)).set_index(["event_id", "outlet"])
        z, text, hover = [], [], []
        for eid in keep:
            zr, tr, hr = [], [], []
            for outlet in outlets:
                row = grid.loc[(eid, outlet)] if (eid, outlet) in grid.index else None
                n = int(row["n_articles"]) if row is not None else 0
                covered = bool(row["covered"]) if row is not None else False
                lag = float(row["lag_hours"]) if row is not None else float("nan")
                zr.append(n)
                tr.append(_lag_text(covered, lag))
                first = (
                    _when(row["first_published"])
                    if row is not None and "first_published" in row
                    else "?"
                )
                hr.append(
                    f"<b>{escape(eid)}</b><br>{escape(outlet)}: {n} article(s)"
                    + (
                        f"<br>first published {first}<br>lag {tr[-1]}"
                        if covered
                        else "<br>not covered"
                    )
                )
            z.append(zr)
            text.append(tr)
            hover.append(hr)
        fig.add_heatmap(
            z=z, x=[escape(o) for o in outlets], y=[escape(e) for e in keep], text=text,
            texttemplate="%{text}", hovertext=hover, hoverinfo="text", colorscale="Blues",
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
