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
import scipy.linalg
import scipy.linalg.lapack
from pymrio.tools import iomath

from chainchief.mrio.loaders import VA_EXTENSION, LoadedIO

__all__ = ["LEAN_THRESHOLD", "IOArrays", "as_iosystem", "io_arrays", "leontief_lean", "solve"]

#: From this many region-sectors on, :func:`solve` computes ``L`` with
#: :func:`leontief_lean` (LU in place, triangular inverses) instead of pymrio's
#: ``calc_L``, which holds ``I``, ``I - A``, a copy and the identity right-hand side.
LEAN_THRESHOLD = 5000


def as_iosystem(io: pymrio.IOSystem | LoadedIO) -> pymrio.IOSystem:
    """Return the pymrio system of a :class:`LoadedIO` (or the system itself)."""
    return io.io if isinstance(io, LoadedIO) else io


def leontief_lean(A: np.ndarray) -> np.ndarray:
    """``(I - A)^-1`` with two N x N work arrays and about 2 N^3 flops.

    Same result as :func:`pymrio.calc_L` (tested); used for large systems, where pymrio's
    version holds about four extra N x N arrays (a 10,000-sector matrix is 0.8 GB) and
    solves against a full identity (about 2.7 N^3 flops).  Steps: LU of ``M = (I - A)'``
    in place (``M = P Lo U``), ``Lo^-1`` by ``trtri``, ``U^-1 Lo^-1`` by one triangular
    solve, then the column interchanges of ``P`` in reverse order (as LAPACK ``getri``).
    ``M^-1`` is ``L'``, so its transpose is returned as a C-ordered view.
    """
    n = A.shape[0]
    M = np.negative(A.T)  # (I - A)' in Fortran order: LAPACK works on it in place
    M[np.diag_indices(n)] += 1.0
    lu, piv = scipy.linalg.lu_factor(M, overwrite_a=True, check_finite=False)
    del M
    W = np.empty((n, n), order="F")
    np.copyto(W, lu)
    for j in range(1, n):
        W[:j, j] = 0.0  # keep the unit lower factor only
    W[np.diag_indices(n)] = 1.0
    W, info = scipy.linalg.lapack.dtrtri(W, lower=1, unitdiag=1, overwrite_c=1)
    if info != 0:
        raise np.linalg.LinAlgError(f"I - A is singular (trtri info {info})")
    W = scipy.linalg.solve_triangular(lu, W, lower=False, overwrite_b=True, check_finite=False)
    del lu
    for k in range(n - 1, -1, -1):
        p = int(piv[k])
        if p != k:
            W[:, [k, p]] = W[:, [p, k]]
    return W.T


def solve(
    io: pymrio.IOSystem | LoadedIO,
    *,
    ghosh: bool = True,
    accounts: bool = True,
    lean_threshold: int = LEAN_THRESHOLD,
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
    lean_threshold : int, default LEAN_THRESHOLD (5000)
        Systems with at least this many rows get ``L`` from :func:`leontief_lean`.
    """
    sys_ = as_iosystem(io)
    if sys_.L is None and sys_.Z is not None and len(sys_.Z) >= lean_threshold:
        if sys_.x is None:
            sys_.x = iomath.calc_x(sys_.Z, sys_.Y)
        if sys_.A is None:
            sys_.A = iomath.calc_A(sys_.Z, sys_.x)
        sys_.L = pd.DataFrame(
            leontief_lean(sys_.A.to_numpy()), index=sys_.A.index, columns=sys_.A.columns, copy=False
        )
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
