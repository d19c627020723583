"""Shared parts of the example generators: region tree, invented names, table assembly.

Everything here is deterministic given a :class:`numpy.random.Generator`. The region
tree is the same for every example (a world root, four supranational blocs, countries
with ISO 3166-1 alpha-3 codes, and the Chinese provinces, prefectures and county-level
units the examples need, with GB/T 2260 codes and approximate coordinates).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from chainchief.model.regions import relation_scales
from chainchief.model.schema import TABLE_ORDER, TABLES, TableSpec

__all__ = [
    "BLOCS",
    "LEAD_TIME_DAYS",
    "REGIONS",
    "Builder",
    "NameGen",
    "exact_split",
    "region_frame",
    "typed_tables",
]

# --------------------------------------------------------------------------- regions

#: (region_id, name, name_zh, scale, parent_id, iso3, gb2260, lat, lon)
RegionRow = tuple[str, str, str, str, str | None, str | None, str | None, float | None, float | None]

_W = "WLD"
_BLOC_ROWS: list[RegionRow] = [
    (_W, "World", "世界", "global", None, None, None, None, None),
    ("EU", "European Union", "欧盟", "supranational", _W, None, None, 50.0, 10.0),
    ("SAM", "South America", "南美洲", "supranational", _W, None, None, -15.0, -60.0),
    ("USMCA", "North America (USMCA)", "北美(美墨加)", "supranational", _W, None, None, 40.0, -100.0),
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


# --------------------------------------------------------------------------- names

_PINYIN = (
    "An Bao Bo Chang Chen Da De Ding Fei Feng Fu Gao Guang Hai Hao He Hong Hua Hui Jia "
    "Jian Jin Jing Jun Kai Kang Lan Le Li Lian Long Lu Mei Ming Nan Ou Peng Qi Qian Qing "
    "Rui Run Sen Shan Sheng Shun Tai Tian Tong Wan Wei Wen Xiang Xin Xing Xu Ya Yi Yong "
    "You Yu Yuan Ze Zhan Zhen Zheng Zhi Zhong Zhuo"
).split()
_SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo "
    "Liang Song Zheng Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng"
).split()
_JP_HEAD = "Aki Asa Haru Hoshi Kaze Kiri Matsu Mizu Nami Sora Taka Tsuru Yuki Shira Kuro".split()
_JP_TAIL = "gawa mura saki hara zaki yama kura no".split()
_WEST_HEAD = "Vel Quor Bren Talv Ostr Mirv Calv Dren Pell Sarv Torv Lisk Varn Orl Fenn Garv".split()
_WEST_TAIL = "oria enta ivo ante ello ara ix ion aro eno ista uma".split()
_VN = "Song Hoa Minh Phu Thanh Viet Tan Binh Quang Hung Duc Lam".split()
_IN_HEAD = "Sur Ved Anv Kir Dhar Pra Tav Nir Ush Raj".split()
_IN_TAIL = "ana esh ita aya ika ora".split()

#: Fragments of real company names met in the source studies or well known in the
#: industries; generated names containing one are discarded.
_BLOCKED = (
    "hengda kaadas zonzen tongda tornado topsight squacy oko xinnong hengrui hisun huahai "
    "haizheng xianju starry huawei kangmei wanxin hongchen guangming fosun lonati visionix "
    "luxottica safilo essilor hoya zeiss"
).split()

_LEGAL = {
    "ITA": "S.p.A.",
    "DEU": "GmbH",
    "FRA": "SAS",
    "ESP": "S.L.",
    "NLD": "B.V.",
    "POL": "Sp. z o.o.",
    "USA": "Inc.",
    "CAN": "Inc.",
    "MEX": "S.A. de C.V.",
    "BRA": "Ltda.",
    "ARG": "S.A.",
    "CHL": "SpA",
    "COL": "S.A.S.",
    "PER": "S.A.C.",
    "GBR": "Ltd",
    "CHE": "AG",
    "IND": "Pvt. Ltd.",
    "JPN": "K.K.",
    "KOR": "Co., Ltd.",
    "VNM": "JSC",
    "THA": "Co., Ltd.",
    "IDN": "PT",
    "MYS": "Sdn. Bhd.",
    "AUS": "Pty Ltd",
    "TUR": "A.Ş.",
    "ARE": "LLC",
    "RUS": "LLC",
    "ZAF": "(Pty) Ltd",
}


@dataclass
class NameGen:
    """Invented, unique organisation names (never a real company's name).

    Names are composites of syllables; any name containing a fragment of a known real
    company name is skipped, and no name is given twice.
    """

    rng: np.random.Generator
    used: set[str] = field(default_factory=set)

    def _pick(self, parts: Sequence[str]) -> str:
        return parts[int(self.rng.integers(len(parts)))]

    def _unique(self, make: Any, tries: int = 200) -> str:
        for _ in range(tries):
            name = make()
            low = name.lower().replace(" ", "")
            if name not in self.used and not any(b in low for b in _BLOCKED):
                self.used.add(name)
                return str(name)
        raise RuntimeError("name space exhausted")  # pragma: no cover

    def chinese(self, suffix: str, place: str | None = None) -> str:
        """``'<Place> Xinrui Optical Co.'``-like names."""

        def make() -> str:
            a, b = self._pick(_PINYIN), self._pick(_PINYIN)
            while b == a:
                b = self._pick(_PINYIN)
            core = a + b.lower()
            return f"{place} {core} {suffix}" if place else f"{core} {suffix}"

        return self._unique(make)

    def workshop(self, suffix: str) -> str:
        """A family workshop named after an invented owner: ``'Chen Jianhua Sock Workshop'``."""

        def make() -> str:
            s = self._pick(_SURNAMES)
            g = self._pick(_PINYIN) + self._pick(_PINYIN).lower()
            return f"{s} {g} {suffix}"

        return self._unique(make)

    def japanese(self, suffix: str) -> str:
        """``'Kazeyama Opto-Materials K.K.'``-like names."""
        return self._unique(lambda: f"{self._pick(_JP_HEAD)}{self._pick(_JP_TAIL)} {suffix} K.K.")

    def western(self, iso3: str, suffix: str) -> str:
        """Invented brand-like names with the legal form of the country."""
        legal = _LEGAL.get(iso3, "Ltd")

        def make() -> str:
            return f"{self._pick(_WEST_HEAD)}{self._pick(_WEST_TAIL)} {suffix} {legal}"

        return self._unique(make)

    def vietnamese(self, suffix: str) -> str:
        """``'Phu Thanh Hosiery JSC'``-like names."""

        def make() -> str:
            a, b = self._pick(_VN), self._pick(_VN)
            return f"{a} {b} {suffix} JSC"

        return self._unique(make)

    def indian(self, suffix: str) -> str:
        """Invented Indian firm names."""

        def make() -> str:
            return f"{self._pick(_IN_HEAD)}{self._pick(_IN_TAIL)} {suffix} Pvt. Ltd."

        return self._unique(make)

    def foreign(self, iso3: str, suffix: str) -> str:
        """A name in the style of the country ``iso3``."""
        if iso3 == "JPN":
            return self.japanese(suffix)
        if iso3 == "VNM":
            return self.vietnamese(suffix)
        if iso3 == "IND":
            return self.indian(suffix)
        return self.western(iso3, suffix)


# --------------------------------------------------------------------------- numbers


def exact_split(total: float, weights: Iterable[float], decimals: int = 0) -> np.ndarray:
    """Split ``total`` in proportion to ``weights``, rounded, summing exactly to ``total``.

    The rounding remainder goes to the largest share.
    """
    w = np.asarray(list(weights), dtype=float)
    if w.sum() <= 0:
        raise ValueError("weights must have a positive sum")
    parts = np.round(total * w / w.sum(), decimals)
    parts[int(np.argmax(w))] += round(total - parts.sum(), decimals)
    return parts


#: (low, high) of uniform lead times in days by relation scale.
LEAD_TIME_DAYS: dict[str, tuple[float, float]] = {
    "local": (1.0, 3.0),
    "prefecture": (2.0, 4.0),
    "province": (3.0, 6.0),
    "national": (5.0, 12.0),
    "supranational": (14.0, 28.0),
    "global": (30.0, 55.0),
}


# --------------------------------------------------------------------------- assembly


def _typed(df: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    dtypes = {"str": "str", "int": "Int64", "float": "float64", "bool": "boolean"}
    out: dict[str, pd.Series] = {}
    n = len(df)
    for c in spec.columns:
        s = df[c.name] if c.name in df.columns else pd.Series([None] * n, dtype=object)
        s = s.reset_index(drop=True)
        if c.dtype == "date":
            out[c.name] = pd.to_datetime(s).astype("datetime64[ns]")
        elif c.dtype == "int":
            out[c.name] = pd.to_numeric(s).round().astype("Int64")
        elif c.dtype == "float":
            out[c.name] = pd.to_numeric(s).astype("float64")
        else:
            out[c.name] = s.astype(dtypes[c.dtype])
    for name in df.columns:
        if name not in spec.by_name:
            out[name] = df[name].reset_index(drop=True)
    return pd.DataFrame(out, index=pd.RangeIndex(n))


def typed_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables in schema order with core columns first, cast to the schema's dtypes."""
    return {name: _typed(tables[name], TABLES[name]) for name in TABLE_ORDER if name in tables}


class Builder:
    """Collects the rows of one example dataset.

    Parameters
    ----------
    prefix
        Id prefix of the dataset (``"OH"``); firms get ``OH-F00001``, institutions
        ``OH-I001``, so firm and institution ids never collide.
    rng
        The random generator every draw of the dataset comes from.
    """

    def __init__(self, prefix: str, rng: np.random.Generator) -> None:
        self.prefix = prefix
        self.rng = rng
        self.names = NameGen(rng)
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLE_ORDER}
        self.frames: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLE_ORDER}
        self._nf = 0
        self._ni = 0

    # ids ------------------------------------------------------------------
    def firm_ids(self, n: int) -> list[str]:
        """Allocate ``n`` new firm ids."""
        ids = [f"{self.prefix}-F{i:05d}" for i in range(self._nf + 1, self._nf + n + 1)]
        self._nf += n
        return ids

    def add(self, table: str, **row: Any) -> None:
        """Add one row to ``table``."""
        self.rows[table].append(row)

    def add_frame(self, table: str, df: pd.DataFrame) -> None:
        """Add many rows to ``table`` at once."""
        self.frames[table].append(df)

    def institution(self, name: str, region_id: str, kind: str, **extra: Any) -> str:
        """Add an institution and return its id."""
        self._ni += 1
        iid = f"{self.prefix}-I{self._ni:03d}"
        self.add("institutions", institution_id=iid, name=name, region_id=region_id, kind=kind, **extra)
        return iid

    def firm(self, name: str, region_id: str, **cols: Any) -> str:
        """Add one firm and return its id."""
        (fid,) = self.firm_ids(1)
        self.add("firms", firm_id=fid, name=name, region_id=region_id, **cols)
        return fid

    # output ---------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """All rows collected for ``name`` so far."""
        parts = list(self.frames[name])
        if self.rows[name]:
            parts.insert(0, pd.DataFrame(self.rows[name]))
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame({c: [] for c in TABLES[name].column_names})
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def finish(self) -> dict[str, pd.DataFrame]:
        """Every table, typed, with supply-link lead times filled in from relation scales."""
        tables = {name: self.table(name) for name in TABLE_ORDER}
        links = tables["supply_links"]
        if len(links) and "lead_time_days" not in links.columns:
            links["lead_time_days"] = np.nan
        if len(links) and links["lead_time_days"].isna().any():
            region = tables["firms"].set_index("firm_id")["region_id"]
            scale = relation_scales(
                tables["regions"], links["supplier_id"].map(region), links["buyer_id"].map(region)
            ).astype(str)
            lo = scale.map({k: v[0] for k, v in LEAD_TIME_DAYS.items()}).to_numpy(float)
            hi = scale.map({k: v[1] for k, v in LEAD_TIME_DAYS.items()}).to_numpy(float)
            drawn = np.round(lo + (hi - lo) * self.rng.random(len(links)))
            links["lead_time_days"] = links["lead_time_days"].fillna(pd.Series(drawn))
        return typed_tables(tables)


# --------------------------------------------------------------------------- draws


def bounded_lognormal(
    rng: np.random.Generator, n: int, median: float, sigma: float, lo: float, hi: float
) -> np.ndarray:
    """``n`` log-normal draws with the given median, clipped to ``[lo, hi]``."""
    return np.clip(median * np.exp(sigma * rng.standard_normal(n)), lo, hi)


def mode_shares(
    rng: np.random.Generator,
    n: int,
    oem: tuple[float, float],
    odm: tuple[float, float],
    obm: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OEM/ODM/OBM revenue shares drawn uniformly in the ranges, scaled so they sum to <= 1."""
    a = rng.uniform(*oem, n)
    b = rng.uniform(*odm, n)
    c = rng.uniform(*obm, n)
    total = a + b + c
    f = np.where(total > 1.0, 1.0 / np.maximum(total, 1e-12), 1.0)
    return np.round(a * f, 4), np.round(b * f, 4), np.floor(c * f * 1e4) / 1e4


def governance_pair(
    rng: np.random.Generator, n: int, complexity: float, codifiability: float, noise: float = 0.06
) -> tuple[np.ndarray, np.ndarray]:
    """Complexity and codifiability around the given levels, clipped to [0, 1]."""
    c = np.clip(complexity + noise * rng.standard_normal(n), 0.0, 1.0)
    k = np.clip(codifiability + noise * rng.standard_normal(n), 0.0, 1.0)
    return np.round(c, 3), np.round(k, 3)


#: (status, source, probability) of a relation known from each kind of evidence.
EVIDENCE_LOCAL: tuple[tuple[str, str, float], ...] = (
    ("reported", "survey", 0.55),
    ("verified", "interview", 0.15),
    ("inferred", "model", 0.30),
)
EVIDENCE_CROSS_BORDER: tuple[tuple[str, str, float], ...] = (
    ("verified", "customs record", 0.7),
    ("reported", "survey", 0.2),
    ("verified", "interview", 0.1),
)


def evidence(
    rng: np.random.Generator, n: int, table: Sequence[tuple[str, str, float]]
) -> tuple[list[str], list[str]]:
    """Draw ``n`` (status, source) pairs from an evidence table."""
    p = np.array([t[2] for t in table], dtype=float)
    idx = rng.choice(len(table), size=n, p=p / p.sum())
    return [table[i][0] for i in idx], [table[i][1] for i in idx]


def descriptor(
    *,
    name: str,
    title: str,
    description: str,
    focal: str,
    chains: list[str],
    reference_year: int,
    sources: list[dict[str, str]],
    seed: int,
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of an example."""
    return {
        "name": name,
        "title": title,
        "description": description,
        "version": "1.0.0",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": sources,
        "synthetic": True,
        "currency": "CNY",
        "reference_year": reference_year,
        "focal_regions": [focal],
        "chains": chains,
        "generator": {"module": f"chainchief.examples ({name})", "seed": seed},
        "resources": [],
    }


def segment_rows(
    firm_ids: Sequence[str],
    mixes: Sequence[Sequence[tuple[str, str, float]]],
    revenue: Sequence[float],
    utilisation: Sequence[float],
) -> pd.DataFrame:
    """``firm_segments`` rows: each firm's (chain, segment, share) mix with its capacity.

    Capacity is the firm's output in the segment (revenue x share) divided by its
    utilisation, so ``1 - utilisation`` of the capacity is spare.
    """
    rows = []
    for fid, mix, rev, u in zip(firm_ids, mixes, revenue, utilisation, strict=True):
        for chain, seg, share in mix:
            rows.append(
                {
                    "firm_id": fid,
                    "chain_id": chain,
                    "segment_id": seg,
                    "share": share,
                    "capacity": round(float(rev) * share / float(u), -3),
                }
            )
    return pd.DataFrame(rows)


def link_frame(
    rng: np.random.Generator,
    supplier: Sequence[str] | np.ndarray,
    buyer: Sequence[str] | np.ndarray,
    value: Sequence[float] | np.ndarray,
    *,
    chain: str,
    segment: str | Sequence[str] | np.ndarray,
    year: int,
    complexity: float,
    codifiability: float,
    evidence_table: Sequence[tuple[str, str, float]],
    **extra: Any,
) -> pd.DataFrame:
    """``supply_links`` rows with governance levels and evidence drawn around the given ones."""
    n = len(supplier)
    c, k = governance_pair(rng, n, complexity, codifiability)
    st, src = evidence(rng, n, evidence_table)
    df = pd.DataFrame(
        {
            "supplier_id": np.asarray(supplier, dtype=object),
            "buyer_id": np.asarray(buyer, dtype=object),
            "chain_id": chain,
            "segment_id": segment if isinstance(segment, str) else np.asarray(segment, dtype=object),
            "value": np.round(np.asarray(value, dtype=float), -2),
            "year": year,
            "complexity": c,
            "codifiability": k,
            "status": st,
            "source": src,
        }
    )
    for key, v in extra.items():
        df[key] = v
    return df[df["supplier_id"] != df["buyer_id"]]


def choose_buyers(
    rng: np.random.Generator,
    suppliers: Sequence[str] | np.ndarray,
    buyers: np.ndarray,
    weights: np.ndarray | None,
    kmin: int,
    kmax: int,
    totals: Sequence[float] | np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each supplier pick ``kmin..kmax`` distinct buyers and split its total among them."""
    p = None if weights is None else weights / weights.sum()
    sup: list[str] = []
    buy: list[str] = []
    val: list[float] = []
    for s, tot in zip(suppliers, totals, strict=True):
        k = min(int(rng.integers(kmin, kmax + 1)), len(buyers))
        chosen = rng.choice(buyers, size=k, replace=False, p=p)
        chosen = chosen[chosen != s]
        if len(chosen) == 0:
            continue
        parts = rng.dirichlet(np.ones(len(chosen))) * float(tot)
        sup += [s] * len(chosen)
        buy += list(chosen)
        val += list(parts)
    return np.array(sup, dtype=object), np.array(buy, dtype=object), np.array(val)
