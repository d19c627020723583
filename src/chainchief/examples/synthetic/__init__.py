"""Synthetic chain data packages of any size, for benchmarks and scale tests.

:func:`generate_synthetic` builds a complete, valid chain data package (format v1) with
``n_firms`` firms and exactly ``n_links`` supply links, fully vectorised with numpy and
pyarrow (no Python loop over firms or links), deterministic for a seed. Its structure
follows what is known of real production networks; every constant is a documented field
of :class:`SyntheticParams`:

- **regions**: a world root, five supranational blocs, 35 countries (ISO 3166-1 alpha-3)
  and China's 31 mainland provinces (real GB/T 2260 prefixes, capital coordinates), each
  split into synthetic prefectures (``XXYY00``) and counties (``XXYYZZ``);
- **chains**: one or more templates (``eyewear``, ``pharma``, ``hosiery``: segment DAGs
  after concepts.md section 3, value-added shares on a smile curve);
- **firms**: Pareto-tailed employment (Axtell 2001 finds a tail exponent near 1),
  log-normal productivity, OEM/ODM/OBM mixes by segment function; most firms in China,
  a share abroad, a *focal county* holding a large cluster of the first chain, and every
  chain concentrated in a few cluster counties;
- **supply links**: a Chung-Lu style model inside each edge of the chain DAG (supplier
  segment -> buyer segment) with Pareto link weights, so that out- and in-degrees are
  heavy-tailed, and a spatial choice of the supplier (same county, prefecture, province,
  elsewhere in China, abroad), so that most links are local;
- sales by market, knowledge links, institutions, ICCM roles in the focal county and
  a national reference ``output`` per segment (the denominator of location quotients).

Money is in million CNY. Every firm name and relation is invented.
"""

from chainchief.examples.synthetic.constants import CHAIN_TEMPLATES, SCALE_LEVELS
from chainchief.examples.synthetic.generate import generate_synthetic, write_synthetic
from chainchief.examples.synthetic.params import SyntheticParams

__all__ = [
    "CHAIN_TEMPLATES",
    "SCALE_LEVELS",
    "SyntheticParams",
    "generate_synthetic",
    "write_synthetic",
]
