"""icd10cm*.tsv.gz: one fiscal year's ICD-10-CM code set (code, billable, description).

A tab-separated file after `# key: value` header lines naming its `source`, `confidence` and
the `fiscal_year` (1 October of the year before to 30 September), and optionally
`april_update: not included` for a set that is the October release only. A bad row names the row and
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
    rows: list[str] = [""]
    seen: set[str] = set()
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
        if code in seen:
            raise RefDataError(name, [f"row {number}.code: {code} is listed twice"])
        seen.add(code)
        rows.append(line)
    for key in ("source", "confidence"):
        if key not in header:
            raise RefDataError(name, [f"header: no '# {key}:' line"])
    year_text = header.get("fiscal_year")
    if year_text is None:
        found = _YEAR.search(first_comment)
        year_text = found.group(1) if found else None
    if year_text is None or not year_text.isdigit():
        raise RefDataError(name, ["header: no '# fiscal_year:' line"])
    april = header.get("april_update", "included")
    if april not in ("included", "not included"):
        raise RefDataError(name, [f"header: april_update must be 'included' or 'not included', got {april!r}"])
    rows.append("")
    return Icd10cmSet(
        int(year_text), "\n".join(rows), header["source"], header["confidence"], april_update=april == "included"
    )


def read(path: Path) -> Icd10cmSet:
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise RefDataError(path.name, [f"cannot be read: {exc}"]) from None
    return build(text, path.name)


def year_path(fiscal_year: int, directory: Path | None = None) -> Path:
    from importlib import resources  # not the loader: no YAML or JSON Schema for one year's set

    return (directory or Path(str(resources.files("coolclaim.refdata"))) / "data") / file_name(fiscal_year)


def load_year(fiscal_year: int, directory: Path | None = None) -> Icd10cmSet | None:
    """One fiscal year's set, or None when that year's file is not there."""
    path = year_path(fiscal_year, directory)
    if not path.exists():
        return None
    found = read(path)
    if found.fiscal_year != fiscal_year:
        raise RefDataError(
            path.name, [f"header: fiscal_year {found.fiscal_year}, but the file is named for {fiscal_year}"]
        )
    return found


def load(directory: Path | None = None) -> tuple[Icd10cmSet, ...]:
    """Every fiscal year's set in `directory` (the packaged data by default), newest first."""
    from coolclaim.refdata.loader import package_dir

    base = directory or package_dir() / "data"
    sets = [read(path) for path in sorted(base.glob("icd10cm-fy*.tsv.gz"))]
    years = [s.fiscal_year for s in sets]
    duplicated = sorted({y for y in years if years.count(y) > 1})
    if duplicated:
        raise RefDataError("icd10cm", [f"fiscal year {duplicated[0]} is in more than one file"])
    if not sets:
        raise RefDataError("icd10cm", [f"no ICD-10-CM code set (icd10cm-fyYYYY.tsv.gz) in {base}"])
    return tuple(sorted(sets, key=lambda s: s.fiscal_year, reverse=True))


def parse_cms(text: str, name: str = "CMS file") -> list[tuple[str, bool, str]]:
    """Rows `(code, billable, description)` of a CMS ICD-10-CM file.

    Two layouts are read: the order file (`icd10cm-order-YYYY.txt`: order number, code, 0/1
    billable flag, short and long description in fixed columns) and the codes file
    (`icd10cm-codes-YYYY.txt`: billable code, spaces, description).
    """
    rows: list[tuple[str, bool, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(line) > 16 and line[:5].isdigit() and line[5] == " " and line[14] in "01":
            code = line[6:13].strip()
            flag = line[14] == "1"
            description = " ".join(line[77:].split()) or " ".join(line[16:77].split())
        else:
            code, _, rest = line.strip().partition(" ")
            flag, description = True, " ".join(rest.split())
        if not _CODE.fullmatch(code) or not description:
            raise RefDataError(name, [f"line {number}: not an ICD-10-CM code line: {line[:40]!r}"])
        rows.append((code, flag, description))
    if not rows:
        raise RefDataError(name, ["no ICD-10-CM code lines"])
    return rows


def render(rows: list[tuple[str, bool, str]], fiscal_year: int, source: str, confidence: str = "P") -> bytes:
    """The packaged form of a code set (gzip, reproducible: no time stamp)."""
    header = [
        f"# ICD-10-CM FY{fiscal_year} code set: code (no dot), billable (1 = leaf), description",
        f"# source: {source}",
        f"# confidence: {confidence}",
        f"# fiscal_year: {fiscal_year}",
    ]
    body = "\n".join(header + [f"{code}\t{1 if flag else 0}\t{text}" for code, flag, text in rows]) + "\n"
    return gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0)
