"""Fused loops of the daily step, compiled with numba.

Each pass walks its arrays once, in index order, so sums are accumulated in the same
order as in the per-firm reference implementation. Two passes over pairs (arrivals and
orders; consumption) and two over links (orders and demand; deliveries, pipeline and
shortage counters) make a step: a numpy version needs about fifteen passes over the
links for the same work (see benchmarks/README.md).
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["NEVER", "consume_pass", "deliver_pass", "order_pass", "pair_pass"]

NEVER = np.iinfo(np.int64).max


@nb.njit(cache=True, nogil=True)
def pair_pass(
    slot: int,
    ring: np.ndarray,
    stock: np.ndarray,
    transit: np.ndarray,
    a: np.ndarray,
    days: np.ndarray,
    lbar: np.ndarray,
    dprev: np.ndarray,
    tbase: np.ndarray,
    pb: np.ndarray,
    crit: np.ndarray,
    tau: float,
    o_pair: np.ndarray,
    in_lim: np.ndarray,
) -> float:
    """Arrivals into stock, order-up-to orders per pair, input limit per firm."""
    in_lim[:] = np.inf
    arrived = 0.0
    row = ring[slot]
    for q in range(a.shape[0]):
        v = row[q]
        row[q] = 0.0
        s = stock[q] + v
        stock[q] = s
        tr = transit[q] - v
        transit[q] = tr
        arrived += v
        aq = a[q]
        e = dprev[pb[q]]
        et = tbase[pb[q]]
        o = aq * e + ((days[q] + lbar[q]) * aq * et - s - tr) / tau
        o_pair[q] = o if o > 0.0 else 0.0
        if crit[q] and aq > 0.0:
            r = s / aq
            b = pb[q]
            if r < in_lim[b]:
                in_lim[b] = r
    return arrived


@nb.njit(cache=True, nogil=True)
def order_pass(
    o_pair: np.ndarray,
    pair: np.ndarray,
    w: np.ndarray,
    cap: np.ndarray,
    retire: np.ndarray,
    passf: np.ndarray,
    has_pass: bool,
    sup: np.ndarray,
    prio: np.ndarray,
    has_prio: bool,
    final: np.ndarray,
    o: np.ndarray,
    oeff: np.ndarray,
    dem: np.ndarray,
    dem_p: np.ndarray,
) -> None:
    """Orders per link (share of the pair's order, capped) and demand per supplier."""
    dem[:] = final
    dem_p[:] = 0.0
    for k in range(pair.shape[0]):
        x = o_pair[pair[k]] * w[k]
        if cap[k] < x or retire[k] != NEVER:
            x = cap[k]  # capped; a retiring substitute keeps its volume until it retires
        o[k] = x
        if has_pass:
            x = x * passf[k]
        oeff[k] = x
        s = sup[k]
        dem[s] += x
        if has_prio and prio[k]:
            dem_p[s] += x


@nb.njit(cache=True, nogil=True)
def deliver_pass(
    t: int,
    h: int,
    o: np.ndarray,
    oeff: np.ndarray,
    sup: np.ndarray,
    pair: np.ndarray,
    lead_eff: np.ndarray,
    prio: np.ndarray,
    has_prio: bool,
    r_p: np.ndarray,
    r_r: np.ndarray,
    ring: np.ndarray,
    transit: np.ndarray,
    d: np.ndarray,
    short: np.ndarray,
    trigger_fill: float,
    trigger_days: int,
    searching: np.ndarray,
    starts: np.ndarray,
    sub: np.ndarray,
    scale: np.ndarray,
    cost: np.ndarray,
    has_cost: bool,
    replaced: np.ndarray,
) -> tuple[float, float, float, int, float]:
    """Deliveries into the pipeline, shortage counters and search starts.

    Returns (sum of deliveries, of substitute deliveries, extra cost, number of new
    searches written to ``starts``, largest delivery minus order).
    """
    total = 0.0
    total_sub = 0.0
    extra = 0.0
    n_start = 0
    over = 0.0
    replaced[:] = 0.0
    base = t % h
    n_orig = sub.shape[0]
    while n_orig > 0 and sub[n_orig - 1]:  # substitutes are appended after the originals
        n_orig -= 1
    for k in range(pair.shape[0]):
        s = sup[k]
        r = r_p[s] if (has_prio and prio[k]) else r_r[s]
        x = oeff[k] * r
        d[k] = x
        q = pair[k]
        slot = base + lead_eff[k]
        if slot >= h:
            slot -= h
        ring[slot, q] += x
        transit[q] += x
        total += x
        if has_cost:
            extra += x * cost[k]
        is_sub = k >= n_orig
        if is_sub:
            total_sub += x
            replaced[scale[k]] += x
        ok = o[k]
        if x - ok > over:
            over = x - ok
        if x < trigger_fill * ok:
            short[k] += 1
            if short[k] >= trigger_days and not is_sub and not searching[k]:
                short[k] = 0
                searching[k] = True
                starts[n_start] = k
                n_start += 1
        else:
            short[k] = 0
    return total, total_sub, extra, n_start, over


@nb.njit(cache=True, nogil=True)
def consume_pass(
    a: np.ndarray,
    x: np.ndarray,
    pb: np.ndarray,
    crit: np.ndarray,
    stock: np.ndarray,
    firm_stock: np.ndarray,
) -> float:
    """Inputs used by production; stock per firm. Returns the total used."""
    firm_stock[:] = 0.0
    used = 0.0
    for q in range(a.shape[0]):
        u = a[q] * x[pb[q]]
        s = stock[q]
        if not crit[q] and s < u:
            u = s
        s = s - u
        if s < 0.0:
            s = 0.0
        stock[q] = s
        firm_stock[pb[q]] += s
        used += u
    return used
