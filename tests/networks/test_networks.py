"""Buzz/pipelines, horizontal/vertical ties, centralisation and gatekeepers by hand."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from chainchief.networks import (
    NetworkParams,
    actor_table,
    analyse_networks,
    buzz_pipelines,
    classify_ties,
    degree_centralisation,
    horizontal_vertical,
)


def _data() -> SimpleNamespace:
    regions = pd.DataFrame(
        [
            ("W", "World", "global", None),
            ("CHN", "China", "national", "W"),
            ("ZJ", "Zhejiang", "province", "CHN"),
            ("WZ", "Wenzhou", "prefecture", "ZJ"),
            ("OH", "Ouhai", "local", "WZ"),
            ("HZ", "Hangzhou", "prefecture", "ZJ"),
            ("DEU", "Germany", "national", "W"),
        ],
        columns=["region_id", "name", "scale", "parent_id"],
    ).astype("str")
    firms = pd.DataFrame(
        {
            "firm_id": ["hub", "f1", "f2", "f3", "ext_de"],
            "name": ["Hub", "F1", "F2", "F3", "ExtDE"],
            "region_id": ["OH", "OH", "OH", "OH", "DEU"],
        }
    ).astype("str")
    inst = pd.DataFrame(
        {
            "institution_id": ["dc", "ri"],
            "name": ["Design centre", "Research institute"],
            "region_id": ["OH", "HZ"],
            "kind": ["design_centre", "research_institute"],
        }
    ).astype("str")
    fs = pd.DataFrame(
        {
            "firm_id": ["hub", "f1", "f2", "f3", "ext_de"],
            "chain_id": ["eye"] * 5,
            "segment_id": ["assembly", "frames", "frames", "lenses", "brand"],
            "share": [1.0] * 5,
        }
    )
    supply = pd.DataFrame(
        {
            "supplier_id": ["f1", "f2", "f3", "f1", "hub"],
            "buyer_id": ["hub", "hub", "hub", "f2", "ext_de"],
            "chain_id": ["eye"] * 5,
            "segment_id": ["frames", "frames", "lenses", "frames", "assembly"],
            "value": [10.0, 20.0, 30.0, 5.0, 100.0],
        }
    )
    # knowledge flows source -> target
    kl = pd.DataFrame(
        {
            "source_id": ["ri", "ext_de", "dc", "dc", "hub", "f1"],
            "target_id": ["dc", "dc", "f1", "f2", "f3", "f2"],
            "kind": ["training"] * 6,
            "weight": [2.0, 1.0, 1.0, 1.0, None, 1.0],
        }
    )
    return SimpleNamespace(
        regions=regions,
        firms=firms,
        institutions=inst,
        firm_segments=fs,
        supply_links=supply,
        knowledge_links=kl,
    )


def test_actor_table_locality_and_scale():
    d = _data()
    a = actor_table(d.regions, "OH", d.firms, d.institutions, d.firm_segments)
    assert a.loc["dc", "local"] and not a.loc["ri", "local"]
    assert a.loc["ri", "scale"] == "province"
    assert a.loc["ext_de", "scale"] == "global"
    assert a.loc["f1", "segment_id"] == "frames"
    assert pd.isna(a.loc["dc", "segment_id"])


def test_buzz_and_pipelines_by_hand():
    d = _data()
    a = actor_table(d.regions, "OH", d.firms, d.institutions, d.firm_segments)
    t = classify_ties(d.knowledge_links, a)
    assert list(t["tie"]) == ["pipeline", "pipeline", "buzz", "buzz", "buzz", "buzz"]
    bp = buzz_pipelines(t).set_index(["tie", "scale"])
    assert bp.loc[("buzz", "local"), "ties"] == 4
    assert bp.loc[("buzz", "local"), "weight"] == 4.0  # the missing weight counts 1
    assert bp.loc[("pipeline", "province"), "weight"] == 2.0
    assert bp.loc[("pipeline", "global"), "tie_share"] == pytest.approx(1 / 6)
    assert bp["weight_share"].sum() == pytest.approx(1.0)
    hv = horizontal_vertical(t, a).set_index("kind")
    # f1 -> f2 same segment; hub -> f3 different; the rest involve institutions
    assert hv.loc["horizontal", "ties"] == 1
    assert hv.loc["vertical", "ties"] == 1
    assert hv.loc["institutional", "ties"] == 4
    bad = d.knowledge_links.assign(source_id=["nobody"] * 6)
    with pytest.raises(KeyError, match="nobody"):
        classify_ties(bad, a)


def test_degree_centralisation_by_hand():
    star = degree_centralisation(np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4]))
    assert star["centralisation"] == pytest.approx(1.0)
    ring = degree_centralisation(np.array([0, 1, 2, 3]), np.array([1, 2, 3, 0]))
    assert ring["centralisation"] == 0.0
    # path 0-1-2-3: degrees 1,2,2,1 -> (1 + 0 + 0 + 1) / (3 * 2)
    path = degree_centralisation(np.array([0, 1, 2, 2]), np.array([1, 2, 3, 3]))
    assert path["centralisation"] == pytest.approx(2 / 6)
    assert path["ties"] == 3
    assert math.isnan(degree_centralisation(np.array([0]), np.array([1]))["centralisation"])


def test_analyse_networks_finds_design_centre_gatekeeper():
    res = analyse_networks(_data(), "OH")
    gk = res.gatekeepers
    assert gk.iloc[0]["actor_id"] == "dc"
    # dc: ri -> dc -> f1, ri -> dc -> f2, ext_de -> dc -> f1, ext_de -> dc -> f2
    assert gk.iloc[0]["gatekeeper"] == 4
    assert gk.iloc[0]["external_ties"] == 2
    cent = res.centralisation.set_index("metric")["value"]
    # local supply network: hub-f1, hub-f2, hub-f3, f1-f2 -> degrees 3,2,2,1
    assert cent["nodes"] == 4
    assert cent["centralisation"] == pytest.approx((0 + 1 + 1 + 2) / (3 * 2))
    assert res.hubs.iloc[0]["actor_id"] == "hub"
    sup = res.supply_ties.set_index(["tie", "scale"])
    assert sup.loc[("pipeline", "global"), "weight"] == 100.0
    national = analyse_networks(_data(), "OH", params=NetworkParams(group_scale="national"))
    assert national.gatekeepers.iloc[0]["actor_id"] == "dc"
    strict = analyse_networks(_data(), "OH", params=NetworkParams(min_external_ties=3))
    assert strict.gatekeepers.empty
