"""Firms of ``datang-hosiery``: large and medium firms, SMEs, workshops, outside pool."""

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
)
from chainchief.examples.datang.spec import (
    _BUYER_COUNTRIES,
    _C,
    _LARGE_MODES,
    _SME_COUNTS,
    _SME_SUFFIX,
    N_WORKSHOPS,
)


def _local(b: Builder) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 13 large and medium firms plus other SMEs, and the family workshops."""
    rng = b.rng
    n_l = len(_LARGE_MODES)
    large = pd.DataFrame(
        {
            "firm_type": "large_medium",
            "main_segment": "knitting",
            "revenue": np.round(np.sort(rng.uniform(0.3e9, 1.8e9, n_l))[::-1], -3),
            "employees": rng.integers(400, 2000, n_l),
        }
    )
    oem = np.array([rng.uniform(*m[0]) for m in _LARGE_MODES])
    odm = np.array([rng.uniform(*m[1]) for m in _LARGE_MODES])
    obm = np.array([rng.uniform(*m[2]) for m in _LARGE_MODES])
    tot = np.maximum(oem + odm + obm, 1.0)
    large["oem_share"], large["odm_share"] = np.round(oem / tot, 4), np.round(odm / tot, 4)
    large["obm_share"] = np.floor(obm / tot * 1e4) / 1e4
    large["own_brands"] = np.where(large["obm_share"] > 0, rng.integers(1, 4, n_l), 0)
    large["mix"] = pd.Series(
        index=large.index,
        dtype=object,
        data=[
            [
                (_C, "design", 0.1 if d > 0 else 0.03),
                (_C, "knitting", 0.4),
                (_C, "sewing", 0.07),
                (_C, "dyeing", 0.1),
                (_C, "shaping", 0.08),
                (_C, "packaging", 0.05),
                (_C, "sales", 0.17 if d > 0 else 0.24),
            ]
            for d in odm
        ],
    )
    sme_rows = []
    for seg, n in _SME_COUNTS.items():
        for r in bounded_lognormal(rng, n, 18e6, 0.9, 2e6, 250e6):
            sme_rows.append(
                dict(firm_type="sme", main_segment=seg, revenue=round(r, -3), mix=[(_C, seg, 1.0)])
            )
    sme = pd.DataFrame(sme_rows)
    ns = len(sme)
    sme["employees"] = np.maximum(
        8, np.round(sme["revenue"] / rng.uniform(0.3e6, 0.5e6, ns))
    ).astype(int)
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
    rnd = np.where(
        f["firm_type"] == "large_medium", rng.uniform(0.015, 0.035, n), rng.uniform(0.0, 0.008, n)
    )
    f["rnd_spend"] = np.round(f["revenue"] * rnd, -3)
    f["patents"] = rng.poisson(f["rnd_spend"] / 0.4e6)
    f["above_scale"] = f["revenue"] >= 20e6
    f["listed"] = False
    f["is_lead"] = f["firm_type"] == "large_medium"
    f["name"] = [
        b.names.chinese(_SME_SUFFIX[s] if t == "sme" else "Knitting Group Co.", "Zhejiang")
        for s, t in zip(f["main_segment"], f["firm_type"], strict=True)
    ]
    f["firm_id"] = b.firm_ids(n)
    # family workshops, vectorised
    nw = N_WORKSHOPS
    w = pd.DataFrame(
        {
            "firm_type": "family_workshop",
            "revenue": np.round(bounded_lognormal(rng, nw, 0.9e6, 0.5, 0.2e6, 4e6), -3),
        }
    )
    w["employees"] = np.clip(
        np.round(w["revenue"] / rng.uniform(0.09e6, 0.14e6, nw)), 2, 30
    ).astype(int)
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
        wage: float | None = None,
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
                monthly_wage=wage,
            )
        )

    for iso in _BUYER_COUNTRIES:
        add(
            "foreign_buyer",
            iso,
            b.names.foreign(iso, "Legwear"),
            [(_C, "sales", 0.9), (_C, "design", 0.1)],
            rng.uniform(2e9, 40e9),
            (0.85, 0.95),
            "foreign",
            (0.0, 0.05, 0.95),
            True,
        )
    for code in ("310115", "330108", "440307"):
        add(
            "domestic_buyer",
            cn(code),
            b.names.chinese("Apparel Retail Co."),
            [(_C, "sales", 1.0)],
            rng.uniform(3e9, 20e9),
            (0.85, 0.95),
            "private",
            (0.0, 0.0, 0.9),
            True,
        )
    for i in range(4):
        add(
            "competitor",
            "VNM",
            b.names.vietnamese("Hosiery"),
            [(_C, "knitting", 0.7), (_C, "sales", 0.3)],
            rng.uniform(0.2e9, 1.2e9),
            (0.7, 0.85),
            "foreign",
            (0.95, 0.05, 0.0),
            False,
            1000.0 + 200.0 * i,
        )
    for iso in ("THA", "IDN", "TUR"):
        add(
            "competitor",
            iso,
            b.names.foreign(iso, "Socks"),
            [(_C, "knitting", 0.7), (_C, "sales", 0.3)],
            rng.uniform(0.2e9, 1.0e9),
            (0.75, 0.9),
            "foreign",
            (0.85, 0.1, 0.05),
            False,
        )
    for _ in range(2):
        add(
            "competitor",
            cn("330782"),
            b.names.chinese("Socks Co.", "Yiwu"),
            [(_C, "knitting", 0.6), (_C, "sales", 0.4)],
            rng.uniform(0.3e9, 1.5e9),
            (0.8, 0.9),
            "private",
            (0.7, 0.1, 0.2),
        )
    for code in ("320500", "320500", "350206", "330200"):
        add(
            "supplier",
            cn(code),
            b.names.chinese("Synthetic Fibre Co."),
            [(_C, "yarn", 1.0)],
            rng.uniform(1e9, 8e9),
            (0.8, 0.9),
            "private",
            (0.5, 0.2, 0.3),
        )
    add(
        "supplier",
        "KOR",
        b.names.foreign("KOR", "Spandex"),
        [(_C, "yarn", 1.0)],
        6e9,
        (0.85, 0.9),
        "foreign",
        (0.3, 0.3, 0.4),
    )
    add(
        "supplier",
        "ITA",
        b.names.western("ITA", "Macchine Tessili"),
        [(_C, "machinery", 1.0)],
        2.5e9,
        (0.8, 0.9),
        "foreign",
        (0.0, 0.3, 0.7),
    )
    o = pd.DataFrame(rows)
    n = len(o)
    o["firm_id"] = b.firm_ids(n)
    o["employees"] = np.maximum(50, np.round(o["revenue"] / rng.uniform(0.3e6, 1.5e6, n))).astype(
        int
    )
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
