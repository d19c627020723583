"""Benchmark of chainchief.mrio.

Part ``wiod``: every indicator (loader with balance check, Leontief and Ghosh inverses,
pymrio value-added accounts, KWW decomposition at sector and country level, GVC
participation/position, upstreamness, Timmer slicing of manufacturing final output) for
all 17 years of the WIOD 2013 release.  Target: <= 60 s.

Part ``synthetic``: Leontief inverse (pymrio) plus the export decomposition (sector
terms and the nine KWW terms) of a synthetic dense MRIO with 10,000 region-sectors
(50 regions x 200 sectors by default).  Target: <= 60 s and <= 8 GiB.

Each part runs in a fresh subprocess so that its peak resident memory is its own.
BLAS threads default to 1 (``--blas-threads``): on the shared 2-core machine, with other
processes busy, two OpenBLAS threads spin against each other and ran 2.5x slower.
Run under the shared lock: ``flock /tmp/chainchief-bench.lock .venv/bin/python
benchmarks/mrio_bench.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time


def _peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def run_wiod(data_dir: str | None) -> dict[str, float]:
    from chainchief.mrio.data import WIOD_YEARS
    from chainchief.mrio.indicators import analyse
    from chainchief.mrio.loaders import load_wiod2013

    t0, c0 = time.perf_counter(), time.process_time()
    per_year = []
    rows = 0
    for year in WIOD_YEARS:
        t = time.perf_counter()
        res = analyse(load_wiod2013(year, data_dir=data_dir))
        frame, kww, sl = res["indicators"], res["kww"], res["slicing"]
        rows += len(frame) + len(kww) + len(sl)
        per_year.append(time.perf_counter() - t)
    total = time.perf_counter() - t0
    return {
        "cpu_s": time.process_time() - c0,
        "years": len(WIOD_YEARS),
        "total_s": total,
        "mean_year_s": total / len(per_year),
        "max_year_s": max(per_year),
        "rows": rows,
        "peak_rss_gib": _peak_gib(),
    }


def run_synthetic(regions: int, sectors: int, seed: int) -> dict[str, float]:
    import numpy as np
    import pandas as pd

    from chainchief.mrio.core import io_arrays, solve
    from chainchief.mrio.decomposition import (
        decomposition_parts,
        export_decomposition,
        kww_terms,
    )
    from chainchief.mrio.loaders import build_iosystem

    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    N = regions * sectors
    Z = rng.random((N, N))  # the only N x N array built here; scaled in place
    for r in range(regions):
        S = slice(r * sectors, (r + 1) * sectors)
        Z[S, S] *= 40.0  # domestic blocks dominate
    row = Z.sum(axis=1)
    Y = rng.random((N, regions))
    for r in range(regions):
        Y[r * sectors : (r + 1) * sectors, r] += 20.0
    Y *= (row * rng.uniform(0.6, 1.4, N) / Y.sum(axis=1))[:, None]
    idx = pd.MultiIndex.from_product(
        [[f"R{r:02d}" for r in range(regions)], [f"s{j:03d}" for j in range(sectors)]],
        names=["region", "sector"],
    )
    ycols = pd.MultiIndex.from_product(
        [[f"R{r:02d}" for r in range(regions)], ["fd"]], names=["region", "category"]
    )
    Zf = pd.DataFrame(Z, index=idx, columns=idx, copy=False)
    Yf = pd.DataFrame(Y, index=idx, columns=ycols)
    loaded = build_iosystem(Zf, Yf, name="synthetic", source="synthetic")
    del Z, Zf
    t_build = time.perf_counter() - t0

    t, c = time.perf_counter(), time.process_time()
    solve(loaded, ghosh=False, accounts=False)  # pymrio A; L = (I - A)^-1
    t_leontief = time.perf_counter() - t
    c_leontief = time.process_time() - c

    t, c = time.perf_counter(), time.process_time()
    arr = io_arrays(loaded)
    parts = decomposition_parts(arr)
    dec = export_decomposition(arr, parts)
    kww = kww_terms(arr, parts)
    t_dec = time.perf_counter() - t
    c_dec = time.process_time() - c
    rel_residual = float(abs(dec["residual"]).sum() / dec["exports"].sum())
    kww_residual = float(abs(kww["residual"]).max() / kww["exports"].max())
    return {
        "n": N,
        "regions": regions,
        "sectors": sectors,
        "build_s": t_build,
        "leontief_s": t_leontief,
        "decomposition_s": t_dec,
        "leontief_plus_decomposition_s": t_leontief + t_dec,
        "cpu_s": c_leontief + c_dec,
        "rel_residual": rel_residual,
        "kww_rel_residual": kww_residual,
        "peak_rss_gib": _peak_gib(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["wiod", "synthetic", "all"], default="all")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--regions", type=int, default=50)
    ap.add_argument("--sectors", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="OPENBLAS/OMP/MKL threads of the child processes (default 1: on the shared "
        "2-core machine one thread per process beats two competing ones; 0 = inherit)",
    )
    args = ap.parse_args()
    if args.child:
        if args.part == "wiod":
            out = run_wiod(args.data_dir)
        else:
            out = run_synthetic(args.regions, args.sectors, args.seed)
        print("RESULT " + json.dumps(out))
        return
    parts = ["wiod", "synthetic"] if args.part == "all" else [args.part]
    print(
        f"mrio benchmark  cpus={os.cpu_count()}  load={os.getloadavg()[0]:.1f}  "
        f"blas_threads={args.blas_threads or 'default'}"
    )
    for part in parts:
        if part == "wiod":
            from chainchief.mrio.data import find_data_dir

            if find_data_dir(args.data_dir) is None:
                print("wiod: skipped (real data directory not found)")
                continue
        cmd = [
            sys.executable,
            __file__,
            "--part",
            part,
            "--child",
            "--regions",
            str(args.regions),
            "--sectors",
            str(args.sectors),
            "--seed",
            str(args.seed),
        ]
        if args.data_dir:
            cmd += ["--data-dir", args.data_dir]
        env = dict(os.environ)
        if args.blas_threads:
            for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                env[var] = str(args.blas_threads)
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
        if proc.returncode != 0 or not line:
            print(f"{part}: failed\n{proc.stderr[-2000:]}")
            continue
        res = json.loads(line[0][7:])
        if part == "wiod":
            print(
                f"wiod2013 all indicators, {res['years']} years: total {res['total_s']:.1f} s "
                f"(mean {res['mean_year_s']:.2f} s/year, max {res['max_year_s']:.2f} s; "
                f"CPU {res['cpu_s']:.1f} s), peak RSS {res['peak_rss_gib']:.2f} GiB  "
                "[target <= 60 s]"
            )
        else:
            print(
                f"synthetic MRIO n={res['n']} ({res['regions']} x {res['sectors']}): "
                f"Leontief {res['leontief_s']:.1f} s + decomposition "
                f"{res['decomposition_s']:.1f} s = {res['leontief_plus_decomposition_s']:.1f} s"
                f" (CPU {res['cpu_s']:.1f} s; build {res['build_s']:.1f} s), "
                f"peak RSS {res['peak_rss_gib']:.2f} GiB, "
                f"relative residual {res['rel_residual']:.1e}  [target <= 60 s, <= 8 GiB]"
            )
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
