"""The person registry: canonical names and the aliases the press uses for them.

The registry is data (`helpers/data/people.toml`), validated on load. The timeline uses it
to name event participants; the outlet comparison uses `PersonRegistry.canonical` to
normalise quoted speakers.

>>> people = load_people()
>>> people.canonical("Presiden Xi"), people.canonical("menlu rusia"), people.canonical("Nobody")
('Xi Jinping', 'Sergey Lavrov', None)
>>> [(m.name, m.text) for m in people.find("Xi bertemu Presiden Putin.")]
[('Xi Jinping', 'Xi'), ('Vladimir Putin', 'Presiden Putin')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from helpers._paths import DATA
from helpers.config import check_keys, read_tables, string_field, string_list
from helpers.text import fold

PEOPLE_FILE = DATA / "people.toml"

# Aliases this short are matched only as written: "Xi" is a name, "XI" a Roman numeral.
_CASE_SENSITIVE_UP_TO = 3
_JOIN = re.compile(r"[\s,]{0,3}")  # between a role alias and the name of the same person


def _key(text: str) -> str:
    return " ".join(fold(text).split())


@dataclass(frozen=True)
class Person:
    """One registry entry."""

    name: str
    aliases: tuple[str, ...]
    role: str | None = None
    country: str | None = None


class Mention(NamedTuple):
    """A person named in a text: offsets into that text, canonical name, words as written."""

    start: int
    end: int
    name: str
    text: str


def _alias_pattern(aliases: list[str]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    # Longest first, so "Presiden Xi Jinping" wins over "Xi" at the same position.
    parts = [r"\s+".join(map(re.escape, a.split())) for a in sorted(aliases, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True)
class PersonRegistry:
    """People and aliases; `find` names them in a text, `canonical` normalises one mention."""

    people: tuple[Person, ...]
    source: str = "<memory>"
    version: str | None = None
    _by_alias: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for person in self.people:
            for alias in (person.name, *person.aliases):
                self._by_alias.setdefault(_key(alias), person.name)

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical names, in registry order."""
        return tuple(p.name for p in self.people)

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        aliases = list(self._by_alias)
        exact = sorted(
            {
                a
                for p in self.people
                for a in (p.name, *p.aliases)
                if len(a) <= _CASE_SENSITIVE_UP_TO
            }
        )
        folded = [a for a in aliases if len(a) > _CASE_SENSITIVE_UP_TO]
        return _alias_pattern(folded), _alias_pattern(exact)

    def find(self, text: str) -> list[Mention]:
        """Every non-overlapping mention in `text`, longest alias first, in reading order."""
        if not isinstance(text, str) or not text:
            return []
        folded_re, exact_re = self._patterns
        candidates: list[tuple[int, int]] = []
        if folded_re is not None:
            candidates += [m.span() for m in folded_re.finditer(fold(text))]
        if exact_re is not None:
            candidates += [m.span() for m in exact_re.finditer(text)]
        candidates.sort(key=lambda span: (span[0], span[0] - span[1]))
        out: list[Mention] = []
        last_end = -1
        for start, end in candidates:
            if start < last_end:
                continue
            name = self._by_alias[_key(text[start:end])]
            if out and out[-1].name == name and _JOIN.fullmatch(text[out[-1].end : start]):
                # "Menteri Luar Negeri Rusia Sergey Lavrov": a role then the name, one mention.
                start = out.pop().start
            out.append(Mention(start, end, name, text[start:end]))
            last_end = end
        return out

    def canonical(self, mention: str) -> str | None:
        """The canonical name for one mention (an alias, or a phrase naming exactly one person).

        >>> load_people().canonical("Presiden Rusia Vladimir Putin")
        'Vladimir Putin'
        """
        if not isinstance(mention, str):
            return None
        hit = self._by_alias.get(_key(mention))
        if hit is not None:
            return hit
        names = {m.name for m in self.find(mention)}
        return names.pop() if len(names) == 1 else None

    def frame(self) -> pd.DataFrame:
        """The registry as a table: `name, aliases, role, country`."""
        return pd.DataFrame(
            [(p.name, p.aliases, p.role, p.country) for p in self.people],
            columns=["name", "aliases", "role", "country"],
        )


_KEYS = {"name", "aliases", "role", "country"}


def load_people(path: Path | str | None = None) -> PersonRegistry:
    """Load and validate a person registry (default: the one shipped in `helpers/data`).

    Raises `ConfigError` naming the file, the line and the problem: a missing `name`,
    aliases that are not strings, an unknown key, or an alias claimed by two people.
    """
    resolved = Path(path).resolve() if path is not None else PEOPLE_FILE
    try:
        stamp = resolved.stat().st_mtime_ns
    except OSError:
        stamp = 0  # read_tables reports the missing file with its name
    return _load_people(str(resolved), stamp)


@lru_cache(maxsize=8)
def _load_people(path: str, _stamp: int) -> PersonRegistry:
    # Cached by modification time, so an edited registry is re-read on the next call.
    doc = read_tables(path, "person")
    people: list[Person] = []
    owner: dict[str, tuple[str, int]] = {}
    for index, _table in enumerate(doc.tables):
        check_keys(doc, index, _KEYS)
        name = string_field(doc, index, "name", required=True)
        aliases = string_list(doc, index, "aliases")
        if name in {p.name for p in people}:
            raise doc.error(index, "name", f"person {name!r} is listed twice")
        for alias in (name, *aliases):
            claimed = owner.get(_key(alias))
            if claimed is not None and claimed[0] != name:
                raise doc.error(
                    index,
                    "aliases",
                    f"alias {alias!r} of {name!r} already belongs to {claimed[0]!r} "
                    f"(line {claimed[1]}); an alias must name one person",
                )
            owner[_key(alias)] = (name, doc.line_of(index))
        people.append(
            Person(
                name=name,
                aliases=tuple(dict.fromkeys(a for a in aliases if a != name)),
                role=string_field(doc, index, "role", required=False),
                country=string_field(doc, index, "country", required=False),
            )
        )
    version = doc.data.get("version")
    return PersonRegistry(
        tuple(people), source=str(doc.path), version=str(version) if version else None
    )
