"""Random layered supply networks for tests and benchmarks (seeded, synthetic).

:func:`random_package` makes small package-like objects (DataFrames) with a region tree
of every scale; :func:`random_network` makes a large :class:`Network` directly from
arrays (1,000,000 firms and 10,000,000 links in seconds), for benchmarks.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from chainchief.simulation.network import Network, sort_links
from chainchief.simulation.params import SCALES, SimParams

__all__ = ["package_from_lists", "random_network", "random_package", "region_tree"]


def region_tree(n_provinces: int = 3, n_pref: int = 2, n_local: int = 2) -> pd.DataFrame:
    """A region table: world, two blocs, three countries, provinces, prefectures, counties.

    Country ``CN`` (in bloc ``BRI``) holds the provinces; ``VN`` shares the bloc; ``JP``
    is in no bloc with them (relations with it are global).
    """
    rows = [
        ("W", "World", "global", None),
        ("BRI", "Partner bloc", "supranational", "W"),
        ("CN", "China", "national", "BRI"),
        ("VN", "Viet Nam", "national", "BRI"),
        ("JP", "Japan", "national", "W"),
    ]
    for i in range(n_provinces):
        pv = f"P{i}"
        rows.append((pv, f"Province {i}", "province", "CN"))
        for j in range(n_pref):
            pf = f"{pv}F{j}"
            rows.append((pf, f"Prefecture {i}.{j}", "prefecture", pv))
            for k in range(n_local):
                rows.append((f"{pf}L{k}", f"County {i}.{j}.{k}", "local", pf))
    df = pd.DataFrame(rows, columns=["region_id", "name", "scale", "parent_id"])
    return df.astype({c: "str" for c in df.columns})


def random_package(
    n_firms: int = 12,
    n_layers: int = 3,
    links_per_buyer: int = 2,
    segments_per_layer: int = 1,
    seed: int = 0,
    foreign_share: float = 0.15,
) -> SimpleNamespace:
    """A small random layered chain as package-like DataFrames.

    Firms of layer ``k`` supply firms of layer ``k + 1``; the last layer sells to final
    markets; every firm sells some output to final demand. Regions are drawn from
    :func:`region_tree` counties, with ``foreign_share`` of firms in ``JP`` or ``VN``.
    """
    rng = np.random.default_rng(seed)
    regions = region_tree()
    locals_ = regions.loc[regions["scale"] == "local", "region_id"].tolist()
    layer = np.sort(rng.integers(0, n_layers, n_firms))
    layer[:n_layers] = np.arange(min(n_layers, n_firms))
    layer = np.sort(layer)
    seg = np.array([f"s{k}_{rng.integers(0, segments_per_layer)}" for k in layer], dtype=object)
    region = [
        (rng.choice(["JP", "VN"]) if rng.random() < foreign_share else rng.choice(locals_))
        for _ in range(n_firms)
    ]
    ids = [f"f{i:03d}" for i in range(n_firms)]
    firms = pd.DataFrame(
        {
            "firm_id": pd.Series(ids, dtype="str"),
            "name": pd.Series([f"Firm {i}" for i in range(n_firms)], dtype="str"),
            "region_id": pd.Series(region, dtype="str"),
            "revenue": rng.uniform(50.0, 500.0, n_firms) * 365,
        }
    )
    fs = pd.DataFrame(
        {
            "firm_id": pd.Series(ids, dtype="str"),
            "chain_id": pd.Series(["c"] * n_firms, dtype="str"),
            "segment_id": pd.Series(seg, dtype="str"),
            "share": np.ones(n_firms),
            "capacity": np.full(n_firms, np.nan),
        }
    )
    rows = []
    for b in range(n_firms):
        if layer[b] == 0:
            continue
        pool = np.flatnonzero(layer == layer[b] - 1)
        k = min(links_per_buyer, len(pool))
        for s in rng.choice(pool, size=k, replace=False):
            rows.append((ids[s], ids[b], seg[s], float(rng.uniform(5.0, 50.0) * 365)))
    links = pd.DataFrame(rows, columns=["supplier_id", "buyer_id", "segment_id", "value"])
    links = links.astype({"supplier_id": "str", "buyer_id": "str", "segment_id": "str"})
    links["chain_id"] = pd.Series(["c"] * len(links), dtype="str")
    links["status"] = pd.Series(["verified"] * len(links), dtype="str")
    links["source"] = pd.Series(["synthetic"] * len(links), dtype="str")
    markets = ["CN", "JP", "VN", "W"]
    sales = pd.DataFrame(
        {
            "firm_id": pd.Series(ids, dtype="str"),
            "market_region_id": pd.Series(rng.choice(markets, n_firms), dtype="str"),
            "value": rng.uniform(10.0, 100.0, n_firms) * 365,
        }
    )
    return SimpleNamespace(
        regions=regions, firms=firms, firm_segments=fs, supply_links=links, sales=sales
    )


def random_network(
    n_firms: int,
    n_links: int,
    *,
    n_segments: int = 50,
    seed: int = 0,
    params: SimParams | None = None,
    n_provinces: int = 31,
    n_pref: int = 10,
    n_local: int = 8,
) -> Network:
    """A large random network built from arrays (no DataFrames), for benchmarks.

    Segments are ordered; a firm of segment ``s`` buys from firms of segments ``< s``
    (so the network is a layered chain), each firm sits in a random county of China or
    in one of two foreign countries, and about 5 % of links cross borders.
    """
    p = params or SimParams()
    rng = np.random.default_rng(seed)
    regions = region_tree(n_provinces, n_pref, n_local)
    rid = regions["region_id"].to_numpy(dtype=object)
    pos = {r: i for i, r in enumerate(rid)}
    units = np.full((len(SCALES), len(rid)), -1, dtype=np.int64)
    par = [None if pd.isna(x) or x == "None" else pos[x] for x in regions["parent_id"]]
    for i in range(len(rid)):
        j: int | None = i
        while j is not None:
            k = SCALES.index(regions["scale"].iat[j])
            if units[k, i] < 0:
                units[k, i] = j
            j = par[j]
    local_idx = np.flatnonzero(regions["scale"].to_numpy() == "local")
    freg = local_idx[rng.integers(0, len(local_idx), n_firms)]
    foreign = rng.random(n_firms) < 0.03
    freg[foreign] = np.where(rng.random(foreign.sum()) < 0.5, pos["JP"], pos["VN"])
    fseg = rng.integers(0, n_segments, n_firms)
    order = np.argsort(fseg, kind="stable")
    bounds = np.searchsorted(fseg[order], np.arange(n_segments + 1))
    buyers = rng.integers(0, n_firms, n_links)
    buyers = buyers[fseg[buyers] > 0]
    # Supplier from a lower segment, preferring the buyer's own province (clusters).
    sseg = rng.integers(0, np.maximum(fseg[buyers], 1))
    lo, hi = bounds[sseg], bounds[sseg + 1]
    ok = hi > lo
    buyers, lo, hi = buyers[ok], lo[ok], hi[ok]
    sup = order[lo + (rng.random(len(lo)) * (hi - lo)).astype(np.int64)]
    flow = rng.lognormal(0.0, 1.0, len(sup))
    key = buyers.astype(np.int64) * n_segments + fseg[sup]
    uniq, link_pair = np.unique(key, return_inverse=True)
    pair_buyer = uniq // n_segments
    pair_seg = uniq % n_segments
    inter_out = np.bincount(sup, flow, minlength=n_firms)
    inputs = np.bincount(buyers, flow, minlength=n_firms)
    final = np.maximum(inputs * rng.uniform(0.2, 0.6, n_firms), 0.05)
    x0 = inter_out + final
    pair_flow = np.bincount(link_pair, flow, minlength=len(uniq))
    seg_keys = np.array([f"c/s{i:03d}" for i in range(n_segments)], dtype=object)
    net = Network(
        firm_ids=np.array([f"f{i}" for i in range(n_firms)], dtype=object),
        firm_region=freg.astype(np.int64),
        region_ids=rid,
        region_units=units,
        x0=x0,
        cap=x0 * (1.0 + p.capacity_headroom),
        size_class=np.where(x0 < np.median(x0), "small", "large").astype(object),
        primary_segment=fseg.astype(np.int64),
        segment_keys=seg_keys,
        segment_ids=np.array([s.split("/")[1] for s in seg_keys], dtype=object),
        segment_chain=np.array(["c"] * n_segments, dtype=object),
        fs_firm=np.arange(n_firms, dtype=np.int64),
        fs_seg=fseg.astype(np.int64),
        sale_firm=np.arange(n_firms, dtype=np.int64),
        sale_market=freg.astype(np.int64),
        sale_value=final,
        pair_buyer=pair_buyer.astype(np.int64),
        pair_seg=pair_seg.astype(np.int64),
        pair_a=pair_flow / x0[pair_buyer],
        pair_days=np.full(len(uniq), p.inventory_days),
        pair_critical=np.ones(len(uniq), dtype=bool),
        link_sup=sup.astype(np.int64),
        link_pair=link_pair.astype(np.int64),
        link_w0=flow / pair_flow[link_pair],
        link_lead=np.zeros(len(sup), dtype=np.int64),
        link_scale=np.zeros(len(sup), dtype=np.int8),
        link_chain=np.array(["c"], dtype=object)[np.zeros(len(sup), dtype=np.int64)],
    )
    net.link_scale = net.relation_scale_idx(net.link_sup, pair_buyer[link_pair])
    net.link_lead = np.asarray(p.lead_time_by_scale, dtype=np.int64)[net.link_scale]
    return sort_links(net)


def package_from_lists(
    firms: list[tuple[str, str, str]],
    links: list[tuple[str, str, str, float]],
    sales: list[tuple[str, str, float]],
    capacity: dict[str, float] | None = None,
    lead: float | None = None,
) -> SimpleNamespace:
    """A package-like object from plain lists, on the :func:`region_tree` regions.

    ``firms``: (firm id, region id, segment id); ``links``: (supplier, buyer, segment,
    yearly value); ``sales``: (firm, market region, yearly value); ``capacity``: yearly
    capacity by firm; ``lead``: lead time in days of every link (None: by scale).
    All firms are in one chain ``c``.
    """
    regions = region_tree()
    f = pd.DataFrame(
        {
            "firm_id": pd.Series([x[0] for x in firms], dtype="str"),
            "name": pd.Series([x[0].upper() for x in firms], dtype="str"),
            "region_id": pd.Series([x[1] for x in firms], dtype="str"),
        }
    )
    cap = capacity or {}
    fs = pd.DataFrame(
        {
            "firm_id": pd.Series([x[0] for x in firms], dtype="str"),
            "chain_id": pd.Series(["c"] * len(firms), dtype="str"),
            "segment_id": pd.Series([x[2] for x in firms], dtype="str"),
            "share": np.ones(len(firms)),
            "capacity": [cap.get(x[0], np.nan) for x in firms],
        }
    )
    sl = pd.DataFrame(
        {
            "supplier_id": pd.Series([x[0] for x in links], dtype="str"),
            "buyer_id": pd.Series([x[1] for x in links], dtype="str"),
            "chain_id": pd.Series(["c"] * len(links), dtype="str"),
            "segment_id": pd.Series([x[2] for x in links], dtype="str"),
            "value": [x[3] for x in links],
            "lead_time_days": [lead if lead is not None else np.nan] * len(links),
            "status": pd.Series(["verified"] * len(links), dtype="str"),
            "source": pd.Series(["test"] * len(links), dtype="str"),
        }
    )
    s = pd.DataFrame(
        {
            "firm_id": pd.Series([x[0] for x in sales], dtype="str"),
            "market_region_id": pd.Series([x[1] for x in sales], dtype="str"),
            "value": [x[2] for x in sales],
        }
    )
    return SimpleNamespace(regions=regions, firms=f, firm_segments=fs, supply_links=sl, sales=s)
