"""Small helpers shared by test modules (import as ``from testutil import ...``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["file_digest"]


def file_digest(path: Path) -> str:
    """SHA-256 of a file, or of nothing when it does not exist."""
    return hashlib.sha256(path.read_bytes() if path.exists() else b"").hexdigest()
