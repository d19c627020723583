"""Locate and read the files of a chain data package, without interpreting values.

CSV files are read with every column as text (empty cell = missing), so that the
validator can report each cell that does not parse; Parquet files keep their types.
"""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from chainchief.errors import Problem
from chainchief.model.schema import TABLE_ORDER

__all__ = ["DESCRIPTOR", "RawPackage", "RawTable", "read_raw"]

DESCRIPTOR = "datapackage.json"


@dataclass
class RawTable:
    """One table as read from its file."""

    name: str
    file: str  # path as shown in messages (relative to the package)
    frame: pd.DataFrame
    row_offset: int  # add to a 0-based record index to get the ROW of a message
    text: bool  # True when every column was read as text (CSV)


@dataclass
class RawPackage:
    """A package as read from disk: descriptor, tables and the problems met reading them."""

    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, RawTable]
    problems: list[Problem]


def _read_csv(path: Path, shown: str, problems: list[Problem]) -> RawTable | None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), None)
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, 0, "", f"file is not valid UTF-8 ({exc.reason})"))
        return None
    if not header:
        problems.append(Problem(shown, 1, "", "file is empty: a header row is required"))
        return None
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(shown, 1, name, "column name appears twice in the header"))
        seen.add(name)
    if len(seen) != len(header):
        return None
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8", block_size=1 << 24),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in header},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, 0, "", f"cannot parse CSV: {exc}"))
        return None
    # pyarrow keeps the BOM in the first header name when present; use the csv header.
    frame = table.rename_columns(header).to_pandas()
    return RawTable(path.stem, shown, frame, row_offset=2, text=True)


def _read_parquet(path: Path, shown: str, problems: list[Problem]) -> RawTable | None:
    try:
        frame = pq.read_table(path).to_pandas()
    except (pa.ArrowException, OSError) as exc:
        problems.append(Problem(shown, 0, "", f"cannot read Parquet: {exc}"))
        return None
    return RawTable(path.stem, shown, frame, row_offset=1, text=False)


def _read_table(path: Path, shown: str, problems: list[Problem]) -> RawTable | None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, shown, problems)
    if suffix in (".parquet", ".pq"):
        return _read_parquet(path, shown, problems)
    problems.append(Problem(shown, 0, "", "unsupported file type: use .csv or .parquet"))
    return None


def _unzip(path: Path, into: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        for member in zf.namelist():
            target = (into / member).resolve()
            if not str(target).startswith(str(into.resolve())):
                raise ValueError(f"{path}: member {member!r} escapes the archive")
        zf.extractall(into)
    hits = sorted(into.rglob(DESCRIPTOR), key=lambda p: len(p.parts))
    return hits[0].parent if hits else into


def read_raw(path: str | Path, workdir: Path | None = None) -> RawPackage:
    """Read a package directory, a ``datapackage.json`` path or a ``.zip`` archive.

    ``workdir`` is where a zip archive is unpacked (a temporary directory the caller
    owns). Problems met while reading are returned, not raised.
    """
    src = Path(path)
    problems: list[Problem] = []
    if src.is_file() and src.suffix.lower() == ".zip":
        if workdir is None:
            raise ValueError("reading a .zip package needs a workdir to unpack it into")
        root = _unzip(src, workdir)
    elif src.is_file() and src.name == DESCRIPTOR:
        root = src.parent
    else:
        root = src
    desc_path = root / DESCRIPTOR
    descriptor: dict[str, Any] = {}
    if not root.exists():
        problems.append(Problem(str(src), 0, "", "no such file or directory"))
        return RawPackage(root, descriptor, {}, problems)
    if not desc_path.is_file():
        problems.append(Problem(DESCRIPTOR, 0, "", f"descriptor not found in {src}"))
        return RawPackage(root, descriptor, {}, problems)
    try:
        loaded = json.loads(desc_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(DESCRIPTOR, 0, "", f"not valid JSON: {exc}"))
        return RawPackage(root, descriptor, {}, problems)
    if not isinstance(loaded, dict):
        problems.append(Problem(DESCRIPTOR, 0, "", "the descriptor must be a JSON object"))
        return RawPackage(root, descriptor, {}, problems)
    descriptor = loaded

    paths: dict[str, str] = {}
    resources = descriptor.get("resources", [])
    if isinstance(resources, list):
        for i, res in enumerate(resources):
            if not (isinstance(res, dict) and isinstance(res.get("name"), str)):
                problems.append(
                    Problem(DESCRIPTOR, 0, f"resources[{i}]", "needs a string 'name' and 'path'")
                )
                continue
            name, rpath = res["name"], res.get("path")
            if name not in TABLE_ORDER:
                problems.append(
                    Problem(
                        DESCRIPTOR,
                        0,
                        f"resources[{i}].name",
                        f"unknown table {name!r}; tables are: {', '.join(TABLE_ORDER)}",
                    )
                )
            elif not isinstance(rpath, str) or not rpath:
                problems.append(Problem(DESCRIPTOR, 0, f"resources[{i}].path", "missing path"))
            elif name in paths:
                problems.append(
                    Problem(DESCRIPTOR, 0, f"resources[{i}].name", f"table {name!r} listed twice")
                )
            else:
                paths[name] = rpath

    tables: dict[str, RawTable] = {}
    for name in TABLE_ORDER:
        if name in paths:
            rel = paths[name]
            fpath = (root / rel).resolve()
            if not fpath.is_file():
                problems.append(Problem(rel, 0, "", f"file of table {name!r} not found"))
                continue
        else:
            cands = [root / f"{name}.csv", root / f"{name}.parquet"]
            found = [c for c in cands if c.is_file()]
            if len(found) > 1:
                problems.append(
                    Problem(found[0].name, 0, "", f"both {name}.csv and {name}.parquet exist")
                )
                continue
            if not found:
                continue
            fpath, rel = found[0], found[0].name
        raw = _read_table(fpath, rel, problems)
        if raw is not None:
            raw.name = name
            tables[name] = raw
    return RawPackage(root, descriptor, tables, problems)
