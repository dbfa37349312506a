"""The optional metadata sidecar: a CSV whose values win over what extraction found."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from helpers.corpus.dates import find_timestamps
from helpers.corpus.extract import Fact
from helpers.corpus.outlets import OutletRegistry, split_url
from helpers.errors import ConfigError
from helpers.lang import LANGUAGES, get

SIDECAR_FIELDS = ("outlet", "url", "published", "title", "language")
KEYS = ("article_id", "source")


def read_sidecar(path: str | os.PathLike, registry: OutletRegistry) -> dict[str, dict[str, Fact]]:
    """Rows keyed by `article_id` or `source`; each a dict of field -> Fact(from="metadata").

    Every problem names the file and the line, and says what a valid value looks like.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: metadata sidecar not found") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ConfigError(f"{path}: not a readable CSV ({exc})") from None
    keys = [k for k in KEYS if k in frame.columns]
    if not keys:
        raise ConfigError(
            f"{path}: needs an 'article_id' or 'source' column; it has {list(frame.columns)}"
        )
    unknown = set(frame.columns) - {*KEYS, *SIDECAR_FIELDS}
    if unknown:
        raise ConfigError(
            f"{path}: unknown column(s) {sorted(unknown)}; valid are {[*KEYS, *SIDECAR_FIELDS]}"
        )
    out: dict[str, dict[str, Fact]] = {}
    for line, row in enumerate(frame.to_dict("records"), start=2):
        key = (row.get("article_id") or row.get("source") or "").strip()
        if not key:
            raise ConfigError(
                f"{path}, line {line}: empty {' and '.join(keys)}; every row names its article"
            )
        out[key] = _facts(row, f"{path.name} line {line}", path, line, registry)
    return out


def _facts(
    row: dict, evidence: str, path: Path, line: int, registry: OutletRegistry
) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for column in SIDECAR_FIELDS:
        value = (row.get(column) or "").strip()
        if not value:
            continue
        if column == "published":
            stamps = find_timestamps(value, get("id")) or find_timestamps(value, get("en"))
            if not stamps:
                raise ConfigError(
                    f"{path}, line {line}: published={value!r} is not a date; "
                    "use e.g. 2025-01-22 or 2025-01-22T02:08:00+07:00"
                )
            facts["published"] = Fact(stamps[0].value, "metadata", evidence)
        elif column == "outlet":
            facts["outlet"] = Fact(registry.canonical(value) or value, "metadata", evidence)
        elif column == "language":
            if value not in LANGUAGES:
                raise ConfigError(
                    f"{path}, line {line}: language={value!r}; expected one of {list(LANGUAGES)}"
                )
            facts["language"] = Fact(value, "metadata", evidence)
        else:
            facts[column] = Fact(value, "metadata", evidence)
    if "url" in facts and "outlet" not in facts:
        outlet = registry.for_url(facts["url"].value)
        name = outlet.name if outlet else split_url(facts["url"].value)[0]
        if name:
            facts["outlet"] = Fact(name, "metadata", f"{evidence} (url)")
    return facts
