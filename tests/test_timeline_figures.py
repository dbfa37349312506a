"""Timeline view frames and figures: escaping, aggregation at scale, empty states."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from helpers.figures.timeline import coverage_figure, history_figure, lag_figure, timeline_figure
from helpers.timeline import coverage, events, history_refs, with_events
from helpers.timeline.views import history_counts, lag_by_outlet, timeline_frame


@pytest.fixture(scope="module")
def tagged(seeds_corpus):
    evs = events(seeds_corpus)
    return with_events(seeds_corpus.articles, evs), evs


def test_timeline_frame_on_seeds(tagged, seed_ids):
    articles, evs = tagged
    frame = timeline_frame(articles, evs)
    assert (frame["kind"] == "event").sum() == 3
    arts = frame[frame["kind"] == "article"].set_index("article_id")
    assert arts.loc[seed_ids["001"], "placed_at"] == "published"
    assert arts.loc[seed_ids["001"], "x"] == pd.Timestamp("2025-01-22 02:08")
    assert arts.loc[seed_ids["000"], "placed_at"] == "event date"
    assert arts.loc[seed_ids["000"], "x"] == pd.Timestamp("2025-01-21")
    assert bool(arts.loc[seed_ids["000"], "inferred"])
    assert arts.loc[seed_ids["003"], "row"] == "(unknown outlet)"


def test_timeline_aggregates_with_a_visible_note(tagged):
    articles, evs = tagged
    frame = timeline_frame(articles, evs, max_points=2)
    assert "articles (daily)" in set(frame["kind"])
    notes = frame.loc[frame["kind"] == "note", "label"].tolist()
    assert notes == [
        "5 articles shown as 5 outlet × day counts",
        "3 events shown as 3 daily counts",
    ]
    assert "events (daily)" in set(frame["kind"])
    fig = timeline_figure(frame)
    assert any("outlet × day counts" in a.text for a in fig.layout.annotations)


def test_timeline_figure_escapes_article_text(tagged):
    articles, evs = tagged
    articles = articles.assign(title="<script>alert(1)</script> & co")
    fig = timeline_figure(timeline_frame(articles, evs))
    hovers = [h for trace in fig.data for h in (trace.hovertext or ())]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in h for h in hovers)
    assert not any("<script>" in h for h in hovers)
    assert any("Balai Agung Rakyat Beijing" in h for h in hovers)  # evidence sentence on hover


def test_timeline_data_follows_the_articles(tagged):
    articles, evs = tagged
    full = timeline_figure(timeline_frame(articles, evs))
    one = timeline_figure(timeline_frame(articles[articles["outlet"] == "ANTARA"], evs))
    assert sum(len(t.x) for t in one.data) < sum(len(t.x) for t in full.data)
    # The same traces whatever the filters (redraws restyle in place); the rows follow.
    assert [t.name for t in one.data] == [t.name for t in full.data]
    articles_trace = next(t for t in one.data if t.name == "articles")
    assert set(articles_trace.y) == {"ANTARA"}
    # Times go out as ISO text: an in-place update would send datetime64 as nanoseconds.
    assert all(isinstance(x, str) for t in full.data for x in t.x if x is not None)


def test_timeline_empty():
    cols = ["article_id", "outlet", "published", "event_id"]
    fig = timeline_figure(timeline_frame(pd.DataFrame(columns=cols),
                                         pd.DataFrame(columns=["event_id", "date", "participants"])))  # fmt: skip
    assert isinstance(fig, go.Figure) and any(
        "No dated events" in a.text for a in fig.layout.annotations
    )


def test_coverage_figure(tagged):
    articles, evs = tagged
    fig = coverage_figure(coverage(articles, evs))
    heat = fig.data[0]
    assert list(heat.x) == ["(unknown outlet)", "ANTARA", "SinPo.id", "Suara.com", "Xinhua"]
    assert "26.1 h" in [cell for row in heat.text for cell in row]
    few = coverage_figure(coverage(articles, evs), max_events=1)
    assert len(few.data[0].y) == 1
    assert any("1 most covered of 3 events" in a.text for a in few.layout.annotations)


def test_lag_figure(tagged):
    articles, evs = tagged
    fig = lag_figure(lag_by_outlet(coverage(articles, evs)))
    assert list(fig.data[0].x) == ["SinPo.id"]
    assert any("no publication time for" in a.text for a in fig.layout.annotations)


def test_history_figure(seeds_corpus, tagged):
    _articles, evs = tagged
    counts = history_counts(history_refs(seeds_corpus, events=evs))
    fig = history_figure(counts)
    years = {x for trace in fig.data for x in trace.x}
    assert years == {"1945", "1949"}
    empty = history_figure(history_counts(history_refs(seeds_corpus).iloc[0:0]))
    assert any("No references" in a.text for a in empty.layout.annotations)


def test_timeline_views_match_the_plain_verbs(seeds_corpus, tagged, seed_ids):
    from helpers.timeline.views import TimelineViews, events_for

    articles, evs = tagged
    refs = history_refs(seeds_corpus, events=evs)
    views = TimelineViews(articles, evs, refs)
    for subset in (articles, articles[articles["outlet"] == "SinPo.id"], articles.iloc[[0, 3]]):
        pd.testing.assert_frame_equal(views.timeline(subset), timeline_frame(subset, evs))
        pd.testing.assert_frame_equal(views.events_shown(subset), events_for(subset, evs))
        pd.testing.assert_frame_equal(
            views.coverage(subset), coverage(subset, events_for(subset, evs))
        )
        expected = history_counts(refs[refs["article_id"].isin(subset["article_id"])])
        pd.testing.assert_frame_equal(
            views.history(subset).reset_index(drop=True), expected.reset_index(drop=True)
        )
        lag = views.lag(subset).set_index("outlet")
        plain = lag_by_outlet(coverage(subset, events_for(subset, evs))).set_index("outlet")
        pd.testing.assert_frame_equal(lag, plain.loc[lag.index], check_dtype=False)
    # A frame that is not rows of `articles` (a fresh index) is matched by id instead.
    fresh = articles.iloc[[4, 1]].reset_index(drop=True)
    assert views.events_shown(fresh)["n_shown"].tolist() == [1, 1]
    assert views.lag(articles).set_index("outlet").loc[
        "SinPo.id", "median_lag_hours"
    ] == pytest.approx(26 + 8 / 60)
