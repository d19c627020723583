"""Fixtures: each example generated once per test session (default seed)."""

from __future__ import annotations

import pytest

from chainchief.examples import build_tables
from examples.example_helpers import Built


@pytest.fixture(scope="session")
def ouhai() -> Built:
    """``ouhai-eyewear`` with its default seed."""
    return build_tables("ouhai-eyewear")


@pytest.fixture(scope="session")
def xianju() -> Built:
    """``xianju-pharma`` with its default seed."""
    return build_tables("xianju-pharma")


@pytest.fixture(scope="session")
def datang() -> Built:
    """``datang-hosiery`` with its default seed."""
    return build_tables("datang-hosiery")


@pytest.fixture(scope="session")
def all_examples(ouhai: Built, xianju: Built, datang: Built) -> dict[str, Built]:
    """Every example by name."""
    return {"ouhai-eyewear": ouhai, "xianju-pharma": xianju, "datang-hosiery": datang}
