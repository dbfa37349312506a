"""Small checks shared by every verb, so validation reads the same everywhere, and the
row arithmetic that the per-filter-change sums share."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from helpers.errors import InvalidValue, MissingColumns


def require_columns(frame: pd.DataFrame, *names: str, what: str = "frame") -> None:
    """Raise `MissingColumns` naming the absent columns and the ones present.

    >>> require_columns(pd.DataFrame({"a": [1]}), "a")
    >>> require_columns(pd.DataFrame({"a": [1]}), "a", "b")
    Traceback (most recent call last):
    ...
    helpers.errors.MissingColumns: frame lacks column(s) ['b']; it has ['a']
    """
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise MissingColumns(f"{what} lacks column(s) {missing}; it has {list(frame.columns)}")


def require_choice(name: str, value: object, valid: Iterable[object]) -> None:
    """Raise `InvalidValue` unless `value` is one of `valid`, listing the valid ones.

    >>> require_choice("by", "week", ["day", "week"])
    >>> require_choice("by", "year", ["day", "week"])
    Traceback (most recent call last):
    ...
    helpers.errors.InvalidValue: by='year' is not valid; expected one of ['day', 'week']
    """
    valid = list(valid)
    if value not in valid:
        raise InvalidValue(f"{name}={value!r} is not valid; expected one of {valid}")


def require_subset(name: str, values: Sequence[object], valid: Iterable[object]) -> None:
    """Raise `InvalidValue` naming each value of `values` that is not in `valid`.

    >>> require_subset("outlets", ["ANTARA"], ["ANTARA", "SinPo.id"])
    >>> require_subset("outlets", ["Kompas"], ["ANTARA", "SinPo.id"])
    Traceback (most recent call last):
    ...
    helpers.errors.InvalidValue: outlets: ['Kompas'] not in this corpus; valid values are ['ANTARA', 'SinPo.id']
    """
    valid = sorted({v for v in valid if v is not None and not pd.isna(v)}, key=str)
    bad = [v for v in values if v not in valid]
    if bad:
        raise InvalidValue(f"{name}: {bad} not in this corpus; valid values are {valid}")


def as_tuple(value: object) -> tuple:
    """Normalise a scalar-or-sequence keyword to a tuple (`None` stays `None`).

    >>> as_tuple("ANTARA"), as_tuple(["a", "b"]), as_tuple(None)
    (('ANTARA',), ('a', 'b'), None)
    """
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return (value,)
    return tuple(value)


def take_rows(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """`frame.iloc[rows]`, reading each chunk of an Arrow column on its own.

    Arrow's `take` on a column of several chunks joins the chunks first: a copy of the
    whole column (all of a corpus's text, for a corpus loaded in parallel or from the cache)
    for every take, however few the rows. Here the rows of each chunk are taken from it,
    so the cost follows the rows taken. Rows in any other order go the `iloc` way.

    >>> take_rows(pd.DataFrame({"x": list("abcd")}), np.array([1, 3]))["x"].tolist()
    ['b', 'd']
    """
    rows = np.asarray(rows, dtype=np.int64)
    chunked = [c for c in frame.columns if _n_chunks(frame[c]) > 1]
    if not chunked or (len(rows) > 1 and not (rows[1:] >= rows[:-1]).all()):
        return frame.iloc[rows]
    out = frame.drop(columns=chunked).iloc[rows]
    for name in chunked:
        array = frame[name].array
        whole = array._pa_array
        bounds = np.cumsum([0, *(len(c) for c in whole.chunks)])
        cuts = np.searchsorted(rows, bounds)  # rows[cuts[i]:cuts[i + 1]] fall in chunk i
        pieces = [
            chunk.take(pa.array(rows[lo:hi] - start))
            for chunk, start, lo, hi in zip(
                whole.chunks, bounds[:-1], cuts[:-1], cuts[1:], strict=True
            )
            if hi > lo
        ]
        taken = pa.chunked_array(pieces, type=whole.type)
        values = pd.array(pd.arrays.ArrowExtensionArray(taken), dtype=array.dtype)
        out[name] = pd.Series(values, index=out.index)
    return out[frame.columns]


# Positions per piece of `range_batches`: big enough that the Python loop costs nothing next to
# the work (under a hundred pieces for ten million positions), small enough that every temporary
# stays in memory the process already holds. Measured flat from 2**16 to 2**18.
BATCH_ROWS = 1 << 17


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The positions `start..end-1` of every range, concatenated.

    >>> ranges(np.array([0, 5]), np.array([2, 8])).tolist()
    [0, 1, 5, 6, 7]
    """
    lengths = np.asarray(ends, dtype=np.int64) - np.asarray(starts, dtype=np.int64)
    total = int(lengths.sum()) if len(lengths) else 0
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)


def range_batches(
    starts: np.ndarray, ends: np.ndarray, rows: int | None = None
) -> Iterator[np.ndarray]:
    """`ranges(starts, ends)` in pieces of about `rows` positions (`BATCH_ROWS`), whole ranges each.

    For sums over millions of positions: done piece by piece, each temporary is small and
    reuses memory freed by the piece before. One array of every position is memory the
    process has not touched, and on this kind of machine faulting it in cost more than the
    sum itself (a 02-panel term sum over 11 M rows: 810 ms the first time, 117 ms after,
    59 ms in pieces, every time).

    >>> [p.tolist() for p in range_batches(np.array([0, 5, 9]), np.array([2, 8, 10]), rows=3)]
    [[0, 1, 5, 6, 7], [9]]
    """
    rows = rows or BATCH_ROWS
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    if not len(starts):
        return
    reach = np.cumsum(ends - starts)
    total = int(reach[-1])
    if not total:
        return
    # A piece ends with the range that reaches the next multiple of `rows`.
    cuts = np.searchsorted(reach, np.arange(rows, total, rows), side="left") + 1
    bounds = np.unique(np.concatenate(([0], cuts, [len(starts)])))
    for lo, hi in itertools.pairwise(bounds.tolist()):
        piece = ranges(starts[lo:hi], ends[lo:hi])
        if len(piece):  # trailing empty ranges make none
            yield piece


def _n_chunks(column: pd.Series) -> int:
    arrow = getattr(column.array, "_pa_array", None)
    return arrow.num_chunks if isinstance(arrow, pa.ChunkedArray) else 1
