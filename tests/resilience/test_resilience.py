"""Resistance/recovery, shift-share and simulation metrics against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.resilience import (
    ResilienceParams,
    analyse_resilience,
    change_index,
    detect_periods,
    indicator_series,
    resilience_indices,
    shift_share,
    shift_share_components,
    simulation_resilience,
)


def _ind() -> pd.DataFrame:
    # R falls 10 % (100 -> 90) while N falls 5 % (1000 -> 950), then R recovers to 99,
    # N to 1000.
    rows = []
    for y, r, n in [(2007, 100, 1000), (2008, 90, 950), (2009, 99, 1000), (2010, 99, 990)]:
        rows += [("R", "output", y, float(r), None), ("N", "output", y, float(n), None)]
    # industry rows (shift-share), employment
    for reg, y, a, b in [
        ("R", 2007, 60, 40),
        ("R", 2008, 50, 40),
        ("N", 2007, 600, 400),
        ("N", 2008, 540, 410),
    ]:
        rows += [(reg, "employment", y, float(a), "A"), (reg, "employment", y, float(b), "B")]
    rows.append(("R", "output", 2008, 5.0, "A"))  # industry row: ignored for the total
    return pd.DataFrame(rows, columns=["region_id", "indicator", "year", "value", "industry_code"])


def test_change_index_by_hand():
    r = pd.Series({2007: 100.0, 2008: 90.0})
    n = pd.Series({2007: 1000.0, 2008: 950.0})
    out = change_index(r, n, 2007, 2008)
    assert out["region_change"] == pytest.approx(-0.10)
    assert out["reference_change"] == pytest.approx(-0.05)
    assert out["index"] == pytest.approx((-0.10 + 0.05) / 0.05)  # -1.0
    assert math.isnan(change_index(r, n, 2006, 2008)["index"])
    flat = pd.Series({2007: 5.0, 2008: 5.0})
    assert math.isnan(change_index(r, flat, 2007, 2008)["index"])


def test_indicator_series_prefers_totals():
    s = indicator_series(_ind(), "R", "output")
    assert s.to_dict() == {2007: 100.0, 2008: 90.0, 2009: 99.0, 2010: 99.0}
    emp = indicator_series(_ind(), "R", "employment")  # no totals: industries summed
    assert emp[2007] == 100.0


def test_detect_periods():
    s = pd.Series({2006: 5.0, 2007: 10.0, 2008: 8.0, 2009: 7.0, 2010: 9.0, 2011: 12.0, 2012: 11.0})
    assert detect_periods(s) == [
        ("resistance", 2007, 2009),
        ("recovery", 2009, 2011),
        ("resistance", 2011, 2012),
    ]
    assert detect_periods(s, min_decline=0.15) == [
        ("resistance", 2007, 2009),
        ("recovery", 2009, 2011),
    ]
    assert detect_periods(pd.Series({2000: 1.0, 2001: 2.0})) == []


def test_resilience_indices_given_and_detected():
    given_ = resilience_indices(_ind(), "R", "N", contraction=(2007, 2008), recovery=(2008, 2009))
    res = given_.set_index("index")
    assert res.loc["resistance", "value"] == pytest.approx(-1.0)
    # recovery: R +10 %, N +5.263 %
    n_rec = 50 / 950
    assert res.loc["recovery", "value"] == pytest.approx((0.10 - n_rec) / n_rec)
    assert res.loc["resistance", "interpretation"].startswith("region less resistant")
    det = resilience_indices(_ind(), "R", "N")
    assert list(zip(det["index"], det["start"], det["end"], strict=True)) == [
        ("resistance", 2007, 2008),
        ("recovery", 2008, 2009),
        ("resistance", 2009, 2010),
    ]
    assert (det["detected_on"] == "reference").all()
    with pytest.raises(ValueError, match="no 'jobs' series"):
        resilience_indices(_ind(), "R", "N", params=ResilienceParams(indicator="jobs"))


def test_shift_share_by_hand():
    ss = shift_share(_ind(), "R", "N", 2007, 2008).set_index("industry")
    g = (950 - 1000) / 1000  # -5 %
    assert ss.loc["A", "national_share"] == pytest.approx(60 * g)
    assert ss.loc["A", "industry_mix"] == pytest.approx(60 * (-0.10 - g))
    assert ss.loc["A", "regional_shift"] == pytest.approx(60 * (50 / 60 - 1 - (-0.10)))
    assert ss.loc["B", "industry_mix"] == pytest.approx(40 * (0.025 - g))
    assert ss.loc["total", "change"] == pytest.approx(-10.0)
    parts = ss[["national_share", "industry_mix", "regional_shift"]].sum(axis=1)
    assert np.allclose(parts, ss["change"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        # values are zero or of a real magnitude: a base of 1e-308 makes growth rates
        # overflow to inf, which says nothing about the identity
        st.tuples(*[st.one_of(st.just(0.0), st.floats(1e-3, 1e5))] * 4),
        min_size=1,
        max_size=8,
    )
)
def test_property_shift_share_sums_to_change(rows):
    arr = np.array(rows, dtype=float)
    idx = [f"i{k}" for k in range(len(rows))]
    r0, r1, n0, n1 = (pd.Series(arr[:, j], index=idx) for j in range(4))
    n0 = n0 + r0  # the reference contains the region
    n1 = n1 + r1
    if n0.sum() <= 0:
        with pytest.raises(ValueError):
            shift_share_components(r0, r1, n0, n1)
        return
    out = shift_share_components(r0, r1, n0, n1)
    total = out[["national_share", "industry_mix", "regional_shift"]].sum(axis=1)
    assert np.allclose(total, out["change"], rtol=1e-9, atol=1e-6)
    assert out.loc["total", "change"] == pytest.approx(r1.sum() - r0.sum(), abs=1e-6)
    # national share alone follows the reference's growth
    g = (n1.sum() - n0.sum()) / n0.sum()
    assert out.loc["total", "national_share"] == pytest.approx(r0.sum() * g, rel=1e-9, abs=1e-6)


def test_simulation_metrics_by_hand():
    sim = pd.DataFrame({"t": range(6), "value": [100, 80, 70, 90, 99.5, 99.8], "baseline": 100.0})
    m = simulation_resilience(sim).iloc[0]
    assert m["peak_loss"] == pytest.approx(0.30)
    assert m["peak_day"] == 2
    # Shortfall shares from the shock start (t = 1, the first step 1 % short).
    assert m["cumulative_loss"] == pytest.approx(0.2 + 0.3 + 0.1 + 0.005 + 0.002)
    assert m["cumulative_loss_value"] == pytest.approx(20 + 30 + 10 + 0.5 + 0.2)
    assert m["time_to_recover"] == 3  # from t = 1; within 1 % from t = 4 to the end
    assert m["post_shock_level"] == pytest.approx(np.mean([1, 0.8, 0.7, 0.9, 0.995, 0.998]))
    assert math.isnan(m["resistance_index"])  # no reference: the flat baseline is N
    assert math.isnan(m["replaced_share"])
    # Dipping below tolerance again at the end: not recovered.
    late = simulation_resilience(sim.assign(value=[100, 80, 70, 90, 99.5, 97.0])).iloc[0]
    assert math.isnan(late["time_to_recover"])
    # A given shock start and window (t units).
    given = simulation_resilience(sim, shock_start=0, post_window=2).iloc[0]
    assert given["time_to_recover"] == 4 and given["post_shock_level"] == pytest.approx(0.9965)
    two = pd.concat([sim.assign(run=1), sim.assign(run=2, value=100.0, lost=5.0, replaced=4.0)])
    out = simulation_resilience(two).set_index("run")
    assert out.loc[2, "peak_loss"] == 0.0 and out.loc[2, "time_to_recover"] == 0.0
    assert out.loc[2, "replaced_share"] == pytest.approx(0.8)
    with pytest.raises(ValueError):
        simulation_resilience(pd.DataFrame({"value": [1.0]}))


def test_analyse_resilience_bundles_indices_and_shift_share():
    res = analyse_resilience(
        _ind(), "R", "N", contraction=(2007, 2008), shift_indicator="employment"
    )
    assert res.indices.iloc[0]["value"] == pytest.approx(-1.0)
    assert not res.shift_share.empty
    assert list(res.series.columns) == ["year", "region", "reference"]
