"""Coupling, decoupling and recoupling events between consecutive periods.

For every relation (by default: partner, scale and segment) the value of two
consecutive observed years is compared:

* **coupling**: the relation is new, or grew by at least ``growth_threshold``;
* **decoupling**: the relation ended, or declined by at least ``decline_threshold``;
* **recoupling**: a coupling event in a (flow, period, segment) where decoupling events
  lost value and the growth toward other partners or scales offsets at least
  ``recoupling_min_offset`` of that loss (a decline toward one partner/scale matched by
  growth toward another, concepts.md section 2).

Events of one period are reported together (:func:`event_summary`): simultaneous
coupling and decoupling is the point of the multiple-coupling view.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

from chainchief.coupling.flows import NO_SEGMENT
from chainchief.coupling.params import CouplingParams
from chainchief.coupling.profile import fill_unknown

__all__ = ["EVENT_COLUMNS", "coupling_events", "event_summary"]

EVENT_COLUMNS = [
    "flow",
    "period",
    "year_from",
    "year_to",
    "segment_id",
    "scale",
    "partner_id",
    "value_from",
    "value_to",
    "change",
    "rel_change",
    "event",
    "kind",
    "segment_lost",
    "segment_gained",
    "offset_share",
]

_KINDS = ["new", "end", "growth", "decline"]
_EVENTS = ["recoupling", "coupling", "decoupling"]


def _periods(years: list[int], year_from: int | None, year_to: int | None) -> list[tuple[int, int]]:
    ys = sorted(
        y
        for y in years
        if (year_from is None or y >= year_from) and (year_to is None or y <= year_to)
    )
    return list(pairwise(ys))


def coupling_events(
    flows: pd.DataFrame,
    params: CouplingParams | None = None,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
    """Coupling, decoupling and recoupling events between consecutive observed years.

    Parameters
    ----------
    flows
        Output of :func:`~chainchief.coupling.flows.coupling_flows` (rows without a year
        are ignored).
    params
        Thresholds (:class:`~chainchief.coupling.params.CouplingParams`).
    year_from, year_to
        Restrict to observed years in this range (inclusive).

    Each flow (sales, sourcing) is compared between consecutive years in which that
    flow has data.

    Returns
    -------
    DataFrame
        Columns :data:`EVENT_COLUMNS`, one row per relation with an event; ``kind`` is
        ``new``, ``growth``, ``end`` or ``decline``; ``segment_lost`` and
        ``segment_gained`` are the value lost by decoupling and gained by coupling
        events in the same flow, period and segment; ``offset_share`` =
        min(gained, lost) / lost.
    """
    p = params or CouplingParams()
    keys = [k for k in p.event_keys if k in ("partner_id", "scale", "segment_id")]
    f = flows[flows["year"].notna().to_numpy(dtype=bool)]
    f = f.assign(
        partner_id=fill_unknown(f["partner_id"]) if "partner_id" in keys else "(all)",
        segment_id=fill_unknown(f["segment_id"], NO_SEGMENT)
        if "segment_id" in keys
        else NO_SEGMENT,
        scale=f["scale"] if "scale" in keys else "(all)",
        year=f["year"].astype("int64"),
    )
    gkeys = ["flow", "segment_id", "scale", "partner_id"]
    wide = (
        f.groupby([*gkeys, "year"], sort=False, observed=True)["value"]
        .sum()
        .unstack("year", fill_value=0.0)
    )
    out: list[pd.DataFrame] = []
    # each flow is compared between the years in which it was observed
    flow_years = f.groupby("flow", observed=True)["year"].unique()
    row_flow = wide.index.get_level_values("flow")
    pairs = sorted(
        {
            (int(a), int(b), str(fl))
            for fl, ys in flow_years.items()
            for a, b in _periods([int(y) for y in ys], year_from, year_to)
        }
    )
    for y0, y1, fl in pairs:
        in_flow = np.asarray(row_flow == fl, dtype=bool)
        v0 = np.where(in_flow, wide[y0].to_numpy(dtype=float), 0.0)
        v1 = np.where(in_flow, wide[y1].to_numpy(dtype=float), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(v0 > 0, (v1 - v0) / np.where(v0 > 0, v0, 1.0), np.inf)
        kind = np.select(
            [
                (v0 <= 0) & (v1 > 0),
                (v0 > 0) & (v1 <= 0),
                (v0 > 0) & (rel >= p.growth_threshold),
                (v0 > 0) & (rel <= -p.decline_threshold),
            ],
            [1, 2, 3, 4],
            default=0,
        )
        big = (v0 >= p.min_value) | (v1 >= p.min_value)
        sel = np.flatnonzero((kind > 0) & big)
        ev = wide.index[sel].to_frame(index=False)
        ev["value_from"], ev["value_to"] = v0[sel], v1[sel]
        ev["change"], ev["rel_change"] = v1[sel] - v0[sel], rel[sel]
        ev["kind"] = pd.Categorical.from_codes(kind[sel] - 1, categories=_KINDS)
        ev["year_from"], ev["year_to"], ev["period"] = y0, y1, f"{y0}-{y1}"
        out.append(ev)
    if not out:
        empty = pd.DataFrame({c: pd.Series(dtype="str") for c in EVENT_COLUMNS})
        for c in (
            "value_from",
            "value_to",
            "change",
            "rel_change",
            "segment_lost",
            "segment_gained",
            "offset_share",
        ):
            empty[c] = empty[c].astype(float)
        for c in ("year_from", "year_to"):
            empty[c] = empty[c].astype("Int64")
        return empty
    ev = pd.concat(out, ignore_index=True)
    coupling = ev["kind"].isin(["new", "growth"]).to_numpy()
    event = np.where(coupling, 1, 2)
    grp = [ev["flow"], ev["period"], ev["segment_id"]]
    change = ev["change"].to_numpy()
    lost = pd.Series(np.where(coupling, 0.0, -change)).groupby(grp, observed=True)
    gained = pd.Series(np.where(coupling, change, 0.0)).groupby(grp, observed=True)
    ev["segment_lost"] = lost.transform("sum").to_numpy()
    ev["segment_gained"] = gained.transform("sum").to_numpy()
    sl, sg = ev["segment_lost"].to_numpy(), ev["segment_gained"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        offset = np.where(sl > 0, np.minimum(sg, sl) / np.where(sl > 0, sl, 1.0), np.nan)
    ev["offset_share"] = offset
    recoup = coupling & (sl > 0) & (np.nan_to_num(offset, nan=-1.0) >= p.recoupling_min_offset)
    event[recoup] = 0
    ev["event"] = pd.Categorical.from_codes(event, categories=_EVENTS)
    ev["year_from"] = ev["year_from"].astype("Int64")
    ev["year_to"] = ev["year_to"].astype("Int64")
    ev["period"] = ev["period"].astype("str")
    ev = ev.sort_values(["flow", "year_from", "segment_id", "event", "change"], kind="stable")
    return ev[EVENT_COLUMNS].reset_index(drop=True)


def event_summary(events: pd.DataFrame) -> pd.DataFrame:
    """Events of each flow and period reported together.

    Returns
    -------
    DataFrame
        ``flow, period, n_coupling, n_decoupling, n_recoupling, value_lost,
        value_gained, simultaneous, decoupling_scales, recoupling_scales,
        coupling_scales``; ``simultaneous`` is True when decoupling and (re)coupling
        happen in the same period.
    """
    cols = [
        "flow",
        "period",
        "n_coupling",
        "n_decoupling",
        "n_recoupling",
        "value_lost",
        "value_gained",
        "simultaneous",
        "decoupling_scales",
        "recoupling_scales",
        "coupling_scales",
    ]
    rows = []
    for (flow, period), g in events.groupby(["flow", "period"], sort=True, observed=True):
        n = g["event"].value_counts()

        def scales(kind: str, g: pd.DataFrame = g) -> str:
            sub = g[g["event"] == kind]
            return ", ".join(sorted(str(x) for x in sub["scale"].unique()))

        rows.append(
            {
                "flow": str(flow),
                "period": str(period),
                "n_coupling": int(n.get("coupling", 0)),
                "n_decoupling": int(n.get("decoupling", 0)),
                "n_recoupling": int(n.get("recoupling", 0)),
                "value_lost": float(-g.loc[g["event"] == "decoupling", "change"].sum()),
                "value_gained": float(g.loc[g["event"] != "decoupling", "change"].sum()),
                "simultaneous": bool(
                    n.get("decoupling", 0) > 0
                    and (n.get("coupling", 0) + n.get("recoupling", 0)) > 0
                ),
                "decoupling_scales": scales("decoupling"),
                "recoupling_scales": scales("recoupling"),
                "coupling_scales": scales("coupling"),
            }
        )
    return pd.DataFrame(rows, columns=cols)
