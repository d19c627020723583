"""Schema conformance, ids, foreign keys and value rules of synthetic packages."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pycountry
import pytest

from chainchief.examples.synthetic import CHAIN_TEMPLATES, generate_synthetic
from chainchief.model.enums import LinkStatus, Ownership, RoleKind, Scale
from chainchief.model.schema import TABLE_ORDER, TABLES

PANDAS = {
    "str": "str",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
}


def test_every_table_has_exactly_the_core_columns_and_dtypes(small):
    _, tables = small
    assert list(tables) == list(TABLE_ORDER)
    for name, df in tables.items():
        spec = TABLES[name]
        assert list(df.columns) == spec.column_names, name
        for col in spec.columns:
            assert str(df[col.name].dtype) == PANDAS[col.dtype], (
                name,
                col.name,
                df[col.name].dtype,
            )
        assert len(df) > 0, name
        assert isinstance(df.index, pd.RangeIndex)


def test_counts_are_exact(small):
    desc, tables = small
    assert len(tables["firms"]) == 3_000
    assert len(tables["supply_links"]) == 24_000
    assert desc["name"] == "synthetic-3000"
    assert desc["synthetic"] is True
    assert desc["chains"] == ["eyewear", "pharma", "hosiery"]


def test_required_values_are_filled(small):
    _, tables = small
    for name, df in tables.items():
        for col in TABLES[name].columns:
            if col.required:
                assert df[col.name].notna().all(), (name, col.name)


def test_ids_are_unique(small):
    _, t = small
    for name in ("regions", "firms", "institutions"):
        key = list(TABLES[name].key)
        assert not t[name].duplicated(key).any(), name
    assert not t["segments"].duplicated(["chain_id", "segment_id"]).any()
    assert not t["firm_segments"].duplicated(["firm_id", "chain_id", "segment_id"]).any()
    assert not t["institutions"]["institution_id"].isin(t["firms"]["firm_id"]).any()


def test_every_foreign_key_resolves(small):
    _, t = small
    for name, spec in TABLES.items():
        df = t[name]
        for fk in spec.foreign_keys:
            cols = list(fk.columns)
            given = df[cols].notna().all(axis=1)
            src = pd.MultiIndex.from_frame(df.loc[given, cols])
            found = np.zeros(len(src), dtype=bool)
            for target, tcols in fk.targets:
                tgt = pd.MultiIndex.from_frame(t[target][list(tcols)].drop_duplicates())
                found |= src.isin(tgt)
            assert found.all(), (name, cols, src[~found][:5].tolist())


def test_enumerations_and_ranges(small):
    _, t = small
    for name, spec in TABLES.items():
        df = t[name]
        for col in spec.columns:
            s = df[col.name].dropna()
            if col.enum is not None:
                assert s.isin([e.value for e in col.enum]).all(), (name, col.name)
            if col.min is not None:
                assert (s.astype(float) >= col.min).all(), (name, col.name)
            if col.max is not None:
                assert (s.astype(float) <= col.max).all(), (name, col.name)
    f = t["firms"]
    assert (f[["oem_share", "odm_share", "obm_share"]].sum(axis=1) <= 1 + 1e-12).all()
    assert (t["firm_segments"].groupby("firm_id")["share"].sum() <= 1 + 1e-12).all()
    assert (t["segments"].groupby("chain_id")["va_share"].sum() <= 1 + 1e-12).all()
    assert set(f["ownership"]) <= {o.value for o in Ownership}
    assert set(t["supply_links"]["status"]) == {s.value for s in LinkStatus}
    assert set(t["roles"]["role"]) == {r.value for r in RoleKind}


def test_no_self_links_and_no_repeated_pairs(small):
    _, t = small
    sl, kl = t["supply_links"], t["knowledge_links"]
    assert (sl["supplier_id"] != sl["buyer_id"]).all()
    assert not sl.duplicated(["supplier_id", "buyer_id"]).any()
    assert (kl["source_id"] != kl["target_id"]).all()
    assert sl["source"].isin(["survey", "customs record", "interview", "model"]).all()
    # a verified link abroad is known from a customs record, an inferred one from a model
    assert (sl.loc[sl["status"] == "inferred", "source"] == "model").all()


def test_segment_graphs_are_acyclic_templates(small):
    _, t = small
    for chain, g in t["segment_edges"].groupby("chain_id"):
        graph = nx.DiGraph(list(zip(g["from_segment"], g["to_segment"], strict=True)))
        assert nx.is_directed_acyclic_graph(graph), chain
        assert len(g) == len(CHAIN_TEMPLATES[chain][1])
    stage = t["segments"].set_index(["chain_id", "segment_id"])["stage"]
    rank = stage.map({"upstream": 0, "midstream": 1, "downstream": 2})
    e = t["segment_edges"]
    a = rank.loc[list(zip(e["chain_id"], e["from_segment"], strict=True))].to_numpy()
    b = rank.loc[list(zip(e["chain_id"], e["to_segment"], strict=True))].to_numpy()
    assert (a <= b).all()  # no edge runs from downstream back upstream


def test_links_follow_the_chain_dag(small):
    _, t = small
    sl, fs, e = t["supply_links"], t["firm_segments"], t["segment_edges"]
    pairs = pd.MultiIndex.from_frame(fs[["firm_id", "chain_id", "segment_id"]])
    # the supplier works in the delivered segment ...
    sup = pd.MultiIndex.from_frame(sl[["supplier_id", "chain_id", "segment_id"]])
    assert sup.isin(pairs).all()
    # ... and the buyer in a segment that this segment supplies along a template edge
    m = sl.merge(
        fs,
        left_on=["buyer_id", "chain_id"],
        right_on=["firm_id", "chain_id"],
        suffixes=("", "_buyer"),
    )
    m = m.merge(
        e,
        left_on=["chain_id", "segment_id", "segment_id_buyer"],
        right_on=["chain_id", "from_segment", "to_segment"],
        how="left",
    )
    ok = m.assign(ok=m["to_segment"].notna()).groupby(["supplier_id", "buyer_id"])["ok"].any()
    assert len(ok) == len(sl)
    assert ok.all()


def test_values_are_consistent_with_firm_revenue(small):
    _, t = small
    sl = t["supply_links"]
    rev = t["firms"].set_index("firm_id")["revenue"]
    sold = sl.groupby("supplier_id")["value"].sum()
    assert (sold <= rev.loc[sold.index] + 1e-6).all()
    sales = t["sales"].groupby("firm_id")["value"].sum()
    assert np.allclose(sales.to_numpy(), rev.loc[sales.index].to_numpy(), rtol=1e-3, atol=0.01)
    assert (t["firm_segments"]["capacity"] >= 0).all()


def test_region_tree_and_codes(small):
    _, t = small
    r = t["regions"].set_index("region_id")
    rank = {s.value: s.rank for s in Scale}
    roots = r[r["parent_id"].isna()]
    assert list(roots.index) == ["WORLD"]
    has_parent = r["parent_id"].notna()
    parent_rank = r.loc[has_parent, "parent_id"].map(r["scale"].map(rank))
    assert (parent_rank > r.loc[has_parent, "scale"].map(rank)).all()
    countries = r[r["scale"] == "national"]
    assert 30 <= len(countries) <= 40
    assert countries["iso3"].map(lambda c: pycountry.countries.get(alpha_3=c) is not None).all()
    assert (countries.index == countries["iso3"]).all()
    assert len(r[r["scale"] == "supranational"]) >= 3
    cn = r[r["gb2260"].notna()]
    code, scale = cn["gb2260"], cn["scale"]
    assert code.str.fullmatch(r"\d{6}").all()
    prov = cn[scale == "province"]
    assert len(prov) == 31
    assert prov["gb2260"].str.endswith("0000").all()
    assert set(prov["gb2260"].str[:2]) == {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    }
    assert (prov["parent_id"] == "CHN").all()
    pref = cn[scale == "prefecture"]
    assert (pref["gb2260"].str[4:] == "00").all() and (pref["gb2260"].str[2:4] != "00").all()
    county = cn[scale == "local"]
    assert (county["gb2260"].str[4:] != "00").all()
    pcode = r["gb2260"]
    assert (pref["gb2260"].str[:2] == pref["parent_id"].map(pcode).str[:2]).all()
    assert (county["gb2260"].str[:4] == county["parent_id"].map(pcode).str[:4]).all()
    assert r["lat"].dropna().between(-90, 90).all() and r["lon"].dropna().between(-180, 180).all()
    assert r.loc[r["scale"] != "global", "lat"].notna().all()
    # Zhejiang's capital is near 30.3 N, 120.2 E
    assert (
        abs(r.loc["CN330000", "lat"] - 30.3) < 0.5 and abs(r.loc["CN330000", "lon"] - 120.2) < 0.5
    )


def test_firms_sit_in_counties_or_countries(small):
    _, t = small
    scale = t["firms"]["region_id"].map(t["regions"].set_index("region_id")["scale"])
    assert set(scale) == {"local", "national"}
    assert not (t["firms"]["region_id"] == "CHN").any()


def test_indicators_give_national_output_for_every_segment(small):
    desc, t = small
    ind = t["indicators"]
    year = desc["reference_year"]
    nat = ind[(ind["region_id"] == "CHN") & (ind["indicator"] == "output") & (ind["year"] == year)]
    segs = t["segments"]
    got = set(zip(nat["chain_id"], nat["industry_code"], strict=True))
    assert got == set(zip(segs["chain_id"], segs["segment_id"], strict=True))
    assert (nat["value"] > 0).all()
    years = sorted(ind["year"].unique())
    assert years == list(range(year - 4, year + 1))
    focal = desc["focal_regions"][0]
    local = ind[(ind["region_id"] == focal) & (ind["indicator"] == "output")]
    assert len(local) > 0
    # national output covers the focal county's output in every segment and year
    both = local.merge(
        nat[["chain_id", "industry_code", "value"]],
        on=["chain_id", "industry_code"],
        suffixes=("", "_nat"),
    )
    assert (
        both.loc[both["year"] == year, "value"] < both.loc[both["year"] == year, "value_nat"]
    ).all()


def test_roles_sit_in_the_focal_county(small):
    desc, t = small
    roles = t["roles"]
    focal = desc["focal_regions"][0]
    assert (roles["region_id"] == focal).all()
    for chain in desc["chains"]:
        got = set(roles.loc[roles["chain_id"] == chain, "role"])
        assert {"chief", "mentor", "general_chief"} <= got
    owners = roles.loc[roles["role"] == "owner", "holder_id"]
    firms = t["firms"].set_index("firm_id")
    assert firms.loc[owners, "is_lead"].all()
    assert (firms.loc[owners, "region_id"] == focal).all()


def test_one_chain_only():
    desc, t = generate_synthetic(500, 2_000, seed=3, chains=["pharma"])
    assert desc["chains"] == ["pharma"]
    assert set(t["segments"]["chain_id"]) == {"pharma"}
    assert set(t["supply_links"]["chain_id"]) == {"pharma"}
    assert len(t["supply_links"]) == 2_000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_firms": 5, "n_links": 10}, "at least 10"),
        ({"n_firms": 100, "n_links": -1}, "negative"),
        ({"n_firms": 100, "n_links": 10, "chains": ["cars"]}, "chains must be"),
        ({"n_firms": 100, "n_links": 10, "chains": []}, "chains must be"),
        ({"n_firms": 30, "n_links": 5_000}, "distinct supply links"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        generate_synthetic(**kwargs)


def test_zero_links_gives_an_empty_typed_table():
    _, t = generate_synthetic(200, 0, seed=1)
    sl = t["supply_links"]
    assert len(sl) == 0
    assert list(sl.columns) == TABLES["supply_links"].column_names
    assert str(sl["value"].dtype) == "float64" and str(sl["year"].dtype) == "Int64"
    assert len(t["firms"]) == 200 and len(t["knowledge_links"]) > 0
