"""Plain per-firm loop implementation of the daily step (the readable reference).

It does exactly what :mod:`chainchief.simulation.engine` does, one firm and one link at
a time with Python lists, so that tests can require both to produce the same
trajectories. It is slow: use it on small networks only.
"""

from __future__ import annotations

import math

import numpy as np

from chainchief.simulation.engine import WEIGHT_EPS, stage_delays
from chainchief.simulation.network import Network
from chainchief.simulation.params import SCALES, SimParams
from chainchief.simulation.result import TOTAL_SERIES, SimResult, events_frame
from chainchief.simulation.shocks import Shock, ShockSchedule
from chainchief.simulation.substitution import SHORTFALL_TOL, STAGE_SCALE, STAGES

__all__ = ["run_reference"]


def run_reference(
    net: Network,
    params: SimParams | None = None,
    shocks: list[Shock] | None = None,
    *,
    seed: int = 0,
) -> SimResult:
    """Run the model with plain loops; same arguments and result as :func:`engine.run`."""
    p = params or SimParams()
    sched = ShockSchedule(net, list(shocks or []), seed=seed)
    n, npair, nseg, nreg = net.n_firms, net.n_pairs, len(net.segment_keys), len(net.region_ids)
    T = p.days
    iccm_on = p.iccm.enabled
    chains = set(p.iccm.chains) if p.iccm.chains is not None else None
    x0 = [float(v) for v in net.x0]
    cap = [float(v) for v in net.cap]
    a = [float(v) for v in net.pair_a]
    pbuy = [int(v) for v in net.pair_buyer]
    pseg = [int(v) for v in net.pair_seg]
    crit = [bool(v) for v in net.pair_critical]
    pdays = [float(v) for v in net.pair_days]
    obase = [a[q] * x0[pbuy[q]] for q in range(npair)]
    pairs_of = [[] for _ in range(n)]  # type: list[list[int]]
    for q in range(npair):
        pairs_of[pbuy[q]].append(q)
    # Links as a list of dicts.
    links: list[dict] = []
    for i in range(net.n_links):
        links.append(
            {
                "sup": int(net.link_sup[i]),
                "pair": int(net.link_pair[i]),
                "w": float(net.link_w0[i]),
                "w0": float(net.link_w0[i]),
                "cap": math.inf,
                "lead": int(net.link_lead[i]),
                "scale": int(net.link_scale[i]),
                "iccm": iccm_on and (chains is None or net.link_chain[i] in chains),
                "sub": False,
                "origin": -1,
                "cost": 0.0,
                "short": 0,
                "fill": 1.0,
                "retire": None,
                "searching": False,
            }
        )
    cum = {False: stage_delays(p, False).tolist(), True: stage_delays(p, True).tolist()}
    partner = net.inside(p.iccm.partner_regions) if iccm_on else np.zeros(nreg, dtype=bool)
    region_units = net.region_units.tolist()
    freg = [int(r) for r in net.firm_region]
    firm_segs: list[tuple[int, int]] = list(
        zip(net.fs_firm.tolist(), net.fs_seg.tolist(), strict=True)
    )

    def unit(k: int, f: int) -> int:
        return int(region_units[k][freg[f]])

    def rel_scale(f: int, g: int) -> int:
        for k in range(len(SCALES)):
            if unit(k, f) >= 0 and unit(k, f) == unit(k, g):
                return k
        return len(SCALES) - 1

    # Steady state.
    stock = [pdays[q] * obase[q] for q in range(npair)]
    h = max([lk["lead"] for lk in links] + [1])
    h = max(h, max(p.lead_time_by_scale) + max(p.lead_penalty_by_scale))
    h += sched.max_extra_lead() + 1
    ring = [[0.0] * npair for _ in range(h)]
    for lk in links:
        for j in range(lk["lead"]):
            ring[j][lk["pair"]] += lk["w0"] * obase[lk["pair"]]
    transit = [sum(ring[j][q] for j in range(h)) for q in range(npair)]
    dprev = list(x0)
    xprev = list(x0)
    healthy = [0] * n
    searches: list[dict] = []  # {"link", "age", "next"} in start order
    events: list[tuple[object, ...]] = []

    res = {k: np.zeros(T) for k in TOTAL_SERIES}
    replaced = np.zeros((T, len(SCALES)))
    active = np.zeros((T, len(SCALES)))
    by_seg = np.zeros((T, nseg + 1))
    by_reg = np.zeros((T, nreg))
    fx, fd, fu, fs = (np.zeros((T, n)) for _ in range(4))
    overfill = np.zeros(T)

    for t in range(T):
        avail = sched.availability(t).tolist()
        final = sched.final_demand(t).tolist()
        extra = sched.extra_lead(t).tolist()
        lf = sched.link_factors(
            t,
            np.array([lk["sup"] for lk in links], dtype=np.int64),
            np.array([pbuy[lk["pair"]] for lk in links], dtype=np.int64),
            np.array([pseg[lk["pair"]] for lk in links], dtype=np.int64),
        )
        for i, lk in enumerate(links):
            lk["lead_eff"] = lk["lead"] + extra[lk["scale"]]
            lk["pass"] = 1.0 if lf is None else float(lf[0][i])
            lk["tcost"] = lk["cost"] + (0.0 if lf is None else float(lf[1][i]))
            lk["prio"] = iccm_on and p.iccm.priority_critical and lk["iccm"] and crit[lk["pair"]]
        for k in range(len(SCALES)):
            active[t, k] = sum(1 for lk in links if lk["w"] > 0 and lk["scale"] == k)
        lbar = [0.0] * npair
        wsum = [0.0] * npair
        for lk in links:
            lbar[lk["pair"]] += lk["w"] * lk["lead_eff"]
            wsum[lk["pair"]] += lk["w"]
        lbar = [lbar[q] / wsum[q] if wsum[q] > 0 else 0.0 for q in range(npair)]

        # Arrivals.
        slot = t % h
        arr = ring[slot]
        ring[slot] = [0.0] * npair
        for q in range(npair):
            stock[q] += arr[q]
            transit[q] -= arr[q]

        # Orders of each buyer for each input.
        order = [0.0] * npair
        for q in range(npair):
            e = dprev[pbuy[q]]
            et = e if p.target_on_demand else x0[pbuy[q]]
            gap = (pdays[q] + lbar[q]) * a[q] * et - stock[q] - transit[q]
            order[q] = max(0.0, a[q] * e + gap / p.tau)
        dem = list(final)
        dem_prio = [0.0] * n
        # Under the ICCM priority rule the part of a critical order that yesterday's
        # production of the buyer used (its share of a x) is served first; stock
        # building is not.
        for lk in links:
            lk["o"] = min(order[lk["pair"]] * lk["w"], lk["cap"])
            if lk["retire"] is not None:
                lk["o"] = lk["cap"]  # a retiring substitute keeps its volume until it retires
            lk["o_eff"] = lk["o"] * lk["pass"]
            dem[lk["sup"]] += lk["o_eff"]
            lk["p_amt"] = 0.0
            if lk["prio"]:
                use = a[lk["pair"]] * xprev[pbuy[lk["pair"]]] * lk["w"] * lk["pass"]
                lk["p_amt"] = min(lk["o_eff"], use)
                dem_prio[lk["sup"]] += lk["p_amt"]

        # Production of each firm.
        x = [0.0] * n
        feasible = [0.0] * n
        r_prio = [1.0] * n
        r_rest = [1.0] * n
        for f in range(n):
            lim = cap[f] * avail[f]
            for q in pairs_of[f]:
                if crit[q] and a[q] > 0:
                    lim = min(lim, stock[q] / a[q])
            feasible[f] = lim
            x[f] = min(lim, dem[f])
            if dem_prio[f] > 0:
                r_prio[f] = min(1.0, x[f] / dem_prio[f])
            rest = dem[f] - dem_prio[f]
            if rest > 0:
                r_rest[f] = min(1.0, max(0.0, (x[f] - r_prio[f] * dem_prio[f]) / rest))

        # Deliveries into the pipeline.
        for lk in links:
            f = lk["sup"]
            lk["d"] = lk["p_amt"] * r_prio[f] + (lk["o_eff"] - lk["p_amt"]) * r_rest[f]
            ring[(t + lk["lead_eff"]) % h][lk["pair"]] += lk["d"]
            transit[lk["pair"]] += lk["d"]
            lk["fill"] = lk["d"] / lk["o"] if lk["o"] > 0 else 1.0
        # A link short of its order for trigger_days days in a row starts a search.
        new_searches = []
        for i, lk in enumerate(links):
            if lk["d"] < p.trigger_fill * lk["o"]:
                lk["short"] += 1
                if (
                    p.substitution
                    and lk["short"] >= p.trigger_days
                    and not lk["searching"]
                    and not lk["sub"]
                ):
                    lk["short"] = 0
                    lk["searching"] = True
                    new_searches.append(
                        {"link": i, "age": 0, "next": 0, "left": math.inf, "need0": None}
                    )
            else:
                lk["short"] = 0
        fdel = [final[f] * r_rest[f] for f in range(n)]

        # Consumption.
        used = 0.0
        for q in range(npair):
            u = a[q] * x[pbuy[q]]
            if not crit[q]:
                u = min(u, stock[q])
            stock[q] = max(stock[q] - u, 0.0)
            used += u
        dprev = dem
        xprev = x

        res["output"][t] = sum(x)
        res["demand"][t] = sum(dem)
        res["final_demand"][t] = sum(final)
        res["final_delivered"][t] = sum(fdel)
        dsum = sum(lk["d"] for lk in links)
        res["link_deliveries"][t] = dsum
        overfill[t] = max([0.0] + [lk["d"] - lk["o"] for lk in links])
        res["inventory"][t] = sum(stock)
        res["in_transit"][t] = sum(transit)
        res["consumption"][t] = used
        res["arrivals"][t] = sum(arr)
        dorig = sum(lk["d"] for lk in links if not lk["sub"])
        res["lost_supply"][t] = max(0.0, sum(order) - dorig)
        for lk in links:
            if lk["sub"]:
                replaced[t, lk["scale"]] += lk["d"]
        res["extra_cost"][t] = sum(lk["d"] * lk["tcost"] for lk in links)
        for f in range(n):
            sg = int(net.primary_segment[f])
            by_seg[t, sg if sg >= 0 else nseg] += x[f]
            by_reg[t, freg[f]] += x[f]
            fx[t, f], fd[t, f], fu[t, f] = x[f], dem[f], final[f] - fdel[f]
        for q in range(npair):
            fs[t, pbuy[q]] += stock[q]

        for f in range(n):
            health = feasible[f] / x0[f] if x0[f] > 0 else math.inf
            ok = health >= p.recover_health and r_rest[f] >= p.trigger_fill
            healthy[f] = healthy[f] + 1 if ok else 0
        if not p.substitution:
            continue

        # Recovery: an original link whose supplier is healthy again gets its share back.
        for lk in links:
            if lk["retire"] is not None and lk["retire"] <= t and lk["w"] > 0:
                lk["w"] = 0.0
                lk["cap"] = 0.0
        if p.recover_links:
            restored = set()
            for i, lk in enumerate(links):
                if not lk["sub"] and lk["w"] < lk["w0"] and healthy[lk["sup"]] >= p.recover_days:
                    lk["w"] = lk["w0"]
                    restored.add(i)
            for j, lk in enumerate(links):
                if lk["sub"] and lk["origin"] in restored and lk["w"] > 0 and lk["retire"] is None:
                    _ev(events, t, "recover", net, links, j, j, lk["origin"], lk["o"])
                    lk["retire"] = t + links[lk["origin"]]["lead_eff"] + 1
            for s in searches:
                if s["link"] in restored:
                    links[s["link"]]["searching"] = False
            searches = [s for s in searches if s["link"] not in restored]

        # Searches age by a day; today's new ones join at age 0.
        for s in searches:
            s["age"] += 1
        searches += new_searches
        if not searches:
            continue
        spare = [max(feasible[f] - x[f], 0.0) for f in range(n)]
        for st in range(len(STAGES)):
            due = []
            for s in searches:
                lk = links[s["link"]]
                if s["next"] == st and s["age"] >= cum[lk["iccm"]][st]:
                    s["next"] += 1
                    due.append(s)
            sc = STAGE_SCALE[st]
            if sc < 0:
                due = [s for s in due if links[s["link"]]["iccm"]]
            # A search seeks the shortfall of its link when first evaluated, less what it
            # has found since, and never more than the link's shortfall now.
            # Group the requests by cell (segment, unit of the buyer at this step).
            cells: dict[tuple[int, int], list[tuple[int, float, dict]]] = {}
            for s in due:
                i = s["link"]
                lk = links[i]
                gap = 1.0 - lk["fill"]
                cur = lk["w"] * (gap if gap > SHORTFALL_TOL else 0.0) * obase[lk["pair"]]
                if s["need0"] is None:
                    s["need0"] = cur
                need = min(s["left"], cur)
                s["left"] = max(need, 0.0)
                if need <= 0:
                    continue
                b = pbuy[lk["pair"]]
                u = 0 if sc < 0 else unit(sc, b)
                if u >= 0:
                    cells.setdefault((pseg[lk["pair"]], u), []).append((i, need, s))
            new_links = []
            for (sg, u), reqs in sorted(cells.items()):
                # Adequacy: when a firm of the segment anywhere could take min_cover of
                # what the cell seeks, only the candidates here that can are offered.
                thr = p.min_cover * sum(nd for _, nd, _ in reqs)
                best = max([spare[f] for f, fsg in firm_segs if fsg == sg], default=0.0)
                if p.min_cover <= 0 or best < thr:
                    thr = 0.0
                cands = []
                for f, fsg in firm_segs:
                    if fsg != sg or spare[f] <= 0 or spare[f] < thr:
                        continue
                    cu = (0 if partner[freg[f]] else -1) if sc < 0 else unit(sc, f)
                    if cu == u:
                        cands.append((-spare[f], f))
                cands.sort()
                left = [(f, -negs) for negs, f in cands]  # candidates, spare left on the line
                c = 0
                for i, need, srch in reqs:
                    lk = links[i]
                    rem = need
                    counted = 0  # overlaps of this request large enough to count
                    while rem > 0 and c < len(left):
                        f, sp = left[c]
                        take = min(rem, sp)
                        rem -= take
                        left[c] = (f, sp - take)
                        if left[c][1] <= 0:
                            c += 1
                        if take > p.min_allocation * need:
                            if (
                                counted < p.max_new_links
                                and f != pbuy[lk["pair"]]
                                and f != lk["sup"]
                            ):
                                new_links.append((i, f, take))
                                srch["left"] = max(srch["left"] - take, 0.0)
                            counted += 1
            for _, f, take in new_links:
                spare[f] = max(spare[f] - take, 0.0)
            for i, f, take in new_links:
                lk = links[i]
                lk["w"] = lk["w"] - take / obase[lk["pair"]]
                if lk["w"] <= WEIGHT_EPS:
                    lk["w"] = 0.0
                ns = rel_scale(f, pbuy[lk["pair"]])
                origin = lk["origin"] if lk["origin"] >= 0 else i
                # Supply found at a supplier that already substitutes for the same
                # original link is added to that link.
                same = [
                    j
                    for j in range(len(links))
                    if links[j]["sub"]
                    and links[j]["origin"] == origin
                    and links[j]["sup"] == f
                    and links[j]["retire"] is None
                ]
                if same:
                    j = same[0]
                    links[j]["w"] += take / obase[lk["pair"]]
                    links[j]["cap"] += take
                    _ev(events, t, STAGES[st], net, links, i, i, j, take)
                    continue
                links.append(
                    {
                        "sup": f,
                        "pair": lk["pair"],
                        "w": take / obase[lk["pair"]],
                        "w0": 0.0,
                        "cap": take,
                        "lead": p.lead_time_by_scale[ns] + p.lead_penalty_by_scale[ns],
                        "scale": ns,
                        "iccm": lk["iccm"],
                        "sub": True,
                        "origin": origin,
                        "cost": p.cost_penalty_by_scale[ns],
                        "short": 0,
                        "fill": 1.0,
                        "retire": None,
                        "searching": False,
                        "o": 0.0,
                        "d": 0.0,
                    }
                )
                _ev(events, t, STAGES[st], net, links, i, i, len(links) - 1, take)

        def ended(s: dict) -> bool:
            found_enough = s["need0"] is not None and s["left"] <= p.min_allocation * s["need0"]
            return s["next"] >= len(STAGES) or links[s["link"]]["w"] <= 0 or found_enough

        for s in searches:
            if ended(s):
                links[s["link"]]["searching"] = False
        searches = [s for s in searches if not ended(s)]

    return SimResult(
        firm_ids=net.firm_ids,
        baseline=net.x0,
        **res,
        replaced=replaced,
        active_links=active,
        output_by_segment=by_seg,
        output_by_region=by_reg,
        firm_output=fx,
        firm_demand=fd,
        firm_unmet_final=fu,
        firm_inventory=fs,
        pair_inventory_end=np.array(stock),
        link_weights_end=np.array([lk["w"] for lk in links]),
        link_overfill=overfill,
        events=events_frame(events, net.firm_ids, net.segment_keys),
    )


def _ev(
    events: list[tuple[object, ...]],
    t: int,
    kind: str,
    net: Network,
    links: list[dict],
    old: int,
    src: int,
    new: int,
    volume: float,
) -> None:
    q = links[src]["pair"]
    events.append(
        (
            t,
            "recover" if kind == "recover" else "substitute",
            str(net.firm_ids[net.pair_buyer[q]]),
            str(net.segment_keys[net.pair_seg[q]]),
            str(net.firm_ids[links[old]["sup"]]),
            str(net.firm_ids[links[new]["sup"]]),
            kind,
            SCALES[links[new]["scale"]],
            float(volume),
        )
    )
