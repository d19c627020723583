"""Vectorised daily step of the firm-level supply-network model.

One step (day ``t``), for every firm at once (arrays over firms, pairs and links):

1. shocks set capacity availability, final demand, flow cuts and lead-time delays;
2. shipments due today arrive into input inventories;
3. buyers order each input up to its target: ``O = a E + ((days + Lbar) a E - S - T) / tau``
   (``E`` the demand the firm faced yesterday, ``S`` inventory, ``T`` in transit,
   ``Lbar`` mean lead time), split over links by their shares, capped on substitute links;
4. firms produce ``x = min(cap * avail, min over critical inputs S / a, demand)``;
5. output is rationed proportionally over orders (under ICCM orders of critical inputs
   are served first); deliveries leave for ``t + lead``; inputs are consumed;
6. links that deliver less than ``trigger_fill`` for ``trigger_days`` start a search for
   substitutes, scale by scale; each step of the search takes its delay and offers the
   spare capacity of firms of the segment in the buyer's unit at that scale; original
   links are restored once their supplier is healthy again.

:mod:`chainchief.simulation.reference` implements the same step with plain loops.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from chainchief.simulation.network import Network
from chainchief.simulation.params import SCALES, SimParams
from chainchief.simulation.result import SimResult
from chainchief.simulation.shocks import Shock, ShockSchedule
from chainchief.simulation.substitution import STAGE_SCALE, STAGES, match_requests

__all__ = ["WEIGHT_EPS", "run", "stage_delays"]

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


class _Links:
    """Growable per-link state."""

    names = ("sup", "pair", "w", "w0", "cap", "lead", "scale", "iccm", "sub", "origin", "cost")

    def __init__(self, net: Network, iccm_link: np.ndarray) -> None:
        n = net.n_links
        self.sup = net.link_sup.copy()
        self.pair = net.link_pair.copy()
        self.w = net.link_w0.copy()
        self.w0 = net.link_w0.copy()
        self.cap = np.full(n, np.inf)
        self.lead = net.link_lead.copy()
        self.scale = net.link_scale.astype(np.int64)
        self.iccm = iccm_link
        self.sub = np.zeros(n, dtype=bool)
        self.origin = np.full(n, -1, dtype=np.int64)
        self.cost = np.zeros(n)
        self.short = np.zeros(n, dtype=np.int64)
        self.fill = np.ones(n)
        self.retire = np.full(n, NEVER, dtype=np.int64)

    def append(self, **cols: np.ndarray) -> None:
        k = len(cols["sup"])
        for name in self.names:
            setattr(self, name, np.concatenate([getattr(self, name), cols[name]]))
        self.short = np.concatenate([self.short, np.zeros(k, dtype=np.int64)])
        self.fill = np.concatenate([self.fill, np.ones(k)])
        self.retire = np.concatenate([self.retire, np.full(k, NEVER, dtype=np.int64)])


def run(
    net: Network,
    params: SimParams | None = None,
    shocks: list[Shock] | None = None,
    *,
    seed: int = 0,
    record_firms: bool = True,
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
    """
    p = params or SimParams()
    sched = ShockSchedule(net, list(shocks or []), seed=seed)
    n, npair, nseg, nreg = net.n_firms, net.n_pairs, len(net.segment_keys), len(net.region_ids)
    days_t = p.days
    iccm_on = p.iccm.enabled
    chains = set(p.iccm.chains) if p.iccm.chains is not None else None
    iccm_link = (
        np.array([chains is None or c in chains for c in net.link_chain], dtype=bool)
        if iccm_on
        else np.zeros(net.n_links, dtype=bool)
    )
    L = _Links(net, iccm_link)
    a, pb = net.pair_a, net.pair_buyer
    crit = net.pair_critical
    obase = a * net.x0[pb]
    lead_pen = np.asarray(p.lead_penalty_by_scale, dtype=np.int64)
    cost_pen = np.asarray(p.cost_penalty_by_scale, dtype=float)
    h = int(max(L.lead.max(initial=1), max(p.lead_time_by_scale) + lead_pen.max()))
    h += sched.max_extra_lead() + 1
    cum = {False: stage_delays(p, False), True: stage_delays(p, True)}
    partner = net.inside(p.iccm.partner_regions) if iccm_on else np.zeros(nreg, dtype=bool)
    firm_partner = partner[net.firm_region]
    units = [net.firm_units(k) for k in range(NSC)]

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

    def series(shape: tuple[int, ...]) -> np.ndarray:
        return np.zeros(shape)

    out = {
        k: series((days_t,))
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
        ]
    }
    replaced = series((days_t, NSC))
    active = series((days_t, NSC))
    by_seg = series((days_t, nseg + 1))
    by_reg = series((days_t, nreg))
    firm = {k: series((days_t, n)) for k in ("x", "d", "u", "s")} if record_firms else None
    events: list[tuple[object, ...]] = []
    overfill = series((days_t,))
    seg_of_firm = np.where(net.primary_segment >= 0, net.primary_segment, nseg)

    dirty = True
    lead_extra = np.full(NSC, -1, dtype=np.int64)
    bar_sig: tuple[float, ...] | None = None
    lead_eff = L.lead
    groups: list[tuple[int, np.ndarray | slice]] = []
    lbar = np.zeros(npair)
    pass_l: np.ndarray | None = None
    cost_l = np.zeros(0)
    prio = np.zeros(0, dtype=bool)

    for t in range(days_t):
        avail = sched.availability(t)
        final = sched.final_demand(t)
        ex = sched.extra_lead(t)
        sig = sched.barrier_signature(t)
        if dirty or not np.array_equal(ex, lead_extra):
            lead_extra = ex
            lead_eff = L.lead + ex[L.scale]
            groups = _lead_groups(lead_eff)
            wl = np.bincount(L.pair, L.w * lead_eff, minlength=npair)
            ws = np.bincount(L.pair, L.w, minlength=npair)
            lbar = np.divide(wl, ws, out=np.zeros(npair), where=ws > 0)
            active[t:] = np.bincount(L.scale[L.w > 0], minlength=NSC)
        if dirty or sig != bar_sig:
            bar_sig = sig
            lf = sched.link_factors(t, L.sup, pb[L.pair], net.pair_seg[L.pair])
            pass_l, cost_l = (None, L.cost) if lf is None else (lf[0], lf[1] + L.cost)
            prio = L.iccm & crit[L.pair] if (iccm_on and p.iccm.priority_critical) else prio[:0]
        dirty = False

        # Arrivals.
        slot = t % h
        arr = ring[slot].copy()
        ring[slot] = 0.0
        stock += arr
        transit -= arr

        # Orders.
        e = dprev[pb]
        o_pair = np.maximum(0.0, a * e + ((net.pair_days + lbar) * a * e - stock - transit) / p.tau)
        o = np.minimum(o_pair[L.pair] * L.w, L.cap)
        o_eff = o if pass_l is None else o * pass_l
        dem_int = np.bincount(L.sup, o_eff, minlength=n)
        dem = dem_int + final

        # Production.
        ratio = np.full(npair, np.inf)
        ok = crit & (a > 0)
        ratio[ok] = stock[ok] / a[ok]
        in_lim = np.full(n, np.inf)
        np.minimum.at(in_lim, pb, ratio)
        feasible = np.minimum(net.cap * avail, in_lim)
        x = np.minimum(feasible, dem)

        # Rationing.
        if len(prio):
            dem_p = np.bincount(L.sup[prio], o_eff[prio], minlength=n)
            r_p = np.divide(x, dem_p, out=np.ones(n), where=dem_p > 0)
            r_p = np.minimum(r_p, 1.0)
            rest = dem - dem_p
            r_r = np.divide(x - r_p * dem_p, rest, out=np.ones(n), where=rest > 0)
            r_r = np.clip(r_r, 0.0, 1.0)
            d = o_eff * np.where(prio, r_p[L.sup], r_r[L.sup])
        else:
            r_r = np.divide(x, dem, out=np.ones(n), where=dem > 0)
            d = o_eff * r_r[L.sup]
        fdel = final * r_r

        # Shipping.
        for lead_k, idx in groups:
            ring[(t + lead_k) % h] += np.bincount(L.pair[idx], d[idx], minlength=npair)
        shipped = np.bincount(L.pair, d, minlength=npair)
        transit += shipped

        # Consumption.
        use = a * x[pb]
        use = np.where(crit, use, np.minimum(use, stock))
        stock -= use
        stock[stock < 0] = 0.0  # rounding only: critical use never exceeds stock
        dprev = dem

        # Records.
        out["output"][t] = x.sum()
        out["demand"][t] = dem.sum()
        out["final_demand"][t] = final.sum()
        out["final_delivered"][t] = fdel.sum()
        out["link_deliveries"][t] = d.sum()
        out["inventory"][t] = stock.sum()
        out["in_transit"][t] = transit.sum()
        out["consumption"][t] = use.sum()
        out["arrivals"][t] = arr.sum()
        sub_idx = np.flatnonzero(L.sub)
        d_sub = d[sub_idx]
        out["lost_supply"][t] = max(0.0, float(o_pair.sum()) - float(d.sum() - d_sub.sum()))
        replaced[t] = np.bincount(L.scale[sub_idx], d_sub, minlength=NSC)
        out["extra_cost"][t] = float(d @ cost_l) if len(cost_l) else 0.0
        by_seg[t] = np.bincount(seg_of_firm, x, minlength=nseg + 1)
        by_reg[t] = np.bincount(net.firm_region, x, minlength=nreg)
        if firm is not None:
            firm["x"][t], firm["d"][t], firm["u"][t] = x, dem, final - fdel
            firm["s"][t] = np.bincount(pb, stock, minlength=n)
            overfill[t] = float(np.max(d - o, initial=0.0))

        # Health of suppliers, fill of links.
        health = np.divide(feasible, net.x0, out=np.full(n, np.inf), where=net.x0 > 0)
        healthy = np.where(health >= p.recover_health, healthy + 1, 0)
        L.fill = np.divide(d, o, out=np.ones(len(o)), where=o > 0)
        if not p.substitution:
            continue

        # Recovery of original links: the original share comes back at once; substitutes
        # are retired once the original's first new shipment can have arrived.
        if len(retiring):
            due = retiring[L.retire[retiring] <= t]
            if len(due):
                L.w[due] = 0.0
                L.cap[due] = 0.0
                retiring = retiring[L.retire[retiring] > t]
                dirty = True
        if p.recover_links:
            red = np.flatnonzero(~L.sub & (L.w < L.w0))
            red = red[healthy[L.sup[red]] >= p.recover_days]
            if len(red):
                L.w[red] = L.w0[red]
                m = L.sub & np.isin(L.origin, red) & (L.w > 0) & (L.retire == NEVER)
                for j in np.flatnonzero(m).tolist():
                    _event(events, t, "recover", net, L, j, j, int(L.origin[j]), float(o[j]))
                L.retire[m] = t + lead_eff[L.origin[m]]
                retiring = np.concatenate([retiring, np.flatnonzero(m)])
                keep = ~np.isin(s_link, red)
                s_link, s_age, s_next = s_link[keep], s_age[keep], s_next[keep]
                dirty = True

        # New searches.
        L.short = np.where((L.fill < p.trigger_fill) & (L.w > 0) & (o > 0), L.short + 1, 0)
        start = np.flatnonzero(L.short >= p.trigger_days)
        start = start[~np.isin(start, s_link)]
        L.short[start] = 0
        s_age = s_age + 1
        s_link = np.concatenate([s_link, start])
        s_age = np.concatenate([s_age, np.zeros(len(start), dtype=np.int64)])
        s_next = np.concatenate([s_next, np.zeros(len(start), dtype=np.int64)])
        if not len(s_link):
            continue
        spare = np.maximum(feasible - x, 0.0)
        for st in range(len(STAGES)):
            cum_l = np.where(L.iccm[s_link], cum[True][st], cum[False][st])
            ev = np.flatnonzero((s_next == st) & (s_age >= cum_l))
            if not len(ev):
                continue
            s_next[ev] += 1
            lk = s_link[ev]
            if st == STAGES.index("partner"):
                lk = lk[L.iccm[lk]]
            need = L.w[lk] * (1.0 - L.fill[lk]) * obase[L.pair[lk]]
            lk, need = lk[need > 0], need[need > 0]
            if not len(lk):
                continue
            buyer, seg = pb[L.pair[lk]], net.pair_seg[L.pair[lk]]
            cand = np.flatnonzero(spare[net.fs_firm] > 0)
            cf, cs = net.fs_firm[cand], net.fs_seg[cand]
            sc = STAGE_SCALE[st]
            if sc < 0:
                ucand = np.where(firm_partner[cf], 0, -1)
                ureq = np.zeros(len(lk), dtype=np.int64)
            else:
                ucand, ureq = units[sc][cf], units[sc][buyer]
            good_c = ucand >= 0
            cf, cs, ucand = cf[good_c], cs[good_c], ucand[good_c]
            good_r = ureq >= 0
            ri, ci, amt = match_requests(
                (seg * (nreg + 1) + ureq)[good_r],
                need[good_r],
                cs * (nreg + 1) + ucand,
                spare[cf],
                cf,
            )
            rl = np.flatnonzero(good_r)[ri]
            req_l, new_sup = lk[rl], cf[ci]
            keep = (
                (amt > p.min_allocation * need[rl])
                & (new_sup != pb[L.pair[req_l]])
                & (new_sup != L.sup[req_l])
            )
            req_l, new_sup, amt = req_l[keep], new_sup[keep], amt[keep]
            if not len(req_l):
                continue
            spare -= np.bincount(new_sup, amt, minlength=n)
            spare = np.maximum(spare, 0.0)
            dw = amt / obase[L.pair[req_l]]
            np.subtract.at(L.w, req_l, dw)
            L.w[req_l] = np.where(L.w[req_l] > WEIGHT_EPS, L.w[req_l], 0.0)
            nscale = net.relation_scale_idx(new_sup, pb[L.pair[req_l]]).astype(np.int64)
            first_new = len(L.sup)
            L.append(
                sup=new_sup,
                pair=L.pair[req_l],
                w=dw,
                w0=np.zeros(len(dw)),
                cap=amt,
                lead=np.asarray(p.lead_time_by_scale, dtype=np.int64)[nscale] + lead_pen[nscale],
                scale=nscale,
                iccm=L.iccm[req_l],
                sub=np.ones(len(dw), dtype=bool),
                origin=np.where(L.origin[req_l] >= 0, L.origin[req_l], req_l),
                cost=cost_pen[nscale],
            )
            for q in range(len(req_l)):
                _event(
                    events,
                    t,
                    STAGES[st],
                    net,
                    L,
                    int(req_l[q]),
                    int(req_l[q]),
                    first_new + q,
                    float(amt[q]),
                )
            dirty = True
        done = (s_next >= len(STAGES)) | (L.w[s_link] <= 0)
        s_link, s_age, s_next = s_link[~done], s_age[~done], s_next[~done]

    return SimResult(
        firm_ids=net.firm_ids,
        baseline=net.x0,
        output=out["output"],
        demand=out["demand"],
        final_demand=out["final_demand"],
        final_delivered=out["final_delivered"],
        link_deliveries=out["link_deliveries"],
        inventory=out["inventory"],
        in_transit=out["in_transit"],
        consumption=out["consumption"],
        arrivals=out["arrivals"],
        lost_supply=out["lost_supply"],
        replaced=replaced,
        active_links=active,
        extra_cost=out["extra_cost"],
        output_by_segment=by_seg,
        output_by_region=by_reg,
        firm_output=firm["x"] if firm else None,
        firm_demand=firm["d"] if firm else None,
        firm_unmet_final=firm["u"] if firm else None,
        firm_inventory=firm["s"] if firm else None,
        pair_inventory_end=stock,
        link_weights_end=L.w,
        link_overfill=overfill if record_firms else None,
        events=events,
    )


def _event(
    events: list[tuple[object, ...]],
    t: int,
    kind: str,
    net: Network,
    L: _Links,
    old: int,
    src: int,
    new: int,
    volume: float,
) -> None:
    """Record a substitution (``kind`` = search step) or a recovery event."""
    pair = int(L.pair[src])
    stage = kind if kind != "recover" else "recover"
    events.append(
        (
            t,
            "recover" if kind == "recover" else "substitute",
            str(net.firm_ids[net.pair_buyer[pair]]),
            str(net.segment_keys[net.pair_seg[pair]]),
            str(net.firm_ids[L.sup[old]]),
            str(net.firm_ids[L.sup[new]]),
            stage,
            SCALES[int(L.scale[new])],
            volume,
        )
    )


def _lead_groups(lead: np.ndarray) -> list[tuple[int, np.ndarray | slice]]:
    """Links grouped by lead time: slices when already sorted, else index arrays."""
    if len(lead) == 0:
        return []
    if np.all(lead[1:] >= lead[:-1]):
        cuts = np.flatnonzero(np.diff(lead)) + 1
        bounds = np.concatenate([[0], cuts, [len(lead)]])
        return [(int(lead[s]), slice(int(s), int(e))) for s, e in itertools.pairwise(bounds)]
    order = np.argsort(lead, kind="stable")
    cuts = np.flatnonzero(np.diff(lead[order])) + 1
    return [(int(lead[c[0]]), c) for c in np.split(order, cuts)]
