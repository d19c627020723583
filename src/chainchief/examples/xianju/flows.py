"""Supply links and sales by market of ``xianju-pharma``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    EVIDENCE_CROSS_BORDER,
    EVIDENCE_LOCAL,
    Builder,
    choose_buyers,
    exact_split,
    link_frame,
)
from chainchief.examples.xianju.spec import (
    _EXTERNAL,
    _FOREIGN,
    CHAIN,
    EXPORT_GROWTH,
    EXPORTS_2019,
    GROWTH_2016_2019,
    YEAR,
)


def _links_and_sales(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> None:
    rng = b.rng
    frames: list[pd.DataFrame] = []
    rev = pd.concat([f, o]).set_index("firm_id")["revenue"]
    segs_of = {fid: {s for _, s, _ in mix} for fid, mix in zip(f["firm_id"], f["mix"], strict=True)}

    def makers(*segments: str) -> np.ndarray:
        return np.array([fid for fid, s in segs_of.items() if s & set(segments)], dtype=object)

    def local(
        seller_seg: str,
        buyer_segs: tuple[str, ...],
        kmin: int,
        kmax: int,
        frac: float,
        cx: float,
        cd: float,
    ) -> None:
        sellers = f.loc[f["main_segment"] == seller_seg, "firm_id"].to_numpy()
        buyers = makers(*buyer_segs)
        s, bu, v = choose_buyers(
            rng,
            sellers,
            buyers,
            rev[buyers].to_numpy() ** 0.6,
            kmin,
            kmax,
            rev[sellers].to_numpy() * frac,
        )
        frames.append(
            link_frame(
                rng,
                s,
                bu,
                v,
                chain=CHAIN,
                segment=seller_seg,
                year=YEAR,
                complexity=cx,
                codifiability=cd,
                evidence_table=EVIDENCE_LOCAL,
                flow="local",
            )
        )

    local("basic_chemicals", ("intermediates",), 2, 4, 1 - _EXTERNAL["basic_chemicals"], 0.25, 0.85)
    local(
        "intermediates",
        ("bulk_api", "specialty_api", "patented_api"),
        2,
        4,
        1 - _EXTERNAL["intermediates"],
        0.45,
        0.75,
    )
    local("bulk_api", ("generic_fpp",), 1, 2, 0.05, 0.5, 0.8)
    local("specialty_api", ("generic_fpp",), 1, 2, 0.05, 0.6, 0.6)
    # outside inputs: diosgenin and phytosterol from Hubei/Shandong/Jiangsu, R&D from CROs
    sup = o.loc[o["firm_type"] == "supplier", "firm_id"].to_numpy()
    buyers = makers("intermediates")
    s, bu, v = choose_buyers(
        rng, sup, buyers, rev[buyers].to_numpy() ** 0.6, 3, 6, rev[sup].to_numpy() * 0.15
    )
    frames.append(
        link_frame(
            rng,
            s,
            bu,
            v,
            chain=CHAIN,
            segment="basic_chemicals",
            year=YEAR,
            complexity=0.25,
            codifiability=0.85,
            evidence_table=EVIDENCE_LOCAL,
            flow="sourcing",
        )
    )
    cro = o.loc[o["firm_type"] == "cro", "firm_id"].to_numpy()
    rnd_buyers = f.loc[f["high_tech"], "firm_id"].to_numpy()
    s, bu, v = choose_buyers(rng, cro, rnd_buyers, None, 2, 4, rev[cro].to_numpy() * 0.004)
    frames.append(
        link_frame(
            rng,
            s,
            bu,
            v,
            chain=CHAIN,
            segment="rnd_services",
            year=YEAR,
            complexity=0.85,
            codifiability=0.3,
            evidence_table=EVIDENCE_LOCAL,
            flow="sourcing",
        )
    )
    # external sales by buyer and market, 2017-2019, calibrated to exports of 2.158 bn yuan
    foreign_buyers = o[o["firm_type"] == "foreign_buyer"]
    dom_buyers = o[
        o["firm_type"].isin(["domestic_buyer", "fpp_maker", "distributor", "high_end_api"])
        & o["region_id"].str.startswith("CN-")
    ]
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
    # bulk API exports are concentrated: each firm has one contract buyer, mostly the same
    # originator; intermediates go to the generic makers
    originators = foreign_buyers[foreign_buyers["main_segment"] == "innovator_fpp"]
    generics = foreign_buyers[foreign_buyers["main_segment"] == "generic_fpp"]
    bulk_pool = pd.concat([originators.iloc[:1], generics.iloc[:1]])
    rows: list[dict[str, Any]] = []
    for i, (fid, seg) in enumerate(zip(f["firm_id"], f["main_segment"], strict=True)):
        fv, dv = ext[i] * x[i], ext[i] * (1 - x[i])
        if fv > 0:
            if seg in ("bulk_api", "intermediates", "basic_chemicals"):
                pool = bulk_pool if seg == "bulk_api" else generics
                k = 1 if seg == "bulk_api" else 2
                w = np.ones(len(pool))
                w[0] = 4.0
                pick = rng.choice(len(pool), k, replace=False, p=w / w.sum())
            else:
                pool = foreign_buyers
                pick = rng.choice(len(pool), min(3, len(pool)), replace=False)
            for j, share in zip(pick, rng.dirichlet(np.ones(len(pick)) * 2), strict=True):
                rows.append(
                    dict(
                        firm_id=fid,
                        market_region_id=pool["region_id"].iat[j],
                        buyer_id=pool["firm_id"].iat[j],
                        channel="contract_manufacturing" if seg == "bulk_api" else "direct",
                        value=fv * share,
                        foreign=True,
                        seg=seg,
                    )
                )
        if dv > 0:
            k = 2 if seg != "generic_fpp" else 3
            pick = rng.choice(len(dom_buyers), k, replace=False)
            for j, share in zip(pick, rng.dirichlet(np.ones(k) * 2), strict=True):
                rows.append(
                    dict(
                        firm_id=fid,
                        market_region_id=dom_buyers["region_id"].iat[j],
                        buyer_id=dom_buyers["firm_id"].iat[j],
                        channel="hospital_tender" if seg == "generic_fpp" else "direct",
                        value=dv * share,
                        foreign=False,
                        seg=seg,
                    )
                )
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
    b.add_frame(
        "sales", sales[["firm_id", "market_region_id", "value", "year", "channel", "buyer_id"]]
    )
    # the 2019 deliveries to named buyers are supply relations too
    gov = {
        "bulk_api": (0.65, 0.8),
        "intermediates": (0.45, 0.8),
        "basic_chemicals": (0.25, 0.85),
        "specialty_api": (0.7, 0.4),
        "patented_api": (0.85, 0.3),
        "generic_fpp": (0.5, 0.75),
        "distribution": (0.2, 0.9),
    }
    for seg, g in s19.groupby("seg"):
        cx, cd = gov[str(seg)]
        ev = EVIDENCE_CROSS_BORDER if bool(g["foreign"].any()) else EVIDENCE_LOCAL
        frames.append(
            link_frame(
                rng,
                g["firm_id"].to_numpy(),
                g["buyer_id"].to_numpy(),
                g["value"].to_numpy(),
                chain=CHAIN,
                segment=str(seg),
                year=YEAR,
                complexity=cx,
                codifiability=cd,
                evidence_table=ev,
                flow="to_buyer",
            )
        )
    b.add_frame("supply_links", pd.concat(frames, ignore_index=True))
