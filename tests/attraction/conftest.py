"""Shared example packages (built once per session: each takes ~10 s)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def ouhai() -> Any:
    from chainchief.examples import build

    return build("ouhai-eyewear")


@pytest.fixture(scope="session")
def xianju() -> Any:
    from chainchief.examples import build

    return build("xianju-pharma")
