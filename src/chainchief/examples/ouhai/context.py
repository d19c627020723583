"""Institutions, knowledge links, ICCM roles and indicators of ``ouhai-eyewear``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from chainchief.examples.common import (
    Builder,
    cn,
)
from chainchief.examples.knowledge import knowledge_links
from chainchief.examples.ouhai.spec import CHAIN, FOCAL, RELATED

__all__ = ["institutions", "knowledge_roles_indicators"]


def institutions(b: Builder) -> dict[str, str]:
    """Add the institutions and return their ids by role."""
    ids = {
        "province": b.institution(
            "Zhejiang Provincial Department of Commerce", cn("330000"), "government"
        ),
        "city": b.institution("Wenzhou Municipal People's Government", cn("330300"), "government"),
        "district": b.institution("Ouhai District People's Government", FOCAL, "government"),
        "edz": b.institution(
            "Ouhai Economic Development Zone Management Committee", FOCAL, "government"
        ),
        "association": b.institution("Ouhai Eyewear Industry Association", FOCAL, "association"),
        "design": b.institution("Ouhai Eyewear Design Centre", FOCAL, "design_centre"),
        "research": b.institution(
            "Wenzhou Institute of Optical Technology", FOCAL, "research_institute"
        ),
        "testing": b.institution("Ouhai Eyewear Quality Testing Centre", FOCAL, "testing_centre"),
        "platform": b.institution("Ouhai Eyewear Innovation Service Platform", FOCAL, "platform"),
        "ecommerce": b.institution("Ouhai Cross-border E-commerce Platform", FOCAL, "platform"),
        "experts": b.institution("Ouhai Eyewear Chain Expert Committee", FOCAL, "other"),
        "park": b.institution("Dongguan Eyewear Industrial Park", cn("441900"), "industrial_park"),
        "sh_lab": b.institution(
            "Shanghai Vision Science Laboratory", cn("310115"), "research_institute"
        ),
        "hz_xr": b.institution(
            "Hangzhou Smart Optics Innovation Centre", cn("330108"), "research_institute"
        ),
        "bj_uni": b.institution("Beijing Optometry and Optics College", cn("110108"), "university"),
        "milan": b.institution("Milano Eyewear Design Institute", "ITA", "design_centre"),
    }
    return ids


def _indicators(b: Builder, firms: pd.DataFrame) -> None:
    fs = b.table("firm_segments")
    focal_ids = set(firms.loc[firms["region_id"] == FOCAL, "firm_id"])
    fs = fs[fs["firm_id"].isin(focal_ids)]
    rev = firms.set_index("firm_id")["revenue"]
    local_out = (
        (fs["firm_id"].map(rev) * fs["share"]).groupby([fs["chain_id"], fs["segment_id"]]).sum()
    )
    years = range(2015, 2021)
    out_idx = {2015: 0.86, 2016: 0.9, 2017: 0.94, 2018: 0.97, 2019: 1.0, 2020: 0.84}
    emp_idx = {2015: 0.97, 2016: 0.98, 2017: 0.99, 2018: 1.0, 2019: 1.0, 2020: 0.95}
    nat_out_idx = {2015: 0.88, 2016: 0.91, 2017: 0.95, 2018: 0.98, 2019: 1.0, 2020: 0.9}
    nat_emp_idx = {2015: 1.0, 2016: 1.0, 2017: 1.0, 2018: 1.0, 2019: 1.0, 2020: 0.97}
    national = {
        CHAIN: (
            80e9,
            {
                "materials": 0.08,
                "parts": 0.07,
                "design": 0.08,
                "frames": 0.14,
                "lenses": 0.22,
                "assembly": 0.09,
                "brand": 0.12,
                "distribution": 0.12,
                "retail_services": 0.08,
            },
        ),
        RELATED: (12e9, {"cases_packaging": 0.3, "testing_equipment": 0.45, "smart_glasses": 0.25}),
    }
    rows: list[dict[str, Any]] = []
    for chain, (total, mix) in national.items():
        for seg, sh in mix.items():
            for y in years:
                rows.append(
                    dict(
                        region_id="CHN",
                        chain_id=chain,
                        industry_code=seg,
                        indicator="output",
                        year=y,
                        value=round(total * sh * nat_out_idx[y], -3),
                        unit="CNY",
                    )
                )
                lo = float(local_out.get((chain, seg), 0.0))
                rows.append(
                    dict(
                        region_id=FOCAL,
                        chain_id=chain,
                        industry_code=seg,
                        indicator="output",
                        year=y,
                        value=round(lo * out_idx[y], -3),
                        unit="CNY",
                    )
                )
    n_emp = int(firms.loc[firms["region_id"] == FOCAL, "employees"].sum())
    sales = b.table("sales")
    sales = sales[sales["firm_id"].isin(focal_ids)]
    foreign = ~sales["market_region_id"].astype(str).str.startswith("CN") & (
        sales["market_region_id"] != "CHN"
    )
    exp = sales[foreign].groupby("year")["value"].sum()
    exp_idx = {2015: 0.9, 2016: 0.92, 2017: 0.96}
    for y in years:
        rows.append(
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="employment",
                year=y,
                value=round(n_emp * emp_idx[y]),
                unit="persons",
            )
        )
        rows.append(
            dict(
                region_id="CHN",
                chain_id=CHAIN,
                indicator="employment",
                year=y,
                value=round(700_000 * nat_emp_idx[y]),
                unit="persons",
            )
        )
        e = float(exp.get(y, exp.get(2018, 0.0) * exp_idx.get(y, 1.0)))
        rows.append(
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="exports",
                year=y,
                value=round(e, -3),
                unit="CNY",
            )
        )
        rows.append(
            dict(
                region_id="CHN",
                chain_id=CHAIN,
                indicator="exports",
                year=y,
                value=round(38e9 * nat_out_idx[y], -3),
                unit="CNY",
            )
        )
    for y, v in {2016: 8, 2017: 9, 2018: 9, 2019: 10}.items():
        rows.append(
            dict(
                region_id=FOCAL,
                chain_id=CHAIN,
                indicator="rnd_institutions_added",
                year=y,
                value=v,
                unit="institutions",
            )
        )
    rows.append(
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            indicator="firms",
            year=2019,
            value=len(focal_ids),
            unit="firms",
        )
    )
    rows.append(
        dict(
            region_id=FOCAL,
            chain_id=CHAIN,
            industry_code="assembly",
            indicator="export_unit_value",
            year=2019,
            value=2.3,
            unit="USD per pair",
        )
    )
    rows.append(
        dict(
            region_id="WLD",
            chain_id=CHAIN,
            industry_code="assembly",
            indicator="export_unit_value",
            year=2019,
            value=6.4,
            unit="USD per pair",
        )
    )
    b.add_frame("indicators", pd.DataFrame(rows))


def _roles(b: Builder, firms: pd.DataFrame, ids: dict[str, str]) -> None:
    since = "2020-04-01"
    rows = [
        ("general_chief", ids["city"], "Mayor of Wenzhou, general chain chief"),
        ("chief", ids["district"], "Secretary of the Ouhai district party committee, chain chief"),
        ("deputy_chief", ids["edz"], "Director of the Ouhai EDZ management committee"),
        ("mentor", ids["association"], "Head of the eyewear industry association"),
        ("expert", ids["experts"], "Expert advisory committee"),
        ("expert", ids["research"], "Institute director"),
    ]
    owners = firms[(firms["region_id"] == FOCAL) & firms["is_lead"]].nlargest(4, "revenue")
    rows += [("owner", fid, "Chain owner (leading firm)") for fid in owners["firm_id"]]
    for role, holder, title in rows:
        b.add(
            "roles",
            chain_id=CHAIN,
            region_id=FOCAL,
            role=role,
            holder_id=holder,
            title=title,
            since=since,
        )


def knowledge_roles_indicators(b: Builder, firms: pd.DataFrame, ids: dict[str, str]) -> None:
    """Knowledge links, roles and indicators (after firms, links and sales exist)."""
    local = firms[firms["region_id"] == FOCAL]
    outside = firms[firms["region_id"] != FOCAL]
    pipelines = {
        ids["design"]: [
            ids["milan"],
            ids["hz_xr"],
            *outside.loc[outside["firm_type"] == "foreign_buyer", "firm_id"].head(4),
        ],
        ids["research"]: [
            ids["sh_lab"],
            ids["bj_uni"],
            ids["hz_xr"],
            *outside.loc[
                outside["firm_type"].isin(["japan_supplier", "arvr_maker"]), "firm_id"
            ].head(4),
        ],
    }
    b.add_frame(
        "knowledge_links",
        knowledge_links(
            b.rng,
            local_ids=local["firm_id"].to_numpy(),
            local_segments=local["main_segment"].to_numpy(),
            local_size=local["revenue"].to_numpy(),
            gatekeepers=pipelines,
            association=ids["association"],
            lead_ids=local.loc[local["is_lead"], "firm_id"].to_numpy(),
            lead_partners=outside.loc[
                outside["firm_type"] == "foreign_buyer", "firm_id"
            ].to_numpy(),
            year=2019,
            n_buzz=650,
        ),
    )
    b.partner_park(ids["edz"], ids["park"], 2020)
    _roles(b, firms, ids)
    _indicators(b, firms)
