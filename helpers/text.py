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


def fold(text: str) -> str:
    """Return a same-length copy for matching: lower case, no accents, plain quotes and dashes.

    >>> fold("“Kemerdekaan Taiwan” – Café")
    '"kemerdekaan taiwan" - cafe'
    >>> len(fold("İstanbul")) == len("İstanbul")
    True
    """
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


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


def count_words(text: str) -> int:
    """Number of word tokens, the denominator of every per-1,000-words rate.

    >>> count_words("Xi bertemu Putin di Beijing.")
    5
    """
    words = WORD_RE.findall(text)
    # Same count as len(tokens(text)) without folding: only hyphenated words can split.
    return len(words) + sum(len(_split_hyphens(w.lower())) - 1 for w in words if "-" in w)
