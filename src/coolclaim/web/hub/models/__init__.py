"""Models of the hub app: all hold patient data, all are facility-scoped and audited."""

from coolclaim.web.hub.models.appeal import Appeal
from coolclaim.web.hub.models.authorization import PriorAuthorization
from coolclaim.web.hub.models.benefits import BenefitsInvestigation
from coolclaim.web.hub.models.cap_kit import CapKitReplacement
from coolclaim.web.hub.models.case import Case
from coolclaim.web.hub.models.document import GeneratedDocument
from coolclaim.web.hub.models.event import CaseEvent
from coolclaim.web.hub.models.pap import PapDecision
from coolclaim.web.hub.models.reauthorization import Reauthorization

__all__ = [
    "Appeal",
    "BenefitsInvestigation",
    "CapKitReplacement",
    "Case",
    "CaseEvent",
    "GeneratedDocument",
    "PapDecision",
    "PriorAuthorization",
    "Reauthorization",
]
