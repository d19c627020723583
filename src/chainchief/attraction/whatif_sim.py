"""Loss and recovery under a scenario before and after an attraction decision.

:func:`simulate_before_after` runs one scenario once (central values, fixed seed: no
sampling) on the region as it is and on the region with the candidate attracted, through
the same path as ``chainchief simulate`` with one run
(:func:`chainchief.simulation.ensemble.run_ensemble` with ``runs=1``), and lists the
resilience metrics of the focal group (:func:`chainchief.simulation.metrics.
resilience_metrics`) side by side for every variant of the scenario (with and without
the ICCM lever when the scenario compares them).

:func:`reference_scenario` picks the dataset's reference scenario from the library:
the first library scenario (in file-name order) whose ``dataset`` key names the dataset.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import yaml

__all__ = ["SIM_METRICS", "reference_scenario", "simulate_before_after"]

#: Metrics compared before/after (keys of ``resilience_metrics``).
SIM_METRICS: tuple[str, ...] = (
    "peak_loss",
    "cumulative_loss",
    "time_to_recover",
    "replaced_share",
)

_TABLES = ("regions", "firms", "firm_segments", "supply_links", "sales")


def reference_scenario(dataset: str) -> str | None:
    """Name of the dataset's reference scenario in the library (None when it has none)."""
    from chainchief.simulation.library import library

    for name, entry in library().items():  # sorted by file name
        if entry["dataset"] == dataset:
            return name
    return None


def _load_raw(scenario: str | Path | dict[str, Any]) -> tuple[dict[str, Any], str]:
    if isinstance(scenario, dict):
        return scenario, str(scenario.get("name", "scenario"))
    from chainchief.simulation.library import scenario_path

    path = scenario_path(str(scenario))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"scenario {str(path)!r}: cannot read it ({exc})") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"scenario {str(path)!r}: expected a YAML mapping")
    return raw, str(path)


def _data(tables: dict[str, pd.DataFrame], descriptor: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**{t: tables[t] for t in _TABLES}, descriptor=descriptor)


def simulate_before_after(
    before: dict[str, pd.DataFrame],
    after: dict[str, pd.DataFrame],
    descriptor: dict[str, Any],
    scenario: str | Path | dict[str, Any],
    *,
    seed: int = 0,
) -> dict[str, Any]:
    """Run ``scenario`` once on ``before`` and on ``after`` tables; compare the metrics.

    Parameters
    ----------
    before, after
        Table frames of the region without and with the candidate.
    descriptor
        The dataset descriptor (focal regions of the metrics when the scenario names none).
    scenario
        Library name, YAML file or raw dict.
    seed
        Seed of the single run (default 0); distributions take their central values.

    Returns
    -------
    dict
        ``scenario`` (name), ``source`` (file), ``seed``, ``days``, ``metrics``
        (DataFrame: variant, metric, before, after, change) and ``totals`` (DataFrame:
        variant, day, focal_output_before, focal_output_after, focal_baseline_before,
        focal_baseline_after).
    """
    from chainchief.simulation.ensemble import run_ensemble
    from chainchief.simulation.scenario import load_scenario

    raw, source = _load_raw(scenario)
    try:
        scen, _ = load_scenario(raw)
    except Exception as exc:  # pydantic validation and distribution errors
        raise ValueError(f"scenario {source!r}: {exc}") from exc
    runs = {}
    for tag, tables in (("before", before), ("after", after)):
        ens = run_ensemble(
            raw, _data(tables, descriptor), runs=1, seed=seed, keep_firms_first=False
        )
        runs[tag] = ens.tables
    m0 = runs["before"]["metrics"].set_index("variant")
    m1 = runs["after"]["metrics"].set_index("variant")
    rows = []
    for variant in m0.index:
        for metric in SIM_METRICS:
            b = float(m0.loc[variant, metric])
            a = float(m1.loc[variant, metric])
            rows.append(
                {"variant": variant, "metric": metric, "before": b, "after": a, "change": a - b}
            )
    metrics = pd.DataFrame(rows, columns=["variant", "metric", "before", "after", "change"])
    t0, t1 = runs["before"]["totals"], runs["after"]["totals"]
    totals = pd.DataFrame(
        {
            "variant": t0["variant"].astype(str).to_numpy(),
            "day": t0["day"].to_numpy(),
            "focal_output_before": t0["focal_output"].to_numpy(dtype=float),
            "focal_output_after": t1["focal_output"].to_numpy(dtype=float),
            "focal_baseline_before": t0["focal_baseline"].to_numpy(dtype=float),
            "focal_baseline_after": t1["focal_baseline"].to_numpy(dtype=float),
        }
    )
    if not np.array_equal(t0["variant"].to_numpy(), t1["variant"].to_numpy()):
        raise RuntimeError("before and after runs have different variants")  # pragma: no cover
    return {
        "scenario": scen.name,
        "title": scen.title,
        "source": source,
        "seed": seed,
        "days": scen.days,
        "metrics": metrics,
        "totals": totals,
    }
