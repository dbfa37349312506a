"""Term counts, n-grams, collocations (hand-computed G2/PMI) and keyword in context."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from literal import sentences_frame as frame

import helpers
from helpers.errors import InvalidValue
from helpers.figures.themes import term_bars, theme_heatmap, themes_over_time
from helpers.themes import collocations, kwic, ngrams, term_counts, theme_counts, theme_hits


def test_term_counts_drop_stopwords_and_numbers():
    arts = pd.DataFrame(
        {
            "article_id": ["a"],
            "text": ["Kata Xi, kerja sama dan kerja keras pada 2025."],
            "n_words": [9],
        }
    )
    got = term_counts(arts)
    assert dict(zip(got["term"], got["count"], strict=True)) == {"kerja": 2, "keras": 1, "xi": 1}
    assert got["per_1000_words"].iloc[0] == pytest.approx(2 / 9 * 1000)


def test_term_counts_by_outlet_and_precounted(seeds_corpus):
    per_article = term_counts(seeds_corpus, by="article")
    direct = term_counts(seeds_corpus, by="outlet", top=5)
    again = term_counts(seeds_corpus, by="outlet", top=5, counted=per_article)
    pd.testing.assert_frame_equal(direct, again)
    assert direct.groupby("outlet").size().max() == 5
    assert "sama" not in set(term_counts(seeds_corpus)["term"])


def test_ngrams_keep_phrases_with_stopword_edges(seeds_corpus):
    bigrams = ngrams(seeds_corpus, n=2)
    counts = dict(zip(bigrams["ngram"], bigrams["count"], strict=True))
    assert counts["kerja sama"] >= 10
    assert "saling percaya" in counts and "80 tahun" in counts
    assert "satu sama" not in counts and "sama lain" not in counts  # `satu`/`lain` are stopwords
    trigrams = set(ngrams(seeds_corpus, n=3)["ngram"])
    assert {"perang dunia ii", "organisasi kerja sama"} <= trigrams
    assert "tahun yang lalu" not in trigrams  # `lalu` is a stopword edge


def test_ngrams_stay_inside_sentences():
    got = ngrams(frame("Mereka bekerja", "sama sekali"), n=2, stopwords=False)
    assert "bekerja sama" not in set(got["ngram"])


def test_ngrams_bad_n():
    with pytest.raises(InvalidValue, match=r"n=1 is not valid"):
        ngrams(frame("x y"), n=1)


def test_collocations_hand_computed():
    # N = 8 tokens; "koordinasi" twice; window 1 -> W = 2 positions, both "strategis" (f = 2).
    s = frame("koordinasi strategis erat", "koordinasi strategis", "kerja sama erat")
    got = collocations(s, "koordinasi", window=1, min_count=1).iloc[0]
    o11, w, f, n = 2, 2, 2, 8
    e11 = w * f / n
    table = [
        (o11, e11),
        (w - o11, w * (n - f) / n),
        (f - o11, (n - w) * f / n),
        (n - w - f + o11, (n - w) * (n - f) / n),
    ]
    g2 = 2 * sum(o * math.log(o / e) for o, e in table if o)
    assert (got["collocate"], got["cooc"], got["collocate_count"], got["window_tokens"], got["tokens"]) == (
        "strategis", 2, 2, 2, 8,
    )  # fmt: skip
    assert got["expected"] == pytest.approx(0.5)
    assert got["g2"] == pytest.approx(g2) == pytest.approx(8.997362, abs=1e-5)
    assert got["pmi"] == pytest.approx(2.0)


def test_collocations_on_seeds(seeds_corpus):
    got = collocations(seeds_corpus, "kerja sama", window=3)
    assert {"shanghai", "organisasi"} <= set(got["collocate"].head(5))
    assert (got["cooc"] > got["expected"]).all()
    assert (got["cooc"] == got["left"] + got["right"]).all()


def test_kwic_columns_context_and_metadata(seeds_corpus, seed_ids):
    got = kwic(seeds_corpus, "Taiwan", window=3, by="pattern")
    assert list(got.columns[:8]) == [
        "article_id",
        "outlet",
        "published",
        "title",
        "sentence",
        "left",
        "match",
        "right",
    ]
    assert {seed_ids[k] for k in ("000", "001", "003")} == set(got["article_id"])
    row = got[got["article_id"] == seed_ids["000"]].iloc[0]
    assert (row["left"], row["match"], row["right"]) == (
        "posisi China mengenai",
        "Taiwan",
        ", menyebutkan bahwa Taiwan",
    )
    assert row["outlet"] == "Suara.com"
    assert all(r["match"] in r["sentence_text"] for _, r in got.iterrows())


def test_kwic_is_bounded_to_the_sentence():
    got = kwic(frame("Ini soal Taiwan.", "Kalimat lain sekali."), "taiwan", window=5, by="pattern")
    assert (got["left"].iloc[0], got["right"].iloc[0]) == ("Ini soal", ".")


def test_kwic_theme_vs_pattern_and_reusing_hits(seeds_corpus):
    hits = theme_hits(seeds_corpus)
    by_theme = kwic(seeds_corpus, "taiwan", hits=hits)  # a theme id: every taiwan hit
    assert set(by_theme["match"]) == {"Taiwan", "kemerdekaan Taiwan"}
    by_word = kwic(seeds_corpus, "taiwan", by="pattern")
    assert set(by_word["match"]) == {"Taiwan"} and len(by_word) == 7
    pd.testing.assert_frame_equal(by_theme, kwic(seeds_corpus, "taiwan"))


def test_kwic_patterns_glob_stem_alias(seeds_corpus, seed_ids):
    assert set(kwic(seeds_corpus, "multilateral*")["match"].str.lower()) == {
        "multilateral",
        "multilateralisme",
    }
    assert "memperkuat" in set(kwic(seeds_corpus, "~kuat")["match"])
    china = kwic(seeds_corpus, "@China")
    assert set(china.loc[china["article_id"] == seed_ids["003"], "match"]) == {"Tiongkok"}


def test_kwic_sorting(seeds_corpus):
    right = kwic(seeds_corpus, "kerja sama", window=3, sort="right")
    assert right["right_key"].tolist() == sorted(right["right_key"])
    left = kwic(seeds_corpus, "kerja sama", window=3, sort="left")
    assert left["left_key"].tolist() == sorted(left["left_key"])


def test_kwic_bad_values(seeds_corpus):
    with pytest.raises(InvalidValue, match=r"sort='up' is not valid; expected one of"):
        kwic(seeds_corpus, "Taiwan", sort="up")
    with pytest.raises(InvalidValue, match=r"theme='nope' is not in this lexicon"):
        kwic(seeds_corpus, "nope", by="theme")
    with pytest.raises(InvalidValue, match=r"pattern='  ' is not valid"):
        kwic(seeds_corpus, "  ")


def test_kwic_text_stays_data():
    got = kwic(
        frame("<script>alert(1)</script> Taiwan <img src=x onerror=alert(1)>"),
        "Taiwan",
        by="pattern",
    )
    assert (
        got["left"].iloc[0] == "<script>alert(1)</script>"
    )  # returned literally; renderers escape
    assert (
        got["right"].iloc[0] == "<img src=x onerror=alert("
    )  # five words: img src x onerror alert


HOSTILE = "<script>alert(1)</script>"


def test_figures_escape_text_and_show_zeros(seeds_corpus):
    hits = theme_hits(seeds_corpus)
    arts = seeds_corpus.articles.assign(outlet=seeds_corpus.articles["outlet"].fillna(HOSTILE))
    counts = theme_counts(hits, arts, by="outlet")
    fig = theme_heatmap(counts, group="outlet", highlight="taiwan")
    blob = fig.to_json()
    assert "<script>" not in blob and "&lt;script&gt;" in blob
    z = fig.data[0].z
    assert min(min(row) for row in z) == 0  # zeros drawn, not gaps
    assert fig.layout.shapes[0].name == "selected-theme"
    over = themes_over_time(
        theme_counts(hits, arts, by="period", freq="M", date_field="event_date"), highlight="wwii"
    )
    assert len(over.data) == 11
    assert any(a.name == "undated-note" for a in over.layout.annotations)  # 000 has no event date
    bars = term_bars(pd.DataFrame({"term": [HOSTILE, "b"], "count": [3, 1], "articles": [1, 1]}))
    assert "<script>" not in bars.to_json()
    assert list(bars.data[0].y)[-1] == "&lt;script&gt;alert(1)&lt;/script&gt;"  # largest on top


def test_figures_empty_states():
    none = pd.DataFrame({"article_id": [], "outlet": [], "n_words": []})
    empty = theme_counts(pd.DataFrame({"article_id": [], "theme": []}), none, by="outlet")
    assert theme_heatmap(empty, group="outlet").layout.annotations
    assert term_bars(pd.DataFrame({"term": [], "count": []})).layout.annotations


def test_public_names_resolve():
    for name in (
        "load_lexicon",
        "theme_hits",
        "theme_counts",
        "term_counts",
        "ngrams",
        "collocations",
        "kwic",
    ):
        assert callable(getattr(helpers, name))


def test_token_table_equals_tokens(seeds_corpus):
    from helpers.text import tokens
    from helpers.themes.tokens import token_table

    texts = [*seeds_corpus.sentences["text"], *seeds_corpus.articles["text"], "China-Rusia ke-80 negara-negara",
             "--a-b x's 'kata' _a_ -", "", "é😀x", "a\x00b"]  # fmt: skip
    table = token_table(texts)
    got = [[] for _ in texts]
    for code, i in zip(table.codes, table.text, strict=True):
        got[i].append(table.vocab[code])
    assert got == [tokens(t) for t in texts]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="aé-' _.Ab1’“😀\n", max_size=30), max_size=6))
def test_token_table_equals_tokens_random(texts):
    from helpers.text import tokens
    from helpers.themes.tokens import token_table

    table = token_table(texts)
    got = [[] for _ in texts]
    for code, i in zip(table.codes, table.text, strict=True):
        got[i].append(table.vocab[code])
    assert got == [tokens(t) for t in texts]


def test_lexicon_phrases_survive_stopword_edges():
    got = set(ngrams(frame("Kebijakan satu China, satu sama lain."), n=2)["ngram"])
    assert "satu china" in got  # a taiwan-theme phrase of the lexicon, though `satu` is a stopword
    assert not {"satu sama", "sama lain"} & got
