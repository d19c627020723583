"""``chainchief examples`` and the demo, end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from chainchief.demo import run_demo
from chainchief.examples import EXAMPLES
from chainchief.mrio.data import find_data_dir
from chainchief.store import Store

EXE = [sys.executable, "-m", "chainchief"]


def test_examples_list_and_build(tmp_path: Path) -> None:
    r = subprocess.run([*EXE, "examples", "list"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    for name in EXAMPLES:
        assert name in r.stdout
    out = tmp_path / "xianju"
    r = subprocess.run(
        [*EXE, "examples", "build", "xianju-pharma", "--out", str(out), "--format", "parquet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["synthetic"] is True
    assert (out / "firms.parquet").exists()
    r = subprocess.run(
        [*EXE, "examples", "build", "nowhere", "--out", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode != 0 and "unknown example" in r.stderr


def test_examples_synthetic(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    r = subprocess.run(
        [*EXE, "examples", "synthetic", "--firms", "2000", "--links", "10000", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    db = tmp_path / "s.duckdb"
    r = subprocess.run(
        [*EXE, "import", str(out), "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert Store(db).datasets()["supply_links"].tolist() == [10000]


def test_demo_loads_all_examples(tmp_path: Path) -> None:
    names = run_demo(tmp_path / "demo", tmp_path / "demo.duckdb")
    assert sorted(names) == sorted(EXAMPLES)
    store = Store(tmp_path / "demo.duckdb")
    assert store.names() == sorted(EXAMPLES)
    ouhai = store.dataset("ouhai-eyewear")
    focal = ouhai.firms[ouhai.firms["region_id"] == ouhai.focal_regions[0]]
    assert int(focal["above_scale"].sum()) == 59
    reports = tmp_path / "demo" / "reports"
    for name in EXAMPLES:
        page = (reports / f"{name}.en.html").read_text(encoding="utf-8")
        assert 'id="recommendations"' in page and 'id="appendix"' in page
        assert (reports / f"{name}.zh.html").exists()
        assert json.loads((reports / f"{name}.json").read_text())["segments"]
        # the national IO sector section comes with the real data, and only then
        assert ('id="mrio"' in page) == (find_data_dir() is not None)
