"""`load_corpus`: files in, a `Corpus` of tidy frames out, every input file accounted for."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import pandas as pd

from helpers.corpus import formats
from helpers.corpus.clean import clean
from helpers.corpus.dates import TZ, RelativeDate, find_timestamps, resolve
from helpers.corpus.extract import Extraction, Fact, extract
from helpers.corpus.language import detect_language
from helpers.corpus.outlets import OutletRegistry, load_registry
from helpers.corpus.reading import DecodeProblem, InputFile, Skip, decode, discover, format_of
from helpers.corpus.sentences import split_sentences
from helpers.errors import ConfigError, LoadError
from helpers.frames import require_choice
from helpers.lang import DEFAULT, LANGUAGES, get
from helpers.text import count_words, nfc

ARTICLE_COLUMNS = [
    "article_id", "source", "outlet", "published", "published_year", "event_date", "title",
    "dateline", "byline", "editor", "wire", "url", "language", "text", "n_words",
    "outlet_from", "published_from", "event_date_from", "event_date_evidence", "event_date_text",
]  # fmt: skip
REPORT_COLUMNS = ["source", "status", "message", "n_articles"]
SIDECAR_FIELDS = ("outlet", "url", "published", "title", "language")
_STR_COLUMNS = ["outlet", "title", "dateline", "byline", "editor", "wire", "url", "language",
                "outlet_from", "published_from", "event_date_from", "event_date_evidence", "event_date_text"]  # fmt: skip


@dataclass(frozen=True)
class Corpus:
    """A loaded corpus: one frame per level, all keyed by `article_id`.

    - `articles`: one row per article (see DESIGN.md for the columns).
    - `sentences`: one row per sentence, with offsets into `articles.text`.
    - `report`: one row per input file: `source`, `status`, `message`, `n_articles`.
    - `removed`: every line cleaning took out of `text`, with the reason.
    - `extracted`: every metadata value with where it came from and the evidence.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    report: pd.DataFrame
    removed: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["article_id", "line", "reason"])
    )
    extracted: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["article_id", "field", "value", "from", "evidence"]
        )
    )

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        counts = self.report["status"].value_counts().to_dict() if len(self.report) else {}
        return f"Corpus({len(self.articles)} articles, {len(self.sentences)} sentences, files: {counts})"

    def subset(self, article_ids: Iterable[str]) -> Corpus:
        """The same corpus restricted to some articles (the report stays whole).

        >>> import helpers
        >>> len(helpers.load_corpus(helpers.SEEDS).subset(["004_d0a3107088f248db"]).sentences) > 0
        True
        """
        ids = pd.Index(article_ids)
        keep = lambda frame: frame[frame["article_id"].isin(ids)]  # noqa: E731
        return replace(self, articles=keep(self.articles), sentences=keep(self.sentences),
                       removed=keep(self.removed), extracted=keep(self.extracted))  # fmt: skip

    @classmethod
    def from_articles(cls, articles: pd.DataFrame) -> Corpus:
        """Wrap an articles frame (e.g. filtered, or built by hand) as a Corpus with sentences."""
        return cls(articles=articles, sentences=split_sentences(articles),
                   report=pd.DataFrame(columns=REPORT_COLUMNS))  # fmt: skip


@dataclass
class _Draft:
    """One article between reading and the final frame."""

    source: str
    base_id: str
    text: str
    language: str | None
    ext: Extraction
    credits: dict[str, str]
    removed: list[tuple[str, str]]
    record_language: str | None = None
    sidecar: dict[str, Fact] = field(default_factory=dict)
    article_id: str = ""


@dataclass
class _FileResult:
    source: str
    drafts: list[_Draft]
    status: str
    message: str


def _parse_file(item: InputFile, fields: dict, registry: OutletRegistry) -> _FileResult:
    """Read one file into drafts; never raises for bad input (the problem goes in the message)."""
    kind = format_of(item.path)
    if kind is None:
        valid = ", ".join(sorted({".txt", ".md", ".html", ".jsonl", ".json", ".csv"}))
        return _FileResult(
            item.source,
            [],
            "skipped",
            f"unsupported format {item.path.suffix or '(no extension)'!r}; supported: {valid}",
        )
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        return _FileResult(item.source, [], "skipped", f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return _FileResult(
            item.source, [], "skipped", "empty file" if not data else "whitespace-only file"
        )
    try:
        decoded = decode(data)
    except DecodeProblem as exc:
        return _FileResult(item.source, [], "skipped", f"unreadable encoding: {exc}")
    text = nfc(decoded.text)
    notes = [decoded.note] if decoded.note else []
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
        return _FileResult(item.source, [], "skipped", str(exc))
    except RecursionError:
        return _FileResult(item.source, [], "skipped", "structure nested too deeply to read")
    stem = Path(item.source).with_suffix("").as_posix().replace("/", "__")
    stem = Path(item.source).stem if "/" not in item.source else stem
    drafts = []
    for number, record in enumerate(records):
        if kind in ("jsonl", "json", "csv"):
            base_id = (
                str(record.record_id).strip()
                if record.record_id
                else f"{Path(item.source).stem}-{record.line}"
            )
        else:
            base_id = Path(item.source).stem
        drafts.append(_draft(item.source, base_id, record, registry))
        del number
    empty = [d for d in drafts if not d.text.strip()]
    drafts = [d for d in drafts if d.text.strip()]
    problems += [f"{d.base_id}: nothing left after removing boilerplate" for d in empty]
    if not drafts:
        reason = "; ".join(problems) if problems else "no article text"
        return _FileResult(item.source, [], "skipped", reason)
    status = "warning" if problems or notes else "loaded"
    message = "; ".join([*notes, *problems]) or (
        f"{len(drafts)} articles" if len(drafts) > 1 else "ok"
    )
    if problems and len(records) > 1:
        message = f"{len(drafts)} of {len(drafts) + len(problems)} records loaded; " + message
    return _FileResult(item.source, drafts, status, message)


def _draft(
    source: str, base_id: str, record: formats.RawRecord, registry: OutletRegistry
) -> _Draft:
    body = nfc(record.body)
    code = (record.language or "").strip().lower()[:2] or None
    detected = detect_language(body)
    language = get(code if code in LANGUAGES else (detected or DEFAULT))
    cleaned = clean(body, language, markdown=record.kind == "markdown")
    ext = extract(
        cleaned, registry=registry, language=language, record_title=record.title,
        record_date=record.date, record_outlet=record.outlet, record_url=record.url,
        meta_from=record.meta_from,
    )  # fmt: skip
    if record.url is None and cleaned.front_matter.get("url"):
        record.url = cleaned.front_matter["url"]
    if ext.title and cleaned.paragraphs and cleaned.paragraphs[0].strip() == ext.title.value:
        cleaned.removed.append((cleaned.paragraphs.pop(0), "title repeated in the body"))
    credits = dict(cleaned.credits)
    if record.author and "byline" not in credits:
        credits["byline"] = record.author
    ext.facts["url"] = Fact(record.url, record.meta_from, "url field") if record.url else None
    text = cleaned.text
    lang_code = code if code in LANGUAGES else detect_language(text) or detected
    return _Draft(
        source, base_id, text, lang_code, ext, credits, cleaned.removed, record_language=code
    )


# --- the corpus-level steps ---------------------------------------------------------------


def _read_sidecar(path: str | os.PathLike, registry: OutletRegistry) -> dict[str, dict[str, Fact]]:
    """Sidecar CSV rows keyed by `article_id` or `source`: values there win over extraction."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: metadata sidecar not found") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ConfigError(f"{path}: not a readable CSV ({exc})") from None
    keys = [k for k in ("article_id", "source") if k in frame.columns]
    if not keys:
        raise ConfigError(
            f"{path}: needs an 'article_id' or 'source' column; it has {list(frame.columns)}"
        )
    unknown = set(frame.columns) - {"article_id", "source", *SIDECAR_FIELDS}
    if unknown:
        raise ConfigError(f"{path}: unknown column(s) {sorted(unknown)}; valid are "
                          f"{['article_id', 'source', *SIDECAR_FIELDS]}")  # fmt: skip
    out: dict[str, dict[str, Fact]] = {}
    for row_number, row in enumerate(frame.to_dict("records"), start=2):
        key = (row.get("article_id") or row.get("source") or "").strip()
        if not key:
            raise ConfigError(
                f"{path}, line {row_number}: empty {' and '.join(keys)}; every row names its article"
            )
        facts: dict[str, Fact] = {}
        evidence = f"{path.name} line {row_number}"
        for column in SIDECAR_FIELDS:
            value = (row.get(column) or "").strip()
            if not value:
                continue
            if column == "published":
                stamps = find_timestamps(value, get("id")) or find_timestamps(value, get("en"))
                if not stamps:
                    raise ConfigError(f"{path}, line {row_number}: published={value!r} is not a date; "
                                      "use e.g. 2025-01-22 or 2025-01-22T02:08:00+07:00")  # fmt: skip
                facts["published"] = Fact(stamps[0].value, "metadata", evidence)
            elif column == "outlet":
                facts["outlet"] = Fact(registry.canonical(value) or value, "metadata", evidence)
            elif column == "language":
                if value not in LANGUAGES:
                    raise ConfigError(
                        f"{path}, line {row_number}: language={value!r}; expected one of {list(LANGUAGES)}"
                    )
                facts["language"] = Fact(value, "metadata", evidence)
            else:
                facts[column] = Fact(value, "metadata", evidence)
        if "url" in facts and "outlet" not in facts:
            outlet = registry.for_url(facts["url"].value)
            from helpers.corpus.outlets import split_url

            name = outlet.name if outlet else split_url(facts["url"].value)[0]
            if name:
                facts["outlet"] = Fact(name, "metadata", f"{evidence} (url)")
        out[key] = facts
    return out


def _unique_ids(drafts: list[_Draft]) -> list[str]:
    """`article_id` is the file stem; a clash (same stem in two folders) gets the folder path."""
    seen: dict[str, int] = {}
    ids = []
    for d in drafts:
        base = d.base_id
        if base in seen:
            seen[base] += 1
            candidate = Path(d.source).with_suffix("").as_posix().replace("/", "__")
            base = candidate if candidate not in seen else f"{base}-{seen[base]}"
        seen.setdefault(base, 0)
        ids.append(base)
    return ids


def _reference_date(drafts: list[_Draft]) -> dt.date:
    """The newest publication date in the corpus (today when none is known): the year window's end."""
    dates = [d.sidecar.get("published", d.ext.published) for d in drafts]
    dates = [f.value.date() for f in dates if f is not None]
    return max(dates) if dates else dt.date.today()


def load_corpus(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    metadata: str | os.PathLike | None = None,
    errors: Literal["report", "raise"] = "report",
    fields: dict[str, str] | None = None,
    registry: str | os.PathLike | OutletRegistry | None = None,
    workers: int | None = None,
) -> Corpus:
    """Load articles from a file, a folder (recursive) or a list of them.

    `metadata` names a sidecar CSV (`article_id` or `source`, plus any of outlet, url,
    published, title, language) whose values win over extraction. `fields` names the
    JSON/CSV fields by role when they differ from the defaults (`{"text": "isi"}`).
    With `errors="report"` a bad file becomes a `report` row; with `"raise"` the first
    one raises `LoadError` naming it.

    >>> corpus = load_corpus(SEEDS_FOR_DOCTEST)
    >>> corpus.articles.set_index("article_id").loc["001_4d87d62ba9b3d208", "outlet"]
    'SinPo.id'
    """
    require_choice("errors", errors, ["report", "raise"])
    reg = registry if isinstance(registry, OutletRegistry) else load_registry(registry)
    fieldmap = formats.resolve_fields(fields)
    items = list(discover(source))
    files = [i for i in items if isinstance(i, InputFile)]
    results: list[_FileResult] = [
        _FileResult(i.source, [], "skipped", i.reason) for i in items if isinstance(i, Skip)
    ]
    if errors == "raise" and results:
        raise LoadError(f"{results[0].source}: {results[0].message}")
    results += _parse_all(files, fieldmap, reg, workers)
    if errors == "raise":
        bad = next(
            (
                r
                for r in results
                if r.status == "skipped" or (r.status == "warning" and "record" in r.message)
            ),
            None,
        )
        if bad:
            raise LoadError(f"{bad.source}: {bad.message}")
    return _assemble(results, metadata, reg, errors)


def _parse_all(
    files: list[InputFile], fieldmap: dict, reg: OutletRegistry, workers: int | None
) -> list[_FileResult]:
    workers = workers if workers is not None else (os.cpu_count() or 1 if len(files) >= 400 else 1)
    if workers <= 1 or len(files) < 2:
        return [_parse_file(f, fieldmap, reg) for f in files]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(files) // (workers * 8))
        return list(
            pool.map(
                _parse_file, files, [fieldmap] * len(files), [reg] * len(files), chunksize=chunk
            )
        )


def _assemble(results: list[_FileResult], metadata, reg: OutletRegistry, errors: str) -> Corpus:
    report_rows: list[dict] = []
    drafts: list[_Draft] = []
    seen_text: dict[str, str] = {}
    for result in results:
        kept = []
        duplicates = []
        for d in result.drafts:
            digest = hashlib.sha256(d.text.encode("utf-8")).hexdigest()
            if digest in seen_text:
                duplicates.append(seen_text[digest])
                continue
            seen_text[digest] = d.source if len(result.drafts) == 1 else f"{d.source} ({d.base_id})"
            kept.append(d)
        status, message = result.status, result.message
        if duplicates and not kept:
            status, message = "skipped", f"exact duplicate of {duplicates[0]}"
        elif duplicates:
            status, message = (
                "warning",
                f"{message}; {len(duplicates)} exact duplicate record(s) of {duplicates[0]} skipped",
            )
        if errors == "raise" and duplicates:
            raise LoadError(f"{result.source}: {message}")
        drafts.extend(kept)
        report_rows.append(
            {"source": result.source, "status": status, "message": message, "n_articles": len(kept)}
        )

    for d, article_id in zip(drafts, _unique_ids(drafts), strict=True):
        d.article_id = article_id
    if metadata is not None:
        sidecar = _read_sidecar(metadata, reg)
        by_id = {d.article_id: d for d in drafts}
        by_source = {d.source: d for d in drafts}
        unmatched = []
        for key, facts in sidecar.items():
            draft = by_id.get(key) or by_source.get(key)
            if draft is None:
                unmatched.append(key)
            else:
                draft.sidecar = facts
        n = len(sidecar) - len(unmatched)
        msg = f"metadata for {n} article(s)" + (
            f"; rows for unknown articles: {unmatched[:10]}" if unmatched else ""
        )
        report_rows.append({"source": Path(metadata).name, "status": "warning" if unmatched else "loaded",
                            "message": msg, "n_articles": 0})  # fmt: skip

    reference = _reference_date(drafts)
    rows, removed, extracted = [], [], []
    for d in drafts:
        row, facts = _row(d, reference)
        rows.append(row)
        removed.extend(
            {"article_id": d.article_id, "line": line, "reason": why} for line, why in d.removed
        )
        extracted.extend({"article_id": d.article_id, "field": name, "value": None if f is None else str(f.value),
                          "from": None if f is None else f.source, "evidence": None if f is None else f.evidence}
                         for name, f in facts.items() if f is not None)  # fmt: skip
    articles = _articles_frame(rows)
    return Corpus(
        articles=articles,
        sentences=split_sentences(articles),
        report=pd.DataFrame(report_rows, columns=REPORT_COLUMNS).astype({"n_articles": "int64"}),
        removed=pd.DataFrame(removed, columns=["article_id", "line", "reason"]),
        extracted=pd.DataFrame(
            extracted, columns=["article_id", "field", "value", "from", "evidence"]
        ),
    )


def _row(d: _Draft, reference: dt.date) -> tuple[dict, dict[str, Fact | None]]:
    ext, side = d.ext, d.sidecar
    pick = lambda name, own: side.get(name) or own  # noqa: E731  (the sidecar wins)
    outlet = pick("outlet", ext.outlet)
    published = pick("published", ext.published)
    year = (
        Fact(published.value.year, published.source, published.evidence)
        if published
        else ext.published_year
    )
    title = pick("title", ext.title)
    url = pick("url", ext.facts.get("url"))
    language = side.get("language") or (Fact(d.language, "metadata" if d.record_language else "inferred",
                                              "language field" if d.record_language else "function words")
                                         if d.language else None)  # fmt: skip
    event = event_fact = None
    note = ""
    if ext.event is not None:
        rel, sentence = ext.event
        event, origin, note = resolve(rel, published=published.value if published else None,
                                      published_year=year.value if year else None, reference=reference)  # fmt: skip
        if event is not None:
            event_fact = Fact(event, origin, sentence + (f" [{note}]" if note else ""))
    wire = ext.wire
    byline = d.credits.get("byline")
    facts = {
        "title": title, "outlet": outlet, "wire": wire, "published": published,
        "published_year": year if not published else None, "event_date": event_fact,
        "dateline": Fact(ext.dateline.text, "text", "first paragraph") if ext.dateline else None,
        "byline": Fact(byline, "text", "credit line") if byline else None,
        "editor": Fact(d.credits["editor"], "text", "credit line") if d.credits.get("editor") else None,
        "language": language, "url": url,
    }  # fmt: skip
    row = {
        "article_id": d.article_id, "source": d.source,
        "outlet": outlet.value if outlet else None,
        "published": published.value if published else pd.NaT,
        "published_year": year.value if year else None,
        "event_date": event if event is not None else pd.NaT,
        "title": title.value if title else None,
        "dateline": ext.dateline.text if ext.dateline else None,
        "byline": byline, "editor": d.credits.get("editor"),
        "wire": wire.value if wire else None, "url": url.value if url else None,
        "language": language.value if language else None,
        "text": d.text, "n_words": count_words(d.text),
        "outlet_from": outlet.source if outlet else None,
        "published_from": published.source if published else None,
        "event_date_from": event_fact.source if event_fact else None,
        "event_date_evidence": ext.event[1] if ext.event else None,
        "event_date_text": ext.event[0].text if ext.event else None,
    }  # fmt: skip
    return row, facts


def _articles_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    frame["published"] = (
        pd.to_datetime(frame["published"], utc=True).dt.tz_convert(TZ).dt.as_unit("ns")
    )
    frame["event_date"] = pd.to_datetime(frame["event_date"]).astype("datetime64[ns]")
    frame["published_year"] = frame["published_year"].astype("Int64")
    frame["n_words"] = frame["n_words"].astype("int64")
    for column in _STR_COLUMNS:
        frame[column] = frame[column].astype("string")
    frame["article_id"] = frame["article_id"].astype(str)
    frame["source"] = frame["source"].astype(str)
    frame["text"] = frame["text"].astype(str)
    return frame.reset_index(drop=True)


def load_articles(source, **kwargs) -> pd.DataFrame:
    """`load_corpus(source, **kwargs).articles`: just the one-row-per-article frame."""
    return load_corpus(source, **kwargs).articles


SEEDS_FOR_DOCTEST = Path(__file__).resolve().parents[2] / "seeds"
RelativeDate = RelativeDate  # re-exported for type hints in callers
