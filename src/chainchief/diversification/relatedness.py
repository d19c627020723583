"""Location quotients, RCA, proximity and relatedness density (Hidalgo et al. 2007).

From a region × industry matrix X (values such as employment or output):

* RCA_ri = (X_ri / X_r.) / (X_.i / X_..) (Balassa); the location quotient is the same
  ratio for one region against a reference;
* M_ri = 1 when RCA_ri >= threshold (default 1);
* proximity φ_ij = min(P(M_i = 1 | M_j = 1), P(M_j = 1 | M_i = 1))
  = C_ij / max(u_i, u_j) with C = MᵀM and u the ubiquities;
* density_ri = Σ_j φ_ij M_rj / Σ_j φ_ij.

These follow the Growth Lab's ``ecomplexity`` package exactly (the tests check it);
the matrix products run on NumPy/BLAS so a 3,000 × 1,200 matrix takes well under a
second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "RelatednessResult",
    "density",
    "location_quotient",
    "presence",
    "proximity",
    "rca",
    "region_industry_matrix",
    "relatedness",
]


def location_quotient(
    e_ij: float | np.ndarray | pd.Series,
    e_j: float | np.ndarray | pd.Series,
    e_i: float | np.ndarray | pd.Series,
    e: float | np.ndarray | pd.Series,
) -> float | np.ndarray | pd.Series:
    """Location quotient (e_ij / e_j) / (e_i / e), argument order as REAT's ``locq``.

    Parameters
    ----------
    e_ij
        Value of industry i in region j.
    e_j
        Total of region j.
    e_i
        Value of industry i in the reference area.
    e
        Total of the reference area.

    >>> round(location_quotient(1714, 79006, 879213, 15593224), 7)
    0.3847623
    """
    return (e_ij / e_j) / (e_i / e)


def region_industry_matrix(
    data: pd.DataFrame,
    *,
    region_col: str = "region_id",
    industry_col: str = "industry_code",
    value_col: str = "value",
) -> pd.DataFrame:
    """Pivot a long table into a region × industry matrix (sums, zeros where absent)."""
    m = data.pivot_table(
        index=region_col, columns=industry_col, values=value_col, aggfunc="sum", fill_value=0.0
    )
    return m.astype(float)


def _arr(x: pd.DataFrame | np.ndarray) -> np.ndarray:
    return np.asarray(x.to_numpy() if isinstance(x, pd.DataFrame) else x, dtype=float)


def _like(values: np.ndarray, template: pd.DataFrame | np.ndarray) -> pd.DataFrame | np.ndarray:
    if isinstance(template, pd.DataFrame):
        return pd.DataFrame(values, index=template.index, columns=template.columns)
    return values


def rca(matrix: pd.DataFrame | np.ndarray) -> pd.DataFrame | np.ndarray:
    """Balassa RCA of every cell of a region × industry matrix.

    Regions or industries whose total is zero get RCA 0.
    """
    x = _arr(matrix)
    if (x < 0).any():
        raise ValueError("matrix values must be non-negative")
    row = x.sum(axis=1, keepdims=True)
    col = x.sum(axis=0, keepdims=True)
    tot = x.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (x / row) / (col / tot)
    return _like(np.nan_to_num(out, nan=0.0, posinf=0.0), matrix)


def presence(
    rca_values: pd.DataFrame | np.ndarray, threshold: float = 1.0
) -> pd.DataFrame | np.ndarray:
    """Binary specialisation matrix M = (RCA >= threshold) as floats (default threshold 1)."""
    return _like((_arr(rca_values) >= threshold).astype(float), rca_values)


def proximity(m: pd.DataFrame | np.ndarray) -> pd.DataFrame | np.ndarray:
    """Symmetric industry proximity φ from a binary region × industry matrix.

    φ_ij = C_ij / max(u_i, u_j) with C = MᵀM; industries present nowhere get 0.
    The diagonal is 1 for industries present somewhere.
    """
    x = _arr(m)
    c = x.T @ x
    u = np.diag(c).copy()
    den = np.maximum(u[:, None], u[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(den > 0, c / np.where(den > 0, den, 1.0), 0.0)
    if isinstance(m, pd.DataFrame):
        return pd.DataFrame(phi, index=m.columns, columns=m.columns)
    return phi


def density(
    m: pd.DataFrame | np.ndarray, phi: pd.DataFrame | np.ndarray
) -> pd.DataFrame | np.ndarray:
    """Relatedness density Σ_j φ_ij M_rj / Σ_j φ_ij of every region and industry."""
    x = _arr(m)
    p = _arr(phi)
    den = p.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = (x @ p.T) / np.where(den > 0, den, 1.0)[None, :]
    d[:, den <= 0] = 0.0
    return _like(d, m)


@dataclass
class RelatednessResult:
    """RCA, presence, proximity and density of one region × industry matrix."""

    threshold: float
    rca: pd.DataFrame
    presence: pd.DataFrame
    proximity: pd.DataFrame
    density: pd.DataFrame

    @property
    def ubiquity(self) -> pd.Series:
        """Number of regions specialised in each industry."""
        return self.presence.sum(axis=0)

    @property
    def diversity(self) -> pd.Series:
        """Number of industries each region is specialised in."""
        return self.presence.sum(axis=1)


def relatedness(matrix: pd.DataFrame, threshold: float = 1.0) -> RelatednessResult:
    """RCA, presence (RCA >= ``threshold``), proximity and density of a labelled matrix.

    Parameters
    ----------
    matrix
        Region × industry values (see :func:`region_industry_matrix`).
    threshold
        RCA at or above which a region counts as specialised (default 1).
    """
    r = rca(matrix)
    m = presence(r, threshold)
    phi = proximity(m)
    d = density(m, phi)
    assert isinstance(r, pd.DataFrame) and isinstance(m, pd.DataFrame)
    assert isinstance(phi, pd.DataFrame) and isinstance(d, pd.DataFrame)
    return RelatednessResult(threshold, r, m, phi, d)
