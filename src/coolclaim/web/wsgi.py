"""WSGI entry point: ``coolclaim.web.wsgi:application`` (Django behind
:class:`~coolclaim.web.proxy.TrustedProxies`, whatever the server)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from coolclaim.web.proxy import TrustedProxies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coolclaim.web.settings")

django_application = get_wsgi_application()
application = TrustedProxies(django_application, getattr(settings, "COOLCLAIM_TRUSTED_PROXIES", []))
