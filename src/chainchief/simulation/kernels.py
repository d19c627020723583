"""Fused loops of the daily step, compiled with numba.

Each pass walks its arrays once, in index order, so sums are accumulated in the same
order as in the per-firm reference implementation. A step is one pass over pairs and
their original links (yesterday's consumption, arrivals, orders per pair and per link),
one over the substitute links' orders, one over firms (production, rationing, records)
and one over links (deliveries, pipeline, arrivals of the next day and shortage
counters); with many firms the random gathers and scatters of firm values run as
separate tight loops. A numpy version needs about fifteen passes over the links for
the same work (see benchmarks/README.md).

The pipeline is kept per slot set, slot-major by class: the links of class ``c`` have
``mask[c] + 1`` slots (a power of two larger than their longest possible lead time);
slot ``j`` of slot set ``i`` of the class is ``buf[base[c] + j * cap[c] + i]``. The
original links of a pair in one class share a slot set (what arrives for the pair that
day); each substitute link has its own. A
delivery on day ``t`` with lead ``l`` goes to slot ``(t + l) & mask[c]`` and the deliver
pass collects the slot of day ``t + 1`` into the pairs' arrivals, so each class's slots
are read and written as a few sequential streams. Links are sorted by pair, so the
per-pair sums are written in order.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = [
    "NEVER",
    "chain_substitutes",
    "collect_substitutes",
    "consume_pass",
    "deliver_pass",
    "deliver_plain",
    "find_substitute",
    "firm_pass",
    "links_by_supplier",
    "order_pass",
    "pair_order_pass",
    "pipeline_fill",
    "rate_gather",
    "rate_sync",
    "segment_max",
    "share_recount",
    "share_update",
    "split_recovered",
]

NEVER = np.iinfo(np.int32).max
_SHORT_MAX = np.iinfo(np.int16).max  # shortage counters (days) saturate here
#: Indices known to be non-negative are made unsigned (``_U(i)``): numba then drops the
#: wrap-around test of negative indices, which also blocks vectorisation. On the
#: 1M-firm benchmark this alone takes the pair pass from 78 to 60 ms a step (one thread).
_U = np.uint64


@nb.njit(cache=True, nogil=True)
def pipeline_fill(
    lo: int,
    hi: int,
    cls: np.ndarray,
    cidx: np.ndarray,
    base: np.ndarray,
    cap: np.ndarray,
    cmask: np.ndarray,
    lead: np.ndarray,
    flow: np.ndarray,
    pair: np.ndarray,
    buf: np.ndarray,
    arr0: np.ndarray,
    transit: np.ndarray,
) -> None:
    """Steady state: each link has its flow arriving on days 0 .. lead - 1.

    Day 0's arrivals go to ``arr0`` (per pair); days 1 .. lead - 1 into the buffer; all of
    them (flow x lead) to the pair's ``transit``. ``arr0`` and ``transit`` must be zero.
    Links ``lo .. hi - 1`` (whole pairs).
    """
    for k in range(_U(lo), _U(hi)):
        f = flow[k]
        q = _U(pair[k])
        arr0[q] += f
        transit[q] += f * lead[k]
        c = _U(cls[k])
        for j in range(1, lead[k]):
            buf[_U(base[c] + (j & cmask[c]) * cap[c] + cidx[k])] += f


@nb.njit(cache=True, nogil=True)
def pair_order_pass(
    lo: int,
    hi: int,
    consume: bool,
    arr: np.ndarray,
    stock: np.ndarray,
    transit: np.ndarray,
    a: np.ndarray,
    g: np.ndarray,
    dprev: np.ndarray,
    tbase: np.ndarray,
    pb: np.ndarray,
    crit: np.ndarray,
    tau: float,
    o_pair: np.ndarray,
    xprev: np.ndarray,
    o_use: np.ndarray,
    has_use: bool,
    in_lim: np.ndarray,
    firm_stock: np.ndarray,
    per_firm: bool,
    pstart: np.ndarray,
    pair: np.ndarray,
    w: np.ndarray,
    o: np.ndarray,
    passf: np.ndarray,
    has_pass: bool,
    sup: np.ndarray,
    prio: np.ndarray,
    has_prio: bool,
    pamt: np.ndarray,
    dem: np.ndarray,
    dem_p: np.ndarray,
) -> tuple[float, float, float, float, float]:
    """Yesterday's consumption, today's arrivals, orders per pair and per original link.

    Pairs ``lo .. hi - 1`` (whole buyers) and their original links ``pstart[lo] ..
    pstart[hi] - 1`` (links sorted by pair). With ``consume``, first the inputs used by
    yesterday's output ``xprev`` leave the stock (and the stock left is added per buyer
    to ``firm_stock`` when ``per_firm``). Then arrivals enter the stock and the
    order-up-to order of the pair is ``a E + (g B - S - T) / tau`` with ``g = (days +
    Lbar) * a``; with ``has_use`` the input use of yesterday's output ``a x`` goes to
    ``o_use``. Each original link orders its share ``w`` of the pair's order, added
    (after the trade-barrier factor ``passf``) to its supplier's demand ``dem``; with
    ``has_prio`` the priority part of each order (at most its share of ``a x``) goes to
    ``pamt`` and ``dem_p``. ``in_lim`` (the input limit of each buyer) must be infinite
    on entry. Pairs, links and the scatter into ``dem`` run as separate flat loops: a
    short inner loop over each pair's links mispredicts its exit, and random access to
    large firm arrays overlaps far better in a tight loop of its own.

    Returns (arrivals, pair orders, in transit before the arrivals, inputs used
    yesterday, stock after yesterday's use).
    """
    arrived = 0.0
    ordered = 0.0
    in_transit = 0.0
    used = 0.0
    held = 0.0
    for q in range(_U(lo), _U(hi)):
        aq = a[q]
        bu = _U(pb[q])
        xb = xprev[bu]
        s = stock[q]
        cq = crit[q]
        if consume:
            u, s = _use(aq * xb, s, cq)
            held += s
            if per_firm:
                firm_stock[bu] += s
            used += u
        v = arr[q]
        arr[q] = 0.0
        s = s + v
        stock[q] = s
        tr0 = transit[q]
        in_transit += tr0
        tr = tr0 - v
        transit[q] = tr
        arrived += v
        oq = aq * dprev[bu] + (g[q] * tbase[bu] - s - tr) / tau
        if oq < 0.0:
            oq = 0.0
        o_pair[q] = oq
        ordered += oq
        if has_use:
            o_use[q] = aq * xb  # what yesterday's production used
        if cq and aq > 0.0:
            # Straight into the buyer's limit: a running minimum in a register needs a
            # branch on "new buyer" that mispredicts once per buyer (30 against 24 ms a
            # step for the pair loop at 1M firms, one thread).
            in_lim[bu] = min(in_lim[bu], s / aq)
    # The links in flat loops: a short inner loop per pair mispredicts its every exit.
    k0, k1 = pstart[lo], pstart[hi]
    for k in range(_U(k0), _U(k1)):
        o[k] = o_pair[_U(pair[k])] * w[k]
    _scatter(k0, k1, o, passf, has_pass, sup, dem)
    if has_prio:
        _priority(k0, k1, o, o_use, pair, w, passf, has_pass, prio, sup, pamt, dem_p)
    return arrived, ordered, in_transit, used, held


@nb.njit(cache=True, nogil=True, inline="always")
def _scatter(
    lo: int,
    hi: int,
    o: np.ndarray,
    passf: np.ndarray,
    has_pass: bool,
    sup: np.ndarray,
    dem: np.ndarray,
) -> None:
    """Orders of links ``lo .. hi - 1`` (after the trade-barrier factor) into ``dem``."""
    if has_pass:
        for k in range(_U(lo), _U(hi)):
            dem[_U(sup[k])] += o[k] * passf[k]
    else:
        for k in range(_U(lo), _U(hi)):
            dem[_U(sup[k])] += o[k]


@nb.njit(cache=True, nogil=True)
def order_pass(
    lo: int,
    hi: int,
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
    o_use: np.ndarray,
    o: np.ndarray,
    pamt: np.ndarray,
    dem: np.ndarray,
    dem_p: np.ndarray,
) -> None:
    """Orders of substitute links ``lo .. hi - 1`` (share of the pair's order, capped),
    added to the suppliers' demand ``dem``; with ``has_prio`` the priority part of each
    order (at most its share of the pair's input use ``o_use``) goes to ``pamt`` and
    ``dem_p``. Original links order in :func:`pair_order_pass`.
    """
    for k in range(_U(lo), _U(hi)):
        x = o_pair[_U(pair[k])] * w[k]
        if cap[k] < x or retire[k] != NEVER:
            x = cap[k]  # capped; a retiring substitute keeps its volume until it retires
        o[k] = x
    _scatter(lo, hi, o, passf, has_pass, sup, dem)
    if has_prio:
        _priority(lo, hi, o, o_use, pair, w, passf, has_pass, prio, sup, pamt, dem_p)


@nb.njit(cache=True, nogil=True, inline="always")
def _use(u: float, s: float, critical: bool) -> tuple[float, float]:
    """Input use ``u`` of a pair with stock ``s``: a non-critical input uses at most its
    stock. Returns (used, stock left, at least 0)."""
    if not critical and s < u:
        u = s
    s = s - u
    return u, s if s > 0.0 else 0.0


@nb.njit(cache=True, nogil=True, inline="always")
def _priority(
    lo: int,
    hi: int,
    o: np.ndarray,
    o_use: np.ndarray,
    pair: np.ndarray,
    w: np.ndarray,
    passf: np.ndarray,
    has_pass: bool,
    prio: np.ndarray,
    sup: np.ndarray,
    pamt: np.ndarray,
    dem_p: np.ndarray,
) -> None:
    """Priority part of the orders of links ``lo .. hi - 1`` (at most their share of the
    pair's input use ``o_use``, after the trade-barrier factor) into ``pamt`` and the
    suppliers' priority demand ``dem_p``."""
    for k in range(_U(lo), _U(hi)):
        if prio[k]:
            # Priority covers what the buyer's production uses, not stock building.
            u = o_use[_U(pair[k])] * w[k]
            xe = o[k]
            if has_pass:
                u = u * passf[k]
                xe = xe * passf[k]
            pk = xe if xe < u else u
            pamt[k] = pk
            dem_p[_U(sup[k])] += pk
        else:
            pamt[k] = 0.0


@nb.njit(cache=True, nogil=True, inline="always")
def _link_rate(rp: float, rr: float, pk: float, xe: float) -> float:
    """Rationing share of a link's order ``xe`` whose priority part ``pk`` is served at
    ``rp`` and the rest at ``rr``."""
    return rr + (rp - rr) * (pk / xe) if xe > 0.0 else rr


@nb.njit(cache=True, nogil=True)
def rate_gather(
    lo: int,
    hi: int,
    sup: np.ndarray,
    o: np.ndarray,
    passf: np.ndarray,
    has_pass: bool,
    pamt: np.ndarray,
    has_prio: bool,
    r_p: np.ndarray,
    r_r: np.ndarray,
    out: np.ndarray,
) -> None:
    """Rationing share of each link's supplier, gathered in a tight loop.

    With ``has_prio`` the priority part ``pamt`` of each link's order ``o`` (after the
    trade-barrier factor ``passf``) is served at ``r_p``, the rest at ``r_r``.
    """
    if has_prio:
        for k in range(_U(lo), _U(hi)):
            s = _U(sup[k])
            xe = o[k] * passf[k] if has_pass else o[k]
            out[k] = _link_rate(r_p[s], r_r[s], pamt[k], xe)
    else:
        for k in range(_U(lo), _U(hi)):
            out[k] = r_r[_U(sup[k])]


@nb.njit(cache=True, nogil=True)
def split_recovered(
    idx: np.ndarray, sup: np.ndarray, n: int, healthy: np.ndarray, days: int, out: np.ndarray
) -> tuple[int, int]:
    """Move the entries of ``idx[:n]`` whose supplier ``sup`` has been healthy for
    ``days`` days to ``out``, keeping the others at the front of ``idx`` and ``sup``;
    both in their order. Returns (entries kept, entries moved)."""
    kept = 0
    moved = 0
    for i in range(n):
        s = sup[i]
        if healthy[s] >= days:
            out[moved] = idx[i]
            moved += 1
        else:
            idx[kept] = idx[i]
            sup[kept] = s
            kept += 1
    return kept, moved


@nb.njit(cache=True, nogil=True)
def links_by_supplier(sup: np.ndarray, start: np.ndarray, order: np.ndarray) -> None:
    """Counting sort of links by supplier: the links of firm ``f`` are
    ``order[start[f] : start[f + 1]]``, in link order (``start`` zeroed, n + 1 long)."""
    n = start.shape[0] - 1
    for k in range(sup.shape[0]):
        start[_U(sup[k]) + _U(1)] += 1
    for f in range(n):
        start[f + 1] += start[f]
    pos = start[:n].copy()
    for k in range(sup.shape[0]):
        s = _U(sup[k])
        order[_U(pos[s])] = k
        pos[s] += 1


@nb.njit(cache=True, nogil=True)
def rate_sync(
    lo: int,
    hi: int,
    r_r: np.ndarray,
    synced: np.ndarray,
    start: np.ndarray,
    order: np.ndarray,
    out: np.ndarray,
) -> None:
    """The rationing share of each firm ``lo .. hi - 1`` whose share changed since it was
    last written (``synced``), written to its links' entries of ``out`` (links listed
    by supplier as :func:`links_by_supplier` gives them).

    Equal to :func:`rate_gather` without priority orders once every firm was written
    (``synced`` starts as NaN), at the cost of the firms whose share changed: 6 to
    130,000 of a million on the days of the 1M-firm benchmark.
    """
    for f in range(_U(lo), _U(hi)):
        r = r_r[f]
        if r != synced[f]:
            synced[f] = r
            for i in range(_U(start[f]), _U(start[f + _U(1)])):
                out[_U(order[i])] = r


@nb.njit(cache=True, nogil=True)
def firm_pass(
    lo: int,
    hi: int,
    cap: np.ndarray,
    avail: np.ndarray,
    in_lim: np.ndarray,
    dem: np.ndarray,
    dem_p: np.ndarray,
    has_prio: bool,
    final: np.ndarray,
    x0: np.ndarray,
    recover_health: float,
    trigger_fill: float,
    seg_of_firm: np.ndarray,
    region: np.ndarray,
    focal: np.ndarray,
    has_focal: bool,
    feasible: np.ndarray,
    x: np.ndarray,
    r_p: np.ndarray,
    r_r: np.ndarray,
    healthy: np.ndarray,
    by_seg: np.ndarray,
    by_reg: np.ndarray,
) -> tuple[float, float, float, float, float, int]:
    """Production, rationing shares, health counters and per-segment/region output of
    firms ``lo .. hi - 1`` (added to ``by_seg`` and ``by_reg``).

    Returns (output, demand, final demand, final deliveries, focal output, number of
    firms that ration: a share below 1).
    """
    n_short = 0
    tx = 0.0
    td = 0.0
    tf = 0.0
    tfd = 0.0
    tfoc = 0.0
    for f in range(_U(lo), _U(hi)):
        fe = cap[f] * avail[f]
        if in_lim[f] < fe:
            fe = in_lim[f]
        feasible[f] = fe
        d = dem[f]
        xf = fe if fe < d else d
        x[f] = xf
        if has_prio:
            dp = dem_p[f]
            rp = 1.0
            if dp > 0.0:
                rp = xf / dp
                if rp > 1.0:
                    rp = 1.0
            rest = d - dp
            rr = 1.0
            if rest > 0.0:
                rr = (xf - rp * dp) / rest
                if rr < 0.0:
                    rr = 0.0
                elif rr > 1.0:
                    rr = 1.0
            r_p[f] = rp
            r_r[f] = rr
        else:
            rr = xf / d if d > 0.0 else 1.0
            r_p[f] = rr
            r_r[f] = rr
        if rr < 1.0 or r_p[f] < 1.0:
            n_short += 1
        tx += xf
        td += d
        tf += final[f]
        tfd += final[f] * rr
        if has_focal and focal[f]:
            tfoc += xf
        by_seg[_U(seg_of_firm[f])] += xf
        by_reg[_U(region[f])] += xf
        h0 = x0[f]
        health_ok = (fe / h0 >= recover_health) if h0 > 0.0 else True
        if health_ok and rr >= trigger_fill:
            healthy[f] += 1
        else:
            healthy[f] = 0
    return tx, td, tf, tfd, tfoc, n_short


@nb.njit(cache=True, nogil=True, inline="always")
def _slots(
    k: int,
    t: int,
    lead_eff: np.ndarray,
    cls: np.ndarray,
    cidx: np.ndarray,
    base: np.ndarray,
    cap: np.ndarray,
    cmask: np.ndarray,
) -> tuple[int, np.uint64, np.uint64]:
    """Link ``k``'s slot set ``i`` in the pipeline, its slot ``jd`` for a delivery on day
    ``t`` and the slot ``j`` of day ``t + 1`` (see the module docstring)."""
    c = _U(cls[k])
    m = cmask[c]
    cc = cap[c]
    i = base[c] + cidx[k]
    return i, _U(i + ((t + lead_eff[k]) & m) * cc), _U(i + ((t + 1) & m) * cc)


@nb.njit(cache=True, nogil=True)
def deliver_pass(
    lo: int,
    hi: int,
    t: int,
    o: np.ndarray,
    passf: np.ndarray,
    has_pass: bool,
    pair: np.ndarray,
    lead_eff: np.ndarray,
    cls: np.ndarray,
    cidx: np.ndarray,
    base: np.ndarray,
    cap: np.ndarray,
    cmask: np.ndarray,
    buf: np.ndarray,
    rate: np.ndarray,
    fused: bool,
    sup: np.ndarray,
    pamt: np.ndarray,
    has_prio: bool,
    r_p: np.ndarray,
    r_r: np.ndarray,
    transit: np.ndarray,
    arr_next: np.ndarray,
    d: np.ndarray,
    short: np.ndarray,
    trigger_fill: float,
    trigger_days: int,
    searching: np.ndarray,
    starts: np.ndarray,
    n_orig: int,
    scale: np.ndarray,
    cost: np.ndarray,
    has_cost: bool,
    replaced: np.ndarray,
    by_run: bool,
    qlo: int,
    qhi: int,
) -> tuple[float, float, float, int, float]:
    """Deliveries into the pipeline, tomorrow's arrivals, shortage counters, searches.

    Links ``lo .. hi - 1`` (whole pairs of original links, or substitutes only);
    ``rate`` is the rationing share of each link's supplier (:func:`rate_gather`), or
    with ``fused`` (few firms) it is computed here from ``r_p``, ``r_r`` and ``pamt``.
    With ``by_run`` (many links per pair) per-pair sums are kept in registers over each
    run of links of a pair; otherwise each link adds to its pair's sums and collects
    its slot set's slot of tomorrow itself (branch-free). New
    searches
    are written to ``starts`` from index 0, substitute deliveries added to ``replaced``
    by scale.
    ``d`` is written for searching links only (the search reads their fill rate).
    Without substitution (``trigger_days`` is ``NEVER``) no counter is kept.
    A range of substitutes only delivers the links of pairs ``qlo .. qhi - 1`` (one
    thread's pairs, so threads never write the same pair; the substitutes are stored
    by pair within each day's batch, so the test changes seldom).
    Returns (sum of deliveries, of substitute deliveries, extra cost, number of new
    searches written to ``starts``, largest delivery minus order).
    """
    total = 0.0
    total_sub = 0.0
    extra = 0.0
    n_start = 0
    over = 0.0
    subs = lo >= n_orig  # a range holds original links only or substitutes only
    counting = trigger_days != NEVER  # without substitution no counter is needed
    qprev = -1
    iprev = -1  # slot set of the previous link
    tr_acc = 0.0  # deliveries and tomorrow's arrivals of pair qprev so far
    ar_acc = 0.0
    for k in range(_U(lo), _U(hi)):
        q = pair[k]
        if subs and (q < qlo or q >= qhi):
            continue
        ok = o[k]
        if fused:
            s = _U(sup[k])
            if has_prio:
                xe = ok * passf[k] if has_pass else ok
                r = _link_rate(r_p[s], r_r[s], pamt[k], xe)
            else:
                r = r_r[s]
        else:
            r = rate[k]
        x = ok * passf[k] * r if has_pass else ok * r
        qu = _U(q)
        i, jd, j = _slots(k, t, lead_eff, cls, cidx, base, cap, cmask)
        if by_run:
            # Long runs of links per pair: sums in registers, written once per run; the
            # slot of tomorrow is collected by the first link of a run on a slot set
            # (lead-1 deliveries skip the buffer, so none lands there afterwards).
            if q != qprev:
                if qprev >= 0:
                    transit[_U(qprev)] += tr_acc
                    arr_next[_U(qprev)] += ar_acc
                qprev = q
                tr_acc = 0.0
                ar_acc = 0.0
            tr_acc += x
            if jd == j:
                ar_acc += x
            else:
                buf[jd] += x
            if i != iprev:
                ar_acc += buf[j]
                buf[j] = 0.0
                iprev = i
        else:
            # Short runs (too short to predict): deposit for day t + lead, then collect
            # tomorrow's slot (a lead-1 delivery is collected at once; once collected
            # the slot is 0 for the other links of the slot set), with no branch.
            buf[jd] += x
            transit[qu] += x
            arr_next[qu] += buf[j]
            buf[j] = 0.0
        total += x
        if has_cost:
            extra += x * cost[k]
        if subs:
            total_sub += x
            replaced[_U(scale[k])] += x
        over = max(over, x - ok)
        if counting:
            s0 = short[k]
            sk = min(s0 + 1, _SHORT_MAX) if x < trigger_fill * ok else 0
            if sk >= trigger_days and not subs and not searching[k]:
                sk = 0
                searching[k] = True
                starts[n_start] = k
                n_start += 1
            if sk != s0:  # most counters stay at 0: no store
                short[k] = sk
            if searching[k]:
                d[k] = x
    if qprev >= 0:
        transit[qprev] += tr_acc
        arr_next[qprev] += ar_acc
    return total, total_sub, extra, n_start, over


@nb.njit(cache=True, nogil=True)
def deliver_plain(
    lo: int,
    hi: int,
    t: int,
    o: np.ndarray,
    pair: np.ndarray,
    lead_eff: np.ndarray,
    cls: np.ndarray,
    cidx: np.ndarray,
    base: np.ndarray,
    cap: np.ndarray,
    cmask: np.ndarray,
    buf: np.ndarray,
    rate: np.ndarray,
    transit: np.ndarray,
    arr_next: np.ndarray,
    d: np.ndarray,
    short: np.ndarray,
    trigger_fill: float,
    trigger_days: int,
    searching: np.ndarray,
    starts: np.ndarray,
    rated: bool,
) -> tuple[float, int, float]:
    """:func:`deliver_pass` of original links ``lo .. hi - 1`` in the common case of large
    firm networks: rates gathered beforehand (:func:`rate_gather`), few links per pair
    (branch-free), no trade barrier and no cost. The general kernel's loop-invariant
    tests stay in its loop; without them this loop is about a fifth faster (1M firms,
    one thread: 57 against 70 ms a step). Without ``rated`` no supplier rations (every
    share is exactly 1) and ``rate`` is not read. Returns (sum of deliveries, number of new
    searches written to ``starts``, largest delivery minus order).
    """
    total = 0.0
    over = 0.0
    n_start = 0
    counting = trigger_days != NEVER
    for k in range(_U(lo), _U(hi)):
        q = _U(pair[k])
        ok = o[k]
        x = ok * rate[k] if rated else ok
        _, jd, j = _slots(k, t, lead_eff, cls, cidx, base, cap, cmask)
        buf[jd] += x
        transit[q] += x
        arr_next[q] += buf[j]
        buf[j] = 0.0
        total += x
        over = max(over, x - ok)
        if counting:
            s0 = short[k]
            sk = min(s0 + 1, _SHORT_MAX) if x < trigger_fill * ok else 0
            if sk >= trigger_days and not searching[k]:
                sk = 0
                searching[k] = True
                starts[n_start] = k
                n_start += 1
            if sk != s0:
                short[k] = sk
            if searching[k]:
                d[k] = x
    return total, n_start, over


@nb.njit(cache=True, nogil=True)
def consume_pass(
    lo: int,
    hi: int,
    a: np.ndarray,
    x: np.ndarray,
    pb: np.ndarray,
    crit: np.ndarray,
    stock: np.ndarray,
    firm_stock: np.ndarray,
    per_firm: bool,
) -> tuple[float, float]:
    """Inputs used by production; stock per firm when ``per_firm``.

    Pairs ``lo .. hi - 1`` (whole buyers); ``firm_stock`` must be zero on entry.
    Returns (total used, total stock).
    """
    used = 0.0
    total = 0.0
    for q in range(_U(lo), _U(hi)):
        b = _U(pb[q])
        u, s = _use(a[q] * x[b], stock[q], crit[q])
        stock[q] = s
        total += s
        if per_firm:
            firm_stock[b] += s
        used += u
    return used, total


@nb.njit(cache=True, nogil=True)
def share_update(
    idx: np.ndarray,
    pair: np.ndarray,
    scale: np.ndarray,
    w: np.ndarray,
    wacc: np.ndarray,
    lead_eff: np.ndarray,
    wl: np.ndarray,
    ws: np.ndarray,
    act: np.ndarray,
    lbar: np.ndarray,
    g: np.ndarray,
    days: np.ndarray,
    a: np.ndarray,
    eps: float,
) -> None:
    """Per-pair share sums, mean lead times and active links after share changes.

    ``idx`` lists the links whose share may have changed (repeats allowed): each change
    since the share last accounted (``wacc``) is added once.
    """
    for r in range(_U(idx.shape[0])):
        i = _U(idx[r])
        old = wacc[i]
        new = w[i]
        if old == new:
            continue
        q = _U(pair[i])
        wl[q] += (new - old) * lead_eff[i]
        ws[q] += new - old
        if new > 0.0 and not old > 0.0:
            act[_U(scale[i])] += 1.0
        elif old > 0.0 and not new > 0.0:
            act[_U(scale[i])] -= 1.0
        wacc[i] = new
    for r in range(_U(idx.shape[0])):
        q = _U(pair[_U(idx[r])])
        if ws[q] <= eps:
            ws[q] = 0.0
            wl[q] = 0.0
        lbar[q] = wl[q] / ws[q] if ws[q] > 0.0 else 0.0
        g[q] = (days[q] + lbar[q]) * a[q]


@nb.njit(cache=True, nogil=True)
def share_recount(
    pair: np.ndarray,
    w: np.ndarray,
    lead: np.ndarray,
    scale: np.ndarray,
    extra: np.ndarray,
    lead_eff: np.ndarray,
    wacc: np.ndarray,
    wl: np.ndarray,
    ws: np.ndarray,
    act: np.ndarray,
    days: np.ndarray,
    a: np.ndarray,
    lbar: np.ndarray,
    g: np.ndarray,
) -> None:
    """Lead times with the logistics delays ``extra`` (by scale), per-pair sums of shares
    ``ws`` and of shares x lead times ``wl``, active links by scale ``act`` (all zero on
    entry), in link order; the shares accounted go to ``wacc``. Then each pair's mean
    lead time ``lbar`` (0 without shares) and ``g = (days + lbar) a``."""
    for k in range(_U(pair.shape[0])):
        sc = _U(scale[k])
        le = lead[k] + extra[sc]
        lead_eff[k] = le
        wk = w[k]
        q = _U(pair[k])
        wl[q] += wk * le
        ws[q] += wk
        if wk > 0.0:
            act[sc] += 1.0
        wacc[k] = wk
    for p in range(_U(ws.shape[0])):
        lb = wl[p] / ws[p] if ws[p] > 0.0 else 0.0
        lbar[p] = lb
        g[p] = (days[p] + lb) * a[p]


@nb.njit(cache=True, nogil=True)
def find_substitute(
    origin: np.ndarray,
    new_sup: np.ndarray,
    first: np.ndarray,
    nxt: np.ndarray,
    sup: np.ndarray,
    retire: np.ndarray,
    out: np.ndarray,
) -> None:
    """Active substitute link of each (original link, supplier), or -1.

    Substitutes of an original link form a chain: ``first[origin]``, then ``nxt``.
    """
    for i in range(origin.shape[0]):
        out[i] = -1
        j = first[origin[i]]
        while j >= 0:
            if sup[j] == new_sup[i] and retire[j] == NEVER:
                out[i] = j
                break
            j = nxt[j]


@nb.njit(cache=True, nogil=True)
def chain_substitutes(
    origin: np.ndarray, idx: np.ndarray, first: np.ndarray, nxt: np.ndarray
) -> None:
    """Put new substitute links ``idx`` at the head of their original link's chain."""
    for i in range(idx.shape[0]):
        o = origin[i]
        nxt[idx[i]] = first[o]
        first[o] = idx[i]


@nb.njit(cache=True, nogil=True)
def collect_substitutes(
    origins: np.ndarray, first: np.ndarray, nxt: np.ndarray, out: np.ndarray
) -> int:
    """Substitutes of the original links ``origins`` (their chains) into ``out``;
    returns how many, or -1 when ``out`` is too small."""
    n = 0
    for i in range(origins.shape[0]):
        j = first[origins[i]]
        while j >= 0:
            if n >= out.shape[0]:
                return -1
            out[n] = j
            n += 1
            j = nxt[j]
    return n


@nb.njit(cache=True, nogil=True)
def segment_max(
    segs: np.ndarray, start: np.ndarray, firm: np.ndarray, spare: np.ndarray, out: np.ndarray
) -> None:
    """Largest ``spare`` (at least 0) over the firms ``firm[start[s] .. start[s + 1] - 1]``
    of each segment ``s`` in ``segs``."""
    for i in range(_U(segs.shape[0])):
        s = _U(segs[i])
        m = 0.0
        for r in range(_U(start[s]), _U(start[s + 1])):
            v = spare[_U(firm[r])]
            if v > m:
                m = v
        out[i] = m
