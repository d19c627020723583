"""Governance types (Gereffi, Humphrey and Sturgeon 2005) and the chain type.

Per supply relation, with H = high and L = low (thresholds in the parameters):

* complexity of transactions: ``supply_links.complexity >= complexity_high``;
* ability to codify them: ``supply_links.codifiability >= codifiability_high``;
* supplier capability: the supplier's capability score ``>= capability_high``; the
  score is the mean of the available terms min(1, (R&D / revenue) / rnd_benchmark),
  min(1, patents / patent_benchmark) and min(1, odm_share + obm_share).

=====================  =========  ============  ==========
type                   complexity codifiability capability
=====================  =========  ============  ==========
market                 L          any           any
modular                H          H             H
relational             H          L             H
captive                H          H             L
hierarchy              H          L             L
=====================  =========  ============  ==========

(GHS list market as L/H/H; a low-complexity transaction is treated as market whatever
the other two.) A relation lacking any of the three inputs is ``unknown``.

Per segment: value shares of the types over relations with a local buyer or supplier,
and the dominant type. Chain type (Gereffi 1994), from the chain's lead firms (is_lead,
at any scale): *producer-driven* when their R&D intensity (R&D / revenue) is at least
``producer_rnd_intensity`` (technology-owning manufacturers coordinate); else
*buyer-driven* when at least ``buyer_driven_threshold`` of their output lies in
brand/marketing, distribution or service segments (R&D/design counted on neither side);
else *producer-driven*; ``unknown`` without lead firms' output.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.diagnosis.params import DiagnosisParams

__all__ = [
    "BUYER_FUNCTIONS",
    "GOVERNANCE_TYPES",
    "NEUTRAL_FUNCTIONS",
    "capability_score",
    "chain_type",
    "link_governance",
    "segment_governance",
]

GOVERNANCE_TYPES = ("market", "modular", "relational", "captive", "hierarchy", "unknown")
BUYER_FUNCTIONS = frozenset({"brand_marketing", "distribution", "services"})
NEUTRAL_FUNCTIONS = frozenset({"rnd_design"})


def capability_score(firms: pd.DataFrame, params: DiagnosisParams) -> np.ndarray:
    """Supplier capability in [0, 1] per firm (NaN when no term is available)."""
    rev = firms["revenue"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        inten = firms["rnd_spend"].to_numpy(dtype="float64") / np.where(rev > 0, rev, np.nan)
    t1 = np.minimum(1.0, inten / params.rnd_benchmark)
    t2 = np.minimum(1.0, firms["patents"].to_numpy(dtype="float64") / params.patent_benchmark)
    odm = firms["odm_share"].to_numpy(dtype="float64")
    obm = firms["obm_share"].to_numpy(dtype="float64")
    both_nan = np.isnan(odm) & np.isnan(obm)
    t3 = np.where(both_nan, np.nan, np.minimum(1.0, np.nan_to_num(odm) + np.nan_to_num(obm)))
    stack = np.vstack([t1, t2, t3])
    n = (~np.isnan(stack)).sum(axis=0)
    with np.errstate(invalid="ignore"):
        return np.where(n > 0, np.nansum(stack, axis=0) / np.maximum(n, 1), np.nan)


def link_governance(
    links_ann: pd.DataFrame, capability: np.ndarray, params: DiagnosisParams
) -> pd.Series:
    """Governance type of each supply relation (categorical; see module doc)."""
    c = links_ann["complexity"].to_numpy(dtype="float64")
    k = links_ann["codifiability"].to_numpy(dtype="float64")
    s = links_ann["s"].to_numpy()
    cap = np.where(s >= 0, capability[np.maximum(s, 0)] if len(capability) else np.nan, np.nan)
    unknown = np.isnan(c) | np.isnan(k) | np.isnan(cap)
    ch = c >= params.complexity_high
    kh = k >= params.codifiability_high
    sh = cap >= params.capability_high
    # codes index GOVERNANCE_TYPES
    code = np.select(
        [unknown, ~ch, kh & sh, ~kh & sh, kh & ~sh], [5, 0, 1, 2, 3], default=4
    ).astype(np.int8)
    return pd.Series(
        pd.Categorical.from_codes(code, categories=pd.Index(list(GOVERNANCE_TYPES))),
        index=links_ann.index,
    )


def segment_governance(
    links_ann: pd.DataFrame, types: pd.Series, segment_ids: pd.Series
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Value shares of governance types per segment over relations touching the region.

    Returns the per-segment list (``segment_id``, ``dominant``, ``shares``, ``links``) and
    the counts of relation types touching the region.
    """
    touch = links_ann["buyer_local"].to_numpy() | links_ann["supplier_local"].to_numpy()
    nt = len(GOVERNANCE_TYPES)
    n = len(segment_ids)
    seg = links_ann["seg"].to_numpy()[touch]
    typ = np.asarray(types.cat.codes)[touch].astype(np.int64)
    flat = seg * nt + typ
    vals = np.bincount(flat, weights=links_ann["value"].to_numpy()[touch], minlength=n * nt)
    cnts = np.bincount(flat, minlength=n * nt)
    vals, cnts = vals.reshape(n, nt), cnts.reshape(n, nt)
    out = []
    for i, sid in enumerate(segment_ids):
        weight = vals[i] if vals[i].sum() > 0 else cnts[i].astype("float64")
        tot = float(weight.sum())
        shares = (
            {GOVERNANCE_TYPES[j]: float(weight[j] / tot) for j in range(nt) if cnts[i, j] > 0}
            if tot > 0
            else {}
        )
        known = {t: v for t, v in shares.items() if t != "unknown"}
        dominant = max(known, key=lambda t: known[t]) if known else None
        out.append(
            {
                "segment_id": str(sid),
                "dominant": dominant,
                "shares": shares,
                "links": int(cnts[i].sum()),
            }
        )
    total = cnts.sum(axis=0)
    return out, {GOVERNANCE_TYPES[j]: int(total[j]) for j in range(nt) if total[j] > 0}


def chain_type(
    fseg: pd.DataFrame,
    firms_ann: pd.DataFrame,
    functions: pd.Series,
    params: DiagnosisParams,
    is_lead: np.ndarray,
) -> dict[str, Any]:
    """Buyer- or producer-driven, from the segments where lead firms work."""
    lead = is_lead[fseg["pos"].to_numpy()]
    sub = fseg[lead]
    fun = np.asarray(functions.astype("str").to_numpy(dtype=object))[sub["seg"].to_numpy()]
    out = sub["output"].to_numpy()
    buyer = out[np.isin(fun, list(BUYER_FUNCTIONS))].sum()
    neutral = np.isin(fun, list(NEUTRAL_FUNCTIONS))
    tot = out[~neutral].sum()
    if tot <= 0:
        return {
            "type": "unknown",
            "buyer_function_share": None,
            "lead_rnd_intensity": None,
            "lead_firms": 0,
            "rule": "no output of lead firms in the chain",
        }
    share = float(buyer / tot)
    pos = np.unique(sub["pos"].to_numpy())
    rev = np.nansum(firms_ann["revenue"].to_numpy()[pos])
    rnd = np.nansum(firms_ann["rnd_spend"].to_numpy()[pos])
    intensity = float(rnd / rev) if rev > 0 else float("nan")
    if np.isfinite(intensity) and intensity >= params.producer_rnd_intensity:
        kind = "producer-driven"
    elif share >= params.buyer_driven_threshold:
        kind = "buyer-driven"
    else:
        kind = "producer-driven"
    return {
        "type": kind,
        "buyer_function_share": share,
        "lead_rnd_intensity": intensity,
        "lead_firms": len(pos),
        "rule": (
            f"producer-driven when lead firms' R&D intensity >= {params.producer_rnd_intensity}; "
            "else buyer-driven when their output share in brand_marketing, distribution, "
            f"services >= {params.buyer_driven_threshold}; else producer-driven"
        ),
    }
