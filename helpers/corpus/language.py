"""Which language an article is in, from its function words (Indonesian or English).

Function words are the most reliable cue on short news text and need no model download.
Words in both lists (`di`, `the` never collide, but `data`, `dan`... could) count for neither.
"""

from __future__ import annotations

from functools import cache

from helpers.lang import LANGUAGES
from helpers.text import find_words, fold

# The most frequent function words only: long stopword lists share too many entries.
_MARKERS = {
    "id": "yang dan di ke dari untuk dengan ini itu pada dalam adalah akan juga tidak bahwa "
          "oleh kedua telah sebagai atau karena para mereka kami saya dia ia secara "
          "tersebut dapat bisa sudah masih antara serta bagi hingga",
    "en": "the and of to in for with on is are was were that this it by as at from be "
          "has have had will would an not its their which said but or also after",
}  # fmt: skip


@cache
def _markers() -> dict[str, frozenset[str]]:
    sets = {code: frozenset(words.split()) for code, words in _MARKERS.items() if code in LANGUAGES}
    shared = frozenset.intersection(*sets.values()) if len(sets) > 1 else frozenset()
    return {code: words - shared for code, words in sets.items()}


@cache
def _all_markers() -> frozenset[str]:
    return frozenset().union(*_markers().values())


def detect_language(text: str, *, sample: int = 1500) -> str | None:
    """ISO 639-1 code of the language with the most function words; None when unclear.

    >>> detect_language("Presiden Xi bertemu dengan Putin di Beijing pada hari Selasa dan mereka sepakat.")
    'id'
    >>> detect_language("President Xi met Putin in Beijing on Tuesday and said that the talks went well.")
    'en'
    >>> detect_language("12345 !!!") is None
    True
    """
    # A language's score counts its function words. Passes in C: keep the function words of
    # any language, then count each language's among those few.
    hits = list(filter(_all_markers().__contains__, find_words(fold(text[:sample]))))
    scores = {code: sum(map(markers.__contains__, hits)) for code, markers in _markers().items()}
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 2 or (len(ranked) > 1 and ranked[0] < 1.5 * ranked[1]):
        return None
    return best
