"""Calibration facts of ``ouhai-eyewear`` (ICCM case study; concepts.md section 11)."""

from __future__ import annotations

import pandas as pd

from examples.example_helpers import Built, focal_firms, under


def _sales_by_bloc(built: Built, year: int) -> pd.Series:
    _desc, t = built
    firms = focal_firms(built)
    s = t["sales"]
    s = s[(s["year"] == year) & s["firm_id"].isin(firms["firm_id"])]
    regions = t["regions"]
    bloc = pd.Series("other", index=s.index)
    for name, root in (("EU", "EU"), ("SAM", "SAM"), ("US", "USA"), ("CHN", "CHN")):
        bloc[s["market_region_id"].isin(under(regions, root))] = name
    return s.groupby(bloc)["value"].sum()


def test_more_than_500_firms_and_about_60000_employees(ouhai: Built) -> None:
    f = focal_firms(ouhai)
    assert len(f) > 500
    assert 60_000 < f["employees"].sum() <= 62_000


def test_exactly_59_above_scale_and_7_above_100_million(ouhai: Built) -> None:
    f = focal_firms(ouhai)
    assert int(f["above_scale"].sum()) == 59
    assert int((f["revenue"] > 100e6).sum()) == 7
    # above-scale means at least 20 million yuan of revenue
    assert (f["above_scale"] == (f["revenue"] >= 20e6)).all()


def test_15_foreign_firms_rest_private(ouhai: Built) -> None:
    own = focal_firms(ouhai)["ownership"].value_counts()
    assert own["foreign"] == 15
    assert set(own.index) == {"foreign", "private"}


def test_150_export_focused_firms_consistent_with_sales(ouhai: Built) -> None:
    _desc, t = ouhai
    f = focal_firms(ouhai)
    assert int(f["export_focused"].sum()) == 150
    s = t["sales"]
    s = s[(s["year"] == 2019) & s["firm_id"].isin(f["firm_id"])]
    domestic = s["market_region_id"].isin(under(t["regions"], "CHN"))
    share = (s["value"].where(~domestic, 0.0)).groupby(s["firm_id"]).sum() / s.groupby("firm_id")[
        "value"
    ].sum()
    assert int((share >= 0.5).sum()) == 150
    flagged = set(f.loc[f["export_focused"], "firm_id"])
    assert flagged == set(share.index[share >= 0.5])


def test_about_90_percent_of_2019_sales_to_eu_south_america_us(ouhai: Built) -> None:
    by = _sales_by_bloc(ouhai, 2019)
    share = (by.get("EU", 0) + by.get("SAM", 0) + by.get("US", 0)) / by.sum()
    assert abs(share - 0.90) < 0.005


def test_2020_decoupling_from_foreign_and_recoupling_to_domestic_brands(ouhai: Built) -> None:
    _desc, t = ouhai
    regions, firms = t["regions"], t["firms"]
    s = t["sales"][t["sales"]["buyer_id"].notna()]
    region_of = firms.set_index("firm_id")["region_id"]
    s = s.assign(buyer_region=s["buyer_id"].map(region_of))
    gd_js = under(regions, "CN-440000") | under(regions, "CN-320000")
    foreign = ~s["buyer_region"].isin(under(regions, "CHN"))
    to_dom = s[s["buyer_region"].isin(gd_js)]
    assert to_dom[to_dom["year"] < 2020].empty
    recoupled = set(to_dom.loc[to_dom["year"] == 2020, "firm_id"])
    assert len(recoupled) >= 20
    fv = s[foreign & s["firm_id"].isin(recoupled)].pivot_table(
        index="firm_id", columns="year", values="value", aggfunc="sum"
    )
    # every recoupling firm lost most of its foreign buyers' orders in the same year
    assert (fv[2020] < 0.5 * fv[2019]).all()
    # the recouplers are small OEM firms
    rf = firms.set_index("firm_id").loc[sorted(recoupled)]
    assert (rf["oem_share"] > 0.5).all()
    assert not rf["above_scale"].any()


def test_japanese_frame_and_lens_supplier_of_high_end_firms(ouhai: Built) -> None:
    _desc, t = ouhai
    firms = t["firms"].set_index("firm_id")
    links = t["supply_links"]
    jp = firms.index[firms["region_id"] == "JPN"]
    from_jp = links[
        links["supplier_id"].isin(jp) & links["buyer_id"].isin(focal_firms(ouhai)["firm_id"])
    ]
    assert set(from_jp["segment_id"]) == {"frames", "lenses"}
    assert from_jp["supplier_id"].nunique() == 1
    buyers = firms.loc[from_jp["buyer_id"].unique()]
    assert len(buyers) >= 5
    assert buyers["above_scale"].all()


def test_guangdong_park_has_spare_capacity_local_suppliers_do_not(ouhai: Built) -> None:
    _desc, t = ouhai
    firms, fs, inst = t["firms"], t["firm_segments"], t["institutions"]
    parks = set(inst.loc[inst["kind"] == "industrial_park", "institution_id"])
    park_firms = firms[firms["park_id"].isin(parks)]
    assert len(park_firms) >= 4
    assert park_firms["region_id"].isin(under(t["regions"], "CN-440000")).all()
    rev = firms.set_index("firm_id")["revenue"]
    fs = fs.assign(spare=1 - fs["firm_id"].map(rev) * fs["share"] / fs["capacity"])
    park_fs = fs[fs["firm_id"].isin(park_firms["firm_id"])]
    assert set(park_fs["segment_id"]) == {"frames", "lenses"}
    assert (park_fs["spare"] >= 0.3).all()
    local_fs = fs[fs["firm_id"].isin(focal_firms(ouhai)["firm_id"])]
    local_fl = local_fs[local_fs["segment_id"].isin(["frames", "lenses"])]
    assert (local_fl["spare"] <= 0.05).all()


def test_outside_pool_has_domestic_brands_retailers_and_arvr_makers(ouhai: Built) -> None:
    desc, t = ouhai
    firms, fs = t["firms"], t["firm_segments"]
    outside = firms[~firms["region_id"].isin(desc["focal_regions"])]
    kinds = set(outside["firm_type"])
    assert {"domestic_brand", "domestic_retail", "arvr_maker", "foreign_buyer"} <= kinds
    arvr = outside.loc[outside["firm_type"] == "arvr_maker", "firm_id"]
    assert (fs.loc[fs["firm_id"].isin(arvr), "segment_id"] == "smart_glasses").sum() == len(arvr)
    dom = outside[outside["firm_type"].isin(["domestic_brand", "domestic_retail"])]
    assert dom["region_id"].isin(under(t["regions"], "CHN")).all()


def test_related_industries_and_high_oem_share(ouhai: Built) -> None:
    _desc, t = ouhai
    seg = t["segments"]
    related = seg[seg["chain_id"] == "eyewear-related"]
    assert {"cases_packaging", "testing_equipment"} <= set(related["segment_id"])
    f = focal_firms(ouhai)
    fs = t["firm_segments"]
    local_related = fs[fs["firm_id"].isin(f["firm_id"]) & (fs["chain_id"] == "eyewear-related")]
    assert local_related["segment_id"].nunique() == 2
    w = f["revenue"] / f["revenue"].sum()
    assert float((w * f["oem_share"]).sum()) > 0.6
    # the smile curve: design and brand carry more value added than assembly
    va = seg[seg["chain_id"] == "eyewear"].set_index("segment_id")["va_share"]
    assert va["design"] > va["assembly"] and va["brand"] > va["assembly"]


def test_zone_has_a_partner_park_in_guangdong(ouhai: Built) -> None:
    _desc, t = ouhai
    kl, inst = t["knowledge_links"], t["institutions"].set_index("institution_id")
    pp = kl[kl["kind"] == "partner_park"]
    assert len(pp) == 2
    kinds = {inst.loc[i, "kind"] for i in set(pp["source_id"]) | set(pp["target_id"])}
    assert kinds == {"government", "industrial_park"}
    park = next(i for i in pp["source_id"] if inst.loc[i, "kind"] == "industrial_park")
    assert (t["firms"]["park_id"] == park).sum() >= 4
