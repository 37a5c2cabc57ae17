"""Django settings of coolclaim.

Environment:

- ``DATABASE_URL``: ``sqlite:///path`` or ``postgresql://user@host:port/name``; without it,
  the embedded SQLite file described in :mod:`coolclaim.web.paths` (WAL mode).
- ``COOLCLAIM_HOME``: folder of the embedded database and the generated secret key.
- ``COOLCLAIM_SECRET_KEY``: the secret key; otherwise generated once and stored beside the
  SQLite file (never in the repository).
- ``COOLCLAIM_DEBUG=1``: Django debug mode (never in production).
- ``COOLCLAIM_ALLOWED_HOSTS``: comma-separated host names (default: loopback names).
- ``COOLCLAIM_HTTPS=1``: behind TLS: secure cookies, HSTS, redirect to https.
- ``COOLCLAIM_TRUSTED_PROXIES``: comma-separated addresses or networks (``10.0.0.5``,
  ``10.0.0.0/8``) of the reverse proxies whose ``X-Forwarded-Proto``/``X-Forwarded-For`` are
  believed (:mod:`coolclaim.web.proxy`); from any other client those headers are dropped.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from coolclaim.web import paths

WEB_DIR = Path(__file__).resolve().parent


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _statement_options(options: dict[str, Any]) -> dict[str, Any]:
    """``server_side_binding`` and ``prepare_threshold`` for psycopg, from DATABASE_URL's query
    (strings there) or the defaults: server-side binding, prepared on the 5th use."""
    threshold = str(options.get("prepare_threshold", "5")).strip().lower()
    binding = str(options.get("server_side_binding", "true")).strip().lower()
    return {
        "prepare_threshold": None if threshold in {"none", "off", ""} else int(threshold),
        "server_side_binding": binding in {"1", "true", "yes", "on"},
    }


# --- database ---------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or paths.default_database_url()
_sqlite_file = paths.sqlite_path(DATABASE_URL)
if _sqlite_file is not None:
    paths.private_database_file(_sqlite_file)  # 0600 in a 0700 folder: it holds PHI

_default_db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL))
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend whose statements retry a busy database with backoff.
    _default_db["ENGINE"] = "coolclaim.web.sqlite_backend"
    _default_db["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN (where a busy database is retried safely), never half-way through.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Each try waits this long for the lock (busy_timeout), then is retried with backoff.
        "timeout": 10,
    }
    # Tests: Django's in-memory test database, as for its own SQLite backend (named, because
    # pytest-django recognises that backend by its engine name only).
    _default_db["TEST"] = {"NAME": ":memory:"}
else:
    # PostgreSQL's JIT compiles a costly plan's expressions before running it: on the work queue
    # sorted by payer or amount (100,000 items) it added about 1.4 s to a 2-3 s query, and the
    # app's queries are short. Off for the app's connections unless the URL sets it.
    _options = _default_db.setdefault("OPTIONS", {})
    if "jit" not in _options.get("options", ""):
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # Prepared statements: a page's queries repeat with new values, and planning them cost more
    # of PostgreSQL's time than running them (the work queue's list: ~0.9 ms to plan, ~0.6 ms to
    # run). With server-side binding psycopg prepares a statement on its 5th use on a connection
    # (it keeps 100). Behind a pooler that cannot hold prepared statements (PgBouncer before
    # 1.21 in transaction mode) add ``?prepare_threshold=none`` to DATABASE_URL.
    _options.update(_statement_options(_options))
    _default_db["CONN_MAX_AGE"] = 60
    _default_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- core -------------------------------------------------------------------------------
SECRET_KEY = paths.secret_key(_sqlite_file.parent if _sqlite_file is not None else paths.data_home())
DEBUG = _flag("COOLCLAIM_DEBUG")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("COOLCLAIM_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "auditlog",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "coolclaim.web.accounts",
    "coolclaim.web.clinic",
    "coolclaim.web.billing",
    "coolclaim.web.hub",
    "coolclaim.web.imports",
    "coolclaim.web.queue",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coolclaim.web.middleware.SecurityHeadersMiddleware",
    "coolclaim.web.middleware.NoStoreSignedInMiddleware",
    "coolclaim.web.request_guard.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coolclaim.web.middleware.IdleSessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # django-axes must be the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coolclaim.web.urls"
WSGI_APPLICATION = "coolclaim.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coolclaim.web.imports.context.import_nav",
            ],
            # Dates, times and money: one format everywhere (MM/DD/YYYY, facility zone, $0.00).
            "builtins": ["coolclaim.web.accounts.templatetags.us_formats"],
        },
    },
]

# --- authentication ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "queue:index"  # the work queue is the home page after sign-in
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): 5 failures per username+address, and 5 per username from
# any addresses together (a username cannot be guessed 4 times from every address), then
# 15 minutes' lock.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Sessions: 30 minutes idle, gone when the browser closes.
# Django's database sessions, their row read by a plain statement (coolclaim.web.session_store)
SESSION_ENGINE = "coolclaim.web.session_store"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # IdleSessionRefreshMiddleware renews the expiry (at most once a minute)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- security headers -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Forwarding headers are believed from these proxies only; the WSGI application
# (coolclaim.web.proxy) turns them into the request's scheme and client address, on every
# server, so SECURE_PROXY_SSL_HEADER is not used.
COOLCLAIM_TRUSTED_PROXIES = [
    item.strip() for item in os.environ.get("COOLCLAIM_TRUSTED_PROXIES", "").split(",") if item.strip()
]
if _flag("COOLCLAIM_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# --- audit ------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- background work (Django Tasks API) -------------------------------------------------
# The database backend (django-tasks-db): the queue is a table of the same database, SQLite or
# PostgreSQL; `coolclaim worker` (or the worker `coolclaim serve` starts) runs the tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Confirming an import of more records than this on the import page runs it in the background.
COOLCLAIM_IMPORT_BACKGROUND_RECORDS = int(os.environ.get("COOLCLAIM_IMPORT_BACKGROUND_RECORDS") or 2000)
# Records per import chunk. On SQLite each chunk is one write transaction that every other
# writer (a page's audit rows, a save) waits for: small chunks keep that wait well under a
# second (bench/availability.py). PostgreSQL has no such wait: the pipeline's default.
if _sqlite_file is not None and "COOLCLAIM_IMPORT_CHUNK" not in os.environ:
    COOLCLAIM_IMPORT_CHUNK = 250
elif os.environ.get("COOLCLAIM_IMPORT_CHUNK"):
    COOLCLAIM_IMPORT_CHUNK = int(os.environ["COOLCLAIM_IMPORT_CHUNK"])

# --- i18n, time, static -----------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
# Served by WhiteNoise straight from the finders; set COOLCLAIM_STATIC_ROOT to collect.
STATIC_ROOT = os.environ.get("COOLCLAIM_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- logging: ids only, never patient data ---------------------------------------------
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query": {"()": "coolclaim.web.logfilters.StripQueryStrings"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["strip_query"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "coolclaim": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
