"""Strategy profiles: component weights of the degree of match.

Two built-in profiles (concepts.md section 9): ``buyer-driven`` favours market access and
brand, ``producer-driven`` favours R&D and high-value segments. Users supply their own as
YAML with the same keys (missing keys take the ``buyer-driven`` defaults)::

    name: my-profile
    weights: {gap: 0.3, io_fit: 0.2, upgrade: 0.2, capability: 0.1, coupling: 0.1, risk: 0.1}
    capability: {rnd: 0.4, patents: 0.3, scale: 0.2, brand: 0.1}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["BUILTIN_PROFILES", "COMPONENTS", "Profile", "load_profile"]

#: The six components, in report order.
COMPONENTS: tuple[str, ...] = ("gap", "io_fit", "upgrade", "capability", "coupling", "risk")
#: Sub-indicators of the capability component.
CAPABILITY_PARTS: tuple[str, ...] = ("rnd", "patents", "scale", "brand")


@dataclass(frozen=True)
class Profile:
    """Weights of the six components and of the capability sub-indicators.

    Attributes
    ----------
    name
        Profile name, printed in reports.
    weights
        Non-negative weight per component (``COMPONENTS``); renormalised over the
        components a candidate has data for.
    capability
        Non-negative weight per capability part (``rnd`` = R&D intensity, ``patents``,
        ``scale`` = revenue, ``brand`` = own brands); renormalised over available parts.
    """

    name: str
    weights: dict[str, float]
    capability: dict[str, float] = field(
        default_factory=lambda: {"rnd": 0.25, "patents": 0.25, "scale": 0.25, "brand": 0.25}
    )

    def __post_init__(self) -> None:
        for key in self.weights:
            if key not in COMPONENTS:
                raise ValueError(f"unknown component {key!r}; use one of {COMPONENTS}")
        for key in self.capability:
            if key not in CAPABILITY_PARTS:
                raise ValueError(f"unknown capability part {key!r}; use {CAPABILITY_PARTS}")
        vals = list(self.weights.values()) + list(self.capability.values())
        if any(float(v) < 0 for v in vals):
            raise ValueError("weights must be non-negative")

    def weight(self, component: str) -> float:
        """Weight of ``component`` (0 when absent)."""
        return float(self.weights.get(component, 0.0))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON reports)."""
        return {
            "name": self.name,
            "weights": dict(self.weights),
            "capability": dict(self.capability),
        }


BUILTIN_PROFILES: dict[str, Profile] = {
    "buyer-driven": Profile(
        name="buyer-driven",
        weights={
            "gap": 0.25,
            "io_fit": 0.25,
            "upgrade": 0.1,
            "capability": 0.15,
            "coupling": 0.15,
            "risk": 0.1,
        },
        capability={"rnd": 0.1, "patents": 0.1, "scale": 0.3, "brand": 0.5},
    ),
    "producer-driven": Profile(
        name="producer-driven",
        weights={
            "gap": 0.25,
            "io_fit": 0.15,
            "upgrade": 0.25,
            "capability": 0.2,
            "coupling": 0.05,
            "risk": 0.1,
        },
        capability={"rnd": 0.4, "patents": 0.4, "scale": 0.15, "brand": 0.05},
    ),
}


def load_profile(spec: str | Path | Profile) -> Profile:
    """A built-in profile by name, or a profile read from a YAML file.

    Raises
    ------
    ValueError
        Unknown name, unreadable file or invalid weights.
    """
    if isinstance(spec, Profile):
        return spec
    key = str(spec)
    if key in BUILTIN_PROFILES:
        return BUILTIN_PROFILES[key]
    path = Path(key)
    if not path.is_file():
        raise ValueError(f"unknown strategy {key!r}: use {sorted(BUILTIN_PROFILES)} or a YAML file")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    base = BUILTIN_PROFILES["buyer-driven"]
    weights = {**base.weights, **{str(k): float(v) for k, v in (data.get("weights") or {}).items()}}
    cap_in = data.get("capability") or {}
    capability = {**base.capability, **{str(k): float(v) for k, v in cap_in.items()}}
    return Profile(name=str(data.get("name", path.stem)), weights=weights, capability=capability)
