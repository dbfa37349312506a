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
# # 02 · Themes: which themes each outlet carries, when, and the sentences behind every count
#
# A theme is a list of words and phrases in an editable lexicon (`helpers/data/themes.toml`).
# Every count below is derived from one table of matches, so for any number you can ask
# "which words matched, and in which sentences?" and read the answer.

# %% tags=["parameters"]
# Parameters (papermill / `warta report` replace these): None means the bundled seeds/
# and the shipped lexicon.
corpus_path = None
export_dir = None
lexicon_path = None

# %%
import helpers
from helpers.themes.views import ThemeViews, build_panel

corpus = helpers.load_corpus(corpus_path or helpers.SEEDS)
lexicon = helpers.load_lexicon(lexicon_path)
lexicon.to_frame()

# %% [markdown]
# ## The lexicon
#
# Each theme lists its patterns as written: plain words and phrases, prefix globs
# (`multilateral*`), stems (`~kuat` finds `memperkuat`, `penguatan`, `kuat`) and alias
# groups (`@China` finds `China`, `Tiongkok`, `RRT`). Edit the file and re-run to refine a
# theme; a mistake in the file is reported with its line number.

# %% [markdown]
# ## Matches, computed once
#
# The matcher scans every sentence once and records each match: article, sentence, theme,
# pattern, the text as written and its character offsets. Overlapping matches count once,
# for the longest (`kerja sama` inside `Organisasi Kerja Sama Shanghai` counts for the
# organisation). Everything below selects from these tables; nothing is matched again when
# a filter changes.

# %%
views = ThemeViews.build(corpus, lexicon)
views.hits[["article_id", "sentence", "theme", "pattern", "match", "start", "end"]].head(20)

# %% [markdown]
# ## Explore
#
# One panel drives every view: outlets, dates, language, a search phrase, the themes an
# article carries, and the **Theme** selector, which picks the theme the heatmap outlines,
# the time chart emphasises and the KWIC and validation tables show. Type in **KWIC query**
# (a word, phrase, `glob*`, `~stem` or `@alias`) to read any other pattern in context.
#
# - **Heatmap**: hits per 1,000 words for each outlet and theme (grouped first, then
#   divided by the outlet's words; hover shows the raw hits and the share of articles).
# - **Over time**: the share of articles mentioning each theme per month; articles
#   without a date are counted but cannot be placed, and the chart says how many.
# - **Top terms and n-grams**: stopwords are removed from terms, but n-grams only lose a
#   stopword at their edges, so `kerja sama` and `saling percaya` survive.
# - **KWIC**: the first 100 matches (in corpus order) with six words either side, sorted by
#   the right context; narrow the filters or type a query to read others.
# - **Validation**: which forms matched the theme, and a random sample of its hits, to
#   judge whether the theme's words mean what the lexicon says.

# %%
panel = build_panel(corpus, views=views, date_field="event_date")
panel

# %% [markdown]
# ## Counts as tables
#
# The same numbers as tidy frames, ready for your own analysis: one row per outlet and
# theme, with the denominator in each column name (`hits_per_1000_words`,
# `share_of_articles`). Articles without an outlet are kept as "(unknown outlet)".

# %%
helpers.theme_counts(views.per_article, corpus.articles, by="outlet", lexicon=lexicon)

# %% [markdown]
# ## Collocations of a term
#
# Words that keep company with a term within five words, scored by log-likelihood (G2,
# significance) and PMI (strength), with the counts behind both. Change the term to follow
# another thread.

# %%
helpers.collocations(corpus, "kerja sama", window=5, top=15)

# %%
# Headless runs (`warta report`) export every view of the panel here.
if export_dir:
    panel.export(out_dir=export_dir)
