"""Identities on random tables, and the fast kernels against literal reference loops."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.mrio.core import io_arrays, solve
from chainchief.mrio.decomposition import export_decomposition, kww_terms
from chainchief.mrio.indicators import compute_indicators
from chainchief.mrio.position import indirect_va_exports
from chainchief.mrio.slicing import slice_final_output


def _reference(loaded):
    """Literal KWW (2014) sums and Koopman et al. (2010) IV, one block at a time."""
    arr = io_arrays(solve(loaded))
    A, B, v, Y = arr.A, arr.L, arr.v, arr.Yr
    bl = arr.blocks
    R = len(bl)
    n = [b.stop - b.start for b in bl]

    def Lloc(r):
        return np.linalg.inv(np.eye(n[r]) - A[bl[r], bl[r]])

    def exports(r):
        e = np.zeros(n[r])
        for q in range(R):
            if q != r:
                e += (A[bl[r], bl[q]] * arr.x[bl[q]]).sum(axis=1) + Y[bl[r], q]
        return e

    terms = {}
    for s in range(R):
        S, Vs, others = bl[s], v[bl[s]], [r for r in range(R) if r != s]
        Es = exports(s)
        t = np.zeros(9)
        t[0] = Vs @ B[S, S] @ sum(Y[S, r] for r in others)
        t[1] = sum(Vs @ B[S, bl[r]] @ Y[bl[r], r] for r in others)
        t[2] = sum(
            Vs @ B[S, bl[r]] @ Y[bl[r], q] for r in others for q in range(R) if q not in (s, r)
        )
        t[3] = sum(Vs @ B[S, bl[r]] @ Y[bl[r], s] for r in others)
        t[4] = sum(Vs @ B[S, bl[r]] @ A[bl[r], S] @ Lloc(s) @ Y[S, s] for r in others)
        t[5] = sum(Vs @ B[S, bl[r]] @ A[bl[r], S] @ Lloc(s) @ Es for r in others)
        VBts = sum(v[bl[q]] @ B[bl[q], S] for q in others)
        t[6] = VBts @ sum(Y[S, r] for r in others)
        t[7] = sum(VBts @ A[S, bl[r]] @ Lloc(r) @ Y[bl[r], r] for r in others)
        t[8] = sum(VBts @ A[S, bl[r]] @ Lloc(r) @ exports(r) for r in others)
        terms[arr.regions[s]] = (Es.sum(), t)
    iv = np.zeros(len(v))
    for i in range(len(v)):
        s = arr.reg[i]
        for r in range(R):
            for q in range(R):
                if r != s and q not in (s, r):
                    iv[i] += v[i] * B[i, bl[r]] @ Y[bl[r], q]
    return terms, iv


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kww_and_iv_match_reference(seed, make_random):
    loaded = make_random(seed, regions=3, sectors=2)
    terms, iv = _reference(loaded)
    arr = io_arrays(solve(loaded))
    k = kww_terms(arr)
    for region, (exp_total, t) in terms.items():
        got = k.loc[region, [f"t{i}" for i in range(1, 10)]].to_numpy(dtype=float)
        np.testing.assert_allclose(got, t, rtol=1e-10)
        assert k.loc[region, "exports"] == pytest.approx(exp_total)
    np.testing.assert_allclose(indirect_va_exports(arr).to_numpy(), iv, rtol=1e-10)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), regions=st.integers(2, 4), sectors=st.integers(1, 3))
def test_identities(make_random, seed, regions, sectors):
    loaded = make_random(seed, regions, sectors)
    sys_ = solve(loaded)
    arr = io_arrays(sys_)
    # Leontief output reproduces x
    np.testing.assert_allclose(arr.L @ arr.Yr.sum(axis=1), arr.x, rtol=1e-9)
    # sector terms and the nine country terms add up to gross exports
    dec = export_decomposition(arr)
    np.testing.assert_allclose(dec["residual"], 0.0, atol=1e-9 * dec["exports"].max())
    k = kww_terms(arr)
    np.testing.assert_allclose(k["residual"], 0.0, atol=1e-9 * k["exports"].max())
    # sector terms sum to the country terms (DVA = t1..t5, Los, Timmer and de Vries 2016)
    by_region = dec.groupby(level=0).sum()
    np.testing.assert_allclose(by_region.loc[k.index, "dva"], k["dva"], rtol=1e-9)
    np.testing.assert_allclose(by_region.loc[k.index, "fdc"], k["t9"], rtol=1e-9, atol=1e-9)
    ind = compute_indicators(loaded)
    assert (ind["upstreamness"] >= 1.0 - 1e-12).all()
    assert (ind["downstreamness"] >= 1.0 - 1e-12).all()
    # VAX by value-adding sector (pymrio D_exp) adds up to KWW t1 + t2 + t3
    vax = ind.groupby("region")["vax"].sum()
    np.testing.assert_allclose(vax.loc[k.index], k["vax"], rtol=1e-9)
    # slicing: origin shares of each final product add up to one
    sl = slice_final_output(arr)
    np.testing.assert_allclose(
        sl.groupby(["product_region", "product"])["share"].sum(), 1.0, rtol=1e-9
    )


def test_ghosh_from_pymrio_is_consistent(make_random):
    sys_ = solve(make_random(5))
    x = sys_.x.to_numpy().ravel()
    G = sys_.G.to_numpy()
    B = sys_.B.to_numpy()
    # G is the inverse of I - B, and x' = w' G with w the primary inputs
    np.testing.assert_allclose(G @ (np.eye(len(x)) - B), np.eye(len(x)), atol=1e-10)
    w = x - sys_.Z.to_numpy().sum(axis=0)
    np.testing.assert_allclose(w @ G, x, rtol=1e-10)


def test_lean_leontief_matches_pymrio(make_random):
    from pymrio.tools.iomath import calc_L

    from chainchief.mrio.core import leontief_lean

    loaded = make_random(11, regions=3, sectors=4)
    A = solve(loaded).A.to_numpy()
    np.testing.assert_allclose(leontief_lean(A), calc_L(A), rtol=1e-12, atol=1e-14)
    # a matrix that needs row interchanges (I - A far from diagonally dominant)
    big = np.random.default_rng(3).random((40, 40))
    np.testing.assert_allclose(leontief_lean(big) @ (np.eye(40) - big), np.eye(40), atol=1e-9)
    # the lean path inside solve gives the same indicators as pymrio's calc_L
    ref = compute_indicators(make_random(11, regions=3, sectors=4))
    lean_loaded = make_random(11, regions=3, sectors=4)
    solve(lean_loaded, lean_threshold=1)
    lean = compute_indicators(lean_loaded)
    np.testing.assert_allclose(lean["dva"], ref["dva"], rtol=1e-12)
    np.testing.assert_allclose(lean["upstreamness"], ref["upstreamness"], rtol=1e-12)
