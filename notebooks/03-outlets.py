# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Outlets: how they differ when they cover the same events
#
# Several outlets report the same meeting. Do they use the same words? Do they quote the
# same people, and how much? Do they call China `China` or `Tiongkok`? And how much of
# their text is the same readout or wire copy, rewritten or pasted?
#
# Each question has one verb in `helpers` that returns a tidy table, and one view below.
# The heavy work (word counts per article, sentence alignment, quote extraction, name
# counts) runs **once** for the whole corpus in the next cells; the filter panel only selects
# and adds up those tables, so every view redraws at once when a filter changes.

# %% tags=["parameters"]
# Parameters (papermill / `warta report` replace these): None means the bundled seeds/.
corpus_path = None
export_dir = None
min_count = 3  # keyness: a term needs this many uses in the two groups together

# %%
import ipywidgets as widgets
from IPython.display import display

import helpers
from helpers.compare.views import OutletViews, build_panel

corpus = helpers.load_corpus(corpus_path or helpers.SEEDS)
if corpus.articles.empty:
    display(corpus.report)  # why nothing loaded: every input file and what happened to it
    print("Nothing to show: no article could be loaded from this folder (see the report above).")

# %% [markdown]
# ## The work done once
#
# `OutletViews.build` runs every expensive step once for the whole corpus:
#
# - `events` (from the timeline work): which articles report the same event;
# - `article_terms`: word counts per article (stopwords dropped), for keyness;
# - `align_sentences`: sentence pairs across articles that copy (`verbatim`, word-shingle
#   Jaccard) or restate (`paraphrase`, weighted cosine of stemmed content words after
#   alias normalisation, so `Tiongkok` = `China`) one another, with their score. Only
#   articles that could copy one another are compared: published within `window_days`
#   (3) days of each other when both dates are known, and about the same event when both
#   events are known;
# - `quotes`: direct quotes, indirect speech and scare quotes with their speaker;
# - `naming`: which name of each alias group every article uses;
# - `theme_hits`: theme matches (from the themes walkthrough), for the profiles.

# %%
views = OutletViews.build(corpus, min_count=min_count)
corpus, pairs = views.corpus, views.pairs
short = views.short_labels()
print(
    f"{len(views.terms):,} article x term counts, {len(pairs):,} aligned sentence pairs, "
    f"{len(views.quotes):,} quotes, {len(views.names):,} article x name counts "
    f"({sum(views.timings.values()):.1f} s)"
)
corpus.articles[["article_id", "outlet", "event_date", "event_id", "wire", "n_words", "title"]]

# %% [markdown]
# ### Reading the alignment
#
# Every reuse claim below rests on sentence pairs like these. Read a few before trusting the
# matrix: a `paraphrase` pair should say the same thing in other words, not merely share the
# topic.

# %%
first = pairs.head(12)
first.assign(a=first["article_id_a"].map(short), b=first["article_id_b"].map(short))[
    ["a", "sentence_a", "b", "sentence_b", "kind", "score", "text_a", "text_b"]
]

# %% [markdown]
# ## The comparison, driven by one filter panel
#
# Choose outlets, a date range or an event; the **Compare outlet** selector decides which
# outlet the keyness chart sets against the rest. Click a bar (or type a term) to read the
# term in context below it. The export button writes every view with its data. Each view
# only selects and adds up the tables above (`helpers.compare.views`), so a filter change
# redraws them all at once, also on a large corpus.

# %%
panel = build_panel(corpus, views=views, export_dir=export_dir)
(
    profile_view, keyness_view, kwic_view, reuse_view, passages_view, wire_view, voice_view,
    quotes_view, naming_view,
) = panel.views.values()  # fmt: skip
display(widgets.VBox([panel.controls, panel.count, panel.errors, panel.export_status]))

# %% [markdown]
# ### Outlet profiles
#
# Side by side: how many articles and words each outlet contributes, how many of the
# corpus's events it covered (of all events in the comparison), how long after the event
# day it first reported (median hours; `–` when no article states a publication time), and
# its most frequent theme with the share of its articles that carry it.

# %%
profile_view

# %% [markdown]
# ### Vocabulary: what the selected outlet says more, and less, than the rest
#
# Bars to the right are words the outlet uses more than the other outlets together, to the
# left words it uses less. Bar length is the signed log-likelihood G2 (significance;
# 3.84 is p < 0.05 for one comparison, but with many terms read it as a ranking); the
# hover adds the log ratio (effect size: +1 means twice as frequent), the raw counts and in
# how many articles the word occurs. Click a bar to see the word in context.

# %%
keyness_view

# %%
kwic_view

# %% [markdown]
# ### Shared passages: who reuses whose text
#
# Each cell is the share of the row's sentences that have a counterpart in the column's
# article (or outlet): a close paraphrase or a verbatim copy. On the seeds, Suara.com (000)
# restates almost every sentence of the unattributed readout (003), SinPo.id (001) shares
# a few, and the Xinhua (002) and ANTARA (004) articles, about other meetings, share
# nothing. Click a cell, or pick a pair below, to read the passages behind it.

# %%
reuse_view

# %%
passages_view

# %% [markdown]
# Which outlet's text appears to derive from a wire? A claim needs aligned sentences
# between an outlet's article and an article carrying that wire's copy (credited in the
# `wire` column, or published by the agency), with the outlet's article not earlier. The
# `pair_index` column lists the sentence pairs behind each claim (rows of `pairs`).

# %%
wire_view

# %% [markdown]
# ### Voices: who gets quoted, and how much
#
# The share of each outlet's quoted words (direct quotes and indirect speech; scare quotes
# such as “kemerdekaan Taiwan” are not speech) that each speaker receives. The hover gives
# the words and the denominator.

# %%
voice_view

# %%
quotes_view

# %% [markdown]
# ### Naming: China or Tiongkok?
#
# For every group of names for the same thing (from the lexicon's alias groups) that the
# articles name in more than one way, the share of each name per outlet. On the seeds the
# unattributed readout (003) writes `Tiongkok` and `Selatan Global` where the others write
# `China` and `Global South`.

# %%
naming_view

# %%
# Headless runs (`warta report`) export every view of the panel here.
if export_dir:
    panel.export(out_dir=export_dir)
