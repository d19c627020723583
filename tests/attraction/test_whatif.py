"""What-if: attracting a candidate into the region, before and after."""

from __future__ import annotations

from typing import Any

import pytest

from chainchief.attraction.whatif import what_if
from tiny import tiny_descriptor, tiny_tables


def _pkg() -> dict[str, object]:
    return {"descriptor": tiny_descriptor(), **tiny_tables()}


def test_tiny_by_hand() -> None:
    r = what_if(_pkg(), "F3")
    added = r["added_links"]
    # Lenses feed assembly; the only local assembler F2 buys at the lens-link median 12.
    assert added[["supplier_id", "buyer_id", "segment_id"]].values.tolist() == [
        ["F3", "F2", "lenses"]
    ]
    assert added["value"].iloc[0] == pytest.approx(12.0)
    seg = r["segments"].set_index("segment_id")
    assert seg.loc["lenses", "supplier_hhi_before"] == pytest.approx((20 / 24) ** 2 + (4 / 24) ** 2)
    assert seg.loc["lenses", "supplier_hhi_after"] == pytest.approx((20 / 36) ** 2 + (16 / 36) ** 2)
    assert seg.loc["lenses", "class_before"] == "missing"
    assert seg.loc["lenses", "class_after"] != "missing"
    c = r["coupling"].set_index("measure")
    # Before: national 20, supranational 60 (to lead F4). After: F3's 30 in China joins.
    assert c.loc["diversity", "before"] == pytest.approx(1 - (20**2 + 60**2) / 80**2)
    assert c.loc["diversity", "after"] == pytest.approx(1 - (50**2 + 60**2) / 110**2)
    assert c.loc["lead_dependence", "after"] == pytest.approx(60 / 110)
    with pytest.raises(ValueError):
        what_if(_pkg(), "F2")  # already local


def test_ouhai_domestic_brand_lowers_dependence_foreign_buyer_raises(ouhai: Any) -> None:
    dom = what_if(ouhai, "OH-F00570")["coupling"].set_index("measure")  # domestic brand
    fgn = what_if(ouhai, "OH-F00549")["coupling"].set_index("measure")  # foreign lead buyer
    assert dom.loc["lead_dependence", "after"] < dom.loc["lead_dependence", "before"]
    assert dom.loc["diversity", "after"] > dom.loc["diversity", "before"]
    assert fgn.loc["lead_dependence", "after"] > fgn.loc["lead_dependence", "before"]
