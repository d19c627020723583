"""GVC position of national sectors from real input-output tables (WIOD 2013, China NBS).

pymrio holds the systems and does the core (A, L, G, multipliers, footprints); this
package adds loaders with balance reports, the KWW (2014) export decomposition, GVC
participation and position, upstreamness/downstreamness, the Timmer et al. (2014)
slicing, Leontief/Ghosh shock propagation, the chain -> sector link and HTML sections.
"""

from chainchief.mrio.chains import CHAIN_SECTORS, chain_sector_indicators, chain_sectors
from chainchief.mrio.core import io_arrays, solve
from chainchief.mrio.data import DEFAULT_PEERS, MrioDataError, find_data_dir
from chainchief.mrio.decomposition import export_decomposition, kww_terms
from chainchief.mrio.html import render_mrio_page, render_mrio_section
from chainchief.mrio.indicators import aggregate_indicators, compute_indicators, wiod_indicators
from chainchief.mrio.loaders import LoadedIO, build_iosystem, load_wiod2013
from chainchief.mrio.nbs import load_nbs, nbs_indicators
from chainchief.mrio.position import downstreamness, upstreamness
from chainchief.mrio.shocks import DemandShock, SupplyShock, demand_shock, supply_shock
from chainchief.mrio.slicing import slice_final_output

__all__ = [
    "CHAIN_SECTORS",
    "DEFAULT_PEERS",
    "DemandShock",
    "LoadedIO",
    "MrioDataError",
    "SupplyShock",
    "aggregate_indicators",
    "build_iosystem",
    "chain_sector_indicators",
    "chain_sectors",
    "compute_indicators",
    "demand_shock",
    "downstreamness",
    "export_decomposition",
    "find_data_dir",
    "io_arrays",
    "kww_terms",
    "load_nbs",
    "load_wiod2013",
    "nbs_indicators",
    "render_mrio_page",
    "render_mrio_section",
    "slice_final_output",
    "solve",
    "supply_shock",
    "upstreamness",
    "wiod_indicators",
]
