"""Helpers shared by the command modules: the database option and error handling."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from chainchief.errors import ChainchiefError, PackageInvalidError

__all__ = ["DbOption", "console", "err_console", "handle_errors"]

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="CHAINCHIEF_DB",
        help="DuckDB file of the store [default: $CHAINCHIEF_DB or ./chainchief.duckdb].",
        show_default=False,
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn chainchief errors into a message on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PackageInvalidError as exc:
            limit = kwargs.get("max_errors")
            for line in exc.lines(limit if limit else None):
                print(line, file=sys.stderr)
            shown = len(exc.problems) if not limit else min(limit, len(exc.problems))
            if shown < len(exc.problems):
                print(f"... {len(exc.problems) - shown} more problems not shown", file=sys.stderr)
            err_console.print(f"[bold red]error:[/] {exc}")
            raise typer.Exit(exc.exit_code) from None
        except ChainchiefError as exc:
            err_console.print(f"[bold red]error:[/] {exc}")
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]
