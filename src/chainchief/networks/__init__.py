"""Knowledge and production networks of a region (concepts.md section 8).

Local buzz vs global pipelines, horizontal vs vertical ties, degree centralisation of
the local production network, Gould–Fernandez brokerage roles with region groups and
a ranked list of technological gatekeepers. Graph code is vectorised (NumPy, SciPy
sparse) so that networks with millions of ties are handled.
"""

from chainchief.networks.analysis import NetworksResult, analyse_networks, local_hubs
from chainchief.networks.brokerage import ROLES, brokerage_roles, triangles
from chainchief.networks.structure import (
    NetworkParams,
    degree_centralisation,
    gatekeepers,
    region_groups,
)
from chainchief.networks.ties import actor_table, buzz_pipelines, classify_ties, horizontal_vertical

__all__ = [
    "ROLES",
    "NetworkParams",
    "NetworksResult",
    "actor_table",
    "analyse_networks",
    "brokerage_roles",
    "buzz_pipelines",
    "classify_ties",
    "degree_centralisation",
    "gatekeepers",
    "horizontal_vertical",
    "local_hubs",
    "region_groups",
    "triangles",
]
