"""Theme frequency: a user-editable lexicon, matches as ground truth, counts, terms and KWIC.

lexicon = load_lexicon()                       # helpers/data/themes.toml, validated
hits = theme_hits(corpus, lexicon)             # one row per match (the ground truth)
counts = theme_counts(hits, corpus.articles, by="outlet")
kwic(corpus, "taiwan", window=5)               # the sentences behind the counts
"""

from helpers.themes.counts import article_theme_counts, match_summary, theme_counts, with_themes
from helpers.themes.kwic import kwic
from helpers.themes.lexicon import Lexicon, load_lexicon, parse_lexicon
from helpers.themes.match import empty_hits, theme_hits
from helpers.themes.terms import collocations, ngrams, term_counts

__all__ = [
    "Lexicon",
    "article_theme_counts",
    "collocations",
    "empty_hits",
    "kwic",
    "load_lexicon",
    "match_summary",
    "ngrams",
    "parse_lexicon",
    "term_counts",
    "theme_counts",
    "theme_hits",
    "with_themes",
]
