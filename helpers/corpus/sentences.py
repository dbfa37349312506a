"""Sentence splitting for Indonesian and English news text.

A full stop ends a sentence unless it follows an abbreviation (`Dr.`, `No.`, `U.S.`),
an initial (`J. Smith`) or sits inside a number; a sentence never ends inside an open
quotation, so a quote of two sentences stays with its `ujar Xi`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from helpers.lang import LANGUAGES, Language, get
from helpers.text import CLOSE_QUOTES

# A sentence end: terminal punctuation (closing quotes and brackets go with it) before
# whitespace and a word, perhaps behind an opening quote. The groups are the whitespace
# and the first character of the next sentence, so one match says all the splitter needs.
_AFTER_STOP = r"[\"”’'»)\]]*(?=(\s+)[\"“‘'«(\[]?(\w))"
# `x+` is spelled `xx*` on purpose: the regex engine skips ahead to a pattern's first
# character only when the pattern starts with a plain character or set, not a repeat.
_CANDIDATE = re.compile(r"[.!?…][.!?…]*" + _AFTER_STOP)
# Most paragraphs have no `!`, `?` or `…`: then a pattern starting with one literal, whose
# scan is several times faster still, finds the same matches.
_FULL_STOP_CANDIDATE = re.compile(r"\.\.*" + _AFTER_STOP)
_MAX_QUOTE = 1500  # an unbalanced quote mark must not glue a whole article into one sentence


def _abbreviations() -> frozenset[str]:
    return frozenset().union(*(lang.abbreviations for lang in LANGUAGES.values()))


_ABBR = _abbreviations()
# Only the word before a full stop decides whether it is an abbreviation, and no
# abbreviation is longer than this: a longer word can be cut to this length plus one.
_ABBR_LEN = max(map(len, _ABBR))
_WORD_BEFORE = re.compile(r"[\w.]*\Z")  # the word (dots allowed: U.S) ending where it is asked


_QUOTE_MARKS = re.compile('[“«”»"]')
_STRAIGHT_QUOTE = re.compile('"')  # the only quote mark ASCII text can hold (a faster scan)


def _quote_depth_changes(text: str) -> list[tuple[int, int]]:
    """Positions where a quotation opens (+1) or closes (-1)."""
    changes: list[tuple[int, int]] = []
    straight_open = False
    for m in (_STRAIGHT_QUOTE if text.isascii() else _QUOTE_MARKS).finditer(text):
        ch = m.group()
        if ch == '"':
            changes.append((m.start(), -1 if straight_open else 1))
            straight_open = not straight_open
        else:
            changes.append((m.start(), 1 if ch in "“«" else -1))
    return changes


def _has_quote_marks(text: str) -> bool:
    if text.isascii():  # the usual case: only the straight quote can be there
        return '"' in text
    return any(q in text for q in '"“«”»')


def split_spans(paragraph: str, language: Language | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in one paragraph.

    >>> p = 'Xi bertemu Dr. Putin. "Kami siap. Kami setuju," ujar Xi. Nilai 3.5 persen naik.'
    >>> [p[s:e] for s, e in split_spans(p)]
    ['Xi bertemu Dr. Putin.', '"Kami siap. Kami setuju," ujar Xi.', 'Nilai 3.5 persen naik.']
    """
    yield from _spans(paragraph)


def _spans(paragraph: str) -> list[tuple[int, int]]:
    """`split_spans` as a list (the loader's hot path)."""
    spans: list[tuple[int, int]] = []
    changes = _quote_depth_changes(paragraph) if _has_quote_marks(paragraph) else []
    n_changes = len(changes)
    ci, depth = 0, 0  # walk the quote marks once, in step with the candidates (linear time)
    length = len(paragraph)
    start = len(paragraph) - len(paragraph.lstrip()) if paragraph[:1].isspace() else 0
    plain = "!" not in paragraph and "?" not in paragraph and "…" not in paragraph
    for m in (_FULL_STOP_CANDIDATE if plain else _CANDIDATE).finditer(paragraph):
        end = m.end()
        if end <= start:
            continue
        if m.group(2).islower():
            continue  # `..., kata Xi. lalu` is rare; a lower-case start is usually not a new sentence
        stop = m.start()
        if paragraph[stop] == ".":
            # The word before the stop: `Dr.`, `U.S.` and initials (`J.`) do not end a sentence.
            # Looking back one character more than the longest abbreviation is enough: a word
            # cut there is longer than any abbreviation, as the whole word is.
            window = stop - _ABBR_LEN - 1
            # Most words before a stop fill the window with letters: no abbreviation, no regex.
            if window <= start or not paragraph[window:stop].isalnum():
                token = _WORD_BEFORE.search(paragraph, max(start, window), stop).group().lower()
                if token in _ABBR or (len(token) == 1 and token.isalpha()):
                    continue
        if changes:
            while ci < n_changes and changes[ci][0] < end:
                if changes[ci][0] >= start:
                    depth = max(0, depth + changes[ci][1])
                ci += 1
            if depth > 0 and end - start < _MAX_QUOTE and paragraph[end - 1] not in CLOSE_QUOTES:
                continue
        spans.append((start, end))
        depth = 0
        start = m.end(1)
    if start < length and paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return spans


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: `article_id`, `paragraph`, `sentence`, `text`, `start`, `end`.

    `start`/`end` are offsets into the article's `text` (paragraphs joined by a blank line).

    >>> frame = pd.DataFrame({"article_id": ["a"], "text": ["Satu. Dua dua.\\n\\nTiga."], "language": ["id"]})
    >>> split_sentences(frame)[["paragraph", "sentence", "text", "start"]].values.tolist()
    [[0, 0, 'Satu.', 0], [0, 1, 'Dua dua.', 6], [1, 2, 'Tiga.', 16]]
    """
    rows: list[tuple] = []
    languages = articles["language"] if "language" in articles else [None] * len(articles)
    for article_id, text, code in zip(
        articles["article_id"], articles["text"], languages, strict=True
    ):
        language = get(code) if code in LANGUAGES else None
        rows.extend(sentence_rows(article_id, text, language))
    frame = pd.DataFrame(
        rows, columns=["article_id", "paragraph", "sentence", "text", "start", "end"]
    )
    return frame.astype(
        {"paragraph": "int32", "sentence": "int32", "start": "int64", "end": "int64"}
    )


def sentence_rows(article_id: object, text: str, language: Language | None = None) -> list[tuple]:
    """(article_id, paragraph, sentence, text, start, end) for each sentence of one article."""
    rows = []
    offset = 0
    for p_index, paragraph in enumerate(text.split("\n\n")):
        for s, e in _spans(paragraph):
            rows.append((article_id, p_index, len(rows), paragraph[s:e], offset + s, offset + e))
        offset += len(paragraph) + 2
    return rows
