"""The API object: ``/api/v1/`` with token authentication, JSON errors naming the field, and
OpenAPI served by the app (``/api/v1/openapi.json``, browsable at ``/api/v1/docs``).

This package is the shell (auth, errors, pagination, the stateless ``/code``); each Django app
of coolclaim serves its own resources from its ``api.py`` (a ninja ``router``), mounted here in
the order of ``INSTALLED_APPS`` — a new app with an ``api.py`` needs no change in this file."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from coolclaim.api import bounds, coding, errors, openapi_errors
from coolclaim.api.auth import TokenAuth

#: Swagger UI is served from the app's own static files; it sets a few inline styles.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)

DESCRIPTION = """\
The coolclaim API. Authenticate with `Authorization: Bearer <token>`; a token is made with
`coolclaim token create USERNAME` and revoked with `coolclaim token revoke`. Every object is
limited to the facilities of the token's user and every read of patient data is audited.
Errors are JSON: `{"errors": [{"field": ..., "message": ...}]}`.

`POST /code` codes sessions exactly per the coding contract, without storing anything.
"""


class LocalSwagger(Swagger):
    """Swagger UI from the app's static files, with a policy that lets it style itself."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


class CoolclaimAPI(NinjaAPI):
    """The API whose OpenAPI document lists each operation's error answers (401/403/404/413/422)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi_errors.add_error_answers(schema)


api = CoolclaimAPI(
    title="coolclaim API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def app_routers() -> list[Any]:
    """The ``router`` of every coolclaim app that has an ``api.py``, in ``INSTALLED_APPS`` order."""
    routers = []
    for config in apps.get_app_configs():
        if config.name.startswith("coolclaim.web.") and find_spec(f"{config.name}.api") is not None:
            routers.append(import_module(f"{config.name}.api").router)
    return routers


api.add_router("", coding.router)
for app_router in app_routers():
    api.add_router("", app_router)
bounds.bound_integers(api)
