"""Every input format, the sidecar and field naming, on small hand-written fixtures."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import helpers
from helpers.errors import ConfigError, InvalidValue, LoadError

BODY = ("Beijing (ANTARA) - Presiden China Xi Jinping pada Selasa (9/4) bertemu dengan Menteri Luar "
        "Negeri Rusia Sergey Lavrov di Beijing. Kedua pihak sepakat memperkuat kerja sama.")  # fmt: skip

HTML = """<!doctype html><html lang="id"><head><title>Xi bertemu Lavrov - ANTARA News</title>
<meta property="og:title" content="Xi bertemu Lavrov di Beijing">
<meta property="og:url" content="https://www.antaranews.com/berita/2024/04/09/xi-bertemu-lavrov">
<meta property="og:site_name" content="ANTARA News">
<meta property="article:published_time" content="2024-04-09T20:15:00+07:00"></head>
<body><nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a></nav>
<article><h1>Xi bertemu Lavrov di Beijing</h1>
<p>Beijing (ANTARA) - Presiden China Xi Jinping pada Selasa (9/4) bertemu dengan Menteri Luar Negeri
Rusia Sergey Lavrov di Beijing untuk membahas hubungan kedua negara.</p>
<p>Xi meminta Lavrov untuk menyampaikan salam tulus kepada Presiden Rusia Vladimir Putin, dan kedua
pihak sepakat memperkuat koordinasi strategis di berbagai forum multilateral.</p>
<p>Baca juga: Putin kunjungi Beijing</p>
<p>Pewarta: Xinhua</p><p>Editor: Santoso</p></article>
<footer>Copyright © 2024 ANTARA</footer></body></html>"""


def one(corpus):
    assert len(corpus.articles) == 1, corpus.report
    return corpus.articles.iloc[0]


def test_txt_and_md(write_files):
    md = ("---\ntitle: Xi dan Lavrov\nurl: https://www.antaranews.com/berita/2024/04/09/x\n---\n"
          "# Judul di badan\n\n![Foto [ANTARA]](https://img.antaranews.com/a.jpg)\n\n" + BODY + " Versi md.")  # fmt: skip
    root = write_files({"a.txt": BODY, "sub/b.md": md})
    corpus = helpers.load_corpus(root)
    arts = corpus.articles.set_index("article_id")
    assert set(arts.index) == {"a", "b"}
    assert arts.loc["b", "source"] == "sub/b.md"
    assert arts.loc["b", "title"] == "Xi dan Lavrov"  # front matter beats the heading
    assert arts.loc["b", "url"].startswith("https://www.antaranews.com/")
    assert arts.loc["b", "outlet"] == "ANTARA"
    assert "![" not in arts.loc["b", "text"] and "Judul di badan" not in arts.loc["b", "text"]
    assert arts.loc["a", "dateline"] == "Beijing (ANTARA) -"


def test_html_through_trafilatura(write_files):
    root = write_files({"page.html": HTML})
    r = one(helpers.load_corpus(root))
    assert r.title == "Xi bertemu Lavrov di Beijing"
    assert r.outlet == "ANTARA"
    assert r.url == "https://www.antaranews.com/berita/2024/04/09/xi-bertemu-lavrov"
    assert r.published.date() == pd.Timestamp("2024-04-09").date()
    assert r.event_date == pd.Timestamp("2024-04-09")
    assert (r.wire, r.editor) == ("Xinhua", "Santoso")
    assert "Beranda" not in r.text and "Baca juga" not in r.text
    assert r.text.startswith("Presiden China Xi Jinping")


def test_jsonl_json_csv_default_fields(write_files):
    records = [
        {"id": "r1", "text": BODY, "title": "Satu", "published": "2024-04-10", "outlet": "antara"},
        {"id": "r2", "text": "SinPo.id - Presiden Xi bertemu Putin secara virtual pada Selasa (21/1) sore.",
         "url": "https://sinpo.id/detail/2025/01/22/x"},
    ]  # fmt: skip
    csv_rows = pd.DataFrame(
        [
            {
                "article_id": "c1",
                "body": BODY + " Dari CSV.",
                "headline": "Tiga",
                "date": "10/04/2024 08:00",
            }
        ]
    )
    root = write_files({
        "a.jsonl": "\n".join(json.dumps(r) for r in records) + "\n",
        "b.json": json.dumps({"articles": [{"id": "j1", "content": BODY + " Tambahan kalimat."}]}),
        "c.csv": csv_rows.to_csv(index=False),
    })  # fmt: skip
    corpus = helpers.load_corpus(root)
    arts = corpus.articles.set_index("article_id")
    assert set(arts.index) == {"r1", "r2", "j1", "c1"}
    assert arts.loc["r1", "outlet"] == "ANTARA" and arts.loc["r1", "outlet_from"] == "metadata"
    assert arts.loc["r1", "published"] == pd.Timestamp("2024-04-10", tz="Asia/Jakarta")
    assert arts.loc["r2", "outlet"] == "SinPo.id"  # from the URL's domain
    assert arts.loc["r2", "published"].date().isoformat() == "2025-01-22"  # date in the URL
    assert arts.loc["r2", "published_from"] == "inferred"
    assert arts.loc["r2", "event_date"] == pd.Timestamp("2025-01-21")
    assert arts.loc["c1", "title"] == "Tiga"
    assert arts.loc["c1", "published"] == pd.Timestamp("2024-04-10 08:00", tz="Asia/Jakarta")
    assert set(corpus.report["status"]) == {"loaded"}


def test_user_named_fields(write_files):
    root = write_files(
        {"x.jsonl": json.dumps({"kode": "k1", "isi_berita": BODY, "tgl": "2024-04-09"})}
    )
    corpus = helpers.load_corpus(root, fields={"id": "kode", "text": "isi_berita", "date": "tgl"})
    assert one(corpus).article_id == "k1"
    with pytest.raises(InvalidValue, match=r"unknown role 'isi'.*valid roles are \['id', 'text'"):
        helpers.load_corpus(root, fields={"isi": "isi_berita"})


def test_record_without_text_is_reported(write_files):
    root = write_files(
        {
            "x.jsonl": json.dumps({"id": "ok", "text": BODY})
            + "\n{not json}\n"
            + json.dumps({"id": "empty"})
        }
    )
    corpus = helpers.load_corpus(root)
    assert list(corpus.articles.article_id) == ["ok"]
    report = corpus.report.iloc[0]
    assert report.status == "warning"
    assert "line 2: invalid JSON" in report.message and "line 3: no text" in report.message
    assert "fields={'text': ...}" in report.message
    with pytest.raises(LoadError, match=r"x.jsonl: .*line 2: invalid JSON"):
        helpers.load_corpus(root, errors="raise")


def test_unknown_domain_becomes_the_outlet(write_files):
    root = write_files(
        {"x.jsonl": json.dumps({"id": "u", "text": BODY, "url": "https://berita.example.org/a/1"})}
    )
    assert one(helpers.load_corpus(root)).outlet == "berita.example.org"


def test_sidecar_wins_over_extraction(write_files, tmp_path):
    root = write_files({"a.txt": BODY, "b.txt": BODY.replace("Lavrov", "Wang Yi")})
    sidecar = tmp_path / "meta.csv"
    pd.DataFrame([
        {"article_id": "a", "outlet": "kompas.com", "published": "2024-04-10T09:00:00+07:00", "title": "", "url": ""},
        {"article_id": "", "outlet": "", "published": "", "title": "", "url": ""},
    ]).iloc[:1].assign(source="").to_csv(sidecar, index=False)  # fmt: skip
    corpus = helpers.load_corpus(root, metadata=sidecar)
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["a", "outlet"] == "Kompas" and arts.loc["a", "outlet_from"] == "metadata"
    assert arts.loc["a", "published_from"] == "metadata"
    # `Beijing (ANTARA) -` alone credits the copy; the publisher is a guess, and says so.
    assert arts.loc["b", "outlet"] == "ANTARA" and arts.loc["b", "outlet_from"] == "inferred"
    assert "meta.csv" in set(corpus.report.source)


def test_sidecar_by_source_and_url(write_files, tmp_path):
    root = write_files({"dir/a.txt": BODY})
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text(
        "source,url\ndir/a.txt,https://www.tempo.co/read/2024/04/11/x\n", encoding="utf-8"
    )
    r = one(helpers.load_corpus(root, metadata=sidecar))
    assert (r.outlet, r.outlet_from, r.url) == (
        "Tempo",
        "metadata",
        "https://www.tempo.co/read/2024/04/11/x",
    )


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("outlet\nANTARA\n", r"needs an 'article_id' or 'source' column"),
        (
            "article_id,colour\na,red\n",
            r"unknown column\(s\) \['colour'\]; valid are \['article_id', 'source'",
        ),
        ("article_id,published\na,kemarin\n", r"line 2: published='kemarin' is not a date"),
        ("article_id,language\na,fr\n", r"line 2: language='fr'; expected one of \['id', 'en'\]"),
        ("article_id,outlet\n,ANTARA\n", r"line 2: empty article_id"),
    ],
)
def test_bad_sidecar_is_rejected_with_line(write_files, tmp_path, content, match):
    root = write_files({"a.txt": BODY})
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        helpers.load_corpus(root, metadata=sidecar)


def test_list_of_sources_and_single_file(write_files):
    root = write_files({"a.txt": BODY, "b.txt": BODY + " Lain.", "c.txt": BODY + " Lagi."})
    assert len(helpers.load_articles([root / "a.txt", root / "b.txt"])) == 2
    assert helpers.load_articles(root / "c.txt")["source"].tolist() == ["c.txt"]


def test_same_stem_in_two_folders_gets_unique_ids(write_files):
    root = write_files({"x/a.txt": BODY, "y/a.txt": BODY + " Berbeda."})
    ids = sorted(helpers.load_articles(root)["article_id"])
    assert ids == ["a", "y__a"]


def test_english_article(write_files):
    text = ("BEIJING (Reuters) - Chinese President Xi Jinping held a video call with Russian President "
            "Vladimir Putin on Tuesday, January 21, 2025, and said the two countries would deepen "
            "strategic coordination.\n\nReporting by Jane Doe\nEditing by John Roe")  # fmt: skip
    r = one(helpers.load_corpus(write_files({"en.txt": text})))
    assert r.language == "en"
    assert r.wire == "Reuters" and r.outlet == "Reuters" and r.outlet_from == "inferred"
    assert r.event_date == pd.Timestamp("2025-01-21")
    assert (r.byline, r.editor) == ("Jane Doe", "John Roe")
