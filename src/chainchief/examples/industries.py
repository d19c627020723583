"""A county x industry employment matrix for relatedness and variety measures.

Every example carries the same kind of matrix: employment of each Chinese county-level
unit of the region tree in about 30 industries, as ``indicators`` rows with
``indicator = "industry_employment"``, no ``chain_id``, and ``industry_code`` a three-digit
group code of China's industrial classification (GB/T 4754-2017). The code hierarchy is
the code itself: the first two digits are the division (the broad sector of Frenken et al.
2007), the three digits the group (the fine industry). An extra column ``industry_name``
names each group.

The values are invented: each county is given a few specialisations (its known clusters,
e.g. eyewear in Ouhai, APIs in Xianju, socks in Zhuji/Datang, electronics in Shenzhen)
plus spill-overs into related industries, so that RCA, proximity and relatedness density
show a real structure. The focal region's own chain industry equals the chain's
employment in the example.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from chainchief.examples.regions import REGIONS

__all__ = ["AFFINITY", "INDUSTRIES", "PROFILES", "industry_matrix"]

#: Group code -> name (GB/T 4754-2017 groups, names shortened).
INDUSTRIES: dict[str, str] = {
    "171": "Cotton textiles",
    "175": "Chemical-fibre textiles and dyeing",
    "176": "Knitted goods (incl. hosiery)",
    "181": "Woven apparel",
    "182": "Knitted apparel",
    "191": "Leather tanning and products",
    "195": "Footwear",
    "223": "Paper products and packaging",
    "243": "Arts and crafts (incl. pearls and jewellery)",
    "244": "Sports goods",
    "261": "Basic chemical raw materials",
    "266": "Specialty chemicals",
    "271": "Chemical APIs",
    "272": "Chemical drug preparations",
    "274": "Traditional Chinese patent medicines",
    "276": "Biological products",
    "292": "Plastic products",
    "336": "Metal surface treatment (plating)",
    "348": "General parts (screws, hinges, springs)",
    "355": "Textile, apparel and leather machinery",
    "358": "Medical devices and eyewear",
    "367": "Automotive parts",
    "381": "Electric motors",
    "383": "Wires and cables",
    "384": "Batteries",
    "392": "Communication equipment",
    "396": "Smart consumer devices",
    "404": "Optical instruments",
    "513": "Wholesale of textiles, apparel and household goods",
    "515": "Wholesale of medicines and medical equipment",
    "611": "Tourist hotels",
    "734": "Medical research and development",
    "786": "Scenic area management (tourism)",
}

#: Groups that tend to co-locate beyond their own division (invented but plausible).
AFFINITY: tuple[tuple[str, ...], ...] = (
    ("176", "182", "355", "175", "513"),
    ("271", "272", "266", "261", "734", "515"),
    ("358", "404", "336", "348", "292", "223"),
    ("392", "396", "384", "383", "734"),
    ("195", "191", "348"),
    ("243", "611", "786"),
)

#: GB/T 2260 county code -> (primary, secondary) specialisations.
PROFILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "330304": (("358",), ("195", "336", "348", "292", "223", "404")),
    "330302": (("195",), ("191", "513", "223")),
    "330381": (("367",), ("195", "348")),
    "331024": (("271",), ("272", "261", "266", "243", "786")),
    "331002": (("271", "272"), ("266", "292", "367")),
    "331082": (("272",), ("367", "244")),
    "330681": (("176",), ("355", "243", "175", "182", "513")),
    "330603": (("175",), ("171", "513", "266")),
    "330108": (("392",), ("396", "734", "404")),
    "330782": (("513",), ("176", "243", "292", "244")),
    "440307": (("392",), ("396", "384")),
    "440306": (("396",), ("404", "358", "383")),
    "321181": (("404",), ("358", "367")),
    "320583": (("392",), ("396", "381")),
    "310115": (("272", "276"), ("734", "392")),
    "370112": (("276",), ("381", "367")),
    "420302": (("367",), ("261", "274")),
    "350206": (("358",), ("392", "611")),
    "110108": (("734",), ("392", "396")),
}


def industry_matrix(
    rng: np.random.Generator,
    year: int,
    own: Mapping[tuple[str, str], float],
    primary_factor: float = 60.0,
    secondary_factor: float = 12.0,
    affinity_factor: float = 3.0,
) -> pd.DataFrame:
    """``indicators`` rows of county x industry employment.

    Parameters
    ----------
    rng
        Random generator of the example.
    year
        Year of the rows.
    own
        ``(region_id, industry_code) -> employment`` values to use as given (the focal
        region's chain industry, equal to the chain's employment).
    primary_factor, secondary_factor, affinity_factor
        Multipliers of the base employment for a county's primary and secondary
        specialisations, and for industries co-locating with a primary one.
    """
    codes = list(INDUSTRIES)
    counties = [r for r in REGIONS if r[3] == "local" and r[6] in PROFILES]
    rows = []
    for row in counties:
        rid, gb = row[0], str(row[6])
        primary, secondary = PROFILES[gb]
        size = float(rng.lognormal(0.0, 0.4))
        base = 150.0 * size * rng.lognormal(0.0, 0.6, len(codes))
        factor = np.ones(len(codes))
        for i, c in enumerate(codes):
            if any(c in group and p in group for group in AFFINITY for p in primary):
                factor[i] = affinity_factor
            if c in secondary:
                factor[i] = secondary_factor
            if c in primary:
                factor[i] = primary_factor
        values = np.round(base * factor)
        for c, v in zip(codes, values, strict=True):
            value = float(own.get((rid, c), v))
            rows.append(
                {
                    "region_id": rid,
                    "industry_code": c,
                    "indicator": "industry_employment",
                    "year": year,
                    "value": value,
                    "unit": "persons",
                    "industry_name": INDUSTRIES[c],
                }
            )
    return pd.DataFrame(rows)
