"""End-to-end tests of the store commands through the real console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from chainchief.package import write_package
from testutil import file_digest
from tiny import tiny_descriptor, tiny_tables

EXE = [sys.executable, "-m", "chainchief"]


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXE, *args, "--db", str(db)], capture_output=True, text=True, timeout=120
    )


def test_init_import_info_export_cycle(tmp_path: Path, tiny_dir: Path) -> None:
    db = tmp_path / "cli.duckdb"
    assert run("init", db=db).returncode == 0
    r = run("import", str(tiny_dir), db=db)
    assert r.returncode == 0, r.stderr
    assert "imported tiny" in r.stdout
    r = run("info", "tiny", "--json", db=db)
    info = json.loads(r.stdout)
    assert info["rows"]["firms"] == 5
    assert info["focal_firms"] == 3 and info["focal_employees"] == 360
    assert info["regions_by_scale"]["local"] == 2
    assert {x["role"] for x in info["roles"]} == {"chief", "owner", "mentor"}
    assert info["validation"]["link_status"]["inferred"] == 0.25
    r = run("info", db=db)
    assert r.returncode == 0 and "tiny" in r.stdout
    r = run("export", "tiny", "--out", str(tmp_path / "out"), "--format", "parquet", db=db)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "firms.parquet").exists()


def test_invalid_import_exit_code_and_lines(tmp_path: Path, tiny_dir: Path) -> None:
    db = tmp_path / "cli.duckdb"
    run("import", str(tiny_dir), db=db)
    t = tiny_tables()
    t["firms"] = t["firms"].astype(object)
    t["firms"].loc[0, "region_id"] = "NOWHERE"
    t["firms"].loc[1, "employees"] = "lots"
    bad = write_package(tiny_descriptor("bad"), t, tmp_path / "bad")
    before = file_digest(db)
    r = run("import", str(bad), db=db)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert "firms.csv:2:region_id: unknown region_id 'NOWHERE' (not in regions.region_id)" in lines
    assert "firms.csv:3:employees: 'lots' is not an integer" in lines
    assert file_digest(db) == before
    r = run("import", str(bad), "--max-errors", "1", db=db)
    assert "1 more problems not shown" in r.stderr


def test_existing_dataset_needs_replace(tmp_path: Path, tiny_dir: Path) -> None:
    db = tmp_path / "cli.duckdb"
    assert run("import", str(tiny_dir), db=db).returncode == 0
    r = run("import", str(tiny_dir), db=db)
    assert r.returncode == 2 and "--replace" in r.stderr
    r = run("import", str(tiny_dir), "--replace", db=db)
    assert r.returncode == 0 and "replaced tiny" in r.stdout


def test_unknown_dataset(tmp_path: Path) -> None:
    r = run("info", "ghost", db=tmp_path / "none.duckdb")
    assert r.returncode == 2 and "no dataset 'ghost'" in r.stderr
