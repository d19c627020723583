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
    assert list(long.columns) == ["t", "value", "baseline", "run", "lost", "replaced"]
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
