"""Slicing up global value chains (Timmer, Erumban, Los, Stehrer and de Vries 2014).

The value of final goods produced by a region-sector (its output for final use, all
destinations) is split by the region in which the value was added:
``VA_{o, (s,j)} = Σ_{i∈o} v_i B_{i,(s,j)} · y_{(s,j)}``.  Shares over origins add up to one
(on the row-sum basis).  Value added is not split by factor here (the tables carry no
factor income).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from chainchief.mrio.core import IOArrays
from chainchief.mrio.decomposition import DecompositionParts, decomposition_parts

__all__ = ["slice_final_output"]


def slice_final_output(
    arr: IOArrays,
    *,
    regions: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
    group: str | None = None,
    parts: DecompositionParts | None = None,
) -> pd.DataFrame:
    """Split the value of final-goods output by the region that added it.

    Parameters
    ----------
    arr : IOArrays
        Arrays of a solved system.
    regions : iterable of str, optional
        Regions whose final-goods output is sliced (default: all).
    sectors : iterable of str, optional
        Product sectors (default: all).
    group : str, optional
        When given, the selected sectors are summed into one product group of that name
        (e.g. ``"manufacturing"``); otherwise one product per sector.
    parts : DecompositionParts, optional
        Reuse precomputed parts.

    Returns
    -------
    pandas.DataFrame
        Columns ``product_region``, ``product``, ``origin_region``, ``value_added``,
        ``final_output``, ``share`` (value_added / final_output).
    """
    pt = parts if parts is not None else decomposition_parts(arr)
    y = arr.Yr.sum(axis=1)
    prod_reg = arr.index.get_level_values(0).astype(str)
    prod_sec = arr.index.get_level_values(1).astype(str)
    mask = np.ones(len(y), dtype=bool)
    if regions is not None:
        mask &= np.asarray(prod_reg.isin(list(regions)))
    if sectors is not None:
        mask &= np.asarray(prod_sec.isin(list(sectors)))
    va = pt.VBo[:, mask] * y[mask][None, :]  # R x n_sel
    frame = pd.DataFrame(
        va.T,
        columns=pd.Index(arr.regions, name="origin_region"),
    )
    frame["product_region"] = np.asarray(prod_reg[mask])
    frame["product"] = np.asarray(prod_sec[mask]) if group is None else group
    frame["final_output"] = y[mask]
    agg = frame.groupby(["product_region", "product"], sort=False).sum()
    final = agg.pop("final_output")
    stacked: pd.Series = agg.stack()
    long = stacked.rename("value_added").reset_index()
    long["final_output"] = final.reindex(
        pd.MultiIndex.from_frame(long[["product_region", "product"]])
    ).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        long["share"] = long["value_added"] / long["final_output"].where(long["final_output"] != 0)
    return long[
        ["product_region", "product", "origin_region", "value_added", "final_output", "share"]
    ]
