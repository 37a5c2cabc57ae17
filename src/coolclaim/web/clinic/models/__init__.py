"""Models of the clinic app: all hold patient data, all are facility-scoped and audited."""

from coolclaim.web.clinic.models.course import Course
from coolclaim.web.clinic.models.coverage import Coverage
from coolclaim.web.clinic.models.patient import Patient
from coolclaim.web.clinic.models.session import Session

__all__ = ["Course", "Coverage", "Patient", "Session"]
