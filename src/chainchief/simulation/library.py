"""The scenario library shipped with the package (``simulation/scenarios/*.yaml``)."""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["library", "scenario_path"]

_DIR = Path(__file__).with_name("scenarios")


def library() -> dict[str, dict[str, str]]:
    """Scenario name -> {title, dataset, source, path} for every shipped scenario."""
    out = {}
    for p in sorted(_DIR.glob("*.yaml")):
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
        out[raw["name"]] = {
            "title": str(raw.get("title", "")),
            "dataset": str(raw.get("dataset", "")),
            "source": str(raw.get("source", "")),
            "path": str(p),
        }
    return out


def scenario_path(ref: str) -> Path:
    """A scenario file path: ``ref`` itself when it exists, else the library entry."""
    p = Path(ref)
    if p.exists():
        return p
    lib = library()
    if ref in lib:
        return Path(lib[ref]["path"])
    raise FileNotFoundError(
        f"no scenario file {ref!r} and no library scenario of that name "
        f"(library: {', '.join(lib) or 'empty'})"
    )
