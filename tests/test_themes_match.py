"""theme_hits: hand-checked hits and non-hits on the seeds, matching rules, invariants."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from literal import sentences_frame as sentences

import helpers
from helpers.themes import Lexicon, empty_hits, load_lexicon, theme_hits
from helpers.themes.match import normalise_text

# Read off the five seed files by hand (theme -> seeds that carry it).
EXPECTED_THEMES = {
    "multilateral": {"000", "001", "002", "003", "004"},
    "taiwan": {"000", "001", "003"},
    "wwii": {"000", "001", "003", "004"},  # 004: "peringatan 75 tahun" (an anniversary)
    "trade_energy": {"000", "001", "002", "003"},
    "strategic_trust": {"000", "001", "002", "003", "004"},
    "global_south": {"000", "003", "004"},
    "anti_hegemony": {"002"},
    "stability": {"001", "002", "003", "004"},
    "people": {"000", "002", "003", "004"},
    "cooperation": {"000", "001", "002", "003", "004"},
    "strengthening": {"000", "001", "002", "003", "004"},
}


@pytest.fixture(scope="module")
def hits(seeds_corpus) -> pd.DataFrame:
    return theme_hits(seeds_corpus)


@pytest.fixture(scope="module")
def short(seed_ids):
    back = {v: k for k, v in seed_ids.items()}
    return lambda ids: {back[i] for i in ids}


def articles_with(hits: pd.DataFrame, short, **where: str) -> set[str]:
    mask = pd.Series(True, index=hits.index)
    for column, value in where.items():
        mask &= hits[column].astype(str) == value
    return short(hits.loc[mask, "article_id"])


def test_columns_and_dtypes(hits):
    assert list(hits.columns[:7]) == [
        "article_id",
        "sentence",
        "theme",
        "pattern",
        "match",
        "start",
        "end",
    ]
    assert list(hits["theme"].cat.categories) == list(load_lexicon().theme_ids)
    assert hits.dtypes.equals(empty_hits().dtypes)


def test_every_shipped_theme_is_found_in_the_expected_seeds(hits, short):
    found = {t: articles_with(hits, short, theme=t) for t in load_lexicon().theme_ids}
    assert found == EXPECTED_THEMES


def test_taiwan_brics_g20(hits, short):
    assert articles_with(hits, short, theme="taiwan") == {"000", "001", "003"}
    assert articles_with(hits, short, pattern="@BRICS") == {"000", "001", "002", "003", "004"}
    assert articles_with(hits, short, pattern="@G20") == {"002"}
    g20 = hits[hits["pattern"] == "@G20"]
    assert sorted(g20["match"]) == ["G20", "Kelompok 20"]


def test_taiwan_hits_in_000_by_hand(hits, seed_ids):
    rows = hits[(hits["article_id"] == seed_ids["000"]) & (hits["theme"] == "taiwan")]
    assert list(rows["match"]) == ["Taiwan", "Taiwan", "kemerdekaan Taiwan"]


def test_match_is_the_article_text_at_the_offsets(hits, seeds_corpus):
    text = seeds_corpus.articles.set_index("article_id")["text"]
    written = [
        text[a][s:e] for a, s, e in zip(hits["article_id"], hits["start"], hits["end"], strict=True)
    ]
    assert written == list(hits["match"])


def test_sco_phrase_counted_once_by_the_longest(hits, seed_ids, short):
    sco = hits[hits["match"].str.casefold() == "organisasi kerja sama shanghai"]
    assert short(sco["article_id"]) == {"001", "002", "003", "004"}
    assert set(sco["theme"].astype(str)) == {"multilateral"}
    coop = hits[hits["theme"] == "cooperation"]
    for _, s in sco.iterrows():
        inside = coop[
            (coop["article_id"] == s["article_id"])
            & (coop["start"] < s["end"])
            & (coop["end"] > s["start"])
        ]
        assert inside.empty, inside
    # the stand-alone cooperation phrase in 003 ("Kerja Sama “Greater BRICS”") still counts
    assert "Kerja Sama" in set(coop[coop["article_id"] == seed_ids["003"]]["match"])


def test_stem_matching_on_seeds(hits, short):
    strong = hits[hits["pattern"] == "~kuat"]
    assert set(strong["match"].str.lower()) == {"memperkuat", "kuat"}
    assert short(strong.loc[strong["match"] == "kuat", "article_id"]) == {"004"}
    assert "kekuatan" not in set(strong["match"].str.lower())  # excluded in the lexicon


def test_stem_matching_literal():
    lex = Lexicon.build({"strong": ["~kuat"]})
    found = theme_hits(sentences("Memperkuat penguatan yang kuat, bukan membuat kuali."), lex)
    assert list(found["match"]) == ["Memperkuat", "penguatan", "kuat"]


def test_non_hits_on_seeds(hits, seeds_corpus):
    text = seeds_corpus.articles.set_index("article_id")["text"]
    for phrase in ("satu sama lain", "bersama"):
        for aid, body in text.items():
            for m in re.finditer(phrase, body):
                overlapping = hits[
                    (hits["article_id"] == aid)
                    & (hits["start"] < m.end())
                    & (hits["end"] > m.start())
                ]
                assert not (overlapping["theme"] == "cooperation").any(), (phrase, aid)
    assert not (hits["match"].str.lower() == "sama").any()
    assert not hits["match"].str.lower().isin(["kekuatan", "membuat"]).any()


def test_hyphen_and_space_are_alike(hits, seed_ids):
    wwii_003 = hits[
        (hits["article_id"] == seed_ids["003"]) & (hits["pattern"] == "Perang Anti-Fasis Dunia")
    ]
    assert set(wwii_003["match"]) == {"Perang Anti Fasis Dunia"}


def test_word_boundaries_case_and_accents():
    lex = Lexicon.build({"t": ["Taiwan", "multilateral*", "kerja sama"]})
    found = theme_hits(
        sentences(
            "TAIWAN, Taiwanese and Táiwàn.",
            "Multilateralisme; unilateral; kerja samanya; kerja, sama.",
        ),
        lex,
    )
    assert list(found["match"]) == ["TAIWAN", "Táiwàn", "Multilateralisme"]


def test_phrase_does_not_cross_sentences():
    found = theme_hits(
        sentences("Mereka bekerja", "sama sekali tidak."), Lexicon.build({"t": ["bekerja sama"]})
    )
    assert found.empty


def test_exact_acronyms_do_not_match_words():
    lex = Lexicon.build(
        {"us": ["@AS"]}, aliases={"AS": ["Amerika Serikat", "AS", "US"]}, exact_names=("AS", "US")
    )
    found = theme_hits(sentences("AS dan Amerika Serikat, tell us as it is, US."), lex)
    assert list(found["match"]) == ["AS", "Amerika Serikat", "US"]


def test_overlap_true_keeps_inner_hits():
    text = "Organisasi Kerja Sama Shanghai."
    plain = Lexicon.build({"sco": ["Organisasi Kerja Sama Shanghai"], "coop": ["kerja sama"]})
    assert list(theme_hits(sentences(text), plain)["theme"].astype(str)) == ["sco"]
    free = Lexicon.build(
        {
            "sco": ["Organisasi Kerja Sama Shanghai"],
            "coop": [{"text": "kerja sama", "overlap": True}],
        }
    )
    assert list(theme_hits(sentences(text), free)["theme"].astype(str)) == ["sco", "coop"]


def test_same_span_counts_for_every_theme_once():
    lex = Lexicon.build({"a": ["Piagam PBB", "PBB"], "b": ["Piagam PBB", "piagam*"]})
    found = theme_hits(sentences("Piagam PBB."), lex)
    assert found[["theme", "pattern", "match"]].astype(str).values.tolist() == [
        ["a", "Piagam PBB", "Piagam PBB"],
        ["b", "Piagam PBB", "Piagam PBB"],
    ]


def test_greedy_leftmost_longest_with_chains():
    lex = Lexicon.build({"t": ["a b", "b c d", "d e"]})
    found = theme_hits(sentences("a b c d e"), lex)
    assert list(found["match"]) == ["a b", "d e"]


def test_offsets_include_the_sentence_start():
    found = theme_hits(sentences("Tidak ada.", "Soal Taiwan."), Lexicon.build({"t": ["Taiwan"]}))
    assert found[["sentence", "start", "end", "sentence_start"]].values.tolist() == [
        [1, 16, 22, 11]
    ]


def test_sentence_text_is_opt_in(seeds_corpus):
    with_text = theme_hits(seeds_corpus, sentence_text=True)
    assert "sentence_text" in with_text.columns
    assert all(m in s for m, s in zip(with_text["match"], with_text["sentence_text"], strict=True))


def test_input_not_mutated(seeds_corpus):
    before = seeds_corpus.sentences.copy()
    theme_hits(seeds_corpus.sentences)
    pd.testing.assert_frame_equal(seeds_corpus.sentences, before)


def test_empty_and_missing_columns(seeds_corpus):
    assert theme_hits(seeds_corpus.sentences.iloc[:0]).empty
    with pytest.raises(
        helpers.errors.MissingColumns, match=r"sentences lacks column\(s\) \['start'\]"
    ):
        theme_hits(seeds_corpus.sentences.drop(columns="start"))


def test_public_names():
    assert helpers.theme_hits is theme_hits
    assert helpers.with_themes.__module__ == "helpers.themes.counts"


def test_partitions_give_the_same_rows(seeds_corpus, hits):
    parts = [theme_hits(g) for _, g in seeds_corpus.sentences.groupby("article_id", sort=False)]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), hits)


def test_dask_map_partitions_matches_pandas(seeds_corpus, hits):
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.from_pandas(seeds_corpus.sentences, npartitions=3, sort=False)
    lex = load_lexicon()
    out = frame.map_partitions(theme_hits, lex, meta=empty_hits(lex)).compute(scheduler="sync")
    key = ["article_id", "start", "theme"]
    got = out.sort_values(key, ignore_index=True)
    pd.testing.assert_frame_equal(got, hits.sort_values(key, ignore_index=True))


def test_small_chunks_give_the_same_rows(seeds_corpus, hits, monkeypatch):
    monkeypatch.setattr("helpers.themes.match.CHUNK_CHARS", 500)
    pd.testing.assert_frame_equal(theme_hits(seeds_corpus), hits)


words = st.sampled_from(
    [
        "kerja",
        "sama",
        "Taiwan",
        "BRICS",
        "multilateralisme",
        "memperkuat",
        "dan",
        "é",
        "-",
        ",",
        "😀",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(words, max_size=12).map(" ".join), min_size=1, max_size=4))
def test_invariants_on_random_sentences(texts):
    frame = sentences(*texts)
    found = theme_hits(frame)
    body = " ".join(texts)
    for _, row in found.iterrows():
        assert body[row["start"] : row["end"]] == row["match"]
        assert row["match"].strip() == row["match"] and row["match"]
    non_free = found.sort_values("start")
    spans = sorted(set(zip(non_free["start"], non_free["end"], strict=True)))
    for (_s1, e1), (s2, _e2) in itertools.pairwise(spans):
        assert s2 >= e1  # no overlapping spans in the shipped lexicon (no overlap = true there)


@given(st.text(max_size=200))
def test_normalise_keeps_length(text):
    assert len(normalise_text(text)[0]) == len(text)


def test_repeated_sentences_are_scanned_once_with_the_same_hits(seeds_corpus):
    """Copies of a corpus (wire copy, boilerplate) give each copy the hits it has alone."""
    sentences = seeds_corpus.sentences
    parts = [sentences.assign(article_id=sentences["article_id"] + f"_{i}") for i in range(3)]
    together = theme_hits(pd.concat(parts, ignore_index=True))
    alone = pd.concat([theme_hits(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(together, alone)
