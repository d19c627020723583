"""Table access shared by in-memory packages and stored datasets."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chainchief.model.schema import TABLE_ORDER, TABLES
from chainchief.package.coerce import empty_frame

__all__ = ["Package", "TableAccess"]


class TableAccess(ABC):
    """Anything holding the tables of a chain data package.

    Each table is a pandas DataFrame with the core columns in schema order, typed as in
    :mod:`chainchief.package.coerce`, followed by any extra columns. A table absent from
    the package is an empty frame with the core columns.
    """

    @property
    @abstractmethod
    def descriptor(self) -> dict[str, Any]:
        """The package descriptor (``datapackage.json``) as a dict."""

    @abstractmethod
    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` as a DataFrame."""

    @property
    def name(self) -> str:
        """The dataset name from the descriptor."""
        return str(self.descriptor["name"])

    @property
    def focal_regions(self) -> list[str]:
        """Ids of the focal regions."""
        return list(self.descriptor.get("focal_regions", []))

    @property
    def chains(self) -> list[str]:
        """Ids of the chains the package is about."""
        return list(self.descriptor.get("chains", []))

    @property
    def regions(self) -> pd.DataFrame:
        """Regions table."""
        return self.table("regions")

    @property
    def segments(self) -> pd.DataFrame:
        """Segments table."""
        return self.table("segments")

    @property
    def segment_edges(self) -> pd.DataFrame:
        """Segment edges table."""
        return self.table("segment_edges")

    @property
    def firms(self) -> pd.DataFrame:
        """Firms table."""
        return self.table("firms")

    @property
    def firm_segments(self) -> pd.DataFrame:
        """Firm-segment table."""
        return self.table("firm_segments")

    @property
    def supply_links(self) -> pd.DataFrame:
        """Supply links table."""
        return self.table("supply_links")

    @property
    def sales(self) -> pd.DataFrame:
        """Sales table."""
        return self.table("sales")

    @property
    def knowledge_links(self) -> pd.DataFrame:
        """Knowledge links table."""
        return self.table("knowledge_links")

    @property
    def institutions(self) -> pd.DataFrame:
        """Institutions table."""
        return self.table("institutions")

    @property
    def roles(self) -> pd.DataFrame:
        """ICCM roles table."""
        return self.table("roles")

    @property
    def indicators(self) -> pd.DataFrame:
        """Indicators table."""
        return self.table("indicators")


@dataclass
class Package(TableAccess):
    """A validated chain data package held in memory."""

    _descriptor: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def descriptor(self) -> dict[str, Any]:
        return self._descriptor

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; tables are: {', '.join(TABLE_ORDER)}")
        df = self.tables.get(name)
        return empty_frame(TABLES[name]) if df is None else df

    def present(self) -> list[str]:
        """Names of the tables the package holds, in schema order."""
        return [t for t in TABLE_ORDER if t in self.tables]
