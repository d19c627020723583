"""The HTML report and the shared report helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from chainchief.diagnosis import Diagnosis, render_html, write_report
from chainchief.report import Section, label, register_labels, render_page, table_html


def test_report_sections_en(diag: Diagnosis) -> None:
    html = render_html(diag, "en")
    for anchor in (
        "flows",
        "panorama",
        "segments",
        "recommendations",
        "smile",
        "lockin",
        "governance",
        "leaders",
        "appendix",
    ):
        assert f'id="{anchor}"' in html
    # Sankey, panorama, mode mix, smile curve, lock-in, leaders
    assert html.count('class="plotly-graph-div"') == 6
    assert '"type":"sankey"' in html
    # offline: no script or stylesheet fetched from anywhere
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', html)
    # every parameter is printed in the appendix
    for name in ("weak_lq", "strong_lq", "lock_in_weights", "leader_weights"):
        assert f"<td>{name}</td>" in html
    assert "Local API" in html and "extend" in html


def test_report_zh(diag: Diagnosis, tmp_path: Path) -> None:
    p = write_report(diag, tmp_path / "r" / "zh.html", lang="zh")
    html = p.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "产业链诊断" in html and "仙居" in html and "制剂" in html and "延链" in html


def test_labels_and_fallbacks() -> None:
    assert label("local", "zh") == "本地"
    assert label("no-such-key", "zh") == "no-such-key"
    register_labels({"x_test_only": {"en": "X"}})
    assert label("x_test_only", "zh") == "X"
    with pytest.raises(ValueError):
        label("local", "fr")


def test_table_html_escapes() -> None:
    html = table_html(pd.DataFrame({"a": ["<b>x</b>"], "n": [1234.5]}), digits=1)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "1,234.5" in html


def test_render_page_generic() -> None:
    html = render_page("T <1>", [Section("s", "Sec", html="<p>body</p>")], lang="en")
    assert "<title>T &lt;1&gt;</title>" in html and '<a href="#s">Sec</a>' in html
    assert html.count("<section") == 1
