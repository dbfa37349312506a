"""The timeline verbs and panel on corpora with nothing (or little) to show: empty frames with
their columns, empty states without errors. (The notebook runs on such corpora in
tests/test_notebooks.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import helpers
from helpers._paths import PROJ_ROOT
from helpers.errors import InvalidValue
from helpers.timeline.coverage import COVERAGE_COLUMNS
from helpers.timeline.extract import ARTICLE_EVENT_COLUMNS
from helpers.timeline.group import EVENT_COLUMNS
from helpers.timeline.history import HISTORY_COLUMNS
from helpers.timeline.views import build_panel

NOTEBOOK = PROJ_ROOT / "notebooks" / "01-timeline.py"
UNDATED_TEXT = (
    "Presiden Xi Jinping bertemu Presiden Vladimir Putin secara virtual.\n\n"
    "Kedua pemimpin membahas kerja sama ekonomi dan perdagangan.\n"
)


@pytest.fixture(scope="module")
def edge_corpora(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("timeline-edge")
    seeds = sorted(helpers.SEEDS.glob("*.txt"))
    empty = root / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("  \n\n", encoding="utf-8")  # whitespace only: skipped
    one = root / "one"
    one.mkdir()
    shutil.copy(next(p for p in seeds if p.name.startswith("001")), one)
    undated = root / "undated"
    undated.mkdir()
    shutil.copy(next(p for p in seeds if p.name.startswith("000")), undated)  # no date at all
    (undated / "no_date.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    return {"empty": empty, "one": one, "undated": undated}


def test_edge_corpora_are_what_they_claim(edge_corpora):
    assert helpers.load_corpus(edge_corpora["empty"]).articles.empty
    assert len(helpers.load_corpus(edge_corpora["one"]).articles) == 1
    undated = helpers.load_corpus(edge_corpora["undated"]).articles
    assert len(undated) == 2
    assert undated["event_date"].isna().all() and undated["published"].isna().all()


def test_verbs_on_an_empty_corpus_give_empty_frames_with_columns(edge_corpora):
    corpus = helpers.load_corpus(edge_corpora["empty"])
    extracted = helpers.article_events(corpus)
    evts = helpers.events(corpus, extracted=extracted)
    refs = helpers.history_refs(corpus, events=evts)
    assert extracted.empty and list(extracted.columns) == ARTICLE_EVENT_COLUMNS
    assert evts.empty and list(evts.columns) == EVENT_COLUMNS
    assert refs.empty and list(refs.columns) == HISTORY_COLUMNS
    tagged = helpers.with_events(corpus.articles, evts)
    cov = helpers.coverage(tagged, evts)
    assert cov.empty and list(cov.columns) == COVERAGE_COLUMNS


@pytest.mark.parametrize("name", ["empty", "one", "undated"])
def test_panel_shows_empty_states_without_errors(edge_corpora, name):
    corpus = helpers.load_corpus(edge_corpora[name])
    panel = build_panel(corpus)
    for change in ({"outlets": ["ANTARA"]}, {"date_range": ("2020-01-01", "2020-01-02")}, {}):
        try:
            panel.value = change
        except InvalidValue:
            continue  # an outlet this corpus lacks is refused at the boundary, as it should be
        assert not panel.errors.outputs, panel.errors.outputs
    figures = {k: w for k, w in panel.views.items() if hasattr(w, "data")}
    assert set(figures) == {"timeline", "coverage", "lag", "history"}
    if name == "empty":
        for widget in figures.values():
            assert widget.layout.annotations, "an empty figure says why it is empty"
    if name == "undated":
        notes = [a.text for a in figures["timeline"].layout.annotations]
        assert any("No dated events" in t for t in notes)
