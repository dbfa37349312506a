"""References to the past: anniversaries, wars, years."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.errors import ConfigError
from helpers.timeline import events, history_refs, load_history


@pytest.fixture(scope="module")
def refs(seeds_corpus):
    return history_refs(seeds_corpus)


def rows(frame, article_id):
    sub = frame[frame["article_id"] == article_id]
    return [
        (k, t, None if pd.isna(y) else int(y)) for k, t, y in sub[["kind", "text", "year"]].values
    ]


def test_seed_004_diplomatic_anniversary(refs, seed_ids):
    assert rows(refs, seed_ids["004"]) == [("anniversary", "peringatan 75 tahun", 1949)] * 2


def test_seed_001_war_and_anniversary(refs, seed_ids):
    assert rows(refs, seed_ids["001"]) == [
        ("anniversary", "ulang tahun ke-80", 1945),
        ("war", "Perang Anti-Fasis Dunia", 1945),
        ("war", "Perang Dunia II", 1945),
    ]  # "pada 2025" in the same article is the article's own year: not history


def test_seed_003(refs, seed_ids):
    got = rows(refs, seed_ids["003"])
    assert ("anniversary", "80 tahun yang lalu", 1945) in got
    assert ("anniversary", "peringatan 80 tahun", 1945) in got  # berdirinya PBB
    assert {t for k, t, _ in got if k == "war"} == {
        "Perang Perlawanan Rakyat Tiongkok Melawan Agresi Jepang", "Perang Patriotik Raya",
        "Perang Anti Fasis Dunia", "Perang Dunia II",
    }  # fmt: skip
    assert {y for *_, y in got} == {1945}


def test_seed_000_plans_are_not_history_and_year_needs_an_event(refs, seeds_corpus, seed_ids):
    got = rows(refs, seed_ids["000"])
    assert ("anniversary", "80 tahun yang lalu", None) in got  # undated article: year unknown
    assert all(k != "year" for k, *_ in got)  # "hingga tahun 2025" is a plan
    with_events = history_refs(seeds_corpus, events=events(seeds_corpus))
    assert ("anniversary", "80 tahun yang lalu", 1945) in rows(with_events, seed_ids["000"])


def test_seeds_have_no_ref_in_002(refs, seed_ids):
    assert rows(refs, seed_ids["002"]) == []


def test_columns_and_sentence_index(refs, seeds_corpus):
    assert list(refs.columns)[:5] == ["article_id", "sentence", "kind", "text", "year"]
    sentences = seeds_corpus.sentences.set_index(["article_id", "sentence"])["text"]
    for r in refs.itertuples():
        assert sentences[(r.article_id, r.sentence)] == r.sentence_text
        assert r.sentence_text[r.start : r.end] == r.text


def frame(text, **extra):
    return pd.DataFrame(
        {"article_id": ["a"], "text": [text], "language": [extra.pop("language", "id")], **extra}
    )


@pytest.mark.parametrize(
    ("text", "extra", "expected"),
    [
        ("Hubungan diplomatik dibuka pada 1949.", {"published_year": [2024]}, [("year", "1949", 1949)]),
        ("Kerja sama berlanjut hingga tahun 2030.", {"published_year": [2024]}, []),
        ("Rencana menuju 2045 disusun.", {}, []),
        ("Target tahun 2025 tercapai.", {"published_year": [2024]}, []),
        ("Pada 1945 perang berakhir.", {}, [("year", "1945", 1945)]),
        ("Kakek itu berusia 80 tahun.", {"published_year": [2025]}, []),
        ("HUT ke-79 RI dirayakan.", {"published_year": [2024]}, [("anniversary", "HUT ke-79", 1945)]),
        ("The 80th anniversary of the end of World War II.", {"language": "en", "published_year": [2025]},
         [("anniversary", "80th anniversary", 1945), ("war", "World War II", 1945)]),
        ("Ties began 75 years ago.", {"language": "en", "published_year": [2024]},
         [("anniversary", "75 years ago", 1949)]),
    ],
)  # fmt: skip
def test_literal_references(text, extra, expected):
    assert rows(history_refs(frame(text, **extra)), "a") == expected


def test_reference_year_prefers_event_date():
    f = frame(
        "Peringatan 10 tahun kerja sama.",
        event_date=[pd.Timestamp("2020-05-01")],
        published_year=[2021],
    )
    assert rows(history_refs(f), "a") == [("anniversary", "Peringatan 10 tahun", 2010)]


def test_partition_friendly(seeds_corpus):
    articles = seeds_corpus.articles
    whole = history_refs(articles)
    parts = pd.concat(
        [history_refs(articles.iloc[:2]), history_refs(articles.iloc[2:])], ignore_index=True
    )
    pd.testing.assert_frame_equal(whole, parts)


def test_bad_history_file(tmp_path):
    path = tmp_path / "history.toml"
    path.write_text('[[past]]\nname = "X"\npatterns = ["("]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"history\.toml:3: pattern '\(' is not a valid regex"):
        load_history(path)
    path.write_text('[[past]]\nname = "X"\nyear = "1945"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"history\.toml:3: 'year' must be a whole year"):
        load_history(path)
