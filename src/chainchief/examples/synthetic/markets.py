"""Sales by market and the national reference indicators of a synthetic package."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from chainchief.examples.synthetic.common import _lognormal, _take, _typed
from chainchief.examples.synthetic.firms import _Firms, _Segs
from chainchief.examples.synthetic.params import SyntheticParams
from chainchief.examples.synthetic.regions import _Geo


def _sales(
    rng: np.random.Generator, f: _Firms, geo: _Geo, p: SyntheticParams
) -> tuple[pd.DataFrame, np.ndarray]:
    n, nf = f.n, len(geo.market_w)
    abroad = f.leaf >= geo.n_cn
    focal0 = f.focal & (f.chain == 0)
    mean = np.where(focal0, p.focal_export_intensity, p.export_intensity)
    exporter = rng.random(n) < np.where(focal0, p.focal_exporter_share, p.exporter_share)
    e = np.where(exporter, rng.beta(3 * mean, 3 * (1 - mean)), 0.0)
    mw = geo.market_w / geo.market_w.sum()
    own = f.leaf - geo.n_cn  # country index abroad; market nf is China
    m1, m2 = rng.choice(nf, n, p=mw), rng.choice(nf, n, p=mw)
    m1 = np.where(abroad & ((rng.random(n) < 0.5) | (m1 == own)), nf, m1)
    m2 = np.where(abroad & (m2 == own), nf, m2)
    two = (e > 0) & (m2 != m1) & (rng.random(n) < 0.5)
    split = np.where(two, rng.uniform(0.5, 1.0, n), 1.0)
    i1, i2 = np.flatnonzero(e > 0), np.flatnonzero(two)
    firm = np.concatenate([np.arange(n), i1, i2])
    market = np.concatenate([np.where(abroad, own, nf), m1[i1], m2[i2]])
    value = np.concatenate(
        [f.revenue * (1 - e), (f.revenue * e * split)[i1], (f.revenue * e * (1 - split))[i2]]
    )
    k = len(firm)
    is_exp = np.arange(k) >= n
    # channels: 0 direct, 1 agent, 2 e-commerce, 3 oem_buyer
    channel = rng.choice(3, k, p=[0.6, 0.25, 0.15])
    channel[is_exp & (rng.random(k) < f.oem[firm])] = 3
    # an OEM buyer is a firm in the market country (or in China)
    by_leaf = np.argsort(f.leaf, kind="stable")
    lb = np.searchsorted(f.leaf[by_leaf], np.arange(len(geo.leaf_id) + 1))
    lo = np.where(market < nf, lb[np.minimum(geo.n_cn + market, len(lb) - 1)], 0)
    hi = np.where(market < nf, lb[np.minimum(geo.n_cn + market + 1, len(lb) - 1)], lb[geo.n_cn])
    pos = lo + np.floor(rng.random(k) * (hi - lo)).astype(np.int64)
    buyer = np.where((channel == 3) & (hi > lo), by_leaf[np.minimum(pos, n - 1)], -1)
    order = np.argsort(firm, kind="stable")
    firm, market, value, channel, buyer = (a[order] for a in (firm, market, value, channel, buyer))
    markets = pa.concat_arrays([geo.leaf_id.slice(geo.n_cn), pa.array(["CHN"], pa.large_string())])
    table = _typed(
        "sales",
        {
            "firm_id": f.ids.take(pa.array(firm)),
            "market_region_id": markets.take(pa.array(market)),
            "value": np.round(value, 3),
            "year": np.full(k, p.reference_year, dtype=np.int64),
            "channel": _take(["direct", "agent", "e-commerce", "oem_buyer"], channel),
            "buyer_id": f.ids.take(pa.array(buyer, mask=buyer < 0)),
        },
    )
    return table, f.revenue * e


def _indicators(
    rng: np.random.Generator,
    f: _Firms,
    exports: np.ndarray,
    geo: _Geo,
    sg: _Segs,
    p: SyntheticParams,
) -> pd.DataFrame:
    ns, nc, ny = len(sg.chain), len(sg.chains), p.indicator_years
    years = np.arange(p.reference_year - ny + 1, p.reference_year + 1)
    trend = (1 + p.national_growth) ** (years - p.reference_year)
    dom = f.leaf < geo.n_cn
    national = np.bincount(f.seg[dom], weights=f.revenue[dom], minlength=ns) / p.national_coverage
    local = np.bincount(f.seg[f.focal], weights=f.revenue[f.focal], minlength=ns)
    emp = np.bincount(f.chain[f.focal], weights=f.employees[f.focal], minlength=nc)
    exp = np.bincount(f.chain[f.focal], weights=exports[f.focal], minlength=nc)
    focal = geo.leaf_id[geo.focal_leaf].as_py()
    seg_ids = sg.seg_id.to_pylist()
    blocks = [
        ("CHN", national, True, "output", "mn CNY"),
        (focal, local, True, "output", "mn CNY"),
        (focal, emp, False, "employment", "persons"),
        (focal, exp, False, "exports", "mn CNY"),
    ]
    cols: dict[str, list[Any]] = {
        k: []
        for k in ("region_id", "chain_id", "industry_code", "indicator", "year", "value", "unit")
    }
    for region, base, per_seg, name, unit in blocks:  # four blocks, not firms
        keep = np.flatnonzero(base > 0)
        vals = (
            base[keep, None]
            * trend[None, :]
            * _lognormal(rng, 0.03, len(keep) * ny).reshape(-1, ny)
        )
        for i, row in zip(keep, vals, strict=True):
            chain = sg.chains[sg.chain[i]] if per_seg else sg.chains[i]
            cols["region_id"] += [region] * ny
            cols["chain_id"] += [chain] * ny
            cols["industry_code"] += [seg_ids[i] if per_seg else None] * ny
            cols["indicator"] += [name] * ny
            cols["year"] += years.tolist()
            cols["value"] += np.round(row, 3).tolist()
            cols["unit"] += [unit] * ny
    return _typed("indicators", cols)
