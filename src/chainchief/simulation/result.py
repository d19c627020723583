"""Result of one simulation run: time series, substitution events and links."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from chainchief.simulation.params import SCALES
from chainchief.simulation.substitution import STAGES

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "EVENT_STAGES",
    "TOTAL_SERIES",
    "SimResult",
    "event_dtypes",
    "events_frame",
]

#: Daily totals of a run, as named in :class:`SimResult`.
TOTAL_SERIES = (
    "output",
    "demand",
    "final_demand",
    "final_delivered",
    "link_deliveries",
    "inventory",
    "in_transit",
    "consumption",
    "arrivals",
    "lost_supply",
    "extra_cost",
)

EVENT_COLUMNS = (
    "day",
    "kind",
    "buyer",
    "segment",
    "old_supplier",
    "new_supplier",
    "stage",
    "scale",
    "volume",
)


#: Categories of the events' fixed-vocabulary columns (firms and segments come from
#: the network).
EVENT_KINDS = ("substitute", "recover")
EVENT_STAGES = (*STAGES, "recover")


def event_dtypes(
    firm_ids: Sequence[object] | np.ndarray = (), segment_keys: Sequence[object] | np.ndarray = ()
) -> dict[str, Any]:
    """Column types of the events table of a network with these firms and segments.

    The text columns are categorical: an events table repeats a few names millions of
    times (the 1M-firm benchmark has 6.9 M events), and categories keep it to a small
    integer a cell, in memory and as Parquet dictionaries. Firm columns share one type
    whose categories are all the network's firms, so tables of runs on one network
    concatenate without losing it.
    """

    def cat(values: Sequence[object] | np.ndarray) -> pd.CategoricalDtype:
        return pd.CategoricalDtype(pd.Index(np.asarray(values, dtype=object), dtype="str"))

    firm = cat(firm_ids)
    return {
        "day": "Int64",
        "kind": cat(EVENT_KINDS),
        "buyer": firm,
        "segment": cat(segment_keys),
        "old_supplier": firm,
        "new_supplier": firm,
        "stage": cat(EVENT_STAGES),
        "scale": cat(SCALES),
        "volume": "float64",
    }


def events_frame(
    rows: list[tuple[object, ...]],
    firm_ids: Sequence[object] | np.ndarray = (),
    segment_keys: Sequence[object] | np.ndarray = (),
) -> pd.DataFrame:
    """Events table from rows ``(day, kind, buyer, segment, old_supplier, new_supplier,
    stage, scale, volume)``; ``kind`` is substitute or recover, ``stage`` the search step
    that found the new supplier (or ``recover``). Types: :func:`event_dtypes` of the
    network's ``firm_ids`` and ``segment_keys`` (a name outside them is an error)."""
    df = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    types = event_dtypes(firm_ids, segment_keys)
    for c, t in types.items():
        if isinstance(t, pd.CategoricalDtype):
            bad = ~df[c].isin(t.categories)
            if bad.any():
                raise ValueError(f"events: {c} {df[c][bad].iloc[0]!r} is not a known name")
    return df.astype(types)


@dataclass
class SimResult:
    """Arrays of one run; ``T`` steps, ``n`` firms. Firm series are None when not recorded.

    Totals per step: ``output``, ``demand`` (orders and final demand faced),
    ``final_demand``, ``final_delivered``, ``link_deliveries``, ``inventory``,
    ``in_transit``, ``consumption``, ``arrivals``, ``lost_supply`` (what original links
    would have delivered minus what they delivered), ``replaced`` (T, 6: deliveries of
    substitute links by scale), ``active_links`` (T, 6: links with a positive share by
    scale), ``extra_cost`` (cost penalties and tariffs paid on deliveries).
    """

    firm_ids: np.ndarray
    baseline: np.ndarray  # (n,) baseline daily output
    output: np.ndarray
    demand: np.ndarray
    final_demand: np.ndarray
    final_delivered: np.ndarray
    link_deliveries: np.ndarray
    inventory: np.ndarray
    in_transit: np.ndarray
    consumption: np.ndarray
    arrivals: np.ndarray
    lost_supply: np.ndarray
    replaced: np.ndarray
    active_links: np.ndarray
    extra_cost: np.ndarray
    output_by_segment: np.ndarray  # (T, S+1): last column = firms without a segment
    output_by_region: np.ndarray  # (T, R)
    firm_output: np.ndarray | None = None
    firm_demand: np.ndarray | None = None
    firm_unmet_final: np.ndarray | None = None
    firm_inventory: np.ndarray | None = None
    pair_inventory_end: np.ndarray | None = None
    link_weights_end: np.ndarray | None = None
    link_overfill: np.ndarray | None = None  # (T,) max over links of delivery - order
    focal_mask: np.ndarray | None = None  # (n,) bool: the group of ``focal_output``
    focal_output: np.ndarray | None = None  # (T,) daily output of the focal group
    events: pd.DataFrame = field(default_factory=lambda: events_frame([]))

    @property
    def days(self) -> int:
        return len(self.output)

    def events_frame(self) -> pd.DataFrame:
        """Substitution and recovery events as a DataFrame (columns EVENT_COLUMNS)."""
        return self.events

    def totals_frame(self) -> pd.DataFrame:
        """One row per day with the totals (and active links and replacement by scale)."""
        df = pd.DataFrame(
            {
                "day": np.arange(self.days),
                "output": self.output,
                "baseline_output": np.full(self.days, self.baseline.sum()),
                "demand": self.demand,
                "final_demand": self.final_demand,
                "final_delivered": self.final_delivered,
                "unmet_final_demand": self.final_demand - self.final_delivered,
                "link_deliveries": self.link_deliveries,
                "inventory": self.inventory,
                "in_transit": self.in_transit,
                "lost_supply": self.lost_supply,
                "extra_cost": self.extra_cost,
            }
        )
        for k, s in enumerate(SCALES):
            df[f"replaced_{s}"] = self.replaced[:, k]
            df[f"active_links_{s}"] = self.active_links[:, k]
        return df

    def firm_frame(self) -> pd.DataFrame:
        """Long frame ``day, firm_id, output, demand, unmet_final, inventory`` (if recorded)."""
        if self.firm_output is None:
            raise ValueError("firm series were not recorded (record_firms=False)")
        t, n = self.firm_output.shape
        assert self.firm_demand is not None and self.firm_unmet_final is not None
        assert self.firm_inventory is not None
        return pd.DataFrame(
            {
                "day": np.repeat(np.arange(t), n),
                "firm_id": pd.array(np.tile(self.firm_ids, t), dtype="str"),
                "output": self.firm_output.ravel(),
                "demand": self.firm_demand.ravel(),
                "unmet_final": self.firm_unmet_final.ravel(),
                "inventory": self.firm_inventory.ravel(),
            }
        )
