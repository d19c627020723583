"""Validation of the ``datapackage.json`` descriptor (format v1)."""

from __future__ import annotations

import re
from typing import Any

from chainchief.errors import Problem

__all__ = ["NAME_PATTERN", "REQUIRED_KEYS", "check_descriptor"]

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
REQUIRED_KEYS = (
    "name",
    "title",
    "version",
    "licenses",
    "sources",
    "synthetic",
    "currency",
    "reference_year",
    "focal_regions",
    "chains",
)
_F = "datapackage.json"


def _p(key: str, reason: str) -> Problem:
    return Problem(_F, 0, key, reason)


def _list_of_objects(d: dict[str, Any], key: str, needed: tuple[str, ...]) -> list[Problem]:
    val = d[key]
    if not isinstance(val, list):
        return [_p(key, "must be a list of objects")]
    out = []
    for i, item in enumerate(val):
        if not isinstance(item, dict) or not any(isinstance(item.get(k), str) for k in needed):
            out.append(_p(f"{key}[{i}]", f"must be an object with one of: {', '.join(needed)}"))
    return out


def check_descriptor(d: dict[str, Any]) -> list[Problem]:
    """Problems of the descriptor's own keys (cross-table checks come later)."""
    problems = [_p(k, "required key is missing") for k in REQUIRED_KEYS if k not in d]
    if "name" in d and not (isinstance(d["name"], str) and NAME_PATTERN.match(d["name"])):
        problems.append(
            _p("name", "must be lower-case letters, digits, '.', '_' or '-' (at most 100)")
        )
    for key in ("title", "version"):
        if key in d and not (isinstance(d[key], str) and d[key].strip()):
            problems.append(_p(key, "must be a non-empty string"))
    if "licenses" in d:
        problems += _list_of_objects(d, "licenses", ("name", "path"))
    if "sources" in d:
        problems += _list_of_objects(d, "sources", ("title", "path"))
    if "synthetic" in d and not isinstance(d["synthetic"], bool):
        problems.append(_p("synthetic", "must be true or false"))
    if "currency" in d and not (
        isinstance(d["currency"], str) and re.fullmatch(r"[A-Z]{3}", d["currency"])
    ):
        problems.append(_p("currency", "must be an ISO 4217 code such as CNY"))
    if "reference_year" in d:
        y = d["reference_year"]
        if not (isinstance(y, int) and not isinstance(y, bool) and 1900 <= y <= 2100):
            problems.append(_p("reference_year", "must be a year between 1900 and 2100"))
    for key in ("focal_regions", "chains"):
        if key in d:
            v = d[key]
            if not (isinstance(v, list) and v and all(isinstance(x, str) and x for x in v)):
                problems.append(_p(key, "must be a non-empty list of ids"))
    if "resources" in d and not isinstance(d["resources"], list):
        problems.append(_p("resources", "must be a list of {name, path} objects"))
    return problems
