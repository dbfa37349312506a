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

_CANDIDATE = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"“‘'«(\[]?[\w]")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”’'»)\]]*$")
_MAX_QUOTE = 1500  # an unbalanced quote mark must not glue a whole article into one sentence


def _abbreviations() -> frozenset[str]:
    return frozenset().union(*(lang.abbreviations for lang in LANGUAGES.values()))


_ABBR = _abbreviations()


_QUOTE_MARKS = re.compile('[“«”»"]')


def _quote_depth_changes(text: str) -> list[tuple[int, int]]:
    """Positions where a quotation opens (+1) or closes (-1)."""
    changes: list[tuple[int, int]] = []
    straight_open = False
    for m in _QUOTE_MARKS.finditer(text):
        ch = m.group()
        if ch == '"':
            changes.append((m.start(), -1 if straight_open else 1))
            straight_open = not straight_open
        else:
            changes.append((m.start(), 1 if ch in "“«" else -1))
    return changes


def split_spans(paragraph: str, language: Language | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in one paragraph.

    >>> p = 'Xi bertemu Dr. Putin. "Kami siap. Kami setuju," ujar Xi. Nilai 3.5 persen naik.'
    >>> [p[s:e] for s, e in split_spans(p)]
    ['Xi bertemu Dr. Putin.', '"Kami siap. Kami setuju," ujar Xi.', 'Nilai 3.5 persen naik.']
    """
    changes = _quote_depth_changes(paragraph)
    ci, depth = 0, 0  # walk the quote marks once, in step with the candidates (linear time)
    start = 0
    length = len(paragraph)
    while start < length and paragraph[start].isspace():
        start += 1
    for m in _CANDIDATE.finditer(paragraph):
        end = m.end()
        if end <= start:
            continue
        nxt = _NEXT_START.match(paragraph, end)
        if not nxt:
            continue
        first = paragraph[nxt.end() - 1]
        if first.islower():
            continue  # `..., kata Xi. lalu` is rare; a lower-case start is usually not a new sentence
        # Only the word before the stop matters: look at a short tail, not the whole sentence so far.
        word = _LAST_WORD.search(paragraph, max(start, m.start() - 40), m.start() + 1)
        token = word.group(1).rstrip(".").lower() if word else ""
        if m.group().startswith(".") and (token in _ABBR or (len(token) == 1 and token.isalpha())):
            continue
        while ci < len(changes) and changes[ci][0] < end:
            if changes[ci][0] >= start:
                depth = max(0, depth + changes[ci][1])
            ci += 1
        if depth > 0 and end - start < _MAX_QUOTE and paragraph[end - 1] not in CLOSE_QUOTES:
            continue
        yield start, end
        depth = 0
        start = nxt.start()
        while start < length and paragraph[start].isspace():
            start += 1
    if start < length and paragraph[start:].strip():
        yield start, len(paragraph.rstrip())


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
    number = 0
    for p_index, paragraph in enumerate(text.split("\n\n")):
        for s, e in split_spans(paragraph, language):
            rows.append((article_id, p_index, number, paragraph[s:e], offset + s, offset + e))
            number += 1
        offset += len(paragraph) + 2
    return rows
