"""Plotly figures and an HTML section for the network analysis."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from chainchief.coupling.html import figure_fragment, params_fragment, table_fragment
from chainchief.networks.analysis import NetworksResult

__all__ = ["networks_figures", "networks_section"]


def networks_figures(result: NetworksResult) -> dict[str, go.Figure]:
    """Figures: buzz vs pipelines by scale (knowledge and supply ties)."""
    figs: dict[str, go.Figure] = {}
    fig = go.Figure()
    for name, df in (("knowledge", result.knowledge_ties), ("supply", result.supply_ties)):
        if df.empty:
            continue
        fig.add_bar(
            x=[f"{t} / {s}" for t, s in zip(df["tie"], df["scale"], strict=True)],
            y=df["weight_share"],
            name=f"{name} ties",
        )
    fig.update_layout(
        barmode="group", title="Local buzz and pipelines by scale (weight share)", height=360
    )
    figs["buzz_pipelines"] = fig
    return figs


def networks_section(result: NetworksResult) -> str:
    """HTML fragment of the network analysis."""
    n = result.params.top_n
    parts = [f"<h2>Knowledge and production networks of {html.escape(result.region)}</h2>"]
    parts += [f'<p class="note">{html.escape(x)}</p>' for x in result.notes]
    parts.append(params_fragment(result.params.as_dict(), "Network parameters"))
    parts.append(figure_fragment(networks_figures(result)["buzz_pipelines"]))
    parts.append("<h3>Knowledge ties: buzz and pipelines</h3>")
    parts.append(table_fragment(result.knowledge_ties))
    parts.append("<h3>Horizontal and vertical ties</h3>")
    parts.append(table_fragment(result.knowledge_horizontal, caption="knowledge ties"))
    parts.append(table_fragment(result.supply_horizontal, caption="supply ties"))
    parts.append("<h3>Local production network: degree centralisation</h3>")
    parts.append(table_fragment(result.centralisation))
    parts.append(table_fragment(result.hubs, max_rows=n, caption="hubs"))
    parts.append("<h3>Technological gatekeepers</h3>")
    parts.append(table_fragment(result.gatekeepers, max_rows=n))
    parts.append("<h3>Brokerage roles (Gould and Fernandez 1989)</h3>")
    parts.append(table_fragment(result.brokerage, max_rows=n))
    return "\n".join(parts)
