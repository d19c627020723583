"""Targeted business attraction (issue 5): degree of match and substitute suppliers.

>>> from chainchief.attraction import degree_of_match   # doctest: +SKIP
>>> res = degree_of_match(package, strategy="producer-driven")  # doctest: +SKIP
>>> res.ranking.head()                                   # doctest: +SKIP
"""

from chainchief.attraction.match import AttractionResult, MatchParams, degree_of_match, gap_needs
from chainchief.attraction.profiles import BUILTIN_PROFILES, COMPONENTS, Profile, load_profile

__all__ = [
    "BUILTIN_PROFILES",
    "COMPONENTS",
    "AttractionResult",
    "MatchParams",
    "Profile",
    "degree_of_match",
    "gap_needs",
    "load_profile",
]
