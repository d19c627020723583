"""Value-chain disentangling and the panoramic map (concepts.md section 4).

Per segment of the focal chain: local presence (firms, output, employees, leading
firms), presence at every scale (firms, capacity, institutions), the location quotient
against a reference region, local self-sufficiency, sourcing and sales by scale.

Definitions
-----------
* Firm output in segment ``s`` = firm revenue x weight ``w`` (the firm-segment
  ``share``, else ``1 / number of the firm's segments in the chain``).
* Capacity = ``firm_segments.capacity``, else the output.
* LQ_s = (out_R,s / out_R,C) / (out_N,s / out_N,C) with N the reference region.
  Reference totals come from ``indicators`` rows (``indicator == "output"``, region N,
  the chain, ``industry_code`` = segment id, latest year) when any exist, else from the
  dataset's firms located in N.
* Self-sufficiency_s = value bought by local buyers from local suppliers in ``s`` /
  all value bought by local buyers in ``s``.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from chainchief.diagnosis.frames import SCALES, num, region_scales
from chainchief.model.regions import descendants

__all__ = [
    "chain_segments",
    "dependents",
    "institution_presence",
    "local_presence",
    "location_quotients",
    "presence_by_scale",
    "reference_output",
    "sales_by_scale",
    "scale_shares",
    "sourcing_by_scale",
]

_STAGE_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}


def chain_segments(segments: pd.DataFrame, edges: pd.DataFrame, chain: str) -> pd.DataFrame:
    """Segments of ``chain`` in chain order (stage, then topological order of the DAG).

    Adds ``order`` (0-based) and ``va_share`` as float.
    """
    seg = segments[segments["chain_id"] == chain].copy()
    if seg.empty:
        raise ValueError(f"chain {chain!r} has no segments")
    g = nx.DiGraph()
    g.add_nodes_from(seg["segment_id"])
    e = edges[edges["chain_id"] == chain]
    g.add_edges_from(zip(e["from_segment"], e["to_segment"], strict=True))
    topo = {s: i for i, s in enumerate(nx.lexicographical_topological_sort(g))}
    seg["_stage"] = seg["stage"].map(_STAGE_ORDER).fillna(1)
    seg["_topo"] = seg["segment_id"].map(topo)
    seg = seg.sort_values(["_stage", "_topo"]).drop(columns=["_stage", "_topo"])
    seg["va_share"] = num(seg["va_share"])
    seg["order"] = np.arange(len(seg))
    return seg.reset_index(drop=True)


def _firm_seg(fsw: pd.DataFrame, firms_ann: pd.DataFrame) -> pd.DataFrame:
    pos = pd.Index(firms_ann["firm_id"]).get_indexer(fsw["firm_id"])
    ok = pos >= 0
    f = firms_ann.iloc[pos[ok]]
    w = fsw["w"].to_numpy()[ok]
    out = np.nan_to_num(f["revenue"].to_numpy() * w)
    cap = fsw["capacity"].to_numpy()[ok]
    return pd.DataFrame(
        {
            "firm_id": f["firm_id"].to_numpy(),
            "name": f["name"].to_numpy(),
            "segment_id": fsw["segment_id"].to_numpy()[ok],
            "w": w,
            "scale": f["scale"].to_numpy(),
            "is_local": f["is_local"].to_numpy(),
            "leading": f["leading"].to_numpy(),
            "output": out,
            "capacity": np.where(np.isnan(cap), out, cap),
            "employees": np.nan_to_num(f["employees"].to_numpy() * w),
            "pos": pos[ok],
        }
    )


def local_presence(
    fsw: pd.DataFrame, firms_ann: pd.DataFrame, segment_ids: pd.Series
) -> pd.DataFrame:
    """Local firms, output, employees, capacity and leading firms per segment.

    Columns: ``local_firms``, ``local_output``, ``local_employees`` (weighted by ``w``),
    ``local_capacity``, ``local_leaders`` (count) and ``leading_firms`` (names, by output).
    """
    fseg = _firm_seg(fsw, firms_ann)
    loc = fseg[fseg["is_local"]]
    g = loc.groupby("segment_id", sort=False)
    out = pd.DataFrame(
        {
            "local_firms": g["firm_id"].nunique(),
            "local_output": g["output"].sum(),
            "local_employees": g["employees"].sum(),
            "local_capacity": g["capacity"].sum(),
            "local_leaders": g["leading"].sum(),
        }
    ).reindex(pd.Index(segment_ids, name="segment_id"))
    out = out.fillna(0.0)
    out["local_firms"] = out["local_firms"].astype("int64")
    out["local_leaders"] = out["local_leaders"].astype("int64")
    lead = loc[loc["leading"]].sort_values("output", ascending=False)
    names = lead.groupby("segment_id", sort=False)["name"].agg(list)
    out["leading_firms"] = [names.get(s, []) for s in out.index]
    return out


def presence_by_scale(
    fsw: pd.DataFrame,
    firms_ann: pd.DataFrame,
    segment_ids: pd.Series,
    top_n: int = 3,
) -> pd.DataFrame:
    """Firms, capacity and output of each segment at each scale (long format).

    Columns: ``segment_id``, ``scale``, ``firms``, ``capacity``, ``output``,
    ``organisations`` (up to ``top_n`` names: leading firms first, then by output).
    Scales follow the firm's relation to the focal region (``local`` = in the region).
    """
    fseg = _firm_seg(fsw, firms_ann)
    fseg["scale"] = fseg["scale"].astype("str")
    g = fseg.groupby(["segment_id", "scale"], sort=False)
    agg = pd.DataFrame(
        {
            "firms": g["firm_id"].nunique(),
            "capacity": g["capacity"].sum(),
            "output": g["output"].sum(),
        }
    )
    full = pd.MultiIndex.from_product([list(segment_ids), SCALES], names=["segment_id", "scale"])
    agg = agg.reindex(full).fillna(0.0)
    agg["firms"] = agg["firms"].astype("int64")
    if top_n > 0 and len(fseg):
        top = fseg.sort_values(["leading", "output"], ascending=[False, False])
        top = top.groupby(["segment_id", "scale"], sort=False).head(top_n)
        names = top.groupby(["segment_id", "scale"], sort=False)["name"].agg(list)
        agg["organisations"] = [names.get(k, []) for k in agg.index]
    else:
        agg["organisations"] = [[] for _ in range(len(agg))]
    return agg.reset_index()


def institution_presence(
    institutions: pd.DataFrame,
    knowledge_links: pd.DataFrame,
    fsw: pd.DataFrame,
    regions: pd.DataFrame,
    focal: str,
    segment_ids: pd.Series,
) -> pd.DataFrame:
    """Institutions (institutes, platforms, ...) tied to each segment, by scale.

    An institution is tied to a segment through an extra ``segment_id`` column of the
    institutions table when present, else through knowledge links (either direction)
    with firms active in the segment. Columns: ``segment_id``, ``scale``,
    ``institutions`` (count), ``institution_names`` (list).
    """
    inst = institutions[["institution_id", "name", "region_id"]].copy()
    inst["scale"] = region_scales(regions, inst["region_id"], focal).astype(str).to_numpy()
    parts = []
    if "segment_id" in institutions:
        parts.append(
            pd.DataFrame(
                {
                    "institution_id": institutions["institution_id"].to_numpy(),
                    "segment_id": institutions["segment_id"].to_numpy(),
                }
            ).dropna()
        )
    kl = knowledge_links
    ids = set(inst["institution_id"])
    for a, b in (("source_id", "target_id"), ("target_id", "source_id")):
        sub = kl[kl[a].isin(ids)][[a, b]]
        tied = sub.merge(fsw[["firm_id", "segment_id"]], left_on=b, right_on="firm_id")
        parts.append(
            pd.DataFrame(
                {
                    "institution_id": tied[a].to_numpy(),
                    "segment_id": tied["segment_id"].to_numpy(),
                }
            )
        )
    ties = pd.concat(parts, ignore_index=True).drop_duplicates()
    ties = ties.merge(inst, on="institution_id")
    g = ties.groupby(["segment_id", "scale"], sort=False)
    out = pd.DataFrame(
        {"institutions": g["institution_id"].nunique(), "institution_names": g["name"].agg(list)}
    )
    full = pd.MultiIndex.from_product([list(segment_ids), SCALES], names=["segment_id", "scale"])
    out = out.reindex(full)
    out["institutions"] = out["institutions"].fillna(0).astype("int64")
    out["institution_names"] = [v if isinstance(v, list) else [] for v in out["institution_names"]]
    return out.reset_index()


def reference_output(
    indicators: pd.DataFrame,
    fsw: pd.DataFrame,
    firms_ann: pd.DataFrame,
    regions: pd.DataFrame,
    reference: str,
    chain: str,
    segment_ids: pd.Series,
) -> tuple[pd.Series, str]:
    """Output of each segment in the reference region, and its source.

    From ``indicators`` (``indicator == "output"``, ``region_id == reference``,
    ``chain_id == chain``, ``industry_code`` = segment id; the latest year per segment)
    when any such row exists; segments without a row get NaN. Otherwise the sum of the
    output of the dataset's firms located in the reference region or below it.
    """
    ind = indicators[
        (indicators["indicator"] == "output")
        & (indicators["region_id"] == reference)
        & (indicators["chain_id"] == chain)
        & indicators["industry_code"].isin(list(segment_ids))
    ]
    idx = pd.Index(segment_ids, name="segment_id")
    if len(ind):
        ind = ind.assign(value=num(ind["value"]), year=num(ind["year"]))
        latest = ind.sort_values("year").groupby("industry_code", sort=False).tail(1)
        vals = latest.set_index("industry_code")["value"]
        return vals.reindex(idx).astype("float64"), "indicators"
    fseg = _firm_seg(fsw, firms_ann)
    inside = firms_ann["region_id"].isin(descendants(regions, reference)).to_numpy()
    fseg = fseg[inside[fseg["pos"].to_numpy()]]
    vals = fseg.groupby("segment_id", sort=False)["output"].sum()
    return vals.reindex(idx).fillna(0.0).astype("float64"), "firms"


def location_quotients(local_output: pd.Series, ref_output: pd.Series) -> pd.Series:
    """LQ_s = (out_R,s / out_R,C) / (out_N,s / out_N,C); NaN where undefined.

    Chain totals are the sums over segments with a known reference output.
    """
    known = ref_output.notna()
    r_tot = local_output[known].sum()
    n_tot = ref_output[known].sum()
    if r_tot <= 0 or n_tot <= 0:
        return pd.Series(np.nan, index=local_output.index, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (local_output / r_tot) / (ref_output / n_tot)
    return lq.where(known & (ref_output > 0)).astype("float64")


def sourcing_by_scale(links_ann: pd.DataFrame, segment_ids: pd.Series) -> pd.DataFrame:
    """Value bought by local buyers per segment (rows) and supplier scale (columns)."""
    lk = links_ann[links_ann["buyer_local"].to_numpy()]
    tab = lk.groupby(["segment_id", "supplier_scale"], observed=False, sort=False)["value"].sum()
    wide = tab.unstack("supplier_scale") if len(tab) else pd.DataFrame(columns=SCALES)
    wide.columns = wide.columns.astype(str)
    return wide.reindex(index=pd.Index(segment_ids), columns=SCALES).fillna(0.0)


def sales_by_scale(
    sales: pd.DataFrame,
    links_ann: pd.DataFrame,
    fsw: pd.DataFrame,
    firms_ann: pd.DataFrame,
    regions: pd.DataFrame,
    focal: str,
    segment_ids: pd.Series,
) -> tuple[pd.DataFrame, str]:
    """Sales of local firms per segment (rows) by market scale (columns), and the source.

    From the ``sales`` table (each firm's sales split over its segments by ``w``) when
    local firms have sales rows; otherwise from supply links with a local supplier, by
    the buyer's scale.
    """
    idx = pd.Index(segment_ids)
    local_ids = firms_ann["firm_id"][firms_ann["is_local"]]
    sl = sales[sales["firm_id"].isin(local_ids)]
    if len(sl):
        sc = region_scales(regions, sl["market_region_id"], focal).astype(str)
        s2 = pd.DataFrame(
            {"firm_id": sl["firm_id"].to_numpy(), "scale": sc.to_numpy(), "v": num(sl["value"])}
        )
        m = s2.merge(fsw[["firm_id", "segment_id", "w"]], on="firm_id")
        m["v"] = m["v"] * m["w"]
        tab = m.groupby(["segment_id", "scale"], sort=False)["v"].sum().unstack("scale")
        return tab.reindex(index=idx, columns=SCALES).fillna(0.0), "sales"
    lk = links_ann[links_ann["supplier_local"].to_numpy()]
    tab2 = lk.groupby(["segment_id", "buyer_scale"], observed=False, sort=False)["value"].sum()
    wide = tab2.unstack("buyer_scale") if len(tab2) else pd.DataFrame(columns=SCALES)
    wide.columns = wide.columns.astype(str)
    return wide.reindex(index=idx, columns=SCALES).fillna(0.0), "supply_links"


def scale_shares(wide: pd.DataFrame) -> pd.DataFrame:
    """Row shares of a segment x scale value table (NaN rows where the total is 0)."""
    tot = wide.sum(axis=1)
    return wide.div(tot.where(tot > 0), axis=0)


def dependents(
    links_ann: pd.DataFrame,
    fsw: pd.DataFrame,
    firms_ann: pd.DataFrame,
    edges: pd.DataFrame,
    chain: str,
    segment_ids: pd.Series,
) -> pd.Series:
    """Number of distinct local firms depending on each segment.

    A local firm depends on ``s`` when it buys ``s`` (a supply link with it as buyer) or
    works in a segment that the chain template feeds directly from ``s``.
    """
    lk = links_ann[links_ann["buyer_local"].to_numpy()]
    a = pd.DataFrame({"segment_id": lk["segment_id"].to_numpy(), "pos": lk["b"].to_numpy()})
    fseg = _firm_seg(fsw, firms_ann)
    loc = fseg[fseg["is_local"]][["segment_id", "pos"]]
    e = edges[edges["chain_id"] == chain][["from_segment", "to_segment"]]
    b = e.merge(loc, left_on="to_segment", right_on="segment_id")[["from_segment", "pos"]]
    b = b.rename(columns={"from_segment": "segment_id"})
    both = pd.concat([a, b], ignore_index=True).drop_duplicates()
    return (
        both.groupby("segment_id", sort=False)["pos"]
        .nunique()
        .reindex(pd.Index(segment_ids))
        .fillna(0)
        .astype("int64")
    )
