"""Institutions and indicators of ``xianju-pharma``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from chainchief.examples.common import (
    Builder,
    cn,
    exact_split,
)
from chainchief.examples.xianju.spec import (
    _NATIONAL,
    CHAIN,
    EMPLOYEES,
    EXPORT_GROWTH,
    EXPORTS_2019,
    FOCAL,
    GROWTH_2016_2019,
    OUTPUT_2019,
    RND_2019,
    RND_GROWTH,
    YEAR,
)


def _institutions(b: Builder) -> dict[str, str]:
    return {
        "province": b.institution(
            "Zhejiang Provincial Department of Commerce", cn("330000"), "government"
        ),
        "city": b.institution("Taizhou Municipal People's Government", cn("331000"), "government"),
        "county": b.institution("Xianju County People's Government", FOCAL, "government"),
        "edz": b.institution(
            "Xianju Economic Development Zone Management Committee", FOCAL, "government"
        ),
        "association": b.institution(
            "Xianju Pharmaceutical Industry Association", FOCAL, "association"
        ),
        "research": b.institution(
            "Xianju Steroid Drug Engineering Research Centre", FOCAL, "research_institute"
        ),
        "design": b.institution(
            "Xianju Drug Formulation and Process Design Centre", FOCAL, "design_centre"
        ),
        "platform": b.institution("Xianju Common Technology Platform for APIs", FOCAL, "platform"),
        "testing": b.institution(
            "Taizhou Drug Quality Testing Centre", cn("331000"), "testing_centre"
        ),
        "experts": b.institution("Xianju Pharmaceutical Chain Expert Committee", FOCAL, "other"),
        "enclave_sh": b.institution(
            "Xianju Pharmaceutical Innovation Enclave (Shanghai)",
            cn("310115"),
            "research_institute",
        ),
        "enclave_hz": b.institution(
            "Xianju Pharmaceutical R&D Enclave (Hangzhou)", cn("330108"), "research_institute"
        ),
        "sh_lab": b.institution(
            "Shanghai Steroid Chemistry Laboratory", cn("310115"), "research_institute"
        ),
        "hz_uni": b.institution(
            "Hangzhou College of Pharmaceutical Sciences", cn("330108"), "university"
        ),
        "park_lyg": b.institution(
            "Lianyungang Pharmaceutical Industrial Park", cn("320700"), "industrial_park"
        ),
    }


def _indicators(b: Builder, f: pd.DataFrame) -> None:
    fs = b.table("firm_segments")
    fs = fs[fs["firm_id"].isin(set(f["firm_id"]))]
    out_seg = (
        (fs["firm_id"].map(f.set_index("firm_id")["revenue"]) * fs["share"])
        .groupby(fs["segment_id"])
        .sum()
    )
    rows: list[dict[str, Any]] = []
    totals = {2016: OUTPUT_2019 / (1 + GROWTH_2016_2019), 2019: OUTPUT_2019}
    totals[2017] = totals[2016] * (1 + GROWTH_2016_2019) ** (1 / 3)
    totals[2018] = totals[2016] * (1 + GROWTH_2016_2019) ** (2 / 3)
    totals[2015] = totals[2016] * 0.93
    nat_idx = {2015: 0.85, 2016: 0.9, 2017: 0.94, 2018: 0.97, 2019: 1.0}
    for y in sorted(totals):
        split = exact_split(round(totals[y]), out_seg.to_numpy())
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
        total, mix = _NATIONAL
        for seg, sh in mix.items():
            rows.append(
                dict(
                    region_id="CHN",
                    chain_id=CHAIN,
                    industry_code=seg,
                    indicator="output",
                    year=y,
                    value=round(total * sh * nat_idx[y], -3),
                    unit="CNY",
                )
            )
        back = YEAR - y
        exp = EXPORTS_2019 * (1 + EXPORT_GROWTH) ** -back
        rows.append(
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="exports",
                year=y,
                value=round(exp, 2),
                unit="CNY",
            )
        )
        rows.append(
            dict(
                region_id="CHN",
                chain_id=CHAIN,
                indicator="exports",
                year=y,
                value=round(exp / (0.4 - 0.01 * back), -3),
                unit="CNY",
            )
        )
        rows.append(
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="rnd_spend",
                year=y,
                value=round(RND_2019 * (1 + RND_GROWTH) ** -back, 2),
                unit="CNY",
            )
        )
        rows.append(
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="employment",
                year=y,
                value=round(EMPLOYEES * (1 - 0.02 * back)),
                unit="persons",
            )
        )
        rows.append(
            dict(
                region_id="CHN",
                chain_id=CHAIN,
                indicator="employment",
                year=y,
                value=round(320_000 * (1 - 0.01 * back)),
                unit="persons",
            )
        )
    rows.append(
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            indicator="listed_firms",
            year=YEAR,
            value=4.0,
            unit="firms",
        )
    )
    rows.append(
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            indicator="high_tech_firms",
            year=YEAR,
            value=12.0,
            unit="firms",
        )
    )
    rows.append(
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            industry_code="bulk_api",
            indicator="export_unit_value",
            year=YEAR,
            value=0.85,
            unit="USD per gram",
        )
    )
    rows.append(
        dict(
            region_id="WLD",
            chain_id=CHAIN,
            industry_code="bulk_api",
            indicator="export_unit_value",
            year=YEAR,
            value=1.4,
            unit="USD per gram",
        )
    )
    b.add_frame("indicators", pd.DataFrame(rows))
