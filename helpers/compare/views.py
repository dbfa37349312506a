"""The outlet-comparison walkthrough's panel: heavy work once, views only select and sum.

`OutletViews.build(corpus)` runs every per-article and pairwise step once (events, term
counts, sentence alignment, quotes, names, theme hits) and lays the results out as integer
arrays keyed by article position. Each view method takes the panel's filtered corpus and
only gathers and adds up those arrays, so a filter change redraws every view quickly at
100,000 articles. Counts over article pairs (the reuse matrix, the wire table) are
pre-summed per (event, outlet) block (`cells.KeptCounts`), and per-article tables (quotes,
names, theme hits) are summed from the kept or the dropped articles, whichever are fewer
(`cells.ArticleSums`). `build_panel(corpus)` wires the views into a `FilterPanel`, as the
03 notebook shows them.

    panel = build_panel(corpus)        # FilterPanel; panel.outlet_views holds the tables
    panel.value = {"outlets": ["ANTARA"]}
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from helpers import frames
from helpers.compare._common import NO_OUTLET, outlet_labels
from helpers.compare.cells import ArticleSums, KeptCounts, article_blocks, block_status
from helpers.compare.cells import units as units_of
from helpers.compare.keyness import COLUMNS as KEYNESS_COLUMNS
from helpers.compare.keyness import _sizes, article_terms, g2_log_ratio
from helpers.compare.naming import COLUMNS as NAMING_COLUMNS
from helpers.compare.naming import naming, naming_shares
from helpers.compare.profile import PROFILE_COLUMNS, _relabel
from helpers.compare.reuse import (
    PAIR_COLUMNS,
    WIRE_COLUMNS,
    align_sentences,
    reuse_matrix,
    shared_passages,
    wire_sources,
)
from helpers.compare.voices import COLUMNS as QUOTE_COLUMNS
from helpers.compare.voices import quotes, voice_shares
from helpers.frames import range_batches, take_rows
from helpers.text import count_words

ARTICLE_MATRIX_MAX = 30  # article-level reuse matrix: at most this many articles, busiest first
KWIC_COLUMNS = ["outlet", "article_id", "left", "match", "right"]
PASSAGE_COLUMNS = ["outlet_a", "text_a", "outlet_b", "text_b", "kind", "score"]
QUOTE_SHOWN = ["outlet", "speaker", "text", "cue", "article_id"]
MATRIX_COLUMNS = ["a", "b", "n_pairs", "sentences_a", "aligned_a", "share_a", "mean_score"]
# What reuse_matrix and shared_passages read of articles: their text is not copied out.
_UNIT_COLUMNS = ["article_id", "outlet"]
# Share of the term matrix's rows: fewer are read out, more weighted in one product. At
# 100,000 articles the product took 14 ms whatever the rows; reading out 13% of them, 20 ms.
_READ_ROWS_BELOW = 1 / 16
_PIECE_WIDTHS = 4  # a piece of rows read out holds at least this many times the matrix's width


def _positions(ids: pd.Index, values: pd.Series) -> np.ndarray:
    """Row in `ids` (unique) of each value (-1 when absent)."""
    arrow = getattr(getattr(values, "array", None), "_pa_array", None)
    if arrow is not None and ids.is_unique:
        # Arrow strings looked up in Arrow (C++ hashing, ~8x faster than a Categorical of
        # millions of pair ids); anything else goes the pandas way
        try:
            import pyarrow as pa
            import pyarrow.compute as pc

            wanted = pa.array(ids.to_numpy(dtype=object), type=pa.large_string())
            found = pc.index_in(arrow.cast(pa.large_string()), value_set=wanted)
            return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass
    return np.asarray(pd.Categorical(values, categories=ids).codes, dtype=np.int64)


def _kept(corpus: Any, n: int, ids: pd.Index) -> np.ndarray:
    """Boolean per article position: is it in the (filtered) `corpus`?"""
    keep = np.zeros(n, dtype=bool)
    rows = _positions(ids, corpus.articles["article_id"])
    keep[rows[rows >= 0]] = True
    return keep


_NAT = np.iinfo(np.int64).min  # NaT as int64 nanoseconds


def _kept_runs(
    order: np.ndarray, keep: np.ndarray, codes: np.ndarray, groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kept rows of `order` (rows sorted by group code, then value), and per group how
    many there are and where they start."""
    sel = order[keep[order]]
    count = np.bincount(codes[sel], minlength=groups)
    return sel, count, np.cumsum(count) - count


def _sorted_medians(values: np.ndarray, start: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Median of each group's `count` sorted values from `start` (NaN for an empty group),
    as pandas computes it: the middle value, or the mean of the two middle values."""
    if not len(values):
        return np.full(len(count), np.nan)
    lo = np.where(count > 0, start + (count - 1) // 2, 0)
    hi = np.where(count > 0, start + count // 2, 0)
    return np.where(count > 0, (values[lo] + values[hi]) / 2, np.nan)


def _jakarta(stamps: np.ndarray, unit: str) -> pd.DatetimeIndex:
    """int64 times since the epoch in `unit` (UTC, `_NAT` for missing) as Asia/Jakarta times."""
    utc = pd.DatetimeIndex(stamps.view(f"datetime64[{unit}]")).tz_localize("UTC")
    return utc.tz_convert("Asia/Jakarta")


def _claim_arrays(
    articles: pd.DataFrame, pa: np.ndarray, pb: np.ndarray, pairs: pd.DataFrame, units: np.ndarray
) -> dict[str, np.ndarray]:
    """`wire_claims(pairs, articles)` as arrays of article positions and codes, in its row
    order (pair by pair, a's wire copy before b's): `outlet` (code in `units`), `wire` (code
    in the sorted `wire_names`), `pair` (row position in `pairs`), `article`, `sentence`,
    `source`, `score`, `credited`."""
    wire = wire_sources(articles).to_numpy(dtype=object)
    label = outlet_labels(articles).to_numpy(dtype=object)
    credited = (
        articles["wire"].astype("string").to_numpy(dtype=object, na_value=None)
        if "wire" in articles
        else np.full(len(articles), None, dtype=object)
    )
    has_wire = pd.notna(wire)
    wire_names = np.asarray(sorted({str(w) for w in wire[has_wire]}), dtype=object)
    # one vocabulary for outlet labels, wires and credits: "is o the wire?" compares integers
    vocab = pd.Index(sorted({*label.tolist(), *wire_names.tolist()}))
    wire_j = np.where(has_wire, vocab.get_indexer(np.where(has_wire, wire, "")), -1)
    label_j = vocab.get_indexer(label)
    cred_j = np.where(pd.notna(credited), vocab.get_indexer(np.where(pd.notna(credited),
                      credited, "")), -2)  # fmt: skip
    wire_code = np.where(
        has_wire, pd.Index(wire_names).get_indexer(np.where(has_wire, wire, "")), -1
    )
    if "published" in articles and len(articles):
        stamps = pd.DatetimeIndex(pd.to_datetime(articles["published"], utc=True)).asi8
    else:
        stamps = np.full(len(articles), _NAT, dtype=np.int64)
    ok_rows = (pa >= 0) & (pb >= 0)
    sent_a = pairs["sentence_a"].to_numpy(dtype=np.int64)
    sent_b = pairs["sentence_b"].to_numpy(dtype=np.int64)
    score = pairs["score"].to_numpy(dtype="float64")
    parts = []
    for direction, (src, dst, sent) in enumerate(((pa, pb, sent_b), (pb, pa, sent_a))):
        row = np.flatnonzero(ok_rows)
        s, d = src[row], dst[row]
        ok = (wire_j[s] >= 0) & (label_j[d] != wire_j[s])
        dated = (stamps[s] != _NAT) & (stamps[d] != _NAT)
        ok &= ~(dated & (stamps[d] < stamps[s]))  # the outlet's article came first
        row = row[ok]
        parts.append((row * 2 + direction, row, src[row], dst[row], sent[row]))
    order = np.argsort(np.concatenate([p[0] for p in parts]), kind="stable")
    row, src, dst, sent = (np.concatenate([p[k] for p in parts])[order] for k in range(1, 5))
    return {
        "wire_names": wire_names,
        "outlet": units[dst],
        "wire": wire_code[src],
        "pair": row,
        "article": dst,
        "sentence": sent,
        "source": src,
        "score": score[row],
        "credited": cred_j[dst] == wire_j[src],
    }


EVENTS_PARALLEL_FROM = 20_000  # articles; below this a second process costs more than it saves
_EVENT_SOURCE: Any = None  # the corpus `_article_events_part` reads (forked workers inherit it)


def _article_events_part(lo: int, hi: int) -> pd.DataFrame:
    """`article_events` of articles `lo:hi` of `_EVENT_SOURCE` (a worker's share)."""
    from helpers.timeline import article_events

    corpus = _EVENT_SOURCE
    articles = corpus.articles.iloc[lo:hi]
    sentences = corpus.sentences
    part = SimpleNamespace(
        articles=articles, sentences=sentences[sentences["article_id"].isin(articles["article_id"])]
    )
    return article_events(part)


def _events(corpus: Any, workers: int | None) -> pd.DataFrame:
    """`helpers.events(corpus)`, its per-article reading (`article_events`, one article at a
    time) split over up to two processes for a large corpus."""
    import helpers
    from helpers.compare.reuse import _map_chunks, _workers
    from helpers.timeline import article_events  # noqa: F401  imported before forking

    n = len(corpus.articles)
    n_workers = _workers(workers) if n >= EVENTS_PARALLEL_FROM else 1
    if n_workers <= 1 or not isinstance(getattr(corpus, "sentences", None), pd.DataFrame):
        return helpers.events(corpus)
    global _EVENT_SOURCE
    size = -(-n // n_workers)
    _EVENT_SOURCE = corpus
    try:
        parts = _map_chunks(
            _article_events_part, [(k, min(k + size, n)) for k in range(0, n, size)], n_workers
        )
    finally:
        _EVENT_SOURCE = None
    return helpers.events(corpus, extracted=pd.concat(parts, ignore_index=True))


@dataclass
class OutletViews:
    """Precomputed tables of the outlet comparison, and the panel's view functions."""

    corpus: Any
    events: pd.DataFrame
    terms: pd.DataFrame
    pairs: pd.DataFrame
    quotes: pd.DataFrame
    names: pd.DataFrame
    theme_article_counts: pd.DataFrame | None
    min_count: int = 3
    timings: dict[str, float] = field(default_factory=dict)

    # ---- once per corpus -------------------------------------------------------------
    @classmethod
    def build(
        cls,
        corpus: Any,
        *,
        min_count: int = 3,
        window_days: int | None = 3,
        same_event: bool = True,
        workers: int | None = None,
    ) -> OutletViews:
        """Run the per-article and pairwise work once; `timings` records each step (s)."""
        import helpers

        timings: dict[str, float] = {}

        def timed(name: str, fn: Any) -> Any:
            start = time.perf_counter()
            value = fn()
            timings[name] = time.perf_counter() - start
            return value

        articles = corpus.articles
        if "published" in articles and articles["published"].dtype == object:
            # per-article datetimes as one column, converted once rather than per filter change
            published = pd.to_datetime(articles["published"], utc=True)
            articles = articles.assign(published=published.dt.tz_convert("Asia/Jakarta"))
            corpus = dataclasses.replace(corpus, articles=articles)
        events = timed("events", lambda: _events(corpus, workers))
        if "event_id" not in articles:
            corpus = dataclasses.replace(corpus, articles=helpers.with_events(articles, events))
        terms = timed("terms", lambda: article_terms(corpus.articles))
        pairs = timed(
            "alignment",
            lambda: align_sentences(
                corpus, window_days=window_days, same_event=same_event, workers=workers
            ),
        )
        said = timed("quotes", lambda: quotes(corpus))
        names = timed("naming", lambda: naming(corpus.articles))

        def theme_table() -> pd.DataFrame | None:
            if corpus.articles.empty:
                return None
            hits = helpers.theme_hits(corpus)
            return helpers.theme_counts(hits, corpus.articles, by="article")

        themes = timed("themes", theme_table)
        views = cls(corpus, events, terms, pairs, said, names, themes, min_count, timings)
        timed("tables", views._index)
        return views

    def _index(self) -> None:
        """Integer layouts of the tables, keyed by article position."""
        articles = self.corpus.articles
        self.ids = pd.Index(articles["article_id"])
        self.n = len(articles)
        self.outlet_label = outlet_labels(articles).to_numpy(dtype=object)
        self.unit_codes, self.unit_names = pd.factorize(self.outlet_label, sort=True)
        self.unit_codes = self.unit_codes.astype(np.int64)
        self.sizes = _sizes(articles).to_numpy(dtype="float64") if self.n else np.zeros(0)
        sentences = self.corpus.sentences
        self.sent_article = _positions(self.ids, sentences["article_id"])
        self.n_sentences = np.bincount(
            self.sent_article[self.sent_article >= 0], minlength=self.n
        ).astype(np.int64)
        # article x term counts as a sparse matrix: keyness is two sparse products per change
        from scipy import sparse

        t = self.terms
        if len(t):
            rows = _positions(self.ids, t["article_id"].astype(str))
            codes = t["term"].cat.codes.to_numpy().astype(np.int64)
            self.vocab = np.asarray(t["term"].cat.categories, dtype=object).astype(str)
            counts = t["count"].to_numpy(dtype="float64")
            ok = rows >= 0
            shape = (self.n, len(self.vocab))
            self.term_counts = sparse.csr_matrix((counts[ok], (rows[ok], codes[ok])), shape=shape)
            self.term_docs = sparse.csr_matrix(
                (np.ones(ok.sum()), (rows[ok], codes[ok])), shape=shape
            )
            self.term_matrix = sparse.hstack([self.term_counts, self.term_docs], format="csr")
            self.term_totals = np.asarray(self.term_matrix.sum(axis=0)).ravel()
            by_unit = sparse.csr_matrix(
                (np.ones(self.n), (self.unit_codes, np.arange(self.n))),
                shape=(max(len(self.unit_names), 1), self.n),
            )
            self.unit_term_totals = np.asarray((by_unit @ self.term_matrix).todense())
        else:
            self.vocab = np.zeros(0, dtype=str)
            self.term_counts = self.term_docs = None
        self.quote_article = _positions(self.ids, self.quotes["article_id"])
        q = self.quotes
        self.speech_rows = q["kind"].isin(("direct", "indirect")).to_numpy(dtype=bool)
        speaker = q["speaker"].astype("string").fillna("(unattributed)").to_numpy(dtype=object)
        codes, names = pd.factorize(speaker)
        self.speaker_codes = codes.astype(np.int64)
        self.speaker_names = np.asarray(names, dtype=object)
        if not len(self.speaker_names):
            self.speaker_names = np.asarray(["(unattributed)"], dtype=object)
        self.quote_words = q["n_words"].to_numpy(dtype="float64")
        self.name_article = _positions(self.ids, self.names["article_id"])
        self._index_names()
        direct = (self.quotes["kind"] == "direct").to_numpy(dtype=bool)
        self.direct = self.quotes[direct][QUOTE_SHOWN]
        self.direct_article = self.quote_article[direct]
        self.id_values = self.ids.to_numpy(dtype=object)
        if self.theme_article_counts is not None:
            self.theme_article = _positions(self.ids, self.theme_article_counts["article_id"])
        self.lag = self._article_lags()
        events = (
            articles["event_id"]
            if "event_id" in articles
            else pd.Series(pd.NA, index=articles.index)
        )
        self.event_codes = pd.factorize(events.astype(object))[0].astype(np.int64)
        t = self.theme_article_counts
        if t is not None:
            if isinstance(t["theme"].dtype, pd.CategoricalDtype):  # lexicon order breaks ties
                codes, names = t["theme"].cat.codes.to_numpy(), t["theme"].cat.categories
            else:
                codes, names = pd.factorize(t["theme"].astype(str), sort=True)
            self.theme_codes = codes.astype(np.int64)
            self.theme_names = np.asarray(names, dtype=object)
            self.theme_has = (t["hits"].to_numpy(dtype="float64") > 0).astype("float64")
            theme_units = self.unit_codes[np.maximum(self.theme_article, 0)]
            self.theme_sums = ArticleSums(
                self.theme_article, theme_units * len(self.theme_names) + self.theme_codes,
                self.theme_has, self.n, max(len(self.unit_names), 1) * len(self.theme_names),
            )  # fmt: skip
        else:
            self.theme_names = np.zeros(0, dtype=object)
        speech = np.flatnonzero(self.speech_rows & (self.quote_article >= 0))
        speakers = len(self.speaker_names)
        article = self.quote_article[speech]
        self.voice_sums = ArticleSums(
            article, self.unit_codes[article] * speakers + self.speaker_codes[speech],
            np.stack([np.ones(len(speech)), self.quote_words[speech]], axis=1), self.n,
            max(len(self.unit_names), 1) * speakers,
        )  # fmt: skip
        self._index_profiles()
        self._index_reuse()
        self._index_wire()

    def _index_reuse(self) -> None:
        """Pair rows as article positions, and the reuse and wire counts pre-summed per block
        (`KeptCounts`): a filter change adds up whole blocks and works out only the units of
        blocks it cuts through."""
        p = self.pairs
        pa = _positions(self.ids, p["article_id_a"])
        pb = _positions(self.ids, p["article_id_b"])
        self.pair_a, self.pair_b = pa, pb
        self.pair_score = p["score"].to_numpy(dtype="float64")
        self.block = article_blocks(self.event_codes, self.unit_codes)
        units = max(len(self.unit_names), 1)
        n = max(self.n, 1)
        ok = (pa >= 0) & (pb >= 0)
        pa, pb, score = pa[ok], pb[ok], self.pair_score[ok]
        sa = p["sentence_a"].to_numpy(dtype=np.int64)[ok]
        sb = p["sentence_b"].to_numpy(dtype=np.int64)[ok]
        # article pairs: n_pairs and scores of (a, b), read from both sides at the end
        uniq, inverse = np.unique(pa * n + pb, return_inverse=True)
        inverse = inverse.ravel()
        weights = np.zeros((len(uniq), 2))
        weights[:, 0] = np.bincount(inverse, minlength=len(uniq))
        weights[:, 1] = np.bincount(inverse, weights=score, minlength=len(uniq))
        a, b = np.divmod(uniq, n)
        self.pair_cells = KeptCounts(
            a, np.arange(len(uniq) + 1), b, self.unit_codes[a] * units + self.unit_codes[b],
            weights, self.block, units * units,
        )  # fmt: skip
        # runs: a sentence of article x counts once per outlet it has a counterpart in
        x, y, s = np.concatenate([pa, pb]), np.concatenate([pb, pa]), np.concatenate([sa, sb])
        width = int(s.max()) + 1 if len(s) else 1
        owner, indptr, partner, row = units_of((x * width + s) * units + self.unit_codes[y], x, y)
        self.run_cells = KeptCounts(
            owner, indptr, partner, self.unit_codes[owner] * units + self.unit_codes[y[row]],
            np.ones(len(owner)), self.block, units * units,
        )  # fmt: skip

    def _index_wire(self) -> None:
        """Wire claims (`wire_claims`' rows, as arrays) and the counts `aggregate_claims`
        takes from them, pre-summed per block."""
        c = _claim_arrays(self.corpus.articles, self.pair_a, self.pair_b, self.pairs,
                          self.unit_codes)  # fmt: skip
        self.wire_names = c["wire_names"]
        n_wires = max(len(self.wire_names), 1)
        cells = max(len(self.unit_names), 1) * n_wires
        self.claim_n_cells = cells
        cell, article, source = c["outlet"] * n_wires + c["wire"], c["article"], c["source"]
        n = max(self.n, 1)
        self.claim_rows = KeptCounts(
            article, np.arange(len(article) + 1), source, cell,
            np.stack([np.ones(len(article)), c["score"]], axis=1), self.block, cells,
        )  # fmt: skip

        def distinct(key: np.ndarray, rows: np.ndarray, owner: np.ndarray, partner: np.ndarray):
            o, indptr, pt, row = units_of(key[rows], owner[rows], partner[rows])
            return KeptCounts(o, indptr, pt, cell[rows][row], np.ones(len(o)), self.block,
                              cells), rows[row]  # fmt: skip

        every = np.arange(len(article))
        pair_key = cell * max(len(self.pairs), 1) + c["pair"]
        self.claim_pairs, first = distinct(pair_key, every, article, source)
        # the pair labels of each claim, in (cell, label) order, to read `pair_index` from
        labels = self.pairs.index.to_numpy()[c["pair"][first]][self.claim_pairs.order]
        sorted_units = np.lexsort((labels, self.claim_pairs.cell))
        self.pair_unit_order = sorted_units
        self.pair_unit_label = labels[sorted_units]
        every_cell = np.arange(cells)
        self.pair_cell_bounds = np.stack(
            [np.searchsorted(self.claim_pairs.cell[sorted_units], every_cell, "left"),
             np.searchsorted(self.claim_pairs.cell[sorted_units], every_cell, "right")], axis=1,
        )  # fmt: skip
        self._full_pair_tuples: dict[int, tuple] = {}
        self.pair_unit_cell = self.claim_pairs.cell[sorted_units]
        self.claim_articles = distinct(cell * n + article, every, article, source)[0]
        self.claim_sources = distinct(cell * n + source, every, source, article)[0]
        width = int(c["sentence"].max()) + 1 if len(article) else 1
        sentence_key = (cell * n + article) * width + c["sentence"]
        self.claim_sentences = distinct(sentence_key, every, article, source)[0]
        credited = np.flatnonzero(c["credited"])
        self.claim_credited = distinct(cell * n + article, credited, article, source)[0]

    def _index_names(self) -> None:
        """(outlet, group, name) cell of every row of the naming table, codes in sort order."""
        names = self.names
        outlet = outlet_labels(names).to_numpy(dtype=object)
        unit_codes, units = pd.factorize(outlet, sort=True)
        pair = pd.Series(
            list(zip(names["group"].astype(object), names["name"].astype(object), strict=True)),
            dtype=object,
        )
        form_codes, forms = pd.factorize(pair, sort=True)
        forms = list(forms)
        groups = np.asarray([g for g, _ in forms], dtype=object)
        self.form_group = pd.factorize(groups, sort=True)[0].astype(np.int64)
        self.name_labels = (
            np.asarray(units, dtype=object),
            groups,
            np.asarray([n for _, n in forms], dtype=object),
        )
        self.name_sums = ArticleSums(
            self.name_article, unit_codes.astype(np.int64) * max(len(forms), 1) + form_codes,
            names["count"].to_numpy(dtype="float64"), self.n, len(units) * max(len(forms), 1),
        )  # fmt: skip

    def _index_profiles(self) -> None:
        """Profile groups (outlet labels as `outlet_profiles` merges them) and the orders the
        profiles read their medians, extremes and first reports from."""
        articles = self.corpus.articles
        label = _relabel(articles["outlet"]) if "outlet" in articles else pd.Series(
            NO_OUTLET, index=articles.index)  # fmt: skip
        codes, names = pd.factorize(label.to_numpy(dtype=object), sort=True)
        self.prof_codes = codes.astype(np.int64)
        self.prof_names = np.asarray(names, dtype=object)
        self.unit_prof = pd.Index(self.prof_names).get_indexer(
            _relabel(pd.Series(np.asarray(self.unit_names, dtype=object))).to_numpy(dtype=object)
        )
        words = articles["n_words"] if "n_words" in articles else articles["text"].map(count_words)
        self.prof_words = pd.to_numeric(words).to_numpy(dtype="float64", na_value=np.nan)
        self.words_order = np.lexsort((self.prof_words, self.prof_codes))
        if "published" in articles and self.n:
            published = pd.DatetimeIndex(pd.to_datetime(articles["published"], utc=True))
            self.published_unit = published.unit
            self.published_ns = published.asi8
        else:
            self.published_unit = "ns"
            self.published_ns = np.full(self.n, _NAT, dtype=np.int64)
        dated = np.flatnonzero(self.published_ns != _NAT)
        self.published_order = dated[np.lexsort((self.published_ns[dated], self.prof_codes[dated]))]
        known = np.flatnonzero(self.event_codes >= 0)
        self.coverage_order = known[
            np.lexsort((self.lag[known], self.unit_codes[known], self.event_codes[known]))
        ]

    def _article_lags(self) -> np.ndarray:
        articles = self.corpus.articles
        if self.n == 0 or "event_date" not in articles or "published" not in articles:
            return np.full(self.n, np.nan)
        published = pd.to_datetime(articles["published"], utc=True).dt.tz_convert("Asia/Jakarta")
        midnight = pd.to_datetime(articles["event_date"]).dt.tz_localize("Asia/Jakarta")
        return ((published - midnight) / pd.Timedelta(hours=1)).to_numpy(dtype="float64")

    def keep(self, corpus: Any) -> np.ndarray:
        """Boolean per article position: is it in the (filtered) `corpus`? Read-only, and
        worked out once per filtered corpus: every view of one change asks for it."""
        mask = getattr(corpus, "_keep", None)  # the FilterPanel's filtered corpus: its row mask
        if (
            getattr(corpus, "_source", None) is self.corpus
            and isinstance(mask, np.ndarray)
            and mask.dtype == bool
            and len(mask) == self.n
        ):  # its rows are those of self.corpus.articles: no frame to select, nothing to match
            keep = mask.view()
            keep.flags.writeable = False
            return keep
        articles = corpus.articles
        memo = getattr(self, "_keep_memo", None)
        if memo is not None and memo[0] is articles:
            return memo[1]
        keep = self._rows_of(articles)
        keep.flags.writeable = False
        self._keep_memo = (articles, keep)
        return keep

    def _rows_of(self, articles: pd.DataFrame) -> np.ndarray:
        # The panel's filtered articles keep the row labels of `self.corpus.articles`: find
        # them by label (integers) and check the ids there, rather than hashing every id.
        own = self.corpus.articles.index
        if own.is_unique and len(articles):
            rows = own.get_indexer(articles.index)
            if (rows >= 0).all() and self._same_ids(rows, articles["article_id"]):
                keep = np.zeros(self.n, dtype=bool)
                keep[rows] = True
                return keep
        return _kept(SimpleNamespace(articles=articles), self.n, self.ids)

    def _same_ids(self, rows: np.ndarray, ids: pd.Series) -> bool:
        """Are `ids` the article ids at `rows`? Compared in Arrow when both are Arrow
        strings (no Python string per article), else as numpy objects."""
        mine = getattr(self.corpus.articles["article_id"].array, "_pa_array", None)
        theirs = getattr(ids.array, "_pa_array", None)
        if mine is not None and theirs is not None:
            import pyarrow.compute as pc

            same = pc.equal(mine.take(rows), theirs)
            return bool(pc.all(same).as_py()) and same.null_count == 0
        return np.array_equal(self.id_values[rows], ids.to_numpy(dtype=object))

    # ---- views -----------------------------------------------------------------------
    def profiles(self, corpus: Any) -> pd.DataFrame:
        """`outlet_profiles` of the filtered articles, with coverage (first report per event
        and outlet) and the top theme, all gathered from arrays sorted once at build time
        (no groupby per filter change)."""
        keep = self.keep(corpus)
        if not keep.any():
            return pd.DataFrame(columns=PROFILE_COLUMNS)
        names = self.prof_names
        groups = len(names)
        n_articles = np.bincount(self.prof_codes[keep], minlength=groups)
        shown = np.flatnonzero(n_articles > 0)
        words = np.bincount(self.prof_codes[keep], weights=self.prof_words[keep], minlength=groups)
        # medians and extremes: the kept rows of a (group, value) order, read at offsets
        sel, count, start = _kept_runs(self.words_order, keep, self.prof_codes, groups)
        valid = np.bincount(self.prof_codes[sel], weights=~np.isnan(self.prof_words[sel]),
                            minlength=groups).astype(np.int64)  # fmt: skip
        median_words = _sorted_medians(self.prof_words[sel], start, valid)
        sel, count, start = _kept_runs(self.published_order, keep, self.prof_codes, groups)
        stamps = self.published_ns[sel]
        has = count > 0
        first = np.where(has, stamps[np.where(has, start, 0)] if len(stamps) else 0, _NAT)
        last = np.where(
            has, stamps[np.where(has, start + count - 1, 0)] if len(stamps) else 0, _NAT
        )
        out = pd.DataFrame(
            {
                "outlet": names[shown],
                "n_articles": n_articles[shown].astype("int64"),
                "n_words": words[shown].astype("int64"),
                "median_words": median_words[shown],
                "first_published": _jakarta(first[shown], self.published_unit),
                "last_published": _jakarta(last[shown], self.published_unit),
            }
        )
        self._coverage_columns(out, keep, shown)
        out = out[PROFILE_COLUMNS]
        if self.theme_article_counts is not None and len(self.theme_names):
            units = max(len(self.unit_names), 1)
            themes = len(self.theme_names)
            with_theme = self.theme_sums.sums(keep)[:, 0].reshape(units, themes)
            n_units = np.bincount(self.unit_codes[keep], minlength=units)
            share = with_theme / np.where(n_units > 0, n_units, 1)[:, None]
            top = share.argmax(axis=1)  # ties: the first theme in the verb's sort order
            code = pd.Index(np.asarray(self.unit_names, dtype=object)).get_indexer(out["outlet"])
            out["top_theme"] = pd.array(self.theme_names[top[code]], dtype="string")
            out["top_theme_articles"] = with_theme[code, top[code]].astype("int64")
            out["top_theme_share"] = share[code, top[code]].astype("float64")
        return out

    def _coverage_columns(self, out: pd.DataFrame, keep: np.ndarray, shown: np.ndarray) -> None:
        """`n_events`, `events_total`, `median_lag_hours`, `lag_from`, `lag_articles` as
        `outlet_profiles` gives them from a coverage table: per event and outlet the first
        report (least lag), here the first kept row of the (event, outlet, lag) order."""
        groups = len(self.prof_names)
        units = max(len(self.unit_names), 1)
        sel = self.coverage_order[keep[self.coverage_order]]
        if not len(sel):  # no kept article has an event: what the verb gives without one
            out["n_events"] = np.zeros(len(out), dtype="int64")
            out["events_total"] = np.int64(0)
            out["median_lag_hours"] = np.full(len(out), np.nan)
            out["lag_articles"] = np.zeros(len(out), dtype="int64")
            out["lag_from"] = "articles"
            return
        key = self.event_codes[sel] * units + self.unit_codes[sel]
        first = sel[np.r_[True, key[1:] != key[:-1]]]  # one row per (event, outlet) cell
        event = self.event_codes[first]
        group = self.unit_prof[self.unit_codes[first]]
        lag = self.lag[first]
        # distinct (event, outlet group) cells: a mark per cell (events are few), no sort
        marks = np.zeros((int(self.event_codes.max()) + 1, groups), dtype=bool)
        marks[event, group] = True
        n_events = marks.sum(axis=0)
        dated = ~np.isnan(lag)
        order = np.lexsort((lag[dated], group[dated]))
        lag_count = np.bincount(group[dated], minlength=groups)
        median = _sorted_medians(lag[dated][order], np.cumsum(lag_count) - lag_count, lag_count)
        out["n_events"] = n_events[shown].astype("int64")
        out["events_total"] = np.int64(marks.any(axis=1).sum())
        out["median_lag_hours"] = median[shown]
        out["lag_articles"] = lag_count[shown].astype("int64")
        out["lag_from"] = "coverage"

    def keyness(self, corpus: Any, outlet: str | None) -> pd.DataFrame:
        """The selected outlet against the rest of the filtered articles, from the
        precomputed article x term counts (no re-tokenising)."""
        empty = pd.DataFrame(columns=KEYNESS_COLUMNS).assign(target=outlet, reference="the rest")
        keep = self.keep(corpus)
        if self.term_counts is None or not keep.any() or outlet is None:
            return empty
        target = keep & (self.outlet_label == outlet)
        reference = keep & ~target
        c, d = float(self.sizes[target].sum()), float(self.sizes[reference].sum())
        if c == 0 or d == 0:
            return empty
        # sums over rows of [counts | docs]: the target's rows, and the kept rows read from
        # whichever side is smaller (kept, or all minus the dropped); integer-valued, exact
        width = len(self.vocab)
        of_outlet = self.outlet_label == outlet
        dropped_of_outlet = of_outlet & ~keep
        unit = int(self.unit_codes[np.flatnonzero(of_outlet)[0]])
        # the outlet's totals less its dropped rows, or its kept rows; the same for all kept
        target_less = dropped_of_outlet.sum() < target.sum()
        kept_less = keep.sum() > self.n - keep.sum()
        target_sum, kept_sum = self._row_sums(
            np.flatnonzero(dropped_of_outlet if target_less else target),
            np.flatnonzero(~keep if kept_less else keep),
        )
        in_target = self.unit_term_totals[unit] - target_sum if target_less else target_sum
        kept = self.term_totals - kept_sum if kept_less else kept_sum
        counts = np.stack([in_target[:width], kept[:width] - in_target[:width]], axis=1)
        docs = np.stack([in_target[width:], kept[width:] - in_target[width:]], axis=1)
        a, b = counts[:, 0], counts[:, 1]
        keep_terms = (a + b) >= self.min_count
        if not keep_terms.any():
            return empty
        g2, p, lr, e1, e2 = g2_log_ratio(a[keep_terms], b[keep_terms], c, d)
        k = int(keep_terms.sum())
        out = pd.DataFrame(
            {
                "term": self.vocab[keep_terms],
                "count_target": a[keep_terms].astype("int64"),
                "count_reference": b[keep_terms].astype("int64"),
                "docs_target": docs[keep_terms, 0].astype("int64"),
                "docs_reference": docs[keep_terms, 1].astype("int64"),
                "total_target": np.full(k, int(c), dtype="int64"),
                "total_reference": np.full(k, int(d), dtype="int64"),
                "expected_target": e1,
                "expected_reference": e2,
                "g2": g2,
                "p_value": p,
                "log_ratio": lr,
            },
            columns=KEYNESS_COLUMNS,
        )
        out = out.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
        return out.reset_index(drop=True).assign(target=outlet, reference="the rest")

    def _row_sums(self, *row_sets: np.ndarray) -> list[np.ndarray]:
        """Column sums of the article x [term counts | term docs] matrix, over each of
        `row_sets`."""
        matrix = self.term_matrix
        out: list[np.ndarray | None] = [None] * len(row_sets)
        many = []
        for i, rows in enumerate(row_sets):
            if len(rows) < _READ_ROWS_BELOW * matrix.shape[0]:  # few: add up their entries
                out[i] = _csr_row_sum(matrix, rows)
            else:
                many.append(i)
        if many:
            # Many rows: one pass over the matrix for all of them, weighting rows by 0 or 1.
            # scipy's product reads an entry ~10x faster than gathering it out, so it wins
            # from a few percent of the rows. Counts are whole numbers: the sums are exact.
            chosen = np.zeros((matrix.shape[0], len(many)))
            for j, i in enumerate(many):
                chosen[row_sets[i], j] = 1.0
            summed = np.asarray(matrix.T @ chosen)
            for j, i in enumerate(many):
                out[i] = summed[:, j]
        return out

    def in_context(self, corpus: Any, term: str | None) -> pd.DataFrame:
        """KWIC of a typed or clicked term in the filtered articles."""
        import helpers
        from helpers.errors import InvalidValue

        if not term or not term.strip() or corpus.articles.empty:
            return pd.DataFrame(columns=KWIC_COLUMNS)
        try:
            return helpers.kwic(corpus, term.strip(), window=7, limit=200)[KWIC_COLUMNS]
        except InvalidValue:
            return pd.DataFrame(columns=KWIC_COLUMNS)

    def _kept_pairs(self, keep: np.ndarray) -> np.ndarray:
        if not len(self.pair_a):
            return np.zeros(0, dtype=bool)
        return keep[self.pair_a] & keep[self.pair_b]

    def reuse(self, corpus: Any, reuse_level: str = "outlet") -> pd.DataFrame:
        """`reuse_matrix` of the filtered articles: outlets from the precomputed pair arrays;
        articles for at most `ARTICLE_MATRIX_MAX` articles, those with most aligned
        sentences first (`shown_of` says how many there were)."""
        keep = self.keep(corpus)
        if not keep.any():
            return pd.DataFrame(columns=MATRIX_COLUMNS)
        if reuse_level == "article":
            return self._article_matrix(corpus, keep)
        units = len(self.unit_names)
        grid = units * units
        status = block_status(self.block, keep, self.pair_cells.n_blocks)
        both = self.pair_cells.sums(keep, status)  # (a, b) as the pairs have them
        n_pairs = (both[:, 0].reshape(units, units) + both[:, 0].reshape(units, units).T).ravel()
        score = (both[:, 1].reshape(units, units) + both[:, 1].reshape(units, units).T).ravel()
        aligned = self.run_cells.sums(keep, status)[:, 0]
        sent = np.bincount(self.unit_codes[keep], weights=self.n_sentences[keep], minlength=units)
        present = sent > 0  # units with sentences, as reuse_matrix has them
        a_code, b_code = np.divmod(np.arange(grid), units)
        show = present[a_code] & present[b_code]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n_pairs > 0, score / np.where(n_pairs > 0, n_pairs, 1), np.nan)
            share = aligned / sent[a_code]
        names = np.asarray(self.unit_names, dtype=object)
        out = pd.DataFrame(
            {
                "a": names[a_code[show]],
                "b": names[b_code[show]],
                "n_pairs": n_pairs[show].astype("int64"),
                "sentences_a": sent[a_code[show]].astype("int64"),
                "aligned_a": aligned[show].astype("int64"),
                "share_a": share[show],
                "mean_score": mean[show],
            }
        )
        order = np.lexsort((out["b"].astype(str), out["a"].astype(str)))
        return out.iloc[order].reset_index(drop=True)

    def _article_matrix(self, corpus: Any, keep: np.ndarray) -> pd.DataFrame:
        kept = self._kept_pairs(keep)
        shown = np.flatnonzero(keep)
        total = len(shown)
        if total > ARTICLE_MATRIX_MAX:
            busy = np.bincount(
                np.concatenate([self.pair_a[kept], self.pair_b[kept]]), minlength=self.n
            )
            rank = np.lexsort((shown, -busy[shown]))
            shown = np.sort(shown[rank[:ARTICLE_MATRIX_MAX]])
        chosen = np.zeros(self.n, dtype=bool)
        chosen[shown] = True
        rows = kept & chosen[self.pair_a] & chosen[self.pair_b] if len(kept) else kept
        pairs = self.pairs[rows] if len(rows) else self.pairs
        sub = SimpleNamespace(
            articles=take_rows(self.corpus.articles[_UNIT_COLUMNS], shown),
            sentences=self.corpus.sentences[
                (self.sent_article >= 0) & chosen[np.maximum(self.sent_article, 0)]
            ],
        )
        out = reuse_matrix(pairs, sub, level="article")
        return out.assign(shown_of=total)

    def passages(self, corpus: Any, pair: tuple[str, str, str]) -> pd.DataFrame:
        """The sentence pairs behind one cell (`(level, a, b)`), among the filtered articles."""
        level, a, b = pair
        keep = self.keep(corpus)
        if not a or not b or not keep.any() or not len(self.pair_a):
            return pd.DataFrame(columns=PASSAGE_COLUMNS)
        rows = self._cell_rows(level, a, b)
        rows = rows[keep[self.pair_a[rows]] & keep[self.pair_b[rows]]]
        if not len(rows):
            return pd.DataFrame(columns=PASSAGE_COLUMNS)
        involved = np.unique(np.concatenate([self.pair_a[rows], self.pair_b[rows]]))
        sub = SimpleNamespace(articles=take_rows(self.corpus.articles[_UNIT_COLUMNS], involved))
        found = shared_passages(self.pairs.iloc[rows], sub, a, b, level=level)
        return found[PASSAGE_COLUMNS]

    def _cell_rows(self, level: str, a: str, b: str) -> np.ndarray:
        """Rows of `pairs` between `a` and `b` (articles or outlets), found once per cell."""
        cache = self.__dict__.setdefault("_cell_cache", {})
        key = (level, a, b)
        if key not in cache:
            if level == "article":
                ia, ib = self.ids.get_indexer([a, b])
                x, y = self.pair_a, self.pair_b
            else:
                ia, ib = pd.Index(np.asarray(self.unit_names, dtype=object)).get_indexer([a, b])
                x, y = self.unit_codes[self.pair_a], self.unit_codes[self.pair_b]
            found = ((x == ia) & (y == ib)) | ((x == ib) & (y == ia))
            cache[key] = np.flatnonzero(found & (ia >= 0) & (ib >= 0))
            while len(cache) > 8:  # a few cells: the selector's recent choices
                cache.pop(next(iter(cache)))
        return cache[key]

    def wire_claims(self, corpus: Any) -> pd.DataFrame:
        """`wire_derivation` over the pairs whose two articles pass the filters, from counts
        pre-summed per block (`aggregate_claims`' table)."""
        keep = self.keep(corpus)
        if not keep.any() or not len(self.claim_rows):
            return pd.DataFrame(columns=WIRE_COLUMNS)
        status = block_status(self.block, keep, self.claim_rows.n_blocks)
        rows = self.claim_rows.sums(keep, status)
        used = np.flatnonzero(rows[:, 0] > 0)  # (outlet, wire) cells in sorted order
        if not len(used):
            return pd.DataFrame(columns=WIRE_COLUMNS)
        mask = self.claim_pairs.kept_mask(keep, status)[self.pair_unit_order]
        labels, pair_cells = self.pair_unit_label[mask], self.pair_unit_cell[mask]
        lo, hi = (
            np.searchsorted(pair_cells, used, "left"),
            np.searchsorted(pair_cells, used, "right"),
        )
        counted = {
            name: counts.sums(keep, status)[used, 0]
            for name, counts in (
                ("n_articles", self.claim_articles), ("n_wire_articles", self.claim_sources),
                ("aligned_sentences", self.claim_sentences),
                ("credited_articles", self.claim_credited),
            )
        }  # fmt: skip
        n_wires = max(len(self.wire_names), 1)
        names = np.asarray(self.unit_names, dtype=object)
        out = pd.DataFrame(
            {
                "outlet": names[used // n_wires],
                "wire": self.wire_names[used % n_wires],
                "n_pairs": (hi - lo).astype("int64"),
                "n_articles": counted["n_articles"].astype("int64"),
                "n_wire_articles": counted["n_wire_articles"].astype("int64"),
                "mean_score": rows[used, 1] / rows[used, 0],
            }
        )
        sent = np.bincount(self.unit_codes[keep], weights=self.n_sentences[keep],
                           minlength=len(self.unit_names))  # fmt: skip
        out["aligned_sentences"] = counted["aligned_sentences"].astype("int64")
        out["outlet_sentences"] = sent[used // n_wires].astype("int64")
        out["share"] = out["aligned_sentences"] / out["outlet_sentences"].where(
            out["outlet_sentences"] > 0
        )
        out["credited_articles"] = counted["credited_articles"].astype("int64")
        # a claim whose pairs are all kept reuses its full tuple (built once): the tuples of
        # every pair behind a claim are most of this table's cost when little is filtered
        full_lo, full_hi = self.pair_cell_bounds[used].T
        whole = (hi - lo) == (full_hi - full_lo)
        values = [] if whole.all() else labels.tolist()
        out["pair_index"] = [
            self._full_pair_index(cell) if w else tuple(values[a:b])
            for cell, w, a, b in zip(used.tolist(), whole.tolist(), lo, hi, strict=True)
        ]
        out = out[WIRE_COLUMNS]
        return out.sort_values(["n_pairs", "outlet"], ascending=[False, True]).reset_index(
            drop=True
        )

    def _full_pair_index(self, cell: int) -> tuple:
        """Every pair label behind one (outlet, wire) claim, sorted; built once per claim."""
        found = self._full_pair_tuples.get(cell)
        if found is None:
            lo, hi = self.pair_cell_bounds[cell]
            found = self._full_pair_tuples[cell] = tuple(self.pair_unit_label[lo:hi].tolist())
        return found

    def voices(self, corpus: Any) -> pd.DataFrame:
        """`voice_shares` of the filtered articles, summed from precomputed codes."""
        keep = self.keep(corpus)
        if not keep.any():
            return voice_shares(self.quotes.iloc[0:0], corpus.articles)
        units, speakers = len(self.unit_names), len(self.speaker_names)
        grid = units * speakers
        n_quotes, words = self.voice_sums.sums(keep).T
        outlet_words = np.bincount(self.unit_codes[keep], weights=self.sizes[keep], minlength=units)
        outlet_articles = np.bincount(self.unit_codes[keep], minlength=units)
        quoted = np.bincount(np.arange(grid) // speakers, weights=words, minlength=units)
        said = np.flatnonzero(n_quotes > 0)
        silent = np.flatnonzero((outlet_articles > 0) & (quoted == 0) & ~np.isin(
            np.arange(units), said // speakers))  # fmt: skip
        names = np.asarray(self.unit_names, dtype=object)
        out = pd.DataFrame(
            {
                "outlet": np.concatenate([names[said // speakers], names[silent]]),
                "speaker": np.concatenate(
                    [self.speaker_names[said % speakers],
                     np.full(len(silent), "(nobody quoted)", dtype=object)]
                ),
                "n_quotes": np.concatenate([n_quotes[said], np.zeros(len(silent))]),
                "quoted_words": np.concatenate([words[said], np.zeros(len(silent))]),
            }
        )  # fmt: skip
        unit = np.concatenate([said // speakers, silent])
        out["outlet_quoted_words"] = quoted[unit]
        out["share"] = np.where(
            out["outlet_quoted_words"] > 0,
            out["quoted_words"] / np.where(quoted[unit] > 0, quoted[unit], 1),
            0.0,
        )
        out["outlet_articles"] = outlet_articles[unit].astype("int64")
        out["outlet_words"] = outlet_words[unit].astype("int64")
        with np.errstate(invalid="ignore", divide="ignore"):
            out["share_of_text"] = out["quoted_words"] / out["outlet_words"].where(
                out["outlet_words"] > 0
            )
        for col in ("n_quotes", "quoted_words", "outlet_quoted_words"):
            out[col] = out[col].astype("int64")
        return out.sort_values(
            ["outlet", "share", "speaker"], ascending=[True, False, True]
        ).reset_index(drop=True)

    def direct_quotes(self, corpus: Any) -> pd.DataFrame:
        """The direct quotes of the filtered articles (`QUOTE_SHOWN` columns)."""
        return self.direct[self._rows(self.direct_article, corpus)]

    def naming_choices(self, corpus: Any) -> pd.DataFrame:
        """`naming_shares` of the filtered articles, summed per (outlet, group, name) cell
        from precomputed codes."""
        names, groups, forms = self.name_labels
        n_forms = len(forms)
        count = self.name_sums.sums(self.keep(corpus))[:, 0]
        used = np.flatnonzero(count > 0)  # in (outlet, group, name) order, as groupby sorts
        if not len(used):
            return naming_shares(self.names.iloc[0:0])  # the verb's columns and dtypes
        unit, form = np.divmod(used, n_forms)
        out = pd.DataFrame(
            {
                "outlet": names[unit],
                "group": groups[form],
                "name": forms[form],
                "count": count[used].astype("int64"),
            }
        )
        n_groups = int(self.form_group.max()) + 1 if n_forms else 1
        key = unit * n_groups + self.form_group[form]
        total = np.bincount(key, weights=count[used], minlength=len(names) * n_groups)
        out["group_count"] = total[key].astype("int64")
        out["share"] = out["count"] / out["group_count"]
        return out.sort_values(
            ["outlet", "group", "share"], ascending=[True, True, False]
        ).reset_index(drop=True)

    def _rows(self, positions: np.ndarray, corpus: Any) -> np.ndarray:
        keep = self.keep(corpus)
        rows = positions >= 0
        rows[rows] = keep[positions[rows]]
        return rows

    # ---- selector options --------------------------------------------------------------
    def short_labels(self) -> dict[str, str]:
        from helpers.figures.template import outlet_label

        arts = self.corpus.articles
        return {
            a: f"{a[:3]} · {outlet_label(o)}"
            for a, o in zip(arts["article_id"], arts["outlet"], strict=True)
        }

    def outlet_names(self) -> list[str]:
        if "outlet" not in self.corpus.articles:
            return []
        return sorted(self.corpus.articles["outlet"].dropna().unique(), key=str.casefold)

    def pair_options(self, *, top: int = 200) -> list[tuple[str, tuple[str, str, str]]]:
        """Cells with shared passages, busiest first, for the "Passages of" selector."""
        short = self.short_labels()
        options = []
        everything = SimpleNamespace(articles=self.corpus.articles)
        for level in ("article", "outlet"):
            cells = self.reuse(everything, level)
            if cells.empty:
                continue
            cells = cells[
                (cells["n_pairs"] > 0) & (cells["a"].astype(str) < cells["b"].astype(str))
            ]
            for row in cells.sort_values("n_pairs", ascending=False).head(top).itertuples():
                name = f"{short.get(row.a, row.a)} ↔ {short.get(row.b, row.b)}"
                options.append((f"{level}: {name} ({row.n_pairs})", (level, row.a, row.b)))
        return options or [("no shared passages", ("article", "", ""))]


def _csr_row_sum(matrix: Any, rows: np.ndarray) -> np.ndarray:
    """Column sums of some rows of a CSR matrix, read from its arrays in pieces.

    `matrix[rows].sum(axis=0)` copies the rows into a new matrix first: fresh memory for
    millions of entries, which costs more to fault in than the sum. Pieces are at least a
    few times the width, so that adding each piece's width-long sum stays the smaller cost.
    """
    width = matrix.shape[1]
    total = np.zeros(width)
    step = max(frames.BATCH_ROWS, _PIECE_WIDTHS * width)
    for entries in range_batches(matrix.indptr[rows], matrix.indptr[rows + 1], rows=step):
        total += np.bincount(matrix.indices[entries], weights=matrix.data[entries], minlength=width)
    return total


def build_panel(
    corpus: Any,
    *,
    min_count: int = 3,
    window_days: int | None = 3,
    same_event: bool = True,
    workers: int | None = None,
    export_dir: str | None = None,
    views: OutletViews | None = None,
) -> Any:
    """The 03 notebook's filter panel over `corpus`, with every outlet-comparison view.

    Runs `OutletViews.build` (unless `views` is given) and returns the `FilterPanel`; the
    tables are `panel.outlet_views`, the figure and table widgets `panel.views`, and the
    notebook's controls `panel.outlet_controls` (`outlet`, `term`, `reuse_level`, `pair`).
    `window_days` and `same_event` decide which articles are compared for text reuse (see
    `align_sentences`).
    """
    import ipywidgets as widgets

    import helpers
    from helpers.figures import outlets as figs
    from helpers.figures.template import UNKNOWN_OUTLET, escape
    from helpers.panel import replace_walkthrough_panel

    replace_walkthrough_panel("03-outlets")  # the old panel's memory goes before the build
    views = views or OutletViews.build(
        corpus, min_count=min_count, window_days=window_days, same_event=same_event,
        workers=workers,
    )  # fmt: skip
    corpus = views.corpus
    short = views.short_labels()
    outlet_names = views.outlet_names()
    level_default = "article" if len(corpus.articles) <= ARTICLE_MATRIX_MAX else "outlet"
    pair_options = views.pair_options()

    panel = helpers.FilterPanel(corpus, date_field="event_date", export_dir=export_dir or "figures")
    outlet = panel.add_control(
        "outlet",
        widgets.Dropdown(
            options=outlet_names or [("no outlets", None)],
            value=outlet_names[0] if outlet_names else None,
            description="Compare outlet",
        ),
    )
    term = panel.add_control(
        "term",
        widgets.Text(
            value="", description="KWIC term", continuous_update=False, placeholder="click a bar"
        ),
    )
    reuse_level = panel.add_control(
        "reuse_level",
        widgets.ToggleButtons(
            options=["article", "outlet"], value=level_default, description="Reuse by"
        ),
    )
    pair = panel.add_control(
        "pair",
        widgets.Dropdown(options=pair_options, value=pair_options[0][1], description="Passages of"),
    )
    panel.add_view("outlet-profiles", views.profiles, figs.profile_table)
    keyness_view = panel.add_view("keyness", views.keyness, figs.keyness_bars, controls=("outlet",))
    panel.add_table("kwic", views.in_context, controls=("term",))
    reuse_view = panel.add_view(
        "reuse-matrix",
        views.reuse,
        lambda m: figs.reuse_heatmap(m, labels=short),
        controls=("reuse_level",),
    )
    panel.add_table("shared-passages", views.passages, controls=("pair",))
    panel.add_table("wire-derivation", views.wire_claims)
    panel.add_view("voices", views.voices, figs.voice_bars)
    panel.add_table("direct-quotes", views.direct_quotes)
    panel.add_view("naming", views.naming_choices, figs.naming_bars)

    def on_term_click(trace: Any, points: Any, state: Any) -> None:
        if points.point_inds:
            term.value = str(trace.customdata[points.point_inds[0]])

    for trace in keyness_view.data:
        trace.on_click(on_term_click)

    by_label = {escape(short.get(u, u)): u for u in short} | {
        escape(o): o for o in [*outlet_names, UNKNOWN_OUTLET, NO_OUTLET]
    }

    def on_cell_click(trace: Any, points: Any, state: Any) -> None:
        if not points.xs:
            return
        a, b = by_label.get(points.ys[0]), by_label.get(points.xs[0])
        wanted = [
            v for _, v in pair_options if v[0] == reuse_level.value and {v[1], v[2]} == {a, b}
        ]
        if wanted:
            pair.value = wanted[0]

    for trace in reuse_view.data:
        trace.on_click(on_cell_click)
    panel.outlet_views = views
    panel.outlet_controls = {"outlet": outlet, "term": term, "reuse_level": reuse_level,
                             "pair": pair}  # fmt: skip
    replace_walkthrough_panel("03-outlets", panel)
    helpers.panel.settle_heap()  # the panel's objects are long-lived: keep full collections short
    return panel


__all__ = ["NAMING_COLUMNS", "PAIR_COLUMNS", "QUOTE_COLUMNS", "OutletViews", "build_panel"]
