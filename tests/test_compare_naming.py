"""Naming choices: whole-word, case-insensitive, longest name wins; shares per outlet."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.compare import naming, naming_shares
from helpers.errors import InvalidValue

# The shape of helpers.load_lexicon().alias_groups: group -> names, canonical first.
GROUPS = {
    "China": ["China", "Tiongkok"],
    "Rusia": ["Rusia", "Federasi Rusia"],
    "PBB": ["PBB", "Perserikatan Bangsa-Bangsa"],
    "Bangsa": ["Bangsa"],
}


def arts(*texts: str, outlets=None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "outlet": outlets or ["X"] * len(texts),
            "text": list(texts),
        }
    )


def counts(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {
        (g, n): c for g, n, c in zip(frame["group"], frame["name"], frame["count"], strict=True)
    }


def test_longest_name_wins_where_names_overlap():
    out = naming(
        arts("Federasi Rusia dan Rusia; Perserikatan Bangsa-Bangsa (PBB) dan bangsa."), GROUPS
    )
    assert counts(out) == {
        ("Rusia", "Federasi Rusia"): 1,
        ("Rusia", "Rusia"): 1,
        ("PBB", "Perserikatan Bangsa-Bangsa"): 1,
        ("PBB", "PBB"): 1,
        ("Bangsa", "Bangsa"): 1,
    }


def test_whole_words_case_insensitive_and_hyphen_compounds():
    out = naming(arts("TIONGKOK, tiongkok-rusia, Chinatown, Rusiana."), GROUPS)
    assert counts(out) == {("China", "Tiongkok"): 2, ("Rusia", "Rusia"): 1}


def test_columns_and_no_rows_for_absent_names():
    out = naming(arts("Tidak ada nama di sini."), GROUPS)
    assert list(out.columns) == ["article_id", "outlet", "group", "name", "count"]
    assert out.empty


def test_lexicon_object_with_alias_groups():
    lexicon = SimpleNamespace(alias_groups={"China": ("China", "Tiongkok")})
    assert counts(naming(arts("Tiongkok"), lexicon)) == {("China", "Tiongkok"): 1}


@pytest.mark.parametrize(
    ("lexicon", "match"),
    [(42, "has no alias groups"), ({"China": []}, "needs a non-empty list of names")],
)
def test_invalid_lexicon(lexicon, match):
    with pytest.raises(InvalidValue, match=match):
        naming(arts("China"), lexicon)


def test_naming_shares_per_outlet():
    frame = arts("China China Tiongkok", "Tiongkok", outlets=["X", "Y"])
    shares = naming_shares(naming(frame, GROUPS)).set_index(["outlet", "group", "name"])
    assert shares.loc[("X", "China", "China"), "share"] == pytest.approx(2 / 3)
    assert shares.loc[("X", "China", "China"), "group_count"] == 3
    assert shares.loc[("Y", "China", "Tiongkok"), "share"] == 1.0


def test_does_not_mutate_input():
    frame = arts("China dan Rusia")
    before = frame.copy()
    naming(frame, GROUPS)
    pd.testing.assert_frame_equal(frame, before)


def test_public_name():
    assert helpers.naming is naming


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["China", "Tiongkok", "Rusia", "Federasi Rusia", "dan", "PBB"]), max_size=30
    )
)
def test_shares_sum_to_one_per_outlet_and_group(words):
    frame = arts(" ".join(words), " ".join(reversed(words)), outlets=["X", "Y"])
    shares = naming_shares(naming(frame, GROUPS))
    if not shares.empty:
        sums = shares.groupby(["outlet", "group"])["share"].sum()
        assert sums.to_numpy() == pytest.approx(1.0)
    assert naming(frame, GROUPS)["count"].sum() == 2 * sum(w != "dan" for w in words)


def test_acronyms_match_only_as_written():
    groups = {"Amerika Serikat": ["Amerika Serikat", "AS"], "PBB": ["PBB", "UN"]}
    out = naming(arts("AS dan amerika serikat; as well as UN, un, pbb."), groups)
    assert counts(out) == {
        ("Amerika Serikat", "AS"): 1,
        ("Amerika Serikat", "Amerika Serikat"): 1,
        ("PBB", "UN"): 1,
    }
    lexicon = SimpleNamespace(
        alias_groups={"Uni Eropa": ("Uni Eropa", "Eropa")}, exact_names=frozenset({"Eropa"})
    )
    assert counts(naming(arts("Eropa, eropa, UNI EROPA"), lexicon)) == {
        ("Uni Eropa", "Eropa"): 1,
        ("Uni Eropa", "Uni Eropa"): 1,
    }
