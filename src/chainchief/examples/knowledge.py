"""Knowledge links of the examples: local buzz, global pipelines and gatekeepers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["knowledge_links"]


def knowledge_links(
    rng: np.random.Generator,
    *,
    local_ids: np.ndarray,
    local_segments: np.ndarray,
    local_size: np.ndarray,
    gatekeepers: Mapping[str, Sequence[str]],
    association: str,
    lead_ids: np.ndarray,
    lead_partners: np.ndarray,
    year: int,
    n_buzz: int,
    gatekeeper_reach: float = 0.08,
    association_reach: float = 0.25,
    horizontal_share: float = 0.4,
) -> pd.DataFrame:
    """Knowledge links of one cluster.

    * local buzz: ``n_buzz`` ties between local firms, chosen by size, a share
      ``horizontal_share`` of them inside the same segment;
    * the association trains a share ``association_reach`` of local firms;
    * each gatekeeper (an institution id mapped to its outside partners) has pipelines
      to every partner in both directions and diffuses knowledge to a share
      ``gatekeeper_reach`` of local firms;
    * lead firms get market information from one or two outside partners.
    """
    n = len(local_ids)
    w = np.sqrt(np.asarray(local_size, dtype=float))
    w = w / w.sum()
    src = rng.choice(n, n_buzz, p=w)
    tgt = np.empty(n_buzz, dtype=int)
    horiz = rng.random(n_buzz) < horizontal_share
    by_seg: dict[str, np.ndarray] = {
        s: np.flatnonzero(local_segments == s) for s in set(local_segments)
    }
    for i in range(n_buzz):
        if horiz[i]:
            pool = by_seg[str(local_segments[src[i]])]
            tgt[i] = pool[int(rng.integers(len(pool)))]
        else:
            tgt[i] = int(rng.choice(n, p=w))
    same_seg = local_segments[src] == local_segments[tgt]
    parts = [
        pd.DataFrame(
            {
                "source_id": local_ids[src],
                "target_id": local_ids[tgt],
                "kind": np.where(same_seg, "market_information", "technical_advice"),
                "year": year,
                "weight": rng.integers(1, 6, n_buzz).astype(float),
            }
        )
    ]
    k = max(1, int(association_reach * n))
    parts.append(
        pd.DataFrame(
            {
                "source_id": association,
                "target_id": rng.choice(local_ids, k, replace=False),
                "kind": "training",
                "year": year,
                "weight": 1.0,
            }
        )
    )
    for gk, partners in gatekeepers.items():
        k = max(2, int(gatekeeper_reach * n))
        targets = rng.choice(local_ids, k, replace=False, p=w)
        parts.append(
            pd.DataFrame(
                {
                    "source_id": gk,
                    "target_id": targets,
                    "kind": "technical_advice",
                    "year": year,
                    "weight": rng.integers(2, 6, k).astype(float),
                }
            )
        )
        partners = list(partners)
        m = len(partners)
        parts.append(
            pd.DataFrame(
                {
                    "source_id": partners + [gk] * m,
                    "target_id": [gk] * m + partners,
                    "kind": ["co_research"] * m + ["technical_advice"] * m,
                    "year": year,
                    "weight": rng.integers(3, 6, 2 * m).astype(float),
                }
            )
        )
    if len(lead_ids) and len(lead_partners):
        rows = []
        for lead in lead_ids:
            for p in rng.choice(lead_partners, min(2, len(lead_partners)), replace=False):
                rows.append((p, lead))
        parts.append(
            pd.DataFrame(
                {
                    "source_id": [r[0] for r in rows],
                    "target_id": [r[1] for r in rows],
                    "kind": "market_information",
                    "year": year,
                    "weight": rng.integers(2, 5, len(rows)).astype(float),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out = out[out["source_id"] != out["target_id"]]
    return out.drop_duplicates(["source_id", "target_id", "kind"]).reset_index(drop=True)
