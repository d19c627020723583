"""Sector-level shock propagation: demand-driven (Leontief) and supply-driven (Ghosh).

* Demand-driven: a change in final demand ``Δy`` moves output by ``Δx = L Δy``
  (pymrio's :func:`pymrio.calc_x_from_L`).  A shock is "final demand of ``consumers``
  for products of (region, sector) changes by ``change``" (e.g. −0.2 for −20 %).
* Supply-driven: a change in primary inputs ``Δw`` moves output by ``Δx' = Δw' G``
  (Ghosh inverse from pymrio).  A shock either sets the primary-input change directly
  (``kind="primary_input"``: Δw_j = change · value added_j) or prescribes the output change
  of the shocked sectors (``kind="output"``: Δx_j = change · x_j, solved for Δw on the
  shocked sectors, ``Δw_K = (G_KK')^-1 Δx_K``).

Both return, per region-sector, baseline output and value added, absolute and relative
changes; value added moves with output at fixed coefficients (Δva = v Δx).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pymrio
from pymrio.tools import iomath

from chainchief.mrio.core import io_arrays, solve
from chainchief.mrio.loaders import LoadedIO

__all__ = [
    "DemandShock",
    "SupplyShock",
    "demand_shock",
    "shock_by_region",
    "supply_shock",
]


@dataclass(frozen=True)
class DemandShock:
    """Relative change of final demand for the products of one region-sector.

    Parameters
    ----------
    region, sector : str
        Producing region and sector.
    change : float
        Relative change, e.g. ``-0.2``.
    consumers : tuple of str, optional
        Final-demand regions whose purchases change (default: all).
    """

    region: str
    sector: str
    change: float
    consumers: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SupplyShock:
    """Supply-side shock to one region-sector.

    ``kind="output"``: the sector's output changes by ``change`` (relative);
    ``kind="primary_input"``: its primary inputs (value added) change by ``change``.
    """

    region: str
    sector: str
    change: float
    kind: Literal["output", "primary_input"] = "output"


def _position(index: pd.MultiIndex, region: str, sector: str) -> int:
    try:
        loc = index.get_loc((region, sector))
    except KeyError:
        raise KeyError(f"no region-sector ({region}, {sector}) in the table") from None
    if not isinstance(loc, int | np.integer):
        raise KeyError(f"({region}, {sector}) is not unique in the table")
    return int(loc)


def _result(index: pd.MultiIndex, x: np.ndarray, v: np.ndarray, dx: np.ndarray) -> pd.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(x != 0, dx / np.where(x != 0, x, 1.0), np.nan)
    out = pd.DataFrame(
        {
            "output": x,
            "d_output": dx,
            "d_output_pct": 100.0 * rel,
            "value_added": v * x,
            "d_value_added": v * dx,
        },
        index=index,
    )
    out.index = out.index.set_names(["region", "sector"])
    return out.reset_index().astype({"region": "str", "sector": "str"})


def demand_shock(io: pymrio.IOSystem | LoadedIO, shocks: Sequence[DemandShock]) -> pd.DataFrame:
    """Leontief (demand-driven) impact of final-demand shocks.

    Returns
    -------
    pandas.DataFrame
        ``region``, ``sector``, ``output``, ``d_output``, ``d_output_pct``,
        ``value_added``, ``d_value_added``.
    """
    sys_ = solve(io, ghosh=False, accounts=False)
    arr = io_arrays(sys_)
    Y = sys_.Y
    ycols = Y.columns.get_level_values(0).astype(str)
    dy = np.zeros(len(arr.x))
    for sh in shocks:
        i = _position(arr.index, sh.region, sh.sector)
        mask = (
            np.ones(len(ycols), dtype=bool)
            if sh.consumers is None
            else np.asarray(ycols.isin(list(sh.consumers)))
        )
        dy[i] += sh.change * Y.iloc[i, np.flatnonzero(mask)].to_numpy(dtype=float).sum()
    dx = np.asarray(iomath.calc_x_from_L(sys_.L, pd.Series(dy, index=sys_.L.columns))).ravel()
    return _result(arr.index, arr.x, arr.v, dx)


def supply_shock(io: pymrio.IOSystem | LoadedIO, shocks: Sequence[SupplyShock]) -> pd.DataFrame:
    """Ghosh (supply-driven) impact of primary-input or output shocks (same columns)."""
    sys_ = solve(io, ghosh=True, accounts=False)
    arr = io_arrays(sys_)
    G = sys_.G.to_numpy()
    N = len(arr.x)
    dw = np.zeros(N)
    targets: dict[int, float] = {}
    for sh in shocks:
        j = _position(arr.index, sh.region, sh.sector)
        if sh.kind == "primary_input":
            dw[j] += sh.change * arr.v[j] * arr.x[j]
        elif sh.kind == "output":
            targets[j] = targets.get(j, 0.0) + sh.change * arr.x[j]
        else:
            raise ValueError(
                f"The 'kind' parameter must be 'output' or 'primary_input'. "
                f"Got {sh.kind!r} instead."
            )
    if targets:
        K = np.array(sorted(targets))
        want = np.array([targets[k] for k in K]) - dw @ G[:, K]
        dw[K] += np.linalg.solve(G[np.ix_(K, K)].T, want)
    dx = dw @ G
    return _result(arr.index, arr.x, arr.v, dx)


def shock_by_region(result: pd.DataFrame, *, regions: Iterable[str] | None = None) -> pd.DataFrame:
    """Sum a shock result by region (relative change recomputed)."""
    agg = result.groupby("region", sort=False)[
        ["output", "d_output", "value_added", "d_value_added"]
    ].sum()
    agg["d_output_pct"] = 100.0 * agg["d_output"] / agg["output"].where(agg["output"] != 0)
    agg = agg.reset_index()
    if regions is not None:
        agg = agg[agg["region"].isin(list(regions))]
    return agg.sort_values("d_output").reset_index(drop=True)
