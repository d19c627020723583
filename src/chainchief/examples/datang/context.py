"""Indicators of ``datang-hosiery`` (2006-2016, Datang and China)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from chainchief.examples.common import (
    Builder,
    cn,
    exact_split,
)
from chainchief.examples.datang.spec import (
    _EMP_IDX,
    _EXPORT_GROWTH,
    _NAT_EMP_IDX,
    _NAT_EXPORT_IDX,
    _NAT_MIX,
    _NAT_OUT_IDX,
    _OUT_IDX,
    _WORKSHOPS,
    CHAIN,
    FOCAL,
    YEARS,
)


def _indicators(b: Builder, firms: pd.DataFrame, exports: pd.Series) -> None:
    focal = firms[firms["region_id"] == FOCAL]
    fs = b.table("firm_segments")
    fs = fs[fs["firm_id"].isin(set(focal["firm_id"]))]
    out_seg = (
        (fs["firm_id"].map(focal.set_index("firm_id")["revenue"]) * fs["share"])
        .groupby(fs["segment_id"])
        .sum()
    )
    total = float(out_seg.sum())
    n_emp = int(focal["employees"].sum())
    nat_total = total / 0.3
    exp = {y: float(exports[y]) for y in (2014, 2015, 2016)}
    for y in range(2013, 2005, -1):
        exp[y] = exp[y + 1] / (1 + _EXPORT_GROWTH[y + 1])
    rows: list[dict[str, Any]] = []
    for y in YEARS:
        split = exact_split(round(total * _OUT_IDX[y]), out_seg.to_numpy())
        for seg, v in zip(out_seg.index, split, strict=True):
            rows.append(
                dict(
                    region_id=FOCAL,
                    chain_id=CHAIN,
                    industry_code=seg,
                    indicator="output",
                    year=y,
                    value=float(v),
                    unit="CNY",
                )
            )
        for seg, sh in _NAT_MIX.items():
            rows.append(
                dict(
                    region_id="CHN",
                    chain_id=CHAIN,
                    industry_code=seg,
                    indicator="output",
                    year=y,
                    value=round(nat_total * sh * _NAT_OUT_IDX[y], -3),
                    unit="CNY",
                )
            )
        rows += [
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="employment",
                year=y,
                value=float(round(n_emp * _EMP_IDX[y])),
                unit="persons",
            ),
            dict(
                region_id="CHN",
                chain_id=CHAIN,
                indicator="employment",
                year=y,
                value=float(round(620_000 * _NAT_EMP_IDX[y])),
                unit="persons",
            ),
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="exports",
                year=y,
                value=round(exp[y], 2),
                unit="CNY",
            ),
            dict(
                region_id="CHN",
                chain_id=CHAIN,
                indicator="exports",
                year=y,
                value=round(exp[2015] / 0.55 * _NAT_EXPORT_IDX[y], -3),
                unit="CNY",
            ),
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="workshops",
                year=y,
                value=float(_WORKSHOPS[y]),
                unit="workshops",
            ),
        ]
    rows += [
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            indicator="world_market_share",
            year=2015,
            value=0.35,
            unit="share",
        ),
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            indicator="share_of_town_industrial_output",
            year=2015,
            value=0.7,
            unit="share",
        ),
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            indicator="monthly_wage",
            year=2015,
            value=5000.0,
            unit="CNY",
        ),
        dict(
            region_id="VNM",
            chain_id=CHAIN,
            indicator="monthly_wage",
            year=2015,
            value=1400.0,
            unit="CNY",
        ),
        dict(
            region_id=cn("330000"),
            chain_id=CHAIN,
            industry_code="sales",
            indicator="export_unit_value",
            year=2009,
            value=0.21,
            unit="USD per pair",
        ),
        dict(
            region_id="WLD",
            chain_id=CHAIN,
            industry_code="sales",
            indicator="export_unit_value",
            year=2009,
            value=0.55,
            unit="USD per pair",
        ),
    ]
    b.add_frame("indicators", pd.DataFrame(rows))
