# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
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
import dataclasses

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

import helpers
from helpers.errors import InvalidValue
from helpers.figures import outlets as figs

corpus = helpers.load_corpus(corpus_path or helpers.SEEDS)
events = helpers.events(corpus)
# Articles carry their event, so the panel can filter by event.
corpus = dataclasses.replace(corpus, articles=helpers.with_events(corpus.articles, events))
corpus.articles[["article_id", "outlet", "event_date", "event_id", "wire", "n_words", "title"]]

# %% [markdown]
# ## The work done once
#
# - `article_terms`: word counts per article (stopwords dropped), for keyness;
# - `align_sentences`: sentence pairs across articles that copy (`verbatim`, word-shingle
#   Jaccard) or restate (`paraphrase`, weighted cosine of stemmed content words after
#   alias normalisation, so `Tiongkok` = `China`) one another, with their score;
# - `quotes`: direct quotes, indirect speech and scare quotes with their speaker;
# - `naming`: which name of each alias group every article uses;
# - `theme_hits`: theme matches (from the themes walkthrough), for the profiles.

# %%
terms = helpers.article_terms(corpus.articles)
pairs = helpers.align_sentences(corpus)
said = helpers.quotes(corpus)
names = helpers.naming(corpus.articles)
hits = helpers.theme_hits(corpus)
short = {
    a: f"{a[:3]} · {helpers.figures.outlet_label(o)}"
    for a, o in zip(corpus.articles["article_id"], corpus.articles["outlet"], strict=True)
}
print(
    f"{len(terms):,} article x term counts, {len(pairs):,} aligned sentence pairs, "
    f"{len(said):,} quotes, {len(names):,} article x name counts"
)

# %% [markdown]
# ### Reading the alignment
#
# Every reuse claim below rests on sentence pairs like these. Read a few before trusting the
# matrix: a `paraphrase` pair should say the same thing in other words, not merely share the
# topic.

# %%
pairs.assign(a=pairs["article_id_a"].map(short), b=pairs["article_id_b"].map(short))[
    ["a", "sentence_a", "b", "sentence_b", "kind", "score", "text_a", "text_b"]
].head(12)

# %% [markdown]
# ## The comparison, driven by one filter panel
#
# Choose outlets, a date range or an event; the **Compare outlet** selector decides which
# outlet the keyness chart sets against the rest. Click a bar (or type a term) to read the
# term in context below it. The export button writes every view with its data.


# %%
def restrict(frame, c, column="article_id"):
    """Rows of a precomputed table that belong to the filtered corpus `c`."""
    return frame[frame[column].isin(c.articles["article_id"])]


def restrict_pairs(c):
    ids = c.articles["article_id"]
    return pairs[pairs["article_id_a"].isin(ids) & pairs["article_id_b"].isin(ids)]


def profiles(c):
    present = c.articles["event_id"].dropna().unique()
    coverage = helpers.coverage(c.articles, events[events["event_id"].isin(present)])
    themes = helpers.theme_counts(restrict(hits, c), c.articles, by="outlet")
    return helpers.outlet_profiles(c.articles, coverage=coverage, theme_counts=themes)


def keyness_of(c, outlet):
    empty = pd.DataFrame(columns=["term", "g2", "log_ratio", "count_target", "count_reference"])
    try:
        table = helpers.keyness(c.articles, outlet, terms=restrict(terms, c), min_count=min_count)
    except InvalidValue:  # the outlet is filtered out, or nothing is left to compare with
        table = empty
    return table.assign(target=outlet, reference="the rest")


def in_context(c, term):
    columns = ["outlet", "article_id", "left", "match", "right"]
    if not term or not term.strip():
        return pd.DataFrame(columns=columns)
    try:
        return helpers.kwic(c, term.strip(), window=7)[columns]
    except InvalidValue:
        return pd.DataFrame(columns=columns)


def reuse(c, reuse_level):
    return helpers.reuse_matrix(restrict_pairs(c), c, level=reuse_level)


def passages(c, pair):
    level, a, b = pair
    found = helpers.shared_passages(restrict_pairs(c), c, a, b, level=level)
    return found[["outlet_a", "text_a", "outlet_b", "text_b", "kind", "score"]]


def voices(c):
    return helpers.voice_shares(restrict(said, c), c.articles)


def direct_quotes(c):
    q = restrict(said, c)
    return q[q["kind"] == "direct"][["outlet", "speaker", "text", "cue", "article_id"]]


def naming_choices(c):
    return helpers.naming_shares(restrict(names, c))


def wire_claims(c):
    return helpers.wire_derivation(restrict_pairs(c), c)


# %%
outlet_names = sorted(corpus.articles["outlet"].dropna().unique(), key=str.casefold)
level_default = "article" if len(corpus.articles) <= 30 else "outlet"
pair_options = []
for level in ("article", "outlet"):
    cells = helpers.reuse_matrix(pairs, corpus, level=level)
    cells = cells[(cells["n_pairs"] > 0) & (cells["a"] < cells["b"])]
    for row in cells.sort_values("n_pairs", ascending=False).itertuples():
        name = f"{short.get(row.a, row.a)} ↔ {short.get(row.b, row.b)}"
        pair_options.append((f"{level}: {name} ({row.n_pairs})", (level, row.a, row.b)))
pair_options = pair_options or [("no shared passages", ("article", "", ""))]

panel = helpers.FilterPanel(corpus, date_field="event_date")
outlet = panel.add_control(
    "outlet",
    widgets.Dropdown(options=outlet_names, value=outlet_names[0], description="Compare outlet"),
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

profile_view = panel.add_view("outlet-profiles", profiles, figs.profile_table)
keyness_view = panel.add_view("keyness", keyness_of, figs.keyness_bars, controls=("outlet",))
kwic_view = panel.add_table("kwic", in_context, controls=("term",))
reuse_view = panel.add_view(
    "reuse-matrix",
    reuse,
    lambda m: figs.reuse_heatmap(m, labels=short),
    controls=("reuse_level",),
)
passages_view = panel.add_table("shared-passages", passages, controls=("pair",))
wire_view = panel.add_table("wire-derivation", wire_claims)
voice_view = panel.add_view("voices", voices, figs.voice_bars)
quotes_view = panel.add_table("direct-quotes", direct_quotes)
naming_view = panel.add_view("naming", naming_choices, figs.naming_bars)


def on_term_click(trace, points, state):
    if points.point_inds:
        term.value = str(trace.customdata[points.point_inds[0]])


for trace in keyness_view.data:
    trace.on_click(on_term_click)

by_label = {helpers.figures.escape(short.get(u, u)): u for u in short} | {
    helpers.figures.escape(o): o for o in [*outlet_names, helpers.figures.UNKNOWN_OUTLET]
}


def on_cell_click(trace, points, state):
    if not points.xs:
        return
    a, b = by_label.get(points.ys[0]), by_label.get(points.xs[0])
    wanted = [v for _, v in pair_options if v[0] == reuse_level.value and {v[1], v[2]} == {a, b}]
    if wanted:
        pair.value = wanted[0]


for trace in reuse_view.data:
    trace.on_click(on_cell_click)

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
