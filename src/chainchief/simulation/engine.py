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

import numpy as np
import pandas as pd

from chainchief.simulation import kernels as kn
from chainchief.simulation.network import Network
from chainchief.simulation.params import SCALES, SimParams
from chainchief.simulation.result import SimResult, events_frame
from chainchief.simulation.search import Links, search_step
from chainchief.simulation.shocks import Shock, ShockSchedule
from chainchief.simulation.substitution import STAGES

__all__ = ["NEVER", "WEIGHT_EPS", "run", "stage_delays"]

NSC = len(SCALES)
#: Link shares left below this after a transfer are rounding residue and set to zero.
WEIGHT_EPS = 1e-12
NEVER = np.iinfo(np.int64).max


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
    """
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
    L = Links(net, iccm_link)
    a, pb = net.pair_a, net.pair_buyer
    crit = net.pair_critical
    obase = a * net.x0[pb]
    lead_pen = np.asarray(p.lead_penalty_by_scale, dtype=np.int64)
    h = int(max(L.lead.max(initial=1), max(p.lead_time_by_scale) + lead_pen.max()))
    h += sched.max_extra_lead() + 1
    cum = np.stack([stage_delays(p, False), stage_delays(p, True)])
    ctx = {
        "net": net,
        "params": p,
        "obase": obase,
        "units": [net.firm_units(k) for k in range(NSC)],
        "firm_partner": (
            net.inside(p.iccm.partner_regions)[net.firm_region]
            if iccm_on
            else np.zeros(n, dtype=bool)
        ),
    }

    # Steady state: inventories at target, pipelines full of baseline flows.
    flow0 = L.w0 * obase[L.pair]
    stock = net.pair_days * obase
    ring = np.zeros((h, npair))
    for k in range(1, h):
        m = L.lead > k - 1
        ring[k - 1] = np.bincount(L.pair[m], flow0[m], minlength=npair)
    transit = ring.sum(axis=0)
    dprev = net.x0.copy()
    healthy = np.zeros(n, dtype=np.int64)
    s_link = np.zeros(0, dtype=np.int64)  # searching links, their age and next step
    s_age = np.zeros(0, dtype=np.int64)
    s_next = np.zeros(0, dtype=np.int64)
    retiring = np.zeros(0, dtype=np.int64)  # substitutes waiting to be retired

    tot = {
        k: np.zeros(days_t)
        for k in [
            "output",
            "demand",
            "final_demand",
            "final_delivered",
            "link_deliveries",
            "inventory",
            "in_transit",
            "consumption",
            "arrivals",
            "lost_supply",
            "extra_cost",
            "overfill",
        ]
    }
    replaced = np.zeros((days_t, NSC))
    active = np.zeros((days_t, NSC))
    by_seg = np.zeros((days_t, nseg + 1))
    by_reg = np.zeros((days_t, nreg))
    focal_w = None if focal is None else np.asarray(focal, dtype=bool).astype(np.float64)
    foc = None if focal is None else np.zeros(days_t)
    firm = {k: np.zeros((days_t, n)) for k in ("x", "d", "u", "s")} if record_firms else None
    events: list[dict[str, np.ndarray]] = []
    seg_of_firm = np.where(net.primary_segment >= 0, net.primary_segment, nseg)
    o_pair = np.zeros(npair)
    in_lim = np.zeros(n)
    dem, dem_p = np.zeros(n), np.zeros(n)
    firm_stock = np.zeros(n)
    rep = np.zeros(NSC)
    starts = np.zeros(0, dtype=np.int64)

    dirty = True
    o = oeff = d = np.zeros(0)
    wl = ws = np.zeros(npair)
    act = np.zeros(NSC)
    lead_extra = np.full(NSC, -1, dtype=np.int64)
    bar_sig: tuple[float, ...] | None = None
    lead_eff = L.lead.copy()
    lbar = np.zeros(npair)
    pass_l = np.ones(0)
    cost_l = np.zeros(0)
    prio = np.zeros(0, dtype=bool)
    has_pass = False
    has_cost = False
    has_prio = iccm_on and p.iccm.priority_critical

    for t in range(days_t):
        avail = sched.availability(t)
        final = sched.final_demand(t)
        ex = sched.extra_lead(t)
        sig = sched.barrier_signature(t)
        if t == 0 or not np.array_equal(ex, lead_extra):
            # Full recount of mean lead times and active links (start, logistics shocks).
            lead_extra = ex
            lead_eff = L.lead + ex[L.scale]
            wl = np.asarray(np.bincount(L.pair, L.w * lead_eff, minlength=npair), dtype=float)
            ws = np.asarray(np.bincount(L.pair, L.w, minlength=npair), dtype=float)
            act = np.bincount(L.scale[L.w > 0], minlength=NSC).astype(float)
            L.wacc[:] = L.w
            L.touched.clear()
            lbar = np.divide(wl, ws, out=np.zeros(npair), where=ws > 0)
        elif L.touched:
            # Incremental: only links whose share changed since the last step.
            if len(lead_eff) < L.size:
                k0 = len(lead_eff)
                lead_eff = np.concatenate([lead_eff, L.lead[k0:] + ex[L.scale[k0:]]])
            idx = np.unique(np.concatenate(L.touched))
            L.touched.clear()
            old, new = L.wacc[idx], L.w[idx]
            np.add.at(wl, L.pair[idx], (new - old) * lead_eff[idx])
            np.add.at(ws, L.pair[idx], new - old)
            act += np.bincount(L.scale[idx][new > 0], minlength=NSC)
            act -= np.bincount(L.scale[idx][old > 0], minlength=NSC)
            L.wacc[idx] = new
            q = np.unique(L.pair[idx])
            tiny = ws[q] <= WEIGHT_EPS
            ws[q[tiny]], wl[q[tiny]] = 0.0, 0.0
            lbar[q] = np.divide(wl[q], ws[q], out=np.zeros(len(q)), where=ws[q] > 0)
        active[t] = act
        if dirty or sig != bar_sig:
            bar_sig = sig
            lf = sched.link_factors(t, L.sup, pb[L.pair], net.pair_seg[L.pair])
            has_pass = lf is not None
            pass_l = lf[0] if lf is not None else np.ones(1)
            cost_l = L.cost + lf[1] if lf is not None else L.cost
            has_cost = L.size > L.n_orig or lf is not None
            prio = L.iccm & crit[L.pair] if has_prio else np.zeros(1, dtype=bool)
        if len(o) != L.size:
            o, oeff, d = np.zeros(L.size), np.zeros(L.size), np.zeros(L.size)
            if len(starts) < L.size:
                starts = np.zeros(L.size, dtype=np.int64)
        dirty = False

        # Arrivals, orders per pair and input limits; orders per link and demand.
        arr = kn.pair_pass(
            t % h, ring, stock, transit, a, net.pair_days, lbar, dprev,
            dprev if p.target_on_demand else net.x0, pb, crit, p.tau,
            o_pair, in_lim,
        )  # fmt: skip
        kn.order_pass(
            o_pair, L.pair, L.w, L.cap, L.retire, pass_l, has_pass, L.sup, prio, has_prio, final,
            o, oeff, dem, dem_p,
        )  # fmt: skip

        # Production and rationing.
        feasible = np.minimum(net.cap * avail, in_lim)
        x = np.minimum(feasible, dem)
        if has_prio:
            r_p = np.minimum(np.divide(x, dem_p, out=np.ones(n), where=dem_p > 0), 1.0)
            rest = dem - dem_p
            r_r = np.divide(x - r_p * dem_p, rest, out=np.ones(n), where=rest > 0)
            r_r = np.clip(r_r, 0.0, 1.0)
        else:
            r_p = r_r = np.divide(x, dem, out=np.ones(n), where=dem > 0)
        fdel = final * r_r

        # Deliveries, pipeline, shortage counters and new searches; consumption.
        dsum, dsub, xcost, n_new, over = kn.deliver_pass(
            t, h, o, oeff, L.sup, L.pair, lead_eff, prio, has_prio, r_p, r_r, ring, transit,
            d, L.short, p.trigger_fill, p.trigger_days if p.substitution else NEVER,
            L.searching, starts, L.sub, L.scale, cost_l, bool(has_cost), rep,
        )  # fmt: skip
        used = kn.consume_pass(a, x, pb, crit, stock, firm_stock)
        dprev = dem.copy()

        # Records.
        tot["output"][t] = x.sum()
        tot["demand"][t] = dem.sum()
        tot["final_demand"][t] = final.sum()
        tot["final_delivered"][t] = fdel.sum()
        tot["link_deliveries"][t] = dsum
        tot["inventory"][t] = firm_stock.sum()
        tot["in_transit"][t] = transit.sum()
        tot["consumption"][t] = used
        tot["arrivals"][t] = arr
        tot["lost_supply"][t] = max(0.0, float(o_pair.sum()) - (dsum - dsub))
        tot["extra_cost"][t] = xcost
        tot["overfill"][t] = over
        replaced[t] = rep
        by_seg[t] = np.bincount(seg_of_firm, x, minlength=nseg + 1)
        by_reg[t] = np.bincount(net.firm_region, x, minlength=nreg)
        if foc is not None:
            foc[t] = float(x @ focal_w)
        if firm is not None:
            firm["x"][t], firm["d"][t], firm["u"][t] = x, dem, final - fdel
            firm["s"][t] = firm_stock
        health = np.divide(feasible, net.x0, out=np.full(n, np.inf), where=net.x0 > 0)
        healthy = np.where((health >= p.recover_health) & (r_r >= p.trigger_fill), healthy + 1, 0)
        if not p.substitution:
            continue

        # Retire substitutes that are due; recover original links of healthy suppliers.
        if len(retiring):
            due = retiring[L.retire[retiring] <= t]
            if len(due):
                L.set_w(due, 0.0)
                L.cap[due] = 0.0
                retiring = retiring[L.retire[retiring] > t]
                dirty = True
        if p.recover_links and len(L.reduced):
            red = L.reduced[healthy[L.sup[L.reduced]] >= p.recover_days]
            if len(red):
                L.set_w(red, L.w0[red])
                L.reduced = np.setdiff1d(L.reduced, red)
                subs = L.sub_idx
                ms = subs[np.isin(L.origin[subs], red)]
                ms = ms[(L.w[ms] > 0) & (L.retire[ms] == NEVER)]
                if len(ms):
                    events.append(
                        {
                            "day": np.full(len(ms), t),
                            "kind": np.ones(len(ms), dtype=np.int64),
                            "pair": L.pair[ms],
                            "old": L.sup[ms],
                            "new": L.sup[L.origin[ms]],
                            "stage": np.full(len(ms), -1),
                            "scale": L.scale[L.origin[ms]],
                            "volume": o[ms],
                        }
                    )
                L.retire[ms] = t + lead_eff[L.origin[ms]] + 1
                retiring = np.concatenate([retiring, ms])
                keep = ~np.isin(s_link, red)
                L.searching[s_link[~keep]] = False
                s_link, s_age, s_next = s_link[keep], s_age[keep], s_next[keep]
                dirty = True

        # Searches: the ones started today join at age 0, the others age by a day.
        s_age = s_age + 1
        new = starts[:n_new].copy()
        s_link = np.concatenate([s_link, new])
        s_age = np.concatenate([s_age, np.zeros(len(new), dtype=np.int64)])
        s_next = np.concatenate([s_next, np.zeros(len(new), dtype=np.int64)])
        if not len(s_link):
            continue
        spare = np.maximum(feasible - x, 0.0)
        for st in range(len(STAGES)):
            ev = np.flatnonzero((s_next == st) & (s_age >= cum[L.iccm[s_link].astype(int), st]))
            if not len(ev):
                continue
            s_next[ev] += 1
            batch = search_step(ctx, L, s_link[ev], st, spare, o, d, t)
            if batch is not None:
                events.append(batch)
                dirty = True
        done = (s_next >= len(STAGES)) | (L.w[s_link] <= 0)
        L.searching[s_link[done]] = False
        s_link, s_age, s_next = s_link[~done], s_age[~done], s_next[~done]

    ev_arrays = {k: np.concatenate([e[k] for e in events]) for k in events[0]} if events else None
    return SimResult(
        firm_ids=net.firm_ids,
        baseline=net.x0,
        output=tot["output"],
        demand=tot["demand"],
        final_demand=tot["final_demand"],
        final_delivered=tot["final_delivered"],
        link_deliveries=tot["link_deliveries"],
        inventory=tot["inventory"],
        in_transit=tot["in_transit"],
        consumption=tot["consumption"],
        arrivals=tot["arrivals"],
        lost_supply=tot["lost_supply"],
        replaced=replaced,
        active_links=active,
        extra_cost=tot["extra_cost"],
        output_by_segment=by_seg,
        output_by_region=by_reg,
        firm_output=firm["x"] if firm else None,
        firm_demand=firm["d"] if firm else None,
        firm_unmet_final=firm["u"] if firm else None,
        firm_inventory=firm["s"] if firm else None,
        pair_inventory_end=stock,
        link_weights_end=L.w.copy(),
        link_overfill=tot["overfill"],
        focal_mask=None if focal is None else np.asarray(focal, dtype=bool).copy(),
        focal_output=foc,
        events=_events_table(net, ev_arrays),
    )


def _events_table(net: Network, ev: dict[str, np.ndarray] | None) -> pd.DataFrame:
    if ev is None:
        return events_frame([])
    stage_names = np.array([*STAGES, "recover"], dtype=object)
    return events_frame(
        list(
            zip(
                ev["day"].tolist(),
                np.where(ev["kind"] == 1, "recover", "substitute").tolist(),
                net.firm_ids[net.pair_buyer[ev["pair"]]].tolist(),
                net.segment_keys[net.pair_seg[ev["pair"]]].tolist(),
                net.firm_ids[ev["old"]].tolist(),
                net.firm_ids[ev["new"]].tolist(),
                stage_names[ev["stage"]].tolist(),
                np.asarray(SCALES, dtype=object)[ev["scale"]].tolist(),
                ev["volume"].astype(float).tolist(),
                strict=True,
            )
        )
    )
