"""Calibration facts of ``datang-hosiery`` (Xu 2017; concepts.md section 11)."""

from __future__ import annotations

import pandas as pd

from examples.example_helpers import Built, focal_firms, under


def _series(built: Built, region: str, indicator: str) -> pd.Series:
    i = built[1]["indicators"]
    i = i[(i["region_id"] == region) & (i["indicator"] == indicator)]
    return i.groupby("year")["value"].sum()


def test_3202_workshops_after_the_2014_cut(datang: Built) -> None:
    f = focal_firms(datang)
    assert int((f["firm_type"] == "family_workshop").sum()) == 3_202
    w = _series(datang, "CN-330681", "workshops")
    assert w[2014] == 3_202
    assert w[2013] >= 6_500


def test_80_percent_of_workshops_subcontract_for_large_and_medium_firms(datang: Built) -> None:
    _desc, t = datang
    f = focal_firms(datang)
    ws = set(f.loc[f["firm_type"] == "family_workshop", "firm_id"])
    lm = set(f.loc[f["firm_type"] == "large_medium", "firm_id"])
    links = t["supply_links"]
    sub = links[links["supplier_id"].isin(ws) & links["buyer_id"].isin(lm)]
    assert abs(sub["supplier_id"].nunique() / len(ws) - 0.8) < 0.005
    # hub and spoke: every large and medium firm is a hub of many workshops
    assert sub.groupby("buyer_id")["supplier_id"].nunique().min() >= 20


def test_13_large_and_medium_firms_with_the_studys_mode_mix(datang: Built) -> None:
    f = focal_firms(datang)
    lm = f[f["firm_type"] == "large_medium"]
    assert len(lm) == 13
    assert int((lm["odm_share"] > 0).sum()) == 5
    assert int((lm["own_brands"] >= 1).sum()) == 8
    assert int((lm["oem_share"] == 0).sum()) == 1
    both = (lm["oem_share"] > 0) & (lm["odm_share"] > 0) & (lm["obm_share"] > 0)
    assert int(both.sum()) == 4
    assert ((lm["oem_share"] + lm["odm_share"] + lm["obm_share"]) <= 1 + 1e-9).all()


def test_own_brands_are_sold_at_home(datang: Built) -> None:
    _desc, t = datang
    f = focal_firms(datang)
    branded = set(f.loc[(f["firm_type"] == "large_medium") & (f["own_brands"] >= 1), "firm_id"])
    s = t["sales"]
    own = s[(s["channel"] == "own_brand") & (s["year"] == 2015)]
    lm = set(f.loc[f["firm_type"] == "large_medium", "firm_id"])
    assert branded == set(own["firm_id"]) & lm
    assert own["market_region_id"].isin(under(t["regions"], "CHN")).all()


def test_exports_to_domestic_about_7_to_3(datang: Built) -> None:
    _desc, t = datang
    s = t["sales"]
    s = s[s["firm_id"].isin(focal_firms(datang)["firm_id"]) & (s["year"] == 2015)]
    abroad = ~s["market_region_id"].isin(under(t["regions"], "CHN"))
    assert abs(s.loc[abroad, "value"].sum() / s["value"].sum() - 0.7) < 0.005


def test_indicators_2006_to_2016_with_crisis_dip_and_recovery(datang: Built) -> None:
    for region in ("CN-330681", "CHN"):
        for ind in ("output", "employment", "exports"):
            s = _series(datang, region, ind)
            assert list(s.index) == list(range(2006, 2017)), (region, ind)
            assert s[2009] < s[2008], (region, ind)
            assert s[2011] > s[2008], (region, ind)
    exp = _series(datang, "CN-330681", "exports")
    assert abs((exp[2011] / exp[2009]) ** 0.5 - 1.269) < 1e-6
    out = _series(datang, "CN-330681", "output")
    ind = datang[1]["indicators"]
    nat = ind[(ind["region_id"] == "CHN") & (ind["indicator"] == "output")]
    # national output per segment, for location quotients
    assert set(nat["industry_code"]) == set(datang[1]["segments"]["segment_id"])
    assert out[2015] > 0


def test_southeast_asian_competitors_in_the_outside_pool(datang: Built) -> None:
    _desc, t = datang
    firms = t["firms"]
    comp = firms[firms["firm_type"] == "competitor"]
    asean = under(t["regions"], "RCEP") - under(t["regions"], "CHN")
    vn = comp[comp["region_id"] == "VNM"]
    assert len(vn) >= 3
    assert comp["region_id"].isin(asean).sum() >= 4
    assert (vn["monthly_wage"] < 5_000 / 2).all()
    fs = t["firm_segments"]
    assert "knitting" in set(fs.loc[fs["firm_id"].isin(vn["firm_id"]), "segment_id"])
