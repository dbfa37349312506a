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
import re
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from helpers.text import fold

# The reference pattern's "not a word character" (RE2 has no lookbehind, and an ASCII \w).
RE2_NOT_WORD = r"[^\p{L}\p{N}_]"
CHUNK_BYTES = 8_000_000  # UTF-8 text cut at once (whole texts, at least one)
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
        array = _texts(texts)
        n = len(array)
        buffers = array.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int64)[array.offset : array.offset + n + 1]
        data = np.frombuffer(buffers[2] or b"", dtype=np.uint8)
        runs: dict[str, int] = {}
        seps: dict[str, int] = {"": 0}  # code 0: no separator (a text starts or ends a run)
        parts: list[dict[str, np.ndarray]] = []
        first = 0
        while first < n:
            stop = int(np.searchsorted(offsets, offsets[first] + CHUNK_BYTES, side="right"))
            last = min(max(stop - 1, first + 1), n)
            parts.append(_cut(data, offsets[first : last + 1], folded, runs, seps))
            first = last

        def joined(key: str, dtype: type) -> np.ndarray:
            chunks = [part.pop(key) for part in parts]
            if not chunks:
                return np.zeros(0, dtype)
            return np.concatenate(chunks, dtype=dtype, casting="unsafe")  # the codes fit

        sep_type = np.min_scalar_type(len(seps) - 1)
        self._n = n
        self._runs = runs
        self._sep_text = pa.array(list(seps), type=pa.large_string())  # in code order
        self._sep_after = joined("sep_after", sep_type)
        self._sep0 = joined("sep0", sep_type)
        self._last = joined("last", bool)
        self._first_run = np.concatenate([[0], np.cumsum(joined("count", np.int64))])
        self._order, self._starts = _postings(joined("code", np.intp), len(runs))
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
        if middle.any() or last.any():
            hit = np.where(self._last, last[self._sep_after], middle[self._sep_after])
            mask |= self._texts_of(np.flatnonzero(hit))
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


def _cut(
    data: np.ndarray,
    offsets: np.ndarray,
    folded: bool,
    runs: dict[str, int],
    seps: dict[str, int],
) -> dict[str, np.ndarray]:
    """Runs and separators of the texts between `offsets` (UTF-8 byte offsets into `data`)."""
    chunk = data[offsets[0] : offsets[-1]].tobytes()
    if not folded:
        chunk = chunk.lower()  # folds ASCII; UTF-8 keeps every other byte out of its way
    raw = np.frombuffer(chunk, dtype=np.uint8)
    bounds = offsets - offsets[0]
    m = len(bounds) - 1
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
    found = encoded.dictionary.to_pylist()
    code = np.empty(len(found), dtype=np.int32)
    is_run = np.empty(len(found), dtype=bool)
    words = _word_table()
    for i, piece in enumerate(found):
        key = piece if folded or piece.isascii() else fold(piece)
        is_run[i] = words[ord(key[0])]  # a run has word characters only, a separator none
        vocab = runs if is_run[i] else seps
        code[i] = vocab.setdefault(key, len(vocab))
    local_code = encoded.indices.to_numpy(zero_copy_only=False)
    piece_code, piece_run = code[local_code], is_run[local_code]
    last_piece = max(len(piece_code) - 1, 0)
    text = np.repeat(np.arange(m), np.diff(np.searchsorted(cut[:-1], bounds)))
    run = np.flatnonzero(piece_run)
    run_text = text[run]
    after = np.minimum(run + 1, last_piece)
    follows = (run + 1 < len(piece_code)) & (text[after] == run_text)
    opens = np.minimum(np.searchsorted(cut[:-1], bounds[:-1]), last_piece)  # first pieces
    plain = bounds[:-1] < bounds[1:]  # texts that open with a separator, not a run
    if len(piece_code):
        plain &= ~piece_run[opens]
    sep0 = np.zeros(m, dtype=np.int32)
    sep0[plain] = piece_code[opens[plain]]
    last = np.ones(len(run), dtype=bool)
    last[:-1] = run_text[1:] != run_text[:-1]
    return {
        "code": piece_code[run],
        "sep_after": np.where(follows, piece_code[after], 0),
        "sep0": sep0,
        "last": last,
        "count": np.bincount(run_text, minlength=m),
    }


class _NoRE2(Exception):
    """RE2 rejects this pattern (the reference then falls back to Python's `re`)."""


def _fragment(text: str) -> str:
    """RE2 for punctuation of a term: literal, a space standing for any white space run."""
    return r"\s+".join(re.escape(part) for part in text.split(" "))


def _postings(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Run positions grouped by code (ascending within each) and where each code starts."""
    kind = np.int32 if len(codes) < 2**31 else np.int64
    try:  # pandas' counting sort: linear time, where numpy's stable sort takes ~5x longer
        from pandas._libs.algos import groupsort_indexer

        order, counts = groupsort_indexer(codes, size)
        starts = np.cumsum(counts)  # counts[0] counts code -1, of which there are none
    except (ImportError, TypeError, ValueError):
        order = np.argsort(codes, kind="stable")
        starts = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=size))])
    del codes
    return order.astype(kind), starts.astype(np.int64)
