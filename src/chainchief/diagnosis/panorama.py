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

from chainchief.diagnosis.frames import SCALES, lookup, num, region_scales
from chainchief.model.regions import descendants

__all__ = [
    "chain_segments",
    "dependents",
    "institution_presence",
    "local_presence",
    "location_quotients",
    "presence_by_scale",
    "reference_output",
    "related_industries",
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


def _seg_table(
    codes: np.ndarray, scale: np.ndarray, values: np.ndarray, segment_ids: pd.Series
) -> pd.DataFrame:
    """Sum ``values`` into a segment (rows) x scale (columns) table; -1 codes dropped."""
    n_seg, n_sc = len(segment_ids), len(SCALES)
    ok = (codes >= 0) & (scale >= 0)
    flat = codes[ok] * n_sc + scale[ok]
    tab = np.bincount(flat, weights=values[ok], minlength=n_seg * n_sc).reshape(n_seg, n_sc)
    return pd.DataFrame(tab, index=pd.Index(list(segment_ids), name="segment_id"), columns=SCALES)


def local_presence(
    fseg: pd.DataFrame, firms_ann: pd.DataFrame, segment_ids: pd.Series
) -> pd.DataFrame:
    """Local firms, output, employees, capacity and leading firms per segment.

    Columns: ``local_firms``, ``local_output``, ``local_employees`` (weighted by ``w``),
    ``local_capacity``, ``local_leaders`` (count) and ``leading_firms`` (names, by output).
    """
    loc = fseg[fseg["is_local"].to_numpy()]
    n = len(segment_ids)
    seg = loc["seg"].to_numpy()

    def total(col: str) -> np.ndarray:
        return np.bincount(seg, weights=loc[col].to_numpy(dtype="float64"), minlength=n)

    out = pd.DataFrame(
        {
            "local_firms": np.bincount(seg, minlength=n).astype("int64"),
            "local_output": total("output"),
            "local_employees": total("employees"),
            "local_capacity": total("capacity"),
            "local_leaders": np.bincount(seg, weights=loc["leading"], minlength=n).astype("int64"),
        },
        index=pd.Index(list(segment_ids), name="segment_id"),
    )
    lead = loc[loc["leading"].to_numpy()].sort_values("output", ascending=False)
    names = firms_ann["name"].to_numpy(dtype=object)[lead["pos"].to_numpy()]
    by: dict[int, list[str]] = {}
    for code, name in zip(lead["seg"].to_numpy(), names, strict=True):
        by.setdefault(int(code), []).append(str(name))
    out["leading_firms"] = [by.get(i, []) for i in range(n)]
    return out


def presence_by_scale(
    fseg: pd.DataFrame,
    firms_ann: pd.DataFrame,
    segment_ids: pd.Series,
    top_n: int = 3,
) -> pd.DataFrame:
    """Firms, capacity and output of each segment at each scale (long format).

    Columns: ``segment_id``, ``scale``, ``firms``, ``capacity``, ``output``,
    ``organisations`` (up to ``top_n`` names: leading firms first, then by output).
    Scales follow the firm's relation to the focal region (``local`` = in the region).
    """
    seg = fseg["seg"].to_numpy()
    sc = np.asarray(fseg["scale"].cat.codes, dtype=np.int64)
    ones = np.ones(len(fseg))
    parts = {
        "firms": _seg_table(seg, sc, ones, segment_ids),
        "capacity": _seg_table(seg, sc, fseg["capacity"].to_numpy(), segment_ids),
        "output": _seg_table(seg, sc, fseg["output"].to_numpy(), segment_ids),
    }
    long = pd.DataFrame({k: v.stack() for k, v in parts.items()}).rename_axis(
        ["segment_id", "scale"]
    )
    long["firms"] = long["firms"].round().astype("int64")
    names: dict[tuple[int, int], list[str]] = {}
    if top_n > 0 and len(fseg):
        key = seg * len(SCALES) + sc
        order = np.lexsort((-fseg["output"].to_numpy(), ~fseg["leading"].to_numpy(), key))
        ks = key[order]
        first = np.r_[0, np.flatnonzero(np.diff(ks)) + 1]
        rank = np.arange(len(ks)) - np.repeat(first, np.diff(np.r_[first, len(ks)]))
        pick = order[(rank < top_n) & (ks >= 0)]
        nm = firms_ann["name"].to_numpy(dtype=object)[fseg["pos"].to_numpy()[pick]]
        for s_, c_, name in zip(seg[pick], sc[pick], nm, strict=True):
            names.setdefault((int(s_), int(c_)), []).append(str(name))
    n_sc = len(SCALES)
    long["organisations"] = [names.get((i // n_sc, i % n_sc), []) for i in range(len(long))]
    return long.reset_index()


def institution_presence(
    institutions: pd.DataFrame,
    knowledge_links: pd.DataFrame,
    fseg: pd.DataFrame,
    firms_ann: pd.DataFrame,
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
    inst = institutions.reset_index(drop=True)
    scale = np.asarray(region_scales(regions, inst["region_id"], focal).cat.codes, dtype=np.int64)
    seg_ids = pd.Series(list(segment_ids), dtype="str")
    parts = []
    if "segment_id" in inst:
        code = lookup(inst["segment_id"].astype("str"), seg_ids)
        ok = code >= 0
        parts.append(pd.DataFrame({"inst": np.flatnonzero(ok), "seg": code[ok]}))
    kl = knowledge_links
    if len(kl) and len(inst):
        for a, b in (("source_id", "target_id"), ("target_id", "source_id")):
            ia = lookup(kl[a], inst["institution_id"])
            hit = ia >= 0
            if not hit.any():
                continue
            fb = lookup(kl[b][hit], firms_ann["firm_id"])
            ok = fb >= 0
            tie = pd.DataFrame({"inst": ia[hit][ok], "pos": fb[ok]})
            parts.append(tie.merge(fseg[["pos", "seg"]], on="pos")[["inst", "seg"]])
    n_sc = len(SCALES)
    n = len(segment_ids)
    ties = (
        pd.concat(parts, ignore_index=True).drop_duplicates()
        if parts
        else pd.DataFrame({"inst": np.zeros(0, np.int64), "seg": np.zeros(0, np.int64)})
    )
    ties = ties[scale[ties["inst"].to_numpy()] >= 0] if len(ties) else ties
    key = ties["seg"].to_numpy(dtype=np.int64) * n_sc + scale[ties["inst"].to_numpy()]
    counts = np.bincount(key, minlength=n * n_sc)
    names = inst["name"].to_numpy(dtype=object)
    by_key: dict[int, list[str]] = {}
    for k_, i_ in sorted(zip(key.tolist(), ties["inst"].tolist(), strict=True)):
        by_key.setdefault(k_, []).append(str(names[i_]))
    return pd.DataFrame(
        {
            "segment_id": np.repeat(np.asarray(list(segment_ids), dtype=object), n_sc),
            "scale": SCALES * n,
            "institutions": counts.astype("int64"),
            "institution_names": [by_key.get(k, []) for k in range(n * n_sc)],
        }
    )


def reference_output(
    indicators: pd.DataFrame,
    fseg: pd.DataFrame,
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
    idx = pd.Index(list(segment_ids), name="segment_id")
    if len(ind):
        ind = ind.assign(value=num(ind["value"]), year=num(ind["year"]))
        latest = ind.sort_values("year").groupby("industry_code", sort=False).tail(1)
        vals = latest.set_index("industry_code")["value"]
        vals.index = vals.index.astype(object)
        return vals.reindex(idx).astype("float64"), "indicators"
    inside = firms_ann["region_id"].isin(list(descendants(regions, reference))).to_numpy()
    m = inside[fseg["pos"].to_numpy()]
    tot = np.bincount(
        fseg["seg"].to_numpy()[m], weights=fseg["output"].to_numpy()[m], minlength=len(idx)
    )
    return pd.Series(tot, index=idx, dtype="float64"), "firms"


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
    m = links_ann["buyer_local"].to_numpy()
    return _seg_table(
        links_ann["seg"].to_numpy()[m],
        links_ann["s_scale"].to_numpy()[m].astype(np.int64),
        links_ann["value"].to_numpy()[m],
        segment_ids,
    )


def sales_by_scale(
    sales_loc: pd.DataFrame,
    links_ann: pd.DataFrame,
    fseg: pd.DataFrame,
    segment_ids: pd.Series,
) -> tuple[pd.DataFrame, str]:
    """Sales of local firms per segment (rows) by market scale (columns), and the source.

    From the local firms' ``sales`` rows (each firm's sales split over its segments by
    ``w``) when there are any; otherwise from supply links with a local supplier, by
    the buyer's scale.
    """
    if len(sales_loc):
        fl = fseg[fseg["is_local"].to_numpy()][["pos", "seg", "w"]]
        m = sales_loc[["pos", "scale", "value"]].merge(fl, on="pos")
        return (
            _seg_table(
                m["seg"].to_numpy(),
                m["scale"].to_numpy().astype(np.int64),
                (m["value"] * m["w"]).to_numpy(),
                segment_ids,
            ),
            "sales",
        )
    k = links_ann["supplier_local"].to_numpy()
    return (
        _seg_table(
            links_ann["seg"].to_numpy()[k],
            links_ann["b_scale"].to_numpy()[k].astype(np.int64),
            links_ann["value"].to_numpy()[k],
            segment_ids,
        ),
        "supply_links",
    )


def scale_shares(wide: pd.DataFrame) -> pd.DataFrame:
    """Row shares of a segment x scale value table (NaN rows where the total is 0)."""
    tot = wide.sum(axis=1)
    return wide.div(tot.where(tot > 0), axis=0)


def dependents(
    links_ann: pd.DataFrame,
    fseg: pd.DataFrame,
    edges: pd.DataFrame,
    chain: str,
    segment_ids: pd.Series,
) -> pd.Series:
    """Number of distinct local firms depending on each segment.

    A local firm depends on ``s`` when it buys ``s`` (a supply link with it as buyer) or
    works in a segment that the chain template feeds directly from ``s``.
    """
    lk = links_ann[links_ann["buyer_local"].to_numpy()]
    a = pd.DataFrame({"seg": lk["seg"].to_numpy(), "pos": lk["b"].to_numpy()})
    code = {s: i for i, s in enumerate(segment_ids)}
    e = edges[edges["chain_id"] == chain]
    loc = fseg[fseg["is_local"].to_numpy()][["seg", "pos"]]
    parts = [a]
    for f_, t_ in zip(e["from_segment"], e["to_segment"], strict=True):
        if f_ in code and t_ in code:
            sub = loc[loc["seg"] == code[t_]]
            parts.append(pd.DataFrame({"seg": code[f_], "pos": sub["pos"].to_numpy()}))
    both = pd.concat(parts, ignore_index=True)
    pos = both["pos"].to_numpy(dtype=np.int64)
    ok = pos >= 0
    width = int(pos.max()) + 1 if ok.any() else 1
    seen = np.zeros((len(code), width), dtype=bool)
    seen[both["seg"].to_numpy(dtype=np.int64)[ok], pos[ok]] = True
    cnt = seen.sum(axis=1)
    return pd.Series(cnt.astype("int64"), index=pd.Index(list(segment_ids), name="segment_id"))


def related_industries(
    segments: pd.DataFrame,
    firm_segments: pd.DataFrame,
    firms_ann: pd.DataFrame,
    chain: str,
    segment_ids: pd.Series,
) -> list[list[dict[str, object]]]:
    """Related industries attached to each segment, with their local firms.

    A segment (of any chain) is attached to segment ``s`` of ``chain`` by an extra
    ``attaches_to`` column of the segments table holding ``"chain:s"`` (or ``"s"``).
    Each entry: ``chain_id``, ``segment_id``, ``name``, ``local_firms``.
    """
    out: list[list[dict[str, object]]] = [[] for _ in segment_ids]
    if "attaches_to" not in segments:
        return out
    att = segments[segments["attaches_to"].notna()]
    if att.empty:
        return out
    code = {str(sid): i for i, sid in enumerate(segment_ids)}
    chains = set(att["chain_id"])
    fs = firm_segments[firm_segments["chain_id"].isin(chains)]
    pos = lookup(fs["firm_id"], firms_ann["firm_id"])
    local = np.append(firms_ann["is_local"].to_numpy(), False)[pos]
    fl = fs[local]
    counts = fl.groupby(["chain_id", "segment_id"])["firm_id"].nunique()
    for r in att.to_dict("records"):
        target = str(r["attaches_to"])
        if ":" in target:
            c, _, target = target.partition(":")
            if c != chain:
                continue
        if target in code:
            out[code[target]].append(
                {
                    "chain_id": r["chain_id"],
                    "segment_id": r["segment_id"],
                    "name": r["name"],
                    "local_firms": int(counts.get((r["chain_id"], r["segment_id"]), 0)),
                }
            )
    return out
