"""Offline HTML report of the attraction analysis (issue 5, item 5).

Sections: the ranked attraction list with stacked component bars (weighted
contributions), where the top candidates are (by scale and region), and the substitute
list for each critical segment of the chain. Plotly JS is embedded inline once.
"""

from __future__ import annotations

import html
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from chainchief.attraction.match import AttractionResult
from chainchief.attraction.profiles import COMPONENTS
from chainchief.attraction.substitutes import baseline_spare, find_substitutes
from chainchief.coupling.html import figure_fragment, params_fragment, table_fragment, write_html
from chainchief.diagnosis.frames import num, resolve_tables
from chainchief.model.regions import descendants

__all__ = [
    "critical_segments",
    "render_sections",
    "substitutes_by_segment",
    "what_if_sections",
    "write_report",
]

_TXT = {
    "en": {
        "rank": "Ranked attraction list",
        "where": "Where the top candidates are",
        "subs": "Substitute suppliers for critical segments",
        "contrib": "Weighted contribution to the score",
        "none": "No outside supplier of the chain's segments in the supply links.",
        "crit": "Segment {s}: largest outside supplier {f} ({v:.1%} of local buyers' outside "
        "purchases of the segment)",
        "whatif": "What-if: attracting {c}",
        "wi_seg": "Segment classes and supplier concentration, before and after",
        "wi_coup": "Coupling of local sales, before and after",
        "wi_sim": "Loss and recovery under scenario {s} (one run, central values, seed {seed})",
    },
    "zh": {
        "rank": "招商匹配度排名",
        "where": "候选对象的空间分布",
        "subs": "关键环节的替代供应商",
        "contrib": "各分项对得分的加权贡献",
        "none": "供应关系中没有本链环节的外部供应商。",
        "crit": "环节 {s}：最大外部供应商 {f}（占本地买方该环节外购的{v:.1%}）",
        "whatif": "情景推演：引进 {c}",
        "wi_seg": "引进前后的环节类别与供应商集中度",
        "wi_coup": "引进前后本地销售的耦合",
        "wi_sim": "情景 {s} 下的损失与恢复（单次运行，取中心值，随机种子 {seed}）",
    },
}


def critical_segments(tables_like: Any, region: str, chain: str, k: int = 3) -> pd.DataFrame:
    """The ``k`` segments with the most local purchases from outside suppliers.

    Returns ``segment_id, value, supplier_id, supplier_share``: for each segment the
    largest outside supplier, whose loss the substitute list answers.
    """
    tables, _ = resolve_tables(tables_like)
    firms, links = tables["firms"], tables["supply_links"]
    local = set(
        firms.loc[
            firms["region_id"].astype(str).isin(descendants(tables["regions"], region)),
            "firm_id",
        ].astype(str)
    )
    lk = links[links["chain_id"].astype(str) == chain]
    sel = lk["buyer_id"].astype(str).isin(local) & ~lk["supplier_id"].astype(str).isin(local)
    lk = pd.DataFrame(
        {
            "segment_id": lk.loc[sel, "segment_id"].astype(str),
            "supplier_id": lk.loc[sel, "supplier_id"].astype(str),
            "value": num(lk.loc[sel, "value"]).fillna(0.0),
        }
    )
    if lk.empty:
        return pd.DataFrame(columns=["segment_id", "value", "supplier_id", "supplier_share"])
    by = lk.groupby(["segment_id", "supplier_id"], as_index=False)["value"].sum()
    seg_tot = by.groupby("segment_id")["value"].sum()
    top = by.sort_values(["value", "supplier_id"], ascending=[False, True]).drop_duplicates(
        "segment_id"
    )
    top = top.assign(
        supplier_share=top["value"] / top["segment_id"].map(seg_tot),
        value=top["segment_id"].map(seg_tot).to_numpy(),
    )
    top = top.sort_values(["value", "segment_id"], ascending=[False, True]).head(k)
    return top[["segment_id", "value", "supplier_id", "supplier_share"]].reset_index(drop=True)


def substitutes_by_segment(
    tables_like: Any,
    region: str,
    chain: str,
    k: int = 3,
    top: int = 8,
    outside_only: bool = True,
    min_cover: float = 0.6,
) -> dict[str, tuple[str, float, pd.DataFrame]]:
    """For each critical segment: (lost supplier, its share, ranked substitutes).

    ``outside_only`` (default True) lists suppliers outside the region: the local firms
    of the segment come first in the simulation's ranking but are mostly the buyers
    themselves, and the chief's question is whom to call elsewhere. ``min_cover``: the
    adequacy threshold of :func:`find_substitutes` (0.6).
    """
    crit = critical_segments(tables_like, region, chain, k)
    out: dict[str, tuple[str, float, pd.DataFrame]] = {}
    if crit.empty:
        return out
    spare = baseline_spare(tables_like)
    for rec in crit.itertuples(index=False):  # at most k segments
        subs = find_substitutes(
            tables_like,
            str(rec.supplier_id),
            segment=str(rec.segment_id),
            region=region,
            spare=spare,
            outside_only=outside_only,
            top=top,
            min_cover=min_cover,
        )
        out[str(rec.segment_id)] = (str(rec.supplier_id), float(rec.supplier_share), subs)
    return out


def _bars(res: AttractionResult, top: int, title: str) -> go.Figure:
    rk = res.ranking.head(top)
    comp = res.components.set_index(["candidate_id", "component"])
    fig = go.Figure()
    labels = (rk["name"].astype(str) + " (" + rk["candidate_id"].astype(str) + ")").tolist()
    for c in COMPONENTS:
        idx = pd.MultiIndex.from_arrays([rk["candidate_id"], [c] * len(rk)])
        sub = comp.reindex(idx)
        val = np.nan_to_num(sub["scaled"].to_numpy(float) * sub["effective_weight"].to_numpy())
        fig.add_bar(y=labels, x=val, name=c, orientation="h")
    fig.update_layout(
        barmode="stack",
        title=title,
        height=max(300, 28 * len(rk) + 120),
        yaxis={"autorange": "reversed"},
        xaxis={"range": [0, 1]},
    )
    return fig


def render_sections(
    res: AttractionResult, tables_like: Any, *, top: int = 20, lang: str = "en"
) -> list[str]:
    """HTML fragments of the three report sections and the parameters."""
    t = _TXT[lang]
    rk = res.ranking.head(top)
    secs = [f"<h2>{html.escape(t['rank'])}</h2>"]
    secs.append(figure_fragment(_bars(res, top, t["contrib"])))
    cols = ["rank", "candidate_id", "name", "kind", "region_id", "scale", "score", *COMPONENTS]
    secs.append(table_fragment(rk[[*cols, "dropped"]], max_rows=top))
    reason = "reason_zh" if lang == "zh" else "reason_en"
    top5 = res.components[res.components["candidate_id"].isin(rk["candidate_id"].head(5))]
    secs.append(table_fragment(top5[["candidate_id", "component", "raw", "scaled", reason]], 40))
    secs.append(f"<h2>{html.escape(t['where'])}</h2>")
    by_scale = (
        rk.groupby("scale", observed=True)
        .agg(candidates=("candidate_id", "size"), best_score=("score", "max"))
        .reset_index()
    )
    secs.append(table_fragment(by_scale))
    by_region = (
        rk.groupby(["scale", "region_id"], observed=True)
        .agg(candidates=("candidate_id", "size"), best_score=("score", "max"))
        .reset_index()
        .sort_values("best_score", ascending=False)
    )
    secs.append(table_fragment(by_region))
    secs.append(f"<h2>{html.escape(t['subs'])}</h2>")
    subs = substitutes_by_segment(tables_like, res.region, res.chain)
    if not subs:
        secs.append(f"<p class='note'>{html.escape(t['none'])}</p>")
    for seg, (sup, share, df) in subs.items():
        secs.append(f"<h3>{html.escape(t['crit'].format(s=seg, f=sup, v=share))}</h3>")
        show = ["rank", "firm_id", "name", "region_id", "stage", "spare", "cover", "adequate"]
        show.append("lead_time_days")
        secs.append(table_fragment(df[[*show, "past_relations", "patents"]]))
    params = {
        "profile": res.profile.name,
        **{f"weight.{k}": v for k, v in res.profile.weights.items()},
        **{f"capability.{k}": v for k, v in res.profile.capability.items()},
        **asdict(res.params),
        "substitutes.min_cover": 0.6,
        "substitutes.outside_only": True,
    }
    secs.append(params_fragment(params))
    if res.notes:
        secs.append("".join(f"<p class='note'>{html.escape(n)}</p>" for n in res.notes))
    return secs


def what_if_sections(wi: dict[str, Any], *, lang: str = "en") -> list[str]:
    """HTML fragments of a :func:`chainchief.attraction.whatif.what_if` result."""
    t = _TXT[lang]
    secs = [f"<h2>{html.escape(t['whatif'].format(c=wi['candidate']))}</h2>"]
    secs.append(f"<h3>{html.escape(t['wi_seg'])}</h3>")
    secs.append(table_fragment(wi["segments"], max_rows=100))
    secs.append(f"<h3>{html.escape(t['wi_coup'])}</h3>")
    secs.append(table_fragment(wi["coupling"], max_rows=100))
    sim = wi.get("simulation")
    if sim is not None:
        head = t["wi_sim"].format(s=sim["scenario"], seed=sim["seed"])
        secs.append(f"<h3>{html.escape(head)}</h3>")
        secs.append(table_fragment(sim["metrics"], max_rows=100))
    secs.append(params_fragment(dict(wi["parameters"])))
    secs.extend(f"<p class='note'>{html.escape(n)}</p>" for n in wi.get("notes", []))
    return secs


def write_report(
    res: AttractionResult,
    tables_like: Any,
    path: str | Path,
    *,
    top: int = 20,
    lang: str = "en",
    what_if: dict[str, Any] | None = None,
) -> Path:
    """Write the standalone offline HTML report (with the what-if section when given)."""
    title = f"{res.region} · {res.chain} — " + ("招商匹配" if lang == "zh" else "Attraction")
    secs = render_sections(res, tables_like, top=top, lang=lang)
    if what_if is not None:
        secs.extend(what_if_sections(what_if, lang=lang))
    return write_html(title, secs, path)
