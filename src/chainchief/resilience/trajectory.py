"""Resilience metrics of one shock trajectory (concepts.md section 6): the one definition
used for simulation runs (:func:`chainchief.simulation.metrics.resilience_metrics`) and
for tables of simulated or observed series (:func:`chainchief.resilience.
simulation_resilience`).

Following Martin and Sunley (2014) and Martin (2012): the *resistance* of a group is its
initial impact (peak loss, resistance index against a reference), its *recoverability*
the time to get back to the baseline and the level reached (hysteresis when below 1);
from a simulation also the cumulative loss and the share of lost supply that substitute
suppliers replaced within a window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["TRAJECTORY_METRICS", "resistance_index", "trajectory_metrics"]

#: The metrics of :func:`trajectory_metrics` and what they mean ("day" is one time step
#: of the series: a day in the simulation, a year in an annual table).
TRAJECTORY_METRICS: dict[str, str] = {
    "peak_loss": "Largest shortfall of output below baseline after the shock (share).",
    "peak_day": "Day of the peak loss.",
    "cumulative_loss": "Sum over days of the shortfall below baseline (baseline-days).",
    "cumulative_loss_value": "Sum over days of the shortfall below baseline (value).",
    "time_to_recover": "Days from the shock start until output stays within tolerance "
    "of the baseline to the end of the run (NaN: never).",
    "post_shock_level": "Mean output over the last post_window days / baseline.",
    "replaced_share": "Deliveries of substitute links / supply lost on original links, "
    "within within_days of the shock start.",
    "resistance_index": "Martin (2012): (dE_R/E_R - dE_N/E_N) / |dE_N/E_N| from the shock "
    "start to the trough of the reference N (in a simulation: all firms).",
    "recovery_index": "Same form from the trough of N to the end of the run.",
}


def resistance_index(change_r: float, change_n: float) -> float:
    """Martin (2012): ``(change_r - change_n) / |change_n|``; NaN when N did not change.

    >>> resistance_index(-0.05, -0.10)  # R lost half as much as N: positive = resistant
    0.5
    """
    if change_n == 0 or not math.isfinite(change_n):
        return float("nan")
    return (change_r - change_n) / abs(change_n)


def _as_path(b: float | np.ndarray, n: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(b, dtype=float), (n,))


def trajectory_metrics(
    value: np.ndarray,
    baseline: float | np.ndarray,
    *,
    t: np.ndarray | None = None,
    shock_start: float = 0,
    tolerance: float = 0.01,
    post_window: int = 30,
    within: float = 30,
    reference: np.ndarray | None = None,
    reference_baseline: float | np.ndarray | None = None,
    lost: np.ndarray | None = None,
    replaced: np.ndarray | None = None,
    replaced_labels: Sequence[str] = (),
) -> dict[str, float]:
    """The metrics of :data:`TRAJECTORY_METRICS` for one series.

    Parameters
    ----------
    value
        The group's output (or employment) at each step, in time order.
    baseline
        Its no-shock level: a number, or a path of the same length.
    t
        Time of each step (default 0, 1, ...); days and windows are in its units.
    shock_start
        Time the shock starts: the peak, losses and recovery are counted from the first
        step at or after it.
    tolerance
        A shortfall up to this share of the baseline counts as recovered (default 1 %).
    post_window
        Last steps averaged for the post-shock level (default 30).
    within
        Window after the shock start for ``replaced_share`` (default 30, in ``t`` units).
    reference, reference_baseline
        Series N and its baseline for the resistance and recovery indices (the
        simulation uses the whole network). Without them N is the baseline path: the
        resistance index is then NaN (N never falls below itself), and the recovery
        index compares R's change from N's trough to the end with the baseline path's
        (NaN when the path is flat over that period).
    lost, replaced
        Supply lost on original links and delivered by substitutes at each step (for
        ``replaced_share``; NaN without them or when nothing was lost). ``replaced``
        may have one column per label of ``replaced_labels`` (the simulation: one per
        scale); ``replaced_share`` is then their total and ``replaced_share_<label>``
        each column's share, over the same window.
    """
    x = np.asarray(value, dtype=float)
    n = len(x)
    tt = np.arange(n, dtype=float) if t is None else np.asarray(t, dtype=float)
    b = _as_path(baseline, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(b > 0, x / b, 1.0)
    loss = 1.0 - ratio
    after = tt >= shock_start
    s = int(np.argmax(after)) if after.any() else n
    lpos = np.where(after, loss, -np.inf)
    peak_i = int(np.argmax(lpos)) if after.any() else 0
    peak = float(max(lpos[peak_i], 0.0)) if after.any() else 0.0
    short = np.clip(loss, 0.0, None) * after
    # First step from which output stays within tolerance to the end of the series.
    bad_after = np.flatnonzero((np.abs(loss) > tolerance) & after)
    if peak <= tolerance or not len(bad_after):
        ttr = 0.0
    elif bad_after[-1] == n - 1:
        ttr = math.nan
    else:
        ttr = float(tt[bad_after[-1] + 1] - tt[s])
    pw = min(post_window, n)
    out: dict[str, float] = {
        "peak_loss": peak,
        "peak_day": float(tt[peak_i]) if n else math.nan,
        "cumulative_loss": float(short.sum()),
        "cumulative_loss_value": float((short * b).sum()),
        "time_to_recover": ttr,
        "post_shock_level": float(ratio[-pw:].mean()) if pw else math.nan,
        "replaced_share": math.nan,
    }
    out |= {f"replaced_share_{k}": math.nan for k in replaced_labels}
    if lost is not None and replaced is not None and s < n:
        win = after & (tt < tt[s] + within)
        lo = float(np.asarray(lost, dtype=float)[win].sum())
        rep = np.asarray(replaced, dtype=float)
        total = rep.sum(axis=1) if rep.ndim == 2 else rep
        out["replaced_share"] = float(total[win].sum()) / lo if lo > 0 else math.nan
        if len(replaced_labels):
            by_label = rep.reshape(n, -1)[win].sum(axis=0)
            for k, v in zip(replaced_labels, by_label, strict=True):
                out[f"replaced_share_{k}"] = float(v) / lo if lo > 0 else math.nan
    # Resistance and recovery against the reference N, at N's trough.
    xn = np.array(b) if reference is None else np.asarray(reference, dtype=float)
    bn = (
        b
        if reference is None
        else _as_path(reference_baseline if reference_baseline is not None else xn[0], n)
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ln = np.where(after, 1.0 - xn / bn, -np.inf)
        trough = int(np.argmax(ln)) if after.any() else 0
        ch_n = float(xn[trough] / bn[trough] - 1.0) if n and bn[trough] > 0 else math.nan
        ch_r = float(ratio[trough] - 1.0) if n else math.nan
        rec_n = float(xn[-1] / xn[trough] - 1.0) if n and xn[trough] > 0 else math.nan
        rec_r = float(x[-1] / x[trough] - 1.0) if n and x[trough] > 0 else math.nan
    out["resistance_index"] = resistance_index(ch_r, ch_n)
    out["recovery_index"] = resistance_index(rec_r, rec_n)
    return out
