"""icd10cm*.tsv.gz: one fiscal year's ICD-10-CM code set (code, billable, description).

A tab-separated file after `# key: value` header lines naming its `source`, `confidence` and
the `fiscal_year` (1 October of the year before to 30 September). A bad row names the row and
the field. `coolclaim refdata load-icd10cm FILE --fiscal-year N` writes such a file from a CMS
code file (`icd10cm-codes-YYYY.txt` or the order file).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import Icd10cmSet

_CODE = re.compile(r"[A-Z][0-9A-Z]{2}[0-9A-Z]{0,4}")
_YEAR = re.compile(r"FY ?(\d{4})")


def file_name(fiscal_year: int) -> str:
    return f"icd10cm-fy{fiscal_year}.tsv.gz"


def build(text: str, name: str = "icd10cm.tsv.gz") -> Icd10cmSet:
    billable: dict[str, bool] = {}
    descriptions: dict[str, str] = {}
    header: dict[str, str] = {}
    first_comment = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                header[key.strip()] = value.strip()
            if not first_comment:
                first_comment = line
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise RefDataError(name, [f"row {number}: expected 3 tab-separated fields, got {len(parts)}"])
        code, flag, description = parts
        if not _CODE.fullmatch(code):
            raise RefDataError(name, [f"row {number}.code: {code!r} is not an ICD-10-CM code"])
        if flag not in ("0", "1"):
            raise RefDataError(name, [f"row {number}.billable: {flag!r} is not 0 or 1"])
        if not description:
            raise RefDataError(name, [f"row {number}.description: empty"])
        billable[code] = flag == "1"
        descriptions[code] = description
    for key in ("source", "confidence"):
        if key not in header:
            raise RefDataError(name, [f"header: no '# {key}:' line"])
    year_text = header.get("fiscal_year")
    if year_text is None:
        found = _YEAR.search(first_comment)
        year_text = found.group(1) if found else None
    if year_text is None or not year_text.isdigit():
        raise RefDataError(name, ["header: no '# fiscal_year:' line"])
    return Icd10cmSet(int(year_text), billable, descriptions, header["source"], header["confidence"])


def read(path: Path) -> Icd10cmSet:
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise RefDataError(path.name, [f"cannot be read: {exc}"]) from None
    return build(text, path.name)


def load(directory: Path | None = None) -> tuple[Icd10cmSet, ...]:
    """Every fiscal year's set in `directory` (the packaged data by default), newest first."""
    from coolclaim.refdata.loader import package_dir

    base = directory or package_dir() / "data"
    sets = [read(path) for path in sorted(base.glob("icd10cm*.tsv.gz"))]
    years = [s.fiscal_year for s in sets]
    duplicated = sorted({y for y in years if years.count(y) > 1})
    if duplicated:
        raise RefDataError("icd10cm", [f"fiscal year {duplicated[0]} is in more than one file"])
    if not sets:
        raise RefDataError("icd10cm", [f"no ICD-10-CM code set (icd10cm-fyYYYY.tsv.gz) in {base}"])
    return tuple(sorted(sets, key=lambda s: s.fiscal_year, reverse=True))
