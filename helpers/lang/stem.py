"""Word stemming, cached per word because Sastrawi is slow (milliseconds per call).

Indonesian uses Sastrawi (`memperkuat` -> `kuat`); English uses a light suffix stripper,
enough to merge `relations`/`relation` for alignment, not a linguistic analysis.
"""

from __future__ import annotations

from functools import lru_cache

from helpers.text import fold


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def _stem_id(word: str) -> str:
    if not word.isalpha() or len(word) <= 3:
        return word
    return _sastrawi().stem(word) or word


_EN_SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "s")


@lru_cache(maxsize=200_000)
def _stem_en(word: str) -> str:
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def stem(word: str, language: str = "id") -> str:
    """The stem of one word (folded to lower case first).

    >>> stem("memperkuat"), stem("penguatan"), stem("Kuat")
    ('kuat', 'kuat', 'kuat')
    >>> stem("relations", "en")
    'relation'
    """
    word = fold(word)
    return _stem_en(word) if language == "en" else _stem_id(word)
