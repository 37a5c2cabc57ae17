from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Batches of imported sessions and the records they rejected, with their reasons."""

    name = "coolclaim.web.imports"
    label = "imports"
    verbose_name = "Imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coolclaim.web.audit import register_models
        from coolclaim.web.imports.models import ImportBatch, RejectedRecord

        register_models(ImportBatch, RejectedRecord)
