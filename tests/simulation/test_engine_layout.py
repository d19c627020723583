"""The engine's storage layout: growable pipeline blocks, and runs on several threads."""

from __future__ import annotations

import numpy as np
import pytest

from chainchief.simulation import CapacityLoss, LogisticsDelay, SimParams, TradeBarrier, run
from chainchief.simulation.params import IccmParams
from chainchief.simulation.search import Pipeline, slot_mask
from chainchief.simulation.synthetic import random_network


def test_slot_mask_is_power_of_two_above_longest_lead() -> None:
    lead = np.array([1, 2, 3, 5, 14, 30])
    extra = np.array([0, 0, 0, 0, 7, 7])
    m = slot_mask(lead, extra)
    assert m.tolist() == [1, 3, 3, 7, 31, 63]
    assert ((m + 1) > lead + extra).all() and (((m + 1) & m) == 0).all()


def test_links_of_a_pair_share_slots_within_a_class() -> None:
    pipe = Pipeline(reserve=0.0)
    cls, cidx = pipe.assign(np.array([7, 7, 3, 7, 7]), np.array([0, 0, 0, 1, 2]))
    assert cls[0] == cls[1] == cls[3] == cls[4] != cls[2]
    assert cidx.tolist() == [0, 0, 0, 1, 2]
    assert pipe.count[cls[0]] == 3 and pipe.count[cls[2]] == 1
    # Later links (substitutes) get slot sets of their own.
    _, cidx2 = pipe.assign(np.array([7, 7]))
    assert cidx2.tolist() == [3, 4]


def test_pipeline_keeps_slots_when_a_class_grows() -> None:
    pipe = Pipeline(reserve=0.0)
    cls, cidx = pipe.assign(np.array([7, 7, 3]))
    c7, c3 = int(cls[0]), int(cls[2])
    assert cls[1] == c7 != c3 and cidx.tolist() == [0, 1, 0]

    def slot(c: int, i: int, j: int) -> int:
        return int(pipe.base[c] + j * pipe.cap[c] + i)

    for i in range(2):
        for j in range(8):
            pipe.buf[slot(c7, i, j)] = 10 * i + j
    pipe.buf[slot(c3, 0, 2)] = 99.0
    cap0 = pipe.cap[c7]
    # Enough new links of class 0 to overflow it, and a new class.
    cls2, cidx2 = pipe.assign(np.array([7] * int(cap0) + [63]))
    assert pipe.cap[c7] > cap0 and len(pipe.masks) == 3
    assert cidx2[:3].tolist() == [2, 3, 4] and cls2[-1] not in (c7, c3)
    for i in range(2):
        for j in range(8):
            assert pipe.buf[slot(c7, i, j)] == 10 * i + j
    assert pipe.buf[slot(c3, 0, 2)] == 99.0


@pytest.mark.parametrize("threads", [2, 3])
def test_threads_agree_with_one_thread_and_are_deterministic(threads: int) -> None:
    p = SimParams(days=90)
    net = random_network(3000, 30000, seed=3, params=p, n_provinces=4, n_pref=3, n_local=2)
    shocks = [
        CapacityLoss(regions=["P0"], loss=0.6, start=10, end=40, recovery_days=10),
        LogisticsDelay(scales=["global"], extra_days=5, start=10, end=50),
    ]
    one = run(net, p, shocks, seed=0, threads=1)
    many = run(net, p, shocks, seed=0, threads=threads)
    again = run(net, p, shocks, seed=0, threads=threads)
    assert len(one.events) > 0
    for name in ("output", "inventory", "in_transit", "link_deliveries", "arrivals"):
        np.testing.assert_allclose(getattr(many, name), getattr(one, name), rtol=1e-9)
        np.testing.assert_array_equal(getattr(many, name), getattr(again, name))
    np.testing.assert_allclose(many.firm_output, one.firm_output, rtol=1e-9, atol=1e-12)
    assert len(many.events) == len(one.events)


def test_compacting_substitutes_changes_nothing_but_rounding() -> None:
    p = SimParams(days=120)
    net = random_network(3000, 30000, seed=5, params=p, n_provinces=4, n_pref=3, n_local=2)
    shocks = [CapacityLoss(regions=["P1"], loss=0.7, start=5, end=40, recovery_days=5)]
    plain = run(net, p, shocks, seed=0, compact_min=10**12)
    packed = run(net, p, shocks, seed=0, compact_min=50)
    # Substitutes were added, and some were dropped after retiring.
    assert (plain.link_weights_end > 0).sum() == (packed.link_weights_end > 0).sum()
    assert len(packed.link_weights_end) < len(plain.link_weights_end)
    for name in ("output", "inventory", "in_transit", "link_deliveries", "replaced"):
        np.testing.assert_allclose(getattr(packed, name), getattr(plain, name), rtol=1e-9)
    np.testing.assert_allclose(packed.firm_output, plain.firm_output, rtol=1e-9, atol=1e-12)
    cols = ["day", "kind", "buyer", "segment", "old_supplier", "new_supplier", "stage"]
    a = plain.events.sort_values(cols).reset_index(drop=True)
    b = packed.events.sort_values(cols).reset_index(drop=True)
    assert a[cols].equals(b[cols])
    np.testing.assert_allclose(a["volume"], b["volume"], rtol=1e-9)


@pytest.mark.parametrize("threads", [1, 2])
def test_split_kernels_of_large_networks_agree_with_fused_ones(
    threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FUSED_MAX_FIRMS the link passes gather and scatter in separate loops; the
    results are the same (ICCM priority and a tariff make every branch run)."""
    from chainchief.simulation import passes

    p = SimParams(days=80, iccm=IccmParams(enabled=True))
    net = random_network(2000, 20000, seed=7, params=p, n_provinces=4, n_pref=3, n_local=2)
    shocks = [
        CapacityLoss(regions=["P0"], loss=0.6, start=10, end=40, recovery_days=10),
        TradeBarrier(from_regions=["P1"], to_regions=["P2"], flow_cut=0.5, cost_increase=0.1,
                     start=5, end=60),
    ]  # fmt: skip
    fused = run(net, p, shocks, seed=0, threads=threads)
    monkeypatch.setattr(passes, "FUSED_MAX_FIRMS", 0)
    split = run(net, p, shocks, seed=0, threads=threads)
    assert len(fused.events) > 0 and fused.extra_cost.sum() > 0
    for name in ("output", "inventory", "link_deliveries", "replaced", "extra_cost"):
        np.testing.assert_allclose(getattr(split, name), getattr(fused, name), rtol=1e-9)
    np.testing.assert_allclose(split.firm_output, fused.firm_output, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(split.link_weights_end, fused.link_weights_end, atol=1e-12)
    assert split.events.drop(columns="volume").equals(fused.events.drop(columns="volume"))


@pytest.mark.parametrize(("threads", "substitution"), [(1, True), (2, True), (1, False)])
def test_plain_deliveries_match_the_general_kernel(
    threads: int, substitution: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deliver kernel without loop-invariant tests (large firm networks, no trade
    barrier) gives bitwise the same run as the general kernel."""
    from chainchief.simulation import passes

    monkeypatch.setattr(passes, "FUSED_MAX_FIRMS", 0)
    p = SimParams(days=80, substitution=substitution)
    net = random_network(2000, 20000, seed=5, params=p, n_provinces=4, n_pref=3, n_local=2)
    shocks = [
        CapacityLoss(regions=["P0", "P1"], loss=0.7, start=10, end=40, recovery_days=10),
        LogisticsDelay(scales=["global"], extra_days=5, start=10, end=50),
    ]
    plain = run(net, p, shocks, seed=0, threads=threads)
    monkeypatch.setattr(passes, "PLAIN_DELIVERIES", False)
    general = run(net, p, shocks, seed=0, threads=threads)
    assert (len(plain.events) > 0) == substitution
    for name in ("output", "inventory", "in_transit", "link_deliveries", "replaced"):
        np.testing.assert_array_equal(getattr(plain, name), getattr(general, name), err_msg=name)
    np.testing.assert_array_equal(plain.link_weights_end, general.link_weights_end)
    assert plain.events.equals(general.events)
    assert plain.link_overfill.max() == general.link_overfill.max()


@pytest.mark.parametrize(("threads", "barrier"), [(1, False), (2, False), (2, True)])
def test_kept_rates_match_gathered_rates(
    threads: int, barrier: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rationing shares rewritten only for suppliers whose share changed give bitwise the
    same run as shares gathered for every link every day."""
    from chainchief.simulation import passes

    monkeypatch.setattr(passes, "FUSED_MAX_FIRMS", 0)
    p = SimParams(days=80)
    net = random_network(2000, 20000, seed=7, params=p, n_provinces=4, n_pref=3, n_local=2)
    shocks: list = [
        CapacityLoss(regions=["P0", "P1"], loss=0.7, start=10, end=40, recovery_days=10),
        CapacityLoss(regions=["P2"], loss=0.5, start=50, end=60),
    ]
    if barrier:
        shocks.append(TradeBarrier(from_regions=["P3"], to_regions=["P0"], flow_cut=0.5, start=5))
    kept = run(net, p, shocks, seed=0, threads=threads)
    monkeypatch.setattr(passes, "SYNC_RATES", False)
    gathered = run(net, p, shocks, seed=0, threads=threads)
    assert len(kept.events) > 0 and kept.output.min() < 0.95 * kept.output[0]
    for name in ("output", "inventory", "in_transit", "link_deliveries", "replaced"):
        np.testing.assert_array_equal(getattr(kept, name), getattr(gathered, name), err_msg=name)
    np.testing.assert_array_equal(kept.link_weights_end, gathered.link_weights_end)
    assert kept.events.equals(gathered.events)


def test_links_by_supplier_lists_each_link_once_in_order() -> None:
    from chainchief.simulation import kernels as kn

    sup = np.array([3, 0, 3, 1, 0, 3], dtype=np.int32)
    start = np.zeros(5, dtype=np.int64)
    order = np.empty(len(sup), dtype=np.int32)
    kn.links_by_supplier(sup, start, order)
    assert start.tolist() == [0, 2, 3, 3, 6]
    assert order.tolist() == [1, 4, 3, 0, 2, 5]


def test_split_recovered_keeps_both_orders() -> None:
    from chainchief.simulation import kernels as kn

    idx = np.array([7, 3, 9, 4, 8, 0], dtype=np.int64)
    sup = np.array([0, 1, 2, 1, 0, 2], dtype=np.int32)
    healthy = np.array([5, 1, 6])
    out = np.empty(len(idx), dtype=np.int64)
    kept, moved = kn.split_recovered(idx, sup, 5, healthy, 5, out)  # the last entry is unused
    assert (kept, moved) == (2, 3)
    assert out[:moved].tolist() == [7, 9, 8]  # suppliers 0 and 2 healthy for >= 5 days
    assert idx[:kept].tolist() == [3, 4] and sup[:kept].tolist() == [1, 1]
