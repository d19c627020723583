"""Substitute-supplier search for a disrupted supplier (issue 5, item 2).

The ranking is :func:`chainchief.simulation.substitution.rank_substitutes`, the function
the simulation's substitution shares, so both agree: candidates of the same segment by
adequacy (spare capacity covering at least ``min_cover`` of the lost daily flow on its
own; those that can come first), then search step (local -> prefecture -> province ->
[partner parks] -> national -> supranational -> global), then spare capacity, then firm
id. The lost flow is the disrupted supplier's deliveries of the segment to buyers in the
region (supply-link value / ``days_per_year``). This module adds the
context a chain chief needs to phone them: mean lead time of their existing supply links,
past relations with local firms and capability (patents, revenue); these columns are
informative and never change the order.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.diagnosis.frames import num, resolve_tables
from chainchief.model.regions import descendants
from chainchief.simulation.substitution import rank_substitutes

__all__ = ["baseline_spare", "find_substitutes"]


def baseline_spare(tables_like: Any) -> pd.Series:
    """Daily spare capacity by firm id at the simulation's baseline: capacity − output.

    Uses :func:`chainchief.simulation.build_network`, so the spare is the one the
    simulation offers to searching buyers on the first day of a shock.
    """
    from chainchief.simulation import build_network

    if hasattr(tables_like, "firms"):
        data = tables_like
    else:
        tables, _ = resolve_tables(tables_like)
        data = _Tables(tables)
    net = build_network(data)
    return pd.Series(np.maximum(net.cap - net.x0, 0.0), index=net.firm_ids.astype(str))


class _Tables:
    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        for k, v in tables.items():
            setattr(self, k, v)


def find_substitutes(
    tables_like: Any,
    firm: str,
    *,
    segment: str | None = None,
    region: str | None = None,
    exclude_regions: list[str] | None = None,
    partner_regions: list[str] | None = None,
    spare: pd.Series | str | None = "baseline",
    outside_only: bool = False,
    top: int | None = None,
    min_cover: float = 0.6,
    lost: float | None = None,
    days_per_year: float = 365.0,
) -> pd.DataFrame:
    """Rank replacement suppliers for ``firm`` as seen from the buyers' region.

    Parameters
    ----------
    tables_like
        Package, stored Dataset or mapping of table frames.
    firm
        Id of the disrupted supplier (never proposed).
    segment
        Segment to replace (default: the firm's segment when it has exactly one).
    region
        Region of the buyers (default: the dataset's first focal region).
    exclude_regions
        Regions cut off (every firm in them or below them is left out).
    partner_regions
        ICCM partner regions (found at the ``partner`` step, as in the simulation).
    spare
        Spare capacity by firm id; ``"baseline"`` (default): :func:`baseline_spare`, the
        simulation's; None: :func:`rank_substitutes`'s default (capacity / 365).
    outside_only
        Leave out firms in ``region`` itself: the local cluster's own spare is usually
        already taken by the buyers, and the chief phones suppliers elsewhere.
    top
        Keep the first ``top`` rows.
    min_cover
        Adequacy threshold (default 0.6): candidates whose spare covers at least this
        share of the lost daily flow come first (0 switches the rule off).
    lost
        Lost daily flow (default: the firm's supply-link value of ``segment`` to buyers in
        ``region`` or below, divided by ``days_per_year``; without such links the
        adequacy rule is off).
    days_per_year
        Days per year converting yearly link values to daily flows (365, as the
        simulation's spare capacity is daily).

    Returns
    -------
    DataFrame
        The columns of :func:`rank_substitutes` (``cover`` and ``adequate`` included)
        plus ``lost_flow``, ``name``, ``segment_id``,
        ``lead_time_days`` (mean over its supply links; NaN when none),
        ``past_relations`` (supply links with firms of ``region``), ``patents``, ``revenue``.
    """
    tables, desc = resolve_tables(tables_like)
    firms, fs, regions = tables["firms"], tables["firm_segments"], tables["regions"]
    fid = firms["firm_id"].astype(str)
    if firm not in set(fid):
        raise KeyError(f"unknown firm {firm!r}")
    region = region or (desc.get("focal_regions") or [None])[0]
    if region is None:
        raise ValueError("give the buyers' region (the descriptor names no focal region)")
    if segment is None:
        segs = fs.loc[fs["firm_id"].astype(str) == firm, "segment_id"].astype(str).unique()
        if len(segs) != 1:
            raise ValueError(f"firm {firm!r} makes {len(segs)} segments; give --segment")
        segment = str(segs[0])
    excluded = [firm]
    if exclude_regions:
        cut = descendants(regions, exclude_regions)
        excluded += fid[firms["region_id"].astype(str).isin(cut)].tolist()
    local = set(fid[firms["region_id"].astype(str).isin(descendants(regions, region))])
    if min_cover < 0:
        raise ValueError(f"min_cover must be >= 0, got {min_cover}")
    if days_per_year <= 0:
        raise ValueError(f"days_per_year must be > 0, got {days_per_year}")
    links = tables["supply_links"]
    if lost is None:
        mine = (
            (links["supplier_id"].astype(str) == firm)
            & (links["segment_id"].astype(str) == segment)
            & links["buyer_id"].astype(str).isin(local)
        )
        total = float(num(links.loc[mine, "value"]).fillna(0.0).sum())
        lost = total / days_per_year if total > 0 else None
    if outside_only:
        excluded += sorted(local)
    if isinstance(spare, str):
        if spare != "baseline":
            raise ValueError(f"unknown spare {spare!r}: use 'baseline' or a Series")
        spare = baseline_spare(tables_like)
    out = rank_substitutes(
        region,
        segment,
        regions=regions,
        firms=firms,
        firm_segments=fs,
        spare=spare,
        exclude=excluded,
        partner_regions=partner_regions,
        lost=lost if min_cover > 0 else None,
        min_cover=min_cover,
    )
    out["lost_flow"] = np.nan if lost is None else float(lost)
    fi = pd.Index(fid).get_indexer(out["firm_id"])
    out["name"] = firms["name"].astype("str").to_numpy()[fi]
    out["segment_id"] = segment
    sup = links["supplier_id"].astype(str)
    lead = num(links["lead_time_days"]) if "lead_time_days" in links else pd.Series(np.nan)
    out["lead_time_days"] = lead.groupby(sup).mean().reindex(out["firm_id"]).to_numpy()
    buy = links["buyer_id"].astype(str)
    with_local = sup[buy.isin(local)].tolist() + buy[sup.isin(local)].tolist()
    counts = pd.Series(with_local, dtype="str").value_counts()
    out["past_relations"] = counts.reindex(out["firm_id"]).fillna(0).astype("Int64").to_numpy()
    out["patents"] = num(firms["patents"]).to_numpy()[fi]
    out["revenue"] = num(firms["revenue"]).to_numpy()[fi]
    return out if top is None else out.head(top).reset_index(drop=True)
