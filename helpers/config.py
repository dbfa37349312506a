"""Loading the small TOML files users edit, with errors that name the file and the line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from helpers.errors import ConfigError


def read_toml(path: str | Path) -> tuple[dict[str, Any], list[str]]:
    """Parse a TOML file; return the data and its lines (for pointing at a line later).

    A syntax error becomes a `ConfigError` naming the file and tomllib's line and column.
    """
    path = Path(path)
    try:
        source = _source(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    try:
        return tomllib.loads(source), source.splitlines()
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}. Fix the TOML syntax there.") from None


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def table_line(lines: list[str], array: str, index: int, key: str | None = None) -> int:
    """1-based line of the `index`-th `[[array]]` table (or of `key` inside it); 0 if not found.

    >>> table_line(["[[outlet]]", "name = 'a'", "[[outlet]]", "kind = 'x'"], "outlet", 1, "kind")
    4
    """
    header = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]")
    seen = -1
    for number, line in enumerate(lines, start=1):
        if header.match(line):
            seen += 1
            if seen == index and key is None:
                return number
            continue
        if seen == index and key is not None and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
        if seen > index:
            break
    return table_line(lines, array, index) if key is not None else 0


class TomlTables:
    """A parsed registry of `[[table]]` entries that can name the line of any entry or key.

    What `read_tables` returns; `error(index, key, problem)` builds the `ConfigError`
    (`file:line: problem`) for entry `index` (0-based) or its `key`.
    """

    def __init__(self, path: Path, lines: list[str], data: dict[str, Any], table: str) -> None:
        self.path = path
        self.data = data
        self.table = table
        self.lines = lines

    @property
    def tables(self) -> list[Any]:
        return self.data.get(self.table, [])

    def line_of(self, index: int, key: str | None = None) -> int:
        """1-based line of entry `index` (or of `key` inside it; the header if absent)."""
        return table_line(self.lines, self.table, index, key) or 1

    def error(self, index: int, key: str | None, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}:{self.line_of(index, key)}: {problem}")


def read_tables(path: str | Path, table: str) -> TomlTables:
    """Parse a registry made of `[[table]]` entries (people, places, history).

    Unreadable files and malformed TOML raise `ConfigError` as `file: cannot read registry
    (...)` and `file:line: not valid TOML (...)`; a file without `[[table]]` entries says so.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "people.toml"
    >>> _ = p.write_text('[[person]]\\nname = "A"\\n', encoding="utf-8")
    >>> read_tables(p, "person").tables
    [{'name': 'A'}]
    """
    path = Path(path)
    try:
        source = _source(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ConfigError(f"{path}: cannot read registry ({reason})") from exc
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            f"{path}:{match.group(1) if match else '?'}: not valid TOML ({exc})"
        ) from exc
    tables = data.get(table)
    if tables is None:
        raise ConfigError(f"{path}:1: no [[{table}]] tables; add at least one")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{path}:1: '{table}' must be written as [[{table}]] tables")
    return TomlTables(path, source.splitlines(), data, table)


def string_field(doc: TomlTables, index: int, key: str, *, required: bool) -> str | None:
    """Entry `index`'s `key` as a stripped non-empty string (None when absent and optional)."""
    value = doc.tables[index].get(key)
    if value is None:
        if required:
            raise doc.error(index, None, f"[[{doc.table}]] #{index + 1} lacks '{key}'")
        return None
    if not isinstance(value, str) or not value.strip():
        raise doc.error(index, key, f"'{key}' must be a non-empty string, got {value!r}")
    return value.strip()


def string_list(doc: TomlTables, index: int, key: str) -> tuple[str, ...]:
    """Entry `index`'s `key` as a tuple of stripped strings (a lone string is one item)."""
    value = doc.tables[index].get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise doc.error(index, key, f"'{key}' must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def check_keys(doc: TomlTables, index: int, allowed: set[str]) -> None:
    """Refuse keys of entry `index` outside `allowed`, naming the first unknown one's line."""
    unknown = sorted(set(doc.tables[index]) - allowed)
    if unknown:
        raise doc.error(
            index, unknown[0], f"unknown key(s) {unknown}; expected some of {sorted(allowed)}"
        )
