"""The rings and the app graph (pyproject.toml's import-linter contracts, docs/architecture.md):
they hold on the code as it is, every top-level package is in a ring, and a deliberate
wrong-way import makes ``lint-imports`` fail naming the contract it breaks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "coolclaim"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract for contract in CONFIG["contracts"]}
#: Top-level modules that are in no contract's source list, and why.
DELIVERY = {"web", "api", "cli", "__main__"}  # delivery: the outermost ring, may import anything below it


def lint(src: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts, on the ``coolclaim`` package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def copy_with(tmp_path: Path, module: str, source: str) -> Path:
    """A copy of the package's Python files with one more module ``module`` holding ``source``."""
    src = tmp_path / "src"
    shutil.copytree(
        PACKAGE,
        src / "coolclaim",
        ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "*.json", "*.gz", "*.html", "*.css", "*.js", "*.md"),
    )
    target = src / Path(*module.split(".")).with_suffix(".py")
    target.write_text(source)
    return src


def contract_names(*ids: str) -> list[str]:
    return [CONTRACTS[i]["name"] for i in ids]


def test_the_contracts_hold_on_the_code() -> None:
    result = lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in contract_names(*CONTRACTS):
        assert f"{name} KEPT" in " ".join(result.stdout.split())


def test_every_top_level_package_is_in_a_ring() -> None:
    named = {module.split(".")[1] for contract in CONFIG["contracts"] for module in contract.get("source_modules", [])}
    present = {p.stem if p.suffix == ".py" else p.name for p in PACKAGE.iterdir() if p.name != "__init__.py"}
    present = {name for name in present if not name.startswith((".", "__pycache__")) and name not in {"py.typed"}}
    assert present - named - DELIVERY == set()


def test_every_django_app_is_a_layer() -> None:
    layers = {name.strip("() ") for layer in CONTRACTS["django-apps-downward"]["layers"] for name in layer.split("|")}
    apps = {p.parent.name for p in (PACKAGE / "web").glob("*/apps.py")}
    assert apps - layers == set()


WRONG_WAY = [
    pytest.param("coolclaim.coding.wrong_way", "import django\n", "core-pure", id="core-imports-django"),
    pytest.param(
        "coolclaim.coverage.wrong_way",
        "from coolclaim.io import session_files\n",
        "core-pure",
        id="core-imports-adapter",
    ),
    pytest.param(
        "coolclaim.io.wrong_way", "import coolclaim.cli\n", "adapters-below-delivery", id="adapter-imports-cli"
    ),
    pytest.param(
        "coolclaim.web.clinic.wrong_way",
        "from coolclaim.web.billing import models\n",
        "django-apps-downward",
        id="clinic-imports-billing",
    ),
    pytest.param(
        "coolclaim.web.billing.wrong_way",
        "from coolclaim.web.queue import models\n",
        "django-apps-downward",
        id="billing-imports-queue",
    ),
]


@pytest.mark.parametrize(("module", "source", "contract"), WRONG_WAY)
def test_a_wrong_way_import_breaks_its_contract(tmp_path: Path, module: str, source: str, contract: str) -> None:
    result = lint(copy_with(tmp_path, module, source))
    output = " ".join(result.stdout.split())
    assert result.returncode == 1, output
    (name,) = contract_names(contract)
    assert f"{name} BROKEN" in output
    assert module in output
    others = [n for n in contract_names(*CONTRACTS) if n != name]
    assert all(f"{other} KEPT" in output for other in others)
