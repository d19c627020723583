"""Patent-sharing alliance settlement (concepts.md section 10; issue 5, item 3).

Members of a patent-sharing alliance exchange knowledge. A member that provides far less
than expected while receiving no less than expected (a free rider) pays a set
compensation to the members in surplus. The accounting is exact: amounts are
:class:`decimal.Decimal` in units of ``quantum`` (default 0.01), and each payer's
compensation is split over the payees by the largest-remainder method, so the payments
add up to the compensation to the last unit.

Rules (all parameters documented on :func:`settle`):

* shortfall_i = expected_provided_i − provided_i; member i is a **payer** when
  provided_i < (1 − ``tolerance``) × expected_provided_i and received_i ≥
  expected_received_i;
* compensation_i = ``fixed`` when given, else ``rate`` × shortfall_i;
* surplus_j = provided_j − expected_provided_j; member j is a **payee** when surplus_j > 0
  and j is not a payer; each compensation is split over payees in proportion to surplus;
* without payees, compensation goes to ``pool`` (the alliance's common fund).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

__all__ = ["REQUIRED_COLUMNS", "settle"]

REQUIRED_COLUMNS = ("member_id", "provided", "received", "expected_provided", "expected_received")


def _dec(x: Any) -> Decimal:
    return Decimal(str(x))


def _split(total: Decimal, weights: list[Decimal], quantum: Decimal) -> list[Decimal]:
    """Split ``total`` (a multiple of ``quantum``) by ``weights``, largest remainder."""
    units = int(total / quantum)
    wsum = sum(weights)
    exact = [units * w / wsum for w in weights]
    base = [int(e) for e in exact]
    left = units - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - base[i]), i))
    for i in order[:left]:
        base[i] += 1
    return [b * quantum for b in base]


def settle(
    members: pd.DataFrame,
    *,
    tolerance: float = 0.2,
    rate: float = 1.0,
    fixed: float | None = None,
    quantum: float = 0.01,
    pool: str = "ALLIANCE_POOL",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who pays whom in a patent-sharing alliance.

    Parameters
    ----------
    members
        One row per member: ``member_id, provided, received, expected_provided,
        expected_received`` (knowledge values in a common unit, e.g. licence value).
    tolerance
        "Far less": a member is short when it provides less than (1 − tolerance) of what
        is expected of it (default 0.2).
    rate
        Compensation per unit of shortfall when ``fixed`` is None (default 1.0).
    fixed
        A set compensation per payer (overrides ``rate``).
    quantum
        Smallest money unit (default 0.01).
    pool
        Payee id used when no member is in surplus.

    Returns
    -------
    (summary, payments)
        ``summary``: per member ``shortfall, surplus, status (payer|payee|neutral), pays,
        receives, net``; ``payments``: ``payer, payee, amount``. Amounts are Decimals.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in members]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    if members["member_id"].duplicated().any():
        raise ValueError("duplicate member_id")
    if not 0 <= tolerance < 1:
        raise ValueError("tolerance must be in [0, 1)")
    q = _dec(quantum)
    ids = [str(m) for m in members["member_id"]]
    prov = [_dec(v) for v in members["provided"]]
    recv = [_dec(v) for v in members["received"]]
    eprov = [_dec(v) for v in members["expected_provided"]]
    erecv = [_dec(v) for v in members["expected_received"]]
    tol = _dec(tolerance)
    shortfall = [max(e - p, Decimal(0)) for p, e in zip(prov, eprov, strict=True)]
    payer = [
        p < (1 - tol) * e and r >= er for p, e, r, er in zip(prov, eprov, recv, erecv, strict=True)
    ]
    surplus = [max(p - e, Decimal(0)) for p, e in zip(prov, eprov, strict=True)]
    payee = [s > 0 and not pay for s, pay in zip(surplus, payer, strict=True)]
    pays = {m: Decimal(0) for m in ids}
    receives = {m: Decimal(0) for m in ids}
    rows: list[tuple[str, str, Decimal]] = []
    p_ids = [m for m, ok in zip(ids, payee, strict=True) if ok]
    p_w = [s for s, ok in zip(surplus, payee, strict=True) if ok]
    for i, m in enumerate(ids):
        if not payer[i]:
            continue
        comp = _dec(fixed) if fixed is not None else _dec(rate) * shortfall[i]
        comp = comp.quantize(q, rounding=ROUND_HALF_UP)
        if comp <= 0:
            continue
        pays[m] = comp
        if not p_ids:
            rows.append((m, pool, comp))
            continue
        for j, amt in zip(p_ids, _split(comp, p_w, q), strict=True):
            if amt > 0:
                rows.append((m, j, amt))
                receives[j] += amt
    status = [
        "payer" if a else "payee" if b else "neutral" for a, b in zip(payer, payee, strict=True)
    ]
    summary = pd.DataFrame(
        {
            "member_id": pd.Series(ids, dtype="str"),
            "shortfall": shortfall,
            "surplus": surplus,
            "status": pd.Series(status, dtype="str"),
            "pays": [pays[m] for m in ids],
            "receives": [receives[m] for m in ids],
            "net": [receives[m] - pays[m] for m in ids],
        }
    )
    payments = pd.DataFrame(rows, columns=["payer", "payee", "amount"])
    payments = payments.astype({"payer": "str", "payee": "str"})
    return summary, payments
