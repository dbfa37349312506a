"""The place gazetteer (`helpers/data/places.toml`): where meetings happen.

>>> places = load_places()
>>> [(p.name, p.kind) for p in places.find("di Balai Agung Rakyat Beijing")]
[('Balai Agung Rakyat Beijing', 'venue')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from helpers._paths import DATA
from helpers.config import check_keys, read_tables, string_field, string_list
from helpers.text import fold

PLACES_FILE = DATA / "places.toml"
KINDS = ("venue", "city", "country")  # most specific first


class PlaceHit(NamedTuple):
    start: int
    end: int
    name: str
    kind: str


@dataclass(frozen=True)
class Gazetteer:
    """Places with their aliases; `find` locates them in a text."""

    places: tuple[tuple[str, tuple[str, ...], str, str | None], ...]  # name, aliases, kind, city
    source: str = "<memory>"

    @cached_property
    def _lookup(self) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for name, aliases, kind, _city in self.places:
            for alias in (name, *aliases):
                out.setdefault(" ".join(fold(alias).split()), (name, kind))
        return out

    @cached_property
    def _re(self) -> re.Pattern[str]:
        names = sorted(self._lookup, key=len, reverse=True)
        parts = [r"\s+".join(map(re.escape, n.split())) for n in names]
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")

    def find(self, text: str) -> list[PlaceHit]:
        if not isinstance(text, str) or not text:
            return []
        hits = []
        for m in self._re.finditer(fold(text)):
            name, kind = self._lookup[" ".join(m.group().split())]
            hits.append(PlaceHit(m.start(), m.end(), name, kind))
        return hits


def load_places(path: Path | str | None = None) -> Gazetteer:
    """Load and validate a place gazetteer; `ConfigError` names the file, line and problem."""
    resolved = Path(path).resolve() if path is not None else PLACES_FILE
    stamp = resolved.stat().st_mtime_ns if resolved.exists() else 0
    return _load_places(str(resolved), stamp)


@lru_cache(maxsize=8)
def _load_places(path: str, _stamp: int) -> Gazetteer:
    doc = read_tables(path, "place")
    places = []
    for index, _ in enumerate(doc.tables):
        check_keys(doc, index, {"name", "aliases", "kind", "city"})
        name = string_field(doc, index, "name", required=True)
        kind = string_field(doc, index, "kind", required=False) or "city"
        if kind not in KINDS:
            raise doc.error(
                index, "kind", f"kind={kind!r} is not valid; expected one of {list(KINDS)}"
            )
        places.append(
            (
                name,
                string_list(doc, index, "aliases"),
                kind,
                string_field(doc, index, "city", required=False),
            )
        )
    return Gazetteer(tuple(places), source=path)
