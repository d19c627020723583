"""``xianju-pharma``: the producer-driven steroid pharmaceutical cluster of Xianju county.

Calibrated to the case facts of the ICCM study (concepts.md section 11): output of
7.377 bn yuan in 2019 (+21.88 % on 2016), exports of 2.158 bn yuan (17.9 % a year over
four years), exactly 4 listed firms, more than 5,000 employees, R&D of 350 mn yuan
(13.7 % a year), exactly 12 high-tech firms, exactly two local makers of generic FPPs
and none of innovator FPPs, no foreign firm in the zone, R&D enclaves in Shanghai and
Hangzhou, large buyers at home and abroad (invented names).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    EVIDENCE_CROSS_BORDER,
    EVIDENCE_LOCAL,
    Builder,
    bounded_lognormal,
    choose_buyers,
    cn,
    descriptor,
    exact_split,
    link_frame,
    mode_shares,
    region_frame,
    segment_rows,
)
from chainchief.examples.knowledge import knowledge_links

__all__ = ["DEFAULT_SEED", "DESCRIPTION", "NAME", "build_tables"]

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

_SEGMENTS = [
    ("basic_chemicals", "Basic chemicals (diosgenin, phytosterol)", "基础化工原料(薯蓣皂素、植物甾醇)",
     "upstream", "materials", 0.05),
    ("rnd_services", "Contract research and development", "研发外包服务", "upstream", "rnd_design", 0.05),
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
    ("bulk_api", "generic_fpp"), ("specialty_api", "generic_fpp"), ("specialty_api", "innovator_fpp"),
    ("patented_api", "innovator_fpp"), ("generic_fpp", "distribution"),
    ("innovator_fpp", "distribution"),
]
_C = CHAIN
_LISTED = [  # revenue, employees, ownership, mix
    (1.6e9, 1100, "mixed", [(_C, "intermediates", 0.2), (_C, "bulk_api", 0.2), (_C, "specialty_api", 0.4),
                            (_C, "patented_api", 0.2)]),
    (1.2e9, 900, "private", [(_C, "intermediates", 0.2), (_C, "bulk_api", 0.3), (_C, "specialty_api", 0.5)]),
    (0.9e9, 700, "state", [(_C, "specialty_api", 0.4), (_C, "bulk_api", 0.2), (_C, "generic_fpp", 0.4)]),
    (0.7e9, 500, "mixed", [(_C, "intermediates", 0.5), (_C, "bulk_api", 0.5)]),
]
# main segment -> number of other local firms
_COUNTS = {"basic_chemicals": 8, "intermediates": 22, "bulk_api": 13, "specialty_api": 9,
           "patented_api": 3, "generic_fpp": 1, "distribution": 2}
_SUFFIX = {"basic_chemicals": "Biochemical Co.", "intermediates": "Pharmaceutical Chemical Co.",
           "bulk_api": "Pharmaceutical Co.", "specialty_api": "Pharmaceutical Co.",
           "patented_api": "Biopharma Co.", "generic_fpp": "Pharmaceutical Co.",
           "distribution": "Medicine Trading Co."}
_RND_INT = {"basic_chemicals": 0.005, "intermediates": 0.015, "bulk_api": 0.02, "specialty_api": 0.05,
            "patented_api": 0.1, "generic_fpp": 0.04, "distribution": 0.002}
# share of a firm's revenue sold outside the local chain, and the foreign share of that
_EXTERNAL = {"basic_chemicals": 0.15, "intermediates": 0.45, "bulk_api": 0.95, "specialty_api": 0.95,
             "patented_api": 1.0, "generic_fpp": 1.0, "distribution": 1.0}
_FOREIGN = {"basic_chemicals": (0.0, 0.1), "intermediates": (0.1, 0.35), "bulk_api": (0.5, 0.8),
            "specialty_api": (0.3, 0.55), "patented_api": (0.4, 0.6), "generic_fpp": (0.03, 0.1),
            "distribution": (0.0, 0.0)}
_NATIONAL = (60e9, {"basic_chemicals": 0.05, "rnd_services": 0.03, "intermediates": 0.10, "bulk_api": 0.12,
                    "specialty_api": 0.10, "patented_api": 0.08, "generic_fpp": 0.30, "innovator_fpp": 0.12,
                    "distribution": 0.10})

SOURCES: list[dict[str, str]] = [
    {
        "title": "The Industrial Chain Chief Model in Zhejiang: multiple coupling of the Ouhai "
        "eyewear and Xianju pharmaceutical EDZs (case study, interviews 2020-2021)",
        "author": "authors of the ICCM case study (shared/seeds/000; names not in the project copy)",
        "year": "2021 or later",
        "used_for": "steroid drug output 7.377 bn yuan in 2019, +21.88 % on 2016; exports 2.158 bn "
        "yuan with 17.9 % average growth over four years, about 40 % of China's exports of similar "
        "products; 4 listed firms; more than 5,000 employees; R&D 350 mn yuan (13.7 % a year); 12 "
        "national high-tech firms; only two local generic FPP makers; no international company in "
        "the zone; large buyers at home and abroad; R&D enclaves in Shanghai and Hangzhou; chain "
        "template basic chemicals -> intermediates -> bulk/specialty/patented APIs -> generic/"
        "innovator FPPs -> distribution",
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
        "used_for": "all firm and buyer names (never real companies); 62 local firms and each "
        "firm's figures; 5,120 employees; the split of output, exports and R&D over firms; "
        "ownership of the listed firms; segment value-added shares; buyers, suppliers and their "
        "countries; supply links and sales by market (2017-2019); knowledge links; capacities; "
        "ICCM role holders; the national segment outputs; export unit values; 2015 values",
    },
]


def _local(b: Builder) -> pd.DataFrame:
    rng = b.rng
    rows: list[dict[str, Any]] = []
    for rev, emp, own, mix in _LISTED:
        main = max(mix, key=lambda m: m[2])[1]
        rows.append(dict(revenue=rev, employees=emp, ownership=own, mix=mix, main_segment=main,
                         listed=True, kind="listed"))
    for seg, n in _COUNTS.items():
        revs = bounded_lognormal(rng, n, 40e6 if seg != "generic_fpp" else 120e6, 0.9, 3e6, 400e6)
        for r in revs:
            rows.append(dict(revenue=r, employees=0, ownership="private", mix=[(_C, seg, 1.0)],
                             main_segment=seg, listed=False, kind="local"))
    f = pd.DataFrame(rows)
    n = len(f)
    listed = f["listed"].to_numpy()
    rest = exact_split(OUTPUT_2019 - f.loc[listed, "revenue"].sum(), f.loc[~listed, "revenue"])
    f.loc[~listed, "revenue"] = rest
    emp_rest = exact_split(EMPLOYEES - f.loc[listed, "employees"].sum(), f.loc[~listed, "revenue"] ** 0.8)
    f.loc[~listed, "employees"] = np.maximum(emp_rest, 1)
    f["employees"] = f["employees"].astype(int)
    diff = EMPLOYEES - int(f["employees"].sum())
    f.loc[int(f.loc[~listed, "employees"].idxmax()), "employees"] += diff
    intensity = f["main_segment"].map(_RND_INT).to_numpy() * rng.uniform(0.7, 1.3, n)
    intensity[listed] = [0.07, 0.065, 0.06, 0.05]
    f["rnd_spend"] = exact_split(RND_2019, f["revenue"] * intensity)
    f["value_added"] = np.round(f["revenue"] * rng.uniform(0.25, 0.4, n), -3)
    f["patents"] = rng.poisson(f["rnd_spend"] / 1.5e6)
    seg = f["main_segment"]
    oem, odm, obm = mode_shares(rng, n, (0.6, 0.85), (0.05, 0.15), (0.0, 0.08))
    s_oem, s_odm, s_obm = mode_shares(rng, n, (0.3, 0.5), (0.25, 0.4), (0.1, 0.2))
    p_oem, p_odm, p_obm = mode_shares(rng, n, (0.1, 0.2), (0.3, 0.4), (0.4, 0.55))
    g_oem, g_odm, g_obm = mode_shares(rng, n, (0.2, 0.3), (0.05, 0.1), (0.55, 0.7))
    bulk = seg.isin(["bulk_api", "intermediates", "basic_chemicals"]).to_numpy()
    bulk_oem = rng.uniform(0.75, 0.92, n)
    f["oem_share"] = np.select([seg == "specialty_api", seg == "patented_api", seg == "generic_fpp", bulk],
                               [s_oem, p_oem, g_oem, np.round(bulk_oem, 4)], oem)
    f["odm_share"] = np.select([seg == "specialty_api", seg == "patented_api", seg == "generic_fpp", bulk],
                               [s_odm, p_odm, g_odm, np.round((1 - bulk_oem) * 0.5, 4)], odm)
    f["obm_share"] = np.select([seg == "specialty_api", seg == "patented_api", seg == "generic_fpp", bulk],
                               [s_obm, p_obm, g_obm, np.floor((1 - bulk_oem) * 0.3 * 1e4) / 1e4], obm)
    f["own_brands"] = np.where(seg == "generic_fpp", rng.integers(2, 6, n),
                               np.where(listed, rng.integers(1, 4, n), 0))
    f["above_scale"] = f["revenue"] >= 20e6
    f["is_lead"] = listed
    # 12 high-tech firms: the listed ones and the 8 largest specialty/patented/FPP makers
    cand = f[~listed & seg.isin(["specialty_api", "patented_api", "generic_fpp", "bulk_api"])]
    cand = cand.assign(score=cand["rnd_spend"] + (cand["main_segment"] == "patented_api") * 1e9)
    ht = set(cand.nlargest(8, "score").index) | set(np.flatnonzero(listed))
    f["high_tech"] = f.index.isin(list(ht))
    f["region_id"] = FOCAL
    f["firm_type"] = np.where(listed, "listed", "local")
    f["name"] = [b.names.chinese(_SUFFIX[s], "Zhejiang") for s in seg]
    f["firm_id"] = b.firm_ids(n)
    return f


def _outside(b: Builder) -> pd.DataFrame:
    rng = b.rng
    rows: list[dict[str, Any]] = []

    def add(kind: str, region: str, name: str, mix: list[tuple[str, str, float]], rev: float,
            util: tuple[float, float], own: str, modes: tuple[float, float, float], lead: bool = False,
            rnd: float = 0.03) -> None:
        rows.append(dict(firm_type=kind, region_id=region, name=name, mix=mix, revenue=round(rev, -3),
                         util=rng.uniform(*util), ownership=own, modes=modes, is_lead=lead, rnd=rnd))

    orig = [(_C, "innovator_fpp", 0.55), (_C, "patented_api", 0.2), (_C, "rnd_services", 0.1),
            (_C, "distribution", 0.15)]
    for iso in ("USA", "USA", "DEU", "CHE", "FRA", "GBR", "JPN"):
        add("foreign_buyer", iso, b.names.foreign(iso, "Pharmaceuticals"), orig, rng.uniform(60e9, 300e9),
            (0.85, 0.95), "foreign", (0.0, 0.05, 0.95), True, 0.16)
    gen = [(_C, "generic_fpp", 0.8), (_C, "bulk_api", 0.2)]
    for iso in ("IND", "IND", "ITA"):
        add("foreign_buyer", iso, b.names.foreign(iso, "Generics"), gen, rng.uniform(10e9, 50e9),
            (0.8, 0.9), "foreign", (0.2, 0.1, 0.7), True, 0.06)
    dom = [(_C, "generic_fpp", 0.5), (_C, "innovator_fpp", 0.3), (_C, "distribution", 0.2)]
    for code in ("320700", "320700", "310115", "370112", "110108"):
        add("domestic_buyer", cn(code), b.names.chinese("Pharmaceutical Group Co."), dom,
            rng.uniform(8e9, 40e9), (0.8, 0.9), "private" if code != "110108" else "state",
            (0.05, 0.05, 0.85), True, 0.1)
    hi_api = [(_C, "specialty_api", 0.5), (_C, "patented_api", 0.5)]
    for region in (cn("331002"), cn("331002"), cn("330108"), cn("310115"), "CHE", "IND", "ITA"):
        name = b.names.chinese("Pharmaceutical Co.") if region.startswith("CN") else \
            b.names.foreign(region, "Fine Chemicals")
        add("high_end_api", region, name, hi_api, rng.uniform(2e9, 12e9), (0.75, 0.9),
            "private" if region.startswith("CN") else "foreign", (0.2, 0.4, 0.4), False, 0.1)
    fpp = [(_C, "generic_fpp", 0.6), (_C, "innovator_fpp", 0.4)]
    for code in ("310115", "330108", "320500", "331082"):
        add("fpp_maker", cn(code), b.names.chinese("Pharmaceutical Co."), fpp, rng.uniform(1.5e9, 9e9),
            (0.7, 0.85), "private", (0.1, 0.1, 0.8), False, 0.09)
    for region in (cn("310115"), cn("310115"), cn("330108"), "USA"):
        name = b.names.chinese("Pharma R&D Services Co.") if region.startswith("CN") else \
            b.names.foreign("USA", "Research")
        add("cro", region, name, [(_C, "rnd_services", 1.0)], rng.uniform(0.5e9, 6e9), (0.75, 0.9),
            "private" if region.startswith("CN") else "foreign", (0.0, 0.9, 0.1), False, 0.2)
    for code in ("420302", "420302", "420302", "370112", "320583"):
        add("supplier", cn(code), b.names.chinese("Biochemical Co."), [(_C, "basic_chemicals", 1.0)],
            rng.uniform(0.1e9, 0.8e9), (0.8, 0.9), "private", (0.7, 0.1, 0.1), False, 0.01)
    for code in ("310115", "110108"):
        add("distributor", cn(code), b.names.chinese("Medicine Distribution Co."),
            [(_C, "distribution", 1.0)], rng.uniform(20e9, 80e9), (0.85, 0.95), "state", (0.0, 0.0, 0.3),
            False, 0.005)
    add("competitor", cn("420302"), b.names.chinese("Steroid Pharmaceutical Co.", "Hubei"),
        [(_C, "intermediates", 0.5), (_C, "bulk_api", 0.5)], 1.5e9, (0.8, 0.9), "private",
        (0.7, 0.2, 0.1), False, 0.03)
    o = pd.DataFrame(rows)
    n = len(o)
    o["firm_id"] = b.firm_ids(n)
    o["employees"] = np.maximum(50, np.round(o["revenue"] / rng.uniform(1.0e6, 2.5e6, n))).astype(int)
    o["value_added"] = np.round(o["revenue"] * rng.uniform(0.3, 0.5, n), -3)
    o["rnd_spend"] = np.round(o["revenue"] * o["rnd"], -3)
    o["patents"] = rng.poisson(o["rnd_spend"] / 2e6)
    o["oem_share"] = [m[0] for m in o["modes"]]
    o["odm_share"] = [m[1] for m in o["modes"]]
    o["obm_share"] = [m[2] for m in o["modes"]]
    o["own_brands"] = [int(rng.integers(3, 20)) if m[2] > 0.5 else 0 for m in o["modes"]]
    o["above_scale"] = True
    o["listed"] = o["is_lead"] & (rng.random(n) < 0.8)
    o["high_tech"] = o["firm_type"].isin(["high_end_api", "fpp_maker", "cro", "foreign_buyer"])
    o["main_segment"] = [m[0][1] for m in o["mix"]]
    return o


def _links_and_sales(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> None:
    rng = b.rng
    frames: list[pd.DataFrame] = []
    rev = pd.concat([f, o]).set_index("firm_id")["revenue"]
    segs_of = {fid: {s for _, s, _ in mix} for fid, mix in zip(f["firm_id"], f["mix"], strict=True)}

    def makers(*segments: str) -> np.ndarray:
        return np.array([fid for fid, s in segs_of.items() if s & set(segments)], dtype=object)

    def local(seller_seg: str, buyer_segs: tuple[str, ...], kmin: int, kmax: int, frac: float,
              cx: float, cd: float) -> None:
        sellers = f.loc[f["main_segment"] == seller_seg, "firm_id"].to_numpy()
        buyers = makers(*buyer_segs)
        s, bu, v = choose_buyers(rng, sellers, buyers, rev[buyers].to_numpy() ** 0.6, kmin, kmax,
                                 rev[sellers].to_numpy() * frac)
        frames.append(link_frame(rng, s, bu, v, chain=CHAIN, segment=seller_seg, year=YEAR, complexity=cx,
                                 codifiability=cd, evidence_table=EVIDENCE_LOCAL, flow="local"))

    local("basic_chemicals", ("intermediates",), 2, 4, 1 - _EXTERNAL["basic_chemicals"], 0.25, 0.85)
    local("intermediates", ("bulk_api", "specialty_api", "patented_api"), 2, 4,
          1 - _EXTERNAL["intermediates"], 0.45, 0.75)
    local("bulk_api", ("generic_fpp",), 1, 2, 0.05, 0.5, 0.8)
    local("specialty_api", ("generic_fpp",), 1, 2, 0.05, 0.6, 0.6)
    # outside inputs: diosgenin and phytosterol from Hubei/Shandong/Jiangsu, R&D from CROs
    sup = o.loc[o["firm_type"] == "supplier", "firm_id"].to_numpy()
    buyers = makers("intermediates")
    s, bu, v = choose_buyers(rng, sup, buyers, rev[buyers].to_numpy() ** 0.6, 3, 6,
                             rev[sup].to_numpy() * 0.15)
    frames.append(link_frame(rng, s, bu, v, chain=CHAIN, segment="basic_chemicals", year=YEAR,
                             complexity=0.25, codifiability=0.85, evidence_table=EVIDENCE_LOCAL,
                             flow="sourcing"))
    cro = o.loc[o["firm_type"] == "cro", "firm_id"].to_numpy()
    rnd_buyers = f.loc[f["high_tech"], "firm_id"].to_numpy()
    s, bu, v = choose_buyers(rng, cro, rnd_buyers, None, 2, 4, rev[cro].to_numpy() * 0.004)
    frames.append(link_frame(rng, s, bu, v, chain=CHAIN, segment="rnd_services", year=YEAR,
                             complexity=0.85, codifiability=0.3, evidence_table=EVIDENCE_LOCAL,
                             flow="sourcing"))
    # external sales by buyer and market, 2017-2019, calibrated to exports of 2.158 bn yuan
    foreign_buyers = o[o["firm_type"] == "foreign_buyer"]
    dom_buyers = o[o["firm_type"].isin(["domestic_buyer", "fpp_maker", "distributor", "high_end_api"])]
    n = len(f)
    ext = f["revenue"].to_numpy() * f["main_segment"].map(_EXTERNAL).to_numpy()
    lo = f["main_segment"].map(lambda s: _FOREIGN[s][0]).to_numpy()
    hi = f["main_segment"].map(lambda s: _FOREIGN[s][1]).to_numpy()
    x = lo + (hi - lo) * rng.random(n)
    lam_lo, lam_hi = 0.0, 3.0
    for _ in range(80):
        lam = (lam_lo + lam_hi) / 2
        if (ext * np.clip(x * lam, 0, 0.95)).sum() < EXPORTS_2019:
            lam_lo = lam
        else:
            lam_hi = lam
    x = np.clip(x * (lam_lo + lam_hi) / 2, 0, 0.95)
    # bulk API buyers are concentrated on the three first foreign buyers
    rows: list[dict[str, Any]] = []
    for i, (fid, seg) in enumerate(zip(f["firm_id"], f["main_segment"], strict=True)):
        fv, dv = ext[i] * x[i], ext[i] * (1 - x[i])
        if fv > 0:
            if seg in ("bulk_api", "intermediates", "basic_chemicals"):
                pool = foreign_buyers.iloc[[0, 1, 7]] if seg == "bulk_api" else foreign_buyers.iloc[7:]
                k = 1 if seg == "bulk_api" else 2
                w = np.ones(len(pool))
                w[0] = 3.0
                pick = rng.choice(len(pool), k, replace=False, p=w / w.sum())
            else:
                pool = foreign_buyers
                pick = rng.choice(len(pool), min(3, len(pool)), replace=False)
            for j, share in zip(pick, rng.dirichlet(np.ones(len(pick)) * 2), strict=True):
                rows.append(dict(firm_id=fid, market_region_id=pool["region_id"].iat[j],
                                 buyer_id=pool["firm_id"].iat[j],
                                 channel="contract_manufacturing" if seg == "bulk_api" else "direct",
                                 value=fv * share, foreign=True, seg=seg))
        if dv > 0:
            k = 2 if seg != "generic_fpp" else 3
            pick = rng.choice(len(dom_buyers), k, replace=False)
            for j, share in zip(pick, rng.dirichlet(np.ones(k) * 2), strict=True):
                rows.append(dict(firm_id=fid, market_region_id=dom_buyers["region_id"].iat[j],
                                 buyer_id=dom_buyers["firm_id"].iat[j],
                                 channel="hospital_tender" if seg == "generic_fpp" else "direct",
                                 value=dv * share, foreign=False, seg=seg))
    s19 = pd.DataFrame(rows)
    fr = s19["foreign"].to_numpy()
    vals = s19["value"].to_numpy().copy()
    vals[fr] = exact_split(EXPORTS_2019, vals[fr], decimals=2)
    s19["value"] = vals
    s19["year"] = YEAR
    parts = [s19]
    for y in (2017, 2018):
        back = YEAR - y
        sy = s19.copy()
        sy["year"] = y
        ff = (1 + EXPORT_GROWTH) ** -back
        df_ = (1 + GROWTH_2016_2019) ** (-back / 3)
        sy["value"] = np.where(sy["foreign"], sy["value"] * ff, sy["value"] * df_)
        parts.append(sy)
    sales = pd.concat(parts, ignore_index=True)
    b.add_frame("sales", sales[["firm_id", "market_region_id", "value", "year", "channel", "buyer_id"]])
    # the 2019 deliveries to named buyers are supply relations too
    gov = {"bulk_api": (0.65, 0.8), "intermediates": (0.45, 0.8), "basic_chemicals": (0.25, 0.85),
           "specialty_api": (0.7, 0.4), "patented_api": (0.85, 0.3), "generic_fpp": (0.5, 0.75),
           "distribution": (0.2, 0.9)}
    for seg, g in s19.groupby("seg"):
        cx, cd = gov[str(seg)]
        ev = EVIDENCE_CROSS_BORDER if bool(g["foreign"].any()) else EVIDENCE_LOCAL
        frames.append(link_frame(rng, g["firm_id"].to_numpy(), g["buyer_id"].to_numpy(),
                                 g["value"].to_numpy(), chain=CHAIN, segment=str(seg), year=YEAR,
                                 complexity=cx, codifiability=cd, evidence_table=ev, flow="sales"))
    b.add_frame("supply_links", pd.concat(frames, ignore_index=True))


def _institutions(b: Builder) -> dict[str, str]:
    return {
        "province": b.institution("Zhejiang Provincial Department of Commerce", cn("330000"), "government"),
        "city": b.institution("Taizhou Municipal People's Government", cn("331000"), "government"),
        "county": b.institution("Xianju County People's Government", FOCAL, "government"),
        "edz": b.institution("Xianju Economic Development Zone Management Committee", FOCAL, "government"),
        "association": b.institution("Xianju Pharmaceutical Industry Association", FOCAL, "association"),
        "research": b.institution("Xianju Steroid Drug Engineering Research Centre", FOCAL,
                                  "research_institute"),
        "design": b.institution("Xianju Drug Formulation and Process Design Centre", FOCAL, "design_centre"),
        "platform": b.institution("Xianju Common Technology Platform for APIs", FOCAL, "platform"),
        "testing": b.institution("Taizhou Drug Quality Testing Centre", cn("331000"), "testing_centre"),
        "experts": b.institution("Xianju Pharmaceutical Chain Expert Committee", FOCAL, "other"),
        "enclave_sh": b.institution("Xianju Pharmaceutical Innovation Enclave (Shanghai)", cn("310115"),
                                    "research_institute"),
        "enclave_hz": b.institution("Xianju Pharmaceutical R&D Enclave (Hangzhou)", cn("330108"),
                                    "research_institute"),
        "sh_lab": b.institution("Shanghai Steroid Chemistry Laboratory", cn("310115"), "research_institute"),
        "hz_uni": b.institution("Hangzhou College of Pharmaceutical Sciences", cn("330108"), "university"),
        "park_lyg": b.institution("Lianyungang Pharmaceutical Industrial Park", cn("320700"),
                                  "industrial_park"),
    }


def _indicators(b: Builder, f: pd.DataFrame) -> None:
    fs = b.table("firm_segments")
    fs = fs[fs["firm_id"].isin(set(f["firm_id"]))]
    out_seg = (fs["firm_id"].map(f.set_index("firm_id")["revenue"]) * fs["share"]).groupby(fs["segment_id"]).sum()
    rows: list[dict[str, Any]] = []
    totals = {2016: OUTPUT_2019 / (1 + GROWTH_2016_2019), 2019: OUTPUT_2019}
    totals[2017] = totals[2016] * (1 + GROWTH_2016_2019) ** (1 / 3)
    totals[2018] = totals[2016] * (1 + GROWTH_2016_2019) ** (2 / 3)
    totals[2015] = totals[2016] * 0.93
    nat_idx = {2015: 0.85, 2016: 0.9, 2017: 0.94, 2018: 0.97, 2019: 1.0}
    for y in sorted(totals):
        split = exact_split(round(totals[y]), out_seg.to_numpy())
        for seg, v in zip(out_seg.index, split, strict=True):
            rows.append(dict(region_id=FOCAL, chain_id=CHAIN, industry_code=seg, indicator="output", year=y,
                             value=float(v), unit="CNY"))
        total, mix = _NATIONAL
        for seg, sh in mix.items():
            rows.append(dict(region_id="CHN", chain_id=CHAIN, industry_code=seg, indicator="output", year=y,
                             value=round(total * sh * nat_idx[y], -3), unit="CNY"))
        back = YEAR - y
        exp = EXPORTS_2019 * (1 + EXPORT_GROWTH) ** -back
        rows.append(dict(region_id=FOCAL, chain_id=CHAIN, indicator="exports", year=y, value=round(exp, 2),
                         unit="CNY"))
        rows.append(dict(region_id="CHN", chain_id=CHAIN, indicator="exports", year=y,
                         value=round(exp / (0.4 - 0.01 * back), -3), unit="CNY"))
        rows.append(dict(region_id=FOCAL, chain_id=CHAIN, indicator="rnd_spend", year=y,
                         value=round(RND_2019 * (1 + RND_GROWTH) ** -back, 2), unit="CNY"))
        rows.append(dict(region_id=FOCAL, chain_id=CHAIN, indicator="employment", year=y,
                         value=round(EMPLOYEES * (1 - 0.02 * back)), unit="persons"))
        rows.append(dict(region_id="CHN", chain_id=CHAIN, indicator="employment", year=y,
                         value=round(320_000 * (1 - 0.01 * back)), unit="persons"))
    rows.append(dict(region_id=FOCAL, chain_id=CHAIN, indicator="listed_firms", year=YEAR, value=4.0,
                     unit="firms"))
    rows.append(dict(region_id=FOCAL, chain_id=CHAIN, indicator="high_tech_firms", year=YEAR, value=12.0,
                     unit="firms"))
    rows.append(dict(region_id=FOCAL, chain_id=CHAIN, industry_code="bulk_api", indicator="export_unit_value",
                     year=YEAR, value=0.85, unit="USD per gram"))
    rows.append(dict(region_id="WLD", chain_id=CHAIN, industry_code="bulk_api", indicator="export_unit_value",
                     year=YEAR, value=1.4, unit="USD per gram"))
    b.add_frame("indicators", pd.DataFrame(rows))


def build_tables(seed: int = DEFAULT_SEED) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Build the descriptor and tables of ``xianju-pharma``."""
    b = Builder("XJ", np.random.default_rng(seed))
    b.add_frame("regions", region_frame())
    for sid, name, zh, stage, fn, va in _SEGMENTS:
        b.add("segments", chain_id=CHAIN, segment_id=sid, name=name, name_zh=zh, stage=stage, function=fn,
              va_share=va)
    for a, c in _EDGES:
        b.add("segment_edges", chain_id=CHAIN, from_segment=a, to_segment=c)
    ids = _institutions(b)
    f = _local(b)
    o = _outside(b)
    b.add_frame("firm_segments", segment_rows(f["firm_id"], f["mix"], f["revenue"],
                                              b.rng.uniform(0.85, 0.97, len(f))))
    b.add_frame("firm_segments", segment_rows(o["firm_id"], o["mix"], o["revenue"], o["util"]))
    _links_and_sales(b, f, o)
    keep = ["firm_id", "name", "region_id", "ownership", "employees", "revenue", "value_added", "rnd_spend",
            "patents", "own_brands", "above_scale", "listed", "is_lead", "oem_share", "odm_share",
            "obm_share", "high_tech", "firm_type", "main_segment"]
    firms = pd.concat([f[keep], o[keep]], ignore_index=True)
    firms["main_chain"] = CHAIN
    b.add_frame("firms", firms)
    local_ids = f["firm_id"].to_numpy()
    outside = o.set_index("firm_type")["firm_id"]
    b.add_frame("knowledge_links", knowledge_links(
        b.rng, local_ids=local_ids, local_segments=f["main_segment"].to_numpy(),
        local_size=f["revenue"].to_numpy(),
        gatekeepers={
            ids["research"]: [ids["enclave_sh"], ids["sh_lab"], ids["hz_uni"], *outside["cro"].iloc[:2],
                              *outside["foreign_buyer"].iloc[:2]],
            ids["design"]: [ids["enclave_hz"], ids["hz_uni"], *outside["high_end_api"].iloc[:2],
                            *outside["domestic_buyer"].iloc[:2]],
        },
        association=ids["association"], lead_ids=f.loc[f["listed"], "firm_id"].to_numpy(),
        lead_partners=outside["foreign_buyer"].to_numpy(), year=YEAR, n_buzz=90))
    for role, holder, title in [
        ("general_chief", ids["city"], "Mayor of Taizhou, general chain chief"),
        ("chief", ids["county"], "Secretary of the Xianju county party committee, chain chief"),
        ("deputy_chief", ids["edz"], "Director of the Xianju EDZ management committee"),
        ("mentor", ids["association"], "Director of the pharmaceutical industry association"),
        ("expert", ids["experts"], "Expert advisory committee"),
        ("expert", ids["enclave_sh"], "Head of the Shanghai innovation enclave"),
        *[("owner", fid, "Chain owner (listed leading firm)") for fid in f.loc[f["listed"], "firm_id"]],
    ]:
        b.add("roles", chain_id=CHAIN, region_id=FOCAL, role=role, holder_id=holder, title=title,
              since="2020-06-01")
    _indicators(b, f)
    desc = descriptor(name=NAME, title="Xianju steroid pharmaceutical cluster (synthetic, calibrated)",
                      description=DESCRIPTION, focal=FOCAL, chains=[CHAIN], reference_year=YEAR,
                      sources=SOURCES, seed=seed)
    return desc, b.finish()
