"""Constants of ``datang-hosiery``: chain template, calibration targets, sources."""

from __future__ import annotations

from chainchief.examples import sources
from chainchief.examples.common import (
    cn,
)

__all__ = [
    "CHAIN",
    "DEFAULT_SEED",
    "DESCRIPTION",
    "EXPORT_SHARE",
    "FOCAL",
    "NAME",
    "N_WORKSHOPS",
    "SOURCES",
    "SUBCONTRACT_SHARE",
    "YEAR",
    "YEARS",
]

NAME = "datang-hosiery"

DESCRIPTION = (
    "Sock cluster of Datang town, Zhuji (Zhejiang): 3,202 family workshops subcontracting for "
    "13 large and medium firms, exports:domestic 7:3, indicators 2006-2016."
)

DEFAULT_SEED = 20150

FOCAL = cn("330681")

CHAIN = "hosiery"

YEAR = 2015

YEARS = tuple(range(2006, 2017))

N_WORKSHOPS = 3_202

SUBCONTRACT_SHARE = 0.8

EXPORT_SHARE = 0.7

# fmt: off
_SEGMENTS = [
    ("yarn", "Raw materials (yarn)", "原料(纱线)", "upstream", "materials", 0.10),
    ("machinery", "Hosiery machinery", "织袜机械", "upstream", "components", 0.07),
    ("design", "Sock design", "袜品设计", "upstream", "rnd_design", 0.12),
    ("knitting", "Knitting", "织袜", "midstream", "manufacturing", 0.18),
    ("sewing", "Toe sewing", "缝头", "midstream", "manufacturing", 0.05),
    ("dyeing", "Dyeing", "染色", "midstream", "manufacturing", 0.07),
    ("shaping", "Shaping (setting)", "定型", "midstream", "manufacturing", 0.05),
    ("packaging", "Packaging", "包装", "midstream", "components", 0.04),
    ("sales", "Sales, brands and trade", "销售、品牌与贸易", "downstream", "brand_marketing", 0.32),
]

_EDGES = [
    ("yarn", "knitting"), ("machinery", "knitting"), ("design", "knitting"), ("knitting", "sewing"),
    ("sewing", "dyeing"), ("dyeing", "shaping"), ("shaping", "packaging"), ("packaging", "sales"),
]

_C = CHAIN

# The 13 large and medium firms (Xu 2017): 4 combine OEM, ODM and OBM; 1 left OEM for ODM
# and OBM; 3 combine OEM and OBM; 5 are OEM only. ODM: 5 firms; own brands: 8 firms.
_LARGE_MODES = (
    [((0.45, 0.55), (0.15, 0.25), (0.2, 0.3))] * 4
    + [((0.0, 0.0), (0.4, 0.5), (0.45, 0.55))]
    + [((0.6, 0.75), (0.0, 0.0), (0.2, 0.35))] * 3
    + [((0.92, 1.0), (0.0, 0.0), (0.0, 0.0))] * 5
)

_SME_COUNTS = {"yarn": 40, "machinery": 25, "knitting": 150, "sewing": 40, "dyeing": 35,
               "shaping": 30, "packaging": 40, "sales": 60}

_SME_SUFFIX = {"yarn": "Yarn Co.", "machinery": "Hosiery Machinery Co.", "knitting": "Hosiery Co.",
               "sewing": "Hosiery Sewing Co.", "dyeing": "Dyeing Co.",
               "shaping": "Hosiery Setting Co.",
               "packaging": "Packaging Co.", "sales": "Hosiery Trading Co."}

_OUT_IDX = {2006: 0.55, 2007: 0.63, 2008: 0.66, 2009: 0.6, 2010: 0.7, 2011: 0.8, 2012: 0.85,
            2013: 0.9, 2014: 0.93, 2015: 1.0, 2016: 1.03}

_NAT_OUT_IDX = {2006: 0.6, 2007: 0.68, 2008: 0.72, 2009: 0.69, 2010: 0.76, 2011: 0.84, 2012:
                0.88, 2013: 0.92, 2014: 0.96, 2015: 1.0, 2016: 1.02}

_EMP_IDX = {2006: 0.95, 2007: 1.0, 2008: 1.02, 2009: 0.93, 2010: 0.97, 2011: 1.03, 2012: 1.04,
            2013: 1.05, 2014: 0.98, 2015: 1.0, 2016: 0.99}

_NAT_EMP_IDX = {2006: 0.97, 2007: 1.0, 2008: 1.02, 2009: 0.98, 2010: 1.0, 2011: 1.025, 2012:
                1.03, 2013: 1.03, 2014: 1.02, 2015: 1.0, 2016: 0.98}

_WORKSHOPS = {2006: 7800, 2007: 8100, 2008: 7900, 2009: 7200, 2010: 7000, 2011: 6900, 2012:
              6700, 2013: 6500, 2014: N_WORKSHOPS, 2015: N_WORKSHOPS, 2016: 3185}

# yearly export growth, applied backwards from the 2014 value of the sales table
_EXPORT_GROWTH = {2007: 0.18, 2008: 0.15, 2009: -0.07, 2010: 0.269, 2011: 0.269, 2012: 0.06,
                  2013: 0.05, 2014: 0.03}

_NAT_EXPORT_IDX = {2006: 0.62, 2007: 0.72, 2008: 0.8, 2009: 0.72, 2010: 0.83, 2011: 0.95, 2012:
                   0.97, 2013: 0.99, 2014: 1.0, 2015: 1.0, 2016: 0.97}

_NAT_MIX = {"yarn": 0.14, "machinery": 0.06, "design": 0.05, "knitting": 0.25, "sewing": 0.06,
            "dyeing": 0.08,
            "shaping": 0.05, "packaging": 0.05, "sales": 0.26}

_BUYER_COUNTRIES = ("USA", "USA", "USA", "USA", "DEU", "FRA", "ITA", "GBR", "JPN", "JPN", "KOR",
                    "RUS", "BRA",
                    "ARE", "AUS")

SOURCES = sources.DATANG
# fmt: on
