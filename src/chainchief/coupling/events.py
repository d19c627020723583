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

from chainchief.coupling.codes import codes_of, group_sum
from chainchief.coupling.flows import NO_SEGMENT, UNKNOWN_PARTNER
from chainchief.coupling.params import CouplingParams

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

_KINDS = ["new", "end", "growth", "decline"]  # even codes are coupling kinds
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
    has_year = flows["year"].notna().to_numpy(dtype=bool)
    f = flows if has_year.all() else flows[has_year]  # no copy when every row has a year
    n = len(f)
    fc, flab = codes_of(f["flow"])
    yc, ylab = _year_codes(f["year"])
    cols: dict[str, tuple[np.ndarray, pd.Index, str]] = {}
    for name, fill in (
        ("segment_id", NO_SEGMENT),
        ("scale", "(all)"),
        ("partner_id", UNKNOWN_PARTNER),
    ):
        if name in keys:
            c, lab = codes_of(f[name])
        else:
            c, lab = np.zeros(n, dtype=np.int64), pd.Index(["(all)"])
        cols[name] = (c, lab, fill)
    val = f["value"].to_numpy(dtype=float, na_value=np.nan)
    rel_cols = [fc] + [cols[k][0] for k in ("segment_id", "scale", "partner_id")]
    rel_sizes = [len(flab)] + [len(cols[k][1]) for k in ("segment_id", "scale", "partner_id")]
    rcodes, _, r = group_sum(rel_cols, rel_sizes, np.zeros(n), ordered=False)
    n_rel, n_year = len(rcodes[0]), len(ylab)
    wide = np.bincount(
        r * n_year + yc, weights=np.nan_to_num(val), minlength=n_rel * n_year
    ).reshape(n_rel, n_year)
    rf, rseg, rsc, rp = rcodes
    years = [int(y) for y in ylab]
    # each flow is compared between the years in which it was observed
    seen = np.zeros((len(flab), n_year), dtype=bool)
    seen[fc, yc] = True
    pairs = sorted(
        (a, b, k)
        for k in range(len(flab))
        for a, b in _periods([years[j] for j in np.flatnonzero(seen[k])], year_from, year_to)
    )
    parts: list[tuple[np.ndarray, ...]] = []
    period_labels: list[str] = []
    flow_rows = [np.flatnonzero(rf == k) for k in range(len(flab))]
    for y0, y1, k in pairs:
        # only the relations of this flow can have events in its periods
        rows = flow_rows[k]
        v0 = wide[rows, years.index(y0)]
        v1 = wide[rows, years.index(y1)]
        big = (v0 >= p.min_value) | (v1 >= p.min_value)
        rows, v0, v1 = rows[big], v0[big], v1[big]
        pos0 = v0 > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(pos0, (v1 - v0) / np.where(pos0, v0, 1.0), np.inf)
        kind = np.select(
            [
                ~pos0 & (v1 > 0),
                pos0 & (v1 <= 0),
                pos0 & (rel >= p.growth_threshold),
                pos0 & (rel <= -p.decline_threshold),
            ],
            [1, 2, 3, 4],
            default=0,
        )
        hit = np.flatnonzero(kind > 0)
        sel = rows[hit]
        v0, v1, rel, kind = v0[hit], v1[hit], rel[hit], kind[hit]
        label = f"{y0}-{y1}"
        if label not in period_labels:
            period_labels.append(label)
        per = np.full(len(sel), period_labels.index(label), dtype=np.int64)
        parts.append(
            (
                sel,
                v0,
                v1,
                rel,
                kind - 1,
                per,
                np.full(len(sel), y0),
                np.full(len(sel), y1),
            )
        )
    if not parts or sum(len(x[0]) for x in parts) == 0:
        return _empty_events()
    sel, v0, v1, rel, kind, per, y0s, y1s = (np.concatenate(x) for x in zip(*parts, strict=True))
    change = v1 - v0
    coupling = kind % 2 == 0  # new (0) or growth (2)
    (_, _, _), _, g = group_sum(
        [rf[sel], per, rseg[sel]],
        [len(flab), len(period_labels), len(cols["segment_id"][1])],
        np.zeros(len(sel)),
    )
    lost = np.bincount(g, weights=np.where(coupling, 0.0, -change))
    gained = np.bincount(g, weights=np.where(coupling, change, 0.0))
    sl, sg = lost[g], gained[g]
    with np.errstate(divide="ignore", invalid="ignore"):
        offset = np.where(sl > 0, np.minimum(sg, sl) / np.where(sl > 0, sl, 1.0), np.nan)
    event = np.where(coupling, 1, 2)
    recoup = coupling & (sl > 0) & (np.nan_to_num(offset, nan=-1.0) >= p.recoupling_min_offset)
    event[recoup] = 0
    # sort by flow, year, segment, event, change: the integer keys as one mixed-radix key
    y_lo = int(y0s.min())
    n_seg = len(cols["segment_id"][1]) + 1
    n_y = int(y0s.max()) - y_lo + 1
    combined = ((rf[sel] * n_y + (y0s - y_lo)) * n_seg + (rseg[sel] + 1)) * 3 + event
    order = _lexsort2(change, combined)
    idx = sel[order]  # relation of each output row, gathered once

    cols_in: dict[str, pd.CategoricalDtype] = {
        k: f[k].dtype
        for k in ("segment_id", "partner_id")
        if k in keys and isinstance(f[k].dtype, pd.CategoricalDtype)
    }

    def labelled(name: str) -> pd.Categorical:
        _, lab, fill = cols[name]
        codes = {"segment_id": rseg, "scale": rsc, "partner_id": rp}[name][idx]
        if (
            name == "scale"
            and "scale" in keys
            and isinstance(f["scale"].dtype, pd.CategoricalDtype)
        ):
            return pd.Categorical.from_codes(codes, dtype=f["scale"].dtype)
        col = cols_in.get(name)
        if col is not None and len(lab) and lab[-1] == fill:
            # flows already carry the fill label as their last category: reuse the dtype
            return pd.Categorical.from_codes(np.where(codes >= 0, codes, len(lab) - 1), dtype=col)
        cats = lab.append(pd.Index([fill])) if fill not in lab else lab
        return pd.Categorical.from_codes(
            np.where(codes >= 0, codes, cats.get_loc(fill)), categories=cats
        )

    out = pd.DataFrame(
        {
            "flow": pd.Categorical.from_codes(rf[idx], categories=flab),
            "period": pd.Categorical.from_codes(
                per[order], categories=pd.Index(period_labels, dtype="str")
            ),
            "year_from": pd.array(y0s[order], dtype="Int64"),
            "year_to": pd.array(y1s[order], dtype="Int64"),
            "segment_id": labelled("segment_id"),
            "scale": labelled("scale"),
            "partner_id": labelled("partner_id"),
            "value_from": v0[order],
            "value_to": v1[order],
            "change": change[order],
            "rel_change": rel[order],
            "event": pd.Categorical.from_codes(event[order], categories=_EVENTS),
            "kind": pd.Categorical.from_codes(kind[order], categories=_KINDS),
            "segment_lost": sl[order],
            "segment_gained": sg[order],
            "offset_share": offset[order],
        },
        copy=False,  # every column is a fresh array: no second copy
    )
    return out  # columns already in EVENT_COLUMNS order


def _year_codes(year: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes and labels of a year column without missing values, by counting."""
    y = year.to_numpy(dtype=np.int64)
    if len(y) == 0 or int(y.max()) - int(y.min()) > 100_000:
        return codes_of(year.astype("int64"))
    lo = int(y.min())
    present = np.flatnonzero(np.bincount(y - lo))
    slot = np.full(int(y.max()) - lo + 1, -1, dtype=np.int64)
    slot[present] = np.arange(len(present))
    return slot[y - lo], pd.Index(present + lo)


def _lexsort2(minor: np.ndarray, major: np.ndarray) -> np.ndarray:
    """``np.lexsort((minor, major))`` as two stable direct sorts (faster on millions)."""
    o1 = np.argsort(minor, kind="stable")
    m = major[o1]
    if len(m) and int(m.min()) >= 0 and int(m.max()) < 1 << 15:
        m = m.astype(np.int16)  # small keys: numpy's stable sort is a radix sort
    return o1[np.argsort(m, kind="stable")]


def _empty_events() -> pd.DataFrame:
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
