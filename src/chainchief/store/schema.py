"""DuckDB schema of the store, derived from :mod:`chainchief.model.schema`."""

from __future__ import annotations

from chainchief.model.schema import TABLE_ORDER, TABLES, DType

__all__ = ["DDL", "SCHEMA_VERSION", "SQL_TYPES", "quote"]

SCHEMA_VERSION = "1"

SQL_TYPES: dict[DType, str] = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
}


def quote(identifier: str) -> str:
    """Quote an SQL identifier."""
    return '"' + identifier.replace('"', '""') + '"'


def _table_ddl(name: str) -> str:
    cols = ",\n    ".join(f"{quote(c.name)} {SQL_TYPES[c.dtype]}" for c in TABLES[name].columns)
    return (
        f"CREATE TABLE IF NOT EXISTS {quote(name)} (\n    dataset VARCHAR NOT NULL,\n"
        f"    _row BIGINT NOT NULL,\n    {cols}\n)"
    )


DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS chainchief_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS datasets (
    name VARCHAR PRIMARY KEY,
    descriptor VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    source VARCHAR,
    chainchief_version VARCHAR,
    report VARCHAR
)""",
    """CREATE TABLE IF NOT EXISTS dataset_extras (
    dataset VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    storage VARCHAR NOT NULL,
    columns VARCHAR NOT NULL
)""",
    *(_table_ddl(t) for t in TABLE_ORDER),
)
