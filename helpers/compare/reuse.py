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

from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations
from typing import Literal

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


def sentence_features(
    sentences: pd.DataFrame,
    *,
    languages: pd.Series | None = None,
    lexicon: object = None,
    shingle_size: int = 4,
) -> pd.DataFrame:
    """Per sentence: `article_id`, `sentence`, `text`, `shingles` (frozenset of word
    shingles) and `stems` (frozenset of alias-normalised content stems). Computed once per
    corpus; `align_sentences` uses it."""
    groups = resolve_alias_groups(lexicon)
    finder = _alias_finder(
        tuple((k, tuple(v)) for k, v in groups.items()), resolve_exact_names(lexicon)
    )
    lang_of = languages if languages is not None else pd.Series(dtype="string")
    stops_by_lang: dict[str, frozenset[str]] = {}
    shingles, stems = [], []
    for article_id, text in zip(sentences["article_id"], sentences["text"], strict=True):
        code = lang_of.get(article_id, "id")
        code = code if isinstance(code, str) else "id"
        stops = stops_by_lang.setdefault(code, stopwords([code]))
        words = tokens(normalise(text if isinstance(text, str) else "", finder))
        shingles.append(frozenset(_shingles(words, shingle_size)))
        stems.append(frozenset(w if "_" in w else stem(w, code) for w in words if w not in stops))
    return pd.DataFrame(
        {
            "article_id": sentences["article_id"].to_numpy(),
            "sentence": sentences["sentence"].to_numpy(),
            "text": sentences["text"].to_numpy(),
            "shingles": shingles,
            "stems": stems,
        }
    )


def _lsh_candidates(
    sets: list[frozenset[str]], articles: np.ndarray, threshold: float, num_perm: int
) -> set[tuple[int, int]]:
    """Pairs of sets (from different articles) whose Jaccard is probably >= `threshold`."""
    from datasketch import MinHash, MinHashLSH

    usable = [i for i, s in enumerate(sets) if s]
    if len(usable) < 2:
        return set()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = MinHash.bulk([[s.encode() for s in sets[i]] for i in usable], num_perm=num_perm)
    for i, mh in zip(usable, hashes, strict=True):
        lsh.insert(i, mh)
    found: set[tuple[int, int]] = set()
    for i, mh in zip(usable, hashes, strict=True):
        for j in lsh.query(mh):
            if j != i and articles[i] != articles[j]:
                found.add((min(i, j), max(i, j)))
    return found


def _paraphrase_candidates(
    stems: list[frozenset[str]], articles: np.ndarray, min_shared: int, max_df: int
) -> dict[tuple[int, int], int]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, bag in enumerate(stems):
        for s in bag:
            postings[s].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for rows in postings.values():
        if len(rows) < 2 or len(rows) > max_df:
            continue
        for i, j in combinations(rows, 2):
            if articles[i] != articles[j]:
                shared[(i, j)] += 1
    return {pair: n for pair, n in shared.items() if n >= min_shared}


def _idf_weights(stems: list[frozenset[str]]) -> dict[str, float]:
    """Squared smoothed idf per stem (sklearn's `ln((1+N)/(1+df)) + 1`), over these sentences.

    Weighting matters here: coverage of one story shares its vocabulary (`China`, `Rusia`,
    `kerja sama`), and unweighted overlap ranks unrelated sentences of the story as high
    as true paraphrases. Squared because a set-cosine sums weight x weight per stem.
    """
    n = len(stems)
    df = Counter(s for bag in stems for s in bag)
    return {s: (np.log((1 + n) / (1 + k)) + 1.0) ** 2 for s, k in df.items()}


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
) -> pd.DataFrame:
    """Aligned sentence pairs across different articles of `corpus` (a Corpus: needs
    `sentences` and `articles`).

    Returns one row per pair: `article_id_a`, `sentence_a`, `article_id_b`, `sentence_b`
    (`a` sorts before `b`), `score`, `kind` (`verbatim` | `paraphrase`), `jaccard`
    (shingles), `cosine` (content stems), `text_a`, `text_b`. Sentences with fewer than
    `min_words` content stems are not aligned.

    Paraphrase candidates come from an inverted index (`candidates="index"`: pairs sharing
    `min_shared` stems that occur in at most `max_df` sentences, default 5% of them, between
    50 and 2,000) or, for large corpora, from MinHash LSH over the stem sets
    (`candidates="lsh"`: sets of those same discriminating stems with a Jaccard of about
    `paraphrase_lsh_threshold` or more; scales linearly, may miss pairs of unequal length); `"auto"` uses the index up to `INDEX_UP_TO` sentences.
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
    if features is None:
        languages = (
            articles.set_index("article_id")["language"]
            if isinstance(articles, pd.DataFrame) and "language" in articles
            else None
        )
        features = sentence_features(
            sentences, languages=languages, lexicon=lexicon, shingle_size=shingle_size
        )
    keep = features["stems"].map(len) >= min_words
    feats = features[keep].reset_index(drop=True)
    if len(feats) < 2:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    art = feats["article_id"].to_numpy()
    shingles = feats["shingles"].tolist()
    stems = feats["stems"].tolist()
    cap = max_df if max_df is not None else min(max(50, int(0.05 * len(feats))), 2000)
    # LSH below the verification thresholds: MinHash estimates are noisy, and a cosine of
    # 0.4 between two content-word sets can be a Jaccard near 0.25.
    found = _lsh_candidates(shingles, art, max(0.1, verbatim_threshold * 0.7), num_perm)
    require_choice("candidates", candidates, ["auto", "index", "lsh"])
    if candidates == "auto":
        candidates = "index" if len(feats) <= INDEX_UP_TO else "lsh"
    if candidates == "index":
        found |= set(_paraphrase_candidates(stems, art, min_shared, cap))
    else:
        # only the stems discriminating enough to propose candidates (as in the index)
        df = Counter(x for bag in stems for x in bag)
        rare = [frozenset(x for x in bag if df[x] <= cap) for bag in stems]
        found |= _lsh_candidates(rare, art, paraphrase_lsh_threshold, num_perm)
    candidates = found
    weight = _idf_weights(stems)
    norms = [sum(weight[s] for s in bag) for bag in stems]
    rows = []
    for i, j in candidates:
        si, sj = shingles[i], shingles[j]
        jac = len(si & sj) / len(si | sj) if si and sj else 0.0
        shared = stems[i] & stems[j]
        if jac < verbatim_threshold and len(shared) < min_shared:
            continue  # cannot be either kind: skip the weighted sum
        cos = sum(weight[s] for s in shared) / np.sqrt(norms[i] * norms[j]) if shared else 0.0
        if jac >= verbatim_threshold:
            kind, score = "verbatim", jac
        elif cos >= threshold:
            kind, score = "paraphrase", cos
        else:
            continue
        if art[i] > art[j] or (art[i] == art[j] and i > j):
            i, j = j, i
        rows.append(
            (
                art[i], int(feats.at[i, "sentence"]), art[j], int(feats.at[j, "sentence"]),
                float(score), kind, float(jac), float(cos), feats.at[i, "text"], feats.at[j, "text"],
            )
        )  # fmt: skip
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    out = out.sort_values(["article_id_a", "sentence_a", "article_id_b", "sentence_b"])
    return out.reset_index(drop=True)


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
    articles = corpus.articles
    wire = wire_sources(articles)
    outlet = pd.Series(outlet_labels(articles).to_numpy(), index=articles["article_id"].to_numpy())
    published = (
        pd.Series(pd.to_datetime(articles["published"], utc=True).to_numpy(), index=outlet.index)
        if "published" in articles
        else pd.Series(pd.NaT, index=outlet.index)
    )
    credited = (
        pd.Series(articles["wire"].astype("string").to_numpy(), index=outlet.index)
        if "wire" in articles
        else pd.Series(pd.NA, index=outlet.index, dtype="string")
    )
    rows = []
    for label, pair in pairs.iterrows():
        for src, dst, dst_sent in (
            (pair["article_id_a"], pair["article_id_b"], pair["sentence_b"]),
            (pair["article_id_b"], pair["article_id_a"], pair["sentence_a"]),
        ):
            w = wire.get(src)
            if w is None or pd.isna(w) or outlet.get(dst) == w:
                continue
            t_src, t_dst = published.get(src), published.get(dst)
            if pd.notna(t_src) and pd.notna(t_dst) and t_dst < t_src:
                continue  # the outlet's article came first: it cannot copy the later wire text
            rows.append(
                (outlet[dst], str(w), label, dst, int(dst_sent), src, float(pair["score"]),
                 credited.get(dst) == w)
            )  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=WIRE_COLUMNS)
    claims = pd.DataFrame(
        rows,
        columns=["outlet", "wire", "pair", "article", "sentence", "source", "score", "credited"],
    )
    n_sent = corpus.sentences.groupby(corpus.sentences["article_id"].map(outlet)).size()
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
