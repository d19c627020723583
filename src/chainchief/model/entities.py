"""Pydantic models of single records, for APIs that handle one record at a time.

Analyses work on whole tables (pandas DataFrames, see :mod:`chainchief.model.schema`);
these models are the typed view of one row, used by the web API and by code that
builds records one by one.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chainchief.model.enums import FunctionKind, LinkStatus, Ownership, RoleKind, Scale, Stage

__all__ = [
    "ChainTemplate",
    "Firm",
    "FirmSegment",
    "Indicator",
    "Institution",
    "KnowledgeLink",
    "Region",
    "Role",
    "Sale",
    "Segment",
    "SegmentEdge",
    "SupplyLink",
]

Share = Field(default=None, ge=0.0, le=1.0)
NonNeg = Field(default=None, ge=0.0)


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow", use_enum_values=True, frozen=True)


class Region(_Record):
    """A region at one spatial scale."""

    region_id: str = Field(min_length=1)
    name: str
    name_zh: str | None = None
    scale: Scale
    parent_id: str | None = None
    iso3: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    gb2260: str | None = Field(default=None, pattern=r"^\d{6}$")
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


class Segment(_Record):
    """A segment of a chain template."""

    chain_id: str = Field(min_length=1)
    segment_id: str = Field(min_length=1)
    name: str
    name_zh: str | None = None
    stage: Stage
    function: FunctionKind
    va_share: float | None = Share


class SegmentEdge(_Record):
    """Supplier segment -> buyer segment."""

    chain_id: str
    from_segment: str
    to_segment: str


class ChainTemplate(_Record):
    """A chain template: its segments and the DAG joining them."""

    chain_id: str
    segments: tuple[Segment, ...]
    edges: tuple[SegmentEdge, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> ChainTemplate:
        ids = {s.segment_id for s in self.segments}
        for e in self.edges:
            if e.from_segment not in ids or e.to_segment not in ids:
                raise ValueError(f"edge {e.from_segment}->{e.to_segment} names unknown segment")
        return self


class Firm(_Record):
    """A firm."""

    firm_id: str = Field(min_length=1)
    name: str
    region_id: str
    ownership: Ownership | None = None
    employees: int | None = Field(default=None, ge=0)
    revenue: float | None = NonNeg
    value_added: float | None = NonNeg
    rnd_spend: float | None = NonNeg
    patents: int | None = Field(default=None, ge=0)
    own_brands: int | None = Field(default=None, ge=0)
    above_scale: bool | None = None
    listed: bool | None = None
    is_lead: bool | None = None
    oem_share: float | None = Share
    odm_share: float | None = Share
    obm_share: float | None = Share

    @model_validator(mode="after")
    def _modes(self) -> Firm:
        total = sum(v or 0.0 for v in (self.oem_share, self.odm_share, self.obm_share))
        if total > 1.0 + 1e-9:
            raise ValueError(f"oem_share + odm_share + obm_share = {total:.6g} exceeds 1")
        return self


class FirmSegment(_Record):
    """A firm's activity in a segment."""

    firm_id: str
    chain_id: str
    segment_id: str
    share: float | None = Share
    capacity: float | None = NonNeg


class SupplyLink(_Record):
    """A supplier -> buyer relation."""

    supplier_id: str
    buyer_id: str
    chain_id: str
    segment_id: str
    value: float | None = NonNeg
    year: int | None = None
    lead_time_days: float | None = NonNeg
    complexity: float | None = Share
    codifiability: float | None = Share
    status: LinkStatus
    source: str = Field(min_length=1)


class Sale(_Record):
    """Sales of a firm in a market."""

    firm_id: str
    market_region_id: str
    value: float = Field(ge=0.0)
    year: int | None = None
    channel: str | None = None
    buyer_id: str | None = None


class KnowledgeLink(_Record):
    """A knowledge flow between two organisations."""

    source_id: str
    target_id: str
    kind: str
    year: int | None = None
    weight: float | None = NonNeg


class Institution(_Record):
    """A non-firm organisation."""

    institution_id: str
    name: str
    region_id: str
    kind: str


class Role(_Record):
    """An ICCM role held for a chain in a region."""

    chain_id: str
    region_id: str
    role: RoleKind
    holder_id: str | None = None
    title: str | None = None
    since: dt.date | None = None


class Indicator(_Record):
    """One value of a regional indicator time series."""

    region_id: str
    chain_id: str | None = None
    industry_code: str | None = None
    indicator: str
    year: int
    value: float
    unit: str | None = None
