"""Coupling measures on the hand-built mini region (values computed by hand)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from coupling_mini import mini_data
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.coupling import (
    CouplingParams,
    ModeRules,
    analyse_coupling,
    coupling_diversity,
    coupling_events,
    coupling_flows,
    coupling_mode,
    coupling_profile,
    event_summary,
    lead_firm_dependence,
    mode_indicators,
    region_members,
)
from chainchief.model.enums import Scale


@pytest.fixture
def mini():
    return mini_data()


def _flows(mini):
    return coupling_flows(
        mini.regions,
        mini.firms,
        "OH",
        sales=mini.sales,
        supply_links=mini.supply_links,
        firm_segments=mini.firm_segments,
    )


def test_region_members_include_nested_units(mini):
    assert region_members(mini.regions, "OH") == {"OH", "OH-T"}
    assert region_members(mini.regions, "CHN") >= {"CHN", "ZJ", "WZ", "OH", "OH-T", "GD", "JS"}
    with pytest.raises(KeyError):
        region_members(mini.regions, "XX")


def test_flows_keep_local_firms_and_resolve_scales(mini):
    f = _flows(mini)
    assert set(f["firm_id"]) == {"f1", "f2"}  # b_gd's own sales and purchases are not local
    sales = f[f["flow"] == "sales"].set_index(["year", "partner_region_id"])
    assert sales.loc[(2019, "DEU"), "scale"] == "global"
    assert sales.loc[(2020, "GD"), "scale"] == "national"
    src = f[f["flow"] == "sourcing"]
    assert set(src.loc[src["partner_id"] == "s_loc", "scale"]) == {"local"}
    # main segment of f1 is frames (share 0.7)
    assert set(f.loc[(f["flow"] == "sales") & (f["firm_id"] == "f1"), "segment_id"]) == {"frames"}
    assert f.loc[f["partner_id"] == "b_de", "partner_foreign"].all()
    assert not f.loc[f["partner_id"] == "b_gd", "partner_foreign"].any()


def test_flows_chain_filter_and_unknown_firm(mini):
    f = coupling_flows(
        mini.regions,
        mini.firms,
        "OH",
        sales=mini.sales,
        firm_segments=mini.firm_segments,
        chain="other",
    )
    assert f.empty
    bad = mini.sales.copy()
    bad.loc[0, "firm_id"] = "nobody"
    with pytest.raises(KeyError, match="nobody"):
        coupling_flows(mini.regions, mini.firms, "OH", sales=bad)


def test_profile_by_scale_by_hand(mini):
    prof = coupling_profile(_flows(mini), "scale").set_index(["flow", "year", "scale"])
    assert prof.loc[("sales", 2019, "global"), "share"] == pytest.approx(150 / 160)
    assert prof.loc[("sales", 2019, "national"), "share"] == pytest.approx(10 / 160)
    assert prof.loc[("sales", 2020, "national"), "share"] == pytest.approx(110 / 140)
    assert prof.loc[("sourcing", 2020, "local"), "share"] == pytest.approx(8 / 20)
    assert prof.loc[("sales", 2019, "province"), "value"] == 0.0
    assert len(prof) == 2 * 2 * len(Scale)


def test_profile_by_partner(mini):
    names = mini.firms.set_index("firm_id")["name"]
    prof = coupling_profile(_flows(mini), "partner", partner_names=names)
    s20 = prof[(prof["flow"] == "sales") & (prof["year"] == 2020)].set_index("partner_id")
    assert s20.loc["b_gd", "share"] == pytest.approx(60 / 140)
    assert s20.loc["b_gd", "partner_name"] == "B_GD"
    assert s20.loc["(unknown)", "value"] == 10.0
    assert list(s20.index[:2]) == ["b_gd", "b_js"]  # largest first


def test_diversity_by_hand(mini):
    d = coupling_diversity(_flows(mini)).set_index(["flow", "year"])
    h = (15 / 16) ** 2 + (1 / 16) ** 2
    assert d.loc[("sales", 2019), "hhi"] == pytest.approx(h)
    assert d.loc[("sales", 2019), "diversity"] == pytest.approx(1 - h)
    ent = 15 / 16 * math.log2(16 / 15) + 1 / 16 * math.log2(16)
    assert d.loc[("sales", 2019), "entropy"] == pytest.approx(ent)
    assert d.loc[("sales", 2019), "n_scales"] == 2
    nat = coupling_diversity(_flows(mini), CouplingParams(entropy_base=math.e))
    assert nat.loc[0, "entropy"] == pytest.approx(ent * math.log(2))


def test_lead_firm_dependence_by_hand(mini):
    d = lead_firm_dependence(_flows(mini), CouplingParams(top_k=1)).set_index(["flow", "year"])
    row = d.loc[("sales", 2020)]
    assert row["known_share"] == pytest.approx(130 / 140)
    assert row["n_partners"] == 3
    assert row["top_k_share"] == pytest.approx(60 / 130)
    assert row["partner_hhi"] == pytest.approx((30**2 + 60**2 + 40**2) / 130**2)
    assert row["lead_share"] == pytest.approx(1.0)
    assert row["foreign_lead_share"] == pytest.approx(30 / 130)


def test_events_decoupling_and_recoupling_same_period(mini):
    ev = coupling_events(_flows(mini))
    sales = ev[ev["flow"] == "sales"].set_index("partner_id")
    assert sales.loc["b_de", "event"] == "decoupling"
    assert sales.loc["b_de", "kind"] == "decline"
    assert sales.loc["b_us", "kind"] == "end"
    assert sales.loc["b_gd", "event"] == "recoupling"
    assert sales.loc["b_js", "event"] == "recoupling"
    assert sales.loc["b_gd", "offset_share"] == pytest.approx(100 / 120)
    assert "(unknown)" not in sales.index  # 10 -> 10, no event
    src = ev[ev["flow"] == "sourcing"].set_index("partner_id")
    # hinges grow +60 % in another segment than the lenses decline: plain coupling
    assert src.loc["s_loc", "event"] == "coupling"
    assert src.loc["s_jp", "event"] == "decoupling"
    summ = event_summary(ev).set_index("flow")
    assert bool(summ.loc["sales", "simultaneous"])
    assert summ.loc["sales", "decoupling_scales"] == "global"
    assert summ.loc["sales", "recoupling_scales"] == "national"
    assert summ.loc["sales", "value_lost"] == pytest.approx(120.0)


def test_event_thresholds_are_parameters(mini):
    strict = CouplingParams(decline_threshold=0.8, growth_threshold=1.0, recoupling_min_offset=0.9)
    ev = coupling_events(_flows(mini), strict)
    sales = ev[ev["flow"] == "sales"].set_index("partner_id")
    assert "b_de" not in sales.index  # -70 % is not a decline at 80 %
    # lost 50 (b_us), gained 100: offset 1.0 >= 0.9 -> recoupling
    assert (sales.loc[["b_gd", "b_js"], "event"] == "recoupling").all()
    none = coupling_events(_flows(mini), CouplingParams(recoupling_min_offset=1.0))
    s = none[none["flow"] == "sales"].set_index("partner_id")
    assert s.loc["b_gd", "event"] == "coupling"  # 100 gained < 120 lost
    scale_level = coupling_events(_flows(mini), CouplingParams(event_keys=("scale", "segment_id")))
    s = scale_level[scale_level["flow"] == "sales"].set_index("scale")
    assert s.loc["global", "change"] == pytest.approx(-120.0)
    assert s.loc["national", "event"] == "recoupling"


def test_events_year_range(mini):
    assert coupling_events(_flows(mini), year_from=2020).empty


def test_mode_indicators_and_rules(mini):
    f = _flows(mini)
    ind = mode_indicators(f, mini.firms, mini.regions, "OH").set_index("indicator")["value"]
    assert ind["export_share"] == pytest.approx(180 / 300)
    assert ind["foreign_lead_sales_share"] == pytest.approx(180 / 300)
    assert ind["foreign_output_share"] == pytest.approx(40 / 220)  # f1, f2, f3, s_loc
    assert ind["oem_share_exports"] == pytest.approx((130 * 0.9 + 50 * 0.8) / 180)
    assert ind["local_lead_firms"] == 1
    mode = coupling_mode(mode_indicators(f, mini.firms, mini.regions, "OH")).set_index("mode")
    assert mode.loc["international partnership", "applies"]
    assert mode.loc["international partnership", "primary"]
    assert mode.loc["international partnership", "strength"] == pytest.approx(0.6 / 0.25)
    assert not mode.loc["production platform", "applies"]
    assert "foreign_output_share = 0.182" in mode.loc["production platform", "evidence"]
    low = coupling_mode(
        mode_indicators(f, mini.firms, mini.regions, "OH"), ModeRules(foreign_output_share=0.1)
    ).set_index("mode")
    assert low.loc["production platform", "applies"]


def test_mode_indicator_table_overrides(mini):
    ind = pd.DataFrame(
        {
            "region_id": ["OH", "OH", "GD"],
            "indicator": ["export_share"] * 3,
            "year": [2018, 2020, 2020],
            "value": [0.1, 0.9, 0.2],
        }
    )
    out = mode_indicators(_flows(mini), mini.firms, mini.regions, "OH", indicators=ind)
    row = out.set_index("indicator").loc["export_share"]
    assert row["value"] == 0.9
    assert row["source"] == "indicators table"


def test_analyse_coupling_uses_focal_region(mini):
    res = analyse_coupling(mini)
    assert res.region == "OH"
    assert set(res.tables()) >= {"profile_scale", "events", "mode"}
    only20 = analyse_coupling(mini, year_from=2020)
    assert set(only20.flows["year"]) == {2020}


_SCALES = [s.value for s in Scale]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["sales", "sourcing"]),
            st.integers(2018, 2021),
            st.sampled_from(_SCALES),
            st.sampled_from(["p1", "p2", "p3", None]),
            st.floats(0.0, 1e6, allow_nan=False),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_property_profile_shares_sum_to_one(rows):
    f = pd.DataFrame(rows, columns=["flow", "year", "scale", "partner_id", "value"])
    f["year"] = f["year"].astype("Int64")
    f["segment_id"] = "s"
    f["partner_is_lead"] = pd.array([True] * len(f), dtype="boolean")
    f["partner_foreign"] = f["scale"].isin(["global", "supranational"])
    for by in ("scale", "partner"):
        prof = coupling_profile(f, by)
        tot = prof.groupby(["flow", "year"])["value"].sum()
        sums = prof.groupby(["flow", "year"])["share"].sum()
        assert np.allclose(sums[tot > 0], 1.0)
    d = coupling_diversity(f)
    ok = d["value"] > 0
    assert ((d.loc[ok, "diversity"] >= -1e-12) & (d.loc[ok, "diversity"] <= 1)).all()
    assert (d.loc[ok, "entropy"] <= d.loc[ok, "entropy_max"] + 1e-9).all()
    ev = coupling_events(f)
    # every relation that appears or disappears is an event
    assert set(ev["kind"]) <= {"new", "end", "growth", "decline"}
    assert ((ev["event"] == "decoupling") == (ev["change"] < 0)).all()


def test_partner_profile_top_n_sums_the_rest(mini):
    prof = coupling_profile(_flows(mini), "partner", top_n=1)
    s20 = prof[(prof["flow"] == "sales") & (prof["year"] == 2020)].set_index("partner_id")
    assert set(s20.index) == {"b_gd", "(other partners)"}
    assert s20.loc["(other partners)", "value"] == pytest.approx(30 + 40 + 10)
    assert s20["share"].sum() == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 50), st.floats(0, 10)), max_size=60),
)
def test_property_group_sum_dense_and_sorted_paths_agree(rows):
    import chainchief.coupling.codes as codes

    a = np.array([r[0] for r in rows], dtype=np.int64)
    b = np.array([r[1] for r in rows], dtype=np.int64)
    v = np.array([r[2] for r in rows], dtype=float)
    dense = codes.group_sum([a, b], [4, 51], v)
    old = codes.DENSE_MAX_SPACE
    try:
        codes.DENSE_MAX_SPACE = 0  # force the sorting path
        sorted_ = codes.group_sum([a, b], [4, 51], v)
        hashed = codes.group_sum([a, b], [4, 51], v, ordered=False)
    finally:
        codes.DENSE_MAX_SPACE = old
    for x, y in zip(dense[0], sorted_[0], strict=True):
        assert np.array_equal(x, y)
    assert np.allclose(dense[1], sorted_[1])
    assert np.array_equal(dense[2], sorted_[2])
    # hashed groups: same sums per row, in order of appearance
    assert np.allclose(hashed[1][hashed[2]], dense[1][dense[2]])
    pairs = {(int(x), int(y)) for x, y in zip(a, b, strict=True)}
    assert len(dense[1]) == len(pairs)


def test_positions_duckdb_path_matches_pandas():
    from chainchief.coupling.flows import DUCKDB_MIN_ROWS, positions

    rng = np.random.default_rng(3)
    index = pd.Series([f"F{i:06d}" for i in range(5000)], dtype="str")
    picks = rng.integers(0, 5200, DUCKDB_MIN_ROWS + 10)  # some ids are not in the index
    values = pd.Series([f"F{i:06d}" for i in picks], dtype="str")
    values.iloc[7] = None
    got = positions(values, index)
    want = pd.Index(index).get_indexer(pd.Index(values))
    assert np.array_equal(got, want)
    assert got[7] == -1
