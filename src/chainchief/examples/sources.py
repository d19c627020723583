"""Sources of the example datasets: the studies each calibration fact comes from,
and the list of what is invented (written into each descriptor's ``sources``)."""

from __future__ import annotations

__all__ = ["DATANG", "OUHAI", "XIANJU"]

OUHAI: list[dict[str, str]] = [
    {
        "title": (
            "The Industrial Chain Chief Model in Zhejiang: multiple coupling of the Ouhai eyewear"
            " and Xianju pharmaceutical EDZs (case study, interviews 2020-2021)"
        ),
        "author": "authors of the ICCM case study (shared/seeds/000; not named in our copy)",
        "year": "2021 or later",
        "used_for": (
            "more than 500 eyewear firms; more than 60,000 employees; 59 above-scale firms, 7 "
            "with 2019 output over 100 million yuan; 15 foreign firms; 150 firms focused on "
            "foreign trade; about 90 % of glasses sold to the EU, South America and the US; 36 "
            "R&D institutions added 2016-2019; chain template (materials and parts -> frames and "
            "lenses -> distribution and services; cases and testing equipment as related "
            "industries); a Japanese frame and lens supplier replaced via a Guangdong park during"
            " COVID-19; small OEMs switching from foreign buyers to domestic brand firms in "
            "Guangdong and Jiangsu; smart-glasses ambitions"
        ),
    },
    {
        "title": "The governance of global value chains",
        "author": "Gereffi, Humphrey and Sturgeon",
        "year": "2005",
        "used_for": "complexity and codifiability levels of each kind of relation",
    },
    {
        "title": "The organization of buyer-driven global commodity chains",
        "author": "Gereffi",
        "year": "1994",
        "used_for": "buyer-driven chain: foreign brand owners as lead firms, local OEMs",
    },
    {
        "title": "Invented but plausible values (synthetic data)",
        "author": "chainchief example generator",
        "year": "2026",
        "used_for": (
            "all firm names and every individual firm's figures; 540 as the number of firms; "
            "60,480 employees; the 20-million-yuan above-scale threshold applied to revenue; the "
            "study's 'all private' read as 525 private and 15 foreign firms; segment value-added "
            "shares; buyers, suppliers and their countries; supply links, sales by market and "
            "year (2018-2020), the 2020 COVID-19 fall of foreign orders and the 25 recoupling "
            "firms; knowledge links; capacities (local firms 0-4 % spare, the Dongguan park's "
            "firms 40-55 % spare); ICCM role holders; national segment outputs; export unit "
            "values; indicator series other than those named above"
        ),
    },
]

XIANJU: list[dict[str, str]] = [
    {
        "title": (
            "The Industrial Chain Chief Model in Zhejiang: multiple coupling of the Ouhai eyewear"
            " and Xianju pharmaceutical EDZs (case study, interviews 2020-2021)"
        ),
        "author": "authors of the ICCM case study (shared/seeds/000; not named in our copy)",
        "year": "2021 or later",
        "used_for": (
            "steroid drug output 7.377 bn yuan in 2019, +21.88 % on 2016; exports 2.158 bn yuan "
            "with 17.9 % average growth over four years, about 40 % of China's exports of similar"
            " products; 4 listed firms; more than 5,000 employees; R&D 350 mn yuan (13.7 % a "
            "year); 12 national high-tech firms; only two local generic FPP makers; no "
            "international company in the zone; large buyers at home and abroad; R&D enclaves in "
            "Shanghai and Hangzhou; chain template basic chemicals -> intermediates -> "
            "bulk/specialty/patented APIs -> generic/innovator FPPs -> distribution"
        ),
    },
    {
        "title": "The organization of buyer-driven global commodity chains",
        "author": "Gereffi",
        "year": "1994",
        "used_for": "producer-driven chain type",
    },
    {
        "title": "The governance of global value chains",
        "author": "Gereffi, Humphrey and Sturgeon",
        "year": "2005",
        "used_for": "complexity and codifiability levels of each kind of relation",
    },
    {
        "title": "Invented but plausible values (synthetic data)",
        "author": "chainchief example generator",
        "year": "2026",
        "used_for": (
            "all firm and buyer names (never real companies); 62 local firms and each firm's "
            "figures; 5,120 employees; the split of output, exports and R&D over firms; ownership"
            " of the listed firms; segment value-added shares; buyers, suppliers and their "
            "countries; supply links and sales by market (2017-2019); knowledge links; "
            "capacities; ICCM role holders; the national segment outputs; export unit values; "
            "2015 values"
        ),
    },
]

DATANG: list[dict[str, str]] = [
    {
        "title": (
            "Export-oriented cluster-based production cities in China after the 2008 financial "
            "crisis: adaptation and adaptability - evidence from Datang town, Zhuji (master "
            "thesis, Utrecht University)"
        ),
        "author": "Xu, Bingqing",
        "year": "2017",
        "used_for": (
            "family workshops cut from about 6,500 to 3,202 in 2014; 80 % of workshops "
            "subcontract for local large and medium firms; exports to domestic sales about 7:3; "
            "exports grew 26.9 % a year after the crisis to 2011; 13 large and medium firms of "
            "which 5 reached ODM, 8 sell at home under own brands, 4 combine OEM, ODM and OBM and"
            " 1 left OEM; about 90 % SMEs; 70 % of Datang's industrial output and about 35 % of "
            "the world market (2015); monthly wages 1,000-1,800 yuan in Vietnam vs 5,000 yuan in "
            "Datang; Southeast-Asian competition as a slow-burn shock; a design centre and a "
            "research institute in the town; chain segments"
        ),
    },
    {
        "title": (
            "Low-end locking dilemma and breakthrough of Zhejiang industrial clusters in global "
            "value chain (Journal of Applied Sciences)"
        ),
        "author": "Hu, Dali",
        "year": "2013",
        "used_for": "Zhejiang sock export unit value of 0.21 US$ per pair (2009)",
    },
    {
        "title": "Invented but plausible values (synthetic data)",
        "author": "chainchief example generator",
        "year": "2026",
        "used_for": (
            "all firm and organisation names; the 420 other SMEs; every firm's figures; segment "
            "value-added shares; workshop counts for 2006-2013 and 2016; the output, employment "
            "and export series other than the 26.9 % growth and the 7:3 ratio (shapes of the "
            "2008-2009 dip and of the national reference); buyers and competitors and their "
            "countries; supply links, sales by market 2014-2016 (slow drift of OEM orders away); "
            "knowledge links; capacities; ICCM role holders (Datang is not one of the study's "
            "ICCM pilots); world export unit value"
        ),
    },
]
