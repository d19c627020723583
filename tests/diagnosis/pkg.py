"""A tiny hand-built pharmaceutical chain for the diagnosis tests.

Focal county XJ in prefecture TZ (with a second county HY), province ZJ, China. The
numbers are chosen so that every formula can be checked by hand; the expected values
in the tests are derived in comments there.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

NA = np.nan


def descriptor() -> dict[str, Any]:
    return {
        "name": "diag-tiny",
        "title": "Tiny pharmaceutical chain",
        "version": "1.0.0",
        "licenses": [{"name": "CC0-1.0"}],
        "sources": [{"title": "hand-made for tests"}],
        "synthetic": True,
        "currency": "CNY",
        "reference_year": 2019,
        "focal_regions": ["XJ"],
        "chains": ["pharma"],
    }


def tables() -> dict[str, Any]:
    regions = pd.DataFrame(
        [
            ("WORLD", "World", "世界", "global", None),
            ("ASIA", "Asia", "亚洲", "supranational", "WORLD"),
            ("EU", "EU", "欧盟", "supranational", "WORLD"),
            ("CHN", "China", "中国", "national", "ASIA"),
            ("DEU", "Germany", "德国", "national", "EU"),
            ("USA", "USA", "美国", "national", "WORLD"),
            ("ZJ", "Zhejiang", "浙江", "province", "CHN"),
            ("SH", "Shanghai", "上海", "province", "CHN"),
            ("TZ", "Taizhou", "台州", "prefecture", "ZJ"),
            ("HZ", "Hangzhou", "杭州", "prefecture", "ZJ"),
            ("XJ", "Xianju", "仙居", "local", "TZ"),
            ("HY", "Huangyan", "黄岩", "local", "TZ"),
        ],
        columns=["region_id", "name", "name_zh", "scale", "parent_id"],
    )
    segments = pd.DataFrame(
        {
            "chain_id": ["pharma"] * 5 + ["herbal"],
            "segment_id": ["chem", "excip", "api", "fpp", "dist", "herb"],
            "name": ["Chemicals", "Excipients", "API", "FPP", "Distribution", "Herbs"],
            "name_zh": ["化学原料", "辅料", "原料药", "制剂", "流通", "中药材"],
            "stage": ["upstream", "upstream", "midstream", "downstream", "downstream", "upstream"],
            "function": [
                "materials",
                "materials",
                "manufacturing",
                "manufacturing",
                "distribution",
                "materials",
            ],
            "va_share": [0.1, 0.05, 0.2, 0.25, 0.4, 1.0],
            "attaches_to": [None, None, None, None, None, "pharma:fpp"],
        }
    )
    edges = pd.DataFrame(
        {
            "chain_id": ["pharma"] * 4,
            "from_segment": ["chem", "api", "fpp", "excip"],
            "to_segment": ["api", "fpp", "dist", "fpp"],
        }
    )
    firms = pd.DataFrame(
        {
            "firm_id": ["L1", "L2", "L3", "L4", "P1", "N1", "G1", "U1"],
            "name": [
                "Local API",
                "Town Chem",
                "Local FPP",
                "Herb Farm",
                "Huangyan Chem",
                "Shanghai Pharma",
                "German Pharma",
                "US Distributor",
            ],
            "region_id": ["XJ", "XJ", "XJ", "XJ", "HY", "SH", "DEU", "USA"],
            "employees": [400, 100, 50, 5, 80, 900, 5000, 300],
            "revenue": [100.0, 40.0, 10.0, 2.0, 50.0, 200.0, 1000.0, 500.0],
            "value_added": [30.0, 8.0, 4.0, NA, 10.0, 80.0, 400.0, 100.0],
            "rnd_spend": [5.0, 0.4, 1.0, NA, 0.5, 20.0, 100.0, 1.0],
            "patents": [10, 2, 1, None, 0, 30, 100, 0],
            "own_brands": [1, 0, 1, None, 0, 2, 5, 1],
            "above_scale": [True, True, False, False, True, True, True, True],
            "listed": [False, False, False, False, False, False, True, False],
            "is_lead": [True, False, False, False, False, True, True, False],
            "oem_share": [0.5, 0.8, 0.0, NA, NA, NA, 0.0, NA],
            "odm_share": [0.3, 0.2, 0.0, NA, NA, NA, 0.0, NA],
            "obm_share": [0.2, 0.0, 1.0, NA, NA, NA, 1.0, NA],
        }
    )
    firm_segments = pd.DataFrame(
        {
            "firm_id": ["L1", "L2", "L2", "L3", "L3", "L4", "P1", "N1", "G1", "G1", "U1"],
            "chain_id": ["pharma"] * 4 + ["herbal"] * 2 + ["pharma"] * 5,
            "segment_id": [
                "api",
                "api",
                "chem",
                "fpp",
                "herb",
                "herb",
                "chem",
                "fpp",
                "fpp",
                "dist",
                "dist",
            ],
            "share": [1.0, 0.5, 0.5, 1.0, NA, NA, NA, NA, 0.5, 0.5, NA],
            "capacity": [NA] * 11,
        }
    )
    supply_links = pd.DataFrame(
        {
            "supplier_id": ["P1", "L2", "L1", "L1", "L1", "N1", "L3"],
            "buyer_id": ["L1", "L1", "L3", "N1", "G1", "L3", "U1"],
            "chain_id": ["pharma"] * 7,
            "segment_id": ["chem", "chem", "api", "api", "api", "fpp", "fpp"],
            "value": [30.0, 10.0, 5.0, 50.0, 40.0, 2.0, 6.0],
            "complexity": [0.3, 0.7, 0.8, 0.8, 0.9, 0.6, NA],
            "codifiability": [0.8, 0.7, 0.3, 0.8, 0.2, 0.4, 0.5],
            "status": ["verified"] * 7,
            "source": ["test"] * 7,
        }
    )
    sales = pd.DataFrame(
        {
            "firm_id": ["L1", "L1", "L1", "L3", "L3"],
            "market_region_id": ["CHN", "DEU", "USA", "USA", "XJ"],
            "value": [60.0, 40.0, 20.0, 6.0, 4.0],
            "buyer_id": [None, "G1", "U1", "U1", None],
        }
    )
    institutions = pd.DataFrame(
        {
            "institution_id": ["INST1", "INST2"],
            "name": ["Hangzhou Institute", "Xianju Platform"],
            "region_id": ["HZ", "XJ"],
            "kind": ["research_institute", "platform"],
            "segment_id": [None, "fpp"],
        }
    )
    knowledge_links = pd.DataFrame(
        {"source_id": ["INST1"], "target_id": ["L1"], "kind": ["technical_advice"]}
    )
    indicators = pd.DataFrame(
        {
            "region_id": ["CHN"] * 4 + ["XJ", "WORLD", "XJ", "WORLD"],
            "chain_id": ["pharma"] * 8,
            "industry_code": ["chem", "api", "fpp", "dist", None, None, "api", "api"],
            "indicator": ["output"] * 4 + ["export_unit_value"] * 4,
            "year": [2019] * 8,
            "value": [200.0, 400.0, 1200.0, 200.0, 30.0, 60.0, 40.0, 50.0],
        }
    )
    return {
        "descriptor": descriptor(),
        "regions": regions,
        "segments": segments,
        "segment_edges": edges,
        "firms": firms,
        "firm_segments": firm_segments,
        "supply_links": supply_links,
        "sales": sales,
        "institutions": institutions,
        "knowledge_links": knowledge_links,
        "indicators": indicators,
    }
