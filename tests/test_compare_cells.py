"""KeptCounts and ArticleSums give what a unit-by-unit count gives, whichever way they read."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.compare.cells import ArticleSums, KeptCounts, article_blocks


def _random_units(rng: np.random.Generator, n_articles: int = 40, n_units: int = 120,
                  most_partners: int = 4):  # fmt: skip
    events = rng.integers(-1, 5, n_articles)  # -1: an article whose event is unknown
    outlets = rng.integers(0, 3, n_articles)
    block = article_blocks(events, outlets)
    owner = rng.integers(0, n_articles, n_units)
    partners = [
        np.unique(rng.integers(0, n_articles, rng.integers(1, most_partners + 1)))
        for _ in range(n_units)
    ]
    indptr = np.r_[0, np.cumsum([len(p) for p in partners])]
    cell = outlets[owner] * 3 + rng.integers(0, 3, n_units)
    weights = np.stack([np.ones(n_units), rng.integers(0, 7, n_units)], axis=1)
    counts = KeptCounts(owner, indptr, np.concatenate(partners), cell, weights, block, 9)
    return counts, owner, partners, cell, weights


def _brute(keep, owner, partners, cell, weights):
    out = np.zeros((9, weights.shape[1]))
    for u, (o, ps) in enumerate(zip(owner, partners, strict=True)):
        if keep[o] and keep[ps].any():
            out[cell[u]] += weights[u]
    return out


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("side", ["blocks", "dropped", "every"])
@pytest.mark.parametrize("most_partners", [1, 4])  # one partner each: pairs of articles
@pytest.mark.parametrize("sort_below", [0.0, 100.0])  # dropped partners counted either way
@pytest.mark.parametrize("batch", [7, 1 << 17])  # every unit: in several pieces, or one
def test_kept_counts_equal_a_unit_by_unit_count(seed, side, most_partners, sort_below, batch,
                                                monkeypatch):  # fmt: skip
    import helpers.frames
    from helpers.compare import cells

    monkeypatch.setattr(cells, "_SORT_BELOW", sort_below)
    monkeypatch.setattr(helpers.frames, "BATCH_ROWS", batch)
    rng = np.random.default_rng(seed)
    counts, owner, partners, cell, weights = _random_units(rng, most_partners=most_partners)
    monkeypatch.setattr(KeptCounts, "_side", lambda self, *a: side)
    for share in (0.0, 0.1, 0.5, 0.9, 1.0):
        keep = rng.random(40) < share
        expected = _brute(keep, owner, partners, cell, weights)
        np.testing.assert_array_equal(counts.sums(keep), expected)
        mask = counts.kept_mask(keep)
        counted = np.zeros(len(owner), dtype=bool)
        counted[counts.order[mask]] = True
        assert counted.tolist() == [
            bool(keep[o] and keep[ps].any()) for o, ps in zip(owner, partners, strict=True)
        ]


def test_whole_blocks_need_no_unit_by_unit_work():
    rng = np.random.default_rng(7)
    counts, owner, partners, cell, weights = _random_units(rng)
    keep = np.isin(counts.block, counts.block[:10])  # whole blocks kept or dropped
    np.testing.assert_array_equal(counts.sums(keep), _brute(keep, owner, partners, cell, weights))


@pytest.mark.parametrize("side", ["blocks", "dropped", "every"])
def test_count_columns_are_not_stored_and_weighted_ones_keep_their_place(side, monkeypatch):
    rng = np.random.default_rng(3)
    counts, owner, partners, cell, weights = _random_units(rng)
    three = np.stack([weights[:, 1], np.ones(len(owner)), weights[:, 1] * 2 + 1], axis=1)
    indptr = np.r_[0, np.cumsum([len(p) for p in partners])]
    counts = KeptCounts(owner, indptr, np.concatenate(partners), cell, three, counts.block, 9)
    assert counts._weighted.shape[1] == 2  # the column of ones is a plain count
    monkeypatch.setattr(KeptCounts, "_side", lambda self, *a: side)
    keep = rng.random(len(counts.block)) < 0.7
    np.testing.assert_array_equal(counts.sums(keep), _brute(keep, owner, partners, cell, three))


def test_article_sums_read_either_side():
    rng = np.random.default_rng(3)
    article = rng.integers(-1, 30, 200)
    cell = rng.integers(0, 4, 200)
    weights = rng.integers(0, 9, 200).astype(float)
    sums = ArticleSums(article, cell, weights, 30, 4)
    for share in (0.05, 0.5, 0.95):
        keep = rng.random(30) < share
        rows = (article >= 0) & keep[np.maximum(article, 0)]
        expected = np.bincount(cell[rows], weights=weights[rows], minlength=4)
        np.testing.assert_array_equal(sums.sums(keep)[:, 0], expected)
