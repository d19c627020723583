"""Benchmark: degree of match of 100,000 outside organisations against a 1,000,000-firm region.

Target (issue 5): <= 10 s on this machine for the ranking.

Run under the shared lock::

    flock /tmp/chainchief-bench.lock .venv/bin/python benchmarks/attraction_bench.py

The dataset comes from :func:`chainchief.examples.synthetic.generate_synthetic`:
``--outside`` outside firms of the focal chain are drawn as the candidates and every
other firm is moved into the focal region (the generator puts only ~5 % there), so the
region holds ``--firms`` − ``--outside`` firms (1,000,000 by default). The diagnosis (which gives
the gap needs) is timed separately; ``degree_of_match`` is timed with it given.
Options: ``--firms N --links M --outside K`` for smaller trial runs, ``--seed``.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from chainchief.attraction import degree_of_match, gap_needs
from chainchief.model.regions import descendants
from chainchief.package import Package


def _rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--firms", type=int, default=1_100_000)
    ap.add_argument("--links", type=int, default=3_000_000)
    ap.add_argument("--outside", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()

    from chainchief.examples.synthetic import generate_synthetic

    t0 = time.perf_counter()
    desc, tables = generate_synthetic(a.firms, a.links, seed=a.seed)
    region, chain = desc["focal_regions"][0], desc["chains"][0]
    firms, fs = tables["firms"], tables["firm_segments"]
    local = firms["region_id"].astype(str).isin(descendants(tables["regions"], region))
    in_chain = firms["firm_id"].isin(fs.loc[fs["chain_id"].astype(str) == chain, "firm_id"])
    outside_ids = firms.loc[in_chain & ~local, "firm_id"].to_numpy()
    rng = np.random.default_rng(a.seed)
    if len(outside_ids) > a.outside:
        outside_ids = rng.choice(outside_ids, a.outside, replace=False)
    cand = firms["firm_id"].isin(outside_ids)
    # Every other firm joins the focal region, so the region holds firms - outside firms
    # (1,000,000 by default); the generator alone puts only ~5 % of firms there.
    firms = firms.copy()
    moved = int((~cand & ~local).sum())
    firms.loc[~cand, "region_id"] = region
    local = ~cand
    tables["firms"] = firms
    pkg = Package(desc, tables)
    t1 = time.perf_counter()
    print(
        f"generated in {t1 - t0:.1f} s: {int(local.sum()):,} local firms (region {region}; "
        f"{moved:,} moved in), "
        f"{len(outside_ids):,} outside firms of chain {chain!r}, "
        f"{len(tables['supply_links']):,} links, {len(tables['sales']):,} sales rows"
    )

    from chainchief.diagnosis import diagnose

    t2 = time.perf_counter()
    d = diagnose(pkg, region=region, chain=chain)
    t3 = time.perf_counter()
    print(f"diagnose (gap needs): {t3 - t2:.2f} s")
    needs = gap_needs(d)

    c0 = time.process_time()
    t4 = time.perf_counter()
    res = degree_of_match(pkg, region=region, chain=chain, needs=needs)
    t5 = time.perf_counter()
    c1 = time.process_time()
    print(
        f"degree_of_match: {t5 - t4:.2f} s wall, {c1 - c0:.2f} s CPU; "
        f"{len(res.ranking):,} candidates, {len(res.components):,} component rows; "
        f"peak RSS {_rss_gib():.2f} GiB"
    )
    print(res.ranking.head(5)[["rank", "candidate_id", "scale", "score"]].to_string(index=False))
    t6 = time.perf_counter()
    res2 = degree_of_match(pkg, region=region, chain=chain, strategy="producer-driven")
    t7 = time.perf_counter()
    print(
        f"degree_of_match with its own diagnosis (producer-driven): {t7 - t6:.2f} s "
        f"({len(res2.ranking):,} candidates)"
    )


if __name__ == "__main__":
    main()
