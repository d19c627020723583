"""The chainchief store: datasets in an embedded DuckDB file."""

from chainchief.store.duckdb_store import DEFAULT_DB, Dataset, ImportReport, Store, default_db_path
from chainchief.store.quality import quality_summary

__all__ = ["DEFAULT_DB", "Dataset", "ImportReport", "Store", "default_db_path", "quality_summary"]
