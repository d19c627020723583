"""Substitute-supplier search: the simulation's ranking, on the tiny and ouhai packages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from chainchief.attraction.substitutes import find_substitutes
from chainchief.simulation import rank_substitutes
from chainchief.simulation.substitution import STAGES
from tiny import tiny_descriptor, tiny_tables

JP = "OH-F00580"  # the Japanese frame and lens supplier of the ouhai example


def _pkg() -> dict[str, object]:
    return {"descriptor": tiny_descriptor(), **tiny_tables()}


def test_tiny_same_order_as_rank_substitutes() -> None:
    t = tiny_tables()
    spare = pd.Series({"F3": 5.0, "F4": 9.0})
    got = find_substitutes(_pkg(), "F4", segment="lenses", spare=spare)
    exp = rank_substitutes(
        "OH",
        "lenses",
        regions=t["regions"],
        firms=t["firms"],
        firm_segments=t["firm_segments"],
        spare=spare,
        exclude=["F4"],
    )
    assert got["firm_id"].tolist() == exp["firm_id"].tolist() == ["F3"]
    assert got.loc[0, "stage"] == "national"
    # F3 supplies F2 (local) once, lead time 5 days.
    assert got.loc[0, "past_relations"] == 1
    assert got.loc[0, "lead_time_days"] == pytest.approx(5.0)


def test_tiny_excluded_region_and_default_segment() -> None:
    got = find_substitutes(_pkg(), "F3", exclude_regions=["JPN"], spare=None)
    assert got.empty  # the only other lens maker is in Japan
    got = find_substitutes(_pkg(), "F3", spare=None)
    assert got["firm_id"].tolist() == ["F4"]
    assert got.loc[0, "scale"] == "supranational"
    with pytest.raises(KeyError):
        find_substitutes(_pkg(), "NOPE")


def test_ouhai_park_firms_first_when_japan_is_cut_off(ouhai: Any) -> None:
    ft = ouhai.firms.set_index("firm_id")["firm_type"]
    for seg in ("frames", "lenses"):
        for partners in (None, ["CN-440000"]):
            out = find_substitutes(
                ouhai,
                JP,
                segment=seg,
                exclude_regions=["JPN"],
                partner_regions=partners,
                outside_only=True,
            )
            types = out["firm_id"].map(ft).tolist()
            n_park = types.count("park_supplier")
            assert n_park == 3
            assert set(types[:n_park]) == {"park_supplier"}
            assert "JPN" not in set(out["region_id"])


def test_tiny_adequacy_rule_by_hand() -> None:
    t = tiny_tables()
    t["firm_segments"] = pd.concat(
        [
            t["firm_segments"],
            pd.DataFrame(
                {
                    "firm_id": ["F5"],
                    "chain_id": ["eyewear"],
                    "segment_id": ["lenses"],
                    "share": [0.1],
                    "capacity": [1.0],
                }
            ),
        ],
        ignore_index=True,
    )
    pkg = {"descriptor": tiny_descriptor(), **t}
    # F4 (Japan) delivers lenses worth 20 a year to Ouhai: lost flow 20 / 10 = 2 a day.
    spare = pd.Series({"F3": 1.5, "F5": 1.0})
    got = find_substitutes(pkg, "F4", segment="lenses", spare=spare, days_per_year=10)
    assert got["lost_flow"].iloc[0] == pytest.approx(2.0)
    # F3 covers 1.5 / 2 = 0.75 >= 0.6: adequate, first although found later (national).
    assert got["firm_id"].tolist() == ["F3", "F5"]
    assert got["cover"].tolist() == pytest.approx([0.75, 0.5])
    assert got["adequate"].tolist() == [True, False]
    # Threshold above F3's cover: neither is adequate, the step order (local first) rules.
    got = find_substitutes(
        pkg, "F4", segment="lenses", spare=spare, days_per_year=10, min_cover=0.8
    )
    assert got["firm_id"].tolist() == ["F5", "F3"]
    assert not got["adequate"].any()
    # min_cover=0 switches the rule off: step, spare, id (the simulation's order today).
    got = find_substitutes(pkg, "F4", segment="lenses", spare=spare, min_cover=0.0)
    assert got["firm_id"].tolist() == ["F5", "F3"]
    with pytest.raises(ValueError):
        find_substitutes(pkg, "F4", segment="lenses", spare=spare, min_cover=-1.0)


def test_ouhai_park_firms_first_by_default(ouhai: Any) -> None:
    """Issue 5 Done-when: Japan cut off -> the Guangdong park's firms rank first, with
    the local Ouhai frame/lens makers in the list (no --outside-only)."""
    ft = ouhai.firms.set_index("firm_id")["firm_type"]
    for seg in ("frames", "lenses"):
        out = find_substitutes(ouhai, JP, segment=seg, exclude_regions=["JPN"])
        types = out["firm_id"].map(ft).tolist()
        assert types[:3] == ["park_supplier"] * 3
        assert "local" in types  # the local makers are listed, after the park
        assert out["adequate"].head(3).all() and not out["adequate"].iloc[3:].any()
        # Without the adequacy rule the local makers would come first.
        off = find_substitutes(ouhai, JP, segment=seg, exclude_regions=["JPN"], min_cover=0.0)
        assert off["firm_id"].map(ft).iloc[0] == "local"


def test_agrees_with_the_simulation(ouhai: Any) -> None:
    from chainchief.simulation.ensemble import run_case
    from chainchief.simulation.library import scenario_path

    raw = yaml.safe_load(scenario_path("ouhai-japan-supplier").read_text(encoding="utf-8"))
    ev = run_case(raw, ouhai, seed=0)["events"]
    ev = ev[(ev["kind"] == "substitute") & (ev["old_supplier"] == JP)]
    assert len(ev) > 0
    for variant, partners in (("iccm", ["CN-440000"]), ("no_iccm", None)):
        e = ev[ev["variant"] == variant]
        for seg in e["segment"].unique():
            sid = str(seg).split("/")[-1]
            # The simulation's search applies the same adequacy rule (min_cover).
            ranked = find_substitutes(
                ouhai,
                JP,
                segment=sid,
                exclude_regions=["JPN"],
                partner_regions=partners,
            ).set_index("firm_id")
            es = e[e["segment"] == seg]
            # Every supplier the simulation chose is a candidate at the same relation
            # scale, reachable no later than the search step at which it was taken.
            assert set(es["new_supplier"]) <= set(ranked.index)
            chosen = ranked.loc[es["new_supplier"]]
            assert (chosen["scale"].to_numpy() == es["scale"].to_numpy()).all()
            step = es["stage"].astype(str).map(STAGES.index).to_numpy()
            assert (chosen["stage_rank"].to_numpy(dtype=int) <= step).all()
            # The simulation's first step is the ranking's first step.
            assert es.sort_values("day")["stage"].iloc[0] == ranked["stage"].iloc[0]
    # With ICCM, the partner step reaches the Guangdong park: the first outside
    # substitute is the top candidate of the outside-only list.
    e = ev[(ev["variant"] == "iccm") & (ev["stage"] != "local")].sort_values("day")
    sid = str(e["segment"].iloc[0]).split("/")[-1]
    top = find_substitutes(
        ouhai,
        JP,
        segment=sid,
        exclude_regions=["JPN"],
        partner_regions=["CN-440000"],
        outside_only=True,
    )
    assert e["new_supplier"].iloc[0] == top["firm_id"].iloc[0]
    # The default ranking (adequacy first) puts that same firm first without
    # --outside-only: the local firms cannot replace the Japanese flow on their own.
    default = find_substitutes(
        ouhai, JP, segment=sid, exclude_regions=["JPN"], partner_regions=["CN-440000"]
    )
    assert default["firm_id"].iloc[0] == top["firm_id"].iloc[0]


def test_cli_substitutes(ouhai_db: Path) -> None:
    from chainchief.cli.main import _register, app

    _register()
    res = CliRunner().invoke(
        app,
        [
            "substitutes",
            "ouhai-eyewear",
            "--db",
            str(ouhai_db),
            "--firm",
            JP,
            "--segment",
            "frames",
            "--exclude-region",
            "JPN",
            "--outside-only",
            "--top",
            "3",
            "--json",
            "-",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [c["region_id"] for c in data["candidates"]] == ["CN-441900"] * 3
    assert data["parameters"] == {"min_cover": 0.6}
    # Default (no --outside-only): the park still comes first, by adequacy.
    res = CliRunner().invoke(
        app,
        [
            *("substitutes", "ouhai-eyewear", "--db", str(ouhai_db), "--firm", JP),
            *("--segment", "lenses", "--exclude-region", "JPN", "--top", "4", "--json", "-"),
        ],
    )
    assert res.exit_code == 0, res.output
    cands = json.loads(res.output)["candidates"]
    assert [c["region_id"] for c in cands[:3]] == ["CN-441900"] * 3
    assert [c["adequate"] for c in cands] == [True, True, True, False]
    bad = CliRunner().invoke(
        app, ["substitutes", "ouhai-eyewear", "--db", str(ouhai_db), "--firm", "NOPE"]
    )
    assert bad.exit_code == 2
