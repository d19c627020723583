"""Regions of a synthetic package: world, blocs, countries, Chinese provinces,
prefectures and counties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from chainchief.examples.synthetic.common import _typed
from chainchief.examples.synthetic.constants import _BLOCS, _COUNTRIES, _PROVINCES
from chainchief.examples.synthetic.params import SyntheticParams


# --------------------------------------------------------------------------- regions
@dataclass
class _Geo:
    regions: pd.DataFrame
    leaf_id: pa.Array  # region id of each leaf: Chinese counties, then countries abroad
    n_cn: int  # number of Chinese leaves
    ranges: np.ndarray  # (7, 2, L) leaf ranges [lo, hi) searched at each level
    leaf_prov: np.ndarray  # province index of each leaf, -1 abroad
    county_w: np.ndarray  # weight of each Chinese county
    foreign_w: np.ndarray  # relative number of firms of each country abroad
    market_w: np.ndarray  # export-market weight of each country abroad
    focal_leaf: int
    prov_ids: list[str]
    prov_names: list[str]


def _regions(rng: np.random.Generator, p: SyntheticParams) -> _Geo:
    kp, kc = p.prefectures_per_province, p.counties_per_prefecture
    if not (1 <= kp <= 99 and 1 <= kc <= 98):
        raise ValueError(
            "prefectures_per_province must be in 1..99, counties_per_prefecture in 1..98"
        )
    prov_codes = [r[0] for r in _PROVINCES]
    if p.focal_province not in prov_codes:
        raise ValueError(
            f"focal_province {p.focal_province!r} is not a provincial GB/T 2260 prefix"
        )
    npv = len(_PROVINCES)
    rows: list[tuple[Any, ...]] = [
        ("WORLD", "World", "世界", "global", None, None, None, None, None)
    ]
    rows += [
        (b, n, z, "supranational", "WORLD", None, None, float(la), float(lo))
        for b, n, z, la, lo in _BLOCS
    ]
    rows += [
        (c, n, z, "national", b or "WORLD", c, None, float(la), float(lo))
        for c, n, z, b, la, lo, _, _ in _COUNTRIES
    ]
    rows += [
        (f"CN{c}0000", n, z, "province", "CHN", None, f"{c}0000", float(la), float(lo))
        for c, n, z, la, lo, _ in _PROVINCES
    ]
    plat = np.array([float(r[3]) for r in _PROVINCES])
    plon = np.array([float(r[4]) for r in _PROVINCES])
    jit = rng.uniform(-1.5, 1.5, (2, npv, kp))
    pref_lat, pref_lon = plat[:, None] + jit[0], plon[:, None] + jit[1]
    jit2 = rng.uniform(-0.3, 0.3, (2, npv, kp, kc))
    cty_lat, cty_lon = pref_lat[..., None] + jit2[0], pref_lon[..., None] + jit2[1]
    for i, (c, n, z, *_rest) in enumerate(_PROVINCES):
        for k in range(kp):
            code = f"{c}{k + 1:02d}00"
            rows.append(
                (
                    f"CN{code}",
                    f"{n} prefecture {k + 1}",
                    f"{z}第{k + 1}地区",
                    "prefecture",
                    f"CN{c}0000",
                    None,
                    code,
                    pref_lat[i, k],
                    pref_lon[i, k],
                )
            )
    county_ids: list[str] = []
    for i, (c, n, z, *_rest) in enumerate(_PROVINCES):
        for k in range(kp):
            for j in range(kc):
                code = f"{c}{k + 1:02d}{j + 2:02d}"
                county_ids.append(f"CN{code}")
                rows.append(
                    (
                        f"CN{code}",
                        f"{n} county {k + 1}-{j + 1}",
                        f"{z}{k + 1}-{j + 1}县",
                        "local",
                        f"CN{c}{k + 1:02d}00",
                        None,
                        code,
                        cty_lat[i, k, j],
                        cty_lon[i, k, j],
                    )
                )
    cols = ["region_id", "name", "name_zh", "scale", "parent_id", "iso3", "gb2260", "lat", "lon"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["lat"] = frame["lat"].astype("float64").clip(-90, 90).round(4)
    frame["lon"] = frame["lon"].astype("float64").clip(-180, 180).round(4)
    regions = _typed(
        "regions",
        {c: frame[c].tolist() if c not in ("lat", "lon") else frame[c].to_numpy() for c in cols},
    )
    abroad = [r for r in _COUNTRIES if r[0] != "CHN"]
    n_cn = npv * kp * kc
    n_leaf = n_cn + len(abroad)
    leaf = np.arange(n_leaf)
    cn = leaf < n_cn
    pref_lo = np.where(cn, leaf - leaf % kc, leaf)
    prov_lo = np.where(cn, leaf - leaf % (kp * kc), leaf)
    ones = leaf + 1
    lo = np.stack(
        [
            leaf,
            pref_lo,
            prov_lo,
            np.where(cn, 0, leaf),
            np.full(n_leaf, n_cn),
            np.zeros(n_leaf, int),
            np.zeros(n_leaf, int),
        ]
    )
    hi = np.stack(
        [
            ones,
            np.where(cn, pref_lo + kc, ones),
            np.where(cn, prov_lo + kp * kc, ones),
            np.where(cn, n_cn, ones),
            np.full(n_leaf, n_leaf),
            np.full(n_leaf, n_cn),
            np.full(n_leaf, n_leaf),
        ]
    )
    ranks = rng.random((npv, kp * kc)).argsort(axis=1).argsort(axis=1) + 1.0
    prov_w = np.array([float(r[5]) for r in _PROVINCES])
    zipf = ranks ** (-p.county_zipf)
    county_w = (prov_w[:, None] * zipf / zipf.sum(axis=1, keepdims=True)).ravel()
    return _Geo(
        regions=regions,
        leaf_id=pa.array(county_ids + [r[0] for r in abroad], pa.large_string()),
        n_cn=n_cn,
        ranges=np.stack([lo, hi], axis=1).astype(np.int64),
        leaf_prov=np.where(cn, leaf // (kp * kc), -1),
        county_w=county_w,
        foreign_w=np.array([float(r[6]) for r in abroad]),
        market_w=np.array([float(r[7]) for r in abroad]),
        focal_leaf=prov_codes.index(p.focal_province) * kp * kc,
        prov_ids=[f"CN{r[0]}0000" for r in _PROVINCES],
        prov_names=[r[1] for r in _PROVINCES],
    )
