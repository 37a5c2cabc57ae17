"""Models of the accounts app: facility identifiers and defaults, API tokens."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coolclaim.web.accounts.models import ApiToken
from coolclaim.web.accounts.validators import npi_is_valid

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_npi_luhn_check() -> None:
    assert npi_is_valid("1234567893")  # the CMS example NPI
    assert not npi_is_valid("1234567890")
    assert not npi_is_valid("123456789")
    assert not npi_is_valid("12345678a3")


def test_facility_full_clean_names_every_bad_field() -> None:
    hub = f.hub()
    facility = f.facility(hub)
    facility.npi, facility.tin, facility.state, facility.time_zone = (
        "1234567890",
        "12",
        "XX",
        "Mars",
    )
    with pytest.raises(ValidationError) as caught:
        facility.full_clean()
    assert {"npi", "tin", "state", "time_zone"} <= set(caught.value.message_dict)


def test_facility_defaults() -> None:
    facility = f.facility(f.hub())
    assert facility.revenue_code == "0761"
    assert facility.contracted is True
    assert facility.county == ""


def test_api_token_stores_only_a_hash_and_can_be_revoked() -> None:
    user = f.user()
    token, raw = ApiToken.issue(user, "laptop")
    assert raw not in token.key_hash
    assert len(token.key_hash) == 64
    assert ApiToken.objects.filter(key_hash=raw).count() == 0
    assert ApiToken.authenticate(raw) == user
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert ApiToken.authenticate(raw + "x") is None
    token.revoke()
    assert ApiToken.authenticate(raw) is None
