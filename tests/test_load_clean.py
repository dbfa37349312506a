"""Boilerplate, credits, datelines, outlets from the registry, sentences and language."""

from __future__ import annotations

import pytest

import helpers
from helpers.corpus.clean import clean
from helpers.corpus.extract import find_dateline
from helpers.corpus.language import detect_language
from helpers.corpus.outlets import load_registry
from helpers.corpus.sentences import split_spans
from helpers.errors import ConfigError
from helpers.lang import get

ID, EN = get("id"), get("en")
BODY = "Presiden Xi Jinping bertemu Presiden Vladimir Putin di Moskow untuk membahas kerja sama kedua negara."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Baca Juga: Trump vs. WHO: AS Resmi Mundur", "related-link line (Baca Juga)"),
        ("BACA JUGA - Putin ke Beijing", "related-link line (Baca Juga)"),
        ("Baca selengkapnya di aplikasi", "related-link line"),
        ("Copyright © ANTARA 2024", "copyright line"),
        ("© 2024 Kompas.com", "copyright line"),
        ("Hak Cipta © 2024 Tempo", "copyright line"),
        ("Foto: ANTARA/Xinhua", "photo credit line"),
        ("Tags: China, Rusia", "tag line"),
        ("ADVERTISEMENT", "advertisement marker"),
        ("SCROLL TO CONTINUE WITH CONTENT", "advertisement marker"),
        (
            "![Vladimir Putin [Xinhua]](https://media.suara.com/p.jpg)",
            "markdown image (caption and address kept as metadata)",
        ),
        ("BERITALAINNYA", "section furniture (related-news block)"),
        ("BERITA TERKINI", "section furniture (related-news block)"),
        ("----------", "separator line"),
    ],
)
def test_boilerplate_lines_are_removed_with_reason(line, reason):
    cleaned = clean(f"{BODY}\n{line}\n{BODY.replace('Moskow', 'Beijing')}", ID)
    assert line not in cleaned.text
    assert (line, reason) in cleaned.removed


def test_related_headlines_after_furniture_block():
    cleaned = clean(f"{BODY}\nBERITA TERKAIT\nPutin Kunjungi Beijing\nXi Sambut Lavrov\n", ID)
    assert cleaned.text == BODY
    assert (
        "Putin Kunjungi Beijing",
        "related headline after a related-news block",
    ) in cleaned.removed


@pytest.mark.parametrize(
    ("line", "column", "value"),
    [("Pewarta: Xinhua", "byline", "Xinhua"), ("Editor: Santoso", "editor", "Santoso"),
     ("Laporan: Tim Redaksi", "byline", "Tim Redaksi"), ("Penulis : Ayu", "byline", "Ayu"),
     ("Penerjemah: Budi", "translator", "Budi")],
)  # fmt: skip
def test_credit_lines_move_to_columns(line, column, value):
    cleaned = clean(f"{BODY}\n{line}", ID)
    assert cleaned.credits[column] == value and line not in cleaned.text


def test_credit_word_inside_a_sentence_stays():
    text = "Editor: sebuah kata yang tidak berarti apa-apa di sini karena kalimat ini sangat panjang sekali dan jelas bukan kredit."
    assert clean(f"{BODY}\n{text}", ID).credits == {}


@pytest.mark.parametrize(
    ("paragraph", "place", "credits", "self_named"),
    [
        ("Beijing (ANTARA) - Presiden", "Beijing", ("ANTARA",), False),
        ("Beijing, China (Xinhua) – China dan", "Beijing, China", ("Xinhua",), False),
        ("Jakarta (ANTARA/Xinhua) - Kedua", "Jakarta", ("ANTARA", "Xinhua"), False),
        ("SinPo.id -  Presiden", None, ("SinPo.id",), True),
        ("Jakarta, CNN Indonesia -- Presiden", "Jakarta", ("CNN Indonesia",), True),
        ("JAKARTA, KOMPAS.com - Presiden", "JAKARTA", ("KOMPAS.com",), True),
        ("Liputan6.com, Jakarta - Presiden", "Jakarta", ("Liputan6.com",), True),
        ("MOSCOW, Jan 21 (Reuters) - Russian", "MOSCOW", ("Reuters",), False),
    ],
)
def test_datelines(paragraph, place, credits, self_named):
    d = find_dateline(paragraph, load_registry())
    assert (d.place, d.credits, d.self_named) == (place, credits, self_named)


def test_no_dateline_in_plain_sentence():
    assert (
        find_dateline("Presiden China Xi Jinping (kiri) - menurut laporan - tiba.", load_registry())
        is None
    )


def test_outlets_from_dateline_and_registry(write_files):
    root = write_files({
        "cnn.txt": "Jakarta, CNN Indonesia -- " + BODY,
        "kompas.txt": "JAKARTA, KOMPAS.com - " + BODY.replace("Moskow", "Kazan"),
        "wire.txt": "Jakarta (ANTARA/Xinhua) - " + BODY.replace("Moskow", "Sochi"),
    })  # fmt: skip
    arts = helpers.load_articles(root).set_index("article_id")
    assert arts.loc["cnn", ["outlet", "outlet_from"]].tolist() == ["CNN Indonesia", "text"]
    assert arts.loc["kompas", "outlet"] == "Kompas"
    assert arts.loc["wire", ["outlet", "wire"]].tolist() == ["ANTARA", "Xinhua"]


def test_registry_lookups():
    reg = load_registry()
    names = {o.name for o in reg}
    for name in ["ANTARA", "Kompas", "Detik", "Tempo", "CNN Indonesia", "CNBC Indonesia", "Liputan6",
                 "Republika", "Media Indonesia", "Bisnis Indonesia", "Kontan", "Tribunnews", "Okezone",
                 "Sindonews", "Suara.com", "Kumparan", "SinPo.id", "VOA Indonesia", "BBC News Indonesia",
                 "CRI", "Xinhua", "TASS", "Sputnik", "CGTN", "AFP", "Reuters", "AP"]:  # fmt: skip
        assert name in names
    assert reg.for_url("https://news.detik.com/x").name == "Detik"
    assert reg.for_url("https://www.bbc.com/indonesia/articles/x").name == "BBC News Indonesia"
    assert reg.for_url("https://www.bbc.com/news/x") is None
    assert reg.for_url("https://indonesian.news.cn/x").name == "Xinhua"
    assert reg.for_url("notaurl") is None


@pytest.mark.parametrize(
    ("toml", "match"),
    [
        (
            'version = "1"\n[[outlet]]\nname = "A"\nkind = "blog"\n',
            r"line 4: kind='blog' for 'A'; expected one of",
        ),
        ('[[outlet]]\nname = "A"\ncolour = "red"\n', r"line 3: unknown key\(s\) \['colour'\]"),
        (
            '[[outlet]]\nname = "A"\n[[outlet]]\nname = "B"\naliases = ["a"]\n',
            r"line 5: 'a' is already used by outlet 'A'",
        ),
        ('[[outlet]]\ndomains = ["x.com"]\n', r"line 1: outlet has no 'name'"),
        ('[[outlet]\nname = "A"\n', r"Fix the TOML syntax"),
        ('[[outlet]]\nname = "A"\ndomains = "x.com"\n', r"line 3: domains of 'A' must be a list"),
    ],
)
def test_malformed_registry(tmp_path, toml, match):
    path = tmp_path / "outlets.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=match) as info:
        load_registry(path)
    assert str(path) in str(info.value)


def test_user_registry_is_used(write_files, tmp_path):
    path = tmp_path / "outlets.toml"
    path.write_text(
        '[[outlet]]\nname = "Warta Kita"\ndatelines = ["WartaKita"]\n', encoding="utf-8"
    )
    root = write_files({"a.txt": "WartaKita - " + BODY})
    assert helpers.load_articles(root, registry=path).outlet.iloc[0] == "Warta Kita"


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Dr. Putin tiba. Xi menyambut.", ["Dr. Putin tiba.", "Xi menyambut."]),
        ("Nilainya 3.5 persen. Naik lagi.", ["Nilainya 3.5 persen.", "Naik lagi."]),
        ("Ia bertemu J. Smith. Lalu pulang.", ["Ia bertemu J. Smith.", "Lalu pulang."]),
        ("“Kami siap. Kami setuju,” ujar Xi. Putin mengangguk.", ["“Kami siap. Kami setuju,” ujar Xi.", "Putin mengangguk."]),
        ('"Saya datang." Putin lalu duduk.', ['"Saya datang."', "Putin lalu duduk."]),
        ("Mr. Xi said so. The U.S. disagreed! Why? Nobody knows.",
         ["Mr. Xi said so.", "The U.S. disagreed!", "Why?", "Nobody knows."]),
    ],
)  # fmt: skip
def test_sentence_splitting(paragraph, expected):
    assert [paragraph[s:e] for s, e in split_spans(paragraph)] == expected


def test_unbalanced_quote_does_not_swallow_the_article():
    paragraph = "“" + " ".join(["Kalimat ini cukup panjang untuk diuji sebagai teks."] * 60)
    assert len(list(split_spans(paragraph))) > 1


def test_language_detection():
    assert detect_language(BODY) == "id"
    assert (
        detect_language(
            "Xi said on Tuesday that the two countries have agreed to deepen their ties."
        )
        == "en"
    )
    assert detect_language("") is None
