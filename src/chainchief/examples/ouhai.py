"""``ouhai-eyewear``: the buyer-driven eyewear cluster of Ouhai district, Wenzhou.

Calibrated to the case facts of the ICCM study (concepts.md section 11): 540 eyewear
firms in the focal region (more than 500), about 60,000 employees, exactly 59
above-scale firms (revenue of at least 20 million yuan), 7 of them above 100 million
yuan, 15 foreign-owned firms (the rest private), 150 export-focused firms (at least
half of their 2019 sales abroad) and 90 % of 2019 sales value to the EU, South America
and the United States. In 2020, 25 small OEM firms lose most of their foreign buyers'
orders and recouple to domestic brand firms in Guangdong and Jiangsu.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    BLOCS,
    EVIDENCE_CROSS_BORDER,
    EVIDENCE_LOCAL,
    Builder,
    bounded_lognormal,
    cn,
    descriptor,
    evidence,
    exact_split,
    governance_pair,
    mode_shares,
    region_frame,
)

__all__ = ["DEFAULT_SEED", "DESCRIPTION", "NAME", "build_tables"]

NAME = "ouhai-eyewear"
DESCRIPTION = (
    "Buyer-driven eyewear cluster of Ouhai district, Wenzhou (Zhejiang): 540 OEM-heavy firms, "
    "90 % of sales to the EU, South America and the US, 2020 recoupling to domestic brands."
)
DEFAULT_SEED = 20190
FOCAL = cn("330304")
CHAIN = "eyewear"
RELATED = "eyewear-related"
YEAR = 2019
SALES_YEARS = (2018, 2019, 2020)
ABOVE_SCALE = 20e6  # main-business revenue threshold of "above designated size", yuan

_SEGMENTS = [
    # chain, id, name, name_zh, stage, function, va_share, attaches_to
    (CHAIN, "materials", "Raw materials and chemicals", "原材料与化工", "upstream", "materials", 0.06, None),
    (CHAIN, "parts", "Parts (screws, hinges, temples, rims, bridges, nose pads)", "配件",
     "upstream", "components", 0.08, None),
    (CHAIN, "design", "Frame and lens design", "镜架与镜片设计", "midstream", "rnd_design", 0.14, None),
    (CHAIN, "frames", "Frame production", "镜架生产", "midstream", "components", 0.12, None),
    (CHAIN, "lenses", "Lens production", "镜片生产", "midstream", "components", 0.16, None),
    (CHAIN, "assembly", "Assembly of glasses", "眼镜组装", "midstream", "manufacturing", 0.07, None),
    (CHAIN, "brand", "Brand and marketing", "品牌营销", "downstream", "brand_marketing", 0.17, None),
    (CHAIN, "distribution", "Wholesale, export and e-commerce", "批发、外贸与电商", "downstream",
     "distribution", 0.14, None),
    (CHAIN, "retail_services", "Retail and vision services (stores, hospitals, vision centres, O2O)",
     "零售与视光服务", "downstream", "services", 0.06, None),
    (RELATED, "cases_packaging", "Glasses cases and packaging", "眼镜盒与包装", "midstream",
     "components", 0.35, "assembly"),
    (RELATED, "testing_equipment", "Testing and optometry equipment", "检测与验光设备", "upstream",
     "manufacturing", 0.40, "lenses"),
    (RELATED, "smart_glasses", "Smart (AR/VR) glasses", "智能眼镜(AR/VR)", "downstream",
     "manufacturing", 0.25, "design"),
]
_EDGES = [
    (CHAIN, "materials", "parts"), (CHAIN, "materials", "frames"), (CHAIN, "materials", "lenses"),
    (CHAIN, "parts", "frames"), (CHAIN, "design", "frames"), (CHAIN, "design", "lenses"),
    (CHAIN, "frames", "assembly"), (CHAIN, "lenses", "assembly"), (CHAIN, "assembly", "brand"),
    (CHAIN, "assembly", "distribution"), (CHAIN, "brand", "distribution"),
    (CHAIN, "distribution", "retail_services"),
    (RELATED, "testing_equipment", "smart_glasses"), (RELATED, "cases_packaging", "smart_glasses"),
]

# main segment -> number of focal firms
_COUNTS = {
    "parts": 150, "frames": 150, "lenses": 40, "assembly": 95, "design": 12, "materials": 20,
    "distribution": 35, "brand": 8, "cases_packaging": 24, "testing_equipment": 6,
}
# main segment -> (firms above 100 mn, firms 20-100 mn)
_BIG = {"assembly": (5, 24), "lenses": (2, 7), "frames": (0, 12), "distribution": (0, 4),
        "brand": (0, 1), "parts": (0, 2), "cases_packaging": (0, 1), "materials": (0, 1)}
# main segment -> segment mix of a typical firm (chain, segment, share)
_MIX: dict[str, list[tuple[str, str, float]]] = {
    "parts": [(CHAIN, "parts", 1.0)],
    "frames": [(CHAIN, "frames", 0.9), (CHAIN, "parts", 0.1)],
    "lenses": [(CHAIN, "lenses", 1.0)],
    "assembly": [(CHAIN, "frames", 0.4), (CHAIN, "assembly", 0.5), (CHAIN, "distribution", 0.1)],
    "design": [(CHAIN, "design", 1.0)],
    "materials": [(CHAIN, "materials", 1.0)],
    "distribution": [(CHAIN, "distribution", 0.85), (CHAIN, "retail_services", 0.15)],
    "brand": [(CHAIN, "brand", 0.6), (CHAIN, "distribution", 0.3), (CHAIN, "design", 0.1)],
    "cases_packaging": [(RELATED, "cases_packaging", 1.0)],
    "testing_equipment": [(RELATED, "testing_equipment", 1.0)],
}
_TOP_MIX = {
    "assembly": [(CHAIN, "design", 0.05), (CHAIN, "frames", 0.3), (CHAIN, "lenses", 0.1),
                 (CHAIN, "assembly", 0.4), (CHAIN, "brand", 0.05), (CHAIN, "distribution", 0.1)],
    "lenses": [(CHAIN, "lenses", 0.8), (CHAIN, "design", 0.1), (CHAIN, "distribution", 0.1)],
}
_VA_RATIO = {"parts": 0.22, "frames": 0.25, "lenses": 0.3, "assembly": 0.2, "design": 0.5,
             "materials": 0.2, "distribution": 0.15, "brand": 0.4, "cases_packaging": 0.2,
             "testing_equipment": 0.3}
_SUFFIX = {"parts": "Eyewear Parts Co.", "frames": "Optical Frame Co.", "lenses": "Optical Lens Co.",
           "assembly": "Optical Co.", "design": "Eyewear Design Studio", "materials": "Optical Materials Co.",
           "distribution": "Eyewear Trading Co.", "brand": "Eyewear Brand Co.",
           "cases_packaging": "Glasses Case Co.", "testing_equipment": "Optical Instruments Co."}
# main segments whose firms sell finished goods (and the share of revenue they sell so)
_FINAL = {"assembly": 0.9, "lenses": 0.5, "distribution": 1.0, "brand": 1.0, "frames": 0.5}
N_FRAME_EXPORTERS = 30
N_EXPORT_FOCUSED = 150
N_SWITCHERS = 25
TARGET_SHARE = 0.90
EMPLOYEES = 60_480

_BUYER_COUNTRIES = ["ITA", "ITA", "ITA", "ITA", "DEU", "DEU", "FRA", "FRA", "ESP", "NLD",
                    "USA", "USA", "USA", "USA", "USA", "BRA", "BRA", "ARG", "CHL", "COL"]
_OTHER_MARKETS = ["JPN", "GBR", "ARE", "IND", "RUS", "KOR", "AUS", "TUR"]
_TARGET_BLOC = {"EU": 0.44, "SAM": 0.22, "USA": 0.34}


def _bloc_of(iso: str) -> str:
    if iso == "USA":
        return "USA"
    for bloc, members in BLOCS.items():
        if iso in members:
            return bloc
    return "other"


def _segments_and_regions(b: Builder) -> None:
    b.add_frame("regions", region_frame())
    for chain, sid, name, zh, stage, fn, va, att in _SEGMENTS:
        row: dict[str, Any] = dict(chain_id=chain, segment_id=sid, name=name, name_zh=zh,
                                   stage=stage, function=fn, va_share=va)
        row["attaches_to"] = f"{CHAIN}:{att}" if att else None
        b.add("segments", **row)
    for chain, a, c in _EDGES:
        b.add("segment_edges", chain_id=chain, from_segment=a, to_segment=c)


def _local_firms(b: Builder) -> pd.DataFrame:
    """The 540 focal firms with their size, ownership and modes."""
    rng = b.rng
    main: list[str] = []
    size: list[str] = []
    for seg, n in _COUNTS.items():
        top, mid = _BIG.get(seg, (0, 0))
        main += [seg] * n
        size += ["top"] * top + ["mid"] * mid + ["small"] * (n - top - mid)
    n = len(main)
    f = pd.DataFrame({"main_segment": main, "size_class": size})
    rev = np.empty(n)
    top = (f["size_class"] == "top").to_numpy()
    mid = (f["size_class"] == "mid").to_numpy()
    small = ~(top | mid)
    rev[top] = np.sort(rng.uniform(120e6, 650e6, top.sum()))[::-1]
    rev[mid] = rng.uniform(21e6, 95e6, mid.sum())
    rev[small] = bounded_lognormal(rng, int(small.sum()), 4e6, 0.8, 0.4e6, 18e6)
    f["revenue"] = np.round(rev, -3)
    prod = rng.uniform(85e3, 125e3, n)
    emp = np.maximum(3, np.round(f["revenue"].to_numpy() / prod * EMPLOYEES / (f["revenue"] / prod).sum()))
    emp[int(np.argmax(rev))] += EMPLOYEES - emp.sum()
    f["employees"] = emp.astype(int)
    f["value_added"] = np.round(f["revenue"] * f["main_segment"].map(_VA_RATIO) * rng.uniform(0.85, 1.15, n), -3)
    rnd_int = np.where(top, rng.uniform(0.02, 0.04, n), np.where(mid, rng.uniform(0.01, 0.025, n),
                                                                  rng.uniform(0.0, 0.01, n)))
    rnd_int = np.where(f["main_segment"] == "design", rng.uniform(0.08, 0.15, n), rnd_int)
    f["rnd_spend"] = np.round(f["revenue"] * rnd_int, -3)
    f["patents"] = rng.poisson(f["rnd_spend"] / 0.6e6)
    oem, odm, obm = mode_shares(rng, n, (0.85, 1.0), (0.0, 0.1), (0.0, 0.04))
    t_oem, t_odm, t_obm = mode_shares(rng, n, (0.55, 0.7), (0.15, 0.25), (0.08, 0.15))
    b_oem, b_odm, b_obm = mode_shares(rng, n, (0.0, 0.2), (0.05, 0.15), (0.65, 0.85))
    is_brand = (f["main_segment"] == "brand").to_numpy()
    f["oem_share"] = np.where(top, t_oem, np.where(is_brand, b_oem, oem))
    f["odm_share"] = np.where(top, t_odm, np.where(is_brand, b_odm, odm))
    f["obm_share"] = np.where(top, t_obm, np.where(is_brand, b_obm, obm))
    f["own_brands"] = np.where(top, rng.integers(1, 4, n), np.where(is_brand, rng.integers(1, 3, n),
                                                                    (f["obm_share"] > 0.02).astype(int)))
    # 15 foreign-owned firms: 1 top lens firm, 2 mid firms, 12 small manufacturers
    own = np.array(["private"] * n, dtype=object)
    top_lens = np.flatnonzero(top & (f["main_segment"] == "lenses").to_numpy())
    mid_idx = np.flatnonzero(mid & f["main_segment"].isin(["assembly", "lenses"]).to_numpy())
    small_idx = np.flatnonzero(small & f["main_segment"].isin(["assembly", "frames", "parts"]).to_numpy())
    own[top_lens[:1]] = "foreign"
    own[rng.choice(mid_idx, 2, replace=False)] = "foreign"
    own[rng.choice(small_idx, 12, replace=False)] = "foreign"
    f["ownership"] = own
    f["above_scale"] = f["revenue"] >= ABOVE_SCALE
    f["listed"] = False
    f["is_lead"] = top
    f["region_id"] = FOCAL
    f["main_chain"] = np.where(f["main_segment"].isin(["cases_packaging", "testing_equipment"]), RELATED, CHAIN)
    f["firm_type"] = "local"
    f["name"] = [b.names.chinese(_SUFFIX[s], "Wenzhou") for s in f["main_segment"]]
    f["firm_id"] = b.firm_ids(n)
    return f


def _outside_firms(b: Builder, park_id: str) -> pd.DataFrame:
    """Lead buyers abroad, domestic brands, AR/VR makers and outside suppliers."""
    rng = b.rng
    rows: list[dict[str, Any]] = []

    def add(kind: str, region: str, name: str, mix: list[tuple[str, str, float]], rev: float,
            util: tuple[float, float], **kw: Any) -> None:
        rows.append(dict(firm_type=kind, region_id=region, name=name, mix=mix, revenue=round(rev, -3),
                         util=rng.uniform(*util), **kw))

    brand_mix = [(CHAIN, "brand", 0.5), (CHAIN, "distribution", 0.3), (CHAIN, "retail_services", 0.2)]
    for iso in _BUYER_COUNTRIES:
        add("foreign_buyer", iso, b.names.foreign(iso, "Eyewear"), brand_mix, rng.uniform(0.6e9, 9e9),
            (0.85, 0.95), ownership="foreign", is_lead=True, obm=(0.0, 0.05, 0.92), listed=bool(rng.random() < 0.4))
    for iso in ("GBR", "JPN", "ARE"):
        add("foreign_buyer", iso, b.names.foreign(iso, "Optics"), brand_mix, rng.uniform(0.3e9, 2e9),
            (0.85, 0.95), ownership="foreign", is_lead=False, obm=(0.0, 0.05, 0.9))
    dom_brand = [(CHAIN, "brand", 0.45), (CHAIN, "distribution", 0.3), (CHAIN, "design", 0.1),
                 (CHAIN, "retail_services", 0.15)]
    for code in ("440307", "440307", "440306", "321181", "321181", "321181", "320500"):
        add("domestic_brand", cn(code), b.names.chinese("Eyewear Brand Co."), dom_brand,
            rng.uniform(0.4e9, 3e9), (0.8, 0.9), ownership="private", is_lead=True, obm=(0.2, 0.1, 0.65))
    retail_mix = [(CHAIN, "retail_services", 0.7), (CHAIN, "distribution", 0.2), (CHAIN, "brand", 0.1)]
    for code in ("310115", "110108", "330108"):
        add("domestic_retail", cn(code), b.names.chinese("Vision Retail Co."), retail_mix,
            rng.uniform(0.5e9, 2.5e9), (0.85, 0.95), ownership="private", is_lead=True, obm=(0.0, 0.0, 0.8))
    arvr_mix = [(CHAIN, "design", 0.4), (CHAIN, "brand", 0.2), (RELATED, "smart_glasses", 0.4)]
    for region in (cn("440307"), cn("440306"), cn("330108"), cn("110108"), "USA", "KOR"):
        name = b.names.chinese("Smart Glasses Technology Co.") if region.startswith("CN") else \
            b.names.foreign(region, "XR Glasses")
        add("arvr_maker", region, name, arvr_mix, rng.uniform(0.3e9, 4e9), (0.75, 0.9),
            ownership="private" if region.startswith("CN") else "foreign", is_lead=False,
            obm=(0.1, 0.2, 0.6), rnd=(0.08, 0.15))
    add("japan_supplier", "JPN", b.names.japanese("Opto-Materials"),
        [(CHAIN, "frames", 0.5), (CHAIN, "lenses", 0.5)], 2.4e9, (0.88, 0.92), ownership="foreign",
        is_lead=False, obm=(0.2, 0.6, 0.2), rnd=(0.05, 0.07))
    for i in range(6):
        mix = [(CHAIN, "frames", 1.0)] if i % 2 == 0 else [(CHAIN, "lenses", 1.0)]
        add("park_supplier", cn("441900"), b.names.chinese("Precision Optical Co.", "Dongguan"), mix,
            rng.uniform(0.15e9, 0.6e9), (0.45, 0.6), ownership="private", is_lead=False,
            obm=(0.4, 0.45, 0.1), rnd=(0.03, 0.05), park_id=park_id)
    for _ in range(5):
        add("supplier", cn("321181"), b.names.chinese("Optical Lens Co.", "Danyang"),
            [(CHAIN, "lenses", 1.0)], rng.uniform(0.1e9, 0.8e9), (0.85, 0.92), ownership="private")
    for code in ("440307", "350206", "350206", "440306"):
        add("supplier", cn(code), b.names.chinese("Eyewear Hardware Co."),
            [(CHAIN, "parts", 0.7), (CHAIN, "frames", 0.3)], rng.uniform(0.05e9, 0.3e9), (0.8, 0.9),
            ownership="private")
    for code in ("320500", "370112", "320583"):
        add("supplier", cn(code), b.names.chinese("New Materials Co."), [(CHAIN, "materials", 1.0)],
            rng.uniform(0.2e9, 1.5e9), (0.8, 0.92), ownership="private")
    add("supplier", "ITA", b.names.western("ITA", "Acetati"), [(CHAIN, "materials", 1.0)], 1.1e9,
        (0.85, 0.9), ownership="foreign")
    for code in ("330302", "330302"):
        add("supplier", cn(code), b.names.chinese("Packaging Co.", "Wenzhou"),
            [(RELATED, "cases_packaging", 1.0)], rng.uniform(0.02e9, 0.08e9), (0.8, 0.9), ownership="private")
    for region in (cn("310115"), "DEU"):
        name = b.names.chinese("Optometry Instrument Co.") if region.startswith("CN") else \
            b.names.western("DEU", "Optometrie")
        add("supplier", region, name, [(RELATED, "testing_equipment", 1.0)], rng.uniform(0.2e9, 1e9),
            (0.8, 0.9), ownership="private" if region.startswith("CN") else "foreign")
    for _ in range(2):
        add("competitor", cn("350206"), b.names.chinese("Sunglasses Co.", "Xiamen"),
            [(CHAIN, "frames", 0.4), (CHAIN, "assembly", 0.6)], rng.uniform(0.1e9, 0.5e9), (0.85, 0.95),
            ownership="private")
    o = pd.DataFrame(rows)
    n = len(o)
    o["firm_id"] = b.firm_ids(n)
    o["employees"] = np.maximum(20, np.round(o["revenue"] / rng.uniform(0.4e6, 1.2e6, n))).astype(int)
    o["value_added"] = np.round(o["revenue"] * rng.uniform(0.25, 0.45, n), -3)
    lo_hi = [r if isinstance(r, tuple) else (0.01, 0.03) for r in o.get("rnd", pd.Series([None] * n))]
    o["rnd_spend"] = np.round(o["revenue"] * [rng.uniform(a, c) for a, c in lo_hi], -3)
    o["patents"] = rng.poisson(o["rnd_spend"] / 0.5e6)
    modes = [m if isinstance(m, tuple) else (0.6, 0.25, 0.1) for m in o["obm"]]
    o["oem_share"] = [m[0] for m in modes]
    o["odm_share"] = [m[1] for m in modes]
    o["obm_share"] = [m[2] for m in modes]
    o["own_brands"] = [int(rng.integers(2, 8)) if m[2] > 0.5 else 0 for m in modes]
    o["above_scale"] = True
    o["listed"] = o["listed"].fillna(False).astype(bool) if "listed" in o else False
    o["is_lead"] = o["is_lead"].fillna(False).astype(bool)
    o["main_segment"] = [m[0][1] for m in o["mix"]]
    o["main_chain"] = [m[0][0] for m in o["mix"]]
    o["size_class"] = "outside"
    return o


def _firm_segments(b: Builder, f: pd.DataFrame, util: np.ndarray) -> None:
    rows = []
    for fid, main, size, rev, u, mix in zip(f["firm_id"], f["main_segment"], f["size_class"],
                                            f["revenue"], util, f["mix"], strict=True):
        use = mix if isinstance(mix, list) else (_TOP_MIX[main] if size == "top" else _MIX[main])
        for chain, seg, share in use:
            rows.append(dict(firm_id=fid, chain_id=chain, segment_id=seg, share=share,
                             capacity=round(rev * share / u, -3)))
    b.add_frame("firm_segments", pd.DataFrame(rows))


def _links(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> None:
    """Supply links of 2019: local sourcing, outside suppliers and the Japanese supplier."""
    rng = b.rng
    out: list[pd.DataFrame] = []

    def emit(sup: np.ndarray, buy: np.ndarray, val: np.ndarray, chain: str, seg: str, cx: float,
             cd: float, ev: tuple[tuple[str, str, float], ...], **extra: Any) -> None:
        n = len(sup)
        if n == 0:
            return
        c, k = governance_pair(rng, n, cx, cd)
        st, src = evidence(rng, n, ev)
        out.append(pd.DataFrame(dict(supplier_id=sup, buyer_id=buy, chain_id=chain, segment_id=seg,
                                     value=np.round(val, -2), year=YEAR, complexity=c, codifiability=k,
                                     status=st, source=src, **extra)))

    seg_of = f.set_index("firm_id")["main_segment"]
    rev = f.set_index("firm_id")["revenue"]

    def local(seller_seg: str, buyer_segs: list[str], kmin: int, kmax: int, chain: str, seg: str,
              cx: float, cd: float, frac: float) -> None:
        sellers = f.loc[f["main_segment"] == seller_seg, "firm_id"].to_numpy()
        buyers = f.loc[f["main_segment"].isin(buyer_segs), "firm_id"].to_numpy()
        w = rev[buyers].to_numpy() ** 0.7
        w = w / w.sum()
        sup, buy, val = [], [], []
        for s in sellers:
            k = int(rng.integers(kmin, kmax + 1))
            chosen = rng.choice(buyers, size=min(k, len(buyers)), replace=False, p=w)
            chosen = chosen[chosen != s]
            parts = rng.dirichlet(np.ones(len(chosen))) * rev[s] * frac
            sup += [s] * len(chosen)
            buy += list(chosen)
            val += list(parts)
        emit(np.array(sup), np.array(buy), np.array(val), chain, seg, cx, cd, EVIDENCE_LOCAL,
             flow="local")

    local("parts", ["frames", "assembly"], 2, 5, CHAIN, "parts", 0.3, 0.8, 0.95)
    local("materials", ["parts", "frames", "lenses"], 3, 6, CHAIN, "materials", 0.25, 0.85, 0.95)
    local("frames", ["assembly", "distribution"], 1, 4, CHAIN, "frames", 0.45, 0.7, 0.5)
    local("lenses", ["assembly", "distribution"], 2, 5, CHAIN, "lenses", 0.55, 0.7, 0.5)
    local("design", ["assembly", "frames", "lenses", "brand"], 2, 4, CHAIN, "design", 0.75, 0.3, 0.9)
    local("cases_packaging", ["assembly", "distribution", "brand"], 3, 6, RELATED, "cases_packaging",
          0.2, 0.9, 0.95)
    local("testing_equipment", ["lenses", "assembly"], 2, 4, RELATED, "testing_equipment", 0.6, 0.6, 0.9)

    top = f.loc[f["size_class"] == "top", "firm_id"].to_numpy()
    mid_asm = f.loc[(f["size_class"] == "mid") & (f["main_segment"] == "assembly"), "firm_id"].to_numpy()
    high_end = np.concatenate([top, mid_asm[:2]])
    jp = o.loc[o["firm_type"] == "japan_supplier", "firm_id"].iat[0]
    for seg, share in (("frames", 0.06), ("lenses", 0.08)):
        emit(np.array([jp] * len(high_end)), high_end, rev[high_end].to_numpy() * share, CHAIN, seg,
             0.78, 0.38, (("verified", "interview", 0.5), ("verified", "customs record", 0.5)),
             flow="import")
    asm = f.loc[f["main_segment"].isin(["assembly"]), "firm_id"].to_numpy()

    def outside(kind_mask: pd.Series, buyers: np.ndarray, k: int, seg: str, share: float, cx: float,
                cd: float, chain: str = CHAIN) -> None:
        sups = o.loc[kind_mask, "firm_id"].to_numpy()
        sup, buy = [], []
        for s in sups:
            chosen = rng.choice(buyers, size=min(k, len(buyers)), replace=False)
            sup += [s] * len(chosen)
            buy += list(chosen)
        buy_a = np.array(buy)
        ev = EVIDENCE_CROSS_BORDER if not str(o.loc[kind_mask, "region_id"].iat[0]).startswith("CN") \
            else EVIDENCE_LOCAL
        emit(np.array(sup), buy_a, rev[buy_a].to_numpy() * share * rng.uniform(0.5, 1.5, len(buy_a)),
             chain, seg, cx, cd, ev, flow="sourcing")

    is_sup = o["firm_type"] == "supplier"
    outside(is_sup & o["name"].str.contains("Lens"), asm, 8, "lenses", 0.05, 0.5, 0.72)
    outside(is_sup & o["name"].str.contains("Hardware"), f.loc[f["main_segment"].isin(
        ["frames", "assembly"]), "firm_id"].to_numpy(), 6, "parts", 0.03, 0.3, 0.8)
    outside(is_sup & o["name"].str.contains("Materials Co"), f.loc[f["main_segment"].isin(
        ["parts", "frames", "lenses"]), "firm_id"].to_numpy(), 9, "materials", 0.04, 0.25, 0.85)
    outside(is_sup & (o["region_id"] == "ITA"), f.loc[f["main_segment"] == "frames", "firm_id"].to_numpy(),
            10, "materials", 0.05, 0.3, 0.8)
    outside(is_sup & o["name"].str.contains("Packaging"), asm, 6, "cases_packaging", 0.01, 0.2, 0.9,
            RELATED)
    outside(is_sup & o["name"].str.contains("Optometr"), f.loc[f["main_segment"] == "lenses", "firm_id"]
            .to_numpy(), 4, "testing_equipment", 0.01, 0.6, 0.6, RELATED)
    # past, small relations of the Guangdong park firms with a few Ouhai firms
    outside(o["firm_type"] == "park_supplier", asm, 1, "frames", 0.005, 0.5, 0.65)
    b.add_frame("supply_links", pd.concat(out, ignore_index=True))


def _calibrate_exports(e: np.ndarray, o: np.ndarray, weight: np.ndarray, focused: np.ndarray,
                       dom_target: float, target: float) -> np.ndarray:
    """Shift export shares of export-focused firms so the target-market share is ``target``."""

    def share(delta: float) -> float:
        ee = np.where(focused, np.clip(e + delta, 0.5, 0.995), e)
        t = ee - o
        return float((weight * t).sum() / weight.sum())

    lo, hi = -0.5, 0.5
    for _ in range(80):
        m = (lo + hi) / 2
        if share(m) < target:
            lo = m
        else:
            hi = m
    d = (lo + hi) / 2
    del dom_target
    return np.where(focused, np.clip(e + d, 0.5, 0.995), e)


def _sales(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> pd.Series:
    """Sales by market, buyer and year; returns the 2019 export share per seller."""
    rng = b.rng
    sellers = f[f["main_segment"].isin(list(_FINAL))].copy()
    frames_mask = sellers["main_segment"] == "frames"
    frame_exp = sellers[frames_mask].sort_values("revenue", ascending=False).index[:N_FRAME_EXPORTERS]
    sellers = sellers[~frames_mask | sellers.index.isin(frame_exp)]
    sellers["final"] = sellers["revenue"] * sellers["main_segment"].map(_FINAL)
    # export-focused: every above-scale seller except brand firms, then small sellers by chance
    big = sellers["above_scale"] & (sellers["main_segment"] != "brand")
    pool = sellers.index[~big & (sellers["main_segment"] != "brand")]
    extra = rng.choice(pool, N_EXPORT_FOCUSED - int(big.sum()), replace=False)
    focused = big.to_numpy() | sellers.index.isin(extra)
    n = len(sellers)
    e = np.where(focused, rng.uniform(0.75, 1.0, n), rng.uniform(0.0, 0.35, n))
    o_share = e * rng.uniform(0.0, 0.06, n)
    e = _calibrate_exports(e, o_share, sellers["final"].to_numpy(), focused, 0.0, TARGET_SHARE)
    t = e - o_share
    buyers = o[o["firm_type"] == "foreign_buyer"]
    buyer_bloc = buyers["region_id"].map(_bloc_of)
    pop = {bl: g for bl, g in buyers.groupby(buyer_bloc)}
    dom_buyers = o[o["firm_type"] == "domestic_brand"]
    switch_pool = np.flatnonzero(focused & (sellers["size_class"] == "small").to_numpy()
                                 & (sellers["oem_share"] > 0.5).to_numpy())
    switchers = set(rng.choice(switch_pool, N_SWITCHERS, replace=False).tolist())
    rows: list[dict[str, Any]] = []
    for i, (fid, final, oem) in enumerate(zip(sellers["firm_id"], sellers["final"], sellers["oem_share"],
                                              strict=True)):
        split = rng.dirichlet(np.array(list(_TARGET_BLOC.values())) * 20)
        g18, covid = rng.uniform(0.9, 1.0), rng.uniform(0.72, 0.88)
        lines: list[tuple[str, str | None, str, float, bool]] = []
        for bloc, w in zip(_TARGET_BLOC, split, strict=True):
            v = final * t[i] * w
            if oem > 0.5:
                cand = pop["USA" if bloc == "USA" else bloc]
                wts = np.arange(len(cand), 0, -1, dtype=float) ** 1.5
                j = rng.choice(len(cand), p=wts / wts.sum())
                lines.append((cand["region_id"].iat[j], cand["firm_id"].iat[j], "oem_buyer", v, True))
            else:
                iso = "USA" if bloc == "USA" else str(rng.choice(BLOCS[bloc][:5] if bloc == "SAM" else
                                                                  BLOCS["EU"]))
                lines.append((iso, None, "agent", v, True))
        lines.append((str(rng.choice(_OTHER_MARKETS)), None, "agent", final * o_share[i], True))
        dom = final * (1 - e[i])
        lines.append((cn("330000"), None, "direct", dom * 0.3, False))
        lines.append(("CHN", None, "e-commerce", dom * 0.7, False))
        for market, buyer, channel, v, foreign in lines:
            if v <= 0:
                continue
            base = dict(firm_id=fid, market_region_id=market, channel=channel, buyer_id=buyer)
            rows.append(dict(base, year=2018, value=v * g18))
            rows.append(dict(base, year=2019, value=v))
            if not foreign:
                f20 = rng.uniform(0.95, 1.1)
            elif i in switchers and channel == "oem_buyer":
                f20 = rng.uniform(0.05, 0.25)
            else:
                f20 = covid
            rows.append(dict(base, year=2020, value=v * f20))
        if i in switchers:
            lost = sum(v for _, bu, ch, v, _ in lines if ch == "oem_buyer") * 0.8
            k = int(rng.integers(1, 3))
            for j in rng.choice(len(dom_buyers), k, replace=False):
                rows.append(dict(firm_id=fid, market_region_id=dom_buyers["region_id"].iat[j],
                                 channel="oem_buyer", buyer_id=dom_buyers["firm_id"].iat[j], year=2020,
                                 value=lost * rng.uniform(0.6, 0.9) / k))
    s = pd.DataFrame(rows)
    s["value"] = np.round(s["value"], -2)
    s = s[s["value"] > 0]
    b.add_frame("sales", s)
    # the OEM orders of 2019 are also supply relations to the buyers (captive governance)
    oem = s[(s["year"] == YEAR) & (s["channel"] == "oem_buyer")]
    seg = oem["firm_id"].map(sellers.set_index("firm_id")["main_segment"])
    seg = seg.where(seg.isin(["lenses", "frames", "distribution"]), "assembly")
    c, k = governance_pair(rng, len(oem), 0.7, 0.75)
    b.add_frame("supply_links", pd.DataFrame(dict(
        supplier_id=oem["firm_id"].to_numpy(), buyer_id=oem["buyer_id"].to_numpy(), chain_id=CHAIN,
        segment_id=seg.to_numpy(), value=oem["value"].to_numpy(), year=YEAR, complexity=c,
        codifiability=k, status="verified", source="customs record", flow="export_oem")))
    exp = pd.Series(e, index=sellers["firm_id"].to_numpy())
    return exp


def build_tables(seed: int = DEFAULT_SEED) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Build the descriptor and tables of ``ouhai-eyewear``."""
    from chainchief.examples import ouhai_extras

    b = Builder("OH", np.random.default_rng(seed))
    _segments_and_regions(b)
    inst = ouhai_extras.institutions(b)
    f = _local_firms(b)
    o = _outside_firms(b, inst["park"])
    util_local = b.rng.uniform(0.96, 1.0, len(f))
    f["mix"] = None
    _firm_segments(b, f, util_local)
    _firm_segments(b, o, o["util"].to_numpy())
    _links(b, f, o)
    exp = _sales(b, f, o)
    f["export_share"] = f["firm_id"].map(exp)
    f["export_focused"] = f["export_share"].fillna(0.0) >= 0.5
    o["export_focused"] = False
    firms = pd.concat([f, o], ignore_index=True)
    keep = ["firm_id", "name", "region_id", "ownership", "employees", "revenue", "value_added",
            "rnd_spend", "patents", "own_brands", "above_scale", "listed", "is_lead", "oem_share",
            "odm_share", "obm_share", "firm_type", "main_chain", "main_segment", "export_focused",
            "park_id"]
    firms["park_id"] = firms.get("park_id")
    b.add_frame("firms", firms[keep])
    ouhai_extras.knowledge_roles_indicators(b, firms, inst)
    desc = descriptor(
        name=NAME,
        title="Ouhai eyewear cluster (synthetic, calibrated)",
        description=DESCRIPTION,
        focal=FOCAL,
        chains=[CHAIN, RELATED],
        reference_year=YEAR,
        sources=ouhai_extras.SOURCES,
        seed=seed,
    )
    return desc, b.finish()
