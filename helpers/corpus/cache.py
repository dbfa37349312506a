"""A Parquet cache of per-file parse results, keyed by absolute path, size and modification time.

A warm re-open reads five Parquet tables instead of parsing every file again; a file whose
size or mtime changed is parsed afresh, and the cache is rewritten with what is current.
The cache folder is named by a hash of the corpus's location and of everything that changes
what parsing yields (package version, field names, outlet registry), so each corpus keeps its
own cache and changing any setting cannot serve stale rows.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

TABLES = ("files", "articles", "sentences", "removed", "extracted")
FORMAT = "3"  # bump when parse output changes shape (2: integer file keys; 3: one dtype schema)


def default_folder() -> Path:
    """`$XDG_CACHE_HOME/warta` (or `~/.cache/warta`): never inside the corpus, which may be read-only."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "warta"


def settings_key(*parts: object) -> str:
    blob = json.dumps([FORMAT, *[str(p) for p in parts]], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class ParseCache:
    """Read and write the cached tables of one settings key."""

    def __init__(self, folder: str | os.PathLike, key: str):
        self.folder = Path(folder) / key

    def read(self) -> dict[str, pd.DataFrame] | None:
        if not (self.folder / "files.parquet").exists():
            return None

        def table(name: str) -> pd.DataFrame:
            return pd.read_parquet(self.folder / f"{name}.parquet")

        try:  # Arrow decodes off the GIL, so the tables are read side by side
            with ThreadPoolExecutor(max_workers=len(TABLES)) as pool:
                tables = dict(zip(TABLES, pool.map(table, TABLES), strict=True))
        except (OSError, ValueError):  # a half-written or foreign cache is ignored, then rewritten
            return None
        needed = {"files": {"_file", "path", "size", "mtime_ns"}, "articles": {"_file", "_key"}}
        if any(not cols <= set(tables[name].columns) for name, cols in needed.items()):
            return None  # written by another version: parse again and overwrite
        return tables

    def write(self, tables: dict[str, pd.DataFrame]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

        def table(name: str) -> None:
            tmp = self.folder / f".{name}.parquet.tmp"
            tables[name].to_parquet(tmp, index=False)
            tmp.replace(self.folder / f"{name}.parquet")  # atomic: a crash leaves the old table

        with ThreadPoolExecutor(max_workers=len(TABLES)) as pool:
            list(pool.map(table, TABLES))  # list(): a failed write raises here
