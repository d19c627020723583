"""Supply links of a synthetic package: a Chung-Lu style model inside each edge of the
chain DAG, with a spatial choice of the supplier."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from chainchief.examples.synthetic.common import _lognormal, _take, _typed
from chainchief.examples.synthetic.firms import _Firms, _Segs
from chainchief.examples.synthetic.params import SyntheticParams
from chainchief.examples.synthetic.regions import _Geo

# --------------------------------------------------------------------------- supply links
# next level tried when no supplier of the segment exists at a level (see _Geo.ranges):
# 0 local, 1 prefecture, 2 province, 3 national, 4 abroad, 5 in China, 6 anywhere
_NEXT_LEVEL = np.array([1, 2, 3, 4, 6, 6, 6])
# median lead time by realised distance: same county, prefecture, province, China,
# across a border, between two countries abroad
_LEAD_DAYS = np.array([1.5, 3.0, 5.0, 8.0, 30.0, 20.0])


@dataclass
class _Slots:
    """Weighted sampling by slots: firm ``i`` holds about ``w_i / mean(w) * k`` slots.

    Slots are laid out in the (segment, leaf) order of the firms, so a weighted draw
    inside a (segment, leaf range) is one uniform draw of a slot: a single memory
    access per link, where a binary search over cumulative weights costs ~20.
    """

    firm: np.ndarray  # firm index of each slot
    bounds: np.ndarray  # bounds[g * L + leaf]: first slot of (segment g, leaf)

    def draw(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        pos = lo + (rng.random(len(lo)) * (hi - lo)).astype(np.int64)
        return self.firm[np.minimum(pos, hi - 1)]


@dataclass
class _Index:
    """Firms sorted by (primary segment, leaf), with supplier and buyer slots."""

    perm: np.ndarray
    bounds: np.ndarray  # bounds[g * L + leaf]: first sorted position of (g, leaf)
    out: _Slots
    inn: _Slots
    n_leaf: int


def _slots(
    rng: np.random.Generator, w: np.ndarray, perm: np.ndarray, bounds: np.ndarray, k: float
) -> _Slots:
    # at least one slot each, so that a (segment, leaf) has slots exactly when it has firms;
    # stochastic rounding keeps every firm's expected number of slots proportional to w
    x = w[perm] * (k / w.mean())
    count = np.maximum(1, np.floor(x + rng.random(len(x)))).astype(np.int64)
    start = np.concatenate([[0], np.cumsum(count)])
    return _Slots(firm=np.repeat(perm.astype(np.int32), count), bounds=start[bounds])


def _index(rng: np.random.Generator, f: _Firms, geo: _Geo, sg: _Segs, p: SyntheticParams) -> _Index:
    n_leaf = len(geo.leaf_id)
    key = f.seg.astype(np.int64) * n_leaf + f.leaf
    perm = np.argsort(key, kind="stable")
    bounds = np.searchsorted(key[perm], np.arange(len(sg.chain) * n_leaf + 1, dtype=np.int64))
    w_out = f.size ** (p.size_tail / p.out_degree_tail) * _lognormal(rng, p.weight_noise, f.n)
    w_in = f.size ** (p.size_tail / p.in_degree_tail) * _lognormal(rng, p.weight_noise, f.n)
    return _Index(
        perm=perm,
        bounds=bounds,
        out=_slots(rng, w_out, perm, bounds, p.slots_per_firm),
        inn=_slots(rng, w_in, perm, bounds, p.slots_per_firm),
        n_leaf=n_leaf,
    )


def _edge_probs(f: _Firms, sg: _Segs) -> np.ndarray:
    per_seg = np.bincount(f.seg, minlength=len(sg.chain)).astype(float)
    indeg = np.bincount(sg.e_to, minlength=len(sg.chain))
    w = per_seg[sg.e_to] / indeg[sg.e_to] * (per_seg[sg.e_from] > 0)
    if w.sum() <= 0:
        raise ValueError("too few firms: no segment edge has both a supplier and a buyer")
    return w / w.sum()


def _draw_links(
    rng: np.random.Generator,
    m: int,
    ix: _Index,
    leaf: np.ndarray,
    geo: _Geo,
    sg: _Segs,
    probs: np.ndarray,
    p: SyntheticParams,
) -> np.ndarray:
    """Draw ``m`` candidate links; returns keys ``supplier * n_firms + buyer``."""
    L = ix.n_leaf
    edge = np.repeat(np.arange(len(probs), dtype=np.int32), rng.multinomial(m, probs))
    t = sg.e_to[edge]
    buyer = ix.inn.draw(rng, ix.inn.bounds[t * L], ix.inn.bounds[(t + 1) * L])
    del t
    bleaf = leaf[buyer]
    level = np.where(rng.random(m) < p.foreign_home_share, 0, 5).astype(np.int8)
    cn = bleaf < geo.n_cn
    shares = np.asarray(p.scale_shares, dtype=float)
    level[cn] = rng.choice(5, np.count_nonzero(cn), p=shares / shares.sum())
    base = sg.e_from[edge].astype(np.int64) * L
    del edge
    sb = ix.out.bounds
    lo = np.empty(m, dtype=np.int64)
    hi = np.empty(m, dtype=np.int64)
    todo = np.arange(m)
    r_lo, r_hi = geo.ranges[:, 0, :].ravel(), geo.ranges[:, 1, :].ravel()
    while len(todo):  # at most 7 rounds: each one moves the empty ranges up a level
        at = level[todo].astype(np.int64) * L + bleaf[todo]
        lo[todo] = sb[base[todo] + r_lo[at]]
        hi[todo] = sb[base[todo] + r_hi[at]]
        del at
        todo = todo[hi[todo] <= lo[todo]]
        level[todo] = _NEXT_LEVEL[level[todo]]
    del base, bleaf, level, todo
    supplier = ix.out.draw(rng, lo, hi)
    return supplier.astype(np.int64) * len(leaf) + buyer


def _supply_links(
    rng: np.random.Generator,
    m: int,
    f: _Firms,
    ix: _Index,
    geo: _Geo,
    sg: _Segs,
    p: SyntheticParams,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    probs = _edge_probs(f, sg)
    per_seg = np.bincount(f.seg, minlength=len(sg.chain))
    pairs = int((per_seg[sg.e_from] * per_seg[sg.e_to]).sum())
    if m > p.max_density * pairs:
        raise ValueError(
            f"cannot draw {m:,} distinct supply links among {f.n:,} firms: their segments "
            f"allow {pairs:,} supplier-buyer pairs, of which at most max_density = "
            f"{p.max_density} may be used; ask for fewer links or more firms"
        )
    keys = np.zeros(0, dtype=np.int64)
    factor = 1 + p.link_oversample
    for _ in range(12):
        draw = int(np.ceil((m - len(keys)) * factor)) + 16
        before = len(keys)
        keys = np.sort(
            np.concatenate([keys, _draw_links(rng, draw, ix, f.leaf, geo, sg, probs, p)])
        )
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]  # np.unique, faster
        if len(keys) >= m:
            break
        # candidates needed per new distinct link, bounded to keep memory in check
        factor = min(20.0, 1.1 * draw / max(len(keys) - before, 1))
    else:
        raise ValueError(
            f"cannot draw {m:,} distinct supply links among {f.n:,} firms "
            f"(got {len(keys):,}); ask for fewer links or more firms"
        )
    if len(keys) > m:  # drop a random surplus, keeping the (supplier, buyer) order
        keep = np.ones(len(keys), dtype=bool)
        keep[rng.choice(len(keys), len(keys) - m, replace=False)] = False
        keys = keys[keep]
        del keep
    sup, buy = (keys // f.n).astype(np.int32), (keys % f.n).astype(np.int32)
    del keys
    v = np.sqrt(f.revenue[buy]) * _lognormal(rng, 0.8, m)
    total = np.bincount(sup, weights=v, minlength=f.n)
    value = np.round(p.sold_share * f.revenue[sup] * v / total[sup], 4)
    del v, total
    ls, lb = f.leaf[sup], f.leaf[buy]
    n_cn = geo.n_cn
    abroad_s, abroad_b = ls >= n_cn, lb >= n_cn
    cross = abroad_s != abroad_b
    dist = np.select(
        [
            ls == lb,
            geo.ranges[1, 0, ls] == geo.ranges[1, 0, lb],
            geo.ranges[2, 0, ls] == geo.ranges[2, 0, lb],
            ~abroad_s & ~abroad_b,
            cross,
        ],
        [0, 1, 2, 3, 4],
        5,
    ).astype(np.int8)
    del ls, lb, abroad_s, abroad_b
    lead = np.round(_LEAD_DAYS[dist] * _lognormal(rng, 0.35, m), 1)
    del dist
    seg = f.seg[sup]
    edge_of = np.full((len(sg.chain), len(sg.chain)), -1, dtype=np.int64)
    edge_of[sg.e_from, sg.e_to] = np.arange(len(sg.e_from))
    edge = edge_of[seg, f.seg[buy]]
    cplx_e = rng.uniform(0.2, 0.8, len(sg.e_from))
    complexity = np.round(np.clip(cplx_e[edge] + rng.normal(0, 0.1, m), 0, 1), 3)
    codif = np.round(np.clip(1 - 0.7 * cplx_e[edge] + rng.normal(0, 0.12, m), 0, 1), 3)
    del edge
    sh = np.asarray(p.status_shares, dtype=float)
    status = rng.choice(3, m, p=sh / sh.sum()).astype(np.int8)
    source = np.where(status == 0, np.where(cross, 1, 0), status + 1).astype(np.int8)
    del cross
    table = _typed(
        "supply_links",
        {
            "supplier_id": f.ids.take(pa.array(sup)),
            "buyer_id": f.ids.take(pa.array(buy)),
            "chain_id": _take(sg.chains, sg.chain[seg]),
            "segment_id": sg.seg_id.take(pa.array(seg)),
            "value": value,
            "year": np.full(m, p.reference_year, dtype=np.int64),
            "lead_time_days": lead,
            "complexity": complexity,
            "codifiability": codif,
            "status": _take(["verified", "reported", "inferred"], status),
            "source": _take(["survey", "customs record", "interview", "model"], source),
        },
    )
    return table, sup, buy
