"""Multi-scale strategic coupling of a region (concepts.md section 2).

Pure functions over the tables of a chain data package: coupling flows by scale,
coupling profile, coupling diversity, lead-firm dependence, coupling / decoupling /
recoupling events and the coupling mode of the region.
"""

from chainchief.coupling.analysis import CouplingResult, analyse_coupling, focal_region
from chainchief.coupling.events import coupling_events, event_summary
from chainchief.coupling.flows import coupling_flows, primary_segments, region_members
from chainchief.coupling.mode import coupling_mode, mode_indicators
from chainchief.coupling.params import CouplingParams, ModeRules
from chainchief.coupling.profile import coupling_diversity, coupling_profile, lead_firm_dependence

__all__ = [
    "CouplingParams",
    "CouplingResult",
    "ModeRules",
    "analyse_coupling",
    "coupling_diversity",
    "coupling_events",
    "coupling_flows",
    "coupling_mode",
    "coupling_profile",
    "event_summary",
    "focal_region",
    "lead_firm_dependence",
    "mode_indicators",
    "primary_segments",
    "region_members",
]
