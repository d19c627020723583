"""Small cases whose trajectories are worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from chainchief.simulation import (
    FirmFailure,
    IccmParams,
    SimParams,
    build_network,
    run,
    run_reference,
)
from chainchief.simulation.synthetic import package_from_lists as frames

Y = 365.0


def three_firm_chain(lead: float | None = None):
    return frames(
        firms=[("a", "P0F0L0", "raw"), ("b", "P0F0L0", "part"), ("c", "P0F0L0", "final")],
        links=[("a", "b", "raw", 10 * Y), ("b", "c", "part", 20 * Y)],
        sales=[("c", "CN", 50 * Y)],
        lead=lead,
    )


@pytest.mark.parametrize(("days", "lead"), [(10.0, None), (4.0, 3.0), (1.0, 2.0)])
@pytest.mark.parametrize("impl", [run, run_reference])
def test_cutting_middle_firm_stops_end_firm_on_predicted_day(days, lead, impl):
    # b fails on day s. c keeps receiving what b shipped before (lead L days), then lives
    # on its inventory of `days` days of use: it produces at baseline through day
    # s + L + days - 1 and nothing from day s + L + days on.
    s = 5
    params = SimParams(days=30, inventory_days=days, substitution=False)
    net = build_network(three_firm_chain(lead), params)
    res = impl(net, params, [FirmFailure(firms=["b"], start=s)])
    c = list(net.firm_ids).index("c")
    out = res.firm_output[:, c]
    L = 1 if lead is None else int(lead)  # local lead time by default
    stop = s + L + int(days)
    assert net.x0[c] == pytest.approx(50.0)
    np.testing.assert_allclose(out[:stop], 50.0, rtol=1e-9)
    np.testing.assert_allclose(out[stop:], 0.0, atol=1e-9)
    b = list(net.firm_ids).index("b")
    assert np.all(res.firm_output[s:, b] == 0.0)


def substitution_case():
    # c buys its part from b (same county). Candidates: f (same county, no spare),
    # g (same prefecture, no spare), d (same province, spare), h (partner province P1,
    # spare), e (Japan, spare).
    firms = [
        ("b", "P0F0L0", "part"),
        ("c", "P0F0L0", "final"),
        ("f", "P0F0L0", "part"),
        ("g", "P0F0L1", "part"),
        ("d", "P0F1L0", "part"),
        ("h", "P1F0L0", "part"),
        ("e", "JP", "part"),
    ]
    sales = [("c", "CN", 50 * Y)] + [(x, "CN", 10 * Y) for x in "bfgdhe"]
    return firms, sales


@pytest.mark.parametrize("impl", [run, run_reference])
def test_substitution_at_first_scale_with_spare_capacity(impl):
    firms, sales = substitution_case()
    data = frames(
        firms,
        [("b", "c", "part", 20 * Y)],
        sales,
        capacity={"d": 100 * Y, "h": 100 * Y, "e": 100 * Y},
    )
    params = SimParams(days=30, capacity_headroom=0.0)
    net = build_network(data, params)
    s = 4
    res = impl(net, params, [FirmFailure(firms=["b"], start=s)])
    ev = res.events_frame()
    sub = ev[ev["kind"] == "substitute"]
    assert len(sub) == 1
    row = sub.iloc[0]
    # Short from day s; the search starts after 3 short days (day s + 2); local (3 days),
    # prefecture (3) and province (5) steps: found on day s + 2 + 11.
    assert row["day"] == s + 2 + 3 + 3 + 5
    assert row["new_supplier"] == "d"
    assert row["stage"] == "province"
    assert row["scale"] == "province"
    assert row["volume"] == pytest.approx(20.0)


@pytest.mark.parametrize("impl", [run, run_reference])
@pytest.mark.parametrize("iccm", [False, True])
def test_iccm_partner_park_found_earlier(impl, iccm):
    firms, sales = substitution_case()
    data = frames(firms, [("b", "c", "part", 20 * Y)], sales, capacity={"h": 100 * Y})
    params = SimParams(
        days=40, capacity_headroom=0.0, iccm=IccmParams(enabled=iccm, partner_regions=["P1"])
    )
    net = build_network(data, params)
    s = 4
    res = impl(net, params, [FirmFailure(firms=["b"], start=s)])
    sub = res.events_frame().query("kind == 'substitute'")
    assert list(sub["new_supplier"]) == ["h"]
    day = int(sub["day"].iloc[0])
    if iccm:
        # Delays halved and rounded up: 2 + 2 + 3 + partner 2.
        assert (day, sub["stage"].iloc[0]) == (s + 2 + 9, "partner")
    else:
        # No partner step: local 3 + prefecture 3 + province 5 + national 7.
        assert (day, sub["stage"].iloc[0]) == (s + 2 + 18, "national")
    assert sub["scale"].iloc[0] == "national"


@pytest.mark.parametrize("impl", [run, run_reference])
def test_links_recovered_after_supplier_recovers(impl):
    firms, sales = substitution_case()
    data = frames(firms, [("b", "c", "part", 20 * Y)], sales, capacity={"d": 100 * Y})
    params = SimParams(days=33, capacity_headroom=0.0, recover_days=5)
    net = build_network(data, params)
    res = impl(net, params, [FirmFailure(firms=["b"], start=4, end=25)])
    ev = res.events_frame()
    rec = ev[ev["kind"] == "recover"]
    assert len(rec) == 1
    # b is healthy again from day 25; after 5 healthy days (25..29) the link returns.
    assert rec["day"].iloc[0] == 29
    assert (rec["old_supplier"].iloc[0], rec["new_supplier"].iloc[0]) == ("d", "b")
    # The substitute from d keeps delivering until b's first new shipment (ordered on
    # day 30, lead 1 day) can arrive: it retires on day 29 + 1 + 1 = 31.
    w = res.link_weights_end
    assert w is not None and w[0] == pytest.approx(1.0) and w[1:].sum() == 0.0
    assert res.firm_output is not None
    d = list(net.firm_ids).index("d")
    assert res.firm_output[30, d] > 10.0 + 1e-9  # still selling to c
    assert res.firm_output[32, d] == pytest.approx(10.0)  # back to its own final sales


def test_iccm_priority_serves_critical_orders_first():
    # s supplies x (critical input) and y (whose input is marked non-critical); s loses half
    # its capacity. Without ICCM both get half; with priority x is served in full.
    data = frames(
        firms=[("s", "P0F0L0", "part"), ("x", "P0F0L0", "fin"), ("y", "P0F0L0", "alt")],
        links=[("s", "x", "part", 10 * Y), ("s", "y", "part", 10 * Y)],
        sales=[("x", "CN", 20 * Y), ("y", "CN", 20 * Y)],
    )
    from chainchief.simulation import CapacityLoss

    shock = [CapacityLoss(regions=["P0F0L0"], loss=0.5, segments=["part"], start=0)]
    for iccm, expect in [(False, 0.5), (True, 1.0)]:
        params = SimParams(
            days=3,
            capacity_headroom=0.0,
            substitution=False,
            inventory_days=30.0,
            iccm=IccmParams(enabled=iccm),
            inventory_days_by_firm={"y": 30.0},
        )
        params.noncritical_segments = []
        net = build_network(data, params)
        # Make y's input non-critical by hand (pair of buyer y).
        ypair = np.flatnonzero(net.firm_ids[net.pair_buyer] == "y")
        net.pair_critical[ypair] = False
        r1, r2 = run(net, params, shock), run_reference(net, params, shock)
        for r in (r1, r2):
            assert r.firm_output is not None
            s = list(net.firm_ids).index("s")
            assert r.firm_output[0, s] == pytest.approx(10.0)
        # Deliveries to x on day 0 arrive on day 1: x's inventory shows them.
        xi = list(net.firm_ids).index("x")
        base_stock = 30.0 * 10.0
        got = r1.firm_inventory[1, xi] - (base_stock - 10.0)  # day 1: one day used, arrivals
        np.testing.assert_allclose(r1.firm_inventory, r2.firm_inventory, rtol=1e-9)
        assert got == pytest.approx(10.0 * expect, rel=1e-9)
