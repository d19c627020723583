"""Coupling flows: the sales and sourcing relations of a focal region's firms, by scale.

A *flow* row is one relation of a local firm with a partner: a sale to a market (and a
buyer, when known) or a purchase from a supplier. Each row carries the scale of the
relation between the focal region and the partner's region (concepts.md section 2),
which every coupling measure then aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from chainchief.model.enums import Scale
from chainchief.model.regions import relation_scales

__all__ = [
    "FLOW_COLUMNS",
    "FOREIGN_SCALES",
    "coupling_flows",
    "primary_segments",
    "region_members",
    "scale_to_region",
]

FLOW_COLUMNS = [
    "flow",
    "year",
    "firm_id",
    "partner_id",
    "partner_region_id",
    "scale",
    "chain_id",
    "segment_id",
    "value",
    "partner_is_lead",
    "partner_foreign",
]

#: Scales at which a partner lies outside the focal region's country.
FOREIGN_SCALES = (Scale.SUPRANATIONAL.value, Scale.GLOBAL.value)

_SCALE_DTYPE = pd.CategoricalDtype([s.value for s in Scale], ordered=True)


def region_members(regions: pd.DataFrame, region_id: str) -> set[str]:
    """Return ``region_id`` and every region nested in it (its descendants).

    Raises ``KeyError`` for an unknown region.
    """
    ids = regions["region_id"].astype(str)
    if region_id not in set(ids):
        raise KeyError(f"unknown region {region_id!r}")
    parent = regions["parent_id"].astype("string") if "parent_id" in regions else None
    members = {region_id}
    if parent is None:
        return members
    children: dict[str, list[str]] = {}
    for child, par in zip(ids, parent, strict=True):
        if par is not pd.NA and isinstance(par, str):
            children.setdefault(par, []).append(child)
    stack = [region_id]
    while stack:
        for c in children.get(stack.pop(), []):
            if c not in members:
                members.add(c)
                stack.append(c)
    return members


def scale_to_region(
    regions: pd.DataFrame, focal: str, partner_regions: Iterable[str]
) -> dict[str, str]:
    """Scale of the relation between ``focal`` and each distinct partner region.

    Regions nested in the focal region relate at ``local`` scale whatever the focal
    region's own scale.
    """
    uniq = pd.Series(pd.unique(pd.Series(list(partner_regions), dtype="str").dropna()))
    if uniq.empty:
        return {}
    inside = region_members(regions, focal)
    known = set(regions["region_id"].astype(str))
    unknown = sorted(set(uniq) - known)
    if unknown:
        raise KeyError(f"partner regions not in the regions table: {unknown[:5]}")
    sc = relation_scales(regions, pd.Series([focal] * len(uniq)), uniq)
    out = dict(zip(uniq, sc.astype(str), strict=True))
    for r in uniq:
        if r in inside:
            out[r] = Scale.LOCAL.value
    return out


def primary_segments(firm_segments: pd.DataFrame, chain: str | None = None) -> pd.DataFrame:
    """One row per firm: its main (largest-share) segment, within ``chain`` when given.

    Returns columns ``firm_id``, ``chain_id``, ``segment_id``.
    """
    fs = firm_segments
    if chain is not None:
        fs = fs[fs["chain_id"] == chain]
    if fs.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="str") for c in ["firm_id", "chain_id", "segment_id"]}
        )
    share = fs["share"] if "share" in fs else pd.Series(1.0, index=fs.index)
    order = pd.DataFrame(
        {"firm_id": fs["firm_id"], "share": share.astype(float).fillna(0.0)}, index=fs.index
    ).sort_values(["firm_id", "share"], ascending=[True, False], kind="stable")
    first = order[~order["firm_id"].duplicated()].index
    return fs.loc[first, ["firm_id", "chain_id", "segment_id"]].reset_index(drop=True)


def _firm_lookup(firms: pd.DataFrame) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    idx = pd.Index(firms["firm_id"].astype(str))
    if idx.has_duplicates:
        raise ValueError("firms.firm_id has duplicate ids")
    region = firms["region_id"].astype(str).to_numpy()
    lead = (
        firms["is_lead"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if "is_lead" in firms
        else np.zeros(len(firms), dtype=bool)
    )
    return idx, region, lead


def _empty_flows() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="str") for c in FLOW_COLUMNS})
    out["year"] = out["year"].astype("Int64")
    out["value"] = out["value"].astype(float)
    out["scale"] = out["scale"].astype(_SCALE_DTYPE)
    out["partner_is_lead"] = out["partner_is_lead"].astype("boolean")
    out["partner_foreign"] = out["partner_foreign"].astype(bool)
    return out


def _finish(df: pd.DataFrame, scale_of: dict[str, str]) -> pd.DataFrame:
    codes = pd.Categorical(df["partner_region_id"].map(scale_of).astype(object), dtype=_SCALE_DTYPE)
    df["scale"] = codes
    df["partner_foreign"] = np.isin(df["scale"].astype(str).to_numpy(), FOREIGN_SCALES)
    return df[FLOW_COLUMNS].reset_index(drop=True)


def coupling_flows(
    regions: pd.DataFrame,
    firms: pd.DataFrame,
    region: str,
    *,
    sales: pd.DataFrame | None = None,
    supply_links: pd.DataFrame | None = None,
    firm_segments: pd.DataFrame | None = None,
    chain: str | None = None,
) -> pd.DataFrame:
    """Sales and sourcing relations of the firms located in ``region``, with their scale.

    Parameters
    ----------
    regions, firms
        The ``regions`` and ``firms`` tables of a chain data package.
    region
        Focal region id; firms in it or in any region nested in it are *local*.
    sales
        ``sales`` table. Each sale of a local firm becomes a ``flow="sales"`` row whose
        partner region is the market region and whose partner is the buyer (if known).
    supply_links
        ``supply_links`` table. Each link whose buyer is local becomes a
        ``flow="sourcing"`` row whose partner is the supplier.
    firm_segments
        ``firm_segments`` table; gives each selling firm's main segment for sales rows
        and, with ``chain``, restricts sales to firms active in that chain.
    chain
        Restrict to one chain (supply links by ``chain_id``; sales by the seller's
        segments).

    Returns
    -------
    DataFrame
        Columns :data:`FLOW_COLUMNS`; ``scale`` is an ordered categorical of
        :class:`~chainchief.model.enums.Scale` values, ``partner_foreign`` is True at the
        supranational and global scales.
    """
    fidx, fregion, flead = _firm_lookup(firms)
    inside = region_members(regions, region)
    local = np.isin(fregion, list(inside))
    parts: list[pd.DataFrame] = []
    partner_regions: list[np.ndarray] = []

    if sales is not None and not sales.empty:
        pos = fidx.get_indexer(pd.Index(sales["firm_id"].astype(str)))
        if (pos < 0).any():
            bad = sales["firm_id"][pos < 0].iloc[0]
            raise KeyError(f"sales.firm_id {bad!r} is not in firms")
        keep = local[pos]
        s = sales[keep]
        seg = (
            primary_segments(firm_segments, chain)
            if firm_segments is not None
            else pd.DataFrame(columns=["firm_id", "chain_id", "segment_id"])
        )
        seg_map = seg.set_index("firm_id")
        firm_ids = s["firm_id"].astype(str)
        if chain is not None:
            in_chain = firm_ids.isin(seg_map.index)
            s, firm_ids = s[in_chain], firm_ids[in_chain]
        buyer = (
            s["buyer_id"].astype("str")
            if "buyer_id" in s
            else pd.Series(pd.NA, index=s.index, dtype="str")
        )
        bpos = fidx.get_indexer(pd.Index(buyer.fillna("")))
        blead = np.where(bpos >= 0, flead[np.maximum(bpos, 0)], False)
        df = pd.DataFrame(
            {
                "flow": "sales",
                "year": (s["year"] if "year" in s else pd.Series(pd.NA, index=s.index)).astype(
                    "Int64"
                ),
                "firm_id": firm_ids,
                "partner_id": buyer,
                "partner_region_id": s["market_region_id"].astype(str),
                "chain_id": firm_ids.map(seg_map["chain_id"]).astype("str"),
                "segment_id": firm_ids.map(seg_map["segment_id"]).astype("str"),
                "value": s["value"].astype(float),
                "partner_is_lead": pd.array(blead, dtype="boolean"),
            },
            index=s.index,
        )
        parts.append(df)
        partner_regions.append(df["partner_region_id"].unique())

    if supply_links is not None and not supply_links.empty:
        links = supply_links
        if chain is not None:
            links = links[links["chain_id"] == chain]
        bpos = fidx.get_indexer(pd.Index(links["buyer_id"].astype(str)))
        spos = fidx.get_indexer(pd.Index(links["supplier_id"].astype(str)))
        if (bpos < 0).any() or (spos < 0).any():
            bad = np.flatnonzero((bpos < 0) | (spos < 0))[0]
            raise KeyError(f"supply_links row {bad}: supplier or buyer is not in firms")
        keep = local[bpos]
        links, spos = links[keep], spos[keep]
        sregion = fregion[spos]
        df = pd.DataFrame(
            {
                "flow": "sourcing",
                "year": (
                    links["year"] if "year" in links else pd.Series(pd.NA, index=links.index)
                ).astype("Int64"),
                "firm_id": links["buyer_id"].astype(str),
                "partner_id": links["supplier_id"].astype(str),
                "partner_region_id": sregion,
                "chain_id": links["chain_id"].astype("str"),
                "segment_id": links["segment_id"].astype("str"),
                "value": links["value"].astype(float) if "value" in links else 1.0,
                "partner_is_lead": pd.array(flead[spos], dtype="boolean"),
            },
            index=links.index,
        )
        parts.append(df)
        partner_regions.append(pd.unique(sregion))

    if not parts:
        return _empty_flows()
    scale_of = scale_to_region(regions, region, np.concatenate(partner_regions))
    out = pd.concat([p for p in parts], ignore_index=True) if len(parts) > 1 else parts[0]
    return _finish(out, scale_of)
