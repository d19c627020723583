"""Domain sense on the Ouhai eyewear example: a Japanese frame and lens supplier stops.

Concepts.md section 11: during COVID a firm whose frame and lens supplier was in Japan got
temporary supply through a Guangdong park. In the example the Ouhai lead firms buy frames
and lenses from a Japanese maker; when Japan stops they are hurt until substitutes are
found, from Guangdong among others, and the ICCM lever (partner park in Guangdong)
shortens the damage.
"""

from __future__ import annotations

import numpy as np
import pytest

from chainchief.simulation import CapacityLoss, IccmParams, SimParams, build_network, run
from chainchief.simulation.metrics import resilience_metrics

examples = pytest.importorskip("chainchief.examples")


@pytest.fixture(scope="module")
def ouhai():
    return examples.build("ouhai-eyewear", seed=None)


def test_japanese_supplier_disruption_ouhai(ouhai) -> None:
    f, sl = ouhai.firms, ouhai.supply_links
    japan = set(f.loc[f["region_id"] == "JPN", "firm_id"])
    dep = sl[sl["supplier_id"].isin(japan) & sl["segment_id"].isin(["frames", "lenses"])]
    buyers = set(dep["buyer_id"])
    assert buyers, "the example should have Ouhai buyers of Japanese frames and lenses"
    guangdong = set(
        ouhai.regions.loc[
            ouhai.regions["region_id"].astype(str).str.startswith("CN-44"), "region_id"
        ]
    )
    region = dict(zip(f["firm_id"], f["region_id"], strict=True))
    shock = [CapacityLoss(regions=["JPN"], loss=1.0, start=10, end=120)]
    out = {}
    for iccm in (False, True):
        params = SimParams(days=240, iccm=IccmParams(enabled=iccm, partner_regions=["CN-440000"]))
        net = build_network(ouhai, params)
        res = run(net, params, shock)
        mask = np.isin(net.firm_ids, list(buyers))
        out[iccm] = (res, resilience_metrics(res, net, shock_start=10, firm_mask=mask))
        sub = res.events.query("kind == 'substitute'")
        from_gd = sub[sub["new_supplier"].map(region).isin(guangdong)]
        # Substitutes come from Guangdong (among others) for the frames and lenses.
        assert {"frames", "lenses"} & {s.split("/")[-1] for s in from_gd["segment"]}
        if iccm:
            assert (from_gd["stage"] == "partner").any()
    m0, m1 = out[False][1], out[True][1]
    # The Japanese-dependent firms are hurt...
    assert m0["peak_loss"] > 0.2
    # ...and the ICCM lever shortens the damage and the recovery.
    assert m1["cumulative_loss"] < m0["cumulative_loss"]
    assert m1["time_to_recover"] <= m0["time_to_recover"]
    assert m1["replaced_share"] > m0["replaced_share"]
