"""The WSGI application is ready to answer when its module is imported: the URL configuration
(every view and the API) is loaded before the server listens, not on the first request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_IMPORT_WSGI = """
import json, sys
import coolclaim.web.wsgi
from django.urls import get_resolver
print(json.dumps({
    "urlconf_module": "coolclaim.web.urls" in sys.modules,
    "api_module": "coolclaim.api.main" in sys.modules,
    "patterns_loaded": "url_patterns" in get_resolver().__dict__,
}))
"""


def test_importing_the_wsgi_module_loads_the_urls(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coolclaim.web.settings", "COOLCLAIM_HOME": str(tmp_path)}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run([sys.executable, "-c", _IMPORT_WSGI], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"urlconf_module": True, "api_module": True, "patterns_loaded": True}
