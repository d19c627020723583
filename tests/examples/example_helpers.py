"""Helpers shared by the example tests."""

from __future__ import annotations

from typing import Any

import pandas as pd

Built = tuple[dict[str, Any], dict[str, pd.DataFrame]]


def under(regions: pd.DataFrame, root: str) -> set[str]:
    """Ids of ``root`` and every region below it."""
    children: dict[str, list[str]] = {}
    for rid, parent in zip(regions["region_id"], regions["parent_id"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(rid)
    out, todo = set(), [root]
    while todo:
        r = todo.pop()
        out.add(r)
        todo += children.get(r, [])
    return out


def focal_firms(built: Built) -> pd.DataFrame:
    """Firms located in the focal region."""
    desc, t = built
    return t["firms"][t["firms"]["region_id"].isin(desc["focal_regions"])]
