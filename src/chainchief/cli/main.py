"""Entry point of the ``chainchief`` command line.

Each capability defines its commands in its own module of this package; this module
only joins them into one Typer application.
"""

from __future__ import annotations

import typer

from chainchief import __version__

app = typer.Typer(
    name="chainchief",
    help="Decision support for the Industrial Chain Chief Model (ICCM).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def _register() -> None:
    # One line per capability module: each adds its commands or sub-apps to ``app``.
    from chainchief.cli import (
        analytics_commands,
        attraction_commands,
        data_commands,
        diagnosis_commands,
        examples_commands,
        mrio_commands,
        simulation_commands,
    )

    for module in (
        data_commands,
        examples_commands,
        diagnosis_commands,
        analytics_commands,
        mrio_commands,
        simulation_commands,
        attraction_commands,
    ):
        module.register(app)


def main() -> None:
    """Run the command line."""
    _register()
    app()
