"""Reference data: versioned, schema-checked data files with a source on every row.

`load` is imported on first use, so reading the cached validated form
(`coolclaim.refdata.cache`) does not import the YAML and JSON Schema libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import RefData

if TYPE_CHECKING:
    from coolclaim.refdata.loader import load

__all__ = ["RefData", "RefDataError", "load"]


def __getattr__(name: str) -> Any:
    if name == "load":
        from coolclaim.refdata import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'coolclaim.refdata' has no attribute {name!r}")
