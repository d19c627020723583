"""Concentration and entropy of a distribution of values: shares, HHI, Shannon entropy.

These small helpers are shared by coupling (diversity over scales, lead-firm
dependence), diversification (variety) and the networks measures.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["hhi", "shannon_entropy", "shares", "top_k_share"]


def _values(values: pd.Series | np.ndarray | list[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    arr = arr[~np.isnan(arr)]
    if (arr < 0).any():
        raise ValueError("values must be non-negative")
    return arr


def shares(values: pd.Series | np.ndarray | list[float]) -> np.ndarray:
    """Return ``values / sum(values)``, NaN dropped; empty when the sum is zero."""
    arr = _values(values)
    total = arr.sum()
    if total <= 0:
        return np.zeros(0)
    return arr / total


def hhi(values: pd.Series | np.ndarray | list[float]) -> float:
    """Herfindahl–Hirschman index Σ s_i² of the shares of ``values`` (0 to 1).

    NaN when there is no positive value.

    >>> hhi([1, 1, 2])
    0.375
    """
    s = shares(values)
    return float((s**2).sum()) if s.size else math.nan


def shannon_entropy(values: pd.Series | np.ndarray | list[float], base: float = 2.0) -> float:
    """Shannon entropy −Σ s_i log(s_i) of the shares of ``values`` (zero shares skipped).

    Parameters
    ----------
    values
        Non-negative amounts (values, counts).
    base
        Logarithm base; default 2 (bits), as in Frenken et al. (2007).

    >>> shannon_entropy([1, 1, 1, 1])
    2.0
    """
    s = shares(values)
    if not s.size:
        return math.nan
    s = s[s > 0]
    return float(-(s * np.log(s)).sum() / math.log(base)) + 0.0


def top_k_share(values: pd.Series | np.ndarray | list[float], k: int = 3) -> float:
    """Share of the total held by the ``k`` largest values.

    >>> top_k_share([5, 3, 1, 1], k=2)
    0.8
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    s = shares(values)
    if not s.size:
        return math.nan
    return float(np.sort(s)[::-1][:k].sum())
