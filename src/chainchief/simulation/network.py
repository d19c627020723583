"""Build the firm network the simulation runs on, from a chain data package.

The :class:`Network` holds plain numpy arrays: firms (baseline daily output, capacity,
region units at every scale), *pairs* (a buyer and one input segment, with its input
coefficient) and *links* (supplier -> pair, with a share of the pair's orders and a lead
time). Values are yearly in the data and daily in the model (divided by 365).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numba as nb
import numpy as np
import pandas as pd

from chainchief.simulation.params import SCALES, SimParams

__all__ = ["DataLike", "Network", "build_network", "segment_key"]

DAYS_PER_YEAR = 365.0


class DataLike(Protocol):
    """What the simulation reads: a Package, a store Dataset or any object with these."""

    regions: pd.DataFrame
    firms: pd.DataFrame
    firm_segments: pd.DataFrame
    supply_links: pd.DataFrame
    sales: pd.DataFrame


def segment_key(chain_id: object, segment_id: object) -> str:
    """Key of a segment across chains: ``chain_id/segment_id``."""
    return f"{chain_id}/{segment_id}"


@dataclass
class Network:
    """Arrays of the firm network (see module docstring). Index order is fixed."""

    firm_ids: np.ndarray  # (n,) object
    firm_region: np.ndarray  # (n,) int region index
    region_ids: np.ndarray  # (R,) object
    region_units: np.ndarray  # (6, R) int: index of ancestor at each scale, -1 if none
    x0: np.ndarray  # (n,) baseline daily output
    cap: np.ndarray  # (n,) daily capacity
    size_class: np.ndarray  # (n,) object small/medium/large
    primary_segment: np.ndarray  # (n,) int segment index, -1 unknown
    segment_keys: np.ndarray  # (S,) object "chain/segment"
    segment_ids: np.ndarray  # (S,) object segment id
    segment_chain: np.ndarray  # (S,) object chain id
    fs_firm: np.ndarray  # firm_segments: firm index
    fs_seg: np.ndarray  # firm_segments: segment index
    sale_firm: np.ndarray  # (m,) final-demand rows: firm
    sale_market: np.ndarray  # (m,) region index of the market
    sale_value: np.ndarray  # (m,) daily value
    pair_buyer: np.ndarray  # (P,) sorted by buyer
    pair_seg: np.ndarray  # (P,)
    pair_a: np.ndarray  # (P,) input coefficient
    pair_days: np.ndarray  # (P,) inventory target in days
    pair_critical: np.ndarray  # (P,) bool
    link_sup: np.ndarray  # (L,)
    link_pair: np.ndarray  # (L,)
    link_w0: np.ndarray  # (L,) share of the pair's orders
    link_lead: np.ndarray  # (L,) int lead time, days >= 1
    link_scale: np.ndarray  # (L,) int scale rank
    link_chain: np.ndarray  # (L,) object chain id
    focal_regions: list[str] = field(default_factory=list)

    @property
    def n_firms(self) -> int:
        return len(self.firm_ids)

    @property
    def n_links(self) -> int:
        return len(self.link_sup)

    @property
    def n_pairs(self) -> int:
        return len(self.pair_buyer)

    def firm_units(self, k: int) -> np.ndarray:
        """Index of each firm's region unit at scale rank ``k`` (-1 if none)."""
        return np.asarray(self.region_units[k][self.firm_region])

    def inside(self, region_refs: list[str] | None) -> np.ndarray:
        """Boolean over regions: inside (or equal to) any of ``region_refs``."""
        out = np.zeros(len(self.region_ids), dtype=bool)
        if not region_refs:
            return out
        pos = {r: i for i, r in enumerate(self.region_ids)}
        for ref in region_refs:
            if ref not in pos:
                raise KeyError(f"unknown region {ref!r} in scenario")
            j = pos[ref]
            for k in range(len(SCALES)):
                out |= self.region_units[k] == j
        return out

    def relation_scale_idx(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Scale rank of the smallest unit containing firms ``a`` and ``b`` (5 = global)."""
        out = np.empty(len(a), dtype=np.int8)
        _relation_scale(
            np.ascontiguousarray(self.region_units),
            self.firm_region,
            np.asarray(a, dtype=np.int64),
            np.asarray(b, dtype=np.int64),
            out,
        )
        return out


@nb.njit(cache=True, nogil=True)
def _relation_scale(
    units: np.ndarray, region: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray
) -> None:
    last = units.shape[0] - 1
    for i in range(a.shape[0]):
        ra = region[a[i]]
        rb = region[b[i]]
        out[i] = last
        for k in range(units.shape[0]):
            ua = units[k, ra]
            if ua >= 0 and ua == units[k, rb]:
                out[i] = k
                break


def _region_units(regions: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    ids = regions["region_id"].astype(str).to_numpy(dtype=object)
    pos = {r: i for i, r in enumerate(ids)}
    parent = [
        None if (p is None or pd.isna(p)) else pos.get(str(p))
        for p in (regions["parent_id"] if "parent_id" in regions else [None] * len(ids))
    ]
    scale = [SCALES.index(str(s)) for s in regions["scale"]]
    units = np.full((len(SCALES), len(ids)), -1, dtype=np.int64)
    for i in range(len(ids)):
        j: int | None = i
        seen = 0
        while j is not None and seen <= len(ids):
            if units[scale[j], i] < 0:
                units[scale[j], i] = j
            j = parent[j]
            seen += 1
    return ids, units


def _latest(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if "year" not in df.columns or df.empty or df["year"].isna().all():
        return df
    yr = pd.to_numeric(df["year"], errors="coerce").fillna(-1)
    latest = yr.groupby([df[k] for k in keys]).transform("max")
    return df[yr == latest]


def build_network(
    data: DataLike | Any, params: SimParams | None = None, *, year: int | None = None
) -> Network:
    """Build a :class:`Network` from a package-like object.

    Parameters
    ----------
    data
        Object with ``regions``, ``firms``, ``firm_segments``, ``supply_links`` and
        ``sales`` DataFrames (a Package, a store Dataset or a namespace of frames).
    params
        Model parameters (inventory targets, capacity headroom, lead times, critical inputs).
    year
        Use rows of this year; default: the latest year of each link and sales row group.

    Notes
    -----
    Final demand is the sales rows, less those to a buyer firm that a supply link from
    the same seller already carries (intermediate sales); a firm without sales rows sells its
    revenue beyond its intermediate sales in its own region. Baseline output is final
    plus intermediate sales; capacity is the larger of ``firm_segments.capacity`` and
    baseline output times ``1 + capacity_headroom``. Firms with no output get a token
    final demand so the model is well defined.
    """
    p = params or SimParams()
    region_ids, units = _region_units(data.regions)
    rpos = {r: i for i, r in enumerate(region_ids)}
    firms = data.firms
    firm_ids = firms["firm_id"].astype(str).to_numpy(dtype=object)
    n = len(firm_ids)
    fpos = pd.Index(firm_ids)
    firm_region = np.array([rpos[str(r)] for r in firms["region_id"]], dtype=np.int64)

    links = data.supply_links.copy()
    if year is not None and "year" in links:
        links = links[pd.to_numeric(links["year"], errors="coerce") == year]
    links = _latest(links, ["supplier_id", "buyer_id", "chain_id", "segment_id"])
    links = links[links["supplier_id"].astype(str) != links["buyer_id"].astype(str)]
    links = links.assign(
        value=pd.to_numeric(links["value"], errors="coerce").fillna(0.0),
        seg=[
            segment_key(c, s) for c, s in zip(links["chain_id"], links["segment_id"], strict=True)
        ],
    )
    links = links[links["value"] > 0]
    fs = data.firm_segments
    seg_keys = sorted(
        set(links["seg"]).union(
            segment_key(c, s) for c, s in zip(fs["chain_id"], fs["segment_id"], strict=True)
        )
    )
    spos = {s: i for i, s in enumerate(seg_keys)}
    seg_arr = np.array(seg_keys, dtype=object)
    seg_chain = np.array([s.split("/", 1)[0] for s in seg_keys], dtype=object)
    seg_id = np.array([s.split("/", 1)[1] for s in seg_keys], dtype=object)

    lead_col = (
        pd.to_numeric(links["lead_time_days"], errors="coerce")
        if "lead_time_days" in links and p.use_link_lead_times
        else pd.Series(np.nan, index=links.index)
    )
    agg = (
        links.assign(lead=lead_col)
        .groupby(["supplier_id", "buyer_id", "seg"], sort=False, observed=True)
        .agg(value=("value", "sum"), lead=("lead", "max"), chain=("chain_id", "first"))
        .reset_index()
    )
    sup = fpos.get_indexer(agg["supplier_id"].astype(str))
    buy = fpos.get_indexer(agg["buyer_id"].astype(str))
    if (sup < 0).any() or (buy < 0).any():
        raise ValueError("supply_links name firms that are not in the firms table")
    seg = np.array([spos[s] for s in agg["seg"]], dtype=np.int64)
    flow = agg["value"].to_numpy(dtype=float) / DAYS_PER_YEAR

    # Final demand from sales not addressed to a firm of the dataset.
    sales = _latest(data.sales, ["firm_id"])
    s_firm = fpos.get_indexer(sales["firm_id"].astype(str))
    # A sale to a firm that the supply links already carry is intermediate, not final.
    linked = set(zip(agg["supplier_id"].astype(str), agg["buyer_id"].astype(str), strict=True))
    to_firm = (
        np.array(
            [
                (str(f), str(b)) in linked
                for f, b in zip(sales["firm_id"], sales["buyer_id"], strict=True)
            ],
            dtype=bool,
        )
        if "buyer_id" in sales
        else np.zeros(len(sales), dtype=bool)
    )
    keep = (s_firm >= 0) & ~to_firm
    sale_firm = s_firm[keep].astype(np.int64)
    sale_market = np.array(
        [rpos.get(str(m), -1) for m in sales["market_region_id"].to_numpy()[keep]], dtype=np.int64
    )
    sale_market = np.where(sale_market < 0, firm_region[sale_firm], sale_market)
    sale_value = pd.to_numeric(sales["value"], errors="coerce").fillna(0.0).to_numpy()[keep]
    sale_value = sale_value / DAYS_PER_YEAR

    inter_out = np.bincount(sup, flow, minlength=n)
    inputs = np.bincount(buy, flow, minlength=n)
    final = np.bincount(sale_firm, sale_value, minlength=n)
    # Firms without sales rows: revenue beyond intermediate sales, sold at home.
    if "revenue" in firms:
        rev = pd.to_numeric(firms["revenue"], errors="coerce").fillna(0.0).to_numpy() / 365.0
        has_sales = np.bincount(sale_firm, minlength=n) > 0
        extra = np.where(~has_sales, np.maximum(rev - inter_out, 0.0), 0.0)
    else:
        extra = np.zeros(n)
    token = np.where(inter_out + final + extra <= 0, np.maximum(inputs, p.token_final_demand), 0.0)
    add = extra + token
    add_idx = np.flatnonzero(add > 0)
    sale_firm = np.concatenate([sale_firm, add_idx])
    sale_market = np.concatenate([sale_market, firm_region[add_idx]])
    sale_value = np.concatenate([sale_value, add[add_idx]])
    x0 = inter_out + np.bincount(sale_firm, sale_value, minlength=n)

    fs_firm = fpos.get_indexer(fs["firm_id"].astype(str))
    fs_ok = fs_firm >= 0
    fs_seg = np.array(
        [spos[segment_key(c, s)] for c, s in zip(fs["chain_id"], fs["segment_id"], strict=True)],
        dtype=np.int64,
    )
    fs_firm, fs_seg = fs_firm[fs_ok].astype(np.int64), fs_seg[fs_ok]
    cap = x0 * (1.0 + p.capacity_headroom)
    if "capacity" in fs:
        c = pd.to_numeric(fs["capacity"], errors="coerce").fillna(0.0).to_numpy()[fs_ok]
        cap = np.maximum(cap, np.bincount(fs_firm, c / DAYS_PER_YEAR, minlength=n))
    # Primary segment: largest share in firm_segments, else the segment it sells most.
    primary = np.full(n, -1, dtype=np.int64)
    if len(fs_firm):
        share = (
            pd.to_numeric(fs["share"], errors="coerce").fillna(1.0).to_numpy()[fs_ok]
            if "share" in fs
            else np.ones(len(fs_firm))
        )
        order = np.lexsort((-share, fs_firm))
        first = np.unique(fs_firm[order], return_index=True)[1]
        primary[fs_firm[order][first]] = fs_seg[order][first]
    missing = primary < 0
    if missing.any() and len(sup):
        tot = pd.DataFrame({"f": sup, "s": seg, "v": flow}).groupby(["f", "s"])["v"].sum()
        best = tot.sort_values(ascending=False).reset_index().drop_duplicates("f")
        fill = np.full(n, -1, dtype=np.int64)
        fill[best["f"].to_numpy()] = best["s"].to_numpy()
        primary = np.where(missing, fill, primary)
    size_q = np.quantile(x0, [1 / 3, 2 / 3]) if n else np.array([0.0, 0.0])
    size_class = np.where(x0 <= size_q[0], "small", np.where(x0 <= size_q[1], "medium", "large"))

    # Pairs (buyer, input segment), sorted by buyer.
    pair_key = buy * len(seg_keys) + seg
    uniq, link_pair = np.unique(pair_key, return_inverse=True)
    pair_buyer = (uniq // max(len(seg_keys), 1)).astype(np.int64)
    pair_seg = (uniq % max(len(seg_keys), 1)).astype(np.int64)
    pair_flow = np.bincount(link_pair, flow, minlength=len(uniq))
    pair_a = pair_flow / x0[pair_buyer]
    days = np.full(len(uniq), p.inventory_days)
    for sid, d in p.inventory_days_by_segment.items():
        days[(seg_id[pair_seg] == sid) | (seg_arr[pair_seg] == sid)] = d
    for fid, d in p.inventory_days_by_firm.items():
        days[firm_ids[pair_buyer] == fid] = d
    noncrit = set(p.noncritical_segments)
    critical = np.array(
        [not (seg_id[s] in noncrit or seg_arr[s] in noncrit) for s in pair_seg], dtype=bool
    )
    w0 = flow / pair_flow[link_pair]

    net = Network(
        firm_ids=firm_ids,
        firm_region=firm_region,
        region_ids=region_ids,
        region_units=units,
        x0=x0,
        cap=cap,
        size_class=size_class.astype(object),
        primary_segment=primary,
        segment_keys=seg_arr,
        segment_ids=seg_id,
        segment_chain=seg_chain,
        fs_firm=fs_firm,
        fs_seg=fs_seg,
        sale_firm=sale_firm,
        sale_market=sale_market,
        sale_value=sale_value,
        pair_buyer=pair_buyer,
        pair_seg=pair_seg,
        pair_a=pair_a,
        pair_days=days,
        pair_critical=critical,
        link_sup=sup.astype(np.int64),
        link_pair=link_pair.astype(np.int64),
        link_w0=w0,
        link_lead=np.zeros(len(sup), dtype=np.int64),
        link_scale=np.zeros(len(sup), dtype=np.int8),
        link_chain=agg["chain"].astype(str).to_numpy(dtype=object),
    )
    net.link_scale = net.relation_scale_idx(net.link_sup, pair_buyer[link_pair])
    by_scale = np.asarray(p.lead_time_by_scale, dtype=np.int64)[net.link_scale]
    lead = agg["lead"].to_numpy(dtype=float)
    net.link_lead = np.where(np.isnan(lead), by_scale, np.maximum(np.round(lead), 1)).astype(
        np.int64
    )
    return sort_links(net)


def sort_links(net: Network) -> Network:
    """Order links by pair (the buyer's input), then lead time: per-pair sums are written
    in order, and links that share pipeline slots come together."""
    order = np.lexsort((net.link_lead, net.link_pair))
    for name in ("link_sup", "link_pair", "link_w0", "link_lead", "link_scale", "link_chain"):
        setattr(net, name, getattr(net, name)[order])
    return net
