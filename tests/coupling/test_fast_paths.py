"""The bulk id-matching paths of ``coupling_flows`` equal the reference (pandas) path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import chainchief.coupling.flows as flows_mod
from chainchief.coupling import analyse_coupling, coupling_flows
from chainchief.coupling.match import match_two, same_ids, small_positions


def _random_network(seed: int, n_firms: int = 300, n_links: int = 2000, n_sales: int = 800):
    rng = np.random.default_rng(seed)
    regions = pd.DataFrame(
        {
            "region_id": ["W", "CN", "P1", "P2", "Q1", "Q2", "L1", "L2", "L3", "US"],
            "name": list("abcdefghij"),
            "scale": [
                "global",
                "national",
                "province",
                "province",
                "prefecture",
                "prefecture",
                "local",
                "local",
                "local",
                "national",
            ],
            "parent_id": [None, "W", "CN", "CN", "P1", "P2", "Q1", "Q1", "Q2", "W"],
        }
    ).astype("str")
    ids = np.array([f"F{i:04d}" for i in range(n_firms)], dtype=object)
    places = np.array(["L1", "L2", "L3", "Q2", "P2", "CN", "US"], dtype=object)
    firms = pd.DataFrame(
        {
            "firm_id": pd.array(ids, dtype="str"),
            "name": pd.array(ids, dtype="str"),
            "region_id": pd.array(places[rng.integers(0, len(places), n_firms)], dtype="str"),
            "is_lead": pd.array(rng.random(n_firms) < 0.1, dtype="boolean"),
            "revenue": rng.gamma(1.0, 10.0, n_firms),
        }
    )
    segs = np.array(["s1", "s2", "s3"], dtype=object)
    fs_order = rng.permutation(n_firms)  # firm_segments not in firms' order
    firm_segments = pd.DataFrame(
        {
            "firm_id": pd.array(ids[fs_order], dtype="str"),
            "chain_id": pd.array(np.where(rng.random(n_firms) < 0.8, "c1", "c2"), dtype="str"),
            "segment_id": pd.array(segs[rng.integers(0, 3, n_firms)], dtype="str"),
            "share": 1.0,
        }
    )
    supply = pd.DataFrame(
        {
            "supplier_id": pd.array(ids[rng.integers(0, n_firms, n_links)], dtype="str"),
            "buyer_id": pd.array(ids[rng.integers(0, n_firms, n_links)], dtype="str"),
            "chain_id": pd.array(np.where(rng.random(n_links) < 0.7, "c1", "c2"), dtype="str"),
            "segment_id": pd.array(
                np.array(["s1", "s2", "s4", "s5"], dtype=object)[rng.integers(0, 4, n_links)],
                dtype="str",
            ),
            "value": rng.gamma(1.0, 5.0, n_links),
            "year": pd.array(rng.choice([2018, 2019, 2020], n_links), dtype="Int64"),
        }
    )
    buyers = ids[rng.integers(0, n_firms, n_sales)].astype(object)
    buyers[rng.random(n_sales) < 0.2] = None  # unknown buyers
    sales = pd.DataFrame(
        {
            "firm_id": pd.array(ids[rng.integers(0, n_firms, n_sales)], dtype="str"),
            "market_region_id": pd.array(
                np.array(["US", "CN", "P2", "L3", "Q1"], dtype=object)[rng.integers(0, 5, n_sales)],
                dtype="str",
            ),
            "buyer_id": pd.array(buyers, dtype="str"),
            "value": rng.gamma(1.0, 20.0, n_sales),
            "year": pd.array(rng.choice([2019, 2020], n_sales), dtype="Int64"),
        }
    )
    return regions, firms, firm_segments, supply, sales


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("chain", [None, "c1"])
def test_bulk_matching_equals_reference_path(monkeypatch, seed, chain):
    regions, firms, fsegs, supply, sales = _random_network(seed)
    kw = dict(sales=sales, supply_links=supply, firm_segments=fsegs, chain=chain)
    monkeypatch.setattr(flows_mod, "DUCKDB_MIN_ROWS", 10**9)  # reference: pandas lookups
    want = coupling_flows(regions, firms, "Q1", **kw)
    monkeypatch.setattr(flows_mod, "DUCKDB_MIN_ROWS", 1)  # every table takes the bulk path
    got = coupling_flows(regions, firms, "Q1", **kw)
    assert len(want) > 0 and (want["flow"] == "sourcing").any() and (want["flow"] == "sales").any()
    pd.testing.assert_frame_equal(got, want)


def test_bulk_matching_analysis_equal(monkeypatch):
    regions, firms, fsegs, supply, sales = _random_network(5)
    from types import SimpleNamespace

    data = SimpleNamespace(
        descriptor={"focal_regions": ["Q1"]},
        regions=regions,
        firms=firms,
        firm_segments=fsegs,
        supply_links=supply,
        sales=sales,
        indicators=None,
    )
    monkeypatch.setattr(flows_mod, "DUCKDB_MIN_ROWS", 10**9)
    want = analyse_coupling(data)
    monkeypatch.setattr(flows_mod, "DUCKDB_MIN_ROWS", 1)
    got = analyse_coupling(data)
    for name, frame in want.tables().items():
        pd.testing.assert_frame_equal(got.tables()[name], frame, obj=name)


def test_bulk_matching_reports_unknown_ids(monkeypatch):
    regions, firms, _fsegs, supply, sales = _random_network(1)
    monkeypatch.setattr(flows_mod, "DUCKDB_MIN_ROWS", 1)
    bad = supply.copy()
    bad.loc[5, "buyer_id"] = "NOPE"
    with pytest.raises(KeyError, match="NOPE"):
        coupling_flows(regions, firms, "Q1", supply_links=bad)
    bad_s = sales.copy()
    bad_s.loc[3, "firm_id"] = "NOSELLER"
    with pytest.raises(KeyError, match="NOSELLER"):
        coupling_flows(regions, firms, "Q1", sales=bad_s)


def test_match_helpers_by_hand():
    index = pd.Series(["a", "b", "c", "d"], dtype="str")
    first = pd.Series(["b", "x", "d", "a", None], dtype="str")
    second = pd.Series(["c", "a", "zz", "d", "b"], dtype="str")
    select = np.array([False, True, False, True])  # b and d are selected
    fp, keep, sp = match_two(first, second, index, select)
    assert fp.tolist() == [1, -1, 3, 0, -1]
    assert keep.tolist() == [True, False, True, False, False]
    assert sp.tolist() == [2, -1]  # "c" at 2, "zz" absent
    got = small_positions(pd.Series(["d", None, "q", "a"], dtype="str"), index)
    assert got.tolist() == [3, -1, -1, 0]
    assert small_positions(first, index, np.array([1, 0, 0, 1, 1], bool)).tolist() == [1, 0, -1]
    assert same_ids(index, pd.Index(index)) and not same_ids(index, index[::-1])
