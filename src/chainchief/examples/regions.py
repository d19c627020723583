"""The region tree shared by the examples.

A world root, four supranational blocs, countries with ISO 3166-1 alpha-3 codes, and the
Chinese provinces, prefectures and county-level units the examples need, with GB/T 2260
codes and approximate coordinates (WGS84). Datang is a town of Zhuji; GB/T 2260 stops at
county level, so the examples' unit ``CN-330681`` is named "Datang (Zhuji)".
"""

from __future__ import annotations

import pandas as pd

from chainchief.model.schema import TABLES

__all__ = ["BLOCS", "REGIONS", "cn", "region_frame"]

#: (region_id, name, name_zh, scale, parent_id, iso3, gb2260, lat, lon)
RegionRow = tuple[
    str, str, str, str, str | None, str | None, str | None, float | None, float | None
]

_W = "WLD"
_BLOC_ROWS: list[RegionRow] = [
    (_W, "World", "世界", "global", None, None, None, None, None),
    ("EU", "European Union", "欧盟", "supranational", _W, None, None, 50.0, 10.0),
    ("SAM", "South America", "南美洲", "supranational", _W, None, None, -15.0, -60.0),
    (
        "USMCA",
        "North America (USMCA)",
        "北美(美墨加)",
        "supranational",
        _W,
        None,
        None,
        40.0,
        -100.0,
    ),
    (
        "RCEP",
        "RCEP bloc (ASEAN, China, Japan, Korea, Australia)",
        "区域全面经济伙伴关系",
        "supranational",
        _W,
        None,
        None,
        15.0,
        115.0,
    ),
]

#: Supranational blocs and the ISO3 codes of their member countries in the tree.
BLOCS: dict[str, tuple[str, ...]] = {
    "EU": ("DEU", "FRA", "ITA", "ESP", "NLD", "POL"),
    "SAM": ("BRA", "ARG", "CHL", "COL", "PER"),
    "USMCA": ("USA", "CAN", "MEX"),
    "RCEP": ("CHN", "JPN", "KOR", "VNM", "THA", "IDN", "MYS", "AUS"),
}

_COUNTRIES: dict[str, tuple[str, str, float, float]] = {
    "DEU": ("Germany", "德国", 51.2, 10.4),
    "FRA": ("France", "法国", 46.6, 2.2),
    "ITA": ("Italy", "意大利", 42.8, 12.5),
    "ESP": ("Spain", "西班牙", 40.4, -3.7),
    "NLD": ("Netherlands", "荷兰", 52.1, 5.3),
    "POL": ("Poland", "波兰", 52.0, 19.0),
    "BRA": ("Brazil", "巴西", -14.2, -51.9),
    "ARG": ("Argentina", "阿根廷", -38.4, -63.6),
    "CHL": ("Chile", "智利", -35.7, -71.5),
    "COL": ("Colombia", "哥伦比亚", 4.6, -74.1),
    "PER": ("Peru", "秘鲁", -9.2, -75.0),
    "USA": ("United States", "美国", 39.8, -98.6),
    "CAN": ("Canada", "加拿大", 56.1, -106.3),
    "MEX": ("Mexico", "墨西哥", 23.6, -102.6),
    "CHN": ("China", "中国", 35.9, 104.2),
    "JPN": ("Japan", "日本", 36.2, 138.3),
    "KOR": ("Korea, Republic of", "韩国", 35.9, 127.8),
    "VNM": ("Viet Nam", "越南", 14.1, 108.3),
    "THA": ("Thailand", "泰国", 15.9, 101.0),
    "IDN": ("Indonesia", "印度尼西亚", -0.8, 113.9),
    "MYS": ("Malaysia", "马来西亚", 4.2, 102.0),
    "AUS": ("Australia", "澳大利亚", -25.3, 133.8),
    "GBR": ("United Kingdom", "英国", 55.4, -3.4),
    "CHE": ("Switzerland", "瑞士", 46.8, 8.2),
    "IND": ("India", "印度", 20.6, 79.0),
    "TUR": ("Turkey", "土耳其", 39.0, 35.2),
    "ARE": ("United Arab Emirates", "阿联酋", 23.4, 53.8),
    "RUS": ("Russian Federation", "俄罗斯", 61.5, 105.3),
    "ZAF": ("South Africa", "南非", -30.6, 22.9),
}

#: Chinese units: gb2260 -> (name, name_zh, lat, lon). Scale and parent follow the code.
_CN: dict[str, tuple[str, str, float, float]] = {
    # provinces
    "330000": ("Zhejiang", "浙江省", 29.2, 120.2),
    "440000": ("Guangdong", "广东省", 23.4, 113.4),
    "320000": ("Jiangsu", "江苏省", 32.9, 119.8),
    "310000": ("Shanghai", "上海市", 31.2, 121.5),
    "370000": ("Shandong", "山东省", 36.3, 118.0),
    "420000": ("Hubei", "湖北省", 30.9, 112.2),
    "350000": ("Fujian", "福建省", 26.1, 118.2),
    "110000": ("Beijing", "北京市", 40.2, 116.4),
    # prefectures
    "330100": ("Hangzhou", "杭州市", 30.27, 120.15),
    "330200": ("Ningbo", "宁波市", 29.87, 121.55),
    "330300": ("Wenzhou", "温州市", 28.0, 120.7),
    "330600": ("Shaoxing", "绍兴市", 30.0, 120.58),
    "330700": ("Jinhua", "金华市", 29.08, 119.65),
    "331000": ("Taizhou", "台州市", 28.66, 121.42),
    "440100": ("Guangzhou", "广州市", 23.13, 113.26),
    "440300": ("Shenzhen", "深圳市", 22.54, 114.06),
    "441900": ("Dongguan", "东莞市", 23.02, 113.75),
    "320500": ("Suzhou", "苏州市", 31.3, 120.6),
    "320700": ("Lianyungang", "连云港市", 34.6, 119.2),
    "321100": ("Zhenjiang", "镇江市", 32.2, 119.45),
    "310100": ("Shanghai (districts)", "上海市辖区", 31.23, 121.47),
    "370100": ("Jinan", "济南市", 36.65, 117.0),
    "420300": ("Shiyan", "十堰市", 32.63, 110.8),
    "350200": ("Xiamen", "厦门市", 24.48, 118.09),
    "110100": ("Beijing (districts)", "北京市辖区", 39.9, 116.4),
    # county-level units
    "330304": ("Ouhai", "瓯海区", 27.97, 120.64),
    "330302": ("Lucheng", "鹿城区", 28.02, 120.65),
    "330381": ("Rui'an", "瑞安市", 27.78, 120.66),
    "331024": ("Xianju", "仙居县", 28.85, 120.73),
    "331002": ("Jiaojiang", "椒江区", 28.68, 121.44),
    "331082": ("Linhai", "临海市", 28.86, 121.14),
    "330681": ("Datang (Zhuji)", "诸暨市大唐", 29.72, 120.18),
    "330603": ("Keqiao", "柯桥区", 30.08, 120.49),
    "330108": ("Binjiang, Hangzhou", "滨江区", 30.21, 120.21),
    "330782": ("Yiwu", "义乌市", 29.31, 120.08),
    "440307": ("Longgang, Shenzhen", "龙岗区", 22.72, 114.25),
    "440306": ("Bao'an, Shenzhen", "宝安区", 22.55, 113.88),
    "321181": ("Danyang", "丹阳市", 32.0, 119.6),
    "320583": ("Kunshan", "昆山市", 31.38, 120.98),
    "310115": ("Pudong, Shanghai", "浦东新区", 31.22, 121.54),
    "370112": ("Licheng, Jinan", "历城区", 36.68, 117.07),
    "420302": ("Maojian, Shiyan", "茅箭区", 32.6, 110.79),
    "350206": ("Huli, Xiamen", "湖里区", 24.51, 118.15),
    "110108": ("Haidian, Beijing", "海淀区", 39.96, 116.3),
}


def cn(code: str) -> str:
    """Region id of the Chinese unit with GB/T 2260 ``code``."""
    return f"CN-{code}"


def _cn_rows() -> list[RegionRow]:
    rows: list[RegionRow] = []
    for code, (name, zh, lat, lon) in _CN.items():
        if code.endswith("0000"):
            scale, parent = "province", "CHN"
        elif code.endswith("00"):
            scale, parent = "prefecture", cn(code[:2] + "0000")
        else:
            scale, parent = "local", cn(code[:4] + "00")
        rows.append((cn(code), name, zh, scale, parent, None, code, lat, lon))
    return rows


def _country_rows() -> list[RegionRow]:
    bloc_of = {iso: bloc for bloc, members in BLOCS.items() for iso in members}
    return [
        (iso, name, zh, "national", bloc_of.get(iso, _W), iso, None, lat, lon)
        for iso, (name, zh, lat, lon) in _COUNTRIES.items()
    ]


#: Every region of the example tree.
REGIONS: tuple[RegionRow, ...] = tuple(_BLOC_ROWS + _country_rows() + _cn_rows())


def region_frame() -> pd.DataFrame:
    """The region tree as a ``regions`` table."""
    cols = TABLES["regions"].column_names
    return pd.DataFrame(list(REGIONS), columns=cols)
