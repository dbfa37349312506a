"""`take_rows` gives what `iloc` gives, on columns of several Arrow chunks too; `range_batches`
gives `ranges` in pieces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from helpers.frames import range_batches, ranges, take_rows


def _chunked() -> pd.DataFrame:
    text = pa.chunked_array([["a", "b", None], ["d"], ["e", "f"]], type=pa.large_string())
    outlet = pa.chunked_array([["A", None], ["B", "C", "D", None]], type=pa.large_string())
    frame = pd.DataFrame(
        {
            "text": pd.array(pd.arrays.ArrowExtensionArray(text), dtype="str"),
            "n": range(6),
            "outlet": pd.array(pd.arrays.ArrowExtensionArray(outlet), dtype="string"),
            "when": pd.date_range("2024-01-01", periods=6, tz="Asia/Jakarta"),
        },
        index=list("uvwxyz"),
    )
    assert frame["text"].array._pa_array.num_chunks == 3
    return frame


@pytest.mark.parametrize("rows", [[], [4], [0, 2, 5], [5, 0, 2], [1, 1, 3], list(range(6))])
def test_take_rows_is_iloc(rows):
    frame = _chunked()
    pd.testing.assert_frame_equal(
        take_rows(frame, np.array(rows, dtype=np.int64)), frame.iloc[rows]
    )


def test_ranges():
    assert ranges(np.array([3, 0]), np.array([5, 0])).tolist() == [3, 4]
    assert ranges(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []


@pytest.mark.parametrize("rows", [1, 2, 3, 7, 1000])
@pytest.mark.parametrize("seed", range(5))
def test_range_batches_are_ranges_in_pieces(rows, seed):
    rng = np.random.default_rng(seed)
    lengths = rng.choice([0, 0, 1, 2, 5, 9], size=int(rng.integers(0, 30)))
    starts = rng.integers(0, 100, size=len(lengths))
    ends = starts + lengths
    pieces = list(range_batches(starts, ends, rows=rows))
    whole = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    np.testing.assert_array_equal(whole, ranges(starts, ends))
    assert all(len(p) for p in pieces)  # no empty piece, and none when there is nothing
    # Each piece stops at the range that reaches its share: never more than `rows` plus
    # the last range in it.
    assert all(len(p) < rows + max(lengths, default=0) for p in pieces)


@pytest.mark.parametrize(
    "starts, ends, rows, pieces",
    [
        ([], [], 4, []),  # nothing
        ([3, 7], [3, 7], 4, []),  # only empty ranges
        ([0, 5, 9], [2, 5, 9], 1, [[0, 1]]),  # empty ranges at the end make no piece
        ([0], [10], 4, [list(range(10))]),  # one range longer than a piece stays whole
        ([0, 20, 30], [3, 22, 31], 3, [[0, 1, 2], [20, 21, 30]]),  # a piece ends where it fills
    ],
)
def test_range_batches_edges(starts, ends, rows, pieces):
    got = range_batches(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), rows)
    assert [p.tolist() for p in got] == pieces
