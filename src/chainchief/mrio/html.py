"""Offline HTML for MRIO indicators: Plotly time series with the JavaScript inline."""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from chainchief.mrio.indicators import INDICATOR_DESCRIPTIONS
from chainchief.report import Section

__all__ = ["DEFAULT_PLOT_INDICATORS", "render_mrio_page", "render_mrio_section"]

#: Indicators plotted by default.
DEFAULT_PLOT_INDICATORS: tuple[str, ...] = (
    "dva_share",
    "gvc_backward",
    "gvc_forward",
    "gvc_position",
    "upstreamness",
    "vax_ratio",
)


def _figure(frame: pd.DataFrame, indicator: str, focal: str | None) -> go.Figure:
    fig = go.Figure()
    for (region, sector), grp in frame.groupby(["region", "sector"], sort=True):
        grp = grp.sort_values("year")
        is_focal = region == focal
        fig.add_trace(
            go.Scatter(
                x=grp["year"],
                y=grp[indicator],
                mode="lines+markers",
                name=f"{region} {sector}" if frame["sector"].nunique() > 1 else str(region),
                line={"width": 4 if is_focal else 1.5},
            )
        )
    fig.update_layout(
        title=f"{indicator}: {INDICATOR_DESCRIPTIONS.get(indicator, '')}",
        xaxis_title="year",
        yaxis_title=indicator,
        height=380,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        template="plotly_white",
    )
    span = int(frame["year"].max() - frame["year"].min()) if len(frame) else 0
    fig.update_xaxes(tickformat="d", dtick=1 if span <= 12 else 2)
    return fig


def render_mrio_section(
    frame: pd.DataFrame,
    *,
    title: str = "National sector in global value chains",
    indicators: Sequence[str] = DEFAULT_PLOT_INDICATORS,
    focal: str | None = "CHN",
    params: Mapping[str, Any] | None = None,
    source_note: str = (
        "World Input-Output Database, 2013 release (Timmer et al. 2015); "
        "China: National Bureau of Statistics input-output tables."
    ),
    include_plotlyjs: bool = True,
) -> str:
    """Render an HTML ``<section>`` with one Plotly time series per indicator.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``year``, ``region``, ``sector`` and indicator columns (e.g. from
        :func:`chainchief.mrio.chains.chain_sector_indicators`).
    title : str
        Section heading.
    indicators : sequence of str
        Columns to plot (missing or all-NaN ones are skipped).
    focal : str, optional
        Region drawn with a thick line.
    params : mapping, optional
        Parameters printed in the section (source, years, output basis, …).
    source_note : str
        Data citation printed under the charts.
    include_plotlyjs : bool, default True
        Embed plotly.js inline in the first chart (set False when the page already has it).
        Never loaded from a CDN.

    Returns
    -------
    str
        HTML fragment.
    """
    parts = [f'<section class="mrio"><h2>{html.escape(title)}</h2>']
    if params:
        items = "".join(
            f"<li><code>{html.escape(str(k))}</code> = {html.escape(str(v))}</li>"
            for k, v in params.items()
        )
        parts.append(f"<h3>Parameters</h3><ul>{items}</ul>")
    js = include_plotlyjs
    for ind in indicators:
        if ind not in frame.columns or frame[ind].isna().all():
            continue
        fig = _figure(frame, ind, focal)
        parts.append(fig.to_html(full_html=False, include_plotlyjs=bool(js)))
        js = False
    if "year" in frame.columns and len(frame):
        last = frame[frame["year"] == frame["year"].max()]
        cols = [c for c in ("region", "sector", *indicators) if c in last.columns]
        parts.append(f"<h3>Latest year ({int(frame['year'].max())})</h3>")
        parts.append(
            last[cols].to_html(index=False, float_format=lambda v: f"{v:.3f}", na_rep="–", border=0)
        )
    defs = "".join(
        f"<li><code>{html.escape(k)}</code>: {html.escape(INDICATOR_DESCRIPTIONS[k])}</li>"
        for k in indicators
        if k in INDICATOR_DESCRIPTIONS
    )
    parts.append(f"<h3>Definitions</h3><ul>{defs}</ul>")
    parts.append(f"<p><small>Source: {html.escape(source_note)}</small></p></section>")
    return "\n".join(parts)


def render_mrio_page(sections: Sequence[str], *, title: str = "chainchief MRIO indicators") -> str:
    """Wrap rendered sections into a standalone HTML page."""
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
        "table{border-collapse:collapse}td,th{padding:2px 8px;text-align:right}</style>"
        f"</head><body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>"
    )


def mrio_report_section(
    chain_id: str,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    years: str | None = None,
) -> Section | None:
    """A report section with the chain's national IO sector next to peers, over time.

    Returns ``None`` (and the report simply has no such section) when the real data
    directory is not found or the chain has no IO sector mapping.
    """
    from chainchief.mrio.chains import chain_sector_indicators, chain_sectors
    from chainchief.mrio.data import find_data_dir

    if find_data_dir(data_dir) is None:
        return None
    try:
        sectors = chain_sectors(chain_id)
    except KeyError:
        return None
    frame = chain_sector_indicators(chain_id, years=years, data_dir=data_dir)
    body = render_mrio_section(
        frame,
        title=f"National sector {sectors.wiod} in global value chains (WIOD 2013)",
        include_plotlyjs=False,
    )
    return Section("mrio", "National sector in global value chains (input-output tables)", body)
