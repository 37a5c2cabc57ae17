"""Pages of the billing app.

Every view starts from ``Model.objects.for_user(request.user)``, checks the action with
``coolclaim.web.accounts.permissions.require`` and records reads of patient data with
``coolclaim.web.audit.audit_read`` / ``audit_reads``.
"""
