"""The nurse's session entry form: the fields of the coding contract, in ward words.

Times are ``datetime-local`` inputs read in the facility's time zone (the view activates it).
Chemotherapy administration is a few rows of code + units; diagnoses are typed as a list.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from coolclaim.web.clinic.choices import DOCUMENTATION_FIELDS
from coolclaim.web.clinic.models import Course, Coverage, Session

CHEMO_ROWS = 4
TIME_FIELDS = ("cooling_start", "infusion_start", "infusion_end", "cooling_end")
TIME_LABELS = {
    "cooling_start": "Pre-cooling started",
    "infusion_start": "Infusion started",
    "infusion_end": "Infusion ended",
    "cooling_end": "Post-cooling ended",
}
DOCUMENTATION_LABELS = {
    "order_verified": "Order for scalp cooling verified",
    "contraindications_screened": "Contraindications screened",
    "tolerance_monitored": "Tolerance monitored during cooling",
    "scalp_assessed": "Scalp assessed after cooling",
}
#: The ABN tri-state as the form shows it (value → stored ``abn_obtained``).
ABN_CHOICES = [
    ("", "Not asked — no ABN question for this session"),
    ("signed", "Signed — the patient signed an advance beneficiary notice (modifier GA)"),
    ("refused", "Not signed — no ABN was obtained or the patient refused it (modifier GZ)"),
]
_ABN_TO_MODEL: dict[str, bool | None] = {"": None, "signed": True, "refused": False}
_ABN_FROM_MODEL = {value: key for key, value in _ABN_TO_MODEL.items()}
_ICD10 = re.compile(r"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$")
_SPLIT = re.compile(r"[\s,;|]+")
_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


def _codes_of(kind: str) -> list[tuple[str, str]]:
    from coolclaim import bootstrap

    return [
        (code, f"{code} — {info.description}")
        for code, info in sorted(bootstrap.refdata().codes.items())
        if info.kind == kind
    ]


class CoverageChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Payers by name (and plan, member id, rank), never as ``coverage 12 of patient 3``."""

    def label_from_instance(self, obj: Any) -> str:
        rank = "primary" if obj.priority == 1 else f"priority {obj.priority}"
        plan = f" {obj.plan_name}" if obj.plan_name else ""
        member = f", member {obj.member_id}" if obj.member_id else ""
        return f"{obj.payer_name}{plan} ({rank}{member})"


#: Fields whose help text the template prints with ``id="<field id>-help"``.
DESCRIBED_FIELDS = ("session_id", "diagnoses")


class SessionEntryForm(forms.Form):
    session_id = forms.CharField(
        label="Session ID", max_length=64, help_text="Unique in the facility, e.g. from the infusion schedule."
    )
    coverage = CoverageChoiceField(
        queryset=Coverage.objects.none(),
        required=False,
        label="Payer billed",
        empty_label="Primary coverage active that day",
    )
    diagnoses = forms.CharField(
        label="Diagnoses (ICD-10-CM)",
        required=False,
        max_length=400,
        help_text="In claim order, separated by commas or spaces, e.g. C50.912, Z51.11",
    )
    cap_fitting = forms.BooleanField(label="Cap measured and fitted in this session", required=False)
    device_model = forms.CharField(label="Device model", max_length=100, required=False)
    device_serial = forms.CharField(label="Device serial number", max_length=100, required=False)
    cap_lot = forms.CharField(label="Cap lot", max_length=100, required=False)
    em_code = forms.ChoiceField(label="E/M visit code", required=False, choices=())
    em_separately_identifiable = forms.BooleanField(
        label="E/M visit separately identifiable (modifier 25)", required=False
    )
    abn = forms.ChoiceField(
        label="Advance beneficiary notice (ABN)",
        required=False,
        choices=ABN_CHOICES,
        widget=forms.RadioSelect,
        help_text=(
            "Only matters for traditional Medicare when the diagnosis is outside the local coverage policy: "
            "a signed ABN adds modifier GA (the patient can be billed if Medicare denies), no ABN adds "
            "modifier GZ (the provider expects the denial and cannot bill the patient). "
            "Leave 'Not asked' when no ABN was discussed: no modifier is added."
        ),
    )

    def __init__(self, *args: Any, course: Course, coverages: QuerySet[Coverage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        coverage_field = self.fields["coverage"]
        assert isinstance(coverage_field, forms.ModelChoiceField)
        coverage_field.queryset = coverages
        em_field = self.fields["em_code"]
        assert isinstance(em_field, forms.ChoiceField)
        em_field.choices = [("", "No E/M visit"), *_codes_of("em")]
        for name in TIME_FIELDS:
            self.fields[name] = forms.DateTimeField(
                label=TIME_LABELS[name],
                required=False,
                input_formats=_DATETIME_FORMATS,
                widget=forms.DateTimeInput(
                    # A four-digit max year makes the browser move on after four year digits, so the
                    # field can be typed straight through (MM DD YYYY hh mm AM/PM).
                    attrs={"type": "datetime-local", "min": "2000-01-01T00:00", "max": "2099-12-31T23:59"},
                    format="%Y-%m-%dT%H:%M",
                ),
            )
        chemo_choices = [("", "—"), *_codes_of("chemo_admin")]
        for i in range(1, CHEMO_ROWS + 1):
            self.fields[f"chemo_code_{i}"] = forms.ChoiceField(
                label=f"Chemotherapy administration code {i}", required=False, choices=chemo_choices
            )
            self.fields[f"chemo_units_{i}"] = forms.IntegerField(
                label=f"Units for code {i}", required=False, min_value=1, max_value=24
            )
        for name in DOCUMENTATION_FIELDS:
            self.fields[name] = forms.BooleanField(label=DOCUMENTATION_LABELS[name], required=False)
        # Screen readers announce the help text with the field: the ids match _field.html's.
        for name in DESCRIBED_FIELDS:
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-help"
        self.fields["session_id"].widget.attrs["autofocus"] = True

    # -- groups for the template -------------------------------------------------------
    def time_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in TIME_FIELDS]

    def chemo_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"chemo_code_{i}"], self[f"chemo_units_{i}"]) for i in range(1, CHEMO_ROWS + 1)]

    def documentation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DOCUMENTATION_FIELDS]

    # -- validation --------------------------------------------------------------------
    def clean_session_id(self) -> str:
        value = str(self.cleaned_data["session_id"]).strip()
        if not value:
            raise forms.ValidationError("Enter a session ID.")
        return value

    def clean_diagnoses(self) -> list[str]:
        raw = str(self.cleaned_data.get("diagnoses") or "")
        codes = [c.upper() for c in _SPLIT.split(raw) if c]
        bad = [c for c in codes if not _ICD10.match(c)]
        if bad:
            raise forms.ValidationError(f"Not ICD-10-CM codes: {', '.join(bad)}")
        if len(set(codes)) != len(codes):
            raise forms.ValidationError("A diagnosis is listed twice.")
        return codes

    def clean_abn(self) -> bool | None:
        return _ABN_TO_MODEL.get(str(self.cleaned_data.get("abn") or ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chemo: list[dict[str, Any]] = []
        for i in range(1, CHEMO_ROWS + 1):
            code, units = data.get(f"chemo_code_{i}"), data.get(f"chemo_units_{i}")
            if code:
                chemo.append({"code": code, "units": int(units or 1)})
            elif units:
                self.add_error(f"chemo_code_{i}", f"Choose a code for the {units} unit(s) in row {i}.")
        data["chemo_admin"] = chemo
        if data.get("em_separately_identifiable") and not data.get("em_code"):
            self.add_error("em_code", "Choose the E/M code, or untick 'separately identifiable'.")
        return data

    # -- to and from the model ----------------------------------------------------------
    @staticmethod
    def carried_over(last: Session) -> dict[str, Any]:
        """What a new session of the course starts from: the last session's diagnoses, device,
        cap lot and payer (times, codes and the checklist are the new session's own)."""
        return {
            "diagnoses": ", ".join(last.diagnoses or []),
            "device_model": last.device_model,
            "device_serial": last.device_serial,
            "cap_lot": last.cap_lot,
            "coverage": last.coverage_id,
        }

    @staticmethod
    def initial_from(session: Session) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(session, name)
            for name in (
                "session_id",
                "cap_fitting",
                "device_model",
                "device_serial",
                "cap_lot",
                "em_code",
                "em_separately_identifiable",
                *TIME_FIELDS,
                *DOCUMENTATION_FIELDS,
            )
        }
        initial["coverage"] = session.coverage_id
        initial["diagnoses"] = ", ".join(session.diagnoses or [])
        initial["abn"] = _ABN_FROM_MODEL[session.abn_obtained]
        for i, item in enumerate((session.chemo_admin or [])[:CHEMO_ROWS], start=1):
            initial[f"chemo_code_{i}"] = item.get("code")
            initial[f"chemo_units_{i}"] = item.get("units") or 1
        return initial

    def apply_to(self, session: Session) -> Session:
        """Copy the cleaned data onto ``session`` (not saved)."""
        data = self.cleaned_data
        session.course = self.course
        session.facility_id = self.course.patient.facility_id
        session.session_id = data["session_id"]
        session.coverage = data.get("coverage")
        session.diagnoses = list(data.get("diagnoses") or [])
        session.chemo_admin = list(data.get("chemo_admin") or [])
        session.abn_obtained = data.get("abn")
        for name in (*TIME_FIELDS,):
            setattr(session, name, data.get(name))
        for name in ("cap_fitting", "em_separately_identifiable", *DOCUMENTATION_FIELDS):
            setattr(session, name, bool(data.get(name)))
        for name in ("device_model", "device_serial", "cap_lot", "em_code"):
            setattr(session, name, (data.get(name) or "").strip())
        return session
