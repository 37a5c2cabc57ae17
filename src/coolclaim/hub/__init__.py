"""The hub's case core (pure): a case is its events; `replay` gives its state, outcome, next
events, deadlines and refused events as `../shared/contracts/hub-case.md` says."""

from coolclaim.hub.case import Case, CaseError, CaseResult, Deadline
from coolclaim.hub.reference import HubReference, hub_reference
from coolclaim.hub.replay import replay

__all__ = ["Case", "CaseError", "CaseResult", "Deadline", "HubReference", "hub_reference", "replay"]
