"""A network of region-sector agents from a multi-regional input-output table.

Each row of the table (a region-sector, e.g. ``CHN.c14``) becomes one agent; every
non-zero intermediate flow ``Z[i, j]`` a link from ``i`` to ``j`` of the segment of
``i``; final use ``Y[i, r]`` the final demand of ``i`` in market ``r``. Regions are
national units under one world root, so flows within a country relate at the national
scale and all others at the global scale. Used by the peer comparison with BoARIO.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainchief.simulation.network import Network, sort_links
from chainchief.simulation.params import SCALES, SimParams

__all__ = ["network_from_io", "split_labels"]


def split_labels(labels: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """``REGION.sector`` labels (or a 2-level MultiIndex) -> (regions, sectors)."""
    if isinstance(labels, pd.MultiIndex):
        return (
            labels.get_level_values(0).astype(str).to_numpy(),
            labels.get_level_values(1).astype(str).to_numpy(),
        )
    parts = [str(x).split(".", 1) for x in labels]
    return np.array([p[0] for p in parts]), np.array([p[1] for p in parts])


def network_from_io(
    z: pd.DataFrame,
    y: pd.DataFrame,
    params: SimParams | None = None,
    *,
    token_final_demand: float = 1e-6,
) -> Network:
    """Build a :class:`Network` from intermediate use ``z`` and final use ``y``.

    Parameters
    ----------
    z
        Square table, rows suppliers and columns users, labelled ``REGION.sector``.
    y
        Final use, rows as ``z``, columns ``REGION.category`` (summed by region).
    params
        Model parameters (inventory targets, capacity headroom, lead times).
    token_final_demand
        Final demand (table units per year) given to agents with no output.

    Notes
    -----
    Negative final use (inventory drawdowns) is set to zero. Values are yearly and the
    model runs in days (/365).
    """
    p = params or SimParams()
    reg, sec = split_labels(z.index)
    n = len(reg)
    regions = np.unique(reg)
    region_ids = np.concatenate([["WORLD"], regions]).astype(object)
    rpos = {r: i for i, r in enumerate(region_ids)}
    units = np.full((len(SCALES), len(region_ids)), -1, dtype=np.int64)
    units[SCALES.index("global"), :] = 0
    for i in range(1, len(region_ids)):
        units[SCALES.index("national"), i] = i
    firm_region = np.array([rpos[r] for r in reg], dtype=np.int64)
    sectors = np.unique(sec)
    spos = {s: i for i, s in enumerate(sectors)}
    fseg = np.array([spos[s] for s in sec], dtype=np.int64)

    zv = np.asarray(z.to_numpy(dtype=float), dtype=float)
    sup, buy = np.nonzero(zv > 0)
    flow = zv[sup, buy] / 365.0
    yreg, _ = split_labels(y.columns)
    yv = np.clip(np.asarray(y.to_numpy(dtype=float), dtype=float), 0.0, None)
    markets = np.unique(yreg)
    ysum = np.stack([yv[:, yreg == m].sum(axis=1) for m in markets], axis=1) / 365.0
    sf, sm = np.nonzero(ysum > 0)
    sale_firm, sale_value = sf.astype(np.int64), ysum[sf, sm]
    sale_market = np.array([rpos[m] for m in markets[sm]], dtype=np.int64)
    inter_out = np.bincount(sup, flow, minlength=n)
    final = np.bincount(sale_firm, sale_value, minlength=n)
    zero = np.flatnonzero(inter_out + final <= 0)
    if len(zero):
        inputs = np.bincount(buy, flow, minlength=n)
        tok = np.maximum(inputs[zero], token_final_demand / 365.0)
        sale_firm = np.concatenate([sale_firm, zero])
        sale_market = np.concatenate([sale_market, firm_region[zero]])
        sale_value = np.concatenate([sale_value, tok])
    x0 = inter_out + np.bincount(sale_firm, sale_value, minlength=n)
    nseg = len(sectors)
    key = buy.astype(np.int64) * nseg + fseg[sup]
    uniq, link_pair = np.unique(key, return_inverse=True)
    pair_buyer, pair_seg = uniq // nseg, uniq % nseg
    pair_flow = np.bincount(link_pair, flow, minlength=len(uniq))
    net = Network(
        firm_ids=np.asarray(z.index.astype(str), dtype=object),
        firm_region=firm_region,
        region_ids=region_ids,
        region_units=units,
        x0=x0,
        cap=x0 * (1.0 + p.capacity_headroom),
        size_class=np.full(n, "large", dtype=object),
        primary_segment=fseg,
        segment_keys=np.array([f"io/{s}" for s in sectors], dtype=object),
        segment_ids=sectors.astype(object),
        segment_chain=np.full(nseg, "io", dtype=object),
        fs_firm=np.arange(n, dtype=np.int64),
        fs_seg=fseg,
        sale_firm=sale_firm,
        sale_market=sale_market,
        sale_value=sale_value,
        pair_buyer=pair_buyer.astype(np.int64),
        pair_seg=pair_seg.astype(np.int64),
        pair_a=pair_flow / x0[pair_buyer],
        pair_days=np.full(len(uniq), p.inventory_days),
        pair_critical=np.array(
            [sectors[s] not in set(p.noncritical_segments) for s in pair_seg], dtype=bool
        ),
        link_sup=sup.astype(np.int64),
        link_pair=link_pair.astype(np.int64),
        link_w0=flow / pair_flow[link_pair],
        link_lead=np.zeros(len(sup), dtype=np.int64),
        link_scale=np.zeros(len(sup), dtype=np.int8),
        link_chain=np.full(len(sup), "io", dtype=object),
    )
    net.link_scale = net.relation_scale_idx(net.link_sup, pair_buyer[link_pair])
    net.link_lead = np.asarray(p.lead_time_by_scale, dtype=np.int64)[net.link_scale]
    return sort_links(net)
