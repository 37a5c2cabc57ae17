"""The coolclaim web application (Django 5.2): pages, API and the services behind them.

Apps by bounded context:

- ``coolclaim.web.accounts``: hub organisation, facilities, users, roles, memberships,
  API tokens, facility scoping (``scoping.py``) and the role/action table (``permissions.py``).
- ``coolclaim.web.clinic``: patients, coverages, courses and scalp-cooling sessions.
- ``coolclaim.web.billing``: claims, immutable claim versions, lines and edits, and the
  service that codes sessions through the coding core (``services/code_sessions.py``).
"""
