"""Institutions, knowledge links and ICCM roles of a synthetic package."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from chainchief.examples.synthetic.common import _lognormal, _pad_ids, _take, _typed
from chainchief.examples.synthetic.constants import _COUNTRIES
from chainchief.examples.synthetic.firms import _Firms, _Segs
from chainchief.examples.synthetic.links import _Index
from chainchief.examples.synthetic.params import SyntheticParams
from chainchief.examples.synthetic.regions import _Geo


def _institutions(geo: _Geo, sg: _Segs) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows: list[tuple[str, str, str, int]] = []  # name, region, kind, province index
    for i, (pid, pname) in enumerate(zip(geo.prov_ids, geo.prov_names, strict=True)):
        rows += [
            (f"{pname} Provincial Government", pid, "government", i),
            (f"{pname} Federation of Industry", pid, "association", i),
            (f"{pname} Institute of Industrial Technology", pid, "research_institute", i),
            (f"{pname} University of Technology", pid, "university", i),
        ]
    focal = geo.leaf_id[geo.focal_leaf].as_py()
    fp = int(geo.leaf_prov[geo.focal_leaf])
    rows.append(("Focal County Government", focal, "government", fp))
    rows += [
        (f"Focal County {c.title()} Industry Association", focal, "association", fp)
        for c in sg.chains
    ]
    rows += [
        (f"Focal County {n}", focal, k, fp)
        for n, k in (
            ("Design Centre", "design_centre"),
            ("Testing Centre", "testing_centre"),
            ("Industrial Park", "industrial_park"),
            ("Public Service Platform", "platform"),
            ("Industrial Fund", "finance"),
        )
    ]
    rows.append(
        ("Shanghai Innovation Enclave", "CN310000", "platform", geo.prov_ids.index("CN310000"))
    )
    names = {r[0]: r[1] for r in _COUNTRIES}
    rows += [
        (f"{names[c]} Institute of Applied Research", c, "research_institute", -1)
        for c in ("JPN", "KOR", "DEU", "USA", "CHE")
    ]
    rows += [
        (f"{names[c]} Technical University", c, "university", -1) for c in ("USA", "GBR", "DEU")
    ]
    info = pd.DataFrame(rows, columns=["name", "region_id", "kind", "prov"])
    info["institution_id"] = _pad_ids("I", len(info)).to_pylist()
    return _typed(
        "institutions",
        {c: info[c].tolist() for c in ("institution_id", "name", "region_id", "kind")},
    ), info


def _knowledge(
    rng: np.random.Generator,
    f: _Firms,
    ix: _Index,
    sup: np.ndarray,
    buy: np.ndarray,
    info: pd.DataFrame,
    geo: _Geo,
    p: SyntheticParams,
) -> pd.DataFrame:
    n = f.n
    total = round(p.knowledge_per_firm * n)
    k1 = total // 2
    k2 = (total - k1) // 2 if len(sup) else 0
    k3 = total - k1 - k2
    kinds = [
        "technical_advice",
        "training",
        "testing",
        "design_advice",
        "information_exchange",
        "co_patent",
    ]
    # institutions -> firms, most often from the firm's own province
    know = info.index[
        info["kind"].isin(
            ["research_institute", "university", "design_centre", "testing_centre", "platform"]
        )
    ].to_numpy()
    know = know[np.argsort(info["prov"].to_numpy()[know], kind="stable")]
    kprov = info["prov"].to_numpy()[know]
    t1 = rng.integers(0, n, k1)
    prov = geo.leaf_prov[f.leaf[t1]]
    lo, hi = np.searchsorted(kprov, prov, "left"), np.searchsorted(kprov, prov, "right")
    local = (prov >= 0) & (hi > lo) & (rng.random(k1) < p.knowledge_local_share)
    u = rng.random(k1)
    s1 = (
        n + know[np.where(local, lo + np.floor(u * (hi - lo)), np.floor(u * len(know))).astype(int)]
    )
    # buyers advising their suppliers (vertical), and firms of one segment and county (horizontal)
    pick = rng.integers(0, max(len(sup), 1), k2)
    s3 = rng.integers(0, n, k3)
    lo3 = ix.bounds[f.seg[s3] * ix.n_leaf + f.leaf[s3]]
    hi3 = ix.bounds[f.seg[s3] * ix.n_leaf + f.leaf[s3] + 1]
    t3 = ix.perm[lo3 + np.floor(rng.random(k3) * (hi3 - lo3)).astype(np.int64)]
    source = np.concatenate([s1, buy[pick], s3])
    target = np.concatenate([t1, sup[pick], t3])
    kind = np.concatenate([rng.integers(0, 4, k1), np.zeros(k2, int), rng.integers(4, 6, k3)])
    ok = source != target
    source, target, kind = source[ok], target[ok], kind[ok]
    ids = pa.concat_arrays([f.ids, pa.array(info["institution_id"].tolist(), pa.large_string())])
    return _typed(
        "knowledge_links",
        {
            "source_id": ids.take(pa.array(source)),
            "target_id": ids.take(pa.array(target)),
            "kind": _take(kinds, kind),
            "year": np.full(len(kind), p.reference_year, dtype=np.int64),
            "weight": np.round(_lognormal(rng, 0.5, len(kind)), 3),
        },
    )


def _roles(f: _Firms, info: pd.DataFrame, geo: _Geo, sg: _Segs, p: SyntheticParams) -> pd.DataFrame:
    focal = geo.leaf_id[geo.focal_leaf].as_py()
    at = info[info["region_id"] == focal]
    gov = at.loc[at["kind"] == "government", "institution_id"].iloc[0]
    fp = geo.leaf_prov[geo.focal_leaf]
    expert = info.loc[
        (info["prov"] == fp) & (info["kind"] == "research_institute"), "institution_id"
    ].iloc[0]
    rows: list[tuple[str, str, str, str]] = []
    for c, chain in enumerate(sg.chains):  # chains, not firms
        assoc = at.loc[at["name"].str.contains(chain.title()), "institution_id"].iloc[0]
        rows += [
            (chain, "general_chief", gov, "County party secretary"),
            (chain, "chief", gov, "County head"),
            (chain, "deputy_chief", gov, "Deputy county head"),
        ]
        owners = np.flatnonzero(f.is_lead & f.focal & (f.chain == c))
        owners = owners[np.argsort(-f.revenue[owners], kind="stable")[:3]]
        rows += [
            (chain, "owner", o, "Chair of a lead firm")
            for o in f.ids.take(pa.array(owners)).to_pylist()
        ]
        rows += [
            (chain, "mentor", assoc, "President of the industry association"),
            (chain, "expert", expert, "Expert advisory committee"),
        ]
    return _typed(
        "roles",
        {
            "chain_id": [r[0] for r in rows],
            "region_id": [focal] * len(rows),
            "role": [r[1] for r in rows],
            "holder_id": [r[2] for r in rows],
            "title": [r[3] for r in rows],
            "since": [f"{p.reference_year}-06-01"] * len(rows),
        },
    )
