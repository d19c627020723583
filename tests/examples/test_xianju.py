"""Calibration facts of ``xianju-pharma`` (ICCM case study; concepts.md section 11)."""

from __future__ import annotations

import pandas as pd

from examples.example_helpers import Built, focal_firms, under


def _focal_indicator(built: Built, indicator: str) -> pd.Series:
    desc, t = built
    i = t["indicators"]
    i = i[i["region_id"].isin(desc["focal_regions"]) & (i["indicator"] == indicator)]
    return i.groupby("year")["value"].sum()


def test_output_7377_million_in_2019_and_plus_21_88_percent_on_2016(xianju: Built) -> None:
    out = _focal_indicator(xianju, "output")
    assert abs(out[2019] - 7.377e9) < 1.0
    assert abs(out[2019] / out[2016] - 1.2188) < 1e-6
    # the firms of the focal region add up to the same output
    assert abs(focal_firms(xianju)["revenue"].sum() - 7.377e9) < 1.0


def test_exports_2158_million_growing_17_9_percent(xianju: Built) -> None:
    _desc, t = xianju
    s = t["sales"]
    f = focal_firms(xianju)
    s = s[s["firm_id"].isin(f["firm_id"]) & (s["year"] == 2019)]
    abroad = ~s["market_region_id"].isin(under(t["regions"], "CHN"))
    assert abs(s.loc[abroad, "value"].sum() - 2.158e9) < 1.0
    exp = _focal_indicator(xianju, "exports")
    assert abs(exp[2019] - 2.158e9) < 1.0
    assert abs((exp[2019] / exp[2015]) ** 0.25 - 1.179) < 1e-6


def test_listed_high_tech_employees_and_rnd(xianju: Built) -> None:
    f = focal_firms(xianju)
    assert int(f["listed"].sum()) == 4
    assert int(f["high_tech"].sum()) == 12
    assert f.loc[f["listed"], "high_tech"].all()
    assert 5_000 < int(f["employees"].sum()) <= 5_400
    assert abs(f["rnd_spend"].sum() - 350e6) < 1.0
    rnd = _focal_indicator(xianju, "rnd_spend")
    assert abs(rnd[2019] / rnd[2018] - 1.137) < 1e-6


def test_only_two_local_generic_fpp_makers_and_no_innovator(xianju: Built) -> None:
    _desc, t = xianju
    fs = t["firm_segments"]
    local = fs[fs["firm_id"].isin(focal_firms(xianju)["firm_id"])]
    assert local.loc[local["segment_id"] == "generic_fpp", "firm_id"].nunique() == 2
    assert (local["segment_id"] != "innovator_fpp").all()
    # ... while the outside pool offers FPP makers and high-end API firms to attract
    outside = fs[~fs["firm_id"].isin(focal_firms(xianju)["firm_id"])]
    assert outside.loc[outside["segment_id"] == "innovator_fpp", "firm_id"].nunique() >= 5
    assert outside.loc[outside["segment_id"] == "patented_api", "firm_id"].nunique() >= 5


def test_no_foreign_firm_in_the_zone_and_buyers_at_home_and_abroad(xianju: Built) -> None:
    desc, t = xianju
    f = focal_firms(xianju)
    assert (f["ownership"] != "foreign").all()
    region = t["firms"].set_index("firm_id")["region_id"]
    buyers = t["sales"]["buyer_id"].dropna().map(region)
    china = under(t["regions"], "CHN")
    assert buyers.isin(china).any() and (~buyers.isin(china)).any()
    assert not buyers.isin(desc["focal_regions"]).any()


def test_bulk_apis_look_low_end(xianju: Built) -> None:
    _desc, t = xianju
    f = focal_firms(xianju)

    def oem(seg: str) -> float:
        g = f[f["main_segment"] == seg]
        return float((g["oem_share"] * g["revenue"]).sum() / g["revenue"].sum())

    assert oem("bulk_api") > 0.7
    assert oem("bulk_api") > oem("specialty_api") > oem("patented_api")
    s = t["sales"]
    s = s[(s["year"] == 2019) & ~s["market_region_id"].isin(under(t["regions"], "CHN"))]
    seg = s["firm_id"].map(f.set_index("firm_id")["main_segment"])

    def hhi(which: str) -> float:
        v = s[seg == which].groupby("buyer_id")["value"].sum()
        shares = v / v.sum()
        return float((shares**2).sum())

    assert hhi("bulk_api") > 0.4
    assert hhi("bulk_api") > 2 * hhi("specialty_api")


def test_rnd_enclaves_in_shanghai_and_hangzhou_linked_to_the_zone(xianju: Built) -> None:
    _desc, t = xianju
    inst = t["institutions"]
    enclaves = inst[inst["name"].str.contains("Enclave")]
    assert set(enclaves["region_id"]) == {"CN-310115", "CN-330108"}
    kl = t["knowledge_links"]
    touching = kl[
        kl["source_id"].isin(enclaves["institution_id"])
        | kl["target_id"].isin(enclaves["institution_id"])
    ]
    assert len(touching) >= 2


def test_buyer_names_are_invented(xianju: Built) -> None:
    names = " ".join(xianju[1]["firms"]["name"]).lower()
    for real in ("msd", "merck", "hengrui", "pfizer", "novartis", "xianju pharmaceutical"):
        assert real not in names
