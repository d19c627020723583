"""Shared fixtures: one small and one medium synthetic package, generated once."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from chainchief.examples.synthetic import generate_synthetic

Pkg = tuple[dict[str, Any], dict[str, pd.DataFrame]]


@pytest.fixture(scope="session")
def small() -> Pkg:
    return generate_synthetic(3_000, 24_000, seed=7)


@pytest.fixture(scope="session")
def medium() -> Pkg:
    return generate_synthetic(40_000, 400_000, seed=11)
