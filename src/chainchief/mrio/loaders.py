"""Loaders of real input-output tables into :class:`pymrio.IOSystem`.

Every loader returns a :class:`LoadedIO`: the pymrio system plus a balance report listing
the rows whose intermediate plus final use differ from the published gross output (and
columns with negative value added), so that discrepancies in the source are reported,
never silently absorbed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pymrio

from chainchief.mrio.data import WIOD_YEARS, MrioDataError, require_data_dir

__all__ = [
    "VA_EXTENSION",
    "LoadedIO",
    "balance_report",
    "build_iosystem",
    "load_wiod2013",
    "parse_wiod_release",
]

#: Name of the pymrio extension holding value added (one stressor row).
VA_EXTENSION = "value_added"
OutputBasis = Literal["rowsum", "published"]


@dataclass
class LoadedIO:
    """A pymrio system with its provenance and balance report.

    Attributes
    ----------
    io : pymrio.IOSystem
        System with ``Z``, ``Y``, ``x`` and the ``value_added`` extension (not yet solved).
    balance : pandas.DataFrame
        One row per (region, sector) whose row total differs from published output by more
        than the tolerance: ``published_output``, ``intermediate_use``, ``final_use``,
        ``row_total``, ``discrepancy`` (row total minus published), ``rel_discrepancy``.
    source, year, unit : str, int, str
        Provenance.
    output_basis : str
        ``"rowsum"`` (x = Z1 + Y1, the default; keeps every identity exact) or
        ``"published"`` (x as published).
    notes : list of str
        Other findings of the checks (e.g. negative value added).
    extra : dict
        Loader-specific tables (e.g. NBS imports by product).
    """

    io: pymrio.IOSystem
    balance: pd.DataFrame
    source: str
    year: int | None
    unit: str
    output_basis: str
    notes: list[str] = field(default_factory=list)
    extra: dict[str, pd.DataFrame | pd.Series] = field(default_factory=dict)

    def summary(self) -> str:
        """One line describing the balance check."""
        n = len(self.balance)
        if n == 0:
            return f"{self.source} {self.year}: rows balance within tolerance"
        worst = self.balance["discrepancy"].abs().max()
        rel = self.balance["rel_discrepancy"].abs().max()
        return (
            f"{self.source} {self.year}: {n} rows whose intermediate + final use differ from "
            f"published output (max |diff| {worst:.6g} {self.unit}, max relative {rel:.3g}); "
            f"output basis: {self.output_basis}"
        )


def balance_report(
    Z: pd.DataFrame,
    Y: pd.DataFrame,
    x_published: pd.Series,
    *,
    abs_tol: float = 0.5,
) -> pd.DataFrame:
    """List the rows whose intermediate plus final use differ from published output.

    Parameters
    ----------
    Z, Y : pandas.DataFrame
        Intermediate and final use, rows aligned with ``x_published``.
    x_published : pandas.Series
        Gross output as published.
    abs_tol : float, default 0.5
        Absolute tolerance (table units); WIOD publishes whole numbers, so differences of
        half a unit or less are rounding.

    Returns
    -------
    pandas.DataFrame
        Rows over tolerance, largest absolute discrepancy first.
    """
    inter = Z.sum(axis=1)
    final = Y.sum(axis=1)
    total = inter + final
    disc = total - x_published
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = disc / x_published.where(x_published != 0)
    frame = pd.DataFrame(
        {
            "published_output": x_published.astype(float),
            "intermediate_use": inter.astype(float),
            "final_use": final.astype(float),
            "row_total": total.astype(float),
            "discrepancy": disc.astype(float),
            "rel_discrepancy": rel.astype(float),
        }
    )
    out = frame[frame["discrepancy"].abs() > abs_tol]
    return out.reindex(out["discrepancy"].abs().sort_values(ascending=False).index)


def build_iosystem(
    Z: pd.DataFrame,
    Y: pd.DataFrame,
    x_published: pd.Series | None = None,
    *,
    value_added: pd.Series | None = None,
    output: OutputBasis = "rowsum",
    name: str = "IO",
    year: int | None = None,
    unit: str = "M.USD",
    source: str = "custom",
    abs_tol: float = 0.5,
) -> LoadedIO:
    """Build a pymrio system (with a value-added extension) from flow tables.

    Parameters
    ----------
    Z : pandas.DataFrame
        Intermediate flows, rows and columns a (region, sector) MultiIndex.
    Y : pandas.DataFrame
        Final use, rows as Z, columns a (region, category) MultiIndex.
    x_published : pandas.Series, optional
        Published gross output; when absent the row sums are used and nothing is flagged.
    value_added : pandas.Series, optional
        Value added per column; default: output minus total intermediate inputs.
    output : {"rowsum", "published"}, default "rowsum"
        Which output vector the system uses.  ``"rowsum"`` makes x = Z1 + Y1 so that
        Leontief output reproduces x and all decomposition identities hold exactly; the
        differences to published output stay visible in ``balance``.
    name, year, unit, source : str, int, str, str
        Provenance stored in the pymrio metadata.
    abs_tol : float, default 0.5
        Tolerance of the balance report.
    """
    if not Z.index.equals(Z.columns) or not Z.index.equals(Y.index):
        raise MrioDataError(f"{source} {year}: Z rows, Z columns and Y rows must match")
    Z = Z.astype(float)
    Y = Y.astype(float)
    rowsum = Z.sum(axis=1) + Y.sum(axis=1)
    notes: list[str] = []
    if x_published is None:
        x_published = rowsum
    x_published = x_published.reindex(Z.index).astype(float)
    if x_published.isna().any():
        missing = list(x_published[x_published.isna()].index[:5])
        raise MrioDataError(f"{source} {year}: output missing for rows {missing}")
    balance = balance_report(Z, Y, x_published, abs_tol=abs_tol)
    if output == "rowsum":
        x = rowsum
    elif output == "published":
        x = x_published
    else:
        raise ValueError(f"The 'output' parameter must be 'rowsum' or 'published'. Got {output!r}.")
    if value_added is None:
        value_added = x - Z.sum(axis=0)
    va = value_added.reindex(Z.columns).astype(float)
    n_neg = int((va < -abs_tol).sum())
    if n_neg:
        notes.append(f"{n_neg} columns with negative value added (output < intermediate inputs)")
    Y_neg = int((Y < 0).to_numpy().sum())
    if Y_neg:
        notes.append(f"{Y_neg} negative final-use cells (e.g. inventory changes)")
    F = pd.DataFrame(
        [va.to_numpy()], index=pd.Index(["value added"], name="stressor"), columns=Z.columns
    )
    io = pymrio.IOSystem(
        Z=Z,
        Y=Y,
        x=pd.DataFrame({"indout": x.to_numpy()}, index=Z.index),
        unit=pd.DataFrame({"unit": unit}, index=Z.index),
        name=name,
        year=year,
        system="ixi",
        description=f"{source}, output basis {output}",
        **{
            VA_EXTENSION: {
                "name": VA_EXTENSION,
                "F": F,
                "unit": pd.DataFrame({"unit": [unit]}, index=F.index),
            }
        },
    )
    return LoadedIO(
        io=io,
        balance=balance,
        source=source,
        year=year,
        unit=unit,
        output_basis=output,
        notes=notes,
    )


def _split_labels(labels: pd.Index) -> pd.MultiIndex:
    return pd.MultiIndex.from_tuples(
        [tuple(str(lab).split(".", 1)) for lab in labels], names=["region", "sector"]
    )


@lru_cache(maxsize=4)
def _read_wiod_frames(folder: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    base = Path(folder)
    files = {k: base / f"wiot_{year}_{k}.parquet" for k in ("Z", "Y", "x")}
    for path in files.values():
        if not path.is_file():
            raise MrioDataError(f"{path}: file not found (WIOD 2013 year {year})")
    Z = pd.read_parquet(files["Z"])
    Y = pd.read_parquet(files["Y"])
    xf = pd.read_parquet(files["x"])
    if "output" not in xf.columns:
        raise MrioDataError(f"{files['x']}: column 'output' missing")
    Z.index, Z.columns = _split_labels(Z.index), _split_labels(Z.columns)
    Y.index = _split_labels(Y.index)
    Y.columns = _split_labels(Y.columns).set_names(["region", "category"])
    x = xf["output"]
    x.index = _split_labels(xf.index)
    if not Z.index.equals(Y.index) or not Z.index.equals(x.index):
        raise MrioDataError(f"{folder}: row labels of Z, Y and x differ for {year}")
    return Z, Y, x


def load_wiod2013(
    year: int,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    output: OutputBasis = "rowsum",
    abs_tol: float = 0.5,
) -> LoadedIO:
    """Load one year of the WIOD 2013 release from the Parquet files in the data directory.

    Parameters
    ----------
    year : int
        1995 … 2011.
    data_dir : path-like, optional
        Data directory (see :func:`chainchief.mrio.data.find_data_dir`); the files are in
        its ``wiod2013/`` folder.
    output : {"rowsum", "published"}, default "rowsum"
        Output basis, see :func:`build_iosystem`.
    abs_tol : float, default 0.5
        Balance tolerance in million USD.

    Returns
    -------
    LoadedIO
        Source: WIOD 2013 release (Timmer et al. 2015), million USD, current prices.
    """
    if int(year) not in WIOD_YEARS:
        raise MrioDataError(f"WIOD 2013 covers {WIOD_YEARS[0]}-{WIOD_YEARS[-1]}; got {year}")
    folder = require_data_dir(data_dir, "wiod2013")
    Z, Y, x = _read_wiod_frames(str(folder), int(year))
    return build_iosystem(
        Z.copy(),
        Y.copy(),
        x.copy(),
        output=output,
        name=f"WIOD2013_{year}",
        year=int(year),
        unit="M.USD",
        source="wiod2013",
        abs_tol=abs_tol,
    )


def parse_wiod_release(path: str | os.PathLike[str], year: int) -> pymrio.IOSystem:
    """Parse the original WIOD 2013 release (xlsx, as downloaded) with pymrio's own parser.

    A thin wrapper around :func:`pymrio.parse_wiod` for users who download the release
    themselves; its ``factor_inputs`` extension carries value added.
    """
    return pymrio.parse_wiod(path=path, year=year)
