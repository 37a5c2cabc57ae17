"""A document the hub generated for a case: who made it, when, the text as reviewed, the PDF.

The PDF is kept in the database (a few tens of kB) with its SHA-256, checked on every download.
What is stored is what was sent through the documents' PHI policy: the draft holds only the
facts the recipient may receive, and edits carrying withheld information were refused.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.choices import DOCUMENT_KINDS
from coolclaim.web.hub.models.case import Case


def _dict() -> dict[str, Any]:
    return {}


class GeneratedDocumentQuerySet(FacilityScopedQuerySet["GeneratedDocument"]):
    facility_path = "case__facility"


class GeneratedDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=40, choices=DOCUMENT_KINDS)
    title = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(help_text="The date printed on the document (the case's local date).")
    sections = models.JSONField(default=_dict, help_text="The editable sections' text as generated: key → text.")
    edited = models.JSONField(default=list, blank=True, help_text="Keys of the sections the user changed.")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"document {self.pk} of hub case {self.case_id}"

    @property
    def filename(self) -> str:
        """No patient name in a file name: the case, the kind and the document's number."""
        return f"hub-case-{self.case_id}-{self.kind.replace('_', '-')}-{self.pk}.pdf"
