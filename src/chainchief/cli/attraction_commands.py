"""``chainchief substitutes`` / ``attract`` / ``alliance-settle`` (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

__all__ = ["alliance_settle_command", "attract_command", "register", "substitutes_command"]

_DB_HELP = "Store file (default $CHAINCHIEF_DB, else ./chainchief.duckdb)."


def _dataset(db: Path | None, name: str) -> Any:
    import chainchief

    return chainchief.open(db, read_only=True).dataset(name)


def _emit_json(text: str, out: Path) -> None:
    if str(out) == "-":
        typer.echo(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        typer.echo(f"JSON: {out}", err=True)


def substitutes_command(
    dataset: str = typer.Argument(..., help="Name of a dataset in the store."),
    firm: str = typer.Option(..., "--firm", help="Id of the disrupted supplier."),
    segment: str | None = typer.Option(
        None, "--segment", help="Segment to replace (default: the firm's only segment)."
    ),
    exclude_region: list[str] = typer.Option(
        [], "--exclude-region", help="Region cut off (repeatable); its firms are left out."
    ),
    region: str | None = typer.Option(
        None, "--region", help="Buyers' region (default: the dataset's first focal region)."
    ),
    partner_region: list[str] = typer.Option(
        [], "--partner-region", help="ICCM partner region (repeatable), as in the simulation."
    ),
    outside_only: bool = typer.Option(
        False, "--outside-only", help="Leave out firms of the buyers' own region."
    ),
    top: int = typer.Option(10, "--top", help="Number of candidates to show."),
    min_cover: float = typer.Option(
        0.6,
        "--min-cover",
        help="Adequacy: candidates whose spare covers this share of the lost daily flow "
        "come first (0: off).",
    ),
    db: Path | None = typer.Option(None, "--db", help=_DB_HELP),
    json_out: Path | None = typer.Option(None, "--json", help="Write JSON here ('-': stdout)."),
) -> None:
    """Rank substitute suppliers (the simulation's own ranking, rank_substitutes)."""
    from chainchief.attraction.substitutes import find_substitutes
    from chainchief.errors import ChainchiefError

    try:
        ds = _dataset(db, dataset)
        out = find_substitutes(
            ds,
            firm,
            segment=segment,
            region=region,
            exclude_regions=list(exclude_region) or None,
            partner_regions=list(partner_region) or None,
            outside_only=outside_only,
            top=top,
            min_cover=min_cover,
        )
    except ChainchiefError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    except (ValueError, KeyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if json_out is not None:
        rows = json.loads(out.to_json(orient="records", force_ascii=False))
        doc = {"firm": firm, "parameters": {"min_cover": min_cover}, "candidates": rows}
        _emit_json(json.dumps(doc, ensure_ascii=False, indent=2), json_out)
        if str(json_out) == "-":
            return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Substitutes for {firm} (min_cover {min_cover})")
    cols = [
        "rank",
        "firm_id",
        "name",
        "region_id",
        "stage",
        "spare",
        "cover",
        "adequate",
        "lead_time_days",
        "past_relations",
        "patents",
    ]
    for c in cols:
        t.add_column(c)
    for rec in out[cols].itertuples(index=False):
        t.add_row(*[f"{v:.4g}" if isinstance(v, float) else str(v) for v in rec])
    Console().print(t)


def alliance_settle_command(
    members: Path = typer.Argument(
        ...,
        help="CSV: member_id, provided, received, expected_provided, expected_received.",
    ),
    tolerance: float = typer.Option(0.2, "--tolerance", help="'Far less' margin (0.2)."),
    rate: float = typer.Option(1.0, "--rate", help="Compensation per unit of shortfall."),
    fixed: float | None = typer.Option(None, "--fixed", help="Set compensation per payer."),
    json_out: Path | None = typer.Option(None, "--json", help="Write JSON here ('-': stdout)."),
) -> None:
    """Patent-sharing alliance settlement: who pays whom."""
    import pandas as pd

    from chainchief.attraction.alliance import settle

    try:
        df = pd.read_csv(members)
        summary, payments = settle(df, tolerance=tolerance, rate=rate, fixed=fixed)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    params = {"tolerance": tolerance, "rate": rate, "fixed": fixed}
    if json_out is not None:
        doc = {
            "parameters": params,
            "members": json.loads(summary.astype(str).to_json(orient="records")),
            "payments": json.loads(payments.astype(str).to_json(orient="records")),
        }
        _emit_json(json.dumps(doc, ensure_ascii=False, indent=2), json_out)
        if str(json_out) == "-":
            return
    typer.echo(f"parameters: {params}")
    typer.echo(summary.to_string(index=False))
    typer.echo("payments:" if len(payments) else "no payments")
    if len(payments):
        typer.echo(payments.to_string(index=False))


def attract_command(
    dataset: str = typer.Argument(..., help="Name of a dataset in the store."),
    region: str | None = typer.Option(None, "--region", help="Focal region id."),
    chain: str | None = typer.Option(None, "--chain", help="Chain id."),
    strategy: str = typer.Option(
        "buyer-driven", "--strategy", help="buyer-driven, producer-driven or a YAML file."
    ),
    top: int = typer.Option(20, "--top", help="Number of candidates to show / report."),
    db: Path | None = typer.Option(None, "--db", help=_DB_HELP),
    json_out: Path | None = typer.Option(None, "--json", help="Write JSON here ('-': stdout)."),
    html_out: Path | None = typer.Option(None, "--html", help="Write the HTML report here."),
    lang: str = typer.Option("en", "--lang", help="Report language: zh or en."),
    what_if: str | None = typer.Option(
        None, "--what-if", help="Candidate id: compare the region before/after attracting it."
    ),
    shock_region: list[str] = typer.Option(
        [], "--shock-region", help="Region hit by a scenario's shocks (repeatable; risk)."
    ),
    scenario: str | None = typer.Option(
        None,
        "--scenario",
        help="What-if: scenario (library name or YAML file) for loss and recovery before "
        "and after (default: the dataset's reference scenario in the library).",
    ),
    no_sim: bool = typer.Option(
        False, "--no-sim", help="What-if: skip the simulation of loss and recovery."
    ),
    kind: str = typer.Option(
        "all", "--kind", help="Candidates scored: firm, institution or all (default all)."
    ),
) -> None:
    """Degree of match of outside organisations with the local chain."""
    from chainchief.attraction import MatchParams, degree_of_match
    from chainchief.errors import ChainchiefError

    if lang not in ("zh", "en"):
        raise typer.BadParameter("use zh or en", param_hint="--lang")
    kinds = {"all": ("firm", "institution"), "firm": ("firm",), "institution": ("institution",)}
    if kind not in kinds:
        typer.echo(f"error: --kind must be firm, institution or all, got {kind!r}", err=True)
        raise typer.Exit(2)
    params = MatchParams(shock_regions=tuple(shock_region), kinds=kinds[kind])
    try:
        ds = _dataset(db, dataset)
        res = degree_of_match(ds, region=region, chain=chain, strategy=strategy, params=params)
    except ChainchiefError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    except (ValueError, KeyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    wi: dict[str, Any] | None = None
    if what_if is not None:
        from chainchief.attraction.whatif import what_if as run_what_if

        try:
            wi = run_what_if(
                ds,
                what_if,
                region=res.region,
                chain=res.chain,
                simulate=not no_sim,
                scenario=scenario,
            )
        except (ValueError, KeyError, FileNotFoundError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
    elif scenario is not None or no_sim:
        typer.echo("error: --scenario and --no-sim need --what-if", err=True)
        raise typer.Exit(2)
    if json_out is not None:
        doc = res.to_dict(top)
        if wi is not None:
            from chainchief.attraction.whatif import what_if_to_dict

            doc["what_if"] = what_if_to_dict(wi)
        _emit_json(json.dumps(doc, ensure_ascii=False, indent=2, default=str), json_out)
    if html_out is not None:
        from chainchief.attraction.report import write_report

        write_report(res, ds, html_out, top=top, lang=lang, what_if=wi)
        typer.echo(f"HTML report: {html_out}", err=True)
    if json_out is not None and str(json_out) == "-":
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{res.region} · {res.chain} · {res.profile.name}")
    cols = ["rank", "candidate_id", "name", "kind", "scale", "score", "dropped"]
    for c in cols:
        t.add_column(c)
    for rec in res.ranking.head(top)[cols].itertuples(index=False):
        t.add_row(*[f"{v:.3f}" if isinstance(v, float) else str(v) for v in rec])
    Console().print(t)
    if wi is not None:
        typer.echo(f"What-if: attract {wi['candidate']} (before -> after)")
        typer.echo(wi["segments"].to_string(index=False))
        typer.echo(wi["coupling"].to_string(index=False))
        sim = wi["simulation"]
        if sim is not None:
            st = Table(
                title=f"Loss and recovery under {sim['scenario']} "
                f"(one run, central values, seed {sim['seed']})"
            )
            for c in ("variant", "metric", "before", "after", "change"):
                st.add_column(c)
            for rec in sim["metrics"].itertuples(index=False):
                st.add_row(*[f"{v:.4g}" if isinstance(v, float) else str(v) for v in rec])
            Console().print(st)
        for note in wi["notes"]:
            typer.echo(f"note: {note}")


def register(app: typer.Typer) -> None:
    """Add the attraction commands to ``app``."""
    app.command("attract")(attract_command)
    app.command("substitutes")(substitutes_command)
    app.command("alliance-settle")(alliance_settle_command)
