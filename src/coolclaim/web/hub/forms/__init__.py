"""Forms of the hub app (one a file)."""

from coolclaim.web.hub.forms.appeal import AppealDecisionForm, AppealFilingForm
from coolclaim.web.hub.forms.benefits import BenefitsForm
from coolclaim.web.hub.forms.cap_kit import CapKitStepForm
from coolclaim.web.hub.forms.case_filter import CaseFilterForm
from coolclaim.web.hub.forms.document import DocumentKindForm, DocumentSectionsForm
from coolclaim.web.hub.forms.enrollment import EnrollmentForm
from coolclaim.web.hub.forms.event import EventForm
from coolclaim.web.hub.forms.outcomes import OutcomesForm
from coolclaim.web.hub.forms.pap import PapForm
from coolclaim.web.hub.forms.prior_authorization import PaDecisionForm, PaSubmissionForm
from coolclaim.web.hub.forms.reauthorization import ReauthorizationForm
from coolclaim.web.hub.forms.screening import ScreeningForm

__all__ = [
    "AppealDecisionForm",
    "AppealFilingForm",
    "BenefitsForm",
    "CapKitStepForm",
    "CaseFilterForm",
    "DocumentKindForm",
    "DocumentSectionsForm",
    "EnrollmentForm",
    "EventForm",
    "OutcomesForm",
    "PaDecisionForm",
    "PaSubmissionForm",
    "PapForm",
    "ReauthorizationForm",
    "ScreeningForm",
]
