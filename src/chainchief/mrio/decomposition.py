"""Decomposition of gross exports into value-added components (Koopman, Wang and Wei 2014).

Notation: ``B`` is the global Leontief inverse (pymrio's ``L``), ``L_ss = (I - A_ss)^-1``
the local inverse of region s, ``V`` value-added coefficients, ``E_s`` gross exports of
region s (intermediate and final, to all other regions), ``Y_rt`` final demand of region
t for products of region r.

Implemented terms
-----------------
Country level, all nine KWW (2014) terms, by :func:`kww_terms`:

=====  ====================================================  ==========================
term   formula                                               meaning
=====  ====================================================  ==========================
t1     V_s B_ss Σ_{r≠s} Y_sr                                 DVA in final-goods exports
t2     V_s Σ_{r≠s} B_sr Y_rr                                 DVA in intermediates absorbed
                                                             by the direct importer
t3     V_s Σ_{r≠s} Σ_{t≠s,r} B_sr Y_rt                       DVA in intermediates re-exported
                                                             to third countries (IV)
t4     V_s Σ_{r≠s} B_sr Y_rs                                 returned DVA in final goods
t5     V_s Σ_{r≠s} B_sr A_rs L_ss Y_ss                       returned DVA in intermediates
t6     V_s Σ_{r≠s} B_sr A_rs L_ss E_s                        domestic double counting (DDC)
t7     Σ_{t≠s} V_t B_ts Σ_{r≠s} Y_sr                         FVA in final-goods exports
t8     Σ_{t≠s} V_t B_ts Σ_{r≠s} A_sr L_rr Y_rr               FVA in intermediate exports
t9     Σ_{t≠s} V_t B_ts Σ_{r≠s} A_sr L_rr E_r                foreign double counting (FDC)
=====  ====================================================  ==========================

t1+t2+t3 is value added exported (VAX, Johnson and Noguera 2012); t1…t5 is domestic value
added in exports (DVA), which equals ``V_s L_ss E_s`` (Los, Timmer and de Vries 2016);
t7+t8 is FVA; t7+t8+t9 is foreign content (vertical specialisation).  The nine terms add
up to gross exports exactly when output equals row sums (the loaders' default basis).

Exporting-sector level (:func:`export_decomposition`), five terms that add up to each
sector's gross exports: ``dva`` = (V_s L_ss)_i E_i, ``ddc`` = (V_s (B_ss − L_ss))_i E_i,
and foreign content f_i = Σ_{t≠s} (V_t B_ts)_i split by the KWW export channels into
``fva_final`` = f_i Σ_{r≠s} Y_sr,i, ``fva_intermediate`` = f_i (Σ_{r≠s} A_sr L_rr Y_rr)_i
and ``fdc`` = f_i (Σ_{r≠s} A_sr L_rr E_r)_i.  Summed over a region's sectors these equal
t1…t5, t6, t7, t8 and t9.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from chainchief.mrio.core import IOArrays

__all__ = [
    "KWW_TERMS",
    "DecompositionParts",
    "decomposition_parts",
    "export_decomposition",
    "kww_terms",
]

KWW_TERMS: dict[str, str] = {
    "t1": "DVA in final-goods exports",
    "t2": "DVA in intermediates absorbed by direct importers",
    "t3": "DVA in intermediates re-exported to third countries",
    "t4": "Returned DVA in final goods",
    "t5": "Returned DVA in intermediates",
    "t6": "Domestic double counting",
    "t7": "FVA in final-goods exports",
    "t8": "FVA in intermediate exports",
    "t9": "Foreign double counting",
}


@dataclass
class DecompositionParts:
    """Intermediate vectors shared by the decomposition functions (length N or R x N)."""

    vLss: np.ndarray
    vBss: np.ndarray
    VBo: np.ndarray  # R x N: value added of origin region per unit of final output
    f: np.ndarray  # foreign value added per unit of output
    q: np.ndarray  # L_ss Y_ss stacked by region
    p: np.ndarray  # L_ss E_s stacked by region
    abs_final_abroad: np.ndarray  # Σ_{r≠s} A_sr L_rr Y_rr
    abs_reexport: np.ndarray  # Σ_{r≠s} A_sr L_rr E_r


def _local_inverses(arr: IOArrays) -> list[np.ndarray]:
    """``L_ss = (I - A_ss)^-1`` for every region, in one batched LAPACK call when the
    blocks have equal size (many small calls are slow when the BLAS threads compete)."""
    sizes = {S.stop - S.start for S in arr.blocks}
    if len(sizes) == 1:
        n = sizes.pop()
        stack = np.stack([np.eye(n) - arr.A[S, S] for S in arr.blocks])
        return list(np.linalg.inv(stack))
    return [np.linalg.inv(np.eye(S.stop - S.start) - arr.A[S, S]) for S in arr.blocks]


def decomposition_parts(arr: IOArrays) -> DecompositionParts:
    """Compute the local inverses and value-added content vectors, region by region."""
    N, R = len(arr.x), len(arr.regions)
    A, L, v = arr.A, arr.L, arr.v
    vLss = np.empty(N)
    vBss = np.empty(N)
    VBo = np.empty((R, N))
    q = np.empty(N)
    p = np.empty(N)
    Aq_dom = np.empty(N)
    Ap_dom = np.empty(N)
    for k, (S, Lss) in enumerate(zip(arr.blocks, _local_inverses(arr), strict=True)):
        vLss[S] = v[S] @ Lss
        VBo[k] = v[S] @ L[S, :]
        vBss[S] = VBo[k, S]
        q[S] = Lss @ arr.Ydom[S]
        p[S] = Lss @ arr.E[S]
        Aq_dom[S] = A[S, S] @ q[S]
        Ap_dom[S] = A[S, S] @ p[S]
    f = VBo.sum(axis=0) - vBss
    return DecompositionParts(
        vLss=vLss,
        vBss=vBss,
        VBo=VBo,
        f=f,
        q=q,
        p=p,
        abs_final_abroad=A @ q - Aq_dom,
        abs_reexport=A @ p - Ap_dom,
    )


def export_decomposition(arr: IOArrays, parts: DecompositionParts | None = None) -> pd.DataFrame:
    """Split each region-sector's gross exports into five value-added terms.

    Parameters
    ----------
    arr : IOArrays
        From :func:`chainchief.mrio.core.io_arrays`.
    parts : DecompositionParts, optional
        Reuse already computed parts.

    Returns
    -------
    pandas.DataFrame
        Index (region, sector); columns ``exports``, ``dva``, ``ddc``, ``fva_final``,
        ``fva_intermediate``, ``fdc``, ``fva`` (= final + intermediate), ``foreign_content``
        (= fva + fdc), ``residual`` (exports minus the five terms; zero up to rounding on a
        row-sum basis).
    """
    pt = parts if parts is not None else decomposition_parts(arr)
    E = arr.E
    out = pd.DataFrame(
        {
            "exports": E,
            "dva": pt.vLss * E,
            "ddc": (pt.vBss - pt.vLss) * E,
            "fva_final": pt.f * arr.Yexp,
            "fva_intermediate": pt.f * pt.abs_final_abroad,
            "fdc": pt.f * pt.abs_reexport,
        },
        index=arr.index,
    )
    out["fva"] = out["fva_final"] + out["fva_intermediate"]
    out["foreign_content"] = out["fva"] + out["fdc"]
    out["residual"] = out["exports"] - out[["dva", "ddc", "fva", "fdc"]].sum(axis=1)
    return out


def kww_terms(arr: IOArrays, parts: DecompositionParts | None = None) -> pd.DataFrame:
    """The nine KWW (2014) terms of each region's gross exports.

    Returns
    -------
    pandas.DataFrame
        Index region; columns ``exports``, ``t1`` … ``t9``, and the groups ``vax``
        (t1–t3), ``dva`` (t1–t5), ``rdv`` (t4–t5), ``ddc`` (t6), ``fva`` (t7–t8), ``fdc``
        (t9), ``residual`` (exports minus t1…t9).
    """
    pt = parts if parts is not None else decomposition_parts(arr)
    R = len(arr.regions)
    A = arr.A
    # P[s, r, t] = V_s B_sr Y_rt
    P = np.empty((R, R, R))
    for r, Rb in enumerate(arr.blocks):
        P[:, r, :] = pt.VBo[:, Rb] @ arr.Yr[Rb, :]
    rows = []
    eye = np.eye(R, dtype=bool)
    for s, S in enumerate(arr.blocks):
        Ps = P[s]
        others = ~eye[s]
        t1 = Ps[s, others].sum()
        t2 = np.trace(Ps) - Ps[s, s]
        t4 = Ps[others, s].sum()
        t3 = Ps[others, :].sum() - t2 - t4
        h5 = A[:, S] @ pt.q[S]
        h6 = A[:, S] @ pt.p[S]
        h5[S] = 0.0
        h6[S] = 0.0
        t5 = pt.VBo[s] @ h5
        t6 = pt.VBo[s] @ h6
        f = pt.f[S]
        t7 = f @ arr.Yexp[S]
        t8 = f @ pt.abs_final_abroad[S]
        t9 = f @ pt.abs_reexport[S]
        rows.append([arr.E[S].sum(), t1, t2, t3, t4, t5, t6, t7, t8, t9])
    out = pd.DataFrame(
        rows,
        index=pd.Index(arr.regions, name="region"),
        columns=["exports", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
    )
    out["vax"] = out[["t1", "t2", "t3"]].sum(axis=1)
    out["rdv"] = out[["t4", "t5"]].sum(axis=1)
    out["dva"] = out["vax"] + out["rdv"]
    out["ddc"] = out["t6"]
    out["fva"] = out[["t7", "t8"]].sum(axis=1)
    out["fdc"] = out["t9"]
    terms = [f"t{i}" for i in range(1, 10)]
    out["residual"] = out["exports"] - out[terms].sum(axis=1)
    return out
