"""docs/data-format.md documents every table and column of the schema."""

from __future__ import annotations

from pathlib import Path

from chainchief.model.schema import TABLES
from chainchief.model.schema_doc import BEGIN, END, schema_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"


def test_reference_section_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert section == schema_markdown().strip(), (
        "run: python -m chainchief.model.schema_doc docs/data-format.md"
    )


def test_every_column_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f"### `{spec.name}`" in text
        for c in spec.columns:
            assert f"| `{c.name}` |" in text
