"""Forms of the claim review actions."""

from __future__ import annotations

from django import forms

from coolclaim.web.billing.models.note import NOTE_MAX_LENGTH


class HoldForm(forms.Form):
    note = forms.CharField(
        label="Why hold this claim",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept as a note on this claim, seen by billing colleagues.",
        error_messages={"required": "Enter a note explaining the hold."},
    )

    def clean_note(self) -> str:
        note = str(self.cleaned_data["note"]).strip()
        if not note:
            raise forms.ValidationError("Enter a note explaining the hold.")
        return note


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label="What the nurse should fix",
        max_length=NOTE_MAX_LENGTH - 40,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The claim is held and shows in the nurse's work queue with this reason.",
        error_messages={"required": "Say what the nurse should fix."},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError("Say what the nurse should fix.")
        return reason


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the override",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required: why this edit does not apply (recorded with your name and the time).",
        error_messages={"required": "A reason is required to override an edit."},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError("A reason is required to override an edit.")
        return reason


class ClaimNoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with your name and the time; a note cannot be changed later (add another instead).",
        error_messages={"required": "Enter the text of the note."},
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError("Enter the text of the note.")
        return text
