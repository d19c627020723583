"""Solving a pymrio system and exposing its matrices as arrays with region blocks.

pymrio does the core: ``A``, ``L`` (:meth:`pymrio.IOSystem.calc_system`), the Ghosh
matrices (:func:`pymrio.calc_B`, :func:`pymrio.calc_G`) and the value-added accounts
(multipliers ``M``, footprints ``D_cba``, exports ``D_exp``).  This module only arranges
them for the value-added trade indicators built on top.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pymrio
from pymrio.tools import iomath

from chainchief.mrio.loaders import VA_EXTENSION, LoadedIO

__all__ = ["IOArrays", "as_iosystem", "io_arrays", "solve"]


def as_iosystem(io: pymrio.IOSystem | LoadedIO) -> pymrio.IOSystem:
    """Return the pymrio system of a :class:`LoadedIO` (or the system itself)."""
    return io.io if isinstance(io, LoadedIO) else io


def solve(
    io: pymrio.IOSystem | LoadedIO, *, ghosh: bool = True, accounts: bool = True
) -> pymrio.IOSystem:
    """Compute the missing parts of a system with pymrio (in place) and return it.

    Parameters
    ----------
    io : pymrio.IOSystem or LoadedIO
        System with at least ``Z`` and ``Y`` (and, for accounts, the value-added extension).
    ghosh : bool, default True
        Also compute ``B`` and ``G`` (``G`` from ``L`` and ``x``, no second inversion).
    accounts : bool, default True
        Compute the value-added extension's multipliers and footprints.
    """
    sys_ = as_iosystem(io)
    sys_.calc_system(include_ghosh=False)
    # accounts first: with G absent pymrio skips the downstream multipliers (not used here)
    if accounts and hasattr(sys_, VA_EXTENSION):
        ext = getattr(sys_, VA_EXTENSION)
        if ext.M is None:
            sys_.calc_extensions(extensions=[VA_EXTENSION])
    if ghosh and sys_.G is None:
        if sys_.B is None:
            sys_.B = iomath.calc_B(sys_.Z, sys_.x)
        sys_.G = iomath.calc_G(sys_.B, L=sys_.L, x=sys_.x)
    return sys_


@dataclass
class IOArrays:
    """Dense arrays of a solved system, ordered as ``index`` with contiguous region blocks.

    ``A`` and ``L`` are views of the pymrio frames (no copy).  ``Yr`` is final demand by
    destination region (N x R), ``Zr`` intermediate use by destination region (N x R),
    ``E`` gross exports (to all other regions), ``Yexp`` final-goods exports, ``Ydom``
    final demand of the producing region itself, ``v`` value-added coefficients.
    """

    index: pd.MultiIndex
    regions: list[str]
    reg: np.ndarray
    blocks: list[slice]
    A: np.ndarray
    L: np.ndarray
    x: np.ndarray
    v: np.ndarray
    Yr: np.ndarray
    Zr: np.ndarray
    E: np.ndarray
    Yexp: np.ndarray
    Ydom: np.ndarray


def _blocks(index: pd.MultiIndex) -> tuple[list[str], np.ndarray, list[slice]]:
    labels = index.get_level_values(0).astype(str)
    regions = list(pd.unique(labels))
    codes = pd.Index(regions).get_indexer(labels)
    if np.any(np.diff(codes) < 0):
        raise ValueError("region blocks must be contiguous (rows sorted by region)")
    starts = np.searchsorted(codes, np.arange(len(regions)))
    ends = np.append(starts[1:], len(codes))
    blocks = [slice(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]
    return regions, codes.astype(np.int64), blocks


def io_arrays(io: pymrio.IOSystem | LoadedIO) -> IOArrays:
    """Solve (if needed) and extract the arrays used by the indicator functions."""
    sys_ = as_iosystem(io)
    if sys_.A is None or sys_.L is None:
        sys_.calc_system(include_ghosh=False)
    index = sys_.Z.index if sys_.Z is not None else sys_.A.index
    regions, reg, blocks = _blocks(index)
    R = len(regions)
    A = sys_.A.to_numpy()
    L = sys_.L.to_numpy()
    x = sys_.x.to_numpy(dtype=float).ravel()
    if hasattr(sys_, VA_EXTENSION) and getattr(sys_, VA_EXTENSION).F is not None:
        va = getattr(sys_, VA_EXTENSION).F.to_numpy(dtype=float).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where(x != 0, va / np.where(x != 0, x, 1.0), 0.0)
    else:
        v = 1.0 - A.sum(axis=0)
    # final demand and intermediate use by destination region
    ycols = sys_.Y.columns.get_level_values(0).astype(str)
    Yv = sys_.Y.to_numpy(dtype=float)
    Yr = np.zeros((len(index), R))
    for k, r in enumerate(regions):
        mask = np.asarray(ycols == r)
        if mask.any():
            Yr[:, k] = Yv[:, mask].sum(axis=1)
    Zv = sys_.Z.to_numpy() if sys_.Z is not None else A * x[None, :]
    starts = np.array([b.start for b in blocks])
    Zr = np.add.reduceat(Zv, starts, axis=1)
    rows = np.arange(len(index))
    Ydom = Yr[rows, reg]
    Yexp = Yr.sum(axis=1) - Ydom
    E = Zr.sum(axis=1) - Zr[rows, reg] + Yexp
    return IOArrays(
        index=index,
        regions=regions,
        reg=reg,
        blocks=blocks,
        A=A,
        L=L,
        x=x,
        v=v,
        Yr=Yr,
        Zr=Zr,
        E=E,
        Yexp=Yexp,
        Ydom=Ydom,
    )
