"""Outlet comparison: keyness, text reuse, voices, naming choices and outlet profiles.

Each verb takes frames (or a Corpus) and returns a tidy frame; per-article and pairwise work
(`article_terms`, `sentence_features`, `align_sentences`, `quotes`, `naming`) is meant to be
computed once per corpus, after which views only select and aggregate.
"""

from __future__ import annotations

from helpers.compare._common import alias_groups_source, people_source
from helpers.compare.keyness import article_terms, g2_log_ratio, keyness, outlet_keyness
from helpers.compare.naming import naming, naming_shares
from helpers.compare.profile import outlet_profiles, outlet_theme_shares
from helpers.compare.reuse import (
    align_sentences,
    reuse_matrix,
    sentence_features,
    shared_passages,
    wire_derivation,
    wire_sources,
)
from helpers.compare.voices import quotes, voice_shares

__all__ = [
    "alias_groups_source",
    "align_sentences",
    "article_terms",
    "g2_log_ratio",
    "keyness",
    "naming",
    "naming_shares",
    "outlet_keyness",
    "outlet_profiles",
    "outlet_theme_shares",
    "people_source",
    "quotes",
    "reuse_matrix",
    "sentence_features",
    "shared_passages",
    "voice_shares",
    "wire_derivation",
    "wire_sources",
]
