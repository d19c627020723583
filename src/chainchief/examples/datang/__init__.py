"""``datang-hosiery``: the export-oriented sock cluster of Datang town, Zhuji.

Calibrated to the Datang study (Xu 2017) and concepts.md section 11: 3,202 family
workshops (after the 2014 cut from about 6,500), 80 % of which subcontract for the
local large and medium firms; 13 large and medium firms with the study's mix of OEM,
ODM and OBM (5 reached ODM, 8 sell at home under own brands); exports to domestic
sales 7:3; yearly indicators 2006-2016 for Datang and China with the 2008-2009 dip,
export growth of 26.9 % a year 2009-2011 and the 2014 workshop closures; Vietnamese
and other Southeast-Asian competitors in the outside pool. Datang is a town of Zhuji;
GB/T 2260 stops at county level, so the focal local unit carries Zhuji's code 330681.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    Builder,
    cn,
    descriptor,
    region_frame,
    segment_rows,
)
from chainchief.examples.datang.context import _indicators
from chainchief.examples.datang.firms import _local, _outside
from chainchief.examples.datang.flows import _links, _sales
from chainchief.examples.datang.spec import (
    _C,
    _EDGES,
    _SEGMENTS,
    CHAIN,
    DEFAULT_SEED,
    DESCRIPTION,
    FOCAL,
    NAME,
    SOURCES,
    YEAR,
)
from chainchief.examples.industries import industry_matrix
from chainchief.examples.knowledge import knowledge_links

__all__ = ["DEFAULT_SEED", "DESCRIPTION", "NAME", "build_tables"]


def build_tables(seed: int = DEFAULT_SEED) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Build the descriptor and tables of ``datang-hosiery``."""
    b = Builder("DT", np.random.default_rng(seed))
    b.add_frame("regions", region_frame())
    b.add_chain(CHAIN, _SEGMENTS, _EDGES)
    ids = {
        "city": b.institution("Shaoxing Municipal People's Government", cn("330600"), "government"),
        "county": b.institution("Zhuji Municipal People's Government", FOCAL, "government"),
        "town": b.institution("Datang Town Government", FOCAL, "government"),
        "association": b.institution("Datang Hosiery Industry Association", FOCAL, "association"),
        "design": b.institution("Datang Hosiery Design Centre", FOCAL, "design_centre"),
        "research": b.institution(
            "Zhuji Hosiery Technology Research Institute", FOCAL, "research_institute"
        ),
        "town_platform": b.institution("Datang Sock Characteristic Town", FOCAL, "platform"),
        "testing": b.institution(
            "Datang Hosiery Quality Inspection Centre", FOCAL, "testing_centre"
        ),
        "experts": b.institution("Datang Hosiery Chain Expert Committee", FOCAL, "other"),
        "sh_design": b.institution(
            "Shanghai Textile Fashion Design Institute", cn("310115"), "design_centre"
        ),
        "hz_uni": b.institution("Hangzhou Textile Engineering College", cn("330108"), "university"),
        "milan": b.institution("Milano Legwear Design Lab", "ITA", "design_centre"),
    }
    f, w = _local(b)
    o = _outside(b)
    f["region_id"] = FOCAL
    w["region_id"] = FOCAL
    w["mix"] = pd.Series([[(_C, s, 1.0)] for s in w["main_segment"]], index=w.index, dtype=object)
    local = pd.concat([f, w], ignore_index=True)
    b.add_frame(
        "firm_segments",
        segment_rows(
            local["firm_id"], local["mix"], local["revenue"], b.rng.uniform(0.9, 0.99, len(local))
        ),
    )
    b.add_frame("firm_segments", segment_rows(o["firm_id"], o["mix"], o["revenue"], o["util"]))
    _links(b, f, w, o)
    exports = _sales(b, f, o)
    keep = [
        "firm_id",
        "name",
        "region_id",
        "ownership",
        "employees",
        "revenue",
        "value_added",
        "rnd_spend",
        "patents",
        "own_brands",
        "above_scale",
        "listed",
        "is_lead",
        "oem_share",
        "odm_share",
        "obm_share",
        "firm_type",
        "main_segment",
    ]
    o["monthly_wage"] = o["monthly_wage"].astype(float)
    firms = pd.concat([local[keep], o[[*keep, "monthly_wage"]]], ignore_index=True)
    firms["main_chain"] = CHAIN
    b.add_frame("firms", firms)
    large = f[f["firm_type"] == "large_medium"]
    b.add_frame(
        "knowledge_links",
        knowledge_links(
            b.rng,
            local_ids=local["firm_id"].to_numpy(),
            local_segments=local["main_segment"].to_numpy(),
            local_size=local["revenue"].to_numpy(),
            gatekeepers={
                ids["design"]: [
                    ids["sh_design"],
                    ids["milan"],
                    *o.loc[o["firm_type"] == "foreign_buyer", "firm_id"].iloc[:3],
                ],
                ids["research"]: [
                    ids["hz_uni"],
                    *o.loc[o["firm_type"] == "supplier", "firm_id"].iloc[-3:],
                ],
            },
            association=ids["association"],
            lead_ids=large["firm_id"].to_numpy(),
            lead_partners=o.loc[o["firm_type"] == "foreign_buyer", "firm_id"].to_numpy(),
            year=YEAR,
            n_buzz=2500,
            gatekeeper_reach=0.03,
            association_reach=0.1,
        ),
    )
    for role, holder, title in [
        ("general_chief", ids["city"], "Mayor of Shaoxing, general chain chief"),
        ("chief", ids["county"], "Secretary of the Zhuji party committee, chain chief"),
        ("deputy_chief", ids["town"], "Head of Datang town"),
        ("mentor", ids["association"], "Head of the hosiery industry association"),
        ("expert", ids["experts"], "Expert advisory committee"),
        ("expert", ids["design"], "Director of the design centre"),
        *[
            ("owner", fid, "Chain owner (leading firm)")
            for fid in large.nlargest(3, "revenue")["firm_id"]
        ],
    ]:
        b.add(
            "roles",
            chain_id=CHAIN,
            region_id=FOCAL,
            role=role,
            holder_id=holder,
            title=title,
            since="2020-06-01",
        )
    _indicators(b, firms, exports)
    n_local = float(firms.loc[firms["region_id"] == FOCAL, "employees"].sum())
    b.add_frame("indicators", industry_matrix(b.rng, YEAR, {(FOCAL, "176"): n_local}))
    desc = descriptor(
        name=NAME,
        title="Datang hosiery cluster (synthetic, calibrated)",
        description=DESCRIPTION,
        focal=FOCAL,
        chains=[CHAIN],
        reference_year=YEAR,
        sources=SOURCES,
        seed=seed,
    )
    return desc, b.finish()
