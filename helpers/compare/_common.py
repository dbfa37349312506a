"""Pieces the comparison verbs share: group selection, stopwords, alias groups, speaker names.

Alias groups and people come from the themes and timeline work when those modules exist;
until then a small built-in table stands in (`ALIAS_GROUPS_FALLBACK`, `PEOPLE_FALLBACK`),
so the verbs run on the seeds either way. Which source was used is visible through
`alias_groups_source()` and `people_source()`.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.errors import InvalidValue
from helpers.frames import as_tuple, require_columns, require_subset
from helpers.lang import LANGUAGES
from helpers.text import fold

NO_OUTLET = (
    "(unknown outlet)"  # label for articles whose outlet is missing, where a label is needed
)

# Stand-in for `helpers.load_lexicon().alias_groups` (group -> names, canonical first).
ALIAS_GROUPS_FALLBACK: dict[str, list[str]] = {
    "China": ["China", "Tiongkok", "Cina", "RRT", "Republik Rakyat Tiongkok", "Republik Rakyat China"],
    "Rusia": ["Rusia", "Federasi Rusia", "Russia", "Russian Federation"],
    "PBB": ["PBB", "Perserikatan Bangsa-Bangsa", "United Nations"],
    "SCO": ["SCO", "Organisasi Kerja Sama Shanghai", "Shanghai Cooperation Organization"],
    "Global South": ["Global South", "Selatan Global", "Belahan Bumi Selatan"],
    "Amerika Serikat": ["Amerika Serikat", "Amerika", "United States"],
    "Uni Soviet": ["Uni Soviet", "Soviet", "USSR"],
}  # fmt: skip

# Stand-in for helpers/data/people.toml (timeline work), used only if that module is absent.
PEOPLE_FALLBACK: dict[str, list[str]] = {
    "Xi Jinping": ["Xi Jinping", "Presiden Xi", "Xi"],
    "Vladimir Putin": ["Vladimir Putin", "Presiden Putin", "Putin"],
    "Sergey Lavrov": ["Sergey Lavrov", "Sergei Lavrov", "Lavrov", "Menlu Rusia"],
    "Wang Yi": ["Wang Yi"],
    "Prabowo Subianto": ["Prabowo Subianto", "Prabowo"],
    "Joko Widodo": ["Joko Widodo", "Jokowi"],
    "Donald Trump": ["Donald Trump", "Trump"],
}


@lru_cache(maxsize=32)
def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def alias_groups_source() -> str:
    """`"lexicon"` when the themes lexicon provides alias groups, else `"built-in"`."""
    return "lexicon" if _lexicon_groups() is not None else "built-in"


@lru_cache(maxsize=1)
def _lexicon_groups() -> dict[str, tuple[str, ...]] | None:
    if not _has_module("helpers.themes"):
        return None
    import helpers

    try:
        groups = helpers.load_lexicon().alias_groups
    except (AttributeError, ImportError):
        return None
    return {str(k): tuple(v) for k, v in dict(groups).items()} or None


def resolve_alias_groups(lexicon: object = None) -> dict[str, tuple[str, ...]]:
    """Alias groups from `lexicon` (a Lexicon, or a dict group -> names), the default lexicon,
    or the built-in table, in that order."""
    if lexicon is None:
        groups = _lexicon_groups()
        if groups is not None:
            return groups
        return {k: tuple(v) for k, v in ALIAS_GROUPS_FALLBACK.items()}
    groups = getattr(lexicon, "alias_groups", lexicon)
    if not isinstance(groups, Mapping):
        raise InvalidValue(
            f"lexicon={type(lexicon).__name__} has no alias groups; pass helpers.load_lexicon() "
            "or a dict group -> [canonical name, other names...]"
        )
    out: dict[str, tuple[str, ...]] = {}
    for group, names in groups.items():
        names = as_tuple(names) or ()
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise InvalidValue(
                f"alias group {group!r} needs a non-empty list of names; got {names!r}"
            )
        out[str(group)] = tuple(names)
    return out


def _people_registry() -> object | None:
    """The timeline work's `PersonRegistry` (helpers/data/people.toml), if it is installed."""
    if not _has_module("helpers.timeline.people"):
        return None
    from helpers.timeline.people import load_people

    return load_people()


def people_source() -> str:
    """`"people.toml"` when the timeline work's person registry is used, else `"built-in"`."""
    return "people.toml" if _people_registry() is not None else "built-in"


def people_groups() -> dict[str, tuple[str, ...]]:
    """Canonical person name -> aliases (canonical first), for alias normalisation."""
    registry = _people_registry()
    if registry is None:
        return {k: tuple(v) for k, v in PEOPLE_FALLBACK.items()}
    return {p.name: (p.name, *p.aliases) for p in registry.people}


def find_people(text: str) -> list[tuple[int, int, str]]:
    """People named in `text`: `(start, end, canonical name)`, longest alias first, in order.

    >>> [name for _, _, name in find_people("Presiden Xi bertemu Putin")]
    ['Xi Jinping', 'Vladimir Putin']
    """
    registry = _people_registry()
    if registry is not None:
        return [(m.start, m.end, m.name) for m in registry.find(text)]
    return [(m.start, m.end, m.group) for m in _fallback_people_finder().finditer(text or "")]


class NameFinder:
    """Find names from a group table in folded text: whole words, longest name first.

    >>> finder = NameFinder({"Rusia": ("Rusia", "Federasi Rusia")})
    >>> [(m.group, m.name) for m in finder.finditer("Federasi Rusia dan Rusia")]
    [('Rusia', 'Federasi Rusia'), ('Rusia', 'Rusia')]
    """

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
        self.lookup: dict[str, tuple[str, str]] = {}
        for group, names in groups.items():
            for name in names:
                self.lookup.setdefault(fold(name).strip(), (group, name))
        alternatives = sorted(self.lookup, key=len, reverse=True)
        # An empty table matches nothing; `(?!)` never matches.
        body = "|".join(re.escape(n) for n in alternatives) or "(?!)"
        self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def finditer(self, text: str, *, folded: bool = False):
        source = text if folded else fold(text)
        for m in self.pattern.finditer(source):
            group, name = self.lookup[m.group()]
            yield _Match(group, name, m.start(), m.end())


class _Match:
    __slots__ = ("end", "group", "name", "start")

    def __init__(self, group: str, name: str, start: int, end: int) -> None:
        self.group, self.name, self.start, self.end = group, name, start, end


@lru_cache(maxsize=1)
def _fallback_people_finder() -> NameFinder:
    return NameFinder(PEOPLE_FALLBACK)


def stopwords(languages: Sequence[str] | None = None) -> frozenset[str]:
    """Folded stopwords of the given languages (all known languages when None)."""
    codes = [c for c in (languages or LANGUAGES) if c in LANGUAGES]
    words: set[str] = set()
    for code in codes:
        words |= {fold(w) for w in LANGUAGES[code].stopwords}
    return frozenset(words)


def group_mask(articles: pd.DataFrame, selector: object, *, name: str) -> np.ndarray:
    """Boolean array selecting articles by outlet name(s) or by a boolean mask.

    A mask may be a boolean Series aligned to `articles.index` or a boolean sequence
    of the same length; outlet names are checked against those present.
    """
    if isinstance(selector, pd.Series) and selector.dtype == bool:
        if not selector.index.equals(articles.index):
            if set(selector.index) != set(articles.index):
                raise InvalidValue(
                    f"{name}: boolean mask index does not match the articles' index "
                    f"({len(selector)} vs {len(articles)} rows); build it from the same frame"
                )
            selector = selector.reindex(articles.index)
        return selector.to_numpy(dtype=bool)
    if (
        isinstance(selector, np.ndarray | list | tuple)
        and len(selector)
        and all(isinstance(v, bool | np.bool_) for v in selector)
    ):
        if len(selector) != len(articles):
            raise InvalidValue(
                f"{name}: boolean mask has {len(selector)} values but articles has {len(articles)} rows"
            )
        return np.asarray(selector, dtype=bool)
    names = as_tuple(selector)
    if not names or not all(isinstance(v, str) for v in names):
        raise InvalidValue(
            f"{name}={selector!r} is not valid; pass an outlet name, a list of them, or a boolean mask"
        )
    require_columns(articles, "outlet", what="articles")
    require_subset(name, list(names), articles["outlet"].dropna().unique())
    return articles["outlet"].isin(names).to_numpy(dtype=bool)


def group_label(selector: object) -> str:
    """A short label for a selector: the outlet name(s), or `selection` for a mask."""
    names = as_tuple(selector) if isinstance(selector, str | list | tuple) else None
    if names and all(isinstance(v, str) for v in names):
        return " + ".join(names)
    return "selection"


def outlet_labels(articles: pd.DataFrame) -> pd.Series:
    """`articles.outlet` with missing values labelled `NO_OUTLET` (for grouping and display)."""
    return articles["outlet"].astype("string").fillna(NO_OUTLET)
