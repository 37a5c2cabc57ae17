"""A facility's trading-partner settings: who the 837 comes from and goes to, and what the
facility record lacks for the billing provider loop (taxonomy, street address, payer ids)."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet


class TradingPartnerQuerySet(FacilityScopedQuerySet["TradingPartner"]):
    facility_path = "facility"


class TradingPartner(models.Model):
    facility = models.OneToOneField(Facility, on_delete=models.CASCADE, related_name="trading_partner")
    sender_qualifier = models.CharField(max_length=2, default="ZZ", help_text="ISA05 (ZZ mutually defined).")
    sender_id = models.CharField(max_length=15, help_text="ISA06, also GS02.")
    receiver_qualifier = models.CharField(max_length=2, default="ZZ", help_text="ISA07.")
    receiver_id = models.CharField(max_length=15, help_text="ISA08, also GS03.")
    submitter_name = models.CharField(max_length=60, help_text="1000A NM103.")
    submitter_id = models.CharField(max_length=80, help_text="1000A NM109 (ETIN given by the receiver).")
    contact_name = models.CharField(max_length=60)
    contact_phone = models.CharField(max_length=10, help_text="Ten digits.")
    receiver_name = models.CharField(max_length=60, help_text="1000B NM103.")
    receiver_id_code = models.CharField(max_length=80, help_text="1000B NM109.")
    production = models.BooleanField(default=False, help_text="ISA15 P when set, T (test) otherwise.")
    taxonomy = models.CharField(max_length=10, help_text="Billing provider taxonomy (PRV*BI).")
    address_line1 = models.CharField(max_length=55, help_text="Billing provider street address (not a PO box).")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=9, help_text="ZIP+4 digits, no dash.")
    payer_ids = models.JSONField(
        default=dict, blank=True, help_text='Payer id (NM1*PR) by payer name as on coverages, e.g. {"Aetna": "60054"}.'
    )
    attending_npi = models.CharField(max_length=10, blank=True, help_text="837I attending provider (2310A).")
    attending_last_name = models.CharField(max_length=60, blank=True)
    attending_first_name = models.CharField(max_length=35, blank=True)

    objects = TradingPartnerQuerySet.as_manager()

    def __str__(self) -> str:
        return f"trading partner of facility {self.facility_id}"
