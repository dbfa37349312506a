"""One input file to flat rows: the part of loading that needs no other file.

`parse_file` runs in worker processes (it is pure and its inputs pickle), and its output is
what the Parquet cache stores per file, so a warm re-open skips all of it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from helpers.corpus import formats
from helpers.corpus.clean import clean
from helpers.corpus.dates import RelativeDate, resolve
from helpers.corpus.extract import Fact, extract
from helpers.corpus.language import detect_language
from helpers.corpus.outlets import OutletRegistry
from helpers.corpus.reading import DecodeProblem, InputFile, decode, format_of
from helpers.corpus.sentences import sentence_rows
from helpers.lang import DEFAULT, LANGUAGES
from helpers.text import count_words, nfc

SUPPORTED_LIST = ".csv, .html, .json, .jsonl, .md, .txt"


@dataclass
class FileParse:
    """Everything one file yields. Rows carry `_key` (file-local article number) until assembly."""

    source: str
    status: str
    message: str
    articles: list[dict] = field(default_factory=list)
    sentences: list[tuple] = field(
        default_factory=list
    )  # (_key, paragraph, sentence, text, start, end)
    removed: list[tuple] = field(default_factory=list)  # (_key, line, reason)
    extracted: list[tuple] = field(default_factory=list)  # (_key, field, value, from, evidence)
    problems: list[str] = field(
        default_factory=list
    )  # record-level problems (errors="raise" uses them)


def skipped(source: str, message: str) -> FileParse:
    return FileParse(source, "skipped", message)


def parse_file(item: InputFile, fields: dict, registry: OutletRegistry) -> FileParse:
    """Read one file; never raises for bad input (the problem goes in the message)."""
    kind = format_of(item.path)
    if kind is None:
        suffix = Path(item.path).suffix or "(no extension)"
        return skipped(item.source, f"unsupported format {suffix!r}; supported: {SUPPORTED_LIST}")
    try:
        # Not Path.read_bytes: building a Path costs more than reading a small file.
        with open(item.path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return skipped(item.source, f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return skipped(item.source, "empty file" if not data else "whitespace-only file")
    try:
        decoded = decode(data)
    except DecodeProblem as exc:
        return skipped(item.source, f"unreadable encoding: {exc}")
    text = nfc(decoded.text)
    try:
        if kind in ("text", "markdown"):
            records, problems = formats.read_text(text, kind), []
        elif kind == "html":
            records, problems = formats.read_html(text), []
        elif kind == "jsonl":
            records, problems = formats.read_jsonl(text, fields)
        elif kind == "json":
            records, problems = formats.read_json(text, fields)
        else:
            records, problems = formats.read_csv(text, fields)
    except formats.RecordProblem as exc:
        return skipped(item.source, str(exc))
    except RecursionError:
        return skipped(item.source, "structure nested too deeply to read")

    out = FileParse(item.source, "loaded", "")
    multi = kind in ("jsonl", "json", "csv")
    stem = _stem(item.source)
    for key, record in enumerate(records):
        if multi:
            base_id = str(record.record_id).strip() if record.record_id else f"{stem}-{record.line}"
        else:
            base_id = stem
        article = _article(out, key, base_id, item.source, record, registry)
        if article is None:
            problems.append(f"{base_id}: nothing left after removing boilerplate")
        else:
            out.articles.append(article)
    out.problems = problems
    notes = [decoded.note] if decoded.note else []
    if not out.articles:
        out.status, out.message = "skipped", "; ".join(problems) or "no article text"
        out.sentences, out.removed, out.extracted = [], [], []
        return out
    n = len(out.articles)
    message = "; ".join([*notes, *problems])
    if problems and len(records) > 1:
        message = f"{n} of {n + len(problems)} records loaded; {message}"
    out.status = "warning" if message else "loaded"
    out.message = message or (f"{n} articles" if n > 1 else "ok")
    return out


def _stem(source: str) -> str:
    """`Path(source).stem`, without building a Path for the usual `folder/name.txt`."""
    name = source.rpartition("/")[2]
    if os.sep != "/" or os.altsep or name in ("", ".", ".."):
        return Path(source).stem
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _article(out: FileParse, key: int, base_id: str, source: str, record: formats.RawRecord,
             registry: OutletRegistry) -> dict | None:  # fmt: skip
    body = nfc(record.body)
    code = (record.language or "").strip().lower()[:2] or None
    declared = code if code in LANGUAGES else None
    detected = None if declared else detect_language(body)  # a declared language wins anyway
    language = LANGUAGES[declared or detected or DEFAULT]
    cleaned = clean(body, language, markdown=record.kind == "markdown")
    url = record.url or cleaned.front_matter.get("url")
    ext = extract(
        cleaned, registry=registry, language=language, record_title=record.title,
        record_date=record.date, record_outlet=record.outlet, record_url=url,
        meta_from=record.meta_from,
    )  # fmt: skip
    if ext.title and cleaned.paragraphs and cleaned.paragraphs[0].strip() == ext.title.value:
        cleaned.removed.append((cleaned.paragraphs.pop(0), "title repeated in the body"))
    text = cleaned.text
    for line, reason in cleaned.removed:
        out.removed.append((key, line, reason))
    if not text.strip():
        return None
    credits = dict(cleaned.credits)
    if record.author and "byline" not in credits:
        credits["byline"] = record.author
    lang_code = declared or detected or detect_language(text)
    lang_fact = None
    if lang_code:
        lang_fact = (
            Fact(lang_code, "metadata", "language field")
            if declared
            else Fact(lang_code, "inferred", "function words")
        )
    url_fact = (
        Fact(
            url,
            record.meta_from if record.url else "metadata",
            "url field" if record.url else "front matter",
        )
        if url
        else None
    )
    published, year = ext.published, ext.published_year
    rel, sentence = ext.event if ext.event else (None, None)
    event = event_from = None
    sentence_note = sentence
    needs_reference = False
    if rel is not None:
        if (
            rel.year is None
            and rel.day is not None
            and published is None
            and year is None
            and rel.weekday is not None
        ):
            needs_reference = True  # the year comes from the weekday and the corpus's newest date
        else:
            event, event_from, note = resolve(rel, published=published.value if published else None,
                                              published_year=year.value if year else None)  # fmt: skip
            if event is not None and note:
                sentence_note = f"{sentence} [{note}]"
    byline = credits.get("byline")
    facts = {
        "title": ext.title, "outlet": ext.outlet, "wire": ext.wire, "published": published,
        "published_year": year if not published else None,
        "event_date": Fact(event, event_from, sentence_note) if event is not None else None,
        "dateline": Fact(ext.dateline.text, "text", "first paragraph") if ext.dateline else None,
        "byline": Fact(byline, "text", "credit line") if byline else None,
        "editor": Fact(credits["editor"], "text", "credit line") if credits.get("editor") else None,
        "language": lang_fact, "url": url_fact,
    }  # fmt: skip
    for name, fact in facts.items():
        if fact is not None:
            out.extracted.append((key, name, str(fact.value), fact.source, fact.evidence))
    out.sentences.extend(sentence_rows(key, text))
    return {
        "_key": key, "article_id": base_id, "source": source,
        "outlet": ext.outlet.value if ext.outlet else None,
        "published": published.value if published else None,
        "published_year": year.value if year else None,
        "event_date": event, "title": ext.title.value if ext.title else None,
        "dateline": ext.dateline.text if ext.dateline else None,
        "byline": byline, "editor": credits.get("editor"),
        "wire": ext.wire.value if ext.wire else None, "url": url,
        "language": lang_code, "text": text, "n_words": count_words(text),
        "outlet_from": ext.outlet.source if ext.outlet else None,
        "published_from": published.source if published else None,
        "event_date_from": event_from,
        "event_date_evidence": sentence, "event_date_text": rel.text if rel else None,
        # What assembly needs to finish the job across files.
        "_hash": hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest(),
        "_needs_reference": needs_reference,
        "_ev_day": rel.day if rel else None, "_ev_month": rel.month if rel else None,
        "_ev_year": rel.year if rel else None, "_ev_weekday": rel.weekday if rel else None,
    }  # fmt: skip


def relative_from_row(row: dict) -> RelativeDate:
    """Rebuild the stated date of an article row (for year resolution at assembly)."""

    def num(value):
        return None if value is None or value != value else int(value)  # NaN-safe

    return RelativeDate(num(row["_ev_day"]), num(row["_ev_month"]), num(row["_ev_year"]),
                        num(row["_ev_weekday"]), row.get("event_date_text") or "", (0, 0))  # fmt: skip
