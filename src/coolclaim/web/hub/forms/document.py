"""Documents on a case: pick a kind; review and edit the draft's editable sections."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.documents import Draft
from coolclaim.web.hub.choices import DOCUMENT_KINDS


class DocumentKindForm(forms.Form):
    kind = forms.ChoiceField(label="Document", choices=DOCUMENT_KINDS)


class DocumentSectionsForm(forms.Form):
    """One text area per editable section of the draft (a blank line starts a paragraph)."""

    def __init__(self, *args: Any, draft: Draft, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in draft.sections():
            if not section.editable:
                continue
            rows = min(14, max(3, len(section.text) // 90 + section.text.count("\n") + 2))
            self.fields[section.key] = forms.CharField(
                label=section.heading or section.key.replace("_", " ").capitalize(),
                initial=section.text,
                max_length=8000,
                strip=True,
                widget=forms.Textarea(attrs={"rows": rows}),
                help_text="A blank line starts a new paragraph.",
            )
