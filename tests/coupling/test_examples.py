"""Domain sense on the calibrated example datasets (chainchief.examples)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from chainchief.cli.main import _register, app
from chainchief.coupling import analyse_coupling
from chainchief.diversification import analyse_diversification
from chainchief.examples import build, load
from chainchief.networks import analyse_networks
from chainchief.resilience import indicator_series
from chainchief.store import Store

DOMESTIC = {"local", "prefecture", "province", "national"}


@pytest.fixture(scope="module")
def ouhai():
    return load("ouhai-eyewear")


def test_ouhai_2020_decouples_from_foreign_buyers_and_recouples_domestically(ouhai):
    res = analyse_coupling(ouhai)
    summ = res.event_summary.set_index(["flow", "period"])
    row = summ.loc[("sales", "2019-2020")]
    assert row["simultaneous"]
    assert "global" in row["decoupling_scales"]
    assert row["n_recoupling"] > 0
    ev = res.events[(res.events["flow"] == "sales") & (res.events["period"] == "2019-2020")]
    lost = ev[ev["event"] == "decoupling"]
    foreign_lost = lost.loc[~lost["scale"].astype(str).isin(DOMESTIC), "change"].sum()
    assert foreign_lost / lost["change"].sum() > 0.9  # the loss is toward foreign buyers
    rec = ev[ev["event"] == "recoupling"]
    assert set(rec["scale"].astype(str)) <= DOMESTIC  # ... and the regained value domestic
    prof = res.profile_scale.set_index(["flow", "year", "scale"])["share"]
    assert prof[("sales", 2020, "national")] > prof[("sales", 2019, "national")]
    mode = res.mode.set_index("mode")
    assert mode.loc["international partnership", "primary"]  # OEM exporter to foreign brands


def test_examples_knowledge_gatekeepers_are_the_institutes():
    for name in ("ouhai-eyewear", "xianju-pharma", "datang-hosiery"):
        pkg = load(name)
        res = analyse_networks(pkg, pkg.descriptor["focal_regions"][0])
        top = res.gatekeepers.head(2)
        assert set(top["kind"]) == {"design_centre", "research_institute"}, name
        bp = res.knowledge_ties.set_index("tie")
        assert bp.loc["buzz", "ties"].sum() > bp.loc["pipeline", "ties"].sum(), name
        c = res.centralisation.set_index("metric")["value"]
        assert 0 < c["centralisation"] < 1


def test_examples_variety_identity_and_options(ouhai):
    reg = ouhai.descriptor["focal_regions"][0]
    res = analyse_diversification(ouhai.indicators, reg)
    v = res.variety.iloc[0]
    assert v["total_variety"] == pytest.approx(v["related_variety"] + v["unrelated_variety"])
    assert (res.options["option"] == "related").any()
    assert (res.options["option"] == "unrelated").any()


def test_datang_resistance_2008_2009_via_cli(tmp_path: Path) -> None:
    pkg_dir = build("datang-hosiery", tmp_path / "datang")
    db = tmp_path / "s.duckdb"
    Store(db).import_package(pkg_dir)
    _register()
    out = tmp_path / "r.json"
    res = CliRunner().invoke(
        app,
        [
            "resilience",
            "datang-hosiery",
            "--db",
            str(db),
            "--contraction",
            "2008:2009",
            "--json",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "resistance" in res.output and "2008" in res.output  # displayed
    doc = json.loads(out.read_text())
    row = doc["tables"]["indices"][0]
    assert (row["index"], row["start"], row["end"]) == ("resistance", 2008, 2009)
    ind = load("datang-hosiery").indicators
    r = indicator_series(ind, doc["region"], "output")
    n = indicator_series(ind, doc["reference"], "output")
    gr, gn = r[2009] / r[2008] - 1, n[2009] / n[2008] - 1
    assert row["value"] == pytest.approx((gr - gn) / abs(gn))
    assert row["value"] < 0  # Datang fell harder than the country in the 2008 crisis
    ss = pd.DataFrame(doc["tables"]["shift_share"])
    parts = ss[["national_share", "industry_mix", "regional_shift"]].sum(axis=1)
    assert np.allclose(parts, ss["change"])
