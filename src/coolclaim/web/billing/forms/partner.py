"""The trading-partner settings form: envelope (ISA/GS), submitter and receiver (1000A/1000B),
the billing provider's taxonomy and street address, payer ids, and the 837I attending provider."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from coolclaim.web.billing.models import TradingPartner

#: ISA05/ISA07 interchange id qualifiers of 005010.
ID_QUALIFIERS = [
    ("01", "01 DUNS"),
    ("14", "14 DUNS + suffix"),
    ("20", "20 HIN"),
    ("27", "27 Carrier id (Medicare)"),
    ("28", "28 Fiscal intermediary id (Medicare)"),
    ("29", "29 Medicare provider/supplier id"),
    ("30", "30 US federal tax id"),
    ("33", "33 NAIC company code"),
    ("ZZ", "ZZ Mutually defined"),
]
#: Characters our writers use as separators: never inside a value.
_SEPARATORS = re.compile(r"[*:^~]")


def _plain(value: str, label: str) -> str:
    value = value.strip()
    if _SEPARATORS.search(value):
        raise forms.ValidationError(f"{label} cannot contain * : ^ or ~ (X12 separators).")
    return value


class TradingPartnerForm(forms.ModelForm[TradingPartner]):
    sender_qualifier = forms.ChoiceField(choices=ID_QUALIFIERS, label="Sender id qualifier (ISA05)")
    receiver_qualifier = forms.ChoiceField(choices=ID_QUALIFIERS, label="Receiver id qualifier (ISA07)")
    # Typed with punctuation, stored as digits (the clean methods below).
    contact_phone = forms.CharField(max_length=20, label="Contact phone", help_text="Ten digits.")
    postal_code = forms.CharField(max_length=12, label="ZIP+4", help_text="ZIP+4, e.g. 15213-1234.")
    payer_ids_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Payer ids",
        help_text="One payer a line: the payer name as on coverages, '=', the payer id (NM1*PR), e.g. Aetna = 60054.",
    )

    class Meta:
        model = TradingPartner
        fields = [
            "sender_qualifier",
            "sender_id",
            "receiver_qualifier",
            "receiver_id",
            "production",
            "submitter_name",
            "submitter_id",
            "contact_name",
            "contact_phone",
            "receiver_name",
            "receiver_id_code",
            "taxonomy",
            "address_line1",
            "city",
            "state",
            "postal_code",
            "attending_npi",
            "attending_last_name",
            "attending_first_name",
        ]
        labels = {
            "sender_id": "Sender id (ISA06, GS02)",
            "receiver_id": "Receiver id (ISA08, GS03)",
            "production": "Production (ISA15 P; unchecked: T, test)",
            "submitter_name": "Submitter name (1000A)",
            "submitter_id": "Submitter id / ETIN (1000A)",
            "receiver_name": "Receiver name (1000B)",
            "receiver_id_code": "Receiver id (1000B)",
            "taxonomy": "Billing provider taxonomy (PRV*BI)",
            "address_line1": "Billing provider street address",
            "postal_code": "ZIP+4",
            "attending_npi": "Attending NPI (837I)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            self.initial["payer_ids_text"] = "\n".join(
                f"{name} = {code}" for name, code in sorted((self.instance.payer_ids or {}).items())
            )

    def clean_sender_id(self) -> str:
        return _plain(str(self.cleaned_data["sender_id"]), "Sender id")

    def clean_receiver_id(self) -> str:
        return _plain(str(self.cleaned_data["receiver_id"]), "Receiver id")

    def clean_submitter_id(self) -> str:
        return _plain(str(self.cleaned_data["submitter_id"]), "Submitter id")

    def clean_receiver_id_code(self) -> str:
        return _plain(str(self.cleaned_data["receiver_id_code"]), "Receiver id")

    def clean_contact_phone(self) -> str:
        digits = re.sub(r"\D", "", str(self.cleaned_data["contact_phone"]))
        if len(digits) != 10:
            raise forms.ValidationError("Ten digits (area code and number).")
        return digits

    def clean_taxonomy(self) -> str:
        value = str(self.cleaned_data["taxonomy"]).strip().upper()
        if not re.fullmatch(r"[0-9A-Z]{9}X", value):
            raise forms.ValidationError("A ten-character provider taxonomy code ending in X, e.g. 207RX0202X.")
        return value

    def clean_state(self) -> str:
        value = str(self.cleaned_data["state"]).strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", value):
            raise forms.ValidationError("Two letters, e.g. PA.")
        return value

    def clean_postal_code(self) -> str:
        digits = re.sub(r"\D", "", str(self.cleaned_data["postal_code"]))
        if len(digits) != 9:
            raise forms.ValidationError("Nine digits (ZIP+4): the 837 needs the full code for the billing provider.")
        return digits

    def clean_attending_npi(self) -> str:
        value = str(self.cleaned_data.get("attending_npi") or "").strip()
        if value and not re.fullmatch(r"\d{10}", value):
            raise forms.ValidationError("Ten digits.")
        return value

    def clean_payer_ids_text(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for number, raw in enumerate(str(self.cleaned_data.get("payer_ids_text") or "").splitlines(), start=1):
            if not raw.strip():
                continue
            name, sep, code = raw.partition("=")
            name, code = name.strip(), code.strip()
            if not sep or not name or not code:
                raise forms.ValidationError(f"Line {number}: write 'payer name = payer id'.")
            if _SEPARATORS.search(code) or len(code) > 80:
                raise forms.ValidationError(f"Line {number}: the payer id must be at most 80 characters, no * : ^ ~.")
            if name in found:
                raise forms.ValidationError(f"Line {number}: {name} is listed twice.")
            found[name] = code
        return found

    def save(self, commit: bool = True) -> TradingPartner:
        self.instance.payer_ids = self.cleaned_data["payer_ids_text"]
        return super().save(commit=commit)
