"""The calibration facts hold for any seed: they are built in, not drawn by luck."""

from __future__ import annotations

import pytest

from chainchief.examples import build_tables
from examples.example_helpers import focal_firms, under

SEEDS = (1, 2024)


@pytest.mark.parametrize("seed", SEEDS)
def test_ouhai_counts_for_other_seeds(seed: int) -> None:
    built = build_tables("ouhai-eyewear", seed=seed)
    f = focal_firms(built)
    assert len(f) == 540 and 60_000 < f["employees"].sum() <= 62_000
    assert int(f["above_scale"].sum()) == 59 and int((f["revenue"] > 100e6).sum()) == 7
    assert int((f["ownership"] == "foreign").sum()) == 15
    assert int(f["export_focused"].sum()) == 150
    t = built[1]
    s = t["sales"][(t["sales"]["year"] == 2019) & t["sales"]["firm_id"].isin(f["firm_id"])]
    target = under(t["regions"], "EU") | under(t["regions"], "SAM") | {"USA"}
    share = s.loc[s["market_region_id"].isin(target), "value"].sum() / s["value"].sum()
    assert abs(share - 0.9) < 0.005


@pytest.mark.parametrize("seed", SEEDS)
def test_xianju_totals_for_other_seeds(seed: int) -> None:
    built = build_tables("xianju-pharma", seed=seed)
    f = focal_firms(built)
    assert abs(f["revenue"].sum() - 7.377e9) < 1.0 and abs(f["rnd_spend"].sum() - 350e6) < 1.0
    assert int(f["listed"].sum()) == 4 and int(f["high_tech"].sum()) == 12
    t = built[1]
    s = t["sales"][(t["sales"]["year"] == 2019) & t["sales"]["firm_id"].isin(f["firm_id"])]
    abroad = ~s["market_region_id"].isin(under(t["regions"], "CHN"))
    assert abs(s.loc[abroad, "value"].sum() - 2.158e9) < 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_datang_structure_for_other_seeds(seed: int) -> None:
    built = build_tables("datang-hosiery", seed=seed)
    f = focal_firms(built)
    assert int((f["firm_type"] == "family_workshop").sum()) == 3_202
    lm = f[f["firm_type"] == "large_medium"]
    assert len(lm) == 13 and int((lm["odm_share"] > 0).sum()) == 5
    t = built[1]
    s = t["sales"][(t["sales"]["year"] == 2015) & t["sales"]["firm_id"].isin(f["firm_id"])]
    abroad = ~s["market_region_id"].isin(under(t["regions"], "CHN"))
    assert abs(s.loc[abroad, "value"].sum() / s["value"].sum() - 0.7) < 0.005
