"""Import -> export -> import is lossless; zip packages; replace; read-only access."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from chainchief.errors import DatasetExistsError, DatasetNotFoundError
from chainchief.model.schema import TABLE_ORDER
from chainchief.package import read_package, write_package
from chainchief.store import Store
from testutil import file_digest
from tiny import tiny_descriptor, tiny_tables


def _with_extras(tmp_path: Path) -> Path:
    t = tiny_tables()
    t["firms"]["district_note"] = ["north", None, "east", "abroad", "centre"]
    t["supply_links"]["contract_no"] = ["c1", "c2", "c3", "c4"]
    desc = tiny_descriptor("tiny")
    desc["homepage"] = "https://example.org/tiny"  # extra descriptor keys are kept
    return write_package(desc, t, tmp_path / "src")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_import_export_import_is_lossless(tmp_path: Path, fmt: str) -> None:
    src = _with_extras(tmp_path)
    s1 = Store(tmp_path / "a.duckdb")
    s1.import_package(src)
    out = s1.export("tiny", tmp_path / "exported", fmt=fmt)
    s2 = Store(tmp_path / "b.duckdb")
    s2.import_package(out)
    original = read_package(src)
    d1, d2 = s1.dataset("tiny"), s2.dataset("tiny")
    for name in TABLE_ORDER:
        pdt.assert_frame_equal(d1.table(name), original.table(name))
        pdt.assert_frame_equal(d2.table(name), d1.table(name))
    strip = lambda d: {k: v for k, v in d.items() if k != "resources"}  # noqa: E731
    assert strip(d2.descriptor) == strip(d1.descriptor) == strip(original.descriptor)
    assert list(d2.firms.columns)[-1] == "district_note"


def test_zip_package(tmp_path: Path) -> None:
    src = _with_extras(tmp_path)
    archive = tmp_path / "pkg.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in src.iterdir():
            zf.write(f, f"tiny/{f.name}")
    s = Store(tmp_path / "z.duckdb")
    rep = s.import_package(archive)
    assert rep.rows["firms"] == 5
    assert s.dataset("tiny").firms["district_note"].tolist()[0] == "north"


def test_replace_needs_flag(tmp_path: Path, tiny_dir: Path) -> None:
    s = Store(tmp_path / "r.duckdb")
    s.import_package(tiny_dir)
    before = file_digest(s.path)
    with pytest.raises(DatasetExistsError, match="--replace"):
        s.import_package(tiny_dir)
    assert file_digest(s.path) == before
    t = tiny_tables()
    t["firms"] = t["firms"].iloc[:4]
    t["firm_segments"] = t["firm_segments"].iloc[:4]
    t["supply_links"] = t["supply_links"].iloc[:3]
    t["sales"] = t["sales"]
    changed = write_package(tiny_descriptor(), t, tmp_path / "changed")
    rep = s.import_package(changed, replace=True)
    assert rep.replaced
    assert len(s.dataset("tiny").firms) == 4
    assert s.names() == ["tiny"]


def test_parquet_and_csv_mixed_and_absent_tables(tmp_path: Path) -> None:
    t = tiny_tables()
    src = write_package(tiny_descriptor(), t, tmp_path / "mix")
    t["firms"].to_parquet(src / "firms.parquet", index=False)
    (src / "firms.csv").unlink()
    (src / "indicators.csv").unlink()
    desc = json.loads((src / "datapackage.json").read_text())
    desc["resources"] = [r for r in desc["resources"] if r["name"] not in ("firms", "indicators")]
    (src / "datapackage.json").write_text(json.dumps(desc))
    pkg = read_package(src)
    assert pkg.firms["employees"].dtype == "Int64"
    assert pkg.indicators.empty and pkg.indicators.columns[0] == "region_id"
    assert pkg.firms["above_scale"].tolist() == [False, True, True, True, False]


def test_dataset_not_found_and_read_only(tmp_path: Path, tiny_dir: Path) -> None:
    s = Store(tmp_path / "ro.duckdb")
    s.import_package(tiny_dir)
    ro = Store(s.path, read_only=True)
    assert ro.dataset("tiny").firms.shape[0] == 5
    with pytest.raises(DatasetNotFoundError, match="stored datasets: tiny"):
        ro.dataset("nope")
    with pytest.raises(PermissionError):
        ro.import_package(tiny_dir)


def test_delete(tmp_path: Path, tiny_dir: Path) -> None:
    s = Store(tmp_path / "d.duckdb")
    s.import_package(tiny_dir)
    s.delete("tiny")
    assert s.names() == []
    with pytest.raises(DatasetNotFoundError):
        s.delete("tiny")


def test_top_level_open(tmp_path: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import chainchief

    monkeypatch.setenv("CHAINCHIEF_DB", str(tmp_path / "env.duckdb"))
    store = chainchief.open()
    store.import_package(tiny_dir)
    assert store.path == tmp_path / "env.duckdb"
    firms = chainchief.open(tmp_path / "env.duckdb").dataset("tiny").firms
    assert isinstance(firms, pd.DataFrame) and len(firms) == 5


def test_export_to_copy_is_valid_package(tmp_path: Path, tiny_dir: Path) -> None:
    s = Store(tmp_path / "e.duckdb")
    s.import_package(tiny_dir)
    out = s.export("tiny", tmp_path / "out")
    shutil.copytree(out, tmp_path / "copy")
    assert read_package(tmp_path / "copy").name == "tiny"
