"""Fixtures: a hand-computed 2-region x 2-sector table and (when present) WIOD 2013."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chainchief.mrio.data import find_data_dir
from chainchief.mrio.loaders import LoadedIO, build_iosystem

REGIONS = ["A", "B"]
SECTORS = ["s1", "s2"]


def toy_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hand-built table; every output is 100 so that A = Z / 100 and G = L.

    Intermediate flows: A.s1 -> A.s2 20, A.s1 -> B.s1 10 (exported input),
    B.s2 -> A.s1 10 (imported input); nothing else.  The graph has no cycle, so
    L = I + A + A^2 exactly: L[A.s1, A.s2] = .2, L[A.s1, B.s1] = .1, L[B.s2, A.s1] = .1,
    L[B.s2, A.s2] = .02, L[B.s2, B.s1] = .01.  Value added (100 - column sums):
    A.s1 90, A.s2 80, B.s1 90, B.s2 100.  Final demand (columns: consumer A, B):
    A.s1 (50, 20), A.s2 (60, 40), B.s1 (30, 70), B.s2 (0, 90).
    """
    idx = pd.MultiIndex.from_product([REGIONS, SECTORS], names=["region", "sector"])
    Z = pd.DataFrame(0.0, index=idx, columns=idx)
    Z.loc[("A", "s1"), ("A", "s2")] = 20.0
    Z.loc[("A", "s1"), ("B", "s1")] = 10.0
    Z.loc[("B", "s2"), ("A", "s1")] = 10.0
    ycols = pd.MultiIndex.from_product([REGIONS, ["hh"]], names=["region", "category"])
    Y = pd.DataFrame(
        [[50.0, 20.0], [60.0, 40.0], [30.0, 70.0], [0.0, 90.0]], index=idx, columns=ycols
    )
    return Z, Y


@pytest.fixture
def toy() -> LoadedIO:
    Z, Y = toy_frames()
    return build_iosystem(Z, Y, name="toy", year=2000, unit="EUR", source="toy")


def random_loaded(seed: int, regions: int = 3, sectors: int = 2) -> LoadedIO:
    rng = np.random.default_rng(seed)
    regs = [f"R{i}" for i in range(regions)]
    idx = pd.MultiIndex.from_product(
        [regs, [f"s{j}" for j in range(sectors)]], names=["region", "sector"]
    )
    n = len(idx)
    Z = pd.DataFrame(rng.uniform(0.0, 10.0, (n, n)), index=idx, columns=idx)
    ycols = pd.MultiIndex.from_product([regs, ["hh", "gov"]], names=["region", "category"])
    Y = pd.DataFrame(rng.uniform(1.0, 30.0, (n, len(ycols))), index=idx, columns=ycols)
    return build_iosystem(Z, Y, name="random", source="random")


@pytest.fixture
def toy_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return toy_frames()


@pytest.fixture(scope="session")
def make_random():
    """Factory of random positive tables (seed, regions, sectors) -> LoadedIO."""
    return random_loaded


@pytest.fixture(scope="session")
def data_dir():
    found = find_data_dir()
    if found is None or not (found / "wiod2013").is_dir():
        pytest.skip(
            "real data absent: set CHAINCHIEF_DATA_DIR or provide ../shared/data "
            "with wiod2013/ (WIOD 2013 release Parquet files)"
        )
    return found


@pytest.fixture(scope="session")
def nbs_dir(data_dir):
    if not (data_dir / "china-io").is_dir():
        pytest.skip("real data absent: ../shared/data/china-io (NBS tables) not found")
    return data_dir
