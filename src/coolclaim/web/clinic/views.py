"""Pages of the clinic app.

Every view starts from ``Model.objects.for_user(request.user)``, checks the action with
``coolclaim.web.accounts.permissions.require`` and records reads of patient data with
``coolclaim.web.audit.audit_read`` / ``audit_reads``.
"""
