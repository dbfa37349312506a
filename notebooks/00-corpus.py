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
# # 00 · The corpus: what we have, and where each value came from
#
# Before comparing how outlets covered a story, look at the articles themselves: which
# outlets they come from, when they were published, and what the loader had to infer.
# Every value below was read from the files; the tables say from where.

# %% tags=["parameters"]
# Parameters (papermill / `warta report` replace these): None means the bundled seeds/.
corpus_path = None
export_dir = None

# %%
import helpers
from helpers.figures.corpus import timeline_bars

corpus = helpers.load_corpus(corpus_path or helpers.SEEDS)
corpus.articles[
    ["article_id", "outlet", "published", "event_date", "wire", "language", "n_words", "title"]
]

# %% [markdown]
# ## Did every file load?
#
# One row per input file. Nothing is dropped silently: a file that could not be read is
# listed as `skipped` with the reason, a file read with doubts as `warning`.

# %%
corpus.report

# %% [markdown]
# ## What was extracted, and the evidence for it
#
# Outlet, dates, dateline and credits are read from the article text or inferred. Each
# row names the field, the value, where it came from (`metadata`, `text` or `inferred`)
# and the words it was read from, so a doubtful value can be checked against the source.

# %%
corpus.extracted

# %% [markdown]
# ## What cleaning removed
#
# Site furniture (related-link lines, image captions, credit lines) is removed from the
# text before analysis. Each removed line is kept here with the reason, so nothing
# disappears unseen.

# %%
corpus.removed

# %% [markdown]
# ## Explore: articles per outlet over time
#
# Filter by outlet, date (publication or event date), language or a search phrase; the
# chart redraws in place and the count shows how many articles are left. The export button
# writes the chart as PNG, SVG and HTML with its data and provenance to `figures/`.


# %%
def per_outlet(corpus, date_field):
    return helpers.articles_over_time(corpus.articles, date_field=date_field, freq="month")


panel = helpers.FilterPanel(corpus, date_field="event_date")
panel.add_view("articles-over-time", per_outlet, timeline_bars, controls=("date_field",))
panel

# %%
# Headless runs (`warta report`) export every view of the panel here.
if export_dir:
    panel.export(out_dir=export_dir)
