"""``chainchief examples synthetic``: write a synthetic chain network of any size.

:func:`synthetic_command` is a Typer-ready command; :func:`register` attaches it as
``synthetic`` to a Typer app (the ``examples`` sub-app of the main command line).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

__all__ = ["register", "synthetic_command"]

_FORMATS = ("parquet", "csv")


def synthetic_command(
    firms: Annotated[int, typer.Option("--firms", min=10, help="Number of firms.")],
    links: Annotated[int, typer.Option("--links", min=0, help="Number of supply links.")],
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write the package to (created).")
    ],
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    fmt: Annotated[str, typer.Option("--format", help="File format: parquet or csv.")] = "parquet",
) -> None:
    """Generate a synthetic chain data package with heavy-tailed degrees and spatial structure.

    Firms, supply links, sales, knowledge links, institutions, roles and indicators are
    all invented (seeded, so the same arguments give the same files). The package is
    marked ``synthetic: true`` and named ``synthetic-FIRMS``.
    """
    from chainchief.examples.synthetic import write_synthetic

    if fmt not in _FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(_FORMATS)}", param_hint="--format")
    console = Console(stderr=True)
    start = time.perf_counter()
    try:
        with console.status("generating ...") as status:
            path = write_synthetic(
                out,
                firms,
                links,
                seed=seed,
                fmt=fmt,  # type: ignore[arg-type]
                progress=lambda msg: status.update(f"generating: {msg} ..."),
            )
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    elapsed = time.perf_counter() - start
    table = Table(title=f"synthetic package written to {path}")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for f in sorted(path.iterdir()):
        table.add_row(f.name, f"{f.stat().st_size:,}")
    console.print(table)
    console.print(f"{firms:,} firms, {links:,} supply links in {elapsed:.1f} s (seed {seed})")
    typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add ``synthetic`` to ``app`` (meant for the ``examples`` sub-app)."""
    app.command("synthetic")(synthetic_command)
