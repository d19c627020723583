"""Coupling mode of a region by documented rules over indicators.

The indicators are computed from the region's firms and flows; a value the dataset
publishes in its ``indicators`` table (same indicator name, focal region, latest year)
takes precedence and is marked ``source="indicators table"``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chainchief.coupling.flows import region_members
from chainchief.coupling.params import ModeRules

__all__ = ["MODE_INDICATORS", "coupling_mode", "mode_indicators"]

#: Indicator names used by the mode rules, with their meaning.
MODE_INDICATORS: dict[str, str] = {
    "export_share": "share of local firms' sales value sold at supranational or global scale",
    "oem_share_exports": "OEM share of exports (firms' oem_share weighted by export value)",
    "own_brand_share": "own-brand (OBM) share of sales (firms' obm_share weighted by sales)",
    "foreign_output_share": "share of local firms' revenue made by foreign-owned firms",
    "foreign_lead_sales_share": "share of sales value bought by foreign lead firms",
    "local_lead_firms": "number of local firms flagged as lead firms",
    "local_lead_firms_with_networks": (
        "local lead firms with at least `min_network_partners` partners outside the region"
    ),
}


def _by_firm(flows: pd.DataFrame) -> pd.Series:
    s = flows.groupby("firm_id", observed=True)["value"].sum()
    s.index = s.index.astype("str")
    return s


def _wavg(x: pd.Series, w: pd.Series) -> float:
    ok = x.notna() & w.notna() & (w > 0)
    tot = float(w[ok].sum())
    return float((x[ok].astype(float) * w[ok]).sum()) / tot if tot > 0 else math.nan


def mode_indicators(
    flows: pd.DataFrame,
    firms: pd.DataFrame,
    regions: pd.DataFrame,
    region: str,
    *,
    indicators: pd.DataFrame | None = None,
    rules: ModeRules | None = None,
) -> pd.DataFrame:
    """Indicators behind the coupling-mode rules.

    Returns
    -------
    DataFrame
        ``indicator, value, source, description``.
    """
    r = rules or ModeRules()
    inside = region_members(regions, region)
    local = firms[firms["region_id"].astype(str).isin(inside)]
    sales = flows[(flows["flow"] == "sales").to_numpy(dtype=bool)]
    total_sales = float(sales["value"].sum())
    exp = sales[sales["partner_foreign"].to_numpy(dtype=bool)]
    firm_exports = _by_firm(exp)
    firm_sales = _by_firm(sales)
    lf = local.set_index("firm_id")

    def col(name: str) -> pd.Series:
        return lf[name].astype(float) if name in lf else pd.Series(np.nan, index=lf.index)

    revenue = col("revenue")
    foreign = (
        lf["ownership"].astype("str").eq("foreign").fillna(False)
        if "ownership" in lf
        else pd.Series(False, index=lf.index)
    )
    lead_flag = (
        lf["is_lead"].astype("boolean").fillna(False)
        if "is_lead" in lf
        else pd.Series(False, index=lf.index)
    )
    lead_ids = set(lf.index[lead_flag.to_numpy(dtype=bool)])
    outside = flows[
        ((flows["scale"] != "local") & flows["firm_id"].isin(list(lead_ids))).to_numpy(dtype=bool)
    ]
    partner = outside["partner_id"].astype("str")
    partner = partner.fillna("region:" + outside["partner_region_id"].astype("str"))
    n_partners = partner.groupby(outside["firm_id"].astype("str")).nunique()
    values: dict[str, float] = {
        "export_share": float(exp["value"].sum()) / total_sales if total_sales > 0 else math.nan,
        "oem_share_exports": _wavg(col("oem_share").reindex(firm_exports.index), firm_exports),
        "own_brand_share": _wavg(col("obm_share").reindex(firm_sales.index), firm_sales)
        if not firm_sales.empty
        else _wavg(col("obm_share"), revenue),
        "foreign_output_share": (
            float(revenue[foreign.to_numpy(dtype=bool)].sum()) / float(revenue.sum())
            if revenue.sum() > 0
            else math.nan
        ),
        "foreign_lead_sales_share": (
            float(
                sales.loc[
                    sales["partner_is_lead"].fillna(False).to_numpy(dtype=bool)
                    & sales["partner_foreign"].to_numpy(dtype=bool),
                    "value",
                ].sum()
            )
            / total_sales
            if total_sales > 0
            else math.nan
        ),
        "local_lead_firms": float(len(lead_ids)),
        "local_lead_firms_with_networks": float((n_partners >= r.min_network_partners).sum()),
    }
    source = dict.fromkeys(values, "computed")
    if indicators is not None and not indicators.empty:
        ind = indicators[
            (indicators["region_id"].astype(str) == region)
            & indicators["indicator"].isin(list(values))
        ]
        if not ind.empty:
            latest = ind.sort_values("year", kind="stable").groupby("indicator")["value"].last()
            for name, v in latest.items():
                values[str(name)] = float(v)
                source[str(name)] = "indicators table"
    return pd.DataFrame(
        {
            "indicator": list(values),
            "value": list(values.values()),
            "source": [source[k] for k in values],
            "description": [MODE_INDICATORS[k] for k in values],
        }
    )


def _ratio(value: float, threshold: float) -> float:
    if math.isnan(value):
        return 0.0
    if threshold <= 0:
        return math.inf if value > 0 else 1.0
    return value / threshold


def coupling_mode(indicators: pd.DataFrame, rules: ModeRules | None = None) -> pd.DataFrame:
    """Apply the :class:`~chainchief.coupling.params.ModeRules` to mode indicators.

    Parameters
    ----------
    indicators
        Output of :func:`mode_indicators`.
    rules
        Thresholds; defaults as documented on :class:`ModeRules`.

    Returns
    -------
    DataFrame
        One row per mode: ``mode, coe_yeung, applies, strength, primary, rule,
        evidence``. ``strength`` is the factor by which the decisive indicator exceeds
        its threshold (>= 1 when the rule applies); ``evidence`` lists the indicator
        values used.
    """
    r = rules or ModeRules()
    v = dict(zip(indicators["indicator"], indicators["value"].astype(float), strict=True))

    def g(name: str) -> float:
        return float(v.get(name, math.nan))

    partner = _ratio(g("foreign_lead_sales_share"), r.partner_sales_share)
    oem_path = min(
        _ratio(g("export_share"), r.export_share), _ratio(g("oem_share_exports"), r.oem_share)
    )
    platform = _ratio(g("foreign_output_share"), r.foreign_output_share)
    indigenous = min(
        _ratio(g("local_lead_firms_with_networks"), float(r.min_lead_firms)),
        _ratio(g("own_brand_share"), r.own_brand_share),
    )

    def ev(*names: str) -> str:
        return "; ".join(f"{n} = {g(n):.3g}" for n in names)

    rows = [
        {
            "mode": "international partnership",
            "coe_yeung": "functional",
            "strength": max(partner, oem_path),
            "rule": (
                f"foreign_lead_sales_share >= {r.partner_sales_share} or (export_share >= "
                f"{r.export_share} and oem_share_exports >= {r.oem_share})"
            ),
            "evidence": ev("foreign_lead_sales_share", "export_share", "oem_share_exports"),
        },
        {
            "mode": "production platform",
            "coe_yeung": "structural",
            "strength": platform,
            "rule": f"foreign_output_share >= {r.foreign_output_share}",
            "evidence": ev("foreign_output_share"),
        },
        {
            "mode": "indigenous innovation",
            "coe_yeung": "indigenous",
            "strength": indigenous,
            "rule": (
                f"local_lead_firms_with_networks >= {r.min_lead_firms} and own_brand_share >= "
                f"{r.own_brand_share}"
            ),
            "evidence": ev("local_lead_firms_with_networks", "own_brand_share"),
        },
    ]
    out = pd.DataFrame(rows)
    out["applies"] = out["strength"] >= 1.0
    best = int(np.argmax(out["strength"].to_numpy()))
    out["primary"] = (np.arange(len(out)) == best) & out["applies"].to_numpy(dtype=bool)
    return out[["mode", "coe_yeung", "applies", "strength", "primary", "rule", "evidence"]]
