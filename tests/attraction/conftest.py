"""Shared example packages (built once per session: each takes ~10 s)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def ouhai() -> Any:
    from chainchief.examples import build

    return build("ouhai-eyewear")


@pytest.fixture(scope="session")
def xianju() -> Any:
    from chainchief.examples import build

    return build("xianju-pharma")


@pytest.fixture(scope="session")
def ouhai_db(ouhai: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A store holding the ouhai-eyewear example."""
    import chainchief
    from chainchief.package import write_package
    from chainchief.package.tables import TABLE_ORDER

    root = tmp_path_factory.mktemp("attraction-store")
    tables = {t: ouhai.table(t) for t in TABLE_ORDER}
    pkg_dir = write_package(dict(ouhai.descriptor), tables, root / "pkg", fmt="parquet")
    path = root / "store.duckdb"
    chainchief.open(path).import_package(pkg_dir)
    return path
