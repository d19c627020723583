"""Resilience metrics of a simulation run (concepts.md section 6).

Following Martin and Sunley (2014) and Martin (2012): the *resistance* of a group of
firms is its initial impact (peak loss, resistance index against a reference), its
*recoverability* the time to get back to the baseline and the level reached after it
(hysteresis when below 1). From the simulation also: cumulative loss and the share of
lost supply that substitute suppliers replaced within ``within_days``, by scale.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chainchief.simulation.network import Network
from chainchief.simulation.params import SCALES
from chainchief.simulation.result import SimResult

__all__ = ["METRIC_DOC", "group_output", "iccm_effect", "resilience_metrics", "resistance_index"]

METRIC_DOC: dict[str, str] = {
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
    "start to the trough of the reference N (all firms).",
    "recovery_index": "Same form from the trough of N to the end of the run.",
}


def group_output(res: SimResult, net: Network, firm_mask: np.ndarray | None) -> np.ndarray:
    """Daily output of the firms in ``firm_mask`` (all firms when None).

    Exact in every case or an error: from the per-firm series when recorded, else from the
    run's focal series when it was recorded for the same group, else from the output by
    region when the group is a union of whole leaf regions. Region totals are never used
    for a group that leaves out some firms of its regions (e.g. focal segments): that
    would compare the output of all the region's firms with the baseline of a subset.

    Raises
    ------
    ValueError
        When the group's output cannot be recovered exactly from what the run recorded.
    """
    if firm_mask is None:
        return res.output
    mask = np.asarray(firm_mask, dtype=bool)
    if res.firm_output is not None:
        return np.asarray(res.firm_output[:, mask].sum(axis=1))
    if (
        res.focal_output is not None
        and res.focal_mask is not None
        and np.array_equal(res.focal_mask, mask)
    ):
        return np.asarray(res.focal_output)
    regs = np.unique(net.firm_region[mask])
    if np.array_equal(np.isin(net.firm_region, regs), mask):
        return np.asarray(res.output_by_region[:, regs].sum(axis=1))
    raise ValueError(
        "the group's output was not recorded: run with record_firms=True or with "
        "focal=<the same mask>, or use a group made of whole regions"
    )


def resistance_index(change_r: float, change_n: float) -> float:
    """Martin (2012): ``(change_r - change_n) / |change_n|``; NaN when N did not change.

    >>> resistance_index(-0.05, -0.10)  # R lost half as much as N: positive = resistant
    0.5
    """
    if change_n == 0 or not math.isfinite(change_n):
        return float("nan")
    return (change_r - change_n) / abs(change_n)


def resilience_metrics(
    res: SimResult,
    net: Network,
    *,
    shock_start: int = 0,
    firm_mask: np.ndarray | None = None,
    within_days: int = 30,
    tolerance: float = 0.01,
    post_window: int = 30,
) -> dict[str, float]:
    """Resilience metrics of one run for the firms in ``firm_mask`` (default all).

    Parameters
    ----------
    res, net
        The run and its network.
    shock_start
        First day of the shock (the contraction period starts there).
    firm_mask
        Boolean over firms: the group R (e.g. the focal region's firms).
    within_days
        Window for the share of lost supply replaced by substitutes (default 30 days).
    tolerance
        Output within this share of the baseline counts as recovered (default 1 %).
    post_window
        Days at the end of the run averaged for the post-shock level (default 30).

    Returns
    -------
    dict
        The keys of :data:`METRIC_DOC`, plus ``replaced_share_<scale>`` for each scale.
    """
    x = group_output(res, net, firm_mask)
    base = float(net.x0[firm_mask].sum() if firm_mask is not None else net.x0.sum())
    ratio = x / base if base > 0 else np.ones_like(x)
    loss = 1.0 - ratio
    after = np.arange(len(x)) >= shock_start
    lpos = np.where(after, loss, -np.inf)
    peak_day = int(np.argmax(lpos)) if after.any() else 0
    peak = float(max(lpos[peak_day], 0.0)) if after.any() else 0.0
    short = np.clip(loss, 0.0, None) * after
    ok = np.abs(loss) <= tolerance
    # First day from which output stays within tolerance to the end of the run.
    bad_after = np.flatnonzero(~ok & after)
    if peak <= tolerance:
        ttr = 0.0
    elif len(bad_after) and bad_after[-1] == len(x) - 1:
        ttr = float("nan")
    else:
        ttr = float(bad_after[-1] + 1 - shock_start) if len(bad_after) else 0.0
    pw = min(post_window, len(x))
    out: dict[str, float] = {
        "peak_loss": peak,
        "peak_day": float(peak_day),
        "cumulative_loss": float(short.sum()),
        "cumulative_loss_value": float(short.sum() * base),
        "time_to_recover": ttr,
        "post_shock_level": float(ratio[-pw:].mean()),
    }
    win = slice(shock_start, shock_start + within_days)
    lost = float(res.lost_supply[win].sum())
    repl = res.replaced[win].sum(axis=0)
    out["replaced_share"] = float(repl.sum() / lost) if lost > 0 else float("nan")
    for k, s in enumerate(SCALES):
        out[f"replaced_share_{s}"] = float(repl[k] / lost) if lost > 0 else float("nan")
    # Resistance and recovery against the whole network.
    xn = res.output
    bn = float(net.x0.sum())
    ln = np.where(after, 1.0 - xn / bn, -np.inf)
    trough = int(np.argmax(ln)) if after.any() else 0
    ch_n = float(xn[trough] / bn - 1.0)
    ch_r = float(ratio[trough] - 1.0)
    out["resistance_index"] = resistance_index(ch_r, ch_n)
    rec_n = float(xn[-1] / xn[trough] - 1.0) if xn[trough] > 0 else float("nan")
    rec_r = float(x[-1] / x[trough] - 1.0) if x[trough] > 0 else float("nan")
    out["recovery_index"] = resistance_index(rec_r, rec_n)
    return out


def iccm_effect(without: pd.DataFrame, with_: pd.DataFrame) -> pd.DataFrame:
    """ICCM effect = metric with the lever minus metric without it, per run.

    Both frames have a ``run`` column and one column per metric.
    """
    a = without.set_index("run")
    b = with_.set_index("run")
    cols = [c for c in a.columns if c in b.columns and pd.api.types.is_numeric_dtype(a[c])]
    return (b[cols] - a[cols]).reset_index()
