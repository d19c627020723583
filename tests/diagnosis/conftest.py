from __future__ import annotations

import pytest

from chainchief.diagnosis import Diagnosis, diagnose

from .pkg import tables


@pytest.fixture(scope="module")
def diag() -> Diagnosis:
    return diagnose(tables())
