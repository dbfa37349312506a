"""The faster per-line and per-paragraph checks of the loader decide exactly as the plain ones.

Each test keeps the plain version as the reference (the furniture patterns tried one after
another, the credit-label scan, the separate searches for event dates, `Path.stem`, the
control-character test on every decoded text) and compares on generated input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.corpus.clean import _FURNITURE, _UNIVERSAL, _credit, _furniture_re, _n_words
from helpers.corpus.dates import _non_overlapping, _relative, _relative_res, find_relative_dates
from helpers.corpus.parse import _stem
from helpers.corpus.reading import DecodeProblem, _looks_binary, decode
from helpers.lang import LANGUAGES

LANGS = list(LANGUAGES.values())


def reference_furniture(line, language):
    if _FURNITURE.match(line):
        return "section furniture (related-news block)"
    reason = language.boilerplate_reason(line)
    return reason or next((why for rx, why in _UNIVERSAL if rx.match(line)), None)


def reference_credit(line, language):
    label, sep, value = line.partition(":")
    column = language.credit_labels.get(label.strip().lower()) if sep else None
    if column is None:
        lowered = line.lower()
        label = next(
            (
                k
                for k in language.credit_labels
                if k.endswith(" by") and lowered.startswith(k + " ")
            ),
            None,
        )
        if label is None:
            return None
        column, value = language.credit_labels[label], line[len(label) + 1 :]
    value = value.strip()
    if column is None or not value or len(value) > 80:
        return None
    return column, value


LINE_PIECES = [
    *("Baca juga", "BACA JUGA", "baca selengkapnya", "Berita", "berita", "Lainnya", "terkini"),
    *("Terkait", "related", "Related", "More", "news", "stories", "Read also", "see more"),
    *("Copyright", "copyright", "Hak Cipta", "©", "(c)", "2024", "ANTARA", "Foto", "Tags", "Topik"),
    *("Iklan", "Advertisement", "scroll to continue", "Sign up", "subscribe", "for", "to", "Simak"),
    *("---", "***", "•••", "~~~", "Reporting by", "Written by", "Editor", "Pewarta", "Sumber"),
    *("By",),
    *("Edited by", "Translated by", "Jane Doe", "İ", "ſ", "K"),
    *(":", " ", "  ", "\t", "-", "–", "x" * 85),
]
lines = st.one_of(
    st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=8).map("".join),
    st.lists(st.sampled_from(LINE_PIECES), min_size=1, max_size=8).map(" ".join),
    st.text(max_size=40),
)


@settings(max_examples=1500, deadline=None)
@given(lines, st.sampled_from(LANGS))
def test_one_furniture_pattern_names_the_same_reason(line, language):
    line = line.strip()
    pattern, reasons = _furniture_re(language)
    m = pattern.match(line)
    assert (reasons[m.lastgroup] if m else None) == reference_furniture(line, language)


@settings(max_examples=1000, deadline=None)
@given(lines, st.sampled_from(LANGS))
def test_credit_lines_unchanged(line, language):
    assert _credit(line.strip(), language) == reference_credit(line.strip(), language)


def reference_first_relative(text, language):
    patterns = _relative_res(language)
    candidates = [(m.start(), rank, m) for rank, p in enumerate(patterns) if (m := p.search(text))]
    found = []
    for m in _non_overlapping(candidates):
        rel = _relative(m, language)
        if rel is not None:
            found.append(rel)
            break
    if not found and candidates:
        return find_relative_dates(text, language)[:1]
    return found


DATE_PIECES = [
    *("pada", "Pada", "PADA", "hari", "sejak", "tanggal", "tgl", "on", "On", "since", "last"),
    *("Senin", "selasa", "RABU", "Kamis", "Jumat", "jum'at", "Sabtu", "Minggu", "Ahad"),
    *("Monday", "tuesday", "Friday", "Sunday", "kemarin", "sore", "this"),
    *("Januari", "jan", "Mei", "Des", "March", "Sept", "december", "marah", "desa"),
    *("(21/1)", "(32/13)", "(3/2/2024)", "( 5 / 6 )", "(1/1/99)", "21", "3", "2025", "32", "13"),
    *(" ", " ", " ", ", ", ".", "(", ")", "/", "\n", "ſelasa", "ſenin", "İ", "K", "x"),
]


def _maybe(values):
    return st.one_of(st.just(""), st.sampled_from(values))


# Date phrases built the way articles write them, so that several forms can start at one place.
date_phrase = st.tuples(
    _maybe(
        ["pada ", "Pada ", "hari ", "sejak ", "tanggal ", "on ", "since ", "last ", "pada hari "]
    ),
    _maybe(["Senin", "selasa", "Jumat", "jum'at", "Monday", "friday", "ſenin"]),
    _maybe([",", ", ", " ", " kemarin ", " sore ", " this "]),
    _maybe(["(21/1)", "(32/13)", "(3/2/2024)", "( 5 / 6 )", "21 Januari", "3 Mei 2025", "32 Des"]),
    _maybe(["January 21", "Sept 3, 2024", "Dec. 32", "March 1 2025", " 2025", "."]),
).map("".join)
date_texts = st.one_of(
    st.lists(st.sampled_from(DATE_PIECES), max_size=25).map("".join),
    st.lists(st.sampled_from(DATE_PIECES), max_size=25).map(" ".join),
    st.lists(st.one_of(date_phrase, st.sampled_from(DATE_PIECES)), max_size=8).map(" ".join),
)


@settings(max_examples=2000, deadline=None)
@given(date_texts, st.sampled_from(LANGS))
def test_first_event_date_unchanged(text, language):
    assert find_relative_dates(text, language, first=True) == reference_first_relative(
        text, language
    )


@pytest.mark.parametrize(
    "source",
    ["a.txt", "dir/sub/a.b.md", ".hidden", "a.", "..a", "a..", "x/.", "x/..", "x/", "", ".",
     "a//b.txt", "dir/.txt", "a b.json", "ünï.txt", "/abs/x.csv"],
)  # fmt: skip
def test_stem_is_path_stem(source):
    assert _stem(source) == Path(source).stem


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab./ .-_", max_size=12))
def test_stem_is_path_stem_for_any_name(source):
    assert _stem(source) == Path(source).stem


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_text_decoded_without_the_control_test_has_no_control_characters(data):
    # decode() now runs the control-character test only when the bytes hold a control byte;
    # whatever it lets through must pass the test it skipped.
    try:
        decoded = decode(data)
    except DecodeProblem:
        return
    if decoded.encoding in ("utf-8", "cp1252", "utf-8+cp1252"):
        assert not _looks_binary(decoded.text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="a \t\n\u00a0x\u2003", max_size=80), st.integers(1, 30))
def test_word_count_against_a_threshold_is_unchanged(line, enough):
    words = len(line.split())
    assert (_n_words(line, enough) >= enough) == (words >= enough)
    assert words >= enough or _n_words(line, enough) == words
