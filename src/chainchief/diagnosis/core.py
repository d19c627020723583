"""The diagnosis orchestrator: :func:`diagnose` and the :class:`Diagnosis` result."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from chainchief.diagnosis import classify, governance, leaders, lockin, panorama, position
from chainchief.diagnosis.frames import (
    EXPORT_CODES,
    SCALES,
    TablesLike,
    annotate_firms,
    annotate_links,
    firm_segment_frame,
    local_sales,
    resolve_tables,
)
from chainchief.diagnosis.params import DiagnosisParams
from chainchief.model.enums import Scale
from chainchief.model.regions import ancestor_at_scale, ancestors

__all__ = ["Diagnosis", "diagnose", "to_jsonable"]


def to_jsonable(x: Any) -> Any:
    """``x`` with NaN as None, numpy scalars as Python scalars, frames as records."""
    if isinstance(x, dict):
        return {str(k): to_jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [to_jsonable(v) for v in x]
    if isinstance(x, pd.DataFrame):
        return to_jsonable(x.to_dict("records"))
    if isinstance(x, np.ndarray):
        return to_jsonable(x.tolist())
    if isinstance(x, np.bool_ | bool):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating | float):
        return None if not math.isfinite(float(x)) else float(x)
    if x is pd.NA or x is pd.NaT or x is None:
        return None
    return x


@dataclass
class Diagnosis:
    """Result of :func:`diagnose`. ``to_dict()`` / ``to_json()`` give the JSON report."""

    dataset: str | None
    region: str
    chain: str
    reference: str
    params: DiagnosisParams
    segments: pd.DataFrame
    presence: pd.DataFrame
    recommendations: list[dict[str, Any]]
    position: dict[str, Any]
    governance: dict[str, Any]
    leaders: pd.DataFrame
    flows: dict[str, pd.DataFrame]
    labels: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def segment_records(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per segment, in chain order."""
        pres = self.presence
        recs = []
        for row in self.segments.to_dict("records"):
            sid = row["segment_id"]
            p = pres[pres["segment_id"] == sid]
            by_scale = {
                r["scale"]: {
                    "firms": r["firms"],
                    "capacity": r["capacity"],
                    "output": r["output"],
                    "institutions": r["institutions"],
                    "organisations": r["organisations"] + r["institution_names"],
                }
                for r in p.to_dict("records")
            }
            recs.append(
                {
                    "segment_id": sid,
                    "name": row["name"],
                    "name_zh": row.get("name_zh"),
                    "stage": row["stage"],
                    "function": row["function"],
                    "va_share": row["va_share"],
                    "class": row["class"],
                    "class_reason": row["class_reason"],
                    "local_firms": row["local_firms"],
                    "local_output": row["local_output"],
                    "local_employees": row["local_employees"],
                    "local_capacity": row["local_capacity"],
                    "leading_firms": row["leading_firms"],
                    "lq": row["lq"],
                    "lq_source": row["lq_source"],
                    "reference_output": row["reference_output"],
                    "self_sufficiency": row["self_sufficiency"],
                    "sourcing_by_scale": {s: row[f"src_{s}"] for s in SCALES},
                    "sales_by_scale": {s: row[f"sal_{s}"] for s in SCALES},
                    "export_share": row["export_share"],
                    "dependents": row["dependents"],
                    "presence_by_scale": by_scale,
                    "related_industries": row.get("related_industries"),
                }
            )
        return recs

    def to_dict(self) -> dict[str, Any]:
        """The JSON report as a dict (keys as documented in docs/diagnosis.md)."""
        return to_jsonable(
            {
                "dataset": self.dataset,
                "region": self.region,
                "chain": self.chain,
                "reference": self.reference,
                "parameters": self.params.model_dump(),
                "segments": self.segment_records(),
                "recommendations": self.recommendations,
                "position": self.position,
                "governance": self.governance,
                "leaders": self.leaders,
                "notes": self.notes,
            }
        )

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON report as text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _world(regions: pd.DataFrame, region: str) -> str | None:
    """The global-scale ancestor of ``region``, else any global-scale region."""
    glob = [
        str(r)
        for r, s in zip(regions["region_id"], regions["scale"], strict=True)
        if s == Scale.GLOBAL.value
    ]
    anc = set(ancestors(regions, region))
    return next((r for r in glob if r in anc), glob[0] if glob else None)


def _default(desc: dict[str, Any], key: str, what: str) -> str:
    vals = desc.get(key) or []
    if not vals:
        raise ValueError(f"no {what} given and the descriptor has no '{key}'")
    return str(vals[0])


def diagnose(
    tables_like: TablesLike,
    region: str | None = None,
    chain: str | None = None,
    params: DiagnosisParams | None = None,
    reference: str | None = None,
) -> Diagnosis:
    """Diagnose ``chain`` in the focal ``region``.

    Parameters
    ----------
    tables_like
        A :class:`~chainchief.package.Package`, a stored dataset, or a mapping of table
        DataFrames (optionally with a ``"descriptor"`` dict).
    region
        Focal region id; default the descriptor's first ``focal_regions`` entry.
        Local firms are those in this region or below it.
    chain
        Chain id; default the descriptor's first ``chains`` entry.
    params
        Thresholds and weights (:class:`DiagnosisParams`; defaults documented there).
    reference
        Reference region of the location quotients; default the focal region's
        national-scale ancestor (else its top ancestor).
    """
    params = params or DiagnosisParams()
    t, desc = resolve_tables(tables_like)
    region = region or _default(desc, "focal_regions", "region")
    chain = chain or _default(desc, "chains", "chain")
    regions = t["regions"]
    if region not in set(regions["region_id"]):
        raise ValueError(f"unknown region {region!r}")
    if reference is None:
        reference = (
            ancestor_at_scale(regions, region, Scale.NATIONAL) or ancestors(regions, region)[-1]
        )
    notes: list[str] = []

    seg = panorama.chain_segments(t["segments"], t["segment_edges"], chain)
    ids = seg["segment_id"]
    firms = annotate_firms(t["firms"], regions, region, params.leading_includes_listed)
    fseg = firm_segment_frame(t["firm_segments"], firms, chain, ids)
    links = annotate_links(t["supply_links"], firms, chain, ids)
    sales = local_sales(t["sales"], firms, regions, region)

    loc = panorama.local_presence(fseg, firms, ids)
    pres = panorama.presence_by_scale(fseg, firms, ids, params.map_top_organisations)
    inst = panorama.institution_presence(
        t["institutions"], t["knowledge_links"], fseg, firms, regions, region, ids
    )
    pres = pres.merge(inst, on=["segment_id", "scale"], how="left")
    ref_out, lq_src = panorama.reference_output(
        t["indicators"], fseg, firms, regions, reference, chain, ids
    )
    lq = panorama.location_quotients(loc["local_output"], ref_out)
    src = panorama.sourcing_by_scale(links, ids)
    src_sh = panorama.scale_shares(src)
    sales_w, sales_src = panorama.sales_by_scale(sales, links, fseg, ids)
    sal_sh = panorama.scale_shares(sales_w)
    export_all, export_by = position.export_shares(sales_w)
    deps = panorama.dependents(links, fseg, t["segment_edges"], chain, ids)

    table = seg.set_index("segment_id")
    table = table.join(loc)
    table["lq"] = lq
    table["lq_source"] = lq_src
    table["reference_output"] = ref_out
    table["self_sufficiency"] = src_sh[Scale.LOCAL.value]
    for s in SCALES:
        table[f"src_{s}"] = src_sh[s]
        table[f"sal_{s}"] = sal_sh[s]
    table["export_share"] = pd.Series(export_by)
    table["dependents"] = deps
    rel = panorama.related_industries(t["segments"], t["firm_segments"], firms, chain, ids)
    table["related_industries"] = pd.Series(rel, index=table.index, dtype=object)
    table = table.reset_index()
    table = pd.concat([table, classify.classify_segments(table, params)], axis=1)
    fl = fseg[fseg["is_local"].to_numpy()]
    local_chain = int(fl["pos"].nunique())
    table.attrs["local_chain_firms"] = local_chain

    recs = classify.recommend(table, params)
    recs += classify.build_options(
        t["firm_segments"], firms, fl["pos"].unique(), chain, local_chain, params
    )
    recs.sort(key=lambda r: (-r["priority"], str(r["segment_id"] or r["chain_id"])))

    # -- position ------------------------------------------------------------------------
    chain_firms = position.firm_chain_frame(fseg, firms)
    modes, modes_by = position.mode_shares(chain_firms, fseg, firms, ids)
    vc = position.value_capture(fseg, firms, seg, params.va_min_coverage)
    table["captured_share"] = table["segment_id"].map(vc["by_segment"]).astype("float64")
    smile = position.smile_curve(table, vc["local_presence"])

    # exports per firm and foreign buyers (local chain firms)
    in_chain = np.zeros(len(firms), dtype=bool)
    in_chain[fl["pos"].to_numpy()] = True
    sl = sales[in_chain[sales["pos"].to_numpy()]]
    has_sales = len(sl) > 0
    is_exp = np.isin(sl["scale"].to_numpy(), EXPORT_CODES)
    exports = np.bincount(
        sl["pos"].to_numpy(), weights=sl["value"].to_numpy() * is_exp, minlength=len(firms)
    )
    with_buyer = is_exp & pd.notna(sl["buyer"]).to_numpy()
    if with_buyer.any():
        buyers = pd.DataFrame(
            {
                "pos": sl["pos"].to_numpy()[with_buyer],
                "buyer": sl["buyer"].to_numpy()[with_buyer],
                "v": sl["value"].to_numpy()[with_buyer],
            }
        )
        buyer_src = "sales of local firms to foreign markets by buyer_id"
        buyer_seg = None
    else:
        k = links["supplier_local"].to_numpy() & np.isin(links["b_scale"].to_numpy(), EXPORT_CODES)
        buyers = pd.DataFrame(
            {
                "pos": links["s"].to_numpy()[k],
                "buyer": links["b"].to_numpy()[k],
                "v": links["value"].to_numpy()[k],
            }
        )
        buyer_src = "supply links from local suppliers to foreign buyers"
        buyer_seg = links["seg"].to_numpy()[k]

    def units_for(rows: pd.DataFrame, wcol: str) -> pd.DataFrame:
        pos = rows["pos"].to_numpy()
        u = pd.DataFrame(
            {
                c: firms[c].to_numpy()[pos]
                for c in ("revenue", "oem_share", "obm_share", "rnd_spend")
            }
        )
        u["W"] = rows[wcol].to_numpy()
        u["exports"] = exports[pos] * u["W"].to_numpy() if has_sales else np.nan
        return u

    world = _world(regions, region)
    uv_rows = t["indicators"][t["indicators"]["indicator"] == params.unit_value_indicator]
    loc_cf = chain_firms[chain_firms["is_local"].to_numpy()]
    w_pos = np.zeros(len(firms))
    w_pos[loc_cf["pos"].to_numpy()] = loc_cf["W"].to_numpy()
    bpos = buyers["pos"].to_numpy()
    bcode, _ = pd.factorize(buyers["buyer"])
    nb = int(bcode.max()) + 1 if len(bcode) else 0

    def by_buyer(values: np.ndarray, mask: np.ndarray | None = None) -> pd.Series:
        if mask is not None:
            return by_buyer_codes(bcode[mask], values[mask])
        return by_buyer_codes(bcode, values)

    def by_buyer_codes(codes: np.ndarray, values: np.ndarray) -> pd.Series:
        tot = np.bincount(codes, weights=values, minlength=nb)
        return pd.Series(tot[tot > 0])

    lock = lockin.lock_in(
        units_for(loc_cf, "W"),
        vc["share"],
        vc["method"],
        by_buyer(buyers["v"].to_numpy() * w_pos[bpos]),
        buyer_src,
        lockin.unit_value_ratio(uv_rows, region, world, chain, params.unit_value_indicator),
        params.lock_in_weights,
        params.rnd_benchmark,
    )
    lock_by: dict[str, Any] = {}
    for code, sid in enumerate(ids):
        rows = fl[fl["seg"].to_numpy() == code]
        if rows.empty:
            lock_by[str(sid)] = None
            continue
        if buyer_seg is not None:
            bsv = by_buyer(buyers["v"].to_numpy(), buyer_seg == code)
        else:
            w_seg = np.zeros(len(firms))
            w_seg[rows["pos"].to_numpy()] = rows["w"].to_numpy()
            bsv = by_buyer(buyers["v"].to_numpy() * w_seg[bpos])
        cap = vc["by_segment"].get(str(sid))
        lock_by[str(sid)] = lockin.lock_in(
            units_for(rows, "w"),
            float("nan") if cap is None else cap,
            vc["method"],
            bsv,
            buyer_src,
            lockin.unit_value_ratio(
                uv_rows, region, world, chain, params.unit_value_indicator, str(sid)
            ),
            params.lock_in_weights,
            params.rnd_benchmark,
        )
    table["lock_in"] = (
        table["segment_id"]
        .map({k: (v["index"] if v else None) for k, v in lock_by.items()})
        .astype("float64")
    )
    pos_out = {
        "mode_shares": modes,
        "mode_shares_by_segment": modes_by,
        "value_capture": vc,
        "lock_in": {**lock, "by_segment": lock_by},
        "smile_curve": smile,
        "export_share": export_all,
        "sales_source": sales_src,
    }

    # -- governance ------------------------------------------------------------------------
    cap_score = governance.capability_score(firms, params)
    types = governance.link_governance(links, cap_score, params)
    seg_gov, counts = governance.segment_governance(links, types, ids)
    ctype = governance.chain_type(fseg, firms, seg["function"], params, firms["is_lead"].to_numpy())
    table["governance"] = [g["dominant"] for g in seg_gov]
    gov = {"chain_type": ctype, "by_segment": seg_gov, "link_counts": counts}

    # -- leaders ---------------------------------------------------------------------------
    main_seg = fl.sort_values(["pos", "w"], ascending=[True, False]).drop_duplicates("pos")
    lf = firms.iloc[main_seg["pos"].to_numpy()].reset_index(drop=True)
    lf["pos"] = main_seg["pos"].to_numpy()
    lf["segment_id"] = np.asarray(ids)[main_seg["seg"].to_numpy()]
    mk_sales = sales.drop_duplicates(["pos", "market"])["pos"].value_counts()
    sup = links["supplier_local"].to_numpy() & (links["b"].to_numpy() >= 0)
    pairs = pd.unique(links["s"].to_numpy()[sup] * (len(firms) + 1) + links["b"].to_numpy()[sup])
    n_buyers = np.bincount(pairs // (len(firms) + 1), minlength=len(firms))
    has = np.flatnonzero(n_buyers)
    mk = mk_sales.add(pd.Series(n_buyers[has], index=has), fill_value=0)
    ranking = leaders.rank_leaders(lf, mk, params)

    names = regions.set_index("region_id")
    labels = {
        "region_name": str(names.loc[region, "name"]),
        "region_name_zh": None
        if pd.isna(names.loc[region].get("name_zh"))
        else str(names.loc[region, "name_zh"]),
        "reference_name": str(names.loc[reference, "name"]) if reference in names.index else None,
        "dataset_title": desc.get("title"),
        "currency": desc.get("currency"),
        "local_chain_firms": local_chain,
    }
    if lq_src == "firms":
        notes.append(
            f"no output indicators for reference {reference}: LQ from the dataset's firms there"
        )
    notes += [f"lock-in {n}" for n in lock["notes"]]
    return Diagnosis(
        dataset=desc.get("name"),
        region=region,
        chain=chain,
        reference=reference,
        params=params,
        segments=table,
        presence=pres,
        recommendations=recs,
        position=pos_out,
        governance=gov,
        leaders=ranking,
        flows={"sourcing": src, "sales": sales_w},
        labels=labels,
        notes=notes,
    )
