"""The one look every Warta figure shares: fonts, a stable colour per outlet, escaped hover text.

Colours are a function of the outlet name alone (a fixed entry for well-known outlets,
otherwise a hash into a fixed palette), so ANTARA has the same colour in every figure,
notebook and run, whatever other outlets a filter leaves in.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable

import pandas as pd
import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = "warta"
FONT = "Inter, 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
UNKNOWN_OUTLET = "(unknown outlet)"  # label for articles whose outlet could not be told
UNKNOWN_COLOR = "#9e9e9e"
NO_MATCH = "No articles match these filters"
# The sequential scale of every heatmap, spelled out as stops: a bare "Blues" sent in a raw
# trace dict reaches plotly.js, whose "Blues" runs the other way (dark blue for zero).
SEQUENTIAL = [[i / 8, color] for i, color in enumerate(plotly.colors.sequential.Blues)]

# Colour-blind-safe first (Okabe-Ito), then Tableau 10 for more room.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1",
    "#FF9DA7", "#9C755F",
)  # fmt: skip

# Outlets that meet in almost every comparison get distinct, fixed colours.
FIXED_COLORS: dict[str, str] = {
    "ANTARA": "#0072B2",
    "Xinhua": "#D55E00",
    "SinPo.id": "#009E73",
    "Suara.com": "#CC79A7",
    "Kompas": "#E69F00",
    "CRI": "#E15759",
    "Tempo": "#56B4E9",
    "Detik": "#59A14F",
    UNKNOWN_OUTLET: UNKNOWN_COLOR,
}


def outlet_color(outlet: object) -> str:
    """The colour of one outlet, the same in every figure and run.

    >>> outlet_color("ANTARA"), outlet_color(None) == UNKNOWN_COLOR
    ('#0072B2', True)
    >>> outlet_color("Some Blog") == outlet_color("Some Blog")
    True
    """
    if outlet is None or (not isinstance(outlet, str) and pd.isna(outlet)):
        return UNKNOWN_COLOR
    name = str(outlet)
    if name in FIXED_COLORS:
        return FIXED_COLORS[name]
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def outlet_colors(outlets: Iterable[object]) -> dict[str, str]:
    """Map each outlet (missing ones under `UNKNOWN_OUTLET`) to its stable colour.

    >>> outlet_colors(["Xinhua", None])
    {'Xinhua': '#D55E00', '(unknown outlet)': '#9e9e9e'}
    """
    return {outlet_label(o): outlet_color(o) for o in outlets}


def outlet_label(outlet: object) -> str:
    """The outlet name to show, `UNKNOWN_OUTLET` when missing.

    >>> outlet_label(pd.NA)
    '(unknown outlet)'
    """
    if outlet is None or (not isinstance(outlet, str) and pd.isna(outlet)):
        return UNKNOWN_OUTLET
    return str(outlet)


def escape(value: object) -> str:
    """Text as plotly shows it literally: `<`, `>` and `&` escaped, missing as empty.

    >>> escape("<b>Xi & Putin</b>")
    '&lt;b&gt;Xi &amp; Putin&lt;/b&gt;'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=False)


def _date_text(value: object) -> str:
    if value is None or pd.isna(value):
        return "no date"
    stamp = pd.Timestamp(value)
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.strftime("%Y-%m-%d %H:%M")


def hover_text(
    frame: pd.DataFrame,
    *,
    title: str = "title",
    outlet: str = "outlet",
    date: str = "published",
    max_title: int = 90,
) -> pd.Series:
    """Escaped hover labels, one per row: the bold title, then outlet and date.

    Columns that the frame lacks are left out of the label.

    >>> frame = pd.DataFrame({"title": ["<Xi> & Putin"], "outlet": ["ANTARA"],
    ...                       "published": [pd.Timestamp("2025-01-22 02:08")]})
    >>> hover_text(frame).iloc[0]
    '<b>&lt;Xi&gt; &amp; Putin</b><br>ANTARA · 2025-01-22 02:08'
    """

    def label(row: pd.Series) -> str:
        head = ""
        if title in row:
            text = "" if pd.isna(row[title]) else str(row[title])
            if len(text) > max_title:
                text = text[: max_title - 1] + "…"
            head = f"<b>{escape(text) or '(untitled)'}</b>"
        tail = []
        if outlet in row:
            tail.append(escape(outlet_label(row[outlet])))
        if date in row:
            tail.append(_date_text(row[date]))
        return "<br>".join(p for p in (head, " · ".join(tail)) if p)

    return frame.apply(label, axis=1).astype(str) if len(frame) else pd.Series([], dtype=str)


def empty_state(fig: go.Figure, message: str = NO_MATCH) -> go.Figure:
    """Add a centred note saying why the figure is empty (returns `fig` for chaining)."""
    fig.add_annotation(
        text=escape(message),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16, "color": "#555"},
        name="empty-state",
    )
    # Empty axes with made-up ranges (Jan 2000, 0 to 1) would read as data: hide them.
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def apply_template(fig: go.Figure) -> go.Figure:
    """Give a figure the Warta look (returns `fig` for chaining).

    The registered template is assigned as a fresh plain dict without plotly's validation:
    validating and deep-copying the template object took longer than building a figure
    (10-60 ms per call, on every panel redraw); its values were validated when registered.

    >>> apply_template(go.Figure()).layout.template.layout.font.family == FONT
    True
    """
    layout = fig.layout
    was = getattr(layout, "_validate", True)
    try:
        layout._validate = False
        layout.template = json.loads(_TEMPLATE_JSON[TEMPLATE])
    except (AttributeError, KeyError, ValueError):  # plotly internals moved: the slow way
        fig.update_layout(template=TEMPLATE)
    finally:
        layout._validate = was
    return fig


_TEMPLATE_JSON: dict[str, str] = {}  # the registered template as JSON, parsed per figure


def _register() -> None:
    base = pio.templates["plotly_white"]
    template = go.layout.Template(base)
    template.layout.update(
        font={"family": FONT, "size": 13, "color": "#222"},
        title={"font": {"size": 17}, "x": 0.01, "xanchor": "left"},
        colorway=list(PALETTE),
        hoverlabel={"font": {"family": FONT, "size": 12}, "align": "left"},
        legend={"title": {"font": {"size": 12}}},
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
    )
    pio.templates[TEMPLATE] = template
    _TEMPLATE_JSON[TEMPLATE] = json.dumps(pio.templates[TEMPLATE].to_plotly_json())


_register()
