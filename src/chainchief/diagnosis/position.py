"""GVC position: functional-mode mix, value capture, the smile curve and export share.

Definitions (concepts.md section 5)
-----------------------------------
* Mode shares: revenue-weighted means of the firms' ``oem_share``, ``odm_share`` and
  ``obm_share`` over local chain firms reporting at least one of them (a missing share
  of such a firm counts as 0); ``unknown`` = 1 - their sum, floored at 0. Per segment
  the weights are revenue x firm-segment weight ``w``.
* Value capture, ``firms`` method: the local firms' value added in the chain
  (value_added x w) / all dataset firms' value added in the chain; used when firms with
  a value added hold at least ``va_min_coverage`` of the chain's output.
  ``template`` method: sum_s va_share_s x c_s / sum_s va_share_s, with c_s the local
  share of the dataset's output of segment s.
* Smile curve: value-added share per segment (chain order) against local presence c_s.
* Export share: sales of local firms to markets at the supranational or global scale /
  all their sales.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.diagnosis.frames import EXPORT_SCALES, SCALES

__all__ = ["export_shares", "firm_chain_frame", "mode_shares", "smile_curve", "value_capture"]

MODES = ("oem", "odm", "obm")


def firm_chain_frame(fseg: pd.DataFrame, firms_ann: pd.DataFrame) -> pd.DataFrame:
    """One row per chain firm: ``pos``, ``W`` = min(1, sum of its segment weights)."""
    g = fseg.groupby("pos", sort=False)["w"].sum().clip(upper=1.0)
    f = firms_ann.iloc[g.index.to_numpy()].copy()
    f["pos"] = g.index.to_numpy()
    f["W"] = g.to_numpy()
    return f.reset_index(drop=True)


def _modes(rev_w: np.ndarray, shares: pd.DataFrame) -> dict[str, float]:
    known = shares.notna().any(axis=1).to_numpy() & (rev_w > 0)
    tot = rev_w[known].sum()
    if tot <= 0:
        return {m: float("nan") for m in (*MODES, "unknown")}
    out = {
        m: float((rev_w[known] * np.nan_to_num(shares[f"{m}_share"].to_numpy()[known])).sum() / tot)
        for m in MODES
    }
    rest = 1.0 - sum(out.values())
    out["unknown"] = rest if rest > 1e-9 else 0.0
    return out


def mode_shares(
    chain_firms: pd.DataFrame,
    fseg: pd.DataFrame,
    firms_ann: pd.DataFrame,
    segment_ids: pd.Series,
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Region and per-segment OEM/ODM/OBM mix of local firms (see module doc)."""
    cols = [f"{m}_share" for m in MODES]
    loc = chain_firms[chain_firms["is_local"]]
    region = _modes(np.nan_to_num(loc["revenue"].to_numpy() * loc["W"].to_numpy()), loc[cols])
    fl = fseg[fseg["is_local"].to_numpy()]
    sh = firms_ann[cols].iloc[fl["pos"].to_numpy()].reset_index(drop=True)
    seg = fl["seg"].to_numpy()
    out = fl["output"].to_numpy()
    by_seg = {}
    for code, sid in enumerate(segment_ids):
        m = seg == code
        by_seg[str(sid)] = _modes(out[m], sh[m])
    return region, by_seg


def value_capture(
    fseg: pd.DataFrame,
    firms_ann: pd.DataFrame,
    segments: pd.DataFrame,
    min_coverage: float,
) -> dict[str, Any]:
    """Share of the chain's value added captured locally (see module doc).

    Returns ``share``, ``method``, ``firm_share``, ``template_share``, ``coverage`` and
    ``by_segment`` (segment id -> captured share under the chosen method).
    """
    va = firms_ann["value_added"].to_numpy()[fseg["pos"].to_numpy()] * fseg["w"].to_numpy()
    out_ = fseg["output"].to_numpy()
    has_va = ~np.isnan(va)
    tot_out = out_.sum()
    coverage = float(out_[has_va].sum() / tot_out) if tot_out > 0 else 0.0
    local = fseg["is_local"].to_numpy()
    va0 = np.nan_to_num(va)
    seg = fseg["seg"].to_numpy()
    ids = segments["segment_id"].tolist()
    n = len(ids)
    g = pd.DataFrame(
        {
            "va": np.bincount(seg, weights=va0, minlength=n),
            "lva": np.bincount(seg, weights=va0 * local, minlength=n),
            "o": np.bincount(seg, weights=out_, minlength=n),
            "lo": np.bincount(seg, weights=out_ * local, minlength=n),
        },
        index=pd.Index(ids),
    )
    firm_share = float(g["lva"].sum() / g["va"].sum()) if g["va"].sum() > 0 else float("nan")
    c = (g["lo"] / g["o"].where(g["o"] > 0)).fillna(0.0)
    vs = segments.set_index("segment_id")["va_share"].reindex(ids).astype("float64")
    ok = vs.notna()
    template_share = (
        float((vs[ok] * c[ok]).sum() / vs[ok].sum()) if vs[ok].sum() > 0 else float("nan")
    )
    use_firms = coverage >= min_coverage and np.isfinite(firm_share)
    if use_firms:
        by = (g["lva"] / g["va"].where(g["va"] > 0)).astype("float64")
    else:
        by = c.where(g["o"] > 0)
    return {
        "share": firm_share if use_firms else template_share,
        "method": "firms" if use_firms else "template",
        "firm_share": firm_share,
        "template_share": template_share,
        "coverage": coverage,
        "by_segment": {str(k): (None if pd.isna(v) else float(v)) for k, v in by.items()},
        "local_presence": {str(k): float(v) for k, v in c.items()},
    }


def smile_curve(table: pd.DataFrame, presence: dict[str, float]) -> pd.DataFrame:
    """Value-added share and local presence per segment in chain order."""
    cols = ["order", "segment_id", "name", "stage", "function", "va_share", "class"]
    out = table[[c for c in cols if c in table]].copy()
    out["local_presence"] = out["segment_id"].map(presence).astype("float64")
    return out.sort_values("order").reset_index(drop=True)


def export_shares(sales_wide: pd.DataFrame) -> tuple[float, dict[str, float | None]]:
    """Export share of local sales, overall and per segment, from a segment x scale table."""
    exp_cols = [s for s in SCALES if s in EXPORT_SCALES]
    tot = sales_wide.sum(axis=1)
    exp = sales_wide[exp_cols].sum(axis=1)
    overall = float(exp.sum() / tot.sum()) if tot.sum() > 0 else float("nan")
    by = {
        str(k): (float(e / t) if t > 0 else None)
        for k, e, t in zip(tot.index, exp, tot, strict=True)
    }
    return overall, by
