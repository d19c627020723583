"""Every validation rule, each with a broken package: message and untouched database."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chainchief.errors import PackageInvalidError
from chainchief.package import write_package
from chainchief.store import Store
from testutil import file_digest
from tiny import tiny_descriptor, tiny_tables

Tables = dict[str, pd.DataFrame]
Mutation = Callable[[dict[str, Any], Tables], None]


def _set(table: str, row: int, column: str, value: Any) -> Mutation:
    def mutate(desc: dict[str, Any], t: Tables) -> None:
        t[table] = t[table].astype(object)
        t[table].loc[row, column] = value

    return mutate


def _desc(key: str, value: Any) -> Mutation:
    def mutate(desc: dict[str, Any], t: Tables) -> None:
        if value is _DROP:
            del desc[key]
        else:
            desc[key] = value

    return mutate


_DROP = object()


def _drop_table(name: str) -> Mutation:
    def mutate(desc: dict[str, Any], t: Tables) -> None:
        del t[name]

    return mutate


def _drop_column(table: str, column: str) -> Mutation:
    def mutate(desc: dict[str, Any], t: Tables) -> None:
        t[table] = t[table].drop(columns=[column])

    return mutate


def _append(table: str, row: dict[str, Any]) -> Mutation:
    def mutate(desc: dict[str, Any], t: Tables) -> None:
        t[table] = pd.concat([t[table], pd.DataFrame([row])], ignore_index=True)

    return mutate


# (id, mutation, regex the problem line must match). Rows: CSV line numbers, header = 1.
CASES: list[tuple[str, Mutation, str]] = [
    (
        "descriptor-missing-key",
        _desc("currency", _DROP),
        r"^datapackage\.json:0:currency: required key is missing$",
    ),
    (
        "descriptor-bad-name",
        _desc("name", "Bad Name"),
        r"^datapackage\.json:0:name: must be lower-case",
    ),
    (
        "descriptor-synthetic-not-bool",
        _desc("synthetic", "yes"),
        r"^datapackage\.json:0:synthetic: must be true or false$",
    ),
    (
        "descriptor-unknown-focal",
        _desc("focal_regions", ["MARS"]),
        r"^datapackage\.json:0:focal_regions\[0\]: unknown region 'MARS'$",
    ),
    (
        "descriptor-unknown-chain",
        _desc("chains", ["socks"]),
        r"^datapackage\.json:0:chains\[0\]: chain 'socks' has no segments$",
    ),
    (
        "descriptor-bad-currency",
        _desc("currency", "yuan"),
        r"^datapackage\.json:0:currency: must be an ISO 4217 code",
    ),
    (
        "required-table-missing",
        _drop_table("firms"),
        r"^firms\.csv:0:: required table 'firms' is missing$",
    ),
    (
        "required-column-missing",
        _drop_column("firms", "region_id"),
        r"^firms\.csv:1:region_id: required column is missing$",
    ),
    (
        "int-type",
        _set("firms", 1, "employees", "many"),
        r"^firms\.csv:3:employees: 'many' is not an integer$",
    ),
    (
        "int-fraction",
        _set("firms", 0, "patents", "2.5"),
        r"^firms\.csv:2:patents: '2.5' is not an integer$",
    ),
    (
        "float-type",
        _set("firms", 2, "revenue", "abc"),
        r"^firms\.csv:4:revenue: 'abc' is not a number$",
    ),
    (
        "bool-type",
        _set("firms", 0, "listed", "yes"),
        r"^firms\.csv:2:listed: 'yes' is not true, false, 1 or 0$",
    ),
    (
        "date-type",
        _set("roles", 0, "since", "June 2019"),
        r"^roles\.csv:2:since: 'June 2019' is not a date \(YYYY-MM-DD\)$",
    ),
    (
        "required-value",
        _set("firms", 3, "name", None),
        r"^firms\.csv:5:name: required value is missing$",
    ),
    (
        "enum",
        _set("firms", 0, "ownership", "public"),
        r"^firms\.csv:2:ownership: 'public' is not one of: private, state, foreign, mixed$",
    ),
    (
        "enum-status",
        _set("supply_links", 2, "status", "rumour"),
        r"^supply_links\.csv:4:status: 'rumour' is not one of: verified, reported, inferred$",
    ),
    (
        "share-above-one",
        _set("firms", 0, "oem_share", 1.5),
        r"^firms\.csv:2:oem_share: 1\.5 is above the maximum 1$",
    ),
    (
        "negative-value",
        _set("supply_links", 0, "value", -5),
        r"^supply_links\.csv:2:value: -5 is below the minimum 0$",
    ),
    (
        "latitude-range",
        _set("regions", 2, "lat", 95),
        r"^regions\.csv:4:lat: 95 is above the maximum 90$",
    ),
    (
        "modes-sum",
        _set("firms", 1, "oem_share", 0.95),
        r"^firms\.csv:3:obm_share: oem_share \+ odm_share \+ obm_share = 1\.35, more than 1$",
    ),
    (
        "duplicate-id",
        _set("firms", 2, "firm_id", "F1"),
        r"^firms\.csv:4:firm_id: duplicate \(firm_id\) = \('F1'\); first at row 2$",
    ),
    (
        "duplicate-composite-key",
        _append(
            "segments",
            {
                "chain_id": "eyewear",
                "segment_id": "parts",
                "name": "Parts again",
                "stage": "upstream",
                "function": "components",
                "va_share": 0.0,
            },
        ),
        r"^segments\.csv:6:segment_id: duplicate \(chain_id, segment_id\) = \('eyewear', 'parts'\)",
    ),
    (
        "fk-firm-region",
        _set("firms", 0, "region_id", "NOWHERE"),
        r"^firms\.csv:2:region_id: unknown region_id 'NOWHERE' \(not in regions\.region_id\)$",
    ),
    (
        "fk-link-supplier",
        _set("supply_links", 1, "supplier_id", "F99"),
        r"^supply_links\.csv:3:supplier_id: unknown supplier_id 'F99' \(not in firms\.firm_id\)$",
    ),
    (
        "fk-segment-not-in-chain",
        _set("supply_links", 0, "segment_id", "frames"),
        r"^supply_links\.csv:2:segment_id: unknown chain_id/segment_id 'eyewear'/'frames'",
    ),
    (
        "fk-knowledge-source",
        _set("knowledge_links", 0, "source_id", "GHOST"),
        r"^knowledge_links\.csv:2:source_id: unknown source_id 'GHOST' \(not in firms\.firm_id "
        r"or institutions\.institution_id\)$",
    ),
    (
        "fk-sales-market",
        _set("sales", 0, "market_region_id", "ATLANTIS"),
        r"^sales\.csv:2:market_region_id: unknown market_region_id 'ATLANTIS'",
    ),
    (
        "fk-parent",
        _set("regions", 8, "parent_id", "NOPE"),
        r"^regions\.csv:10:parent_id: unknown parent_id 'NOPE'",
    ),
    (
        "fk-role-chain",
        _set("roles", 0, "chain_id", "socks"),
        r"^roles\.csv:2:chain_id: unknown chain_id 'socks' \(not in segments\.chain_id\)$",
    ),
    (
        "segment-cycle",
        _append(
            "segment_edges",
            {"chain_id": "eyewear", "from_segment": "retail", "to_segment": "parts"},
        ),
        r"^segment_edges\.csv:\d+:to_segment: segment graph of chain 'eyewear' has a cycle: ",
    ),
    (
        "segment-self-loop",
        _set("segment_edges", 0, "to_segment", "parts"),
        r"^segment_edges\.csv:2:to_segment: segment 'parts' supplies itself$",
    ),
    (
        "iso3",
        _set("regions", 3, "iso3", "XXX"),
        r"^regions\.csv:5:iso3: 'XXX' is not an ISO 3166-1 alpha-3 code$",
    ),
    (
        "gb2260-structure",
        _set("regions", 8, "gb2260", "3303"),
        r"^regions\.csv:10:gb2260: '3303' is not a six-digit GB/T 2260 code$",
    ),
    (
        "gb2260-scale",
        _set("regions", 6, "gb2260", "330304"),
        r"^regions\.csv:8:gb2260: '330304' is a prefecture-scale region but is not of the form",
    ),
    (
        "gb2260-province-prefix",
        _set("regions", 8, "gb2260", "440304"),
        r"^regions\.csv:10:gb2260: '440304' is not inside its parent's prefecture '330300'$",
    ),
    (
        "gb2260-bad-province",
        _set("regions", 4, "gb2260", "990000"),
        r"^regions\.csv:6:gb2260: '990000' does not start with a provincial code",
    ),
    (
        "parent-scale",
        _set("regions", 6, "parent_id", "OH"),
        r"^regions\.csv:8:parent_id: parent 'OH' is at scale 'local', not larger than",
    ),
    (
        "self-supply",
        _set("supply_links", 0, "buyer_id", "F1"),
        r"^supply_links\.csv:2:buyer_id: 'F1' supplies itself$",
    ),
    (
        "firm-segment-shares",
        _append(
            "firm_segments",
            {"firm_id": "F1", "chain_id": "eyewear", "segment_id": "assembly", "share": 0.5},
        ),
        r"^firm_segments\.csv:7:share: sum of the firm's segment shares = 1\.5, more than 1$",
    ),
    (
        "va-share-sum",
        _set("segments", 0, "va_share", 0.5),
        r"^segments\.csv:5:va_share: sum of va_share over the chain's segments = 1\.35",
    ),
    (
        "firm-institution-id-clash",
        _set("institutions", 2, "institution_id", "F5"),
        r"^institutions\.csv:4:institution_id: 'F5' is also a firm id",
    ),
]


def _write(tmp_path: Path, mutate: Mutation) -> Path:
    desc, tables = tiny_descriptor("broken"), tiny_tables()
    mutate(desc, tables)
    return write_package(desc, tables, tmp_path / "broken")


@pytest.mark.parametrize(("case", "mutate", "pattern"), CASES, ids=[c[0] for c in CASES])
def test_rule_reports_problem_and_leaves_db_unchanged(
    tmp_path: Path, store: Store, case: str, mutate: Mutation, pattern: str
) -> None:
    pkg = _write(tmp_path, mutate)
    before = file_digest(store.path)
    with pytest.raises(PackageInvalidError) as info:
        store.import_package(pkg)
    lines = info.value.lines()
    assert any(re.search(pattern, line) for line in lines), "\n".join(lines)
    assert file_digest(store.path) == before
    assert store.names() == ["other"]


def test_all_problems_reported_at_once(tmp_path: Path, store: Store) -> None:
    def many(desc: dict[str, Any], t: Tables) -> None:
        for _, m, _ in CASES[8:14]:
            m(desc, t)

    pkg = _write(tmp_path, many)
    with pytest.raises(PackageInvalidError) as info:
        store.import_package(pkg)
    files_cols = {(p.file, p.column) for p in info.value.problems}
    assert {("firms.csv", "employees"), ("firms.csv", "revenue"), ("roles.csv", "since")} <= (
        files_cols
    )


def test_unknown_resource_and_missing_file(tmp_path: Path, store: Store, tiny_dir: Path) -> None:
    desc = json.loads((tiny_dir / "datapackage.json").read_text())
    desc["resources"].append({"name": "suppliers", "path": "suppliers.csv"})
    desc["resources"][0]["path"] = "nowhere/regions.csv"
    (tiny_dir / "datapackage.json").write_text(json.dumps(desc))
    with pytest.raises(PackageInvalidError) as info:
        store.import_package(tiny_dir)
    text = "\n".join(info.value.lines())
    assert "datapackage.json:0:resources[11].name: unknown table 'suppliers'" in text
    assert "nowhere/regions.csv:0:: file of table 'regions' not found" in text


def test_malformed_csv(tmp_path: Path, store: Store, tiny_dir: Path) -> None:
    (tiny_dir / "sales.csv").write_text("firm_id,firm_id,value\nF1,F1,3\n")
    (tiny_dir / "institutions.csv").write_bytes(b"institution_id,name\n\xff\xfe,bad\n")
    with pytest.raises(PackageInvalidError) as info:
        store.import_package(tiny_dir)
    text = "\n".join(info.value.lines())
    assert "sales.csv:1:firm_id: column name appears twice in the header" in text
    assert "institutions.csv:0:: file is not valid UTF-8" in text


def test_problem_cap_summarises(tmp_path: Path) -> None:
    from chainchief.package import ValidationParams, validate_package

    def bad_all(desc: dict[str, Any], t: Tables) -> None:
        t["firms"] = t["firms"].astype(object)
        t["firms"]["employees"] = "x"

    pkg = _write(tmp_path, bad_all)
    _, problems = validate_package(pkg, ValidationParams(max_problems_per_rule=2))
    lines = [str(p) for p in problems if p.column == "employees"]
    assert lines == [
        "firms.csv:2:employees: 'x' is not an integer",
        "firms.csv:3:employees: 'x' is not an integer",
        "firms.csv:0:employees: 3 more rows: value is not an integer",
    ]
