"""Commands that manage the store: init, import, export, delete, info."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from chainchief.cli.common import DbOption, console, handle_errors
from chainchief.model.regions import descendants
from chainchief.store import Store

__all__ = ["register"]


@contextmanager
def spinner(title: str) -> Iterator[Any]:
    """A Rich progress line; yields a callback that updates its text."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(title, total=None)
        yield lambda msg: progress.update(task, description=msg)


@handle_errors
def init_cmd(db: DbOption = None) -> None:
    """Create the store's database file and tables (safe to run again)."""
    path = Store(db).init()
    console.print(f"store ready: {path}")


@handle_errors
def import_cmd(
    package: Annotated[Path, typer.Argument(help="Package directory, datapackage.json or .zip.")],
    db: DbOption = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a stored dataset of the same name.")
    ] = False,
    max_errors: Annotated[
        int, typer.Option("--max-errors", help="Print at most this many problems (0 = all).")
    ] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the import report as JSON.")
    ] = False,
) -> None:
    """Validate a chain data package and store it in one transaction.

    Every problem is printed as FILE:ROW:COLUMN: reason and the command exits with code 2,
    leaving the database unchanged.
    """
    store = Store(db)
    with spinner(f"importing {package}") as say:
        report = store.import_package(package, replace=replace, progress=say)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    verb = "replaced" if report.replaced else "imported"
    total = sum(report.rows.values())
    console.print(
        f"{verb} [bold]{report.dataset}[/] into {store.path}: {total:,} rows "
        f"(validated in {report.validate_seconds:.1f} s, written in {report.write_seconds:.1f} s)"
    )
    for w in report.quality.get("warnings", []):
        console.print(f"[yellow]warning:[/] {w}")


@handle_errors
def export_cmd(
    dataset: Annotated[str, typer.Argument(help="Name of the stored dataset.")],
    out: Annotated[Path, typer.Option("--out", help="Directory to write the package to.")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
) -> None:
    """Write a stored dataset back as a chain data package."""
    if fmt not in ("csv", "parquet"):
        raise typer.BadParameter("must be csv or parquet", param_hint="--format")
    with spinner(f"exporting {dataset}"):
        path = Store(db, read_only=True).export(dataset, out, fmt=fmt)
    console.print(f"exported {dataset} to {path}")


@handle_errors
def delete_cmd(
    dataset: Annotated[str, typer.Argument(help="Name of the stored dataset.")],
    db: DbOption = None,
) -> None:
    """Remove a dataset from the store."""
    Store(db).delete(dataset)
    console.print(f"deleted {dataset}")


def dataset_info(store: Store, name: str) -> dict[str, Any]:
    """The summary ``chainchief info DATASET`` shows, as a JSON-ready dict."""
    ds = store.dataset(name)
    desc = ds.descriptor
    regions = ds.regions
    focal = ds.focal_regions
    local = descendants(regions, focal)
    firms = ds.firms
    local_firms = firms[firms["region_id"].isin(local)]
    segs = ds.segments
    chains = []
    for chain, g in segs.groupby("chain_id", sort=True):
        e = ds.segment_edges
        chains.append(
            {
                "chain_id": chain,
                "segments": len(g),
                "edges": int((e["chain_id"] == chain).sum()),
                "segment_ids": g["segment_id"].tolist(),
            }
        )
    holders = dict(zip(firms["firm_id"], firms["name"], strict=True))
    inst = ds.institutions
    holders.update(zip(inst["institution_id"], inst["name"], strict=True))
    roles = [
        {
            "chain_id": r.chain_id,
            "region_id": r.region_id,
            "role": r.role,
            "holder": holders.get(r.holder_id, r.holder_id)
            if isinstance(r.holder_id, str)
            else None,
            "title": r.title if isinstance(r.title, str) else None,
        }
        for r in ds.roles.itertuples()
    ]
    return {
        "name": name,
        "title": desc.get("title"),
        "version": desc.get("version"),
        "synthetic": desc.get("synthetic"),
        "currency": desc.get("currency"),
        "reference_year": desc.get("reference_year"),
        "focal_regions": focal,
        "rows": ds.report.get("rows", {}),
        "regions_by_scale": {str(k): int(v) for k, v in regions["scale"].value_counts().items()},
        "focal_firms": len(local_firms),
        "focal_employees": int(local_firms["employees"].fillna(0).sum()),
        "chains": chains,
        "roles": roles,
        "validation": {
            "status": "valid (all rules passed at import)",
            "link_status": ds.report.get("link_status", {}),
            "link_sources": ds.report.get("link_sources", {}),
            "warnings": ds.report.get("warnings", []),
        },
    }


def print_info(info: dict[str, Any]) -> None:
    """Render :func:`dataset_info` for the terminal."""
    console.rule(f"[bold]{info['name']}[/] — {info['title']}")
    if info["synthetic"]:
        console.print("[magenta]synthetic data[/] (generated; see the descriptor's sources)")
    console.print(
        f"version {info['version']}, currency {info['currency']}, reference year "
        f"{info['reference_year']}, focal regions: {', '.join(info['focal_regions'])}"
    )
    console.print(
        f"focal-region firms: {info['focal_firms']:,}; employees: {info['focal_employees']:,}"
    )
    t = Table("table", "rows", title="Rows")
    for k, v in info["rows"].items():
        t.add_row(k, f"{v:,}")
    console.print(t)
    console.print(
        "regions by scale: "
        + ", ".join(f"{k} {v}" for k, v in sorted(info["regions_by_scale"].items()))
    )
    for c in info["chains"]:
        console.print(
            f"chain [bold]{c['chain_id']}[/]: {c['segments']} segments, {c['edges']} edges "
            f"({', '.join(c['segment_ids'])})"
        )
    if info["roles"]:
        rt = Table("chain", "role", "holder", "title", title="ICCM roles")
        for r in info["roles"]:
            rt.add_row(r["chain_id"], r["role"], r["holder"] or "", r["title"] or "")
        console.print(rt)
    v = info["validation"]
    console.print(f"validation: {v['status']}")
    if v["link_status"]:
        console.print(
            "supply links by status: "
            + ", ".join(f"{k} {s:.1%}" for k, s in v["link_status"].items())
        )
    for w in v["warnings"]:
        console.print(f"[yellow]warning:[/] {w}")


@handle_errors
def info_cmd(
    dataset: Annotated[str | None, typer.Argument(help="Dataset to describe.")] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the stored datasets, or summarise one: counts, regions, chains, roles, validation."""
    store = Store(db, read_only=True)
    if dataset is None:
        df = store.datasets()
        if as_json:
            print(df.to_json(orient="records", date_format="iso", force_ascii=False))
            return
        t = Table(
            "name",
            "title",
            "synthetic",
            "firms",
            "supply links",
            "imported",
            title=f"Datasets in {store.path}",
        )
        for r in df.itertuples():
            t.add_row(
                r.name,
                str(r.title),
                str(r.synthetic),
                f"{r.firms or 0:,}",
                f"{r.supply_links or 0:,}",
                str(r.imported_at)[:19],
            )
        console.print(t)
        return
    info = dataset_info(store, dataset)
    if as_json:
        print(json.dumps(info, indent=2, ensure_ascii=False, default=str))
    else:
        print_info(info)


def register(app: typer.Typer) -> None:
    """Add the store commands to ``app``."""
    app.command("init")(init_cmd)
    app.command("import")(import_cmd)
    app.command("export")(export_cmd)
    app.command("delete")(delete_cmd)
    app.command("info")(info_cmd)
