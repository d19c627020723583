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

from chainchief.coupling.params import CouplingParams
from chainchief.coupling.profile import UNKNOWN_PARTNER

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

_NO_SEGMENT = "(all)"


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
    if "segment_id" not in keys:
        keys.append("segment_id")
    f = flows[flows["year"].notna()]
    f = f.assign(
        partner_id=f["partner_id"].fillna(UNKNOWN_PARTNER) if "partner_id" in keys else "(all)",
        segment_id=f["segment_id"].fillna(_NO_SEGMENT)
        if "segment_id" in p.event_keys
        else _NO_SEGMENT,
        scale=f["scale"].astype(str) if "scale" in keys else "(all)",
        year=f["year"].astype("int64"),
    )
    gkeys = ["flow", "segment_id", "scale", "partner_id"]
    agg = f.groupby([*gkeys, "year"], sort=False)["value"].sum()
    years = sorted(int(y) for y in f["year"].unique())
    out: list[pd.DataFrame] = []
    for y0, y1 in _periods(years, year_from, year_to):
        a = agg.xs(y0, level="year") if y0 in agg.index.get_level_values("year") else None
        b = agg.xs(y1, level="year") if y1 in agg.index.get_level_values("year") else None
        pair = pd.concat({"value_from": a, "value_to": b}, axis=1).fillna(0.0)
        pair = pair[(pair["value_from"] >= p.min_value) | (pair["value_to"] >= p.min_value)]
        pair = pair[(pair["value_from"] > 0) | (pair["value_to"] > 0)]
        v0, v1 = pair["value_from"].to_numpy(), pair["value_to"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(v0 > 0, (v1 - v0) / np.where(v0 > 0, v0, 1.0), np.inf)
        kind = np.select(
            [
                (v0 <= 0) & (v1 > 0),
                (v0 > 0) & (v1 <= 0),
                (v0 > 0) & (rel >= p.growth_threshold),
                (v0 > 0) & (rel <= -p.decline_threshold),
            ],
            ["new", "end", "growth", "decline"],
            default="",
        )
        ev = pair.assign(change=v1 - v0, rel_change=rel, kind=kind).reset_index()
        ev = ev[ev["kind"] != ""]
        ev["event"] = np.where(ev["kind"].isin(["new", "growth"]), "coupling", "decoupling")
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
    grp = ["flow", "period", "segment_id"]
    lost = (-ev["change"]).where(ev["event"] == "decoupling", 0.0)
    gained = ev["change"].where(ev["event"] == "coupling", 0.0)
    ev["segment_lost"] = lost.groupby([ev[g] for g in grp]).transform("sum")
    ev["segment_gained"] = gained.groupby([ev[g] for g in grp]).transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        ev["offset_share"] = np.where(
            ev["segment_lost"] > 0,
            np.minimum(ev["segment_gained"], ev["segment_lost"])
            / ev["segment_lost"].where(ev["segment_lost"] > 0, 1.0),
            np.nan,
        )
    recoup = (
        (ev["event"] == "coupling")
        & (ev["segment_lost"] > 0)
        & (ev["offset_share"] >= p.recoupling_min_offset)
    )
    ev.loc[recoup, "event"] = "recoupling"
    ev["year_from"] = ev["year_from"].astype("Int64")
    ev["year_to"] = ev["year_to"].astype("Int64")
    for c in ("flow", "segment_id", "scale", "partner_id", "event", "kind", "period"):
        ev[c] = ev[c].astype("str")
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
    for (flow, period), g in events.groupby(["flow", "period"], sort=True):
        n = g["event"].value_counts()

        def scales(kind: str, g: pd.DataFrame = g) -> str:
            sub = g[g["event"] == kind]
            return ", ".join(sorted(sub["scale"].unique()))

        rows.append(
            {
                "flow": flow,
                "period": period,
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
