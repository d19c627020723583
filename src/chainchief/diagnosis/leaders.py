"""Leading-enterprise (chain owner) candidates (concepts.md section 10, after Hu Dali).

Three criteria over local chain firms, each the mean of the available percentile ranks
(``rank(pct=True)``, ties averaged, among local chain firms with a value):

* ``scale_strength``: revenue, employees, value added;
* ``brands_ip``: own brands, patents, OBM share;
* ``core_advantage``: R&D intensity (R&D / revenue) and market network (distinct
  sales markets plus distinct buyers in supply links).

Score = weighted mean of the available criteria (``leader_weights``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainchief.diagnosis.params import DiagnosisParams

__all__ = ["CRITERIA", "rank_leaders"]

CRITERIA = {
    "scale_strength": ("revenue", "employees", "value_added"),
    "brands_ip": ("own_brands", "patents", "obm_share"),
    "core_advantage": ("rnd_intensity", "market_network"),
}


def rank_leaders(
    local_firms: pd.DataFrame, market_network: pd.Series, params: DiagnosisParams
) -> pd.DataFrame:
    """Ranked leader candidates.

    Parameters
    ----------
    local_firms
        Local chain firms (``firm_id``, ``name``, ``pos``, ``segment_id`` (main
        segment) and the numeric firm columns).
    market_network
        Distinct markets + buyers per firm position (``pos``); missing = 0.
    params
        ``leader_weights`` and ``leaders_top_n``.
    """
    f = local_firms.reset_index(drop=True).copy()
    rev = f["revenue"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        f["rnd_intensity"] = f["rnd_spend"].to_numpy(dtype="float64") / np.where(
            rev > 0, rev, np.nan
        )
    f["market_network"] = (
        market_network.reindex(f["pos"].to_numpy()).fillna(0).to_numpy(dtype="float64")
    )
    crit = {}
    for name, cols in CRITERIA.items():
        ranks = pd.concat([f[c].astype("float64").rank(pct=True) for c in cols], axis=1)
        crit[name] = ranks.mean(axis=1, skipna=True)
    cdf = pd.DataFrame(crit)
    w = pd.Series({k: params.leader_weights.get(k, 0.0) for k in CRITERIA})
    avail = cdf.notna()
    wsum = avail.mul(w, axis=1).sum(axis=1)
    score = cdf.fillna(0.0).mul(w, axis=1).sum(axis=1) / wsum.where(wsum > 0)
    out = pd.concat([f[["firm_id", "name", "segment_id"]], cdf], axis=1)
    out["score"] = score
    out = out.sort_values(["score", "firm_id"], ascending=[False, True], na_position="last")
    out = out.head(params.leaders_top_n).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out
