"""Unit and property tests of the generator's helpers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.examples.common import exact_split, mode_shares
from chainchief.examples.names import NameGen
from chainchief.examples.regions import BLOCS, region_frame


def test_exact_split_hand_example() -> None:
    assert exact_split(10, [1, 1, 1]).tolist() == [4.0, 3.0, 3.0]
    assert exact_split(7.5, [1, 3], decimals=1).tolist() == [1.9, 5.6]


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(0, 10**12),
    weights=st.lists(st.floats(0.001, 1e6), min_size=1, max_size=30),
)
def test_exact_split_sums_exactly(total: int, weights: list[float]) -> None:
    parts = exact_split(total, weights)
    assert parts.sum() == total
    assert (parts == np.round(parts)).all()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), lo=st.floats(0, 1), hi=st.floats(0, 1))
def test_mode_shares_never_exceed_one(seed: int, lo: float, hi: float) -> None:
    rng = np.random.default_rng(seed)
    a, b, c = mode_shares(rng, 50, (lo, max(lo, hi)), (0.0, 1.0), (0.0, 1.0))
    assert ((a >= 0) & (b >= 0) & (c >= 0)).all()
    assert (a + b + c <= 1 + 1e-9).all()


def test_names_are_unique_and_avoid_real_companies() -> None:
    g = NameGen(np.random.default_rng(0))
    names = [g.chinese("Optical Co.") for _ in range(500)]
    names += [
        g.foreign(iso, "Eyewear") for iso in ("ITA", "USA", "JPN", "VNM", "IND") for _ in range(20)
    ]
    assert len(set(names)) == len(names)
    low = " ".join(names).lower().replace(" ", "")
    assert "tongda" not in low and "huawei" not in low
    assert any(n.endswith("K.K.") for n in names) and any(n.endswith("S.p.A.") for n in names)


def test_region_tree_blocs_and_china() -> None:
    r = region_frame().set_index("region_id")
    for bloc, members in BLOCS.items():
        assert r.loc[bloc, "scale"] == "supranational"
        assert (r.loc[list(members), "parent_id"] == bloc).all()
    assert r.loc["CHN", "parent_id"] == "RCEP"
    assert r.loc["CN-330304", "parent_id"] == "CN-330300"
    assert r.loc["CN-330300", "parent_id"] == "CN-330000"
    assert r.loc["CN-330000", "parent_id"] == "CHN"
    assert r.loc["WLD", "scale"] == "global" and r["parent_id"].isna().sum() == 1
