"""Plotly figures and an HTML section for the resilience analysis."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from chainchief.coupling.html import figure_fragment, params_fragment, table_fragment
from chainchief.resilience.analysis import ResilienceResult

__all__ = ["resilience_figures", "resilience_section"]


def resilience_figures(result: ResilienceResult) -> dict[str, go.Figure]:
    """Figures: region and reference indexed to 100 with the periods shaded, and the
    shift-share components."""
    figs: dict[str, go.Figure] = {}
    s = result.series.dropna()
    if not s.empty:
        base = s.iloc[0]
        fig = go.Figure()
        fig.add_scatter(x=s["year"], y=100 * s["region"] / base["region"], name=result.region)
        fig.add_scatter(
            x=s["year"], y=100 * s["reference"] / base["reference"], name=result.reference
        )
        for row in result.indices.itertuples():
            colour = "rgba(222,45,38,0.12)" if row.index == "resistance" else "rgba(49,163,84,0.12)"
            fig.add_vrect(x0=row.start, x1=row.end, fillcolor=colour, line_width=0)
        fig.update_layout(
            title=f"{result.params.indicator} ({int(base['year'])} = 100); "
            "red: contraction, green: recovery",
            height=380,
        )
        figs["series"] = fig
    ss = result.shift_share
    if not ss.empty:
        d = ss[ss["industry"] != "total"]
        fig = go.Figure()
        for c in ("national_share", "industry_mix", "regional_shift"):
            fig.add_bar(x=d["industry"], y=d[c], name=c)
        fig.update_layout(barmode="relative", title="Shift-share components", height=360)
        figs["shift_share"] = fig
    return figs


def resilience_section(result: ResilienceResult) -> str:
    """HTML fragment of the resilience analysis."""
    parts = [
        f"<h2>Resilience of {html.escape(result.region)} against "
        f"{html.escape(result.reference)}</h2>"
    ]
    parts += [f'<p class="note">{html.escape(n)}</p>' for n in result.notes]
    parts.append(params_fragment(result.params.as_dict(), "Resilience parameters"))
    figs = resilience_figures(result)
    if "series" in figs:
        parts.append(figure_fragment(figs["series"]))
    parts.append("<h3>Resistance and recovery indices (Martin 2012)</h3>")
    parts.append(table_fragment(result.indices))
    if not result.shift_share.empty:
        parts.append("<h3>Shift-share decomposition</h3>" + table_fragment(result.shift_share))
        parts.append(figure_fragment(figs["shift_share"]))
    return "\n".join(parts)
