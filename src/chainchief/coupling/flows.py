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

from chainchief.coupling.match import match_two, same_ids, small_positions
from chainchief.model.enums import Scale
from chainchief.model.regions import relation_scales

__all__ = [
    "DUCKDB_MIN_ROWS",
    "FLOW_COLUMNS",
    "FOREIGN_SCALES",
    "NO_SEGMENT",
    "UNKNOWN_PARTNER",
    "coupling_flows",
    "positions",
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

#: Partner id used where a sale's buyer is not known.
UNKNOWN_PARTNER = "(unknown)"
#: Segment id used where a flow has no segment.
NO_SEGMENT = "(all)"

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


#: From this many values on, :func:`positions` matches ids with a DuckDB hash join.
DUCKDB_MIN_ROWS = 200_000


def _arrow_strings(x: pd.Series | pd.Index) -> object:
    import pyarrow as pa

    arr = getattr(x, "array", None)
    if hasattr(arr, "__arrow_array__"):
        out = pa.chunked_array(arr.__arrow_array__())  # type: ignore[union-attr]
    else:
        out = pa.chunked_array([pa.array(np.asarray(x, dtype=object), type=pa.string())])
    return out  # DuckDB reads string and large_string alike, no copy needed


def positions(values: pd.Series, index_values: pd.Series | pd.Index) -> np.ndarray:
    """Position of each of ``values`` in ``index_values`` (-1 when absent or missing).

    ``index_values`` must be unique. Millions of ids are matched with a DuckDB hash
    join (parallel, several times faster than a pandas index); small inputs use
    :meth:`pandas.Index.get_indexer`.
    """
    n = len(values)
    if n >= DUCKDB_MIN_ROWS and len(index_values) > 0:
        import duckdb
        import pyarrow as pa

        vt = pa.table({"k": _arrow_strings(values), "r": pa.array(np.arange(n, dtype=np.int64))})
        it = pa.table(
            {
                "k": _arrow_strings(index_values),
                "p": pa.array(np.arange(len(index_values), dtype=np.int64)),
            }
        )
        con = duckdb.connect()
        try:
            con.register("vt", vt)
            con.register("it", it)
            res = con.sql("SELECT vt.r, it.p FROM vt JOIN it ON vt.k = it.k").to_arrow_table()
        finally:
            con.close()
        out = np.full(n, -1, dtype=np.int64)
        out[res.column("r").to_numpy()] = res.column("p").to_numpy()
        return out
    got = pd.Index(index_values).get_indexer(pd.Index(values))
    return np.asarray(got, dtype=np.int64)


def _firm_lookup(firms: pd.DataFrame) -> tuple[pd.Index, pd.Series, np.ndarray]:
    idx = pd.Index(firms["firm_id"].astype("str"))
    if idx.has_duplicates:
        raise ValueError("firms.firm_id has duplicate ids")
    region = firms["region_id"].astype("str")
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
        Columns :data:`FLOW_COLUMNS`. Id columns (``flow``, ``firm_id``,
        ``partner_id``, ``partner_region_id``, ``chain_id``, ``segment_id``) are
        categoricals, so that millions of rows group quickly; ``scale`` is an ordered
        categorical of :class:`~chainchief.model.enums.Scale` values;
        ``partner_foreign`` is True at the supranational and global scales.
    """
    fidx, fregion, flead = _firm_lookup(firms)
    reg_ids = pd.Index(regions["region_id"].astype("str"))
    inside = region_members(regions, region)
    firm_reg = small_positions(fregion, reg_ids)
    if (firm_reg < 0).any():
        bad = fregion[firm_reg < 0].iloc[0]
        raise KeyError(f"firms.region_id {bad!r} is not in regions")
    scale_of = scale_to_region(regions, region, reg_ids)
    reg_scale = pd.Categorical([scale_of[r] for r in reg_ids], dtype=_SCALE_DTYPE).codes.astype(
        np.int64
    )
    local = np.isin(reg_ids.to_numpy(), list(inside))[firm_reg]
    seg = (
        primary_segments(firm_segments, chain)
        if firm_segments is not None
        else pd.DataFrame(
            {c: pd.Series(dtype="str") for c in ["firm_id", "chain_id", "segment_id"]}
        )
    )
    seg_firms = seg["firm_id"].astype("str")
    fpos = (
        np.arange(len(fidx), dtype=np.int64)
        if same_ids(seg_firms, fidx)
        else positions(seg_firms, fidx)
    )
    ok = fpos >= 0
    fpos = fpos[ok]
    seg_cats = pd.Index(pd.unique(seg["segment_id"].astype("str")))
    chain_cats = pd.Index(pd.unique(seg["chain_id"].astype("str")))
    firm_seg = np.full(len(fidx), -1, dtype=np.int64)
    firm_chain = np.full(len(fidx), -1, dtype=np.int64)
    firm_seg[fpos] = seg_cats.get_indexer(seg["segment_id"].astype("str")[ok])
    firm_chain[fpos] = chain_cats.get_indexer(seg["chain_id"].astype("str")[ok])
    parts: list[dict[str, np.ndarray]] = []

    if sales is not None and not sales.empty:
        sel = local if chain is None else local & (firm_seg >= 0)
        big = len(sales) >= DUCKDB_MIN_ROWS and "buyer_id" in sales
        if big:
            # seller and buyer matched in one pass, buyers only for selected sellers
            pos, keep, bpos = match_two(
                sales["firm_id"].astype("str"), sales["buyer_id"].astype("str"), fidx, sel
            )
        else:
            pos = positions(sales["firm_id"].astype("str"), fidx)
        if (pos < 0).any():
            bad = sales["firm_id"][pos < 0].iloc[0]
            raise KeyError(f"sales.firm_id {bad!r} is not in firms")
        if not big:
            keep = sel[pos]
        need = [c for c in ("value", "year") if c in sales]
        s = sales[need][keep]
        pos = pos[keep]
        mreg = small_positions(sales["market_region_id"].astype("str"), reg_ids, keep)
        if (mreg < 0).any():
            bad = sales["market_region_id"][keep][mreg < 0].iloc[0]
            raise KeyError(f"sales.market_region_id {bad!r} is not in regions")
        if not big:
            bpos = (
                positions(sales["buyer_id"][keep].astype("str"), fidx)
                if "buyer_id" in sales
                else np.full(len(s), -1, dtype=np.int64)
            )
        parts.append(
            {
                "flow": np.zeros(len(s), dtype=np.int64),
                "year": _years(s),
                "firm": pos,
                "partner": bpos,
                "preg": mreg,
                "chain": firm_chain[pos],
                "segment": firm_seg[pos],
                "value": s["value"].to_numpy(dtype=float, na_value=np.nan),
            }
        )

    if supply_links is not None and not supply_links.empty:
        links = supply_links
        if chain is not None:
            links = links[links["chain_id"] == chain]
        if len(links) >= DUCKDB_MIN_ROWS:
            # buyer and supplier matched in one pass, suppliers only for local buyers
            bpos, keep, spos = match_two(
                links["buyer_id"].astype("str"), links["supplier_id"].astype("str"), fidx, local
            )
        else:
            bpos = positions(links["buyer_id"].astype("str"), fidx)
        if (bpos < 0).any():
            bad = links["buyer_id"].iloc[int(np.flatnonzero(bpos < 0)[0])]
            raise KeyError(f"supply_links.buyer_id {bad!r} is not in firms")
        if len(links) < DUCKDB_MIN_ROWS:
            keep = local[bpos]
            spos = positions(links["supplier_id"][keep].astype("str"), fidx)
        bpos = bpos[keep]
        if (spos < 0).any():
            bad = links["supplier_id"][keep].iloc[int(np.flatnonzero(spos < 0)[0])]
            raise KeyError(f"supply_links.supplier_id {bad!r} is not in firms")
        lseg_codes, lseg_uniq = _kept_codes(links["segment_id"].astype("str"), keep)
        lchain_codes, lchain_uniq = _kept_codes(links["chain_id"].astype("str"), keep)
        seg_cats = seg_cats.append(lseg_uniq.difference(seg_cats))
        chain_cats = chain_cats.append(lchain_uniq.difference(chain_cats))
        need = [c for c in ("value", "year") if c in links]
        links = links[need][keep]  # copy only the numeric columns used below
        parts.append(
            {
                "flow": np.ones(len(links), dtype=np.int64),
                "year": _years(links),
                "firm": bpos,
                "partner": spos,
                "preg": firm_reg[spos],
                "chain": _recode(lchain_codes, lchain_uniq, chain_cats),
                "segment": _recode(lseg_codes, lseg_uniq, seg_cats),
                "value": (
                    links["value"].to_numpy(dtype=float, na_value=np.nan)
                    if "value" in links
                    else np.ones(len(links))
                ),
            }
        )

    if not parts:
        return _empty_flows()
    firm_dtype = pd.CategoricalDtype(fidx.append(pd.Index([UNKNOWN_PARTNER], dtype="str")))
    flow_dtype = pd.CategoricalDtype(pd.Index(["sales", "sourcing"]))
    preg_dtype = pd.CategoricalDtype(reg_ids)
    chain_dtype = pd.CategoricalDtype(chain_cats)
    seg_dtype = pd.CategoricalDtype(seg_cats.append(pd.Index([NO_SEGMENT], dtype="str")))
    # concatenate straight into the code width pandas keeps (no int64 intermediates)
    widths = {
        "flow": _code_dtype(2),
        "firm": _code_dtype(len(firm_dtype.categories)),
        "partner": np.dtype(np.int64),  # used as an index below
        "preg": np.dtype(np.int64),
        "chain": _code_dtype(len(chain_cats)),
        "segment": _code_dtype(len(seg_dtype.categories)),
        "year": np.dtype(np.float64),
        "value": np.dtype(np.float64),
    }
    col = {k: _concat([p[k] for p in parts], widths[k]) for k in parts[0]}
    partner = col["partner"]
    foreign_codes = [list(_SCALE_DTYPE.categories).index(f) for f in FOREIGN_SCALES]
    sc = reg_scale.astype(np.int8)[col["preg"]]
    foreign_tab = np.isin(np.arange(len(_SCALE_DTYPE.categories)), foreign_codes)
    lead_tab = np.append(flead, False)  # partner -1 -> not a lead firm
    out = pd.DataFrame(
        {
            "flow": pd.Categorical.from_codes(col["flow"], dtype=flow_dtype),
            "year": _int_years(col["year"]),
            # one dtype for both id columns (validated once); its spare last category
            # lets measures label unknown partners without copying the categories
            "firm_id": pd.Categorical.from_codes(col["firm"], dtype=firm_dtype),
            "partner_id": pd.Categorical.from_codes(partner, dtype=firm_dtype),
            "partner_region_id": pd.Categorical.from_codes(col["preg"], dtype=preg_dtype),
            "scale": pd.Categorical.from_codes(sc, dtype=_SCALE_DTYPE),
            "chain_id": pd.Categorical.from_codes(col["chain"], dtype=chain_dtype),
            "segment_id": pd.Categorical.from_codes(col["segment"], dtype=seg_dtype),
            "value": col["value"],
            "partner_is_lead": pd.arrays.BooleanArray(
                lead_tab[partner], np.zeros(len(partner), dtype=bool)
            ),
            "partner_foreign": foreign_tab[sc],
        },
        copy=False,  # every column is a fresh array: no second copy
    )
    return out  # columns already in FLOW_COLUMNS order


def _code_dtype(n_categories: int) -> np.dtype:
    """The integer width pandas uses for the codes of ``n_categories`` categories."""
    for t in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(t).max:
            return np.dtype(t)
    return np.dtype(np.int64)


def _concat(arrays: list[np.ndarray], dtype: np.dtype) -> np.ndarray:
    """Concatenate ``arrays`` into one new array of ``dtype`` (one pass, no temporaries)."""
    out = np.empty(sum(len(a) for a in arrays), dtype=dtype)
    i = 0
    for a in arrays:
        out[i : i + len(a)] = a
        i += len(a)
    return out


def _kept_codes(col: pd.Series, keep: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Codes (-1 when missing) of the kept rows of a few-valued column, and the
    distinct non-missing values among them."""
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)[keep]
    present = np.flatnonzero(np.bincount(codes + 1, minlength=len(uniq) + 1)[1:])
    return codes, pd.Index(pd.Index(uniq)[present], dtype="str")


def _recode(codes: np.ndarray, uniq: pd.Index, cats: pd.Index) -> np.ndarray:
    """Positions in ``cats`` of the values ``uniq[codes]`` (-1 for code -1 or absent)."""
    table = np.append(np.asarray(cats.get_indexer(uniq), dtype=np.int64), -1)
    return table[codes]


def _int_years(y: np.ndarray) -> pd.arrays.IntegerArray:
    """Float years (NaN missing) as an ``Int64`` array, in one pass."""
    miss = np.isnan(y)
    vals = np.where(miss, 0.0, y)
    if not np.array_equal(vals, np.trunc(vals)):  # leave odd values to pandas' rules
        return pd.array(y, dtype="Float64").astype("Int64")
    return pd.arrays.IntegerArray(vals.astype(np.int64), miss)


def _years(df: pd.DataFrame) -> np.ndarray:
    if "year" not in df:
        return np.full(len(df), np.nan)
    return np.asarray(pd.to_numeric(df["year"]).to_numpy(dtype=float, na_value=np.nan))
