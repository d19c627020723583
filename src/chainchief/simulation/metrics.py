"""Resilience metrics of a simulation run (concepts.md section 6).

The metrics are defined once, in :mod:`chainchief.resilience.trajectory`; this module
picks a run's series for them (the group's output, the whole network as the reference,
lost and replaced supply by scale) and compares runs with and without the ICCM lever.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainchief.resilience.trajectory import (
    TRAJECTORY_METRICS,
    resistance_index,
    trajectory_metrics,
)
from chainchief.simulation.network import Network
from chainchief.simulation.params import SCALES
from chainchief.simulation.result import SimResult

__all__ = ["METRIC_DOC", "group_output", "iccm_effect", "resilience_metrics", "resistance_index"]

#: What each metric of :func:`resilience_metrics` means (``replaced_share_<scale>``
#: splits ``replaced_share`` by the substitutes' scale).
METRIC_DOC: dict[str, str] = TRAJECTORY_METRICS


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
    return trajectory_metrics(
        x,
        base,
        shock_start=shock_start,
        tolerance=tolerance,
        post_window=post_window,
        within=within_days,
        reference=res.output,
        reference_baseline=float(net.x0.sum()),
        lost=res.lost_supply,
        replaced=res.replaced,
        replaced_labels=SCALES,
    )


def iccm_effect(without: pd.DataFrame, with_: pd.DataFrame) -> pd.DataFrame:
    """ICCM effect = metric with the lever minus metric without it, per run.

    Both frames have a ``run`` column and one column per metric.
    """
    a = without.set_index("run")
    b = with_.set_index("run")
    cols = [c for c in a.columns if c in b.columns and pd.api.types.is_numeric_dtype(a[c])]
    return (b[cols] - a[cols]).reset_index()
