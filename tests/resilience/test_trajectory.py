"""The one definition of a trajectory's resilience metrics, by hand and as properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.resilience.trajectory import (
    TRAJECTORY_METRICS,
    resistance_index,
    trajectory_metrics,
)


def test_metrics_by_hand_with_a_reference_and_years() -> None:
    t = np.array([2006, 2007, 2008, 2009, 2010, 2011, 2012], dtype=float)
    x = np.array([50, 50, 45, 40, 44, 50, 50], dtype=float)  # region R, baseline 50
    n = np.array([1000, 1000, 950, 800, 900, 1000, 1000], dtype=float)  # reference N
    lost = np.array([0, 0, 4, 10, 6, 0, 0], dtype=float)
    rep = np.array([0, 0, 1, 5, 6, 0, 0], dtype=float)
    m = trajectory_metrics(
        x, 50.0, t=t, shock_start=2008, tolerance=0.01, post_window=2, within=2,
        reference=n, reference_baseline=1000.0, lost=lost, replaced=rep,
    )  # fmt: skip
    assert list(m) == list(TRAJECTORY_METRICS)
    assert m["peak_loss"] == pytest.approx(0.2) and m["peak_day"] == 2009
    assert m["cumulative_loss"] == pytest.approx(0.1 + 0.2 + 0.12)
    assert m["cumulative_loss_value"] == pytest.approx(5 + 10 + 6)
    assert m["time_to_recover"] == 3  # within 1 % from 2011 on; shock 2008
    assert m["post_shock_level"] == 1.0
    assert m["replaced_share"] == pytest.approx((1 + 5) / (4 + 10))  # 2008-2009 only
    # N's trough is 2009 (-20 %), where R is at -20 % too: resistance 0; recovery from
    # 2009 to 2012: R +25 %, N +25 %: 0.
    assert m["resistance_index"] == pytest.approx(0.0)
    assert m["recovery_index"] == pytest.approx(0.0)
    # A region that lost half as much as N at N's trough is resistant (+0.5).
    x2 = np.array([50, 50, 48, 45, 47, 50, 50], dtype=float)
    m2 = trajectory_metrics(x2, 50.0, t=t, shock_start=2008, reference=n, reference_baseline=1000)
    assert m2["resistance_index"] == pytest.approx(resistance_index(-0.10, -0.20)) == 0.5
    assert m2["recovery_index"] == pytest.approx(((50 / 45 - 1) - 0.25) / 0.25)


def test_before_the_shock_nothing_counts() -> None:
    x = np.array([60, 100, 90, 100], dtype=float)  # the dip at t = 0 precedes the shock
    m = trajectory_metrics(x, 100.0, shock_start=1)
    assert m["peak_loss"] == pytest.approx(0.1) and m["peak_day"] == 2
    assert m["cumulative_loss"] == pytest.approx(0.1)
    assert m["time_to_recover"] == 2  # shock at 1, within tolerance from 3 to the end
    assert math.isnan(m["resistance_index"])  # no reference: N is the flat baseline
    assert math.isnan(m["replaced_share"])


def test_never_recovering_and_baseline_paths() -> None:
    m = trajectory_metrics(np.array([10, 8, 8, 8.0]), 10.0)
    assert math.isnan(m["time_to_recover"]) and m["post_shock_level"] == pytest.approx(0.85)
    # A growing no-shock path: the shortfall is measured against it step by step.
    path = np.array([10, 11, 12, 13.0])
    m = trajectory_metrics(np.array([10, 11, 9, 13.0]), path)
    assert m["peak_loss"] == pytest.approx(0.25) and m["peak_day"] == 2
    assert m["cumulative_loss_value"] == pytest.approx(3.0) and m["time_to_recover"] == 3
    # Without a reference N is the path: no resistance index; the recovery index compares
    # R's growth from N's trough (t = 0) with the path's (both +30 %).
    assert math.isnan(m["resistance_index"]) and m["recovery_index"] == pytest.approx(0.0)


series = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(series, st.floats(1e-3, 1e6), st.floats(1e-3, 1e3), st.integers(0, 45))
def test_properties(values: list[float], base: float, scale: float, start: int) -> None:
    x = np.asarray(values)
    m = trajectory_metrics(x, base, shock_start=start)
    assert 0.0 <= m["peak_loss"] <= 1.0
    assert m["cumulative_loss"] >= 0.0 and m["cumulative_loss_value"] >= 0.0
    assert math.isnan(m["time_to_recover"]) or m["time_to_recover"] >= 0.0
    if m["peak_loss"] <= 0.01:
        assert m["time_to_recover"] == 0.0
    # Shares do not depend on units; values in value units scale with them.
    s = trajectory_metrics(x * scale, base * scale, shock_start=start)
    for k in ("peak_loss", "cumulative_loss", "post_shock_level", "peak_day"):
        np.testing.assert_allclose(s[k], m[k], rtol=1e-9, atol=1e-12, err_msg=k)
    np.testing.assert_allclose(
        s["cumulative_loss_value"], m["cumulative_loss_value"] * scale, rtol=1e-9, atol=1e-9
    )
