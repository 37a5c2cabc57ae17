"""WSGI entry point: ``coolclaim.web.wsgi:application`` (Django behind
:class:`~coolclaim.web.proxy.TrustedProxies`, whatever the server)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from coolclaim.web.proxy import TrustedProxies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coolclaim.web.settings")

django_application = get_wsgi_application()
# Load the URL configuration (every view module, the API and its schemas) now, before the
# server listens: Django would do it on the first request, which then waits seconds (and so
# does every request arriving meanwhile) after each start or restart.
get_resolver().url_patterns  # noqa: B018 — loading it is the point
application = TrustedProxies(django_application, getattr(settings, "COOLCLAIM_TRUSTED_PROXIES", []))
