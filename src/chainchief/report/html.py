"""Standalone offline HTML pages built from sections with inline Plotly figures.

The Plotly JavaScript bundle is embedded once in the page head, so a page works
without network access (no CDN). Tables are escaped HTML.

>>> from chainchief.report import Section, render_page
>>> html = render_page("Title", [Section("s1", "First", html="<p>hi</p>")], lang="en")
>>> "<h2" in html and "src=\"http" not in html
True
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from chainchief.report.labels import label

__all__ = [
    "Section",
    "dict_html",
    "esc",
    "figure_html",
    "render_page",
    "table_html",
    "write_page",
]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",
sans-serif;margin:0;color:#1f2933;background:#f7f8fa}
header{background:#1f3a5f;color:#fff;padding:18px 32px}
header h1{margin:0 0 4px 0;font-size:1.5em} header p{margin:0;opacity:.85}
nav{padding:8px 32px;background:#e4e9f0;font-size:.9em}
nav a{margin-right:14px;color:#1f3a5f;text-decoration:none}
main{padding:8px 32px 40px 32px;max-width:1400px}
section{background:#fff;border-radius:6px;padding:12px 20px;margin:16px 0;
box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.2em;border-bottom:1px solid #d5dbe3;padding-bottom:4px}
table{border-collapse:collapse;font-size:.85em;margin:8px 0}
th,td{border:1px solid #d5dbe3;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7} td.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#52606d;font-size:.85em} .tag{padding:1px 6px;border-radius:3px;color:#fff}
footer{color:#7b8794;font-size:.8em;padding:12px 32px}
"""


@dataclass
class Section:
    """One section of a page: an anchor id, a title, HTML and Plotly figures."""

    id: str
    title: str
    html: str = ""
    figures: list[go.Figure] = field(default_factory=list)
    after_html: str = ""


def esc(x: Any) -> str:
    """HTML-escaped text of ``x`` (empty for None/NaN)."""
    if x is None or (isinstance(x, float) and x != x):
        return ""
    return _html.escape(str(x))


def _fmt(x: Any, digits: int) -> tuple[str, bool]:
    if isinstance(x, bool):
        return esc(x), False
    if isinstance(x, int):
        return f"{x:,}", True
    if isinstance(x, float):
        if x != x:
            return "", True
        return f"{x:,.{digits}f}", True
    if isinstance(x, list | tuple):
        return esc(", ".join(str(v) for v in x)), False
    return esc(x), False


def table_html(
    df: pd.DataFrame, digits: int = 3, raw_html_cols: Iterable[str] = (), max_rows: int = 500
) -> str:
    """An escaped HTML table of ``df`` (numbers right-aligned; at most ``max_rows``)."""
    raw = set(raw_html_cols)
    head = "".join(f"<th>{esc(c)}</th>" for c in df.columns)
    rows = []
    for rec in df.head(max_rows).itertuples(index=False):
        cells = []
        for col, v in zip(df.columns, rec, strict=True):
            if col in raw:
                cells.append(f"<td>{v}</td>")
                continue
            text, is_num = _fmt(v, digits)
            cells.append(f'<td class="num">{text}</td>' if is_num else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="note">… {len(df) - max_rows} more rows</p>' if len(df) > max_rows else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def dict_html(d: dict[str, Any], digits: int = 3) -> str:
    """A compact ``key: value`` list of a flat dict."""
    parts = [f"<b>{esc(k)}</b>: {_fmt(v, digits)[0]}" for k, v in d.items() if v is not None]
    return "; ".join(parts)


def figure_html(fig: go.Figure, div_id: str | None = None) -> str:
    """A figure as a ``<div>`` (the Plotly bundle is in the page head)."""
    return str(
        fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=div_id,
            config={"displaylogo": False, "responsive": True},
        )
    )


def render_page(
    title: str,
    sections: Sequence[Section],
    lang: str = "en",
    subtitle: str = "",
) -> str:
    """A complete standalone HTML page with the Plotly bundle inline."""
    nav = "".join(f'<a href="#{esc(s.id)}">{esc(s.title)}</a>' for s in sections)
    body = []
    for s in sections:
        figs = "".join(figure_html(f, div_id=f"{s.id}-fig{i}") for i, f in enumerate(s.figures))
        body.append(
            f'<section id="{esc(s.id)}"><h2>{esc(s.title)}</h2>{s.html}{figs}{s.after_html}'
            "</section>"
        )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>'
        f"<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>"
        f"<nav><b>{esc(label('contents', lang))}</b>: {nav}</nav>"
        f"<main>{''.join(body)}</main>"
        f"<footer>{esc(label('generated_by', lang))}</footer></body></html>\n"
    )


def write_page(path: str | Path, html: str) -> Path:
    """Write ``html`` to ``path`` (UTF-8), creating parent folders."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(html, encoding="utf-8")
    return p
