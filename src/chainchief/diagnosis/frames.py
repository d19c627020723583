"""Preparation shared by the diagnosis modules: tables, local firms, scales.

All functions are vectorised: per-firm and per-link work is done with pandas/numpy
operations, never Python loops over firms or links; loops run only over regions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from chainchief.model.enums import SCALE_ORDER, Scale
from chainchief.model.regions import descendants, relation_scales
from chainchief.model.schema import TABLE_ORDER, TABLES
from chainchief.package.coerce import empty_frame, typed_frame

__all__ = [
    "EXPORT_SCALES",
    "SCALES",
    "TablesLike",
    "annotate_firms",
    "annotate_links",
    "firm_segment_weights",
    "leading_mask",
    "num",
    "region_scales",
    "resolve_tables",
]

SCALES: list[str] = [s.value for s in SCALE_ORDER]
EXPORT_SCALES: frozenset[str] = frozenset({Scale.SUPRANATIONAL.value, Scale.GLOBAL.value})
SCALE_DTYPE = pd.CategoricalDtype(SCALES, ordered=True)

TablesLike = Any
"""A package/dataset (``.table(name)``, ``.descriptor``) or a mapping of table frames."""


def resolve_tables(tables_like: TablesLike) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Return ``(tables, descriptor)`` from a Package/Dataset or a mapping of frames.

    A mapping may hold a ``"descriptor"`` entry (a dict); its frames are cast to the
    schema dtypes. Frames of a Package or Dataset are used as they are (already typed).
    """
    if hasattr(tables_like, "table") and hasattr(tables_like, "descriptor"):
        tables = {t: tables_like.table(t) for t in TABLE_ORDER}
        return tables, dict(tables_like.descriptor)
    if isinstance(tables_like, Mapping):
        desc = dict(tables_like.get("descriptor") or {})
        out = {}
        for t in TABLE_ORDER:
            df = tables_like.get(t)
            out[t] = empty_frame(TABLES[t]) if df is None else typed_frame(df, TABLES[t])
        return out, desc
    raise TypeError("expected a Package, a Dataset or a mapping of table DataFrames")


def num(s: pd.Series) -> pd.Series:
    """``s`` as float64 with NaN for missing values."""
    return pd.to_numeric(s, errors="coerce").astype("float64")


def region_scales(regions: pd.DataFrame, region_ids: pd.Series, focal: str) -> pd.Series:
    """Scale of each region's relation to the focal region (categorical, ordered).

    Regions equal to or below the focal region are ``local``; others get the scale of
    the smallest region containing both (:func:`~chainchief.model.regions.relation_scales`).
    Only distinct ids are resolved.
    """
    codes, uniq = pd.factorize(region_ids, use_na_sentinel=True)
    uniq_s = pd.Series(np.asarray(uniq, dtype=object))
    known = set(regions["region_id"].astype(str))
    local = descendants(regions, focal)
    vals = np.full(len(uniq_s), None, dtype=object)
    ok = uniq_s.isin(known).to_numpy()
    if ok.any():
        sub = uniq_s[ok].reset_index(drop=True)
        rel = relation_scales(regions, sub, pd.Series([focal] * len(sub)))
        vals[ok] = np.asarray(rel.astype(object))
    vals[uniq_s.isin(local).to_numpy()] = Scale.LOCAL.value
    if len(vals) == 0:
        return pd.Series(
            pd.Categorical([None] * len(codes), dtype=SCALE_DTYPE), index=region_ids.index
        )
    cat_codes = pd.Categorical(vals, dtype=SCALE_DTYPE).codes
    out_codes = np.where(codes >= 0, cat_codes[np.maximum(codes, 0)], -1)
    return pd.Series(
        pd.Categorical.from_codes(out_codes, dtype=SCALE_DTYPE), index=region_ids.index
    )


def leading_mask(firms: pd.DataFrame, include_listed: bool) -> pd.Series:
    """Leading firms: ``is_lead`` true, or ``listed`` true when ``include_listed``."""
    lead = firms["is_lead"].fillna(False).astype(bool)
    if include_listed and "listed" in firms:
        lead = lead | firms["listed"].fillna(False).astype(bool)
    return lead


def annotate_firms(
    firms: pd.DataFrame, regions: pd.DataFrame, focal: str, include_listed: bool = True
) -> pd.DataFrame:
    """Firms with numeric columns as float and ``is_local``, ``scale``, ``leading`` added.

    ``scale`` is the scale of the firm's relation to the focal region, ``local`` for
    firms in the focal region or below it.
    """
    out = pd.DataFrame(
        {
            "firm_id": firms["firm_id"].to_numpy(),
            "name": firms["name"].to_numpy(),
            "region_id": firms["region_id"].to_numpy(),
        }
    )
    for c in (
        "employees",
        "revenue",
        "value_added",
        "rnd_spend",
        "patents",
        "own_brands",
        "oem_share",
        "odm_share",
        "obm_share",
    ):
        out[c] = num(firms[c]).to_numpy() if c in firms else np.nan
    out["listed"] = firms["listed"].fillna(False).astype(bool).to_numpy()
    out["leading"] = leading_mask(firms, include_listed).to_numpy()
    out["scale"] = region_scales(regions, out["region_id"], focal).array
    out["is_local"] = (out["scale"] == Scale.LOCAL.value).to_numpy()
    return out


def firm_segment_weights(firm_segments: pd.DataFrame, chain: str) -> pd.DataFrame:
    """Rows of ``chain`` with a weight ``w``: the share, else 1 / (firm's segments).

    Returns columns ``firm_id``, ``segment_id``, ``w``, ``capacity``.
    """
    fs = firm_segments[firm_segments["chain_id"] == chain]
    n = fs.groupby("firm_id", sort=False)["segment_id"].transform("size")
    share = num(fs["share"])
    w = share.fillna(1.0 / n.astype("float64"))
    return pd.DataFrame(
        {
            "firm_id": fs["firm_id"].to_numpy(),
            "segment_id": fs["segment_id"].to_numpy(),
            "w": w.to_numpy(dtype="float64"),
            "capacity": num(fs["capacity"]).to_numpy(),
        }
    )


def annotate_links(links: pd.DataFrame, firms_ann: pd.DataFrame, chain: str) -> pd.DataFrame:
    """Supply links of ``chain`` with supplier/buyer positions, scales and locality.

    Columns: ``segment_id``, ``value`` (missing as 0), ``complexity``, ``codifiability``,
    ``s`` and ``b`` (row positions in ``firms_ann``, -1 when unknown),
    ``supplier_scale``, ``buyer_scale``, ``supplier_local``, ``buyer_local``.
    """
    lk = links if (links["chain_id"] == chain).all() else links[links["chain_id"] == chain]
    index = pd.Index(firms_ann["firm_id"])
    s = index.get_indexer(lk["supplier_id"])
    b = index.get_indexer(lk["buyer_id"])
    scale_codes = firms_ann["scale"].cat.codes.to_numpy()
    local = firms_ann["is_local"].to_numpy()
    s_ok = s >= 0
    b_ok = b >= 0
    sc = np.where(s_ok, scale_codes[np.maximum(s, 0)], -1)
    bc = np.where(b_ok, scale_codes[np.maximum(b, 0)], -1)
    out = pd.DataFrame(
        {
            "segment_id": lk["segment_id"].to_numpy(),
            "value": np.nan_to_num(num(lk["value"]).to_numpy(), nan=0.0),
            "complexity": num(lk["complexity"]).to_numpy(),
            "codifiability": num(lk["codifiability"]).to_numpy(),
            "s": s,
            "b": b,
            "supplier_scale": pd.Categorical.from_codes(sc.astype("int8"), dtype=SCALE_DTYPE),
            "buyer_scale": pd.Categorical.from_codes(bc.astype("int8"), dtype=SCALE_DTYPE),
            "supplier_local": s_ok & local[np.maximum(s, 0)],
            "buyer_local": b_ok & local[np.maximum(b, 0)],
        }
    )
    return out
