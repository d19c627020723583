"""Locating the real input-output data and the constants that describe it.

The project ships loaders, not data.  The data directory is looked up, in order, from
an explicit argument, the ``CHAINCHIEF_DATA_DIR`` environment variable, and
``../shared/data`` relative to the current working directory and to the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from chainchief.errors import ChainchiefError

__all__ = [
    "DATA_DIR_ENV",
    "DEFAULT_PEERS",
    "MANUFACTURING_SECTORS",
    "WIOD_SECTOR_NAMES",
    "WIOD_YEARS",
    "MrioDataError",
    "find_data_dir",
    "parse_years",
    "require_data_dir",
]

DATA_DIR_ENV = "CHAINCHIEF_DATA_DIR"

#: Years covered by the WIOD 2013 release.
WIOD_YEARS: tuple[int, ...] = tuple(range(1995, 2012))

#: Peer economies shown next to China by default.
DEFAULT_PEERS: tuple[str, ...] = ("JPN", "KOR", "DEU", "USA", "IND", "IDN", "TWN")

#: WIOD 2013 industries (NACE Rev. 1.1 based), short English names.
WIOD_SECTOR_NAMES: dict[str, str] = {
    "c1": "Agriculture, hunting, forestry, fishing",
    "c2": "Mining and quarrying",
    "c3": "Food, beverages, tobacco",
    "c4": "Textiles and textile products",
    "c5": "Leather and footwear",
    "c6": "Wood and products of wood",
    "c7": "Pulp, paper, printing, publishing",
    "c8": "Coke, refined petroleum, nuclear fuel",
    "c9": "Chemicals and chemical products",
    "c10": "Rubber and plastics",
    "c11": "Other non-metallic minerals",
    "c12": "Basic and fabricated metals",
    "c13": "Machinery n.e.c.",
    "c14": "Electrical and optical equipment",
    "c15": "Transport equipment",
    "c16": "Manufacturing n.e.c., recycling",
    "c17": "Electricity, gas, water supply",
    "c18": "Construction",
    "c19": "Sale and repair of motor vehicles, fuel retail",
    "c20": "Wholesale trade",
    "c21": "Retail trade",
    "c22": "Hotels and restaurants",
    "c23": "Inland transport",
    "c24": "Water transport",
    "c25": "Air transport",
    "c26": "Supporting transport, travel agencies",
    "c27": "Post and telecommunications",
    "c28": "Financial intermediation",
    "c29": "Real estate",
    "c30": "Renting of machinery, other business activities",
    "c31": "Public administration, defence",
    "c32": "Education",
    "c33": "Health and social work",
    "c34": "Other community, social, personal services",
    "c35": "Private households with employed persons",
}

#: WIOD manufacturing industries (c3 … c16).
MANUFACTURING_SECTORS: tuple[str, ...] = tuple(f"c{i}" for i in range(3, 17))


class MrioDataError(ChainchiefError):
    """The input-output data are missing or malformed (message names file and reason)."""

    exit_code = 2
    http_status = 404


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    out = [Path.cwd() / ".." / "shared" / "data", Path.cwd() / "shared" / "data"]
    # src/chainchief/mrio/data.py -> repository root is parents[3]
    if len(here.parents) > 3:
        out.append(here.parents[3] / ".." / "shared" / "data")
    return out


def find_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the real-data directory, or ``None`` when it cannot be found.

    Parameters
    ----------
    data_dir : path-like, optional
        Explicit directory; when given it is returned if it exists (else ``None``).

    Returns
    -------
    pathlib.Path or None
        First existing directory among the argument, ``$CHAINCHIEF_DATA_DIR`` and
        ``../shared/data`` (relative to the working directory, then to the repository).
    """
    if data_dir is not None:
        p = Path(data_dir)
        return p.resolve() if p.is_dir() else None
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        p = Path(env)
        return p.resolve() if p.is_dir() else None
    for cand in _candidates():
        if cand.is_dir():
            return cand.resolve()
    return None


def require_data_dir(
    data_dir: str | os.PathLike[str] | None = None, subdir: str | None = None
) -> Path:
    """Like :func:`find_data_dir` but raise :class:`MrioDataError` when absent.

    Parameters
    ----------
    data_dir : path-like, optional
        Explicit directory.
    subdir : str, optional
        Sub-directory that must exist inside it (e.g. ``"wiod2013"``); its path is returned.
    """
    found = find_data_dir(data_dir)
    if found is None:
        where = str(data_dir) if data_dir is not None else f"${DATA_DIR_ENV} or ../shared/data"
        raise MrioDataError(f"real IO data directory not found ({where})")
    if subdir is None:
        return found
    sub = found / subdir
    if not sub.is_dir():
        raise MrioDataError(f"{sub}: directory not found in the data directory")
    return sub


def parse_years(spec: str | int | list[int] | tuple[int, ...] | None) -> list[int]:
    """Parse a year specification: ``"1995-2011"``, ``"2005,2011"``, an int or a list.

    ``None`` gives all WIOD years.
    """
    if spec is None:
        return list(WIOD_YEARS)
    if isinstance(spec, int):
        return [spec]
    if isinstance(spec, list | tuple):
        return [int(y) for y in spec]
    years: list[int] = []
    for part in str(spec).split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            lo, hi = int(a), int(b)
            if hi < lo:
                raise ValueError(f"year range {part!r} runs backwards")
            years.extend(range(lo, hi + 1))
        else:
            years.append(int(part))
    if not years:
        raise ValueError(f"no year in {spec!r}")
    return sorted(set(years))
