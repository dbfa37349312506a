"""Readers for each input format: bytes in, raw records out (one per article).

Plain text and Markdown give one record whose body is cleaned later; HTML goes through
trafilatura, a maintained extractor, for the body and the page metadata; JSON Lines, JSON
and CSV give one record per entry, with the user naming the fields when they differ from
the usual ones.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import warnings
from dataclasses import dataclass, field

from helpers.errors import InvalidValue

csv.field_size_limit(sys.maxsize)  # a 10 MB article is a long field, not an error

# field role -> names tried in order when the user does not say
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("article_id", "id", "uid", "guid"),
    "text": ("text", "body", "content", "article", "isi"),
    "title": ("title", "headline", "judul"),
    "date": ("published", "date", "published_at", "datetime", "pubdate", "tanggal", "time"),
    "outlet": ("outlet", "publisher", "source_name", "sitename", "site", "media"),
    "url": ("url", "link", "canonical_url", "permalink"),
    "language": ("language", "lang", "bahasa"),
    "author": ("author", "byline", "penulis"),
}


@dataclass
class RawRecord:
    """One article as a reader found it, before cleaning and metadata extraction."""

    body: str
    kind: str  # "text", "markdown", "html" or "record"
    record_id: str | None = None
    line: int | None = None  # line (jsonl), index (json) or row (csv) of the record
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    author: str | None = None
    meta_from: str = "metadata"  # where title/date/outlet/url came from: the record, or the page
    extra: dict = field(default_factory=dict)


class RecordProblem(ValueError):
    """One entry of a multi-record file is unusable; the message names it."""


def resolve_fields(fields: dict[str, str] | None) -> dict[str, tuple[str, ...]]:
    """Merge the user's field names over the defaults, rejecting unknown roles.

    >>> resolve_fields({"text": "isi_berita"})["text"]
    ('isi_berita',)
    >>> resolve_fields({"body": "x"})
    Traceback (most recent call last):
    ...
    helpers.errors.InvalidValue: fields: unknown role 'body'; valid roles are ['id', 'text', 'title', 'date', 'outlet', 'url', 'language', 'author']
    """
    merged = dict(DEFAULT_FIELDS)
    for role, name in (fields or {}).items():
        if role not in DEFAULT_FIELDS:
            raise InvalidValue(
                f"fields: unknown role {role!r}; valid roles are {list(DEFAULT_FIELDS)}"
            )
        merged[role] = (name,) if isinstance(name, str) else tuple(name)
    return merged


def read_text(text: str, kind: str) -> list[RawRecord]:
    return [RawRecord(body=text, kind=kind)]


def read_html(text: str) -> list[RawRecord]:
    """Article body and page metadata (title, date, site, canonical URL) via trafilatura."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(
                text, with_metadata=True, include_comments=False, include_tables=False,
                date_extraction_params={"original_date": True, "extensive_search": False,
                                        "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
            )  # fmt: skip
        except Exception as exc:  # lxml raises many kinds on hostile markup
            raise RecordProblem(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = (meta.get("text") or "").strip()
    if not body:
        raise RecordProblem("HTML page without article text (trafilatura found no main content)")
    return [RawRecord(
        body=body, kind="html", title=meta.get("title"), date=meta.get("date"),
        outlet=meta.get("sitename"), url=meta.get("url"), language=meta.get("language"),
        author=meta.get("author"), meta_from="text",
    )]  # fmt: skip


def _pick(record: dict, names: tuple[str, ...]) -> object:
    for name in names:
        if name in record and record[name] not in (None, ""):
            return record[name]
    return None


def _record(entry: object, fields: dict[str, tuple[str, ...]], line: int, where: str) -> RawRecord:
    if not isinstance(entry, dict):
        raise RecordProblem(
            f"{where} {line}: expected an object with a text field, got {type(entry).__name__}"
        )
    text = _pick(entry, fields["text"])
    if not isinstance(text, str) or not text.strip():
        raise RecordProblem(
            f"{where} {line}: no text; looked for field(s) {list(fields['text'])}, record has {sorted(entry)[:12]}."
            " Name the text field with fields={'text': ...}"
        )

    def value(role: str) -> str | None:
        v = _pick(entry, fields[role])
        return None if v is None else str(v)

    known = {n for names in fields.values() for n in names}
    return RawRecord(
        body=text, kind="record", record_id=value("id"), line=line, title=value("title"),
        date=value("date"), outlet=value("outlet"), url=value("url"), language=value("language"),
        author=value("author"), extra={k: v for k, v in entry.items() if k not in known},
    )  # fmt: skip


def read_jsonl(text: str, fields: dict[str, tuple[str, ...]]) -> tuple[list[RawRecord], list[str]]:
    records, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            records.append(_record(entry, fields, number, "line"))
        except RecordProblem as exc:
            problems.append(str(exc))
    return records, problems


def read_json(text: str, fields: dict[str, tuple[str, ...]]) -> tuple[list[RawRecord], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordProblem(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise RecordProblem("JSON nested too deeply to read") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    entries = data if isinstance(data, list) else [data]
    records, problems = [], []
    for index, entry in enumerate(entries, start=1):
        try:
            records.append(_record(entry, fields, index, "record"))
        except RecordProblem as exc:
            problems.append(str(exc))
    return records, problems


def read_csv(text: str, fields: dict[str, tuple[str, ...]]) -> tuple[list[RawRecord], list[str]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        raise RecordProblem("CSV without a header row")
    records, problems = [], []
    try:
        for entry in reader:
            row = reader.line_num
            if None in entry:
                problems.append(f"row at line {row}: more cells than header columns")
                continue
            try:
                records.append(_record(entry, fields, row, "row at line"))
            except RecordProblem as exc:
                problems.append(str(exc))
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: malformed CSV ({exc})")
    return records, problems
