"""The HTML report renders in headless Chromium with no network access."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chainchief.diagnosis import Diagnosis, write_report

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_offline(diag: Diagnosis, tmp_path: Path, lang: str) -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    path = write_report(diag, tmp_path / f"report-{lang}.html", lang=lang)
    failed: list[str] = []
    remote: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on(
                "request", lambda r: None if r.url.startswith("file:") else remote.append(r.url)
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            # block anything that tries to leave the machine
            page.route("http*://**", lambda route: route.abort())
            resp = page.goto(path.as_uri(), wait_until="load")
            assert resp is not None and resp.ok
            page.wait_for_function(
                "document.querySelectorAll('.plotly-graph-div .main-svg').length >= 6",
                timeout=20000,
            )
            assert page.locator(".plotly-graph-div").count() == 6
            assert page.locator(".plotly-graph-div .sankey").count() == 1
            assert page.locator("#appendix table tr").count() > 20
            assert page.title().startswith("产业链诊断" if lang == "zh" else "Chain diagnosis")
        finally:
            browser.close()
    assert failed == []
    assert remote == []
    assert errors == []
