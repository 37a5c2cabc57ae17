"""Claim forms as PDF (ReportLab): CMS-1500 (02/12) for professional claims, UB-04 for institutional ones.

Our own drawings of the layouts for review and printing, boxes numbered as on the forms; not the
official red-ink forms for optical scanning.
"""

from coolclaim.claim_forms.cms1500 import render_cms1500
from coolclaim.claim_forms.ub04 import render_ub04

__all__ = ["render_cms1500", "render_ub04"]
