"""Validation of a whole chain data package.

All problems are collected before anything is written; each names the file, row,
column and reason. The checks, in order: descriptor keys; required tables and
columns; cell types; required values; enumerations; ranges; unique keys; foreign
keys; and the table rules (region hierarchy and codes, acyclic segment graphs,
mode shares, share sums, self links).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pycountry

from chainchief.errors import Problem
from chainchief.frames import fast_isin, isin_rows
from chainchief.model.enums import Scale
from chainchief.model.schema import REQUIRED_TABLES, TABLES, Column, TableSpec
from chainchief.package.coerce import PANDAS_DTYPES, parse_column
from chainchief.package.descriptor import check_descriptor
from chainchief.package.reader import DESCRIPTOR, RawPackage, RawTable
from chainchief.package.tables import Package

__all__ = ["GB2260_PROVINCES", "ValidationParams", "validate_raw"]

#: First two digits of GB/T 2260 codes of China's provincial-level units.
GB2260_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
_ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)
_SCALE_RANK = {s.value: s.rank for s in Scale}


@dataclass(frozen=True)
class ValidationParams:
    """Parameters of validation.

    Attributes
    ----------
    max_problems_per_rule
        At most this many problems are listed for one (file, column, rule); the rest are
        counted in one summary line (default 1000). ``0`` lists every one.
    share_tolerance
        Slack allowed when shares must sum to at most 1 (default 1e-9).
    """

    max_problems_per_rule: int = 1000
    share_tolerance: float = 1e-9


class _Collector:
    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.problems: list[Problem] = []

    def add(self, p: Problem) -> None:
        self.problems.append(p)

    def rows(
        self,
        t: RawTable,
        where: np.ndarray,
        column: str,
        reason: Callable[[int], str],
        summary: str,
    ) -> None:
        idx = np.flatnonzero(where) if where.dtype == bool else where
        n = len(idx)
        shown = idx if self.cap == 0 else idx[: self.cap]
        for i in shown:
            self.problems.append(Problem(t.file, int(i) + t.row_offset, column, reason(int(i))))
        if n > len(shown):
            self.problems.append(
                Problem(t.file, 0, column, f"{n - len(shown)} more rows: {summary}")
            )


def _fmt(v: Any) -> str:
    return repr(v) if isinstance(v, str) else str(v)


def _cell_problems(
    t: RawTable,
    c: Column,
    raw: pd.Series,
    out: pd.Series,
    bad: np.ndarray,
    phrase: str,
    col: _Collector,
) -> None:
    if bad.any():

        def unparsable(i: int) -> str:
            return f"{_fmt(raw.iat[i])} is not {phrase}"

        col.rows(t, bad, c.name, unparsable, f"value is not {phrase}")
    missing = out.isna().to_numpy() & ~bad if len(bad) else out.isna().to_numpy()
    if c.required and missing.any():
        col.rows(t, missing, c.name, lambda i: "required value is missing", "missing value")
    if c.enum is not None:
        allowed = ", ".join(e.value for e in c.enum)
        off = (out.notna() & ~out.isin([e.value for e in c.enum])).to_numpy()
        if off.any():

            def not_allowed(i: int) -> str:
                return f"{_fmt(out.iat[i])} is not one of: {allowed}"

            col.rows(t, off, c.name, not_allowed, f"value is not one of: {allowed}")
    if c.min is None and c.max is None:
        return
    vals = out.astype("float64").to_numpy()
    for bound, op, word in (
        (c.min, np.less, "below the minimum"),
        (c.max, np.greater, "above the maximum"),
    ):
        if bound is None:
            continue
        with np.errstate(invalid="ignore"):
            off = op(vals, bound)
        if off.any():

            def out_of_range(i: int, bound: float = bound, word: str = word) -> str:
                return f"{vals[i]:g} is {word} {bound:g}"

            col.rows(t, off, c.name, out_of_range, f"value {word} {bound:g}")


def _parse_table(t: RawTable, spec: TableSpec, col: _Collector) -> pd.DataFrame:
    frame = t.frame.reset_index(drop=True)
    header_row = 1 if t.text else 0
    for c in spec.columns:
        if c.required and c.name not in frame.columns:
            col.add(Problem(t.file, header_row, c.name, "required column is missing"))
    typed: dict[str, pd.Series] = {}
    n = len(frame)
    for c in spec.columns:
        if c.name not in frame.columns:
            continue
        raw = frame[c.name]
        out, bad, phrase = parse_column(raw, c)
        _cell_problems(t, c, raw, out, bad, phrase, col)
        typed[c.name] = out
    cols: dict[str, pd.Series] = {}
    for c in spec.columns:
        cols[c.name] = (
            typed[c.name]
            if c.name in typed
            else pd.Series([None] * n, dtype=PANDAS_DTYPES[c.dtype])
        )
    for name in frame.columns:
        if name not in spec.by_name:
            cols[name] = frame[name]
    return pd.DataFrame(cols, index=pd.RangeIndex(n))


def _key_index(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.Index:
    if len(cols) == 1:
        return pd.Index(df[cols[0]])
    return pd.MultiIndex.from_frame(df[list(cols)])


def _check_keys(t: RawTable, spec: TableSpec, df: pd.DataFrame, col: _Collector) -> None:
    if not spec.key or not all(k in df.columns for k in spec.key):
        return
    keys = df[list(spec.key)]
    dup = keys.duplicated(keep="first").to_numpy() & keys.notna().all(axis=1).to_numpy()
    if not dup.any():
        return
    first = keys.reset_index().drop_duplicates(list(spec.key), keep="first")
    first_row = dict(
        zip(
            map(tuple, first[list(spec.key)].astype(object).to_numpy()),
            first["index"].to_numpy(),
            strict=True,
        )
    )
    names = ", ".join(spec.key)

    def reason(i: int) -> str:
        k = tuple(keys.iloc[i].astype(object))
        shown = ", ".join(_fmt(v) for v in k)
        return f"duplicate ({names}) = ({shown}); first at row {first_row[k] + t.row_offset}"

    col.rows(t, dup, spec.key[-1], reason, f"duplicate ({names})")


def _check_fks(
    name: str,
    t: RawTable,
    spec: TableSpec,
    frames: dict[str, pd.DataFrame],
    col: _Collector,
) -> None:
    df = frames[name]
    for fk in spec.foreign_keys:
        cols = list(fk.columns)
        if not all(c in df.columns for c in cols):
            continue
        given = df[cols].notna().all(axis=1).to_numpy()
        if not given.any():
            continue
        found = np.zeros(len(df), dtype=bool)
        for tname, tcols in fk.targets:
            target = frames.get(tname)
            if target is None or not all(c in target.columns for c in tcols):
                continue
            found |= isin_rows(df, cols, target, list(tcols))
        bad = given & ~found
        if not bad.any():
            continue
        where = " or ".join(f"{tn}.{'/'.join(tc)}" for tn, tc in fk.targets)
        label = "/".join(cols)
        vals = df[cols]

        def reason(
            i: int, vals: pd.DataFrame = vals, label: str = label, where: str = where
        ) -> str:
            shown = "/".join(_fmt(v) for v in vals.iloc[i].astype(object))
            return f"unknown {label} {shown} (not in {where})"

        col.rows(t, bad, cols[-1], reason, f"unknown {label} (not in {where})")


def _check_regions(t: RawTable, df: pd.DataFrame, col: _Collector) -> None:
    scale_rank = df["scale"].map(_SCALE_RANK)
    parent_rank = df["parent_id"].map(dict(zip(df["region_id"], scale_rank, strict=True)))
    bad = (parent_rank.notna() & scale_rank.notna() & (parent_rank <= scale_rank)).to_numpy()
    parent_scale = df["parent_id"].map(dict(zip(df["region_id"], df["scale"], strict=True)))
    col.rows(
        t,
        bad,
        "parent_id",
        lambda i: (
            f"parent {df['parent_id'].iat[i]!r} is at scale {parent_scale.iat[i]!r}, "
            f"not larger than this region's {df['scale'].iat[i]!r}"
        ),
        "parent is not at a larger scale",
    )
    if "iso3" in df.columns:
        iso = df["iso3"]
        bad = (iso.notna() & ~iso.isin(_ISO3)).to_numpy()
        col.rows(
            t,
            bad,
            "iso3",
            lambda i: f"{iso.iat[i]!r} is not an ISO 3166-1 alpha-3 code",
            "not an ISO 3166-1 alpha-3 code",
        )
    if "gb2260" in df.columns:
        _check_gb2260(t, df, col)


def _gb_reason(code: str, scale: str, parent_code: str | None, parent_scale: str | None) -> str:
    if len(code) != 6 or not code.isdigit():
        return f"{code!r} is not a six-digit GB/T 2260 code"
    if code[:2] not in GB2260_PROVINCES:
        return f"{code!r} does not start with a provincial code (11-82)"
    if scale == "province" and code[2:] != "0000":
        return f"{code!r} is a province-scale region but does not end in 0000"
    if scale == "prefecture" and (code[4:] != "00" or code[2:4] == "00"):
        return f"{code!r} is a prefecture-scale region but is not of the form XXYY00"
    if scale == "local" and code[4:] == "00":
        return f"{code!r} is a local (county-level) region but ends in 00"
    if scale not in ("province", "prefecture", "local"):
        return f"GB/T 2260 codes are for Chinese provinces, prefectures and counties, not {scale!r}"
    if parent_code and parent_scale == "province" and parent_code[:2] != code[:2]:
        return f"{code!r} is not inside its parent's province {parent_code!r}"
    if parent_code and parent_scale == "prefecture" and parent_code[:4] != code[:4]:
        return f"{code!r} is not inside its parent's prefecture {parent_code!r}"
    return ""


def _check_gb2260(t: RawTable, df: pd.DataFrame, col: _Collector) -> None:
    code_of = dict(zip(df["region_id"], df["gb2260"], strict=True))
    scale_of = dict(zip(df["region_id"], df["scale"], strict=True))
    reasons: dict[int, str] = {}
    for i in np.flatnonzero(df["gb2260"].notna().to_numpy()):
        parent = df["parent_id"].iat[i]
        pcode = code_of.get(parent) if isinstance(parent, str) else None
        pscale = scale_of.get(parent) if isinstance(parent, str) else None
        r = _gb_reason(
            str(df["gb2260"].iat[i]),
            str(df["scale"].iat[i]),
            pcode if isinstance(pcode, str) else None,
            pscale if isinstance(pscale, str) else None,
        )
        if r:
            reasons[int(i)] = r
    if reasons:
        idx = np.array(sorted(reasons), dtype=np.int64)
        col.rows(t, idx, "gb2260", reasons.__getitem__, "invalid GB/T 2260 code")


def _check_sum_at_most_one(
    t: RawTable,
    df: pd.DataFrame,
    group: list[str],
    cols: list[str],
    column: str,
    what: str,
    tol: float,
    col: _Collector,
) -> None:
    if not all(c in df.columns for c in group + cols):
        return
    if group:
        total = df[cols[0]].fillna(0).groupby([df[g] for g in group], sort=False).transform("sum")
        bad = (total > 1 + tol).to_numpy().copy()
        # report the last row of each offending group (where the sum is exceeded)
        last = ~df.duplicated(group, keep="last").to_numpy()
        bad &= last
    else:
        total = df[cols].fillna(0).sum(axis=1)
        bad = (total > 1 + tol).to_numpy()
    col.rows(
        t,
        bad,
        column,
        lambda i: f"{what} = {total.iat[i]:.6g}, more than 1",
        f"{what} more than 1",
    )


def _check_edges(t: RawTable, df: pd.DataFrame, col: _Collector) -> None:
    loops = (df["from_segment"] == df["to_segment"]).to_numpy()
    col.rows(
        t,
        loops,
        "to_segment",
        lambda i: f"segment {df['to_segment'].iat[i]!r} supplies itself",
        "self loop",
    )
    ok = df[~loops].dropna(subset=["chain_id", "from_segment", "to_segment"])
    for chain, g in ok.groupby("chain_id", sort=True):
        graph = nx.DiGraph()
        graph.add_edges_from(zip(g["from_segment"], g["to_segment"], strict=True))
        if nx.is_directed_acyclic_graph(graph):
            continue
        cycle = nx.find_cycle(graph)
        first = cycle[0]
        row = g.index[(g["from_segment"] == first[0]) & (g["to_segment"] == first[1])][0]
        path = " -> ".join([e[0] for e in cycle] + [cycle[0][0]])
        col.add(
            Problem(
                t.file,
                int(row) + t.row_offset,
                "to_segment",
                f"segment graph of chain {chain!r} has a cycle: {path}",
            )
        )


def _check_self_links(
    t: RawTable, df: pd.DataFrame, a: str, b: str, what: str, col: _Collector
) -> None:
    same = (df[a] == df[b]).fillna(False).to_numpy(dtype=bool)
    col.rows(t, same, b, lambda i: f"{df[a].iat[i]!r} {what} itself", f"{what} itself")


def _check_cross(
    desc: dict[str, Any],
    frames: dict[str, pd.DataFrame],
    tables: dict[str, RawTable],
    col: _Collector,
) -> None:
    if "regions" in frames and isinstance(desc.get("focal_regions"), list):
        known = set(frames["regions"]["region_id"].dropna())
        for i, r in enumerate(desc["focal_regions"]):
            if isinstance(r, str) and r not in known:
                col.add(Problem(DESCRIPTOR, 0, f"focal_regions[{i}]", f"unknown region {r!r}"))
    if "segments" in frames and isinstance(desc.get("chains"), list):
        known = set(frames["segments"]["chain_id"].dropna())
        for i, c in enumerate(desc["chains"]):
            if isinstance(c, str) and c not in known:
                col.add(Problem(DESCRIPTOR, 0, f"chains[{i}]", f"chain {c!r} has no segments"))
    if "firms" in frames and "institutions" in frames:
        clash = fast_isin(frames["institutions"]["institution_id"], frames["firms"]["firm_id"])
        t = tables["institutions"]
        ids = frames["institutions"]["institution_id"]
        col.rows(
            t,
            clash,
            "institution_id",
            lambda i: f"{ids.iat[i]!r} is also a firm id; firm and institution ids must differ",
            "id also used by a firm",
        )


def validate_raw(
    raw: RawPackage, params: ValidationParams | None = None
) -> tuple[Package | None, list[Problem]]:
    """Validate a package read by :func:`~chainchief.package.reader.read_raw`.

    Returns the typed :class:`Package` and an empty list when the package is valid,
    else ``None`` and every problem found.
    """
    params = params or ValidationParams()
    col = _Collector(params.max_problems_per_rule)
    for p in raw.problems:
        col.add(p)
    for p in check_descriptor(raw.descriptor):
        col.add(p)
    for name in REQUIRED_TABLES:
        if name not in raw.tables and not any(p.file.startswith(name) for p in raw.problems):
            col.add(Problem(f"{name}.csv", 0, "", f"required table {name!r} is missing"))
    frames: dict[str, pd.DataFrame] = {}
    for name, t in raw.tables.items():
        frames[name] = _parse_table(t, TABLES[name], col)
    for name, t in raw.tables.items():
        _check_keys(t, TABLES[name], frames[name], col)
    for name, t in raw.tables.items():
        _check_fks(name, t, TABLES[name], frames, col)
    tol = params.share_tolerance
    if "regions" in frames:
        _check_regions(raw.tables["regions"], frames["regions"], col)
    if "segments" in frames:
        _check_sum_at_most_one(
            raw.tables["segments"],
            frames["segments"],
            ["chain_id"],
            ["va_share"],
            "va_share",
            "sum of va_share over the chain's segments",
            tol,
            col,
        )
    if "segment_edges" in frames:
        _check_edges(raw.tables["segment_edges"], frames["segment_edges"], col)
    if "firms" in frames:
        _check_sum_at_most_one(
            raw.tables["firms"],
            frames["firms"],
            [],
            ["oem_share", "odm_share", "obm_share"],
            "obm_share",
            "oem_share + odm_share + obm_share",
            tol,
            col,
        )
    if "firm_segments" in frames:
        _check_sum_at_most_one(
            raw.tables["firm_segments"],
            frames["firm_segments"],
            ["firm_id"],
            ["share"],
            "share",
            "sum of the firm's segment shares",
            tol,
            col,
        )
    if "supply_links" in frames:
        _check_self_links(
            raw.tables["supply_links"],
            frames["supply_links"],
            "supplier_id",
            "buyer_id",
            "supplies",
            col,
        )
    if "knowledge_links" in frames:
        _check_self_links(
            raw.tables["knowledge_links"],
            frames["knowledge_links"],
            "source_id",
            "target_id",
            "links to",
            col,
        )
    _check_cross(raw.descriptor, frames, raw.tables, col)
    if col.problems:
        return None, col.problems
    return Package(raw.descriptor, frames), []
