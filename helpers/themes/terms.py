"""Term frequency, n-grams and collocations, with Indonesian and English stopwords.

Stopwords come from stopwordsiso through `helpers.lang` (each article uses its own
language's list). That list is tuned for single words: it contains `sama`, `bersama`,
`saling` and `tahun`, which are content words inside phrases (`kerja sama`, `saling
percaya`, `80 tahun`). So:

- `term_counts` drops every stopword (a bag of words has no phrases to break);
- `ngrams` tests stopwords only on an n-gram's *edges* (`kerja sama` ends in `sama`), with
  the small keep-list `PHRASE_WORDS` exempted, and always keeps an n-gram that spells a
  phrase of the lexicon. Inner stopwords are kept (`perang dunia ii`, `tahun yang lalu`).

Counting is vectorised: texts are tokenised once into integer codes
(`helpers.themes.tokens.token_table`, identical to `helpers.text.tokens`), and per-article
counts come from `np.unique` over integer keys, so 100,000 articles take seconds, not minutes.
`term_arrays`/`ngram_arrays` return those counts as arrays (`Counted`) for views that
re-aggregate them on every filter change.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers import lang
from helpers.errors import InvalidValue
from helpers.frames import require_columns
from helpers.lang.stem import stem
from helpers.text import tokens
from helpers.themes._lookup import member
from helpers.themes.lexicon import Lexicon, as_lexicon, normalise
from helpers.themes.tokens import TokenTable, token_table

# Stopwords that are halves of common Indonesian phrases: never an n-gram's reason to go.
PHRASE_WORDS = frozenset({"sama", "bersama", "saling", "tahun", "kerja"})


def _stopwords(language: object) -> frozenset[str]:
    code = language if isinstance(language, str) and language in lang.LANGUAGES else lang.DEFAULT
    return lang.get(code).stopwords


def _articles(corpus: Any) -> pd.DataFrame:
    frame = corpus.articles if hasattr(corpus, "articles") else corpus
    require_columns(frame, "article_id", "text", what="articles")
    return frame


def _sentences(corpus: Any) -> pd.DataFrame:
    if hasattr(corpus, "sentences"):
        frame = corpus.sentences
        if hasattr(corpus, "articles") and "language" in corpus.articles.columns:
            langs = corpus.articles.set_index("article_id")["language"]
            frame = frame.assign(language=frame["article_id"].map(langs))
        return frame
    require_columns(corpus, "article_id", "text", what="sentences")
    return corpus


def _keep_term(term: str, stop: frozenset[str], numbers: bool) -> bool:
    return len(term) > 1 and term not in stop and (numbers or not term.isdigit())


def _group_values(articles: pd.DataFrame, by: str | None) -> pd.Series | None:
    if by is None:
        return None
    if by == "article":
        return articles["article_id"]
    if by not in articles.columns:
        raise InvalidValue(f"by={by!r} is not valid; expected None, 'article' or a column of articles: "
                           f"{list(articles.columns)}")  # fmt: skip
    return articles[by].astype("str").where(articles[by].notna(), "(unknown)")


def _summarise(counted: pd.DataFrame, articles: pd.DataFrame, by: str | None, unit: str,
               top: int | None, min_count: int) -> pd.DataFrame:  # fmt: skip
    """Per-article counts (`article_id`, unit, `count`) -> per group: count, articles, rate."""
    counted = counted[member(counted["article_id"], articles["article_id"])]
    words = articles.set_index("article_id")["n_words"] if "n_words" in articles.columns else None
    keys = [unit]
    if by is not None and by != "article":
        group = _group_values(articles, by).set_axis(articles["article_id"].to_numpy())
        counted = counted.assign(**{by: counted["article_id"].map(group).to_numpy()})
        keys = [by, unit]
    elif by == "article":
        keys = ["article_id", unit]
    out = counted.groupby(keys, sort=False).agg(
        count=("count", "sum"), articles=("article_id", "nunique")
    )
    out = out.reset_index()
    if words is not None:
        if by is None:
            total = pd.Series(float(words.sum()), index=out.index)
        elif by == "article":
            total = out["article_id"].map(words).astype("float64")
        else:
            per_group = words.groupby(_group_values(articles, by).to_numpy()).sum()
            total = out[by].map(per_group).astype("float64")
        out["words"] = total.to_numpy()
        out["per_1000_words"] = out["count"] / out["words"].where(out["words"] > 0) * 1000
    out = out[out["count"] >= min_count]
    group_keys = keys[:-1]
    out = out.sort_values(
        [*group_keys, "count", unit], ascending=[True] * len(group_keys) + [False, True]
    )
    if top is not None:
        out = out.groupby(group_keys, sort=False).head(top) if group_keys else out.head(top)
    return out.reset_index(drop=True)


def term_counts(
    corpus: Any,
    *,
    by: str | None = None,
    top: int | None = None,
    min_count: int = 1,
    stopwords: bool = True,
    numbers: bool = False,
    counted: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Word frequencies (folded tokens), stopwords removed, optionally per group.

    `corpus` is a Corpus or an articles frame (`article_id`, `text`, optional `language`,
    `n_words`). `by`: None (the whole selection), `"article"`, or a column such as
    `"outlet"`. Columns: [group], `term`, `count`, `articles` (articles using it), and with
    `n_words`, `words` (all words of the group, stopwords included) and `per_1000_words`.
    `numbers=False` drops pure digits. `counted` takes a frame from an earlier
    `term_counts(corpus, by="article")`, so a notebook tokenises once and only re-aggregates.

    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Kerja sama dan kerja keras, 2025."],
    ...                      "n_words": [6]})
    >>> term_counts(arts)[["term", "count"]].to_dict("records")
    [{'term': 'kerja', 'count': 2}, {'term': 'keras', 'count': 1}]
    """
    articles = _articles(corpus)
    if counted is None:
        counted = _term_table(articles, stopwords=stopwords, numbers=numbers)
    else:
        require_columns(counted, "article_id", "term", "count", what="counted")
    return _summarise(counted, articles, by, "term", top, min_count)


def _language_codes(frame: pd.DataFrame) -> tuple[np.ndarray, list[frozenset[str]]]:
    """Per row, an index into the list of stopword sets of the languages present."""
    if "language" not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), [_stopwords(lang.DEFAULT)]
    values = frame["language"].astype("object")
    known = values.isin(list(lang.LANGUAGES)).to_numpy(dtype=bool)
    codes, present = pd.factorize(values.where(known, lang.DEFAULT).astype("str"), sort=True)
    return codes.astype(np.int64), [_stopwords(str(c)) for c in present]


def _stop_matrix(
    vocab: np.ndarray, sets: list[frozenset[str]], minus: frozenset[str] = frozenset()
) -> np.ndarray:
    """Boolean (language x vocabulary): is the word a stopword in that language."""
    out = np.zeros((max(len(sets), 1), len(vocab)), dtype=bool)
    for i, stop in enumerate(sets):
        out[i] = pd.Index(vocab).isin(list(stop - minus))
    return out


@dataclass(frozen=True)
class Counted:
    """Per-article counts as arrays: row r is article `articles[art[r]]`, unit `names[code[r]]`."""

    articles: np.ndarray  # article ids (object)
    art: np.ndarray
    code: np.ndarray
    names: np.ndarray  # unit strings (object)
    count: np.ndarray

    def to_frame(self, unit: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "article_id": pd.array(self.articles[self.art], dtype="str"),
                unit: pd.array(self.names[self.code], dtype="str"),
                "count": self.count.astype("int64"),
            }
        )


def _per_text_counts(
    ids: np.ndarray, text: np.ndarray, gram: np.ndarray, names: np.ndarray
) -> Counted:
    """Unique (article, gram) pairs with their counts, from per-token text row and gram code."""
    art_codes, art_names = pd.factorize(ids)
    width = int(gram.max()) + 1 if gram.size else 1
    key = art_codes[text].astype(np.int64) * width + gram
    uniq, counts = np.unique(key, return_counts=True)  # sorted: rows come grouped by article
    return Counted(np.asarray(art_names, dtype=object), uniq // width, uniq % width, names, counts)


def term_arrays(
    articles: pd.DataFrame, *, stopwords: bool = True, numbers: bool = False
) -> Counted:
    """Per-article term counts, vectorised over all articles (the arrays behind `term_counts`)."""
    table = token_table(articles["text"].fillna("").astype(str).tolist())
    return term_arrays_from(table, articles, stopwords=stopwords, numbers=numbers)


def term_arrays_from(
    table: TokenTable, rows: pd.DataFrame, *, stopwords: bool = True, numbers: bool = False
) -> Counted:
    """`term_arrays` from an existing token table of `rows` (articles, or their sentences).

    Row i of `rows` (`article_id`, optional `language`) is text i of `table`; counting
    from the sentences' table lets one tokenisation serve both terms and n-grams.
    """
    vocab = table.vocab
    keep_word = np.array([len(w) > 1 and (numbers or not w.isdigit()) for w in vocab], dtype=bool)
    keep = keep_word[table.codes]
    if stopwords:
        lang_of_row, sets = _language_codes(rows)
        keep &= ~_stop_matrix(vocab, sets)[lang_of_row[table.text], table.codes]
    ids = rows["article_id"].astype("str").to_numpy(dtype=object)
    return _per_text_counts(ids, table.text[keep], table.codes[keep], vocab)


def _term_table(articles: pd.DataFrame, *, stopwords: bool, numbers: bool) -> pd.DataFrame:
    return term_arrays(articles, stopwords=stopwords, numbers=numbers).to_frame("term")


def _phrases(lexicon: Lexicon | None, n: int) -> frozenset[str]:
    lex = as_lexicon(lexicon)
    keys = {p.key for p in lex.patterns if p.kind in ("phrase", "alias", "word")}
    return frozenset(k for k in keys if k.count(" ") == n - 1)


def ngrams(
    corpus: Any,
    *,
    n: int = 2,
    by: str | None = None,
    top: int | None = None,
    min_count: int = 1,
    stopwords: bool = True,
    lexicon: Lexicon | str | None = None,
    counted: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Word n-grams within sentences, kept unless an *edge* word is a stopword (module doc).

    `corpus` is a Corpus (its sentences are used, so no n-gram spans two sentences) or a
    sentences-like frame (`article_id`, `text`). Columns: [group], `ngram` (folded words
    joined by spaces), `n`, `count`, `articles`, and with `n_words` in the corpus's
    articles, `words` and `per_1000_words`. `counted` re-aggregates an earlier
    `ngrams(corpus, n=n, by="article")`.

    >>> s = pd.DataFrame({"article_id": ["a", "a"], "text": ["Kerja sama yang erat.", "Satu sama lain."]})
    >>> ngrams(s, n=2)[["ngram", "count"]].to_dict("records")
    [{'ngram': 'kerja sama', 'count': 1}]
    """
    if not 2 <= n <= 5:
        raise InvalidValue(f"n={n!r} is not valid; expected 2, 3, 4 or 5")
    articles = corpus.articles if hasattr(corpus, "articles") else None
    if counted is None:
        sentences = _sentences(corpus)
        counted = _ngram_table(sentences, n=n, stopwords=stopwords, keep=_phrases(lexicon, n))
        if articles is None:
            articles = pd.DataFrame({"article_id": pd.unique(sentences["article_id"])})
    else:
        require_columns(counted, "article_id", "ngram", "count", what="counted")
        if articles is None:
            articles = pd.DataFrame({"article_id": pd.unique(counted["article_id"])})
    out = _summarise(counted, articles, by, "ngram", top, min_count)
    out.insert(out.columns.get_loc("ngram") + 1, "n", n)
    return out


def _ngram_table(
    sentences: pd.DataFrame, *, n: int, stopwords: bool, keep: frozenset[str]
) -> pd.DataFrame:
    return ngram_arrays(sentences, n=n, stopwords=stopwords, keep=keep).to_frame("ngram")


def ngram_arrays(
    sentences: pd.DataFrame,
    *,
    n: int = 2,
    stopwords: bool = True,
    keep: frozenset[str] = frozenset(),
    table: TokenTable | None = None,
) -> Counted:
    """Per-article n-gram counts within sentences, vectorised (the arrays behind `ngrams`).

    `table` reuses `token_table(sentences.text)` when several n are counted.
    """
    if table is None:
        table = token_table(sentences["text"].fillna("").astype(str).tolist())
    codes, text, vocab = table.codes, table.text, table.vocab
    if codes.size < n:
        none = np.empty(0, dtype=np.int64)
        return Counted(np.empty(0, dtype=object), none, none, np.empty(0, dtype=object), none)
    starts = np.flatnonzero(
        text[: codes.size - n + 1] == text[n - 1 :]
    )  # n-grams inside one sentence
    # one integer per n-gram: fold the words in one at a time, factorising to stay in int64
    gram = codes[starts]
    for j in range(1, n):
        gram, _ = pd.factorize(gram * len(vocab) + codes[starts + j])
        gram = gram.astype(np.int64)
    first, last = codes[starts], codes[starts + n - 1]
    digit = np.array([w.isdigit() for w in vocab], dtype=bool)
    ok = ~digit[first] & ~digit[last]
    if stopwords:
        lang_of_row, sets = _language_codes(sentences)
        stop = _stop_matrix(vocab, sets, minus=PHRASE_WORDS)
        lang_rows = lang_of_row[text[starts]]
        ok &= ~stop[lang_rows, first] & ~stop[lang_rows, last]
    if keep and (~ok).any():  # lexicon phrases stay whatever their edges
        heads = pd.Index(vocab).get_indexer([k.split()[0] for k in keep])
        rejected = np.flatnonzero(~ok & np.isin(first, heads[heads >= 0]))
        if rejected.size:
            words = _spell(vocab, codes, starts[rejected], n)
            ok[rejected[np.array([w in keep for w in words.tolist()], dtype=bool)]] = True
    ids = sentences["article_id"].astype("str").to_numpy(dtype=object)
    kept = starts[ok]
    used, compact = np.unique(gram[ok], return_inverse=True)
    first_at = np.full(len(used), -1, dtype=np.int64)
    first_at[compact[::-1]] = kept[::-1]  # spell each distinct n-gram once, from an occurrence
    return _per_text_counts(
        ids, text[kept], compact.astype(np.int64), _spell(vocab, codes, first_at, n)
    )


def _spell(vocab: np.ndarray, codes: np.ndarray, at: np.ndarray, n: int) -> np.ndarray:
    """The n-grams starting at token positions `at`, as strings (object-array concatenation)."""
    out = vocab[codes[at]].astype(object)
    for j in range(1, n):
        out = out + " " + vocab[codes[at + j]]
    return out


def node_matcher(term: str) -> tuple[int, Callable[[list[str], int], bool]]:
    """A token-level test for a word, phrase, prefix glob (`multilateral*`) or stem (`~kuat`).

    >>> width, test = node_matcher("kerja sama")
    >>> width, test(["bekerja", "kerja", "sama"], 1), test(["kerja", "keras"], 0)
    (2, True, False)
    """
    text = term.strip()
    if not text:
        raise InvalidValue(
            "term='' is not valid; give a word, a phrase, a prefix glob (word*) or a stem (~word)"
        )
    if text.startswith("~"):
        root = stem(normalise(text[1:]))
        return 1, lambda words, i: stem(words[i]) == root
    glob = text.endswith("*")
    parts = tokens(text.rstrip("*"))  # tokenised like the text, so `ke-80` stays one word
    if not parts:
        raise InvalidValue(f"term={term!r} has no letters or digits")
    width = len(parts)

    def test(words: list[str], i: int) -> bool:
        if i + width > len(words):
            return False
        head, last = words[i : i + width - 1], words[i + width - 1]
        return head == parts[:-1] and (last.startswith(parts[-1]) if glob else last == parts[-1])

    return width, test


def collocations(
    corpus: Any,
    term: str,
    *,
    window: int = 5,
    min_count: int = 2,
    stopwords: bool = True,
    top: int | None = None,
) -> pd.DataFrame:
    """Words that keep company with `term` within `window` words on either side (same sentence).

    Counts: `tokens` N (all word tokens of the selection), `node_count` (occurrences of
    `term`), `window_tokens` W (token positions inside those windows), `collocate_count`
    f (the collocate anywhere), `cooc` O (the collocate inside the windows), `left`/`right`
    (O split by side), `expected` E = W x f / N. Scores from the 2x2 table (in window or not
    x collocate or not): `g2`, Dunning's log-likelihood 2 sum O ln(O/E) (3.84 ~ p < 0.05,
    10.83 ~ p < 0.001), and `pmi` = log2(O / E). Rows with O >= `min_count` and O > E
    (attraction), sorted by `g2`. With `stopwords=True` stopwords are not reported as
    collocates but still take up window positions.

    >>> s = pd.DataFrame({"article_id": ["a"] * 3, "text": ["koordinasi strategis erat",
    ...     "koordinasi strategis", "kerja sama erat"]})
    >>> collocations(s, "koordinasi", window=1, min_count=1)[["collocate", "cooc", "expected"]].to_dict("records")
    [{'collocate': 'strategis', 'cooc': 2, 'expected': 0.5}]
    """
    if window < 1:
        raise InvalidValue(f"window={window!r} is not valid; expected a positive number of words")
    sentences = _sentences(corpus)
    width, test = node_matcher(term)
    languages = (
        sentences["language"] if "language" in sentences.columns else [None] * len(sentences)
    )
    freq: Counter[str] = Counter()
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    n_tokens = node_count = window_tokens = 0
    for text, language in zip(sentences["text"].fillna(""), languages, strict=True):
        words = tokens(text)
        freq.update(words)
        n_tokens += len(words)
        stop = _stopwords(language) if stopwords else frozenset()
        i = 0
        while i < len(words):
            if not test(words, i):
                i += 1
                continue
            node_count += 1
            lo, hi = max(0, i - window), min(len(words), i + width + window)
            window_tokens += (i - lo) + (hi - i - width)
            left.update(w for w in words[lo:i] if w not in stop)
            right.update(w for w in words[i + width : hi] if w not in stop)
            i += width
    columns = ["term", "collocate", "cooc", "left", "right", "collocate_count", "node_count",
               "window_tokens", "tokens", "expected", "g2", "pmi"]  # fmt: skip
    rows = []
    for word in set(left) | set(right):
        o11 = left[word] + right[word]
        f = freq[word]
        e11 = window_tokens * f / n_tokens if n_tokens else 0.0
        if o11 < min_count or o11 <= e11 or word.isdigit():
            continue
        rows.append((term, word, o11, left[word], right[word], f, node_count, window_tokens, n_tokens, e11,
                     _g2(o11, window_tokens, f, n_tokens), math.log2(o11 / e11)))  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["g2", "collocate"], ascending=[False, True], ignore_index=True)
    return out.head(top) if top is not None else out


def _g2(o11: int, w: int, f: int, n: int) -> float:
    """Log-likelihood of a 2x2 table given the cell O11, the row total W, the column total f and N."""
    observed = np.array([o11, w - o11, f - o11, n - w - f + o11], dtype="float64")
    expected = np.array([w * f, w * (n - f), (n - w) * f, (n - w) * (n - f)], dtype="float64") / n
    mask = observed > 0
    return float(2 * np.sum(observed[mask] * np.log(observed[mask] / expected[mask])))
