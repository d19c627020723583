"""What-if for an attraction decision (issue 5, item 4; simplified).

:func:`what_if` places the candidate in the focal region (a new local plant, with its
attributes) and gives it typical links to local firms: for each of its segments s, the
``max_links`` largest local firms working in a segment that s feeds (template edges) buy
s from it, each for the median value of the chain's existing supply links of s (else of
all links). It then compares, before and after: segment classes and recommendations of
the diagnosis, coupling diversity and foreign-lead dependence of local sales (as in the
``coupling`` component), and the supplier concentration (HHI of local buyers' purchases
by supplier) of the candidate's segments, and, when the dataset has a reference scenario
in the library (or ``scenario`` names one), the focal group's loss and recovery under it
(peak loss, cumulative loss, time to recover, replaced share; one deterministic run each,
see :mod:`chainchief.attraction.whatif_sim`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chainchief.attraction.match import SCALES, _local_flows
from chainchief.diagnosis.frames import num, resolve_tables
from chainchief.model.regions import descendants

__all__ = ["what_if", "what_if_to_dict"]


def _hhi_by_segment(tables: dict[str, pd.DataFrame], local: set[str], chain: str) -> pd.Series:
    lk = tables["supply_links"]
    lk = lk[(lk["chain_id"].astype(str) == chain) & lk["buyer_id"].astype(str).isin(local)]
    df = pd.DataFrame(
        {
            "s": lk["segment_id"].astype(str).to_numpy(),
            "f": lk["supplier_id"].astype(str).to_numpy(),
            "v": num(lk["value"]).fillna(0.0).to_numpy(),
        }
    )
    g = df.groupby(["s", "f"])["v"].sum().reset_index()
    tot = g.groupby("s")["v"].transform("sum")
    g["q"] = np.where(tot > 0, (g["v"] / tot) ** 2, 0.0)
    return g.groupby("s")["q"].sum()


def _coupling(tables: dict[str, pd.DataFrame], region: str, local: set[str]) -> dict[str, float]:
    firms = tables["firms"]
    fid = pd.Index(firms["firm_id"].astype(str))
    is_local = firms["firm_id"].astype(str).isin(local).to_numpy()
    lead = firms["is_lead"].astype("boolean").fillna(False).to_numpy(bool)
    flow, dep = _local_flows(tables, tables["regions"], region, fid, is_local, lead)
    tot = float(flow.sum())
    if tot <= 0:
        return {"diversity": float("nan"), "lead_dependence": float("nan")}
    return {
        "diversity": 1.0 - float(((flow / tot) ** 2).sum()),
        "lead_dependence": dep / tot,
        **{f"share_{s}": float(v / tot) for s, v in zip(SCALES, flow, strict=True)},
    }


def what_if(
    tables_like: Any,
    candidate: str,
    region: str | None = None,
    chain: str | None = None,
    *,
    max_links: int = 5,
    coupling_added_share: float = 0.05,
    simulate: bool = True,
    scenario: str | Path | dict[str, Any] | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Before/after comparison of attracting ``candidate`` into the focal region.

    Parameters
    ----------
    max_links
        Local buyers per candidate segment given a typical link (default 5).
    coupling_added_share
        Sale of a candidate without sales rows, as a share of local sales (0.05).
    simulate
        Compare loss and recovery under a scenario (default True; skipped, with a note,
        when no scenario is given and the library has none for the dataset).
    scenario
        Library name, YAML file or raw dict; default: the dataset's reference scenario
        (:func:`chainchief.attraction.whatif_sim.reference_scenario`).
    seed
        Seed of the single deterministic run (default 0).

    Returns
    -------
    dict
        ``segments`` (DataFrame: segment_id, class_before, class_after,
        supplier_hhi_before, supplier_hhi_after), ``recommendations_before`` /
        ``_after`` (lists), ``coupling`` (DataFrame: measure, before, after),
        ``added_links`` (DataFrame), ``simulation`` (None, or the dict of
        :func:`chainchief.attraction.whatif_sim.simulate_before_after`),
        ``notes`` and ``parameters``.
    """
    from chainchief.diagnosis import diagnose

    tables, desc = resolve_tables(tables_like)
    region = region or (desc.get("focal_regions") or [None])[0]
    chain = chain or (desc.get("chains") or [None])[0]
    if region is None or chain is None:
        raise ValueError("give region and chain")
    firms, fs = tables["firms"], tables["firm_segments"]
    if candidate not in set(firms["firm_id"].astype(str)):
        inst = tables.get("institutions")
        if (
            inst is not None
            and "institution_id" in inst
            and candidate in set(inst["institution_id"].astype(str))
        ):
            raise ValueError(
                f"what-if: {candidate!r} is an institution; the what-if places firms only "
                "(an institution has no supply links or sales to move into the region)"
            )
        raise KeyError(f"unknown candidate {candidate!r}")
    cut = descendants(tables["regions"], region)
    local = set(firms.loc[firms["region_id"].astype(str).isin(cut), "firm_id"].astype(str))
    if candidate in local:
        raise ValueError(f"{candidate!r} is already local")

    after = {k: v.copy() for k, v in tables.items()}
    f2 = after["firms"]
    f2.loc[f2["firm_id"].astype(str) == candidate, "region_id"] = region
    csegs = fs.loc[
        (fs["firm_id"].astype(str) == candidate) & (fs["chain_id"].astype(str) == chain),
        "segment_id",
    ].astype(str)
    edges = tables["segment_edges"]
    edges = edges[edges["chain_id"].astype(str) == chain]
    links = tables["supply_links"]
    rev = num(firms["revenue"]).fillna(0.0)
    rev.index = firms["firm_id"].astype(str).to_numpy()
    lf = fs[fs["firm_id"].astype(str).isin(local) & (fs["chain_id"].astype(str) == chain)]
    new_rows = []
    for s in csegs.unique():  # the candidate's few segments
        targets = edges.loc[edges["from_segment"].astype(str) == s, "to_segment"].astype(str)
        buyers = pd.Index(lf.loc[lf["segment_id"].astype(str).isin(targets), "firm_id"])
        buyers = buyers.astype(str).unique()
        top = rev.reindex(buyers).sort_values(ascending=False, kind="stable").head(max_links)
        seg_links = num(links.loc[links["segment_id"].astype(str) == s, "value"]).dropna()
        value = float(seg_links.median() if len(seg_links) else num(links["value"]).median())
        for b in top.index:
            new_rows.append(
                {
                    "supplier_id": candidate,
                    "buyer_id": b,
                    "chain_id": chain,
                    "segment_id": s,
                    "value": value,
                }
            )
    added = pd.DataFrame(
        new_rows, columns=["supplier_id", "buyer_id", "chain_id", "segment_id", "value"]
    )
    if len(added):
        after["supply_links"] = pd.concat([links, added], ignore_index=True)
    local_after = local | {candidate}
    # Its market: its own sales rows come with it; without any, one sale to its home
    # region worth coupling_added_share x (1 + is_lead) of the local sales (as in the match).
    sales = tables["sales"]
    if not (sales["firm_id"].astype(str) == candidate).any():
        home = str(firms.loc[firms["firm_id"].astype(str) == candidate, "region_id"].iloc[0])
        is_lead = bool(
            firms.loc[firms["firm_id"].astype(str) == candidate, "is_lead"]
            .astype("boolean")
            .fillna(False)
            .iloc[0]
        )
        loc_sales = num(sales.loc[sales["firm_id"].astype(str).isin(local), "value"]).sum()
        value = coupling_added_share * float(loc_sales) * (1.0 + is_lead)
        # A lead firm sells through its own (home) organisation: a foreign lead's plant
        # keeps the region dependent on it.
        row = pd.DataFrame(
            {
                "firm_id": [candidate],
                "market_region_id": [home],
                "value": [value],
                "buyer_id": [candidate if is_lead else None],
            }
        )
        after["sales"] = pd.concat([sales, row], ignore_index=True)

    d0 = diagnose(tables_like, region=region, chain=chain)
    d1 = diagnose({"descriptor": desc, **after}, region=region, chain=chain)
    segs = pd.DataFrame(
        {
            "segment_id": d0.segments["segment_id"].astype(str).to_numpy(),
            "class_before": d0.segments["class"].astype(str).to_numpy(),
        }
    )
    segs["class_after"] = (
        d1.segments.set_index(d1.segments["segment_id"].astype(str))["class"]
        .astype(str)
        .reindex(segs["segment_id"])
        .to_numpy()
    )
    h0 = _hhi_by_segment(tables, local, chain)
    h1 = _hhi_by_segment(after, local_after, chain)
    segs["supplier_hhi_before"] = h0.reindex(segs["segment_id"]).to_numpy()
    segs["supplier_hhi_after"] = h1.reindex(segs["segment_id"]).to_numpy()
    c0 = _coupling(tables, region, local)
    c1 = _coupling(after, region, local_after)
    keys = list(dict.fromkeys([*c0, *c1]))
    coupling = pd.DataFrame(
        {"measure": keys, "before": [c0.get(k) for k in keys], "after": [c1.get(k) for k in keys]}
    )
    notes: list[str] = []
    sim = None
    if simulate:
        from chainchief.attraction.whatif_sim import reference_scenario, simulate_before_after

        ref = scenario if scenario is not None else reference_scenario(str(desc.get("name", "")))
        if ref is None:
            notes.append(
                f"no reference scenario for dataset {desc.get('name')!r} in the library: "
                "loss and recovery not compared (give a scenario)"
            )
        else:
            sim = simulate_before_after(tables, after, dict(desc), ref, seed=seed)
    return {
        "candidate": candidate,
        "region": region,
        "chain": chain,
        "segments": segs,
        "recommendations_before": d0.recommendations,
        "recommendations_after": d1.recommendations,
        "coupling": coupling,
        "added_links": added,
        "simulation": sim,
        "notes": notes,
        "parameters": {
            "max_links": max_links,
            "coupling_added_share": coupling_added_share,
            "simulate": simulate,
            "scenario": None if sim is None else sim["scenario"],
            "seed": seed,
        },
    }


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Records with NaN as None (JSON null)."""
    out = []
    for rec in df.astype(object).where(df.notna(), None).to_dict("records"):
        out.append({str(k): (v.item() if hasattr(v, "item") else v) for k, v in rec.items()})
    return out


def what_if_to_dict(wi: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready form of a :func:`what_if` result (the simulation's daily totals left out)."""
    sim = wi.get("simulation")
    return {
        "candidate": wi["candidate"],
        "parameters": wi["parameters"],
        "segments": _rows(wi["segments"]),
        "coupling": _rows(wi["coupling"]),
        "added_links": _rows(wi["added_links"]),
        "recommendations_before": wi["recommendations_before"],
        "recommendations_after": wi["recommendations_after"],
        "simulation": None
        if sim is None
        else {
            "scenario": sim["scenario"],
            "title": sim["title"],
            "source": sim["source"],
            "seed": sim["seed"],
            "days": sim["days"],
            "metrics": _rows(sim["metrics"]),
        },
        "notes": list(wi.get("notes", [])),
    }
