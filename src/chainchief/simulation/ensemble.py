"""Run a scenario once or as an ensemble (on Dask), with and without the ICCM lever.

Each run resolves the scenario (central values for a single run, draws from the run's
seed in an ensemble), builds the network, runs the engine for every variant and returns
compact tables: daily totals, focal output, output by segment and region, substitution
events and resilience metrics. :func:`run_ensemble` maps runs over a Dask client (a
``LocalCluster`` when none is given) and gathers the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from chainchief.simulation.engine import run
from chainchief.simulation.metrics import group_output, iccm_effect, resilience_metrics
from chainchief.simulation.network import Network, build_network
from chainchief.simulation.scenario import Scenario, load_scenario, resolve_regions
from chainchief.simulation.shocks import _firms_in_segments

__all__ = ["EnsembleResult", "focal_mask", "run_case", "run_ensemble"]

TABLES = ("totals", "metrics", "events", "segments", "regions", "firms")


@dataclass
class EnsembleResult:
    """Tables of all runs; every table has ``run`` and ``variant`` columns."""

    scenario: Scenario
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def iccm_effect(self) -> pd.DataFrame:
        """Metric with ICCM minus metric without, per run (empty without both variants)."""
        m = self.tables.get("metrics", pd.DataFrame())
        if m.empty or set(m["variant"]) != {"iccm", "no_iccm"}:
            return pd.DataFrame()
        a = m[m["variant"] == "no_iccm"].drop(columns="variant")
        b = m[m["variant"] == "iccm"].drop(columns="variant")
        return iccm_effect(a, b)


def _frames(data: Any) -> SimpleNamespace:
    """Plain namespace of the five tables (picklable, small)."""
    names = ("regions", "firms", "firm_segments", "supply_links", "sales")
    ns = SimpleNamespace(**{n: getattr(data, n) for n in names})
    desc = getattr(data, "descriptor", None) or {}
    ns.focal_regions = list(desc.get("focal_regions") or [])
    return ns


def focal_mask(net: Network, data: Any, scenario: Scenario) -> np.ndarray | None:
    """Firms of the group R: the scenario's focal regions/segments, else the dataset's."""
    regs = scenario.metrics.focal_regions or getattr(data, "focal_regions", None) or None
    mask = None
    if regs:
        mask = net.inside(resolve_regions(data.regions, list(regs)))[net.firm_region]
    if scenario.metrics.focal_segments:
        seg = _firms_in_segments(net, scenario.metrics.focal_segments)
        mask = seg if mask is None else mask & seg
    if scenario.metrics.focal_buyers_of:
        src = net.inside(resolve_regions(data.regions, list(scenario.metrics.focal_buyers_of)))
        exposed = np.zeros(net.n_firms, dtype=bool)
        exposed[net.pair_buyer[net.link_pair[src[net.firm_region[net.link_sup]]]]] = True
        mask = exposed if mask is None else mask & exposed
    return mask


def run_case(
    raw: dict[str, Any],
    data: Any,
    *,
    run_id: int = 0,
    seed: int = 0,
    sample: bool = False,
    keep_firms: bool = False,
    threads: int | None = None,
) -> dict[str, pd.DataFrame]:
    """One run of a scenario (all its variants) as tables; see module docstring.

    ``threads``: threads of the engine's kernels (default: :func:`run`'s); ensembles
    use one, their runs already fill the cores.
    """
    scen, _ = load_scenario(raw, seed=seed if sample else None)
    variants = [("no_iccm", False), ("iccm", True)] if scen.compare_iccm else [("as_given", None)]
    shocks = scen.shock_list(data.regions)
    out: dict[str, list[pd.DataFrame]] = {k: [] for k in TABLES}
    for name, flag in variants:
        params = scen.sim_params(iccm=flag, regions=data.regions)
        net = build_network(data, params)
        mask = focal_mask(net, data, scen)
        res = run(
            net, params, shocks, seed=seed, record_firms=keep_firms, focal=mask, threads=threads
        )
        m = resilience_metrics(
            res,
            net,
            shock_start=scen.shock_start,
            firm_mask=mask,
            within_days=scen.metrics.within_days,
            tolerance=scen.metrics.tolerance,
            post_window=scen.metrics.post_window,
        )
        tag: dict[str, Any] = {"run": run_id, "variant": name}
        tot = res.totals_frame()
        tot["focal_output"] = group_output(res, net, mask)
        tot["focal_baseline"] = float(net.x0[mask].sum() if mask is not None else net.x0.sum())
        out["totals"].append(tot.assign(**tag))
        out["metrics"].append(pd.DataFrame([m]).assign(**tag, seed=seed))
        out["events"].append(res.events_frame().assign(**tag))
        segs = [*net.segment_keys.tolist(), "(none)"]
        out["segments"].append(_long(res.output_by_segment, segs, "segment").assign(**tag))
        out["regions"].append(
            _long(res.output_by_region, list(net.region_ids), "region").assign(**tag)
        )
        if keep_firms:
            out["firms"].append(res.firm_frame().assign(**tag))
    return {k: pd.concat(v, ignore_index=True) if v else pd.DataFrame() for k, v in out.items()}


def _long(arr: np.ndarray, names: list[str], col: str) -> pd.DataFrame:
    t = arr.shape[0]
    keep = np.flatnonzero(arr.any(axis=0))
    sub = arr[:, keep]
    return pd.DataFrame(
        {
            "day": np.repeat(np.arange(t), len(keep)),
            col: pd.array(np.tile(np.asarray(names, dtype=object)[keep], t), dtype="str"),
            "output": sub.ravel(),
        }
    )


def run_ensemble(
    raw: dict[str, Any],
    data: Any,
    *,
    runs: int = 1,
    seed: int = 0,
    client: Any = None,
    progress: Callable[[int, int], None] | None = None,
    keep_firms_first: bool = True,
) -> EnsembleResult:
    """Run ``runs`` runs (run ``i`` with seed ``seed + i``) and gather their tables.

    Parameters
    ----------
    raw
        The scenario as a raw dict (distributions kept).
    data
        Package-like object with the five tables.
    runs
        Number of runs; 1 = one run at central values, without Dask.
    seed
        Seed of run 0.
    client
        A ``dask.distributed.Client``; None starts a threaded ``LocalCluster`` (2 workers).
    progress
        Called with ``(done, total)`` after each run.
    keep_firms_first
        Keep per-firm series of run 0.
    """
    scen, _ = load_scenario(raw)
    frames = _frames(data)
    parts: list[dict[str, pd.DataFrame]] = []
    if runs == 1:
        parts.append(run_case(raw, frames, run_id=0, seed=seed, keep_firms=keep_firms_first))
        if progress:
            progress(1, 1)
    else:
        from dask.distributed import Client, LocalCluster, as_completed

        own = client is None
        cluster = None
        if own:
            cluster = LocalCluster(
                n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
            )
            client = Client(cluster)
        try:
            fut_data = client.scatter(frames, broadcast=True)
            futs = [
                client.submit(
                    run_case,
                    raw,
                    fut_data,
                    run_id=i,
                    seed=seed + i,
                    sample=True,
                    keep_firms=keep_firms_first and i == 0,
                    threads=1,
                    pure=False,
                )
                for i in range(runs)
            ]
            for k, fut in enumerate(as_completed(futs), start=1):
                parts.append(fut.result())
                if progress:
                    progress(k, runs)
        finally:
            if own:
                client.close()
                if cluster is not None:
                    cluster.close()
    tables = {
        k: pd.concat([p[k] for p in parts if not p[k].empty], ignore_index=True)
        if any(not p[k].empty for p in parts)
        else pd.DataFrame()
        for k in TABLES
    }
    for key, df in tables.items():
        if not df.empty:
            tables[key] = df.sort_values(["run", "variant"], kind="stable").reset_index(drop=True)
    return EnsembleResult(scen, tables)
