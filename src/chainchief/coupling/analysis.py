"""All coupling measures of one region in one call, from a package-like object."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from chainchief.coupling.events import coupling_events, event_summary
from chainchief.coupling.flows import coupling_flows
from chainchief.coupling.mode import coupling_mode, mode_indicators
from chainchief.coupling.params import CouplingParams, ModeRules
from chainchief.coupling.profile import coupling_diversity, coupling_profile, lead_firm_dependence

__all__ = [
    "PARALLEL_MIN_FLOWS",
    "CouplingResult",
    "DatasetLike",
    "analyse_coupling",
    "focal_region",
]

#: From this many flow rows on, coupling events are computed in a second thread.
PARALLEL_MIN_FLOWS = 500_000


class DatasetLike(Protocol):
    """What the analysis reads: a chain data package or a store dataset."""

    descriptor: dict[str, Any]
    regions: pd.DataFrame
    firms: pd.DataFrame
    firm_segments: pd.DataFrame
    supply_links: pd.DataFrame
    sales: pd.DataFrame
    indicators: pd.DataFrame


def focal_region(data: Any, region: str | None = None) -> str:
    """Return ``region`` or the first focal region named in the dataset's descriptor."""
    if region:
        return region
    desc = getattr(data, "descriptor", None) or {}
    focal = desc.get("focal_regions") or []
    if not focal:
        raise ValueError("no --region given and the dataset names no focal_regions")
    return str(focal[0])


@dataclass
class CouplingResult:
    """Frames of the coupling analysis of one region (see :func:`analyse_coupling`)."""

    region: str
    chain: str | None
    params: CouplingParams
    rules: ModeRules
    flows: pd.DataFrame
    profile_scale: pd.DataFrame
    profile_partner: pd.DataFrame
    diversity: pd.DataFrame
    dependence: pd.DataFrame
    events: pd.DataFrame
    event_summary: pd.DataFrame
    indicators: pd.DataFrame
    mode: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The result frames by name (flows excluded: they are the input rows)."""
        return {
            "profile_scale": self.profile_scale,
            "profile_partner": self.profile_partner,
            "diversity": self.diversity,
            "dependence": self.dependence,
            "events": self.events,
            "event_summary": self.event_summary,
            "mode_indicators": self.indicators,
            "mode": self.mode,
        }


def analyse_coupling(
    data: Any,
    region: str | None = None,
    *,
    chain: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    params: CouplingParams | None = None,
    rules: ModeRules | None = None,
) -> CouplingResult:
    """Coupling profile, diversity, dependence, events and mode of a region.

    Parameters
    ----------
    data
        Object with the package tables as DataFrame attributes (``regions``, ``firms``,
        ``firm_segments``, ``supply_links``, ``sales``, ``indicators``) and a
        ``descriptor`` dict; a :class:`chainchief.package.Package` or a store dataset.
    region
        Focal region; default the first of ``descriptor["focal_regions"]``.
    chain
        Restrict to one chain.
    year_from, year_to
        Restrict the years analysed (inclusive).
    params, rules
        Thresholds; defaults documented on the classes.
    """
    p = params or CouplingParams()
    r = rules or ModeRules()
    reg = focal_region(data, region)
    flows = coupling_flows(
        data.regions,
        data.firms,
        reg,
        sales=data.sales,
        supply_links=data.supply_links,
        firm_segments=data.firm_segments,
        chain=chain,
    )
    if year_from is not None or year_to is not None:
        y = flows["year"]
        keep = y.notna()
        if year_from is not None:
            keep &= y >= year_from
        if year_to is not None:
            keep &= y <= year_to
        flows = flows[keep.fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)
    names = data.firms.set_index("firm_id")["name"] if "name" in data.firms else None
    # the measures only read ``flows``: on large inputs the events (the largest part)
    # run in a second thread while the others are computed; numpy, pandas and DuckDB
    # release the GIL in their heavy loops, and the results are the same either way
    with ThreadPoolExecutor(max_workers=2 if len(flows) >= PARALLEL_MIN_FLOWS else 1) as pool:
        events_f = pool.submit(coupling_events, flows, p)
        ind = mode_indicators(
            flows, data.firms, data.regions, reg, indicators=data.indicators, rules=r
        )
        prof_scale = coupling_profile(flows, "scale")
        prof_partner = coupling_profile(
            flows, "partner", partner_names=names, top_n=p.profile_top_n
        )
        dependence = lead_firm_dependence(flows, p)
        events = events_f.result()
    notes = []
    if flows.empty:
        notes.append("no sales or sourcing relations of local firms found")
    return CouplingResult(
        region=reg,
        chain=chain,
        params=p,
        rules=r,
        flows=flows,
        profile_scale=prof_scale,
        profile_partner=prof_partner,
        diversity=coupling_diversity(flows, p, profile=prof_scale),
        dependence=dependence,
        events=events,
        event_summary=event_summary(events),
        indicators=ind,
        mode=coupling_mode(ind, r),
        notes=notes,
    )
