"""Benchmark of the coupling, network and relatedness analyses at scale.

* coupling and networks on a synthetic region of 1,000,000 firms and 10,000,000 supply
  links (plus 2,000,000 sales rows and 1,000,000 knowledge links), and the vectorised
  Gould–Fernandez brokerage on the whole 10,000,000-link supply graph;
* RCA, proximity and relatedness density of a 3,000 regions x 1,200 industries matrix.

Targets (issue 4): <= 20 s for each analysis on the development machine (2 cores).
Run it under the shared lock::

    flock /tmp/chainchief-bench.lock .venv/bin/python benchmarks/analytics_bench.py

Options: ``--firms N --links M`` to scale down (e.g. for a smoke run).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import time
from functools import partial
from types import SimpleNamespace

import numpy as np
import pandas as pd

from chainchief.coupling import analyse_coupling
from chainchief.diversification import relatedness
from chainchief.networks import analyse_networks, brokerage_roles


def _rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _regions() -> tuple[pd.DataFrame, list[str], list[str]]:
    rows = [("W", "World", "global", None)]
    blocs = [f"B{i}" for i in range(5)]
    rows += [(b, b, "supranational", "W") for b in blocs]
    countries = [f"C{i:02d}" for i in range(50)]
    rows += [(c, c, "national", blocs[i % 5]) for i, c in enumerate(countries)]
    rows.append(("CHN", "China", "national", "W"))
    provinces = [f"P{i:02d}" for i in range(31)]
    rows += [(p, p, "province", "CHN") for p in provinces]
    prefectures = [f"Q{i:03d}" for i in range(300)]
    rows += [(q, q, "prefecture", provinces[i % 31]) for i, q in enumerate(prefectures)]
    counties = [f"L{i:04d}" for i in range(2000)]
    rows += [(c, c, "local", prefectures[i % 300]) for i, c in enumerate(counties)]
    df = pd.DataFrame(rows, columns=["region_id", "name", "scale", "parent_id"]).astype("str")
    focal_counties = [c for i, c in enumerate(counties) if i % 300 == 0]  # in prefecture Q000
    return df, focal_counties, countries + counties + provinces


def synthetic_region(n_firms: int, n_links: int, seed: int = 1) -> SimpleNamespace:
    """A focal prefecture (Q000) with 40 % of the firms, the rest spread worldwide."""
    rng = np.random.default_rng(seed)
    regions, focal_counties, others = _regions()
    local = rng.random(n_firms) < 0.4
    firm_region = np.where(
        local,
        np.asarray(focal_counties, dtype=object)[rng.integers(0, len(focal_counties), n_firms)],
        np.asarray(others, dtype=object)[rng.integers(0, len(others), n_firms)],
    )
    ids = np.char.add("F", np.char.zfill(np.arange(n_firms).astype(str), 7)).astype(object)
    firms = pd.DataFrame(
        {
            "firm_id": pd.array(ids, dtype="str"),
            "name": pd.array(ids, dtype="str"),
            "region_id": pd.array(firm_region, dtype="str"),
            "ownership": pd.array(
                np.where(rng.random(n_firms) < 0.1, "foreign", "private"), dtype="str"
            ),
            "revenue": rng.gamma(1.0, 50.0, n_firms),
            "is_lead": pd.array(rng.random(n_firms) < 0.01, dtype="boolean"),
            "oem_share": rng.random(n_firms),
            "obm_share": rng.random(n_firms) * 0.3,
        }
    )
    segs = np.array([f"s{i}" for i in range(8)], dtype=object)
    firm_segments = pd.DataFrame(
        {
            "firm_id": firms["firm_id"],
            "chain_id": "c1",
            "segment_id": pd.array(segs[rng.integers(0, 8, n_firms)], dtype="str"),
            "share": 1.0,
        }
    )
    local_idx = np.flatnonzero(local)
    buyer = np.where(
        rng.random(n_links) < 0.6,
        local_idx[rng.integers(0, len(local_idx), n_links)],
        rng.integers(0, n_firms, n_links),
    )
    supplier = rng.integers(0, n_firms, n_links)
    supply = pd.DataFrame(
        {
            "supplier_id": pd.array(ids[supplier], dtype="str"),
            "buyer_id": pd.array(ids[buyer], dtype="str"),
            "chain_id": "c1",
            "segment_id": pd.array(segs[rng.integers(0, 8, n_links)], dtype="str"),
            "value": rng.gamma(1.0, 5.0, n_links),
            "year": pd.array(rng.choice([2019, 2020], n_links), dtype="Int64"),
            "status": "verified",
            "source": "synthetic",
        }
    )
    n_sales = 2 * n_firms
    seller = local_idx[rng.integers(0, len(local_idx), n_sales)]
    buyer_s = rng.integers(0, n_firms, n_sales)
    sales = pd.DataFrame(
        {
            "firm_id": pd.array(ids[seller], dtype="str"),
            "market_region_id": pd.array(firm_region[buyer_s], dtype="str"),
            "value": rng.gamma(1.0, 20.0, n_sales),
            "year": pd.array(rng.choice([2019, 2020], n_sales), dtype="Int64"),
            "buyer_id": pd.array(ids[buyer_s], dtype="str"),
        }
    )
    n_k = n_firms
    ks = np.where(
        rng.random(n_k) < 0.7,
        local_idx[rng.integers(0, len(local_idx), n_k)],
        rng.integers(0, n_firms, n_k),
    )
    kt = local_idx[rng.integers(0, len(local_idx), n_k)]
    knowledge = pd.DataFrame(
        {
            "source_id": pd.array(ids[ks], dtype="str"),
            "target_id": pd.array(ids[kt], dtype="str"),
            "kind": "technical_advice",
            "weight": 1.0,
        }
    )
    empty_ind = pd.DataFrame(
        {
            "region_id": pd.Series(dtype="str"),
            "indicator": pd.Series(dtype="str"),
            "year": pd.Series(dtype="Int64"),
            "value": pd.Series(dtype=float),
        }
    )
    return SimpleNamespace(
        descriptor={"name": "synthetic", "focal_regions": ["Q000"]},
        regions=regions,
        firms=firms,
        firm_segments=firm_segments,
        supply_links=supply,
        sales=sales,
        knowledge_links=knowledge,
        institutions=None,
        indicators=empty_ind,
    )


def _timed(label: str, func):  # type: ignore[no-untyped-def]
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    out = func()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    load = os.getloadavg()[0]
    print(
        f"{label}: {dt:.1f} s wall, {cpu:.1f} s CPU, load {load:.1f} "
        f"(peak RSS so far {_rss_gib():.2f} GiB)",
        flush=True,
    )
    return out, dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--firms", type=int, default=1_000_000)
    ap.add_argument("--links", type=int, default=10_000_000)
    ap.add_argument("--regions", type=int, default=3_000)
    ap.add_argument("--industries", type=int, default=1_200)
    args = ap.parse_args()

    t0 = time.perf_counter()
    data = synthetic_region(args.firms, args.links)
    print(
        f"synthetic region: {len(data.firms):,} firms, {len(data.supply_links):,} supply links, "
        f"{len(data.sales):,} sales, {len(data.knowledge_links):,} knowledge links "
        f"(generated in {time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    res, _ = _timed(
        "coupling (flows, profiles, diversity, dependence, events, mode)",
        partial(analyse_coupling, data),
    )
    print(f"  flows: {len(res.flows):,}; events: {len(res.events):,}")
    del res
    net, _ = _timed(
        "networks (buzz/pipelines, horizontal/vertical, centralisation, brokerage, gatekeepers)",
        partial(analyse_networks, data, "Q000"),
    )
    print(f"  centralisation: {net.centralisation.set_index('metric')['value'].to_dict()}")
    del net
    links = data.supply_links
    codes = pd.Index(data.firms["firm_id"])
    src = codes.get_indexer(pd.Index(links["supplier_id"]))
    dst = codes.get_indexer(pd.Index(links["buyer_id"]))
    group = pd.Series(data.firms["region_id"].to_numpy(), index=np.arange(len(codes)))
    del data, links
    br, _ = _timed(
        f"brokerage roles on the full supply graph ({len(src):,} ties, closed two-paths excluded)",
        partial(brokerage_roles, src, dst, group),
    )
    print(f"  two-paths brokered: {int(br['total'].sum()):,}")
    del br

    rng = np.random.default_rng(2)
    mat = rng.gamma(0.3, 100.0, size=(args.regions, args.industries))
    mat[rng.random(mat.shape) < 0.5] = 0.0
    frame = pd.DataFrame(
        mat,
        index=[f"r{i}" for i in range(args.regions)],
        columns=[f"i{j}" for j in range(args.industries)],
    )
    rel, _ = _timed(
        f"relatedness (RCA, proximity, density) on {args.regions:,} x {args.industries:,}",
        partial(relatedness, frame),
    )
    print(f"  mean density: {float(rel.density.to_numpy().mean()):.4f}")
    print(f"peak RSS: {_rss_gib():.2f} GiB")


if __name__ == "__main__":
    main()
