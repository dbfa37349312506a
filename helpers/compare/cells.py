"""Sums that a filter change only selects and adds up, for tables over article pairs.

The reuse matrix and the wire table count things like "sentences of outlet A with a
counterpart in outlet B": a *unit* (here a sentence of an article of A, with the articles
of B it was aligned with) counts when its owner article and at least one of its partner
articles pass the filters. At 100,000 articles there are millions of units and partners,
too many to test one by one on every filter change.

Text reuse is compared within an event (and a few days), so units are grouped by *block*:
the articles of one outlet about one event. `KeptCounts` pre-sums the units of every
(owner block, partner block, cell) group once. On a filter change a group whose two blocks
are wholly kept adds its pre-summed weights, a group with an emptied block adds nothing,
and only groups with a partly kept block are worked out unit by unit. Outlet and date
filters keep or drop whole blocks, so they cost one pass over the groups; a text search
cuts through blocks and costs in proportion to the units it cuts through.

    counts = KeptCounts(owner, indptr, partner, cell, weights, block, n_cells)
    counts.sums(keep)        # (n_cells, n_weights) array: what the kept units add up to
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from helpers import frames
from helpers.frames import ranges

FULL, PARTIAL, EMPTY = 2, 1, 0
_SORT_BELOW = 1 / 16  # share of the units: fewer partner entries of dropped articles are sorted


def article_blocks(event_codes: np.ndarray, unit_codes: np.ndarray) -> np.ndarray:
    """Block of every article: its (event, outlet), or an article of its own when its event
    is unknown (-1)."""
    units = int(unit_codes.max()) + 1 if len(unit_codes) else 1
    known = event_codes >= 0
    block = event_codes * units + unit_codes
    offset = int(block[known].max()) + 1 if known.any() else 0
    return np.where(known, block, offset + np.arange(len(event_codes))).astype(np.int64)


def block_status(block: np.ndarray, keep: np.ndarray, n_blocks: int) -> np.ndarray:
    """`FULL`, `PARTIAL` or `EMPTY` per block, for the kept-article mask `keep`."""
    size = np.bincount(block, minlength=n_blocks)
    kept = np.bincount(block[keep], minlength=n_blocks)
    return np.where(kept == size, FULL, np.where(kept > 0, PARTIAL, EMPTY)).astype(np.int8)


def sort_order(*keys: np.ndarray) -> np.ndarray:
    """`np.lexsort(keys[::-1])` (first key most significant, stable), as one argsort of a
    combined integer key when the keys' ranges fit in 63 bits (several times faster).

    >>> sort_order(np.array([1, 0, 1]), np.array([0, 5, -1])).tolist()
    [1, 2, 0]
    """
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    combined = np.zeros(len(keys[0]), dtype=np.int64)
    span = 1
    for key in keys:
        low, high = int(key.min()), int(key.max())
        width = high - low + 1
        span *= width
        if span >= 2**62:
            return np.lexsort(tuple(keys[::-1]))
        combined = combined * width + (key.astype(np.int64) - low)
    return np.argsort(combined, kind="stable")


def units(
    key: np.ndarray, owner: np.ndarray, partner: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Units from rows: one unit per distinct `key` (its rows share an owner), with the
    distinct partners of its rows. Returns `owner`, `indptr`, `partner` (as `KeptCounts`
    takes them) and a row of each unit (to read its cell and labels from).

    >>> o, indptr, p, row = units(np.array([7, 7, 3, 7]), np.array([0, 0, 1, 0]),
    ...                           np.array([5, 6, 5, 5]))
    >>> o.tolist(), indptr.tolist(), p.tolist(), row.tolist()
    ([1, 0], [0, 1, 3], [5, 5, 6], [2, 0])
    """
    order = sort_order(key, partner)
    k, p = key[order], partner[order]
    distinct = np.r_[True, (k[1:] != k[:-1]) | (p[1:] != p[:-1])] if len(k) else k.astype(bool)
    order, k, p = order[distinct], k[distinct], p[distinct]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else np.zeros(0, np.int64)
    first = order[starts]
    return owner[first], np.r_[starts, len(k)].astype(np.int64), p, first


class KeptCounts:
    """Units owned by one article with partner articles, pre-summed per block group.

    `owner` (article position per unit), `indptr`/`partner` (the units' partner articles, CSR
    style: unit u's partners are `partner[indptr[u]:indptr[u + 1]]`, at least one each),
    `cell` (output cell per unit, < `n_cells`), `weights` (units x k), `block` (block per
    article position, see `article_blocks`).
    """

    def __init__(
        self,
        owner: np.ndarray,
        indptr: np.ndarray,
        partner: np.ndarray,
        cell: np.ndarray,
        weights: np.ndarray,
        block: np.ndarray,
        n_cells: int,
    ) -> None:
        owner = np.asarray(owner, dtype=np.int64)
        indptr = np.asarray(indptr, dtype=np.int64)
        partner = np.asarray(partner, dtype=np.int64)
        weights = np.asarray(weights, dtype="float64")
        weights = weights[:, None] if weights.ndim == 1 else weights
        self.block = np.asarray(block, dtype=np.int64)
        self.n_blocks = int(self.block.max()) + 1 if len(self.block) else 1
        self.n_cells = n_cells
        self.k = weights.shape[1]
        n = len(owner)
        counts = np.diff(indptr)
        if n:
            pb = self.block[partner]
            starts = indptr[:-1]
            low = np.minimum.reduceat(pb, starts) if len(pb) else pb
            high = np.maximum.reduceat(pb, starts) if len(pb) else pb
            partner_block = np.where(low == high, low, -1)  # -1: partners in several blocks
        else:
            partner_block = np.zeros(0, dtype=np.int64)
        owner_block = self.block[owner]
        # units in (owner block, partner block, cell) order: a group is one contiguous range
        order = sort_order(owner_block, partner_block, np.asarray(cell, dtype=np.int64))
        self.order = order  # the caller's unit index of each unit here
        self.owner = owner[order]
        self.cell = np.asarray(cell, dtype=np.int64)[order]
        weights = weights[order]
        self.ones = (weights == 1).all(axis=0)  # per column: a plain count?
        # Only the columns that are not plain counts are kept (a column of ones for the 5.7
        # million sentence units of 100,000 articles is 46 MB); `_column[j]` is j's place in
        # `_weighted`.
        self._weighted = weights[:, ~self.ones]
        self._column = np.cumsum(~self.ones) - 1
        sizes = counts[order]
        self.indptr = np.r_[0, np.cumsum(sizes)].astype(np.int64)
        self.partner = partner[ranges(indptr[:-1][order], indptr[1:][order])]
        self.first = self.partner[self.indptr[:-1]] if n else np.zeros(0, dtype=np.int64)
        key_o, key_p, key_c = owner_block[order], partner_block[order], self.cell
        new = np.r_[True, (key_o[1:] != key_o[:-1]) | (key_p[1:] != key_p[:-1])
                    | (key_c[1:] != key_c[:-1])] if n else np.zeros(0, dtype=bool)  # fmt: skip
        self.g_start = np.flatnonzero(new)
        self.g_end = np.r_[self.g_start[1:], n].astype(np.int64)
        self.g_owner = key_o[self.g_start]
        self.g_partner = key_p[self.g_start]
        self.g_cell = key_c[self.g_start]
        self.g_weights = (
            np.add.reduceat(weights, self.g_start, axis=0) if n else np.zeros((0, self.k))
        )
        # For a filter that drops few articles (a text search cutting through most blocks):
        # the units of each article as owner and as partner, to subtract from the totals.
        n_articles = len(self.block)
        every = np.arange(n_articles)
        self.own_units = np.argsort(self.owner, kind="stable")
        by_owner = self.owner[self.own_units]
        self.own_start = np.searchsorted(by_owner, every, "left")
        self.own_end = np.searchsorted(by_owner, every, "right")
        by_partner = np.argsort(self.partner, kind="stable")
        self.partner_unit = np.repeat(np.arange(n), sizes)[by_partner]
        sorted_partner = self.partner[by_partner]
        self.partner_start = np.searchsorted(sorted_partner, every, "left")
        self.partner_end = np.searchsorted(sorted_partner, every, "right")
        self.total = self._sum(np.arange(n))

    def __len__(self) -> int:
        return len(self.owner)

    def _sum(self, units: np.ndarray | slice, counted: np.ndarray | None = None,
             out: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        """Weights summed per cell over `units` (positions, or a slice and which of it
        `counted`), added to `out` when given."""
        cells = self.cell[units] if counted is None else self.cell[units][counted]
        out = np.zeros((self.n_cells, self.k)) if out is None else out
        for j in range(self.k):
            if self.ones[j]:  # counting is twice as fast
                out[:, j] += np.bincount(cells, minlength=self.n_cells)
            else:
                weights = self._weighted[units, self._column[j]]
                weights = weights if counted is None else weights[counted]
                out[:, j] += np.bincount(cells, weights=weights, minlength=self.n_cells)
        return out

    def _side(self, keep: np.ndarray, exact: np.ndarray) -> str:
        """The cheapest way to count, by the units each reads (weights are nanoseconds per
        unit, measured at 100,000 articles): `blocks` (whole blocks, and the units of the
        cut blocks one by one), `dropped` (the totals less the units of the dropped
        articles) or `every` (every unit, in a few sequential passes)."""
        dropped = ~keep
        touched = int((self.own_end - self.own_start)[dropped].sum()) + int(
            (self.partner_end - self.partner_start)[dropped].sum()
        )
        n = len(self.owner)
        weighted = int((~self.ones).sum())  # columns summed with weights, not counted
        costs = {
            "blocks": 23 * int((self.g_end - self.g_start)[exact].sum()),
            "dropped": 2 * n + (15 + 12 * weighted) * touched,
            "every": 5 * n + 3 * len(self.partner) // 2 + 4 * n * weighted,
        }
        return min(costs, key=costs.get)

    def _every_unit(self, keep: np.ndarray) -> Iterator[tuple[slice, np.ndarray]]:
        """Per unit, whether it counts, read unit by unit for all of them, in consecutive
        pieces (`frames.BATCH_ROWS` units): a few sequential passes over each piece, whose
        temporaries reuse memory (one array as long as all the units was fresh memory on
        every call, and faulting it in cost four times the passes). A unit's kept partners
        are a difference of one running count, not a scan of its partners."""
        n, step = len(self.owner), frames.BATCH_ROWS
        single = len(self.partner) == n  # one partner each (pairs of articles)
        for lo in range(0, n, step):
            units = slice(lo, min(lo + step, n))
            counted = keep[self.owner[units]]
            if single:
                counted &= keep[self.partner[units]]
            else:
                bounds = self.indptr[lo : units.stop + 1]
                running = np.zeros(bounds[-1] - bounds[0] + 1, dtype=np.int32)
                np.cumsum(keep[self.partner[bounds[0] : bounds[-1]]], out=running[1:])
                local = bounds - bounds[0]
                counted &= running[local[1:]] > running[local[:-1]]
            yield units, counted

    def _not_counted(self, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Units whose owner was dropped, and units with a kept owner but every partner
        dropped: all that the totals count and `keep` does not."""
        dropped = np.flatnonzero(~keep)
        owned = self.own_units[ranges(self.own_start[dropped], self.own_end[dropped])]
        entries = ranges(self.partner_start[dropped], self.partner_end[dropped])
        units = self.partner_unit[entries]
        if len(units) < _SORT_BELOW * len(self.owner):
            # few: counted by sorting them, not in an array as long as every unit (a fresh
            # array of millions costs more in page faults than the sort)
            found, seen = np.unique(units, return_counts=True)
            alone = found[seen == self.indptr[found + 1] - self.indptr[found]]
        else:
            seen = np.bincount(units, minlength=len(self.owner))
            alone = np.flatnonzero((seen == np.diff(self.indptr)) & (seen > 0))
        return owned, alone[keep[self.owner[alone]]]

    def kept_mask(self, keep: np.ndarray, status: np.ndarray | None = None) -> np.ndarray:
        """Per unit (in this object's unit order): does it count under `keep`?"""
        status = block_status(self.block, keep, self.n_blocks) if status is None else status
        full, exact, need = self._groups(status)
        side = self._side(keep, exact)
        if side == "every":
            mask = np.empty(len(self.owner), dtype=bool)
            for units, counted in self._every_unit(keep):
                mask[units] = counted
            return mask
        if side == "dropped":
            mask = np.ones(len(self.owner), dtype=bool)
            for units in self._not_counted(keep):
                mask[units] = False
            return mask
        sizes = self.g_end - self.g_start
        mask = np.repeat(full, sizes)
        units = ranges(self.g_start[exact], self.g_end[exact])
        mask[units] = self._exact(units, np.repeat(need, sizes[exact]), keep)
        return mask

    def sums(self, keep: np.ndarray, status: np.ndarray | None = None) -> np.ndarray:
        """(n_cells, k) sums of the weights of the units that count under `keep`."""
        status = block_status(self.block, keep, self.n_blocks) if status is None else status
        if not len(self.owner):
            return np.zeros((self.n_cells, self.k))
        full, exact, need = self._groups(status)
        side = self._side(keep, exact)
        if side == "every":
            out = np.zeros((self.n_cells, self.k))
            for units, counted in self._every_unit(keep):
                self._sum(units, counted, out)
            return out
        if side == "dropped":
            owned, alone = self._not_counted(keep)
            return self.total - self._sum(owned) - self._sum(alone)
        units = ranges(self.g_start[exact], self.g_end[exact])
        ok = self._exact(units, np.repeat(need, self.g_end[exact] - self.g_start[exact]), keep)
        out = self._sum(units[ok])
        for j in range(self.k):
            out[:, j] += np.bincount(
                self.g_cell[full], weights=self.g_weights[full, j], minlength=self.n_cells
            )
        return out

    def _groups(self, status: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Groups wholly kept; groups to work out unit by unit; of those, which must test
        their partners (the partner block is not wholly kept)."""
        so = status[self.g_owner]
        sp = np.where(self.g_partner >= 0, status[np.maximum(self.g_partner, 0)], PARTIAL)
        full = (so == FULL) & (sp == FULL)
        exact = (so != EMPTY) & (sp != EMPTY) & ~full
        return full, exact, sp[exact] != FULL

    def _exact(self, units: np.ndarray, need: np.ndarray, keep: np.ndarray) -> np.ndarray:
        """For `units`: does the owner pass, and (where `need`) does some partner pass?"""
        ok = keep[self.owner[units]]
        test = np.flatnonzero(ok & need)
        if not len(test):
            return ok
        u = units[test]
        hit = keep[self.first[u]]  # most units are settled by their first partner
        rest = test[~hit]
        if len(rest):
            r = units[rest]
            start, end = self.indptr[r] + 1, self.indptr[r + 1]
            seen = keep[self.partner[ranges(start, end)]].astype(np.int64)
            csum = np.r_[0, np.cumsum(seen)]
            offsets = np.r_[0, np.cumsum(end - start)]
            found = (csum[offsets[1:]] - csum[offsets[:-1]]) > 0
            hit[~hit] = found
        ok[test] = hit
        return ok


class ArticleSums:
    """Rows of a per-article table (quotes, names, theme counts) summed into cells, for the
    kept articles: a filter change reads the rows of the kept articles or, when fewer were
    dropped, the totals less the rows of the dropped ones. Weights must be whole numbers
    (counts), so both ways give exactly the same sums.

    >>> sums = ArticleSums(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1]), np.ones(4), 3, 2)
    >>> sums.sums(np.array([True, False, True]))[:, 0].tolist()
    [1.0, 2.0]
    """

    def __init__(
        self,
        article: np.ndarray,
        cell: np.ndarray,
        weights: np.ndarray,
        n_articles: int,
        n_cells: int,
    ) -> None:
        article = np.asarray(article, dtype=np.int64)
        weights = np.asarray(weights, dtype="float64")
        weights = weights[:, None] if weights.ndim == 1 else weights
        valid = np.flatnonzero(article >= 0)
        order = valid[np.argsort(article[valid], kind="stable")]
        self.article = article[order]
        self.cell = np.asarray(cell, dtype=np.int64)[order]
        self.weights = weights[order]
        self.n_cells = n_cells
        every = np.arange(n_articles)
        self.start = np.searchsorted(self.article, every, "left")
        self.end = np.searchsorted(self.article, every, "right")
        self.total = self._sum(np.arange(len(self.article)))

    def _sum(self, rows: np.ndarray) -> np.ndarray:
        cells = self.cell[rows]
        out = np.zeros((self.n_cells, self.weights.shape[1]))
        for j in range(self.weights.shape[1]):
            out[:, j] = np.bincount(cells, weights=self.weights[rows, j], minlength=self.n_cells)
        return out

    def sums(self, keep: np.ndarray) -> np.ndarray:
        """(n_cells, k) sums of the weights of the kept articles' rows."""
        kept = int(keep.sum())
        if kept <= len(keep) - kept:
            chosen = np.flatnonzero(keep)
            return self._sum(ranges(self.start[chosen], self.end[chosen]))
        dropped = np.flatnonzero(~keep)
        return self.total - self._sum(ranges(self.start[dropped], self.end[dropped]))
