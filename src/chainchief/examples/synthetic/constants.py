"""Built-in reference tables of the synthetic generator: chain templates, provinces,
blocs, countries, segment functions and name syllables (synthetic, calibrated)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

Progress = Callable[[str], None]
SCALE_LEVELS = ("local", "prefecture", "province", "national", "international")
"""Levels at which a buyer in China looks for a supplier (the order of ``scale_shares``)."""


def _words(text: str) -> list[str]:
    return text.split()


def _rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in ln.split("|")] for ln in text.strip().splitlines()]


# Chain templates. Segments: id | name | name_zh | stage | function | va_share | relative
# number of firms. Edges: supplier segment > buyer segment.
_TEMPLATE_TEXT = {
    "eyewear": (
        """
        materials|Raw materials|原材料|upstream|materials|0.04|1.0
        parts|Parts and fittings|零配件|upstream|components|0.06|2.0
        cases|Cases and packaging|眼镜盒包装|upstream|components|0.03|0.6
        frames|Frames|镜架|midstream|manufacturing|0.12|2.5
        lenses|Lenses|镜片|midstream|components|0.16|1.0
        design|Design|设计|midstream|rnd_design|0.10|0.4
        assembly|Assembly|组装|midstream|manufacturing|0.07|1.5
        brand|Brand and marketing|品牌营销|downstream|brand_marketing|0.20|0.5
        retail|Distribution and retail|分销零售|downstream|distribution|0.18|1.2
        """,
        "materials>parts materials>frames materials>lenses parts>frames parts>assembly "
        "frames>assembly lenses>assembly design>frames design>brand assembly>brand "
        "assembly>retail brand>retail cases>retail",
    ),
    "pharma": (
        """
        basic_chemicals|Basic chemicals|基础化工原料|upstream|materials|0.05|1.5
        intermediates|Extracts and intermediates|中间体|upstream|materials|0.08|1.5
        bulk_api|Bulk APIs|大宗原料药|midstream|manufacturing|0.08|1.0
        specialty_api|Specialty APIs|特色原料药|midstream|manufacturing|0.12|0.6
        patented_api|Patented APIs|专利原料药|midstream|manufacturing|0.15|0.2
        rnd|Contract drug research|研发外包|midstream|rnd_design|0.10|0.3
        generic_fpp|Generic finished products|仿制药制剂|downstream|manufacturing|0.14|0.6
        innovator_fpp|Innovator finished products|创新药制剂|downstream|manufacturing|0.16|0.15
        distribution|Distribution|医药流通|downstream|distribution|0.10|0.8
        """,
        "basic_chemicals>intermediates intermediates>bulk_api intermediates>specialty_api "
        "intermediates>patented_api rnd>patented_api rnd>innovator_fpp bulk_api>generic_fpp "
        "specialty_api>generic_fpp specialty_api>innovator_fpp patented_api>innovator_fpp "
        "generic_fpp>distribution innovator_fpp>distribution",
    ),
    "hosiery": (
        """
        yarn|Yarn and raw materials|原料纱线|upstream|materials|0.08|1.0
        machinery|Knitting machinery|织袜机械|upstream|components|0.07|0.4
        design|Design|设计|midstream|rnd_design|0.10|0.2
        knitting|Knitting|织造|midstream|manufacturing|0.12|3.0
        sewing|Toe sewing|缝头|midstream|manufacturing|0.06|1.5
        dyeing|Dyeing|染色|midstream|manufacturing|0.07|0.8
        shaping|Shaping|定型|midstream|manufacturing|0.05|0.8
        packaging|Packaging|包装|midstream|services|0.05|0.8
        brand|Brand and marketing|品牌营销|downstream|brand_marketing|0.22|0.3
        sales|Wholesale and e-commerce|销售|downstream|distribution|0.15|1.0
        """,
        "yarn>knitting machinery>knitting machinery>sewing design>knitting design>brand "
        "knitting>sewing sewing>dyeing dyeing>shaping shaping>packaging packaging>sales "
        "packaging>brand brand>sales",
    ),
}
CHAIN_TEMPLATES: dict[str, tuple[list[list[str]], list[tuple[str, str]]]] = {
    k: (_rows(s), [(e.split(">")[0], e.split(">")[1]) for e in edges.split()])
    for k, (s, edges) in _TEMPLATE_TEXT.items()
}
"""Chain templates: ``{chain_id: (segment rows, [(supplier segment, buyer segment)])}``."""
_INDUSTRY_WORD = {"eyewear": "Optical", "pharma": "Pharma", "hosiery": "Hosiery"}

# GB/T 2260 prefix | name | name_zh | lat | lon (capital) | relative number of firms
_PROVINCES = _rows("""
11|Beijing|北京|39.9|116.4|2.0
12|Tianjin|天津|39.1|117.2|1.5
13|Hebei|河北|38.0|114.5|3.5
14|Shanxi|山西|37.9|112.6|1.0
15|Inner Mongolia|内蒙古|40.8|111.7|0.6
21|Liaoning|辽宁|41.8|123.4|2.0
22|Jilin|吉林|43.9|125.3|0.8
23|Heilongjiang|黑龙江|45.8|126.5|0.7
31|Shanghai|上海|31.2|121.5|3.0
32|Jiangsu|江苏|32.1|118.8|11.0
33|Zhejiang|浙江|30.3|120.2|12.0
34|Anhui|安徽|31.9|117.3|3.5
35|Fujian|福建|26.1|119.3|5.0
36|Jiangxi|江西|28.7|115.9|2.5
37|Shandong|山东|36.7|117.0|8.0
41|Henan|河南|34.8|113.7|4.0
42|Hubei|湖北|30.6|114.3|3.0
43|Hunan|湖南|28.2|112.9|2.5
44|Guangdong|广东|23.1|113.3|14.0
45|Guangxi|广西|22.8|108.3|1.2
46|Hainan|海南|20.0|110.3|0.2
50|Chongqing|重庆|29.6|106.5|1.8
51|Sichuan|四川|30.7|104.1|2.5
52|Guizhou|贵州|26.6|106.7|0.6
53|Yunnan|云南|25.0|102.7|0.6
54|Tibet|西藏|29.7|91.1|0.05
61|Shaanxi|陕西|34.3|108.9|1.2
62|Gansu|甘肃|36.1|103.8|0.4
63|Qinghai|青海|36.6|101.8|0.1
64|Ningxia|宁夏|38.5|106.3|0.2
65|Xinjiang|新疆|43.8|87.6|0.4
""")
# bloc id | name | name_zh | lat | lon
_BLOCS = _rows("""
EAS|East Asia|东亚|35.0|120.0
ASEAN|ASEAN|东盟|5.0|110.0
EU|European Union|欧盟|50.0|10.0
NAM|North America (USMCA)|北美|40.0|-100.0
SAM|Mercosur|南方共同市场|-20.0|-55.0
""")
# iso3 | name | name_zh | bloc | lat | lon | relative number of firms | export market weight
_COUNTRIES = _rows("""
CHN|China|中国|EAS|35.9|104.2|0|0
JPN|Japan|日本|EAS|36.2|138.3|12|6
KOR|Republic of Korea|韩国|EAS|36.5|127.9|8|4
VNM|Viet Nam|越南|ASEAN|14.1|108.3|5|3
THA|Thailand|泰国|ASEAN|15.9|100.9|3|2
MYS|Malaysia|马来西亚|ASEAN|4.2|102.0|2|2
IDN|Indonesia|印度尼西亚|ASEAN|-0.8|113.9|2|2
PHL|Philippines|菲律宾|ASEAN|12.9|121.8|1|1
SGP|Singapore|新加坡|ASEAN|1.35|103.8|2|1
KHM|Cambodia|柬埔寨|ASEAN|12.6|105.0|1|0.5
DEU|Germany|德国|EU|51.2|10.5|10|8
FRA|France|法国|EU|46.2|2.2|5|5
ITA|Italy|意大利|EU|41.9|12.6|6|6
ESP|Spain|西班牙|EU|40.5|-3.7|2|3
NLD|Netherlands|荷兰|EU|52.1|5.3|2|3
POL|Poland|波兰|EU|51.9|19.1|1|2
BEL|Belgium|比利时|EU|50.5|4.5|1|1.5
CZE|Czechia|捷克|EU|49.8|15.5|1|1
SWE|Sweden|瑞典|EU|60.1|18.6|1|1
AUT|Austria|奥地利|EU|47.5|14.6|1|1
USA|United States|美国|NAM|37.1|-95.7|12|20
CAN|Canada|加拿大|NAM|56.1|-106.3|2|2
MEX|Mexico|墨西哥|NAM|23.6|-102.6|1|2
BRA|Brazil|巴西|SAM|-14.2|-51.9|1|4
ARG|Argentina|阿根廷|SAM|-38.4|-63.6|0.5|1.5
URY|Uruguay|乌拉圭|SAM|-32.5|-55.8|0.2|0.5
IND|India|印度||20.6|79.0|3|4
GBR|United Kingdom|英国||55.4|-3.4|4|4
TUR|Türkiye|土耳其||39.0|35.2|1|1.5
RUS|Russian Federation|俄罗斯||61.5|105.3|1|3
AUS|Australia|澳大利亚||-25.3|133.8|1|2
ZAF|South Africa|南非||-30.6|22.9|0.5|1
SAU|Saudi Arabia|沙特阿拉伯||23.9|45.1|0.5|1.5
ARE|United Arab Emirates|阿联酋||23.4|53.8|0.5|2
CHE|Switzerland|瑞士||46.8|8.2|3|1
""")
_FUNCTIONS = (
    "materials",
    "components",
    "rnd_design",
    "manufacturing",
    "brand_marketing",
    "distribution",
    "services",
)
# gamma shapes of the (OEM, ODM, OBM, other) revenue split, by segment function
_MODE_SHAPES = np.array(
    [
        [0.5, 0.2, 0.3, 2.0],
        [2.0, 1.0, 0.3, 1.0],
        [0.3, 2.5, 0.5, 1.0],
        [3.0, 1.0, 0.5, 0.8],
        [0.2, 0.5, 3.0, 0.5],
        [0.1, 0.1, 1.0, 2.0],
        [1.0, 0.3, 0.2, 2.0],
    ]
)
_STAGE_RANK = {"upstream": 0, "midstream": 1, "downstream": 2}
_SYL1 = pa.array(
    _words("Hua Xin Jin Tian Long Feng Rui Heng Yong Sheng Da Kang Mei Bao Hong"), pa.large_string()
)
_SYL2 = pa.array(
    _words("xing da li tai yuan cheng an feng sheng hua guang ming tong hai shan"),
    pa.large_string(),
)
