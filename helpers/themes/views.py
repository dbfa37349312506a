"""The theme walkthrough's views: per-article tables computed once, views only select and sum.

`ThemeViews.build(corpus)` runs the expensive work once (theme hits, per-article theme,
term and n-gram counts) and lays the results out by article *position*. Each view method
takes the panel's filtered corpus and the panel's controls (`theme`, `kwic` for a typed
KWIC query, `date_field`), turns the corpus into a boolean mask over positions and only
selects and sums (`np.bincount`), so a filter change stays cheap at 100,000 articles.
`ThemeViews.corpus` is an `IndexedCorpus`, whose `subset` records positions instead of
filtering every frame. `build_panel` is the notebook's panel, in one call:

    panel = build_panel(corpus)                 # or build_panel(corpus, views=views)
    panel.value = {"outlets": ["ANTARA"]}       # every view redraws
    panel.theme_views.heatmap(panel.corpus, theme="taiwan")   # the frame behind a view
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from helpers.frames import range_batches, take_rows
from helpers.text import fold
from helpers.themes._lookup import positions
from helpers.themes.counts import (
    article_theme_counts,
    assemble_counts,
    group_keys,
    match_summary,
    theme_counts,
    with_themes,
)
from helpers.themes.kwic import kwic_rows
from helpers.themes.lexicon import Lexicon, as_lexicon
from helpers.themes.match import theme_hits
from helpers.themes.terms import Counted, _phrases, _sentences, ngram_arrays, term_arrays_from
from helpers.themes.tokens import token_table

if TYPE_CHECKING:
    from helpers.panel import FilterPanel

KWIC_SHOWN = [
    "outlet",
    "published",
    "title",
    "left",
    "match",
    "right",
    "theme",
    "pattern",
    "article_id",
]


QUERIES_KEPT = 8  # typed KWIC queries whose scans are kept
KWIC_ROWS = 100  # rows of the KWIC table: rendering a row costs more than finding it


@dataclass(frozen=True)
class CountTable:
    """Per-article counts laid out for fast sums over any set of articles.

    Rows are grouped by article (a block per article, `starts` gives the offsets; `block`
    maps an article's corpus position to its block, -1 without tokens) and the unit (term
    or n-gram) is an integer code, so a sum over the filtered articles is a gather plus one
    `np.bincount`, with no hashing of strings per filter change. A selection of more than
    half the rows is summed as the whole minus the rest (the whole is summed once).
    """

    unit: str
    index: pd.Index  # article ids, one block each
    starts: np.ndarray  # block offsets, len(index) + 1
    codes: np.ndarray
    counts: np.ndarray
    names: np.ndarray
    block: np.ndarray | None = None  # corpus position -> block (None: look ids up)
    _whole: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _cells: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def add_cells(self, cell: np.ndarray) -> None:
        """Pre-sum the counts per cell (a group code per corpus position, e.g. outlet x month).

        A filter that takes whole cells (outlets, languages, months) is then summed over a
        few hundred cells; only the articles of partly selected cells are summed one by one.
        """
        if self.block is None or not len(self.codes):
            return
        n_cells = int(cell.max()) + 1 if len(cell) else 0
        owner = np.full(len(self.index), -1, dtype=np.int64)
        known = self.block >= 0
        owner[self.block[known]] = cell[known]
        row_cell = np.repeat(owner, np.diff(self.starts))
        key = row_cell * len(self.names) + self.codes
        uniq, inverse = np.unique(key, return_inverse=True)
        self._cells.update(
            cell=cell,
            sizes=np.bincount(cell, minlength=n_cells),
            starts=np.searchsorted(uniq // len(self.names), np.arange(n_cells + 1)),
            codes=(uniq % len(self.names)).astype(np.int64),
            counts=np.bincount(inverse, weights=self.counts, minlength=len(uniq)),
            docs=np.bincount(inverse, minlength=len(uniq)).astype(np.float64),
        )

    @classmethod
    def from_counted(
        cls, counted: Counted, unit: str, corpus_index: pd.Index | None = None
    ) -> CountTable:
        """From `term_arrays`/`ngram_arrays` output; `corpus_index` orders blocks by position."""
        index = pd.Index(counted.articles.astype(str))
        sizes = np.bincount(counted.art, minlength=len(counted.articles))
        order = np.argsort(counted.art, kind="stable")
        block = None
        if corpus_index is not None:
            block = np.full(len(corpus_index), -1, dtype=np.int64)
            pos = positions(index, corpus_index) if len(index) else np.empty(0, np.int64)
            block[pos[pos >= 0]] = np.flatnonzero(pos >= 0)
        return cls(
            unit=unit,
            index=index,
            starts=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            codes=counted.code[order].astype(np.int32),
            counts=counted.count[order].astype(np.int32),
            names=counted.names,
            block=block,
        )

    @classmethod
    def from_frame(cls, counted: pd.DataFrame, unit: str) -> CountTable:
        """From a long frame `article_id`, unit, `count` (e.g. `term_counts(by="article")`)."""
        articles = pd.Categorical(counted["article_id"].astype("str"))
        names = pd.Categorical(counted[unit].astype("str"))
        order = np.argsort(articles.codes, kind="stable")
        sizes = np.bincount(articles.codes, minlength=len(articles.categories))
        return cls(
            unit=unit,
            index=pd.Index(articles.categories),
            starts=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            codes=names.codes[order].astype(np.int32),
            counts=counted["count"].to_numpy(dtype=np.int32)[order],
            names=np.asarray(names.categories, dtype=object),
        )

    def _sum(self, blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Occurrences and articles per unit over some blocks."""
        n = len(self.names)
        count, docs = np.zeros(n), np.zeros(n, dtype=np.int64)
        for rows in range_batches(self.starts[blocks], self.starts[blocks + 1]):
            codes = self.codes[rows]
            count += np.bincount(codes, weights=self.counts[rows], minlength=n)
            docs += np.bincount(codes, minlength=n)
        return count.astype(np.int64), docs

    def _sum_mask(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sums over the blocks `chosen` (boolean per block), as whole minus rest when cheaper."""
        sizes = np.diff(self.starts)
        inside = int(sizes[chosen].sum())
        if inside * 2 <= len(self.codes):
            return self._sum(np.flatnonzero(chosen))
        if not self._whole:
            count, docs = self._sum(np.arange(len(self.index)))
            self._whole.update(count=count, docs=docs)
        count, docs = self._sum(np.flatnonzero(~chosen))
        return self._whole["count"] - count, self._whole["docs"] - docs

    def _top(
        self, count: np.ndarray, docs: np.ndarray, top: int | None, min_count: int
    ) -> pd.DataFrame:
        keep = np.flatnonzero(count >= max(min_count, 1))
        order = keep[np.lexsort((self.names[keep].astype(str), -count[keep]))]
        if top is not None:
            order = order[:top]
        return pd.DataFrame(
            {
                self.unit: pd.array(self.names[order], dtype="str"),
                "count": count[order],
                "articles": docs[order],
            }
        )

    def total(
        self, article_ids: pd.Series, *, top: int | None = 20, min_count: int = 1
    ) -> pd.DataFrame:
        """unit, `count`, `articles` over `article_ids`, most frequent first (ties by name)."""
        pos = positions(pd.Series(article_ids).astype("str"), self.index)
        chosen = np.zeros(len(self.index), dtype=bool)
        chosen[pos[pos >= 0]] = True
        return self._top(*self._sum_mask(chosen), top, min_count)

    def total_mask(
        self, mask: np.ndarray, *, top: int | None = 20, min_count: int = 1
    ) -> pd.DataFrame:
        """`total` over a boolean mask of corpus positions (needs `corpus_index` at build)."""
        if self.block is None:
            raise ValueError("total_mask needs a CountTable built with corpus_index")
        c = self._cells
        if c and mask.any() and not mask.all():
            picked = np.bincount(c["cell"][mask], minlength=len(c["sizes"]))
            whole = picked == c["sizes"]
            partial = (picked > 0) & ~whole
            rest = mask & partial[c["cell"]]
            if rest.sum() * 4 < mask.sum():  # mostly whole cells: sum them, then the rest
                count, docs = self._cell_sum(np.flatnonzero(whole & (picked > 0)))
                blocks = self.block[rest]
                more, more_docs = self._sum(blocks[blocks >= 0])
                return self._top(count + more, docs + more_docs, top, min_count)
        blocks = self.block[mask]
        chosen = np.zeros(len(self.index), dtype=bool)
        chosen[blocks[blocks >= 0]] = True
        return self._top(*self._sum_mask(chosen), top, min_count)

    def _cell_sum(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c, n = self._cells, len(self.names)
        count, docs = np.zeros(n), np.zeros(n)
        for rows in range_batches(c["starts"][cells], c["starts"][cells + 1]):
            codes = c["codes"][rows]
            count += np.bincount(codes, weights=c["counts"][rows], minlength=n)
            docs += np.bincount(codes, weights=c["docs"][rows], minlength=n)
        return np.rint(count).astype(np.int64), np.rint(docs).astype(np.int64)


class IndexedCorpus:
    """A corpus whose `subset` is cheap: it records positions and selects rows only when read.

    The filter panel subsets its corpus on every change; a real `Corpus.subset` filters
    every frame (a million sentences at 100,000 articles) although the views only need to
    know *which* articles are in. Here `subset` costs one id lookup; `articles`,
    `sentences` and any other frame are selected on first access and kept.
    """

    def __init__(
        self,
        base: Any,
        articles: pd.DataFrame,
        index: pd.Index,
        sentence_article: np.ndarray,
        selected: np.ndarray | None = None,
        shared: dict[str, Any] | None = None,
    ) -> None:
        self._base = base
        self._all = articles
        self._index = index
        self._sentence_article = sentence_article
        self._selected = selected  # sorted article positions, None for all
        self._frames: dict[str, Any] = {}
        self._shared: dict[str, Any] = shared if shared is not None else {}  # across subsets

    def _lookup(self) -> dict[str, int]:
        if "lookup" not in self._shared:
            self._shared["lookup"] = {str(k): i for i, k in enumerate(self._index.tolist())}
        return self._shared["lookup"]

    @property
    def mask(self) -> np.ndarray:
        """Boolean per article of the whole corpus: is it in this subset."""
        if "mask" not in self._frames:
            mask = np.zeros(len(self._index), dtype=bool)
            if self._selected is None:
                mask[:] = True
            else:
                mask[self._selected] = True
            self._frames["mask"] = mask
        return self._frames["mask"]

    @property
    def articles(self) -> pd.DataFrame:
        if self._selected is None:
            return self._all
        if "articles" not in self._frames:
            self._frames["articles"] = take_rows(self._all, self._selected)
        return self._frames["articles"]

    @property
    def sentences(self) -> pd.DataFrame:
        if self._selected is None:
            return self._base.sentences
        if "sentences" not in self._frames:
            keep = self.mask[self._sentence_article] if len(self._sentence_article) else []
            self._frames["sentences"] = self._base.sentences[keep]
        return self._frames["sentences"]

    def subset(self, article_ids: Iterable[str]) -> IndexedCorpus:
        """The articles `article_ids` (unknown ids are ignored, as `Corpus.subset` does)."""
        lookup = self._lookup()
        ids = article_ids.tolist() if isinstance(article_ids, pd.Series | pd.Index) else article_ids
        # a dict beats a hash-join here: the panel passes a fresh list of up to N ids each time
        pos = np.fromiter((lookup.get(i, -1) for i in ids), dtype=np.int64)
        pos = np.unique(pos[pos >= 0])
        if self._selected is not None:
            pos = pos[self.mask[pos]]
        return IndexedCorpus(
            self._base, self._all, self._index, self._sentence_article, pos, self._shared
        )

    def __getattr__(self, name: str) -> Any:  # report, removed, extracted, ...
        if name.startswith("_"):
            raise AttributeError(name)
        if self._selected is None:
            return getattr(self._base, name)
        if "corpus" not in self._frames:
            self._frames["corpus"] = self._base.subset(self._index[self._selected].tolist())
        return getattr(self._frames["corpus"], name)

    def __repr__(self) -> str:
        n = len(self._index) if self._selected is None else len(self._selected)
        return f"IndexedCorpus({n} of {len(self._index)} articles)"


class _QueryScan:
    """A typed KWIC query's hits, scanned over the corpus's sentences a chunk at a time.

    A redraw needs the first `limit` hits among the filtered articles: chunks are scanned
    (in corpus order) only until there are that many, and what was scanned is kept, so a
    filter change with the same query usually scans nothing.
    """

    FIRST_CHUNK = 20_000

    def __init__(
        self,
        lexicon: Lexicon,
        sentences: pd.DataFrame,
        article: np.ndarray,
        locate: Callable[[pd.DataFrame], np.ndarray],
    ) -> None:
        self.lexicon = lexicon
        self.locate = locate  # hits -> their sentence rows
        self.sentences = sentences
        self.article = article  # article position of every sentence row
        self.scanned = 0
        self.parts: list[pd.DataFrame] = []
        self.hit_rows: list[np.ndarray] = []
        self.chunk = self.FIRST_CHUNK
        self.joined: pd.DataFrame | None = None

    def first(self, mask: np.ndarray, limit: int) -> tuple[pd.DataFrame, np.ndarray]:
        """Up to `limit` hits in masked articles (corpus order) and their sentence rows."""
        while True:
            rows = np.concatenate(self.hit_rows) if self.hit_rows else np.empty(0, np.int64)
            inside = np.flatnonzero(mask[self.article[rows]]) if rows.size else rows
            if len(inside) >= limit or self.scanned >= len(self.sentences):
                break
            lo, hi = self.scanned, min(self.scanned + self.chunk, len(self.sentences))
            part = self.sentences.iloc[lo:hi]
            found = theme_hits(part, self.lexicon)
            self.hit_rows.append(self.locate(found))
            self.parts.append(found)
            self.scanned, self.chunk = hi, self.chunk * 2
        if self.joined is None or len(self.joined) != sum(len(p) for p in self.parts):
            self.joined = (
                pd.concat(self.parts, ignore_index=True)
                if self.parts
                else theme_hits(self.sentences.iloc[:0], self.lexicon)
            )
        chosen = inside[:limit]
        return _hit_frame(self.joined, chosen), rows[chosen]


@dataclass(frozen=True)
class ThemeViews:
    """Precomputed tables for one corpus and lexicon (see the module docstring).

    Besides the tidy tables, `build` lays out per-article arrays indexed by the article's
    position in the corpus: hits as (article, theme, hits) triples, words per article,
    per-hit article position, theme and sentence row, and (lazily, per grouping) group
    codes. A view turns the filtered corpus into a boolean mask over positions and sums.
    """

    corpus: Any  # an IndexedCorpus whose articles carry a `themes` column (for the panel)
    lexicon: Lexicon
    hits: pd.DataFrame
    per_article: pd.DataFrame  # article_theme_counts(hits): article x theme with hits only
    terms: CountTable  # term_counts(by="article")
    bigrams: CountTable  # ngrams(n=2, by="article")
    index: pd.Index = field(repr=False, default_factory=pd.Index)  # article ids by position
    arrays: dict[str, np.ndarray] = field(repr=False, default_factory=dict)
    _cache: dict[Any, Any] = field(repr=False, default_factory=dict, compare=False)

    @classmethod
    def build(cls, corpus: Any, lexicon: Lexicon | str | None = None) -> ThemeViews:
        """Run every per-article computation once."""
        lex = as_lexicon(lexicon)
        if isinstance(corpus, IndexedCorpus):
            corpus = corpus._base
        hits = theme_hits(corpus, lex)
        articles = with_themes(corpus.articles, hits)
        index = pd.Index(articles["article_id"].astype("str"))
        sentences = _sentences(corpus)  # with each article's language
        tokens = token_table(sentences["text"].fillna("").astype(str).tolist())  # once for all
        per_article = article_theme_counts(hits)
        n_themes = len(lex.theme_ids)
        sent_art = positions(sentences["article_id"], index)
        sent_no = sentences["sentence"].to_numpy(dtype=np.int64)
        width = int(sent_no.max()) + 1 if len(sent_no) else 1
        sent_key = sent_art * width + sent_no
        order = np.argsort(sent_key, kind="stable")
        key_sorted = sent_key[order]
        hit_art = positions(hits["article_id"], index)
        hit_key = hit_art * width + hits["sentence"].to_numpy(dtype=np.int64)
        hit_row = order[np.clip(np.searchsorted(key_sorted, hit_key), 0, max(len(order) - 1, 0))]
        written, forms_written = pd.factorize(hits["match"].astype("str"))
        form_of, forms = pd.factorize(np.array([fold(str(w)) for w in forms_written], dtype=object))
        arrays = {
            "n_words": articles["n_words"].fillna(0).to_numpy(dtype=np.int64)
            if "n_words" in articles
            else np.zeros(len(articles), dtype=np.int64),
            "pa_art": positions(per_article["article_id"], index),
            "pa_theme": _theme_codes(per_article["theme"], lex),
            "pa_hits": per_article["hits"].to_numpy(dtype=np.int64),
            "sent_art": sent_art,
            "sent_order": order,
            "sent_key_sorted": key_sorted,
            "sent_width": np.array([width]),
            "hit_art": hit_art,
            "hit_theme": _theme_codes(hits["theme"], lex),
            "hit_row": hit_row.astype(np.int64),
            "hit_pattern": hits["pattern"].cat.codes.to_numpy().astype(np.int64),
            "hit_written": written.astype(np.int64),
            "hit_form": np.asarray(form_of, dtype=np.int64)[written] if len(hits) else written,
            "written": np.asarray(forms_written, dtype=object),
            "patterns": np.asarray(hits["pattern"].cat.categories, dtype=object),
            "n_themes": np.array([n_themes]),
        }
        del forms
        view_corpus = IndexedCorpus(corpus, articles, index, sent_art)
        terms = term_arrays_from(tokens, sentences)
        bigrams = ngram_arrays(sentences, n=2, keep=_phrases(lex, 2), table=tokens)
        del tokens
        terms_table = CountTable.from_counted(terms, "term", index)
        bigrams_table = CountTable.from_counted(bigrams, "ngram", index)
        cell = _cells(articles)
        terms_table.add_cells(cell)
        bigrams_table.add_cells(cell)
        views = cls(
            corpus=view_corpus,
            lexicon=lex,
            hits=hits,
            per_article=per_article,
            terms=terms_table,
            bigrams=bigrams_table,
            index=index,
            arrays=arrays,
        )
        for theme in lex.theme_ids:  # per-theme tables now, not on the first pick of a theme
            views._match_table(theme)
        return views

    @property
    def trigrams(self) -> CountTable:
        """3-gram counts (not shown by the notebook: counted on first use)."""
        if "trigrams" not in self._cache:
            sentences = _sentences(self.corpus._base)
            counted = ngram_arrays(sentences, n=3, keep=_phrases(self.lexicon, 3))
            self._cache["trigrams"] = CountTable.from_counted(counted, "ngram", self.index)
        return self._cache["trigrams"]

    def theme_options(self) -> list[tuple[str, str]]:
        """(label, id) pairs for a theme dropdown."""
        return [(t.label, t.id) for t in self.lexicon.themes]

    def default_theme(self) -> str:
        return self.lexicon.theme_ids[0]

    # ---- selection -------------------------------------------------------------------
    def mask(self, corpus: Any) -> np.ndarray:
        """Boolean per article position: which articles `corpus` (a subset) holds."""
        last = self._cache.get("last-mask")
        if last is not None and last[0] is corpus:  # every view of one redraw asks
            return last[1]
        keep = getattr(corpus, "_keep", None)  # the FilterPanel's filtered corpus: its row mask
        if isinstance(corpus, IndexedCorpus) and corpus._index is self.index:
            mask = corpus.mask
        elif (
            getattr(corpus, "_source", None) is self.corpus
            and isinstance(keep, np.ndarray)
            and keep.dtype == bool
            and len(keep) == len(self.index)
        ):
            mask = keep  # rows of self.corpus.articles are article positions
        else:
            articles = corpus.articles if hasattr(corpus, "articles") else corpus
            pos = positions(articles["article_id"].astype("str"), self.index)
            mask = np.zeros(len(self.index), dtype=bool)
            mask[pos[pos >= 0]] = True
        self._cache["last-mask"] = (corpus, mask)
        return mask

    def _grouping(self, by: str, date_field: str, freq: str) -> tuple[np.ndarray, pd.DataFrame]:
        """Group code per article position and the groups' key values (in key order)."""
        key = (by, date_field if by == "period" else None, freq if by == "period" else None)
        if key not in self._cache:
            keyframe, keys = group_keys(self.corpus.articles, [by], freq, date_field)
            grouped = keyframe.groupby(keys, dropna=False, sort=True, observed=True)
            codes = grouped.ngroup().to_numpy().astype(np.int64)
            groups = grouped.agg(articles=("article_id", "size")).reset_index()[keys]
            if by == "period":  # every period from the first to the last, as theme_counts shows
                dated = groups["period"].dropna()
                if len(dated):
                    span = pd.period_range(dated.min(), dated.max(), freq=freq).start_time
                    full = pd.DataFrame({"period": span})
                    if groups["period"].isna().any():
                        full = pd.concat([full, groups[groups["period"].isna()]], ignore_index=True)
                    full["period"] = full["period"].astype(groups["period"].dtype)
                    at = pd.Index(full["period"]).get_indexer(groups["period"])
                    codes, groups = at[codes], full
            self._cache[key] = (codes, groups)
        return self._cache[key]

    def _counts(
        self, corpus: Any, by: str, *, date_field: str = "published", freq: str = "M"
    ) -> pd.DataFrame:
        """`theme_counts(hits, corpus.articles, by=by)`, from the per-position arrays."""
        codes, groups = self._grouping(by, date_field, freq)
        mask = self.mask(corpus)
        a = self.arrays
        n_themes, n_groups = len(self.lexicon.theme_ids), len(groups)
        sel = np.flatnonzero(mask)
        g = codes[sel]
        n_articles = np.bincount(g, minlength=n_groups)
        words = np.bincount(g, weights=a["n_words"][sel], minlength=n_groups)
        inside = mask[a["pa_art"]] if len(a["pa_art"]) else np.zeros(0, dtype=bool)
        cell = codes[a["pa_art"][inside]] * n_themes + a["pa_theme"][inside]
        size = n_groups * n_themes
        n_hits = np.bincount(cell, weights=a["pa_hits"][inside], minlength=size)
        with_theme = np.bincount(cell, minlength=size)
        present = np.flatnonzero(n_articles > 0)
        if by == "period":
            present = self._span(present, groups, freq)
        frame = groups.iloc[present].reset_index(drop=True)
        frame["articles"] = n_articles[present]
        frame["words"] = words[present].astype(np.int64)
        take = (present[:, None] * n_themes + np.arange(n_themes)).reshape(-1)
        return assemble_counts(
            frame, [by], n_hits[take], with_theme[take], list(self.lexicon.theme_ids),
            self.lexicon.labels, freq, complete=by != "period",
        )  # fmt: skip

    @staticmethod
    def _span(present: np.ndarray, groups: pd.DataFrame, freq: str) -> np.ndarray:
        """The groups from the first to the last present period, plus the undated group."""
        periods = groups["period"]
        dated = present[periods.iloc[present].notna().to_numpy(dtype=bool)]
        undated = present[periods.iloc[present].isna().to_numpy(dtype=bool)]
        if not len(dated):
            return present
        return np.concatenate([np.arange(dated.min(), dated.max() + 1), undated])

    # ---- views -----------------------------------------------------------------------
    def heatmap(self, corpus: Any, *, theme: str | None = None, by: str = "outlet") -> pd.DataFrame:
        """Outlet (or `by`) x theme counts of the filtered articles; `selected` marks `theme`."""
        if by in self.corpus.articles.columns and by not in ("article_id", "period"):
            counts = self._counts(corpus, by)
        else:
            counts = theme_counts(self.per_article, corpus.articles, by=by, lexicon=self.lexicon)
        return counts.assign(selected=counts["theme"].astype("str") == (theme or ""))

    def over_time(
        self,
        corpus: Any,
        *,
        theme: str | None = None,
        date_field: str = "published",
        freq: str = "M",
    ) -> pd.DataFrame:
        """Theme counts per period of `date_field`; `selected` marks `theme`."""
        counts = self._counts(corpus, "period", date_field=date_field, freq=freq)
        return counts.assign(selected=counts["theme"].astype("str") == (theme or ""))

    def top_terms(self, corpus: Any, *, top: int = 20) -> pd.DataFrame:
        """The most frequent terms (stopwords removed) in the filtered articles."""
        return self.terms.total_mask(self.mask(corpus), top=top)

    def top_ngrams(self, corpus: Any, *, n: int = 2, top: int = 20) -> pd.DataFrame:
        """The most frequent `n`-grams (2 or 3) in the filtered articles."""
        table = self.bigrams if n == 2 else self.trigrams
        return table.total_mask(self.mask(corpus), top=top).assign(n=n)

    def _theme_rows(self, corpus: Any, theme: str) -> np.ndarray:
        """Positions in `hits` of the theme's hits in the filtered articles (corpus order)."""
        last = self._cache.get("last-theme-rows")
        if last is not None and last[0] is corpus and last[1] == theme:  # kwic + sample
            return last[2]
        self.lexicon.theme(theme)  # raises listing the valid ids
        key = ("theme-rows", theme)
        if key not in self._cache:
            code = list(self.lexicon.theme_ids).index(theme)
            self._cache[key] = np.flatnonzero(self.arrays["hit_theme"] == code)
        rows = self._cache[key]
        rows = rows[self.mask(corpus)[self.arrays["hit_art"][rows]]]
        self._cache["last-theme-rows"] = (corpus, theme, rows)
        return rows

    def _rows(
        self, found: pd.DataFrame, sent_rows: np.ndarray, art: np.ndarray, *, window: int,
        sort: str = "position",
    ) -> pd.DataFrame:  # fmt: skip
        """KWIC rows of some hits whose sentence rows and article positions are known."""
        sentences = self.corpus._base.sentences
        articles = self.corpus.articles
        where = np.unique(art)
        meta = {"article_id": _strings(articles["article_id"], where)}
        for c in ("outlet", "published", "title"):
            if c in articles:
                column = articles[c]
                meta[c] = (
                    column.iloc[where].reset_index(drop=True)
                    if pd.api.types.is_datetime64_any_dtype(column)
                    else pd.array(_strings(column, where), dtype=column.dtype)
                )
        return kwic_rows(
            found,
            _strings(sentences["text"], sent_rows),
            sentences["start"].to_numpy(dtype=np.int64)[sent_rows],
            pd.DataFrame(meta),
            window=window,
            sort=sort,
        )

    def _sentence_rows(self, found: pd.DataFrame) -> np.ndarray:
        """The row in `corpus.sentences` of each hit (by article position and sentence)."""
        a = self.arrays
        width = int(a["sent_width"][0])
        key = positions(found["article_id"], self.index) * width + found["sentence"].to_numpy(
            dtype=np.int64
        )
        at = np.searchsorted(a["sent_key_sorted"], key)
        return a["sent_order"][np.clip(at, 0, max(len(a["sent_order"]) - 1, 0))]

    def _query(self, query: str) -> _QueryScan:
        key = ("query", query)
        if key not in self._cache:
            adhoc = Lexicon.build(
                {"query": [query]},
                aliases=self.lexicon.alias_groups,
                exact_names=tuple(self.lexicon.exact_names),
                version="query",
            )
            scans = [k for k in self._cache if isinstance(k, tuple) and k[0] == "query"]
            for old in scans[: max(len(scans) - QUERIES_KEPT + 1, 0)]:
                del self._cache[old]
            self._cache[key] = _QueryScan(
                adhoc, self.corpus._base.sentences, self.arrays["sent_art"], self._sentence_rows
            )
        return self._cache[key]

    def kwic(
        self,
        corpus: Any,
        *,
        theme: str | None = None,
        kwic: str | None = None,
        window: int = 6,
        limit: int = KWIC_ROWS,
    ) -> pd.DataFrame:
        """KWIC of the typed query if there is one, else of the selected theme.

        At most `limit` matches (the first ones in corpus order), sorted by right context:
        context is only built for the rows shown, so the view stays cheap on a big corpus.
        A typed query is scanned once, chunk by chunk, as far as the table needs.
        """
        query = (kwic or "").strip()
        mask = self.mask(corpus)
        if query:
            scan = self._query(query)
            shown, rows = scan.first(mask, limit)
            art = self.arrays["sent_art"][rows]
            out = self._rows(shown, rows, art, window=window, sort="right")
        else:
            theme = theme or self.default_theme()
            picked = self._theme_rows(corpus, theme)[:limit]
            a = self.arrays
            out = self._rows(_hit_frame(self.hits, picked), a["hit_row"][picked], a["hit_art"][picked],
                             window=window, sort="right")  # fmt: skip
        return out[KWIC_SHOWN]

    def hit_sample(
        self, corpus: Any, *, theme: str | None = None, n: int = 15, seed: int = 0
    ) -> pd.DataFrame:
        """A random sample of the theme's hits in context, to judge the lexicon's precision."""
        theme = theme or self.default_theme()
        rows = self._theme_rows(corpus, theme)
        if len(rows) > n:
            rows = np.sort(pd.Series(rows).sample(n, random_state=seed).to_numpy())
        a = self.arrays
        out = self._rows(
            _hit_frame(self.hits, rows), a["hit_row"][rows], a["hit_art"][rows], window=8
        )
        return out[["pattern", "left", "match", "right", "outlet", "article_id"]].reset_index(
            drop=True
        )

    def matches(self, corpus: Any, *, theme: str | None = None) -> pd.DataFrame:
        """Which words matched the theme in the filtered articles, most frequent first.

        The same rows as `match_summary(hits of the filtered articles, theme=theme)`,
        counted with integer codes (pattern, folded form, written form) per hit.
        """
        theme = theme or self.default_theme()
        mask = self.mask(corpus)
        t = self._match_table(theme)
        inside = mask[t["art"]]
        if not inside.any():
            return match_summary(self.hits.iloc[:0], theme=theme)
        n_keys = len(t["key_pattern"])
        hits = np.bincount(t["key"][inside], minlength=n_keys)
        articles = np.bincount(t["pair_key"][mask[t["pair_art"]]], minlength=n_keys)
        wcount = np.bincount(t["written_pair"][inside], minlength=len(t["wp_key"]))
        # per key, the form written most often in the selection (ties: first seen overall)
        best = np.lexsort((t["wp_first"], -wcount, t["wp_key"]))
        best = best[wcount[best] > 0]
        owner = t["wp_key"][best]
        chosen = best[np.r_[True, owner[1:] != owner[:-1]]] if len(best) else best
        keys = t["wp_key"][chosen]
        a = self.arrays
        frame = pd.DataFrame(
            {
                "theme": theme,
                "pattern": a["patterns"][t["key_pattern"][keys]].astype(str),
                "match": a["written"][t["wp_written"][chosen]].astype(str),
                "hits": hits[keys].astype(np.int64),
                "articles": articles[keys].astype(np.int64),
            }
        )
        frame = frame.sort_values(["hits", "match"], ascending=[False, True], kind="stable")
        return frame.reset_index(drop=True)

    def _match_table(self, theme: str) -> dict[str, np.ndarray]:
        """Per theme (once): each hit's (pattern, folded form) key and written form, compacted."""
        cache_key = ("match-table", theme)
        if cache_key not in self._cache:
            self.lexicon.theme(theme)
            code = list(self.lexicon.theme_ids).index(theme)
            a = self.arrays
            rows = np.flatnonzero(a["hit_theme"] == code)
            n_forms = int(a["hit_form"].max()) + 1 if len(a["hit_form"]) else 1
            raw = a["hit_pattern"][rows] * n_forms + a["hit_form"][rows]
            uniq, key = np.unique(raw, return_inverse=True)
            art = a["hit_art"][rows]
            pairs = np.unique(key.astype(np.int64) * max(len(self.index), 1) + art)
            n_written = max(len(a["written"]), 1)
            wraw = key.astype(np.int64) * n_written + a["hit_written"][rows]
            wuniq, first, written_pair = np.unique(wraw, return_index=True, return_inverse=True)
            self._cache[cache_key] = {
                "art": art,
                "key": key.astype(np.int64),
                "key_pattern": uniq // n_forms,
                "pair_key": pairs // max(len(self.index), 1),
                "pair_art": pairs % max(len(self.index), 1),
                "written_pair": written_pair.astype(np.int64),
                "wp_key": wuniq // n_written,
                "wp_written": wuniq % n_written,
                "wp_first": first,
            }
        return self._cache[cache_key]


def _strings(column: pd.Series, rows: np.ndarray) -> list[Any]:
    """`column.iloc[rows].tolist()` for a few rows of a long Arrow-backed column.

    pyarrow's `take` on a column of many chunks concatenates them first (copying all of a
    million sentences to show two hundred); reading the rows from their chunks does not.
    """
    chunked = getattr(column.array, "_pa_array", None)
    if not isinstance(chunked, pa.ChunkedArray) or not len(rows):
        return column.iloc[rows].tolist()
    chunks = chunked.chunks
    bounds = np.cumsum([0, *(len(c) for c in chunks)])
    which = np.searchsorted(bounds, rows, side="right") - 1
    return [
        chunks[w][r - int(bounds[w])].as_py()
        for w, r in zip(which.tolist(), np.asarray(rows).tolist(), strict=True)
    ]


def _cells(articles: pd.DataFrame) -> np.ndarray:
    """A cell per article: outlet x language x event month (what filters select whole).

    Outlet and language filters, and event-date ranges (the notebook's date field) but
    for the months at their two ends, select whole cells; a publication-date range or a
    search selects parts of cells and is summed article by article.
    """
    parts = []
    for column in ("outlet", "language"):
        if column in articles:
            parts.append(pd.factorize(articles[column].astype("object"), use_na_sentinel=False)[0])
    for column in ("event_date",):
        if column in articles:
            dates = pd.to_datetime(articles[column], errors="coerce")
            if getattr(dates.dt, "tz", None) is not None:
                dates = dates.dt.tz_localize(None)
            parts.append(pd.factorize(dates.dt.to_period("M"), use_na_sentinel=False)[0])
    if not parts:
        return np.zeros(len(articles), dtype=np.int64)
    key = np.zeros(len(articles), dtype=np.int64)
    for codes in parts:
        key = key * (int(codes.max()) + 1 if len(codes) else 1) + codes
        key = pd.factorize(key)[0].astype(np.int64)
    return key


def _hit_frame(hits: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """The few `hits` rows a KWIC table shows, read without `take` on the long columns."""
    rows = np.asarray(rows, dtype=np.int64)
    out: dict[str, Any] = {}
    for c in ("article_id", "sentence", "theme", "pattern", "match", "start", "end"):
        column = hits[c]
        if isinstance(column.dtype, pd.CategoricalDtype):
            out[c] = pd.Categorical.from_codes(
                column.cat.codes.to_numpy()[rows], categories=column.cat.categories
            )
        elif pd.api.types.is_integer_dtype(column):
            out[c] = column.to_numpy()[rows]
        else:
            out[c] = pd.array(_strings(column, rows), dtype="str")
    return pd.DataFrame(out)


def _theme_codes(theme: pd.Series, lexicon: Lexicon) -> np.ndarray:
    ids = list(lexicon.theme_ids)
    if isinstance(theme.dtype, pd.CategoricalDtype) and list(theme.cat.categories) == ids:
        return theme.cat.codes.to_numpy().astype(np.int64)
    return pd.Categorical(theme.astype("str"), categories=ids).codes.astype(np.int64)


def build_panel(
    corpus: Any,
    *,
    lexicon: Lexicon | str | None = None,
    date_field: str = "event_date",
    views: ThemeViews | None = None,
    **panel_options: Any,
) -> FilterPanel:
    """The 02-themes panel: filters, the theme and KWIC controls, and every view.

    `corpus` is a Corpus (or a built `ThemeViews` via `views=`, to reuse its tables);
    `panel_options` go to `FilterPanel` (e.g. `export_dir`). The panel's views are:
    `theme-heatmap`, `themes-over-time`, `top-terms`, `top-bigrams` (figures), `kwic`,
    `theme-matches`, `theme-hit-sample` (tables). `panel.theme_views` holds the tables.
    """
    import ipywidgets as widgets

    from helpers.figures.themes import term_bars, theme_heatmap, themes_over_time
    from helpers.panel import FilterPanel, replace_walkthrough_panel, settle_heap

    replace_walkthrough_panel("02-themes")  # the old panel's memory goes before the build
    views = views or ThemeViews.build(corpus, lexicon)
    panel = FilterPanel(
        views.corpus, date_field=date_field, lexicon_version=views.lexicon.version,
        **panel_options,
    )  # fmt: skip
    panel.add_control(
        "theme",
        widgets.Dropdown(
            options=views.theme_options(), value=views.default_theme(), description="Theme"
        ),
    )
    panel.add_control(
        "kwic",
        widgets.Text(
            placeholder="word, phrase, glob*, ~stem or @alias (Enter)",
            description="KWIC query",
            continuous_update=False,
        ),
    )
    panel.add_view("theme-heatmap", views.heatmap, theme_heatmap, controls=("theme",))
    panel.add_view(
        "themes-over-time", views.over_time, themes_over_time, controls=("theme", "date_field")
    )
    panel.add_view("top-terms", views.top_terms, lambda f: term_bars(f, title="Top terms"))
    panel.add_view(
        "top-bigrams",
        views.top_ngrams,
        lambda f: term_bars(f, term="ngram", title="Top two-word phrases"),
    )
    panel.add_table("kwic", views.kwic, controls=("theme", "kwic"))
    panel.add_table("theme-matches", views.matches, controls=("theme",))
    panel.add_table("theme-hit-sample", views.hit_sample, controls=("theme",))
    panel.theme_views = views  # the notebook reads the tables behind the panel here
    replace_walkthrough_panel("02-themes", panel)
    settle_heap()  # the panel's objects are long-lived: keep full collections short
    return panel
