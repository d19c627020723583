"""Knowledge and production network measures of one region, in one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from chainchief.model.regions import ancestor_at_scale
from chainchief.networks.structure import (
    NetworkParams,
    degree_centralisation,
    gatekeepers,
    region_groups,
)
from chainchief.networks.ties import actor_table, buzz_pipelines, classify_ties, horizontal_vertical

__all__ = ["NetworksResult", "analyse_networks", "local_hubs"]


@dataclass
class NetworksResult:
    """Frames of the network analysis (see :func:`analyse_networks`)."""

    region: str
    params: NetworkParams
    knowledge_ties: pd.DataFrame
    knowledge_horizontal: pd.DataFrame
    supply_ties: pd.DataFrame
    supply_horizontal: pd.DataFrame
    centralisation: pd.DataFrame
    hubs: pd.DataFrame
    brokerage: pd.DataFrame
    gatekeepers: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Result frames by name."""
        return {
            "knowledge_buzz_pipelines": self.knowledge_ties,
            "knowledge_horizontal_vertical": self.knowledge_horizontal,
            "supply_buzz_pipelines": self.supply_ties,
            "supply_horizontal_vertical": self.supply_horizontal,
            "centralisation": self.centralisation,
            "hubs": self.hubs,
            "brokerage": self.brokerage,
            "gatekeepers": self.gatekeepers,
        }


def local_hubs(ties: pd.DataFrame, actors: pd.DataFrame, top_n: int = 10) -> pd.DataFrame:
    """Local actors with the most distinct local partners in buzz ties."""
    b = ties[(ties["tie"] == "buzz").to_numpy(dtype=bool)]
    u, v = b["source_pos"].to_numpy(), b["target_pos"].to_numpy()
    keep = u != v
    lo, hi = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    n = len(actors)
    pairs = np.unique(lo.astype(np.int64) * n + hi)
    deg = np.bincount(pairs // n, minlength=n) + np.bincount(pairs % n, minlength=n)
    top = np.argsort(-deg, kind="stable")[:top_n]
    top = top[deg[top] > 0]
    return pd.DataFrame(
        {
            "actor_id": actors.index[top].astype("str"),
            "name": actors["name"].to_numpy()[top],
            "degree": deg[top],
            "tie_share": deg[top] / max(len(pairs), 1),
        }
    )


def _empty_ties() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": pd.Series(dtype="str"),
            "target_id": pd.Series(dtype="str"),
            "weight": pd.Series(dtype=float),
        }
    )


def analyse_networks(
    data: Any,
    region: str,
    *,
    chain: str | None = None,
    year: int | None = None,
    params: NetworkParams | None = None,
) -> NetworksResult:
    """Buzz and pipelines, horizontal/vertical ties, centralisation, brokerage, gatekeepers.

    Parameters
    ----------
    data
        Package-like object (``regions``, ``firms``, ``institutions``,
        ``firm_segments``, ``supply_links``, ``knowledge_links``).
    region
        Focal region id.
    chain
        Restrict supply links (and the firms' main segments) to one chain.
    year
        Use only ties of this year (ties without a year are kept).
    params
        :class:`~chainchief.networks.structure.NetworkParams`.
    """
    p = params or NetworkParams()
    notes: list[str] = []
    inst = getattr(data, "institutions", None)
    actors = actor_table(data.regions, region, data.firms, inst, data.firm_segments, chain)

    def by_year(df: pd.DataFrame) -> pd.DataFrame:
        if year is None or "year" not in df:
            return df
        return df[(df["year"].isna() | (df["year"] == year)).to_numpy(dtype=bool)]

    kl = getattr(data, "knowledge_links", None)
    kl = by_year(kl) if kl is not None and not kl.empty else _empty_ties()
    kt = classify_ties(kl, actors)
    sl = data.supply_links
    if chain is not None and not sl.empty:
        sl = sl[sl["chain_id"] == chain]
    sl = by_year(sl)
    st = classify_ties(
        sl, actors, source_col="supplier_id", target_col="buyer_id", weight_col="value"
    )
    # local production network: supply ties among local firms, undirected
    buzz = st[(st["tie"] == "buzz").to_numpy(dtype=bool)]
    cent = degree_centralisation(buzz["source_pos"].to_numpy(), buzz["target_pos"].to_numpy())
    centralisation = pd.DataFrame({"metric": list(cent), "value": list(cent.values())})
    outside = None
    if p.group_scale is not None:
        regs = actors.loc[~actors["local"], "region_id"].unique()
        outside = pd.Series(
            {r: ancestor_at_scale(data.regions, r, p.group_scale) or r for r in regs}
        )
    groups = region_groups(actors, region, outside)
    if kt.empty:
        notes.append("no knowledge links: brokerage and gatekeepers are empty")
    brokerage, gk = gatekeepers(kt, actors, groups, p)
    return NetworksResult(
        region=region,
        params=p,
        knowledge_ties=buzz_pipelines(kt),
        knowledge_horizontal=horizontal_vertical(kt, actors),
        supply_ties=buzz_pipelines(st),
        supply_horizontal=horizontal_vertical(st, actors),
        centralisation=centralisation,
        hubs=local_hubs(st, actors, p.top_n),
        brokerage=brokerage,
        gatekeepers=gk,
        notes=notes,
    )
