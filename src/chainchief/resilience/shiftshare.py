"""Classic shift-share decomposition of a region's change (Dunn 1960; Esteban-Marquillas).

For industry i, region R and reference N between years 0 and 1, with growth rates
g_N = ΔE_N / E_N (all industries), g_Ni = ΔE_Ni / E_Ni and E_Ri the region's value:

* national share NS_i = E_Ri⁰ · g_N;
* industry mix IM_i = E_Ri⁰ · (g_Ni − g_N);
* regional shift RS_i = E_Ri⁰ · (g_Ri − g_Ni) = ΔE_Ri − NS_i − IM_i.

NS + IM + RS equals the observed change ΔE_Ri for every industry and in total. The
regional shift is computed as that residual, so industries new to the region
(E_Ri⁰ = 0) are handled: their whole change is regional shift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["shift_share", "shift_share_components"]


def shift_share_components(
    region_start: pd.Series,
    region_end: pd.Series,
    reference_start: pd.Series,
    reference_end: pd.Series,
) -> pd.DataFrame:
    """Shift-share components by industry from four aligned Series (index = industry).

    Missing industries count as zero. An industry absent from the reference at the
    start has no growth rate: its industry-mix term is 0.

    Returns
    -------
    DataFrame
        Index industry plus a final ``"total"`` row; columns ``start, end, change,
        national_share, industry_mix, regional_shift``.
    """
    idx = (
        region_start.index.union(region_end.index)
        .union(reference_start.index)
        .union(reference_end.index)
    )
    r0 = region_start.reindex(idx, fill_value=0.0).astype(float)
    r1 = region_end.reindex(idx, fill_value=0.0).astype(float)
    n0 = reference_start.reindex(idx, fill_value=0.0).astype(float)
    n1 = reference_end.reindex(idx, fill_value=0.0).astype(float)
    tot0 = float(n0.sum())
    if tot0 <= 0:
        raise ValueError("the reference total at the start is zero")
    g = (float(n1.sum()) - tot0) / tot0
    with np.errstate(divide="ignore", invalid="ignore"):
        gi = np.where(n0 > 0, (n1 - n0) / n0.where(n0 > 0, 1.0), g)
    ns = r0 * g
    im = r0 * (gi - g)
    change = r1 - r0
    out = pd.DataFrame(
        {
            "start": r0,
            "end": r1,
            "change": change,
            "national_share": ns,
            "industry_mix": im,
            "regional_shift": change - ns - im,
        }
    )
    out.index = out.index.astype(str)
    out.loc["total"] = out.sum()
    out.index.name = "industry"
    return out


def shift_share(
    indicators: pd.DataFrame,
    region: str,
    reference: str,
    start: int,
    end: int,
    *,
    indicator: str = "employment",
) -> pd.DataFrame:
    """Shift-share decomposition of ``region`` against ``reference`` from indicators.

    Parameters
    ----------
    indicators
        ``indicators`` table with rows by ``industry_code`` for both regions.
    region, reference
        Region ids.
    start, end
        Years.
    indicator
        Indicator decomposed (default ``employment``).

    Returns
    -------
    DataFrame
        As :func:`shift_share_components`, with ``industry`` as a column.
    """
    d = indicators[
        (indicators["indicator"].astype(str) == indicator) & indicators["industry_code"].notna()
    ]

    def get(reg: str, year: int) -> pd.Series:
        sub = d[(d["region_id"].astype(str) == reg) & (d["year"] == year)]
        return sub.groupby(sub["industry_code"].astype(str))["value"].sum().astype(float)

    r0, r1, n0, n1 = (
        get(region, start),
        get(region, end),
        get(reference, start),
        get(reference, end),
    )
    if r0.empty and r1.empty:
        raise ValueError(f"no {indicator!r} rows by industry for {region!r} in {start} or {end}")
    if n0.empty:
        raise ValueError(f"no {indicator!r} rows by industry for {reference!r} in {start}")
    return shift_share_components(r0, r1, n0, n1).reset_index()
