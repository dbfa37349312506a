"""The theme lexicon: a small TOML file a researcher edits, validated on load.

A lexicon has a `version`, alias groups (several names for one thing, canonical first)
and themes, each with patterns:

- a word or a multi-word phrase: `Taiwan`, `kerja sama`, `Piagam PBB`
  (hyphens and spaces are interchangeable: `Anti-Fasis` also finds `Anti Fasis`);
- a prefix glob, one trailing `*`: `multilateral*` finds `multilateral`, `multilateralisme`;
- a stem, `~kuat` (or `{ text = "kuat", stem = true }`): any word whose Sastrawi stem is
  the stem of `kuat` (`memperkuat`, `penguatan`, `kuat`);
- an alias group reference, `@China`: every name of the group (`China`, `Tiongkok`, `RRT`).

A pattern may also be an inline table with options: `exact = true` (match the case as
written, for acronyms such as `US` that collide with a word), `overlap = true` (keep its
hits even inside a longer match) and `exclude = ["kekuatan"]` (words the pattern must not
count). Matching is case- and accent-insensitive otherwise (see `helpers.themes.match`).

Every problem raises `ConfigError` naming the file, the line and what to change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from helpers._paths import DATA
from helpers.errors import ConfigError
from helpers.lang.stem import stem as stem_word
from helpers.text import fold

if TYPE_CHECKING:
    import pandas as pd

    from helpers.themes.match import Matcher

DEFAULT_LEXICON = DATA / "themes.toml"

PatternKind = Literal["word", "phrase", "glob", "stem", "alias"]

_TOP_KEYS = {"version", "description", "theme", "alias"}
_THEME_KEYS = {"id", "label", "description", "patterns", "overlap"}
_ALIAS_KEYS = {"group", "names", "exact"}
_PATTERN_KEYS = {"text", "stem", "overlap", "exact", "exclude"}
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# The shortest prefix a glob may have: `a*` would match half the language.
_MIN_GLOB_PREFIX = 3


def normalise(text: str) -> str:
    """The form patterns are compared in: folded, non-word characters as single spaces.

    >>> normalise("  Perang Anti-Fasis  Dunia ")
    'perang anti fasis dunia'
    """
    return " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


@dataclass(frozen=True)
class Pattern:
    """One pattern of one theme, as the matcher needs it."""

    theme: str
    pattern: str  # as written in the lexicon (`@China`, `~kuat`, `multilateral*`)
    kind: PatternKind
    key: str  # normalised surface (literal, glob prefix, or the stem)
    surface: str  # the text as written, for `exact` comparison
    overlap: bool = False
    exact: bool = False
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Theme:
    """A theme: id (stable, used in columns), label (for people), description, patterns."""

    id: str
    label: str
    description: str
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True, eq=False)  # hashed by identity: its matcher is cached on it
class Lexicon:
    """A validated lexicon; build it with `load_lexicon` (or `Lexicon.build` in code)."""

    version: str
    themes: tuple[Theme, ...]
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exact_names: frozenset[str] = frozenset()
    source: str = "<code>"

    @property
    def alias_groups(self) -> dict[str, tuple[str, ...]]:
        """Alias group -> names as written, canonical first (used by `helpers.naming`)."""
        return dict(self.aliases)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    @property
    def labels(self) -> dict[str, str]:
        """Theme id -> label."""
        return {t.id: t.label for t in self.themes}

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        return tuple(p for t in self.themes for p in t.patterns)

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        from helpers.errors import InvalidValue

        raise InvalidValue(
            f"theme={theme_id!r} is not in this lexicon; expected one of {list(self.theme_ids)}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per theme: `theme`, `label`, `description`, `patterns` (as written), `n_patterns`."""
        import pandas as pd

        rows = []
        for t in self.themes:
            written = list(dict.fromkeys(p.pattern for p in t.patterns))
            rows.append((t.id, t.label, t.description, ", ".join(written), len(written)))
        return pd.DataFrame(
            rows, columns=["theme", "label", "description", "patterns", "n_patterns"]
        )

    @cached_property
    def matcher(self) -> Matcher:
        """The compiled matcher (one Aho-Corasick automaton), built on first use."""
        from helpers.themes.match import Matcher

        return Matcher(self)

    def __getstate__(self) -> dict[str, Any]:
        # Dask ships the lexicon to workers; the automaton is rebuilt there on first use.
        state = dict(self.__dict__)
        state.pop("matcher", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"Lexicon(version={self.version!r}, themes={list(self.theme_ids)}, source={self.source!r})"

    @classmethod
    def build(
        cls,
        themes: dict[str, list[str | dict[str, Any]]],
        *,
        aliases: dict[str, list[str] | tuple[str, ...]] | None = None,
        exact_names: tuple[str, ...] = (),
        version: str = "adhoc",
    ) -> Lexicon:
        """A lexicon from Python values, validated like a file (theme id -> patterns).

        >>> lex = Lexicon.build({"trade": ["perdagangan", "~dagang"]}, aliases={"US": ["AS", "US"]})
        >>> [p.kind for p in lex.patterns], lex.alias_groups
        (['word', 'stem'], {'US': ('AS', 'US')})
        """
        data: dict[str, Any] = {
            "version": version,
            "alias": [
                {"group": g, "names": list(n), "exact": [x for x in n if x in exact_names]}
                for g, n in (aliases or {}).items()
            ],
            "theme": [{"id": t, "label": t, "patterns": list(p)} for t, p in themes.items()],
        }
        return _validate(data, [], "<code>")


def _line_of(lines: list[str], array: str | None, index: int, needle: str | None = None) -> int:
    """1-based line of the `index`-th `[[array]]` table, or of `needle` inside it (0: unknown)."""
    if not lines:
        return 0
    if array is None:  # top level: before the first table
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith("["):
                break
            if needle and re.match(rf"^\s*{re.escape(needle)}\s*=", line):
                return number
        return 1
    header = re.compile(r"^\s*\[\[?\s*([A-Za-z_.-]+)\s*\]\]?")
    seen, start, end = -1, 0, len(lines)
    for number, line in enumerate(lines, start=1):
        m = header.match(line)
        if not m:
            continue
        if start and number > start:
            end = number - 1
            break
        if m.group(1) == array:
            seen += 1
            if seen == index:
                start = number
    if not start:
        return 0
    if needle is None:
        return start
    key_re = re.compile(rf"^\s*{re.escape(needle)}\s*=")
    span = range(start, end + 1)
    for test in (key_re.match, lambda line: needle in line):
        for number in span:
            if test(lines[number - 1]):
                return number
    return start


class _Errors:
    """Build `ConfigError`s that point at a line of the source."""

    def __init__(self, lines: list[str], source: str) -> None:
        self.lines, self.source = lines, source

    def __call__(
        self, problem: str, array: str | None = None, index: int = 0, needle: str | None = None
    ) -> ConfigError:
        line = _line_of(self.lines, array, index, needle)
        where = f"{self.source}: line {line}" if line else self.source
        return ConfigError(f"{where}: {problem}")


def _unknown(keys: set[str], valid: set[str]) -> list[str]:
    return sorted(keys - valid)


def _validate(data: dict[str, Any], lines: list[str], source: str) -> Lexicon:
    err = _Errors(lines, source)
    extra = _unknown(set(data), _TOP_KEYS)
    if extra:
        raise err(
            f"unknown top-level key {extra[0]!r}; valid keys are {sorted(_TOP_KEYS)}",
            None,
            0,
            extra[0],
        )
    if "version" not in data:
        raise err('missing `version` (add e.g. version = "1" at the top)')
    if not isinstance(data["version"], str | int | float):
        raise err("`version` must be a string or a number", None, 0, "version")
    for name in ("theme", "alias"):
        if name in data and not isinstance(data[name], list):
            raise err(f"`{name}` must be an array of tables, written [[{name}]]", None, 0, name)

    aliases: dict[str, tuple[str, ...]] = {}
    exact: set[str] = set()
    alias_line: dict[str, int] = {}
    for i, table in enumerate(data.get("alias", [])):
        extra = _unknown(set(table), _ALIAS_KEYS)
        if extra:
            raise err(
                f"unknown key {extra[0]!r} in [[alias]]; valid keys are {sorted(_ALIAS_KEYS)}",
                "alias",
                i,
                extra[0],
            )
        group = table.get("group")
        if not isinstance(group, str) or not group.strip():
            raise err(
                '[[alias]] needs a non-empty `group` (its name, e.g. group = "China")',
                "alias",
                i,
                "group",
            )
        if group in aliases:
            raise err(
                f"alias group {group!r} is defined twice (first at line {alias_line[group]})",
                "alias",
                i,
                "group",
            )
        names = table.get("names")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise err(
                f"alias group {group!r} needs `names`, a non-empty list of strings",
                "alias",
                i,
                "names",
            )
        for n in names:
            if not normalise(n):
                raise err(f"alias group {group!r} has an empty name {n!r}", "alias", i, f'"{n}"')
        ex = table.get("exact", [])
        if not isinstance(ex, list) or any(x not in names for x in ex):
            raise err(
                f"alias group {group!r}: `exact` must list some of its names {names}",
                "alias",
                i,
                "exact",
            )
        exact.update(ex)
        aliases[group] = tuple(names)
        alias_line[group] = _line_of(lines, "alias", i, "group")

    themes: list[Theme] = []
    theme_line: dict[str, int] = {}
    tables = data.get("theme", [])
    if not tables:
        raise err("the lexicon has no themes; add at least one [[theme]] table")
    for i, table in enumerate(tables):
        extra = _unknown(set(table), _THEME_KEYS)
        if extra:
            raise err(
                f"unknown key {extra[0]!r} in [[theme]]; valid keys are {sorted(_THEME_KEYS)}",
                "theme",
                i,
                extra[0],
            )
        tid = table.get("id")
        if tid is None:
            raise err('[[theme]] is missing `id` (a short name such as id = "taiwan")', "theme", i)
        if not isinstance(tid, str) or not _ID_RE.match(tid):
            raise err(
                f"theme id {tid!r} must start with a letter and use only letters, digits, '_' or '-'",
                "theme",
                i,
                "id",
            )
        if tid in theme_line:
            raise err(
                f"theme id {tid!r} is defined twice (first at line {theme_line[tid]})",
                "theme",
                i,
                "id",
            )
        theme_line[tid] = _line_of(lines, "theme", i, "id")
        overlap = table.get("overlap", False)
        if not isinstance(overlap, bool):
            raise err(f"theme {tid!r}: `overlap` must be true or false", "theme", i, "overlap")
        raw = table.get("patterns")
        if not isinstance(raw, list) or not raw:
            raise err(f"theme {tid!r} needs `patterns`, a non-empty list", "theme", i, "patterns")
        patterns: list[Pattern] = []
        for item in raw:
            patterns.extend(_pattern(item, tid, overlap, aliases, exact, err, i))
        label = table.get("label", tid)
        description = table.get("description", "")
        if not isinstance(label, str) or not isinstance(description, str):
            raise err(
                f"theme {tid!r}: `label` and `description` must be strings", "theme", i, "label"
            )
        themes.append(Theme(tid, label, description, tuple(patterns)))
    return Lexicon(
        version=str(data["version"]),
        themes=tuple(themes),
        aliases=tuple(aliases.items()),
        exact_names=frozenset(exact),
        source=source,
    )


def _pattern(
    item: Any,
    tid: str,
    overlap: bool,
    aliases: dict[str, tuple[str, ...]],
    exact_names: set[str],
    err: _Errors,
    i: int,
) -> list[Pattern]:
    opts: dict[str, Any] = {}
    if isinstance(item, dict):
        extra = _unknown(set(item), _PATTERN_KEYS)
        if extra:
            raise err(
                f"theme {tid!r}: unknown pattern option {extra[0]!r}; valid options are {sorted(_PATTERN_KEYS)}",
                "theme",
                i,
                extra[0],
            )
        if not isinstance(item.get("text"), str):
            raise err(
                f"theme {tid!r}: a pattern table needs `text`, a string", "theme", i, "patterns"
            )
        opts, item = item, item["text"]
    if not isinstance(item, str):
        raise err(
            f"theme {tid!r}: pattern {item!r} must be a string or an inline table",
            "theme",
            i,
            "patterns",
        )
    text = item.strip()
    needle = f'"{item}"' if item else '""'
    if not text:
        raise err(f"theme {tid!r} has an empty pattern", "theme", i, needle)
    for flag in ("stem", "overlap", "exact"):
        if not isinstance(opts.get(flag, False), bool):
            raise err(
                f"theme {tid!r}: pattern {text!r}: `{flag}` must be true or false", "theme", i, text
            )
    exclude = opts.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise err(
            f"theme {tid!r}: pattern {text!r}: `exclude` must be a list of strings",
            "theme",
            i,
            text,
        )
    ov = opts.get("overlap", overlap)
    excl = frozenset(normalise(x) for x in exclude)
    common = {"theme": tid, "overlap": ov, "exclude": excl}

    if text.startswith("@"):
        group = text[1:].strip()
        if group not in aliases:
            raise err(
                f"theme {tid!r}: pattern {text!r} names an unknown alias group; "
                f"defined groups are {sorted(aliases)} (define [[alias]] tables before use)",
                "theme",
                i,
                text,
            )
        out = []
        for name in aliases[group]:
            out.append(
                Pattern(
                    pattern=text,
                    kind="alias",
                    key=normalise(name),
                    surface=name,
                    exact=opts.get("exact", False) or name in exact_names,
                    **common,
                )
            )
        return out

    is_stem = opts.get("stem", False) or text.startswith("~")
    body = text[1:] if text.startswith("~") else text
    if "*" in body or "?" in body:
        if is_stem:
            raise err(
                f"theme {tid!r}: bad pattern {text!r}: a stem pattern cannot be a glob",
                "theme",
                i,
                text,
            )
        prefix = body[:-1]
        if not body.endswith("*") or "*" in prefix or "?" in body:
            raise err(
                f"theme {tid!r}: bad glob {text!r}: only one trailing '*' is supported (e.g. multilateral*)",
                "theme",
                i,
                text,
            )
        key = normalise(prefix)
        if len(key.replace(" ", "")) < _MIN_GLOB_PREFIX or not prefix[-1:].isalnum():
            raise err(
                f"theme {tid!r}: bad glob {text!r}: it needs at least {_MIN_GLOB_PREFIX} letters "
                "before the '*', directly attached",
                "theme",
                i,
                text,
            )
        return [
            Pattern(
                pattern=text,
                kind="glob",
                key=key,
                surface=prefix,
                exact=opts.get("exact", False),
                **common,
            )
        ]
    key = normalise(body)
    if not key:
        raise err(f"theme {tid!r}: pattern {text!r} has no letters or digits", "theme", i, text)
    if is_stem:
        if " " in key:
            raise err(
                f"theme {tid!r}: bad stem pattern {text!r}: a stem is one word", "theme", i, text
            )
        return [Pattern(pattern=text, kind="stem", key=stem_word(key), surface=body, **common)]
    kind: PatternKind = "phrase" if " " in key else "word"
    return [
        Pattern(
            pattern=text, kind=kind, key=key, surface=body, exact=opts.get("exact", False), **common
        )
    ]


def parse_lexicon(text: str, *, source: str = "<string>") -> Lexicon:
    """Parse and validate lexicon TOML text (`source` names it in error messages).

    >>> parse_lexicon('version = "1"\\n[[theme]]\\nid = "t"\\npatterns = ["Taiwan"]').theme_ids
    ('t',)
    >>> parse_lexicon('version = "1"\\n[[theme]]\\nid = "t"\\npatterns = ["", "x"]')
    Traceback (most recent call last):
    ...
    helpers.errors.ConfigError: <string>: line 4: theme 't' has an empty pattern
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        last = max(len(text.splitlines()), 1)
        where = f"line {m.group(1)}, column {m.group(2)}" if m else f"line {last} (end of file)"
        problem = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", msg)
        raise ConfigError(f"{source}: {where}: TOML syntax error: {problem}") from None
    return _validate(data, text.splitlines(), source)


_CACHE: dict[tuple[str, int, int], Lexicon] = {}


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and validate a lexicon file (the shipped `helpers/data/themes.toml` when None).

    The same unchanged file returns the same `Lexicon`, so its compiled matcher is reused.

    >>> lex = load_lexicon()
    >>> "taiwan" in lex.theme_ids and lex.alias_groups["China"][:2]
    ('China', 'Tiongkok')
    """
    file = Path(path) if path is not None else DEFAULT_LEXICON
    try:
        st = file.stat()
        key = (str(file.resolve()), st.st_mtime_ns, st.st_size)
        if key in _CACHE:
            return _CACHE[key]
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{file}: lexicon file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read the lexicon ({exc})") from None
    lexicon = parse_lexicon(text, source=str(file))
    _CACHE[key] = lexicon
    return lexicon


def as_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    """Accept a Lexicon, a path, or None (the shipped lexicon)."""
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon(lexicon)


__all__ = [
    "DEFAULT_LEXICON",
    "Lexicon",
    "Pattern",
    "Theme",
    "as_lexicon",
    "load_lexicon",
    "normalise",
    "parse_lexicon",
]
