"""Warta: load news articles into tidy DataFrames and explore how outlets cover a story.

The public names below are imported on first use, so `import helpers` is instant and a
notebook pays only for the parts it touches.

>>> import helpers
>>> corpus = helpers.load_corpus(helpers.SEEDS)
>>> len(corpus.articles)
5
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from helpers._paths import DATA, PROJ_ROOT, SEEDS

__version__ = "0.1.0"

# public name -> module that defines it (one section per concern, one owner per section)
_EXPORTS: dict[str, str] = {
    # corpus: reading, cleaning, metadata extraction, sentences
    "Corpus": "helpers.corpus.loader",
    "load_corpus": "helpers.corpus.loader",
    "load_articles": "helpers.corpus.loader",
    "load_registry": "helpers.corpus.outlets",
    "OutletRegistry": "helpers.corpus.outlets",
    "split_sentences": "helpers.corpus.sentences",
    # exploration kit
    "filter_articles": "helpers.filters",
    "text_index": "helpers.filters",
    "FilterPanel": "helpers.panel",
    "export_figure": "helpers.export",
    "corpus_fingerprint": "helpers.export",
    "articles_over_time": "helpers.overview",
    # timeline
    "events": "helpers.timeline",
    "coverage": "helpers.timeline",
    "history_refs": "helpers.timeline",
    "article_events": "helpers.timeline",
    "with_events": "helpers.timeline",
    "event_members": "helpers.timeline",
    "person_mentions": "helpers.timeline",
    "load_people": "helpers.timeline",
    "PersonRegistry": "helpers.timeline",
    # themes
    "Lexicon": "helpers.themes",
    "load_lexicon": "helpers.themes",
    "theme_hits": "helpers.themes",
    "theme_counts": "helpers.themes",
    "term_counts": "helpers.themes",
    "ngrams": "helpers.themes",
    "collocations": "helpers.themes",
    "kwic": "helpers.themes",
    "with_themes": "helpers.themes",
    # outlet comparison
    "keyness": "helpers.compare",
    "align_sentences": "helpers.compare",
    "quotes": "helpers.compare",
    "naming": "helpers.compare",
    "naming_shares": "helpers.compare",
    "outlet_keyness": "helpers.compare",
    "article_terms": "helpers.compare",
    "sentence_features": "helpers.compare",
    "reuse_matrix": "helpers.compare",
    "shared_passages": "helpers.compare",
    "wire_derivation": "helpers.compare",
    "wire_sources": "helpers.compare",
    "voice_shares": "helpers.compare",
    "outlet_profiles": "helpers.compare",
    "outlet_theme_shares": "helpers.compare",
}

__all__ = ["DATA", "PROJ_ROOT", "SEEDS", "__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # next lookup skips this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # let editors and type checkers see the real objects
    from helpers.corpus.loader import Corpus, load_articles, load_corpus  # noqa: F401
