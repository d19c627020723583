"""The diagnosis report's national-sector section appears only when it can be computed."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainchief.mrio.data import find_data_dir
from chainchief.mrio.html import mrio_report_section


def test_no_section_without_data(tmp_path: Path) -> None:
    assert mrio_report_section("eyewear", data_dir=tmp_path / "absent") is None


def test_no_section_for_unmapped_chain() -> None:
    assert mrio_report_section("space-elevators") is None


@pytest.mark.skipif(find_data_dir() is None, reason="real data absent (../shared/data)")
def test_section_for_eyewear() -> None:
    section = mrio_report_section("eyewear", years="2009-2011")
    assert section is not None and section.id == "mrio"
    assert "c14" in section.html and "CHN" in section.html
