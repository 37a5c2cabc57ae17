"""The provider builds each thing once; no other module builds or caches an engine."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from coolclaim import bootstrap
from coolclaim.refdata import cache
from coolclaim.refdata.model import RefData

SRC = Path(__file__).resolve().parents[2] / "src" / "coolclaim"


def test_engine_is_built_once_per_set_of_overrides() -> None:
    assert bootstrap.engine() is bootstrap.engine()
    assert bootstrap.engine({}) is bootstrap.engine(None)
    midpoint = bootstrap.engine({"units_97009": "midpoint"})
    assert midpoint is bootstrap.engine({"units_97009": "midpoint"})
    assert midpoint is not bootstrap.engine()
    assert midpoint.settings.units_97009 == "midpoint"
    assert midpoint.refdata is bootstrap.refdata()


def test_code_roles_come_from_codes_yaml() -> None:
    roles = bootstrap.code_roles()
    assert roles.fitting == frozenset({"0662T", "97007"})
    assert {code for code, info in bootstrap.refdata().codes.items() if info.role == "fitting"} == roles.fitting


def test_no_module_but_the_provider_builds_or_caches_an_engine() -> None:
    builders = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"CodingEngine\(", text):
            builders.append(str(path.relative_to(SRC)))
    assert builders == ["bootstrap.py"]


def test_the_validated_form_is_cached_by_the_files_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COOLCLAIM_REFDATA_CACHE", raising=False)
    first = cache.load_cached()
    written = list((tmp_path / "coolclaim").glob("refdata-*.pickle"))
    assert [p.name for p in written] == [f"refdata-{cache.digest()}.pickle"]
    second = cache.load_cached()
    assert second == first
    assert second is not first  # read back from the file


def test_a_broken_cache_falls_back_to_a_fresh_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "coolclaim" / f"refdata-{cache.digest()}.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    data = cache.load_cached()
    assert isinstance(data, RefData)
    assert isinstance(pickle.loads(path.read_bytes()), RefData)  # noqa: S301 - rewritten


def test_a_changed_file_changes_the_key(tmp_path: Path) -> None:
    import shutil

    from coolclaim.refdata.loader import package_dir

    copy = tmp_path / "data"
    shutil.copytree(package_dir() / "data", copy)
    before = cache.digest(copy)
    settings = copy / "settings.yaml"
    settings.write_text(settings.read_text() + "\n# reviewed\n")
    assert cache.digest(copy) != before


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert isinstance(cache.load_cached(), RefData)


def test_reset_builds_again() -> None:
    before = bootstrap.engine()
    bootstrap.reset()
    try:
        assert bootstrap.engine() is not before
    finally:
        bootstrap.reset()
