"""What the loader must show on the seeds, with no sidecar (issue 2)."""

from __future__ import annotations

import pandas as pd

import helpers
from helpers.corpus.loader import ARTICLE_COLUMNS


def row(corpus, seed_ids, short):
    return corpus.articles.set_index("article_id").loc[seed_ids[short]]


def test_five_articles_none_skipped(seeds_corpus):
    assert len(seeds_corpus.articles) == 5
    assert (seeds_corpus.report["status"] == "loaded").all()
    assert len(seeds_corpus.report) == 5
    assert seeds_corpus.articles["article_id"].is_unique


def test_every_contract_column_present(seeds_corpus):
    assert list(seeds_corpus.articles.columns[: len(ARTICLE_COLUMNS)]) == ARTICLE_COLUMNS
    for column in ["article_id", "source", "outlet", "published", "event_date", "title", "dateline",
                   "byline", "editor", "wire", "language", "text", "n_words", "outlet_from",
                   "published_from", "event_date_from"]:  # fmt: skip
        assert column in seeds_corpus.articles
    assert str(seeds_corpus.articles["published"].dt.tz) == "Asia/Jakarta"
    assert seeds_corpus.articles["event_date"].dt.tz is None


def test_001_sinpo(seeds_corpus, seed_ids):
    r = row(seeds_corpus, seed_ids, "001")
    assert r.outlet == "SinPo.id"
    assert r.published == pd.Timestamp("2025-01-22 02:08", tz="+07:00")
    assert r.published.utcoffset() == pd.Timedelta(hours=7)
    assert r.published_from == "text"
    assert r.event_date == pd.Timestamp("2025-01-21")
    assert r.event_date_from == "text"
    assert r.title == "Presiden Xi Jinping dan Vladimir Putin Bertemu Virtual"
    assert r.byline == "Tim Redaksi"
    assert r.dateline == "SinPo.id -"
    assert r.text.startswith("Presiden China Xi Jinping dan Presiden Rusia")


def test_004_antara_with_xinhua_copy(seeds_corpus, seed_ids):
    r = row(seeds_corpus, seed_ids, "004")
    assert (r.outlet, r.wire, r.editor, r.byline) == ("ANTARA", "Xinhua", "Santoso", "Xinhua")
    assert r.event_date == pd.Timestamp("2024-04-09")
    assert r.published_year == 2024 and pd.isna(r.published)
    assert r.dateline == "Beijing (ANTARA) -"


def test_002_xinhua_wire_and_weekday_year(seeds_corpus, seed_ids):
    r = row(seeds_corpus, seed_ids, "002")
    assert r.wire == "Xinhua"
    assert r.event_date == pd.Timestamp("2022-12-30")  # Friday 30/12: 2022, not 2023
    assert r.event_date_from == "inferred"
    assert r.byline == "Redaksi"


def test_003_event_inferred_from_weekday(seeds_corpus, seed_ids):
    r = row(seeds_corpus, seed_ids, "003")
    assert r.event_date == pd.Timestamp("2025-01-21")
    assert r.event_date_from == "inferred"
    assert pd.isna(r.outlet)  # nothing in the text names it; missing, not guessed


def test_000_suara_from_image_domain(seeds_corpus, seed_ids):
    r = row(seeds_corpus, seed_ids, "000")
    assert r.outlet == "Suara.com"
    assert r.outlet_from == "text"
    assert pd.isna(r.event_date)
    assert pd.isna(
        r.published
    )  # the image URL's /2024/03/18/ is the photo's date, not the article's


BOILERPLATE = ["Baca Juga", "BERITALAINNYA", "BERITATERKINI", "![", "Copyright", "Pewarta:",
               "Editor:", "Laporan:", "02:08 WIB", "media.suara.com"]  # fmt: skip


def test_no_boilerplate_survives(seeds_corpus):
    for text in seeds_corpus.articles["text"]:
        for marker in BOILERPLATE:
            assert marker not in text


def test_every_removed_line_is_recorded(seeds_corpus, seed_ids):
    removed = seeds_corpus.removed
    reasons = set(removed["reason"])
    assert {"related-link line (Baca Juga)", "copyright line", "credit line (moved to editor)",
            "section furniture (related-news block)"} <= reasons  # fmt: skip
    ids = removed.groupby("article_id")["line"].apply(list)
    assert (
        "Baca Juga: Trump vs. WHO: AS Resmi Mundur, Apa Dampaknya bagi Indonesia?"
        in ids[seed_ids["000"]]
    )
    assert "Copyright © ANTARA 2024" in ids[seed_ids["004"]]


def test_nothing_but_removed_lines_leaves_the_text(seeds_corpus):
    """Every non-blank seed line is either in `text` or in `removed` (or is the dateline's rest)."""
    articles = seeds_corpus.articles.set_index("article_id")
    removed = seeds_corpus.removed.groupby("article_id")["line"].apply(" ".join)
    for article_id, r in articles.iterrows():
        raw = (helpers.SEEDS / r.source).read_text(encoding="utf-8")
        for line in filter(None, (ln.strip() for ln in raw.splitlines())):
            assert (
                line in r.text
                or line in removed.get(article_id, "")
                or line.split(" - ", 1)[-1].strip() in r.text
                or line.split("– ", 1)[-1] in r.text
            ), line


def test_extracted_has_provenance(seeds_corpus, seed_ids):
    ex = seeds_corpus.extracted
    wire = ex[(ex.article_id == seed_ids["004"]) & (ex.field == "wire")].iloc[0]
    assert (wire.value, wire["from"]) == ("Xinhua", "text")
    assert "Pewarta" in wire.evidence


def test_sentences_offsets_point_into_text(seeds_corpus):
    texts = seeds_corpus.articles.set_index("article_id")["text"]
    s = seeds_corpus.sentences
    assert list(s.columns[:6]) == ["article_id", "paragraph", "sentence", "text", "start", "end"]
    for r in s.itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
    # The two-sentence quote in 004 stays one sentence with its `ujar Xi`.
    quoted = s[s.text.str.contains("Presiden Putin dan saya telah sepakat")]
    assert len(quoted) == 1 and quoted.text.iloc[0].endswith("ujar Xi.")


def test_language_is_indonesian(seeds_corpus):
    assert set(seeds_corpus.articles["language"]) == {"id"}


def test_load_articles_is_the_articles_frame(seeds_corpus):
    pd.testing.assert_frame_equal(helpers.load_articles(helpers.SEEDS), seeds_corpus.articles)


def test_subset_keeps_every_frame_consistent(seeds_corpus, seed_ids):
    ids = [seed_ids["004"], seed_ids["001"], "no-such-article"]
    sub = seeds_corpus.subset(ids)
    assert list(sub.articles.article_id) == [seed_ids["001"], seed_ids["004"]]  # corpus order
    for name in ("sentences", "removed", "extracted"):
        frame = getattr(seeds_corpus, name)
        expected = frame[frame.article_id.isin(ids)]
        got = getattr(sub, name)
        pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index())
    assert sub.subset([]).articles.empty and sub.subset([]).sentences.empty
    pd.testing.assert_frame_equal(sub.report, seeds_corpus.report)


# The seeds are read-only input: byte for byte the files of ../shared/seeds, names unchanged.
SEED_SHA256 = {
    "000_64efa9b70f30cce7.txt": "f26230b38d8d43437f913147c367e4101b0fec5ddd657a74e9eaf417af7ae0b0",
    "001_4d87d62ba9b3d208.txt": "2264dd2d2933d85464307185cb574d58538447476f4121621deaaf542e1a4b9d",
    "002_cdb469190e8d3993.txt": "8e9a7301138f8300150dcae100b68d92ee169cbeaeb936e827fae719d18bd3de",
    "003_1bb352efa15facdf.txt": "da560b44cf696bd01d0899663bf3a820bc4e69d86249ff79622080640f80c375",
    "004_d0a3107088f248db.txt": "a3fbb4b854e92b152f91d5c1165425610db374a05ebe4cc5c30dd6c1ad9a1ddf",
}


def test_seeds_are_the_originals_byte_for_byte():
    import hashlib

    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in helpers.SEEDS.iterdir()}
    assert found == SEED_SHA256
