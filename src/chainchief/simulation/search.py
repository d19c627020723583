"""Link state of the engine and one step of the substitute-supplier search."""

from __future__ import annotations

from typing import Any

import numpy as np

from chainchief.simulation.network import Network
from chainchief.simulation.substitution import STAGE_SCALE, STAGES, match_requests

__all__ = ["Links", "search_step"]

_NEVER = np.iinfo(np.int64).max
_EPS = 1e-12  # same as engine.WEIGHT_EPS


class Links:
    """Per-link state in growable buffers; public attributes are views of the used part.

    Every update must write into the views in place (``L.w[i] = ...``), never rebind them.
    """

    _spec: tuple[tuple[str, Any], ...] = (
        ("sup", np.int64),
        ("pair", np.int64),
        ("w", np.float64),
        ("w0", np.float64),
        ("cap", np.float64),
        ("lead", np.int64),
        ("scale", np.int64),
        ("iccm", np.bool_),
        ("sub", np.bool_),
        ("origin", np.int64),
        ("cost", np.float64),
        ("short", np.int64),
        ("searching", np.bool_),
        ("retire", np.int64),
        ("wacc", np.float64),
    )
    sup: np.ndarray
    pair: np.ndarray
    w: np.ndarray
    w0: np.ndarray
    cap: np.ndarray
    lead: np.ndarray
    scale: np.ndarray
    iccm: np.ndarray
    sub: np.ndarray
    origin: np.ndarray
    cost: np.ndarray
    short: np.ndarray
    searching: np.ndarray
    retire: np.ndarray
    wacc: np.ndarray  # share last accounted in the engine's per-pair sums

    def __init__(self, net: Network, iccm_link: np.ndarray) -> None:
        n = net.n_links
        init = {
            "sup": net.link_sup,
            "pair": net.link_pair,
            "w": net.link_w0,
            "w0": net.link_w0,
            "cap": np.full(n, np.inf),
            "lead": net.link_lead,
            "scale": net.link_scale,
            "iccm": iccm_link,
            "sub": np.zeros(n, dtype=bool),
            "origin": np.full(n, -1),
            "cost": np.zeros(n),
            "short": np.zeros(n),
            "searching": np.zeros(n, dtype=bool),
            "retire": np.full(n, _NEVER),
            "wacc": np.zeros(n),
        }
        self.size = n
        self.n_orig = n
        self._buf = {k: np.asarray(init[k], dtype=t).copy() for k, t in self._spec}
        self._views()
        self.touched: list[np.ndarray] = []
        self.sub_idx = np.zeros(0, dtype=np.int64)
        self.reduced = np.zeros(0, dtype=np.int64)

    def _views(self) -> None:
        for k, _ in self._spec:
            setattr(self, k, self._buf[k][: self.size])

    def set_w(self, idx: np.ndarray, values: np.ndarray | float) -> None:
        """Change shares (and remember the links for the engine's per-pair sums)."""
        self.w[idx] = values
        self.touched.append(np.asarray(idx, dtype=np.int64))

    def append(self, cols: dict[str, np.ndarray]) -> None:
        """Add links (columns as in ``_spec``; missing ones take their defaults)."""
        k = len(cols["sup"])
        need = self.size + k
        cap = len(self._buf["sup"])
        if need > cap:
            new_cap = max(need, int(cap * 1.5) + 16)
            for name, t in self._spec:
                b = np.zeros(new_cap, dtype=t)
                b[: self.size] = self._buf[name][: self.size]
                self._buf[name] = b
        defaults = {"short": 0, "searching": False, "retire": _NEVER, "wacc": 0.0}
        for name, _ in self._spec:
            self._buf[name][self.size : need] = cols.get(name, defaults.get(name, 0))
        self.touched.append(np.arange(self.size, need, dtype=np.int64))
        self.size = need
        self._views()
        self.sub_idx = np.arange(self.n_orig, self.size, dtype=np.int64)


def search_step(
    ctx: dict[str, Any],
    L: Links,
    lk: np.ndarray,
    st: int,
    spare: np.ndarray,
    o: np.ndarray,
    d: np.ndarray,
    t: int,
) -> dict[str, np.ndarray] | None:
    """Evaluate search step ``st`` for links ``lk`` (in search order); add new links.

    The need of a link is its share times its shortfall times the pair's baseline order;
    within a cell (segment, buyer's unit at the step's scale) requests take the
    candidates' spare capacity first come, first served (:func:`match_requests`). An
    allocation below ``min_allocation`` of the need, beyond the first ``max_new_links``
    of a request, to the buyer itself or to the failing supplier is not taken.
    Updates ``L`` and ``spare`` in place and returns the event batch (or None).
    """
    net: Network = ctx["net"]
    p = ctx["params"]
    obase = ctx["obase"]
    pb = net.pair_buyer
    if st == STAGES.index("partner"):
        lk = lk[L.iccm[lk]]
    fill = np.divide(d[lk], o[lk], out=np.ones(len(lk)), where=o[lk] > 0)
    need = L.w[lk] * (1.0 - fill) * obase[L.pair[lk]]
    lk, need = lk[need > 0], need[need > 0]
    if not len(lk):
        return None
    buyer, seg = pb[L.pair[lk]], net.pair_seg[L.pair[lk]]
    cand = np.flatnonzero(spare[net.fs_firm] > 0)
    cf, cs = net.fs_firm[cand], net.fs_seg[cand]
    sc = STAGE_SCALE[st]
    if sc < 0:
        ucand = np.where(ctx["firm_partner"][cf], 0, -1)
        ureq = np.zeros(len(lk), dtype=np.int64)
    else:
        ucand, ureq = ctx["units"][sc][cf], ctx["units"][sc][buyer]
    good_c = ucand >= 0
    cf, cs, ucand = cf[good_c], cs[good_c], ucand[good_c]
    good_r = np.flatnonzero(ureq >= 0)
    nreg = len(net.region_ids) + 1
    req_cell = (seg * nreg + ureq)[good_r]
    cand_cell = cs * nreg + ucand
    inside = np.isin(cand_cell, np.unique(req_cell))  # only cells someone searches
    cf, cand_cell = cf[inside], cand_cell[inside]
    ri, ci, amt = match_requests(req_cell, need[good_r], cand_cell, spare[cf], cf)
    rl = good_r[ri]
    req_l, new_sup = lk[rl], cf[ci]
    # Overlaps large enough to count, ranked within their request (they come grouped by
    # request, in line order); only the first max_new_links of a request are taken.
    big = amt > p.min_allocation * need[rl]
    rl, req_l, new_sup, amt = rl[big], req_l[big], new_sup[big], amt[big]
    first = np.r_[True, rl[1:] != rl[:-1]] if len(rl) else np.zeros(0, dtype=bool)
    start_pos = np.maximum.accumulate(np.where(first, np.arange(len(rl)), 0))
    order_in_req = np.arange(len(rl)) - start_pos
    keep = (
        (order_in_req < p.max_new_links)
        & (new_sup != pb[L.pair[req_l]])
        & (new_sup != L.sup[req_l])
    )
    req_l, new_sup, amt = req_l[keep], new_sup[keep], amt[keep]
    if not len(req_l):
        return None
    spare -= np.bincount(new_sup, amt, minlength=len(spare))
    np.maximum(spare, 0.0, out=spare)
    dw = amt / obase[L.pair[req_l]]
    u, inv = np.unique(req_l, return_inverse=True)
    left = L.w[u] - np.bincount(inv, dw, minlength=len(u))
    L.set_w(u, np.where(left > _EPS, left, 0.0))
    orig = u[~L.sub[u]]
    L.reduced = np.union1d(L.reduced, orig)
    nscale = net.relation_scale_idx(new_sup, pb[L.pair[req_l]]).astype(np.int64)
    lead = np.asarray(p.lead_time_by_scale, dtype=np.int64)[nscale]
    lead = lead + np.asarray(p.lead_penalty_by_scale, dtype=np.int64)[nscale]
    L.append(
        {
            "sup": new_sup,
            "pair": L.pair[req_l],
            "w": dw,
            "w0": np.zeros(len(dw)),
            "cap": amt,
            "lead": lead,
            "scale": nscale,
            "iccm": L.iccm[req_l],
            "sub": np.ones(len(dw), dtype=bool),
            "origin": np.where(L.origin[req_l] >= 0, L.origin[req_l], req_l),
            "cost": np.asarray(p.cost_penalty_by_scale, dtype=float)[nscale],
        }
    )
    return {
        "day": np.full(len(req_l), t),
        "kind": np.zeros(len(req_l), dtype=np.int64),
        "pair": L.pair[req_l],
        "old": L.sup[req_l],
        "new": new_sup,
        "stage": np.full(len(req_l), st),
        "scale": nscale,
        "volume": amt,
    }
