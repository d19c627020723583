"""Coupling profile, coupling diversity and lead-firm dependence, per flow and year."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chainchief.coupling.flows import UNKNOWN_PARTNER
from chainchief.coupling.params import CouplingParams
from chainchief.diversification.concentration import hhi, shannon_entropy, top_k_share
from chainchief.model.enums import Scale

__all__ = [
    "UNKNOWN_PARTNER",
    "coupling_diversity",
    "coupling_profile",
    "fill_unknown",
    "lead_firm_dependence",
]


def _year_key(flows: pd.DataFrame) -> pd.DataFrame:
    return flows.assign(year=flows["year"].astype("Int64"))


def fill_unknown(s: pd.Series, label: str = UNKNOWN_PARTNER) -> pd.Series:
    """``s`` with missing values replaced by ``label`` (categoricals get the category)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        if label not in s.cat.categories:
            s = s.cat.add_categories([label])
        return s.fillna(label)
    return s.fillna(label)


def coupling_profile(
    flows: pd.DataFrame, by: str = "scale", partner_names: pd.Series | None = None
) -> pd.DataFrame:
    """Value and value share of each scale (or partner) per flow and year.

    Parameters
    ----------
    flows
        Output of :func:`~chainchief.coupling.flows.coupling_flows`.
    by
        ``"scale"`` (default) or ``"partner"``. Partners are the buyers (sales) and
        suppliers (sourcing); sales without a known buyer form the partner
        ``"(unknown)"``.
    partner_names
        Optional Series firm id -> name, added as ``partner_name`` for ``by="partner"``.

    Returns
    -------
    DataFrame
        ``flow, year, scale, value, share`` (every scale listed, zero where absent) or
        ``flow, year, partner_id, partner_name, scale, partner_is_lead, value, share``
        (``scale`` is the partner's main scale). Shares sum to 1 within (flow, year).
    """
    f = _year_key(flows)
    if by == "scale":
        scales = [s.value for s in Scale]
        small = (
            f.groupby(["flow", "year", "scale"], dropna=False, observed=True)["value"]
            .sum()
            .reset_index()
        )
        small["flow"] = small["flow"].astype("str")
        small["scale"] = small["scale"].astype("str")
        wide = (
            small.set_index(["flow", "year", "scale"])["value"]
            .unstack("scale")
            .reindex(columns=scales)
            .fillna(0.0)
        )
        wide.columns.name = "scale"
        g = pd.DataFrame({"value": wide.stack()}).reset_index()
        g["scale"] = pd.Categorical(g["scale"], categories=scales, ordered=True)
        keys = ["flow", "year"]
    elif by == "partner":
        f = f.assign(partner_id=fill_unknown(f["partner_id"]))
        by_scale = (
            f.groupby(["flow", "year", "partner_id", "scale"], dropna=False, observed=True)["value"]
            .sum()
            .reset_index()
            .sort_values("value", ascending=False, kind="stable")
        )
        main_scale = by_scale.drop_duplicates(["flow", "year", "partner_id"]).set_index(
            ["flow", "year", "partner_id"]
        )["scale"]
        g = (
            f.groupby(["flow", "year", "partner_id"], dropna=False, observed=True)
            .agg(value=("value", "sum"), partner_is_lead=("partner_is_lead", "max"))
            .reset_index()
        )
        g["scale"] = main_scale.reindex(
            pd.MultiIndex.from_frame(g[main_scale.index.names])
        ).to_numpy()
        names = partner_names if partner_names is not None else pd.Series(dtype="str")
        g["partner_name"] = pd.Series(
            names.reindex(g["partner_id"].astype("str")).to_numpy(), index=g.index, dtype="str"
        )
        g["flow"] = g["flow"].astype("str")
        g["partner_id"] = g["partner_id"].astype("str")
        g = g[["flow", "year", "partner_id", "partner_name", "scale", "partner_is_lead", "value"]]
        keys = ["flow", "year"]
    else:
        raise ValueError(f"by must be 'scale' or 'partner', not {by!r}")
    total = g.groupby(keys, dropna=False)["value"].transform("sum")
    g["share"] = np.where(total > 0, g["value"] / total.where(total > 0, 1.0), np.nan)
    sort = [*keys, "value"] if by == "partner" else [*keys, "scale"]
    asc = [True, True, False] if by == "partner" else True
    return g.sort_values(sort, ascending=asc, kind="stable").reset_index(drop=True)


def coupling_diversity(flows: pd.DataFrame, params: CouplingParams | None = None) -> pd.DataFrame:
    """Diversity of coupling over scales per flow and year.

    Returns
    -------
    DataFrame
        ``flow, year, value, n_scales, hhi, diversity, entropy, entropy_max``:
        ``diversity`` is 1 − HHI of the scale shares; ``entropy`` the Shannon entropy of
        the same shares (base ``params.entropy_base``); ``entropy_max`` its upper bound
        log(number of scales present).
    """
    p = params or CouplingParams()
    prof = coupling_profile(flows, by="scale")
    rows = []
    for (flow, year), grp in prof.groupby(["flow", "year"], dropna=False, sort=True, observed=True):
        v = grp["value"].to_numpy()
        n = int((v > 0).sum())
        h = hhi(v)
        rows.append(
            {
                "flow": flow,
                "year": year,
                "value": float(v.sum()),
                "n_scales": n,
                "hhi": h,
                "diversity": 1.0 - h if not math.isnan(h) else math.nan,
                "entropy": shannon_entropy(v, p.entropy_base),
                "entropy_max": math.log(n, p.entropy_base) if n > 0 else math.nan,
            }
        )
    return _frame(
        rows, ["flow", "year", "value", "n_scales", "hhi", "diversity", "entropy", "entropy_max"]
    )


def lead_firm_dependence(flows: pd.DataFrame, params: CouplingParams | None = None) -> pd.DataFrame:
    """Dependence on the largest partners (buyers for sales, suppliers for sourcing).

    Shares are taken over the value whose partner is known.

    Returns
    -------
    DataFrame
        ``flow, year, known_share, n_partners, top_k, top_k_share, partner_hhi,
        lead_share, foreign_lead_share``: ``known_share`` is the share of value with
        a known partner; ``lead_share`` the share of known-partner value going to
        partners flagged as lead firms, ``foreign_lead_share`` to foreign lead firms.
    """
    p = params or CouplingParams()
    f = _year_key(flows)
    rows = []
    for (flow, year), grp in f.groupby(["flow", "year"], dropna=False, sort=True, observed=True):
        total = float(grp["value"].sum())
        known = grp[grp["partner_id"].notna()]
        kv = float(known["value"].sum())
        per = known.groupby("partner_id", observed=True)["value"].sum()
        lead = known["partner_is_lead"].fillna(False).to_numpy(dtype=bool)
        foreign = known["partner_foreign"].to_numpy(dtype=bool)
        val = known["value"].to_numpy(dtype=float)
        rows.append(
            {
                "flow": flow,
                "year": year,
                "known_share": kv / total if total > 0 else math.nan,
                "n_partners": len(per),
                "top_k": p.top_k,
                "top_k_share": top_k_share(per.to_numpy(), p.top_k) if kv > 0 else math.nan,
                "partner_hhi": hhi(per.to_numpy()) if kv > 0 else math.nan,
                "lead_share": float(val[lead].sum()) / kv if kv > 0 else math.nan,
                "foreign_lead_share": float(val[lead & foreign].sum()) / kv if kv > 0 else math.nan,
            }
        )
    cols = [
        "flow",
        "year",
        "known_share",
        "n_partners",
        "top_k",
        "top_k_share",
        "partner_hhi",
        "lead_share",
        "foreign_lead_share",
    ]
    return _frame(rows, cols)


def _frame(rows: list[dict[str, object]], cols: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=cols)
    out["year"] = out["year"].astype("Int64")
    if "flow" in out:
        out["flow"] = out["flow"].astype("str")
    return out
