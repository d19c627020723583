"""Resilience analysis of a region from a dataset's ``indicators`` table."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from chainchief.resilience.indices import ResilienceParams, indicator_series, resilience_indices
from chainchief.resilience.shiftshare import shift_share

__all__ = ["ResilienceResult", "analyse_resilience", "default_reference"]


def default_reference(regions: pd.DataFrame, region: str) -> str:
    """The national region that contains ``region`` (or the region's root ancestor)."""
    from chainchief.model.regions import ancestor_at_scale, ancestors

    nat = ancestor_at_scale(regions, region, "national")
    return nat if nat is not None else ancestors(regions, region)[-1]


@dataclass
class ResilienceResult:
    """Frames of the resilience analysis (see :func:`analyse_resilience`)."""

    region: str
    reference: str
    params: ResilienceParams
    series: pd.DataFrame
    indices: pd.DataFrame
    shift_share: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Result frames by name."""
        return {"series": self.series, "indices": self.indices, "shift_share": self.shift_share}


def analyse_resilience(
    indicators: pd.DataFrame,
    region: str,
    reference: str,
    *,
    contraction: tuple[int, int] | None = None,
    recovery: tuple[int, int] | None = None,
    shift_years: tuple[int, int] | None = None,
    shift_indicator: str | None = None,
    chain: str | None = None,
    params: ResilienceParams | None = None,
) -> ResilienceResult:
    """Resistance/recovery indices and a shift-share decomposition.

    Parameters
    ----------
    indicators
        ``indicators`` table.
    region, reference
        Focal and reference region ids.
    contraction, recovery
        Periods; detected when both are None.
    shift_years
        (start, end) of the shift-share decomposition; default the contraction
        period (given or first detected); skipped without industry rows.
    shift_indicator
        Indicator decomposed (default ``params.indicator``).
    chain
        Restrict the indices to the chain's rows.
    params
        :class:`ResilienceParams`.
    """
    p = params or ResilienceParams()
    notes: list[str] = []
    rs = indicator_series(indicators, region, p.indicator, chain=chain)
    ns = indicator_series(indicators, reference, p.indicator, chain=chain)
    series = pd.DataFrame({"region": rs, "reference": ns}).rename_axis("year").reset_index()
    idx = resilience_indices(
        indicators,
        region,
        reference,
        contraction=contraction,
        recovery=recovery,
        chain=chain,
        params=p,
    )
    if idx.empty:
        notes.append("no contraction found in the reference or the region series")
    years = shift_years
    if years is None and not idx.empty:
        first = idx[idx["index"] == "resistance"]
        if not first.empty:
            years = (int(first["start"].iloc[0]), int(first["end"].iloc[0]))
    ss = pd.DataFrame()
    if years is not None:
        try:
            ss = shift_share(
                indicators,
                region,
                reference,
                years[0],
                years[1],
                indicator=shift_indicator or p.indicator,
            )
        except ValueError as exc:
            notes.append(f"shift-share skipped: {exc}")
    return ResilienceResult(region, reference, p, series, idx, ss, notes)
