"""Small literal frames shared by several test files."""

from __future__ import annotations

import pandas as pd


def sentences_frame(*texts: str, article_id: str = "a") -> pd.DataFrame:
    """A sentences frame for one article whose text is the sentences joined by a space."""
    rows, start = [], 0
    for i, text in enumerate(texts):
        rows.append({"article_id": article_id, "sentence": i, "text": text, "start": start,
                     "end": start + len(text)})  # fmt: skip
        start += len(text) + 1
    return pd.DataFrame(rows)
