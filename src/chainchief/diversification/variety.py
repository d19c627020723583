"""Related and unrelated variety (Frenken, Van Oort and Verburg 2007).

With shares p_i of fine industries i grouped into broad sectors g with shares P_g:

* total variety (entropy at the fine level) TV = Σ_i p_i log2(1/p_i);
* unrelated variety UV = Σ_g P_g log2(1/P_g) (entropy between sectors);
* related variety RV = Σ_g P_g H_g with H_g = Σ_{i∈g} (p_i/P_g) log2(P_g/p_i)
  (weighted entropy within sectors).

The decomposition TV = RV + UV holds exactly (entropy decomposition theorem).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

__all__ = ["group_codes", "variety", "variety_by_region"]


def group_codes(
    codes: pd.Series,
    hierarchy: int | Mapping[str, str] | Callable[[str], str] = 2,
) -> pd.Series:
    """Broad-sector code of each fine industry code.

    Parameters
    ----------
    codes
        Fine industry codes.
    hierarchy
        An ``int`` n: the first n characters of the code (default 2, e.g. the
        two-digit division of a four-digit code); a mapping fine -> broad code; or a
        function. Codes without a group raise ``KeyError``.
    """
    c = codes.astype(str)
    if isinstance(hierarchy, int):
        if hierarchy < 1:
            raise ValueError("hierarchy digits must be >= 1")
        return c.str.slice(0, hierarchy)
    if callable(hierarchy):
        return c.map(hierarchy)
    out = c.map(dict(hierarchy))
    missing = c[out.isna()]
    if not missing.empty:
        raise KeyError(f"industry codes without a broad sector: {sorted(set(missing))[:5]}")
    return out


def variety(
    values: pd.Series,
    hierarchy: int | Mapping[str, str] | Callable[[str], str] = 2,
    base: float = 2.0,
) -> dict[str, float]:
    """Total, related and unrelated variety of one region.

    Parameters
    ----------
    values
        Non-negative amounts (employment, output) indexed by fine industry code;
        duplicate codes are summed.
    hierarchy
        How fine codes group into broad sectors (see :func:`group_codes`).
    base
        Logarithm base (default 2, as in Frenken et al. 2007).

    Returns
    -------
    dict
        ``total_variety``, ``related_variety``, ``unrelated_variety``, ``n_industries``,
        ``n_sectors`` (industries and sectors with a positive value).
    """
    v = pd.Series(values, dtype=float)
    if (v < 0).any():
        raise ValueError("values must be non-negative")
    v = v[v > 0].groupby(level=0).sum()
    total = float(v.sum())
    if total <= 0:
        nan = math.nan
        return {
            "total_variety": nan,
            "related_variety": nan,
            "unrelated_variety": nan,
            "n_industries": 0.0,
            "n_sectors": 0.0,
        }
    p = v.to_numpy() / total
    groups = group_codes(pd.Series(v.index, index=v.index), hierarchy).to_numpy()
    nz = p > 0  # shares that underflow to zero add nothing to any entropy
    p, groups = p[nz], groups[nz]
    pg = pd.Series(p).groupby(groups).transform("sum").to_numpy()
    lb = math.log(base)
    tv = float(-(p * np.log(p)).sum() / lb)
    big = pd.Series(p).groupby(groups).sum().to_numpy()
    uv = float(-(big * np.log(big)).sum() / lb)
    # RV = Σ_g P_g Σ_{i∈g} (p_i/P_g) log(P_g/p_i) = Σ_i p_i log(P_g(i)/p_i)
    rv = float((p * (np.log(pg) - np.log(p))).sum() / lb)
    return {
        "total_variety": tv + 0.0,
        "related_variety": rv + 0.0,
        "unrelated_variety": uv + 0.0,
        "n_industries": float(len(p)),
        "n_sectors": float(len(big)),
    }


def variety_by_region(
    data: pd.DataFrame,
    hierarchy: int | Mapping[str, str] | Callable[[str], str] = 2,
    *,
    region_col: str = "region_id",
    industry_col: str = "industry_code",
    value_col: str = "value",
    by: tuple[str, ...] = ("year",),
    base: float = 2.0,
) -> pd.DataFrame:
    """:func:`variety` for every region (and year) of a long table.

    Parameters
    ----------
    data
        Long table with region, industry code and value columns, such as the
        ``indicators`` table filtered to one indicator.
    hierarchy, base
        As in :func:`variety`.
    by
        Further grouping columns present in ``data`` (default ``("year",)``).

    Returns
    -------
    DataFrame
        ``region_id, [by...], total_variety, related_variety, unrelated_variety,
        n_industries, n_sectors``.
    """
    keys = [region_col, *[c for c in by if c in data.columns]]
    d = data[data[industry_col].notna()]
    rows = []
    for key, grp in d.groupby(keys, sort=True):
        vals = grp.set_index(grp[industry_col].astype(str))[value_col].astype(float)
        kt = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(keys, kt, strict=True)), **variety(vals, hierarchy, base)})
    cols = [
        *keys,
        "total_variety",
        "related_variety",
        "unrelated_variety",
        "n_industries",
        "n_sectors",
    ]
    return pd.DataFrame(rows, columns=cols)
