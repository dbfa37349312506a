"""Grouping articles into events; joining undated articles by similarity."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.errors import InvalidValue
from helpers.timeline import article_events, event_members, events, with_events
from helpers.timeline.people import load_people
from helpers.timeline.places import load_places
from helpers.timeline.similar import centroid, content_terms, cosine, idf, tfidf

XP = ("Vladimir Putin", "Xi Jinping")


@pytest.fixture(scope="module")
def seed_events(seeds_corpus):
    return events(seeds_corpus)


def test_three_seed_events(seed_events, seed_ids):
    s = seed_ids
    expected = pd.DataFrame(
        {
            "event_id": ["2022-12-30-vladimir-putin-xi-jinping", "2024-04-09-sergey-lavrov-xi-jinping",
                         "2025-01-21-vladimir-putin-xi-jinping"],
            "date": pd.to_datetime(["2022-12-30", "2024-04-09", "2025-01-21"]).astype("datetime64[ns]"),
            "participants": [XP, ("Sergey Lavrov", "Xi Jinping"), XP],
            "mode": ["virtual", "in person", "virtual"],
            "place": ["Beijing", "Beijing", "Balai Agung Rakyat Beijing"],
            "article_ids": [(s["002"],), (s["004"],), (s["001"], s["003"])],
            "inferred_article_ids": [(), (), (s["000"],)],
            "inferred_matched": [(), (), (s["003"],)],
            "n_articles": [1, 1, 3],
        }
    ).astype({"event_id": "string", "mode": "string", "place": "string"})  # fmt: skip
    pd.testing.assert_frame_equal(seed_events[expected.columns], expected)
    assert seed_events["date"].dt.tz is None
    assert (seed_events["date"] == seed_events["date"].dt.normalize()).all()


def test_inferred_score_is_recorded(seed_events):
    score = seed_events.iloc[2]["inferred_similarity"][0]
    assert 0.35 <= score <= 1


def test_undated_000_prefers_2025_by_a_real_margin(seeds_corpus, seed_ids):
    """000 and both Xi–Putin meetings share participants; wording must decide, clearly."""
    arts = seeds_corpus.articles.set_index("article_id")
    people, places = load_people(), load_places()
    bags = {
        a: content_terms(t, language="id", people=people, places=places)
        for a, t in arts["text"].items()
    }
    weights = idf(bags.values())
    vec = {a: tfidf(b, weights) for a, b in bags.items()}
    s = seed_ids
    to_2025 = cosine(vec[s["000"]], centroid([vec[s["001"]], vec[s["003"]]]))
    to_2022 = cosine(vec[s["000"]], vec[s["002"]])
    assert to_2025 >= 0.35 + 0.1
    assert to_2025 - to_2022 >= 0.2  # twice the default margin


def test_margin_too_high_leaves_000_undated(seeds_corpus, seed_ids):
    table = events(seeds_corpus, margin=0.9)
    undated = table[table["date"].isna()]
    assert undated["event_id"].tolist() == [f"undated-{seed_ids['000']}"]
    assert undated["article_ids"].tolist() == [(seed_ids["000"],)]
    assert table.iloc[-1]["event_id"].startswith("undated-")  # undated events sort last


def frame(rows):
    out = pd.DataFrame(rows, columns=["article_id", "text", "event_date"])
    out["event_date"] = pd.to_datetime(out["event_date"])
    out["language"] = "id"
    return out


TALK = ("Presiden Xi Jinping mengadakan pertemuan virtual dengan Presiden Putin. Mereka membahas "
        "energi, perdagangan gas alam, dan pipa Power of Siberia.")  # fmt: skip


def test_adjacent_dates_group_and_distant_split():
    table = events(frame([
        ("a", TALK, "2025-01-21"), ("b", TALK, "2025-01-22"), ("c", TALK, "2025-01-24"),
    ]))  # fmt: skip
    assert table["article_ids"].tolist() == [("a", "b"), ("c",)]
    assert table["event_id"].tolist() == ["2025-01-21-vladimir-putin-xi-jinping",
                                          "2025-01-24-vladimir-putin-xi-jinping"]  # fmt: skip


def test_undated_article_matching_nothing_stays_its_own_event():
    lonely = "Putin berpidato tentang ekonomi Rusia, inflasi, suku bunga bank sentral, dan rubel."
    table = events(frame([("a", TALK, "2025-01-21"), ("z", lonely, None)]))
    assert table["event_id"].tolist() == ["2025-01-21-vladimir-putin-xi-jinping", "undated-z"]
    row = table.iloc[1]
    assert (
        pd.isna(row["date"]) and row["article_ids"] == ("z",) and row["inferred_article_ids"] == ()
    )


def test_undated_similar_article_joins():
    table = events(frame([("a", TALK, "2025-01-21"), ("z", TALK + " Xi senang.", None)]))
    assert table["inferred_article_ids"].tolist() == [("z",)]
    assert table["inferred_matched"].tolist() == [("a",)]


def test_people_free_articles_are_not_grouped_by_date():
    table = events(
        frame([("a", "Banjir di Jakarta.", "2025-01-21"), ("b", "Harga cabai naik.", "2025-01-21")])
    )
    assert table["event_id"].tolist() == ["2025-01-21-unnamed", "2025-01-21-unnamed-2"]


def test_ids_do_not_depend_on_row_order(seeds_corpus):
    articles = seeds_corpus.articles
    forward = events(articles).set_index("event_id")
    backward = events(articles.iloc[::-1]).set_index("event_id")
    pd.testing.assert_frame_equal(forward, backward.loc[forward.index])


def test_reuses_extracted_table_and_does_not_mutate(seeds_corpus):
    articles = seeds_corpus.articles.copy(deep=True)
    extracted = article_events(seeds_corpus)
    before = extracted.copy(deep=True)
    pd.testing.assert_frame_equal(events(seeds_corpus, extracted=extracted), events(seeds_corpus))
    pd.testing.assert_frame_equal(extracted, before)
    pd.testing.assert_frame_equal(seeds_corpus.articles, articles)


@pytest.mark.parametrize("kw", [{"threshold": 1.5}, {"margin": -1}, {"window_days": -2}])
def test_bad_options(seeds_corpus, kw):
    with pytest.raises(InvalidValue, match=next(iter(kw))):
        events(seeds_corpus, **kw)


def test_with_events(seeds_corpus, seed_events, seed_ids):
    articles = seeds_corpus.articles
    before = articles.copy(deep=True)
    out = with_events(articles, seed_events).set_index("article_id")
    pd.testing.assert_frame_equal(articles, before)
    assert out.loc[seed_ids["000"], "event_id"] == "2025-01-21-vladimir-putin-xi-jinping"
    assert out.loc[seed_ids["000"], "event_joined_by"] == "similarity"
    assert out.loc[seed_ids["000"], "event_matched"] == seed_ids["003"]
    assert out.loc[seed_ids["004"], "participants"] == ("Sergey Lavrov", "Xi Jinping")
    assert out.loc[seed_ids["001"], "event_joined_by"] == "date"
    assert len(out) == len(articles)


def test_with_events_works_with_filter_articles(seeds_corpus, seed_events, seed_ids):
    filter_articles = pytest.importorskip("helpers.filters").filter_articles
    tagged = with_events(seeds_corpus.articles, seed_events)
    lavrov = filter_articles(tagged, participants=["Sergey Lavrov"])
    assert lavrov["article_id"].tolist() == [seed_ids["004"]]
    meeting = filter_articles(tagged, events=["2025-01-21-vladimir-putin-xi-jinping"])
    assert sorted(meeting["article_id"]) == [seed_ids[k] for k in ("000", "001", "003")]


@settings(max_examples=20, deadline=None)
@given(st.sets(st.sampled_from(["000", "001", "002", "003", "004"]), min_size=1))
def test_every_article_in_exactly_one_event(seeds_corpus, seed_ids, chosen):
    subset = seeds_corpus.subset([seed_ids[k] for k in sorted(chosen)])
    members = event_members(events(subset))
    assert sorted(members["article_id"]) == sorted(subset.articles["article_id"])


def test_with_events_can_fill_event_dates(seeds_corpus, seed_events, seed_ids):
    plain = with_events(seeds_corpus.articles, seed_events).set_index("article_id")
    assert pd.isna(plain.loc[seed_ids["000"], "event_date"])
    filled = with_events(seeds_corpus.articles, seed_events, fill_event_date=True).set_index(
        "article_id"
    )
    assert filled.loc[seed_ids["000"], "event_date"] == pd.Timestamp("2025-01-21")
    assert filled.loc[seed_ids["000"], "event_date_from"] == "inferred"
    assert (
        filled.loc[seed_ids["004"], "event_date_from"]
        == plain.loc[seed_ids["004"], "event_date_from"]
    )
    assert filled["event_date"].dtype == "datetime64[ns]"


def test_publication_time_limits_the_candidate_events():
    rows = frame([("a", TALK, "2025-01-21"), ("z", TALK + " Xi senang.", None)])
    rows["published"] = pd.to_datetime([None, "2025-06-01 09:00+07:00"], utc=True).tz_convert(
        "Asia/Jakarta"
    )
    far = events(rows)  # published months after the only candidate: not the same meeting
    assert far["event_id"].tolist() == ["2025-01-21-vladimir-putin-xi-jinping", "undated-z"]
    anywhere = events(rows, candidate_days=None)
    assert anywhere["inferred_article_ids"].tolist() == [("z",)]
    rows["published"] = pd.to_datetime([None, "2025-01-22 09:00+07:00"], utc=True).tz_convert(
        "Asia/Jakarta"
    )
    assert events(rows)["inferred_article_ids"].tolist() == [("z",)]
