"""Every indicator on the hand-computed 2-region x 2-sector table (see conftest.toy_frames)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chainchief.mrio.core import io_arrays, solve
from chainchief.mrio.decomposition import export_decomposition, kww_terms
from chainchief.mrio.indicators import aggregate_indicators, compute_indicators
from chainchief.mrio.position import downstreamness, indirect_va_exports, upstreamness
from chainchief.mrio.shocks import DemandShock, SupplyShock, demand_shock, supply_shock
from chainchief.mrio.slicing import slice_final_output

ORDER = [("A", "s1"), ("A", "s2"), ("B", "s1"), ("B", "s2")]


def _col(frame: pd.DataFrame, col: str) -> np.ndarray:
    return frame.set_index(["region", "sector"]).loc[ORDER, col].to_numpy(dtype=float)


def test_leontief_inverse_and_output(toy):
    sys_ = solve(toy)
    L = sys_.L.loc[ORDER, ORDER].to_numpy()
    expected = np.eye(4)
    expected[0, 1], expected[0, 2], expected[3, 0] = 0.2, 0.1, 0.1
    expected[3, 1], expected[3, 2] = 0.02, 0.01
    np.testing.assert_allclose(L, expected, atol=1e-12)
    x = L @ sys_.Y.loc[ORDER].sum(axis=1).to_numpy()
    np.testing.assert_allclose(x, [100.0] * 4)


def test_value_added_coefficients_and_multipliers(toy):
    ind = compute_indicators(toy)
    np.testing.assert_allclose(_col(ind, "value_added"), [90, 80, 90, 100])
    np.testing.assert_allclose(_col(ind, "va_coefficient"), [0.9, 0.8, 0.9, 1.0])
    # domestic VA per unit of final demand: A: v_A B_AA = (.9, .18 + .8); B: (.9 + .01, 1)
    np.testing.assert_allclose(_col(ind, "va_multiplier"), [0.9, 0.98, 0.91, 1.0])
    # pymrio's VA multipliers v L: all value added is somewhere, so 1 per unit
    M = solve(toy).value_added.M.to_numpy().ravel()
    np.testing.assert_allclose(M, 1.0)
    np.testing.assert_allclose(_col(ind, "output_multiplier"), [1.1, 1.22, 1.11, 1.0])


def test_exports_and_sector_decomposition(toy):
    dec = export_decomposition(io_arrays(solve(toy))).loc[ORDER]
    np.testing.assert_allclose(dec["exports"], [30, 40, 30, 10])
    np.testing.assert_allclose(dec["dva"], [27, 39.2, 27, 10])
    np.testing.assert_allclose(dec["ddc"], [0, 0, 0.3, 0], atol=1e-12)
    np.testing.assert_allclose(dec["fva_final"], [2, 0.8, 2.7, 0], atol=1e-12)
    np.testing.assert_allclose(dec["fva_intermediate"], [0.7, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(dec["fdc"], [0.3, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(dec["residual"], 0.0, atol=1e-12)


def test_kww_nine_terms(toy):
    k = kww_terms(io_arrays(solve(toy)))
    a, b = k.loc["A"], k.loc["B"]
    expected_a = [70, 57.2, 6.3, 0, 2.7, 0, 0, 2.8, 0.7, 0.3]
    expected_b = [40, 27.3, 6.2, 0, 2.8, 0.7, 0.3, 2.7, 0, 0]
    cols = ["exports", *[f"t{i}" for i in range(1, 10)]]
    np.testing.assert_allclose(a[cols].to_numpy(dtype=float), expected_a, atol=1e-12)
    np.testing.assert_allclose(b[cols].to_numpy(dtype=float), expected_b, atol=1e-12)
    assert a["vax"] == pytest.approx(63.5)
    assert b["dva"] == pytest.approx(37.0)


def test_vax_participation_position(toy):
    ind = compute_indicators(toy)
    # value added absorbed abroad: A.s1 .9 * (20 + .2*40 + .1*70) = 31.5; A.s2 .8*40 = 32
    # B.s1 .9 * 30 = 27; B.s2 1 * (.1*50 + .02*60 + .01*30) = 6.5
    np.testing.assert_allclose(_col(ind, "vax"), [31.5, 32, 27, 6.5])
    np.testing.assert_allclose(_col(ind, "vax_ratio"), [1.05, 0.8, 0.9, 0.65])
    np.testing.assert_allclose(_col(ind, "gvc_backward"), [0.1, 0.02, 0.09, 0.0], atol=1e-12)
    # two regions: no third country, so no indirect value-added exports
    np.testing.assert_allclose(_col(ind, "gvc_forward"), 0.0, atol=1e-12)
    np.testing.assert_allclose(
        _col(ind, "gvc_position"), -np.log1p([0.1, 0.02, 0.09, 0.0]), atol=1e-12
    )
    np.testing.assert_allclose(_col(ind, "dva_share"), [0.9, 0.98, 0.9, 1.0])


def test_upstreamness_downstreamness(toy):
    # U = 1 + sum_j (Z_ij / x_i) U_j: A.s1 = 1 + .2*1 + .1*1 = 1.3; B.s2 = 1 + .1*1.3 = 1.13
    np.testing.assert_allclose(upstreamness(toy).loc[ORDER], [1.3, 1.0, 1.0, 1.13])
    np.testing.assert_allclose(downstreamness(toy).loc[ORDER], [1.1, 1.22, 1.11, 1.0])


def test_slicing_final_output(toy):
    sl = slice_final_output(io_arrays(solve(toy)), regions=["A"])
    got = sl.set_index(["product", "origin_region"])
    # A.s2 final output 100: 98 added in A (.18 + .8), 2 in B (.02)
    assert got.loc[("s2", "A"), "value_added"] == pytest.approx(98.0)
    assert got.loc[("s2", "B"), "share"] == pytest.approx(0.02)
    # A.s1 final output 70: 63 in A, 7 in B
    assert got.loc[("s1", "A"), "value_added"] == pytest.approx(63.0)
    grp = slice_final_output(io_arrays(solve(toy)), regions=["A"], group="all")
    assert grp.set_index("origin_region").loc["B", "value_added"] == pytest.approx(9.0)
    assert grp["share"].sum() == pytest.approx(1.0)


def test_demand_shock_hand(toy):
    # consumers in B buy 50 % less of A.s2: dy = -20; dx = L[:, A.s2] * -20
    res = demand_shock(toy, [DemandShock("A", "s2", -0.5, ("B",))])
    np.testing.assert_allclose(_col(res, "d_output"), [-4, -20, 0, -0.4], atol=1e-12)
    np.testing.assert_allclose(_col(res, "d_value_added"), [-3.6, -16, 0, -0.4], atol=1e-12)
    np.testing.assert_allclose(_col(res, "d_output_pct"), [-4, -20, 0, -0.4], atol=1e-12)


def test_supply_shock_hand(toy):
    # B.s2 output falls 30 %: G = L here, G[B.s2, B.s2] = 1, so dw = -30 and
    # dx = -30 * L[B.s2, :] = (-3, -.6, -.3, -30)
    res = supply_shock(toy, [SupplyShock("B", "s2", -0.3, "output")])
    np.testing.assert_allclose(_col(res, "d_output"), [-3, -0.6, -0.3, -30], atol=1e-12)
    res2 = supply_shock(toy, [SupplyShock("B", "s2", -0.1, "primary_input")])
    np.testing.assert_allclose(_col(res2, "d_output"), [-1, -0.2, -0.1, -10], atol=1e-12)


def test_supply_shock_rejects_unknown(toy):
    with pytest.raises(KeyError, match="no region-sector"):
        supply_shock(toy, [SupplyShock("C", "s1", -0.1)])


def test_iv_zero_and_aggregate(toy):
    assert indirect_va_exports(io_arrays(solve(toy))).abs().max() == pytest.approx(0.0)
    agg = aggregate_indicators(compute_indicators(toy)).set_index("region")
    assert agg.loc["A", "exports"] == pytest.approx(70.0)
    assert agg.loc["A", "dva_share"] == pytest.approx(66.2 / 70)
    # output-weighted upstreamness of A: (1.3 + 1.0) / 2
    assert agg.loc["A", "upstreamness"] == pytest.approx(1.15)


def test_analyse_shares_work(toy):
    from chainchief.mrio.indicators import analyse

    res = analyse(toy, slice_groups={"all": ["s1", "s2"]})
    assert set(res) == {"indicators", "kww", "slicing"}
    assert res["kww"].set_index("region").loc["A", "t1"] == pytest.approx(57.2)
    sl = res["slicing"].set_index(["product_region", "origin_region"])
    # final output of A (170): 63 + 98 added in A
    assert sl.loc[("A", "A"), "value_added"] == pytest.approx(161.0)
