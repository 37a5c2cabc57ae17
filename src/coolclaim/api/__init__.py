"""The REST API (django-ninja), mounted at ``/api/v1/``: one router per resource over the same
services as the pages. See :mod:`coolclaim.api.main`."""
