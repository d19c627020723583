"""Open HTML pages in headless Debian Chromium with the network blocked (test helper)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def assert_pages_render_offline(
    pages: list[Path],
    min_plots: int = 1,
    check: Callable[[Any, Path], None] | None = None,
) -> None:
    """Every page loads from disk, draws its Plotly figures (at least ``min_plots``)
    and makes no request off the machine, no failed request and no script error;
    ``check(tab, page)`` adds a test's own assertions. Skips without Chromium."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    failed: list[str] = []
    remote: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1300, "height": 900})
            tab.on("requestfailed", lambda r: failed.append(r.url))
            tab.on("request", lambda r: None if r.url.startswith("file:") else remote.append(r.url))
            tab.on("pageerror", lambda e: errors.append(str(e)))
            # block anything that tries to leave the machine
            tab.route("http*://**", lambda route: route.abort())
            for page in pages:
                resp = tab.goto(page.as_uri(), wait_until="load")
                assert resp is not None and resp.ok, page.name
                n = tab.locator(".plotly-graph-div").count()
                assert n >= min_plots, f"{page.name}: {n} plots"
                tab.wait_for_function(
                    f"document.querySelectorAll('.plotly-graph-div .main-svg').length >= {n}",
                    timeout=20000,
                )
                if check is not None:
                    check(tab, page)
        finally:
            browser.close()
    assert failed == []
    assert remote == []
    assert errors == []
