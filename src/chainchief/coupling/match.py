"""Id matching for millions of rows: two id columns in one pass, few-valued columns by code.

:func:`match_two` resolves two id columns of one table (e.g. a supply link's buyer and
supplier) against one unique index in a single DuckDB query, looking the second column
up only on the rows selected by the first (local buyers), so that the strings of the
other rows are never copied or hashed twice. :func:`small_positions` resolves a column
with few distinct values (regions, segments, chains) by dictionary-encoding it and
looking up only the distinct values. Both return exactly what
:func:`chainchief.coupling.flows.positions` would.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["match_two", "same_ids", "small_positions"]


def _arrow(x: pd.Series | pd.Index) -> object:
    import pyarrow as pa

    arr = getattr(x, "array", None)
    if hasattr(arr, "__arrow_array__"):
        return pa.chunked_array(arr.__arrow_array__())  # type: ignore[union-attr]
    return pa.chunked_array([pa.array(np.asarray(x, dtype=object), type=pa.string())])


def same_ids(a: pd.Series | pd.Index, b: pd.Series | pd.Index) -> bool:
    """True when ``a`` and ``b`` hold the same strings in the same order (no missing)."""
    if len(a) != len(b):
        return False
    try:
        xa, xb = _arrow(a), _arrow(b)
        return bool(xa.null_count == 0 and xa.equals(xb))  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return False


def small_positions(
    values: pd.Series, index_values: pd.Series | pd.Index, mask: np.ndarray | None = None
) -> np.ndarray:
    """Position of each of ``values`` in ``index_values`` (-1 when absent or missing).

    Fast when ``values`` has few distinct values: the column is dictionary-encoded and
    only the distinct values are looked up. With ``mask``, only the selected rows are
    returned.
    """
    codes, uniq = pd.factorize(values, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    if mask is not None:
        codes = codes[mask]
    got = pd.Index(index_values).get_indexer(pd.Index(uniq))
    table = np.append(np.asarray(got, dtype=np.int64), -1)  # code -1 -> -1
    return table[codes]


def match_two(
    first: pd.Series,
    second: pd.Series,
    index_values: pd.Series | pd.Index,
    select: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of ``first`` in ``index_values``, and of ``second`` where selected.

    Parameters
    ----------
    first, second
        Id columns of equal length.
    index_values
        Unique ids.
    select
        Boolean flag per position of ``index_values``: rows whose ``first`` id is at a
        flagged position are kept.

    Returns
    -------
    (first_pos, keep, second_pos)
        Position of every ``first`` id (-1 when absent), the kept rows (boolean), and
        the position of ``second`` on the kept rows only (-1 when absent).
    """
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(first)
    vt = pa.table(
        {
            "a": _arrow(first),
            "b": _arrow(second),
            "r": pa.array(np.arange(n, dtype=np.int64)),
        }
    )
    it = pa.table(
        {
            "k": _arrow(index_values),
            "p": pa.array(np.arange(len(index_values), dtype=np.int64)),
            "s": pa.array(np.asarray(select, dtype=bool)),
        }
    )
    con = duckdb.connect()
    try:
        con.register("vt", vt)
        con.register("it", it)
        res = con.sql(
            "WITH j AS (SELECT vt.r, it.p, it.s, CASE WHEN it.s THEN vt.b END AS b "
            "FROM vt JOIN it ON vt.a = it.k) "
            "SELECT j.r, j.p, j.s, k2.p AS q FROM j LEFT JOIN it AS k2 ON j.b = k2.k"
        ).to_arrow_table()
    finally:
        con.close()
    r = res.column("r").to_numpy()
    first_pos = np.full(n, -1, dtype=np.int64)
    first_pos[r] = res.column("p").to_numpy()
    keep = np.zeros(n, dtype=bool)
    keep[r] = res.column("s").to_numpy(zero_copy_only=False)
    sec = np.full(n, -1, dtype=np.int64)
    sec[r] = pc.fill_null(res.column("q"), -1).to_numpy()
    return first_pos, keep, sec[keep]
