"""Quotes and voice shares on literal sentences, one attribution pattern per case."""

from __future__ import annotations

import pandas as pd
import pytest
from test_compare_reuse import make_corpus  # tests/ is on sys.path (rootdir-relative imports)

import helpers
from helpers.compare import quotes, voice_shares
from helpers.errors import InvalidValue, MissingColumns


def one(text: str, *, language: str = "id", **kw) -> pd.DataFrame:
    corpus = make_corpus([{"article_id": "a", "outlet": "X", "text": text}])
    corpus.articles["language"] = language
    return quotes(corpus, **kw)


@pytest.mark.parametrize(
    ("text", "speaker", "quoted"),
    [
        ('"Kami siap bekerja sama dengan semua pihak," kata Putin.', "Vladimir Putin",
         "Kami siap bekerja sama dengan semua pihak"),
        ("\u201cKami siap bekerja sama dengan semua pihak,\u201d ujar Presiden Xi.", "Xi Jinping",
         "Kami siap bekerja sama dengan semua pihak"),
        ('Presiden Putin menambahkan, "Rusia akan terus bekerja sama dengan China."', "Vladimir Putin",
         "Rusia akan terus bekerja sama dengan China."),
        ('"We are ready to work with all partners," Putin said.', "Vladimir Putin",
         "We are ready to work with all partners"),
        ('Menurut Xi, "hubungan kedua negara berada pada titik tertinggi."', "Xi Jinping",
         "hubungan kedua negara berada pada titik tertinggi."),
    ],
)  # fmt: skip
def test_direct_quote_attribution(text, speaker, quoted):
    q = one(text, language="en" if " said" in text else "id")
    assert q["kind"].tolist() == ["direct"]
    assert q["speaker"].iloc[0] == speaker
    assert q["text"].iloc[0] == quoted
    assert q["n_words"].iloc[0] == len(helpers.text.tokens(quoted))


def test_quote_that_runs_on_after_the_cue():
    q = one('"80 tahun yang lalu," kata Putin, Rusia dan China berjuang melawan agresi.')
    assert q["kind"].tolist() == ["direct"]
    assert q["speaker"].iloc[0] == "Vladimir Putin"
    assert q["text"].iloc[0] == "80 tahun yang lalu, Rusia dan China berjuang melawan agresi."
    assert q["cue"].iloc[0] == "kata"


def test_unknown_speaker_is_missing():
    q = one('"Kami siap bekerja sama dengan semua pihak," kata seorang pejabat.')
    assert q["kind"].tolist() == ["direct"]
    assert q["speaker"].isna().all()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Xi menekankan bahwa kedua negara harus memperdalam koordinasi strategis.", "Xi Jinping"),
        ("Putin mengatakan bahwa hubungan kedua negara tetap kuat.", "Vladimir Putin"),
        (
            "Sementara itu, Presiden Putin mencatat bahwa kedua negara saling percaya.",
            "Vladimir Putin",
        ),
        ("Putin menyatakan, Rusia dan China selalu saling percaya.", "Vladimir Putin"),
        ("China siap membuka kembali perbatasan secara tertib, kata Xi.", "Xi Jinping"),
        ("Menurut Lavrov, hubungan kedua negara sangat erat.", "Sergey Lavrov"),
    ],
)
def test_indirect_speech(text, speaker):
    q = one(text)
    assert q["kind"].tolist() == ["indirect"]
    assert q["speaker"].iloc[0] == speaker
    assert q["sentence"].iloc[0] == 0


def test_pronoun_takes_previous_subject():
    q = one(
        "Lavrov menyampaikan salam hangat Presiden Putin untuk Presiden Xi. "
        "Dia mengatakan bahwa hubungan kedua negara sangat kuat."
    )
    assert q["kind"].tolist() == ["indirect"]
    assert q["speaker"].iloc[0] == "Sergey Lavrov"
    assert q["speaker_from"].iloc[0] == "pronoun"


def test_scare_quotes_are_not_speech():
    q = one(
        "Rusia menentang segala bentuk \u201ckemerdekaan Taiwan\u201d dan mendukung \u201cGreater BRICS\u201d."
    )
    assert q["kind"].tolist() == ["scare", "scare"]
    assert q["text"].tolist() == ["kemerdekaan Taiwan", "Greater BRICS"]
    assert q["speaker"].isna().all()


def test_mentions_without_cue_are_not_speech():
    q = one("Xi meminta Lavrov menyampaikan salam kepada Presiden Putin.")
    assert q.empty
    assert list(q.columns[:5]) == ["article_id", "outlet", "speaker", "kind", "text"]


def test_validation():
    with pytest.raises(InvalidValue, match="needs a Corpus"):
        quotes(pd.DataFrame())
    with pytest.raises(InvalidValue, match="scare_words=-1 is not valid"):
        one("x.", scare_words=-1)


def _two_outlets():
    return make_corpus(
        [
            {"article_id": "a", "outlet": "X",
             "text": '"Kami siap bekerja sama dengan semua pihak," kata Putin. Xi menekankan bahwa kerja sama penting.'},
            {"article_id": "b", "outlet": "Y", "text": "Tidak ada kutipan di sini sama sekali."},
        ]
    )  # fmt: skip


def test_voice_shares_denominators():
    c = _two_outlets()
    shares = voice_shares(quotes(c), c.articles).set_index(["outlet", "speaker"])
    putin, xi = shares.loc[("X", "Vladimir Putin")], shares.loc[("X", "Xi Jinping")]
    assert putin["quoted_words"] == 7
    assert xi["quoted_words"] == 3  # "kerja sama penting"
    assert putin["outlet_quoted_words"] == 10
    assert putin["share"] == pytest.approx(0.7)
    assert putin["share"] + xi["share"] == pytest.approx(1.0)
    assert shares.loc[("Y", "(nobody quoted)"), "share"] == 0
    assert putin["outlet_words"] == len(helpers.text.tokens(c.articles.loc[0, "text"]))


def test_voice_shares_kinds_and_validation():
    c = _two_outlets()
    q = quotes(c)
    direct = voice_shares(q, c.articles, kinds=("direct",)).set_index(["outlet", "speaker"])
    assert direct.loc[("X", "Vladimir Putin"), "share"] == pytest.approx(1.0)
    with pytest.raises(InvalidValue, match=r"kinds: \['scare'\] not valid"):
        voice_shares(q, c.articles, kinds=("scare",))
    with pytest.raises(MissingColumns):
        voice_shares(q.drop(columns="speaker"), c.articles)


def test_does_not_mutate_input():
    c = _two_outlets()
    before = c.articles.copy()
    q = quotes(c)
    q_before = q.copy()
    voice_shares(q, c.articles)
    pd.testing.assert_frame_equal(c.articles, before)
    pd.testing.assert_frame_equal(q, q_before)
