"""Theme counts from hits: group first, then normalise, with every denominator in a column name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from helpers.errors import InvalidValue
from helpers.figures.template import UNKNOWN_OUTLET
from helpers.frames import require_choice, require_columns
from helpers.text import count_words, fold
from helpers.themes._lookup import positions
from helpers.themes.lexicon import Lexicon, as_lexicon

Freq = Literal["D", "W", "M", "Q", "Y"]
FREQS = ("D", "W", "M", "Q", "Y")
# Articles whose grouping value (outlet, language, ...) is missing are kept under a label,
# so that the totals add up to the corpus; a missing date stays NaT in `period` (its own row).
UNKNOWN = "(unknown)"
UNKNOWN_LABELS = {"outlet": UNKNOWN_OUTLET}  # the label every figure uses for a missing outlet

COUNT_COLUMNS = ["theme", "label", "hits", "words", "hits_per_1000_words", "articles",
                 "articles_with_theme", "share_of_articles"]  # fmt: skip


def _themes(hits: pd.DataFrame, lexicon: Lexicon) -> list[str]:
    theme = hits["theme"]
    if isinstance(theme.dtype, pd.CategoricalDtype):
        return [str(t) for t in theme.cat.categories]
    ids = list(lexicon.theme_ids)
    return ids + sorted(set(theme.dropna().astype(str)) - set(ids))


def article_theme_counts(hits: pd.DataFrame) -> pd.DataFrame:
    """Hits per article and theme (only pairs with hits): `article_id`, `theme`, `hits`.

    Accepts raw hits (`theme_hits`) or an already counted frame (with a `hits` column, such
    as `theme_counts(..., by="article")`), so that a notebook counts once and re-aggregates.
    """
    require_columns(hits, "article_id", "theme", what="hits")
    if "hits" in hits.columns:
        out = hits.loc[hits["hits"] > 0, ["article_id", "theme", "hits"]]
        return out.groupby(["article_id", "theme"], observed=True, sort=False, as_index=False)[
            "hits"
        ].sum()
    counted = hits.groupby(["article_id", "theme"], observed=True, sort=False).size()
    return counted.rename("hits").reset_index()


def group_keys(
    articles: pd.DataFrame, by: Sequence[str], freq: str, date_field: str
) -> tuple[pd.DataFrame, list[str]]:
    """A frame `article_id`, `n_words` and one column per grouping key (missing values labelled)."""
    keys: list[str] = []
    cols: dict[str, pd.Series] = {"article_id": articles["article_id"]}
    if "n_words" in articles.columns:
        cols["n_words"] = articles["n_words"].fillna(0).astype("int64")
    else:
        require_columns(articles, "text", what="articles (n_words or text is needed for rates)")
        cols["n_words"] = articles["text"].fillna("").map(count_words).astype("int64")
    for key in by:
        if key == "article":
            keys.append("article_id")
            continue
        if key == "period":
            require_columns(articles, date_field, what=f"articles (date_field={date_field!r})")
            dates = pd.to_datetime(articles[date_field])
            if getattr(dates.dt, "tz", None) is not None:
                dates = dates.dt.tz_localize(None)  # the wall-clock date where it was published
            cols["period"] = dates.dt.to_period(freq).dt.start_time
        elif key in articles.columns and key != "article_id":
            values = articles[key]
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                values = values.fillna(UNKNOWN_LABELS.get(key, UNKNOWN))
            cols[key] = values
        else:
            valid = ["article", "period", *[c for c in articles.columns if c != "article_id"]]
            raise InvalidValue(
                f"by={key!r} is not valid; expected 'article', 'period' or a column of articles: {valid}"
            )
        keys.append(key)
    return pd.DataFrame(cols), keys


def _complete_periods(
    counts: pd.DataFrame, keys: list[str], freq: str, themes: list[str]
) -> pd.DataFrame:
    """Add the periods with no article between the first and the last (so lines show zeros)."""
    dated = counts["period"].dropna()
    if dated.empty:
        return counts
    span = pd.period_range(dated.min(), dated.max(), freq=freq).start_time
    others = [k for k in keys if k != "period"]
    grid = pd.DataFrame({"period": span})
    if others:
        grid = counts[others].drop_duplicates().merge(grid, how="cross")
    grid = pd.concat(
        [grid, counts.loc[counts["period"].isna(), keys].drop_duplicates()], ignore_index=True
    )
    grid = grid.merge(
        pd.DataFrame({"theme": pd.Categorical(themes, categories=themes)}), how="cross"
    )
    out = grid.merge(counts, on=[*keys, "theme"], how="left")
    label = dict(zip(themes, counts["label"].iloc[: len(themes)], strict=False))
    out["label"] = out["theme"].astype("str").map(label).astype("str")
    cols = ["hits", "words", "articles", "articles_with_theme"]
    out[cols] = out[cols].fillna(0).astype("int64")
    return out.sort_values([*keys, "theme"], ignore_index=True, kind="stable")


def theme_counts(
    hits: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str | Sequence[str] = "article",
    freq: Freq = "W",
    date_field: str = "published",
    lexicon: Lexicon | str | None = None,
) -> pd.DataFrame:
    """Theme counts per group, one row per group x theme (themes without hits included).

    `hits` is `theme_hits(...)` or a frame already counted per article (`by="article"`);
    `articles` decides which articles count (pass the filtered frame) and gives the
    grouping values. `by` is `"article"`, `"period"` (of `date_field`, at `freq`: D, W
    (weeks starting Monday), M, Q, Y), or any column of `articles` (`"outlet"`,
    `"language"`, ...), or a list of them (`["outlet", "period"]`).

    Columns: the keys (`article_id` for "article", `period` as the period's first day),
    `theme`, `label`, `hits`, `words` (words in the group's articles), `hits_per_1000_words`
    (= hits / words x 1000, NaN when the group has no words), `articles`,
    `articles_with_theme`, `share_of_articles` (= articles_with_theme / articles).
    Missing values are not dropped: a missing outlet is "(unknown outlet)" (the label the
    figures use), another missing text key "(unknown)"; an article without a date gets
    `period` NaT (sorted last); periods with no articles between the first and the last
    get `articles` = 0 and NaN rates. Rows are sorted by the keys, then lexicon theme order.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", None], "n_words": [100, 50]})
    >>> hits = pd.DataFrame({"article_id": ["a", "a", "b"], "theme": ["taiwan", "taiwan", "wwii"]})
    >>> c = theme_counts(hits, arts, by="outlet")
    >>> c[c.theme == "taiwan"][["outlet", "hits", "hits_per_1000_words", "share_of_articles"]].to_dict("records")
    [{'outlet': '(unknown outlet)', 'hits': 0, 'hits_per_1000_words': 0.0, 'share_of_articles': 0.0}, {'outlet': 'X', 'hits': 2, 'hits_per_1000_words': 20.0, 'share_of_articles': 1.0}]
    """
    require_columns(hits, "article_id", "theme", what="hits")
    require_columns(articles, "article_id", what="articles")
    require_choice("freq", freq, FREQS)
    lex = as_lexicon(lexicon)
    by_list = [by] if isinstance(by, str) else list(by)
    if not by_list:
        raise InvalidValue("by=[] is not valid; name at least one grouping such as 'outlet'")
    themes = _themes(hits, lex)
    labels = lex.labels
    keyframe, keys = group_keys(articles, by_list, freq, date_field)

    # Group first (integer group codes per article), then count with bincount, then normalise.
    grouped = keyframe.groupby(keys, dropna=False, sort=True, observed=True)
    gcode = grouped.ngroup().to_numpy()
    groups = grouped.agg(articles=("article_id", "size"), words=("n_words", "sum")).reset_index()
    n_groups, n_themes = len(groups), len(themes)

    theme = hits["theme"]
    if isinstance(theme.dtype, pd.CategoricalDtype) and list(theme.cat.categories) == themes:
        tcode = theme.cat.codes.to_numpy().astype(np.int64)
    else:
        tcode = pd.Categorical(theme.astype("str"), categories=themes).codes.astype(np.int64)
    pos = positions(hits["article_id"], keyframe["article_id"])
    weight = hits["hits"].to_numpy(dtype=np.int64) if "hits" in hits.columns else None
    inside = (pos >= 0) & (tcode >= 0)  # hits of articles outside `articles` do not count
    if weight is not None:
        inside &= weight > 0
    pos, tcode = pos[inside], tcode[inside]
    cell = gcode[pos] * n_themes + tcode
    size = n_groups * n_themes
    n_hits = np.bincount(cell, weights=None if weight is None else weight[inside], minlength=size)
    present = np.zeros(len(keyframe) * n_themes, dtype=bool)
    present[pos * n_themes + tcode] = True  # each (article, theme) pair once, however many hits
    pairs = np.flatnonzero(present)
    with_theme = np.bincount(gcode[pairs // n_themes] * n_themes + pairs % n_themes, minlength=size)
    return assemble_counts(groups, keys, n_hits, with_theme, themes, labels, freq)


def assemble_counts(
    groups: pd.DataFrame,
    keys: list[str],
    n_hits: np.ndarray,
    with_theme: np.ndarray,
    themes: list[str],
    labels: dict[str, str],
    freq: str,
    *,
    complete: bool = True,
) -> pd.DataFrame:
    """The tidy `theme_counts` frame from per-group totals (shared with the panel's fast views).

    `groups` holds the key columns plus `articles` and `words`, one row per group in key
    order; `n_hits` and `with_theme` are group x theme (flat, group-major). With
    `complete=False` the caller has already added the empty periods (as `_complete_periods`).
    """
    n_groups, n_themes = len(groups), len(themes)
    rep = np.repeat(np.arange(n_groups), n_themes)
    codes = np.tile(np.arange(n_themes), n_groups)
    columns: dict[str, object] = {k: groups[k].array.take(rep) for k in keys}
    columns["theme"] = pd.Categorical.from_codes(codes, categories=themes)
    columns["label"] = pd.array([labels.get(t, t) for t in themes], dtype="str").take(codes)
    columns["hits"] = np.asarray(n_hits).reshape(-1).astype(np.int64)
    columns["words"] = groups["words"].to_numpy(dtype=np.int64)[rep]
    columns["articles"] = groups["articles"].to_numpy(dtype=np.int64)[rep]
    columns["articles_with_theme"] = np.asarray(with_theme).reshape(-1).astype(np.int64)
    out = pd.DataFrame(columns)
    if "period" in keys and complete:
        out = _complete_periods(out, keys, freq, themes)
    words = out["words"].to_numpy(dtype="float64")
    arts = out["articles"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["hits_per_1000_words"] = np.where(words > 0, out["hits"] / words * 1000, np.nan)
        out["share_of_articles"] = np.where(arts > 0, out["articles_with_theme"] / arts, np.nan)
    return out[[*keys, *COUNT_COLUMNS]]


def with_themes(articles: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """A copy of `articles` with `themes`: the tuple of theme ids found in each article.

    Themes come in lexicon order; an article without hits gets `()`. This is the column
    `filter_articles(themes=...)` selects on.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"]})
    >>> hits = pd.DataFrame({"article_id": ["a", "a"], "theme": ["wwii", "taiwan"]})
    >>> with_themes(arts, hits)["themes"].tolist()
    [('wwii', 'taiwan'), ()]
    """
    require_columns(articles, "article_id", what="articles")
    require_columns(hits, "article_id", "theme", what="hits")
    theme = hits["theme"]
    if isinstance(theme.dtype, pd.CategoricalDtype):
        names = [str(t) for t in theme.cat.categories]
        codes = theme.cat.codes.to_numpy().astype(np.int64)
    else:  # plain strings: order of first appearance
        factor, uniques = pd.factorize(theme.astype("str"))
        codes, names = factor.astype(np.int64), [str(t) for t in uniques]
    pos = positions(hits["article_id"], articles["article_id"])
    if "hits" in hits.columns:
        codes = np.where(hits["hits"].to_numpy() > 0, codes, -1)
    inside = (pos >= 0) & (codes >= 0)
    n = max(len(names), 1)
    pairs = np.unique(pos[inside] * n + codes[inside])  # sorted: by article, then theme order
    article, code = pairs // n, pairs % n
    bounds = (
        np.flatnonzero(np.r_[True, article[1:] != article[:-1], True])
        if len(pairs)
        else np.array([0])
    )
    themes: list[tuple[str, ...]] = [()] * len(articles)
    seen: dict[bytes, tuple[str, ...]] = {}
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        key = code[lo:hi].tobytes()
        if key not in seen:  # few distinct combinations: build each tuple once
            seen[key] = tuple(names[c] for c in code[lo:hi].tolist())
        themes[int(article[lo])] = seen[key]
    out = articles.copy()
    out["themes"] = themes
    return out


def match_summary(hits: pd.DataFrame, *, theme: str | None = None) -> pd.DataFrame:
    """Which words matched: one row per theme x pattern x matched form, most frequent first.

    The form is compared folded (`Kerja sama` and `kerja sama` are one row) and shown as
    most often written. Columns: `theme`, `pattern`, `match`, `hits`, `articles`. This is
    the first thing to read when judging a theme's precision.

    >>> hits = pd.DataFrame({"article_id": ["a", "b", "b"], "theme": ["t"] * 3,
    ...                      "pattern": ["~kuat"] * 3, "match": ["memperkuat", "Memperkuat", "kuat"]})
    >>> match_summary(hits).values.tolist()
    [['t', '~kuat', 'memperkuat', 2, 2], ['t', '~kuat', 'kuat', 1, 1]]
    """
    require_columns(hits, "article_id", "theme", "pattern", "match", what="hits")
    if theme is not None:
        hits = hits[hits["theme"] == theme]
    columns = ["theme", "pattern", "match", "hits", "articles"]
    if hits.empty:
        return pd.DataFrame(
            {
                c: pd.Series([], dtype="int64" if c in ("hits", "articles") else "str")
                for c in columns
            }
        )
    frame = pd.DataFrame(
        {
            "theme": hits["theme"].astype("str").to_numpy(),
            "pattern": hits["pattern"].astype("str").to_numpy(),
            "match": hits["match"].astype("str").to_numpy(),
            "article_id": hits["article_id"].to_numpy(),
        }
    )
    codes, uniques = pd.factorize(frame["match"])
    frame["form"] = np.array([fold(u) for u in uniques], dtype=object)[codes]  # fold each form once
    keys = ["theme", "pattern", "form"]
    out = frame.groupby(keys, sort=False).agg(
        hits=("match", "size"), articles=("article_id", "nunique")
    )
    shown = frame.groupby([*keys, "match"], sort=False).size().rename("n").reset_index()
    shown = shown.sort_values("n", ascending=False, kind="stable").drop_duplicates(keys)
    out = out.reset_index().merge(shown[[*keys, "match"]], on=keys)
    out = out.sort_values(["theme", "hits", "match"], ascending=[True, False, True], kind="stable")
    return out[columns].reset_index(drop=True)
