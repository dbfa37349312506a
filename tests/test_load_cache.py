"""The Parquet cache: a warm re-open equals a cold load, and only changed files are parsed again."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import helpers
from helpers.corpus import loader

BODY = "Presiden Xi bertemu Presiden Putin secara virtual pada Selasa (21/1) untuk membahas kerja sama {}."


def frames(corpus):
    return [corpus.articles, corpus.sentences, corpus.report, corpus.removed, corpus.extracted]


def counting(monkeypatch):
    calls = []
    real = loader.parse_file

    def parse(item, *args):
        calls.append(item.source)
        return real(item, *args)

    monkeypatch.setattr(loader, "parse_file", parse)
    return calls


def test_warm_equals_cold_and_parses_nothing(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cold = helpers.load_corpus(helpers.SEEDS, cache=cache)
    calls = counting(monkeypatch)
    warm = helpers.load_corpus(helpers.SEEDS, cache=cache)
    assert calls == []
    for a, b in zip(frames(cold), frames(warm), strict=True):
        pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(warm.articles, helpers.load_corpus(helpers.SEEDS).articles)


def test_changed_file_is_parsed_again(write_files, tmp_path, monkeypatch):
    root = write_files({f"a{i}.txt": BODY.format(i) for i in range(3)})
    cache = tmp_path / "cache"
    helpers.load_corpus(root, cache=cache)
    (root / "a1.txt").write_text(BODY.format("yang baru dan lebih panjang"), encoding="utf-8")
    os.utime(root / "a1.txt", ns=(1, 1))  # a different mtime even on coarse clocks
    (root / "b.txt").write_text(BODY.format("baru"), encoding="utf-8")
    calls = counting(monkeypatch)
    corpus = helpers.load_corpus(root, cache=cache)
    assert sorted(calls) == ["a1.txt", "b.txt"]
    assert "yang baru" in corpus.articles.set_index("article_id").at["a1", "text"]
    assert len(corpus.articles) == 4
    (root / "a2.txt").unlink()
    calls.clear()
    assert sorted(helpers.load_articles(root, cache=cache).article_id) == ["a0", "a1", "b"]
    assert calls == []


def test_cache_is_keyed_by_settings(tmp_path, write_files):
    root = write_files({"x.jsonl": '{"kode": "k", "badan": "' + BODY.format(1) + '"}'})
    cache = tmp_path / "cache"
    assert helpers.load_articles(
        root, cache=cache, fields={"id": "kode", "text": "badan"}
    ).article_id.tolist() == ["k"]
    skipped = helpers.load_corpus(
        root, cache=cache
    )  # default fields: no text field, so nothing loads
    assert skipped.articles.empty and skipped.report.status.tolist() == ["skipped"]


def test_parallel_parse_equals_serial(tmp_path, write_files):
    root = write_files({f"a{i}.txt": BODY.format(i) for i in range(8)})
    serial = helpers.load_corpus(root, workers=1)
    parallel = helpers.load_corpus(root, workers=2)
    for a, b in zip(frames(serial), frames(parallel), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_each_corpus_keeps_its_own_cache(write_files, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    one = write_files({"a.txt": BODY.format(1)}, folder="one")
    two = write_files({"b.txt": BODY.format(2)}, folder="two")
    helpers.load_corpus(one, cache=cache)
    helpers.load_corpus(two, cache=cache)
    calls = counting(monkeypatch)
    helpers.load_corpus(one, cache=cache)
    helpers.load_corpus(two, cache=cache)
    assert calls == []  # opening the second corpus did not evict the first


def test_a_cache_from_another_version_is_ignored(write_files, tmp_path):
    cache = tmp_path / "cache"
    root = write_files({"a.txt": BODY.format(1)})
    helpers.load_corpus(root, cache=cache)
    for table in (cache).glob("*/files.parquet"):
        pd.DataFrame({"_file": ["x"]}).to_parquet(table)  # an old layout without `path`
    assert len(helpers.load_articles(root, cache=cache)) == 1


def test_memory_freed_while_loading_goes_back_to_the_system(tmp_path, monkeypatch):
    """Once the tables are in (parsed or read) and once assembled, cold or warm."""
    from helpers.corpus import cache

    assert cache.release_free_memory() is (cache._malloc_trim() is not None)
    calls = []
    monkeypatch.setattr(loader, "release_free_memory", lambda: calls.append(1))
    for _ in ("cold", "warm"):
        calls.clear()
        helpers.load_corpus(helpers.SEEDS, cache=tmp_path)
        assert len(calls) == 2
    monkeypatch.setattr(cache, "_malloc_trim", lambda: None)  # not glibc: nothing to ask
    assert cache.release_free_memory() is False


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
@pytest.mark.parametrize("problem", ["none", "no such call", "no library", "not a name"])
def test_no_malloc_trim_means_no_trim_and_no_error(monkeypatch, platform, problem):
    """Off glibc (or when the C library cannot be opened as on Windows) loading just goes on."""
    from helpers.corpus import cache

    class Trim:  # stands in for the C function (its argtypes and restype get set)
        def __call__(self, pad: int) -> int:
            return 1

    class Libc:
        def __init__(self, name):
            if problem == "no library":
                raise OSError("cannot open")
            if problem == "not a name":  # what CDLL(None) raises on Windows
                raise TypeError("LoadLibrary() argument 1 must be str, not None")

        def __getattr__(self, name):
            if problem == "no such call":
                raise AttributeError(name)
            return Trim()

    monkeypatch.setattr(cache.sys, "platform", platform)
    monkeypatch.setattr(cache.ctypes, "CDLL", Libc)
    found = cache._malloc_trim.__wrapped__()
    assert (found is not None) == (platform == "linux" and problem == "none")
