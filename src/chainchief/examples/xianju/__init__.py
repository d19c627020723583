"""``xianju-pharma``: the producer-driven steroid pharmaceutical cluster of Xianju county.

Calibrated to the case facts of the ICCM study (concepts.md section 11): output of
7.377 bn yuan in 2019 (+21.88 % on 2016), exports of 2.158 bn yuan (17.9 % a year over
four years), exactly 4 listed firms, more than 5,000 employees, R&D of 350 mn yuan
(13.7 % a year), exactly 12 high-tech firms, exactly two local makers of generic FPPs
and none of innovator FPPs, no foreign firm in the zone, R&D enclaves in Shanghai and
Hangzhou, large buyers at home and abroad (invented names).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    Builder,
    descriptor,
    region_frame,
    segment_rows,
)
from chainchief.examples.industries import industry_matrix
from chainchief.examples.knowledge import knowledge_links
from chainchief.examples.xianju.context import _indicators, _institutions
from chainchief.examples.xianju.firms import _local, _outside
from chainchief.examples.xianju.flows import _links_and_sales
from chainchief.examples.xianju.spec import (
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

__all__ = ["DEFAULT_SEED", "DESCRIPTION", "NAME", "build_tables"]


def build_tables(seed: int = DEFAULT_SEED) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Build the descriptor and tables of ``xianju-pharma``."""
    b = Builder("XJ", np.random.default_rng(seed))
    b.add_frame("regions", region_frame())
    b.add_chain(CHAIN, _SEGMENTS, _EDGES)
    ids = _institutions(b)
    f = _local(b)
    o = _outside(b)
    b.add_frame(
        "firm_segments",
        segment_rows(f["firm_id"], f["mix"], f["revenue"], b.rng.uniform(0.85, 0.97, len(f))),
    )
    b.add_frame("firm_segments", segment_rows(o["firm_id"], o["mix"], o["revenue"], o["util"]))
    _links_and_sales(b, f, o)
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
        "high_tech",
        "firm_type",
        "main_segment",
    ]
    firms = pd.concat([f[keep], o[keep]], ignore_index=True)
    firms["main_chain"] = CHAIN
    b.add_frame("firms", firms)
    local_ids = f["firm_id"].to_numpy()
    outside = o.set_index("firm_type")["firm_id"]
    b.add_frame(
        "knowledge_links",
        knowledge_links(
            b.rng,
            local_ids=local_ids,
            local_segments=f["main_segment"].to_numpy(),
            local_size=f["revenue"].to_numpy(),
            gatekeepers={
                ids["research"]: [
                    ids["enclave_sh"],
                    ids["sh_lab"],
                    ids["hz_uni"],
                    *outside["cro"].iloc[:2],
                    *outside["foreign_buyer"].iloc[:2],
                ],
                ids["design"]: [
                    ids["enclave_hz"],
                    ids["hz_uni"],
                    *outside["high_end_api"].iloc[:2],
                    *outside["domestic_buyer"].iloc[:2],
                ],
            },
            association=ids["association"],
            lead_ids=f.loc[f["listed"], "firm_id"].to_numpy(),
            lead_partners=outside["foreign_buyer"].to_numpy(),
            year=YEAR,
            n_buzz=90,
            gatekeeper_reach=0.2,
        ),
    )
    b.partner_park(ids["edz"], ids["park_lyg"], 2020)
    for role, holder, title in [
        ("general_chief", ids["city"], "Mayor of Taizhou, general chain chief"),
        ("chief", ids["county"], "Secretary of the Xianju county party committee, chain chief"),
        ("deputy_chief", ids["edz"], "Director of the Xianju EDZ management committee"),
        ("mentor", ids["association"], "Director of the pharmaceutical industry association"),
        ("expert", ids["experts"], "Expert advisory committee"),
        ("expert", ids["enclave_sh"], "Head of the Shanghai innovation enclave"),
        *[
            ("owner", fid, "Chain owner (listed leading firm)")
            for fid in f.loc[f["listed"], "firm_id"]
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
    _indicators(b, f)
    fpp = f["main_segment"] == "generic_fpp"
    own = {
        (FOCAL, "272"): float(f.loc[fpp, "employees"].sum()),
        (FOCAL, "271"): float(f.loc[~fpp, "employees"].sum()),
    }
    b.add_frame("indicators", industry_matrix(b.rng, YEAR, own))
    desc = descriptor(
        name=NAME,
        title="Xianju steroid pharmaceutical cluster (synthetic, calibrated)",
        description=DESCRIPTION,
        focal=FOCAL,
        chains=[CHAIN],
        reference_year=YEAR,
        sources=SOURCES,
        seed=seed,
    )
    return desc, b.finish()
