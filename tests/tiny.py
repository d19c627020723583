"""A tiny, hand-made, valid chain data package used across the test suite.

Two-county toy eyewear chain: Ouhai (focal) and a Guangdong park, a Japanese lens maker,
an association, a design centre. Small enough to check every number by hand.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def tiny_descriptor(name: str = "tiny") -> dict[str, Any]:
    return {
        "name": name,
        "title": "Tiny test chain",
        "version": "1.0.0",
        "licenses": [{"name": "CC0-1.0"}],
        "sources": [{"title": "hand-made for tests"}],
        "synthetic": True,
        "currency": "CNY",
        "reference_year": 2019,
        "focal_regions": ["OH"],
        "chains": ["eyewear"],
    }


def tiny_tables() -> dict[str, pd.DataFrame]:
    regions = pd.DataFrame(
        {
            "region_id": ["WORLD", "EAS", "CHN", "JPN", "ZJ", "GD", "WZ", "SZ", "OH", "LG"],
            "name": [
                "World",
                "East Asia",
                "China",
                "Japan",
                "Zhejiang",
                "Guangdong",
                "Wenzhou",
                "Shenzhen",
                "Ouhai",
                "Longgang",
            ],
            "name_zh": [
                "世界",
                "东亚",
                "中国",
                "日本",
                "浙江",
                "广东",
                "温州",
                "深圳",
                "瓯海",
                "龙岗",
            ],
            "scale": [
                "global",
                "supranational",
                "national",
                "national",
                "province",
                "province",
                "prefecture",
                "prefecture",
                "local",
                "local",
            ],
            "parent_id": [None, "WORLD", "EAS", "EAS", "CHN", "CHN", "ZJ", "GD", "WZ", "SZ"],
            "iso3": [None, None, "CHN", "JPN", None, None, None, None, None, None],
            "gb2260": [
                None,
                None,
                None,
                None,
                "330000",
                "440000",
                "330300",
                "440300",
                "330304",
                "440307",
            ],
            "lat": [None, None, 35.0, 36.0, 29.0, 23.0, 28.0, 22.5, 28.0, 22.7],
            "lon": [None, None, 103.0, 138.0, 120.0, 113.0, 120.6, 114.1, 120.6, 114.2],
        }
    )
    segments = pd.DataFrame(
        {
            "chain_id": ["eyewear"] * 4,
            "segment_id": ["parts", "lenses", "assembly", "retail"],
            "name": ["Parts", "Lenses", "Assembly", "Retail"],
            "name_zh": ["零部件", "镜片", "组装", "零售"],
            "stage": ["upstream", "midstream", "midstream", "downstream"],
            "function": ["components", "components", "manufacturing", "distribution"],
            "va_share": [0.15, 0.3, 0.15, 0.4],
        }
    )
    edges = pd.DataFrame(
        {
            "chain_id": ["eyewear"] * 3,
            "from_segment": ["parts", "lenses", "assembly"],
            "to_segment": ["assembly", "assembly", "retail"],
        }
    )
    firms = pd.DataFrame(
        {
            "firm_id": ["F1", "F2", "F3", "F4", "F5"],
            "name": ["Ouhai Parts", "Ouhai Frames", "Longgang Lens", "Nippon Lens", "Ouhai Shop"],
            "region_id": ["OH", "OH", "LG", "JPN", "OH"],
            "ownership": ["private", "private", "private", "foreign", "mixed"],
            "employees": [50, 300, 120, 900, 10],
            "revenue": [10.0, 80.0, 30.0, 500.0, 5.0],
            "value_added": [2.0, 16.0, 9.0, 200.0, 2.0],
            "rnd_spend": [0.1, 2.0, 1.0, 40.0, 0.0],
            "patents": [0, 5, 2, 80, 0],
            "own_brands": [0, 1, 0, 3, 1],
            "above_scale": [False, True, True, True, False],
            "listed": [False, False, False, True, False],
            "is_lead": [False, True, False, True, False],
            "oem_share": [0.9, 0.6, 0.5, 0.0, 0.0],
            "odm_share": [0.1, 0.3, 0.3, 0.2, 0.0],
            "obm_share": [0.0, 0.1, 0.2, 0.8, 1.0],
        }
    )
    firm_segments = pd.DataFrame(
        {
            "firm_id": ["F1", "F2", "F3", "F4", "F5"],
            "chain_id": ["eyewear"] * 5,
            "segment_id": ["parts", "assembly", "lenses", "lenses", "retail"],
            "share": [1.0, 1.0, 1.0, 0.7, 1.0],
            "capacity": [12.0, 90.0, 40.0, 600.0, 6.0],
        }
    )
    supply_links = pd.DataFrame(
        {
            "supplier_id": ["F1", "F4", "F3", "F2"],
            "buyer_id": ["F2", "F2", "F2", "F5"],
            "chain_id": ["eyewear"] * 4,
            "segment_id": ["parts", "lenses", "lenses", "assembly"],
            "value": [5.0, 20.0, 4.0, 3.0],
            "year": [2019] * 4,
            "lead_time_days": [2.0, 20.0, 5.0, 1.0],
            "complexity": [0.2, 0.8, 0.6, 0.3],
            "codifiability": [0.8, 0.4, 0.7, 0.9],
            "status": ["verified", "reported", "inferred", "verified"],
            "source": ["survey", "customs record", "model", "interview"],
        }
    )
    sales = pd.DataFrame(
        {
            "firm_id": ["F2", "F2", "F3"],
            "market_region_id": ["JPN", "CHN", "CHN"],
            "value": [60.0, 20.0, 30.0],
            "year": [2019, 2019, 2019],
            "channel": ["oem_buyer", "direct", "direct"],
            "buyer_id": ["F4", None, None],
        }
    )
    institutions = pd.DataFrame(
        {
            "institution_id": ["GOV_OH", "ASSOC", "DC"],
            "name": ["Ouhai government", "Eyewear association", "Design centre"],
            "region_id": ["OH", "OH", "OH"],
            "kind": ["government", "association", "design_centre"],
        }
    )
    knowledge_links = pd.DataFrame(
        {
            "source_id": ["DC", "F4"],
            "target_id": ["F2", "DC"],
            "kind": ["design_advice", "technical_advice"],
            "year": [2019, 2019],
            "weight": [1.0, 2.0],
        }
    )
    roles = pd.DataFrame(
        {
            "chain_id": ["eyewear", "eyewear", "eyewear"],
            "region_id": ["OH", "OH", "OH"],
            "role": ["chief", "owner", "mentor"],
            "holder_id": ["GOV_OH", "F2", "ASSOC"],
            "title": ["District head", "Chairman", "Association head"],
            "since": ["2019-06-01", "2019-06-01", None],
        }
    )
    indicators = pd.DataFrame(
        {
            "region_id": ["CHN", "CHN", "OH"],
            "chain_id": ["eyewear", "eyewear", None],
            "industry_code": ["lenses", "assembly", None],
            "indicator": ["output", "output", "employment"],
            "year": [2019, 2019, 2019],
            "value": [1000.0, 500.0, 360.0],
            "unit": ["mn CNY", "mn CNY", "persons"],
        }
    )
    return {
        "regions": regions,
        "segments": segments,
        "segment_edges": edges,
        "firms": firms,
        "firm_segments": firm_segments,
        "supply_links": supply_links,
        "sales": sales,
        "knowledge_links": knowledge_links,
        "institutions": institutions,
        "roles": roles,
        "indicators": indicators,
    }
