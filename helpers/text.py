"""Text normalisation shared by the loader, filters, matchers and comparisons.

Two views of one text: `text` as written (NFC, quotes as the outlet typed them) and
`fold(text)`, a *same-length* lower-cased, accent-free copy in which curly and straight
quotes and the dash family look alike. Because folding never changes the length,
an offset found in the folded copy is an offset in the original, so every match can
be shown as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Quotes and dashes that outlets type interchangeably.
_QUOTES = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2039": "'", "\u203a": "'", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2007": " ",
}  # fmt: skip

OPEN_QUOTES = "\"\u201c\u201e\u00ab'\u2018"
CLOSE_QUOTES = "\"\u201d\u00bb'\u2019"


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    if ch in _QUOTES:
        return _QUOTES[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # Keep the length: a character that folds to nothing or to several keeps one.
    if len(base) == 1:
        return base
    return base[:1] if base else ch.lower()[:1] or ch


class _FoldTable(dict):
    """A `str.translate` table that fills itself on first sight of each code point."""

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


_TABLE = _FoldTable()

# `str.translate` is fast on ASCII text only: on any other text it looks up every character
# in the table, ten times slower. News text is ASCII but for a few quotes, dashes and accents,
# so `_ascii_translate` first replaces those by their value in the table, which a second pass
# leaves alone (a fixed point), and the rest usually takes the fast path. Text that stays
# non-ASCII (Chinese, say) goes the plain way, which is faster for it.
_COMMON_NON_ASCII = "“”’‘–—\u00a0…é«»•©°×èáíóúüöäñç"  # most frequent first


def _fixed_points(table: dict) -> tuple[tuple[str, str], ...]:
    """(character, its ASCII value in `table`) for the common characters whose value `table` keeps."""
    pairs = []
    for ch in _COMMON_NON_ASCII:
        value = table[ord(ch)]
        if value.isascii() and table[ord(value)] == value:
            pairs.append((ch, value))
    return tuple(pairs)


def _ascii_translate(text: str, table: dict, fixed: tuple[tuple[str, str], ...]) -> str | None:
    """`text.translate(table)` by the fast path, or None when the text does not allow it."""
    if not text.isascii():
        for ch, value in fixed:
            if ch in text:
                text = text.replace(ch, value)
                if text.isascii():
                    break
        else:
            return None
    return text.translate(table)


def fold(text: str) -> str:
    """Return a same-length copy for matching: lower case, no accents, plain quotes and dashes.

    >>> fold("“Kemerdekaan Taiwan” – Café")
    '"kemerdekaan taiwan" - cafe'
    >>> len(fold("İstanbul")) == len("İstanbul")
    True
    """
    if text.isascii():
        return text.lower()
    folded = _ascii_translate(text, _TABLE, _FOLD_FIXED)
    return text.translate(_TABLE) if folded is None else folded


_FOLD_FIXED = _fixed_points(_TABLE)


def nfc(text: str) -> str:
    """Unicode NFC, the form `text` is stored in.

    >>> nfc("Cafe\u0301") == "Café"
    True
    """
    return unicodedata.normalize("NFC", text)


# A word: letters/digits, with inner hyphens or apostrophes (negara-negara, ke-80, Xi's).
WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_NUMBERED = re.compile(r"^(?:ke|se)-\d+$|^\d")


def _split_hyphens(token: str) -> list[str]:
    """Keep reduplication (negara-negara) and ordinals (ke-80); split compounds (China-Rusia)."""
    if "-" not in token:
        return [token]
    parts = token.split("-")
    if len(set(parts)) == 1 or _NUMBERED.match(token):
        return [token]
    # Indonesian partial reduplication keeps its base: hasil-hasil, bidang-bidang.
    return [p for p in parts if p]


def tokens(text: str, *, lower: bool = True) -> list[str]:
    """Split into word tokens, folding case and accents when `lower` (the default).

    >>> tokens("Hubungan China-Rusia dan negara-negara di Selatan Global, ke-80.")
    ['hubungan', 'china', 'rusia', 'dan', 'negara-negara', 'di', 'selatan', 'global', 'ke-80']
    """
    source = fold(text) if lower else text
    out: list[str] = []
    for m in WORD_RE.finditer(source):
        out.extend(_split_hyphens(m.group().replace("’", "'")))
    return out


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """Tokens with their character offsets in `text` (folded form as the third item).

    >>> token_spans("Xi dan Putin")
    [(0, 2, 'xi'), (3, 6, 'dan'), (7, 12, 'putin')]
    """
    folded = fold(text)
    spans: list[tuple[int, int, str]] = []
    for m in WORD_RE.finditer(folded):
        start = m.start()
        for part in _split_hyphens(m.group()):
            idx = folded.find(part, start)
            spans.append((idx, idx + len(part), part))
            start = idx + len(part)
    return spans


class _CharTable(dict):
    """A `str.translate` table that fills itself: word characters, joiners, anything else."""

    def __init__(self, word: str | None, joiner: str | None, other: str):
        super().__init__()
        self.word, self.joiner, self.other = word, joiner, other

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if _WORD_CHAR.match(ch):
            value = self.word or ch
        elif ch in _JOINERS:
            value = self.joiner or ch
        else:
            value = self.other
        self[code] = value
        return value


_WORD_CHAR = re.compile(r"\w")  # the regex engine's own idea of a word character
_JOINERS = "-'’"
# Keeps what WORD_RE can match, blanks the rest.
_KEEP = _CharTable(None, None, " ")
_KEEP_FIXED = _fixed_points(_KEEP)
# Classes of WORD_RE's characters: `a` a word character, `-` a joiner, a space for the rest.
_CLASS = _CharTable("a", "-", " ")
_CLASS_FIXED = _fixed_points(_CLASS)
# A joiner is inside a word only between two word characters; elsewhere WORD_RE skips it.
# One pattern per joiner: a pattern that starts with a literal scans far faster than a set.
_LONE_JOINERS = tuple((j, re.compile(rf"{j}(?:(?<!\w{j})|(?!\w))")) for j in _JOINERS)


def find_words(text: str) -> list[str]:
    """Exactly `WORD_RE.findall(text)`, several times faster on news text.

    A regex pass pays for every match; here one `str.translate` blanks every character
    WORD_RE would not put in a word, and `str.split` cuts the words out in C.

    >>> find_words("Xi's visit - negara-negara, ke-80 -dan 'kami'")
    ["Xi's", 'visit', 'negara-negara', 'ke-80', 'dan', 'kami']
    """
    kept = _ascii_translate(text, _KEEP, _KEEP_FIXED)
    if kept is None:
        return WORD_RE.findall(text)
    for joiner, lone in _LONE_JOINERS:
        if joiner in kept:
            kept = lone.sub(" ", kept)
    return kept.split()


# A hyphen inside a word (China-Rusia), found by its literal: a fast scan.
_JOINING_HYPHEN = re.compile(r"-(?<=\w-)(?=\w)")
# In the class string: a joiner that joins nothing (after a space or a joiner) before a word.
_STARTING_JOINER = re.compile(r"-(?<=[ -]-)(?=a)")


def _extra_parts(word: str) -> int:
    """How many more tokens than one a hyphenated word counts for (`China-Rusia`: 1)."""
    if len(word) > 64:  # a freak token: not worth keeping alive in the cache
        return len(_split_hyphens(word.lower())) - 1
    return _extra_parts_cached(word)


@lru_cache(maxsize=65536)
def _extra_parts_cached(word: str) -> int:
    return len(_split_hyphens(word.lower())) - 1


def count_words(text: str) -> int:
    """Number of word tokens, the denominator of every per-1,000-words rate.

    Exactly `len(tokens(text))`, counted without cutting out a single word: in the
    class string (`a` word character, `-` joiner, space), a WORD_RE word starts at every
    `a` after a space, or after a joiner that does not join (one after a space or a joiner).

    >>> count_words("Xi bertemu Putin di Beijing.")
    5
    >>> count_words("Hubungan China-Rusia dan negara-negara, ke-80.")
    6
    """
    classes = _ascii_translate(text, _CLASS, _CLASS_FIXED)
    if classes is None:
        words = WORD_RE.findall(text)
        return len(words) + sum(_extra_parts(w) for w in words if "-" in w)
    classes = " " + classes  # one longer than `text`
    n = classes.count(" a") + len(_STARTING_JOINER.findall(classes))
    # Only hyphenated words can count more than once. No word runs across a space, so the
    # run of non-spaces around a hyphen is its word unless a joiner in it joins nothing.
    done = 0
    hyphen = _JOINING_HYPHEN.search(text)
    while hyphen:
        h = hyphen.start()
        start = classes.rfind(" ", 0, h + 1)  # in `text`: the run's first character
        end = classes.find(" ", h + 2)
        end = len(text) if end == -1 else end - 1
        run = classes[start + 1 : end + 1]
        if run[0] != "-" and run[-1] != "-" and "--" not in run:
            word = text[start:end]
        else:  # tokenise from the end of the last word, or the space: the same words as from 0
            for m in WORD_RE.finditer(text, max(done, start)):
                if m.end() > h:
                    break
            word, end = m.group(), m.end()
        n += _extra_parts(word)
        done = end
        hyphen = _JOINING_HYPHEN.search(text, done)
    return n
