"""The text index answers every query exactly as the scan does (the scan is the reference)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.filters import FOLDED, filter_articles, folded_text, query_mask, text_index
from helpers.panel import FilterPanel
from helpers.textindex import TextIndex

# Words and marks where the two could part ways: case and accents that fold, apostrophes
# and hyphens inside words, digits, underscores, ligatures and symbols that fold into
# letters, combining marks, scripts without spaces, characters beyond the BMP.
WORDS = [
    "xi", "Xi", "XI", "Xi’s", "xi's", "s", "Jinping", "jinping", "café", "CAFÉ", "cafe",
    "Cafe\u0301", "ke-80", "80", "ke", "negara-negara", "negara", "snake_case", "_", "__x",
    "ﬁx", "fix", "™", "tm", "x²", "x2", "Straße", "strasse", "İstanbul", "istanbul", "ΣΟΦΙΑ",
    "σοφια", "北京", "北", "😀", "𝐀b", "ab", "e\u0301", "कि", "ไทย", "x-y", "(xi)", "«xi»",
]  # fmt: skip
GAPS = [
    " ", "  ", "\n", "\n\n", "\t", "\r\n", "\x0b", "\x0c", "\u00a0", "\u3000", "\u2028",
    "\x85", ", ", ". ", " - ", "-", " – ", "'", "’", "“", "”", '"', "(", ")", " (", ") ",
    ": ", "/", "", "...", "\x00",
]  # fmt: skip
PIECE = st.sampled_from(WORDS) | st.sampled_from(GAPS) | st.text(max_size=3)
TEXT = st.lists(PIECE, max_size=10).map("".join)
CELL = TEXT | st.none()
TERM = st.lists(st.sampled_from(WORDS) | st.sampled_from(GAPS), min_size=1, max_size=4).map("".join)
QUERY = (
    st.lists(TERM | TERM.map(lambda t: f'"{t}"'), max_size=3).map(" ".join)
    | st.text(max_size=8)
    | st.sampled_from(["", "   ", '"', '""', "-", "'", "’s", "- -", "zzz", "xi zzz"])
)


def frame(titles: list[str | None], texts: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({"title": titles, "text": texts})


@settings(max_examples=400)
@given(rows=st.lists(st.tuples(CELL, CELL), max_size=8), queries=st.lists(QUERY, max_size=4))
def test_index_agrees_with_the_scan(rows, queries):
    articles = frame([r[0] for r in rows], [r[1] for r in rows])
    index = text_index(articles)
    for query in queries:
        expected = query_mask(articles, query)
        assert query_mask(articles, query, index=index).tolist() == expected.tolist(), query


@settings(max_examples=150)
@given(texts=st.lists(st.text(max_size=40), max_size=6), queries=st.lists(st.text(), max_size=3))
def test_index_agrees_on_arbitrary_unicode(texts, queries):
    articles = pd.DataFrame({"text": texts})
    index = text_index(articles)
    for query in [*queries, *texts[:2]]:
        expected = query_mask(articles, query)
        assert query_mask(articles, query, index=index).tolist() == expected.tolist(), query


@settings(max_examples=100)
@given(texts=st.lists(TEXT | st.none(), max_size=6), queries=st.lists(QUERY, max_size=3))
def test_index_of_a_given_folded_column_takes_it_as_it_is(texts, queries):
    """A frame that brings its own `_folded` column is searched as it stands, case and all."""
    articles = pd.DataFrame(
        {"text": ["ignored"] * len(texts), FOLDED: pd.Series(texts, dtype=object)}
    )
    index = text_index(articles)
    for query in queries:
        expected = query_mask(articles, query)
        assert query_mask(articles, query, index=index).tolist() == expected.tolist(), query


@settings(max_examples=40)
@given(rows=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5), query=QUERY)
def test_panel_and_code_path_select_the_same_articles(rows, query):
    articles = frame([r[0] for r in rows], [r[1] for r in rows])
    panel = FilterPanel(articles)
    panel.update(query=query)
    expected = filter_articles(articles, query=query)
    assert panel.articles.index.tolist() == expected.index.tolist()
    index = text_index(articles)
    pd.testing.assert_frame_equal(filter_articles(articles, query=query, index=index), expected)


def test_chunks_split_between_texts(monkeypatch):
    """Texts in several blocks and chunks (one text larger than a chunk): the same answers."""
    import helpers.filters as filters
    import helpers.textindex as textindex

    texts = ["Xi Jinping " * 50, "kerja sama", "", "ke-80 " * 3, "Café (xi) -", "x" * 200]
    articles = pd.DataFrame({"text": texts})
    whole = text_index(articles)
    monkeypatch.setattr(textindex, "CHUNK_BYTES", 64)
    monkeypatch.setattr(filters, "_BLOCK", 2)
    cut = text_index(articles)
    for query in ["xi jinping", '"jinping xi"', "kerja", "ke-80", "(xi) -", "-", "x" * 200]:
        expected = query_mask(articles, query).tolist()
        assert query_mask(articles, query, index=whole).tolist() == expected
        assert query_mask(articles, query, index=cut).tolist() == expected


def test_examples():
    articles = frame(
        ["Xi dan Putin", "Kerja sama", None, "Café talks"],
        ["Xi’s visit", "ke-80 negara-negara", "Xinhua: (xi) - xi", "Presiden  Xi\nJinping"],
    )
    index = text_index(articles)
    found = {
        q: np.flatnonzero(query_mask(articles, q, index=index)).tolist()
        for q in ["xi", "xi's", '"xi jinping"', "ke-80", "80", "negara", "(xi)", "-", "cafe"]
    }
    assert found == {
        "xi": [0, 2, 3],
        "xi's": [0],
        '"xi jinping"': [3],
        "ke-80": [1],
        "80": [1],
        "negara": [1],
        "(xi)": [2],
        "-": [2],
        "cafe": [3],
    }
    assert repr(index).startswith("TextIndex(4 texts, ")


def test_a_term_re2_rejects_falls_back_to_the_scan():
    articles = frame(["xi"], ["xi!"])
    index = text_index(articles)
    assert index.term_mask("xi\ud800") is None  # a lone surrogate: Arrow cannot take it
    expected = query_mask(articles, "xi\ud800").tolist()
    assert query_mask(articles, "xi\ud800", index=index).tolist() == expected


def test_index_must_fit_the_articles():
    from helpers.errors import InvalidValue

    index = text_index(pd.DataFrame({"text": ["a", "b"]}))
    with pytest.raises(InvalidValue, match=r"index= holds 2 texts but the articles have 1 rows"):
        query_mask(pd.DataFrame({"text": ["a"]}), "a", index=index)


def test_texts_in_every_form():
    import pyarrow as pa

    texts = ["Xi Jinping", None, "kerja sama"]
    expected = [[True, False, False], [False, False, True]]
    for given_ in (texts, pa.array(texts), pa.chunked_array([texts[:1], texts[1:]])):
        index = TextIndex(given_)
        assert [index.term_mask(t).tolist() for t in ("xi", "sama")] == expected
    assert TextIndex([]).term_mask("xi").tolist() == []
    with pytest.raises(TypeError, match="needs strings"):
        TextIndex(pa.array([1, 2]))
    assert folded_text(frame(["A"], ["B"])).tolist() == ["a\n\nb"]
