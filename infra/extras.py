"""Optional packages and the extra that brings each one.

A gateway or worker pod installs plain ``pip install .``; the embedded dev stack, slice
export, S3 storage and shared Redis rate limits live in extras (pyproject.toml). Every import
of such a package goes through ``require`` so that a missing one is a single line naming the
extra to install, never an ImportError traceback from deep inside a request.
"""

from __future__ import annotations

import importlib
from types import ModuleType

DIST = "product-details-service"


class MissingExtra(ImportError):
    """An optional package is not installed; the message says which extra brings it."""

    def __init__(self, package: str, extra: str, purpose: str):
        self.package, self.extra, self.purpose = package, extra, purpose
        super().__init__(f"{purpose} needs the optional package {package!r}, which is not "
                         f"installed: pip install '{DIST}[{extra}]'")


def require(module: str, extra: str, purpose: str, package: str | None = None) -> ModuleType:
    """Import ``module`` or raise MissingExtra naming ``extra`` (``package``: the name on
    PyPI when it differs from the module's top-level name)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".")[0]
        if exc.name is not None and exc.name.split(".")[0] != top:
            raise  # the package is there but one of *its* dependencies is broken: show that
        raise MissingExtra(package or top, extra, purpose) from None
