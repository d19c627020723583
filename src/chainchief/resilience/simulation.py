"""Resilience metrics of simulated (or observed) shock trajectories in a table
(concepts.md section 6).

Input is a long table: columns ``t`` (step or year) and ``value``, and optionally
``baseline`` (the no-shock path; else a given number or each run's first value),
``reference`` and ``reference_baseline`` (the series N of the resistance and recovery
indices), ``lost`` and ``replaced`` (supply lost on original links and delivered by
substitutes) and ``run`` (ensemble members). The metrics are those of a simulation run,
defined once in :mod:`chainchief.resilience.trajectory` (:data:`SIMULATION_METRICS`),
so the ``totals.parquet`` of ``chainchief simulate`` read with the run's shock start
gives the numbers of its ``metrics.parquet``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chainchief.resilience.trajectory import TRAJECTORY_METRICS, trajectory_metrics

__all__ = ["SIMULATION_METRICS", "from_simulation_totals", "simulation_resilience"]

#: Columns of :func:`simulation_resilience` besides ``run`` (meanings:
#: :data:`~chainchief.resilience.trajectory.TRAJECTORY_METRICS`).
SIMULATION_METRICS = list(TRAJECTORY_METRICS)


def _one(
    g: pd.DataFrame,
    baseline: float | None,
    tolerance: float,
    shock_start: float | None,
    post_window: int,
    within: float,
) -> dict[str, float]:
    g = g.sort_values("t")
    t = g["t"].to_numpy(dtype=float)
    v = g["value"].to_numpy(dtype=float)
    if "baseline" in g:
        b = g["baseline"].to_numpy(dtype=float)
    elif baseline is not None:
        b = np.full_like(v, float(baseline))
    else:
        b = np.full_like(v, v[0])
    if shock_start is None:
        # The first step short of the baseline by more than the tolerance.
        short = np.flatnonzero(v < (1 - tolerance) * b)
        shock_start = float(t[short[0]]) if len(short) else float(t[0])
    ref = g["reference"].to_numpy(dtype=float) if "reference" in g else None
    ref_b = g["reference_baseline"].to_numpy(dtype=float) if "reference_baseline" in g else None
    has_rep = "lost" in g and "replaced" in g
    return trajectory_metrics(
        v,
        b,
        t=t,
        shock_start=shock_start,
        tolerance=tolerance,
        post_window=post_window,
        within=within,
        reference=ref,
        reference_baseline=ref_b,
        lost=g["lost"].to_numpy(dtype=float) if has_rep else None,
        replaced=g["replaced"].to_numpy(dtype=float) if has_rep else None,
    )


def from_simulation_totals(totals: pd.DataFrame, series: str = "focal") -> pd.DataFrame:
    """Turn ``totals.parquet`` written by ``chainchief simulate`` into the long table.

    ``series`` picks the focal group's output (``"focal"``: ``focal_output`` against
    ``focal_baseline``, the default) or the whole network's (``"total"``: ``output``
    against ``baseline_output``). Runs are labelled ``RUN/VARIANT`` (e.g. ``0/iccm``);
    ``lost`` and ``replaced`` come from ``lost_supply`` and the ``replaced_*`` columns,
    the reference series from the whole network's ``output`` and ``baseline_output``.
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
    if "output" in totals and "baseline_output" in totals:
        out["reference"] = totals["output"]
        out["reference_baseline"] = totals["baseline_output"]
    out["run"] = run
    replaced = [c for c in totals.columns if c.startswith("replaced_")]
    if "lost_supply" in totals and replaced:
        out["lost"] = totals["lost_supply"]
        out["replaced"] = totals[replaced].sum(axis=1)
    return out


def simulation_resilience(
    output: pd.DataFrame,
    *,
    baseline: float | None = None,
    tolerance: float = 0.01,
    shock_start: float | None = None,
    post_window: int = 30,
    within: float = math.inf,
) -> pd.DataFrame:
    """Resilience metrics of simulated trajectories, one row per run.

    Parameters
    ----------
    output
        Long table with ``t`` and ``value`` (and optionally ``baseline``, ``reference``,
        ``reference_baseline``, ``lost``, ``replaced``, ``run``), or the
        ``totals.parquet`` of ``chainchief simulate`` (read through
        :func:`from_simulation_totals`).
    baseline
        Scalar baseline when the table has no ``baseline`` column; default the first
        value of each run.
    tolerance
        Relative shortfall still counted as recovered (default 0.01 = 1 %).
    shock_start
        Time the shock starts (in ``t`` units); default each run's first step short of
        its baseline by more than ``tolerance``.
    post_window
        Last steps averaged for the post-shock level (default 30).
    within
        Window after the shock start for the replaced share (default: to the end; the
        simulation's metrics use 30 days).

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
    rows = [
        {"run": r, **_one(g, baseline, tolerance, shock_start, post_window, within)}
        for r, g in output.groupby(runs, sort=True)
    ]
    return pd.DataFrame(rows, columns=["run", *SIMULATION_METRICS])
