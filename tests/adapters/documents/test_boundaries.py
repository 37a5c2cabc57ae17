"""The documents adapter needs no Django and no database; the estimate core stays pure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "coolclaim"


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return set(done.stdout.split())


def test_documents_import_no_django_and_no_database() -> None:
    loaded = _modules_after_import("coolclaim.documents")
    assert not {m for m in loaded if m.split(".")[0] in ("django", "sqlite3", "psycopg", "ninja")}
    assert not {m for m in loaded if m.startswith("coolclaim.web") or m.startswith("coolclaim.api")}


def test_the_estimate_core_imports_only_the_standard_library_and_itself() -> None:
    loaded = _modules_after_import("coolclaim.patient_estimate")
    ours = {m for m in loaded if m.startswith("coolclaim.")}
    assert ours == {
        "coolclaim.patient_estimate",
        "coolclaim.patient_estimate.course_estimate",
        "coolclaim.patient_estimate.inputs",
        "coolclaim.patient_estimate.result",
    }
    assert not {m for m in loaded if m.split(".")[0] in ("django", "jinja2", "weasyprint", "yaml")}


def test_the_estimate_core_reads_no_clock_and_no_file() -> None:
    forbidden = re.compile(r"\b(open|now|today|utcnow|time\.time)\(|import (os|io|pathlib|time|socket)\b")
    for path in sorted((SRC / "patient_estimate").glob("*.py")):
        assert not forbidden.search(path.read_text(encoding="utf-8")), path.name
