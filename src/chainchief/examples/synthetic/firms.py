"""Segments, firms and firm segments of a synthetic package."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chainchief.examples.synthetic.common import _floor, _join, _lognormal, _pad_ids, _take, _typed
from chainchief.examples.synthetic.constants import (
    _FUNCTIONS,
    _INDUSTRY_WORD,
    _MODE_SHAPES,
    _STAGE_RANK,
    _SYL1,
    _SYL2,
    CHAIN_TEMPLATES,
)
from chainchief.examples.synthetic.params import SyntheticParams
from chainchief.examples.synthetic.regions import _Geo


# --------------------------------------------------------------------------- segments
@dataclass
class _Segs:
    chains: list[str]
    segments: pd.DataFrame
    edges: pd.DataFrame
    chain: np.ndarray  # chain index of each (global) segment
    seg_id: pa.Array
    stage: np.ndarray
    func: np.ndarray
    va: np.ndarray
    weight: np.ndarray
    offset: np.ndarray  # first global segment of each chain
    count: np.ndarray  # segments per chain
    e_from: np.ndarray
    e_to: np.ndarray


def _segments(chains: Sequence[str]) -> _Segs:
    seg_rows: list[list[Any]] = []
    edge_rows: list[tuple[str, str, str]] = []
    e_from: list[int] = []
    e_to: list[int] = []
    offset, count = [], []
    for c in chains:
        segs, edges = CHAIN_TEMPLATES[c]
        pos = {s[0]: len(seg_rows) + i for i, s in enumerate(segs)}
        offset.append(len(seg_rows))
        count.append(len(segs))
        seg_rows += [[c, *s] for s in segs]
        for a, b in edges:
            edge_rows.append((c, a, b))
            e_from.append(pos[a])
            e_to.append(pos[b])
    chain_of = {c: i for i, c in enumerate(chains)}
    cols = list(zip(*seg_rows, strict=True))
    segments = _typed(
        "segments",
        {
            "chain_id": list(cols[0]),
            "segment_id": list(cols[1]),
            "name": list(cols[2]),
            "name_zh": list(cols[3]),
            "stage": list(cols[4]),
            "function": list(cols[5]),
            "va_share": [float(v) for v in cols[6]],
        },
    )
    ecols = list(zip(*edge_rows, strict=True))
    edges_df = _typed(
        "segment_edges",
        {"chain_id": list(ecols[0]), "from_segment": list(ecols[1]), "to_segment": list(ecols[2])},
    )
    return _Segs(
        chains=list(chains),
        segments=segments,
        edges=edges_df,
        chain=np.array([chain_of[c] for c in cols[0]]),
        seg_id=pa.array(list(cols[1]), pa.large_string()),
        stage=np.array([_STAGE_RANK[s] for s in cols[4]]),
        func=np.array([_FUNCTIONS.index(f) for f in cols[5]]),
        va=np.array([float(v) for v in cols[6]]),
        weight=np.array([float(v) for v in cols[7]]),
        offset=np.array(offset),
        count=np.array(count),
        e_from=np.array(e_from),
        e_to=np.array(e_to),
    )


# --------------------------------------------------------------------------- firms
@dataclass
class _Firms:
    n: int
    ids: pa.Array
    chain: np.ndarray
    seg: np.ndarray  # primary (global) segment
    leaf: np.ndarray
    focal: np.ndarray  # bool: in the focal county
    size: np.ndarray  # latent Pareto size
    revenue: np.ndarray
    employees: np.ndarray
    oem: np.ndarray
    is_lead: np.ndarray


def _place(
    rng: np.random.Generator,
    n: int,
    chain: np.ndarray,
    seg: np.ndarray,
    geo: _Geo,
    sg: _Segs,
    p: SyntheticParams,
) -> tuple[np.ndarray, np.ndarray]:
    stage_factor = np.array([1.5, 1.0, 0.5])[sg.stage[seg]]
    abroad = rng.random(n) < np.minimum(1.0, p.foreign_share * stage_factor)
    home = ~abroad
    d_focal = np.count_nonzero(home & (chain == 0))
    d_other = np.count_nonzero(home & (chain != 0))
    denom = d_focal + p.focal_other_chains * d_other
    q0 = min(0.9, p.focal_share * n / denom) if denom > 0 else 0.0
    q = np.where(chain == 0, q0, q0 * p.focal_other_chains)
    focal = home & (rng.random(n) < q)
    leaf = np.full(n, geo.focal_leaf, dtype=np.int64)
    for c in range(len(sg.chains)):  # a handful of chains, not firms
        w = geo.county_w.copy()
        w[geo.focal_leaf] = 0.0  # the focal county is filled above
        w[rng.choice(geo.n_cn, min(p.cluster_counties, geo.n_cn), replace=False)] *= p.cluster_boost
        idx = np.flatnonzero(home & ~focal & (chain == c))
        leaf[idx] = rng.choice(geo.n_cn, len(idx), p=w / w.sum())
    idx = np.flatnonzero(abroad)
    leaf[idx] = geo.n_cn + rng.choice(
        len(geo.foreign_w), len(idx), p=geo.foreign_w / geo.foreign_w.sum()
    )
    return leaf, focal


def _firms(
    rng: np.random.Generator, n: int, geo: _Geo, sg: _Segs, p: SyntheticParams
) -> tuple[_Firms, pd.DataFrame]:
    nch = len(sg.chains)
    cw = np.array(p.chain_weights if p.chain_weights is not None else [2.0] + [1.0] * (nch - 1))
    chain = rng.choice(nch, n, p=cw / cw.sum())
    # primary segment: within-chain cumulative weights shifted by the chain index
    within = np.concatenate(
        [
            np.cumsum(sg.weight[o : o + k]) / sg.weight[o : o + k].sum()
            for o, k in zip(sg.offset, sg.count, strict=True)
        ]
    )
    seg = np.searchsorted(sg.chain + within, chain + rng.random(n), side="right")
    seg = np.clip(seg, sg.offset[chain], sg.offset[chain] + sg.count[chain] - 1)
    leaf, focal = _place(rng, n, chain, seg, geo, sg, p)
    abroad = leaf >= geo.n_cn
    size = (1.0 - rng.random(n)) ** (-1.0 / p.size_tail)
    employees = np.clip(
        np.rint(p.employees_min * size * _lognormal(rng, 0.3, n)), 1, p.employees_max
    ).astype(np.int64)
    prod = (
        p.productivity_median
        * _lognormal(rng, p.productivity_sigma, n)
        * np.where(abroad, 1.5, 1.0)
    )
    revenue = np.round(employees * prod, 3)
    va_ratio = np.clip((0.12 + 0.5 * sg.va[seg] / sg.va.max()) * _lognormal(rng, 0.2, n), 0.05, 0.7)
    value_added = np.round(revenue * va_ratio, 3)
    above = revenue >= p.above_scale_revenue
    has_rnd = rng.random(n) < np.where(above, 0.7, 0.25)
    intensity = np.minimum(
        0.5,
        0.02
        * _lognormal(rng, 0.6, n)
        * np.where(sg.func[seg] == _FUNCTIONS.index("rnd_design"), 3.0, 1.0),
    )
    rnd = np.round(revenue * intensity * has_rnd, 3)
    patents = rng.poisson(rnd)
    g = rng.gamma(_MODE_SHAPES[sg.func[seg]]) + 1e-9
    modes = _floor(g[:, :3] / g.sum(axis=1, keepdims=True), 4)
    brands = np.where(
        modes[:, 2] > 0.2, 1 + rng.poisson(modes[:, 2] * 2 * np.log10(1 + revenue)), 0
    )
    own = np.where(abroad, 2, rng.choice(4, n, p=[0.86, 0.04, 0.06, 0.04]))
    listed = np.zeros(n, dtype=bool)
    k = round(p.listed_share * n)
    if k > 0:
        listed[np.argpartition(-revenue, k - 1)[:k]] = True
    lead = np.zeros(n, dtype=bool)
    for c in range(nch):  # chains, not firms
        for mask in (focal & (chain == c), ~focal & (chain == c)):
            idx = np.flatnonzero(mask)
            lead[idx[np.argsort(-revenue[idx], kind="stable")[: p.lead_firms]]] = True
    ids = _pad_ids("F", n)
    words = pa.array([_INDUSTRY_WORD.get(c, c.title()) for c in sg.chains], pa.large_string())
    suffix = pa.array(
        ["Co., Ltd.", "Group", "Industrial", "Technology", "Trading"], pa.large_string()
    )
    name = _join(
        _join(
            _SYL1.take(pa.array(rng.integers(0, len(_SYL1), n))),
            _SYL2.take(pa.array(rng.integers(0, len(_SYL2), n))),
            sep="",
        ),
        words.take(pa.array(chain)),
        suffix.take(pa.array(rng.integers(0, 5, n))),
        pc.utf8_slice_codeunits(ids, 1),
        sep=" ",
    )
    table = _typed(
        "firms",
        {
            "firm_id": ids,
            "name": name,
            "region_id": geo.leaf_id.take(pa.array(leaf)),
            "ownership": _take(["private", "state", "foreign", "mixed"], own),
            "employees": employees,
            "revenue": revenue,
            "value_added": value_added,
            "rnd_spend": rnd,
            "patents": patents,
            "own_brands": brands,
            "above_scale": above,
            "listed": listed,
            "is_lead": lead,
            "oem_share": modes[:, 0],
            "odm_share": modes[:, 1],
            "obm_share": modes[:, 2],
        },
    )
    f = _Firms(
        n=n,
        ids=ids,
        chain=chain,
        seg=seg,
        leaf=leaf,
        focal=focal,
        size=size,
        revenue=revenue,
        employees=employees,
        oem=modes[:, 0],
        is_lead=lead,
    )
    return f, table


def _firm_segments(
    rng: np.random.Generator, f: _Firms, sg: _Segs, p: SyntheticParams
) -> pd.DataFrame:
    n = f.n
    nseg = sg.count[f.chain]
    two = (rng.random(n) < p.secondary_share) & (nseg > 1)
    share1 = np.where(two, _floor(rng.uniform(0.6, 0.9, n), 4), 1.0)
    local = f.seg - sg.offset[f.chain]
    step = 1 + np.floor(rng.random(n) * (nseg - 1)).astype(np.int64)
    seg2 = sg.offset[f.chain] + (local + step) % nseg
    share2 = _floor((1.0 - share1) * rng.uniform(0.5, 1.0, n), 4)
    idx2 = np.flatnonzero(two)
    firm = np.concatenate([np.arange(n), idx2])
    seg = np.concatenate([f.seg, seg2[idx2]])
    share = np.concatenate([share1, share2[idx2]])
    order = np.argsort(firm, kind="stable")
    firm, seg, share = firm[order], seg[order], share[order]
    capacity = np.round(f.revenue[firm] * share / rng.uniform(0.65, 0.95, len(firm)), 3)
    return _typed(
        "firm_segments",
        {
            "firm_id": f.ids.take(pa.array(firm)),
            "chain_id": _take(sg.chains, sg.chain[seg]),
            "segment_id": sg.seg_id.take(pa.array(seg)),
            "share": share,
            "capacity": capacity,
        },
    )
