"""The kernels of one step, run over fixed chunks of pairs, links and firms.

With one thread every kernel runs once over its whole range, accumulating in index
order like the per-firm reference. With more threads the ranges are cut into fixed
chunks (pairs at buyer boundaries, original links at pair boundaries, so no two chunks
write the same element; the substitutes' deliveries run in the chunk that holds their
pair, after its original links), each chunk writes its own partial sums, and the
partials are added in chunk order: results are deterministic for a given thread count
and agree with the one-thread results up to rounding.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from chainchief.simulation import kernels as kn
from chainchief.simulation.search import Links

__all__ = [
    "AUTO_THREADS_MIN_LINKS",
    "FUSED_MAX_FIRMS",
    "LONG_RUNS",
    "PLAIN_DELIVERIES",
    "SYNC_RATES",
    "THREADS_ENV",
    "Passes",
    "default_threads",
]

#: ``CHAINCHIEF_SIM_THREADS`` sets the default number of threads.
THREADS_ENV = "CHAINCHIEF_SIM_THREADS"
#: Up to this many firms the deliver pass gathers the suppliers' rationing shares inline
#: (the firm arrays stay in L1/L2); above it in a separate tight loop, whose random
#: reads overlap far better (100,000 firms: 11.1 s against 12.8 s a year).
FUSED_MAX_FIRMS = 20_000
#: Links per pair from which the deliver pass sums each pair's run of links in registers
#: (input-output tables: tens of links per pair) instead of branch-free per link.
LONG_RUNS = 3.0
#: Networks with at least this many links use several threads by default.
AUTO_THREADS_MIN_LINKS = 200_000
#: Original links deliver through :func:`kernels.deliver_plain` where it applies (tests
#: switch it off to compare it with the general kernel).
PLAIN_DELIVERIES = True
#: Without priority orders the original links' rationing shares are kept from day to day
#: and rewritten only where a supplier's share changed (tests switch it off to compare).
SYNC_RATES = True


def default_threads(n_links: int) -> int:
    """Threads of a run unless given: ``$CHAINCHIEF_SIM_THREADS``; else 1 below
    :data:`AUTO_THREADS_MIN_LINKS` links and the usable cores (at most 4) above.

    On the 2-core reference machine two threads run the 100,000-firm benchmark (a
    million links) in 8.7 s instead of 11.1 s, and a step on WIOD 2011 (413,525 links)
    in 3.5 ms instead of 4.2 ms (benchmarks/README.md); small networks gain little.
    Ensembles run each run on one thread.
    """
    env = os.environ.get(THREADS_ENV)
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            return 1
    if n_links < AUTO_THREADS_MIN_LINKS:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _cuts(keys: np.ndarray, parts: int) -> list[tuple[int, int]]:
    """``parts`` ranges over ``keys`` (sorted) that never split a run of equal keys."""
    n = len(keys)
    bounds = [0]
    for c in range(1, parts):
        i = int(np.searchsorted(keys, keys[min(n - 1, n * c // parts)], side="left")) if n else 0
        bounds.append(max(i, bounds[-1]))
    bounds.append(n)
    return list(itertools.pairwise(bounds))


def _even(n: int, parts: int, offset: int = 0) -> list[tuple[int, int]]:
    b = [offset + n * c // parts for c in range(parts + 1)]
    return list(itertools.pairwise(b))


class Passes:
    """Runs the kernels of :mod:`.kernels` for one network, on ``threads`` threads."""

    def __init__(
        self,
        pair_buyer: np.ndarray,
        n_firms: int,
        L: Links,
        n_seg: int,
        n_reg: int,
        threads: int = 1,
    ) -> None:
        self.threads = max(1, int(threads))
        t = self.threads
        self.pair_cuts = _cuts(pair_buyer, t)
        # Original links of each pair: pstart[q] .. pstart[q + 1] - 1 (links by pair).
        self.pstart = np.searchsorted(
            L.pair[: L.n_orig], np.arange(len(pair_buyer) + 1, dtype=np.int64)
        ).astype(np.int64)
        self.link_cuts = [(int(self.pstart[lo]), int(self.pstart[hi])) for lo, hi in self.pair_cuts]
        self.firm_cuts = _even(n_firms, t)
        self.n_firms = n_firms
        self.fused = n_firms <= FUSED_MAX_FIRMS
        # Original links per pair: with long runs the deliveries sum per run.
        self.long_runs = L.n_orig >= LONG_RUNS * max(1, len(pair_buyer))
        self.pool = ThreadPoolExecutor(t, thread_name_prefix="chainchief-sim") if t > 1 else None
        if t > 1:
            self.dem_parts = np.zeros((t, n_firms))
            self.demp_parts = np.zeros((t, n_firms))
            self.seg_parts = np.zeros((t, n_seg))
            self.reg_parts = np.zeros((t, n_reg))
        self.starts = [np.zeros(hi - lo, dtype=np.int64) for lo, hi in self.link_cuts]
        self.rep = np.zeros((2 * t, 6))  # by chunk: original links, then substitutes
        # Original links by supplier and the shares last written to them (rates()).
        self.by_sup: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def _map(self, fn: Callable[..., Any], ranges: list[tuple[int, int]], *args: Any) -> list:
        if self.pool is None or len(ranges) == 1:
            return [fn(lo, hi, *args) for lo, hi in ranges]
        futs = [self.pool.submit(fn, lo, hi, *args) for lo, hi in ranges]
        return [f.result() for f in futs]

    def _map_each(self, calls: list[tuple[Any, tuple]]) -> list:
        if self.pool is None or len(calls) == 1:
            return [fn(*args) for fn, args in calls]
        futs = [self.pool.submit(fn, *args) for fn, args in calls]
        return [f.result() for f in futs]

    def fill(self, L: Links, flow: np.ndarray, arr: np.ndarray, transit: np.ndarray) -> None:
        """:func:`kernels.pipeline_fill` of the original links, by chunks of whole pairs
        (the steady state's pipeline; its pages are first written here, on all threads)."""
        P = L.pipe
        self._map(kn.pipeline_fill, self.link_cuts, L.cls, L.cidx, P.base, P.cap, P.mask,
                  L.lead, flow, L.pair, P.buf, arr, transit)  # fmt: skip

    def pair_orders(
        self,
        consume: bool,
        L: Links,
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
        in_lim: np.ndarray,
        firm_stock: np.ndarray | None,
        passf: np.ndarray,
        has_pass: bool,
        has_prio: bool,
        pamt: np.ndarray,
        final: np.ndarray,
        dem: np.ndarray,
        dem_p: np.ndarray,
    ) -> tuple[float, ...]:
        """:func:`kernels.pair_order_pass` over all pairs (with yesterday's consumption
        when ``consume``), then :func:`kernels.order_pass` over the substitutes.

        Resets ``in_lim`` and ``firm_stock``; ``dem = final + orders``. Returns
        (arrivals, pair orders, in transit before the arrivals, inputs used yesterday,
        stock after yesterday's use).
        """
        in_lim.fill(np.inf)
        per_firm = firm_stock is not None
        fs = firm_stock if firm_stock is not None else np.zeros(1)
        if per_firm:
            fs.fill(0.0)
        pair_args = (
            consume, arr, stock, transit, a, g, dprev, tbase, pb, crit, tau, o_pair, xprev,
            o_use, has_prio, in_lim, fs, per_firm, self.pstart, L.pair, L.w, L.o, passf, has_pass,
            L.sup, L.prio, has_prio, pamt,
        )  # fmt: skip
        sub_args = (
            o_pair, L.pair, L.w, L.cap, L.retire, passf, has_pass, L.sup, L.prio, has_prio,
            o_use, L.o, pamt,
        )  # fmt: skip
        s0, s1 = L.n_orig, L.size
        if self.pool is None:
            dem[:] = final
            dem_p[:] = 0.0
            out = [kn.pair_order_pass(0, len(self.pstart) - 1, *pair_args, dem, dem_p)]
            if s1 > s0:
                kn.order_pass(s0, s1, *sub_args, dem, dem_p)
        else:
            for c in range(self.threads):
                self.dem_parts[c].fill(0.0)
                if has_prio:
                    self.demp_parts[c].fill(0.0)
            out = self._map_each(
                [
                    (
                        kn.pair_order_pass,
                        (lo, hi, *pair_args, self.dem_parts[c], self.demp_parts[c]),
                    )
                    for c, (lo, hi) in enumerate(self.pair_cuts)
                ]
            )
            if s1 > s0:
                self._map_each(
                    [
                        (
                            kn.order_pass,
                            (lo, hi, *sub_args, self.dem_parts[c], self.demp_parts[c]),
                        )
                        for c, (lo, hi) in enumerate(_even(s1 - s0, self.threads, s0))
                    ]
                )
            np.copyto(dem, final)
            for c in range(self.threads):
                dem += self.dem_parts[c]
            dem_p.fill(0.0)
            if has_prio:
                for c in range(self.threads):
                    dem_p += self.demp_parts[c]
        return tuple(sum(r[i] for r in out) for i in range(5))

    def firms(self, by_seg: np.ndarray, by_reg: np.ndarray, *args: Any) -> tuple[float, ...]:
        """:func:`kernels.firm_pass`; output by segment and region into the given rows."""
        fn: Any = kn.firm_pass
        if self.pool is None:
            return tuple(fn(0, self.n_firms, *args, by_seg, by_reg))
        calls: list[tuple[Any, tuple]] = []
        for c, (lo, hi) in enumerate(self.firm_cuts):
            self.seg_parts[c].fill(0.0)
            self.reg_parts[c].fill(0.0)
            calls.append((fn, (lo, hi, *args, self.seg_parts[c], self.reg_parts[c])))
        out = self._map_each(calls)
        by_seg += self.seg_parts.sum(axis=0)
        by_reg += self.reg_parts.sum(axis=0)
        return tuple(sum(r[i] for r in out) for i in range(6))

    def plain(self, has_pass: bool) -> bool:
        """Whether the original links deliver through :func:`kernels.deliver_plain`."""
        return PLAIN_DELIVERIES and not (self.fused or has_pass or self.long_runs)

    def rates(
        self,
        L: Links,
        passf: np.ndarray,
        has_pass: bool,
        pamt: np.ndarray,
        has_prio: bool,
        r_p: np.ndarray,
        r_r: np.ndarray,
        rated: bool = True,
    ) -> None:
        """Each link's rationing share of its supplier into ``L.tmp`` (not needed with few
        firms). Without ``rated`` no firm rations: the plain deliveries need no shares,
        the substitutes' are 1.

        Without priority orders the original links keep their entries from day to day
        and only the links of firms whose share changed are written
        (:func:`kernels.rate_sync`); substitutes, and every link under priority orders
        (the share then depends on the order), are gathered
        (:func:`kernels.rate_gather`).
        """
        if self.fused:
            return
        if not rated and self.plain(has_pass):
            L.tmp[L.n_orig :] = 1.0
            return
        if has_prio or not SYNC_RATES:
            self._map(kn.rate_gather, _even(L.size, self.threads), L.sup, L.o, passf, has_pass,
                      pamt, has_prio, r_p, r_r, L.tmp)  # fmt: skip
            return
        if self.by_sup is None:
            start = np.zeros(self.n_firms + 1, dtype=np.int64)
            order = np.empty(L.n_orig, dtype=np.int32 if L.n_orig < 2**31 else np.int64)
            kn.links_by_supplier(L.sup[: L.n_orig], start, order)
            self.by_sup = (start, order, np.full(self.n_firms, np.nan))
        start, order, synced = self.by_sup
        calls: list[tuple[Any, tuple]] = [
            (kn.rate_sync, (lo, hi, r_r, synced, start, order, L.tmp)) for lo, hi in self.firm_cuts
        ]
        if L.size > L.n_orig:
            subs = _even(L.size - L.n_orig, self.threads, L.n_orig)
            calls += [(kn.rate_gather, (lo, hi, L.sup, L.o, passf, False, pamt, False, r_p, r_r,
                                        L.tmp)) for lo, hi in subs]  # fmt: skip
        self._map_each(calls)

    def deliver(
        self,
        t: int,
        L: Links,
        passf: np.ndarray,
        has_pass: bool,
        lead_eff: np.ndarray,
        transit: np.ndarray,
        arr: np.ndarray,
        trigger_fill: float,
        trigger_days: int,
        cost: np.ndarray,
        replaced: np.ndarray,
        pamt: np.ndarray,
        has_prio: bool,
        r_p: np.ndarray,
        r_r: np.ndarray,
        rated: bool = True,
    ) -> tuple[float, float, float, np.ndarray, float]:
        """:func:`kernels.deliver_pass`: by chunk of pairs, their original links, then
        their substitutes.

        Returns (deliveries, substitute deliveries, extra cost, new searches in link
        order, largest delivery minus order); ``replaced`` gets substitute deliveries
        by scale.
        """
        P = L.pipe
        t_, by_run = self.threads, self.long_runs
        # The common case of large firm networks runs a kernel without the general one's
        # loop-invariant tests (:func:`kernels.deliver_plain`).
        plain = self.plain(has_pass)

        def args(
            lo: int,
            hi: int,
            starts: np.ndarray,
            rep: np.ndarray,
            costly: bool,
            runs: bool,
            qlo: int = 0,
            qhi: int = 0,
        ) -> tuple:
            return (
                lo, hi, t, L.o, passf, has_pass, L.pair, lead_eff, L.cls, L.cidx, P.base,
                P.cap, P.mask, P.buf, L.tmp, self.fused, L.sup, pamt, has_prio, r_p, r_r,
                transit, arr, L.d, L.short, trigger_fill,
                trigger_days, L.searching, starts, L.n_orig, L.scale, cost, costly, rep,
                runs, qlo, qhi,
            )  # fmt: skip

        def chunk(c: int) -> tuple:
            # The original links of chunk c, then the substitutes of its pairs (so no two
            # threads write the same pair, and each pair's sums come in link order).
            # Original links carry a cost only under trade barriers (substitutes always do).
            lo, hi = self.link_cuts[c]
            if plain:
                x, n_start, over = kn.deliver_plain(
                    lo, hi, t, L.o, L.pair, lead_eff, L.cls, L.cidx, P.base, P.cap, P.mask,
                    P.buf, L.tmp, transit, arr, L.d, L.short, trigger_fill, trigger_days,
                    L.searching, self.starts[c], rated,
                )  # fmt: skip
                r = (x, 0.0, 0.0, n_start, over)
            else:
                r = kn.deliver_pass(*args(lo, hi, self.starts[c], self.rep[c], has_pass, by_run))
            if L.size == L.n_orig:
                return r
            qlo, qhi = self.pair_cuts[c]
            subs = args(L.n_orig, L.size, self.starts[c][:0], self.rep[t_ + c], True, False,
                        qlo, qhi)  # fmt: skip
            rs = kn.deliver_pass(*subs)
            return r[0] + rs[0], r[1] + rs[1], r[2] + rs[2], r[3], max(r[4], rs[4])

        self.rep.fill(0.0)
        out = self._map_each([(chunk, (c,)) for c in range(len(self.link_cuts))])
        np.sum(self.rep, axis=0, out=replaced)
        starts = np.concatenate([self.starts[c][: out[c][3]] for c in range(len(self.link_cuts))])
        return (
            sum(r[0] for r in out),
            sum(r[1] for r in out),
            sum(r[2] for r in out),
            starts,
            max(r[4] for r in out),
        )

    def consume(self, *args: Any) -> tuple[float, float]:
        """:func:`kernels.consume_pass` (the last day's; the others run in
        :meth:`pair_orders`); ``firm_stock`` (argument 6) is reset here."""
        if args[5] is not None and args[6]:
            args[5].fill(0.0)
        out = self._map(kn.consume_pass, self.pair_cuts, *args)
        return sum(r[0] for r in out), sum(r[1] for r in out)
