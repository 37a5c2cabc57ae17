from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Batches of imported sessions and the records they rejected, with their reasons."""

    name = "coolclaim.web.imports"
    label = "imports"
    verbose_name = "Imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coolclaim.web.audit import register_models
        from coolclaim.web.imports.models import ImportBatch, RejectedRecord

        # The uploaded file is kept but not copied into every audit entry of the batch.
        if not auditlog.contains(ImportBatch):
            auditlog.register(ImportBatch, exclude_fields=["content"])
        register_models(ImportBatch, RejectedRecord)
