"""Outside institutions and platforms as candidates: hand-built package and ouhai."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from chainchief.attraction import MatchParams, degree_of_match
from tiny import tiny_descriptor, tiny_tables

NEEDS = pd.Series({"lenses": 0.6, "retail": 0.4})


def _pkg(patents: bool = False) -> dict[str, object]:
    t = tiny_tables()
    inst = pd.DataFrame(
        {
            "institution_id": ["LG_LAB", "JP_UNI", "GD_PARK", "SZ_TEST"],
            "name": ["Longgang optics lab", "Tokyo optics university", "GD park", "SZ testing"],
            "region_id": ["LG", "JPN", "GD", "SZ"],
            "kind": ["research_institute", "university", "industrial_park", "testing_centre"],
        }
    )
    if patents:
        inst["patents"] = [10, 50, 0, 3]
    t["institutions"] = pd.concat([t["institutions"], inst], ignore_index=True)
    # LG_LAB advises the Longgang lens maker F3: it serves the lenses segment.
    kl = pd.DataFrame(
        {
            "source_id": ["LG_LAB"],
            "target_id": ["F3"],
            "kind": ["technical_advice"],
            "year": [2019],
            "weight": [2.0],
        }
    )
    t["knowledge_links"] = pd.concat([t["knowledge_links"], kl], ignore_index=True)
    return {"descriptor": tiny_descriptor(), **t}


def _c(res: Any, cand: str, comp: str, col: str = "scaled") -> float:
    c = res.components
    return float(c.loc[(c.candidate_id == cand) & (c.component == comp), col].iloc[0])


def test_tiny_institution_candidates_and_components() -> None:
    res = degree_of_match(_pkg(), needs=NEEDS)
    rk = res.ranking.set_index("candidate_id")
    # LG_LAB serves lenses via its knowledge link. JP_UNI and SZ_TEST serve no segment
    # of the chain (it has no R&D/design or service segment), GD_PARK is a park (not an
    # attractable kind), the local design centre DC is inside the region.
    assert sorted(rk.index) == ["F3", "F4", "LG_LAB"]
    assert rk.loc["LG_LAB", "kind"] == "institution"
    assert rk.loc["LG_LAB", "org_type"] == "research_institute"
    assert rk.loc["F3", "kind"] == "firm"
    # Same segment and same (national) scale as F3, not a lead firm: same gap, upgrade
    # and coupling as F3; no goods traded and no capability data: both dropped.
    for comp in ("gap", "upgrade", "coupling"):
        assert _c(res, "LG_LAB", comp) == pytest.approx(_c(res, "F3", comp))
    assert _c(res, "LG_LAB", "gap") == pytest.approx(0.6)
    assert rk.loc["LG_LAB", "dropped"] == "io_fit,capability"
    assert math.isnan(rk.loc["LG_LAB", "io_fit"]) and math.isnan(rk.loc["LG_LAB", "capability"])
    # Domestic, no sales rows: risk = cross-border exposure 0 -> scaled 1.
    assert _c(res, "LG_LAB", "risk") == pytest.approx(1.0)
    ew = res.components[res.components.candidate_id == "LG_LAB"].set_index("component")
    assert ew.loc["io_fit", "effective_weight"] == 0.0
    assert ew["effective_weight"].sum() == pytest.approx(1.0)
    # Score = weighted mean over the four available components (buyer-driven weights).
    w = {"gap": 0.25, "upgrade": 0.1, "coupling": 0.15, "risk": 0.1}
    exp = sum(w[k] * _c(res, "LG_LAB", k) for k in w) / sum(w.values())
    assert rk.loc["LG_LAB", "score"] == pytest.approx(exp)
    r = ew.loc["gap"]
    assert "knowledge links" in r["reason_en"] and "知识联系" in r["reason_zh"]
    assert ew.loc["io_fit", "reason_en"] and ew.loc["io_fit", "reason_zh"]


def test_tiny_institution_capability_from_patents_column() -> None:
    res = degree_of_match(_pkg(patents=True), needs=NEEDS)
    rk = res.ranking.set_index("candidate_id")
    assert rk.loc["LG_LAB", "dropped"] == "io_fit"
    # Only the patents part is available: log1p(10) over the candidates' maximum
    # log1p(80) (Nippon Lens F4).
    assert _c(res, "LG_LAB", "capability") == pytest.approx(np.log1p(10) / np.log1p(80))


def test_tiny_kind_by_function_and_kinds_parameter() -> None:
    pkg = _pkg()
    seg = pkg["segments"]
    assert isinstance(seg, pd.DataFrame)
    seg = seg.copy()
    seg.loc[seg.segment_id == "lenses", "function"] = "rnd_design"
    pkg["segments"] = seg
    res = degree_of_match(pkg, needs=NEEDS)
    rk = res.ranking.set_index("candidate_id")
    # The Japanese university now serves the (R&D/design) lenses segment by its kind.
    assert "JP_UNI" in rk.index and rk.loc["JP_UNI", "scale"] == "supranational"
    r = res.components[
        (res.components.candidate_id == "JP_UNI") & (res.components.component == "gap")
    ]
    assert "by its kind" in r["reason_en"].iloc[0]
    firms_only = degree_of_match(pkg, needs=NEEDS, params=MatchParams(kinds=("firm",)))
    assert set(firms_only.ranking["kind"]) == {"firm"}
    inst_only = degree_of_match(pkg, needs=NEEDS, params=MatchParams(kinds=("institution",)))
    assert sorted(inst_only.ranking["candidate_id"]) == ["JP_UNI", "LG_LAB"]
    with pytest.raises(ValueError):
        MatchParams(kinds=("park",))


def test_ouhai_outside_rnd_institutes_are_scored(ouhai: Any) -> None:
    res = degree_of_match(ouhai, strategy="producer-driven")
    rk = res.ranking.set_index("candidate_id")
    inst = rk[rk["kind"] == "institution"]
    # The outside R&D institutes and university of the example (Shanghai, Hangzhou,
    # Beijing) and the Milan design institute; no government, association or park.
    assert {"OH-I013", "OH-I014", "OH-I015", "OH-I016"} <= set(inst.index)
    assert set(inst["org_type"]) <= {"research_institute", "university", "design_centre"}
    assert np.isfinite(inst["score"]).all()
    assert (inst["dropped"] == "io_fit,capability").all()
    # They serve the design segment, a gap of the Ouhai chain.
    assert (inst["gap"] > 0).all()


def test_cli_kind(ouhai_db: Path) -> None:
    from chainchief.cli.main import _register, app

    _register()
    base = ["attract", "ouhai-eyewear", "--db", str(ouhai_db), "--json", "-", "--top", "100"]
    r = CliRunner().invoke(app, [*base, "--kind", "institution"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["parameters"]["kinds"] == ["institution"]
    assert {c["kind"] for c in doc["candidates"]} == {"institution"}
    r = CliRunner().invoke(app, [*base, "--kind", "firm"])
    assert {c["kind"] for c in json.loads(r.output)["candidates"]} == {"firm"}
    r = CliRunner().invoke(app, [*base])
    assert {c["kind"] for c in json.loads(r.output)["candidates"]} == {"firm", "institution"}
    r = CliRunner().invoke(app, [*base, "--kind", "park"])
    assert r.exit_code == 2
