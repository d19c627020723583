"""Every shipped scenario loads, resolves against its example and runs (shortened)."""

from __future__ import annotations

from functools import cache

import pytest

from chainchief.simulation.ensemble import run_case
from chainchief.simulation.library import library, scenario_path
from chainchief.simulation.scenario import load_scenario

examples = pytest.importorskip("chainchief.examples")


@cache
def _example(name: str):
    return examples.build(name)


@pytest.mark.parametrize("name", sorted(library()))
def test_library_scenario_runs(name: str) -> None:
    scen, raw = load_scenario(scenario_path(name))
    assert "concepts.md" in scen.source
    assert scen.dataset in {"ouhai-eyewear", "datang-hosiery", "xianju-pharma"}
    data = _example(scen.dataset)
    shocks = scen.shock_list(data.regions)
    assert shocks
    short = {**raw, "days": 40}
    tables = run_case(short, data, seed=1, sample=True)
    tot = tables["totals"]
    assert tot["day"].max() == 39
    assert set(tot["variant"]) == ({"iccm", "no_iccm"} if scen.compare_iccm else {"as_given"})
    assert (tot["output"] > 0).all()
