"""Small helpers of the synthetic generator: typed frames, ids, draws."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chainchief.model.schema import TABLES


# --------------------------------------------------------------------------- helpers
def _typed(table: str, cols: dict[str, Any]) -> pd.DataFrame:
    """A frame with exactly the core columns of ``table``, in schema order and dtypes."""
    spec = TABLES[table]
    n = len(next(iter(cols.values())))
    out: dict[str, Any] = {}
    for c in spec.columns:
        v = cols.get(c.name)
        if v is None:
            v = [None] * n
        if c.dtype == "str":
            out[c.name] = pd.Series(v, dtype="str")
        elif c.dtype == "int":
            out[c.name] = pd.Series(pd.array(v, dtype="Int64"))
        elif c.dtype == "float":
            out[c.name] = pd.Series(np.asarray(v, dtype="float64"))
        elif c.dtype == "bool":
            out[c.name] = pd.Series(pd.array(v, dtype="boolean"))
        else:
            out[c.name] = pd.Series(pd.to_datetime(pd.Series(v)), dtype="datetime64[ns]")
    return pd.DataFrame(out)


def _pad_ids(prefix: str, n: int) -> pa.Array:
    width = max(6, len(str(max(n - 1, 0))))
    digits = pc.utf8_lpad(
        pc.cast(pa.array(np.arange(n, dtype=np.int64)), pa.large_string()), width=width, padding="0"
    )
    return _join(pa.scalar(prefix, pa.large_string()), digits, sep="")


def _join(*parts: Any, sep: str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, pa.scalar(sep, pa.large_string()))


def _take(values: pa.Array | Sequence[str], idx: np.ndarray) -> pa.Array:
    arr = values if isinstance(values, pa.Array) else pa.array(list(values), pa.large_string())
    return arr.take(pa.array(idx))


def _floor(x: np.ndarray, decimals: int) -> np.ndarray:
    f = 10.0**decimals
    return np.floor(x * f) / f


def _lognormal(rng: np.random.Generator, sigma: float, n: int) -> np.ndarray:
    return rng.lognormal(0.0, sigma, n) if sigma > 0 else np.ones(n)
