"""Supply links and sales by market of ``ouhai-eyewear``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.common import (
    BLOCS,
    EVIDENCE_CROSS_BORDER,
    EVIDENCE_LOCAL,
    Builder,
    cn,
    evidence,
    governance_pair,
)
from chainchief.examples.ouhai.spec import (
    _FINAL,
    _OTHER_MARKETS,
    _TARGET_BLOC,
    CHAIN,
    N_EXPORT_FOCUSED,
    N_FRAME_EXPORTERS,
    N_SWITCHERS,
    RELATED,
    TARGET_SHARE,
    YEAR,
    _bloc_of,
)


def _links(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> None:
    """Supply links of 2019: local sourcing, outside suppliers and the Japanese supplier."""
    rng = b.rng
    out: list[pd.DataFrame] = []

    def emit(
        sup: np.ndarray,
        buy: np.ndarray,
        val: np.ndarray,
        chain: str,
        seg: str,
        cx: float,
        cd: float,
        ev: tuple[tuple[str, str, float], ...],
        **extra: Any,
    ) -> None:
        n = len(sup)
        if n == 0:
            return
        c, k = governance_pair(rng, n, cx, cd)
        st, src = evidence(rng, n, ev)
        out.append(
            pd.DataFrame(
                dict(
                    supplier_id=sup,
                    buyer_id=buy,
                    chain_id=chain,
                    segment_id=seg,
                    value=np.round(val, -2),
                    year=YEAR,
                    complexity=c,
                    codifiability=k,
                    status=st,
                    source=src,
                    **extra,
                )
            )
        )

    f.set_index("firm_id")["main_segment"]
    rev = f.set_index("firm_id")["revenue"]

    def local(
        seller_seg: str,
        buyer_segs: list[str],
        kmin: int,
        kmax: int,
        chain: str,
        seg: str,
        cx: float,
        cd: float,
        frac: float,
    ) -> None:
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
        emit(
            np.array(sup),
            np.array(buy),
            np.array(val),
            chain,
            seg,
            cx,
            cd,
            EVIDENCE_LOCAL,
            flow="local",
        )

    local("parts", ["frames", "assembly"], 2, 5, CHAIN, "parts", 0.3, 0.8, 0.95)
    local("materials", ["parts", "frames", "lenses"], 3, 6, CHAIN, "materials", 0.25, 0.85, 0.95)
    local("frames", ["assembly", "distribution"], 1, 4, CHAIN, "frames", 0.45, 0.7, 0.5)
    local("lenses", ["assembly", "distribution"], 2, 5, CHAIN, "lenses", 0.55, 0.7, 0.5)
    local(
        "design", ["assembly", "frames", "lenses", "brand"], 2, 4, CHAIN, "design", 0.75, 0.3, 0.9
    )
    local(
        "cases_packaging",
        ["assembly", "distribution", "brand"],
        3,
        6,
        RELATED,
        "cases_packaging",
        0.2,
        0.9,
        0.95,
    )
    local(
        "testing_equipment",
        ["lenses", "assembly"],
        2,
        4,
        RELATED,
        "testing_equipment",
        0.6,
        0.6,
        0.9,
    )

    top = f.loc[f["size_class"] == "top", "firm_id"].to_numpy()
    mid_asm = f.loc[
        (f["size_class"] == "mid") & (f["main_segment"] == "assembly"), "firm_id"
    ].to_numpy()
    high_end = np.concatenate([top, mid_asm[:2]])
    jp = o.loc[o["firm_type"] == "japan_supplier", "firm_id"].iat[0]
    for seg, share in (("frames", 0.06), ("lenses", 0.08)):
        emit(
            np.array([jp] * len(high_end)),
            high_end,
            rev[high_end].to_numpy() * share,
            CHAIN,
            seg,
            0.78,
            0.38,
            (("verified", "interview", 0.5), ("verified", "customs record", 0.5)),
            flow="sourcing",
        )
    asm = f.loc[f["main_segment"].isin(["assembly"]), "firm_id"].to_numpy()

    def outside(
        kind_mask: pd.Series,
        buyers: np.ndarray,
        k: int,
        seg: str,
        share: float,
        cx: float,
        cd: float,
        chain: str = CHAIN,
    ) -> None:
        sups = o.loc[kind_mask, "firm_id"].to_numpy()
        sup, buy = [], []
        for s in sups:
            chosen = rng.choice(buyers, size=min(k, len(buyers)), replace=False)
            sup += [s] * len(chosen)
            buy += list(chosen)
        buy_a = np.array(buy)
        ev = (
            EVIDENCE_CROSS_BORDER
            if not str(o.loc[kind_mask, "region_id"].iat[0]).startswith("CN")
            else EVIDENCE_LOCAL
        )
        emit(
            np.array(sup),
            buy_a,
            rev[buy_a].to_numpy() * share * rng.uniform(0.5, 1.5, len(buy_a)),
            chain,
            seg,
            cx,
            cd,
            ev,
            flow="sourcing",
        )

    is_sup = o["firm_type"] == "supplier"
    main = o["main_segment"]
    domestic = o["region_id"].str.startswith("CN-")

    def local_in(*segs: str) -> np.ndarray:
        return f.loc[f["main_segment"].isin(list(segs)), "firm_id"].to_numpy()

    # (suppliers, buyers, buyers per supplier, segment, share of buyer revenue, cx, cd, chain)
    plan = [
        (is_sup & (main == "lenses"), asm, 8, "lenses", 0.05, 0.5, 0.72, CHAIN),
        (
            is_sup & (main == "parts"),
            local_in("frames", "assembly"),
            6,
            "parts",
            0.03,
            0.3,
            0.8,
            CHAIN,
        ),
        (
            is_sup & (main == "materials") & domestic,
            local_in("parts", "frames", "lenses"),
            9,
            "materials",
            0.04,
            0.25,
            0.85,
            CHAIN,
        ),
        (
            is_sup & (main == "materials") & ~domestic,
            local_in("frames"),
            10,
            "materials",
            0.05,
            0.3,
            0.8,
            CHAIN,
        ),
        (is_sup & (main == "cases_packaging"), asm, 6, "cases_packaging", 0.01, 0.2, 0.9, RELATED),
        (
            is_sup & (main == "testing_equipment"),
            local_in("lenses"),
            4,
            "testing_equipment",
            0.01,
            0.6,
            0.6,
            RELATED,
        ),
        # past, small relations of the Guangdong park's firms with a few Ouhai firms
        (
            (o["firm_type"] == "park_supplier") & (main == "frames"),
            asm,
            1,
            "frames",
            0.005,
            0.5,
            0.65,
            CHAIN,
        ),
        (
            (o["firm_type"] == "park_supplier") & (main == "lenses"),
            asm,
            1,
            "lenses",
            0.005,
            0.5,
            0.65,
            CHAIN,
        ),
    ]
    for mask, buyers, k, seg, share, cx, cd, chain in plan:
        outside(mask, buyers, k, seg, share, cx, cd, chain)
    b.add_frame("supply_links", pd.concat(out, ignore_index=True))


def _calibrate_exports(
    e: np.ndarray,
    o: np.ndarray,
    weight: np.ndarray,
    focused: np.ndarray,
    target: float,
) -> np.ndarray:
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
    return np.where(focused, np.clip(e + d, 0.5, 0.995), e)


def _sales(b: Builder, f: pd.DataFrame, o: pd.DataFrame) -> pd.Series:
    """Sales by market, buyer and year; returns the 2019 export share per seller."""
    rng = b.rng
    sellers = f[f["main_segment"].isin(list(_FINAL))].copy()
    frames_mask = sellers["main_segment"] == "frames"
    frame_exp = (
        sellers[frames_mask].sort_values("revenue", ascending=False).index[:N_FRAME_EXPORTERS]
    )
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
    e = _calibrate_exports(e, o_share, sellers["final"].to_numpy(), focused, TARGET_SHARE)
    t = e - o_share
    buyers = o[o["firm_type"] == "foreign_buyer"]
    buyer_bloc = buyers["region_id"].map(_bloc_of)
    pop = {bl: g for bl, g in buyers.groupby(buyer_bloc)}
    dom_buyers = o[o["firm_type"] == "domestic_brand"]
    switch_pool = np.flatnonzero(
        focused
        & (sellers["size_class"] == "small").to_numpy()
        & (sellers["oem_share"] > 0.5).to_numpy()
    )
    switchers = set(rng.choice(switch_pool, N_SWITCHERS, replace=False).tolist())
    rows: list[dict[str, Any]] = []
    for i, (fid, final, oem) in enumerate(
        zip(sellers["firm_id"], sellers["final"], sellers["oem_share"], strict=True)
    ):
        split = rng.dirichlet(np.array(list(_TARGET_BLOC.values())) * 20)
        g18, covid = rng.uniform(0.9, 1.0), rng.uniform(0.72, 0.88)
        lines: list[tuple[Any, Any, str, float, bool]] = []
        for bloc, w in zip(_TARGET_BLOC, split, strict=True):
            v = final * t[i] * w
            if oem > 0.5:
                cand = pop["USA" if bloc == "USA" else bloc]
                wts = np.arange(len(cand), 0, -1, dtype=float) ** 1.5
                j = rng.choice(len(cand), p=wts / wts.sum())
                lines.append(
                    (cand["region_id"].iat[j], cand["firm_id"].iat[j], "oem_buyer", v, True)
                )
            else:
                iso = (
                    "USA"
                    if bloc == "USA"
                    else str(rng.choice(BLOCS[bloc][:5] if bloc == "SAM" else BLOCS["EU"]))
                )
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
                rows.append(
                    dict(
                        firm_id=fid,
                        market_region_id=dom_buyers["region_id"].iat[j],
                        channel="oem_buyer",
                        buyer_id=dom_buyers["firm_id"].iat[j],
                        year=2020,
                        value=lost * rng.uniform(0.6, 0.9) / k,
                    )
                )
    s = pd.DataFrame(rows)
    s["value"] = np.round(s["value"], -2)
    s = s[s["value"] > 0]
    b.add_frame("sales", s)
    # the OEM orders of 2019 are also supply relations to the buyers (captive governance)
    oem = s[(s["year"] == YEAR) & (s["channel"] == "oem_buyer")]
    oem_seg = oem["firm_id"].map(sellers.set_index("firm_id")["main_segment"])
    oem_seg = oem_seg.where(oem_seg.isin(["lenses", "frames", "distribution"]), "assembly")
    cx, cd = governance_pair(rng, len(oem), 0.7, 0.75)
    b.add_frame(
        "supply_links",
        pd.DataFrame(
            dict(
                supplier_id=oem["firm_id"].to_numpy(),
                buyer_id=oem["buyer_id"].to_numpy(),
                chain_id=CHAIN,
                segment_id=oem_seg.to_numpy(),
                value=oem["value"].to_numpy(),
                year=YEAR,
                complexity=cx,
                codifiability=cd,
                status="verified",
                source="customs record",
                flow="to_buyer",
            )
        ),
    )
    exp = pd.Series(e, index=sellers["firm_id"].to_numpy())
    return exp
