"""Typed columns: parse raw cells into the schema's dtypes, flagging cells that fail.

The pandas dtypes of a typed table are fixed by the schema: ``str`` columns use pandas'
``str`` dtype, ``int`` the nullable ``Int64``, ``float`` ``float64`` (NaN = missing),
``bool`` the nullable ``boolean`` and ``date`` ``datetime64[ns]``. Parsing a cell that
was read from a CSV file and reading a value back from the store give the same dtype,
which is what makes export -> import lossless.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainchief.model.schema import Column, DType, TableSpec

__all__ = ["PANDAS_DTYPES", "empty_frame", "parse_column", "typed_frame"]

PANDAS_DTYPES: dict[DType, str] = {
    "str": "str",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
}

_TRUE = {"true", "1"}
_FALSE = {"false", "0"}
_NULL_BAD = np.zeros(0, dtype=bool)


def _as_str(s: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(s.dtype):
        # ids written as numbers by spreadsheet tools: 12.0 -> "12"
        whole = s.notna() & (s == np.floor(s))
        out = s.astype("str")
        out[whole] = s[whole].astype("int64").astype("str")
        return out.where(s.notna())
    out = s.astype("str")
    out = out.where(s.notna())
    return out.where(out != "")


def parse_column(s: pd.Series, col: Column) -> tuple[pd.Series, np.ndarray, str]:
    """Parse ``s`` into ``col``'s dtype.

    Returns the typed series (unparseable cells missing), a boolean mask of the cells
    that were given but could not be parsed, and a short phrase describing the type
    ("an integer") for messages.
    """
    given = s.notna().to_numpy()
    if col.dtype == "str":
        return _as_str(s).astype("str"), _NULL_BAD, "text"
    if col.dtype in ("int", "float"):
        if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
            num = s.astype("float64")
        else:
            txt = s.astype("str").str.strip()
            num = pd.to_numeric(txt, errors="coerce").astype("float64")
        vals = num.to_numpy()
        bad = given & ~np.isfinite(vals)
        if col.dtype == "int":
            with np.errstate(invalid="ignore"):
                bad |= given & np.isfinite(vals) & (vals != np.round(vals))
            clean = np.where(bad, np.nan, vals)
            out = pd.Series(clean, index=s.index).round().astype("Int64")
            return out, bad, "an integer"
        return pd.Series(np.where(bad, np.nan, vals), index=s.index), bad, "a number"
    if col.dtype == "bool":
        if pd.api.types.is_bool_dtype(s.dtype):
            return s.astype("boolean"), np.zeros(len(s), dtype=bool), "true/false"
        if pd.api.types.is_numeric_dtype(s.dtype):
            num = s.astype("float64").to_numpy()
            is_t, is_f = num == 1.0, num == 0.0
        else:
            txt = s.astype("str").str.strip().str.lower()
            is_t = txt.isin(_TRUE).to_numpy()
            is_f = txt.isin(_FALSE).to_numpy()
        bad = given & ~(is_t | is_f)
        out = pd.array(np.where(is_t, True, False), dtype="boolean")
        out[~(is_t | is_f)] = pd.NA
        return pd.Series(out, index=s.index), bad, "true, false, 1 or 0"
    # date
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.astype("datetime64[ns]"), np.zeros(len(s), dtype=bool), "a date"
    txt = s.astype("str").str.strip()
    dt = pd.to_datetime(txt, format="%Y-%m-%d", errors="coerce")
    bad = given & dt.isna().to_numpy()
    return dt.astype("datetime64[ns]"), bad, "a date (YYYY-MM-DD)"


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    """An empty frame with the table's core columns and dtypes."""
    return pd.DataFrame({c.name: pd.Series([], dtype=PANDAS_DTYPES[c.dtype]) for c in spec.columns})


def typed_frame(df: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """Cast a frame whose values are already valid to the schema dtypes.

    Core columns come first in schema order (absent optional columns are added as
    missing), extra columns follow unchanged.
    """
    out: dict[str, pd.Series] = {}
    n = len(df)
    for c in spec.columns:
        if c.name in df.columns:
            typed, _, _ = parse_column(df[c.name], c)
            out[c.name] = typed.reset_index(drop=True)
        else:
            out[c.name] = pd.Series([None] * n, dtype=PANDAS_DTYPES[c.dtype])
    for name in df.columns:
        if name not in spec.by_name:
            out[name] = df[name].reset_index(drop=True)
    return pd.DataFrame(out)
