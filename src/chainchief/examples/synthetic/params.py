"""Parameters of the synthetic generator (:class:`SyntheticParams`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyntheticParams:
    """Parameters of :func:`generate_synthetic` (defaults in brackets).

    Attributes
    ----------
    reference_year
        Year of links and sales, and last year of the indicators (2019).
    prefectures_per_province, counties_per_prefecture
        Synthetic subdivision of each of the 31 provinces (6 and 6; at most 99 and 98).
    focal_province
        GB/T 2260 prefix of the province holding the focal county ("33", Zhejiang);
        the focal county is its first county.
    focal_share
        Share of all firms located in the focal county (0.05).
    focal_other_chains
        Chance of a firm of another chain being in the focal county, relative to a firm
        of the first (focal) chain (0.1).
    foreign_share
        Share of firms abroad (0.08), times 1.5 upstream and 0.5 downstream.
    chain_weights
        Relative number of firms per chain; ``None`` gives the first chain twice the
        weight of each other chain.
    cluster_counties, cluster_boost
        Each chain is concentrated in this many random counties (8) whose weight is
        multiplied by ``cluster_boost`` (3).
    county_zipf
        Zipf exponent of county weights within a province (0.8).
    size_tail
        Pareto tail exponent of employment (1.1; Axtell 2001 estimates about 1.06).
    employees_min, employees_max
        Pareto scale and cap of employment (5 and 200,000).
    productivity_median, productivity_sigma
        Log-normal revenue per employee, million CNY (0.4 and 0.5); firms abroad x 1.5.
    out_degree_tail, in_degree_tail
        Pareto tail exponents of the supplier and buyer weights, hence of the out- and
        in-degree distributions (1.5 and 2.0).
    weight_noise
        Sigma of the log-normal noise on link weights (0.5).
    scale_shares
        For buyers in China, the chance of looking for a supplier at each level of
        :data:`SCALE_LEVELS` (local 0.50, prefecture 0.15, province 0.12, national 0.13,
        international 0.10); a level with no supplier of the segment falls back to
        the next larger one.
    foreign_home_share
        Chance that a buyer abroad looks for a supplier in its own country, else in
        China (0.3).
    secondary_share
        Share of firms active in a second segment of their chain (0.15).
    status_shares
        Shares of verified, reported and inferred links (0.3, 0.4, 0.3).
    sold_share
        Share of a supplier's revenue delivered through its supply links (0.6).
    above_scale_revenue
        Revenue threshold of above-designated-size firms, million CNY (20).
    listed_share
        Share of firms, the largest by revenue, that are listed (0.001).
    lead_firms
        Lead firms per chain in the focal county, and again elsewhere (5).
    exporter_share, export_intensity
        Share of firms that export (0.35) and mean export share of exporters (0.4).
    focal_exporter_share, focal_export_intensity
        The same for firms of the focal chain in the focal county (0.6 and 0.7).
    knowledge_per_firm
        Knowledge links per firm (0.3), half from institutions, half between firms.
    knowledge_local_share
        Chance that an institution advising a firm in China is in its province (0.6).
    national_coverage
        Share of national output made by the synthetic firms in China (0.3): the
        national reference ``output`` is their output divided by it.
    national_growth
        Yearly growth of the indicator series (0.06).
    indicator_years
        Years of indicator series ending at ``reference_year`` (5).
    link_oversample
        Extra candidate links drawn at first so that repeated (supplier, buyer) pairs can
        be dropped (0.25); later rounds adapt to the observed repeat rate.
    slots_per_firm
        Mean number of sampling slots per firm (16): link weights are rounded to
        whole slots (at least one per firm), so they are exact to about 1/16 of the
        mean weight; more slots cost memory (4 bytes each, twice).
    max_density
        Largest share of the possible (supplier segment -> buyer segment) firm pairs
        that may be linked (0.2); asking for more links raises ``ValueError``.
    """

    reference_year: int = 2019
    prefectures_per_province: int = 6
    counties_per_prefecture: int = 6
    focal_province: str = "33"
    focal_share: float = 0.05
    focal_other_chains: float = 0.1
    foreign_share: float = 0.08
    chain_weights: tuple[float, ...] | None = None
    cluster_counties: int = 8
    cluster_boost: float = 3.0
    county_zipf: float = 0.8
    size_tail: float = 1.1
    employees_min: int = 5
    employees_max: int = 200_000
    productivity_median: float = 0.4
    productivity_sigma: float = 0.5
    out_degree_tail: float = 1.5
    in_degree_tail: float = 2.0
    weight_noise: float = 0.5
    scale_shares: tuple[float, float, float, float, float] = (0.50, 0.15, 0.12, 0.13, 0.10)
    foreign_home_share: float = 0.3
    secondary_share: float = 0.15
    status_shares: tuple[float, float, float] = (0.3, 0.4, 0.3)
    sold_share: float = 0.6
    above_scale_revenue: float = 20.0
    listed_share: float = 0.001
    lead_firms: int = 5
    exporter_share: float = 0.35
    export_intensity: float = 0.4
    focal_exporter_share: float = 0.6
    focal_export_intensity: float = 0.7
    knowledge_per_firm: float = 0.3
    knowledge_local_share: float = 0.6
    national_coverage: float = 0.3
    national_growth: float = 0.06
    indicator_years: int = 5
    link_oversample: float = 0.25
    slots_per_firm: float = 16.0
    max_density: float = 0.2
