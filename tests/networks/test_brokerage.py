"""Gould–Fernandez brokerage on a 5-node graph by hand, and against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.networks.brokerage import ROLES, brokerage_roles, triangles

# A1, A2, A3 in region A; B1 in B; C1 in C
EDGES = [
    ("A1", "A2"),
    ("A2", "A3"),
    ("A2", "B1"),
    ("B1", "C1"),
    ("C1", "A3"),
    ("B1", "A1"),
    ("B1", "A2"),
]
GROUP = pd.Series({"A1": "A", "A2": "A", "A3": "A", "B1": "B", "C1": "C"})


def test_five_node_graph_by_hand():
    s, t = zip(*EDGES, strict=True)
    out = brokerage_roles(list(s), list(t), GROUP)
    expected = {
        # B1 -> A1 -> A2 is closed by B1 -> A2
        "A1": dict.fromkeys(ROLES, 0),
        # A1->A2->A3 coordinator, A1->A2->B1 representative, B1->A2->A3 gatekeeper
        "A2": {
            "coordinator": 1,
            "itinerant": 0,
            "representative": 1,
            "gatekeeper": 1,
            "liaison": 0,
        },
        "A3": dict.fromkeys(ROLES, 0),
        # A2->B1->C1 liaison, A2->B1->A1 itinerant (A2->B1->A2 returns to its origin)
        "B1": {
            "coordinator": 0,
            "itinerant": 1,
            "representative": 0,
            "gatekeeper": 0,
            "liaison": 1,
        },
        # B1->C1->A3 liaison
        "C1": {
            "coordinator": 0,
            "itinerant": 0,
            "representative": 0,
            "gatekeeper": 0,
            "liaison": 1,
        },
    }
    for node, roles in expected.items():
        assert out.loc[node, ROLES].to_dict() == roles, node
    assert out.loc["A2", "total"] == 3
    open_ = brokerage_roles(list(s), list(t), GROUP, exclude_closed=False)
    assert open_.loc["A1", "gatekeeper"] == 1


def _brute(edges, group, exclude_closed=True):
    es = {(a, b) for a, b in edges if a != b}
    nodes = sorted({x for e in es for x in e})
    out = {n: dict.fromkeys(ROLES, 0) for n in nodes}
    for b in nodes:
        ins = [a for a, x in es if x == b]
        outs = [c for x, c in es if x == b]
        for a, c in itertools.product(ins, outs):
            if a == c or (exclude_closed and (a, c) in es):
                continue
            ga, gb, gc = group[a], group[b], group[c]
            if ga == gb == gc:
                role = "coordinator"
            elif ga == gc:
                role = "itinerant"
            elif ga == gb:
                role = "representative"
            elif gb == gc:
                role = "gatekeeper"
            else:
                role = "liaison"
            out[b][role] += 1
    return pd.DataFrame.from_dict(out, orient="index", columns=ROLES)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=45),
    st.lists(st.sampled_from("XYZ"), min_size=10, max_size=10),
    st.booleans(),
)
def test_property_vectorised_equals_brute_force(edges, groups, exclude_closed):
    group = pd.Series({str(i): g for i, g in enumerate(groups)})
    e = [(str(a), str(b)) for a, b in edges]
    got = brokerage_roles(
        [a for a, _ in e], [b for _, b in e], group, exclude_closed=exclude_closed
    )
    want = _brute(e, group, exclude_closed)
    got = got.reindex(want.index)[ROLES]
    assert (got.to_numpy() == want.to_numpy()).all()


def test_triangles_of_small_graph():
    u = np.array([0, 1, 2, 2, 3, 0])
    v = np.array([1, 2, 0, 3, 0, 2])
    tri = {tuple(sorted(t)) for t in triangles(u, v, 4).tolist()}
    assert tri == {(0, 1, 2), (0, 2, 3)}
