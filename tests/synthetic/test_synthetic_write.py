"""Writing synthetic packages to disk, and the ``synthetic`` command."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

import chainchief
from chainchief.cli.synthetic_commands import register
from chainchief.examples.synthetic import generate_synthetic, write_synthetic
from chainchief.model.schema import TABLE_ORDER
from chainchief.package import read_package, validate_package, write_package


def _as_text(s: pd.Series) -> list[str]:
    """Cells as a CSV file should hold them."""
    if isinstance(s.dtype, pd.BooleanDtype):
        s = s.map({True: "true", False: "false"})
    elif pd.api.types.is_datetime64_any_dtype(s.dtype):
        s = s.dt.strftime("%Y-%m-%d")
    return s.astype("str").fillna("").tolist()


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_written_package_holds_the_generated_tables(tmp_path, fmt):
    out = write_synthetic(tmp_path / "pkg", 400, 2_000, seed=4, fmt=fmt)
    desc_mem, tables = generate_synthetic(400, 2_000, seed=4)
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["resources"] == [{"name": t, "path": f"{t}.{fmt}"} for t in TABLE_ORDER]
    assert {k: v for k, v in desc.items() if k != "resources"} == json.loads(json.dumps(desc_mem))
    assert desc["name"] == "synthetic-400" and desc["synthetic"] is True
    for name in TABLE_ORDER:
        want = tables[name]
        if fmt == "parquet":
            back = pq.read_table(out / f"{name}.parquet").to_pandas()
            pd.testing.assert_frame_equal(back, want, check_dtype=False)
            continue
        back = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(back.columns) == list(want.columns), name
        for col in want.columns:
            if pd.api.types.is_float_dtype(want[col].dtype):
                got = pd.to_numeric(back[col].replace("", None)).astype("float64")
                pd.testing.assert_series_equal(got, want[col], check_names=False, rtol=1e-12)
            else:
                assert back[col].tolist() == _as_text(want[col]), (name, col)


def test_csv_booleans_dates_and_missing_cells(tmp_path):
    out = write_synthetic(tmp_path / "pkg", 300, 1_000, seed=1, fmt="csv")
    firms = (out / "firms.csv").read_text(encoding="utf-8").splitlines()
    assert firms[0].replace('"', "").startswith("firm_id,name,region_id,ownership,employees")
    assert ",false," in firms[1] or ",true," in firms[1]
    roles = (out / "roles.csv").read_text(encoding="utf-8")
    assert ",2019-06-01" in roles and "00:00:00" not in roles
    sales = (out / "sales.csv").read_text(encoding="utf-8").splitlines()
    assert any(line.endswith(",") for line in sales[1:])  # buyer unknown: an empty cell


def test_bad_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="fmt"):
        write_synthetic(tmp_path / "x", 100, 10, fmt="xlsx")  # type: ignore[arg-type]


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _group() -> None:
        """Examples."""

    register(app)
    return app


def test_cli_writes_a_package(tmp_path):
    out = tmp_path / "syn"
    res = CliRunner().invoke(
        _app(), ["synthetic", "--firms", "500", "--links", "3000", "--out", str(out), "--seed", "2"]
    )
    assert res.exit_code == 0, res.output
    assert str(out) in res.stdout
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["name"] == "synthetic-500"
    assert desc["generator"]["seed"] == 2
    assert pq.read_metadata(out / "supply_links.parquet").num_rows == 3000
    assert pq.read_metadata(out / "firms.parquet").num_rows == 500


def test_cli_csv_and_errors(tmp_path):
    app = _app()
    res = CliRunner().invoke(
        app,
        [
            "synthetic",
            "--firms",
            "200",
            "--links",
            "500",
            "--out",
            str(tmp_path / "c"),
            "--format",
            "csv",
        ],
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "c" / "supply_links.csv").exists()
    res = CliRunner().invoke(
        app,
        [
            "synthetic",
            "--firms",
            "200",
            "--links",
            "500",
            "--out",
            str(tmp_path / "d"),
            "--format",
            "xlsx",
        ],
    )
    assert res.exit_code == 2
    res = CliRunner().invoke(
        app, ["synthetic", "--firms", "30", "--links", "5000", "--out", str(tmp_path / "e")]
    )
    assert res.exit_code == 2
    assert "distinct supply links" in res.output
    assert not (tmp_path / "e").exists()
    res = CliRunner().invoke(
        app, ["synthetic", "--firms", "5", "--links", "1", "--out", str(tmp_path / "f")]
    )
    assert res.exit_code == 2  # below --firms' minimum


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_written_package_validates_with_zero_problems(tmp_path, fmt):
    out = write_synthetic(tmp_path / "pkg", 1_500, 9_000, seed=8, fmt=fmt)
    pkg, problems = validate_package(out)
    assert problems == []
    assert pkg is not None
    assert len(pkg.supply_links) == 9_000
    assert pkg.descriptor["name"] == "synthetic-1500"


def test_fast_csv_reads_back_like_write_package_csv(tmp_path):
    desc, tables = generate_synthetic(600, 3_000, seed=9)
    ours = read_package(write_synthetic(tmp_path / "ours", 600, 3_000, seed=9, fmt="csv"))
    theirs = read_package(write_package(desc, tables, tmp_path / "theirs", fmt="csv"))
    for name in TABLE_ORDER:
        pd.testing.assert_frame_equal(ours.table(name), theirs.table(name), obj=name)


def test_store_import_and_read_back(tmp_path):
    out = write_synthetic(tmp_path / "pkg", 800, 4_000, seed=10)
    store = chainchief.open(tmp_path / "db.duckdb")
    report = store.import_package(out)
    assert report.dataset == "synthetic-800"
    assert report.rows["supply_links"] == 4_000
    _, tables = generate_synthetic(800, 4_000, seed=10)
    back = store.dataset("synthetic-800").supply_links
    pd.testing.assert_frame_equal(back, tables["supply_links"], check_dtype=False)


def test_main_cli_generates_then_imports(tmp_path):
    from chainchief.cli.main import _register, app

    _register()
    out, db = tmp_path / "syn", tmp_path / "db.duckdb"
    runner = CliRunner()
    res = runner.invoke(
        app, ["examples", "synthetic", "--firms", "700", "--links", "3500", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["import", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert chainchief.open(db).names() == ["synthetic-700"]
    assert len(chainchief.open(db).dataset("synthetic-700").supply_links) == 3_500
