"""Speed and memory of the shock simulation (issue 7).

Targets: 1,000,000 firms, 10,000,000 links, 365 daily steps with a lockdown and
substitution in <= 60 s and <= 6 GiB on 2 cores; a scaling curve (10k, 100k, 1M firms)
and an ensemble of 100 runs on a local Dask cluster.

Run (big runs under the shared lock)::

    flock /tmp/chainchief-bench.lock .venv/bin/python benchmarks/sim_bench.py
    .venv/bin/python benchmarks/sim_bench.py --firms 100000 --no-scaling --ensemble 0

Every figure is printed, with the wall time of each phase of the step
(``run(timings=...)``); record them in benchmarks/README.md. Warm-up runs on 5,000 and
30,000 firms compile the numba kernels first (7-8 s on a fresh clone, about 2 s from
numba's cache), so the timed runs measure the simulation, not the compiler. The 1M-firm
network takes 8-18 s to build and 47-54 s to run here, in 4.7 GiB;
``CHAINCHIEF_SIM_THREADS`` sets the kernels' threads (default: the usable cores, at most
4, for networks of 200,000 links or more).
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from chainchief.simulation import CapacityLoss, LogisticsDelay, SimParams, run
from chainchief.simulation.synthetic import random_network


def lockdown() -> list:
    """Provinces P0-P2 (about a tenth of the firms) lose 60 % of capacity on days 30-89,
    then recover over 30 days; global lead times grow by 7 days on days 30-119."""
    return [
        CapacityLoss(regions=["P0", "P1", "P2"], loss=0.6, start=30, end=90, recovery_days=30),
        LogisticsDelay(scales=["global"], extra_days=7, start=30, end=120),
    ]


def rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def one(n_firms: int, links_per_firm: int, days: int, seed: int = 0) -> dict[str, float]:
    params = SimParams(days=days)
    t0 = time.perf_counter()
    net = random_network(n_firms, n_firms * links_per_firm, seed=seed, params=params)
    t1 = time.perf_counter()
    phases: dict[str, float] = {}
    res = run(net, params, lockdown(), seed=seed, record_firms=False, timings=phases)
    t2 = time.perf_counter()
    loss = 1 - res.output / net.x0.sum()
    return {
        "phases": phases,
        "links_end": len(res.link_weights_end) if res.link_weights_end is not None else 0,
        "firms": n_firms,
        "links": net.n_links,
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "ms_per_step": (t2 - t1) / days * 1000,
        "peak_loss": float(loss.max()),
        "events": len(res.events),
        "peak_rss_gib": rss_gib(),
    }


def warm_up(days: int) -> float:
    """Compile the numba kernels (or load them from numba's cache) on networks that take
    the same code paths as the timed runs (5,000 firms: one thread, rates gathered in
    the deliver pass; 30,000 firms: two threads, separate rate and deliver passes),
    with the same lockdown, so that no timed run includes compilation. Returns its
    wall time."""
    t0 = time.perf_counter()
    one(5_000, 10, days, seed=1)
    one(30_000, 10, days, seed=1)
    return time.perf_counter() - t0


def _ens_run(seed: int, n_firms: int, days: int) -> float:
    params = SimParams(days=days, inventory_days=float(np.random.default_rng(seed).uniform(3, 15)))
    net = random_network(n_firms, n_firms * 10, seed=seed, params=params)
    # One thread a run: the cluster's worker processes already fill the cores.
    res = run(net, params, lockdown(), seed=seed, record_firms=False, threads=1)
    return float((1 - res.output / net.x0.sum()).max())


def ensemble(runs: int, n_firms: int, days: int, workers: int) -> dict[str, float]:
    from dask.distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        t1 = time.perf_counter()
        futs = client.map(_ens_run, range(runs), n_firms=n_firms, days=days)
        peaks = client.gather(futs)
        t2 = time.perf_counter()
    return {
        "runs": runs,
        "firms": n_firms,
        "cluster_start_s": t1 - t0,
        "wall_s": t2 - t1,
        "s_per_run": (t2 - t1) / runs,
        "peak_loss_median": float(np.median(peaks)),
        "peak_loss_p90": float(np.quantile(peaks, 0.9)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--firms", type=int, default=1_000_000)
    ap.add_argument("--links-per-firm", type=int, default=10)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--ensemble", type=int, default=100, help="runs (0: skip)")
    ap.add_argument("--ensemble-firms", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    print(f"defaults of the run: {SimParams(days=a.days).describe()}")
    w = warm_up(a.days)
    print(f"warm-up (numba compilation, or loading its cache; 5,000 and 30,000 firms): {w:.1f} s")
    r = one(a.firms, a.links_per_firm, a.days)
    print(
        f"main: {r['firms']:,} firms, {r['links']:,} links, {a.days} steps: "
        f"build {r['build_s']:.1f} s, run {r['run_s']:.1f} s ({r['ms_per_step']:.1f} ms/step), "
        f"peak RSS {r['peak_rss_gib']:.2f} GiB, peak loss {r['peak_loss']:.3f}, "
        f"substitution/recovery events {r['events']:,}"
    )
    print(f"links at the end (with substitutes): {r['links_end']:,}")
    print("phases (s; RSS in GiB): " + ", ".join(f"{k} {v:.1f}" for k, v in r["phases"].items()))
    print(
        f"targets: run <= 60 s -> {'MET' if r['run_s'] <= 60 else 'NOT MET'}; "
        f"RSS <= 6 GiB -> {'MET' if r['peak_rss_gib'] <= 6 else 'NOT MET'}"
    )
    if not a.no_scaling:
        print("scaling (10 links per firm):")
        for n in (10_000, 100_000, 1_000_000):
            if n > a.firms:
                break
            s = r if n == a.firms else one(n, a.links_per_firm, a.days)
            print(
                f"  {n:>9,} firms {s['links']:>11,} links: {s['run_s']:7.2f} s "
                f"({s['ms_per_step']:.2f} ms/step, {s['ms_per_step'] / s['links'] * 1e6:.1f} "
                f"ns/link-step)"
            )
    if a.ensemble:
        e = ensemble(a.ensemble, a.ensemble_firms, a.days, a.workers)
        print(
            f"ensemble: {e['runs']} runs x {e['firms']:,} firms on a local Dask cluster "
            f"({a.workers} worker processes): {e['wall_s']:.1f} s ({e['s_per_run']:.2f} s/run; "
            f"cluster start {e['cluster_start_s']:.1f} s), peak loss median "
            f"{e['peak_loss_median']:.3f}, p90 {e['peak_loss_p90']:.3f}"
        )


if __name__ == "__main__":
    main()
