"""``chainchief examples``: the calibrated example datasets and the synthetic generator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from chainchief.cli.common import console, handle_errors

__all__ = ["examples_app", "register"]

examples_app = typer.Typer(
    help="Calibrated synthetic example datasets and the benchmark network generator.",
    no_args_is_help=True,
)


@examples_app.command("list")
def list_cmd() -> None:
    """List the example datasets."""
    from chainchief.examples import EXAMPLES

    t = Table("name", "description", title="Example datasets (synthetic, calibrated)")
    for name, desc in EXAMPLES.items():
        t.add_row(name, desc)
    console.print(t)


@examples_app.command("build")
@handle_errors
def build_cmd(
    name: Annotated[str, typer.Argument(help="Example name (see `examples list`).")],
    out: Annotated[Path, typer.Option("--out", help="Directory to write the package to.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed [default: the example's].")
    ] = None,
) -> None:
    """Write an example dataset as a chain data package."""
    from chainchief.examples import EXAMPLES, build

    if name not in EXAMPLES:
        raise typer.BadParameter(f"unknown example {name!r}; choose from {', '.join(EXAMPLES)}")
    if fmt not in ("csv", "parquet"):
        raise typer.BadParameter("must be csv or parquet", param_hint="--format")
    path = build(name, out, fmt="parquet" if fmt == "parquet" else "csv", seed=seed)
    console.print(f"wrote {name} to {path}")


def register(app: typer.Typer) -> None:
    """Add ``examples`` to ``app``."""
    from chainchief.cli.synthetic_commands import synthetic_command

    examples_app.command("synthetic")(synthetic_command)
    app.add_typer(examples_app, name="examples")
