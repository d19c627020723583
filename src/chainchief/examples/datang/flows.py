"""Supply links and sales by market of ``datang-hosiery``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    EVIDENCE_CROSS_BORDER,
    EVIDENCE_LOCAL,
    Builder,
    choose_buyers,
    cn,
    link_frame,
)
from chainchief.examples.datang.spec import CHAIN, EXPORT_SHARE, SUBCONTRACT_SHARE, YEAR


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
    out.append(
        link_frame(
            rng,
            w["firm_id"].to_numpy()[sub],
            hub,
            w["revenue"].to_numpy()[sub] * 0.95,
            chain=CHAIN,
            segment=w["main_segment"].to_numpy()[sub],
            year=YEAR,
            complexity=0.6,
            codifiability=0.78,
            evidence_table=EVIDENCE_LOCAL,
            flow="subcontracting",
        )
    )
    smes = f.loc[
        (f["firm_type"] == "sme") & f["main_segment"].isin(["knitting", "sales"]), "firm_id"
    ].to_numpy()
    out.append(
        link_frame(
            rng,
            w["firm_id"].to_numpy()[other],
            rng.choice(smes, len(other)),
            w["revenue"].to_numpy()[other] * 0.9,
            chain=CHAIN,
            segment=w["main_segment"].to_numpy()[other],
            year=YEAR,
            complexity=0.35,
            codifiability=0.85,
            evidence_table=EVIDENCE_LOCAL,
            flow="local",
        )
    )
    rev = pd.concat([f, o]).set_index("firm_id")["revenue"]

    def local(
        seg: str,
        buyer_ids: np.ndarray,
        kmin: int,
        kmax: int,
        frac: float,
        cx: float,
        cd: float,
        sellers: np.ndarray | None = None,
        flow: str = "local",
        ev: Any = EVIDENCE_LOCAL,
    ) -> None:
        if sellers is None:
            sellers = f.loc[
                (f["main_segment"] == seg) & (f["firm_type"] == "sme"), "firm_id"
            ].to_numpy()
        s, bu, v = choose_buyers(
            rng,
            sellers,
            buyer_ids,
            rev.reindex(buyer_ids).fillna(1e6).to_numpy() ** 0.5,
            kmin,
            kmax,
            rev[sellers].to_numpy() * frac,
        )
        out.append(
            link_frame(
                rng,
                s,
                bu,
                v,
                chain=CHAIN,
                segment=seg,
                year=YEAR,
                complexity=cx,
                codifiability=cd,
                evidence_table=ev,
                flow=flow,
            )
        )

    knit = f.loc[f["main_segment"] == "knitting", "firm_id"].to_numpy()
    trade = f.loc[f["main_segment"] == "sales", "firm_id"].to_numpy()
    makers = np.concatenate([large, knit[len(large) :]])
    local("yarn", makers, 3, 8, 0.95, 0.2, 0.9)
    local(
        "machinery",
        np.concatenate([makers, rng.choice(w["firm_id"].to_numpy(), 300, replace=False)]),
        3,
        10,
        0.6,
        0.45,
        0.7,
    )
    for seg in ("sewing", "dyeing", "shaping", "packaging"):
        local(seg, np.concatenate([large, knit[len(large) :], trade]), 2, 5, 0.95, 0.3, 0.85)
    knit_sme = f.loc[
        (f["main_segment"] == "knitting") & (f["firm_type"] == "sme"), "firm_id"
    ].to_numpy()
    local("knitting", np.concatenate([trade, large]), 1, 3, 0.4, 0.5, 0.75, sellers=knit_sme)
    yarn_out = o.loc[
        (o["firm_type"] == "supplier") & (o["main_segment"] == "yarn"), "firm_id"
    ].to_numpy()
    yarn_local = f.loc[f["main_segment"] == "yarn", "firm_id"].to_numpy()
    local(
        "yarn",
        np.concatenate([yarn_local, large]),
        4,
        8,
        0.02,
        0.2,
        0.9,
        sellers=yarn_out,
        flow="sourcing",
        ev=EVIDENCE_CROSS_BORDER,
    )
    ita = o.loc[o["main_segment"] == "machinery", "firm_id"].to_numpy()
    local(
        "machinery",
        large,
        5,
        8,
        0.01,
        0.6,
        0.6,
        sellers=ita,
        flow="sourcing",
        ev=EVIDENCE_CROSS_BORDER,
    )
    b.add_frame("supply_links", pd.concat(out, ignore_index=True))


def _sales(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> pd.Series:
    """Sales 2014-2016 by market and buyer, with exports:domestic exactly 7:3 in 2015."""
    rng = b.rng
    sellers = f[
        (f["firm_type"] == "large_medium")
        | f["main_segment"].isin(["sales", "machinery"])
        | ((f["main_segment"] == "knitting") & (f["revenue"] > 30e6))
    ].copy()
    frac = np.where(
        sellers["main_segment"] == "knitting",
        np.where(sellers["firm_type"] == "large_medium", 0.95, 0.5),
        0.9,
    )
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
    for i, (fid, ext, seg, ftype, ob) in enumerate(
        zip(sellers["firm_id"], v, sellers["main_segment"], sellers["firm_type"], obm, strict=True)
    ):
        fv, dv = ext * x[i], ext * (1 - x[i])
        k = 3 if ftype == "large_medium" else 1
        pool = comp if seg == "machinery" else buyers
        wts = np.arange(len(pool), 0, -1, dtype=float)
        pick = rng.choice(len(pool), min(k, len(pool)), replace=False, p=wts / wts.sum())
        drift = rng.uniform(0.93, 0.98) if ob < 0.05 else rng.uniform(1.0, 1.04)
        for j, sh in zip(pick, rng.dirichlet(np.ones(len(pick)) * 2), strict=True):
            rows.append(
                dict(
                    firm_id=fid,
                    market_region_id=pool["region_id"].iat[j],
                    buyer_id=pool["firm_id"].iat[j],
                    channel="oem_buyer" if seg != "machinery" else "direct",
                    v=fv * sh,
                    foreign=True,
                    g=drift,
                )
            )
        if dv > 0:
            brand = ob > 0.05
            if brand:
                rows.append(
                    dict(
                        firm_id=fid,
                        market_region_id="CHN",
                        buyer_id=None,
                        channel="own_brand",
                        v=dv * 0.6,
                        foreign=False,
                        g=rng.uniform(1.08, 1.15),
                    )
                )
                rows.append(
                    dict(
                        firm_id=fid,
                        market_region_id="CHN",
                        buyer_id=None,
                        channel="e-commerce",
                        v=dv * 0.4,
                        foreign=False,
                        g=rng.uniform(1.15, 1.3),
                    )
                )
            else:
                j = int(rng.integers(len(dom)))
                rows.append(
                    dict(
                        firm_id=fid,
                        market_region_id=dom["region_id"].iat[j],
                        buyer_id=dom["firm_id"].iat[j],
                        channel="wholesale",
                        v=dv,
                        foreign=False,
                        g=rng.uniform(1.0, 1.06),
                    )
                )
    s = pd.DataFrame(rows)
    parts = []
    for y in (2014, 2015, 2016):
        p = s.assign(year=y, value=s["v"] * s["g"] ** (y - YEAR))
        parts.append(p)
    sales = pd.concat(parts, ignore_index=True)
    sales["value"] = np.round(sales["value"], 2)
    b.add_frame(
        "sales", sales[["firm_id", "market_region_id", "value", "year", "channel", "buyer_id"]]
    )
    # the reference year's orders of named buyers are supply relations too
    named = sales[(sales["year"] == YEAR) & sales["buyer_id"].notna()]
    for foreign, g in named.groupby("foreign"):
        b.add_frame(
            "supply_links",
            link_frame(
                rng,
                g["firm_id"].to_numpy(),
                g["buyer_id"].to_numpy(),
                g["value"].to_numpy(),
                chain=CHAIN,
                segment=np.where(
                    g["firm_id"].map(f.set_index("firm_id")["main_segment"]) == "machinery",
                    "machinery",
                    "sales",
                ),
                year=YEAR,
                complexity=0.6,
                codifiability=0.8,
                evidence_table=EVIDENCE_CROSS_BORDER if foreign else EVIDENCE_LOCAL,
                flow="to_buyer",
            ),
        )
    return sales[sales["foreign"]].groupby("year")["value"].sum()
