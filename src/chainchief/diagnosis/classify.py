"""Segment classes and strengthen / replenish / extend / build recommendations.

Classes (concepts.md section 4), tested in this order:

1. ``missing``: no local firm works in the segment.
2. ``weak``: LQ < ``weak_lq`` or self-sufficiency < ``weak_self_sufficiency``.
3. ``strong``: LQ >= ``strong_lq`` and at least ``strong_min_leaders`` local leading firms.
4. ``present``: otherwise.

An undefined LQ or self-sufficiency (NaN) never triggers a rule.

Recommendations, one per segment at most:

* ``extend`` (延链): a missing or weak segment whose value-added share is at least
  ``extend_va_ratio`` x the local mean value-added share (local output-weighted over
  the segments with local output).
* ``replenish`` (补链): a missing segment (not extended) on which at least
  ``replenish_min_dependents`` local firms depend.
* ``strengthen`` (强链): a weak segment (not extended) with value-added share at least
  ``strengthen_min_va_share``.
* ``build`` (建链): another chain of the dataset in which at least
  ``build_min_local_firms`` local firms already work (simple version).

Priority = ``priority_va_weight`` x va_share / max va_share of the chain +
``priority_dependents_weight`` x dependents / local chain firms, divided by the sum of
the two weights (so it lies in [0, 1]). For ``build`` the value-added term is 0 and the
dependents term is the chain's local firms / local firms of the focal chain (capped at 1).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.diagnosis.frames import lookup
from chainchief.diagnosis.params import DiagnosisParams

__all__ = ["CLASSES", "build_options", "classify_segments", "local_mean_va", "recommend"]

CLASSES = ("missing", "weak", "present", "strong")


def _nan_to_none(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def classify_segments(table: pd.DataFrame, params: DiagnosisParams) -> pd.DataFrame:
    """Class of each segment and the rule that decided it.

    ``table`` needs ``local_firms``, ``lq``, ``self_sufficiency`` and ``local_leaders``.
    Returns columns ``class`` and ``class_reason``.
    """
    lq = table["lq"].astype("float64")
    ss = table["self_sufficiency"].astype("float64")
    missing = table["local_firms"] <= 0
    weak_lq = lq < params.weak_lq
    weak_ss = ss < params.weak_self_sufficiency
    strong = (lq >= params.strong_lq) & (table["local_leaders"] >= params.strong_min_leaders)
    cls = np.select(
        [missing, weak_lq | weak_ss, strong], ["missing", "weak", "strong"], default="present"
    )
    reason = np.select(
        [missing, weak_lq & weak_ss, weak_lq, weak_ss, strong],
        [
            "no local firms",
            f"LQ < {params.weak_lq} and self-sufficiency < {params.weak_self_sufficiency}",
            f"LQ < {params.weak_lq}",
            f"self-sufficiency < {params.weak_self_sufficiency}",
            f"LQ >= {params.strong_lq} with >= {params.strong_min_leaders} leading firm(s)",
        ],
        default="no weak or strong rule applies",
    )
    return pd.DataFrame({"class": cls, "class_reason": reason}, index=table.index)


def local_mean_va(table: pd.DataFrame) -> float:
    """Local output-weighted mean value-added share over segments with local output."""
    w = table["local_output"].astype("float64")
    va = table["va_share"].astype("float64")
    ok = (w > 0) & va.notna()
    if not ok.any():
        return float("nan")
    return float((w[ok] * va[ok]).sum() / w[ok].sum())


def _priority(va_norm: float, dep_share: float, params: DiagnosisParams) -> float:
    wsum = params.priority_va_weight + params.priority_dependents_weight
    if wsum <= 0:
        return 0.0
    val = params.priority_va_weight * va_norm + params.priority_dependents_weight * dep_share
    return float(val / wsum)


def recommend(table: pd.DataFrame, params: DiagnosisParams) -> list[dict[str, Any]]:
    """Recommendations for the chain's segments, with evidence, sorted by priority.

    ``table`` is the segment table: ``segment_id``, ``class``, ``va_share``, ``lq``,
    ``self_sufficiency``, ``local_firms``, ``local_output``, ``dependents``.
    """
    mean_va = local_mean_va(table)
    va = table["va_share"].astype("float64")
    va_max = float(va.max()) if va.notna().any() else float("nan")
    n_local = int(table.attrs.get("local_chain_firms", table["local_firms"].sum()))
    out: list[dict[str, Any]] = []
    for rec in table.to_dict("records"):
        row = pd.Series(rec)
        cls = rec["class"]
        seg_va: float = float(row.va_share) if pd.notna(row.va_share) else float("nan")
        va_norm = seg_va / va_max if va_max and np.isfinite(seg_va) and va_max > 0 else 0.0
        dep_share = min(1.0, row.dependents / n_local) if n_local > 0 else 0.0
        evidence: dict[str, Any] = {
            "class": cls,
            "va_share": _nan_to_none(seg_va),
            "local_firms": int(row.local_firms),
            "lq": _nan_to_none(row.lq),
            "self_sufficiency": _nan_to_none(row.self_sufficiency),
            "dependents": int(row.dependents),
            "local_chain_firms": n_local,
        }
        action = None
        ext_thr = params.extend_va_ratio * mean_va if np.isfinite(mean_va) else float("nan")
        if cls in ("missing", "weak") and np.isfinite(seg_va) and seg_va >= ext_thr:
            action = "extend"
            evidence |= {
                "local_mean_va_share": mean_va,
                "extend_va_ratio": params.extend_va_ratio,
                "threshold_va_share": ext_thr,
                "rule": "va_share >= extend_va_ratio x local mean va_share",
            }
        elif cls == "missing" and row.dependents >= params.replenish_min_dependents:
            action = "replenish"
            evidence |= {
                "replenish_min_dependents": params.replenish_min_dependents,
                "rule": "no local firms and dependents >= replenish_min_dependents",
            }
        elif cls == "weak" and np.isfinite(seg_va) and seg_va >= params.strengthen_min_va_share:
            action = "strengthen"
            evidence |= {
                "class_reason": row.class_reason,
                "weak_lq": params.weak_lq,
                "weak_self_sufficiency": params.weak_self_sufficiency,
                "strengthen_min_va_share": params.strengthen_min_va_share,
                "rule": "weak and va_share >= strengthen_min_va_share",
            }
        if action is None:
            continue
        out.append(
            {
                "action": action,
                "segment_id": row.segment_id,
                "chain_id": None,
                "priority": _priority(va_norm, dep_share, params),
                "evidence": evidence,
            }
        )
    out.sort(key=lambda r: (-r["priority"], r["segment_id"]))
    return out


def build_options(
    firm_segments: pd.DataFrame,
    firms_ann: pd.DataFrame,
    local_chain_pos: np.ndarray,
    chain: str,
    local_chain_firms: int,
    params: DiagnosisParams,
) -> list[dict[str, Any]]:
    """``build`` recommendations: other chains in which local firms already work."""
    other = (firm_segments["chain_id"] != chain).fillna(False).to_numpy()
    fs = firm_segments[other]
    if fs.empty:
        return []
    pos = lookup(fs["firm_id"], firms_ann["firm_id"])
    local = np.zeros(len(firms_ann) + 1, dtype=bool)
    local[:-1] = firms_ann["is_local"].to_numpy()
    keep = local[pos]
    if not keep.any():
        return []
    in_focal = np.zeros(len(firms_ann) + 1, dtype=bool)
    in_focal[local_chain_pos] = True
    sub = pd.DataFrame(
        {
            "chain_id": fs["chain_id"].to_numpy(dtype=object)[keep],
            "segment_id": fs["segment_id"].to_numpy(dtype=object)[keep],
            "pos": pos[keep],
            "shared": in_focal[pos[keep]],
        }
    )
    g = sub.groupby("chain_id", sort=True)
    n = g["pos"].nunique()
    shared = sub[sub["shared"]].groupby("chain_id")["pos"].nunique()
    nseg = g["segment_id"].nunique()
    wsum = params.priority_va_weight + params.priority_dependents_weight
    out = []
    for cid in n.index:
        if n[cid] < params.build_min_local_firms:
            continue
        share = min(1.0, n[cid] / local_chain_firms) if local_chain_firms > 0 else 1.0
        prio = params.priority_dependents_weight * share / wsum if wsum > 0 else 0.0
        out.append(
            {
                "action": "build",
                "segment_id": None,
                "chain_id": str(cid),
                "priority": float(prio),
                "evidence": {
                    "local_firms_in_chain": int(n[cid]),
                    "segments_covered": int(nseg[cid]),
                    "firms_shared_with_focal_chain": int(shared.get(cid, 0)),
                    "local_chain_firms": local_chain_firms,
                    "build_min_local_firms": params.build_min_local_firms,
                    "rule": "another chain with >= build_min_local_firms local firms",
                },
            }
        )
    return out
