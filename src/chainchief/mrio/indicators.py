"""Value-added trade indicators per region × sector (× year).

One function, :func:`compute_indicators`, assembles everything for one system; the
ratios are defined once in :func:`add_ratios` so that region or sector-group aggregates
(:func:`aggregate_indicators`) use the same definitions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd
import pymrio

from chainchief.mrio.core import IOArrays, io_arrays, solve
from chainchief.mrio.data import MANUFACTURING_SECTORS, parse_years
from chainchief.mrio.decomposition import (
    DecompositionParts,
    decomposition_parts,
    export_decomposition,
    kww_terms,
)
from chainchief.mrio.loaders import VA_EXTENSION, LoadedIO, OutputBasis, load_wiod2013
from chainchief.mrio.position import downstreamness, indirect_va_exports, upstreamness
from chainchief.mrio.slicing import slice_final_output

__all__ = [
    "ADDITIVE_COLUMNS",
    "INDICATOR_DESCRIPTIONS",
    "add_ratios",
    "aggregate_indicators",
    "analyse",
    "compute_indicators",
    "wiod_indicators",
]

#: Columns that add up across sectors and regions.
ADDITIVE_COLUMNS: tuple[str, ...] = (
    "output",
    "value_added",
    "final_output",
    "exports",
    "dva",
    "ddc",
    "fva_final",
    "fva_intermediate",
    "fva",
    "fdc",
    "foreign_content",
    "vax",
    "iv",
)

INDICATOR_DESCRIPTIONS: dict[str, str] = {
    "output": "gross output (table units)",
    "value_added": "value added (output minus intermediate inputs)",
    "va_coefficient": "value added per unit of output",
    "va_multiplier": "domestic value added per unit of final demand, (V_s B_ss)_j",
    "output_multiplier": "column sum of the Leontief inverse (= downstreamness)",
    "exports": "gross exports",
    "dva": "domestic value added in exports, KWW t1-t5 = (V_s L_ss)_i E_i",
    "ddc": "domestic double counting, KWW t6",
    "fva": "foreign value added, KWW t7+t8",
    "fdc": "foreign double counting, KWW t9",
    "foreign_content": "foreign value added incl. double counting (t7-t9)",
    "dva_share": "dva / exports",
    "vax": "value added of the sector absorbed abroad (pymrio D_exp)",
    "vax_ratio": "vax / exports (Johnson and Noguera 2012)",
    "iv": "indirect value-added exports (forward, Koopman et al. 2010)",
    "gvc_backward": "foreign_content / exports",
    "gvc_forward": "iv / exports",
    "gvc_participation": "gvc_backward + gvc_forward",
    "gvc_position": "ln(1 + iv/E) - ln(1 + foreign_content/E) (Koopman et al. 2010)",
    "upstreamness": "row sum of the Ghosh inverse (Antras et al. 2012)",
    "downstreamness": "column sum of the Leontief inverse",
}


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den != 0)).astype(float)


def add_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """Add (or recompute) the ratio indicators from the additive columns (returns a copy)."""
    out = frame.copy()
    E = out["exports"]
    out["va_coefficient"] = _ratio(out["value_added"], out["output"])
    out["dva_share"] = _ratio(out["dva"], E)
    out["domestic_content_share"] = _ratio(out["dva"] + out["ddc"], E)
    out["vax_ratio"] = _ratio(out["vax"], E)
    out["gvc_backward"] = _ratio(out["foreign_content"], E)
    out["gvc_forward"] = _ratio(out["iv"], E)
    out["gvc_participation"] = out["gvc_backward"] + out["gvc_forward"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["gvc_position"] = np.log1p(out["gvc_forward"]) - np.log1p(out["gvc_backward"])
    return out


def compute_indicators(io: pymrio.IOSystem | LoadedIO) -> pd.DataFrame:
    """All indicators for every region-sector of one system.

    Parameters
    ----------
    io : pymrio.IOSystem or LoadedIO
        A system with Z, Y and the value-added extension (see the loaders); solved here with
        pymrio (``A``, ``L``, ``G``, value-added multipliers and accounts).

    Returns
    -------
    pandas.DataFrame
        Columns ``region``, ``sector`` and the indicators of :data:`INDICATOR_DESCRIPTIONS`
        plus ``final_output``, the export terms and ``residual``.
    """
    return _indicators(io)[0]


def analyse(
    io: pymrio.IOSystem | LoadedIO,
    *,
    slice_groups: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Indicators, KWW country terms and Timmer slicing of one system, sharing the work.

    Parameters
    ----------
    io : pymrio.IOSystem or LoadedIO
        System to analyse.
    slice_groups : mapping of group name to sectors, optional
        Product groups whose final output is sliced (default: WIOD manufacturing).

    Returns
    -------
    dict
        ``"indicators"`` (:func:`compute_indicators`), ``"kww"`` (:func:`kww_terms`),
        ``"slicing"`` (:func:`slice_final_output`, one block per group).
    """
    frame, arr, parts = _indicators(io)
    groups = slice_groups if slice_groups is not None else {"manufacturing": MANUFACTURING_SECTORS}
    slices = [
        slice_final_output(arr, sectors=list(secs), group=name, parts=parts)
        for name, secs in groups.items()
    ]
    return {
        "indicators": frame,
        "kww": kww_terms(arr, parts).reset_index(),
        "slicing": pd.concat(slices, ignore_index=True),
    }


def _indicators(
    io: pymrio.IOSystem | LoadedIO,
) -> tuple[pd.DataFrame, IOArrays, DecompositionParts]:
    sys_ = solve(io, ghosh=True, accounts=True)
    arr = io_arrays(sys_)
    parts = decomposition_parts(arr)
    dec = export_decomposition(arr, parts)
    ext = getattr(sys_, VA_EXTENSION)
    out = pd.DataFrame(index=arr.index)
    out["output"] = arr.x
    out["value_added"] = ext.F.to_numpy(dtype=float).sum(axis=0)
    out["final_output"] = arr.Yr.sum(axis=1)
    out = out.join(dec)
    out["vax"] = ext.D_exp.to_numpy(dtype=float).sum(axis=0)
    out["iv"] = indirect_va_exports(arr).to_numpy()
    out["va_multiplier"] = parts.vBss
    out["output_multiplier"] = downstreamness(sys_).to_numpy()
    out["upstreamness"] = upstreamness(sys_).to_numpy()
    out["downstreamness"] = out["output_multiplier"]
    empty = out["output"] == 0
    out.loc[empty, ["upstreamness", "downstreamness", "output_multiplier"]] = np.nan
    out = add_ratios(out)
    out.index = out.index.set_names(["region", "sector"])
    return out.reset_index().astype({"region": "str", "sector": "str"}), arr, parts


def aggregate_indicators(
    frame: pd.DataFrame,
    *,
    groups: Mapping[str, Iterable[str]] | None = None,
    by: tuple[str, ...] = ("region",),
) -> pd.DataFrame:
    """Aggregate sector indicators to sector groups (e.g. manufacturing) per region.

    Additive columns are summed and ratios recomputed; upstreamness, downstreamness and
    the multipliers are output-weighted means.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`compute_indicators` (optionally with a ``year`` column).
    groups : mapping of group name to sectors, optional
        Default: one group ``"total"`` of all sectors.
    by : tuple of str, default ("region",)
        Keys kept besides the group (``year`` is added when present).
    """
    keys = [*by, *(["year"] if "year" in frame.columns and "year" not in by else [])]
    groups = groups or {"total": sorted(frame["sector"].unique())}
    weighted = ["upstreamness", "downstreamness", "va_multiplier", "output_multiplier"]
    parts = []
    for name, secs in groups.items():
        sub = frame[frame["sector"].isin(list(secs))].copy()
        for col in weighted:
            sub[col] = sub[col] * sub["output"]
        cols = [c for c in (*ADDITIVE_COLUMNS, *weighted) if c in sub.columns]
        agg = sub.groupby(keys, sort=False)[cols].sum()
        for col in weighted:
            agg[col] = _ratio(agg[col], agg["output"])
        agg = add_ratios(agg).reset_index()
        agg.insert(len(keys), "sector", name)
        parts.append(agg)
    return pd.concat(parts, ignore_index=True)


@lru_cache(maxsize=32)
def _wiod_year(year: int, data_dir: str | None, output: str) -> pd.DataFrame:
    loaded = load_wiod2013(year, data_dir=data_dir, output=output)  # type: ignore[arg-type]
    frame = compute_indicators(loaded)
    frame.insert(0, "year", year)
    return frame


def wiod_indicators(
    years: str | int | list[int] | None = None,
    *,
    regions: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    output: OutputBasis = "rowsum",
) -> pd.DataFrame:
    """Indicator panel from the WIOD 2013 release (cached per year within the process).

    Parameters
    ----------
    years : str, int or list of int, optional
        E.g. ``"1995-2011"`` (default all 17 years).
    regions, sectors : iterable of str, optional
        Filters applied after computing (the system is always solved whole).
    data_dir : path-like, optional
        Data directory (else ``$CHAINCHIEF_DATA_DIR`` or ``../shared/data``).
    output : {"rowsum", "published"}
        Output basis of the loader.
    """
    frames = [
        _wiod_year(y, None if data_dir is None else str(data_dir), output)
        for y in parse_years(years)
    ]
    out = pd.concat(frames, ignore_index=True)
    if regions is not None:
        out = out[out["region"].isin(list(regions))]
    if sectors is not None:
        out = out[out["sector"].isin(list(sectors))]
    return out.reset_index(drop=True)
