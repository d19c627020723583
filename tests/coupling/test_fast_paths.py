"""The bulk id-matching paths of ``coupling_flows`` equal the reference (pandas) path."""

from __future__ import annotations

from itertools import pairwise

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


def _reference_event_kinds(flows: pd.DataFrame, p) -> dict[tuple, tuple]:
    """Plain pandas: (flow, year_from, segment, scale, partner) -> (kind, v0, v1)."""
    f = flows.copy()
    for c in ("flow", "segment_id", "scale", "partner_id"):
        f[c] = f[c].astype(object)
    f["partner_id"] = f["partner_id"].where(f["partner_id"].notna(), "(unknown)")
    f["segment_id"] = f["segment_id"].where(f["segment_id"].notna(), "(all)")
    out = {}
    for flow, g in f.groupby("flow"):
        wide = g.pivot_table(
            index=["segment_id", "scale", "partner_id"],
            columns="year",
            values="value",
            aggfunc="sum",
            fill_value=0.0,
        )
        years = sorted(int(y) for y in g["year"].unique())
        for y0, y1 in pairwise(years):
            for key, row in wide.iterrows():
                v0, v1 = float(row.get(y0, 0.0)), float(row.get(y1, 0.0))
                if not (v0 >= p.min_value or v1 >= p.min_value):
                    continue
                if v0 <= 0 and v1 > 0:
                    kind = "new"
                elif v0 > 0 and v1 <= 0:
                    kind = "end"
                elif v0 > 0 and (v1 - v0) / v0 >= p.growth_threshold:
                    kind = "growth"
                elif v0 > 0 and (v1 - v0) / v0 <= -p.decline_threshold:
                    kind = "decline"
                else:
                    continue
                out[(flow, y0, *key)] = (kind, v0, v1)
    return out


@pytest.mark.parametrize("seed", [3, 4])
def test_events_equal_plain_reference(seed):
    from chainchief.coupling import CouplingParams, coupling_events

    regions, firms, fsegs, supply, sales = _random_network(seed, n_links=600, n_sales=300)
    flows = coupling_flows(
        regions, firms, "Q1", sales=sales, supply_links=supply, firm_segments=fsegs
    )
    p = CouplingParams(min_value=2.0)
    ev = coupling_events(flows, p)
    want = _reference_event_kinds(flows, p)
    got = {
        (r.flow, int(r.year_from), r.segment_id, r.scale, r.partner_id): (
            r.kind,
            r.value_from,
            r.value_to,
        )
        for r in ev.astype(object).itertuples()
    }
    assert len(want) > 20
    assert got.keys() == want.keys()
    for k, (kind, v0, v1) in want.items():
        assert got[k][0] == kind
        assert got[k][1] == pytest.approx(v0) and got[k][2] == pytest.approx(v1)
    # rows come sorted by flow, period, segment, event, then change
    seg_code = ev["segment_id"].cat.codes.to_numpy()
    key = list(
        zip(
            ev["flow"].astype(str),
            ev["year_from"].astype(int),
            seg_code,
            ev["event"].cat.codes.to_numpy(),
            ev["change"],
            strict=True,
        )
    )
    assert key == sorted(key)


@pytest.mark.parametrize("seed", range(4))
def test_sort_helpers_equal_lexsort(seed):
    from chainchief.coupling.codes import rank_within
    from chainchief.coupling.events import _lexsort2

    rng = np.random.default_rng(seed)
    n = 5000
    vals = rng.integers(0, 30, n).astype(float)  # many ties
    vals[rng.random(n) < 0.05] = -0.0
    groups = rng.integers(0, 40, n)
    big = groups * 100_000  # keys beyond the int16 radix path
    assert np.array_equal(_lexsort2(vals, groups), np.lexsort((vals, groups)))
    assert np.array_equal(_lexsort2(vals, big), np.lexsort((vals, big)))
    order = np.lexsort((-vals, groups))
    g = groups[order]
    start = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    want = np.empty(n, dtype=np.int64)
    want[order] = np.arange(n) - np.repeat(start, np.diff(np.r_[start, n]))
    assert np.array_equal(rank_within(groups, vals), want)


def test_partner_main_scale_is_the_largest_first():
    from chainchief.coupling.profile import _partner_table

    regions, firms, fsegs, supply, sales = _random_network(7, n_links=3000)
    flows = coupling_flows(
        regions, firms, "Q1", sales=sales, supply_links=supply, firm_segments=fsegs
    )
    got = _partner_table(flows)
    f = flows.astype({"flow": object, "partner_id": object, "scale": object})
    f["partner_id"] = f["partner_id"].where(f["partner_id"].notna(), "(unknown)")
    sums = f.groupby(["flow", "year", "partner_id", "scale"], sort=True)["value"].sum()
    scale_rank = {s: i for i, s in enumerate(flows["scale"].cat.categories)}
    for (flow, year, partner), grp in sums.groupby(level=[0, 1, 2]):
        best = grp.max()
        # ties go to the smallest scale code, as in a stable sort by (partner, -value)
        cands = sorted((scale_rank[k[3]], k[3]) for k, v in grp.items() if v == best)
        row = got[(got["flow"] == flow) & (got["year"] == year) & (got["partner_id"] == partner)]
        assert len(row) == 1 and row["scale"].iloc[0] == cands[0][1]
