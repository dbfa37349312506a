"""Publication timestamps, years and event dates, in Indonesian first and English second."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import helpers
from helpers.corpus.dates import (
    RelativeDate,
    copyright_year,
    find_relative_dates,
    find_timestamps,
    resolve,
    url_date,
)
from helpers.lang import get

ID, EN = get("id"), get("en")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Rabu, 22 Januari 2025 | 02:08 WIB", ID, "2025-01-22T02:08:00+07:00"),
        ("Kamis, 23 Januari 2025 09:30 WITA", ID, "2025-01-23T08:30:00+07:00"),
        ("23 Jan 2025, 10:00 WIT", ID, "2025-01-23T08:00:00+07:00"),
        ("Selasa, 9 April 2024 20:15", ID, "2024-04-09T20:15:00+07:00"),  # no zone: WIB
        ("9 Desember 2024", ID, "2024-12-09T00:00:00+07:00"),
        ("10/04/2024 08:00 WIB", ID, "2024-04-10T08:00:00+07:00"),
        ("2024-04-09T13:15:00Z", ID, "2024-04-09T20:15:00+07:00"),
        ("2024-04-09T20:15:00+0700", ID, "2024-04-09T20:15:00+07:00"),
        ("January 22, 2025 2:08 PM GMT", EN, "2025-01-22T21:08:00+07:00"),
        ("Tuesday, 21 January 2025 14:00 UTC+3", EN, "2025-01-21T18:00:00+07:00"),
    ],
)
def test_timestamps(text, language, expected):
    stamps = find_timestamps(text, language)
    assert [s.value.isoformat() for s in stamps] == [expected]


def test_non_dates_are_not_timestamps():
    for text in ["80 tahun yang lalu", "Copyright © ANTARA 2024", "ulang tahun ke-75", "hingga tahun 2025",
                 "32 Januari 2025", "pukul 25:00"]:  # fmt: skip
        assert find_timestamps(text, ID) == [], text


def test_copyright_year_and_url_dates():
    assert copyright_year("Copyright © ANTARA 2024") == 2024
    assert copyright_year("© 2010-2024 Kompas.com") == 2024
    assert copyright_year("Tahun 2024 adalah") is None
    assert url_date("https://www.antaranews.com/berita/4059321/2024/05/16/x").date() == dt.date(
        2024, 5, 16
    )
    assert url_date("https://news.detik.com/internasional/d-7745/20240516/x").date() == dt.date(
        2024, 5, 16
    )
    assert url_date("https://x.id/read/2024-05-16/x").date() == dt.date(2024, 5, 16)
    assert url_date("https://x.id/2024/13/40/x") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bertemu pada Selasa (21/1) sore", (21, 1, None, 1)),
        ("melalui tautan video pada Jumat (30/12).", (30, 12, None, 4)),
        ("Xi pada Selasa (9/4) bertemu", (9, 4, None, 1)),
        ("Senin (28/12/2020) lalu", (28, 12, 2020, 0)),
        ("di Beijing hari Selasa kemarin (21/1).", (21, 1, None, 1)),
        ("pada 21 Januari 2025 di Beijing", (21, 1, 2025, None)),
        ("Jum'at (3/1)", (3, 1, None, 4)),
    ],
)
def test_relative_forms(text, expected):
    found = find_relative_dates(text, ID)
    assert [(r.day, r.month, r.year, r.weekday) for r in found][:1] == [expected]


def test_english_relative_forms():
    found = find_relative_dates("Xi met Putin on Tuesday, January 21, 2025 and again on Friday", EN)
    assert [(r.day, r.month, r.year, r.weekday) for r in found] == [
        (21, 1, 2025, 1),
        (None, None, None, 4),
    ]


def rel(day, month, weekday, year=None):
    return RelativeDate(day, month, year, weekday, "", (0, 0))


def test_year_from_publication_crosses_new_year():
    published = pd.Timestamp("2023-01-02 08:00", tz="Asia/Jakarta")
    assert resolve(rel(30, 12, 4), published=published)[:2] == (pd.Timestamp("2022-12-30"), "text")
    assert resolve(rel(21, 1, 1), published=pd.Timestamp("2025-01-22 02:08", tz="Asia/Jakarta"))[
        0
    ] == pd.Timestamp("2025-01-21")


def test_year_from_weekday_within_window():
    ref = dt.date(2025, 1, 22)
    assert resolve(rel(21, 1, 1), reference=ref)[:2] == (pd.Timestamp("2025-01-21"), "inferred")
    assert resolve(rel(30, 12, 4), reference=ref)[0] == pd.Timestamp("2022-12-30")
    assert resolve(rel(9, 4, 1), reference=ref)[0] == pd.Timestamp("2024-04-09")
    # 29 February on a Monday: 2016 is the newest within 15 years of 2025.
    assert resolve(rel(29, 2, 0), reference=ref)[0] == pd.Timestamp("2016-02-29")
    value, _origin, note = resolve(rel(30, 12, 4), reference=ref, window=1)
    assert value is None and "no year within 1 years" in note


def test_stated_weekday_mismatch_is_noted():
    value, _origin, note = resolve(rel(28, 12, 1, 2020))  # 28/12/2020 was a Monday
    assert value == pd.Timestamp("2020-12-28") and "does not match" in note


def test_bare_weekday_needs_publication():
    published = pd.Timestamp("2025-01-22 02:08", tz="Asia/Jakarta")  # a Wednesday
    assert resolve(rel(None, None, 1), published=published)[:2] == (
        pd.Timestamp("2025-01-21"),
        "inferred",
    )
    assert resolve(rel(None, None, 1))[0] is None


def test_captions_and_baca_juga_dates_are_ignored(write_files):
    text = ("![Putin di Moskow pada Senin (20/1) [Xinhua]](https://media.suara.com/a.jpg)\n"
            "Baca Juga: Xi ke Moskow pada Kamis (16/1)\n"
            "Presiden Xi bertemu Presiden Putin secara virtual pada Selasa (21/1) untuk membahas kerja sama.\n")  # fmt: skip
    r = helpers.load_articles(write_files({"c.txt": text})).iloc[0]
    assert r.event_date_text == "Selasa (21/1)"


def test_event_year_uses_the_corpus_newest_date(write_files):
    """With no publication date, the window ends at the newest date the corpus knows."""
    root = write_files({
        "dated.jsonl": '{"id": "d", "text": "Xi dan Putin bertemu pada Senin (6/1) untuk berbicara panjang.", "date": "2020-01-07"}',
        "undated.txt": "Presiden Xi bertemu Presiden Putin secara virtual pada Selasa (21/1) untuk berbicara.",
    })  # fmt: skip
    arts = helpers.load_articles(root).set_index("article_id")
    assert arts.loc["d", "event_date"] == pd.Timestamp("2020-01-06")
    assert arts.loc["undated", "event_date"] == pd.Timestamp(
        "2014-01-21"
    )  # newest Tuesday 21/1 up to 2020
    assert arts.loc["undated", "event_date_from"] == "inferred"
