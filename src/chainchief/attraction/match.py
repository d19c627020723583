"""Degree of match between outside organisations and the local chain (issue 5, concepts §9).

Every outside firm of the chain (a firm with a ``firm_segments`` row in the chain whose
region is not the focal region or below it) and every outside institution that serves a
segment of the chain (:mod:`chainchief.attraction.institutions`; ``kind`` column) gets
six components, each with a raw value, a
scaled value in [0, 1], a weight from the strategy profile and a one-line reason in zh and
en. A component without data for a candidate is dropped and the remaining weights are
renormalised; the candidate is flagged (``dropped``). Everything is vectorised over
candidates (NumPy / pandas group operations; no Python loop over candidates).

Components (definitions in ``docs/attraction.md``):

``gap``         sum of the needs of the candidate's segments that the diagnosis marks
                missing or weak (need = recommendation priority, else ``gap_unrecommended``),
                divided by the sum of all needs; adding a gap segment never lowers it.
``io_fit``      share-weighted mean over its segments of (down_s + up_s) / 2, with down_s
                the local output of the segments s feeds plus local buyers' purchases of s
                from outside suppliers, and up_s the local output of the segments feeding s,
                both over the output of a typical local segment (local chain output / number
                of segments with local output), capped at 1.
``upgrade``     its share-weighted value-added share over the local output-weighted mean,
                divided by ``upgrade_cap`` and capped at 1.
``capability``  weighted mean of log-scaled R&D intensity, patents, revenue and own brands
                (each over the candidates' maximum); sub-weights from the profile.
``coupling``    0.5 + (change in coupling diversity − change in foreign-lead dependence)
                / (2 × ``coupling_gain_cap``), clipped, when the candidate adds a flow of
                ``coupling_added_share`` × (1 + is_lead) of the local flows at its scale.
``risk``        1 − mean of its market concentration (HHI of its sales by market), its
                cross-border exposure (1 for supranational/global relations) and, when
                ``shock_regions`` are given, its shock exposure (1 inside one).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from chainchief.attraction.institutions import institution_candidates
from chainchief.attraction.profiles import CAPABILITY_PARTS, COMPONENTS, Profile, load_profile
from chainchief.diagnosis.frames import lookup, num, resolve_tables
from chainchief.model.enums import SCALE_ORDER
from chainchief.model.regions import descendants, relation_scales

__all__ = ["AttractionResult", "MatchParams", "degree_of_match", "gap_needs"]

SCALES = [s.value for s in SCALE_ORDER]


@dataclass(frozen=True)
class MatchParams:
    """Thresholds of the degree of match (all printed in reports).

    Attributes
    ----------
    gap_unrecommended
        Need of a missing/weak segment without a recommendation (default 0.1).
    upgrade_cap
        Ratio of the candidate's value-added share to the local mean that scores 1 (2.0).
    coupling_added_share
        Flow a joining candidate adds, as a share of the local flows (0.05; doubled for a
        lead firm).
    coupling_gain_cap
        Net coupling gain (diversity gain minus dependence rise) that scores 1 (0.05).
    shock_regions
        Regions hit by a scenario's shocks (e.g. ``("JPN",)``); a candidate in or below
        one gets a third risk part, exposure 1 (default none).
    kinds
        Candidate kinds scored: ``firm`` (outside firms of the chain) and/or
        ``institution`` (outside institutes, universities, design centres, platforms;
        see :mod:`chainchief.attraction.institutions`). Default both.
    """

    def __post_init__(self) -> None:
        bad = set(self.kinds) - {"firm", "institution"}
        if bad or not self.kinds:
            raise ValueError(f"kinds must be a non-empty subset of firm, institution; got {bad}")

    gap_unrecommended: float = 0.1
    upgrade_cap: float = 2.0
    coupling_added_share: float = 0.05
    coupling_gain_cap: float = 0.05
    shock_regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("firm", "institution")


@dataclass
class AttractionResult:
    """Ranking (one row per candidate) and components (one row per candidate × component)."""

    region: str
    chain: str
    profile: Profile
    params: MatchParams
    ranking: pd.DataFrame
    components: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def top(self, n: int = 10) -> pd.DataFrame:
        """The first ``n`` rows of the ranking."""
        return self.ranking.head(n)

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """JSON-ready dict: ranking rows with their components nested."""
        rk = self.ranking if top is None else self.ranking.head(top)
        comp = self.components[self.components["candidate_id"].isin(rk["candidate_id"])]
        by = {k: g.drop(columns="candidate_id") for k, g in comp.groupby("candidate_id")}
        rows = []
        for rec in _records(rk):
            g = by.get(rec["candidate_id"])
            rec["components"] = [] if g is None else _records(g)
            rows.append(rec)
        return {
            "region": self.region,
            "chain": self.chain,
            "profile": self.profile.to_dict(),
            "parameters": asdict(self.params),
            "notes": list(self.notes),
            "candidates": rows,
        }

    def to_json(self, top: int | None = None) -> str:
        """:meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(top), ensure_ascii=False, indent=2)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for rec in df.astype(object).where(df.notna(), None).to_dict("records"):
        out.append({str(k): (v.item() if hasattr(v, "item") else v) for k, v in rec.items()})
    return out


def gap_needs(diagnosis: Any, params: MatchParams | None = None) -> pd.Series:
    """Need per segment id: recommendation priority of missing/weak segments.

    Missing/weak segments without a recommendation get ``params.gap_unrecommended``;
    other segments 0.
    """
    p = params or MatchParams()
    seg = diagnosis.segments
    cls = seg["class"].astype(str)
    need = pd.Series(0.0, index=seg["segment_id"].astype(str).to_numpy())
    gap = cls.isin(["missing", "weak"]).to_numpy()
    need[gap] = p.gap_unrecommended
    for rec in diagnosis.recommendations:
        sid = rec.get("segment_id")
        if sid is not None and sid in need.index and need[sid] > 0:
            need[sid] = float(rec.get("priority") or 0.0)
    return need


def _w(frame: pd.DataFrame) -> np.ndarray:
    """Segment weight: share, else 1 / number of the firm's segments in the chain."""
    n = frame.groupby("firm_id", sort=False)["segment_id"].transform("size").to_numpy(float)
    share = num(frame["share"]).to_numpy() if "share" in frame else np.full(len(frame), np.nan)
    return np.where(np.isfinite(share) & (share > 0), share, 1.0 / n)


def degree_of_match(
    tables_like: Any,
    region: str | None = None,
    chain: str | None = None,
    *,
    strategy: str | Profile = "buyer-driven",
    params: MatchParams | None = None,
    diagnosis: Any = None,
    needs: pd.Series | None = None,
) -> AttractionResult:
    """Score every outside organisation of the chain against the local chain.

    Parameters
    ----------
    tables_like
        Package, stored Dataset or mapping of table frames.
    region, chain
        Focal region and chain (default: the descriptor's first entries).
    strategy
        ``buyer-driven``, ``producer-driven``, a YAML file or a :class:`Profile`.
    params
        :class:`MatchParams`.
    diagnosis
        A :class:`chainchief.diagnosis.Diagnosis` (computed when neither it nor ``needs``
        is given).
    needs
        Need per segment id (overrides ``diagnosis``; see :func:`gap_needs`).

    Returns
    -------
    AttractionResult
    """
    tables, desc = resolve_tables(tables_like)
    p = params or MatchParams()
    prof = load_profile(strategy)
    region = region or (desc.get("focal_regions") or [None])[0]
    chain = chain or (desc.get("chains") or [None])[0]
    if region is None or chain is None:
        raise ValueError("give region and chain (the descriptor names none)")
    regions = tables["regions"]
    if region not in set(regions["region_id"].astype(str)):
        raise KeyError(f"unknown region {region!r}")
    notes: list[str] = []
    if needs is None:
        if diagnosis is None:
            from chainchief.diagnosis import diagnose

            diagnosis = diagnose(tables_like, region=region, chain=chain)
        needs = gap_needs(diagnosis, p)

    segs = tables["segments"]
    segs = segs[segs["chain_id"].astype(str) == chain]
    seg_ids = pd.Index(segs["segment_id"].astype(str).unique())
    if len(seg_ids) == 0:
        raise KeyError(f"unknown chain {chain!r}")
    va = num(segs.drop_duplicates("segment_id")["va_share"]).to_numpy()
    n_seg = len(seg_ids)

    firms = tables["firms"]
    fid = pd.Index(firms["firm_id"].astype(str))
    freg = firms["region_id"].astype(str)
    local_set = descendants(regions, region)
    is_local = freg.isin(local_set).to_numpy()

    fs = tables["firm_segments"]
    fs = fs[fs["chain_id"].astype(str) == chain]
    fs = fs[fs["segment_id"].astype(str).isin(seg_ids)]
    fi = _pos(fs["firm_id"].astype(str), fid)
    keep = fi >= 0
    fs, fi = fs[keep], fi[keep]
    si = _pos(fs["segment_id"].astype(str), seg_ids)
    w = _w(fs)
    revenue = num(firms["revenue"]).to_numpy()

    # Local output per segment.
    loc_row = is_local[fi]
    out_s = np.bincount(
        si[loc_row], np.nan_to_num(revenue[fi[loc_row]]) * w[loc_row], minlength=n_seg
    )
    tot_out = out_s.sum()

    # Candidates: outside firms present in the chain, then outside institutions.
    crow = ~loc_row if "firm" in p.kinds else np.zeros(len(fi), dtype=bool)
    cand_firm = np.unique(fi[crow])
    n_f = len(cand_firm)
    cpos = np.full(len(fid), -1)
    cpos[cand_firm] = np.arange(n_f)
    ci, cs, cw = cpos[fi[crow]], si[crow], w[crow]
    seg_fn = segs.drop_duplicates("segment_id")["function"].astype(str).to_numpy()
    inst = institution_candidates(
        tables
        if "institution" in p.kinds
        else {**tables, "institutions": tables["institutions"][:0]},
        seg_ids,
        seg_fn,
        set(local_set),
        fs["firm_id"].astype(str),
        si,
        w,
    )
    n_i = len(inst)
    n = n_f + n_i
    is_inst = np.r_[np.zeros(n_f, dtype=bool), np.ones(n_i, dtype=bool)]
    ai = np.concatenate([ci, n_f + inst.pair_i])
    a_s = np.concatenate([cs, inst.pair_s])
    aw = np.concatenate([cw, inst.pair_w])
    # Distinct (candidate, segment) pairs.
    pair = np.unique(ai * n_seg + a_s)
    pc, ps = pair // n_seg, pair % n_seg
    wsum = np.bincount(ai, aw, minlength=n)
    has_seg = wsum > 0

    raw: dict[str, np.ndarray] = {}
    scaled: dict[str, np.ndarray] = {}
    reason_en: dict[str, pd.Series] = {}
    reason_zh: dict[str, pd.Series] = {}
    names = pd.Series(seg_ids.to_numpy(), dtype="str")

    # 1. gap filling.
    need = needs.reindex(seg_ids).fillna(0.0).to_numpy(float)
    total_need = need.sum()
    g_raw = np.where(has_seg, np.bincount(pc, need[ps], minlength=n), np.nan)
    raw["gap"] = g_raw
    scaled["gap"] = g_raw / total_need if total_need > 0 else np.zeros(n)
    # Top gap segment of each candidate.
    order = np.lexsort((-need[ps], pc))
    first = np.unique(pc[order], return_index=True)[1]
    top_seg = np.full(n, -1)
    top_seg[pc[order][first]] = ps[order][first]
    top_seg = np.where(need[np.maximum(top_seg, 0)] > 0, top_seg, -1)
    n_gap = np.bincount(pc, (need[ps] > 0).astype(float), minlength=n).astype(int)
    tname = pd.Series(
        np.where(top_seg >= 0, names.to_numpy()[np.maximum(top_seg, 0)], "-"), dtype="str"
    )
    ng = pd.Series(n_gap).astype(str)
    g_txt = pd.Series(np.round(g_raw, 3)).astype(str)
    via_en = pd.Series(
        np.r_[
            np.full(n_f, ""),
            np.where(
                inst.via == "links",
                " (segments served via knowledge links)",
                " (segments served by its kind)",
            ),
        ],
        dtype="str",
    )
    via_zh = pd.Series(
        np.r_[
            np.full(n_f, ""),
            np.where(
                inst.via == "links",
                "（服务环节据知识联系）",
                "（服务环节据机构类型）",
            ),
        ],
        dtype="str",
    )
    reason_en["gap"] = (
        "fills " + ng + " missing/weak segment(s), chiefly " + tname + "; need " + g_txt + via_en
    )
    reason_zh["gap"] = (
        "补齐" + ng + "个缺失或薄弱环节（主要为" + tname + "），需求度" + g_txt + via_zh
    )

    # 2. input-output fit.
    edges = tables["segment_edges"]
    edges = edges[edges["chain_id"].astype(str) == chain]
    ef = seg_ids.get_indexer(edges["from_segment"].astype(str))
    et = seg_ids.get_indexer(edges["to_segment"].astype(str))
    ok = (ef >= 0) & (et >= 0)
    ef, et = ef[ok], et[ok]
    down = np.bincount(ef, out_s[et], minlength=n_seg)
    up = np.bincount(et, out_s[ef], minlength=n_seg)
    links = tables["supply_links"]
    links = links[links["chain_id"].astype(str) == chain]
    bpos = _pos(links["buyer_id"].astype(str), fid)
    spos = _pos(links["supplier_id"].astype(str), fid)
    lseg = _pos(links["segment_id"].astype(str), seg_ids)
    imp = (bpos >= 0) & (spos >= 0) & (lseg >= 0)
    imp &= np.where(bpos >= 0, is_local[np.maximum(bpos, 0)], False)
    imp &= ~np.where(spos >= 0, is_local[np.maximum(spos, 0)], True)
    imports = np.bincount(lseg[imp], np.nan_to_num(num(links["value"]).to_numpy()[imp]), n_seg)
    # Reference: the output of a typical local segment (mean over the segments with local
    # output), so that a segment whose local buyers or suppliers match it scores 1.
    ref = tot_out / max(int((out_s > 0).sum()), 1)
    if (ok.sum() == 0 and imp.sum() == 0) or tot_out <= 0:
        raw["io_fit"] = np.full(n, np.nan)
        notes.append("io_fit dropped: no segment edges, outside purchases or local output")
    else:
        dn = np.minimum(1.0, (down + imports) / ref)
        upn = np.minimum(1.0, up / ref)
        fit = 0.5 * (dn + upn)
        with np.errstate(invalid="ignore", divide="ignore"):
            raw["io_fit"] = np.bincount(ci, cw * fit[cs], minlength=n) / wsum
    # Institutions trade no goods: no input-output fit (dropped, flagged).
    raw["io_fit"] = np.where(is_inst, np.nan, raw["io_fit"])
    scaled["io_fit"] = np.clip(raw["io_fit"], 0.0, 1.0)
    dshare = np.bincount(ci, cw * ((down + imports) / max(ref, 1e-300))[cs], n)
    ushare = np.bincount(ci, cw * (up / max(ref, 1e-300))[cs], n)
    with np.errstate(invalid="ignore", divide="ignore"):
        dtxt = pd.Series(np.round(dshare / wsum, 2)).astype(str)
        utxt = pd.Series(np.round(ushare / wsum, 2)).astype(str)
    io_en = (
        "local demand for its outputs "
        + dtxt
        + "x, local supply of its inputs "
        + utxt
        + "x a typical local segment's output"
    )
    io_zh = (
        "本地对其产品的需求为本地典型环节产出的" + dtxt + "倍，本地对其投入的供给为" + utxt + "倍"
    )
    reason_en["io_fit"] = io_en.where(~is_inst, "an institution trades no goods: no data")
    reason_zh["io_fit"] = io_zh.where(~is_inst, "机构不交易产品：无数据")

    # 3. value upgrading.
    va_ok = np.isfinite(va)
    local_va = (
        (out_s[va_ok] * va[va_ok]).sum() / out_s[va_ok].sum() if out_s[va_ok].sum() else np.nan
    )
    cva_num = np.bincount(ai, aw * np.nan_to_num(va[a_s]), minlength=n)
    cva_den = np.bincount(ai, aw * va_ok[a_s], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        cva = np.where(cva_den > 0, cva_num / cva_den, np.nan)
        ratio = cva / local_va
    raw["upgrade"] = ratio
    scaled["upgrade"] = np.clip(ratio / p.upgrade_cap, 0.0, 1.0)
    if not np.isfinite(local_va):
        notes.append("upgrade dropped: no local value-added share")
    reason_en["upgrade"] = (
        "value-added share "
        + pd.Series(np.round(cva, 3)).astype(str)
        + " vs local mean "
        + str(round(float(local_va), 3))
    )
    reason_zh["upgrade"] = (
        "增加值率"
        + pd.Series(np.round(cva, 3)).astype(str)
        + "，本地平均"
        + str(round(float(local_va), 3))
    )

    # 4. capability.
    cf = firms.iloc[cand_firm]
    rev = num(cf["revenue"]).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        parts = {
            "rnd": np.where(rev > 0, num(cf["rnd_spend"]).to_numpy() / rev, np.nan),
            "patents": num(cf["patents"]).to_numpy(),
            "scale": rev,
            "brand": num(cf["own_brands"]).to_numpy(),
        }
    parts = {k: np.concatenate([v, inst.parts[k]]) for k, v in parts.items()}
    c_num = np.zeros(n)
    c_den = np.zeros(n)
    for part in CAPABILITY_PARTS:  # loop over the four parts, not over candidates
        x = np.clip(parts[part], 0.0, None)
        wt = float(prof.capability.get(part, 0.0))
        fin = np.isfinite(x)
        if not fin.any() or wt == 0:
            continue
        lx = x if part == "rnd" else np.log1p(x)
        mx = np.nanmax(np.where(fin, lx, np.nan))
        sx = np.where(fin, lx / mx if mx > 0 else 0.0, 0.0)
        c_num += wt * sx
        c_den += wt * fin
    with np.errstate(invalid="ignore"):
        raw["capability"] = np.where(c_den > 0, c_num / c_den, np.nan)
    scaled["capability"] = raw["capability"]
    ptxt = pd.Series(np.nan_to_num(parts["patents"]).astype(np.int64)).astype(str)
    btxt = pd.Series(np.nan_to_num(parts["brand"]).astype(np.int64)).astype(str)
    no_cap = ~np.isfinite(raw["capability"])
    reason_en["capability"] = (ptxt + " patents, " + btxt + " own brands").where(
        ~no_cap, "no R&D, patent, revenue or brand data"
    )
    reason_zh["capability"] = ("专利" + ptxt + "项，自有品牌" + btxt + "个").where(
        ~no_cap, "无研发、专利、收入或品牌数据"
    )

    # 5. coupling-diversification gain.
    focal = pd.Series([region] * n, dtype="str")
    creg = pd.Series(np.r_[freg.to_numpy()[cand_firm], inst.regions], dtype="str")
    cscale = relation_scales(regions, creg, focal)
    ck = np.asarray(pd.Categorical(cscale.astype(str), categories=SCALES).codes)
    ck = np.where(ck < 0, len(SCALES) - 1, ck)
    lead = firms["is_lead"].astype("boolean").fillna(False).to_numpy(bool)
    foreign = ck >= SCALES.index("supranational")
    flow_by, dep_val = _local_flows(tables, regions, region, fid, is_local, lead)
    T = flow_by.sum()
    if T <= 0:
        raw["coupling"] = np.full(n, np.nan)
        notes.append("coupling dropped: no sales or outgoing supply links of local firms")
        d_div = np.full(n, np.nan)
        d_dep = np.full(n, np.nan)
    else:
        clead = np.r_[lead[cand_firm], np.zeros(n_i, dtype=bool)]
        delta = p.coupling_added_share * T * (1.0 + clead)
        sq = (flow_by**2).sum()
        hhi_old = sq / T**2
        hhi_new = (sq + 2 * flow_by[ck] * delta + delta**2) / (T + delta) ** 2
        d_div = hhi_old - hhi_new
        dep_old = dep_val / T
        d_dep = (dep_val + delta * (foreign & clead)) / (T + delta) - dep_old
        raw["coupling"] = d_div - d_dep
    scaled["coupling"] = np.clip(0.5 + raw["coupling"] / (2 * p.coupling_gain_cap), 0.0, 1.0)
    sc_txt = pd.Series(np.asarray(SCALES)[ck], dtype="str")
    divtxt = pd.Series(np.round(d_div, 4)).astype(str)
    deptxt = pd.Series(np.round(d_dep, 4)).astype(str)
    reason_en["coupling"] = (
        sc_txt + " coupling: diversity " + divtxt + ", lead dependence " + deptxt
    )
    reason_zh["coupling"] = sc_txt + "尺度耦合：多样性变化" + divtxt + "，龙头依赖变化" + deptxt

    # 6. risk.
    sales = tables["sales"]
    sf = _pos(sales["firm_id"].astype(str), fid)
    spos_s = np.where(sf >= 0, cpos[np.maximum(sf, 0)], -1)
    sok = spos_s >= 0
    hhi = np.full(n, np.nan)
    if sok.any():
        sv = pd.DataFrame(
            {
                "c": spos_s[sok],
                "m": sales["market_region_id"].astype(str).to_numpy()[sok],
                "v": np.nan_to_num(num(sales["value"]).to_numpy()[sok]),
            }
        )
        g = sv.groupby(["c", "m"], sort=False)["v"].sum().reset_index()
        tot = g.groupby("c")["v"].transform("sum")
        g["s2"] = np.where(tot > 0, (g["v"] / tot) ** 2, np.nan)
        h = g.groupby("c")["s2"].sum(min_count=1)
        hhi[h.index.to_numpy(int)] = h.to_numpy()
    cross = foreign.astype(float)
    parts_r = [np.nan_to_num(hhi), cross]
    n_r = np.where(np.isfinite(hhi), 2.0, 1.0)
    shocked = np.zeros(n, dtype=bool)
    if p.shock_regions:
        hit = descendants(regions, list(p.shock_regions))
        shocked = creg.isin(hit).to_numpy()
        parts_r.append(shocked.astype(float))
        n_r = n_r + 1.0
    risk_raw = (parts_r[0] + sum(parts_r[1:])) / n_r
    raw["risk"] = risk_raw
    scaled["risk"] = 1.0 - risk_raw
    htxt = pd.Series(np.where(np.isfinite(hhi), np.round(hhi, 2).astype(str), "n/a"), dtype="str")
    xb = pd.Series(np.where(foreign, "cross-border", "domestic"), dtype="str")
    xbz = pd.Series(np.where(foreign, "跨境", "境内"), dtype="str")
    sk = pd.Series(np.where(shocked, "; in a shocked region", ""), dtype="str")
    skz = pd.Series(np.where(shocked, "；位于受冲击地区", ""), dtype="str")
    reason_en["risk"] = xb + "; market concentration (HHI) " + htxt + sk
    reason_zh["risk"] = xbz + "；市场集中度（HHI）" + htxt + skz

    # Score and frames.
    R = np.column_stack([raw[c] for c in COMPONENTS])
    S = np.column_stack([scaled[c] for c in COMPONENTS])
    avail = np.isfinite(R) & np.isfinite(S)
    wvec = np.array([prof.weight(c) for c in COMPONENTS])
    W = np.where(avail, wvec, 0.0)
    wtot = W.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(wtot > 0, (W * np.nan_to_num(S)).sum(axis=1) / wtot, np.nan)
    missing = ~avail & (wvec > 0)
    comp_names = np.asarray(COMPONENTS, dtype=object)
    dropped = pd.Series([""] * n, dtype="str")
    for j, c in enumerate(COMPONENTS):  # six columns, not a loop over candidates
        dropped = dropped + pd.Series(np.where(missing[:, j], c + ",", ""), dtype="str")
    dropped = dropped.str.rstrip(",")
    cand_ids = np.r_[fid.to_numpy()[cand_firm].astype(object), inst.ids.astype(object)]
    ranking = pd.DataFrame(
        {
            "candidate_id": pd.Series(cand_ids, dtype="str"),
            "name": pd.Series(
                np.r_[
                    firms["name"].astype(str).to_numpy()[cand_firm].astype(object),
                    inst.names.astype(object),
                ],
                dtype="str",
            ),
            "kind": pd.Series(np.where(is_inst, "institution", "firm"), dtype="str"),
            "org_type": pd.Series(np.r_[np.full(n_f, "firm"), inst.kinds], dtype="str"),
            "region_id": creg,
            "scale": sc_txt,
            "score": score,
            "dropped": dropped,
        }
    )
    for c, col in zip(COMPONENTS, S.T, strict=True):
        ranking[c] = np.where(avail[:, COMPONENTS.index(c)], col, np.nan)
    ranking = ranking.sort_values(
        ["score", "candidate_id"], ascending=[False, True], kind="stable", na_position="last"
    ).reset_index(drop=True)
    ranking["rank"] = pd.array(np.arange(1, n + 1), dtype="Int64")
    ranking["tied"] = ranking["score"].duplicated(keep=False) & ranking["score"].notna()
    k = len(COMPONENTS)
    Wn = np.where(wtot[:, None] > 0, W / np.where(wtot > 0, wtot, 1.0)[:, None], 0.0)
    components = pd.DataFrame(
        {
            "candidate_id": pd.Series(np.repeat(cand_ids, k), dtype="str"),
            "component": pd.Series(np.tile(comp_names, n), dtype="str"),
            "raw": R.ravel(),
            "scaled": np.where(avail, S, np.nan).ravel(),
            "weight": np.tile(wvec, n),
            "effective_weight": Wn.ravel(),
            "available": avail.ravel(),
            "reason_en": _interleave(reason_en, n),
            "reason_zh": _interleave(reason_zh, n),
        }
    )
    return AttractionResult(region, chain, prof, p, ranking, components, notes)


def _pos(values: pd.Series, keys: pd.Index) -> np.ndarray:
    """Position of each value in ``keys`` (-1 when absent); Arrow/DuckDB hash lookup."""
    return np.asarray(lookup(pd.Series(values, dtype="str"), pd.Series(keys, dtype="str")))


def _interleave(reasons: dict[str, pd.Series], n: int) -> pd.Series:
    arr = np.column_stack([reasons[c].to_numpy(dtype=object) for c in COMPONENTS])
    return pd.Series(arr.reshape(n * len(COMPONENTS)), dtype="str")


def _local_flows(
    tables: dict[str, pd.DataFrame],
    regions: pd.DataFrame,
    region: str,
    fid: pd.Index,
    is_local: np.ndarray,
    lead: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Local firms' sales value by relation scale, and the value to foreign lead firms.

    Sales rows when any local firm has one, else outgoing supply links of local suppliers.
    """
    sales = tables["sales"]
    pos = _pos(sales["firm_id"].astype(str), fid)
    sel = (pos >= 0) & np.where(pos >= 0, is_local[np.maximum(pos, 0)], False)
    if sel.any():
        market = sales["market_region_id"].astype(str)[sel].reset_index(drop=True)
        value = np.nan_to_num(num(sales["value"]).to_numpy()[sel])
        buyer = sales["buyer_id"].astype(str)[sel] if "buyer_id" in sales else None
    else:
        links = tables["supply_links"]
        s = _pos(links["supplier_id"].astype(str), fid)
        b = _pos(links["buyer_id"].astype(str), fid)
        sel = (s >= 0) & (b >= 0)
        sel &= np.where(s >= 0, is_local[np.maximum(s, 0)], False)
        sel &= ~np.where(b >= 0, is_local[np.maximum(b, 0)], True)
        market = pd.Series(tables["firms"]["region_id"].astype(str).to_numpy()[b[sel]], dtype="str")
        value = np.nan_to_num(num(links["value"]).to_numpy()[sel])
        buyer = links["buyer_id"].astype(str)[sel]
    if len(value) == 0:
        return np.zeros(len(SCALES)), 0.0
    sc = relation_scales(regions, market, pd.Series([region] * len(market), dtype="str"))
    k = np.asarray(pd.Categorical(sc.astype(str), categories=SCALES).codes)
    k = np.where(k < 0, len(SCALES) - 1, k)
    flow = np.bincount(k, value, minlength=len(SCALES))
    dep = 0.0
    if buyer is not None:
        bp = _pos(buyer.astype(str), fid)
        fl = (bp >= 0) & np.where(bp >= 0, lead[np.maximum(bp, 0)], False)
        fl &= k >= SCALES.index("supranational")
        dep = float(value[fl].sum())
    return flow, dep
