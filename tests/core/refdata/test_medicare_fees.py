"""medicare_fees.yaml: Medicare's national figures where known, "unknown" as a value, sources named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from coolclaim.refdata import RefDataError
from coolclaim.refdata.builders import medicare_fees
from coolclaim.refdata.loader import package_dir
from coolclaim.refdata.yaml_source import read_yaml


def test_known_figures_and_unknown_ones() -> None:
    fees = medicare_fees.load()
    known = fees.find("0662T", "hospital_outpatient", 2025)
    assert known is not None
    assert (known.amount, known.confidence) == (Decimal("1750.50"), "M")
    unknown = fees.find("97007", "office", 2026)
    assert unknown is not None
    assert (unknown.amount, unknown.note) == (None, "proposed rule: about $1,701 (not final, not used)")
    assert fees.find("97007", "office", 2031) is None
    assert all(f.source and f.basis for f in fees.fees)


def test_a_row_listed_twice_is_refused(tmp_path: Path) -> None:
    document = read_yaml(package_dir() / "data" / "medicare_fees.yaml")
    document["fees"].append(dict(document["fees"][0]))
    with pytest.raises(RefDataError, match=r"fees\[11\]: \('0662T', 'hospital_outpatient', 2022\) is listed twice"):
        medicare_fees.build(document)
