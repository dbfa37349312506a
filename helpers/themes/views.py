"""The theme walkthrough's views: per-article tables computed once, views only select and sum.

`ThemeViews.build(corpus)` runs the expensive work once (theme hits, per-article theme,
term and n-gram counts). Each view method takes the panel's filtered corpus and the
panel's controls (`theme`, `kwic` for a typed KWIC query, `date_field`) and only selects
the filtered articles' rows and aggregates them, so a filter change stays cheap.

    views = ThemeViews.build(corpus)
    panel = helpers.FilterPanel(views.corpus, lexicon_version=views.lexicon.version)
    panel.add_control("theme", views.theme_selector())
    panel.add_view("theme-heatmap", views.heatmap, theme_heatmap, controls=("theme",))
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from helpers.themes._lookup import member, positions
from helpers.themes.counts import article_theme_counts, match_summary, theme_counts, with_themes
from helpers.themes.kwic import kwic as kwic_verb
from helpers.themes.lexicon import Lexicon, as_lexicon
from helpers.themes.match import theme_hits
from helpers.themes.terms import Counted, _phrases, _sentences, ngram_arrays, term_arrays
from helpers.themes.tokens import token_table

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


def _ids(corpus: Any) -> pd.Series:
    return corpus.articles["article_id"]


@dataclass(frozen=True)
class CountTable:
    """Per-article counts laid out for fast sums over any set of articles.

    Rows are grouped by article (a block per article, `starts` gives the offsets) and
    the unit (term or n-gram) is an integer code, so a sum over the filtered articles is
    a gather plus one `np.bincount`, with no hashing of strings per filter change.
    """

    unit: str
    index: pd.Index  # article ids, one block each
    starts: np.ndarray  # block offsets, len(index) + 1
    codes: np.ndarray
    counts: np.ndarray
    names: np.ndarray

    @classmethod
    def from_counted(cls, counted: Counted, unit: str) -> CountTable:
        """From `term_arrays`/`ngram_arrays` output (rows already grouped by article)."""
        sizes = np.bincount(counted.art, minlength=len(counted.articles))
        order = np.argsort(counted.art, kind="stable")
        return cls(
            unit=unit,
            index=pd.Index(counted.articles.astype(str)),
            starts=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            codes=counted.code[order].astype(np.int64),
            counts=counted.count[order].astype(np.int64),
            names=counted.names,
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
            codes=names.codes[order].astype(np.int64),
            counts=counted["count"].to_numpy(dtype=np.int64)[order],
            names=np.asarray(names.categories, dtype=object),
        )

    def total(
        self, article_ids: pd.Series, *, top: int | None = 20, min_count: int = 1
    ) -> pd.DataFrame:
        """unit, `count`, `articles` over `article_ids`, most frequent first (ties by name)."""
        pos = positions(pd.Series(article_ids).astype("str"), self.index)
        pos = pos[pos >= 0]
        lo, hi = self.starts[pos], self.starts[pos + 1]
        sizes = hi - lo
        rows = np.repeat(lo - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes) + np.arange(
            sizes.sum()
        )
        codes = self.codes[rows]
        count = np.bincount(codes, weights=self.counts[rows], minlength=len(self.names)).astype(
            np.int64
        )
        docs = np.bincount(codes, minlength=len(self.names)).astype(np.int64)
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


@dataclass(frozen=True)
class ThemeViews:
    """Precomputed tables for one corpus and lexicon (see the module docstring)."""

    corpus: Any  # the corpus, its articles carrying a `themes` column (for the panel's filter)
    lexicon: Lexicon
    hits: pd.DataFrame
    per_article: pd.DataFrame  # article_theme_counts(hits): article x theme with hits only
    terms: CountTable  # term_counts(by="article")
    bigrams: CountTable  # ngrams(n=2, by="article")
    trigrams: CountTable  # ngrams(n=3, by="article")

    @classmethod
    def build(cls, corpus: Any, lexicon: Lexicon | str | None = None) -> ThemeViews:
        """Run every per-article computation once."""
        lex = as_lexicon(lexicon)
        hits = theme_hits(corpus, lex)
        articles = with_themes(corpus.articles, hits)
        sentences = _sentences(corpus)
        tokens = token_table(sentences["text"].fillna("").astype(str).tolist())  # once for both n
        return cls(
            corpus=replace(corpus, articles=articles),
            lexicon=lex,
            hits=hits,
            per_article=article_theme_counts(hits),
            terms=CountTable.from_counted(term_arrays(corpus.articles), "term"),
            bigrams=CountTable.from_counted(
                ngram_arrays(sentences, n=2, keep=_phrases(lex, 2), table=tokens), "ngram"
            ),
            trigrams=CountTable.from_counted(
                ngram_arrays(sentences, n=3, keep=_phrases(lex, 3), table=tokens), "ngram"
            ),
        )

    def theme_options(self) -> list[tuple[str, str]]:
        """(label, id) pairs for a theme dropdown."""
        return [(t.label, t.id) for t in self.lexicon.themes]

    def default_theme(self) -> str:
        return self.lexicon.theme_ids[0]

    def heatmap(self, corpus: Any, *, theme: str | None = None, by: str = "outlet") -> pd.DataFrame:
        """Outlet (or `by`) x theme counts of the filtered articles; `selected` marks `theme`."""
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
        counts = theme_counts(
            self.per_article,
            corpus.articles,
            by="period",
            freq=freq,
            date_field=date_field,
            lexicon=self.lexicon,
        )
        return counts.assign(selected=counts["theme"].astype("str") == (theme or ""))

    def top_terms(self, corpus: Any, *, top: int = 20) -> pd.DataFrame:
        """The most frequent terms (stopwords removed) in the filtered articles."""
        return self.terms.total(_ids(corpus), top=top)

    def top_ngrams(self, corpus: Any, *, n: int = 2, top: int = 20) -> pd.DataFrame:
        """The most frequent `n`-grams (2 or 3) in the filtered articles."""
        table = self.bigrams if n == 2 else self.trigrams
        return table.total(_ids(corpus), top=top).assign(n=n)

    def _theme_hits(self, corpus: Any, theme: str) -> pd.DataFrame:
        hits = self.hits[self.hits["theme"] == theme]
        return hits[member(hits["article_id"], _ids(corpus))]

    def kwic(
        self,
        corpus: Any,
        *,
        theme: str | None = None,
        kwic: str | None = None,
        window: int = 6,
        limit: int = 200,
    ) -> pd.DataFrame:
        """KWIC of the typed query if there is one, else of the selected theme.

        At most `limit` matches (the first ones in corpus order), sorted by right context:
        context is only built for the rows shown, so the view stays cheap on a big corpus.
        """
        query = (kwic or "").strip()
        if query:
            rows = kwic_verb(corpus, query, window=window, by="pattern", sort="right", lexicon=self.lexicon,
                             limit=limit)  # fmt: skip
        else:
            theme = theme or self.default_theme()
            shown = self._theme_hits(corpus, theme).head(limit)
            rows = kwic_verb(corpus, theme, window=window, by="theme", sort="right", lexicon=self.lexicon,
                             hits=shown)  # fmt: skip
        return rows[KWIC_SHOWN]

    def hit_sample(
        self, corpus: Any, *, theme: str | None = None, n: int = 15, seed: int = 0
    ) -> pd.DataFrame:
        """A random sample of the theme's hits in context, to judge the lexicon's precision."""
        theme = theme or self.default_theme()
        hits = self._theme_hits(corpus, theme)
        if len(hits) > n:
            hits = hits.sample(n, random_state=seed)
        rows = kwic_verb(corpus, theme, window=8, by="theme", hits=hits, lexicon=self.lexicon)
        return rows[["pattern", "left", "match", "right", "outlet", "article_id"]].reset_index(
            drop=True
        )

    def matches(self, corpus: Any, *, theme: str | None = None) -> pd.DataFrame:
        """Which words matched the theme in the filtered articles, most frequent first."""
        hits = self.hits[member(self.hits["article_id"], _ids(corpus))]
        return match_summary(hits, theme=theme or self.default_theme())
