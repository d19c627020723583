"""Parameters of the supply-network shock model, with their documented defaults.

Every threshold of the model lives here, so that a report can print all of them
(:func:`SimParams.describe`). Scale-indexed tuples follow the order of
:data:`chainchief.model.enums.SCALE_ORDER`: local, prefecture, province, national,
supranational, global.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SCALES", "IccmParams", "SimParams"]

SCALES: tuple[str, ...] = ("local", "prefecture", "province", "national", "supranational", "global")


class IccmParams(BaseModel):
    """The ICCM coordination lever (concepts.md section 1).

    Under the lever the chain mentor and chief coordinate the search for substitute
    suppliers: search delays are shortened, the search is widened to partner parks in
    other provinces (a ``partner`` step tried right after the province scale), and
    scarce capacity is allocated first to orders of critical inputs.
    """

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(default=False, description="Switch the lever on.")
    chains: list[str] | None = Field(
        default=None, description="Chain ids the lever applies to; None = every chain."
    )
    delay_factor: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Multiplier on every search delay (rounded up, >= 1 day).",
    )
    partner_regions: list[str] = Field(
        default_factory=list,
        description="Regions (e.g. partner parks in other provinces) searched after the province.",
    )
    priority_critical: bool = Field(
        default=True,
        description="Serve orders of critical inputs before other orders when rationing.",
    )


class SimParams(BaseModel):
    """Behavioural parameters of the daily model (defaults are illustrative, documented).

    The defaults follow the order of magnitude used by firm-level production-network
    models (Inoue and Todo 2019: inventories of a few to ~10 days, an inventory
    adjustment time of about a week) and are meant to be varied in ensembles.
    """

    model_config = ConfigDict(extra="forbid")

    days: int = Field(default=365, ge=1, description="Number of daily steps.")
    inventory_days: float = Field(
        default=10.0,
        ge=0.0,
        description="Target input inventory in days of use (just-in-case > JIT).",
    )
    inventory_days_by_segment: dict[str, float] = Field(
        default_factory=dict, description="Overrides of inventory_days by segment id."
    )
    inventory_days_by_firm: dict[str, float] = Field(
        default_factory=dict, description="Overrides of inventory_days by firm id."
    )
    target_on_demand: bool = Field(
        default=False,
        description="Inventory targets follow yesterday's demand (Inoue and Todo 2019) "
        "instead of baseline use; amplifies demand swings along the chain.",
    )
    tau: float = Field(
        default=6.0, gt=0.0, description="Days over which inventory gaps are closed."
    )
    capacity_headroom: float = Field(
        default=0.2, ge=0.0, description="Capacity above baseline output when no capacity is given."
    )
    noncritical_segments: list[str] = Field(
        default_factory=list,
        description="Input segments that do not limit production (substitutable); "
        "all other inputs are critical (Leontief).",
    )
    lead_time_by_scale: tuple[int, int, int, int, int, int] = Field(
        default=(1, 2, 3, 5, 14, 30), description="Lead time in days of a link at each scale."
    )
    use_link_lead_times: bool = Field(
        default=True, description="Use supply_links.lead_time_days where given."
    )
    substitution: bool = Field(
        default=True, description="Let buyers search for substitute suppliers."
    )
    trigger_fill: float = Field(
        default=0.9,
        ge=0.0,
        le=1.0,
        description="A link is short when it delivers less than this share.",
    )
    trigger_days: int = Field(
        default=3, ge=1, le=32_767, description="Consecutive short days that start a search."
    )
    search_delay_by_scale: tuple[int, int, int, int, int, int] = Field(
        default=(3, 3, 5, 7, 10, 14),
        description="Days each scale's search takes, after the previous.",
    )
    partner_delay: int = Field(default=3, ge=0, description="Days of the ICCM partner-park step.")
    lead_penalty_by_scale: tuple[int, int, int, int, int, int] = Field(
        default=(0, 0, 1, 1, 2, 3), description="Extra lead days of a new link found at each scale."
    )
    cost_penalty_by_scale: tuple[float, float, float, float, float, float] = Field(
        default=(0.02, 0.03, 0.05, 0.08, 0.12, 0.15),
        description="Relative extra cost of supply bought over a new link at each scale.",
    )
    recover_links: bool = Field(
        default=True, description="Return to original suppliers after recovery."
    )
    recover_health: float = Field(
        default=0.95,
        ge=0.0,
        description="Supplier health (feasible output / baseline) counted as recovered.",
    )
    recover_days: int = Field(
        default=5, ge=1, description="Days of health before links are recovered."
    )
    min_allocation: float = Field(
        default=0.01, ge=0.0, le=1.0, description="Smallest share of a need worth a new link."
    )
    min_cover: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="Adequacy: when some firm of the segment (anywhere) has spare capacity "
        "for this share of what a cell's buyers seek, a search step takes only candidates "
        "that do; 0 switches the rule off (same rule as attraction.find_substitutes).",
    )
    max_new_links: int = Field(
        default=3, ge=1, description="Most new links one search step opens for one link."
    )
    token_final_demand: float = Field(
        default=1e-6, gt=0.0, description="Final demand (per day) given to firms with no output."
    )
    iccm: IccmParams = Field(default_factory=IccmParams)

    def describe(self) -> dict[str, object]:
        """All parameters as a flat dict (for reports)."""
        out: dict[str, object] = {}
        for k, v in self.model_dump().items():
            if isinstance(v, dict) and k == "iccm":
                for k2, v2 in v.items():
                    out[f"iccm.{k2}"] = v2
            else:
                out[k] = v
        return out
