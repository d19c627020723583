"""Shock simulation on the firm-level supply network (concepts.md sections 1, 2 and 6).

Build a :class:`~chainchief.simulation.network.Network` from a chain data package, run
the vectorised daily model (:func:`~chainchief.simulation.engine.run`) under composable
shocks, with or without the ICCM lever, and compute resilience metrics.
"""

from chainchief.simulation.engine import run
from chainchief.simulation.network import Network, build_network
from chainchief.simulation.params import IccmParams, SimParams
from chainchief.simulation.reference import run_reference
from chainchief.simulation.result import SimResult
from chainchief.simulation.shocks import (
    CapacityLoss,
    DemandDrift,
    DemandShock,
    FirmFailure,
    LogisticsDelay,
    ShockSchedule,
    TradeBarrier,
)
from chainchief.simulation.substitution import match_requests, rank_substitutes

__all__ = [
    "CapacityLoss",
    "DemandDrift",
    "DemandShock",
    "FirmFailure",
    "IccmParams",
    "LogisticsDelay",
    "Network",
    "ShockSchedule",
    "SimParams",
    "SimResult",
    "TradeBarrier",
    "build_network",
    "match_requests",
    "rank_substitutes",
    "run",
    "run_reference",
]
