"""Preparation shared by the diagnosis modules: tables, local firms, scales, positions.

Everything is vectorised. String ids are resolved to integer positions once: small
lookups with pyarrow, the big joins (firm segments, supply links, sales against the
firm table) with DuckDB, so that the rest works on integer codes with numpy. Python
loops run only over regions and segments, never over firms or links.

Conventions: ``pos`` is a row position in the annotated firm table, ``seg`` the position
of a segment in the chain order, scale codes index :data:`SCALES`; -1 means unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chainchief.model.enums import SCALE_ORDER, Scale
from chainchief.model.regions import descendants, relation_scales
from chainchief.model.schema import TABLE_ORDER, TABLES
from chainchief.package.coerce import empty_frame, typed_frame

__all__ = [
    "EXPORT_CODES",
    "EXPORT_SCALES",
    "SCALES",
    "SCALE_DTYPE",
    "TablesLike",
    "annotate_firms",
    "annotate_links",
    "firm_segment_frame",
    "leading_mask",
    "local_sales",
    "lookup",
    "num",
    "region_scale_codes",
    "region_scales",
    "resolve_tables",
    "to_arrow",
]

SCALES: list[str] = [s.value for s in SCALE_ORDER]
EXPORT_SCALES: frozenset[str] = frozenset({Scale.SUPRANATIONAL.value, Scale.GLOBAL.value})
EXPORT_CODES: tuple[int, ...] = tuple(SCALES.index(s) for s in sorted(EXPORT_SCALES))
SCALE_DTYPE = pd.CategoricalDtype(SCALES, ordered=True)
LOCAL_CODE = SCALES.index(Scale.LOCAL.value)

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


def to_arrow(s: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A string Series as an Arrow array (zero-copy for Arrow-backed columns)."""
    arr = s.array
    if hasattr(arr, "__arrow_array__"):
        out = arr.__arrow_array__()
        return out if pa.types.is_string(out.type) else out.cast(pa.string())
    return pa.array(s.astype("object").where(s.notna(), None).tolist(), type=pa.string())


def lookup(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """Position of each value in ``keys`` (first match), -1 when absent or missing.

    Small key sets use a pyarrow hash lookup; large ones a DuckDB join (parallel).
    """
    if len(keys) > 50_000 and len(values) > 0:
        return _lookup_duckdb(values, keys)
    ks = to_arrow(keys)
    if isinstance(ks, pa.ChunkedArray):
        ks = ks.combine_chunks()
    idx = pc.index_in(to_arrow(values), value_set=ks)
    return np.asarray(pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _lookup_duckdb(values: pd.Series, keys: pd.Series) -> np.ndarray:
    v = pa.table({"k": to_arrow(values), "i": pa.array(np.arange(len(values), dtype=np.int64))})
    k = pa.table({"k": to_arrow(keys), "pos": pa.array(np.arange(len(keys), dtype=np.int64))})
    con = _con()
    con.register("v", v)
    con.register("kt", k)
    res = con.sql(
        "SELECT v.i, min(kt.pos) AS pos FROM v JOIN kt ON v.k = kt.k GROUP BY v.i"
    ).to_arrow_table()
    con.close()
    out = np.full(len(values), -1, dtype=np.int64)
    out[np.asarray(res["i"].to_numpy())] = np.asarray(res["pos"].to_numpy())
    return out


def _con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    return con


def region_scale_codes(regions: pd.DataFrame, focal: str) -> np.ndarray:
    """Scale code of every row of ``regions`` relative to the focal region.

    Regions equal to or below the focal region are ``local``; others get the scale of
    the smallest region containing both (:func:`~chainchief.model.regions.relation_scales`).
    """
    ids = regions["region_id"].astype("str").reset_index(drop=True)
    rel = relation_scales(regions, ids, pd.Series([focal] * len(ids)))
    codes = np.asarray(rel.cat.codes, dtype=np.int64)
    local = ids.isin(descendants(regions, focal)).to_numpy()
    codes[local] = LOCAL_CODE
    return codes


def region_scales(regions: pd.DataFrame, region_ids: pd.Series, focal: str) -> pd.Series:
    """Scale of each region's relation to the focal region (ordered categorical)."""
    table = region_scale_codes(regions, focal)
    pos = lookup(region_ids, regions["region_id"])
    codes = np.where(pos >= 0, table[np.maximum(pos, 0)] if len(table) else -1, -1)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=SCALE_DTYPE), index=region_ids.index)


def leading_mask(firms: pd.DataFrame, include_listed: bool) -> pd.Series:
    """Leading firms: ``is_lead`` true, or ``listed`` true when ``include_listed``."""
    lead = firms["is_lead"].fillna(False).astype(bool)
    if include_listed and "listed" in firms:
        lead = lead | firms["listed"].fillna(False).astype(bool)
    return lead


NUMERIC = (
    "employees",
    "revenue",
    "value_added",
    "rnd_spend",
    "patents",
    "own_brands",
    "oem_share",
    "odm_share",
    "obm_share",
)


def annotate_firms(
    firms: pd.DataFrame, regions: pd.DataFrame, focal: str, include_listed: bool = True
) -> pd.DataFrame:
    """Firms with numeric columns as float and ``is_local``, ``scale``, ``leading`` added.

    ``scale`` is the scale of the firm's relation to the focal region, ``local`` for
    firms in the focal region or below it. Rows keep the order of ``firms``.
    """
    out = pd.DataFrame(
        {c: firms[c].reset_index(drop=True) for c in ("firm_id", "name", "region_id")}
    )
    for c in NUMERIC:
        out[c] = num(firms[c]).to_numpy() if c in firms else np.nan
    out["is_lead"] = firms["is_lead"].fillna(False).astype(bool).to_numpy()
    out["leading"] = leading_mask(firms, include_listed).to_numpy()
    out["scale"] = region_scales(regions, out["region_id"], focal).array
    out["is_local"] = np.asarray(out["scale"].cat.codes == LOCAL_CODE)
    return out


def _firm_keys(firms_ann: pd.DataFrame) -> pa.Table:
    return pa.table(
        {
            "k": to_arrow(firms_ann["firm_id"]),
            "pos": pa.array(np.arange(len(firms_ann), dtype=np.int64)),
        }
    )


def _seg_keys(segment_ids: pd.Series) -> pa.Table:
    return pa.table(
        {
            "k": to_arrow(pd.Series(list(segment_ids), dtype="str")),
            "code": pa.array(np.arange(len(segment_ids), dtype=np.int64)),
        }
    )


def _col(tab: pa.Table, name: str, fill: float | int | None = None) -> np.ndarray:
    c = tab[name]
    if fill is not None:
        c = pc.fill_null(c, fill)
    return np.asarray(c.to_numpy())


def firm_segment_frame(
    firm_segments: pd.DataFrame, firms_ann: pd.DataFrame, chain: str, segment_ids: pd.Series
) -> pd.DataFrame:
    """Firm x segment rows of ``chain`` with the firm's attributes.

    The weight ``w`` is the row's ``share``, else 1 / (the firm's segments in the chain).
    Firm output in the segment = revenue x w; capacity = ``capacity``, else the output.
    Columns: ``pos``, ``seg``, ``segment_id`` (categorical in chain order), ``w``,
    ``output``, ``capacity``, ``employees``, ``is_local``, ``leading``, ``scale``.
    Rows whose firm or segment is unknown are left out.
    """
    fs = pa.table(
        {
            "firm_id": to_arrow(firm_segments["firm_id"]),
            "chain_id": to_arrow(firm_segments["chain_id"]),
            "segment_id": to_arrow(firm_segments["segment_id"]),
            "share": pa.array(num(firm_segments["share"]).to_numpy(), from_pandas=True),
            "capacity": pa.array(num(firm_segments["capacity"]).to_numpy(), from_pandas=True),
        }
    )
    f = _firm_keys(firms_ann)
    g = _seg_keys(segment_ids)
    con = _con()
    con.register("fs", fs)
    con.register("f", f)
    con.register("g", g)
    res = con.sql(
        "SELECT f.pos, g.code AS seg, fs.share, fs.capacity FROM fs "
        "JOIN f ON fs.firm_id = f.k JOIN g ON fs.segment_id = g.k "
        "WHERE fs.chain_id = ? ORDER BY f.pos, g.code",
        params=[chain],
    ).to_arrow_table()
    con.close()
    pos = _col(res, "pos").astype(np.int64)
    seg = _col(res, "seg").astype(np.int64)
    share = _col(res, "share", np.nan).astype("float64")
    cap = _col(res, "capacity", np.nan).astype("float64")
    n_per = np.bincount(pos, minlength=len(firms_ann))[pos] if len(pos) else pos
    w = np.where(np.isnan(share), 1.0 / np.maximum(n_per, 1), share)
    output = np.nan_to_num(firms_ann["revenue"].to_numpy()[pos] * w)
    return pd.DataFrame(
        {
            "pos": pos,
            "seg": seg,
            "segment_id": pd.Categorical.from_codes(seg, categories=pd.Index(list(segment_ids))),
            "w": w,
            "output": output,
            "capacity": np.where(np.isnan(cap), output, cap),
            "employees": np.nan_to_num(firms_ann["employees"].to_numpy()[pos] * w),
            "is_local": firms_ann["is_local"].to_numpy()[pos],
            "leading": firms_ann["leading"].to_numpy()[pos],
            "scale": pd.Categorical.from_codes(
                np.asarray(firms_ann["scale"].cat.codes)[pos], dtype=SCALE_DTYPE
            ),
        },
        copy=False,
    )


def annotate_links(
    links: pd.DataFrame, firms_ann: pd.DataFrame, chain: str, segment_ids: pd.Series
) -> pd.DataFrame:
    """Supply links of ``chain`` (segment in the chain) with positions and scales.

    Columns: ``seg``, ``value`` (missing as 0), ``complexity``, ``codifiability``, ``s``
    and ``b`` (firm positions, -1 when unknown), ``s_scale`` and ``b_scale`` (scale codes,
    -1 unknown), ``supplier_local``, ``buyer_local``. Row order is not kept.
    """
    seg = lookup(links["segment_id"], pd.Series(list(segment_ids), dtype="str"))
    same_chain = pc.fill_null(pc.equal(to_arrow(links["chain_id"]), chain), False)
    keep = (seg >= 0) & np.asarray(same_chain.to_numpy(zero_copy_only=False), dtype=bool)
    lk = pa.table(
        {
            "supplier_id": to_arrow(links["supplier_id"]),
            "buyer_id": to_arrow(links["buyer_id"]),
            "seg": pa.array(seg),
            "value": pa.array(num(links["value"]).to_numpy(), from_pandas=True),
            "complexity": pa.array(num(links["complexity"]).to_numpy(), from_pandas=True),
            "codifiability": pa.array(num(links["codifiability"]).to_numpy(), from_pandas=True),
        }
    )
    if not keep.all():
        lk = lk.filter(pa.array(keep))
    con = _con()
    con.register("l", lk)
    con.register("f", _firm_keys(firms_ann))
    res = con.sql(
        "SELECT COALESCE(fs.pos, -1) AS s, COALESCE(fb.pos, -1) AS b, l.seg, "
        "COALESCE(l.value, 0.0) AS value, l.complexity, l.codifiability FROM l "
        "LEFT JOIN f fs ON l.supplier_id = fs.k LEFT JOIN f fb ON l.buyer_id = fb.k"
    ).to_arrow_table()
    con.close()
    s = _col(res, "s").astype(np.int64)
    b = _col(res, "b").astype(np.int64)
    codes = np.asarray(firms_ann["scale"].cat.codes, dtype=np.int8)
    local = firms_ann["is_local"].to_numpy()
    s_ok, b_ok = s >= 0, b >= 0
    return pd.DataFrame(
        {
            "seg": _col(res, "seg").astype(np.int64),
            "value": _col(res, "value").astype("float64"),
            "complexity": _col(res, "complexity", np.nan).astype("float64"),
            "codifiability": _col(res, "codifiability", np.nan).astype("float64"),
            "s": s,
            "b": b,
            "s_scale": np.where(s_ok, codes[np.maximum(s, 0)], -1).astype(np.int8),
            "b_scale": np.where(b_ok, codes[np.maximum(b, 0)], -1).astype(np.int8),
            "supplier_local": s_ok & local[np.maximum(s, 0)],
            "buyer_local": b_ok & local[np.maximum(b, 0)],
        },
        copy=False,
    )


def local_sales(
    sales: pd.DataFrame, firms_ann: pd.DataFrame, regions: pd.DataFrame, focal: str
) -> pd.DataFrame:
    """Sales rows of local firms: ``pos``, ``market`` (region id), ``scale`` (code),
    ``value`` (missing as 0), ``buyer`` (buyer id or missing)."""
    local_pos = np.flatnonzero(firms_ann["is_local"].to_numpy())
    f = pa.table(
        {
            "k": to_arrow(firms_ann["firm_id"].iloc[local_pos]),
            "pos": pa.array(local_pos.astype(np.int64)),
        }
    )
    sl = pa.table(
        {
            "firm_id": to_arrow(sales["firm_id"]),
            "market": to_arrow(sales["market_region_id"]),
            "value": pa.array(num(sales["value"]).to_numpy(), from_pandas=True),
            "buyer": to_arrow(sales["buyer_id"]),
        }
    )
    con = _con()
    con.register("f", f)
    con.register("sl", sl)
    res = con.sql(
        "SELECT f.pos, sl.market, COALESCE(sl.value, 0.0) AS value, sl.buyer "
        "FROM sl JOIN f ON sl.firm_id = f.k ORDER BY f.pos"
    ).to_arrow_table()
    con.close()
    market = pd.Series(res["market"].to_pandas(types_mapper=pd.ArrowDtype), dtype="str")
    scale = np.asarray(region_scales(regions, market, focal).cat.codes, dtype=np.int8)
    return pd.DataFrame(
        {
            "pos": _col(res, "pos").astype(np.int64),
            "market": market.to_numpy(dtype=object),
            "scale": scale,
            "value": _col(res, "value").astype("float64"),
            "buyer": pd.Series(res["buyer"].to_pandas(), dtype="str").to_numpy(dtype=object),
        }
    )
