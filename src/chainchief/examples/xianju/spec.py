"""Constants of ``xianju-pharma``: chain template, calibration targets, sources."""

from __future__ import annotations

from chainchief.examples import sources
from chainchief.examples.common import (
    cn,
)

__all__ = [
    "CHAIN",
    "DEFAULT_SEED",
    "DESCRIPTION",
    "EMPLOYEES",
    "EXPORTS_2019",
    "EXPORT_GROWTH",
    "FOCAL",
    "GROWTH_2016_2019",
    "NAME",
    "OUTPUT_2019",
    "RND_2019",
    "RND_GROWTH",
    "SOURCES",
    "YEAR",
]

NAME = "xianju-pharma"

DESCRIPTION = (
    "Producer-driven steroid pharmaceutical cluster of Xianju county, Taizhou (Zhejiang): "
    "7.377 bn yuan output (2019), bulk-API lock-in, only two local FPP makers."
)

DEFAULT_SEED = 20191

FOCAL = cn("331024")

CHAIN = "pharma"

YEAR = 2019

OUTPUT_2019 = 7.377e9

GROWTH_2016_2019 = 0.2188

EXPORTS_2019 = 2.158e9

EXPORT_GROWTH = 0.179

RND_2019 = 350e6

RND_GROWTH = 0.137

EMPLOYEES = 5_120

# fmt: off
_SEGMENTS = [
    ("basic_chemicals", "Basic chemicals (diosgenin, phytosterol)",
     "基础化工原料(薯蓣皂素、植物甾醇)", "upstream", "materials", 0.05),
    ("rnd_services", "Contract research and development", "研发外包服务", "upstream",
     "rnd_design", 0.05),
    ("intermediates", "Extracts and steroid intermediates", "提取物与甾体中间体", "upstream",
     "components", 0.08),
    ("bulk_api", "Bulk APIs", "大宗原料药", "midstream", "manufacturing", 0.08),
    ("specialty_api", "Specialty APIs", "特色原料药", "midstream", "manufacturing", 0.12),
    ("patented_api", "Patented APIs", "专利原料药", "midstream", "rnd_design", 0.16),
    ("generic_fpp", "Generic finished pharmaceutical products", "仿制药制剂", "downstream",
     "manufacturing", 0.14),
    ("innovator_fpp", "Innovator finished pharmaceutical products", "创新药制剂", "downstream",
     "brand_marketing", 0.22),
    ("distribution", "Pharmaceutical distribution", "医药流通", "downstream", "distribution", 0.10),
]

_EDGES = [
    ("basic_chemicals", "intermediates"), ("intermediates", "bulk_api"),
    ("intermediates", "specialty_api"), ("intermediates", "patented_api"),
    ("rnd_services", "patented_api"), ("rnd_services", "innovator_fpp"),
    ("bulk_api", "generic_fpp"), ("specialty_api", "generic_fpp"),
    ("specialty_api", "innovator_fpp"),
    ("patented_api", "innovator_fpp"), ("generic_fpp", "distribution"),
    ("innovator_fpp", "distribution"),
]

_C = CHAIN

# Xianju is locked into bulk and steroid (specialty) APIs (concepts.md sections 4 and 5):
# patented APIs and FPPs are the higher value-added segments it lacks. Its listed firms
# make intermediates, bulk and specialty APIs and, one of them, generic FPPs; only three
# small firms make patented APIs, so that segment comes out weak.
_LISTED = [  # revenue, employees, ownership, mix
    (1.6e9, 1100, "mixed", [(_C, "intermediates", 0.2), (_C, "bulk_api", 0.4),
                            (_C, "specialty_api", 0.4)]),
    (1.2e9, 900, "private", [(_C, "intermediates", 0.2), (_C, "bulk_api", 0.3),
                             (_C, "specialty_api", 0.5)]),
    (0.9e9, 700, "state", [(_C, "specialty_api", 0.4), (_C, "bulk_api", 0.2),
                           (_C, "generic_fpp", 0.4)]),
    (0.7e9, 500, "mixed", [(_C, "intermediates", 0.5), (_C, "bulk_api", 0.5)]),
]

# main segment -> number of other local firms
_COUNTS = {"basic_chemicals": 8, "intermediates": 22, "bulk_api": 13, "specialty_api": 9,
           "patented_api": 3, "generic_fpp": 1, "distribution": 2}

_SUFFIX = {"basic_chemicals": "Biochemical Co.", "intermediates": "Pharmaceutical Chemical Co.",
           "bulk_api": "Pharmaceutical Co.", "specialty_api": "Pharmaceutical Co.",
           "patented_api": "Biopharma Co.", "generic_fpp": "Pharmaceutical Co.",
           "distribution": "Medicine Trading Co."}

_RND_INT = {"basic_chemicals": 0.005, "intermediates": 0.015, "bulk_api": 0.02,
            "specialty_api": 0.05, "patented_api": 0.1, "generic_fpp": 0.04,
            "distribution": 0.002}

# share of a firm's revenue sold outside the local chain, and the foreign share of that
_EXTERNAL = {"basic_chemicals": 0.15, "intermediates": 0.45, "bulk_api": 0.95,
             "specialty_api": 0.95, "patented_api": 1.0, "generic_fpp": 1.0,
             "distribution": 1.0}

_FOREIGN = {"basic_chemicals": (0.0, 0.1), "intermediates": (0.1, 0.35), "bulk_api": (0.5, 0.8),
            "specialty_api": (0.3, 0.55), "patented_api": (0.4, 0.6), "generic_fpp": (0.03, 0.1),
            "distribution": (0.0, 0.0)}

_NATIONAL = (60e9, {"basic_chemicals": 0.05, "rnd_services": 0.03, "intermediates": 0.10,
                    "bulk_api": 0.12, "specialty_api": 0.10, "patented_api": 0.08,
                    "generic_fpp": 0.30, "innovator_fpp": 0.12, "distribution": 0.10})

SOURCES = sources.XIANJU
# fmt: on
