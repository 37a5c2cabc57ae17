from __future__ import annotations

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    """Patients, coverages, chemotherapy courses and scalp-cooling sessions."""

    name = "coolclaim.web.clinic"
    label = "clinic"
    verbose_name = "Clinic"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coolclaim.web.audit import register_models
        from coolclaim.web.clinic.models import Course, Coverage, Patient, Session

        register_models(Patient, Coverage, Course, Session)
