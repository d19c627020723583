"""Record models agree with the table schema and validate single records."""

from __future__ import annotations

import pydantic
import pytest

from chainchief import model
from chainchief.model.schema import TABLES
from tiny import tiny_tables

RECORDS = {
    "regions": model.Region,
    "segments": model.Segment,
    "segment_edges": model.SegmentEdge,
    "firms": model.Firm,
    "firm_segments": model.FirmSegment,
    "supply_links": model.SupplyLink,
    "sales": model.Sale,
    "knowledge_links": model.KnowledgeLink,
    "institutions": model.Institution,
    "roles": model.Role,
    "indicators": model.Indicator,
}


@pytest.mark.parametrize("table", sorted(RECORDS))
def test_record_fields_match_schema(table: str) -> None:
    assert list(RECORDS[table].model_fields) == TABLES[table].column_names


@pytest.mark.parametrize("table", sorted(RECORDS))
def test_tiny_rows_validate(table: str) -> None:
    df = tiny_tables()[table]
    for row in df.astype(object).where(df.notna(), None).to_dict("records"):
        RECORDS[table].model_validate(row)


def test_firm_rules() -> None:
    with pytest.raises(pydantic.ValidationError, match="exceeds 1"):
        model.Firm(firm_id="F", name="x", region_id="R", oem_share=0.7, odm_share=0.4)
    with pytest.raises(pydantic.ValidationError):
        model.Firm(firm_id="F", name="x", region_id="R", employees=-1)
    with pytest.raises(pydantic.ValidationError):
        model.Region(region_id="R", name="r", scale="galactic")


def test_chain_template_checks_edges() -> None:
    seg = model.Segment(
        chain_id="c", segment_id="a", name="A", stage="upstream", function="materials"
    )
    with pytest.raises(pydantic.ValidationError, match="unknown segment"):
        model.ChainTemplate(
            chain_id="c",
            segments=(seg,),
            edges=(model.SegmentEdge(chain_id="c", from_segment="a", to_segment="b"),),
        )


def test_scale_order() -> None:
    assert [s.rank for s in model.SCALE_ORDER] == list(range(6))
    assert model.Scale("province").rank == 2 and model.Scale.GLOBAL.rank == 5


def test_public_surface_is_small() -> None:
    import chainchief

    assert sorted(chainchief.__all__) == ["__version__", "open"]
