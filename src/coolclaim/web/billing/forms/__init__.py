"""Forms of the billing app."""

from coolclaim.web.billing.forms.fee import FacilityChoiceForm, FeeEntryForm, FeeImportForm
from coolclaim.web.billing.forms.partner import TradingPartnerForm
from coolclaim.web.billing.forms.review import ClaimNoteForm, HoldForm, OverrideForm, SendBackForm

__all__ = [
    "ClaimNoteForm",
    "FacilityChoiceForm",
    "FeeEntryForm",
    "FeeImportForm",
    "HoldForm",
    "OverrideForm",
    "SendBackForm",
    "TradingPartnerForm",
]
