"""The events table: categorical text columns over the network's names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chainchief.simulation import CapacityLoss, SimParams, run
from chainchief.simulation.params import SCALES
from chainchief.simulation.result import EVENT_COLUMNS, EVENT_STAGES, events_frame
from chainchief.simulation.synthetic import random_network


@pytest.fixture(scope="module")
def case() -> tuple:
    p = SimParams(days=80)
    net = random_network(1500, 15000, seed=2, params=p, n_provinces=4, n_pref=3, n_local=2)
    shocks = [CapacityLoss(regions=["P0", "P1"], loss=0.7, start=10, end=40, recovery_days=5)]
    return net, run(net, p, shocks, seed=0)


def test_text_columns_are_categories_of_the_networks_names(case: tuple) -> None:
    net, res = case
    ev = res.events
    assert list(ev.columns) == list(EVENT_COLUMNS) and len(ev) > 0
    assert set(ev["kind"]) == {"substitute", "recover"}
    for c in ("buyer", "old_supplier", "new_supplier"):
        assert isinstance(ev[c].dtype, pd.CategoricalDtype)
        assert ev[c].cat.categories.tolist() == [str(f) for f in net.firm_ids]
    assert ev["segment"].cat.categories.tolist() == [str(s) for s in net.segment_keys]
    assert ev["stage"].cat.categories.tolist() == list(EVENT_STAGES)
    assert ev["scale"].cat.categories.tolist() == list(SCALES)
    assert not ev.isna().any().any()
    # The names are the network's: the buyer's segment is its pair's, recoveries come
    # back at the original link's stage "recover".
    rec = ev[ev["kind"] == "recover"]
    assert (rec["stage"] == "recover").all()
    sub = ev[ev["kind"] == "substitute"]
    assert not (sub["stage"] == "recover").any()
    assert (sub["old_supplier"].astype(str) != sub["new_supplier"].astype(str)).all()


def test_runs_on_one_network_concatenate_without_losing_the_types(case: tuple) -> None:
    _, res = case
    both = pd.concat([res.events, res.events], ignore_index=True)
    assert (both.dtypes == res.events.dtypes).all()


def test_parquet_round_trip_keeps_values(case: tuple, tmp_path) -> None:
    _, res = case
    f = tmp_path / "events.parquet"
    res.events.to_parquet(f)
    back = pd.read_parquet(f)
    for c in EVENT_COLUMNS:
        np.testing.assert_array_equal(
            back[c].astype(str).to_numpy(), res.events[c].astype(str).to_numpy(), err_msg=c
        )


def test_events_frame_rejects_unknown_names() -> None:
    row = (3, "substitute", "A", "seg", "B", "Z", "local", "local", 1.0)
    ok = events_frame([(*row[:5], "C", *row[6:])], ["A", "B", "C"], ["seg"])
    assert ok["new_supplier"].tolist() == ["C"]
    with pytest.raises(ValueError, match="new_supplier 'Z'"):
        events_frame([row], ["A", "B", "C"], ["seg"])
    empty = events_frame([], ["A"], ["seg"])
    assert empty.empty and list(empty.columns) == list(EVENT_COLUMNS)
