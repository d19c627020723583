"""Loaders: balance reporting on a hand table, NBS layouts on tiny CSVs and on real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chainchief.mrio.data import MrioDataError, find_data_dir, parse_years
from chainchief.mrio.loaders import build_iosystem, load_wiod2013
from chainchief.mrio.nbs import list_nbs_tables, load_nbs, nbs_indicators

NAMES = {"01": "Agriculture", "02": "Manufacture of textiles"}


def _write_competitive(folder):
    # GO = TIU + TFU - IM + ERR: 01: 30 + 80 - 11 + 1 = 100; 02: 40 + 60 = 100
    rows = [
        ["01", NAMES["01"], "x", 10, 20, 30, 50, 10, 20, 80, 11, 1, 100],
        ["02", NAMES["02"], "x", 30, 10, 40, 40, 10, 10, 60, 0, 0, 100],
        ["TII", "Total intermediate input", "x", 40, 30, *[None] * 8],
        ["TVA", "Total value-added", "x", 60, 70, *[None] * 8],
        ["TI", "Total inputs", "x", 100, 100, *[None] * 8],
    ]
    cols = [
        "Code",
        "Description",
        "DescriptionInChinese",
        "01",
        "02",
        "TIU",
        "FU101",
        "FU201",
        "EX",
        "TFU",
        "IM",
        "ERR",
        "GO",
    ]
    pd.DataFrame(rows, columns=cols).to_csv(folder / "china_2030_2.csv", index=False)


def _write_origin(folder):
    cols = [
        "Code",
        "Description",
        "DescriptionInChinese",
        "Origin",
        "01",
        "02",
        "TIU",
        "TC",
        "FU201",
        "FU202",
        "EX",
        "TFU",
        "GO",
    ]
    rows = [
        ["01", NAMES["01"], "x", "Domestic", 10, 20, 30, 40, 10, 0, 20, 70, 100],
        ["02", NAMES["02"], "x", "Domestic", 30, 10, 40, 40, 10, 0, 10, 60, 100],
        ["01", NAMES["01"], "x", "Imports", 2, 4, 6, 4, 0, 0, 0, 4, 10],
        ["02", NAMES["02"], "x", "Imports", 0, 6, 6, 0, 0, 0, 0, 0, 6],
        ["TII", "Total intermediate input", "TOT", None, 42, 40, *[None] * 7],
        ["TVA", "Total value-added", "TOT", None, 58, 60, *[None] * 7],
        ["TI", "Total inputs", "TOT", None, 100, 100, *[None] * 7],
    ]
    pd.DataFrame(rows, columns=cols).to_csv(folder / "china_2031_2.csv", index=False)


@pytest.fixture
def nbs_tmp(tmp_path):
    folder = tmp_path / "china-io"
    folder.mkdir()
    _write_competitive(folder)
    _write_origin(folder)
    return tmp_path


def test_balance_report_lists_discrepancies(toy_tables):
    Z, Y = toy_tables
    published = Z.sum(axis=1) + Y.sum(axis=1)
    published.iloc[1] = 103.0  # source says 103, rows add up to 100
    loaded = build_iosystem(Z, Y, published, source="toy", year=2000)
    assert list(loaded.balance.index) == [("A", "s2")]
    row = loaded.balance.iloc[0]
    assert row["discrepancy"] == pytest.approx(-3.0)
    assert row["rel_discrepancy"] == pytest.approx(-3.0 / 103.0)
    assert "1 rows" in loaded.summary()
    # default basis: x = row sums, so the system stays consistent
    assert loaded.io.x.iloc[1, 0] == pytest.approx(100.0)
    pub = build_iosystem(Z, Y, published, output="published")
    assert pub.io.x.iloc[1, 0] == pytest.approx(103.0)
    with pytest.raises(ValueError, match="'output' parameter"):
        build_iosystem(Z, Y, published, output="other")  # type: ignore[arg-type]


def test_build_rejects_misaligned(toy_tables):
    Z, Y = toy_tables
    with pytest.raises(MrioDataError, match="must match"):
        build_iosystem(Z.iloc[:3, :3], Y)


def test_missing_data_dir_is_clear(tmp_path):
    with pytest.raises(MrioDataError, match="wiod2013"):
        load_wiod2013(2011, data_dir=tmp_path)
    with pytest.raises(MrioDataError, match="1995-2011"):
        load_wiod2013(1990, data_dir=tmp_path)
    assert find_data_dir(tmp_path / "nope") is None


def test_parse_years():
    assert parse_years("1995-1997,2011") == [1995, 1996, 1997, 2011]
    assert parse_years(2005) == [2005]
    assert len(parse_years(None)) == 17
    with pytest.raises(ValueError, match="backwards"):
        parse_years("2011-2005")


def test_nbs_competitive_layout(nbs_tmp):
    loaded = load_nbs("china_2030_2", data_dir=nbs_tmp)
    io = loaded.io
    assert io.get_regions().tolist() == ["CHN"]
    # import share of product 01: 11 / (30 + 80 - 20) = 11/90, applied to every domestic use
    share = 11 / 90
    np.testing.assert_allclose(io.Z.iloc[0].to_numpy(), (1 - share) * np.array([10, 20]))
    np.testing.assert_allclose(io.imports.F.to_numpy().ravel(), share * np.array([10, 20]))
    np.testing.assert_allclose(io.x.to_numpy().ravel(), [100, 100])
    assert loaded.balance.empty
    ind = nbs_indicators(loaded).set_index("sector")
    np.testing.assert_allclose(ind["va_coefficient"], [0.6, 0.7])
    # v + m + domestic input coefficients = 1, so DVA + imported content = exports
    np.testing.assert_allclose(ind["dva"] + ind["foreign_content"], ind["exports"], rtol=1e-12)
    A = io.Z.to_numpy() / 100
    v, m = np.array([0.6, 0.7]), share * np.array([10, 20]) / 100
    L = np.linalg.inv(np.eye(2) - A)
    np.testing.assert_allclose(ind["dva"], (v @ L) * [20, 10])
    np.testing.assert_allclose(ind["gvc_backward"], m @ L, rtol=1e-12)
    assert ind["iv"].isna().all()
    assert (ind["upstreamness"] >= 1).all()


def test_nbs_origin_layout(nbs_tmp):
    loaded = load_nbs(2031, data_dir=nbs_tmp)
    io = loaded.io
    np.testing.assert_allclose(io.Z.to_numpy(), [[10, 20], [30, 10]])
    np.testing.assert_allclose(io.imports.F.to_numpy().ravel(), [2, 10])
    assert list(io.Y.columns.get_level_values("category")) == ["TC", "FU201", "FU202", "EX"]
    ind = nbs_indicators(loaded).set_index("sector")
    np.testing.assert_allclose(ind["value_added"], [58, 60])
    np.testing.assert_allclose(ind["dva"] + ind["foreign_content"], ind["exports"], rtol=1e-12)
    # open-economy upstreamness (Antras et al. 2012): delta_ij = Z_ij / (x_i - X_i + M_i)
    Ztot = np.array([[12, 24], [30, 16]], dtype=float)
    denom = np.array([100 - 20 + 10, 100 - 10 + 6], dtype=float)
    U = np.linalg.inv(np.eye(2) - Ztot / denom[:, None]).sum(axis=1)
    np.testing.assert_allclose(ind["upstreamness"], U)
    tables = list_nbs_tables(nbs_tmp)
    assert set(tables["name"]) == {"china_2030_2", "china_2031_2"}


def test_nbs_unknown_table(nbs_tmp):
    with pytest.raises(MrioDataError, match="no NBS table"):
        load_nbs("china_1990_5", data_dir=nbs_tmp)


def test_nbs_real_tables(nbs_dir):
    """All NBS tables load; China's DVA share of exports is higher in 2018 than in 2007."""
    shares = {}
    for name in ("china_2007_135", "china_2018_42"):
        loaded = load_nbs(name, data_dir=nbs_dir)
        ind = nbs_indicators(loaded)
        tot = ind[["dva", "foreign_content", "exports"]].sum()
        assert tot["dva"] + tot["foreign_content"] == pytest.approx(tot["exports"], rel=1e-6)
        shares[name] = tot["dva"] / tot["exports"]
        assert ind["upstreamness"].min() >= 1 - 1e-9
    print(f"NBS China DVA share of exports: {shares}")
    assert shares["china_2018_42"] > shares["china_2007_135"]
