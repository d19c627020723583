"""First-come-first-served matching of search requests to spare capacity."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from chainchief.simulation.substitution import match_requests


def test_hand_case() -> None:
    # Cell 1: requests of 3 and 4; candidates firm 2 (spare 5) and firm 1 (spare 5)
    # rank by spare, then firm: firm 1 first. Cell 2 has a request and no candidate;
    # cell 3 a candidate and no request.
    ri, ci, amt = match_requests(
        np.array([1, 2, 1]),
        np.array([3.0, 9.0, 4.0]),
        np.array([1, 1, 3]),
        np.array([5.0, 5.0, 7.0]),
        np.array([2, 1, 0]),
    )
    assert ri.tolist() == [0, 2, 2]
    assert ci.tolist() == [1, 1, 0]
    np.testing.assert_allclose(amt, [3.0, 2.0, 2.0])


def _loop(req_cell, req_need, cand_cell, cand_spare, cand_firm):
    out = []
    for cell in sorted(set(req_cell.tolist())):
        cands = [c for c in range(len(cand_cell)) if cand_cell[c] == cell]
        cands.sort(key=lambda c: (-cand_spare[c], cand_firm[c]))
        left = {c: float(cand_spare[c]) for c in cands}
        for r in [r for r in range(len(req_cell)) if req_cell[r] == cell]:
            need = float(req_need[r])
            for c in cands:
                if need <= 1e-12:
                    break
                take = min(need, left[c])
                if take > 1e-12:
                    out.append((r, c, take))
                    left[c] -= take
                    need -= take
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.floats(0.1, 10)), min_size=0, max_size=12),
    st.lists(st.tuples(st.integers(0, 3), st.floats(0.1, 10)), min_size=0, max_size=12),
)
def test_matches_a_plain_loop(reqs, cands) -> None:
    rc = np.array([c for c, _ in reqs], dtype=np.int64)
    rn = np.array([x for _, x in reqs])
    cc = np.array([c for c, _ in cands], dtype=np.int64)
    cs = np.array([x for _, x in cands])
    cf = np.arange(len(cands))[::-1].copy()
    ri, ci, amt = match_requests(rc, rn, cc, cs, cf)
    got = [(int(r), int(c), float(a)) for r, c, a in zip(ri, ci, amt, strict=True) if a > 1e-9]
    want = [(r, c, a) for r, c, a in _loop(rc, rn, cc, cs, cf) if a > 1e-9]
    assert [(r, c) for r, c, _ in got] == [(r, c) for r, c, _ in want]
    np.testing.assert_allclose([a for *_, a in got], [a for *_, a in want], rtol=1e-9)
    # Nobody gets more than asked, no candidate gives more than it has.
    if len(ri):
        assert (np.bincount(ri, amt, minlength=len(rc)) <= rn + 1e-9).all()
        assert (np.bincount(ci, amt, minlength=len(cc)) <= cs + 1e-9).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.floats(0.1, 10)), min_size=0, max_size=12),
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 5), st.sampled_from([1.0, 2.0, 3.5])),
        min_size=0,
        max_size=12,
        unique_by=lambda c: (c[0], c[1]),
    ),
)
def test_presorted_candidates_give_the_same_matching(reqs, cands) -> None:
    """Candidates sorted by cell then firm (as the engine's search index gives them):
    the fast path ranks them exactly as the full sort, ties in spare included."""
    cands = sorted(cands)
    rc = np.array([c for c, _ in reqs], dtype=np.int64)
    rn = np.array([x for _, x in reqs])
    cc = np.array([c for c, _, _ in cands], dtype=np.int64)
    cf = np.array([f for _, f, _ in cands], dtype=np.int64)
    cs = np.array([x for *_, x in cands])
    full = match_requests(rc, rn, cc, cs, cf)
    fast = match_requests(rc, rn, cc, cs, cf, presorted=True)
    for a, b in zip(full, fast, strict=True):
        np.testing.assert_array_equal(a, b)
