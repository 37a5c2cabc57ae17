"""URLs of the billing app (pages are added by later work; see views.py)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "billing"

urlpatterns: list[URLPattern] = []
