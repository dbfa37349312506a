"""Hostile input at the loader: it never crashes with errors="report", and no file goes missing."""

from __future__ import annotations

import os
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers

SENTENCE = (
    "Presiden Xi bertemu Presiden Putin di Beijing pada Selasa (21/1) untuk membahas kerja sama. "
)
NAMES = st.text(
    alphabet=string.ascii_letters + string.digits + " _-.()[]{}'!@#$%^&+=,;~é中ñ",
    min_size=1,
    max_size=40,
)
SUFFIXES = st.sampled_from(
    [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv", ".png", "", ".TXT"]
)
CONTENTS = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=500).map(lambda t: (SENTENCE + t).encode("utf-16")),
    st.text(alphabet=" \t\r\n\f\v", max_size=50).map(str.encode),
    st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<b>", "<<", ">", "&amp;", "&#xD800;", SENTENCE,
                              "<script>alert(1)</script>", "<!--", "-->", "<![CDATA[", "\x00"]), max_size=200)
      .map(lambda parts: "".join(parts).encode("utf-8")),
    st.tuples(st.text(max_size=200), st.text(max_size=200)).map(
        lambda ab: ab[0].encode("utf-8") + "Café ©".encode("cp1252") + ab[1].encode("utf-8")),
    st.sampled_from(['{"text": 1}', '[{"id": null, "text": ""}]', '{"articles": "x"}', "text\n\"unclosed",
                     '{"text": "' + SENTENCE + '"}\n{', "id,text\n1," + SENTENCE + "\n2\n"]).map(str.encode),
)  # fmt: skip


def _safe_name(name: str) -> str:
    name = name.replace("/", "_").strip()
    return "x" if name in ("", ".", "..") else name  # "." would name the folder itself


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files=st.dictionaries(
        st.tuples(NAMES.map(_safe_name), SUFFIXES), CONTENTS, min_size=1, max_size=6
    )
)
def test_never_crashes_and_accounts_for_every_file(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("hostile")
    written = set()
    for (name, suffix), data in files.items():
        path = root / f"{name}{suffix}"
        if path.name.startswith(".") or path.name in written:
            continue  # hidden files are not corpus input, by design
        path.write_bytes(data)
        written.add(path.name)
    corpus = helpers.load_corpus(root)
    assert sorted(corpus.report.source) == sorted(written)
    loaded = corpus.report[corpus.report.status != "skipped"]
    assert set(corpus.articles.source) == set(loaded.source)
    assert corpus.report.n_articles.sum() == len(corpus.articles)
    assert corpus.articles.article_id.is_unique
    assert (corpus.report.message.str.len() > 0).all()


def test_ten_megabytes_on_one_line(tmp_path):
    line = (SENTENCE * (10_000_000 // len(SENTENCE) + 1))[:10_000_000]
    (tmp_path / "long.txt").write_text(line, encoding="utf-8")
    (tmp_path / "long-html.html").write_text(
        "<p>" + "![x](" * 20_000 + line[:2_000_000] + "</p>", encoding="utf-8"
    )
    corpus = helpers.load_corpus(tmp_path)
    assert len(corpus.report) == 2
    row = corpus.articles.set_index("source").loc["long.txt"]
    assert row.n_words > 1_000_000


def test_deeply_nested_and_malformed_html(tmp_path):
    (tmp_path / "deep.html").write_text(
        "<div>" * 100_000 + SENTENCE + "</div>" * 10, encoding="utf-8"
    )
    (tmp_path / "broken.html").write_text(
        "<html><body><p>" + SENTENCE + "<p><b><i></p></b>" * 50, encoding="utf-8"
    )
    (tmp_path / "empty.html").write_text(
        "<html><head></head><body></body></html>", encoding="utf-8"
    )
    corpus = helpers.load_corpus(tmp_path)
    report = corpus.report.set_index("source")
    assert set(report.index) == {"deep.html", "broken.html", "empty.html"}
    assert report.loc["empty.html", "status"] == "skipped"
    assert "without article text" in report.loc["empty.html", "message"]


def test_symlink_loop_and_broken_link(tmp_path):
    root = tmp_path / "c"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    os.symlink(root, root / "sub" / "back")  # loops to the top
    os.symlink(root / "missing.txt", root / "dangling.txt")
    os.symlink(root / "sub" / "a.txt", root / "alias.txt")  # the same file twice
    corpus = helpers.load_corpus(root)
    report = corpus.report.set_index("source")
    assert len(corpus.articles) == 1
    assert "symbolic link loop" in report.loc["sub/back", "message"]
    assert "not found (or a broken symbolic link)" in report.loc["dangling.txt", "message"]
    assert "same file as another input" in " ".join(report.message)


def test_unusual_file_names(tmp_path):
    names = [
        "spasi di nama.txt",
        "ñandú-中文.txt",
        "a;b,c.txt",
        "--flag.txt",
        "UPPER.TXT",
        "x" * 200 + ".txt",
    ]
    for i, name in enumerate(names):
        (tmp_path / name).write_text(SENTENCE + f" Nomor {i}.", encoding="utf-8")
    corpus = helpers.load_corpus(tmp_path)
    assert sorted(corpus.report.source) == sorted(names)
    assert (corpus.report.status == "loaded").all()
    assert Path(corpus.articles.source.iloc[0]).suffix.lower() == ".txt"
