"""A filter panel: ipywidgets that drive `filter_articles` and redraw linked figures in place.

One recipe for every walkthrough (plotly's FigureWidget docs, ipywidgets' docs): each view
is a `go.FigureWidget` built once; on every filter change the panel filters, calls the view's
`compute(corpus)` and `draw(frame)`, and copies the new figure into the widget in place as
one update message (what `batch_update()` sends), so zoom, legend clicks and the widget
itself survive. Errors raised in
handlers are shown in the panel's `errors` Output widget instead of vanishing.

    panel = FilterPanel(corpus, date_field="event_date")
    panel.add_view("articles-over-time", lambda c: articles_over_time(c.articles), timeline_bars)
    panel                       # a cell ending in the panel shows controls and views
    panel.value = {"outlets": ["ANTARA"]}   # code, papermill and tests drive the same state
"""

from __future__ import annotations

import bisect
import gc
import html
import itertools
import re
import traceback
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from helpers.errors import InvalidValue
from helpers.figures.template import NO_MATCH, apply_template, empty_state
from helpers.filters import (
    DATE_FIELDS,
    FOLDED,
    MEMBERSHIP,
    TIMEZONE,
    article_mask,
    folded_text,
    query_mask,
    text_index,
)
from helpers.frames import as_tuple, require_choice

FILTER_KEYS: tuple[str, ...] = ("outlets", "date_range", "date_field", "languages", "query")
_AXIS = re.compile(r"^[xy]axis\d*$")
_USER_AXIS_KEYS = ("range", "autorange")  # the user's zoom lives here: never overwritten
_RESET_LAYOUT_KEYS = ("annotations", "shapes", "images", "title")
_LAYOUT_ARRAYS = ("annotations", "shapes", "images")
_TABLE_CELL_CHARS = 300
_LONG_TEXT = ("text", "event_date_evidence")  # held as object: cheap to select rows of
_QUERY_CACHE = 16  # search masks kept per panel: a date or outlet change does not search again


def settle_heap() -> None:
    """Take everything alive now out of the cyclic collector's rounds (`gc.freeze`).

    A walkthrough's panel keeps a few hundred thousand objects alive, and every full
    collection walks them all: about 200 ms at 100,000 articles, landing in a filter change
    every few changes. Frozen objects are never walked, so cycles among them are not
    collected either (reference counting frees the rest as usual): the previous freeze is
    undone and collected first, so a panel rebuilt by re-running its cell frees the old
    one's cycles here, and nothing stays frozen for longer than one build.

    >>> settle_heap()
    >>> import gc; gc.get_freeze_count() > 0
    True
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


# The panel each walkthrough built last in this kernel (see `replace_walkthrough_panel`).
_WALKTHROUGH_PANELS: dict[str, weakref.ref] = {}


def replace_walkthrough_panel(name: str, panel: FilterPanel | None = None) -> None:
    """Close the panel walkthrough `name` built before in this kernel; remember `panel` as its
    new one (call with no panel before building, to free the old one's memory first).

    ipywidgets keeps every widget until it is closed, and a panel's widgets call back into
    the panel, so a panel whose cell is re-run stays alive with all it holds (about 3 GB for
    the 03 panel at 100,000 articles). A walkthrough notebook has one panel, so building it
    again closes the old one. A `FilterPanel` built directly is never closed for you.

    >>> replace_walkthrough_panel("doctest")  # nothing built before: nothing to close
    """
    old = _WALKTHROUGH_PANELS.pop(name, None)
    previous = old() if old is not None else None
    if previous is not None and previous is not panel:
        previous.close()
    if panel is not None:
        _WALKTHROUGH_PANELS[name] = weakref.ref(panel)


def _widget_tree(roots: Iterable[widgets.Widget]) -> list[widgets.Widget]:
    """Every widget under `roots` (box children, and their layout and style models), once."""
    found: dict[int, widgets.Widget] = {}
    todo = list(roots)
    while todo:
        w = todo.pop()
        if not isinstance(w, widgets.Widget) or id(w) in found:
            continue
        found[id(w)] = w
        todo.extend(getattr(w, "children", ()))
        todo.extend(getattr(w, name, None) for name in ("layout", "style"))
    return list(found.values())


@dataclass(frozen=True)
class ArticlesOnly:
    """A stand-in `Corpus` for a panel built on a plain articles frame."""

    articles: pd.DataFrame

    def subset(self, article_ids: Iterable[str]) -> ArticlesOnly:
        ids = set(article_ids)
        return ArticlesOnly(self.articles[self.articles["article_id"].isin(ids)])


class FilteredCorpus:
    """The panel's filtered corpus: `articles` at once, every other frame when first read.

    Reads like the `Corpus` it filters (`sentences`, `removed`, `extracted`, `report`,
    `subset`, `len`). A frame keyed by `article_id` is selected by row positions into
    `articles`, computed once per panel, so a filter change costs one boolean take per frame
    a view actually reads, instead of `Corpus.subset`'s string look-ups of every frame.
    """

    def __init__(
        self,
        source: Any,
        articles: pd.DataFrame | Callable[[], pd.DataFrame],
        keep: np.ndarray,
        positions: _Positions,
    ) -> None:
        self._source = source
        if callable(articles):  # the panel's, made when a view first reads them
            self._make_articles = articles
        else:
            self.articles = articles
        self._keep = keep
        self._positions = positions

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name == "articles":
            self.articles = self._make_articles()
            return self.articles
        value = getattr(self._source, name)
        if isinstance(value, pd.DataFrame) and "article_id" in value.columns:
            rows = self._positions.of(name, value)
            chosen = np.zeros(len(rows), dtype=bool)
            known = rows >= 0
            chosen[known] = self._keep[rows[known]]
            value = value.copy(deep=False) if chosen.all() else value[chosen]
            self.__dict__[name] = value  # later reads are plain attribute reads
        return value

    def subset(self, article_ids: Iterable[str]) -> Any:
        """`Corpus.subset` within the filtered articles."""
        shown = set(self.articles["article_id"])
        return self._source.subset([i for i in article_ids if i in shown])

    def __len__(self) -> int:
        return int(self._keep.sum())

    def __repr__(self) -> str:
        return f"FilteredCorpus({len(self)} of {len(self._source.articles)} articles)"


class _Positions:
    """For each frame of a corpus, the row in `articles` of every row's `article_id`."""

    def __init__(self, articles: pd.DataFrame) -> None:
        self._index = pd.Index(articles["article_id"])
        self._rows: dict[str, np.ndarray] = {}

    def of(self, name: str, frame: pd.DataFrame) -> np.ndarray:
        rows = self._rows.get(name)
        if rows is None or len(rows) != len(frame):
            codes = pd.Categorical(frame["article_id"], categories=self._index).codes
            rows = self._rows[name] = np.asarray(codes, dtype=np.int64)
        return rows


@dataclass
class _View:
    name: str
    compute: Callable[..., pd.DataFrame]
    draw: Callable[[pd.DataFrame], go.Figure] | None
    controls: tuple[str, ...]
    widget: widgets.DOMWidget
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    drawn: bool = False


def _to_day(value: object) -> str | None:
    """A bound as an ISO day in Jakarta time (for placing it on the slider)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(TIMEZONE).tz_localize(None)
    return stamp.strftime("%Y-%m-%d")


def _raw_data(fig: go.Figure) -> list[dict[str, Any]]:
    raw = getattr(fig, "_data", None)
    if isinstance(raw, list) and len(raw) == len(fig.data):
        return raw
    return [trace.to_plotly_json() for trace in fig.data]


def copy_figure(widget: go.FigureWidget, fig: go.Figure, *, first: bool = False) -> None:
    """Copy `fig` into `widget` in place: the same trace objects when the traces line up.

    The copy is one `plotly_update` message (what `batch_update()` sends when its block
    ends), fed with the new figure's already validated values: validating them a second
    time through property setters cost more than drawing. Trace properties are replaced,
    not merged, so nothing stale survives; axis ranges are kept after the first draw (they
    hold the user's zoom); annotations, shapes and title are replaced, so an empty-state
    note disappears when data returns. A different number or type of traces replaces the
    tuple of traces.
    """
    new = fig.data
    same = len(widget.data) == len(new) and all(
        o.type == n.type for o, n in zip(widget.data, new, strict=True)
    )
    if not same:
        widget.data = ()
        if new:
            widget.add_traces(list(new))
    restyle: dict[str, list[Any]] = {}
    indexes: list[int] = []
    if same and new:
        indexes = list(range(len(new)))
        # A figure's `_data` holds its traces' validated plain dicts: reading it copies
        # nothing, where to_plotly_json() deep-copies every array (most of a redraw's time).
        fresh = _raw_data(fig)
        held = [set(d) for d in _raw_data(widget)]
        for key in set().union(*held, *fresh) - {"type", "uid"}:
            restyle[key] = [f.get(key) for f in fresh]  # None removes a stale property
    if first:
        layout = fig.layout.to_plotly_json()
    else:  # the template is sent once; copying it on every redraw is the other big cost
        raw = getattr(fig, "_layout", None)
        raw = raw if isinstance(raw, dict) else fig.layout.to_plotly_json()
        layout = {k: v for k, v in raw.items() if k != "template"}
    relayout: dict[str, Any] = {key: None for key in _RESET_LAYOUT_KEYS if key not in layout}
    # Arrays of layout objects go through the setters: the Python side caches them as objects.
    arrays = {key: relayout.pop(key, None) for key in _LAYOUT_ARRAYS}
    arrays.update({key: layout.pop(key) for key in _LAYOUT_ARRAYS if key in layout})
    for key, value in layout.items():
        if _AXIS.match(key) and isinstance(value, dict) and not first:
            relayout.update({f"{key}.{k}": v for k, v in value.items() if k not in _USER_AXIS_KEYS})
        else:
            relayout[key] = value
    if not first:  # axes that an empty state hid come back unless the new figure hides them
        held_axes = [k for k in getattr(widget, "_layout", {}) if _AXIS.match(k)]
        for key in {*held_axes, *(k for k in layout if _AXIS.match(k))}:
            if not (isinstance(layout.get(key), dict) and "visible" in layout[key]):
                relayout[f"{key}.visible"] = None
    widget.plotly_update(restyle_data=restyle, relayout_data=relayout, trace_indexes=indexes)
    changed = {k: v for k, v in arrays.items() if (v or None) != (widget.layout[k] or None)}
    if changed:
        with widget.batch_update():
            for key, value in changed.items():
                widget.layout[key] = value


class FilterPanel:
    """Filter widgets over a corpus (or a plain articles frame) and the views they redraw.

    `value` is the dict of `filter_articles` keyword arguments (get and set; setting
    validates, updates the widgets and redraws once). `articles` is the filtered frame,
    `corpus` the filtered corpus. Empty multi-selections mean "all".
    """

    def __init__(
        self,
        corpus: Any,
        *,
        date_field: str = "published",
        export_dir: str | Path = "figures",
        lexicon_version: str | None = None,
    ) -> None:
        require_choice("date_field", date_field, DATE_FIELDS)
        if isinstance(corpus, pd.DataFrame):
            corpus = ArticlesOnly(corpus)
        if not isinstance(getattr(corpus, "articles", None), pd.DataFrame):
            raise InvalidValue(
                f"FilterPanel needs a Corpus or an articles DataFrame, got {type(corpus).__name__}"
            )
        self._source = corpus
        self._closed = False
        # The input as it is now (copy-on-write: a shallow copy sees no later edits of it).
        self._input = corpus.articles.copy(deep=False)
        self._plain: pd.DataFrame | None = None  # what .articles selects from, made when first read
        base = self._input
        # The search index, built once in place of the folded text (100,000 articles: ~3 s
        # either way): a new query then reads postings, ~5-30 ms instead of a ~600 ms scan.
        self._index = None
        if FOLDED in base or "text" in base or "title" in base:
            try:
                self._index = text_index(base)
            except (TypeError, ValueError, pa.ArrowException):  # text Arrow cannot hold
                if FOLDED not in base:  # scan the folded text instead, folded once
                    base = base.assign(**{FOLDED: folded_text(base)})
        # Categorical outlet and language: membership tests compare small integer codes.
        for column in ("outlet", "language"):
            if column in base and not isinstance(base[column].dtype, pd.CategoricalDtype):
                base = base.assign(**{column: base[column].astype("category")})
        self._base = base  # what the filters search
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._positions = None if isinstance(corpus, ArticlesOnly) else _Positions(corpus.articles)
        self._total = len(base)
        self.export_dir = Path(export_dir)
        self.lexicon_version = lexicon_version
        self._membership = [k for k, (col, _) in MEMBERSHIP.items() if col in base]
        self._state: dict[str, Any] = self._default_state(date_field)
        self._syncing = False
        self._views: dict[str, _View] = {}
        self._controls: dict[str, widgets.ValueWidget] = {}
        self._articles: pd.DataFrame | None = None  # None: not selected yet
        self._keep = np.ones(self._total, dtype=bool)
        self._n = self._total
        self._corpus_cache: Any = None
        self._build_widgets()
        self._refresh()

    # ---- state -------------------------------------------------------------------------
    @property
    def filter_keys(self) -> tuple[str, ...]:
        """The keys `value` holds: the basic filters plus membership filters this corpus has."""
        return (*FILTER_KEYS, *self._membership)

    def _default_state(self, date_field: str) -> dict[str, Any]:
        state: dict[str, Any] = dict.fromkeys(self.filter_keys)
        state["date_field"] = date_field
        return state

    @property
    def value(self) -> dict[str, Any]:
        """The current filters, as keyword arguments for `helpers.filter_articles`."""
        return dict(self._state)

    @value.setter
    def value(self, new: Mapping[str, Any]) -> None:
        if self._closed:
            raise InvalidValue(
                "this panel is closed (by close(), or by building its walkthrough's panel "
                "again); set the filters of the panel now in use"
            )
        unknown = sorted(set(new) - set(self.filter_keys))
        if unknown:
            raise InvalidValue(
                f"FilterPanel.value: {unknown} are not filters here; valid keys are "
                f"{list(self.filter_keys)}"
            )
        state = self._default_state(new.get("date_field") or self._state["date_field"])
        for key, item in new.items():
            if key == "date_field":
                continue
            state[key] = self._normalise(key, item)
        mask = self._mask(state)  # raises before anything changes
        self._state = state
        self._sync_widgets()
        self._refresh(mask=mask)

    def _mask(self, state: Mapping[str, Any]) -> np.ndarray:
        """`article_mask` of the state, with the text search's mask remembered per query."""
        query = state.get("query")
        mask = article_mask(self._base, **{**state, "query": None})
        if query is None:
            return mask
        found = self._queries.get(query) if isinstance(query, str) else None
        if found is None:
            found = query_mask(self._base, query, index=self._index)
            self._queries[query] = found
            while len(self._queries) > _QUERY_CACHE:
                self._queries.popitem(last=False)
        else:
            self._queries.move_to_end(query)
        return mask & found

    def update(self, **changes: Any) -> None:
        """Change some filters and keep the others (`panel.update(query="Taiwan")`)."""
        self.value = {**self._state, **changes}

    @staticmethod
    def _normalise(key: str, item: Any) -> Any:
        if item is None:
            return None
        if key == "query":
            return item if not isinstance(item, str) or item.strip() else None
        if key == "date_range":
            if isinstance(item, list):
                item = tuple(item)
            if isinstance(item, tuple) and all(b is None for b in item):
                return None
            return item
        values = as_tuple(item)
        return values or None  # an empty selection in the panel means "all"

    @property
    def articles(self) -> pd.DataFrame:
        """The articles that pass the current filters (the input's columns, in its order).

        Selected when first read after a change, not on every change: selecting the rows of
        every column cost 20-50 ms at 100,000 articles, and the 02 and 03 views read the
        row mask instead."""
        if self._articles is None:
            keep, plain = self._keep, self._selectable()
            self._articles = plain.copy(deep=False) if keep.all() else plain[keep]
        return self._articles

    def _selectable(self) -> pd.DataFrame:
        """The input's articles with the long text columns as Python strings (object), made
        the first time rows are selected. Selecting rows then copies pointers, where Arrow
        copies every selected character (100,000 articles: ~60 ms of each filter change).
        Made on demand because it is the text once more in memory (0.26-0.36 GB measured at
        100,000 articles), and the 02 and 03 views read the row mask, never these rows."""
        if self._plain is None:
            plain = self._input
            long_text = {
                c: plain[c].astype(object)
                for c in _LONG_TEXT
                if c in plain and not pd.api.types.is_object_dtype(plain[c])
            }
            if long_text:
                plain = plain.copy(deep=False)  # the other columns stay shared, not copied
                for column, values in long_text.items():
                    plain[column] = values
            self._plain = plain
        return self._plain

    @property
    def corpus(self) -> Any:
        """The filtered corpus (`Corpus.subset` of the matching article ids)."""
        if self._corpus_cache is None:
            if isinstance(self._source, ArticlesOnly) or self._positions is None:
                self._corpus_cache = ArticlesOnly(self.articles)
            else:
                self._corpus_cache = FilteredCorpus(
                    self._source, lambda: self.articles, self._keep, self._positions
                )
        return self._corpus_cache

    # ---- widgets -----------------------------------------------------------------------
    def _build_widgets(self) -> None:
        style = {"description_width": "initial"}
        outlets = sorted(self._present("outlet"), key=str.casefold)
        self.outlets = widgets.SelectMultiple(
            options=outlets,
            rows=min(max(len(outlets), 2), 6),
            description="Outlets",
            tooltip="None selected means all outlets",
            style=style,
        )
        languages = sorted(self._present("language"))
        self.languages = widgets.SelectMultiple(
            options=languages,
            rows=min(max(len(languages), 2), 4),
            description="Language",
            style=style,
            layout=widgets.Layout(width="180px"),
        )
        self.members: dict[str, widgets.SelectMultiple] = {}
        for key in self._membership:
            column = MEMBERSHIP[key][0]
            present = {
                v
                for cell in self._base[column].dropna()
                for v in (cell if isinstance(cell, tuple | list | set | frozenset) else (cell,))
            }
            options = sorted(present, key=str)
            self.members[key] = widgets.SelectMultiple(
                options=options,
                rows=min(max(len(options), 2), 6),
                description=key.capitalize(),
                style=style,
            )
        self.date_field = widgets.ToggleButtons(
            options=[("Published", "published"), ("Event date", "event_date")],
            value=self._state["date_field"],
            description="Date",
            style={**style, "button_width": "100px"},
        )
        self.dates = widgets.SelectionRangeSlider(
            options=[("no dates", "")],
            index=(0, 0),
            continuous_update=False,
            readout=False,  # the slider's readout truncates two dates; date_label shows them
            description="Range",
            style=style,
            layout=widgets.Layout(width="360px"),
        )
        self.date_label = widgets.HTML()
        self.query = widgets.Text(
            placeholder='words or "a phrase" (Enter to apply)',
            description="Search",
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="420px"),
        )
        self.count = widgets.HTML()
        self.errors = widgets.Output(layout=widgets.Layout(max_height="240px", overflow="auto"))
        self.export_button = widgets.Button(description="Export figures", icon="download")
        self.export_status = widgets.HTML()
        self._controls_box = widgets.HBox([])
        self._views_box = widgets.VBox([])
        self._set_date_options(self._state["date_field"])

        self.outlets.observe(self._handler("outlets"), names="value")
        self.languages.observe(self._handler("languages"), names="value")
        for key, box in self.members.items():
            box.observe(self._handler(key), names="value")
        self.date_field.observe(self._on_date_field, names="value")
        self.dates.observe(self._handler("date_range"), names="value")
        self.query.observe(self._handler("query"), names="value")
        self.export_button.on_click(self._on_export)

        selectors = [self.outlets, self.languages, *self.members.values()]
        self.controls = widgets.VBox(
            [
                widgets.HBox(selectors),
                widgets.HBox([self.date_field, self.dates, self.date_label]),
                widgets.HBox([self.query, self.export_button]),
                self._controls_box,
            ]
        )
        self.widget = widgets.VBox(
            [self.controls, self.count, self.errors, self._views_box, self.export_status]
        )

    def _present(self, column: str) -> list[str]:
        if column not in self._base:  # a plain frame may lack it; its selector stays empty
            return []
        return [str(v) for v in self._base[column].dropna().unique()]

    def _day_options(self, date_field: str) -> list[tuple[str, str]]:
        if date_field not in self._base:
            return []
        days = pd.to_datetime(self._base[date_field], errors="coerce").dropna()
        if days.empty:
            return []
        if getattr(days.dt, "tz", None) is not None:
            days = days.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
        span = pd.date_range(days.min().normalize(), days.max().normalize(), freq="D")
        return [(d.strftime("%Y-%m-%d"), d.strftime("%Y-%m-%d")) for d in span]

    def _set_date_options(self, date_field: str) -> None:
        options = self._day_options(date_field)
        self._day_values = [v for _, v in options]
        was = self._syncing
        self._syncing = True
        try:
            self.dates.options = options or [("no dates", "")]
            self.dates.index = (0, max(len(options) - 1, 0))
            self.dates.disabled = not options
        finally:
            self._syncing = was

    def _show_date_range(self) -> None:
        days = self._day_values
        if not days:
            self.date_label.value = "<em>no dates of this kind in the corpus</em>"
            return
        lo, hi = self.dates.index
        note = " (all dates)" if (lo, hi) == (0, len(days) - 1) else ""
        self.date_label.value = f"{days[lo]} → {days[hi]}<em>{note}</em>"

    def _sync_widgets(self) -> None:
        """Show `self._state` in the widgets without triggering their handlers."""
        self._syncing = True
        try:
            state = self._state
            self.outlets.value = tuple(state["outlets"] or ())
            self.languages.value = tuple(state["languages"] or ())
            for key, box in self.members.items():
                box.value = tuple(state[key] or ())
            self.query.value = state["query"] or ""
            if self.date_field.value != state["date_field"]:
                self.date_field.value = state["date_field"]
                self._set_date_options(state["date_field"])
            self.dates.index = self._slider_index(state["date_range"])
        finally:
            self._syncing = False

    def _slider_index(self, date_range: Any) -> tuple[int, int]:
        days = self._day_values
        last = max(len(days) - 1, 0)
        if not days or date_range is None:
            return (0, last)
        start, end = (_to_day(b) for b in date_range)
        lo = 0 if start is None else min(bisect.bisect_left(days, start), last)
        hi = last if end is None else max(bisect.bisect_right(days, end) - 1, 0)
        return (min(lo, hi), max(lo, hi))

    def _widget_value(self, key: str) -> Any:
        if key == "date_range":
            lo, hi = self.dates.index
            if not self._day_values or (lo, hi) == (0, len(self._day_values) - 1):
                return None  # the full range keeps undated articles too
            return (self._day_values[lo], self._day_values[hi])
        if key == "query":
            return self.query.value.strip() or None
        box = {"outlets": self.outlets, "languages": self.languages, **self.members}[key]
        return tuple(box.value) or None

    def _handler(self, key: str) -> Callable[[dict], None]:
        def handle(change: dict) -> None:
            if self._syncing:
                return
            try:
                self._state = {**self._state, key: self._widget_value(key)}
                self._refresh()
            except Exception as err:  # shown to the analyst, never swallowed
                self._show_error(f"filter {key!r}", err)

        return handle

    def _on_date_field(self, change: dict) -> None:
        if self._syncing:
            return
        try:
            self._set_date_options(change["new"])
            self._state = {**self._state, "date_field": change["new"], "date_range": None}
            self._refresh()
        except Exception as err:
            self._show_error("date field", err)

    def _show_error(self, where: str, err: BaseException) -> None:
        text = "".join(traceback.format_exception(type(err), err, err.__traceback__))
        self.errors.append_stderr(f"Error in {where}: {err}\n{text}")

    # ---- views -------------------------------------------------------------------------
    def add_control(self, name: str, widget: widgets.ValueWidget) -> widgets.ValueWidget:
        """Add a walkthrough-specific selector; views that list it in `controls=` redraw."""
        taken = {*self.filter_keys, *self._controls}
        if name in taken:
            raise InvalidValue(f"control name {name!r} is taken; in use: {sorted(taken)}")
        if not hasattr(widget, "value"):
            raise InvalidValue(f"control {name!r} must be a widget with a .value")
        self._controls[name] = widget
        self._controls_box.children = (*self._controls_box.children, widget)

        def handle(change: dict) -> None:
            readers = [v for v in self._views.values() if name in v.controls]
            for view in readers:
                self._draw(view)

        widget.observe(handle, names="value")
        return widget

    def _check_view(self, name: str, controls: Sequence[str]) -> tuple[str, ...]:
        if not isinstance(name, str) or not name.strip():
            raise InvalidValue(f"view name {name!r} must be a non-empty string")
        if name in self._views:
            raise InvalidValue(f"a view named {name!r} exists; views: {sorted(self._views)}")
        controls = tuple(as_tuple(controls) or ())
        known = ["date_field", *self._controls]
        bad = [c for c in controls if c not in known]
        if bad:
            raise InvalidValue(
                f"view {name!r} reads unknown control(s) {bad}; add them with add_control "
                f"first; known: {known}"
            )
        return controls

    def add_view(
        self,
        name: str,
        compute: Callable[..., pd.DataFrame],
        draw: Callable[[pd.DataFrame], go.Figure],
        *,
        controls: Sequence[str] = (),
    ) -> go.FigureWidget:
        """Register a figure: `draw(compute(corpus, **controls))`, redrawn on every change.

        Returns the `go.FigureWidget`, created once and updated in place afterwards.
        `controls` names widgets added with `add_control` (or `"date_field"`, the panel's
        date toggle); their values are passed to `compute` as keyword arguments.
        """
        controls = self._check_view(name, controls)
        view = _View(name, compute, draw, controls, go.FigureWidget())
        self._views[name] = view
        self._views_box.children = (*self._views_box.children, view.widget)
        self._draw(view)
        return view.widget

    def add_table(
        self,
        name: str,
        compute: Callable[..., pd.DataFrame],
        *,
        controls: Sequence[str] = (),
    ) -> widgets.HTML:
        """Register a table, shown as escaped HTML (article text renders literally)."""
        controls = self._check_view(name, controls)
        box = widgets.HTML(layout=widgets.Layout(max_height="360px", overflow="auto"))
        view = _View(name, compute, None, controls, box)
        self._views[name] = view
        self._views_box.children = (*self._views_box.children, box)
        self._draw(view)
        return box

    @property
    def views(self) -> dict[str, widgets.DOMWidget]:
        """The registered views' widgets by name."""
        return {name: view.widget for name, view in self._views.items()}

    def _control_values(self, view: _View) -> dict[str, Any]:
        values = {"date_field": self._state["date_field"]}
        values.update({name: w.value for name, w in self._controls.items()})
        return {c: values[c] for c in view.controls}

    def _draw(self, view: _View) -> None:
        try:
            if not self._n:
                view.frame = pd.DataFrame()
                if view.draw is None:
                    view.widget.value = f"<p><em>{NO_MATCH}.</em></p>"
                    return
                title = view.widget.layout.title.to_plotly_json() if view.drawn else {}
                fig = empty_state(go.Figure(layout={"title": title}), NO_MATCH)
                copy_figure(view.widget, apply_template(fig), first=not view.drawn)
            else:
                frame = view.compute(self.corpus, **self._control_values(view))
                if not isinstance(frame, pd.DataFrame):
                    raise TypeError(
                        f"view {view.name!r}: compute returned {type(frame).__name__}, "
                        "expected a DataFrame"
                    )
                view.frame = frame
                if view.draw is None:
                    view.widget.value = render_table(frame)
                    return
                fig = view.draw(frame)
                if not isinstance(fig, go.Figure):
                    raise TypeError(
                        f"view {view.name!r}: draw returned {type(fig).__name__}, "
                        "expected a plotly go.Figure"
                    )
                copy_figure(view.widget, fig, first=not view.drawn)
            view.drawn = True
        except Exception as err:
            self._show_error(f"view {view.name!r}", err)

    def _refresh(self, *, mask: Any = None) -> None:
        self.errors.outputs = ()
        if mask is None:
            mask = self._mask(self._state)
        self._keep = mask
        self._articles = None
        self._corpus_cache = None
        n = self._n = int(mask.sum())
        self._show_date_range()
        note = "" if n else f" · <b>{NO_MATCH}</b>"
        self.count.value = f"<b>{n:,}</b> of {self._total:,} articles match{note}"
        for view in self._views.values():
            self._draw(view)

    # ---- export and display ------------------------------------------------------------
    def provenance(self) -> dict[str, Any]:
        """What the exports record: the filters, controls and the filtered corpus."""
        from helpers.export import build_provenance

        controls = {name: w.value for name, w in self._controls.items()}
        # The rows as selected already, else selected for this alone: an export should not
        # leave the panel holding the text copy that `.articles` selects from.
        rows = self._articles if self._articles is not None else self._input[self._keep]
        return build_provenance(
            rows,
            filters=self.value,
            controls=controls,
            lexicon_version=self.lexicon_version,
            corpus=self._input,
        )

    def export(self, out_dir: str | Path | None = None, **kwargs: Any) -> list[Path]:
        """Write every view as it looks now (figures and their data) to `out_dir`."""
        from helpers.export import export_figure, export_session, export_table

        out = Path(out_dir) if out_dir is not None else self.export_dir
        provenance = self.provenance()
        paths: list[Path] = []
        with export_session():
            for view in self._views.values():
                if view.draw is None:
                    paths += export_table(view.frame, view.name, out_dir=out, provenance=provenance)
                else:
                    paths += export_figure(
                        go.Figure(view.widget),
                        view.name,
                        data=view.frame,
                        out_dir=out,
                        provenance=provenance,
                        **kwargs,
                    )
        return paths

    def _on_export(self, button: widgets.Button) -> None:
        try:
            self.export_status.value = "<em>Exporting…</em>"
            paths = self.export()
            items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in paths)
            self.export_status.value = f"Wrote {len(paths)} file(s):<ul>{items}</ul>"
        except Exception as err:
            self.export_status.value = "<b>Export failed</b> (details above)"
            self._show_error("export", err)

    def show(self) -> None:
        """Display the controls and every view (a cell ending in `panel` does the same)."""
        from IPython.display import display

        display(self.widget)

    def close(self) -> None:
        """Close every widget of the panel and let go of its views, indexes and rows.

        What it held is freed even while a variable still names the panel or one of its
        widgets; a closed panel takes no more changes. Building a walkthrough's panel again
        closes the old one (`replace_walkthrough_panel`)."""
        roots = [self.widget, *self._controls.values(), *(v.widget for v in self._views.values())]
        for widget in _widget_tree(roots):
            widget.close()
        self._closed = True
        self._views.clear()
        self._controls.clear()
        self._queries.clear()
        self._index = self._plain = self._articles = self._corpus_cache = None
        self._source = self._input = self._base = self._positions = None
        self._keep = np.zeros(0, dtype=bool)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return (
            f"FilterPanel({self._n} of {self._total} articles, "
            f"views={list(self._views)}, value={self.value})"
        )


def render_table(frame: pd.DataFrame, *, max_rows: int = 200) -> str:
    """A frame as escaped HTML: cell text shows literally, long cells are shortened.

    >>> "&lt;script&gt;" in render_table(pd.DataFrame({"text": ["<script>"]}))
    True
    """
    if frame.empty:
        return "<p><em>Nothing to show.</em></p>"
    # The markup `DataFrame.to_html(escape=True, index=False, border=0)` writes, built here:
    # pandas' formatter took 5 ms of a 100-row table's 7, on every filter change.
    head = "".join(f"      <th>{_escape(str(c))}</th>\n" for c in frame.columns)
    rows = "".join(
        "    <tr>\n"
        + "".join(f"      <td>{_escape(_cell_text(v))}</td>\n" for v in row)
        + "    </tr>\n"
        for row in frame.head(max_rows).itertuples(index=False, name=None)
    )
    table = (
        '<table class="dataframe warta-table">\n  <thead>\n    <tr style="text-align: right;">\n'
        f"{head}    </tr>\n  </thead>\n  <tbody>\n{rows}  </tbody>\n</table>"
    )
    more = f"<p><em>first {max_rows} of {len(frame)} rows</em></p>" if len(frame) > max_rows else ""
    return f"<div style='font-size:12px'>{table}</div>{more}"


def _cell_text(value: object) -> str:
    """What a table cell shows of a value: empty for missing, lists joined, long text cut."""
    if isinstance(value, tuple | list | set | frozenset):
        # Only as many items as can show: a wire claim may list half a million pairs.
        text = "; ".join(map(str, itertools.islice(value, _TABLE_CELL_CHARS)))
    elif value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        text = ""
    else:
        text = str(value)
    return text if len(text) <= _TABLE_CELL_CHARS else text[: _TABLE_CELL_CHARS - 1] + "…"


_CONTROL = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escape(text: str) -> str:
    """A cell as pandas' `to_html(escape=True)` writes it: `&`, `<`, `>` escaped (cells are
    not attributes), tabs and line breaks shown as `\\t` and `\\n`, the ends stripped."""
    return html.escape(text.translate(_CONTROL), quote=False).strip()
