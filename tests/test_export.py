"""export_figure: files written, valid formats, offline HTML, safe CSV, provenance, safe names."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

import helpers
from helpers import export
from helpers.errors import InvalidValue
from helpers.export import (
    ChromiumMissing,
    build_provenance,
    corpus_fingerprint,
    export_figure,
    export_session,
    safe_stem,
)


@pytest.fixture
def fig() -> go.Figure:
    return go.Figure(go.Bar(x=["ANTARA", "Xinhua"], y=[1, 2], hovertext=["<b>x</b>", "y"]))


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "outlet": pd.array(["ANTARA", "Xinhua", None], dtype="string"),
            "text": ["satu", "dua", "tiga"],
        }
    )


def test_public_names():
    assert helpers.export_figure is export_figure
    assert helpers.corpus_fingerprint is corpus_fingerprint


def test_writes_every_format_with_valid_headers(fig, articles, tmp_path):
    data = pd.DataFrame({"outlet": ["ANTARA", "Xinhua"], "articles": [1, 2]})
    prov = build_provenance(articles, filters={"outlets": ("ANTARA",)}, corpus=articles)
    with export_session():  # one Chromium for the batch
        paths = export_figure(
            fig, "Per outlet", data=data, out_dir=tmp_path, provenance=prov,
            formats=("png", "svg", "pdf", "html"),
        )  # fmt: skip
        again = export_figure(fig, "second", out_dir=tmp_path, formats=("png",))
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf", ".html", ".csv", ".json"]
    assert len({p.stem for p in paths}) == 1 and paths[0].stem.startswith("per-outlet-")
    png, svg, pdf, page, _csv, _json = (p.read_bytes() for p in paths)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    assert b"<svg" in svg[:200] and svg.rstrip().endswith(b"</svg>")
    assert pdf.startswith(b"%PDF")
    assert again[0].read_bytes().startswith(b"\x89PNG")
    text = page.decode()
    assert "plotly.js v" in text or "Plotly" in text  # the library is embedded
    assert len(text) > 1_000_000
    assert not re.search(r"<script[^>]*\bsrc=", text)  # nothing fetched: opens offline


def test_html_only_needs_no_chromium(fig, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "find_chromium", lambda: None)
    paths = export_figure(fig, "offline", out_dir=tmp_path, formats=("html",))
    assert [p.suffix for p in paths] == [".html", ".json"]
    with pytest.raises(ChromiumMissing, match="apt-get install chromium"):
        export_figure(fig, "static", out_dir=tmp_path / "none", formats=("png",))
    assert not (tmp_path / "none").exists()  # nothing half-written


def test_csv_is_neutralised(fig, tmp_path):
    data = pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain"],
            "n": [-1, 2, 3, 4, 5, 6, 7],
            "terms": [("=a", "b")] * 7,
            "text_a": pd.Categorical(["=cmd()"] * 6 + ["plain"]),  # as sentence pairs hold it
        }
    )
    paths = export_figure(fig, "csv", data=data, out_dir=tmp_path, formats=("html",))
    with paths[1].open(encoding="utf-8-sig", newline="") as handle:
        back = pd.DataFrame(list(csv.DictReader(handle)))
    back["n"] = back["n"].astype(int)
    assert back["title"].tolist()[:6] == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx",
    ]  # fmt: skip
    assert back["title"].iloc[6] == "plain"
    assert back["n"].tolist() == [-1, 2, 3, 4, 5, 6, 7]  # numbers stay numbers
    assert back["terms"].iloc[0] == "'=a; b"
    assert back["text_a"].tolist() == ["'=cmd()"] * 6 + ["plain"]
    assert data["title"].iloc[0].startswith("=")  # the input frame is not changed


def test_provenance_sidecar(fig, articles, tmp_path):
    filters = {"outlets": ("ANTARA", "Xinhua"), "date_range": (pd.Timestamp("2025-01-21"), None)}
    selected = articles.iloc[:2]
    prov = build_provenance(selected, filters=filters, corpus=articles, lexicon_version="2025.1")
    paths = export_figure(fig, "prov", out_dir=tmp_path, formats=("html",), provenance=prov)
    record = json.loads(paths[-1].read_text())
    assert record["figure"] == "prov"
    assert record["files"] == [paths[0].name]
    assert record["warta_version"] == helpers.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", record["created_utc"])
    assert record["filters"] == {
        "outlets": ["ANTARA", "Xinhua"],
        "date_range": ["2025-01-21T00:00:00", None],
    }
    assert record["articles"] == 2 and record["corpus_articles"] == 3
    assert record["articles_per_outlet"] == {"ANTARA": 1, "Xinhua": 1}
    assert record["corpus_fingerprint"] == corpus_fingerprint(articles)
    assert record["selection_fingerprint"] == corpus_fingerprint(selected)
    assert record["lexicon_version"] == "2025.1"


def test_fingerprint_depends_on_ids_and_texts_only(articles):
    base = corpus_fingerprint(articles)
    assert corpus_fingerprint(articles.iloc[::-1]) == base
    assert corpus_fingerprint(articles.assign(outlet="x")) == base
    assert corpus_fingerprint(articles.assign(text=["satu", "dua", "tiga!"])) != base
    assert corpus_fingerprint(articles.assign(article_id=["a", "b", "d"])) != base
    swapped = pd.DataFrame({"article_id": ["ab", "c"], "text": ["c", "x"]})
    joined = pd.DataFrame({"article_id": ["a", "bc"], "text": ["c", "x"]})
    assert corpus_fingerprint(swapped) != corpus_fingerprint(joined)


def test_seeds_fingerprint_is_stable(seeds_corpus):
    one = corpus_fingerprint(seeds_corpus.articles)
    assert one == corpus_fingerprint(seeds_corpus.articles.sample(frac=1, random_state=1))


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        "a/../../b",
        "nul\x00byte",
        "C:\\Windows\\system32",
        "Überblick – Café «Jakarta»",
        "北京新闻",
        "x" * 5000,
        "   ",
        "con.html",
    ],
)
def test_unsafe_names_stay_inside(fig, tmp_path, name):
    out = tmp_path / "figs"
    paths = export_figure(fig, name, out_dir=out, formats=("html",))
    for path in paths:
        assert path.parent == out.resolve()
        assert re.fullmatch(r"[a-z0-9_-]{1,70}\.(html|json)", path.name), path.name
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def test_safe_stem_depends_on_filters():
    a = safe_stem("Timeline", {"outlets": ["ANTARA"]})
    assert a == safe_stem("Timeline", {"outlets": ("ANTARA",)})
    assert a != safe_stem("Timeline", {"outlets": ["Xinhua"]})
    assert safe_stem("Überblick – Café").startswith("uberblick-cafe-")
    assert safe_stem("北京").startswith("figure-")


def test_invalid_arguments(fig, tmp_path):
    with pytest.raises(
        InvalidValue, match=r"\['gif'\].*valid values are \['html', 'pdf', 'png', 'svg'\]"
    ):
        export_figure(fig, "x", out_dir=tmp_path, formats=("gif",))
    with pytest.raises(InvalidValue, match=r"needs a plotly go\.Figure"):
        export_figure({"data": []}, "x", out_dir=tmp_path, formats=("html",))
    with pytest.raises(InvalidValue, match="data must be a DataFrame"):
        export_figure(fig, "x", data=[1, 2], out_dir=tmp_path, formats=("html",))
