"""Link state of the engine and one step of the substitute-supplier search."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.simulation import kernels as kn
from chainchief.simulation.kernels import NEVER
from chainchief.simulation.network import Network
from chainchief.simulation.substitution import SHORTFALL_TOL, STAGE_SCALE, STAGES, match_requests

__all__ = ["Links", "Pipeline", "SearchIndex", "search_step", "slot_mask", "unique_inverse"]

_EPS = 1e-12  # same as engine.WEIGHT_EPS


def unique_inverse(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(x, return_inverse=True)`` by hashing (pandas' factorize): three times
    faster on arrays with few distinct values (search cells), slower on mostly
    distinct ones."""
    codes, uniq = pd.factorize(x, sort=True)
    return np.asarray(uniq), codes.astype(np.intp, copy=False)


def slot_mask(lead: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Pipeline slots - 1 of links: the power of two above their longest lead time."""
    need = np.maximum(np.asarray(lead, dtype=np.int64) + np.asarray(extra, dtype=np.int64), 1)
    bits = np.zeros(len(need), dtype=np.int64)
    while (m := (1 << bits) <= need).any():  # smallest power of two > need
        bits[m] += 1
    return ((1 << bits) - 1).astype(np.int64)


class Pipeline:
    """Slot-major pipeline buffers of links, one block per class of slot count.

    Slot ``j`` of slot set ``i`` of class ``c`` is ``buf[base[c] + j * cap[c] + i]``
    (see :mod:`.kernels`); the original links of a pair in one class share a slot set,
    each substitute has its own. A class that is full moves to a larger block.
    """

    def __init__(self, reserve: float) -> None:
        self.reserve = reserve
        self.masks: list[int] = []
        self.base = np.zeros(0, dtype=np.int64)
        self.cap = np.zeros(0, dtype=np.int64)
        self.mask = np.zeros(0, dtype=np.int64)
        self.count = np.zeros(0, dtype=np.int64)
        self.buf = np.zeros(0)
        self.end = 0  # end of the last block in ``buf``

    def assign(
        self, mask: np.ndarray, pair: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Class and slot index within the class for new links with slot masks ``mask``.

        With ``pair`` (sorted), links of the same pair and class share their slots: a
        slot then holds what arrives for the pair on a day, whichever link sent it.
        """
        for m in np.unique(mask).tolist():
            if m not in self.masks:
                self.masks.append(int(m))
        table = np.zeros(max(self.masks, default=0) + 1, dtype=np.int8)
        table[self.masks] = np.arange(len(self.masks))
        cls = table[np.asarray(mask, dtype=np.int64)]
        nc = len(self.masks)
        add = np.bincount(cls, minlength=nc).astype(np.int64)
        count = np.zeros(nc, dtype=np.int64)
        count[: len(self.count)] = self.count
        cidx = np.zeros(len(mask), dtype=np.int32)
        for c in np.flatnonzero(add):
            sel = np.flatnonzero(cls == c)
            if pair is None:
                rank = np.arange(len(sel))
            else:
                p = pair[sel]
                rank = np.cumsum(np.r_[True, p[1:] != p[:-1]]) - 1
            cidx[sel] = count[c] + rank
            add[c] = int(rank[-1]) + 1 if len(rank) else 0
        need = count + add
        old_cap = np.zeros(nc, dtype=np.int64)
        old_cap[: len(self.cap)] = self.cap
        if (need > old_cap).any():
            # Room for growth: a class that overflows gets reserve x its need (at least
            # 1.5 x its old room), so a run reallocates a few times at most.
            grow = need > old_cap
            new_cap = old_cap.copy()
            want = np.maximum(need * (1 + self.reserve), old_cap * 1.5).astype(np.int64)
            new_cap[grow] = want[grow] + 1024
            self._realloc(new_cap)
        self.count = need
        return cls, cidx

    def _realloc(self, new_cap: np.ndarray) -> None:
        """Move every class that must grow to a new block at the end of the buffer.

        The buffer is reserved twice as large as needed (``np.zeros`` pages are not
        resident until written), so a class that grows costs a copy of its own block
        only; the old block is left behind.
        """
        nc = len(self.masks)
        mask = np.asarray(self.masks, dtype=np.int64)
        base = np.zeros(nc, dtype=np.int64)
        base[: len(self.base)] = self.base
        cap = np.zeros(nc, dtype=np.int64)
        cap[: len(self.cap)] = self.cap
        grow = np.flatnonzero(new_cap > cap)
        end = self.end + int(((mask[grow] + 1) * new_cap[grow]).sum())
        if end > len(self.buf):
            buf = np.zeros(2 * end)
            buf[: self.end] = self.buf[: self.end]
            self.buf = buf
        for c in grow.tolist():
            s = int(mask[c]) + 1
            nb = self.end
            if c < len(self.cap):
                n = int(self.count[c])
                old = self.buf[base[c] : base[c] + s * cap[c]].reshape(s, -1)
                new = self.buf[nb : nb + s * new_cap[c]].reshape(s, -1)
                new[:, :n] = old[:, :n]
            base[c] = nb
            cap[c] = new_cap[c]
            self.end = nb + s * int(new_cap[c])
        self.base, self.cap, self.mask = base, cap, mask


class Links:
    """Per-link state in growable buffers; public attributes are views of the used part.

    Every update must write into the views in place (``L.w[i] = ...``), never rebind them.
    Each link also owns the slots of its class in the pipeline ``pipe``.
    """

    _spec: tuple[tuple[str, Any], ...] = (
        ("sup", np.int32),
        ("pair", np.int32),
        ("w", np.float64),
        ("w0", np.float64),
        ("cap", np.float64),
        ("lead", np.int32),
        ("lead_eff", np.int32),
        ("scale", np.int8),
        ("iccm", np.bool_),
        ("prio", np.bool_),
        ("sub", np.bool_),
        ("origin", np.int32),
        ("nxt", np.int32),
        ("cost", np.float64),
        ("short", np.int16),  # days short in a row (saturates at 32,767)
        ("searching", np.bool_),
        ("reduced", np.bool_),
        ("retire", np.int32),
        ("wacc", np.float64),
        ("cls", np.int8),
        ("cidx", np.int32),
        ("o", np.float64),
        ("d", np.float64),
        ("tmp", np.float64),
        ("born", np.int32),
    )
    sup: np.ndarray
    pair: np.ndarray
    w: np.ndarray
    w0: np.ndarray
    cap: np.ndarray
    lead: np.ndarray
    lead_eff: np.ndarray  # lead time today (with logistics shocks), set by the engine
    scale: np.ndarray
    iccm: np.ndarray
    prio: np.ndarray  # orders served first under the ICCM lever
    sub: np.ndarray
    origin: np.ndarray
    nxt: np.ndarray  # next substitute of the same original link (-1: none)
    cost: np.ndarray
    short: np.ndarray
    searching: np.ndarray
    reduced: np.ndarray  # original link that gave share to substitutes
    retire: np.ndarray
    wacc: np.ndarray  # share last accounted in the engine's per-pair sums
    cls: np.ndarray  # pipeline class (see Pipeline)
    cidx: np.ndarray  # index within the class
    o: np.ndarray  # today's order
    d: np.ndarray  # today's delivery (kept for searching links only)
    tmp: np.ndarray  # scratch of the kernels
    born: np.ndarray  # creation number (links are stored by pair, reported by creation)

    def __init__(
        self,
        net: Network,
        iccm_link: np.ndarray,
        prio_link: np.ndarray,
        extra_by_scale: np.ndarray,
        reserve: float = 0.25,
    ) -> None:
        n = net.n_links
        self.extra_by_scale = np.asarray(extra_by_scale, dtype=np.int64)
        self.pipe = Pipeline(reserve)
        cls, cidx = self.pipe.assign(
            slot_mask(net.link_lead, self.extra_by_scale[net.link_scale]), net.link_pair
        )
        init = {
            "sup": net.link_sup,
            "pair": net.link_pair,
            "w": net.link_w0,
            "w0": net.link_w0,
            "cap": np.inf,
            "lead": net.link_lead,
            "lead_eff": net.link_lead,
            "scale": net.link_scale,
            "iccm": iccm_link,
            "prio": prio_link,
            "sub": False,
            "origin": -1,
            "nxt": -1,
            "cost": 0.0,
            "short": 0,
            "searching": False,
            "reduced": False,
            "retire": NEVER,
            "wacc": 0.0,
            "cls": cls,
            "cidx": cidx,
            "o": 0.0,
            "d": 0.0,
            "tmp": 0.0,
            "born": np.arange(n),
        }
        cap = n + int(n * reserve) + 16
        self._buf: dict[str, np.ndarray] = {}
        for k, t in self._spec:
            v = init[k]
            if np.isscalar(v) and v == 0:
                # Left to np.zeros: pages nobody writes (costs, counters, flags of the
                # original links) are never touched.
                b = np.zeros(cap, dtype=t)
            else:
                b = np.empty(cap, dtype=t)
                b[:n] = v
            self._buf[k] = b
        self.size = n
        self.n_orig = n
        self.n_born = n
        self._views()
        self.touched: list[np.ndarray] = []
        # Links with ``reduced`` set and their suppliers, in the order they were reduced
        # (growable buffers; ``n_red`` in use).
        self._red_idx = np.zeros(1024, dtype=np.int64)
        self._red_sup = np.zeros(1024, dtype=np.int32)
        self.n_red = 0
        # Substitutes of each original link, as chains through ``nxt``, for merging.
        self.first_sub = np.full(n, -1, dtype=np.int32)

    def _views(self) -> None:
        for k, _ in self._spec:
            setattr(self, k, self._buf[k][: self.size])

    @property
    def capacity(self) -> int:
        """Links the buffers hold before they grow."""
        return len(self._buf["sup"])

    def subs_of(self, origins: np.ndarray) -> np.ndarray:
        """Substitute links (active or retiring) of the original links ``origins``."""
        out = np.empty(max(16, 4 * len(origins)), dtype=np.int64)
        while True:
            n = kn.collect_substitutes(np.asarray(origins, dtype=np.int64), self.first_sub,
                                       self.nxt, out)  # fmt: skip
            if n >= 0:
                return out[:n]
            out = np.empty(2 * len(out), dtype=np.int64)

    def by_birth(self, idx: np.ndarray) -> np.ndarray:
        """``idx`` in the order the links were created."""
        return idx[np.argsort(self.born[idx], kind="stable")]

    @property
    def sub_idx(self) -> np.ndarray:
        return np.arange(self.n_orig, self.size, dtype=np.int64)

    def set_w(self, idx: np.ndarray, values: np.ndarray | float) -> None:
        """Change shares (and remember the links for the engine's per-pair sums)."""
        self.w[idx] = values
        self.touched.append(np.asarray(idx, dtype=np.int64))

    def add_w(self, idx: np.ndarray, dw: np.ndarray, dcap: np.ndarray) -> None:
        """Add share and capacity to existing (substitute) links."""
        self.w[idx] += dw
        self.cap[idx] += dcap
        self.touched.append(np.asarray(idx, dtype=np.int64))

    def mark_reduced(self, idx: np.ndarray) -> None:
        new = idx[~self.reduced[idx]]
        self.reduced[new] = True
        need = self.n_red + len(new)
        if need > len(self._red_idx):
            size = max(need, 2 * len(self._red_idx))
            for name in ("_red_idx", "_red_sup"):
                old = getattr(self, name)
                b = np.empty(size, dtype=old.dtype)
                b[: self.n_red] = old[: self.n_red]
                setattr(self, name, b)
        self._red_idx[self.n_red : need] = new
        self._red_sup[self.n_red : need] = self.sup[new]
        self.n_red = need

    def take_recovered(self, healthy: np.ndarray, days: int) -> np.ndarray:
        """Reduced links whose supplier has been healthy for ``days`` days, in the order
        they were reduced; they leave the list (their ``reduced`` flag is cleared)."""
        out = np.empty(self.n_red, dtype=np.int64)
        kept, n = kn.split_recovered(self._red_idx, self._red_sup, self.n_red, healthy, days, out)
        self.n_red = kept
        out = out[:n]
        self.reduced[out] = False
        return out

    def append(self, cols: dict[str, np.ndarray]) -> np.ndarray:
        """Add links (columns as in ``_spec``, one value per link; missing ones take
        their defaults), stored sorted by pair.

        Pipeline slots are assigned here. Returns the new links' indices, in the order
        of ``cols``.
        """
        k = len(cols["sup"])
        # Stored by pair (the passes then read each batch's per-pair values in order);
        # ``born`` keeps the order of creation.
        perm = np.argsort(cols["pair"], kind="stable")
        cols = {c: np.asarray(v)[perm] for c, v in cols.items()}
        need = self.size + k
        cap = len(self._buf["sup"])
        if need > cap:
            new_cap = max(need, int(cap * 1.25) + 16)
            for name, t in self._spec:
                b = np.empty(new_cap, dtype=t)
                b[: self.size] = self._buf[name][: self.size]
                self._buf[name] = b
        cls, cidx = self.pipe.assign(slot_mask(cols["lead"], self.extra_by_scale[cols["scale"]]))
        defaults = {
            "lead_eff": cols["lead"],
            "nxt": -1,
            "short": 0,
            "searching": False,
            "reduced": False,
            "retire": NEVER,
            "wacc": 0.0,
            "o": 0.0,
            "d": 0.0,
            "tmp": 0.0,
        }
        born = self.n_born + perm
        self.n_born += k
        full = {**defaults, **cols, "cls": cls, "cidx": cidx, "born": born}
        for name, _ in self._spec:
            self._buf[name][self.size : need] = full[name]
        idx = np.empty(k, dtype=np.int64)
        idx[perm] = np.arange(self.size, need, dtype=np.int64)
        self.touched.append(idx)
        self.size = need
        self._views()
        return idx

    def compact_subs(self, dead: np.ndarray) -> np.ndarray:
        """Drop the substitute links flagged ``dead`` (over the substitutes) and sort the
        others by pair, so that the passes read them in order like the original links.

        Returns the new index of every old substitute (-1 when dropped). Pipeline slots
        stay with their links; the substitute chains are rebuilt.
        """
        s0 = self.n_orig
        nsub = self.size - s0
        keep = np.flatnonzero(~dead)
        order = keep[np.argsort(self.pair[s0:][keep], kind="stable")]
        for name, _ in self._spec:
            b = self._buf[name]
            b[s0 : s0 + len(order)] = b[s0 : s0 + nsub][order]
        newpos = np.full(nsub, -1, dtype=np.int64)
        newpos[order] = s0 + np.arange(len(order))
        self.size = s0 + len(order)
        self._views()
        self.first_sub.fill(-1)
        self.nxt[s0:] = -1
        kn.chain_substitutes(
            self.origin[s0:].astype(np.int64),
            np.arange(s0, self.size, dtype=np.int64),
            self.first_sub,
            self.nxt,
        )
        return newpos


class SearchIndex:
    """Candidate firm-segment rows grouped by search cell for each search step.

    The cell of a ``firm_segments`` row at step ``st`` is ``segment * (R + 1) + unit``,
    the unit being the firm's region unit at the step's scale (0 inside the ICCM
    partner regions at the partner step); rows without a unit are left out. Rows are
    sorted by cell, then firm.
    """

    def __init__(self, net: Network, firm_partner: np.ndarray) -> None:
        self.nreg = len(net.region_ids) + 1
        self.cells: list[np.ndarray] = []
        self.rows: list[np.ndarray] = []
        for sc in STAGE_SCALE:
            if sc < 0:
                unit = np.where(firm_partner[net.fs_firm], 0, -1)
            else:
                unit = net.region_units[sc][net.firm_region[net.fs_firm]]
            cell = net.fs_seg.astype(np.int64) * self.nreg + unit
            ok = np.flatnonzero(unit >= 0)
            order = ok[np.lexsort((net.fs_firm[ok], cell[ok]))]  # by cell, then firm
            self.cells.append(cell[order])
            self.rows.append(order)
        # Rows by segment, for the largest spare capacity of a segment anywhere.
        self.seg_rows = np.argsort(net.fs_seg, kind="stable")
        nseg = len(net.segment_keys)
        self.seg_start = np.searchsorted(net.fs_seg[self.seg_rows], np.arange(nseg + 1))
        self.seg_firm = net.fs_firm[self.seg_rows].astype(np.int64)  # in seg_rows order

    def max_spare(self, segs: np.ndarray, spare: np.ndarray) -> np.ndarray:
        """Largest spare capacity (>= 0) of any firm of each segment in ``segs`` (0 if
        none)."""
        out = np.zeros(len(segs))
        kn.segment_max(np.asarray(segs, dtype=np.int64), self.seg_start, self.seg_firm, spare, out)
        return out

    def lookup(self, st: int, want: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows (firm_segments index) and cells of every candidate in cells ``want``."""
        cs, rows = self.cells[st], self.rows[st]
        lo = np.searchsorted(cs, want, side="left")
        hi = np.searchsorted(cs, want, side="right")
        cnt = hi - lo
        tot = int(cnt.sum())
        if tot == 0:
            e = np.zeros(0, dtype=np.int64)
            return e, e
        pos = np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(tot)
        return rows[pos], cs[pos]


def search_step(
    ctx: dict[str, Any],
    L: Links,
    lk: np.ndarray,
    left: np.ndarray,
    need0: np.ndarray,
    st: int,
    spare: np.ndarray,
    t: int,
) -> tuple[dict[str, np.ndarray] | None, np.ndarray, np.ndarray]:
    """Evaluate search step ``st`` for links ``lk`` (in search order); add new links.

    The need of a link is the smaller of what its search still seeks (``left``) and
    its share times its shortfall times the pair's baseline order; within a cell
    (segment, buyer's unit at the step's scale) requests take the candidates' spare
    capacity first come, first served (:func:`match_requests`). Adequacy: when some
    firm of the segment anywhere has spare capacity for ``min_cover`` of the cell's
    total need, only the cell's candidates that have it are offered at this step. An
    allocation below ``min_allocation`` of the need, beyond the first ``max_new_links``
    of a request, to the buyer itself or to the failing supplier is not taken. Supply
    found at a supplier that already substitutes for the same original link is added
    to that link; otherwise a new link is opened.

    Updates ``L`` and ``spare`` in place and returns the event batch (or None), and the
    searches' new ``left`` and ``need0`` (need when first evaluated).
    """
    net: Network = ctx["net"]
    p = ctx["params"]
    obase = ctx["obase"]
    index: SearchIndex = ctx["index"]
    pb = net.pair_buyer
    left = left.copy()
    need0 = need0.copy()
    pos = np.arange(len(lk))
    if st == STAGES.index("partner"):
        pos = pos[L.iccm[lk]]
    lk_e = lk[pos]
    o, d = L.o[lk_e], L.d[lk_e]
    fill = np.divide(d, o, out=np.ones(len(lk_e)), where=o > 0)
    gap = 1.0 - fill
    cur = L.w[lk_e] * np.where(gap > SHORTFALL_TOL, gap, 0.0) * obase[L.pair[lk_e]]
    need0[pos] = np.where(np.isnan(need0[pos]), cur, need0[pos])
    need_all = np.minimum(left[pos], cur)
    left[pos] = np.maximum(need_all, 0.0)
    pos_r = pos[need_all > 0]
    need = need_all[need_all > 0]
    lk_r = lk[pos_r]
    if not len(lk_r):
        return None, left, need0
    buyer, seg = pb[L.pair[lk_r]], net.pair_seg[L.pair[lk_r]]
    sc = STAGE_SCALE[st]
    ureq = np.zeros(len(lk_r), dtype=np.int64) if sc < 0 else ctx["units"][sc][buyer]
    good_r = np.flatnonzero(ureq >= 0)
    req_cell = (seg.astype(np.int64) * index.nreg + ureq)[good_r]
    ucell, cinv = unique_inverse(req_cell)
    rows, cand_cell = index.lookup(st, ucell)
    cf = net.fs_firm[rows]
    # Adequacy: when a firm of the segment somewhere could take min_cover of what the
    # cell seeks, only candidates that can are taken at this step.
    thr = p.min_cover * np.bincount(cinv, need[good_r], minlength=len(ucell))
    if p.min_cover > 0 and len(ucell):
        useg, sinv = unique_inverse(ucell // index.nreg)
        best = index.max_spare(useg, spare)[sinv]
        thr = np.where(best >= thr, thr, 0.0)
    else:
        thr = np.zeros(len(ucell))
    sp = spare[cf]
    has = (sp > 0) & (sp >= thr[np.searchsorted(ucell, cand_cell)])
    cf, cand_cell = cf[has], cand_cell[has]
    ri, ci, amt = match_requests(req_cell, need[good_r], cand_cell, spare[cf], cf, presorted=True)
    rl = good_r[ri]
    req_l, new_sup = lk_r[rl], cf[ci]
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
    rl, req_l, new_sup, amt = rl[keep], req_l[keep], new_sup[keep], amt[keep]
    if not len(req_l):
        return None, left, need0
    np.subtract.at(left, pos_r[rl], amt)
    np.maximum(left, 0.0, out=left)
    spare -= np.bincount(new_sup, amt, minlength=len(spare))
    np.maximum(spare, 0.0, out=spare)
    dw = amt / obase[L.pair[req_l]]
    u, inv = np.unique(req_l, return_inverse=True)  # mostly distinct: sorting is faster
    rest = L.w[u] - np.bincount(inv, dw, minlength=len(u))
    L.set_w(u, np.where(rest > _EPS, rest, 0.0))
    L.mark_reduced(u[~L.sub[u]])
    origin = np.where(L.origin[req_l] >= 0, L.origin[req_l], req_l).astype(np.int64)
    # Merge into an active substitute of the same original link and supplier.
    j = np.empty(len(origin), dtype=np.int64)
    kn.find_substitute(origin, new_sup, L.first_sub, L.nxt, L.sup, L.retire, j)
    merge = j >= 0
    if merge.any():
        L.add_w(j[merge], dw[merge], amt[merge])
    fresh = ~merge
    nscale = net.relation_scale_idx(new_sup, pb[L.pair[req_l]]).astype(np.int64)
    if fresh.any():
        ns = nscale[fresh]
        lead = np.asarray(p.lead_time_by_scale, dtype=np.int64)[ns]
        lead = lead + np.asarray(p.lead_penalty_by_scale, dtype=np.int64)[ns]
        rq = req_l[fresh]
        idx = L.append(
            {
                "sup": new_sup[fresh],
                "pair": L.pair[rq],
                "w": dw[fresh],
                "w0": np.zeros(len(rq)),
                "cap": amt[fresh],
                "lead": lead,
                "scale": ns,
                "iccm": L.iccm[rq],
                "prio": L.prio[rq],
                "sub": np.ones(len(rq), dtype=bool),
                "origin": origin[fresh],
                "cost": np.asarray(p.cost_penalty_by_scale, dtype=float)[ns],
            }
        )
        kn.chain_substitutes(origin[fresh], idx, L.first_sub, L.nxt)
    batch = {
        "day": np.full(len(req_l), t, dtype=np.int32),
        "kind": np.zeros(len(req_l), dtype=np.int8),
        "pair": L.pair[req_l],
        "old": L.sup[req_l],
        "new": new_sup.astype(np.int32),
        "stage": np.full(len(req_l), st, dtype=np.int8),
        "scale": nscale.astype(np.int8),
        "volume": amt,
    }
    return batch, left, need0
