"""Parameters of the coupling measures, each with a documented default.

Every report that depends on a threshold prints the parameter object it used
(:meth:`CouplingParams.as_dict`, :meth:`ModeRules.as_dict`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["CouplingParams", "ModeRules"]


@dataclass(frozen=True)
class CouplingParams:
    """Thresholds and options of the coupling profile, diversity and events.

    Attributes
    ----------
    top_k
        Number of largest partners whose combined share measures lead-firm dependence
        (default 3).
    entropy_base
        Logarithm base of the Shannon entropy over scales (default 2, bits).
    growth_threshold
        Relative growth of the value toward one (partner, scale, segment) between two
        consecutive periods that counts as a coupling event (default 0.2 = +20 %).
        A relation that is new in the later period is always a coupling event.
    decline_threshold
        Relative decline that counts as a decoupling event (default 0.2 = −20 %). A
        relation that ends is always a decoupling event.
    min_value
        Relations whose value is below this in both periods are ignored (default 0).
    recoupling_min_offset
        A coupling event is labelled *recoupling* when, in the same period and segment,
        decoupling events lost value and the growth toward other partners or scales
        offsets at least this share of the lost value (default 0.25).
    event_keys
        Columns that identify a relation for the events (default partner, scale and
        segment; use ``("scale", "segment_id")`` for scale-level events).
    profile_top_n
        The partner profile lists the largest ``profile_top_n`` partners of each flow
        and year and sums the rest into ``"(other partners)"`` (default 100; None lists
        every partner).
    """

    top_k: int = 3
    entropy_base: float = 2.0
    growth_threshold: float = 0.2
    decline_threshold: float = 0.2
    min_value: float = 0.0
    recoupling_min_offset: float = 0.25
    event_keys: tuple[str, ...] = ("partner_id", "scale", "segment_id")
    profile_top_n: int | None = 100

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ValueError("top_k must be at least 1")
        if self.growth_threshold < 0 or not 0 <= self.decline_threshold <= 1:
            raise ValueError("growth_threshold must be >= 0 and decline_threshold in [0, 1]")
        if not 0 <= self.recoupling_min_offset <= 1:
            raise ValueError("recoupling_min_offset must lie in [0, 1]")

    def as_dict(self) -> dict[str, Any]:
        """Plain dict of the parameters, for reports and JSON."""
        d = asdict(self)
        d["event_keys"] = list(self.event_keys)
        return d


@dataclass(frozen=True)
class ModeRules:
    """Documented rules that assign coupling modes (Yeung 2009; Coe and Yeung 2015).

    A region can satisfy several rules at once (multiple coupling); the *primary* mode
    is the one whose indicators exceed their thresholds by the largest factor.

    * **international partnership** (functional coupling): sales share to foreign lead
      firms >= ``partner_sales_share`` (default 0.25), or export share >=
      ``export_share`` (0.5) together with an OEM share of exports >= ``oem_share`` (0.5):
      local firms work as suppliers and partners of global lead firms.
    * **production platform** (structural coupling): foreign-owned share of local output
      >= ``foreign_output_share`` (default 0.3): lead firms are present directly and the
      region offers them costs, labour and incentives.
    * **indigenous innovation** (indigenous coupling): at least ``min_lead_firms``
      (default 1) local lead firms with their own networks (at least
      ``min_network_partners`` = 3 partners outside the region) and an own-brand share
      of sales >= ``own_brand_share`` (default 0.2).
    """

    partner_sales_share: float = 0.25
    export_share: float = 0.5
    oem_share: float = 0.5
    foreign_output_share: float = 0.3
    min_lead_firms: int = 1
    min_network_partners: int = 3
    own_brand_share: float = 0.2

    def as_dict(self) -> dict[str, Any]:
        """Plain dict of the rules' thresholds."""
        return asdict(self)
