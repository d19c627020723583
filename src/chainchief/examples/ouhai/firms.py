"""Firms of ``ouhai-eyewear``: the 540 local firms and the outside pool."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    Builder,
    bounded_lognormal,
    cn,
    mode_shares,
    outside_row,
    region_frame,
    segment_rows,
)
from chainchief.examples.ouhai.spec import (
    _BIG,
    _BUYER_COUNTRIES,
    _COUNTS,
    _EDGES,
    _MIX,
    _SEGMENTS,
    _SUFFIX,
    _TOP_MIX,
    _VA_RATIO,
    ABOVE_SCALE,
    CHAIN,
    EMPLOYEES,
    FOCAL,
    RELATED,
)


def _segments_and_regions(b: Builder) -> None:
    b.add_frame("regions", region_frame())
    for chain, sid, name, zh, stage, fn, va, att in _SEGMENTS:
        row: dict[str, Any] = dict(
            chain_id=chain,
            segment_id=sid,
            name=name,
            name_zh=zh,
            stage=stage,
            function=fn,
            va_share=va,
        )
        row["attaches_to"] = f"{CHAIN}:{att}" if att else None
        b.add("segments", **row)
    for chain, a, c in _EDGES:
        b.add("segment_edges", chain_id=chain, from_segment=a, to_segment=c)


def _local_firms(b: Builder) -> pd.DataFrame:
    """The 540 focal firms with their size, ownership and modes."""
    rng = b.rng
    main: list[str] = []
    size: list[str] = []
    for seg, count in _COUNTS.items():
        n_top, n_mid = _BIG.get(seg, (0, 0))
        main += [seg] * count
        size += ["top"] * n_top + ["mid"] * n_mid + ["small"] * (count - n_top - n_mid)
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
    emp = np.maximum(
        3, np.round(f["revenue"].to_numpy() / prod * EMPLOYEES / (f["revenue"] / prod).sum())
    )
    emp[int(np.argmax(rev))] += EMPLOYEES - emp.sum()
    f["employees"] = emp.astype(int)
    f["value_added"] = np.round(
        f["revenue"] * f["main_segment"].map(_VA_RATIO) * rng.uniform(0.85, 1.15, n), -3
    )
    rnd_int = np.where(
        top,
        rng.uniform(0.02, 0.04, n),
        np.where(mid, rng.uniform(0.01, 0.025, n), rng.uniform(0.0, 0.01, n)),
    )
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
    f["own_brands"] = np.where(
        top,
        rng.integers(1, 4, n),
        np.where(is_brand, rng.integers(1, 3, n), (f["obm_share"] > 0.02).astype(int)),
    )
    # 15 foreign-owned firms: 1 top lens firm, 2 mid firms, 12 small manufacturers
    own = np.array(["private"] * n, dtype=object)
    top_lens = np.flatnonzero(top & (f["main_segment"] == "lenses").to_numpy())
    mid_idx = np.flatnonzero(mid & f["main_segment"].isin(["assembly", "lenses"]).to_numpy())
    small_idx = np.flatnonzero(
        small & f["main_segment"].isin(["assembly", "frames", "parts"]).to_numpy()
    )
    own[top_lens[:1]] = "foreign"
    own[rng.choice(mid_idx, 2, replace=False)] = "foreign"
    own[rng.choice(small_idx, 12, replace=False)] = "foreign"
    f["ownership"] = own
    f["above_scale"] = f["revenue"] >= ABOVE_SCALE
    f["listed"] = False
    f["is_lead"] = top
    f["region_id"] = FOCAL
    f["main_chain"] = np.where(
        f["main_segment"].isin(["cases_packaging", "testing_equipment"]), RELATED, CHAIN
    )
    f["firm_type"] = "local"
    f["name"] = [b.names.chinese(_SUFFIX[s], "Wenzhou") for s in f["main_segment"]]
    f["firm_id"] = b.firm_ids(n)
    return f


def _outside_firms(b: Builder, park_id: str) -> pd.DataFrame:
    """Lead buyers abroad, domestic brands, AR/VR makers and outside suppliers."""
    rng = b.rng
    rows: list[dict[str, Any]] = []

    def add(
        kind: str,
        region: str,
        name: str,
        mix: list[tuple[str, str, float]],
        rev: float,
        util: tuple[float, float],
        **kw: Any,
    ) -> None:
        rows.append(outside_row(rng, kind, region, name, mix, rev, util, **kw))

    brand_mix = [
        (CHAIN, "brand", 0.5),
        (CHAIN, "distribution", 0.3),
        (CHAIN, "retail_services", 0.2),
    ]
    for iso in _BUYER_COUNTRIES:
        add(
            "foreign_buyer",
            iso,
            b.names.foreign(iso, "Eyewear"),
            brand_mix,
            rng.uniform(0.6e9, 9e9),
            (0.85, 0.95),
            ownership="foreign",
            is_lead=True,
            obm=(0.0, 0.05, 0.92),
            listed=bool(rng.random() < 0.4),
        )
    for iso in ("GBR", "JPN", "ARE"):
        add(
            "foreign_buyer",
            iso,
            b.names.foreign(iso, "Optics"),
            brand_mix,
            rng.uniform(0.3e9, 2e9),
            (0.85, 0.95),
            ownership="foreign",
            is_lead=False,
            obm=(0.0, 0.05, 0.9),
        )
    dom_brand = [
        (CHAIN, "brand", 0.45),
        (CHAIN, "distribution", 0.3),
        (CHAIN, "design", 0.1),
        (CHAIN, "retail_services", 0.15),
    ]
    for code in ("440307", "440307", "440306", "321181", "321181", "321181", "320500"):
        add(
            "domestic_brand",
            cn(code),
            b.names.chinese("Eyewear Brand Co."),
            dom_brand,
            rng.uniform(0.4e9, 3e9),
            (0.8, 0.9),
            ownership="private",
            is_lead=True,
            obm=(0.2, 0.1, 0.65),
        )
    retail_mix = [
        (CHAIN, "retail_services", 0.7),
        (CHAIN, "distribution", 0.2),
        (CHAIN, "brand", 0.1),
    ]
    for code in ("310115", "110108", "330108"):
        add(
            "domestic_retail",
            cn(code),
            b.names.chinese("Vision Retail Co."),
            retail_mix,
            rng.uniform(0.5e9, 2.5e9),
            (0.85, 0.95),
            ownership="private",
            is_lead=True,
            obm=(0.0, 0.0, 0.8),
        )
    arvr_mix = [(CHAIN, "design", 0.4), (CHAIN, "brand", 0.2), (RELATED, "smart_glasses", 0.4)]
    for region in (cn("440307"), cn("440306"), cn("330108"), cn("110108"), "USA", "KOR"):
        name = (
            b.names.chinese("Smart Glasses Technology Co.")
            if region.startswith("CN")
            else b.names.foreign(region, "XR Glasses")
        )
        add(
            "arvr_maker",
            region,
            name,
            arvr_mix,
            rng.uniform(0.3e9, 4e9),
            (0.75, 0.9),
            ownership="private" if region.startswith("CN") else "foreign",
            is_lead=False,
            obm=(0.1, 0.2, 0.6),
            rnd=(0.08, 0.15),
        )
    add(
        "japan_supplier",
        "JPN",
        b.names.japanese("Opto-Materials"),
        [(CHAIN, "frames", 0.5), (CHAIN, "lenses", 0.5)],
        2.4e9,
        (0.88, 0.92),
        ownership="foreign",
        is_lead=False,
        obm=(0.2, 0.6, 0.2),
        rnd=(0.05, 0.07),
    )
    for i in range(6):
        mix = [(CHAIN, "frames", 1.0)] if i % 2 == 0 else [(CHAIN, "lenses", 1.0)]
        add(
            "park_supplier",
            cn("441900"),
            b.names.chinese("Precision Optical Co.", "Dongguan"),
            mix,
            rng.uniform(0.15e9, 0.6e9),
            (0.45, 0.6),
            ownership="private",
            is_lead=False,
            obm=(0.4, 0.45, 0.1),
            rnd=(0.03, 0.05),
            park_id=park_id,
        )
    for _ in range(5):
        add(
            "supplier",
            cn("321181"),
            b.names.chinese("Optical Lens Co.", "Danyang"),
            [(CHAIN, "lenses", 1.0)],
            rng.uniform(0.1e9, 0.8e9),
            (0.85, 0.92),
            ownership="private",
        )
    for code in ("440307", "350206", "350206", "440306"):
        add(
            "supplier",
            cn(code),
            b.names.chinese("Eyewear Hardware Co."),
            [(CHAIN, "parts", 0.7), (CHAIN, "frames", 0.3)],
            rng.uniform(0.05e9, 0.3e9),
            (0.8, 0.9),
            ownership="private",
        )
    for code in ("320500", "370112", "320583"):
        add(
            "supplier",
            cn(code),
            b.names.chinese("New Materials Co."),
            [(CHAIN, "materials", 1.0)],
            rng.uniform(0.2e9, 1.5e9),
            (0.8, 0.92),
            ownership="private",
        )
    add(
        "supplier",
        "ITA",
        b.names.western("ITA", "Acetati"),
        [(CHAIN, "materials", 1.0)],
        1.1e9,
        (0.85, 0.9),
        ownership="foreign",
    )
    for code in ("330302", "330302"):
        add(
            "supplier",
            cn(code),
            b.names.chinese("Packaging Co.", "Wenzhou"),
            [(RELATED, "cases_packaging", 1.0)],
            rng.uniform(0.02e9, 0.08e9),
            (0.8, 0.9),
            ownership="private",
        )
    for region in (cn("310115"), "DEU"):
        name = (
            b.names.chinese("Optometry Instrument Co.")
            if region.startswith("CN")
            else b.names.western("DEU", "Optometrie")
        )
        add(
            "supplier",
            region,
            name,
            [(RELATED, "testing_equipment", 1.0)],
            rng.uniform(0.2e9, 1e9),
            (0.8, 0.9),
            ownership="private" if region.startswith("CN") else "foreign",
        )
    for _ in range(2):
        add(
            "competitor",
            cn("350206"),
            b.names.chinese("Sunglasses Co.", "Xiamen"),
            [(CHAIN, "frames", 0.4), (CHAIN, "assembly", 0.6)],
            rng.uniform(0.1e9, 0.5e9),
            (0.85, 0.95),
            ownership="private",
        )
    o = pd.DataFrame(rows)
    n = len(o)
    o["firm_id"] = b.firm_ids(n)
    o["employees"] = np.maximum(20, np.round(o["revenue"] / rng.uniform(0.4e6, 1.2e6, n))).astype(
        int
    )
    o["value_added"] = np.round(o["revenue"] * rng.uniform(0.25, 0.45, n), -3)
    lo_hi = [
        r if isinstance(r, tuple) else (0.01, 0.03) for r in o.get("rnd", pd.Series([None] * n))
    ]
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
    """Segment mixes (explicit ``mix``, else by main segment and size) with capacities."""
    mixes = [
        mix if isinstance(mix, list) else (_TOP_MIX[main] if size == "top" else _MIX[main])
        for main, size, mix in zip(f["main_segment"], f["size_class"], f["mix"], strict=True)
    ]
    b.add_frame("firm_segments", segment_rows(f["firm_id"], mixes, f["revenue"], util))
