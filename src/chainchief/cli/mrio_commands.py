"""``chainchief mrio``: GVC indicators and shocks from real input-output tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

__all__ = ["register"]

mrio_app = typer.Typer(
    help="GVC position of national sectors from WIOD 2013 and China NBS IO tables.",
    no_args_is_help=True,
)
_console = Console(width=160)

_SOURCE_HELP = "Data source: wiod2013 (41 regions x 35 industries) or nbs (China, one region)."
_DATA_HELP = "Data directory (else $CHAINCHIEF_DATA_DIR or ../shared/data)."


def _split(value: str | None) -> list[str] | None:
    if value is None or not value.strip():
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(frame.to_json(orient="records"))
    return out


def _write_json(path: Path, params: dict[str, Any], frame: pd.DataFrame, **extra: Any) -> None:
    from chainchief import __version__

    doc = {
        "generator": f"chainchief {__version__}",
        "params": params,
        **extra,
        "rows": _records(frame),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")


def _show(frame: pd.DataFrame, cols: list[str], title: str, limit: int = 40) -> None:
    table = Table(title=title)
    cols = [c for c in cols if c in frame.columns]
    for c in cols:
        table.add_column(c, justify="right" if frame[c].dtype.kind in "fiu" else "left")
    for _, row in frame.head(limit).iterrows():
        table.add_row(
            *[f"{row[c]:.4g}" if isinstance(row[c], float) else str(row[c]) for c in cols]
        )
    _console.print(table)
    if len(frame) > limit:
        _console.print(f"... {len(frame) - limit} more rows (use --json for all)")


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code=2)


@mrio_app.command("indicators")
def indicators_cmd(
    source: str = typer.Option("wiod2013", "--source", help=_SOURCE_HELP),
    years: str = typer.Option("1995-2011", "--years", help="Years, e.g. 1995-2011 or 2005,2011."),
    regions: str | None = typer.Option(None, "--regions", help="Comma-separated regions."),
    sectors: str | None = typer.Option(None, "--sectors", help="Comma-separated sectors."),
    chain: str | None = typer.Option(
        None, "--chain", help="Chain id (eyewear, hosiery, pharmaceuticals): its sector + peers."
    ),
    output_basis: str = typer.Option(
        "rowsum", "--output-basis", help="rowsum (x = Z1 + Y1, default) or published."
    ),
    json_file: Path | None = typer.Option(None, "--json", help="Write all rows as JSON."),
    html_file: Path | None = typer.Option(None, "--html", help="Write an offline HTML report."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=_DATA_HELP),
) -> None:
    """Value-added trade indicators per region x sector x year."""
    from chainchief.mrio import chains, html, indicators, loaders, nbs
    from chainchief.mrio.data import MrioDataError, parse_years

    params: dict[str, Any] = {
        "source": source,
        "years": years,
        "regions": regions,
        "sectors": sectors,
        "chain": chain,
        "output_basis": output_basis,
    }
    try:
        year_list = parse_years(years)
        if chain is not None:
            frame = chains.chain_sector_indicators(
                chain, source=source, years=year_list, data_dir=data_dir
            )
            if regions:
                frame = frame[frame["region"].isin(_split(regions) or [])]
        elif source == "wiod2013":
            frame = indicators.wiod_indicators(
                year_list,
                regions=_split(regions),
                sectors=_split(sectors),
                data_dir=data_dir,
                output=output_basis,  # type: ignore[arg-type]
            )
            for y in year_list:
                _console.print(loaders.load_wiod2013(y, data_dir=data_dir).summary())
        elif source == "nbs":
            tables = nbs.list_nbs_tables(data_dir)
            parts = []
            for y in sorted(set(tables["year"]) & set(year_list)):
                loaded = nbs.load_nbs(int(y), data_dir=data_dir, output=output_basis)  # type: ignore[arg-type]
                _console.print(loaded.summary())
                part = nbs.nbs_indicators(loaded)
                part.insert(1, "table", loaded.io.name)
                parts.append(part)
            if not parts:
                raise MrioDataError(f"no NBS table for years {years}")
            frame = pd.concat(parts, ignore_index=True)
            if _split(sectors):
                frame = frame[frame["sector"].isin(_split(sectors) or [])]
        else:
            raise ValueError(f"unknown source {source!r} (wiod2013 or nbs)")
    except (MrioDataError, KeyError, ValueError) as exc:
        _fail(exc)
        return
    frame = frame.reset_index(drop=True)
    _show(
        frame.sort_values(["year", "region", "sector"]),
        [
            "year",
            "region",
            "sector",
            "exports",
            "dva_share",
            "gvc_backward",
            "gvc_forward",
            "gvc_position",
            "upstreamness",
        ],
        f"MRIO indicators ({source})",
    )
    if json_file is not None:
        _write_json(json_file, params, frame)
        _console.print(f"wrote {json_file}")
    if html_file is not None:
        title = "National sector in global value chains"
        if chain is not None and len(frame):
            title = f"{chain}: {frame['sector_name'].iloc[0]} ({frame['sector'].iloc[0]}) in GVCs"
        section = html.render_mrio_section(frame, title=title, params=params)
        html_file.parent.mkdir(parents=True, exist_ok=True)
        html_file.write_text(html.render_mrio_page([section]), encoding="utf-8")
        _console.print(f"wrote {html_file}")


@mrio_app.command("shock")
def shock_cmd(
    region: str = typer.Option(..., "--region", help="Shocked region, e.g. CHN."),
    sector: str = typer.Option(..., "--sector", help="Shocked sector, e.g. c14."),
    change: float = typer.Option(..., "--change", help="Relative change, e.g. -0.2."),
    model: str = typer.Option("demand", "--model", help="demand (Leontief) or supply (Ghosh)."),
    consumers: str | None = typer.Option(
        None, "--consumers", help="Demand model: final-demand regions whose purchases change."
    ),
    kind: str = typer.Option(
        "output", "--kind", help="Supply model: output (target output change) or primary_input."
    ),
    source: str = typer.Option("wiod2013", "--source", help=_SOURCE_HELP),
    year: int = typer.Option(2011, "--year", help="Table year."),
    by_region: bool = typer.Option(False, "--by-region", help="Show totals by region."),
    top: int = typer.Option(15, "--top", help="Rows shown (largest absolute output change)."),
    json_file: Path | None = typer.Option(None, "--json", help="Write all rows as JSON."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=_DATA_HELP),
) -> None:
    """Propagate a sector-level shock through the IO table (Leontief or Ghosh)."""
    from chainchief.mrio import loaders, nbs, shocks
    from chainchief.mrio.data import MrioDataError

    params: dict[str, Any] = {
        "source": source,
        "year": year,
        "model": model,
        "region": region,
        "sector": sector,
        "change": change,
        "consumers": consumers,
        "kind": kind,
    }
    try:
        if source == "wiod2013":
            loaded = loaders.load_wiod2013(year, data_dir=data_dir)
        elif source == "nbs":
            loaded = nbs.load_nbs(year, data_dir=data_dir)
        else:
            raise ValueError(f"unknown source {source!r} (wiod2013 or nbs)")
        if model == "demand":
            cons = _split(consumers)
            result = shocks.demand_shock(
                loaded,
                [shocks.DemandShock(region, sector, change, None if cons is None else tuple(cons))],
            )
        elif model == "supply":
            if kind not in ("output", "primary_input"):
                raise ValueError(f"--kind must be output or primary_input, got {kind!r}")
            result = shocks.supply_shock(loaded, [shocks.SupplyShock(region, sector, change, kind)])  # type: ignore[arg-type]
        else:
            raise ValueError(f"--model must be demand or supply, got {model!r}")
    except (MrioDataError, KeyError, ValueError) as exc:
        _fail(exc)
        return
    _console.print(loaded.summary())
    view = (
        shocks.shock_by_region(result)
        if by_region
        else result.reindex(result["d_output"].abs().sort_values(ascending=False).index)
    )
    cols = ["region", "sector", "output", "d_output", "d_output_pct", "d_value_added"]
    _show(
        view, cols, f"{model} shock: {region} {sector} {change:+.1%} ({source} {year})", limit=top
    )
    total = result[["d_output", "d_value_added"]].sum()
    _console.print(
        f"total output change {total['d_output']:.6g}, value added change "
        f"{total['d_value_added']:.6g} ({loaded.unit})"
    )
    if json_file is not None:
        _write_json(json_file, params, result, by_region=_records(shocks.shock_by_region(result)))
        _console.print(f"wrote {json_file}")


@mrio_app.command("balance")
def balance_cmd(
    source: str = typer.Option("wiod2013", "--source", help=_SOURCE_HELP),
    year: int = typer.Option(2011, "--year", help="Table year."),
    top: int = typer.Option(15, "--top", help="Rows shown."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=_DATA_HELP),
) -> None:
    """Report rows whose intermediate plus final use differ from published output."""
    from chainchief.mrio import loaders, nbs
    from chainchief.mrio.data import MrioDataError

    try:
        loaded = (
            loaders.load_wiod2013(year, data_dir=data_dir)
            if source == "wiod2013"
            else nbs.load_nbs(year, data_dir=data_dir)
        )
    except (MrioDataError, KeyError, ValueError) as exc:
        _fail(exc)
        return
    _console.print(loaded.summary())
    for note in loaded.notes:
        _console.print(f"note: {note}")
    _show(
        loaded.balance.reset_index(),
        ["region", "sector", "published_output", "row_total", "discrepancy", "rel_discrepancy"],
        "Balance discrepancies",
        limit=top,
    )


def register(app: typer.Typer) -> None:
    """Add the ``mrio`` sub-command group to the main application."""
    app.add_typer(mrio_app, name="mrio")
