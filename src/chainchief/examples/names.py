"""Invented organisation names for the examples (never a real company's name)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["NameGen"]

# fmt: off
_PINYIN = [
    "An", "Bao", "Bo", "Chang", "Chen", "Da", "De", "Ding", "Fei", "Feng", "Fu", "Gao",
    "Guang", "Hai", "Hao", "He", "Hong", "Hua", "Hui", "Jia", "Jian", "Jin", "Jing", "Jun",
    "Kai", "Kang", "Lan", "Le", "Li", "Lian", "Long", "Lu", "Mei", "Ming", "Nan", "Ou",
    "Peng", "Qi", "Qian", "Qing", "Rui", "Run", "Sen", "Shan", "Sheng", "Shun", "Tai", "Tian",
    "Tong", "Wan", "Wei", "Wen", "Xiang", "Xin", "Xing", "Xu", "Ya", "Yi", "Yong", "You",
    "Yu", "Yuan", "Ze", "Zhan", "Zhen", "Zheng", "Zhi", "Zhong", "Zhuo",
]
_SURNAMES = [
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun",
    "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie",
    "Han", "Tang", "Feng", "Yu", "Dong", "Xiao", "Cheng", "Cao", "Yuan", "Deng", "Fu", "Shen",
    "Zeng", "Peng",
]
_JP_HEAD = [
    "Aki", "Asa", "Haru", "Hoshi", "Kaze", "Kiri", "Matsu", "Mizu", "Nami", "Sora", "Taka",
    "Tsuru", "Yuki", "Shira", "Kuro",
]
_JP_TAIL = [
    "gawa", "mura", "saki", "hara", "zaki", "yama", "kura", "no",
]
_WEST_HEAD = [
    "Vel", "Quor", "Bren", "Talv", "Ostr", "Mirv", "Calv", "Dren", "Pell", "Sarv", "Torv",
    "Lisk", "Varn", "Orl", "Fenn", "Garv",
]
_WEST_TAIL = [
    "oria", "enta", "ivo", "ante", "ello", "ara", "ix", "ion", "aro", "eno", "ista", "uma",
]
_VN = [
    "Song", "Hoa", "Minh", "Phu", "Thanh", "Viet", "Tan", "Binh", "Quang", "Hung", "Duc",
    "Lam",
]
_IN_HEAD = [
    "Sur", "Ved", "Anv", "Kir", "Dhar", "Pra", "Tav", "Nir", "Ush", "Raj",
]
_IN_TAIL = [
    "ana", "esh", "ita", "aya", "ika", "ora",
]

#: Fragments of real company names met in the source studies or well known in the
#: industries; generated names containing one are discarded.
_BLOCKED = [
    "hengda", "kaadas", "zonzen", "tongda", "tornado", "topsight", "squacy", "oko", "xinnong",
    "hengrui", "hisun", "huahai", "haizheng", "xianju", "starry", "huawei", "kangmei",
    "wanxin", "hongchen", "guangming", "fosun", "lonati", "visionix", "luxottica", "safilo",
    "essilor", "hoya", "zeiss",
]

# fmt: on
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
