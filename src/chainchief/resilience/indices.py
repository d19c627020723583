"""Resistance and recovery indices (Martin 2012) from indicator time series.

For a region R and a reference N (usually the nation) over a period [t0, t1]:

    index = (ΔE_R / E_R − ΔE_N / E_N) / |ΔE_N / E_N|

with E the indicator (employment, output) at t0 and ΔE its change to t1. Over the
contraction period it is the *resistance* index, over the recovery period the
*recovery* index. Positive values mean the region did better than the reference.
Periods are given, or detected as peak-to-trough (contraction) and trough-to-peak
(recovery) runs of the reference series (or of the region's series when the reference
never contracts).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

__all__ = [
    "ResilienceParams",
    "change_index",
    "detect_periods",
    "indicator_series",
    "resilience_indices",
]


@dataclass(frozen=True)
class ResilienceParams:
    """Options of the resilience indices, with documented defaults.

    Attributes
    ----------
    indicator
        Indicator of the time series (default ``output``).
    detect_on
        Series whose contractions define the periods when none are given:
        ``"reference"`` (default; falls back to the region's series when the reference
        never contracts) or ``"region"``.
    min_decline
        Smallest relative year-on-year fall that starts a contraction (default 0,
        any fall).
    """

    indicator: str = "output"
    detect_on: str = "reference"
    min_decline: float = 0.0

    def __post_init__(self) -> None:
        if self.detect_on not in ("reference", "region"):
            raise ValueError("detect_on must be 'reference' or 'region'")

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, for reports and JSON."""
        return asdict(self)


def indicator_series(
    indicators: pd.DataFrame,
    region: str,
    indicator: str,
    *,
    chain: str | None = None,
    industry_code: str | None = None,
) -> pd.Series:
    """Yearly series of one indicator of one region.

    Rows without an industry code (and, unless ``chain`` is given, without a chain)
    are the region's totals; when there are none, industry (or chain) rows are summed.
    Returns a float Series indexed by year (int), sorted.
    """
    d = indicators[
        (indicators["region_id"].astype(str) == region)
        & (indicators["indicator"].astype(str) == indicator)
    ]
    if "chain_id" in d:
        if chain is not None:
            d = d[d["chain_id"].astype("str") == chain]
        elif d["chain_id"].isna().any():
            d = d[d["chain_id"].isna()]
    if "industry_code" in d:
        if industry_code is not None:
            d = d[d["industry_code"].astype("str") == industry_code]
        elif d["industry_code"].isna().any():
            d = d[d["industry_code"].isna()]
    s = d.groupby(d["year"].astype("int64"))["value"].sum().astype(float).sort_index()
    s.index.name = "year"
    return s


def change_index(region: pd.Series, reference: pd.Series, start: int, end: int) -> dict[str, float]:
    """Martin's index over [start, end] of ``region`` against ``reference``.

    Returns ``region_change`` and ``reference_change`` (relative changes) and
    ``index``; NaN when a value is missing or the reference does not change.
    """

    def rel(s: pd.Series) -> float:
        if start not in s.index or end not in s.index or s[start] == 0:
            return math.nan
        return float((s[end] - s[start]) / s[start])

    r, n = rel(region), rel(reference)
    idx = (r - n) / abs(n) if not (math.isnan(r) or math.isnan(n) or n == 0) else math.nan
    return {"region_change": r, "reference_change": n, "index": idx}


def detect_periods(series: pd.Series, min_decline: float = 0.0) -> list[tuple[str, int, int]]:
    """Contraction (peak to trough) and recovery (trough to next peak) periods.

    A contraction starts at a year after which the series falls by more than
    ``min_decline`` (relative) and lasts while it keeps falling; the recovery runs from
    the trough while the series keeps rising.

    Returns
    -------
    list of (kind, start, end)
        ``kind`` is ``"resistance"`` for contractions, ``"recovery"`` for recoveries.
    """
    s = series.dropna().sort_index()
    years = [int(y) for y in s.index]
    v = s.to_numpy(dtype=float)
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(v)
    while i < n - 1:
        if v[i] > 0 and (v[i + 1] - v[i]) / v[i] < -min_decline:
            j = i + 1
            while j < n - 1 and v[j + 1] < v[j]:
                j += 1
            out.append(("resistance", years[i], years[j]))
            k = j
            while k < n - 1 and v[k + 1] > v[k]:
                k += 1
            if k > j:
                out.append(("recovery", years[j], years[k]))
            i = max(k, j)
        else:
            i += 1
    return out


def resilience_indices(
    indicators: pd.DataFrame,
    region: str,
    reference: str,
    *,
    contraction: tuple[int, int] | None = None,
    recovery: tuple[int, int] | None = None,
    chain: str | None = None,
    params: ResilienceParams | None = None,
) -> pd.DataFrame:
    """Resistance and recovery indices of ``region`` against ``reference``.

    Parameters
    ----------
    indicators
        ``indicators`` table.
    region, reference
        Region ids.
    contraction, recovery
        (start, end) years; when both are None the periods are detected
        (:func:`detect_periods`).
    chain
        Use the chain's rows instead of the regional totals.
    params
        :class:`ResilienceParams`.

    Returns
    -------
    DataFrame
        ``index, start, end, region_change, reference_change, value, detected_on,
        interpretation``.
    """
    p = params or ResilienceParams()
    rs = indicator_series(indicators, region, p.indicator, chain=chain)
    ns = indicator_series(indicators, reference, p.indicator, chain=chain)
    if rs.empty:
        raise ValueError(f"no {p.indicator!r} series for region {region!r}")
    if ns.empty:
        raise ValueError(f"no {p.indicator!r} series for reference {reference!r}")
    periods: list[tuple[str, int, int]] = []
    detected_on = "given"
    if contraction is not None:
        periods.append(("resistance", *contraction))
    if recovery is not None:
        periods.append(("recovery", *recovery))
    if not periods:
        order = ["reference", "region"] if p.detect_on == "reference" else ["region"]
        for which in order:
            periods = detect_periods(ns if which == "reference" else rs, p.min_decline)
            if periods:
                detected_on = which
                break
    rows = []
    for kind, start, end in periods:
        c = change_index(rs, ns, start, end)
        val = c["index"]
        if math.isnan(val):
            text = "undefined (missing year or no change in the reference)"
        elif val > 0:
            better = "more resistant" if kind == "resistance" else "recovered faster"
            text = f"region {better} than reference"
        elif val < 0:
            worse = "less resistant" if kind == "resistance" else "recovered slower"
            text = f"region {worse} than reference"
        else:
            text = "same as reference"
        rows.append(
            {
                "index": kind,
                "start": start,
                "end": end,
                "region_change": c["region_change"],
                "reference_change": c["reference_change"],
                "value": val,
                "detected_on": detected_on,
                "interpretation": text,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "index",
            "start",
            "end",
            "region_change",
            "reference_change",
            "value",
            "detected_on",
            "interpretation",
        ],
    )
    out[["start", "end"]] = out[["start", "end"]].astype("Int64")
    return out
