"""HTML report of a :class:`~chainchief.diagnosis.Diagnosis` (offline, zh/en).

Sections: summary, Sankey of value flows through segments by scale, panoramic map
(segments x scales), segment table with classes, recommendations with evidence, GVC
position (mode mix, value capture, smile curve), lock-in components, governance,
leading enterprises, parameters appendix.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from chainchief.diagnosis.core import Diagnosis
from chainchief.diagnosis.frames import SCALES
from chainchief.report import (
    Section,
    dict_html,
    esc,
    label,
    register_labels,
    render_page,
    table_html,
    write_page,
)

__all__ = ["CLASS_COLOURS", "build_sections", "render_html", "write_report"]

CLASS_COLOURS = {"missing": "#c0392b", "weak": "#e67e22", "present": "#7f8c8d", "strong": "#27ae60"}

register_labels(
    {
        "diag_title": {"en": "Chain diagnosis", "zh": "产业链诊断"},
        "summary": {"en": "Summary", "zh": "概要"},
        "flows": {"en": "Value flows by scale", "zh": "按尺度的价值流"},
        "flows_intro": {
            "en": "Inputs bought by local firms, by the supplier's scale, and sales of local "
            "firms, by market scale, through each segment.",
            "zh": "本地企业按供应商尺度的采购，以及本地企业按市场尺度的销售，经由各环节。",
        },
        "panorama": {"en": "Panoramic chain map", "zh": "产业链全景图"},
        "panorama_intro": {
            "en": "Firms and institutions per segment and scale (relative to the focal "
            "region); hover for leading organisations.",
            "zh": "各环节在各尺度（相对于本地区）的企业与机构数量；悬停查看主要组织。",
        },
        "segment_table": {"en": "Segments and classes", "zh": "环节与分类"},
        "recommendations": {"en": "Recommendations", "zh": "建议"},
        "position": {"en": "GVC position and value capture", "zh": "全球价值链地位与价值获取"},
        "smile": {"en": "Smile curve", "zh": "微笑曲线"},
        "lock_in": {"en": "Low-end lock-in", "zh": "低端锁定"},
        "governance": {"en": "Governance", "zh": "治理模式"},
        "leaders": {"en": "Leading enterprises (chain-owner candidates)", "zh": "链主企业候选"},
        "appendix": {"en": "Appendix: parameters", "zh": "附录：参数"},
        "sourced_from": {"en": "sourced from", "zh": "采购自"},
        "sold_to": {"en": "sold to", "zh": "销往"},
        "class": {"en": "Class", "zh": "分类"},
        "action": {"en": "Action", "zh": "行动"},
        "priority": {"en": "Priority", "zh": "优先级"},
        "evidence": {"en": "Evidence", "zh": "依据"},
        "missing": {"en": "missing", "zh": "缺失"},
        "weak": {"en": "weak", "zh": "薄弱"},
        "present": {"en": "present", "zh": "具备"},
        "strong": {"en": "strong", "zh": "强势"},
        "replenish": {"en": "replenish (补链)", "zh": "补链"},
        "strengthen": {"en": "strengthen (强链)", "zh": "强链"},
        "extend": {"en": "extend (延链)", "zh": "延链"},
        "build": {"en": "build (建链)", "zh": "建链"},
        "local_firms": {"en": "Local firms", "zh": "本地企业数"},
        "local_output": {"en": "Local output", "zh": "本地产出"},
        "lq": {"en": "LQ", "zh": "区位商"},
        "self_sufficiency": {"en": "Self-sufficiency", "zh": "本地配套率"},
        "export_share": {"en": "Export share", "zh": "出口占比"},
        "va_share": {"en": "Value-added share", "zh": "增加值占比"},
        "local_presence": {"en": "Local share of output", "zh": "本地产出占比"},
        "leading_firms": {"en": "Leading firms", "zh": "龙头企业"},
        "mode_mix": {"en": "Functional mode mix (OEM/ODM/OBM)", "zh": "代工/设计/品牌结构"},
        "value_capture": {"en": "Value captured locally", "zh": "本地价值获取"},
        "index": {"en": "Index", "zh": "指数"},
        "component": {"en": "Component", "zh": "分项"},
        "raw": {"en": "Raw value", "zh": "原始值"},
        "scaled": {"en": "Scaled (0-1)", "zh": "标准化值"},
        "weight": {"en": "Weight", "zh": "权重"},
        "source": {"en": "Source", "zh": "数据来源"},
        "chain_type": {"en": "Chain type", "zh": "链类型"},
        "dominant": {"en": "Dominant type", "zh": "主导类型"},
        "links": {"en": "Relations", "zh": "关系数"},
        "scale_strength": {"en": "Scale and strength", "zh": "规模与实力"},
        "brands_ip": {"en": "Brands and IP", "zh": "品牌与知识产权"},
        "core_advantage": {"en": "Core advantage", "zh": "核心竞争力"},
        "region": {"en": "Region", "zh": "地区"},
        "chain": {"en": "Chain", "zh": "产业链"},
        "reference": {"en": "Reference region", "zh": "参照地区"},
        "governance_by_segment": {"en": "Governance by segment", "zh": "各环节治理模式"},
        "institutions": {"en": "Institutions", "zh": "机构"},
        "related": {"en": "Related industries (local firms)", "zh": "关联产业（本地企业数）"},
        "overall": {"en": "Region", "zh": "全区"},
        "buyer-driven": {"en": "buyer-driven", "zh": "购买者驱动型"},
        "producer-driven": {"en": "producer-driven", "zh": "生产者驱动型"},
        "unknown": {"en": "unknown", "zh": "未知"},
    }
)


def _seg_names(d: Diagnosis, lang: str) -> dict[str, str]:
    out = {}
    for r in d.segments.to_dict("records"):
        zh = r.get("name_zh")
        out[r["segment_id"]] = zh if lang == "zh" and isinstance(zh, str) and zh else r["name"]
    return out


def sankey_figure(d: Diagnosis, lang: str) -> go.Figure:
    """Sankey: supplier scale -> segment -> market scale (values in dataset currency)."""
    names = _seg_names(d, lang)
    segs = list(d.segments["segment_id"])
    src_nodes = [f"{label('sourced_from', lang)}: {label(s, lang)}" for s in SCALES]
    out_nodes = [f"{label('sold_to', lang)}: {label(s, lang)}" for s in SCALES]
    nodes = src_nodes + [names[s] for s in segs] + out_nodes
    n_s = len(SCALES)
    src, tgt, val = [], [], []
    sourcing = d.flows["sourcing"]
    sales = d.flows["sales"]
    for i, seg in enumerate(segs):
        for j, sc in enumerate(SCALES):
            v = float(sourcing.loc[seg, sc]) if seg in sourcing.index else 0.0
            if v > 0:
                src.append(j)
                tgt.append(n_s + i)
                val.append(v)
            v2 = float(sales.loc[seg, sc]) if seg in sales.index else 0.0
            if v2 > 0:
                src.append(n_s + i)
                tgt.append(n_s + len(segs) + j)
                val.append(v2)
    fig = go.Figure(
        go.Sankey(
            node={"label": nodes, "pad": 12, "thickness": 14},
            link={"source": src, "target": tgt, "value": val},
        )
    )
    fig.update_layout(height=460, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


def panorama_figure(d: Diagnosis, lang: str) -> go.Figure:
    """Heatmap of firms + institutions per segment (rows) and scale (columns)."""
    names = _seg_names(d, lang)
    p = d.presence
    segs = list(d.segments["segment_id"])
    z, text, hover = [], [], []
    for seg in segs:
        row, trow, hrow = [], [], []
        for sc in SCALES:
            r = p[(p["segment_id"] == seg) & (p["scale"] == sc)].iloc[0]
            row.append(int(r["firms"]) + int(r["institutions"]))
            trow.append(f"{int(r['firms'])} / {int(r['institutions'])}")
            orgs = list(r["organisations"]) + list(r["institution_names"])
            hrow.append("<br>".join(esc(o) for o in orgs[:8]) or label("none", lang))
        z.append(row)
        text.append(trow)
        hover.append(hrow)
    fig = go.Figure(
        go.Heatmap(
            z=np.log1p(np.array(z, dtype=float)),
            x=[label(s, lang) for s in SCALES],
            y=[names[s] for s in segs],
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{y} · %{x}<br>%{text}<br>%{customdata}<extra></extra>",
            colorscale="Blues",
            showscale=False,
        )
    )
    fig.update_layout(
        height=120 + 36 * len(segs),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"autorange": "reversed"},
        title={"text": f"{label('firms', lang)} / {label('institutions', lang)}", "x": 0},
    )
    return fig


def smile_figure(d: Diagnosis, lang: str) -> go.Figure:
    """Value-added share per segment (line) and local share of output (bars)."""
    sm = d.position["smile_curve"]
    names = _seg_names(d, lang)
    x = [names[s] for s in sm["segment_id"]]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=x,
            y=sm["local_presence"],
            name=label("local_presence", lang),
            marker_color=[CLASS_COLOURS.get(c, "#999") for c in sm["class"]],
            opacity=0.6,
        ),
        secondary_y=True,
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=sm["va_share"],
            mode="lines+markers",
            line_shape="spline",
            name=label("va_share", lang),
            line={"width": 3, "color": "#1f3a5f"},
        ),
        secondary_y=False,
    )
    fig.update_yaxes(title_text=label("va_share", lang), secondary_y=False, rangemode="tozero")
    fig.update_yaxes(title_text=label("local_presence", lang), secondary_y=True, range=[0, 1.05])
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def modes_figure(d: Diagnosis, lang: str) -> go.Figure:
    """Stacked bars of OEM/ODM/OBM shares, region and per segment."""
    names = _seg_names(d, lang)
    rows = {label("overall", lang): d.position["mode_shares"]}
    for sid, m in d.position["mode_shares_by_segment"].items():
        rows[names.get(sid, sid)] = m
    x = list(rows)
    fig = go.Figure()
    for mode, col in (
        ("oem", "#c0392b"),
        ("odm", "#f1c40f"),
        ("obm", "#27ae60"),
        ("unknown", "#bdc3c7"),
    ):
        fig.add_trace(
            go.Bar(x=x, y=[rows[k].get(mode) for k in x], name=mode.upper(), marker_color=col)
        )
    fig.update_layout(
        barmode="stack",
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title={"text": label("mode_mix", lang), "x": 0},
    )
    return fig


def lockin_figure(d: Diagnosis, lang: str) -> go.Figure:
    """Bars of the scaled lock-in components (available ones), with the index line."""
    lk = d.position["lock_in"]
    comps = [c for c in lk["components"] if c["available"]]
    fig = go.Figure(
        go.Bar(
            x=[c["name"] for c in comps],
            y=[c["scaled"] for c in comps],
            text=[f"w={c['weight']:g}" for c in comps],
            marker_color="#8e44ad",
        )
    )
    if lk["index"] is not None:
        fig.add_hline(
            y=lk["index"],
            line_dash="dash",
            annotation_text=f"{label('index', lang)} = {lk['index']:.3f}",
        )
    fig.update_layout(
        height=340, yaxis={"range": [0, 1.05]}, margin={"l": 10, "r": 10, "t": 30, "b": 10}
    )
    return fig


def leaders_figure(d: Diagnosis, lang: str) -> go.Figure:
    """Grouped bars of the three criterion scores for the top ten candidates."""
    top = d.leaders.head(10)
    fig = go.Figure()
    for crit in ("scale_strength", "brands_ip", "core_advantage"):
        fig.add_trace(go.Bar(x=top["name"], y=top[crit], name=label(crit, lang)))
    fig.update_layout(
        barmode="group",
        height=340,
        yaxis={"range": [0, 1.05]},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return fig


def _tag(cls: str, lang: str) -> str:
    colour = CLASS_COLOURS.get(cls, "#999")
    return f'<span class="tag" style="background:{colour}">{esc(label(cls, lang))}</span>'


def build_sections(d: Diagnosis, lang: str = "en") -> list[Section]:
    """The report's sections (see module doc)."""
    L = lambda k: label(k, lang)  # noqa: E731
    names = _seg_names(d, lang)
    seg = d.segments
    lk = d.position["lock_in"]
    vc = d.position["value_capture"]
    counts = seg["class"].value_counts()
    summary = {
        L("region"): d.labels.get("region_name_zh" if lang == "zh" else "region_name") or d.region,
        L("chain"): d.chain,
        L("reference"): d.reference,
        L("local_firms"): d.labels.get("local_chain_firms"),
        L("class"): ", ".join(
            f"{L(c)} {int(counts.get(c, 0))}" for c in ("missing", "weak", "present", "strong")
        ),
        L("value_capture"): vc["share"],
        L("lock_in"): lk["index"],
        L("export_share"): d.position["export_share"],
        L("chain_type"): L(d.governance["chain_type"]["type"]),
    }
    notes = "".join(f"<li>{esc(n)}</li>" for n in d.notes)
    sections = [
        Section(
            "summary",
            L("summary"),
            html=f"<p>{dict_html(summary)}</p>"
            + (f'<p class="note">{L("notes")}:</p><ul class="note">{notes}</ul>' if notes else ""),
        ),
        Section(
            "flows",
            L("flows"),
            html=f"<p class='note'>{esc(L('flows_intro'))}</p>",
            figures=[sankey_figure(d, lang)],
        ),
        Section(
            "panorama",
            L("panorama"),
            html=f"<p class='note'>{esc(L('panorama_intro'))}</p>",
            figures=[panorama_figure(d, lang)],
        ),
    ]
    st = pd.DataFrame(
        {
            L("segment"): [names[s] for s in seg["segment_id"]],
            L("class"): [_tag(c, lang) for c in seg["class"]],
            L("va_share"): seg["va_share"],
            L("local_firms"): seg["local_firms"],
            L("local_output"): seg["local_output"],
            L("lq"): seg["lq"],
            L("self_sufficiency"): seg["self_sufficiency"],
            L("export_share"): seg["export_share"],
            L("lock_in"): seg["lock_in"],
            L("governance"): seg["governance"],
            L("leading_firms"): [", ".join(x[:3]) for x in seg["leading_firms"]],
            L("related"): [
                ", ".join(f"{r['name']} ({r['local_firms']})" for r in rel)
                for rel in seg["related_industries"]
            ],
            "rule": seg["class_reason"],
        }
    )
    sections.append(
        Section("segments", L("segment_table"), html=table_html(st, raw_html_cols=[L("class")]))
    )
    rec_rows = pd.DataFrame(
        {
            L("action"): [L(r["action"]) for r in d.recommendations],
            L("segment"): [
                names.get(r["segment_id"], r["segment_id"]) if r["segment_id"] else r["chain_id"]
                for r in d.recommendations
            ],
            L("priority"): [r["priority"] for r in d.recommendations],
            L("evidence"): [dict_html(r["evidence"]) for r in d.recommendations],
        }
    )
    sections.append(
        Section(
            "recommendations",
            L("recommendations"),
            html=table_html(rec_rows, raw_html_cols=[L("evidence")])
            if len(rec_rows)
            else f"<p>{L('none')}</p>",
        )
    )
    vc_info = {k: vc[k] for k in ("share", "method", "firm_share", "template_share", "coverage")}
    sections.append(
        Section(
            "position",
            L("position"),
            html=f"<p><b>{L('value_capture')}</b>: {dict_html(vc_info)}</p>",
            figures=[modes_figure(d, lang)],
        )
    )
    sections.append(Section("smile", L("smile"), figures=[smile_figure(d, lang)]))
    comp = pd.DataFrame(
        {
            L("component"): [c["name"] for c in lk["components"]],
            L("raw"): [c["raw"] for c in lk["components"]],
            L("scaled"): [c["scaled"] for c in lk["components"]],
            L("weight"): [c["weight"] for c in lk["components"]],
            L("source"): [c["source"] for c in lk["components"]],
            L("notes"): [c["note"] for c in lk["components"]],
        }
    )
    idx = "" if lk["index"] is None else f"{lk['index']:.3f}"
    sections.append(
        Section(
            "lockin",
            L("lock_in"),
            html=f"<p><b>{L('index')}</b>: {idx}</p>" + table_html(comp),
            figures=[lockin_figure(d, lang)],
        )
    )
    ct = d.governance["chain_type"]
    gov = pd.DataFrame(
        {
            L("segment"): [
                names.get(g["segment_id"], g["segment_id"]) for g in d.governance["by_segment"]
            ],
            L("dominant"): [g["dominant"] for g in d.governance["by_segment"]],
            L("share"): [dict_html(g["shares"]) for g in d.governance["by_segment"]],
            L("links"): [g["links"] for g in d.governance["by_segment"]],
        }
    )
    sections.append(
        Section(
            "governance",
            L("governance"),
            html=f"<p><b>{L('chain_type')}</b>: {dict_html(ct)}</p>"
            + table_html(gov, raw_html_cols=[L("share")]),
        )
    )
    ld = d.leaders.rename(
        columns={
            c: L(c)
            for c in (
                "rank",
                "name",
                "segment",
                "score",
                "scale_strength",
                "brands_ip",
                "core_advantage",
            )
        }
    )
    if "segment_id" in ld:
        ld[L("segment")] = [names.get(s, s) for s in ld.pop("segment_id")]
    sections.append(
        Section(
            "leaders",
            L("leaders"),
            html=table_html(ld),
            figures=[leaders_figure(d, lang)] if len(d.leaders) else [],
        )
    )
    par = pd.DataFrame(d.params.describe())
    par["value"] = [str(v) for v in par["value"]]
    par.columns = [L("parameter"), L("value"), L("description")]
    sections.append(Section("appendix", L("appendix"), html=table_html(par)))
    return sections


def render_html(
    diagnosis: Diagnosis, lang: str = "en", extra_sections: Sequence[Section] = ()
) -> str:
    """The full standalone report as HTML text (Plotly inline, no network needed).

    ``extra_sections`` (e.g. the national IO sector's GVC indicators from
    :func:`chainchief.mrio.html.mrio_report_section`) go before the parameters appendix.
    """
    region = diagnosis.labels.get("region_name_zh" if lang == "zh" else "region_name")
    title = f"{label('diag_title', lang)}: {region or diagnosis.region} · {diagnosis.chain}"
    sub = " · ".join(x for x in (diagnosis.dataset, diagnosis.labels.get("dataset_title")) if x)
    sections = build_sections(diagnosis, lang)
    sections[-1:-1] = list(extra_sections)
    return render_page(title, sections, lang=lang, subtitle=sub)


def write_report(
    diagnosis: Diagnosis,
    path: str | Path,
    lang: str = "en",
    extra_sections: Sequence[Section] = (),
) -> Path:
    """Write the HTML report to ``path``; returns the path."""
    return write_page(path, render_html(diagnosis, lang, extra_sections))
