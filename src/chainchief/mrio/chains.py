"""Link chain templates to input-output sectors and report the national sector over time.

The mapping is approximate by nature (an IO sector is much wider than a chain): eyewear
sits in WIOD c14 (electrical and optical equipment) and the NBS "instruments" sector
(eyeglasses are classed with optical instruments in China's 2002 industry classification);
hosiery in c4 (textiles and textile products) and NBS knitted products (detailed tables)
or textiles (42-sector tables); pharmaceuticals in c9 (chemicals) and NBS medical products
(detailed) or chemical products (42-sector).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from chainchief.mrio.data import DEFAULT_PEERS, WIOD_SECTOR_NAMES, parse_years
from chainchief.mrio.indicators import wiod_indicators
from chainchief.mrio.nbs import list_nbs_tables, load_nbs, nbs_indicators, nbs_sector_names

__all__ = [
    "CHAIN_SECTORS",
    "ChainSectors",
    "chain_sector_indicators",
    "chain_sectors",
    "nbs_sector_for_chain",
]


@dataclass(frozen=True)
class ChainSectors:
    """IO sectors of one chain template.

    Attributes
    ----------
    chain : str
        Canonical chain id.
    wiod : str
        WIOD 2013 industry code.
    nbs_patterns : tuple of str
        Regular expressions tried in order on NBS sector descriptions (first match wins),
        from the most specific (detailed tables) to the 42-sector fallback.
    aliases : tuple of str
        Substrings of chain ids that map to this chain (e.g. ``"ouhai-eyewear"``).
    """

    chain: str
    wiod: str
    nbs_patterns: tuple[str, ...]
    aliases: tuple[str, ...]


CHAIN_SECTORS: dict[str, ChainSectors] = {
    "eyewear": ChainSectors(
        "eyewear", "c14", (r"instruments",), ("eyewear", "glasses", "spectacle", "optical")
    ),
    "hosiery": ChainSectors(
        "hosiery", "c4", (r"knitting", r"^manufacture of textiles$"), ("hosiery", "sock", "knit")
    ),
    "pharmaceuticals": ChainSectors(
        "pharmaceuticals",
        "c9",
        (r"medical products", r"^manufacture of chemical products$"),
        ("pharma", "medicine", "drug"),
    ),
}


def chain_sectors(chain_id: str) -> ChainSectors:
    """Resolve a chain id (``"eyewear"``, ``"ouhai-eyewear"``, ``"xianju-pharma"`` …)."""
    key = chain_id.strip().lower()
    if key in CHAIN_SECTORS:
        return CHAIN_SECTORS[key]
    for cs in CHAIN_SECTORS.values():
        if any(a in key for a in cs.aliases):
            return cs
    raise KeyError(
        f"no IO sector mapping for chain {chain_id!r} (known: {', '.join(CHAIN_SECTORS)})"
    )


def nbs_sector_for_chain(chain_id: str, names: pd.Series) -> str:
    """Code of the NBS sector of a chain, given a table's code -> description series."""
    cs = chain_sectors(chain_id)
    for pat in cs.nbs_patterns:
        hits = names[names.str.contains(pat, flags=re.IGNORECASE, regex=True)]
        if len(hits):
            return str(hits.index[0])
    raise KeyError(f"no NBS sector matches chain {cs.chain!r} (patterns {cs.nbs_patterns})")


def chain_sector_indicators(
    chain_id: str,
    *,
    source: str = "wiod2013",
    years: str | int | list[int] | None = None,
    focal: str = "CHN",
    peers: Iterable[str] = DEFAULT_PEERS,
    data_dir: str | os.PathLike[str] | None = None,
    nbs_sectors: int = 42,
) -> pd.DataFrame:
    """Indicators of a chain's national IO sector over time, next to peer economies.

    Parameters
    ----------
    chain_id : str
        Chain template id (see :data:`CHAIN_SECTORS`; aliases such as ``"ouhai-eyewear"``).
    source : {"wiod2013", "nbs"}, default "wiod2013"
        WIOD gives the focal region and peers; NBS gives China only.
    years : str, int or list, optional
        E.g. ``"1995-2011"``; default all years of the source.
    focal : str, default "CHN"
        Focal economy (WIOD region code).
    peers : iterable of str, default JPN, KOR, DEU, USA, IND, IDN, TWN
        Peer economies.
    data_dir : path-like, optional
        Data directory.
    nbs_sectors : int, default 42
        NBS table size preferred for each year (42 is comparable over time; the nearest
        size available that year is used).

    Returns
    -------
    pandas.DataFrame
        ``chain``, ``source``, ``year``, ``region``, ``role`` (focal/peer), ``sector``,
        ``sector_name`` and the indicator columns of
        :func:`chainchief.mrio.indicators.compute_indicators`.
    """
    cs = chain_sectors(chain_id)
    if source == "wiod2013":
        regions = [focal, *[p for p in peers if p != focal]]
        frame = wiod_indicators(years, regions=regions, sectors=[cs.wiod], data_dir=data_dir)
        frame.insert(0, "source", "wiod2013")
        frame["sector_name"] = WIOD_SECTOR_NAMES[cs.wiod]
    elif source == "nbs":
        tables = list_nbs_tables(data_dir)
        wanted = None if years is None else set(parse_years(years))
        parts = []
        for year, grp in tables.groupby("year"):
            if wanted is not None and year not in wanted:
                continue
            name = grp.iloc[(grp["n_sectors"] - nbs_sectors).abs().argsort()]["name"].iloc[0]
            names = nbs_sector_names(name, data_dir)
            code = nbs_sector_for_chain(cs.chain, names)
            ind = nbs_indicators(load_nbs(name, data_dir=data_dir))
            row = ind[ind["sector"] == code].copy()
            row.insert(0, "source", f"nbs:{name}")
            row["sector_name"] = names[code]
            parts.append(row)
        if not parts:
            raise KeyError(f"no NBS table for years {years!r}")
        frame = pd.concat(parts, ignore_index=True)
    else:
        raise ValueError(f"The 'source' parameter must be 'wiod2013' or 'nbs'. Got {source!r}.")
    frame.insert(0, "chain", cs.chain)
    frame.insert(3, "role", ["focal" if r == focal else "peer" for r in frame["region"]])
    lead = ["chain", "source", "year", "region", "role", "sector", "sector_name"]
    rest = [c for c in frame.columns if c not in lead]
    return frame[lead + rest].sort_values(["region", "year"]).reset_index(drop=True)
