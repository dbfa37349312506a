"""Pieces the comparison verbs share: group selection, stopwords, alias groups, speaker names.

Alias groups and people come from the themes and timeline work when those modules exist;
until then a small built-in table stands in (`ALIAS_GROUPS_FALLBACK`, `PEOPLE_FALLBACK`),
so the verbs run on the seeds either way. Which source was used is visible through
`alias_groups_source()` and `people_source()`.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    return "lexicon" if _lexicon_object() is not None else "built-in"


def _lexicon_object() -> object | None:
    """The default theme lexicon (helpers/themes), or None while that work is absent."""
    if not _has_module("helpers.themes.lexicon"):
        return None
    from helpers.themes.lexicon import load_lexicon

    return load_lexicon()


def resolve_alias_groups(lexicon: object = None) -> dict[str, tuple[str, ...]]:
    """Alias groups from `lexicon` (a Lexicon, or a dict group -> names), the default lexicon,
    or the built-in table, in that order."""
    if lexicon is None:
        lexicon = _lexicon_object()
        if lexicon is None:
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


def resolve_exact_names(lexicon: object = None) -> frozenset[str]:
    """Names the lexicon wants matched only as written (`Lexicon.exact_names`)."""
    source = _lexicon_object() if lexicon is None else lexicon
    return frozenset(getattr(source, "exact_names", ()) or ())


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


def people_finder() -> Callable[[str], list[tuple[int, int, str]]]:
    """`find_people` bound to the person registry in force now, for a loop over many texts
    (`find_people` looks the registry up, a file stat, on every call).

    >>> find = people_finder()
    >>> [name for _, _, name in find("Presiden Xi bertemu Putin")]
    ['Xi Jinping', 'Vladimir Putin']
    """
    registry = _people_registry()
    if registry is not None:
        find = registry.find
        return lambda text: [(m.start, m.end, m.name) for m in find(text)]
    finder = _fallback_people_finder()
    return lambda text: [(m.start, m.end, m.group) for m in finder.finditer(text or "")]


def _alternation(names: Sequence[str]) -> re.Pattern[str]:
    # Longest first, so "Federasi Rusia" wins over "Rusia" where both start; whitespace
    # inside a name matches any run of whitespace. An empty table matches nothing: `(?!)`.
    parts = [r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True)]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts) or '(?!)'})(?!\w)")


def is_exact_name(name: str) -> bool:
    """Short all-capital names (`AS`, `UN`, `PBB`) are acronyms: matched only as written,
    so the English words "as" and "un" are not read as names."""
    return len(name) <= 3 and name.isupper()


class NameFinder:
    """Find the names of a group table in text: whole words, longest name first.

    Names are matched case- and accent-insensitively, except `exact` names (and short
    acronyms, see `is_exact_name`), which are matched only as written.

    >>> finder = NameFinder({"Rusia": ("Rusia", "Federasi Rusia"), "AS": ("Amerika Serikat", "AS")})
    >>> [(m.group, m.name) for m in finder.finditer("FEDERASI RUSIA, Rusia, AS; as")]
    [('Rusia', 'Federasi Rusia'), ('Rusia', 'Rusia'), ('AS', 'AS')]
    """

    def __init__(self, groups: Mapping[str, Sequence[str]], *, exact: Iterable[str] = ()) -> None:
        exact = set(exact)
        self.lookup: dict[str, tuple[str, str]] = {}
        self.exact_lookup: dict[str, tuple[str, str]] = {}
        for group, names in groups.items():
            for name in names:
                if name in exact or is_exact_name(name):
                    self.exact_lookup.setdefault(" ".join(name.split()), (group, name))
                else:
                    self.lookup.setdefault(" ".join(fold(name).split()), (group, name))
        self.pattern = _alternation(list(self.lookup))
        self.exact_pattern = _alternation(list(self.exact_lookup))

    def finditer(self, text: str):
        """Matches in reading order; where two overlap, the earlier, then the longer wins."""
        found = [
            (m.start(), m.end(), self.lookup[" ".join(m.group().split())])
            for m in self.pattern.finditer(fold(text))
        ]
        if self.exact_lookup:
            found += [
                (m.start(), m.end(), self.exact_lookup[" ".join(m.group().split())])
                for m in self.exact_pattern.finditer(text)
            ]
            found.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        last_end = -1
        for start, end, (group, name) in found:
            if start < last_end:
                continue
            last_end = end
            yield _Match(group, name, start, end)


class _Match:
    __slots__ = ("end", "group", "name", "start")

    def __init__(self, group: str, name: str, start: int, end: int) -> None:
        self.group, self.name, self.start, self.end = group, name, start, end


@lru_cache(maxsize=1)
def _fallback_people_finder() -> NameFinder:
    return NameFinder(PEOPLE_FALLBACK)


def stopwords(languages: Sequence[str] | None = None) -> frozenset[str]:
    """Folded stopwords of the given languages (all known languages when None)."""
    return _stopwords(tuple(languages or LANGUAGES))


@lru_cache(maxsize=32)
def _stopwords(languages: tuple[str, ...]) -> frozenset[str]:
    codes = [c for c in languages if c in LANGUAGES]
    words: set[str] = set()
    for code in codes:
        words |= {fold(w) for w in LANGUAGES[code].stopwords}
    return frozenset(words)


def group_mask(articles: pd.DataFrame, selector: object, *, name: str) -> np.ndarray:
    """Boolean array selecting articles by outlet name(s) or by a boolean mask.

    A mask may be a boolean Series aligned to `articles.index` or a boolean sequence
    of the same length; outlet names are checked against those present.
    """
    if isinstance(selector, pd.Series) and pd.api.types.is_bool_dtype(selector.dtype):
        # `articles.outlet == "X"` on a string column is nullable: a missing outlet is not X
        selector = selector.fillna(False).astype(bool)
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
