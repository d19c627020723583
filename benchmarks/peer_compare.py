"""Side-by-side run of chainchief's simulation and BoARIO 0.7.2 (issue 7 peer check).

BoARIO (adaptive regional input-output model, Hallegatte 2013; Guan et al. 2020) is GPL:
it is installed only in a separate benchmark environment, never as a dependency::

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install boario==0.7.2 pymrio dask progressbar2 coloredlogs \
        country-converter odfpy -e .
    flock /tmp/chainchief-bench.lock .venv-bench/bin/python benchmarks/peer_compare.py

Cases: (a) WIOD 2011 (1,435 region-sectors, each one agent of chainchief's model, its
links the non-zero flows); (b) the Ouhai eyewear example aggregated to region x segment
agents. Shock: 30 % production loss of one agent (WIOD: CHN c14; Ouhai: Ouhai lenses)
for 60 days. Prints the per-step wall time of each model, their ratio, and the total
output-loss curves (correlation, peak and recovery timing).
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd

from chainchief.simulation import CapacityLoss, SimParams, run
from chainchief.simulation.io_network import network_from_io

WIOD = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "wiod2013"


def load_wiod(year: int = 2011, root: Path = WIOD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Z and Y of the WIOD table (Y without inventory changes, negatives set to 0)."""
    z = pd.read_parquet(root / f"wiot_{year}_Z.parquet").astype(float)
    y = pd.read_parquet(root / f"wiot_{year}_Y.parquet").astype(float)
    y = y.loc[:, [c for c in y.columns if not str(c).endswith(".c42")]].clip(lower=0.0)
    return z, y


def token_demand(z: pd.DataFrame, y: pd.DataFrame, token: float = 1e-3) -> pd.DataFrame:
    """Give zero-output agents a token final demand in their own region (BoARIO fails on
    zero output)."""
    x = z.sum(axis=1) + y.sum(axis=1)
    y = y.copy()
    for lab in x.index[x <= 0]:
        reg = str(lab).split(".", 1)[0]
        col = next(c for c in y.columns if str(c).startswith(reg + "."))
        y.loc[lab, col] = token
    return y


def to_pymrio(z: pd.DataFrame, y: pd.DataFrame):
    import pymrio

    def mi(labels: pd.Index, names: list[str]) -> pd.MultiIndex:
        return pd.MultiIndex.from_tuples([tuple(str(v).split(".", 1)) for v in labels], names=names)

    zz = z.copy()
    zz.index = mi(z.index, ["region", "sector"])
    zz.columns = mi(z.columns, ["region", "sector"])
    yy = y.copy()
    yy.index = zz.index
    yy.columns = mi(y.columns, ["region", "category"])
    io = pymrio.IOSystem(
        Z=zz, Y=yy, unit=pd.DataFrame({"unit": ["M.EUR"] * len(zz)}, index=zz.index)
    )
    io.calc_all()
    return io


def run_boario(io, region: str, sector: str, days: int, loss: float, duration: int):
    from boario.event import from_scalar_regions_sectors
    from boario.extended_models import ARIOPsiModel
    from boario.simulation import Simulation

    model = ARIOPsiModel(io)
    sim = Simulation(model, n_temporal_units_to_sim=days)
    ev = from_scalar_regions_sectors(
        loss,
        event_type="arbitrary",
        affected_regions=[region],
        affected_sectors=[sector],
        impact_regional_distrib="equal",
        impact_sectoral_distrib="equal",
        occurrence=1,
        duration=duration,
        recovery_tau=1,
    )
    sim.add_event(ev)
    t0 = time.perf_counter()
    sim.loop()
    wall = time.perf_counter() - t0
    prod = sim.production_realised.to_numpy(dtype=float)[:days]
    return prod.sum(axis=1), wall, model


def run_ours(z, y, agent: str, days: int, loss: float, duration: int):
    # Settings chosen to mirror BoARIO's defaults: 1-day delivery, 90 days of inventory,
    # 60-day inventory restoration, 25 % overproduction headroom, no firm substitution.
    params = SimParams(
        days=days,
        inventory_days=90,
        tau=60,
        capacity_headroom=0.25,
        lead_time_by_scale=(1, 1, 1, 1, 1, 1),
        substitution=False,
    )
    net = network_from_io(z, y, params)
    reg, sec = agent.split(".", 1)
    # A capacity loss on one agent: its region, restricted to its segment.
    shock = [CapacityLoss(regions=[reg], segments=[sec], loss=loss, start=1, end=1 + duration)]
    t0 = time.perf_counter()
    res = run(net, params, shock, record_firms=False)
    wall = time.perf_counter() - t0
    return res.output, net.x0.sum(), wall, net


def curve_stats(loss: np.ndarray, tol: float = 1e-4) -> tuple[float, int, float]:
    peak = int(np.argmax(loss))
    after = np.flatnonzero(loss[peak:] <= tol)
    rec = float(peak + after[0]) if len(after) else float("nan")
    return float(loss[peak]), peak, rec


def compare(name: str, z, y, agent: str, days: int, loss: float, duration: int) -> None:
    y = token_demand(z, y)
    io = to_pymrio(z, y)
    reg, sec = agent.split(".", 1)
    b_tot, b_wall, _ = run_boario(io, reg, sec, days, loss, duration)
    # Warm-up run of ours (numba compilation), then the timed run.
    run_ours(z, y, agent, 5, loss, duration)
    o_tot, o_base, o_wall, net = run_ours(z, y, agent, days, loss, duration)
    b_loss = 1.0 - b_tot / b_tot[0]
    o_loss = 1.0 - o_tot / o_base
    k = min(len(b_loss), len(o_loss))
    corr = float(np.corrcoef(b_loss[:k], o_loss[:k])[0, 1])
    bp, bpd, brec = curve_stats(b_loss[:k])
    op, opd, orec = curve_stats(o_loss[:k])
    print(
        f"== {name}: {net.n_firms:,} agents, {net.n_links:,} links, {days} steps, "
        f"shock {loss:.0%} production loss of {agent} for {duration} steps"
    )
    print(f"  BoARIO 0.7.2 : {b_wall / days * 1000:8.2f} ms/step (total {b_wall:.1f} s)")
    print(f"  chainchief   : {o_wall / days * 1000:8.2f} ms/step (total {o_wall:.1f} s)")
    print(f"  speed ratio (BoARIO / chainchief per step): {b_wall / o_wall:.1f}x")
    print(
        f"  total output loss, BoARIO    : peak {bp:.5f} at step {bpd}, "
        f"back within 1e-4 at step {brec}"
    )
    print(
        f"  total output loss, chainchief: peak {op:.5f} at step {opd}, "
        f"back within 1e-4 at step {orec}"
    )
    print(f"  correlation of the two loss curves: {corr:.3f}")


def ouhai_io() -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The Ouhai example aggregated to (region, segment) agents as an IO table."""
    from chainchief import examples

    pkg = examples.build("ouhai-eyewear")
    f = pkg.firms.set_index("firm_id")
    seg = pkg.firm_segments.sort_values("share", ascending=False).drop_duplicates("firm_id")
    seg = seg.set_index("firm_id")["segment_id"]
    lab = (
        f["region_id"].astype(str).str.replace(".", "_")
        + "."
        + seg.reindex(f.index).fillna("other").astype(str)
    )
    sl = pkg.supply_links[pkg.supply_links["year"] == pkg.supply_links["year"].max()]
    zl = pd.DataFrame(
        {
            "s": lab.reindex(sl["supplier_id"]).to_numpy(),
            "b": lab.reindex(sl["buyer_id"]).to_numpy(),
            "v": sl["value"].to_numpy(dtype=float),
        }
    )
    # BoARIO needs every sector in every region: the full region x segment product.
    regs0 = sorted({a.split(".", 1)[0] for a in set(lab)})
    segs0 = sorted({a.split(".", 1)[1] for a in set(lab)})
    agents = [f"{r}.{g}" for r in regs0 for g in segs0]
    z = (
        zl.pivot_table(index="s", columns="b", values="v", aggfunc="sum")
        .reindex(index=agents, columns=agents)
        .fillna(0.0)
    )
    s = pkg.sales[pkg.sales["year"] == pkg.sales["year"].max()]
    final = (
        s.groupby(lab.reindex(s["firm_id"]).to_numpy())["value"].sum().reindex(agents).fillna(0.0)
    )
    regs = sorted({a.split(".", 1)[0] for a in agents})
    y = pd.DataFrame(0.0, index=agents, columns=[f"{r}.fd" for r in regs])
    for a, v in final.items():
        y.loc[a, f"{a.split('.', 1)[0]}.fd"] = v
    return z / 1e6, y / 1e6, "CN-330304.lenses"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--loss", type=float, default=0.3)
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--skip-ouhai", action="store_true")
    ap.add_argument("--skip-wiod", action="store_true")
    a = ap.parse_args()
    logging.getLogger("boario").setLevel(logging.ERROR)
    if not a.skip_wiod:
        z, y = load_wiod()
        compare("WIOD 2011", z, y, "CHN.c14", a.days, a.loss, a.duration)
    if not a.skip_ouhai:
        z2, y2, agent = ouhai_io()
        compare("Ouhai eyewear (region x segment)", z2, y2, agent, a.days, a.loss, a.duration)


if __name__ == "__main__":
    main()
