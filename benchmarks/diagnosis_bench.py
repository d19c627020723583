"""Benchmark: full chain diagnosis of a synthetic region, 1,000,000 firms, 10,000,000 links.

Targets (issue 3): <= 15 s and <= 8 GiB for ``diagnose`` on that dataset.

Run under the shared lock::

    flock /tmp/chainchief-bench.lock .venv/bin/python benchmarks/diagnosis_bench.py

Options: ``--firms N --links M`` for smaller trial runs, ``--html FILE`` to also time
the report, ``--profile`` for the top cProfile entries. The dataset comes from
:func:`chainchief.examples.synthetic.generate_synthetic` (``--source synthetic``, the
default: three chains, a focal county cluster, mostly local links) or from the simple
numpy generator below (``--source builtin``: one chain, uniform random links). Either
way the frames are wrapped in an in-memory Package, so only the diagnosis is timed.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from chainchief.diagnosis import diagnose, render_html
from chainchief.package import Package

SEGMENTS = [
    ("materials", "upstream", "materials", 0.06),
    ("parts", "upstream", "components", 0.08),
    ("machinery", "upstream", "components", 0.05),
    ("design", "midstream", "rnd_design", 0.12),
    ("components", "midstream", "components", 0.10),
    ("processing", "midstream", "manufacturing", 0.06),
    ("assembly", "midstream", "manufacturing", 0.05),
    ("testing", "midstream", "services", 0.04),
    ("packaging", "downstream", "manufacturing", 0.04),
    ("brand", "downstream", "brand_marketing", 0.18),
    ("wholesale", "downstream", "distribution", 0.10),
    ("retail", "downstream", "distribution", 0.12),
]
EDGES = [
    ("materials", "components"),
    ("parts", "components"),
    ("machinery", "processing"),
    ("design", "components"),
    ("components", "processing"),
    ("processing", "assembly"),
    ("testing", "assembly"),
    ("assembly", "packaging"),
    ("packaging", "brand"),
    ("brand", "wholesale"),
    ("wholesale", "retail"),
]


def _s(values: np.ndarray | list) -> pd.Series:
    return pd.Series(values, dtype="str")


def build(n_firms: int, n_links: int, seed: int = 7) -> Package:
    rng = np.random.default_rng(seed)
    # regions: world, 3 blocs, 20 countries (CHN among them), CHN: 31 provinces x 10
    # prefectures x 5 counties; the focal county is the first one
    rows = [("WORLD", "global", None)]
    rows += [(f"B{b}", "supranational", "WORLD") for b in range(3)]
    rows += [(f"C{c}", "national", f"B{c % 3}") for c in range(20)]
    rows[4] = ("CHN", "national", "B0")
    for p in range(31):
        rows.append((f"P{p}", "province", "CHN"))
        for q in range(10):
            rows.append((f"P{p}Q{q}", "prefecture", f"P{p}"))
            rows += [(f"P{p}Q{q}K{k}", "local", f"P{p}Q{q}") for k in range(5)]
    regions = pd.DataFrame(rows, columns=["region_id", "scale", "parent_id"])
    regions.insert(1, "name", regions["region_id"])
    regions = regions.astype({"region_id": "str", "name": "str", "scale": "str"})
    regions["parent_id"] = regions["parent_id"].astype("str")
    focal = "P0Q0K0"
    counties = regions.loc[regions["scale"] == "local", "region_id"].to_numpy()
    foreign = regions.loc[regions["scale"] == "national", "region_id"].to_numpy()
    foreign = foreign[foreign != "CHN"]
    # 20 % of firms local, 10 % elsewhere in the prefecture/province, 55 % in China, 15 % abroad
    u = rng.random(n_firms)
    region_idx = np.where(
        u < 0.20,
        0,
        np.where(u < 0.30, rng.integers(1, 50, n_firms), rng.integers(0, len(counties), n_firms)),
    )
    region = counties[region_idx].astype(object)
    abroad = u >= 0.85
    region[abroad] = foreign[rng.integers(0, len(foreign), abroad.sum())]
    region[region_idx == 0] = focal
    ids = np.char.add("F", np.arange(n_firms).astype("U7"))
    revenue = rng.lognormal(3.0, 1.2, n_firms)
    oem = rng.random(n_firms)
    odm = (1 - oem) * rng.random(n_firms)
    firms = pd.DataFrame(
        {
            "firm_id": _s(ids),
            "name": _s(ids),
            "region_id": _s(region),
            "ownership": _s(np.where(abroad, "foreign", "private")),
            "employees": pd.array(rng.integers(5, 2000, n_firms), dtype="Int64"),
            "revenue": revenue,
            "value_added": revenue * rng.uniform(0.1, 0.4, n_firms),
            "rnd_spend": revenue * rng.uniform(0.0, 0.08, n_firms),
            "patents": pd.array(rng.poisson(2, n_firms), dtype="Int64"),
            "own_brands": pd.array(rng.poisson(0.3, n_firms), dtype="Int64"),
            "above_scale": pd.array(revenue > 40, dtype="boolean"),
            "listed": pd.array(rng.random(n_firms) < 0.002, dtype="boolean"),
            "is_lead": pd.array(rng.random(n_firms) < 0.001, dtype="boolean"),
            "oem_share": oem,
            "odm_share": odm,
            "obm_share": 1 - oem - odm,
        }
    )
    seg_ids = np.array([s[0] for s in SEGMENTS])
    seg_of = rng.integers(0, len(SEGMENTS), n_firms)
    second = rng.random(n_firms) < 0.2
    fs_firm = np.concatenate([np.arange(n_firms), np.flatnonzero(second)])
    fs_seg = np.concatenate([seg_of, (seg_of[second] + 1) % len(SEGMENTS)])
    share = np.where(np.isin(fs_firm, np.flatnonzero(second)), 0.5, 1.0)
    firm_segments = pd.DataFrame(
        {
            "firm_id": _s(ids[fs_firm]),
            "chain_id": _s(np.full(len(fs_firm), "chain")),
            "segment_id": _s(seg_ids[fs_seg]),
            "share": share,
            "capacity": np.nan,
        }
    )
    sup = rng.integers(0, n_firms, n_links)
    buy = rng.integers(0, n_firms, n_links)
    supply_links = pd.DataFrame(
        {
            "supplier_id": _s(ids[sup]),
            "buyer_id": _s(ids[buy]),
            "chain_id": _s(np.full(n_links, "chain")),
            "segment_id": _s(seg_ids[seg_of[sup]]),
            "value": rng.lognormal(1.0, 1.0, n_links),
            "year": pd.array(np.full(n_links, 2023), dtype="Int64"),
            "lead_time_days": np.nan,
            "complexity": rng.random(n_links),
            "codifiability": rng.random(n_links),
            "status": _s(np.full(n_links, "inferred")),
            "source": _s(np.full(n_links, "synthetic")),
        }
    )
    local_pos = np.flatnonzero(region_idx == 0)
    n_sales = 2 * len(local_pos)
    sf = np.repeat(local_pos, 2)
    market = np.where(
        rng.random(n_sales) < 0.6, "CHN", foreign[rng.integers(0, len(foreign), n_sales)]
    )
    sales = pd.DataFrame(
        {
            "firm_id": _s(ids[sf]),
            "market_region_id": _s(market),
            "value": revenue[sf] / 2,
            "year": pd.array(np.full(n_sales, 2023), dtype="Int64"),
            "channel": _s(np.full(n_sales, "direct")),
            "buyer_id": _s(np.where(market == "CHN", None, ids[rng.integers(0, n_firms, n_sales)])),
        }
    )
    segments = pd.DataFrame(
        {
            "chain_id": _s(np.full(len(SEGMENTS), "chain")),
            "segment_id": _s(seg_ids),
            "name": _s(seg_ids),
            "stage": _s([s[1] for s in SEGMENTS]),
            "function": _s([s[2] for s in SEGMENTS]),
            "va_share": [s[3] for s in SEGMENTS],
        }
    )
    edges = pd.DataFrame(
        {
            "chain_id": _s(np.full(len(EDGES), "chain")),
            "from_segment": _s([e[0] for e in EDGES]),
            "to_segment": _s([e[1] for e in EDGES]),
        }
    )
    desc = {"name": "synthetic-bench", "focal_regions": [focal], "chains": ["chain"]}
    return Package(
        desc,
        {
            "regions": regions,
            "segments": segments,
            "segment_edges": edges,
            "firms": firms,
            "firm_segments": firm_segments,
            "supply_links": supply_links,
            "sales": sales,
        },
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=1_000_000)
    ap.add_argument("--links", type=int, default=10_000_000)
    ap.add_argument("--html", default=None, help="also render the HTML report to this file")
    ap.add_argument("--profile", action="store_true", help="print the top cProfile entries")
    ap.add_argument("--source", choices=["synthetic", "builtin"], default="synthetic")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    t0 = time.perf_counter()
    if a.source == "synthetic":
        from chainchief.examples.synthetic import generate_synthetic

        desc, tables = generate_synthetic(a.firms, a.links, seed=a.seed)
        pkg = Package(desc, tables)
    else:
        pkg = build(a.firms, a.links, seed=a.seed)
    t1 = time.perf_counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    c1 = time.process_time()
    if a.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        d = prof.runcall(diagnose, pkg)
        pstats.Stats(prof).sort_stats("cumtime").print_stats(r"diagnosis/|duckdb", 30)
    else:
        d = diagnose(pkg)
    t2 = time.perf_counter()
    cpu = time.process_time() - c1
    d.to_json()
    t3 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(
        f"source={a.source} firms={a.firms:,} links={a.links:,} region={d.region} "
        f"chain={d.chain} local_chain_firms={d.labels['local_chain_firms']:,}"
    )
    print(f"generate_s={t1 - t0:.2f}")
    print(f"diagnose_s={t2 - t1:.2f}  (target <= 15; process CPU {cpu:.2f} s, all threads)")
    print(f"to_json_s={t3 - t2:.2f}")
    if a.html:
        from pathlib import Path

        Path(a.html).write_text(render_html(d, "en"), encoding="utf-8")
        print(f"render_html_s={time.perf_counter() - t3:.2f}")
    print(f"peak_rss_gib={rss:.2f} (after generation {rss_before:.2f}; target <= 8)")
    print("classes:", d.segments.set_index("segment_id")["class"].value_counts().to_dict())


if __name__ == "__main__":
    main()
