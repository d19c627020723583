"""China's national input-output tables (National Bureau of Statistics) as one-region systems.

Two layouts occur in the data directory (``china-io/china_YEAR_SECTORS.csv``):

* competitive-import tables (imports in an ``IM`` column): intermediate and final use are
  split into domestic and imported parts by the usual proportionality assumption — the
  import share of product i, ``m_i = IM_i / (TIU_i + TFU_i − EX_i)``, applies to every
  domestic use of i; exports are domestic;
* non-competitive tables with an ``Origin`` column (2017, 2018, 2020 at 42 sectors): the
  ``Domestic`` rows give domestic use, the ``Imports`` rows imported use.

The system has one region ``CHN``; exports (``EX``) and the statistical discrepancy
(``ERR``) are final-use categories; imported intermediate inputs are the pymrio extension
``imports`` and published value added (``TVA``) the extension ``value_added``.
Source: National Bureau of Statistics of China; unit 10,000 yuan.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio
from pymrio.tools import iomath

from chainchief.mrio.core import solve
from chainchief.mrio.data import MrioDataError, require_data_dir
from chainchief.mrio.indicators import add_ratios
from chainchief.mrio.loaders import VA_EXTENSION, LoadedIO, OutputBasis, build_iosystem

__all__ = ["NBS_REGION", "list_nbs_tables", "load_nbs", "nbs_indicators", "nbs_sector_names"]

NBS_REGION = "CHN"
_NAME = re.compile(r"^china_(\d{4})_(\d+)$")
_TOTAL_COLS = {"TIU", "THC", "TC", "GCF", "TFU", "IM", "GO", "ERR"}


def list_nbs_tables(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Available NBS tables: ``name``, ``year``, ``n_sectors``, ``path``."""
    folder = require_data_dir(data_dir, "china-io")
    rows = []
    for path in sorted(folder.glob("china_*_*.csv")):
        m = _NAME.match(path.stem)
        if m:
            rows.append(
                {
                    "name": path.stem,
                    "year": int(m.group(1)),
                    "n_sectors": int(m.group(2)),
                    "path": str(path),
                }
            )
    return pd.DataFrame(rows)


def _resolve(table: str | int, data_dir: str | os.PathLike[str] | None) -> Path:
    tables = list_nbs_tables(data_dir)
    if isinstance(table, int) or str(table).isdigit():
        sub = tables[tables["year"] == int(table)]
        if sub.empty:
            raise MrioDataError(f"no NBS table for year {table}")
        # prefer the 42-sector table of a year (comparable over time)
        sub = sub.iloc[(sub["n_sectors"] - 42).abs().argsort()]
        return Path(sub["path"].iloc[0])
    sub = tables[tables["name"] == str(table)]
    if sub.empty:
        raise MrioDataError(f"no NBS table named {table!r} (have {', '.join(tables['name'])})")
    return Path(sub["path"].iloc[0])


def _final_categories(cols: list[str]) -> list[str]:
    cons: list[str] = [c for c in ("FU101", "FU102", "FU103") if c in cols] or ["TC"]
    cap: list[str] = [c for c in ("FU201", "FU202") if c in cols] or ["GCF"]
    cats = [*cons, *cap, "EX"]
    missing = [c for c in cats if c not in cols]
    if missing:
        raise MrioDataError(f"final-use columns {missing} missing")
    return cats


def nbs_sector_names(table: str | int, data_dir: str | os.PathLike[str] | None = None) -> pd.Series:
    """Sector code -> English description of an NBS table."""
    raw = pd.read_csv(_resolve(table, data_dir), dtype={"Code": str})
    codes = _sector_codes(raw)
    sub = raw[raw["Code"].isin(codes)].drop_duplicates("Code")
    return pd.Series(sub["Description"].to_numpy(), index=sub["Code"].to_numpy(), name="name")


def _sector_codes(raw: pd.DataFrame) -> list[str]:
    cols = list(raw.columns)
    start = cols.index("Origin") + 1 if "Origin" in cols else cols.index("DescriptionInChinese") + 1
    return cols[start : cols.index("TIU")]


def load_nbs(
    table: str | int,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    output: OutputBasis = "rowsum",
    rel_tol: float = 1e-6,
) -> LoadedIO:
    """Load an NBS table (``"china_2018_42"`` or a year) as a one-region pymrio system.

    Parameters
    ----------
    table : str or int
        Table name, or a year (the table of that year closest to 42 sectors).
    data_dir : path-like, optional
        Data directory; the files are in its ``china-io/`` folder.
    output : {"rowsum", "published"}, default "rowsum"
        Output basis (see :func:`chainchief.mrio.loaders.build_iosystem`).
    rel_tol : float, default 1e-6
        Relative tolerance of the accounting checks reported in ``notes``.
    """
    path = _resolve(table, data_dir)
    m = _NAME.match(path.stem)
    year = int(m.group(1)) if m else None
    raw = pd.read_csv(path, dtype={"Code": str})
    for col in ("Code", "TIU", "GO"):
        if col not in raw.columns:
            raise MrioDataError(f"{path}: column {col!r} missing")
    codes = _sector_codes(raw)
    cols = list(raw.columns)
    cats = _final_categories(cols)
    has_origin = "Origin" in cols
    dom = raw[raw["Code"].isin(codes)]
    if has_origin:
        imp = dom[dom["Origin"] == "Imports"].set_index("Code")
        dom = dom[dom["Origin"] == "Domestic"]
    dom = dom.set_index("Code").reindex(codes)
    if dom[codes].isna().any().any():
        raise MrioDataError(f"{path}: sector rows missing or incomplete")
    va_row = raw[raw["Code"] == "TVA"]
    if va_row.empty:
        raise MrioDataError(f"{path}: row 'TVA' (total value added) missing")
    va = va_row.iloc[0][codes].astype(float)
    notes: list[str] = []
    Zt = dom[codes].astype(float)
    Yt = dom[cats].astype(float)
    if has_origin:
        Z_dom, Y_dom = Zt, Yt
        Z_imp = imp.reindex(codes)[codes].astype(float).fillna(0.0)
        err = None
    else:
        im = dom["IM"].astype(float)
        domestic_use = Zt.sum(axis=1) + Yt.drop(columns="EX").sum(axis=1)
        share = (im / domestic_use.where(domestic_use != 0)).fillna(0.0)
        bad = share[(share < 0) | (share > 1)]
        if len(bad):
            notes.append(
                f"{len(bad)} products with import share outside [0, 1] "
                f"(clipped): {', '.join(bad.index[:5])}"
            )
        share = share.clip(0.0, 1.0)
        Z_dom = Zt.mul(1.0 - share, axis=0)
        Z_imp = Zt.mul(share, axis=0)
        Y_dom = Yt.copy()
        for c in cats:
            if c != "EX":
                Y_dom[c] = Yt[c] * (1.0 - share)
        err = dom["ERR"].astype(float) if "ERR" in cols else None
        if err is not None:
            Y_dom["ERR"] = err
    # accounting checks
    tiu = dom["TIU"].astype(float)
    tol = rel_tol * float(tiu.abs().max())
    n_bad = int(((Zt.sum(axis=1) - tiu).abs() > tol).sum())
    if n_bad:
        notes.append(f"TIU differs from the sum of intermediate use in {n_bad} rows")
    if has_origin:
        imports_total = imp.reindex(codes)["GO"].astype(float).fillna(0.0)
    else:
        imports_total = dom["IM"].astype(float)
    tii = raw[raw["Code"] == "TII"]
    if not tii.empty:
        col_in = Z_dom.sum(axis=0) + Z_imp.sum(axis=0)
        g = (col_in - tii.iloc[0][codes].astype(float)).abs()
        n_bad = int((g > rel_tol * col_in.abs().max()).sum())
        if n_bad:
            notes.append(f"TII differs from column sums of intermediate inputs in {n_bad} columns")
    ti = raw[raw["Code"] == "TI"]
    go = dom["GO"].astype(float)
    if not ti.empty:
        g = (ti.iloc[0][codes].astype(float) - go).abs()
        n_bad = int((g > rel_tol * go.abs().max()).sum())
        if n_bad:
            notes.append(
                f"total inputs (TI) differ from gross output (GO) in {n_bad} sectors "
                f"(max {g.max():.6g})"
            )
    idx = pd.MultiIndex.from_product([[NBS_REGION], codes], names=["region", "sector"])
    Z = pd.DataFrame(Z_dom.to_numpy(), index=idx, columns=idx)
    ycols = pd.MultiIndex.from_product(
        [[NBS_REGION], list(Y_dom.columns)], names=["region", "category"]
    )
    Y = pd.DataFrame(Y_dom.to_numpy(), index=idx, columns=ycols)
    loaded = build_iosystem(
        Z,
        Y,
        pd.Series(go.to_numpy(), index=idx),
        value_added=pd.Series(va.to_numpy(), index=idx),
        output=output,
        name=path.stem,
        year=year,
        unit="10k CNY",
        source=f"nbs:{path.stem}",
        abs_tol=rel_tol * float(go.abs().max()),
    )
    F_imp = pd.DataFrame(
        [Z_imp.sum(axis=0).to_numpy()],
        index=pd.Index(["imported intermediates"], name="stressor"),
        columns=idx,
    )
    loaded.io.imports = pymrio.Extension(name="imports", F=F_imp)
    loaded.extra["imports_by_product"] = pd.DataFrame(Z_imp.to_numpy(), index=idx, columns=idx)
    loaded.extra["imports_total"] = pd.Series(imports_total.to_numpy(), index=idx)
    loaded.notes = notes + loaded.notes
    return loaded


def nbs_indicators(loaded: LoadedIO) -> pd.DataFrame:
    """Single-region indicators of an NBS system (same column names as the MRIO ones).

    ``dva`` = (v L_d)_i E_i and ``foreign_content`` = (m L_d)_i E_i (imported content of
    exports, Hummels, Ishii and Yi 2001), with L_d the domestic Leontief inverse; ``vax``,
    ``iv``, ``ddc`` and ``fdc`` need a multi-region table and are NaN (``iv`` 0 would be
    wrong).  Upstreamness uses the open-economy correction of Antràs et al. (2012):
    Δ_ij = Z_ij / (x_i − X_i + M_i) on total (domestic + imported) intermediate use.
    """
    sys_ = solve(loaded, ghosh=False, accounts=False)
    x = sys_.x.to_numpy(dtype=float).ravel()
    L = sys_.L.to_numpy()
    idx = sys_.Z.index
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(x != 0, x, 1.0)
        va = getattr(sys_, VA_EXTENSION).F.to_numpy(dtype=float).ravel()
        v = np.where(x != 0, va / safe, 0.0)
        mi = sys_.imports.F.to_numpy(dtype=float).ravel()
        m = np.where(x != 0, mi / safe, 0.0)
    E = sys_.Y.xs("EX", axis=1, level="category").to_numpy(dtype=float).ravel()
    vL, mL = v @ L, m @ L
    imp_prod = loaded.extra["imports_by_product"].to_numpy()
    M_i = loaded.extra["imports_total"].to_numpy(dtype=float)
    Ztot = sys_.Z.to_numpy() + imp_prod
    denom = x - E + M_i
    Delta = iomath.calc_B(Ztot, denom)
    U = np.linalg.inv(np.eye(len(x)) - Delta).sum(axis=1)
    out = pd.DataFrame(
        {
            "output": x,
            "value_added": va,
            "final_output": sys_.Y.to_numpy().sum(axis=1),
            "exports": E,
            "dva": vL * E,
            "ddc": np.nan,
            "fva_final": np.nan,
            "fva_intermediate": np.nan,
            "fva": np.nan,
            "fdc": np.nan,
            "foreign_content": mL * E,
            "vax": np.nan,
            "iv": np.nan,
            "imported_input_coefficient": m,
            "va_multiplier": vL,
            "output_multiplier": L.sum(axis=0),
            "upstreamness": U,
        },
        index=idx,
    )
    out["downstreamness"] = out["output_multiplier"]
    out = add_ratios(out)
    out.index = out.index.set_names(["region", "sector"])
    out = out.reset_index().astype({"region": "str", "sector": "str"})
    out.insert(0, "year", loaded.year)
    return out
