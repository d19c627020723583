"""Import benchmark: a synthetic package of 1,000,000 firms and 10,000,000 supply links.

Phases, each in a fresh interpreter (see ``_common.py``; module imports are not timed):

1. generate the package in memory (:func:`chainchief.examples.synthetic.generate_synthetic`)
   and write it as Parquet (:func:`chainchief.package.write_package`);
2. import it into a new DuckDB store (``chainchief.open(db).import_package``), which
   validates everything and then writes in one transaction;
3. read ``dataset.supply_links`` back as a DataFrame.

Targets (issue 2): import <= 90 s and <= 8 GiB peak memory on a 2-core machine;
generation well under 60 s and < 4 GiB.

Run under the shared lock::

    flock /tmp/chainchief-bench.lock .venv/bin/python benchmarks/import_bench.py
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import chainchief
from _common import GiB, PhaseResult, peak_rss_bytes, print_table, run_phase
from chainchief.examples.synthetic import generate_synthetic
from chainchief.package import write_package

IMPORT_SECONDS, IMPORT_GIB = 90.0, 8.0
GENERATE_SECONDS, GENERATE_GIB = 60.0, 4.0


def generate(out: str, firms: int, links: int, seed: int) -> tuple[int, dict[str, Any]]:
    """Generate and write the package; returns total rows and the split of the time."""
    t0 = time.perf_counter()
    desc, tables = generate_synthetic(firms, links, seed=seed)
    t1 = time.perf_counter()
    peak_gen = peak_rss_bytes()
    write_package(desc, tables, out, fmt="parquet")
    t2 = time.perf_counter()
    rows = {k: len(v) for k, v in tables.items()}
    size = sum(f.stat().st_size for f in Path(out).iterdir())
    return sum(rows.values()), {
        "generate_s": t1 - t0,
        "write_s": t2 - t1,
        "generate_peak": peak_gen,
        "table_rows": rows,
        "bytes": size,
        "name": desc["name"],
    }


def import_package(db: str, pkg: str) -> tuple[int, dict[str, Any]]:
    """Import the package into a fresh store."""
    report = chainchief.open(db).import_package(pkg)
    return sum(report.rows.values()), {
        "validate_s": report.validate_seconds,
        "write_s": report.write_seconds,
        "db_bytes": Path(db).stat().st_size,
    }


def read_back(db: str, name: str) -> tuple[int, dict[str, Any]]:
    """Read the supply links of the stored dataset."""
    links = chainchief.open(db, read_only=True).dataset(name).supply_links
    return len(links), {"bytes": int(links.memory_usage(deep=True).sum())}


def profile_import(db: str, pkg: str, out: Path) -> None:
    """Import under cProfile, in this process; print the top functions."""
    import cProfile
    import pstats

    store = chainchief.open(db)
    cProfile.runctx("store.import_package(pkg)", globals(), {"store": store, "pkg": pkg}, str(out))
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=1_000_000)
    ap.add_argument("--links", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path, default=None, help="default: a new temporary dir")
    ap.add_argument("--keep", action="store_true", help="keep the package and database")
    ap.add_argument("--profile", type=Path, default=None, help="also profile the import")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="chainchief-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    pkg, db = work / "package", work / "bench.duckdb"
    for p in (pkg, db):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    print(
        f"import benchmark: {args.firms:,} firms, {args.links:,} links, seed {args.seed}, "
        f"work dir {work}",
        file=sys.stderr,
    )
    try:
        gen = run_phase("generate + write", generate, str(pkg), args.firms, args.links, args.seed)
        g = gen.extra
        imp = run_phase("import", import_package, str(db), str(pkg))
        back = run_phase("read supply_links", read_back, str(db), g["name"])
        results = [
            PhaseResult(
                "generate (in memory)",
                g["generate_s"],
                g["generate_peak"],
                gen.sampled_peak_bytes,
                gen.rows,
            ),
            PhaseResult(
                "write Parquet", g["write_s"], gen.peak_bytes, gen.sampled_peak_bytes, gen.rows
            ),
            imp,
            PhaseResult(
                "  of which validation",
                imp.extra["validate_s"],
                imp.peak_bytes,
                imp.sampled_peak_bytes,
                imp.rows,
            ),
            PhaseResult(
                "  of which write",
                imp.extra["write_s"],
                imp.peak_bytes,
                imp.sampled_peak_bytes,
                imp.rows,
            ),
            back,
        ]
        ok_imp = imp.seconds <= IMPORT_SECONDS and imp.peak_bytes <= IMPORT_GIB * GiB
        ok_gen = g["generate_s"] <= GENERATE_SECONDS and g["generate_peak"] <= GENERATE_GIB * GiB
        notes = [
            f"package: {g['bytes'] / 2**20:,.0f} MiB Parquet; database: "
            f"{imp.extra['db_bytes'] / 2**20:,.0f} MiB; supply_links frame: "
            f"{back.extra['bytes'] / 2**20:,.0f} MiB",
            f"rows per table: {g['table_rows']}",
            "peak RSS of a phase's child process; 'write Parquet' shows the peak of generate+write",
            f"import target <= {IMPORT_SECONDS:.0f} s and <= {IMPORT_GIB:.0f} GiB: "
            f"{'met' if ok_imp else 'MISSED'}",
            f"generation target <= {GENERATE_SECONDS:.0f} s and <= {GENERATE_GIB:.0f} GiB: "
            f"{'met' if ok_gen else 'MISSED'}",
        ]
        print_table(results, title="chainchief import benchmark", notes=notes)
        if args.profile:
            db.unlink()
            profile_import(str(db), str(pkg), args.profile)
        return 0 if ok_imp else 1
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
