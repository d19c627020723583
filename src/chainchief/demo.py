"""``make demo``: build the example datasets, load them into a store, summarise them.

Run as ``python -m chainchief.demo --out build/demo --db build/demo/chainchief.duckdb``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from chainchief.cli.common import console
from chainchief.cli.data_commands import dataset_info, print_info
from chainchief.examples import EXAMPLES, build
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
    console.print(f"\nstore: {store.path}  (try: chainchief info --db {store.path})")
    return names


def main(argv: list[str] | None = None) -> None:
    """Command-line entry of the demo."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/demo"))
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    run_demo(args.out, args.db or args.out / "chainchief.duckdb")


if __name__ == "__main__":
    main()
