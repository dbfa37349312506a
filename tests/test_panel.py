"""FilterPanel driven from code, as a notebook cell, papermill or a widget callback would."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import helpers
from helpers.errors import InvalidValue
from helpers.figures.corpus import timeline_bars
from helpers.figures.template import NO_MATCH
from helpers.panel import FilterPanel, copy_figure

JKT = "Asia/Jakarta"


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "outlet": pd.array(["ANTARA", "Xinhua", None, "ANTARA"], dtype="string"),
            "language": ["id", "id", "id", "en"],
            "title": ["<b>Xi</b> & Putin", "Taiwan", "Tanpa outlet", "Café"],
            "text": ["Xi bertemu Putin", "“Kemerdekaan Taiwan”", "Xi lagi", "cafe talk"],
            "published": pd.to_datetime(
                ["2025-01-22 02:08", None, "2024-04-09 10:00", "2024-05-01 00:00"]
            ).tz_localize(JKT),
            "event_date": pd.to_datetime(["2025-01-21", "2022-12-30", None, "2024-04-09"]),
        }
    )


def per_outlet(corpus) -> pd.DataFrame:
    counts = corpus.articles["outlet"].fillna("?").value_counts().sort_index()
    return pd.DataFrame({"outlet": counts.index, "articles": counts.to_numpy()})


def one_bar(frame: pd.DataFrame) -> go.Figure:
    fig = go.Figure(go.Bar(x=list(frame["outlet"]), y=list(frame["articles"]), name="n"))
    return fig.update_layout(title={"text": f"{frame['articles'].sum()} articles"})


def test_public_name_and_plain_frame(articles):
    panel = helpers.FilterPanel(articles)
    assert panel.count.value == "<b>4</b> of 4 articles match"
    assert list(panel.outlets.options) == ["ANTARA", "Xinhua"]
    assert panel.value == {
        "outlets": None,
        "date_range": None,
        "date_field": "published",
        "languages": None,
        "query": None,
    }
    # no helper column leaks out; long text is held as Python strings (cheap row selection)
    pd.testing.assert_frame_equal(panel.articles, articles, check_dtype=False)
    assert list(panel.articles.columns) == list(articles.columns)


def test_set_value_updates_widgets_state_and_redraws_once(articles):
    calls = []

    def compute(corpus):
        calls.append(len(corpus.articles))
        return per_outlet(corpus)

    panel = FilterPanel(articles)
    fig = panel.add_view("per-outlet", compute, one_bar)
    trace = fig.data[0]
    assert list(trace.y) == [1, 2, 1]
    calls.clear()

    panel.value = {"outlets": ["ANTARA", "Xinhua"], "query": "xi", "languages": "id"}
    assert calls == [1]  # one redraw for three widgets
    assert panel.outlets.value == ("ANTARA", "Xinhua")
    assert panel.query.value == "xi"
    assert panel.languages.value == ("id",)
    assert panel.value["outlets"] == ("ANTARA", "Xinhua")
    assert panel.articles["article_id"].tolist() == ["a"]
    assert panel.count.value.startswith("<b>1</b> of 4")
    # the FigureWidget and its trace are the same objects, updated in place
    assert panel.views["per-outlet"] is fig
    assert fig.data[0] is trace
    assert list(trace.x) == ["ANTARA"] and list(trace.y) == [1]
    assert fig.layout.title.text == "1 articles"


def test_invalid_value_raises_and_keeps_state(articles):
    panel = FilterPanel(articles)
    panel.value = {"query": "xi"}
    with pytest.raises(
        InvalidValue, match=r"\['Kompas'\].*valid values are \['ANTARA', 'Xinhua'\]"
    ):
        panel.value = {"outlets": ["Kompas"]}
    with pytest.raises(InvalidValue, match=r"\['colour'\] are not filters here; valid keys"):
        panel.value = {"colour": "red"}
    assert panel.value["query"] == "xi"
    assert panel.query.value == "xi"


def test_update_merges(articles):
    panel = FilterPanel(articles)
    panel.update(query="xi")
    panel.update(outlets="ANTARA")
    assert panel.value["query"] == "xi" and panel.value["outlets"] == ("ANTARA",)
    assert panel.articles["article_id"].tolist() == ["a"]


def test_widgets_drive_the_state(articles):
    panel = FilterPanel(articles, date_field="event_date")
    fig = panel.add_view("per-outlet", per_outlet, one_bar)
    panel.outlets.value = ("Xinhua",)
    assert panel.value["outlets"] == ("Xinhua",)
    assert list(fig.data[0].x) == ["Xinhua"]
    panel.outlets.value = ()  # nothing selected means all outlets
    assert panel.value["outlets"] is None and len(panel.articles) == 4
    # the slider spans the event dates; narrowing it sets date_range, full range clears it
    assert panel.dates.options[0][1] == "2022-12-30"
    last = len(panel.dates.options) - 1
    panel.dates.index = (0, last - 1)
    assert panel.value["date_range"] == ("2022-12-30", "2025-01-20")
    assert panel.date_label.value == "2022-12-30 → 2025-01-20<em></em>"
    assert panel.articles["article_id"].tolist() == ["b", "d"]
    panel.dates.index = (0, last)
    assert panel.value["date_range"] is None and len(panel.articles) == 4
    panel.date_field.value = "published"
    assert panel.value["date_field"] == "published"
    assert panel.dates.options[0][1] == "2024-04-09"
    panel.query.value = "café"
    assert panel.articles["article_id"].tolist() == ["d"]


def test_value_date_range_moves_the_slider(articles):
    panel = FilterPanel(articles, date_field="event_date")
    panel.value = {"date_field": "event_date", "date_range": ("2024-01-01", None)}
    lo, hi = panel.dates.value
    assert (lo, hi) == ("2024-01-01", "2025-01-21")
    assert panel.articles["article_id"].tolist() == ["a", "d"]
    panel.value = {"date_field": "published", "date_range": (pd.Timestamp("2025-01-01"), None)}
    assert panel.date_field.value == "published"
    assert panel.articles["article_id"].tolist() == ["a"]


def test_trace_count_change_replaces_traces_and_keeps_zoom(articles):
    panel = FilterPanel(articles, date_field="event_date")
    compute = lambda c: helpers.articles_over_time(c.articles, date_field="event_date")  # noqa: E731
    fig = panel.add_view("over-time", compute, timeline_bars)
    assert [t.name for t in fig.data] == ["ANTARA", "Xinhua"]
    fig.layout.xaxis.range = ["2024-01-01", "2025-06-01"]  # the user zooms
    panel.value = {"outlets": ["ANTARA"]}
    assert [t.name for t in fig.data] == ["ANTARA"]
    assert fig.layout.xaxis.range == ("2024-01-01", "2025-06-01")
    assert fig.layout.title.text == "Articles per outlet over time"


def test_hover_text_is_escaped(articles):
    panel = FilterPanel(articles, date_field="event_date")
    compute = lambda c: helpers.articles_over_time(c.articles, date_field="event_date")  # noqa: E731
    fig = panel.add_view("over-time", compute, timeline_bars)
    hover = " ".join(fig.data[0].hovertext)
    assert "&lt;b&gt;Xi&lt;/b&gt; &amp; Putin" in hover
    assert "<b>Xi</b>" not in hover


def test_empty_result_shows_a_clear_state_and_recovers(articles):
    panel = FilterPanel(articles)
    fig = panel.add_view("per-outlet", per_outlet, one_bar)
    panel.value = {"query": "no such word"}
    assert len(fig.data) == 0
    assert [a.text for a in fig.layout.annotations] == [NO_MATCH]
    assert NO_MATCH in panel.count.value
    assert fig.layout.title.text == "4 articles"  # the title stays; the data goes
    assert fig.layout.xaxis.visible is False  # no made-up axis ranges
    assert panel.errors.outputs == ()
    panel.value = {}
    assert len(fig.data) == 1 and fig.layout.annotations == ()
    assert fig.layout.xaxis.visible is None


def test_handler_errors_show_in_the_output_widget(articles):
    def fragile(corpus):
        if len(corpus.articles) == 1:
            raise RuntimeError("only one article: cannot compare")
        return per_outlet(corpus)

    panel = FilterPanel(articles)
    fig = panel.add_view("fragile", fragile, one_bar)
    panel.query.value = "taiwan"  # as if typed: the callback must not raise
    text = "".join(o.get("text", "") for o in panel.errors.outputs)
    assert "only one article: cannot compare" in text
    assert "Traceback" in text and "view 'fragile'" in text
    panel.query.value = ""  # a good change clears the errors and redraws
    assert panel.errors.outputs == ()
    assert list(fig.data[0].y) == [1, 2, 1]


def test_draw_must_return_a_figure(articles):
    panel = FilterPanel(articles)
    panel.add_view("bad", per_outlet, lambda frame: frame)
    text = "".join(o.get("text", "") for o in panel.errors.outputs)
    assert "expected a plotly go.Figure" in text


def test_controls_redraw_only_their_views(articles):
    calls = {"reads": [], "plain": 0}

    def reads(corpus, *, outlet_of_interest):
        calls["reads"].append(outlet_of_interest)
        return per_outlet(corpus)

    def plain(corpus):
        calls["plain"] += 1
        return per_outlet(corpus)

    panel = FilterPanel(articles)
    choose = panel.add_control("outlet_of_interest", widgets.Dropdown(options=["ANTARA", "Xinhua"]))
    panel.add_view("reads", reads, one_bar, controls=("outlet_of_interest",))
    panel.add_view("plain", plain, one_bar)
    choose.value = "Xinhua"
    assert calls["reads"] == ["ANTARA", "Xinhua"] and calls["plain"] == 1
    assert choose in panel.controls.children[-1].children
    with pytest.raises(InvalidValue, match=r"unknown control\(s\) \['theme'\].*add_control"):
        panel.add_view("x", plain, one_bar, controls=("theme",))
    with pytest.raises(InvalidValue, match="is taken"):
        panel.add_control("outlets", widgets.Dropdown(options=["a"]))
    with pytest.raises(InvalidValue, match="exists"):
        panel.add_view("plain", plain, one_bar)


def test_date_field_is_a_builtin_control(articles):
    seen = []
    panel = FilterPanel(articles)
    panel.add_view(
        "d",
        lambda c, date_field: seen.append(date_field) or per_outlet(c),
        one_bar,
        controls=("date_field",),
    )
    panel.date_field.value = "event_date"
    assert seen == ["published", "event_date"]


def test_membership_selectors_only_when_columns_exist(articles):
    assert FilterPanel(articles).members == {}
    themed = articles.assign(themes=[("taiwan",), ("economy", "taiwan"), (), ()])
    panel = FilterPanel(themed)
    assert list(panel.members) == ["themes"]
    assert list(panel.members["themes"].options) == ["economy", "taiwan"]
    panel.members["themes"].value = ("economy",)
    assert panel.value["themes"] == ("economy",)
    assert panel.articles["article_id"].tolist() == ["b"]


def test_table_is_escaped(articles):
    hostile = articles.assign(title=["<script>alert(1)</script>", "a & b", "x", "y"])
    panel = FilterPanel(hostile)
    table = panel.add_table("titles", lambda c: c.articles[["outlet", "title"]])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table.value
    assert "<script>" not in table.value
    panel.value = {"query": "nothing at all"}
    assert NO_MATCH in table.value


def test_seeds_corpus_subset_and_display(seeds_corpus, seed_ids):
    panel = FilterPanel(seeds_corpus, date_field="event_date")
    panel.value = {"outlets": ["ANTARA", "Xinhua"]}
    ids = {seed_ids["002"], seed_ids["004"]}
    assert set(panel.corpus.articles["article_id"]) == ids
    assert set(panel.corpus.sentences["article_id"]) == ids
    # the filtered corpus reads exactly like Corpus.subset, frame by frame
    expected = seeds_corpus.subset(sorted(ids))
    for name in ("articles", "sentences", "removed", "extracted", "report"):
        got, want = getattr(panel.corpus, name), getattr(expected, name)
        pd.testing.assert_frame_equal(got, want, check_dtype=name != "articles")
    assert len(panel.corpus) == 2
    assert len(panel.corpus.subset([seed_ids["002"], seed_ids["000"]]).articles) == 1
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "2 of 5" in repr(panel)


def test_export_and_button(articles, tmp_path):
    panel = FilterPanel(articles, export_dir=tmp_path / "figs")
    panel.add_view("per outlet", per_outlet, one_bar)
    panel.add_table("titles", lambda c: c.articles[["article_id", "title"]])
    panel.value = {"outlets": "ANTARA"}
    paths = panel.export(out_dir=tmp_path / "html", formats=("html",))
    names = sorted(p.suffix for p in paths)
    assert names == [".csv", ".csv", ".html", ".json", ".json"]
    assert all(p.parent == (tmp_path / "html").resolve() for p in paths)
    panel.export_button.click()
    written = sorted(p.suffix for p in (tmp_path / "figs").iterdir())
    assert written == [".csv", ".csv", ".html", ".json", ".json", ".png", ".svg"]
    assert "Wrote 7 file(s)" in panel.export_status.value
    assert panel.errors.outputs == ()


def test_minimal_and_empty_frames():
    minimal = FilterPanel(pd.DataFrame({"article_id": ["a"], "text": ["Xi bertemu Putin"]}))
    assert minimal.outlets.options == () and minimal.dates.disabled
    minimal.value = {"query": "putin"}
    assert minimal.count.value.startswith("<b>1</b> of 1")
    empty = FilterPanel(pd.DataFrame({"article_id": [], "text": []}))
    fig = empty.add_view("x", per_outlet, one_bar)
    assert [a.text for a in fig.layout.annotations] == [NO_MATCH]
    assert empty.errors.outputs == ()


def test_timeline_bars_sends_dates_plotly_js_reads():
    # A datetime64 numpy array reaches the widget as something plotly.js cannot read as dates.
    from helpers.figures.corpus import timeline_bars

    frame = pd.DataFrame({"outlet": ["ANTARA"], "event_date": pd.to_datetime(["2024-04-09"])})
    fig = timeline_bars(helpers.articles_over_time(frame, date_field="event_date"))
    assert list(fig.data[0].x) == ["2024-04-01T00:00:00"]
    widget = go.FigureWidget()
    copy_figure(widget, fig, first=True)
    assert list(widget.data[0].x) == ["2024-04-01T00:00:00"]


def test_a_long_tuple_cell_shows_the_same_text_as_joining_everything():
    from helpers.panel import _TABLE_CELL_CHARS, render_table

    items = tuple(f"a{i}" for i in range(5 * _TABLE_CELL_CHARS))
    full = "; ".join(items)
    expected = full[: _TABLE_CELL_CHARS - 1] + "…"
    assert f"<td>{expected}</td>" in render_table(pd.DataFrame({"pairs": [items]}))


TABLES = {
    "hostile": pd.DataFrame(
        {
            "a<b>": ["<script>alert(1)</script>", None, "x & y \"q\" 'r'", "line\nbreak", "  sp  "],
            "n": [1, 2, np.nan, 4, 5],
            "t": [(1, 2), [], "z" * 500, pd.NA, pd.Timestamp("2024-01-01", tz="Asia/Jakarta")],
        }
    ),
    "numbers": pd.DataFrame({1: [1.5, 2.25], "é": ["ü", "\ttab\r"]}),
    "long": pd.DataFrame({"x": range(250), "s": pd.array([f"<{i}>" for i in range(250)], "str")}),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_render_table_writes_what_pandas_to_html_writes(name):
    """The table markup is built directly (pandas' formatter was most of a redraw); it is
    exactly what `to_html` made of the same cell texts."""
    from helpers.panel import _cell_text, render_table

    frame = TABLES[name]
    shown = frame.head(200).map(_cell_text)
    table = shown.to_html(escape=True, index=False, border=0, classes="warta-table")
    more = "<p><em>first 200 of 250 rows</em></p>" if len(frame) > 200 else ""
    assert render_table(frame) == f"<div style='font-size:12px'>{table}</div>{more}"


def test_settle_heap_frees_what_the_last_freeze_kept():
    import gc
    import weakref

    from helpers.panel import settle_heap

    class Node:
        pass

    node = Node()
    node.self = node  # a cycle: only the cyclic collector frees it
    ref = weakref.ref(node)
    settle_heap()
    del node
    gc.collect()
    assert ref() is not None  # frozen: out of the collector's rounds
    settle_heap()
    assert ref() is None  # the next settle collects it


@pytest.mark.parametrize("module", ["timeline", "themes", "compare"])
def test_walkthrough_panels_settle_the_heap(seeds_corpus, module):
    import gc
    import importlib

    gc.unfreeze()
    importlib.import_module(f"helpers.{module}.views").build_panel(seeds_corpus)
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize("module", ["helpers.themes.views", "helpers.compare.views"])
def test_walkthrough_views_read_the_row_mask_not_a_selected_frame(module, seeds_corpus):
    """A filter change in the 02 and 03 panels selects no articles frame (20-50 ms at
    100,000 articles); the frame is selected when something reads it, and is the filter's."""
    import importlib

    text_dtype = seeds_corpus.articles["text"].dtype
    panel = importlib.import_module(module).build_panel(seeds_corpus)
    # nor the copy of the text as Python strings that selecting rows reads (memory: the
    # text once more), until something reads the filtered frame
    assert panel._plain is None
    for change in ({"outlets": ["ANTARA", "Xinhua"]}, {"query": "kerja sama"}, {}):
        panel.value = change
        assert panel._articles is None, f"a view of {module} read the filtered frame"
        assert not panel.errors.outputs
        expected = helpers.filter_articles(seeds_corpus.articles, **panel.value)
        assert len(panel.corpus) == len(expected)
        assert panel.corpus.articles["article_id"].tolist() == expected["article_id"].tolist()
        assert panel.articles is panel.corpus.articles  # selected once, shared
        assert panel.articles["text"].dtype == object  # rows selected as pointers
        assert seeds_corpus.articles["text"].dtype == text_dtype  # the input is not changed


def test_outlet_views_take_the_panels_mask_as_their_keep(seeds_corpus):
    from helpers.compare.views import build_panel

    panel = build_panel(seeds_corpus)
    views = panel.outlet_views
    for change in ({"outlets": ["SinPo.id"]}, {"query": "Putin"}, {}):
        panel.value = change
        fast = views.keep(panel.corpus)
        assert not fast.flags.writeable and panel._keep.flags.writeable  # the panel's own stays
        np.testing.assert_array_equal(fast, views._rows_of(panel.corpus.articles))


@pytest.mark.parametrize("module", ["timeline", "themes", "compare"])
def test_building_a_walkthrough_panel_again_closes_the_old_one(module, seeds_corpus):
    """ipywidgets keeps every widget until it is closed, and a panel's widgets call back
    into it: without closing, each re-run of a build cell kept the old panel whole."""
    import importlib
    import weakref

    from helpers.panel import _widget_tree

    build = importlib.import_module(f"helpers.{module}.views").build_panel
    other = helpers.FilterPanel(seeds_corpus)  # built directly: never closed for you
    old = build(seeds_corpus)
    index = weakref.ref(old._index)
    widgets_of_old = _widget_tree([old.widget, *(v.widget for v in old._views.values())])
    assert all(w.comm is not None for w in widgets_of_old)
    new = build(seeds_corpus)
    assert all(w.comm is None for w in widgets_of_old)  # closed: gone from the registry
    assert index() is None  # what the old panel held is freed, though `old` still names it
    with pytest.raises(InvalidValue, match="closed"):
        old.value = {"query": "kerja sama"}
    new.value = {"query": "kerja sama"}
    assert not new.errors.outputs and "<b>" in new.count.value
    other.value = {"query": "kerja sama"}  # untouched
    assert other.widget.comm is not None


def test_a_walkthrough_build_closes_only_its_own_earlier_panel(seeds_corpus):
    from helpers.compare.views import build_panel as outlets_panel
    from helpers.themes.views import build_panel as themes_panel

    themes = themes_panel(seeds_corpus)
    outlets_panel(seeds_corpus)
    assert themes.widget.comm is not None and not themes._closed
