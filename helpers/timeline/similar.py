"""Word-overlap similarity between articles, for joining an undated article to an event.

Each article becomes a bag of content words: tokens (`helpers.text.tokens`) without
stopwords, numbers or words of one or two letters, with every person alias replaced by the
person (`Presiden Xi` and `Xi Jinping` are one term) and every place alias by the place
(`Tiongkok` and `China` are one term). Terms are weighted by TF-IDF over the articles
compared and vectors are L2-normalised, so similarity is the cosine in [0, 1].
Bags are built article by article (partition-friendly); only IDF needs the whole set.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from helpers.lang import LANGUAGES
from helpers.text import tokens
from helpers.timeline.people import PersonRegistry
from helpers.timeline.places import Gazetteer

Vector = dict[str, float]


def _slug(name: str) -> str:
    return "_" + re.sub(r"\W+", "_", name.lower()).strip("_")


def content_terms(
    text: str, *, language: str | None, people: PersonRegistry, places: Gazetteer
) -> Counter[str]:
    """Term counts for one article text.

    >>> from helpers.timeline.people import load_people
    >>> from helpers.timeline.places import load_places
    >>> sorted(content_terms("Presiden Xi bertemu Putin di Tiongkok.", language="id",
    ...        people=load_people(), places=load_places()))
    ['_china', '_vladimir_putin', '_xi_jinping', 'bertemu']
    """
    if not isinstance(text, str):
        return Counter()
    spans = [(m.start, m.end, _slug(m.name)) for m in people.find(text)]
    taken = [(s, e) for s, e, _ in spans]
    for hit in places.find(text):
        if not any(s < hit.end and hit.start < e for s, e in taken):
            spans.append((hit.start, hit.end, _slug(hit.name)))
    pieces, last = [], 0
    for start, end, slug in sorted(spans):
        pieces += [text[last:start], f" {slug} "]
        last = end
    pieces.append(text[last:])
    code = language if isinstance(language, str) and language in LANGUAGES else "id"
    stop = LANGUAGES[code].stopwords
    return Counter(
        t
        for t in tokens("".join(pieces))
        if t.startswith("_") or (len(t) > 2 and t.isalpha() and t not in stop)
    )


def idf(bags: Iterable[Mapping[str, int]]) -> dict[str, float]:
    """Smoothed inverse document frequency, `log((1 + n) / (1 + df)) + 1`."""
    df: Counter[str] = Counter()
    n = 0
    for bag in bags:
        df.update(bag.keys())
        n += 1
    return {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}


def tfidf(bag: Mapping[str, int], weights: Mapping[str, float]) -> Vector:
    """L2-normalised TF-IDF vector (sublinear term frequency)."""
    vec = {t: (1 + math.log(c)) * weights.get(t, 1.0) for t, c in bag.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def centroid(vectors: Iterable[Vector]) -> Vector:
    """Normalised sum: the direction shared by an event's articles."""
    total: Counter[str] = Counter()
    for vec in vectors:
        total.update(vec)
    norm = math.sqrt(sum(v * v for v in total.values()))
    return {t: v / norm for t, v in total.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two normalised vectors.

    >>> cosine({"a": 1.0}, {"a": 0.6, "b": 0.8})
    0.6
    """
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
