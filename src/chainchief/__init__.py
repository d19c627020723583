"""chainchief: decision support for the Industrial Chain Chief Model (ICCM).

The top level exposes a small surface::

    import chainchief
    store = chainchief.open("chainchief.duckdb")
    firms = store.dataset("ouhai-eyewear").firms      # a pandas DataFrame

Everything else lives in capability packages: :mod:`chainchief.model` (data model and
schema), :mod:`chainchief.package` (chain data packages), :mod:`chainchief.store`
(DuckDB store), :mod:`chainchief.examples` (calibrated example data).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from chainchief.store import Store

try:
    __version__ = version("chainchief")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__", "open"]


def open(db: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating if needed) a chainchief store.

    Parameters
    ----------
    db
        Path of the DuckDB file. Defaults to ``$CHAINCHIEF_DB`` or ``./chainchief.duckdb``.
    read_only
        Open without write access (several readers may share the file).
    """
    from chainchief.store import Store

    return Store(db, read_only=read_only)
