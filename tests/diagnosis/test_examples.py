"""Domain sense on the calibrated examples (concepts.md section 11 and issue 3)."""

from __future__ import annotations

import pytest

from chainchief.diagnosis import Diagnosis, diagnose

examples = pytest.importorskip("chainchief.examples", reason="examples not available")


@pytest.fixture(scope="module")
def xianju() -> Diagnosis:
    return diagnose(examples.load("xianju-pharma"))


@pytest.fixture(scope="module")
def ouhai() -> Diagnosis:
    return diagnose(examples.load("ouhai-eyewear"))


@pytest.fixture(scope="module")
def datang() -> Diagnosis:
    return diagnose(examples.load("datang-hosiery"))


def classes(d: Diagnosis) -> dict[str, str]:
    return dict(zip(d.segments["segment_id"], d.segments["class"], strict=True))


def actions(d: Diagnosis) -> dict[str, str]:
    return {r["segment_id"]: r["action"] for r in d.recommendations if r["segment_id"]}


def test_xianju_fpp_is_weak_and_an_extension_target(xianju: Diagnosis) -> None:
    # only two local firms make generic FPPs (Xianju study); innovator FPPs are absent
    c = classes(xianju)
    assert c["generic_fpp"] == "weak"
    assert c["innovator_fpp"] == "missing"
    a = actions(xianju)
    assert a["generic_fpp"] == "extend"
    assert a["innovator_fpp"] == "extend"
    # the API core is strong
    assert c["bulk_api"] == "strong" and c["specialty_api"] == "strong"


def test_xianju_lock_in_highest_in_bulk_api(xianju: Diagnosis) -> None:
    by = xianju.position["lock_in"]["by_segment"]
    bulk, spec, pat = (by[s]["index"] for s in ("bulk_api", "specialty_api", "patented_api"))
    # value rises bulk -> specialty -> patented; lock-in falls in that order
    assert bulk > spec > pat
    assert bulk > 0.5
    assert xianju.governance["chain_type"]["type"] == "producer-driven"


def test_ouhai_oem_heavy_and_export_dependent(ouhai: Diagnosis) -> None:
    m = ouhai.position["mode_shares"]
    assert m["oem"] > 0.6 and m["oem"] > m["odm"] + m["obm"]
    # about 90 % of glasses are sold abroad (Ouhai study)
    assert ouhai.position["export_share"] > 0.8
    assert ouhai.position["lock_in"]["index"] > 0.5
    assert ouhai.governance["chain_type"]["type"] == "buyer-driven"
    c = classes(ouhai)
    assert c["frames"] == "strong" and c["brand"] in ("weak", "missing")
    assert actions(ouhai)["brand"] == "extend"


def test_datang_knitting_core_and_export_ratio(datang: Diagnosis) -> None:
    c = classes(datang)
    assert c["knitting"] == "strong"
    # exports to domestic sales about 7:3 (Datang study)
    assert 0.6 < datang.position["export_share"] < 0.8
    assert datang.position["mode_shares"]["oem"] > 0.5
    top = datang.leaders.iloc[0]
    assert top["segment_id"] == "knitting"
