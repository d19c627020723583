"""Degree of match on the tiny package: every component against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainchief.attraction import COMPONENTS, Profile, degree_of_match, load_profile
from tiny import tiny_descriptor, tiny_tables

NEEDS = pd.Series({"lenses": 0.6, "retail": 0.4})


def _pkg(tables: dict[str, pd.DataFrame] | None = None) -> dict[str, object]:
    t = tables or tiny_tables()
    return {"descriptor": tiny_descriptor(), **t}


def _comp(res: object, cand: str, comp: str, col: str = "scaled") -> float:
    c = res.components  # type: ignore[attr-defined]
    row = c[(c["candidate_id"] == cand) & (c["component"] == comp)]
    assert len(row) == 1
    return float(row[col].iloc[0])


def test_candidates_are_outside_firms_of_the_chain() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS)
    assert sorted(res.ranking["candidate_id"]) == ["F3", "F4"]
    assert set(res.components["component"]) == set(COMPONENTS)
    assert len(res.components) == 2 * len(COMPONENTS)
    assert res.components["reason_en"].str.len().gt(0).all()
    assert res.components["reason_zh"].str.len().gt(0).all()


def test_gap_component() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS)
    # Both make lenses: need 0.6 of a total need 1.0.
    assert _comp(res, "F3", "gap", "raw") == pytest.approx(0.6)
    assert _comp(res, "F3", "gap") == pytest.approx(0.6)
    row = res.components[
        (res.components.candidate_id == "F4") & (res.components.component == "gap")
    ]
    assert "lenses" in row["reason_en"].iloc[0]
    assert "lenses" in row["reason_zh"].iloc[0]


def test_io_fit_component() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS)
    # Local output 10 + 80 + 5 = 95; lenses feed assembly (80) and local buyers import
    # 24 of lenses -> down = min(1, 104 / 95) = 1; nothing feeds lenses -> up = 0.
    assert _comp(res, "F3", "io_fit") == pytest.approx(0.5)
    assert _comp(res, "F4", "io_fit") == pytest.approx(0.5)


def test_upgrade_component() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS)
    local = (10 * 0.15 + 80 * 0.15 + 5 * 0.4) / 95
    assert _comp(res, "F3", "upgrade", "raw") == pytest.approx(0.3 / local)
    assert _comp(res, "F3", "upgrade") == pytest.approx(0.3 / local / 2.0)


def test_capability_component() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS, strategy="buyer-driven")
    assert _comp(res, "F4", "capability") == pytest.approx(1.0)  # best on every part
    w = {"rnd": 0.1, "patents": 0.1, "scale": 0.3, "brand": 0.5}
    exp = (
        w["rnd"] * (1 / 30) / (40 / 500)
        + w["patents"] * math.log1p(2) / math.log1p(80)
        + w["scale"] * math.log1p(30) / math.log1p(500)
        + w["brand"] * 0.0
    )
    assert _comp(res, "F3", "capability") == pytest.approx(exp)


def test_coupling_component() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS)
    # Local sales: 20 national, 60 supranational (to lead F4). T = 80, dependence 60.
    hhi_old = (20**2 + 60**2) / 80**2
    # F3 (Longgang, national, not lead): delta = 0.05 * 80 = 4.
    d = 4.0
    raw3 = (hhi_old - (20**2 + 60**2 + 2 * 20 * d + d**2) / (80 + d) ** 2) - (
        60 / (80 + d) - 60 / 80
    )
    assert _comp(res, "F3", "coupling", "raw") == pytest.approx(raw3)
    assert _comp(res, "F3", "coupling") == pytest.approx(min(1.0, 0.5 + raw3 / 0.1))
    # F4 (Japan, foreign lead): delta = 8, adds to the foreign-lead dependence.
    d = 8.0
    raw4 = (hhi_old - (20**2 + 60**2 + 2 * 60 * d + d**2) / (80 + d) ** 2) - (
        (60 + d) / (80 + d) - 60 / 80
    )
    assert _comp(res, "F4", "coupling", "raw") == pytest.approx(raw4)
    assert _comp(res, "F4", "coupling") == pytest.approx(0.5 + raw4 / 0.1)
    assert raw3 > 0 > raw4  # a domestic firm lowers dependence on the foreign lead buyer


def test_risk_component() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS)
    # F3 sells only in China (HHI 1), domestic -> risk 0.5; F4 foreign, no sales -> 1.
    assert _comp(res, "F3", "risk", "raw") == pytest.approx(0.5)
    assert _comp(res, "F3", "risk") == pytest.approx(0.5)
    assert _comp(res, "F4", "risk") == pytest.approx(0.0)


def test_score_is_weighted_mean_and_in_unit_interval() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS, strategy="producer-driven")
    prof = load_profile("producer-driven")
    for cand in ["F3", "F4"]:
        exp = sum(prof.weight(c) * _comp(res, cand, c) for c in COMPONENTS) / sum(
            prof.weight(c) for c in COMPONENTS
        )
        got = float(res.ranking.set_index("candidate_id").loc[cand, "score"])
        assert got == pytest.approx(exp)
        assert 0.0 <= got <= 1.0
    assert list(res.ranking["rank"]) == [1, 2]


def test_missing_data_drops_component_and_renormalises() -> None:
    t = tiny_tables()
    t["segments"].loc[t["segments"]["segment_id"] == "lenses", "va_share"] = np.nan
    for col in ["revenue", "rnd_spend", "patents", "own_brands"]:
        t["firms"][col] = t["firms"][col].astype("float64")
        t["firms"].loc[t["firms"]["firm_id"] == "F3", col] = np.nan
    res = degree_of_match(_pkg(t), needs=NEEDS, strategy="buyer-driven")
    rk = res.ranking.set_index("candidate_id")
    assert rk.loc["F3", "dropped"] == "upgrade,capability"
    assert rk.loc["F4", "dropped"] == "upgrade"
    prof = load_profile("buyer-driven")
    kept = [c for c in COMPONENTS if c not in ("upgrade", "capability")]
    exp = sum(prof.weight(c) * _comp(res, "F3", c) for c in kept) / sum(
        prof.weight(c) for c in kept
    )
    assert rk.loc["F3", "score"] == pytest.approx(exp)
    c = res.components
    f3 = c[c.candidate_id == "F3"].set_index("component")
    assert not f3.loc["upgrade", "available"]
    assert f3.loc["upgrade", "effective_weight"] == 0
    assert f3["effective_weight"].sum() == pytest.approx(1.0)


def test_ties_are_explicit_and_broken_by_id() -> None:
    t = tiny_tables()
    f = t["firms"]
    clone = f[f["firm_id"] == "F3"].assign(firm_id="F0")
    t["firms"] = pd.concat([f, clone], ignore_index=True)
    fs = t["firm_segments"]
    t["firm_segments"] = pd.concat(
        [fs, fs[fs["firm_id"] == "F3"].assign(firm_id="F0")], ignore_index=True
    )
    s = t["sales"]
    t["sales"] = pd.concat([s, s[s["firm_id"] == "F3"].assign(firm_id="F0")], ignore_index=True)
    res = degree_of_match(_pkg(t), needs=NEEDS)
    rk = res.ranking.set_index("candidate_id")
    assert rk.loc["F0", "score"] == rk.loc["F3", "score"]
    assert bool(rk.loc["F0", "tied"]) and bool(rk.loc["F3", "tied"])
    assert rk.loc["F0", "rank"] < rk.loc["F3", "rank"]


def test_yaml_profile(tmp_path: object) -> None:
    from pathlib import Path

    p = Path(str(tmp_path)) / "p.yaml"
    p.write_text(
        "name: gaps-only\nweights: {gap: 1, io_fit: 0, upgrade: 0, capability: 0,"
        " coupling: 0, risk: 0}\n",
        encoding="utf-8",
    )
    res = degree_of_match(_pkg(), needs=NEEDS, strategy=str(p))
    assert res.profile.name == "gaps-only"
    assert res.ranking["score"].tolist() == pytest.approx([0.6, 0.6])
    with pytest.raises(ValueError):
        Profile(name="x", weights={"nonsense": 1.0})
    with pytest.raises(ValueError):
        load_profile("no-such-profile")


def test_json_round_trip() -> None:
    import json

    res = degree_of_match(_pkg(), needs=NEEDS)
    d = json.loads(res.to_json())
    assert d["region"] == "OH" and d["chain"] == "eyewear"
    assert len(d["candidates"]) == 2
    assert len(d["candidates"][0]["components"]) == len(COMPONENTS)


# --- properties -----------------------------------------------------------------------

SEGS = ["parts", "lenses", "assembly", "retail"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    needs=st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4),
    extra=st.sampled_from(SEGS),
)
def test_adding_a_segment_never_lowers_gap(needs: list[float], extra: str) -> None:
    nd = pd.Series(dict(zip(SEGS, needs, strict=True)))
    before = degree_of_match(_pkg(), needs=nd)
    t = tiny_tables()
    fs = t["firm_segments"]
    row = pd.DataFrame(
        {"firm_id": ["F3"], "chain_id": ["eyewear"], "segment_id": [extra], "share": [0.5]}
    )
    t["firm_segments"] = pd.concat([fs, row], ignore_index=True).drop_duplicates(
        ["firm_id", "segment_id"]
    )
    after = degree_of_match(_pkg(t), needs=nd)
    assert _comp(after, "F3", "gap") >= _comp(before, "F3", "gap") - 1e-12


def _many(n_extra: int, seed: int) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    t = tiny_tables()
    ids = [f"X{i}" for i in range(n_extra)]
    firms = pd.DataFrame(
        {
            "firm_id": ids,
            "name": ids,
            "region_id": rng.choice(["LG", "JPN", "SZ", "GD"], n_extra),
            "ownership": ["private"] * n_extra,
            "revenue": rng.uniform(1, 500, n_extra),
            "rnd_spend": rng.uniform(0, 20, n_extra),
            "patents": rng.integers(0, 100, n_extra),
            "own_brands": rng.integers(0, 5, n_extra),
            "is_lead": rng.random(n_extra) < 0.3,
        }
    )
    t["firms"] = pd.concat([t["firms"], firms], ignore_index=True)
    fs = pd.DataFrame(
        {
            "firm_id": ids,
            "chain_id": ["eyewear"] * n_extra,
            "segment_id": rng.choice(SEGS, n_extra),
        }
    )
    t["firm_segments"] = pd.concat([t["firm_segments"], fs], ignore_index=True)
    return _pkg(t)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    weights=st.lists(st.floats(0.01, 1.0), min_size=6, max_size=6),
    comp=st.sampled_from(COMPONENTS),
    factor=st.floats(1.1, 20.0),
    seed=st.integers(0, 1000),
)
def test_raising_a_weight_never_lowers_the_best_candidate(
    weights: list[float], comp: str, factor: float, seed: int
) -> None:
    pkg = _many(6, seed)
    w = dict(zip(COMPONENTS, weights, strict=True))
    base = degree_of_match(pkg, needs=NEEDS, strategy=Profile(name="a", weights=w))
    col = base.ranking[comp]
    best = base.ranking.loc[col == col.max(), "candidate_id"]
    w2 = {**w, comp: w[comp] * factor}
    up = degree_of_match(pkg, needs=NEEDS, strategy=Profile(name="b", weights=w2))
    r0 = base.ranking.set_index("candidate_id")["rank"]
    r1 = up.ranking.set_index("candidate_id")["rank"]
    for cand in best:
        assert r1[cand] <= r0[cand]


def test_risk_with_shock_regions() -> None:
    from chainchief.attraction import MatchParams

    res = degree_of_match(_pkg(), needs=NEEDS, params=MatchParams(shock_regions=("JPN",)))
    # F4: cross-border 1, shocked 1 (no sales) -> 1; F3: HHI 1, domestic 0, not shocked 0.
    assert _comp(res, "F4", "risk", "raw") == pytest.approx(1.0)
    assert _comp(res, "F3", "risk", "raw") == pytest.approx(1 / 3)
    c = res.components
    row = c[(c.candidate_id == "F4") & (c.component == "risk")]
    assert "shocked" in row["reason_en"].iloc[0]
    res = degree_of_match(_pkg(), needs=NEEDS, params=MatchParams(shock_regions=("GD",)))
    assert _comp(res, "F3", "risk", "raw") == pytest.approx(2 / 3)  # Longgang is in GD
