"""Resilience metrics of a simulated shock trajectory (concepts.md section 6).

Input is a long table of simulated values over time: columns ``t`` (step or year),
``value`` and either ``baseline`` (the no-shock path) or a scalar baseline; an optional
``run`` column holds ensemble members. Metrics per run:

* ``peak_loss``: largest shortfall below the baseline, as a share of the baseline;
* ``peak_t``: when it happened;
* ``cumulative_loss``: sum over steps of the shortfall (baseline units × steps);
* ``time_to_recover``: steps from the first shortfall to the first later step at or
  above ``(1 − tolerance) ×`` baseline (NaN when it never recovers);
* ``level_after``: last value / baseline (hysteresis: below 1 means a lasting loss);
* ``resistance`` and ``recovery``: Martin's indices of the simulated series against the
  baseline series over shock-to-trough and trough-to-end (NaN when the baseline is
  flat over the period, since the index divides by the reference change);
* ``replaced_share`` (when ``lost`` and ``replaced`` columns are present): share of the
  lost supply replaced by the end of the horizon.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chainchief.resilience.indices import change_index

__all__ = ["SIMULATION_METRICS", "from_simulation_totals", "simulation_resilience"]

SIMULATION_METRICS = [
    "peak_loss",
    "peak_t",
    "cumulative_loss",
    "time_to_recover",
    "level_after",
    "resistance",
    "recovery",
    "replaced_share",
]


def _one(g: pd.DataFrame, baseline: float | None, tolerance: float) -> dict[str, float]:
    g = g.sort_values("t")
    t = g["t"].to_numpy(dtype=float)
    v = g["value"].to_numpy(dtype=float)
    if "baseline" in g:
        b = g["baseline"].to_numpy(dtype=float)
    elif baseline is not None:
        b = np.full_like(v, float(baseline))
    else:
        b = np.full_like(v, v[0])
    short = np.clip(b - v, 0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(b > 0, short / b, 0.0)
    k = int(np.argmax(rel))
    peak = float(rel[k])
    out = {
        "peak_loss": peak,
        "peak_t": float(t[k]) if peak > 0 else math.nan,
        "cumulative_loss": float(short.sum()),
        "time_to_recover": math.nan,
        "level_after": float(v[-1] / b[-1]) if b[-1] > 0 else math.nan,
        "resistance": math.nan,
        "recovery": math.nan,
        "replaced_share": math.nan,
    }
    if peak > 0:
        first = int(np.argmax(short > tolerance * b))
        ok = np.flatnonzero((np.arange(len(v)) > k) & (v >= (1 - tolerance) * b))
        if ok.size:
            out["time_to_recover"] = float(t[ok[0]] - t[first])
        start = max(first - 1, 0)
        ser = pd.Series(v, index=np.arange(len(v)))
        ref = pd.Series(b, index=np.arange(len(v)))
        out["resistance"] = change_index(ser, ref, start, k)["index"]
        if k < len(v) - 1:
            out["recovery"] = change_index(ser, ref, k, len(v) - 1)["index"]
    if "lost" in g and "replaced" in g:
        lost = float(g["lost"].sum())
        out["replaced_share"] = float(g["replaced"].sum()) / lost if lost > 0 else math.nan
    return out


def from_simulation_totals(totals: pd.DataFrame, series: str = "focal") -> pd.DataFrame:
    """Turn ``totals.parquet`` written by ``chainchief simulate`` into the long table.

    ``series`` picks the focal group's output (``"focal"``: ``focal_output`` against
    ``focal_baseline``, the default) or the whole network's (``"total"``: ``output``
    against ``baseline_output``). Runs are labelled ``RUN/VARIANT`` (e.g. ``0/iccm``);
    ``lost`` and ``replaced`` come from ``lost_supply`` and the ``replaced_*`` columns.
    """
    value, base = {
        "focal": ("focal_output", "focal_baseline"),
        "total": ("output", "baseline_output"),
    }[series]
    for c in ("day", value, base):
        if c not in totals:
            raise ValueError(f"simulation totals need a {c!r} column")
    out = pd.DataFrame({"t": totals["day"], "value": totals[value], "baseline": totals[base]})
    run = totals["run"].astype(str) if "run" in totals else pd.Series("0", index=totals.index)
    if "variant" in totals:
        run = run + "/" + totals["variant"].astype(str)
    out["run"] = run
    replaced = [c for c in totals.columns if c.startswith("replaced_")]
    if "lost_supply" in totals and replaced:
        out["lost"] = totals["lost_supply"]
        out["replaced"] = totals[replaced].sum(axis=1)
    return out


def simulation_resilience(
    output: pd.DataFrame, *, baseline: float | None = None, tolerance: float = 0.01
) -> pd.DataFrame:
    """Resilience metrics of simulated trajectories, one row per run.

    Parameters
    ----------
    output
        Long table with ``t`` and ``value`` (and optionally ``baseline``, ``run``,
        ``lost``, ``replaced``), or the ``totals.parquet`` of ``chainchief simulate``
        (read through :func:`from_simulation_totals`).
    baseline
        Scalar baseline when the table has no ``baseline`` column; default the first
        value of each run.
    tolerance
        Relative shortfall still counted as recovered (default 0.01 = 1 %).

    Returns
    -------
    DataFrame
        ``run`` and :data:`SIMULATION_METRICS`.
    """
    if "t" not in output and "day" in output and "focal_output" in output:
        output = from_simulation_totals(output)
    for c in ("t", "value"):
        if c not in output:
            raise ValueError(f"simulation output needs a {c!r} column")
    runs = output["run"] if "run" in output else pd.Series(0, index=output.index)
    rows = [{"run": r, **_one(g, baseline, tolerance)} for r, g in output.groupby(runs, sort=True)]
    return pd.DataFrame(rows, columns=["run", *SIMULATION_METRICS])
