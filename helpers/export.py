"""Export what the analyst sees: the figure, the data behind it, and where it came from.

`export_figure` writes PNG/SVG (kaleido with a system Chromium), interactive HTML with
plotly.js embedded (opens offline), a CSV of the data that a spreadsheet cannot execute
(OWASP CSV-injection rule), and a JSON sidecar with the provenance. File names are derived
from the figure name and the filter state and can never leave `out_dir`. Use
`export_session()` around a batch so that one Chromium serves all static exports.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.errors import InvalidValue, WartaError
from helpers.frames import require_columns, require_subset
from helpers.text import fold

FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "html")
STATIC: frozenset[str] = frozenset({"png", "svg", "pdf"})
MAX_SLUG = 60
# OWASP CSV injection: a cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ChromiumMissing(WartaError, RuntimeError):
    """Static export (PNG/SVG/PDF) needs a Chromium and none was found."""


# ---- provenance --------------------------------------------------------------------------
def corpus_fingerprint(articles: pd.DataFrame) -> str:
    """A hash of the article ids and texts: equal fingerprints mean the same corpus.

    Row order and other columns do not matter.

    >>> a = pd.DataFrame({"article_id": ["b", "a"], "text": ["two", "one"]})
    >>> corpus_fingerprint(a) == corpus_fingerprint(a.iloc[::-1])
    True
    >>> corpus_fingerprint(a).startswith("sha256:")
    True
    """
    require_columns(articles, "article_id", "text", what="articles")
    digest = hashlib.sha256()
    pairs = sorted(
        (str(i), "" if t is None or pd.isna(t) else str(t))
        for i, t in zip(articles["article_id"], articles["text"], strict=True)
    )
    for article_id, text in pairs:
        a, t = article_id.encode("utf-8"), text.encode("utf-8")
        digest.update(f"{len(a)}:{len(t)}:".encode())  # lengths keep the pairs unambiguous
        digest.update(a)
        digest.update(t)
    return f"sha256:{digest.hexdigest()}"


def jsonable(value: Any) -> Any:
    """Turn filter values (tuples, Timestamps, numpy scalars) into plain JSON types.

    >>> jsonable({"outlets": ("ANTARA",), "date_range": (pd.Timestamp("2025-01-21"), None)})
    {'outlets': ['ANTARA'], 'date_range': ['2025-01-21T00:00:00', None]}
    """
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [jsonable(v) for v in items]
    if isinstance(value, pd.Timestamp | dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    return str(value)


def build_provenance(
    articles: pd.DataFrame,
    *,
    filters: Mapping[str, Any] | None = None,
    controls: Mapping[str, Any] | None = None,
    lexicon_version: str | None = None,
    corpus: pd.DataFrame | None = None,
    corpus_articles: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The provenance record of an export: filters, fingerprints, counts per outlet.

    `articles` are the articles the figure shows (after filtering); `corpus`, if given, is
    the whole frame they were filtered from (its fingerprint identifies the corpus).
    """
    counts = articles["outlet"].fillna("(unknown outlet)").value_counts() if len(articles) else {}
    record: dict[str, Any] = {
        "filters": jsonable(dict(filters or {})),
        "controls": jsonable(dict(controls or {})),
        "articles": len(articles),
        "articles_per_outlet": {str(k): int(v) for k, v in sorted(dict(counts).items())},
        "selection_fingerprint": corpus_fingerprint(articles),
        "lexicon_version": lexicon_version,
    }
    if corpus is not None:
        record["corpus_fingerprint"] = corpus_fingerprint(corpus)
        record["corpus_articles"] = len(corpus)
    elif corpus_articles is not None:
        record["corpus_articles"] = int(corpus_articles)
    record.update(jsonable(extra))
    return record


# ---- safe names --------------------------------------------------------------------------
def safe_stem(name: str, filters: Mapping[str, Any] | None = None) -> str:
    """A file stem from a figure name and the filter state: `[a-z0-9-_]`, capped, never empty.

    >>> safe_stem("Articles / Outlet", {"outlets": ["ANTARA"]})[:16]
    'articles-outlet-'
    >>> safe_stem("../../etc/passwd").startswith("etc-passwd-")
    True
    """
    text = fold(unicodedata.normalize("NFKC", str(name)))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].strip("-") or "figure"
    state = json.dumps(jsonable(dict(filters or {})), sort_keys=True, ensure_ascii=True)
    return f"{slug}-{hashlib.sha256(state.encode()).hexdigest()[:8]}"


def _inside(root: Path, stem: str, ext: str) -> Path:
    path = (root / f"{stem}.{ext}").resolve()
    if not path.is_relative_to(root):  # cannot happen with safe_stem; checked anyway
        raise InvalidValue(f"export path {path} would leave {root}")
    return path


# ---- CSV ---------------------------------------------------------------------------------
def neutralise_cell(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with an apostrophe (OWASP).

    >>> neutralise_cell("=HYPERLINK(1)"), neutralise_cell("-1+2"), neutralise_cell(-1)
    ("'=HYPERLINK(1)", "'-1+2", -1)
    """
    if isinstance(value, tuple | list | set | frozenset):
        value = "; ".join(map(str, value))
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names cannot run in a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if not (
            pd.api.types.is_numeric_dtype(out[column])
            or pd.api.types.is_datetime64_any_dtype(out[column])
        ):
            out[column] = out[column].map(neutralise_cell).astype(object)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a neutralised CSV that spreadsheets open as UTF-8 (BOM) with RFC 4180 line ends.

    CRLF line ends also make the writer quote cells that hold a bare CR or LF.
    """
    safe_csv_frame(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


# ---- Chromium and kaleido ------------------------------------------------------------------
def find_chromium() -> str | None:
    """The Chromium kaleido will use: `$BROWSER_PATH`, else one on PATH, else None."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """Return the Chromium path or raise `ChromiumMissing` saying how to install one."""
    path = find_chromium()
    if path is None:
        raise ChromiumMissing(
            "PNG/SVG/PDF export needs Chromium and none was found. Install it with "
            "'sudo apt-get install chromium' (or run 'make lab'/'make test' as root, which "
            "installs it), or set BROWSER_PATH; or export only formats=('html',)."
        )
    return path


class _Session:
    depth = 0
    started = False


@contextlib.contextmanager
def export_session() -> Iterator[None]:
    """One kaleido/Chromium server for every static export inside the block.

    The server starts at the first static export, so an HTML-only batch needs no Chromium;
    it stops when the outermost session ends (a server someone else started is left alone).
    """
    _Session.depth += 1
    try:
        yield
    finally:
        _Session.depth -= 1
        if _Session.depth == 0 and _Session.started:
            import kaleido

            _Session.started = False
            kaleido.stop_sync_server(silence_warnings=True)


def _ensure_server() -> None:
    import kaleido
    from kaleido import _global_server  # is_running() has no public spelling

    require_chromium()
    if not _global_server.is_running():
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _Session.started = True


def _write_static(fig: go.Figure, path: Path, fmt: str, width: int, height: int) -> None:
    import kaleido

    _ensure_server()
    opts = {"format": fmt, "width": width, "height": height, "scale": 2 if fmt == "png" else 1}
    kaleido.write_fig_sync(fig, path=str(path), opts=opts)
    if not path.exists() or path.stat().st_size == 0:
        raise WartaError(f"kaleido wrote no {fmt.upper()} to {path}")


# ---- public ------------------------------------------------------------------------------
def export_figure(
    fig: go.Figure,
    name: str,
    *,
    data: pd.DataFrame | None = None,
    out_dir: str | Path = "figures",
    formats: Iterable[str] = ("png", "svg", "html"),
    provenance: Mapping[str, Any] | None = None,
    width: int | None = None,
    height: int | None = None,
) -> list[Path]:
    """Write `fig` in `formats`, `data` as CSV and a JSON provenance sidecar into `out_dir`.

    Returns the written paths (formats in the order given, then CSV, then JSON). File names
    are `safe_stem(name, provenance["filters"])`. `provenance` is usually
    `build_provenance(...)` (the panel passes it); the sidecar adds the figure name, the
    files, the package version and the UTC time. Static formats need Chromium and raise
    `ChromiumMissing` (with the install command) without one.
    """
    import helpers

    formats = tuple(formats)
    require_subset("formats", formats, FORMATS)
    if not isinstance(fig, go.Figure):
        raise InvalidValue(f"export_figure needs a plotly go.Figure, got {type(fig).__name__}")
    if data is not None and not isinstance(data, pd.DataFrame):
        raise InvalidValue(f"data must be a DataFrame or None, got {type(data).__name__}")
    if any(f in STATIC for f in formats):
        require_chromium()  # fail before writing anything
    root = Path(out_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    provenance = dict(provenance or {})
    stem = safe_stem(name, provenance.get("filters"))
    fig = go.Figure(fig)  # a snapshot: a FigureWidget can change while we write
    width = width or fig.layout.width or 1000
    height = height or fig.layout.height or 560
    written: list[Path] = []
    with export_session():
        for fmt in formats:
            path = _inside(root, stem, fmt)
            if fmt == "html":
                fig.write_html(
                    path, include_plotlyjs=True, full_html=True, config={"displaylogo": False}
                )
            else:
                _write_static(fig, path, fmt, int(width), int(height))
            written.append(path)
    if data is not None:
        path = _inside(root, stem, "csv")
        write_csv(data, path)
        written.append(path)
    sidecar = _inside(root, stem, "json")
    record = {
        "figure": str(name),
        "files": [p.name for p in written],
        "warta_version": helpers.__version__,
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **jsonable(provenance),
    }
    sidecar.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(sidecar)
    return written


def export_table(
    frame: pd.DataFrame,
    name: str,
    *,
    out_dir: str | Path = "figures",
    provenance: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write a table as neutralised CSV plus the same JSON sidecar as `export_figure`."""
    import helpers

    root = Path(out_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    provenance = dict(provenance or {})
    stem = safe_stem(name, provenance.get("filters"))
    path = _inside(root, stem, "csv")
    write_csv(frame, path)
    sidecar = _inside(root, stem, "json")
    record = {
        "table": str(name),
        "files": [path.name],
        "warta_version": helpers.__version__,
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **jsonable(provenance),
    }
    sidecar.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [path, sidecar]
