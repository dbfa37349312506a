"""An inverted index of word runs: the panel's text search reads postings, not all the text.

`helpers.filters` finds a folded term as whole words with one RE2 pattern per term,
`(?:^|[^\\p{L}\\p{N}_])term(?:[^\\p{L}\\p{N}_]|$)` with `\\s+` between the term's words.
Cut a text into maximal runs of word characters (`\\p{L}`, `\\p{N}`, `_`) and the
separators between them: a match then covers consecutive runs equal to the term's runs,
and the separators between, before and after them match the term's punctuation and
spaces. So a term is answered from the positions of its runs, plus, when it has
punctuation, one RE2 search per *distinct* separator string (a corpus has few), with a
word character standing in for the runs around it. The result is exactly the pattern's
(property-tested against the scan in `helpers.filters`).

The index is built without a Python call per token: texts are classified in chunks
through code-point tables, cut where the class changes with numpy, and the pieces are
dictionary-encoded by Arrow straight from the UTF-8 buffer; only distinct pieces are
folded in Python.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from helpers.text import fold

# The reference pattern's "not a word character" (RE2 has no lookbehind, and an ASCII \w).
RE2_NOT_WORD = r"[^\p{L}\p{N}_]"
CHUNK_BYTES = 4_000_000  # UTF-8 text cut at once (whole texts, at least one)
BUILD_THREADS = 2  # chunks cut at once; more threads gain little on the vocabulary merge
_MAX_CP = 0x110000
_WORD: np.ndarray | None = None  # code point -> word character, as RE2 classifies it
_FOLDED_WORD: np.ndarray | None = None  # BMP code point -> word character once folded


def _word_table() -> np.ndarray:
    """For every code point, whether RE2 counts it as a word character (asked of RE2 itself)."""
    global _WORD
    if _WORD is None:
        cps = np.concatenate([np.arange(0xD800), np.arange(0xE000, _MAX_CP)])
        data = "".join(map(chr, cps.tolist())).encode("utf-8")
        sizes = 1 + (cps >= 0x80) + (cps >= 0x800) + (cps >= 0x10000)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
        chars = pa.StringArray.from_buffers(len(cps), pa.py_buffer(offsets), pa.py_buffer(data))
        other = pc.match_substring_regex(chars, RE2_NOT_WORD).to_numpy(zero_copy_only=False)
        table = np.zeros(_MAX_CP, dtype=bool)  # surrogates never occur in decoded text
        table[cps] = ~other
        _WORD = table
    return _WORD


def _folded_word_table() -> np.ndarray:
    global _FOLDED_WORD
    if _FOLDED_WORD is None:
        # `fold` maps character by character and keeps the length: one call folds them all.
        folded = _utf32(fold("".join(map(chr, range(0x10000)))))
        _FOLDED_WORD = _word_table()[folded]
    return _FOLDED_WORD


def _utf32(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _classes(cps: np.ndarray, folded: bool) -> np.ndarray:
    """Whether each code point is a word character (after folding, unless `folded`)."""
    words = _word_table()
    if folded:
        return words[cps]
    out = np.zeros(len(cps), dtype=bool)
    bmp = cps < 0x10000
    out[bmp] = _folded_word_table()[cps[bmp]]
    if not bmp.all():  # astral code points: fold the few distinct ones present
        values, where = np.unique(cps[~bmp], return_inverse=True)
        out[~bmp] = words[_utf32(fold("".join(map(chr, values.tolist()))))][where]
    return out


_ASCII_WORD = np.zeros(256, dtype=bool)
_ASCII_WORD[[ord(c) for c in map(chr, range(128)) if c.isalnum() or c == "_"]] = True


def _is_word(raw: np.ndarray, folded: bool) -> np.ndarray:
    """Per UTF-8 byte, whether its character is a word character."""
    out = _ASCII_WORD[raw]
    lead = np.flatnonzero(raw >= 0xC0)  # the first byte of every non-ASCII character
    if lead.size:
        size = len(raw)
        first = raw[lead].astype(np.uint32)
        more = 1 + (first >= 0xE0) + (first >= 0xF0)  # continuation bytes that follow
        tail = [raw[np.minimum(lead + k, size - 1)].astype(np.uint32) & 0x3F for k in (1, 2, 3)]
        cps = np.select(
            [more == 1, more == 2],
            [
                (first & 0x1F) << 6 | tail[0],
                (first & 0x0F) << 12 | tail[0] << 6 | tail[1],
            ],
            (first & 0x07) << 18 | tail[0] << 12 | tail[1] << 6 | tail[2],
        )
        word = _classes(cps, folded)
        out[lead] = word
        for k in (1, 2, 3):
            has = more >= k
            out[lead[has] + k] = word[has]
    return out


def _texts(texts: pa.Array | pa.ChunkedArray | Sequence[str]) -> pa.LargeStringArray:
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if not isinstance(texts, pa.Array):
        texts = pa.array(texts, type=pa.large_string())
    if pa.types.is_null(texts.type):  # no text at all (all missing)
        texts = texts.cast(pa.large_string())
    if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        raise TypeError(f"TextIndex needs strings, got Arrow type {texts.type}")
    texts = texts.cast(pa.large_string())
    return pc.fill_null(texts, "") if texts.null_count else texts


class TextIndex:
    """Where every word run of every text occurs, and the separators around it.

    `term_mask(term)` is the boolean mask of the texts in which the folded `term` occurs as
    whole words, exactly as `helpers.filters.query_mask` finds it; give `folded=True` when
    the texts are folded already (they are then taken as they are).

    >>> index = TextIndex(["Xi’s visit to Beijing", "Xinhua: Xi Jinping", "XI-80 (xi)"])
    >>> index
    TextIndex(3 texts, 11 word runs, 8 distinct, 7 distinct separators)
    >>> [index.term_mask(t).tolist() for t in ("xi", "xi jinping", "xi's", "(xi)")]
    [[True, True, True], [False, True, False], [True, False, False], [False, False, True]]
    """

    def __init__(
        self, texts: pa.Array | pa.ChunkedArray | Sequence[str], *, folded: bool = False
    ) -> None:
        self._build([texts], folded)

    @classmethod
    def from_blocks(
        cls, blocks: Iterable[pa.Array | pa.ChunkedArray | Sequence[str]], *, folded: bool = False
    ) -> TextIndex:
        """The index of the texts of every block, in order (blocks are read one at a time).

        >>> TextIndex.from_blocks([["Xi Jinping"], [], ["xi", None]]).term_mask("xi").tolist()
        [True, True, False]
        """
        index = cls.__new__(cls)
        index._build(blocks, folded)
        return index

    def _build(self, blocks: Iterable[Any], folded: bool) -> None:
        runs: dict[str, int] = {}
        seps: dict[str, int] = {"": 0}  # code 0: no separator (a text starts or ends a run)
        parts: list[dict[str, np.ndarray]] = []
        workers = max(1, min(BUILD_THREADS, os.cpu_count() or 1))
        _word_table(), _folded_word_table()  # the tables, before threads read them
        # Chunks are cut on worker threads (numpy and Arrow release the GIL); their pieces
        # join the vocabulary here, in order, so codes do not depend on timing.
        with ThreadPoolExecutor(workers) as pool:
            pending: deque[Future[dict[str, Any]]] = deque()
            for data, offsets in _chunks(blocks):
                pending.append(pool.submit(_cut, data, offsets, folded))
                while len(pending) > workers:
                    parts.append(_merge(pending.popleft().result(), folded, runs, seps))
            while pending:
                parts.append(_merge(pending.popleft().result(), folded, runs, seps))

        def joined(key: str, dtype: type) -> np.ndarray:
            chunks = [part.pop(key) for part in parts]
            if not chunks:
                return np.zeros(0, dtype)
            return np.concatenate(chunks, dtype=dtype, casting="unsafe")  # the codes fit

        sep_type = np.min_scalar_type(len(seps) - 1)
        counts = joined("count", np.int64)
        self._n = len(counts)
        self._runs = runs
        self._sep_text = pa.array(list(seps), type=pa.large_string())  # in code order
        self._sep_after = joined("sep_after", sep_type)
        self._sep0 = joined("sep0", sep_type)
        self._last = joined("last", bool)
        self._first_run = np.concatenate([[0], np.cumsum(counts)])
        self._order, self._starts = _postings([part.pop("code") for part in parts], len(runs))
        self._sep_checks: dict[tuple[str, str], np.ndarray] = {}

    def __len__(self) -> int:
        return self._n

    def __repr__(self) -> str:
        return (
            f"TextIndex({self._n:,} texts, {len(self._order):,} word runs, "
            f"{len(self._runs):,} distinct, {len(self._sep_text):,} distinct separators)"
        )

    # ---- queries ----------------------------------------------------------------------------
    def term_mask(self, term: str) -> np.ndarray | None:
        """Texts holding the folded `term` as whole words, or None if RE2 cannot take it.

        The words of `term` are single-space separated, as `helpers.filters.query_terms`
        gives them; between them the text may hold any run of white space.
        """
        cps = _utf32(term)
        if not cps.size:
            return np.ones(self._n, dtype=bool)
        is_word = _word_table()[np.minimum(cps, _MAX_CP - 1)]
        change = np.flatnonzero(np.diff(is_word.astype(np.int8))) + 1
        bounds = [0, *change.tolist(), len(term)]
        pieces = [term[a:b] for a, b in itertools.pairwise(bounds)]
        if is_word[0]:
            pieces.insert(0, "")
        if len(pieces) % 2 == 0:
            pieces.append("")
        lead, words, gaps, trail = pieces[0], pieces[1::2], pieces[2:-1:2], pieces[-1]
        try:
            if not words:
                return self._within_separators(_fragment(lead))
            return self._runs_match(lead, words, gaps, trail)
        except _NoRE2:
            return None  # the caller searches the text itself, as the reference does

    def _occurrences(self, word: str) -> np.ndarray | None:
        code = self._runs.get(word)
        if code is None:
            return None
        return self._order[self._starts[code] : self._starts[code + 1]]

    def _texts_of(self, positions: np.ndarray) -> np.ndarray:
        """The mask of texts holding any of the sorted run positions."""
        seen = np.searchsorted(positions, self._first_run)
        return seen[1:] > seen[:-1]

    def _runs_match(self, lead: str, words: list[str], gaps: list[str], trail: str) -> np.ndarray:
        found = [self._occurrences(w) for w in words]
        if any(f is None or not f.size for f in found):
            return np.zeros(self._n, dtype=bool)
        anchor = min(range(len(found)), key=lambda j: len(found[j]))
        start = found[anchor].astype(np.int64) - anchor
        start = start[start >= 0]
        for j, positions in enumerate(found):
            if j == anchor or not start.size:
                continue
            at = np.minimum(np.searchsorted(positions, start + j), len(positions) - 1)
            start = start[positions[at] == start + j]
        for j in range(len(words) - 1):  # consecutive runs of one text ...
            start = start[~self._last[start + j]]
        for j, gap in enumerate(gaps):  # ... with the term's punctuation and spaces between
            ok = self._check(f"^{_fragment(gap)}$", "raw")
            start = start[ok[self._sep_after[start + j]]]
        if lead and start.size:
            start = start[self._lead_ok(start, _fragment(lead))]
        if trail and start.size:
            end = start + len(words) - 1
            tail = self._sep_after[end]
            pattern = f"^{_fragment(trail)}(?:{RE2_NOT_WORD}|$)"
            ok = np.where(
                self._last[end],
                self._check(pattern, "raw")[tail],
                self._check(pattern, "then_word")[tail],
            )
            start = start[ok]
        return self._texts_of(start)

    def _lead_ok(self, start: np.ndarray, lead: str) -> np.ndarray:
        """The term's leading punctuation ends the separator before its first run."""
        pattern = f"(?:^|{RE2_NOT_WORD}){lead}$"
        opens = np.zeros(len(start), dtype=bool)  # the run opens its text
        opens[start == 0] = True
        inner = start > 0
        opens[inner] = self._last[start[inner] - 1]
        ok = np.zeros(len(start), dtype=bool)
        if (~opens).any():
            before = self._sep_after[start[~opens] - 1]
            ok[~opens] = self._check(pattern, "word_then")[before]
        if opens.any():
            text = np.searchsorted(self._first_run, start[opens], side="right") - 1
            ok[opens] = self._check(pattern, "raw")[self._sep0[text]]
        return ok

    def _within_separators(self, body: str) -> np.ndarray:
        """A term without word characters lies inside one separator: check each kind."""
        pattern = f"(?:^|{RE2_NOT_WORD}){body}(?:{RE2_NOT_WORD}|$)"
        only, first, middle, last = (
            self._check(pattern, pad) for pad in ("raw", "then_word", "word_then_word", "word_then")
        )
        has_runs = np.diff(self._first_run) > 0
        mask = np.where(has_runs, first[self._sep0], only[self._sep0])
        if (middle.any() or last.any()) and has_runs.any():
            hit = middle[self._sep_after]  # after every run, then fix each text's last run
            ends = self._first_run[1:][has_runs] - 1
            hit[ends] = last[self._sep_after[ends]]
            mask[has_runs] |= np.logical_or.reduceat(hit, self._first_run[:-1][has_runs])
        return mask

    def _check(self, pattern: str, pad: str) -> np.ndarray:
        """RE2 `pattern` searched in every distinct separator, padded by word characters."""
        key = (pattern, pad)
        found = self._sep_checks.get(key)
        if found is None:
            seps, word = self._sep_text, pa.scalar("a", pa.large_string())
            glue = pa.scalar("", pa.large_string())
            if pad in ("word_then", "word_then_word"):
                seps = pc.binary_join_element_wise(word, seps, glue)
            if pad in ("then_word", "word_then_word"):
                seps = pc.binary_join_element_wise(seps, word, glue)
            try:
                hits = pc.match_substring_regex(seps, pattern)
            except (ValueError, pa.ArrowException) as err:  # e.g. a lone surrogate
                raise _NoRE2(pattern) from err
            found = pc.fill_null(hits, False).to_numpy(zero_copy_only=False).astype(bool)
            if len(self._sep_checks) > 256:
                self._sep_checks.clear()
            self._sep_checks[key] = found
        return found


def _chunks(blocks: Iterable[Any]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """UTF-8 bytes and text offsets of whole texts, about `CHUNK_BYTES` at a time."""
    for block in blocks:
        array = _texts(block)
        n = len(array)
        buffers = array.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int64)[array.offset : array.offset + n + 1]
        data = np.frombuffer(buffers[2] or b"", dtype=np.uint8)
        first = 0
        while first < n:
            stop = int(np.searchsorted(offsets, offsets[first] + CHUNK_BYTES, side="right"))
            last = min(max(stop - 1, first + 1), n)  # at least one text: a 10 MB one alone
            yield data, offsets[first : last + 1]
            first = last


def _cut(data: np.ndarray, offsets: np.ndarray, folded: bool) -> dict[str, Any]:
    """Runs and separators of the texts between `offsets`, coded by this chunk's pieces."""
    chunk = data[offsets[0] : offsets[-1]].tobytes()
    if not folded:
        chunk = chunk.lower()  # folds ASCII; UTF-8 keeps every other byte out of its way
    raw = np.frombuffer(chunk, dtype=np.uint8)
    bounds = offsets - offsets[0]
    is_word = _is_word(raw, folded)
    # Pieces: maximal spans of one class (word or not) within one text, none empty.
    change = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1
    edges = bounds[np.concatenate([[True], bounds[1:] != bounds[:-1]])]  # sorted, distinct
    at = np.searchsorted(change, edges)
    known = np.zeros(len(edges), dtype=bool)
    if change.size:
        known = change[np.minimum(at, change.size - 1)] == edges
    cut = np.insert(change, at[~known], edges[~known])  # text boundaries cut too
    pieces = pa.LargeStringArray.from_buffers(len(cut) - 1, pa.py_buffer(cut), pa.py_buffer(chunk))
    encoded = pc.dictionary_encode(pieces)
    piece_code = encoded.indices.to_numpy(zero_copy_only=False)
    piece_run = is_word[cut[:-1]]
    n_pieces = len(piece_code)
    first = np.searchsorted(cut[:-1], bounds)  # the piece each text starts at (and the end)
    opens = np.zeros(n_pieces + 1, dtype=bool)
    opens[first] = True
    run = np.flatnonzero(piece_run)
    follows = ~opens[run + 1]  # the piece after a run is a separator of the same text
    count = np.diff(np.searchsorted(run, first))
    last = np.zeros(len(run), dtype=bool)
    last[np.cumsum(count)[count > 0] - 1] = True
    head = np.minimum(first[:-1], max(n_pieces - 1, 0))
    plain = np.diff(first) > 0  # texts that are not empty ...
    if n_pieces:
        plain &= ~piece_run[head]  # ... and open with a separator, not a run
    after = np.minimum(run + 1, max(n_pieces - 1, 0))
    return {
        "pieces": encoded.dictionary.to_pylist(),
        "code": piece_code[run],
        "sep_after": np.where(follows, piece_code[after], -1),  # -1: no separator
        "sep0": np.where(plain, piece_code[head] if n_pieces else -1, -1),
        "last": last,
        "count": count,
    }


def _merge(
    part: dict[str, Any], folded: bool, runs: dict[str, int], seps: dict[str, int]
) -> dict[str, np.ndarray]:
    """Give a chunk's pieces their codes in the corpus's vocabularies (folding each once)."""
    words = _word_table()
    pieces = part.pop("pieces")
    code = np.zeros(len(pieces) + 1, dtype=np.int32)  # the last slot: -1, no separator
    for i, piece in enumerate(pieces):
        key = piece if folded or piece.isascii() else fold(piece)
        vocab = runs if words[ord(key[0])] else seps  # a run has word characters only
        code[i] = vocab.setdefault(key, len(vocab))
    sep_type = np.min_scalar_type(len(seps) - 1)
    return {
        "code": code[part["code"]],
        "sep_after": code[part["sep_after"]].astype(sep_type),
        "sep0": code[part["sep0"]].astype(sep_type),
        "last": part["last"],
        "count": part["count"],
    }


class _NoRE2(Exception):
    """RE2 rejects this pattern (the reference then falls back to Python's `re`)."""


def _fragment(text: str) -> str:
    """RE2 for punctuation of a term: literal, a space standing for any white space run."""
    return r"\s+".join(re.escape(part) for part in text.split(" "))


def _postings(chunks: list[np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Run positions grouped by code (ascending within each) and where each code starts.

    Each chunk is sorted by code on its own and scattered into place, so no array of the
    whole corpus is wider than the int32 positions themselves.
    """
    total = sum(len(c) for c in chunks)
    counts = np.zeros(size, dtype=np.int64)
    for codes in chunks:
        counts += np.bincount(codes, minlength=size)
    starts = np.concatenate([[0], np.cumsum(counts)])
    order = np.empty(total, dtype=np.int32 if total < 2**31 else np.int64)
    free = starts[:-1].copy()  # the next free slot of every code
    base = 0
    for codes in chunks:
        local, local_counts = _group(codes, size)
        # the i-th position of code c in this chunk goes to free[c] + i
        shift = free - (np.cumsum(local_counts) - local_counts)
        order[shift[np.repeat(np.arange(size), local_counts)] + np.arange(len(codes))] = (
            local + base
        )
        free += local_counts
        base += len(codes)
    return order, starts


def _group(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions sorted by code, stably, and the count of every code."""
    try:  # pandas' counting sort: linear time, where numpy's stable sort is n log n
        from pandas._libs.algos import groupsort_indexer

        order, counts = groupsort_indexer(codes.astype(np.intp), size)
        return order, counts[1:]  # counts[0] counts code -1, of which there are none
    except (ImportError, TypeError, ValueError):
        return np.argsort(codes, kind="stable"), np.bincount(codes, minlength=size)
