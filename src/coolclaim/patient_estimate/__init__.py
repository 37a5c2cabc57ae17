"""The patient's expected cost of a whole scalp-cooling course (pure: no I/O, no clock)."""

from coolclaim.patient_estimate.course_estimate import estimate_course
from coolclaim.patient_estimate.inputs import EstimateInputError, PlanBenefits, PlannedService
from coolclaim.patient_estimate.result import Assumption, CourseEstimate, EstimateLine

__all__ = [
    "Assumption",
    "CourseEstimate",
    "EstimateInputError",
    "EstimateLine",
    "PlanBenefits",
    "PlannedService",
    "estimate_course",
]
