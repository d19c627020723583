"""Chain data packages, format v1: reading, validating and writing.

>>> from chainchief.package import read_package            # doctest: +SKIP
>>> pkg = read_package("examples/ouhai-eyewear")            # doctest: +SKIP
>>> pkg.firms.head()                                        # doctest: +SKIP
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from chainchief.errors import PackageInvalidError
from chainchief.package.coerce import PANDAS_DTYPES, empty_frame, typed_frame
from chainchief.package.reader import DESCRIPTOR, read_raw
from chainchief.package.tables import Package, TableAccess
from chainchief.package.validate import ValidationParams, validate_raw
from chainchief.package.writer import write_package

__all__ = [
    "DESCRIPTOR",
    "PANDAS_DTYPES",
    "Package",
    "TableAccess",
    "ValidationParams",
    "empty_frame",
    "read_package",
    "typed_frame",
    "validate_package",
    "write_package",
]


def validate_package(
    path: str | Path, params: ValidationParams | None = None
) -> tuple[Package | None, list]:
    """Read and validate a package; return ``(package or None, problems)``."""
    with tempfile.TemporaryDirectory(prefix="chainchief-") as tmp:
        raw = read_raw(path, workdir=Path(tmp))
        return validate_raw(raw, params)


def read_package(path: str | Path, params: ValidationParams | None = None) -> Package:
    """Read and validate a package directory, descriptor path or ``.zip``.

    Raises
    ------
    PackageInvalidError
        With every problem found, when the package is not valid.
    """
    pkg, problems = validate_package(path, params)
    if pkg is None:
        raise PackageInvalidError(problems, source=str(path))
    return pkg
