"""Shared fixtures: the tiny hand-made package written to disk, and stores."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

from chainchief.package import write_package
from chainchief.store import Store
from tiny import tiny_descriptor, tiny_tables

# CI runs the property tests on a fixed sequence of examples so a submission's result
# does not depend on the draw; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """The tiny package as CSV files."""
    return write_package(tiny_descriptor(), tiny_tables(), tmp_path / "tiny")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store holding one unrelated dataset, so 'unchanged' is meaningful."""
    s = Store(tmp_path / "store.duckdb")
    other = write_package(tiny_descriptor("other"), tiny_tables(), tmp_path / "other")
    s.import_package(other)
    return s
