"""Random corruptions of a valid package never leave a partial write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainchief.errors import PackageInvalidError
from chainchief.model.schema import TABLE_ORDER
from chainchief.package import write_package
from chainchief.store import Store
from testutil import file_digest
from tiny import tiny_descriptor, tiny_tables

TABLES = tiny_tables()
BAD_VALUES = ["", "garbage", "-1", "1e400", "2.5", "NaN", "F1", "OH", "parts", "true", None]


@st.composite
def corruption(draw: st.DrawFn) -> list[tuple[str, int, str, Any]]:
    n = draw(st.integers(1, 4))
    out = []
    for _ in range(n):
        table = draw(st.sampled_from(sorted(TABLES)))
        df = TABLES[table]
        row = draw(st.integers(0, len(df) - 1))
        column = draw(st.sampled_from(list(df.columns)))
        out.append((table, row, column, draw(st.sampled_from(BAD_VALUES))))
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("atomic")
    store = Store(root / "base.duckdb")
    store.import_package(write_package(tiny_descriptor("other"), tiny_tables(), root / "other"))
    return store.path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=corruption())
def test_corruption_never_half_writes(
    changes: list[tuple[str, int, str, Any]], base: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("case")
    db = work / "db.duckdb"
    db.write_bytes(base.read_bytes())
    tables = tiny_tables()
    for table, row, column, value in changes:
        tables[table] = tables[table].astype(object)
        tables[table].loc[row, column] = value
    pkg = write_package(tiny_descriptor("victim"), tables, work / "pkg")
    store = Store(db)
    before = file_digest(db)
    try:
        report = store.import_package(pkg)
    except PackageInvalidError as exc:
        assert exc.problems, "an invalid package must say why"
        assert file_digest(db) == before
        assert store.names() == ["other"]
        return
    # The corruption happened to be valid: the whole dataset must be there.
    ds = store.dataset("victim")
    for name in TABLE_ORDER:
        assert len(ds.table(name)) == report.rows.get(name, 0) == len(tables[name])


def test_failure_during_write_rolls_back(
    tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "w.duckdb")
    store.import_package(write_package(tiny_descriptor("other"), tiny_tables(), tmp_path / "o"))
    calls = {"n": 0}
    original = Store._insert

    def flaky(con: Any, dataset: str, table: str, df: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 6:
            raise OSError("disk full (simulated)")
        original(con, dataset, table, df)

    monkeypatch.setattr(Store, "_insert", staticmethod(flaky))
    with pytest.raises(OSError, match="simulated"):
        store.import_package(tiny_dir)
    monkeypatch.undo()
    assert store.names() == ["other"]
    with store.connect() as con:
        for name in TABLE_ORDER:
            n = con.execute(f'SELECT count(*) FROM "{name}" WHERE dataset = ?', ["tiny"]).fetchall()
            assert n[0][0] == 0
