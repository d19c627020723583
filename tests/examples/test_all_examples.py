"""Properties every example must have: schema, keys, validity, determinism, provenance."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pycountry
import pytest

from chainchief.examples import DEFAULT_SEEDS, EXAMPLES, build, build_tables, load
from chainchief.model.enums import LinkStatus
from chainchief.model.regions import relation_scales
from chainchief.model.schema import REQUIRED_TABLES, TABLES
from chainchief.package import read_package
from examples.example_helpers import Built, focal_firms

NAMES = sorted(EXAMPLES)
DTYPES = {"str": "str", "int": "Int64", "float": "float64", "bool": "boolean"}
REAL_NAMES = ("tongda", "oko ", "hengda", "kaadas", "zonzen", "topsight", "squacy", "starry",
              "xinnong", "msd", "merck", "hengrui", "luxottica", "essilor")  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_core_columns_in_order_with_schema_dtypes(
    all_examples: dict[str, Built], name: str
) -> None:
    _, tables = all_examples[name]
    assert set(REQUIRED_TABLES) <= set(tables)
    for tname, df in tables.items():
        spec = TABLES[tname]
        assert list(df.columns[: len(spec.columns)]) == spec.column_names, tname
        for col in spec.columns:
            if col.dtype in DTYPES:
                assert str(df[col.name].dtype) == DTYPES[col.dtype], (tname, col.name)
            if col.required:
                assert df[col.name].notna().all(), (tname, col.name)


@pytest.mark.parametrize("name", NAMES)
def test_keys_unique_and_foreign_keys_resolve(all_examples: dict[str, Built], name: str) -> None:
    _, t = all_examples[name]
    for tname, df in t.items():
        key = list(TABLES[tname].key)
        if key:
            assert not df.duplicated(key).any(), tname
    firms, inst, regions = (
        set(t["firms"]["firm_id"]),
        set(t["institutions"]["institution_id"]),
        set(t["regions"]["region_id"]),
    )
    assert not firms & inst
    seg = set(zip(t["segments"]["chain_id"], t["segments"]["segment_id"], strict=True))
    assert set(t["firms"]["region_id"]) <= regions
    assert set(t["institutions"]["region_id"]) <= regions
    assert set(t["regions"]["parent_id"].dropna()) <= regions
    assert set(t["supply_links"]["supplier_id"]) | set(t["supply_links"]["buyer_id"]) <= firms
    assert set(t["sales"]["firm_id"]) | set(t["sales"]["buyer_id"].dropna()) <= firms
    assert set(t["sales"]["market_region_id"]) <= regions
    kl = t["knowledge_links"]
    assert set(kl["source_id"]) | set(kl["target_id"]) <= firms | inst
    assert set(t["roles"]["holder_id"]) <= firms | inst
    assert set(t["indicators"]["region_id"]) <= regions
    for tname in ("firm_segments", "supply_links"):
        df = t[tname]
        assert set(zip(df["chain_id"], df["segment_id"], strict=True)) <= seg, tname
    ind = t["indicators"].dropna(subset=["chain_id", "industry_code"])
    assert set(zip(ind["chain_id"], ind["industry_code"], strict=True)) <= seg
    for chain, g in t["segment_edges"].groupby("chain_id"):
        graph = nx.DiGraph(list(zip(g["from_segment"], g["to_segment"], strict=True)))
        assert nx.is_directed_acyclic_graph(graph), chain


@pytest.mark.parametrize("name", NAMES)
def test_value_ranges(all_examples: dict[str, Built], name: str) -> None:
    _, t = all_examples[name]
    f = t["firms"]
    modes = f[["oem_share", "odm_share", "obm_share"]]
    assert ((modes >= 0) & (modes <= 1)).all().all()
    assert (modes.sum(axis=1) <= 1 + 1e-9).all()
    for col in ("employees", "revenue", "value_added", "rnd_spend", "patents", "own_brands"):
        assert (f[col] >= 0).all(), col
    fs = t["firm_segments"]
    assert (fs.groupby("firm_id")["share"].sum() <= 1 + 1e-9).all()
    assert (
        fs["capacity"] >= fs["firm_id"].map(f.set_index("firm_id")["revenue"]) * fs["share"] - 1e3
    ).all()
    sl = t["supply_links"]
    for col in ("complexity", "codifiability"):
        assert sl[col].between(0, 1).all(), col
    assert (sl["value"] >= 0).all() and (sl["lead_time_days"] >= 0).all()
    assert (sl["supplier_id"] != sl["buyer_id"]).all()
    assert set(sl["status"]) <= {s.value for s in LinkStatus}
    assert set(sl["source"]) <= {"survey", "customs record", "interview", "model"}
    assert (t["sales"]["value"] >= 0).all()
    assert (t["segments"].groupby("chain_id")["va_share"].sum() <= 1 + 1e-9).all()


@pytest.mark.parametrize("name", NAMES)
def test_region_codes(all_examples: dict[str, Built], name: str) -> None:
    desc, t = all_examples[name]
    r = t["regions"]
    iso = set(r["iso3"].dropna())
    assert iso and all(pycountry.countries.get(alpha_3=c) is not None for c in iso)
    assert (r.loc[r["iso3"].notna(), "scale"] == "national").all()
    scale_of = r.set_index("region_id")["scale"]
    code_of = r.set_index("region_id")["gb2260"]
    for rid, code, scale, parent in zip(
        r["region_id"], r["gb2260"], r["scale"], r["parent_id"], strict=True
    ):
        if not isinstance(code, str):
            continue
        assert len(code) == 6 and code.isdigit(), rid
        if scale == "province":
            assert code.endswith("0000")
        elif scale == "prefecture":
            assert code.endswith("00") and code[2:4] != "00"
            assert code_of[parent][:2] == code[:2]
        else:
            assert scale == "local" and not code.endswith("00")
            assert code_of[parent][:4] == code[:4]
    for rid in desc["focal_regions"]:
        assert scale_of[rid] == "local"
    assert r["lat"].dropna().between(-90, 90).all() and r["lon"].dropna().between(-180, 180).all()


@pytest.mark.parametrize("name", NAMES)
def test_lead_times_grow_with_the_scale_of_the_relation(
    all_examples: dict[str, Built], name: str
) -> None:
    _, t = all_examples[name]
    sl = t["supply_links"]
    region = t["firms"].set_index("firm_id")["region_id"]
    scale = relation_scales(t["regions"], sl["supplier_id"].map(region), sl["buyer_id"].map(region))
    mean = sl.groupby(scale.astype(str))["lead_time_days"].mean()
    assert mean["local"] < mean.get("national", mean["local"] + 1)
    assert mean["local"] < max(mean.get("global", 0), mean.get("supranational", 0))


@pytest.mark.parametrize("name", NAMES)
def test_iccm_roles(all_examples: dict[str, Built], name: str) -> None:
    desc, t = all_examples[name]
    roles = t["roles"]
    inst = t["institutions"].set_index("institution_id")["kind"]
    firms = focal_firms(all_examples[name]).set_index("firm_id")
    for role in ("general_chief", "chief", "deputy_chief"):
        holders = roles.loc[roles["role"] == role, "holder_id"]
        assert len(holders) == 1 and (holders.map(inst) == "government").all(), role
    mentor = roles.loc[roles["role"] == "mentor", "holder_id"]
    assert (mentor.map(inst) == "association").all() and len(mentor) == 1
    owners = roles.loc[roles["role"] == "owner", "holder_id"]
    assert len(owners) >= 3 and firms.loc[owners, "is_lead"].all()
    assert (roles["role"] == "expert").any()
    assert set(roles["chain_id"]) <= set(desc["chains"])


@pytest.mark.parametrize("name", NAMES)
def test_descriptor_and_invented_names(all_examples: dict[str, Built], name: str) -> None:
    desc, t = all_examples[name]
    assert desc["name"] == name and desc["synthetic"] is True and desc["currency"] == "CNY"
    assert desc["generator"]["seed"] == DEFAULT_SEEDS[name]
    titles = " ".join(s["title"] for s in desc["sources"]).lower()
    assert "invented" in titles
    assert all(s.get("author") and s.get("year") and s.get("used_for") for s in desc["sources"])
    names = " ".join(t["firms"]["name"]).lower() + " "
    for real in REAL_NAMES:
        assert real not in names, real
    assert t["firms"]["name"].is_unique


@pytest.mark.parametrize("name", NAMES)
def test_national_reference_output_for_every_segment(
    all_examples: dict[str, Built], name: str
) -> None:
    _, t = all_examples[name]
    ind = t["indicators"]
    nat = ind[(ind["region_id"] == "CHN") & (ind["indicator"] == "output")]
    seg = t["segments"]
    assert set(zip(seg["chain_id"], seg["segment_id"], strict=True)) == set(
        zip(nat["chain_id"], nat["industry_code"], strict=True)
    )
    assert (nat["value"] > 0).all()


@pytest.mark.parametrize("name", NAMES)
def test_deterministic_for_a_seed_and_different_for_another(
    all_examples: dict[str, Built], name: str
) -> None:
    desc, tables = all_examples[name]
    desc2, again = build_tables(name)
    assert desc == desc2
    for tname, df in tables.items():
        pd.testing.assert_frame_equal(df, again[tname], obj=tname)
    _, other = build_tables(name, seed=DEFAULT_SEEDS[name] + 1)
    assert not other["supply_links"]["value"].equals(tables["supply_links"]["value"])


@pytest.mark.parametrize("name", NAMES)
def test_built_package_validates_with_zero_problems(tmp_path: Path, name: str) -> None:
    path = build(name, tmp_path / name)
    assert (path / "datapackage.json").is_file()
    pkg = read_package(path)
    assert pkg.descriptor["synthetic"] is True
    assert len(pkg.firms) == len(load(name).firms)


def test_parquet_package_reads_back_the_same_firms(tmp_path: Path) -> None:
    path = build("xianju-pharma", tmp_path / "x", fmt="parquet")
    assert (path / "firms.parquet").is_file()
    pkg = read_package(path)
    mem = load("xianju-pharma")
    pd.testing.assert_frame_equal(pkg.firms, mem.firms)


def test_build_without_out_dir_returns_the_package() -> None:
    pkg = build("xianju-pharma")
    assert pkg.name == "xianju-pharma" and len(pkg.supply_links) > 0


def test_unknown_example_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown example"):
        build_tables("nowhere")


@pytest.mark.parametrize(
    ("name", "code"),
    [("ouhai-eyewear", "358"), ("xianju-pharma", "271"), ("datang-hosiery", "176")],
)
def test_county_industry_matrix_for_relatedness(
    all_examples: dict[str, Built], name: str, code: str
) -> None:
    desc, t = all_examples[name]
    ind = t["indicators"]
    rows = ind[ind["indicator"] == "industry_employment"]
    assert rows["chain_id"].isna().all()
    assert rows["industry_code"].str.fullmatch(r"\d{3}").all()
    m = rows.pivot_table(index="region_id", columns="industry_code", values="value", aggfunc="sum")
    assert m.shape[0] >= 15 and m.shape[1] >= 30 and (m.to_numpy() >= 0).all()
    rca = m.div(m.sum(axis=1), axis=0).div(m.sum(axis=0) / m.to_numpy().sum(), axis=1)
    focal = desc["focal_regions"][0]
    assert rca.loc[focal, code] > 3
    # the focal chain industry's employment is the chain's employment in the example
    f = focal_firms(all_examples[name])
    own = m.loc[focal, ["271", "272"]].sum() if code == "271" else m.loc[focal, code]
    assert own == f["employees"].sum()


@pytest.mark.parametrize("name", NAMES)
def test_knowledge_gatekeepers_are_design_centre_and_research_institute(
    all_examples: dict[str, Built], name: str
) -> None:
    desc, t = all_examples[name]
    inst = t["institutions"].set_index("institution_id")
    kl = t["knowledge_links"]
    where = pd.concat([t["firms"].set_index("firm_id")["region_id"], inst["region_id"]]).to_dict()
    focal = set(desc["focal_regions"])
    kl = kl.assign(
        src_local=kl["source_id"].map(where).isin(focal),
        tgt_local=kl["target_id"].map(where).isin(focal),
    )
    nodes = pd.concat([kl["source_id"], kl["target_id"]]).unique()
    score = {}
    for n in nodes:
        if where.get(n) not in focal:
            continue
        mine = kl[(kl["source_id"] == n) | (kl["target_id"] == n)]
        outside = int((~(mine["src_local"] & mine["tgt_local"])).sum())
        inside = int((mine["src_local"] & mine["tgt_local"]).sum())
        score[n] = min(outside, inside)
    top2 = sorted(score, key=lambda k: -score[k])[:2]
    assert {inst.loc[i, "kind"] for i in top2} == {"design_centre", "research_institute"}
    assert np.all([score[i] >= 5 for i in top2])
