"""Text reuse: sentences of one article that copy or closely paraphrase a sentence of another.

Two tests run on every candidate pair of sentences from different articles:

- verbatim copy: Jaccard similarity of word shingles (`shingle_size` consecutive folded
  words, stopwords kept); candidates come from MinHash LSH (datasketch), so a large corpus
  is not compared pair by pair;
- paraphrase of the same source copy: cosine similarity of the sets of content words,
  after alias normalisation (`Tiongkok` = `China`, `Presiden Xi` = `Xi Jinping`), stopword
  removal and stemming (`memperkuat` = `kuat`); candidates are pairs that share at least
  `min_shared` content stems, found through an inverted index that ignores stems too common
  to tell sentences apart (`max_df`).

A pair is `verbatim` when the shingle Jaccard reaches `verbatim_threshold`, else
`paraphrase` when the cosine reaches `threshold`; `score` is the score of that kind and
both scores are kept (`jaccard`, `cosine`). The cosine weights each stem by its smoothed
idf over the corpus's sentences, so the shared vocabulary of one story (`China`, `Rusia`,
`kerja sama`) counts for less than the words that make two sentences the same statement.

The default `threshold=0.4` was tuned on the seeds by reading every pair above 0.3: all
pairs at 0.4 or more restate the same readout sentence; the best-scoring wrong pairs (same
topic, different statements, or different meetings) scored 0.37-0.39. Precision was
preferred to recall; lower it to find looser rewrites.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from helpers.compare._common import (
    NameFinder,
    find_people,
    outlet_labels,
    resolve_alias_groups,
    resolve_exact_names,
    stopwords,
)
from helpers.errors import InvalidValue
from helpers.frames import require_choice, require_columns
from helpers.lang.stem import stem
from helpers.text import fold, tokens

INDEX_UP_TO = 10_000  # sentences; beyond this `candidates="auto"` switches to LSH (linear)
PAIR_COLUMNS = [
    "article_id_a", "sentence_a", "article_id_b", "sentence_b", "score", "kind",
    "jaccard", "cosine", "text_a", "text_b",
]  # fmt: skip
# Pair texts and kinds repeat across millions of pairs: categoricals, not a string per row.
KIND_DTYPE = pd.CategoricalDtype(["paraphrase", "verbatim"])


@lru_cache(maxsize=8)
def _alias_finder(
    groups_key: tuple[tuple[str, tuple[str, ...]], ...], exact: frozenset[str]
) -> NameFinder:
    return NameFinder(dict(groups_key), exact=exact)


def _placeholder(name: str) -> str:
    return "_".join(tokens(name)) or fold(name)


def normalise(text: str, finder: NameFinder, *, people: bool = True) -> str:
    """Folded text with every alias (and, with `people`, every person's alias) replaced by
    its group's or person's canonical name as one token.

    >>> finder = NameFinder({"China": ("China", "Tiongkok")})
    >>> normalise("Presiden Xi: hubungan Tiongkok-Rusia", finder)
    'xi_jinping: hubungan china-rusia'
    """
    folded = fold(text)
    hits = [(m.start, m.end, m.group) for m in finder.finditer(text)]
    if people:
        hits = [*find_people(text), *hits]  # people first: "Presiden China Xi Jinping" is Xi
    spans: list[tuple[int, int, str]] = []
    taken = np.zeros(len(folded) + 1, dtype=bool)
    for start, end, name in hits:
        if taken[start:end].any():
            continue
        taken[start:end] = True
        spans.append((start, end, _placeholder(name)))
    if not spans:
        return folded
    spans.sort()
    out, pos = [], 0
    for start, end, token in spans:
        out.append(folded[pos:start])
        out.append(token)
        pos = end
    out.append(folded[pos:])
    return "".join(out)


def _shingles(words: list[str], size: int) -> set[str]:
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _features_of(
    items: list[tuple[str, str]], groups_key: tuple, exact: frozenset[str], shingle_size: int
) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Shingles and content stems of distinct (text, language) items (a worker's share)."""
    finder = _alias_finder(groups_key, exact)
    out = []
    for text, code in items:
        stops = stopwords([code])
        words = tokens(normalise(text, finder))
        out.append(
            (
                frozenset(_shingles(words, shingle_size)),
                frozenset(w if "_" in w else stem(w, code) for w in words if w not in stops),
            )
        )
    return out


PARALLEL_FROM = 20_000  # distinct sentences; below this a second process costs more than it saves


def _workers(workers: int | None) -> int:
    if workers is not None:
        return max(1, int(workers))
    return max(1, min(2, os.cpu_count() or 1))


def _spans(n: int, workers: int) -> list[tuple[int, int]]:
    """`[start, stop)` ranges cutting `range(n)` into `workers` near-equal runs, in order.

    >>> _spans(5, 2)
    [(0, 3), (3, 5)]
    """
    size = max(-(-n // workers), 1)
    return [(k, min(k + size, n)) for k in range(0, n, size)]


def _map_chunks(fn, chunks: list, workers: int) -> list:
    """`[fn(*c) for c in chunks]`, over `workers` forked processes when there are several."""
    if workers <= 1 or len(chunks) <= 1:
        return [fn(*c) for c in chunks]
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = mp.get_context("fork")  # the workers inherit the loaded tables
    except ValueError:
        return [fn(*c) for c in chunks]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(fn, *zip(*chunks, strict=True)))


def sentence_features(
    sentences: pd.DataFrame,
    *,
    languages: pd.Series | None = None,
    lexicon: object = None,
    shingle_size: int = 4,
    workers: int | None = None,
) -> pd.DataFrame:
    """Per sentence: `article_id`, `sentence`, `text`, `shingles` (frozenset of word
    shingles) and `stems` (frozenset of alias-normalised content stems). Computed once per
    corpus; `align_sentences` uses it.

    Each distinct (text, language) is processed once (wire copy and boilerplate repeat
    sentences verbatim); above `PARALLEL_FROM` distinct sentences the work is split over
    `workers` processes (default: up to 2 cores).
    """
    groups = resolve_alias_groups(lexicon)
    groups_key = tuple((k, tuple(v)) for k, v in groups.items())
    exact = resolve_exact_names(lexicon)
    lang_of = languages if languages is not None else pd.Series(dtype="string")
    if not lang_of.index.is_unique:
        lang_of = lang_of[~lang_of.index.duplicated()]
    codes = sentences["article_id"].map(lang_of) if len(lang_of) else None
    code_list = [
        c if isinstance(c, str) else "id"
        for c in (codes if codes is not None else ["id"] * len(sentences))
    ]
    texts = [t if isinstance(t, str) else "" for t in sentences["text"]]
    which, distinct = pd.factorize(
        pd.Series(list(zip(texts, code_list, strict=True)), dtype=object)
    )
    items = list(distinct)
    n_workers = _workers(workers) if len(items) >= PARALLEL_FROM else 1
    size = -(-len(items) // n_workers) if items else 0
    chunks = [
        (items[k : k + size], groups_key, exact, shingle_size)
        for k in range(0, len(items), size or 1)
    ]
    done = [f for part in _map_chunks(_features_of, chunks, n_workers) for f in part]
    shingles = np.empty(len(done), dtype=object)
    stems = np.empty(len(done), dtype=object)
    for k, (sh, st) in enumerate(done):
        shingles[k], stems[k] = sh, st
    which = np.asarray(which, dtype=np.int64)
    return pd.DataFrame(
        {
            "article_id": _values(sentences["article_id"]),
            "sentence": sentences["sentence"].to_numpy(),
            "text": _values(sentences["text"]),
            "shingles": shingles[which] if len(which) else np.empty(0, dtype=object),
            "stems": stems[which] if len(which) else np.empty(0, dtype=object),
        }
    )


@lru_cache(maxsize=16)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows datasketch picks for `threshold` (an integration: worth computing once)."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def _minhash_part(lo: int, hi: int) -> np.ndarray:
    """datasketch MinHash values of sets `lo:hi` of `_MINHASH_SETS` (a worker's share)."""
    from datasketch import MinHash

    sets, num_perm = _MINHASH_SETS
    out = np.zeros((hi - lo, num_perm), dtype=np.uint64)
    usable = [i for i in range(lo, hi) if sets[i]]
    hashes = MinHash.generator(([s.encode() for s in sets[i]] for i in usable), num_perm=num_perm)
    for i, mh in zip(usable, hashes, strict=True):
        out[i - lo] = mh.hashvalues
    return out


_MINHASH_SETS: tuple | None = None
MINHASH_PARALLEL_FROM = 20_000  # sets; below this a second process costs more than it saves


def _minhashes(sets: list[frozenset[str]], num_perm: int, workers: int = 1) -> np.ndarray:
    """One row of datasketch MinHash values per set (zeros for an empty set), each set
    hashed once; over `workers` forked processes for many sets."""
    global _MINHASH_SETS
    n = len(sets)
    workers = workers if n >= MINHASH_PARALLEL_FROM else 1
    _MINHASH_SETS = (sets, num_perm)
    try:
        parts = _map_chunks(_minhash_part, _spans(n, workers), workers)
    finally:
        _MINHASH_SETS = None
    return np.concatenate(parts) if parts else np.zeros((0, num_perm), dtype=np.uint64)


def _band_ids(hashes: np.ndarray, usable: np.ndarray, params: tuple[int, int]) -> np.ndarray:
    """Per set and LSH band, the id of its bucket (-1 for an unusable set): two sets share a
    bucket exactly when their MinHash values of that band are equal, as in datasketch's
    `MinHashLSH` with these `(bands, rows)`."""
    bands, width = params
    out = np.full((len(hashes), bands), -1, dtype=np.int64)
    rows = np.flatnonzero(usable)
    if not len(rows):
        return out
    for k in range(bands):
        band = np.ascontiguousarray(hashes[rows, k * width : (k + 1) * width])
        keys = band.view(np.dtype((np.void, band.dtype.itemsize * width))).ravel()
        out[rows, k] = np.unique(keys, return_inverse=True)[1].ravel()
    return out


def _run_pairs(order: np.ndarray, values: np.ndarray, m: int) -> np.ndarray:
    """Keys `u * m + v` (u < v) of every two members of `order` with equal `values` (sorted)."""
    n = len(order)
    if n < 2:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    ends = np.r_[starts[1:], n]
    after = np.repeat(ends, ends - starts) - 1 - np.arange(n)  # partners after each position
    total = int(after.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    left = np.repeat(np.arange(n), after)
    right = left + 1 + np.arange(total) - np.repeat(np.cumsum(after) - after, after)
    a, b = order[left], order[right]
    return np.minimum(a, b) * m + np.maximum(a, b)


def _bucket_pairs(bands: np.ndarray, query: np.ndarray | None = None) -> np.ndarray:
    """Keys `u * m + v` (u < v) of the `m` rows of `bands` (`_band_ids`) that share a bucket in
    some band, i.e. datasketch's LSH candidates; only pairs involving a `query` row when given."""
    m = len(bands)
    keys = []
    for k in range(bands.shape[1]):
        col = bands[:, k]
        idx = np.flatnonzero(col >= 0)
        order = idx[np.argsort(col[idx], kind="stable")]
        keys.append(_run_pairs(order, col[order], m))
    found = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    if query is not None and len(found):
        asked = np.zeros(m, dtype=bool)
        asked[query] = True
        found = found[asked[found // m] | asked[found % m]]
    return found


def _shared_stem_pairs(rare: Any, min_shared: int) -> np.ndarray:
    """Keys `u * m + v` (u < v) of the `m` rows of `rare` (a sparse row x stem 0/1 matrix of
    the discriminating stems) that share at least `min_shared` of them."""
    from scipy import sparse

    m = rare.shape[0]
    shared = sparse.triu(rare @ rare.T, k=1).tocoo()
    ok = shared.data >= min_shared
    return shared.row[ok].astype(np.int64) * m + shared.col[ok].astype(np.int64)


def _rare_stem_matrix(stems: list[frozenset[str]], df: Mapping[str, int], cap: int) -> Any:
    """Sparse 0/1 matrix, one row per stem set, of the stems in at most `cap` sentences (`df`):
    the stems that tell two sentences apart, which paraphrase candidates must share."""
    from scipy import sparse

    ids: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for bag in stems:
        indices.extend(ids.setdefault(x, len(ids)) for x in bag if df[x] <= cap)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.int32)
    shape = (len(stems), max(len(ids), 1))
    return sparse.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr), shape=shape)


def _scoring_matrices(
    shingles: list[frozenset[str]], stems: list[frozenset[str]], weight: Mapping[str, float]
) -> tuple:
    """Sparse 0/1 shingle and stem matrices of the distinct rows, the stems' weights as a
    matrix of the same shape, the shingle counts and the weighted stem norms: what
    `_pair_scores` scores candidate pairs with."""
    from scipy import sparse

    def matrix(sets: list[frozenset[str]], ids: dict[str, int]) -> Any:
        indptr, indices = [0], []
        for bag in sets:
            indices.extend(ids.setdefault(x, len(ids)) for x in bag)
            indptr.append(len(indices))
        data = np.ones(len(indices))
        shape = (len(sets), max(len(ids), 1))
        return sparse.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr), shape=shape)

    sh = matrix(shingles, {})
    stem_ids: dict[str, int] = {}
    st = matrix(stems, stem_ids)
    w = np.zeros(st.shape[1])
    for x, k in stem_ids.items():
        w[k] = weight[x]
    weighted = st.multiply(w[None, :]).tocsr()
    return sh, st, weighted, np.diff(sh.indptr), np.asarray(weighted.sum(axis=1)).ravel()


SCORE_BATCH = 250_000  # candidate pairs scored at once (two row copies of this many rows)


def _pair_scores(u: np.ndarray, v: np.ndarray, scoring: tuple) -> tuple[np.ndarray, ...]:
    """Shingle Jaccard, weighted stem cosine and number of shared stems of row pairs (u, v)."""
    sh, st, weighted, sh_len, norm = scoring
    jac, cos, shared = np.zeros(len(u)), np.zeros(len(u)), np.zeros(len(u), dtype=np.int64)
    for lo in range(0, len(u), SCORE_BATCH):
        a, b = u[lo : lo + SCORE_BATCH], v[lo : lo + SCORE_BATCH]
        inter = np.asarray(sh[a].multiply(sh[b]).sum(axis=1)).ravel()
        union = sh_len[a] + sh_len[b] - inter
        both = (sh_len[a] > 0) & (sh_len[b] > 0)
        jac[lo : lo + len(a)] = np.where(both, inter / np.where(union > 0, union, 1), 0.0)
        n_common = np.asarray(st[a].multiply(st[b]).sum(axis=1)).ravel().astype(np.int64)
        shared[lo : lo + len(a)] = n_common
        mass = np.asarray(st[a].multiply(weighted[b]).sum(axis=1)).ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            cos[lo : lo + len(a)] = np.where(n_common > 0, mass / np.sqrt(norm[a] * norm[b]), 0.0)
    return jac, cos, shared


def _idf_weights(stems: list[frozenset[str]]) -> dict[str, float]:
    """Squared smoothed idf per stem (sklearn's `ln((1+N)/(1+df)) + 1`), over these sentences.

    Weighting matters here: coverage of one story shares its vocabulary (`China`, `Rusia`,
    `kerja sama`), and unweighted overlap ranks unrelated sentences of the story as high
    as true paraphrases. Squared because a set-cosine sums weight x weight per stem.
    """
    n = len(stems)
    df = Counter(s for bag in stems for s in bag)
    return {s: (np.log((1 + n) / (1 + k)) + 1.0) ** 2 for s, k in df.items()}


PARTITION_SENTENCES = 2_000  # dated sentences per time block, on average (see align_sentences)


def _article_days(articles: pd.DataFrame | None, ids: pd.Index) -> np.ndarray:
    """Day number per article (publication day in Jakarta, else the event date), NaN if neither."""
    if not isinstance(articles, pd.DataFrame) or "article_id" not in articles:
        return np.full(len(ids), np.nan)
    days = pd.Series(np.nan, index=articles.index)
    if "published" in articles:
        stamps = pd.to_datetime(articles["published"], utc=True, errors="coerce")
        local = stamps.dt.tz_convert("Asia/Jakarta").dt.tz_localize(None).dt.normalize()
        days = days.fillna(pd.Series(local.to_numpy().astype("datetime64[D]").astype("float64"),
                                     index=articles.index).where(local.notna()))  # fmt: skip
    if "event_date" in articles:
        ev = pd.to_datetime(articles["event_date"], errors="coerce")
        if getattr(ev.dt, "tz", None) is not None:
            ev = ev.dt.tz_convert("Asia/Jakarta").dt.tz_localize(None)
        ev = ev.dt.normalize()
        days = days.fillna(
            pd.Series(
                ev.to_numpy().astype("datetime64[D]").astype("float64"), index=articles.index
            ).where(ev.notna())
        )
    by_id = pd.Series(days.to_numpy(), index=articles["article_id"].to_numpy())
    by_id = by_id[~by_id.index.duplicated()]
    return by_id.reindex(ids).to_numpy(dtype="float64")


def _article_events(articles: pd.DataFrame | None, ids: pd.Index) -> np.ndarray:
    """Event code per article (-1 when unknown)."""
    if not isinstance(articles, pd.DataFrame) or "event_id" not in articles:
        return np.full(len(ids), -1, dtype=np.int64)
    by_id = pd.Series(articles["event_id"].astype("object").to_numpy(),
                      index=articles["article_id"].to_numpy())  # fmt: skip
    by_id = by_id[~by_id.index.duplicated()].reindex(ids)
    codes, _ = pd.factorize(by_id, use_na_sentinel=True)
    return codes.astype(np.int64)


def align_sentences(
    corpus: object,
    *,
    threshold: float = 0.4,
    verbatim_threshold: float = 0.6,
    shingle_size: int = 4,
    min_words: int = 5,
    min_shared: int = 3,
    max_df: int | None = None,
    lexicon: object = None,
    features: pd.DataFrame | None = None,
    num_perm: int = 128,
    candidates: Literal["auto", "index", "lsh"] = "auto",
    paraphrase_lsh_threshold: float = 0.3,
    window_days: int | None = 3,
    same_event: bool = True,
    workers: int | None = None,
) -> pd.DataFrame:
    """Aligned sentence pairs across different articles of `corpus` (a Corpus: needs
    `sentences` and `articles`).

    Returns one row per pair: `article_id_a`, `sentence_a`, `article_id_b`, `sentence_b`
    (`a` sorts before `b`), `score`, `kind` (`verbatim` | `paraphrase`), `jaccard`
    (shingles), `cosine` (content stems), `text_a`, `text_b`. Sentences with fewer than
    `min_words` content stems are not aligned. `kind`, `text_a` and `text_b` are
    categoricals (a copied sentence is in a pair with every copy of it): the two text
    columns share one set of texts, so they compare with each other; a column of another
    call's result has other categories, so compare the text (`.astype(str)`) across calls.

    What counts as reuse: two articles are compared only when they could be copy of one
    another in the sense a media researcher means, i.e. they appeared within `window_days`
    days of each other (publication day in Jakarta, else the event date) when both dates are
    known, and, with `same_event`, they report the same event when both carry an
    `event_id` (`helpers.with_events`). An article without a date (or event) is compared
    with every article. `window_days=None, same_event=False` compares all articles.

    Paraphrase candidates come from an inverted index (`candidates="index"`: pairs sharing
    `min_shared` stems that occur in at most `max_df` sentences, default 5% of them, between
    50 and 2,000) or, for large corpora, from MinHash LSH over the stem sets
    (`candidates="lsh"`: sets of those same discriminating stems with a Jaccard of about
    `paraphrase_lsh_threshold` or more; scales linearly, may miss pairs of unequal length);
    `"auto"` uses the index up to `INDEX_UP_TO` distinct sentences per time block.
    Verbatim candidates always come from MinHash LSH over the shingles.

    At scale: each distinct sentence is scored once (identical sentences share their
    features), and dated sentences are processed in time blocks of at least `window_days`
    days (about `PARTITION_SENTENCES` sentences each), so a pair is looked for only within
    a block and its neighbour; blocks run over `workers` processes (default: up to 2 cores).
    Pass `features=sentence_features(...)` to reuse the per-sentence work.
    """
    sentences = getattr(corpus, "sentences", None)
    articles = getattr(corpus, "articles", None)
    if not isinstance(sentences, pd.DataFrame):
        raise InvalidValue(
            "align_sentences needs a Corpus (with .sentences); use helpers.load_corpus"
        )
    require_columns(sentences, "article_id", "sentence", "text", what="corpus.sentences")
    for name, value in (("threshold", threshold), ("verbatim_threshold", verbatim_threshold)):
        if not 0 < float(value) <= 1:
            raise InvalidValue(f"{name}={value!r} is not valid; expected a number in (0, 1]")
    require_choice("candidates", candidates, ["auto", "index", "lsh"])
    if window_days is not None and (not isinstance(window_days, int) or window_days < 0):
        raise InvalidValue(
            f"window_days={window_days!r} is not valid; expected an integer >= 0 or None"
        )
    if features is None:
        languages = (
            articles.set_index("article_id")["language"]
            if isinstance(articles, pd.DataFrame) and "language" in articles
            else None
        )
        features = sentence_features(
            sentences, languages=languages, lexicon=lexicon, shingle_size=shingle_size,
            workers=workers,
        )  # fmt: skip
    keep = features["stems"].map(len).to_numpy() >= min_words
    feats = features[keep].reset_index(drop=True)
    if len(feats) < 2:
        return _empty_pairs()
    # Distinct feature rows: identical sentences are scored once, as one row.
    row_of: dict[tuple[frozenset[str], frozenset[str]], int] = {}
    rows = np.fromiter(
        (row_of.setdefault((a, b), len(row_of)) for a, b in zip(feats["shingles"], feats["stems"], strict=True)),
        dtype=np.int64, count=len(feats),
    )  # fmt: skip
    uniq = list(row_of)
    mult = np.bincount(rows, minlength=len(uniq))
    u_shingles = [u[0] for u in uniq]
    u_stems = [u[1] for u in uniq]
    # document frequencies over sentences (not distinct rows), as a sentence-level index has
    df: Counter[str] = Counter()
    for bag, m in zip(u_stems, mult.tolist(), strict=True):
        for x in bag:
            df[x] += m
    n = len(feats)
    cap = max_df if max_df is not None else min(max(50, int(0.05 * n)), 2000)
    weight = {x: (np.log((1 + n) / (1 + k)) + 1.0) ** 2 for x, k in df.items()}
    ids, art = np.unique(
        feats["article_id"].to_numpy(dtype=object).astype(str), return_inverse=True
    )
    art = art.astype(np.int64)  # codes in article-id order: a < b compares codes
    day = _article_days(articles, pd.Index(ids))[art]
    event = _article_events(articles, pd.Index(ids))[art] if same_event else np.full(n, -1)
    params = {
        "threshold": threshold, "verbatim_threshold": verbatim_threshold,
        "min_shared": min_shared, "cap": cap, "num_perm": num_perm, "candidates": candidates,
        "paraphrase_lsh_threshold": paraphrase_lsh_threshold, "window": window_days,
    }  # fmt: skip
    # Each distinct row is MinHashed once for the whole corpus (not once per time block),
    # and the LSH buckets are integer ids, so a block's candidates are a sort, not a
    # Python loop over an index.
    n_workers = _workers(workers)
    usable = np.fromiter((bool(x) for x in u_shingles), dtype=bool, count=len(u_shingles))
    verbatim_params = _lsh_params(max(0.1, verbatim_threshold * 0.7), num_perm)
    bands = _band_ids(_minhashes(u_shingles, num_perm, n_workers), usable, verbatim_params)
    rare = _rare_stem_matrix(u_stems, df, cap)
    global _SHARED, _BLOCK
    scoring = _scoring_matrices(u_shingles, u_stems, weight)
    _SHARED = (rows, art, day, event, u_shingles, u_stems, weight, df, params, bands, rare, scoring)
    try:
        steps = _steps(day, window_days)
        parts = _map_chunks(_align_step, [(s,) for s in steps], n_workers if len(steps) > 4 else 1)
    finally:
        _SHARED = _BLOCK = None
    found = [p for p in parts if len(p[0])]
    if not found:
        return _empty_pairs()
    i, j, score, kind, jac, cos = (np.concatenate(x) for x in zip(*found, strict=True))
    # orient: `a` is the article that sorts first (within one article: the earlier row)
    swap = (art[i] > art[j]) | ((art[i] == art[j]) & (i > j))
    i, j = np.where(swap, j, i), np.where(swap, i, j)
    sent = feats["sentence"].to_numpy()
    order = np.lexsort((sent[j], art[j], sent[i], art[i]))
    i, j = i[order], j[order]
    # ids gathered as strings in Arrow: millions of pairs copy no Python objects
    names = _strings(ids.astype(object))
    text_a, text_b = _shared_texts(_values(feats["text"]), i, j)
    out = pd.DataFrame(
        {
            "article_id_a": _take(names, art[i]),
            "sentence_a": sent[i].astype("int64"),
            "article_id_b": _take(names, art[j]),
            "sentence_b": sent[j].astype("int64"),
            "score": score[order].astype("float64"),
            "kind": pd.Categorical.from_codes(kind[order].astype(np.int64), dtype=KIND_DTYPE),
            "jaccard": jac[order].astype("float64"),
            "cosine": cos[order].astype("float64"),
            "text_a": text_a,
            "text_b": text_b,
        },
        columns=PAIR_COLUMNS,
    )
    return out


def _shared_texts(
    text: object, i: np.ndarray, j: np.ndarray
) -> tuple[pd.Categorical, pd.Categorical]:
    """The texts of sentence rows `i` and `j` as two categoricals over one set of texts.

    A copied sentence is in a pair with every copy of it: at 100,000 articles 5.3 million
    pairs held 65,000 distinct texts, and as plain strings the two columns took 2.4 GB, most
    of the 03 notebook's memory. Sharing one dtype keeps `text_a == text_b` comparable.
    """
    used = np.zeros(len(text), dtype=bool)
    used[i] = True
    used[j] = True
    rows = np.flatnonzero(used)
    codes, distinct = pd.factorize(_take(text, rows), sort=True)  # sorts as strings would
    code_of = np.full(len(text), -1, dtype=np.int64)
    code_of[rows] = codes
    dtype = pd.CategoricalDtype(pd.Index(distinct, dtype="str"))
    return (pd.Categorical.from_codes(code_of[i], dtype=dtype),
            pd.Categorical.from_codes(code_of[j], dtype=dtype))  # fmt: skip


def _values(column: pd.Series) -> object:
    """A column's values for a new frame: its string array as is (no Python strings made
    and re-read), anything else as numpy."""
    if column.dtype == _INFERRED_STR:  # what a frame would make of the numpy values again
        return column.array
    return column.to_numpy()


_INFERRED_STR = pd.Series(["x"]).dtype


def _strings(values: np.ndarray) -> object:
    """Python strings as the string array a frame would infer for them."""
    return pd.Series(values).array


def _take(values: object, index: np.ndarray) -> object:
    """`values[index]` for a numpy or pandas array (Arrow strings are taken in Arrow)."""
    if isinstance(values, np.ndarray):
        return values[index]
    return values.take(index)


def _empty_pairs() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in PAIR_COLUMNS})
    text = pd.CategoricalDtype(pd.Index([], dtype="str"))
    return out.astype({"article_id_a": "str", "article_id_b": "str",
                       "sentence_a": "int64", "sentence_b": "int64", "score": "float64",
                       "kind": KIND_DTYPE, "jaccard": "float64", "cosine": "float64",
                       "text_a": text, "text_b": text})  # fmt: skip


# The arrays an alignment's steps read: set before the steps run (forked workers inherit it).
_SHARED: tuple | None = None


def _steps(day: np.ndarray, window: int | None) -> list[tuple]:
    """Work units: `("all", None)` when there is no window; else one step per time block
    (its block and the next, keeping pairs whose earlier block is this one) and one step
    for the undated sentences against everything."""
    dated = ~np.isnan(day)
    if window is None or not dated.any():
        return [("all", None)]
    span = float(np.nanmax(day) - np.nanmin(day)) + 1
    width = max(window, 1, int(np.ceil(PARTITION_SENTENCES * span / max(dated.sum(), 1))))
    block = np.full(len(day), -1, dtype=np.int64)
    block[dated] = ((day[dated] - np.nanmin(day)) // width).astype(np.int64)
    steps: list[tuple] = [("block", int(k)) for k in np.unique(block[dated])]
    if (~dated).any():
        steps.append(("undated", None))
    global _BLOCK
    _BLOCK = block
    return steps


_BLOCK: np.ndarray | None = None


def _align_step(step: tuple) -> tuple[np.ndarray, ...]:
    """Sentence pairs `(i, j, score, is_verbatim, jaccard, cosine)` that one step owns."""
    rows, art, day, event, _shingles, u_stems, _weight, df, p, bands, rare_stems, scoring = _SHARED
    kind, k = step
    if kind == "all":
        members = np.arange(len(rows))
    elif kind == "block":
        members = np.flatnonzero((k == _BLOCK) | (k + 1 == _BLOCK))
    else:
        members = np.arange(len(rows))  # undated against all; pairs must involve an undated one
    empty = (
        (np.empty(0, np.int64),) * 2 + (np.empty(0),) + (np.empty(0, bool),) + (np.empty(0),) * 2
    )
    if len(members) < 2:
        return empty
    # distinct rows of the step, and which sentences carry each
    local, inverse = np.unique(rows[members], return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(inverse, minlength=len(local)))])
    carriers = members[order]
    st = [u_stems[r] for r in local]
    # article of each distinct row's sentences: a pair of rows only found inside one article
    # is dropped at expansion
    query = None
    if kind == "undated":
        und = np.isnan(day[members])
        query = np.unique(inverse[und])
    m = len(local)
    found = [_bucket_pairs(bands[local], query)]
    mode = p["candidates"]
    if mode == "auto":
        mode = "index" if len(local) <= INDEX_UP_TO else "lsh"
    if mode == "index":
        found.append(_shared_stem_pairs(rare_stems[local], p["min_shared"]))
    else:
        cap = p["cap"]
        rare = [frozenset(x for x in bag if df[x] <= cap) for bag in st]
        usable = np.fromiter((bool(x) for x in rare), dtype=bool, count=m)
        params = _lsh_params(p["paraphrase_lsh_threshold"], p["num_perm"])
        found.append(
            _bucket_pairs(_band_ids(_minhashes(rare, p["num_perm"]), usable, params), query)
        )
    multi = np.flatnonzero(np.diff(starts) > 1)
    found.append(multi.astype(np.int64) * m + multi)  # identical sentences in two places
    keys = np.unique(np.concatenate(found))
    pu, pv = (keys // m).astype(np.int64), (keys % m).astype(np.int64)
    jac, cos, shared_n = _pair_scores(local[pu], local[pv], scoring)
    vt, th, ms = p["verbatim_threshold"], p["threshold"], p["min_shared"]
    is_verb = jac >= vt
    chosen = ~((jac < vt) & (shared_n < ms)) & (is_verb | (cos >= th))
    if not chosen.any():
        return empty
    pu, pv, jc, cs, verb = pu[chosen], pv[chosen], jac[chosen], cos[chosen], is_verb[chosen]
    sc = np.where(verb, jc, cs)
    # expand each row pair to the sentence pairs carrying it
    cu, cv = starts[pu + 1] - starts[pu], starts[pv + 1] - starts[pv]
    total = cu * cv
    pair = np.repeat(np.arange(len(pu)), total)
    within = np.arange(int(total.sum())) - np.repeat(np.cumsum(total) - total, total)
    left = carriers[starts[pu][pair] + within // cv[pair]]
    right = carriers[starts[pv][pair] + within % cv[pair]]
    ok = art[left] != art[right]
    ok &= np.where(pu[pair] == pv[pair], left < right, True)  # a row with itself: each pair once
    both = ~np.isnan(day[left]) & ~np.isnan(day[right])
    if p["window"] is not None:
        ok &= ~both | (np.abs(day[left] - day[right]) <= p["window"])
    ok &= (event[left] < 0) | (event[right] < 0) | (event[left] == event[right])
    if kind == "block":
        ok &= np.minimum(_BLOCK[left], _BLOCK[right]) == k  # each pair in exactly one step
    elif kind == "undated":
        ok &= ~both
    left, right, pair = left[ok], right[ok], pair[ok]
    return (
        left, right, np.asarray(sc)[pair], np.asarray(verb, bool)[pair],
        np.asarray(jc)[pair], np.asarray(cs)[pair],
    )  # fmt: skip


def _article_units(corpus: object, level: str) -> pd.Series:
    articles = corpus.articles
    if level == "article":
        return pd.Series(articles["article_id"].to_numpy(), index=articles["article_id"].to_numpy())
    return pd.Series(outlet_labels(articles).to_numpy(), index=articles["article_id"].to_numpy())


def reuse_matrix(
    pairs: pd.DataFrame,
    corpus: object,
    *,
    level: str = "article",
    kinds: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Aggregate aligned pairs to an article x article or outlet x outlet matrix, long form.

    One row per ordered (`a`, `b`) of units with sentences: `a`, `b`, `n_pairs` (aligned
    sentence pairs between them), `sentences_a` (sentences of `a` eligible to align: all of
    them), `aligned_a` (sentences of `a` with a counterpart in `b`), `share_a` = `aligned_a /
    sentences_a` (the explicit denominator), `mean_score`. The matrix is not symmetric:
    `share_a` reads "how much of `a` is found in `b`". Outlet-level diagonals compare
    different articles of the same outlet; articles with no outlet count as `(unknown outlet)`.
    """
    require_choice("level", level, ["article", "outlet"])
    require_columns(pairs, *PAIR_COLUMNS[:6], what="pairs")
    if kinds is not None:
        pairs = pairs[pairs["kind"].isin(kinds)]
    unit = _article_units(corpus, level)
    sentences = corpus.sentences
    n_sent = sentences.groupby(sentences["article_id"].map(unit)).size()
    # both directions, so each row is read from the side of `a`
    fwd = pd.DataFrame(
        {
            "a": pairs["article_id_a"].map(unit).to_numpy(),
            "b": pairs["article_id_b"].map(unit).to_numpy(),
            "article_a": pairs["article_id_a"].to_numpy(),
            "sent_a": pairs["sentence_a"].to_numpy(),
            "score": pairs["score"].to_numpy(dtype=float),
        }
    )
    back = pd.DataFrame(
        {
            "a": fwd["b"],
            "b": fwd["a"],
            "article_a": pairs["article_id_b"].to_numpy(),
            "sent_a": pairs["sentence_b"].to_numpy(),
            "score": fwd["score"],
        }
    )
    both = pd.concat([fwd, back], ignore_index=True)
    if level == "article":
        both = both[both["a"] != both["b"]]
    stats = both.groupby(["a", "b"]).agg(n_pairs=("score", "size"), mean_score=("score", "mean"))
    aligned = both.drop_duplicates(["a", "b", "article_a", "sent_a"]).groupby(["a", "b"]).size()
    units = sorted(n_sent.index, key=str)
    grid = pd.MultiIndex.from_product([units, units], names=["a", "b"])
    out = stats.reindex(grid)
    out["aligned_a"] = aligned.reindex(grid).fillna(0).astype("int64")
    out["n_pairs"] = out["n_pairs"].fillna(0).astype("int64")
    out = out.reset_index()
    out["sentences_a"] = out["a"].map(n_sent).astype("int64")
    out["share_a"] = out["aligned_a"] / out["sentences_a"]
    if level == "article":
        out = out[out["a"] != out["b"]]
    return out[
        ["a", "b", "n_pairs", "sentences_a", "aligned_a", "share_a", "mean_score"]
    ].reset_index(drop=True)


def shared_passages(
    pairs: pd.DataFrame, corpus: object, a: str, b: str, *, level: str = "article"
) -> pd.DataFrame:
    """The aligned sentence pairs behind one cell of `reuse_matrix` (`a` first), for display.

    Columns: `PAIR_COLUMNS` (oriented so `text_a` comes from `a`) plus `outlet_a`, `outlet_b`.
    """
    require_choice("level", level, ["article", "outlet"])
    unit = _article_units(corpus, level)
    ua, ub = pairs["article_id_a"].map(unit), pairs["article_id_b"].map(unit)
    fwd = pairs[(ua == a) & (ub == b)]
    back = pairs[(ua == b) & (ub == a)] if a != b else pairs.iloc[0:0]
    back = back.rename(
        columns={
            "article_id_a": "article_id_b", "article_id_b": "article_id_a",
            "sentence_a": "sentence_b", "sentence_b": "sentence_a",
            "text_a": "text_b", "text_b": "text_a",
        }
    )  # fmt: skip
    out = pd.concat([fwd, back[fwd.columns]], ignore_index=True)
    outlets = _article_units(corpus, "outlet")
    out["outlet_a"] = out["article_id_a"].map(outlets)
    out["outlet_b"] = out["article_id_b"].map(outlets)
    return out.sort_values(["score"], ascending=False, kind="stable").reset_index(drop=True)


WIRE_COLUMNS = [
    "outlet", "wire", "n_pairs", "n_articles", "n_wire_articles", "aligned_sentences",
    "outlet_sentences", "share", "credited_articles", "mean_score", "pair_index",
]  # fmt: skip
_AGENCIES_FALLBACK = frozenset(
    {"ANTARA", "Xinhua", "Reuters", "AFP", "AP", "TASS", "Kyodo", "Yonhap"}
)


def _agencies() -> frozenset[str]:
    """Outlets whose own copy counts as wire copy: agencies and state media in the registry."""
    try:
        from helpers.corpus.outlets import load_registry

        return frozenset(o.name for o in load_registry() if o.is_agency)
    except ImportError:
        return _AGENCIES_FALLBACK


def wire_sources(articles: pd.DataFrame) -> pd.Series:
    """The wire whose copy each article carries: the credited `wire`, else the outlet itself
    when it is an agency (ANTARA's own copy is ANTARA copy), else <NA>. Indexed by article_id."""
    require_columns(articles, "article_id", "outlet", what="articles")
    agencies = _agencies() | set(articles["wire"].dropna()) if "wire" in articles else _agencies()
    outlet = articles["outlet"].astype("string")
    own = outlet.where(outlet.isin(agencies))
    wire = articles["wire"].astype("string") if "wire" in articles else own
    return pd.Series(
        wire.fillna(own).to_numpy(), index=articles["article_id"].to_numpy(), dtype="string"
    )


def wire_derivation(pairs: pd.DataFrame, corpus: object) -> pd.DataFrame:
    """Which outlet's text appears to derive from which wire, with the pairs behind each claim.

    A pair supports "outlet O derives from wire W" when one sentence comes from an article
    carrying W copy (see `wire_sources`) and the other from an article of O (O is not W),
    unless both are dated and O's article came first. Returns one row per (outlet, wire):
    `n_pairs`, `n_articles` (O's articles with such pairs), `n_wire_articles`,
    `aligned_sentences` (O's sentences with a W counterpart) over `outlet_sentences` (all
    of O's sentences: the denominator) = `share`, `credited_articles` (of `n_articles`, how
    many credit W in `articles.wire`), `mean_score`, and `pair_index` (tuple of `pairs` row
    labels: `pairs.loc[list(row.pair_index)]` lists the sentence pairs behind the claim).
    """
    require_columns(pairs, *PAIR_COLUMNS[:6], what="pairs")
    claims = wire_claims(pairs, corpus.articles)
    if claims.empty:
        return pd.DataFrame(columns=WIRE_COLUMNS)
    articles = corpus.articles
    outlet = pd.Series(outlet_labels(articles).to_numpy(), index=articles["article_id"].to_numpy())
    return aggregate_claims(claims, corpus.sentences.groupby(
        corpus.sentences["article_id"].map(outlet)).size())  # fmt: skip


CLAIM_COLUMNS = ["outlet", "wire", "pair", "article", "sentence", "source", "score", "credited"]


def wire_claims(pairs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per (pair, direction) supporting "`outlet` derives from `wire`": `outlet`,
    `wire`, `pair` (row label in `pairs`), `article` (the outlet's article), `sentence`,
    `source` (the wire article), `score`, `credited` (the article credits that wire).
    Vectorised; `wire_derivation` aggregates it."""
    wire = wire_sources(articles)
    outlet = pd.Series(outlet_labels(articles).to_numpy(), index=articles["article_id"].to_numpy())
    published = (
        pd.Series(pd.to_datetime(articles["published"], utc=True).to_numpy(), index=outlet.index)
        if "published" in articles
        else pd.Series(pd.NaT, index=outlet.index, dtype="datetime64[ns, UTC]")
    )
    credited = (
        pd.Series(articles["wire"].astype("string").to_numpy(), index=outlet.index)
        if "wire" in articles
        else pd.Series(pd.NA, index=outlet.index, dtype="string")
    )
    parts = []
    for src_col, dst_col, sent_col in (
        ("article_id_a", "article_id_b", "sentence_b"),
        ("article_id_b", "article_id_a", "sentence_a"),
    ):
        src, dst = pairs[src_col].to_numpy(dtype=object), pairs[dst_col].to_numpy(dtype=object)
        w = wire.reindex(src).to_numpy(dtype=object)
        o = outlet.reindex(dst).to_numpy(dtype=object)
        has = pd.notna(w)
        ok = has & (o != np.where(has, w, None))
        t_src = published.reindex(src).to_numpy()
        t_dst = published.reindex(dst).to_numpy()
        dated = ~pd.isna(t_src) & ~pd.isna(t_dst)
        # the outlet's article came first: it cannot copy the later wire text
        ok &= ~(dated & (t_dst < np.where(dated, t_src, t_dst)))
        cred = credited.reindex(dst).fillna("").to_numpy(dtype=object)
        parts.append(
            pd.DataFrame(
                {
                    "outlet": o[ok], "wire": w[ok].astype(str), "pair": pairs.index.to_numpy()[ok],
                    "article": dst[ok], "sentence": pairs[sent_col].to_numpy()[ok].astype("int64"),
                    "source": src[ok], "score": pairs["score"].to_numpy(dtype=float)[ok],
                    "credited": (cred[ok] == w[ok]).astype(bool),
                }
            )
        )  # fmt: skip
    claims = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CLAIM_COLUMNS)
    # the same order as reading the pairs row by row, both directions per row
    n = len(pairs)
    if len(claims) and n:
        position = pd.Index(pairs.index).get_indexer(claims["pair"]) * 2
        position[len(parts[0]) :] += 1
        claims = claims.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)
    return claims[CLAIM_COLUMNS]


def aggregate_claims(claims: pd.DataFrame, n_sent: pd.Series) -> pd.DataFrame:
    """`wire_derivation`'s table from `wire_claims` rows; `n_sent` is sentences per outlet."""
    if claims.empty:
        return pd.DataFrame(columns=WIRE_COLUMNS)
    grouped = claims.groupby(["outlet", "wire"])
    out = grouped.agg(
        n_pairs=("pair", "nunique"),
        n_articles=("article", "nunique"),
        n_wire_articles=("source", "nunique"),
        mean_score=("score", "mean"),
    ).reset_index()
    aligned = (
        claims.drop_duplicates(["outlet", "wire", "article", "sentence"])
        .groupby(["outlet", "wire"])
        .size()
    )
    cred = (
        claims[claims["credited"]]
        .drop_duplicates(["outlet", "wire", "article"])
        .groupby(["outlet", "wire"])
        .size()
    )
    index = grouped["pair"].agg(lambda s: tuple(sorted(set(s))))
    keys = pd.MultiIndex.from_frame(out[["outlet", "wire"]])
    out["aligned_sentences"] = aligned.reindex(keys).fillna(0).astype("int64").to_numpy()
    out["outlet_sentences"] = out["outlet"].map(n_sent).fillna(0).astype("int64")
    out["share"] = out["aligned_sentences"] / out["outlet_sentences"].where(
        out["outlet_sentences"] > 0
    )
    out["credited_articles"] = cred.reindex(keys).fillna(0).astype("int64").to_numpy()
    out["pair_index"] = index.reindex(keys).to_numpy()
    out = out[WIRE_COLUMNS]
    return out.sort_values(["n_pairs", "outlet"], ascending=[False, True]).reset_index(drop=True)
