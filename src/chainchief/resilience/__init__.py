"""Regional resilience (concepts.md section 6).

Martin's resistance and recovery indices with given or detected periods, classic
shift-share decomposition, and resilience metrics of simulated shock trajectories.
"""

from chainchief.resilience.analysis import ResilienceResult, analyse_resilience, default_reference
from chainchief.resilience.indices import (
    ResilienceParams,
    change_index,
    detect_periods,
    indicator_series,
    resilience_indices,
)
from chainchief.resilience.shiftshare import shift_share, shift_share_components
from chainchief.resilience.simulation import (
    SIMULATION_METRICS,
    from_simulation_totals,
    simulation_resilience,
)
from chainchief.resilience.trajectory import (
    TRAJECTORY_METRICS,
    resistance_index,
    trajectory_metrics,
)

__all__ = [
    "SIMULATION_METRICS",
    "TRAJECTORY_METRICS",
    "ResilienceParams",
    "ResilienceResult",
    "analyse_resilience",
    "change_index",
    "default_reference",
    "detect_periods",
    "from_simulation_totals",
    "indicator_series",
    "resilience_indices",
    "resistance_index",
    "shift_share",
    "shift_share_components",
    "simulation_resilience",
    "trajectory_metrics",
]
