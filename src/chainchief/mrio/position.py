"""GVC position measures: upstreamness, downstreamness, indirect value-added exports.

* Upstreamness (Antràs, Chor, Fally and Hillberry 2012): average number of production
  stages between a sector's output and final use, ``U = (I − Δ)^-1 1`` with
  ``Δ_ij = Z_ij / x_i``; in an MRIO ``Δ`` is the Ghosh allocation matrix ``B`` and
  ``U`` the row sums of the Ghosh inverse ``G`` (Miller and Temurshoev 2017).  U ≥ 1.
* Downstreamness: average number of stages between primary inputs and the sector's output,
  the column sums of the Leontief inverse, ``D = 1' L`` (Miller and Temurshoev 2017's input
  downstreamness; Antràs and Chor 2018).  D ≥ 1.
* Indirect value-added exports ``IV`` (Koopman, Powers, Wang and Wei 2010), forward: value
  added by sector i of region s embodied in intermediates that the importer r re-exports to
  third countries t ≠ s, r: ``IV_i = v_i Σ_{r≠s} Σ_{t≠s,r} (B_sr Y_rt)_i``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pymrio

from chainchief.mrio.core import IOArrays, as_iosystem, solve
from chainchief.mrio.loaders import LoadedIO

__all__ = ["downstreamness", "indirect_va_exports", "upstreamness"]


def upstreamness(io: pymrio.IOSystem | LoadedIO) -> pd.Series:
    """Output upstreamness per region-sector: row sums of pymrio's Ghosh inverse ``G``."""
    sys_ = solve(io, ghosh=True, accounts=False)
    return pd.Series(sys_.G.to_numpy().sum(axis=1), index=sys_.G.index, name="upstreamness")


def downstreamness(io: pymrio.IOSystem | LoadedIO) -> pd.Series:
    """Input downstreamness per region-sector: column sums of pymrio's Leontief ``L``."""
    sys_ = as_iosystem(io)
    if sys_.L is None:
        sys_.calc_system()
    return pd.Series(sys_.L.to_numpy().sum(axis=0), index=sys_.L.columns, name="downstreamness")


def indirect_va_exports(arr: IOArrays) -> pd.Series:
    """Forward indirect value-added exports ``IV`` per value-adding region-sector.

    Uses ``Σ_{r≠s} Σ_{t≠s,r} B_sr Y_rt = Σ_{r≠s} B_sr (y_r − Y_rr − Y_rs)`` with the
    global products ``L Y`` and the local blocks ``B_ss`` removed.
    """
    N = len(arr.x)
    rows = np.arange(N)
    ytot = arr.Yr.sum(axis=1)
    LYr = arr.L @ arr.Yr  # N x R
    total = LYr.sum(axis=1) - arr.L @ arr.Ydom - LYr[rows, arr.reg]
    for S in arr.blocks:
        Bss = arr.L[S, S]
        total[S] += -Bss @ ytot[S] + 2.0 * (Bss @ arr.Ydom[S])
    return pd.Series(arr.v * total, index=arr.index, name="iv")
