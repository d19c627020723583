"""Data-quality summary of a valid package: facts worth knowing that are not errors."""

from __future__ import annotations

from typing import Any

import pandas as pd

from chainchief.frames import fast_isin
from chainchief.model.regions import descendants
from chainchief.model.schema import TABLE_ORDER
from chainchief.package.tables import TableAccess

__all__ = ["quality_summary"]


def quality_summary(pkg: TableAccess) -> dict[str, Any]:
    """Counts and warnings shown by ``chainchief info``.

    Returns a dict with ``rows`` (per table), ``link_status`` (share of supply-link value
    by status), ``link_sources`` (link counts by source) and ``warnings`` (sentences).
    """
    rows = {name: len(pkg.table(name)) for name in TABLE_ORDER}
    links = pkg.supply_links
    warnings: list[str] = []
    status: dict[str, float] = {}
    sources: dict[str, int] = {}
    if len(links):
        counts = links["status"].value_counts(normalize=True)
        status = {str(k): round(float(v), 6) for k, v in counts.items()}
        sources = {str(k): int(v) for k, v in links["source"].value_counts().items()}
        inferred = status.get("inferred", 0.0)
        if inferred > 0:
            warnings.append(
                f"{inferred:.1%} of supply links are inferred, not verified or reported: "
                "treat maps built on them as estimates"
            )
    firms = pkg.firms
    focal = set(pkg.focal_regions)
    regions = pkg.regions
    local_regions = descendants(regions, focal)
    local = firms[fast_isin(firms["region_id"], pd.Series(sorted(local_regions)))]
    fs = pkg.firm_segments
    if len(local) and len(fs):
        unplaced = int((~fast_isin(local["firm_id"], fs["firm_id"])).sum())
        if unplaced:
            warnings.append(f"{unplaced} focal-region firms have no segment in firm_segments")
    elif len(local):
        warnings.append("firm_segments is empty: segment-level analyses will have no firms")
    segs = pkg.segments
    if len(segs) and len(fs):
        used = set(zip(fs["chain_id"], fs["segment_id"], strict=True))
        empty = [
            f"{c}/{s}"
            for c, s in zip(segs["chain_id"], segs["segment_id"], strict=True)
            if (c, s) not in used
        ]
        if empty:
            warnings.append(f"segments with no firm anywhere: {', '.join(empty[:10])}")
    return {
        "rows": rows,
        "focal_firms": len(local),
        "link_status": status,
        "link_sources": sources,
        "warnings": warnings,
    }
