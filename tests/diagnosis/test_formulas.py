"""Every diagnosis formula against values computed by hand on tests/diagnosis/pkg.py.

Local firms: L1, L2, L3 (all in XJ); L4 (XJ) works only in the
'herbal' chain. Local output: chem = 40 x 0.5 = 20 (L2), api = 100 (L1) + 20 (L2) = 120,
fpp = 10 (L3), excip = dist = 0; local chain total 150.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from pytest import approx

from chainchief.diagnosis import Diagnosis, DiagnosisParams, diagnose
from chainchief.diagnosis.frames import region_scales
from chainchief.diagnosis.governance import capability_score
from chainchief.diagnosis.lockin import hhi, unit_value_ratio

from .pkg import tables


def seg(d: Diagnosis, sid: str) -> dict:
    return next(s for s in d.to_dict()["segments"] if s["segment_id"] == sid)


def test_defaults_come_from_descriptor(diag: Diagnosis) -> None:
    assert (diag.region, diag.chain, diag.reference) == ("XJ", "pharma", "CHN")


def test_chain_order(diag: Diagnosis) -> None:
    # stage first, then lexicographic topological order
    assert list(diag.segments["segment_id"]) == ["chem", "excip", "api", "fpp", "dist"]


def test_region_scales_of_firms() -> None:
    t = tables()
    sc = region_scales(t["regions"], t["firms"]["region_id"], "XJ").astype(str).tolist()
    # XJ local; HY shares TZ; SH shares CHN; DEU/USA only WORLD
    assert sc == ["local", "local", "local", "local", "prefecture", "national", "global", "global"]


def test_local_presence(diag: Diagnosis) -> None:
    s = diag.segments.set_index("segment_id")
    assert s["local_firms"].to_dict() == {"chem": 1, "excip": 0, "api": 2, "fpp": 1, "dist": 0}
    assert s["local_output"].to_dict() == approx(
        {"chem": 20.0, "excip": 0.0, "api": 120.0, "fpp": 10.0, "dist": 0.0}
    )
    # employees weighted by the segment weight: L1 400 + L2 100 x 0.5
    assert s.loc["api", "local_employees"] == approx(450.0)
    assert s.loc["api", "leading_firms"] == ["Local API"]


def test_lq_from_indicators(diag: Diagnosis) -> None:
    # CHN outputs chem 200, api 400, fpp 1200, dist 200 (total 2000); excip unknown
    s = diag.segments.set_index("segment_id")
    assert s.loc["chem", "lq"] == approx((20 / 150) / (200 / 2000))
    assert s.loc["api", "lq"] == approx((120 / 150) / (400 / 2000))
    assert s.loc["fpp", "lq"] == approx((10 / 150) / (1200 / 2000))
    assert s.loc["dist", "lq"] == 0.0
    assert np.isnan(s.loc["excip", "lq"])
    assert set(s["lq_source"]) == {"indicators"}


def test_lq_from_reference_firms_when_no_indicators() -> None:
    t = tables()
    t["indicators"] = t["indicators"][t["indicators"]["indicator"] != "output"]
    d = diagnose(t)
    s = d.segments.set_index("segment_id")
    # firms in CHN: chem 20 + P1 50 = 70, api 120, fpp 10 + N1 200 = 210; total 400
    assert s.loc["chem", "lq"] == approx((20 / 150) / (70 / 400))
    assert s.loc["api", "lq"] == approx((120 / 150) / (120 / 400))
    assert s.loc["fpp", "lq"] == approx((10 / 150) / (210 / 400))
    assert np.isnan(s.loc["dist", "lq"])
    assert any("LQ from the dataset's firms" in n for n in d.notes)


def test_sourcing_and_self_sufficiency(diag: Diagnosis) -> None:
    chem = seg(diag, "chem")
    # L1 buys chem: 30 from P1 (prefecture) and 10 from L2 (local)
    assert chem["self_sufficiency"] == approx(0.25)
    assert chem["sourcing_by_scale"]["prefecture"] == approx(0.75)
    assert seg(diag, "api")["self_sufficiency"] == approx(1.0)
    fpp = seg(diag, "fpp")
    assert fpp["self_sufficiency"] == 0.0
    assert fpp["sourcing_by_scale"]["national"] == approx(1.0)
    assert seg(diag, "dist")["self_sufficiency"] is None


def test_sales_by_scale_and_export_share(diag: Diagnosis) -> None:
    api = seg(diag, "api")
    assert api["sales_by_scale"]["national"] == approx(0.5)
    assert api["sales_by_scale"]["global"] == approx(0.5)
    fpp = seg(diag, "fpp")
    assert fpp["sales_by_scale"]["local"] == approx(0.4)
    assert fpp["export_share"] == approx(0.6)
    # exports 60 (L1 to DEU, USA) + 6 (L3 to USA) of 130
    assert diag.position["export_share"] == approx(66 / 130)


def test_classes(diag: Diagnosis) -> None:
    s = diag.segments.set_index("segment_id")
    assert s["class"].to_dict() == {
        "chem": "present",  # LQ 1.33 >= 1.25 but no leading firm
        "excip": "missing",
        "api": "strong",  # LQ 4 and L1 is a lead firm
        "fpp": "weak",  # LQ 0.11 < 0.5 and self-sufficiency 0 < 0.2
        "dist": "missing",
    }
    assert "LQ < 0.5" in s.loc["fpp", "class_reason"]


def test_class_thresholds_are_parameters() -> None:
    d = diagnose(tables(), params=DiagnosisParams(strong_min_leaders=0, weak_lq=0.1))
    s = d.segments.set_index("segment_id")
    assert s.loc["chem", "class"] == "strong"
    # fpp stays weak through self-sufficiency 0 < 0.2
    assert s.loc["fpp", "class_reason"] == "self-sufficiency < 0.2"


def test_dependents(diag: Diagnosis) -> None:
    s = diag.segments.set_index("segment_id")
    # chem: buyer L1 + api firms L1, L2 -> 2; excip: fpp firm L3; dist: none
    assert s["dependents"].to_dict() == {"chem": 2, "excip": 1, "api": 1, "fpp": 1, "dist": 0}


def test_recommendations(diag: Diagnosis) -> None:
    recs = [
        (r["action"], r["segment_id"] or r["chain_id"], r["priority"]) for r in diag.recommendations
    ]
    # local mean va = (20 x 0.1 + 120 x 0.2 + 10 x 0.25) / 150 = 0.19
    # fpp: 0.5 x 0.25/0.4 + 0.5 x 1/3; dist: 0.5 x 1 + 0; excip: 0.5 x 0.05/0.4 + 0.5 x 1/3
    assert recs == [
        ("extend", "dist", approx(0.5)),
        ("extend", "fpp", approx(0.5 * 0.625 + 0.5 / 3)),
        ("build", "herbal", approx(0.5 * 2 / 3)),
        ("replenish", "excip", approx(0.5 * 0.125 + 0.5 / 3)),
    ]
    ev = diag.recommendations[1]["evidence"]
    assert ev["local_mean_va_share"] == approx(28.5 / 150)
    assert ev["lq"] == approx(1 / 9)
    build = diag.recommendations[2]["evidence"]
    assert build["local_firms_in_chain"] == 2
    assert build["firms_shared_with_focal_chain"] == 1


def test_strengthen_when_extension_threshold_is_high() -> None:
    d = diagnose(tables(), params=DiagnosisParams(extend_va_ratio=3.0))
    acts = {r["segment_id"]: r["action"] for r in d.recommendations if r["segment_id"]}
    assert acts == {"fpp": "strengthen", "excip": "replenish"}


def test_mode_shares(diag: Diagnosis) -> None:
    m = diag.position["mode_shares"]
    # revenue weights 100 (L1), 40 (L2), 10 (L3)
    assert m["oem"] == approx((50 + 32) / 150)
    assert m["odm"] == approx((30 + 8) / 150)
    assert m["obm"] == approx((20 + 10) / 150)
    assert m["unknown"] == 0.0
    api = diag.position["mode_shares_by_segment"]["api"]
    assert api["oem"] == approx((100 * 0.5 + 20 * 0.8) / 120)


def test_value_capture(diag: Diagnosis) -> None:
    vc = diag.position["value_capture"]
    # value added x w: local 30 + 8 + 4 = 42; others 10 + 80 + 400 + 100
    assert vc["method"] == "firms"
    assert vc["share"] == approx(42 / 632)
    assert vc["by_segment"]["fpp"] == approx(4 / 284)
    assert vc["by_segment"]["chem"] == approx(4 / 14)
    assert vc["by_segment"]["excip"] is None
    tmpl = (0.1 * 20 / 70 + 0.2 * 1 + 0.25 * 10 / 710) / 1.0
    assert vc["template_share"] == approx(tmpl)


def test_value_capture_template_method_when_va_coverage_is_low() -> None:
    t = tables()
    t["firms"].loc[t["firms"]["firm_id"] == "G1", "value_added"] = np.nan
    d = diagnose(t)
    vc = d.position["value_capture"]
    # chain output 100 + 40 + 10 + 50 + 200 + 1000 + 500 = 1900; G1 holds 1000
    assert vc["coverage"] == approx(900 / 1900)
    assert vc["method"] == "template"
    assert vc["share"] == approx(vc["template_share"])


def test_lock_in_region(diag: Diagnosis) -> None:
    lk = diag.position["lock_in"]
    c = {x["name"]: x for x in lk["components"]}
    assert c["oem_export_share"]["raw"] == approx(30 / 66)
    assert c["uncaptured_value"]["scaled"] == approx(1 - 42 / 632)
    assert c["unit_value_gap"]["raw"] == approx(0.5)
    assert c["unit_value_gap"]["scaled"] == approx(0.5)
    assert c["foreign_buyer_hhi"]["raw"] == approx((40**2 + 26**2) / 66**2)
    assert c["no_own_brand_exports"]["scaled"] == approx(1 - 18 / 66)
    assert c["rnd_gap"]["raw"] == approx(6.4 / 150)
    assert c["rnd_gap"]["scaled"] == approx(1 - (6.4 / 150) / 0.05)
    expected = np.mean([x["scaled"] for x in lk["components"]])
    assert lk["index"] == approx(expected)
    assert all(x["weight"] == 1.0 and x["source"] for x in lk["components"])


def test_lock_in_segments(diag: Diagnosis) -> None:
    by = diag.position["lock_in"]["by_segment"]
    api = {x["name"]: x["scaled"] for x in by["api"]["components"]}
    assert api == approx(
        {
            "oem_export_share": 0.5,
            "uncaptured_value": 0.0,
            "unit_value_gap": 1 - 40 / 50,
            "foreign_buyer_hhi": (40**2 + 20**2) / 60**2,
            "no_own_brand_exports": 0.8,
            "rnd_gap": 1 - (5.2 / 120) / 0.05,
        }
    )
    fpp = by["fpp"]
    # no fpp unit values: dropped with a note, not zero
    uv = next(x for x in fpp["components"] if x["name"] == "unit_value_gap")
    assert uv["available"] is False and uv["scaled"] is None
    assert any("unit_value_gap" in n for n in fpp["notes"])
    assert fpp["index"] == approx((0 + (1 - 4 / 284) + 1 + 0 + 0) / 5)
    assert by["dist"] is None


def test_lock_in_weights() -> None:
    w = dict.fromkeys(
        (
            "oem_export_share",
            "uncaptured_value",
            "unit_value_gap",
            "foreign_buyer_hhi",
            "no_own_brand_exports",
            "rnd_gap",
        ),
        0.0,
    )
    w["oem_export_share"] = 2.0
    w["rnd_gap"] = 1.0
    d = diagnose(tables(), params=DiagnosisParams(lock_in_weights=w))
    idx = d.position["lock_in"]["index"]
    assert idx == approx((2 * 30 / 66 + (1 - (6.4 / 150) / 0.05)) / 3)


def test_hhi_and_unit_value_ratio() -> None:
    assert hhi(pd.Series([1.0, 1.0, 2.0])) == approx(0.25 + 0.0625 * 2)
    assert np.isnan(hhi(pd.Series([], dtype=float)))
    t = tables()
    r, src = unit_value_ratio(t["indicators"], "XJ", "WORLD", "pharma", "export_unit_value")
    assert r == approx(0.5) and "2019" in src
    r2, why = unit_value_ratio(t["indicators"], "XJ", None, "pharma", "export_unit_value")
    assert np.isnan(r2) and "global" in why


def test_capability_score() -> None:
    from chainchief.diagnosis.frames import annotate_firms

    t = tables()
    f = annotate_firms(t["firms"], t["regions"], "XJ")
    cap = dict(zip(f["firm_id"], capability_score(f, DiagnosisParams()), strict=True))
    assert cap["L1"] == approx((1 + 1 + 0.5) / 3)
    assert cap["L2"] == approx((0.2 + 0.2 + 0.2) / 3)
    assert cap["P1"] == approx((0.2 + 0.0) / 2)  # no mode shares: two terms
    assert cap["N1"] == approx(1.0)


def test_governance(diag: Diagnosis) -> None:
    g = {x["segment_id"]: x for x in diag.governance["by_segment"]}
    assert g["chem"]["shares"] == approx({"market": 0.75, "captive": 0.25})
    assert g["chem"]["dominant"] == "market"
    assert g["api"]["shares"] == approx({"relational": 45 / 95, "modular": 50 / 95})
    assert g["api"]["dominant"] == "modular"
    assert g["fpp"]["dominant"] == "relational"  # 'unknown' never dominates
    assert diag.governance["link_counts"] == {
        "relational": 3,
        "market": 1,
        "captive": 1,
        "modular": 1,
        "unknown": 1,
    }
    ct = diag.governance["chain_type"]
    # lead firms' output: L1 api 100, N1 fpp 200, G1 fpp 500 + dist 500
    assert ct["buyer_function_share"] == approx(500 / 1300)
    # R&D / revenue of the lead firms: (5 + 20 + 100) / (100 + 200 + 1000)
    assert ct["lead_rnd_intensity"] == approx(125 / 1300)
    assert ct["type"] == "producer-driven"
    low = DiagnosisParams(buyer_driven_threshold=0.3)
    assert diagnose(tables(), params=low).governance["chain_type"]["type"] == "producer-driven"
    both = DiagnosisParams(buyer_driven_threshold=0.3, producer_rnd_intensity=0.1)
    assert diagnose(tables(), params=both).governance["chain_type"]["type"] == "buyer-driven"


def test_leaders(diag: Diagnosis) -> None:
    ld = diag.leaders.set_index("firm_id")
    assert list(diag.leaders["firm_id"]) == ["L1", "L3", "L2"]
    assert ld.loc["L1", "scale_strength"] == approx(1.0)
    assert ld.loc["L2", "brands_ip"] == approx((1 / 3 + 2 / 3 + 1 / 3) / 3)
    assert ld.loc["L3", "brands_ip"] == approx((2.5 / 3 + 1 / 3 + 1) / 3)
    # market network: L1 3 markets + 3 buyers, L2 1 buyer, L3 2 markets + 1 buyer
    assert ld.loc["L3", "core_advantage"] == approx((1 + 2 / 3) / 2)
    assert ld.loc["L1", "score"] == approx((1 + 2.5 / 3 + 2.5 / 3) / 3)


def test_panorama(diag: Diagnosis) -> None:
    p = diag.presence.set_index(["segment_id", "scale"])
    assert p.loc[("fpp", "local"), "firms"] == 1
    assert p.loc[("fpp", "national"), "firms"] == 1
    assert p.loc[("fpp", "global"), "organisations"] == ["German Pharma"]
    assert p.loc[("chem", "prefecture"), "capacity"] == approx(50.0)
    # INST1 (Hangzhou, province scale) tied to api through a knowledge link,
    # INST2 (local) to fpp through its segment_id column
    assert p.loc[("api", "province"), "institutions"] == 1
    assert p.loc[("fpp", "local"), "institution_names"] == ["Xianju Platform"]
    assert int(p["institutions"].sum()) == 2


def test_related_industries(diag: Diagnosis) -> None:
    # 'herb' (herbal chain) attaches to fpp; L3 and L4 are local herb firms
    assert seg(diag, "fpp")["related_industries"] == [
        {"chain_id": "herbal", "segment_id": "herb", "name": "Herbs", "local_firms": 2}
    ]
    assert seg(diag, "api")["related_industries"] == []


def test_json_keys_and_parameters(diag: Diagnosis) -> None:
    out = json.loads(diag.to_json())
    assert {
        "parameters",
        "segments",
        "recommendations",
        "position",
        "governance",
        "leaders",
    } <= set(out)
    for s in out["segments"]:
        assert {
            "segment_id",
            "class",
            "local_firms",
            "lq",
            "self_sufficiency",
            "sourcing_by_scale",
            "sales_by_scale",
        } <= set(s)
    for r in out["recommendations"]:
        assert {"action", "segment_id", "priority", "evidence"} <= set(r)
    assert {"mode_shares", "value_capture", "lock_in"} <= set(out["position"])
    assert {"index", "components"} <= set(out["position"]["lock_in"])
    assert out["parameters"] == DiagnosisParams().model_dump()
    assert "NaN" not in diag.to_json()


def test_explicit_region_chain_and_errors() -> None:
    d = diagnose(tables(), region="TZ", chain="pharma", reference="ZJ")
    s = d.segments.set_index("segment_id")
    # TZ includes Huangyan: P1 becomes local
    assert s.loc["chem", "local_firms"] == 2
    assert d.reference == "ZJ"
    with pytest.raises(ValueError, match="unknown region"):
        diagnose(tables(), region="NOPE")
    with pytest.raises(ValueError, match="no segments"):
        diagnose(tables(), chain="nope")


@pytest.mark.parametrize("n_keys", [5, 60_000])
def test_lookup_small_and_large_key_sets(n_keys: int) -> None:
    from chainchief.diagnosis.frames import lookup

    keys = pd.Series([f"k{i}" for i in range(n_keys)], dtype="str")
    values = pd.Series(["k3", None, "zz", "k0", "k3"], dtype="str")
    assert lookup(values, keys).tolist() == [3, -1, -1, 0, 3]
