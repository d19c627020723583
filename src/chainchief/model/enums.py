"""Enumerations of the chainchief data model.

Every enumeration is a :class:`str` enum, so a value read from a CSV cell compares
equal to its member and serialises as plain text.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "SCALE_ORDER",
    "FunctionKind",
    "InstitutionKind",
    "LinkStatus",
    "Ownership",
    "RoleKind",
    "Scale",
    "Stage",
]


class Scale(StrEnum):
    """Spatial scales, from the smallest unit to the largest."""

    LOCAL = "local"
    PREFECTURE = "prefecture"
    PROVINCE = "province"
    NATIONAL = "national"
    SUPRANATIONAL = "supranational"
    GLOBAL = "global"

    @property
    def rank(self) -> int:
        """Position of the scale, 0 for ``local`` up to 5 for ``global``."""
        return SCALE_ORDER.index(self)


SCALE_ORDER: tuple[Scale, ...] = tuple(Scale)


class Ownership(StrEnum):
    """Ownership of a firm."""

    PRIVATE = "private"
    STATE = "state"
    FOREIGN = "foreign"
    MIXED = "mixed"


class Stage(StrEnum):
    """Position of a segment along the chain."""

    UPSTREAM = "upstream"
    MIDSTREAM = "midstream"
    DOWNSTREAM = "downstream"


class FunctionKind(StrEnum):
    """Function a segment performs (the x-axis of the smile curve)."""

    MATERIALS = "materials"
    COMPONENTS = "components"
    RND_DESIGN = "rnd_design"
    MANUFACTURING = "manufacturing"
    BRAND_MARKETING = "brand_marketing"
    DISTRIBUTION = "distribution"
    SERVICES = "services"


class LinkStatus(StrEnum):
    """How well a supply relation is established."""

    VERIFIED = "verified"
    REPORTED = "reported"
    INFERRED = "inferred"


class RoleKind(StrEnum):
    """Roles of the Industrial Chain Chief Model."""

    GENERAL_CHIEF = "general_chief"
    CHIEF = "chief"
    DEPUTY_CHIEF = "deputy_chief"
    OWNER = "owner"
    MENTOR = "mentor"
    EXPERT = "expert"


class InstitutionKind(StrEnum):
    """Kinds of non-firm organisations."""

    GOVERNMENT = "government"
    ASSOCIATION = "association"
    RESEARCH_INSTITUTE = "research_institute"
    UNIVERSITY = "university"
    PLATFORM = "platform"
    DESIGN_CENTRE = "design_centre"
    TESTING_CENTRE = "testing_centre"
    INDUSTRIAL_PARK = "industrial_park"
    FINANCE = "finance"
    OTHER = "other"
