"""Tokens of many texts at once, as integer codes: the fast path behind term and n-gram counts.

The result is exactly `helpers.text.tokens` of each text (tested), produced without a
Python call per token: texts are folded in chunks through a code-point table, split by
the compiled word pattern in C (`findall` with bounds, no slicing) and factorised; the
hyphen rules of `tokens` (keep `negara-negara` and `ke-80`, split `China-Rusia`) are then
applied once per distinct hyphenated token, not once per occurrence. Counting is then
`np.unique`/`np.bincount` over integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from helpers.text import WORD_RE, fold, tokens

_FOLD: np.ndarray | None = None
_WORDS: np.ndarray | None = None
CHUNK_CHARS = 4_000_000
_SEP = "\x00"  # joins the texts of a chunk; the table keeps it, so it survives folding


def _fold_table() -> np.ndarray:
    global _FOLD
    if _FOLD is None:
        out = np.arange(0x10000, dtype=np.uint16)
        for cp in range(0x10000):
            f = fold(chr(cp))
            if len(f) == 1 and ord(f) < 0x10000:
                out[cp] = ord(f)
        _FOLD = out
    return _FOLD


def _word_table() -> np.ndarray:
    """Folded code point, or a space for anything that cannot be part of a word token."""
    global _WORDS
    if _WORDS is None:
        folded = _fold_table()
        keep = np.array([chr(c).isalnum() or chr(c) in "_-'" for c in folded.tolist()])
        out = np.where(keep, folded, ord(" ")).astype(np.uint16)
        out[ord(_SEP)] = ord(_SEP)
        _WORDS = out
    return _WORDS


def fast_fold(text: str) -> str:
    """`helpers.text.fold(text)`, through a lookup table (falls back outside the BMP).

    >>> fast_fold("Café “RRT”") == fold("Café “RRT”")
    True
    """
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if units.size != len(text):
        return fold(text)
    return _fold_table()[units].tobytes().decode("utf-16-le", "surrogatepass")


def _word_runs(chunk: list[str]) -> list[list[str]]:
    """Per text, the whitespace-separated runs of word characters, hyphens and apostrophes."""
    joined = _SEP.join(t.replace(_SEP, " ") for t in chunk)
    units = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if units.size != len(joined):  # characters outside the BMP: the slow, exact path
        return [WORD_RE.findall(fold(t)) for t in chunk]
    words = _word_table()[units].tobytes().decode("utf-16-le", "surrogatepass")
    return [seg.split() for seg in words.split(_SEP)]


@dataclass(frozen=True)
class TokenTable:
    """All tokens of a list of texts: `codes` into `vocab`, and the text each token is from."""

    codes: np.ndarray  # int64, one per token
    text: np.ndarray  # int64, index of the text (row) the token is from
    vocab: np.ndarray  # object array of token strings
    n_texts: int

    @property
    def lengths(self) -> np.ndarray:
        return np.bincount(self.text, minlength=self.n_texts)


def token_table(texts: list[str]) -> TokenTable:
    """Tokenise every text (as `helpers.text.tokens`) and factorise the tokens.

    >>> t = token_table(["Kerja sama, kerja!", "", "negara-negara dan China-Rusia"])
    >>> [t.vocab[c] for c in t.codes], t.text.tolist()
    (['kerja', 'sama', 'kerja', 'negara-negara', 'dan', 'china', 'rusia'], [0, 0, 0, 2, 2, 2, 2])
    """
    if len(texts) > 1:
        # Repeated texts (wire copy, boilerplate sentences) are tokenised once and expanded.
        which, unique = pd.factorize(pd.array(texts, dtype="str"))
        if len(unique) < 0.9 * len(texts):
            return _expand(token_table([str(u) for u in unique]), which.astype(np.int64))
    lists: list[list[str]] = []
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and (size < CHUNK_CHARS or stop == start):
            size += len(texts[stop]) + 1
            stop += 1
        lists.extend(_word_runs(texts[start:stop]))
        start = stop
    lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    codes, vocab = pd.factorize(flat)
    text = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    codes, text, words = _retokenise(codes.astype(np.int64), text, [str(v) for v in vocab])
    return TokenTable(
        codes=codes, text=text, vocab=np.asarray(words, dtype=object), n_texts=len(texts)
    )


def _expand(table: TokenTable, which: np.ndarray) -> TokenTable:
    """The table of `[texts[i] for i in which]` from the table of the distinct `texts`."""
    lengths = table.lengths
    offsets = np.cumsum(lengths) - lengths
    per_row = lengths[which]
    total = int(per_row.sum())
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    codes = table.codes[np.repeat(offsets[which], per_row) + within]
    text = np.repeat(np.arange(len(which), dtype=np.int64), per_row)
    return TokenTable(codes=codes, text=text, vocab=table.vocab, n_texts=len(which))


def _retokenise(
    codes: np.ndarray, text: np.ndarray, vocab: list[str]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Apply `tokens` once per distinct run: stray hyphens/apostrophes, compounds (China-Rusia)."""
    index = {v: i for i, v in enumerate(vocab)}
    seqs: list[list[int]] = []
    changed = False
    for i, word in enumerate(list(vocab)):
        parts = tokens(word) if ("-" in word or "'" in word or "_" in word) else [word]
        if parts == [word]:
            seqs.append([i])
            continue
        changed = True
        seq = []
        for part in parts:
            if part not in index:
                index[part] = len(vocab)
                vocab.append(part)
            seq.append(index[part])
        seqs.append(seq)
    if not changed:
        return codes, text, vocab
    k = np.array([len(q) for q in seqs], dtype=np.int64)
    flat = np.array(list(chain.from_iterable(seqs)), dtype=np.int64)
    offs = np.cumsum(k) - k
    per_token = k[codes]
    total = int(per_token.sum())
    within = np.arange(total) - np.repeat(np.cumsum(per_token) - per_token, per_token)
    new_codes = flat[np.repeat(offs[codes], per_token) + within]
    used = np.bincount(new_codes, minlength=len(vocab)) > 0
    remap = np.cumsum(used) - 1
    kept = [v for v, u in zip(vocab, used.tolist(), strict=True) if u]
    return remap[new_codes].astype(np.int64), np.repeat(text, per_token), kept
