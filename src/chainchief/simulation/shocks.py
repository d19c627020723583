"""Composable, time-windowed shocks and their day-by-day schedule.

Each shock is active on days ``start <= t < end`` (``end`` None = to the end of the run),
optionally fading out linearly over ``recovery_days`` after ``end``. Shocks compose:
capacity and demand multipliers multiply, flow cuts multiply the share that passes,
cost increases and logistics delays add. Regions are matched with their descendants
(a province covers its prefectures and counties).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from chainchief.simulation.network import Network
from chainchief.simulation.params import SCALES

__all__ = [
    "CapacityLoss",
    "DemandDrift",
    "DemandShock",
    "FirmFailure",
    "LogisticsDelay",
    "Shock",
    "ShockSchedule",
    "TradeBarrier",
]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: int = Field(default=0, ge=0, description="First day of the shock.")
    end: int | None = Field(
        default=None, description="First day after the shock (None: never ends)."
    )
    recovery_days: int = Field(default=0, ge=0, description="Linear fade-out after end.")
    label: str = ""

    def intensity(self, t: int) -> float:
        """1 inside the window, fading to 0 over recovery_days after it."""
        if t < self.start:
            return 0.0
        if self.end is None or t < self.end:
            return 1.0
        if self.recovery_days and t < self.end + self.recovery_days:
            return 1.0 - (t - self.end + 1) / (self.recovery_days + 1)
        return 0.0


class CapacityLoss(_Base):
    """Regional capacity loss (lockdown): capacity x (1 - loss) for firms in regions."""

    kind: Literal["capacity_loss"] = "capacity_loss"
    regions: list[str]
    loss: float = Field(ge=0.0, le=1.0)
    segments: list[str] | None = None


class FirmFailure(_Base):
    """Closure of listed firms, or of a share of firms drawn by size class (seeded)."""

    kind: Literal["firm_failure"] = "firm_failure"
    firms: list[str] | None = None
    share: float = Field(default=0.0, ge=0.0, le=1.0)
    size_class: Literal["small", "medium", "large", "any"] = "any"
    regions: list[str] | None = None
    segments: list[str] | None = None


class TradeBarrier(_Base):
    """Flow cut and/or cost increase on flows from ``from_regions`` to ``to_regions``."""

    kind: Literal["trade_barrier"] = "trade_barrier"
    from_regions: list[str]
    to_regions: list[str]
    segments: list[str] | None = None
    flow_cut: float = Field(default=0.0, ge=0.0, le=1.0)
    cost_increase: float = Field(default=0.0, ge=0.0)
    both_directions: bool = False


class DemandShock(_Base):
    """Final demand from markets changes by ``change`` (e.g. -0.3)."""

    kind: Literal["demand_shock"] = "demand_shock"
    markets: list[str]
    change: float = Field(ge=-1.0)
    firm_regions: list[str] | None = None


class LogisticsDelay(_Base):
    """Lead times of links at the given scales grow by ``extra_days``."""

    kind: Literal["logistics_delay"] = "logistics_delay"
    scales: list[Literal["local", "prefecture", "province", "national", "supranational", "global"]]
    extra_days: int = Field(ge=0)


class DemandDrift(_Base):
    """Slow-burn drift: demand from markets changes by ``annual_rate`` a year, compounding."""

    kind: Literal["demand_drift"] = "demand_drift"
    markets: list[str]
    annual_rate: float = Field(ge=-1.0)
    firm_regions: list[str] | None = None


Shock = Annotated[
    CapacityLoss | FirmFailure | TradeBarrier | DemandShock | LogisticsDelay | DemandDrift,
    Field(discriminator="kind"),
]


def _seg_mask(net: Network, segs: list[str] | None) -> np.ndarray:
    """Boolean over segment indices matching ids or chain/segment keys."""
    if segs is None:
        return np.ones(len(net.segment_keys), dtype=bool)
    s = set(segs)
    return np.array(
        [k in s or i in s for k, i in zip(net.segment_keys, net.segment_ids, strict=True)],
        dtype=bool,
    )


def _firms_in_segments(net: Network, segs: list[str] | None) -> np.ndarray:
    if segs is None:
        return np.ones(net.n_firms, dtype=bool)
    sm = _seg_mask(net, segs)
    out = np.zeros(net.n_firms, dtype=bool)
    out[net.fs_firm[sm[net.fs_seg]]] = True
    prim = net.primary_segment
    out |= (prim >= 0) & sm[np.maximum(prim, 0)]
    return out


class ShockSchedule:
    """Day-by-day exogenous inputs of the model, resolved from shocks on a network."""

    def __init__(self, net: Network, shocks: list[Shock], seed: int = 0) -> None:
        self.net = net
        self.shocks = list(shocks)
        rng = np.random.default_rng(seed)
        self._cap: list[tuple[CapacityLoss | FirmFailure, np.ndarray, float]] = []
        self._dem: list[tuple[DemandShock | DemandDrift, np.ndarray]] = []
        self._bar: list[TradeBarrier] = []
        self._log: list[LogisticsDelay] = []
        named = any(isinstance(s, FirmFailure) and s.firms for s in self.shocks)
        fid = {f: i for i, f in enumerate(net.firm_ids)} if named else {}
        for s in self.shocks:
            if isinstance(s, CapacityLoss):
                m = net.inside(s.regions)[net.firm_region] & _firms_in_segments(net, s.segments)
                self._cap.append((s, m, s.loss))
            elif isinstance(s, FirmFailure):
                m = np.zeros(net.n_firms, dtype=bool)
                for f in s.firms or []:
                    if f not in fid:
                        raise KeyError(f"unknown firm {f!r} in firm_failure shock")
                    m[fid[f]] = True
                if s.share > 0:
                    pool = _firms_in_segments(net, s.segments)
                    if s.regions:
                        pool &= net.inside(s.regions)[net.firm_region]
                    if s.size_class != "any":
                        pool &= net.size_class == s.size_class
                    idx = np.flatnonzero(pool)
                    k = round(s.share * len(idx))
                    m[rng.choice(idx, size=k, replace=False)] = True
                self._cap.append((s, m, 1.0))
            elif isinstance(s, DemandShock | DemandDrift):
                m = net.inside(s.markets)[net.sale_market]
                if s.firm_regions:
                    m &= net.inside(s.firm_regions)[net.firm_region[net.sale_firm]]
                self._dem.append((s, m))
            elif isinstance(s, TradeBarrier):
                self._bar.append(s)
            else:
                self._log.append(s)
        self._bar_masks = [
            (net.inside(b.from_regions), net.inside(b.to_regions), _seg_mask(net, b.segments))
            for b in self._bar
        ]
        # Last day's arrays and the shock intensities they were made with.
        self._avail: tuple[tuple, np.ndarray] | None = None
        self._final: tuple[tuple, np.ndarray] | None = None

    def availability(self, t: int) -> np.ndarray:
        """Share of capacity available to each firm on day ``t`` (read-only: the array
        of the previous call is returned again while no capacity shock changes)."""
        key = tuple(s.intensity(t) for s, _, _ in self._cap)
        if self._avail is not None and self._avail[0] == key:
            return self._avail[1]
        avail = np.ones(self.net.n_firms)
        for (_, m, loss), k in zip(self._cap, key, strict=True):
            if k > 0:
                avail[m] *= 1.0 - loss * k
        avail.flags.writeable = False
        self._avail = (key, avail)
        return avail

    def final_demand(self, t: int) -> np.ndarray:
        """Final demand of each firm on day ``t`` (after demand shocks and trade
        barriers; read-only, reused while no demand shock or flow cut changes)."""
        key = tuple(
            (s.intensity(t), t if isinstance(s, DemandDrift) and s.intensity(t) > 0 else -1)
            for s, _ in self._dem
        ) + tuple(b.intensity(t) if b.flow_cut > 0 else 0.0 for b in self._bar)
        if self._final is not None and self._final[0] == key:
            return self._final[1]
        out = self._final_demand(t)
        out.flags.writeable = False
        self._final = (key, out)
        return out

    def _final_demand(self, t: int) -> np.ndarray:
        net = self.net
        mult = np.ones(len(net.sale_value))
        for s, m in self._dem:
            k = s.intensity(t)
            if k <= 0:
                continue
            if isinstance(s, DemandShock):
                mult[m] *= 1.0 + s.change * k
            else:
                mult[m] *= (1.0 + s.annual_rate) ** ((t - s.start) / 365.0)
        for b, (fa, fb, _sm) in zip(self._bar, self._bar_masks, strict=True):
            k = b.intensity(t)
            if k <= 0 or b.flow_cut <= 0:
                continue
            src, dst = net.firm_region[net.sale_firm], net.sale_market
            hit = fa[src] & fb[dst]
            if b.both_directions:
                hit |= fb[src] & fa[dst]
            mult[hit] *= 1.0 - b.flow_cut * k
        return np.bincount(net.sale_firm, net.sale_value * mult, minlength=net.n_firms)

    def link_factors(
        self, t: int, sup: np.ndarray, buyer: np.ndarray, seg: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Share of orders passing, and extra cost share, per link; None if no barrier."""
        active = [
            (b, m) for b, m in zip(self._bar, self._bar_masks, strict=True) if b.intensity(t) > 0
        ]
        if not active:
            return None
        net = self.net
        pass_ = np.ones(len(sup))
        cost = np.zeros(len(sup))
        rs, rb = net.firm_region[sup], net.firm_region[buyer]
        for b, (fa, fb, sm) in active:
            k = b.intensity(t)
            hit = fa[rs] & fb[rb]
            if b.both_directions:
                hit |= fb[rs] & fa[rb]
            hit &= sm[seg]
            pass_[hit] *= 1.0 - b.flow_cut * k
            cost[hit] += b.cost_increase * k
        return pass_, cost

    @property
    def has_barriers(self) -> bool:
        """Whether any trade barrier is among the shocks."""
        return bool(self._bar)

    def barrier_signature(self, t: int) -> tuple[float, ...]:
        """Changes exactly when :meth:`link_factors` changes."""
        return tuple(b.intensity(t) for b in self._bar)

    def extra_lead(self, t: int) -> np.ndarray:
        """Extra lead days per scale rank on day ``t`` (rounded to whole days)."""
        out = np.zeros(len(SCALES), dtype=np.int64)
        for s in self._log:
            k = s.intensity(t)
            if k > 0:
                for sc in s.scales:
                    out[SCALES.index(sc)] += round(s.extra_days * k)
        return out

    def max_extra_lead(self) -> int:
        """Largest total extra lead over the run (to size the pipeline)."""
        return int(sum(s.extra_days for s in self._log))

    def max_extra_lead_by_scale(self) -> np.ndarray:
        """Largest total extra lead per scale rank over the run (to size pipelines)."""
        out = np.zeros(len(SCALES), dtype=np.int64)
        for s in self._log:
            for sc in s.scales:
                out[SCALES.index(sc)] += math.ceil(s.extra_days)
        return out
