"""Chain -> sector link, HTML section and the ``chainchief mrio`` commands end to end."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from chainchief.cli import mrio_commands
from chainchief.mrio.chains import chain_sector_indicators, chain_sectors, nbs_sector_for_chain
from chainchief.mrio.html import render_mrio_page, render_mrio_section
from chainchief.mrio.indicators import compute_indicators


@pytest.fixture
def app():
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    mrio_commands.register(app)
    return app


@pytest.fixture
def toy_data_dir(tmp_path, toy_tables):
    """The hand table written in the WIOD Parquet layout, as year 2011."""
    Z, Y = toy_tables
    folder = tmp_path / "wiod2013"
    folder.mkdir()
    lab = [f"{r}.{s}" for r, s in Z.index]
    z = pd.DataFrame(Z.to_numpy(), index=pd.Index(lab, name="row"), columns=lab)
    y = pd.DataFrame(
        Y.to_numpy(), index=pd.Index(lab, name="row"), columns=[f"{r}.{c}" for r, c in Y.columns]
    )
    x = pd.DataFrame(
        {"output": (Z.sum(axis=1) + Y.sum(axis=1)).to_numpy()}, index=pd.Index(lab, name="row")
    )
    x.iloc[1, 0] = 101.0  # a published discrepancy the balance report must show
    z.to_parquet(folder / "wiot_2011_Z.parquet")
    y.to_parquet(folder / "wiot_2011_Y.parquet")
    x.to_parquet(folder / "wiot_2011_x.parquet")
    return tmp_path


def test_chain_mapping():
    assert chain_sectors("ouhai-eyewear").wiod == "c14"
    assert chain_sectors("datang-hosiery").wiod == "c4"
    assert chain_sectors("xianju-pharma").wiod == "c9"
    with pytest.raises(KeyError, match="no IO sector mapping"):
        chain_sectors("shipbuilding")
    detailed = pd.Series(
        {
            "029": "Manufacture of knitting, crocheting and their products",
            "030": "Manufacture of textiles",
        }
    )
    assert nbs_sector_for_chain("hosiery", detailed) == "029"
    assert nbs_sector_for_chain("hosiery", detailed.iloc[1:]) == "030"
    nbs42 = pd.Series(
        {"12": "Manufacture of chemical products", "21": "Manufacture of instruments and meters"}
    )
    assert nbs_sector_for_chain("pharmaceuticals", nbs42) == "12"
    assert nbs_sector_for_chain("eyewear", nbs42) == "21"


def test_html_section_inline_js(toy):
    frame = compute_indicators(toy)
    frame.insert(0, "year", 2000)
    section = render_mrio_section(frame, title="Toy", params={"source": "toy"})
    assert section.startswith('<section class="mrio">')
    assert "<script src=" not in section  # plotly.js inline, never from a CDN
    assert "plotly.js v" in section or "Plotly" in section[:200000]
    assert section.count("Plotly.newPlot") >= 4
    assert "<code>source</code> = toy" in section
    no_js = render_mrio_section(frame, include_plotlyjs=False)
    assert len(no_js) < len(section) / 10
    page = render_mrio_page([section])
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page


def test_cli_indicators_json_html(app, toy_data_dir, tmp_path):
    out_json, out_html = tmp_path / "o.json", tmp_path / "o.html"
    res = CliRunner().invoke(
        app,
        [
            "mrio",
            "indicators",
            "--source",
            "wiod2013",
            "--years",
            "2011",
            "--regions",
            "A",
            "--data-dir",
            str(toy_data_dir),
            "--json",
            str(out_json),
            "--html",
            str(out_html),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "1 rows whose intermediate + final use differ" in res.output
    doc = json.loads(out_json.read_text())
    rows = {r["sector"]: r for r in doc["rows"]}
    assert set(rows) == {"s1", "s2"}
    assert rows["s1"]["dva"] == pytest.approx(27.0)
    assert rows["s2"]["gvc_backward"] == pytest.approx(0.02)
    assert doc["params"]["years"] == "2011"
    html = out_html.read_text()
    assert "Plotly.newPlot" in html and "<script src=" not in html


def test_cli_shock(app, toy_data_dir, tmp_path):
    out = tmp_path / "shock.json"
    res = CliRunner().invoke(
        app,
        [
            "mrio",
            "shock",
            "--region",
            "A",
            "--sector",
            "s2",
            "--change",
            "-0.5",
            "--consumers",
            "B",
            "--year",
            "2011",
            "--data-dir",
            str(toy_data_dir),
            "--json",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    rows = {(r["region"], r["sector"]): r for r in json.loads(out.read_text())["rows"]}
    assert rows[("A", "s1")]["d_output"] == pytest.approx(-4.0)
    assert rows[("B", "s2")]["d_output"] == pytest.approx(-0.4)
    res = CliRunner().invoke(
        app,
        [
            "mrio",
            "shock",
            "--model",
            "supply",
            "--region",
            "B",
            "--sector",
            "s2",
            "--change",
            "-0.3",
            "--year",
            "2011",
            "--by-region",
            "--data-dir",
            str(toy_data_dir),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "supply shock" in res.output


def test_cli_errors_are_clear(app, tmp_path, toy_data_dir):
    res = CliRunner().invoke(
        app, ["mrio", "indicators", "--years", "2011", "--data-dir", str(tmp_path / "missing")]
    )
    assert res.exit_code == 2
    assert "data directory not found" in res.output
    res = CliRunner().invoke(
        app,
        [
            "mrio",
            "shock",
            "--region",
            "Z",
            "--sector",
            "s1",
            "--change",
            "-0.1",
            "--year",
            "2011",
            "--data-dir",
            str(toy_data_dir),
        ],
    )
    assert res.exit_code == 2
    assert "no region-sector" in res.output


def test_cli_balance(app, toy_data_dir):
    res = CliRunner().invoke(
        app, ["mrio", "balance", "--year", "2011", "--data-dir", str(toy_data_dir)]
    )
    assert res.exit_code == 0, res.output
    assert "Balance discrepancies" in res.output


def test_chain_sector_indicators_wiod(data_dir):
    frame = chain_sector_indicators("ouhai-eyewear", years=[2005, 2011], data_dir=data_dir)
    assert set(frame["region"]) == {"CHN", "JPN", "KOR", "DEU", "USA", "IND", "IDN", "TWN"}
    assert (frame["sector"] == "c14").all()
    assert (frame.loc[frame["region"] == "CHN", "role"] == "focal").all()
    chn = frame[frame["region"] == "CHN"].set_index("year")
    print(
        "CHN c14 DVA share",
        chn["dva_share"].round(3).to_dict(),
        "GVC position",
        chn["gvc_position"].round(3).to_dict(),
    )
    assert chn.loc[2011, "dva_share"] > chn.loc[2005, "dva_share"]


def test_chain_sector_indicators_nbs(nbs_dir):
    frame = chain_sector_indicators(
        "xianju-pharma", source="nbs", years="2017-2018", data_dir=nbs_dir
    )
    assert list(frame["year"]) == [2017, 2018]
    assert (frame["sector_name"] == "Manufacture of chemical products").all()
    assert frame["dva_share"].between(0.5, 1.0).all()


def test_console_script_shock(toy_data_dir):
    """Through the real console script (``python -m chainchief``)."""
    import subprocess
    import sys

    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "chainchief",
            "mrio",
            "shock",
            "--model",
            "supply",
            "--region",
            "B",
            "--sector",
            "s2",
            "--change",
            "-0.3",
            "--year",
            "2011",
            "--data-dir",
            str(toy_data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert "supply shock: B s2 -30.0%" in r.stdout
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "chainchief",
            "mrio",
            "indicators",
            "--years",
            "2011",
            "--data-dir",
            str(toy_data_dir / "nowhere"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 2
    assert "data directory not found" in r.stderr


@pytest.mark.parametrize(
    ("example", "sector"),
    [("ouhai-eyewear", "c14"), ("xianju-pharma", "c9"), ("datang-hosiery", "c4")],
)
def test_example_chains_map_to_io_sectors(example, sector):
    """Every chain id declared by the example datasets resolves to its WIOD sector."""
    from chainchief import examples

    chains = examples.build(example).descriptor["chains"]
    assert chains
    assert {chain_sectors(c).wiod for c in chains} == {sector}


@pytest.mark.browser
def test_html_section_draws_offline(toy, tmp_path):
    """The inline plotly.js draws the charts in headless Chromium with no network."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api")
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("Chromium not installed")
    frame = pd.concat([compute_indicators(toy).assign(year=y) for y in (2000, 2001)])
    page_file = tmp_path / "mrio.html"
    page_file.write_text(render_mrio_page([render_mrio_section(frame)]), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe)
        page = browser.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.abort() if not route.request.url.startswith("file:") else route.continue_()
            ),
        )
        page.goto(page_file.as_uri())
        page.wait_for_selector(".main-svg", timeout=20_000)
        n_plots = page.locator(".js-plotly-plot").count()
        browser.close()
    assert n_plots >= 4
