"""Read a user-edited TOML registry and point at the line of each problem.

`tomllib` reports syntax errors with a line number but forgets lines once parsed, so the
validation of a well-formed file finds the line of the n-th `[[table]]` (and of a key
inside it) by scanning the raw text. Messages read `file:line: problem`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from helpers.errors import ConfigError


class TomlTables:
    """The parsed document plus a way to name the line of any table or key."""

    def __init__(self, path: Path, text: str, data: dict[str, Any], table: str) -> None:
        self.path = path
        self.data = data
        self.table = table
        self._lines = text.splitlines()
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        self._starts = [i + 1 for i, line in enumerate(self._lines) if header.match(line)]

    @property
    def tables(self) -> list[Any]:
        return self.data.get(self.table, [])

    def line_of(self, index: int, key: str | None = None) -> int:
        """1-based line of table `index` (or of `key` inside it; the header if absent)."""
        if index >= len(self._starts):
            return 1
        start = self._starts[index]
        if key is None:
            return start
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines) + 1
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, end):
            if key_re.match(self._lines[number - 1]):
                return number
        return start

    def error(self, index: int, key: str | None, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}:{self.line_of(index, key)}: {problem}")


def read_tables(path: Path | str, table: str) -> TomlTables:
    """Parse `path`, raising `ConfigError` with file and line for unreadable or malformed TOML."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read registry ({exc.strerror or exc})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = match.group(1) if match else "?"
        raise ConfigError(f"{path}:{line}: not valid TOML ({exc})") from exc
    tables = data.get(table)
    if tables is None:
        raise ConfigError(f"{path}:1: no [[{table}]] tables; add at least one")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{path}:1: '{table}' must be written as [[{table}]] tables")
    return TomlTables(path, text, data, table)


def string_field(doc: TomlTables, index: int, key: str, *, required: bool) -> str | None:
    value = doc.tables[index].get(key)
    if value is None:
        if required:
            raise doc.error(index, None, f"[[{doc.table}]] #{index + 1} lacks '{key}'")
        return None
    if not isinstance(value, str) or not value.strip():
        raise doc.error(index, key, f"'{key}' must be a non-empty string, got {value!r}")
    return value.strip()


def string_list(doc: TomlTables, index: int, key: str) -> tuple[str, ...]:
    value = doc.tables[index].get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise doc.error(index, key, f"'{key}' must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def check_keys(doc: TomlTables, index: int, allowed: set[str]) -> None:
    unknown = sorted(set(doc.tables[index]) - allowed)
    if unknown:
        raise doc.error(
            index, unknown[0], f"unknown key(s) {unknown}; expected some of {sorted(allowed)}"
        )
