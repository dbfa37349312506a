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
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    try:
        return tomllib.loads(source), source.splitlines()
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}. Fix the TOML syntax there.") from None


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
