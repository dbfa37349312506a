"""`load_corpus`: files in, a `Corpus` of tidy frames out, every input file accounted for.

Loading has two halves. Parsing (`parse.py`) needs one file at a time, so it runs on every
core and its results are what the Parquet cache keeps. Assembly, here, needs the whole
corpus: exact duplicates, unique ids, the metadata sidecar, and event years inferred from
the corpus's newest date. It works on whole frames, so a warm re-open stays fast.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import operator
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.corpus import formats
from helpers.corpus.cache import (
    ParseCache,
    default_folder,
    release_free_memory,
    settings_key,
    system_allocator,
)
from helpers.corpus.dates import TZ, resolve
from helpers.corpus.outlets import OutletRegistry, load_registry
from helpers.corpus.parse import FileParse, parse_file, relative_from_row
from helpers.corpus.reading import InputFile, Skip, discover
from helpers.corpus.sentences import split_sentences
from helpers.corpus.sidecar import read_sidecar
from helpers.errors import LoadError
from helpers.frames import ranges, require_choice, take_rows

ARTICLE_COLUMNS = [
    "article_id", "source", "outlet", "published", "published_year", "event_date", "title",
    "dateline", "byline", "editor", "wire", "url", "language", "text", "n_words",
    "outlet_from", "published_from", "event_date_from", "event_date_evidence", "event_date_text",
]  # fmt: skip
REPORT_COLUMNS = ["source", "status", "message", "n_articles"]
SENTENCE_COLUMNS = ["article_id", "paragraph", "sentence", "text", "start", "end"]
REMOVED_COLUMNS = ["article_id", "line", "reason"]
EXTRACTED_COLUMNS = ["article_id", "field", "value", "from", "evidence"]
_PRIVATE = ["_hash", "_needs_reference", "_ev_day", "_ev_month", "_ev_year", "_ev_weekday"]
_STR_COLUMNS = ["outlet", "title", "dateline", "byline", "editor", "wire", "url", "language",
                "outlet_from", "published_from", "event_date_from", "event_date_evidence", "event_date_text"]  # fmt: skip
_PARALLEL_FROM = 300  # below this many files, starting workers costs more than it saves


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
    removed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REMOVED_COLUMNS))
    extracted: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXTRACTED_COLUMNS))

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        counts = self.report["status"].value_counts().to_dict() if len(self.report) else {}
        return f"Corpus({len(self.articles)} articles, {len(self.sentences)} sentences, files: {counts})"

    def subset(self, article_ids: Iterable[str]) -> Corpus:
        """The same corpus restricted to some articles, in corpus order (the report stays whole).

        Cheap enough for every filter change: each frame's rows are located by article once,
        then a subset is a gather of row ranges, not a string match over every sentence.

        >>> import helpers
        >>> len(helpers.load_corpus(helpers.SEEDS).subset(["004_d0a3107088f248db"]).articles)
        1
        """
        ids = article_ids if isinstance(article_ids, pd.Index) else pd.Index(list(article_ids))
        positions = self._article_index.get_indexer(ids)
        positions = np.unique(positions[positions >= 0])
        frames = {"articles": take_rows(self.articles, positions)}
        for name in ("sentences", "removed", "extracted"):
            order, starts, stops = self._row_ranges[name]
            rows = order[ranges(starts[positions], stops[positions])]
            frames[name] = take_rows(getattr(self, name), rows)
        return replace(self, **frames)

    @cached_property
    def _article_index(self) -> pd.Index:
        return pd.Index(self.articles["article_id"])

    @cached_property
    def _row_ranges(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per frame: rows sorted by article position, and each article's [start, stop) in that order."""
        out = {}
        n = len(self.articles)
        for name in ("sentences", "removed", "extracted"):
            codes = self._article_index.get_indexer(getattr(self, name)["article_id"])
            order = np.argsort(codes, kind="stable")
            ranked = codes[order]
            starts = np.searchsorted(ranked, np.arange(n), side="left")
            stops = np.searchsorted(ranked, np.arange(n), side="right")
            out[name] = (order, starts, stops)
        return out

    @classmethod
    def from_articles(cls, articles: pd.DataFrame) -> Corpus:
        """Wrap an articles frame (filtered, or built by hand) as a Corpus, splitting its sentences."""
        return cls(articles=articles, sentences=split_sentences(articles),
                   report=pd.DataFrame(columns=REPORT_COLUMNS))  # fmt: skip


def load_corpus(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    metadata: str | os.PathLike | None = None,
    errors: Literal["report", "raise"] = "report",
    fields: dict[str, str] | None = None,
    registry: str | os.PathLike | OutletRegistry | None = None,
    cache: bool | str | os.PathLike = False,
    workers: int | None = None,
) -> Corpus:
    """Load articles from a file, a folder (recursive) or a list of them.

    `metadata` names a sidecar CSV (`article_id` or `source`, plus any of outlet, url,
    published, title, language) whose values win over extraction. `fields` names the
    JSON/CSV fields by role when they differ from the defaults (`{"text": "isi"}`).
    With `errors="report"` a bad file becomes a `report` row; with `"raise"` the first
    one raises `LoadError` naming it. `cache=True` (or a folder) keeps parse results in
    Parquet so that re-opening skips unchanged files. `workers` defaults to every core
    for large corpora.

    >>> import helpers
    >>> corpus = load_corpus(helpers.SEEDS)
    >>> corpus.articles.set_index("article_id").loc["001_4d87d62ba9b3d208", "outlet"]
    'SinPo.id'
    """
    require_choice("errors", errors, ["report", "raise"])
    reg = registry if isinstance(registry, OutletRegistry) else load_registry(registry)
    fieldmap = formats.resolve_fields(fields)
    # The cache is per corpus: keyed by the paths the user named (a new file inside is just a miss).
    named = [source] if isinstance(source, str | os.PathLike) else list(source)
    store = _cache_store(cache, fieldmap, reg, sorted(os.path.abspath(p) for p in named))
    # Arrow reads and writes Parquet off the GIL: reading the cache overlaps walking the
    # folders, and writing it overlaps assembly.
    with ThreadPoolExecutor(max_workers=1) as background:
        pending = background.submit(store.read) if store is not None else None
        items = list(discover(source))
        skips = [i for i in items if isinstance(i, Skip)]
        if errors == "raise" and skips:
            raise LoadError(f"{skips[0].source}: {skips[0].reason}")
        files = [i for i in items if isinstance(i, InputFile)]
        cached = pending.result() if pending is not None else None
        tables, changed = _parse_tables(files, fieldmap, reg, workers, cached)
        release_free_memory()  # what receiving or reading the tables freed, before assembly
        saving = None
        if store is not None and changed:  # shallow copies: assembly's edits must not reach them
            saving = background.submit(
                store.write, {k: v.copy(deep=False) for k, v in tables.items()}
            )
        corpus = _assemble(tables, files, skips, metadata, reg, errors)
        if saving is not None:
            saving.result()
    release_free_memory()  # and what assembly and the cache writer freed
    return corpus


# --- parsing, with the cache ----------------------------------------------------------------


def _stat(item: InputFile) -> tuple[str, int, int]:
    return str(item.path), item.size, item.mtime_ns  # discover() made it absolute


def _cache_store(cache: bool | str | os.PathLike, fieldmap: dict, reg: OutletRegistry,
                 roots: list[str]) -> ParseCache | None:  # fmt: skip
    if not cache:
        return None
    import helpers

    key = settings_key(helpers.__version__, sorted(fieldmap.items()), reg.path, reg.version,
                       reg.path.stat().st_mtime_ns if reg.path.exists() else 0, roots)  # fmt: skip
    return ParseCache(default_folder() if cache is True else cache, key)


def _parse_tables(files: list[InputFile], fieldmap: dict, reg: OutletRegistry, workers: int | None,
                  cached: dict[str, pd.DataFrame] | None
                  ) -> tuple[dict[str, pd.DataFrame], bool]:  # fmt: skip
    """Per-file rows for every input, from the cache where the file is unchanged.

    Also says whether the cache is out of date (a file parsed now, or one gone).

    Rows are keyed by integers, `_file` (the file's position in discovery order) and `_key`
    (the article's number within its file), so that joining a million sentence rows back to
    their articles is array arithmetic, not string matching.
    """
    stats = [_stat(f) for f in files]
    n = len(files)
    todo = np.arange(n)
    try:  # an older layout with other dtypes is converted once here, then rewritten
        cached = {name: _conform(name, f) for name, f in cached.items()} if cached else None
    except (KeyError, ValueError, TypeError):
        cached = None
    if cached is not None and _unchanged(cached["files"], stats):
        todo = todo[:0]  # the usual warm open: the same files, in the same order, untouched
    elif cached is not None:
        current = pd.DataFrame(stats, columns=["path", "size", "mtime_ns"]).assign(fid=np.arange(n))
        known = cached["files"][["path", "size", "mtime_ns", "_file"]]
        merged = current.merge(known, on=["path", "size", "mtime_ns"], how="left", sort=False)
        hit = merged["_file"].notna().to_numpy()
        remap = np.full(int(known["_file"].max()) + 1 if len(known) else 1, -1, dtype=np.int64)
        remap[merged.loc[hit, "_file"].to_numpy(dtype=np.int64)] = merged.loc[hit, "fid"].to_numpy()
        todo = np.flatnonzero(~hit)
        cached = {name: _renumber(frame, remap) for name, frame in cached.items()}
    new = _parse_new(
        [files[i] for i in todo], [stats[i] for i in todo], todo, fieldmap, reg, workers
    )
    if cached is None:
        tables = new
    elif not len(todo):  # the usual warm open: nothing to add, so copy nothing
        tables = cached
    else:
        tables = {k: _concat(k, [cached[k], new[k]]) for k in new}
    for name, frame in tables.items():
        order = _composite(frame) if "_key" in frame else frame["_file"].to_numpy()
        if len(order) > 1 and not (order[1:] >= order[:-1]).all():  # the cache is stored sorted
            tables[name] = frame.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    changed = bool(len(todo)) or cached is None or len(cached["files"]) != n
    # Current names win: the same file may be reached from another root.
    sources = np.array([f.source for f in files], dtype=object)
    for name in ("files", "articles"):
        tables[name]["source"] = pd.array(sources[tables[name]["_file"].to_numpy()], dtype="str")
    return tables, changed


def _unchanged(known: pd.DataFrame, stats: list[tuple[str, int, int]]) -> bool:
    """Whether the cache lists exactly these files, numbered as now (checked without a join)."""
    if len(known) != len(stats) or not (known["_file"].to_numpy() == np.arange(len(stats))).all():
        return False
    paths, sizes, mtimes = zip(*stats, strict=True) if stats else ((), (), ())
    return (
        np.array_equal(known["size"].to_numpy(), np.asarray(sizes, dtype=np.int64))
        and np.array_equal(known["mtime_ns"].to_numpy(), np.asarray(mtimes, dtype=np.int64))
        and pc.all(
            pc.equal(pa.array(known["path"].array), pa.array(paths, pa.large_string()))
        ).as_py()
    )


def _renumber(frame: pd.DataFrame, remap: np.ndarray) -> pd.DataFrame:
    """Cached rows of unchanged files, with their file numbers of this run (others dropped)."""
    old = frame["_file"].to_numpy(dtype=np.int64)
    new = np.where(old < len(remap), remap[np.minimum(old, len(remap) - 1)], -1).astype(np.int32)
    keep = new >= 0
    if keep.all():
        frame["_file"] = new
        return frame
    return frame[keep].assign(_file=new[keep])


def _parse_new(files: list[InputFile], stats: list[tuple[str, int, int]], fids: np.ndarray,
               fieldmap: dict, reg: OutletRegistry, workers: int | None) -> dict[str, pd.DataFrame]:  # fmt: skip
    """Parse files into the five tables, on every core for a large corpus.

    Each worker parses a contiguous run of files and shapes its rows into frames itself, so
    the parent receives a few Arrow-backed frames (cheap to unpickle, cheap to concatenate:
    the string buffers are chained, not copied) instead of millions of Python tuples.
    """
    if workers is None:
        workers = (os.cpu_count() or 1) if len(files) >= _PARALLEL_FROM else 1
    if workers <= 1 or len(files) < 2:
        return _parse_chunk(files, stats, fids, fieldmap, reg)
    # Several runs per worker even out slow files; more would only add frames to join.
    bounds = np.linspace(0, len(files), min(len(files), workers * 8) + 1).astype(int)
    runs = [slice(a, b) for a, b in itertools.pairwise(bounds)]
    # The workers' frames arrive as Arrow buffers: allocate them where freeing gives memory back.
    with system_allocator(), ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_parse_chunk, [files[r] for r in runs], [stats[r] for r in runs],
                              [fids[r] for r in runs], [fieldmap] * len(runs), [reg] * len(runs)))  # fmt: skip
    return {name: _concat(name, [p[name] for p in parts]) for name in _SCHEMA}


def _parse_chunk(files: list[InputFile], stats: list[tuple[str, int, int]], fids: np.ndarray,
                 fieldmap: dict, reg: OutletRegistry) -> dict[str, pd.DataFrame]:  # fmt: skip
    # Parsing makes millions of small objects and no reference cycles worth finding, so the
    # cyclic collector would only rescan the growing result lists (3-10% of the parse time).
    collecting = gc.isenabled()
    gc.disable()
    try:  # shaping the tables too: a collection then would scan every parsed row once more
        return _tables_from_parses([parse_file(f, fieldmap, reg) for f in files], stats, fids)
    finally:
        if collecting:
            gc.enable()


# One dtype per column, whether rows were parsed now, in a worker, or read back from Parquet,
# so that joining them and assembling the Corpus never converts (converting strings copies them).
# "str" is pandas' Arrow-backed string with NaN for missing; "string" the same with pd.NA.
_KEYS = {"_file": "int32", "_key": "int32"}  # half the bytes of a million-row key, never near 2**31
_SCHEMA: dict[str, dict[str, str]] = {
    "files": {"_file": "int32", "path": "str", "size": "int64", "mtime_ns": "int64", "source": "str",
              "status": "str", "message": "str", "problems": "str"},
    "articles": {**_KEYS, **dict.fromkeys(["article_id", "source", "text", "_hash"], "str"),
                 **dict.fromkeys(_STR_COLUMNS, "string"), "n_words": "int64",
                 **dict.fromkeys(["published_year", "_ev_day", "_ev_month", "_ev_year", "_ev_weekday"], "Int64"),
                 "_needs_reference": "bool"},
    "sentences": {**_KEYS, "paragraph": "int32", "sentence": "int32", "text": "str", "start": "int64",
                  "end": "int64"},
    "removed": {**_KEYS, "line": "str", "reason": "category"},
    "extracted": {**_KEYS, "field": "category", "value": "str", "from": "category", "evidence": "str"},
}  # fmt: skip
_COLUMNS = {
    "files": list(_SCHEMA["files"]),
    "articles": ["_file", "_key", *ARTICLE_COLUMNS, *_PRIVATE],
    "sentences": ["_file", "_key", *SENTENCE_COLUMNS[1:]],
    "removed": ["_file", "_key", *REMOVED_COLUMNS[1:]],
    "extracted": ["_file", "_key", *EXTRACTED_COLUMNS[1:]],
}


def _concat(name: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of one table from several parses; categories are unified so they stay categories."""
    for column, kind in _SCHEMA[name].items():
        if kind == "category" and len(frames) > 1:
            union = sorted(set().union(*(f[column].cat.categories for f in frames)))
            frames = [f.assign(**{column: f[column].cat.set_categories(union)}) for f in frames]
    return pd.concat(frames, ignore_index=True)


def _conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (one of the five parse tables) with its columns in order and of the schema's dtypes."""
    frame = frame[_COLUMNS[name]]
    wrong = {c: t for c, t in _SCHEMA[name].items() if str(frame[c].dtype) != t}
    return frame.astype(wrong) if wrong else frame


def _tables_from_parses(parses: list[FileParse], stats: list[tuple[str, int, int]],
                        fids: np.ndarray) -> dict[str, pd.DataFrame]:  # fmt: skip
    """The five tables of some parses, built column by column in their schema's dtypes.

    Columns, not rows: a frame built from a list of tuples goes through a 2-D object array
    and converts every column twice, which cost a quarter of a worker's time.
    """
    files = [(fid, path, size, mtime, p.source, p.status, p.message, "\n".join(p.problems))
             for p, (path, size, mtime), fid in zip(parses, stats, fids.tolist(), strict=True)]  # fmt: skip
    tables = {"files": _frame("files", _transpose(_COLUMNS["files"], files))}
    for name in ("articles", "sentences", "removed", "extracted"):
        rows = list(itertools.chain.from_iterable(getattr(p, name) for p in parses))
        named = _COLUMNS[name][1:]  # the rows carry every column but `_file`
        if name == "articles":  # rows are dicts
            rows = list(map(operator.itemgetter(*named), rows))
        columns = _transpose(named, rows)
        columns["_file"] = np.repeat(fids.astype("int32"), [len(getattr(p, name)) for p in parses])
        if name == "articles":
            published = pd.to_datetime(
                pd.Series(columns.get("published", ()), dtype=object), utc=True
            )
            columns["published"] = published.dt.tz_convert(TZ).dt.as_unit("ns").array
            event = pd.to_datetime(pd.Series(columns.get("event_date", ()), dtype=object))
            columns["event_date"] = event.astype("datetime64[ns]").array
        tables[name] = _frame(name, columns)
    return tables


def _transpose(names: list[str], rows: list[tuple]) -> dict[str, tuple]:
    """Rows of tuples as named columns (none for no rows)."""
    return dict(zip(names, zip(*rows, strict=True), strict=True)) if rows else {}


def _frame(name: str, columns: dict[str, Sequence]) -> pd.DataFrame:
    """A table from its columns' values (missing columns are empty), each in the schema's dtype."""
    kinds = _SCHEMA[name]
    out = {}
    for column in _COLUMNS[name]:
        values, kind = columns.get(column, ()), kinds.get(column)
        if kind is None or not isinstance(values, list | tuple):  # already an array (the dates)
            out[column] = values
        elif kind in ("int32", "int64", "bool"):
            out[column] = np.array(values, dtype=kind)
        elif kind == "category":
            out[column] = pd.Categorical(values)
        else:
            out[column] = _strings(values, kind)
    return pd.DataFrame(out, copy=False)


def _strings(values: Sequence, kind: str) -> pd.api.extensions.ExtensionArray:
    """Python strings (or None) as a "str" or "string" column, through Arrow.

    `pa.array` encodes a list of str four times faster than `pd.array`, which checks and
    converts every element first; anything that is not a str takes the checking path.
    """
    try:
        arrow = pa.array(values, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.array(values, dtype=kind)
    return pd.array(pd.arrays.ArrowExtensionArray(arrow), dtype=kind)


# --- assembly across files ------------------------------------------------------------------


def _assemble(tables: dict[str, pd.DataFrame], files: list[InputFile], skips: list[Skip],
              metadata, reg: OutletRegistry, errors: str) -> Corpus:  # fmt: skip
    # Copy-on-write: the edits below copy only the columns they touch.
    arts = tables["articles"].copy(deep=False)
    report = tables["files"][["_file", "source", "status", "message", "problems"]].copy()
    report["problems"] = report["problems"].fillna("")
    if errors == "raise":
        bad = report[(report.status == "skipped") | (report.problems.fillna("") != "")]
        if len(bad):
            first = bad.iloc[0]
            raise LoadError(f"{first.source}: {first.message}")

    # Exact duplicates: the first copy stays, the others are reported.
    dup = arts["_hash"].duplicated(keep="first")
    if dup.any():
        first_source = arts[~dup].drop_duplicates("_hash").set_index("_hash")["source"]
        dups = arts[dup]
        if errors == "raise":
            row = dups.iloc[0]
            raise LoadError(f"{row.source}: exact duplicate of {first_source[row._hash]}")
        per_file = dups.groupby("_file", sort=False)["_hash"].agg(
            lambda h: (len(h), first_source[h.iloc[0]])
        )
        kept = arts[~dup].groupby("_file").size()
        for path, (count, of) in per_file.items():
            i = report.index[report["_file"] == path][0]
            if kept.get(path, 0) == 0:
                report.loc[i, ["status", "message"]] = ["skipped", f"exact duplicate of {of}"]
            else:
                report.loc[i, ["status", "message"]] = [
                    "warning",
                    f"{report.at[i, 'message']}; {count} exact duplicate record(s) of {of} skipped",
                ]
        arts = arts[~dup]
    counts = arts.groupby("_file").size()
    report["n_articles"] = report["_file"].map(counts).fillna(0).astype("int64")

    # Unique ids: a clash (the same stem in two folders) takes the folder path.
    clash = arts["article_id"].duplicated(keep="first")
    if clash.any():
        taken = set(arts["article_id"])
        for i in arts.index[clash]:
            candidate = Path(arts.at[i, "source"]).with_suffix("").as_posix().replace("/", "__")
            n = 2
            while candidate in taken:
                candidate, n = f"{candidate}-{n}", n + 1
            taken.add(candidate)
            arts.at[i, "article_id"] = candidate

    extracted = tables["extracted"]
    touched: set[int] = set()
    if metadata is not None:
        arts, extracted, touched, row = _apply_sidecar(arts, extracted, metadata, reg)
        report = pd.concat([report, pd.DataFrame([row])], ignore_index=True)

    arts, extracted = _resolve_event_years(arts, extracted, touched)

    # Rows find their article through one integer key, file number and record number. Both
    # sides are in (file, record) order, so a binary search finds each row's article and
    # rows come out in article order without a sort (extracted rows added above need one).
    art_keys = _composite(arts)
    by_key = None if (art_keys[1:] > art_keys[:-1]).all() else np.argsort(art_keys, kind="stable")
    if by_key is not None:  # not expected (tables are kept sorted), but then search a sorted copy
        art_keys = art_keys[by_key]
    art_ids = arts["article_id"].astype("str").array  # taken, never rebuilt from Python strings
    # Child tables are popped as they are keyed, so each one's old rows can be freed in turn.

    def keyed(name: str, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        keys = _composite(frame)
        pos = np.searchsorted(art_keys, keys)
        pos[pos == len(art_keys)] = 0
        found = art_keys[pos] == keys if len(art_keys) else np.zeros(len(keys), dtype=bool)
        if by_key is not None:
            pos = by_key[pos]
        if not found.all() or (len(pos) > 1 and (pos[1:] < pos[:-1]).any()):
            keep = np.flatnonzero(found)
            keep = keep[np.argsort(pos[keep], kind="stable")]  # article order, rows in file order
            frame, pos = frame.iloc[keep], pos[keep]
        frame = frame.assign(article_id=art_ids.take(pos))
        frame = frame[columns].reset_index(drop=True)
        # The same dtypes whether the rows were parsed now or read back from Parquet; the
        # few-valued labels (reason, field, from) as sorted categories, a tenth of the bytes.
        kinds = {c: "str" for c in columns if c not in ("paragraph", "sentence", "start", "end")}
        kinds.update({c: t for c, t in _SCHEMA[name].items() if t == "category" and c in kinds})
        frame = frame.astype(kinds)
        for c in (c for c, t in kinds.items() if t == "category"):
            frame[c] = frame[c].cat.reorder_categories(sorted(frame[c].cat.categories))
        return frame

    skip_rows = pd.DataFrame([{"source": s.source, "status": "skipped", "message": s.reason, "n_articles": 0} for s in skips],
                             columns=REPORT_COLUMNS)  # fmt: skip
    report = (
        pd.concat([skip_rows, report[REPORT_COLUMNS]], ignore_index=True)
        if len(skip_rows)
        else report[REPORT_COLUMNS]
    )
    articles = arts[ARTICLE_COLUMNS].reset_index(drop=True)
    articles["article_id"] = articles["article_id"].astype(str)
    articles["source"] = articles["source"].astype(str)
    articles["text"] = articles["text"].astype(str)
    return Corpus(
        articles=articles,
        sentences=keyed("sentences", tables.pop("sentences"), SENTENCE_COLUMNS),
        report=report.astype(
            {"source": "str", "status": "str", "message": "str", "n_articles": "int64"}
        ).reset_index(drop=True),
        removed=keyed("removed", tables.pop("removed"), REMOVED_COLUMNS),
        extracted=keyed("extracted", extracted, EXTRACTED_COLUMNS),
    )


def _composite(frame: pd.DataFrame) -> np.ndarray:
    return (frame["_file"].to_numpy(dtype=np.int64) << 32) | frame["_key"].to_numpy(dtype=np.int64)


def _apply_sidecar(arts: pd.DataFrame, extracted: pd.DataFrame, metadata, reg: OutletRegistry):
    sidecar = read_sidecar(metadata, reg)
    by_id = dict(zip(arts["article_id"], arts.index, strict=True))
    by_source = dict(zip(arts["source"], arts.index, strict=True))
    unmatched, touched, new_rows = [], set(), []
    drop = pd.Series(False, index=extracted.index)
    for key, facts in sidecar.items():
        i = by_id.get(key, by_source.get(key))
        if i is None:
            unmatched.append(key)
            continue
        file, k = arts.at[i, "_file"], arts.at[i, "_key"]
        for name, fact in facts.items():
            arts.at[i, name] = fact.value
            if name in ("outlet", "published"):
                arts.at[i, f"{name}_from"] = "metadata"
            if name == "published":
                arts.at[i, "published_year"] = fact.value.year
                touched.add(i)
            drop |= (
                (extracted["_file"] == file)
                & (extracted["_key"] == k)
                & (extracted["field"] == name)
            )
            new_rows.append((file, k, name, str(fact.value), fact.source, fact.evidence))
    extracted = pd.concat(
        [extracted[~drop], pd.DataFrame(new_rows, columns=extracted.columns)], ignore_index=True
    )
    n = len(sidecar) - len(unmatched)
    message = f"metadata for {n} article(s)" + (
        f"; rows for unknown articles: {unmatched[:10]}" if unmatched else ""
    )
    row = {"_file": -1, "source": Path(metadata).name, "status": "warning" if unmatched else "loaded",
           "message": message, "problems": "", "n_articles": 0}  # fmt: skip
    return arts, extracted, touched, row


def _resolve_event_years(arts: pd.DataFrame, extracted: pd.DataFrame, touched: set[int]):
    """Years that need the whole corpus: from the weekday, up to the newest date it knows."""
    redo = arts.index[arts["_needs_reference"] | arts.index.isin(list(touched))]
    redo = [
        i for i in redo if pd.notna(arts.at[i, "_ev_month"]) or pd.notna(arts.at[i, "_ev_weekday"])
    ]
    if not redo:
        return arts, extracted
    newest = arts["published"].max()
    reference = newest.date() if pd.notna(newest) else dt.date.today()
    rows = []
    for i in redo:
        row = arts.loc[i]
        published = row["published"] if pd.notna(row["published"]) else None
        year = int(row["published_year"]) if pd.notna(row["published_year"]) else None
        value, origin, note = resolve(relative_from_row(row.to_dict()), published=published,
                                      published_year=year, reference=reference)  # fmt: skip
        arts.at[i, "event_date"] = value if value is not None else pd.NaT
        arts.at[i, "event_date_from"] = origin
        if value is not None:
            evidence = row["event_date_evidence"] + (f" [{note}]" if note else "")
            rows.append((row["_file"], row["_key"], "event_date", str(value), origin, evidence))
    stale = (
        np.isin(_composite(extracted), _composite(arts.loc[redo]))
        & (extracted["field"] == "event_date").to_numpy()
    )
    extracted = pd.concat(
        [extracted[~stale], pd.DataFrame(rows, columns=extracted.columns)], ignore_index=True
    )
    return arts, extracted


def load_articles(source, **kwargs) -> pd.DataFrame:
    """`load_corpus(source, **kwargs).articles`: just the one-row-per-article frame."""
    return load_corpus(source, **kwargs).articles
