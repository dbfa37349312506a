"""`take_rows` gives what `iloc` gives, on columns of several Arrow chunks too."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from helpers.frames import take_rows


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
