"""Diversification and relatedness (concepts.md section 7).

Related and unrelated variety (Frenken et al. 2007), location quotients, RCA,
proximity and relatedness density (Hidalgo et al. 2007), ranked diversification
options and the adaptation vs adaptability summary. Concentration helpers (HHI,
Shannon entropy) shared with the coupling measures live in
:mod:`chainchief.diversification.concentration`.
"""

from chainchief.diversification.analysis import (
    DiversificationResult,
    analyse_diversification,
    industry_panel,
)
from chainchief.diversification.concentration import hhi, shannon_entropy, shares, top_k_share
from chainchief.diversification.options import (
    DiversificationParams,
    adaptation_summary,
    diversification_options,
)
from chainchief.diversification.relatedness import (
    RelatednessResult,
    density,
    location_quotient,
    presence,
    proximity,
    rca,
    region_industry_matrix,
    relatedness,
)
from chainchief.diversification.variety import group_codes, variety, variety_by_region

__all__ = [
    "DiversificationParams",
    "DiversificationResult",
    "RelatednessResult",
    "adaptation_summary",
    "analyse_diversification",
    "density",
    "diversification_options",
    "group_codes",
    "hhi",
    "industry_panel",
    "location_quotient",
    "presence",
    "proximity",
    "rca",
    "region_industry_matrix",
    "relatedness",
    "shannon_entropy",
    "shares",
    "top_k_share",
    "variety",
    "variety_by_region",
]
