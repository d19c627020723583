"""Patent-sharing alliance settlement: exact amounts checked by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from chainchief.attraction.alliance import settle


def _members() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "member_id": ["A", "B", "C", "D"],
            "provided": [10.0, 100.0, 60.0, 50.0],
            "received": [80.0, 20.0, 30.0, 50.0],
            "expected_provided": [50.0, 70.0, 50.0, 50.0],
            "expected_received": [50.0, 50.0, 50.0, 50.0],
        }
    )


def test_free_rider_pays_members_in_surplus() -> None:
    summary, pay = settle(_members())
    s = summary.set_index("member_id")
    # A provides 10 < 0.8 * 50 and receives 80 >= 50: pays 1.0 * (50 - 10) = 40.
    assert s.loc["A", "status"] == "payer"
    assert s.loc["A", "pays"] == Decimal("40.00")
    # Surpluses: B 30, C 10 -> 30.00 and 10.00.
    assert s.loc["B", "receives"] == Decimal("30.00")
    assert s.loc["C", "receives"] == Decimal("10.00")
    assert s.loc["D", "status"] == "neutral"
    assert sorted(zip(pay["payee"], pay["amount"], strict=True)) == [
        ("B", Decimal("30.00")),
        ("C", Decimal("10.00")),
    ]
    assert sum(s["net"]) == 0


def test_short_member_that_receives_less_pays_nothing() -> None:
    m = _members()
    m.loc[0, "received"] = 40.0  # A receives less than expected: not a free rider
    summary, pay = settle(m)
    assert pay.empty
    assert summary.set_index("member_id").loc["A", "status"] == "neutral"


def test_tolerance_fixed_and_largest_remainder() -> None:
    m = _members()
    m.loc[0, "provided"] = 45.0  # 45 >= 0.8 * 50: within tolerance
    assert settle(m)[1].empty
    assert not settle(m, tolerance=0.05)[1].empty
    # Fixed compensation 10 split 3:1 over B and C -> 7.50 / 2.50.
    _, pay = settle(_members(), fixed=10)
    assert dict(zip(pay["payee"], pay["amount"], strict=True)) == {
        "B": Decimal("7.50"),
        "C": Decimal("2.50"),
    }
    # 0.01 split in three equal parts: one cent to the first by id order, none lost.
    m3 = pd.DataFrame(
        {
            "member_id": ["P", "X", "Y", "Z"],
            "provided": [0, 2, 2, 2],
            "received": [1, 0, 0, 0],
            "expected_provided": [1, 1, 1, 1],
            "expected_received": [1, 0, 0, 0],
        }
    )
    _, pay = settle(m3, fixed=0.01)
    assert pay["amount"].sum() == Decimal("0.01")
    assert pay["payee"].tolist() == ["X"]


def test_no_surplus_goes_to_pool() -> None:
    m = _members()
    m["provided"] = [10.0, 70.0, 50.0, 50.0]
    _, pay = settle(m)
    assert pay["payee"].tolist() == ["ALLIANCE_POOL"]
    assert pay["amount"].tolist() == [Decimal("40.00")]


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        settle(_members().drop(columns="received"))
    with pytest.raises(ValueError):
        settle(pd.concat([_members(), _members()]))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 10_000) for _ in range(4)]), min_size=1, max_size=8))
def test_payments_balance(rows: list[tuple[int, int, int, int]]) -> None:
    m = pd.DataFrame(
        rows, columns=["provided", "received", "expected_provided", "expected_received"]
    ).assign(member_id=[f"M{i}" for i in range(len(rows))])
    summary, pay = settle(m, rate=0.37)
    paid = sum(summary["pays"], Decimal(0))
    assert sum(pay["amount"], Decimal(0)) == paid
    into_members = pay.loc[pay["payee"] != "ALLIANCE_POOL", "amount"]
    assert sum(summary["receives"], Decimal(0)) == sum(into_members, Decimal(0))
    assert not (set(pay["payee"]) & set(pay["payer"]))


def test_cli(tmp_path: Path) -> None:
    from chainchief.cli.main import _register, app

    _register()
    f = tmp_path / "m.csv"
    _members().to_csv(f, index=False)
    res = CliRunner().invoke(app, ["alliance-settle", str(f), "--json", "-"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert {(p["payer"], p["payee"], p["amount"]) for p in data["payments"]} == {
        ("A", "B", "30.00"),
        ("A", "C", "10.00"),
    }
    bad = CliRunner().invoke(app, ["alliance-settle", str(tmp_path / "none.csv")])
    assert bad.exit_code == 2
