"""Offline HTML report of a simulation (Plotly with its JavaScript inline, no CDN).

Sections: loss-and-recovery curves of the focal group (with and without ICCM), the
ensemble fan chart, the ICCM effect on every metric, substitution flows by scale (over
time, and a Sankey from buyer region to new supplier region), the metrics table and
every parameter of the run.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chainchief.simulation.ensemble import EnsembleResult
from chainchief.simulation.metrics import METRIC_DOC
from chainchief.simulation.params import SCALES

__all__ = ["firm_regions", "render_report"]

COLORS = {"no_iccm": "#c0392b", "iccm": "#2471a3", "as_given": "#555555"}
SCALE_COLORS = ["#1b9e77", "#66a61e", "#e6ab02", "#d95f02", "#7570b3", "#e7298a"]


def _ratio(tot: pd.DataFrame) -> pd.Series:
    return tot["focal_output"] / tot["focal_baseline"]


def _curves(ens: EnsembleResult) -> go.Figure:
    tot = ens.tables["totals"]
    fig = go.Figure()
    r0 = tot[tot["run"] == tot["run"].min()]
    for v, g in r0.groupby("variant", sort=False):
        fig.add_trace(
            go.Scatter(
                x=g["day"], y=_ratio(g), name=str(v), line={"color": COLORS.get(str(v), "#333")}
            )
        )
    fig.add_hline(y=1.0, line_dash="dot", line_color="#999")
    fig.update_layout(
        title="Loss and recovery: focal output / baseline (run 0)",
        xaxis_title="day",
        yaxis_title="output / baseline",
        height=380,
    )
    return fig


def _fan(ens: EnsembleResult) -> go.Figure:
    tot = ens.tables["totals"].assign(ratio=lambda d: _ratio(d))
    fig = go.Figure()
    for v, g in tot.groupby("variant", sort=False):
        qs = np.array([0.05, 0.25, 0.5, 0.75, 0.95])
        q = g.groupby("day")["ratio"].quantile(qs).unstack()
        c = COLORS.get(str(v), "#333")
        for lo, hi, op in ((0.05, 0.95, 0.15), (0.25, 0.75, 0.3)):
            fig.add_trace(
                go.Scatter(
                    x=q.index, y=q[hi], line={"width": 0}, showlegend=False, hoverinfo="skip"
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=q.index,
                    y=q[lo],
                    fill="tonexty",
                    line={"width": 0},
                    fillcolor=_rgba(c, op),
                    name=f"{v} {int(lo * 100)}-{int(hi * 100)} %",
                )
            )
        fig.add_trace(go.Scatter(x=q.index, y=q[0.5], name=f"{v} median", line={"color": c}))
    n = tot["run"].nunique()
    fig.update_layout(
        title=f"Ensemble fan chart ({n} runs): focal output / baseline",
        xaxis_title="day",
        yaxis_title="output / baseline",
        height=380,
    )
    return fig


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _iccm(ens: EnsembleResult) -> go.Figure | None:
    eff = ens.iccm_effect
    if eff.empty:
        return None
    keys = ["peak_loss", "cumulative_loss", "time_to_recover", "post_shock_level", "replaced_share"]
    med = eff[[k for k in keys if k in eff]].median()
    fig = go.Figure(go.Bar(x=med.index, y=med.to_numpy(), marker_color="#2471a3"))
    fig.update_layout(
        title="ICCM effect (median over runs of metric with ICCM minus without)",
        height=340,
    )
    return fig


def _flows(ens: EnsembleResult) -> go.Figure:
    tot = ens.tables["totals"]
    r0 = tot[tot["run"] == tot["run"].min()]
    fig = go.Figure()
    for v, g in r0.groupby("variant", sort=False):
        for k, s in enumerate(SCALES):
            col = f"replaced_{s}"
            if g[col].abs().sum() == 0:
                continue
            fig.add_trace(
                go.Scatter(
                    x=g["day"],
                    y=g[col],
                    stackgroup=str(v),
                    name=f"{v}: {s}",
                    line={"color": SCALE_COLORS[k]},
                )
            )
    fig.update_layout(
        title="Supply delivered by substitute links, by scale (run 0)",
        xaxis_title="day",
        yaxis_title="value per day",
        height=340,
    )
    return fig


def _sankey(ens: EnsembleResult, firm_region: dict[str, str]) -> go.Figure | None:
    ev = ens.tables.get("events", pd.DataFrame())
    if ev.empty:
        return None
    sub = ev[(ev["kind"] == "substitute") & (ev["run"] == ev["run"].min())]
    if sub.empty:
        return None
    src = sub["buyer"].astype(str).map(firm_region).fillna("?").astype(str) + " (buyers)"
    dst = (
        sub["new_supplier"].astype(str).map(firm_region).fillna("?").astype(str)
        + " (new suppliers)"
    )
    flows = (
        pd.DataFrame({"s": src, "d": dst, "scale": sub["scale"].astype(str), "v": sub["volume"]})
        .groupby(["s", "d", "scale"], as_index=False)["v"]
        .sum()
    )
    labels = list(dict.fromkeys(list(flows["s"]) + list(flows["d"])))
    pos = {lab: i for i, lab in enumerate(labels)}
    fig = go.Figure(
        go.Sankey(
            node={"label": labels, "pad": 12},
            link={
                "source": [pos[x] for x in flows["s"]],
                "target": [pos[x] for x in flows["d"]],
                "value": flows["v"].tolist(),
                "label": flows["scale"].tolist(),
                "color": [_rgba(SCALE_COLORS[SCALES.index(s)], 0.5) for s in flows["scale"]],
            },
        )
    )
    fig.update_layout(
        title="Substitution flows by scale: buyer region -> new supplier region (run 0)",
        height=420,
    )
    return fig


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, float_format=lambda v: f"{v:,.4g}", border=0, classes="t")


def render_report(
    ens: EnsembleResult,
    *,
    params: dict[str, Any],
    firm_region: dict[str, str] | None = None,
    dataset: str = "",
) -> str:
    """The report as one self-contained HTML string."""
    sc = ens.scenario
    figs = [_curves(ens)]
    if ens.tables["totals"]["run"].nunique() > 1:
        figs.append(_fan(ens))
    for f in (_iccm(ens), _flows(ens), _sankey(ens, firm_region or {})):
        if f is not None:
            figs.append(f)
    parts = []
    for i, f in enumerate(figs):
        parts.append(f.to_html(full_html=False, include_plotlyjs=(i == 0)))
    m = ens.tables["metrics"]
    summary = (
        m.drop(columns=["run", "seed"]).groupby("variant").median(numeric_only=True).reset_index()
    )
    eff = ens.iccm_effect
    eff_html = (
        _table(eff.drop(columns="run").median().to_frame("median").reset_index())
        if not eff.empty
        else "<p>Only one variant was run.</p>"
    )
    doc = "".join(
        f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in METRIC_DOC.items()
    )
    prm = pd.DataFrame({"parameter": list(params), "value": [str(v) for v in params.values()]})
    shocks = pd.DataFrame(sc.shocks) if sc.shocks else pd.DataFrame()
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>chainchief simulation: {html.escape(sc.title or sc.name)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}}
table.t{{border-collapse:collapse;font-size:13px}} table.t td,table.t th{{padding:2px 8px;
border-bottom:1px solid #ddd;text-align:right}}</style></head><body>
<h1>{html.escape(sc.title or sc.name)}</h1>
<p>Dataset: <b>{html.escape(dataset)}</b>. Scenario <code>{html.escape(sc.name)}</code>;
source: {html.escape(sc.source)}. {html.escape(sc.description)}</p>
<p>Runs: {m["run"].nunique()}; variants: {", ".join(map(str, m["variant"].unique()))};
shock start (day): {sc.shock_start}.</p>
{"".join(parts)}
<h2>Resilience metrics (median over runs)</h2>{_table(summary)}
<h2>ICCM effect (with minus without, median)</h2>{eff_html}
<h3>Definitions</h3><ul>{doc}</ul>
<h2>Shocks</h2>{_table(shocks) if not shocks.empty else "<p>none</p>"}
<h2>Parameters</h2>{_table(prm)}
<p>Metric windows: within_days={sc.metrics.within_days}, tolerance={sc.metrics.tolerance},
post_window={sc.metrics.post_window}.</p>
</body></html>"""


def firm_regions(data: Any) -> dict[str, str]:
    """firm_id -> region_id (for the Sankey)."""
    f = data.firms
    return dict(zip(f["firm_id"].astype(str), f["region_id"].astype(str), strict=True))
