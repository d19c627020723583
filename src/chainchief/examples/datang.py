"""``datang-hosiery``: the export-oriented sock cluster of Datang town, Zhuji.

Calibrated to the Datang study (Xu 2017) and concepts.md section 11: 3,202 family
workshops (after the 2014 cut from about 6,500), 80 % of which subcontract for the
local large and medium firms; 13 large and medium firms with the study's mix of OEM,
ODM and OBM (5 reached ODM, 8 sell at home under own brands); exports to domestic
sales 7:3; yearly indicators 2006-2016 for Datang and China with the 2008-2009 dip,
export growth of 26.9 % a year 2009-2011 and the 2014 workshop closures; Vietnamese
and other Southeast-Asian competitors in the outside pool. Datang is a town of Zhuji;
GB/T 2260 stops at county level, so the focal local unit carries Zhuji's code 330681.
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

NAME = "datang-hosiery"
DESCRIPTION = (
    "Sock cluster of Datang town, Zhuji (Zhejiang): 3,202 family workshops subcontracting for "
    "13 large and medium firms, exports:domestic 7:3, indicators 2006-2016."
)
DEFAULT_SEED = 20150
FOCAL = cn("330681")
CHAIN = "hosiery"
YEAR = 2015
YEARS = tuple(range(2006, 2017))
N_WORKSHOPS = 3_202
SUBCONTRACT_SHARE = 0.8
EXPORT_SHARE = 0.7

_SEGMENTS = [
    ("yarn", "Raw materials (yarn)", "原料(纱线)", "upstream", "materials", 0.10),
    ("machinery", "Hosiery machinery", "织袜机械", "upstream", "components", 0.07),
    ("design", "Sock design", "袜品设计", "upstream", "rnd_design", 0.12),
    ("knitting", "Knitting", "织袜", "midstream", "manufacturing", 0.18),
    ("sewing", "Toe sewing", "缝头", "midstream", "manufacturing", 0.05),
    ("dyeing", "Dyeing", "染色", "midstream", "manufacturing", 0.07),
    ("shaping", "Shaping (setting)", "定型", "midstream", "manufacturing", 0.05),
    ("packaging", "Packaging", "包装", "midstream", "components", 0.04),
    ("sales", "Sales, brands and trade", "销售、品牌与贸易", "downstream", "brand_marketing", 0.32),
]
_EDGES = [
    ("yarn", "knitting"), ("machinery", "knitting"), ("design", "knitting"), ("knitting", "sewing"),
    ("sewing", "dyeing"), ("dyeing", "shaping"), ("shaping", "packaging"), ("packaging", "sales"),
]
_C = CHAIN
# The 13 large and medium firms (Xu 2017): 4 combine OEM, ODM and OBM; 1 left OEM for ODM
# and OBM; 3 combine OEM and OBM; 5 are OEM only. ODM: 5 firms; own brands: 8 firms.
_LARGE_MODES = (
    [((0.45, 0.55), (0.15, 0.25), (0.2, 0.3))] * 4
    + [((0.0, 0.0), (0.4, 0.5), (0.45, 0.55))]
    + [((0.6, 0.75), (0.0, 0.0), (0.2, 0.35))] * 3
    + [((0.92, 1.0), (0.0, 0.0), (0.0, 0.0))] * 5
)
_SME_COUNTS = {"yarn": 40, "machinery": 25, "knitting": 150, "sewing": 40, "dyeing": 35, "shaping": 30,
               "packaging": 40, "sales": 60}
_SME_SUFFIX = {"yarn": "Yarn Co.", "machinery": "Hosiery Machinery Co.", "knitting": "Hosiery Co.",
               "sewing": "Hosiery Sewing Co.", "dyeing": "Dyeing Co.", "shaping": "Hosiery Setting Co.",
               "packaging": "Packaging Co.", "sales": "Hosiery Trading Co."}
_OUT_IDX = {2006: 0.55, 2007: 0.63, 2008: 0.66, 2009: 0.6, 2010: 0.7, 2011: 0.8, 2012: 0.85, 2013: 0.9,
            2014: 0.93, 2015: 1.0, 2016: 1.03}
_NAT_OUT_IDX = {2006: 0.6, 2007: 0.68, 2008: 0.72, 2009: 0.69, 2010: 0.76, 2011: 0.84, 2012: 0.88,
                2013: 0.92, 2014: 0.96, 2015: 1.0, 2016: 1.02}
_EMP_IDX = {2006: 0.95, 2007: 1.0, 2008: 1.02, 2009: 0.93, 2010: 0.97, 2011: 1.02, 2012: 1.04, 2013: 1.05,
            2014: 0.98, 2015: 1.0, 2016: 0.99}
_NAT_EMP_IDX = {2006: 0.97, 2007: 1.0, 2008: 1.02, 2009: 0.98, 2010: 1.0, 2011: 1.02, 2012: 1.03,
                2013: 1.03, 2014: 1.02, 2015: 1.0, 2016: 0.98}
_WORKSHOPS = {2006: 7800, 2007: 8100, 2008: 7900, 2009: 7200, 2010: 7000, 2011: 6900, 2012: 6700,
              2013: 6500, 2014: N_WORKSHOPS, 2015: N_WORKSHOPS, 2016: 3185}
# yearly export growth, applied backwards from the 2014 value of the sales table
_EXPORT_GROWTH = {2007: 0.18, 2008: 0.15, 2009: -0.07, 2010: 0.269, 2011: 0.269, 2012: 0.06, 2013: 0.05,
                  2014: 0.03}
_NAT_EXPORT_IDX = {2006: 0.62, 2007: 0.72, 2008: 0.8, 2009: 0.72, 2010: 0.83, 2011: 0.95, 2012: 0.97,
                   2013: 0.99, 2014: 1.0, 2015: 1.0, 2016: 0.97}
_NAT_MIX = {"yarn": 0.14, "machinery": 0.06, "design": 0.05, "knitting": 0.25, "sewing": 0.06, "dyeing": 0.08,
            "shaping": 0.05, "packaging": 0.05, "sales": 0.26}
_BUYER_COUNTRIES = ("USA", "USA", "USA", "USA", "DEU", "FRA", "ITA", "GBR", "JPN", "JPN", "KOR", "RUS", "BRA",
                    "ARE", "AUS")

SOURCES: list[dict[str, str]] = [
    {
        "title": "Export-oriented cluster-based production cities in China after the 2008 financial "
        "crisis: adaptation and adaptability - evidence from Datang town, Zhuji (master thesis, "
        "Utrecht University)",
        "author": "Xu, Bingqing",
        "year": "2017",
        "used_for": "family workshops cut from about 6,500 to 3,202 in 2014; 80 % of workshops "
        "subcontract for local large and medium firms; exports to domestic sales about 7:3; exports "
        "grew 26.9 % a year after the crisis to 2011; 13 large and medium firms of which 5 reached "
        "ODM, 8 sell at home under own brands, 4 combine OEM, ODM and OBM and 1 left OEM; about 90 % "
        "SMEs; 70 % of Datang's industrial output and about 35 % of the world market (2015); monthly "
        "wages 1,000-1,800 yuan in Vietnam vs 5,000 yuan in Datang; Southeast-Asian competition as a "
        "slow-burn shock; a design centre and a research institute in the town; chain segments",
    },
    {
        "title": "Low-end locking dilemma and breakthrough of Zhejiang industrial clusters in global "
        "value chain (Journal of Applied Sciences)",
        "author": "Hu, Dali",
        "year": "2013",
        "used_for": "Zhejiang sock export unit value of 0.21 US$ per pair (2009)",
    },
    {
        "title": "Invented but plausible values (synthetic data)",
        "author": "chainchief example generator",
        "year": "2026",
        "used_for": "all firm and organisation names; the 420 other SMEs; every firm's figures; "
        "segment value-added shares; workshop counts for 2006-2013 and 2016; the output, employment "
        "and export series other than the 26.9 % growth and the 7:3 ratio (shapes of the 2008-2009 "
        "dip and of the national reference); buyers and competitors and their countries; supply "
        "links, sales by market 2014-2016 (slow drift of OEM orders away); knowledge links; "
        "capacities; ICCM role holders (Datang is not one of the study's ICCM pilots); world export "
        "unit value",
    },
]


def _local(b: Builder) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 13 large and medium firms plus other SMEs, and the family workshops."""
    rng = b.rng
    n_l = len(_LARGE_MODES)
    large = pd.DataFrame({"firm_type": "large_medium", "main_segment": "knitting",
                          "revenue": np.round(np.sort(rng.uniform(0.3e9, 1.8e9, n_l))[::-1], -3),
                          "employees": rng.integers(400, 2000, n_l)})
    oem = np.array([rng.uniform(*m[0]) for m in _LARGE_MODES])
    odm = np.array([rng.uniform(*m[1]) for m in _LARGE_MODES])
    obm = np.array([rng.uniform(*m[2]) for m in _LARGE_MODES])
    tot = np.maximum(oem + odm + obm, 1.0)
    large["oem_share"], large["odm_share"] = np.round(oem / tot, 4), np.round(odm / tot, 4)
    large["obm_share"] = np.floor(obm / tot * 1e4) / 1e4
    large["own_brands"] = np.where(large["obm_share"] > 0, rng.integers(1, 4, n_l), 0)
    large["mix"] = [[(_C, "design", 0.1 if d > 0 else 0.03), (_C, "knitting", 0.4), (_C, "sewing", 0.07),
                     (_C, "dyeing", 0.1), (_C, "shaping", 0.08), (_C, "packaging", 0.05),
                     (_C, "sales", 0.17 if d > 0 else 0.24)] for d in odm]
    sme_rows = []
    for seg, n in _SME_COUNTS.items():
        for r in bounded_lognormal(rng, n, 18e6, 0.9, 2e6, 250e6):
            sme_rows.append(dict(firm_type="sme", main_segment=seg, revenue=round(r, -3), mix=[(_C, seg, 1.0)]))
    sme = pd.DataFrame(sme_rows)
    ns = len(sme)
    sme["employees"] = np.maximum(8, np.round(sme["revenue"] / rng.uniform(0.3e6, 0.5e6, ns))).astype(int)
    so, sd, sb = mode_shares(rng, ns, (0.8, 1.0), (0.0, 0.1), (0.0, 0.1))
    sme["oem_share"], sme["odm_share"], sme["obm_share"] = so, sd, sb
    sme["own_brands"] = (sme["obm_share"] > 0.05).astype(int)
    # the two leading machinery firms are medium-sized exporters of machines
    mach = sme.index[sme["main_segment"] == "machinery"][:2]
    sme.loc[mach, "revenue"] = [320e6, 260e6]
    f = pd.concat([large, sme], ignore_index=True)
    n = len(f)
    f["ownership"] = "private"
    f["value_added"] = np.round(f["revenue"] * rng.uniform(0.15, 0.3, n), -3)
    rnd = np.where(f["firm_type"] == "large_medium", rng.uniform(0.015, 0.035, n), rng.uniform(0.0, 0.008, n))
    f["rnd_spend"] = np.round(f["revenue"] * rnd, -3)
    f["patents"] = rng.poisson(f["rnd_spend"] / 0.4e6)
    f["above_scale"] = f["revenue"] >= 20e6
    f["listed"] = False
    f["is_lead"] = f["firm_type"] == "large_medium"
    f["name"] = [b.names.chinese(_SME_SUFFIX[s] if t == "sme" else "Knitting Group Co.", "Zhejiang")
                 for s, t in zip(f["main_segment"], f["firm_type"], strict=True)]
    f["firm_id"] = b.firm_ids(n)
    # family workshops, vectorised
    nw = N_WORKSHOPS
    w = pd.DataFrame({"firm_type": "family_workshop",
                      "revenue": np.round(bounded_lognormal(rng, nw, 0.9e6, 0.5, 0.2e6, 4e6), -3)})
    w["employees"] = np.clip(np.round(w["revenue"] / rng.uniform(0.09e6, 0.14e6, nw)), 2, 30).astype(int)
    sewing = rng.random(nw) < 0.15
    w["main_segment"] = np.where(sewing, "sewing", "knitting")
    w["ownership"] = "private"
    w["value_added"] = np.round(w["revenue"] * rng.uniform(0.12, 0.2, nw), -3)
    w["rnd_spend"] = 0.0
    w["patents"] = 0
    w["own_brands"] = 0
    w["above_scale"] = False
    w["listed"] = False
    w["is_lead"] = False
    w["oem_share"], w["odm_share"], w["obm_share"] = 1.0, 0.0, 0.0
    w["name"] = [b.names.workshop("Sock Workshop") for _ in range(nw)]
    w["firm_id"] = b.firm_ids(nw)
    return f, w


def _outside(b: Builder) -> pd.DataFrame:
    rng = b.rng
    rows: list[dict[str, Any]] = []

    def add(kind: str, region: str, name: str, mix: list[tuple[str, str, float]], rev: float,
            util: tuple[float, float], own: str, modes: tuple[float, float, float], lead: bool = False,
            wage: float | None = None) -> None:
        rows.append(dict(firm_type=kind, region_id=region, name=name, mix=mix, revenue=round(rev, -3),
                         util=rng.uniform(*util), ownership=own, modes=modes, is_lead=lead, monthly_wage=wage))

    for iso in _BUYER_COUNTRIES:
        add("foreign_buyer", iso, b.names.foreign(iso, "Legwear"), [(_C, "sales", 0.9), (_C, "design", 0.1)],
            rng.uniform(2e9, 40e9), (0.85, 0.95), "foreign", (0.0, 0.05, 0.95), True)
    for code in ("310115", "330108", "440307"):
        add("domestic_buyer", cn(code), b.names.chinese("Apparel Retail Co."), [(_C, "sales", 1.0)],
            rng.uniform(3e9, 20e9), (0.85, 0.95), "private", (0.0, 0.0, 0.9), True)
    for i in range(4):
        add("competitor", "VNM", b.names.vietnamese("Hosiery"), [(_C, "knitting", 0.7), (_C, "sales", 0.3)],
            rng.uniform(0.2e9, 1.2e9), (0.7, 0.85), "foreign", (0.95, 0.05, 0.0), False,
            1000.0 + 200.0 * i)
    for iso in ("THA", "IDN", "TUR"):
        add("competitor", iso, b.names.foreign(iso, "Socks"), [(_C, "knitting", 0.7), (_C, "sales", 0.3)],
            rng.uniform(0.2e9, 1.0e9), (0.75, 0.9), "foreign", (0.85, 0.1, 0.05), False)
    for _ in range(2):
        add("competitor", cn("330782"), b.names.chinese("Socks Co.", "Yiwu"), [(_C, "knitting", 0.6),
            (_C, "sales", 0.4)], rng.uniform(0.3e9, 1.5e9), (0.8, 0.9), "private", (0.7, 0.1, 0.2))
    for code in ("320500", "320500", "350206", "330200"):
        add("supplier", cn(code), b.names.chinese("Synthetic Fibre Co."), [(_C, "yarn", 1.0)],
            rng.uniform(1e9, 8e9), (0.8, 0.9), "private", (0.5, 0.2, 0.3))
    add("supplier", "KOR", b.names.foreign("KOR", "Spandex"), [(_C, "yarn", 1.0)], 6e9, (0.85, 0.9), "foreign",
        (0.3, 0.3, 0.4))
    add("supplier", "ITA", b.names.western("ITA", "Macchine Tessili"), [(_C, "machinery", 1.0)], 2.5e9,
        (0.8, 0.9), "foreign", (0.0, 0.3, 0.7))
    o = pd.DataFrame(rows)
    n = len(o)
    o["firm_id"] = b.firm_ids(n)
    o["employees"] = np.maximum(50, np.round(o["revenue"] / rng.uniform(0.3e6, 1.5e6, n))).astype(int)
    o["value_added"] = np.round(o["revenue"] * rng.uniform(0.2, 0.4, n), -3)
    o["rnd_spend"] = np.round(o["revenue"] * rng.uniform(0.005, 0.03, n), -3)
    o["patents"] = rng.poisson(o["rnd_spend"] / 1e6)
    o["oem_share"] = [m[0] for m in o["modes"]]
    o["odm_share"] = [m[1] for m in o["modes"]]
    o["obm_share"] = [m[2] for m in o["modes"]]
    o["own_brands"] = [int(rng.integers(2, 10)) if m[2] > 0.5 else 0 for m in o["modes"]]
    o["above_scale"] = True
    o["listed"] = o["is_lead"] & (rng.random(n) < 0.6)
    o["main_segment"] = [m[0][1] for m in o["mix"]]
    return o


def _links(b: Builder, f: pd.DataFrame, w: pd.DataFrame, o: pd.DataFrame) -> None:
    rng = b.rng
    out: list[pd.DataFrame] = []
    large = f.loc[f["firm_type"] == "large_medium", "firm_id"].to_numpy()
    large_rev = f.loc[f["firm_type"] == "large_medium", "revenue"].to_numpy()
    # 80 % of the workshops subcontract for one large or medium firm (hub and spoke)
    nw = len(w)
    n_sub = round(SUBCONTRACT_SHARE * nw)
    order = rng.permutation(nw)
    sub, other = order[:n_sub], order[n_sub:]
    hub = rng.choice(large, n_sub, p=large_rev / large_rev.sum())
    out.append(link_frame(rng, w["firm_id"].to_numpy()[sub], hub, w["revenue"].to_numpy()[sub] * 0.95,
                          chain=CHAIN, segment=w["main_segment"].to_numpy()[sub], year=YEAR, complexity=0.6,
                          codifiability=0.78, evidence_table=EVIDENCE_LOCAL, flow="subcontracting"))
    smes = f.loc[(f["firm_type"] == "sme") & f["main_segment"].isin(["knitting", "sales"]), "firm_id"].to_numpy()
    out.append(link_frame(rng, w["firm_id"].to_numpy()[other], rng.choice(smes, len(other)),
                          w["revenue"].to_numpy()[other] * 0.9, chain=CHAIN,
                          segment=w["main_segment"].to_numpy()[other], year=YEAR, complexity=0.35,
                          codifiability=0.85, evidence_table=EVIDENCE_LOCAL, flow="local"))
    rev = pd.concat([f, o]).set_index("firm_id")["revenue"]

    def local(seg: str, buyer_ids: np.ndarray, kmin: int, kmax: int, frac: float, cx: float, cd: float,
              sellers: np.ndarray | None = None, flow: str = "local", ev: Any = EVIDENCE_LOCAL) -> None:
        if sellers is None:
            sellers = f.loc[(f["main_segment"] == seg) & (f["firm_type"] == "sme"), "firm_id"].to_numpy()
        s, bu, v = choose_buyers(rng, sellers, buyer_ids, rev.reindex(buyer_ids).fillna(1e6).to_numpy() ** 0.5,
                                 kmin, kmax, rev[sellers].to_numpy() * frac)
        out.append(link_frame(rng, s, bu, v, chain=CHAIN, segment=seg, year=YEAR, complexity=cx,
                              codifiability=cd, evidence_table=ev, flow=flow))

    knit = f.loc[f["main_segment"] == "knitting", "firm_id"].to_numpy()
    trade = f.loc[f["main_segment"] == "sales", "firm_id"].to_numpy()
    makers = np.concatenate([large, knit[len(large):]])
    local("yarn", makers, 3, 8, 0.95, 0.2, 0.9)
    local("machinery", np.concatenate([makers, rng.choice(w["firm_id"].to_numpy(), 300, replace=False)]),
          3, 10, 0.6, 0.45, 0.7)
    for seg in ("sewing", "dyeing", "shaping", "packaging"):
        local(seg, np.concatenate([large, knit[len(large):], trade]), 2, 5, 0.95, 0.3, 0.85)
    knit_sme = f.loc[(f["main_segment"] == "knitting") & (f["firm_type"] == "sme"), "firm_id"].to_numpy()
    local("knitting", np.concatenate([trade, large]), 1, 3, 0.4, 0.5, 0.75, sellers=knit_sme)
    yarn_out = o.loc[(o["firm_type"] == "supplier") & (o["main_segment"] == "yarn"), "firm_id"].to_numpy()
    yarn_local = f.loc[f["main_segment"] == "yarn", "firm_id"].to_numpy()
    local("yarn", np.concatenate([yarn_local, large]), 4, 8, 0.02, 0.2, 0.9, sellers=yarn_out, flow="sourcing",
          ev=EVIDENCE_CROSS_BORDER)
    ita = o.loc[o["main_segment"] == "machinery", "firm_id"].to_numpy()
    local("machinery", large, 5, 8, 0.01, 0.6, 0.6, sellers=ita, flow="sourcing", ev=EVIDENCE_CROSS_BORDER)
    b.add_frame("supply_links", pd.concat(out, ignore_index=True))


def _sales(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> pd.Series:
    """Sales 2014-2016 by market and buyer, with exports:domestic exactly 7:3 in 2015."""
    rng = b.rng
    sellers = f[(f["firm_type"] == "large_medium") | f["main_segment"].isin(["sales", "machinery"])
                | ((f["main_segment"] == "knitting") & (f["revenue"] > 30e6))].copy()
    frac = np.where(sellers["main_segment"] == "knitting",
                    np.where(sellers["firm_type"] == "large_medium", 0.95, 0.5), 0.9)
    sellers["ext"] = sellers["revenue"] * frac
    n = len(sellers)
    obm = sellers["obm_share"].to_numpy()
    x = np.clip(rng.uniform(0.6, 0.95, n) - obm, 0.05, 0.98)
    mach = (sellers["main_segment"] == "machinery").to_numpy()
    x[mach] = rng.uniform(0.2, 0.5, mach.sum())
    v = sellers["ext"].to_numpy()
    lo, hi = -1.0, 1.0
    for _ in range(80):
        d = (lo + hi) / 2
        if (v * np.clip(x + d, 0.0, 0.98)).sum() / v.sum() < EXPORT_SHARE:
            lo = d
        else:
            hi = d
    x = np.clip(x + (lo + hi) / 2, 0.0, 0.98)
    buyers = o[o["firm_type"] == "foreign_buyer"]
    comp = o[(o["firm_type"] == "competitor") & (o["region_id"] != cn("330782"))]
    dom = o[o["firm_type"] == "domestic_buyer"]
    rows: list[dict[str, Any]] = []
    for i, (fid, ext, seg, ftype, ob) in enumerate(zip(sellers["firm_id"], v, sellers["main_segment"],
                                                       sellers["firm_type"], obm, strict=True)):
        fv, dv = ext * x[i], ext * (1 - x[i])
        k = 3 if ftype == "large_medium" else 1
        pool = comp if seg == "machinery" else buyers
        wts = np.arange(len(pool), 0, -1, dtype=float)
        pick = rng.choice(len(pool), min(k, len(pool)), replace=False, p=wts / wts.sum())
        drift = rng.uniform(0.93, 0.98) if ob < 0.05 else rng.uniform(1.0, 1.04)
        for j, sh in zip(pick, rng.dirichlet(np.ones(len(pick)) * 2), strict=True):
            rows.append(dict(firm_id=fid, market_region_id=pool["region_id"].iat[j], buyer_id=pool["firm_id"].iat[j],
                             channel="oem_buyer" if seg != "machinery" else "direct", v=fv * sh, foreign=True,
                             g=drift))
        if dv > 0:
            brand = ob > 0.05
            if brand:
                rows.append(dict(firm_id=fid, market_region_id="CHN", buyer_id=None, channel="own_brand",
                                 v=dv * 0.6, foreign=False, g=rng.uniform(1.08, 1.15)))
                rows.append(dict(firm_id=fid, market_region_id="CHN", buyer_id=None, channel="e-commerce",
                                 v=dv * 0.4, foreign=False, g=rng.uniform(1.15, 1.3)))
            else:
                j = int(rng.integers(len(dom)))
                rows.append(dict(firm_id=fid, market_region_id=dom["region_id"].iat[j], buyer_id=dom["firm_id"].iat[j],
                                 channel="wholesale", v=dv, foreign=False, g=rng.uniform(1.0, 1.06)))
    s = pd.DataFrame(rows)
    parts = []
    for y in (2014, 2015, 2016):
        p = s.assign(year=y, value=s["v"] * s["g"] ** (y - YEAR))
        parts.append(p)
    sales = pd.concat(parts, ignore_index=True)
    sales["value"] = np.round(sales["value"], 2)
    b.add_frame("sales", sales[["firm_id", "market_region_id", "value", "year", "channel", "buyer_id"]])
    return sales[sales["foreign"]].groupby("year")["value"].sum()


def _indicators(b: Builder, firms: pd.DataFrame, exports: pd.Series) -> None:
    focal = firms[firms["region_id"] == FOCAL]
    fs = b.table("firm_segments")
    fs = fs[fs["firm_id"].isin(set(focal["firm_id"]))]
    out_seg = (fs["firm_id"].map(focal.set_index("firm_id")["revenue"]) * fs["share"]).groupby(fs["segment_id"]).sum()
    total = float(out_seg.sum())
    n_emp = int(focal["employees"].sum())
    nat_total = total / 0.3
    exp = {y: float(exports[y]) for y in (2014, 2015, 2016)}
    for y in range(2013, 2005, -1):
        exp[y] = exp[y + 1] / (1 + _EXPORT_GROWTH[y + 1])
    rows: list[dict[str, Any]] = []
    for y in YEARS:
        split = exact_split(round(total * _OUT_IDX[y]), out_seg.to_numpy())
        for seg, v in zip(out_seg.index, split, strict=True):
            rows.append(dict(region_id=FOCAL, chain_id=CHAIN, industry_code=seg, indicator="output", year=y,
                             value=float(v), unit="CNY"))
        for seg, sh in _NAT_MIX.items():
            rows.append(dict(region_id="CHN", chain_id=CHAIN, industry_code=seg, indicator="output", year=y,
                             value=round(nat_total * sh * _NAT_OUT_IDX[y], -3), unit="CNY"))
        rows += [
            dict(region_id=FOCAL, chain_id=CHAIN, indicator="employment", year=y,
                 value=float(round(n_emp * _EMP_IDX[y])), unit="persons"),
            dict(region_id="CHN", chain_id=CHAIN, indicator="employment", year=y,
                 value=float(round(620_000 * _NAT_EMP_IDX[y])), unit="persons"),
            dict(region_id=FOCAL, chain_id=CHAIN, indicator="exports", year=y, value=round(exp[y], 2), unit="CNY"),
            dict(region_id="CHN", chain_id=CHAIN, indicator="exports", year=y,
                 value=round(exp[2015] / 0.55 * _NAT_EXPORT_IDX[y], -3), unit="CNY"),
            dict(region_id=FOCAL, chain_id=CHAIN, indicator="workshops", year=y, value=float(_WORKSHOPS[y]),
                 unit="workshops"),
        ]
    rows += [
        dict(region_id=FOCAL, chain_id=CHAIN, indicator="world_market_share", year=2015, value=0.35, unit="share"),
        dict(region_id=FOCAL, chain_id=CHAIN, indicator="share_of_town_industrial_output", year=2015, value=0.7,
             unit="share"),
        dict(region_id=FOCAL, chain_id=CHAIN, indicator="monthly_wage", year=2015, value=5000.0, unit="CNY"),
        dict(region_id="VNM", chain_id=CHAIN, indicator="monthly_wage", year=2015, value=1400.0, unit="CNY"),
        dict(region_id=cn("330000"), chain_id=CHAIN, industry_code="sales", indicator="export_unit_value",
             year=2009, value=0.21, unit="USD per pair"),
        dict(region_id="WLD", chain_id=CHAIN, industry_code="sales", indicator="export_unit_value", year=2009,
             value=0.55, unit="USD per pair"),
    ]
    b.add_frame("indicators", pd.DataFrame(rows))


def build_tables(seed: int = DEFAULT_SEED) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Build the descriptor and tables of ``datang-hosiery``."""
    b = Builder("DT", np.random.default_rng(seed))
    b.add_frame("regions", region_frame())
    for sid, name, zh, stage, fn, va in _SEGMENTS:
        b.add("segments", chain_id=CHAIN, segment_id=sid, name=name, name_zh=zh, stage=stage, function=fn,
              va_share=va)
    for a, c in _EDGES:
        b.add("segment_edges", chain_id=CHAIN, from_segment=a, to_segment=c)
    ids = {
        "city": b.institution("Shaoxing Municipal People's Government", cn("330600"), "government"),
        "county": b.institution("Zhuji Municipal People's Government", FOCAL, "government"),
        "town": b.institution("Datang Town Government", FOCAL, "government"),
        "association": b.institution("Datang Hosiery Industry Association", FOCAL, "association"),
        "design": b.institution("Datang Hosiery Design Centre", FOCAL, "design_centre"),
        "research": b.institution("Zhuji Hosiery Technology Research Institute", FOCAL, "research_institute"),
        "town_platform": b.institution("Datang Sock Characteristic Town", FOCAL, "platform"),
        "testing": b.institution("Datang Hosiery Quality Inspection Centre", FOCAL, "testing_centre"),
        "experts": b.institution("Datang Hosiery Chain Expert Committee", FOCAL, "other"),
        "sh_design": b.institution("Shanghai Textile Fashion Design Institute", cn("310115"), "design_centre"),
        "hz_uni": b.institution("Hangzhou Textile Engineering College", cn("330108"), "university"),
        "milan": b.institution("Milano Legwear Design Lab", "ITA", "design_centre"),
    }
    f, w = _local(b)
    o = _outside(b)
    f["region_id"] = FOCAL
    w["region_id"] = FOCAL
    w["mix"] = [[(_C, s, 1.0)] for s in w["main_segment"]]
    local = pd.concat([f, w], ignore_index=True)
    b.add_frame("firm_segments", segment_rows(local["firm_id"], local["mix"], local["revenue"],
                                              b.rng.uniform(0.9, 0.99, len(local))))
    b.add_frame("firm_segments", segment_rows(o["firm_id"], o["mix"], o["revenue"], o["util"]))
    _links(b, f, w, o)
    exports = _sales(b, f, o)
    keep = ["firm_id", "name", "region_id", "ownership", "employees", "revenue", "value_added", "rnd_spend",
            "patents", "own_brands", "above_scale", "listed", "is_lead", "oem_share", "odm_share", "obm_share",
            "firm_type", "main_segment"]
    o["monthly_wage"] = o["monthly_wage"].astype(float)
    firms = pd.concat([local[keep], o[[*keep, "monthly_wage"]]], ignore_index=True)
    firms["main_chain"] = CHAIN
    b.add_frame("firms", firms)
    large = f[f["firm_type"] == "large_medium"]
    b.add_frame("knowledge_links", knowledge_links(
        b.rng, local_ids=local["firm_id"].to_numpy(), local_segments=local["main_segment"].to_numpy(),
        local_size=local["revenue"].to_numpy(),
        gatekeepers={
            ids["design"]: [ids["sh_design"], ids["milan"], *o.loc[o["firm_type"] == "foreign_buyer", "firm_id"]
                            .iloc[:3]],
            ids["research"]: [ids["hz_uni"], *o.loc[o["firm_type"] == "supplier", "firm_id"].iloc[-3:]],
        },
        association=ids["association"], lead_ids=large["firm_id"].to_numpy(),
        lead_partners=o.loc[o["firm_type"] == "foreign_buyer", "firm_id"].to_numpy(), year=YEAR, n_buzz=2500,
        gatekeeper_reach=0.03, association_reach=0.1))
    for role, holder, title in [
        ("general_chief", ids["city"], "Mayor of Shaoxing, general chain chief"),
        ("chief", ids["county"], "Secretary of the Zhuji party committee, chain chief"),
        ("deputy_chief", ids["town"], "Head of Datang town"),
        ("mentor", ids["association"], "Head of the hosiery industry association"),
        ("expert", ids["experts"], "Expert advisory committee"),
        ("expert", ids["design"], "Director of the design centre"),
        *[("owner", fid, "Chain owner (leading firm)") for fid in large.nlargest(3, "revenue")["firm_id"]],
    ]:
        b.add("roles", chain_id=CHAIN, region_id=FOCAL, role=role, holder_id=holder, title=title, since="2020-06-01")
    _indicators(b, firms, exports)
    desc = descriptor(name=NAME, title="Datang hosiery cluster (synthetic, calibrated)", description=DESCRIPTION,
                      focal=FOCAL, chains=[CHAIN], reference_year=YEAR, sources=SOURCES, seed=seed)
    return desc, b.finish()
