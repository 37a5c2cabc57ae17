"""Reference data: versioned, schema-checked data files with a source on every row."""

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import get_refdata, load
from coolclaim.refdata.model import RefData

__all__ = ["RefData", "RefDataError", "get_refdata", "load"]
