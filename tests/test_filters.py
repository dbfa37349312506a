"""filter_articles: each filter, validation messages, and invariants (subset, composition)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers.errors import InvalidValue, MissingColumns
from helpers.filters import filter_articles, query_terms

JKT = "Asia/Jakarta"


@pytest.fixture
def articles() -> pd.DataFrame:
    published = pd.to_datetime(
        ["2025-01-22 02:08", "2025-01-21 23:30", None, "2024-04-10 00:00", "2024-04-09 10:00"]
    ).tz_localize(JKT)
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d", "e"],
            "outlet": pd.array(["SinPo.id", "ANTARA", None, "Xinhua", "ANTARA"], dtype="string"),
            "language": ["id", "id", "id", "en", "id"],
            "title": ["Xi dan Putin", "Kerja sama", None, "Café talks", "Taiwan"],
            "text": [
                "Presiden Xi Jinping bertemu Putin.",
                "Menolak “kemerdekaan Taiwan” dengan tegas.",
                "Xinhua melaporkan kerja sama ekonomi.",
                "The leaders met at a cafe in Beijing; Xi’s remarks.",
                'Beijing menolak "kemerdekaan  Taiwan".',
            ],
            "published": published,
            "event_date": pd.to_datetime(
                ["2025-01-21", "2025-01-21", "2022-12-30", None, "2024-04-09"]
            ),
        }
    )


def ids(frame: pd.DataFrame) -> list[str]:
    return frame["article_id"].tolist()


# ---- each filter -----------------------------------------------------------------------------
def test_no_filter_returns_everything_and_does_not_mutate(articles):
    before = articles.copy()
    out = filter_articles(articles)
    pd.testing.assert_frame_equal(out, articles)
    filter_articles(articles, outlets=["ANTARA"], query="taiwan", date_range=("2024-01-01", None))
    pd.testing.assert_frame_equal(articles, before)


def test_public_name():
    assert helpers.filter_articles is filter_articles


@pytest.mark.parametrize(
    ("outlets", "expected"),
    [
        ("ANTARA", ["b", "e"]),
        (["ANTARA", "Xinhua"], ["b", "d", "e"]),
        ((), []),
    ],
)
def test_outlets(articles, outlets, expected):
    assert ids(filter_articles(articles, outlets=outlets)) == expected


def test_languages(articles):
    assert ids(filter_articles(articles, languages="en")) == ["d"]


@pytest.mark.parametrize(
    ("date_range", "expected"),
    [
        (("2025-01-22", None), ["a"]),
        ((None, "2025-01-21"), ["b", "d", "e"]),  # an end date includes that whole day
        ((dt.date(2024, 4, 9), dt.date(2024, 4, 9)), ["e"]),
        ((pd.Timestamp("2024-04-09 12:00"), None), ["a", "b", "d"]),
        # aware bounds are converted: 2025-01-21 17:00 UTC is 2025-01-22 00:00 in Jakarta
        ((pd.Timestamp("2025-01-21 17:00", tz="UTC"), None), ["a"]),
        (("", "2024-12-31"), ["d", "e"]),
        ((None, None), ["a", "b", "d", "e"]),  # an active range drops undated articles
    ],
)
def test_date_range_published(articles, date_range, expected):
    assert ids(filter_articles(articles, date_range=date_range)) == expected


def test_date_range_event_date(articles):
    out = filter_articles(
        articles, date_range=("2022-01-01", "2024-12-31"), date_field="event_date"
    )
    assert ids(out) == ["c", "e"]
    aware = (pd.Timestamp("2025-01-20 17:00", tz="UTC"), None)  # = 2025-01-21 00:00 Jakarta
    assert ids(filter_articles(articles, date_range=aware, date_field="event_date")) == ["a", "b"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("xi", ["a", "d"]),  # whole words: "Xinhua" does not match "xi"
        ("XI PUTIN", ["a"]),
        ("cafe", ["d"]),  # accents fold both ways
        ("café", ["d"]),
        ("xi's", ["d"]),  # straight query, curly text
        ("xi’s", ["d"]),
        ('"kemerdekaan taiwan"', ["b", "e"]),  # curly and straight quotes in the text
        ("“kemerdekaan taiwan”", ["b", "e"]),  # curly quotes in the query group too
        ('"taiwan kemerdekaan"', []),
        ("kerja sama", ["b", "c"]),  # title or text
        ("   ", ["a", "b", "c", "d", "e"]),
    ],
)
def test_query(articles, query, expected):
    assert ids(filter_articles(articles, query=query)) == expected


def test_query_terms_unbalanced_quote():
    assert query_terms('"selatan global') == ["selatan global"]


def test_membership_filters(articles):
    frame = articles.assign(
        themes=[("taiwan",), (), ("economy", "taiwan"), ("economy",), ()],
        participants=[("Xi Jinping", "Vladimir Putin"), (), (), ("Xi Jinping",), ()],
        event_id=["e1", "e1", None, "e2", "e3"],
    )
    assert ids(filter_articles(frame, themes="taiwan")) == ["a", "c"]
    assert ids(filter_articles(frame, themes=["taiwan", "economy"])) == ["a", "c", "d"]
    assert ids(filter_articles(frame, participants="Xi Jinping")) == ["a", "d"]
    assert ids(filter_articles(frame, events=["e1", "e3"])) == ["a", "b", "e"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"themes": "x"}, r"'themes'.*helpers\.with_themes"),
        ({"participants": "x"}, r"'participants'.*helpers\.with_events"),
        ({"events": "x"}, r"'event_id'.*helpers\.with_events"),
    ],
)
def test_membership_column_missing_names_the_function(articles, kwargs, match):
    with pytest.raises(MissingColumns, match=match):
        filter_articles(articles, **kwargs)


# ---- validation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"outlets": ["Kompas"]}, r"\['Kompas'\] not in this corpus; valid values are \['ANTARA'"),
        ({"languages": "fr"}, r"\['fr'\].*valid values are \['en', 'id'\]"),
        ({"date_field": "created"}, r"date_field='created'.*\['published', 'event_date'\]"),
        ({"date_range": ("2025-02-01", "2025-01-01")}, "starts after it ends"),
        ({"date_range": ("yesterday-ish", None)}, r"'yesterday-ish' is not a date"),
        ({"date_range": (3, None)}, "is not a date"),
        ({"date_range": "2025-01-01"}, r"expected \(start, end\)"),
        ({"query": 42}, "expected a string"),
    ],
)
def test_invalid_values_name_the_valid_ones(articles, kwargs, match):
    with pytest.raises(InvalidValue, match=match):
        filter_articles(articles, **kwargs)


def test_membership_invalid_value_lists_valid(articles):
    frame = articles.assign(themes=[("taiwan",), (), ("economy",), (), ()])
    with pytest.raises(InvalidValue, match=r"\['sport'\].*\['economy', 'taiwan'\]"):
        filter_articles(frame, themes="sport")


def test_seeds(seeds_corpus, seed_ids):
    arts = seeds_corpus.articles
    assert ids(filter_articles(arts, outlets="ANTARA")) == [seed_ids["004"]]
    dated = filter_articles(arts, date_range=("2025-01-21", "2025-01-21"), date_field="event_date")
    assert ids(dated) == [seed_ids["001"], seed_ids["003"]]
    assert ids(filter_articles(arts, date_range=("2025-01-22", None))) == [seed_ids["001"]]
    assert seed_ids["001"] in ids(filter_articles(arts, query="putin"))


# ---- properties ------------------------------------------------------------------------------
OUTLETS = ["SinPo.id", "ANTARA", "Xinhua"]
filters = st.fixed_dictionaries(
    {},
    optional={
        "outlets": st.lists(st.sampled_from(OUTLETS), unique=True),
        "languages": st.lists(st.sampled_from(["id", "en"]), min_size=1, unique=True),
        "date_range": st.tuples(
            st.one_of(st.none(), st.dates(dt.date(2022, 1, 1), dt.date(2025, 12, 31))),
            st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ),
        "date_field": st.sampled_from(["published", "event_date"]),
        "query": st.sampled_from(["xi", "taiwan", '"kerja sama"', "café", "beijing", ""]),
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kwargs=filters)
def test_result_is_a_subset(articles, kwargs):
    out = filter_articles(articles, **kwargs)
    assert set(out.index) <= set(articles.index)
    pd.testing.assert_frame_equal(out, articles.loc[out.index])
    assert list(out.index) == sorted(out.index)  # order kept


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=filters, b=filters)
def test_filters_compose(articles, a, b):
    """Filtering by A then by B equals filtering by both at once.

    Values are validated against the frame at hand, so on A's result B may only name
    outlets/languages still present; those that are not would select nothing anyway.
    """
    # date_field travels with date_range: give both halves the same one
    b = {**b, "date_field": a.get("date_field", "published")}
    a = {**a, "date_field": b["date_field"]}
    b = {k: v for k, v in b.items() if k == "date_field" or k not in a}
    first = filter_articles(articles, **a)
    on_first = dict(b)
    for key, column in (("outlets", "outlet"), ("languages", "language")):
        if key in b:
            on_first[key] = [v for v in b[key] if v in set(first[column].dropna())]
    both = filter_articles(articles, **{**a, **b})
    pd.testing.assert_frame_equal(filter_articles(first, **on_first), both)


def test_chained_filter_names_values_gone_from_the_subset(articles):
    xinhua = filter_articles(articles, outlets="Xinhua")
    with pytest.raises(
        InvalidValue, match=r"\['ANTARA'\] not in this corpus; valid values are \['Xinhua'\]"
    ):
        filter_articles(xinhua, outlets="ANTARA")


WORDS = st.sampled_from(["xi", "Xi’s", "café", "kerja", "sama", "ke-80", "negara-negara", "北京"])
TEXT = st.lists(
    st.one_of(WORDS, st.text(alphabet="xiX é-'’_\n.,«»“”ﬁ", max_size=4)), max_size=12
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=6), term=WORDS | st.sampled_from(["kerja sama"]))
def test_fast_query_path_agrees_with_python_regex(texts, term):
    from helpers.filters import _contains, folded_text, query_pattern

    haystack = folded_text(pd.DataFrame({"text": texts}))
    folded_term = query_terms(term)[0]
    expected = [bool(query_pattern(folded_term).search(t)) for t in haystack]
    assert _contains(haystack, folded_term).tolist() == expected
