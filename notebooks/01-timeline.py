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
# # 01 · Timeline: which events, who covered them, and when
#
# From a pile of articles to a calendar of events: each article is read for the meeting it
# reports (who, how, where, on which day), articles about the same meeting are grouped into
# one event, and each outlet's first report is measured against the event's date. Last, we
# list the past the coverage invokes: anniversaries, wars, years.

# %% tags=["parameters"]
# Parameters (papermill / `warta report` replace these): None means the bundled seeds/.
corpus_path = None
export_dir = None
date_field = "event_date"  # what the date-range filter reads: "event_date" or "published"
outlets = None  # e.g. ["ANTARA", "Xinhua"] to start with those outlets selected

# %%
import ipywidgets as widgets

import helpers
from helpers.timeline.views import build_panel

corpus = helpers.load_corpus(corpus_path or helpers.SEEDS)
print(corpus)
if corpus.articles.empty:
    print("No article could be loaded: every table and chart below says so and stays empty.")
    display(corpus.report)  # noqa: F821 (IPython's display): why each file was skipped

# %% [markdown]
# ## 1. What each article reports
#
# Every article is read once, here, for its main event: the date (from forms such as
# `pada Selasa (21/1)`), the participants (names normalised through the person registry,
# `helpers/data/people.toml`: `Presiden Xi` is `Xi Jinping`), the mode (`virtual`, `phone`,
# `in person`), the place and the evidence sentence. Look at `participants` against
# `mentioned`: someone only greeted (`salam ... kepada Presiden Putin`) is mentioned, not a
# participant. Everything below only selects from these tables, so filters stay fast.

# %%
extracted = helpers.article_events(corpus)
extracted[["article_id", "event_date", "participants", "mentioned", "mode", "place", "evidence"]]

# %% [markdown]
# ## 2. Events: articles that report the same meeting
#
# Articles with the same participants and a stated date within a day of each other form
# one event. An article with no stated date joins the event whose articles it resembles most
# (word-overlap similarity, above a threshold and clearly ahead of the runner-up); it is
# listed under `inferred_article_ids` with its score. Check those joins: they are inferences.

# %%
evts = helpers.events(corpus, extracted=extracted)
evts[["event_id", "date", "participants", "mode", "place", "article_ids",
      "inferred_article_ids", "inferred_similarity", "n_articles"]]  # fmt: skip

# %% [markdown]
# ## 3. The past the coverage invokes
#
# References to anniversaries (`ulang tahun ke-80`), named wars (`Perang Dunia II`) and
# past years, one row each with the sentence it came from. An anniversary's year is counted
# back from the article's (or its event's) year, so `80 tahun` in 2025 points to 1945.

# %%
refs = helpers.history_refs(corpus, events=evts)
refs[["article_id", "kind", "text", "year", "label"]]

# %% [markdown]
# ## 4. Explore with filters
#
# The panel filters articles by outlet, language, date (event date or publication), search
# words, participants and event; every chart below redraws in place. Empty selections mean
# "all". The export button writes each chart (PNG, SVG, HTML) with its data and provenance.

# %%
# `build_panel` tags each article with its event (so the panel filters on participants and
# events; articles joined by similarity take their event's date, so the date filter keeps
# them) and adds one view per chart. The views select from the tables above by row position
# and event code (no re-extraction), so every chart redraws quickly when a filter changes.
panel = build_panel(
    corpus, date_field=date_field, outlets=outlets, extracted=extracted, events=evts, refs=refs
)
timeline, events_table, coverage_chart, lag_chart, history_chart = (
    panel.views[name] for name in ("timeline", "events", "coverage", "lag", "history")
)
widgets.VBox([panel.controls, panel.count, panel.errors, panel.export_status])

# %% [markdown]
# ### The timeline
#
# Diamonds on the top row are events; each outlet has a row with one dot per article. A
# filled dot sits at the publication time, an open dot at the event's date when the article
# does not say when it was published; a grey segment joins a published article to its event,
# so its length is the lag. Hover for the title and the sentence the event was read from.

# %%
timeline

# %% [markdown]
# ### The events that pass the filters
#
# The same events as above, restricted to the articles the filters leave; `n_shown` counts
# those articles. Use the *Events* selector in the panel to focus on one of them.

# %%
events_table

# %% [markdown]
# ### Coverage and lag
#
# One cell per event and outlet: the colour counts articles, the text is the time from the
# event's date (midnight, Jakarta time) to the outlet's first report. `–` means the outlet
# did not cover the event, `time?` that it did but no article states a publication time: a
# reminder that lags can only be measured where outlets print timestamps.

# %%
coverage_chart

# %%
lag_chart

# %% [markdown]
# ### Which past is invoked
#
# References per referenced year, by kind. Compare outlets with the filter: an outlet that
# frames a meeting through 1945 tells a different story from one that does not.

# %%
history_chart

# %%
# Headless runs (`warta report`) export every view of the panel here.
if export_dir:
    panel.export(out_dir=export_dir)
