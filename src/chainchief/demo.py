"""``make demo``: build the example datasets, load them into a store, summarise them,
and write the diagnosis report of each (with the national IO sector's GVC indicators
when the real data directory is found).

Run as ``python -m chainchief.demo --out build/demo --db build/demo/chainchief.duckdb``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from chainchief.cli.common import console
from chainchief.cli.data_commands import dataset_info, print_info
from chainchief.diagnosis import diagnose, write_report
from chainchief.examples import EXAMPLES, build
from chainchief.mrio.html import mrio_report_section
from chainchief.report import Section
from chainchief.store import Store

__all__ = ["run_demo"]


def run_demo(out: Path, db: Path) -> list[str]:
    """Build and import every example; print each summary; return the dataset names."""
    store = Store(db)
    names = []
    for name in EXAMPLES:
        with console.status(f"building and importing {name}"):
            pkg = build(name, out / "packages" / name)
            report = store.import_package(pkg, replace=True)
        seconds = report.validate_seconds + report.write_seconds
        console.print(
            f"[green]loaded[/] {report.dataset} from {pkg} "
            f"({sum(report.rows.values()):,} rows, {seconds:.1f} s)"
        )
        names.append(report.dataset)
    for name in names:
        print_info(dataset_info(store, name))
    reports = write_reports(store, names, out / "reports")
    console.rule("[bold]Diagnosis reports[/] (open in a browser; they work offline)")
    for path in reports:
        console.print(f"  {path}")
    console.print(f"\nstore: {store.path}  (try: chainchief info --db {store.path})")
    return names


def write_reports(store: Store, names: list[str], out: Path) -> list[Path]:
    """Diagnose each dataset and write its HTML report (en and zh) and JSON."""
    paths: list[Path] = []
    mrio_cache: dict[str, Section | None] = {}
    for name in names:
        with console.status(f"diagnosing {name}"):
            result = diagnose(store.dataset(name))
            if result.chain not in mrio_cache:
                mrio_cache[result.chain] = mrio_report_section(result.chain)
            extra = mrio_cache[result.chain]
            sections = [extra] if extra is not None else []
            for lang in ("en", "zh"):
                paths.append(
                    write_report(result, out / f"{name}.{lang}.html", lang, extra_sections=sections)
                )
            json_path = out / f"{name}.json"
            json_path.write_text(result.to_json(), encoding="utf-8")
            paths.append(json_path)
    return paths


def main(argv: list[str] | None = None) -> None:
    """Command-line entry of the demo."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/demo"))
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    run_demo(args.out, args.db or args.out / "chainchief.duckdb")


if __name__ == "__main__":
    main()
