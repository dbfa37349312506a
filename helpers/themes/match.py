"""Find every lexicon pattern in the sentences: one Aho-Corasick scan, then vectorised checks.

How the scan stays one pass and respects word boundaries:

1. Sentences are joined into one string (two spaces between sentences, so no phrase can
   run across a sentence end) and *normalised*: `helpers.text.fold` (lower case, no
   accents) and every non-word character turned into a space. Normalising never changes
   the length, so an offset in the normalised copy is an offset in the text as written.
2. Literal patterns become keys padded with a space on both sides (` kerja sama `), so
   the automaton itself only reports whole words; prefix globs are padded on the left only
   (` multilateral`); stem patterns are keyed on the part of the stem that survives
   Indonesian prefixes (`kuat` -> `uat`, since `meN-`/`peN-` drop the `k` in `penguatan`),
   and each candidate word is stemmed (cached) and kept only if its stem is the pattern's.
3. Overlaps: among patterns without `overlap = true`, the leftmost-longest span wins (so
   `kerja sama` inside `Organisasi Kerja Sama Shanghai` counts once, for the longer one);
   every theme whose pattern matched that exact span keeps its hit.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, Any

import ahocorasick
import numpy as np
import pandas as pd

from helpers.frames import require_columns
from helpers.lang.stem import stem as stem_word
from helpers.text import fold
from helpers.themes.lexicon import Lexicon, as_lexicon

if TYPE_CHECKING:
    from helpers.themes.lexicon import Pattern

HIT_COLUMNS = [
    "article_id", "sentence", "theme", "pattern", "match", "start", "end",
    "kind", "sentence_start", "sentence_text",
]  # fmt: skip

KINDS = ["word", "phrase", "glob", "stem", "alias"]
_SPACE = 32
_KIND_LITERAL, _KIND_GLOB, _KIND_STEM = 0, 1, 2
# Characters of text scanned per chunk: bounds memory (4 bytes per character while normalising).
CHUNK_CHARS = 4_000_000

_TABLE: np.ndarray | None = None
# Scan distinct sentences only when they are fewer than this share of all (0 turns it off).
REPEAT_SHARE = 0.9


def _table() -> np.ndarray:
    """Code point -> normalised code point for the Basic Multilingual Plane (built once)."""
    global _TABLE
    if _TABLE is None:
        out = np.empty(0x10000, dtype=np.uint16)
        for cp in range(0x10000):
            f = fold(chr(cp))
            # lone surrogates and unassigned points are not alphanumeric: they become spaces
            out[cp] = ord(f) if f.isalnum() and ord(f) < 0x10000 else _SPACE
        _TABLE = out
    return _TABLE


def normalise_text(text: str) -> tuple[str, np.ndarray]:
    """Same-length copy for matching (folded, non-word characters as spaces) and its code points.

    >>> normalise_text("Kerja-sama, “RRT”!")[0]
    'kerja sama   rrt  '
    """
    table = _table()
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if units.size == len(text):  # no character outside the BMP: one UTF-16 unit each
        out = table[units]
        return out.tobytes().decode("utf-16-le", "surrogatepass"), out
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # Characters outside the BMP (emoji, rare scripts) count as word boundaries.
    out = np.where(codes < 0x10000, table[np.minimum(codes, 0xFFFF)], _SPACE).astype(np.uint16)
    return out.tobytes().decode("utf-16-le", "surrogatepass"), out


def _stem_fragment(root: str) -> str:
    # meN-/peN- replace an initial k, p, t, s by a nasal: the rest of the stem survives.
    return root[1:] if len(root) > 3 and root[0] in "kpts" else root


def _exact_form(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


class Matcher:
    """All patterns of a lexicon compiled into one automaton (built once per Lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.patterns: tuple[Pattern, ...] = lexicon.patterns
        theme_code = {t: i for i, t in enumerate(lexicon.theme_ids)}
        keys: dict[str, int] = {}
        key_kind: list[int] = []
        entries: list[list[int]] = []
        for pi, p in enumerate(self.patterns):
            if p.kind == "glob":
                key, kind = " " + p.key, _KIND_GLOB
            elif p.kind == "stem":
                key, kind = _stem_fragment(p.key), _KIND_STEM
            else:
                key, kind = f" {p.key} ", _KIND_LITERAL
            if key not in keys:
                keys[key] = len(keys)
                key_kind.append(kind)
                entries.append([])
            entries[keys[key]].append(pi)
        automaton = ahocorasick.Automaton()
        for key, idx in keys.items():
            automaton.add_word(key, idx)
        if keys:
            automaton.make_automaton()
        self.automaton = automaton
        self.keys = list(keys)
        self.key_kind = np.array(key_kind, dtype=np.int8)
        self.key_len = np.array([len(k) for k in keys], dtype=np.int64)
        counts = np.array([len(e) for e in entries], dtype=np.int64)
        self.entry_count = counts
        self.entry_start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.entry_pattern = np.array(list(chain.from_iterable(entries)), dtype=np.int64)
        self.pat_theme = np.array([theme_code[p.theme] for p in self.patterns], dtype=np.int64)
        self.pat_overlap = np.array([p.overlap for p in self.patterns], dtype=bool)
        self.pat_check = np.array([p.exact or bool(p.exclude) for p in self.patterns], dtype=bool)
        names = list(dict.fromkeys(p.pattern for p in self.patterns))
        self.pattern_names = names
        self.pat_name = np.array([names.index(p.pattern) for p in self.patterns], dtype=np.int64)
        self.pat_kind = np.array([KINDS.index(p.kind) for p in self.patterns], dtype=np.int64)

    def scan(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Hits in a list of sentences: sentence index, start, end (in the sentence), pattern index."""
        empty = np.empty(0, dtype=np.int64)
        if not texts or not self.keys:
            return {"sent": empty, "start": empty, "end": empty, "pattern": empty, "match": empty}
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        sent_start = np.concatenate([[1], 1 + np.cumsum(lengths + 2)[:-1]])
        original = " " + "  ".join(texts) + " "
        norm, codes = normalise_text(original)
        raw = np.fromiter(chain.from_iterable(self.automaton.iter(norm)), dtype=np.int64)
        if raw.size == 0:
            return {"sent": empty, "start": empty, "end": empty, "pattern": empty, "match": empty}
        raw_end, raw_key = raw[0::2], raw[1::2]
        # one row per (occurrence, pattern sharing that key)
        n = self.entry_count[raw_key]
        total = int(n.sum())
        first = np.repeat(np.cumsum(n) - n, n)
        pattern = self.entry_pattern[
            np.repeat(self.entry_start[raw_key], n) + np.arange(total) - first
        ]
        last = np.repeat(raw_end, n)
        klen = np.repeat(self.key_len[raw_key], n)
        kind = np.repeat(self.key_kind[raw_key], n)
        spaces = np.flatnonzero(codes == _SPACE)
        start = last - klen + 2
        end = last.copy()
        glob = kind == _KIND_GLOB
        if glob.any():
            end[glob] = spaces[np.searchsorted(spaces, last[glob], side="right")]
        stem_rows = kind == _KIND_STEM
        keep = np.ones(total, dtype=bool)
        if stem_rows.any():
            frag_start = last[stem_rows] - klen[stem_rows] + 1
            start[stem_rows] = spaces[np.searchsorted(spaces, frag_start, side="left") - 1] + 1
            end[stem_rows] = spaces[np.searchsorted(spaces, last[stem_rows], side="right")]
            cache: dict[str, str] = {}
            for i in np.flatnonzero(stem_rows):
                word = norm[start[i] : end[i]]
                if word not in cache:
                    cache[word] = stem_word(word)
                keep[i] = cache[word] == self.patterns[pattern[i]].key
        for i in np.flatnonzero(self.pat_check[pattern] & keep):
            p = self.patterns[pattern[i]]
            text = original[start[i] : end[i]]
            if p.exact:
                written, want = _exact_form(text), _exact_form(p.surface)
                ok = written.startswith(want) if p.kind == "glob" else written == want
                if not ok:
                    keep[i] = False
                    continue
            if p.exclude and " ".join(norm[start[i] : end[i]].split()) in p.exclude:
                keep[i] = False
        start, end, pattern = start[keep], end[keep], pattern[keep]
        start, end, pattern = _resolve(start, end, pattern, self.pat_theme, self.pat_overlap)
        sent = np.searchsorted(sent_start, start, side="right") - 1
        offset = sent_start[sent]
        match = np.array(
            [original[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)], dtype=object
        )
        return {
            "sent": sent,
            "start": start - offset,
            "end": end - offset,
            "pattern": pattern,
            "match": match,
        }


def _resolve(
    start: np.ndarray,
    end: np.ndarray,
    pattern: np.ndarray,
    pat_theme: np.ndarray,
    pat_overlap: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drop duplicate (span, theme) hits, then overlaps by leftmost-longest (see module doc)."""
    theme = pat_theme[pattern]
    # one hit per span and theme: the first pattern in lexicon order (stable sort keeps it)
    order = np.lexsort((pattern, theme, -end, start))
    start, end, pattern, theme = start[order], end[order], pattern[order], theme[order]
    dup = np.zeros(start.size, dtype=bool)
    dup[1:] = (start[1:] == start[:-1]) & (end[1:] == end[:-1]) & (theme[1:] == theme[:-1])
    start, end, pattern = start[~dup], end[~dup], pattern[~dup]
    free = pat_overlap[pattern]
    rows = np.flatnonzero(~free)
    if rows.size > 1:
        s, e = start[rows], end[rows]  # sorted by start, longest first
        reach = np.maximum.accumulate(e)
        new = np.ones(rows.size, dtype=bool)
        new[1:] = s[1:] >= reach[:-1]
        cluster = np.cumsum(new)
        crowded = np.flatnonzero(np.bincount(cluster)[cluster] > 1)
        drop = np.zeros(start.size, dtype=bool)
        # a span alone in its cluster overlaps nothing; only clusters need the greedy walk
        last_cluster, last_end, kept = -1, -1, (-1, -1)
        for j in crowded.tolist():
            if cluster[j] != last_cluster:
                last_cluster, last_end, kept = cluster[j], -1, (-1, -1)
            span = (int(s[j]), int(e[j]))
            if span == kept:  # the same span for another theme
                continue
            if span[0] >= last_end:
                kept, last_end = span, span[1]
            else:
                drop[rows[j]] = True
        start, end, pattern = start[~drop], end[~drop], pattern[~drop]
    return start, end, pattern


def _sentences(corpus: Any) -> pd.DataFrame:
    frame = corpus.sentences if hasattr(corpus, "sentences") else corpus
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"theme_hits expects a Corpus or a sentences DataFrame, got {type(corpus).__name__}"
        )
    require_columns(frame, "article_id", "sentence", "text", "start", what="sentences")
    return frame


def _chunks(lengths: np.ndarray, size: int) -> Iterable[tuple[int, int]]:
    """Consecutive row ranges holding about `size` characters each (at least one row)."""
    cum = np.cumsum(lengths)
    lo = 0
    while lo < len(lengths):
        base = cum[lo - 1] if lo else 0
        hi = max(int(np.searchsorted(cum, base + size, side="right")), lo + 1)
        yield lo, hi
        lo = hi


def _expand_hits(
    found: dict[str, np.ndarray], which: np.ndarray, n_unique: int
) -> dict[str, np.ndarray]:
    """Hits of the distinct texts -> hits of every row (`which[row]` is the row's text)."""
    per_text = np.bincount(found["sent"], minlength=n_unique)
    first = np.cumsum(per_text) - per_text  # hits come sorted by text, then offset
    per_row = per_text[which]
    total = int(per_row.sum())
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    take = np.repeat(first[which], per_row) + within
    out = {k: v[take] for k, v in found.items() if k != "sent"}
    out["sent"] = np.repeat(np.arange(len(which), dtype=np.int64), per_row)
    return out


def empty_hits(lexicon: Lexicon | None = None, *, sentence_text: bool = False) -> pd.DataFrame:
    """The zero-row frame `theme_hits` returns, with its dtypes (Dask's `meta`)."""
    lexicon = as_lexicon(lexicon)
    out = pd.DataFrame(
        {
            "article_id": pd.Series([], dtype="str"),
            "sentence": pd.Series([], dtype="int64"),
            "theme": pd.Categorical([], categories=list(lexicon.theme_ids)),
            "pattern": pd.Categorical([], categories=lexicon.matcher.pattern_names),
            "match": pd.Series([], dtype="str"),
            "start": pd.Series([], dtype="int64"),
            "end": pd.Series([], dtype="int64"),
            "kind": pd.Categorical([], categories=KINDS),
            "sentence_start": pd.Series([], dtype="int64"),
        }
    )
    if sentence_text:
        out["sentence_text"] = pd.Series([], dtype="str")
    return out


def theme_hits(
    corpus: Any, lexicon: Lexicon | str | None = None, *, sentence_text: bool = False
) -> pd.DataFrame:
    """One row per match of a lexicon pattern: the ground truth every theme count comes from.

    `corpus` is a `Corpus` or its `sentences` frame (any subset of rows: the verb works
    sentence by sentence, so `dask_frame.map_partitions(theme_hits, meta=empty_hits())`
    over sentences partitioned by article gives the same rows as pandas).

    Columns: `article_id`, `sentence` (its index in the article), `theme` (categorical, in
    lexicon order), `pattern` (as written in the lexicon: `@China`, `~kuat`), `match` (the
    text as written), `start`, `end` (character offsets in the article's `articles.text`),
    `kind` (word, phrase, glob, stem, alias), `sentence_start` (offset of the sentence);
    with `sentence_text=True` also the sentence itself (off by default: one copy of the
    sentence per hit costs more memory than the rest of the row on a large corpus; a
    view that needs it can merge `corpus.sentences` on `article_id`, `sentence`).
    Rows follow the order of the sentences, then the offset (no re-sorting: it is the
    loader's article order, and sorting millions of rows would cost more than the scan).

    >>> s = pd.DataFrame({"article_id": ["a"], "sentence": [0], "start": [10],
    ...                   "text": ["Organisasi Kerja Sama Shanghai memperkuat kerja sama."]})
    >>> theme_hits(s)[["theme", "match", "start"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'theme': 'multilateral', 'match': 'Organisasi Kerja Sama Shanghai', 'start': 10},
     {'theme': 'strengthening', 'match': 'memperkuat', 'start': 41},
     {'theme': 'cooperation', 'match': 'kerja sama', 'start': 52}]
    """
    lexicon = as_lexicon(lexicon)
    frame = _sentences(corpus)
    out = empty_hits(lexicon, sentence_text=sentence_text)
    if frame.empty:
        return out
    texts = frame["text"].fillna("").astype(str).tolist()
    matcher = lexicon.matcher
    # A sentence's matches depend on its text alone: repeated sentences (wire copy,
    # boilerplate) are scanned once and their hits copied to every occurrence.
    which, unique = pd.factorize(pd.array(texts, dtype="str"))
    repeated = len(unique) < REPEAT_SHARE * len(texts)
    scanned = [str(u) for u in unique] if repeated else texts
    lengths = np.fromiter((len(t) + 2 for t in scanned), dtype=np.int64, count=len(scanned))
    parts: list[dict[str, np.ndarray]] = []
    for lo, hi in _chunks(lengths, CHUNK_CHARS):
        found = matcher.scan(scanned[lo:hi])
        if found["sent"].size:
            found["sent"] = found["sent"] + lo
            parts.append(found)
    if not parts:
        return out
    merged = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    if repeated:
        merged = _expand_hits(merged, which.astype(np.int64), len(scanned))
    parts = [merged]
    sent = merged["sent"]
    pattern = merged["pattern"]
    sent_offset = frame["start"].to_numpy(dtype=np.int64)[sent]
    columns = {
        "article_id": frame["article_id"].astype("str").array.take(sent),
        "sentence": frame["sentence"].to_numpy(dtype=np.int64)[sent],
        "theme": pd.Categorical.from_codes(
            matcher.pat_theme[pattern], categories=out["theme"].cat.categories
        ),
        "pattern": pd.Categorical.from_codes(
            matcher.pat_name[pattern], categories=out["pattern"].cat.categories
        ),
        "match": pd.array(np.concatenate([p["match"] for p in parts]), dtype="str"),
        "start": sent_offset + np.concatenate([p["start"] for p in parts]),
        "end": sent_offset + np.concatenate([p["end"] for p in parts]),
        "kind": pd.Categorical.from_codes(matcher.pat_kind[pattern], categories=KINDS),
        "sentence_start": sent_offset,
    }
    if sentence_text:
        columns["sentence_text"] = pd.array(texts, dtype="str").take(sent)
    return pd.DataFrame(columns)
