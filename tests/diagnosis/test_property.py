"""Property: removing a segment's local firms moves it toward missing / replenish."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainchief.diagnosis import diagnose

from .pkg import tables

RANK = {"missing": 0, "weak": 1, "present": 2, "strong": 3}
SEGS = ["s0", "s1", "s2", "s3"]
OUTSIDE = ["HY", "SH", "DEU", "USA", "HZ"]


@st.composite
def packages(draw: st.DrawFn) -> tuple[dict, str]:
    base = tables()
    n_local = draw(st.integers(2, 6))
    n_out = draw(st.integers(1, 4))
    n = n_local + n_out
    regions = ["XJ"] * n_local + [draw(st.sampled_from(OUTSIDE)) for _ in range(n_out)]
    seg_of = [draw(st.sampled_from(SEGS)) for _ in range(n)]
    rev = [draw(st.floats(1, 100)) for _ in range(n)]
    ids = [f"F{i}" for i in range(n)]
    firms = pd.DataFrame(
        {
            "firm_id": ids,
            "name": ids,
            "region_id": regions,
            "revenue": rev,
            "value_added": [r * 0.3 for r in rev],
            "is_lead": [draw(st.booleans()) for _ in range(n)],
        }
    )
    fs = pd.DataFrame({"firm_id": ids, "chain_id": "c", "segment_id": seg_of})
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=12))
    links = pd.DataFrame(
        {
            "supplier_id": [ids[a] for a, _ in pairs],
            "buyer_id": [ids[b] for _, b in pairs],
            "chain_id": "c",
            "segment_id": [seg_of[a] for a, _ in pairs],
            "value": [float(1 + a + b) for a, b in pairs],
            "status": "verified",
            "source": "test",
        }
    )
    va = draw(st.lists(st.floats(0.05, 0.5), min_size=4, max_size=4))
    segments = pd.DataFrame(
        {
            "chain_id": "c",
            "segment_id": SEGS,
            "name": SEGS,
            "stage": ["upstream", "midstream", "midstream", "downstream"],
            "function": ["materials", "components", "manufacturing", "distribution"],
            "va_share": va,
        }
    )
    edges = pd.DataFrame({"chain_id": "c", "from_segment": SEGS[:-1], "to_segment": SEGS[1:]})
    locals_ = {s for s, r in zip(seg_of, regions, strict=True) if r == "XJ"}
    target = draw(st.sampled_from(sorted(locals_)))
    pkg = {
        "descriptor": {"name": "prop", "focal_regions": ["XJ"], "chains": ["c"]},
        "regions": base["regions"],
        "segments": segments,
        "segment_edges": edges,
        "firms": firms,
        "firm_segments": fs,
        "supply_links": links,
    }
    return pkg, target


def _without_local_firms(pkg: dict, segment: str) -> dict:
    fs = pkg["firm_segments"]
    firms = pkg["firms"]
    local = set(firms.loc[firms["region_id"] == "XJ", "firm_id"])
    drop = set(fs.loc[(fs["segment_id"] == segment) & fs["firm_id"].isin(local), "firm_id"])
    out = dict(pkg)
    out["firms"] = firms[~firms["firm_id"].isin(drop)]
    out["firm_segments"] = fs[~fs["firm_id"].isin(drop)]
    lk = pkg["supply_links"]
    out["supply_links"] = lk[~lk["supplier_id"].isin(drop) & ~lk["buyer_id"].isin(drop)]
    return out


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages())
def test_removing_local_firms_moves_segment_to_missing(case: tuple[dict, str]) -> None:
    pkg, target = case
    before = diagnose(pkg).segments.set_index("segment_id")
    after_d = diagnose(_without_local_firms(pkg, target))
    after = after_d.segments.set_index("segment_id")
    assert after.loc[target, "class"] == "missing"
    assert RANK[after.loc[target, "class"]] <= RANK[before.loc[target, "class"]]
    assert after.loc[target, "local_firms"] == 0
    acts = {r["action"] for r in after_d.recommendations if r["segment_id"] == target}
    assert "strengthen" not in acts
    if after.loc[target, "dependents"] >= 1:
        assert acts & {"replenish", "extend"}
    for r in after_d.recommendations:
        assert 0.0 <= r["priority"] <= 1.0
    assert np.isfinite(after["local_output"]).all()
