"""Small checks shared by every verb, so validation reads the same everywhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

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
    """`frame.iloc[rows]`, read through a boolean mask when `rows` increase.

    Arrow filters a column chunk by chunk, but taking rows from a column of several chunks
    joins the chunks first: a copy of the whole column (all of a corpus's text) for every
    take, however few the rows.

    >>> take_rows(pd.DataFrame({"x": list("abcd")}), np.array([1, 3]))["x"].tolist()
    ['b', 'd']
    """
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) < 2 or not (rows[1:] > rows[:-1]).all():
        return frame.iloc[rows]
    chosen = np.zeros(len(frame), dtype=bool)
    chosen[rows] = True
    return frame[chosen]
