"""Low-end lock-in index (concepts.md section 5, after Hu Dali's diagnosis).

Components, each scaled to [0, 1] (1 = more locked in):

==========================  ==================================  =======================
component                   raw value                           scaled value
==========================  ==================================  =======================
``oem_export_share``        OEM share of exports                raw
``uncaptured_value``        captured value share                1 - raw
``unit_value_gap``          export unit value / world value     1 - min(1, raw)
``foreign_buyer_hhi``       HHI of foreign buyers' shares       raw
``no_own_brand_exports``    own-brand (OBM) share of exports    1 - raw
``rnd_gap``                 R&D intensity (R&D / revenue)       1 - min(1, raw / benchmark)
==========================  ==================================  =======================

Export-weighted shares use each firm's export sales (markets at the supranational or
global scale) x its weight; without export sales they fall back to revenue weights
and say so. The index is the weighted mean of the available components; a component
without data is dropped with a note, never set to 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.diagnosis.frames import num

__all__ = ["COMPONENTS", "hhi", "lock_in", "unit_value_ratio"]

COMPONENTS = (
    "oem_export_share",
    "uncaptured_value",
    "unit_value_gap",
    "foreign_buyer_hhi",
    "no_own_brand_exports",
    "rnd_gap",
)


def hhi(values: pd.Series) -> float:
    """Herfindahl-Hirschman index of the shares of ``values`` (NaN when empty)."""
    v = values.to_numpy(dtype="float64")
    t = v.sum()
    if t <= 0:
        return float("nan")
    return float(((v / t) ** 2).sum())


def unit_value_ratio(
    indicators: pd.DataFrame,
    region: str,
    world: str | None,
    chain: str,
    indicator: str,
    segment: str | None = None,
) -> tuple[float, str]:
    """Export unit value of ``region`` / that of ``world`` (latest common year).

    Rows match ``indicator``, the chain (or no chain) and ``industry_code`` = ``segment``
    (or empty when ``segment`` is None). Returns (NaN, reason) when either is absent.
    """
    if world is None:
        return float("nan"), "no global region to compare with"
    ind = indicators[indicators["indicator"] == indicator]
    ind = ind[(ind["chain_id"] == chain) | ind["chain_id"].isna()]
    if segment is None:
        ind = ind[ind["industry_code"].isna() | (ind["industry_code"] == chain)]
    else:
        ind = ind[ind["industry_code"] == segment]
    r = ind[ind["region_id"] == region]
    w = ind[ind["region_id"] == world]
    years = sorted(set(num(r["year"]).dropna()) & set(num(w["year"]).dropna()))
    if not years:
        return float("nan"), f"no '{indicator}' indicator for both {region} and {world}"
    y = years[-1]
    rv = float(num(r.loc[num(r["year"]) == y, "value"]).mean())
    wv = float(num(w.loc[num(w["year"]) == y, "value"]).mean())
    if not (wv > 0):
        return float("nan"), f"world '{indicator}' is not positive"
    return rv / wv, f"indicators '{indicator}' {region} / {world}, {int(y)}"


def _wshare(x: np.ndarray, share: np.ndarray) -> float:
    ok = ~np.isnan(share) & (x > 0)
    t = x[ok].sum()
    return float((x[ok] * share[ok]).sum() / t) if t > 0 else float("nan")


def lock_in(
    units: pd.DataFrame,
    captured_share: float,
    capture_method: str,
    buyer_values: pd.Series,
    buyer_source: str,
    unit_value: tuple[float, str],
    weights: dict[str, float],
    rnd_benchmark: float,
) -> dict[str, Any]:
    """Lock-in index and components for a set of weighted firm units.

    Parameters
    ----------
    units
        One row per firm (or firm x segment): ``W`` (weight), ``revenue``, ``exports``
        (export sales already weighted; NaN when there are no sales data),
        ``oem_share``, ``obm_share``, ``rnd_spend``.
    captured_share, capture_method
        Value captured locally and how it was measured.
    buyer_values
        Export value per foreign buyer (empty when unknown); ``buyer_source`` says where
        it comes from.
    unit_value
        ``(ratio, source)`` from :func:`unit_value_ratio`.
    weights
        Component weights; a component missing from it gets weight 0.
    rnd_benchmark
        R&D intensity treated as no gap.
    """
    W = units["W"].to_numpy(dtype="float64")
    rev = np.nan_to_num(units["revenue"].to_numpy(dtype="float64")) * W
    exp = units["exports"].to_numpy(dtype="float64")
    has_exports = np.nansum(exp) > 0
    base = np.nan_to_num(exp) if has_exports else rev
    basis = "export sales" if has_exports else "revenue (no export sales in the data)"
    comps: list[dict[str, Any]] = []

    def add(name: str, raw: float, scaled: float, source: str, note: str = "") -> None:
        ok = bool(np.isfinite(raw) and np.isfinite(scaled))
        comps.append(
            {
                "name": name,
                "raw": float(raw) if ok else None,
                "scaled": float(min(1.0, max(0.0, scaled))) if ok else None,
                "weight": float(weights.get(name, 0.0)),
                "source": source,
                "available": ok,
                "note": note if ok else (note or "no data: dropped from the index"),
            }
        )

    oem = _wshare(base, units["oem_share"].to_numpy(dtype="float64"))
    add("oem_export_share", oem, oem, f"firms.oem_share weighted by {basis}")
    add(
        "uncaptured_value",
        captured_share,
        1.0 - captured_share,
        f"value capture ({capture_method} method)",
    )
    uv, uv_src = unit_value
    add("unit_value_gap", uv, 1.0 - min(1.0, uv) if np.isfinite(uv) else np.nan, uv_src)
    h = hhi(buyer_values) if len(buyer_values) else float("nan")
    add("foreign_buyer_hhi", h, h, buyer_source)
    obm = _wshare(base, units["obm_share"].to_numpy(dtype="float64"))
    add("no_own_brand_exports", obm, 1.0 - obm, f"firms.obm_share weighted by {basis}")
    rnd = np.nan_to_num(units["rnd_spend"].to_numpy(dtype="float64")) * W
    known = ~np.isnan(units["rnd_spend"].to_numpy(dtype="float64"))
    r_tot = rev[known].sum()
    inten = float(rnd[known].sum() / r_tot) if r_tot > 0 else float("nan")
    add(
        "rnd_gap",
        inten,
        1.0 - min(1.0, inten / rnd_benchmark),
        f"firms.rnd_spend / firms.revenue, benchmark {rnd_benchmark}",
    )
    avail = [c for c in comps if c["available"] and c["weight"] > 0]
    wsum = sum(c["weight"] for c in avail)
    index = sum(c["weight"] * c["scaled"] for c in avail) / wsum if wsum > 0 else None
    notes = [f"{c['name']}: {c['note']}" for c in comps if not c["available"]]
    return {"index": index, "components": comps, "notes": notes}
