"""Keyword in context: every match with the words around it, bounded to its sentence."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from helpers.errors import InvalidValue
from helpers.frames import require_choice, require_columns
from helpers.text import WORD_RE, fold
from helpers.themes._lookup import member
from helpers.themes.lexicon import Lexicon, as_lexicon
from helpers.themes.match import theme_hits

Sort = Literal["position", "left", "right"]
By = Literal["auto", "theme", "pattern"]
META = ("outlet", "published", "title")
KWIC_COLUMNS = ["article_id", *META, "sentence", "left", "match", "right", "theme", "pattern",
                "start", "end", "sentence_text", "left_key", "right_key"]  # fmt: skip


def _context(sentence: str, a: int, b: int, window: int) -> tuple[str, str, str, str]:
    """Left and right context (as written, up to `window` words) and their sort keys."""
    before, after = sentence[:a], sentence[b:]
    found = list(WORD_RE.finditer(before))
    left_words = found[-window:] if window else []
    # the context runs from the end of the word before the window (punctuation included)
    cut = (
        found[-window - 1].end()
        if window and len(found) > window
        else (0 if window else len(before))
    )
    left = before[cut:].strip()
    right_words = []
    stop = len(after) if window else 0
    for m in WORD_RE.finditer(after):
        if len(right_words) == window:
            stop = m.start()
            break
        right_words.append(m)
    right = after[:stop].strip()
    # nearest word first, so sorting on the key groups matches by their neighbour
    left_key = " ".join(fold(m.group()) for m in reversed(left_words))
    right_key = " ".join(fold(m.group()) for m in right_words)
    return left, right, left_key, right_key


def kwic(
    corpus: Any,
    pattern: str,
    *,
    window: int = 5,
    by: By = "auto",
    sort: Sort = "position",
    lexicon: Lexicon | str | None = None,
    hits: pd.DataFrame | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Matches of `pattern` with `window` words of context each side, within the sentence.

    `pattern` is a theme id of the lexicon (every hit of that theme) or a pattern in the
    lexicon's syntax: a word, phrase, prefix glob (`multilateral*`), stem (`~kuat`) or alias
    group (`@China`). `by="auto"` takes a theme id when there is one of that name;
    `by="theme"`/`"pattern"` decide explicitly. `hits` reuses `theme_hits(corpus, lexicon)`
    for themes, so a notebook does not rescan. `sort`: `"position"` (article, offset),
    `"left"` (by the words just before the match, nearest first) or `"right"`.

    Columns: `article_id`, `outlet`, `published`, `title` (when the corpus has them),
    `sentence`, `left`, `match`, `right` (text as written), `theme`, `pattern`, `start`,
    `end` (offsets in the article text), `sentence_text`, `left_key`, `right_key`.
    Text is returned as data: escape it before rendering as HTML.

    >>> s = pd.DataFrame({"article_id": ["a"], "sentence": [0], "start": [0],
    ...                   "text": ["Rusia dan China memperkuat kerja sama di PBB."]})
    >>> kwic(s, "kerja sama", window=2)[["left", "match", "right"]].to_dict("records")
    [{'left': 'China memperkuat', 'match': 'kerja sama', 'right': 'di PBB.'}]
    """
    require_choice("by", by, ["auto", "theme", "pattern"])
    require_choice("sort", sort, ["position", "left", "right"])
    if not isinstance(window, int) or window < 0:
        raise InvalidValue(f"window={window!r} is not valid; expected a number of words >= 0")
    if not isinstance(pattern, str) or not pattern.strip():
        raise InvalidValue(
            f"pattern={pattern!r} is not valid; give a theme id or a word, phrase, glob or stem"
        )
    lex = as_lexicon(lexicon)
    sentences = corpus.sentences if hasattr(corpus, "sentences") else corpus
    require_columns(sentences, "article_id", "sentence", "text", "start", what="sentences")
    as_theme = by == "theme" or (by == "auto" and pattern in lex.theme_ids)
    if as_theme:
        lex.theme(pattern)  # raises listing the valid ids
        found = hits if hits is not None else theme_hits(sentences, lex)
        found = found[found["theme"] == pattern]
        if hits is not None:  # precomputed over a larger corpus: keep this one's articles
            articles = getattr(corpus, "articles", None)
            ids = (
                articles["article_id"]
                if articles is not None
                else pd.unique(sentences["article_id"])
            )
            found = found[member(found["article_id"], ids)]
    else:
        adhoc = Lexicon.build(
            {"query": [pattern]},
            aliases=lex.alias_groups,
            exact_names=tuple(lex.exact_names),
            version="query",
        )
        found = theme_hits(sentences, adhoc)
    if limit is not None:
        found = found.head(limit)
    needed = sentences[member(sentences["article_id"], pd.unique(found["article_id"]))]
    text = needed[["article_id", "sentence", "text", "start"]].rename(
        columns={"text": "sentence_text", "start": "_sentence_start"}
    )
    rows = found[["article_id", "sentence"]].merge(
        text.astype({"article_id": "str"}), on=["article_id", "sentence"], how="left"
    )
    return kwic_rows(
        found,
        rows["sentence_text"],
        rows["_sentence_start"].to_numpy(),
        getattr(corpus, "articles", None),
        window=window,
        sort=sort,
    )


def kwic_rows(
    found: pd.DataFrame,
    sentence_text: object,
    sentence_start: object,
    articles: pd.DataFrame | None,
    *,
    window: int = 5,
    sort: Sort = "position",
) -> pd.DataFrame:
    """The KWIC frame of some hits, given each hit's sentence text and start offset.

    The core of `kwic`, for callers that already know each hit's sentence (the panel's
    views keep a hit -> sentence-row index, so they skip the merges). `articles` gives the
    metadata columns (any rows including the hits' articles) or is None.
    """
    texts = [str(t) for t in sentence_text]
    offsets = [int(o) for o in sentence_start]
    starts, ends = found["start"].tolist(), found["end"].tolist()
    ids = found["article_id"].astype("str").tolist()
    contexts = [
        _context(t, a - o, b - o, window)
        for t, a, b, o in zip(texts, starts, ends, offsets, strict=True)
    ]
    # Sorting a few hundred rows in Python beats pandas' multi-key sort by far.
    if sort == "left":
        order = sorted(
            range(len(ids)), key=lambda i: (contexts[i][2], contexts[i][3], ids[i], starts[i])
        )
    elif sort == "right":
        order = sorted(
            range(len(ids)), key=lambda i: (contexts[i][3], contexts[i][2], ids[i], starts[i])
        )
    else:
        order = sorted(range(len(ids)), key=lambda i: (ids[i], starts[i]))
    take = np.array(order, dtype=np.int64)
    columns: dict[str, object] = {
        "article_id": pd.array([ids[i] for i in order], dtype="str"),
        "outlet": None,
        "published": None,
        "title": None,
        "sentence": found["sentence"].to_numpy()[take] if len(take) else np.empty(0, np.int64),
        "left": pd.array([contexts[i][0] for i in order], dtype="str"),
        "match": pd.array(found["match"].astype("str").to_numpy()[take], dtype="str"),
        "right": pd.array([contexts[i][1] for i in order], dtype="str"),
        "theme": pd.array(found["theme"].astype("str").to_numpy()[take], dtype="str"),
        "pattern": pd.array(found["pattern"].astype("str").to_numpy()[take], dtype="str"),
        "start": np.asarray([starts[i] for i in order], dtype=np.int64),
        "end": np.asarray([ends[i] for i in order], dtype=np.int64),
        "sentence_text": pd.array([texts[i] for i in order], dtype="str"),
        "left_key": pd.array([contexts[i][2] for i in order], dtype="str"),
        "right_key": pd.array([contexts[i][3] for i in order], dtype="str"),
    }
    meta = [c for c in META if articles is not None and c in articles.columns]
    at = np.empty(0, dtype=np.int64)
    if meta and len(take):
        lookup = articles.drop_duplicates("article_id")
        at = pd.Index(lookup["article_id"].astype("str")).get_indexer(columns["article_id"])
    for c in META:
        if c in meta and len(take):
            values = lookup[c].array.take(np.maximum(at, 0))
            columns[c] = values if (at >= 0).all() else pd.Series(values).where(at >= 0).array
        elif c in meta:
            columns[c] = articles[c].array[:0]
        else:
            columns[c] = pd.array([pd.NA] * len(take), dtype="object")
    return pd.DataFrame(columns)[KWIC_COLUMNS]
