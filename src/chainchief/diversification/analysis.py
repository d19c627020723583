"""Diversification analysis of a region from a dataset's ``indicators`` table."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from chainchief.diversification.options import (
    DiversificationParams,
    adaptation_summary,
    diversification_options,
)
from chainchief.diversification.relatedness import region_industry_matrix, relatedness
from chainchief.diversification.variety import variety_by_region

__all__ = [
    "DiversificationResult",
    "analyse_diversification",
    "industry_panel",
    "matrix_indicator",
]


def industry_panel(indicators: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Rows of ``indicators`` for one indicator that carry an industry code."""
    ind = indicators
    keep = (ind["indicator"].astype(str) == indicator) & ind["industry_code"].notna()
    out = ind.loc[keep, ["region_id", "industry_code", "year", "value"]].copy()
    out["region_id"] = out["region_id"].astype(str)
    out["industry_code"] = out["industry_code"].astype(str)
    return out.reset_index(drop=True)


def matrix_indicator(indicators: pd.DataFrame, region: str) -> str:
    """The indicator with industry rows for ``region`` that covers the most regions.

    Ties are broken alphabetically. Raises ``ValueError`` when the region has no
    industry rows.
    """
    ind = indicators[indicators["industry_code"].notna()]
    own = set(ind.loc[ind["region_id"].astype(str) == region, "indicator"].astype(str))
    if not own:
        raise ValueError(f"region {region!r} has no indicator rows with an industry_code")
    cover = ind[ind["indicator"].isin(own)].groupby("indicator")["region_id"].nunique()
    cover.index = cover.index.astype(str)
    return str(sorted(cover.index, key=lambda k: (-int(cover[k]), k))[0])


@dataclass
class DiversificationResult:
    """Frames of the diversification analysis (see :func:`analyse_diversification`)."""

    region: str
    indicator: str
    year: int | None
    params: DiversificationParams
    variety: pd.DataFrame
    rca: pd.DataFrame
    options: pd.DataFrame
    adaptation: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Result frames by name."""
        return {
            "variety": self.variety,
            "rca": self.rca,
            "options": self.options,
            "adaptation": self.adaptation,
        }


def analyse_diversification(
    indicators: pd.DataFrame,
    region: str,
    *,
    indicator: str | None = None,
    year: int | None = None,
    base_year: int | None = None,
    va_indicator: str = "va_share",
    params: DiversificationParams | None = None,
) -> DiversificationResult:
    """Variety, RCA, options and adaptation of ``region`` from industry indicators.

    Parameters
    ----------
    indicators
        ``indicators`` table with ``industry_code`` rows for the focal region and the
        other regions that form the comparison matrix.
    region
        Focal region id.
    indicator
        Indicator whose values form the region × industry matrix; default the one
        with industry rows for ``region`` that covers the most regions
        (:func:`matrix_indicator`).
    year
        Year of the matrix; default the latest year with data for ``region``.
    base_year
        Start year of the adaptation summary; default the earliest year.
    va_indicator
        Indicator holding value-added shares by industry (any region; averaged), used to
        rank options; absent -> options ranked without it.
    params
        Thresholds (:class:`DiversificationParams`).
    """
    p = params or DiversificationParams()
    indicator = indicator or matrix_indicator(indicators, region)
    panel = industry_panel(indicators, indicator)
    notes: list[str] = []
    own = panel[panel["region_id"] == region]
    if own.empty:
        raise ValueError(f"no {indicator!r} rows with an industry_code for region {region!r}")
    years = sorted(int(y) for y in own["year"].dropna().unique())
    y = year if year is not None else years[-1]
    var = variety_by_region(own, p.hierarchy_digits, base=p.entropy_base)
    mat = region_industry_matrix(panel[panel["year"] == y])
    if len(mat.index) < 2:
        notes.append("only one region in the matrix: RCA and relatedness are degenerate")
    rel = relatedness(mat, p.rca_threshold)
    va = None
    if "industry_code" in indicators:
        vrows = industry_panel(indicators, va_indicator)
        if not vrows.empty:
            va = vrows.groupby("industry_code")["value"].mean()
    options = diversification_options(rel, region, va_share=va, params=p)
    rca_rows = pd.DataFrame(
        {
            "industry": pd.Series(rel.rca.columns, dtype="str"),
            "value": mat.loc[region].to_numpy(),
            "rca": rel.rca.loc[region].to_numpy(),
            "specialised": rel.presence.loc[region].to_numpy() >= 1,
            "density": rel.density.loc[region].to_numpy(),
        }
    ).sort_values("rca", ascending=False, kind="stable")
    b = base_year if base_year is not None else years[0]
    if b != y:
        adapt = adaptation_summary(
            region_industry_matrix(panel[panel["year"] == b]), mat, region, params=p
        )
    else:
        adapt = pd.DataFrame(columns=["metric", "value", "description"])
        notes.append("one year only: no adaptation vs adaptability summary")
    return DiversificationResult(
        region=region,
        indicator=indicator,
        year=y,
        params=p,
        variety=var,
        rca=rca_rows.reset_index(drop=True),
        options=options,
        adaptation=adapt,
        notes=notes,
    )
