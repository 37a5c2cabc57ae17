"""Long row loops rendered by Jinja2, included in a Django template as one safe string.

Django's template engine spends some microseconds on each node; the work queue's 25 rows and
the patient page's session rows are most of those pages' nodes. Their loops live in ``.jinja``
files beside the Django templates (same directories) and are rendered by an environment whose
output escaping is Django's: what ``conditional_escape`` gives, on every ``{{ }}`` value, so text is
escaped exactly as Django escapes it (``'`` as ``&#x27;``) and safe strings (``us_date``'s
``<time>`` element) pass through. Only the display filters the loops use are defined.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Any, cast

import jinja2
from django.conf import settings
from django.db import models
from django.template.defaultfilters import pluralize
from django.template.utils import get_app_template_dirs
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from coolclaim.web.accounts.templatetags.us_formats import money, us_date, us_time


def output(value: Any) -> str:
    """A value as the loops output it: what Django's ``conditional_escape`` gives (safe text
    as it is, ``__html__`` called, anything else as text with ``& < > " '`` escaped, ``'`` as
    ``&#x27;``), without the lazy-argument wrappers Django's own goes through for each value."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


@functools.cache
def choice_labels(model: type[models.Model], field: str) -> dict[Any, Any]:
    """The labels of the choices of ``model``'s ``field`` by value (what ``get_<field>_display``
    shows), read once."""
    return dict(model._meta.get_field(field).flatchoices)  # type: ignore[union-attr]


def display(obj: models.Model, field: str) -> Any:
    """``obj.get_<field>_display()``: the label of the field's value (the value itself when it
    is not a choice), from the field's choices read once per model and field."""
    value = getattr(obj, field)
    return choice_labels(type(obj), field).get(value, value)


@functools.cache
def environment() -> jinja2.Environment:
    """The one environment (built on first use, after the apps are loaded)."""
    configured: list[str | Path] = list(cast("list[str | Path]", settings.TEMPLATES[0].get("DIRS") or []))
    dirs = [str(d) for d in (*configured, *get_app_template_dirs("templates"))]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(dirs),
        # escaping is ``finalize``'s: as Django's conditional_escape, on every value output
        autoescape=False,  # noqa: S701
        finalize=output,
        auto_reload=bool(settings.DEBUG),
        undefined=jinja2.Undefined,
    )
    env.globals["display"] = display
    env.filters.update({"us_date": us_date, "us_time": us_time, "money": money, "pluralize": pluralize})
    return env


def render_rows(template_name: str, **context: Any) -> SafeString:
    """``template_name`` (a ``.jinja`` file in a template directory) rendered with ``context``,
    as a safe string for a Django template (its values were escaped as they were output)."""
    return mark_safe(environment().get_template(template_name).render(context))  # noqa: S308
