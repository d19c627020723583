"""Actors and ties of a region's networks: local buzz vs global pipelines, horizontal vs
vertical ties (Bathelt, Malmberg and Maskell 2004; concepts.md section 8).

A tie is *buzz* when both ends are in the focal region, a *pipeline* when exactly one
end is, and *external* when neither is. A pipeline's scale is the scale of the relation
between the focal region and the outside end's region.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainchief.coupling.flows import primary_segments, region_members, scale_to_region

__all__ = ["actor_table", "buzz_pipelines", "classify_ties", "horizontal_vertical"]

_SCALES = ["local", "prefecture", "province", "national", "supranational", "global"]


def actor_table(
    regions: pd.DataFrame,
    region: str,
    firms: pd.DataFrame,
    institutions: pd.DataFrame | None = None,
    firm_segments: pd.DataFrame | None = None,
    chain: str | None = None,
) -> pd.DataFrame:
    """Firms and institutions with their region, locality, scale and main segment.

    Returns
    -------
    DataFrame
        Indexed by ``actor_id``: ``name, kind, region_id, local, scale, segment_id``;
        ``kind`` is ``firm`` or the institution's kind.
    """
    parts = [
        pd.DataFrame(
            {
                "actor_id": firms["firm_id"].astype(str),
                "name": firms["name"].astype("str") if "name" in firms else firms["firm_id"],
                "kind": "firm",
                "region_id": firms["region_id"].astype(str),
            }
        )
    ]
    if institutions is not None and not institutions.empty:
        parts.append(
            pd.DataFrame(
                {
                    "actor_id": institutions["institution_id"].astype(str),
                    "name": institutions["name"].astype("str"),
                    "kind": institutions["kind"].astype("str"),
                    "region_id": institutions["region_id"].astype(str),
                }
            )
        )
    actors = pd.concat(parts, ignore_index=True).drop_duplicates("actor_id")
    inside = region_members(regions, region)
    actors["local"] = actors["region_id"].isin(inside)
    scale_of = scale_to_region(regions, region, actors["region_id"].unique())
    actors["scale"] = actors["region_id"].map(scale_of).astype("str")
    seg = (
        primary_segments(firm_segments, chain).set_index("firm_id")["segment_id"]
        if firm_segments is not None and not firm_segments.empty
        else pd.Series(dtype="str")
    )
    actors["segment_id"] = actors["actor_id"].map(seg).astype("str")
    for c in ("actor_id", "name", "kind", "region_id"):
        actors[c] = actors[c].astype("str")
    return actors.set_index("actor_id")


def classify_ties(
    links: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    source_col: str = "source_id",
    target_col: str = "target_id",
    weight_col: str | None = "weight",
) -> pd.DataFrame:
    """Tie ends' locality and the tie class (buzz, pipeline, external) with its scale.

    Parameters
    ----------
    links
        Ties, e.g. ``knowledge_links`` (``source_id``/``target_id``) or
        ``supply_links`` (pass ``source_col="supplier_id", target_col="buyer_id"``).
    actors
        :func:`actor_table`.
    weight_col
        Weight column; missing weights (or no column) count 1.

    Returns
    -------
    DataFrame
        ``source, target, source_pos, target_pos, weight, source_local,
        target_local, tie, scale``; ``*_pos`` are row positions in ``actors`` (integer
        node ids for fast graph code).
    """
    src = links[source_col].astype(str)
    dst = links[target_col].astype(str)
    idx = pd.Index(actors.index)
    ps, pt = idx.get_indexer(pd.Index(src)), idx.get_indexer(pd.Index(dst))
    if (ps < 0).any() or (pt < 0).any():
        bad = src[ps < 0].tolist() + dst[pt < 0].tolist()
        raise KeyError(f"tie ends not among firms or institutions: {sorted(set(bad))[:5]}")
    local = actors["local"].to_numpy(dtype=bool)
    scale = actors["scale"].to_numpy(dtype=object)
    sl, tl = local[ps], local[pt]
    w = (
        links[weight_col].astype(float).fillna(1.0).to_numpy()
        if weight_col and weight_col in links
        else np.ones(len(links))
    )
    tie = np.where(sl & tl, "buzz", np.where(sl | tl, "pipeline", "external"))
    outside_scale = np.where(sl, scale[pt], scale[ps])
    sc = np.where(tie == "buzz", "local", np.where(tie == "pipeline", outside_scale, ""))
    return pd.DataFrame(
        {
            "source": src.to_numpy(),
            "target": dst.to_numpy(),
            "source_pos": ps,
            "target_pos": pt,
            "weight": w,
            "source_local": sl,
            "target_local": tl,
            "tie": pd.array(tie, dtype="str"),
            "scale": pd.array(sc, dtype="str"),
        }
    )


def buzz_pipelines(ties: pd.DataFrame) -> pd.DataFrame:
    """Tie counts and weights of local buzz and global pipelines by scale.

    Parameters
    ----------
    ties
        :func:`classify_ties` output (external ties are left out).

    Returns
    -------
    DataFrame
        ``tie, scale, ties, weight, tie_share, weight_share`` (shares over buzz and
        pipeline ties together), buzz first, pipelines from the nearest scale out.
    """
    t = ties[ties["tie"] != "external"]
    g = t.groupby(["tie", "scale"]).agg(ties=("weight", "size"), weight=("weight", "sum"))
    g = g.reset_index()
    n, w = float(g["ties"].sum()), float(g["weight"].sum())
    g["tie_share"] = g["ties"] / n if n > 0 else np.nan
    g["weight_share"] = g["weight"] / w if w > 0 else np.nan
    g["order"] = g["scale"].map({s: i for i, s in enumerate(_SCALES)})
    g = g.sort_values(["order"], kind="stable").drop(columns="order")
    return g.reset_index(drop=True)


def horizontal_vertical(ties: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Shares of horizontal (same segment), vertical (different segment) and
    institutional (an end that is not a firm, or has no segment) ties.

    Returns
    -------
    DataFrame
        ``kind, ties, weight, tie_share, weight_share``.
    """
    seg_codes, _ = pd.factorize(actors["segment_id"])  # -1 where no segment
    s1 = seg_codes[ties["source_pos"].to_numpy()]
    s2 = seg_codes[ties["target_pos"].to_numpy()]
    kind = np.where(
        (s1 < 0) | (s2 < 0), "institutional", np.where(s1 == s2, "horizontal", "vertical")
    )
    d = pd.DataFrame({"kind": kind, "weight": ties["weight"].to_numpy()})
    g = d.groupby("kind").agg(ties=("weight", "size"), weight=("weight", "sum"))
    g = g.reindex(["horizontal", "vertical", "institutional"], fill_value=0).reset_index()
    n, w = float(g["ties"].sum()), float(g["weight"].sum())
    g["tie_share"] = g["ties"] / n if n > 0 else np.nan
    g["weight_share"] = g["weight"] / w if w > 0 else np.nan
    g["kind"] = g["kind"].astype("str")
    return g
