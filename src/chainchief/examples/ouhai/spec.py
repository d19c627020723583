"""Constants of ``ouhai-eyewear``: chain template, calibration targets, sources."""

from __future__ import annotations

from chainchief.examples import sources
from chainchief.examples.common import (
    BLOCS,
    cn,
)

__all__ = [
    "ABOVE_SCALE",
    "CHAIN",
    "DEFAULT_SEED",
    "DESCRIPTION",
    "EMPLOYEES",
    "FOCAL",
    "NAME",
    "N_EXPORT_FOCUSED",
    "N_FRAME_EXPORTERS",
    "N_SWITCHERS",
    "RELATED",
    "SALES_YEARS",
    "SOURCES",
    "TARGET_SHARE",
    "YEAR",
]

NAME = "ouhai-eyewear"

DESCRIPTION = (
    "Buyer-driven eyewear cluster of Ouhai district, Wenzhou (Zhejiang): 540 OEM-heavy firms, "
    "90 % of sales to the EU, South America and the US, 2020 recoupling to domestic brands."
)

DEFAULT_SEED = 20190

FOCAL = cn("330304")

CHAIN = "eyewear"

RELATED = "eyewear-related"

YEAR = 2019

SALES_YEARS = (2018, 2019, 2020)

ABOVE_SCALE = 20e6  # main-business revenue threshold of "above designated size", yuan

# fmt: off
_SEGMENTS = [
    # chain, id, name, name_zh, stage, function, va_share, attaches_to
    (CHAIN, "materials", "Raw materials and chemicals", "原材料与化工", "upstream", "materials",
     0.06, None),
    (CHAIN, "parts", "Parts (screws, hinges, temples, rims, bridges, nose pads)", "配件",
     "upstream", "components", 0.08, None),
    (CHAIN, "design", "Frame and lens design", "镜架与镜片设计", "midstream", "rnd_design",
     0.14, None),
    (CHAIN, "frames", "Frame production", "镜架生产", "midstream", "components", 0.12, None),
    (CHAIN, "lenses", "Lens production", "镜片生产", "midstream", "components", 0.16, None),
    (CHAIN, "assembly", "Assembly of glasses", "眼镜组装", "midstream", "manufacturing",
     0.07, None),
    (CHAIN, "brand", "Brand and marketing", "品牌营销", "downstream", "brand_marketing",
     0.17, None),
    (CHAIN, "distribution", "Wholesale, export and e-commerce", "批发、外贸与电商", "downstream",
     "distribution", 0.14, None),
    (CHAIN, "retail_services",
     "Retail and vision services (stores, hospitals, vision centres, O2O)",
     "零售与视光服务", "downstream", "services", 0.06, None),
    (RELATED, "cases_packaging", "Glasses cases and packaging", "眼镜盒与包装", "midstream",
     "components", 0.35, "assembly"),
    (RELATED, "testing_equipment", "Testing and optometry equipment", "检测与验光设备", "upstream",
     "manufacturing", 0.40, "lenses"),
    (RELATED, "smart_glasses", "Smart (AR/VR) glasses", "智能眼镜(AR/VR)", "downstream",
     "manufacturing", 0.25, "design"),
]

_EDGES = [
    (CHAIN, "materials", "parts"), (CHAIN, "materials", "frames"), (CHAIN, "materials", "lenses"),
    (CHAIN, "parts", "frames"), (CHAIN, "design", "frames"), (CHAIN, "design", "lenses"),
    (CHAIN, "frames", "assembly"), (CHAIN, "lenses", "assembly"), (CHAIN, "assembly", "brand"),
    (CHAIN, "assembly", "distribution"), (CHAIN, "brand", "distribution"),
    (CHAIN, "distribution", "retail_services"),
    (RELATED, "testing_equipment", "smart_glasses"), (RELATED, "cases_packaging", "smart_glasses"),
]

# main segment -> number of focal firms
_COUNTS = {
    "parts": 150, "frames": 150, "lenses": 40, "assembly": 95, "design": 12, "materials": 20,
    "distribution": 35, "brand": 8, "cases_packaging": 24, "testing_equipment": 6,
}

# main segment -> (firms above 100 mn, firms 20-100 mn)
_BIG = {"assembly": (5, 24), "lenses": (2, 7), "frames": (0, 12), "distribution": (0, 4),
        "brand": (0, 1), "parts": (0, 2), "cases_packaging": (0, 1), "materials": (0, 1)}

# main segment -> segment mix of a typical firm (chain, segment, share)
_MIX: dict[str, list[tuple[str, str, float]]] = {
    "parts": [(CHAIN, "parts", 1.0)],
    "frames": [(CHAIN, "frames", 0.9), (CHAIN, "parts", 0.1)],
    "lenses": [(CHAIN, "lenses", 1.0)],
    "assembly": [(CHAIN, "frames", 0.4), (CHAIN, "assembly", 0.5), (CHAIN, "distribution", 0.1)],
    "design": [(CHAIN, "design", 1.0)],
    "materials": [(CHAIN, "materials", 1.0)],
    "distribution": [(CHAIN, "distribution", 0.85), (CHAIN, "retail_services", 0.15)],
    "brand": [(CHAIN, "brand", 0.6), (CHAIN, "distribution", 0.3), (CHAIN, "design", 0.1)],
    "cases_packaging": [(RELATED, "cases_packaging", 1.0)],
    "testing_equipment": [(RELATED, "testing_equipment", 1.0)],
}

_TOP_MIX = {
    "assembly": [(CHAIN, "design", 0.05), (CHAIN, "frames", 0.3), (CHAIN, "lenses", 0.1),
                 (CHAIN, "assembly", 0.4), (CHAIN, "brand", 0.05), (CHAIN, "distribution", 0.1)],
    "lenses": [(CHAIN, "lenses", 0.8), (CHAIN, "design", 0.1), (CHAIN, "distribution", 0.1)],
}

_VA_RATIO = {"parts": 0.22, "frames": 0.25, "lenses": 0.3, "assembly": 0.2, "design": 0.5,
             "materials": 0.2, "distribution": 0.15, "brand": 0.4, "cases_packaging": 0.2,
             "testing_equipment": 0.3}

_SUFFIX = {"parts": "Eyewear Parts Co.", "frames": "Optical Frame Co.",
           "lenses": "Optical Lens Co.", "assembly": "Optical Co.",
           "design": "Eyewear Design Studio", "materials": "Optical Materials Co.",
           "distribution": "Eyewear Trading Co.", "brand": "Eyewear Brand Co.",
           "cases_packaging": "Glasses Case Co.", "testing_equipment": "Optical Instruments Co."}

# main segments whose firms sell finished goods (and the share of revenue they sell so)
_FINAL = {"assembly": 0.9, "lenses": 0.5, "distribution": 1.0, "brand": 1.0, "frames": 0.5}

N_FRAME_EXPORTERS = 30

N_EXPORT_FOCUSED = 150

N_SWITCHERS = 25

TARGET_SHARE = 0.90

EMPLOYEES = 60_480

_BUYER_COUNTRIES = ["ITA", "ITA", "ITA", "ITA", "DEU", "DEU", "FRA", "FRA", "ESP", "NLD",
                    "USA", "USA", "USA", "USA", "USA", "BRA", "BRA", "ARG", "CHL", "COL"]

_OTHER_MARKETS = ["JPN", "GBR", "ARE", "IND", "RUS", "KOR", "AUS", "TUR"]

_TARGET_BLOC = {"EU": 0.44, "SAM": 0.22, "USA": 0.34}

SOURCES = sources.OUHAI



def _bloc_of(iso: str) -> str:
    if iso == "USA":
        return "USA"
    for bloc, members in BLOCS.items():
        if iso in members:
            return bloc
    return "other"
# fmt: on
