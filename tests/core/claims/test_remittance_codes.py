"""The CARC/RARC reference file: valid, complete for the seed list, refused with row and field when bad."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from coolclaim.claims.denials import plain_reasons
from coolclaim.claims.remittance import Adjustment
from coolclaim.refdata.builders import remittance_codes
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import package_dir

SEED_CARC = {"4", "11", "16", "29", "50", "96", "97", "197", "198", "204", "167"}
SEED_RARC = {"N130", "M127", "N362", "M62", "N54", "N56", "N20", "N115", "N386", "MA130"}


def test_the_packaged_file_loads_with_every_seed_code() -> None:
    codes = remittance_codes.load()
    assert set(codes.carc) >= SEED_CARC
    assert set(codes.rarc) == SEED_RARC
    assert set(codes.group_codes) == {"CO", "PR", "OA", "PI", "CR"}
    assert {c for c, row in codes.carc.items() if row.needs_rarc} == {"4", "16", "96"}


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    source = package_dir() / "data" / "remittance_codes.yaml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "remittance_codes.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_a_bad_confidence_is_named(tmp_path: Path) -> None:
    directory = copy_with(tmp_path, 'code 50; seed list §6", confidence: S}', 'code 50; seed list §6", confidence: Q}')
    with pytest.raises(RefDataError) as caught:
        remittance_codes.load(directory)
    assert caught.value.problems == ["carc[9].confidence: 'Q' is not one of ['P', 'M', 'S', 'D', 'U']"]


def test_a_missing_source_is_named(tmp_path: Path) -> None:
    directory = copy_with(tmp_path, ', source: "X12 Remittance Advice Remark Code list, N54; seed list §6"', "")
    with pytest.raises(RefDataError) as caught:
        remittance_codes.load(directory)
    assert caught.value.problems == ["rarc[4]: 'source' is a required property"]


def test_a_duplicate_code_is_named(tmp_path: Path) -> None:
    directory = copy_with(tmp_path, "{code: N56,", "{code: N54,")
    with pytest.raises(RefDataError) as caught:
        remittance_codes.load(directory)
    assert caught.value.problems == ["rarc[5].code: duplicate code N54"]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RefDataError) as caught:
        remittance_codes.load(tmp_path)
    assert str(caught.value) == f"remittance_codes.yaml: file missing in {tmp_path}"


def test_plain_reasons_for_a_denied_line() -> None:
    codes = remittance_codes.load()
    reasons = plain_reasons(
        (Adjustment("CO", "197", Decimal("350.00")), Adjustment("CO", "999", Decimal("1"))),
        ("N54", "N999"),
        groups=codes.group_descriptions(),
        carc=codes.carc_descriptions(),
        rarc=codes.rarc_descriptions(),
    )
    assert reasons == (
        "CO-197 350.00: No prior authorization, precertification or notification was on file. Contractual"
        " obligation: the provider absorbs this amount and may not bill the patient.",
        "CO-999 1: reason code 999 (not in our table). Contractual obligation: the provider absorbs this amount"
        " and may not bill the patient.",
        "N54: The claim does not agree with the authorization on file (code, units or dates).",
        "N999: remark code not in our table.",
    )
