"""Outside institutions and platforms as attraction candidates (issue 5, concepts §1, §9).

The ICCM pilots' panoramic map lists research institutes, universities, design centres
and platforms at home and abroad beside the leading firms. An institution has no
``firm_segments`` row, so the segments it *serves* are derived:

1. its knowledge links (either direction) with firms working in the chain: segment
   weight = Σ link weight × the firm's segment weight, normalised to 1 per institution;
2. without such links, by its kind: the chain's segments whose function is one of
   ``INSTITUTION_FUNCTIONS[kind]`` (e.g. a research institute serves the R&D/design
   segments, a testing centre or platform the service segments), equal weights.

Capability reads the institutions table's optional numeric columns ``rnd_spend``,
``patents``, ``revenue`` (budget) and ``own_brands`` when present.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from chainchief.diagnosis.frames import num

__all__ = ["INSTITUTION_FUNCTIONS", "InstitutionCandidates", "institution_candidates"]

#: Default segment functions served by each attractable institution kind (documented in
#: docs/attraction.md). Kinds not listed (government, association, industrial_park,
#: other, ...) are not candidates.
INSTITUTION_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "research_institute": ("rnd_design",),
    "university": ("rnd_design",),
    "design_centre": ("rnd_design",),
    "laboratory": ("rnd_design",),
    "testing_centre": ("services",),
    "platform": ("services",),
}


@dataclass
class InstitutionCandidates:
    """Outside institutions that are candidates, and the segments they serve.

    ``pair_i``/``pair_s``/``pair_w``: institution position, segment position, weight.
    ``via``: ``"links"`` or ``"kind"`` per institution. ``parts``: capability parts.
    Institutions serving no segment of the chain are left out.
    """

    ids: np.ndarray
    names: np.ndarray
    regions: np.ndarray
    kinds: np.ndarray
    via: np.ndarray
    pair_i: np.ndarray
    pair_s: np.ndarray
    pair_w: np.ndarray
    parts: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)


def institution_candidates(
    tables: dict[str, pd.DataFrame],
    seg_ids: pd.Index,
    seg_function: np.ndarray,
    local_regions: set[str],
    fs_firm: pd.Series,
    fs_seg: np.ndarray,
    fs_w: np.ndarray,
    functions: dict[str, tuple[str, ...]] | None = None,
) -> InstitutionCandidates:
    """The outside, attractable institutions and the chain segments each serves.

    Parameters
    ----------
    tables
        Table frames (``institutions``, ``knowledge_links``).
    seg_ids, seg_function
        The chain's segment ids and their functions (same order).
    local_regions
        The focal region and the regions below it.
    fs_firm, fs_seg, fs_w
        Firm id, segment position and segment weight of the chain's ``firm_segments`` rows.
    functions
        Kind -> served functions (default :data:`INSTITUTION_FUNCTIONS`).
    """
    fmap = INSTITUTION_FUNCTIONS if functions is None else functions
    inst = tables["institutions"]
    kind = inst["kind"].astype(str).to_numpy()
    reg = inst["region_id"].astype(str)
    keep = ~reg.isin(local_regions).to_numpy() & np.isin(kind, list(fmap))
    inst = inst[keep].reset_index(drop=True)
    ids = inst["institution_id"].astype(str).to_numpy()
    kinds = inst["kind"].astype(str).to_numpy()
    n = len(ids)
    # 1. Knowledge links with firms of the chain (either direction).
    kl = tables["knowledge_links"]
    src, tgt = kl["source_id"].astype(str), kl["target_id"].astype(str)
    wt = num(kl["weight"]).fillna(1.0).to_numpy() if "weight" in kl else np.ones(len(kl))
    ipos = pd.Index(ids)
    a = pd.DataFrame(
        {
            "i": np.concatenate([ipos.get_indexer(src), ipos.get_indexer(tgt)]),
            "firm": np.concatenate([tgt.to_numpy(), src.to_numpy()]),
            "w": np.concatenate([wt, wt]),
        }
    )
    a = a[a["i"] >= 0]
    fsd = pd.DataFrame({"firm": fs_firm.astype(str).to_numpy(), "s": fs_seg, "fw": fs_w})
    m = a.merge(fsd, on="firm", how="inner")
    m = m.assign(v=m["w"] * m["fw"]).groupby(["i", "s"], as_index=False)["v"].sum()
    tot = m.groupby("i")["v"].transform("sum")
    m = m[tot > 0].assign(v=m["v"] / tot)
    linked = np.zeros(n, dtype=bool)
    linked[m["i"].to_numpy(int)] = True
    # 2. By kind, for the others.
    rows_i, rows_s = [], []
    for k, funcs in fmap.items():  # a handful of kinds
        segs = np.flatnonzero(np.isin(seg_function, list(funcs)))
        who = np.flatnonzero((kinds == k) & ~linked)
        if len(segs) and len(who):
            rows_i.append(np.repeat(who, len(segs)))
            rows_s.append(np.tile(segs, len(who)))
    ki = np.concatenate(rows_i) if rows_i else np.zeros(0, dtype=int)
    ks = np.concatenate(rows_s) if rows_s else np.zeros(0, dtype=int)
    kcount = np.bincount(ki, minlength=n).astype(float)
    kw = 1.0 / np.maximum(kcount[ki], 1.0)
    parts: dict[str, np.ndarray] = {}
    rev = num(inst["revenue"]).to_numpy() if "revenue" in inst else np.full(n, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        rnd = num(inst["rnd_spend"]).to_numpy() if "rnd_spend" in inst else np.full(n, np.nan)
        parts["rnd"] = np.where(rev > 0, rnd / rev, np.nan)
    parts["patents"] = num(inst["patents"]).to_numpy() if "patents" in inst else np.full(n, np.nan)
    parts["scale"] = rev
    parts["brand"] = (
        num(inst["own_brands"]).to_numpy() if "own_brands" in inst else np.full(n, np.nan)
    )
    # An institution that serves no segment of the chain is not a candidate (as a firm
    # without a firm_segments row in the chain is not).
    served = linked | (kcount > 0)
    new_pos = np.cumsum(served) - 1
    pair_i = np.concatenate([m["i"].to_numpy(int), ki])
    return InstitutionCandidates(
        ids=ids[served],
        names=inst["name"].astype(str).to_numpy()[served],
        regions=inst["region_id"].astype(str).to_numpy()[served],
        kinds=kinds[served],
        via=np.where(linked, "links", "kind")[served],
        pair_i=new_pos[pair_i],
        pair_s=np.concatenate([m["s"].to_numpy(int), ks]),
        pair_w=np.concatenate([m["v"].to_numpy(float), kw]),
        parts={k: v[served] for k, v in parts.items()},
    )
