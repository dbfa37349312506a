"""Keyness: which words one group of articles uses more (or less) than another.

Significance is Dunning's log-likelihood G2 in the form Rayson & Garside (2000) give for
comparing two corpora: with `a`, `b` the term's counts and `c`, `d` the groups' sizes in
tokens, `E1 = c(a+b)/(c+d)`, `E2 = d(a+b)/(c+d)` and `G2 = 2(a ln(a/E1) + b ln(b/E2))`,
where `0 ln 0 = 0`. Effect size is Hardie's (2014) log ratio, `log2((a/c) / (b/d))`, with a
zero count replaced by 0.5 so a term absent from one group still gets a finite value.
Both are signed: positive means over-used in the target (as quanteda signs G2), so one
sort puts the target's keywords first and its "negative keywords" last.

Tf-idf is not used: with two groups it gives a term present in both an idf of zero.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from helpers.compare._common import group_label, group_mask, stopwords
from helpers.errors import InvalidValue
from helpers.frames import require_choice, require_columns
from helpers.text import tokens

COLUMNS = [
    "term", "count_target", "count_reference", "docs_target", "docs_reference",
    "total_target", "total_reference", "expected_target", "expected_reference",
    "g2", "p_value", "log_ratio",
]  # fmt: skip


PARALLEL_FROM = 20_000  # articles; below this a second process costs more than it saves
_TERMS_TASK: tuple | None = None  # (articles, drop_stopwords): forked workers inherit it


def _terms_of(lo: int, hi: int) -> tuple[np.ndarray, ...]:
    """Article positions, term codes, the codes' vocabulary and counts of articles `lo:hi`
    of `_TERMS_TASK` (a worker's share)."""
    from helpers.themes.tokens import token_table  # vectorised, exactly `tokens` per text

    frame, drop_stopwords = _TERMS_TASK
    articles = frame.iloc[lo:hi]
    texts = [t if isinstance(t, str) else "" for t in articles["text"]]
    table = token_table(texts)
    codes, row = table.codes, table.text
    if drop_stopwords and len(codes):
        languages = (
            articles["language"] if "language" in articles else pd.Series("id", articles.index)
        )
        lang = [c if isinstance(c, str) else "id" for c in languages]
        lang_codes, lang_names = pd.factorize(pd.Series(lang, dtype=object))
        vocab = table.vocab
        # one boolean row per language present: is vocabulary entry v a stopword there?
        is_stop = np.zeros((len(lang_names), len(vocab)), dtype=bool)
        for k, code in enumerate(lang_names):
            words = stopwords([code]) if code else frozenset()
            is_stop[k] = np.fromiter((w in words for w in vocab), dtype=bool, count=len(vocab))
        keep = ~is_stop[lang_codes[row], codes]
        codes, row = codes[keep], row[keep]
    # Count per (article row, term) in reading order: rows in input order, terms in order of
    # first use within the article (what a Counter per article gives).
    width = max(len(table.vocab), 1)
    key = row * width + codes
    unique, first, counts = np.unique(key, return_index=True, return_counts=True)
    order = np.lexsort((first, unique // width))
    unique, counts = unique[order], counts[order]
    # positions and codes, not strings: what a worker sends back is cheap to pickle
    return lo + unique // width, unique % width, np.asarray(table.vocab, dtype=object), counts


def article_terms(articles: pd.DataFrame, *, drop_stopwords: bool = True) -> pd.DataFrame:
    """Term counts per article, computed once and reused by every keyness call.

    Returns `article_id`, `term` (both categorical), `count`, one row per article x term
    (terms folded by `helpers.text.tokens`; stopwords of the article's language dropped
    unless told not to). A large corpus is read over up to two processes.

    >>> frame = pd.DataFrame({"article_id": ["a"], "text": ["Xi dan Xi"], "language": ["id"]})
    >>> article_terms(frame).to_dict("records")
    [{'article_id': 'a', 'term': 'xi', 'count': 2}]
    """
    require_columns(articles, "article_id", "text", what="articles")
    from helpers.compare.reuse import _map_chunks, _spans, _workers
    from helpers.themes.tokens import token_table  # noqa: F401  imported before forking

    global _TERMS_TASK
    n = len(articles)
    n_workers = _workers(None) if n >= PARALLEL_FROM else 1
    _TERMS_TASK = (articles, drop_stopwords)
    try:
        parts = _map_chunks(_terms_of, _spans(n, n_workers), n_workers)
    finally:
        _TERMS_TASK = None
    # chunks are article ranges in order: concatenated, rows stay in reading order
    rows = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    vocab = pd.Index(pd.unique(np.concatenate([p[2] for p in parts]))) if parts else pd.Index([])
    codes = np.concatenate([vocab.get_indexer(p[2])[p[1]] for p in parts]) if parts else rows
    ids = articles["article_id"].to_numpy(dtype=object)[rows]
    terms = vocab.to_numpy(dtype=object)[codes]
    counts = np.concatenate([p[3] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    return pd.DataFrame(
        {
            # categories: keyness works on integer codes, fast on millions of rows
            "article_id": pd.Categorical(ids),
            "term": pd.Categorical(terms),
            "count": counts.astype("int64"),
        }
    )


def _sizes(articles: pd.DataFrame) -> pd.Series:
    """Tokens per article (all words, stopwords included: the corpus size of each group)."""
    if "n_words" in articles:
        return articles["n_words"].fillna(0).astype("int64")
    return articles["text"].map(lambda t: len(tokens(t)) if isinstance(t, str) else 0)


def g2_log_ratio(
    a: np.ndarray, b: np.ndarray, c: float, d: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Signed G2, p-value, log ratio and the two expected counts for counts `a`, `b` in
    groups of `c`, `d` tokens.

    >>> g2, p, lr, e1, e2 = g2_log_ratio(np.array([10]), np.array([5]), 100, 200)
    >>> round(float(g2[0]), 4), round(float(lr[0]), 4), float(e1[0]), float(e2[0])
    (6.9315, 2.0, 5.0, 10.0)
    """
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    total = a + b
    e1 = c * total / (c + d)
    e2 = d * total / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    g2 = 2.0 * (t1 + t2)
    g2 = np.clip(g2, 0.0, None)  # rounding can leave -1e-16 for a perfectly even term
    lr = np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))
    sign = np.sign(a / c - b / d)
    # chi-squared with one degree of freedom: P(X > g2) = erfc(sqrt(g2 / 2))
    p = np.array([math.erfc(math.sqrt(x / 2.0)) for x in g2], dtype="float64")
    return sign * g2, p, lr, e1, e2


def keyness(
    articles: pd.DataFrame,
    target: object,
    *,
    reference: object = None,
    min_count: int = 5,
    drop_stopwords: bool = True,
    terms: pd.DataFrame | None = None,
    sort: Literal["g2", "log_ratio"] = "g2",
) -> pd.DataFrame:
    """Terms that distinguish `target` from `reference` (the rest of `articles` when None).

    `target` and `reference` are outlet names (one or a list) or boolean masks over
    `articles`. Returns one row per term with at least `min_count` occurrences in the two
    groups together: `term`, `count_target`, `count_reference`, `docs_target`,
    `docs_reference` (articles using the term: dispersion), `total_target`,
    `total_reference` (group sizes in tokens), `expected_target`, `expected_reference`,
    `g2` (signed, see the module docstring), `p_value` (chi-squared, 1 df) and `log_ratio`,
    sorted by `sort` descending. Pass `terms=article_terms(articles)` to reuse the counts.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
    ...                      "text": ["rusia rusia china", "china china china"]})
    >>> keyness(arts, "X", min_count=1)[["term", "count_target", "count_reference"]].to_dict("records")
    [{'term': 'rusia', 'count_target': 2, 'count_reference': 0}, {'term': 'china', 'count_target': 1, 'count_reference': 3}]
    """
    require_columns(articles, "article_id", "text", what="articles")
    require_choice("sort", sort, ["g2", "log_ratio"])
    if not isinstance(min_count, int | np.integer) or min_count < 1:
        raise InvalidValue(f"min_count={min_count!r} is not valid; expected an integer >= 1")
    in_target = group_mask(articles, target, name="target")
    in_reference = (
        ~in_target if reference is None else group_mask(articles, reference, name="reference")
    )
    if (in_target & in_reference).any():
        overlap = articles.loc[in_target & in_reference, "article_id"].tolist()[:5]
        raise InvalidValue(f"target and reference share articles {overlap}; choose disjoint groups")
    for what, mask in (("target", in_target), ("reference", in_reference)):
        if not mask.any():
            raise InvalidValue(
                f"{what}={group_label(target if what == 'target' else reference)!r} selects no "
                "articles here; check the outlet names or the filter"
            )
    sizes = _sizes(articles).to_numpy()
    c, d = float(sizes[in_target].sum()), float(sizes[in_reference].sum())
    if c == 0 or d == 0:
        raise InvalidValue("one of the groups has no words; keyness needs text in both")
    if terms is None:
        terms = article_terms(articles, drop_stopwords=drop_stopwords)
    else:
        require_columns(terms, "article_id", "term", "count", what="terms")
    # Count with integer codes and bincount: a filter change re-aggregates millions of
    # article x term rows, and a string groupby is too slow for that.
    if isinstance(terms["term"].dtype, pd.CategoricalDtype):
        codes, vocabulary = terms["term"].cat.codes.to_numpy(), terms["term"].cat.categories
    else:
        codes, vocabulary = pd.factorize(terms["term"])
    article_ids = terms["article_id"]
    if isinstance(article_ids.dtype, pd.CategoricalDtype):  # index the categories, not the rows
        where = pd.Index(articles["article_id"]).get_indexer(article_ids.cat.categories)
        position = np.where(article_ids.cat.codes.to_numpy() >= 0, where[article_ids.cat.codes], -1)
    else:
        position = pd.Index(articles["article_id"]).get_indexer(article_ids)
    group = np.zeros(len(articles) + 1, dtype="int8")  # 1 target, 2 reference, 0 neither
    group[:-1][in_target] = 1
    group[:-1][in_reference] = 2
    side = group[position]  # position -1 (article not in `articles`) reads the trailing 0
    counts = terms["count"].to_numpy(dtype="float64")
    size = len(vocabulary)
    is_t, is_r = (side == 1).astype("float64"), (side == 2).astype("float64")
    a = np.bincount(codes, weights=counts * is_t, minlength=size)
    b = np.bincount(codes, weights=counts * is_r, minlength=size)
    docs_t = np.bincount(codes, weights=is_t, minlength=size)
    docs_r = np.bincount(codes, weights=is_r, minlength=size)
    keep = (a + b) >= min_count
    g2, p, lr, e1, e2 = g2_log_ratio(a[keep], b[keep], c, d)
    out = pd.DataFrame(
        {
            "term": np.asarray(vocabulary)[keep].astype(str),
            "count_target": a[keep].astype("int64"),
            "count_reference": b[keep].astype("int64"),
            "docs_target": docs_t[keep].astype("int64"),
            "docs_reference": docs_r[keep].astype("int64"),
            "total_target": np.full(keep.sum(), int(c), dtype="int64"),
            "total_reference": np.full(keep.sum(), int(d), dtype="int64"),
            "expected_target": e1,
            "expected_reference": e2,
            "g2": g2,
            "p_value": p,
            "log_ratio": lr,
        },
        columns=COLUMNS,
    )
    return out.sort_values([sort, "term"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def outlet_keyness(
    articles: pd.DataFrame,
    *,
    pairwise: bool = False,
    min_count: int = 5,
    drop_stopwords: bool = True,
    terms: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyness for every outlet against the rest (or, with `pairwise=True`, against each other
    outlet), stacked: the `keyness` columns plus `target` and `reference` (outlet or `rest`).

    Outlets with no words, or whose reference is empty, are skipped.
    """
    require_columns(articles, "article_id", "outlet", "text", what="articles")
    if terms is None:
        terms = article_terms(articles, drop_stopwords=drop_stopwords)
    outlets = sorted(articles["outlet"].dropna().unique())
    frames: list[pd.DataFrame] = []
    pairs: list[tuple[str, str | None]] = (
        [(t, r) for t in outlets for r in outlets if t != r]
        if pairwise
        else [(t, None) for t in outlets]
    )
    for target, reference in pairs:
        try:
            table = keyness(articles, target, reference=reference, min_count=min_count, terms=terms)
        except InvalidValue:
            continue  # an outlet with no text, or nothing left to compare against
        frames.append(table.assign(target=target, reference=reference or "rest"))
    if not frames:
        return pd.DataFrame(columns=["target", "reference", *COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    return out[["target", "reference", *COLUMNS]]
