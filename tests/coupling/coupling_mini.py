"""A tiny hand-built region: Ouhai-like county with foreign and domestic buyers."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd


def _regions() -> pd.DataFrame:
    rows = [
        ("W", "World", "global", None),
        ("CHN", "China", "national", "W"),
        ("ZJ", "Zhejiang", "province", "CHN"),
        ("WZ", "Wenzhou", "prefecture", "ZJ"),
        ("OH", "Ouhai", "local", "WZ"),
        ("OH-T", "A town of Ouhai", "local", "OH"),
        ("GD", "Guangdong", "province", "CHN"),
        ("JS", "Jiangsu", "province", "CHN"),
        ("EU", "European Union", "supranational", "W"),
        ("DEU", "Germany", "national", "EU"),
        ("USA", "United States", "national", "W"),
    ]
    return pd.DataFrame(rows, columns=["region_id", "name", "scale", "parent_id"]).astype("str")


def _firms() -> pd.DataFrame:
    rows = [
        # firm_id, region, ownership, revenue, is_lead, oem, obm
        ("f1", "OH", "private", 100.0, False, 0.9, 0.1),
        ("f2", "OH-T", "private", 60.0, False, 0.8, 0.0),
        ("f3", "OH", "foreign", 40.0, True, 0.0, 1.0),
        ("b_de", "DEU", "private", 1000.0, True, None, None),
        ("b_us", "USA", "private", 1000.0, True, None, None),
        ("b_gd", "GD", "private", 500.0, True, None, None),
        ("b_js", "JS", "private", 500.0, True, None, None),
        ("s_loc", "OH", "private", 20.0, False, None, None),
        ("s_jp", "USA", "private", 300.0, False, None, None),
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "firm_id",
            "region_id",
            "ownership",
            "revenue",
            "is_lead",
            "oem_share",
            "obm_share",
        ],
    )
    df["name"] = df["firm_id"].str.upper()
    df["is_lead"] = df["is_lead"].astype("boolean")
    for c in ("firm_id", "region_id", "ownership", "name"):
        df[c] = df[c].astype("str")
    return df


def _sales() -> pd.DataFrame:
    rows = [
        ("f1", "DEU", 100.0, 2019, "b_de"),
        ("f2", "USA", 50.0, 2019, "b_us"),
        ("f2", "CHN", 10.0, 2019, None),
        ("f1", "DEU", 30.0, 2020, "b_de"),
        ("f1", "GD", 60.0, 2020, "b_gd"),
        ("f2", "JS", 40.0, 2020, "b_js"),
        ("f2", "CHN", 10.0, 2020, None),
        ("b_gd", "GD", 999.0, 2020, None),  # not local: ignored
    ]
    df = pd.DataFrame(rows, columns=["firm_id", "market_region_id", "value", "year", "buyer_id"])
    df["year"] = df["year"].astype("Int64")
    for c in ("firm_id", "market_region_id", "buyer_id"):
        df[c] = df[c].astype("str")
    return df


def _firm_segments() -> pd.DataFrame:
    rows = [
        ("f1", "eyewear", "frames", 0.7),
        ("f1", "eyewear", "assembly", 0.3),
        ("f2", "eyewear", "frames", 1.0),
        ("f3", "eyewear", "brand", 1.0),
        ("s_loc", "eyewear", "hinges", 1.0),
        ("s_jp", "eyewear", "lenses", 1.0),
    ]
    df = pd.DataFrame(rows, columns=["firm_id", "chain_id", "segment_id", "share"])
    for c in ("firm_id", "chain_id", "segment_id"):
        df[c] = df[c].astype("str")
    return df


def _supply_links() -> pd.DataFrame:
    rows = [
        ("s_loc", "f1", "eyewear", "hinges", 5.0, 2019),
        ("s_jp", "f1", "eyewear", "lenses", 15.0, 2019),
        ("s_loc", "f1", "eyewear", "hinges", 8.0, 2020),
        ("s_jp", "f1", "eyewear", "lenses", 12.0, 2020),
        ("s_jp", "b_gd", "eyewear", "lenses", 50.0, 2020),  # buyer not local: ignored
    ]
    df = pd.DataFrame(
        rows, columns=["supplier_id", "buyer_id", "chain_id", "segment_id", "value", "year"]
    )
    df["year"] = df["year"].astype("Int64")
    for c in ("supplier_id", "buyer_id", "chain_id", "segment_id"):
        df[c] = df[c].astype("str")
    df["status"] = "verified"
    df["source"] = "test"
    return df


def mini_data() -> SimpleNamespace:
    return SimpleNamespace(
        descriptor={"name": "mini", "focal_regions": ["OH"]},
        regions=_regions(),
        firms=_firms(),
        sales=_sales(),
        firm_segments=_firm_segments(),
        supply_links=_supply_links(),
        indicators=pd.DataFrame(
            {
                "region_id": pd.Series(dtype="str"),
                "indicator": pd.Series(dtype="str"),
                "year": pd.Series(dtype="Int64"),
                "value": pd.Series(dtype=float),
            }
        ),
    )
