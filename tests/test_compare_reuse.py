"""Text reuse on small literal corpora: verbatim copy, paraphrase, matrices, wire derivation."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

import helpers
from helpers.compare import (
    align_sentences,
    reuse_matrix,
    shared_passages,
    wire_derivation,
    wire_sources,
)
from helpers.errors import InvalidValue, MissingColumns

GROUPS = {"China": ["China", "Tiongkok"], "Rusia": ["Rusia", "Federasi Rusia"]}


def make_corpus(rows: list[dict]) -> SimpleNamespace:
    """articles + sentences (split after . ! ?) with offsets, as the loader gives them."""
    sentences = []
    for row in rows:
        for n, m in enumerate(re.finditer(r"[^.!?]+[.!?]", row["text"])):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            sentences.append(
                {"article_id": row["article_id"], "paragraph": 0, "sentence": n,
                 "text": m.group().strip(), "start": start, "end": m.end()}
            )  # fmt: skip
    articles = pd.DataFrame(rows)
    articles["language"] = "id"
    for col in ("outlet", "wire"):
        articles[col] = articles.get(col, pd.Series(pd.NA, index=articles.index)).astype("string")
    if "published" not in articles:
        articles["published"] = pd.NaT
    articles["published"] = pd.to_datetime(articles["published"], utc=True).dt.tz_convert(
        "Asia/Jakarta"
    )
    return SimpleNamespace(articles=articles, sentences=pd.DataFrame(sentences))


WIRE = (
    "Presiden Xi Jinping bertemu Presiden Vladimir Putin di Moskow pada Senin untuk membahas kerja sama energi. "
    "Kedua pemimpin menandatangani perjanjian pasokan gas jangka panjang melalui jalur pipa Siberia. "
    "Harga komoditas pangan di pasar tradisional naik tajam menjelang musim hujan tahun ini."
)
COPY = (
    "Presiden Xi Jinping bertemu Presiden Vladimir Putin di Moskow pada Senin untuk membahas kerja sama energi. "
    "Tim sepak bola nasional memenangkan pertandingan persahabatan di stadion utama kemarin malam."
)
PARA = (
    "Pemimpin Tiongkok menandatangani perjanjian pasokan gas jangka panjang dengan Federasi Rusia lewat pipa Siberia. "
    "Cuaca cerah diperkirakan berlangsung sepanjang akhir pekan di wilayah pesisir utara."
)


def corpus() -> SimpleNamespace:
    return make_corpus(
        [
            {"article_id": "w1", "outlet": "Xinhua", "wire": "Xinhua", "text": WIRE,
             "published": "2025-01-21 10:00+07:00"},
            {"article_id": "c1", "outlet": "Copier", "text": COPY, "published": "2025-01-21 12:00+07:00"},
            {"article_id": "p1", "outlet": "Rewriter", "text": PARA, "published": "2025-01-22 08:00+07:00"},
        ]
    )  # fmt: skip


def test_verbatim_copy_found_with_jaccard_score():
    pairs = align_sentences(corpus(), lexicon=GROUPS)
    verbatim = pairs[pairs["kind"] == "verbatim"]
    assert len(verbatim) == 1
    row = verbatim.iloc[0]
    assert (row["article_id_a"], row["sentence_a"], row["article_id_b"], row["sentence_b"]) == (
        "c1",
        0,
        "w1",
        0,
    )
    assert row["score"] == pytest.approx(1.0)
    assert row["score"] == row["jaccard"]
    assert row["text_a"].startswith("Presiden Xi Jinping bertemu")


def test_paraphrase_found_after_alias_normalisation_and_stemming():
    pairs = align_sentences(corpus(), lexicon=GROUPS)
    para = pairs[pairs["kind"] == "paraphrase"]
    assert list(
        zip(
            para["article_id_a"],
            para["sentence_a"],
            para["article_id_b"],
            para["sentence_b"],
            strict=True,
        )
    ) == [("p1", 0, "w1", 1)]
    assert para["score"].iloc[0] == para["cosine"].iloc[0]
    assert para["score"].iloc[0] >= 0.4
    # unrelated sentences (football, weather, food prices) align with nothing
    assert not ((pairs["article_id_a"] == "c1") & (pairs["sentence_a"] == 1)).any()


def test_pairs_are_across_articles_and_columns_are_stable():
    pairs = align_sentences(corpus(), lexicon=GROUPS)
    assert list(pairs.columns[:6]) == [
        "article_id_a",
        "sentence_a",
        "article_id_b",
        "sentence_b",
        "score",
        "kind",
    ]
    assert (pairs["article_id_a"] < pairs["article_id_b"]).all()
    assert set(pairs["kind"]) <= {"verbatim", "paraphrase"}


def test_a_copied_sentence_text_is_stored_once_however_many_pairs_it_is_in():
    # four copies of the wire sentence: six pairs, one text (a column of strings held six)
    rows = [{"article_id": f"x{k}", "outlet": f"Outlet {k}", "text": WIRE} for k in range(4)]
    pairs = align_sentences(make_corpus(rows), lexicon=GROUPS)
    first = pairs[pairs["sentence_a"] == 0]
    assert len(first) == 6
    assert first["text_a"].nunique() == 1
    for side in ("text_a", "text_b"):
        assert isinstance(pairs[side].dtype, pd.CategoricalDtype)
        assert pairs[side].cat.categories.is_unique
    assert pairs["text_a"].dtype == pairs["text_b"].dtype  # one dtype: the columns compare
    assert (pairs["text_a"] == pairs["text_b"]).all()
    assert len(pairs["text_a"].cat.categories) == 3  # the three sentences of WIRE
    assert pairs["kind"].dtype == pd.CategoricalDtype(["paraphrase", "verbatim"])


def test_pair_texts_are_the_sentences_texts(seeds_corpus):
    pairs = align_sentences(seeds_corpus)
    assert len(pairs)
    by_text = pairs.sort_values("text_a", kind="stable")["text_a"].astype(str).tolist()
    assert by_text == sorted(by_text)  # sorting a text column sorts it as strings
    text = seeds_corpus.sentences.set_index(["article_id", "sentence"])["text"]
    for side in ("a", "b"):
        keys = list(zip(pairs[f"article_id_{side}"], pairs[f"sentence_{side}"], strict=True))
        assert pairs[f"text_{side}"].astype(str).tolist() == text.loc[keys].tolist()


def test_no_pairs_has_the_same_columns_and_dtypes():
    empty = align_sentences(make_corpus([{"article_id": "only", "text": WIRE}]))
    some = align_sentences(corpus(), lexicon=GROUPS)
    assert empty.empty and list(empty.columns) == list(some.columns)
    for column in ("kind", "text_a", "text_b"):
        assert type(empty[column].dtype) is type(some[column].dtype), column
    for column in ("article_id_a", "article_id_b", "sentence_a", "sentence_b", "score"):
        assert empty[column].dtype == some[column].dtype, column


def test_same_article_never_aligns_with_itself():
    c = make_corpus([{"article_id": "a", "outlet": "X", "text": WIRE + " " + WIRE}])
    assert align_sentences(c, lexicon=GROUPS).empty


def test_threshold_controls_precision():
    strict = align_sentences(corpus(), lexicon=GROUPS, threshold=0.99)
    assert set(strict["kind"]) == {"verbatim"}


@pytest.mark.parametrize("bad", [0, 1.5, -0.1])
def test_invalid_threshold(bad):
    with pytest.raises(
        InvalidValue, match=r"threshold=.* is not valid; expected a number in \(0, 1\]"
    ):
        align_sentences(corpus(), threshold=bad)


def test_needs_a_corpus():
    with pytest.raises(InvalidValue, match="needs a Corpus"):
        align_sentences(pd.DataFrame({"text": ["x"]}))


def test_does_not_mutate_input():
    c = corpus()
    before_a, before_s = c.articles.copy(), c.sentences.copy()
    pairs = align_sentences(c, lexicon=GROUPS)
    pairs_before = pairs.copy()
    reuse_matrix(pairs, c)
    wire_derivation(pairs, c)
    pd.testing.assert_frame_equal(c.articles, before_a)
    pd.testing.assert_frame_equal(c.sentences, before_s)
    pd.testing.assert_frame_equal(pairs, pairs_before)


def test_reuse_matrix_article_level_with_explicit_denominator():
    c = corpus()
    pairs = align_sentences(c, lexicon=GROUPS)
    m = reuse_matrix(pairs, c).set_index(["a", "b"])
    assert len(m) == 6  # 3 x 3 without the diagonal
    assert m.loc[("c1", "w1"), "aligned_a"] == 1
    assert m.loc[("c1", "w1"), "sentences_a"] == 2
    assert m.loc[("c1", "w1"), "share_a"] == pytest.approx(0.5)
    assert m.loc[("w1", "c1"), "share_a"] == pytest.approx(1 / 3)
    assert m.loc[("c1", "p1"), "n_pairs"] == 0


def test_reuse_matrix_outlet_level_and_passages():
    c = corpus()
    pairs = align_sentences(c, lexicon=GROUPS)
    m = reuse_matrix(pairs, c, level="outlet")
    assert set(m["a"]) == {"Copier", "Rewriter", "Xinhua"}
    assert len(m) == 9
    passages = shared_passages(pairs, c, "Xinhua", "Rewriter", level="outlet")
    assert len(passages) == 1
    assert passages["outlet_a"].iloc[0] == "Xinhua"
    assert passages["text_a"].iloc[0].startswith("Kedua pemimpin menandatangani")
    with pytest.raises(InvalidValue, match="level='week' is not valid"):
        reuse_matrix(pairs, c, level="week")
    with pytest.raises(MissingColumns, match="pairs lacks column"):
        reuse_matrix(pd.DataFrame({"x": [1]}), c)


def test_wire_sources_credit_then_agency():
    c = make_corpus(
        [
            {"article_id": "a", "outlet": "ANTARA", "text": "Satu dua tiga empat lima."},
            {
                "article_id": "b",
                "outlet": "ANTARA",
                "wire": "Xinhua",
                "text": "Satu dua tiga empat lima.",
            },
            {"article_id": "c", "outlet": "Kompas", "text": "Satu dua tiga empat lima."},
        ]
    )
    assert wire_sources(c.articles).fillna("-").tolist() == ["ANTARA", "Xinhua", "-"]


def test_wire_derivation_with_pairs_behind_each_claim():
    c = corpus()
    pairs = align_sentences(c, lexicon=GROUPS)
    claims = wire_derivation(pairs, c).set_index("outlet")
    assert set(claims.index) == {"Copier", "Rewriter"}
    assert set(claims["wire"]) == {"Xinhua"}
    copier = claims.loc["Copier"]
    assert (copier["n_pairs"], copier["aligned_sentences"], copier["outlet_sentences"]) == (1, 1, 2)
    assert copier["share"] == pytest.approx(0.5)
    assert copier["credited_articles"] == 0
    behind = pairs.loc[list(copier["pair_index"])]
    assert behind["kind"].tolist() == ["verbatim"]


def test_wire_derivation_respects_publication_order():
    c = corpus()
    c.articles.loc[c.articles["article_id"] == "c1", "published"] = pd.Timestamp(
        "2025-01-20 09:00", tz="Asia/Jakarta"
    )
    pairs = align_sentences(c, lexicon=GROUPS)
    claims = wire_derivation(pairs, c)
    assert "Copier" not in set(claims["outlet"])


def test_public_names():
    assert helpers.align_sentences is align_sentences


def test_lsh_candidates_find_the_same_pairs_here():
    by_index = align_sentences(corpus(), lexicon=GROUPS, candidates="index")
    by_lsh = align_sentences(corpus(), lexicon=GROUPS, candidates="lsh")
    pd.testing.assert_frame_equal(by_index, by_lsh)
    with pytest.raises(InvalidValue, match="candidates='all' is not valid"):
        align_sentences(corpus(), candidates="all")
