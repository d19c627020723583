"""Commands for coupling, resilience, diversification and network analyses.

Each command reads one stored dataset (``chainchief.open(db).dataset(NAME)``), prints
the parameters it used and the main tables, and can write the full result as JSON
(``--json FILE``) and as an offline HTML page (``--html FILE``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.table import Table

from chainchief.cli.common import DbOption, console, err_console, handle_errors
from chainchief.errors import ChainchiefError

__all__ = ["register", "result_json"]

JsonOption = Annotated[
    Path | None,
    typer.Option("--json", help="Write the full result as JSON to this file ('-': stdout)."),
]


class _Out:
    """The console of a command: stdout, or stderr when the JSON goes to stdout."""

    def __init__(self) -> None:
        self.to_stderr = False

    def route(self, json_out: Path | None) -> None:
        self.to_stderr = json_out is not None and str(json_out) == "-"

    def print(self, *args: Any, **kwargs: Any) -> None:
        (err_console if self.to_stderr else console).print(*args, **kwargs)


_out = _Out()
HtmlOption = Annotated[
    Path | None, typer.Option("--html", help="Write an offline HTML page to this file.")
]
RegionOption = Annotated[
    str | None,
    typer.Option("--region", help="Focal region id [default: the dataset's first focal region]."),
]


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(df.to_json(orient="records", date_format="iso"))
    return out


def result_json(
    command: str,
    dataset: str,
    region: str,
    params: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    notes: list[str],
    **extra: Any,
) -> dict[str, Any]:
    """The JSON document every analytics command writes."""
    return {
        "command": command,
        "dataset": dataset,
        "region": region,
        **extra,
        "parameters": dict(params),
        "notes": notes,
        "tables": {name: _records(df) for name, df in tables.items()},
    }


def _load(db: Path | None, dataset: str) -> Any:
    import chainchief

    return chainchief.open(db, read_only=True).dataset(dataset)


def _run(func: Callable[[], Any]) -> Any:
    try:
        return func()
    except (KeyError, ValueError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise ChainchiefError(str(msg)) from exc


def _show(df: pd.DataFrame, title: str, max_rows: int = 15) -> None:
    if df.empty:
        _out.print(f"[dim]{title}: none[/]")
        return
    t = Table(title=title, title_justify="left")
    for c in df.columns:
        t.add_column(str(c))
    for rec in df.head(max_rows).itertuples(index=False):
        cells = []
        for v in rec:
            if isinstance(v, float):
                cells.append("" if math.isnan(v) else f"{v:,.4g}")
            else:
                cells.append("" if v is None or v is pd.NA else str(v))
        t.add_row(*cells)
    _out.print(t)
    if len(df) > max_rows:
        _out.print(f"[dim]... {len(df) - max_rows} more rows (see --json)[/]")


def _show_params(params: Mapping[str, Any], title: str = "parameters") -> None:
    _out.print(f"[bold]{title}:[/] " + ", ".join(f"{k}={v}" for k, v in params.items()))


def _write(
    path_json: Path | None,
    path_html: Path | None,
    doc: dict[str, Any],
    title: str,
    section: Callable[[], str],
) -> None:
    if path_json is not None:
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        if str(path_json) == "-":
            typer.echo(text)
        else:
            path_json.parent.mkdir(parents=True, exist_ok=True)
            path_json.write_text(text, encoding="utf-8")
            _out.print(f"JSON written to {path_json}")
    if path_html is not None:
        from chainchief.coupling.html import write_html

        write_html(title, [section()], path_html)
        _out.print(f"HTML written to {path_html}")


def _period(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        a, b = text.replace("-", ":").split(":")
        return int(a), int(b)
    except ValueError:
        raise ChainchiefError(f"period {text!r} must look like 2008:2009") from None


@handle_errors
def coupling_cmd(
    dataset: Annotated[str, typer.Argument(help="Name of the stored dataset.")],
    db: DbOption = None,
    region: RegionOption = None,
    chain: Annotated[str | None, typer.Option("--chain", help="Restrict to one chain.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    top_k: Annotated[int, typer.Option(help="Partners in the top-k dependence share.")] = 3,
    growth: Annotated[float, typer.Option(help="Relative growth that is a coupling event.")] = 0.2,
    decline: Annotated[
        float, typer.Option(help="Relative decline that is a decoupling event.")
    ] = 0.2,
    min_offset: Annotated[
        float, typer.Option(help="Share of lost value that growth must offset for recoupling.")
    ] = 0.25,
    by_scale: Annotated[
        bool, typer.Option("--by-scale", help="Events per (scale, segment), not per partner.")
    ] = False,
    json_out: JsonOption = None,
    html_out: HtmlOption = None,
) -> None:
    """Multi-scale coupling: profile, diversity, dependence, events and mode."""
    _out.route(json_out)
    from chainchief.coupling import CouplingParams, analyse_coupling
    from chainchief.coupling.report import coupling_section

    data = _load(db, dataset)
    keys = ("scale", "segment_id") if by_scale else ("partner_id", "scale", "segment_id")
    params = _run(
        lambda: CouplingParams(
            top_k=top_k,
            growth_threshold=growth,
            decline_threshold=decline,
            recoupling_min_offset=min_offset,
            event_keys=keys,
        )
    )
    res = _run(
        lambda: analyse_coupling(
            data, region, chain=chain, year_from=year_from, year_to=year_to, params=params
        )
    )
    _out.print(f"[bold]coupling of {res.region}[/] in {dataset}")
    _show_params(res.params.as_dict())
    _show_params(res.rules.as_dict(), "mode rules")
    for n in res.notes:
        _out.print(f"[yellow]note:[/] {n}")
    prof = res.profile_scale[res.profile_scale["value"] > 0]
    _show(prof, "coupling profile by scale", 30)
    _show(res.diversity, "coupling diversity")
    _show(res.dependence, "lead-firm dependence")
    _show(
        res.event_summary[
            ["flow", "period", "n_coupling", "n_decoupling", "n_recoupling", "simultaneous"]
        ],
        "events reported together by period",
    )
    for r in res.event_summary.itertuples():
        _out.print(
            f"  {r.flow} {r.period}: decoupling at ({r.decoupling_scales or '-'}); "
            f"recoupling at ({r.recoupling_scales or '-'}); "
            f"coupling at ({r.coupling_scales or '-'})",
            markup=False,
        )
    ev_cols = ["flow", "period", "segment_id", "scale", "partner_id", "change", "event", "kind"]
    _show(res.events[ev_cols], "coupling events (all columns in --json)", 20)
    _show(res.mode, "coupling mode")
    _show(res.indicators[["indicator", "value", "source"]], "mode indicators")
    params_doc = {**res.params.as_dict(), "mode_rules": res.rules.as_dict()}
    doc = result_json(
        "coupling", dataset, res.region, params_doc, res.tables(), res.notes, chain=chain
    )
    _write(json_out, html_out, doc, f"Coupling: {dataset}", lambda: coupling_section(res))


@handle_errors
def resilience_cmd(
    dataset: Annotated[str, typer.Argument(help="Name of the stored dataset.")],
    db: DbOption = None,
    region: RegionOption = None,
    reference: Annotated[
        str | None,
        typer.Option("--reference", help="Reference region [default: the region's country]."),
    ] = None,
    indicator: Annotated[str, typer.Option(help="Indicator of the time series.")] = "output",
    contraction: Annotated[
        str | None, typer.Option(help="Contraction period START:END [default: detected].")
    ] = None,
    recovery: Annotated[
        str | None, typer.Option(help="Recovery period START:END [default: detected].")
    ] = None,
    detect_on: Annotated[
        str, typer.Option(help="Detect periods on 'reference' or 'region'.")
    ] = "reference",
    shift: Annotated[
        str | None, typer.Option("--shift", help="Shift-share years START:END.")
    ] = None,
    shift_indicator: Annotated[
        str | None, typer.Option(help="Indicator of the shift-share [default: --indicator].")
    ] = None,
    chain: Annotated[str | None, typer.Option("--chain", help="Use the chain's rows.")] = None,
    simulation: Annotated[
        Path | None,
        typer.Option(help="CSV or Parquet of simulated values (t, value[, baseline, run])."),
    ] = None,
    shock_start: Annotated[
        float | None,
        typer.Option(
            "--shock-start",
            help="Shock start of --simulation, in its t units [default: each run's first "
            "step 1 % short of its baseline].",
        ),
    ] = None,
    json_out: JsonOption = None,
    html_out: HtmlOption = None,
) -> None:
    """Resistance and recovery indices, shift-share, and simulation resilience metrics."""
    _out.route(json_out)
    from chainchief.coupling import focal_region
    from chainchief.resilience import (
        ResilienceParams,
        analyse_resilience,
        default_reference,
        simulation_resilience,
    )
    from chainchief.resilience.report import resilience_section

    data = _load(db, dataset)
    reg = _run(lambda: focal_region(data, region))
    ref = reference or _run(lambda: default_reference(data.regions, reg))
    params = _run(lambda: ResilienceParams(indicator=indicator, detect_on=detect_on))
    res = _run(
        lambda: analyse_resilience(
            data.indicators,
            reg,
            ref,
            contraction=_period(contraction),
            recovery=_period(recovery),
            shift_years=_period(shift),
            shift_indicator=shift_indicator,
            chain=chain,
            params=params,
        )
    )
    tables = res.tables()
    if simulation is not None:
        sim = (
            pd.read_parquet(simulation)
            if simulation.suffix == ".parquet"
            else pd.read_csv(simulation)
        )
        tables["simulation"] = _run(lambda: simulation_resilience(sim, shock_start=shock_start))
    _out.print(f"[bold]resilience of {res.region}[/] against {res.reference} in {dataset}")
    _show_params(res.params.as_dict())
    for n in res.notes:
        _out.print(f"[yellow]note:[/] {n}")
    _show(res.indices.drop(columns=["interpretation"]), "resistance and recovery (Martin 2012)")
    for r in res.indices.itertuples():
        _out.print(f"  {r.index} {r.start}-{r.end}: {r.interpretation}", markup=False)
    _show(res.shift_share, "shift-share decomposition")
    if "simulation" in tables:
        _show(tables["simulation"], "simulated shock: resilience metrics")
    doc = result_json(
        "resilience",
        dataset,
        res.region,
        res.params.as_dict(),
        tables,
        res.notes,
        reference=res.reference,
    )
    _write(json_out, html_out, doc, f"Resilience: {dataset}", lambda: resilience_section(res))


@handle_errors
def diversify_cmd(
    dataset: Annotated[str, typer.Argument(help="Name of the stored dataset.")],
    db: DbOption = None,
    region: RegionOption = None,
    indicator: Annotated[
        str | None,
        typer.Option(
            help="Indicator of the region x industry matrix "
            "[default: the one with industry rows covering most regions]."
        ),
    ] = None,
    year: Annotated[int | None, typer.Option(help="Year [default: latest].")] = None,
    base_year: Annotated[
        int | None, typer.Option(help="Start year of the adaptation summary [default: first].")
    ] = None,
    digits: Annotated[
        int, typer.Option(help="Leading code characters that form a broad sector.")
    ] = 2,
    rca_threshold: Annotated[float, typer.Option(help="RCA that counts as specialised.")] = 1.0,
    related_quantile: Annotated[
        float, typer.Option(help="Density quantile above which an option is related.")
    ] = 0.75,
    top_n: Annotated[int, typer.Option(help="Options of each kind shown.")] = 10,
    json_out: JsonOption = None,
    html_out: HtmlOption = None,
) -> None:
    """Related/unrelated variety, RCA, relatedness density and diversification options."""
    _out.route(json_out)
    from chainchief.coupling import focal_region
    from chainchief.diversification import DiversificationParams, analyse_diversification
    from chainchief.diversification.report import diversification_section

    data = _load(db, dataset)
    reg = _run(lambda: focal_region(data, region))
    params = _run(
        lambda: DiversificationParams(
            rca_threshold=rca_threshold,
            related_quantile=related_quantile,
            hierarchy_digits=digits,
            top_n=top_n,
        )
    )
    res = _run(
        lambda: analyse_diversification(
            data.indicators,
            reg,
            indicator=indicator,
            year=year,
            base_year=base_year,
            params=params,
        )
    )
    _out.print(
        f"[bold]diversification of {res.region}[/] ({res.indicator}, {res.year}) in {dataset}"
    )
    _show_params(res.params.as_dict())
    for n in res.notes:
        _out.print(f"[yellow]note:[/] {n}")
    _show(res.variety, "related and unrelated variety (Frenken et al. 2007)")
    _show(res.rca, "RCA and density", 20)
    _show(res.options.groupby("option").head(top_n), "ranked options", 2 * top_n)
    _show(res.adaptation, "adaptation vs adaptability")
    doc = result_json(
        "diversify",
        dataset,
        res.region,
        res.params.as_dict(),
        res.tables(),
        res.notes,
        indicator=res.indicator,
        year=res.year,
    )
    _write(
        json_out, html_out, doc, f"Diversification: {dataset}", lambda: diversification_section(res)
    )


@handle_errors
def networks_cmd(
    dataset: Annotated[str, typer.Argument(help="Name of the stored dataset.")],
    db: DbOption = None,
    region: RegionOption = None,
    chain: Annotated[str | None, typer.Option("--chain", help="Restrict to one chain.")] = None,
    year: Annotated[int | None, typer.Option(help="Only ties of this year.")] = None,
    group_scale: Annotated[
        str | None, typer.Option(help="Group outside actors at this scale (e.g. national).")
    ] = None,
    include_closed: Annotated[
        bool, typer.Option("--include-closed", help="Count closed two-paths as brokerage too.")
    ] = False,
    top_n: Annotated[int, typer.Option(help="Hubs and gatekeepers shown.")] = 10,
    json_out: JsonOption = None,
    html_out: HtmlOption = None,
) -> None:
    """Buzz and pipelines, horizontal/vertical ties, centralisation, brokerage, gatekeepers."""
    _out.route(json_out)
    from chainchief.coupling import focal_region
    from chainchief.networks import NetworkParams, analyse_networks
    from chainchief.networks.report import networks_section

    data = _load(db, dataset)
    reg = _run(lambda: focal_region(data, region))
    params = NetworkParams(exclude_closed=not include_closed, group_scale=group_scale, top_n=top_n)
    res = _run(lambda: analyse_networks(data, reg, chain=chain, year=year, params=params))
    _out.print(f"[bold]networks of {res.region}[/] in {dataset}")
    _show_params(res.params.as_dict())
    for n in res.notes:
        _out.print(f"[yellow]note:[/] {n}")
    _show(res.knowledge_ties, "knowledge ties: local buzz and pipelines")
    _show(res.knowledge_horizontal, "knowledge ties: horizontal vs vertical")
    _show(res.supply_ties, "supply ties: local and by scale")
    _show(res.centralisation, "local production network")
    _show(res.hubs, "hubs", top_n)
    _show(res.gatekeepers, "technological gatekeepers", top_n)
    _show(res.brokerage, "brokerage roles", top_n)
    doc = result_json(
        "networks", dataset, res.region, res.params.as_dict(), res.tables(), res.notes
    )
    _write(json_out, html_out, doc, f"Networks: {dataset}", lambda: networks_section(res))


def register(app: typer.Typer) -> None:
    """Add the ``coupling``, ``resilience``, ``diversify`` and ``networks`` commands."""
    app.command("coupling")(coupling_cmd)
    app.command("resilience")(resilience_cmd)
    app.command("diversify")(diversify_cmd)
    app.command("networks")(networks_cmd)
