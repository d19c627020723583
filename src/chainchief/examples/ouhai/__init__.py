"""``ouhai-eyewear``: the buyer-driven eyewear cluster of Ouhai district, Wenzhou.

Calibrated to the case facts of the ICCM study (concepts.md section 11): 540 eyewear
firms in the focal region (more than 500), about 60,000 employees, exactly 59
above-scale firms (revenue of at least 20 million yuan), 7 of them above 100 million
yuan, 15 foreign-owned firms (the rest private), 150 export-focused firms (at least
half of their 2019 sales abroad) and 90 % of 2019 sales value to the EU, South America
and the United States. In 2020, 25 small OEM firms lose most of their foreign buyers'
orders and recouple to domestic brand firms in Guangdong and Jiangsu.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    Builder,
    descriptor,
)
from chainchief.examples.industries import industry_matrix
from chainchief.examples.ouhai.context import institutions, knowledge_roles_indicators
from chainchief.examples.ouhai.firms import (
    _firm_segments,
    _local_firms,
    _outside_firms,
    _segments_and_regions,
)
from chainchief.examples.ouhai.flows import _links, _sales
from chainchief.examples.ouhai.spec import (
    CHAIN,
    DEFAULT_SEED,
    DESCRIPTION,
    FOCAL,
    NAME,
    RELATED,
    SOURCES,
    YEAR,
)

__all__ = ["DEFAULT_SEED", "DESCRIPTION", "NAME", "build_tables"]


def build_tables(seed: int = DEFAULT_SEED) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Build the descriptor and tables of ``ouhai-eyewear``."""
    b = Builder("OH", np.random.default_rng(seed))
    _segments_and_regions(b)
    inst = institutions(b)
    f = _local_firms(b)
    o = _outside_firms(b, inst["park"])
    util_local = b.rng.uniform(0.96, 1.0, len(f))
    f["mix"] = None
    _firm_segments(b, f, util_local)
    _firm_segments(b, o, o["util"].to_numpy())
    _links(b, f, o)
    exp = _sales(b, f, o)
    f["export_share"] = f["firm_id"].map(exp)
    f["export_focused"] = f["export_share"].fillna(0.0) >= 0.5
    o["export_focused"] = False
    firms = pd.concat([f, o], ignore_index=True)
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
        "main_chain",
        "main_segment",
        "export_focused",
        "park_id",
    ]
    firms["park_id"] = firms.get("park_id")
    b.add_frame("firms", firms[keep])
    knowledge_roles_indicators(b, firms, inst)
    n_local = float(firms.loc[firms["region_id"] == FOCAL, "employees"].sum())
    b.add_frame("indicators", industry_matrix(b.rng, YEAR, {(FOCAL, "358"): n_local}))
    desc = descriptor(
        name=NAME,
        title="Ouhai eyewear cluster (synthetic, calibrated)",
        description=DESCRIPTION,
        focal=FOCAL,
        chains=[CHAIN, RELATED],
        reference_year=YEAR,
        sources=SOURCES,
        seed=seed,
    )
    return desc, b.finish()
