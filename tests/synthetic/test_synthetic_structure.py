"""Determinism, heavy-tailed degrees and spatial structure of synthetic networks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainchief.examples.synthetic import SyntheticParams, generate_synthetic
from chainchief.model.regions import relation_scales


def _hill(degrees: np.ndarray, k: int) -> float:
    """Hill estimate of the CCDF tail exponent from the k largest degrees."""
    top = np.sort(degrees)[::-1][: k + 1].astype(float)
    return float(1.0 / np.mean(np.log(top[:k] / top[k])))


def test_hill_estimator_recovers_a_known_exponent():
    rng = np.random.default_rng(0)
    x = (1 - rng.random(200_000)) ** (-1 / 1.5)  # Pareto, tail exponent 1.5
    assert abs(_hill(x, 2_000) - 1.5) < 0.1


def test_same_seed_same_package_other_seed_other_package():
    a_desc, a = generate_synthetic(800, 5_000, seed=5)
    b_desc, b = generate_synthetic(800, 5_000, seed=5)
    assert a_desc == b_desc
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    _, c = generate_synthetic(800, 5_000, seed=6)
    assert not a["supply_links"].equals(c["supply_links"])
    assert not a["firms"]["revenue"].equals(c["firms"]["revenue"])


def test_degrees_are_heavy_tailed(medium):
    _, t = medium
    n = len(t["firms"])
    sl = t["supply_links"]
    for col, lo, hi in (("supplier_id", 1.2, 2.6), ("buyer_id", 1.4, 3.2)):
        deg = sl[col].value_counts().to_numpy()
        mean = len(sl) / n
        assert deg.max() > 40 * mean, col
        assert lo < _hill(deg, n // 100) < hi, (col, _hill(deg, n // 100))
    emp = t["firms"]["employees"].astype(float)
    assert emp.max() > 200 * emp.median()


def test_tail_parameter_controls_the_out_degree_tail():
    light = SyntheticParams(out_degree_tail=3.5)
    heavy = SyntheticParams(out_degree_tail=1.3)
    est = {}
    for name, p in (("light", light), ("heavy", heavy)):
        _, t = generate_synthetic(15_000, 120_000, seed=2, params=p)
        est[name] = _hill(t["supply_links"]["supplier_id"].value_counts().to_numpy(), 150)
    assert est["heavy"] < est["light"] - 0.5, est


def test_links_are_mostly_local(medium):
    _, t = medium
    sl, firms = t["supply_links"], t["firms"]
    region = firms.set_index("firm_id")["region_id"]
    scale = relation_scales(t["regions"], sl["supplier_id"].map(region), sl["buyer_id"].map(region))
    share = scale.value_counts(normalize=True)
    within_province = share[["local", "prefecture", "province"]].sum()
    assert share["local"] > 0.25
    assert within_province > 0.55
    assert share["local"] > share["national"] > 0.05
    assert 0.03 < share["global"] + share["supranational"] < 0.3
    # lead times grow with distance
    lead = sl.groupby(scale.to_numpy(), observed=True)["lead_time_days"].median()
    assert lead["local"] < lead["province"] < lead["national"] < lead["global"]
    # a customs record only documents a cross-border relation
    cross = scale.isin(["global", "supranational"]).to_numpy()
    assert not (sl["source"].to_numpy() == "customs record")[~cross].any()


def test_focal_county_holds_the_largest_cluster(medium):
    desc, t = medium
    firms = t["firms"]
    focal = desc["focal_regions"][0]
    counts = firms["region_id"].value_counts()
    assert counts.index[0] == focal
    assert 0.03 < counts.iloc[0] / len(firms) < 0.08
    assert counts.iloc[0] > 1.5 * counts.iloc[1]
    in_focal = firms[firms["region_id"] == focal]
    assert (in_focal["firm_id"].str.len() > 0).all()
    chain = t["firm_segments"].drop_duplicates("firm_id").set_index("firm_id")["chain_id"]
    assert (chain.loc[in_focal["firm_id"]] == desc["chains"][0]).mean() > 0.8
    assert in_focal["is_lead"].sum() >= 3
    assert t["regions"].set_index("region_id").loc[focal, "gb2260"].startswith("33")


def test_firms_abroad_are_foreign_owned_and_share_matches(medium):
    _, t = medium
    firms = t["firms"]
    scale = firms["region_id"].map(t["regions"].set_index("region_id")["scale"])
    abroad = scale == "national"
    assert 0.04 < abroad.mean() < 0.12
    assert (firms.loc[abroad, "ownership"] == "foreign").all()
    assert (firms.loc[~abroad, "ownership"] == "private").mean() > 0.8


def test_parameters_shift_the_spatial_mix():
    local = replace(SyntheticParams(), scale_shares=(0.9, 0.05, 0.05, 0.0, 0.0))
    spread = replace(SyntheticParams(), scale_shares=(0.0, 0.0, 0.0, 0.5, 0.5))
    shares = {}
    for name, p in (("local", local), ("spread", spread)):
        _, t = generate_synthetic(8_000, 50_000, seed=1, params=p)
        region = t["firms"].set_index("firm_id")["region_id"]
        sl = t["supply_links"]
        same = sl["supplier_id"].map(region).to_numpy() == sl["buyer_id"].map(region).to_numpy()
        shares[name] = same.mean()
    # sparse (segment, county) cells send many local searches up a level, so the
    # realised same-county share stays below the 0.9 asked for
    assert shares["local"] > 0.3 > 0.05 > shares["spread"], shares


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_firms=st.integers(200, 1_500),
    density=st.floats(0.0, 1.5),
    seed=st.integers(0, 2**32 - 1),
    chains=st.sampled_from([["eyewear"], ["hosiery", "pharma"], ["pharma", "eyewear", "hosiery"]]),
)
def test_invariants_hold_for_any_size_and_seed(n_firms, density, seed, chains):
    n_links = int(density * n_firms)
    desc, t = generate_synthetic(n_firms, n_links, seed=seed, chains=chains)
    sl, firms, fs = t["supply_links"], t["firms"], t["firm_segments"]
    assert len(firms) == n_firms and len(sl) == n_links
    assert firms["firm_id"].is_unique
    assert sl["supplier_id"].isin(firms["firm_id"]).all()
    assert sl["buyer_id"].isin(firms["firm_id"]).all()
    assert (sl["supplier_id"] != sl["buyer_id"]).all()
    assert not sl.duplicated(["supplier_id", "buyer_id"]).any()
    assert (sl["value"] >= 0).all() and sl["status"].notna().all() and sl["source"].notna().all()
    assert set(sl["chain_id"]) <= set(chains)
    assert firms["region_id"].isin(t["regions"]["region_id"]).all()
    assert (firms[["oem_share", "odm_share", "obm_share"]].sum(axis=1) <= 1).all()
    assert (fs.groupby("firm_id")["share"].sum() <= 1).all()
    kl = t["knowledge_links"]
    ids = pd.concat([firms["firm_id"], t["institutions"]["institution_id"]])
    assert kl["source_id"].isin(ids).all() and kl["target_id"].isin(ids).all()
    assert desc["focal_regions"][0] in set(t["regions"]["region_id"])
