"""The past that coverage invokes: anniversaries, named wars, and years before the article's.

Rules:

- **anniversary**: `ulang tahun ke-80`, `peringatan 75 tahun`, `80 tahun yang lalu`
  (`80th anniversary`, `80 years ago`). `year` = the article's reference year minus the
  number, so `80 tahun` in a 2025 article is 1945 and `peringatan 75 tahun pembentukan
  hubungan diplomatik` in 2024 is 1949. A bare `80 tahun` (an age, a duration) is not one.
- **war** (or another named past, from `helpers/data/history.toml`): `Perang Dunia II` ->
  1945, the year a war ended and anniversaries count from.
- **year**: a four-digit year before the reference year (`1949`). A year that is not in the
  past (`tahun 2025` in a 2025 article) or that follows a word of plans (`hingga tahun 2025`,
  `menuju 2030`, `until 2030`) is a plan, not history, and is left out. When an article's
  year is unknown, only the plan words decide.

The reference year is the article's `event_date` year, else `published`, else
`published_year`; pass `events=` to give undated articles the year of the event they
joined. Each article is read on its own (partition-friendly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from helpers._paths import DATA
from helpers.config import check_keys, read_tables, string_field, string_list
from helpers.errors import ConfigError
from helpers.frames import require_columns
from helpers.text import fold
from helpers.timeline.extract import _unwrap, sentences_by_article
from helpers.timeline.group import event_members
from helpers.timeline.vocab import cues

HISTORY_FILE = DATA / "history.toml"
HISTORY_COLUMNS = [
    "article_id", "sentence", "kind", "text", "year", "label", "reference_year", "start", "end",
    "sentence_text",
]  # fmt: skip
_YEAR = re.compile(r"(?<![\w/.-])(1[5-9]\d\d|20\d\d)(?![\w/-])")
_PLAN_REACH = 25  # characters before a year searched for plan words: "hingga akhir tahun "


@dataclass(frozen=True)
class Past:
    """A named past event (a war, a conference) and the patterns that name it."""

    name: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]
    year: int | None
    year_from: int | None = None


def load_history(path: Path | str | None = None) -> tuple[Past, ...]:
    """Load and validate `history.toml`; `ConfigError` names the file, line and problem."""
    resolved = Path(path).resolve() if path is not None else HISTORY_FILE
    stamp = resolved.stat().st_mtime_ns if resolved.exists() else 0
    return _load_history(str(resolved), stamp)


@lru_cache(maxsize=8)
def _load_history(path: str, _stamp: int) -> tuple[Past, ...]:
    doc = read_tables(path, "past")
    out = []
    for index, table in enumerate(doc.tables):
        check_keys(doc, index, {"name", "kind", "patterns", "year", "year_from"})
        name = string_field(doc, index, "name", required=True)
        kind = string_field(doc, index, "kind", required=False) or "war"
        if kind not in ("war", "event"):
            raise doc.error(
                index, "kind", f"kind={kind!r} is not valid; expected one of ['war', 'event']"
            )
        compiled = []
        for pattern in string_list(doc, index, "patterns") or (fold(name),):
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise doc.error(
                    index, "patterns", f"pattern {pattern!r} is not a valid regex: {exc}"
                ) from exc
        years = {}
        for key in ("year", "year_from"):
            value = table.get(key)
            if value is not None and not (isinstance(value, int) and not isinstance(value, bool)):
                raise doc.error(
                    index, key, f"'{key}' must be a whole year such as 1945, got {value!r}"
                )
            years[key] = value
        out.append(Past(name, kind, tuple(compiled), years["year"], years["year_from"]))
    if not out:
        raise ConfigError(f"{path}:1: no [[past]] tables")
    return tuple(out)


def _reference_year(row: dict[str, Any], fallback: dict[str, int]) -> int | None:
    for key in ("event_date", "published"):
        value = row.get(key)
        if value is not None and not pd.isna(value):
            return int(pd.Timestamp(value).year)
    value = row.get("published_year")
    if value is not None and not pd.isna(value):
        return int(value)
    return fallback.get(row["article_id"])


def _refs(text: str, ref: int | None, language: Any, past: tuple[Past, ...]) -> list[tuple]:
    cue = cues(language)
    folded = fold(text)
    found: list[tuple] = []  # kind, start, end, year, label
    for pattern in cue.anniversary_res:
        for m in pattern.finditer(folded):
            n = int(m.group("n"))
            found.append(("anniversary", m.start(), m.end(), ref - n if ref and n else None, pd.NA))
    for item in past:
        for pattern in item.patterns:
            for m in pattern.finditer(folded):
                if not any(
                    k == item.kind and s < m.end() and m.start() < e for k, s, e, *_ in found
                ):
                    found.append((item.kind, m.start(), m.end(), item.year, item.name))
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        if ref is not None and year >= ref:
            continue
        if cue.res["future"].search(folded[max(0, m.start() - _PLAN_REACH) : m.start()]):
            continue
        if any(s < m.end() and m.start() < e for _k, s, e, *_ in found):
            continue
        found.append(("year", m.start(), m.end(), year, pd.NA))
    return sorted(found, key=lambda f: (f[1], f[0]))


def history_refs(
    data: Any, *, events: pd.DataFrame | None = None, past: tuple[Past, ...] | None = None
) -> pd.DataFrame:
    """One row per reference to the past in a `Corpus` (or an articles frame).

    Columns: `article_id`, `sentence` (index in `Corpus.sentences`), `kind` (`anniversary` |
    `year` | `war`, or `event` for non-war entries of `history.toml`), `text` (as written),
    `year` (Int64, <NA> when the reference year is unknown), `label` (the named past, for
    wars), `reference_year`, `start`/`end` (offsets in the sentence), `sentence_text`.
    """
    articles, sentences = _unwrap(data)
    require_columns(articles, "article_id", "text", what="articles")
    past = past if past is not None else load_history()
    fallback: dict[str, int] = {}
    if events is not None:
        dates = dict(
            zip(events["event_id"].astype(str), pd.to_datetime(events["date"]), strict=True)
        )
        for aid, eid in zip(
            *(event_members(events)[c] for c in ("article_id", "event_id")), strict=True
        ):
            if not pd.isna(dates.get(str(eid))):
                fallback[aid] = dates[str(eid)].year
    by_article = sentences_by_article(articles, sentences)
    rows = []
    for row in articles.to_dict("records"):
        ref = _reference_year(row, fallback)
        for idx, _par, text in by_article.get(row["article_id"], []):
            for kind, start, end, year, label in _refs(text, ref, row.get("language"), past):
                rows.append(
                    (
                        row["article_id"],
                        idx,
                        kind,
                        text[start:end],
                        year,
                        label,
                        ref,
                        start,
                        end,
                        text,
                    )
                )
    out = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    for col in ("year", "reference_year", "sentence", "start", "end"):
        out[col] = (
            pd.array(out[col].tolist(), dtype="Int64")
            if col in ("year", "reference_year")
            else out[col].astype("int64")
        )
    for col in ("article_id", "kind", "text", "label", "sentence_text"):
        out[col] = out[col].astype("string")
    return out
