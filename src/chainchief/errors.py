"""The chainchief exception hierarchy.

Every error a user can cause derives from :class:`ChainchiefError`; its ``exit_code``
is what the command line exits with, and the web API maps the same classes to HTTP
statuses. Messages name the file, row, column and reason where those apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "ChainchiefError",
    "DatasetExistsError",
    "DatasetNotFoundError",
    "PackageInvalidError",
    "Problem",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One validation problem: ``FILE:ROW:COLUMN: reason``.

    ``row`` is the line number in a CSV file (the header is line 1, so the first record
    is line 2), the 1-based record number in a Parquet file, and 0 for a problem that
    concerns a whole file, table or descriptor key.
    """

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.reason}"


class ChainchiefError(Exception):
    """Base class of errors caused by input or usage."""

    exit_code = 1
    http_status = 400


class PackageInvalidError(ChainchiefError):
    """A chain data package failed validation; nothing was written."""

    exit_code = 2
    http_status = 422

    def __init__(self, problems: Iterable[Problem], source: str = "") -> None:
        self.problems = sorted(problems)
        self.source = source
        n = len(self.problems)
        head = f"{source}: " if source else ""
        super().__init__(f"{head}{n} problem{'s' if n != 1 else ''} found; nothing was written")

    def lines(self, limit: int | None = None) -> list[str]:
        """The problems as ``FILE:ROW:COLUMN: reason`` lines (at most ``limit``)."""
        probs = self.problems if limit is None else self.problems[:limit]
        return [str(p) for p in probs]


class DatasetExistsError(ChainchiefError):
    """A dataset of that name is already stored and ``replace`` was not given."""

    exit_code = 2
    http_status = 409


class DatasetNotFoundError(ChainchiefError):
    """No dataset of that name is stored."""

    exit_code = 2
    http_status = 404
