"""Scale of a relation and region hierarchy helpers, checked by hand and by property."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.model import (
    Scale,
    ancestor_at_scale,
    ancestors,
    descendants,
    relation_scale,
    relation_scales,
)
from tiny import tiny_tables

REG = tiny_tables()["regions"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("OH", "OH", Scale.LOCAL),  # same county
        ("OH", "WZ", Scale.PREFECTURE),  # county inside its prefecture
        ("OH", "ZJ", Scale.PROVINCE),
        ("OH", "LG", Scale.NATIONAL),  # Zhejiang county vs Guangdong district
        ("OH", "JPN", Scale.SUPRANATIONAL),  # both inside the East Asia bloc
        ("JPN", "CHN", Scale.SUPRANATIONAL),
        ("OH", "WORLD", Scale.GLOBAL),
    ],
)
def test_relation_scale_by_hand(a: str, b: str, expected: Scale) -> None:
    assert relation_scale(REG, a, b) == expected
    assert relation_scale(REG, b, a) == expected


def test_no_common_ancestor_is_global() -> None:
    reg = pd.DataFrame(
        {"region_id": ["A", "B"], "scale": ["national", "national"], "parent_id": [None, None]}
    )
    assert relation_scale(reg, "A", "B") == Scale.GLOBAL


def test_ancestors_and_descendants() -> None:
    assert ancestors(REG, "OH") == ["OH", "WZ", "ZJ", "CHN", "EAS", "WORLD"]
    assert ancestor_at_scale(REG, "LG", "province") == "GD"
    assert ancestor_at_scale(REG, "JPN", "province") is None
    assert descendants(REG, "ZJ") == {"ZJ", "WZ", "OH"}
    with pytest.raises(KeyError):
        ancestors(REG, "MARS")


ids = st.sampled_from(REG["region_id"].tolist())


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(ids, ids), min_size=1, max_size=30))
def test_vectorised_matches_scalar(pairs: list[tuple[str, str]]) -> None:
    a = pd.Series([p[0] for p in pairs])
    b = pd.Series([p[1] for p in pairs])
    got = relation_scales(REG, a, b).astype(str).tolist()
    assert got == [relation_scale(REG, x, y).value for x, y in pairs]


@settings(max_examples=50, deadline=None)
@given(ids, ids, ids)
def test_scale_is_ultrametric(a: str, b: str, c: str) -> None:
    """The smallest common unit obeys rank(a,c) <= max(rank(a,b), rank(b,c))."""
    r = lambda x, y: relation_scale(REG, x, y).rank  # noqa: E731
    assert r(a, c) <= max(r(a, b), r(b, c))
