"""One filter function for code, widgets and tests: select articles, never change them.

`filter_articles` is what the filter panel calls on every widget change, what a notebook
calls in a cell and what the tests call, so all three see the same rows. Every value is
checked against what the frame holds; a rejected value is named together with the valid ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.errors import InvalidValue, MissingColumns
from helpers.frames import as_tuple, require_choice, require_columns, require_subset
from helpers.text import fold
from helpers.textindex import RE2_NOT_WORD, TextIndex

DateField = Literal["published", "event_date"]
DATE_FIELDS: tuple[str, ...] = ("published", "event_date")
TIMEZONE = "Asia/Jakarta"  # naive bounds mean Jakarta wall-clock time, as the outlets print it

# Optional per-article columns the walkthroughs add; the function that adds each one.
MEMBERSHIP: dict[str, tuple[str, str]] = {
    "themes": ("themes", "helpers.with_themes(articles, hits)"),
    "participants": ("participants", "helpers.with_events(articles, helpers.events(corpus))"),
    "events": ("event_id", "helpers.with_events(articles, helpers.events(corpus))"),
}

# A column of folded `title + text` that a caller (the panel) may precompute once.
FOLDED = "_folded"

_PHRASE = re.compile(r'"([^"]*)"?|(\S+)')
_BLOCK = 4096  # articles joined and indexed at a time


def filter_articles(
    articles: pd.DataFrame,
    *,
    outlets: str | Iterable[str] | None = None,
    date_range: tuple[object, object] | None = None,
    date_field: DateField = "published",
    languages: str | Iterable[str] | None = None,
    query: str | None = None,
    themes: str | Iterable[str] | None = None,
    participants: str | Iterable[str] | None = None,
    events: str | Iterable[str] | None = None,
    index: TextIndex | None = None,
) -> pd.DataFrame:
    """Return the articles that pass every given filter (`None` means "do not filter on this").

    Filters combine with AND; the values inside one filter combine with OR. An empty
    sequence selects nothing. `date_range` is `(start, end)`, either end `None`; bounds are
    strings, dates or Timestamps, inclusive, and an end at midnight (a plain date) includes
    that whole day. Naive bounds are Asia/Jakarta time. Articles without a date fail an
    active date filter. `query` holds words and `"quoted phrases"` that must all occur in the
    title or text as whole words, ignoring case, accents and the quote style; `index`, a
    `text_index(articles)` built once, answers each new query without re-reading the text
    (same rows). The rows come back in their order with their index; the input is not changed.

    >>> frame = pd.DataFrame({"outlet": ["ANTARA", "Xinhua"], "language": ["id", "en"],
    ...     "title": ["Kerja sama", "Café talks"], "text": ["Xi’s visit", "Putin said"]})
    >>> filter_articles(frame, query="xi's cafe").index.tolist(), len(filter_articles(frame))
    ([], 2)
    >>> filter_articles(frame, query="cafe putin").outlet.tolist()
    ['Xinhua']
    >>> filter_articles(frame, outlets=["Kompas"])
    Traceback (most recent call last):
    ...
    helpers.errors.InvalidValue: outlets: ['Kompas'] not in this corpus; valid values are ['ANTARA', 'Xinhua']
    """
    mask = article_mask(
        articles,
        outlets=outlets,
        date_range=date_range,
        date_field=date_field,
        languages=languages,
        query=query,
        themes=themes,
        participants=participants,
        events=events,
        index=index,
    )
    if mask.all():
        return articles.copy(deep=False)
    return articles[mask]


def article_mask(
    articles: pd.DataFrame,
    *,
    outlets: str | Iterable[str] | None = None,
    date_range: tuple[object, object] | None = None,
    date_field: DateField = "published",
    languages: str | Iterable[str] | None = None,
    query: str | None = None,
    themes: str | Iterable[str] | None = None,
    participants: str | Iterable[str] | None = None,
    events: str | Iterable[str] | None = None,
    index: TextIndex | None = None,
) -> np.ndarray:
    """The boolean row mask behind `filter_articles` (same arguments, same checks).

    The panel uses it to select from a frame other than the one it searched, so the
    article text is copied once per filter change, not twice.
    """
    require_choice("date_field", date_field, DATE_FIELDS)
    mask = np.ones(len(articles), dtype=bool)
    if outlets is not None:
        mask &= _member(articles, "outlets", "outlet", outlets)
    if languages is not None:
        mask &= _member(articles, "languages", "language", languages)
    for name, value in (("themes", themes), ("participants", participants), ("events", events)):
        if value is not None:
            column, how = MEMBERSHIP[name]
            if column not in articles.columns:
                raise MissingColumns(
                    f"{name}= filters on the column {column!r}, which these articles lack; "
                    f"add it first with {how}"
                )
            mask &= _member(articles, name, column, value)
    if date_range is not None:
        mask &= _in_range(articles, date_field, date_range)
    if query is not None:
        mask &= _matches(articles, query, index)
    return mask


def _member(articles: pd.DataFrame, name: str, column: str, value: object) -> np.ndarray:
    require_columns(articles, column, what="articles")
    wanted = as_tuple(value)
    col = articles[column]
    first = col.dropna().head(1)  # a column holds tuples (themes) or scalars (outlet), not both
    if len(first) and isinstance(first.iloc[0], tuple | list | set | frozenset):
        present = {v for items in col if isinstance(items, Iterable) for v in items}
        require_subset(name, wanted, present)
        chosen = set(wanted)
        return col.map(
            lambda items: isinstance(items, Iterable) and not chosen.isdisjoint(items)
        ).to_numpy(dtype=bool)
    require_subset(name, wanted, col.dropna().unique())
    return col.isin(wanted).fillna(False).to_numpy(dtype=bool)


def _bound(name: str, value: object) -> pd.Timestamp | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str | dt.date | pd.Timestamp | np.datetime64):
        raise InvalidValue(
            f"date_range {name}={value!r} is not a date; give a string such as '2025-01-21', "
            "a date, a Timestamp or None"
        )
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as err:
        raise InvalidValue(
            f"date_range {name}={value!r} is not a date; give e.g. '2025-01-21' ({err})"
        ) from None
    if pd.isna(stamp):
        return None
    return stamp


def _align(stamp: pd.Timestamp, column_tz: object) -> pd.Timestamp:
    """Put a bound in the column's time zone (naive bounds are Jakarta time)."""
    if column_tz is not None:
        if stamp.tzinfo is None:
            return stamp.tz_localize(TIMEZONE)
        return stamp.tz_convert(column_tz)
    if stamp.tzinfo is not None:
        return stamp.tz_convert(TIMEZONE).tz_localize(None)
    return stamp


def _in_range(articles: pd.DataFrame, date_field: str, date_range: object) -> np.ndarray:
    if not isinstance(date_range, tuple | list) or len(date_range) != 2:
        raise InvalidValue(
            f"date_range={date_range!r} is not valid; expected (start, end), either end None"
        )
    require_columns(articles, date_field, what="articles")
    start, end = _bound("start", date_range[0]), _bound("end", date_range[1])
    col = articles[date_field]
    if not pd.api.types.is_datetime64_any_dtype(col):
        col = pd.to_datetime(col, errors="coerce")
    tz = getattr(col.dt, "tz", None)
    if start is not None and end is not None:
        naive_start = start.tz_localize(None) if start.tzinfo else start
        naive_end = end.tz_localize(None) if end.tzinfo else end
        if naive_start > naive_end:
            raise InvalidValue(
                f"date_range=({date_range[0]!r}, {date_range[1]!r}) starts after it ends; "
                "give (earlier, later)"
            )
    mask = col.notna().to_numpy(dtype=bool, copy=True)
    if start is not None:
        mask &= (col >= _align(start, tz)).fillna(False).to_numpy(dtype=bool)
    if end is not None:
        whole_day = end == end.normalize()
        bound = _align(end + pd.Timedelta(days=1) if whole_day else end, tz)
        below = (col < bound) if whole_day else (col <= bound)
        mask &= below.fillna(False).to_numpy(dtype=bool)
    return mask


def query_terms(query: str) -> list[str]:
    """Split a query into folded words and phrases (double quotes of any style group words).

    >>> query_terms('Xi “Selatan Global”  TAIWAN')
    ['xi', 'selatan global', 'taiwan']
    """
    if not isinstance(query, str):
        raise InvalidValue(f"query={query!r} is not valid; expected a string of words or None")
    terms = []
    for phrase, word in _PHRASE.findall(fold(query)):
        term = " ".join((phrase or word).split())
        if term:
            terms.append(term)
    return terms


def query_pattern(term: str) -> re.Pattern[str]:
    """A regex for one folded term as whole words, any run of white space between words.

    >>> bool(query_pattern("xi").search("xinhua")), bool(query_pattern("xi").search("(xi)"))
    (False, True)
    """
    body = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _joined(articles: pd.DataFrame) -> pd.Series:
    parts = [articles[c].fillna("").astype(str) for c in ("title", "text") if c in articles]
    if not parts:
        raise MissingColumns(f"query= needs a 'text' column; articles have {list(articles)}")
    return parts[0] if len(parts) == 1 else parts[0] + "\n\n" + parts[1]


def folded_text(articles: pd.DataFrame) -> pd.Series:
    """The folded `title` and `text` that `query` searches."""
    return _joined(articles).map(fold)


def text_index(articles: pd.DataFrame) -> TextIndex:
    """Index the text that `query` searches, so each new query reads postings, not text.

    Pass it as `index=` with these same articles: 100,000 articles take a few seconds to
    index, then a new query costs milliseconds instead of a scan of every text. Raises
    `TypeError`/`ValueError`/`pyarrow.ArrowException` for text Arrow cannot hold (search
    without an index then).

    >>> frame = pd.DataFrame({"title": ["Kerja sama", "Café"], "text": ["Xi’s visit", "Xinhua"]})
    >>> index = text_index(frame)
    >>> query_mask(frame, "xi's", index=index).tolist(), query_mask(frame, "xi's").tolist()
    ([True, False], [True, False])
    >>> filter_articles(frame, query="cafe", index=index).title.tolist()
    ['Café']
    """
    if FOLDED in articles:
        column = articles[FOLDED]
        blocks = (
            pa.array(column.iloc[i : i + _BLOCK].array) for i in range(0, len(column), _BLOCK)
        )
        return TextIndex.from_blocks(blocks, folded=True)
    _joined(articles.iloc[:0])  # no title or text: say so now
    # Joined block by block: the whole corpus's title + text is never held twice.
    return TextIndex.from_blocks(
        pa.array(_joined(articles.iloc[i : i + _BLOCK]).array)
        for i in range(0, len(articles), _BLOCK)
    )


def _contains(haystack: pd.Series, term: str) -> np.ndarray:
    """Whole-word match of one folded term in every row, via pyarrow's RE2 when possible.

    RE2 runs in C++ about ten times faster than `re` per row (100,000 articles: ~60 ms);
    the Python pattern is the reference and the fallback.
    """
    try:
        body = r"\s+".join(re.escape(w) for w in term.split())
        pattern = f"(?:^|{RE2_NOT_WORD}){body}(?:{RE2_NOT_WORD}|$)"
        hits = pc.match_substring_regex(pa.array(haystack.array), pattern)
        return pc.fill_null(hits, False).to_numpy(zero_copy_only=False).astype(bool)
    except (TypeError, ValueError, pa.ArrowException):
        return (
            haystack.str.contains(query_pattern(term), regex=True)
            .fillna(False)
            .to_numpy(dtype=bool)
        )


def query_mask(articles: pd.DataFrame, query: str, *, index: TextIndex | None = None) -> np.ndarray:
    """The rows whose title or text hold every word and phrase of `query` (see `filter_articles`).

    `index` (`text_index(articles)`) gives the same mask without scanning the text.

    >>> query_mask(pd.DataFrame({"text": ["Xi dan Putin", "Xinhua"]}), "xi").tolist()
    [True, False]
    """
    return _matches(articles, query, index)


def _matches(articles: pd.DataFrame, query: str, index: TextIndex | None = None) -> np.ndarray:
    terms = query_terms(query)
    if index is not None and len(index) != len(articles):
        raise InvalidValue(
            f"index= holds {len(index)} texts but the articles have {len(articles)} rows; "
            "build it from these articles with helpers.text_index(articles)"
        )
    mask = np.ones(len(articles), dtype=bool)
    haystack = None
    for term in terms:
        found = index.term_mask(term) if index is not None else None
        if found is None:  # no index, or a term RE2 rejects: search the text itself
            if haystack is None:
                haystack = articles[FOLDED] if FOLDED in articles else folded_text(articles)
            found = _contains(haystack, term)
        mask &= found
    return mask
