"""Region hierarchy helpers: ancestors and the scale of a relation.

The *scale of a relation* between two regions is the scale of the smallest unit that
contains both (concepts.md section 2): two firms in the same county relate at the
``local`` scale, a county and another county of the same province at ``province``,
China and Germany at ``global`` (no bloc contains both).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from chainchief.model.enums import Scale

__all__ = [
    "ancestor_at_scale",
    "ancestors",
    "descendants",
    "relation_scale",
    "relation_scales",
]


def _parents(regions: pd.DataFrame) -> tuple[dict[str, str | None], dict[str, Scale]]:
    ids = regions["region_id"].astype(str).tolist()
    par = regions["parent_id"].tolist() if "parent_id" in regions else [None] * len(ids)
    parent = {
        r: (None if p is None or pd.isna(p) else str(p)) for r, p in zip(ids, par, strict=True)
    }
    scale = {r: Scale(s) for r, s in zip(ids, regions["scale"].astype(str), strict=True)}
    return parent, scale


def _chain(region_id: str, parent: Mapping[str, str | None]) -> list[str]:
    if region_id not in parent:
        raise KeyError(f"unknown region {region_id!r}")
    out = [region_id]
    seen = {region_id}
    nxt = parent[region_id]
    while nxt is not None:
        if nxt in seen:
            raise ValueError(f"region hierarchy has a cycle through {nxt!r}")
        seen.add(nxt)
        out.append(nxt)
        nxt = parent.get(nxt)
    return out


def ancestors(regions: pd.DataFrame, region_id: str) -> list[str]:
    """Return ``region_id`` followed by its ancestors, smallest first.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"region_id": ["W", "CHN", "ZJ"], "scale": ["global", "national",
    ...     "province"], "parent_id": [None, "W", "CHN"]})
    >>> ancestors(r, "ZJ")
    ['ZJ', 'CHN', 'W']
    """
    parent, _ = _parents(regions)
    return _chain(region_id, parent)


def ancestor_at_scale(regions: pd.DataFrame, region_id: str, scale: Scale | str) -> str | None:
    """Return the ancestor of ``region_id`` (or itself) at ``scale``, or None."""
    parent, scales = _parents(regions)
    target = Scale(scale)
    for r in _chain(region_id, parent):
        if scales[r] == target:
            return r
    return None


def descendants(regions: pd.DataFrame, roots: str | Iterable[str]) -> set[str]:
    """Ids of ``roots`` and every region below them.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"region_id": ["CHN", "ZJ", "WZ", "OH"],
    ...     "scale": ["national", "province", "prefecture", "local"],
    ...     "parent_id": [None, "CHN", "ZJ", "WZ"]})
    >>> sorted(descendants(r, "WZ"))
    ['OH', 'WZ']
    """
    start = [roots] if isinstance(roots, str) else list(roots)
    children: dict[str, list[str]] = {}
    for r, p in zip(regions["region_id"], regions["parent_id"], strict=True):
        if isinstance(p, str):
            children.setdefault(p, []).append(str(r))
    out: set[str] = set()
    stack = start
    while stack:
        r = stack.pop()
        if r not in out:
            out.add(r)
            stack.extend(children.get(r, []))
    return out


def _pair_scale(
    a: str, b: str, parent: Mapping[str, str | None], scales: Mapping[str, Scale]
) -> Scale:
    chain_a = _chain(a, parent)
    in_b = set(_chain(b, parent))
    for r in chain_a:
        if r in in_b:
            return scales[r]
    return Scale.GLOBAL


def relation_scale(regions: pd.DataFrame, a: str, b: str) -> Scale:
    """Scale of the smallest region containing both ``a`` and ``b``.

    Regions without a common ancestor relate at the ``global`` scale.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"region_id": ["W", "CHN", "ZJ", "GD", "OH"],
    ...     "scale": ["global", "national", "province", "province", "local"],
    ...     "parent_id": [None, "W", "CHN", "CHN", "ZJ"]})
    >>> relation_scale(r, "OH", "GD").value
    'national'
    >>> relation_scale(r, "OH", "OH").value
    'local'
    """
    parent, scales = _parents(regions)
    return _pair_scale(a, b, parent, scales)


def relation_scales(regions: pd.DataFrame, a: pd.Series, b: pd.Series) -> pd.Series:
    """Vectorised :func:`relation_scale` over aligned Series of region ids.

    Only the distinct pairs are resolved, so millions of links cost little more
    than their number of distinct region pairs. Missing ids give a missing scale.
    Returns an ordered categorical Series with the scale values.
    """
    parent, scales = _parents(regions)
    pairs = pd.DataFrame({"a": a.to_numpy(), "b": b.to_numpy()})
    uniq = pairs.drop_duplicates().dropna()
    lookup = {
        (x, y): _pair_scale(str(x), str(y), parent, scales).value
        for x, y in zip(uniq["a"], uniq["b"], strict=True)
    }
    idx = pd.MultiIndex.from_frame(pairs)
    mapped = pd.Series(lookup, dtype=object).reindex(idx).to_numpy() if lookup else None
    cat = pd.CategoricalDtype([s.value for s in Scale], ordered=True)
    if mapped is None:
        return pd.Series(pd.Categorical([None] * len(pairs), dtype=cat), index=a.index)
    return pd.Series(pd.Categorical(mapped, dtype=cat), index=a.index)
