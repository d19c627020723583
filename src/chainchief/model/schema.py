"""Table schema of the chain data package, format v1.

This module is the single source of truth for the tables, their columns, types,
enumerations, ranges, keys and foreign keys. The validator, the DuckDB store,
the exporter and ``docs/data-format.md`` all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from chainchief.model.enums import (
    FunctionKind,
    LinkStatus,
    Ownership,
    RoleKind,
    Scale,
    Stage,
)

__all__ = [
    "FORMAT_VERSION",
    "REQUIRED_TABLES",
    "TABLES",
    "TABLE_ORDER",
    "Column",
    "DType",
    "ForeignKey",
    "TableSpec",
]

FORMAT_VERSION = "1"

DType = Literal["str", "int", "float", "bool", "date"]


@dataclass(frozen=True)
class Column:
    """One core column of a table."""

    name: str
    dtype: DType
    required: bool = False
    enum: type[StrEnum] | None = None
    min: float | None = None
    max: float | None = None
    doc: str = ""


@dataclass(frozen=True)
class ForeignKey:
    """Columns that must name a row of one of the target tables.

    ``targets`` lists ``(table, columns)`` pairs; a value is valid when it is found in
    any of them (knowledge links name firms or institutions). Rows whose key columns are
    all empty are not checked (the column's own ``required`` flag covers that).
    """

    columns: tuple[str, ...]
    targets: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class TableSpec:
    """A table of the data package."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    required: bool = False
    doc: str = ""
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        """Core column names in their documented order."""
        return [c.name for c in self.columns]


def _c(
    name: str,
    dtype: DType,
    req: bool = False,
    *,
    enum: type[StrEnum] | None = None,
    min: float | None = None,
    max: float | None = None,
    doc: str = "",
) -> Column:
    return Column(name, dtype, req, enum=enum, min=min, max=max, doc=doc)


_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "regions",
        (
            _c("region_id", "str", True, doc="Unique id of the region."),
            _c("name", "str", True, doc="English name."),
            _c("name_zh", "str", doc="Chinese name."),
            _c("scale", "str", True, enum=Scale, doc="Spatial scale of the unit."),
            _c("parent_id", "str", doc="Id of the enclosing region, at a larger scale."),
            _c("iso3", "str", doc="ISO 3166-1 alpha-3 code (countries)."),
            _c("gb2260", "str", doc="GB/T 2260 six-digit code (Chinese units)."),
            _c("lat", "float", min=-90.0, max=90.0, doc="Latitude, WGS84."),
            _c("lon", "float", min=-180.0, max=180.0, doc="Longitude, WGS84."),
        ),
        key=("region_id",),
        foreign_keys=(ForeignKey(("parent_id",), (("regions", ("region_id",)),)),),
        required=True,
        doc="Regions at every spatial scale, linked to their parents.",
    ),
    TableSpec(
        "segments",
        (
            _c("chain_id", "str", True, doc="Chain (template) id."),
            _c("segment_id", "str", True, doc="Segment id, unique within its chain."),
            _c("name", "str", True, doc="English name."),
            _c("name_zh", "str", doc="Chinese name."),
            _c("stage", "str", True, enum=Stage, doc="upstream, midstream or downstream."),
            _c("function", "str", True, enum=FunctionKind, doc="Function of the segment."),
            _c(
                "va_share",
                "float",
                min=0.0,
                max=1.0,
                doc="Typical share of the chain's value added.",
            ),
        ),
        key=("chain_id", "segment_id"),
        required=True,
        doc="Segments of chain templates (the nodes of each chain's DAG).",
    ),
    TableSpec(
        "segment_edges",
        (
            _c("chain_id", "str", True),
            _c("from_segment", "str", True, doc="Supplier segment."),
            _c("to_segment", "str", True, doc="Buyer segment."),
        ),
        key=("chain_id", "from_segment", "to_segment"),
        foreign_keys=(
            ForeignKey(("chain_id", "from_segment"), (("segments", ("chain_id", "segment_id")),)),
            ForeignKey(("chain_id", "to_segment"), (("segments", ("chain_id", "segment_id")),)),
        ),
        doc="Supplier segment -> buyer segment edges; acyclic within each chain.",
    ),
    TableSpec(
        "firms",
        (
            _c("firm_id", "str", True),
            _c("name", "str", True),
            _c("region_id", "str", True),
            _c("ownership", "str", enum=Ownership),
            _c("employees", "int", min=0.0),
            _c("revenue", "float", min=0.0, doc="Yearly revenue (dataset currency)."),
            _c("value_added", "float", min=0.0),
            _c("rnd_spend", "float", min=0.0),
            _c("patents", "int", min=0.0),
            _c("own_brands", "int", min=0.0, doc="Number of own brands."),
            _c("above_scale", "bool", doc="Above designated size (规模以上)."),
            _c("listed", "bool", doc="Listed on a stock exchange."),
            _c("is_lead", "bool", doc="Lead firm of its chain."),
            _c("oem_share", "float", min=0.0, max=1.0, doc="Revenue share made as OEM."),
            _c("odm_share", "float", min=0.0, max=1.0, doc="Revenue share made as ODM."),
            _c("obm_share", "float", min=0.0, max=1.0, doc="Revenue share sold under own brands."),
        ),
        key=("firm_id",),
        foreign_keys=(ForeignKey(("region_id",), (("regions", ("region_id",)),)),),
        required=True,
        doc="Firms in the focal region and outside it.",
    ),
    TableSpec(
        "firm_segments",
        (
            _c("firm_id", "str", True),
            _c("chain_id", "str", True),
            _c("segment_id", "str", True),
            _c(
                "share",
                "float",
                min=0.0,
                max=1.0,
                doc="Share of the firm's activity in the segment.",
            ),
            _c("capacity", "float", min=0.0, doc="Yearly output capacity in the segment."),
        ),
        key=("firm_id", "chain_id", "segment_id"),
        foreign_keys=(
            ForeignKey(("firm_id",), (("firms", ("firm_id",)),)),
            ForeignKey(("chain_id", "segment_id"), (("segments", ("chain_id", "segment_id")),)),
        ),
        doc="Which segments each firm works in.",
    ),
    TableSpec(
        "supply_links",
        (
            _c("supplier_id", "str", True),
            _c("buyer_id", "str", True),
            _c("chain_id", "str", True),
            _c("segment_id", "str", True, doc="Segment of what the supplier delivers."),
            _c("value", "float", min=0.0, doc="Yearly value delivered."),
            _c("year", "int", min=1900, max=2100),
            _c("lead_time_days", "float", min=0.0),
            _c("complexity", "float", min=0.0, max=1.0, doc="Complexity of transactions, 0-1."),
            _c("codifiability", "float", min=0.0, max=1.0, doc="Ability to codify them, 0-1."),
            _c("status", "str", True, enum=LinkStatus),
            _c("source", "str", True, doc="Where the relation is known from."),
        ),
        foreign_keys=(
            ForeignKey(("supplier_id",), (("firms", ("firm_id",)),)),
            ForeignKey(("buyer_id",), (("firms", ("firm_id",)),)),
            ForeignKey(("chain_id", "segment_id"), (("segments", ("chain_id", "segment_id")),)),
        ),
        doc="Supplier -> buyer relations.",
    ),
    TableSpec(
        "sales",
        (
            _c("firm_id", "str", True),
            _c("market_region_id", "str", True),
            _c("value", "float", True, min=0.0),
            _c("year", "int", min=1900, max=2100),
            _c("channel", "str", doc="e.g. direct, agent, oem_buyer, e-commerce."),
            _c("buyer_id", "str", doc="Buying firm, when known."),
        ),
        foreign_keys=(
            ForeignKey(("firm_id",), (("firms", ("firm_id",)),)),
            ForeignKey(("market_region_id",), (("regions", ("region_id",)),)),
            ForeignKey(("buyer_id",), (("firms", ("firm_id",)),)),
        ),
        doc="Sales by market (and buyer).",
    ),
    TableSpec(
        "knowledge_links",
        (
            _c("source_id", "str", True),
            _c("target_id", "str", True),
            _c("kind", "str", True, doc="e.g. technical_advice, co_patent, training."),
            _c("year", "int", min=1900, max=2100),
            _c("weight", "float", min=0.0),
        ),
        foreign_keys=(
            ForeignKey(
                ("source_id",),
                (("firms", ("firm_id",)), ("institutions", ("institution_id",))),
            ),
            ForeignKey(
                ("target_id",),
                (("firms", ("firm_id",)), ("institutions", ("institution_id",))),
            ),
        ),
        doc="Knowledge flows between firms and institutions.",
    ),
    TableSpec(
        "institutions",
        (
            _c("institution_id", "str", True),
            _c("name", "str", True),
            _c("region_id", "str", True),
            _c("kind", "str", True, doc="government, association, research_institute, ..."),
        ),
        key=("institution_id",),
        foreign_keys=(ForeignKey(("region_id",), (("regions", ("region_id",)),)),),
        doc="Governments, associations, institutes, platforms, parks.",
    ),
    TableSpec(
        "roles",
        (
            _c("chain_id", "str", True),
            _c("region_id", "str", True),
            _c("role", "str", True, enum=RoleKind),
            _c("holder_id", "str", doc="Firm or institution holding the role."),
            _c("title", "str", doc="Title of the office or person."),
            _c("since", "date"),
        ),
        foreign_keys=(
            ForeignKey(("chain_id",), (("segments", ("chain_id",)),)),
            ForeignKey(("region_id",), (("regions", ("region_id",)),)),
            ForeignKey(
                ("holder_id",),
                (("firms", ("firm_id",)), ("institutions", ("institution_id",))),
            ),
        ),
        doc="ICCM roles: chiefs, owners, mentors, experts.",
    ),
    TableSpec(
        "indicators",
        (
            _c("region_id", "str", True),
            _c("chain_id", "str"),
            _c("industry_code", "str"),
            _c("indicator", "str", True, doc="e.g. output, employment, exports."),
            _c("year", "int", True, min=1900, max=2100),
            _c("value", "float", True),
            _c("unit", "str"),
        ),
        foreign_keys=(
            ForeignKey(("region_id",), (("regions", ("region_id",)),)),
            ForeignKey(("chain_id",), (("segments", ("chain_id",)),)),
        ),
        doc="Regional indicator time series.",
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in _TABLES}
TABLE_ORDER: tuple[str, ...] = tuple(t.name for t in _TABLES)
REQUIRED_TABLES: tuple[str, ...] = tuple(t.name for t in _TABLES if t.required)
