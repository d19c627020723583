"""``chainchief diagnose``: chain diagnosis of a stored dataset (JSON and HTML report)."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["diagnose_command", "register"]


def diagnose_command(
    dataset: str = typer.Argument(..., help="Name of a dataset in the store."),
    db: Path | None = typer.Option(
        None, "--db", help="Store file (default $CHAINCHIEF_DB, else ./chainchief.duckdb)."
    ),
    region: str | None = typer.Option(
        None, "--region", help="Focal region id (default: the dataset's first focal region)."
    ),
    chain: str | None = typer.Option(
        None, "--chain", help="Chain id (default: the dataset's first chain)."
    ),
    reference: str | None = typer.Option(
        None, "--reference", help="Reference region of the LQ (default: national ancestor)."
    ),
    json_out: Path | None = typer.Option(
        None, "--json", help="Write the JSON report here ('-' for standard output)."
    ),
    html_out: Path | None = typer.Option(None, "--html", help="Write the HTML report here."),
    lang: str = typer.Option("en", "--lang", help="Report language: zh or en."),
    mrio: bool = typer.Option(
        True,
        "--mrio/--no-mrio",
        help="Add the national IO sector's GVC indicators (WIOD) to the HTML report when "
        "the real data directory is found ($CHAINCHIEF_DATA_DIR or ../shared/data).",
    ),
) -> None:
    """Diagnose a chain: panoramic map, classes, recommendations, position, lock-in."""
    import chainchief
    from chainchief.diagnosis import diagnose, write_report
    from chainchief.errors import ChainchiefError

    if lang not in ("zh", "en"):
        raise typer.BadParameter("use zh or en", param_hint="--lang")
    try:
        store = chainchief.open(db, read_only=True)
        ds = store.dataset(dataset)
        result = diagnose(ds, region=region, chain=chain, reference=reference)
    except ChainchiefError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    except (ValueError, KeyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if json_out is not None:
        text = result.to_json()
        if str(json_out) == "-":
            typer.echo(text)
        else:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(text, encoding="utf-8")
            typer.echo(f"JSON report: {json_out}", err=True)
    if html_out is not None:
        from chainchief.mrio.html import mrio_report_section

        extra = mrio_report_section(result.chain) if mrio else None
        write_report(result, html_out, lang=lang, extra_sections=[extra] if extra else [])
        typer.echo(f"HTML report: {html_out}", err=True)
    if json_out is None or str(json_out) != "-":
        _print_summary(result)


def _print_summary(result: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from chainchief.diagnosis import Diagnosis

    assert isinstance(result, Diagnosis)
    t = Table(title=f"{result.region} · {result.chain} (reference {result.reference})")
    for col in ("segment", "class", "local firms", "LQ", "self-sufficiency", "lock-in"):
        t.add_column(col)

    def f(x: float) -> str:
        return "" if x != x else f"{x:.2f}"

    for r in result.segments.to_dict("records"):
        t.add_row(
            r["segment_id"],
            r["class"],
            str(r["local_firms"]),
            f(r["lq"]),
            f(r["self_sufficiency"]),
            f(r["lock_in"]),
        )
    con = Console()
    con.print(t)
    for rec in result.recommendations[:10]:
        target = rec["segment_id"] or rec["chain_id"]
        con.print(f"{rec['action']:<10} {target:<24} priority {rec['priority']:.2f}")


def register(app: typer.Typer) -> None:
    """Add ``diagnose`` to the command line."""
    app.command("diagnose")(diagnose_command)
