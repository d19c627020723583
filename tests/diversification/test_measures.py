"""Concentration, variety, LQ, RCA, proximity and density against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.diversification import (
    density,
    group_codes,
    hhi,
    location_quotient,
    presence,
    proximity,
    rca,
    relatedness,
    shannon_entropy,
    top_k_share,
    variety,
    variety_by_region,
)


def test_hhi_entropy_topk_by_hand():
    assert hhi([1, 1, 2]) == pytest.approx(0.25**2 * 2 + 0.5**2)
    assert hhi([5]) == 1.0
    assert math.isnan(hhi([0, 0]))
    assert shannon_entropy([1, 1, 2]) == pytest.approx(0.25 * 2 * 2 + 0.5 * 1)
    assert shannon_entropy([1, 1, 2], base=math.e) == pytest.approx(1.5 * math.log(2))
    assert shannon_entropy([3, 0]) == 0.0
    assert top_k_share([5, 3, 1, 1], k=2) == pytest.approx(0.8)
    assert top_k_share([5, 3], k=5) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        hhi([-1, 2])


def test_reat_locq_published_value():
    # REAT documentation: locq(1714, 79006, 879213, 15593224) = 0.3847623
    assert location_quotient(1714, 79006, 879213, 15593224) == pytest.approx(0.3847623, abs=5e-8)
    arr = location_quotient(np.array([1714.0, 0.0]), 79006, 879213, 15593224)
    assert arr[1] == 0.0


def test_variety_by_hand():
    # two sectors: 10 = {1010: 0.25, 1020: 0.25}, 20 = {2010: 0.5}
    v = pd.Series({"1010": 25.0, "1020": 25.0, "2010": 50.0})
    out = variety(v, hierarchy=2)
    assert out["unrelated_variety"] == pytest.approx(1.0)  # 0.5 log2 2 * 2
    assert out["related_variety"] == pytest.approx(0.5 * 1.0 + 0.5 * 0.0)
    assert out["total_variety"] == pytest.approx(1.5)
    assert out["n_sectors"] == 2
    mapped = variety(v, hierarchy={"1010": "A", "1020": "B", "2010": "B"})
    # sectors A = 0.25, B = 0.75: UV = 0.25*2 + 0.75*log2(4/3)
    assert mapped["unrelated_variety"] == pytest.approx(0.5 + 0.75 * math.log2(4 / 3))
    with pytest.raises(KeyError):
        variety(v, hierarchy={"1010": "A"})
    assert list(group_codes(pd.Series(["1234"]), lambda c: c[:1])) == ["1"]


def test_variety_by_region_long_table():
    d = pd.DataFrame(
        {
            "region_id": ["A", "A", "A", "B"],
            "industry_code": ["1010", "1020", "2010", "1010"],
            "value": [25.0, 25.0, 50.0, 7.0],
            "year": [2020] * 4,
        }
    )
    out = variety_by_region(d).set_index("region_id")
    assert out.loc["A", "total_variety"] == pytest.approx(1.5)
    assert out.loc["B", "total_variety"] == 0.0


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([f"{a}{b}{c}" for a in "12" for b in "123" for c in "12"]),
        st.floats(0.0, 1e6, allow_nan=False),
        min_size=1,
    ),
    st.integers(1, 3),
)
def test_property_variety_identity(values, digits):
    v = pd.Series(values, dtype=float)
    out = variety(v, hierarchy=digits)
    if v.sum() <= 0:
        assert math.isnan(out["total_variety"])
        return
    assert out["total_variety"] == pytest.approx(
        out["related_variety"] + out["unrelated_variety"], abs=1e-9
    )
    assert out["related_variety"] >= -1e-12
    assert out["unrelated_variety"] >= -1e-12


def test_rca_proximity_density_3x3_by_hand():
    x = pd.DataFrame(
        [[10.0, 0.0, 10.0], [0.0, 10.0, 10.0], [10.0, 10.0, 0.0]],
        index=["r1", "r2", "r3"],
        columns=["a", "b", "c"],
    )
    r = rca(x)
    # row shares 1/2; column shares 1/3 -> RCA 1.5 where present
    assert r.loc["r1", "a"] == pytest.approx(1.5)
    assert r.loc["r1", "b"] == 0.0
    m = presence(r)
    phi = proximity(m)
    # each industry in 2 regions, each pair shares 1 region: phi = 1/2 off-diagonal
    assert phi.loc["a", "b"] == pytest.approx(0.5)
    assert phi.loc["a", "a"] == 1.0
    d = density(m, phi)
    # r1 has a, c: density of b = (0.5 + 0.5) / (0.5 + 1 + 0.5) = 0.5
    assert d.loc["r1", "b"] == pytest.approx(0.5)
    assert d.loc["r1", "a"] == pytest.approx(1.5 / 2.0)


def test_proximity_asymmetric_conditionals_by_hand():
    m = np.array([[1, 1, 0], [1, 0, 1], [1, 0, 0]], dtype=float)
    phi = proximity(m)
    # u = (3, 1, 1); C_ab = 1 -> min(1/3, 1/1) = 1/3; C_bc = 0
    assert phi[0, 1] == pytest.approx(1 / 3)
    assert phi[1, 2] == 0.0
    assert np.allclose(phi, phi.T)


def test_relatedness_matches_ecomplexity():
    ecomplexity = pytest.importorskip("ecomplexity")
    rng = np.random.default_rng(7)
    x = rng.gamma(0.6, 10.0, size=(25, 10))
    x[x < 2.0] = 0.0
    regions = [f"r{i:02d}" for i in range(25)]
    inds = [f"i{j:02d}" for j in range(10)]
    mat = pd.DataFrame(x, index=regions, columns=inds)
    mat = mat.loc[mat.sum(axis=1) > 0, mat.sum(axis=0) > 0]
    long = mat.stack().rename("val").rename_axis(["loc", "prod"]).reset_index()
    long["year"] = 2020
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    ref = ecomplexity.ecomplexity(long, cols, verbose=False, check_logsupermodularity=False)
    ref = ref.set_index(["loc", "prod"])
    res = relatedness(mat)
    ours = pd.DataFrame(
        {
            "rca": res.rca.stack(),
            "mcp": res.presence.stack(),
            "density": res.density.stack(),
        }
    )
    ours.index.names = ["loc", "prod"]
    joined = ours.join(ref[["rca", "mcp", "density"]].add_suffix("_ref"))
    assert np.allclose(joined["rca"], joined["rca_ref"])
    assert np.array_equal(joined["mcp"], joined["mcp_ref"].astype(float))
    assert np.allclose(joined["density"], joined["density_ref"])
    prox = ecomplexity.proximity(long, cols).set_index(["prod_1", "prod_2"])["proximity"]
    ours_phi = res.proximity.stack()
    assert np.allclose(ours_phi.reindex(prox.index).to_numpy(), prox.to_numpy())


def _panel() -> pd.DataFrame:
    # 4 regions x 4 industries; R specialised in 1010 and 1020, related to 1030 via r2
    base = {
        "R": {"1010": 50.0, "1020": 40.0, "1030": 5.0, "2010": 5.0},
        "r2": {"1010": 30.0, "1020": 30.0, "1030": 30.0, "2010": 10.0},
        "r3": {"1010": 5.0, "1020": 5.0, "1030": 10.0, "2010": 80.0},
        "r4": {"1010": 5.0, "1020": 5.0, "1030": 5.0, "2010": 85.0},
    }
    rows = [(r, i, v, 2010) for r, d in base.items() for i, v in d.items()]
    end = dict(base, R={"1010": 55.0, "1020": 40.0, "1030": 60.0, "2010": 5.0})
    rows += [(r, i, v, 2015) for r, d in end.items() for i, v in d.items()]
    df = pd.DataFrame(rows, columns=["region_id", "industry_code", "value", "year"])
    df["indicator"] = "employment"
    return df


def test_options_and_adaptation_by_hand():
    from chainchief.diversification import (
        DiversificationParams,
        adaptation_summary,
        analyse_diversification,
        diversification_options,
        region_industry_matrix,
    )

    panel = _panel()
    m0 = region_industry_matrix(panel[panel["year"] == 2010])
    rel = relatedness(m0)
    assert list(rel.presence.loc["R"][rel.presence.loc["R"] > 0].index) == ["1010", "1020"]
    opts = diversification_options(
        rel, "R", va_share={"1030": 0.3, "2010": 0.1}, params=DiversificationParams()
    )
    assert set(opts["industry"]) == {"1030", "2010"}
    first = opts.iloc[0]
    # 1030 co-occurs with 1010/1020 in r2, 2010 only with specialisations of r3/r4
    assert first["industry"] == "1030" and first["option"] == "related"
    assert opts.set_index("industry").loc["2010", "option"] == "unrelated"
    with pytest.raises(KeyError):
        diversification_options(rel, "nowhere")
    m1 = region_industry_matrix(panel[panel["year"] == 2015])
    ad = adaptation_summary(m0, m1, "R").set_index("metric")["value"]
    # growth: 1010 +5 (existing), 1030 +55 (new specialisation)
    assert ad["entries"] == 1
    assert ad["adaptation_share"] == pytest.approx(5 / 60)
    assert ad["adaptability_share"] == pytest.approx(55 / 60)
    assert ad["dominant"] == 0.0
    res = analyse_diversification(panel, "R")
    assert res.year == 2015
    assert not res.adaptation.empty
    assert res.rca.iloc[0]["rca"] >= res.rca.iloc[-1]["rca"]
