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

#: Tie classes, in the order of their categorical codes.
TIE_KINDS = ["buzz", "pipeline", "external"]

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
    seg_ids = np.full(len(actors), None, dtype=object)
    if firm_segments is not None and not firm_segments.empty:
        from chainchief.coupling.flows import positions

        seg = primary_segments(firm_segments, chain)
        pos = positions(seg["firm_id"].astype("str"), actors["actor_id"])
        ok = pos >= 0
        seg_ids[pos[ok]] = seg["segment_id"].to_numpy(dtype=object)[ok]
    actors["segment_id"] = pd.array(seg_ids, dtype="str")
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
    from chainchief.coupling.flows import positions

    src = links[source_col].astype("str")
    dst = links[target_col].astype("str")
    ids = pd.Series(actors.index.astype("str"))
    ps, pt = positions(src, ids), positions(dst, ids)
    if (ps < 0).any() or (pt < 0).any():
        bad = src[ps < 0].tolist()[:5] + dst[pt < 0].tolist()[:5]
        raise KeyError(f"tie ends not among firms or institutions: {sorted(set(bad))[:5]}")
    local = actors["local"].to_numpy(dtype=bool)
    scale_codes, scale_cats = pd.factorize(actors["scale"])
    sl, tl = local[ps], local[pt]
    w = (
        links[weight_col].astype(float).fillna(1.0).to_numpy()
        if weight_col and weight_col in links
        else np.ones(len(links))
    )
    tie = np.where(sl & tl, 0, np.where(sl | tl, 1, 2))
    outside = np.where(sl, scale_codes[pt], scale_codes[ps])
    local_code = list(scale_cats).index("local") if "local" in list(scale_cats) else -1
    sc = np.where(tie == 0, local_code, np.where(tie == 1, outside, -1))
    return pd.DataFrame(
        {
            "source": pd.Categorical.from_codes(ps, categories=actors.index),
            "target": pd.Categorical.from_codes(pt, categories=actors.index),
            "source_pos": ps,
            "target_pos": pt,
            "weight": w,
            "source_local": sl,
            "target_local": tl,
            "tie": pd.Categorical.from_codes(tie, categories=TIE_KINDS),
            "scale": pd.Categorical.from_codes(sc, categories=pd.Index(scale_cats)),
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
    t = ties[(ties["tie"] != "external").to_numpy(dtype=bool)]
    g = t.groupby(["tie", "scale"], observed=True).agg(
        ties=("weight", "size"), weight=("weight", "sum")
    )
    g = g.reset_index()
    g["tie"] = g["tie"].astype("str")
    g["scale"] = g["scale"].astype("str")
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
    kind = np.where((s1 < 0) | (s2 < 0), 2, np.where(s1 == s2, 0, 1))
    wt = ties["weight"].to_numpy(dtype=float)
    g = pd.DataFrame(
        {
            "kind": ["horizontal", "vertical", "institutional"],
            "ties": np.bincount(kind, minlength=3),
            "weight": np.bincount(kind, weights=wt, minlength=3),
        }
    )
    n, w = float(g["ties"].sum()), float(g["weight"].sum())
    g["tie_share"] = g["ties"] / n if n > 0 else np.nan
    g["weight_share"] = g["weight"] / w if w > 0 else np.nan
    g["kind"] = g["kind"].astype("str")
    return g
