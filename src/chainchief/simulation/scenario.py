"""Scenarios in YAML: shocks, parameters, the ICCM switch, metrics and ensembles.

A scenario file looks like::

    name: covid-2020
    title: 2020 COVID-19 lockdowns
    source: concepts.md section 1 (ICCM extended for the COVID-19 restart), section 6
    days: 240
    compare_iccm: true              # run every case with and without the lever
    params: {inventory_days: 10}    # any SimParams field
    iccm: {partner_regions: [CN-44]}
    metrics: {focal_regions: [CN-330304], within_days: 30}
    shocks:
      - {kind: capacity_loss, regions: [CN], loss: {dist: triangular, low: 0.3, mode: 0.5,
         high: 0.7}, start: 20, end: 60}

Any number may instead be a distribution ``{dist: uniform|normal|triangular|lognormal|
choice, ...}``: a single run uses its central value (mean, mode or median), an ensemble
draws one value per run from the run's seed. Regions may be named by ``region_id``,
ISO3 code, GB/T 2260 code or English name.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from chainchief.simulation.params import IccmParams, SimParams
from chainchief.simulation.shocks import Shock

__all__ = ["MetricsSpec", "Scenario", "load_scenario", "resolve", "resolve_regions"]

_SHOCKS = TypeAdapter(list[Shock])
_REGION_KEYS = ("regions", "from_regions", "to_regions", "markets", "firm_regions")


class MetricsSpec(BaseModel):
    """Which firms the resilience metrics are about, and their windows."""

    model_config = ConfigDict(extra="forbid")
    focal_regions: list[str] | None = Field(
        default=None, description="Group R; default: the dataset's focal regions, else all."
    )
    focal_segments: list[str] | None = Field(default=None, description="Restrict R to segments.")
    focal_buyers_of: list[str] | None = Field(
        default=None,
        description="Restrict R to firms that buy from suppliers in these regions "
        "(the firms directly exposed to a shock there).",
    )
    within_days: int = Field(default=30, ge=1, description="Window of the replaced share.")
    tolerance: float = Field(default=0.01, ge=0.0, description="Recovered within this share.")
    post_window: int = Field(default=30, ge=1, description="Days averaged for the post level.")
    shock_start: int | None = Field(default=None, description="Default: earliest shock start.")


class Scenario(BaseModel):
    """A validated scenario with central values (see :func:`resolve`)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    title: str = ""
    description: str = ""
    source: str = Field(default="", description="Citation (concepts.md section, study).")
    dataset: str | None = None
    days: int = Field(default=365, ge=1)
    compare_iccm: bool = True
    runs: int = Field(default=1, ge=1, description="Default ensemble size.")
    params: dict[str, Any] = Field(default_factory=dict)
    iccm: dict[str, Any] = Field(default_factory=dict)
    metrics: MetricsSpec = Field(default_factory=MetricsSpec)
    shocks: list[dict[str, Any]] = Field(default_factory=list)

    def sim_params(
        self, *, iccm: bool | None = None, regions: pd.DataFrame | None = None
    ) -> SimParams:
        """SimParams of this scenario; ``iccm`` overrides the switch; ``regions`` resolves
        the partner-region references."""
        ic = dict(self.iccm)
        if iccm is not None:
            ic["enabled"] = iccm
        if regions is not None and ic.get("partner_regions"):
            ic["partner_regions"] = resolve_regions(regions, list(ic["partner_regions"]))
        return SimParams(**{**self.params, "days": self.days, "iccm": IccmParams(**ic)})

    def shock_list(self, regions: pd.DataFrame | None = None) -> list[Shock]:
        """Validated shocks, with region references resolved against ``regions``."""
        raw = copy.deepcopy(self.shocks)
        if regions is not None:
            for s in raw:
                for k in _REGION_KEYS:
                    if s.get(k):
                        s[k] = resolve_regions(regions, s[k])
        return _SHOCKS.validate_python(raw)

    @property
    def shock_start(self) -> int:
        if self.metrics.shock_start is not None:
            return self.metrics.shock_start
        return min((int(s.get("start", 0)) for s in self.shocks), default=0)


def _central(spec: dict[str, Any]) -> Any:
    d = spec["dist"]
    if d == "uniform":
        return (spec["low"] + spec["high"]) / 2
    if d == "normal":
        return spec["mean"]
    if d == "triangular":
        return spec["mode"]
    if d == "lognormal":
        return float(np.exp(spec["mean"]))
    if d == "choice":
        return spec["values"][0]
    raise ValueError(f"unknown distribution {d!r}")


def _draw(spec: dict[str, Any], rng: np.random.Generator) -> Any:
    d = spec["dist"]
    if d == "uniform":
        v = rng.uniform(spec["low"], spec["high"])
    elif d == "normal":
        v = rng.normal(spec["mean"], spec["sd"])
    elif d == "triangular":
        v = rng.triangular(spec["low"], spec["mode"], spec["high"])
    elif d == "lognormal":
        v = rng.lognormal(spec["mean"], spec["sigma"])
    elif d == "choice":
        return spec["values"][int(rng.integers(0, len(spec["values"])))]
    else:
        raise ValueError(f"unknown distribution {d!r}")
    if "min" in spec:
        v = max(v, spec["min"])
    if "max" in spec:
        v = min(v, spec["max"])
    return round(float(v)) if spec.get("integer") else float(v)


def resolve(raw: Any, rng: np.random.Generator | None = None) -> Any:
    """Replace every ``{dist: ...}`` by a draw (``rng`` given) or its central value."""
    if isinstance(raw, dict):
        if "dist" in raw:
            return _draw(raw, rng) if rng is not None else _central(raw)
        return {k: resolve(v, rng) for k, v in raw.items()}
    if isinstance(raw, list):
        return [resolve(v, rng) for v in raw]
    return raw


def resolve_regions(regions: pd.DataFrame, refs: list[str]) -> list[str]:
    """Map region references (id, ISO3, GB/T 2260 code or name) to region ids."""
    out = []
    ids = regions["region_id"].astype(str)
    for ref in refs:
        r = str(ref)
        hit = ids[ids == r]
        for col in ("iso3", "gb2260", "name"):
            if hit.empty and col in regions:
                vals = regions[col].astype(str)
                m = vals.str.lower() == r.lower() if col == "name" else vals == r
                hit = ids[m.fillna(False).to_numpy()]
        if hit.empty:
            raise KeyError(f"scenario names region {r!r}, which the dataset does not have")
        out.append(str(hit.iloc[0]))
    return out


def load_scenario(
    source: str | Path | dict[str, Any], *, seed: int | None = None
) -> tuple[Scenario, dict[str, Any]]:
    """Load a scenario (YAML path, YAML text or dict).

    Returns the scenario with values resolved (central values when ``seed`` is None,
    else draws from ``default_rng(seed)``) and the raw dict (for ensembles).
    """
    if isinstance(source, dict):
        raw = source
    else:
        p = Path(source)
        text = p.read_text(encoding="utf-8") if p.suffix in (".yaml", ".yml") else str(source)
        raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise ValueError("a scenario must be a YAML mapping")
    rng = np.random.default_rng(seed) if seed is not None else None
    return Scenario(**resolve(raw, rng)), raw
