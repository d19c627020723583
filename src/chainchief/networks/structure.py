"""Degree centralisation of the local production network and technological gatekeepers."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from chainchief.networks.brokerage import ROLES, brokerage_roles
from chainchief.networks.ties import TIE_KINDS

__all__ = ["NetworkParams", "degree_centralisation", "gatekeepers", "region_groups"]


@dataclass(frozen=True)
class NetworkParams:
    """Parameters of the network measures, with documented defaults.

    Attributes
    ----------
    exclude_closed
        Brokerage counts only open two-paths a → b → c (no tie a → c), as Gould and
        Fernandez (1989) (default True).
    group_scale
        Scale at which actors outside the focal region are grouped for brokerage
        (e.g. ``"national"``: all actors of one country form a group); default None:
        each outside region is a group. Actors inside the focal region always form one
        group.
    min_external_ties
        A gatekeeper candidate needs at least this many ties with outside actors
        (default 1).
    min_local_ties
        ... and at least this many ties with local actors (default 1).
    top_n
        Number of hubs and gatekeepers listed in reports (default 10).
    """

    exclude_closed: bool = True
    group_scale: str | None = None
    min_external_ties: int = 1
    min_local_ties: int = 1
    top_n: int = 10

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, for reports and JSON."""
        return asdict(self)


def degree_centralisation(
    sources: np.ndarray, targets: np.ndarray, n_nodes: int | None = None
) -> dict[str, float]:
    """Freeman degree centralisation of an undirected simple graph.

    C = Σ_i (d_max − d_i) / ((n − 1)(n − 2)): 1 for a star (hub-and-spoke), 0 when every
    node has the same degree. Ties are made undirected, repeated ties and self-ties are
    dropped.

    Parameters
    ----------
    sources, targets
        Integer node ids (0 .. n-1) of the tie ends.
    n_nodes
        Number of nodes, counting isolates; default the nodes that appear in ties.

    Returns
    -------
    dict
        ``nodes, ties, max_degree, mean_degree, centralisation``.
    """
    u = np.asarray(sources, dtype=np.int64)
    v = np.asarray(targets, dtype=np.int64)
    keep = u != v
    u, v = u[keep], v[keep]
    codes, uniq = pd.factorize(np.concatenate([u, v]))
    m = len(u)
    n_in = len(uniq)
    n = max(n_in, n_nodes or 0)
    a, b = codes[:m].astype(np.int64), codes[m:].astype(np.int64)
    pairs = np.unique(np.minimum(a, b) * np.int64(max(n, 1)) + np.maximum(a, b))
    deg = np.bincount(pairs // max(n, 1), minlength=n) + np.bincount(pairs % max(n, 1), minlength=n)
    dmax = int(deg.max()) if n else 0
    cent = float((dmax - deg).sum()) / ((n - 1) * (n - 2)) if n >= 3 else math.nan
    return {
        "nodes": float(n),
        "ties": float(len(pairs)),
        "max_degree": float(dmax),
        "mean_degree": float(deg.mean()) if n else math.nan,
        "centralisation": cent,
    }


def region_groups(
    actors: pd.DataFrame, focal: str, outside_group: pd.Series | None = None
) -> pd.Series:
    """Brokerage group of every actor: the focal region inside it, else the actor's region
    (or ``outside_group[region_id]`` when given, e.g. the country)."""
    reg = actors["region_id"].astype(str)
    if outside_group is not None:
        reg = reg.map(outside_group).fillna(reg).astype(str)
    return pd.Series(
        np.where(actors["local"].to_numpy(dtype=bool), focal, reg.to_numpy()), index=actors.index
    )


def _tie_codes(ties: pd.DataFrame) -> np.ndarray:
    """0 buzz, 1 pipeline, 2 external."""
    t = ties["tie"]
    if isinstance(t.dtype, pd.CategoricalDtype) and list(t.cat.categories) == TIE_KINDS:
        return np.asarray(t.cat.codes.to_numpy(), dtype=np.int64)
    return np.asarray(pd.Categorical(t.astype("str"), categories=TIE_KINDS).codes, dtype=np.int64)


def gatekeepers(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    groups: pd.Series,
    params: NetworkParams | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Brokerage roles of all actors and a ranked list of technological gatekeepers.

    A technological gatekeeper (Giuliani 2011; Rychen and Zimmermann 2008) is a local
    actor with ties to outside actors that also passes knowledge on locally. Local
    actors with at least ``min_external_ties`` outside ties and ``min_local_ties``
    local ties are ranked by their boundary-spanning brokerage (Gould–Fernandez
    *gatekeeper* + *representative* counts with region groups), then by their number
    of outside ties.

    Parameters
    ----------
    ties
        :func:`~chainchief.networks.ties.classify_ties` output (directed source -> target).
    actors
        :func:`~chainchief.networks.ties.actor_table`.
    groups
        Group of every actor (:func:`region_groups`).
    params
        :class:`NetworkParams`.

    Returns
    -------
    (brokerage, gatekeepers)
        ``brokerage``: per actor in ties, ``actor_id, name, kind, local`` and role
        counts; ``gatekeepers``: ``rank, actor_id, name, kind, external_ties,
        local_ties, gatekeeper, representative, score``.
    """
    p = params or NetworkParams()
    sp, tp = ties["source_pos"].to_numpy(), ties["target_pos"].to_numpy()
    gpos = pd.Series(groups.reindex(actors.index).to_numpy(), index=np.arange(len(actors)))
    br = brokerage_roles(sp, tp, gpos, exclude_closed=p.exclude_closed)
    pos = br.index.to_numpy(dtype=np.int64)
    info = actors.iloc[pos]
    brokerage = pd.DataFrame(
        {
            "actor_id": info.index.astype("str"),
            "name": info["name"].to_numpy(),
            "kind": info["kind"].to_numpy(),
            "local": info["local"].to_numpy(dtype=bool),
            **{r: br[r].to_numpy() for r in [*ROLES, "total"]},
        }
    ).sort_values("total", ascending=False, kind="stable")
    local = actors["local"].to_numpy(dtype=bool)
    n = len(actors)
    tie = _tie_codes(ties)
    buzz, pipe = tie == 0, tie == 1
    ext = np.bincount(sp[pipe & local[sp]], minlength=n) + np.bincount(
        tp[pipe & local[tp]], minlength=n
    )
    loc = np.bincount(sp[buzz], minlength=n) + np.bincount(tp[buzz], minlength=n)
    gk = np.zeros(n, dtype=np.int64)
    rep = np.zeros(n, dtype=np.int64)
    gk[pos] = br["gatekeeper"].to_numpy()
    rep[pos] = br["representative"].to_numpy()
    cand = np.flatnonzero(local & (ext >= p.min_external_ties) & (loc >= p.min_local_ties))
    out = pd.DataFrame(
        {
            "actor_id": actors.index[cand].astype("str"),
            "name": actors["name"].to_numpy()[cand],
            "kind": actors["kind"].to_numpy()[cand],
            "external_ties": ext[cand],
            "local_ties": loc[cand],
            "gatekeeper": gk[cand],
            "representative": rep[cand],
        }
    )
    out["score"] = out["gatekeeper"] + out["representative"]
    out = out.sort_values(
        ["score", "external_ties", "actor_id"], ascending=[False, False, True], kind="stable"
    )
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return brokerage.reset_index(drop=True), out.reset_index(drop=True)
