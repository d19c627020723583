"""Firms of ``xianju-pharma``: the 62 local firms and the outside pool."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    Builder,
    bounded_lognormal,
    cn,
    exact_split,
    mode_shares,
    outside_row,
)
from chainchief.examples.xianju.spec import (
    _C,
    _COUNTS,
    _LISTED,
    _RND_INT,
    _SUFFIX,
    EMPLOYEES,
    FOCAL,
    OUTPUT_2019,
    RND_2019,
)


def _local(b: Builder) -> pd.DataFrame:
    rng = b.rng
    rows: list[dict[str, Any]] = []
    for rev, emp, own, mix in _LISTED:
        main = max(mix, key=lambda m: m[2])[1]
        rows.append(
            dict(
                revenue=rev,
                employees=emp,
                ownership=own,
                mix=mix,
                main_segment=main,
                listed=True,
                kind="listed",
            )
        )
    for seg, n in _COUNTS.items():
        revs = bounded_lognormal(rng, n, 40e6 if seg != "generic_fpp" else 120e6, 0.9, 3e6, 400e6)
        for r in revs:
            rows.append(
                dict(
                    revenue=r,
                    employees=0,
                    ownership="private",
                    mix=[(_C, seg, 1.0)],
                    main_segment=seg,
                    listed=False,
                    kind="local",
                )
            )
    f = pd.DataFrame(rows)
    n = len(f)
    listed = f["listed"].to_numpy()
    rest = exact_split(OUTPUT_2019 - f.loc[listed, "revenue"].sum(), f.loc[~listed, "revenue"])
    f.loc[~listed, "revenue"] = rest
    emp_rest = exact_split(
        EMPLOYEES - f.loc[listed, "employees"].sum(), f.loc[~listed, "revenue"] ** 0.8
    )
    staff = np.array(f["employees"], dtype=np.int64)
    staff[~listed] = np.maximum(emp_rest, 1)
    staff[int(np.argmax(np.where(listed, -1, staff)))] += EMPLOYEES - int(staff.sum())
    f["employees"] = staff
    intensity = f["main_segment"].map(_RND_INT).to_numpy() * rng.uniform(0.7, 1.3, n)
    intensity[listed] = [0.07, 0.065, 0.06, 0.05]
    f["rnd_spend"] = exact_split(RND_2019, f["revenue"] * intensity)
    f["value_added"] = np.round(f["revenue"] * rng.uniform(0.25, 0.4, n), -3)
    f["patents"] = rng.poisson(f["rnd_spend"] / 1.5e6)
    segs = f["main_segment"]
    oem, odm, obm = mode_shares(rng, n, (0.6, 0.85), (0.05, 0.15), (0.0, 0.08))
    s_oem, s_odm, s_obm = mode_shares(rng, n, (0.3, 0.5), (0.25, 0.4), (0.1, 0.2))
    p_oem, p_odm, p_obm = mode_shares(rng, n, (0.1, 0.2), (0.3, 0.4), (0.4, 0.55))
    g_oem, g_odm, g_obm = mode_shares(rng, n, (0.2, 0.3), (0.05, 0.1), (0.55, 0.7))
    bulk = segs.isin(["bulk_api", "intermediates", "basic_chemicals"]).to_numpy()
    bulk_oem = rng.uniform(0.75, 0.92, n)
    f["oem_share"] = np.select(
        [segs == "specialty_api", segs == "patented_api", segs == "generic_fpp", bulk],
        [s_oem, p_oem, g_oem, np.round(bulk_oem, 4)],
        oem,
    )
    f["odm_share"] = np.select(
        [segs == "specialty_api", segs == "patented_api", segs == "generic_fpp", bulk],
        [s_odm, p_odm, g_odm, np.round((1 - bulk_oem) * 0.5, 4)],
        odm,
    )
    f["obm_share"] = np.select(
        [segs == "specialty_api", segs == "patented_api", segs == "generic_fpp", bulk],
        [s_obm, p_obm, g_obm, np.floor((1 - bulk_oem) * 0.3 * 1e4) / 1e4],
        obm,
    )
    f["own_brands"] = np.where(
        segs == "generic_fpp", rng.integers(2, 6, n), np.where(listed, rng.integers(1, 4, n), 0)
    )
    f["above_scale"] = f["revenue"] >= 20e6
    f["is_lead"] = listed
    # 12 high-tech firms: the listed ones and the 8 largest specialty/patented/FPP makers
    cand = f[~listed & segs.isin(["specialty_api", "patented_api", "generic_fpp", "bulk_api"])]
    cand = cand.assign(score=cand["rnd_spend"] + (cand["main_segment"] == "patented_api") * 1e9)
    ht = set(cand.nlargest(8, "score").index) | set(np.flatnonzero(listed))
    f["high_tech"] = f.index.isin(list(ht))
    f["region_id"] = FOCAL
    f["firm_type"] = np.where(listed, "listed", "local")
    f["name"] = [b.names.chinese(_SUFFIX[s], "Zhejiang") for s in segs]
    f["firm_id"] = b.firm_ids(n)
    return f


def _outside(b: Builder) -> pd.DataFrame:
    rng = b.rng
    rows: list[dict[str, Any]] = []

    def add(
        kind: str,
        region: str,
        name: str,
        mix: list[tuple[str, str, float]],
        rev: float,
        util: tuple[float, float],
        own: str,
        modes: tuple[float, float, float],
        lead: bool = False,
        rnd: float = 0.03,
    ) -> None:
        rows.append(
            outside_row(
                rng,
                kind,
                region,
                name,
                mix,
                rev,
                util,
                ownership=own,
                modes=modes,
                is_lead=lead,
                rnd=rnd,
            )
        )

    orig = [
        (_C, "innovator_fpp", 0.55),
        (_C, "patented_api", 0.2),
        (_C, "rnd_services", 0.1),
        (_C, "distribution", 0.15),
    ]
    for iso in ("USA", "USA", "DEU", "CHE", "FRA", "GBR", "JPN"):
        add(
            "foreign_buyer",
            iso,
            b.names.foreign(iso, "Pharmaceuticals"),
            orig,
            rng.uniform(60e9, 300e9),
            (0.85, 0.95),
            "foreign",
            (0.0, 0.05, 0.95),
            True,
            0.16,
        )
    gen = [(_C, "generic_fpp", 0.8), (_C, "bulk_api", 0.2)]
    for iso in ("IND", "IND", "ITA"):
        add(
            "foreign_buyer",
            iso,
            b.names.foreign(iso, "Generics"),
            gen,
            rng.uniform(10e9, 50e9),
            (0.8, 0.9),
            "foreign",
            (0.2, 0.1, 0.7),
            True,
            0.06,
        )
    dom = [(_C, "generic_fpp", 0.5), (_C, "innovator_fpp", 0.3), (_C, "distribution", 0.2)]
    for code in ("320700", "320700", "310115", "370112", "110108"):
        add(
            "domestic_buyer",
            cn(code),
            b.names.chinese("Pharmaceutical Group Co."),
            dom,
            rng.uniform(8e9, 40e9),
            (0.8, 0.9),
            "private" if code != "110108" else "state",
            (0.05, 0.05, 0.85),
            True,
            0.1,
        )
    # High-end API makers in the province and beyond integrate API with formulation and
    # contract development ("API + FPP" strategy): specialty and patented APIs, some
    # generic FPPs and CDMO services.
    hi_api = [
        (_C, "specialty_api", 0.35),
        (_C, "patented_api", 0.35),
        (_C, "generic_fpp", 0.2),
        (_C, "rnd_services", 0.1),
    ]
    for region in (cn("331002"), cn("331002"), cn("330108"), cn("310115"), "CHE", "IND", "ITA"):
        name = (
            b.names.chinese("Pharmaceutical Co.")
            if region.startswith("CN")
            else b.names.foreign(region, "Fine Chemicals")
        )
        add(
            "high_end_api",
            region,
            name,
            hi_api,
            rng.uniform(2e9, 12e9),
            (0.75, 0.9),
            "private" if region.startswith("CN") else "foreign",
            (0.2, 0.4, 0.4),
            False,
            0.1,
        )
    fpp = [(_C, "generic_fpp", 0.6), (_C, "innovator_fpp", 0.4)]
    for code in ("310115", "330108", "320500", "331082"):
        add(
            "fpp_maker",
            cn(code),
            b.names.chinese("Pharmaceutical Co."),
            fpp,
            rng.uniform(1.5e9, 9e9),
            (0.7, 0.85),
            "private",
            (0.1, 0.1, 0.8),
            False,
            0.09,
        )
    for region in (cn("310115"), cn("310115"), cn("330108"), "USA"):
        name = (
            b.names.chinese("Pharma R&D Services Co.")
            if region.startswith("CN")
            else b.names.foreign("USA", "Research")
        )
        add(
            "cro",
            region,
            name,
            [(_C, "rnd_services", 1.0)],
            rng.uniform(0.5e9, 6e9),
            (0.75, 0.9),
            "private" if region.startswith("CN") else "foreign",
            (0.0, 0.9, 0.1),
            False,
            0.2,
        )
    for code in ("420302", "420302", "420302", "370112", "320583"):
        add(
            "supplier",
            cn(code),
            b.names.chinese("Biochemical Co."),
            [(_C, "basic_chemicals", 1.0)],
            rng.uniform(0.1e9, 0.8e9),
            (0.8, 0.9),
            "private",
            (0.7, 0.1, 0.1),
            False,
            0.01,
        )
    for code in ("310115", "110108"):
        add(
            "distributor",
            cn(code),
            b.names.chinese("Medicine Distribution Co."),
            [(_C, "distribution", 1.0)],
            rng.uniform(20e9, 80e9),
            (0.85, 0.95),
            "state",
            (0.0, 0.0, 0.3),
            False,
            0.005,
        )
    add(
        "competitor",
        cn("420302"),
        b.names.chinese("Steroid Pharmaceutical Co.", "Hubei"),
        [(_C, "intermediates", 0.5), (_C, "bulk_api", 0.5)],
        1.5e9,
        (0.8, 0.9),
        "private",
        (0.7, 0.2, 0.1),
        False,
        0.03,
    )
    o = pd.DataFrame(rows)
    n = len(o)
    o["firm_id"] = b.firm_ids(n)
    o["employees"] = np.maximum(50, np.round(o["revenue"] / rng.uniform(1.0e6, 2.5e6, n))).astype(
        int
    )
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
