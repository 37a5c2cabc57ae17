"""Row loops rendered by Jinja2 escape as Django does (coolclaim.web.jinja_rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template import Context, Template
from django.utils.safestring import mark_safe

from coolclaim.web.jinja_rows import environment


def _both(source: str, **context: object) -> tuple[str, str]:
    django = Template(source).render(Context(context))
    jinja = environment().from_string(source).render(context)
    return django, jinja


def test_text_is_escaped_exactly_as_django_escapes_it() -> None:
    text = 'O\'Brien <b>&"x"'
    django, jinja = _both("<td>{{ name }}</td>", name=text)
    assert jinja == django == "<td>O&#x27;Brien &lt;b&gt;&amp;&quot;x&quot;</td>"


def test_safe_strings_and_format_filters_pass_through() -> None:
    django, jinja = _both(
        "{{ html }} {{ day|us_date }} {{ amount|money }} {{ n }} day{{ n|pluralize }}",
        html=mark_safe("<em>ok</em>"),
        day=dt.date(2026, 3, 3),
        amount=1234.5,
        n=2,
    )
    assert jinja == django
    assert '<time class="when" datetime="2026-03-03">03/03/2026</time>' in jinja


def test_none_and_missing_values_render_as_django_renders_them() -> None:
    django, jinja = _both("[{{ nothing }}][{{ missing }}]", nothing=None)
    assert jinja == django == "[None][]"


def test_output_is_conditional_escape() -> None:
    from django.utils.functional import lazy
    from django.utils.html import conditional_escape
    from markupsafe import Markup

    from coolclaim.web.jinja_rows import output

    lazy_text = lazy(lambda: "<a href='x'>", str)()
    lazy_safe = lazy(lambda: mark_safe("<b>"), str)()
    values: list[Any] = [
        "a<b>&'\"",
        mark_safe("<i>"),
        Markup("<u>"),
        12,
        True,
        None,
        1.5,
        lazy_text,
        lazy_safe,
        ["<x>"],
    ]
    for value in values:
        assert output(value) == str(conditional_escape(value)), value


def test_display_is_get_field_display() -> None:
    from coolclaim.web.billing.choices import Severity
    from coolclaim.web.billing.models import Claim, ClaimEdit
    from coolclaim.web.jinja_rows import display

    for value in [*Severity.values, "not-a-choice", ""]:
        edit = ClaimEdit(severity=value)
        assert display(edit, "severity") == edit.get_severity_display()
    for status, _label in Claim._meta.get_field("status").flatchoices:
        claim = Claim(status=status)
        assert display(claim, "status") == claim.get_status_display()
