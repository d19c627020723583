"""Writing chain data packages (format v1) as CSV or Parquet."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from chainchief.model.schema import TABLE_ORDER, TABLES
from chainchief.package.reader import DESCRIPTOR

__all__ = ["write_package"]

Format = Literal["csv", "parquet"]


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for name in out.columns:
        s = out[name]
        if isinstance(s.dtype, pd.BooleanDtype) or pd.api.types.is_bool_dtype(s.dtype):
            out[name] = s.map({True: "true", False: "false"}).astype("str")
        elif pd.api.types.is_datetime64_any_dtype(s.dtype):
            out[name] = s.dt.strftime("%Y-%m-%d")
    return out


def _ordered(df: pd.DataFrame, core: list[str]) -> pd.DataFrame:
    first = [c for c in core if c in df.columns]
    return df[first + [c for c in df.columns if c not in core]]


def write_package(
    descriptor: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | Path,
    fmt: Format = "csv",
) -> Path:
    """Write a package directory: ``datapackage.json`` and one file per table.

    The descriptor's ``resources`` are rewritten to list the files written; every
    other key is kept as given. Tables are written as given (values are not checked:
    that is the reader's job), core columns first in schema order, then extra columns;
    CSV files use UTF-8, ``true``/``false`` booleans, ISO dates and an empty cell for a
    missing value. Returns the directory.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', got {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    resources = []
    for name in TABLE_ORDER:
        if name not in tables:
            continue
        df = _ordered(tables[name], TABLES[name].column_names)
        fname = f"{name}.{fmt}"
        if fmt == "csv":
            _csv_frame(df).to_csv(out / fname, index=False, lineterminator="\n")
        else:
            df.to_parquet(out / fname, index=False)
        resources.append({"name": name, "path": fname})
    desc = dict(descriptor)
    desc["resources"] = resources
    (out / DESCRIPTOR).write_text(
        json.dumps(desc, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    return out
