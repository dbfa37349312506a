"""The faster sentence splitter cuts every paragraph exactly where the plain one did.

`reference_split_spans` is the splitter as it was (a candidate regex, then a regex for the
next sentence's start and one for the word before the stop); hypothesis builds paragraphs
from the pieces that steer it: abbreviations, initials, quote marks, brackets, lower- and
upper-case starts, long words and odd whitespace.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.corpus.sentences import _ABBR, _quote_depth_changes, sentence_rows, split_spans
from helpers.text import CLOSE_QUOTES

_CANDIDATE = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"“‘'«(\[]?[\w]")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”’'»)\]]*$")
_MAX_QUOTE = 1500


def reference_split_spans(paragraph: str) -> list[tuple[int, int]]:
    spans = []
    changes = _quote_depth_changes(paragraph)
    ci, depth = 0, 0
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
            continue
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
        spans.append((start, end))
        depth = 0
        start = nxt.start()
        while start < length and paragraph[start].isspace():
            start += 1
    if start < length and paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return spans


PIECES = [
    *("Dr", "dr", "U.S", "u.s.", "e.g", "Prof", "No", "J", "x", "İ", "é", "Xi", "kata", "Kami"),
    *("word", "3", "3.5", "a" * 45, "Ab." * 20, "ab" * 20 + "dr"),
    *".!?…" + "\"“”«»’‘'()[]",
    *(" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2003", ". ", '." ', "! ", "? ", "… "),
]
paragraphs = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(alphabet="aA .!?\"“”«»'’()", max_size=80),
    st.text(max_size=80),
)


@settings(max_examples=1500, deadline=None)
@given(paragraphs)
def test_split_spans_unchanged(paragraph):
    assert list(split_spans(paragraph)) == reference_split_spans(paragraph)


def test_unbalanced_quote_longer_than_the_limit():
    paragraph = '"Kami siap. ' + "Kata lagi. " * 200 + "Selesai."
    assert list(split_spans(paragraph)) == reference_split_spans(paragraph)


@settings(max_examples=200, deadline=None)
@given(st.lists(paragraphs, max_size=5))
def test_sentence_rows_unchanged(parts):
    text = "\n\n".join(parts)
    rows, offset, number = [], 0, 0
    for index, paragraph in enumerate(text.split("\n\n")):
        for s, e in reference_split_spans(paragraph):
            rows.append(("a", index, number, paragraph[s:e], offset + s, offset + e))
            number += 1
        offset += len(paragraph) + 2
    assert sentence_rows("a", text) == rows
