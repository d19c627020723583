"""Minimal offline HTML output for the analytics sections (Plotly JS embedded inline).

Section builders (``coupling_section``, ``resilience_section``, ...) return HTML
fragments whose figures do not carry plotly.js themselves; :func:`write_html` puts the
library once, inline, in the page head, so the file works without a network.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

__all__ = ["figure_fragment", "html_page", "params_fragment", "table_fragment", "write_html"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}
th{background:#f3f3f3}td.t{text-align:left}
h2{border-bottom:2px solid #345;padding-bottom:.2rem}
.note{color:#555;font-size:.85rem}
"""


def figure_fragment(fig: go.Figure, include_plotlyjs: bool | str = False) -> str:
    """HTML ``<div>`` of a figure; plotly.js is left to the page unless asked for."""
    out = fig.to_html(full_html=False, include_plotlyjs=include_plotlyjs)
    return str(out)


def _cell(v: Any) -> tuple[str, bool]:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return "", False
    if isinstance(v, float):
        return f"{v:,.4g}", False
    if isinstance(v, bool):
        return ("yes" if v else "no"), True
    if isinstance(v, int):
        return f"{v:,}", False
    return html.escape(str(v)), True


def table_fragment(df: pd.DataFrame, max_rows: int = 50, caption: str = "") -> str:
    """An HTML table of the first ``max_rows`` rows of ``df``."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for rec in df.head(max_rows).itertuples(index=False):
        cells = []
        for v in rec:
            text, is_text = _cell(v)
            cells.append(f'<td class="t">{text}</td>' if is_text else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (
        f'<p class="note">{len(df) - max_rows:,} more rows not shown.</p>'
        if len(df) > max_rows
        else ""
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<tr>{head}</tr>{''.join(rows)}</table>{more}"


def params_fragment(params: Mapping[str, Any], title: str = "Parameters") -> str:
    """The parameters a section used, as a two-column table."""
    df = pd.DataFrame({"parameter": list(params), "value": [str(v) for v in params.values()]})
    return f"<h3>{html.escape(title)}</h3>" + table_fragment(df, max_rows=100)


def html_page(title: str, sections: Iterable[str]) -> str:
    """A complete HTML page with plotly.js inline in the head."""
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def write_html(title: str, sections: Iterable[str], path: str | Path) -> Path:
    """Write :func:`html_page` to ``path`` and return it."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(html_page(title, sections), encoding="utf-8")
    return p
