"""Finding input files and turning their bytes into text, without losing any of them.

Every path the user gives is accounted for: it yields text, or a `Skip` with the reason
(empty, binary, unreadable, unsupported format, symlink loop), which becomes a report row.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
             ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
             ".csv": "csv"}  # fmt: skip
# Files a folder walk passes over quietly only when they are clearly not articles.
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class InputFile:
    """A file to read, with the path shown to the user (relative to the corpus root).

    `size` and `mtime_ns` come from the walk's own stat, so the cache needs no second one.
    """

    path: str | Path
    source: str
    size: int = -1
    mtime_ns: int = -1


@dataclass(frozen=True)
class Skip:
    """A path that produced no article, and why."""

    source: str
    reason: str


def discover(source: str | os.PathLike | Iterable[str | os.PathLike]) -> Iterator[InputFile | Skip]:
    """Yield every file under `source` (a file, a folder walked recursively, or a list of them).

    Symlinked folders are followed once; a link that loops back is reported, not followed.
    Hidden files and folders (`.git`, `.ipynb_checkpoints`) are not corpus input and are passed over.
    """
    items = [source] if isinstance(source, str | os.PathLike) else list(source)
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: dict[tuple[int, int], str] = {}
    for item in items:
        path = Path(os.path.abspath(item))  # once here, so no file below needs its own abspath
        root = path if path.is_dir() else path.parent
        yield from _walk(path, root, seen_dirs, seen_files, shown=os.fspath(item))


def _walk(path: Path, root: Path, seen_dirs: set, seen_files: dict, *, shown: str) -> Iterator:
    """A path the user named: a file shows as its name, a folder as the user wrote it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        yield Skip(shown, "not found (or a broken symbolic link): check the path")
        return
    except OSError as exc:  # ELOOP for a symlink cycle, EACCES, ...
        yield Skip(shown, f"cannot read: {exc.strerror or exc}")
        return
    source = path.name if stat.S_ISREG(st.st_mode) else shown
    if stat.S_ISDIR(st.st_mode):
        prefix = ""
        yield from _walk_dir(
            path, prefix, st, root, seen_dirs, seen_files, is_link=path.is_symlink()
        )
        return
    yield from _file(path, source, st, seen_files)


def _walk_dir(path: str | Path, prefix: str, st: os.stat_result, root: Path, seen_dirs: set,
              seen_files: dict, *, is_link: bool) -> Iterator:  # fmt: skip
    """One folder through `os.scandir`: its entries carry their type, so most need no extra stat."""
    key = (st.st_dev, st.st_ino)
    if key in seen_dirs:
        if is_link:
            yield Skip(
                prefix.rstrip("/") or str(path), "symbolic link loop: this folder was already read"
            )
        return
    seen_dirs.add(key)
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Skip(prefix.rstrip("/") or str(path), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in _IGNORED_NAMES:
            continue
        source = prefix + name
        child = entry.path  # a str: building a Path per file costs more than the stat
        try:
            child_st = entry.stat()  # follows links; cached by scandir for plain entries
        except FileNotFoundError:
            yield Skip(source, "not found (or a broken symbolic link): check the path")
            continue
        except OSError as exc:
            yield Skip(source, f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(child_st.st_mode):
            yield from _walk_dir(child, source + "/", child_st, root, seen_dirs, seen_files,
                                 is_link=entry.is_symlink())  # fmt: skip
        else:
            yield from _file(child, source, child_st, seen_files)


def _file(path: str | Path, source: str, st: os.stat_result, seen_files: dict) -> Iterator:
    if not stat.S_ISREG(st.st_mode):
        yield Skip(source, "not a regular file (device, socket or pipe)")
        return
    key = (st.st_dev, st.st_ino)  # one stat, not a resolve() per path component
    if key in seen_files:
        yield Skip(
            source, f"same file as another input ({seen_files[key]}, reached through a link)"
        )
        return
    seen_files[key] = source
    yield InputFile(path, source, st.st_size, st.st_mtime_ns)


def format_of(path: str | Path, forced: str | None = None) -> str | None:
    """The reader for a file, from its extension (or `forced`); None when unsupported."""
    if forced:
        return forced
    return SUPPORTED.get(os.path.splitext(path)[1].lower())


# --- decoding -------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)  # fmt: skip


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as cp1252 (latin-1 for its five holes)."""
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="ignore") or bad.decode("latin-1"), error.end


codecs.register_error("warta-cp1252", _cp1252_fallback)


class DecodeProblem(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # set when the file needed a fallback the user should know about


def decode(data: bytes) -> Decoded:
    """Bytes to text: BOMs first, then UTF-8, then legacy single-byte (cp1252) byte by byte.

    >>> decode("Café".encode("utf-8")).encoding
    'utf-8'
    >>> decode("Café".encode("cp1252")).text, decode("Café".encode("cp1252")).encoding
    ('Café', 'cp1252')
    >>> decode("Kabar".encode("utf-16")).text
    'Kabar'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding + " (BOM)")
            except UnicodeDecodeError as exc:
                raise DecodeProblem(
                    f"has a {encoding} byte-order mark but is not valid {encoding}: {exc.reason}"
                ) from None
    if data.find(b"\x00", 0, 65536) != -1:  # as `in data[:65536]`, without the copy
        # UTF-16 without a BOM puts a NUL beside every ASCII letter; anything else with NULs is binary.
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        sample = max(1, min(len(data), 4096) // 2)
        for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if zeros / sample > 0.4:
                try:
                    return Decoded(
                        data.decode(encoding), encoding, "UTF-16 without a byte-order mark"
                    )
                except UnicodeDecodeError:
                    break
        raise DecodeProblem("binary file (contains NUL bytes), not text")
    try:
        text, encoding, note = data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="warta-cp1252")
        has_utf8 = _UTF8_MULTIBYTE.search(data) is not None
        encoding = "utf-8+cp1252" if has_utf8 else "cp1252"
        note = ("mixed encodings: UTF-8 with some cp1252 bytes" if has_utf8
                else "not UTF-8: decoded as cp1252/latin-1")  # fmt: skip
    # UTF-8 and cp1252 keep every byte below 0x80 as that character: without a control
    # byte in the data there is no control character in the text (a much faster test).
    if len(data.translate(None, _CONTROL_BYTES)) < len(data) and _looks_binary(text):
        raise DecodeProblem("binary file (mostly control characters), not text")
    return Decoded(text, encoding, note)


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample or not _CONTROL.search(sample):  # the usual case: no control character at all
        return False
    return len(_CONTROL.findall(sample)) / len(sample) > 0.05
