"""The outlet registry: canonical names, aliases, web domains and dateline markers.

Loaded from `helpers/data/outlets.toml` (or the user's copy) and validated, so that a typo
in the file is reported with its line instead of silently matching nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from helpers._paths import DATA
from helpers.config import read_toml, table_line
from helpers.errors import ConfigError
from helpers.text import fold

KINDS = ("wire agency", "state news agency", "state media", "public broadcaster", "private outlet")
_KEYS = {"name", "aliases", "domains", "datelines", "country", "kind"}
DEFAULT_REGISTRY = DATA / "outlets.toml"


@dataclass(frozen=True)
class Outlet:
    """One publisher or agency."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    datelines: tuple[str, ...]
    country: str
    kind: str

    @property
    def is_agency(self) -> bool:
        """Agencies and state media supply copy that others republish."""
        return self.kind in ("wire agency", "state news agency", "state media")


@dataclass(frozen=True)
class OutletRegistry:
    """Look-ups from names, dateline markers and URLs to canonical outlets."""

    outlets: tuple[Outlet, ...]
    version: str
    path: Path

    def __iter__(self):
        return iter(self.outlets)

    def __len__(self) -> int:
        return len(self.outlets)

    @cached_property
    def _by_key(self) -> dict[str, Outlet]:
        table: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for key in (outlet.name, *outlet.aliases, *outlet.datelines):
                table.setdefault(fold(key), outlet)
        return table

    def get(self, name: str | None) -> Outlet | None:
        """The outlet a name, alias or dateline marker refers to (case-insensitive).

        >>> load_registry().get("antara news").name
        'ANTARA'
        """
        if not name:
            return None
        return self._by_key.get(fold(name.strip()))

    def canonical(self, name: str | None) -> str | None:
        """Canonical name for a known outlet; None for unknown names."""
        outlet = self.get(name)
        return outlet.name if outlet else None

    @cached_property
    def _domains(self) -> list[tuple[str, str, Outlet]]:
        rows = []
        for outlet in self.outlets:
            for domain in outlet.domains:
                host, _, path = domain.lower().partition("/")
                rows.append((host, "/" + path if path else "", outlet))
        # Longest host and path first: indonesian.news.cn before news.cn, bbc.com/indonesia first.
        return sorted(rows, key=lambda r: (len(r[0]), len(r[1])), reverse=True)

    def for_url(self, url: str | None) -> Outlet | None:
        """The registered outlet whose domain (or a subdomain of it) serves `url`.

        >>> load_registry().for_url("https://media.suara.com/pictures/x.jpg").name
        'Suara.com'
        """
        host, path = split_url(url)
        if not host:
            return None
        for domain, prefix, outlet in self._domains:
            if (host == domain or host.endswith("." + domain)) and path.startswith(prefix):
                return outlet
        return None

    @cached_property
    def dateline_pattern(self) -> str:
        """Alternation of every dateline marker, longest first, for the dateline parser."""
        markers = {m for o in self.outlets for m in (*o.datelines, o.name)}
        return "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))

    @cached_property
    def mention_re(self) -> re.Pattern[str]:
        """Whole-word mentions of any name or alias (used on credit and copyright lines)."""
        names = {n for o in self.outlets for n in (o.name, *o.aliases, *o.datelines)}
        alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])", re.IGNORECASE)


def split_url(url: str | None) -> tuple[str, str]:
    """(host without `www.`, path) of a URL, tolerating a missing scheme.

    >>> split_url("www.antaranews.com/berita/123")
    ('antaranews.com', '/berita/123')
    """
    if not url or not isinstance(url, str):
        return "", ""
    text = url.strip()
    if "://" not in text:
        text = "//" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return "", ""
    return host.removeprefix("www."), parts.path or "/"


def _fail(path: Path, lines: list[str], index: int, key: str | None, problem: str) -> ConfigError:
    line = table_line(lines, "outlet", index, key)
    return ConfigError(f"{path}, line {line}: {problem}")


def _parse(data: dict, lines: list[str], path: Path) -> OutletRegistry:
    unknown_top = set(data) - {"version", "outlet"}
    if unknown_top:
        raise ConfigError(
            f"{path}: unknown top-level key(s) {sorted(unknown_top)}; expected 'version' and [[outlet]] tables"
        )
    entries = data.get("outlet")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[outlet]] tables; add at least one")
    outlets: list[Outlet] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        extra = set(entry) - _KEYS
        if extra:
            raise _fail(path, lines, i, sorted(extra)[0],
                        f"unknown key(s) {sorted(extra)}; valid keys are {sorted(_KEYS)}")  # fmt: skip
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _fail(path, lines, i, None, "outlet has no 'name'; give it a canonical name")
        kind = entry.get("kind", "private outlet")
        if kind not in KINDS:
            raise _fail(
                path, lines, i, "kind", f"kind={kind!r} for {name!r}; expected one of {list(KINDS)}"
            )
        lists = {}
        for key in ("aliases", "domains", "datelines"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                raise _fail(
                    path, lines, i, key, f"{key} of {name!r} must be a list of non-empty strings"
                )
            lists[key] = tuple(v.strip() for v in value)
        for key in (name, *lists["aliases"]):
            other = seen.get(fold(key))
            if other is not None and other != i:
                raise _fail(path, lines, i, "name" if key == name else "aliases",
                            f"{key!r} is already used by outlet {entries[other]['name']!r}")  # fmt: skip
            seen[fold(key)] = i
        outlets.append(Outlet(name.strip(), lists["aliases"], lists["domains"], lists["datelines"],
                              str(entry.get("country", "")), kind))  # fmt: skip
    return OutletRegistry(tuple(outlets), str(data.get("version", "")), path)


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> OutletRegistry:
    data, lines = read_toml(path)
    return _parse(data, lines, path)


def load_registry(path: str | Path | None = None) -> OutletRegistry:
    """Load and validate an outlet registry (the shipped one when `path` is None).

    >>> reg = load_registry()
    >>> reg.get("Xinhua").kind, reg.canonical("SINPO.ID")
    ('state news agency', 'SinPo.id')
    """
    path = Path(path) if path is not None else DEFAULT_REGISTRY
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ConfigError(f"{path}: outlet registry not found") from None
    return _load(path.resolve(), mtime)
