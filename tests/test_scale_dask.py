"""The per-article verbs run unchanged through Dask's `map_partitions` and give the pandas results.

This is how a corpus too big for one machine runs them: partition by article, map, concatenate.
A real local cluster (two worker processes) proves the verbs and their inputs pickle.
"""

from __future__ import annotations

import pandas as pd
import pytest

import helpers
from benchmarks.generate import generate
from helpers.themes.counts import article_theme_counts
from helpers.timeline.extract import article_events

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
# Dask would turn string columns into its own string dtype; keep pandas' dtypes so "the same
# results" can be checked strictly, dtypes included.
dask.config.set({"dataframe.convert-string": False})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = generate(120, root=tmp_path_factory.mktemp("dask"))
    return helpers.load_corpus([helpers.SEEDS, folder])


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:  # fmt: skip
        yield c


def by_article(frame: pd.DataFrame, npartitions: int = 4):
    """Partitions that never split an article: the index is the sorted article id."""
    return dd.from_pandas(
        frame.set_index("article_id").sort_index(), npartitions=npartitions, sort=True
    )


def same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    a = a.sort_values(keys, kind="stable").reset_index(drop=True)
    b = b.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_categorical=False)


def test_theme_hits_and_counts_through_dask(corpus, client):
    expected = helpers.theme_hits(corpus)
    parts = by_article(corpus.sentences)
    meta = helpers.theme_hits(corpus.sentences.iloc[:0])
    hits = parts.map_partitions(lambda p: helpers.theme_hits(p.reset_index()), meta=meta).compute()
    assert len(hits) == len(expected) > 100
    same(hits, expected, ["article_id", "start", "theme"])
    counts = parts.map_partitions(lambda p: article_theme_counts(helpers.theme_hits(p.reset_index())),
                                  meta=article_theme_counts(meta)).compute()  # fmt: skip
    same(counts, article_theme_counts(expected), ["article_id", "theme"])


def test_event_extraction_through_dask(corpus, client):
    expected = article_events(corpus.articles)
    sample = article_events(corpus.articles.iloc[:1])
    parts = by_article(corpus.articles)
    got = parts.map_partitions(
        lambda p: article_events(p.reset_index()), meta=sample.iloc[:0]
    ).compute()
    assert len(got) == len(corpus.articles)
    same(got, expected, ["article_id"])
