"""Plotly figures and an HTML section for the diversification analysis."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from chainchief.coupling.html import figure_fragment, params_fragment, table_fragment
from chainchief.diversification.analysis import DiversificationResult

__all__ = ["diversification_figures", "diversification_section"]


def diversification_figures(result: DiversificationResult) -> dict[str, go.Figure]:
    """Figures: related/unrelated variety over time and the top options by density."""
    figs: dict[str, go.Figure] = {}
    v = result.variety
    if not v.empty and "year" in v:
        fig = go.Figure()
        for c in ("related_variety", "unrelated_variety"):
            fig.add_bar(x=v["year"].astype(str), y=v[c], name=c)
        fig.update_layout(
            barmode="stack", title="Variety (stack = total entropy, bits)", height=340
        )
        figs["variety"] = fig
    o = result.options
    if not o.empty:
        top = o.groupby("option").head(result.params.top_n)
        fig = go.Figure()
        for kind in ("related", "unrelated"):
            sub = top[top["option"] == kind]
            fig.add_bar(x=sub["industry"], y=sub["density"], name=kind)
        fig.update_layout(title="Diversification options: relatedness density", height=360)
        figs["options"] = fig
    return figs


def diversification_section(result: DiversificationResult) -> str:
    """HTML fragment of the diversification analysis."""
    parts = [
        f"<h2>Diversification of {html.escape(result.region)} "
        f"({html.escape(result.indicator)}, {result.year})</h2>"
    ]
    parts += [f'<p class="note">{html.escape(n)}</p>' for n in result.notes]
    parts.append(params_fragment(result.params.as_dict(), "Diversification parameters"))
    figs = diversification_figures(result)
    parts.append("<h3>Related and unrelated variety</h3>" + table_fragment(result.variety))
    if "variety" in figs:
        parts.append(figure_fragment(figs["variety"]))
    parts.append("<h3>RCA and density</h3>" + table_fragment(result.rca, max_rows=30))
    parts.append("<h3>Ranked options</h3>")
    parts.append(table_fragment(result.options.groupby("option").head(result.params.top_n)))
    if "options" in figs:
        parts.append(figure_fragment(figs["options"]))
    if not result.adaptation.empty:
        parts.append("<h3>Adaptation vs adaptability</h3>" + table_fragment(result.adaptation))
    return "\n".join(parts)
