"""Ranked diversification options and the adaptation vs adaptability summary.

Options for a region are the industries it is not specialised in (M_ri = 0):

* **related** options (Boschma: diversify into related industries): relatedness density
  at or above the ``related_quantile`` of the region's candidate densities, ranked by
  density (then value-added share);
* **unrelated** options (Boschma: use uncommitted local resources, or combine outside
  and local resources): the other candidates, ranked by value-added share (then by
  ubiquity, rarer first, as a proxy for complexity).

Adaptation (strengthening the existing path) vs adaptability (opening new paths),
after Pike et al. (2010) and Boschma (2015), is summarised between two years by where
the region's growth went: into industries it was already specialised in, or into new
specialisations, together with how related the new ones were.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from chainchief.diversification.relatedness import RelatednessResult, relatedness
from chainchief.diversification.variety import variety

__all__ = ["DiversificationParams", "adaptation_summary", "diversification_options"]


@dataclass(frozen=True)
class DiversificationParams:
    """Parameters of the diversification measures, with documented defaults.

    Attributes
    ----------
    rca_threshold
        RCA at or above which a region is specialised in an industry (default 1).
    related_quantile
        Candidates whose density is at or above this quantile of the region's candidate
        densities are *related* options (default 0.75, the top quarter).
    hierarchy_digits
        Leading characters of an industry code that give its broad sector, for related
        and unrelated variety (default 2).
    entropy_base
        Logarithm base of the variety measures (default 2).
    top_n
        Number of options of each kind listed in reports (default 10).
    """

    rca_threshold: float = 1.0
    related_quantile: float = 0.75
    hierarchy_digits: int = 2
    entropy_base: float = 2.0
    top_n: int = 10

    def __post_init__(self) -> None:
        if not 0.0 <= self.related_quantile <= 1.0:
            raise ValueError("related_quantile must lie in [0, 1]")

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, for reports and JSON."""
        return asdict(self)


def diversification_options(
    result: RelatednessResult,
    region: str,
    *,
    va_share: pd.Series | Mapping[str, float] | None = None,
    params: DiversificationParams | None = None,
) -> pd.DataFrame:
    """Ranked related and unrelated diversification options of ``region``.

    Parameters
    ----------
    result
        :func:`~chainchief.diversification.relatedness.relatedness` of a matrix that
        contains ``region``.
    region
        Row label of the region.
    va_share
        Optional value-added share (or value added per worker) by industry.
    params
        Thresholds (:class:`DiversificationParams`).

    Returns
    -------
    DataFrame
        ``industry, option, rank, density, density_quantile, rca, ubiquity, va_share``,
        related options first.
    """
    p = params or DiversificationParams()
    if region not in result.presence.index:
        raise KeyError(f"region {region!r} is not a row of the matrix")
    m = result.presence.loc[region]
    cand = m.index[m.to_numpy() < 1]
    d = result.density.loc[region].reindex(cand).astype(float)
    va = pd.Series(va_share, dtype=float) if va_share is not None else pd.Series(dtype=float)
    out = pd.DataFrame(
        {
            "industry": pd.Series(cand, dtype="str"),
            "density": d.to_numpy(),
            "density_quantile": d.rank(pct=True, method="max").to_numpy(),
            "rca": result.rca.loc[region].reindex(cand).to_numpy(dtype=float),
            "ubiquity": result.ubiquity.reindex(cand).to_numpy(dtype=float),
            "va_share": va.reindex(cand).to_numpy(dtype=float),
        }
    )
    if out.empty:
        out.insert(1, "option", pd.Series(dtype="str"))
        out.insert(2, "rank", pd.Series(dtype="int64"))
        return out
    cut = float(np.quantile(out["density"], p.related_quantile))
    out["option"] = np.where(out["density"] >= cut, "related", "unrelated")
    rel = out[out["option"] == "related"].sort_values(
        ["density", "va_share"], ascending=[False, False], na_position="last", kind="stable"
    )
    unr = out[out["option"] == "unrelated"].sort_values(
        ["va_share", "ubiquity", "density"],
        ascending=[False, True, False],
        na_position="last",
        kind="stable",
    )
    rel = rel.assign(rank=np.arange(1, len(rel) + 1))
    unr = unr.assign(rank=np.arange(1, len(unr) + 1))
    res = pd.concat([rel, unr], ignore_index=True)
    res["option"] = res["option"].astype("str")
    return res[
        ["industry", "option", "rank", "density", "density_quantile", "rca", "ubiquity", "va_share"]
    ]


def _align(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = a.index.union(b.index)
    cols = a.columns.union(b.columns)
    return (
        a.reindex(index=rows, columns=cols, fill_value=0.0),
        b.reindex(index=rows, columns=cols, fill_value=0.0),
    )


def adaptation_summary(
    start: pd.DataFrame,
    end: pd.DataFrame,
    region: str,
    *,
    hierarchy: int | Mapping[str, str] | Callable[[str], str] | None = None,
    params: DiversificationParams | None = None,
) -> pd.DataFrame:
    """Adaptation vs adaptability of ``region`` between two region × industry matrices.

    Returns
    -------
    DataFrame
        ``metric, value, description``: specialisations at start and end, kept, exits
        and entries; mean start-year density of the entries and of all candidates;
        ``adaptation_share`` (share of the region's value growth in industries it was
        specialised in at the start) and ``adaptability_share`` (share in new
        specialisations); related and unrelated variety at both dates; and
        ``dominant`` = 1 for adaptation, 0 for adaptability (the larger share).
    """
    p = params or DiversificationParams()
    hier = hierarchy if hierarchy is not None else p.hierarchy_digits
    a, b = _align(start, end)
    ra, rb = relatedness(a, p.rca_threshold), relatedness(b, p.rca_threshold)
    if region not in a.index:
        raise KeyError(f"region {region!r} is not a row of the matrices")
    ma = ra.presence.loc[region].to_numpy() >= 1
    mb = rb.presence.loc[region].to_numpy() >= 1
    kept, exits, entries = ma & mb, ma & ~mb, ~ma & mb
    dens = ra.density.loc[region].to_numpy()
    growth = b.loc[region].to_numpy() - a.loc[region].to_numpy()
    pos = np.clip(growth, 0, None)
    tot_pos = float(pos.sum())
    ad = float(pos[ma].sum()) / tot_pos if tot_pos > 0 else math.nan
    ab = float(pos[entries].sum()) / tot_pos if tot_pos > 0 else math.nan
    va = variety(pd.Series(a.loc[region].to_numpy(), index=a.columns), hier, p.entropy_base)
    vb = variety(pd.Series(b.loc[region].to_numpy(), index=b.columns), hier, p.entropy_base)
    rows: list[tuple[str, float, str]] = [
        ("specialisations_start", float(ma.sum()), "industries with RCA >= threshold at start"),
        ("specialisations_end", float(mb.sum()), "industries with RCA >= threshold at end"),
        ("kept", float(kept.sum()), "specialised at both dates"),
        ("exits", float(exits.sum()), "specialisations lost"),
        ("entries", float(entries.sum()), "new specialisations (new paths)"),
        (
            "entry_mean_density",
            float(dens[entries].mean()) if entries.any() else math.nan,
            "mean start-year relatedness density of the entries",
        ),
        (
            "candidate_mean_density",
            float(dens[~ma].mean()) if (~ma).any() else math.nan,
            "mean start-year density of all industries not specialised at start",
        ),
        ("adaptation_share", ad, "share of value growth in existing specialisations"),
        ("adaptability_share", ab, "share of value growth in new specialisations"),
        ("related_variety_start", va["related_variety"], "related variety at start"),
        ("related_variety_end", vb["related_variety"], "related variety at end"),
        ("unrelated_variety_start", va["unrelated_variety"], "unrelated variety at start"),
        ("unrelated_variety_end", vb["unrelated_variety"], "unrelated variety at end"),
        (
            "dominant",
            math.nan if math.isnan(ad) else float(ad >= ab),
            "1 = adaptation (existing path), 0 = adaptability (new paths)",
        ),
    ]
    return pd.DataFrame(rows, columns=["metric", "value", "description"])
