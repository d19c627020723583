"""Vectorised daily step of the firm-level supply-network model.

One step (day ``t``), for every firm at once (arrays over firms, pairs and links):

1. shocks set capacity availability, final demand, flow cuts and lead-time delays;
2. shipments due today arrive into input inventories;
3. buyers order each input up to its target: ``O = a E + ((days + Lbar) a B - S - T) / tau``
   (``E`` the demand the firm faced yesterday, ``B`` the baseline output, or ``E`` when
   ``target_on_demand``, ``S`` inventory, ``T`` in transit, ``Lbar`` mean lead time),
   split over links by their shares, capped on substitute links;
4. firms produce ``x = min(cap * avail, min over critical inputs S / a, demand)``;
5. output is rationed proportionally over orders (under ICCM orders of critical inputs
   are served first); deliveries leave for ``t + lead``; inputs are consumed;
6. a link that delivers less than ``trigger_fill`` of its order for ``trigger_days``
   days starts a search for substitutes, scale by scale (local, prefecture, province,
   [ICCM partner parks], national, supranational, global); each step takes its delay and
   offers the spare capacity of firms of the segment in the buyer's unit at that scale;
   an original link comes back once its supplier is healthy again, its substitutes
   retire when the original's first new shipment can have arrived.

The link and pair passes run as fused numba loops (:mod:`.kernels`); firm-level work and
the substitution search are numpy. :mod:`chainchief.simulation.reference` implements the
same step with plain Python loops.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pandas as pd

from chainchief.simulation import kernels as kn
from chainchief.simulation.network import Network
from chainchief.simulation.params import SCALES, SimParams
from chainchief.simulation.passes import Passes, default_threads
from chainchief.simulation.result import (
    EVENT_COLUMNS,
    TOTAL_SERIES,
    SimResult,
    event_dtypes,
    events_frame,
)
from chainchief.simulation.search import Links, SearchIndex, search_step
from chainchief.simulation.shocks import Shock, ShockSchedule
from chainchief.simulation.substitution import STAGES

__all__ = ["COMPACT_EVERY", "NEVER", "WEIGHT_EPS", "run", "stage_delays"]

NSC = len(SCALES)
#: Link shares left below this after a transfer are rounding residue and set to zero.
WEIGHT_EPS = 1e-12
NEVER = kn.NEVER
#: Days between two compactions of the substitute links (see ``run(compact_min=)``).
COMPACT_EVERY = 10


def stage_delays(params: SimParams, iccm: bool) -> np.ndarray:
    """Cumulative days from the start of a search to each search step (7 steps)."""
    d = list(params.search_delay_by_scale)
    per = [d[0], d[1], d[2], params.partner_delay, d[3], d[4], d[5]]
    if iccm:
        per = [max(1, math.ceil(x * params.iccm.delay_factor)) if x > 0 else 0 for x in per]
    else:
        per[3] = 0
    return np.cumsum(np.asarray(per, dtype=np.int64))


def run(
    net: Network,
    params: SimParams | None = None,
    shocks: list[Shock] | None = None,
    *,
    seed: int = 0,
    record_firms: bool = True,
    focal: np.ndarray | None = None,
    timings: dict[str, float] | None = None,
    threads: int | None = None,
    compact_min: int = 100_000,
) -> SimResult:
    """Run the model for ``params.days`` daily steps and return a :class:`SimResult`.

    Parameters
    ----------
    net
        The firm network (:func:`chainchief.simulation.network.build_network`).
    params
        Model parameters, including the ICCM lever.
    shocks
        Shocks of the scenario.
    seed
        Seed of the random draws in shocks (firm failures by share).
    record_firms
        Keep per-firm series (T x n arrays); switch off for very large networks.
    focal
        Boolean over firms: a group whose daily output is recorded exactly
        (``SimResult.focal_output``) even when firm series are not kept.
    timings
        When given, wall seconds per phase of the step are added to it (benchmarks).
    threads
        Threads for the step kernels; default ``$CHAINCHIEF_SIM_THREADS``, else 1 below
        :data:`~chainchief.simulation.passes.AUTO_THREADS_MIN_LINKS` links and the
        usable cores (at most 4) above. Results are deterministic for a given number of
        threads and agree across numbers of threads up to rounding.
    compact_min
        Every ``COMPACT_EVERY`` days, once this many substitute links were added since
        the last time, retired substitutes whose shipments have all arrived are dropped
        and the others sorted by pair (speed only: results agree up to rounding, and
        the order of same-day recovery events may differ).
    """
    clock = _Clock(timings)
    p = params or SimParams()
    sched = ShockSchedule(net, list(shocks or []), seed=seed)
    n, npair, nseg, nreg = net.n_firms, net.n_pairs, len(net.segment_keys), len(net.region_ids)
    days_t = p.days
    iccm_on = p.iccm.enabled
    chains = set(p.iccm.chains) if p.iccm.chains is not None else None
    if iccm_on:
        uc, inv = np.unique(net.link_chain.astype(str), return_inverse=True)
        iccm_link = np.array([chains is None or c in chains for c in uc], dtype=bool)[inv]
    else:
        iccm_link = np.zeros(net.n_links, dtype=bool)
    has_prio = iccm_on and p.iccm.priority_critical
    a, pb = net.pair_a, net.pair_buyer
    crit = net.pair_critical
    prio_link = iccm_link & crit[net.link_pair] if has_prio else np.zeros(net.n_links, bool)
    L = Links(net, iccm_link, prio_link, sched.max_extra_lead_by_scale())
    obase = a * net.x0[pb]
    cum = np.stack([stage_delays(p, False), stage_delays(p, True)])
    firm_partner = (
        net.inside(p.iccm.partner_regions)[net.firm_region] if iccm_on else np.zeros(n, bool)
    )
    ctx = {
        "net": net,
        "params": p,
        "obase": obase,
        "units": [net.firm_units(k) for k in range(NSC)],
        "index": SearchIndex(net, firm_partner) if p.substitution else None,
    }

    # Steady state: inventories at target, pipelines full of baseline flows.
    stock = net.pair_days * obase
    arr = np.zeros(npair)
    transit = np.zeros(npair)
    P = L.pipe
    run_ = Passes(
        pb, n, L, nseg + 1, nreg, threads if threads is not None else default_threads(L.size)
    )
    run_.fill(L, L.w0 * obase[L.pair], arr, transit)
    dprev = net.x0.copy()
    tbase = dprev if p.target_on_demand else net.x0
    healthy = np.zeros(n, dtype=np.int64)
    s_link = np.zeros(0, dtype=np.int64)  # searching links, their age and next step,
    s_age = np.zeros(0, dtype=np.int64)  # what they still seek and their first need
    s_next = np.zeros(0, dtype=np.int64)
    s_left = np.zeros(0)
    s_need0 = np.zeros(0)
    # Substitutes waiting to be retired, by the day they retire (in the order they came).
    retiring: dict[int, list[np.ndarray]] = {}
    mark = np.zeros(L.n_orig, dtype=bool)  # scratch over original links

    tot = {k: np.zeros(days_t) for k in (*TOTAL_SERIES, "overfill")}
    replaced = np.zeros((days_t, NSC))
    active = np.zeros((days_t, NSC))
    by_seg = np.zeros((days_t, nseg + 1))
    by_reg = np.zeros((days_t, nreg))
    focal_m = np.zeros(1, dtype=bool) if focal is None else np.asarray(focal, dtype=bool)
    foc = None if focal is None else np.zeros(days_t)
    firm = {k: np.zeros((days_t, n)) for k in ("x", "d", "u", "s")} if record_firms else None
    events: list[dict[str, np.ndarray]] = []
    seg_of_firm = np.where(net.primary_segment >= 0, net.primary_segment, nseg)
    o_pair = np.zeros(npair)
    o_use = np.zeros(npair if has_prio else 1)  # production part of orders (ICCM priority)
    pamt = np.zeros(1)  # priority part of each link's order
    in_lim = np.zeros(n)
    dem, dem_p = np.zeros(n), np.zeros(n)
    feasible, r_p, r_r = np.zeros(n), np.zeros(n), np.zeros(n)
    x = net.x0.copy()  # output; yesterday's until the firm pass
    firm_stock = np.zeros(n)
    rep = np.zeros(NSC)
    g = np.zeros(npair)  # (days + Lbar) * a

    wl, ws = np.zeros(npair), np.zeros(npair)  # per pair: sums of shares x lead, of shares
    act = np.zeros(NSC)
    lead_extra = np.full(NSC, -1, dtype=np.int64)
    bar_sig: tuple[float, ...] | None = None
    n_lead = 0  # links whose lead_eff is set
    # Links in pair order, substitutes retired since, day of the last compaction.
    n_sorted, n_retired, last_compact = L.size, 0, 0
    lbar = np.zeros(npair)
    has_barriers = sched.has_barriers
    pass_l = np.ones(1)
    tcost = np.zeros(1)
    has_pass = False
    bar_size = -1

    clock.tick("setup")
    for t in range(days_t):
        avail = sched.availability(t)
        final = sched.final_demand(t)
        ex = sched.extra_lead(t)
        clock.tick("shocks")
        if t == 0 or not np.array_equal(ex, lead_extra):
            # Full recount of mean lead times and active links (start, logistics shocks).
            lead_extra = ex
            n_lead = L.size
            wl.fill(0.0)
            ws.fill(0.0)
            act = np.zeros(NSC)
            kn.share_recount(
                L.pair, L.w, L.lead, L.scale, ex, L.lead_eff, L.wacc, wl, ws, act,
                net.pair_days, a, lbar, g,
            )  # fmt: skip
            L.touched.clear()
        elif L.touched:
            # Incremental: only links whose share changed since the last step.
            if n_lead < L.size:
                L.lead_eff[n_lead:] = L.lead[n_lead:] + ex[L.scale[n_lead:]]
                n_lead = L.size
            idx = np.concatenate(L.touched)
            L.touched.clear()
            kn.share_update(
                idx, L.pair, L.scale, L.w, L.wacc, L.lead_eff, wl, ws, act, lbar, g,
                net.pair_days, a, WEIGHT_EPS,
            )  # fmt: skip
        active[t] = act
        if max(L.size - n_sorted, n_retired) >= compact_min and t - last_compact >= COMPACT_EVERY:
            s0 = L.n_orig
            dead = (L.retire[s0:] != NEVER) & (t > L.retire[s0:] + P.mask[L.cls[s0:]] + 1)
            newpos = L.compact_subs(dead)
            retiring = {d: [newpos[r - s0] for r in rs] for d, rs in retiring.items()}
            n_sorted = n_lead = L.size
            last_compact, bar_size, n_retired = t, -1, 0
        clock.tick("lead_times")
        if has_barriers:
            sig = sched.barrier_signature(t)
            if sig != bar_sig or bar_size != L.size:
                bar_sig, bar_size = sig, L.size
                lf = sched.link_factors(t, L.sup, pb[L.pair], net.pair_seg[L.pair])
                has_pass = lf is not None
                pass_l = lf[0] if lf is not None else np.ones(1)
                tcost = L.cost + lf[1] if lf is not None else L.cost
        cost_l = tcost if has_pass else L.cost

        clock.tick("bookkeeping")
        # Yesterday's consumption, arrivals, orders per pair and input limits; orders per
        # link and demand.
        if has_prio and len(pamt) < L.size:
            pamt = np.zeros(L.capacity)
        arrived, ordered, transit_before, used, inv_total = run_.pair_orders(
            t > 0, L, arr, stock, transit, a, g, dprev, tbase, pb, crit, p.tau, o_pair, x,
            o_use, in_lim, firm_stock if firm is not None else None, pass_l, has_pass,
            has_prio, pamt, final, dem, dem_p,
        )  # fmt: skip
        if t > 0:
            tot["in_transit"][t - 1] = transit_before
            tot["inventory"][t - 1] = inv_total
            tot["consumption"][t - 1] = used
            if firm is not None:
                firm["s"][t - 1] = firm_stock
        clock.tick("pair_order_pass")

        # Production, rationing, health and records by segment and region.
        sx, sdem, sfin, sfdel, sfoc, n_short = run_.firms(
            by_seg[t], by_reg[t], net.cap, avail, in_lim, dem, dem_p, has_prio, final, net.x0,
            p.recover_health, p.trigger_fill, seg_of_firm, net.firm_region, focal_m,
            foc is not None, feasible, x, r_p, r_r, healthy,
        )  # fmt: skip
        clock.tick("firm_pass")

        # Deliveries, pipeline, tomorrow's arrivals, shortage counters and new searches.
        run_.rates(L, pass_l, has_pass, pamt, has_prio, r_p, r_r, n_short > 0)
        clock.tick("rate_gather")
        dsum, dsub, xcost, new, over = run_.deliver(
            t, L, pass_l, has_pass, L.lead_eff, transit, arr, p.trigger_fill,
            p.trigger_days if p.substitution else NEVER, cost_l, rep, pamt, has_prio, r_p, r_r,
            n_short > 0,
        )  # fmt: skip
        clock.tick("deliver_pass")
        dprev[:] = dem
        if p.target_on_demand:
            tbase = dprev

        # Records.
        tot["output"][t] = sx
        tot["demand"][t] = sdem
        tot["final_demand"][t] = sfin
        tot["final_delivered"][t] = sfdel
        tot["link_deliveries"][t] = dsum
        tot["arrivals"][t] = arrived
        tot["lost_supply"][t] = max(0.0, ordered - (dsum - dsub))
        tot["extra_cost"][t] = xcost
        tot["overfill"][t] = over
        replaced[t] = rep
        if foc is not None:
            foc[t] = sfoc
        if firm is not None:
            firm["x"][t], firm["d"][t], firm["u"][t] = x, dem, final - final * r_r
        if not p.substitution:
            continue

        # Retire substitutes that are due; recover original links of healthy suppliers.
        if t in retiring:
            due = np.concatenate(retiring.pop(t))
            n_retired += len(due)
            L.set_w(due, 0.0)
            L.cap[due] = 0.0
        if p.recover_links and L.n_red:
            red = L.take_recovered(healthy, p.recover_days)
            if len(red):
                L.set_w(red, L.w0[red])
                ms = L.subs_of(red)
                ms = L.by_birth(ms[(L.w[ms] > 0) & (L.retire[ms] == NEVER)])
                if len(ms):
                    events.append(
                        {
                            "day": np.full(len(ms), t, dtype=np.int32),
                            "kind": np.ones(len(ms), dtype=np.int8),
                            "pair": L.pair[ms],
                            "old": L.sup[ms],
                            "new": L.sup[L.origin[ms]],
                            "stage": np.full(len(ms), -1, dtype=np.int8),
                            "scale": L.scale[L.origin[ms]],
                            "volume": L.o[ms],
                        }
                    )
                day = t + L.lead_eff[L.origin[ms]] + 1
                L.retire[ms] = day
                for d in np.unique(day).tolist():
                    retiring.setdefault(int(d), []).append(ms[day == d])
                mark[red] = True
                keep = ~mark[s_link]
                mark[red] = False
                L.searching[s_link[~keep]] = False
                s_link, s_age, s_next = s_link[keep], s_age[keep], s_next[keep]
                s_left, s_need0 = s_left[keep], s_need0[keep]

        # Searches: the ones started today join at age 0, the others age by a day.
        s_age = s_age + 1
        s_link = np.concatenate([s_link, new])
        s_age = np.concatenate([s_age, np.zeros(len(new), dtype=np.int64)])
        s_next = np.concatenate([s_next, np.zeros(len(new), dtype=np.int64)])
        s_left = np.concatenate([s_left, np.full(len(new), np.inf)])
        s_need0 = np.concatenate([s_need0, np.full(len(new), np.nan)])
        clock.tick("recovery")
        if not len(s_link):
            continue
        spare = np.maximum(feasible - x, 0.0)
        s_iccm = L.iccm[s_link] if iccm_on else None
        for st in range(len(STAGES)):
            # Day of the step: by the search's link (ICCM delays where the lever applies).
            lim = cum[0, st] if s_iccm is None else np.where(s_iccm, cum[1, st], cum[0, st])
            ev = np.flatnonzero((s_next == st) & (s_age >= lim))
            if not len(ev):
                continue
            s_next[ev] += 1
            batch, s_left[ev], s_need0[ev] = search_step(
                ctx, L, s_link[ev], s_left[ev], s_need0[ev], st, spare, t
            )
            if batch is not None:
                events.append(batch)
        done = (s_next >= len(STAGES)) | (L.w[s_link] <= 0) | (s_left <= p.min_allocation * s_need0)
        L.searching[s_link[done]] = False
        s_link, s_age, s_next = s_link[~done], s_age[~done], s_next[~done]
        s_left, s_need0 = s_left[~done], s_need0[~done]
        clock.tick("search")

    # The last day's consumption (the others ran with the next day's pair pass).
    used, inv_total = run_.consume(a, x, pb, crit, stock, firm_stock, firm is not None)
    tot["consumption"][days_t - 1] = used
    tot["inventory"][days_t - 1] = inv_total
    if firm is not None:
        firm["s"][days_t - 1] = firm_stock
    tot["in_transit"][days_t - 1] = transit.sum()
    run_.close()
    clock.tick("bookkeeping")
    clock.rss("peak_rss_gib_before_events")
    ev_arrays = _concat_events(events)
    return SimResult(
        firm_ids=net.firm_ids,
        baseline=net.x0,
        **{k: tot[k] for k in TOTAL_SERIES},
        replaced=replaced,
        active_links=active,
        output_by_segment=by_seg,
        output_by_region=by_reg,
        firm_output=firm["x"] if firm else None,
        firm_demand=firm["d"] if firm else None,
        firm_unmet_final=firm["u"] if firm else None,
        firm_inventory=firm["s"] if firm else None,
        pair_inventory_end=stock,
        link_weights_end=np.concatenate([L.w[: L.n_orig], L.w[L.by_birth(L.sub_idx)]]),
        link_overfill=tot["overfill"],
        focal_mask=None if focal is None else np.asarray(focal, dtype=bool).copy(),
        focal_output=foc,
        events=clock.done(_events_table(net, ev_arrays), "events"),
    )


class _Clock:
    """Adds the wall time since the previous tick to a named phase (no-op without dict)."""

    def __init__(self, out: dict[str, float] | None) -> None:
        self.out = out
        self.t = time.perf_counter()

    def tick(self, name: str) -> None:
        if self.out is not None:
            now = time.perf_counter()
            self.out[name] = self.out.get(name, 0.0) + now - self.t
            self.t = now

    def rss(self, name: str) -> None:
        """Peak resident memory so far (GiB, Linux), when timings are kept."""
        if self.out is not None:
            import resource

            self.out[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20

    def done(self, value: Any, name: str) -> Any:
        self.tick(name)
        return value


def _concat_events(events: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray] | None:
    """One array per event field, freeing the daily batches as it goes (memory).

    Batches hold compact types (int32 days, pairs and firms; int8 codes): 27 bytes an
    event instead of 64.
    """
    if not events:
        return None
    keys = list(events[0])
    out = {}
    for k in keys:
        out[k] = np.concatenate([e.pop(k) for e in events])
    events.clear()
    return out


def _events_table(net: Network, ev: dict[str, np.ndarray] | None) -> pd.DataFrame:
    """The events as a table: the batches' codes become the categorical columns' codes
    (no strings are built, whatever the number of events)."""
    if ev is None:
        return events_frame([], net.firm_ids, net.segment_keys)
    types = event_dtypes(net.firm_ids, net.segment_keys)

    def cat(col: str, codes: np.ndarray) -> pd.Categorical:
        t = types[col]
        codes = codes.astype(np.int32, copy=False)
        if col == "stage":
            codes = np.where(codes < 0, len(t.categories) - 1, codes)  # -1: "recover"
        return pd.Categorical.from_codes(codes, dtype=t)

    pair = ev.pop("pair")
    cols = {
        "day": pd.array(ev.pop("day"), dtype="Int64"),
        "kind": cat("kind", ev.pop("kind")),
        "buyer": cat("buyer", net.pair_buyer[pair]),
        "segment": cat("segment", net.pair_seg[pair]),
        "old_supplier": cat("old_supplier", ev.pop("old")),
        "new_supplier": cat("new_supplier", ev.pop("new")),
        "stage": cat("stage", ev.pop("stage")),
        "scale": cat("scale", ev.pop("scale")),
        "volume": ev.pop("volume").astype(np.float64, copy=False),
    }
    del pair
    return pd.DataFrame({c: cols[c] for c in EVENT_COLUMNS}, copy=False)
