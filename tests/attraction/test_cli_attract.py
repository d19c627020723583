"""End-to-end: ``chainchief attract`` on the ouhai example in a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainchief.attraction.profiles import COMPONENTS


def test_attract_json_and_html(ouhai_db: Path, tmp_path: Path) -> None:
    from chainchief.cli.main import _register, app

    _register()
    out_json, out_html = tmp_path / "a.json", tmp_path / "a.html"
    res = CliRunner().invoke(
        app,
        [
            "attract",
            "ouhai-eyewear",
            "--db",
            str(ouhai_db),
            "--strategy",
            "producer-driven",
            "--top",
            "10",
            "--json",
            str(out_json),
            "--html",
            str(out_html),
            "--lang",
            "zh",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["profile"]["name"] == "producer-driven"
    assert len(data["candidates"]) == 10
    scores = [c["score"] for c in data["candidates"]]
    assert scores == sorted(scores, reverse=True)
    comps = data["candidates"][0]["components"]
    assert [c["component"] for c in comps] == list(COMPONENTS)
    assert all(c["reason_zh"] and c["reason_en"] for c in comps)
    page = out_html.read_text(encoding="utf-8")
    assert "招商匹配度排名" in page and "关键环节的替代供应商" in page
    assert "<script src=" not in page and "Plotly.newPlot" in page
    # The substitute section lists the Guangdong park for the Japanese supplier's segments.
    assert "OH-F00580" in page and "CN-441900" in page


def test_attract_errors(ouhai_db: Path) -> None:
    from chainchief.cli.main import _register, app

    _register()
    r = CliRunner().invoke(
        app, ["attract", "ouhai-eyewear", "--db", str(ouhai_db), "--strategy", "nope"]
    )
    assert r.exit_code == 2
    r = CliRunner().invoke(
        app, ["attract", "ouhai-eyewear", "--db", str(ouhai_db), "--region", "XX"]
    )
    assert r.exit_code == 2


def test_attract_what_if(ouhai_db: Path) -> None:
    from chainchief.cli.main import _register, app

    _register()
    r = CliRunner().invoke(
        app,
        [
            "attract",
            "ouhai-eyewear",
            "--db",
            str(ouhai_db),
            "--top",
            "3",
            "--what-if",
            "OH-F00570",
            "--json",
            "-",
            "--shock-region",
            "JPN",
        ],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["parameters"]["shock_regions"] == ["JPN"]
    wi = doc["what_if"]
    dep = {c["measure"]: c for c in wi["coupling"]}["lead_dependence"]
    assert dep["after"] < dep["before"]
    assert {s["segment_id"] for s in wi["segments"]} >= {"brand", "design"}
    # The reference scenario of ouhai-eyewear (covid-2020) runs by default.
    assert wi["simulation"]["scenario"] == "covid-2020"


def test_attract_what_if_simulation(ouhai_db: Path, tmp_path: Path) -> None:
    import math

    from chainchief.cli.main import _register, app

    _register()
    base = ["attract", "ouhai-eyewear", "--db", str(ouhai_db), "--top", "3"]
    out_html, out_json = tmp_path / "w.html", tmp_path / "w.json"
    # The library scenario with short stocks (5 days), so the cut-off hurts before.
    import yaml

    from chainchief.simulation.library import scenario_path

    raw = yaml.safe_load(scenario_path("ouhai-japan-supplier").read_text(encoding="utf-8"))
    raw["params"] = {"inventory_days": 5}
    scen = tmp_path / "ouhai-japan-supplier.yaml"
    scen.write_text(yaml.safe_dump(raw), encoding="utf-8")
    r = CliRunner().invoke(
        app,
        [
            *base,
            *("--what-if", "OH-F00582", "--scenario", str(scen)),
            *("--json", str(out_json), "--html", str(out_html)),
        ],
    )
    assert r.exit_code == 0, r.output
    sim = json.loads(out_json.read_text(encoding="utf-8"))["what_if"]["simulation"]
    assert sim["scenario"] == "ouhai-japan-supplier" and sim["seed"] == 0
    metrics = {(m["variant"], m["metric"]): m for m in sim["metrics"]}
    for variant in ("iccm", "no_iccm"):
        for name in ("peak_loss", "cumulative_loss", "time_to_recover", "replaced_share"):
            m = metrics[(variant, name)]
            assert math.isfinite(m["before"]) and math.isfinite(m["after"])
    # Without the ICCM lever the exposed firms lose less once the lens maker is local.
    cum = metrics[("no_iccm", "cumulative_loss")]
    assert cum["after"] < cum["before"]
    page = out_html.read_text(encoding="utf-8")
    assert "What-if: attracting OH-F00582" in page and "ouhai-japan-supplier" in page
    assert "cumulative_loss" in page
    # Console table.
    r = CliRunner().invoke(
        app, [*base, "--what-if", "OH-F00582", "--scenario", "ouhai-japan-supplier"]
    )
    assert r.exit_code == 0, r.output
    assert "Loss and recovery under ouhai-japan-supplier" in r.output
    # --no-sim skips it.
    r = CliRunner().invoke(app, [*base, "--what-if", "OH-F00582", "--no-sim", "--json", "-"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["what_if"]["simulation"] is None
    # Errors exit 2: unknown scenario, --scenario without --what-if.
    r = CliRunner().invoke(app, [*base, "--what-if", "OH-F00582", "--scenario", "nope"])
    assert r.exit_code == 2 and "nope" in r.output
    r = CliRunner().invoke(app, [*base, "--scenario", "ouhai-japan-supplier"])
    assert r.exit_code == 2


@pytest.mark.browser
def test_attract_report_renders_offline(ouhai_db: Path, tmp_path: Path) -> None:
    from browser import assert_pages_render_offline
    from chainchief.cli.main import _register, app

    _register()
    page = tmp_path / "attract.html"
    r = CliRunner().invoke(
        app, ["attract", "ouhai-eyewear", "--db", str(ouhai_db), "--html", str(page)]
    )
    assert r.exit_code == 0, r.output
    assert_pages_render_offline([page], min_plots=1)
