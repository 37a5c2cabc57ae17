"""Query strings (a patient's name typed in a search) never reach a log line; HTTPS settings."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from typing import Any

from django.conf import settings

from coolclaim.web.logfilters import StripQueryStrings


def _record(msg: object, args: Any) -> logging.LogRecord:
    return logging.LogRecord("django.request", logging.WARNING, __file__, 1, msg, args, None)


def test_query_string_is_cut_from_the_message() -> None:
    record = _record('"GET /clinic/patients/?q=Jane+Doe&page=2 HTTP/1.1" 200 512', None)
    assert StripQueryStrings().filter(record) is True
    assert record.getMessage() == '"GET /clinic/patients/?[query removed] HTTP/1.1" 200 512'


def test_query_string_is_cut_from_positional_arguments() -> None:
    record = _record("Not Found: %s (%s) %d", ("/clinic/patients/?q=Doe", "no query here", 404))
    StripQueryStrings().filter(record)
    assert record.args == ("/clinic/patients/?[query removed]", "no query here", 404)
    assert record.getMessage() == "Not Found: /clinic/patients/?[query removed] (no query here) 404"


def test_query_string_is_cut_from_mapping_arguments() -> None:
    record = _record("%(path)s by %(user)s", ({"path": "/s/?name=Doe", "user": 7},))
    StripQueryStrings().filter(record)
    assert record.args == {"path": "/s/?[query removed]", "user": 7}
    assert record.getMessage() == "/s/?[query removed] by 7"


def test_query_ends_at_whitespace_or_a_quote() -> None:
    record = _record("a /x/?q=Doe b '/y/?q=Roe' \"/z/?q=Poe\"", None)
    StripQueryStrings().filter(record)
    assert record.msg == "a /x/?[query removed] b '/y/?[query removed]' \"/z/?[query removed]\""


def test_message_without_query_and_non_text_are_untouched() -> None:
    record = _record(404, None)
    StripQueryStrings().filter(record)
    assert record.msg == 404
    plain = _record("claim 12 submitted", ())
    StripQueryStrings().filter(plain)
    assert (plain.msg, plain.args) == ("claim 12 submitted", ())


def test_every_log_handler_applies_the_filter() -> None:
    config = settings.LOGGING
    assert config["filters"]["strip_query"] == {"()": "coolclaim.web.logfilters.StripQueryStrings"}
    assert {name: handler["filters"] for name, handler in config["handlers"].items()} == {"console": ["strip_query"]}
    handlers = {name: logger["handlers"] for name, logger in config["loggers"].items()}
    assert handlers == {"coolclaim": ["console"], "django.request": ["console"], "django.server": ["console"]}
    assert config["root"]["handlers"] == ["console"]


def test_the_configured_console_handler_strips_queries() -> None:
    handler = next(h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler))
    record = _record("Not Found: %s", ("/clinic/patients/?q=Jane+Doe",))
    assert handler.filter(record)  # the handler's own filters, as configured
    assert record.getMessage() == "Not Found: /clinic/patients/?[query removed]"


_READ_SETTINGS = """
import json
from django.conf import settings
names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def _https_settings(value: str | None, tmp_path: Any) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "COOLCLAIM_HTTPS"}
    env.update(DJANGO_SETTINGS_MODULE="coolclaim.web.settings", COOLCLAIM_HOME=str(tmp_path))
    if value is not None:
        env["COOLCLAIM_HTTPS"] = value
    done = subprocess.run([sys.executable, "-c", _READ_SETTINGS], env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_https_turns_on_secure_cookies_redirect_and_hsts(tmp_path: Any) -> None:
    assert _https_settings("1", tmp_path) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        # the forwarding headers are read by coolclaim.web.proxy from trusted proxies only
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_without_https_the_plain_http_defaults_stay(tmp_path: Any) -> None:
    assert _https_settings(None, tmp_path) == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }
