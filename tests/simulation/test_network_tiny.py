"""Network building and a Japanese-supplier disruption on the tiny Ouhai-like package."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainchief.package import read_package
from chainchief.simulation import (
    CapacityLoss,
    IccmParams,
    SimParams,
    build_network,
    rank_substitutes,
    run,
    run_reference,
)
from chainchief.simulation.metrics import resilience_metrics


def test_baseline_from_package(tiny_dir: Path) -> None:
    pkg = read_package(tiny_dir)
    net = build_network(pkg, SimParams())
    ids = list(net.firm_ids)
    x0 = dict(zip(ids, net.x0 * 365, strict=True))
    # F2 sells 60 (to F4, no supply link: a final sale) + 20 final + 3 to F5.
    assert x0["F2"] == pytest.approx(83.0)
    # F3 sells 30 final + 4 of lenses to F2; F4 only 20 of lenses (no sales rows, revenue
    # 500 beyond its intermediate sales goes to its home market).
    assert x0["F3"] == pytest.approx(34.0)
    assert x0["F4"] == pytest.approx(500.0)
    # Input coefficient of F2 on lenses: (20 + 4) / 83; link shares 20/24 and 4/24.
    q = int(
        np.flatnonzero(
            (net.firm_ids[net.pair_buyer] == "F2")
            & (net.segment_keys[net.pair_seg] == "eyewear/lenses")
        )[0]
    )
    assert net.pair_a[q] == pytest.approx(24.0 / 83.0)
    w = sorted(net.link_w0[net.link_pair == q])
    assert w == pytest.approx([4 / 24, 20 / 24])
    # Capacity: firm_segments.capacity when above baseline x (1 + headroom).
    assert net.cap[ids.index("F3")] * 365 == pytest.approx(max(40.0, 34.0 * 1.2))
    # Link scales: F4 (Japan) -> F2 (Ouhai) relate in the East-Asia bloc.
    lk = np.flatnonzero(net.link_sup == ids.index("F4"))[0]
    assert net.link_scale[lk] == 4  # supranational
    assert net.link_lead[lk] == 20


def test_rank_substitutes_tiny(tiny_dir: Path) -> None:
    pkg = read_package(tiny_dir)
    r = rank_substitutes(
        "OH", "lenses", regions=pkg.regions, firms=pkg.firms, firm_segments=pkg.firm_segments
    )
    assert list(r["firm_id"]) == ["F3", "F4"]
    assert list(r["stage"]) == ["national", "supranational"]
    r = rank_substitutes(
        "OH",
        "lenses",
        regions=pkg.regions,
        firms=pkg.firms,
        firm_segments=pkg.firm_segments,
        exclude=["F4"],
        partner_regions=["GD"],
    )
    assert list(r["firm_id"]) == ["F3"] and list(r["stage"]) == ["partner"]
    assert list(r["scale"]) == ["national"] and list(r["rank"]) == [1]


@pytest.mark.parametrize("impl", [run, run_reference])
def test_japanese_supplier_cut_hurts_until_guangdong_substitutes(tiny_dir: Path, impl) -> None:
    # The Ouhai assembler F2 gets most lenses from Japan (F4, 20 days away) and a few from
    # Longgang, Guangdong (F3). Japan stops for 145 days. With 1 day of lens inventory F2
    # stops once the Japanese pipeline is empty (day 5 + 20 + 1), until the search reaches
    # F3: at the national step without ICCM, at the partner-park step (Guangdong) with it.
    pkg = read_package(tiny_dir)
    shock = [CapacityLoss(regions=["JPN"], loss=1.0, start=5, end=150)]
    out = {}
    for iccm in (False, True):
        params = SimParams(
            days=160,
            inventory_days=1,
            capacity_headroom=1.0,  # F3 has room to take over the lenses
            iccm=IccmParams(enabled=iccm, partner_regions=["GD"]),
        )
        net = build_network(pkg, params)
        res = impl(net, params, shock)
        f2 = net.firm_ids == "F2"
        ev = res.events_frame().query("kind == 'substitute'")
        first = ev.iloc[0]
        assert first["buyer"] == "F2" and first["new_supplier"] == "F3"
        assert res.firm_output is not None
        ratio = res.firm_output[:, f2].ravel() / net.x0[f2][0]
        m = resilience_metrics(res, net, shock_start=5, firm_mask=f2)
        out[iccm] = (ratio, int(first["day"]), first["stage"], m)
    r0, day0, st0, m0 = out[False]
    r1, day1, st1, m1 = out[True]
    assert (st0, st1) == ("national", "partner")
    assert (day0, day1) == (5 + 2 + 18, 5 + 2 + 9)
    # Without ICCM F2 is hurt: the last Japanese lenses arrive on day 24; with its small
    # stock and the extra it gets over F3's existing link it lasts until day 30, runs dry
    # on day 31 and is back on day 32, when F3's first substitute shipment arrives (found
    # on day 25, national lead 5 days + 1 penalty day, shipped from day 26).
    assert r0[:31].min() > 0.99 and r0[31] < 0.5
    assert r0[32:150].min() > 0.99
    # ICCM finds Guangdong earlier: less loss, more of the lost supply replaced in 30 days.
    assert r1[:150].min() > r0[:150].min()
    assert m1["cumulative_loss"] < m0["cumulative_loss"]
    assert m1["replaced_share"] > m0["replaced_share"]
