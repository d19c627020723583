"""End to end: the coupling, resilience, diversify and networks commands on a stored
dataset (the suite's tiny package plus a second year, indicator series and industries)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chainchief.cli.main import _register, app
from chainchief.package import write_package
from chainchief.store import Store
from tiny import tiny_descriptor, tiny_tables


def _tables() -> dict[str, pd.DataFrame]:
    t = tiny_tables()
    more_sales = pd.DataFrame(
        {
            "firm_id": ["F2", "F2", "F2"],
            "market_region_id": ["JPN", "GD", "CHN"],
            "value": [10.0, 50.0, 20.0],
            "year": [2020, 2020, 2020],
            "channel": ["oem_buyer", "oem_buyer", "direct"],
            "buyer_id": ["F4", "F3", None],
        }
    )
    t["sales"] = pd.concat([t["sales"], more_sales], ignore_index=True)
    rows = []
    for y, oh, chn in [(2007, 100, 1000), (2008, 80, 990), (2009, 85, 1000), (2010, 95, 1040)]:
        rows += [
            ("OH", None, None, "output", y, float(oh)),
            ("CHN", None, None, "output", y, float(chn)),
        ]
    emp = {
        "OH": {"1010": 50, "1020": 30, "2010": 5, "2020": 5},
        "LG": {"1010": 5, "1020": 5, "2010": 40, "2020": 40},
        "WZ": {"1010": 30, "1020": 30, "2010": 30, "2020": 5},
        "SZ": {"1010": 5, "1020": 10, "2010": 50, "2020": 30},
        "CHN": {"1010": 500, "1020": 400, "2010": 700, "2020": 600},
    }
    for y, factor in [(2008, 1.0), (2009, 1.1)]:
        for reg, d in emp.items():
            for code, v in d.items():
                rows.append((reg, None, code, "employment", y, float(v) * factor))
    ind = pd.DataFrame(
        rows, columns=["region_id", "chain_id", "industry_code", "indicator", "year", "value"]
    )
    t["indicators"] = pd.concat([t["indicators"], ind], ignore_index=True)
    return t


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("analytics")
    pkg = write_package(tiny_descriptor("toy"), _tables(), tmp / "toy")
    path = tmp / "store.duckdb"
    Store(path).import_package(pkg)
    _register()
    return path


runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.output


def test_coupling_command_json_and_html(db: Path, tmp_path: Path) -> None:
    out, page = tmp_path / "c.json", tmp_path / "c.html"
    code, text = _invoke(
        "coupling", "toy", "--db", str(db), "--json", str(out), "--html", str(page)
    )
    assert code == 0, text
    assert "recoupling" in text and "growth_threshold=0.2" in text
    assert "decoupling at (supranational)" in text  # the Japanese buyer, East Asia bloc
    doc = json.loads(out.read_text())
    assert doc["region"] == "OH" and doc["parameters"]["top_k"] == 3
    ev = pd.DataFrame(doc["tables"]["events"])
    sales = ev[ev["flow"] == "sales"].set_index("partner_id")
    assert sales.loc["F4", "event"] == "decoupling"  # the Japanese buyer: 60 -> 10
    assert sales.loc["F3", "event"] == "recoupling"  # the Guangdong lens firm: new, 50
    summary = doc["tables"]["event_summary"]
    assert any(r["flow"] == "sales" and r["simultaneous"] for r in summary)
    html = page.read_text()
    assert "<script" in html and "Plotly.newPlot" in html
    assert "<script src=" not in html and "script src=" not in html  # no CDN
    code, text = _invoke("coupling", "toy", "--db", str(db), "--region", "NOPE")
    assert code == 1 and "NOPE" in text


def test_resilience_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, text = _invoke(
        "resilience",
        "toy",
        "--db",
        str(db),
        "--contraction",
        "2007:2008",
        "--shift",
        "2008:2009",
        "--shift-indicator",
        "employment",
        "--json",
        str(out),
    )
    assert code == 0, text
    doc = json.loads(out.read_text())
    assert doc["reference"] == "CHN"
    idx = doc["tables"]["indices"][0]
    assert idx["value"] == pytest.approx((-0.2 + 0.01) / 0.01)
    ss = pd.DataFrame(doc["tables"]["shift_share"]).set_index("industry")
    parts = ss[["national_share", "industry_mix", "regional_shift"]].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(ss["change"].to_numpy())
    code, text = _invoke("resilience", "toy", "--db", str(db), "--contraction", "bad")
    assert code == 1 and "2008:2009" in text


def test_resilience_command_with_a_simulated_path(db: Path, tmp_path: Path) -> None:
    sim = tmp_path / "sim.csv"
    pd.DataFrame({"t": range(8), "value": [10, 10, 10, 6, 8, 10, 10, 10], "baseline": 10.0}).to_csv(
        sim, index=False
    )
    out = tmp_path / "s.json"
    args = ["resilience", "toy", "--db", str(db), "--simulation", str(sim), "--json", str(out)]
    code, text = _invoke(*args)
    assert code == 0, text
    m = json.loads(out.read_text())["tables"]["simulation"][0]
    assert m["peak_loss"] == pytest.approx(0.4) and m["peak_day"] == 3
    assert m["time_to_recover"] == 2  # from the first shortfall (t = 3) to t = 5
    code, text = _invoke(*args, "--shock-start", "1")
    assert code == 0, text
    assert json.loads(out.read_text())["tables"]["simulation"][0]["time_to_recover"] == 4


def test_diversify_and_networks_commands(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    code, text = _invoke("diversify", "toy", "--db", str(db), "--json", str(out))
    assert code == 0, text
    doc = json.loads(out.read_text())
    var = doc["tables"]["variety"][0]
    assert var["total_variety"] == pytest.approx(var["related_variety"] + var["unrelated_variety"])
    assert {o["option"] for o in doc["tables"]["options"]} <= {"related", "unrelated"}
    out = tmp_path / "n.json"
    page = tmp_path / "n.html"
    code, text = _invoke(
        "networks", "toy", "--db", str(db), "--json", str(out), "--html", str(page)
    )
    assert code == 0, text
    doc = json.loads(out.read_text())
    # F4 (Japan) -> DC -> F2: the design centre is the gatekeeper
    assert doc["tables"]["gatekeepers"][0]["actor_id"] == "DC"
    assert doc["tables"]["gatekeepers"][0]["gatekeeper"] == 1
    assert page.exists()


@pytest.mark.parametrize("command", ["coupling", "resilience", "diversify", "networks"])
def test_json_to_stdout(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """``--json -`` writes the JSON document, and only it, to standard output."""
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, [command, "toy", "--db", str(db), "--json", "-"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["region"] == "OH" and "tables" in doc
    assert not (tmp_path / "-").exists()


@pytest.mark.browser
def test_pages_render_offline_in_chromium(db: Path, tmp_path: Path) -> None:
    """The four commands' HTML pages render their plots in headless Chromium with every
    network request blocked, and raise no script error."""
    from browser import assert_pages_render_offline

    pages = []
    for command in ("coupling", "resilience", "diversify", "networks"):
        page = tmp_path / f"{command}.html"
        code, text = _invoke(command, "toy", "--db", str(db), "--html", str(page))
        assert code == 0, text
        pages.append(page)
    assert_pages_render_offline(pages)
