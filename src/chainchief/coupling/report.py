"""Plotly figures and an HTML section for the coupling analysis."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from chainchief.coupling.analysis import CouplingResult
from chainchief.coupling.html import figure_fragment, params_fragment, table_fragment
from chainchief.model.enums import Scale

__all__ = ["coupling_figures", "coupling_section"]

_COLOURS = {
    "coupling": "#2b8cbe",
    "recoupling": "#31a354",
    "decoupling": "#de2d26",
}


def coupling_figures(result: CouplingResult) -> dict[str, go.Figure]:
    """Figures: scale shares by year (one per flow) and event value changes."""
    figs: dict[str, go.Figure] = {}
    prof = result.profile_scale
    for flow in sorted(prof["flow"].unique()):
        d = prof[prof["flow"] == flow]
        fig = go.Figure()
        for s in Scale:
            sub = d[d["scale"].astype(str) == s.value]
            if sub["value"].sum() <= 0:
                continue
            fig.add_bar(x=sub["year"].astype(str), y=sub["share"], name=s.value)
        fig.update_layout(
            barmode="stack",
            title=f"{flow.capitalize()}: share of value by scale",
            yaxis={"title": "share", "range": [0, 1]},
            xaxis={"title": "year", "type": "category"},
            height=360,
        )
        figs[f"profile_{flow}"] = fig
    ev = result.events
    if not ev.empty:
        fig = go.Figure()
        for kind, colour in _COLOURS.items():
            sub = ev[ev["event"] == kind]
            if sub.empty:
                continue
            agg = sub.groupby(["flow", "period", "scale"], as_index=False)["change"].sum()
            fig.add_bar(
                x=[
                    f"{f} {p} {s}"
                    for f, p, s in zip(agg["flow"], agg["period"], agg["scale"], strict=True)
                ],
                y=agg["change"],
                name=kind,
                marker_color=colour,
            )
        fig.update_layout(
            title="Coupling events: value change by flow, period and scale",
            yaxis={"title": "change in value"},
            height=380,
        )
        figs["events"] = fig
    return figs


def coupling_section(result: CouplingResult) -> str:
    """HTML fragment of the coupling analysis (figures need plotly.js on the page)."""
    parts = [f"<h2>Multi-scale coupling of {html.escape(result.region)}</h2>"]
    if result.chain:
        parts.append(f"<p>Chain: {html.escape(result.chain)}</p>")
    parts += [f'<p class="note">{html.escape(n)}</p>' for n in result.notes]
    parts.append(params_fragment(result.params.as_dict(), "Coupling parameters"))
    parts.append(params_fragment(result.rules.as_dict(), "Coupling-mode rule thresholds"))
    figs = coupling_figures(result)
    for key in sorted(k for k in figs if k.startswith("profile_")):
        parts.append(figure_fragment(figs[key]))
    parts.append("<h3>Coupling diversity</h3>" + table_fragment(result.diversity))
    parts.append("<h3>Lead-firm dependence</h3>" + table_fragment(result.dependence))
    parts.append(
        "<h3>Events reported together by period</h3>" + table_fragment(result.event_summary)
    )
    if "events" in figs:
        parts.append(figure_fragment(figs["events"]))
    parts.append("<h3>Events</h3>" + table_fragment(result.events, max_rows=40))
    parts.append("<h3>Coupling mode</h3>" + table_fragment(result.mode))
    parts.append(table_fragment(result.indicators, caption="Indicators behind the mode rules"))
    return "\n".join(parts)
