"""Resilience metrics read straight from ``chainchief simulate`` output."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chainchief.resilience import from_simulation_totals, simulation_resilience


def _totals() -> pd.DataFrame:
    days = np.arange(10)
    focal = np.array([10, 10, 8, 6, 7, 9, 10, 10, 10, 10], dtype=float)
    frames = []
    for variant, scale in (("iccm", 1.0), ("no_iccm", 2.0)):
        loss = (10 - focal) * scale
        frames.append(
            pd.DataFrame(
                {
                    "day": days,
                    "output": 100 - loss,
                    "baseline_output": 100.0,
                    "focal_output": 10 - loss,
                    "focal_baseline": 10.0,
                    "lost_supply": loss,
                    "replaced_local": loss / 2,
                    "replaced_national": loss / 4,
                    "run": 0,
                    "variant": variant,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def test_long_table_from_totals() -> None:
    long = from_simulation_totals(_totals())
    assert list(long.columns) == [
        "t",
        "value",
        "baseline",
        "reference",
        "reference_baseline",
        "run",
        "lost",
        "replaced",
    ]
    assert set(long["run"]) == {"0/iccm", "0/no_iccm"}
    first = long[long["run"] == "0/iccm"]
    assert first["replaced"].tolist()[3] == pytest.approx(3.0)  # (10-6) * (1/2 + 1/4)


def test_metrics_from_totals_by_hand() -> None:
    m = simulation_resilience(_totals()).set_index("run")
    # focal output dips to 6 of 10 with ICCM and to 2 of 10 without
    assert m.loc["0/iccm", "peak_loss"] == pytest.approx(0.4)
    assert m.loc["0/no_iccm", "peak_loss"] == pytest.approx(0.8)
    whole = simulation_resilience(from_simulation_totals(_totals(), series="total"))
    assert whole.set_index("run").loc["0/iccm", "peak_loss"] == pytest.approx(0.04)


def test_totals_give_the_runs_own_metrics() -> None:
    """The totals table of a run, read with the run's shock start, gives the metrics
    the simulation computed from the run itself (one definition for both)."""
    from chainchief.simulation import CapacityLoss, SimParams, run
    from chainchief.simulation.metrics import group_output, resilience_metrics
    from chainchief.simulation.synthetic import random_network

    p = SimParams(days=100)
    net = random_network(600, 6000, seed=4, params=p, n_provinces=4, n_pref=3, n_local=2)
    shock = CapacityLoss(regions=["P0"], loss=0.7, start=12, end=40, recovery_days=10)
    res = run(net, p, [shock], seed=0, record_firms=True)
    mask = net.inside(["P1"])[net.firm_region]
    tot = res.totals_frame()
    tot["focal_output"] = group_output(res, net, mask)
    tot["focal_baseline"] = float(net.x0[mask].sum())
    want = resilience_metrics(res, net, shock_start=12, firm_mask=mask)
    got = simulation_resilience(tot, shock_start=12, within=30).iloc[0]
    assert want["peak_loss"] > 0.01 and want["replaced_share"] > 0
    for k in (c for c in got.index if c != "run"):
        np.testing.assert_allclose(got[k], want[k], rtol=1e-9, err_msg=k)
