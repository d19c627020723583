"""The HTML report renders in headless Chromium with no network access."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser import assert_pages_render_offline
from chainchief.diagnosis import Diagnosis, write_report

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_offline(diag: Diagnosis, tmp_path: Path, lang: str) -> None:
    path = write_report(diag, tmp_path / f"report-{lang}.html", lang=lang)

    def check(tab: Any, page: Path) -> None:
        assert tab.locator(".plotly-graph-div").count() == 6
        assert tab.locator(".plotly-graph-div .sankey").count() == 1
        assert tab.locator("#appendix table tr").count() > 20
        assert tab.title().startswith("产业链诊断" if lang == "zh" else "Chain diagnosis")

    assert_pages_render_offline([path], min_plots=6, check=check)
