"""Gould–Fernandez (1989) brokerage roles, counted without enumerating two-paths.

A broker b mediates the ordered two-path a → b → c (a ≠ c; by default only when
there is no direct tie a → c, as in ``sna::brokerage``). With g(·) the group of a node
(here: its region), the role is:

=====================  ===========================  =====
role                   groups                       code
=====================  ===========================  =====
coordinator            g(a) = g(b) = g(c)           w_I
itinerant (consultant) g(a) = g(c) ≠ g(b)           w_O
representative         g(a) = g(b) ≠ g(c)           b_IO
gatekeeper             g(b) = g(c) ≠ g(a)           b_OI
liaison                g(a), g(b), g(c) all differ  b_O
=====================  ===========================  =====

Counts come from per-broker in- and out-neighbour counts by group (products of
counts, O(m log m)), then two corrections: two-paths that return to their origin
(a = c, from reciprocated ties) and closed two-paths (a → c present), found by listing
the triangles of the undirected graph with sparse matrix products (:func:`triangles`).
No Python loop runs over nodes, so graphs with millions of ties are handled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["ROLES", "brokerage_roles", "triangles"]

ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


def _role_codes(ga: np.ndarray, gb: np.ndarray, gc: np.ndarray) -> np.ndarray:
    """Index into :data:`ROLES` of each (a, b, c) group pattern."""
    ab, bc, ac = ga == gb, gb == gc, ga == gc
    return np.select(
        [ab & bc, ac & ~ab, ab & ~bc, bc & ~ab],
        [0, 1, 2, 3],
        default=4,
    )


def _edge_keys(u: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
    return u.astype(np.int64) * np.int64(n) + v.astype(np.int64)


def _sorted_counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of ``x`` (sorted) and their counts, by one sort."""
    if x.size == 0:
        return x, np.zeros(0, dtype=np.int64)
    y = np.sort(x)
    start = np.r_[0, np.flatnonzero(y[1:] != y[:-1]) + 1]
    return y[start], np.diff(np.r_[start, y.size])


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    return _sorted_counts(x)[0]


def _pair_products(
    b_in: np.ndarray, g_in: np.ndarray, b_out: np.ndarray, g_out: np.ndarray, k: int, n: int
) -> np.ndarray:
    """Σ over groups g ≠ g(b) of in_count[b, g] · out_count[b, g], per broker b."""
    kin, cin = _sorted_counts(b_in.astype(np.int64) * k + g_in)
    kout, cout = _sorted_counts(b_out.astype(np.int64) * k + g_out)
    common, ii, oo = np.intersect1d(kin, kout, assume_unique=True, return_indices=True)
    prod = cin[ii].astype(np.int64) * cout[oo].astype(np.int64)
    return np.bincount((common // k).astype(np.int64), weights=prod, minlength=n)


def brokerage_roles(
    sources: pd.Series | np.ndarray,
    targets: pd.Series | np.ndarray,
    group: pd.Series,
    *,
    exclude_closed: bool = True,
) -> pd.DataFrame:
    """Brokerage role counts of every node of a directed graph.

    Parameters
    ----------
    sources, targets
        Tie ends (a tie points from source to target, e.g. the direction in which
        knowledge flows): ids, or integer node numbers (fastest). Self-ties are
        dropped, repeated ties count once.
    group
        Group of each node (Series indexed by node id), e.g. its region. Nodes missing
        from it form one group each.
    exclude_closed
        Skip two-paths a → b → c when a → c exists (default True, Gould and Fernandez
        1989; ``sna::brokerage``).

    Returns
    -------
    DataFrame
        Indexed by node id: :data:`ROLES` counts and ``total``, for every node in the
        ties.
    """
    src, dst = np.asarray(sources), np.asarray(targets)
    if not (np.issubdtype(src.dtype, np.integer) and np.issubdtype(dst.dtype, np.integer)):
        src = pd.Series(src).astype(str).to_numpy()
        dst = pd.Series(dst).astype(str).to_numpy()
    codes, nodes = pd.factorize(np.concatenate([src, dst]))
    n = len(nodes)
    m0 = len(src)
    u, v = codes[:m0].astype(np.int64), codes[m0:].astype(np.int64)
    keep = u != v
    keys = _sorted_unique(_edge_keys(u[keep], v[keep], n))
    u, v = keys // n, keys % n
    grp_labels = pd.Series(group).reindex(pd.Index(nodes))
    gcodes, uniq = pd.factorize(grp_labels)  # -1 where a node has no group
    g = gcodes.astype(np.int64)
    lone = g < 0
    g[lone] = len(uniq) + np.arange(int(lone.sum()))  # one group per ungrouped node
    k = int(g.max()) + 1 if n else 1

    indeg = np.bincount(v, minlength=n).astype(np.int64)
    outdeg = np.bincount(u, minlength=n).astype(np.int64)
    in_same = np.bincount(v, weights=(g[u] == g[v]), minlength=n).astype(np.int64)
    out_same = np.bincount(u, weights=(g[u] == g[v]), minlength=n).astype(np.int64)
    in_diff, out_diff = indeg - in_same, outdeg - out_same

    counts = np.zeros((n, 5), dtype=np.int64)
    counts[:, 0] = in_same * out_same
    counts[:, 2] = in_same * out_diff
    counts[:, 3] = in_diff * out_same
    diff_in = g[u] != g[v]  # tie a -> b with a outside b's group
    itin = _pair_products(v[diff_in], g[u][diff_in], u[diff_in], g[v][diff_in], k, n)
    itin = np.rint(itin).astype(np.int64)
    counts[:, 1] = itin
    counts[:, 4] = in_diff * out_diff - itin

    # a == c: reciprocated ties a <-> b give the two-path a -> b -> a
    rev = _edge_keys(v, u, n)
    recip = _has(keys, rev)
    rb, ra = v[recip], u[recip]  # broker b = target of a -> b, with b -> a present
    same = g[ra] == g[rb]
    np.subtract.at(counts[:, 0], rb[same], 1)
    np.subtract.at(counts[:, 1], rb[~same], 1)

    if exclude_closed and len(keys):
        a_, b_, c_ = _closed_two_paths(u, v, keys, n)
        if a_.size:
            roles = _role_codes(g[a_], g[b_], g[c_])
            np.subtract.at(counts, (b_, roles), 1)

    out = pd.DataFrame(counts, columns=ROLES, index=pd.Index(nodes, name="node"))
    out["total"] = out[ROLES].sum(axis=1)
    return out


def triangles(u: np.ndarray, v: np.ndarray, n: int, chunk_rows: int = 100_000) -> np.ndarray:
    """All triangles of the undirected graph on ``n`` nodes with ties ``u``–``v``.

    Vectorised: ties are oriented from the lower- to the higher-degree end (a DAG
    whose out-degrees stay small), the two-paths x → y → z of that DAG are counted by
    a chunked sparse product ``L @ L`` masked with ``L`` (each triangle is found once,
    at its pair x–z), and only the pairs that close a triangle are expanded to find y.

    Returns
    -------
    ndarray
        Shape (t, 3), node ids of each triangle.
    """
    keep = u != v
    lo = np.minimum(u[keep], v[keep]).astype(np.int64)
    hi = np.maximum(u[keep], v[keep]).astype(np.int64)
    und = _sorted_unique(lo * np.int64(n) + hi)
    if und.size < 3:
        return np.zeros((0, 3), dtype=np.int64)
    a, b = und // n, und % n
    deg = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), deg))] = np.arange(n)
    node_of = np.argsort(rank)
    ra, rb = rank[a], rank[b]
    x, z = np.minimum(ra, rb), np.maximum(ra, rb)
    lmat = sp.csr_matrix((np.ones(x.size, dtype=np.int32), (x, z)), shape=(n, n))
    lmat.sort_indices()
    lkeys = np.sort(x * np.int64(n) + z)
    found: list[np.ndarray] = []
    for s0 in range(0, n, chunk_rows):
        rows = lmat[s0 : s0 + chunk_rows]
        if rows.nnz == 0:
            continue
        closing = (rows @ lmat).multiply(rows).tocoo()
        if closing.nnz == 0:
            continue
        px = closing.row.astype(np.int64) + s0
        pz = closing.col.astype(np.int64)
        # expand y over the out-neighbours of x, keep those with y -> z
        starts, stops = lmat.indptr[px], lmat.indptr[px + 1]
        lens = stops - starts
        rep_x, rep_z = np.repeat(px, lens), np.repeat(pz, lens)
        offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
        ys = lmat.indices[np.repeat(starts, lens) + offs].astype(np.int64)
        ok = _has(lkeys, ys * np.int64(n) + rep_z)
        found.append(np.column_stack([rep_x[ok], ys[ok], rep_z[ok]]))
    if not found:
        return np.zeros((0, 3), dtype=np.int64)
    return node_of[np.concatenate(found)]


def _closed_two_paths(
    u: np.ndarray, v: np.ndarray, keys: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (a, b, c) with a → b, b → c and a → c, from the undirected triangles."""
    tri = triangles(u, v, n)
    if not tri.size:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    found_a, found_b, found_c = [], [], []
    for ia, ib, ic in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
        a, b, c = tri[:, ia], tri[:, ib], tri[:, ic]
        ok = (
            _has(keys, _edge_keys(a, b, n))
            & _has(keys, _edge_keys(b, c, n))
            & _has(keys, _edge_keys(a, c, n))
        )
        found_a.append(a[ok])
        found_b.append(b[ok])
        found_c.append(c[ok])
    return np.concatenate(found_a), np.concatenate(found_b), np.concatenate(found_c)


def _has(sorted_keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    if sorted_keys.size == 0:
        return np.zeros(query.shape, dtype=bool)
    pos = np.searchsorted(sorted_keys, query)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    return sorted_keys[pos] == query
