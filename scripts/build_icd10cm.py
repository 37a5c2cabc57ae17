"""Writes refdata/data/icd10cm.tsv.gz from the simple-icd-10-cm package (CMS ICD-10-CM).

Usage: .venv/bin/python scripts/build_icd10cm.py
The file lists every ICD-10-CM item that is a code (chapters and blocks excluded) with whether
it is billable (a leaf) and its description. `tests/core/test_icd10cm.py` checks the file
against the installed package so the two cannot drift apart.
"""

from __future__ import annotations

import gzip
import importlib.metadata
from pathlib import Path

import simple_icd_10_cm as cm

TARGET = Path(__file__).resolve().parents[1] / "src" / "coolclaim" / "refdata" / "data" / "icd10cm-fy2026.tsv.gz"
CODE_SET_YEAR = "FY2026"


def rows() -> list[str]:
    out = []
    seen: set[str] = set()
    for code in cm.get_all_codes(with_dots=False):
        # Blocks are ranges (C00-C96) and chapters are numbers; a few codes (B20, Z66) are
        # both a block and a billable category.
        if "-" in code or cm.is_chapter(code) or code in seen:
            continue
        seen.add(code)
        description = " ".join(cm.get_description(code).split())
        out.append(f"{code}\t{1 if cm.is_leaf(code) else 0}\t{description}")
    return out


def main() -> None:
    version = importlib.metadata.version("simple-icd-10-cm")
    header = [
        f"# ICD-10-CM {CODE_SET_YEAR} code set: code (no dot), billable (1 = leaf), description",
        f"# source: CMS ICD-10-CM {CODE_SET_YEAR} (April 2026 update) as packaged by simple-icd-10-cm {version}",
        "# confidence: P",
        "# fiscal_year: 2026",
    ]
    body = "\n".join(header + rows()) + "\n"
    TARGET.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
