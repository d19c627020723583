"""Substitute-supplier search: candidate ranking and capacity matching.

The engine and the attraction capability share :func:`rank_substitutes`: for one buyer
and one input segment it lists the firms that make the segment, with the step of the
search at which each is found (local -> prefecture -> province -> [ICCM partner parks]
-> national -> supranational -> global), ranked by step, then by spare capacity, then by
firm id. :func:`match_requests` is the vectorised first-come-first-served allocation the
engine uses when many buyers search at once.
"""

from __future__ import annotations

import numba as nb
import numpy as np
import pandas as pd

from chainchief.simulation.params import SCALES

__all__ = ["SHORTFALL_TOL", "STAGES", "STAGE_SCALE", "match_requests", "rank_substitutes"]

#: A link whose fill rate is within this of 1 has no shortfall for the search (rounding
#: residue of the deliveries must not open substitute links).
SHORTFALL_TOL = 1e-9
#: Search steps in order; "partner" is the ICCM partner-park step.
STAGES: tuple[str, ...] = (
    "local",
    "prefecture",
    "province",
    "partner",
    "national",
    "supranational",
    "global",
)
#: Scale rank of each step (-1 for the partner step).
STAGE_SCALE: tuple[int, ...] = (0, 1, 2, -1, 3, 4, 5)


def rank_substitutes(
    buyer_region: str,
    segment: str,
    *,
    regions: pd.DataFrame,
    firms: pd.DataFrame,
    firm_segments: pd.DataFrame,
    spare: pd.Series | None = None,
    exclude: list[str] | None = None,
    partner_regions: list[str] | None = None,
    lost: float | None = None,
    min_cover: float = 0.6,
) -> pd.DataFrame:
    """Rank candidate substitute suppliers of ``segment`` for a buyer in ``buyer_region``.

    Parameters
    ----------
    buyer_region
        Region id of the buyer.
    segment
        Segment id (or ``chain_id/segment_id``) of the input to replace.
    regions, firms, firm_segments
        Tables of a chain data package.
    spare
        Spare daily capacity by firm id; default: ``firm_segments.capacity`` (summed per
        firm) or 1 for every candidate when unknown.
    exclude
        Firm ids never proposed (the buyer itself, the failing supplier).
    partner_regions
        ICCM partner regions; their firms are found at the ``partner`` step.
    lost
        Lost daily flow to replace (same unit as ``spare``). None (default): no adequacy
        rule, every candidate counts as adequate and the order is step, spare, firm id.
    min_cover
        Adequacy threshold (default 0.6): a candidate is adequate when
        ``spare >= min_cover x lost``; adequate candidates come first.

    Returns
    -------
    DataFrame
        ``firm_id, region_id, stage, stage_rank, scale, spare, cover, adequate, rank``;
        ``stage`` is the first search step that reaches the firm, ``scale`` the scale of
        the relation, ``cover`` = spare / lost (NaN without ``lost``).
    """
    from chainchief.simulation.network import _region_units  # local import: no cycle

    if min_cover < 0.0:
        raise ValueError(f"min_cover must be >= 0, got {min_cover}")
    if lost is not None and not (np.isfinite(lost) and lost >= 0):
        raise ValueError(f"lost must be a finite number >= 0, got {lost}")

    ids, units = _region_units(regions)
    pos = {r: i for i, r in enumerate(ids)}
    if buyer_region not in pos:
        raise KeyError(f"unknown region {buyer_region!r}")
    keys = firm_segments["chain_id"].astype(str) + "/" + firm_segments["segment_id"].astype(str)
    hit = (firm_segments["segment_id"].astype(str) == segment) | (keys == segment)
    cand = pd.Index(firm_segments.loc[hit, "firm_id"].astype(str).unique())
    cand = cand.difference(pd.Index(exclude or []), sort=False)
    freg = firms.set_index(firms["firm_id"].astype(str))["region_id"].astype(str)
    cregion = freg.reindex(cand).to_numpy()
    b = pos[buyer_region]
    partner = np.zeros(len(ids), dtype=bool)
    for r in partner_regions or []:
        j = pos[r]
        for k in range(len(SCALES)):
            partner |= units[k] == j
    stage_rank, scale = [], []
    for r in cregion:
        c = pos[str(r)]
        sc = next(
            (k for k in range(len(SCALES)) if units[k, c] >= 0 and units[k, c] == units[k, b]),
            len(SCALES) - 1,
        )
        st = STAGE_SCALE.index(sc)
        if partner[c] and st > STAGES.index("partner"):
            st = STAGES.index("partner")
        stage_rank.append(st)
        scale.append(SCALES[sc])
    if spare is None:
        if "capacity" in firm_segments:
            cap = pd.to_numeric(firm_segments["capacity"], errors="coerce").fillna(0.0)
            spare = cap.groupby(firm_segments["firm_id"].astype(str)).sum() / 365.0
        else:
            spare = pd.Series(1.0, index=cand)
    out = pd.DataFrame(
        {
            "firm_id": pd.Series(cand, dtype="str"),
            "region_id": pd.Series(cregion, dtype="str"),
            "stage": pd.Series([STAGES[s] for s in stage_rank], dtype="str"),
            "stage_rank": pd.Series(stage_rank, dtype="Int64"),
            "scale": pd.Series(scale, dtype="str"),
            "spare": spare.reindex(cand).fillna(0.0).to_numpy(dtype=float),
        }
    )
    if lost is None or lost <= 0:
        out["cover"] = np.nan if lost is None else np.inf
        out["adequate"] = True
    else:
        out["cover"] = out["spare"] / lost
        out["adequate"] = out["spare"] >= min_cover * lost
    out = out.sort_values(
        ["adequate", "stage_rank", "spare", "firm_id"],
        ascending=[False, True, False, True],
        kind="stable",
    )
    out["rank"] = pd.array(np.arange(1, len(out) + 1), dtype="Int64")
    return out.reset_index(drop=True)


def match_requests(
    req_cell: np.ndarray,
    req_need: np.ndarray,
    cand_cell: np.ndarray,
    cand_spare: np.ndarray,
    cand_firm: np.ndarray,
    presorted: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First-come-first-served matching of needs to spare capacity within cells.

    Within a cell, requests keep their given order and candidates are ranked by spare
    capacity (largest first, then firm index); their amounts are laid end to end and
    each request takes the stretch of the candidates' line that faces its own.

    With ``presorted`` the caller guarantees the candidates come sorted by cell, then
    firm (the engine's search index): only each cell's candidates are then sorted by
    spare capacity, which is much faster than a full sort on three keys.

    Returns
    -------
    (request index, candidate index, amount) for every overlap of positive length.
    """
    if len(req_cell) == 0 or len(cand_cell) == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, np.zeros(0)
    ro = np.argsort(req_cell, kind="stable")  # by cell, then given order
    if presorted:
        co = np.empty(len(cand_cell), dtype=np.int64)
        _sort_within_cells(
            np.ascontiguousarray(cand_cell), np.ascontiguousarray(cand_spare, dtype=float), co
        )
    else:
        co = np.lexsort((cand_firm, -cand_spare, cand_cell))
    n_max = len(ro) + len(co)  # each overlap ends a request or a candidate
    ri = np.empty(n_max, dtype=np.int64)
    ci = np.empty(n_max, dtype=np.int64)
    amt = np.empty(n_max)
    n = _sweep(
        np.ascontiguousarray(req_cell[ro]),
        np.ascontiguousarray(req_need[ro], dtype=np.float64),
        np.ascontiguousarray(cand_cell[co]),
        np.ascontiguousarray(cand_spare[co], dtype=np.float64),
        ri,
        ci,
        amt,
    )
    return ro[ri[:n]], co[ci[:n]], amt[:n]


@nb.njit(cache=True, nogil=True)
def _sort_within_cells(cell: np.ndarray, spare: np.ndarray, out: np.ndarray) -> None:
    """Order of candidates sorted by cell (then firm) after a stable sort of each
    cell's candidates by spare capacity, largest first."""
    n = cell.shape[0]
    i = 0
    while i < n:
        j = i + 1
        while j < n and cell[j] == cell[i]:
            j += 1
        if j - i == 1:
            out[i] = i
        else:
            o = np.argsort(-spare[i:j], kind="mergesort")
            for k in range(j - i):
                out[i + k] = i + o[k]
        i = j


@nb.njit(cache=True, nogil=True)
def _sweep(
    rc: np.ndarray,
    rn: np.ndarray,
    cc: np.ndarray,
    cs: np.ndarray,
    out_r: np.ndarray,
    out_c: np.ndarray,
    out_a: np.ndarray,
) -> int:
    """Overlaps of requests and candidates sorted by cell (each in its cell's order):
    in each cell the needs and the spare capacities are laid end to end from 0, and
    each request takes what faces it. Writes (request, candidate, amount) in request
    order, then candidate order; returns how many."""
    nr, nc = rc.shape[0], cc.shape[0]
    n = 0
    i = 0
    j = 0
    while i < nr:
        cell = rc[i]
        while j < nc and cc[j] < cell:
            j += 1
        cpos = 0.0  # start of candidate j on the cell's line
        rpos = 0.0
        while i < nr and rc[i] == cell:
            r0 = rpos
            r1 = rpos + rn[i]
            while j < nc and cc[j] == cell and cpos + cs[j] <= r0:
                cpos += cs[j]
                j += 1
            k = j
            kpos = cpos
            while k < nc and cc[k] == cell and kpos < r1:
                a = min(r1, kpos + cs[k]) - max(r0, kpos)
                if a > 0.0:
                    out_r[n] = i
                    out_c[n] = k
                    out_a[n] = a
                    n += 1
                kpos += cs[k]
                k += 1
            rpos = r1
            i += 1
    return n
