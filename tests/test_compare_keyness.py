"""Keyness: G2 and log ratio against hand-computed values, validation, invariants."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.compare import article_terms, g2_log_ratio, keyness, outlet_keyness
from helpers.errors import InvalidValue


def _articles() -> pd.DataFrame:
    # Target "T": 100 tokens = 10 x "rusia", 3 x "lavrov", 87 x "kata" (filler).
    # Reference "R": 200 tokens = 5 x "rusia", 0 x "lavrov", 195 x "kata".
    # The filler is not a stopword; stopwords are off so every token is a term.
    t = " ".join(["rusia"] * 10 + ["lavrov"] * 3 + ["kata"] * 87)
    r1 = " ".join(["rusia"] * 5 + ["kata"] * 95)
    r2 = " ".join(["kata"] * 100)
    return pd.DataFrame(
        {
            "article_id": ["t1", "r1", "r2"],
            "outlet": ["T", "R", "R"],
            "text": [t, r1, r2],
            "language": ["id", "id", "id"],
            "n_words": [100, 100, 100],
        }
    )


def test_g2_and_log_ratio_match_hand_computation():
    table = keyness(_articles(), "T", min_count=1, drop_stopwords=False).set_index("term")
    rusia = table.loc["rusia"]
    # a = 10, b = 5, c = 100, d = 200
    # E1 = c (a + b) / (c + d) = 100 * 15 / 300 = 5;  E2 = 200 * 15 / 300 = 10
    # G2 = 2 (a ln(a/E1) + b ln(b/E2)) = 2 (10 ln 2 + 5 ln 0.5) = 2 * 5 ln 2 = 10 ln 2 = 6.9315
    # log ratio = log2((10/100) / (5/200)) = log2(0.1 / 0.025) = log2(4) = 2
    assert rusia["expected_target"] == pytest.approx(5.0)
    assert rusia["expected_reference"] == pytest.approx(10.0)
    assert rusia["g2"] == pytest.approx(10 * math.log(2))
    assert rusia["log_ratio"] == pytest.approx(2.0)
    # chi-squared, 1 df: p = erfc(sqrt(G2 / 2))
    assert rusia["p_value"] == pytest.approx(math.erfc(math.sqrt(10 * math.log(2) / 2)))
    assert (rusia["count_target"], rusia["count_reference"]) == (10, 5)
    assert (rusia["docs_target"], rusia["docs_reference"]) == (1, 1)
    assert (rusia["total_target"], rusia["total_reference"]) == (100, 200)


def test_zero_count_uses_half_correction_and_0log0():
    lavrov = (
        keyness(_articles(), "T", min_count=1, drop_stopwords=False).set_index("term").loc["lavrov"]
    )
    # a = 3, b = 0: E1 = 100 * 3 / 300 = 1, so G2 = 2 (3 ln 3 + 0) = 6 ln 3 = 6.5917 (0 ln 0 = 0)
    # log ratio with b -> 0.5: log2((3/100) / (0.5/200)) = log2(0.03 / 0.0025) = log2(12) = 3.585
    assert lavrov["g2"] == pytest.approx(6 * math.log(3))
    assert lavrov["log_ratio"] == pytest.approx(math.log2(12))
    assert lavrov["count_reference"] == 0


def test_under_used_terms_are_negative():
    table = keyness(_articles(), "T", min_count=1, drop_stopwords=False).set_index("term")
    # "kata": a = 87 of 100, b = 195 of 200 -> relatively rarer in T
    assert table.loc["kata", "g2"] < 0
    assert table.loc["kata", "log_ratio"] < 0
    assert list(table["g2"]) == sorted(table["g2"], reverse=True)


def test_g2_log_ratio_vectorised_helper():
    g2, _p, lr, _e1, _e2 = g2_log_ratio(np.array([10, 0]), np.array([5, 4]), 100, 200)
    assert g2[0] == pytest.approx(10 * math.log(2))
    # a = 0, b = 4: E2 = 200*4/300; G2 = 2 * 4 ln(4 / (8/3)) = 8 ln 1.5, signed negative
    assert g2[1] == pytest.approx(-8 * math.log(1.5))
    assert lr[1] == pytest.approx(math.log2((0.5 / 100) / (4 / 200)))


def test_min_count_guard():
    table = keyness(_articles(), "T", min_count=4, drop_stopwords=False)
    assert "lavrov" not in set(table["term"])  # 3 + 0 < 4
    assert {"rusia", "kata"} <= set(table["term"])


def test_stopwords_dropped_by_default_but_counted_in_totals():
    arts = _articles()
    arts.loc[0, "text"] += " dan dan dan dan dan"
    arts.loc[0, "n_words"] += 5
    table = keyness(arts, "T", min_count=1)
    assert "dan" not in set(table["term"])
    assert table["total_target"].iloc[0] == 105
    with_stops = keyness(arts, "T", min_count=1, drop_stopwords=False)
    assert "dan" in set(with_stops["term"])


def test_boolean_masks_and_explicit_reference():
    arts = _articles()
    by_name = keyness(arts, "T", reference="R", min_count=1, drop_stopwords=False)
    by_mask = keyness(
        arts,
        arts["outlet"] == "T",
        reference=arts["outlet"] == "R",
        min_count=1,
        drop_stopwords=False,
    )
    by_list = keyness(arts, [True, False, False], min_count=1, drop_stopwords=False)
    pd.testing.assert_frame_equal(by_name, by_mask)
    pd.testing.assert_frame_equal(by_name, by_list)


def test_precomputed_terms_give_same_result():
    arts = _articles()
    terms = article_terms(arts, drop_stopwords=False)
    pd.testing.assert_frame_equal(
        keyness(arts, "T", min_count=1, terms=terms),
        keyness(arts, "T", min_count=1, drop_stopwords=False),
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"target": "Kompas"},
            r"target: \['Kompas'\] not in this corpus; valid values are \['R', 'T'\]",
        ),
        ({"target": "T", "reference": ["X"]}, r"reference: \['X'\] not in this corpus"),
        ({"target": [True, False]}, r"mask has 2 values but articles has 3 rows"),
        (
            {"target": pd.Series([True, False, False], index=[5, 6, 7])},
            r"mask index does not match",
        ),
        ({"target": "T", "reference": pd.Series([True, True, True])}, r"share articles \['t1'\]"),
        ({"target": "T", "min_count": 0}, r"min_count=0 is not valid"),
        ({"target": "T", "sort": "tfidf"}, r"sort='tfidf' is not valid"),
        ({"target": 3}, r"target=3 is not valid"),
    ],
)
def test_invalid_calls(kwargs, match):
    with pytest.raises(InvalidValue, match=match):
        keyness(_articles(), **kwargs)


def test_empty_reference_is_an_error():
    arts = _articles()
    with pytest.raises(InvalidValue, match="selects no articles"):
        keyness(arts, arts["outlet"].isin(["T", "R"]))


def test_does_not_mutate_input():
    arts = _articles()
    before = arts.copy()
    keyness(arts, "T", min_count=1)
    outlet_keyness(arts, min_count=1, pairwise=True)
    pd.testing.assert_frame_equal(arts, before)


def test_outlet_keyness_one_vs_rest_and_pairwise():
    arts = pd.concat(
        [
            _articles(),
            pd.DataFrame(
                {"article_id": ["q1"], "outlet": ["Q"], "text": ["lavrov " * 20], "n_words": [20]}
            ),
        ],
        ignore_index=True,
    )
    rest = outlet_keyness(arts, min_count=1, drop_stopwords=False)
    assert set(rest["target"]) == {"Q", "R", "T"}
    assert set(rest["reference"]) == {"rest"}
    pair = outlet_keyness(arts, min_count=1, pairwise=True, drop_stopwords=False)
    assert set(zip(pair["target"], pair["reference"], strict=True)) == {
        (a, b) for a in "QRT" for b in "QRT" if a != b
    }
    tr = pair[(pair["target"] == "T") & (pair["reference"] == "R")].drop(
        columns=["target", "reference"]
    )
    direct = keyness(arts, "T", reference="R", min_count=1, drop_stopwords=False)
    pd.testing.assert_frame_equal(tr.reset_index(drop=True), direct)


def test_public_name():
    assert helpers.keyness is keyness


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(0, 500),
    b=st.integers(0, 500),
    c_extra=st.integers(1, 5000),
    d_extra=st.integers(1, 5000),
)
def test_swapping_groups_negates_scores(a, b, c_extra, d_extra):
    c, d = a + c_extra, b + d_extra
    g_ab, p_ab, lr_ab, _, _ = g2_log_ratio(np.array([a]), np.array([b]), c, d)
    g_ba, p_ba, lr_ba, _, _ = g2_log_ratio(np.array([b]), np.array([a]), d, c)
    assert g_ab[0] == pytest.approx(-g_ba[0], abs=1e-9)
    assert lr_ab[0] == pytest.approx(-lr_ba[0], abs=1e-9)
    assert 0 <= p_ab[0] <= 1
    assert p_ab[0] == pytest.approx(p_ba[0])
    if a + b > 0 and abs(g_ab[0]) > 1e-9:
        assert np.sign(g_ab[0]) == np.sign(a / c - b / d)


def test_nullable_boolean_mask_from_a_string_column():
    arts = _articles().astype({"outlet": "string"})
    arts.loc[2, "outlet"] = pd.NA
    mask = arts["outlet"] == "T"  # BooleanDtype with <NA> for the missing outlet
    table = keyness(arts, mask, min_count=1, drop_stopwords=False)
    assert table["total_reference"].iloc[0] == 200
