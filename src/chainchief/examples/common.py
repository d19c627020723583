"""Shared parts of the example generators: table assembly, draws, links, descriptor.

Everything here is deterministic given a :class:`numpy.random.Generator`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from chainchief.examples.names import NameGen
from chainchief.examples.regions import BLOCS, REGIONS, cn, region_frame
from chainchief.model.regions import relation_scales
from chainchief.model.schema import TABLE_ORDER, TABLES
from chainchief.package.coerce import typed_frame

__all__ = [
    "BLOCS",
    "EVIDENCE_CROSS_BORDER",
    "EVIDENCE_LOCAL",
    "LEAD_TIME_DAYS",
    "REGIONS",
    "Builder",
    "NameGen",
    "bounded_lognormal",
    "choose_buyers",
    "cn",
    "descriptor",
    "evidence",
    "exact_split",
    "governance_pair",
    "link_frame",
    "mode_shares",
    "region_frame",
    "segment_rows",
    "typed_tables",
]

# --------------------------------------------------------------------------- numbers


def exact_split(total: float, weights: Iterable[float], decimals: int = 0) -> np.ndarray:
    """Split ``total`` in proportion to ``weights``, rounded, summing exactly to ``total``.

    The rounding remainder goes to the largest share.
    """
    w = np.asarray(list(weights), dtype=float)
    if w.sum() <= 0:
        raise ValueError("weights must have a positive sum")
    parts = np.round(total * w / w.sum(), decimals)
    parts[int(np.argmax(w))] += round(total - parts.sum(), decimals)
    return parts


#: (low, high) of uniform lead times in days by relation scale.
LEAD_TIME_DAYS: dict[str, tuple[float, float]] = {
    "local": (1.0, 3.0),
    "prefecture": (2.0, 4.0),
    "province": (3.0, 6.0),
    "national": (5.0, 12.0),
    "supranational": (14.0, 28.0),
    "global": (30.0, 55.0),
}


# --------------------------------------------------------------------------- assembly


def typed_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables in schema order with core columns first, cast to the schema's dtypes."""
    return {name: typed_frame(tables[name], TABLES[name]) for name in TABLE_ORDER if name in tables}


def outside_row(
    rng: np.random.Generator,
    kind: str,
    region: str,
    name: str,
    mix: list[tuple[str, str, float]],
    rev: float,
    util: tuple[float, float],
    **extra: Any,
) -> dict[str, Any]:
    """One outside organisation of an example's pool, before it becomes firm rows.

    ``mix`` lists ``(chain, segment, share)``; ``util`` is the range the capacity
    utilisation is drawn from; ``extra`` fields (ownership, modes, ...) follow as given.
    """
    return dict(
        firm_type=kind,
        region_id=region,
        name=name,
        mix=mix,
        revenue=round(rev, -3),
        util=rng.uniform(*util),
        **extra,
    )


class Builder:
    """Collects the rows of one example dataset.

    Parameters
    ----------
    prefix
        Id prefix of the dataset (``"OH"``); firms get ``OH-F00001``, institutions
        ``OH-I001``, so firm and institution ids never collide.
    rng
        The random generator every draw of the dataset comes from.
    """

    def __init__(self, prefix: str, rng: np.random.Generator) -> None:
        self.prefix = prefix
        self.rng = rng
        self.names = NameGen(rng)
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLE_ORDER}
        self.frames: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLE_ORDER}
        self._nf = 0
        self._ni = 0

    # ids ------------------------------------------------------------------
    def firm_ids(self, n: int) -> list[str]:
        """Allocate ``n`` new firm ids."""
        ids = [f"{self.prefix}-F{i:05d}" for i in range(self._nf + 1, self._nf + n + 1)]
        self._nf += n
        return ids

    def add(self, table: str, **row: Any) -> None:
        """Add one row to ``table``."""
        self.rows[table].append(row)

    def add_frame(self, table: str, df: pd.DataFrame) -> None:
        """Add many rows to ``table`` at once."""
        self.frames[table].append(df)

    def add_chain(
        self,
        chain: str,
        segments: Sequence[tuple[str, str, str, str, str, float]],
        edges: Sequence[tuple[str, str]],
    ) -> None:
        """Add a chain template: ``(segment_id, name, name_zh, stage, function, va_share)``
        rows and ``(from_segment, to_segment)`` edges."""
        for sid, name, zh, stage, fn, va in segments:
            self.add(
                "segments",
                chain_id=chain,
                segment_id=sid,
                name=name,
                name_zh=zh,
                stage=stage,
                function=fn,
                va_share=va,
            )
        for a, c in edges:
            self.add("segment_edges", chain_id=chain, from_segment=a, to_segment=c)

    def institution(self, name: str, region_id: str, kind: str, **extra: Any) -> str:
        """Add an institution and return its id."""
        self._ni += 1
        iid = f"{self.prefix}-I{self._ni:03d}"
        self.add(
            "institutions", institution_id=iid, name=name, region_id=region_id, kind=kind, **extra
        )
        return iid

    def firm(self, name: str, region_id: str, **cols: Any) -> str:
        """Add one firm and return its id."""
        (fid,) = self.firm_ids(1)
        self.add("firms", firm_id=fid, name=name, region_id=region_id, **cols)
        return fid

    def partner_park(self, zone: str, park: str, year: int) -> None:
        """Record that the zone's management and an outside park agreed to help each other.

        Written as two ``knowledge_links`` rows of kind ``partner_park``; under the ICCM the
        chain chief can widen a substitute search to the partner park's firms.
        """
        for a, c in ((zone, park), (park, zone)):
            self.add(
                "knowledge_links",
                source_id=a,
                target_id=c,
                kind="partner_park",
                year=year,
                weight=1.0,
            )

    # output ---------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """All rows collected for ``name`` so far."""
        parts = list(self.frames[name])
        if self.rows[name]:
            parts.insert(0, pd.DataFrame(self.rows[name]))
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame({c: [] for c in TABLES[name].column_names})
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def finish(self) -> dict[str, pd.DataFrame]:
        """Every table, typed, with supply-link lead times filled in from relation scales."""
        tables = {name: self.table(name) for name in TABLE_ORDER}
        links = tables["supply_links"]
        if len(links) and "lead_time_days" not in links.columns:
            links["lead_time_days"] = np.nan
        if len(links) and links["lead_time_days"].isna().any():
            region = tables["firms"].set_index("firm_id")["region_id"]
            scale = relation_scales(
                tables["regions"], links["supplier_id"].map(region), links["buyer_id"].map(region)
            ).astype(str)
            lo = scale.map({k: v[0] for k, v in LEAD_TIME_DAYS.items()}).to_numpy(float)
            hi = scale.map({k: v[1] for k, v in LEAD_TIME_DAYS.items()}).to_numpy(float)
            drawn = np.round(lo + (hi - lo) * self.rng.random(len(links)))
            links["lead_time_days"] = links["lead_time_days"].fillna(pd.Series(drawn))
        return typed_tables(tables)


# --------------------------------------------------------------------------- draws


def bounded_lognormal(
    rng: np.random.Generator, n: int, median: float, sigma: float, lo: float, hi: float
) -> np.ndarray:
    """``n`` log-normal draws with the given median, clipped to ``[lo, hi]``."""
    return np.clip(median * np.exp(sigma * rng.standard_normal(n)), lo, hi)


def mode_shares(
    rng: np.random.Generator,
    n: int,
    oem: tuple[float, float],
    odm: tuple[float, float],
    obm: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OEM/ODM/OBM revenue shares drawn uniformly in the ranges, scaled so they sum to <= 1."""
    a = rng.uniform(*oem, n)
    b = rng.uniform(*odm, n)
    c = rng.uniform(*obm, n)
    total = a + b + c
    f = np.where(total > 1.0, 1.0 / np.maximum(total, 1e-12), 1.0)
    return np.round(a * f, 4), np.round(b * f, 4), np.floor(c * f * 1e4) / 1e4


def governance_pair(
    rng: np.random.Generator, n: int, complexity: float, codifiability: float, noise: float = 0.06
) -> tuple[np.ndarray, np.ndarray]:
    """Complexity and codifiability around the given levels, clipped to [0, 1]."""
    c = np.clip(complexity + noise * rng.standard_normal(n), 0.0, 1.0)
    k = np.clip(codifiability + noise * rng.standard_normal(n), 0.0, 1.0)
    return np.round(c, 3), np.round(k, 3)


#: (status, source, probability) of a relation known from each kind of evidence.
EVIDENCE_LOCAL: tuple[tuple[str, str, float], ...] = (
    ("reported", "survey", 0.55),
    ("verified", "interview", 0.15),
    ("inferred", "model", 0.30),
)
EVIDENCE_CROSS_BORDER: tuple[tuple[str, str, float], ...] = (
    ("verified", "customs record", 0.7),
    ("reported", "survey", 0.2),
    ("verified", "interview", 0.1),
)


def evidence(
    rng: np.random.Generator, n: int, table: Sequence[tuple[str, str, float]]
) -> tuple[list[str], list[str]]:
    """Draw ``n`` (status, source) pairs from an evidence table."""
    p = np.array([t[2] for t in table], dtype=float)
    idx = rng.choice(len(table), size=n, p=p / p.sum())
    return [table[i][0] for i in idx], [table[i][1] for i in idx]


def descriptor(
    *,
    name: str,
    title: str,
    description: str,
    focal: str,
    chains: list[str],
    reference_year: int,
    sources: list[dict[str, str]],
    seed: int,
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of an example."""
    return {
        "name": name,
        "title": title,
        "description": description,
        "version": "1.0.0",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": sources,
        "synthetic": True,
        "currency": "CNY",
        "reference_year": reference_year,
        "focal_regions": [focal],
        "chains": chains,
        "generator": {"module": f"chainchief.examples ({name})", "seed": seed},
        "resources": [],
    }


def segment_rows(
    firm_ids: Iterable[Any],
    mixes: Iterable[Any],
    revenue: Iterable[Any],
    utilisation: Iterable[Any],
) -> pd.DataFrame:
    """``firm_segments`` rows: each firm's (chain, segment, share) mix with its capacity.

    Capacity is the firm's output in the segment (revenue x share) divided by its
    utilisation, so ``1 - utilisation`` of the capacity is spare.
    """
    rows = []
    for fid, mix, rev, u in zip(firm_ids, mixes, revenue, utilisation, strict=True):
        for chain, seg, share in mix:
            rows.append(
                {
                    "firm_id": fid,
                    "chain_id": chain,
                    "segment_id": seg,
                    "share": share,
                    "capacity": round(float(rev) * share / float(u), -3),
                }
            )
    return pd.DataFrame(rows)


def link_frame(
    rng: np.random.Generator,
    supplier: Sequence[str] | np.ndarray,
    buyer: Sequence[str] | np.ndarray,
    value: Sequence[float] | np.ndarray,
    *,
    chain: str,
    segment: str | Sequence[str] | np.ndarray,
    year: int,
    complexity: float,
    codifiability: float,
    evidence_table: Sequence[tuple[str, str, float]],
    **extra: Any,
) -> pd.DataFrame:
    """``supply_links`` rows with governance levels and evidence drawn around the given ones."""
    n = len(supplier)
    c, k = governance_pair(rng, n, complexity, codifiability)
    st, src = evidence(rng, n, evidence_table)
    df = pd.DataFrame(
        {
            "supplier_id": np.asarray(supplier, dtype=object),
            "buyer_id": np.asarray(buyer, dtype=object),
            "chain_id": chain,
            "segment_id": segment
            if isinstance(segment, str)
            else np.asarray(segment, dtype=object),
            "value": np.round(np.asarray(value, dtype=float), -2),
            "year": year,
            "complexity": c,
            "codifiability": k,
            "status": st,
            "source": src,
        }
    )
    for key, v in extra.items():
        df[key] = v
    return df[df["supplier_id"] != df["buyer_id"]]


def choose_buyers(
    rng: np.random.Generator,
    suppliers: Sequence[str] | np.ndarray,
    buyers: np.ndarray,
    weights: np.ndarray | None,
    kmin: int,
    kmax: int,
    totals: Sequence[float] | np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each supplier pick ``kmin..kmax`` distinct buyers and split its total among them."""
    p = None if weights is None else weights / weights.sum()
    sup: list[str] = []
    buy: list[str] = []
    val: list[float] = []
    for s, tot in zip(suppliers, totals, strict=True):
        k = min(int(rng.integers(kmin, kmax + 1)), len(buyers))
        chosen = rng.choice(buyers, size=k, replace=False, p=p)
        chosen = chosen[chosen != s]
        if len(chosen) == 0:
            continue
        parts = rng.dirichlet(np.ones(len(chosen))) * float(tot)
        sup += [s] * len(chosen)
        buy += list(chosen)
        val += list(parts)
    return np.array(sup, dtype=object), np.array(buy, dtype=object), np.array(val)
