"""Encodings, Unicode normalisation and every reason a file can be skipped."""

from __future__ import annotations

import codecs
import os
import unicodedata

import pytest

import helpers
from helpers.errors import LoadError

TEXT = "Menteri Luar Negeri Rusia tiba di Beijing pada Selasa (9/4) untuk bertemu Presiden Xi. Café “kerja sama” naik."


@pytest.mark.parametrize(
    ("data", "encoding", "status"),
    [
        (TEXT.encode("utf-8"), "utf-8", "loaded"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", "loaded"),
        (TEXT.encode("utf-16"), "utf-16", "loaded"),  # with BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", "loaded"),
        (TEXT.encode("cp1252"), "cp1252", "warning"),
        (TEXT.replace("“", '"').replace("”", '"').encode("latin-1"), "latin-1", "warning"),
    ],
)
def test_encodings_load(write_files, data, encoding, status):
    corpus = helpers.load_corpus(write_files({f"a-{encoding}.txt": data}))
    assert len(corpus.articles) == 1, corpus.report
    text = corpus.articles.text.iloc[0]
    assert "Café" in text and "Beijing" in text
    assert corpus.report.status.iloc[0] == status


def test_mixed_encodings_keep_both(write_files):
    data = (
        "Tiongkok “setuju”. ".encode()
        + "Café naïve".encode("cp1252")
        + b" dan seterusnya pada Senin (28/12/2020)."
    )
    corpus = helpers.load_corpus(write_files({"mixed.txt": data}))
    text = corpus.articles.text.iloc[0]
    assert "“setuju”" in text and "Café naïve" in text
    assert "mixed encodings" in corpus.report.message.iloc[0]


def test_text_is_nfc_and_quotes_kept_as_written(write_files):
    decomposed = unicodedata.normalize(
        "NFD", 'Kafe “Café” di Jakarta, kata "Xi" kepada para wartawan di sana.'
    )
    corpus = helpers.load_corpus(write_files({"n.txt": decomposed}))
    text = corpus.articles.text.iloc[0]
    assert unicodedata.is_normalized("NFC", text)
    assert "“Café”" in text and '"Xi"' in text


def test_every_file_is_accounted_for(write_files, tmp_path):
    root = write_files({
        "good.txt": TEXT,
        "empty.txt": b"",
        "blank.md": "   \n\t\n",
        "binary.txt": bytes(range(256)) * 4,
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "second.txt": TEXT,
        "furniture.txt": "BERITALAINNYA\nBaca Juga: x\nCopyright © ANTARA 2024\n",
        "bad.json": "{not json",
    })  # fmt: skip
    os.symlink(root, root / "loop")  # a folder that contains itself
    corpus = helpers.load_corpus(root)
    report = corpus.report.set_index("source")
    expected = {
        "good.txt": ("loaded", "ok"),
        "empty.txt": ("skipped", "empty file"),
        "blank.md": ("skipped", "whitespace-only file"),
        "binary.txt": ("skipped", "unreadable encoding: binary file"),
        "image.png": (
            "skipped",
            "unsupported format '.png'; supported: .csv, .html, .json, .jsonl, .md, .txt",
        ),
        "second.txt": ("skipped", "exact duplicate of good.txt"),
        "furniture.txt": ("skipped", "nothing left after removing boilerplate"),
        "bad.json": ("skipped", "invalid JSON at line 1, column 2"),
        "loop": ("skipped", "symbolic link loop"),
    }
    assert set(report.index) == set(expected)
    for source, (status, message) in expected.items():
        assert report.loc[source, "status"] == status, source
        assert message in report.loc[source, "message"], (source, report.loc[source, "message"])
    assert list(corpus.articles.source) == ["good.txt"]


def test_errors_raise_names_the_file(write_files):
    root = write_files({"a.txt": TEXT, "empty.txt": b""})
    with pytest.raises(LoadError, match=r"empty.txt: empty file"):
        helpers.load_corpus(root, errors="raise")
    root2 = write_files({"a.txt": TEXT, "b.txt": TEXT}, folder="dup")
    with pytest.raises(LoadError, match=r"b.txt: exact duplicate of a.txt"):
        helpers.load_corpus(root2, errors="raise")


def test_bad_errors_value(write_files):
    with pytest.raises(
        ValueError, match=r"errors='ignore' is not valid; expected one of \['report', 'raise'\]"
    ):
        helpers.load_corpus(write_files({"a.txt": TEXT}), errors="ignore")


def test_missing_path_is_reported(tmp_path):
    corpus = helpers.load_corpus(tmp_path / "nope")
    assert corpus.report.status.tolist() == ["skipped"]
    assert "not found" in corpus.report.message.iloc[0]
    assert corpus.articles.empty and list(corpus.sentences.columns)[:2] == [
        "article_id",
        "paragraph",
    ]


def test_unreadable_file(write_files, monkeypatch):
    """Root (CI) can read anything, so simulate the permission error the loader must report."""
    import builtins

    from helpers.corpus import parse

    root = write_files({"secret.txt": TEXT, "open.txt": TEXT + " Lain."})

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied")
        return builtins.open(path, *args, **kwargs)

    # The parser's own `open` (a module global shadows the builtin), so nothing else is touched.
    monkeypatch.setattr(parse, "open", guarded_open, raising=False)
    report = helpers.load_corpus(root).report.set_index("source")
    assert report.loc["secret.txt", "status"] == "skipped"
    assert report.loc["secret.txt", "message"] == "cannot read: Permission denied"
    assert report.loc["open.txt", "status"] == "loaded"
