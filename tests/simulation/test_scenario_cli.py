"""Scenarios, metrics, ensembles and the ``simulate`` command end to end."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from chainchief.simulation import FirmFailure, SimParams, build_network, run
from chainchief.simulation.ensemble import run_ensemble
from chainchief.simulation.library import library
from chainchief.simulation.metrics import resilience_metrics, resistance_index
from chainchief.simulation.scenario import load_scenario, resolve
from chainchief.simulation.synthetic import package_from_lists, random_package

SCEN = {
    "name": "t",
    "title": "test",
    "source": "concepts.md section 6",
    "days": 60,
    "iccm": {"partner_regions": ["P1"]},
    "params": {"inventory_days": {"dist": "uniform", "low": 2, "high": 8}},
    "metrics": {"focal_regions": ["P0"]},
    "shocks": [
        {
            "kind": "capacity_loss",
            "regions": ["Province 0"],
            "loss": {"dist": "triangular", "low": 0.3, "mode": 0.5, "high": 0.9},
            "start": 5,
            "end": 20,
        }
    ],
}


def test_resolve_central_and_draws():
    s, _ = load_scenario(SCEN)
    assert s.params["inventory_days"] == 5.0
    assert s.shocks[0]["loss"] == 0.5
    rng = np.random.default_rng(1)
    d1 = resolve(SCEN, rng)["shocks"][0]["loss"]
    d2 = resolve(SCEN, np.random.default_rng(1))["shocks"][0]["loss"]
    assert d1 == d2 and 0.3 <= d1 <= 0.9
    # Region names resolve to ids.
    data = random_package(n_firms=10)
    assert s.shock_list(data.regions)[0].regions == ["P0"]


def test_metrics_hand_values():
    # Three-firm chain: c stops on day 16 and b comes back on day 20 (see hand cases).
    y = 365.0
    data = package_from_lists(
        [("a", "P0F0L0", "raw"), ("b", "P0F0L0", "part"), ("c", "P0F0L0", "final")],
        [("a", "b", "raw", 10 * y), ("b", "c", "part", 20 * y)],
        [("c", "CN", 50 * y)],
    )
    params = SimParams(days=60, substitution=False)
    net = build_network(data, params)
    res = run(net, params, [FirmFailure(firms=["b"], start=5, end=20)])
    mask = net.firm_ids == "c"
    m = resilience_metrics(res, net, shock_start=5, firm_mask=mask, tolerance=0.01)
    assert m["peak_loss"] == pytest.approx(1.0)
    assert m["peak_day"] == 16
    # c is stopped from day 16 until b's shipments arrive again (b restarts on day 20,
    # lead 1 day): days 16..20 lost, at least.
    assert m["cumulative_loss"] >= 5.0
    assert m["post_shock_level"] == pytest.approx(1.0, abs=0.01)
    assert np.isfinite(m["time_to_recover"]) and m["time_to_recover"] >= 16
    assert resistance_index(-0.05, -0.10) == pytest.approx(0.5)
    assert np.isnan(resistance_index(-0.05, 0.0))


def test_ensemble_threads_and_iccm_effect():
    data = random_package(n_firms=30, n_layers=3, links_per_buyer=2, seed=3)
    ens = run_ensemble(SCEN, data, runs=3, seed=7)
    m = ens.tables["metrics"]
    assert sorted(m["run"].unique()) == [0, 1, 2]
    assert set(m["variant"]) == {"iccm", "no_iccm"}
    assert len(ens.iccm_effect) == 3
    # Runs draw different parameters from their seeds; the same seed repeats a run.
    again = run_ensemble(SCEN, data, runs=3, seed=7)
    pd.testing.assert_frame_equal(m, again.tables["metrics"])


def _app() -> typer.Typer:
    from chainchief.cli import main

    if not any(c.name == "simulate" for c in main.app.registered_commands):
        main._register()
    return main.app


def test_cli_simulate_writes_tables_and_report(tmp_path):
    import yaml

    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(SCEN))
    out = tmp_path / "out"
    r = CliRunner().invoke(
        _app(),
        ["simulate", str(f), "--dataset", "synthetic:30:2", "--runs", "2", "--out", str(out)],
    )
    assert r.exit_code == 0, r.output
    for name in ("totals", "metrics", "events", "segments", "regions", "iccm_effect"):
        assert (out / f"{name}.parquet").exists()
    tot = pd.read_parquet(out / "totals.parquet")
    assert set(tot["variant"]) == {"iccm", "no_iccm"} and tot["day"].max() == 59
    html = (out / "report.html").read_text()
    assert not re.search(r"<script[^>]+src=[\"']?https?:", html)  # plotly.js inline
    assert "Plotly" in html
    assert "Ensemble fan chart" in html and "ICCM effect" in html and "inventory_days" in html
    meta = json.loads((out / "run.json").read_text())
    assert meta["runs"] == 2 and meta["params"]["trigger_fill"] == 0.9


@pytest.mark.browser
def test_simulation_report_renders_offline(tmp_path):
    import yaml

    from browser import assert_pages_render_offline

    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(SCEN))
    out = tmp_path / "out"
    r = CliRunner().invoke(
        _app(),
        ["simulate", str(f), "--dataset", "synthetic:30:2", "--runs", "2", "--out", str(out)],
    )
    assert r.exit_code == 0, r.output
    assert_pages_render_offline([out / "report.html"], min_plots=3)


def test_cli_lists_library():
    r = CliRunner().invoke(_app(), ["simulate", "--list"])
    assert r.exit_code == 0
    for name in library():
        assert name[:10] in r.output


def test_cli_simulate_on_package_folder(tmp_path, tiny_dir):
    import yaml

    scen = {
        "name": "tiny-japan",
        "source": "concepts.md section 11",
        "days": 60,
        "iccm": {"partner_regions": ["Guangdong"]},
        "metrics": {"focal_regions": ["330304"]},
        "shocks": [{"kind": "capacity_loss", "regions": ["JPN"], "loss": 1.0, "start": 5}],
    }
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(scen))
    out = tmp_path / "out"
    r = CliRunner().invoke(
        _app(), ["simulate", str(f), "--dataset", str(tiny_dir), "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    m = pd.read_parquet(out / "metrics.parquet")
    assert list(m["variant"]) == ["iccm", "no_iccm"]
    assert (out / "firms.parquet").exists() and (out / "report.html").exists()
