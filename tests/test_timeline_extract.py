"""Per-article event extraction: participants, mode, place and evidence."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.timeline import article_events, person_mentions

XP = ("Vladimir Putin", "Xi Jinping")


def frame(*texts: str, language: str = "id", **columns) -> pd.DataFrame:
    data = {"article_id": [f"a{i}" for i in range(len(texts))], "text": list(texts),
            "language": [language] * len(texts)}  # fmt: skip
    data.update({k: v if isinstance(v, list) else [v] * len(texts) for k, v in columns.items()})
    return pd.DataFrame(data)


@pytest.fixture(scope="module")
def seeds(seeds_corpus):
    return article_events(seeds_corpus).set_index("article_id")


@pytest.mark.parametrize(
    ("seed", "participants", "mode", "place", "place_from"),
    [
        ("000", XP, None, None, None),
        ("001", XP, "virtual", None, None),
        ("002", XP, "virtual", "Beijing", "dateline"),
        ("003", XP, "virtual", "Balai Agung Rakyat Beijing", "text"),
        ("004", ("Sergey Lavrov", "Xi Jinping"), "in person", "Beijing", "text"),
    ],
)
def test_seed_articles(seeds, seed_ids, seed, participants, mode, place, place_from):
    row = seeds.loc[seed_ids[seed]]
    assert row["participants"] == participants
    assert (None if pd.isna(row["mode"]) else row["mode"]) == mode
    assert (None if pd.isna(row["place"]) else row["place"]) == place
    assert (None if pd.isna(row["place_from"]) else row["place_from"]) == place_from


def test_greeted_putin_is_mentioned_not_a_participant(seeds, seed_ids):
    row = seeds.loc[seed_ids["004"]]
    assert "Vladimir Putin" in row["mentioned"]
    assert "Vladimir Putin" not in row["participants"]
    assert row["evidence"].startswith("Presiden China Xi Jinping pada Selasa (9/4) bertemu")


def test_seed_evidence_and_dates(seeds, seed_ids):
    assert seeds.loc[seed_ids["003"], "evidence"].endswith("hari Selasa kemarin (21/1).")
    assert seeds.loc[seed_ids["002"], "mode_cue"] == "tautan video"
    assert pd.isna(seeds.loc[seed_ids["000"], "evidence"])
    assert seeds["event_date"].dt.strftime("%Y-%m-%d").fillna("-").to_dict() == {
        seed_ids["000"]: "-", seed_ids["001"]: "2025-01-21", seed_ids["002"]: "2022-12-30",
        seed_ids["003"]: "2025-01-21", seed_ids["004"]: "2024-04-09",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "mode", "cue"),
    [
        ("Xi dan Putin mengadakan pertemuan virtual pada Selasa.", "virtual", "virtual"),
        ("Presiden Xi berbicara secara virtual dengan Presiden Putin.", "virtual", "virtual"),
        ("Xi bertemu Putin melalui tautan video.", "virtual", "tautan video"),
        ("Xi dan Putin melakukan panggilan video.", "virtual", "panggilan video"),
        ("Xi dan Putin menggelar konferensi video.", "virtual", "konferensi video"),
        ("Xi dan Putin melakukan panggilan telepon pada Senin.", "phone", "panggilan telepon"),
        ("Presiden Xi berbicara dengan Putin melalui telepon.", "phone", "telepon"),
        ("Xi bertemu dengan Putin di Moskow.", "in person", "bertemu"),
        (
            "Putin menerima kunjungan kenegaraan Xi Jinping di Kremlin.",
            "in person",
            "menerima kunjungan",
        ),
        ("Xi dan Putin menandatangani perjanjian.", None, None),
    ],
)
def test_modes(text, mode, cue):
    row = article_events(frame(text)).iloc[0]
    assert row["participants"] == XP
    assert (None if pd.isna(row["mode"]) else row["mode"]) == mode
    assert (None if pd.isna(row["mode_cue"]) else row["mode_cue"].lower()) == cue


def test_evidence_sentence_decides_mode_over_later_mentions():
    text = ("Presiden Xi bertemu Presiden Putin di Beijing pada Selasa (21/1).\n\n"
            "Keduanya terakhir berbicara lewat panggilan video pada Desember.")  # fmt: skip
    row = article_events(frame(text)).iloc[0]
    assert (row["mode"], row["place"], row["place_from"]) == ("in person", "Beijing", "text")


def test_english_text():
    row = article_events(
        frame("Xi held talks with Putin via video link on Tuesday.", language="en")
    ).iloc[0]
    assert (row["participants"], row["mode"], row["mode_cue"]) == (XP, "virtual", "video link")
    phone = article_events(frame("Xi spoke with Putin by phone in Beijing.", language="en")).iloc[0]
    assert (phone["mode"], phone["place"]) == ("phone", "Beijing")


def test_aliases_normalised():
    text = "Menlu Rusia bertemu Presiden Xi di Beijing. Lavrov menyampaikan pesan."
    row = article_events(frame(text)).iloc[0]
    assert row["participants"] == ("Sergey Lavrov", "Xi Jinping")


def test_date_evidence_from_loader_is_used():
    text = "Xi memuji Rusia.\n\nDalam pertemuan pada Selasa (21/1), Xi menyambut Putin."
    row = article_events(
        frame(text, event_date_evidence="Dalam pertemuan pada Selasa (21/1), Xi menyambut Putin.")
    ).iloc[0]
    assert row["evidence_sentence"] == 1
    assert row["participants"] == XP


def test_one_person_story_and_nobody():
    rows = article_events(
        frame("Putin berpidato. Putin menyebut Barat.", "Cuaca cerah di Jakarta.")
    )
    assert rows["participants"].tolist() == [("Vladimir Putin",), ()]
    assert rows["n_mentions"].tolist() == [2, 0]


def test_does_not_mutate_and_keeps_order():
    articles = frame("Xi bertemu Putin.", "Lavrov bertemu Xi.")
    before = articles.copy(deep=True)
    out = article_events(articles)
    pd.testing.assert_frame_equal(articles, before)
    assert out["article_id"].tolist() == ["a0", "a1"]


def test_rejects_frames_without_text():
    with pytest.raises(KeyError, match=r"articles lacks column\(s\) \['text'\]"):
        article_events(pd.DataFrame({"article_id": ["a"]}))
    with pytest.raises(TypeError, match="expected a Corpus or an articles DataFrame"):
        article_events(["not", "a", "frame"])


def test_person_mentions_marks_greetings(seeds_corpus, seed_ids):
    mentions = person_mentions(seeds_corpus.subset([seed_ids["004"]]))
    greeted = mentions[mentions["greeted"]]
    assert "Vladimir Putin" in set(greeted["name"])
    assert set(mentions.columns) == {
        "article_id",
        "sentence",
        "name",
        "text",
        "start",
        "end",
        "greeted",
    }


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=4))
def test_partition_friendly(seeds_corpus, cut):
    """Running on parts and concatenating equals one run (what Dask map_partitions does)."""
    articles = seeds_corpus.articles
    whole = article_events(articles)
    parts = pd.concat([article_events(articles.iloc[:cut]), article_events(articles.iloc[cut:])])
    pd.testing.assert_frame_equal(whole, parts.reset_index(drop=True))


def test_empty_inputs_give_empty_tables(seeds_corpus):
    from helpers.timeline import coverage, events, history_refs, with_events

    none = seeds_corpus.articles.iloc[:0]
    assert article_events(none).empty and list(article_events(none).columns)[:4] == [
        "article_id", "event_date", "event_date_from", "participants",
    ]  # fmt: skip
    evs = events(none)
    assert evs.empty and "event_id" in evs
    assert coverage(none, evs).empty
    assert history_refs(none).empty
    assert with_events(none, evs).empty


def test_runs_through_dask_map_partitions(seeds_corpus):
    dd = pytest.importorskip("dask.dataframe")
    articles = seeds_corpus.articles
    meta = article_events(articles.iloc[:0])
    out = (
        dd.from_pandas(articles, npartitions=3).map_partitions(article_events, meta=meta).compute()
    )
    # Dask stores strings as pyarrow strings with <NA>; the values must be the same.
    pd.testing.assert_frame_equal(
        out.reset_index(drop=True), article_events(articles), check_dtype=False
    )
