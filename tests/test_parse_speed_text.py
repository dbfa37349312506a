"""The fast word counting and folding in `helpers.text` give exactly what the plain versions gave.

The plain versions are kept here as the reference: a regex pass for words, one
`str.translate` for folding. Hypothesis throws random Unicode and text built from the
characters that matter (word characters, the joiners `-'’`, quotes, accents, combining
marks, characters outside the BMP) at both.
"""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.text import _TABLE, WORD_RE, _split_hyphens, count_words, find_words, fold


def reference_fold(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_TABLE)


def reference_count_words(text: str) -> int:
    words = WORD_RE.findall(text)
    return len(words) + sum(len(_split_hyphens(w.lower())) - 1 for w in words if "-" in w)


# The characters whose handling differs between word characters, joiners and the rest.
TRICKY = [
    *"aZ09_ -'’‘\"“”«»–—‐…\u00a0\u202f\t\n\r.,;:!?()[]/\\",
    *"éÉçİıßſKÅﬀ\u0301\u0308ꭰᎠ中文١٢½²Ⅻǅ\u200b\ufeff\x00\x1c•©°×èüñ",
    *("😀", "𝐀", "\U00010400"),
]
tricky_text = st.lists(st.sampled_from(TRICKY), max_size=80).map("".join)
# Mostly ASCII with a few other characters, as news text is: the run-by-run path.
ascii_run = st.text(alphabet=string.printable, min_size=16, max_size=60)
newsy_text = st.lists(st.one_of(ascii_run, st.sampled_from(TRICKY)), max_size=20).map("".join)
hyphenated = st.text(alphabet="aB1-'’ .é", max_size=60)  # runs of words and joiners
texts = st.one_of(
    st.text(max_size=200),
    tricky_text,
    newsy_text,
    hyphenated,
    st.text(alphabet=TRICKY, max_size=300),
)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_find_words_is_word_re_findall(text):
    assert find_words(text) == WORD_RE.findall(text)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_count_words_unchanged(text):
    assert count_words(text) == reference_count_words(text)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_fold_unchanged(text):
    assert fold(text) == reference_fold(text)


def test_common_and_other_non_ascii_characters():
    text = "é a “b” " * 200 + "Kemerdekaan-Taiwan’s “RRT” – ½ İstanbul ſ"
    assert fold(text) == reference_fold(text)
    assert count_words(text) == reference_count_words(text)
    assert find_words(text) == WORD_RE.findall(text)


def test_joiners_at_the_edges():
    edges = ["-", "'a", "a'", "a--b", "a-'b", "a-b-", "’a’b’", "a-b-c", "ke-80-an", "xxxxx-"]
    edges += ["a-b--c-d", "-a-b", "x'-y-z", "a-b'-c-d e-f", "A-a-A-b--b-b", "é-é’-x-y"]
    for text in edges:
        assert find_words(text) == WORD_RE.findall(text), text
        assert count_words(text) == reference_count_words(text), text
