"""The validated reference data, kept between runs keyed by the hash of its files.

Parsing the YAML files, validating them against their schemas and reading the ICD-10-CM code
sets takes most of a second; the validated `RefData` is the same as long as the files (and the
code that builds it) are. `load_cached` hashes every data file, schema and builder, and reads
the pickled `RefData` of that hash from the user's cache directory
(`$XDG_CACHE_HOME/coolclaim/`, else `~/.cache/coolclaim/`); anything wrong with the cache
(missing, unreadable, from another version) falls back silently to a fresh load, which is
then written for the next run. `COOLCLAIM_REFDATA_CACHE=0` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import resources
from pathlib import Path

from coolclaim.refdata.model import Icd10cmSet, RefData

_FORMAT = b"coolclaim-refdata-cache-1"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "coolclaim"


def _package() -> Path:
    return Path(str(resources.files("coolclaim.refdata")))


def digest(directory: Path | None = None) -> str:
    """The hash of everything the validated form depends on: data files, schemas, builders."""
    package = _package()
    data = directory or package / "data"
    paths = sorted(p for p in data.iterdir() if p.is_file())
    paths += sorted((package / "schemas").glob("*.json"))
    paths += sorted(package.glob("*.py")) + sorted((package / "builders").glob("*.py"))
    h = hashlib.blake2b(_FORMAT + sys.version.encode(), digest_size=20)
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def load_cached(directory: Path | None = None) -> RefData:
    """The validated reference data of `directory` (the packaged data by default)."""
    if os.environ.get("COOLCLAIM_REFDATA_CACHE") == "0":
        return _fresh(directory)
    try:
        path = cache_dir() / f"refdata-{digest(directory)}.pickle"
    except OSError:
        return _fresh(directory)
    try:
        found = pickle.loads(path.read_bytes())  # noqa: S301 - our own file, named by its content hash
        if isinstance(found, RefData):
            return found
    except Exception:  # noqa: S110 - a bad or missing cache is never an error: load afresh
        pass
    fresh = _fresh(directory)
    _store(path, fresh)
    return fresh


def load_year_cached(fiscal_year: int, directory: Path | None = None) -> Icd10cmSet | None:
    """One fiscal year's ICD-10-CM set, cached like `load_cached` (keyed by that file's hash)."""
    from coolclaim.refdata.builders import icd10cm

    path = icd10cm.year_path(fiscal_year, directory)
    if not path.exists():
        return None
    if os.environ.get("COOLCLAIM_REFDATA_CACHE") == "0":
        return icd10cm.load_year(fiscal_year, directory)
    try:
        h = hashlib.blake2b(_FORMAT + sys.version.encode(), digest_size=20)
        h.update(path.read_bytes())
        h.update((_package() / "builders" / "icd10cm.py").read_bytes())
        h.update((_package() / "model.py").read_bytes())
        cached = cache_dir() / f"icd10cm-fy{fiscal_year}-{h.hexdigest()}.pickle"
    except OSError:
        return icd10cm.load_year(fiscal_year, directory)
    try:
        found = pickle.loads(cached.read_bytes())  # noqa: S301 - our own file, named by its content hash
        if isinstance(found, Icd10cmSet):
            return found
    except Exception:  # noqa: S110 - a bad or missing cache is never an error: load afresh
        pass
    fresh = icd10cm.load_year(fiscal_year, directory)
    if fresh is not None:
        _store(cached, fresh)
    return fresh


def _fresh(directory: Path | None) -> RefData:
    from coolclaim.refdata.loader import load  # YAML and JSON Schema: only on a cache miss

    return load(directory)


def _store(path: Path, data: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".refdata-", delete=False) as handle:
            handle.write(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(handle.name, path)
    except OSError:
        return
