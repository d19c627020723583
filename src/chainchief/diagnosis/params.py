"""Parameters of the chain diagnosis: every threshold and weight, with its default.

The defaults follow ``concepts.md`` sections 4, 5 and 10. Every report that depends on
them prints them (JSON ``parameters`` key, HTML appendix).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DiagnosisParams"]


class DiagnosisParams(BaseModel):
    """Thresholds and weights of :func:`chainchief.diagnosis.diagnose`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # -- segment classes (concepts.md section 4) ------------------------------------
    weak_lq: float = Field(
        default=0.5, ge=0, description="A segment is weak when its LQ is below this."
    )
    weak_self_sufficiency: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="... or when local buyers source less than this share of it locally.",
    )
    strong_lq: float = Field(
        default=1.25, ge=0, description="A segment is strong when its LQ is at least this ..."
    )
    strong_min_leaders: int = Field(
        default=1, ge=0, description="... and it has at least this many local leading firms."
    )
    leading_includes_listed: bool = Field(
        default=True, description="Count listed firms as leading firms (besides is_lead)."
    )
    # -- recommendations -------------------------------------------------------------
    extend_va_ratio: float = Field(
        default=1.0,
        ge=0,
        description=(
            "Extend toward a missing or weak segment when its value-added share is at least "
            "this multiple of the local output-weighted mean value-added share."
        ),
    )
    strengthen_min_va_share: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Strengthen a weak segment only when its value-added share is at least this.",
    )
    replenish_min_dependents: int = Field(
        default=1,
        ge=0,
        description="Replenish a missing segment when at least this many local firms depend on it.",
    )
    build_min_local_firms: int = Field(
        default=1,
        ge=0,
        description="Suggest building another chain with at least this many local firms.",
    )
    priority_va_weight: float = Field(
        default=0.5,
        ge=0,
        description="Weight of the (max-normalised) value-added share in priority.",
    )
    priority_dependents_weight: float = Field(
        default=0.5,
        ge=0,
        description="Weight of the share of local chain firms depending on the segment.",
    )
    # -- value capture and lock-in (concepts.md section 5) ---------------------------
    va_min_coverage: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description=(
            "Measure value capture from firm value added when firms reporting it hold at "
            "least this share of the chain's output; else from template shares."
        ),
    )
    rnd_benchmark: float = Field(
        default=0.05, gt=0, description="R&D intensity (R&D / revenue) treated as no gap."
    )
    unit_value_indicator: str = Field(
        default="export_unit_value", description="Indicator name of export unit values."
    )
    lock_in_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "oem_export_share": 1.0,
            "uncaptured_value": 1.0,
            "unit_value_gap": 1.0,
            "foreign_buyer_hhi": 1.0,
            "no_own_brand_exports": 1.0,
            "rnd_gap": 1.0,
        },
        description="Weights of the lock-in components (index = weighted mean of available).",
    )
    # -- governance (Gereffi, Humphrey and Sturgeon 2005) -----------------------------
    complexity_high: float = Field(
        default=0.5, ge=0, le=1, description="Complexity at or above this is high."
    )
    codifiability_high: float = Field(
        default=0.5, ge=0, le=1, description="Codifiability at or above this is high."
    )
    capability_high: float = Field(
        default=0.5, ge=0, le=1, description="Supplier capability score at or above this is high."
    )
    patent_benchmark: float = Field(
        default=10.0,
        gt=0,
        description="Patents counted as full capability in the capability score.",
    )
    buyer_driven_threshold: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description=(
            "Chain is buyer-driven when lead firms' activity in brand, distribution and "
            "service segments is at least this share."
        ),
    )
    producer_rnd_intensity: float = Field(
        default=0.05,
        ge=0,
        description=(
            "Chain is producer-driven when lead firms' R&D intensity (R&D / revenue) is at "
            "least this, whatever their functions."
        ),
    )
    # -- leading enterprises (concepts.md section 10) --------------------------------
    leader_weights: dict[str, float] = Field(
        default_factory=lambda: {"scale_strength": 1.0, "brands_ip": 1.0, "core_advantage": 1.0},
        description="Weights of the three leading-enterprise criteria.",
    )
    leaders_top_n: int = Field(
        default=20, ge=1, description="Number of ranked leader candidates kept."
    )
    map_top_organisations: int = Field(
        default=3, ge=0, description="Leading organisations named per cell of the panoramic map."
    )

    def describe(self) -> list[dict[str, Any]]:
        """Name, value and description of every parameter (for report appendices)."""
        out = []
        for name, info in type(self).model_fields.items():
            out.append({"name": name, "value": getattr(self, name), "doc": info.description})
        return out
