"""``chainchief simulate``: shock scenarios on a dataset's firm network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

__all__ = ["load_dataset", "register"]


def load_dataset(ref: str, db: Path | None = None) -> tuple[Any, str]:
    """Resolve ``--dataset``: a package folder, a store dataset, an example, or synthetic.

    Order: an existing path is read as a chain data package; else the dataset of that
    name in the store (``--db`` or the default store) when it has one; else the example
    of that name built in memory; ``synthetic[:N[:SEED]]`` gives a random layered chain.
    """
    if ref.startswith("synthetic"):
        from chainchief.simulation.synthetic import random_package

        bits = ref.split(":")
        n = int(bits[1]) if len(bits) > 1 else 40
        seed = int(bits[2]) if len(bits) > 2 else 0
        return random_package(n_firms=n, n_layers=4, links_per_buyer=3, seed=seed), ref
    p = Path(ref)
    if p.exists():
        from chainchief.package import read_package

        return read_package(p), p.name
    errors = []
    try:
        import chainchief

        store = chainchief.open(db, read_only=True) if db is not None else None
        if store is None:
            import os

            default = Path(os.environ.get("CHAINCHIEF_DB", "chainchief.duckdb"))
            store = chainchief.open(default, read_only=True) if default.exists() else None
        if store is not None:
            return store.dataset(ref), ref
    except Exception as exc:
        errors.append(f"store: {exc}")
    try:
        from chainchief import examples

        return examples.build(ref), ref
    except Exception as exc:
        errors.append(f"examples: {exc}")
    raise typer.BadParameter(f"dataset {ref!r} not found ({'; '.join(errors)})")


def simulate(
    scenario: str = typer.Argument(
        None, help="Scenario YAML file, or the name of a library scenario."
    ),
    dataset: str = typer.Option(
        None, "--dataset", "-d", help="Dataset: store name, package folder, example name."
    ),
    db: Path = typer.Option(None, "--db", help="DuckDB store (default $CHAINCHIEF_DB)."),
    runs: int = typer.Option(None, "--runs", "-n", min=1, help="Ensemble size (default: YAML)."),
    seed: int = typer.Option(0, "--seed", help="Seed of run 0 (run i uses seed + i)."),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Address of a Dask scheduler (default: a local cluster)."
    ),
    out: Path = typer.Option(Path("simulation-out"), "--out", "-o", help="Output folder."),
    list_: bool = typer.Option(False, "--list", help="List the scenario library and exit."),
) -> None:
    """Run a shock scenario (once or as a Dask ensemble); write Parquet and an HTML report."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    from chainchief.simulation.ensemble import run_ensemble
    from chainchief.simulation.library import library, scenario_path
    from chainchief.simulation.report import firm_regions, render_report
    from chainchief.simulation.scenario import load_scenario

    console = Console()
    if list_:
        t = Table("name", "dataset", "title", "source")
        for name, e in library().items():
            t.add_row(name, e["dataset"], e["title"], e["source"])
        console.print(t)
        return
    if scenario is None:
        raise typer.BadParameter("give a scenario file or library name (or --list)")
    path = scenario_path(scenario)
    scen, raw = load_scenario(path)
    ds_ref = dataset or scen.dataset
    if not ds_ref:
        raise typer.BadParameter("no --dataset given and the scenario names none")
    data, ds_name = load_dataset(ds_ref, db)
    n = runs or scen.runs
    client = None
    if scheduler:
        from dask.distributed import Client

        client = Client(scheduler)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as prog:
        task = prog.add_task(f"{scen.name} on {ds_name}", total=n)
        ens = run_ensemble(
            raw,
            data,
            runs=n,
            seed=seed,
            client=client,
            progress=lambda k, _tot: prog.update(task, completed=k),
        )
    if client is not None:
        client.close()
    out.mkdir(parents=True, exist_ok=True)
    for name, df in ens.tables.items():
        if not df.empty:
            df.to_parquet(out / f"{name}.parquet", index=False)
    eff = ens.iccm_effect
    if not eff.empty:
        eff.to_parquet(out / "iccm_effect.parquet", index=False)
    params = scen.sim_params().describe()
    (out / "run.json").write_text(
        json.dumps(
            {
                "scenario": scen.model_dump(),
                "dataset": ds_name,
                "runs": n,
                "seed": seed,
                "params": params,
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    html = render_report(ens, params=params, firm_region=firm_regions(data), dataset=ds_name)
    (out / "report.html").write_text(html, encoding="utf-8")
    m = ens.tables["metrics"]
    t = Table(
        "variant",
        "peak_loss",
        "cumulative_loss",
        "time_to_recover",
        "post_level",
        "replaced_share",
        title="Resilience metrics (median over runs)",
    )
    for v, g in m.groupby("variant", sort=False):
        med = g.median(numeric_only=True)
        t.add_row(
            str(v),
            f"{med['peak_loss']:.3f}",
            f"{med['cumulative_loss']:.2f}",
            f"{med['time_to_recover']:.0f}",
            f"{med['post_shock_level']:.3f}",
            f"{med['replaced_share']:.3f}",
        )
    console.print(t)
    console.print(f"Wrote {out}/ (Parquet tables, run.json, report.html)")


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to the command line."""
    app.command("simulate")(simulate)
