"""The embedded DuckDB store: one database file holding many datasets.

Imports validate the whole package before the database is opened for writing and
then write it in one transaction, so a failed import leaves the file untouched.
Reads return pandas DataFrames typed like :class:`~chainchief.package.Package`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from chainchief import __version__
from chainchief.errors import DatasetExistsError, DatasetNotFoundError, PackageInvalidError
from chainchief.model.schema import TABLE_ORDER, TABLES
from chainchief.package import ValidationParams, validate_package, write_package
from chainchief.package.coerce import typed_frame
from chainchief.package.tables import Package, TableAccess
from chainchief.store.quality import quality_summary
from chainchief.store.schema import DDL, SCHEMA_VERSION, quote

__all__ = ["DEFAULT_DB", "Dataset", "ImportReport", "Store", "default_db_path"]

DEFAULT_DB = "chainchief.duckdb"
Progress = Callable[[str], None]


def default_db_path(db: str | Path | None = None) -> Path:
    """The database path: ``db``, else ``$CHAINCHIEF_DB``, else ``./chainchief.duckdb``."""
    if db is not None:
        return Path(db)
    return Path(os.environ.get("CHAINCHIEF_DB") or DEFAULT_DB)


@dataclass
class ImportReport:
    """What an import did."""

    dataset: str
    source: str
    rows: dict[str, int]
    replaced: bool
    validate_seconds: float
    write_seconds: float
    quality: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "dataset": self.dataset,
            "source": self.source,
            "rows": self.rows,
            "replaced": self.replaced,
            "validate_seconds": round(self.validate_seconds, 3),
            "write_seconds": round(self.write_seconds, 3),
            "quality": self.quality,
        }


def _storage_name(dataset: str, table: str) -> str:
    digest = hashlib.sha1(dataset.encode("utf-8")).hexdigest()[:12]
    return f"x_{table}_{digest}"


class Store:
    """A chainchief database.

    Parameters
    ----------
    db
        Path of the DuckDB file (see :func:`default_db_path`).
    read_only
        Refuse writes; lets several processes read one file.
    """

    def __init__(self, db: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = default_db_path(db)
        self.read_only = read_only

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connections -------------------------------------------------------------
    @contextmanager
    def connect(self, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the file, closed on exit; ``write`` creates the schema."""
        if write and self.read_only:
            raise PermissionError(f"{self.path} was opened read-only")
        if not write and not self.path.exists():
            con = duckdb.connect(":memory:")
            for stmt in DDL:
                con.execute(stmt)
        else:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(self.path), read_only=not write)
            if write:
                self._ensure_schema(con)
        try:
            yield con
        finally:
            con.close()

    @staticmethod
    def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
        have = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if "chainchief_meta" in have and all(t in have for t in TABLE_ORDER):
            rows = con.execute(
                "SELECT value FROM chainchief_meta WHERE key = 'schema_version'"
            ).fetchall()
            row = rows[0] if rows else None
            if row and row[0] != SCHEMA_VERSION:
                raise RuntimeError(
                    f"database schema version {row[0]} is not the supported {SCHEMA_VERSION}"
                )
            return
        con.execute("BEGIN TRANSACTION")
        for stmt in DDL:
            con.execute(stmt)
        con.execute(
            "INSERT OR REPLACE INTO chainchief_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION]
        )
        con.execute("COMMIT")

    def init(self) -> Path:
        """Create the database file and its tables if they do not exist."""
        with self.connect(write=True):
            pass
        return self.path

    # -- reading -----------------------------------------------------------------
    def names(self) -> list[str]:
        """Names of the stored datasets."""
        with self.connect() as con:
            return [r[0] for r in con.execute("SELECT name FROM datasets ORDER BY name").fetchall()]

    def datasets(self) -> pd.DataFrame:
        """One row per dataset: name, title, synthetic, imported_at and row counts."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT name, descriptor, imported_at, source, report FROM datasets ORDER BY name"
            ).fetchall()
        out = []
        for name, desc, imported_at, source, report in rows:
            d = json.loads(desc)
            rep = json.loads(report) if report else {}
            out.append(
                {
                    "name": name,
                    "title": d.get("title"),
                    "synthetic": d.get("synthetic"),
                    "imported_at": imported_at,
                    "source": source,
                    "firms": rep.get("rows", {}).get("firms"),
                    "supply_links": rep.get("rows", {}).get("supply_links"),
                }
            )
        return pd.DataFrame(
            out,
            columns=[
                "name",
                "title",
                "synthetic",
                "imported_at",
                "source",
                "firms",
                "supply_links",
            ],
        )

    def dataset(self, name: str) -> Dataset:
        """The stored dataset ``name``."""
        with self.connect() as con:
            rows = con.execute(
                "SELECT descriptor, report FROM datasets WHERE name = ?", [name]
            ).fetchall()
            row = rows[0] if rows else None
        if row is None:
            known = ", ".join(self.names()) or "none"
            raise DatasetNotFoundError(
                f"no dataset {name!r} in {self.path} (stored datasets: {known})"
            )
        return Dataset(self, name, json.loads(row[0]), json.loads(row[1]) if row[1] else {})

    def _read_table(self, dataset: str, table: str) -> pd.DataFrame:
        spec = TABLES[table]
        core = ", ".join(f"t.{quote(c.name)}" for c in spec.columns)
        with self.connect() as con:
            found = con.execute(
                "SELECT storage, columns FROM dataset_extras WHERE dataset = ? AND table_name = ?",
                [dataset, table],
            ).fetchall()
            extra = found[0] if found else None
            if extra:
                xcols = json.loads(extra[1])
                xsel = "".join(f", x.{quote(c)}" for c in xcols)
                sql = (
                    f"SELECT {core}{xsel} FROM {quote(table)} t "
                    f"LEFT JOIN {quote(extra[0])} x USING (_row) "
                    "WHERE t.dataset = ? ORDER BY t._row"
                )
            else:
                sql = f"SELECT {core} FROM {quote(table)} t WHERE t.dataset = ? ORDER BY t._row"
            arrow = con.sql(sql, params=[dataset]).to_arrow_table()
        return typed_frame(arrow.to_pandas(), spec)

    # -- writing -----------------------------------------------------------------
    def import_package(
        self,
        path: str | Path,
        *,
        replace: bool = False,
        params: ValidationParams | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Validate a package and store it as one dataset, in one transaction.

        Raises
        ------
        PackageInvalidError
            The package has problems; the database was not opened for writing.
        DatasetExistsError
            A dataset of that name exists and ``replace`` is false.
        """
        if self.read_only:
            raise PermissionError(f"{self.path} was opened read-only")
        say = progress or (lambda _msg: None)
        say(f"validating {path}")
        t0 = time.perf_counter()
        pkg, problems = validate_package(path, params)
        if pkg is None:
            raise PackageInvalidError(problems, source=str(path))
        t1 = time.perf_counter()
        name = pkg.name
        if not replace and name in self.names():
            raise DatasetExistsError(
                f"dataset {name!r} already exists in {self.path}; use --replace to overwrite it"
            )
        quality = quality_summary(pkg)
        say(f"writing {name}")
        existed = self._write(pkg, str(path), quality, replace=replace, progress=say)
        t2 = time.perf_counter()
        return ImportReport(
            dataset=name,
            source=str(path),
            rows={t: len(pkg.tables[t]) for t in pkg.present()},
            replaced=existed,
            validate_seconds=t1 - t0,
            write_seconds=t2 - t1,
            quality=quality,
        )

    def _write(
        self,
        pkg: Package,
        source: str,
        quality: dict[str, Any],
        *,
        replace: bool,
        progress: Progress,
    ) -> bool:
        name = pkg.name
        with self.connect(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                existed = bool(
                    con.execute("SELECT count(*) FROM datasets WHERE name = ?", [name]).fetchall()[
                        0
                    ][0]
                )
                if existed and not replace:
                    raise DatasetExistsError(
                        f"dataset {name!r} already exists in {self.path}; use --replace"
                    )
                if existed:
                    self._delete(con, name)
                for table in pkg.present():
                    progress(f"writing {name}/{table}")
                    self._insert(con, name, table, pkg.tables[table])
                report = {"rows": {t: len(pkg.tables[t]) for t in pkg.present()}, **quality}
                con.execute(
                    "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        name,
                        json.dumps(pkg.descriptor, ensure_ascii=False),
                        dt.datetime.now(dt.UTC).replace(tzinfo=None),
                        source,
                        __version__,
                        json.dumps(report, ensure_ascii=False),
                    ],
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return existed

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, dataset: str, table: str, df: pd.DataFrame) -> None:
        spec = TABLES[table]
        frame = df.copy(deep=False)
        frame.insert(0, "_row", np.arange(len(frame), dtype=np.int64))
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        con.register("_chainchief_src", arrow)
        try:
            cols = ", ".join(quote(c.name) for c in spec.columns)
            sel = ", ".join(
                f"CAST({quote(c.name)} AS DATE)" if c.dtype == "date" else quote(c.name)
                for c in spec.columns
            )
            con.execute(
                f"INSERT INTO {quote(table)} (dataset, _row, {cols}) "
                f"SELECT ?, _row, {sel} FROM _chainchief_src",
                [dataset],
            )
            extras = [c for c in df.columns if c not in spec.by_name]
            if extras:
                storage = _storage_name(dataset, table)
                xsel = ", ".join(quote(c) for c in extras)
                con.execute(f"DROP TABLE IF EXISTS {quote(storage)}")
                con.execute(
                    f"CREATE TABLE {quote(storage)} AS SELECT _row, {xsel} FROM _chainchief_src"
                )
                con.execute(
                    "INSERT INTO dataset_extras VALUES (?, ?, ?, ?)",
                    [dataset, table, storage, json.dumps(extras, ensure_ascii=False)],
                )
        finally:
            con.unregister("_chainchief_src")

    @staticmethod
    def _delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
        for table in TABLE_ORDER:
            con.execute(f"DELETE FROM {quote(table)} WHERE dataset = ?", [name])
        for (storage,) in con.execute(
            "SELECT storage FROM dataset_extras WHERE dataset = ?", [name]
        ).fetchall():
            con.execute(f"DROP TABLE IF EXISTS {quote(storage)}")
        con.execute("DELETE FROM dataset_extras WHERE dataset = ?", [name])
        con.execute("DELETE FROM datasets WHERE name = ?", [name])

    def delete(self, name: str) -> None:
        """Remove a dataset."""
        if name not in self.names():
            raise DatasetNotFoundError(f"no dataset {name!r} in {self.path}")
        with self.connect(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                self._delete(con, name)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def export(self, name: str, out_dir: str | Path, fmt: str = "csv") -> Path:
        """Write dataset ``name`` back as a chain data package directory."""
        ds = self.dataset(name)
        tables = {t: ds.table(t) for t in ds.stored_tables()}
        return write_package(ds.descriptor, tables, out_dir, fmt=fmt)  # type: ignore[arg-type]


class Dataset(TableAccess):
    """A dataset in a :class:`Store`; tables load on first access and are cached."""

    def __init__(
        self, store: Store, name: str, descriptor: dict[str, Any], report: dict[str, Any]
    ) -> None:
        self.store = store
        self._name = name
        self._descriptor = descriptor
        self.report = report
        self._cache: dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        return f"Dataset({self._name!r}, store={self.store!r})"

    @property
    def descriptor(self) -> dict[str, Any]:
        return self._descriptor

    def stored_tables(self) -> list[str]:
        """Tables the imported package held (absent ones read as empty)."""
        rows = self.report.get("rows", {})
        return [t for t in TABLE_ORDER if t in rows]

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; tables are: {', '.join(TABLE_ORDER)}")
        if name not in self._cache:
            self._cache[name] = self.store._read_table(self._name, name)
        return self._cache[name]

    def to_package(self) -> Package:
        """Load every table into an in-memory :class:`Package`."""
        return Package(self.descriptor, {t: self.table(t) for t in self.stored_tables()})
